package translator

import (
	"slices"
	"strings"

	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/gatewaykit/gatewaykit/ir"
	"github.com/gatewaykit/gatewaykit/policy"
)

// policyState is what the policy pass keeps across kinds.
type policyState struct {
	// routes are the routes translated, with their parents, in processing
	// order.
	routes []*routeRecord
	// topo is the policy topology, built once every route is attached.
	topo *policy.Topology
	// gateways and listeners map topology nodes back to translation state.
	gateways     map[*policy.Gateway]*gatewayState
	listeners    map[policy.Listener]*listenerState
	listenerKeys map[*listenerState]policy.Listener
	// irRoutes maps a route to the IR routes made for it, on every
	// listener, in the order they were attached (noteIRRoute; each
	// listener also keeps its own, listenerState.irRoutes).
	irRoutes map[routeKey][]irRouteRef
	// tcpRoutes maps a TCPRoute to the IR routes made for it.
	tcpRoutes map[routeKey][]tcpRouteRef
}

// tcpRouteRef is one IR route of a TCPRoute on one listener.
type tcpRouteRef struct {
	ls *listenerState
	r  *ir.TCPRoute
}

// routeKey identifies a route object.
type routeKey struct {
	kind, namespace, name string
}

// routeRecord is one translated route and its parentRefs that name a
// Gateway translated here.
type routeRecord struct {
	rs      *routeSpec
	parents []*routeParent
}

// irRouteRef is one IR route of a route rule on one listener.
type irRouteRef struct {
	key  routeKey
	ls   *listenerState
	rule int
	r    *ir.HTTPRoute
}

// policyState returns the policy pass's state, creating it.
func (t *translation) policyState() *policyState {
	if t.pol == nil {
		t.pol = &policyState{irRoutes: map[routeKey][]irRouteRef{}, tcpRoutes: map[routeKey][]tcpRouteRef{}}
	}
	return t.pol
}

// noteRoute records a translated route for the policy pass.
func (t *translation) noteRoute(rs *routeSpec, parents []*routeParent) {
	ps := t.policyState()
	ps.routes = append(ps.routes, &routeRecord{rs: rs, parents: parents})
}

// noteIRRoute records that r was made for rule (its index) of the route rs
// on listener ls, so that policies find it by route and rule.
func (ps *policyState) noteIRRoute(rs *routeSpec, ls *listenerState, rule int, r *ir.HTTPRoute) {
	key := routeKey{kind: rs.kind, namespace: rs.meta.Namespace, name: rs.meta.Name}
	ref := irRouteRef{key: key, ls: ls, rule: rule, r: r}
	ps.irRoutes[key] = append(ps.irRoutes[key], ref)
	ls.irRoutes = append(ls.irRoutes, ref)
}

// processPolicies attaches the policies of every kind, in Envoy Gateway's
// order: ClientTrafficPolicies first (others depend on the listener
// settings they make), then BackendTrafficPolicies, SecurityPolicies and
// EnvoyExtensionPolicies, then the caller's own kinds (WithPolicyKind).
func (t *translation) processPolicies() {
	t.policyState()
	t.buildPolicyTopology()
	t.processClientTrafficPolicies()
	t.processRoutePolicies(backendTrafficPolicyOps(t))
	t.processRoutePolicies(securityPolicyOps(t))
	t.processRoutePolicies(envoyExtensionPolicyOps(t))
	for _, k := range t.cfg.policyKinds {
		t.processRoutePolicies(policyKindOps(t, k))
	}
}

// buildPolicyTopology makes the policy topology from the Gateways and
// routes translated.
func (t *translation) buildPolicyTopology() {
	ps := t.pol
	ps.gateways = map[*policy.Gateway]*gatewayState{}
	ps.listeners = map[policy.Listener]*listenerState{}
	ps.listenerKeys = map[*listenerState]policy.Listener{}
	byState := map[*gatewayState]*policy.Gateway{}
	setNodes := map[*listenerSetState]*policy.ListenerSet{}
	var gws []*policy.Gateway
	for _, gs := range t.gatewayList {
		g := &policy.Gateway{Meta: gs.obj.ObjectMeta}
		sets := map[*listenerSetState]*policy.ListenerSet{}
		for _, lss := range gs.listenerSets {
			s := &policy.ListenerSet{Meta: lss.obj.ObjectMeta, Gateway: g}
			sets[lss] = s
			setNodes[lss] = s
			g.ListenerSets = append(g.ListenerSets, s)
		}
		for _, ls := range gs.listeners {
			if ls == nil || ls.spec == nil {
				continue
			}
			l := policy.Listener{Gateway: g, Name: string(ls.spec.Name)}
			if ls.set != nil {
				s := sets[ls.set]
				if s == nil {
					continue
				}
				l.Set = s
				s.Listeners = append(s.Listeners, l.Name)
			} else {
				g.Listeners = append(g.Listeners, l.Name)
			}
			ps.listeners[l] = ls
			ps.listenerKeys[ls] = l
		}
		ps.gateways[g] = gs
		byState[gs] = g
		gws = append(gws, g)
	}
	var routes []*policy.Route
	for _, rec := range ps.routes {
		rs := rec.rs
		r := &policy.Route{Kind: rs.kind, Meta: *rs.meta}
		for _, rule := range rs.rules {
			name := ""
			if rule.name != nil {
				name = string(*rule.name)
			}
			r.Rules = append(r.Rules, name)
		}
		for _, ref := range rs.parentRefs {
			p := policy.RouteParent{Ref: ref}
			for _, rp := range rec.parents {
				if !sameParentRef(rp.ref, ref) || (rp.set != nil) != (ref.Kind != nil && *ref.Kind == policy.KindListenerSet) {
					continue
				}
				g := byState[rp.gw]
				p.Gateway = g
				if rp.set != nil {
					p.ListenerSet = setNodes[rp.set]
				}
				for _, ls := range rp.listeners {
					if ls == nil || ls.spec == nil || g == nil {
						continue
					}
					l := policy.Listener{Gateway: g, Name: string(ls.spec.Name)}
					if ls.set != nil {
						l.Set = setNodes[ls.set]
					}
					p.Listeners = append(p.Listeners, l)
				}
			}
			r.Parents = append(r.Parents, p)
		}
		routes = append(routes, r)
	}
	nsLabels := make(map[string]map[string]string, len(t.idx.namespaces))
	for name, ns := range t.idx.namespaces {
		nsLabels[name] = ns.Labels
	}
	ps.topo = policy.NewTopology(gws, routes, nsLabels, t.granted)
}

// listenerOf returns the topology's name for a listener.
func (ps *policyState) listenerOf(ls *listenerState) policy.Listener {
	return ps.listenerKeys[ls]
}

// noteTCPRoute records that r was made for the TCPRoute rs on listener ls.
func (ps *policyState) noteTCPRoute(rs *routeSpec, ls *listenerState, r *ir.TCPRoute) {
	key := routeKey{kind: rs.kind, namespace: rs.meta.Namespace, name: rs.meta.Name}
	ps.tcpRoutes[key] = append(ps.tcpRoutes[key], tcpRouteRef{ls: ls, r: r})
}

// routePolicyOps is what the policy pass needs to know about one policy
// kind that attaches to routes as well as to Gateways.
type routePolicyOps struct {
	kind policy.Kind
	// policies are the kind's objects in processing order.
	policies []policy.Policy
	// merge merges a route policy with its parent's (mergeType); nil when
	// the kind does not merge.
	merge func(child, parent policy.Policy) (policy.Policy, error)
	// build validates p where it applies and returns what applies its
	// features to an IR route; nil build means the kind has no features
	// (only targeting and status). With an error, a nil apply lets
	// failClosed decide and a non-nil one is applied as the kind's answer.
	build func(p policy.Policy, target policyTarget) (apply func(*ir.HTTPRoute), err error)
	// buildMerged, when set, builds a merged policy instead of build, for
	// kinds whose features depend on which policy a field came from.
	buildMerged func(merged, child, parent policy.Policy, target policyTarget) (apply func(*ir.HTTPRoute), err error)
	// buildTCP, when set, returns what the valid policy eff (owner's, or
	// merged from it) does to TCP routes; nil when it does nothing there.
	// Problems are build's to report.
	buildTCP func(eff, owner policy.Policy) func(*ir.TCPRoute)
	// failClosed makes the routes of a policy that cannot be applied answer
	// 500 instead of going without it.
	failClosed bool
	// inheritsParent, when set, reports whether an IR route that a route
	// or rule attachment covered still takes the parent (Gateway,
	// ListenerSet or listener) attachment's features: Envoy Gateway gives
	// a route whose own EnvoyExtensionPolicy failed closed, and so set no
	// extensions, those of the policy above it.
	inheritsParent func(r *ir.HTTPRoute) bool
	// emit records a policy's status in the output.
	emit func(p policy.Policy, st gwapiv1.PolicyStatus)
}

// processRoutePolicies resolves and applies the policies of one kind.
func (t *translation) processRoutePolicies(ops routePolicyOps) {
	res := policy.Resolve(&ops.kind, ops.policies, t.pol.topo, t.cfg.controllerName)
	for _, a := range res.Attachments {
		if a.Failed {
			continue
		}
		if a.Route != nil {
			t.applyRouteAttachment(ops, res, a)
		} else {
			t.applyParentAttachment(ops, res, a)
		}
	}
	res.Finish()
	for _, rp := range res.Policies {
		ops.emit(rp.Policy, rp.Status)
	}
}

// applyRouteAttachment applies a route or rule attachment on every
// listener the route is attached to, merged with the parent's policy where
// the attachment merges. A route attachment leaves alone the rules that
// have an attachment of their own: the more specific policy wins there,
// whichever was processed first.
func (t *translation) applyRouteAttachment(ops routePolicyOps, res *policy.Resolution, a *policy.Attachment) {
	rule := -1
	if a.Scope == policy.ScopeRouteRule {
		rule = slices.Index(a.Route.Rules, a.Rule)
	}
	key := routeKey{kind: a.Route.Kind, namespace: a.Route.Meta.Namespace, name: a.Route.Meta.Name}
	refs := t.pol.irRoutes[key]
	merges := map[policy.Listener]*policy.MergePlan{}
	for _, m := range a.Merges {
		merges[m.Listener] = m
	}
	var errs []string
	for _, p := range a.Route.Parents {
		if p.Gateway == nil {
			continue
		}
		gs := t.pol.gateways[p.Gateway]
		for _, l := range p.Listeners {
			ls := t.pol.listeners[l]
			target := policyTarget{gw: gs, listeners: []*listenerState{ls}, routeKind: a.Route.Kind}
			pol := a.Policy.Policy
			m := merges[l]
			var (
				apply func(*ir.HTTPRoute)
				err   error
			)
			eff, owner := pol, pol
			if m != nil && ops.merge != nil {
				merged, merr := ops.merge(pol, m.Parent.Policy.Policy)
				if merr != nil {
					a.MergeFailed(m, policy.ConditionMessage(merr))
					continue
				}
				eff = merged
				if ops.buildMerged != nil {
					apply, err = ops.buildMerged(merged, pol, m.Parent.Policy.Policy, target)
				} else {
					apply, err = t.buildFor(ops, merged, target)
				}
			} else {
				apply, err = t.buildFor(ops, pol, target)
			}
			if err == nil && ops.buildTCP != nil && a.Route.Kind == kindTCPRoute && ls.tcp != nil {
				if fn := ops.buildTCP(eff, owner); fn != nil {
					for _, r := range t.pol.tcpRoutes[key] {
						if r.ls == ls {
							fn(r.r)
						}
					}
				}
			}
			if err != nil {
				msg := policy.ConditionMessage(err)
				if m != nil {
					a.MergeFailed(m, msg)
				} else if !slices.Contains(errs, msg) {
					errs = append(errs, msg)
				}
			}
			for _, ref := range refs {
				if ref.ls != ls || (rule >= 0 && ref.rule != rule) || (rule < 0 && t.ruleHasOwnPolicy(res, ref)) {
					continue
				}
				t.applyToIRRoute(ops, ref.r, apply, err)
			}
		}
	}
	if len(errs) > 0 {
		a.Invalid(strings.Join(errs, "\n"))
	}
}

// applyParentAttachment applies a Gateway, ListenerSet or listener
// attachment to the routes of the listeners it covers that no more specific
// attachment took.
func (t *translation) applyParentAttachment(ops routePolicyOps, res *policy.Resolution, a *policy.Attachment) {
	gs := t.pol.gateways[a.Gateway]
	var listeners []*listenerState
	for _, ls := range gs.listeners {
		if l, ok := t.pol.listenerKeys[ls]; ok && res.ParentOf(l) == a {
			listeners = append(listeners, ls)
		}
	}
	apply, err := t.buildFor(ops, a.Policy.Policy, policyTarget{gw: gs, listeners: listeners})
	if err != nil {
		a.Invalid(policy.ConditionMessage(err))
	}
	if ops.buildTCP != nil {
		// TCP routes take what applies to connections; one that a more
		// specific policy already set keeps it.
		if fn := ops.buildTCP(a.Policy.Policy, a.Policy.Policy); fn != nil {
			for _, ls := range listeners {
				if ls.tcp == nil {
					continue
				}
				for _, r := range ls.tcp.Routes {
					if r.Authorization == nil {
						fn(r)
					}
				}
			}
		}
	}
	for _, ls := range listeners {
		if ls.http == nil {
			continue
		}
		for _, ref := range ls.irRoutes {
			if !t.routeHasOwnPolicy(res, ref) || (ops.inheritsParent != nil && ops.inheritsParent(ref.r)) {
				t.applyToIRRoute(ops, ref.r, apply, err)
			}
		}
	}
}

// routeHasOwnPolicy reports whether a route or rule attachment of the kind
// covers the rule of ref (they were applied first).
func (t *translation) routeHasOwnPolicy(res *policy.Resolution, ref irRouteRef) bool {
	route := t.pol.topo.Route(ref.key.kind, ref.key.namespace, ref.key.name)
	if route == nil {
		return false
	}
	name := ""
	if ref.rule >= 0 && ref.rule < len(route.Rules) {
		name = route.Rules[ref.rule]
	}
	a := res.OnRoute(ref.key.kind, ref.key.namespace, ref.key.name, name)
	return a != nil && !a.Failed
}

// ruleHasOwnPolicy reports whether a rule attachment of the kind covers the
// rule of ref.
func (t *translation) ruleHasOwnPolicy(res *policy.Resolution, ref irRouteRef) bool {
	route := t.pol.topo.Route(ref.key.kind, ref.key.namespace, ref.key.name)
	if route == nil || ref.rule < 0 || ref.rule >= len(route.Rules) || route.Rules[ref.rule] == "" {
		return false
	}
	a := res.OnRoute(ref.key.kind, ref.key.namespace, ref.key.name, route.Rules[ref.rule])
	return a != nil && !a.Failed && a.Scope == policy.ScopeRouteRule
}

// buildFor runs the kind's feature builder, if any.
func (t *translation) buildFor(ops routePolicyOps, p policy.Policy, target policyTarget) (func(*ir.HTTPRoute), error) {
	if ops.build == nil {
		return nil, nil
	}
	return ops.build(p, target)
}

// applyToIRRoute applies features to one IR route. When the policy could
// not be built, the kind's apply function (if it returned one) decides;
// without one, a kind that fails closed makes the route answer 500.
func (t *translation) applyToIRRoute(ops routePolicyOps, r *ir.HTTPRoute, apply func(*ir.HTTPRoute), err error) {
	if err != nil && apply == nil {
		if ops.failClosed {
			failClosedRoute(r)
		}
		return
	}
	if apply != nil {
		apply(r)
	}
}

// policyList converts typed policies to policy.Policy in processing order:
// input order with WithInputOrder, else policy.SortPolicies's.
func policyList[P interface {
	comparable
	policy.Policy
}](c *config, list []P) []policy.Policy {
	var zero P
	out := make([]policy.Policy, 0, len(list))
	for _, p := range list {
		if p != zero {
			out = append(out, p)
		}
	}
	if !c.inputOrder {
		policy.SortPolicies(out)
	}
	return out
}
