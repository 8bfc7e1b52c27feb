package translator

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/gatewaykit/gatewaykit/ir"
	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// routingTranslation holds Service default/svc (cluster IP 10.0.0.1, port
// 80 named http) with one endpoint 10.1.1.1:8080, and optionally a second
// Service without a cluster IP.
func routingTranslation() *translation {
	ipType := discoveryv1.AddressTypeIPv4
	return &translation{idx: newIndex(&Resources{
		Services: []*corev1.Service{
			{ObjectMeta: metav1.ObjectMeta{Namespace: "default", Name: "svc"}, Spec: corev1.ServiceSpec{ClusterIP: "10.0.0.1",
				Ports: []corev1.ServicePort{{Name: "http", Port: 80, Protocol: corev1.ProtocolTCP}}}},
			{ObjectMeta: metav1.ObjectMeta{Namespace: "default", Name: "headless"}, Spec: corev1.ServiceSpec{ClusterIP: corev1.ClusterIPNone,
				Ports: []corev1.ServicePort{{Name: "http", Port: 80, Protocol: corev1.ProtocolTCP}}}},
		},
		EndpointSlices: []*discoveryv1.EndpointSlice{
			{ObjectMeta: metav1.ObjectMeta{Namespace: "default", Name: "svc-1", Labels: map[string]string{labelServiceName: "svc"}},
				AddressType: ipType, Endpoints: []discoveryv1.Endpoint{{Addresses: []string{"10.1.1.1"}}},
				Ports: []discoveryv1.EndpointPort{{Name: new("http"), Port: new(int32(8080))}}},
			{ObjectMeta: metav1.ObjectMeta{Namespace: "default", Name: "headless-1", Labels: map[string]string{labelServiceName: "headless"}},
				AddressType: ipType, Endpoints: []discoveryv1.Endpoint{{Addresses: []string{"10.2.2.2"}}},
				Ports: []discoveryv1.EndpointPort{{Name: new("http"), Port: new(int32(8080))}}},
		},
	})}
}

// TestServiceSettingRoutingType checks that the EnvoyProxy's Service
// routing sends to the cluster IP and port, and that a Service without a
// cluster IP keeps its endpoints.
func TestServiceSettingRoutingType(t *testing.T) {
	tr := routingTranslation()
	ip := ir.IP
	tests := []struct {
		svc     string
		service bool
		want    []*ir.DestinationEndpoint
		wantAT  *ir.DestinationAddressType
	}{
		{svc: "svc", want: []*ir.DestinationEndpoint{{Host: "10.1.1.1", Port: 8080}}, wantAT: &ip},
		{svc: "svc", service: true, want: []*ir.DestinationEndpoint{{Host: "10.0.0.1", Port: 80}}},
		{svc: "headless", service: true, want: []*ir.DestinationEndpoint{{Host: "10.2.2.2", Port: 8080}}, wantAT: &ip},
	}
	for _, tt := range tests {
		ds, p := tr.serviceSetting("default", tt.svc, 80, corev1.ProtocolTCP, ir.HTTP, "s", tt.service)
		if p != nil {
			t.Fatalf("%s: %s", tt.svc, p.msg)
		}
		if diff := cmp.Diff(tt.want, ds.Endpoints); diff != "" {
			t.Errorf("%s service=%v endpoints (-want +got):\n%s", tt.svc, tt.service, diff)
		}
		if diff := cmp.Diff(tt.wantAT, ds.AddressType); diff != "" {
			t.Errorf("%s service=%v address type (-want +got):\n%s", tt.svc, tt.service, diff)
		}
	}
}

// TestBTPRoutingType checks that a policy's routingType re-resolves the
// Service backends of the routes it covers (both ways), leaves other
// settings alone, does nothing on a route a more specific policy claimed,
// and that an unknown value is rejected naming the field.
func TestBTPRoutingType(t *testing.T) {
	for _, tc := range []struct {
		rt       egv1a1.RoutingType
		from     []*ir.DestinationEndpoint
		want     []*ir.DestinationEndpoint
		serviceT bool
	}{
		{rt: egv1a1.RoutingTypeService, from: []*ir.DestinationEndpoint{{Host: "10.1.1.1", Port: 8080}}, want: []*ir.DestinationEndpoint{{Host: "10.0.0.1", Port: 80}}},
		{rt: egv1a1.RoutingTypeEndpoint, serviceT: true, from: []*ir.DestinationEndpoint{{Host: "10.0.0.1", Port: 80}}, want: []*ir.DestinationEndpoint{{Host: "10.1.1.1", Port: 8080}}},
	} {
		tr := routingTranslation()
		ds, p := tr.serviceSetting("default", "svc", 80, corev1.ProtocolTCP, ir.HTTP, "route/rule/0/backend/0", tc.serviceT)
		if p != nil {
			t.Fatal(p.msg)
		}
		ds.Name = "route/rule/0/backend/0"
		if diff := cmp.Diff(tc.from, ds.Endpoints); diff != "" {
			t.Fatalf("%s: before (-want +got):\n%s", tc.rt, diff)
		}
		other := &ir.DestinationSetting{Name: "route/rule/0/backend/1", Endpoints: []*ir.DestinationEndpoint{{Host: "192.0.2.1", Port: 1}}}
		r := &ir.HTTPRoute{Name: "r", Destination: &ir.RouteDestination{Name: "route/rule/0", Settings: []*ir.DestinationSetting{ds.DeepCopy(), other}}}
		apply, err := btpApplyOf(tr, btpPolicy(egv1a1.BackendTrafficPolicySpec{RoutingType: new(tc.rt)}))
		if err != nil {
			t.Fatal(err)
		}
		apply(r)
		if diff := cmp.Diff(tc.want, r.Destination.Settings[0].Endpoints); diff != "" {
			t.Errorf("%s: after (-want +got):\n%s", tc.rt, diff)
		}
		if got := r.Destination.Settings[1].Endpoints[0].Host; got != "192.0.2.1" {
			t.Errorf("%s: a setting that is not a Service changed to %s", tc.rt, got)
		}

		claimed := &ir.HTTPRoute{Name: "c", Traffic: &ir.TrafficFeatures{}, Destination: &ir.RouteDestination{Settings: []*ir.DestinationSetting{ds.DeepCopy()}}}
		apply(claimed)
		if diff := cmp.Diff(tc.from, claimed.Destination.Settings[0].Endpoints); diff != "" {
			t.Errorf("%s: claimed route changed (-want +got):\n%s", tc.rt, diff)
		}
	}

	_, err := routingTranslation().buildBTPFeatures(btpPolicy(egv1a1.BackendTrafficPolicySpec{RoutingType: new(egv1a1.RoutingType("Pod"))}))
	if err == nil || !strings.Contains(err.Error(), "spec.routingType") {
		t.Errorf("invalid routingType: err = %v, want one naming spec.routingType", err)
	}
}

// TestBTPRequestBuffer checks that a request buffer's limit reaches the
// IR route in bytes.
func TestBTPRequestBuffer(t *testing.T) {
	tr := btpTranslation()
	apply, err := btpApplyOf(tr, btpPolicy(egv1a1.BackendTrafficPolicySpec{RequestBuffer: &egv1a1.RequestBuffer{Limit: btpQty("4Mi")}}))
	if err != nil {
		t.Fatal(err)
	}
	r := &ir.HTTPRoute{Name: "r"}
	apply(r)
	if diff := cmp.Diff(&ir.RequestBuffer{LimitBytes: 4 << 20}, r.Traffic.RequestBuffer); diff != "" {
		t.Errorf("request buffer (-want +got):\n%s", diff)
	}
}

// TestBTPBandwidthLimit checks the conversion to whole KiB per second and
// the response trailers.
func TestBTPBandwidthLimit(t *testing.T) {
	tr := btpTranslation()
	spec := egv1a1.BackendTrafficPolicySpec{BandwidthLimit: &egv1a1.BandwidthLimitSpec{
		Request: &egv1a1.BandwidthLimitRequestConfig{Limit: egv1a1.BandwidthLimitValue{Value: *btpQty("10Mi"), Unit: egv1a1.BandwidthLimitUnitSecond}},
		Response: &egv1a1.BandwidthLimitResponseConfig{Limit: egv1a1.BandwidthLimitValue{Value: *btpQty("100Mi"), Unit: egv1a1.BandwidthLimitUnitMinute},
			ResponseTrailers: &egv1a1.BandwidthLimitResponseTrailers{Prefix: new("x-eg")}},
	}}
	apply, err := btpApplyOf(tr, btpPolicy(spec))
	if err != nil {
		t.Fatal(err)
	}
	r := &ir.HTTPRoute{Name: "r"}
	apply(r)
	want := &ir.BandwidthLimit{
		Request:  &ir.BandwidthLimitConfig{LimitKibps: 10240},
		Response: &ir.BandwidthLimitConfig{LimitKibps: 1706, ResponseTrailers: &ir.BandwidthLimitResponseTrailers{Prefix: new("x-eg")}},
	}
	if diff := cmp.Diff(want, r.Traffic.BandwidthLimit); diff != "" {
		t.Errorf("bandwidth limit (-want +got):\n%s", diff)
	}
	// Below 1 KiB/s: not accepted, naming the direction.
	spec.BandwidthLimit.Request.Limit.Value = *btpQty("100")
	if _, err := btpTranslation().buildBTPFeatures(btpPolicy(spec)); err == nil || !strings.Contains(err.Error(), "BandwidthLimit: request") {
		t.Errorf("err = %v, want a BandwidthLimit request error", err)
	}
}

// TestBTPBackendUtilizationAndEndpointOverride checks the IR of a backend
// utilization load balancer with an endpoint override, and that the load
// report headers are removed from responses unless kept.
func TestBTPBackendUtilizationAndEndpointOverride(t *testing.T) {
	lb := &egv1a1.LoadBalancer{Type: egv1a1.LoadBalancerTypeBackendUtilization,
		BackendUtilization: &egv1a1.BackendUtilization{BlackoutPeriod: btpDur("10s"), ErrorUtilizationPenaltyPercent: new(int32(50)),
			OutOfBand: &egv1a1.OutOfBandReporting{ReportingPeriod: btpDur("5s"), Port: new(int32(9001)), Authority: new("orca")}},
		EndpointOverride: &egv1a1.EndpointOverride{ExtractFrom: []egv1a1.EndpointOverrideExtractFrom{{Header: new("x-host")}}},
	}
	apply, err := btpApplyOf(btpTranslation(), btpPolicy(egv1a1.BackendTrafficPolicySpec{ClusterSettings: egv1a1.ClusterSettings{LoadBalancer: lb}}))
	if err != nil {
		t.Fatal(err)
	}
	r := &ir.HTTPRoute{Name: "r", RemoveResponseHeaders: []string{"endpoint-load-metrics"}}
	apply(r)
	want := &ir.LoadBalancer{
		BackendUtilization: &ir.BackendUtilization{BlackoutPeriod: btpIRDur(10 * time.Second), ErrorUtilizationPenaltyPercent: new(uint32(50)),
			OutOfBand: &ir.OutOfBandReporting{ReportingPeriod: btpIRDur(5 * time.Second), Port: new(uint32(9001)), Authority: new("orca")}},
		EndpointOverride: &ir.EndpointOverride{ExtractFrom: []ir.EndpointOverrideSource{{Header: new("x-host")}}},
	}
	if diff := cmp.Diff(want, r.Traffic.LoadBalancer); diff != "" {
		t.Errorf("load balancer (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"endpoint-load-metrics", "endpoint-load-metrics-bin"}, r.RemoveResponseHeaders); diff != "" {
		t.Errorf("removed response headers (-want +got):\n%s", diff)
	}
	if r.DirectResponse != nil {
		t.Errorf("route fails closed: %+v", r.DirectResponse)
	}

	lb.BackendUtilization.KeepResponseHeaders = new(true)
	apply, _ = btpApplyOf(btpTranslation(), btpPolicy(egv1a1.BackendTrafficPolicySpec{ClusterSettings: egv1a1.ClusterSettings{LoadBalancer: lb}}))
	r = &ir.HTTPRoute{Name: "r"}
	apply(r)
	if len(r.RemoveResponseHeaders) != 0 {
		t.Errorf("kept headers removed: %v", r.RemoveResponseHeaders)
	}
}

// TestBTPWeightedZones checks that weighted zones reach the IR in order
// and that a zone listed twice is refused.
func TestBTPWeightedZones(t *testing.T) {
	lb := &egv1a1.LoadBalancer{Type: egv1a1.LoadBalancerTypeRoundRobin, ZoneAware: &egv1a1.ZoneAware{
		WeightedZones: []egv1a1.WeightedZoneConfig{{Zone: "b", Weight: 70}, {Zone: "a", Weight: 30}}}}
	got, err := irLoadBalancer(lb)
	if err != nil {
		t.Fatal(err)
	}
	want := &ir.LoadBalancer{RoundRobin: &ir.RoundRobin{}, WeightedZones: []ir.WeightedZone{{Zone: "b", Weight: 70}, {Zone: "a", Weight: 30}}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("load balancer (-want +got):\n%s", diff)
	}
	lb.ZoneAware.WeightedZones = append(lb.ZoneAware.WeightedZones, egv1a1.WeightedZoneConfig{Zone: "b", Weight: 1})
	if _, err := irLoadBalancer(lb); err == nil || !strings.Contains(err.Error(), "weightedZones[2].zone") {
		t.Errorf("err = %v, want one naming weightedZones[2].zone", err)
	}
}

// TestBTPResponseOverride checks the IR of response overrides: names,
// status codes (a value without a type, a range), header matches, an
// inline body with headers, a body from a ConfigMap, and a redirect.
func TestBTPResponseOverride(t *testing.T) {
	tr := btpTranslation(btpConfigMap("page", map[string]string{"response.body": "from map"}, nil))
	prefix := egv1a1.StringMatchTypePrefix
	local := egv1a1.ResponseOverrideSourceLocal
	spec := egv1a1.BackendTrafficPolicySpec{ResponseOverride: []egv1a1.ResponseOverride{
		{Match: egv1a1.CustomResponseMatch{StatusCodes: []egv1a1.StatusCodeMatch{{Value: new(404)}, {Type: egv1a1.StatusCodeValueTypeRange, Range: &egv1a1.StatusCodeRange{Start: 500, End: 511}}}},
			Response: &egv1a1.CustomResponse{ContentType: new("text/plain"), Body: &egv1a1.CustomResponseBody{Inline: new("nope")}, StatusCode: new(410),
				Header: &gwapiv1.HTTPHeaderFilter{Add: []gwapiv1.HTTPHeader{{Name: "x-a", Value: "1"}}, Set: []gwapiv1.HTTPHeader{{Name: "x-s", Value: "2"}}}}},
		{Match: egv1a1.CustomResponseMatch{ResponseHeaders: []egv1a1.ResponseOverrideHeaderMatch{{Name: "x-e", Value: egv1a1.StringMatch{Type: &prefix, Value: "up"}}}},
			Source:   &local,
			Response: &egv1a1.CustomResponse{Body: &egv1a1.CustomResponseBody{Type: egv1a1.ResponseValueTypeValueRef, ValueRef: &gwapiv1.LocalObjectReference{Kind: "ConfigMap", Name: "page"}}}},
		{Match: egv1a1.CustomResponseMatch{StatusCodes: []egv1a1.StatusCodeMatch{{Value: new(200)}}},
			Redirect: &egv1a1.CustomRedirect{Hostname: new(gwapiv1.PreciseHostname("x.com")), StatusCode: new(301),
				Path: &gwapiv1.HTTPPathModifier{Type: gwapiv1.FullPathHTTPPathModifier, ReplaceFullPath: new("/p")}}},
	}}
	apply, err := btpApplyOf(tr, btpPolicy(spec))
	if err != nil {
		t.Fatal(err)
	}
	r := &ir.HTTPRoute{Name: "r"}
	apply(r)
	want := &ir.ResponseOverride{Name: "backendtrafficpolicy/default/p", Rules: []ir.ResponseOverrideRule{
		{Name: "backendtrafficpolicy/default/p/responseoverride/rule/0",
			Match: ir.CustomResponseMatch{StatusCodes: []ir.StatusCodeMatch{{Value: new(404)}, {Range: &ir.StatusCodeRange{Start: 500, End: 511}}}},
			Response: &ir.OverrideResponse{ContentType: new("text/plain"), Body: []byte("nope"), StatusCode: new(uint32(410)),
				AddResponseHeaders: []ir.AddHeader{{Name: "x-a", Value: []string{"1"}, Append: true}, {Name: "x-s", Value: []string{"2"}}}}},
		{Name: "backendtrafficpolicy/default/p/responseoverride/rule/1",
			Match:    ir.CustomResponseMatch{ResponseHeaders: []ir.StringMatch{{Name: "x-e", Prefix: new("up")}}},
			Source:   "Local",
			Response: &ir.OverrideResponse{Body: []byte("from map")}},
		{Name: "backendtrafficpolicy/default/p/responseoverride/rule/2",
			Match:    ir.CustomResponseMatch{StatusCodes: []ir.StatusCodeMatch{{Value: new(200)}}},
			Redirect: &ir.Redirect{Hostname: new("x.com"), StatusCode: new(int32(301)), Path: &ir.HTTPPathModifier{FullReplace: new("/p")}}},
	}}
	if diff := cmp.Diff(want, r.Traffic.ResponseOverride); diff != "" {
		t.Errorf("response override (-want +got):\n%s", diff)
	}
}

// TestBTPFaultInjection checks the IR of a delay and a gRPC abort, and that
// an HTTP status Envoy cannot answer fails the routes closed as
// unenforced.
func TestBTPFaultInjection(t *testing.T) {
	spec := egv1a1.BackendTrafficPolicySpec{FaultInjection: &egv1a1.FaultInjection{
		Delay: &egv1a1.FaultInjectionDelay{FixedDelay: "5.4s", Percentage: new(80.0)},
		Abort: &egv1a1.FaultInjectionAbort{GRPCStatus: new(int32(14)), Percentage: new(100.0)},
	}}
	apply, err := btpApplyOf(btpTranslation(), btpPolicy(spec))
	if err != nil {
		t.Fatal(err)
	}
	r := &ir.HTTPRoute{Name: "r"}
	apply(r)
	want := &ir.FaultInjection{
		Delay: &ir.FaultInjectionDelay{FixedDelay: btpIRDur(5400 * time.Millisecond), Percentage: new(float32(80))},
		Abort: &ir.FaultInjectionAbort{GrpcStatus: new(uint32(14)), Percentage: new(float32(100))},
	}
	if diff := cmp.Diff(want, r.Traffic.FaultInjection); diff != "" {
		t.Errorf("fault injection (-want +got):\n%s", diff)
	}

	tr := btpTranslation()
	bad := btpPolicy(egv1a1.BackendTrafficPolicySpec{FaultInjection: &egv1a1.FaultInjection{Abort: &egv1a1.FaultInjectionAbort{HTTPStatus: new(int32(14))}}})
	apply, err = btpApplyOf(tr, bad)
	if err != nil {
		t.Fatal(err)
	}
	r = &ir.HTTPRoute{Name: "r"}
	apply(r)
	if r.DirectResponse == nil || r.DirectResponse.StatusCode != 500 {
		t.Errorf("route does not fail closed: %+v", r.DirectResponse)
	}
	if got := tr.unenforced.sorted(); len(got) != 1 || got[0].Field != "spec.faultInjection.abort.httpStatus" {
		t.Errorf("unenforced = %+v", got)
	}
}
