package v1alpha1

import (
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// validateClusterSettings checks the settings of an upstream cluster, held by
// BackendTrafficPolicy and by the backendSettings of extension services.
func validateClusterSettings(c *ClusterSettings, p *field.Path) field.ErrorList {
	if c == nil {
		return nil
	}
	errs := validateLoadBalancer(c.LoadBalancer, p.Child("loadBalancer"))
	errs = append(errs, validateRetry(c.Retry, p.Child("retry"))...)
	errs = append(errs, validateProxyProtocol(c.ProxyProtocol, p.Child("proxyProtocol"))...)
	errs = append(errs, validateTCPKeepalive(c.TCPKeepalive, p.Child("tcpKeepalive"))...)
	errs = append(errs, validateHealthCheck(c.HealthCheck, p.Child("healthCheck"))...)
	errs = append(errs, validateCircuitBreaker(c.CircuitBreaker, p.Child("circuitBreaker"))...)
	errs = append(errs, validateTimeout(c.Timeout, p.Child("timeout"))...)
	errs = append(errs, validateBackendConnection(c.Connection, p.Child("connection"))...)
	errs = append(errs, validateDNS(c.DNS, p.Child("dns"))...)
	errs = append(errs, validateHTTP2Settings(c.HTTP2, p.Child("http2"))...)
	return append(errs, predictiveNeedsSimpleLB(c, p)...)
}

// predictiveNeedsSimpleLB checks that predictive preconnecting is only used
// with the Random and RoundRobin load balancers.
func predictiveNeedsSimpleLB(c *ClusterSettings, p *field.Path) field.ErrorList {
	if c.Connection == nil || c.Connection.Preconnect == nil || c.Connection.Preconnect.PredictivePercent == nil {
		return nil
	}
	if c.LoadBalancer != nil && isOneOf(c.LoadBalancer.Type, LoadBalancerTypeRandom, LoadBalancerTypeRoundRobin) {
		return nil
	}
	return field.ErrorList{field.Forbidden(p.Child("connection", "preconnect", "predictivePercent"),
		"may only be set when loadBalancer.type is Random or RoundRobin")}
}

// validateRetry checks a retry policy.
func validateRetry(r *Retry, p *field.Path) field.ErrorList {
	if r == nil {
		return nil
	}
	errs := optionalIntRange(r.NumRetries, p.Child("numRetries"), 0, noMax)
	if r.RetryOn != nil {
		on := p.Child("retryOn")
		errs = append(errs, enumItems(r.RetryOn.Triggers, on.Child("triggers"),
			TriggerEnumV5xx, TriggerEnumGatewayError, TriggerEnumReset, TriggerEnumResetBeforeRequest,
			TriggerEnumConnectFailure, TriggerEnumRetriable4xx, TriggerEnumRefusedStream, TriggerEnumRetriableStatusCodes,
			TriggerEnumCancelled, TriggerEnumDeadlineExceeded, TriggerEnumInternal, TriggerEnumResourceExhausted,
			TriggerEnumUnavailable)...)
		errs = append(errs, httpStatuses(r.RetryOn.HTTPStatusCodes, on.Child("httpStatusCodes"))...)
	}
	if r.PerRetry != nil {
		pr := p.Child("perRetry")
		errs = append(errs, optionalDuration(r.PerRetry.Timeout, pr.Child("timeout"))...)
		if b := r.PerRetry.BackOff; b != nil {
			errs = append(errs, optionalDuration(b.BaseInterval, pr.Child("backOff", "baseInterval"))...)
			errs = append(errs, optionalDuration(b.MaxInterval, pr.Child("backOff", "maxInterval"))...)
		}
	}
	return errs
}

// httpStatuses checks a list of HTTP status codes (100 to 599).
func httpStatuses(codes []HTTPStatus, p *field.Path) field.ErrorList {
	return intItems(codes, p, 100, 599)
}

// validateProxyProtocol checks the PROXY protocol version sent upstream.
func validateProxyProtocol(pp *ProxyProtocol, p *field.Path) field.ErrorList {
	if pp == nil {
		return nil
	}
	return requiredEnum(pp.Version, p.Child("version"), ProxyProtocolVersionV1, ProxyProtocolVersionV2)
}

// validateTCPKeepalive checks TCP keepalive settings.
func validateTCPKeepalive(k *TCPKeepalive, p *field.Path) field.ErrorList {
	if k == nil {
		return nil
	}
	errs := optionalDuration(k.IdleTime, p.Child("idleTime"))
	return append(errs, optionalDuration(k.Interval, p.Child("interval"))...)
}

// validateCircuitBreaker checks circuit breaker thresholds, each a 32-bit
// unsigned count.
func validateCircuitBreaker(cb *CircuitBreaker, p *field.Path) field.ErrorList {
	if cb == nil {
		return nil
	}
	const maxUint32 = 1<<32 - 1
	errs := optionalIntRange(cb.MaxConnections, p.Child("maxConnections"), 0, maxUint32)
	errs = append(errs, optionalIntRange(cb.MaxPendingRequests, p.Child("maxPendingRequests"), 0, maxUint32)...)
	errs = append(errs, optionalIntRange(cb.MaxParallelRequests, p.Child("maxParallelRequests"), 0, maxUint32)...)
	errs = append(errs, optionalIntRange(cb.MaxParallelRetries, p.Child("maxParallelRetries"), 0, maxUint32)...)
	errs = append(errs, optionalIntRange(cb.MaxRequestsPerConnection, p.Child("maxRequestsPerConnection"), 0, maxUint32)...)
	if cb.PerEndpoint != nil {
		errs = append(errs, optionalIntRange(cb.PerEndpoint.MaxConnections, p.Child("perEndpoint", "maxConnections"), 0, maxUint32)...)
	}
	if cb.RetryBudget != nil {
		errs = append(errs, validateFraction(&cb.RetryBudget.Percent, p.Child("retryBudget", "percent"))...)
	}
	return errs
}

// validateTimeout checks upstream timeouts.
func validateTimeout(t *Timeout, p *field.Path) field.ErrorList {
	if t == nil {
		return nil
	}
	var errs field.ErrorList
	if t.TCP != nil {
		errs = append(errs, optionalDuration(t.TCP.ConnectTimeout, p.Child("tcp", "connectTimeout"))...)
	}
	if h := t.HTTP; h != nil {
		hp := p.Child("http")
		errs = append(errs, optionalDuration(h.ConnectionIdleTimeout, hp.Child("connectionIdleTimeout"))...)
		errs = append(errs, optionalDuration(h.MaxConnectionDuration, hp.Child("maxConnectionDuration"))...)
		errs = append(errs, optionalDuration(h.RequestTimeout, hp.Child("requestTimeout"))...)
		errs = append(errs, optionalDuration(h.MaxStreamDuration, hp.Child("maxStreamDuration"))...)
		errs = append(errs, optionalDuration(h.StreamIdleTimeout, hp.Child("streamIdleTimeout"))...)
	}
	return errs
}

// validateBackendConnection checks upstream connection settings.
func validateBackendConnection(c *BackendConnection, p *field.Path) field.ErrorList {
	if c == nil || c.Preconnect == nil {
		return nil
	}
	pp := p.Child("preconnect")
	errs := optionalIntRange(c.Preconnect.PerEndpointPercent, pp.Child("perEndpointPercent"), 100, 300)
	return append(errs, optionalIntRange(c.Preconnect.PredictivePercent, pp.Child("predictivePercent"), 100, noMax)...)
}

// validateDNS checks DNS resolution settings.
func validateDNS(d *DNS, p *field.Path) field.ErrorList {
	if d == nil {
		return nil
	}
	errs := optionalDuration(d.DNSRefreshRate, p.Child("dnsRefreshRate"))
	return append(errs, optionalEnum(d.LookupFamily, p.Child("lookupFamily"),
		DNSLookupFamilyIPv4, DNSLookupFamilyIPv6, DNSLookupFamilyIPv4Preferred, DNSLookupFamilyIPv6Preferred, DNSLookupFamilyIPv4AndIPv6)...)
}

// validateHTTP2Settings checks HTTP/2 settings, used both towards clients and
// towards backends.
func validateHTTP2Settings(h *HTTP2Settings, p *field.Path) field.ErrorList {
	if h == nil {
		return nil
	}
	errs := optionalIntRange(h.MaxConcurrentStreams, p.Child("maxConcurrentStreams"), 1, 2147483647)
	return append(errs, validateHTTP2Keepalive(h.ConnectionKeepalive, p.Child("connectionKeepalive"))...)
}

// validateHTTP2Keepalive checks HTTP/2 PING keepalives: a ping must time out
// before the next one is due.
func validateHTTP2Keepalive(k *HTTP2KeepaliveSettings, p *field.Path) field.ErrorList {
	if k == nil {
		return nil
	}
	errs := optionalDuration(k.Interval, p.Child("interval"))
	errs = append(errs, optionalDuration(k.Timeout, p.Child("timeout"))...)
	errs = append(errs, optionalIntRange(k.IntervalJitter, p.Child("intervalJitter"), 0, 100)...)
	errs = append(errs, optionalDuration(k.IdleInterval, p.Child("idleInterval"))...)
	if k.Timeout == nil || k.Interval == nil {
		return errs
	}
	timeout, okT := parseDuration(*k.Timeout)
	interval, okI := parseDuration(*k.Interval)
	if okT && okI && timeout >= interval {
		errs = append(errs, field.Invalid(p.Child("timeout"), string(*k.Timeout), "must be shorter than interval"))
	}
	return errs
}
