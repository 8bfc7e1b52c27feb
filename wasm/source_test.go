package wasm_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/gatewaykit/gatewaykit/wasm"
)

func TestNormalize(t *testing.T) {
	digest := "sha256:" + strings.Repeat("ab", 32)
	for in, want := range map[string]string{
		"docker.io/envoyproxy/filter":             "oci://docker.io/envoyproxy/filter:latest",
		"oci://docker.io/envoyproxy/filter":       "oci://docker.io/envoyproxy/filter:latest",
		"ghcr.io/org/filter:v1.2.3":               "oci://ghcr.io/org/filter:v1.2.3",
		"localhost:5000/filter":                   "oci://localhost:5000/filter:latest",
		"localhost:5000/filter:v1":                "oci://localhost:5000/filter:v1",
		"registry.example/filter@" + digest:       "oci://registry.example/filter@" + digest,
		"oci://registry.example/filter@" + digest: "oci://registry.example/filter@" + digest,
		"OCI://ghcr.io/org/filter":                "oci://ghcr.io/org/filter:latest",
		"filter":                                  "oci://filter:latest",
		"https://example.com/filters/a.wasm":      "https://example.com/filters/a.wasm",
		"http://127.0.0.1:8080/a.wasm?x=1":        "http://127.0.0.1:8080/a.wasm?x=1",
	} {
		got, err := wasm.Normalize(in)
		if err != nil || got != want {
			t.Errorf("Normalize(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "ftp://x/y", "Upper/Case", "x::y", "https:///nohost", "file:///etc/passwd", "https://u:p@host/x#f"} {
		_, err := wasm.Normalize(in)
		if !errors.Is(err, wasm.ErrInvalidSource) {
			t.Errorf("Normalize(%q): %v; want ErrInvalidSource", in, err)
		}
		if strings.Contains(in, "u:p@") && strings.Contains(err.Error(), "u:p") {
			t.Errorf("error %q leaks URL credentials", err)
		}
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{
		"docker.io/envoyproxy/filter", "oci://ghcr.io/a/b:v1", "localhost:5000/x",
		"r.example/x@sha256:" + strings.Repeat("0", 64), "https://a.example/x.wasm",
		"http://u:p@h/x", "oci://", "a:b:c", "OCI://x/Y", "x/y:tag@sha256:" + strings.Repeat("f", 64),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out, err := wasm.Normalize(in)
		if err != nil {
			if !errors.Is(err, wasm.ErrInvalidSource) {
				t.Fatalf("Normalize(%q): error %v does not match ErrInvalidSource", in, err)
			}
			return
		}
		again, err := wasm.Normalize(out)
		if err != nil || again != out {
			t.Fatalf("Normalize not idempotent: %q -> %q -> %q, %v", in, out, again, err)
		}
		lower := strings.ToLower(out)
		if !strings.HasPrefix(out, "oci://") && !strings.HasPrefix(lower, "http://") && !strings.HasPrefix(lower, "https://") {
			t.Fatalf("Normalize(%q) = %q: no scheme", in, out)
		}
	})
}
