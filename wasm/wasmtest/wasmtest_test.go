package wasmtest_test

import (
	"bytes"
	"context"
	"net/http"
	"testing"

	"github.com/gatewaykit/gatewaykit/wasm/wasmtest"
	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/validate"
)

func TestModule(t *testing.T) {
	for _, size := range []int{0, wasmtest.MinModuleSize, 100, 127, 128, 129, 16383, 16384, 1 << 20} {
		m := wasmtest.Module("seed", size)
		if want := max(size, wasmtest.MinModuleSize); len(m) != want {
			t.Errorf("Module(size %d) has %d bytes; want %d", size, len(m), want)
		}
		if !bytes.HasPrefix(m, []byte("\x00asm\x01\x00\x00\x00")) {
			t.Errorf("Module(size %d) lacks the Wasm header", size)
		}
	}
	if bytes.Equal(wasmtest.Module("a", 100), wasmtest.Module("b", 100)) {
		t.Error("different seeds, same bytes")
	}
	if !bytes.Equal(wasmtest.Module("a", 100), wasmtest.Module("a", 100)) {
		t.Error("same seed, different bytes")
	}
}

func TestImagesAreValid(t *testing.T) {
	for _, layout := range wasmtest.Layouts() {
		if layout == wasmtest.LayoutDockerTar || layout == wasmtest.LayoutOCITar {
			continue // go-containerregistry's validator expects gzip layers
		}
		img, err := wasmtest.Image(wasmtest.Module("v", 1000), layout)
		if err != nil {
			t.Fatal(err)
		}
		if err := validate.Image(img); err != nil {
			t.Errorf("%s: %v", layout, err)
		}
	}
}

func TestRegistryAuth(t *testing.T) {
	reg, err := wasmtest.NewRegistry(wasmtest.WithBasicAuth("alice", "pw"), wasmtest.WithBasicAuth("bob", "pw2"))
	if err != nil {
		t.Fatal(err)
	}
	defer reg.Close()
	p, err := reg.Push("private/x:v1", wasmtest.Module("x", 100), wasmtest.LayoutOCI)
	if err != nil {
		t.Fatal(err)
	}
	ref, _ := name.ParseReference(p.Ref)
	head := func(auth authn.Authenticator) int {
		_, err := remote.Head(ref, remote.WithAuth(auth), remote.WithContext(context.Background()))
		if err == nil {
			return http.StatusOK
		}
		return statusOf(err)
	}
	alice := &authn.Basic{Username: "alice", Password: "pw"}
	bob := &authn.Basic{Username: "bob", Password: "pw2"}
	if got := head(authn.Anonymous); got != http.StatusUnauthorized {
		t.Errorf("anonymous: %d; want 401", got)
	}
	if got := head(alice); got != http.StatusOK {
		t.Errorf("alice: %d; want 200", got)
	}
	reg.Restrict("private/x", "alice")
	if got := head(bob); got != http.StatusForbidden {
		t.Errorf("bob, restricted: %d; want 403", got)
	}
	reg.Public("private/x")
	if got := head(authn.Anonymous); got != http.StatusOK {
		t.Errorf("anonymous, public: %d; want 200", got)
	}
	if n := reg.Heads("private/x"); n != 2 {
		t.Errorf("Heads = %d; want 2 successful", n)
	}
}
