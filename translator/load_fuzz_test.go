package translator_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/gatewaykit/gatewaykit/translator"
)

// FuzzLoad feeds arbitrary bytes to the loader: it must never panic, every
// error must be a *LoadError naming a document and a line, and loading the
// same input twice must give the same result.
func FuzzLoad(f *testing.F) {
	f.Add([]byte(multiDoc))
	f.Add([]byte("httpRoutes:\n- metadata:\n    name: a\n  spec:\n    hostnames: x\n"))
	f.Add([]byte("apiVersion: v1\nkind: List\nitems:\n- kind: Service\n  apiVersion: v1\n"))
	f.Add([]byte("--- \n---\nkind: [\n"))
	f.Add([]byte("apiVersion: gateway.envoyproxy.io/v1alpha1\nkind: EnvoyPatchPolicy\nspec:\n  jsonPatches:\n  - operation:\n      value: {a: 1}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		res1, err1 := translator.Load(data)
		res2, err2 := translator.Load(data)
		if res1 == nil {
			t.Fatal("Load returned no Resources")
		}
		for _, err := range unwrapJoined(err1) {
			var le *translator.LoadError
			if !errors.As(err, &le) {
				t.Fatalf("error %T (%v) is not a *LoadError", err, err)
			}
			if le.Doc < 1 || le.Line < 1 {
				t.Fatalf("error without position: %+v", le)
			}
		}
		if errString(err1) != errString(err2) {
			t.Fatalf("errors differ between runs:\n%v\n%v", err1, err2)
		}
		j1, _ := json.Marshal(res1)
		j2, _ := json.Marshal(res2)
		if string(j1) != string(j2) {
			t.Fatal("results differ between runs")
		}
	})
}

func unwrapJoined(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
