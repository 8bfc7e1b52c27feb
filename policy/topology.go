package policy

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// Kinds of the objects a policy can target.
const (
	KindGateway     = "Gateway"
	KindListenerSet = "ListenerSet"
	KindHTTPRoute   = "HTTPRoute"
	KindGRPCRoute   = "GRPCRoute"
	KindTLSRoute    = "TLSRoute"
	KindTCPRoute    = "TCPRoute"
	KindUDPRoute    = "UDPRoute"
)

// Gateway is a Gateway that policies can attach to, with the listeners
// declared in its own spec.
type Gateway struct {
	Meta metav1.ObjectMeta
	// Listeners are the names of the Gateway's own listeners, in spec order.
	Listeners []string
	// ListenerSets are the ListenerSets attached to the Gateway.
	ListenerSets []*ListenerSet
}

// ListenerSet is a ListenerSet attached to a Gateway.
type ListenerSet struct {
	Meta    metav1.ObjectMeta
	Gateway *Gateway
	// Listeners are the names of the set's listeners, in spec order.
	Listeners []string
}

// Route is a route that policies can attach to.
type Route struct {
	// Kind is HTTPRoute, GRPCRoute, TLSRoute, TCPRoute or UDPRoute.
	Kind string
	Meta metav1.ObjectMeta
	// Rules are the rule names in spec order ("" for a rule without one).
	Rules []string
	// Parents are the route's parentRefs.
	Parents []RouteParent

	// ancestors caches routeAncestors (set by NewTopology).
	ancestors []gwapiv1.ParentReference
}

// RouteParent is one parentRef of a route.
type RouteParent struct {
	// Ref is the parentRef as written.
	Ref gwapiv1.ParentReference
	// Gateway is the Gateway the parentRef resolves to (the ListenerSet's
	// Gateway for a ListenerSet parent); nil when the parent is not one
	// known here, for example a Gateway of another controller. Such a
	// parent is not an ancestor in a route policy's status.
	Gateway *Gateway
	// ListenerSet is set when the parentRef names a ListenerSet.
	ListenerSet *ListenerSet
	// Listeners are the listeners the route is attached to through this
	// parentRef.
	Listeners []Listener
}

// Listener names one listener: a Gateway's own (Set nil) or a
// ListenerSet's.
type Listener struct {
	Gateway *Gateway
	Set     *ListenerSet
	Name    string
}

// Topology is everything policies can target, indexed for lookups by kind,
// namespace and name and by namespace for label selectors.
type Topology struct {
	gateways     map[types.NamespacedName]*Gateway
	listenerSets map[types.NamespacedName]*ListenerSet
	routes       map[routeKey]*Route
	// byNamespace lists the selectable objects of each kind per namespace,
	// in the order they were added.
	byNamespace map[string]map[string][]selectable
	// namespaceLabels holds the labels of each known Namespace.
	namespaceLabels map[string]map[string]string
	// grants answers whether a ReferenceGrant allows a reference.
	grants GrantChecker
}

// GrantChecker reports whether a ReferenceGrant in the namespace toNS
// allows objects of fromGroup/fromKind in fromNS to refer to the object
// toGroup/toKind toName there.
type GrantChecker func(fromGroup, fromKind, fromNS, toGroup, toKind, toNS, toName string) bool

type routeKey struct{ kind, namespace, name string }

type selectable struct {
	group, kind string
	meta        *metav1.ObjectMeta
}

// NewTopology builds a Topology. namespaceLabels maps each known Namespace
// to its labels (namespaces missing from it are not searched by selectors
// with namespaces from All or Selector); grants may be nil, and then no
// cross-namespace target is allowed.
func NewTopology(gateways []*Gateway, routes []*Route, namespaceLabels map[string]map[string]string, grants GrantChecker) *Topology {
	t := &Topology{
		gateways:        make(map[types.NamespacedName]*Gateway, len(gateways)),
		listenerSets:    map[types.NamespacedName]*ListenerSet{},
		routes:          make(map[routeKey]*Route, len(routes)),
		byNamespace:     map[string]map[string][]selectable{},
		namespaceLabels: namespaceLabels,
		grants:          grants,
	}
	for _, g := range gateways {
		k := nn(g.Meta.Namespace, g.Meta.Name)
		if _, dup := t.gateways[k]; dup {
			continue
		}
		t.gateways[k] = g
		t.addSelectable(gwapiv1.GroupName, KindGateway, &g.Meta)
		for _, s := range g.ListenerSets {
			sk := nn(s.Meta.Namespace, s.Meta.Name)
			if _, dup := t.listenerSets[sk]; dup {
				continue
			}
			t.listenerSets[sk] = s
			t.addSelectable(gwapiv1.GroupName, KindListenerSet, &s.Meta)
		}
	}
	for _, r := range routes {
		k := routeKey{r.Kind, r.Meta.Namespace, r.Meta.Name}
		if _, dup := t.routes[k]; dup {
			continue
		}
		t.routes[k] = r
		r.ancestors = routeAncestors(r)
		t.addSelectable(gwapiv1.GroupName, r.Kind, &r.Meta)
	}
	return t
}

func (t *Topology) addSelectable(group, kind string, meta *metav1.ObjectMeta) {
	m := t.byNamespace[meta.Namespace]
	if m == nil {
		m = map[string][]selectable{}
		t.byNamespace[meta.Namespace] = m
	}
	m[kind] = append(m[kind], selectable{group: group, kind: kind, meta: meta})
}

// Gateway returns the Gateway namespace/name, or nil.
func (t *Topology) Gateway(namespace, name string) *Gateway { return t.gateways[nn(namespace, name)] }

// ListenerSet returns the ListenerSet namespace/name, or nil.
func (t *Topology) ListenerSet(namespace, name string) *ListenerSet {
	return t.listenerSets[nn(namespace, name)]
}

// Route returns the route of the kind namespace/name, or nil.
func (t *Topology) Route(kind, namespace, name string) *Route {
	return t.routes[routeKey{kind, namespace, name}]
}

func nn(namespace, name string) types.NamespacedName {
	return types.NamespacedName{Namespace: namespace, Name: name}
}

func hasString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
