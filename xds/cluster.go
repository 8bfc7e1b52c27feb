package xds

import (
	"fmt"
	"time"

	clusterv3 "github.com/envoyproxy/go-control-plane/envoy/config/cluster/v3"
	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	routev3 "github.com/envoyproxy/go-control-plane/envoy/config/route/v3"
	dnsclusterv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/clusters/dns/v3"
	dfpclusterv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/clusters/dynamic_forward_proxy/v3"
	dfpcommonv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/common/dynamic_forward_proxy/v3"
	clusterprovidedv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/load_balancing_policies/cluster_provided/v3"
	lbcommonv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/load_balancing_policies/common/v3"
	leastrequestv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/load_balancing_policies/least_request/v3"
	httpv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/upstreams/http/v3"
	typev3 "github.com/envoyproxy/go-control-plane/envoy/type/v3"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/anypb"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/structpb"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/gatewaykit/gatewaykit/ir"
)

// Cluster defaults, as Envoy Gateway sets them.
const (
	// defaultConnectTimeout bounds connecting to an upstream host.
	defaultConnectTimeout = 10 * time.Second
	// defaultBufferLimitBytes is each upstream connection's buffer limit.
	defaultBufferLimitBytes = 32768
	// defaultMaxRetries is the circuit breaker's limit on parallel retries.
	defaultMaxRetries = 1024
	// defaultDNSRefreshRate is how often DNS clusters re-resolve.
	defaultDNSRefreshRate = 30 * time.Second
	// defaultZoneMinClusterSize is the smallest cluster for which
	// zone-aware routing is used when a backend prefers its local zone.
	defaultZoneMinClusterSize = 6
	// upstreamH2StreamWindow and upstreamH2ConnWindow are
	// the HTTP/2 flow-control windows of upstream connections.
	upstreamH2StreamWindow = 65536
	upstreamH2ConnWindow   = 1048576

	httpProtocolOptionsKey = "envoy.extensions.upstreams.http.v3.HttpProtocolOptions"
	dfpCacheNamePrefix     = "envoy-gateway-dfp-cache"
	// systemTrustStoreSecret is the secret that points Envoy at the
	// system CA bundle.
	systemTrustStoreSecret = "system_ca_certificates"
	systemTrustStorePath   = "/etc/ssl/certs/ca-certificates.crt"
)

// endpointKind says how a cluster finds its hosts.
type endpointKind int

const (
	endpointsEDS endpointKind = iota
	endpointsDNS
	endpointsDynamic
)

// clusterSpec is one destination to build, with the route features that
// shape its cluster.
type clusterSpec struct {
	dest *ir.RouteDestination
	// path is the IR field path of dest, for errors.
	path string
	// traffic holds the cluster-level features that shape the cluster
	// (see ir.TrafficFeatures); nil for none.
	traffic *ir.TrafficFeatures
	// route marks the cluster of an HTTP route's destination or mirror,
	// which a route picks endpoints for: consistent hashing is the
	// route's then, not the cluster's.
	route bool
	// hostname is the route's hostname, the Host of HTTP health checks
	// that name none; empty for other clusters.
	hostname string
	// proxyService marks the cluster of the proxy's own Service, which
	// Envoy Gateway balances zone-aware.
	proxyService bool
	// useClientProtocol makes the cluster speak the client's HTTP version
	// (ir.HTTPRoute.UseClientProtocol).
	useClientProtocol bool
}

// buildClusters builds a cluster and a cluster load assignment for every
// destination that x refers to: HTTP route destinations and mirrors, TCP
// and UDP route destinations, and the proxy service cluster. A destination
// reached from several routes is built once, from its first occurrence in
// IR order.
func (b *builder) buildClusters(x *ir.Xds) error {
	for i, l := range x.HTTP {
		for j, r := range l.Routes {
			p := fmt.Sprintf("http[%d].routes[%d]", i, j)
			if r.Destination != nil {
				if err := b.addRouteClusters(clusterSpec{dest: r.Destination, path: p + ".destination", traffic: r.Traffic, route: true, hostname: r.Hostname, useClientProtocol: r.UseClientProtocol != nil && *r.UseClientProtocol}); err != nil {
					return err
				}
			}
			if err := b.filterClusters(r, p); err != nil {
				return err
			}
			for k, m := range r.Mirrors {
				if m == nil || m.Destination == nil {
					continue
				}
				if err := b.addCluster(clusterSpec{dest: m.Destination, path: fmt.Sprintf("%s.mirrors[%d].destination", p, k), traffic: r.Traffic, route: true, hostname: r.Hostname}); err != nil {
					return err
				}
			}
		}
	}
	for i, l := range x.TCP {
		if len(l.Routes) == 0 {
			b.addEmptyCluster()
		}
		for j, r := range l.Routes {
			if r.Destination == nil {
				continue
			}
			if err := b.addCluster(clusterSpec{dest: r.Destination, path: fmt.Sprintf("tcp[%d].routes[%d].destination", i, j)}); err != nil {
				return err
			}
		}
	}
	for i, l := range x.UDP {
		if l.Route == nil {
			b.addEmptyCluster()
			continue
		}
		if l.Route.Destination == nil {
			continue
		}
		if err := b.addCluster(clusterSpec{dest: l.Route.Destination, path: fmt.Sprintf("udp[%d].route.destination", i)}); err != nil {
			return err
		}
	}
	if g := x.GlobalResources; g != nil && g.ProxyServiceCluster != nil {
		if err := b.addCluster(clusterSpec{dest: g.ProxyServiceCluster, path: "globalResources.proxyServiceCluster", proxyService: true}); err != nil {
			return err
		}
	}
	return b.addEnvoyClientResources(x)
}

// addEmptyCluster adds the static cluster without endpoints that TCP and
// UDP listeners without a route forward to (EmptyClusterName).
func (b *builder) addEmptyCluster() {
	if _, ok := b.clusters[EmptyClusterName]; ok {
		return
	}
	b.clusters[EmptyClusterName] = &clusterv3.Cluster{
		Name:                 EmptyClusterName,
		ClusterDiscoveryType: &clusterv3.Cluster_Type{Type: clusterv3.Cluster_STATIC},
	}
}

// addRouteClusters adds the clusters of an HTTP route's destination: one
// cluster for the whole destination, or, when the route must split
// traffic itself (see splitsBackends) or balances over weighted zones
// (whose localities are zones, so that backends cannot be localities),
// one cluster per setting, named after the setting.
func (b *builder) addRouteClusters(s clusterSpec) error {
	if !splitsBackends(s.dest) && weightedZones(s.traffic) == nil {
		return b.addCluster(s)
	}
	for i, ds := range s.dest.Settings {
		if ds == nil {
			return fmt.Errorf("xds: %s.settings[%d]: must not be null", s.path, i)
		}
		one := s
		one.dest = &ir.RouteDestination{Name: ds.Name, Settings: []*ir.DestinationSetting{ds}, Metadata: s.dest.Metadata}
		one.path = fmt.Sprintf("%s.settings[%d]", s.path, i)
		if err := b.addCluster(one); err != nil {
			return err
		}
	}
	return nil
}

// splitsBackends reports whether a route to d picks the backend itself,
// with weighted clusters, instead of leaving it to one cluster's
// localities: when a backend has filters of its own, when some backends
// are invalid (their share is answered with 500), or when backends mix IP
// and FQDN addresses, which one cluster cannot hold.
func splitsBackends(d *ir.RouteDestination) bool {
	var addrType *ir.DestinationAddressType
	for _, ds := range d.Settings {
		if ds == nil {
			continue
		}
		if ds.Filters != nil {
			return true
		}
		if !backendValid(ds) {
			if ds.Weight == nil || *ds.Weight > 0 {
				return true
			}
			continue
		}
		if ds.AddressType != nil {
			if addrType != nil && *addrType != *ds.AddressType {
				return true
			}
			addrType = ds.AddressType
		}
	}
	return false
}

// backendValid reports whether a setting can take traffic: it has
// endpoints, or resolves hosts at request time.
func backendValid(ds *ir.DestinationSetting) bool {
	return !ds.Invalid && (ds.IsDynamicResolver || len(ds.Endpoints) > 0)
}

// addCluster builds the cluster (and, for EDS, the load assignment) of
// s.dest unless a cluster of that name exists.
func (b *builder) addCluster(s clusterSpec) error {
	d := s.dest
	if d.Name == "" {
		return fmt.Errorf("xds: %s.name: must not be empty", s.path)
	}
	if _, ok := b.clusters[d.Name]; ok {
		return nil
	}
	if err := validateDestination(d, s.path); err != nil {
		return err
	}
	c, err := b.buildCluster(s)
	if err != nil {
		return err
	}
	b.clusters[d.Name] = c
	if c.GetEdsClusterConfig() != nil {
		b.endpoints[d.Name] = buildLoadAssignment(d, s.proxyService, s.traffic, b.meta)
	}
	return nil
}

// validateDestination checks what the cluster builder relies on.
func validateDestination(d *ir.RouteDestination, path string) error {
	for i, ds := range d.Settings {
		sp := fmt.Sprintf("%s.settings[%d]", path, i)
		if ds == nil {
			return fmt.Errorf("xds: %s: must not be null", sp)
		}
		for j, ep := range ds.Endpoints {
			ep_ := fmt.Sprintf("%s.endpoints[%d]", sp, j)
			if ep == nil {
				return fmt.Errorf("xds: %s: must not be null", ep_)
			}
			if ep.Path != nil {
				if *ep.Path == "" {
					return fmt.Errorf("xds: %s.path: must not be empty", ep_)
				}
				continue
			}
			if ep.Host == "" {
				return fmt.Errorf("xds: %s.host: must not be empty", ep_)
			}
			if ep.Port == 0 || ep.Port > 65535 {
				return fmt.Errorf("xds: %s.port: must be 1-65535, not %d", ep_, ep.Port)
			}
		}
	}
	return nil
}

// kindOf says how the cluster of settings finds hosts; the first setting
// decides, as settings of one destination never mix address types.
func kindOf(settings []*ir.DestinationSetting) endpointKind {
	if len(settings) == 0 {
		return endpointsEDS
	}
	s := settings[0]
	if s.IsDynamicResolver {
		return endpointsDynamic
	}
	if s.AddressType != nil && *s.AddressType == ir.FQDN {
		return endpointsDNS
	}
	return endpointsEDS
}

func (b *builder) buildCluster(s clusterSpec) (*clusterv3.Cluster, error) {
	d := s.dest
	kind := kindOf(d.Settings)
	t := s.traffic
	if t == nil {
		t = &ir.TrafficFeatures{}
	}
	family := dnsLookupFamily(t.DNS)
	c := &clusterv3.Cluster{
		Name:                          d.Name,
		ConnectTimeout:                durationpb.New(connectTimeout(s.traffic)),
		DnsLookupFamily:               family,
		CommonLbConfig:                &clusterv3.Cluster_CommonLbConfig{},
		PerConnectionBufferLimitBytes: bufferLimit(t.BackendConnection),
		PreconnectPolicy:              preconnectPolicy(t.BackendConnection),
		Metadata:                      b.meta.get(d.Metadata),
		IgnoreHealthOnHostRemoval:     true,
		CircuitBreakers:               circuitBreakers(t.CircuitBreaker),
		UpstreamConnectionOptions:     upstreamConnectionOptions(t.TCPKeepalive),
	}
	if hc := t.HealthCheck; hc != nil {
		if hc.PanicThreshold != nil && *hc.PanicThreshold != defaultPanicThreshold {
			c.CommonLbConfig.HealthyPanicThreshold = &typev3.Percent{Value: float64(*hc.PanicThreshold)}
		}
		if hc.Active != nil {
			checks, err := healthChecks(hc.Active, s.hostname)
			if err != nil {
				return nil, fmt.Errorf("xds: %s: traffic.healthCheck.active.%w", s.path, err)
			}
			c.HealthChecks = checks
		}
		if hc.Passive != nil {
			c.OutlierDetection = outlierDetection(hc.Passive)
		}
	}

	// Cluster-wide consequences of the settings' protocols and TLS.
	var needHTTP2, hasTLS, literalSNI, forceHTTP1 bool
	for _, ds := range d.Settings {
		switch ds.Protocol {
		case ir.GRPC, ir.HTTP2:
			needHTTP2 = true
		}
		if ds.ForceHTTP1Upstream {
			forceHTTP1 = true
		}
		if ds.TLS != nil {
			hasTLS = true
			if ds.TLS.SNI != nil || ds.TLS.AutoSNIFromEndpointHostname {
				// The SNI does not come from the request's host.
				literalSNI = true
			}
		}
	}
	// Automatic HTTP protocol selection (and with it automatic SNI) needs
	// TLS to every endpoint; a destination mixing TLS and plaintext
	// backends keeps Envoy's defaults.
	for _, ds := range d.Settings {
		if ds.TLS == nil {
			hasTLS = false
		}
	}
	autoSNI := hasTLS && !literalSNI

	pp := t.ProxyProtocol
	for i, ds := range d.Settings {
		if ds.TLS == nil {
			continue
		}
		sock, err := b.upstreamTLSSocket(ds.TLS, autoSNI, kind)
		if err != nil {
			return nil, fmt.Errorf("xds: %s.settings[%d].tls: %w", s.path, i, err)
		}
		if pp != nil {
			sock = proxyProtocolSocket(pp, sock, hasTLS)
		}
		if kind == endpointsDynamic {
			c.TransportSocket = sock
			continue
		}
		match := tlsMatchName(d.Name, i)
		c.TransportSocketMatches = append(c.TransportSocketMatches, &clusterv3.Cluster_TransportSocketMatch{
			Name:            match,
			Match:           &structpb.Struct{Fields: map[string]*structpb.Value{"name": structpb.NewStringValue(match)}},
			TransportSocket: sock,
		})
	}
	switch {
	case c.TransportSocket != nil:
	case pp != nil:
		// The PROXY protocol header goes on every connection, with or
		// without TLS (the per-endpoint matches wrap theirs).
		c.TransportSocket = proxyProtocolSocket(pp, nil, hasTLS)
	case hasTLS:
		// Envoy needs a cluster-level socket for automatic HTTP protocol
		// selection; the per-endpoint matches above take precedence.
		c.TransportSocket = autoHTTPSocket()
	}

	upstreamFilters := upstreamCredentialFilters(d.Settings)
	for _, ds := range d.Settings {
		if ds.Filters != nil && ds.Filters.CredentialInjection != nil {
			b.addCredentialSecret(ds.Filters.CredentialInjection)
		}
	}
	var hashPolicy []*routev3.RouteAction_HashPolicy
	if !s.route && t.LoadBalancer != nil {
		hashPolicy = clusterHashPolicy(t.LoadBalancer.ConsistentHash)
	}
	if po := protocolOptions(t, kind, needHTTP2, hasTLS, autoSNI, forceHTTP1, len(upstreamFilters) > 0 || len(hashPolicy) > 0 || s.useClientProtocol); po != nil {
		if s.useClientProtocol {
			// The client's protocol wins over every other choice.
			po.UpstreamProtocolOptions = &httpv3.HttpProtocolOptions_UseDownstreamProtocolConfig{UseDownstreamProtocolConfig: &httpv3.HttpProtocolOptions_UseDownstreamHttpConfig{
				HttpProtocolOptions:  &corev3.Http1ProtocolOptions{},
				Http2ProtocolOptions: http2Options(t.HTTP2),
			}}
		}
		po.HashPolicy = hashPolicy
		po.HttpFilters = upstreamFilters
		c.TypedExtensionProtocolOptions = map[string]*anypb.Any{httpProtocolOptionsKey: mustAny(po)}
	}

	var preferLocal *ir.PreferLocalZone
	if t.LoadBalancer != nil {
		preferLocal = t.LoadBalancer.PreferLocal
	}
	loc := localityConfig(d, s.proxyService, preferLocal)
	switch kind {
	case endpointsDynamic:
		refresh := dnsRefreshRate(t.DNS)
		cache := &dfpcommonv3.DnsCacheConfig{
			Name:            dfpCacheName(family, refresh, t.DNS),
			DnsLookupFamily: family,
			DnsRefreshRate:  durationpb.New(refresh),
		}
		c.ClusterDiscoveryType = &clusterv3.Cluster_ClusterType{ClusterType: &clusterv3.Cluster_CustomClusterType{
			Name: "envoy.clusters.dynamic_forward_proxy",
			TypedConfig: mustAny(&dfpclusterv3.ClusterConfig{
				ClusterImplementationSpecifier: &dfpclusterv3.ClusterConfig_DnsCacheConfig{DnsCacheConfig: cache},
			}),
		}}
		c.LoadBalancingPolicy = lbPolicy("envoy.load_balancing_policies.cluster_provided", &clusterprovidedv3.ClusterProvided{})
	case endpointsDNS:
		respectTTL := true
		if t.DNS != nil && t.DNS.RespectDNSTTL != nil {
			respectTTL = *t.DNS.RespectDNSTTL
		}
		c.ClusterDiscoveryType = &clusterv3.Cluster_ClusterType{ClusterType: &clusterv3.Cluster_CustomClusterType{
			Name: "envoy.cluster.dns",
			TypedConfig: mustAny(&dnsclusterv3.DnsCluster{
				DnsRefreshRate:  durationpb.New(dnsRefreshRate(t.DNS)),
				RespectDnsTtl:   respectTTL,
				DnsLookupFamily: commonDNSLookupFamily(family),
			}),
		}}
		c.LoadAssignment = buildLoadAssignment(d, false, s.traffic, b.meta)
		c.LoadBalancingPolicy = loadBalancingPolicy(t.LoadBalancer, loc)
	default:
		c.ClusterDiscoveryType = &clusterv3.Cluster_Type{Type: clusterv3.Cluster_EDS}
		c.EdsClusterConfig = &clusterv3.Cluster_EdsClusterConfig{
			ServiceName: d.Name,
			EdsConfig: &corev3.ConfigSource{
				ResourceApiVersion:    corev3.ApiVersion_V3,
				ConfigSourceSpecifier: &corev3.ConfigSource_Ads{Ads: &corev3.AggregatedConfigSource{}},
			},
		}
		c.LoadBalancingPolicy = loadBalancingPolicy(t.LoadBalancer, loc)
	}
	return c, nil
}

// connectTimeout is the route's TCP connect timeout, or the default.
func connectTimeout(t *ir.TrafficFeatures) time.Duration {
	if t != nil && t.Timeout != nil && t.Timeout.TCP != nil && t.Timeout.TCP.ConnectTimeout != nil {
		return t.Timeout.TCP.ConnectTimeout.Std()
	}
	return defaultConnectTimeout
}

// localityConfig is weighted localities, or zone-aware balancing for the
// proxy service, for a load balancer that prefers the local zone (lbLocal)
// and for a single backend that does.
func localityConfig(d *ir.RouteDestination, proxyService bool, lbLocal *ir.PreferLocalZone) *lbcommonv3.LocalityLbConfig {
	var pl *ir.PreferLocalZone
	switch {
	case lbLocal != nil:
		pl = lbLocal
	case proxyService:
		pl = &ir.PreferLocalZone{MinEndpointsThreshold: newPtr(uint64(1))}
	case len(d.Settings) == 1 && d.Settings[0].PreferLocal != nil:
		pl = d.Settings[0].PreferLocal
	}
	if pl == nil {
		return &lbcommonv3.LocalityLbConfig{LocalityConfigSpecifier: &lbcommonv3.LocalityLbConfig_LocalityWeightedLbConfig_{
			LocalityWeightedLbConfig: &lbcommonv3.LocalityLbConfig_LocalityWeightedLbConfig{},
		}}
	}
	za := &lbcommonv3.LocalityLbConfig_ZoneAwareLbConfig{
		MinClusterSize: wrapperspb.UInt64(defaultZoneMinClusterSize),
	}
	if pl.MinEndpointsThreshold != nil {
		za.MinClusterSize = wrapperspb.UInt64(*pl.MinEndpointsThreshold)
	}
	if pl.PercentageEnabled != nil {
		za.RoutingEnabled = &typev3.Percent{Value: float64(*pl.PercentageEnabled)}
	}
	if pl.Force != nil {
		min := uint32(1)
		if pl.Force.MinEndpointsInZoneThreshold != nil {
			min = *pl.Force.MinEndpointsInZoneThreshold
		}
		za.ForceLocalZone = &lbcommonv3.LocalityLbConfig_ZoneAwareLbConfig_ForceLocalZone{MinSize: wrapperspb.UInt32(min)}
	}
	return &lbcommonv3.LocalityLbConfig{LocalityConfigSpecifier: &lbcommonv3.LocalityLbConfig_ZoneAwareLbConfig_{ZoneAwareLbConfig: za}}
}

func leastRequest(loc *lbcommonv3.LocalityLbConfig) *clusterv3.LoadBalancingPolicy {
	return lbPolicy("envoy.load_balancing_policies.least_request", &leastrequestv3.LeastRequest{LocalityLbConfig: loc})
}

func lbPolicy(name string, cfg proto.Message) *clusterv3.LoadBalancingPolicy {
	return &clusterv3.LoadBalancingPolicy{Policies: []*clusterv3.LoadBalancingPolicy_Policy{{
		TypedExtensionConfig: &corev3.TypedExtensionConfig{Name: name, TypedConfig: mustAny(cfg)},
	}}}
}

// protocolOptions returns the upstream HTTP protocol options the cluster
// needs, or nil when Envoy's defaults do. needed says that something else
// (upstream filters, a hash policy) needs them.
func protocolOptions(t *ir.TrafficFeatures, kind endpointKind, needHTTP2, hasTLS, autoSNI, forceHTTP1, needed bool) *httpv3.HttpProtocolOptions {
	var common *corev3.HttpProtocolOptions
	if t.Timeout != nil && t.Timeout.HTTP != nil {
		h := t.Timeout.HTTP
		if h.ConnectionIdleTimeout != nil || h.MaxConnectionDuration != nil {
			common = &corev3.HttpProtocolOptions{}
			if h.ConnectionIdleTimeout != nil {
				common.IdleTimeout = durationpb.New(h.ConnectionIdleTimeout.Std())
			}
			if h.MaxConnectionDuration != nil {
				common.MaxConnectionDuration = durationpb.New(h.MaxConnectionDuration.Std())
			}
		}
	}
	if cb := t.CircuitBreaker; cb != nil && cb.MaxRequestsPerConnection != nil {
		if common == nil {
			common = &corev3.HttpProtocolOptions{}
		}
		common.MaxRequestsPerConnection = wrapperspb.UInt32(*cb.MaxRequestsPerConnection)
	}
	if common == nil && !needHTTP2 && !hasTLS && !forceHTTP1 && !needed && kind != endpointsDynamic {
		return nil
	}
	po := &httpv3.HttpProtocolOptions{CommonHttpProtocolOptions: common}
	h2 := http2Options(t.HTTP2)
	switch {
	case needHTTP2 && !forceHTTP1:
		po.UpstreamProtocolOptions = &httpv3.HttpProtocolOptions_ExplicitHttpConfig_{ExplicitHttpConfig: &httpv3.HttpProtocolOptions_ExplicitHttpConfig{
			ProtocolConfig: &httpv3.HttpProtocolOptions_ExplicitHttpConfig_Http2ProtocolOptions{Http2ProtocolOptions: h2},
		}}
	case forceHTTP1 || !hasTLS && kind != endpointsDynamic:
		po.UpstreamProtocolOptions = &httpv3.HttpProtocolOptions_ExplicitHttpConfig_{ExplicitHttpConfig: &httpv3.HttpProtocolOptions_ExplicitHttpConfig{
			ProtocolConfig: &httpv3.HttpProtocolOptions_ExplicitHttpConfig_HttpProtocolOptions{HttpProtocolOptions: &corev3.Http1ProtocolOptions{}},
		}}
	default:
		po.UpstreamProtocolOptions = &httpv3.HttpProtocolOptions_AutoConfig{AutoConfig: &httpv3.HttpProtocolOptions_AutoHttpConfig{
			HttpProtocolOptions:  &corev3.Http1ProtocolOptions{},
			Http2ProtocolOptions: h2,
		}}
	}
	switch {
	case kind == endpointsDynamic:
		po.UpstreamHttpProtocolOptions = &corev3.UpstreamHttpProtocolOptions{AutoSni: true, AutoSanValidation: true}
	case autoSNI:
		po.UpstreamHttpProtocolOptions = &corev3.UpstreamHttpProtocolOptions{AutoSni: true}
	}
	return po
}

// tlsMatchName names the transport socket match of setting i.
func tlsMatchName(cluster string, i int) string {
	return fmt.Sprintf("%s/tls/%d", cluster, i)
}

// mustAny wraps m in an Any. Marshalling a well-formed message built here
// cannot fail; a failure is a programming error.
func mustAny(m proto.Message) *anypb.Any {
	a, err := anypb.New(m)
	if err != nil {
		panic(fmt.Sprintf("xds: marshal %T: %v", m, err))
	}
	return a
}

func newPtr[T any](v T) *T { return &v }
