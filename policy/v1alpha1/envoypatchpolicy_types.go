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

// EnvoyPatchPolicy is the EnvoyPatchPolicy kind: a low-level escape hatch
// that applies JSON Patch operations to the xDS resources (listeners, routes,
// clusters, endpoints, secrets) Envoy Gateway generates for a Gateway.
//
// It is disabled unless enabled in the EnvoyGateway configuration, and patches
// depend on generated resource names, which may change between releases.
type EnvoyPatchPolicy struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	// Spec holds the target Gateway and the patches to apply.
	// +required
	Spec EnvoyPatchPolicySpec `json:"spec"`

	// Status is written by the controller and reports, per ancestor, whether the
	// patches were accepted and programmed.
	// +optional
	Status gwapiv1.PolicyStatus `json:"status,omitempty"`
}

// +kubebuilder:object:root=true

// EnvoyPatchPolicyList is a list of EnvoyPatchPolicy objects.
type EnvoyPatchPolicyList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []EnvoyPatchPolicy `json:"items"`
}

// EnvoyPatchPolicySpec is the desired state of an EnvoyPatchPolicy.
type EnvoyPatchPolicySpec struct {
	// Type is the patch mechanism; JSONPatch is the only value.
	// +required
	Type EnvoyPatchType `json:"type"`

	// JSONPatches lists the patches, applied in order, when Type is JSONPatch.
	// +optional
	JSONPatches []EnvoyJSONPatchConfig `json:"jsonPatches,omitempty"`

	// TargetRef is the Gateway in the policy's namespace whose generated resources
	// are patched. When Gateways are merged into one deployment (mergeGateways), it
	// targets the GatewayClass instead.
	// +required
	TargetRef gwapiv1.LocalPolicyTargetReference `json:"targetRef"`

	// Priority orders several policies that patch the same target: lower values
	// are applied first. It defaults to 0.
	// +optional
	Priority *int32 `json:"priority,omitempty"`
}

// EnvoyPatchType is the mechanism used to patch generated xDS resources.
// +kubebuilder:validation:Enum=JSONPatch
type EnvoyPatchType string

const (
	// EnvoyPatchTypeJSONPatch applies RFC 6902 JSON Patch operations.
	EnvoyPatchTypeJSONPatch EnvoyPatchType = "JSONPatch"
)

// EnvoyJSONPatchConfig is one JSON Patch operation on one named xDS resource.
type EnvoyJSONPatchConfig struct {
	// Type is the xDS type URL of the resource to patch.
	// +required
	Type EnvoyResourceType `json:"type"`

	// Name is the name of the generated xDS resource, for example a listener name.
	// +required
	Name string `json:"name"`

	// Operation is the JSON Patch operation to apply to that resource.
	// +required
	Operation JSONPatchOperation `json:"operation"`
}

// EnvoyResourceType is the type URL of an xDS resource that can be patched.
// +kubebuilder:validation:Enum=type.googleapis.com/envoy.config.listener.v3.Listener;type.googleapis.com/envoy.config.route.v3.RouteConfiguration;type.googleapis.com/envoy.config.cluster.v3.Cluster;type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment;type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret
type EnvoyResourceType string

const (
	// EnvoyResourceTypeListener is the type URL of an Envoy Listener.
	EnvoyResourceTypeListener EnvoyResourceType = "type.googleapis.com/envoy.config.listener.v3.Listener"
	// EnvoyResourceTypeRouteConfiguration is the type URL of an Envoy RouteConfiguration.
	EnvoyResourceTypeRouteConfiguration EnvoyResourceType = "type.googleapis.com/envoy.config.route.v3.RouteConfiguration"
	// EnvoyResourceTypeCluster is the type URL of an Envoy Cluster.
	EnvoyResourceTypeCluster EnvoyResourceType = "type.googleapis.com/envoy.config.cluster.v3.Cluster"
	// EnvoyResourceTypeClusterLoadAssignment is the type URL of an Envoy ClusterLoadAssignment (endpoints).
	EnvoyResourceTypeClusterLoadAssignment EnvoyResourceType = "type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment"
	// EnvoyResourceTypeSecret is the type URL of an Envoy TLS Secret.
	EnvoyResourceTypeSecret EnvoyResourceType = "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret"
)
