package wasm

import (
	"context"
	"net/url"
	"strings"
)

// Resolver turns the download URL of a Wasm module into the URL Envoy
// should fetch it from and the sha256 Envoy should check it against. It is
// how a translator gets Wasm modules without doing I/O itself: the caller
// injects the real one (CacheResolver) or a stub (ResolverFunc).
//
// The method uses only built-in types on purpose: a package that must not
// import wasm (the translator) can declare the same one-method interface,
// and *CacheResolver and ResolverFunc satisfy it without an adapter.
//
// downloadURL is the normalised source (see Normalize). sha256, when not
// empty, is the checksum the policy requires; a module with another fails
// with a *ChecksumError. pullSecret is docker config JSON for OCI sources,
// or nil.
type Resolver interface {
	Resolve(ctx context.Context, downloadURL, sha256 string, pullSecret []byte) (servingURL, checksum string, err error)
}

// ResolverFunc adapts a function to Resolver.
type ResolverFunc func(ctx context.Context, downloadURL, sha256 string, pullSecret []byte) (servingURL, checksum string, err error)

// Resolve calls f.
func (f ResolverFunc) Resolve(ctx context.Context, downloadURL, sha256 string, pullSecret []byte) (string, string, error) {
	return f(ctx, downloadURL, sha256, pullSecret)
}

// CacheResolver is the Resolver backed by a Cache: it fetches the module
// through the cache and answers <base>/<sha256>.wasm and the module's
// sha256, where <base> is the URL at which Handler(cache) is reachable
// from Envoy. It is safe for concurrent use.
type CacheResolver struct {
	cache *Cache
	base  string
}

// NewResolver returns a CacheResolver serving from base, an absolute
// http(s) URL without query or fragment, such as
// "https://envoy-gateway.envoy-gateway-system.svc.cluster.local:18002".
func NewResolver(c *Cache, base string) (*CacheResolver, error) {
	if c == nil {
		return nil, optionError("NewResolver: nil cache")
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return nil, optionError("NewResolver: base %q is not an http(s) URL without credentials, query or fragment", truncate(base, 256))
	}
	return &CacheResolver{cache: c, base: strings.TrimSuffix(base, "/")}, nil
}

// Resolve fetches downloadURL through the cache (verifying sha256 when
// given, pulling with pullSecret when given) and returns where Handler
// serves it and its sha256.
func (r *CacheResolver) Resolve(ctx context.Context, downloadURL, sha256 string, pullSecret []byte) (string, string, error) {
	var opts []FetchOption
	if sha256 != "" {
		opts = append(opts, WithSHA256(sha256))
	}
	if pullSecret != nil {
		opts = append(opts, WithPullSecret(pullSecret))
	}
	m, err := r.cache.Fetch(ctx, downloadURL, opts...)
	if err != nil {
		return "", "", err
	}
	return r.base + "/" + m.SHA256 + ".wasm", m.SHA256, nil
}

var (
	_ Resolver = (*CacheResolver)(nil)
	_ Resolver = ResolverFunc(nil)
	_ Store    = (*Cache)(nil)
)
