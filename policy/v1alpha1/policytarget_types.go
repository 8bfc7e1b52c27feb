package v1alpha1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// PolicyTargetReferences is embedded in policy specs and says which resources
// the policy attaches to. Use TargetRefs and/or TargetSelectors; the policy
// applies to every resource picked by either. TargetRef and TargetRefs cannot be
// combined.
type PolicyTargetReferences struct {
	// TargetRef names a single resource in the policy's namespace, optionally one
	// section (listener or rule) of it.
	//
	// Deprecated: use TargetRefs or TargetSelectors instead.
	// +optional
	TargetRef *gwapiv1.LocalPolicyTargetReferenceWithSectionName `json:"targetRef,omitempty"`

	// TargetRefs names resources in the policy's namespace, each optionally narrowed
	// to one section such as a listener or route rule.
	// +optional
	TargetRefs []gwapiv1.LocalPolicyTargetReferenceWithSectionName `json:"targetRefs,omitempty"`

	// TargetSelectors picks target resources by their labels.
	// +optional
	TargetSelectors []TargetSelector `json:"targetSelectors,omitempty"`
}

// TargetSelector selects resources of one kind by label. MatchLabels and
// MatchExpressions are combined with AND.
type TargetSelector struct {
	// Group is the API group of the selected kind. It defaults to gateway.networking.k8s.io.
	// +kubebuilder:default=gateway.networking.k8s.io
	// +optional
	Group *gwapiv1.Group `json:"group,omitempty"`

	// Kind is the resource kind to select, e.g. HTTPRoute.
	// +required
	Kind gwapiv1.Kind `json:"kind"`

	// Namespaces widens the search beyond the policy's own namespace, which is
	// the only one searched when unset. Only namespaces watched by Envoy Gateway
	// count, and each cross-namespace target needs a ReferenceGrant there allowing
	// this policy kind; targets without one are ignored.
	// +optional
	Namespaces *TargetSelectorNamespaces `json:"namespaces,omitempty"`

	// MatchLabels requires these exact label values on the target.
	// +optional
	MatchLabels map[string]string `json:"matchLabels,omitempty"`

	// MatchExpressions lists label requirements that must all be satisfied.
	// +listType=atomic
	// +optional
	MatchExpressions []metav1.LabelSelectorRequirement `json:"matchExpressions,omitempty"`
}

// TargetSelectorNamespaces chooses the namespaces searched by a TargetSelector.
type TargetSelectorNamespaces struct {
	// From is Same (the policy's namespace, the default), All (every watched
	// namespace) or Selector (watched namespaces matching Selector).
	// +kubebuilder:default=Same
	// +required
	From TargetNamespaceFrom `json:"from"`

	// Selector picks namespaces by label; it must be set when From is Selector.
	// +optional
	Selector *metav1.LabelSelector `json:"selector,omitempty"`
}

// TargetNamespaceFrom says which namespaces a TargetSelector looks in.
// +kubebuilder:validation:Enum=Same;All;Selector
type TargetNamespaceFrom string

const (
	// TargetNamespaceFromSame looks only in the policy's own namespace.
	TargetNamespaceFromSame TargetNamespaceFrom = "Same"
	// TargetNamespaceFromAll looks in every namespace watched by Envoy Gateway.
	TargetNamespaceFromAll TargetNamespaceFrom = "All"
	// TargetNamespaceFromSelector looks in watched namespaces whose labels match the selector.
	TargetNamespaceFromSelector TargetNamespaceFrom = "Selector"
)

// MergeType is how a more specific configuration is combined with the one
// inherited from a parent.
type MergeType string

const (
	// MergeTypeStrategicMerge merges with Kubernetes strategic merge patch
	// semantics, where lists with merge keys are merged element by element.
	MergeTypeStrategicMerge MergeType = "StrategicMerge"
	// MergeTypeJSONMerge merges with RFC 7386 JSON merge patch semantics, where
	// lists are replaced as a whole.
	MergeTypeJSONMerge MergeType = "JSONMerge"
	// MergeTypeReplace does not merge: the more specific configuration replaces the
	// parent one.
	MergeTypeReplace MergeType = "Replace"
)
