package yamljson_test

import (
	"fmt"

	"github.com/gatewaykit/gatewaykit/internal/yamljson"
)

func ExampleConvert() {
	doc := []byte(`apiVersion: v1
kind: Service
metadata:
  name: svc-0   # trailing comments are dropped
spec:
  ports:
  - name: http
    port: 8080
    appProtocol: "http"
`)
	out, ok := yamljson.Convert(doc)
	fmt.Println(ok)
	fmt.Println(string(out))

	// An anchor is outside the fast path: the caller falls back to
	// sigs.k8s.io/yaml.YAMLToJSON.
	_, ok = yamljson.Convert([]byte("a: &x 1\nb: *x\n"))
	fmt.Println(ok)
	// Output:
	// true
	// {"apiVersion":"v1","kind":"Service","metadata":{"name":"svc-0"},"spec":{"ports":[{"appProtocol":"http","name":"http","port":8080}]}}
	// false
}

func ExampleConverter_Append() {
	docs := [][]byte{
		[]byte("kind: Gateway\nmetadata:\n  name: eg\n"),
		[]byte("kind: HTTPRoute\nspec:\n  hostnames: [a.example.com]\n"),
	}
	var c yamljson.Converter // reuses its scratch memory between documents
	var buf []byte
	for _, doc := range docs {
		var ok bool
		buf, ok = c.Append(buf[:0], doc)
		if !ok {
			// Fall back to sigs.k8s.io/yaml.YAMLToJSON(doc).
			continue
		}
		fmt.Println(string(buf))
	}
	// Output:
	// {"kind":"Gateway","metadata":{"name":"eg"}}
	// {"kind":"HTTPRoute","spec":{"hostnames":["a.example.com"]}}
}
