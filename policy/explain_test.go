package policy

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"k8s.io/apimachinery/pkg/api/resource"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// explainObjects: Gateway infra/edge (http, https) with ListenerSet
// infra/extra (x1); HTTPRoute apps/web (rules "" and slow) on edge/http,
// HTTPRoute apps/api on every listener of edge.
func explainObjects() Objects {
	return Objects{
		Gateways:     []*gwapiv1.Gateway{gateway("infra", "edge", "http", "https")},
		ListenerSets: []*gwapiv1.ListenerSet{listenerSet("infra", "extra", "edge", "x1")},
		HTTPRoutes: []*gwapiv1.HTTPRoute{
			httpRoute("apps", "web", []string{"", "slow"}, pref("", "infra", "edge", "http")),
			httpRoute("apps", "api", nil, pref("", "infra", "edge", "")),
		},
	}
}

func edgeWide() *egv1a1.BackendTrafficPolicy {
	p := btp("infra", "edge-wide", ref(KindGateway, "edge", ""))
	p.Spec.Timeout = &egv1a1.Timeout{
		TCP:  &egv1a1.TCPTimeout{ConnectTimeout: dur("15s")},
		HTTP: &egv1a1.HTTPTimeout{ConnectionIdleTimeout: dur("16s")},
	}
	p.Spec.Retry = &egv1a1.Retry{NumRetries: ptr(int32(5)), PerRetry: &egv1a1.PerRetryPolicy{Timeout: dur("1s")}}
	return p
}

func withTimeout(p *egv1a1.BackendTrafficPolicy, tcp string) *egv1a1.BackendTrafficPolicy {
	p.Spec.Timeout = &egv1a1.Timeout{TCP: &egv1a1.TCPTimeout{ConnectTimeout: dur(tcp)}}
	return p
}

type explainCase struct {
	name     string
	policies []Policy
	// before runs between Resolve and Finish.
	before  func(*Resolution)
	subject Subject
	// effective and mergedWith name the policies ("" for none); outcomes
	// lists each candidate as namespace/name=Outcome.
	effective, mergedWith string
	outcomes              []string
}

func explainCases() []explainCase {
	routeMerge := mergingBTP("apps", "web-merge", ref(KindHTTPRoute, "web", ""))
	routeMerge.Spec.Timeout = &egv1a1.Timeout{TCP: &egv1a1.TCPTimeout{ConnectTimeout: dur("10s")}}
	routeMerge.Spec.Retry = &egv1a1.Retry{NumRetries: ptr(int32(2))}
	routeMerge.Spec.Connection = &egv1a1.BackendConnection{BufferLimit: ptr(resource.MustParse("100M"))}

	slow := btp("apps", "web-slow", ref(KindHTTPRoute, "web", "slow"))
	slow.Spec.Timeout = &egv1a1.Timeout{HTTP: &egv1a1.HTTPTimeout{RequestTimeout: dur("60s")}}

	return []explainCase{
		{
			name:       "route-merged-with-gateway",
			policies:   policies(edgeWide(), routeMerge),
			subject:    Subject{GatewayNamespace: "infra", Gateway: "edge", Listener: "http", RouteKind: KindHTTPRoute, RouteNamespace: "apps", Route: "web"},
			effective:  "apps/web-merge",
			mergedWith: "infra/edge-wide",
			outcomes:   []string{"apps/web-merge=Effective", "infra/edge-wide=Merged"},
		},
		{
			name:      "rule-overrides-route",
			policies:  policies(edgeWide(), withTimeout(btp("apps", "web-all", ref(KindHTTPRoute, "web", "")), "10s"), slow),
			subject:   Subject{GatewayNamespace: "infra", Gateway: "edge", Listener: "http", RouteKind: KindHTTPRoute, RouteNamespace: "apps", Route: "web", Rule: "slow"},
			effective: "apps/web-slow",
			outcomes:  []string{"apps/web-slow=Effective", "apps/web-all=Overridden", "infra/edge-wide=Overridden"},
		},
		{
			name: "conflicted",
			policies: policies(
				withTimeout(btp("apps", "api-first", ref(KindHTTPRoute, "api", "")), "5s"),
				withTimeout(btp("apps", "api-second", ref(KindHTTPRoute, "api", "")), "6s"),
				edgeWide(),
			),
			subject:   Subject{GatewayNamespace: "infra", Gateway: "edge", RouteKind: KindHTTPRoute, RouteNamespace: "apps", Route: "api"},
			effective: "apps/api-first",
			outcomes:  []string{"apps/api-first=Effective", "apps/api-second=Conflicted", "infra/edge-wide=Overridden"},
		},
		{
			name:      "listener-over-gateway",
			policies:  policies(edgeWide(), withTimeout(btp("infra", "edge-https", ref(KindGateway, "edge", "https")), "3s")),
			subject:   Subject{GatewayNamespace: "infra", Gateway: "edge", Listener: "https"},
			effective: "infra/edge-https",
			outcomes:  []string{"infra/edge-https=Effective", "infra/edge-wide=Overridden"},
		},
		{
			name:      "gateway-on-other-listener",
			policies:  policies(edgeWide(), withTimeout(btp("infra", "edge-https", ref(KindGateway, "edge", "https")), "3s")),
			subject:   Subject{GatewayNamespace: "infra", Gateway: "edge", Listener: "http"},
			effective: "infra/edge-wide",
			outcomes:  []string{"infra/edge-wide=Effective"},
		},
		{
			name:      "listenerset-over-gateway",
			policies:  policies(edgeWide(), withTimeout(btp("infra", "extra-all", ref(KindListenerSet, "extra", "")), "4s")),
			subject:   Subject{GatewayNamespace: "infra", Gateway: "edge", ListenerSetNamespace: "infra", ListenerSet: "extra", Listener: "x1"},
			effective: "infra/extra-all",
			outcomes:  []string{"infra/extra-all=Effective", "infra/edge-wide=Overridden"},
		},
		{
			name:     "invalid",
			policies: policies(withTimeout(btp("apps", "api-bad", ref(KindHTTPRoute, "api", "")), "0s"), edgeWide()),
			before: func(r *Resolution) {
				r.OnRoute(KindHTTPRoute, "apps", "api", "").Invalid("Timeout: connectTimeout must be positive.")
			},
			subject:   Subject{GatewayNamespace: "infra", Gateway: "edge", RouteKind: KindHTTPRoute, RouteNamespace: "apps", Route: "api"},
			effective: "apps/api-bad",
			outcomes:  []string{"apps/api-bad=Effective", "infra/edge-wide=Overridden"},
		},
		{
			name:     "nothing-attached",
			policies: nil,
			subject:  Subject{GatewayNamespace: "infra", Gateway: "edge", RouteKind: KindHTTPRoute, RouteNamespace: "apps", Route: "api"},
		},
	}
}

func TestExplainGolden(t *testing.T) {
	for _, tc := range explainCases() {
		t.Run(tc.name, func(t *testing.T) {
			res := Resolve(&BackendTrafficPolicyKind, tc.policies, TopologyFrom(explainObjects()), testController)
			if tc.before != nil {
				tc.before(res)
			}
			res.Finish()
			ex, err := res.Explain(tc.subject)
			if err != nil {
				t.Fatal(err)
			}

			name := func(p *PolicyRef) string {
				if p == nil {
					return ""
				}
				return p.String()
			}
			if got := name(ex.Effective); got != tc.effective {
				t.Errorf("effective %q, want %q", got, tc.effective)
			}
			if got := name(ex.MergedWith); got != tc.mergedWith {
				t.Errorf("mergedWith %q, want %q", got, tc.mergedWith)
			}
			var outcomes []string
			for _, c := range ex.Candidates {
				outcomes = append(outcomes, c.Policy.String()+"="+c.Outcome)
			}
			if d := cmp.Diff(tc.outcomes, outcomes); d != "" {
				t.Errorf("candidates (-want +got):\n%s", d)
			}

			var text bytes.Buffer
			if err := ex.WriteText(&text); err != nil {
				t.Fatal(err)
			}
			js, err := ex.JSON()
			if err != nil {
				t.Fatal(err)
			}
			golden(t, tc.name+".txt.golden", text.Bytes())
			golden(t, tc.name+".json.golden", append(js, '\n'))

			// The JSON form reads back into the same explanation.
			var back Explanation
			if err := json.Unmarshal(js, &back); err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(ex, &back); d != "" {
				t.Errorf("JSON round trip (-before +after):\n%s", d)
			}
		})
	}
}

// Field provenance after a merge: fields only the parent sets come from it,
// every other field from the effective policy.
func TestExplainFieldProvenance(t *testing.T) {
	var c explainCase
	for _, tc := range explainCases() {
		if tc.name == "route-merged-with-gateway" {
			c = tc
		}
	}
	res := resolve(&BackendTrafficPolicyKind, explainObjects(), c.policies...)
	ex, err := res.Explain(c.subject)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, f := range ex.Fields {
		got[f.Path] = string(f.Value) + " from " + f.From.String() + " at " + f.From.Scope
	}
	want := map[string]string{
		"spec.connection.bufferLimit":             `"100M" from apps/web-merge at Route`,
		"spec.retry.numRetries":                   `2 from apps/web-merge at Route`,
		"spec.retry.perRetry.timeout":             `"1s" from infra/edge-wide at Gateway`,
		"spec.timeout.http.connectionIdleTimeout": `"16s" from infra/edge-wide at Gateway`,
		"spec.timeout.tcp.connectTimeout":         `"10s" from apps/web-merge at Route`,
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("fields (-want +got):\n%s", d)
	}
}

func TestExplainErrors(t *testing.T) {
	res := resolve(&BackendTrafficPolicyKind, Objects{
		Gateways:     []*gwapiv1.Gateway{gateway("infra", "edge", "http"), gateway("infra", "other", "http")},
		ListenerSets: []*gwapiv1.ListenerSet{listenerSet("infra", "extra", "edge", "x1"), listenerSet("infra", "elsewhere", "other", "y1")},
		HTTPRoutes:   []*gwapiv1.HTTPRoute{httpRoute("apps", "web", []string{"a"}, pref("", "infra", "edge", ""))},
	}, edgeWide())
	tests := []struct {
		name    string
		subject Subject
		want    string
	}{
		{"unknown Gateway", Subject{GatewayNamespace: "infra", Gateway: "nope"}, "explain: no Gateway infra/nope"},
		{"Gateway in another namespace", Subject{GatewayNamespace: "apps", Gateway: "edge"}, "explain: no Gateway apps/edge"},
		{"unknown listener", Subject{GatewayNamespace: "infra", Gateway: "edge", Listener: "https"}, `explain: no listener "https" in Gateway infra/edge listener https`},
		{"listener of a ListenerSet named on the Gateway", Subject{GatewayNamespace: "infra", Gateway: "edge", Listener: "x1"}, `explain: no listener "x1"`},
		{"unknown ListenerSet", Subject{GatewayNamespace: "infra", Gateway: "edge", ListenerSetNamespace: "infra", ListenerSet: "nope", Listener: "x1"},
			"explain: no ListenerSet infra/nope on Gateway infra/edge"},
		{"ListenerSet of another Gateway", Subject{GatewayNamespace: "infra", Gateway: "edge", ListenerSetNamespace: "infra", ListenerSet: "elsewhere", Listener: "y1"},
			"explain: no ListenerSet infra/elsewhere on Gateway infra/edge"},
		{"unknown listener of a ListenerSet", Subject{GatewayNamespace: "infra", Gateway: "edge", ListenerSetNamespace: "infra", ListenerSet: "extra", Listener: "http"},
			`explain: no listener "http"`},
		{"unknown route", Subject{GatewayNamespace: "infra", Gateway: "edge", RouteKind: KindHTTPRoute, RouteNamespace: "apps", Route: "nope"},
			"explain: no HTTPRoute apps/nope"},
		{"route of another kind", Subject{GatewayNamespace: "infra", Gateway: "edge", RouteKind: KindGRPCRoute, RouteNamespace: "apps", Route: "web"},
			"explain: no GRPCRoute apps/web"},
		{"unknown rule", Subject{GatewayNamespace: "infra", Gateway: "edge", RouteKind: KindHTTPRoute, RouteNamespace: "apps", Route: "web", Rule: "b"},
			`explain: HTTPRoute apps/web has no rule "b"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ex, err := res.Explain(tt.subject)
			if err == nil {
				t.Fatalf("no error, explanation %+v", ex)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestSubjectString(t *testing.T) {
	tests := []struct {
		s    Subject
		want string
	}{
		{Subject{GatewayNamespace: "infra", Gateway: "edge"}, "Gateway infra/edge"},
		{Subject{GatewayNamespace: "infra", Gateway: "edge", Listener: "http"}, "Gateway infra/edge listener http"},
		{Subject{GatewayNamespace: "infra", Gateway: "edge", ListenerSetNamespace: "infra", ListenerSet: "extra", Listener: "x1"},
			"Gateway infra/edge ListenerSet infra/extra listener x1"},
		{Subject{GatewayNamespace: "infra", Gateway: "edge", RouteKind: "HTTPRoute", RouteNamespace: "apps", Route: "web", Rule: "slow"},
			"HTTPRoute apps/web rule slow on Gateway infra/edge"},
	}
	for _, tt := range tests {
		if got := tt.s.String(); got != tt.want {
			t.Errorf("%+v: %q, want %q", tt.s, got, tt.want)
		}
	}
}

// golden compares got with testdata/explain/name, or rewrites the file with
// -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "explain", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./policy -run %s -update to create it)", err, t.Name())
	}
	if d := cmp.Diff(string(want), string(got)); d != "" {
		t.Errorf("%s differs (-want +got), rerun with -update if the change is intended:\n%s", path, d)
	}
}

// A route on two listeners merges with the listener policy on one and
// with the Gateway policy on the other: explaining it on each listener
// names the parent merged there, and the other one is overridden there.
func TestExplainMergeIsPerListener(t *testing.T) {
	routeMerge := mergingBTP("apps", "api-merge", ref(KindHTTPRoute, "api", ""))
	routeMerge.Spec.Retry = &egv1a1.Retry{NumRetries: ptr(int32(2))}
	ps := policies(edgeWide(), withTimeout(btp("infra", "edge-https", ref(KindGateway, "edge", "https")), "3s"), routeMerge)
	res := resolve(&BackendTrafficPolicyKind, explainObjects(), ps...)
	for _, tt := range []struct {
		listener, mergedWith string
		outcomes             []string
		connectTimeout       string
	}{
		{"http", "infra/edge-wide", []string{"apps/api-merge=Effective", "infra/edge-wide=Merged"}, `"15s" from infra/edge-wide`},
		{"https", "infra/edge-https", []string{"apps/api-merge=Effective", "infra/edge-https=Merged", "infra/edge-wide=Overridden"}, `"3s" from infra/edge-https`},
	} {
		t.Run(tt.listener, func(t *testing.T) {
			ex, err := res.Explain(Subject{GatewayNamespace: "infra", Gateway: "edge", Listener: tt.listener, RouteKind: KindHTTPRoute, RouteNamespace: "apps", Route: "api"})
			if err != nil {
				t.Fatal(err)
			}
			if ex.MergedWith == nil || ex.MergedWith.String() != tt.mergedWith {
				t.Errorf("mergedWith %v, want %s", ex.MergedWith, tt.mergedWith)
			}
			var outcomes []string
			for _, c := range ex.Candidates {
				outcomes = append(outcomes, c.Policy.String()+"="+c.Outcome)
			}
			if d := cmp.Diff(tt.outcomes, outcomes); d != "" {
				t.Errorf("candidates (-want +got):\n%s", d)
			}
			for _, f := range ex.Fields {
				if f.Path == "spec.timeout.tcp.connectTimeout" {
					if got := string(f.Value) + " from " + f.From.String(); got != tt.connectTimeout {
						t.Errorf("connectTimeout %s, want %s", got, tt.connectTimeout)
					}
				}
			}
		})
	}
}

// Explaining a route on one listener reports the policy as not accepted
// when it is not accepted there: after a failed merge on that listener
// only, or after Invalid on all of its ancestors.
func TestExplainInvalidPerListener(t *testing.T) {
	subject := func(listener string) Subject {
		return Subject{GatewayNamespace: "infra", Gateway: "edge", Listener: listener, RouteKind: KindHTTPRoute, RouteNamespace: "apps", Route: "api"}
	}
	invalidOf := func(t *testing.T, res *Resolution, listener string) string {
		t.Helper()
		ex, err := res.Explain(subject(listener))
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range ex.Candidates {
			if c.Policy.Name == "api-merge" {
				return c.Invalid
			}
		}
		t.Fatalf("no candidate api-merge on %s", listener)
		return ""
	}
	newRes := func() *Resolution {
		ps := policies(edgeWide(), mergingBTP("apps", "api-merge", ref(KindHTTPRoute, "api", "")))
		return Resolve(&BackendTrafficPolicyKind, ps, TopologyFrom(explainObjects()), testController)
	}

	t.Run("failed merge on one listener", func(t *testing.T) {
		res := newRes()
		a := res.OnRoute(KindHTTPRoute, "apps", "api", "")
		for _, m := range a.Merges {
			if m.Listener.Name == "https" {
				a.MergeFailed(m, "Merge failed on https.")
			}
		}
		res.Finish()
		if got := invalidOf(t, res, "https"); got != "Merge failed on https." {
			t.Errorf("on https: invalid %q", got)
		}
		if got := invalidOf(t, res, "http"); got != "" {
			t.Errorf("on http: invalid %q, want none", got)
		}
	})
	t.Run("invalid on another Gateway", func(t *testing.T) {
		objs := explainObjects()
		objs.Gateways = append(objs.Gateways, gateway("infra", "second", "http"))
		objs.HTTPRoutes[1].Spec.ParentRefs = append(objs.HTTPRoutes[1].Spec.ParentRefs, pref("", "infra", "second", ""))
		ps := policies(btp("apps", "api-merge", ref(KindHTTPRoute, "api", "")))
		res := Resolve(&BackendTrafficPolicyKind, ps, TopologyFrom(objs), testController)
		res.OnRoute(KindHTTPRoute, "apps", "api", "").InvalidAt(AncestorRef(KindGateway, "infra", "second", ""), "Not on second.")
		res.Finish()
		ex, err := res.Explain(Subject{GatewayNamespace: "infra", Gateway: "second", Listener: "http", RouteKind: KindHTTPRoute, RouteNamespace: "apps", Route: "api"})
		if err != nil {
			t.Fatal(err)
		}
		if got := ex.Candidates[0].Invalid; got != "Not on second." {
			t.Errorf("on second/http: invalid %q", got)
		}
		if got := invalidOf(t, res, "http"); got != "" {
			t.Errorf("on edge/http: invalid %q, want none (the policy is accepted on edge)", got)
		}
	})
	t.Run("invalid everywhere", func(t *testing.T) {
		res := newRes()
		res.OnRoute(KindHTTPRoute, "apps", "api", "").Invalid("Bad policy.")
		res.Finish()
		// The route's one ancestor (the Gateway: its parentRef has no
		// sectionName) is Accepted=False.
		if st := res.Policies[0].Status; len(st.Ancestors) == 0 {
			t.Fatal("no status")
		}
		for _, l := range []string{"", "http", "https"} {
			if got := invalidOf(t, res, l); got != "Bad policy." {
				t.Errorf("on listener %q: invalid %q, want %q", l, got, "Bad policy.")
			}
		}
	})
}
