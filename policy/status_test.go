package policy

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// Statuses of whole scenarios: Overridden, Merged, deprecation warnings,
// Invalid, the 16-ancestor cap. Then StatusWriter and the helpers alone.

func TestStatusOverridden(t *testing.T) {
	// Gateway gw/eg (http, https) with ListenerSet gw/ls (ls-a, ls-b);
	// routes apps/r1 on eg/http, apps/r2 on eg (every listener), apps/r3
	// on ls (every listener), apps/r4 on ls/ls-b, apps/r5 on eg/https
	// without a policy.
	objs := Objects{
		Gateways:     []*gwapiv1.Gateway{gateway("gw", "eg", "http", "https")},
		ListenerSets: []*gwapiv1.ListenerSet{listenerSet("gw", "ls", "eg", "ls-a", "ls-b")},
		HTTPRoutes: []*gwapiv1.HTTPRoute{
			httpRoute("apps", "r1", []string{"a", "b", "c"}, pref("", "gw", "eg", "http")),
			httpRoute("apps", "r2", nil, pref("", "gw", "eg", "")),
			httpRoute("apps", "r3", nil, pref(KindListenerSet, "gw", "ls", "")),
			httpRoute("apps", "r4", nil, pref(KindListenerSet, "gw", "ls", "ls-b")),
			httpRoute("apps", "r5", nil, pref("", "gw", "eg", "https")),
		},
	}
	gwAnc := func(conds ...metav1.Condition) []gwapiv1.PolicyAncestorStatus {
		return []gwapiv1.PolicyAncestorStatus{anc(KindGateway, "gw", "eg", "", conds...)}
	}
	const btpOver = "This policy is being overridden by other backendTrafficPolicies for "
	tests := []struct {
		name     string
		kind     *Kind
		policies []Policy
		want     map[string][]gwapiv1.PolicyAncestorStatus
	}{
		{
			name: "Gateway by listeners, ListenerSets, their listeners and routes",
			kind: &BackendTrafficPolicyKind,
			policies: policies(
				btp("gw", "gateway", ref(KindGateway, "eg", "")),
				btp("gw", "https", ref(KindGateway, "eg", "https")),
				btp("gw", "http", ref(KindGateway, "eg", "http")),
				btp("gw", "set", ref(KindListenerSet, "ls", "")),
				btp("gw", "set-b", ref(KindListenerSet, "ls", "ls-b")),
				btp("gw", "set-a", ref(KindListenerSet, "ls", "ls-a")),
				btp("apps", "r2", ref(KindHTTPRoute, "r2", "")),
				btp("apps", "r1", ref(KindHTTPRoute, "r1", "")),
			),
			want: map[string][]gwapiv1.PolicyAncestorStatus{
				"gw/gateway": gwAnc(accepted(), overridden(btpOver+
					"these gateway listeners: [gw/eg/http gw/eg/https] and these listenersets: [gw/ls] and "+
					"these listenerset listeners: [gw/ls/ls-a gw/ls/ls-b] and these routes: [apps/r1 apps/r2]")),
				"gw/http": {anc(KindGateway, "gw", "eg", "http", accepted(), overridden(btpOver+"these routes: [apps/r1 apps/r2]"))},
				// r2 has no sectionName: it is on every listener.
				"gw/https": {anc(KindGateway, "gw", "eg", "https", accepted(), overridden(btpOver+"these routes: [apps/r2]"))},
				"gw/set": {anc(KindListenerSet, "gw", "ls", "", accepted(), overridden(btpOver+
					"these listenerset listeners: [gw/ls/ls-a gw/ls/ls-b]"))},
				"gw/set-a": {anc(KindListenerSet, "gw", "ls", "ls-a", accepted())},
				"gw/set-b": {anc(KindListenerSet, "gw", "ls", "ls-b", accepted())},
				"apps/r1":  {anc(KindGateway, "gw", "eg", "http", accepted())},
				"apps/r2":  {anc(KindGateway, "gw", "eg", "", accepted())},
			},
		},
		{
			name: "ListenerSet by its listener and routes",
			kind: &BackendTrafficPolicyKind,
			policies: policies(
				btp("gw", "set", ref(KindListenerSet, "ls", "")),
				btp("gw", "set-a", ref(KindListenerSet, "ls", "ls-a")),
				btp("apps", "r3", ref(KindHTTPRoute, "r3", "")),
				btp("apps", "r4", ref(KindHTTPRoute, "r4", "")),
			),
			want: map[string][]gwapiv1.PolicyAncestorStatus{
				"gw/set": {anc(KindListenerSet, "gw", "ls", "", accepted(), overridden(btpOver+
					"these listenerset listeners: [gw/ls/ls-a] and these routes: [apps/r3 apps/r4]"))},
				// r3 is on every listener of the set, r4 on ls-b only.
				"gw/set-a": {anc(KindListenerSet, "gw", "ls", "ls-a", accepted(), overridden(btpOver+"these routes: [apps/r3]"))},
				"apps/r3":  {anc(KindListenerSet, "gw", "ls", "", accepted())},
				"apps/r4":  {anc(KindListenerSet, "gw", "ls", "ls-b", accepted())},
			},
		},
		{
			name: "Gateway by routes on its ListenerSets",
			kind: &SecurityPolicyKind,
			policies: policies(
				sp("gw", "gateway", ref(KindGateway, "eg", "")),
				sp("apps", "r4", ref(KindHTTPRoute, "r4", "")),
			),
			want: map[string][]gwapiv1.PolicyAncestorStatus{
				"gw/gateway": gwAnc(accepted(), overridden("This policy is being overridden by other securityPolicies for these routes: [apps/r4]")),
				"apps/r4":    {anc(KindListenerSet, "gw", "ls", "ls-b", accepted())},
			},
		},
		{
			name: "route by rules: BackendTrafficPolicy's singular noun",
			kind: &BackendTrafficPolicyKind,
			policies: policies(
				btp("apps", "route", ref(KindHTTPRoute, "r1", "")),
				btp("apps", "rule-c", ref(KindHTTPRoute, "r1", "c")),
				btp("apps", "rule-a", ref(KindHTTPRoute, "r1", "a")),
			),
			want: map[string][]gwapiv1.PolicyAncestorStatus{
				"apps/route": {anc(KindGateway, "gw", "eg", "http", accepted(), overridden(
					"This policy is being overridden by other backendTrafficPolicy for these route rules: [a c]"))},
				"apps/rule-a": {anc(KindGateway, "gw", "eg", "http", accepted())},
				"apps/rule-c": {anc(KindGateway, "gw", "eg", "http", accepted())},
			},
		},
		{
			name: "route by rules: SecurityPolicy",
			kind: &SecurityPolicyKind,
			policies: policies(
				sp("apps", "route", ref(KindHTTPRoute, "r1", "")),
				sp("apps", "rule-b", ref(KindHTTPRoute, "r1", "b")),
			),
			want: map[string][]gwapiv1.PolicyAncestorStatus{
				"apps/route": {anc(KindGateway, "gw", "eg", "http", accepted(), overridden(
					"This policy is being overridden by other securityPolicies for these route rules: [b]"))},
				"apps/rule-b": {anc(KindGateway, "gw", "eg", "http", accepted())},
			},
		},
		{
			name: "a route or rule policy that lost is no override",
			kind: &BackendTrafficPolicyKind,
			policies: policies(
				btp("apps", "route", ref(KindHTTPRoute, "r1", "")),
				btp("apps", "rule-x", ref(KindHTTPRoute, "r1", "x")),
			),
			want: map[string][]gwapiv1.PolicyAncestorStatus{
				"apps/route":  {anc(KindGateway, "gw", "eg", "http", accepted())},
				"apps/rule-x": {anc(KindGateway, "gw", "eg", "http", notFound("No section name x found for HTTPRoute apps/r1"))},
			},
		},
		{
			name: "ClientTrafficPolicy lists sections",
			kind: &ClientTrafficPolicyKind,
			policies: policies(
				ctp("gw", "gateway", ref(KindGateway, "eg", "")),
				ctp("gw", "https", ref(KindGateway, "eg", "https")),
				ctp("gw", "set", ref(KindListenerSet, "ls", "")),
			),
			want: map[string][]gwapiv1.PolicyAncestorStatus{
				// A whole ListenerSet counts as each of its listeners.
				"gw/gateway": gwAnc(accepted(), overridden("There are existing ClientTrafficPolicies that are overriding these sections [https ls-a ls-b]")),
				"gw/https":   {anc(KindGateway, "gw", "eg", "https", accepted())},
				"gw/set":     {anc(KindListenerSet, "gw", "ls", "", accepted())},
			},
		},
		{
			name: "ClientTrafficPolicy on a ListenerSet by its listener",
			kind: &ClientTrafficPolicyKind,
			policies: policies(
				ctp("gw", "set", ref(KindListenerSet, "ls", "")),
				ctp("gw", "set-b", ref(KindListenerSet, "ls", "ls-b")),
			),
			want: map[string][]gwapiv1.PolicyAncestorStatus{
				"gw/set":   {anc(KindListenerSet, "gw", "ls", "", accepted(), overridden("There are existing ClientTrafficPolicies that are overriding these sections [ls-b]"))},
				"gw/set-b": {anc(KindListenerSet, "gw", "ls", "ls-b", accepted())},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := resolve(tt.kind, objs, tt.policies...)
			checkStatuses(t, res, tt.policies, tt.want)
		})
	}
}

// Envoy Gateway's statuses when routes merge with Gateway and listener
// policies, one route rule has a policy of its own and a GRPCRoute
// merges with a listener policy (the facts of the corpus case
// backendtrafficpolicy-strategic-merge-section, with other names).
func TestStatusMergedWithGatewayAndListener(t *testing.T) {
	objs := Objects{
		Gateways: []*gwapiv1.Gateway{gateway("infra", "edge", "one", "two")},
		HTTPRoutes: []*gwapiv1.HTTPRoute{
			httpRoute("apps", "web", []string{"", "slow"}, pref("", "infra", "edge", "one")),
			httpRoute("apps", "api", nil, pref("", "infra", "edge", "")),
		},
		GRPCRoutes: []*gwapiv1.GRPCRoute{grpcRoute("apps", "rpc", nil, pref("", "infra", "edge", "two"))},
	}
	ps := policies(
		btp("infra", "edge-wide", ref(KindGateway, "edge", "")),
		btp("infra", "edge-two", ref(KindGateway, "edge", "two")),
		mergingBTP("apps", "web-merge", ref(KindHTTPRoute, "web", "")),
		btp("apps", "web-slow", ref(KindHTTPRoute, "web", "slow")),
		mergingBTP("apps", "api-merge", ref(KindHTTPRoute, "api", "")),
		mergingBTP("apps", "rpc-merge", ref(KindGRPCRoute, "rpc", "")),
	)
	res := resolve(&BackendTrafficPolicyKind, objs, ps...)
	checkStatuses(t, res, ps, map[string][]gwapiv1.PolicyAncestorStatus{
		"apps/web-slow": {anc(KindGateway, "infra", "edge", "one", accepted())},
		"apps/web-merge": {anc(KindGateway, "infra", "edge", "one",
			merged("Merged with policy infra/edge-wide"), accepted(),
			overridden("This policy is being overridden by other backendTrafficPolicy for these route rules: [slow]"))},
		"apps/api-merge": {
			anc(KindGateway, "infra", "edge", "one", merged("Merged with policy infra/edge-wide")),
			anc(KindGateway, "infra", "edge", "two", merged("Merged with policy infra/edge-two")),
			anc(KindGateway, "infra", "edge", "", accepted()),
		},
		"apps/rpc-merge": {anc(KindGateway, "infra", "edge", "two", merged("Merged with policy infra/edge-two"), accepted())},
		"infra/edge-two": {anc(KindGateway, "infra", "edge", "two", accepted(),
			merged("This policy is being merged by other backendTrafficPolicies for these routes: [apps/api apps/rpc]"))},
		"infra/edge-wide": {anc(KindGateway, "infra", "edge", "", accepted(),
			merged("This policy is being merged by other backendTrafficPolicies for these routes: [apps/api apps/web]"),
			overridden("This policy is being overridden by other backendTrafficPolicies for these gateway listeners: [infra/edge/two] and these routes: [apps/rpc]"))},
	})
}

// The facts of the corpus case backendtrafficpolicy-listenerset-merge, with
// other names: merging through ListenerSets and their listeners.
func TestStatusMergedThroughListenerSets(t *testing.T) {
	objs := Objects{
		Gateways: []*gwapiv1.Gateway{gateway("infra", "edge", "http", "alt")},
		ListenerSets: []*gwapiv1.ListenerSet{
			listenerSet("infra", "extra", "edge", "x1", "x2"),
			listenerSet("infra", "plain", "edge", "p1"),
		},
		HTTPRoutes: []*gwapiv1.HTTPRoute{
			httpRoute("apps", "on-gateway", nil, pref(KindGateway, "infra", "edge", "")),
			httpRoute("apps", "on-extra", nil, pref(KindListenerSet, "infra", "extra", "")),
			httpRoute("apps", "on-plain", nil, pref(KindListenerSet, "infra", "plain", "p1")),
		},
	}
	ps := policies(
		btp("infra", "extra-x1", ref(KindListenerSet, "extra", "x1")),
		btp("infra", "extra-all", ref(KindListenerSet, "extra", "")),
		btp("infra", "edge-all", ref(KindGateway, "edge", "")),
		btp("infra", "edge-alt", ref(KindGateway, "edge", "alt")),
		mergingBTP("apps", "on-extra", ref(KindHTTPRoute, "on-extra", "")),
		mergingBTP("apps", "on-plain", ref(KindHTTPRoute, "on-plain", "")),
	)
	res := resolve(&BackendTrafficPolicyKind, objs, ps...)
	checkStatuses(t, res, ps, map[string][]gwapiv1.PolicyAncestorStatus{
		"infra/extra-x1": {anc(KindListenerSet, "infra", "extra", "x1", accepted(),
			merged("This policy is being merged by other backendTrafficPolicies for these routes: [apps/on-extra]"))},
		"infra/extra-all": {anc(KindListenerSet, "infra", "extra", "", accepted(),
			merged("This policy is being merged by other backendTrafficPolicies for these routes: [apps/on-extra]"),
			overridden("This policy is being overridden by other backendTrafficPolicies for these listenerset listeners: [infra/extra/x1]"))},
		"apps/on-extra": {
			anc(KindListenerSet, "infra", "extra", "x1", merged("Merged with policy infra/extra-x1")),
			anc(KindListenerSet, "infra", "extra", "x2", merged("Merged with policy infra/extra-all")),
			anc(KindListenerSet, "infra", "extra", "", accepted()),
		},
		"apps/on-plain":  {anc(KindListenerSet, "infra", "plain", "p1", merged("Merged with policy infra/edge-all"), accepted())},
		"infra/edge-alt": {anc(KindGateway, "infra", "edge", "alt", accepted())},
		"infra/edge-all": {anc(KindGateway, "infra", "edge", "", accepted(),
			merged("This policy is being merged by other backendTrafficPolicies for these routes: [apps/on-plain]"),
			overridden("This policy is being overridden by other backendTrafficPolicies for these gateway listeners: [infra/edge/alt] and "+
				"these listenersets: [infra/extra] and these listenerset listeners: [infra/extra/x1] and these routes: [apps/on-extra]"))},
	})
}

// Replace and an unset mergeType do not merge; a route policy that lost
// plans no merge.
func TestStatusNoMerge(t *testing.T) {
	objs := Objects{
		Gateways:   []*gwapiv1.Gateway{gateway("gw", "eg", "http")},
		HTTPRoutes: []*gwapiv1.HTTPRoute{httpRoute("gw", "a", nil, pref("", "", "eg", "")), httpRoute("gw", "b", nil, pref("", "", "eg", ""))},
	}
	replace := btp("gw", "replace", ref(KindHTTPRoute, "a", ""))
	mt := egv1a1.MergeTypeReplace
	replace.Spec.MergeType = &mt
	ps := policies(
		btp("gw", "gateway", ref(KindGateway, "eg", "")),
		replace,
		btp("gw", "unset", ref(KindHTTPRoute, "b", "")),
		mergingBTP("gw", "lost", ref(KindHTTPRoute, "b", "")),
	)
	res := resolve(&BackendTrafficPolicyKind, objs, ps...)
	checkStatuses(t, res, ps, map[string][]gwapiv1.PolicyAncestorStatus{
		"gw/gateway": {anc(KindGateway, "gw", "eg", "", accepted(),
			overridden("This policy is being overridden by other backendTrafficPolicies for these routes: [gw/a gw/b]"))},
		"gw/replace": {anc(KindGateway, "gw", "eg", "", accepted())},
		"gw/unset":   {anc(KindGateway, "gw", "eg", "", accepted())},
		"gw/lost":    {anc(KindGateway, "gw", "eg", "", conflicted("Unable to target HTTPRoute b, another BackendTrafficPolicy has already attached to it"))},
	})
	for _, a := range res.Attachments {
		if len(a.Merges) != 0 {
			t.Errorf("%s plans %d merges, want none", a.Policy.Policy.GetName(), len(a.Merges))
		}
	}
}

func TestStatusDeprecatedTargetRef(t *testing.T) {
	objs := Objects{
		Gateways:   []*gwapiv1.Gateway{gateway("gw", "eg", "http"), gateway("gw", "other", "http")},
		HTTPRoutes: []*gwapiv1.HTTPRoute{httpRoute("gw", "app", nil, pref("", "", "eg", "http"))},
	}
	single := func(name string, r gwapiv1.LocalPolicyTargetReferenceWithSectionName) *egv1a1.BackendTrafficPolicy {
		p := btp("gw", name)
		p.Spec.TargetRef = &r
		return p
	}
	mixed := single("mixed", ref(KindGateway, "eg", "")) // loses eg, takes other
	mixed.Spec.TargetRefs = append(mixed.Spec.TargetRefs, ref(KindGateway, "other", ""))
	ps := policies(
		single("route", ref(KindHTTPRoute, "app", "")),
		single("gateway", ref(KindGateway, "eg", "")),
		single("loser", ref(KindGateway, "eg", "")),
		mixed,
		single("not-found", ref(KindGateway, "eg", "nope")),
		single("missing", ref(KindGateway, "nope", "")),
	)
	res := resolve(&BackendTrafficPolicyKind, objs, ps...)
	checkStatuses(t, res, ps, map[string][]gwapiv1.PolicyAncestorStatus{
		"gw/route": {anc(KindGateway, "gw", "eg", "http", accepted(), deprecatedTargetRef())},
		"gw/gateway": {anc(KindGateway, "gw", "eg", "", accepted(), deprecatedTargetRef(),
			overridden("This policy is being overridden by other backendTrafficPolicies for these routes: [gw/app]"))},
		"gw/loser": {anc(KindGateway, "gw", "eg", "", conflicted("Unable to target Gateway eg, another BackendTrafficPolicy has already attached to it"))},
		"gw/mixed": {
			anc(KindGateway, "gw", "eg", "", conflicted("Unable to target Gateway eg, another BackendTrafficPolicy has already attached to it")),
			anc(KindGateway, "gw", "other", "", accepted(), deprecatedTargetRef()),
		},
		"gw/not-found": {anc(KindGateway, "gw", "eg", "nope", notFound("No section name nope found for Gateway gw/eg"))},
	})
}

func TestStatusDeprecatedFieldsOfKind(t *testing.T) {
	kind := BackendTrafficPolicyKind
	kind.Deprecated = func(p Policy) map[string]string {
		if len(p.(*egv1a1.BackendTrafficPolicy).Spec.Compression) > 0 {
			return map[string]string{"spec.compression": "spec.compressor"}
		}
		return nil
	}
	objs := Objects{Gateways: []*gwapiv1.Gateway{gateway("gw", "eg", "http")}}
	both := btp("gw", "both")
	r := ref(KindGateway, "eg", "")
	both.Spec.TargetRef = &r
	both.Spec.Compression = []egv1a1.Compression{{Type: "Gzip"}}
	fieldOnly := btp("gw", "field-only", ref(KindGateway, "eg", "http"))
	fieldOnly.Spec.Compression = []egv1a1.Compression{{Type: "Gzip"}}
	ps := policies(both, fieldOnly)
	res := resolve(&kind, objs, ps...)
	checkStatuses(t, res, ps, map[string][]gwapiv1.PolicyAncestorStatus{
		"gw/both": {anc(KindGateway, "gw", "eg", "", accepted(),
			cond("Warning", metav1.ConditionTrue, "DeprecatedField",
				"spec.compression is deprecated, use spec.compressor instead; spec.targetRef is deprecated, use spec.targetRefs instead"),
			overridden("This policy is being overridden by other backendTrafficPolicies for these gateway listeners: [gw/eg/http]"))},
		"gw/field-only": {anc(KindGateway, "gw", "eg", "http", accepted(),
			cond("Warning", metav1.ConditionTrue, "DeprecatedField", "spec.compression is deprecated, use spec.compressor instead"))},
	})
}

func TestStatusInvalid(t *testing.T) {
	objs := Objects{
		Gateways:   []*gwapiv1.Gateway{gateway("gw", "one", "http"), gateway("gw", "two", "http")},
		HTTPRoutes: []*gwapiv1.HTTPRoute{httpRoute("gw", "app", nil, pref("", "", "one", ""), pref("", "", "two", ""))},
	}
	t.Run("every ancestor", func(t *testing.T) {
		ps := policies(btp("gw", "route", ref(KindHTTPRoute, "app", "")), btp("gw", "gateway", ref(KindGateway, "one", "")))
		res := Resolve(&BackendTrafficPolicyKind, ps, TopologyFrom(objs), testController)
		res.OnRoute(KindHTTPRoute, "gw", "app", "").Invalid("Retry: numRetries must be positive.")
		res.Finish()
		checkStatuses(t, res, ps, map[string][]gwapiv1.PolicyAncestorStatus{
			"gw/route": {
				anc(KindGateway, "gw", "one", "", invalid("Retry: numRetries must be positive.")),
				anc(KindGateway, "gw", "two", "", invalid("Retry: numRetries must be positive.")),
			},
			// An invalid route policy still overrides the Gateway's.
			"gw/gateway": {anc(KindGateway, "gw", "one", "", accepted(),
				overridden("This policy is being overridden by other backendTrafficPolicies for these routes: [gw/app]"))},
		})
	})
	t.Run("one ancestor", func(t *testing.T) {
		ps := policies(btp("gw", "route", ref(KindHTTPRoute, "app", "")))
		res := Resolve(&BackendTrafficPolicyKind, ps, TopologyFrom(objs), testController)
		res.OnRoute(KindHTTPRoute, "gw", "app", "").InvalidAt(AncestorRef(KindGateway, "gw", "two", ""), "no good here")
		res.Finish()
		checkStatuses(t, res, ps, map[string][]gwapiv1.PolicyAncestorStatus{
			"gw/route": {
				anc(KindGateway, "gw", "two", "", invalid("no good here")),
				anc(KindGateway, "gw", "one", "", accepted()),
			},
		})
	})
	t.Run("failed merge", func(t *testing.T) {
		ps := policies(btp("gw", "gateway", ref(KindGateway, "one", "")), mergingBTP("gw", "route", ref(KindHTTPRoute, "app", "")))
		res := Resolve(&BackendTrafficPolicyKind, ps, TopologyFrom(objs), testController)
		a := res.OnRoute(KindHTTPRoute, "gw", "app", "")
		if len(a.Merges) != 1 {
			t.Fatalf("got %d merge plans, want 1", len(a.Merges))
		}
		a.MergeFailed(a.Merges[0], "Merging failed.")
		res.Finish()
		checkStatuses(t, res, ps, map[string][]gwapiv1.PolicyAncestorStatus{
			"gw/route": {
				anc(KindGateway, "gw", "one", "http", invalid("Merging failed.")),
				anc(KindGateway, "gw", "one", "", accepted()),
				anc(KindGateway, "gw", "two", "", accepted()),
			},
			// The route did not merge with it: it overrides it.
			"gw/gateway": {anc(KindGateway, "gw", "one", "", accepted(),
				overridden("This policy is being overridden by other backendTrafficPolicies for these routes: [gw/app]"))},
		})
	})
}

// The facts of the corpus case backendtrafficpolicy-status-conditions-truncated,
// with other names: a route on 18 Gateways.
func TestStatusTruncatedTo16Ancestors(t *testing.T) {
	var objs Objects
	var parents []gwapiv1.ParentReference
	for i := 1; i <= 18; i++ {
		name := fmt.Sprintf("gw-%d", i)
		objs.Gateways = append(objs.Gateways, gateway("infra", name, "http"))
		parents = append(parents, pref("", "infra", name, ""))
	}
	objs.HTTPRoutes = []*gwapiv1.HTTPRoute{
		httpRoute("infra", "route-1", nil, parents...),
		httpRoute("infra", "route-2", nil, parents...),
	}
	withTargetRef := btp("infra", "accepted-everywhere")
	r := ref(KindHTTPRoute, "route-1", "")
	withTargetRef.Spec.TargetRef = &r
	ps := policies(
		btp("infra", "gateway-and-route", ref(KindGateway, "gw-9", ""), ref(KindHTTPRoute, "route-2", "")),
		btp("infra", "conflicted-everywhere", ref(KindHTTPRoute, "route-2", "")),
		withTargetRef,
	)
	res := resolve(&BackendTrafficPolicyKind, objs, ps...)

	// Names sort as strings: gw-1, gw-10 ... gw-18, gw-2 ... gw-9.
	sorted := []string{"gw-1", "gw-10", "gw-11", "gw-12", "gw-13", "gw-14", "gw-15", "gw-16", "gw-17", "gw-18", "gw-2", "gw-3", "gw-4", "gw-5", "gw-6", "gw-7", "gw-8", "gw-9"}
	ancestors := func(names []string, conds ...metav1.Condition) []gwapiv1.PolicyAncestorStatus {
		var out []gwapiv1.PolicyAncestorStatus
		for _, n := range names {
			out = append(out, anc(KindGateway, "infra", n, "", conds...))
		}
		return out
	}
	withAggregated := func(list []gwapiv1.PolicyAncestorStatus) []gwapiv1.PolicyAncestorStatus {
		last := &list[len(list)-1]
		last.Conditions = append(append([]metav1.Condition(nil), last.Conditions...), aggregated())
		return list
	}
	conflict := conflicted("Unable to target HTTPRoute route-2, another BackendTrafficPolicy has already attached to it")

	// gw-9 was dropped while the route's ancestors were added (it sorts
	// last), so when the Gateway target comes back to it only Overridden
	// is left, and overridden ancestors are kept first.
	gatewayAndRoute := append(
		[]gwapiv1.PolicyAncestorStatus{anc(KindGateway, "infra", "gw-9", "",
			overridden("This policy is being overridden by other backendTrafficPolicies for these routes: [infra/route-1 infra/route-2]"))},
		ancestors(sorted[:15], accepted())...)
	checkStatuses(t, res, ps, map[string][]gwapiv1.PolicyAncestorStatus{
		"infra/gateway-and-route":     withAggregated(gatewayAndRoute),
		"infra/conflicted-everywhere": withAggregated(ancestors(sorted[:16], conflict)),
		"infra/accepted-everywhere":   withAggregated(ancestors(sorted[:16], accepted(), deprecatedTargetRef())),
	})
}

func TestStatusWriterTruncateOrder(t *testing.T) {
	var st gwapiv1.PolicyStatus
	w := StatusWriter{Status: &st, Controller: testController}
	// 20 ancestors; written in reverse name order so that nothing but the
	// sort puts them in place.
	var refs []gwapiv1.ParentReference
	for i := 19; i >= 0; i-- {
		ns := "a"
		if i%5 == 0 {
			ns = "b"
		}
		refs = append(refs, AncestorRef(KindGateway, ns, fmt.Sprintf("gw-%02d", i), ""))
	}
	for _, r := range refs {
		switch r.Name {
		case "gw-03", "gw-15", "gw-18":
			w.SetInvalid(r, "bad")
		case "gw-07", "gw-10":
			w.SetAccepted(r)
			w.Set(r, "Overridden", metav1.ConditionTrue, "Overridden", "over")
		default:
			w.SetAccepted(r)
		}
	}
	if n := len(st.Ancestors); n > MaxAncestors+1 {
		t.Errorf("%d ancestors kept while writing, want at most %d", n, MaxAncestors+1)
	}
	w.Truncate()
	var got []string
	for _, a := range st.Ancestors {
		got = append(got, refNamespace(&a.AncestorRef)+"/"+string(a.AncestorRef.Name))
	}
	want := []string{
		// not accepted, by namespace then name
		"a/gw-03", "a/gw-18", "b/gw-15",
		// overridden
		"a/gw-07", "b/gw-10",
		// the rest
		"a/gw-01", "a/gw-02", "a/gw-04", "a/gw-06", "a/gw-08", "a/gw-09", "a/gw-11", "a/gw-12", "a/gw-13", "a/gw-14", "a/gw-16",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("ancestors after Truncate (-want +got):\n%s", d)
	}
	for i, a := range st.Ancestors {
		hasAgg := false
		for _, c := range a.Conditions {
			if c.Type == "Aggregated" {
				hasAgg = true
				if d := cmp.Diff(aggregated(), c, ignoreTime); d != "" {
					t.Errorf("Aggregated (-want +got):\n%s", d)
				}
			}
		}
		if hasAgg != (i == len(st.Ancestors)-1) {
			t.Errorf("ancestor %d: Aggregated=%v", i, hasAgg)
		}
	}

	// At most 16: nothing happens.
	var small gwapiv1.PolicyStatus
	ws := StatusWriter{Status: &small, Controller: testController}
	for i := 0; i < MaxAncestors; i++ {
		ws.SetAccepted(AncestorRef(KindGateway, "a", fmt.Sprintf("gw-%02d", 20-i), ""))
	}
	before := small.DeepCopy()
	ws.Truncate()
	if d := cmp.Diff(before, &small); d != "" {
		t.Errorf("Truncate changed 16 ancestors (-before +after):\n%s", d)
	}
}

// Seventeen ancestors are one too many.
func TestStatusWriterTruncate17(t *testing.T) {
	var st gwapiv1.PolicyStatus
	w := StatusWriter{Status: &st, Controller: testController}
	for i := 0; i < MaxAncestors+1; i++ {
		w.SetAccepted(AncestorRef(KindGateway, "a", fmt.Sprintf("gw-%02d", i), ""))
	}
	w.Truncate()
	if len(st.Ancestors) != MaxAncestors {
		t.Fatalf("%d ancestors, want %d", len(st.Ancestors), MaxAncestors)
	}
	last := st.Ancestors[MaxAncestors-1]
	if last.AncestorRef.Name != "gw-15" {
		t.Errorf("last ancestor %s, want gw-15", last.AncestorRef.Name)
	}
	if d := cmp.Diff([]metav1.Condition{accepted(), aggregated()}, last.Conditions, ignoreTime); d != "" {
		t.Errorf("conditions of the last ancestor (-want +got):\n%s", d)
	}
}

func TestStatusWriterSet(t *testing.T) {
	var st gwapiv1.PolicyStatus
	w := StatusWriter{Status: &st, Controller: testController, Generation: 4}
	gw := AncestorRef(KindGateway, "ns", "eg", "")
	listener := AncestorRef(KindGateway, "ns", "eg", "http")
	w.SetAccepted(gw)
	w.SetInvalid(gw, "broken")
	w.SetAccepted(gw) // an Accepted condition is there already
	w.SetAccepted(listener)
	w.Set(listener, "Overridden", metav1.ConditionTrue, "Overridden", strings.Repeat("x", 40000))
	other := StatusWriter{Status: &st, Controller: "example.com/other"}
	other.SetAccepted(gw)

	want := []gwapiv1.PolicyAncestorStatus{
		{AncestorRef: gw, ControllerName: testController, Conditions: []metav1.Condition{
			{Type: "Accepted", Status: metav1.ConditionFalse, Reason: "Invalid", Message: "broken", ObservedGeneration: 4},
		}},
		{AncestorRef: listener, ControllerName: testController, Conditions: []metav1.Condition{
			{Type: "Accepted", Status: metav1.ConditionTrue, Reason: "Accepted", Message: MessageAccepted, ObservedGeneration: 4},
			{Type: "Overridden", Status: metav1.ConditionTrue, Reason: "Overridden", Message: strings.Repeat("x", 32768), ObservedGeneration: 4},
		}},
		{AncestorRef: gw, ControllerName: "example.com/other", Conditions: []metav1.Condition{
			{Type: "Accepted", Status: metav1.ConditionTrue, Reason: "Accepted", Message: MessageAccepted},
		}},
	}
	if d := cmp.Diff(want, st.Ancestors, ignoreTime); d != "" {
		t.Errorf("ancestors (-want +got):\n%s", d)
	}
}

func TestStatusWriterAddWarning(t *testing.T) {
	ref := AncestorRef(KindGateway, "ns", "eg", "")
	tests := []struct {
		name string
		add  [][2]string // reason, message
		want metav1.Condition
	}{
		{"one", [][2]string{{"DeprecatedField", "a is deprecated"}},
			cond("Warning", metav1.ConditionTrue, "DeprecatedField", "a is deprecated")},
		{"same reason", [][2]string{{"DeprecatedField", "a"}, {"DeprecatedField", "b"}},
			cond("Warning", metav1.ConditionTrue, "DeprecatedField", "a; b")},
		{"different reasons", [][2]string{{"DeprecatedField", "a"}, {"Other", "b"}},
			cond("Warning", metav1.ConditionTrue, "Warnings", "a; b")},
		{"repeated message", [][2]string{{"DeprecatedField", "a"}, {"DeprecatedField", "a"}},
			cond("Warning", metav1.ConditionTrue, "DeprecatedField", "a")},
		{"empty message ignored", [][2]string{{"DeprecatedField", "a"}, {"Other", ""}},
			cond("Warning", metav1.ConditionTrue, "DeprecatedField", "a")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var st gwapiv1.PolicyStatus
			w := StatusWriter{Status: &st, Controller: testController}
			for _, a := range tt.add {
				w.AddWarning(ref, a[0], a[1])
			}
			if len(st.Ancestors) != 1 {
				t.Fatalf("%d ancestors, want 1", len(st.Ancestors))
			}
			if d := cmp.Diff([]metav1.Condition{tt.want}, st.Ancestors[0].Conditions, ignoreTime); d != "" {
				t.Errorf("conditions (-want +got):\n%s", d)
			}
		})
	}
	var st gwapiv1.PolicyStatus
	(StatusWriter{Status: &st, Controller: testController}).AddWarning(ref, "X", "")
	if len(st.Ancestors) != 0 {
		t.Errorf("an empty warning added an ancestor")
	}
}

func TestConditionMessage(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{nil, ""},
		{errors.New(""), ""},
		{errors.New("timeout must be positive"), "Timeout must be positive."},
		{errors.New("Already formatted."), "Already formatted."},
		{errors.New("élan vital"), "Élan vital."},
		{fmt.Errorf("retry: %w", errors.New("bad")), "Retry: bad."},
	}
	for _, tt := range tests {
		if got := ConditionMessage(tt.err); got != tt.want {
			t.Errorf("ConditionMessage(%v) = %q, want %q", tt.err, got, tt.want)
		}
	}
}

func TestAncestorRef(t *testing.T) {
	g := gwapiv1.Group("gateway.networking.k8s.io")
	k := gwapiv1.Kind("ListenerSet")
	ns := gwapiv1.Namespace("infra")
	s := gwapiv1.SectionName("x1")
	want := gwapiv1.ParentReference{Group: &g, Kind: &k, Namespace: &ns, Name: "extra", SectionName: &s}
	if d := cmp.Diff(want, AncestorRef("ListenerSet", "infra", "extra", "x1")); d != "" {
		t.Errorf("AncestorRef (-want +got):\n%s", d)
	}
	want.SectionName = nil
	if d := cmp.Diff(want, AncestorRef("ListenerSet", "infra", "extra", "")); d != "" {
		t.Errorf("AncestorRef without section (-want +got):\n%s", d)
	}
}

func TestAttachmentWarn(t *testing.T) {
	objs := Objects{
		Gateways:   []*gwapiv1.Gateway{gateway("gw", "one", "http"), gateway("gw", "two", "http")},
		HTTPRoutes: []*gwapiv1.HTTPRoute{httpRoute("gw", "app", nil, pref("", "", "one", ""), pref("", "", "two", ""))},
	}
	p := btp("gw", "route")
	r := ref(KindHTTPRoute, "app", "")
	p.Spec.TargetRef = &r
	ps := policies(p)
	res := Resolve(&BackendTrafficPolicyKind, ps, TopologyFrom(objs), testController)
	res.OnRoute(KindHTTPRoute, "gw", "app", "").Warn("UnsupportedValue", "retry.perRetry is ignored")
	res.Finish()
	warn := cond("Warning", metav1.ConditionTrue, "Warnings", "retry.perRetry is ignored; spec.targetRef is deprecated, use spec.targetRefs instead")
	checkStatuses(t, res, ps, map[string][]gwapiv1.PolicyAncestorStatus{
		"gw/route": {
			anc(KindGateway, "gw", "one", "", warn, accepted()),
			anc(KindGateway, "gw", "two", "", warn, accepted()),
		},
	})
}
