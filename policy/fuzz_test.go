package policy

import (
	"bytes"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// FuzzResolve decodes the fuzz input into a small topology (Gateways with
// listeners, ListenerSets, HTTPRoutes and GRPCRoutes with rules and
// parentRefs, ReferenceGrants, namespace labels) and a list of
// BackendTrafficPolicies (targetRef, targetRefs, targetSelectors with
// labels and namespaces, sectionNames, mergeType), resolves them, applies
// what a translator would (merges, Invalid, Warn, MergeFailed), finishes
// and explains every subject. It checks that nothing panics, that no status
// lists more than 16 ancestors, that a second run gives the same bytes, and
// that shuffling the policies and the objects, then sorting the policies
// with SortPolicies, gives the same bytes too.
func FuzzResolve(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1})
	ascending := make([]byte, 256)
	for i := range ascending {
		ascending[i] = byte(i)
	}
	f.Add(ascending)
	for _, b := range richSeeds(6) {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		in := decodeFuzzInput(data)

		first := runFuzzInput(t, in, nil)
		second := runFuzzInput(t, in, nil)
		if !bytes.Equal(first, second) {
			t.Fatalf("two runs on the same input differ:\n%s", firstDifference(first, second))
		}
		h := fnv.New64a()
		h.Write(data)
		shuffled := runFuzzInput(t, in, rand.New(rand.NewPCG(h.Sum64(), 1)))
		if !bytes.Equal(first, shuffled) {
			t.Fatalf("shuffling the input changed the output:\n%s", firstDifference(first, shuffled))
		}
	})
}

// richSeeds returns the n inputs, among 300 pseudo-random ones, whose
// resolution has the most attachments, conflicts, merges and ancestors.
func richSeeds(n int) [][]byte {
	type scored struct {
		data  []byte
		score int
	}
	var all []scored
	for seed := uint64(1); seed <= 300; seed++ {
		r := rand.New(rand.NewPCG(seed, 42))
		b := make([]byte, 1024)
		for i := range b {
			b[i] = byte(r.UintN(256))
		}
		in := decodeFuzzInput(b)
		var ps []Policy
		for _, p := range in.policies {
			ps = append(ps, p)
		}
		res := Resolve(&BackendTrafficPolicyKind, ps, TopologyFrom(in.objs), testController)
		res.Finish()
		score := len(res.Attachments)
		for _, a := range res.Attachments {
			score += 10 * len(a.Merges)
			if a.Failed {
				score += 2
			}
		}
		for _, rp := range res.Policies {
			score += len(rp.Status.Ancestors)
		}
		all = append(all, scored{b[:in.used], score})
	}
	slices.SortStableFunc(all, func(a, b scored) int { return b.score - a.score })
	var out [][]byte
	for _, s := range all[:n] {
		out = append(out, s.data)
	}
	return out
}

// fuzzInput is a decoded fuzz input.
type fuzzInput struct {
	objs     Objects
	policies []*egv1a1.BackendTrafficPolicy
	// actions says what to do to the attachment of the same index (modulo):
	// 1 Invalid, 2 Warn, 3 fail its first merge.
	actions []byte
	// used is how many bytes of the input the decoding read.
	used int
}

// fuzzReader hands out the input's bytes, then zeros.
type fuzzReader struct {
	data []byte
	i    int
}

func (r *fuzzReader) next() byte {
	if r.i >= len(r.data) {
		return 0
	}
	b := r.data[r.i]
	r.i++
	return b
}

// n returns a number in [0, max).
func (r *fuzzReader) n(max int) int { return int(r.next()) % max }

func pick[T any](r *fuzzReader, list []T) T { return list[r.n(len(list))] }

var (
	fuzzNamespaces = []string{"ns-a", "ns-b", "ns-c"}
	fuzzLabels     = []map[string]string{nil, {"app": "x"}, {"app": "y"}, {"app": "x", "tier": "edge"}}
	fuzzSections   = []string{"http", "https", "tcp", "s0", "s1", "rule-0", "rule-1", "nope"}
	fuzzKinds      = []string{KindGateway, KindGateway, KindListenerSet, KindHTTPRoute, KindHTTPRoute, KindGRPCRoute, KindTCPRoute, "Service"}
)

// section returns no section half of the time.
func (r *fuzzReader) section() string {
	if r.n(2) == 0 {
		return ""
	}
	return pick(r, fuzzSections)
}

func (r *fuzzReader) meta(name string) metav1.ObjectMeta {
	return metav1.ObjectMeta{
		Namespace:         pick(r, []string{"ns-a", "ns-a", "ns-a", "ns-b", "ns-c"}),
		Name:              name,
		Labels:            pick(r, fuzzLabels),
		CreationTimestamp: metav1.NewTime(baseTime.Add(time.Duration(r.n(4)) * time.Second)),
	}
}

func decodeFuzzInput(data []byte) fuzzInput {
	r := &fuzzReader{data: data}
	var in fuzzInput
	var names []string

	listenerNames := []string{"http", "https", "tcp"}
	for i := range 1 + r.n(4) {
		g := &gwapiv1.Gateway{ObjectMeta: r.meta(fmt.Sprintf("gw-%d", i))}
		for j := range 1 + r.n(3) {
			g.Spec.Listeners = append(g.Spec.Listeners, gwapiv1.Listener{Name: gwapiv1.SectionName(listenerNames[j]), Port: gwapiv1.PortNumber(80 + r.n(2))})
		}
		in.objs.Gateways = append(in.objs.Gateways, g)
		names = append(names, g.Name)
	}
	for i := range r.n(3) {
		s := &gwapiv1.ListenerSet{ObjectMeta: r.meta(fmt.Sprintf("ls-%d", i))}
		gw := pick(r, in.objs.Gateways)
		s.Spec.ParentRef.Name = gwapiv1.ObjectName(gw.Name)
		if r.n(3) > 0 {
			ns := gwapiv1.Namespace(gw.Namespace)
			s.Spec.ParentRef.Namespace = &ns
		}
		for j := range 1 + r.n(2) {
			s.Spec.Listeners = append(s.Spec.Listeners, gwapiv1.ListenerEntry{Name: gwapiv1.SectionName(fmt.Sprintf("s%d", j)), Port: gwapiv1.PortNumber(8080 + r.n(2))})
		}
		in.objs.ListenerSets = append(in.objs.ListenerSets, s)
		names = append(names, s.Name)
	}
	parentNames := append(slices.Clone(names), "missing")
	for i := range r.n(9) {
		meta := r.meta(fmt.Sprintf("r-%d", i))
		var rules []*gwapiv1.SectionName
		for range r.n(4) {
			rules = append(rules, sectionPtr(pick(r, []string{"", "rule-0", "rule-1", "rule-0"})))
		}
		var parents []gwapiv1.ParentReference
		for range 1 + r.n(4) {
			kind := ""
			if r.n(3) == 0 {
				kind = KindListenerSet
			}
			ns := ""
			if r.n(2) == 0 {
				ns = pick(r, fuzzNamespaces)
			}
			p := pref(kind, ns, pick(r, parentNames), r.section())
			if r.n(4) == 0 {
				port := gwapiv1.PortNumber(80 + r.n(2))
				p.Port = &port
			}
			parents = append(parents, p)
		}
		if r.n(2) == 0 {
			route := &gwapiv1.HTTPRoute{ObjectMeta: meta}
			route.Spec.ParentRefs = parents
			for _, n := range rules {
				route.Spec.Rules = append(route.Spec.Rules, gwapiv1.HTTPRouteRule{Name: n})
			}
			in.objs.HTTPRoutes = append(in.objs.HTTPRoutes, route)
		} else {
			route := &gwapiv1.GRPCRoute{ObjectMeta: meta}
			route.Spec.ParentRefs = parents
			for _, n := range rules {
				route.Spec.Rules = append(route.Spec.Rules, gwapiv1.GRPCRouteRule{Name: n})
			}
			in.objs.GRPCRoutes = append(in.objs.GRPCRoutes, route)
		}
		names = append(names, meta.Name)
	}
	for i := range r.n(3) {
		name := ""
		if r.n(2) == 0 {
			name = pick(r, names)
		}
		g := btpGrant(pick(r, fuzzNamespaces), pick(r, fuzzNamespaces), pick(r, fuzzKinds[:6]), name)
		g.Name = fmt.Sprintf("grant-%d", i)
		in.objs.ReferenceGrants = append(in.objs.ReferenceGrants, g)
	}
	if r.n(3) > 0 {
		in.objs.NamespaceLabels = map[string]map[string]string{"ns-a": {"team": "blue"}, "ns-b": {"team": "red"}, "ns-c": {}}
	}

	// Target names mostly name an object of the kind targeted.
	namesOf := map[string][]string{"": append(slices.Clone(names), "missing")}
	for _, g := range in.objs.Gateways {
		namesOf[KindGateway] = append(namesOf[KindGateway], g.Name)
	}
	for _, s := range in.objs.ListenerSets {
		namesOf[KindListenerSet] = append(namesOf[KindListenerSet], s.Name)
	}
	for _, x := range in.objs.HTTPRoutes {
		namesOf[KindHTTPRoute] = append(namesOf[KindHTTPRoute], x.Name)
	}
	for _, x := range in.objs.GRPCRoutes {
		namesOf[KindGRPCRoute] = append(namesOf[KindGRPCRoute], x.Name)
	}
	target := func() gwapiv1.LocalPolicyTargetReferenceWithSectionName {
		kind := pick(r, fuzzKinds)
		pool := namesOf[kind]
		if len(pool) == 0 || r.n(5) == 0 {
			pool = namesOf[""]
		}
		t := ref(kind, pick(r, pool), r.section())
		if r.n(8) == 0 {
			t.Group = "example.com"
		}
		return t
	}
	mergeTypes := []*egv1a1.MergeType{nil, nil, ptr(egv1a1.MergeTypeStrategicMerge), ptr(egv1a1.MergeTypeJSONMerge), ptr(egv1a1.MergeTypeReplace)}
	for i := range r.n(9) {
		p := &egv1a1.BackendTrafficPolicy{ObjectMeta: r.meta(fmt.Sprintf("p-%d", i))}
		if r.n(4) == 0 {
			t := target()
			p.Spec.TargetRef = &t
		}
		for range r.n(5) {
			p.Spec.TargetRefs = append(p.Spec.TargetRefs, target())
		}
		for range r.n(3) {
			s := egv1a1.TargetSelector{Kind: gwapiv1.Kind(pick(r, fuzzKinds)), MatchLabels: pick(r, fuzzLabels)}
			switch r.n(5) {
			case 1:
				s.MatchExpressions = []metav1.LabelSelectorRequirement{{Key: "tier", Operator: metav1.LabelSelectorOpExists}}
			case 2:
				s.MatchExpressions = []metav1.LabelSelectorRequirement{{Key: "app", Operator: metav1.LabelSelectorOpIn, Values: []string{"x", "y"}}}
			case 3:
				s.MatchExpressions = []metav1.LabelSelectorRequirement{{Key: "app", Operator: "Bogus"}}
			}
			switch r.n(6) {
			case 1:
				s.Namespaces = &egv1a1.TargetSelectorNamespaces{From: egv1a1.TargetNamespaceFromSame}
			case 2, 3:
				s.Namespaces = &egv1a1.TargetSelectorNamespaces{From: egv1a1.TargetNamespaceFromAll}
			case 4:
				s.Namespaces = &egv1a1.TargetSelectorNamespaces{From: egv1a1.TargetNamespaceFromSelector,
					Selector: &metav1.LabelSelector{MatchLabels: map[string]string{"team": "blue"}}}
			case 5:
				s.Namespaces = &egv1a1.TargetSelectorNamespaces{From: egv1a1.TargetNamespaceFromSelector}
			}
			p.Spec.TargetSelectors = append(p.Spec.TargetSelectors, s)
		}
		p.Spec.MergeType = pick(r, mergeTypes)
		if r.n(2) == 0 {
			p.Spec.Timeout = &egv1a1.Timeout{TCP: &egv1a1.TCPTimeout{ConnectTimeout: dur(fmt.Sprintf("%ds", r.n(30)))}}
		}
		if r.n(2) == 0 {
			p.Spec.HTTPUpgrade = []egv1a1.ProtocolUpgradeConfig{{Type: pick(r, []string{"websocket", "spdy/3.1"})}}
		}
		in.policies = append(in.policies, p)
	}
	for range 8 {
		in.actions = append(in.actions, r.next())
	}
	in.used = min(r.i, len(data))
	return in
}

// runFuzzInput resolves in (shuffling policies and objects with rng when
// it is not nil, then sorting the policies), checks the statuses and
// returns every status and explanation as bytes.
func runFuzzInput(t *testing.T, in fuzzInput, rng *rand.Rand) []byte {
	objs := in.objs
	var ps []Policy
	for _, p := range in.policies {
		ps = append(ps, p.DeepCopy())
	}
	if rng != nil {
		objs.Gateways = shuffled(rng, objs.Gateways)
		objs.ListenerSets = shuffled(rng, objs.ListenerSets)
		objs.HTTPRoutes = shuffled(rng, objs.HTTPRoutes)
		objs.GRPCRoutes = shuffled(rng, objs.GRPCRoutes)
		objs.ReferenceGrants = shuffled(rng, objs.ReferenceGrants)
		ps = shuffled(rng, ps)
	}
	SortPolicies(ps)

	topo := TopologyFrom(objs)
	res := Resolve(&BackendTrafficPolicyKind, ps, topo, testController)
	for i, a := range res.Attachments {
		for _, m := range a.Merges {
			if _, err := MergeAs[*egv1a1.BackendTrafficPolicy](a.Policy.Policy, m.Parent.Policy.Policy); err != nil {
				a.MergeFailed(m, ConditionMessage(err))
			}
		}
		if a.Failed || len(in.actions) == 0 {
			continue
		}
		switch in.actions[i%len(in.actions)] % 8 {
		case 1:
			a.Invalid("Invalid for the fuzzer.")
		case 2:
			a.Warn("FuzzWarning", "a warning")
		case 3:
			if len(a.Merges) > 0 {
				a.MergeFailed(a.Merges[0], "Merge failed for the fuzzer.")
			}
		}
	}
	res.Finish()

	var out bytes.Buffer
	byName := map[string]*Resolved{}
	for _, rp := range res.Policies {
		byName[rp.Policy.GetNamespace()+"/"+rp.Policy.GetName()] = rp
	}
	keys := make([]string, 0, len(ps))
	for _, p := range ps {
		keys = append(keys, p.GetNamespace()+"/"+p.GetName())
	}
	slices.Sort(keys)
	for _, k := range keys {
		rp := byName[k]
		if rp == nil {
			fmt.Fprintf(&out, "%s: not listed\n", k)
			continue
		}
		if n := len(rp.Status.Ancestors); n > MaxAncestors {
			t.Fatalf("%s: %d ancestors", k, n)
		}
		b, err := json.Marshal(rp.Status)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&out, "%s: %s\n", k, b)
	}

	// Explain every Gateway, listener, route and rule, in name order.
	var subjects []Subject
	for _, g := range objs.Gateways {
		gw := topo.Gateway(g.Namespace, g.Name)
		if gw == nil {
			continue
		}
		subjects = append(subjects, Subject{GatewayNamespace: gw.Meta.Namespace, Gateway: gw.Meta.Name})
		for _, l := range gw.Listeners {
			subjects = append(subjects, Subject{GatewayNamespace: gw.Meta.Namespace, Gateway: gw.Meta.Name, Listener: l})
		}
		for _, s := range gw.ListenerSets {
			for _, l := range s.Listeners {
				subjects = append(subjects, Subject{GatewayNamespace: gw.Meta.Namespace, Gateway: gw.Meta.Name,
					ListenerSetNamespace: s.Meta.Namespace, ListenerSet: s.Meta.Name, Listener: l})
			}
		}
	}
	addRoute := func(kind, ns, name string) {
		route := topo.Route(kind, ns, name)
		if route == nil {
			return
		}
		for _, p := range route.Parents {
			for _, l := range p.Listeners {
				s := Subject{GatewayNamespace: l.Gateway.Meta.Namespace, Gateway: l.Gateway.Meta.Name, Listener: l.Name,
					RouteKind: kind, RouteNamespace: ns, Route: name}
				if l.Set != nil {
					s.ListenerSetNamespace, s.ListenerSet = l.Set.Meta.Namespace, l.Set.Meta.Name
				}
				subjects = append(subjects, s)
				for _, rule := range route.Rules {
					if rule != "" {
						s.Rule = rule
						subjects = append(subjects, s)
					}
				}
			}
		}
	}
	for _, x := range objs.HTTPRoutes {
		addRoute(KindHTTPRoute, x.Namespace, x.Name)
	}
	for _, x := range objs.GRPCRoutes {
		addRoute(KindGRPCRoute, x.Namespace, x.Name)
	}
	var lines []string
	for _, s := range subjects {
		ex, err := res.Explain(s)
		if err != nil {
			lines = append(lines, s.String()+": "+err.Error())
			continue
		}
		b, err := ex.JSON()
		if err != nil {
			t.Fatal(err)
		}
		var text bytes.Buffer
		if err := ex.WriteText(&text); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, s.String()+": "+string(b))
	}
	slices.Sort(lines)
	out.WriteString(strings.Join(lines, "\n"))
	return out.Bytes()
}

func shuffled[T any](rng *rand.Rand, list []T) []T {
	out := slices.Clone(list)
	rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// firstDifference shows the first line where a and b differ.
func firstDifference(a, b []byte) string {
	la, lb := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := 0; i < len(la) && i < len(lb); i++ {
		if la[i] != lb[i] {
			return fmt.Sprintf("line %d:\n  %s\n  %s", i+1, la[i], lb[i])
		}
	}
	return fmt.Sprintf("%d lines against %d", len(la), len(lb))
}
