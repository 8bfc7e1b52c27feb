package ir

// HTTPRoute is one match of one rule of an HTTPRoute or GRPCRoute, for one
// hostname, on one listener: the unit Envoy matches a request against.
//
// A route does exactly one of: forward to Destination, answer with
// DirectResponse, or answer with Redirect. A route whose backends could not
// be resolved keeps its matches and answers 500 through DirectResponse, so
// that a broken backend never lets a request fall through to another route.
type HTTPRoute struct {
	// Name is unique within its listener:
	// <kind>/<namespace>/<name>/rule/<i>/match/<j>/<hostname>.
	Name string `json:"name"`
	// Hostname is the hostname the route serves; "*" means any and a
	// leading "*." is a wildcard.
	Hostname string `json:"hostname"`
	// IsHTTP2 is set for gRPC routes, which need HTTP/2 to the backend.
	IsHTTP2 bool `json:"isHTTP2"`

	// PathMatch matches the request path; nil matches every path.
	PathMatch *StringMatch `json:"pathMatch,omitempty"`
	// HeaderMatches must all match request headers.
	HeaderMatches []*StringMatch `json:"headerMatches,omitempty"`
	// QueryParamMatches must all match query parameters.
	QueryParamMatches []*StringMatch `json:"queryParamMatches,omitempty"`
	// CookieMatches must all match request cookies.
	CookieMatches []*StringMatch `json:"cookieMatches,omitempty"`

	// AddRequestHeaders adds or sets request headers.
	AddRequestHeaders []AddHeader `json:"addRequestHeaders,omitempty"`
	// RemoveRequestHeaders removes request headers.
	RemoveRequestHeaders []string `json:"removeRequestHeaders,omitempty"`
	// AddResponseHeaders adds or sets response headers.
	AddResponseHeaders []AddHeader `json:"addResponseHeaders,omitempty"`
	// RemoveResponseHeaders removes response headers.
	RemoveResponseHeaders []string `json:"removeResponseHeaders,omitempty"`

	// DirectResponse answers the request without calling a backend.
	DirectResponse *CustomResponse `json:"directResponse,omitempty"`
	// Redirect answers the request with a redirect.
	Redirect *Redirect `json:"redirect,omitempty"`
	// URLRewrite rewrites the path or host before forwarding.
	URLRewrite *URLRewrite `json:"urlRewrite,omitempty"`
	// Mirrors copy the request to other destinations and ignore their
	// answers.
	Mirrors []*MirrorPolicy `json:"mirrors,omitempty"`
	// Destination is where the request goes.
	Destination *RouteDestination `json:"destination,omitempty"`

	// Timeout is the route's request timeout (the HTTPRoute rule's
	// timeouts.request); nil means none set.
	Timeout *Duration `json:"timeout,omitempty"`
	// Retry is the route's retry policy from the HTTPRoute rule; nil means
	// none.
	Retry *Retry `json:"retry,omitempty"`
	// CORS is the CORS policy from an HTTPRoute CORS filter.
	CORS *CORS `json:"cors,omitempty"`
	// CredentialInjection adds a credential to the requests of this route
	// before they are forwarded (an HTTPRouteFilter's credentialInjection).
	CredentialInjection *CredentialInjection `json:"credentialInjection,omitempty"`
	// SessionPersistence pins a client to one endpoint.
	SessionPersistence *SessionPersistence `json:"sessionPersistence,omitempty"`

	// Traffic holds traffic features that apply to the route; nil means
	// none.
	Traffic *TrafficFeatures `json:"traffic,omitempty"`
	// Security holds the access-control features of the SecurityPolicy in
	// effect on the route; nil means none.
	Security *SecurityFeatures `json:"security,omitempty"`
	// EnvoyExtensions holds the extensions of the EnvoyExtensionPolicy in
	// effect on the route; nil means none.
	EnvoyExtensions *EnvoyExtensionFeatures `json:"envoyExtensions,omitempty"`
	// UseClientProtocol, when true, makes Envoy talk to the backend in the
	// protocol (HTTP/1.1 or HTTP/2) the client used; it is the cluster's
	// setting (a BackendTrafficPolicy's spec.useClientProtocol).
	UseClientProtocol *bool `json:"useClientProtocol,omitempty"`

	// Metadata names the route object and rule this came from.
	Metadata *ResourceMetadata `json:"metadata,omitempty"`
}

// StringMatch matches a string (a path, a header value, a query parameter,
// a cookie) in exactly one way: Exact, Prefix, Suffix, SafeRegex or
// Contains. Name is the header, parameter or cookie name and is empty for
// paths. Distinct, for headers, matches when the value is unique among the
// requests (used by rate limits).
type StringMatch struct {
	// Name is the header, query parameter or cookie name.
	Name string `json:"name"`
	// Exact matches the whole string.
	Exact *string `json:"exact,omitempty"`
	// Prefix matches the beginning; for paths, whole segments only.
	Prefix *string `json:"prefix,omitempty"`
	// Suffix matches the end.
	Suffix *string `json:"suffix,omitempty"`
	// SafeRegex matches an RE2 regular expression against the whole string.
	SafeRegex *string `json:"safeRegex,omitempty"`
	// Contains matches a substring.
	Contains *string `json:"contains,omitempty"`
	// Distinct matches every distinct value.
	Distinct bool `json:"distinct"`
	// Invert negates the match.
	Invert *bool `json:"invert,omitempty"`
}

// AddHeader adds or sets one header.
type AddHeader struct {
	// Name is the header name.
	Name string `json:"name"`
	// Value holds the values; several values become one comma-joined
	// header unless Append is set.
	Value []string `json:"value"`
	// Append adds to existing values instead of replacing them.
	Append bool `json:"append"`
	// AddIfAbsent sets the header only when the request has none.
	AddIfAbsent bool `json:"addIfAbsent"`
}

// CustomResponse is a response that Envoy answers itself.
type CustomResponse struct {
	// StatusCode is the HTTP status.
	StatusCode uint32 `json:"statusCode"`
	// Body is the response body, sent as is; empty means none. It is
	// base64 in JSON, as in Envoy Gateway's IR.
	Body []byte `json:"body,omitempty"`
}

// Redirect answers with an HTTP redirect. Unset fields keep the request's.
type Redirect struct {
	// Scheme replaces the scheme.
	Scheme *string `json:"scheme,omitempty"`
	// Hostname replaces the host.
	Hostname *string `json:"hostname,omitempty"`
	// Path replaces the path.
	Path *HTTPPathModifier `json:"path,omitempty"`
	// Port replaces the port.
	Port *uint32 `json:"port,omitempty"`
	// StatusCode is 301 or 302 (or 303, 307, 308).
	StatusCode *int32 `json:"statusCode,omitempty"`
}

// HTTPPathModifier replaces a path: whole, or the part that the route's
// prefix match matched. At most one is set.
type HTTPPathModifier struct {
	// FullReplace replaces the whole path.
	FullReplace *string `json:"fullReplace,omitempty"`
	// PrefixMatchReplace replaces the matched prefix.
	PrefixMatchReplace *string `json:"prefixMatchReplace,omitempty"`
}

// ExtendedHTTPPathModifier is an HTTPPathModifier that may also rewrite by
// regular expression.
type ExtendedHTTPPathModifier struct {
	HTTPPathModifier `json:",inline"`
	// RegexMatchReplace rewrites the path with a regular expression.
	RegexMatchReplace *RegexMatchReplace `json:"regexMatchReplace,omitempty"`
}

// RegexMatchReplace replaces every match of Pattern with Substitution
// (which may refer to capture groups as \1).
type RegexMatchReplace struct {
	// Pattern is an RE2 regular expression.
	Pattern string `json:"pattern"`
	// Substitution is the replacement text.
	Substitution string `json:"substitution"`
}

// URLRewrite rewrites a request before it is forwarded.
type URLRewrite struct {
	// Path rewrites the path.
	Path *ExtendedHTTPPathModifier `json:"path,omitempty"`
	// Host rewrites the Host header.
	Host *HTTPHostModifier `json:"host,omitempty"`
	// AppendXForwardedHost, when set, says whether the original host is
	// appended to X-Forwarded-Host on a host rewrite; nil means true.
	AppendXForwardedHost *bool `json:"appendXForwardedHost,omitempty"`
}

// HTTPHostModifier rewrites the Host header in exactly one way.
type HTTPHostModifier struct {
	// Name sets the host to a fixed value.
	Name *string `json:"name,omitempty"`
	// Header sets the host from a request header.
	Header *string `json:"header,omitempty"`
	// Backend sets the host to the chosen backend's hostname.
	Backend *bool `json:"backend,omitempty"`
	// PathRegex sets the host from the path with a regular expression.
	PathRegex *RegexMatchReplace `json:"pathRegex,omitempty"`
}

// MirrorPolicy copies requests to a destination.
type MirrorPolicy struct {
	// Destination receives the copies.
	Destination *RouteDestination `json:"destination,omitempty"`
	// Percentage is the share of requests copied, 0 to 100; nil means all.
	Percentage *float32 `json:"percentage,omitempty"`
}

// Retry is a retry policy: a route's, or (in TrafficFeatures) that of the
// calls to a policy's external service.
type Retry struct {
	// NumRetries is the number of retries; nil means Envoy Gateway's
	// default.
	NumRetries *uint32 `json:"numRetries,omitempty"`
	// RetryOn lists what triggers a retry.
	RetryOn *RetryOn `json:"retryOn,omitempty"`
	// PerRetry holds the timeout and back-off of each attempt.
	PerRetry *PerRetryPolicy `json:"perRetry,omitempty"`
}

// RetryOn lists retry triggers: Envoy trigger names and status codes.
type RetryOn struct {
	// Triggers are Envoy retry-on names such as connect-failure.
	Triggers []string `json:"triggers,omitempty"`
	// HTTPStatusCodes retry on these response codes.
	HTTPStatusCodes []uint32 `json:"httpStatusCodes,omitempty"`
}

// PerRetryPolicy holds the timeout and back-off of each retry attempt.
type PerRetryPolicy struct {
	// Timeout limits each attempt.
	Timeout *Duration `json:"timeout,omitempty"`
	// BackOff spaces the attempts.
	BackOff *BackOffPolicy `json:"backOff,omitempty"`
}

// BackOffPolicy is an exponential back-off between retries.
type BackOffPolicy struct {
	// BaseInterval is the first interval.
	BaseInterval *Duration `json:"baseInterval,omitempty"`
	// MaxInterval caps the interval.
	MaxInterval *Duration `json:"maxInterval,omitempty"`
}

// CORS is a cross-origin resource sharing policy.
type CORS struct {
	// AllowOrigins match the Origin header.
	AllowOrigins []*StringMatch `json:"allowOrigins,omitempty"`
	// AllowMethods are the methods allowed.
	AllowMethods []string `json:"allowMethods,omitempty"`
	// AllowHeaders are the request headers allowed.
	AllowHeaders []string `json:"allowHeaders,omitempty"`
	// ExposeHeaders are the response headers exposed.
	ExposeHeaders []string `json:"exposeHeaders,omitempty"`
	// MaxAge is how long a preflight answer may be cached.
	MaxAge *Duration `json:"maxAge,omitempty"`
	// AllowCredentials allows credentials.
	AllowCredentials bool `json:"allowCredentials,omitempty"`
}

// SessionPersistence pins clients to an endpoint with a cookie or a header.
// Exactly one is set.
type SessionPersistence struct {
	// Cookie pins with a cookie.
	Cookie *CookieBasedSessionPersistence `json:"cookie,omitempty"`
	// Header pins with a header.
	Header *HeaderBasedSessionPersistence `json:"header,omitempty"`
}

// CookieBasedSessionPersistence pins with a cookie.
type CookieBasedSessionPersistence struct {
	// Name is the cookie name.
	Name string `json:"name"`
	// TTL is the cookie lifetime; nil means a session cookie.
	TTL *Duration `json:"ttl,omitempty"`
}

// HeaderBasedSessionPersistence pins with a header.
type HeaderBasedSessionPersistence struct {
	// Name is the header name.
	Name string `json:"name"`
}

// TrafficFeatures are the traffic features of a route, or of a policy's
// external service (ext auth, ext proc, remote JWKS, OIDC provider). The
// policy engine adds to it; the translator sets what Gateway API objects
// carry.
//
// HTTPUpgrade and the request timeout shape the route; the other fields
// (see traffic.go) shape the cluster of the destination they go with. On a
// route, Retry takes precedence over HTTPRoute.Retry; for an external
// service it becomes the retry policy of Envoy's calls to the service,
// which reads only NumRetries, RetryOn.Triggers and PerRetry.BackOff.
type TrafficFeatures struct {
	// HTTPUpgrade lists the upgrade types the route accepts besides
	// websocket.
	HTTPUpgrade []HTTPUpgradeConfig `json:"httpUpgrade,omitempty"`
	// Timeout holds connection and request timeouts.
	Timeout *Timeout `json:"timeout,omitempty"`
	// Retry retries failed requests.
	Retry *Retry `json:"retry,omitempty"`
	// CircuitBreaker sets the cluster's circuit breaker thresholds.
	CircuitBreaker *CircuitBreaker `json:"circuitBreaker,omitempty"`
	// HealthCheck health-checks the cluster's endpoints.
	HealthCheck *HealthCheck `json:"healthCheck,omitempty"`
	// TCPKeepalive enables TCP keepalive on upstream connections.
	TCPKeepalive *TCPKeepalive `json:"tcpKeepalive,omitempty"`
	// BackendConnection configures upstream connections.
	BackendConnection *BackendConnection `json:"backendConnection,omitempty"`
	// DNS configures name resolution of DNS and dynamic clusters.
	DNS *DNS `json:"dns,omitempty"`
	// LoadBalancer chooses the load balancing algorithm.
	LoadBalancer *LoadBalancer `json:"loadBalancer,omitempty"`
	// HTTP2 tunes HTTP/2 upstream connections.
	HTTP2 *HTTP2Settings `json:"http2,omitempty"`
	// ProxyProtocol sends a PROXY protocol header upstream.
	ProxyProtocol *ProxyProtocol `json:"proxyProtocol,omitempty"`

	// The route-level features below (traffic_route.go) are a route's
	// only; an external service's traffic features never set them.

	// RateLimit limits the route's request rate.
	RateLimit *RateLimit `json:"rateLimit,omitempty"`
	// FaultInjection delays or aborts a share of the route's requests.
	FaultInjection *FaultInjection `json:"faultInjection,omitempty"`
	// ResponseOverride replaces matching responses.
	ResponseOverride *ResponseOverride `json:"responseOverride,omitempty"`
	// Compression lists the response compressors, in preference order.
	Compression []*Compression `json:"compression,omitempty"`
	// RequestBuffer buffers request bodies.
	RequestBuffer *RequestBuffer `json:"requestBuffer,omitempty"`
	// BandwidthLimit throttles request and response bodies.
	BandwidthLimit *BandwidthLimit `json:"bandwidthLimit,omitempty"`
}

// HTTPUpgradeConfig is one accepted upgrade type.
type HTTPUpgradeConfig struct {
	// Type is the upgrade name, for example websocket or CONNECT.
	Type string `json:"type"`
	// Connect configures CONNECT; only for that type.
	Connect *ConnectConfig `json:"connect,omitempty"`
}

// ConnectConfig configures the CONNECT method.
type ConnectConfig struct {
	// Terminate makes Envoy terminate CONNECT instead of forwarding it.
	Terminate bool `json:"terminate,omitempty"`
}

// Timeout holds TCP and HTTP timeouts.
type Timeout struct {
	// TCP holds connection timeouts.
	TCP *TCPTimeout `json:"tcp,omitempty"`
	// HTTP holds HTTP timeouts.
	HTTP *HTTPTimeout `json:"http,omitempty"`
}

// TCPTimeout holds connection timeouts.
type TCPTimeout struct {
	// ConnectTimeout limits connecting to a backend.
	ConnectTimeout *Duration `json:"connectTimeout,omitempty"`
}

// HTTPTimeout holds HTTP timeouts.
type HTTPTimeout struct {
	// RequestTimeout limits the whole request.
	RequestTimeout *Duration `json:"requestTimeout,omitempty"`
	// ConnectionIdleTimeout closes idle backend connections.
	ConnectionIdleTimeout *Duration `json:"connectionIdleTimeout,omitempty"`
	// MaxConnectionDuration limits a backend connection's lifetime.
	MaxConnectionDuration *Duration `json:"maxConnectionDuration,omitempty"`
}

// CredentialInjection injects a credential into a request header.
type CredentialInjection struct {
	// Name identifies the injection, and names the Envoy filter and secret
	// that carry it: httproutefilter/<namespace>/<name> for an
	// HTTPRouteFilter.
	Name string `json:"name"`
	// Header is the header that receives the credential; nil means
	// Authorization.
	Header *string `json:"header,omitempty"`
	// Overwrite replaces a credential the request already carries; by
	// default such a request is left as it is.
	Overwrite *bool `json:"overwrite,omitempty"`
	// Credential is the header value to inject, sent as is. It is secret
	// material: base64 in JSON, never in error messages.
	Credential []byte `json:"credential,omitempty"`
}
