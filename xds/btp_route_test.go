package xds

import (
	"testing"

	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	routev3 "github.com/envoyproxy/go-control-plane/envoy/config/route/v3"
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
