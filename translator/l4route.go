package translator

import (
	"fmt"
	"sort"
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/gatewaykit/gatewaykit/ir"
	"github.com/gatewaykit/gatewaykit/policy"
)

// Route kinds that forward connections or datagrams rather than requests.
const (
	kindTCPRoute = "TCPRoute"
	kindUDPRoute = "UDPRoute"
	kindTLSRoute = "TLSRoute"
)

// Route condition reasons and messages specific to TCPRoutes, UDPRoutes and
// TLSRoutes.
const (
	reasonInvalidRule       gwapiv1.RouteConditionReason = "InvalidRule"
	msgOneRuleOnly                                       = "One and only one rule is supported"
	msgDynamicResolverMulti                              = "dynamic resolver is not supported for multiple backendRefs"
	msgDynamicResolverTLS                                = "Dynamic resolver backend is only supported with TLS passthrough listeners"
)

// processTLSRoutes attaches every TLSRoute to its parents' TLS listeners
// and records its status, like processHTTPRoutes. A TLSRoute's backends,
// from all its rules, make one destination; on each listener the route
// matches the SNIs its hostnames share with the listener's.
func (t *translation) processTLSRoutes() {
	t.out.Statuses.TLSRoutes = processRoutes(t, t.res.TLSRoutes, func(cp *gwapiv1.TLSRoute) bool {
		rs := &routeSpec{kind: kindTLSRoute, meta: &cp.ObjectMeta, hostnames: cp.Spec.Hostnames, parentRefs: cp.Spec.ParentRefs}
		for i := range cp.Spec.Rules {
			rs.rules = append(rs.rules, l4Rule(cp.Spec.Rules[i].Name, cp.Spec.Rules[i].BackendRefs))
		}
		return t.processL4Route(rs, &cp.Status.RouteStatus)
	})
}

// processTCPRoutes attaches every TCPRoute to its parents' TCP (and TLS
// terminate) listeners and records its status. A TCPRoute must have exactly
// one rule. Every TCPRoute that attaches is accepted and counted, but a
// listener forwards to the first route only (the oldest, in processing
// order): it has no means to choose between several.
func (t *translation) processTCPRoutes() {
	t.out.Statuses.TCPRoutes = processRoutes(t, t.res.TCPRoutes, func(cp *gwapiv1.TCPRoute) bool {
		rs := &routeSpec{kind: kindTCPRoute, meta: &cp.ObjectMeta, parentRefs: cp.Spec.ParentRefs}
		for i := range cp.Spec.Rules {
			rs.rules = append(rs.rules, l4Rule(cp.Spec.Rules[i].Name, cp.Spec.Rules[i].BackendRefs))
		}
		return t.processL4Route(rs, &cp.Status.RouteStatus)
	})
}

// processUDPRoutes does for UDPRoutes what processTCPRoutes does for
// TCPRoutes, on UDP listeners.
func (t *translation) processUDPRoutes() {
	t.out.Statuses.UDPRoutes = processRoutes(t, t.res.UDPRoutes, func(cp *gwapiv1.UDPRoute) bool {
		rs := &routeSpec{kind: kindUDPRoute, meta: &cp.ObjectMeta, parentRefs: cp.Spec.ParentRefs}
		for i := range cp.Spec.Rules {
			rs.rules = append(rs.rules, l4Rule(cp.Spec.Rules[i].Name, cp.Spec.Rules[i].BackendRefs))
		}
		return t.processL4Route(rs, &cp.Status.RouteStatus)
	})
}

func l4Rule(name *gwapiv1.SectionName, refs []gwapiv1.BackendRef) ruleSpec {
	s := ruleSpec{name: name}
	for _, b := range refs {
		s.backendRefs = append(s.backendRefs, backendRefSpec{ref: b})
	}
	return s
}

// processL4Route translates one TCPRoute, UDPRoute or TLSRoute for every
// parentRef that names a Gateway of ours (or a ListenerSet attached to one)
// and writes its status into st. It reports whether any parentRef did.
func (t *translation) processL4Route(rs *routeSpec, st *gwapiv1.RouteStatus) bool {
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
		if rs.kind == kindTLSRoute {
			t.attachTLSRoute(rs, p)
		} else {
			t.attachTCPOrUDPRoute(rs, p)
		}
	}
	t.noteRoute(rs, parents)
	t.writeRouteStatus(st, parents)
	return true
}

// l4Destination resolves the backendRefs of the given rules into the
// settings of one destination named destName (settings are numbered per
// rule, as Envoy Gateway numbers them). Backends that cannot be used and
// backends of weight 0 are left out. It sets the parentRef's ResolvedRefs
// condition and reports whether a setting is a dynamic resolver.
func (t *translation) l4Destination(rs *routeSpec, p *routeParent, rules []ruleSpec, destName string) ([]*ir.DestinationSetting, bool) {
	var (
		settings []*ir.DestinationSetting
		probs    []*routeProblem
	)
	for ri := range rules {
		for bi := range rules[ri].backendRefs {
			ds, perr := t.resolveL4BackendRef(rs, p, &rules[ri].backendRefs[bi], fmt.Sprintf("%s/backend/%d", destName, bi))
			if perr != nil {
				probs = append(probs, perr)
				continue
			}
			if ds.Weight != nil && *ds.Weight > 0 {
				settings = append(settings, ds)
			}
		}
	}
	dynamic := false
	for _, ds := range settings {
		dynamic = dynamic || ds.IsDynamicResolver
	}
	if dynamic && len(settings) > 1 {
		// A dynamic resolver cannot share a destination; none of the
		// backends is used.
		probs = append(probs, problem(reasonInvalidBackendRef, msgDynamicResolverMulti))
		settings = nil
	}
	if len(probs) > 0 {
		reason, msg := l4ProblemsCondition(probs)
		p.status.set(gwapiv1.RouteConditionResolvedRefs, metav1.ConditionFalse, reason, msg)
	} else {
		p.status.set(gwapiv1.RouteConditionResolvedRefs, metav1.ConditionTrue, gwapiv1.RouteReasonResolvedRefs, msgRouteResolvedRefs)
	}
	return settings, dynamic
}

// l4ProblemsCondition makes one condition of the backend problems of an
// L4 route the way Envoy Gateway does: the distinct reasons sorted and
// comma-joined; one problem's message as it is, several problems' messages
// as condition messages, one per line.
func l4ProblemsCondition(probs []*routeProblem) (gwapiv1.RouteConditionReason, string) {
	seen := map[gwapiv1.RouteConditionReason]bool{}
	var reasons []string
	for _, pr := range probs {
		if pr.reason != "" && !seen[pr.reason] {
			seen[pr.reason] = true
			reasons = append(reasons, string(pr.reason))
		}
	}
	sort.Strings(reasons)
	reason := gwapiv1.RouteConditionReason(strings.Join(reasons, ","))
	if len(probs) == 1 {
		return reason, probs[0].msg
	}
	msgs := make([]string, len(probs))
	for i, pr := range probs {
		msgs[i] = policy.ConditionText(pr.msg)
	}
	return reason, strings.Join(msgs, "\n")
}

// attachTCPOrUDPRoute translates a TCPRoute or UDPRoute for one parentRef.
// The route must have exactly one rule. It is counted on every listener
// the parentRef allows, ready or not; a ready listener without a route yet
// forwards to it. On a TLS listener that terminates TLS the route gets the
// listener's certificates, and the listener's hostname as SNI when set.
func (t *translation) attachTCPOrUDPRoute(rs *routeSpec, p *routeParent) {
	if len(rs.rules) != 1 {
		p.status.set(gwapiv1.RouteConditionAccepted, metav1.ConditionFalse, reasonInvalidRule, msgOneRuleOnly)
		return
	}
	prefix := strings.TrimSuffix(routePrefix(rs), "/")
	destName := destinationName(rs, -1)
	settings, _ := t.l4Destination(rs, p, rs.rules, destName)
	if p.status.has(gwapiv1.RouteConditionAccepted, metav1.ConditionFalse) {
		return
	}
	destMeta := routeMetadata(rs.kind, rs.meta, rs.rules[0].name)
	for _, ls := range p.listeners {
		ls.attachedRoutes++
		if !ls.ready {
			continue
		}
		dest := &ir.RouteDestination{Name: destName, Settings: copySettings(settings), Metadata: destMeta}
		switch {
		case rs.kind == kindUDPRoute && ls.udp != nil && ls.udp.Route == nil:
			ls.udp.Route = &ir.UDPRoute{Name: prefix, Destination: dest}
		case rs.kind == kindTCPRoute && ls.tcp != nil && len(ls.tcp.Routes) == 0:
			r := &ir.TCPRoute{Name: prefix, Destination: dest, Metadata: routeMetadata(rs.kind, rs.meta, nil)}
			if ls.tcp.TLS != nil {
				r.TLS = &ir.TCPRouteTLS{Terminate: ls.tcp.TLS.DeepCopy()}
				if ls.spec.Hostname != nil {
					r.TLS.Inspector = &ir.TLSInspectorConfig{SNIs: []string{string(*ls.spec.Hostname)}}
				}
			}
			ls.tcp.Routes = append(ls.tcp.Routes, r)
			t.policyState().noteTCPRoute(rs, ls, r)
		}
	}
}

// attachTLSRoute translates a TLSRoute for one parentRef: on every listener
// whose hostname intersects the route's it is counted and, when the
// listener is ready, added with the shared hostnames as SNIs, passing TLS
// through or, on a listener with certificates, terminating it. A dynamic
// resolver backend needs passthrough: on a terminating listener the route
// is left out and ResolvedRefs says why.
func (t *translation) attachTLSRoute(rs *routeSpec, p *routeParent) {
	destName := destinationName(rs, -1)
	settings, dynamic := t.l4Destination(rs, p, rs.rules, destName)
	meta := routeMetadata(rs.kind, rs.meta, nil)
	intersects := len(p.listeners) == 0
	for _, ls := range p.listeners {
		hosts := computeHosts(rs.hostnames, ls)
		if len(hosts) == 0 {
			continue
		}
		intersects = true
		ls.attachedRoutes++
		if !ls.ready || ls.tcp == nil {
			continue
		}
		tls := &ir.TCPRouteTLS{Inspector: &ir.TLSInspectorConfig{SNIs: hosts}}
		if ls.tcp.TLS != nil {
			if dynamic {
				p.status.set(gwapiv1.RouteConditionResolvedRefs, metav1.ConditionFalse, gwapiv1.RouteReasonUnsupportedValue, msgDynamicResolverTLS)
				continue
			}
			tls.Terminate = ls.tcp.TLS.DeepCopy()
		}
		ls.tcp.Routes = append(ls.tcp.Routes, &ir.TCPRoute{
			Name:        strings.TrimSuffix(routePrefix(rs), "/"),
			TLS:         tls,
			Destination: &ir.RouteDestination{Name: destName, Settings: copySettings(settings), Metadata: meta},
			Metadata:    meta,
		})
	}
	if !intersects {
		p.status.set(gwapiv1.RouteConditionAccepted, metav1.ConditionFalse, gwapiv1.RouteReasonNoMatchingListenerHostname,
			"There were no hostname intersections between the TLSRoute and this parent ref's Listener(s).")
	}
}

// copySettings deep-copies destination settings, so that every listener's
// route owns its own.
func copySettings(in []*ir.DestinationSetting) []*ir.DestinationSetting {
	if in == nil {
		return nil
	}
	out := make([]*ir.DestinationSetting, len(in))
	for i, ds := range in {
		out[i] = ds.DeepCopy()
	}
	return out
}

// resolveL4BackendRef resolves a backendRef of an L4 route with
// resolveBackendRef (which takes a UDPRoute's Services and ServiceImports
// on their UDP ports). The settings carry the route's
// transport (TCP, or UDP for UDPRoutes) as protocol: an application
// protocol of the backend does not apply to a proxied connection.
func (t *translation) resolveL4BackendRef(rs *routeSpec, p *routeParent, br *backendRefSpec, name string) (*ir.DestinationSetting, *routeProblem) {
	proto := ir.TCP
	if rs.kind == kindUDPRoute {
		proto = ir.UDP
	}
	ds, perr := t.resolveBackendRef(rs, p, br, name)
	if perr != nil {
		if perr.reason == gwapiv1.RouteReasonRefNotPermitted && !strings.HasSuffix(perr.msg, ".") {
			// Envoy Gateway's message ends with a full stop, which L4
			// routes show as it is.
			perr.msg += "."
		}
		return ds, perr
	}
	if ds != nil && (len(ds.Endpoints) > 0 || ds.IsDynamicResolver) {
		ds.Protocol = proto
	}
	return ds, nil
}
