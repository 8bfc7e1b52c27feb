package translator

import (
	"fmt"
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// Condition messages that Envoy Gateway uses for listeners. They are part of
// the status contract, so they are spelled exactly as Envoy Gateway does.
const (
	msgListenerProgrammed = "Sending translated listener configuration to the data plane"
	msgListenerAccepted   = "Listener has been successfully translated"
	msgListenerResolved   = "Listener references have been resolved"
	msgListenerInvalid    = "Listener is invalid, see other Conditions for details."

	// reasonPartiallyInvalidCertificateRef is Envoy Gateway's own
	// ResolvedRefs reason for a listener with some, but not all,
	// certificates unusable; the listener still serves with the rest.
	reasonPartiallyInvalidCertificateRef = "PartiallyInvalidCertificateRef"
	// reasonUnsupportedTLSMode is Envoy Gateway's Programmed reason for an
	// HTTPS listener whose TLS mode is not Terminate.
	reasonUnsupportedTLSMode = "UnsupportedTLSMode"
)

// Route kinds each listener protocol accepts, in the order Envoy Gateway
// reports them in supportedKinds.
var (
	routeKindsHTTP           = []gwapiv1.Kind{"HTTPRoute", "GRPCRoute"}
	routeKindsTLSPassthrough = []gwapiv1.Kind{"TLSRoute"}
	routeKindsTLS            = []gwapiv1.Kind{"TCPRoute", "TLSRoute"}
	routeKindsTCP            = []gwapiv1.Kind{"TCPRoute"}
	routeKindsUDP            = []gwapiv1.Kind{"UDPRoute"}
)

// setCond sets a condition on the listener's status, observing the
// generation of the object that declares the listener.
func (l *listenerState) setCond(typ gwapiv1.ListenerConditionType, status metav1.ConditionStatus, reason, message string) {
	gen := l.gw.obj.Generation
	if l.set != nil {
		gen = l.set.obj.Generation
	}
	setCondition(&l.status.Conditions, string(typ), status, reason, message, gen)
}

// cond returns the listener's condition of type typ, or nil.
func (l *listenerState) cond(typ gwapiv1.ListenerConditionType) *metav1.Condition {
	for i := range l.status.Conditions {
		if l.status.Conditions[i].Type == string(typ) {
			return &l.status.Conditions[i]
		}
	}
	return nil
}

// fullName is the listener's name as Envoy Gateway writes it in conflict
// messages: <namespace>/<name>/<listener-name>, where namespace and name
// are the Gateway's, or the ListenerSet's that declares the listener.
func (l *listenerState) fullName() string {
	return l.ownerNamespace() + "/" + l.ownerName() + "/" + string(l.spec.Name)
}

// irName is the name of the listener's IR (and xDS) listener:
// <gateway-namespace>/<gateway-name>/<listener-name> for the Gateway's own
// listeners, and
// <gateway-namespace>/<gateway-name>/<set-namespace>/<set-name>/<listener-name>
// for a ListenerSet's.
func (l *listenerState) irName() string {
	prefix := l.gw.obj.Namespace + "/" + l.gw.obj.Name + "/"
	if l.set == nil {
		return prefix + string(l.spec.Name)
	}
	return prefix + l.fullName()
}

// ownerNamespace is the namespace of the object that declares the
// listener: the ListenerSet's for a ListenerSet's listener, else the
// Gateway's. It is the namespace that allowedRoutes From Same admits and
// that certificate references default to.
func (l *listenerState) ownerNamespace() string {
	if l.set != nil {
		return l.set.obj.Namespace
	}
	return l.gw.obj.Namespace
}

// ownerName is the name of the object that declares the listener.
func (l *listenerState) ownerName() string {
	if l.set != nil {
		return l.set.obj.Name
	}
	return l.gw.obj.Name
}

// ownerKind is the kind of the object that declares the listener, as
// ReferenceGrants name it in from: Gateway or ListenerSet.
func (l *listenerState) ownerKind() string {
	if l.set != nil {
		return kindListenerSet
	}
	return kindGateway
}

// allowsKind reports whether routes of kind group/kind may attach to the
// listener: the kind is among its supported kinds (allowedRoutes.kinds
// filtered by what the protocol accepts). An empty group means the Gateway
// API group.
func (l *listenerState) allowsKind(group, kind string) bool {
	if group == "" {
		group = gwapiv1.GroupName
	}
	for _, k := range l.allowedKinds {
		g := gwapiv1.GroupName
		if k.Group != nil && *k.Group != "" {
			g = string(*k.Group)
		}
		if g == group && string(k.Kind) == kind {
			return true
		}
	}
	return false
}

// allowsNamespace reports whether routes in namespace ns may attach to the
// listener under allowedRoutes.namespaces: Same (the default) allows the
// namespace of the Gateway (or ListenerSet) that declares the listener, All
// allows any, Selector allows namespaces whose labels (from the Namespace
// objects among the inputs) match the selector.
// A namespace that is not among the inputs matches no selector; a selector
// that could not be parsed allows nothing.
func (l *listenerState) allowsNamespace(ns string) bool {
	switch l.namespacesFrom {
	case gwapiv1.NamespacesFromAll:
		return true
	case gwapiv1.NamespacesFromSelector:
		if l.namespaceSelector == nil || l.namespaces == nil {
			return false
		}
		obj := l.namespaces[ns]
		if obj == nil {
			return false
		}
		return l.namespaceSelector.Matches(labels.Set(obj.Labels))
	case gwapiv1.NamespacesFromSame, "":
		return ns == l.ownerNamespace()
	}
	return false
}

// validateListenerSpec checks what a listener declares on its own, setting
// its supportedKinds and any condition that says why it is invalid, in
// Envoy Gateway's order: protocol and route kinds, allowed namespaces, TLS,
// hostname. It reports whether the spec is valid, which decides whether the
// listener takes part in conflict detection.
func (t *translation) validateListenerSpec(l *listenerState) bool {
	valid := true
	var kinds []gwapiv1.Kind
	switch l.spec.Protocol {
	case gwapiv1.HTTPProtocolType, gwapiv1.HTTPSProtocolType:
		kinds = routeKindsHTTP
	case gwapiv1.TLSProtocolType:
		kinds = routeKindsTLS
		if l.spec.TLS != nil && l.spec.TLS.Mode != nil && *l.spec.TLS.Mode == gwapiv1.TLSModePassthrough {
			kinds = routeKindsTLSPassthrough
		}
	case gwapiv1.TCPProtocolType:
		kinds = routeKindsTCP
	case gwapiv1.UDPProtocolType:
		kinds = routeKindsUDP
	default:
		l.setKinds(nil)
		l.setCond(gwapiv1.ListenerConditionAccepted, metav1.ConditionFalse, string(gwapiv1.ListenerReasonUnsupportedProtocol),
			fmt.Sprintf("Protocol %s is unsupported, must be %s, %s, %s or %s.", l.spec.Protocol,
				gwapiv1.HTTPProtocolType, gwapiv1.HTTPSProtocolType, gwapiv1.TCPProtocolType, gwapiv1.UDPProtocolType))
		valid = false
	}
	if kinds != nil && !l.validateAllowedKinds(kinds) {
		valid = false
	}
	if !t.validateAllowedNamespaces(l) {
		valid = false
	}
	if !t.validateListenerTLS(l) {
		valid = false
	}
	if !l.validateHostname() {
		valid = false
	}
	return valid
}

// setKinds records kinds as both the listener's supportedKinds and the
// kinds routes may attach with.
func (l *listenerState) setKinds(kinds []gwapiv1.RouteGroupKind) {
	if kinds == nil {
		kinds = []gwapiv1.RouteGroupKind{}
	}
	l.allowedKinds = kinds
	l.status.SupportedKinds = kinds
}

// validateAllowedKinds filters allowedRoutes.kinds by what the protocol
// accepts (all of accepted when none are listed). A kind of another group,
// or one the protocol does not accept, sets ResolvedRefs=False with reason
// InvalidRouteKinds and makes the spec invalid.
func (l *listenerState) validateAllowedKinds(accepted []gwapiv1.Kind) bool {
	group := gwapiv1.Group(gwapiv1.GroupName)
	if l.spec.AllowedRoutes == nil || len(l.spec.AllowedRoutes.Kinds) == 0 {
		kinds := make([]gwapiv1.RouteGroupKind, len(accepted))
		for i, k := range accepted {
			g := group
			kinds[i] = gwapiv1.RouteGroupKind{Group: &g, Kind: k}
		}
		l.setKinds(kinds)
		return true
	}
	valid := true
	kinds := []gwapiv1.RouteGroupKind{}
	for _, k := range l.spec.AllowedRoutes.Kinds {
		if k.Group != nil && *k.Group != group {
			l.setCond(gwapiv1.ListenerConditionResolvedRefs, metav1.ConditionFalse, string(gwapiv1.ListenerReasonInvalidRouteKinds),
				fmt.Sprintf("Group is not supported, group must be %s", gwapiv1.GroupName))
			valid = false
			continue
		}
		ok := false
		for _, a := range accepted {
			if k.Kind == a {
				ok = true
				break
			}
		}
		if !ok {
			names := make([]string, len(accepted))
			for i, a := range accepted {
				names[i] = string(a)
			}
			l.setCond(gwapiv1.ListenerConditionResolvedRefs, metav1.ConditionFalse, string(gwapiv1.ListenerReasonInvalidRouteKinds),
				fmt.Sprintf("%s is not supported, kind must be one of [%s]", k.Kind, strings.Join(names, " ")))
			valid = false
			continue
		}
		dup := false
		for _, have := range kinds {
			if have.Kind == k.Kind {
				dup = true
				break
			}
		}
		if !dup {
			g := group
			kinds = append(kinds, gwapiv1.RouteGroupKind{Group: &g, Kind: k.Kind})
		}
	}
	l.setKinds(kinds)
	return valid
}

// validateAllowedNamespaces resolves allowedRoutes.namespaces. From
// Selector needs a selector that parses; otherwise Programmed=False with
// reason Invalid.
func (t *translation) validateAllowedNamespaces(l *listenerState) bool {
	l.namespacesFrom = gwapiv1.NamespacesFromSame
	ar := l.spec.AllowedRoutes
	if ar == nil || ar.Namespaces == nil || ar.Namespaces.From == nil {
		return true
	}
	l.namespacesFrom = *ar.Namespaces.From
	if l.namespacesFrom != gwapiv1.NamespacesFromSelector {
		return true
	}
	l.namespaces = t.idx.namespaces
	if ar.Namespaces.Selector == nil {
		l.setCond(gwapiv1.ListenerConditionProgrammed, metav1.ConditionFalse, string(gwapiv1.ListenerReasonInvalid),
			`The allowedRoutes.namespaces.selector field must be specified when allowedRoutes.namespaces.from is set to "Selector".`)
		return false
	}
	sel, err := metav1.LabelSelectorAsSelector(ar.Namespaces.Selector)
	if err != nil {
		l.setCond(gwapiv1.ListenerConditionProgrammed, metav1.ConditionFalse, string(gwapiv1.ListenerReasonInvalid),
			fmt.Sprintf("The allowedRoutes.namespaces.selector could not be parsed: %v.", err))
		return false
	}
	l.namespaceSelector = sel
	return true
}

// validateHostname rejects a hostname on TCP and UDP listeners, which
// cannot match on it.
func (l *listenerState) validateHostname() bool {
	if (l.spec.Protocol == gwapiv1.TCPProtocolType || l.spec.Protocol == gwapiv1.UDPProtocolType) && l.spec.Hostname != nil {
		l.setCond(gwapiv1.ListenerConditionProgrammed, metav1.ConditionFalse, string(gwapiv1.ListenerReasonInvalid),
			fmt.Sprintf("Listener must not have hostname set when protocol is %s.", l.spec.Protocol))
		return false
	}
	return true
}

// settle sets the listener's final Accepted, Programmed and ResolvedRefs
// conditions from those validation and conflict detection left, and
// reports whether the listener is ready (gets IR and takes routes):
//
//   - no condition yet: all three True, ready;
//   - only ResolvedRefs=False/PartiallyInvalidCertificateRef: Accepted and
//     Programmed True, ready (it serves with its valid certificates);
//   - only ResolvedRefs=False/InvalidCertificateRef: Accepted True,
//     Programmed False, not ready;
//   - otherwise: Programmed False/Invalid unless already set, ResolvedRefs
//     True unless already set, not ready.
//
// A ListenerSet's listener settles the same way, except that the reason of
// the Programmed=False conditions set here is ListenersNotValid, and that
// a ready one also gets Conflicted=False/NoConflicts.
func (l *listenerState) settle() bool {
	conds := l.status.Conditions
	invalid := string(gwapiv1.ListenerReasonInvalid)
	if l.set != nil {
		invalid = string(gwapiv1.ListenerSetReasonListenersNotValid)
	}
	switch {
	case len(conds) == 0:
		l.setCond(gwapiv1.ListenerConditionProgrammed, metav1.ConditionTrue, string(gwapiv1.ListenerReasonProgrammed), msgListenerProgrammed)
		l.setCond(gwapiv1.ListenerConditionAccepted, metav1.ConditionTrue, string(gwapiv1.ListenerReasonAccepted), msgListenerAccepted)
		l.setCond(gwapiv1.ListenerConditionResolvedRefs, metav1.ConditionTrue, string(gwapiv1.ListenerReasonResolvedRefs), msgListenerResolved)
		l.setReady()
		return true
	case len(conds) == 1 && conds[0].Type == string(gwapiv1.ListenerConditionResolvedRefs) &&
		conds[0].Reason == reasonPartiallyInvalidCertificateRef:
		l.setCond(gwapiv1.ListenerConditionAccepted, metav1.ConditionTrue, string(gwapiv1.ListenerReasonAccepted), msgListenerAccepted)
		l.setCond(gwapiv1.ListenerConditionProgrammed, metav1.ConditionTrue, string(gwapiv1.ListenerReasonProgrammed), msgListenerProgrammed)
		l.setReady()
		return true
	case len(conds) == 1 && conds[0].Type == string(gwapiv1.ListenerConditionResolvedRefs) &&
		conds[0].Reason == string(gwapiv1.ListenerReasonInvalidCertificateRef):
		l.setCond(gwapiv1.ListenerConditionAccepted, metav1.ConditionTrue, string(gwapiv1.ListenerReasonAccepted), msgListenerAccepted)
		l.setCond(gwapiv1.ListenerConditionProgrammed, metav1.ConditionFalse, invalid, msgListenerInvalid)
		return false
	}
	if l.cond(gwapiv1.ListenerConditionProgrammed) == nil {
		l.setCond(gwapiv1.ListenerConditionProgrammed, metav1.ConditionFalse, invalid, msgListenerInvalid)
	}
	if l.cond(gwapiv1.ListenerConditionResolvedRefs) == nil {
		l.setCond(gwapiv1.ListenerConditionResolvedRefs, metav1.ConditionTrue, string(gwapiv1.ListenerReasonResolvedRefs), msgListenerResolved)
	}
	return false
}

// setReady marks the listener ready; a ListenerSet's listener also reports
// that it has no conflict.
func (l *listenerState) setReady() {
	l.ready = true
	if l.set != nil {
		l.setCond(gwapiv1.ListenerConditionConflicted, metav1.ConditionFalse, string(gwapiv1.ListenerReasonNoConflicts), msgListenerSetListenerNoClash)
	}
}
