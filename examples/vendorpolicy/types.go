package main

import (
	"fmt"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/gatewaykit/gatewaykit/policy"
	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// The vendor's API group, version and kind.
const (
	GroupName = "acme.example.com"
	Version   = "v1alpha1"
	KindName  = "RateShieldPolicy"
)

// RateShieldKind describes RateShieldPolicy to the policy engine. Its
// Group and Name are what a ReferenceGrant names in spec.from to let a
// RateShieldPolicy select targets in another namespace.
var RateShieldKind = policy.Kind{
	Group:       GroupName,
	Name:        KindName,
	Plural:      "rateShieldPolicies",
	TargetKinds: []string{policy.KindGateway, policy.KindHTTPRoute, policy.KindListenerSet},
	Deprecated:  nil, // no deprecated fields; spec.targetRef is still reported by the engine
}

// RateShieldPolicy limits the request rate of the Gateways, listeners,
// routes and route rules it targets.
type RateShieldPolicy struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	Spec   RateShieldPolicySpec `json:"spec"`
	Status gwapiv1.PolicyStatus `json:"status,omitempty"`
}

// RateShieldPolicySpec is what a RateShieldPolicy targets and sets. Every
// setting is a pointer with omitempty so that a merging policy (mergeType)
// can leave it to its parent: a field that is not set does not override.
type RateShieldPolicySpec struct {
	egv1a1.PolicyTargetReferences `json:",inline"`

	// RequestsPerSecond is the sustained rate allowed; it must be greater
	// than 0 in the effective configuration.
	// +optional
	RequestsPerSecond *int32 `json:"requestsPerSecond,omitempty"`

	// Burst is how many requests above the rate are allowed at once.
	// +optional
	Burst *int32 `json:"burst,omitempty"`

	// Mode is Enforce (the default) or DryRun.
	// +optional
	Mode *Mode `json:"mode,omitempty"`

	// MergeType, on a route or rule policy, merges it with the policy on
	// the route's listener, ListenerSet or Gateway instead of replacing it.
	// +optional
	MergeType *egv1a1.MergeType `json:"mergeType,omitempty"`
}

// Mode says whether a RateShieldPolicy rejects requests over the limit.
type Mode string

// Modes of a RateShieldPolicy.
const (
	ModeEnforce Mode = "Enforce"
	ModeDryRun  Mode = "DryRun"
)

// PolicyTargets implements policy.Policy.
func (p *RateShieldPolicy) PolicyTargets() egv1a1.PolicyTargetReferences {
	return p.Spec.PolicyTargetReferences
}

// PolicyMergeType implements policy.Mergeable.
func (p *RateShieldPolicy) PolicyMergeType() *egv1a1.MergeType { return p.Spec.MergeType }

var (
	_ policy.Policy    = (*RateShieldPolicy)(nil)
	_ policy.Mergeable = (*RateShieldPolicy)(nil)
)

// validate checks the settings of an effective configuration (a policy, or
// a route policy merged with its parent's) and returns the condition
// message of the first problem, "" when there is none.
func (s *RateShieldPolicySpec) validate() string {
	switch {
	case s.RequestsPerSecond == nil:
		return "RequestsPerSecond: Required value"
	case *s.RequestsPerSecond <= 0:
		return "RequestsPerSecond: must be greater than 0"
	case s.Burst != nil && *s.Burst < 0:
		return "Burst: must not be negative"
	case s.Mode != nil && *s.Mode != ModeEnforce && *s.Mode != ModeDryRun:
		return fmt.Sprintf("Mode: Unsupported value: %q: supported values: %q, %q", *s.Mode, ModeEnforce, ModeDryRun)
	}
	return ""
}
