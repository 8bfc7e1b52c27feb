package xds

import (
	bufferv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/buffer/v3"
	hcmv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/http_connection_manager/v3"
	"google.golang.org/protobuf/types/known/anypb"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/gatewaykit/gatewaykit/ir"
)

// Request buffering (ir.RequestBuffer) has one filter, HTTPFilterBuffer,
// disabled in the connection manager and configured from the first route
// that buffers; every route that buffers enables it with its own limit.

// routeRequestBuffer returns r's request buffer; nil when it has none.
func routeRequestBuffer(r *ir.HTTPRoute) *ir.RequestBuffer {
	if r == nil || r.Traffic == nil {
		return nil
	}
	return r.Traffic.RequestBuffer
}

// bufferFilters adds the disabled buffer filter when a route of ls buffers.
func bufferFilters(_ *builder, ls []*ir.HTTPListener) ([]*hcmv3.HttpFilter, error) {
	for _, l := range ls {
		for _, r := range l.Routes {
			if rb := routeRequestBuffer(r); rb != nil {
				f, err := httpFilter(HTTPFilterBuffer, &bufferv3.Buffer{MaxRequestBytes: wrapperspb.UInt32(rb.LimitBytes)})
				if err != nil {
					return nil, err
				}
				f[0].Disabled = true
				return f, nil
			}
		}
	}
	return nil, nil
}

// bufferPerRoute enables the buffer filter on r with r's limit.
func bufferPerRoute(r *ir.HTTPRoute, _ string) (map[string]*anypb.Any, error) {
	rb := routeRequestBuffer(r)
	if rb == nil {
		return nil, nil
	}
	return map[string]*anypb.Any{HTTPFilterBuffer: mustAny(&bufferv3.BufferPerRoute{
		Override: &bufferv3.BufferPerRoute_Buffer{Buffer: &bufferv3.Buffer{MaxRequestBytes: wrapperspb.UInt32(rb.LimitBytes)}},
	})}, nil
}
