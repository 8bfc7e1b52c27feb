// Package gatewaykit implements Envoy Gateway's extension model for the
// Kubernetes Gateway API as importable Go packages.
//
// The pipeline runs top to bottom; each stage is a package of its own and
// can be used without the stages below it:
//
//	YAML or typed objects      Gateway API (sigs.k8s.io/gateway-api), policy/v1alpha1,
//	   │                       Services, EndpointSlices, Secrets, ConfigMaps, Namespaces
//	   ▼
//	policy        which policy applies where, in what precedence, merged how; policy statuses
//	   ▼
//	translator    Gateway API + resolved policies → ir, plus a status for every input object
//	   ▼
//	ir            plain data: listeners, routes, destinations and their features
//	   ▼
//	xds           ir → Envoy xDS protos (go-control-plane), validated and deterministic
//
// Beside the pipeline, package wasm fetches, verifies, caches and serves Wasm
// modules, and package extproc helps to write and test external processors.
//
// The library has no process of its own and keeps no global state: every
// stage is a value the caller constructs and owns. The programs under
// examples/ show each stage in use; start with examples/translate, which
// translates a manifest offline and prints the resulting Envoy configuration.
package gatewaykit
