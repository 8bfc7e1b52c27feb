package policy

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// withLabels sets labels and a creationTimestamp baseTime+age seconds.
func withLabels[T interface{ GetObjectMeta() metav1.Object }](o T, age int, labels map[string]string) T {
	m := o.GetObjectMeta()
	m.SetLabels(labels)
	m.SetCreationTimestamp(metav1.NewTime(baseTime.Add(time.Duration(age) * time.Second)))
	return o
}

func selector(kind string, labels map[string]string, exprs ...metav1.LabelSelectorRequirement) egv1a1.TargetSelector {
	return egv1a1.TargetSelector{Kind: gwapiv1.Kind(kind), MatchLabels: labels, MatchExpressions: exprs}
}

func inNamespaces(s egv1a1.TargetSelector, from egv1a1.TargetNamespaceFrom, sel *metav1.LabelSelector) egv1a1.TargetSelector {
	s.Namespaces = &egv1a1.TargetSelectorNamespaces{From: from, Selector: sel}
	return s
}

func selecting(p *egv1a1.BackendTrafficPolicy, sels ...egv1a1.TargetSelector) *egv1a1.BackendTrafficPolicy {
	p.Spec.TargetSelectors = sels
	return p
}

func grant(ns, fromGroup, fromKind, fromNS, toKind, toName string) *gwapiv1.ReferenceGrant {
	g := &gwapiv1.ReferenceGrant{ObjectMeta: objMeta(ns, "grant")}
	g.Spec.From = []gwapiv1.ReferenceGrantFrom{{Group: gwapiv1.Group(fromGroup), Kind: gwapiv1.Kind(fromKind), Namespace: gwapiv1.Namespace(fromNS)}}
	to := gwapiv1.ReferenceGrantTo{Group: gwapiv1.GroupName, Kind: gwapiv1.Kind(toKind)}
	if toName != "" {
		n := gwapiv1.ObjectName(toName)
		to.Name = &n
	}
	g.Spec.To = []gwapiv1.ReferenceGrantTo{to}
	return g
}

// btpGrant lets BackendTrafficPolicies in fromNS target toKind toName in ns.
func btpGrant(ns, fromNS, toKind, toName string) *gwapiv1.ReferenceGrant {
	return grant(ns, egv1a1.GroupName, "BackendTrafficPolicy", fromNS, toKind, toName)
}

// selectorObjects: namespaces blue (team=blue), red (team=red) and plain;
// Gateways with labels and ages (seconds after baseTime) in each.
func selectorObjects() Objects {
	x := map[string]string{"app": "x"}
	return Objects{
		Gateways: []*gwapiv1.Gateway{
			withLabels(gateway("blue", "gw-new", "http"), 20, x),
			withLabels(gateway("blue", "gw-old", "http"), 10, x),
			withLabels(gateway("blue", "gw-y", "http"), 0, map[string]string{"app": "y", "tier": "edge"}),
			withLabels(gateway("blue", "gw-b", "http"), 10, map[string]string{"app": "x", "tier": "edge"}),
			withLabels(gateway("red", "gw-red", "http"), 10, x),
			withLabels(gateway("plain", "gw-plain", "http"), 5, x),
		},
		HTTPRoutes: []*gwapiv1.HTTPRoute{
			withLabels(httpRoute("blue", "route-blue", nil, pref("", "", "gw-old", "")), 0, x),
			withLabels(httpRoute("red", "route-red", nil, pref("", "", "gw-red", "")), 0, x),
		},
		NamespaceLabels: map[string]map[string]string{
			"blue":  {"team": "blue"},
			"red":   {"team": "red"},
			"plain": {},
		},
	}
}

func gwTarget(ns, name, section string, selected bool) TargetRef {
	return TargetRef{Group: gwapiv1.GroupName, Kind: KindGateway, Namespace: ns, Name: name, SectionName: section, Selected: selected}
}

func TestExpandTargets(t *testing.T) {
	x := map[string]string{"app": "x"}
	otherGroup := ref(KindGateway, "gw-old", "")
	otherGroup.Group = "example.com"
	exampleGroup := gwapiv1.Group("example.com")
	coreGroup := gwapiv1.Group(gwapiv1.GroupName)
	tests := []struct {
		name   string
		kind   *Kind
		policy *egv1a1.BackendTrafficPolicy
		grants []*gwapiv1.ReferenceGrant
		nsNil  bool // build the topology without namespace labels
		want   []TargetRef
	}{
		{
			name:   "targetRefs in order, sections kept",
			policy: btp("blue", "p", ref(KindGateway, "gw-y", "http"), ref(KindHTTPRoute, "route-blue", "rule"), ref(KindGateway, "gw-old", "")),
			want: []TargetRef{
				gwTarget("blue", "gw-y", "http", false),
				{Group: gwapiv1.GroupName, Kind: KindHTTPRoute, Namespace: "blue", Name: "route-blue", SectionName: "rule"},
				gwTarget("blue", "gw-old", "", false),
			},
		},
		{
			name: "targetRef comes before targetRefs",
			policy: func() *egv1a1.BackendTrafficPolicy {
				p := btp("blue", "p", ref(KindGateway, "gw-y", ""))
				r := ref(KindGateway, "gw-old", "")
				p.Spec.TargetRef = &r
				return p
			}(),
			want: []TargetRef{gwTarget("blue", "gw-old", "", false), gwTarget("blue", "gw-y", "", false)},
		},
		{
			name:   "duplicate targetRefs listed once",
			policy: btp("blue", "p", ref(KindGateway, "gw-y", ""), ref(KindGateway, "gw-y", ""), ref(KindGateway, "gw-y", "http")),
			want:   []TargetRef{gwTarget("blue", "gw-y", "", false), gwTarget("blue", "gw-y", "http", false)},
		},
		{
			name:   "other groups and kinds ignored",
			policy: btp("blue", "p", otherGroup, ref("Service", "gw-old", ""), ref(KindGateway, "gw-y", "")),
			want:   []TargetRef{gwTarget("blue", "gw-y", "", false)},
		},
		{
			name:   "kinds the policy kind may not target ignored",
			kind:   &ClientTrafficPolicyKind,
			policy: btp("blue", "p", ref(KindHTTPRoute, "route-blue", ""), ref(KindGateway, "gw-y", "")),
			want:   []TargetRef{gwTarget("blue", "gw-y", "", false)},
		},
		{
			name: "targets that do not exist are still listed",
			// Whether they exist is Resolve's business.
			policy: btp("blue", "p", ref(KindGateway, "nope", "")),
			want:   []TargetRef{gwTarget("blue", "nope", "", false)},
		},
		{
			name:   "matchLabels: oldest first, then by name",
			policy: selecting(btp("blue", "p"), selector(KindGateway, x)),
			want: []TargetRef{
				gwTarget("blue", "gw-b", "", true), gwTarget("blue", "gw-old", "", true), gwTarget("blue", "gw-new", "", true),
			},
		},
		{
			name:   "matchExpressions",
			policy: selecting(btp("blue", "p"), selector(KindGateway, nil, metav1.LabelSelectorRequirement{Key: "tier", Operator: metav1.LabelSelectorOpExists})),
			want:   []TargetRef{gwTarget("blue", "gw-y", "", true), gwTarget("blue", "gw-b", "", true)},
		},
		{
			name: "matchLabels and matchExpressions together",
			policy: selecting(btp("blue", "p"), selector(KindGateway, x,
				metav1.LabelSelectorRequirement{Key: "tier", Operator: metav1.LabelSelectorOpIn, Values: []string{"edge"}})),
			want: []TargetRef{gwTarget("blue", "gw-b", "", true)},
		},
		{
			name: "NotIn",
			policy: selecting(btp("blue", "p"), selector(KindGateway, nil,
				metav1.LabelSelectorRequirement{Key: "app", Operator: metav1.LabelSelectorOpNotIn, Values: []string{"x"}})),
			want: []TargetRef{gwTarget("blue", "gw-y", "", true)},
		},
		{
			name: "an invalid selector selects nothing",
			policy: selecting(btp("blue", "p"), selector(KindGateway, nil,
				metav1.LabelSelectorRequirement{Key: "app", Operator: "Near", Values: []string{"x"}})),
			want: nil,
		},
		{
			name: "selector group",
			policy: selecting(btp("blue", "p"),
				egv1a1.TargetSelector{Group: &exampleGroup, Kind: KindGateway, MatchLabels: x},
				egv1a1.TargetSelector{Group: &coreGroup, Kind: KindHTTPRoute, MatchLabels: x}),
			want: []TargetRef{{Group: gwapiv1.GroupName, Kind: KindHTTPRoute, Namespace: "blue", Name: "route-blue", Selected: true}},
		},
		{
			name:   "selector of a kind the policy kind may not target",
			kind:   &ClientTrafficPolicyKind,
			policy: selecting(btp("blue", "p"), selector(KindHTTPRoute, x)),
			want:   nil,
		},
		{
			name: "selected targets come first; a plain ref to one of them is dropped, one with a section is not",
			policy: selecting(btp("blue", "p", ref(KindGateway, "gw-y", ""), ref(KindGateway, "gw-old", ""), ref(KindGateway, "gw-old", "http")),
				selector(KindGateway, map[string]string{"tier": "edge"}), selector(KindGateway, x)),
			want: []TargetRef{
				gwTarget("blue", "gw-y", "", true), gwTarget("blue", "gw-b", "", true), gwTarget("blue", "gw-old", "", true), gwTarget("blue", "gw-new", "", true),
				gwTarget("blue", "gw-old", "http", false),
			},
		},
		{
			name:   "namespaces Same",
			policy: selecting(btp("red", "p"), inNamespaces(selector(KindGateway, x), egv1a1.TargetNamespaceFromSame, nil)),
			want:   []TargetRef{gwTarget("red", "gw-red", "", true)},
		},
		{
			name:   "namespaces All without grants: the policy's namespace only",
			policy: selecting(btp("red", "p"), inNamespaces(selector(KindGateway, x), egv1a1.TargetNamespaceFromAll, nil)),
			want:   []TargetRef{gwTarget("red", "gw-red", "", true)},
		},
		{
			name:   "namespaces All with grants",
			policy: selecting(btp("red", "p"), inNamespaces(selector(KindGateway, x), egv1a1.TargetNamespaceFromAll, nil)),
			grants: []*gwapiv1.ReferenceGrant{btpGrant("blue", "red", KindGateway, "gw-old"), btpGrant("plain", "red", KindGateway, "")},
			want: []TargetRef{
				gwTarget("plain", "gw-plain", "", true), gwTarget("blue", "gw-old", "", true), gwTarget("red", "gw-red", "", true),
			},
		},
		{
			name:   "namespaces All without namespace labels: every namespace with objects",
			policy: selecting(btp("red", "p"), inNamespaces(selector(KindGateway, x), egv1a1.TargetNamespaceFromAll, nil)),
			grants: []*gwapiv1.ReferenceGrant{btpGrant("plain", "red", KindGateway, "")},
			nsNil:  true,
			want:   []TargetRef{gwTarget("plain", "gw-plain", "", true), gwTarget("red", "gw-red", "", true)},
		},
		{
			name: "namespaces Selector",
			policy: selecting(btp("red", "p"), inNamespaces(selector(KindGateway, x), egv1a1.TargetNamespaceFromSelector,
				&metav1.LabelSelector{MatchLabels: map[string]string{"team": "blue"}})),
			grants: []*gwapiv1.ReferenceGrant{btpGrant("blue", "red", KindGateway, ""), btpGrant("plain", "red", KindGateway, "")},
			want: []TargetRef{
				gwTarget("blue", "gw-b", "", true), gwTarget("blue", "gw-old", "", true), gwTarget("blue", "gw-new", "", true),
			},
		},
		{
			name:   "namespaces Selector without a selector",
			policy: selecting(btp("red", "p"), inNamespaces(selector(KindGateway, x), egv1a1.TargetNamespaceFromSelector, nil)),
			want:   nil,
		},
		{
			name: "namespaces Selector matching none",
			policy: selecting(btp("red", "p"), inNamespaces(selector(KindGateway, x), egv1a1.TargetNamespaceFromSelector,
				&metav1.LabelSelector{MatchLabels: map[string]string{"team": "green"}})),
			want: nil,
		},
		{
			name:   "a grant for another kind of target does not count",
			policy: selecting(btp("red", "p"), inNamespaces(selector(KindGateway, x), egv1a1.TargetNamespaceFromAll, nil)),
			grants: []*gwapiv1.ReferenceGrant{btpGrant("plain", "red", KindHTTPRoute, "")},
			want:   []TargetRef{gwTarget("red", "gw-red", "", true)},
		},
		{
			name:   "a grant for another policy kind does not count",
			policy: selecting(btp("red", "p"), inNamespaces(selector(KindGateway, x), egv1a1.TargetNamespaceFromAll, nil)),
			grants: []*gwapiv1.ReferenceGrant{grant("plain", egv1a1.GroupName, "SecurityPolicy", "red", KindGateway, "")},
			want:   []TargetRef{gwTarget("red", "gw-red", "", true)},
		},
		{
			name:   "a grant from another group does not count",
			policy: selecting(btp("red", "p"), inNamespaces(selector(KindGateway, x), egv1a1.TargetNamespaceFromAll, nil)),
			grants: []*gwapiv1.ReferenceGrant{grant("plain", "example.com", "BackendTrafficPolicy", "red", KindGateway, "")},
			want:   []TargetRef{gwTarget("red", "gw-red", "", true)},
		},
		{
			name:   "a grant for policies of another namespace does not count",
			policy: selecting(btp("red", "p"), inNamespaces(selector(KindGateway, x), egv1a1.TargetNamespaceFromAll, nil)),
			grants: []*gwapiv1.ReferenceGrant{btpGrant("plain", "blue", KindGateway, "")},
			want:   []TargetRef{gwTarget("red", "gw-red", "", true)},
		},
		{
			name:   "a grant for another name does not count",
			policy: selecting(btp("red", "p"), inNamespaces(selector(KindGateway, x), egv1a1.TargetNamespaceFromAll, nil)),
			grants: []*gwapiv1.ReferenceGrant{btpGrant("plain", "red", KindGateway, "other")},
			want:   []TargetRef{gwTarget("red", "gw-red", "", true)},
		},
		{
			name:   "a grant in another namespace does not count",
			policy: selecting(btp("red", "p"), inNamespaces(selector(KindGateway, x), egv1a1.TargetNamespaceFromAll, nil)),
			grants: []*gwapiv1.ReferenceGrant{btpGrant("blue", "red", KindGateway, "gw-plain")},
			want:   []TargetRef{gwTarget("red", "gw-red", "", true)},
		},
		{
			name: "a plain targetRef never leaves the policy's namespace",
			// gw-old is in blue; the grant does not make red/gw-old exist.
			policy: btp("red", "p", ref(KindGateway, "gw-old", "")),
			grants: []*gwapiv1.ReferenceGrant{btpGrant("blue", "red", KindGateway, "")},
			want:   []TargetRef{gwTarget("red", "gw-old", "", false)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			objs := selectorObjects()
			objs.ReferenceGrants = tt.grants
			if tt.nsNil {
				objs.NamespaceLabels = nil
			}
			kind := tt.kind
			if kind == nil {
				kind = &BackendTrafficPolicyKind
			}
			got := TopologyFrom(objs).ExpandTargets(kind, tt.policy)
			if d := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); d != "" {
				t.Errorf("ExpandTargets (-want +got):\n%s", d)
			}
		})
	}
}

// Cross-namespace selection end to end (the facts of the corpus cases
// policy-cross-namespace-targetselector-*): only targets that a
// ReferenceGrant opens get an ancestor, and a plain targetRef to a name in
// another namespace attaches to nothing.
func TestResolveCrossNamespace(t *testing.T) {
	sel := map[string]string{"policy": "selected"}
	objs := Objects{
		Gateways: []*gwapiv1.Gateway{
			withLabels(gateway("team-a", "granted", "http"), 0, sel),
			withLabels(gateway("team-b", "denied", "http"), 0, sel),
			gateway("shared", "edge", "http"),
		},
		HTTPRoutes: []*gwapiv1.HTTPRoute{
			withLabels(httpRoute("team-a", "granted-route", nil, pref("", "shared", "edge", "http")), 0, sel),
			withLabels(httpRoute("team-b", "denied-route", nil, pref("", "shared", "edge", "http")), 0, sel),
		},
		ReferenceGrants: []*gwapiv1.ReferenceGrant{
			btpGrant("team-a", "policies", KindGateway, "granted"),
			btpGrant("team-a", "policies", KindHTTPRoute, "granted-route"),
		},
		NamespaceLabels: map[string]map[string]string{"team-a": {}, "team-b": {}, "shared": {}, "policies": {}},
	}
	ps := policies(
		selecting(btp("policies", "gateways"), inNamespaces(selector(KindGateway, sel), egv1a1.TargetNamespaceFromAll, nil)),
		selecting(btp("policies", "routes"), inNamespaces(selector(KindHTTPRoute, sel), egv1a1.TargetNamespaceFromAll, nil)),
		btp("policies", "plain", ref(KindGateway, "granted", "")),
	)
	res := resolve(&BackendTrafficPolicyKind, objs, ps...)
	checkStatuses(t, res, ps, map[string][]gwapiv1.PolicyAncestorStatus{
		"policies/gateways": {anc(KindGateway, "team-a", "granted", "", accepted())},
		"policies/routes":   {anc(KindGateway, "shared", "edge", "http", accepted())},
	})
	if got := effectiveName(res.OnRoute(KindHTTPRoute, "team-a", "granted-route", "")); got != "routes" {
		t.Errorf("granted-route: effective %q, want routes", got)
	}
	if a := res.OnRoute(KindHTTPRoute, "team-b", "denied-route", ""); a != nil {
		t.Errorf("denied-route has policy %s", effectiveName(a))
	}

	// Without any grant nothing outside the policy's namespace is touched.
	objs.ReferenceGrants = nil
	res = resolve(&BackendTrafficPolicyKind, objs, ps...)
	checkStatuses(t, res, ps, map[string][]gwapiv1.PolicyAncestorStatus{})
}

// A selected target and a plain targetRef to the same object attach once.
func TestResolveSelectorAndTargetRefDeduplicated(t *testing.T) {
	objs := selectorObjects()
	ps := policies(selecting(btp("blue", "p", ref(KindGateway, "gw-old", "")), selector(KindGateway, map[string]string{"tier": "edge", "app": "x"})))
	ps[0].(*egv1a1.BackendTrafficPolicy).Spec.TargetSelectors = append(ps[0].(*egv1a1.BackendTrafficPolicy).Spec.TargetSelectors,
		selector(KindGateway, nil, metav1.LabelSelectorRequirement{Key: "app", Operator: metav1.LabelSelectorOpIn, Values: []string{"x"}}))
	res := resolve(&BackendTrafficPolicyKind, objs, ps...)
	if n := len(res.Attachments); n != 3 {
		t.Errorf("%d attachments, want 3 (gw-b, gw-old, gw-new once each)", n)
	}
	checkStatuses(t, res, ps, map[string][]gwapiv1.PolicyAncestorStatus{
		"blue/p": {
			anc(KindGateway, "blue", "gw-b", "", accepted()),
			anc(KindGateway, "blue", "gw-old", "", accepted()),
			anc(KindGateway, "blue", "gw-new", "", accepted()),
		},
	})
}

func TestGrantsFrom(t *testing.T) {
	check := GrantsFrom([]*gwapiv1.ReferenceGrant{
		nil,
		btpGrant("to-ns", "from-ns", KindGateway, "named"),
		btpGrant("to-ns", "from-ns", KindHTTPRoute, ""),
	})
	tests := []struct {
		fromGroup, fromKind, fromNS, toKind, toNS, toName string
		want                                              bool
	}{
		{egv1a1.GroupName, "BackendTrafficPolicy", "from-ns", KindGateway, "to-ns", "named", true},
		{egv1a1.GroupName, "BackendTrafficPolicy", "from-ns", KindGateway, "to-ns", "other", false},
		{egv1a1.GroupName, "BackendTrafficPolicy", "from-ns", KindHTTPRoute, "to-ns", "any", true},
		{egv1a1.GroupName, "BackendTrafficPolicy", "from-ns", KindGRPCRoute, "to-ns", "any", false},
		{egv1a1.GroupName, "SecurityPolicy", "from-ns", KindHTTPRoute, "to-ns", "any", false},
		{"example.com", "BackendTrafficPolicy", "from-ns", KindHTTPRoute, "to-ns", "any", false},
		{egv1a1.GroupName, "BackendTrafficPolicy", "elsewhere", KindHTTPRoute, "to-ns", "any", false},
		{egv1a1.GroupName, "BackendTrafficPolicy", "from-ns", KindHTTPRoute, "from-ns", "any", false},
	}
	for _, tt := range tests {
		if got := check(tt.fromGroup, tt.fromKind, tt.fromNS, gwapiv1.GroupName, tt.toKind, tt.toNS, tt.toName); got != tt.want {
			t.Errorf("%+v: got %v", tt, got)
		}
	}
	if check(egv1a1.GroupName, "BackendTrafficPolicy", "from-ns", "example.com", KindHTTPRoute, "to-ns", "any") {
		t.Errorf("a grant to gateway.networking.k8s.io allowed example.com")
	}
}

// TopologyFrom attaches routes to the listeners their parentRefs select by
// sectionName and port, and ListenerSets to their Gateway.
func TestTopologyFrom(t *testing.T) {
	port81 := gwapiv1.PortNumber(81)
	byPort := pref("", "gw", "eg", "")
	byPort.Port = &port81
	lsOther := listenerSet("apps", "ls", "eg", "ls-a")
	ns := gwapiv1.Namespace("gw")
	lsOther.Spec.ParentRef.Namespace = &ns
	topo := TopologyFrom(Objects{
		Gateways:     []*gwapiv1.Gateway{gateway("gw", "eg", "http", "https"), gateway("gw", "eg", "dup"), nil},
		ListenerSets: []*gwapiv1.ListenerSet{lsOther, listenerSet("apps", "orphan", "nope", "x"), nil},
		HTTPRoutes: []*gwapiv1.HTTPRoute{httpRoute("apps", "r", []string{"", "named"},
			pref("", "gw", "eg", ""), pref("", "gw", "eg", "https"), byPort, pref(KindListenerSet, "", "ls", ""), pref("", "", "nope", ""))},
		GRPCRoutes: []*gwapiv1.GRPCRoute{grpcRoute("apps", "g", nil, pref("", "gw", "eg", "http"))},
		TLSRoutes:  []*gwapiv1.TLSRoute{{ObjectMeta: objMeta("apps", "tls")}},
		TCPRoutes:  []*gwapiv1.TCPRoute{{ObjectMeta: objMeta("apps", "tcp")}},
		UDPRoutes:  []*gwapiv1.UDPRoute{{ObjectMeta: objMeta("apps", "udp")}},
	})
	gw := topo.Gateway("gw", "eg")
	if gw == nil || len(gw.Listeners) != 2 {
		t.Fatalf("Gateway gw/eg = %+v, want the first one with 2 listeners", gw)
	}
	if ls := topo.ListenerSet("apps", "ls"); ls == nil || ls.Gateway != gw || len(gw.ListenerSets) != 1 || gw.ListenerSets[0] != ls {
		t.Errorf("ListenerSet apps/ls not attached to gw/eg")
	}
	if topo.ListenerSet("apps", "orphan") != nil {
		t.Errorf("a ListenerSet of a missing Gateway was kept")
	}
	r := topo.Route(KindHTTPRoute, "apps", "r")
	if r == nil {
		t.Fatal("no HTTPRoute apps/r")
	}
	if d := cmp.Diff([]string{"", "named"}, r.Rules); d != "" {
		t.Errorf("rules (-want +got):\n%s", d)
	}
	var got [][]string
	for _, p := range r.Parents {
		var names []string
		for _, l := range p.Listeners {
			n := l.Name
			if l.Set != nil {
				n = l.Set.Meta.Name + "/" + n
			}
			names = append(names, n)
		}
		got = append(got, names)
	}
	want := [][]string{{"http", "https"}, {"https"}, {"https"}, {"ls/ls-a"}, nil}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("listeners per parentRef (-want +got):\n%s", d)
	}
	if r.Parents[4].Gateway != nil {
		t.Errorf("a parentRef to a missing Gateway resolved")
	}
	for _, k := range []string{KindGRPCRoute + "/g", KindTLSRoute + "/tls", KindTCPRoute + "/tcp", KindUDPRoute + "/udp"} {
		kind, name, _ := strings.Cut(k, "/")
		if topo.Route(kind, "apps", name) == nil {
			t.Errorf("no %s", k)
		}
	}
}

// A parentRef of another API group is not a Gateway, whatever its kind:
// the route is not on eg, so its policy neither merges with nor overrides
// eg's.
func TestTopologyFromParentRefGroup(t *testing.T) {
	foreign := pref(KindGateway, "", "eg", "")
	g := gwapiv1.Group("example.com")
	foreign.Group = &g
	objs := Objects{
		Gateways:   []*gwapiv1.Gateway{gateway("gw", "eg", "http")},
		HTTPRoutes: []*gwapiv1.HTTPRoute{httpRoute("gw", "app", nil, foreign)},
	}
	if p := TopologyFrom(objs).Route(KindHTTPRoute, "gw", "app").Parents[0]; p.Gateway != nil || len(p.Listeners) != 0 {
		t.Errorf("parentRef of group example.com resolved to Gateway %v with listeners %v", p.Gateway != nil, p.Listeners)
	}
	ps := policies(btp("gw", "gateway", ref(KindGateway, "eg", "")), mergingBTP("gw", "route", ref(KindHTTPRoute, "app", "")))
	res := resolve(&BackendTrafficPolicyKind, objs, ps...)
	checkStatuses(t, res, ps, map[string][]gwapiv1.PolicyAncestorStatus{
		"gw/gateway": {anc(KindGateway, "gw", "eg", "", accepted())},
	})
}
