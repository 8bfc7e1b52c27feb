package xds

import (
	routev3 "github.com/envoyproxy/go-control-plane/envoy/config/route/v3"
	headermutationv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/header_mutation/v3"
	healthcheckv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/health_check/v3"
	hcmv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/http_connection_manager/v3"
	matcherv3 "github.com/envoyproxy/go-control-plane/envoy/type/matcher/v3"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/gatewaykit/gatewaykit/ir"
)

// HTTP filters of the listener-level client settings. Where several IR
// listeners share a connection manager, the first of them that sets the
// feature configures it.

// healthCheckFilters answers the health check path of the first listener
// that has one, without passing the request on.
func healthCheckFilters(_ *builder, ls []*ir.HTTPListener) ([]*hcmv3.HttpFilter, error) {
	for _, l := range ls {
		if l.HealthCheck == nil {
			continue
		}
		return httpFilter(HTTPFilterHealthCheck, &healthcheckv3.HealthCheck{
			PassThroughMode: wrapperspb.Bool(false),
			Headers: []*routev3.HeaderMatcher{{
				Name: ":path",
				HeaderMatchSpecifier: &routev3.HeaderMatcher_StringMatch{StringMatch: &matcherv3.StringMatcher{
					MatchPattern: &matcherv3.StringMatcher_Exact{Exact: l.HealthCheck.Path},
				}},
			}},
		})
	}
	return nil, nil
}

// lateResponseHeaderFilters applies the late response header changes of
// the first listener that has any, after every other filter has run.
func lateResponseHeaderFilters(_ *builder, ls []*ir.HTTPListener) ([]*hcmv3.HttpFilter, error) {
	for _, l := range ls {
		h := l.Headers
		if h == nil || (len(h.LateAddResponseHeaders) == 0 && len(h.LateRemoveResponseHeaders) == 0 && len(h.LateRemoveResponseHeadersOnMatch) == 0) {
			continue
		}
		rules, err := headerMutationRules(h.LateAddResponseHeaders, h.LateRemoveResponseHeaders, h.LateRemoveResponseHeadersOnMatch,
			"listeners["+l.Name+"].headers.lateRemoveResponseHeadersOnMatch")
		if err != nil {
			return nil, err
		}
		return httpFilter(HTTPFilterHeaderMutation, &headermutationv3.HeaderMutation{
			Mutations: &headermutationv3.Mutations{ResponseMutations: rules},
		})
	}
	return nil, nil
}

// envoyHeadersEnabled reports whether the router of the connection manager
// that serves ls adds x-envoy-* headers: the first listener decides.
func envoyHeadersEnabled(ls []*ir.HTTPListener) bool {
	return len(ls) > 0 && ls[0].Headers != nil && ls[0].Headers.EnableEnvoyHeaders
}
