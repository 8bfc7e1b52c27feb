package xds

import (
	bwlimitv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/bandwidth_limit/v3"
	hcmv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/http_connection_manager/v3"
	"google.golang.org/protobuf/types/known/anypb"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/gatewaykit/gatewaykit/ir"
)

// Bandwidth limits (ir.BandwidthLimit) have two filters of type
// HTTPFilterBandwidthLimit, <type>/request and <type>/response, each in the
// connection manager (disabled, with no limit) when a route limits that
// direction. A route that limits a direction configures the filter of
// that direction with its limit, which also enables it there. Envoy's
// limit_kbps is in KiB per second, as the IR's is.

// Names of the bandwidth limit filters, and the stat prefix they share.
const (
	bandwidthLimitRequestFilter  = HTTPFilterBandwidthLimit + "/request"
	bandwidthLimitResponseFilter = HTTPFilterBandwidthLimit + "/response"
	bandwidthLimitStatPrefix     = "http_bandwidth_limiter"
)

// routeBandwidthLimit returns r's bandwidth limit; nil when it has none.
func routeBandwidthLimit(r *ir.HTTPRoute) *ir.BandwidthLimit {
	if r == nil || r.Traffic == nil {
		return nil
	}
	return r.Traffic.BandwidthLimit
}

// bandwidthLimitFilters adds the disabled filter of each direction a route
// of ls limits, request first.
func bandwidthLimitFilters(_ *builder, ls []*ir.HTTPListener) ([]*hcmv3.HttpFilter, error) {
	req := anyRoute(ls, func(r *ir.HTTPRoute) bool { bl := routeBandwidthLimit(r); return bl != nil && bl.Request != nil })
	resp := anyRoute(ls, func(r *ir.HTTPRoute) bool { bl := routeBandwidthLimit(r); return bl != nil && bl.Response != nil })
	var out []*hcmv3.HttpFilter
	for _, f := range []struct {
		on   bool
		name string
	}{{req, bandwidthLimitRequestFilter}, {resp, bandwidthLimitResponseFilter}} {
		if !f.on {
			continue
		}
		hf, err := httpFilter(f.name, &bwlimitv3.BandwidthLimit{StatPrefix: bandwidthLimitStatPrefix})
		if err != nil {
			return nil, err
		}
		hf[0].Disabled = true
		out = append(out, hf...)
	}
	return out, nil
}

// bandwidthLimitPerRoute configures the filter of each direction r limits.
func bandwidthLimitPerRoute(r *ir.HTTPRoute, _ string) (map[string]*anypb.Any, error) {
	bl := routeBandwidthLimit(r)
	if bl == nil {
		return nil, nil
	}
	out := map[string]*anypb.Any{}
	if c := bl.Request; c != nil {
		out[bandwidthLimitRequestFilter] = mustAny(&bwlimitv3.BandwidthLimit{
			StatPrefix: bandwidthLimitStatPrefix,
			EnableMode: bwlimitv3.BandwidthLimit_REQUEST,
			LimitKbps:  wrapperspb.UInt64(c.LimitKibps),
		})
	}
	if c := bl.Response; c != nil {
		cfg := &bwlimitv3.BandwidthLimit{
			StatPrefix: bandwidthLimitStatPrefix,
			EnableMode: bwlimitv3.BandwidthLimit_RESPONSE,
			LimitKbps:  wrapperspb.UInt64(c.LimitKibps),
		}
		if tr := c.ResponseTrailers; tr != nil {
			cfg.EnableResponseTrailers = true
			if tr.Prefix != nil {
				cfg.ResponseTrailerPrefix = *tr.Prefix
			}
		}
		out[bandwidthLimitResponseFilter] = mustAny(cfg)
	}
	return out, nil
}
