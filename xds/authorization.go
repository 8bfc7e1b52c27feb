package xds

import (
	"fmt"
	"net/netip"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	xdscorev3 "github.com/cncf/xds/go/xds/core/v3"
	xdsmatcherv3 "github.com/cncf/xds/go/xds/type/matcher/v3"
	xdstypev3 "github.com/cncf/xds/go/xds/type/v3"
	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	rbacconfigv3 "github.com/envoyproxy/go-control-plane/envoy/config/rbac/v3"
	rbacv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/rbac/v3"
	hcmv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/http_connection_manager/v3"
	networkinputv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/matching/common_inputs/network/v3"
	ipmatcherv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/matching/input_matchers/ip/v3"
	metadatamatcherv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/matching/input_matchers/metadata/v3"
	matcherv3 "github.com/envoyproxy/go-control-plane/envoy/type/matcher/v3"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/anypb"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/gatewaykit/gatewaykit/internal/cel"
	"github.com/gatewaykit/gatewaykit/ir"
)

// Authorization is Envoy's RBAC filter, with an empty policy (which lets
// everything through) in the connection manager; each route with an
// ir.Authorization replaces it with a matcher list: one matcher per rule, in
// rule order, the first that matches decides, the default action when none
// does. A rule's conditions are ANDed, in this order: methods, path, client
// CIDRs, geolocations, CEL, JWT scopes, JWT claims, headers.

// The values of Authorization.DefaultAction and AuthorizationRule.Action.
const (
	authorizationAllow = "Allow"
	authorizationDeny  = "Deny"
)

// jwtPayloadFilter is the filter whose dynamic metadata holds the verified
// JWT payloads, each under the name of the provider that verified it.
const jwtPayloadFilter = HTTPFilterJWTAuthn

func hasAuthorization(r *ir.HTTPRoute) bool {
	return r.Security != nil && r.Security.Authorization != nil
}

// rbacFilters adds the RBAC filters: the authorization filter when a route
// of ls has an authorization, then the dynamic resolver routes'
// loopback-deny filter.
func rbacFilters(b *builder, ls []*ir.HTTPListener) ([]*hcmv3.HttpFilter, error) {
	var out []*hcmv3.HttpFilter
	if anyRoute(ls, hasAuthorization) {
		f, err := httpFilter(HTTPFilterRBAC, &rbacv3.RBAC{})
		if err != nil {
			return nil, err
		}
		out = f
	}
	dfp, err := dfpLoopbackDenyFilters(b, ls)
	if err != nil {
		return nil, err
	}
	return append(out, dfp...), nil
}

// authorizationPerRoute returns r's authorization as the RBAC filter's
// per-route configuration.
func authorizationPerRoute(r *ir.HTTPRoute, path string) (map[string]*anypb.Any, error) {
	if !hasAuthorization(r) {
		return nil, nil
	}
	rbac, err := authorizationRBAC(r.Security.Authorization, path+".security.authorization")
	if err != nil {
		return nil, err
	}
	a, err := packAny(&rbacv3.RBACPerRoute{Rbac: rbac})
	if err != nil {
		return nil, err
	}
	return map[string]*anypb.Any{HTTPFilterRBAC: a}, nil
}

// authorizationRBAC translates a; path is its IR path.
func authorizationRBAC(a *ir.Authorization, path string) (*rbacv3.RBAC, error) {
	m, err := authorizationMatcher(a, path, rulePredicate)
	if err != nil {
		return nil, err
	}
	return &rbacv3.RBAC{Matcher: m}, nil
}

// authorizationMatcher is the matcher of a: one entry per rule, in order,
// whose predicate pred builds from the rule (rp is the rule's IR path),
// and a's default action when none matches; path is a's IR path.
func authorizationMatcher(a *ir.Authorization, path string, pred func(rule *ir.AuthorizationRule, rp string) (*xdsmatcherv3.Matcher_MatcherList_Predicate, error)) (*xdsmatcherv3.Matcher, error) {
	def, err := rbacAction(a.DefaultAction, path+".defaultAction")
	if err != nil {
		return nil, err
	}
	m := &xdsmatcherv3.Matcher{OnNoMatch: def("default")}
	var list []*xdsmatcherv3.Matcher_MatcherList_FieldMatcher
	for i, rule := range a.Rules {
		rp := fmt.Sprintf("%s.rules[%d]", path, i)
		if rule == nil {
			return nil, fmt.Errorf("%s: must not be null", rp)
		}
		if rule.Name == "" {
			return nil, fmt.Errorf("%s.name: must not be empty", rp)
		}
		act, err := rbacAction(rule.Action, rp+".action")
		if err != nil {
			return nil, err
		}
		p, err := pred(rule, rp)
		if err != nil {
			return nil, err
		}
		list = append(list, &xdsmatcherv3.Matcher_MatcherList_FieldMatcher{Predicate: p, OnMatch: act(rule.Name)})
	}
	// An empty matcher list is invalid: without rules, the default action
	// applies to everything.
	if len(list) > 0 {
		m.MatcherType = &xdsmatcherv3.Matcher_MatcherList_{MatcherList: &xdsmatcherv3.Matcher_MatcherList{Matchers: list}}
	}
	return m, nil
}

// rbacAction returns, for Allow or Deny, a function that names that action
// in a matcher; path is action's IR path.
func rbacAction(action, path string) (func(name string) *xdsmatcherv3.Matcher_OnMatch, error) {
	var a *rbacconfigv3.Action
	switch action {
	case authorizationAllow:
		a = &rbacconfigv3.Action{Name: "ALLOW", Action: rbacconfigv3.RBAC_ALLOW}
	case authorizationDeny:
		a = &rbacconfigv3.Action{Name: "DENY", Action: rbacconfigv3.RBAC_DENY}
	default:
		return nil, fmt.Errorf("%s: must be %s or %s, not %q", path, authorizationAllow, authorizationDeny, action)
	}
	cfg, err := packAny(a)
	if err != nil {
		return nil, err
	}
	return func(name string) *xdsmatcherv3.Matcher_OnMatch {
		return &xdsmatcherv3.Matcher_OnMatch{OnMatch: &xdsmatcherv3.Matcher_OnMatch_Action{
			Action: &xdscorev3.TypedExtensionConfig{Name: name, TypedConfig: proto.Clone(cfg).(*anypb.Any)},
		}}
	}, nil
}

// rulePredicate ANDs the conditions of rule; path is its IR path. A rule
// must have one.
func rulePredicate(rule *ir.AuthorizationRule, path string) (*xdsmatcherv3.Matcher_MatcherList_Predicate, error) {
	var preds []*xdsmatcherv3.Matcher_MatcherList_Predicate
	add := func(p *xdsmatcherv3.Matcher_MatcherList_Predicate, err error) error {
		if p != nil {
			preds = append(preds, p)
		}
		return err
	}
	if op := rule.Operation; op != nil {
		if err := add(methodsPredicate(op.Methods, path+".operation.methods")); err != nil {
			return nil, err
		}
		if op.Path != nil {
			if err := add(pathPredicate(op.Path, path+".operation.path")); err != nil {
				return nil, err
			}
		}
	}
	pp := path + ".principal"
	pr := rule.Principal
	if err := add(clientCIDRPredicate(pr.ClientCIDRs, pp+".clientCIDRs")); err != nil {
		return nil, err
	}
	if err := add(geoPredicate(pr.ClientIPGeoLocations, pp+".clientIPGeoLocations")); err != nil {
		return nil, err
	}
	if rule.CEL != nil {
		if err := add(celPredicate(*rule.CEL, path+".cel")); err != nil {
			return nil, err
		}
	}
	if pr.JWT != nil {
		jwt, err := jwtPredicates(pr.JWT, pp+".jwt")
		if err != nil {
			return nil, err
		}
		preds = append(preds, jwt...)
	}
	for i, h := range pr.Headers {
		hp := fmt.Sprintf("%s.headers[%d]", pp, i)
		if err := checkHeaderName(h.Name); err != nil {
			return nil, fmt.Errorf("%s.name: %w", hp, err)
		}
		if len(h.Values) == 0 {
			return nil, fmt.Errorf("%s.values: must not be empty", hp)
		}
		if err := checkMatchValues(h.Values, hp+".values"); err != nil {
			return nil, err
		}
		if err := add(headerPredicate(h.Name, h.Values, false)); err != nil {
			return nil, err
		}
	}
	switch len(preds) {
	case 0:
		return nil, fmt.Errorf("%s: matches nothing: set an operation, a principal or cel", path)
	case 1:
		return preds[0], nil
	}
	return andPredicate(preds), nil
}

func andPredicate(ps []*xdsmatcherv3.Matcher_MatcherList_Predicate) *xdsmatcherv3.Matcher_MatcherList_Predicate {
	return &xdsmatcherv3.Matcher_MatcherList_Predicate{MatchType: &xdsmatcherv3.Matcher_MatcherList_Predicate_AndMatcher{
		AndMatcher: &xdsmatcherv3.Matcher_MatcherList_Predicate_PredicateList{Predicate: ps},
	}}
}

// anyPredicate ORs ps, or returns the only one.
func anyPredicate(ps []*xdsmatcherv3.Matcher_MatcherList_Predicate) *xdsmatcherv3.Matcher_MatcherList_Predicate {
	if len(ps) == 1 {
		return ps[0]
	}
	return &xdsmatcherv3.Matcher_MatcherList_Predicate{MatchType: &xdsmatcherv3.Matcher_MatcherList_Predicate_OrMatcher{
		OrMatcher: &xdsmatcherv3.Matcher_MatcherList_Predicate_PredicateList{Predicate: ps},
	}}
}

// singlePredicate matches the input called inputName with cfg, by value
// when value is set, else by the custom matcher called matcherName.
func singlePredicate(inputName string, input proto.Message, value *xdsmatcherv3.StringMatcher, matcherName string, custom proto.Message) (*xdsmatcherv3.Matcher_MatcherList_Predicate, error) {
	in, err := packAny(input)
	if err != nil {
		return nil, err
	}
	sp := &xdsmatcherv3.Matcher_MatcherList_Predicate_SinglePredicate{Input: &xdscorev3.TypedExtensionConfig{Name: inputName, TypedConfig: in}}
	if value != nil {
		sp.Matcher = &xdsmatcherv3.Matcher_MatcherList_Predicate_SinglePredicate_ValueMatch{ValueMatch: value}
	} else {
		c, err := packAny(custom)
		if err != nil {
			return nil, err
		}
		sp.Matcher = &xdsmatcherv3.Matcher_MatcherList_Predicate_SinglePredicate_CustomMatch{
			CustomMatch: &xdscorev3.TypedExtensionConfig{Name: matcherName, TypedConfig: c},
		}
	}
	return &xdsmatcherv3.Matcher_MatcherList_Predicate{MatchType: &xdsmatcherv3.Matcher_MatcherList_Predicate_SinglePredicate_{SinglePredicate: sp}}, nil
}

// headerMatch matches request header name with m.
func headerMatch(name string, m *xdsmatcherv3.StringMatcher) (*xdsmatcherv3.Matcher_MatcherList_Predicate, error) {
	return singlePredicate("http_header", &matcherv3.HttpRequestHeaderMatchInput{HeaderName: name}, m, "", nil)
}

// headerPredicate matches header name against any of values exactly; nil
// without values.
func headerPredicate(name string, values []string, ignoreCase bool) (*xdsmatcherv3.Matcher_MatcherList_Predicate, error) {
	var ps []*xdsmatcherv3.Matcher_MatcherList_Predicate
	for _, v := range values {
		p, err := headerMatch(name, &xdsmatcherv3.StringMatcher{
			MatchPattern: &xdsmatcherv3.StringMatcher_Exact{Exact: v},
			IgnoreCase:   ignoreCase,
		})
		if err != nil {
			return nil, err
		}
		ps = append(ps, p)
	}
	if len(ps) == 0 {
		return nil, nil
	}
	return anyPredicate(ps), nil
}

// checkMatchValues rejects values that cannot be matched: not UTF-8. path
// is the IR path of the list.
func checkMatchValues(values []string, path string) error {
	for i, v := range values {
		if !utf8.ValidString(v) {
			return fmt.Errorf("%s[%d]: must be valid UTF-8", path, i)
		}
	}
	return nil
}

// methodsPredicate matches any of methods, case-insensitively; nil without
// methods. path is the IR path of the list.
func methodsPredicate(methods []string, path string) (*xdsmatcherv3.Matcher_MatcherList_Predicate, error) {
	for i, m := range methods {
		if m == "" {
			return nil, fmt.Errorf("%s[%d]: must not be empty", path, i)
		}
	}
	if err := checkMatchValues(methods, path); err != nil {
		return nil, err
	}
	return headerPredicate(":method", methods, true)
}

// The path match types of an authorization rule.
const (
	authzPathPrefix = "PathPrefix"
	authzPathExact  = "Exact"
	authzPathRegex  = "RegularExpression"
)

// pathPredicate matches the :path header (which carries the query string)
// as the route matchers of the same types match the path alone: a prefix
// by whole segments, an exact path, or a regular expression.
func pathPredicate(pm *ir.AuthorizationPathMatch, path string) (*xdsmatcherv3.Matcher_MatcherList_Predicate, error) {
	typ := authzPathPrefix
	if pm.Type != nil {
		typ = *pm.Type
	}
	if pm.Value == "" || !utf8.ValidString(pm.Value) {
		return nil, fmt.Errorf("%s.value: must be a non-empty UTF-8 string", path)
	}
	re2 := func(re string) *xdsmatcherv3.StringMatcher {
		return &xdsmatcherv3.StringMatcher{MatchPattern: &xdsmatcherv3.StringMatcher_SafeRegex{SafeRegex: &xdsmatcherv3.RegexMatcher{
			EngineType: &xdsmatcherv3.RegexMatcher_GoogleRe2{GoogleRe2: &xdsmatcherv3.RegexMatcher_GoogleRE2{}},
			Regex:      re,
		}}}
	}
	// The path ends, or a query, fragment or parameter follows.
	const rest = `\?.*|#.*|;.*|$`
	var m *xdsmatcherv3.StringMatcher
	switch typ {
	case authzPathPrefix:
		if pm.Value == "/" {
			m = &xdsmatcherv3.StringMatcher{MatchPattern: &xdsmatcherv3.StringMatcher_Prefix{Prefix: "/"}}
		} else {
			m = re2("^" + regexp.QuoteMeta(strings.TrimSuffix(pm.Value, "/")) + "(/.*|" + rest + ")")
		}
	case authzPathExact:
		m = re2("^" + regexp.QuoteMeta(pm.Value) + "(" + rest + ")")
	case authzPathRegex:
		if _, err := regexp.Compile(pm.Value); err != nil {
			return nil, fmt.Errorf("%s.value: invalid regular expression: %w", path, err)
		}
		m = re2(pm.Value)
	default:
		return nil, fmt.Errorf("%s.type: must be %s, %s or %s, not %q", path, authzPathPrefix, authzPathExact, authzPathRegex, typ)
	}
	p, err := headerMatch(":path", m)
	if err != nil || !pm.Invert {
		return p, err
	}
	return &xdsmatcherv3.Matcher_MatcherList_Predicate{MatchType: &xdsmatcherv3.Matcher_MatcherList_Predicate_NotMatcher{NotMatcher: p}}, nil
}

// clientCIDRPredicate matches a client address in any of cidrs; nil
// without any.
func clientCIDRPredicate(cidrs []*ir.CIDRMatch, path string) (*xdsmatcherv3.Matcher_MatcherList_Predicate, error) {
	if len(cidrs) == 0 {
		return nil, nil
	}
	ip := &ipmatcherv3.Ip{StatPrefix: "client_ip"}
	for i, c := range cidrs {
		cp := fmt.Sprintf("%s[%d]", path, i)
		if c == nil {
			return nil, fmt.Errorf("%s: must not be null", cp)
		}
		pfx, err := netip.ParsePrefix(c.CIDR)
		if err != nil {
			return nil, fmt.Errorf("%s.cidr: %q is not an address range in CIDR notation", cp, c.CIDR)
		}
		if c.MaskLen != uint32(pfx.Bits()) {
			return nil, fmt.Errorf("%s.maskLen: %d differs from the prefix length of cidr %q", cp, c.MaskLen, c.CIDR)
		}
		if c.Invert {
			return nil, fmt.Errorf("%s.invert: inverted ranges are not supported in authorization rules", cp)
		}
		ip.CidrRanges = append(ip.CidrRanges, &corev3.CidrRange{
			AddressPrefix: pfx.Masked().Addr().String(),
			PrefixLen:     wrapperspb.UInt32(c.MaskLen),
		})
	}
	return singlePredicate("client_ip", &networkinputv3.SourceIPInput{}, nil, "ip_matcher", ip)
}

// geoPredicate matches a client in any of locs, each by all the fields it
// sets (names and ISPs case-insensitively); nil without any.
func geoPredicate(locs []ir.ClientIPGeoLocation, path string) (*xdsmatcherv3.Matcher_MatcherList_Predicate, error) {
	var any_ []*xdsmatcherv3.Matcher_MatcherList_Predicate
	for i, loc := range locs {
		lp := fmt.Sprintf("%s[%d]", path, i)
		var all []*xdsmatcherv3.Matcher_MatcherList_Predicate
		field := func(header string, value *string, ignoreCase bool, name string) error {
			if value == nil {
				return nil
			}
			if !utf8.ValidString(*value) {
				return fmt.Errorf("%s.%s: must be valid UTF-8", lp, name)
			}
			p, err := headerPredicate(header, []string{*value}, ignoreCase)
			if err != nil {
				return err
			}
			all = append(all, p)
			return nil
		}
		str := func(s string) *string { return &s }
		flag := func(b *bool) *string {
			if b == nil {
				return nil
			}
			return str(strconv.FormatBool(*b))
		}
		var asn *string
		if loc.ASN != nil {
			if *loc.ASN < 0 {
				return nil, fmt.Errorf("%s.asn: must not be negative, not %d", lp, *loc.ASN)
			}
			asn = str(strconv.FormatInt(int64(*loc.ASN), 10))
		}
		an := loc.Anonymous
		if an == nil {
			an = &ir.GeoIPAnonymousMatch{}
		}
		for _, f := range []struct {
			header     string
			value      *string
			ignoreCase bool
			name       string
		}{
			{geoIPCountryHeader, loc.Country, true, "country"},
			{geoIPRegionHeader, loc.Region, true, "region"},
			{geoIPCityHeader, loc.City, true, "city"},
			{geoIPASNHeader, asn, false, "asn"},
			{geoIPISPHeader, loc.ISP, true, "isp"},
			{geoIPAnonHeader, flag(an.IsAnonymous), false, "anonymous.isAnonymous"},
			{geoIPAnonVPNHeader, flag(an.IsVPN), false, "anonymous.isVPN"},
			{geoIPAnonHostHeader, flag(an.IsHosting), false, "anonymous.isHosting"},
			{geoIPAnonTorHeader, flag(an.IsTor), false, "anonymous.isTor"},
			{geoIPAnonProxyHeader, flag(an.IsProxy), false, "anonymous.isProxy"},
		} {
			if err := field(f.header, f.value, f.ignoreCase, f.name); err != nil {
				return nil, err
			}
		}
		switch len(all) {
		case 0:
			return nil, fmt.Errorf("%s: must set at least one field", lp)
		case 1:
			any_ = append(any_, all[0])
		default:
			any_ = append(any_, andPredicate(all))
		}
	}
	if len(any_) == 0 {
		return nil, nil
	}
	return anyPredicate(any_), nil
}

// celPredicate matches requests for which expr holds.
func celPredicate(expr, path string) (*xdsmatcherv3.Matcher_MatcherList_Predicate, error) {
	parsed, err := cel.Parse(expr)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return singlePredicate("cel", &xdsmatcherv3.HttpAttributesCelMatchInput{}, nil, "cel_matcher",
		&xdsmatcherv3.CelMatcher{ExprMatch: &xdstypev3.CelExpression{CelExprParsed: parsed}})
}

// jwtPredicates match the payload that j's provider verified: each scope
// (in the scope or scp claim, which the JWT filter turns into a list) and
// each claim (any of its values; a nested claim's name is dot-separated).
func jwtPredicates(j *ir.JWTPrincipal, path string) ([]*xdsmatcherv3.Matcher_MatcherList_Predicate, error) {
	if j.Provider == "" {
		return nil, fmt.Errorf("%s.provider: must not be empty", path)
	}
	if !utf8.ValidString(j.Provider) {
		return nil, fmt.Errorf("%s.provider: must be valid UTF-8", path)
	}
	payload := func(inputName string, keys []string, matcherName string, v *matcherv3.ValueMatcher) (*xdsmatcherv3.Matcher_MatcherList_Predicate, error) {
		in := &networkinputv3.DynamicMetadataInput{Filter: jwtPayloadFilter}
		for _, k := range append([]string{j.Provider}, keys...) {
			in.Path = append(in.Path, &networkinputv3.DynamicMetadataInput_PathSegment{
				Segment: &networkinputv3.DynamicMetadataInput_PathSegment_Key{Key: k},
			})
		}
		return singlePredicate(inputName, in, nil, matcherName, &metadatamatcherv3.Metadata{Value: v})
	}
	exact := func(s string) *matcherv3.ValueMatcher {
		return &matcherv3.ValueMatcher{MatchPattern: &matcherv3.ValueMatcher_StringMatch{
			StringMatch: &matcherv3.StringMatcher{MatchPattern: &matcherv3.StringMatcher_Exact{Exact: s}},
		}}
	}
	oneOf := func(s string) *matcherv3.ValueMatcher {
		return &matcherv3.ValueMatcher{MatchPattern: &matcherv3.ValueMatcher_ListMatch{
			ListMatch: &matcherv3.ListMatcher{MatchPattern: &matcherv3.ListMatcher_OneOf{OneOf: exact(s)}},
		}}
	}
	var out []*xdsmatcherv3.Matcher_MatcherList_Predicate
	for i, s := range j.Scopes {
		if s == "" || !utf8.ValidString(s) {
			return nil, fmt.Errorf("%s.scopes[%d]: must be a non-empty UTF-8 string", path, i)
		}
		var either []*xdsmatcherv3.Matcher_MatcherList_Predicate
		for _, claim := range []string{"scope", "scp"} {
			p, err := payload("scope", []string{claim}, "scope_matcher", oneOf(s))
			if err != nil {
				return nil, err
			}
			either = append(either, p)
		}
		out = append(out, anyPredicate(either))
	}
	for i, c := range j.Claims {
		cp := fmt.Sprintf("%s.claims[%d]", path, i)
		keys := strings.Split(c.Name, ".")
		for _, k := range keys {
			if k == "" || !utf8.ValidString(k) {
				return nil, fmt.Errorf("%s.name: %q is not a claim name", cp, c.Name)
			}
		}
		value := exact
		if c.ValueType != nil {
			switch *c.ValueType {
			case "String":
			case "StringArray":
				value = oneOf
			default:
				return nil, fmt.Errorf("%s.valueType: must be String or StringArray, not %q", cp, *c.ValueType)
			}
		}
		if len(c.Values) == 0 {
			return nil, fmt.Errorf("%s.values: must not be empty", cp)
		}
		var vals []*xdsmatcherv3.Matcher_MatcherList_Predicate
		for k, v := range c.Values {
			if !utf8.ValidString(v) {
				return nil, fmt.Errorf("%s.values[%d]: must be valid UTF-8", cp, k)
			}
			p, err := payload("claim", keys, "claim_matcher", value(v))
			if err != nil {
				return nil, err
			}
			vals = append(vals, p)
		}
		out = append(out, anyPredicate(vals))
	}
	return out, nil
}
