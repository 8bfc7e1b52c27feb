package securitypolicy

import (
	"errors"
	"fmt"
	"net"

	"github.com/gatewaykit/gatewaykit/ir"
	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// The feature part of a SecurityPolicy: every check Envoy Gateway makes of
// a policy where it is applied, and what the checks resolve (secrets,
// external service destinations, OIDC endpoints), kept for building the IR.
// Where the policy applies, which policy wins and how parent and child
// policies merge is the policy engine's business (package policy).
//
// The error returned by buildFeatures is every problem found, each
// prefixed with the feature it concerns ("JWT: ...", "ExtAuth: ..."), joined
// in Envoy Gateway's order, which differs by target:
//
//   - route targets (HTTPRoute, GRPCRoute, TLSRoute, UDPRoute): the
//     policy-wide checks first (a failure stops there, reported as
//     "invalid SecurityPolicy: ..."); then BasicAuth, APIKeyAuth,
//     Authorization, then, for the Gateway the route is attached to, ExtAuth,
//     OIDC and JWT, then the GeoIP requirements of authorization on each
//     HTTP listener the route is attached to;
//   - TCPRoute targets: only authorization by client CIDR is supported
//     ("invalid SecurityPolicy for TCP route: ..."), then Authorization;
//   - Gateway, listener and ListenerSet targets: JWT, OIDC, BasicAuth,
//     APIKeyAuth, Authorization (unprefixed there, as in Envoy Gateway),
//     ExtAuth, then the GeoIP requirements on each HTTP listener concerned.
//
// After conditionMessage (first letter upper-cased, a final period) the
// error reads exactly like Envoy Gateway's status message.

// resolved is what a SecurityPolicy asks for where it is applied, with its
// references resolved. A nil member means the policy does not set that
// feature, or the feature could not be built (the error says why).
type resolved struct {
	cors          *egv1a1.CORS
	csrf          *egv1a1.CSRF
	jwt           *jwtAuth
	oidc          *oidcAuth
	basicAuth     *basicAuth
	apiKeyAuth    *apiKeyAuth
	extAuth       *extAuth
	authorization *authorization
	// geoIP lists, for each HTTP listener where a rule matching client IP
	// geolocations has what it needs, the GeoIP provider (from the
	// Gateway's EnvoyProxy) that listener gets; the translator sets it.
	geoIP []ListenerGeoIP
	// geoIPFailed are the HTTP listeners where those rules lack what they
	// need: the routes there fail closed, as Envoy Gateway's do, while the
	// policy's other listeners keep working.
	geoIPFailed []*ir.HTTPListener
	// failed is set when a problem other than GeoIP's was found: one that
	// concerns every route the policy covers.
	failed bool
	// extAuthOnly is set when those problems are all ext auth's, so that a
	// policy whose ext auth fails open can let requests through.
	extAuthOnly bool
}

// ownership says, for each feature of a merged policy, which of the two
// policies (route or parent) set it: references are resolved in the
// owner's namespace and IR names derive from the owner. Without a merge the
// policy owns everything.
type ownership struct {
	basicAuth, apiKeyAuth, authorization    *egv1a1.SecurityPolicy
	extAuth, extAuthBackendRefs             *egv1a1.SecurityPolicy
	oidc, oidcProviderRefs, oidcClientIDRef *egv1a1.SecurityPolicy
	oidcClientSecret, jwtProviders          *egv1a1.SecurityPolicy
	// extAuthContextExtensions maps a context extension name to the
	// policy that set it (empty without a merge).
	extAuthContextExtensions map[string]*egv1a1.SecurityPolicy
	// defaultOwner owns what no other member names: the policy itself,
	// or the route policy of a merge.
	defaultOwner *egv1a1.SecurityPolicy
}

// selfOwners is the ownership of a policy that was not merged.
func selfOwners(p *egv1a1.SecurityPolicy) *ownership {
	return &ownership{
		basicAuth: p, apiKeyAuth: p, authorization: p, extAuth: p, extAuthBackendRefs: p,
		oidc: p, oidcProviderRefs: p, oidcClientIDRef: p, oidcClientSecret: p, jwtProviders: p,
		defaultOwner: p,
	}
}

// mergedOwners is the ownership of the fields of a route policy merged
// into a parent (Gateway or listener) policy: the route policy owns what it
// sets, the parent the rest.
func mergedOwners(route, parent *egv1a1.SecurityPolicy) *ownership {
	pick := func(routeOwns bool) *egv1a1.SecurityPolicy {
		if routeOwns {
			return route
		}
		return parent
	}
	rs := &route.Spec
	extAuthRefs := func(ea *egv1a1.ExtAuth) bool {
		if ea == nil {
			return false
		}
		return (ea.HTTP != nil && (len(ea.HTTP.BackendRefs) > 0 || ea.HTTP.BackendRef != nil)) ||
			(ea.GRPC != nil && (len(ea.GRPC.BackendRefs) > 0 || ea.GRPC.BackendRef != nil))
	}
	o := &ownership{
		basicAuth:                pick(rs.BasicAuth != nil),
		apiKeyAuth:               pick(rs.APIKeyAuth != nil && len(rs.APIKeyAuth.CredentialRefs) > 0),
		authorization:            pick(rs.Authorization != nil && len(rs.Authorization.Rules) > 0),
		extAuth:                  pick(rs.ExtAuth != nil),
		extAuthBackendRefs:       pick(extAuthRefs(rs.ExtAuth)),
		oidc:                     pick(rs.OIDC != nil),
		oidcProviderRefs:         pick(rs.OIDC != nil && len(rs.OIDC.Provider.BackendRefs) > 0),
		oidcClientIDRef:          pick(rs.OIDC != nil && rs.OIDC.ClientIDRef != nil),
		oidcClientSecret:         pick(rs.OIDC != nil),
		jwtProviders:             pick(rs.JWT != nil && len(rs.JWT.Providers) > 0),
		defaultOwner:             route,
		extAuthContextExtensions: map[string]*egv1a1.SecurityPolicy{},
	}
	if parent.Spec.ExtAuth != nil {
		for _, ext := range parent.Spec.ExtAuth.ContextExtensions {
			o.extAuthContextExtensions[ext.Name] = parent
		}
	}
	if rs.ExtAuth != nil {
		for _, ext := range rs.ExtAuth.ContextExtensions {
			o.extAuthContextExtensions[ext.Name] = route
		}
	}
	return o
}

// contextExtensionOwner is the policy that set the context extension name.
func (o *ownership) contextExtensionOwner(name string) *egv1a1.SecurityPolicy {
	if p := o.extAuthContextExtensions[name]; p != nil {
		return p
	}
	return o.defaultOwner
}

// buildFeatures validates p where it is applied (see the comment at the
// top of this file for what is checked in which order) and resolves its
// features. The error is nil when the policy is valid there. When only
// some features fail, the others are still returned (Envoy Gateway applies
// them, and answers the routes with 500 unless only a fail-open ext auth
// failed: see resolved.extAuthOnly); when a policy-wide check fails,
// no features are returned.
func (t *builder) buildFeatures(p *egv1a1.SecurityPolicy, target Target) (*resolved, error) {
	if p == nil {
		return nil, errors.New("nil SecurityPolicy")
	}
	if err := validateForTarget(p, target.RouteKind); err != nil {
		if target.RouteKind == KindTCPRoute {
			return nil, fmt.Errorf("invalid SecurityPolicy for TCP route: %w", err)
		}
		return nil, fmt.Errorf("invalid SecurityPolicy: %w", err)
	}
	return t.build(p, selfOwners(p), target)
}

// buildMergedFeatures validates and resolves merged, the result of
// merging the route policy route into the parent (Gateway, listener or
// ListenerSet) policy parent, for the route target. The route policy itself
// must already have passed buildFeatures' policy-wide checks; those of
// the merged policy are reported without the "invalid SecurityPolicy"
// prefix, as Envoy Gateway reports them. References are resolved in the
// namespace of the policy that set each feature.
func (t *builder) buildMergedFeatures(merged, route, parent *egv1a1.SecurityPolicy, target Target) (*resolved, error) {
	if merged == nil || route == nil || parent == nil {
		return nil, errors.New("nil SecurityPolicy")
	}
	if err := validateForTarget(merged, target.RouteKind); err != nil {
		return nil, err
	}
	return t.build(merged, mergedOwners(route, parent), target)
}

// validateForTarget runs the policy-wide checks Envoy Gateway makes of a
// policy that targets a route of kind routeKind (none for other targets).
func validateForTarget(p *egv1a1.SecurityPolicy, routeKind string) error {
	switch routeKind {
	case "":
		return nil
	case KindTCPRoute:
		return validateTCP(&p.Spec)
	default:
		return validateRouteTarget(&p.Spec)
	}
}

// validateRouteTarget checks what a route-targeting policy must satisfy beyond its
// schema: API key sources name one kind of source each; OIDC's
// passThroughAuthHeader needs a JWT provider that reads a header.
func validateRouteTarget(s *egv1a1.SecurityPolicySpec) error {
	if s.APIKeyAuth != nil {
		for _, src := range s.APIKeyAuth.ExtractFrom {
			n := 0
			for _, l := range []int{len(src.Headers), len(src.Params), len(src.Cookies)} {
				if l > 0 {
					n++
				}
			}
			if n > 1 {
				return errors.New("only one of headers, params or cookies must be specified")
			}
		}
	}
	if s.OIDC != nil && s.OIDC.PassThroughAuthHeader != nil && *s.OIDC.PassThroughAuthHeader {
		if s.JWT == nil {
			return errors.New("the OIDC.PassThroughAuthHeader setting must be used in conjunction with JWT settings")
		}
		header := false
		for _, pr := range s.JWT.Providers {
			if pr.ExtractFrom == nil || len(pr.ExtractFrom.Headers) > 0 {
				header = true
				break
			}
		}
		if !header {
			return errors.New("the OIDC.PassThroughAuthHeader setting must be used in conjunction with a JWT provider that is configured to read from a header")
		}
	}
	return nil
}

// validateTCP checks a policy that targets a TCPRoute: only
// authorization by client CIDR can apply to TCP.
func validateTCP(s *egv1a1.SecurityPolicySpec) error {
	if s.CORS != nil || s.CSRF != nil || s.JWT != nil || s.OIDC != nil || s.APIKeyAuth != nil || s.BasicAuth != nil || s.ExtAuth != nil {
		return errors.New("only authorization is supported for TCP (routes/listeners)")
	}
	if s.Authorization == nil {
		return nil
	}
	for i := range s.Authorization.Rules {
		r := &s.Authorization.Rules[i]
		if r.Cel != nil {
			return fmt.Errorf("rule %d: CEL not supported for TCP", i)
		}
		if r.Principal == nil {
			continue
		}
		switch {
		case r.Principal.JWT != nil:
			return fmt.Errorf("rule %d: JWT not supported for TCP", i)
		case len(r.Principal.Headers) > 0:
			return fmt.Errorf("rule %d: headers not supported for TCP", i)
		case len(r.Principal.ClientIPGeoLocations) > 0:
			return fmt.Errorf("rule %d: clientIPGeoLocations not supported for TCP", i)
		}
		for _, c := range r.Principal.ClientCIDRs {
			if _, _, err := net.ParseCIDR(string(c)); err != nil {
				return fmt.Errorf("rule %d: invalid ClientCIDR %q: %w", i, c, err)
			}
		}
	}
	return nil
}

// build builds every feature of p with the ownership o, in the order
// Envoy Gateway builds them for the kind of target.
func (t *builder) build(p *egv1a1.SecurityPolicy, o *ownership, target Target) (*resolved, error) {
	s := &p.Spec
	f := &resolved{cors: s.CORS, csrf: s.CSRF}
	var errs, extAuthErrs []error
	add := func(feature string, err error) {
		if err != nil {
			errs = append(errs, prefixed(feature, err))
		}
	}
	var err error
	basicAuth := func() {
		if s.BasicAuth != nil {
			f.basicAuth, err = t.buildBasicAuth(s.BasicAuth, o.basicAuth)
			add("BasicAuth", err)
		}
	}
	apiKeyAuth := func() {
		if s.APIKeyAuth != nil {
			f.apiKeyAuth, err = t.buildAPIKeyAuth(s.APIKeyAuth, o.apiKeyAuth)
			add("APIKeyAuth", err)
		}
	}
	extAuth := func() {
		if s.ExtAuth != nil {
			f.extAuth, err = t.buildExtAuth(s.ExtAuth, o)
			if err != nil {
				err = prefixed("ExtAuth", err)
				errs = append(errs, err)
				extAuthErrs = append(extAuthErrs, err)
			}
		}
	}
	oidc := func() {
		if s.OIDC != nil {
			f.oidc, err = t.buildOIDC(p, s.OIDC, o)
			add("OIDC", err)
		}
	}
	jwt := func() {
		if s.JWT != nil {
			f.jwt, err = t.buildJWT(s.JWT, o.jwtProviders)
			add("JWT", err)
		}
	}
	if target.RouteKind != "" {
		basicAuth()
		apiKeyAuth()
		if s.Authorization != nil {
			f.authorization, err = buildAuthorization(s.Authorization, o.authorization)
			add("Authorization", err)
		}
		// Envoy Gateway builds these once per Gateway the route is
		// attached to; the target names that Gateway.
		if target.OnGateway {
			extAuth()
			oidc()
			jwt()
		}
	} else {
		jwt()
		oidc()
		basicAuth()
		apiKeyAuth()
		if s.Authorization != nil {
			f.authorization, err = buildAuthorization(s.Authorization, o.authorization)
			if err != nil {
				errs = append(errs, err)
			}
		}
		extAuth()
	}
	// The problems so far concern every route; a GeoIP problem only the
	// routes of its listener.
	f.failed = len(errs) > 0
	f.extAuthOnly = f.failed && len(errs) == len(extAuthErrs)
	if f.authorization != nil && f.authorization.usesGeoIP() && target.RouteKind != KindTCPRoute &&
		target.RouteKind != KindTLSRoute && target.RouteKind != KindUDPRoute {
		for _, l := range target.Listeners {
			if l == nil {
				continue
			}
			pr, err := checkGeoIP(f.authorization, l, target.GeoIP)
			if err != nil {
				errs = append(errs, prefixed("Authorization", err))
				f.geoIPFailed = append(f.geoIPFailed, l)
				continue
			}
			f.geoIP = append(f.geoIP, ListenerGeoIP{Listener: l, Provider: pr})
		}
	}
	return f, errors.Join(errs...)
}

// prefixed puts the feature's name before an error's text, as Envoy
// Gateway does.
func prefixed(feature string, err error) error {
	return fmt.Errorf("%s: %w", feature, err)
}

// checkGeoIP checks what authorization rules matching client IP
// geolocations need on the HTTP listener l: client IP detection (which
// the ClientTrafficPolicy in effect there has put into l) in exactly one
// way, not from X-Forwarded-For with trusted CIDRs, and the Gateway's
// EnvoyProxy configuring a MaxMind provider with the databases the rules
// use. It returns that provider in IR form.
func checkGeoIP(a *authorization, l *ir.HTTPListener, geo *egv1a1.EnvoyProxyGeoIP) (*ir.GeoIPProvider, error) {
	cid := l.ClientIPDetection
	if cid == nil {
		return nil, errors.New("authorization clientIPGeoLocations requires ClientTrafficPolicy.spec.clientIPDetection to be configured")
	}
	modes := 0
	for _, set := range []bool{cid.XForwardedFor != nil, cid.CustomHeader != nil, cid.DirectSourceIP != nil} {
		if set {
			modes++
		}
	}
	if modes != 1 {
		return nil, errors.New("authorization clientIPGeoLocations requires exactly one of ClientTrafficPolicy.spec.clientIPDetection.{xForwardedFor,customHeader,directSourceIP}")
	}
	if cid.XForwardedFor != nil && len(cid.XForwardedFor.TrustedCIDRs) > 0 {
		return nil, errors.New("authorization clientIPGeoLocations does not support ClientIPDetection.XForwardedFor.TrustedCIDRs")
	}
	var pr *ir.GeoIPProvider
	if geo != nil {
		var err error
		if pr, err = geoIPProvider(&geo.Provider); err != nil {
			return nil, err
		}
	}
	if pr == nil {
		return nil, errors.New("authorization clientIPGeoLocations requires EnvoyProxy.spec.geoIP.provider to be configured")
	}
	mm := pr.MaxMind
	need := a.geoIPNeeds()
	switch {
	case need.country && mm.CountryDBPath == nil && mm.CityDBPath == nil:
		return nil, errors.New("authorization clientIPGeoLocations.country requires EnvoyProxy.spec.geoIP.provider.maxMind.countryDbSource or cityDbSource")
	case need.region && mm.CityDBPath == nil:
		return nil, errors.New("authorization clientIPGeoLocations.region requires EnvoyProxy.spec.geoIP.provider.maxMind.cityDbSource")
	case need.city && mm.CityDBPath == nil:
		return nil, errors.New("authorization clientIPGeoLocations.city requires EnvoyProxy.spec.geoIP.provider.maxMind.cityDbSource")
	case need.asn && mm.ASNDBPath == nil:
		return nil, errors.New("authorization clientIPGeoLocations.asn requires EnvoyProxy.spec.geoIP.provider.maxMind.asnDbSource")
	case need.isp && mm.ISPDBPath == nil:
		return nil, errors.New("authorization clientIPGeoLocations.isp requires EnvoyProxy.spec.geoIP.provider.maxMind.ispDbSource")
	case need.anonymous && mm.AnonymousIPDBPath == nil:
		return nil, errors.New("authorization clientIPGeoLocations.anonymous requires EnvoyProxy.spec.geoIP.provider.maxMind.anonymousIpDbSource")
	case *mm == (ir.GeoIPMaxMindProvider{}):
		// Unreachable while every geolocation sets a criterion (see
		// checkGeoLocations); the IR needs a database.
		return nil, errors.New("authorization clientIPGeoLocations requires EnvoyProxy.spec.geoIP.provider.maxMind to configure a database")
	}
	return pr, nil
}

// geoIPProvider converts an EnvoyProxy's GeoIP provider. Besides Envoy
// Gateway's checks (the type, MaxMind's settings present) it refuses what
// the CRD schema would and Envoy cannot load: a database path that is not
// a .mmdb file (Envoy Gateway passes it on).
func geoIPProvider(p *egv1a1.GeoIPProvider) (*ir.GeoIPProvider, error) {
	if p.Type != egv1a1.GeoIPProviderTypeMaxMind {
		return nil, fmt.Errorf("unsupported geoIP provider type %q", p.Type)
	}
	m := p.MaxMind
	if m == nil {
		return nil, errors.New("geoIP provider MaxMind is missing maxMind configuration")
	}
	out := &ir.GeoIPMaxMindProvider{}
	for _, db := range []struct {
		field string
		src   *egv1a1.GeoIPDBSource
		dst   **string
	}{
		{"cityDbSource", m.CityDbSource, &out.CityDBPath},
		{"countryDbSource", m.CountryDbSource, &out.CountryDBPath},
		{"asnDbSource", m.AsnDbSource, &out.ASNDBPath},
		{"ispDbSource", m.IspDbSource, &out.ISPDBPath},
		{"anonymousIpDbSource", m.AnonymousIPDBSource, &out.AnonymousIPDBPath},
	} {
		if db.src == nil {
			continue
		}
		path := db.src.Local.Path
		if !ir.IsMaxMindDBPath(path) {
			return nil, fmt.Errorf("geoIP provider MaxMind %s.local.path %q is not the path of a .mmdb file", db.field, path)
		}
		*db.dst = &path
	}
	return &ir.GeoIPProvider{MaxMind: out}, nil
}

// DeprecatedFields returns the deprecated fields spec uses, by path, with
// the field that replaces each. spec.targetRef is left to the policy
// engine, which reports it for every policy kind.
func DeprecatedFields(spec *egv1a1.SecurityPolicySpec) map[string]string {
	out := map[string]string{}
	if spec == nil || spec.ExtAuth == nil {
		return out
	}
	if g := spec.ExtAuth.GRPC; g != nil && g.BackendRef != nil {
		out["spec.extAuth.grpc.backendRef"] = "spec.extAuth.grpc.backendRefs"
	}
	if h := spec.ExtAuth.HTTP; h != nil && h.BackendRef != nil {
		out["spec.extAuth.http.backendRef"] = "spec.extAuth.http.backendRefs"
	}
	return out
}

// configName is the name Envoy Gateway derives IR elements of a policy
// from: securitypolicy/<namespace>/<name>.
func configName(p *egv1a1.SecurityPolicy) string {
	return "securitypolicy/" + p.Namespace + "/" + p.Name
}
