package xds

import (
	"fmt"
	"strings"
	"testing"

	rbacv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/rbac/v3"
	hcmv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/http_connection_manager/v3"
	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/testing/protocmp"

	"github.com/gatewaykit/gatewaykit/ir"
)

// The expected matchers are written out as protojson, independently of
// the code that builds them.

func jsonHeader(name, exact string, ignoreCase bool) string {
	ic := ""
	if ignoreCase {
		ic = `, "ignoreCase": true`
	}
	return fmt.Sprintf(`{"singlePredicate": {
		"input": {"name": "http_header", "typedConfig": {"@type": "type.googleapis.com/envoy.type.matcher.v3.HttpRequestHeaderMatchInput", "headerName": %q}},
		"valueMatch": {"exact": %q%s}}}`, name, exact, ic)
}

func jsonPath(m string) string {
	return `{"singlePredicate": {
		"input": {"name": "http_header", "typedConfig": {"@type": "type.googleapis.com/envoy.type.matcher.v3.HttpRequestHeaderMatchInput", "headerName": ":path"}},
		"valueMatch": ` + m + `}}`
}

func jsonRegex(re string) string {
	return fmt.Sprintf(`{"safeRegex": {"googleRe2": {}, "regex": %q}}`, re)
}

func jsonPayload(input, matcher, value string, keys ...string) string {
	var path []string
	for _, k := range keys {
		path = append(path, fmt.Sprintf(`{"key": %q}`, k))
	}
	return fmt.Sprintf(`{"singlePredicate": {
		"input": {"name": %q, "typedConfig": {"@type": "type.googleapis.com/envoy.extensions.matching.common_inputs.network.v3.DynamicMetadataInput",
			"filter": "envoy.filters.http.jwt_authn", "path": [%s]}},
		"customMatch": {"name": %q, "typedConfig": {"@type": "type.googleapis.com/envoy.extensions.matching.input_matchers.metadata.v3.Metadata", "value": %s}}}}`,
		input, strings.Join(path, ", "), matcher, value)
}

func jsonOneOf(s string) string {
	return fmt.Sprintf(`{"listMatch": {"oneOf": {"stringMatch": {"exact": %q}}}}`, s)
}

func jsonExact(s string) string { return fmt.Sprintf(`{"stringMatch": {"exact": %q}}`, s) }

func jsonList(kind string, ps ...string) string {
	return fmt.Sprintf(`{%q: {"predicate": [%s]}}`, kind, strings.Join(ps, ",\n"))
}

func jsonRule(name, action, pred string) string {
	return fmt.Sprintf(`{"predicate": %s, "onMatch": {"action": {"name": %q, "typedConfig": %s}}}`, pred, name, jsonAction(action))
}

func jsonAction(action string) string {
	if action == "DENY" {
		return `{"@type": "type.googleapis.com/envoy.config.rbac.v3.Action", "name": "DENY", "action": "DENY"}`
	}
	return `{"@type": "type.googleapis.com/envoy.config.rbac.v3.Action", "name": "ALLOW"}`
}

func authzRules() *ir.Authorization {
	exact, re, ptype := "Exact", "RegularExpression", "PathPrefix"
	us, seattle, no := "US", "Seattle", false
	asn := int32(64512)
	arr := "StringArray"
	cel := "request.method == 'POST'"
	return &ir.Authorization{
		DefaultAction: "Allow",
		Rules: []*ir.AuthorizationRule{
			{Name: "allow-get", Action: "Allow", Operation: &ir.AuthorizationOperation{Methods: []string{"GET"}}},
			{
				Name: "deny-admin", Action: "Deny",
				Operation: &ir.AuthorizationOperation{Methods: []string{"DELETE", "POST"}, Path: &ir.AuthorizationPathMatch{Value: "/admin/"}},
				Principal: ir.Principal{
					ClientCIDRs: []*ir.CIDRMatch{
						{CIDR: "10.1.2.3/8", MaskLen: 8},
						{CIDR: "2001:db8::1/32", MaskLen: 32, IsIPv6: true},
					},
					Headers: []ir.AuthorizationHeaderMatch{{Name: "x-team", Values: []string{"a", "b"}}, {Name: "x-id", Values: []string{"1"}}},
				},
				CEL: &cel,
			},
			{
				Name: "allow-jwt", Action: "Allow",
				Principal: ir.Principal{JWT: &ir.JWTPrincipal{
					Provider: "p",
					Scopes:   []string{"read"},
					Claims: []ir.JWTClaim{
						{Name: "org.team", Values: []string{"x"}},
						{Name: "roles", ValueType: &arr, Values: []string{"admin", "ops"}},
					},
				}},
			},
			{
				Name: "geo", Action: "Allow",
				Principal: ir.Principal{ClientIPGeoLocations: []ir.ClientIPGeoLocation{
					{Country: &us, City: &seattle, ASN: &asn},
					{Anonymous: &ir.GeoIPAnonymousMatch{IsVPN: &no}},
				}},
			},
			{Name: "exact", Action: "Allow", Operation: &ir.AuthorizationOperation{Path: &ir.AuthorizationPathMatch{Type: &exact, Value: "/a.b"}}},
			{Name: "root", Action: "Deny", Operation: &ir.AuthorizationOperation{Path: &ir.AuthorizationPathMatch{Type: &ptype, Value: "/"}}},
			{Name: "re", Action: "Allow", Operation: &ir.AuthorizationOperation{Path: &ir.AuthorizationPathMatch{Type: &re, Value: "^/v[0-9]+/"}}},
			{Name: "not-exact", Action: "Deny", Operation: &ir.AuthorizationOperation{Path: &ir.AuthorizationPathMatch{Type: &exact, Value: "/x", Invert: true}}},
		},
	}
}

func TestAuthorization(t *testing.T) {
	res := securedTranslate(t, securedIR(securedRoute("r", &ir.SecurityFeatures{Authorization: authzRules()}), securedRoute("open", nil)))
	ip := `{"singlePredicate": {
		"input": {"name": "client_ip", "typedConfig": {"@type": "type.googleapis.com/envoy.extensions.matching.common_inputs.network.v3.SourceIPInput"}},
		"customMatch": {"name": "ip_matcher", "typedConfig": {"@type": "type.googleapis.com/envoy.extensions.matching.input_matchers.ip.v3.Ip",
			"statPrefix": "client_ip", "cidrRanges": [{"addressPrefix": "10.0.0.0", "prefixLen": 8}, {"addressPrefix": "2001:db8::", "prefixLen": 32}]}}}}`
	cel := `{"singlePredicate": {
		"input": {"name": "cel", "typedConfig": {"@type": "type.googleapis.com/xds.type.matcher.v3.HttpAttributesCelMatchInput"}},
		"customMatch": {"name": "cel_matcher", "typedConfig": {"@type": "type.googleapis.com/xds.type.matcher.v3.CelMatcher", "exprMatch": {"celExprParsed": {
			"expr": {"id": "3", "callExpr": {"function": "_==_", "args": [
				{"id": "2", "selectExpr": {"operand": {"id": "1", "identExpr": {"name": "request"}}, "field": "method"}},
				{"id": "4", "constExpr": {"stringValue": "POST"}}]}},
			"sourceInfo": {"location": "<input>", "lineOffsets": [25], "positions": {"1": 0, "2": 7, "3": 15, "4": 18}}}}}}}}`
	want := `{"rbac": {"matcher": {
		"matcherList": {"matchers": [` + strings.Join([]string{
		jsonRule("allow-get", "ALLOW", jsonHeader(":method", "GET", true)),
		// Methods, path, CIDRs, CEL, then headers.
		jsonRule("deny-admin", "DENY", jsonList("andMatcher",
			jsonList("orMatcher", jsonHeader(":method", "DELETE", true), jsonHeader(":method", "POST", true)),
			jsonPath(jsonRegex(`^/admin(/.*|\?.*|#.*|;.*|$)`)),
			ip,
			cel,
			jsonList("orMatcher", jsonHeader("x-team", "a", false), jsonHeader("x-team", "b", false)),
			jsonHeader("x-id", "1", false),
		)),
		// Scopes (in scope or scp), then claims.
		jsonRule("allow-jwt", "ALLOW", jsonList("andMatcher",
			jsonList("orMatcher",
				jsonPayload("scope", "scope_matcher", jsonOneOf("read"), "p", "scope"),
				jsonPayload("scope", "scope_matcher", jsonOneOf("read"), "p", "scp")),
			jsonPayload("claim", "claim_matcher", jsonExact("x"), "p", "org", "team"),
			jsonList("orMatcher",
				jsonPayload("claim", "claim_matcher", jsonOneOf("admin"), "p", "roles"),
				jsonPayload("claim", "claim_matcher", jsonOneOf("ops"), "p", "roles")),
		)),
		jsonRule("geo", "ALLOW", jsonList("orMatcher",
			jsonList("andMatcher",
				jsonHeader("x-eg-internal-geoip-country", "US", true),
				jsonHeader("x-eg-internal-geoip-city", "Seattle", true),
				jsonHeader("x-eg-internal-geoip-asn", "64512", false)),
			jsonHeader("x-eg-internal-geoip-anon-vpn", "false", false),
		)),
		jsonRule("exact", "ALLOW", jsonPath(jsonRegex(`^/a\.b(\?.*|#.*|;.*|$)`))),
		jsonRule("root", "DENY", jsonPath(`{"prefix": "/"}`)),
		jsonRule("re", "ALLOW", jsonPath(jsonRegex(`^/v[0-9]+/`))),
		jsonRule("not-exact", "DENY", `{"notMatcher": `+jsonPath(jsonRegex(`^/x(\?.*|#.*|;.*|$)`))+`}`),
	}, ",\n") + `]},
		"onNoMatch": {"action": {"name": "default", "typedConfig": ` + jsonAction("ALLOW") + `}}}}}`
	wantPR := &rbacv3.RBACPerRoute{}
	if err := protojson.Unmarshal([]byte(want), wantPR); err != nil {
		t.Fatalf("expected configuration: %v", err)
	}
	cfgs := routeConfigs(t, res)
	if cfgs["open"] != nil {
		t.Errorf("route without authorization has configuration %v", cfgs["open"])
	}
	a := cfgs["r"][HTTPFilterRBAC]
	if a == nil {
		t.Fatalf("no RBAC configuration (has %v)", cfgs["r"])
	}
	if d := cmp.Diff(wantPR, unpackT(t, a, &rbacv3.RBACPerRoute{}), protocmp.Transform()); d != "" {
		t.Errorf("RBAC per route (-want +got):\n%s", d)
	}
	// The connection manager's filter lets everything through.
	wantFilter := &hcmv3.HttpFilter{Name: HTTPFilterRBAC, ConfigType: &hcmv3.HttpFilter_TypedConfig{TypedConfig: mustAnyT(t, &rbacv3.RBAC{})}}
	if d := cmp.Diff(wantFilter, httpFilters(t, res)[0], protocmp.Transform()); d != "" {
		t.Errorf("rbac filter (-want +got):\n%s", d)
	}
}

// Without rules the default action decides every request.
func TestAuthorizationDefaultOnly(t *testing.T) {
	res := securedTranslate(t, securedIR(securedRoute("r", &ir.SecurityFeatures{Authorization: &ir.Authorization{DefaultAction: "Deny"}})))
	want := &rbacv3.RBACPerRoute{}
	if err := protojson.Unmarshal([]byte(`{"rbac": {"matcher": {"onNoMatch": {"action": {"name": "default", "typedConfig": `+jsonAction("DENY")+`}}}}}`), want); err != nil {
		t.Fatal(err)
	}
	got := unpackT(t, routeConfigs(t, res)["r"][HTTPFilterRBAC], &rbacv3.RBACPerRoute{})
	if d := cmp.Diff(want, got, protocmp.Transform()); d != "" {
		t.Errorf("RBAC per route (-want +got):\n%s", d)
	}
}

// The authorization filter and the dynamic resolver loopback guard are both
// RBAC filters, in that order, after the CORS, CSRF and authentication
// filters.
func TestSecurityFilterOrder(t *testing.T) {
	ip := ir.IP
	dyn := securedRoute("dyn", nil)
	dyn.Destination = &ir.RouteDestination{Name: "d", Settings: []*ir.DestinationSetting{{Name: "d/backend/0", AddressType: &ip, IsDynamicResolver: true}}}
	all := &ir.SecurityFeatures{
		CORS:          &ir.CORS{},
		CSRF:          &ir.CSRF{},
		APIKeyAuth:    &ir.APIKeyAuth{ExtractFrom: []*ir.ExtractFrom{{Headers: []string{"k"}}}},
		BasicAuth:     &ir.BasicAuth{Name: "b", Users: ir.PrivateBytes("u:{SHA}x")},
		Authorization: &ir.Authorization{DefaultAction: "Deny"},
	}
	res := securedTranslate(t, securedIR(dyn, securedRoute("all", all)))
	want := []string{
		HTTPFilterCORS, HTTPFilterCSRF, HTTPFilterAPIKeyAuth, HTTPFilterBasicAuth + "/b",
		HTTPFilterRBAC, HTTPFilterDFPLoopbackDeny, HTTPFilterRouter,
	}
	if d := cmp.Diff(want, filterNames(hcmOf(t, res.Listeners[0].GetDefaultFilterChain()))); d != "" {
		t.Errorf("filters (-want +got):\n%s", d)
	}
}

// An invalid authorization is an error naming the field, never a panic.
func TestAuthorizationInvalid(t *testing.T) {
	typ := "Prefix"
	bad := "Suffix"
	neg := int32(-1)
	const rule = ".security.authorization.rules[1]"
	tests := []struct {
		name   string
		modify func(a *ir.Authorization)
		field  string
	}{
		{"default action", func(a *ir.Authorization) { a.DefaultAction = "allow" }, ".security.authorization.defaultAction"},
		{"null rule", func(a *ir.Authorization) { a.Rules[1] = nil }, rule},
		{"no name", func(a *ir.Authorization) { a.Rules[1].Name = "" }, rule + ".name"},
		{"action", func(a *ir.Authorization) { a.Rules[1].Action = "Log" }, rule + ".action"},
		{"matches nothing", func(a *ir.Authorization) {
			a.Rules[1] = &ir.AuthorizationRule{Name: "n", Action: "Allow", Operation: &ir.AuthorizationOperation{}}
		}, rule},
		{"empty method", func(a *ir.Authorization) { a.Rules[1].Operation.Methods[1] = "" }, rule + ".operation.methods[1]"},
		{"path type", func(a *ir.Authorization) { a.Rules[1].Operation.Path.Type = &typ }, rule + ".operation.path.type"},
		{"empty path", func(a *ir.Authorization) { a.Rules[1].Operation.Path.Value = "" }, rule + ".operation.path.value"},
		{"bad regex", func(a *ir.Authorization) {
			re := "RegularExpression"
			a.Rules[1].Operation.Path = &ir.AuthorizationPathMatch{Type: &re, Value: "a("}
		}, rule + ".operation.path.value"},
		{"null CIDR", func(a *ir.Authorization) { a.Rules[1].Principal.ClientCIDRs[1] = nil }, rule + ".principal.clientCIDRs[1]"},
		{"bad CIDR", func(a *ir.Authorization) { a.Rules[1].Principal.ClientCIDRs[0].CIDR = "10.0.0.0" }, rule + ".principal.clientCIDRs[0].cidr"},
		{"mask length", func(a *ir.Authorization) { a.Rules[1].Principal.ClientCIDRs[0].MaskLen = 16 }, rule + ".principal.clientCIDRs[0].maskLen"},
		{"inverted CIDR", func(a *ir.Authorization) { a.Rules[1].Principal.ClientCIDRs[0].Invert = true }, rule + ".principal.clientCIDRs[0].invert"},
		{"header name", func(a *ir.Authorization) { a.Rules[1].Principal.Headers[0].Name = "a\nb" }, rule + ".principal.headers[0].name"},
		{"header without values", func(a *ir.Authorization) { a.Rules[1].Principal.Headers[1].Values = nil }, rule + ".principal.headers[1].values"},
		{"header value not UTF-8", func(a *ir.Authorization) { a.Rules[1].Principal.Headers[0].Values[1] = "\xff" }, rule + ".principal.headers[0].values[1]"},
		{"CEL syntax", func(a *ir.Authorization) { c := "request.path ==="; a.Rules[1].CEL = &c }, rule + ".cel"},
		{"CEL reserved word", func(a *ir.Authorization) { c := "if"; a.Rules[1].CEL = &c }, rule + ".cel"},
		{"JWT provider", func(a *ir.Authorization) { a.Rules[2].Principal.JWT.Provider = "" }, ".security.authorization.rules[2].principal.jwt.provider"},
		{"JWT scope", func(a *ir.Authorization) { a.Rules[2].Principal.JWT.Scopes = []string{""} }, ".security.authorization.rules[2].principal.jwt.scopes[0]"},
		{"JWT claim name", func(a *ir.Authorization) { a.Rules[2].Principal.JWT.Claims[0].Name = "a..b" }, ".security.authorization.rules[2].principal.jwt.claims[0].name"},
		{"JWT claim type", func(a *ir.Authorization) { a.Rules[2].Principal.JWT.Claims[0].ValueType = &bad }, ".security.authorization.rules[2].principal.jwt.claims[0].valueType"},
		{"JWT claim values", func(a *ir.Authorization) { a.Rules[2].Principal.JWT.Claims[1].Values = nil }, ".security.authorization.rules[2].principal.jwt.claims[1].values"},
		{"empty location", func(a *ir.Authorization) {
			a.Rules[3].Principal.ClientIPGeoLocations = append(a.Rules[3].Principal.ClientIPGeoLocations, ir.ClientIPGeoLocation{})
		}, ".security.authorization.rules[3].principal.clientIPGeoLocations[2]"},
		{"negative ASN", func(a *ir.Authorization) { a.Rules[3].Principal.ClientIPGeoLocations[0].ASN = &neg }, ".security.authorization.rules[3].principal.clientIPGeoLocations[0].asn"},
		{"city not UTF-8", func(a *ir.Authorization) {
			c := "\xff"
			a.Rules[3].Principal.ClientIPGeoLocations[0].City = &c
		}, ".security.authorization.rules[3].principal.clientIPGeoLocations[0].city"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := authzRules()
			a.Rules[1].Principal.ClientCIDRs = append(a.Rules[1].Principal.ClientCIDRs, &ir.CIDRMatch{CIDR: "192.168.0.0/16", MaskLen: 16})
			tc.modify(a)
			err := translateError(t, securedIR(securedRoute("r", &ir.SecurityFeatures{Authorization: a})))
			if !strings.Contains(err.Error(), "listeners[ns/gw/http].routes[0]"+tc.field+":") {
				t.Errorf("error %q does not name %s", err, tc.field)
			}
		})
	}
}

// The same IR gives the same bytes (the CEL positions are a map), and the
// basic_auth filters do not depend on the order of the routes that use
// them.
func TestSecurityDeterministic(t *testing.T) {
	routes := func() []*ir.HTTPRoute {
		return []*ir.HTTPRoute{
			securedRoute("a", &ir.SecurityFeatures{Authorization: authzRules(), BasicAuth: &ir.BasicAuth{Name: "p1", Users: ir.PrivateBytes("u:{SHA}1")}}),
			securedRoute("b", &ir.SecurityFeatures{BasicAuth: &ir.BasicAuth{Name: "p2", Users: ir.PrivateBytes("u:{SHA}2")}}),
		}
	}
	first, err := securedTranslate(t, securedIR(routes()...)).Marshal()
	if err != nil {
		t.Fatal(err)
	}
	for range 5 {
		again, err := securedTranslate(t, securedIR(routes()...)).Marshal()
		if err != nil {
			t.Fatal(err)
		}
		if string(again) != string(first) {
			t.Fatal("translating the same IR twice gives different bytes")
		}
	}
	rs := routes()
	forward := securedTranslate(t, securedIR(rs...))
	backward := securedTranslate(t, securedIR(rs[1], rs[0]))
	if d := cmp.Diff(httpFilters(t, forward), httpFilters(t, backward), protocmp.Transform()); d != "" {
		t.Errorf("filters depend on route order (-forward +backward):\n%s", d)
	}
}
