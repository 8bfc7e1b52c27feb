package yamljson

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
)

// FuzzConvert checks the contract on arbitrary input: Convert never
// panics, and whenever it reports ok, YAMLToJSON succeeds with the same
// bytes. A reused Converter gives the same answer as a fresh one.
func FuzzConvert(f *testing.F) {
	for _, tc := range handled {
		f.Add([]byte(tc.in))
	}
	for _, in := range rejected {
		f.Add([]byte(in))
	}
	r := rand.New(rand.NewPCG(3, 4))
	for range 200 {
		var b strings.Builder
		genDoc(r, &b)
		f.Add([]byte(b.String()))
	}
	f.Add([]byte("apiVersion: v1\nkind: Service\nmetadata:\n  name: svc\n  labels:\n    app: x\nspec:\n  ports:\n  - name: http\n    port: 8080\n    targetPort: 8080\n"))
	var c Converter
	f.Fuzz(func(t *testing.T, doc []byte) {
		got, ok := Convert(doc)
		again, ok2 := c.Append(nil, doc)
		if ok != ok2 || !bytes.Equal(got, again) {
			t.Fatalf("reused Converter disagrees: %q %v vs %q %v", got, ok, again, ok2)
		}
		if !ok {
			return
		}
		want, err := yaml.YAMLToJSON(doc)
		if err != nil {
			t.Fatalf("Convert(%q) = %s, ok; YAMLToJSON fails: %v", doc, got, err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("Convert(%q)\n got %s\nwant %s", doc, got, want)
		}
	})
}
