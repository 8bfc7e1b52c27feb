package policy

import (
	"fmt"
	"sort"
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// Scope is how much a policy attachment covers. Smaller scopes are more
// specific and take precedence.
type Scope int

// Scopes, most specific first.
const (
	ScopeRouteRule Scope = iota
	ScopeRoute
	ScopeListener
	ScopeListenerSet
	ScopeGateway
)

var scopeNames = [...]string{"RouteRule", "Route", "Listener", "ListenerSet", "Gateway"}

// String returns the scope's name.
func (s Scope) String() string {
	if s < 0 || int(s) >= len(scopeNames) {
		return fmt.Sprintf("Scope(%d)", int(s))
	}
	return scopeNames[s]
}

// Resolved is one policy after resolution: its attachments and its status.
type Resolved struct {
	Policy Policy
	// Attachments are the policy's targets that exist, in target order.
	Attachments []*Attachment
	// Status is the policy's status, complete after Resolution.Finish.
	Status gwapiv1.PolicyStatus

	res *Resolution
}

// Attachment is one target of a policy that exists.
type Attachment struct {
	Policy *Resolved
	Scope  Scope
	Target TargetRef
	// Gateway is the targeted Gateway, or the ListenerSet's Gateway.
	Gateway *Gateway
	// ListenerSet is the targeted ListenerSet (ScopeListenerSet, or
	// ScopeListener for one of its listeners).
	ListenerSet *ListenerSet
	// Listener is the targeted listener's name (ScopeListener).
	Listener string
	// Route is the targeted route (ScopeRoute, ScopeRouteRule) and Rule the
	// targeted rule's name (ScopeRouteRule).
	Route *Route
	Rule  string
	// Ancestors are the status entries the attachment reports under: the
	// Gateway or ListenerSet targeted (with the listener as section), or,
	// for a route, every Gateway or ListenerSet parentRef of the route.
	Ancestors []gwapiv1.ParentReference
	// Failed is set when the attachment did not take: another policy
	// already attached to the same target (Conflicted) or the section does
	// not exist (TargetNotFound). Its status is written already.
	Failed bool
	// Reason and Message explain a failed attachment.
	Reason, Message string
	// Merges lists, for a route attachment of a policy that merges, the
	// parent policy it merges with on each listener it is attached to that
	// has one.
	Merges []*MergePlan

	invalid map[string]string // ancestor key -> message
}

// MergePlan is a route attachment merging with a parent policy on one
// listener.
type MergePlan struct {
	Listener Listener
	// Ancestor is the status entry for the listener (its Gateway or
	// ListenerSet with the listener as section).
	Ancestor gwapiv1.ParentReference
	// Parent is the parent attachment merged with.
	Parent *Attachment
	// Failed is set (by MergeFailed) when the merged policy could not be
	// applied.
	Failed bool
}

// Resolution is the outcome of resolving the policies of one kind.
type Resolution struct {
	Kind     *Kind
	Topology *Topology
	// Policies are the policies that target something of a kind they may
	// target, in processing order.
	Policies []*Resolved
	// Attachments are every policy's attachments, most specific scope
	// first, in processing order within a scope: the order in which to
	// apply them so that a more specific one is applied before a broader
	// one.
	Attachments []*Attachment

	controller string
	finished   bool

	// Winners by target.
	gateways     map[scopeKey]*Attachment
	routes       map[routeKey]*Attachment
	rules        map[ruleKey]*Attachment
	withPolicies map[routeKey]bool
	// routesByScope indexes the routes that a route or rule policy
	// targets by the parent scopes they are under.
	routesByScope map[scopeKey]map[string]bool
	mergedInto    map[*Attachment]map[string]bool
}

// scopeKey names a Gateway, a listener, a ListenerSet or a ListenerSet
// listener. listener "*" stands for every listener.
type scopeKey struct {
	gateway, set *Gateway
	ls           *ListenerSet
	listener     string
}

type ruleKey struct {
	route routeKey
	rule  string
}

// Resolve attaches policies of kind k, processed in the order given (the
// caller decides it: Envoy Gateway uses creationTimestamp, then
// namespace/name), to the objects of topo. More specific targets are
// resolved first (route rules, routes, listeners, ListenerSets, Gateways);
// among policies with the same target the first one wins and the others
// are Conflicted. controller is the controller name written in statuses.
func Resolve(k *Kind, policies []Policy, topo *Topology, controller string) *Resolution {
	n := len(policies)
	r := &Resolution{
		Kind: k, Topology: topo, controller: controller,
		Policies:      make([]*Resolved, 0, n),
		Attachments:   make([]*Attachment, 0, n),
		gateways:      map[scopeKey]*Attachment{},
		routes:        make(map[routeKey]*Attachment, n),
		rules:         map[ruleKey]*Attachment{},
		withPolicies:  make(map[routeKey]bool, n),
		routesByScope: map[scopeKey]map[string]bool{},
		mergedInto:    map[*Attachment]map[string]bool{},
	}
	type pending struct {
		rp      *Resolved
		targets []TargetRef
	}
	all := make([]pending, 0, n)
	resolved := make([]Resolved, n)
	for i, p := range policies {
		if p == nil {
			continue
		}
		resolved[i] = Resolved{Policy: p, res: r}
		all = append(all, pending{rp: &resolved[i], targets: topo.ExpandTargets(k, p)})
	}
	handled := make(map[*Resolved]bool, n)
	for _, scope := range []Scope{ScopeRouteRule, ScopeRoute, ScopeListener, ScopeListenerSet, ScopeGateway} {
		for _, pd := range all {
			for _, tr := range pd.targets {
				if targetScope(tr) != scope {
					continue
				}
				if !handled[pd.rp] {
					handled[pd.rp] = true
					r.Policies = append(r.Policies, pd.rp)
				}
				if a := r.attach(pd.rp, tr, scope); a != nil {
					pd.rp.Attachments = append(pd.rp.Attachments, a)
					r.Attachments = append(r.Attachments, a)
				}
			}
		}
	}
	r.planMerges()
	return r
}

// targetScope is the scope a target reference asks for.
func targetScope(tr TargetRef) Scope {
	switch tr.Kind {
	case KindGateway:
		if tr.SectionName != "" {
			return ScopeListener
		}
		return ScopeGateway
	case KindListenerSet:
		if tr.SectionName != "" {
			return ScopeListener
		}
		return ScopeListenerSet
	default:
		if tr.SectionName != "" {
			return ScopeRouteRule
		}
		return ScopeRoute
	}
}

// attach resolves one target; nil when the target does not exist.
func (r *Resolution) attach(rp *Resolved, tr TargetRef, scope Scope) *Attachment {
	a := &Attachment{Policy: rp, Scope: scope, Target: tr}
	kindName := r.Kind.Name
	switch tr.Kind {
	case KindGateway:
		gw := r.Topology.Gateway(tr.Namespace, tr.Name)
		if gw == nil {
			return nil
		}
		a.Gateway = gw
		a.Listener = tr.SectionName
		a.Ancestors = []gwapiv1.ParentReference{AncestorRef(KindGateway, gw.Meta.Namespace, gw.Meta.Name, tr.SectionName)}
		key := scopeKey{gateway: gw, listener: tr.SectionName}
		switch {
		case tr.SectionName != "" && !hasString(gw.Listeners, tr.SectionName):
			r.fail(a, string(gwapiv1.PolicyReasonTargetNotFound),
				fmt.Sprintf("No section name %s found for Gateway %s/%s", tr.SectionName, gw.Meta.Namespace, gw.Meta.Name))
		case r.gateways[key] != nil && tr.SectionName == "":
			r.fail(a, string(gwapiv1.PolicyReasonConflicted),
				fmt.Sprintf("Unable to target Gateway %s, another %s has already attached to it", gw.Meta.Name, kindName))
		case r.gateways[key] != nil:
			r.fail(a, string(gwapiv1.PolicyReasonConflicted), r.listenerConflict(gw.Meta.Name,
				fmt.Sprintf("Unable to target Listener %s/%s/%s, another %s has already attached to it", gw.Meta.Namespace, gw.Meta.Name, tr.SectionName, kindName)))
		default:
			r.gateways[key] = a
		}
	case KindListenerSet:
		ls := r.Topology.ListenerSet(tr.Namespace, tr.Name)
		if ls == nil {
			return nil
		}
		a.Gateway = ls.Gateway
		a.ListenerSet = ls
		a.Listener = tr.SectionName
		a.Ancestors = []gwapiv1.ParentReference{AncestorRef(KindListenerSet, ls.Meta.Namespace, ls.Meta.Name, tr.SectionName)}
		key := scopeKey{ls: ls, listener: tr.SectionName}
		switch {
		case tr.SectionName != "" && !hasString(ls.Listeners, tr.SectionName):
			r.fail(a, string(gwapiv1.PolicyReasonTargetNotFound),
				fmt.Sprintf("No section name %s found for ListenerSet %s/%s", tr.SectionName, ls.Meta.Namespace, ls.Meta.Name))
		case r.gateways[key] != nil && tr.SectionName == "":
			r.fail(a, string(gwapiv1.PolicyReasonConflicted),
				fmt.Sprintf("Unable to target ListenerSet %s, another %s has already attached to it", ls.Meta.Name, kindName))
		case r.gateways[key] != nil:
			r.fail(a, string(gwapiv1.PolicyReasonConflicted), r.listenerConflict(ls.Meta.Name,
				fmt.Sprintf("Unable to target Listener %s/%s, another %s has already attached to it", ls.Meta.Name, tr.SectionName, kindName)))
		default:
			r.gateways[key] = a
		}
	default:
		route := r.Topology.Route(tr.Kind, tr.Namespace, tr.Name)
		if route == nil {
			return nil
		}
		a.Route = route
		a.Rule = tr.SectionName
		rk := routeKey{route.Kind, route.Meta.Namespace, route.Meta.Name}
		r.noteRouteWithPolicy(rk, route)
		a.Ancestors = route.ancestors
		switch {
		case tr.SectionName != "" && !hasString(route.Rules, tr.SectionName):
			r.fail(a, string(gwapiv1.PolicyReasonTargetNotFound),
				fmt.Sprintf("No section name %s found for %s %s/%s", tr.SectionName, route.Kind, route.Meta.Namespace, route.Meta.Name))
		case tr.SectionName != "":
			key := ruleKey{rk, tr.SectionName}
			if r.rules[key] != nil {
				r.fail(a, string(gwapiv1.PolicyReasonConflicted),
					fmt.Sprintf("Unable to target RouteRule %s/%s, another %s has already attached to it", route.Meta.Name, tr.SectionName, kindName))
			} else {
				r.rules[key] = a
			}
		case r.routes[rk] != nil:
			r.fail(a, string(gwapiv1.PolicyReasonConflicted),
				fmt.Sprintf("Unable to target %s %s, another %s has already attached to it", route.Kind, route.Meta.Name, kindName))
		default:
			r.routes[rk] = a
		}
	}
	return a
}

// listenerConflict returns the kind's wording of a listener conflict, or
// def.
func (r *Resolution) listenerConflict(owner, def string) string {
	if r.Kind.ListenerConflict != nil {
		return r.Kind.ListenerConflict(owner)
	}
	return def
}

// routeAncestors returns the status entries of a route policy: one per
// parentRef naming a Gateway or a ListenerSet known here, with the parentRef's
// namespace (the route's by default) and sectionName.
func routeAncestors(route *Route) []gwapiv1.ParentReference {
	var out []gwapiv1.ParentReference
	for _, p := range route.Parents {
		if p.Gateway == nil {
			// A parent of another controller is not an ancestor of ours.
			continue
		}
		kind := KindGateway
		if p.Ref.Kind != nil {
			kind = string(*p.Ref.Kind)
		}
		if kind != KindGateway && kind != KindListenerSet {
			continue
		}
		if p.Ref.Group != nil && *p.Ref.Group != gwapiv1.GroupName {
			continue
		}
		ns := route.Meta.Namespace
		if p.Ref.Namespace != nil {
			ns = string(*p.Ref.Namespace)
		}
		section := ""
		if p.Ref.SectionName != nil {
			section = string(*p.Ref.SectionName)
		}
		ref := AncestorRef(kind, ns, string(p.Ref.Name), section)
		dup := false
		for i := range out {
			if sameRef(&out[i], &ref) {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, ref)
		}
	}
	return out
}

// noteRouteWithPolicy records that a route or rule policy targets route,
// under every parent scope of the route, for Overridden messages.
func (r *Resolution) noteRouteWithPolicy(rk routeKey, route *Route) {
	if r.withPolicies[rk] {
		return
	}
	r.withPolicies[rk] = true
	name := route.Meta.Namespace + "/" + route.Meta.Name
	add := func(k scopeKey) {
		m := r.routesByScope[k]
		if m == nil {
			m = map[string]bool{}
			r.routesByScope[k] = m
		}
		m[name] = true
	}
	for _, p := range route.Parents {
		if p.Gateway == nil {
			continue
		}
		section := "*"
		if p.Ref.SectionName != nil {
			section = string(*p.Ref.SectionName)
		}
		add(scopeKey{gateway: p.Gateway})
		if p.ListenerSet != nil {
			add(scopeKey{ls: p.ListenerSet})
			add(scopeKey{ls: p.ListenerSet, listener: section})
		} else {
			add(scopeKey{gateway: p.Gateway, listener: section})
		}
	}
}

func (r *Resolution) fail(a *Attachment, reason, message string) {
	a.Failed = true
	a.Reason = reason
	a.Message = message
	w := a.Policy.writer()
	for _, anc := range a.Ancestors {
		w.Set(anc, string(gwapiv1.PolicyConditionAccepted), metav1.ConditionFalse, reason, message)
	}
}

func (rp *Resolved) writer() StatusWriter {
	return StatusWriter{Status: &rp.Status, Controller: rp.res.controller, Generation: rp.Policy.GetGeneration()}
}

// planMerges finds, for every route attachment of a merging policy, the
// parent policy on each listener the route is attached to: the policy on
// the listener, else on its ListenerSet, else on the Gateway.
func (r *Resolution) planMerges() {
	for _, rp := range r.Policies {
		m, ok := rp.Policy.(Mergeable)
		if !ok || m.PolicyMergeType() == nil || *m.PolicyMergeType() == egv1a1.MergeTypeReplace {
			continue
		}
		for _, a := range rp.Attachments {
			if a.Failed || a.Route == nil {
				continue
			}
			for _, p := range a.Route.Parents {
				for _, l := range p.Listeners {
					parent := r.ParentOf(l)
					if parent == nil {
						continue
					}
					kind, ns, name := KindGateway, l.Gateway.Meta.Namespace, l.Gateway.Meta.Name
					if l.Set != nil {
						kind, ns, name = KindListenerSet, l.Set.Meta.Namespace, l.Set.Meta.Name
					}
					a.Merges = append(a.Merges, &MergePlan{Listener: l, Ancestor: AncestorRef(kind, ns, name, l.Name), Parent: parent})
				}
			}
		}
	}
}

// ParentOf returns the attachment in effect on a listener from the
// policies that target listeners, ListenerSets and Gateways: the one on the
// listener itself, else on its ListenerSet, else on its Gateway; nil when
// none.
func (r *Resolution) ParentOf(l Listener) *Attachment {
	if l.Set != nil {
		if a := r.gateways[scopeKey{ls: l.Set, listener: l.Name}]; a != nil {
			return a
		}
		if a := r.gateways[scopeKey{ls: l.Set}]; a != nil {
			return a
		}
	} else if a := r.gateways[scopeKey{gateway: l.Gateway, listener: l.Name}]; a != nil {
		return a
	}
	if l.Gateway == nil {
		return nil
	}
	return r.gateways[scopeKey{gateway: l.Gateway}]
}

// OnRoute returns the attachment in effect for a route (kind, namespace,
// name) and one of its rules (empty for the route as a whole): the rule's
// policy, else the route's; nil when none.
func (r *Resolution) OnRoute(kind, namespace, name, rule string) *Attachment {
	rk := routeKey{kind, namespace, name}
	if rule != "" {
		if a := r.rules[ruleKey{rk, rule}]; a != nil {
			return a
		}
	}
	return r.routes[rk]
}

// Invalid records that the attachment's features could not be applied,
// making the policy Accepted=False (reason Invalid) with message on every
// ancestor of the attachment.
func (a *Attachment) Invalid(message string) {
	for _, anc := range a.Ancestors {
		a.InvalidAt(anc, message)
	}
}

// InvalidAt is Invalid for one ancestor.
func (a *Attachment) InvalidAt(anc gwapiv1.ParentReference, message string) {
	if a.invalid == nil {
		a.invalid = map[string]string{}
	}
	a.invalid[refString(&anc)] = message
	a.Policy.writer().SetInvalid(anc, message)
}

// MergeFailed records that applying the merged policy failed on the
// merge's listener: the listener's ancestor becomes Accepted=False with
// message, and the route does not count as merged with the parent.
func (a *Attachment) MergeFailed(m *MergePlan, message string) {
	m.Failed = true
	a.InvalidAt(m.Ancestor, message)
}

// Finish completes every status: Accepted where nothing said otherwise,
// Merged and Overridden, deprecated-field warnings, and the 16-ancestor
// cap. It is idempotent.
func (r *Resolution) Finish() {
	if r.finished {
		return
	}
	r.finished = true
	for _, rp := range r.Policies {
		for _, a := range rp.Attachments {
			for _, m := range a.Merges {
				if m.Failed {
					continue
				}
				set := r.mergedInto[m.Parent]
				if set == nil {
					set = map[string]bool{}
					r.mergedInto[m.Parent] = set
				}
				set[a.Route.Meta.Namespace+"/"+a.Route.Meta.Name] = true
			}
		}
	}
	for _, rp := range r.Policies {
		w := rp.writer()
		dep := r.deprecated(rp.Policy)
		for _, a := range rp.Attachments {
			if a.Failed {
				continue
			}
			for _, m := range a.Merges {
				if m.Failed {
					continue
				}
				w.Set(m.Ancestor, egv1a1.PolicyConditionMerged, metav1.ConditionTrue, egv1a1.PolicyReasonMerged,
					fmt.Sprintf("Merged with policy %s/%s", m.Parent.Policy.Policy.GetNamespace(), m.Parent.Policy.Policy.GetName()))
			}
			for _, anc := range a.Ancestors {
				w.SetAccepted(anc)
				if dep != "" {
					w.AddWarning(anc, egv1a1.PolicyReasonDeprecatedField, dep)
				}
			}
			merged, overridden := r.overrides(a)
			if merged != "" {
				for _, anc := range a.Ancestors {
					w.Set(anc, egv1a1.PolicyConditionMerged, metav1.ConditionTrue, egv1a1.PolicyReasonMerged,
						"This policy is being merged by other "+r.Kind.Plural+" for "+merged)
				}
			}
			if overridden != "" {
				for _, anc := range a.Ancestors {
					w.Set(anc, egv1a1.PolicyConditionOverridden, metav1.ConditionTrue, egv1a1.PolicyReasonOverridden, overridden)
				}
			}
		}
		w.Truncate()
	}
}

// overrides returns, for an attachment, the routes that merged with it and
// the Overridden message (both empty when none).
func (r *Resolution) overrides(a *Attachment) (merged, overridden string) {
	if a.Route != nil {
		if a.Scope != ScopeRoute {
			return "", ""
		}
		rk := routeKey{a.Route.Kind, a.Route.Meta.Namespace, a.Route.Meta.Name}
		var rules []string
		for _, name := range a.Route.Rules {
			if name != "" && r.rules[ruleKey{rk, name}] != nil && !hasString(rules, name) {
				rules = append(rules, name)
			}
		}
		if len(rules) == 0 {
			return "", ""
		}
		sort.Strings(rules)
		noun := r.Kind.Plural
		if r.Kind.RuleOverrideNoun != "" {
			noun = r.Kind.RuleOverrideNoun
		}
		return "", fmt.Sprintf("This policy is being overridden by other %s for these route rules: [%s]", noun, strings.Join(rules, " "))
	}
	if r.Kind.SectionsOverridden != nil {
		return "", r.sectionsOverridden(a)
	}
	var listeners, sets, setListeners []string
	var routes map[string]bool
	switch a.Scope {
	case ScopeGateway:
		gw := a.Gateway
		for _, l := range gw.Listeners {
			if r.gateways[scopeKey{gateway: gw, listener: l}] != nil {
				listeners = append(listeners, gw.Meta.Namespace+"/"+gw.Meta.Name+"/"+l)
			}
		}
		for _, ls := range gw.ListenerSets {
			if r.gateways[scopeKey{ls: ls}] != nil {
				sets = append(sets, ls.Meta.Namespace+"/"+ls.Meta.Name)
			}
			setListeners = append(setListeners, r.setListenersWithPolicy(ls)...)
		}
		routes = r.routesByScope[scopeKey{gateway: gw}]
	case ScopeListenerSet:
		setListeners = r.setListenersWithPolicy(a.ListenerSet)
		routes = r.routesByScope[scopeKey{ls: a.ListenerSet}]
	case ScopeListener:
		if a.ListenerSet != nil {
			routes = union(r.routesByScope[scopeKey{ls: a.ListenerSet, listener: a.Listener}], r.routesByScope[scopeKey{ls: a.ListenerSet, listener: "*"}])
		} else {
			routes = union(r.routesByScope[scopeKey{gateway: a.Gateway, listener: a.Listener}], r.routesByScope[scopeKey{gateway: a.Gateway, listener: "*"}])
		}
	}
	var mergedRoutes, overriddenRoutes []string
	for name := range routes {
		if r.mergedInto[a][name] {
			mergedRoutes = append(mergedRoutes, name)
		} else {
			overriddenRoutes = append(overriddenRoutes, name)
		}
	}
	for _, l := range [][]string{listeners, sets, setListeners, mergedRoutes, overriddenRoutes} {
		sort.Strings(l)
	}
	if len(mergedRoutes) > 0 {
		merged = "these routes: [" + strings.Join(mergedRoutes, " ") + "]"
	}
	var parts []string
	add := func(what string, list []string) {
		if len(list) > 0 {
			parts = append(parts, "these "+what+": ["+strings.Join(list, " ")+"]")
		}
	}
	add("gateway listeners", listeners)
	add("listenersets", sets)
	add("listenerset listeners", setListeners)
	add("routes", overriddenRoutes)
	if len(parts) > 0 {
		overridden = "This policy is being overridden by other " + r.Kind.Plural + " for " + strings.Join(parts, " and ")
	}
	return merged, overridden
}

// sectionsOverridden words the Overridden message of a Gateway or
// ListenerSet attachment as the names of its listeners that a more
// specific attachment took.
func (r *Resolution) sectionsOverridden(a *Attachment) string {
	var sections []string
	switch a.Scope {
	case ScopeGateway:
		for _, l := range a.Gateway.Listeners {
			if r.gateways[scopeKey{gateway: a.Gateway, listener: l}] != nil {
				sections = append(sections, l)
			}
		}
		for _, ls := range a.Gateway.ListenerSets {
			whole := r.gateways[scopeKey{ls: ls}] != nil
			for _, l := range ls.Listeners {
				if whole || r.gateways[scopeKey{ls: ls, listener: l}] != nil {
					sections = append(sections, l)
				}
			}
		}
	case ScopeListenerSet:
		for _, l := range a.ListenerSet.Listeners {
			if r.gateways[scopeKey{ls: a.ListenerSet, listener: l}] != nil {
				sections = append(sections, l)
			}
		}
	}
	if len(sections) == 0 {
		return ""
	}
	sort.Strings(sections)
	return r.Kind.SectionsOverridden(sections)
}

func (r *Resolution) setListenersWithPolicy(ls *ListenerSet) []string {
	var out []string
	for _, l := range ls.Listeners {
		if r.gateways[scopeKey{ls: ls, listener: l}] != nil {
			out = append(out, ls.Meta.Namespace+"/"+ls.Meta.Name+"/"+l)
		}
	}
	return out
}

func union(a, b map[string]bool) map[string]bool {
	out := make(map[string]bool, len(a)+len(b))
	for k := range a {
		out[k] = true
	}
	for k := range b {
		out[k] = true
	}
	return out
}

// deprecated returns the deprecation warning message for p, fields in
// name order.
func (r *Resolution) deprecated(p Policy) string {
	fields := map[string]string{}
	if r.Kind.Deprecated != nil {
		for k, v := range r.Kind.Deprecated(p) {
			fields[k] = v
		}
	}
	if p.PolicyTargets().TargetRef != nil {
		fields["spec.targetRef"] = "spec.targetRefs"
	}
	if len(fields) == 0 {
		return ""
	}
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + " is deprecated, use " + fields[k] + " instead"
	}
	return strings.Join(parts, "; ")
}

func refString(r *gwapiv1.ParentReference) string {
	s := refNamespace(r) + "/" + string(r.Name)
	if r.Kind != nil {
		s = string(*r.Kind) + ":" + s
	}
	if r.SectionName != nil {
		s += "/" + string(*r.SectionName)
	}
	return s
}

// Warn adds a Warning condition with reason and message on every ancestor
// of the attachment.
func (a *Attachment) Warn(reason, message string) {
	w := a.Policy.writer()
	for _, anc := range a.Ancestors {
		w.AddWarning(anc, reason, message)
	}
}
