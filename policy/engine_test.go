package policy

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
	"sigs.k8s.io/yaml"

	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// This file holds the engine's rule tests and the builders every test file
// of the package shares.

const testController = "gateway.envoyproxy.io/gatewayclass-controller"

// baseTime is the creationTimestamp of objects built with created(0).
var baseTime = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// ignoreTime ignores what the engine never sets and EG's statuses leave out.
var ignoreTime = cmpopts.IgnoreFields(metav1.Condition{}, "LastTransitionTime")

func objMeta(ns, name string) metav1.ObjectMeta {
	return metav1.ObjectMeta{Namespace: ns, Name: name, CreationTimestamp: metav1.NewTime(baseTime)}
}

// gateway builds a Gateway whose listeners are on ports 80, 81, ...
func gateway(ns, name string, listeners ...string) *gwapiv1.Gateway {
	g := &gwapiv1.Gateway{ObjectMeta: objMeta(ns, name)}
	for i, l := range listeners {
		g.Spec.Listeners = append(g.Spec.Listeners, gwapiv1.Listener{Name: gwapiv1.SectionName(l), Port: gwapiv1.PortNumber(80 + i), Protocol: gwapiv1.HTTPProtocolType})
	}
	return g
}

// listenerSet builds a ListenerSet in ns attached to the Gateway ns/gw, with
// listeners on ports 8080, 8081, ...
func listenerSet(ns, name, gw string, listeners ...string) *gwapiv1.ListenerSet {
	s := &gwapiv1.ListenerSet{ObjectMeta: objMeta(ns, name)}
	s.Spec.ParentRef.Name = gwapiv1.ObjectName(gw)
	for i, l := range listeners {
		s.Spec.Listeners = append(s.Spec.Listeners, gwapiv1.ListenerEntry{Name: gwapiv1.SectionName(l), Port: gwapiv1.PortNumber(8080 + i), Protocol: gwapiv1.HTTPProtocolType})
	}
	return s
}

func sectionPtr(s string) *gwapiv1.SectionName {
	if s == "" {
		return nil
	}
	v := gwapiv1.SectionName(s)
	return &v
}

// pref is a parentRef: kind "" means Gateway (left unset), ns "" the
// route's namespace, section "" none.
func pref(kind, ns, name, section string) gwapiv1.ParentReference {
	r := gwapiv1.ParentReference{Name: gwapiv1.ObjectName(name), SectionName: sectionPtr(section)}
	if kind != "" {
		g := gwapiv1.Group(gwapiv1.GroupName)
		k := gwapiv1.Kind(kind)
		r.Group, r.Kind = &g, &k
	}
	if ns != "" {
		n := gwapiv1.Namespace(ns)
		r.Namespace = &n
	}
	return r
}

// httpRoute builds an HTTPRoute with one rule per entry of rules ("" for a
// rule without a name).
func httpRoute(ns, name string, rules []string, parents ...gwapiv1.ParentReference) *gwapiv1.HTTPRoute {
	r := &gwapiv1.HTTPRoute{ObjectMeta: objMeta(ns, name)}
	r.Spec.ParentRefs = parents
	for _, n := range rules {
		r.Spec.Rules = append(r.Spec.Rules, gwapiv1.HTTPRouteRule{Name: sectionPtr(n)})
	}
	return r
}

func grpcRoute(ns, name string, rules []string, parents ...gwapiv1.ParentReference) *gwapiv1.GRPCRoute {
	r := &gwapiv1.GRPCRoute{ObjectMeta: objMeta(ns, name)}
	r.Spec.ParentRefs = parents
	for _, n := range rules {
		r.Spec.Rules = append(r.Spec.Rules, gwapiv1.GRPCRouteRule{Name: sectionPtr(n)})
	}
	return r
}

// ref is a targetRef of group gateway.networking.k8s.io.
func ref(kind, name, section string) gwapiv1.LocalPolicyTargetReferenceWithSectionName {
	return gwapiv1.LocalPolicyTargetReferenceWithSectionName{
		LocalPolicyTargetReference: gwapiv1.LocalPolicyTargetReference{Group: gwapiv1.GroupName, Kind: gwapiv1.Kind(kind), Name: gwapiv1.ObjectName(name)},
		SectionName:                sectionPtr(section),
	}
}

func btp(ns, name string, refs ...gwapiv1.LocalPolicyTargetReferenceWithSectionName) *egv1a1.BackendTrafficPolicy {
	p := &egv1a1.BackendTrafficPolicy{ObjectMeta: objMeta(ns, name)}
	p.Spec.TargetRefs = refs
	return p
}

// mergingBTP is btp with mergeType StrategicMerge.
func mergingBTP(ns, name string, refs ...gwapiv1.LocalPolicyTargetReferenceWithSectionName) *egv1a1.BackendTrafficPolicy {
	p := btp(ns, name, refs...)
	mt := egv1a1.MergeTypeStrategicMerge
	p.Spec.MergeType = &mt
	return p
}

func sp(ns, name string, refs ...gwapiv1.LocalPolicyTargetReferenceWithSectionName) *egv1a1.SecurityPolicy {
	p := &egv1a1.SecurityPolicy{ObjectMeta: objMeta(ns, name)}
	p.Spec.TargetRefs = refs
	return p
}

func ctp(ns, name string, refs ...gwapiv1.LocalPolicyTargetReferenceWithSectionName) *egv1a1.ClientTrafficPolicy {
	p := &egv1a1.ClientTrafficPolicy{ObjectMeta: objMeta(ns, name)}
	p.Spec.TargetRefs = refs
	return p
}

// Expected conditions.

func cond(typ string, status metav1.ConditionStatus, reason, message string) metav1.Condition {
	return metav1.Condition{Type: typ, Status: status, Reason: reason, Message: message}
}

func accepted() metav1.Condition {
	return cond("Accepted", metav1.ConditionTrue, "Accepted", MessageAccepted)
}

func conflicted(msg string) metav1.Condition {
	return cond("Accepted", metav1.ConditionFalse, "Conflicted", msg)
}

func notFound(msg string) metav1.Condition {
	return cond("Accepted", metav1.ConditionFalse, "TargetNotFound", msg)
}

func invalid(msg string) metav1.Condition {
	return cond("Accepted", metav1.ConditionFalse, "Invalid", msg)
}

func overridden(msg string) metav1.Condition {
	return cond("Overridden", metav1.ConditionTrue, "Overridden", msg)
}

func merged(msg string) metav1.Condition {
	return cond("Merged", metav1.ConditionTrue, "Merged", msg)
}

func deprecatedTargetRef() metav1.Condition {
	return cond("Warning", metav1.ConditionTrue, "DeprecatedField", "spec.targetRef is deprecated, use spec.targetRefs instead")
}

func aggregated() metav1.Condition {
	return cond("Aggregated", metav1.ConditionTrue, "Aggregated", MessageAggregated)
}

// anc is an expected ancestor entry written by testController.
func anc(kind, ns, name, section string, conds ...metav1.Condition) gwapiv1.PolicyAncestorStatus {
	return gwapiv1.PolicyAncestorStatus{AncestorRef: AncestorRef(kind, ns, name, section), ControllerName: testController, Conditions: conds}
}

// resolve builds the topology from objs, resolves policies of kind k in the
// order given and finishes.
func resolve(k *Kind, objs Objects, policies ...Policy) *Resolution {
	res := Resolve(k, policies, TopologyFrom(objs), testController)
	res.Finish()
	return res
}

// statuses maps every policy given to the ancestors of its status
// ("namespace/name" keys; policies without a status map to nil).
func statuses(res *Resolution, policies []Policy) map[string][]gwapiv1.PolicyAncestorStatus {
	out := map[string][]gwapiv1.PolicyAncestorStatus{}
	for _, p := range policies {
		out[p.GetNamespace()+"/"+p.GetName()] = nil
	}
	for _, rp := range res.Policies {
		out[rp.Policy.GetNamespace()+"/"+rp.Policy.GetName()] = rp.Status.Ancestors
	}
	return out
}

// checkStatuses compares the statuses of every policy given with want
// (policies missing from want must have no status).
func checkStatuses(t *testing.T, res *Resolution, policies []Policy, want map[string][]gwapiv1.PolicyAncestorStatus) {
	t.Helper()
	got := statuses(res, policies)
	for _, p := range policies {
		k := p.GetNamespace() + "/" + p.GetName()
		if _, ok := want[k]; !ok {
			want[k] = nil
		}
	}
	if d := cmp.Diff(want, got, ignoreTime, cmpopts.EquateEmpty()); d != "" {
		t.Errorf("statuses (-want +got):\n%s", d)
	}
}

func policies(ps ...Policy) []Policy { return ps }

// effectiveName names the policy of an attachment, "" for none.
func effectiveName(a *Attachment) string {
	if a == nil {
		return ""
	}
	return a.Policy.Policy.GetName()
}

// precedenceObjects: Gateway gw/eg (http, https), ListenerSet gw/ls on it
// (ls-a, ls-b), HTTPRoute gw/app (rules rule-a, rule-b) on eg (all
// listeners) and on ls/ls-a.
func precedenceObjects() Objects {
	return Objects{
		Gateways:     []*gwapiv1.Gateway{gateway("gw", "eg", "http", "https")},
		ListenerSets: []*gwapiv1.ListenerSet{listenerSet("gw", "ls", "eg", "ls-a", "ls-b")},
		HTTPRoutes: []*gwapiv1.HTTPRoute{httpRoute("gw", "app", []string{"rule-a", "rule-b"},
			pref("", "", "eg", ""), pref(KindListenerSet, "", "ls", "ls-a"))},
	}
}

func TestResolvePrecedence(t *testing.T) {
	all := map[string]Policy{
		"gateway":     btp("gw", "gateway", ref(KindGateway, "eg", "")),
		"listener":    btp("gw", "listener", ref(KindGateway, "eg", "http")),
		"set":         btp("gw", "set", ref(KindListenerSet, "ls", "")),
		"setlistener": btp("gw", "setlistener", ref(KindListenerSet, "ls", "ls-a")),
		"route":       btp("gw", "route", ref(KindHTTPRoute, "app", "")),
		"rule":        btp("gw", "rule", ref(KindHTTPRoute, "app", "rule-a")),
	}
	type want struct {
		http, https, lsA, lsB string // ParentOf each listener
		ruleA, ruleB, route   string // OnRoute
	}
	tests := []struct {
		name     string
		policies []string
		want     want
	}{
		{"gateway only", []string{"gateway"}, want{http: "gateway", https: "gateway", lsA: "gateway", lsB: "gateway"}},
		{"listener beats gateway", []string{"gateway", "listener"}, want{http: "listener", https: "gateway", lsA: "gateway", lsB: "gateway"}},
		{"ListenerSet beats gateway", []string{"gateway", "set"}, want{http: "gateway", https: "gateway", lsA: "set", lsB: "set"}},
		{"ListenerSet listener beats ListenerSet", []string{"gateway", "set", "setlistener"}, want{http: "gateway", https: "gateway", lsA: "setlistener", lsB: "set"}},
		{"ListenerSet listener beats gateway", []string{"gateway", "setlistener"}, want{http: "gateway", https: "gateway", lsA: "setlistener", lsB: "gateway"}},
		{"gateway listener does not reach ListenerSet", []string{"listener"}, want{http: "listener"}},
		{"route", []string{"gateway", "route"}, want{http: "gateway", https: "gateway", lsA: "gateway", lsB: "gateway", ruleA: "route", ruleB: "route", route: "route"}},
		{"rule beats route", []string{"route", "rule"}, want{ruleA: "rule", ruleB: "route", route: "route"}},
		{"rule alone", []string{"rule"}, want{ruleA: "rule"}},
		{"everything", []string{"gateway", "listener", "set", "setlistener", "route", "rule"},
			want{http: "listener", https: "gateway", lsA: "setlistener", lsB: "set", ruleA: "rule", ruleB: "route", route: "route"}},
	}
	for _, tt := range tests {
		for _, reversed := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/reversed=%v", tt.name, reversed), func(t *testing.T) {
				var ps []Policy
				for _, n := range tt.policies {
					ps = append(ps, all[n])
				}
				if reversed {
					slices.Reverse(ps)
				}
				res := resolve(&BackendTrafficPolicyKind, precedenceObjects(), ps...)
				gw := res.Topology.Gateway("gw", "eg")
				ls := res.Topology.ListenerSet("gw", "ls")
				got := want{
					http:  effectiveName(res.ParentOf(Listener{Gateway: gw, Name: "http"})),
					https: effectiveName(res.ParentOf(Listener{Gateway: gw, Name: "https"})),
					lsA:   effectiveName(res.ParentOf(Listener{Gateway: gw, Set: ls, Name: "ls-a"})),
					lsB:   effectiveName(res.ParentOf(Listener{Gateway: gw, Set: ls, Name: "ls-b"})),
					ruleA: effectiveName(res.OnRoute(KindHTTPRoute, "gw", "app", "rule-a")),
					ruleB: effectiveName(res.OnRoute(KindHTTPRoute, "gw", "app", "rule-b")),
					route: effectiveName(res.OnRoute(KindHTTPRoute, "gw", "app", "")),
				}
				if got != tt.want {
					t.Errorf("effective policies = %+v, want %+v", got, tt.want)
				}
				// Attachments come most specific scope first.
				for i := 1; i < len(res.Attachments); i++ {
					if res.Attachments[i-1].Scope > res.Attachments[i].Scope {
						t.Errorf("attachment %d (%v) comes after %v", i, res.Attachments[i].Scope, res.Attachments[i-1].Scope)
					}
				}
				// Every policy has exactly one attachment and it took.
				for _, rp := range res.Policies {
					if len(rp.Attachments) != 1 || rp.Attachments[0].Failed {
						t.Errorf("%s: attachments %+v, want one that took", rp.Policy.GetName(), rp.Attachments)
					}
				}
			})
		}
	}
}

func TestResolveScopeOfAttachment(t *testing.T) {
	ps := policies(
		btp("gw", "gateway", ref(KindGateway, "eg", "")),
		btp("gw", "listener", ref(KindGateway, "eg", "http")),
		btp("gw", "set", ref(KindListenerSet, "ls", "")),
		btp("gw", "setlistener", ref(KindListenerSet, "ls", "ls-a")),
		btp("gw", "route", ref(KindHTTPRoute, "app", "")),
		btp("gw", "rule", ref(KindHTTPRoute, "app", "rule-a")),
	)
	res := resolve(&BackendTrafficPolicyKind, precedenceObjects(), ps...)
	got := map[string]Scope{}
	for _, a := range res.Attachments {
		got[a.Policy.Policy.GetName()] = a.Scope
	}
	want := map[string]Scope{
		"gateway": ScopeGateway, "listener": ScopeListener, "set": ScopeListenerSet,
		"setlistener": ScopeListener, "route": ScopeRoute, "rule": ScopeRouteRule,
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("scopes (-want +got):\n%s", d)
	}
	var order []string
	for _, a := range res.Attachments {
		order = append(order, a.Policy.Policy.GetName())
	}
	if d := cmp.Diff([]string{"rule", "route", "listener", "setlistener", "set", "gateway"}, order); d != "" {
		t.Errorf("attachment order (-want +got):\n%s", d)
	}
}

func TestResolveConflicts(t *testing.T) {
	objs := Objects{
		Gateways:     []*gwapiv1.Gateway{gateway("gw", "eg", "http", "https")},
		ListenerSets: []*gwapiv1.ListenerSet{listenerSet("gw", "ls", "eg", "ls-a")},
		HTTPRoutes:   []*gwapiv1.HTTPRoute{httpRoute("gw", "app", []string{"rule-a"}, pref("", "", "eg", "http"))},
		GRPCRoutes:   []*gwapiv1.GRPCRoute{grpcRoute("gw", "rpc", []string{"rule-g"}, pref("", "", "eg", ""))},
	}
	type newPolicy func(ns, name string, refs ...gwapiv1.LocalPolicyTargetReferenceWithSectionName) Policy
	newBTP := func(ns, name string, refs ...gwapiv1.LocalPolicyTargetReferenceWithSectionName) Policy {
		return btp(ns, name, refs...)
	}
	newSP := func(ns, name string, refs ...gwapiv1.LocalPolicyTargetReferenceWithSectionName) Policy {
		return sp(ns, name, refs...)
	}
	newCTP := func(ns, name string, refs ...gwapiv1.LocalPolicyTargetReferenceWithSectionName) Policy {
		return ctp(ns, name, refs...)
	}
	tests := []struct {
		name     string
		kind     *Kind
		policy   newPolicy
		target   gwapiv1.LocalPolicyTargetReferenceWithSectionName
		ancestor gwapiv1.PolicyAncestorStatus // without conditions
		message  string
	}{
		{"Gateway", &BackendTrafficPolicyKind, newBTP, ref(KindGateway, "eg", ""), anc(KindGateway, "gw", "eg", ""),
			"Unable to target Gateway eg, another BackendTrafficPolicy has already attached to it"},
		{"listener", &BackendTrafficPolicyKind, newBTP, ref(KindGateway, "eg", "http"), anc(KindGateway, "gw", "eg", "http"),
			"Unable to target Listener gw/eg/http, another BackendTrafficPolicy has already attached to it"},
		{"ListenerSet", &BackendTrafficPolicyKind, newBTP, ref(KindListenerSet, "ls", ""), anc(KindListenerSet, "gw", "ls", ""),
			"Unable to target ListenerSet ls, another BackendTrafficPolicy has already attached to it"},
		{"ListenerSet listener", &BackendTrafficPolicyKind, newBTP, ref(KindListenerSet, "ls", "ls-a"), anc(KindListenerSet, "gw", "ls", "ls-a"),
			"Unable to target Listener ls/ls-a, another BackendTrafficPolicy has already attached to it"},
		{"HTTPRoute", &BackendTrafficPolicyKind, newBTP, ref(KindHTTPRoute, "app", ""), anc(KindGateway, "gw", "eg", "http"),
			"Unable to target HTTPRoute app, another BackendTrafficPolicy has already attached to it"},
		{"GRPCRoute", &BackendTrafficPolicyKind, newBTP, ref(KindGRPCRoute, "rpc", ""), anc(KindGateway, "gw", "eg", ""),
			"Unable to target GRPCRoute rpc, another BackendTrafficPolicy has already attached to it"},
		{"route rule", &BackendTrafficPolicyKind, newBTP, ref(KindHTTPRoute, "app", "rule-a"), anc(KindGateway, "gw", "eg", "http"),
			"Unable to target RouteRule app/rule-a, another BackendTrafficPolicy has already attached to it"},
		{"SecurityPolicy route", &SecurityPolicyKind, newSP, ref(KindHTTPRoute, "app", ""), anc(KindGateway, "gw", "eg", "http"),
			"Unable to target HTTPRoute app, another SecurityPolicy has already attached to it"},
		{"SecurityPolicy route rule", &SecurityPolicyKind, newSP, ref(KindGRPCRoute, "rpc", "rule-g"), anc(KindGateway, "gw", "eg", ""),
			"Unable to target RouteRule rpc/rule-g, another SecurityPolicy has already attached to it"},
		{"ClientTrafficPolicy Gateway", &ClientTrafficPolicyKind, newCTP, ref(KindGateway, "eg", ""), anc(KindGateway, "gw", "eg", ""),
			"Unable to target Gateway eg, another ClientTrafficPolicy has already attached to it"},
		{"ClientTrafficPolicy listener", &ClientTrafficPolicyKind, newCTP, ref(KindGateway, "eg", "https"), anc(KindGateway, "gw", "eg", "https"),
			"Unable to target section of eg, another ClientTrafficPolicy has already attached to it"},
		{"ClientTrafficPolicy ListenerSet", &ClientTrafficPolicyKind, newCTP, ref(KindListenerSet, "ls", ""), anc(KindListenerSet, "gw", "ls", ""),
			"Unable to target ListenerSet ls, another ClientTrafficPolicy has already attached to it"},
		{"ClientTrafficPolicy ListenerSet listener", &ClientTrafficPolicyKind, newCTP, ref(KindListenerSet, "ls", "ls-a"), anc(KindListenerSet, "gw", "ls", "ls-a"),
			"Unable to target section of ls, another ClientTrafficPolicy has already attached to it"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// The first policy in the given order wins, whatever the names.
			for _, order := range [][2]string{{"first", "second"}, {"second", "first"}} {
				winner := tt.policy("gw", order[0], tt.target)
				loser := tt.policy("gw", order[1], tt.target)
				ps := policies(winner, loser)
				res := resolve(tt.kind, objs, ps...)
				won, lost := tt.ancestor, tt.ancestor
				won.Conditions = []metav1.Condition{accepted()}
				lost.Conditions = []metav1.Condition{conflicted(tt.message)}
				checkStatuses(t, res, ps, map[string][]gwapiv1.PolicyAncestorStatus{
					"gw/" + order[0]: {won},
					"gw/" + order[1]: {lost},
				})
				for _, rp := range res.Policies {
					a := rp.Attachments[0]
					wantFailed := rp.Policy.GetName() == order[1]
					if a.Failed != wantFailed || (wantFailed && (a.Reason != "Conflicted" || a.Message != tt.message)) {
						t.Errorf("%s: Failed=%v Reason=%q Message=%q", rp.Policy.GetName(), a.Failed, a.Reason, a.Message)
					}
				}
			}
		})
	}
}

// A policy that loses one target but takes another under the same ancestor
// stays Conflicted there: Accepted is only set where no Accepted condition
// is.
func TestResolveConflictIsNotOverwrittenByAccepted(t *testing.T) {
	objs := Objects{
		Gateways: []*gwapiv1.Gateway{gateway("gw", "eg", "http")},
		HTTPRoutes: []*gwapiv1.HTTPRoute{
			httpRoute("gw", "a", nil, pref("", "", "eg", "")),
			httpRoute("gw", "b", nil, pref("", "", "eg", "")),
		},
	}
	ps := policies(
		btp("gw", "first", ref(KindHTTPRoute, "a", "")),
		btp("gw", "second", ref(KindHTTPRoute, "a", ""), ref(KindHTTPRoute, "b", "")),
	)
	res := resolve(&BackendTrafficPolicyKind, objs, ps...)
	checkStatuses(t, res, ps, map[string][]gwapiv1.PolicyAncestorStatus{
		"gw/first":  {anc(KindGateway, "gw", "eg", "", accepted())},
		"gw/second": {anc(KindGateway, "gw", "eg", "", conflicted("Unable to target HTTPRoute a, another BackendTrafficPolicy has already attached to it"))},
	})
	if got := effectiveName(res.OnRoute(KindHTTPRoute, "gw", "b", "")); got != "second" {
		t.Errorf("route b: effective %q, want second", got)
	}
}

func TestResolveTargetNotFound(t *testing.T) {
	objs := Objects{
		Gateways:     []*gwapiv1.Gateway{gateway("gw", "eg", "http")},
		ListenerSets: []*gwapiv1.ListenerSet{listenerSet("gw", "ls", "eg", "ls-a")},
		HTTPRoutes:   []*gwapiv1.HTTPRoute{httpRoute("apps", "app", []string{"rule-a", ""}, pref("", "gw", "eg", "http"))},
		GRPCRoutes:   []*gwapiv1.GRPCRoute{grpcRoute("apps", "rpc", nil, pref(KindListenerSet, "gw", "ls", ""))},
	}
	tests := []struct {
		name   string
		kind   *Kind
		policy Policy
		want   gwapiv1.PolicyAncestorStatus
	}{
		{"Gateway listener", &BackendTrafficPolicyKind, btp("gw", "p", ref(KindGateway, "eg", "nope")),
			anc(KindGateway, "gw", "eg", "nope", notFound("No section name nope found for Gateway gw/eg"))},
		{"ListenerSet listener", &BackendTrafficPolicyKind, btp("gw", "p", ref(KindListenerSet, "ls", "http")),
			anc(KindListenerSet, "gw", "ls", "http", notFound("No section name http found for ListenerSet gw/ls"))},
		{"HTTPRoute rule", &BackendTrafficPolicyKind, btp("apps", "p", ref(KindHTTPRoute, "app", "rule-b")),
			anc(KindGateway, "gw", "eg", "http", notFound("No section name rule-b found for HTTPRoute apps/app"))},
		{"GRPCRoute rule", &SecurityPolicyKind, sp("apps", "p", ref(KindGRPCRoute, "rpc", "x")),
			anc(KindListenerSet, "gw", "ls", "", notFound("No section name x found for GRPCRoute apps/rpc"))},
		{"ClientTrafficPolicy listener", &ClientTrafficPolicyKind, ctp("gw", "p", ref(KindGateway, "eg", "https")),
			anc(KindGateway, "gw", "eg", "https", notFound("No section name https found for Gateway gw/eg"))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := policies(tt.policy)
			res := resolve(tt.kind, objs, ps...)
			checkStatuses(t, res, ps, map[string][]gwapiv1.PolicyAncestorStatus{
				tt.policy.GetNamespace() + "/p": {tt.want},
			})
			if n := len(res.Policies); n != 1 || len(res.Policies[0].Attachments) != 1 || !res.Policies[0].Attachments[0].Failed {
				t.Fatalf("want one failed attachment, got %d policies", n)
			}
			if a := res.Policies[0].Attachments[0]; a.Reason != "TargetNotFound" {
				t.Errorf("Reason = %q, want TargetNotFound", a.Reason)
			}
		})
	}
}

func TestResolveMissingTargetHasNoStatus(t *testing.T) {
	objs := Objects{
		Gateways:     []*gwapiv1.Gateway{gateway("gw", "eg", "http")},
		ListenerSets: []*gwapiv1.ListenerSet{listenerSet("gw", "ls", "eg", "ls-a")},
		HTTPRoutes:   []*gwapiv1.HTTPRoute{httpRoute("gw", "app", []string{"rule-a"}, pref("", "", "eg", ""))},
	}
	other := ref(KindGateway, "eg", "")
	other.Group = "example.com"
	ps := policies(
		btp("gw", "no-gateway", ref(KindGateway, "nope", "")),
		btp("gw", "no-gateway-listener", ref(KindGateway, "nope", "http")),
		btp("gw", "no-listenerset", ref(KindListenerSet, "nope", "")),
		btp("gw", "no-route", ref(KindHTTPRoute, "nope", "")),
		btp("gw", "no-route-rule", ref(KindHTTPRoute, "nope", "rule-a")),
		btp("gw", "wrong-route-kind", ref(KindGRPCRoute, "app", "")),
		btp("other", "wrong-namespace", ref(KindGateway, "eg", "")),
		btp("gw", "other-group", other),
		btp("gw", "other-kind", ref("Service", "eg", "")),
	)
	res := resolve(&BackendTrafficPolicyKind, objs, ps...)
	checkStatuses(t, res, ps, map[string][]gwapiv1.PolicyAncestorStatus{})
	if len(res.Attachments) != 0 {
		t.Errorf("got %d attachments, want none", len(res.Attachments))
	}
	for _, rp := range res.Policies {
		switch rp.Policy.GetName() {
		case "other-group", "other-kind":
			t.Errorf("%s targets nothing the kind may target but is listed", rp.Policy.GetName())
		}
	}

	// A nil policy is skipped.
	res = Resolve(&BackendTrafficPolicyKind, []Policy{nil, btp("gw", "p", ref(KindGateway, "eg", ""))}, TopologyFrom(objs), testController)
	res.Finish()
	if len(res.Policies) != 1 {
		t.Errorf("got %d policies, want 1", len(res.Policies))
	}

	// ClientTrafficPolicy may not target routes: ignored, not listed.
	res = resolve(&ClientTrafficPolicyKind, objs, ctp("gw", "route", ref(KindHTTPRoute, "app", "")))
	if len(res.Policies) != 0 {
		t.Errorf("ClientTrafficPolicy on a route: %d policies listed, want 0", len(res.Policies))
	}
}

func TestResolveRouteAncestors(t *testing.T) {
	objs := Objects{
		Gateways: []*gwapiv1.Gateway{gateway("gw", "one", "http"), gateway("gw", "two", "http", "https"), gateway("apps", "local", "http")},
		ListenerSets: []*gwapiv1.ListenerSet{
			listenerSet("gw", "ls", "two", "ls-a"),
		},
		HTTPRoutes: []*gwapiv1.HTTPRoute{httpRoute("apps", "app", nil,
			pref("", "gw", "one", ""),
			pref(KindGateway, "gw", "two", "https"),
			pref("", "gw", "two", "https"), // the same ancestor again
			pref("", "gw", "foreign", ""),  // not ours: no ancestor
			pref(KindListenerSet, "gw", "ls", "ls-a"),
			pref(KindListenerSet, "gw", "missing", ""),
			pref("", "", "local", ""), // the route's namespace
		)},
	}
	ps := policies(btp("apps", "p", ref(KindHTTPRoute, "app", "")))
	res := resolve(&BackendTrafficPolicyKind, objs, ps...)
	checkStatuses(t, res, ps, map[string][]gwapiv1.PolicyAncestorStatus{
		"apps/p": {
			anc(KindGateway, "gw", "one", "", accepted()),
			anc(KindGateway, "gw", "two", "https", accepted()),
			anc(KindListenerSet, "gw", "ls", "ls-a", accepted()),
			anc(KindGateway, "apps", "local", "", accepted()),
		},
	})
}

// A route attached to two Gateways gets an ancestor for each, and merges
// with the policy of each Gateway separately.
func TestResolveRouteOnTwoGateways(t *testing.T) {
	objs := Objects{
		Gateways:   []*gwapiv1.Gateway{gateway("gw", "one", "http"), gateway("gw", "two", "http")},
		HTTPRoutes: []*gwapiv1.HTTPRoute{httpRoute("apps", "app", nil, pref("", "gw", "one", "http"), pref("", "gw", "two", "http"))},
	}
	ps := policies(
		btp("gw", "one-policy", ref(KindGateway, "one", "")),
		mergingBTP("apps", "route", ref(KindHTTPRoute, "app", "")),
	)
	res := resolve(&BackendTrafficPolicyKind, objs, ps...)
	checkStatuses(t, res, ps, map[string][]gwapiv1.PolicyAncestorStatus{
		"apps/route": {
			anc(KindGateway, "gw", "one", "http", merged("Merged with policy gw/one-policy"), accepted()),
			anc(KindGateway, "gw", "two", "http", accepted()),
		},
		"gw/one-policy": {
			anc(KindGateway, "gw", "one", "", accepted(), merged("This policy is being merged by other backendTrafficPolicies for these routes: [apps/app]")),
		},
	})

	ps = append(ps, btp("gw", "two-policy", ref(KindGateway, "two", "")))
	res = resolve(&BackendTrafficPolicyKind, objs, ps...)
	checkStatuses(t, res, ps, map[string][]gwapiv1.PolicyAncestorStatus{
		"apps/route": {
			anc(KindGateway, "gw", "one", "http", merged("Merged with policy gw/one-policy"), accepted()),
			anc(KindGateway, "gw", "two", "http", merged("Merged with policy gw/two-policy"), accepted()),
		},
		"gw/one-policy": {
			anc(KindGateway, "gw", "one", "", accepted(), merged("This policy is being merged by other backendTrafficPolicies for these routes: [apps/app]")),
		},
		"gw/two-policy": {
			anc(KindGateway, "gw", "two", "", accepted(), merged("This policy is being merged by other backendTrafficPolicies for these routes: [apps/app]")),
		},
	})
	a := res.OnRoute(KindHTTPRoute, "apps", "app", "")
	var parents []string
	for _, m := range a.Merges {
		parents = append(parents, m.Listener.Gateway.Meta.Name+"/"+m.Listener.Name+"<-"+effectiveName(m.Parent))
	}
	if d := cmp.Diff([]string{"one/http<-one-policy", "two/http<-two-policy"}, parents); d != "" {
		t.Errorf("merge plans (-want +got):\n%s", d)
	}
}

func TestResolveObservedGeneration(t *testing.T) {
	objs := Objects{Gateways: []*gwapiv1.Gateway{gateway("gw", "eg", "http")}}
	p1 := btp("gw", "first", ref(KindGateway, "eg", ""))
	p1.Generation = 7
	p2 := btp("gw", "second", ref(KindGateway, "eg", ""))
	p2.Generation = 3
	res := resolve(&BackendTrafficPolicyKind, objs, p1, p2)
	for _, rp := range res.Policies {
		for _, a := range rp.Status.Ancestors {
			for _, c := range a.Conditions {
				if c.ObservedGeneration != rp.Policy.GetGeneration() {
					t.Errorf("%s: %s has observedGeneration %d, want %d", rp.Policy.GetName(), c.Type, c.ObservedGeneration, rp.Policy.GetGeneration())
				}
			}
		}
	}
}

func TestFinishIsIdempotent(t *testing.T) {
	objs := precedenceObjects()
	ps := policies(
		btp("gw", "gateway", ref(KindGateway, "eg", "")),
		mergingBTP("gw", "route", ref(KindHTTPRoute, "app", "")),
		btp("gw", "rule", ref(KindHTTPRoute, "app", "rule-a")),
	)
	res := resolve(&BackendTrafficPolicyKind, objs, ps...)
	before := statuses(res, ps)
	res.Finish()
	if d := cmp.Diff(before, statuses(res, ps)); d != "" {
		t.Errorf("a second Finish changed statuses (-first +second):\n%s", d)
	}
}

// A vendor's own policy kind goes through the same engine.
type retryPolicy struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              retryPolicySpec `json:"spec"`
}

type retryPolicySpec struct {
	egv1a1.PolicyTargetReferences `json:",inline"`
	Attempts                      *int `json:"attempts,omitempty"`
}

func (p *retryPolicy) PolicyTargets() egv1a1.PolicyTargetReferences {
	return p.Spec.PolicyTargetReferences
}

var retryPolicyKind = Kind{
	Group: "example.com", Name: "RetryPolicy", Plural: "retryPolicies",
	TargetKinds: []string{KindGateway, KindHTTPRoute},
}

func TestResolveVendorKind(t *testing.T) {
	objs := Objects{
		Gateways:   []*gwapiv1.Gateway{gateway("gw", "eg", "http")},
		HTTPRoutes: []*gwapiv1.HTTPRoute{httpRoute("gw", "app", []string{"r"}, pref("", "", "eg", ""))},
	}
	newRP := func(name string, refs ...gwapiv1.LocalPolicyTargetReferenceWithSectionName) *retryPolicy {
		p := &retryPolicy{ObjectMeta: objMeta("gw", name)}
		p.Spec.TargetRefs = refs
		return p
	}
	ps := policies(
		newRP("gateway", ref(KindGateway, "eg", "")),
		newRP("route", ref(KindHTTPRoute, "app", "")),
		newRP("route-again", ref(KindHTTPRoute, "app", "")),
		newRP("listenerset", ref(KindListenerSet, "ls", "")), // a kind it may not target
	)
	res := resolve(&retryPolicyKind, objs, ps...)
	checkStatuses(t, res, ps, map[string][]gwapiv1.PolicyAncestorStatus{
		"gw/gateway": {anc(KindGateway, "gw", "eg", "", accepted(),
			overridden("This policy is being overridden by other retryPolicies for these routes: [gw/app]"))},
		"gw/route":       {anc(KindGateway, "gw", "eg", "", accepted())},
		"gw/route-again": {anc(KindGateway, "gw", "eg", "", conflicted("Unable to target HTTPRoute app, another RetryPolicy has already attached to it"))},
	})
}

func TestScopeString(t *testing.T) {
	for s, want := range map[Scope]string{
		ScopeRouteRule: "RouteRule", ScopeRoute: "Route", ScopeListener: "Listener",
		ScopeListenerSet: "ListenerSet", ScopeGateway: "Gateway", Scope(9): "Scope(9)", Scope(-1): "Scope(-1)",
	} {
		if got := s.String(); got != want {
			t.Errorf("Scope(%d).String() = %q, want %q", int(s), got, want)
		}
	}
}

func TestSortPolicies(t *testing.T) {
	at := func(p *egv1a1.BackendTrafficPolicy, age int) Policy {
		p.CreationTimestamp = metav1.NewTime(baseTime.Add(time.Duration(age) * time.Second))
		return p
	}
	list := policies(
		at(btp("b", "x"), 10),
		at(btp("a", "z"), 10),
		at(btp("a", "y"), 10),
		at(btp("z", "old"), 1),
		at(btp("a", "new"), 20),
	)
	SortPolicies(list)
	var got []string
	for _, p := range list {
		got = append(got, p.GetNamespace()+"/"+p.GetName())
	}
	if d := cmp.Diff([]string{"z/old", "a/y", "a/z", "b/x", "a/new"}, got); d != "" {
		t.Errorf("order (-want +got):\n%s", d)
	}
}

// corpusBundle is the part of a conformance corpus case (cases/*.in.yaml
// and *.out.yaml) that package policy reads.
type corpusBundle struct {
	Gateways               []*gwapiv1.Gateway             `json:"gateways"`
	ListenerSets           []*gwapiv1.ListenerSet         `json:"listenerSets"`
	HTTPRoutes             []*gwapiv1.HTTPRoute           `json:"httpRoutes"`
	GRPCRoutes             []*gwapiv1.GRPCRoute           `json:"grpcRoutes"`
	TLSRoutes              []*gwapiv1.TLSRoute            `json:"tlsRoutes"`
	TCPRoutes              []*gwapiv1.TCPRoute            `json:"tcpRoutes"`
	UDPRoutes              []*gwapiv1.UDPRoute            `json:"udpRoutes"`
	ReferenceGrants        []*gwapiv1.ReferenceGrant      `json:"referenceGrants"`
	Namespaces             []*corev1.Namespace            `json:"namespaces"`
	ClientTrafficPolicies  []*egv1a1.ClientTrafficPolicy  `json:"clientTrafficPolicies"`
	BackendTrafficPolicies []*egv1a1.BackendTrafficPolicy `json:"backendTrafficPolicies"`
	SecurityPolicies       []*egv1a1.SecurityPolicy       `json:"securityPolicies"`
	EnvoyExtensionPolicies []*egv1a1.EnvoyExtensionPolicy `json:"envoyExtensionPolicies"`
}

// TestCorpusPolicyStatuses resolves every policy of every conformance case
// (in file order, as the corpus asks) over TopologyFrom and compares the
// statuses with Envoy Gateway's, condition by condition with messages. What
// only a translator knows is left out: a kind whose statuses carry Invalid
// anywhere in the case (feature validation, failed merges), and
// deprecation warnings other than spec.targetRef's.
func TestCorpusPolicyStatuses(t *testing.T) {
	dir := os.Getenv("GATEWAYKIT_CORPUS")
	if dir == "" {
		dir = "../../shared/conformance"
	}
	files, _ := filepath.Glob(filepath.Join(dir, "cases", "*.in.yaml"))
	if len(files) == 0 {
		t.Skipf("no conformance corpus in %s", dir)
	}
	compared := 0
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".in.yaml")
		var in, out corpusBundle
		for path, into := range map[string]*corpusBundle{f: &in, strings.TrimSuffix(f, ".in.yaml") + ".out.yaml": &out} {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := yaml.Unmarshal(data, into); err != nil {
				t.Fatalf("%s: %v", path, err)
			}
		}
		objs := Objects{
			ListenerSets: in.ListenerSets, HTTPRoutes: in.HTTPRoutes, GRPCRoutes: in.GRPCRoutes, TLSRoutes: in.TLSRoutes,
			TCPRoutes: in.TCPRoutes, UDPRoutes: in.UDPRoutes, ReferenceGrants: in.ReferenceGrants,
			NamespaceLabels: map[string]map[string]string{},
		}
		for _, g := range in.Gateways {
			if g.Spec.GatewayClassName == "envoy-gateway-class" {
				objs.Gateways = append(objs.Gateways, g)
			}
		}
		for _, n := range in.Namespaces {
			objs.NamespaceLabels[n.Name] = n.Labels
		}
		topo := TopologyFrom(objs)

		kinds := []struct {
			kind    *Kind
			in, out []Policy
		}{
			{&ClientTrafficPolicyKind, asPolicies(in.ClientTrafficPolicies), asPolicies(out.ClientTrafficPolicies)},
			{&BackendTrafficPolicyKind, asPolicies(in.BackendTrafficPolicies), asPolicies(out.BackendTrafficPolicies)},
			{&SecurityPolicyKind, asPolicies(in.SecurityPolicies), asPolicies(out.SecurityPolicies)},
			{&EnvoyExtensionPolicyKind, asPolicies(in.EnvoyExtensionPolicies), asPolicies(out.EnvoyExtensionPolicies)},
		}
		for _, k := range kinds {
			want := map[string][]gwapiv1.PolicyAncestorStatus{}
			skip := false
			for _, p := range k.out {
				st := policyStatus(p)
				for _, a := range st.Ancestors {
					for _, c := range a.Conditions {
						skip = skip || c.Reason == string(gwapiv1.PolicyReasonInvalid)
					}
				}
				want[p.GetNamespace()+"/"+p.GetName()] = engineConditions(st.Ancestors)
			}
			if skip || len(want) == 0 {
				continue
			}
			res := Resolve(k.kind, k.in, topo, testController)
			res.Finish()
			got := statuses(res, k.out)
			for key, ancestors := range got {
				got[key] = engineConditions(ancestors)
			}
			if d := cmp.Diff(want, got, ignoreTime, cmpopts.EquateEmpty(),
				cmpopts.IgnoreFields(metav1.Condition{}, "ObservedGeneration"),
				cmpopts.SortSlices(func(a, b metav1.Condition) bool { return a.Type < b.Type }),
				cmpopts.SortSlices(func(a, b gwapiv1.PolicyAncestorStatus) bool {
					return refString(&a.AncestorRef) < refString(&b.AncestorRef)
				})); d != "" {
				t.Errorf("%s: %s statuses (-Envoy Gateway +ours):\n%s", name, k.kind.Name, d)
			}
			compared += len(want)
		}
	}
	t.Logf("compared the statuses of %d policies", compared)
	if compared < 100 {
		t.Errorf("compared only %d policies", compared)
	}
}

func asPolicies[P Policy](list []P) []Policy {
	out := make([]Policy, 0, len(list))
	for _, p := range list {
		out = append(out, p)
	}
	return out
}

func policyStatus(p Policy) gwapiv1.PolicyStatus {
	switch p := p.(type) {
	case *egv1a1.ClientTrafficPolicy:
		return p.Status
	case *egv1a1.BackendTrafficPolicy:
		return p.Status
	case *egv1a1.SecurityPolicy:
		return p.Status
	case *egv1a1.EnvoyExtensionPolicy:
		return p.Status
	}
	return gwapiv1.PolicyStatus{}
}

// engineConditions keeps, of Warning conditions, only the spec.targetRef
// deprecation the engine writes (others come from the translator).
func engineConditions(ancestors []gwapiv1.PolicyAncestorStatus) []gwapiv1.PolicyAncestorStatus {
	var out []gwapiv1.PolicyAncestorStatus
	for _, a := range ancestors {
		a := *a.DeepCopy()
		var conds []metav1.Condition
		for _, c := range a.Conditions {
			if c.Type == egv1a1.PolicyConditionWarning {
				var keep []string
				for _, part := range strings.Split(c.Message, "; ") {
					if strings.HasPrefix(part, "spec.targetRef ") {
						keep = append(keep, part)
					}
				}
				if len(keep) == 0 {
					continue
				}
				c.Message, c.Reason = strings.Join(keep, "; "), egv1a1.PolicyReasonDeprecatedField
			}
			conds = append(conds, c)
		}
		a.Conditions = conds
		out = append(out, a)
	}
	return out
}
