// Package conformance runs Envoy Gateway's translator cases (the corpus in
// ../shared/conformance, or any directory with the same layout) through
// gatewaykit's pipeline and compares statuses and xDS with Envoy Gateway's
// answers.
package conformance
