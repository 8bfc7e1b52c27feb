package translator

import (
	"errors"
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/gatewaykit/gatewaykit/ir"
	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// External services are the backends a policy talks to itself rather than
// routes traffic to: an ext auth or ext proc server, a JWKS endpoint, an
// OIDC provider. Their backendRefs are resolved much like a route's, with
// Envoy Gateway's differences: the reference is checked (and its errors
// worded) as Envoy Gateway checks a policy's references, ReferenceGrants
// must admit the policy kind of group gateway.envoyproxy.io, Backends may
// use Unix domain sockets, and all backends of one external service must
// share one endpoint type.
//
// Destination names follow Envoy Gateway's scheme, a public contract since
// EnvoyPatchPolicies address clusters by name:
// <policy kind, lower case>/<namespace>/<name>/<feature>/<index>, for
// example securitypolicy/default/my-policy/extauth/0, with settings
// <destination>/backend/<i> (i is the index in backendRefs).

// Errors of external service references, in Envoy Gateway's words.
var (
	errExtServiceNoRefs      = errors.New("no backendRefs found for external service")
	errExtServiceNoPort      = errors.New("a valid port number corresponding to a port on the Service must be specified")
	errExtServiceMixed       = errors.New("external service destinations having multiple endpoint types are not supported")
	errExtServiceMixedSlices = errors.New("mixed endpointslice address type for the same backendRef is not supported")
	errExtServiceDynamic     = errors.New("dynamic resolver destinations are not supported")
	errExtServiceBadGroup    = fmt.Errorf("group is invalid, only the core API group (specified by omitting the group field or setting it to an empty string), %s and %s are supported", groupMultiCluster, egv1a1.GroupName)
	errExtServiceBadKind     = errors.New("kind is invalid, only Service, MCS ServiceImport and Envoy Gateway Backend are supported")
)

// extServiceDestination resolves the backends of an external service that
// a policy of kind policyKind in namespace policyNS refers to (ext auth, ext
// proc, OIDC provider or remote JWKS backendRefs) into the destination
// named name (see the scheme above; the policy's name is read from its
// third segment for the destination's metadata).
//
// Each reference is checked in this order: group and kind, port (required
// except for Backends), that the Service or ServiceImport exists, is not of
// type ExternalName and has the TCP port, that a ReferenceGrant admits a
// reference to another namespace, that Backends are enabled and the
// Backend exists and is valid. Then it is resolved to its endpoints with
// appProtocol (a Service port's appProtocol may change it, as for routes),
// its BackendTLSPolicy or Backend TLS settings (the policy is the
// BackendTLSPolicy's ancestor; gw supplies the client certificate), its
// weight (references of weight 0 are left out) and fallback priority.
// The first problem is returned, worded as Envoy Gateway words it, without
// a feature prefix. The external service's backendSettings are the
// caller's: clusterTraffic turns them into the traffic features that go
// with the destination, at the point of the caller's checks where Envoy
// Gateway translates them.
func (t *translation) extServiceDestination(policyKind, policyNS, name string, refs []egv1a1.BackendRef, appProtocol ir.AppProtocol, gw *gatewayState) (*ir.RouteDestination, error) {
	if len(refs) == 0 {
		return nil, errExtServiceNoRefs
	}
	policyName := extServicePolicyName(name)
	dest := &ir.RouteDestination{
		Name:     name,
		Metadata: &ir.ResourceMetadata{Kind: policyKind, Name: policyName, Namespace: policyNS},
	}
	ancestor := extPolicyAncestorRef(policyKind, policyNS, policyName)
	for i := range refs {
		ref := &refs[i]
		r := extRef{ref: ref, ns: policyNS, kind: kindService}
		if ref.Namespace != nil && *ref.Namespace != "" {
			r.ns = string(*ref.Namespace)
		}
		if ref.Kind != nil {
			r.kind = string(*ref.Kind)
		}
		if ref.Group != nil {
			r.group = string(*ref.Group)
		}
		if err := t.checkExtServiceRef(policyKind, policyNS, &r); err != nil {
			return nil, err
		}
		weight := uint32(1)
		if ref.Weight != nil {
			if *ref.Weight <= 0 {
				continue
			}
			weight = uint32(*ref.Weight)
		}
		ds, err := t.extServiceSetting(&r, appProtocol, gw)
		if err != nil {
			return nil, err
		}
		obj := r.objectRef()
		tls, p := t.backendRefTLS(ancestor, gw, r.kind, r.group, r.ns, &obj)
		if p != nil {
			return nil, errors.New(p.msg)
		}
		ds.TLS = tls
		ds.Name = fmt.Sprintf("%s/backend/%d", name, i)
		ds.Weight = &weight
		if ref.Fallback != nil && *ref.Fallback {
			one := uint32(1)
			ds.Priority = &one
		}
		dest.Settings = append(dest.Settings, ds)
	}
	if extServiceMixed(dest.Settings) {
		return nil, errExtServiceMixed
	}
	return dest, nil
}

// extRef is one backendRef of an external service with its defaults
// applied: the namespace (the policy's), group ("") and kind (Service).
type extRef struct {
	ref             *egv1a1.BackendRef
	ns, group, kind string
}

// objectRef is the reference as a Gateway API BackendObjectReference.
func (r *extRef) objectRef() gwapiv1.BackendObjectReference {
	ns := gwapiv1.Namespace(r.ns)
	kind := gwapiv1.Kind(r.kind)
	group := gwapiv1.Group(r.group)
	return gwapiv1.BackendObjectReference{Group: &group, Kind: &kind, Name: r.ref.Name, Namespace: &ns, Port: r.ref.Port}
}

// checkExtServiceRef checks a reference before it is resolved; see
// extServiceDestination for the order of the checks.
func (t *translation) checkExtServiceRef(policyKind, policyNS string, r *extRef) error {
	name := string(r.ref.Name)
	if r.group != "" && r.group != groupMultiCluster && r.group != egv1a1.GroupName {
		return errExtServiceBadGroup
	}
	if r.kind != kindService && r.kind != kindServiceImport && r.kind != kindBackend {
		return errExtServiceBadKind
	}
	if r.kind != kindBackend && r.ref.Port == nil {
		return errExtServiceNoPort
	}
	switch r.kind {
	case kindService:
		svc := t.idx.services[nameOf(r.ns, name)]
		if svc == nil {
			return fmt.Errorf("service %s/%s not found", r.ns, name)
		}
		if svc.Spec.Type == corev1.ServiceTypeExternalName {
			return fmt.Errorf("Service %s/%s is of type ExternalName, which is not supported as a backend; use an Envoy Gateway Backend resource with an FQDN endpoint instead", r.ns, name)
		}
		if !extHasTCPPort(svc.Spec.Ports, int32(*r.ref.Port)) {
			return fmt.Errorf("TCP Port %d not found on service %s/%s", *r.ref.Port, r.ns, name)
		}
	case kindServiceImport:
		si := t.idx.serviceImports[nameOf(r.ns, name)]
		if si == nil {
			return fmt.Errorf("serviceimport %s/%s not found", r.ns, name)
		}
		found := false
		for _, p := range si.Spec.Ports {
			if p.Port == int32(*r.ref.Port) && (p.Protocol == "" || p.Protocol == corev1.ProtocolTCP) {
				found = true
				break
			}
		}
		if !found {
			return fmt.Errorf("TCP Port %d not found on service %s/%s", *r.ref.Port, r.ns, name)
		}
	}
	if r.ns != policyNS && !t.policyRefGranted(policyKind, policyNS, r.group, r.kind, r.ns, name) {
		return fmt.Errorf("backend ref to %s %s/%s not permitted by any ReferenceGrant", r.kind, r.ns, name)
	}
	if r.kind == kindBackend {
		if !t.cfg.backendEnabled {
			return fmt.Errorf("resource %s of type Backend cannot be used since Backend is disabled in Envoy Gateway configuration", name)
		}
		be := t.idx.backends[nameOf(r.ns, name)]
		if be == nil {
			return fmt.Errorf("backend %s/%s not found", r.ns, name)
		}
		if p := t.validateBackend(be); p != nil {
			return errors.New(p.msg)
		}
	}
	return nil
}

// extHasTCPPort reports whether ports hold port over TCP (the default
// protocol).
func extHasTCPPort(ports []corev1.ServicePort, port int32) bool {
	for _, p := range ports {
		if p.Port == port && (p.Protocol == "" || p.Protocol == corev1.ProtocolTCP) {
			return true
		}
	}
	return false
}

// policyRefGranted reports whether a ReferenceGrant in toNS lets policies
// of kind fromKind (group gateway.envoyproxy.io) in fromNS refer to the
// object.
func (t *translation) policyRefGranted(fromKind, fromNS, toGroup, toKind, toNS, toName string) bool {
	return t.granted(egv1a1.GroupName, fromKind, fromNS, toGroup, toKind, toNS, toName)
}

// extServiceSetting resolves a checked reference to its endpoints (TLS,
// name, weight and priority are the caller's).
func (t *translation) extServiceSetting(r *extRef, protocol ir.AppProtocol, gw *gatewayState) (*ir.DestinationSetting, error) {
	name := string(r.ref.Name)
	var (
		ds *ir.DestinationSetting
		p  *routeProblem
	)
	switch r.kind {
	case kindService:
		if ds = t.extServiceRoutedSetting(r.ns, name, int32(*r.ref.Port), protocol, gw); ds != nil {
			return ds, nil
		}
		ds, p = t.serviceSetting(r.ns, name, int32(*r.ref.Port), corev1.ProtocolTCP, protocol, "", false)
	case kindServiceImport:
		ds, p = t.serviceImportSetting(r.ns, name, int32(*r.ref.Port), corev1.ProtocolTCP, protocol)
	default:
		return t.extBackendSetting(t.idx.backends[nameOf(r.ns, name)], protocol)
	}
	if p != nil {
		return nil, errors.New(p.msg)
	}
	if ds.AddressType != nil && *ds.AddressType == ir.MIXED {
		return nil, errExtServiceMixedSlices
	}
	return ds, nil
}

// extServiceRoutedSetting returns the setting that sends to the cluster IP of
// Service ns/name when the Gateway's EnvoyProxy routes to Services rather
// than to their endpoints (routingType Service) and the Service has a
// cluster IP; nil otherwise.
func (t *translation) extServiceRoutedSetting(ns, name string, port int32, protocol ir.AppProtocol, gw *gatewayState) *ir.DestinationSetting {
	if gw == nil || gw.envoyProxy == nil || gw.envoyProxy.RoutingType == nil || *gw.envoyProxy.RoutingType != egv1a1.RoutingTypeService {
		return nil
	}
	svc := t.idx.services[nameOf(ns, name)]
	if svc == nil || svc.Spec.ClusterIP == "" || svc.Spec.ClusterIP == corev1.ClusterIPNone {
		return nil
	}
	ws := false
	for _, sp := range svc.Spec.Ports {
		if sp.Port == port && (sp.Protocol == "" || sp.Protocol == corev1.ProtocolTCP) {
			if sp.AppProtocol != nil {
				protocol = serviceAppProtocol(*sp.AppProtocol, protocol, true)
				ws = isWebSocketAppProtocol(*sp.AppProtocol)
			}
			break
		}
	}
	return &ir.DestinationSetting{
		Protocol:           protocol,
		Endpoints:          []*ir.DestinationEndpoint{{Host: svc.Spec.ClusterIP, Port: uint32(port)}},
		Metadata:           sectionMeta(kindService, &svc.ObjectMeta, port),
		PreferLocal:        preferLocalZone(svc),
		ForceHTTP1Upstream: ws,
	}
}

// extBackendSetting resolves a (checked) Envoy Gateway Backend. Unlike a
// route's, an external service may use Unix domain sockets: a setting of
// sockets only, or of sockets and IP addresses, has no address type (the
// endpoints are listed statically); FQDNs mixed with anything else are not
// supported.
func (t *translation) extBackendSetting(be *egv1a1.Backend, protocol ir.AppProtocol) (*ir.DestinationSetting, error) {
	if be == nil {
		return nil, errors.New("failed to translate external service backendRef")
	}
	if be.Spec.Type != nil && *be.Spec.Type == egv1a1.BackendTypeDynamicResolver {
		return nil, errExtServiceDynamic
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
	var ip, fqdn, unix int
	for _, ep := range be.Spec.Endpoints {
		switch {
		case ep.IP != nil:
			ip++
			ds.Endpoints = append(ds.Endpoints, &ir.DestinationEndpoint{Host: ep.IP.Address, Port: uint32(ep.IP.Port), Hostname: ep.Hostname, Zone: ep.Zone})
		case ep.FQDN != nil:
			fqdn++
			ds.Endpoints = append(ds.Endpoints, &ir.DestinationEndpoint{Host: ep.FQDN.Hostname, Port: uint32(ep.FQDN.Port), Hostname: ep.Hostname, Zone: ep.Zone})
		case ep.Unix != nil:
			unix++
			path := ep.Unix.Path
			ds.Endpoints = append(ds.Endpoints, &ir.DestinationEndpoint{Path: &path, Hostname: ep.Hostname, Zone: ep.Zone})
		}
	}
	switch {
	case fqdn > 0 && (ip > 0 || unix > 0):
		return nil, errExtServiceMixedSlices
	case fqdn > 0:
		v := ir.FQDN
		ds.AddressType = &v
	case ip > 0 && unix == 0:
		v := ir.IP
		ds.AddressType = &v
	}
	if be.Spec.Fallback != nil && *be.Spec.Fallback {
		one := uint32(1)
		ds.Priority = &one
	}
	ds.Metadata = &ir.ResourceMetadata{Kind: kindBackend, Name: be.Name, Namespace: be.Namespace, Annotations: egAnnotations(be.Annotations)}
	return ds, nil
}

// extServiceEndpointType classifies a setting by its endpoints, as Envoy
// Gateway's address types do: IP, FQDN, Unix sockets only, or IPs and
// sockets together. A setting without endpoints has no type.
func extServiceEndpointType(ds *ir.DestinationSetting) string {
	var ip, fqdn, unix bool
	for _, ep := range ds.Endpoints {
		switch {
		case ep == nil:
		case ep.Path != nil:
			unix = true
		case ds.AddressType != nil && *ds.AddressType == ir.FQDN:
			fqdn = true
		default:
			ip = true
		}
	}
	switch {
	case fqdn:
		return "FQDN"
	case ip && unix:
		return "Static"
	case unix:
		return "UDS"
	case ip:
		return "IP"
	}
	return ""
}

// extServiceMixed reports whether the settings of an external service
// have different endpoint types, which Envoy Gateway does not support.
func extServiceMixed(settings []*ir.DestinationSetting) bool {
	first := ""
	for _, ds := range settings {
		et := extServiceEndpointType(ds)
		if et == "" {
			continue
		}
		if first == "" {
			first = et
		} else if et != first {
			return true
		}
	}
	return false
}

// extServicePolicyName reads the policy name out of an external service
// destination name (<kind>/<namespace>/<name>/...).
func extServicePolicyName(dest string) string {
	parts := strings.SplitN(dest, "/", 4)
	if len(parts) < 3 {
		return ""
	}
	return parts[2]
}

// extPolicyAncestorRef is the reference to a policy of Envoy Gateway's group
// as the ancestor of a BackendTLSPolicy that its external service uses.
func extPolicyAncestorRef(kind, ns, name string) gwapiv1.ParentReference {
	group := gwapiv1.Group(egv1a1.GroupName)
	k := gwapiv1.Kind(kind)
	n := gwapiv1.Namespace(ns)
	return gwapiv1.ParentReference{Group: &group, Kind: &k, Namespace: &n, Name: gwapiv1.ObjectName(name)}
}
