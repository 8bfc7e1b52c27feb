package translator

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/gatewaykit/gatewaykit/ir"
	"github.com/gatewaykit/gatewaykit/policy"
	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// btpIRDur returns d as an IR duration pointer.
func btpIRDur(d time.Duration) *ir.Duration { return new(ir.Duration(d)) }

// TestBTPApplyToHTTPRoute checks the traffic features a policy gives an IR
// route: Envoy Gateway's httpUpgrade and timeout, "traffic: {}" for a
// policy that sets neither, and nothing for a route a more specific policy
// already claimed.
func TestBTPApplyToHTTPRoute(t *testing.T) {
	tests := []struct {
		name     string
		spec     egv1a1.BackendTrafficPolicySpec
		existing *ir.TrafficFeatures
		want     *ir.TrafficFeatures
	}{
		{name: "nothing to set", want: &ir.TrafficFeatures{}},
		{name: "upgrades in order", spec: egv1a1.BackendTrafficPolicySpec{HTTPUpgrade: []egv1a1.ProtocolUpgradeConfig{
			{Type: "spdy/3.1"}, {Type: "CONNECT", Connect: &egv1a1.ConnectConfig{Terminate: new(true)}}, {Type: "websocket"},
		}}, want: &ir.TrafficFeatures{HTTPUpgrade: []ir.HTTPUpgradeConfig{
			{Type: "spdy/3.1"}, {Type: "CONNECT", Connect: &ir.ConnectConfig{Terminate: true}}, {Type: "websocket"},
		}}},
		{name: "connect without terminate", spec: egv1a1.BackendTrafficPolicySpec{HTTPUpgrade: []egv1a1.ProtocolUpgradeConfig{
			{Type: "CONNECT", Connect: &egv1a1.ConnectConfig{}},
		}}, want: &ir.TrafficFeatures{HTTPUpgrade: []ir.HTTPUpgradeConfig{{Type: "CONNECT", Connect: &ir.ConnectConfig{}}}}},
		{name: "entries that would make invalid IR", spec: egv1a1.BackendTrafficPolicySpec{HTTPUpgrade: []egv1a1.ProtocolUpgradeConfig{
			{Type: ""}, {Type: "websocket", Connect: &egv1a1.ConnectConfig{Terminate: new(true)}},
		}}, want: &ir.TrafficFeatures{HTTPUpgrade: []ir.HTTPUpgradeConfig{{Type: "websocket"}}}},
		{name: "timeouts", spec: egv1a1.BackendTrafficPolicySpec{ClusterSettings: egv1a1.ClusterSettings{Timeout: &egv1a1.Timeout{
			TCP: &egv1a1.TCPTimeout{ConnectTimeout: btpDur("15s")},
			HTTP: &egv1a1.HTTPTimeout{ConnectionIdleTimeout: btpDur("16s"), MaxConnectionDuration: btpDur("17s"),
				RequestTimeout: btpDur("1m30s"), MaxStreamDuration: btpDur("1h"), StreamIdleTimeout: btpDur("2s")},
		}}}, want: &ir.TrafficFeatures{Timeout: &ir.Timeout{
			TCP: &ir.TCPTimeout{ConnectTimeout: btpIRDur(15 * time.Second)},
			HTTP: &ir.HTTPTimeout{ConnectionIdleTimeout: btpIRDur(16 * time.Second), MaxConnectionDuration: btpIRDur(17 * time.Second),
				RequestTimeout: btpIRDur(90 * time.Second)},
		}}},
		{name: "empty timeout sections", spec: egv1a1.BackendTrafficPolicySpec{ClusterSettings: egv1a1.ClusterSettings{Timeout: &egv1a1.Timeout{
			TCP: &egv1a1.TCPTimeout{}, HTTP: &egv1a1.HTTPTimeout{},
		}}}, want: &ir.TrafficFeatures{Timeout: &ir.Timeout{HTTP: &ir.HTTPTimeout{}}}},
		{name: "negative durations stay out of the IR", spec: egv1a1.BackendTrafficPolicySpec{ClusterSettings: egv1a1.ClusterSettings{Timeout: &egv1a1.Timeout{
			TCP: &egv1a1.TCPTimeout{ConnectTimeout: btpDur("-1s")}, HTTP: &egv1a1.HTTPTimeout{RequestTimeout: btpDur("-2s")},
		}}}, want: &ir.TrafficFeatures{Timeout: &ir.Timeout{HTTP: &ir.HTTPTimeout{}}}},
		{name: "claimed by a more specific policy",
			spec:     egv1a1.BackendTrafficPolicySpec{HTTPUpgrade: []egv1a1.ProtocolUpgradeConfig{{Type: "websocket"}}},
			existing: &ir.TrafficFeatures{}, want: &ir.TrafficFeatures{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, err := btpTranslation().buildBTPFeatures(btpPolicy(tc.spec))
			if err != nil {
				t.Fatal(err)
			}
			r := &ir.HTTPRoute{Name: "r", Traffic: tc.existing}
			f.applyToHTTPRoute(r)
			if diff := cmp.Diff(tc.want, r.Traffic); diff != "" {
				t.Errorf("traffic (-want +got):\n%s", diff)
			}
			// The features are shared by every route of the policy: one
			// route's copy must not alias another's.
			r2 := &ir.HTTPRoute{Name: "r2"}
			f.applyToHTTPRoute(r2)
			if r2.Traffic != nil && r2.Traffic.Timeout != nil && r2.Traffic.Timeout.HTTP != nil {
				r2.Traffic.Timeout.HTTP.RequestTimeout = btpIRDur(time.Hour)
				if f.timeout.HTTP.RequestTimeout != nil && *f.timeout.HTTP.RequestTimeout == ir.Duration(time.Hour) {
					t.Error("a route's timeout aliases the policy's features")
				}
			}
		})
	}
}

// TestBTPPartialFeatures checks that a policy with errors still yields the
// features that were valid: the timeouts that parsed.
func TestBTPPartialFeatures(t *testing.T) {
	f, err := btpTranslation().buildBTPFeatures(btpPolicy(egv1a1.BackendTrafficPolicySpec{
		HTTPUpgrade: []egv1a1.ProtocolUpgradeConfig{{Type: "websocket"}},
		ClusterSettings: egv1a1.ClusterSettings{Timeout: &egv1a1.Timeout{
			TCP: &egv1a1.TCPTimeout{ConnectTimeout: btpDur("10kib")}, HTTP: &egv1a1.HTTPTimeout{RequestTimeout: btpDur("5s")},
		}},
	}))
	if err == nil {
		t.Fatal("no error")
	}
	r := &ir.HTTPRoute{}
	f.applyToHTTPRoute(r)
	want := &ir.TrafficFeatures{
		HTTPUpgrade: []ir.HTTPUpgradeConfig{{Type: "websocket"}},
		Timeout:     &ir.Timeout{HTTP: &ir.HTTPTimeout{RequestTimeout: btpIRDur(5 * time.Second)}},
	}
	if diff := cmp.Diff(want, r.Traffic); diff != "" {
		t.Errorf("traffic (-want +got):\n%s", diff)
	}
}

// TestBuildMergedBTPFeatures checks where a merged policy's response
// override ConfigMap is looked up: in the namespace of the policy that
// contributed the response override, as Envoy Gateway does.
func TestBuildMergedBTPFeatures(t *testing.T) {
	route := &egv1a1.BackendTrafficPolicy{ObjectMeta: metav1.ObjectMeta{Namespace: "apps", Name: "route"}}
	parent := &egv1a1.BackendTrafficPolicy{ObjectMeta: metav1.ObjectMeta{Namespace: "infra", Name: "gw"}}
	routeWithOverride := route.DeepCopy()
	routeWithOverride.Spec.ResponseOverride = btpBodyRef("page")
	merged := &egv1a1.BackendTrafficPolicy{
		ObjectMeta: metav1.ObjectMeta{Namespace: "apps", Name: "route"},
		Spec:       egv1a1.BackendTrafficPolicySpec{ResponseOverride: btpBodyRef("page")},
	}
	inInfra := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Namespace: "infra", Name: "page"}, Data: map[string]string{"response.body": "x"}}
	tests := []struct {
		name          string
		route, parent *egv1a1.BackendTrafficPolicy
		want          string
	}{
		{"from the parent", route, parent, ""},
		{"from the route", routeWithOverride, parent, "ResponseOverride: can't find the referenced configmap apps/page."},
		{"no sources", nil, nil, "ResponseOverride: can't find the referenced configmap apps/page."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := btpTranslation(inInfra).buildMergedBTPFeatures(merged, tc.route, tc.parent)
			got := ""
			if err != nil {
				got = policy.ConditionText(err.Error())
			}
			if got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// TestBTPDeprecatedFields checks the deprecated fields reported for a
// spec; the map may be added to.
func TestBTPDeprecatedFields(t *testing.T) {
	tests := []struct {
		name string
		spec *egv1a1.BackendTrafficPolicySpec
		want map[string]string
	}{
		{"nil", nil, map[string]string{}},
		{"none", &egv1a1.BackendTrafficPolicySpec{Compressor: []egv1a1.Compression{{Type: "Gzip"}}}, map[string]string{}},
		{"compression", &egv1a1.BackendTrafficPolicySpec{Compression: []egv1a1.Compression{{Type: "Gzip"}}},
			map[string]string{"spec.compression": "spec.compressor"}},
		{"targetRef is the engine's", &egv1a1.BackendTrafficPolicySpec{PolicyTargetReferences: egv1a1.PolicyTargetReferences{
			TargetRef: &gwapiv1.LocalPolicyTargetReferenceWithSectionName{}}}, map[string]string{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := btpDeprecatedFields(tc.spec)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			got["spec.targetRef"] = "spec.targetRefs"
		})
	}
}
