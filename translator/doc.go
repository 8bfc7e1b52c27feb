// Package translator turns Gateway API resources and Envoy Gateway policies
// into gatewaykit's intermediate representation (package ir), together with a
// status for every input object, and loads those resources from Kubernetes
// YAML.
//
// Translation is pure: it performs no I/O, reads no clock and starts no
// goroutine. Anything with side effects reaches it through small interfaces
// that the caller injects (WithWasmResolver, WithOIDCDiscovery, WithClock).
//
// # Passes
//
// Translate runs one list of passes, in this order: GatewayClasses;
// Gateways with their listeners and attached ListenerSets; Backends; the
// routes of each kind (HTTPRoute, GRPCRoute, TLSRoute, TCPRoute, UDPRoute),
// which attach IR routes to listeners and record each one under its route
// and rule; the policy pass; EnvoyProxy statuses; and the final Gateway,
// ListenerSet and BackendTLSPolicy statuses. The policy pass resolves each
// policy kind with package policy over the topology just translated
// (ClientTrafficPolicy, BackendTrafficPolicy, SecurityPolicy,
// EnvoyExtensionPolicy, then the kinds added with WithPolicyKind), most
// specific attachment first, and puts each effective (merged) policy's
// features into the IR of the routes it covers: for a SecurityPolicy,
// ir.HTTPRoute.Security. No pass finds what an earlier one made by parsing
// names. A policy kind's feature builders have a package of their own
// (SecurityPolicy's: internal/securitypolicy), which reaches the
// translation only through a small interface of lookups.
//
// # Accepted means enforced
//
// A policy that cannot be built where it applies (a missing Secret, an
// unresolvable backend) is not accepted and the routes it covers answer
// 500. A policy that is accepted but sets a feature the IR does not carry
// yet fails closed the same way, and Result.Unenforced lists the feature
// with its policy. No request passes a route whose security policy is
// accepted but not enforced.
//
// # Secrets
//
// Secret data that policies read (passwords, API keys, OIDC client and HMAC
// secrets, ext auth context values) is held in the IR as ir.PrivateBytes,
// which renders as "[redacted]"; it never appears in a status message. Only
// package xds puts the bytes into Envoy's configuration.
package translator
