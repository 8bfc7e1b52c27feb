package v1alpha1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// +kubebuilder:object:root=true
// +kubebuilder:resource:categories=envoy-gateway,shortName=be
// +kubebuilder:subresource:status
// +kubebuilder:storageversion
// +kubebuilder:printcolumn:name="Status",type=string,JSONPath=`.status.conditions[?(@.type=="Accepted")].reason`
// +kubebuilder:printcolumn:name="Age",type=date,JSONPath=`.metadata.creationTimestamp`

// Backend is the Backend kind: a routable destination defined directly by its
// endpoints (FQDN, IP or Unix socket) or resolved per request, together with
// how Envoy connects to it. Routes and policies reference it like a Service.
//
// The Backend API is disabled by default in Envoy Gateway because it can reach
// otherwise restricted destinations; loopback addresses and localhost are
// rejected.
type Backend struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	// Spec describes the endpoints and connection settings of the backend.
	// +required
	Spec BackendSpec `json:"spec"`

	// Status reports the conditions set by the controller, such as Accepted.
	// +optional
	Status BackendStatus `json:"status,omitempty"`
}

// +kubebuilder:object:root=true

// BackendList is a list of Backend objects.
type BackendList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []Backend `json:"items"`
}

// BackendSpec is the desired state of a Backend.
type BackendSpec struct {
	// Type is Endpoints (static endpoints listed in Endpoints) or DynamicResolver
	// (destination taken from each request). It defaults to Endpoints.
	// +kubebuilder:default=Endpoints
	// +optional
	Type *BackendType `json:"type,omitempty"`

	// Endpoints lists the addresses to send traffic to (1 to 256). FQDN endpoints
	// cannot be mixed with IP or Unix ones, and a DynamicResolver backend must not
	// list any.
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=256
	// +optional
	Endpoints []BackendEndpoint `json:"endpoints,omitempty"`

	// AppProtocols lists application protocols to use towards the backend, such as
	// cleartext HTTP/2 or WebSocket.
	// +optional
	AppProtocols []AppProtocolType `json:"appProtocols,omitempty"`

	// Fallback marks the backend as a failover target that only receives traffic
	// once the healthy share of the primary backends drops below about 72%
	// (overprovisioning factor 1.4). Configure health checks so failover and
	// recovery are detected.
	// +optional
	Fallback *bool `json:"fallback,omitempty"`

	// TLS enables and configures TLS towards the backend. When a BackendTLSPolicy
	// also applies, both are merged and the policy's values win where they overlap.
	// +optional
	TLS *BackendTLSSettings `json:"tls,omitempty"`
}

// BackendType says how a Backend finds its destinations.
// +kubebuilder:validation:Enum=Endpoints;DynamicResolver
type BackendType string

const (
	// BackendTypeEndpoints sends traffic to the endpoints listed in the Backend.
	BackendTypeEndpoints BackendType = "Endpoints"
	// BackendTypeDynamicResolver sends each request to the host named in its Host
	// header: an IP and port are used as is, a hostname is resolved through DNS.
	// This makes Envoy a forward proxy to arbitrary destinations.
	BackendTypeDynamicResolver BackendType = "DynamicResolver"
)

// BackendEndpoint is one destination address. Exactly one of FQDN, IP and Unix
// must be set.
type BackendEndpoint struct {
	// Hostname optionally names the endpoint; it is needed on IP and Unix endpoints
	// when the TLS setting AutoSNIFromEndpointHostname is enabled.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=253
	// +kubebuilder:validation:Pattern=`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`
	// +optional
	Hostname *string `json:"hostname,omitempty"`

	// FQDN is a DNS name and port, resolved by Envoy.
	// +optional
	FQDN *FQDNEndpoint `json:"fqdn,omitempty"`

	// IP is an IPv4 or IPv6 address and port.
	// +optional
	IP *IPEndpoint `json:"ip,omitempty"`

	// Unix is a Unix domain socket path. Envoy Gateway does not create the socket;
	// it has to be mounted into the proxy pod.
	// +optional
	Unix *UnixSocket `json:"unix,omitempty"`

	// Zone is the topology zone of the endpoint, used for zone-aware routing.
	// +optional
	Zone *string `json:"zone,omitempty"`
}

// FQDNEndpoint is a socket address given as a DNS name and port.
type FQDNEndpoint struct {
	// Hostname is the fully-qualified DNS name of the endpoint; localhost is not allowed.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=253
	// +kubebuilder:validation:Pattern=`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\.?$`
	// +required
	Hostname string `json:"hostname"`

	// Port is the destination port.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=65535
	// +required
	Port int32 `json:"port"`
}

// IPEndpoint is a socket address given as an IP address and port.
type IPEndpoint struct {
	// Address is the IPv4 or IPv6 address of the endpoint; loopback addresses are
	// not allowed.
	// +kubebuilder:validation:MinLength=3
	// +kubebuilder:validation:MaxLength=45
	// +kubebuilder:validation:Pattern=`^((25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)\.){3}(25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)$|^(([0-9a-fA-F]{1,4}:){1,7}[0-9a-fA-F]{1,4}|::|(([0-9a-fA-F]{1,4}:){0,5})?(:[0-9a-fA-F]{1,4}){1,2})$`
	// +required
	Address string `json:"address"`

	// Port is the destination port.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=65535
	// +required
	Port int32 `json:"port"`
}

// UnixSocket is a Unix domain socket address.
type UnixSocket struct {
	// Path is the filesystem path of the socket, at most 108 characters.
	// +required
	Path string `json:"path"`
}

// AppProtocolType is an application protocol Envoy can speak to a backend.
// +kubebuilder:validation:Enum=gateway.envoyproxy.io/h2c;gateway.envoyproxy.io/ws;gateway.envoyproxy.io/wss
type AppProtocolType string

const (
	// AppProtocolTypeGatewayEnvoyproxyIoH2c is HTTP/2 over cleartext (h2c).
	AppProtocolTypeGatewayEnvoyproxyIoH2c AppProtocolType = "gateway.envoyproxy.io/h2c"
	// AppProtocolTypeGatewayEnvoyproxyIoWs is WebSocket over plain HTTP.
	AppProtocolTypeGatewayEnvoyproxyIoWs AppProtocolType = "gateway.envoyproxy.io/ws"
	// AppProtocolTypeGatewayEnvoyproxyIoWss is WebSocket over HTTPS.
	AppProtocolTypeGatewayEnvoyproxyIoWss AppProtocolType = "gateway.envoyproxy.io/wss"
)

// BackendTLSSettings configures TLS from Envoy to a Backend: how the server
// certificate is verified, which SNI is sent, and, through the embedded
// BackendTLSConfig, the client certificate, versions, ciphers and ALPN.
type BackendTLSSettings struct {
	BackendTLSConfig `json:",inline"`

	// CaCertificateRefs lists ConfigMaps or Secrets whose "ca.crt" key holds the
	// CAs trusted for the backend certificate (currently a single reference).
	// Mutually exclusive with WellKnownCACertificates.
	// +kubebuilder:validation:MaxItems=8
	// +optional
	CaCertificateRefs []gwapiv1.LocalObjectReference `json:"caCertificateRefs,omitempty"`

	// WellKnownCACertificates, when set to System, trusts the system CA bundle
	// instead of CaCertificateRefs. Mutually exclusive with CaCertificateRefs.
	// +optional
	WellKnownCACertificates *gwapiv1.WellKnownCACertificatesType `json:"wellKnownCACertificates,omitempty"`

	// InsecureSkipVerify, when true, does not verify the backend certificate; CA
	// settings must then be left empty. It defaults to false.
	// +kubebuilder:default=false
	// +optional
	InsecureSkipVerify *bool `json:"insecureSkipVerify,omitempty"`

	// SNI is a fixed server name sent in the TLS handshake. A BackendTLSPolicy
	// hostname takes precedence. When neither is set (and
	// AutoSNIFromEndpointHostname is off), the SNI follows the request's Host
	// header. Mutually exclusive with AutoSNIFromEndpointHostname.
	// +optional
	SNI *gwapiv1.PreciseHostname `json:"sni,omitempty"`

	// AutoSNIFromEndpointHostname, when true, sends the hostname of the selected
	// endpoint as SNI instead of a fixed value. Mutually exclusive with SNI, not
	// allowed for DynamicResolver backends, and ignored when a BackendTLSPolicy
	// supplies a hostname.
	// +optional
	AutoSNIFromEndpointHostname *bool `json:"autoSNIFromEndpointHostname,omitempty"`
}

// BackendStatus is the observed state of a Backend.
type BackendStatus struct {
	// Conditions are the latest observations of the Backend, keyed by type, such
	// as Accepted (at most 8).
	// +kubebuilder:validation:MaxItems=8
	// +listType=map
	// +listMapKey=type
	// +optional
	Conditions []metav1.Condition `json:"conditions,omitempty"`
}
