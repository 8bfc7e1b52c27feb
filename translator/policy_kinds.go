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

// securityPolicyOps describes SecurityPolicies to the policy pass. They
// fail closed.
func securityPolicyOps(t *translation) routePolicyOps {
	kind := policy.SecurityPolicyKind
	kind.Deprecated = func(p policy.Policy) map[string]string {
		return spDeprecatedFields(&p.(*egv1a1.SecurityPolicy).Spec)
	}
	return routePolicyOps{
		kind:     kind,
		policies: policyList(&t.cfg, t.res.SecurityPolicies),
		merge:    policy.MergeAs[*egv1a1.SecurityPolicy],
		build: func(p policy.Policy, target policyTarget) (func(*ir.HTTPRoute), error) {
			sp := p.(*egv1a1.SecurityPolicy)
			f, err := t.buildSPFeatures(sp, target)
			return t.spApply(sp, f, err)
		},
		buildMerged: func(merged, child, parent policy.Policy, target policyTarget) (func(*ir.HTTPRoute), error) {
			sp := merged.(*egv1a1.SecurityPolicy)
			f, err := t.buildMergedSPFeatures(sp, child.(*egv1a1.SecurityPolicy), parent.(*egv1a1.SecurityPolicy), target)
			return t.spApply(sp, f, err)
		},
		buildTCP: func(eff, owner policy.Policy) func(*ir.TCPRoute) {
			sp := eff.(*egv1a1.SecurityPolicy)
			if sp.Spec.Authorization == nil {
				return nil
			}
			a, err := spBuildAuthorization(sp.Spec.Authorization, owner.(*egv1a1.SecurityPolicy))
			if err != nil {
				return nil
			}
			auth := a.ir()
			return func(r *ir.TCPRoute) { r.Authorization = auth.DeepCopy() }
		},
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
		build: func(p policy.Policy, target policyTarget) (func(*ir.HTTPRoute), error) {
			f, err := t.buildEEPFeatures(p.(*egv1a1.EnvoyExtensionPolicy), target)
			if err != nil && (f == nil || f.failRoute) {
				return nil, err
			}
			// Valid, or failing open: the route keeps passing traffic.
			return func(*ir.HTTPRoute) {}, err
		},
		failClosed: true,
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
	return f.applyToHTTPRoute, nil
}

// spApply adapts built SecurityPolicy features to the policy pass: the
// routes the policy covers get the features that could be built, as Envoy
// Gateway does. They also answer 500 (fail closed) when the policy has
// errors, unless the only problem is an ext auth service that may fail
// open, and when the policy sets a feature the IR does not carry yet; such
// features are recorded in Result.Unenforced. A GeoIP problem (what
// geolocation rules need on a listener) fails closed only the routes of
// that listener; the listeners where the rules have what they need get the
// GeoIP provider.
func (t *translation) spApply(p *egv1a1.SecurityPolicy, f *spFeatures, err error) (func(*ir.HTTPRoute), error) {
	failed := err != nil
	var geoIPFailed map[*ir.HTTPRoute]bool
	if f != nil {
		failed = f.failed
		for _, l := range f.geoIPFailed {
			if geoIPFailed == nil {
				geoIPFailed = map[*ir.HTTPRoute]bool{}
			}
			for _, r := range l.Routes {
				geoIPFailed[r] = true
			}
		}
		// Every policy on a listener finds the same provider, its
		// Gateway's; it is set whatever else failed, as in Envoy Gateway.
		for _, g := range f.geoIP {
			g.listener.GeoIPProvider = g.provider.DeepCopy()
		}
	}
	failOpen := failed && f != nil && f.extAuthOnly && p.Spec.ExtAuth != nil && p.Spec.ExtAuth.FailOpen != nil && *p.Spec.ExtAuth.FailOpen
	failClosed := failed && !failOpen
	for _, field := range spUnenforcedFields(&p.Spec) {
		if failOpen && field == "spec.extAuth" {
			continue
		}
		failClosed = true
		t.noteUnenforced(egv1a1.KindSecurityPolicy, p.Namespace, p.Name, field)
	}
	sec := f.securityIR()
	if sec == nil && !failClosed && geoIPFailed == nil {
		if err != nil {
			// Failing open: the route keeps passing traffic, as the policy
			// asks.
			return func(*ir.HTTPRoute) {}, err
		}
		return nil, nil
	}
	return func(r *ir.HTTPRoute) {
		if sec != nil {
			r.Security = sec.DeepCopy()
		}
		if failClosed || geoIPFailed[r] {
			failClosedRoute(r)
		}
	}, err
}

// failClosedRoute makes a route answer 500 instead of reaching its
// backends.
func failClosedRoute(r *ir.HTTPRoute) {
	r.DirectResponse = &ir.CustomResponse{StatusCode: 500}
}
