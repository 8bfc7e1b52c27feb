package xds

import (
	"testing"
	"time"

	cswrrv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/load_balancing_policies/client_side_weighted_round_robin/v3"
	lbcommonv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/load_balancing_policies/common/v3"
	leastrequestv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/load_balancing_policies/least_request/v3"
	overridehostv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/load_balancing_policies/override_host/v3"
	roundrobinv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/load_balancing_policies/round_robin/v3"
	wrrlocalityv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/load_balancing_policies/wrr_locality/v3"
	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/testing/protocmp"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/gatewaykit/gatewaykit/ir"
)

// TestBackendUtilizationAndEndpointOverrideLB checks client-side weighted
// round robin from backend utilization, and override_host falling back to
// the plain algorithm (or to the full weighted round robin).
func TestBackendUtilizationAndEndpointOverrideLB(t *testing.T) {
	hdr := "x-host"
	authority := "orca.example.com"
	bu := &ir.BackendUtilization{BlackoutPeriod: dur(10 * time.Second), ErrorUtilizationPenaltyPercent: new(uint32(50)),
		OutOfBand: &ir.OutOfBandReporting{ReportingPeriod: dur(5 * time.Second), Port: new(uint32(9001)), Authority: &authority}}
	wantCSWRR := lbPolicy("envoy.load_balancing_policies.client_side_weighted_round_robin", &cswrrv3.ClientSideWeightedRoundRobin{
		BlackoutPeriod: durationpb.New(10 * time.Second), ErrorUtilizationPenalty: wrapperspb.Float(0.5),
		EnableOobLoadReport: wrapperspb.Bool(true), OobReportingPeriod: durationpb.New(5 * time.Second),
		OobReportingConfig: &lbcommonv3.OrcaOobReportingConfig{PortValue: 9001, Authority: authority},
	})
	eo := &ir.EndpointOverride{ExtractFrom: []ir.EndpointOverrideSource{{Header: &hdr}}}
	loc := &lbcommonv3.LocalityLbConfig{LocalityConfigSpecifier: &lbcommonv3.LocalityLbConfig_LocalityWeightedLbConfig_{
		LocalityWeightedLbConfig: &lbcommonv3.LocalityLbConfig_LocalityWeightedLbConfig{}}}
	tests := []struct {
		name string
		lb   *ir.LoadBalancer
		want any
	}{
		{name: "backend utilization", lb: &ir.LoadBalancer{BackendUtilization: bu}, want: wantCSWRR},
		{name: "override round robin", lb: &ir.LoadBalancer{RoundRobin: &ir.RoundRobin{SlowStart: &ir.SlowStart{Window: dur(time.Second)}}, EndpointOverride: eo},
			want: lbPolicy("envoy.load_balancing_policies.override_host", &overridehostv3.OverrideHost{
				OverrideHostSources: []*overridehostv3.OverrideHost_OverrideHostSource{{Header: hdr}},
				FallbackPolicy:      lbPolicy("envoy.load_balancing_policies.round_robin", &roundrobinv3.RoundRobin{}),
			})},
		{name: "override default", lb: &ir.LoadBalancer{EndpointOverride: eo},
			want: lbPolicy("envoy.load_balancing_policies.override_host", &overridehostv3.OverrideHost{
				OverrideHostSources: []*overridehostv3.OverrideHost_OverrideHostSource{{Header: hdr}},
				FallbackPolicy:      lbPolicy("envoy.load_balancing_policies.least_request", &leastrequestv3.LeastRequest{}),
			})},
		{name: "override backend utilization", lb: &ir.LoadBalancer{BackendUtilization: bu, EndpointOverride: eo},
			want: lbPolicy("envoy.load_balancing_policies.override_host", &overridehostv3.OverrideHost{
				OverrideHostSources: []*overridehostv3.OverrideHost_OverrideHostSource{{Header: hdr}},
				FallbackPolicy:      wantCSWRR,
			})},
	}
	for _, tt := range tests {
		got := loadBalancingPolicy(tt.lb, loc)
		if diff := cmp.Diff(tt.want, got, protocmp.Transform()); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
		if err := got.ValidateAll(); err != nil {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
}

// TestEndpointOverrideInvalidIR checks that an override without a header
// is rejected with its field path.
func TestEndpointOverrideInvalidIR(t *testing.T) {
	_, err := Translate(oneRoute(&ir.HTTPRoute{Name: "r", Hostname: "*", Destination: ipDestination("c"),
		Traffic: &ir.TrafficFeatures{LoadBalancer: &ir.LoadBalancer{EndpointOverride: &ir.EndpointOverride{ExtractFrom: []ir.EndpointOverrideSource{{}}}}}}))
	if !containsPath(err, "traffic.loadBalancer.endpointOverride.extractFrom[0].header") {
		t.Errorf("err = %v", err)
	}
}

// TestWeightedZones checks that a route over weighted zones gets one
// cluster per backend, whose localities are zones weighted as listed (1
// for a zone not listed), and that backend utilization is wrapped in
// wrr_locality.
func TestWeightedZones(t *testing.T) {
	za, zb := "a", "b"
	ip := ir.IP
	d := &ir.RouteDestination{Name: "c", Settings: []*ir.DestinationSetting{{
		Name: "c/backend/0", AddressType: &ip,
		Endpoints: []*ir.DestinationEndpoint{{Host: "10.0.0.2", Port: 80, Zone: &zb}, {Host: "10.0.0.1", Port: 80, Zone: &za}, {Host: "10.0.0.3", Port: 80}},
	}}}
	lb := &ir.LoadBalancer{BackendUtilization: &ir.BackendUtilization{}, WeightedZones: []ir.WeightedZone{{Zone: "a", Weight: 70}, {Zone: "b", Weight: 20}}}
	res, err := Translate(oneRoute(&ir.HTTPRoute{Name: "r", Hostname: "*", Destination: d, Traffic: &ir.TrafficFeatures{LoadBalancer: lb}}))
	if err != nil {
		t.Fatal(err)
	}
	if got := onlyRoute(t, res).GetRoute().GetWeightedClusters().GetClusters(); len(got) != 1 || got[0].GetName() != "c/backend/0" {
		t.Fatalf("weighted clusters = %v", got)
	}
	if len(res.Endpoints) != 1 {
		t.Fatalf("endpoints = %v", res.Endpoints)
	}
	var zones []string
	var weights []uint32
	for _, l := range res.Endpoints[0].GetEndpoints() {
		zones = append(zones, l.GetLocality().GetZone())
		weights = append(weights, l.GetLoadBalancingWeight().GetValue())
	}
	if diff := cmp.Diff([]string{"", "a", "b"}, zones); diff != "" {
		t.Errorf("zones (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]uint32{1, 70, 20}, weights); diff != "" {
		t.Errorf("weights (-want +got):\n%s", diff)
	}
	want := lbPolicy("envoy.load_balancing_policies.wrr_locality", &wrrlocalityv3.WrrLocality{
		EndpointPickingPolicy: lbPolicy("envoy.load_balancing_policies.client_side_weighted_round_robin", &cswrrv3.ClientSideWeightedRoundRobin{}),
	})
	for _, c := range res.Clusters {
		if c.GetName() != "c/backend/0" {
			continue
		}
		if diff := cmp.Diff(want, c.GetLoadBalancingPolicy(), protocmp.Transform()); diff != "" {
			t.Errorf("load balancing (-want +got):\n%s", diff)
		}
	}
}
