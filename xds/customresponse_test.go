package xds

import (
	"testing"

	xdscorev3 "github.com/cncf/xds/go/xds/core/v3"
	xdsmatcherv3 "github.com/cncf/xds/go/xds/type/matcher/v3"
	xdstypev3 "github.com/cncf/xds/go/xds/type/v3"
	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	routev3 "github.com/envoyproxy/go-control-plane/envoy/config/route/v3"
	customresponsev3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/custom_response/v3"
	localresponsev3 "github.com/envoyproxy/go-control-plane/envoy/extensions/http/custom_response/local_response_policy/v3"
	redirectpolicyv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/http/custom_response/redirect_policy/v3"
	envoymatcherv3 "github.com/envoyproxy/go-control-plane/envoy/type/matcher/v3"
	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/testing/protocmp"
	"google.golang.org/protobuf/types/known/anypb"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/gatewaykit/gatewaykit/ir"
)

// TestResponseOverride checks the filter of an override: a status code
// value, a CEL range, a header match with a local-reply condition, a
// local response with headers and a redirect; and that the route enables
// the filter by name.
func TestResponseOverride(t *testing.T) {
	ct, host, full := "text/plain", "example.com", "/moved"
	exact := "v"
	code, sc, redirect := 404, uint32(200), int32(301)
	ro := &ir.ResponseOverride{Name: "backendtrafficpolicy/ns/p", Rules: []ir.ResponseOverrideRule{
		{Name: "r0", Match: ir.CustomResponseMatch{StatusCodes: []ir.StatusCodeMatch{{Value: &code}, {Range: &ir.StatusCodeRange{Start: 500, End: 511}}}},
			Response: &ir.OverrideResponse{ContentType: &ct, Body: []byte("gone"), StatusCode: &sc,
				AddResponseHeaders: []ir.AddHeader{{Name: "x-a", Value: []string{"1"}, Append: true}}}},
		{Name: "r1", Match: ir.CustomResponseMatch{ResponseHeaders: []ir.StringMatch{{Name: "x-h", Exact: &exact}}}, Source: "Local",
			Redirect: &ir.Redirect{Hostname: &host, Path: &ir.HTTPPathModifier{FullReplace: &full}, StatusCode: &redirect}},
	}}
	res, err := Translate(oneRoute(&ir.HTTPRoute{Name: "r", Hostname: "*", Destination: ipDestination("c"),
		Traffic: &ir.TrafficFeatures{ResponseOverride: ro}}))
	if err != nil {
		t.Fatal(err)
	}
	name := "envoy.filters.http.custom_response/backendtrafficpolicy/ns/p"
	var got *customresponsev3.CustomResponse
	for _, f := range httpFilters(t, res) {
		if f.Name == name {
			if !f.Disabled {
				t.Error("filter not disabled in the connection manager")
			}
			got = unpackT(t, f.GetTypedConfig(), &customresponsev3.CustomResponse{})
		}
	}
	if got == nil {
		t.Fatalf("no filter %s", name)
	}
	single := func(inputName string, input *anypb.Any, m *xdsmatcherv3.StringMatcher) *xdsmatcherv3.Matcher_MatcherList_Predicate {
		return &xdsmatcherv3.Matcher_MatcherList_Predicate{MatchType: &xdsmatcherv3.Matcher_MatcherList_Predicate_SinglePredicate_{
			SinglePredicate: &xdsmatcherv3.Matcher_MatcherList_Predicate_SinglePredicate{
				Input:   &xdscorev3.TypedExtensionConfig{Name: inputName, TypedConfig: input},
				Matcher: &xdsmatcherv3.Matcher_MatcherList_Predicate_SinglePredicate_ValueMatch{ValueMatch: m},
			}}}
	}
	ex := func(v string) *xdsmatcherv3.StringMatcher {
		return &xdsmatcherv3.StringMatcher{MatchPattern: &xdsmatcherv3.StringMatcher_Exact{Exact: v}}
	}
	celRange := &xdsmatcherv3.Matcher_MatcherList_Predicate{MatchType: &xdsmatcherv3.Matcher_MatcherList_Predicate_SinglePredicate_{
		SinglePredicate: &xdsmatcherv3.Matcher_MatcherList_Predicate_SinglePredicate{
			Input: &xdscorev3.TypedExtensionConfig{Name: "http-attributes-cel-match-input", TypedConfig: mustAny(&xdsmatcherv3.HttpAttributesCelMatchInput{})},
			Matcher: &xdsmatcherv3.Matcher_MatcherList_Predicate_SinglePredicate_CustomMatch{CustomMatch: &xdscorev3.TypedExtensionConfig{
				Name: "cel-matcher", TypedConfig: mustAny(&xdsmatcherv3.CelMatcher{ExprMatch: &xdstypev3.CelExpression{CelExprParsed: statusRangeExpr(500, 511)}}),
			}},
		}}}
	want := &customresponsev3.CustomResponse{CustomResponseMatcher: &xdsmatcherv3.Matcher{MatcherType: &xdsmatcherv3.Matcher_MatcherList_{
		MatcherList: &xdsmatcherv3.Matcher_MatcherList{Matchers: []*xdsmatcherv3.Matcher_MatcherList_FieldMatcher{
			{
				Predicate: &xdsmatcherv3.Matcher_MatcherList_Predicate{MatchType: &xdsmatcherv3.Matcher_MatcherList_Predicate_OrMatcher{
					OrMatcher: &xdsmatcherv3.Matcher_MatcherList_Predicate_PredicateList{Predicate: []*xdsmatcherv3.Matcher_MatcherList_Predicate{
						single("http-response-status-code-match-input", mustAny(&envoymatcherv3.HttpResponseStatusCodeMatchInput{}), ex("404")),
						celRange,
					}}}},
				OnMatch: &xdsmatcherv3.Matcher_OnMatch{OnMatch: &xdsmatcherv3.Matcher_OnMatch_Action{Action: &xdscorev3.TypedExtensionConfig{
					Name: "r0", TypedConfig: mustAny(&localresponsev3.LocalResponsePolicy{
						BodyFormat: &corev3.SubstitutionFormatString{Format: &corev3.SubstitutionFormatString_TextFormat{TextFormat: "gone"}},
						StatusCode: wrapperspb.UInt32(200),
						ResponseHeadersToAdd: []*corev3.HeaderValueOption{
							{Header: &corev3.HeaderValue{Key: "Content-Type", Value: "text/plain"}, AppendAction: corev3.HeaderValueOption_OVERWRITE_IF_EXISTS_OR_ADD},
							{Header: &corev3.HeaderValue{Key: "x-a", Value: "1"}, AppendAction: corev3.HeaderValueOption_APPEND_IF_EXISTS_OR_ADD},
						},
					}),
				}}},
			},
			{
				Predicate: &xdsmatcherv3.Matcher_MatcherList_Predicate{MatchType: &xdsmatcherv3.Matcher_MatcherList_Predicate_AndMatcher{
					AndMatcher: &xdsmatcherv3.Matcher_MatcherList_Predicate_PredicateList{Predicate: []*xdsmatcherv3.Matcher_MatcherList_Predicate{
						single("http-response-header-match-input", mustAny(&envoymatcherv3.HttpResponseHeaderMatchInput{HeaderName: "x-h"}), ex("v")),
						single("http-response-local-reply-match-input", mustAny(&envoymatcherv3.HttpResponseLocalReplyMatchInput{}), ex("true")),
					}}}},
				OnMatch: &xdsmatcherv3.Matcher_OnMatch{OnMatch: &xdsmatcherv3.Matcher_OnMatch_Action{Action: &xdscorev3.TypedExtensionConfig{
					Name: "r1", TypedConfig: mustAny(&redirectpolicyv3.RedirectPolicy{
						RedirectActionSpecifier: &redirectpolicyv3.RedirectPolicy_RedirectAction{RedirectAction: &routev3.RedirectAction{
							HostRedirect: "example.com", PathRewriteSpecifier: &routev3.RedirectAction_PathRedirect{PathRedirect: "/moved"},
						}},
						StatusCode: wrapperspb.UInt32(301),
					}),
				}}},
			},
		}},
	}}}
	if d := cmp.Diff(want, got, protocmp.Transform()); d != "" {
		t.Errorf("config (-want +got):\n%s", d)
	}
	wantPer := map[string]*anypb.Any{name: mustAny(&routev3.FilterConfig{Config: &anypb.Any{}})}
	if d := cmp.Diff(wantPer, onlyRoute(t, res).TypedPerFilterConfig, protocmp.Transform()); d != "" {
		t.Errorf("per-route (-want +got):\n%s", d)
	}
	// The CEL expression is response.code >= 500 && response.code <= 511.
	e := statusRangeExpr(500, 511).GetExpr().GetCallExpr()
	if e.GetFunction() != "_&&_" || e.GetArgs()[0].GetCallExpr().GetArgs()[1].GetConstExpr().GetInt64Value() != 500 ||
		e.GetArgs()[1].GetCallExpr().GetArgs()[1].GetConstExpr().GetInt64Value() != 511 {
		t.Errorf("range expression = %v", e)
	}
}

// TestResponseOverrideInvalidIR checks that a rule with both a response
// and a redirect is rejected with its field path.
func TestResponseOverrideInvalidIR(t *testing.T) {
	code := 404
	_, err := Translate(oneRoute(&ir.HTTPRoute{Name: "r", Hostname: "*", Destination: ipDestination("c"),
		Traffic: &ir.TrafficFeatures{ResponseOverride: &ir.ResponseOverride{Name: "o", Rules: []ir.ResponseOverrideRule{{
			Name: "x", Match: ir.CustomResponseMatch{StatusCodes: []ir.StatusCodeMatch{{Value: &code}}},
			Response: &ir.OverrideResponse{}, Redirect: &ir.Redirect{StatusCode: new(int32(302))},
		}}}}}))
	if !containsPath(err, "traffic.responseOverride.rules[0]") {
		t.Errorf("err = %v", err)
	}
}
