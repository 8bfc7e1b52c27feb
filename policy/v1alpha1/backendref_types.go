package v1alpha1

import (
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// BackendCluster says how Envoy reaches an auxiliary service, such as an
// authorization server, OIDC provider, JWKS endpoint or external processor: the
// backends to send traffic to and the connection settings for them.
type BackendCluster struct {
	// BackendRef references the single backend of the service.
	//
	// Deprecated: use BackendRefs instead.
	// +optional
	BackendRef *gwapiv1.BackendObjectReference `json:"backendRef,omitempty"`

	// BackendRefs lists the backends (Service, ServiceImport or Backend) that serve
	// the requests, at most 16; traffic is split by their weights.
	// +kubebuilder:validation:MaxItems=16
	// +optional
	BackendRefs []BackendRef `json:"backendRefs,omitempty"`

	// BackendSettings tunes the connection to those backends (timeouts, load
	// balancing, retries, circuit breaking, health checks and so on).
	// +optional
	BackendSettings *ClusterSettings `json:"backendSettings,omitempty"`
}

// BackendRef points at one backend object, with an optional weight and
// fallback flag.
type BackendRef struct {
	// Group is the API group of the referent; empty, the default, means the core group.
	// +kubebuilder:default=""
	// +optional
	Group *gwapiv1.Group `json:"group,omitempty"`

	// Kind is the kind of the referent. It defaults to Service.
	// +kubebuilder:default=Service
	// +optional
	Kind *gwapiv1.Kind `json:"kind,omitempty"`

	// Name is the name of the referent.
	// +required
	Name gwapiv1.ObjectName `json:"name"`

	// Namespace is the namespace of the referent; the referring object's namespace
	// is used when unset. Another namespace requires a ReferenceGrant there.
	// +optional
	Namespace *gwapiv1.Namespace `json:"namespace,omitempty"`

	// Port is the destination port. For a Service it is required and is the
	// service port, not the target port.
	// +optional
	Port *gwapiv1.PortNumber `json:"port,omitempty"`

	// Weight is this backend's relative share of traffic, i.e. weight divided by
	// the sum of all weights in the list; 0 sends nothing. It defaults to 1.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=1000000
	// +kubebuilder:default=1
	// +optional
	Weight *int32 `json:"weight,omitempty"`

	// Fallback marks the backend as a failover target that only gets traffic once
	// the healthy share of the primary backends drops below about 72%
	// (overprovisioning factor 1.4). Configure health checks so failover and
	// recovery are detected.
	// +optional
	Fallback *bool `json:"fallback,omitempty"`
}
