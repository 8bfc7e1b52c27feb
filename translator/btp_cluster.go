package translator

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"time"

	"k8s.io/apimachinery/pkg/api/resource"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// The checks of a policy's cluster settings (the part of a
// BackendTrafficPolicy that is also the backendSettings of extension
// service references). Each returns Envoy Gateway's text, unprefixed.

// Limits Envoy puts on values it keeps in 32 bits, and on HTTP/2 windows.
const (
	// btpMaxTableSize is the largest Maglev lookup table Envoy accepts.
	btpMaxTableSize = 5000011
	// btpMinHTTP2Window and btpMaxHTTP2Window bound HTTP/2 stream and
	// connection flow-control windows.
	btpMinHTTP2Window = 65535
	btpMaxHTTP2Window = 2147483647
)

// btpCheckLoadBalancer checks spec.loadBalancer: a consistent hash table
// size must be a prime no larger than Maglev's maximum, and the durations of
// slow start and of backend utilization must parse. Slow start is only read
// for the algorithms that support it, as in Envoy Gateway. Whether a
// dynamic module is registered depends on the Gateway's EnvoyProxy and is
// not checked here.
func btpCheckLoadBalancer(lb *egv1a1.LoadBalancer) error {
	if lb == nil {
		return nil
	}
	switch lb.Type {
	case egv1a1.LoadBalancerTypeConsistentHash:
		if ch := lb.ConsistentHash; ch != nil && ch.TableSize != nil {
			size := *ch.TableSize
			if size > btpMaxTableSize || !big.NewInt(size).ProbablyPrime(0) {
				return fmt.Errorf("ConsistentHash: invalid TableSize value %d", size)
			}
		}
	case egv1a1.LoadBalancerTypeLeastRequest, egv1a1.LoadBalancerTypeRoundRobin:
		return btpCheckSlowStart(lb.SlowStart)
	case egv1a1.LoadBalancerTypeBackendUtilization:
		if bu := lb.BackendUtilization; bu != nil {
			for _, d := range []struct {
				name string
				v    *gwapiv1.Duration
			}{
				{"BlackoutPeriod", bu.BlackoutPeriod},
				{"WeightExpirationPeriod", bu.WeightExpirationPeriod},
				{"WeightUpdatePeriod", bu.WeightUpdatePeriod},
			} {
				if err := btpParseDuration(d.v); err != nil {
					return fmt.Errorf("invalid %s value %s: %w", d.name, *d.v, err)
				}
			}
			if oob := bu.OutOfBand; oob != nil {
				if err := btpParseDuration(oob.ReportingPeriod); err != nil {
					return fmt.Errorf("invalid OutOfBand ReportingPeriod value %s: %w", *oob.ReportingPeriod, err)
				}
			}
		}
		return btpCheckSlowStart(lb.SlowStart)
	}
	return nil
}

// btpCheckSlowStart checks that a slow start window parses; Envoy Gateway
// reports Go's own parse error. An empty window counts as unset.
func btpCheckSlowStart(ss *egv1a1.SlowStart) error {
	if ss == nil || ss.Window == "" {
		return nil
	}
	_, err := time.ParseDuration(string(ss.Window))
	return err
}

// btpParseDuration parses an optional duration; nil parses.
func btpParseDuration(d *gwapiv1.Duration) error {
	if d == nil {
		return nil
	}
	_, err := time.ParseDuration(string(*d))
	return err
}

// btpCheckCircuitBreaker checks that the circuit breaker thresholds fit in
// 32 bits, in Envoy Gateway's order. Per-endpoint limits that do not fit
// are ignored rather than reported, as Envoy Gateway ignores them.
func btpCheckCircuitBreaker(cb *egv1a1.CircuitBreaker) error {
	if cb == nil {
		return nil
	}
	for _, v := range []struct {
		name string
		v    *int64
	}{
		{"MaxConnections", cb.MaxConnections},
		{"MaxParallelRequests", cb.MaxParallelRequests},
		{"MaxPendingRequests", cb.MaxPendingRequests},
		{"MaxParallelRetries", cb.MaxParallelRetries},
		{"MaxRequestsPerConnection", cb.MaxRequestsPerConnection},
	} {
		if v.v != nil && (*v.v < 0 || *v.v > math.MaxUint32) {
			return fmt.Errorf("invalid %s value %d", v.name, *v.v)
		}
	}
	return nil
}

// btpCheckTCPKeepalive checks that the keepalive durations parse.
func btpCheckTCPKeepalive(ka *egv1a1.TCPKeepalive) error {
	if ka == nil {
		return nil
	}
	if btpParseDuration(ka.IdleTime) != nil {
		return fmt.Errorf("invalid IdleTime value %s", *ka.IdleTime)
	}
	if btpParseDuration(ka.Interval) != nil {
		return fmt.Errorf("invalid Interval value %s", *ka.Interval)
	}
	return nil
}

// btpCheckRetry checks spec.retry: the per-retry timeout must parse (Go's
// parse error is reported), and the back-off intervals that parse may be
// neither zero nor out of order. Back-off intervals that do not parse are
// ignored, as Envoy Gateway ignores them.
func btpCheckRetry(r *egv1a1.Retry) error {
	if r == nil || r.PerRetry == nil {
		return nil
	}
	if r.PerRetry.Timeout != nil {
		if _, err := time.ParseDuration(string(*r.PerRetry.Timeout)); err != nil {
			return err
		}
	}
	bo := r.PerRetry.BackOff
	if bo == nil {
		return nil
	}
	var base *time.Duration
	if bo.BaseInterval != nil {
		if d, err := time.ParseDuration(string(*bo.BaseInterval)); err == nil {
			if d == 0 {
				return errors.New("baseInterval cannot be set to 0s")
			}
			base = &d
		}
	}
	if bo.MaxInterval != nil {
		if d, err := time.ParseDuration(string(*bo.MaxInterval)); err == nil {
			if d == 0 {
				return errors.New("maxInterval cannot be set to 0s")
			}
			if base != nil && *base > d {
				return errors.New("maxInterval cannot be less than baseInterval")
			}
		}
	}
	return nil
}

// btpCheckBackendConnection checks that the connection buffer limit is a
// whole number of bytes that fits in 32 bits. socketBufferLimit is not
// checked: Envoy Gateway does not implement it and accepts any value.
func btpCheckBackendConnection(bc *egv1a1.BackendConnection) error {
	if bc == nil || bc.BufferLimit == nil {
		return nil
	}
	v, ok := bc.BufferLimit.AsInt64()
	if !ok {
		return fmt.Errorf("invalid BufferLimit value %s", bc.BufferLimit.String())
	}
	if v < 0 || v > math.MaxUint32 {
		return fmt.Errorf("BufferLimit value %s is out of range", bc.BufferLimit.String())
	}
	return nil
}

// btpCheckHTTP2 checks spec.http2: both flow-control windows must be whole
// numbers within the bounds Envoy accepts, and the keepalive durations must
// parse. Every problem is reported, in field order.
func btpCheckHTTP2(h *egv1a1.HTTP2Settings) error {
	if h == nil {
		return nil
	}
	var errs []error
	for _, w := range []struct {
		name string
		q    *resource.Quantity
	}{
		{"InitialStreamWindowSize", h.InitialStreamWindowSize},
		{"InitialConnectionWindowSize", h.InitialConnectionWindowSize},
	} {
		if w.q == nil {
			continue
		}
		v, ok := w.q.AsInt64()
		switch {
		case !ok:
			errs = append(errs, fmt.Errorf("invalid %s value %s", w.name, w.q.String()))
		case v < btpMinHTTP2Window || v > btpMaxHTTP2Window:
			errs = append(errs, fmt.Errorf("%s value %s is out of range, must be between %d and %d",
				w.name, w.q.String(), btpMinHTTP2Window, btpMaxHTTP2Window))
		}
	}
	if ka := h.ConnectionKeepalive; ka != nil {
		for _, d := range []struct {
			name string
			v    *gwapiv1.Duration
		}{
			{"Interval", ka.Interval},
			{"Timeout", ka.Timeout},
			{"IdleInterval", ka.IdleInterval},
		} {
			if err := btpParseDuration(d.v); err != nil {
				errs = append(errs, fmt.Errorf("invalid ConnectionKeepalive.%s: %w", d.name, err))
			}
		}
	}
	return errors.Join(errs...)
}
