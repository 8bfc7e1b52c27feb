package policy

import (
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// Objects are the Gateway API objects to build a Topology from when the
// translator is not used (to unit-test how policies attach and merge, or in
// a controller of one's own).
type Objects struct {
	Gateways        []*gwapiv1.Gateway
	ListenerSets    []*gwapiv1.ListenerSet
	HTTPRoutes      []*gwapiv1.HTTPRoute
	GRPCRoutes      []*gwapiv1.GRPCRoute
	TLSRoutes       []*gwapiv1.TLSRoute
	TCPRoutes       []*gwapiv1.TCPRoute
	UDPRoutes       []*gwapiv1.UDPRoute
	ReferenceGrants []*gwapiv1.ReferenceGrant
	// NamespaceLabels maps each namespace to its labels, for targetSelectors
	// that search namespaces by label or all namespaces.
	NamespaceLabels map[string]map[string]string
}

// TopologyFrom builds a Topology from objects. Every Gateway and
// ListenerSet is taken as accepted, and a route as attached to the
// listeners its parentRefs select by sectionName and port; allowedRoutes
// and hostnames are not checked (the translator checks them, and its
// topology is the exact one).
func TopologyFrom(o Objects) *Topology {
	var gws []*Gateway
	byName := map[string]*Gateway{}
	for _, g := range o.Gateways {
		if g == nil {
			continue
		}
		node := &Gateway{Meta: g.ObjectMeta}
		for _, l := range g.Spec.Listeners {
			node.Listeners = append(node.Listeners, string(l.Name))
		}
		key := g.Namespace + "/" + g.Name
		if byName[key] != nil {
			continue
		}
		byName[key] = node
		gws = append(gws, node)
	}
	sets := map[string]*ListenerSet{}
	ports := map[Listener]gwapiv1.PortNumber{}
	for _, g := range o.Gateways {
		if g == nil {
			continue
		}
		node := byName[g.Namespace+"/"+g.Name]
		for _, l := range g.Spec.Listeners {
			ports[Listener{Gateway: node, Name: string(l.Name)}] = l.Port
		}
	}
	for _, s := range o.ListenerSets {
		if s == nil {
			continue
		}
		ns := s.Namespace
		if s.Spec.ParentRef.Namespace != nil {
			ns = string(*s.Spec.ParentRef.Namespace)
		}
		gw := byName[ns+"/"+string(s.Spec.ParentRef.Name)]
		if gw == nil || sets[s.Namespace+"/"+s.Name] != nil {
			continue
		}
		node := &ListenerSet{Meta: s.ObjectMeta, Gateway: gw}
		for _, l := range s.Spec.Listeners {
			node.Listeners = append(node.Listeners, string(l.Name))
			ports[Listener{Gateway: gw, Set: node, Name: string(l.Name)}] = l.Port
		}
		gw.ListenerSets = append(gw.ListenerSets, node)
		sets[s.Namespace+"/"+s.Name] = node
	}
	var routes []*Route
	add := func(r *Route, parents []gwapiv1.ParentReference) {
		for _, ref := range parents {
			p := RouteParent{Ref: ref}
			ns := r.Meta.Namespace
			if ref.Namespace != nil {
				ns = string(*ref.Namespace)
			}
			kindOf := KindGateway
			if ref.Kind != nil {
				kindOf = string(*ref.Kind)
			}
			var names []string
			if ref.Group != nil && *ref.Group != gwapiv1.GroupName {
				kindOf = ""
			}
			switch kindOf {
			case KindGateway:
				p.Gateway = byName[ns+"/"+string(ref.Name)]
				if p.Gateway != nil {
					names = p.Gateway.Listeners
				}
			case KindListenerSet:
				p.ListenerSet = sets[ns+"/"+string(ref.Name)]
				if p.ListenerSet != nil {
					p.Gateway = p.ListenerSet.Gateway
					names = p.ListenerSet.Listeners
				}
			}
			for _, n := range names {
				l := Listener{Gateway: p.Gateway, Set: p.ListenerSet, Name: n}
				if ref.SectionName != nil && string(*ref.SectionName) != n {
					continue
				}
				if ref.Port != nil && ports[l] != *ref.Port {
					continue
				}
				p.Listeners = append(p.Listeners, l)
			}
			r.Parents = append(r.Parents, p)
		}
		routes = append(routes, r)
	}
	ruleNames := func(n int, name func(i int) *gwapiv1.SectionName) []string {
		out := make([]string, n)
		for i := range out {
			if s := name(i); s != nil {
				out[i] = string(*s)
			}
		}
		return out
	}
	for _, x := range o.HTTPRoutes {
		if x != nil {
			add(&Route{Kind: KindHTTPRoute, Meta: x.ObjectMeta, Rules: ruleNames(len(x.Spec.Rules), func(i int) *gwapiv1.SectionName { return x.Spec.Rules[i].Name })}, x.Spec.ParentRefs)
		}
	}
	for _, x := range o.GRPCRoutes {
		if x != nil {
			add(&Route{Kind: KindGRPCRoute, Meta: x.ObjectMeta, Rules: ruleNames(len(x.Spec.Rules), func(i int) *gwapiv1.SectionName { return x.Spec.Rules[i].Name })}, x.Spec.ParentRefs)
		}
	}
	for _, x := range o.TLSRoutes {
		if x != nil {
			add(&Route{Kind: KindTLSRoute, Meta: x.ObjectMeta, Rules: ruleNames(len(x.Spec.Rules), func(i int) *gwapiv1.SectionName { return x.Spec.Rules[i].Name })}, x.Spec.ParentRefs)
		}
	}
	for _, x := range o.TCPRoutes {
		if x != nil {
			add(&Route{Kind: KindTCPRoute, Meta: x.ObjectMeta, Rules: ruleNames(len(x.Spec.Rules), func(i int) *gwapiv1.SectionName { return x.Spec.Rules[i].Name })}, x.Spec.ParentRefs)
		}
	}
	for _, x := range o.UDPRoutes {
		if x != nil {
			add(&Route{Kind: KindUDPRoute, Meta: x.ObjectMeta, Rules: ruleNames(len(x.Spec.Rules), func(i int) *gwapiv1.SectionName { return x.Spec.Rules[i].Name })}, x.Spec.ParentRefs)
		}
	}
	return NewTopology(gws, routes, o.NamespaceLabels, GrantsFrom(o.ReferenceGrants))
}

// GrantsFrom returns a GrantChecker over ReferenceGrants.
func GrantsFrom(grants []*gwapiv1.ReferenceGrant) GrantChecker {
	byNS := map[string][]*gwapiv1.ReferenceGrant{}
	for _, g := range grants {
		if g != nil {
			byNS[g.Namespace] = append(byNS[g.Namespace], g)
		}
	}
	return func(fromGroup, fromKind, fromNS, toGroup, toKind, toNS, toName string) bool {
		for _, g := range byNS[toNS] {
			from := false
			for _, f := range g.Spec.From {
				if string(f.Group) == fromGroup && string(f.Kind) == fromKind && string(f.Namespace) == fromNS {
					from = true
					break
				}
			}
			if !from {
				continue
			}
			for _, to := range g.Spec.To {
				if string(to.Group) == toGroup && string(to.Kind) == toKind && (to.Name == nil || *to.Name == "" || string(*to.Name) == toName) {
					return true
				}
			}
		}
		return false
	}
}
