package wasm_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gatewaykit/gatewaykit/wasm"
	"github.com/gatewaykit/gatewaykit/wasm/wasmtest"
)

func TestResolver(t *testing.T) {
	r := newRegistry(t, wasmtest.WithBasicAuth("alice", "alice-pw"))
	ctx := context.Background()
	module := wasmtest.Module("resolve", 2000)
	p := push(t, r, "filters/auth:v3", module, wasmtest.LayoutArtifact)
	c := newCache(t)
	srv := httptest.NewServer(wasm.Handler(c))
	defer srv.Close()
	res, err := wasm.NewResolver(c, srv.URL+"/")
	if err != nil {
		t.Fatal(err)
	}
	secret := dockerConfig(r.Host(), "alice", "alice-pw")

	servingURL, checksum, err := res.Resolve(ctx, "oci://"+p.Ref, "", secret)
	if err != nil {
		t.Fatal(err)
	}
	if want := srv.URL + "/" + sum(module) + ".wasm"; servingURL != want || checksum != sum(module) {
		t.Fatalf("Resolve = %s, %s; want %s, %s", servingURL, checksum, want, sum(module))
	}
	// Envoy fetches what the resolver promised.
	resp, err := srv.Client().Get(servingURL)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !bytes.Equal(got, module) {
		t.Fatalf("serving URL returned %d bytes, not the module", len(got))
	}

	if _, _, err := res.Resolve(ctx, "oci://"+p.Ref, sum(module), secret); err != nil {
		t.Errorf("with the right sha256: %v", err)
	}
	wrong := sum([]byte("policy typo"))
	_, _, err = res.Resolve(ctx, "oci://"+p.Ref, wrong, secret)
	wantErr(t, err, wasm.ErrChecksumMismatch)
	if !strings.Contains(err.Error(), wrong) || !strings.Contains(err.Error(), sum(module)) {
		t.Errorf("error %q does not name both sums", err)
	}
	_, _, err = res.Resolve(ctx, "oci://"+p.Ref, "", nil)
	wantErr(t, err, wasm.ErrUnauthorized)
}

// TestResolverFunc shows the stub a translator test injects: the one the
// conformance corpus describes, with no I/O.
func TestResolverFunc(t *testing.T) {
	var res wasm.Resolver = wasm.ResolverFunc(func(ctx context.Context, u, sha string, _ []byte) (string, string, error) {
		h := sum([]byte(u))
		checksum := sum([]byte("salt" + h))
		if sha != "" && sha != checksum {
			return "", "", errors.New("module downloaded from " + u + " has checksum " + checksum + ", which does not match: " + sha)
		}
		return "https://envoy-gateway.envoy-gateway-system.svc.cluster.local:18002/" + h + ".wasm", checksum, nil
	})
	u, err := wasm.Normalize("docker.io/envoyproxy/filter")
	if err != nil {
		t.Fatal(err)
	}
	if u != "oci://docker.io/envoyproxy/filter:latest" {
		t.Fatalf("Normalize = %s", u)
	}
	servingURL, checksum, err := res.Resolve(context.Background(), u, "", nil)
	if err != nil || !strings.HasSuffix(servingURL, "/"+sum([]byte(u))+".wasm") || checksum != sum([]byte("salt"+sum([]byte(u)))) {
		t.Fatalf("Resolve = %s, %s, %v", servingURL, checksum, err)
	}
	if _, _, err := res.Resolve(context.Background(), u, sum(nil), nil); err == nil {
		t.Fatal("mismatching sha256 accepted")
	}
}

func TestNewResolverMisuse(t *testing.T) {
	c := newCache(t)
	for _, base := range []string{"", "envoy-gateway:18002", "ftp://x", "https://user:pw@x", "https://x/?q=1", "https://x/#f", "https://"} {
		if _, err := wasm.NewResolver(c, base); !errors.Is(err, wasm.ErrInvalidOption) {
			t.Errorf("NewResolver(%q): %v; want ErrInvalidOption", base, err)
		}
	}
	if _, err := wasm.NewResolver(nil, "https://x"); !errors.Is(err, wasm.ErrInvalidOption) {
		t.Errorf("NewResolver(nil): %v", err)
	}
}
