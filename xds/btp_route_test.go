package xds

import (
	"testing"

	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	routev3 "github.com/envoyproxy/go-control-plane/envoy/config/route/v3"
	rlv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/common/ratelimit/v3"
	localrlv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/local_ratelimit/v3"
	httpv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/upstreams/http/v3"
	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/testing/protocmp"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/gatewaykit/gatewaykit/ir"
)

// TestRouteConsistentHash checks that a route's consistent hash becomes the
// route's hash policy, and that a split between backends follows it.
func TestRouteConsistentHash(t *testing.T) {
	d := ipDestination("c")
	second := *d.Settings[0]
	second.Name = "c/backend/1"
	second.Filters = &ir.DestinationFilters{AddRequestHeaders: []ir.AddHeader{{Name: "x-b", Value: []string{"1"}}}}
	d.Settings = append(d.Settings, &second)
	r := &ir.HTTPRoute{Name: "r", Hostname: "*", Destination: d, Traffic: &ir.TrafficFeatures{
		LoadBalancer: &ir.LoadBalancer{ConsistentHash: &ir.ConsistentHash{Headers: []*ir.HashHeader{{Name: "x-user"}}}},
	}}
	res, err := Translate(oneRoute(r))
	if err != nil {
		t.Fatal(err)
	}
	ra := onlyRoute(t, res).GetRoute()
	want := []*routev3.RouteAction_HashPolicy{{PolicySpecifier: &routev3.RouteAction_HashPolicy_Header_{
		Header: &routev3.RouteAction_HashPolicy_Header{HeaderName: "x-user"},
	}}}
	if diff := cmp.Diff(want, ra.HashPolicy, protocmp.Transform()); diff != "" {
		t.Errorf("hash policy (-want +got):\n%s", diff)
	}
	if got := ra.GetWeightedClusters().GetUseHashPolicy(); got == nil || !got.Value {
		t.Errorf("weighted clusters do not use the hash policy: %v", ra.GetWeightedClusters())
	}
}

// TestUseClientProtocol checks that a route's useClientProtocol makes its
// cluster speak the downstream protocol.
func TestUseClientProtocol(t *testing.T) {
	r := &ir.HTTPRoute{Name: "r", Hostname: "*", Destination: ipDestination("c"), UseClientProtocol: new(true)}
	res, err := Translate(oneRoute(r))
	if err != nil {
		t.Fatal(err)
	}
	var po httpv3.HttpProtocolOptions
	if len(res.Clusters) != 1 {
		t.Fatalf("want one cluster, got %d", len(res.Clusters))
	}
	if err := res.Clusters[0].TypedExtensionProtocolOptions[httpProtocolOptionsKey].UnmarshalTo(&po); err != nil {
		t.Fatal(err)
	}
	want := &httpv3.HttpProtocolOptions{UpstreamProtocolOptions: &httpv3.HttpProtocolOptions_UseDownstreamProtocolConfig{
		UseDownstreamProtocolConfig: &httpv3.HttpProtocolOptions_UseDownstreamHttpConfig{
			HttpProtocolOptions: &corev3.Http1ProtocolOptions{},
			Http2ProtocolOptions: &corev3.Http2ProtocolOptions{
				InitialStreamWindowSize:     wrapperspb.UInt32(upstreamH2StreamWindow),
				InitialConnectionWindowSize: wrapperspb.UInt32(upstreamH2ConnWindow),
			},
		},
	}}
	if diff := cmp.Diff(want, &po, protocmp.Transform()); diff != "" {
		t.Errorf("protocol options (-want +got):\n%s", diff)
	}
}

// routeFilters translates r alone and returns the connection manager's
// filter names and the route.
func routeFilters(t *testing.T, r *ir.HTTPRoute) ([]string, *routev3.Route) {
	t.Helper()
	res, err := Translate(oneRoute(r))
	if err != nil {
		t.Fatal(err)
	}
	// Translate has run ValidateAll on every resource it returns.
	return filterNames(hcmOf(t, res.Listeners[0].DefaultFilterChain)), onlyRoute(t, res)
}

// TestCompression checks one disabled filter per algorithm, enabled per
// route, and that Accept-Encoding is no longer forwarded.
func TestCompression(t *testing.T) {
	r := &ir.HTTPRoute{Name: "r", Hostname: "*", Destination: ipDestination("c"), Traffic: &ir.TrafficFeatures{Compression: []*ir.Compression{
		{Type: ir.CompressorZstd, ChooseFirst: true, MinContentLength: new(uint32(100))}, {Type: ir.CompressorGzip},
	}}}
	names, route := routeFilters(t, r)
	if diff := cmp.Diff([]string{"envoy.filters.http.compressor.gzip", "envoy.filters.http.compressor.zstd", HTTPFilterRouter}, names); diff != "" {
		t.Errorf("filters (-want +got):\n%s", diff)
	}
	if _, ok := route.TypedPerFilterConfig["envoy.filters.http.compressor.zstd"]; !ok {
		t.Errorf("zstd is not enabled on the route: %v", route.TypedPerFilterConfig)
	}
	if diff := cmp.Diff([]string{"accept-encoding"}, route.RequestHeadersToRemove); diff != "" {
		t.Errorf("headers removed (-want +got):\n%s", diff)
	}
}

// TestLocalRateLimit checks the route's bucket and a descriptor per rule
// and method.
func TestLocalRateLimit(t *testing.T) {
	r := &ir.HTTPRoute{Name: "r", Hostname: "*", Destination: ipDestination("c"), Traffic: &ir.TrafficFeatures{RateLimit: &ir.RateLimit{Local: &ir.LocalRateLimit{
		Default: ir.RateLimitValue{Requests: 10, Unit: ir.RateLimitUnitMinute},
		Rules: []*ir.RateLimitRule{{
			Name:          "ns/p/rule/0",
			HeaderMatches: []*ir.StringMatch{{Name: "x-user", Distinct: true}},
			MethodMatches: []*ir.StringMatch{{Exact: new("GET")}, {Exact: new("POST")}},
			Limit:         ir.RateLimitValue{Requests: 5, Unit: ir.RateLimitUnitHour},
		}},
	}}}}
	names, route := routeFilters(t, r)
	if diff := cmp.Diff([]string{HTTPFilterLocalRateLimit, HTTPFilterRouter}, names); diff != "" {
		t.Errorf("filters (-want +got):\n%s", diff)
	}
	var got localrlv3.LocalRateLimit
	if err := route.TypedPerFilterConfig[HTTPFilterLocalRateLimit].UnmarshalTo(&got); err != nil {
		t.Fatal(err)
	}
	if b := got.TokenBucket; b.MaxTokens != 10 || b.FillInterval.AsDuration().Minutes() != 1 {
		t.Errorf("route bucket = %v", b)
	}
	if len(got.Descriptors) != 2 || len(got.RateLimits) != 2 {
		t.Fatalf("want a descriptor and an action list per method, got %d, %d", len(got.Descriptors), len(got.RateLimits))
	}
	wantEntries := []*rlv3.RateLimitDescriptor_Entry{{Key: "rule-0-match-0"}, {Key: "rule-0-method", Value: "rule-0-method"}}
	if diff := cmp.Diff(wantEntries, got.Descriptors[1].Entries, protocmp.Transform()); diff != "" {
		t.Errorf("entries (-want +got):\n%s", diff)
	}
	if got.Descriptors[1].TokenBucket.MaxTokens != 5 {
		t.Errorf("rule bucket = %v", got.Descriptors[1].TokenBucket)
	}

	// An unknown unit fails the route's own translation with its path.
	r.Traffic.RateLimit.Local.Default.Unit = "Fortnight"
	if _, err := Translate(oneRoute(r)); err == nil {
		t.Error("an unknown rate limit unit translated")
	}
}
