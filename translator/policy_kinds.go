package translator

import (
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/gatewaykit/gatewaykit/ir"
	"github.com/gatewaykit/gatewaykit/policy"
	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// backendTrafficPolicyOps describes BackendTrafficPolicies to the policy
// pass.
func backendTrafficPolicyOps(t *translation) routePolicyOps {
	kind := policy.BackendTrafficPolicyKind
	kind.Deprecated = func(p policy.Policy) map[string]string {
		return btpDeprecatedFields(&p.(*egv1a1.BackendTrafficPolicy).Spec)
	}
	return routePolicyOps{
		kind:     kind,
		policies: policyList(&t.cfg, t.res.BackendTrafficPolicies),
		merge:    policy.MergeAs[*egv1a1.BackendTrafficPolicy],
		build: func(p policy.Policy, _ policyTarget) (func(*ir.HTTPRoute), error) {
			f, err := t.buildBTPFeatures(p.(*egv1a1.BackendTrafficPolicy))
			return f.applyToHTTPRoute, err
		},
		buildMerged: func(merged, child, parent policy.Policy, _ policyTarget) (func(*ir.HTTPRoute), error) {
			f, err := t.buildMergedBTPFeatures(merged.(*egv1a1.BackendTrafficPolicy), child.(*egv1a1.BackendTrafficPolicy), parent.(*egv1a1.BackendTrafficPolicy))
			return f.applyToHTTPRoute, err
		},
		emit: func(p policy.Policy, st gwapiv1.PolicyStatus) {
			c := p.(*egv1a1.BackendTrafficPolicy).DeepCopy()
			c.Status = st
			t.out.Statuses.BackendTrafficPolicies = append(t.out.Statuses.BackendTrafficPolicies, c)
		},
	}
}

// securityPolicyOps describes SecurityPolicies to the policy pass. They
// fail closed.
func securityPolicyOps(t *translation) routePolicyOps {
	return routePolicyOps{
		kind:       policy.SecurityPolicyKind,
		policies:   policyList(&t.cfg, t.res.SecurityPolicies),
		merge:      policy.MergeAs[*egv1a1.SecurityPolicy],
		failClosed: true,
		emit: func(p policy.Policy, st gwapiv1.PolicyStatus) {
			c := p.(*egv1a1.SecurityPolicy).DeepCopy()
			c.Status = st
			t.out.Statuses.SecurityPolicies = append(t.out.Statuses.SecurityPolicies, c)
		},
	}
}

// envoyExtensionPolicyOps describes EnvoyExtensionPolicies to the policy
// pass.
func envoyExtensionPolicyOps(t *translation) routePolicyOps {
	return routePolicyOps{
		kind:     policy.EnvoyExtensionPolicyKind,
		policies: policyList(&t.cfg, t.res.EnvoyExtensionPolicies),
		merge:    policy.MergeAs[*egv1a1.EnvoyExtensionPolicy],
		emit: func(p policy.Policy, st gwapiv1.PolicyStatus) {
			c := p.(*egv1a1.EnvoyExtensionPolicy).DeepCopy()
			c.Status = st
			t.out.Statuses.EnvoyExtensionPolicies = append(t.out.Statuses.EnvoyExtensionPolicies, c)
		},
	}
}

// processClientTrafficPolicies resolves ClientTrafficPolicies, which
// attach to Gateways, ListenerSets and listeners only: each listener takes
// the most specific one, and a policy that cannot be applied to one of its
// listeners is not accepted.
func (t *translation) processClientTrafficPolicies() {
	kind := policy.ClientTrafficPolicyKind
	res := policy.Resolve(&kind, policyList(&t.cfg, t.res.ClientTrafficPolicies), t.pol.topo, t.cfg.controllerName)
	for l, ls := range t.pol.listeners {
		if a := res.ParentOf(l); a != nil {
			ls.ctp = a.Policy.Policy.(*egv1a1.ClientTrafficPolicy)
		}
	}
	res.Finish()
	for _, rp := range res.Policies {
		c := rp.Policy.(*egv1a1.ClientTrafficPolicy).DeepCopy()
		c.Status = rp.Status
		t.out.Statuses.ClientTrafficPolicies = append(t.out.Statuses.ClientTrafficPolicies, c)
	}
}
