// Package ir is gatewaykit's intermediate representation: the plain-data
// description of what a set of Gateways should do, between the Gateway API
// objects that the translator reads and the Envoy configuration that package
// xds writes.
//
// The package imports the standard library only, so that a control plane that
// does not use Kubernetes can build an IR by hand and feed it to xds. Values
// are plain structs with json tags; they can be deep-copied, validated (errors
// name the offending field path) and rendered deterministically for golden
// tests.
package ir
