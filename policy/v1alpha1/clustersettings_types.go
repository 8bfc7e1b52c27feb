package v1alpha1

import (
	"k8s.io/apimachinery/pkg/api/resource"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// TCPKeepalive is TODO.
type TCPKeepalive struct {
	// Probes is TODO.
	// +optional
	Probes *int32 `json:"probes,omitempty"`

	// IdleTime is TODO.
	// +optional
	IdleTime *gwapiv1.Duration `json:"idleTime,omitempty"`

	// Interval is TODO.
	// +optional
	Interval *gwapiv1.Duration `json:"interval,omitempty"`
}

// HTTP2Settings is TODO.
type HTTP2Settings struct {
	// InitialStreamWindowSize is TODO.
	// +optional
	InitialStreamWindowSize *resource.Quantity `json:"initialStreamWindowSize,omitempty"`

	// InitialConnectionWindowSize is TODO.
	// +optional
	InitialConnectionWindowSize *resource.Quantity `json:"initialConnectionWindowSize,omitempty"`

	// MaxConcurrentStreams is TODO.
	// +kubebuilder:validation:Minimum=1
	// +kubebuilder:validation:Maximum=2147483647
	// +optional
	MaxConcurrentStreams *int32 `json:"maxConcurrentStreams,omitempty"`

	// OnInvalidMessage is TODO.
	// +optional
	OnInvalidMessage *InvalidMessageAction `json:"onInvalidMessage,omitempty"`

	// ConnectionKeepalive is TODO.
	// +optional
	ConnectionKeepalive *HTTP2KeepaliveSettings `json:"connectionKeepalive,omitempty"`
}

// InvalidMessageAction is TODO.
type InvalidMessageAction string

const (
	// InvalidMessageActionTerminateConnection is TODO.
	InvalidMessageActionTerminateConnection InvalidMessageAction = "TerminateConnection"
	// InvalidMessageActionTerminateStream is TODO.
	InvalidMessageActionTerminateStream InvalidMessageAction = "TerminateStream"
)

// HTTP2KeepaliveSettings is TODO.
type HTTP2KeepaliveSettings struct {
	// Interval is TODO.
	// +optional
	Interval *gwapiv1.Duration `json:"interval,omitempty"`

	// Timeout is TODO.
	// +optional
	Timeout *gwapiv1.Duration `json:"timeout,omitempty"`

	// IntervalJitter is TODO.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=100
	// +optional
	IntervalJitter *int32 `json:"intervalJitter,omitempty"`

	// IdleInterval is TODO.
	// +optional
	IdleInterval *gwapiv1.Duration `json:"idleInterval,omitempty"`
}

// ClusterSettings is TODO.
type ClusterSettings struct {
	// LoadBalancer is TODO.
	// +optional
	LoadBalancer *LoadBalancer `json:"loadBalancer,omitempty"`

	// Retry is TODO.
	// +optional
	Retry *Retry `json:"retry,omitempty"`

	// ProxyProtocol is TODO.
	// +optional
	ProxyProtocol *ProxyProtocol `json:"proxyProtocol,omitempty"`

	// TcpKeepalive is TODO.
	// +optional
	TcpKeepalive *TCPKeepalive `json:"tcpKeepalive,omitempty"`

	// HealthCheck is TODO.
	// +optional
	HealthCheck *HealthCheck `json:"healthCheck,omitempty"`

	// CircuitBreaker is TODO.
	// +optional
	CircuitBreaker *CircuitBreaker `json:"circuitBreaker,omitempty"`

	// Timeout is TODO.
	// +optional
	Timeout *Timeout `json:"timeout,omitempty"`

	// Connection is TODO.
	// +optional
	Connection *BackendConnection `json:"connection,omitempty"`

	// DNS is TODO.
	// +optional
	DNS *DNS `json:"dns,omitempty"`

	// Http2 is TODO.
	// +optional
	Http2 *HTTP2Settings `json:"http2,omitempty"`
}

// ProxyProtocol is TODO.
type ProxyProtocol struct {
	// Version is TODO.
	// +required
	Version ProxyProtocolVersion `json:"version"`
}

// ProxyProtocolVersion is TODO.
// +kubebuilder:validation:Enum=V1;V2
type ProxyProtocolVersion string

const (
	// ProxyProtocolVersionV1 is TODO.
	ProxyProtocolVersionV1 ProxyProtocolVersion = "V1"
	// ProxyProtocolVersionV2 is TODO.
	ProxyProtocolVersionV2 ProxyProtocolVersion = "V2"
)

// CircuitBreaker is TODO.
type CircuitBreaker struct {
	// MaxConnections is TODO.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=4294967295
	// +kubebuilder:default=1024
	// +optional
	MaxConnections *int64 `json:"maxConnections,omitempty"`

	// MaxPendingRequests is TODO.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=4294967295
	// +kubebuilder:default=1024
	// +optional
	MaxPendingRequests *int64 `json:"maxPendingRequests,omitempty"`

	// MaxParallelRequests is TODO.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=4294967295
	// +kubebuilder:default=1024
	// +optional
	MaxParallelRequests *int64 `json:"maxParallelRequests,omitempty"`

	// MaxParallelRetries is TODO.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=4294967295
	// +kubebuilder:default=1024
	// +optional
	MaxParallelRetries *int64 `json:"maxParallelRetries,omitempty"`

	// MaxRequestsPerConnection is TODO.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=4294967295
	// +optional
	MaxRequestsPerConnection *int64 `json:"maxRequestsPerConnection,omitempty"`

	// PerEndpoint is TODO.
	// +optional
	PerEndpoint *PerEndpointCircuitBreakers `json:"perEndpoint,omitempty"`

	// RetryBudget is TODO.
	// +optional
	RetryBudget *RetryBudget `json:"retryBudget,omitempty"`
}

// PerEndpointCircuitBreakers is TODO.
type PerEndpointCircuitBreakers struct {
	// MaxConnections is TODO.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=4294967295
	// +kubebuilder:default=1024
	// +optional
	MaxConnections *int64 `json:"maxConnections,omitempty"`
}

// RetryBudget is TODO.
type RetryBudget struct {
	// Percent is TODO.
	// +required
	Percent gwapiv1.Fraction `json:"percent"`

	// MinRetryConcurrency is TODO.
	// +optional
	MinRetryConcurrency *int32 `json:"minRetryConcurrency,omitempty"`
}

// Timeout is TODO.
type Timeout struct {
	// TCP is TODO.
	// +optional
	TCP *TCPTimeout `json:"tcp,omitempty"`

	// HTTP is TODO.
	// +optional
	HTTP *HTTPTimeout `json:"http,omitempty"`
}

// TCPTimeout is TODO.
type TCPTimeout struct {
	// ConnectTimeout is TODO.
	// +optional
	ConnectTimeout *gwapiv1.Duration `json:"connectTimeout,omitempty"`
}

// HTTPTimeout is TODO.
type HTTPTimeout struct {
	// ConnectionIdleTimeout is TODO.
	// +optional
	ConnectionIdleTimeout *gwapiv1.Duration `json:"connectionIdleTimeout,omitempty"`

	// MaxConnectionDuration is TODO.
	// +optional
	MaxConnectionDuration *gwapiv1.Duration `json:"maxConnectionDuration,omitempty"`

	// RequestTimeout is TODO.
	// +optional
	RequestTimeout *gwapiv1.Duration `json:"requestTimeout,omitempty"`

	// MaxStreamDuration is TODO.
	// +optional
	MaxStreamDuration *gwapiv1.Duration `json:"maxStreamDuration,omitempty"`

	// StreamIdleTimeout is TODO.
	// +optional
	StreamIdleTimeout *gwapiv1.Duration `json:"streamIdleTimeout,omitempty"`
}

// BackendConnection is TODO.
type BackendConnection struct {
	// BufferLimit is TODO.
	// +optional
	BufferLimit *resource.Quantity `json:"bufferLimit,omitempty"`

	// Preconnect is TODO.
	// +optional
	Preconnect *PreconnectPolicy `json:"preconnect,omitempty"`

	// SocketBufferLimit is TODO.
	// +optional
	SocketBufferLimit *resource.Quantity `json:"socketBufferLimit,omitempty"`
}

// PreconnectPolicy is TODO.
type PreconnectPolicy struct {
	// PerEndpointPercent is TODO.
	// +kubebuilder:validation:Minimum=100
	// +kubebuilder:validation:Maximum=300
	// +optional
	PerEndpointPercent *int32 `json:"perEndpointPercent,omitempty"`

	// PredictivePercent is TODO.
	// +kubebuilder:validation:Minimum=100
	// +optional
	PredictivePercent *int32 `json:"predictivePercent,omitempty"`
}

// DNS is TODO.
type DNS struct {
	// DnsRefreshRate is TODO.
	// +optional
	DnsRefreshRate *gwapiv1.Duration `json:"dnsRefreshRate,omitempty"`

	// RespectDnsTtl is TODO.
	// +optional
	RespectDnsTtl *bool `json:"respectDnsTtl,omitempty"`

	// LookupFamily is TODO.
	// +optional
	LookupFamily *DNSLookupFamily `json:"lookupFamily,omitempty"`
}

// DNSLookupFamily is TODO.
// +kubebuilder:validation:Enum=IPv4;IPv6;IPv4Preferred;IPv6Preferred;IPv4AndIPv6
type DNSLookupFamily string

const (
	// DNSLookupFamilyIPv4 is TODO.
	DNSLookupFamilyIPv4 DNSLookupFamily = "IPv4"
	// DNSLookupFamilyIPv6 is TODO.
	DNSLookupFamilyIPv6 DNSLookupFamily = "IPv6"
	// DNSLookupFamilyIPv4Preferred is TODO.
	DNSLookupFamilyIPv4Preferred DNSLookupFamily = "IPv4Preferred"
	// DNSLookupFamilyIPv6Preferred is TODO.
	DNSLookupFamilyIPv6Preferred DNSLookupFamily = "IPv6Preferred"
	// DNSLookupFamilyIPv4AndIPv6 is TODO.
	DNSLookupFamilyIPv4AndIPv6 DNSLookupFamily = "IPv4AndIPv6"
)
