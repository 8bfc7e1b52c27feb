package v1alpha1

import (
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// BackendCluster is TODO.
type BackendCluster struct {
	// BackendRef is TODO.
	// +optional
	BackendRef *gwapiv1.BackendObjectReference `json:"backendRef,omitempty"`

	// BackendRefs is TODO.
	// +kubebuilder:validation:MaxItems=16
	// +optional
	BackendRefs []BackendRef `json:"backendRefs,omitempty"`

	// BackendSettings is TODO.
	// +optional
	BackendSettings *ClusterSettings `json:"backendSettings,omitempty"`
}

// BackendRef is TODO.
type BackendRef struct {
	// Group is TODO.
	// +kubebuilder:default=""
	// +optional
	Group *gwapiv1.Group `json:"group,omitempty"`

	// Kind is TODO.
	// +kubebuilder:default=Service
	// +optional
	Kind *gwapiv1.Kind `json:"kind,omitempty"`

	// Name is TODO.
	// +required
	Name gwapiv1.ObjectName `json:"name"`

	// Namespace is TODO.
	// +optional
	Namespace *gwapiv1.Namespace `json:"namespace,omitempty"`

	// Port is TODO.
	// +optional
	Port *gwapiv1.PortNumber `json:"port,omitempty"`

	// Weight is TODO.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=1000000
	// +kubebuilder:default=1
	// +optional
	Weight *int32 `json:"weight,omitempty"`

	// Fallback is TODO.
	// +optional
	Fallback *bool `json:"fallback,omitempty"`
}
