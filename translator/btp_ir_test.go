package translator

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gatewaykit/gatewaykit/ir"
	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// TestBTPClusterFeaturesReachRoute checks that a policy's cluster settings,
// useClientProtocol and its name reach the IR routes it covers, and that a
// load balancer the IR cannot carry fails the route closed and is listed as
// unenforced.
func TestBTPClusterFeaturesReachRoute(t *testing.T) {
	spec := egv1a1.BackendTrafficPolicySpec{
		ClusterSettings: egv1a1.ClusterSettings{
			CircuitBreaker: &egv1a1.CircuitBreaker{MaxConnections: new(int64(7))},
			LoadBalancer: &egv1a1.LoadBalancer{Type: egv1a1.LoadBalancerTypeConsistentHash,
				ConsistentHash: &egv1a1.ConsistentHash{Type: egv1a1.ConsistentHashTypeSourceIP}},
		},
		UseClientProtocol: new(true),
	}
	tr := btpTranslation()
	apply, err := btpApplyOf(tr, btpPolicy(spec))
	if err != nil {
		t.Fatal(err)
	}
	r := &ir.HTTPRoute{Name: "r", Metadata: &ir.ResourceMetadata{Kind: "HTTPRoute", Name: "x"}}
	apply(r)
	want := &ir.TrafficFeatures{
		CircuitBreaker: &ir.CircuitBreaker{MaxConnections: new(uint32(7))},
		LoadBalancer:   &ir.LoadBalancer{ConsistentHash: &ir.ConsistentHash{SourceIP: new(true)}},
	}
	if diff := cmp.Diff(want, r.Traffic); diff != "" {
		t.Errorf("traffic (-want +got):\n%s", diff)
	}
	if r.UseClientProtocol == nil || !*r.UseClientProtocol {
		t.Errorf("useClientProtocol = %v, want true", r.UseClientProtocol)
	}
	wantMeta := []ir.PolicyMetadata{{Kind: "BackendTrafficPolicy", Name: "p", Namespace: "default"}}
	if diff := cmp.Diff(wantMeta, r.Metadata.Policies); diff != "" {
		t.Errorf("metadata policies (-want +got):\n%s", diff)
	}
	if r.DirectResponse != nil {
		t.Errorf("an enforced policy made the route answer %d", r.DirectResponse.StatusCode)
	}

	// A second policy finds the route claimed.
	other := btpPolicy(egv1a1.BackendTrafficPolicySpec{UseClientProtocol: new(false)})
	f2, _ := tr.buildBTPFeatures(other)
	f2.applyToHTTPRoute(r)
	if len(r.Metadata.Policies) != 1 || !*r.UseClientProtocol {
		t.Errorf("a claimed route was changed: %+v", r)
	}

	// A dynamic module load balancer passes Envoy Gateway's checks but
	// has no IR.
	bad := btpPolicy(egv1a1.BackendTrafficPolicySpec{ClusterSettings: egv1a1.ClusterSettings{
		LoadBalancer: &egv1a1.LoadBalancer{Type: egv1a1.LoadBalancerTypeDynamicModule},
	}})
	tr = btpTranslation()
	apply, err = btpApplyOf(tr, bad)
	if err != nil {
		t.Fatal(err)
	}
	r = &ir.HTTPRoute{Name: "r"}
	apply(r)
	if r.DirectResponse == nil || r.DirectResponse.StatusCode != 500 {
		t.Errorf("unenforced load balancer: route does not fail closed: %+v", r.DirectResponse)
	}
	if got := tr.unenforced.sorted(); len(got) != 1 || got[0].Field != "spec.loadBalancer" {
		t.Errorf("unenforced = %+v, want spec.loadBalancer", got)
	}
}

// btpApplyOf builds p's features and adapts them as the policy pass does.
func btpApplyOf(tr *translation, p *egv1a1.BackendTrafficPolicy) (func(*ir.HTTPRoute), error) {
	f, err := tr.buildBTPFeatures(p)
	return tr.btpApply(p, f, err)
}

// TestBTPRouteLevelFeatures checks compression and local rate limits in
// the IR, and that a global rate limit (not carried to xDS yet) fails the
// routes closed as unenforced.
func TestBTPRouteLevelFeatures(t *testing.T) {
	get := new("GET")
	spec := egv1a1.BackendTrafficPolicySpec{
		Compressor: []egv1a1.Compression{
			{Type: egv1a1.CompressorTypeBrotli, Brotli: &egv1a1.BrotliCompressor{}, MinContentLength: btpQty("100")},
			{Type: egv1a1.CompressorTypeGzip}, // no settings block: left out
		},
		RateLimit: btpLocal(
			egv1a1.RateLimitRule{Limit: egv1a1.RateLimitValue{Requests: 3, Unit: egv1a1.RateLimitUnitSecond}},
			btpRule(egv1a1.RateLimitUnitMinute, egv1a1.RateLimitSelectCondition{Methods: []egv1a1.MethodMatch{{Value: "GET"}}}),
		),
	}
	tr := btpTranslation()
	apply, err := btpApplyOf(tr, btpPolicy(spec))
	if err != nil {
		t.Fatal(err)
	}
	r := &ir.HTTPRoute{Name: "r"}
	apply(r)
	want := &ir.TrafficFeatures{
		Compression: []*ir.Compression{{Type: ir.CompressorBrotli, ChooseFirst: true, MinContentLength: new(uint32(100))}},
		RateLimit: &ir.RateLimit{Local: &ir.LocalRateLimit{
			Default: ir.RateLimitValue{Requests: 3, Unit: ir.RateLimitUnitSecond},
			Rules: []*ir.RateLimitRule{{
				Name: "default/p/rule/1", HeaderMatches: []*ir.StringMatch{},
				MethodMatches: []*ir.StringMatch{{Exact: get}},
				Limit:         ir.RateLimitValue{Requests: 10, Unit: ir.RateLimitUnitMinute},
			}},
		}},
	}
	if diff := cmp.Diff(want, r.Traffic); diff != "" {
		t.Errorf("traffic (-want +got):\n%s", diff)
	}

	global := btpPolicy(egv1a1.BackendTrafficPolicySpec{RateLimit: btpGlobal(btpRule(egv1a1.RateLimitUnitSecond))})
	tr = btpTranslation()
	apply, err = btpApplyOf(tr, global)
	if err != nil {
		t.Fatal(err)
	}
	r = &ir.HTTPRoute{Name: "r"}
	apply(r)
	if r.DirectResponse == nil || r.DirectResponse.StatusCode != 500 {
		t.Error("a global rate limit that is not enforced does not fail closed")
	}
	if got := tr.unenforced.sorted(); len(got) != 1 || got[0].Field != "spec.rateLimit.global" {
		t.Errorf("unenforced = %+v", got)
	}
}

// TestBTPUncarriedFeaturesFailClosed checks that every feature the IR does
// not carry yet makes the policy's routes answer 500 and is listed as
// unenforced, instead of being accepted and ignored.
func TestBTPUncarriedFeaturesFailClosed(t *testing.T) {
	stat := "%ROUTE_NAME%"
	for _, tc := range []struct {
		field string
		spec  egv1a1.BackendTrafficPolicySpec
	}{
		{"spec.admissionControl", egv1a1.BackendTrafficPolicySpec{AdmissionControl: &egv1a1.AdmissionControl{}}},
		{"spec.telemetry.tracing", egv1a1.BackendTrafficPolicySpec{Telemetry: &egv1a1.BackendTelemetry{Tracing: &egv1a1.Tracing{}}}},
		{"spec.telemetry.metrics.routeStatName", egv1a1.BackendTrafficPolicySpec{Telemetry: &egv1a1.BackendTelemetry{
			Metrics: &egv1a1.BackendMetrics{RouteStatName: &stat}}}},
	} {
		t.Run(tc.field, func(t *testing.T) {
			tr := btpTranslation()
			apply, err := btpApplyOf(tr, btpPolicy(tc.spec))
			if err != nil {
				t.Fatal(err)
			}
			r := &ir.HTTPRoute{Name: "r"}
			apply(r)
			if r.DirectResponse == nil || r.DirectResponse.StatusCode != 500 {
				t.Errorf("%s is not enforced but the route does not fail closed", tc.field)
			}
			if got := tr.unenforced.sorted(); len(got) != 1 || got[0].Field != tc.field {
				t.Errorf("unenforced = %+v, want %s", got, tc.field)
			}
		})
	}
}
