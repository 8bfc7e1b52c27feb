package xds

import (
	"cmp"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	clusterv3 "github.com/envoyproxy/go-control-plane/envoy/config/cluster/v3"
	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	endpointv3 "github.com/envoyproxy/go-control-plane/envoy/config/endpoint/v3"
	routev3 "github.com/envoyproxy/go-control-plane/envoy/config/route/v3"
	dnscommonv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/clusters/common/dns/v3"
	hcfilev3 "github.com/envoyproxy/go-control-plane/envoy/extensions/health_check/event_sinks/file/v3"
	cswrrv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/load_balancing_policies/client_side_weighted_round_robin/v3"
	lbcommonv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/load_balancing_policies/common/v3"
	leastrequestv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/load_balancing_policies/least_request/v3"
	maglevv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/load_balancing_policies/maglev/v3"
	overridehostv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/load_balancing_policies/override_host/v3"
	randomv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/load_balancing_policies/random/v3"
	roundrobinv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/load_balancing_policies/round_robin/v3"
	wrrlocalityv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/load_balancing_policies/wrr_locality/v3"
	proxyprotocolv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/transport_sockets/proxy_protocol/v3"
	rawbufferv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/transport_sockets/raw_buffer/v3"
	tlsv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/transport_sockets/tls/v3"
	typev3 "github.com/envoyproxy/go-control-plane/envoy/type/v3"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/gatewaykit/gatewaykit/ir"
)

// The cluster-level traffic features of ir.TrafficFeatures, as Envoy
// Gateway emits them. Each builder takes the IR feature (which may be nil)
// and returns the Envoy field, or nil to leave Envoy's default.

// Envoy's defaults that Envoy Gateway leaves implicit.
const (
	// defaultPanicThreshold is Envoy's healthy panic threshold; Envoy
	// Gateway does not set it when a policy asks for this value.
	defaultPanicThreshold = 50
	// defaultMinRetryConcurrency is Envoy's minimum concurrency of a retry
	// budget; Envoy Gateway does not set it when a policy asks for it.
	defaultMinRetryConcurrency = 3
	// enforcingAlways is the enforcement percentage of the outlier
	// detection rules Envoy Gateway turns on.
	enforcingAlways = 100
)

// circuitBreakers are the thresholds of cb over Envoy Gateway's default,
// which allows as many parallel retries as requests (1024).
func circuitBreakers(cb *ir.CircuitBreaker) *clusterv3.CircuitBreakers {
	th := &clusterv3.CircuitBreakers_Thresholds{MaxRetries: wrapperspb.UInt32(defaultMaxRetries)}
	out := &clusterv3.CircuitBreakers{Thresholds: []*clusterv3.CircuitBreakers_Thresholds{th}}
	if cb == nil {
		return out
	}
	opt := func(v *uint32) *wrapperspb.UInt32Value {
		if v == nil {
			return nil
		}
		return wrapperspb.UInt32(*v)
	}
	th.MaxConnections = opt(cb.MaxConnections)
	th.MaxPendingRequests = opt(cb.MaxPendingRequests)
	th.MaxRequests = opt(cb.MaxParallelRequests)
	if cb.MaxParallelRetries != nil {
		th.MaxRetries = wrapperspb.UInt32(*cb.MaxParallelRetries)
	}
	if rb := cb.RetryBudget; rb != nil {
		th.RetryBudget = &clusterv3.CircuitBreakers_Thresholds_RetryBudget{BudgetPercent: &typev3.Percent{Value: rb.Percent}}
		if rb.MinRetryConcurrency != defaultMinRetryConcurrency {
			th.RetryBudget.MinRetryConcurrency = wrapperspb.UInt32(rb.MinRetryConcurrency)
		}
	}
	if pe := cb.PerEndpoint; pe != nil && pe.MaxConnections != nil {
		out.PerHostThresholds = []*clusterv3.CircuitBreakers_Thresholds{{MaxConnections: wrapperspb.UInt32(*pe.MaxConnections)}}
	}
	return out
}

// healthChecks is the active health check a; host is the Host of HTTP
// probes that name none (the route's hostname, empty for external
// services).
func healthChecks(a *ir.ActiveHealthCheck, host string) ([]*corev3.HealthCheck, error) {
	hc := &corev3.HealthCheck{
		Timeout:  durationpb.New(derefOrZero(a.Timeout).Std()),
		Interval: durationpb.New(derefOrZero(a.Interval).Std()),
	}
	if a.InitialJitter != nil {
		hc.InitialJitter = durationpb.New(a.InitialJitter.Std())
	}
	if a.UnhealthyThreshold != nil {
		hc.UnhealthyThreshold = wrapperspb.UInt32(*a.UnhealthyThreshold)
	}
	if a.HealthyThreshold != nil {
		hc.HealthyThreshold = wrapperspb.UInt32(*a.HealthyThreshold)
	}
	switch {
	case a.HTTP != nil:
		h := a.HTTP
		c := &corev3.HealthCheck_HttpHealthCheck{
			Host:              cmp.Or(h.Host, host),
			Path:              h.Path,
			ExpectedStatuses:  statusRanges(h.ExpectedStatuses),
			RetriableStatuses: statusRanges(h.RetriableStatuses),
			Send:              healthCheckPayload(h.RequestBody),
		}
		if h.Method != nil {
			m, ok := corev3.RequestMethod_value[*h.Method]
			if !ok {
				return nil, fmt.Errorf("http.method: %q is not an HTTP method", *h.Method)
			}
			c.Method = corev3.RequestMethod(m)
		}
		if r := healthCheckPayload(h.ExpectedResponse); r != nil {
			c.Receive = []*corev3.HealthCheck_Payload{r}
		}
		hc.HealthChecker = &corev3.HealthCheck_HttpHealthCheck_{HttpHealthCheck: c}
	case a.TCP != nil:
		c := &corev3.HealthCheck_TcpHealthCheck{Send: healthCheckPayload(a.TCP.Send)}
		if r := healthCheckPayload(a.TCP.Receive); r != nil {
			c.Receive = []*corev3.HealthCheck_Payload{r}
		}
		hc.HealthChecker = &corev3.HealthCheck_TcpHealthCheck_{TcpHealthCheck: c}
	case a.GRPC != nil:
		hc.HealthChecker = &corev3.HealthCheck_GrpcHealthCheck_{GrpcHealthCheck: &corev3.HealthCheck_GrpcHealthCheck{
			ServiceName: derefOrZero(a.GRPC.Service),
		}}
	}
	if l := a.Log; l != nil {
		hc.AlwaysLogHealthCheckFailures = l.AlwaysLogHealthCheckFailures
		hc.AlwaysLogHealthCheckSuccess = l.AlwaysLogHealthCheckSuccess
		for _, f := range l.FileSinks {
			hc.EventLogger = append(hc.EventLogger, &corev3.TypedExtensionConfig{
				Name:        "envoy.health_check.event_sinks.file",
				TypedConfig: mustAny(&hcfilev3.HealthCheckEventFileSink{EventLogPath: f.Path}),
			})
		}
	}
	return []*corev3.HealthCheck{hc}, nil
}

// statusRanges folds HTTP statuses into half-open ranges of consecutive
// codes, in ascending order; nil for none.
func statusRanges(codes []uint32) []*typev3.Int64Range {
	if len(codes) == 0 {
		return nil
	}
	sorted := slices.Clone(codes)
	slices.Sort(sorted)
	sorted = slices.Compact(sorted)
	var out []*typev3.Int64Range
	for _, c := range sorted {
		if n := len(out); n > 0 && out[n-1].End == int64(c) {
			out[n-1].End++
			continue
		}
		out = append(out, &typev3.Int64Range{Start: int64(c), End: int64(c) + 1})
	}
	return out
}

// healthCheckPayload is p as Envoy wants it: text as hex, binary as is.
// An empty payload is nil: Envoy requires one of the two.
func healthCheckPayload(p *ir.HealthCheckPayload) *corev3.HealthCheck_Payload {
	switch {
	case p == nil:
		return nil
	case len(p.Binary) > 0:
		return &corev3.HealthCheck_Payload{Payload: &corev3.HealthCheck_Payload_Binary{Binary: slices.Clone(p.Binary)}}
	case p.Text != nil && *p.Text != "":
		return &corev3.HealthCheck_Payload{Payload: &corev3.HealthCheck_Payload_Text{Text: hex.EncodeToString([]byte(*p.Text))}}
	}
	return nil
}

// outlierDetection is passive health checking as Envoy Gateway sets it:
// gateway errors and failure percentages are enforced always once set.
func outlierDetection(o *ir.OutlierDetection) *clusterv3.OutlierDetection {
	od := &clusterv3.OutlierDetection{SplitExternalLocalOriginErrors: derefOrZero(o.SplitExternalLocalOriginErrors)}
	if o.BaseEjectionTime != nil {
		od.BaseEjectionTime = durationpb.New(o.BaseEjectionTime.Std())
	}
	if o.Interval != nil {
		od.Interval = durationpb.New(o.Interval.Std())
	}
	if o.MaxEjectionPercent != nil && *o.MaxEjectionPercent > 0 {
		od.MaxEjectionPercent = wrapperspb.UInt32(*o.MaxEjectionPercent)
	}
	if o.ConsecutiveLocalOriginFailures != nil {
		od.ConsecutiveLocalOriginFailure = wrapperspb.UInt32(*o.ConsecutiveLocalOriginFailures)
	}
	if o.Consecutive5xxErrors != nil {
		od.Consecutive_5Xx = wrapperspb.UInt32(*o.Consecutive5xxErrors)
	}
	if o.ConsecutiveGatewayErrors != nil {
		od.EnforcingConsecutiveGatewayFailure = wrapperspb.UInt32(enforcingAlways)
		od.ConsecutiveGatewayFailure = wrapperspb.UInt32(*o.ConsecutiveGatewayErrors)
	}
	if o.FailurePercentageThreshold != nil {
		od.FailurePercentageThreshold = wrapperspb.UInt32(*o.FailurePercentageThreshold)
		od.EnforcingFailurePercentage = wrapperspb.UInt32(enforcingAlways)
	}
	if o.AlwaysEjectOneEndpoint != nil {
		od.AlwaysEjectOneHost = wrapperspb.Bool(*o.AlwaysEjectOneEndpoint)
	}
	return od
}

// upstreamConnectionOptions turns on TCP keepalive.
func upstreamConnectionOptions(ka *ir.TCPKeepalive) *clusterv3.UpstreamConnectionOptions {
	if ka == nil {
		return nil
	}
	t := &corev3.TcpKeepalive{}
	if ka.Probes != nil {
		t.KeepaliveProbes = wrapperspb.UInt32(*ka.Probes)
	}
	if ka.IdleTime != nil {
		t.KeepaliveTime = wrapperspb.UInt32(*ka.IdleTime)
	}
	if ka.Interval != nil {
		t.KeepaliveInterval = wrapperspb.UInt32(*ka.Interval)
	}
	return &clusterv3.UpstreamConnectionOptions{TcpKeepalive: t}
}

// bufferLimit is the per-connection buffer limit, or the default.
func bufferLimit(bc *ir.BackendConnection) *wrapperspb.UInt32Value {
	if bc != nil && bc.BufferLimitBytes != nil {
		return wrapperspb.UInt32(*bc.BufferLimitBytes)
	}
	return wrapperspb.UInt32(defaultBufferLimitBytes)
}

// preconnectPolicy converts percentages into Envoy's ratios.
func preconnectPolicy(bc *ir.BackendConnection) *clusterv3.Cluster_PreconnectPolicy {
	if bc == nil || bc.Preconnect == nil || (bc.Preconnect.PerEndpointPercent == nil && bc.Preconnect.PredictivePercent == nil) {
		return nil
	}
	p := &clusterv3.Cluster_PreconnectPolicy{}
	if v := bc.Preconnect.PerEndpointPercent; v != nil {
		p.PerUpstreamPreconnectRatio = wrapperspb.Double(0.01 * float64(*v))
	}
	if v := bc.Preconnect.PredictivePercent; v != nil {
		p.PredictivePreconnectRatio = wrapperspb.Double(0.01 * float64(*v))
	}
	return p
}

// dnsLookupFamily is the cluster's lookup family: IPv4 preferred unless d
// says otherwise.
func dnsLookupFamily(d *ir.DNS) clusterv3.Cluster_DnsLookupFamily {
	if d == nil || d.LookupFamily == nil {
		return clusterv3.Cluster_V4_PREFERRED
	}
	switch *d.LookupFamily {
	case ir.DNSLookupIPv4:
		return clusterv3.Cluster_V4_ONLY
	case ir.DNSLookupIPv6:
		return clusterv3.Cluster_V6_ONLY
	case ir.DNSLookupIPv6Preferred:
		return clusterv3.Cluster_AUTO
	case ir.DNSLookupIPv4AndIPv6:
		return clusterv3.Cluster_ALL
	}
	return clusterv3.Cluster_V4_PREFERRED
}

// commonDNSLookupFamily is f in the DNS cluster extension's enum, which is
// not numbered like the cluster's.
func commonDNSLookupFamily(f clusterv3.Cluster_DnsLookupFamily) dnscommonv3.DnsLookupFamily {
	switch f {
	case clusterv3.Cluster_V4_ONLY:
		return dnscommonv3.DnsLookupFamily_V4_ONLY
	case clusterv3.Cluster_V6_ONLY:
		return dnscommonv3.DnsLookupFamily_V6_ONLY
	case clusterv3.Cluster_V4_PREFERRED:
		return dnscommonv3.DnsLookupFamily_V4_PREFERRED
	case clusterv3.Cluster_ALL:
		return dnscommonv3.DnsLookupFamily_ALL
	}
	return dnscommonv3.DnsLookupFamily_AUTO
}

// dnsRefreshRate is d's refresh rate, or the default.
func dnsRefreshRate(d *ir.DNS) time.Duration {
	if d != nil && d.DNSRefreshRate != nil && *d.DNSRefreshRate > 0 {
		return d.DNSRefreshRate.Std()
	}
	return defaultDNSRefreshRate
}

// dfpCacheName names the DNS cache of dynamic forward proxy clusters after
// its settings, so that clusters with equal settings share it:
// envoy-gateway-dfp-cache-<lookup family>-<refresh rate>ms-<d.Name, or
// default>.
func dfpCacheName(f clusterv3.Cluster_DnsLookupFamily, refresh time.Duration, d *ir.DNS) string {
	suffix := "default"
	if d != nil && d.Name != "" {
		suffix = d.Name
	}
	return fmt.Sprintf("%s-%s-%dms-%s", dfpCacheNamePrefix, strings.ToLower(f.String()), refresh/time.Millisecond, suffix)
}

// loadBalancingPolicy is the policy of lb (least request when nil) with
// the locality configuration loc where the algorithm takes one. With an
// endpoint override, the override_host policy picks the endpoint the
// request names and falls back to the algorithm, in its plain form
// (endpointOverridePolicy).
func loadBalancingPolicy(lb *ir.LoadBalancer, loc *lbcommonv3.LocalityLbConfig) *clusterv3.LoadBalancingPolicy {
	if lb != nil && lb.EndpointOverride != nil {
		return endpointOverridePolicy(lb)
	}
	switch {
	case lb == nil:
		return leastRequest(loc)
	case lb.RoundRobin != nil:
		return lbPolicy("envoy.load_balancing_policies.round_robin", &roundrobinv3.RoundRobin{
			LocalityLbConfig: loc,
			SlowStartConfig:  slowStartConfig(lb.RoundRobin.SlowStart),
		})
	case lb.Random != nil:
		return lbPolicy("envoy.load_balancing_policies.random", &randomv3.Random{LocalityLbConfig: loc})
	case lb.ConsistentHash != nil:
		m := &maglevv3.Maglev{}
		if ts := lb.ConsistentHash.TableSize; ts != nil {
			m.TableSize = wrapperspb.UInt64(*ts)
		}
		if len(lb.WeightedZones) > 0 {
			m.LocalityWeightedLbConfig = &lbcommonv3.LocalityLbConfig_LocalityWeightedLbConfig{}
		}
		return lbPolicy("envoy.load_balancing_policies.maglev", m)
	case lb.LeastRequest != nil:
		return lbPolicy("envoy.load_balancing_policies.least_request", &leastrequestv3.LeastRequest{
			LocalityLbConfig: loc,
			SlowStartConfig:  slowStartConfig(lb.LeastRequest.SlowStart),
		})
	case lb.BackendUtilization != nil:
		return backendUtilizationPolicy(lb)
	}
	return leastRequest(loc)
}

// endpointOverridePolicy is override_host over lb's headers, falling back
// to lb's algorithm without locality or slow start settings (backend
// utilization keeps all of its own).
func endpointOverridePolicy(lb *ir.LoadBalancer) *clusterv3.LoadBalancingPolicy {
	var fallback *clusterv3.LoadBalancingPolicy
	switch {
	case lb.RoundRobin != nil:
		fallback = lbPolicy("envoy.load_balancing_policies.round_robin", &roundrobinv3.RoundRobin{})
	case lb.Random != nil:
		fallback = lbPolicy("envoy.load_balancing_policies.random", &randomv3.Random{})
	case lb.ConsistentHash != nil:
		fallback = lbPolicy("envoy.load_balancing_policies.maglev", &maglevv3.Maglev{})
	case lb.BackendUtilization != nil:
		fallback = backendUtilizationPolicy(lb)
	default:
		fallback = lbPolicy("envoy.load_balancing_policies.least_request", &leastrequestv3.LeastRequest{})
	}
	oh := &overridehostv3.OverrideHost{FallbackPolicy: fallback}
	for _, src := range lb.EndpointOverride.ExtractFrom {
		if src.Header != nil {
			oh.OverrideHostSources = append(oh.OverrideHostSources, &overridehostv3.OverrideHost_OverrideHostSource{Header: *src.Header})
		}
	}
	return lbPolicy("envoy.load_balancing_policies.override_host", oh)
}

// backendUtilizationPolicy is client-side weighted round robin configured
// from lb.BackendUtilization. It has no locality setting of its own, so
// with weighted zones it is wrapped in wrr_locality, which weighs the
// zones' localities.
func backendUtilizationPolicy(lb *ir.LoadBalancer) *clusterv3.LoadBalancingPolicy {
	bu := lb.BackendUtilization
	c := &cswrrv3.ClientSideWeightedRoundRobin{}
	pos := func(d *ir.Duration) *durationpb.Duration {
		if d == nil || *d <= 0 {
			return nil
		}
		return durationpb.New(d.Std())
	}
	c.BlackoutPeriod = pos(bu.BlackoutPeriod)
	c.WeightExpirationPeriod = pos(bu.WeightExpirationPeriod)
	c.WeightUpdatePeriod = pos(bu.WeightUpdatePeriod)
	c.SlowStartConfig = slowStartConfig(bu.SlowStart)
	if p := bu.ErrorUtilizationPenaltyPercent; p != nil {
		c.ErrorUtilizationPenalty = wrapperspb.Float(float32(*p) / 100)
	}
	c.MetricNamesForComputingUtilization = slices.Clone(bu.MetricNamesForComputingUtilization)
	if o := bu.OutOfBand; o != nil {
		c.EnableOobLoadReport = wrapperspb.Bool(true)
		c.OobReportingPeriod = pos(o.ReportingPeriod)
		if o.Port != nil || o.Authority != nil {
			cfg := &lbcommonv3.OrcaOobReportingConfig{}
			if o.Port != nil {
				cfg.PortValue = *o.Port
			}
			if o.Authority != nil {
				cfg.Authority = *o.Authority
			}
			c.OobReportingConfig = cfg
		}
	}
	p := lbPolicy("envoy.load_balancing_policies.client_side_weighted_round_robin", c)
	if len(lb.WeightedZones) == 0 {
		return p
	}
	return lbPolicy("envoy.load_balancing_policies.wrr_locality", &wrrlocalityv3.WrrLocality{EndpointPickingPolicy: p})
}

func slowStartConfig(s *ir.SlowStart) *lbcommonv3.SlowStartConfig {
	if s == nil || s.Window == nil {
		return nil
	}
	return &lbcommonv3.SlowStartConfig{SlowStartWindow: durationpb.New(s.Window.Std())}
}

// clusterHashPolicy is the hash policy of consistent hashing on a cluster
// that no route picks for (an external service's): the first of headers,
// cookie, source IP and query parameters that ch sets.
func clusterHashPolicy(ch *ir.ConsistentHash) []*routev3.RouteAction_HashPolicy {
	if ch == nil {
		return nil
	}
	switch {
	case ch.Headers != nil:
		out := make([]*routev3.RouteAction_HashPolicy, 0, len(ch.Headers))
		for _, h := range ch.Headers {
			out = append(out, &routev3.RouteAction_HashPolicy{PolicySpecifier: &routev3.RouteAction_HashPolicy_Header_{
				Header: &routev3.RouteAction_HashPolicy_Header{HeaderName: h.Name},
			}})
		}
		return out
	case ch.Cookie != nil:
		c := &routev3.RouteAction_HashPolicy_Cookie{Name: ch.Cookie.Name}
		if ch.Cookie.TTL != nil {
			c.Ttl = durationpb.New(ch.Cookie.TTL.Std())
		}
		names := make([]string, 0, len(ch.Cookie.Attributes))
		for n := range ch.Cookie.Attributes {
			names = append(names, n)
		}
		slices.Sort(names)
		for _, n := range names {
			c.Attributes = append(c.Attributes, &routev3.RouteAction_HashPolicy_CookieAttribute{Name: n, Value: ch.Cookie.Attributes[n]})
		}
		return []*routev3.RouteAction_HashPolicy{{PolicySpecifier: &routev3.RouteAction_HashPolicy_Cookie_{Cookie: c}}}
	case ch.SourceIP != nil:
		if !*ch.SourceIP {
			return nil
		}
		return []*routev3.RouteAction_HashPolicy{{PolicySpecifier: &routev3.RouteAction_HashPolicy_ConnectionProperties_{
			ConnectionProperties: &routev3.RouteAction_HashPolicy_ConnectionProperties{SourceIp: true},
		}}}
	case ch.QueryParams != nil:
		out := make([]*routev3.RouteAction_HashPolicy, 0, len(ch.QueryParams))
		for _, q := range ch.QueryParams {
			out = append(out, &routev3.RouteAction_HashPolicy{PolicySpecifier: &routev3.RouteAction_HashPolicy_QueryParameter_{
				QueryParameter: &routev3.RouteAction_HashPolicy_QueryParameter{Name: q.Name},
			}})
		}
		return out
	}
	return nil
}

// http2Options are the upstream HTTP/2 options: Envoy Gateway's windows
// unless h sets others, and the rest of h.
func http2Options(h *ir.HTTP2Settings) *corev3.Http2ProtocolOptions {
	o := &corev3.Http2ProtocolOptions{
		InitialStreamWindowSize:     wrapperspb.UInt32(upstreamH2StreamWindow),
		InitialConnectionWindowSize: wrapperspb.UInt32(upstreamH2ConnWindow),
	}
	if h == nil {
		return o
	}
	if h.InitialStreamWindowSize != nil {
		o.InitialStreamWindowSize = wrapperspb.UInt32(*h.InitialStreamWindowSize)
	}
	if h.InitialConnectionWindowSize != nil {
		o.InitialConnectionWindowSize = wrapperspb.UInt32(*h.InitialConnectionWindowSize)
	}
	if h.MaxConcurrentStreams != nil {
		o.MaxConcurrentStreams = wrapperspb.UInt32(*h.MaxConcurrentStreams)
	}
	if h.ResetStreamOnError != nil {
		o.OverrideStreamErrorOnInvalidHttpMessage = wrapperspb.Bool(*h.ResetStreamOnError)
	}
	if ka := h.ConnectionKeepalive; ka != nil {
		k := &corev3.KeepaliveSettings{}
		if ka.Interval != nil {
			k.Interval = durationpb.New(ka.Interval.Std())
		}
		if ka.Timeout != nil {
			k.Timeout = durationpb.New(ka.Timeout.Std())
		}
		if ka.IntervalJitter != nil {
			k.IntervalJitter = &typev3.Percent{Value: float64(*ka.IntervalJitter)}
		}
		if ka.IdleInterval != nil {
			k.ConnectionIdleInterval = durationpb.New(ka.IdleInterval.Std())
		}
		o.ConnectionKeepalive = k
	}
	return o
}

// proxyProtocolSocket wraps inner (raw buffer when nil, or the empty TLS
// socket of automatic protocol selection when autoHTTP) in the upstream
// PROXY protocol transport socket.
func proxyProtocolSocket(pp *ir.ProxyProtocol, inner *corev3.TransportSocket, autoHTTP bool) *corev3.TransportSocket {
	cfg := &proxyprotocolv3.ProxyProtocolUpstreamTransport{Config: &corev3.ProxyProtocolConfig{Version: corev3.ProxyProtocolConfig_V1}}
	if pp.Version == ir.ProxyProtocolV2 {
		cfg.Config.Version = corev3.ProxyProtocolConfig_V2
	}
	switch {
	case inner != nil:
		cfg.TransportSocket = inner
	case autoHTTP:
		cfg.TransportSocket = autoHTTPSocket()
	default:
		cfg.TransportSocket = &corev3.TransportSocket{
			Name:       "envoy.transport_sockets.raw_buffer",
			ConfigType: &corev3.TransportSocket_TypedConfig{TypedConfig: mustAny(&rawbufferv3.RawBuffer{})},
		}
	}
	return &corev3.TransportSocket{
		Name:       "envoy.transport_sockets.upstream_proxy_protocol",
		ConfigType: &corev3.TransportSocket_TypedConfig{TypedConfig: mustAny(cfg)},
	}
}

// autoHTTPSocket is the cluster-level TLS socket without settings that
// automatic HTTP protocol selection needs; the per-endpoint matches take
// precedence over it.
func autoHTTPSocket() *corev3.TransportSocket {
	return &corev3.TransportSocket{
		Name:       "dummy.transport_socket",
		ConfigType: &corev3.TransportSocket_TypedConfig{TypedConfig: mustAny(&tlsv3.UpstreamTlsContext{CommonTlsContext: &tlsv3.CommonTlsContext{}})},
	}
}

// endpointHealthCheckConfig is where the active health check of hc probes
// ep, when that differs from ep's address: the overrides' port, and ep's
// hostname unless the HTTP check names a host of its own.
func endpointHealthCheckConfig(hc *ir.HealthCheck, ep *ir.DestinationEndpoint) *endpointv3.Endpoint_HealthCheckConfig {
	if hc == nil || hc.Active == nil {
		return nil
	}
	a := hc.Active
	var hostname string
	if (a.HTTP == nil || a.HTTP.Host == "" || a.HTTP.Host == "*") && ep.Hostname != nil {
		hostname = *ep.Hostname
	}
	if hostname == "" && a.Overrides == nil {
		return nil
	}
	c := &endpointv3.Endpoint_HealthCheckConfig{Hostname: hostname}
	if a.Overrides != nil {
		c.PortValue = a.Overrides.Port
	}
	return c
}
