package xds

import (
	"testing"

	routev3 "github.com/envoyproxy/go-control-plane/envoy/config/route/v3"
	bufferv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/buffer/v3"
	hcmv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/http_connection_manager/v3"
	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/testing/protocmp"
	"google.golang.org/protobuf/types/known/anypb"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/gatewaykit/gatewaykit/ir"
)

// TestRequestBuffer checks the disabled buffer filter, the route's own
// limit, and that a buffering route accepts no upgrades.
func TestRequestBuffer(t *testing.T) {
	res, err := Translate(oneRoute(&ir.HTTPRoute{Name: "r", Hostname: "*", Destination: ipDestination("c"),
		Traffic: &ir.TrafficFeatures{RequestBuffer: &ir.RequestBuffer{LimitBytes: 4 << 20}}}))
	if err != nil {
		t.Fatal(err)
	}
	var got *hcmv3.HttpFilter
	for _, f := range httpFilters(t, res) {
		if f.Name == HTTPFilterBuffer {
			got = f
		}
	}
	want := &hcmv3.HttpFilter{Name: HTTPFilterBuffer, Disabled: true, ConfigType: &hcmv3.HttpFilter_TypedConfig{
		TypedConfig: mustAny(&bufferv3.Buffer{MaxRequestBytes: wrapperspb.UInt32(4 << 20)})}}
	if d := cmp.Diff(want, got, protocmp.Transform()); d != "" {
		t.Errorf("filter (-want +got):\n%s", d)
	}
	r := onlyRoute(t, res)
	wantPer := map[string]*anypb.Any{HTTPFilterBuffer: mustAny(&bufferv3.BufferPerRoute{
		Override: &bufferv3.BufferPerRoute_Buffer{Buffer: &bufferv3.Buffer{MaxRequestBytes: wrapperspb.UInt32(4 << 20)}}})}
	if d := cmp.Diff(wantPer, r.TypedPerFilterConfig, protocmp.Transform()); d != "" {
		t.Errorf("per-route (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]*routev3.RouteAction_UpgradeConfig(nil), r.GetRoute().UpgradeConfigs, protocmp.Transform()); d != "" {
		t.Errorf("upgrades (-want +got):\n%s", d)
	}
}
