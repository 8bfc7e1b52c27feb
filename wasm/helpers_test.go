package wasm_test

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/gatewaykit/gatewaykit/wasm"
	"github.com/gatewaykit/gatewaykit/wasm/wasmtest"
)

// newRegistry starts an in-memory registry for the test.
func newRegistry(t *testing.T, opts ...wasmtest.Option) *wasmtest.Registry {
	t.Helper()
	r, err := wasmtest.NewRegistry(opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.Close)
	return r
}

func newFileServer(t *testing.T, opts ...wasmtest.Option) *wasmtest.FileServer {
	t.Helper()
	s, err := wasmtest.NewFileServer(opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

func push(t *testing.T, r *wasmtest.Registry, repoTag string, module []byte, layout wasmtest.Layout) wasmtest.Pushed {
	t.Helper()
	p, err := r.Push(repoTag, module, layout)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// fast are the fetch options every test against a plain HTTP loopback
// registry needs: plain HTTP allowed, retries without long waits.
func fast() []wasm.FetchOption {
	return []wasm.FetchOption{wasm.WithInsecure(), wasm.WithRetry(2, time.Millisecond)}
}

func fetch(ctx context.Context, src string, opts ...wasm.FetchOption) (*wasm.Module, error) {
	return wasm.Fetch(ctx, src, append(fast(), opts...)...)
}

func newCache(t *testing.T, opts ...wasm.Option) *wasm.Cache {
	t.Helper()
	c, err := wasm.New(append([]wasm.Option{wasm.WithFetchOptions(fast()...)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// dockerConfig builds a .dockerconfigjson for one registry.
func dockerConfig(host, user, password string) []byte {
	auth := base64.StdEncoding.EncodeToString([]byte(user + ":" + password))
	return fmt.Appendf(nil, `{"auths":{%q:{"auth":%q}}}`, host, auth)
}

// wantErr fails unless err matches target.
func wantErr(t *testing.T, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("error = %v; want one matching %q", err, target)
	}
}

// clock is a settable clock for TTL tests.
type clock struct{ now time.Time }

func (c *clock) Now() time.Time          { return c.now }
func (c *clock) Advance(d time.Duration) { c.now = c.now.Add(d) }
