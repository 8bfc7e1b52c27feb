package translator

// policyTarget says where a policy's features are being applied, so that
// feature builders can check what depends on the place (the Gateway's
// EnvoyProxy, the ClientTrafficPolicy on a listener, the kind of route).
type policyTarget struct {
	// gw is the Gateway the policy applies under (the ancestor in its
	// status).
	gw *gatewayState
	// listeners are the listeners of gw concerned: the targeted listener,
	// every listener of a targeted Gateway or ListenerSet, or the listeners
	// a targeted route is attached to.
	listeners []*listenerState
	// routeKind is the kind of the targeted route (HTTPRoute, GRPCRoute,
	// TCPRoute, ...), or empty when the policy targets a Gateway,
	// ListenerSet or listener.
	routeKind string
}
