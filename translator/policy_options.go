package translator

import (
	"context"
	"time"
)

// WasmResolver turns the download URL of a Wasm module into the URL Envoy
// fetches it from and the module's sha256 checksum. Translation does no
// I/O: fetching and caching are the resolver's business. The method set is
// that of wasm.Resolver, so a resolver from package wasm can be passed
// directly.
type WasmResolver interface {
	Resolve(ctx context.Context, downloadURL, sha256 string, pullSecret []byte) (servingURL, checksum string, err error)
}

// WithWasmResolver sets the resolver for EnvoyExtensionPolicy Wasm modules
// given by HTTP URL or OCI image.
func WithWasmResolver(r WasmResolver) Option { return func(c *config) { c.wasmResolver = r } }

// OIDCProviderMetadata is the part of an OpenID provider's discovery
// document that translation uses.
type OIDCProviderMetadata struct {
	AuthorizationEndpoint string
	TokenEndpoint         string
	EndSessionEndpoint    string
}

// OIDCDiscovery answers an OpenID provider's discovery document for an
// issuer URL, so that translation itself does no I/O.
type OIDCDiscovery interface {
	Discover(ctx context.Context, issuer string) (*OIDCProviderMetadata, error)
}

// WithOIDCDiscovery sets how SecurityPolicy OIDC providers that name
// neither an authorization nor a token endpoint are discovered.
func WithOIDCDiscovery(d OIDCDiscovery) Option { return func(c *config) { c.oidcDiscovery = d } }

// WithLuaDisabled turns EnvoyExtensionPolicy Lua extensions off: policies
// that use them are not accepted.
func WithLuaDisabled(on bool) Option { return func(c *config) { c.luaDisabled = on } }

// WithClock sets the time against which certificate and CRL expiry is
// checked (time.Now when not set). Tests and golden files pin it.
func WithClock(now func() time.Time) Option { return func(c *config) { c.now = now } }
