package translator

import (
	"errors"
	"fmt"
	"strings"

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
			return t.btpApply(p.(*egv1a1.BackendTrafficPolicy), f, err)
		},
		buildMerged: func(merged, child, parent policy.Policy, _ policyTarget) (func(*ir.HTTPRoute), error) {
			f, err := t.buildMergedBTPFeatures(merged.(*egv1a1.BackendTrafficPolicy), child.(*egv1a1.BackendTrafficPolicy), parent.(*egv1a1.BackendTrafficPolicy))
			return t.btpApply(merged.(*egv1a1.BackendTrafficPolicy), f, err)
		},
		failClosed: true,
		emit: func(p policy.Policy, st gwapiv1.PolicyStatus) {
			c := p.(*egv1a1.BackendTrafficPolicy).DeepCopy()
			c.Status = st
			t.out.Statuses.BackendTrafficPolicies = append(t.out.Statuses.BackendTrafficPolicies, c)
		},
	}
}

// envoyExtensionPolicyOps describes EnvoyExtensionPolicies to the policy
// pass.
func envoyExtensionPolicyOps(t *translation) routePolicyOps {
	// failed holds the routes that a route or rule policy failed closed
	// without giving them extensions.
	failed := map[*ir.HTTPRoute]bool{}
	return routePolicyOps{
		kind:     policy.EnvoyExtensionPolicyKind,
		policies: policyList(&t.cfg, t.res.EnvoyExtensionPolicies),
		merge:    policy.MergeAs[*egv1a1.EnvoyExtensionPolicy],
		build: func(p policy.Policy, target policyTarget) (func(*ir.HTTPRoute), error) {
			apply, err := t.eepApply(t.buildEEPFeatures(p.(*egv1a1.EnvoyExtensionPolicy), target))
			if apply == nil || target.routeKind == "" {
				return apply, err
			}
			return func(r *ir.HTTPRoute) {
				apply(r)
				if r.EnvoyExtensions == nil && r.DirectResponse != nil {
					failed[r] = true
				}
			}, err
		},
		inheritsParent: func(r *ir.HTTPRoute) bool { return failed[r] && r.EnvoyExtensions == nil },
		failClosed:     true,
		emit: func(p policy.Policy, st gwapiv1.PolicyStatus) {
			c := p.(*egv1a1.EnvoyExtensionPolicy).DeepCopy()
			c.Status = st
			t.out.Statuses.EnvoyExtensionPolicies = append(t.out.Statuses.EnvoyExtensionPolicies, c)
		},
	}
}

// processClientTrafficPolicies resolves ClientTrafficPolicies, which
// attach to Gateways, ListenerSets and listeners only: each listener takes
// the most specific one. A policy that cannot be applied to one of its
// listeners is not accepted; the problems of all its listeners are joined
// in the message.
func (t *translation) processClientTrafficPolicies() {
	kind := policy.ClientTrafficPolicyKind
	kind.Deprecated = func(p policy.Policy) map[string]string {
		return ctpDeprecatedFields(&p.(*egv1a1.ClientTrafficPolicy).Spec)
	}
	res := policy.Resolve(&kind, policyList(&t.cfg, t.res.ClientTrafficPolicies), t.pol.topo, t.cfg.controllerName)
	now := t.cfg.now()
	errs := map[*policy.Attachment][]error{}
	var warned []*policy.Attachment
	warnings := map[*policy.Attachment][]ctpWarning{}
	for _, gs := range t.gatewayList {
		for _, ls := range gs.listeners {
			if ls == nil || ls.spec == nil {
				continue
			}
			a := res.ParentOf(t.pol.listenerOf(ls))
			if a == nil {
				continue
			}
			p := a.Policy.Policy.(*egv1a1.ClientTrafficPolicy)
			ls.ctp = p
			if err := t.ctpPortOverlap(ls, a); err != nil {
				errs[a] = append(errs[a], err)
				continue
			}
			f, err := t.buildCTPFeatures(p, ls, now)
			f.applyToListener(ls)
			if err != nil {
				errs[a] = append(errs[a], err)
			}
			if f != nil && len(f.warnings) > 0 {
				if warnings[a] == nil {
					warned = append(warned, a)
				}
				warnings[a] = append(warnings[a], f.warnings...)
			}
		}
	}
	for _, a := range res.Attachments {
		if e := errs[a]; len(e) > 0 {
			a.Invalid(policy.ConditionMessage(errors.Join(e...)))
		}
	}
	res.Finish()
	for _, a := range warned {
		for _, w := range warnings[a] {
			a.Warn(w.reason, w.message)
		}
	}
	for _, rp := range res.Policies {
		c := rp.Policy.(*egv1a1.ClientTrafficPolicy).DeepCopy()
		c.Status = rp.Status
		t.out.Statuses.ClientTrafficPolicies = append(t.out.Statuses.ClientTrafficPolicies, c)
	}
}

// ctpPortOverlap refuses a ClientTrafficPolicy on a plain HTTP listener
// that shares its port with other plain HTTP listeners of the same Envoy
// fleet, since they share one Envoy listener: a policy on one listener
// would change the others too. A policy on a whole Gateway or ListenerSet
// may cover the listeners it owns itself; only the others count.
func (t *translation) ctpPortOverlap(ls *listenerState, a *policy.Attachment) error {
	if ls.http == nil || ls.http.TLS != nil {
		return nil
	}
	name := ls.irName()
	owner := name[:strings.LastIndex(name, "/")+1]
	var others []string
	for _, gs := range t.gatewayList {
		if gs.ir != ls.gw.ir {
			continue
		}
		for _, o := range gs.listeners {
			if o == ls || o == nil || o.http == nil || o.http.TLS != nil || o.http.Port != ls.http.Port {
				continue
			}
			oname := o.irName()
			if a.Scope != policy.ScopeListener && strings.HasPrefix(oname, owner) {
				continue
			}
			others = append(others, oname)
		}
	}
	if len(others) == 0 {
		return nil
	}
	return fmt.Errorf("ClientTrafficPolicy is being applied to multiple http (non https) listeners (%s) on the same port, which is not allowed", strings.Join(others, ", "))
}

// btpApply adapts built BackendTrafficPolicy features to the policy pass:
// a policy with errors has no apply function, so its routes answer 500. An
// accepted policy that sets a feature the IR cannot carry records it in
// Result.Unenforced; its routes answer 500 too (applyToHTTPRoute).
func (t *translation) btpApply(p *egv1a1.BackendTrafficPolicy, f *btpFeatures, err error) (func(*ir.HTTPRoute), error) {
	if err != nil || f == nil {
		return nil, err
	}
	for _, field := range f.unenforced {
		t.noteUnenforced(egv1a1.KindBackendTrafficPolicy, p.Namespace, p.Name, field)
	}
	if f.routingType == nil {
		return f.applyToHTTPRoute, nil
	}
	rt := *f.routingType
	return func(r *ir.HTTPRoute) {
		if r == nil || r.Traffic != nil || r.UseClientProtocol != nil {
			// Claimed by a more specific policy (applyToHTTPRoute).
			return
		}
		f.applyToHTTPRoute(r)
		t.applyRoutingType(r, rt)
	}, nil
}

// failClosedRoute makes a route answer 500 instead of reaching its
// backends.
func failClosedRoute(r *ir.HTTPRoute) {
	r.DirectResponse = &ir.CustomResponse{StatusCode: 500}
}
