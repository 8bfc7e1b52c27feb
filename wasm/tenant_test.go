package wasm_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"testing"
	"time"

	"github.com/gatewaykit/gatewaykit/wasm"
	"github.com/gatewaykit/gatewaykit/wasm/wasmtest"
)

func TestCacheTenantIsolation(t *testing.T) {
	r := newRegistry(t,
		wasmtest.WithBasicAuth("alice", "alice-pw"),
		wasmtest.WithBasicAuth("bob", "bob-pw"),
		wasmtest.WithBasicAuth("carol", "carol-pw"))
	r.Restrict("team-a/filter", "alice", "carol")
	ctx := context.Background()
	p := push(t, r, "team-a/filter:v1", wasmtest.Module("private", 500), wasmtest.LayoutOCI)
	c := newCache(t)
	secret := func(user string) wasm.FetchOption {
		return wasm.WithPullSecret(dockerConfig(r.Host(), user, user+"-pw"))
	}

	if _, err := c.Fetch(ctx, p.Ref, secret("alice")); err != nil {
		t.Fatal(err)
	}
	if n := r.Pulls(p.Repo); n != 1 {
		t.Fatalf("%d pulls; want 1", n)
	}

	// Bob has credentials, but not for this repository; an anonymous
	// caller has none; a caller whose secret is for another registry is
	// anonymous here. None of them gets the cached module.
	_, err := c.Fetch(ctx, p.Ref, secret("bob"))
	wantErr(t, err, wasm.ErrUnauthorized)
	_, err = c.Fetch(ctx, p.Ref)
	wantErr(t, err, wasm.ErrUnauthorized)
	_, err = c.Fetch(ctx, p.Ref, wasm.WithPullSecret(dockerConfig("other.example", "alice", "alice-pw")))
	wantErr(t, err, wasm.ErrUnauthorized)
	// Not by digest either.
	_, err = c.Fetch(ctx, p.DigestRef, secret("bob"))
	wantErr(t, err, wasm.ErrUnauthorized)

	// Carol may read it: the registry confirms with a HEAD, no pull.
	heads := r.Heads(p.Repo)
	if _, err := c.Fetch(ctx, p.Ref, secret("carol")); err != nil {
		t.Fatal(err)
	}
	if r.Heads(p.Repo) != heads+1 {
		t.Errorf("carol's access was not checked with a HEAD")
	}
	// Confirmed access is remembered for the TTL.
	if _, err := c.Fetch(ctx, p.Ref, secret("carol")); err != nil {
		t.Fatal(err)
	}
	if r.Heads(p.Repo) != heads+1 {
		t.Errorf("carol's access was checked twice within the TTL")
	}
	// Alice's own credentials, spelled differently, are the same identity.
	other := fmt.Appendf(nil, `{"auths":{"https://%s/v1/":{"username":"alice","password":"alice-pw"}}}`, r.Host())
	if _, err := c.Fetch(ctx, p.Ref, wasm.WithPullSecret(other)); err != nil {
		t.Fatal(err)
	}
	if r.Heads(p.Repo) != heads+1 {
		t.Errorf("alice was checked again for credentials spelled differently")
	}
	if n := r.Pulls(p.Repo); n != 1 {
		t.Errorf("%d pulls; want 1", n)
	}
}

func TestCacheTenantRevocation(t *testing.T) {
	r := newRegistry(t, wasmtest.WithBasicAuth("alice", "alice-pw"), wasmtest.WithBasicAuth("carol", "carol-pw"))
	r.Restrict("team/filter", "alice", "carol")
	ctx := context.Background()
	p := push(t, r, "team/filter:v1", wasmtest.Module("revoked", 500), wasmtest.LayoutOCI)
	clk := &clock{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	c := newCache(t, wasm.WithClock(clk.Now), wasm.WithTTL(time.Minute))
	carol := wasm.WithPullSecret(dockerConfig(r.Host(), "carol", "carol-pw"))
	for _, user := range []string{"alice", "carol"} {
		if _, err := c.Fetch(ctx, p.DigestRef, wasm.WithPullSecret(dockerConfig(r.Host(), user, user+"-pw"))); err != nil {
			t.Fatal(err)
		}
	}
	r.Restrict("team/filter", "alice") // carol loses access
	if _, err := c.Fetch(ctx, p.DigestRef, carol); err != nil {
		t.Fatalf("within the TTL, the confirmed access stands: %v", err)
	}
	clk.Advance(time.Minute)
	_, err := c.Fetch(ctx, p.DigestRef, carol)
	wantErr(t, err, wasm.ErrUnauthorized)
}

func TestCachePublicModule(t *testing.T) {
	r := newRegistry(t, wasmtest.WithBasicAuth("alice", "alice-pw"))
	r.Public("public/filter")
	ctx := context.Background()
	p := push(t, r, "public/filter:v1", wasmtest.Module("public", 500), wasmtest.LayoutOCI)
	c := newCache(t)

	// Fetched anonymously: public, so anyone may have it without a check.
	if _, err := c.Fetch(ctx, p.Ref); err != nil {
		t.Fatal(err)
	}
	auth := base64.StdEncoding.EncodeToString([]byte("alice:alice-pw"))
	if _, err := c.Fetch(ctx, p.Ref, wasm.WithPullSecret(fmt.Appendf(nil, `{"auths":{%q:{"auth":%q}}}`, r.Host(), auth))); err != nil {
		t.Fatal(err)
	}
	if n, h := r.Pulls(p.Repo), r.Heads(p.Repo); n != 1 || h != 0 {
		t.Errorf("%d pulls, %d HEADs; want 1 pull, no HEAD", n, h)
	}
}
