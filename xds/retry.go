package xds

import (
	"errors"
	"strings"
	"time"

	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/gatewaykit/gatewaykit/ir"
)

// Retries of calls that Envoy makes itself, outside any route: to an ext
// auth service, a remote JWKS, an OIDC provider's token endpoint. Their
// policy is an ir.Retry in the external service's traffic features.

const (
	// defaultRetryOn is what Envoy Gateway retries on when a policy names
	// no triggers: connection failures, refused streams, unavailable and
	// cancelled gRPC statuses and retriable status codes.
	defaultRetryOn = "connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes"
	// defaultNonRouteBackOffBase is Envoy's base back-off interval of a
	// non-route retry policy, used when a back-off names only its maximum.
	defaultNonRouteBackOffBase = time.Second
)

// nonRouteRetryPolicy is the retry policy of Envoy's own calls to an
// external service, as Envoy Gateway builds it: its retry triggers
// (defaultRetryOn when r names none), number of retries and back-off.
// Per-retry timeouts and status codes are for routes only and are not
// read. A back-off without a base interval gets Envoy's default (1s), or
// its maximum when that is less; one without a maximum leaves Envoy's (ten
// times the base).
func nonRouteRetryPolicy(r *ir.Retry) (*corev3.RetryPolicy, error) {
	rp := &corev3.RetryPolicy{RetryOn: defaultRetryOn}
	if r == nil {
		return rp, nil
	}
	if r.NumRetries != nil {
		rp.NumRetries = wrapperspb.UInt32(*r.NumRetries)
	}
	if ro := r.RetryOn; ro != nil && len(ro.Triggers) > 0 {
		for _, t := range ro.Triggers {
			if t == "" || strings.Contains(t, ",") {
				return nil, errors.New("retryOn.triggers: a trigger must be a single, non-empty name")
			}
		}
		rp.RetryOn = strings.Join(ro.Triggers, ",")
	}
	if pr := r.PerRetry; pr != nil && pr.BackOff != nil && (pr.BackOff.BaseInterval != nil || pr.BackOff.MaxInterval != nil) {
		bo := pr.BackOff
		base := defaultNonRouteBackOffBase
		switch {
		case bo.BaseInterval != nil:
			base = bo.BaseInterval.Std()
		case bo.MaxInterval.Std() < base:
			base = bo.MaxInterval.Std()
		}
		if base < time.Millisecond {
			return nil, errors.New("perRetry.backOff.baseInterval: must be at least 1ms")
		}
		rp.RetryBackOff = &corev3.BackoffStrategy{BaseInterval: durationpb.New(base)}
		if bo.MaxInterval != nil {
			if bo.MaxInterval.Std() < base {
				return nil, errors.New("perRetry.backOff.maxInterval: must not be less than the base interval")
			}
			rp.RetryBackOff.MaxInterval = durationpb.New(bo.MaxInterval.Std())
		}
	}
	return rp, nil
}

// trafficRetry returns the retry policy of t, or nil.
func trafficRetry(t *ir.TrafficFeatures) *ir.Retry {
	if t == nil {
		return nil
	}
	return t.Retry
}
