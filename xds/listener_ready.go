package xds

import (
	"fmt"
	"strconv"

	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	listenerv3 "github.com/envoyproxy/go-control-plane/envoy/config/listener/v3"
	routev3 "github.com/envoyproxy/go-control-plane/envoy/config/route/v3"
	healthcheckv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/health_check/v3"
	hcmv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/http_connection_manager/v3"
	matcherv3 "github.com/envoyproxy/go-control-plane/envoy/type/matcher/v3"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/gatewaykit/gatewaykit/ir"
)

// ReadyListenerName returns the name of the listener that answers Envoy's
// readiness probe on address:port.
func ReadyListenerName(address string, port uint32) string {
	return "envoy-gateway-proxy-ready-" + address + "-" + strconv.FormatUint(uint64(port), 10)
}

// readyRouteName names the inline route configuration and virtual host of
// the ready listener.
const readyRouteName = "ready_route"

// buildReadyListener builds the readiness listener: the health check
// filter answers GET r.Path itself (200 while Envoy is live, 503 while it
// drains) and every other request gets a 500. It bypasses the overload
// manager so that a loaded proxy still answers its probe.
func (b *builder) buildReadyListener(r *ir.ReadyListener) error {
	if r.Address == "" {
		return fmt.Errorf("readyListener.address: empty")
	}
	if r.Port == 0 {
		return fmt.Errorf("readyListener.port: zero")
	}
	if r.Path == "" {
		return fmt.Errorf("readyListener.path: empty")
	}
	hc, err := httpFilter(HTTPFilterHealthCheck, &healthcheckv3.HealthCheck{
		PassThroughMode: wrapperspb.Bool(false),
		Headers: []*routev3.HeaderMatcher{{
			Name: ":path",
			HeaderMatchSpecifier: &routev3.HeaderMatcher_StringMatch{StringMatch: &matcherv3.StringMatcher{
				MatchPattern: &matcherv3.StringMatcher_Exact{Exact: r.Path},
			}},
		}},
	})
	if err != nil {
		return fmt.Errorf("readyListener: %w", err)
	}
	router, err := routerFilters(nil, nil)
	if err != nil {
		return fmt.Errorf("readyListener: %w", err)
	}
	mgr := &hcmv3.HttpConnectionManager{
		StatPrefix:  "eg-ready-http",
		HttpFilters: append(hc, router...),
		RouteSpecifier: &hcmv3.HttpConnectionManager_RouteConfig{RouteConfig: &routev3.RouteConfiguration{
			Name: readyRouteName,
			VirtualHosts: []*routev3.VirtualHost{{
				Name:    readyRouteName,
				Domains: []string{"*"},
				Routes: []*routev3.Route{{
					Match:  &routev3.RouteMatch{PathSpecifier: &routev3.RouteMatch_Prefix{Prefix: "/"}},
					Action: &routev3.Route_DirectResponse{DirectResponse: &routev3.DirectResponseAction{Status: 500}},
				}},
			}},
		}},
	}
	a, err := packAny(mgr)
	if err != nil {
		return fmt.Errorf("readyListener: %w", err)
	}
	name := ReadyListenerName(r.Address, r.Port)
	b.listeners[name] = &listenerv3.Listener{
		Name:                  name,
		Address:               socketAddress(r.Address, r.Port, corev3.SocketAddress_TCP, r.IPFamily),
		BypassOverloadManager: true,
		FilterChains: []*listenerv3.FilterChain{{
			Filters: []*listenerv3.Filter{{
				Name:       hcmFilterName,
				ConfigType: &listenerv3.Filter_TypedConfig{TypedConfig: a},
			}},
		}},
	}
	return nil
}
