package policy

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"k8s.io/apimachinery/pkg/api/resource"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// quantityEqual compares resource.Quantity by value (a JSON round trip
// changes its cached string form).
var quantityEqual = cmp.Comparer(func(a, b resource.Quantity) bool { return a.Cmp(b) == 0 })

func ptr[T any](v T) *T { return &v }

func dur(s string) *gwapiv1.Duration { return ptr(gwapiv1.Duration(s)) }

func mergeTypes() []egv1a1.MergeType {
	return []egv1a1.MergeType{egv1a1.MergeTypeStrategicMerge, egv1a1.MergeTypeJSONMerge}
}

// gatewayBTP is a parent: timeouts, retries, a buffer limit, status codes
// to retry on.
func gatewayBTP() *egv1a1.BackendTrafficPolicy {
	p := btp("infra", "parent", ref(KindGateway, "edge", ""))
	p.Labels = map[string]string{"team": "infra"}
	p.Spec.Timeout = &egv1a1.Timeout{
		TCP:  &egv1a1.TCPTimeout{ConnectTimeout: dur("15s")},
		HTTP: &egv1a1.HTTPTimeout{ConnectionIdleTimeout: dur("16s"), MaxConnectionDuration: dur("17s")},
	}
	p.Spec.Retry = &egv1a1.Retry{
		NumRetries: ptr(int32(5)),
		RetryOn:    &egv1a1.RetryOn{Triggers: []egv1a1.TriggerEnum{"connect-failure", "reset"}, HTTPStatusCodes: []egv1a1.HTTPStatus{502, 503}},
		PerRetry:   &egv1a1.PerRetryPolicy{Timeout: dur("1s")},
	}
	p.Spec.UseClientProtocol = ptr(true)
	return p
}

func TestMergeBackendTrafficPolicy(t *testing.T) {
	for _, mt := range mergeTypes() {
		t.Run(string(mt), func(t *testing.T) {
			parent := gatewayBTP()
			child := btp("apps", "child", ref(KindHTTPRoute, "web", ""))
			child.Spec.MergeType = &mt
			child.Spec.Timeout = &egv1a1.Timeout{TCP: &egv1a1.TCPTimeout{ConnectTimeout: dur("10s")}}
			child.Spec.Retry = &egv1a1.Retry{RetryOn: &egv1a1.RetryOn{HTTPStatusCodes: []egv1a1.HTTPStatus{504}}}
			child.Spec.Connection = &egv1a1.BackendConnection{BufferLimit: ptr(resource.MustParse("100M"))}
			child.Spec.UseClientProtocol = ptr(false)
			parentBefore, childBefore := parent.DeepCopy(), child.DeepCopy()

			got, err := Merge(child, parent, mt)
			if err != nil {
				t.Fatal(err)
			}
			want := egv1a1.BackendTrafficPolicySpec{}
			want.TargetRefs = child.Spec.TargetRefs
			want.MergeType = &mt
			want.Timeout = &egv1a1.Timeout{
				TCP:  &egv1a1.TCPTimeout{ConnectTimeout: dur("10s")},                                            // child's scalar
				HTTP: &egv1a1.HTTPTimeout{ConnectionIdleTimeout: dur("16s"), MaxConnectionDuration: dur("17s")}, // unset in the child
			}
			want.Retry = &egv1a1.Retry{
				NumRetries: ptr(int32(5)),                                                                                                          // nested object merged field by field
				RetryOn:    &egv1a1.RetryOn{Triggers: []egv1a1.TriggerEnum{"connect-failure", "reset"}, HTTPStatusCodes: []egv1a1.HTTPStatus{504}}, // a list of the child replaces
				PerRetry:   &egv1a1.PerRetryPolicy{Timeout: dur("1s")},
			}
			want.Connection = &egv1a1.BackendConnection{BufferLimit: ptr(resource.MustParse("100M"))}
			want.UseClientProtocol = ptr(false) // a false of the child counts
			if d := cmp.Diff(want, got.Spec, quantityEqual); d != "" {
				t.Errorf("merged spec (-want +got):\n%s", d)
			}
			if got.Name != "child" || got.Namespace != "apps" {
				t.Errorf("merged policy is %s/%s, want apps/child", got.Namespace, got.Name)
			}
			// Metadata merges like the spec: the name is the child's,
			// labels only the parent sets are kept.
			if d := cmp.Diff(map[string]string{"team": "infra"}, got.Labels); d != "" {
				t.Errorf("labels (-want +got):\n%s", d)
			}
			if got == child || got == parent {
				t.Errorf("Merge returned one of its inputs")
			}
			if d := cmp.Diff(parentBefore, parent, quantityEqual); d != "" {
				t.Errorf("Merge changed the parent (-before +after):\n%s", d)
			}
			if d := cmp.Diff(childBefore, child, quantityEqual); d != "" {
				t.Errorf("Merge changed the child (-before +after):\n%s", d)
			}
			// The result shares nothing with the inputs.
			*got.Spec.Timeout.HTTP.ConnectionIdleTimeout = "99s"
			got.Spec.Retry.RetryOn.Triggers[0] = "changed"
			if *parent.Spec.Timeout.HTTP.ConnectionIdleTimeout != "16s" || parent.Spec.Retry.RetryOn.Triggers[0] != "connect-failure" {
				t.Errorf("the merged policy shares memory with the parent")
			}
		})
	}
}

// An empty child inherits everything; a child merged with an empty parent
// is unchanged.
func TestMergeEmptySides(t *testing.T) {
	for _, mt := range mergeTypes() {
		t.Run(string(mt), func(t *testing.T) {
			parent := gatewayBTP()
			child := btp("apps", "child", ref(KindHTTPRoute, "web", ""))
			child.Spec.MergeType = &mt
			got, err := Merge(child, parent, mt)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(parent.Spec.Timeout, got.Spec.Timeout); d != "" {
				t.Errorf("timeout (-parent +merged):\n%s", d)
			}
			if d := cmp.Diff(parent.Spec.Retry, got.Spec.Retry); d != "" {
				t.Errorf("retry (-parent +merged):\n%s", d)
			}

			child = gatewayBTP()
			child.Name, child.Namespace = "child", "apps"
			got, err = Merge(child, btp("infra", "empty"), mt)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(child.Spec, got.Spec); d != "" {
				t.Errorf("merged with an empty parent (-child +merged):\n%s", d)
			}
		})
	}
}

func TestMergeNilSafety(t *testing.T) {
	child := mergingBTP("apps", "child", ref(KindHTTPRoute, "web", ""))
	child.Spec.Timeout = &egv1a1.Timeout{TCP: &egv1a1.TCPTimeout{ConnectTimeout: dur("10s")}}
	var nilBTP *egv1a1.BackendTrafficPolicy

	got, err := Merge(child, nilBTP, egv1a1.MergeTypeStrategicMerge)
	if err != nil {
		t.Fatalf("nil parent: %v", err)
	}
	if got == nil || got == child {
		t.Fatalf("nil parent: got %p, want a copy of the child", got)
	}
	if d := cmp.Diff(child.Spec, got.Spec); d != "" {
		t.Errorf("nil parent (-child +merged):\n%s", d)
	}

	// A nil child must not panic; whatever comes back must not be mistaken
	// for a policy with the parent's settings under no name.
	func() {
		defer func() {
			if r := recover(); r != nil {
				t.Errorf("nil child: panic %v", r)
			}
		}()
		_, _ = Merge(nilBTP, gatewayBTP(), egv1a1.MergeTypeJSONMerge)
	}()

	// Nil nested pointers on either side.
	parent := btp("infra", "parent")
	parent.Spec.Retry = &egv1a1.Retry{}
	child = mergingBTP("apps", "child")
	child.Spec.Retry = &egv1a1.Retry{RetryOn: &egv1a1.RetryOn{}}
	if _, err := Merge(child, parent, egv1a1.MergeTypeStrategicMerge); err != nil {
		t.Errorf("empty nested objects: %v", err)
	}
}

func TestMergeSecurityPolicy(t *testing.T) {
	for _, mt := range mergeTypes() {
		t.Run(string(mt), func(t *testing.T) {
			parent := sp("infra", "parent", ref(KindGateway, "edge", ""))
			parent.Spec.BasicAuth = &egv1a1.BasicAuth{Users: gwapiv1.SecretObjectReference{Name: "users"}}
			parent.Spec.CORS = &egv1a1.CORS{AllowMethods: []string{"GET"}, AllowHeaders: []string{"x-parent"}, MaxAge: dur("60s")}
			child := sp("apps", "child", ref(KindHTTPRoute, "web", ""))
			child.Spec.MergeType = &mt
			child.Spec.CORS = &egv1a1.CORS{AllowMethods: []string{"GET", "POST"}, AllowCredentials: ptr(true)}

			got, err := Merge(child, parent, mt)
			if err != nil {
				t.Fatal(err)
			}
			want := egv1a1.SecurityPolicySpec{MergeType: &mt}
			want.TargetRefs = child.Spec.TargetRefs
			want.BasicAuth = &egv1a1.BasicAuth{Users: gwapiv1.SecretObjectReference{Name: "users"}}
			want.CORS = &egv1a1.CORS{AllowMethods: []string{"GET", "POST"}, AllowHeaders: []string{"x-parent"}, MaxAge: dur("60s"), AllowCredentials: ptr(true)}
			if d := cmp.Diff(want, got.Spec); d != "" {
				t.Errorf("merged spec (-want +got):\n%s", d)
			}
		})
	}
}

// Envoy Gateway's StrategicMerge merges the lists its Go types declare with
// a patch merge key element by element (child's elements first, then the
// parent's others), where JSONMerge replaces them: httpUpgrade,
// compression and compressor by type (corpus cases
// backendtrafficpolicy-strategic-merge*, backendtrafficpolicy-compression-*,
// backendtrafficpolicy-compressor-*) and extAuth.contextExtensions by name
// (securitypolicy-with-merge-needs-fieldowner).
func TestMergeStrategicMergeListsWithMergeKeys(t *testing.T) {
	upgrades := func(types ...string) []egv1a1.ProtocolUpgradeConfig {
		var out []egv1a1.ProtocolUpgradeConfig
		for _, t := range types {
			out = append(out, egv1a1.ProtocolUpgradeConfig{Type: t})
		}
		return out
	}
	compressions := func(types ...string) []egv1a1.Compression {
		var out []egv1a1.Compression
		for _, t := range types {
			out = append(out, egv1a1.Compression{Type: egv1a1.CompressorType(t)})
		}
		return out
	}
	parent := btp("infra", "parent", ref(KindGateway, "edge", ""))
	parent.Spec.HTTPUpgrade = upgrades("websocket")
	parent.Spec.Compression = compressions("Gzip")
	parent.Spec.Compressor = compressions("Gzip")
	child := btp("apps", "child", ref(KindHTTPRoute, "web", ""))
	child.Spec.HTTPUpgrade = upgrades("spdy/3.1")
	child.Spec.Compression = compressions("Brotli", "Zstd")
	child.Spec.Compressor = compressions("Brotli")

	type lists struct {
		HTTPUpgrade             []egv1a1.ProtocolUpgradeConfig
		Compression, Compressor []egv1a1.Compression
	}
	for _, tt := range []struct {
		mt   egv1a1.MergeType
		want lists
	}{
		{egv1a1.MergeTypeStrategicMerge, lists{upgrades("spdy/3.1", "websocket"), compressions("Brotli", "Zstd", "Gzip"), compressions("Brotli", "Gzip")}},
		{egv1a1.MergeTypeJSONMerge, lists{upgrades("spdy/3.1"), compressions("Brotli", "Zstd"), compressions("Brotli")}},
	} {
		t.Run(string(tt.mt), func(t *testing.T) {
			got, err := Merge(child, parent, tt.mt)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tt.want, lists{got.Spec.HTTPUpgrade, got.Spec.Compression, got.Spec.Compressor}); d != "" {
				t.Errorf("merged lists (-want +got):\n%s", d)
			}
		})
	}

	// Elements with the same key merge field by field.
	t.Run("same key", func(t *testing.T) {
		parent := btp("infra", "parent")
		parent.Spec.HTTPUpgrade = []egv1a1.ProtocolUpgradeConfig{{Type: "CONNECT", Connect: &egv1a1.ConnectConfig{Terminate: ptr(true)}}, {Type: "websocket"}}
		child := btp("apps", "child")
		child.Spec.HTTPUpgrade = []egv1a1.ProtocolUpgradeConfig{{Type: "CONNECT"}}
		got, err := Merge(child, parent, egv1a1.MergeTypeStrategicMerge)
		if err != nil {
			t.Fatal(err)
		}
		want := []egv1a1.ProtocolUpgradeConfig{{Type: "CONNECT", Connect: &egv1a1.ConnectConfig{Terminate: ptr(true)}}, {Type: "websocket"}}
		if d := cmp.Diff(want, got.Spec.HTTPUpgrade); d != "" {
			t.Errorf("httpUpgrade (-want +got):\n%s", d)
		}
	})

	t.Run("SecurityPolicy contextExtensions", func(t *testing.T) {
		ext := func(name, value string) egv1a1.ContextExtension {
			return egv1a1.ContextExtension{Name: name, Type: egv1a1.ContextExtensionValueTypeValue, Value: ptr(value)}
		}
		parent := sp("infra", "parent")
		parent.Spec.ExtAuth = &egv1a1.ExtAuth{ContextExtensions: []egv1a1.ContextExtension{ext("shared", "gateway"), ext("parent-only", "p")}}
		child := sp("apps", "child")
		child.Spec.ExtAuth = &egv1a1.ExtAuth{ContextExtensions: []egv1a1.ContextExtension{ext("shared", "route"), ext("route-only", "r")}}
		for mt, want := range map[egv1a1.MergeType][]egv1a1.ContextExtension{
			egv1a1.MergeTypeStrategicMerge: {ext("shared", "route"), ext("route-only", "r"), ext("parent-only", "p")},
			egv1a1.MergeTypeJSONMerge:      {ext("shared", "route"), ext("route-only", "r")},
		} {
			got, err := Merge(child, parent, mt)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(want, got.Spec.ExtAuth.ContextExtensions); d != "" {
				t.Errorf("%s: contextExtensions (-want +got):\n%s", mt, d)
			}
		}
	})
}

func TestMergeUnsupportedType(t *testing.T) {
	for _, mt := range []egv1a1.MergeType{egv1a1.MergeTypeReplace, "", "Whatever"} {
		_, err := Merge(btp("a", "child"), btp("a", "parent"), mt)
		if err == nil || !strings.Contains(err.Error(), "unsupported mergeType") {
			t.Errorf("mergeType %q: err = %v, want unsupported mergeType", mt, err)
		}
	}
}

func TestMergeAs(t *testing.T) {
	parent := gatewayBTP()
	child := mergingBTP("apps", "child", ref(KindHTTPRoute, "web", ""))
	child.Spec.Timeout = &egv1a1.Timeout{TCP: &egv1a1.TCPTimeout{ConnectTimeout: dur("10s")}}

	got, err := MergeAs[*egv1a1.BackendTrafficPolicy](child, parent)
	if err != nil {
		t.Fatal(err)
	}
	want, err := Merge(child, parent, egv1a1.MergeTypeStrategicMerge)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(want, got, quantityEqual); d != "" {
		t.Errorf("MergeAs differs from Merge (-Merge +MergeAs):\n%s", d)
	}

	json := mergingBTP("apps", "child")
	json.Spec.MergeType = ptr(egv1a1.MergeTypeJSONMerge)
	if _, err := MergeAs[*egv1a1.BackendTrafficPolicy](json, parent); err != nil {
		t.Errorf("JSONMerge child: %v", err)
	}

	noMerge := btp("apps", "plain")
	vendor := &retryPolicy{}
	vendor.Name, vendor.Namespace = "vendor", "apps"
	tests := []struct {
		name          string
		child, parent Policy
		want          string
	}{
		{"child of another type", sp("apps", "c"), parent, "child is *v1alpha1.SecurityPolicy"},
		{"parent of another type", child, sp("infra", "p"), "parent is *v1alpha1.SecurityPolicy"},
		{"child without mergeType", noMerge, parent, "apps/plain sets no mergeType"},
		{"child that cannot merge", vendor, vendor, "apps/vendor sets no mergeType"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			if _, ok := tt.child.(*retryPolicy); ok {
				_, err = MergeAs[*retryPolicy](tt.child, tt.parent)
			} else {
				_, err = MergeAs[*egv1a1.BackendTrafficPolicy](tt.child, tt.parent)
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want it to say %q", err, tt.want)
			}
		})
	}
}
