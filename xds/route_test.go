package xds

import (
	"strings"
	"testing"

	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	routev3 "github.com/envoyproxy/go-control-plane/envoy/config/route/v3"
	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/testing/protocmp"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/gatewaykit/gatewaykit/ir"
)

func TestRouteConfigurationWeightedAndInvalid(t *testing.T) {
	w80, w20 := uint32(80), uint32(20)
	ip := ir.IP
	l := &ir.HTTPListener{Name: "ns/gw/http", Routes: []*ir.HTTPRoute{{
		Name:     "httproute/ns/r/rule/0/match/0/foo_com",
		Hostname: "foo.com",
		Destination: &ir.RouteDestination{Name: "httproute/ns/r/rule/0", Settings: []*ir.DestinationSetting{
			{Name: "httproute/ns/r/rule/0/backend/0", Weight: &w80, AddressType: &ip, Endpoints: []*ir.DestinationEndpoint{{Host: "1.2.3.4", Port: 80}},
				Filters: &ir.DestinationFilters{AddRequestHeaders: []ir.AddHeader{{Name: "x", Value: []string{"1"}}}}},
			{Name: "httproute/ns/r/rule/0/backend/1", Weight: &w20, Invalid: true},
		}},
	}}}
	b := newBuilder(&options{})
	if err := b.buildRouteConfiguration("ns/gw/http", []*ir.HTTPListener{l}); err != nil {
		t.Fatal(err)
	}
	want := &routev3.RouteConfiguration{
		Name:                     "ns/gw/http",
		IgnorePortInHostMatching: true,
		VirtualHosts: []*routev3.VirtualHost{{
			Name:    "ns/gw/http/foo_com",
			Domains: []string{"foo.com"},
			Routes: []*routev3.Route{{
				Name:  "httproute/ns/r/rule/0/match/0/foo_com",
				Match: &routev3.RouteMatch{PathSpecifier: &routev3.RouteMatch_Prefix{Prefix: "/"}},
				Action: &routev3.Route_Route{Route: &routev3.RouteAction{
					ClusterNotFoundResponseCode: routev3.RouteAction_INTERNAL_SERVER_ERROR,
					ClusterSpecifier: &routev3.RouteAction_WeightedClusters{WeightedClusters: &routev3.WeightedCluster{Clusters: []*routev3.WeightedCluster_ClusterWeight{
						{Name: invalidBackendCluster, Weight: wrapperspb.UInt32(20)},
						{Name: "httproute/ns/r/rule/0/backend/0", Weight: wrapperspb.UInt32(80), RequestHeadersToAdd: []*corev3.HeaderValueOption{{
							Header: &corev3.HeaderValue{Key: "x", Value: "1"}, AppendAction: corev3.HeaderValueOption_OVERWRITE_IF_EXISTS_OR_ADD,
						}}},
					}}},
					UpgradeConfigs: []*routev3.RouteAction_UpgradeConfig{{UpgradeType: "websocket"}},
				}},
			}},
		}},
	}
	got := b.routes["ns/gw/http"]
	if d := cmp.Diff(want, got, protocmp.Transform()); d != "" {
		t.Errorf("route configuration (-want +got):\n%s", d)
	}
	if err := got.ValidateAll(); err != nil {
		t.Error(err)
	}
}

func TestRouteMatchesAndRewrites(t *testing.T) {
	prefix, re, exact, full := "/api/", "^/v[0-9]+", "1", "/new"
	r := &ir.HTTPRoute{
		Name: "r", Hostname: "*", IsHTTP2: true,
		PathMatch:         &ir.StringMatch{Prefix: &prefix},
		HeaderMatches:     []*ir.StringMatch{{Name: "h", SafeRegex: &re}},
		QueryParamMatches: []*ir.StringMatch{{Name: "q", Exact: &exact}},
		CookieMatches:     []*ir.StringMatch{{Name: "c", Exact: &exact}},
		URLRewrite:        &ir.URLRewrite{Path: &ir.ExtendedHTTPPathModifier{HTTPPathModifier: ir.HTTPPathModifier{FullReplace: &full}}},
		Destination:       &ir.RouteDestination{Name: "d"},
	}
	got, err := buildRoute(r, "routes[0]", nil)
	if err != nil {
		t.Fatal(err)
	}
	m := got.GetMatch()
	if m.GetPathSeparatedPrefix() != "/api" || m.GetHeaders()[0].GetStringMatch().GetSafeRegex().GetRegex() != re ||
		m.GetQueryParameters()[0].GetStringMatch().GetExact() != "1" || m.GetCookies()[0].GetName() != "c" {
		t.Errorf("match = %v", m)
	}
	ra := got.GetRoute()
	if ra.GetRegexRewrite().GetSubstitution() != full || ra.GetCluster() != "d" || len(ra.GetUpgradeConfigs()) != 0 {
		t.Errorf("action = %v", ra)
	}
}

func TestRouteInvalidIRNamesField(t *testing.T) {
	l := &ir.HTTPListener{Name: "l", Routes: []*ir.HTTPRoute{{Name: "r", PathMatch: &ir.StringMatch{}, Destination: &ir.RouteDestination{Name: "d"}}}}
	err := newBuilder(&options{}).buildRouteConfiguration("l", []*ir.HTTPListener{l})
	if err == nil || !strings.Contains(err.Error(), "listeners[l].routes[0].pathMatch") {
		t.Fatalf("err = %v", err)
	}
}

func TestMirrorPercentage(t *testing.T) {
	pct := float32(20)
	r := &ir.HTTPRoute{Name: "r", Destination: &ir.RouteDestination{Name: "d"}, Mirrors: []*ir.MirrorPolicy{
		{Destination: &ir.RouteDestination{Name: "m0"}},
		{Destination: &ir.RouteDestination{Name: "m1"}, Percentage: &pct},
	}}
	got, err := buildRoute(r, "r", nil)
	if err != nil {
		t.Fatal(err)
	}
	mp := got.GetRoute().GetRequestMirrorPolicies()
	if mp[0].GetRuntimeFraction().GetDefaultValue().GetNumerator() != 100 || mp[1].GetRuntimeFraction().GetDefaultValue().GetNumerator() != 200000 || !mp[1].GetDisableShadowHostSuffixAppend() {
		t.Errorf("mirrors = %v", mp)
	}
}
