package v1alpha1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// +kubebuilder:object:root=true
// +kubebuilder:resource:categories=envoy-gateway,shortName=epp
// +kubebuilder:subresource:status
// +kubebuilder:storageversion
// +kubebuilder:printcolumn:name="Accepted",type=string,JSONPath=`.status.ancestors[0].conditions[?(@.type=="Accepted")].status`
// +kubebuilder:printcolumn:name="Programmed",type=string,JSONPath=`.status.ancestors[0].conditions[?(@.type=="Programmed")].status`
// +kubebuilder:printcolumn:name="Age",type=date,JSONPath=`.metadata.creationTimestamp`

// EnvoyPatchPolicy is TODO.
type EnvoyPatchPolicy struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	// Spec is TODO.
	// +required
	Spec EnvoyPatchPolicySpec `json:"spec"`

	// Status is TODO.
	// +optional
	Status gwapiv1.PolicyStatus `json:"status,omitempty"`
}

// +kubebuilder:object:root=true

// EnvoyPatchPolicyList is TODO.
type EnvoyPatchPolicyList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []EnvoyPatchPolicy `json:"items"`
}

// EnvoyPatchPolicySpec is TODO.
type EnvoyPatchPolicySpec struct {
	// Type is TODO.
	// +required
	Type EnvoyPatchType `json:"type"`

	// JsonPatches is TODO.
	// +optional
	JsonPatches []EnvoyJSONPatchConfig `json:"jsonPatches,omitempty"`

	// TargetRef is TODO.
	// +required
	TargetRef gwapiv1.LocalPolicyTargetReference `json:"targetRef"`

	// Priority is TODO.
	// +optional
	Priority *int32 `json:"priority,omitempty"`
}

// EnvoyPatchType is TODO.
// +kubebuilder:validation:Enum=JSONPatch
type EnvoyPatchType string

const (
	// EnvoyPatchTypeJSONPatch is TODO.
	EnvoyPatchTypeJSONPatch EnvoyPatchType = "JSONPatch"
)

// EnvoyJSONPatchConfig is TODO.
type EnvoyJSONPatchConfig struct {
	// Type is TODO.
	// +required
	Type EnvoyResourceType `json:"type"`

	// Name is TODO.
	// +required
	Name string `json:"name"`

	// Operation is TODO.
	// +required
	Operation JSONPatchOperation `json:"operation"`
}

// EnvoyResourceType is TODO.
// +kubebuilder:validation:Enum=type.googleapis.com/envoy.config.listener.v3.Listener;type.googleapis.com/envoy.config.route.v3.RouteConfiguration;type.googleapis.com/envoy.config.cluster.v3.Cluster;type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment;type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret
type EnvoyResourceType string

const (
	// EnvoyResourceTypeTypeGoogleapisComEnvoyConfigListenerV3Listener is TODO.
	EnvoyResourceTypeTypeGoogleapisComEnvoyConfigListenerV3Listener EnvoyResourceType = "type.googleapis.com/envoy.config.listener.v3.Listener"
	// EnvoyResourceTypeTypeGoogleapisComEnvoyConfigRouteV3RouteConfiguration is TODO.
	EnvoyResourceTypeTypeGoogleapisComEnvoyConfigRouteV3RouteConfiguration EnvoyResourceType = "type.googleapis.com/envoy.config.route.v3.RouteConfiguration"
	// EnvoyResourceTypeTypeGoogleapisComEnvoyConfigClusterV3Cluster is TODO.
	EnvoyResourceTypeTypeGoogleapisComEnvoyConfigClusterV3Cluster EnvoyResourceType = "type.googleapis.com/envoy.config.cluster.v3.Cluster"
	// EnvoyResourceTypeTypeGoogleapisComEnvoyConfigEndpointV3ClusterLoadAssignment is TODO.
	EnvoyResourceTypeTypeGoogleapisComEnvoyConfigEndpointV3ClusterLoadAssignment EnvoyResourceType = "type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment"
	// EnvoyResourceTypeTypeGoogleapisComEnvoyExtensionsTransportSocketsTlsV3Secret is TODO.
	EnvoyResourceTypeTypeGoogleapisComEnvoyExtensionsTransportSocketsTlsV3Secret EnvoyResourceType = "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret"
)
