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

// Backend is TODO.
type Backend struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	// Spec is TODO.
	// +required
	Spec BackendSpec `json:"spec"`

	// Status is TODO.
	// +optional
	Status BackendStatus `json:"status,omitempty"`
}

// +kubebuilder:object:root=true

// BackendList is TODO.
type BackendList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []Backend `json:"items"`
}

// BackendSpec is TODO.
type BackendSpec struct {
	// Type is TODO.
	// +kubebuilder:default=Endpoints
	// +optional
	Type *BackendType `json:"type,omitempty"`

	// Endpoints is TODO.
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=256
	// +optional
	Endpoints []BackendEndpoint `json:"endpoints,omitempty"`

	// AppProtocols is TODO.
	// +optional
	AppProtocols []AppProtocolType `json:"appProtocols,omitempty"`

	// Fallback is TODO.
	// +optional
	Fallback *bool `json:"fallback,omitempty"`

	// TLS is TODO.
	// +optional
	TLS *BackendTLSSettings `json:"tls,omitempty"`
}

// BackendType is TODO.
// +kubebuilder:validation:Enum=Endpoints;DynamicResolver
type BackendType string

const (
	// BackendTypeEndpoints is TODO.
	BackendTypeEndpoints BackendType = "Endpoints"
	// BackendTypeDynamicResolver is TODO.
	BackendTypeDynamicResolver BackendType = "DynamicResolver"
)

// BackendEndpoint is TODO.
type BackendEndpoint struct {
	// Hostname is TODO.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=253
	// +kubebuilder:validation:Pattern=`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`
	// +optional
	Hostname *string `json:"hostname,omitempty"`

	// FQDN is TODO.
	// +optional
	FQDN *FQDNEndpoint `json:"fqdn,omitempty"`

	// IP is TODO.
	// +optional
	IP *IPEndpoint `json:"ip,omitempty"`

	// Unix is TODO.
	// +optional
	Unix *UnixSocket `json:"unix,omitempty"`

	// Zone is TODO.
	// +optional
	Zone *string `json:"zone,omitempty"`
}

// FQDNEndpoint is TODO.
type FQDNEndpoint struct {
	// Hostname is TODO.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=253
	// +kubebuilder:validation:Pattern=`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\.?$`
	// +required
	Hostname string `json:"hostname"`

	// Port is TODO.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=65535
	// +required
	Port int32 `json:"port"`
}

// IPEndpoint is TODO.
type IPEndpoint struct {
	// Address is TODO.
	// +kubebuilder:validation:MinLength=3
	// +kubebuilder:validation:MaxLength=45
	// +kubebuilder:validation:Pattern=`^((25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)\.){3}(25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)$|^(([0-9a-fA-F]{1,4}:){1,7}[0-9a-fA-F]{1,4}|::|(([0-9a-fA-F]{1,4}:){0,5})?(:[0-9a-fA-F]{1,4}){1,2})$`
	// +required
	Address string `json:"address"`

	// Port is TODO.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=65535
	// +required
	Port int32 `json:"port"`
}

// UnixSocket is TODO.
type UnixSocket struct {
	// Path is TODO.
	// +required
	Path string `json:"path"`
}

// AppProtocolType is TODO.
// +kubebuilder:validation:Enum=gateway.envoyproxy.io/h2c;gateway.envoyproxy.io/ws;gateway.envoyproxy.io/wss
type AppProtocolType string

const (
	// AppProtocolTypeGatewayEnvoyproxyIoH2c is TODO.
	AppProtocolTypeGatewayEnvoyproxyIoH2c AppProtocolType = "gateway.envoyproxy.io/h2c"
	// AppProtocolTypeGatewayEnvoyproxyIoWs is TODO.
	AppProtocolTypeGatewayEnvoyproxyIoWs AppProtocolType = "gateway.envoyproxy.io/ws"
	// AppProtocolTypeGatewayEnvoyproxyIoWss is TODO.
	AppProtocolTypeGatewayEnvoyproxyIoWss AppProtocolType = "gateway.envoyproxy.io/wss"
)

// BackendTLSSettings is TODO.
type BackendTLSSettings struct {
	BackendTLSConfig `json:",inline"`

	// CaCertificateRefs is TODO.
	// +kubebuilder:validation:MaxItems=8
	// +optional
	CaCertificateRefs []gwapiv1.LocalObjectReference `json:"caCertificateRefs,omitempty"`

	// WellKnownCACertificates is TODO.
	// +optional
	WellKnownCACertificates *gwapiv1.WellKnownCACertificatesType `json:"wellKnownCACertificates,omitempty"`

	// InsecureSkipVerify is TODO.
	// +kubebuilder:default=false
	// +optional
	InsecureSkipVerify *bool `json:"insecureSkipVerify,omitempty"`

	// SNI is TODO.
	// +optional
	SNI *gwapiv1.PreciseHostname `json:"sni,omitempty"`

	// AutoSNIFromEndpointHostname is TODO.
	// +optional
	AutoSNIFromEndpointHostname *bool `json:"autoSNIFromEndpointHostname,omitempty"`
}

// BackendStatus is TODO.
type BackendStatus struct {
	// Conditions is TODO.
	// +kubebuilder:validation:MaxItems=8
	// +listType=map
	// +listMapKey=type
	// +optional
	Conditions []metav1.Condition `json:"conditions,omitempty"`
}
