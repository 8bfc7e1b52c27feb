package translator

import (
	"context"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/gatewaykit/gatewaykit/ir"
	"github.com/gatewaykit/gatewaykit/policy"
	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
	"github.com/gatewaykit/gatewaykit/translator/internal/securitypolicy"
)

// The Secret that holds the key signing the cookies of every OIDC login:
// Secret OIDCHMACSecretName in the controller namespace, key
// OIDCHMACSecretKey. Envoy Gateway's installer creates it with random
// bytes; a SecurityPolicy with OIDC is not accepted without it.
const (
	OIDCHMACSecretName = securitypolicy.OIDCHMACSecretName
	OIDCHMACSecretKey  = securitypolicy.OIDCHMACSecretKey
)

// SecurityPolicies in the policy pass. Their features are built by package
// securitypolicy; this file gives that package what it needs of the
// translation (spEnv) and puts the features on the IR routes.

// securityPolicyOps describes SecurityPolicies to the policy pass. They
// fail closed.
func securityPolicyOps(t *translation) routePolicyOps {
	kind := policy.SecurityPolicyKind
	kind.Deprecated = func(p policy.Policy) map[string]string {
		return securitypolicy.DeprecatedFields(&p.(*egv1a1.SecurityPolicy).Spec)
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
			auth, err := securitypolicy.BuildTCPAuthorization(sp.Spec.Authorization, owner.(*egv1a1.SecurityPolicy))
			if err != nil {
				return nil
			}
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

// buildSPFeatures checks p where target says it applies and builds its
// features (see securitypolicy.Build).
func (t *translation) buildSPFeatures(p *egv1a1.SecurityPolicy, target policyTarget) (*securitypolicy.Features, error) {
	return securitypolicy.Build(t.spEnv(target.gw), p, t.spTarget(target))
}

// buildMergedSPFeatures builds the features of merged, a route policy
// merged into its parent's (see securitypolicy.BuildMerged).
func (t *translation) buildMergedSPFeatures(merged, route, parent *egv1a1.SecurityPolicy, target policyTarget) (*securitypolicy.Features, error) {
	return securitypolicy.BuildMerged(t.spEnv(target.gw), merged, route, parent, t.spTarget(target))
}

// spTarget describes target to package securitypolicy.
func (t *translation) spTarget(target policyTarget) securitypolicy.Target {
	out := securitypolicy.Target{RouteKind: target.routeKind, OnGateway: target.gw != nil}
	if gw := target.gw; gw != nil && gw.envoyProxy != nil {
		out.GeoIP = gw.envoyProxy.GeoIP
	}
	for _, ls := range target.listeners {
		if ls != nil && ls.http != nil {
			out.Listeners = append(out.Listeners, ls.http)
		}
	}
	return out
}

// spEnv is the translation as package securitypolicy sees it, on the
// Gateway gw (nil when a route policy is checked on its own).
type spEnv struct {
	t  *translation
	gw *gatewayState
}

func (t *translation) spEnv(gw *gatewayState) spEnv { return spEnv{t: t, gw: gw} }

func (e spEnv) Secret(ns, name string) *corev1.Secret { return e.t.idx.secrets[nameOf(ns, name)] }

func (e spEnv) ConfigMap(ns, name string) *corev1.ConfigMap {
	return e.t.idx.configMaps[nameOf(ns, name)]
}

func (e spEnv) Backend(ns, name string) *egv1a1.Backend { return e.t.idx.backends[nameOf(ns, name)] }

func (e spEnv) RefGranted(fromNS, toGroup, toKind, toNS, toName string) bool {
	return e.t.policyRefGranted(egv1a1.KindSecurityPolicy, fromNS, toGroup, toKind, toNS, toName)
}

func (e spEnv) ExtServiceDestination(policyNS, name string, refs []egv1a1.BackendRef, protocol ir.AppProtocol) (*ir.RouteDestination, error) {
	return e.t.extServiceDestination(egv1a1.KindSecurityPolicy, policyNS, name, refs, protocol, e.gw)
}

func (spEnv) ClusterTraffic(cs *egv1a1.ClusterSettings) (*ir.TrafficFeatures, error) {
	return clusterTraffic(cs)
}

func (e spEnv) ControllerNamespace() string { return e.t.cfg.controllerNamespace }

// DiscoverOIDC asks the discovery set with WithOIDCDiscovery; without one,
// nothing can be fetched and the provider is rejected.
func (e spEnv) DiscoverOIDC(issuer string) (*securitypolicy.OIDCProviderMetadata, error) {
	d := e.t.cfg.oidcDiscovery
	if d == nil {
		return nil, fmt.Errorf("failed fetching openid-configuration from issuer URL: %s, no OIDC discovery configured", issuer)
	}
	md, err := d.Discover(context.Background(), issuer)
	if err != nil || md == nil {
		return nil, err
	}
	return &securitypolicy.OIDCProviderMetadata{
		AuthorizationEndpoint: md.AuthorizationEndpoint,
		TokenEndpoint:         md.TokenEndpoint,
		EndSessionEndpoint:    md.EndSessionEndpoint,
	}, nil
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
func (t *translation) spApply(p *egv1a1.SecurityPolicy, f *securitypolicy.Features, err error) (func(*ir.HTTPRoute), error) {
	failed := err != nil
	var geoIPFailed map[*ir.HTTPRoute]bool
	if f != nil {
		failed = f.Failed()
		for _, l := range f.GeoIPFailed() {
			if geoIPFailed == nil {
				geoIPFailed = map[*ir.HTTPRoute]bool{}
			}
			for _, r := range l.Routes {
				geoIPFailed[r] = true
			}
		}
		// Every policy on a listener finds the same provider, its
		// Gateway's; it is set whatever else failed, as in Envoy Gateway.
		for _, g := range f.GeoIP() {
			g.Listener.GeoIPProvider = g.Provider.DeepCopy()
		}
	}
	failOpen := failed && f.ExtAuthOnly() && p.Spec.ExtAuth != nil && p.Spec.ExtAuth.FailOpen != nil && *p.Spec.ExtAuth.FailOpen
	failClosed := failed && !failOpen
	for _, field := range securitypolicy.UnenforcedFields(&p.Spec) {
		if failOpen && field == "spec.extAuth" {
			continue
		}
		failClosed = true
		t.noteUnenforced(egv1a1.KindSecurityPolicy, p.Namespace, p.Name, field)
	}
	sec := f.IR()
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
