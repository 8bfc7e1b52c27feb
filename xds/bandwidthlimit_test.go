package xds

import (
	"testing"

	bwlimitv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/bandwidth_limit/v3"
	hcmv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/http_connection_manager/v3"
	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/testing/protocmp"
	"google.golang.org/protobuf/types/known/anypb"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/gatewaykit/gatewaykit/ir"
)

// TestBandwidthLimit checks the two disabled filters and the route's
// per-direction limits, trailers on the response only.
func TestBandwidthLimit(t *testing.T) {
	prefix := "x-eg"
	res, err := Translate(oneRoute(&ir.HTTPRoute{Name: "r", Hostname: "*", Destination: ipDestination("c"),
		Traffic: &ir.TrafficFeatures{BandwidthLimit: &ir.BandwidthLimit{
			Request:  &ir.BandwidthLimitConfig{LimitKibps: 10240},
			Response: &ir.BandwidthLimitConfig{LimitKibps: 1706, ResponseTrailers: &ir.BandwidthLimitResponseTrailers{Prefix: &prefix}},
		}}}))
	if err != nil {
		t.Fatal(err)
	}
	var got []*hcmv3.HttpFilter
	for _, f := range httpFilters(t, res) {
		if f.Name == bandwidthLimitRequestFilter || f.Name == bandwidthLimitResponseFilter {
			got = append(got, f)
		}
	}
	disabled := func(name string) *hcmv3.HttpFilter {
		return &hcmv3.HttpFilter{Name: name, Disabled: true, ConfigType: &hcmv3.HttpFilter_TypedConfig{
			TypedConfig: mustAny(&bwlimitv3.BandwidthLimit{StatPrefix: "http_bandwidth_limiter"})}}
	}
	want := []*hcmv3.HttpFilter{disabled("envoy.filters.http.bandwidth_limit/request"), disabled("envoy.filters.http.bandwidth_limit/response")}
	if d := cmp.Diff(want, got, protocmp.Transform()); d != "" {
		t.Errorf("filters (-want +got):\n%s", d)
	}
	wantPer := map[string]*anypb.Any{
		"envoy.filters.http.bandwidth_limit/request": mustAny(&bwlimitv3.BandwidthLimit{StatPrefix: "http_bandwidth_limiter",
			EnableMode: bwlimitv3.BandwidthLimit_REQUEST, LimitKbps: wrapperspb.UInt64(10240)}),
		"envoy.filters.http.bandwidth_limit/response": mustAny(&bwlimitv3.BandwidthLimit{StatPrefix: "http_bandwidth_limiter",
			EnableMode: bwlimitv3.BandwidthLimit_RESPONSE, LimitKbps: wrapperspb.UInt64(1706),
			EnableResponseTrailers: true, ResponseTrailerPrefix: "x-eg"}),
	}
	if d := cmp.Diff(wantPer, onlyRoute(t, res).TypedPerFilterConfig, protocmp.Transform()); d != "" {
		t.Errorf("per-route (-want +got):\n%s", d)
	}
}

// TestBandwidthLimitInvalidIR checks that a limit of zero is rejected with
// its field path.
func TestBandwidthLimitInvalidIR(t *testing.T) {
	_, err := Translate(oneRoute(&ir.HTTPRoute{Name: "r", Hostname: "*", Destination: ipDestination("c"),
		Traffic: &ir.TrafficFeatures{BandwidthLimit: &ir.BandwidthLimit{Request: &ir.BandwidthLimitConfig{}}}}))
	if !containsPath(err, "traffic.bandwidthLimit.request.limitKibps") {
		t.Errorf("err = %v, want one naming traffic.bandwidthLimit.request.limitKibps", err)
	}
}
