// Package translator turns Gateway API resources and Envoy Gateway policies
// into gatewaykit's intermediate representation (package ir), together with a
// status for every input object, and loads those resources from Kubernetes
// YAML.
//
// Translation is pure: it performs no I/O, reads no clock and starts no
// goroutine. Anything with side effects reaches it through small interfaces
// that the caller injects.
package translator
