package ir

// RouteDestination is where a route sends traffic: one or more weighted
// settings, each a set of endpoints. It becomes one Envoy cluster, named
// Name, whose endpoints are grouped per setting.
type RouteDestination struct {
	// Name is the cluster name, for example
	// httproute/<namespace>/<name>/rule/<i>.
	Name string `json:"name"`
	// Settings are the backends, in backendRef order.
	Settings []*DestinationSetting `json:"settings,omitempty"`
	// Metadata names the object this came from.
	Metadata *ResourceMetadata `json:"metadata,omitempty"`
}

// DestinationSetting is one backend of a destination: a weighted set of
// endpoints that share a protocol, TLS settings and filters.
type DestinationSetting struct {
	// Name is <destination name>/backend/<i>.
	Name string `json:"name"`
	// Weight is the share of traffic; nil means 1.
	Weight *uint32 `json:"weight,omitempty"`
	// Priority is the endpoint priority (0 is highest); nil means 0.
	Priority *uint32 `json:"priority,omitempty"`
	// Protocol is how Envoy talks to the endpoints.
	Protocol AppProtocol `json:"protocol,omitempty"`
	// Endpoints are the addresses to send to.
	Endpoints []*DestinationEndpoint `json:"endpoints,omitempty"`
	// AddressType says whether Endpoints hold IPs, FQDNs or both; nil when
	// there are no endpoints.
	AddressType *DestinationAddressType `json:"addressType,omitempty"`
	// IsDynamicResolver sends to the host the request names, resolved by
	// DNS at request time.
	IsDynamicResolver bool `json:"isDynamicResolver,omitempty"`
	// Invalid is set when the backend could not be resolved; its share of
	// traffic is answered with 500.
	Invalid bool `json:"invalid,omitempty"`
	// TLS, when set, makes Envoy speak TLS to the endpoints.
	TLS *TLSUpstreamConfig `json:"tls,omitempty"`
	// Filters are applied to requests sent to this backend only.
	Filters *DestinationFilters `json:"filters,omitempty"`
	// Metadata names the backend object (Service, ServiceImport, Backend).
	Metadata *ResourceMetadata `json:"metadata,omitempty"`
	// PreferLocal, when set, makes Envoy prefer endpoints in its own zone
	// for this backend (topology-aware routing).
	PreferLocal *PreferLocalZone `json:"preferLocal,omitempty"`
	// ForceHTTP1Upstream makes Envoy speak HTTP/1.1 to the endpoints even
	// when the route would otherwise pick another protocol (websocket
	// backends).
	ForceHTTP1Upstream bool `json:"forceHTTP1Upstream,omitempty"`
}

// PreferLocalZone configures zone-aware load balancing.
type PreferLocalZone struct {
	// MinEndpointsThreshold is the smallest number of endpoints for which
	// zone-aware routing is used; nil means Envoy Gateway's default (6).
	MinEndpointsThreshold *uint64 `json:"minEndpointsThreshold,omitempty"`
	// PercentageEnabled is the share of requests routed zone-aware, 0-100.
	PercentageEnabled *uint32 `json:"percentageEnabled,omitempty"`
	// Force, when set, keeps traffic in the local zone whenever it has
	// enough endpoints.
	Force *ForceLocalZone `json:"force,omitempty"`
}

// ForceLocalZone keeps traffic in the local zone.
type ForceLocalZone struct {
	// MinEndpointsInZoneThreshold is the number of local endpoints needed
	// to force local routing; nil means 1.
	MinEndpointsInZoneThreshold *uint32 `json:"minEndpointsInZoneThreshold,omitempty"`
}

// AppProtocol is the protocol Envoy speaks to a backend.
type AppProtocol string

const (
	// HTTP is HTTP/1.1.
	HTTP AppProtocol = "HTTP"
	// HTTP2 is HTTP/2 over cleartext.
	HTTP2 AppProtocol = "HTTP2"
	// HTTPS is HTTP over TLS.
	HTTPS AppProtocol = "HTTPS"
	// GRPC is gRPC (HTTP/2).
	GRPC AppProtocol = "GRPC"
	// TCP is raw TCP.
	TCP AppProtocol = "TCP"
	// UDP is raw UDP.
	UDP AppProtocol = "UDP"
	// WebSocket is HTTP/1.1 with websocket upgrades.
	WebSocket AppProtocol = "WebSocket"
)

// DestinationAddressType says what kind of addresses a setting holds.
type DestinationAddressType string

const (
	// IP means every endpoint is an IP address.
	IP DestinationAddressType = "IP"
	// FQDN means every endpoint is a hostname.
	FQDN DestinationAddressType = "FQDN"
	// MIXED means both.
	MIXED DestinationAddressType = "Mixed"
)

// DestinationEndpoint is one address to send to: Host and Port, or a Unix
// socket Path.
type DestinationEndpoint struct {
	// Host is an IP address or a hostname.
	Host string `json:"host,omitempty"`
	// Port is the port.
	Port uint32 `json:"port,omitempty"`
	// Path is a Unix domain socket path; Host and Port are then empty.
	Path *string `json:"path,omitempty"`
	// Hostname is the endpoint's own hostname (EndpointSlice hostname),
	// used for SNI and host rewriting.
	Hostname *string `json:"hostname,omitempty"`
	// Zone is the endpoint's zone, if known.
	Zone *string `json:"zone,omitempty"`
	// Draining is set for endpoints that are terminating: they keep their
	// connections but get no new ones.
	Draining bool `json:"draining,omitempty"`
}

// DestinationFilters are filters applied to one backend only.
type DestinationFilters struct {
	// AddRequestHeaders adds or sets request headers.
	AddRequestHeaders []AddHeader `json:"addRequestHeaders,omitempty"`
	// RemoveRequestHeaders removes request headers.
	RemoveRequestHeaders []string `json:"removeRequestHeaders,omitempty"`
	// AddResponseHeaders adds or sets response headers.
	AddResponseHeaders []AddHeader `json:"addResponseHeaders,omitempty"`
	// RemoveResponseHeaders removes response headers.
	RemoveResponseHeaders []string `json:"removeResponseHeaders,omitempty"`
	// URLRewrite rewrites the request for this backend.
	URLRewrite *URLRewrite `json:"urlRewrite,omitempty"`
	// CredentialInjection adds a credential to the requests sent to this
	// backend.
	CredentialInjection *CredentialInjection `json:"credentialInjection,omitempty"`
}
