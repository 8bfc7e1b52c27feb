package policy

import (
	"sort"
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// Policy is an object that attaches to Gateways, ListenerSets, listeners,
// routes or route rules. The four attachable kinds of
// gateway.envoyproxy.io implement it, and so can a vendor's own kind: embed
// egv1a1.PolicyTargetReferences in the spec and return it.
type Policy interface {
	metav1.Object
	// PolicyTargets returns what the policy targets.
	PolicyTargets() egv1a1.PolicyTargetReferences
}

// Mergeable is implemented by policies that can merge with the policy of
// the same kind on a route's parent instead of replacing it.
type Mergeable interface {
	// PolicyMergeType returns how to merge; nil means no merging.
	PolicyMergeType() *egv1a1.MergeType
}

// Kind describes a policy kind to the engine.
type Kind struct {
	// Group and Name are the kind's API group and kind, for example
	// gateway.envoyproxy.io and BackendTrafficPolicy. ReferenceGrants for
	// cross-namespace targets name them in spec.from.
	Group, Name string
	// Plural is the lower-camel plural used in Overridden and Merged
	// messages, for example backendTrafficPolicies.
	Plural string
	// RuleOverrideNoun, when set, replaces Plural in the message of a
	// route policy overridden by route rule policies (Envoy Gateway writes
	// "backendTrafficPolicy" there).
	RuleOverrideNoun string
	// TargetKinds are the kinds the policy may target (of group
	// gateway.networking.k8s.io). Targets of other kinds are ignored.
	TargetKinds []string
	// Deprecated returns the deprecated fields a policy uses, as field path
	// to replacement; spec.targetRef is added by the engine. May be nil.
	Deprecated func(Policy) map[string]string
	// ListenerConflict, when set, words the Conflicted message of a policy
	// whose listener (sectionName) another policy already took; owner is
	// the Gateway's or ListenerSet's name.
	ListenerConflict func(owner string) string
	// SectionsOverridden, when set, words the Overridden message of a
	// Gateway or ListenerSet policy as a list of the listener names that
	// more specific policies took (instead of listing listeners,
	// ListenerSets and routes).
	SectionsOverridden func(sections []string) string
}

// allows reports whether the kind may target kind.
func (k *Kind) allows(kind string) bool { return hasString(k.TargetKinds, kind) }

// The kinds of gateway.envoyproxy.io that the engine resolves. Their
// Deprecated functions are nil; callers that check deprecated fields copy
// the Kind and set it.
var (
	ClientTrafficPolicyKind = Kind{
		Group: egv1a1.GroupName, Name: "ClientTrafficPolicy", Plural: "clientTrafficPolicies",
		TargetKinds: []string{KindGateway, KindListenerSet},
		ListenerConflict: func(owner string) string {
			return "Unable to target section of " + owner + ", another ClientTrafficPolicy has already attached to it"
		},
		SectionsOverridden: func(sections []string) string {
			return "There are existing ClientTrafficPolicies that are overriding these sections [" + strings.Join(sections, " ") + "]"
		},
	}
	BackendTrafficPolicyKind = Kind{
		Group: egv1a1.GroupName, Name: "BackendTrafficPolicy", Plural: "backendTrafficPolicies",
		RuleOverrideNoun: "backendTrafficPolicy",
		TargetKinds:      []string{KindGateway, KindListenerSet, KindHTTPRoute, KindGRPCRoute, KindTLSRoute, KindTCPRoute, KindUDPRoute},
	}
	SecurityPolicyKind = Kind{
		Group: egv1a1.GroupName, Name: "SecurityPolicy", Plural: "securityPolicies",
		TargetKinds: []string{KindGateway, KindListenerSet, KindHTTPRoute, KindGRPCRoute, KindTCPRoute},
	}
	EnvoyExtensionPolicyKind = Kind{
		Group: egv1a1.GroupName, Name: "EnvoyExtensionPolicy", Plural: "envoyExtensionPolicies",
		TargetKinds: []string{KindGateway, KindListenerSet, KindHTTPRoute, KindGRPCRoute, KindTLSRoute, KindTCPRoute, KindUDPRoute},
	}
)

// SortPolicies orders policies the way Envoy Gateway processes them, which
// decides conflicts: oldest creationTimestamp first, then namespace, then
// name. The sort is stable.
func SortPolicies(list []Policy) {
	sort.SliceStable(list, func(i, j int) bool {
		a, b := list[i], list[j]
		ta, tb := a.GetCreationTimestamp(), b.GetCreationTimestamp()
		if !ta.Equal(&tb) {
			return ta.Before(&tb)
		}
		if a.GetNamespace() != b.GetNamespace() {
			return a.GetNamespace() < b.GetNamespace()
		}
		return a.GetName() < b.GetName()
	})
}
