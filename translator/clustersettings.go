package translator

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/gatewaykit/gatewaykit/ir"
	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// Cluster settings (egv1a1.ClusterSettings) are the part of a policy that
// shapes the cluster of a backend: the backendSettings of a policy's external
// service, and the cluster settings of a BackendTrafficPolicy. clusterTraffic
// turns them into ir.TrafficFeatures, the one place that does, so that every
// caller gets Envoy Gateway's checks, messages and defaults.

// Defaults of the published CRD schema for active and passive health
// checks. Envoy requires a timeout, an interval and both thresholds of an
// active check, and Envoy Gateway's xDS translation cannot do without the
// interval and base ejection time of a passive one; an API server fills
// them in, and inputs that did not pass one get them here.
const (
	defaultHCTimeout            = time.Second
	defaultHCInterval           = 3 * time.Second
	defaultHCUnhealthyThreshold = 3
	defaultHCHealthyThreshold   = 1
	defaultODInterval           = 3 * time.Second
	defaultODBaseEjectionTime   = 30 * time.Second
	// defaultMinRetryConcurrency is Envoy's minimum of concurrent retries
	// under a retry budget.
	defaultMinRetryConcurrency = 3
	// defaultHCLogPath is where health check events go when a log names
	// no sink, as for access logs.
	defaultHCLogPath = "/dev/stdout"
)

// clusterTraffic translates cluster settings into traffic features. It
// checks and builds them in Envoy Gateway's order (timeout, connection, TCP
// keepalive, circuit breaker, load balancer, PROXY protocol, health check,
// DNS, HTTP/2, retry) and returns the first problem, worded as Envoy
// Gateway words it and unprefixed; the caller adds the feature prefix its
// status needs. It returns nil features for nil settings or settings that
// set nothing.
//
// Load balancing that the IR cannot carry yet (BackendUtilization,
// DynamicModule, endpoint override and weighted zones) is reported as an
// error rather than dropped.
func clusterTraffic(cs *egv1a1.ClusterSettings) (*ir.TrafficFeatures, error) {
	if cs == nil {
		return nil, nil
	}
	tf := &ir.TrafficFeatures{}
	var err error
	if tf.Timeout, err = btpTimeout(cs.Timeout); err != nil {
		return nil, err
	}
	if tf.BackendConnection, err = irBackendConnection(cs.Connection); err != nil {
		return nil, err
	}
	if tf.TCPKeepalive, err = irTCPKeepalive(cs.TCPKeepalive); err != nil {
		return nil, err
	}
	if tf.CircuitBreaker, err = irCircuitBreaker(cs.CircuitBreaker); err != nil {
		return nil, err
	}
	if tf.LoadBalancer, err = irLoadBalancer(cs.LoadBalancer); err != nil {
		return nil, err
	}
	tf.ProxyProtocol = irProxyProtocol(cs.ProxyProtocol)
	if tf.HealthCheck, err = irHealthCheck(cs.HealthCheck); err != nil {
		return nil, err
	}
	tf.DNS = irDNS(cs.DNS)
	if tf.HTTP2, err = irHTTP2(cs.HTTP2); err != nil {
		return nil, err
	}
	if tf.Retry, err = irRetry(cs.Retry); err != nil {
		return nil, err
	}
	if isZeroTraffic(tf) {
		return nil, nil
	}
	if err := checkTrafficRanges(tf); err != nil {
		return nil, err
	}
	return tf, nil
}

// knownRetryTriggers are the retry triggers of the published schema, which
// are Envoy's retry-on names.
var knownRetryTriggers = map[egv1a1.TriggerEnum]bool{
	egv1a1.TriggerEnumV5xx:                 true,
	egv1a1.TriggerEnumGatewayError:         true,
	egv1a1.TriggerEnumReset:                true,
	egv1a1.TriggerEnumResetBeforeRequest:   true,
	egv1a1.TriggerEnumConnectFailure:       true,
	egv1a1.TriggerEnumRetriable4xx:         true,
	egv1a1.TriggerEnumRefusedStream:        true,
	egv1a1.TriggerEnumRetriableStatusCodes: true,
	egv1a1.TriggerEnumCancelled:            true,
	egv1a1.TriggerEnumDeadlineExceeded:     true,
	egv1a1.TriggerEnumInternal:             true,
	egv1a1.TriggerEnumResourceExhausted:    true,
	egv1a1.TriggerEnumUnavailable:          true,
}

// checkTrafficRanges rejects the values that the published schema would
// have refused and that Envoy cannot take (percentages above 100, status
// codes that are not HTTP statuses, empty names, durations that must be
// positive), which inputs that did not pass an API server may hold. The
// features built are then valid IR (ir.Xds.Validate), so that one policy's
// mistake stays on its own status instead of failing the translation of
// its Gateway.
func checkTrafficRanges(tf *ir.TrafficFeatures) error {
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, fmt.Errorf("invalid %s: "+format, append([]any{field}, args...)...))
	}
	percent := func(field string, v *uint32) {
		if v != nil && *v > 100 {
			bad(field, "%d is not a percentage", *v)
		}
	}
	statuses := func(field string, codes []uint32) {
		for _, c := range codes {
			if c < 100 || c > 599 {
				bad(field, "%d is not an HTTP status", c)
			}
		}
	}
	if cb := tf.CircuitBreaker; cb != nil && cb.RetryBudget != nil && (cb.RetryBudget.Percent < 0 || cb.RetryBudget.Percent > 100) {
		bad("RetryBudget", "%g is not a percentage", cb.RetryBudget.Percent)
	}
	if hc := tf.HealthCheck; hc != nil {
		percent("PanicThreshold", hc.PanicThreshold)
		if a := hc.Active; a != nil && a.HTTP != nil {
			if a.HTTP.Path == "" {
				bad("HTTP health check path", "must not be empty")
			}
			statuses("ExpectedStatuses", a.HTTP.ExpectedStatuses)
			statuses("RetriableStatuses", a.HTTP.RetriableStatuses)
		}
		if a := hc.Active; a != nil && a.Overrides != nil && a.Overrides.Port > 65535 {
			bad("health check override port", "%d is not a port", a.Overrides.Port)
		}
		if o := hc.Passive; o != nil {
			percent("MaxEjectionPercent", o.MaxEjectionPercent)
			percent("FailurePercentageThreshold", o.FailurePercentageThreshold)
		}
	}
	if bc := tf.BackendConnection; bc != nil && bc.Preconnect != nil {
		if v := bc.Preconnect.PerEndpointPercent; v != nil && (*v < 100 || *v > 300) {
			bad("PerEndpointPercent", "%d is not within 100-300", *v)
		}
		if v := bc.Preconnect.PredictivePercent; v != nil && *v < 100 {
			bad("PredictivePercent", "%d is below 100", *v)
		}
	}
	if lb := tf.LoadBalancer; lb != nil {
		if ch := lb.ConsistentHash; ch != nil {
			for _, h := range ch.Headers {
				if h.Name == "" {
					bad("ConsistentHash header", "the name must not be empty")
				}
			}
			for _, q := range ch.QueryParams {
				if q.Name == "" {
					bad("ConsistentHash query parameter", "the name must not be empty")
				}
			}
			if c := ch.Cookie; c != nil && (c.Name == "" || c.TTL != nil && *c.TTL < 0) {
				bad("ConsistentHash cookie", "a name and a TTL that is not negative are needed")
			}
		}
		if pl := lb.PreferLocal; pl != nil {
			percent("PercentageEnabled", pl.PercentageEnabled)
		}
	}
	if h := tf.HTTP2; h != nil && h.ConnectionKeepalive != nil {
		ka := h.ConnectionKeepalive
		for _, d := range []struct {
			name string
			v    *ir.Duration
		}{{"ConnectionKeepalive.Interval", ka.Interval}, {"ConnectionKeepalive.Timeout", ka.Timeout}, {"ConnectionKeepalive.IdleInterval", ka.IdleInterval}} {
			if d.v != nil && *d.v <= 0 {
				bad(d.name, "%s is not greater than zero", d.v)
			}
		}
		percent("ConnectionKeepalive.IntervalJitter", ka.IntervalJitter)
	}
	if r := tf.Retry; r != nil {
		if r.RetryOn != nil {
			statuses("HTTPStatusCodes", r.RetryOn.HTTPStatusCodes)
			for _, t := range r.RetryOn.Triggers {
				if !knownRetryTriggers[egv1a1.TriggerEnum(t)] {
					bad("RetryOn trigger", "%q is not supported", t)
				}
			}
		}
		if r.PerRetry != nil && r.PerRetry.BackOff != nil {
			if b := r.PerRetry.BackOff.BaseInterval; b != nil && b.Std() < time.Millisecond {
				bad("baseInterval", "%s is less than 1ms", b)
			}
		}
	}
	return errors.Join(errs...)
}

// isZeroTraffic reports whether tf sets nothing.
func isZeroTraffic(tf *ir.TrafficFeatures) bool {
	return tf.Timeout == nil && tf.BackendConnection == nil && tf.TCPKeepalive == nil &&
		tf.CircuitBreaker == nil && tf.LoadBalancer == nil && tf.ProxyProtocol == nil &&
		tf.HealthCheck == nil && tf.DNS == nil && tf.HTTP2 == nil && tf.Retry == nil &&
		len(tf.HTTPUpgrade) == 0
}

// parseDuration parses an optional Gateway API duration; nil, with no
// error, when d is nil.
func parseDuration(d *gwapiv1.Duration) (*ir.Duration, error) {
	if d == nil {
		return nil, nil
	}
	v, err := time.ParseDuration(string(*d))
	if err != nil {
		return nil, err
	}
	out := ir.Duration(v)
	return &out, nil
}

// lenientDuration parses d and ignores a value that does not parse (or is
// negative), as Envoy Gateway ignores it where it says nothing about one.
func lenientDuration(d *gwapiv1.Duration) *ir.Duration {
	v, err := parseDuration(d)
	if err != nil || v == nil || *v < 0 {
		return nil
	}
	return v
}

// orDuration returns d, or def when d is nil.
func orDuration(d *ir.Duration, def time.Duration) *ir.Duration {
	if d != nil {
		return d
	}
	v := ir.Duration(def)
	return &v
}

// u32 converts a non-negative int32 that the schema bounds; nil for nil or
// a negative value, which the schema does not allow.
func u32(v *int32) *uint32 {
	if v == nil || *v < 0 {
		return nil
	}
	u := uint32(*v)
	return &u
}

// fitU32 converts an int64 that must fit in 32 bits.
func fitU32(v int64) (uint32, bool) {
	if v < 0 || v > math.MaxUint32 {
		return 0, false
	}
	return uint32(v), true
}

func irBackendConnection(bc *egv1a1.BackendConnection) (*ir.BackendConnection, error) {
	if bc == nil {
		return nil, nil
	}
	if err := btpCheckBackendConnection(bc); err != nil {
		return nil, err
	}
	out := &ir.BackendConnection{}
	if bc.BufferLimit != nil {
		v, _ := bc.BufferLimit.AsInt64()
		u := uint32(v)
		out.BufferLimitBytes = &u
	}
	if pc := bc.Preconnect; pc != nil {
		out.Preconnect = &ir.Preconnect{PerEndpointPercent: u32(pc.PerEndpointPercent), PredictivePercent: u32(pc.PredictivePercent)}
	}
	return out, nil
}

func irTCPKeepalive(ka *egv1a1.TCPKeepalive) (*ir.TCPKeepalive, error) {
	if ka == nil {
		return nil, nil
	}
	if err := btpCheckTCPKeepalive(ka); err != nil {
		return nil, err
	}
	seconds := func(d *gwapiv1.Duration) *uint32 {
		v, _ := parseDuration(d)
		if v == nil || *v < 0 {
			return nil
		}
		s := uint32(v.Std().Seconds())
		return &s
	}
	return &ir.TCPKeepalive{Probes: u32(ka.Probes), IdleTime: seconds(ka.IdleTime), Interval: seconds(ka.Interval)}, nil
}

func irCircuitBreaker(cb *egv1a1.CircuitBreaker) (*ir.CircuitBreaker, error) {
	if cb == nil {
		return nil, nil
	}
	if err := btpCheckCircuitBreaker(cb); err != nil {
		return nil, err
	}
	conv := func(v *int64) *uint32 {
		if v == nil {
			return nil
		}
		u, ok := fitU32(*v)
		if !ok {
			return nil
		}
		return &u
	}
	out := &ir.CircuitBreaker{
		MaxConnections:           conv(cb.MaxConnections),
		MaxPendingRequests:       conv(cb.MaxPendingRequests),
		MaxParallelRequests:      conv(cb.MaxParallelRequests),
		MaxParallelRetries:       conv(cb.MaxParallelRetries),
		MaxRequestsPerConnection: conv(cb.MaxRequestsPerConnection),
	}
	if pe := cb.PerEndpoint; pe != nil {
		out.PerEndpoint = &ir.PerEndpointCircuitBreakers{MaxConnections: conv(pe.MaxConnections)}
	}
	if rb := cb.RetryBudget; rb != nil {
		den := int32(100)
		if rb.Percent.Denominator != nil {
			den = *rb.Percent.Denominator
		}
		b := &ir.RetryBudget{MinRetryConcurrency: defaultMinRetryConcurrency}
		if den != 0 {
			b.Percent = float64(rb.Percent.Numerator) / float64(den) * 100
		}
		if m := u32(rb.MinRetryConcurrency); m != nil {
			b.MinRetryConcurrency = *m
		}
		out.RetryBudget = b
	}
	return out, nil
}

func irLoadBalancer(lb *egv1a1.LoadBalancer) (*ir.LoadBalancer, error) {
	if lb == nil {
		return nil, nil
	}
	if err := btpCheckLoadBalancer(lb); err != nil {
		return nil, err
	}
	slowStart := func() *ir.SlowStart {
		if lb.SlowStart == nil || lb.SlowStart.Window == "" {
			return nil
		}
		w := positive(lenientDuration(&lb.SlowStart.Window))
		if w == nil {
			return nil
		}
		return &ir.SlowStart{Window: w}
	}
	out := &ir.LoadBalancer{}
	switch lb.Type {
	case egv1a1.LoadBalancerTypeConsistentHash:
		ch, err := irConsistentHash(lb.ConsistentHash)
		if err != nil {
			return nil, fmt.Errorf("ConsistentHash: %w", err)
		}
		out.ConsistentHash = ch
	case egv1a1.LoadBalancerTypeLeastRequest:
		out.LeastRequest = &ir.LeastRequest{SlowStart: slowStart()}
	case egv1a1.LoadBalancerTypeRandom:
		out.Random = &ir.Random{}
	case egv1a1.LoadBalancerTypeRoundRobin:
		out.RoundRobin = &ir.RoundRobin{SlowStart: slowStart()}
	case egv1a1.LoadBalancerTypeBackendUtilization:
		out.BackendUtilization = irBackendUtilization(lb.BackendUtilization)
		out.BackendUtilization.SlowStart = slowStart()
	default:
		return nil, fmt.Errorf("load balancer type %q is not supported for this backend yet", lb.Type)
	}
	if za := lb.ZoneAware; za != nil {
		for i, wz := range za.WeightedZones {
			if wz.Weight < 0 {
				return nil, fmt.Errorf("zoneAware.weightedZones[%d].weight must not be negative", i)
			}
			if slices.ContainsFunc(out.WeightedZones, func(z ir.WeightedZone) bool { return z.Zone == wz.Zone }) {
				return nil, fmt.Errorf("zoneAware.weightedZones[%d].zone %q is listed twice", i, wz.Zone)
			}
			out.WeightedZones = append(out.WeightedZones, ir.WeightedZone{Zone: wz.Zone, Weight: uint32(wz.Weight)})
		}
		if pl := za.PreferLocal; pl != nil {
			out.PreferLocal = &ir.PreferLocalZone{PercentageEnabled: u32(pl.PercentageEnabled)}
			if pl.MinEndpointsThreshold != nil && *pl.MinEndpointsThreshold >= 0 {
				m := uint64(*pl.MinEndpointsThreshold)
				out.PreferLocal.MinEndpointsThreshold = &m
			}
			if f := pl.Force; f != nil {
				out.PreferLocal.Force = &ir.ForceLocalZone{MinEndpointsInZoneThreshold: u32(f.MinEndpointsInZoneThreshold)}
			}
		}
	}
	if eo := lb.EndpointOverride; eo != nil {
		out.EndpointOverride = &ir.EndpointOverride{}
		for i, src := range eo.ExtractFrom {
			if src.Header == nil || *src.Header == "" {
				return nil, fmt.Errorf("endpointOverride.extractFrom[%d].header must be set", i)
			}
			h := *src.Header
			out.EndpointOverride.ExtractFrom = append(out.EndpointOverride.ExtractFrom, ir.EndpointOverrideSource{Header: &h})
		}
		if len(out.EndpointOverride.ExtractFrom) == 0 {
			return nil, errors.New("endpointOverride.extractFrom must list at least one source")
		}
	}
	return out, nil
}

// irBackendUtilization translates backend utilization settings whose
// durations were checked (btpCheckLoadBalancer). Durations that are not
// positive are left to Envoy's defaults; a port outside 1-65535 and a
// negative penalty are ignored.
func irBackendUtilization(bu *egv1a1.BackendUtilization) *ir.BackendUtilization {
	out := &ir.BackendUtilization{}
	if bu == nil {
		return out
	}
	out.BlackoutPeriod = positive(lenientDuration(bu.BlackoutPeriod))
	out.WeightExpirationPeriod = positive(lenientDuration(bu.WeightExpirationPeriod))
	out.WeightUpdatePeriod = positive(lenientDuration(bu.WeightUpdatePeriod))
	out.ErrorUtilizationPenaltyPercent = u32(bu.ErrorUtilizationPenaltyPercent)
	out.MetricNamesForComputingUtilization = slices.Clone(bu.MetricNamesForComputingUtilization)
	out.KeepResponseHeaders = bu.KeepResponseHeaders != nil && *bu.KeepResponseHeaders
	if o := bu.OutOfBand; o != nil {
		out.OutOfBand = &ir.OutOfBandReporting{ReportingPeriod: positive(lenientDuration(o.ReportingPeriod))}
		if o.Port != nil && *o.Port > 0 && *o.Port <= 65535 {
			out.OutOfBand.Port = u32(o.Port)
		}
		if o.Authority != nil {
			a := *o.Authority
			out.OutOfBand.Authority = &a
		}
	}
	return out
}

// irConsistentHash translates a consistent hash whose table size was
// checked. A hash type without its field (header, cookie) hashes nothing,
// and Envoy then picks endpoints at random.
func irConsistentHash(ch *egv1a1.ConsistentHash) (*ir.ConsistentHash, error) {
	out := &ir.ConsistentHash{}
	if ch == nil {
		return out, nil
	}
	if ch.TableSize != nil {
		ts := uint64(*ch.TableSize)
		out.TableSize = &ts
	}
	switch ch.Type {
	case egv1a1.ConsistentHashTypeSourceIP:
		t := true
		out.SourceIP = &t
	case egv1a1.ConsistentHashTypeHeader:
		if ch.Header != nil {
			out.Headers = []*ir.HashHeader{{Name: ch.Header.Name}}
		}
	case egv1a1.ConsistentHashTypeHeaders:
		for _, h := range ch.Headers {
			out.Headers = append(out.Headers, &ir.HashHeader{Name: h.Name})
		}
	case egv1a1.ConsistentHashTypeCookie:
		if c := ch.Cookie; c != nil {
			ttl, err := parseDuration(c.TTL)
			if err != nil {
				return nil, fmt.Errorf("invalid cookie TTL %s: %w", *c.TTL, err)
			}
			out.Cookie = &ir.HashCookie{Name: c.Name, TTL: ttl}
			if len(c.Attributes) > 0 {
				out.Cookie.Attributes = make(map[string]string, len(c.Attributes))
				for k, v := range c.Attributes {
					out.Cookie.Attributes[k] = v
				}
			}
		}
	case egv1a1.ConsistentHashTypeQueryParams:
		for _, q := range ch.QueryParams {
			out.QueryParams = append(out.QueryParams, &ir.HashQueryParam{Name: q.Name})
		}
	}
	return out, nil
}

func irProxyProtocol(pp *egv1a1.ProxyProtocol) *ir.ProxyProtocol {
	if pp == nil {
		return nil
	}
	switch pp.Version {
	case egv1a1.ProxyProtocolVersionV1:
		return &ir.ProxyProtocol{Version: ir.ProxyProtocolV1}
	case egv1a1.ProxyProtocolVersionV2:
		return &ir.ProxyProtocol{Version: ir.ProxyProtocolV2}
	}
	return nil
}

// irHealthCheck translates health checks as Envoy Gateway does: a passive
// check with a duration that does not parse is left out, active durations
// that do not parse are ignored, and the schema's defaults fill what an API
// server would have (see defaultHCTimeout). An active check of type HTTP or
// TCP without its settings is an error: Envoy cannot run it.
func irHealthCheck(hc *egv1a1.HealthCheck) (*ir.HealthCheck, error) {
	if hc == nil {
		return nil, nil
	}
	out := &ir.HealthCheck{Passive: irOutlierDetection(hc.Passive), PanicThreshold: u32(hc.PanicThreshold)}
	if a := hc.Active; a != nil {
		active, err := irActiveHealthCheck(a)
		if err != nil {
			return nil, err
		}
		out.Active = active
	}
	return out, nil
}

func irOutlierDetection(p *egv1a1.PassiveHealthCheck) *ir.OutlierDetection {
	if p == nil {
		return nil
	}
	interval, err := parseDuration(p.Interval)
	if err != nil {
		return nil
	}
	base, err := parseDuration(p.BaseEjectionTime)
	if err != nil {
		return nil
	}
	return &ir.OutlierDetection{
		Interval:                       orDuration(interval, defaultODInterval),
		SplitExternalLocalOriginErrors: p.SplitExternalLocalOriginErrors,
		ConsecutiveLocalOriginFailures: u32(p.ConsecutiveLocalOriginFailures),
		ConsecutiveGatewayErrors:       u32(p.ConsecutiveGatewayErrors),
		Consecutive5xxErrors:           u32(p.Consecutive5XxErrors),
		BaseEjectionTime:               orDuration(base, defaultODBaseEjectionTime),
		MaxEjectionPercent:             u32(p.MaxEjectionPercent),
		FailurePercentageThreshold:     u32(p.FailurePercentageThreshold),
		AlwaysEjectOneEndpoint:         p.AlwaysEjectOneEndpoint,
	}
}

func irActiveHealthCheck(a *egv1a1.ActiveHealthCheck) (*ir.ActiveHealthCheck, error) {
	out := &ir.ActiveHealthCheck{
		Timeout:            orDuration(positive(lenientDuration(a.Timeout)), defaultHCTimeout),
		Interval:           orDuration(positive(lenientDuration(a.Interval)), defaultHCInterval),
		InitialJitter:      lenientDuration(a.InitialJitter),
		UnhealthyThreshold: u32(a.UnhealthyThreshold),
		HealthyThreshold:   u32(a.HealthyThreshold),
	}
	if out.UnhealthyThreshold == nil {
		out.UnhealthyThreshold = new(uint32(defaultHCUnhealthyThreshold))
	}
	if out.HealthyThreshold == nil {
		out.HealthyThreshold = new(uint32(defaultHCHealthyThreshold))
	}
	switch a.Type {
	case egv1a1.ActiveHealthCheckerTypeHTTP:
		h := a.HTTP
		if h == nil {
			return nil, errors.New("an active health check of type HTTP needs http settings")
		}
		hc := &ir.HTTPHealthChecker{
			Path:              h.Path,
			ExpectedStatuses:  statusSet(h.ExpectedStatuses),
			RetriableStatuses: statusSet(h.RetriableStatuses),
			ExpectedResponse:  irHCPayload(h.ExpectedResponse),
			RequestBody:       irHCPayload(h.RequestBody),
		}
		if len(hc.ExpectedStatuses) == 0 {
			hc.ExpectedStatuses = []uint32{200}
		}
		if h.Method != nil {
			m := strings.ToUpper(*h.Method)
			hc.Method = &m
		}
		if h.Hostname != nil {
			hc.Host = *h.Hostname
		}
		out.HTTP = hc
	case egv1a1.ActiveHealthCheckerTypeTCP:
		t := a.TCP
		if t == nil {
			return nil, errors.New("an active health check of type TCP needs tcp settings")
		}
		out.TCP = &ir.TCPHealthChecker{Send: irHCPayload(t.Send), Receive: irHCPayload(t.Receive)}
	case egv1a1.ActiveHealthCheckerTypeGRPC:
		out.GRPC = &ir.GRPCHealthChecker{}
		if a.GRPC != nil {
			out.GRPC.Service = a.GRPC.Service
		}
	default:
		return nil, fmt.Errorf("unknown active health checker type %q", a.Type)
	}
	if o := a.Overrides; o != nil && o.Port != nil && *o.Port > 0 {
		out.Overrides = &ir.HealthCheckOverrides{Port: uint32(*o.Port)}
	}
	out.Log = irHealthCheckLog(a.HealthCheckLog)
	return out, nil
}

// positive returns d when it is greater than zero, else nil.
func positive(d *ir.Duration) *ir.Duration {
	if d == nil || *d <= 0 {
		return nil
	}
	return d
}

// statusSet returns the HTTP statuses sorted, without repeats; nil for
// none.
func statusSet(in []egv1a1.HTTPStatus) []uint32 {
	if len(in) == 0 {
		return nil
	}
	out := make([]uint32, 0, len(in))
	for _, s := range in {
		if s >= 0 {
			out = append(out, uint32(s))
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func irHCPayload(p *egv1a1.ActiveHealthCheckPayload) *ir.HealthCheckPayload {
	if p == nil {
		return nil
	}
	out := &ir.HealthCheckPayload{}
	switch p.Type {
	case egv1a1.ActiveHealthCheckPayloadTypeText:
		out.Text = p.Text
	case egv1a1.ActiveHealthCheckPayloadTypeBinary:
		out.Binary = slices.Clone(p.Binary)
	}
	return out
}

// irHealthCheckLog translates a health check log: no event types means all
// failures and successes; FailureSeriesStart and HealthyTransition are what
// Envoy logs anyway; no sinks means standard output.
func irHealthCheckLog(l *egv1a1.ProxyHealthCheckLog) *ir.HealthCheckLog {
	if l == nil {
		return nil
	}
	out := &ir.HealthCheckLog{}
	if len(l.Matches) == 0 {
		out.AlwaysLogHealthCheckFailures = true
		out.AlwaysLogHealthCheckSuccess = true
	}
	for _, m := range l.Matches {
		switch m {
		case egv1a1.ProxyHealthCheckLogEventTypeFailure:
			out.AlwaysLogHealthCheckFailures = true
		case egv1a1.ProxyHealthCheckLogEventTypeSuccess:
			out.AlwaysLogHealthCheckSuccess = true
		}
	}
	if len(l.Sinks) == 0 {
		out.FileSinks = []ir.HealthCheckLogFile{{Path: defaultHCLogPath}}
	}
	for _, s := range l.Sinks {
		if s.Type == egv1a1.ProxyHealthCheckLogSinkTypeFile && s.File != nil && s.File.Path != "" {
			out.FileSinks = append(out.FileSinks, ir.HealthCheckLogFile{Path: s.File.Path})
		}
	}
	return out
}

// irDNS translates DNS settings; a refresh rate that does not parse, or is
// not positive, is ignored.
func irDNS(d *egv1a1.DNS) *ir.DNS {
	if d == nil {
		return nil
	}
	out := &ir.DNS{RespectDNSTTL: d.RespectDNSTTL, DNSRefreshRate: positive(lenientDuration(d.DNSRefreshRate))}
	if d.LookupFamily != nil {
		f := ir.DNSLookupFamily(*d.LookupFamily)
		switch f {
		case ir.DNSLookupIPv4, ir.DNSLookupIPv6, ir.DNSLookupIPv4Preferred, ir.DNSLookupIPv6Preferred, ir.DNSLookupIPv4AndIPv6:
			out.LookupFamily = &f
		}
	}
	return out
}

// irHTTP2 translates HTTP/2 settings that btpCheckHTTP2 accepts; every
// problem is reported, joined.
func irHTTP2(h *egv1a1.HTTP2Settings) (*ir.HTTP2Settings, error) {
	if h == nil {
		return nil, nil
	}
	if err := btpCheckHTTP2(h); err != nil {
		return nil, err
	}
	window := func(q interface{ AsInt64() (int64, bool) }) *uint32 {
		v, _ := q.AsInt64()
		u := uint32(v)
		return &u
	}
	out := &ir.HTTP2Settings{MaxConcurrentStreams: u32(h.MaxConcurrentStreams)}
	if h.InitialStreamWindowSize != nil {
		out.InitialStreamWindowSize = window(h.InitialStreamWindowSize)
	}
	if h.InitialConnectionWindowSize != nil {
		out.InitialConnectionWindowSize = window(h.InitialConnectionWindowSize)
	}
	if h.OnInvalidMessage != nil {
		switch *h.OnInvalidMessage {
		case egv1a1.InvalidMessageActionTerminateStream:
			out.ResetStreamOnError = new(true)
		case egv1a1.InvalidMessageActionTerminateConnection:
			out.ResetStreamOnError = new(false)
		}
	}
	if ka := h.ConnectionKeepalive; ka != nil {
		k := &ir.HTTP2Keepalive{IntervalJitter: u32(ka.IntervalJitter)}
		k.Interval, _ = parseDuration(ka.Interval)
		k.Timeout, _ = parseDuration(ka.Timeout)
		k.IdleInterval, _ = parseDuration(ka.IdleInterval)
		out.ConnectionKeepalive = k
	}
	return out, nil
}

// irRetry translates a retry policy as Envoy Gateway does: triggers and
// status codes sorted without repeats, a per-retry timeout that must
// parse, and back-off intervals checked by btpCheckRetry (ones that do not
// parse are ignored).
func irRetry(r *egv1a1.Retry) (*ir.Retry, error) {
	if r == nil {
		return nil, nil
	}
	if err := btpCheckRetry(r); err != nil {
		return nil, err
	}
	out := &ir.Retry{NumRetries: u32(r.NumRetries)}
	if ro := r.RetryOn; ro != nil && (ro.Triggers != nil || ro.HTTPStatusCodes != nil) {
		o := &ir.RetryOn{}
		if ro.HTTPStatusCodes != nil {
			o.HTTPStatusCodes = statusSet(ro.HTTPStatusCodes)
			if o.HTTPStatusCodes == nil {
				o.HTTPStatusCodes = []uint32{}
			}
		}
		if ro.Triggers != nil {
			o.Triggers = make([]string, 0, len(ro.Triggers))
			for _, t := range ro.Triggers {
				o.Triggers = append(o.Triggers, string(t))
			}
			slices.Sort(o.Triggers)
			o.Triggers = slices.Compact(o.Triggers)
		}
		out.RetryOn = o
	}
	if pr := r.PerRetry; pr != nil {
		p := &ir.PerRetryPolicy{}
		p.Timeout = lenientDuration(pr.Timeout) // checked to parse
		if bo := pr.BackOff; bo != nil && (bo.BaseInterval != nil || bo.MaxInterval != nil) {
			p.BackOff = &ir.BackOffPolicy{BaseInterval: lenientDuration(bo.BaseInterval), MaxInterval: lenientDuration(bo.MaxInterval)}
		}
		if p.Timeout != nil || p.BackOff != nil {
			out.PerRetry = p
		}
	}
	return out, nil
}
