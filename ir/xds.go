package ir

// Xds is the IR of one proxy fleet: everything that becomes the Envoy
// configuration of one IR key (a Gateway, or a GatewayClass when Gateways
// are merged). Listeners are kept in the order the translator produced
// them; package xds sorts what it emits, so that order never changes the
// output bytes.
//
// The JSON field names are those of Envoy Gateway's IR, so that an IR dump
// from either project reads the same.
type Xds struct {
	// ReadyListener, when set, is the listener that answers Envoy's
	// readiness probe.
	ReadyListener *ReadyListener `json:"readyListener,omitempty"`
	// AccessLog is the access logging shared by every listener.
	AccessLog *AccessLog `json:"accessLog,omitempty"`
	// GlobalResources holds resources shared by all listeners.
	GlobalResources *GlobalResources `json:"globalResources,omitempty"`
	// HTTP lists the HTTP and HTTPS listeners.
	HTTP []*HTTPListener `json:"http,omitempty"`
	// TCP lists the TCP and TLS listeners.
	TCP []*TCPListener `json:"tcp,omitempty"`
	// UDP lists the UDP listeners.
	UDP []*UDPListener `json:"udp,omitempty"`
	// EnvoyPatchPolicies are the EnvoyPatchPolicies that target this
	// fleet, in the order their patches are applied.
	EnvoyPatchPolicies []*EnvoyPatchPolicy `json:"envoyPatchPolicies,omitempty"`
}

// ReadyListener describes the listener that Envoy's readiness probe calls:
// it answers GET Path on Address:Port.
type ReadyListener struct {
	// Address is the IP address to listen on.
	Address string `json:"address"`
	// Port is the port to listen on.
	Port uint32 `json:"port"`
	// Path is the HTTP path of the probe.
	Path string `json:"path"`
	// IPFamily is IPv4, IPv6 or DualStack.
	IPFamily IPFamily `json:"ipFamily,omitempty"`
}

// IPFamily names the IP families a listener or cluster uses.
type IPFamily string

const (
	// IPv4 means IPv4 only.
	IPv4 IPFamily = "IPv4"
	// IPv6 means IPv6 only.
	IPv6 IPFamily = "IPv6"
	// DualStack means both IPv4 and IPv6.
	DualStack IPFamily = "DualStack"
)

// GlobalResources holds resources that do not belong to one listener.
type GlobalResources struct {
	// ProxyServiceCluster is the destination for the Kubernetes Service in
	// front of the Envoy fleet itself (used, for example, by features that
	// call back into the proxy).
	ProxyServiceCluster *RouteDestination `json:"proxyServiceCluster,omitempty"`
	// EnvoyClientCertificate is the certificate Envoy presents to the
	// control plane's own services (the Wasm module server). Package xds
	// emits it as a secret and, when a route uses Wasm, the cluster that
	// fetches modules over TLS with it.
	EnvoyClientCertificate *TLSCertificate `json:"envoyClientCertificate,omitempty"`
}

// AccessLog lists the access log sinks. Each list may be empty.
type AccessLog struct {
	// Text lists access logs written as formatted text.
	Text []*TextAccessLog `json:"text,omitempty"`
	// JSON lists access logs written as JSON objects.
	JSON []*JSONAccessLog `json:"json,omitempty"`
}

// TextAccessLog writes one line of text per request to a file.
type TextAccessLog struct {
	// Format is the Envoy format string; nil means Envoy Gateway's default
	// text format.
	Format *string `json:"format,omitempty"`
	// Path is the file to write to, for example /dev/stdout.
	Path string `json:"path"`
}

// JSONAccessLog writes one JSON object per request to a file.
type JSONAccessLog struct {
	// JSON maps output keys to Envoy format strings; empty means Envoy
	// Gateway's default JSON format.
	JSON map[string]string `json:"json,omitempty"`
	// Path is the file to write to, for example /dev/stdout.
	Path string `json:"path"`
}

// ResourceMetadata names the Kubernetes object an IR element came from. It
// becomes the envoy-gateway filter metadata of the Envoy resource.
type ResourceMetadata struct {
	// Kind is the object's kind, for example HTTPRoute.
	Kind string `json:"kind,omitempty"`
	// Name is the object's name.
	Name string `json:"name,omitempty"`
	// Namespace is the object's namespace.
	Namespace string `json:"namespace,omitempty"`
	// SectionName is the listener or rule name within the object, or a
	// port number for Services.
	SectionName string `json:"sectionName,omitempty"`
	// Annotations are the object's annotations whose keys start with
	// gateway.envoyproxy.io/, with that prefix removed, sorted by key.
	Annotations []Annotation `json:"annotations,omitempty"`
	// Policies lists the policies that apply to the element.
	Policies []PolicyMetadata `json:"policies,omitempty"`
}

// Annotation is one key and value copied from an object's annotations.
type Annotation struct {
	// Key is the annotation key without its prefix.
	Key string `json:"key"`
	// Value is the annotation value.
	Value string `json:"value"`
}

// PolicyMetadata names a policy that applies to an IR element.
type PolicyMetadata struct {
	// Kind is the policy kind.
	Kind string `json:"kind"`
	// Name is the policy name.
	Name string `json:"name"`
	// Namespace is the policy namespace.
	Namespace string `json:"namespace"`
}
