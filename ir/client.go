package ir

// This file holds the listener settings that shape how Envoy treats its
// downstream (client) connections: what a ClientTrafficPolicy sets. Each is
// nil (or zero) when nothing sets it, which means Envoy Gateway's default,
// documented on the field. JSON names are Envoy Gateway's IR names.
// TCPKeepalive and HTTP2Settings, shared with upstream connections, are in
// traffic.go; on a listener they apply to the downstream connections (an
// HTTP listener's HTTP/2 defaults to 100 concurrent streams).

// ProxyProtocolSettings makes a listener read the PROXY protocol header
// (version 1 or 2) that a load balancer in front of Envoy puts at the
// start of each connection, and take the client address from it.
type ProxyProtocolSettings struct {
	// Optional also accepts connections without the header; by default
	// they are closed.
	Optional bool `json:"optional,omitempty"`
}

// ClientConnection bounds the connections a listener accepts.
type ClientConnection struct {
	// ConnectionLimit limits connections and their lifetime.
	ConnectionLimit *ConnectionLimit `json:"limit,omitempty"`
	// BufferLimitBytes bounds the read and write buffers of each
	// connection; nil means 32768.
	BufferLimitBytes *uint32 `json:"bufferLimit,omitempty"`
	// MaxAcceptPerSocketEvent is the number of connections a worker
	// accepts per socket event; nil means 1, and 0 means no limit.
	MaxAcceptPerSocketEvent *uint32 `json:"maxAcceptPerSocketEvent,omitempty"`
}

// ConnectionLimit limits the connections of a listener and how long each
// lasts. On an HTTP listener the durations and the request count apply to
// the HTTP connection manager; on a TCP listener only Value and CloseDelay
// apply.
type ConnectionLimit struct {
	// Value is the most connections open at once (the connection_limit
	// network filter); beyond it, new connections are closed. Nil means no
	// limit. It must be positive.
	Value *uint64 `json:"value,omitempty"`
	// CloseDelay is how long a connection over the limit is held before it
	// is closed; only with Value.
	CloseDelay *Duration `json:"closeDelay,omitempty"`
	// MaxConnectionDuration is how long a connection may stay open before
	// it is drained.
	MaxConnectionDuration *Duration `json:"maxConnectionDuration,omitempty"`
	// MaxRequestsPerConnection is the most requests served on one
	// connection.
	MaxRequestsPerConnection *uint32 `json:"maxRequestsPerConnection,omitempty"`
	// MaxStreamDuration is how long a stream (request) may last before it
	// is reset.
	MaxStreamDuration *Duration `json:"maxStreamDuration,omitempty"`
}

// ClientTimeout holds a listener's downstream timeouts.
type ClientTimeout struct {
	// TCP holds the timeouts of the connection itself.
	TCP *TCPClientTimeout `json:"tcp,omitempty"`
	// HTTP holds the timeouts of HTTP requests (HTTP listeners only).
	HTTP *HTTPClientTimeout `json:"http,omitempty"`
}

// TCPClientTimeout holds a listener's connection timeouts.
type TCPClientTimeout struct {
	// IdleTimeout closes a TCP proxy connection idle this long (TCP
	// listeners only).
	IdleTimeout *Duration `json:"idleTimeout,omitempty"`
	// TLSHandshakeTimeout closes connections whose transport (TLS)
	// handshake takes longer.
	TLSHandshakeTimeout *Duration `json:"tlsHandshakeTimeout,omitempty"`
	// ConnectionInspectionTimeout closes connections whose first bytes
	// (inspected for SNI or the PROXY protocol) take longer to arrive.
	ConnectionInspectionTimeout *Duration `json:"connectionInspectionTimeout,omitempty"`
}

// HTTPClientTimeout holds a listener's HTTP request timeouts.
type HTTPClientTimeout struct {
	// RequestReceivedTimeout bounds the time to receive a whole request.
	RequestReceivedTimeout *Duration `json:"requestReceivedTimeout,omitempty"`
	// RequestHeadersReceivedTimeout bounds the time to receive the request
	// headers.
	RequestHeadersReceivedTimeout *Duration `json:"requestHeadersReceivedTimeout,omitempty"`
	// IdleTimeout closes a connection without requests for this long.
	IdleTimeout *Duration `json:"idleTimeout,omitempty"`
	// StreamIdleTimeout resets a stream with no activity for this long.
	StreamIdleTimeout *Duration `json:"streamIdleTimeout,omitempty"`
}

// HeaderSettings holds how an HTTP listener treats headers.
type HeaderSettings struct {
	// EnableEnvoyHeaders lets the router add x-envoy-* headers (they are
	// suppressed by default).
	EnableEnvoyHeaders bool `json:"enableEnvoyHeaders,omitempty"`
	// DisableRateLimitHeaders stops the rate limit filters adding
	// x-ratelimit-* headers to responses.
	DisableRateLimitHeaders bool `json:"disableRateLimitHeaders,omitempty"`
	// XForwardedClientCert says how the x-forwarded-client-cert header is
	// handled; nil means it is removed (Sanitize).
	XForwardedClientCert *XForwardedClientCert `json:"xForwardedClientCert,omitempty"`
	// WithUnderscoresAction says what is done with request headers whose
	// names contain underscores; empty means RejectRequest.
	WithUnderscoresAction WithUnderscoresAction `json:"withUnderscoresAction,omitempty"`
	// RequestID says how X-Request-ID is treated; nil means Envoy's
	// default (generate one unless an internal request carries one).
	RequestID *RequestIDAction `json:"requestID,omitempty"`
	// EarlyAddRequestHeaders are added to requests before routing and
	// every other filter.
	EarlyAddRequestHeaders []AddHeader `json:"earlyAddRequestHeaders,omitempty"`
	// EarlyRemoveRequestHeaders are removed from requests before routing.
	EarlyRemoveRequestHeaders []string `json:"earlyRemoveRequestHeaders,omitempty"`
	// EarlyRemoveRequestHeadersOnMatch removes the request headers whose
	// names match, before routing. Name is unused.
	EarlyRemoveRequestHeadersOnMatch []StringMatch `json:"earlyRemoveRequestHeadersOnMatch,omitempty"`
	// LateAddResponseHeaders are added to responses after every other
	// filter.
	LateAddResponseHeaders []AddHeader `json:"lateAddResponseHeaders,omitempty"`
	// LateRemoveResponseHeaders are removed from responses last.
	LateRemoveResponseHeaders []string `json:"lateRemoveResponseHeaders,omitempty"`
	// LateRemoveResponseHeadersOnMatch removes the response headers whose
	// names match, last. Name is unused.
	LateRemoveResponseHeadersOnMatch []StringMatch `json:"lateRemoveResponseHeadersOnMatch,omitempty"`
	// MaxRequestHeadersKB bounds the size of request headers, in KiB
	// (1 to 8192); nil means Envoy's default, 60.
	MaxRequestHeadersKB *uint32 `json:"maxRequestHeadersKB,omitempty"`
}

// XForwardedClientCert says how an HTTP listener handles the
// x-forwarded-client-cert (XFCC) header.
type XForwardedClientCert struct {
	// Mode is what is done with the header.
	Mode XFCCForwardMode `json:"mode,omitempty"`
	// CertDetailsToAdd are the details of the client certificate added to
	// the header; with AppendForward and SanitizeSet only.
	CertDetailsToAdd []XFCCCertData `json:"certDetailsToAdd,omitempty"`
}

// XFCCForwardMode is what an HTTP listener does with the XFCC header.
type XFCCForwardMode string

const (
	// XFCCSanitize removes the header.
	XFCCSanitize XFCCForwardMode = "Sanitize"
	// XFCCForwardOnly forwards the header of mTLS requests unchanged.
	XFCCForwardOnly XFCCForwardMode = "ForwardOnly"
	// XFCCAppendForward appends the client certificate's details to the
	// header of mTLS requests.
	XFCCAppendForward XFCCForwardMode = "AppendForward"
	// XFCCSanitizeSet replaces the header of mTLS requests by the client
	// certificate's details.
	XFCCSanitizeSet XFCCForwardMode = "SanitizeSet"
	// XFCCAlwaysForwardOnly always forwards the header unchanged.
	XFCCAlwaysForwardOnly XFCCForwardMode = "AlwaysForwardOnly"
)

// XFCCCertData is a detail of the client certificate put in the XFCC
// header.
type XFCCCertData string

const (
	XFCCCertDataSubject XFCCCertData = "Subject"
	XFCCCertDataCert    XFCCCertData = "Cert"
	XFCCCertDataChain   XFCCCertData = "Chain"
	XFCCCertDataDNS     XFCCCertData = "DNS"
	XFCCCertDataURI     XFCCCertData = "URI"
)

// WithUnderscoresAction is what an HTTP listener does with request headers
// whose names contain underscores.
type WithUnderscoresAction string

const (
	// UnderscoresAllow lets them through.
	UnderscoresAllow WithUnderscoresAction = "Allow"
	// UnderscoresRejectRequest rejects the request (400).
	UnderscoresRejectRequest WithUnderscoresAction = "RejectRequest"
	// UnderscoresDropHeader drops the header.
	UnderscoresDropHeader WithUnderscoresAction = "DropHeader"
)

// RequestIDAction is how an HTTP listener treats X-Request-ID.
type RequestIDAction string

const (
	// RequestIDPreserveOrGenerate keeps a client's ID, else generates one.
	RequestIDPreserveOrGenerate RequestIDAction = "PreserveOrGenerate"
	// RequestIDPreserve keeps a client's ID and generates none.
	RequestIDPreserve RequestIDAction = "Preserve"
	// RequestIDGenerate always generates a new ID.
	RequestIDGenerate RequestIDAction = "Generate"
	// RequestIDDisable neither keeps nor generates one.
	RequestIDDisable RequestIDAction = "Disable"
)

// HostSettings holds how an HTTP listener normalises the Host header.
type HostSettings struct {
	// StripTrailingHostDot removes a trailing dot from the host before
	// routing.
	StripTrailingHostDot bool `json:"stripTrailingHostDot,omitempty"`
}

// HTTP1Settings holds an HTTP listener's HTTP/1.x settings.
type HTTP1Settings struct {
	// EnableTrailers accepts and forwards HTTP/1.1 trailers.
	EnableTrailers bool `json:"enableTrailers,omitempty"`
	// PreserveHeaderCase keeps the case of HTTP/1.1 header names instead
	// of lower-casing them.
	PreserveHeaderCase bool `json:"preserveHeaderCase,omitempty"`
	// HTTP10, when set, accepts HTTP/1.0 requests.
	HTTP10 *HTTP10Settings `json:"http10,omitempty"`
	// DisableSafeMaxConnectionDuration makes an HTTP/1.1 connection that
	// reaches the connection limit's MaxConnectionDuration close at once,
	// rather than after its current request.
	DisableSafeMaxConnectionDuration bool `json:"disableSafeMaxConnectionDuration,omitempty"`
	// IgnoredUpgradeTypes match the Upgrade header values that are ignored
	// (the request is served as plain HTTP/1.1). Name is unused.
	IgnoredUpgradeTypes []StringMatch `json:"ignoredUpgradeTypes,omitempty"`
}

// HTTP10Settings holds how HTTP/1.0 requests are accepted.
type HTTP10Settings struct {
	// DefaultHost is the Host given to HTTP/1.0 requests without one; nil
	// means none.
	DefaultHost *string `json:"defaultHost,omitempty"`
}

// HTTP3Settings turns on HTTP/3: a QUIC (UDP) listener on the same address
// and port as the HTTPS listener, and an alt-svc response header that
// advertises it. It has no settings: being set is what it says. Only a
// listener that terminates TLS may set it.
type HTTP3Settings struct{}

// HealthCheckSettings makes an HTTP listener answer health checks itself.
type HealthCheckSettings struct {
	// Path is the exact request path answered (200, or 503 while the proxy
	// drains); it must start with "/".
	Path string `json:"path"`
}

// TLSCrl is a certificate revocation list that client certificates are
// checked against.
type TLSCrl struct {
	// Name names the lists (they travel in the client CA secret).
	Name string `json:"name"`
	// Data is the PEM revocation lists, concatenated.
	Data []byte `json:"data,omitempty"`
	// OnlyVerifyLeafCertificate checks only the client's own certificate,
	// not its chain.
	OnlyVerifyLeafCertificate bool `json:"onlyVerifyLeafCertificate,omitempty"`
}
