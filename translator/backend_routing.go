package translator

import (
	corev1 "k8s.io/api/core/v1"

	"github.com/gatewaykit/gatewaykit/ir"
	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// Routing type: whether Envoy sends a route's traffic to the endpoints
// (pods) of a Kubernetes Service backend, the default, or to the Service's
// cluster IP and port, letting kube-proxy pick the pod (routingType
// Service). The EnvoyProxy of the Gateway sets the default for all its
// routes; a BackendTrafficPolicy's spec.routingType overrides it for the
// routes it covers (the most specific policy wins, like every other BTP
// field). Only Service backends are affected: ServiceImports and Envoy
// Gateway Backends keep their endpoints.
//
// A Service without a cluster IP (headless, or none given) keeps its
// endpoints under Service routing: there is no address to send to.

// serviceBackend is what a Service backendRef resolved from, kept by
// destination setting name so that a policy's routing type can resolve
// it again.
type serviceBackend struct {
	namespace, name string
	port            int32
	portName        string
	transport       corev1.Protocol
}

// noteServiceBackend records that the setting named name came from a
// Service backendRef.
func (t *translation) noteServiceBackend(name string, sb serviceBackend) {
	if t.serviceBackends == nil {
		t.serviceBackends = map[string]serviceBackend{}
	}
	t.serviceBackends[name] = sb
}

// gatewayServiceRouting reports whether the EnvoyProxy of gs routes to
// Services' cluster IPs.
func gatewayServiceRouting(gs *gatewayState) bool {
	return gs != nil && gs.envoyProxy != nil && gs.envoyProxy.RoutingType != nil && *gs.envoyProxy.RoutingType == egv1a1.RoutingTypeService
}

// serviceClusterIPEndpoint returns the endpoint of svc's cluster IP on
// port, or nil when svc has no cluster IP.
func serviceClusterIPEndpoint(svc *corev1.Service, port int32) *ir.DestinationEndpoint {
	if svc == nil || svc.Spec.ClusterIP == "" || svc.Spec.ClusterIP == corev1.ClusterIPNone {
		return nil
	}
	return &ir.DestinationEndpoint{Host: svc.Spec.ClusterIP, Port: uint32(port)}
}

// applyRoutingType re-resolves the Service backends of r's destination
// (and of its mirrors) for routing type rt. Settings that did not come
// from a Service, or that carry no endpoints (an invalid backendRef), are
// left alone.
func (t *translation) applyRoutingType(r *ir.HTTPRoute, rt egv1a1.RoutingType) {
	if r == nil {
		return
	}
	dests := []*ir.RouteDestination{r.Destination}
	for _, m := range r.Mirrors {
		if m != nil {
			dests = append(dests, m.Destination)
		}
	}
	for _, d := range dests {
		if d == nil {
			continue
		}
		for _, ds := range d.Settings {
			t.rerouteSetting(ds, rt)
		}
	}
}

// rerouteSetting sets the endpoints of one setting for routing type rt.
func (t *translation) rerouteSetting(ds *ir.DestinationSetting, rt egv1a1.RoutingType) {
	if ds == nil || ds.Invalid || len(ds.Endpoints) == 0 {
		return
	}
	sb, ok := t.serviceBackends[ds.Name]
	if !ok {
		return
	}
	svc := t.idx.services[nameOf(sb.namespace, sb.name)]
	switch rt {
	case egv1a1.RoutingTypeService:
		if ep := serviceClusterIPEndpoint(svc, sb.port); ep != nil {
			ds.Endpoints = []*ir.DestinationEndpoint{ep}
			ds.AddressType = nil
		}
	case egv1a1.RoutingTypeEndpoint:
		eps, at := sliceEndpoints(t.idx.endpointSlices[nameOf(sb.namespace, sb.name)], sb.portName, sb.transport)
		if len(eps) > 0 && (at == nil || *at != ir.MIXED) {
			ds.Endpoints, ds.AddressType = eps, at
		}
	}
}
