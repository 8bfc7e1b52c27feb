// Package wasmtest provides test servers for code that fetches Wasm
// modules: an in-memory OCI registry and an HTTP file server, both on
// 127.0.0.1 only, with helpers that build and push modules in every image
// layout in use and knobs that make the servers misbehave on purpose.
//
// It imports nothing from gatewaykit, so it serves any Wasm fetcher.
//
// # Registry
//
// NewRegistry starts go-containerregistry's in-memory registry behind
// net/http/httptest. Push builds an image of a Layout around a module and
// pushes it; Module makes a valid module of any size whose bytes follow
// from a seed, so digests in tests (and examples) are stable:
//
//	reg, err := wasmtest.NewRegistry(wasmtest.WithBasicAuth("alice", "pw"))
//	...
//	defer reg.Close()
//	pushed, err := reg.Push("filters/auth:v1", wasmtest.Module("auth", 4096), wasmtest.LayoutOCI)
//	// pushed.Ref is "127.0.0.1:<port>/filters/auth:v1"
//
// The registry serves plain HTTP unless WithTLS is given (then clients use
// Registry.Transport to trust it). Pushes go straight to the in-memory
// store; everything a client sends is recorded (Requests, Pulls, Heads),
// which is how tests count pulls.
//
// # Hostile modes
//
//   - WithBasicAuth: requests without valid credentials get 401 and a Basic
//     challenge; Restrict limits a repository to some users (others get
//     403); Public opens one to anonymous readers.
//   - FailNext(n, status): the next n requests fail (503 for a flaky
//     registry, 404 for one that loses things).
//   - SetDelay: every response waits first (a slow registry).
//   - SetWrongDigest: manifests fetched by digest and blobs come back with
//     different bytes than their digest says.
//   - SetEchoCredentials: error bodies quote the request's credentials, to
//     prove a client keeps them out of its own errors.
//   - Content: push any bytes (not Wasm), big modules (oversize), BombImage
//     (a decompression bomb) and TarImage (archives with unsafe paths, links,
//     devices, duplicates) with PushBomb and PushTar.
//
// # File server
//
// NewFileServer serves byte slices at paths (Add), optionally with a
// Content-Encoding (AddEncoded, for bombs on the wire), with FailNext and
// SetDelay as above.
package wasmtest
