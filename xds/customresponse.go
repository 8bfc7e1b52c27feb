package xds

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"

	celexpr "cel.dev/expr"
	xdscorev3 "github.com/cncf/xds/go/xds/core/v3"
	xdsmatcherv3 "github.com/cncf/xds/go/xds/type/matcher/v3"
	xdstypev3 "github.com/cncf/xds/go/xds/type/v3"
	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	routev3 "github.com/envoyproxy/go-control-plane/envoy/config/route/v3"
	customresponsev3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/custom_response/v3"
	hcmv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/http_connection_manager/v3"
	localresponsev3 "github.com/envoyproxy/go-control-plane/envoy/extensions/http/custom_response/local_response_policy/v3"
	redirectpolicyv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/http/custom_response/redirect_policy/v3"
	envoymatcherv3 "github.com/envoyproxy/go-control-plane/envoy/type/matcher/v3"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/anypb"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/gatewaykit/gatewaykit/ir"
)

// Response overrides (ir.ResponseOverride) become one custom_response
// filter per override, named HTTPFilterCustomResponse/<override name>
// (envoy.filters.http.custom_response/backendtrafficpolicy/<ns>/<name>),
// disabled in the connection manager and configured from the first route
// that carries the override; the routes that carry it enable it. Each rule
// is one matcher, tried in order: its predicate is the AND of a status
// code predicate (the OR of its codes; a single code matches the status
// as a string, a range is a CEL expression over response.code), a header
// predicate (the AND of its header matches), and, for source Local or
// Backend, whether the response is a local reply. Its action is a local
// response policy (body, status, headers) or a redirect policy, named
// after the rule. Filters are sorted by name.

// routeResponseOverride returns r's response override; nil when it has
// none.
func routeResponseOverride(r *ir.HTTPRoute) *ir.ResponseOverride {
	if r == nil || r.Traffic == nil {
		return nil
	}
	return r.Traffic.ResponseOverride
}

// customResponseFilterName is the name of the filter of override ro.
func customResponseFilterName(ro *ir.ResponseOverride) string {
	return HTTPFilterCustomResponse + "/" + ro.Name
}

// customResponseFilters adds one disabled filter per response override
// the routes of ls carry.
func customResponseFilters(_ *builder, ls []*ir.HTTPListener) ([]*hcmv3.HttpFilter, error) {
	seen := map[string]bool{}
	var out []*hcmv3.HttpFilter
	for _, l := range ls {
		for i, r := range l.Routes {
			ro := routeResponseOverride(r)
			if ro == nil || seen[ro.Name] {
				continue
			}
			seen[ro.Name] = true
			cfg, err := customResponseConfig(ro)
			if err != nil {
				return nil, fmt.Errorf("%s.traffic.responseOverride: %w", irRoutePath(l, i), err)
			}
			f, err := httpFilter(customResponseFilterName(ro), cfg)
			if err != nil {
				return nil, err
			}
			f[0].Disabled = true
			out = append(out, f...)
		}
	}
	slices.SortFunc(out, func(a, b *hcmv3.HttpFilter) int { return cmp.Compare(a.Name, b.Name) })
	return out, nil
}

// customResponsePerRoute enables r's override filter.
func customResponsePerRoute(r *ir.HTTPRoute, _ string) (map[string]*anypb.Any, error) {
	ro := routeResponseOverride(r)
	if ro == nil {
		return nil, nil
	}
	return map[string]*anypb.Any{customResponseFilterName(ro): mustAny(&routev3.FilterConfig{Config: &anypb.Any{}})}, nil
}

// customResponseConfig builds the filter configuration of ro.
func customResponseConfig(ro *ir.ResponseOverride) (*customresponsev3.CustomResponse, error) {
	ml := &xdsmatcherv3.Matcher_MatcherList{}
	for i := range ro.Rules {
		r := &ro.Rules[i]
		var preds []*xdsmatcherv3.Matcher_MatcherList_Predicate
		if len(r.Match.StatusCodes) > 0 {
			var codes []*xdsmatcherv3.Matcher_MatcherList_Predicate
			for j, sc := range r.Match.StatusCodes {
				p, err := statusCodePredicate(sc)
				if err != nil {
					return nil, fmt.Errorf("rules[%d].match.statusCodes[%d]: %w", i, j, err)
				}
				codes = append(codes, p)
			}
			preds = append(preds, combinePredicates(codes, false))
		}
		if len(r.Match.ResponseHeaders) > 0 {
			var hs []*xdsmatcherv3.Matcher_MatcherList_Predicate
			for j, h := range r.Match.ResponseHeaders {
				m, err := xdsStringMatcher(h)
				if err != nil {
					return nil, fmt.Errorf("rules[%d].match.responseHeaders[%d]: %w", i, j, err)
				}
				hs = append(hs, responseInputPredicate("http-response-header-match-input",
					&envoymatcherv3.HttpResponseHeaderMatchInput{HeaderName: h.Name}, m))
			}
			preds = append(preds, combinePredicates(hs, true))
		}
		if len(preds) == 0 {
			return nil, fmt.Errorf("rules[%d].match: must match status codes or response headers", i)
		}
		switch r.Source {
		case "Local", "Backend":
			v := "false"
			if r.Source == "Local" {
				v = "true"
			}
			preds = append(preds, responseInputPredicate("http-response-local-reply-match-input",
				&envoymatcherv3.HttpResponseLocalReplyMatchInput{}, exactMatcher(v)))
		}
		action, err := customResponseAction(r)
		if err != nil {
			return nil, fmt.Errorf("rules[%d]: %w", i, err)
		}
		ml.Matchers = append(ml.Matchers, &xdsmatcherv3.Matcher_MatcherList_FieldMatcher{
			Predicate: combinePredicates(preds, true),
			OnMatch: &xdsmatcherv3.Matcher_OnMatch{OnMatch: &xdsmatcherv3.Matcher_OnMatch_Action{
				Action: &xdscorev3.TypedExtensionConfig{Name: r.Name, TypedConfig: action},
			}},
		})
	}
	return &customresponsev3.CustomResponse{CustomResponseMatcher: &xdsmatcherv3.Matcher{
		MatcherType: &xdsmatcherv3.Matcher_MatcherList_{MatcherList: ml},
	}}, nil
}

// combinePredicates is the only predicate of ps, or their AND (and) or
// OR.
func combinePredicates(ps []*xdsmatcherv3.Matcher_MatcherList_Predicate, and bool) *xdsmatcherv3.Matcher_MatcherList_Predicate {
	if len(ps) == 1 {
		return ps[0]
	}
	list := &xdsmatcherv3.Matcher_MatcherList_Predicate_PredicateList{Predicate: ps}
	if and {
		return &xdsmatcherv3.Matcher_MatcherList_Predicate{MatchType: &xdsmatcherv3.Matcher_MatcherList_Predicate_AndMatcher{AndMatcher: list}}
	}
	return &xdsmatcherv3.Matcher_MatcherList_Predicate{MatchType: &xdsmatcherv3.Matcher_MatcherList_Predicate_OrMatcher{OrMatcher: list}}
}

// responseInputPredicate matches the input named name (configured by input)
// with m.
func responseInputPredicate(name string, input proto.Message, m *xdsmatcherv3.StringMatcher) *xdsmatcherv3.Matcher_MatcherList_Predicate {
	return &xdsmatcherv3.Matcher_MatcherList_Predicate{MatchType: &xdsmatcherv3.Matcher_MatcherList_Predicate_SinglePredicate_{
		SinglePredicate: &xdsmatcherv3.Matcher_MatcherList_Predicate_SinglePredicate{
			Input:   &xdscorev3.TypedExtensionConfig{Name: name, TypedConfig: mustAny(input)},
			Matcher: &xdsmatcherv3.Matcher_MatcherList_Predicate_SinglePredicate_ValueMatch{ValueMatch: m},
		},
	}}
}

func exactMatcher(v string) *xdsmatcherv3.StringMatcher {
	return &xdsmatcherv3.StringMatcher{MatchPattern: &xdsmatcherv3.StringMatcher_Exact{Exact: v}}
}

// statusCodePredicate matches one status code, or a range of them.
func statusCodePredicate(sc ir.StatusCodeMatch) (*xdsmatcherv3.Matcher_MatcherList_Predicate, error) {
	switch {
	case sc.Value != nil && sc.Range == nil:
		return responseInputPredicate("http-response-status-code-match-input",
			&envoymatcherv3.HttpResponseStatusCodeMatchInput{}, exactMatcher(strconv.Itoa(*sc.Value))), nil
	case sc.Range != nil && sc.Value == nil:
		if sc.Range.Start > sc.Range.End {
			return nil, fmt.Errorf("range: start %d is after end %d", sc.Range.Start, sc.Range.End)
		}
		return &xdsmatcherv3.Matcher_MatcherList_Predicate{MatchType: &xdsmatcherv3.Matcher_MatcherList_Predicate_SinglePredicate_{
			SinglePredicate: &xdsmatcherv3.Matcher_MatcherList_Predicate_SinglePredicate{
				Input: &xdscorev3.TypedExtensionConfig{Name: "http-attributes-cel-match-input", TypedConfig: mustAny(&xdsmatcherv3.HttpAttributesCelMatchInput{})},
				Matcher: &xdsmatcherv3.Matcher_MatcherList_Predicate_SinglePredicate_CustomMatch{CustomMatch: &xdscorev3.TypedExtensionConfig{
					Name:        "cel-matcher",
					TypedConfig: mustAny(&xdsmatcherv3.CelMatcher{ExprMatch: &xdstypev3.CelExpression{CelExprParsed: statusRangeExpr(sc.Range.Start, sc.Range.End)}}),
				}},
			},
		}}, nil
	}
	return nil, fmt.Errorf("exactly one of value and range must be set")
}

// statusRangeExpr is the parsed CEL expression
// response.code >= start && response.code <= end, with its nodes numbered
// in the order a CEL parser numbers them.
func statusRangeExpr(start, end int) *celexpr.ParsedExpr {
	code := func(identID, selectID int64) *celexpr.Expr {
		return &celexpr.Expr{Id: selectID, ExprKind: &celexpr.Expr_SelectExpr{SelectExpr: &celexpr.Expr_Select{
			Operand: &celexpr.Expr{Id: identID, ExprKind: &celexpr.Expr_IdentExpr{IdentExpr: &celexpr.Expr_Ident{Name: "response"}}},
			Field:   "code",
		}}}
	}
	constant := func(id int64, v int) *celexpr.Expr {
		return &celexpr.Expr{Id: id, ExprKind: &celexpr.Expr_ConstExpr{ConstExpr: &celexpr.Constant{ConstantKind: &celexpr.Constant_Int64Value{Int64Value: int64(v)}}}}
	}
	call := func(id int64, fn string, args ...*celexpr.Expr) *celexpr.Expr {
		return &celexpr.Expr{Id: id, ExprKind: &celexpr.Expr_CallExpr{CallExpr: &celexpr.Expr_Call{Function: fn, Args: args}}}
	}
	return &celexpr.ParsedExpr{Expr: call(9, "_&&_",
		call(3, "_>=_", code(1, 2), constant(4, start)),
		call(7, "_<=_", code(5, 6), constant(8, end)),
	)}
}

// xdsStringMatcher is m as an xDS string matcher; regular expressions use
// RE2.
func xdsStringMatcher(m ir.StringMatch) (*xdsmatcherv3.StringMatcher, error) {
	switch {
	case m.Exact != nil:
		return exactMatcher(*m.Exact), nil
	case m.Prefix != nil:
		return &xdsmatcherv3.StringMatcher{MatchPattern: &xdsmatcherv3.StringMatcher_Prefix{Prefix: *m.Prefix}}, nil
	case m.Suffix != nil:
		return &xdsmatcherv3.StringMatcher{MatchPattern: &xdsmatcherv3.StringMatcher_Suffix{Suffix: *m.Suffix}}, nil
	case m.SafeRegex != nil:
		return &xdsmatcherv3.StringMatcher{MatchPattern: &xdsmatcherv3.StringMatcher_SafeRegex{SafeRegex: &xdsmatcherv3.RegexMatcher{
			Regex:      *m.SafeRegex,
			EngineType: &xdsmatcherv3.RegexMatcher_GoogleRe2{GoogleRe2: &xdsmatcherv3.RegexMatcher_GoogleRE2{}},
		}}}, nil
	case m.Contains != nil:
		return &xdsmatcherv3.StringMatcher{MatchPattern: &xdsmatcherv3.StringMatcher_Contains{Contains: *m.Contains}}, nil
	}
	return nil, fmt.Errorf("one of exact, prefix, suffix, safeRegex and contains must be set")
}

// customResponseAction is the local response or redirect policy of r.
func customResponseAction(r *ir.ResponseOverrideRule) (*anypb.Any, error) {
	switch {
	case r.Redirect != nil && r.Response == nil:
		rd := r.Redirect
		if rd.StatusCode == nil {
			return nil, fmt.Errorf("redirect.statusCode: is required")
		}
		ra := &routev3.RedirectAction{}
		if rd.Scheme != nil {
			ra.SchemeRewriteSpecifier = &routev3.RedirectAction_SchemeRedirect{SchemeRedirect: *rd.Scheme}
		}
		if rd.Hostname != nil {
			ra.HostRedirect = *rd.Hostname
		}
		if rd.Port != nil {
			ra.PortRedirect = *rd.Port
		}
		if rd.Path != nil && rd.Path.FullReplace != nil {
			ra.PathRewriteSpecifier = &routev3.RedirectAction_PathRedirect{PathRedirect: *rd.Path.FullReplace}
		}
		return packAny(&redirectpolicyv3.RedirectPolicy{
			RedirectActionSpecifier: &redirectpolicyv3.RedirectPolicy_RedirectAction{RedirectAction: ra},
			StatusCode:              wrapperspb.UInt32(uint32(*rd.StatusCode)),
		})
	case r.Response != nil && r.Redirect == nil:
		resp := r.Response
		lr := &localresponsev3.LocalResponsePolicy{}
		if len(resp.Body) > 0 {
			lr.BodyFormat = &corev3.SubstitutionFormatString{Format: &corev3.SubstitutionFormatString_TextFormat{TextFormat: string(resp.Body)}}
		}
		if resp.ContentType != nil && *resp.ContentType != "" {
			lr.ResponseHeadersToAdd = append(lr.ResponseHeadersToAdd, &corev3.HeaderValueOption{
				Header:       &corev3.HeaderValue{Key: "Content-Type", Value: *resp.ContentType},
				AppendAction: corev3.HeaderValueOption_OVERWRITE_IF_EXISTS_OR_ADD,
			})
		}
		if resp.StatusCode != nil {
			lr.StatusCode = wrapperspb.UInt32(*resp.StatusCode)
		}
		lr.ResponseHeadersToAdd = append(lr.ResponseHeadersToAdd, headersToAdd(resp.AddResponseHeaders)...)
		return packAny(lr)
	}
	return nil, fmt.Errorf("exactly one of response and redirect must be set")
}
