// Package xds turns gatewaykit's intermediate representation (package ir) into
// Envoy xDS resources (go-control-plane types): listeners, route
// configurations, clusters, cluster load assignments and secrets.
//
// Resource names follow Envoy Gateway's naming scheme, so that patches written
// against Envoy Gateway address the same resources. Every emitted resource
// passes ValidateAll, and output is sorted and byte-for-byte deterministic.
//
// # Resource names
//
// The names below are a public contract: EnvoyPatchPolicies and other
// tools address resources by them, and they stay compatible with Envoy
// Gateway's default naming scheme. IR names are <namespace>/<gateway>/<listener>
// for listeners (see ir.HTTPListener.Name) and <namespace>/<secret> for
// certificates.
//
//   - Ready listener: envoy-gateway-proxy-ready-<address>-<port> (see
//     ReadyListenerName). Its route configuration is inline and called
//     ready_route, as is its one virtual host.
//   - Listeners: the IR HTTP and TCP listeners that share an address and
//     port become one Envoy listener, named after the first of them in IR
//     order, HTTP listeners before TCP ones. A UDP listener is named after
//     its IR listener.
//   - HTTP filter chains: the plain-HTTP listeners on a socket share the
//     default filter chain, named after the first of them. Each HTTPS
//     listener has its own filter chain, named after it, that matches its
//     hostnames by SNI (all names when the hostname is "*").
//   - Route configurations: one per HTTP filter chain, with the chain's
//     name. So the plain-HTTP listeners of a socket share the route
//     configuration named after the first of them, and each HTTPS listener
//     has one named after itself.
//   - Virtual hosts: <IR listener name>/<hostname>, with the dots of the
//     hostname replaced by underscores (for example
//     default/eg/http/foo_example_com); routes carry their IR route name.
//   - TCP filter chains: one per IR TCP route, named after the route
//     (<kind>/<namespace>/<name>); a TCP listener without routes gets one
//     chain called EmptyCluster that forwards to the cluster of that name.
//   - Secrets: a server certificate is the secret named
//     ir.TLSCertificate.Name, a client CA bundle the secret named
//     ir.TLSCACertificate.Name; listeners fetch them over SDS. A secret
//     used by several HTTPS listeners is emitted once per listener, as
//     Envoy Gateway does (equal copies side by side in Resources.Secrets;
//     an xDS cache keeps one); any other secret is emitted once. A
//     credential injection's secret is called
//     credential_injector/credential/<ir.CredentialInjection.Name>.
//   - HTTP filters: named by type (for example envoy.filters.http.router,
//     see the HTTPFilter constants); several filters of one type in one
//     connection manager are named <type>/<suffix>: a credential injection
//     is envoy.filters.http.credential_injector/<ir.CredentialInjection.Name>.
//
// Stat prefixes follow the same scheme: http-<port> and https-<port> for
// connection managers, tcp-<port>, tls-passthrough-<port> and
// tls-terminate-<port> for TCP proxies, where <port> is the port Envoy
// listens on. Envoy Gateway's alternative scheme (listeners tcp-<port>,
// shared route configurations http-<port>, keyed by the external port) is
// not implemented.
//
// # HTTP filters
//
// Every HTTP connection manager's filters come from one ordered table, in
// Envoy Gateway's default order (DefaultHTTPFilterOrder); the router is
// always last. A filter is present when a listener or route of the chain
// needs it: CORS when a route has a CORS policy, gRPC-Web and gRPC
// statistics when the listener's GRPC settings ask for them, the
// loopback-deny RBAC filter when a route has a dynamic resolver backend,
// one credential injector per injection a route uses, the geoip filter
// (before RBAC) when a listener has an ir.GeoIPProvider and authorization
// rules that match client geolocations. Filters that only
// some routes use are disabled or empty in the connection manager and
// turned on by those routes' per-filter configuration.
//
// # Client address
//
// A connection manager trusts the connection's peer address as the
// client's (use_remote_address) unless its first listener's
// ir.ClientIPDetection names X-Forwarded-For or a custom header; then
// Envoy's xff or custom_header original IP detection extension finds it,
// as Envoy Gateway configures them. The geoip filter looks the same
// address up, and every route of a listener with geolocation rules removes
// the x-eg-internal-geoip-* headers that the filter sets before the
// request goes upstream.
//
// # Validation
//
// Translate checks its IR with (*ir.Xds).Validate before building anything
// and returns Validate's errors, field paths included, wrapped; an invalid
// IR never reaches the builders.
//
// # Access logs
//
// The IR's access logs are attached to every connection manager, TCP proxy
// and UDP proxy, and, restricted to connections that found no filter chain
// (response flag NR), to every listener. A text log without a format uses
// DefaultTextAccessLogFormat; a JSON log without fields uses
// DefaultJSONAccessLogFormat.
package xds
