// Package wasm fetches Wasm modules from OCI registries and HTTP(S) URLs,
// verifies them, keeps them in a content-addressed cache and serves them to
// Envoy over HTTP.
//
// It imports nothing else from gatewaykit and can be used on its own.
package wasm
