package xds

import (
	"math"

	faultcommonv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/common/fault/v3"
	faultv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/fault/v3"
	hcmv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/http_connection_manager/v3"
	typev3 "github.com/envoyproxy/go-control-plane/envoy/type/v3"
	"google.golang.org/protobuf/types/known/anypb"
	"google.golang.org/protobuf/types/known/durationpb"

	"github.com/gatewaykit/gatewaykit/ir"
)

// Fault injection (ir.FaultInjection) has one filter, HTTPFilterFault,
// empty in the connection manager (it injects nothing by itself) when a
// route of its listeners injects faults; each such route configures it
// with its delay and abort. Percentages become parts per million.

// routeFault returns r's fault injection; nil when it has none.
func routeFault(r *ir.HTTPRoute) *ir.FaultInjection {
	if r == nil || r.Traffic == nil {
		return nil
	}
	return r.Traffic.FaultInjection
}

// faultFilters adds the fault filter when a route of ls injects faults.
func faultFilters(_ *builder, ls []*ir.HTTPListener) ([]*hcmv3.HttpFilter, error) {
	if !anyRoute(ls, func(r *ir.HTTPRoute) bool { return routeFault(r) != nil }) {
		return nil, nil
	}
	return httpFilter(HTTPFilterFault, &faultv3.HTTPFault{})
}

// faultPerRoute configures the fault filter with r's faults; a fault
// injection with neither a delay nor an abort configures nothing.
func faultPerRoute(r *ir.HTTPRoute, _ string) (map[string]*anypb.Any, error) {
	fi := routeFault(r)
	if fi == nil || (fi.Delay == nil && fi.Abort == nil) {
		return nil, nil
	}
	cfg := &faultv3.HTTPFault{}
	if d := fi.Delay; d != nil {
		cfg.Delay = &faultcommonv3.FaultDelay{Percentage: faultPercent(d.Percentage)}
		if d.FixedDelay != nil {
			cfg.Delay.FaultDelaySecifier = &faultcommonv3.FaultDelay_FixedDelay{FixedDelay: durationpb.New(d.FixedDelay.Std())}
		}
	}
	if a := fi.Abort; a != nil {
		cfg.Abort = &faultv3.FaultAbort{Percentage: faultPercent(a.Percentage)}
		switch {
		case a.HTTPStatus != nil:
			cfg.Abort.ErrorType = &faultv3.FaultAbort_HttpStatus{HttpStatus: uint32(*a.HTTPStatus)}
		case a.GrpcStatus != nil:
			cfg.Abort.ErrorType = &faultv3.FaultAbort_GrpcStatus{GrpcStatus: *a.GrpcStatus}
		}
	}
	return map[string]*anypb.Any{HTTPFilterFault: mustAny(cfg)}, nil
}

// faultPercent is p percent in parts per million; nil leaves Envoy's
// default.
func faultPercent(p *float32) *typev3.FractionalPercent {
	if p == nil {
		return nil
	}
	return &typev3.FractionalPercent{Numerator: uint32(math.Round(float64(*p) * 10000)), Denominator: typev3.FractionalPercent_MILLION}
}
