package v1alpha1

import (
	"k8s.io/apimachinery/pkg/api/resource"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// TCPKeepalive turns on TCP keepalive probes for a connection, so that dead
// peers are detected on otherwise idle connections. The presence of the struct
// enables keepalive; its fields tune the probing.
type TCPKeepalive struct {
	// Probes is how many unanswered keepalive probes are sent before the
	// connection is considered dead. It defaults to 9.
	// +optional
	Probes *int32 `json:"probes,omitempty"`

	// IdleTime is how long the connection must be idle before the first probe is
	// sent. It defaults to 7200s.
	// +optional
	IdleTime *gwapiv1.Duration `json:"idleTime,omitempty"`

	// Interval is the time between successive probes. It defaults to 75s.
	// +optional
	Interval *gwapiv1.Duration `json:"interval,omitempty"`
}

// HTTP2Settings tunes HTTP/2 connections, either to backends (in
// ClusterSettings) or from clients (in ClientTrafficPolicy).
type HTTP2Settings struct {
	// InitialStreamWindowSize is the initial flow-control window of each HTTP/2
	// stream, in bytes as a Kubernetes quantity. It defaults to 64Ki.
	// +optional
	InitialStreamWindowSize *resource.Quantity `json:"initialStreamWindowSize,omitempty"`

	// InitialConnectionWindowSize is the initial flow-control window of a whole
	// HTTP/2 connection, in bytes as a Kubernetes quantity. It defaults to 1Mi.
	// +optional
	InitialConnectionWindowSize *resource.Quantity `json:"initialConnectionWindowSize,omitempty"`

	// MaxConcurrentStreams caps the number of streams open at the same time on
	// one connection. It defaults to 100.
	// +kubebuilder:validation:Minimum=1
	// +kubebuilder:validation:Maximum=2147483647
	// +optional
	MaxConcurrentStreams *int32 `json:"maxConcurrentStreams,omitempty"`

	// OnInvalidMessage chooses whether an HTTP/2 protocol error closes the whole
	// connection (TerminateConnection, the default) or only the offending stream
	// (TerminateStream). TerminateStream is advisable when Envoy sits behind
	// another proxy.
	// +optional
	OnInvalidMessage *InvalidMessageAction `json:"onInvalidMessage,omitempty"`

	// ConnectionKeepalive sends HTTP/2 PING frames to detect dead connections.
	// When unset, no PING-based keepalive is done.
	// +optional
	ConnectionKeepalive *HTTP2KeepaliveSettings `json:"connectionKeepalive,omitempty"`
}

// InvalidMessageAction is what Envoy does when it receives a malformed HTTP/2
// message.
type InvalidMessageAction string

const (
	// InvalidMessageActionTerminateConnection closes the entire connection, along
	// with every stream on it.
	InvalidMessageActionTerminateConnection InvalidMessageAction = "TerminateConnection"
	// InvalidMessageActionTerminateStream resets only the stream that carried the
	// invalid message and keeps the connection open.
	InvalidMessageActionTerminateStream InvalidMessageAction = "TerminateStream"
)

// HTTP2KeepaliveSettings configures keepalive based on HTTP/2 PING frames.
type HTTP2KeepaliveSettings struct {
	// Interval is how often a PING frame is sent on the connection.
	// +optional
	Interval *gwapiv1.Duration `json:"interval,omitempty"`

	// Timeout is how long Envoy waits for the PING acknowledgement before closing
	// the connection. It must be shorter than Interval.
	// +optional
	Timeout *gwapiv1.Duration `json:"timeout,omitempty"`

	// IntervalJitter adds a random extra delay to each Interval, as a percentage
	// of Interval from 0 to 100. It defaults to 15.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=100
	// +optional
	IntervalJitter *int32 `json:"intervalJitter,omitempty"`

	// IdleInterval, when set, makes Envoy send a PING before starting a new
	// stream on a connection that has been idle at least this long, so dead
	// connections are caught before they are reused.
	// +optional
	IdleInterval *gwapiv1.Duration `json:"idleInterval,omitempty"`
}

// ClusterSettings gathers the settings that shape how Envoy connects to and
// balances across the endpoints of one upstream cluster.
//
// It is inlined in BackendTrafficPolicySpec and also used as the
// backendSettings of references to extension services (such as external
// authorization, external processing or telemetry collectors). Every field is
// optional; a nil field keeps Envoy Gateway's default for that aspect.
type ClusterSettings struct {
	// LoadBalancer picks the algorithm used to choose an endpoint for each
	// request. When unset, LeastRequest is used.
	// +optional
	LoadBalancer *LoadBalancer `json:"loadBalancer,omitempty"`

	// Retry configures automatic retries of failed requests. When unset, requests
	// are not retried.
	// +optional
	Retry *Retry `json:"retry,omitempty"`

	// ProxyProtocol, when set, makes Envoy send a PROXY protocol header on each
	// upstream connection so the backend learns the original client address.
	// +optional
	ProxyProtocol *ProxyProtocol `json:"proxyProtocol,omitempty"`

	// TCPKeepalive enables TCP keepalive probes on connections to the backend.
	// When unset, keepalive is off.
	// +optional
	TCPKeepalive *TCPKeepalive `json:"tcpKeepalive,omitempty"`

	// HealthCheck configures active probing and passive outlier detection to keep
	// unhealthy endpoints out of rotation.
	// +optional
	HealthCheck *HealthCheck `json:"healthCheck,omitempty"`

	// CircuitBreaker caps connections, pending and parallel requests and retries
	// toward the backend. When unset, circuit breakers still apply with their
	// default thresholds.
	// +optional
	CircuitBreaker *CircuitBreaker `json:"circuitBreaker,omitempty"`

	// Timeout sets TCP and HTTP timeouts for connections and requests to the
	// backend.
	// +optional
	Timeout *Timeout `json:"timeout,omitempty"`

	// Connection sets connection-level options such as buffer sizes and
	// preconnecting.
	// +optional
	Connection *BackendConnection `json:"connection,omitempty"`

	// DNS controls how backend hostnames are resolved and refreshed.
	// +optional
	DNS *DNS `json:"dns,omitempty"`

	// HTTP2 tunes HTTP/2 connections to the backend.
	// +optional
	HTTP2 *HTTP2Settings `json:"http2,omitempty"`
}

// ProxyProtocol configures the PROXY protocol header Envoy prepends to
// upstream connections.
type ProxyProtocol struct {
	// Version is the PROXY protocol version to send: V1 or V2.
	// +required
	Version ProxyProtocolVersion `json:"version"`
}

// ProxyProtocolVersion is a version of the HAProxy PROXY protocol.
// +kubebuilder:validation:Enum=V1;V2
type ProxyProtocolVersion string

const (
	// ProxyProtocolVersionV1 sends the human-readable text header of PROXY
	// protocol version 1.
	ProxyProtocolVersionV1 ProxyProtocolVersion = "V1"
	// ProxyProtocolVersionV2 sends the binary header of PROXY protocol version 2.
	ProxyProtocolVersionV2 ProxyProtocolVersion = "V2"
)

// CircuitBreaker sets thresholds beyond which Envoy fails requests fast
// instead of piling more load onto a backend. Limits are tracked separately
// for each backend reference of a route rule, even when the policy targets a
// Gateway.
type CircuitBreaker struct {
	// MaxConnections caps the number of connections Envoy opens to the backend.
	// It defaults to 1024.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=4294967295
	// +kubebuilder:default=1024
	// +optional
	MaxConnections *int64 `json:"maxConnections,omitempty"`

	// MaxPendingRequests caps the number of requests queued while waiting for a
	// connection to the backend. It defaults to 1024.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=4294967295
	// +kubebuilder:default=1024
	// +optional
	MaxPendingRequests *int64 `json:"maxPendingRequests,omitempty"`

	// MaxParallelRequests caps the number of requests in flight to the backend at
	// once. It defaults to 1024.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=4294967295
	// +kubebuilder:default=1024
	// +optional
	MaxParallelRequests *int64 `json:"maxParallelRequests,omitempty"`

	// MaxParallelRetries caps the number of retries in flight to the backend at
	// once. It defaults to 1024 and is ignored when RetryBudget is set.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=4294967295
	// +kubebuilder:default=1024
	// +optional
	MaxParallelRetries *int64 `json:"maxParallelRetries,omitempty"`

	// MaxRequestsPerConnection is how many requests a single upstream connection
	// may carry before it is closed. When unset, there is no limit.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=4294967295
	// +optional
	MaxRequestsPerConnection *int64 `json:"maxRequestsPerConnection,omitempty"`

	// PerEndpoint sets limits that apply to each endpoint individually rather
	// than to the cluster as a whole.
	// +optional
	PerEndpoint *PerEndpointCircuitBreakers `json:"perEndpoint,omitempty"`

	// RetryBudget limits concurrent retries to a share of the active requests.
	// When set, it replaces MaxParallelRetries.
	// +optional
	RetryBudget *RetryBudget `json:"retryBudget,omitempty"`
}

// PerEndpointCircuitBreakers holds circuit breaker limits applied to every
// endpoint of the cluster separately.
type PerEndpointCircuitBreakers struct {
	// MaxConnections caps the number of connections Envoy opens to any single
	// endpoint. It defaults to 1024.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=4294967295
	// +kubebuilder:default=1024
	// +optional
	MaxConnections *int64 `json:"maxConnections,omitempty"`
}

// RetryBudget limits concurrent retries to a percentage of the outstanding
// requests, with a guaranteed floor.
type RetryBudget struct {
	// Percent is the share, from 0 to 100 percent, of active plus pending
	// requests that may be retries at any moment.
	// +required
	Percent gwapiv1.Fraction `json:"percent"`

	// MinRetryConcurrency is the number of concurrent retries always allowed,
	// however few requests are active. It defaults to 3.
	// +optional
	MinRetryConcurrency *int32 `json:"minRetryConcurrency,omitempty"`
}

// Timeout groups the connection and request timeouts toward the backend.
type Timeout struct {
	// TCP holds timeouts that apply at the connection level.
	// +optional
	TCP *TCPTimeout `json:"tcp,omitempty"`

	// HTTP holds timeouts that apply to HTTP connections and requests.
	// +optional
	HTTP *HTTPTimeout `json:"http,omitempty"`
}

// TCPTimeout holds connection-level timeouts.
type TCPTimeout struct {
	// ConnectTimeout bounds how long establishing a connection to the backend may
	// take, TCP and TLS handshakes included. It defaults to 10s.
	// +optional
	ConnectTimeout *gwapiv1.Duration `json:"connectTimeout,omitempty"`
}

// HTTPTimeout holds HTTP-level timeouts toward the backend.
type HTTPTimeout struct {
	// ConnectionIdleTimeout closes an upstream connection after it has had no
	// active request for this long. It defaults to 1h.
	// +optional
	ConnectionIdleTimeout *gwapiv1.Duration `json:"connectionIdleTimeout,omitempty"`

	// MaxConnectionDuration closes an upstream connection once it has been open
	// this long, whatever its activity. When unset, connections may live
	// indefinitely.
	// +optional
	MaxConnectionDuration *gwapiv1.Duration `json:"maxConnectionDuration,omitempty"`

	// RequestTimeout bounds the time until the complete response has been
	// received from the backend.
	// +optional
	RequestTimeout *gwapiv1.Duration `json:"requestTimeout,omitempty"`

	// MaxStreamDuration bounds the total lifetime of a streaming request, from
	// sending the request until the response stream has been fully consumed; it
	// does not affect non-streaming requests. 0s means no limit.
	// +optional
	MaxStreamDuration *gwapiv1.Duration `json:"maxStreamDuration,omitempty"`

	// StreamIdleTimeout resets a stream that has seen no activity in either
	// direction for this long. When unset, the listener-level value (configurable
	// through ClientTrafficPolicy) is used.
	// +optional
	StreamIdleTimeout *gwapiv1.Duration `json:"streamIdleTimeout,omitempty"`
}

// BackendConnection holds connection-level settings for traffic to the
// backend.
type BackendConnection struct {
	// BufferLimit is a soft limit, in bytes, on the user-space read and write
	// buffers Envoy keeps per upstream connection, written as a Kubernetes
	// quantity; a value without suffix means bytes. When unset, 32768 bytes is
	// used.
	// +optional
	BufferLimit *resource.Quantity `json:"bufferLimit,omitempty"`

	// Preconnect makes Envoy open upstream connections ahead of demand to save
	// connection setup latency. When unset, connections are opened only as
	// in-flight requests need them.
	// +optional
	Preconnect *PreconnectPolicy `json:"preconnect,omitempty"`

	// SocketBufferLimit sets the kernel socket buffer size, in bytes, for each
	// connection to the backend, written as a Kubernetes quantity; a value
	// without suffix means bytes.
	// +optional
	SocketBufferLimit *resource.Quantity `json:"socketBufferLimit,omitempty"`
}

// PreconnectPolicy says how many spare upstream connections Envoy keeps, as a
// percentage of those needed by active streams (100 means no extra
// connections). When both fields are set, Envoy satisfies the larger
// requirement.
type PreconnectPolicy struct {
	// PerEndpointPercent is the connection target per endpoint, from 100 to 300
	// percent of what active streams need; it suits busy, latency-sensitive
	// services.
	// +kubebuilder:validation:Minimum=100
	// +kubebuilder:validation:Maximum=300
	// +optional
	PerEndpointPercent *int32 `json:"perEndpointPercent,omitempty"`

	// PredictivePercent is the connection target across the cluster, at least 100
	// percent, reached by guessing which endpoint will be picked next; it suits
	// low-traffic services. It requires the Random or RoundRobin load balancer.
	// +kubebuilder:validation:Minimum=100
	// +optional
	PredictivePercent *int32 `json:"predictivePercent,omitempty"`
}

// DNS controls DNS resolution of backend hostnames.
type DNS struct {
	// DNSRefreshRate is how often DNS records are re-resolved. It defaults to
	// 30s.
	// +optional
	DNSRefreshRate *gwapiv1.Duration `json:"dnsRefreshRate,omitempty"`

	// RespectDNSTTL, when true, refreshes records according to their DNS TTL
	// instead of DNSRefreshRate. It defaults to true.
	// +optional
	RespectDNSTTL *bool `json:"respectDnsTtl,omitempty"`

	// LookupFamily picks which IP address families Envoy resolves for backends
	// given as fully qualified domain names. When set, it overrides the family
	// Envoy Gateway would otherwise choose.
	// +optional
	LookupFamily *DNSLookupFamily `json:"lookupFamily,omitempty"`
}

// DNSLookupFamily is the IP address family policy used when resolving backend
// hostnames.
// +kubebuilder:validation:Enum=IPv4;IPv6;IPv4Preferred;IPv6Preferred;IPv4AndIPv6
type DNSLookupFamily string

const (
	// DNSLookupFamilyIPv4 resolves IPv4 addresses only.
	DNSLookupFamilyIPv4 DNSLookupFamily = "IPv4"
	// DNSLookupFamilyIPv6 resolves IPv6 addresses only.
	DNSLookupFamilyIPv6 DNSLookupFamily = "IPv6"
	// DNSLookupFamilyIPv4Preferred looks up IPv4 addresses first and falls back
	// to IPv6 when none are found.
	DNSLookupFamilyIPv4Preferred DNSLookupFamily = "IPv4Preferred"
	// DNSLookupFamilyIPv6Preferred looks up IPv6 addresses first and falls back
	// to IPv4 when none are found.
	DNSLookupFamilyIPv6Preferred DNSLookupFamily = "IPv6Preferred"
	// DNSLookupFamilyIPv4AndIPv6 resolves both families and uses all returned
	// addresses, with Happy Eyeballs used when connecting.
	DNSLookupFamilyIPv4AndIPv6 DNSLookupFamily = "IPv4AndIPv6"
)
