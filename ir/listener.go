package ir

// HTTPListener is one HTTP or HTTPS listener of a Gateway (or a ListenerSet)
// with the routes attached to it. Several HTTPListeners may share an
// address and port; package xds then builds one Envoy listener with a filter
// chain per HTTPS listener.
type HTTPListener struct {
	// Name is unique within the Xds: <namespace>/<gateway>/<listener>.
	Name string `json:"name"`
	// Address is the IP address Envoy listens on (0.0.0.0 or ::).
	Address string `json:"address"`
	// Port is the port Envoy listens on.
	Port uint32 `json:"port"`
	// ExternalPort is the port clients use, as the Gateway listener
	// declares it.
	ExternalPort uint32 `json:"externalPort,omitempty"`
	// IPFamily is the IP family of Address; DualStack on an IPv6 address
	// also accepts IPv4 clients. Nil means the family of Address.
	IPFamily *IPFamily `json:"ipFamily,omitempty"`
	// Hostnames are the hostnames the listener serves; "*" means any.
	Hostnames []string `json:"hostnames,omitempty"`
	// TLS, when set, terminates TLS with these certificates.
	TLS *TLSConfig `json:"tls,omitempty"`
	// TLSOverlaps is set when another HTTPS listener on the same port has a
	// hostname that overlaps this one's, so that a connection may reach the
	// wrong certificate; Envoy then answers 421 to misdirected requests.
	TLSOverlaps bool `json:"tlsOverlaps,omitempty"`
	// Path holds how request paths are normalised.
	Path PathSettings `json:"path"`
	// GRPC holds gRPC-specific settings; nil means none.
	GRPC *GRPCSettings `json:"grpc,omitempty"`
	// ClientIPDetection says where the client address of a request comes
	// from (a ClientTrafficPolicy's clientIPDetection); nil means the
	// connection's peer address, with X-Forwarded-For appended to.
	ClientIPDetection *ClientIPDetection `json:"clientIPDetection,omitempty"`
	// TCPKeepalive turns on TCP keep-alive on accepted connections.
	TCPKeepalive *TCPKeepalive `json:"tcpKeepalive,omitempty"`
	// ProxyProtocol makes the listener read the PROXY protocol header.
	ProxyProtocol *ProxyProtocolSettings `json:"proxyProtocol,omitempty"`
	// Connection bounds the accepted connections.
	Connection *ClientConnection `json:"connection,omitempty"`
	// Timeout holds the downstream timeouts.
	Timeout *ClientTimeout `json:"timeout,omitempty"`
	// Headers holds how headers are treated; nil means the defaults.
	Headers *HeaderSettings `json:"headers,omitempty"`
	// Host holds how the Host header is normalised.
	Host *HostSettings `json:"host,omitempty"`
	// HTTP1 holds HTTP/1.x settings.
	HTTP1 *HTTP1Settings `json:"http1,omitempty"`
	// HTTP2 holds HTTP/2 settings.
	HTTP2 *HTTP2Settings `json:"http2,omitempty"`
	// HTTP3, when set, also serves HTTP/3 over QUIC (TLS listeners only).
	HTTP3 *HTTP3Settings `json:"http3,omitempty"`
	// HealthCheck, when set, answers health checks on a path.
	HealthCheck *HealthCheckSettings `json:"healthCheck,omitempty"`
	// MatchBackendScheme sets the :scheme of forwarded requests to the
	// backend's transport (http or https) rather than the client's.
	MatchBackendScheme bool `json:"matchBackendScheme,omitempty"`
	// GeoIPProvider is the GeoIP database provider for the routes'
	// authorization rules that match client geolocations; nil when no
	// route needs one. The GeoIP lookup runs only when both this and such
	// a rule are present, and looks up what the rules match on.
	GeoIPProvider *GeoIPProvider `json:"geoIPProvider,omitempty"`
	// Routes are the routes attached to the listener.
	Routes []*HTTPRoute `json:"routes,omitempty"`
	// Metadata names the Gateway and listener this came from.
	Metadata *ResourceMetadata `json:"metadata,omitempty"`
}

// PathSettings holds how a listener normalises request paths.
type PathSettings struct {
	// MergeSlashes collapses adjacent slashes.
	MergeSlashes bool `json:"mergeSlashes"`
	// EscapedSlashesAction says what to do with %2F and %5C in paths.
	EscapedSlashesAction PathEscapedSlashAction `json:"escapedSlashesAction"`
}

// PathEscapedSlashAction says what a listener does with escaped slashes
// in request paths.
type PathEscapedSlashAction string

const (
	// KeepUnchangedAction leaves escaped slashes as they are.
	KeepUnchangedAction PathEscapedSlashAction = "KeepUnchanged"
	// RejectRequestAction rejects requests with escaped slashes.
	RejectRequestAction PathEscapedSlashAction = "RejectRequest"
	// UnescapeAndRedirect unescapes the slashes and redirects the client.
	UnescapeAndRedirect PathEscapedSlashAction = "UnescapeAndRedirect"
	// UnescapeAndForward unescapes the slashes and forwards the request.
	UnescapeAndForward PathEscapedSlashAction = "UnescapeAndForward"
)

// GRPCSettings holds a listener's gRPC features.
type GRPCSettings struct {
	// EnableGRPCWeb turns on the gRPC-Web filter.
	EnableGRPCWeb bool `json:"enableGRPCWeb,omitempty"`
	// EnableGRPCStats turns on the gRPC statistics filter.
	EnableGRPCStats bool `json:"enableGRPCStats,omitempty"`
}

// TCPListener is one TCP or TLS listener with the routes attached to it.
type TCPListener struct {
	// Name is unique within the Xds: <namespace>/<gateway>/<listener>.
	Name string `json:"name"`
	// Address is the IP address Envoy listens on.
	Address string `json:"address"`
	// Port is the port Envoy listens on.
	Port uint32 `json:"port"`
	// ExternalPort is the port clients use.
	ExternalPort uint32 `json:"externalPort,omitempty"`
	// IPFamily is the IP family of Address; DualStack on an IPv6 address
	// also accepts IPv4 clients. Nil means the family of Address.
	IPFamily *IPFamily `json:"ipFamily,omitempty"`
	// TLS, when set, holds the certificates of a TLS listener in Terminate
	// mode; routes that terminate TLS use them.
	TLS *TLSConfig `json:"tls,omitempty"`
	// TCPKeepalive turns on TCP keep-alive on accepted connections.
	TCPKeepalive *TCPKeepalive `json:"tcpKeepalive,omitempty"`
	// ProxyProtocol makes the listener read the PROXY protocol header.
	ProxyProtocol *ProxyProtocolSettings `json:"proxyProtocol,omitempty"`
	// Connection bounds the accepted connections (buffer limit, accepts
	// per event, and the connection limit's Value and CloseDelay).
	Connection *ClientConnection `json:"connection,omitempty"`
	// Timeout holds the connection timeouts (Timeout.HTTP is unused).
	Timeout *ClientTimeout `json:"timeout,omitempty"`
	// Routes are the TCPRoutes and TLSRoutes attached to the listener.
	Routes []*TCPRoute `json:"routes,omitempty"`
	// Metadata names the Gateway and listener this came from.
	Metadata *ResourceMetadata `json:"metadata,omitempty"`
}

// TCPRoute forwards the connections of a TCP or TLS listener, optionally
// chosen by SNI, to a destination.
type TCPRoute struct {
	// Name is unique within its listener.
	Name string `json:"name"`
	// TLS says how the route handles TLS; nil means plain TCP.
	TLS *TCPRouteTLS `json:"tls,omitempty"`
	// Destination is where connections go.
	Destination *RouteDestination `json:"destination,omitempty"`
	// Authorization, when set, accepts or closes each connection by the
	// client's address before it is forwarded: the first rule whose
	// principal.clientCIDRs holds the address decides, and DefaultAction
	// decides when none does. A TCP connection carries nothing else to
	// match, so a rule here sets principal.clientCIDRs and nothing that
	// only HTTP has (operation, cel, principal.jwt, principal.headers,
	// principal.clientIPGeoLocations). Nil lets every client through.
	Authorization *Authorization `json:"authorization,omitempty"`
	// Metadata names the route object this came from.
	Metadata *ResourceMetadata `json:"metadata,omitempty"`
}

// TCPRouteTLS says how a TCP route handles TLS: it either passes TLS
// through, choosing the route by SNI, or terminates it.
type TCPRouteTLS struct {
	// Inspector chooses the route by SNI without terminating TLS.
	Inspector *TLSInspectorConfig `json:"inspector,omitempty"`
	// Terminate terminates TLS with these certificates.
	Terminate *TLSConfig `json:"terminate,omitempty"`
}

// TLSInspectorConfig lists the server names a passthrough route accepts.
type TLSInspectorConfig struct {
	// SNIs are the server names; wildcards are allowed.
	SNIs []string `json:"snis,omitempty"`
}

// UDPListener is one UDP listener with the one route attached to it.
type UDPListener struct {
	// Name is unique within the Xds: <namespace>/<gateway>/<listener>.
	Name string `json:"name"`
	// Address is the IP address Envoy listens on.
	Address string `json:"address"`
	// Port is the port Envoy listens on.
	Port uint32 `json:"port"`
	// ExternalPort is the port clients use.
	ExternalPort uint32 `json:"externalPort,omitempty"`
	// IPFamily is the IP family of Address; DualStack on an IPv6 address
	// also accepts IPv4 clients. Nil means the family of Address.
	IPFamily *IPFamily `json:"ipFamily,omitempty"`
	// Route is the UDPRoute attached to the listener, if any.
	Route *UDPRoute `json:"route,omitempty"`
	// Metadata names the Gateway and listener this came from.
	Metadata *ResourceMetadata `json:"metadata,omitempty"`
}

// UDPRoute forwards the datagrams of a UDP listener to a destination.
type UDPRoute struct {
	// Name names the route.
	Name string `json:"name"`
	// Destination is where datagrams go.
	Destination *RouteDestination `json:"destination,omitempty"`
	// Metadata names the route object this came from.
	Metadata *ResourceMetadata `json:"metadata,omitempty"`
}
