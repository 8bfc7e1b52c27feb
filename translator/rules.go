package translator

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/gatewaykit/gatewaykit/ir"
	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// defaultRequestTimeout replaces a rule timeout that does not parse.
const defaultRequestTimeout = 15 * time.Second

// Patterns that a GRPCRoute regular-expression method match uses for the
// part (service or method) it leaves out.
const (
	grpcServicePattern = `(?i)\.?[a-z_][a-z_0-9]*(\.[a-z_][a-z_0-9]*)*`
	grpcMethodPattern  = `[A-Za-z_][A-Za-z_0-9]*`
)

// routePrefix is <kind>/<namespace>/<name>/, the start of every IR name
// derived from a route.
func routePrefix(rs *routeSpec) string {
	return strings.ToLower(rs.kind) + "/" + rs.meta.Namespace + "/" + rs.meta.Name + "/"
}

// destinationName names the IR destination of rule i.
func destinationName(rs *routeSpec, i int) string {
	return fmt.Sprintf("%srule/%d", routePrefix(rs), i)
}

// translateRules turns the route's rules into IR routes (not yet per
// hostname) for parent p. It returns the problems found, and the indexes of
// the rules that were dropped because they are not acceptable.
func (t *translation) translateRules(rs *routeSpec, p *routeParent) ([]ruleRoute, *problems, []int) {
	var (
		out     []ruleRoute
		probs   = &problems{}
		dropped []int
	)
	for ri := range rs.rules {
		rule := &rs.rules[ri]
		isDropped, filterFailed := false, false
		fc, ferrs := t.processFilters(rs, p, ri, rule.filters, rs.kind == kindGRPCRoute)
		for _, e := range ferrs {
			probs.add(e)
			if e.typ == gwapiv1.RouteConditionAccepted {
				isDropped = true
			}
			// A mirror without endpoints is reported but still serves.
			filterFailed = filterFailed || e.typ != routeConditionBackendsAvailable
		}
		meta := routeMetadata(rs.kind, rs.meta, rule.name)
		var (
			routes []*ir.HTTPRoute
			err    *routeProblem
		)
		if rule.http != nil {
			routes, err = t.httpRuleRoutes(rs, ri, rule.http, fc, meta)
		} else {
			routes, err = grpcRuleRoutes(rs, ri, rule.grpc, fc, meta)
		}
		if err != nil {
			probs.add(routeProblem{typ: gwapiv1.RouteConditionAccepted, reason: acceptedReason(err.reason),
				msg: fmt.Sprintf("failed to process route rule %d: %s", ri, err.msg)})
			dropped = append(dropped, ri)
			continue
		}

		destName := destinationName(rs, ri)
		settings := make([]*ir.DestinationSetting, 0, len(rule.backendRefs))
		destErr, noEndpoints, dynamic := false, false, false
		for bi := range rule.backendRefs {
			ds, perr := t.resolveBackendRef(rs, p, &rule.backendRefs[bi], fmt.Sprintf("%s/backend/%d", destName, bi))
			if perr != nil {
				if perr.reason == reasonEndpointsNotFound {
					probs.add(routeProblem{typ: routeConditionBackendsAvailable, reason: perr.reason,
						msg: "failed to find endpoints: " + perr.msg})
					noEndpoints = true
				} else {
					probs.add(routeProblem{typ: perr.typOr(gwapiv1.RouteConditionResolvedRefs), reason: perr.reason,
						msg: fmt.Sprintf("failed to process route rule %d backendRef %d: %s", ri, bi, perr.msg)})
					ds.Invalid = true
					destErr = true
				}
			}
			if ds.Weight != nil && *ds.Weight == 0 {
				continue
			}
			settings = append(settings, ds)
			dynamic = dynamic || ds.IsDynamicResolver
		}
		if fc.URLRewrite != nil && fc.URLRewrite.Host != nil && fc.URLRewrite.Host.Backend != nil && *fc.URLRewrite.Host.Backend {
			for _, ds := range settings {
				setServiceHostname(ds)
			}
		}

		valid := validWeight(settings)
		status := uint32(0)
		switch {
		case filterFailed:
			// Envoy Gateway overrides even a filter's own response here.
			for _, r := range routes {
				r.DirectResponse = &ir.CustomResponse{StatusCode: 500}
			}
		case destErr && valid == 0:
			status = 500
		case noEndpoints && valid == 0:
			status = 503
		case valid == 0:
			status = 500
		case dynamic && fc.URLRewrite != nil && fc.URLRewrite.Host != nil && fc.URLRewrite.Host.PathRegex != nil:
			status = 500
			probs.add(routeProblem{typ: gwapiv1.RouteConditionResolvedRefs, reason: gwapiv1.RouteReasonUnsupportedValue,
				msg: fmt.Sprintf("failed to process route rule %d: host rewrite from path (PathRegex) is not supported with a dynamic resolver backend", ri)})
		case dynamic && len(rule.backendRefs) > 1:
			status = 500
			probs.add(routeProblem{typ: gwapiv1.RouteConditionResolvedRefs, reason: reasonInvalidBackendRef,
				msg: fmt.Sprintf("failed to process route rule %d: dynamic resolver is not supported for multiple backendRefs", ri)})
		default:
			for _, r := range routes {
				if r.DirectResponse != nil || r.Redirect != nil {
					continue
				}
				r.Destination = &ir.RouteDestination{Name: destName, Settings: settings, Metadata: meta}
			}
		}
		if status != 0 {
			for _, r := range routes {
				if r.DirectResponse == nil && r.Redirect == nil {
					r.DirectResponse = &ir.CustomResponse{StatusCode: status}
				}
			}
		}
		if rs.kind == kindGRPCRoute {
			for _, r := range routes {
				r.IsHTTP2 = true
			}
		}
		if isDropped {
			dropped = append(dropped, ri)
		}
		for _, r := range routes {
			out = append(out, ruleRoute{rule: ri, r: r})
		}
	}
	return out, probs, dropped
}

// ruleRoute is an IR route made for rule (its index) of a route.
type ruleRoute struct {
	rule int
	r    *ir.HTTPRoute
}

// validWeight is the total weight of the settings that can take traffic.
func validWeight(settings []*ir.DestinationSetting) uint32 {
	var w uint32
	for _, s := range settings {
		if s.Invalid || (len(s.Endpoints) == 0 && !s.IsDynamicResolver) {
			continue
		}
		if s.Weight == nil {
			w++
		} else {
			w += *s.Weight
		}
	}
	return w
}

// setServiceHostname points the Hostname of a Service setting's endpoints
// at the Service's cluster DNS name (for host rewrites to the backend).
func setServiceHostname(ds *ir.DestinationSetting) {
	if ds == nil || ds.Metadata == nil || ds.Metadata.Kind != "Service" || ds.Metadata.Name == "" {
		return
	}
	h := ds.Metadata.Name + "." + ds.Metadata.Namespace + ".svc.cluster.local"
	for _, ep := range ds.Endpoints {
		if ep != nil {
			ep.Hostname = &h
		}
	}
}

// httpRuleRoutes builds the IR routes of one HTTPRoute rule, one per match
// (and per extra match of an HTTPRouteFilter), or one matching everything.
func (t *translation) httpRuleRoutes(rs *routeSpec, ri int, rule *gwapiv1.HTTPRouteRule, fc *filterResult, meta *ir.ResourceMetadata) ([]*ir.HTTPRoute, *routeProblem) {
	sp, err := sessionPersistence(rs, ri, rule.SessionPersistence)
	if err != nil {
		return nil, err
	}
	type combo struct {
		m       gwapiv1.HTTPRouteMatch
		cookies []egv1a1.HTTPCookieMatch
	}
	var combos []combo
	switch {
	case len(fc.matches) == 0:
		for _, m := range rule.Matches {
			combos = append(combos, combo{m: m})
		}
	default:
		base := rule.Matches
		if len(base) == 0 {
			base = []gwapiv1.HTTPRouteMatch{{}}
		}
		for _, m := range base {
			for _, fm := range fc.matches {
				combos = append(combos, combo{m: m, cookies: fm.Cookies})
			}
		}
	}
	if len(combos) == 0 {
		r := &ir.HTTPRoute{Name: fmt.Sprintf("%srule/%d/match/-1", routePrefix(rs), ri), Metadata: meta}
		ruleTraffic(r, rule)
		fc.apply(r)
		return []*ir.HTTPRoute{r}, nil
	}
	var out []*ir.HTTPRoute
	for mi, c := range combos {
		r := &ir.HTTPRoute{Name: fmt.Sprintf("%srule/%d/match/%d", routePrefix(rs), ri, mi), SessionPersistence: sp, Metadata: meta}
		ruleTraffic(r, rule)
		if p := c.m.Path; p != nil {
			v := "/"
			if p.Value != nil {
				v = *p.Value
			}
			typ := gwapiv1.PathMatchPathPrefix
			if p.Type != nil {
				typ = *p.Type
			}
			switch typ {
			case gwapiv1.PathMatchExact:
				r.PathMatch = &ir.StringMatch{Exact: &v}
			case gwapiv1.PathMatchRegularExpression:
				if e := validateRegex(v); e != nil {
					return nil, e
				}
				r.PathMatch = &ir.StringMatch{SafeRegex: &v}
			default:
				r.PathMatch = &ir.StringMatch{Prefix: &v}
			}
		}
		for _, h := range c.m.Headers {
			v := h.Value
			if h.Type != nil && *h.Type == gwapiv1.HeaderMatchRegularExpression {
				if e := validateRegex(v); e != nil {
					return nil, e
				}
				r.HeaderMatches = append(r.HeaderMatches, &ir.StringMatch{Name: string(h.Name), SafeRegex: &v})
			} else {
				r.HeaderMatches = append(r.HeaderMatches, &ir.StringMatch{Name: string(h.Name), Exact: &v})
			}
		}
		for _, q := range c.m.QueryParams {
			v := q.Value
			if q.Type != nil && *q.Type == gwapiv1.QueryParamMatchRegularExpression {
				if e := validateRegex(v); e != nil {
					return nil, e
				}
				r.QueryParamMatches = append(r.QueryParamMatches, &ir.StringMatch{Name: string(q.Name), SafeRegex: &v})
			} else {
				r.QueryParamMatches = append(r.QueryParamMatches, &ir.StringMatch{Name: string(q.Name), Exact: &v})
			}
		}
		if c.m.Method != nil {
			v := string(*c.m.Method)
			r.HeaderMatches = append(r.HeaderMatches, &ir.StringMatch{Name: ":method", Exact: &v})
		}
		if e := cookieMatches(r, c.cookies); e != nil {
			return nil, e
		}
		fc.apply(r)
		out = append(out, r)
		// A CORS rule limited to a method other than OPTIONS gets a
		// companion route that answers the preflight requests.
		if fc.CORS != nil && c.m.Method != nil && *c.m.Method != "OPTIONS" && len(r.CookieMatches) == 0 {
			pre := &ir.HTTPRoute{
				Name:              r.Name + "/cors-preflight",
				Metadata:          meta,
				PathMatch:         r.PathMatch,
				QueryParamMatches: r.QueryParamMatches,
				CORS:              fc.CORS,
			}
			for _, h := range r.HeaderMatches {
				if h.Name != ":method" {
					pre.HeaderMatches = append(pre.HeaderMatches, h)
				}
			}
			opt, any1, any2 := "OPTIONS", ".*", ".*"
			pre.HeaderMatches = append(pre.HeaderMatches,
				&ir.StringMatch{Name: ":method", Exact: &opt},
				&ir.StringMatch{Name: "origin", SafeRegex: &any1},
				&ir.StringMatch{Name: "access-control-request-method", SafeRegex: &any2})
			out = append(out, pre)
		}
	}
	return out, nil
}

// ruleTraffic sets a route's timeout and retry policy from its rule.
func ruleTraffic(r *ir.HTTPRoute, rule *gwapiv1.HTTPRouteRule) {
	if to := rule.Timeouts; to != nil {
		if to.Request != nil {
			d := parseRuleDuration(string(*to.Request))
			r.Timeout = &d
		}
		if to.BackendRequest != nil && rule.Retry == nil {
			d := parseRuleDuration(string(*to.BackendRequest))
			r.Timeout = &d
		}
	}
	rt := rule.Retry
	if rt == nil {
		return
	}
	res := &ir.Retry{}
	if rt.Attempts != nil && *rt.Attempts >= 0 {
		n := uint32(*rt.Attempts)
		res.NumRetries = &n
	}
	if rt.Backoff != nil {
		if b, err := time.ParseDuration(string(*rt.Backoff)); err == nil {
			bd := ir.Duration(b)
			res.PerRetry = &ir.PerRetryPolicy{BackOff: &ir.BackOffPolicy{BaseInterval: &bd}}
			if rule.Timeouts != nil && rule.Timeouts.BackendRequest != nil {
				if td, err := time.ParseDuration(string(*rule.Timeouts.BackendRequest)); err == nil {
					d := ir.Duration(td)
					res.PerRetry.Timeout = &d
				}
			}
		}
	}
	if len(rt.Codes) > 0 {
		res.RetryOn = &ir.RetryOn{}
		for _, c := range rt.Codes {
			res.RetryOn.HTTPStatusCodes = append(res.RetryOn.HTTPStatusCodes, uint32(c))
		}
	}
	r.Retry = res
}

func parseRuleDuration(s string) ir.Duration {
	d, err := time.ParseDuration(s)
	if err != nil {
		d = defaultRequestTimeout
	}
	return ir.Duration(d)
}

// sessionPersistence translates a rule's session persistence.
func sessionPersistence(rs *routeSpec, ri int, sp *gwapiv1.SessionPersistence) (*ir.SessionPersistence, *routeProblem) {
	if sp == nil {
		return nil, nil
	}
	name := strings.ReplaceAll(destinationName(rs, ri), "/", "-")
	if sp.SessionName != nil {
		name = *sp.SessionName
	}
	switch {
	case sp.Type == nil || *sp.Type == gwapiv1.CookieBasedSessionPersistence:
		out := &ir.SessionPersistence{Cookie: &ir.CookieBasedSessionPersistence{Name: name}}
		if sp.AbsoluteTimeout != nil && sp.CookieConfig != nil && sp.CookieConfig.LifetimeType != nil &&
			*sp.CookieConfig.LifetimeType == gwapiv1.PermanentCookieLifetimeType {
			d, err := time.ParseDuration(string(*sp.AbsoluteTimeout))
			if err != nil {
				return nil, &routeProblem{reason: gwapiv1.RouteReasonUnsupportedValue, msg: err.Error()}
			}
			ttl := ir.Duration(d)
			out.Cookie.TTL = &ttl
		}
		return out, nil
	case *sp.Type == gwapiv1.HeaderBasedSessionPersistence:
		return &ir.SessionPersistence{Header: &ir.HeaderBasedSessionPersistence{Name: name}}, nil
	}
	return nil, &routeProblem{reason: gwapiv1.RouteReasonUnsupportedValue, msg: fmt.Sprintf("unknown session persistence type %s", *sp.Type)}
}

// validateRegex checks that s is an RE2 expression Envoy accepts.
func validateRegex(s string) *routeProblem {
	if _, err := regexp.Compile(s); err != nil {
		return &routeProblem{reason: gwapiv1.RouteReasonUnsupportedValue, msg: fmt.Sprintf("regex %q is invalid: %v", s, err)}
	}
	return nil
}

// grpcRuleRoutes builds the IR routes of one GRPCRoute rule: service and
// method matches become path matches (/<service>/<method>).
func grpcRuleRoutes(rs *routeSpec, ri int, rule *gwapiv1.GRPCRouteRule, fc *filterResult, meta *ir.ResourceMetadata) ([]*ir.HTTPRoute, *routeProblem) {
	if len(rule.Matches) == 0 && len(fc.matches) == 0 {
		r := &ir.HTTPRoute{Name: fmt.Sprintf("%srule/%d/match/-1", routePrefix(rs), ri), Metadata: meta}
		fc.apply(r)
		return []*ir.HTTPRoute{r}, nil
	}
	// Extra matches of an HTTPRouteFilter multiply the rule's matches.
	type combo struct {
		m       gwapiv1.GRPCRouteMatch
		cookies []egv1a1.HTTPCookieMatch
	}
	var combos []combo
	if len(fc.matches) == 0 {
		for _, m := range rule.Matches {
			combos = append(combos, combo{m: m})
		}
	} else {
		base := rule.Matches
		if len(base) == 0 {
			base = []gwapiv1.GRPCRouteMatch{{}}
		}
		for _, m := range base {
			for _, fm := range fc.matches {
				combos = append(combos, combo{m: m, cookies: fm.Cookies})
			}
		}
	}
	var out []*ir.HTTPRoute
	for mi, c := range combos {
		m := c.m
		r := &ir.HTTPRoute{Name: fmt.Sprintf("%srule/%d/match/%d", routePrefix(rs), ri, mi), Metadata: meta}
		if e := cookieMatches(r, c.cookies); e != nil {
			return nil, e
		}
		for _, h := range m.Headers {
			v := h.Value
			if h.Type != nil && *h.Type == gwapiv1.GRPCHeaderMatchRegularExpression {
				if e := validateRegex(v); e != nil {
					return nil, e
				}
				r.HeaderMatches = append(r.HeaderMatches, &ir.StringMatch{Name: string(h.Name), SafeRegex: &v})
			} else {
				r.HeaderMatches = append(r.HeaderMatches, &ir.StringMatch{Name: string(h.Name), Exact: &v})
			}
		}
		if mm := m.Method; mm != nil {
			regex := mm.Type != nil && *mm.Type == gwapiv1.GRPCMethodMatchRegularExpression
			if regex {
				for _, s := range []*string{mm.Service, mm.Method} {
					if s != nil {
						if e := validateRegex(*s); e != nil {
							return nil, e
						}
					}
				}
			}
			grpcMethodMatch(r, mm.Service, mm.Method, regex)
		}
		fc.apply(r)
		out = append(out, r)
	}
	return out, nil
}

func grpcMethodMatch(r *ir.HTTPRoute, svc, method *string, regex bool) {
	switch {
	case regex && svc != nil && method != nil:
		v := "/" + *svc + "/" + *method
		r.PathMatch = &ir.StringMatch{SafeRegex: &v}
	case regex && method != nil:
		v := "/" + grpcServicePattern + "/" + *method
		r.PathMatch = &ir.StringMatch{SafeRegex: &v}
	case regex && svc != nil:
		v := "/" + *svc + "/" + grpcMethodPattern
		r.PathMatch = &ir.StringMatch{SafeRegex: &v}
	case svc != nil && method != nil:
		v := "/" + *svc + "/" + *method
		r.PathMatch = &ir.StringMatch{Exact: &v}
	case method != nil:
		v := "/" + *method
		r.HeaderMatches = append(r.HeaderMatches, &ir.StringMatch{Name: ":path", Suffix: &v})
	case svc != nil:
		v := "/" + *svc
		r.PathMatch = &ir.StringMatch{Prefix: &v}
	}
}

// cookieMatches adds the cookie matches of an HTTPRouteFilter to a route.
func cookieMatches(r *ir.HTTPRoute, cookies []egv1a1.HTTPCookieMatch) *routeProblem {
	for _, ck := range cookies {
		v := ck.Value
		sm := &ir.StringMatch{Name: ck.Name}
		switch {
		case ck.Type == nil || *ck.Type == egv1a1.CookieMatchTypeExact:
			sm.Exact = &v
		case *ck.Type == egv1a1.CookieMatchTypeRegularExpression:
			if e := validateRegex(v); e != nil {
				return e
			}
			sm.SafeRegex = &v
		default:
			return &routeProblem{reason: gwapiv1.RouteReasonUnsupportedValue, msg: fmt.Sprintf("unsupported cookie match type %q", *ck.Type)}
		}
		r.CookieMatches = append(r.CookieMatches, sm)
	}
	return nil
}
