package xds

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	routev3 "github.com/envoyproxy/go-control-plane/envoy/config/route/v3"
	corsv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/cors/v3"
	previoushostsv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/retry/host/previous_hosts/v3"
	matcherv3 "github.com/envoyproxy/go-control-plane/envoy/type/matcher/v3"
	typev3 "github.com/envoyproxy/go-control-plane/envoy/type/v3"
	"google.golang.org/protobuf/types/known/anypb"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/gatewaykit/gatewaykit/ir"
)

const (
	// invalidBackendCluster is the cluster that the invalid backends'
	// share of a route's traffic goes to. It does not exist, so Envoy
	// answers that share with 500.
	invalidBackendCluster = "invalid-backend-cluster"
	// corsFilterName keys the CORS filter's per-route configuration.
	corsFilterName = "envoy.filters.http.cors"
	// defaultMaxDirectResponseBody is Envoy's limit on direct response
	// bodies; larger bodies raise the route configuration's limit to
	// largeMaxDirectResponseBody.
	defaultMaxDirectResponseBody = 4096
	largeMaxDirectResponseBody   = 1048576
)

// buildRouteConfiguration builds the route configuration called name from
// the routes of listeners (the IR listeners that share one Envoy filter
// chain) and records it in b.routes.
//
// Routes are grouped into one virtual host per hostname, named
// <listener>/<hostname> with dots replaced by underscores, in the order the
// hostnames first appear; within a virtual host the routes keep IR order
// (the translator has already sorted them by Gateway API precedence).
func (b *builder) buildRouteConfiguration(name string, listeners []*ir.HTTPListener) error {
	rc := &routev3.RouteConfiguration{
		Name:                     name,
		IgnorePortInHostMatching: true,
	}
	vhosts := map[string]*routev3.VirtualHost{}
	for li, l := range listeners {
		if l == nil {
			return fmt.Errorf("xds: route configuration %q: listener %d is null", name, li)
		}
		geoHeaders := geoIPHeaders(l)
		altSvc := b.http3Sockets[addrPort{l.Address, l.Port}]
		for ri, r := range l.Routes {
			path := fmt.Sprintf("listeners[%s].routes[%d]", l.Name, ri)
			if r == nil {
				return fmt.Errorf("xds: %s: must not be null", path)
			}
			host := r.Hostname
			if host == "" {
				host = "*"
			}
			vhName := l.Name + "/" + strings.ReplaceAll(host, ".", "_")
			vh := vhosts[vhName]
			if vh == nil {
				vh = &routev3.VirtualHost{
					Name:     vhName,
					Domains:  []string{host},
					Metadata: b.meta.get(l.Metadata),
				}
				vhosts[vhName] = vh
				rc.VirtualHosts = append(rc.VirtualHosts, vh)
			}
			route, err := buildRoute(r, path, b.meta)
			if err != nil {
				return err
			}
			if len(geoHeaders) > 0 {
				// After the route's own, in a fresh slice: the IR's stays.
				route.RequestHeadersToRemove = append(slices.Clip(route.RequestHeadersToRemove), geoHeaders...)
			}
			if altSvc {
				route.ResponseHeadersToAdd = append(route.ResponseHeadersToAdd, http3AltSvc(l))
			}
			if err := addPerFilterConfig(route, r, path); err != nil {
				return err
			}
			if r.CredentialInjection != nil {
				b.addCredentialSecret(r.CredentialInjection)
			}
			if r.DirectResponse != nil && len(r.DirectResponse.Body) > defaultMaxDirectResponseBody {
				rc.MaxDirectResponseBodySizeBytes = wrapperspb.UInt32(largeMaxDirectResponseBody)
			}
			vh.Routes = append(vh.Routes, route)
		}
	}
	b.routes[name] = rc
	return nil
}

// buildRoute translates one IR route; path names it in errors.
func buildRoute(r *ir.HTTPRoute, path string, mc *metadataCache) (*routev3.Route, error) {
	match, err := buildRouteMatch(r, path)
	if err != nil {
		return nil, err
	}
	out := &routev3.Route{
		Name:                    r.Name,
		Match:                   match,
		Metadata:                mc.get(r.Metadata),
		RequestHeadersToAdd:     headersToAdd(r.AddRequestHeaders),
		RequestHeadersToRemove:  r.RemoveRequestHeaders,
		ResponseHeadersToAdd:    headersToAdd(r.AddResponseHeaders),
		ResponseHeadersToRemove: r.RemoveResponseHeaders,
	}
	switch {
	case r.DirectResponse != nil:
		dr := &routev3.DirectResponseAction{Status: r.DirectResponse.StatusCode}
		if r.DirectResponse.StatusCode < 200 || r.DirectResponse.StatusCode > 599 {
			return nil, fmt.Errorf("xds: %s.directResponse.statusCode: must be 200-599, not %d", path, r.DirectResponse.StatusCode)
		}
		if body := r.DirectResponse.Body; len(body) > 0 {
			dr.BodyFormat = &corev3.SubstitutionFormatString{Format: &corev3.SubstitutionFormatString_TextFormatSource{
				TextFormatSource: &corev3.DataSource{Specifier: &corev3.DataSource_InlineBytes{InlineBytes: bytes.Clone(body)}},
			}}
		}
		out.Action = &routev3.Route_DirectResponse{DirectResponse: dr}
	case r.Redirect != nil:
		out.Action = &routev3.Route_Redirect{Redirect: buildRedirect(r)}
	case r.Destination != nil:
		ra, err := buildRouteAction(r, path)
		if err != nil {
			return nil, err
		}
		out.Action = &routev3.Route_Route{Route: ra}
	default:
		return nil, fmt.Errorf("xds: %s: one of destination, directResponse and redirect must be set", path)
	}
	if r.SessionPersistence != nil {
		perFilter(out)[HTTPFilterStatefulSession] = mustAny(statefulSessionPerRoute(r))
	}
	if c, cp := routeCORS(r, path); c != nil {
		p, err := buildCORS(c, cp)
		if err != nil {
			return nil, err
		}
		a, err := packAny(p)
		if err != nil {
			return nil, fmt.Errorf("xds: %s: %w", cp, err)
		}
		perFilter(out)[corsFilterName] = a
	}
	if usesDynamicResolver(r) {
		perFilter(out)[HTTPFilterDFPLoopbackDeny] = dfpLoopbackDenyPerRoute()
	}
	if len(routeCompression(r)) > 0 && !slices.Contains(out.RequestHeadersToRemove, "accept-encoding") {
		// Envoy compresses; the backend answers uncompressed.
		out.RequestHeadersToRemove = append(slices.Clone(out.RequestHeadersToRemove), "accept-encoding")
	}
	if c := r.CredentialInjection; c != nil {
		perFilter(out)[credentialFilterName(c)] = enabledPerRoute()
	}
	return out, nil
}

// buildRouteMatch translates the path, header, query parameter and cookie
// matches of r.
func buildRouteMatch(r *ir.HTTPRoute, path string) (*routev3.RouteMatch, error) {
	m := &routev3.RouteMatch{}
	pm := r.PathMatch
	switch {
	case pm == nil:
		m.PathSpecifier = &routev3.RouteMatch_Prefix{Prefix: "/"}
	case pm.Exact != nil:
		m.PathSpecifier = &routev3.RouteMatch_Path{Path: *pm.Exact}
	case pm.Prefix != nil:
		if *pm.Prefix == "/" {
			m.PathSpecifier = &routev3.RouteMatch_Prefix{Prefix: "/"}
		} else {
			// Gateway API prefixes match whole segments, and a trailing
			// slash does not change that.
			m.PathSpecifier = &routev3.RouteMatch_PathSeparatedPrefix{PathSeparatedPrefix: strings.TrimSuffix(*pm.Prefix, "/")}
		}
	case pm.SafeRegex != nil:
		m.PathSpecifier = &routev3.RouteMatch_SafeRegex{SafeRegex: &matcherv3.RegexMatcher{Regex: *pm.SafeRegex}}
	default:
		return nil, fmt.Errorf("xds: %s.pathMatch: one of exact, prefix and safeRegex must be set", path)
	}
	// A CONNECT request has no path: a route that accepts CONNECT matches
	// it with the CONNECT matcher instead of its path.
	if acceptsConnect(r) {
		m.PathSpecifier = &routev3.RouteMatch_ConnectMatcher_{ConnectMatcher: &routev3.RouteMatch_ConnectMatcher{}}
	}
	for i, h := range r.HeaderMatches {
		sm, err := stringMatcher(h, fmt.Sprintf("%s.headerMatches[%d]", path, i))
		if err != nil {
			return nil, err
		}
		hm := &routev3.HeaderMatcher{Name: h.Name, HeaderMatchSpecifier: &routev3.HeaderMatcher_StringMatch{StringMatch: sm}}
		if h.Invert != nil {
			hm.InvertMatch = *h.Invert
		}
		m.Headers = append(m.Headers, hm)
	}
	for i, q := range r.QueryParamMatches {
		sm, err := stringMatcher(q, fmt.Sprintf("%s.queryParamMatches[%d]", path, i))
		if err != nil {
			return nil, err
		}
		m.QueryParameters = append(m.QueryParameters, &routev3.QueryParameterMatcher{
			Name:                         q.Name,
			QueryParameterMatchSpecifier: &routev3.QueryParameterMatcher_StringMatch{StringMatch: sm},
		})
	}
	for i, c := range r.CookieMatches {
		sm, err := stringMatcher(c, fmt.Sprintf("%s.cookieMatches[%d]", path, i))
		if err != nil {
			return nil, err
		}
		cm := &routev3.CookieMatcher{Name: c.Name, StringMatch: sm}
		if c.Invert != nil {
			cm.InvertMatch = *c.Invert
		}
		m.Cookies = append(m.Cookies, cm)
	}
	return m, nil
}

// stringMatcher translates the one way m matches.
func stringMatcher(m *ir.StringMatch, path string) (*matcherv3.StringMatcher, error) {
	if m == nil {
		return nil, fmt.Errorf("xds: %s: must not be null", path)
	}
	switch {
	case m.Exact != nil:
		return &matcherv3.StringMatcher{MatchPattern: &matcherv3.StringMatcher_Exact{Exact: *m.Exact}}, nil
	case m.Prefix != nil:
		return &matcherv3.StringMatcher{MatchPattern: &matcherv3.StringMatcher_Prefix{Prefix: *m.Prefix}}, nil
	case m.Suffix != nil:
		return &matcherv3.StringMatcher{MatchPattern: &matcherv3.StringMatcher_Suffix{Suffix: *m.Suffix}}, nil
	case m.SafeRegex != nil:
		return &matcherv3.StringMatcher{MatchPattern: &matcherv3.StringMatcher_SafeRegex{SafeRegex: &matcherv3.RegexMatcher{Regex: *m.SafeRegex}}}, nil
	case m.Contains != nil:
		return &matcherv3.StringMatcher{MatchPattern: &matcherv3.StringMatcher_Contains{Contains: *m.Contains}}, nil
	}
	return nil, fmt.Errorf("xds: %s: one of exact, prefix, suffix, safeRegex and contains must be set", path)
}

// buildRouteAction forwards to r's destination, with rewrites, mirrors,
// timeouts, retries and upgrades.
func buildRouteAction(r *ir.HTTPRoute, path string) (*routev3.RouteAction, error) {
	ra := &routev3.RouteAction{}
	d := r.Destination
	if d.Name == "" {
		return nil, fmt.Errorf("xds: %s.destination.name: must not be empty", path)
	}
	if splitsBackends(d) || weightedZones(r.Traffic) != nil {
		// The invalid backends' share of HTTP traffic is answered with
		// 500; gRPC routes keep Envoy's default, as Envoy Gateway does.
		if !r.IsHTTP2 {
			ra.ClusterNotFoundResponseCode = routev3.RouteAction_INTERNAL_SERVER_ERROR
		}
		ra.ClusterSpecifier = &routev3.RouteAction_WeightedClusters{WeightedClusters: weightedClusters(d)}
	} else {
		ra.ClusterSpecifier = &routev3.RouteAction_Cluster{Cluster: d.Name}
	}
	if err := applyURLRewrite(ra, r.URLRewrite, r.PathMatch); err != nil {
		return nil, fmt.Errorf("xds: %s.urlRewrite: %w", path, err)
	}
	for i, m := range r.Mirrors {
		if m == nil || m.Destination == nil || m.Destination.Name == "" {
			return nil, fmt.Errorf("xds: %s.mirrors[%d].destination.name: must not be empty", path, i)
		}
		frac := &typev3.FractionalPercent{Numerator: 100}
		if m.Percentage != nil {
			frac = &typev3.FractionalPercent{
				Numerator:   uint32(float64(*m.Percentage)*10000 + 0.5),
				Denominator: typev3.FractionalPercent_MILLION,
			}
		}
		ra.RequestMirrorPolicies = append(ra.RequestMirrorPolicies, &routev3.RouteAction_RequestMirrorPolicy{
			Cluster:                       m.Destination.Name,
			RuntimeFraction:               &corev3.RuntimeFractionalPercent{DefaultValue: frac},
			DisableShadowHostSuffixAppend: true,
		})
	}
	// The upgrades a policy lists replace the default, websocket (for
	// HTTP/1 routes); a route that buffers request bodies accepts none.
	switch {
	case r.Traffic != nil && r.Traffic.RequestBuffer != nil:
	case r.Traffic != nil && len(r.Traffic.HTTPUpgrade) > 0:
		for _, u := range r.Traffic.HTTPUpgrade {
			uc := &routev3.RouteAction_UpgradeConfig{UpgradeType: u.Type}
			if u.Connect != nil {
				uc.ConnectConfig = &routev3.RouteAction_UpgradeConfig_ConnectConfig{}
			}
			ra.UpgradeConfigs = append(ra.UpgradeConfigs, uc)
		}
	case !r.IsHTTP2:
		ra.UpgradeConfigs = []*routev3.RouteAction_UpgradeConfig{{UpgradeType: "websocket"}}
	}
	if t := requestTimeout(r); t != nil {
		ra.Timeout = durationpb.New(t.Std())
		// The idle timeout must not cut a request that is within its
		// request timeout; an unlimited request timeout disables it.
		idle := max(t.Std(), defaultRouteIdleTimeout)
		if t.Std() == 0 {
			idle = 0
		}
		ra.IdleTimeout = durationpb.New(idle)
	}
	// A traffic policy's retry takes precedence over the HTTPRoute rule's.
	if rt := cmp.Or(trafficRetry(r.Traffic), r.Retry); rt != nil {
		ra.RetryPolicy = buildRetryPolicy(rt)
	}
	// Consistent hashing is the route's: the route computes the hash the
	// cluster's Maglev balancer reads. A split between backends then
	// follows the hash too, so that a client stays on one backend.
	if t := r.Traffic; t != nil && t.LoadBalancer != nil {
		ra.HashPolicy = clusterHashPolicy(t.LoadBalancer.ConsistentHash)
		if wc := ra.GetWeightedClusters(); wc != nil && len(ra.HashPolicy) > 0 {
			wc.RandomValueSpecifier = &routev3.WeightedCluster_UseHashPolicy{UseHashPolicy: wrapperspb.Bool(true)}
		}
	}
	return ra, nil
}

// weightedClusters splits traffic between d's settings, each a cluster
// named after the setting; the invalid settings' combined share goes
// first, to a cluster that does not exist.
func weightedClusters(d *ir.RouteDestination) *routev3.WeightedCluster {
	var invalid uint32
	wc := &routev3.WeightedCluster{}
	for _, ds := range d.Settings {
		w := uint32(1)
		if ds.Weight != nil {
			w = *ds.Weight
		}
		if !backendValid(ds) {
			invalid += w
			continue
		}
		cw := &routev3.WeightedCluster_ClusterWeight{Name: ds.Name, Weight: wrapperspb.UInt32(w)}
		if f := ds.Filters; f != nil {
			cw.RequestHeadersToAdd = headersToAdd(f.AddRequestHeaders)
			cw.RequestHeadersToRemove = f.RemoveRequestHeaders
			cw.ResponseHeadersToAdd = headersToAdd(f.AddResponseHeaders)
			cw.ResponseHeadersToRemove = f.RemoveResponseHeaders
		}
		wc.Clusters = append(wc.Clusters, cw)
	}
	if invalid > 0 {
		wc.Clusters = append([]*routev3.WeightedCluster_ClusterWeight{{
			Name:   invalidBackendCluster,
			Weight: wrapperspb.UInt32(invalid),
		}}, wc.Clusters...)
	}
	return wc
}

// defaultRouteIdleTimeout is the stream idle timeout of a route with a
// request timeout shorter than it.
const defaultRouteIdleTimeout = 3600e9

// requestTimeout is the HTTPRoute rule's request timeout, or else the
// traffic policy's.
func requestTimeout(r *ir.HTTPRoute) *ir.Duration {
	if r.Timeout != nil {
		return r.Timeout
	}
	if t := r.Traffic; t != nil && t.Timeout != nil && t.Timeout.HTTP != nil {
		return t.Timeout.HTTP.RequestTimeout
	}
	return nil
}

// applyURLRewrite sets the path and host rewrites of u on ra.
func applyURLRewrite(ra *routev3.RouteAction, u *ir.URLRewrite, pm *ir.StringMatch) error {
	if u == nil {
		return nil
	}
	if p := u.Path; p != nil {
		switch {
		case p.FullReplace != nil:
			ra.RegexRewrite = &matcherv3.RegexMatchAndSubstitute{
				Pattern:      &matcherv3.RegexMatcher{Regex: "^/.*$"},
				Substitution: *p.FullReplace,
			}
		case p.PrefixMatchReplace != nil:
			if prefixNeedsRegex(pm, *p.PrefixMatchReplace) {
				ra.RegexRewrite = prefixRegexRewrite(*pm.Prefix)
			} else {
				ra.PrefixRewrite = strings.TrimSuffix(*p.PrefixMatchReplace, "/")
			}
		case p.RegexMatchReplace != nil:
			ra.RegexRewrite = &matcherv3.RegexMatchAndSubstitute{
				Pattern:      &matcherv3.RegexMatcher{Regex: p.RegexMatchReplace.Pattern},
				Substitution: p.RegexMatchReplace.Substitution,
			}
		}
	}
	if h := u.Host; h != nil {
		switch {
		case h.Name != nil:
			ra.HostRewriteSpecifier = &routev3.RouteAction_HostRewriteLiteral{HostRewriteLiteral: *h.Name}
		case h.Header != nil:
			ra.HostRewriteSpecifier = &routev3.RouteAction_HostRewriteHeader{HostRewriteHeader: *h.Header}
		case h.Backend != nil && *h.Backend:
			ra.HostRewriteSpecifier = &routev3.RouteAction_AutoHostRewrite{AutoHostRewrite: wrapperspb.Bool(true)}
		case h.PathRegex != nil:
			ra.HostRewriteSpecifier = &routev3.RouteAction_HostRewritePathRegex{HostRewritePathRegex: &matcherv3.RegexMatchAndSubstitute{
				Pattern:      &matcherv3.RegexMatcher{Regex: h.PathRegex.Pattern},
				Substitution: h.PathRegex.Substitution,
			}}
		default:
			return fmt.Errorf("host: one of name, header, backend and pathRegex must be set")
		}
		ra.AppendXForwardedHost = u.AppendXForwardedHost == nil || *u.AppendXForwardedHost
	}
	return nil
}

// prefixNeedsRegex reports whether replacing a matched prefix by replace
// must use a regular expression: replacing by "/" or "" with a plain
// prefix rewrite would leave a double slash.
func prefixNeedsRegex(pm *ir.StringMatch, replace string) bool {
	return pm != nil && pm.Prefix != nil && (replace == "" || replace == "/")
}

func prefixRegexRewrite(prefix string) *matcherv3.RegexMatchAndSubstitute {
	return &matcherv3.RegexMatchAndSubstitute{
		Pattern:      &matcherv3.RegexMatcher{Regex: "^" + prefix + `\/*`},
		Substitution: "/",
	}
}

// buildRedirect translates r's redirect.
func buildRedirect(r *ir.HTTPRoute) *routev3.RedirectAction {
	rd := r.Redirect
	out := &routev3.RedirectAction{}
	if rd.Scheme != nil {
		out.SchemeRewriteSpecifier = &routev3.RedirectAction_SchemeRedirect{SchemeRedirect: *rd.Scheme}
	}
	if p := rd.Path; p != nil {
		switch {
		case p.FullReplace != nil:
			out.PathRewriteSpecifier = &routev3.RedirectAction_PathRedirect{PathRedirect: *p.FullReplace}
		case p.PrefixMatchReplace != nil:
			if prefixNeedsRegex(r.PathMatch, *p.PrefixMatchReplace) {
				out.PathRewriteSpecifier = &routev3.RedirectAction_RegexRewrite{RegexRewrite: prefixRegexRewrite(*r.PathMatch.Prefix)}
			} else {
				out.PathRewriteSpecifier = &routev3.RedirectAction_PrefixRewrite{PrefixRewrite: *p.PrefixMatchReplace}
			}
		}
	}
	if rd.Hostname != nil {
		out.HostRedirect = *rd.Hostname
	}
	// Well-known ports stay out of the Location header.
	if rd.Port != nil && *rd.Port != 80 && *rd.Port != 443 {
		out.PortRedirect = *rd.Port
	}
	if rd.StatusCode != nil {
		switch *rd.StatusCode {
		case 302:
			out.ResponseCode = routev3.RedirectAction_FOUND
		case 303:
			out.ResponseCode = routev3.RedirectAction_SEE_OTHER
		case 307:
			out.ResponseCode = routev3.RedirectAction_TEMPORARY_REDIRECT
		case 308:
			out.ResponseCode = routev3.RedirectAction_PERMANENT_REDIRECT
		}
	}
	return out
}

// headersToAdd translates header additions: Append adds to the existing
// values, AddIfAbsent sets only missing headers, otherwise the header is
// overwritten. Each value is its own header line.
func headersToAdd(hs []ir.AddHeader) []*corev3.HeaderValueOption {
	if len(hs) == 0 {
		return nil
	}
	out := make([]*corev3.HeaderValueOption, 0, len(hs))
	for _, h := range hs {
		action := corev3.HeaderValueOption_OVERWRITE_IF_EXISTS_OR_ADD
		switch {
		case h.AddIfAbsent:
			action = corev3.HeaderValueOption_ADD_IF_ABSENT
		case h.Append:
			action = corev3.HeaderValueOption_APPEND_IF_EXISTS_OR_ADD
		}
		if len(h.Value) == 0 {
			out = append(out, &corev3.HeaderValueOption{Header: &corev3.HeaderValue{Key: h.Name}, AppendAction: action, KeepEmptyValue: true})
			continue
		}
		for _, v := range h.Value {
			out = append(out, &corev3.HeaderValueOption{Header: &corev3.HeaderValue{Key: h.Name, Value: v}, AppendAction: action, KeepEmptyValue: v == ""})
		}
	}
	return out
}

// buildRetryPolicy translates a retry policy over Envoy Gateway's
// defaults: retry twice on connection failures, refused streams,
// unavailable and cancelled gRPC statuses and 503, never to the same host.
func buildRetryPolicy(r *ir.Retry) *routev3.RetryPolicy {
	rp := &routev3.RetryPolicy{
		RetryOn:              defaultRetryOn,
		RetriableStatusCodes: []uint32{503},
		NumRetries:           wrapperspb.UInt32(2),
		RetryHostPredicate: []*routev3.RetryPolicy_RetryHostPredicate{{
			Name:       "envoy.retry_host_predicates.previous_hosts",
			ConfigType: &routev3.RetryPolicy_RetryHostPredicate_TypedConfig{TypedConfig: mustAny(&previoushostsv3.PreviousHostsPredicate{})},
		}},
		HostSelectionRetryMaxAttempts: 5,
	}
	if r.NumRetries != nil {
		rp.NumRetries = wrapperspb.UInt32(*r.NumRetries)
	}
	if ro := r.RetryOn; ro != nil {
		if len(ro.Triggers) > 0 {
			rp.RetryOn = strings.Join(ro.Triggers, ",")
		}
		if len(ro.HTTPStatusCodes) > 0 {
			rp.RetriableStatusCodes = ro.HTTPStatusCodes
		}
	}
	if pr := r.PerRetry; pr != nil {
		if pr.Timeout != nil {
			rp.PerTryTimeout = durationpb.New(pr.Timeout.Std())
		}
		if bo := pr.BackOff; bo != nil && (bo.BaseInterval != nil || bo.MaxInterval != nil) {
			rp.RetryBackOff = &routev3.RetryPolicy_RetryBackOff{}
			if bo.BaseInterval != nil {
				rp.RetryBackOff.BaseInterval = durationpb.New(bo.BaseInterval.Std())
			}
			if bo.MaxInterval != nil {
				rp.RetryBackOff.MaxInterval = durationpb.New(bo.MaxInterval.Std())
			}
		}
	}
	return rp
}

// routeCORS returns the CORS policy of r and its IR path: that of an
// HTTPRoute CORS filter, which takes precedence (as in Envoy Gateway), else
// that of r's SecurityPolicy; nil when r has none.
func routeCORS(r *ir.HTTPRoute, path string) (*ir.CORS, string) {
	switch {
	case r.CORS != nil:
		return r.CORS, path + ".cors"
	case r.Security != nil && r.Security.CORS != nil:
		return r.Security.CORS, path + ".security.cors"
	}
	return nil, ""
}

// buildCORS translates a CORS policy into the CORS filter's per-route
// configuration; path is c's IR path. Without a max age none is set.
func buildCORS(c *ir.CORS, path string) (*corsv3.CorsPolicy, error) {
	p := &corsv3.CorsPolicy{
		AllowMethods:                 corsList(c.AllowMethods),
		AllowHeaders:                 corsList(c.AllowHeaders),
		ExposeHeaders:                strings.Join(c.ExposeHeaders, ", "),
		AllowCredentials:             wrapperspb.Bool(c.AllowCredentials),
		ForwardNotMatchingPreflights: wrapperspb.Bool(false),
	}
	for i, o := range c.AllowOrigins {
		sm, err := stringMatcher(o, fmt.Sprintf("%s.allowOrigins[%d]", path, i))
		if err != nil {
			return nil, err
		}
		p.AllowOriginStringMatch = append(p.AllowOriginStringMatch, sm)
	}
	if c.MaxAge != nil {
		p.MaxAge = strconv.FormatInt(int64(c.MaxAge.Std().Seconds()), 10)
	}
	return p, nil
}

// corsList renders a CORS list as Envoy wants it: comma separated, or "*"
// alone when the list holds the wildcard, since "*" already allows every
// value and is only understood as a wildcard when it stands alone.
func corsList(l []string) string {
	if slices.Contains(l, "*") {
		return "*"
	}
	return strings.Join(l, ", ")
}

// acceptsConnect reports whether r's policy accepts the CONNECT method
// with a CONNECT configuration.
func acceptsConnect(r *ir.HTTPRoute) bool {
	if r.Traffic == nil {
		return false
	}
	for _, u := range r.Traffic.HTTPUpgrade {
		if u.Type == "CONNECT" && u.Connect != nil {
			return true
		}
	}
	return false
}

// perFilter returns r's per-filter configuration map, creating it.
func perFilter(r *routev3.Route) map[string]*anypb.Any {
	if r.TypedPerFilterConfig == nil {
		r.TypedPerFilterConfig = map[string]*anypb.Any{}
	}
	return r.TypedPerFilterConfig
}

// http3AltSvc is the response header by which the routes of an HTTPS
// listener that also serves HTTP/3 advertise it, on the port clients use.
func http3AltSvc(l *ir.HTTPListener) *corev3.HeaderValueOption {
	port := l.ExternalPort
	if port == 0 {
		port = l.Port
	}
	return &corev3.HeaderValueOption{
		Append: wrapperspb.Bool(true),
		Header: &corev3.HeaderValue{Key: "alt-svc", Value: `h3=":` + strconv.FormatUint(uint64(port), 10) + `"; ma=86400`},
	}
}
