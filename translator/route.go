package translator

import (
	"fmt"
	"sort"
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/gatewaykit/gatewaykit/ir"
)

// routeParent is one parentRef of a route that names a Gateway translated
// here, or a ListenerSet attached to one.
type routeParent struct {
	ref gwapiv1.ParentReference
	gw  *gatewayState
	// set is the ListenerSet the parentRef names; gw is then the set's
	// Gateway. nil when the parentRef names a Gateway.
	set *listenerSetState
	// listeners are the listeners the route may attach to: selected by
	// sectionName and port, and allowing the route's kind and namespace.
	listeners []*listenerState
	status    parentStatus
}

// processRoute translates one route for every parentRef that names a
// Gateway of ours (or a ListenerSet attached to one) and writes the route's
// status into st. It reports whether any parentRef did (only such routes
// get a status).
func (t *translation) processRoute(rs *routeSpec, st *gwapiv1.RouteStatus) bool {
	var parents []*routeParent
	for _, ref := range rs.parentRefs {
		p := t.resolveParent(rs.meta.Namespace, ref)
		if p == nil {
			continue
		}
		t.selectListeners(rs, p)
		parents = append(parents, p)
	}
	if len(parents) == 0 {
		return false
	}
	for _, p := range parents {
		t.translateForParent(rs, p)
	}
	t.noteRoute(rs, parents)
	t.writeRouteStatus(st, parents)
	return true
}

// parentGateway returns the Gateway a parentRef names, or nil when it names
// something else or a Gateway not translated here. The namespace defaults
// to the route's.
func (t *translation) parentGateway(routeNS string, ref gwapiv1.ParentReference) *gatewayState {
	if ref.Group != nil && *ref.Group != gwapiv1.GroupName {
		return nil
	}
	if ref.Kind != nil && *ref.Kind != "Gateway" {
		return nil
	}
	ns := routeNS
	if ref.Namespace != nil {
		ns = string(*ref.Namespace)
	}
	return t.gateways[nameOf(ns, string(ref.Name))]
}

// resolveParent returns the parent a parentRef names, or nil when it names
// neither a Gateway translated here nor a ListenerSet attached to one (a
// ListenerSet that its Gateway does not admit takes no routes; the route
// gets no status for it). The namespace defaults to the route's.
func (t *translation) resolveParent(routeNS string, ref gwapiv1.ParentReference) *routeParent {
	if ref.Kind == nil || *ref.Kind != kindListenerSet {
		gw := t.parentGateway(routeNS, ref)
		if gw == nil {
			return nil
		}
		return &routeParent{ref: ref, gw: gw}
	}
	if ref.Group != nil && *ref.Group != gwapiv1.GroupName {
		return nil
	}
	ns := routeNS
	if ref.Namespace != nil {
		ns = string(*ref.Namespace)
	}
	set := t.listenerSets[nameOf(ns, string(ref.Name))]
	if set == nil || !set.attached {
		return nil
	}
	return &routeParent{ref: ref, gw: set.gw, set: set}
}

// candidates returns the listeners a parentRef may select from: a
// ListenerSet's listeners, or a Gateway's own (a parentRef to the Gateway
// does not reach the listeners of its ListenerSets).
func (p *routeParent) candidates() []*listenerState {
	if p.set != nil {
		return p.set.listeners
	}
	out := make([]*listenerState, 0, len(p.gw.listeners))
	for _, ls := range p.gw.listeners {
		if ls != nil && ls.set == nil {
			out = append(out, ls)
		}
	}
	return out
}

// selectListeners finds the listeners a parentRef selects and sets the
// Accepted condition that attachment alone decides: False when no listener
// matches sectionName and port (NoMatchingParent) or none of those allows
// the route's kind and namespace (NotAllowedByListeners), True otherwise.
// As in Envoy Gateway, a route whose namespace is not among the input
// Namespaces is allowed by no listener, whatever allowedRoutes says (see
// namespaceKnown).
func (t *translation) selectListeners(rs *routeSpec, p *routeParent) {
	var selected []*listenerState
	for _, ls := range p.candidates() {
		if ls == nil || ls.spec == nil {
			continue
		}
		if p.ref.SectionName != nil && *p.ref.SectionName != ls.spec.Name {
			continue
		}
		if p.ref.Port != nil && *p.ref.Port != ls.spec.Port {
			continue
		}
		selected = append(selected, ls)
	}
	if len(selected) == 0 {
		p.status.set(gwapiv1.RouteConditionAccepted, metav1.ConditionFalse, gwapiv1.RouteReasonNoMatchingParent,
			"No listeners match this parent ref")
		return
	}
	var allowed []*listenerState
	for _, ls := range selected {
		if ls.allowsKind(gwapiv1.GroupName, rs.kind) && t.namespaceKnown(rs.meta.Namespace) && ls.allowsNamespace(rs.meta.Namespace) {
			allowed = append(allowed, ls)
		}
	}
	if len(allowed) == 0 {
		p.status.set(gwapiv1.RouteConditionAccepted, metav1.ConditionFalse, gwapiv1.RouteReasonNotAllowedByListeners,
			"No listeners included by this parent ref allowed this attachment.")
		return
	}
	// Whether the listeners are ready does not matter here: a route attaches
	// to (and is counted on) a listener that is invalid as well, and only
	// the IR is left out for it (see attach).
	p.listeners = allowed
	p.status.set(gwapiv1.RouteConditionAccepted, metav1.ConditionTrue, gwapiv1.RouteReasonAccepted, msgRouteAccepted)
}

// namespaceKnown reports whether ns is one of the input Namespaces. An
// input without any Namespace object (a hand-written bundle, a test) is
// taken to hold every namespace, so that routes still attach.
func (t *translation) namespaceKnown(ns string) bool {
	return len(t.idx.namespaces) == 0 || t.idx.namespaces[ns] != nil
}

// translateForParent translates the route's rules for one parentRef,
// attaches the IR routes to the parent's listeners and completes the
// parentRef's conditions.
func (t *translation) translateForParent(rs *routeSpec, p *routeParent) {
	routes, probs, dropped := t.translateRules(rs, p)
	for _, typ := range probs.types {
		reason, msg := probs.merged(typ)
		if typ != gwapiv1.RouteConditionAccepted {
			p.status.set(typ, metav1.ConditionFalse, reason, msg)
			continue
		}
		if len(dropped) == len(rs.rules) {
			p.status.set(typ, metav1.ConditionFalse, reason, msg)
			continue
		}
		p.status.set(gwapiv1.RouteConditionPartiallyInvalid, metav1.ConditionTrue, reason,
			fmt.Sprintf("Dropped Rule(s) %v: %s", dropped, msg))
		p.status.set(gwapiv1.RouteConditionAccepted, metav1.ConditionTrue, gwapiv1.RouteReasonAccepted, msgRouteAccepted)
	}
	if !p.status.has(gwapiv1.RouteConditionResolvedRefs, metav1.ConditionFalse) {
		p.status.set(gwapiv1.RouteConditionResolvedRefs, metav1.ConditionTrue, gwapiv1.RouteReasonResolvedRefs, msgRouteResolvedRefs)
	}
	// Envoy Gateway attaches an HTTPRoute even when its parentRef did not
	// accept it (its rules then answer 500), but a GRPCRoute only when it
	// was accepted.
	if rs.kind == kindGRPCRoute && p.status.has(gwapiv1.RouteConditionAccepted, metav1.ConditionFalse) {
		return
	}
	if !t.attach(rs, p, routes) {
		p.status.set(gwapiv1.RouteConditionAccepted, metav1.ConditionFalse, gwapiv1.RouteReasonNoMatchingListenerHostname,
			fmt.Sprintf("There were no hostname intersections between the %s and this parent ref's Listener(s).", rs.kind))
	}
}

// attach adds a copy of routes per intersecting hostname to every listener
// of the parent, counting the route on each listener it attaches to. It
// reports whether any listener's hostname intersected the route's (true
// when there are no listeners, which other conditions already explain).
func (t *translation) attach(rs *routeSpec, p *routeParent, routes []ruleRoute) bool {
	intersects := len(p.listeners) == 0
	for _, ls := range p.listeners {
		hosts := computeHosts(rs.hostnames, ls)
		if len(hosts) == 0 {
			continue
		}
		intersects = true
		ls.attachedRoutes++
		if !ls.ready || ls.http == nil {
			continue
		}
		for _, host := range hosts {
			for _, rr := range routes {
				r := rr.r
				if r.Redirect != nil && r.Redirect.Port == nil {
					// Envoy Gateway fills the port in on the shared route,
					// so the first listener's port sticks for the others.
					port := uint32(ls.spec.Port)
					if r.Redirect.Scheme != nil {
						switch strings.ToLower(*r.Redirect.Scheme) {
						case "http":
							port = 80
						case "https":
							port = 443
						}
					}
					r.Redirect.Port = &port
				}
				hr := r.DeepCopy()
				hr.Name = r.Name + "/" + strings.ReplaceAll(host, ".", "_")
				hr.Hostname = host
				ls.http.Routes = append(ls.http.Routes, hr)
				t.policyState().noteIRRoute(rs, ls, rr.rule, hr)
			}
		}
		if rs.kind == kindGRPCRoute {
			if ls.http.GRPC == nil {
				ls.http.GRPC = &ir.GRPCSettings{}
			}
			ls.http.GRPC.EnableGRPCWeb = true
			ls.http.GRPC.EnableGRPCStats = true
		}
	}
	return intersects
}

// computeHosts returns the hostnames a route serves on a listener, sorted:
// the intersection of the route's hostnames with the listener's (of two
// wildcards, the narrower one), less the hostnames that another listener
// on the same port names exactly (those belong to that listener).
func computeHosts(routeHosts []gwapiv1.Hostname, ls *listenerState) []string {
	lh := ""
	if ls.spec.Hostname != nil {
		lh = string(*ls.spec.Hostname)
	}
	if len(routeHosts) == 0 {
		if lh != "" {
			return []string{lh}
		}
		return []string{"*"}
	}
	set := map[string]bool{}
	for _, h := range routeHosts {
		rh := string(h)
		switch {
		case lh == "" || lh == rh:
			set[rh] = true
		case strings.HasPrefix(lh, "*") && matchesWildcard(rh, lh):
			set[rh] = true
		case strings.HasPrefix(rh, "*") && matchesWildcard(lh, rh):
			// Also when both are wildcards: *.example.com is within *.com.
			set[lh] = true
		}
	}
	if ls.gw != nil {
		for _, other := range ls.gw.listeners {
			if other == ls || other == nil || other.spec == nil || other.spec.Port != ls.spec.Port || other.spec.Hostname == nil {
				continue
			}
			delete(set, string(*other.spec.Hostname))
		}
	}
	out := make([]string, 0, len(set))
	for h := range set {
		out = append(out, h)
	}
	sort.Strings(out)
	return out
}

// matchesWildcard reports whether host ends with the part of wildcard after
// its "*" and has at least one more character in front of it.
func matchesWildcard(host, wildcard string) bool {
	suffix := strings.TrimPrefix(wildcard, "*")
	return strings.HasSuffix(host, suffix) && len(host) > len(suffix)
}

// writeRouteStatus records the parents' conditions in st: an entry of
// ours for the same parentRef is replaced, other controllers' entries are
// kept.
func (t *translation) writeRouteStatus(st *gwapiv1.RouteStatus, parents []*routeParent) {
	for _, p := range parents {
		ps := gwapiv1.RouteParentStatus{
			ParentRef:      p.ref,
			ControllerName: gwapiv1.GatewayController(t.cfg.controllerName),
			Conditions:     p.status.conds,
		}
		replaced := false
		for i := range st.Parents {
			if string(st.Parents[i].ControllerName) == t.cfg.controllerName && sameParentRef(st.Parents[i].ParentRef, p.ref) {
				st.Parents[i] = ps
				replaced = true
				break
			}
		}
		if !replaced {
			st.Parents = append(st.Parents, ps)
		}
	}
}

func sameParentRef(a, b gwapiv1.ParentReference) bool {
	eqS := func(x, y *gwapiv1.SectionName) bool { return (x == nil) == (y == nil) && (x == nil || *x == *y) }
	eqN := func(x, y *gwapiv1.Namespace) bool { return (x == nil) == (y == nil) && (x == nil || *x == *y) }
	eqP := func(x, y *gwapiv1.PortNumber) bool { return (x == nil) == (y == nil) && (x == nil || *x == *y) }
	return a.Name == b.Name && eqN(a.Namespace, b.Namespace) && eqS(a.SectionName, b.SectionName) && eqP(a.Port, b.Port)
}

// routeMetadata names a route (and a rule, as sectionName) in IR metadata,
// with the object's gateway.envoyproxy.io/ annotations, prefix removed,
// sorted by key.
func routeMetadata(kind string, meta *metav1.ObjectMeta, section *gwapiv1.SectionName) *ir.ResourceMetadata {
	m := &ir.ResourceMetadata{Kind: kind, Name: meta.Name, Namespace: meta.Namespace, Annotations: egAnnotations(meta.Annotations)}
	if section != nil {
		m.SectionName = string(*section)
	}
	return m
}

const egAnnotationPrefix = "gateway.envoyproxy.io/"

func egAnnotations(in map[string]string) []ir.Annotation {
	var out []ir.Annotation
	for k, v := range in {
		if strings.HasPrefix(k, egAnnotationPrefix) {
			out = append(out, ir.Annotation{Key: strings.TrimPrefix(k, egAnnotationPrefix), Value: v})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}
