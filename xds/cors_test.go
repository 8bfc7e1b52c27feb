package xds

import (
	"strings"
	"testing"
	"time"

	corsv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/cors/v3"
	matcherv3 "github.com/envoyproxy/go-control-plane/envoy/type/matcher/v3"
	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/testing/protocmp"
	"google.golang.org/protobuf/types/known/anypb"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/gatewaykit/gatewaykit/ir"
)

// A SecurityPolicy's CORS configures the CORS filter like an HTTPRoute CORS
// filter, which wins when a route has both.
func TestCORSFromSecurityPolicy(t *testing.T) {
	origin, other := "https://a.example.com", "https://b.example.com"
	maxAge := ir.Duration(1000 * time.Second)
	policy := &ir.CORS{
		AllowOrigins:     []*ir.StringMatch{{Exact: &origin}},
		AllowMethods:     []string{"GET", "POST"},
		AllowHeaders:     []string{"x-a"},
		ExposeHeaders:    []string{"x-b", "*"},
		MaxAge:           &maxAge,
		AllowCredentials: true,
	}
	both := securedRoute("both", &ir.SecurityFeatures{CORS: policy})
	both.CORS = &ir.CORS{AllowOrigins: []*ir.StringMatch{{Exact: &other}}}
	res := securedTranslate(t, securedIR(securedRoute("policy", &ir.SecurityFeatures{CORS: policy}), both, securedRoute("open", nil)))
	if d := cmp.Diff([]string{HTTPFilterCORS, HTTPFilterRouter}, filterNames(hcmOf(t, res.Listeners[0].GetDefaultFilterChain()))); d != "" {
		t.Errorf("filters (-want +got):\n%s", d)
	}
	wantRoutes := map[string]map[string]*anypb.Any{
		"policy": {HTTPFilterCORS: mustAnyT(t, &corsv3.CorsPolicy{
			AllowOriginStringMatch: []*matcherv3.StringMatcher{{MatchPattern: &matcherv3.StringMatcher_Exact{Exact: origin}}},
			AllowMethods:           "GET, POST",
			AllowHeaders:           "x-a",
			// A wildcard only stands alone in the allow lists.
			ExposeHeaders:                "x-b, *",
			MaxAge:                       "1000",
			AllowCredentials:             wrapperspb.Bool(true),
			ForwardNotMatchingPreflights: wrapperspb.Bool(false),
		})},
		// Without a max age none is set.
		"both": {HTTPFilterCORS: mustAnyT(t, &corsv3.CorsPolicy{
			AllowOriginStringMatch:       []*matcherv3.StringMatcher{{MatchPattern: &matcherv3.StringMatcher_Exact{Exact: other}}},
			AllowCredentials:             wrapperspb.Bool(false),
			ForwardNotMatchingPreflights: wrapperspb.Bool(false),
		})},
		"open": nil,
	}
	if d := cmp.Diff(wantRoutes, routeConfigs(t, res), protocmp.Transform()); d != "" {
		t.Errorf("per-route configuration (-want +got):\n%s", d)
	}
}

// An origin that matches nothing is an error naming it, from either source.
func TestCORSInvalidOrigin(t *testing.T) {
	bad := &ir.CORS{AllowOrigins: []*ir.StringMatch{{}}}
	err := translateError(t, securedIR(securedRoute("r", &ir.SecurityFeatures{CORS: bad})))
	if !strings.Contains(err.Error(), "listeners[ns/gw/http].routes[0].security.cors.allowOrigins[0]:") {
		t.Errorf("error %q does not name the origin", err)
	}
	r := securedRoute("r", nil)
	r.CORS = &ir.CORS{AllowOrigins: []*ir.StringMatch{{}}}
	err = translateError(t, securedIR(r))
	if !strings.Contains(err.Error(), "routes[0].cors.allowOrigins[0]:") {
		t.Errorf("error %q does not name the origin", err)
	}
}
