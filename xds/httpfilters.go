package xds

import (
	"fmt"

	routev3 "github.com/envoyproxy/go-control-plane/envoy/config/route/v3"
	corsv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/cors/v3"
	grpcstatsv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/grpc_stats/v3"
	grpcwebv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/grpc_web/v3"
	rbacv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/rbac/v3"
	routerv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/router/v3"
	hcmv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/http_connection_manager/v3"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/anypb"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/gatewaykit/gatewaykit/ir"
)

// HTTP filter type names. A filter in an HTTP connection manager is named
// after its type, or <type>/<suffix> when one connection manager holds
// several filters of a type (one per policy, for example), and
// <type>.<suffix> for Envoy Gateway's internal variants of a type.
const (
	HTTPFilterCustomResponse      = "envoy.filters.http.custom_response"
	HTTPFilterHealthCheck         = "envoy.filters.http.health_check"
	HTTPFilterFault               = "envoy.filters.http.fault"
	HTTPFilterCORS                = "envoy.filters.http.cors"
	HTTPFilterHeaderMutation      = "envoy.filters.http.header_mutation"
	HTTPFilterExtAuthz            = "envoy.filters.http.ext_authz"
	HTTPFilterAPIKeyAuth          = "envoy.filters.http.api_key_auth"
	HTTPFilterBasicAuth           = "envoy.filters.http.basic_auth"
	HTTPFilterOAuth2              = "envoy.filters.http.oauth2"
	HTTPFilterJWTAuthn            = "envoy.filters.http.jwt_authn"
	HTTPFilterStatefulSession     = "envoy.filters.http.stateful_session"
	HTTPFilterBuffer              = "envoy.filters.http.buffer"
	HTTPFilterLua                 = "envoy.filters.http.lua"
	HTTPFilterExtProc             = "envoy.filters.http.ext_proc"
	HTTPFilterWasm                = "envoy.filters.http.wasm"
	HTTPFilterDynamicModules      = "envoy.filters.http.dynamic_modules"
	HTTPFilterGeoIP               = "envoy.filters.http.geoip"
	HTTPFilterRBAC                = "envoy.filters.http.rbac"
	HTTPFilterLocalRateLimit      = "envoy.filters.http.local_ratelimit"
	HTTPFilterRateLimit           = "envoy.filters.http.ratelimit"
	HTTPFilterBandwidthLimit      = "envoy.filters.http.bandwidth_limit"
	HTTPFilterGRPCWeb             = "envoy.filters.http.grpc_web"
	HTTPFilterGRPCStats           = "envoy.filters.http.grpc_stats"
	HTTPFilterCredentialInjector  = "envoy.filters.http.credential_injector"
	HTTPFilterCompressor          = "envoy.filters.http.compressor"
	HTTPFilterDynamicForwardProxy = "envoy.filters.http.dynamic_forward_proxy"
	HTTPFilterRouter              = "envoy.filters.http.router"

	// HTTPFilterDFPLoopbackDeny is the RBAC filter that stops routes with a
	// dynamic resolver backend from reaching the proxy's own loopback
	// addresses. Routes enable it through their per-filter configuration.
	HTTPFilterDFPLoopbackDeny = HTTPFilterRBAC + ".dfp_loopback_deny"
)

// DefaultHTTPFilterOrder is the order, by type, of the HTTP filters in
// every HTTP connection manager: Envoy Gateway's default order. The router
// is always last. The returned slice is a fresh copy.
func DefaultHTTPFilterOrder() []string {
	out := make([]string, len(httpFilterTable))
	for i, e := range httpFilterTable {
		out[i] = e.typ
	}
	return out
}

// httpFilterEntry is one row of the HTTP filter table: a filter type, how
// to build the filters of that type for one connection manager, how routes
// enable or configure them, and the clusters they call.
type httpFilterEntry struct {
	// typ is the filter type name.
	typ string
	// build returns the filters of this type that the listeners sharing
	// one connection manager need, in order; none when they need none.
	// It may add the secrets the filters refer to through b. Nil while no
	// IR feature produces this type.
	build func(b *builder, ls []*ir.HTTPListener) ([]*hcmv3.HttpFilter, error)
	// perRoute, when set, returns route r's per-filter configuration for
	// the filters of this type, by filter name (none when r does not use
	// them). path is r's IR path, for errors.
	perRoute func(r *ir.HTTPRoute, path string) (map[string]*anypb.Any, error)
	// clusters, when set, returns the clusters that route r's use of the
	// filters calls (an authorization service, a key set's host). path is
	// r's IR path, for errors.
	clusters func(r *ir.HTTPRoute, path string) ([]clusterSpec, error)
}

// httpFilterTable is the one ordered list of HTTP filters. An HTTP
// connection manager's filters are the concatenation, in table order, of
// what each row builds. A feature that needs a filter fills in the build
// function of its row; a new filter type gets a new row at its place.
var httpFilterTable = []httpFilterEntry{
	{typ: HTTPFilterCustomResponse, build: customResponseFilters, perRoute: customResponsePerRoute},
	{typ: HTTPFilterHealthCheck, build: healthCheckFilters},
	{typ: HTTPFilterFault, build: faultFilters, perRoute: faultPerRoute},
	{typ: HTTPFilterCORS, build: corsFilters},
	{typ: HTTPFilterCSRF, build: csrfFilters, perRoute: csrfPerRoute},
	{typ: HTTPFilterHeaderMutation, build: lateResponseHeaderFilters},
	{typ: HTTPFilterExtAuthz, build: extAuthFilters, perRoute: extAuthPerRoute, clusters: extAuthClusters},
	{typ: HTTPFilterAPIKeyAuth, build: apiKeyAuthFilters, perRoute: apiKeyAuthPerRoute},
	{typ: HTTPFilterBasicAuth, build: basicAuthFilters, perRoute: basicAuthPerRoute},
	{typ: HTTPFilterOAuth2, build: oidcFilters, perRoute: oidcPerRoute, clusters: oidcClusters},
	{typ: HTTPFilterJWTAuthn, build: jwtFilters, perRoute: jwtPerRoute, clusters: jwtClusters},
	{typ: HTTPFilterStatefulSession, build: statefulSessionFilters},
	{typ: HTTPFilterBuffer, build: bufferFilters, perRoute: bufferPerRoute},
	{typ: HTTPFilterLua, build: luaFilters, perRoute: luaPerRoute},
	{typ: HTTPFilterExtProc, build: extProcFilters, perRoute: extProcPerRoute, clusters: extProcClusters},
	{typ: HTTPFilterWasm, build: wasmFilters, perRoute: wasmPerRoute},
	{typ: HTTPFilterDynamicModules, build: dynamicModuleFilters, perRoute: dynamicModulePerRoute},
	{typ: HTTPFilterGeoIP, build: geoIPFilters},
	{typ: HTTPFilterRBAC, build: rbacFilters, perRoute: authorizationPerRoute},
	{typ: HTTPFilterLocalRateLimit, build: localRateLimitFilters, perRoute: localRateLimitPerRoute},
	{typ: HTTPFilterRateLimit},
	{typ: HTTPFilterBandwidthLimit, build: bandwidthLimitFilters, perRoute: bandwidthLimitPerRoute},
	{typ: HTTPFilterGRPCWeb, build: grpcWebFilters},
	{typ: HTTPFilterGRPCStats, build: grpcStatsFilters},
	{typ: HTTPFilterCredentialInjector, build: credentialInjectorFilters},
	{typ: HTTPFilterCompressor, build: compressorFilters, perRoute: compressorPerRoute},
	{typ: HTTPFilterDynamicForwardProxy},
	{typ: HTTPFilterRouter, build: routerFilters},
}

// buildHTTPFilters returns the HTTP filters of the connection manager that
// serves ls, in table order. path names the first listener, for errors.
func (b *builder) buildHTTPFilters(path string, ls []*ir.HTTPListener) ([]*hcmv3.HttpFilter, error) {
	out := make([]*hcmv3.HttpFilter, 0, 4)
	for _, e := range httpFilterTable {
		if e.build == nil {
			continue
		}
		fs, err := e.build(b, ls)
		if err != nil {
			return nil, fmt.Errorf("%s: %s: %w", path, e.typ, err)
		}
		out = append(out, fs...)
	}
	return out, nil
}

// addPerFilterConfig adds to route the per-filter configuration of every
// filter type that r uses, in table order; path is r's IR path, which the
// rows' errors already name.
func addPerFilterConfig(route *routev3.Route, r *ir.HTTPRoute, path string) error {
	for _, e := range httpFilterTable {
		if e.perRoute == nil {
			continue
		}
		cfgs, err := e.perRoute(r, path)
		if err != nil {
			return fmt.Errorf("xds: %s: %w", e.typ, err)
		}
		for name, a := range cfgs {
			perFilter(route)[name] = a
		}
	}
	return nil
}

// filterClusters adds the clusters that the filters r uses call; path is
// r's IR path.
func (b *builder) filterClusters(r *ir.HTTPRoute, path string) error {
	for _, e := range httpFilterTable {
		if e.clusters == nil {
			continue
		}
		specs, err := e.clusters(r, path)
		if err != nil {
			return fmt.Errorf("xds: %s: %w", e.typ, err)
		}
		for _, s := range specs {
			if err := b.addCluster(s); err != nil {
				return err
			}
		}
	}
	return nil
}

// httpFilter returns the filter called name with config cfg.
func httpFilter(name string, cfg proto.Message) ([]*hcmv3.HttpFilter, error) {
	a, err := packAny(cfg)
	if err != nil {
		return nil, err
	}
	return []*hcmv3.HttpFilter{{Name: name, ConfigType: &hcmv3.HttpFilter_TypedConfig{TypedConfig: a}}}, nil
}

// anyRoute reports whether a route of one of ls satisfies pred.
func anyRoute(ls []*ir.HTTPListener, pred func(*ir.HTTPRoute) bool) bool {
	for _, l := range ls {
		for _, r := range l.Routes {
			if r != nil && pred(r) {
				return true
			}
		}
	}
	return false
}

// corsFilters adds the CORS filter when a route has a CORS policy (from an
// HTTPRoute filter or a SecurityPolicy); the policy itself is per route.
func corsFilters(_ *builder, ls []*ir.HTTPListener) ([]*hcmv3.HttpFilter, error) {
	if !anyRoute(ls, func(r *ir.HTTPRoute) bool { c, _ := routeCORS(r, ""); return c != nil }) {
		return nil, nil
	}
	return httpFilter(HTTPFilterCORS, &corsv3.Cors{})
}

// dfpLoopbackDenyFilters adds the loopback-deny RBAC filter when a route
// forwards to a dynamic resolver backend.
func dfpLoopbackDenyFilters(_ *builder, ls []*ir.HTTPListener) ([]*hcmv3.HttpFilter, error) {
	if !anyRoute(ls, usesDynamicResolver) {
		return nil, nil
	}
	return httpFilter(HTTPFilterDFPLoopbackDeny, &rbacv3.RBAC{})
}

func grpcWebFilters(_ *builder, ls []*ir.HTTPListener) ([]*hcmv3.HttpFilter, error) {
	for _, l := range ls {
		if l.GRPC != nil && l.GRPC.EnableGRPCWeb {
			return httpFilter(HTTPFilterGRPCWeb, &grpcwebv3.GrpcWeb{})
		}
	}
	return nil, nil
}

func grpcStatsFilters(_ *builder, ls []*ir.HTTPListener) ([]*hcmv3.HttpFilter, error) {
	for _, l := range ls {
		if l.GRPC != nil && l.GRPC.EnableGRPCStats {
			return httpFilter(HTTPFilterGRPCStats, &grpcstatsv3.FilterConfig{
				EmitFilterState: true,
				PerMethodStatSpecifier: &grpcstatsv3.FilterConfig_StatsForAllMethods{
					StatsForAllMethods: wrapperspb.Bool(true),
				},
			})
		}
	}
	return nil, nil
}

// routerFilters adds the router, the terminal filter of every chain. It
// hides Envoy's x-envoy-* headers unless the listener's header settings
// enable them.
func routerFilters(_ *builder, ls []*ir.HTTPListener) ([]*hcmv3.HttpFilter, error) {
	return httpFilter(HTTPFilterRouter, &routerv3.Router{SuppressEnvoyHeaders: !envoyHeadersEnabled(ls)})
}
