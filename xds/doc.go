// Package xds turns gatewaykit's intermediate representation (package ir) into
// Envoy xDS resources (go-control-plane types): listeners, route
// configurations, clusters, cluster load assignments and secrets.
//
// Resource names follow Envoy Gateway's naming scheme, so that patches written
// against Envoy Gateway address the same resources. Every emitted resource
// passes ValidateAll, and output is sorted and byte-for-byte deterministic.
package xds
