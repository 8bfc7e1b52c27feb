package v1alpha1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// PolicyTargetReferences is TODO.
type PolicyTargetReferences struct {
	// TargetRef is TODO.
	// +optional
	TargetRef *gwapiv1.LocalPolicyTargetReferenceWithSectionName `json:"targetRef,omitempty"`

	// TargetRefs is TODO.
	// +optional
	TargetRefs []gwapiv1.LocalPolicyTargetReferenceWithSectionName `json:"targetRefs,omitempty"`

	// TargetSelectors is TODO.
	// +optional
	TargetSelectors []TargetSelector `json:"targetSelectors,omitempty"`
}

// TargetSelector is TODO.
type TargetSelector struct {
	// Group is TODO.
	// +kubebuilder:default=gateway.networking.k8s.io
	// +optional
	Group *gwapiv1.Group `json:"group,omitempty"`

	// Kind is TODO.
	// +required
	Kind gwapiv1.Kind `json:"kind"`

	// Namespaces is TODO.
	// +optional
	Namespaces *TargetSelectorNamespaces `json:"namespaces,omitempty"`

	// MatchLabels is TODO.
	// +optional
	MatchLabels map[string]string `json:"matchLabels,omitempty"`

	// MatchExpressions is TODO.
	// +listType=atomic
	// +optional
	MatchExpressions []metav1.LabelSelectorRequirement `json:"matchExpressions,omitempty"`
}

// TargetSelectorNamespaces is TODO.
type TargetSelectorNamespaces struct {
	// From is TODO.
	// +kubebuilder:default=Same
	// +required
	From TargetNamespaceFrom `json:"from"`

	// Selector is TODO.
	// +optional
	Selector *metav1.LabelSelector `json:"selector,omitempty"`
}

// TargetNamespaceFrom is TODO.
// +kubebuilder:validation:Enum=Same;All;Selector
type TargetNamespaceFrom string

const (
	// TargetNamespaceFromSame is TODO.
	TargetNamespaceFromSame TargetNamespaceFrom = "Same"
	// TargetNamespaceFromAll is TODO.
	TargetNamespaceFromAll TargetNamespaceFrom = "All"
	// TargetNamespaceFromSelector is TODO.
	TargetNamespaceFromSelector TargetNamespaceFrom = "Selector"
)

// MergeType is TODO.
type MergeType string

const (
	// MergeTypeStrategicMerge is TODO.
	MergeTypeStrategicMerge MergeType = "StrategicMerge"
	// MergeTypeJSONMerge is TODO.
	MergeTypeJSONMerge MergeType = "JSONMerge"
	// MergeTypeReplace is TODO.
	MergeTypeReplace MergeType = "Replace"
)
