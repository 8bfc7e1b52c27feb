package translator

import (
	"fmt"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/gatewaykit/gatewaykit/ir"
	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// API groups a backendRef may name.
const (
	groupMultiCluster = "multicluster.x-k8s.io"
	kindService       = "Service"
	kindServiceImport = "ServiceImport"
	kindBackend       = "Backend"
)

// typOr returns the problem's condition type, or def when it has none.
func (p *routeProblem) typOr(def gwapiv1.RouteConditionType) gwapiv1.RouteConditionType {
	if p.typ != "" {
		return p.typ
	}
	return def
}

func problem(reason gwapiv1.RouteConditionReason, format string, args ...any) *routeProblem {
	return &routeProblem{reason: reason, msg: fmt.Sprintf(format, args...)}
}

// refDefaults returns what resolving ref starts from: a setting named name
// with the reference's weight (1 when unset) and no endpoints, and the
// referenced object's namespace, group and kind with their defaults (the
// route's namespace, the core group, Service).
func refDefaults(rs *routeSpec, ref *gwapiv1.BackendRef, name string) (empty *ir.DestinationSetting, ns, group, kind string) {
	weight := uint32(1)
	if ref.Weight != nil && *ref.Weight >= 0 {
		weight = uint32(*ref.Weight)
	}
	empty = &ir.DestinationSetting{Name: name, Weight: &weight}
	ns = rs.meta.Namespace
	if ref.Namespace != nil && *ref.Namespace != "" {
		ns = string(*ref.Namespace)
	}
	kind = kindService
	if ref.Kind != nil {
		kind = string(*ref.Kind)
	}
	if ref.Group != nil {
		group = string(*ref.Group)
	}
	return empty, ns, group, kind
}

// resolveBackendRef turns a backendRef into a destination setting named
// name. It always returns a setting (without endpoints when the reference
// cannot be used) and, when it cannot be used, the problem.
func (t *translation) resolveBackendRef(rs *routeSpec, p *routeParent, br *backendRefSpec, name string) (*ir.DestinationSetting, *routeProblem) {
	ref := &br.ref
	empty, ns, group, kind := refDefaults(rs, ref, name)
	if group != "" && group != groupMultiCluster && group != egv1a1.GroupName {
		return empty, problem(gwapiv1.RouteReasonInvalidKind, "Group is invalid, only the core API group (specified by omitting the group field or setting it to an empty string), %s and %s are supported", groupMultiCluster, egv1a1.GroupName)
	}
	if kind != kindService && kind != kindServiceImport && kind != kindBackend {
		return empty, problem(gwapiv1.RouteReasonInvalidKind, "Kind is invalid, only Service, MCS ServiceImport and Envoy Gateway Backend are supported")
	}
	if kind == kindBackend && !t.cfg.backendEnabled {
		return empty, problem(gwapiv1.RouteReasonUnsupportedValue, "Backend is disabled in Envoy Gateway configuration")
	}
	if ns != rs.meta.Namespace && !t.refGranted(rs.kind, rs.meta.Namespace, group, kind, ns, string(ref.Name)) {
		return empty, problem(gwapiv1.RouteReasonRefNotPermitted, "Backend ref to %s %s/%s not permitted by any ReferenceGrant", kind, ns, ref.Name)
	}
	if kind != kindBackend && ref.Port == nil {
		return empty, problem(reasonPortNotSpecified, "A valid port number corresponding to a port on the Service must be specified")
	}
	if *empty.Weight == 0 {
		return empty, nil
	}
	protocol, transport := ir.HTTP, corev1.ProtocolTCP
	switch rs.kind {
	case kindGRPCRoute:
		protocol = ir.GRPC
	case kindUDPRoute:
		transport = corev1.ProtocolUDP
	}
	var (
		ds  *ir.DestinationSetting
		err *routeProblem
	)
	switch kind {
	case kindService:
		ds, err = t.serviceSetting(ns, string(ref.Name), int32(*ref.Port), transport, protocol, name, gatewayServiceRouting(p.gw))
	case kindServiceImport:
		ds, err = t.serviceImportSetting(ns, string(ref.Name), int32(*ref.Port), transport, protocol)
	default:
		ds, err = t.backendSetting(ns, string(ref.Name), protocol)
	}
	if err != nil {
		return empty, err
	}
	if tls, perr := t.backendRefTLS(p.ref, p.gw, kind, group, ns, &ref.BackendObjectReference); perr != nil {
		return empty, perr
	} else if tls != nil {
		ds.TLS = tls
	}
	ds.Name = name
	if len(br.filters) > 0 {
		fc, errs := t.processFilters(rs, p, 0, br.filters, rs.kind == kindGRPCRoute)
		if len(errs) > 0 {
			msgs := make([]string, len(errs))
			for i, e := range errs {
				msgs[i] = e.msg
			}
			return empty, problem(reasonInvalidBackendFilters, "%s", strings.Join(msgs, "\n"))
		}
		ds.Filters = &ir.DestinationFilters{
			AddRequestHeaders: fc.AddRequestHeaders, RemoveRequestHeaders: fc.RemoveRequestHeaders,
			AddResponseHeaders: fc.AddResponseHeaders, RemoveResponseHeaders: fc.RemoveResponseHeaders,
			URLRewrite: fc.URLRewrite, CredentialInjection: fc.CredentialInjection,
		}
		if fc.URLRewrite != nil && fc.URLRewrite.Host != nil && fc.URLRewrite.Host.Backend != nil && *fc.URLRewrite.Host.Backend {
			setServiceHostname(ds)
		}
	}
	if ds.AddressType != nil && *ds.AddressType == ir.MIXED {
		if kind == kindBackend {
			return empty, problem(reasonUnsupportedAddressType, "mixed FQDN and IP or Unix address type for the same backendRef is not supported")
		}
		return empty, problem(reasonUnsupportedAddressType, "mixed endpointslice address type for the same backendRef is not supported")
	}
	ds.Weight = empty.Weight
	return ds, nil
}

// refGranted reports whether a ReferenceGrant in the target namespace lets
// routes of fromKind in fromNS refer to the object.
func (t *translation) refGranted(fromKind, fromNS, toGroup, toKind, toNS, toName string) bool {
	return t.granted(gwapiv1.GroupName, fromKind, fromNS, toGroup, toKind, toNS, toName)
}

func sectionMeta(kind string, meta *metav1.ObjectMeta, port int32) *ir.ResourceMetadata {
	return &ir.ResourceMetadata{Kind: kind, Name: meta.Name, Namespace: meta.Namespace,
		SectionName: strconv.Itoa(int(port)), Annotations: egAnnotations(meta.Annotations)}
}

// serviceSetting resolves port of Service ns/name, a port of the given
// transport protocol (TCP, or UDP for UDPRoutes), to its ready endpoints,
// or to its cluster IP when serviceRouting is set and it has one
// (backend_routing.go). When settingName is not empty the resolution is
// recorded under it, so that a policy's routing type can redo it.
func (t *translation) serviceSetting(ns, name string, port int32, transport corev1.Protocol, protocol ir.AppProtocol, settingName string, serviceRouting bool) (*ir.DestinationSetting, *routeProblem) {
	svc := t.idx.services[nameOf(ns, name)]
	if svc == nil {
		return nil, problem(gwapiv1.RouteReasonBackendNotFound, "service %s/%s not found", ns, name)
	}
	if svc.Spec.Type == corev1.ServiceTypeExternalName {
		return nil, problem(gwapiv1.RouteReasonUnsupportedValue, "Service %s/%s is of type ExternalName, which is not supported as a backend; use an Envoy Gateway Backend resource with an FQDN endpoint instead", ns, name)
	}
	var sp *corev1.ServicePort
	for i := range svc.Spec.Ports {
		pp := &svc.Spec.Ports[i]
		proto := pp.Protocol
		if proto == "" {
			proto = corev1.ProtocolTCP
		}
		if pp.Port == port && proto == transport {
			sp = pp
			break
		}
	}
	if sp == nil {
		return nil, problem(reasonPortNotFound, "%s Port %d not found on Service %s/%s", transport, port, ns, name)
	}
	if sp.AppProtocol != nil {
		protocol = serviceAppProtocol(*sp.AppProtocol, protocol, true)
	}
	if settingName != "" {
		t.noteServiceBackend(settingName, serviceBackend{namespace: ns, name: name, port: port, portName: sp.Name, transport: transport})
	}
	eps, at := sliceEndpoints(t.idx.endpointSlices[nameOf(ns, name)], sp.Name, transport)
	if ep := serviceClusterIPEndpoint(svc, port); serviceRouting && ep != nil {
		eps, at = []*ir.DestinationEndpoint{ep}, nil
	}
	if len(eps) == 0 {
		return nil, problem(reasonEndpointsNotFound, "no ready endpoints for the related Service %s/%s", ns, name)
	}
	return &ir.DestinationSetting{Protocol: protocol, Endpoints: eps, AddressType: at, Metadata: sectionMeta(kindService, &svc.ObjectMeta, port),
		ForceHTTP1Upstream: sp.AppProtocol != nil && isWebSocketAppProtocol(*sp.AppProtocol),
		PreferLocal:        preferLocalZone(svc)}, nil
}

// preferLocalZone returns the zone-aware routing of a Service whose
// spec.trafficDistribution prefers the client's zone (PreferSameZone, or
// its older name PreferClose): traffic stays in the local zone whenever
// that zone has an endpoint. Nil otherwise.
func preferLocalZone(svc *corev1.Service) *ir.PreferLocalZone {
	td := svc.Spec.TrafficDistribution
	if td == nil || (*td != corev1.ServiceTrafficDistributionPreferSameZone && *td != corev1.ServiceTrafficDistributionPreferClose) {
		return nil
	}
	one, oneZone := uint64(1), uint32(1)
	return &ir.PreferLocalZone{MinEndpointsThreshold: &one, Force: &ir.ForceLocalZone{MinEndpointsInZoneThreshold: &oneZone}}
}

// serviceImportSetting does for ServiceImports what serviceSetting does for
// Services.
func (t *translation) serviceImportSetting(ns, name string, port int32, transport corev1.Protocol, protocol ir.AppProtocol) (*ir.DestinationSetting, *routeProblem) {
	si := t.idx.serviceImports[nameOf(ns, name)]
	if si == nil {
		return nil, problem(gwapiv1.RouteReasonBackendNotFound, "service import %s/%s not found", ns, name)
	}
	found, portName, ws := false, "", false
	for _, pp := range si.Spec.Ports {
		proto := pp.Protocol
		if proto == "" {
			proto = corev1.ProtocolTCP
		}
		if pp.Port == port && proto == transport {
			found, portName = true, pp.Name
			if pp.AppProtocol != nil {
				protocol = serviceAppProtocol(*pp.AppProtocol, protocol, false)
				ws = isWebSocketAppProtocol(*pp.AppProtocol)
			}
			break
		}
	}
	if !found {
		return nil, problem(reasonPortNotFound, "%s Port %d not found on ServiceImport %s/%s", transport, port, ns, name)
	}
	eps, at := sliceEndpoints(t.idx.importEndpointSlices[nameOf(ns, name)], portName, transport)
	if len(eps) == 0 {
		return nil, problem(reasonEndpointsNotFound, "no ready endpoints for the related ServiceImport %s/%s", ns, name)
	}
	return &ir.DestinationSetting{Protocol: protocol, Endpoints: eps, AddressType: at, Metadata: sectionMeta(kindServiceImport, &si.ObjectMeta, port),
		ForceHTTP1Upstream: ws}, nil
}

// isWebSocketAppProtocol reports whether a Service, ServiceImport or
// Backend port speaks WebSocket (plain or over TLS): such backends are
// reached over HTTP/1.1 only, since WebSocket upgrades need it.
func isWebSocketAppProtocol(ap string) bool {
	switch ap {
	case "kubernetes.io/ws", "kubernetes.io/wss",
		string(egv1a1.AppProtocolTypeGatewayEnvoyproxyIoWs), string(egv1a1.AppProtocolTypeGatewayEnvoyproxyIoWss):
		return true
	}
	return false
}

// serviceAppProtocol maps a Service port's appProtocol to the protocol
// Envoy speaks; grpc counts only for Services, not ServiceImports.
func serviceAppProtocol(ap string, def ir.AppProtocol, grpc bool) ir.AppProtocol {
	switch {
	case ap == "kubernetes.io/h2c":
		return ir.HTTP2
	case ap == "grpc" && grpc:
		return ir.GRPC
	}
	return def
}

// sliceEndpoints collects the endpoints of the slices for one port, and
// the address type they share (Mixed when slices differ).
func sliceEndpoints(slices []*discoveryv1.EndpointSlice, portName string, proto corev1.Protocol) ([]*ir.DestinationEndpoint, *ir.DestinationAddressType) {
	var (
		out      []*ir.DestinationEndpoint
		fqdn, ip int
	)
	for _, es := range slices {
		if es.AddressType == discoveryv1.AddressTypeFQDN {
			fqdn++
		} else {
			ip++
		}
		for _, ep := range es.Endpoints {
			for _, pp := range es.Ports {
				name, pproto := "", corev1.ProtocolTCP
				if pp.Name != nil {
					name = *pp.Name
				}
				if pp.Protocol != nil {
					pproto = *pp.Protocol
				}
				if name != portName || pproto != proto || pp.Port == nil {
					continue
				}
				c := ep.Conditions
				draining := false
				if c.Serving != nil && c.Terminating != nil {
					draining = *c.Terminating || !*c.Serving
				} else {
					draining = c.Ready != nil && !*c.Ready
				}
				for _, addr := range ep.Addresses {
					out = append(out, &ir.DestinationEndpoint{Host: addr, Port: uint32(*pp.Port), Draining: draining, Zone: ep.Zone})
				}
			}
		}
	}
	var at *ir.DestinationAddressType
	switch {
	case len(slices) == 0:
	case fqdn == len(slices):
		v := ir.FQDN
		at = &v
	case ip == len(slices):
		v := ir.IP
		at = &v
	default:
		v := ir.MIXED
		at = &v
	}
	return out, at
}

// backendSetting resolves an Envoy Gateway Backend.
func (t *translation) backendSetting(ns, name string, protocol ir.AppProtocol) (*ir.DestinationSetting, *routeProblem) {
	be := t.idx.backends[nameOf(ns, name)]
	if be == nil {
		return nil, problem(gwapiv1.RouteReasonBackendNotFound, "Backend %s/%s not found", ns, name)
	}
	if p := t.validateBackend(be); p != nil {
		return nil, p
	}
	ds := &ir.DestinationSetting{}
	for _, ap := range be.Spec.AppProtocols {
		if ap == egv1a1.AppProtocolTypeGatewayEnvoyproxyIoH2c {
			protocol = ir.HTTP2
		}
		if isWebSocketAppProtocol(string(ap)) {
			ds.ForceHTTP1Upstream = true
		}
	}
	ds.Protocol = protocol
	if be.Spec.Type != nil && *be.Spec.Type == egv1a1.BackendTypeDynamicResolver {
		ds.IsDynamicResolver = true
		return ds, nil
	}
	var fqdn, ip int
	for _, ep := range be.Spec.Endpoints {
		switch {
		case ep.Unix != nil:
			return nil, problem(reasonUnsupportedAddressType, "unix domain sockets are not supported in backend references")
		case ep.IP != nil:
			ip++
			ds.Endpoints = append(ds.Endpoints, &ir.DestinationEndpoint{Host: ep.IP.Address, Port: uint32(ep.IP.Port), Hostname: ep.Hostname, Zone: ep.Zone})
		case ep.FQDN != nil:
			fqdn++
			ds.Endpoints = append(ds.Endpoints, &ir.DestinationEndpoint{Host: ep.FQDN.Hostname, Port: uint32(ep.FQDN.Port), Hostname: ep.Hostname, Zone: ep.Zone})
		}
	}
	n := len(be.Spec.Endpoints)
	switch {
	case n == 0:
	case fqdn == n:
		v := ir.FQDN
		ds.AddressType = &v
	case ip == n:
		v := ir.IP
		ds.AddressType = &v
	default:
		v := ir.MIXED
		ds.AddressType = &v
	}
	if be.Spec.Fallback != nil && *be.Spec.Fallback {
		one := uint32(1)
		ds.Priority = &one
	}
	ds.Metadata = &ir.ResourceMetadata{Kind: kindBackend, Name: be.Name, Namespace: be.Namespace, Annotations: egAnnotations(be.Annotations)}
	return ds, nil
}

// backendRefTLS returns the TLS settings for a resolved backendRef (nil for
// plain text). The BackendTLSPolicy section of the ref is the name of the
// Service port it selects, or the port number for ServiceImports and
// Backends. ancestor and gs are as for backendTLS.
func (t *translation) backendRefTLS(ancestor gwapiv1.ParentReference, gs *gatewayState, kind, group, ns string, ref *gwapiv1.BackendObjectReference) (*ir.TLSUpstreamConfig, *routeProblem) {
	name := string(ref.Name)
	key := policyTargetKey{namespace: ns, group: group, kind: kind, name: name}
	var (
		section string
		be      *egv1a1.Backend
	)
	switch kind {
	case kindService:
		if svc := t.idx.services[nameOf(ns, name)]; svc != nil && ref.Port != nil {
			for _, sp := range svc.Spec.Ports {
				if sp.Port == int32(*ref.Port) {
					section = sp.Name
					break
				}
			}
		}
	case kindServiceImport:
		if si := t.idx.serviceImports[nameOf(ns, name)]; si != nil && ref.Port != nil {
			for _, sp := range si.Spec.Ports {
				if sp.Port == int32(*ref.Port) {
					section = sp.Name
					break
				}
			}
		}
	case kindBackend:
		be = t.idx.backends[nameOf(ns, name)]
		section = backendPortSection(ref.Port)
	}
	return t.backendTLS(ancestor, gs, key, section, be)
}
