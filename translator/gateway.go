package translator

import (
	"fmt"
	"strconv"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/gatewaykit/gatewaykit/ir"
	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// Gateway-side constants that are part of Envoy Gateway's observable
// behaviour (IR and xDS names, ports), kept here so that one place says them.
const (
	// readinessPort and readinessPath are where every Envoy fleet answers
	// its readiness probe.
	readinessPort = 19003
	readinessPath = "/ready"

	// privilegedPortShift is added to a listener port below
	// firstUnprivilegedPort to get the port Envoy binds in its container,
	// so that the container needs no CAP_NET_BIND_SERVICE.
	privilegedPortShift   = 10000
	firstUnprivilegedPort = 1024

	// ipv4Any and ipv6Any are the addresses listeners bind.
	ipv4Any = "0.0.0.0"
	ipv6Any = "::"

	// defaultAccessLogPath is where the default access log goes.
	defaultAccessLogPath = "/dev/stdout"

	// Labels that the control plane puts on the Service in front of an
	// Envoy fleet, naming the Gateway (or, when merged, the GatewayClass)
	// the fleet serves.
	labelOwningGatewayName      = "gateway.envoyproxy.io/owning-gateway-name"
	labelOwningGatewayNamespace = "gateway.envoyproxy.io/owning-gateway-namespace"
	labelOwningGatewayClass     = "gateway.envoyproxy.io/owning-gatewayclass"

	// annotationPrefix marks the object annotations that are copied into
	// IR metadata.
	annotationPrefix = "gateway.envoyproxy.io/"

	// kindGateway is the kind recorded in listener metadata.
	kindGateway = "Gateway"
)

// processGatewayClasses picks the GatewayClasses this controller handles and
// sets their status: a class is handled when its spec.controllerName is the
// configured controller name and, if a GatewayClass name was configured,
// when it has that name. Handled classes are accepted ("Valid
// GatewayClass") and recorded in t.out.Statuses in input order; a second
// class with the same name is ignored.
//
// When a GatewayClass name is configured but no such object is among the
// inputs, a stand-in class of that name is handled (its Gateways are
// translated), as Envoy Gateway's own test harness does; it has no status to
// report. Its parametersRef names the first EnvoyProxy in the controller
// namespace, if any: that is where a class's EnvoyProxy lives, and where the
// corpus's envoyProxyForGatewayClass is.
func (t *translation) processGatewayClasses() {
	seen := map[string]bool{}
	for _, gc := range t.res.GatewayClasses {
		if gc == nil || string(gc.Spec.ControllerName) != t.cfg.controllerName {
			continue
		}
		if t.cfg.gatewayClassName != "" && gc.Name != t.cfg.gatewayClassName {
			continue
		}
		if seen[gc.Name] {
			continue
		}
		seen[gc.Name] = true
		c := gc.DeepCopy()
		setCondition(&c.Status.Conditions, string(gwapiv1.GatewayClassConditionStatusAccepted),
			metav1.ConditionTrue, string(gwapiv1.GatewayClassReasonAccepted), "Valid GatewayClass", c.Generation)
		t.classes = append(t.classes, c)
		t.out.Statuses.GatewayClasses = append(t.out.Statuses.GatewayClasses, c)
	}
	if name := t.cfg.gatewayClassName; name != "" && !seen[name] {
		standIn := &gwapiv1.GatewayClass{
			ObjectMeta: metav1.ObjectMeta{Name: name},
			Spec:       gwapiv1.GatewayClassSpec{ControllerName: gwapiv1.GatewayController(t.cfg.controllerName)},
		}
		for _, ep := range t.res.EnvoyProxies {
			if ep != nil && ep.Namespace == t.cfg.controllerNamespace {
				ns := gwapiv1.Namespace(ep.Namespace)
				standIn.Spec.ParametersRef = &gwapiv1.ParametersReference{
					Group: egv1a1.GroupName, Kind: egv1a1.KindEnvoyProxy, Name: ep.Name, Namespace: &ns,
				}
				break
			}
		}
		t.classes = append(t.classes, standIn)
	}
}

// processGateways translates every Gateway of a handled class, in input
// order, with the ListenerSets attached to it (attachListenerSets; their
// listeners follow the Gateway's own), in three passes over all of them,
// as Envoy Gateway does:
//
//  1. each listener's own spec is validated (protocol and route kinds,
//     allowed namespaces, TLS and certificates, hostname);
//  2. listeners whose spec is valid are checked for conflicts with each
//     other (within a Gateway, and across Gateways when merged);
//  3. each listener's final conditions are settled and ready listeners get
//     their IR listener, after which HTTPS listeners are checked for
//     overlapping hostnames and certificates.
//
// A Gateway's status copy is recorded in t.out.Statuses as soon as it is
// created, so Statuses.Gateways follows input order. A Gateway with an
// address of an unsupported type is not accepted: it gets an empty IR, no
// listener status, and neither routes nor ListenerSets can attach to it.
// Once the listeners have settled, the ListenerSets' own conditions are
// set (settleListenerSets).
func (t *translation) processGateways() {
	classes := make(map[string]*gwapiv1.GatewayClass, len(t.classes))
	for _, c := range t.classes {
		if _, dup := classes[c.Name]; !dup {
			classes[c.Name] = c
		}
	}
	if len(classes) == 0 {
		return
	}
	proxies := make(map[types.NamespacedName]*egv1a1.EnvoyProxy, len(t.res.EnvoyProxies))
	addFirst(proxies, t.res.EnvoyProxies, func(o *egv1a1.EnvoyProxy) types.NamespacedName { return nameOf(o.Namespace, o.Name) })

	for _, gw := range t.res.Gateways {
		if gw == nil {
			continue
		}
		class := classes[string(gw.Spec.GatewayClassName)]
		if class == nil {
			continue
		}
		key := nameOf(gw.Namespace, gw.Name)
		if _, dup := t.gateways[key]; dup {
			continue
		}
		gs := t.newGatewayState(gw, class, proxies)
		t.out.Statuses.Gateways = append(t.out.Statuses.Gateways, gs.obj)
		if !gs.checkAddresses() {
			if t.unacceptedGateways == nil {
				t.unacceptedGateways = map[types.NamespacedName]*gatewayState{}
			}
			if _, dup := t.unacceptedGateways[key]; !dup {
				t.unacceptedGateways[key] = gs
			}
			continue
		}
		t.checkFrontendTLS(gs)
		t.checkBackendClientCertificate(gs)
		gs.initListeners()
		t.gateways[key] = gs
		t.gatewayList = append(t.gatewayList, gs)
	}
	t.attachListenerSets()

	for _, gs := range t.gatewayList {
		for _, ls := range gs.listeners {
			ls.specValid = t.validateListenerSpec(ls)
		}
	}
	t.detectListenerConflicts()
	for _, gs := range t.gatewayList {
		t.setGatewayGlobals(gs)
		for _, ls := range gs.listeners {
			if ls.settle() {
				t.buildListenerIR(ls)
			}
		}
	}
	t.checkOverlappingTLS()
	t.settleListenerSets()
	t.setProxyServiceClusters(proxies)
}

// finishGateways sets what depends on routes: each listener's
// attachedRoutes, counted by the route side while attaching (for a
// ListenerSet's listener, in its working status; see finishListenerSets).
// The Gateway and GatewayClass copies were already recorded in
// t.out.Statuses, in input order, when they were created.
func (t *translation) finishGateways() {
	for _, gs := range t.gatewayList {
		for _, ls := range gs.listeners {
			ls.status.AttachedRoutes = ls.attachedRoutes
		}
	}
}

// newGatewayState copies gw for its status, resolves its EnvoyProxy and
// finds (or creates) the IR it translates into. Listener statuses (and the
// count of attached ListenerSets) are rebuilt; the Gateway's own conditions
// are kept.
func (t *translation) newGatewayState(gw *gwapiv1.Gateway, class *gwapiv1.GatewayClass,
	proxies map[types.NamespacedName]*egv1a1.EnvoyProxy,
) *gatewayState {
	obj := gw.DeepCopy()
	obj.Status.Listeners = nil
	obj.Status.AttachedListenerSets = nil
	gs := &gatewayState{
		obj:        obj,
		class:      class,
		envoyProxy: resolveEnvoyProxy(gw, class, proxies, t.res.EnvoyProxyDefaults),
	}
	gs.irKey = gw.Namespace + "/" + gw.Name
	if t.cfg.mergeGateways {
		gs.irKey = class.Name
	}
	x := t.out.IR[gs.irKey]
	if x == nil {
		x = &ir.Xds{}
		t.out.IR[gs.irKey] = x
	}
	gs.ir = x
	return gs
}

// resolveEnvoyProxy returns the EnvoyProxy spec that configures gw's fleet:
// the one the Gateway's infrastructure.parametersRef names (in the
// Gateway's namespace), else the one its GatewayClass's parametersRef
// names, else defaults (which may be nil). A reference to a missing object
// falls back to the next source.
func resolveEnvoyProxy(gw *gwapiv1.Gateway, class *gwapiv1.GatewayClass,
	proxies map[types.NamespacedName]*egv1a1.EnvoyProxy, defaults *egv1a1.EnvoyProxySpec,
) *egv1a1.EnvoyProxySpec {
	if inf := gw.Spec.Infrastructure; inf != nil && inf.ParametersRef != nil {
		ref := inf.ParametersRef
		if string(ref.Group) == egv1a1.GroupName && string(ref.Kind) == egv1a1.KindEnvoyProxy {
			if ep := proxies[nameOf(gw.Namespace, ref.Name)]; ep != nil {
				return &ep.Spec
			}
		}
	}
	if ref := class.Spec.ParametersRef; ref != nil && ref.Namespace != nil &&
		string(ref.Group) == egv1a1.GroupName && string(ref.Kind) == egv1a1.KindEnvoyProxy {
		if ep := proxies[nameOf(string(*ref.Namespace), ref.Name)]; ep != nil {
			return &ep.Spec
		}
	}
	return defaults
}

// checkAddresses accepts the Gateway's spec.addresses: each must be of type
// IPAddress (the default) or Hostname. Otherwise the Gateway gets
// Accepted=False/UnsupportedAddress and false is returned.
func (gs *gatewayState) checkAddresses() bool {
	for _, a := range gs.obj.Spec.Addresses {
		if a.Type == nil || *a.Type == gwapiv1.IPAddressType || *a.Type == gwapiv1.HostnameAddressType {
			continue
		}
		setCondition(&gs.obj.Status.Conditions, string(gwapiv1.GatewayConditionAccepted), metav1.ConditionFalse,
			string(gwapiv1.GatewayReasonUnsupportedAddress),
			fmt.Sprintf("Gateway has an address with an unsupported type: %s", *a.Type), gs.obj.Generation)
		return false
	}
	return true
}

// initListeners creates a listenerState, and its status entry, for every
// listener in spec order. A listener whose name repeats an earlier one
// shares that one's status entry, as status entries are keyed by name.
func (gs *gatewayState) initListeners() {
	specs := gs.obj.Spec.Listeners
	gs.listeners = make([]*listenerState, 0, len(specs))
	gs.listenerByName = make(map[gwapiv1.SectionName]*listenerState, len(specs))
	gs.obj.Status.Listeners = make([]gwapiv1.ListenerStatus, 0, len(specs))
	statusIdx := make(map[gwapiv1.SectionName]int, len(specs))
	for i := range specs {
		spec := &specs[i]
		idx, seen := statusIdx[spec.Name]
		if !seen {
			idx = len(gs.obj.Status.Listeners)
			statusIdx[spec.Name] = idx
			gs.obj.Status.Listeners = append(gs.obj.Status.Listeners, gwapiv1.ListenerStatus{
				Name:           spec.Name,
				SupportedKinds: []gwapiv1.RouteGroupKind{},
				Conditions:     []metav1.Condition{},
			})
		}
		ls := &listenerState{gw: gs, spec: spec, statusIdx: idx}
		gs.listeners = append(gs.listeners, ls)
		if !seen {
			gs.listenerByName[spec.Name] = ls
		}
	}
	for _, ls := range gs.listeners {
		ls.status = &gs.obj.Status.Listeners[ls.statusIdx]
	}
}

// setGatewayGlobals fills the parts of the Gateway's IR that do not belong
// to a listener: the readiness listener and the access log.
func (t *translation) setGatewayGlobals(gs *gatewayState) {
	family := ir.IPv4
	address := ipv4Any
	if ep := gs.envoyProxy; ep != nil && ep.IPFamily != nil {
		switch *ep.IPFamily {
		case egv1a1.IPFamilyIPv6:
			family, address = ir.IPv6, ipv6Any
		case egv1a1.IPFamilyDualStack:
			family, address = ir.DualStack, ipv6Any
		}
	}
	gs.ir.ReadyListener = &ir.ReadyListener{Address: address, Port: readinessPort, Path: readinessPath, IPFamily: family}
	gs.ir.AccessLog = defaultAccessLog(gs.envoyProxy)
}

// defaultAccessLog returns the access log of a fleet whose EnvoyProxy sets
// no access log settings: JSON lines to standard output, or none when
// access logging is disabled. Explicit settings are left to the EnvoyProxy
// translation; for them this returns the same default until it runs.
func defaultAccessLog(ep *egv1a1.EnvoyProxySpec) *ir.AccessLog {
	if ep != nil && ep.Telemetry != nil && ep.Telemetry.AccessLog != nil &&
		ep.Telemetry.AccessLog.Disable != nil && *ep.Telemetry.AccessLog.Disable {
		return nil
	}
	return &ir.AccessLog{JSON: []*ir.JSONAccessLog{{Path: defaultAccessLogPath}}}
}

// listenerAddress returns the address listeners of gs bind: the IPv6 any
// address when the fleet's IP family is IPv6 or dual stack.
func (gs *gatewayState) listenerAddress() string {
	if ep := gs.envoyProxy; ep != nil && ep.IPFamily != nil &&
		(*ep.IPFamily == egv1a1.IPFamilyIPv6 || *ep.IPFamily == egv1a1.IPFamilyDualStack) {
		return ipv6Any
	}
	return ipv4Any
}

// containerPort maps a listener port to the port Envoy binds: ports below
// 1024 are shifted up by 10000 (80 becomes 10080), unless the fleet runs on
// the host or its EnvoyProxy asks to use listener ports as container ports.
func (t *translation) containerPort(gs *gatewayState, port int32) int32 {
	if t.cfg.runningOnHost {
		return port
	}
	if ep := gs.envoyProxy; ep != nil && ep.Provider != nil && ep.Provider.Kubernetes != nil &&
		ep.Provider.Kubernetes.UseListenerPortAsContainerPort != nil && *ep.Provider.Kubernetes.UseListenerPortAsContainerPort {
		return port
	}
	if port < firstUnprivilegedPort {
		return port + privilegedPortShift
	}
	return port
}

// buildListenerIR creates the IR listener of a ready listener and appends
// it to its Gateway's IR, named by irName. Its metadata names the Gateway
// and, as sectionName, the listener, also for a ListenerSet's listener.
func (t *translation) buildListenerIR(ls *listenerState) {
	gs := ls.gw
	port := int32(ls.spec.Port)
	name := ls.irName()
	address := gs.listenerAddress()
	cport := uint32(t.containerPort(gs, port))
	meta := &ir.ResourceMetadata{
		Kind:        kindGateway,
		Name:        gs.obj.Name,
		Namespace:   gs.obj.Namespace,
		SectionName: string(ls.spec.Name),
		Annotations: irAnnotations(gs.obj.Annotations),
	}
	switch ls.spec.Protocol {
	case gwapiv1.HTTPProtocolType, gwapiv1.HTTPSProtocolType:
		l := &ir.HTTPListener{
			Name:         name,
			Address:      address,
			Port:         cport,
			ExternalPort: uint32(port),
			Hostnames:    []string{"*"},
			Path:         ir.PathSettings{MergeSlashes: true, EscapedSlashesAction: ir.UnescapeAndRedirect},
			Metadata:     meta,
		}
		if ls.spec.Hostname != nil {
			l.Hostnames = []string{string(*ls.spec.Hostname)}
		}
		if len(ls.certs) > 0 {
			l.TLS = &ir.TLSConfig{Certificates: ls.certs}
			ls.applyFrontendValidation(l.TLS)
		}
		ls.http = l
		gs.ir.HTTP = append(gs.ir.HTTP, l)
	case gwapiv1.TCPProtocolType, gwapiv1.TLSProtocolType:
		l := &ir.TCPListener{
			Name:         name,
			Address:      address,
			Port:         cport,
			ExternalPort: uint32(port),
			Metadata:     meta,
		}
		if len(ls.certs) > 0 {
			l.TLS = &ir.TLSConfig{Certificates: ls.certs, ALPNProtocols: []string{}}
		}
		ls.tcp = l
		gs.ir.TCP = append(gs.ir.TCP, l)
	case gwapiv1.UDPProtocolType:
		l := &ir.UDPListener{
			Name:         name,
			Address:      address,
			Port:         cport,
			ExternalPort: uint32(port),
			Metadata:     meta,
		}
		ls.udp = l
		gs.ir.UDP = append(gs.ir.UDP, l)
	}
}

// irAnnotations returns the annotations whose keys start with
// gateway.envoyproxy.io/, prefix removed, sorted by key; nil when none.
func irAnnotations(annotations map[string]string) []ir.Annotation {
	var out []ir.Annotation
	for k, v := range annotations {
		if len(k) > len(annotationPrefix) && k[:len(annotationPrefix)] == annotationPrefix {
			out = append(out, ir.Annotation{Key: k[len(annotationPrefix):], Value: v})
		}
	}
	sortAnnotations(out)
	return out
}

// sortAnnotations sorts a by key (insertion sort: lists are tiny).
func sortAnnotations(a []ir.Annotation) {
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && a[j].Key < a[j-1].Key; j-- {
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
}

// proxyServiceKey identifies the Service in front of an Envoy fleet by the
// owner labels the control plane puts on it.
type proxyServiceKey struct {
	namespace string
	// gatewayNamespace and gatewayName are set for a per-Gateway fleet;
	// class for a merged one.
	gatewayNamespace, gatewayName, class string
}

// setProxyServiceClusters sets GlobalResources.ProxyServiceCluster of every
// IR: a destination for the Kubernetes Service in front of the fleet
// itself. The Service is found by its owner labels
// (gateway.envoyproxy.io/owning-gateway-name and -namespace, or
// owning-gatewayclass when merged) in the controller namespace (the
// Gateway's namespace in Gateway namespace mode); its first port and the
// endpoints of its EndpointSlices for that port make the destination, named
// after the IR key. With no such Service the IR has no ProxyServiceCluster.
//
// When the GatewayClass's EnvoyProxy sets routingType Service, the
// destination is the Service's cluster IP and port instead.
func (t *translation) setProxyServiceClusters(proxies map[types.NamespacedName]*egv1a1.EnvoyProxy) {
	if len(t.gatewayList) == 0 {
		return
	}
	services := map[proxyServiceKey]int{}
	for i, svc := range t.res.Services {
		if svc == nil {
			continue
		}
		var k proxyServiceKey
		if c, ok := svc.Labels[labelOwningGatewayClass]; ok {
			k = proxyServiceKey{namespace: svc.Namespace, class: c}
		} else {
			n, ok1 := svc.Labels[labelOwningGatewayName]
			ns, ok2 := svc.Labels[labelOwningGatewayNamespace]
			if !ok1 || !ok2 {
				continue
			}
			k = proxyServiceKey{namespace: svc.Namespace, gatewayNamespace: ns, gatewayName: n}
		}
		if _, dup := services[k]; !dup {
			services[k] = i
		}
	}
	done := map[string]bool{}
	for _, gs := range t.gatewayList {
		if done[gs.irKey] {
			continue
		}
		ns := t.cfg.controllerNamespace
		if t.cfg.gatewayNamespaceMode {
			ns = gs.obj.Namespace
		}
		k := proxyServiceKey{namespace: ns, gatewayNamespace: gs.obj.Namespace, gatewayName: gs.obj.Name}
		if t.cfg.mergeGateways {
			k = proxyServiceKey{namespace: ns, class: gs.class.Name}
		}
		i, ok := services[k]
		if !ok {
			continue
		}
		svc := t.res.Services[i]
		if len(svc.Spec.Ports) == 0 {
			continue
		}
		done[gs.irKey] = true
		sp := svc.Spec.Ports[0]
		meta := &ir.ResourceMetadata{
			Kind:        "Service",
			Name:        svc.Name,
			Namespace:   svc.Namespace,
			SectionName: strconv.Itoa(int(sp.Port)),
		}
		setting := &ir.DestinationSetting{
			Name:     gs.irKey,
			Protocol: ir.AppProtocol(sp.Protocol),
			Metadata: meta,
		}
		if rt := classRoutingType(gs.class, proxies); rt != nil && *rt == egv1a1.RoutingTypeService {
			setting.Endpoints = []*ir.DestinationEndpoint{{Host: svc.Spec.ClusterIP, Port: uint32(sp.Port)}}
		} else {
			setting.Endpoints, setting.AddressType = t.proxyServiceEndpoints(svc.Namespace, svc.Name, sp.Name, string(sp.Protocol))
		}
		if gs.ir.GlobalResources == nil {
			gs.ir.GlobalResources = &ir.GlobalResources{}
		}
		gs.ir.GlobalResources.ProxyServiceCluster = &ir.RouteDestination{
			Name:     gs.irKey,
			Settings: []*ir.DestinationSetting{setting},
			Metadata: meta,
		}
	}
}

// classRoutingType returns the routingType of the EnvoyProxy the class's
// parametersRef names, or nil.
func classRoutingType(class *gwapiv1.GatewayClass, proxies map[types.NamespacedName]*egv1a1.EnvoyProxy) *egv1a1.RoutingType {
	ref := class.Spec.ParametersRef
	if ref == nil || ref.Namespace == nil || string(ref.Group) != egv1a1.GroupName || string(ref.Kind) != egv1a1.KindEnvoyProxy {
		return nil
	}
	if ep := proxies[nameOf(string(*ref.Namespace), ref.Name)]; ep != nil {
		return ep.Spec.RoutingType
	}
	return nil
}

// proxyServiceEndpoints returns the endpoints of Service ns/name's
// EndpointSlices for the port named portName with the given protocol, in
// slice order, and their address type. Endpoints that report not ready are
// left out.
func (t *translation) proxyServiceEndpoints(ns, name, portName, protocol string) ([]*ir.DestinationEndpoint, *ir.DestinationAddressType) {
	var out []*ir.DestinationEndpoint
	fqdn, ip := false, false
	for _, es := range t.idx.endpointSlices[nameOf(ns, name)] {
		var port int32
		found := false
		for _, p := range es.Ports {
			if p.Port == nil || (p.Name != nil && *p.Name != portName) || (p.Name == nil && portName != "") {
				continue
			}
			if p.Protocol != nil && string(*p.Protocol) != protocol {
				continue
			}
			port, found = *p.Port, true
			break
		}
		if !found {
			continue
		}
		for _, ep := range es.Endpoints {
			if ep.Conditions.Ready != nil && !*ep.Conditions.Ready {
				continue
			}
			for _, addr := range ep.Addresses {
				d := &ir.DestinationEndpoint{Host: addr, Port: uint32(port)}
				if ep.Zone != nil {
					z := *ep.Zone
					d.Zone = &z
				}
				out = append(out, d)
				if es.AddressType == "FQDN" {
					fqdn = true
				} else {
					ip = true
				}
			}
		}
	}
	if len(out) == 0 {
		return nil, nil
	}
	at := ir.IP
	switch {
	case fqdn && ip:
		at = ir.MIXED
	case fqdn:
		at = ir.FQDN
	}
	return out, &at
}

// setCondition sets the condition of type typ in conds, replacing one of
// the same type in place or appending it. lastTransitionTime is left zero:
// translation reads no clock.
func setCondition(conds *[]metav1.Condition, typ string, status metav1.ConditionStatus, reason, message string, generation int64) {
	c := metav1.Condition{Type: typ, Status: status, Reason: reason, Message: message, ObservedGeneration: generation}
	for i := range *conds {
		if (*conds)[i].Type == typ {
			(*conds)[i] = c
			return
		}
	}
	*conds = append(*conds, c)
}
