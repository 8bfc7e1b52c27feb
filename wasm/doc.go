// Package wasm fetches WebAssembly modules for Envoy, verifies them, keeps
// them in a content-addressed cache and serves them to Envoy over HTTP. It
// is the I/O half of Envoy Gateway's EnvoyExtensionPolicy Wasm support: a
// translator (which does no I/O) asks a Resolver where Envoy can download a
// module, and this package makes the answer true.
//
// It imports nothing else from gatewaykit (a test enforces it) and can be
// used on its own. Its test helpers live in wasm/wasmtest.
//
// # Sources
//
// A module source is an OCI image reference or an http(s) URL:
//
//	ghcr.io/org/filter:v1                       by tag
//	oci://ghcr.io/org/filter@sha256:<hex>       by digest (oci:// is optional)
//	ghcr.io/org/filter                          means :latest
//	https://example.com/filters/filter.wasm     plain download
//
// Normalize spells a source the way Envoy Gateway's translator does
// (oci://<ref>:<tag>, ":latest" added when there is neither tag nor
// digest); that spelling is the download URL a Resolver receives.
//
// Images may use any of the layouts in use, told apart by their layers,
// not by their config:
//
//   - a single layer of media type MediaTypeWasmLayer
//     (application/vnd.module.wasm.content.layer.v1+wasm) holding the raw
//     module;
//   - the CNCF Wasm OCI artifact: config application/vnd.wasm.config.v0+json,
//     one layer of MediaTypeWasm (application/wasm);
//   - a Docker or OCI image whose last layer is a tar archive, gzip'd or
//     not, holding the module as ModuleFileName (plugin.wasm).
//
// An image index, or an image with several Wasm layers, fails with
// ErrNoModule: name the single image you mean.
//
// # Fetching
//
// Fetch is the one-shot, uncached function; Cache.Fetch the cached one.
// Both take the context first and FetchOptions after the source:
//
//	m, err := wasm.Fetch(ctx, "ghcr.io/org/filter:v1",
//		wasm.WithSHA256(policySHA),          // optional pin
//		wasm.WithPullSecret(dockerConfigJSON)) // optional, per fetch
//
// Pull secrets are the .dockerconfigjson of a kubernetes.io/dockerconfigjson
// Secret; the entry for the image's registry is used. Registries must speak
// HTTPS unless WithInsecure is given: go-containerregistry's habit of
// falling back to plain HTTP for local addresses is turned off. Requests
// that fail with 408, 429 or 5xx are retried (WithRetry).
//
// # Verification
//
// Every module returned has passed these checks, and each failure is a
// typed error (see Errors):
//
//   - a reference by digest gets the manifest with that digest, and every
//     blob must hash to its digest, checked as it streams (ErrDigestMismatch,
//     *DigestError);
//   - WithSHA256 must match the module's sha256 or, for an image, its
//     manifest digest (ErrChecksumMismatch, *ChecksumError naming both);
//   - the module starts with the Wasm magic bytes "\x00asm" (ErrNotWasm);
//   - the download is bounded by WithMaxCompressedSize and the module (and
//     the uncompressed tar stream, plus ArchiveOverhead) by WithMaxSize;
//     decompression stops at the limit, so a decompression bomb costs no
//     more than the limit (ErrTooLarge);
//   - tar layers are read whole, and refused if any entry has an absolute
//     path, a ".." element, a backslash or NUL, is a link, a device or a
//     FIFO, or is a second plugin.wasm (ErrUnsafeArchive). Nothing is ever
//     written to disk from an archive.
//
// # Cache
//
// New returns a Cache. Modules are stored by sha256, bounded by
// WithCapacity (least recently used first out). What a tag names, and
// whether a caller may read it, are trusted for WithTTL; a reference by
// digest never goes stale. Concurrent fetches of one source with the same
// credentials share one download; the download is cancelled only when all
// of its callers have given up. WithDir persists modules and what sources
// resolved to, so a restarted process serves at once; files are hashed
// again before they are served, and a corrupt one is deleted and fetched
// again. No credential is ever written to disk.
//
// The cache is shared by tenants, and keeps them apart: a module pulled
// with one tenant's credentials is handed to a caller with other
// credentials only after the registry confirms, with a manifest HEAD made
// with that caller's credentials, that they may read the image (a module
// pulled anonymously is public). Confirmations last the TTL, so revoked
// access takes effect within it.
//
// The clock is an option (WithClock), so expiry tests need not sleep; the
// logger too (WithLogger, default discard). Nothing in the package is
// global; a Cache is safe for concurrent use.
//
// # Serving and resolving
//
// Handler serves a Store (such as a *Cache) at /<sha256>.wasm with Content-Type
// application/wasm, a strong ETag, HEAD and conditional GET; anything else
// is 404. It checks no credentials: a module's name is its sha256, so expose
// it only to your Envoy proxies.
//
// Resolver is what a translator consumes: given a download URL, a
// policy's optional sha256 and an optional pull secret, it returns the URL
// Envoy should fetch and the sha256 Envoy should check. Its method uses only
// built-in types, so a package that must not import wasm can declare the
// same interface and accept a *CacheResolver unchanged. NewResolver builds
// the real one, answering <base>/<sha256>.wasm for a Handler mounted at
// base; ResolverFunc makes a stub for tests.
//
// # Errors
//
// Every error matches one of the Err* sentinels with errors.Is (or a
// context error when the context ended); errors.As gives *Error (kind,
// source, HTTP status), *ChecksumError or *DigestError for details. Never
// match error text. Messages never carry credentials: URL passwords are
// removed from sources, and every secret of the pull secret in use is
// replaced by "[redacted]" in text that came from a server.
package wasm
