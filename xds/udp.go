package xds

import (
	"fmt"

	xdscorev3 "github.com/cncf/xds/go/xds/core/v3"
	matcherv3 "github.com/cncf/xds/go/xds/type/matcher/v3"
	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	listenerv3 "github.com/envoyproxy/go-control-plane/envoy/config/listener/v3"
	udpproxyv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/udp/udp_proxy/v3"

	"github.com/gatewaykit/gatewaykit/ir"
)

// udpProxyFilterName is the UDP listener filter name of the UDP proxy.
const udpProxyFilterName = "envoy.filters.udp_listener.udp_proxy"

// buildUDPListener builds the Envoy listener of the UDP listener l: a UDP
// proxy that sends every datagram to the route's destination. path is the
// IR path of l.
func (b *builder) buildUDPListener(path string, l *ir.UDPListener, logs *accessLogs) error {
	if l == nil {
		return fmt.Errorf("%s: nil", path)
	}
	switch {
	case l.Name == "":
		return fmt.Errorf("%s.name: empty", path)
	case l.Address == "":
		return fmt.Errorf("%s.address: empty", path)
	case l.Port == 0:
		return fmt.Errorf("%s.port: zero", path)
	}
	if _, dup := b.listeners[l.Name]; dup {
		return fmt.Errorf("%s.name: listener %q defined twice", path, l.Name)
	}
	cluster := EmptyClusterName
	if l.Route != nil && l.Route.Destination != nil {
		if l.Route.Destination.Name == "" {
			return fmt.Errorf("%s.route.destination.name: empty", path)
		}
		cluster = l.Route.Destination.Name
	}
	route, err := packAny(&udpproxyv3.Route{Cluster: cluster})
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	proxy, err := packAny(&udpproxyv3.UdpProxyConfig{
		StatPrefix: "service",
		AccessLog:  cloneAll(logs.filter),
		RouteSpecifier: &udpproxyv3.UdpProxyConfig_Matcher{Matcher: &matcherv3.Matcher{
			OnNoMatch: &matcherv3.Matcher_OnMatch{OnMatch: &matcherv3.Matcher_OnMatch_Action{
				Action: &xdscorev3.TypedExtensionConfig{Name: "route", TypedConfig: route},
			}},
		}},
	})
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	b.listeners[l.Name] = &listenerv3.Listener{
		Name:      l.Name,
		Address:   socketAddress(l.Address, l.Port, corev3.SocketAddress_UDP, derefFamily(l.IPFamily)),
		AccessLog: cloneAll(logs.listener),
		ListenerFilters: []*listenerv3.ListenerFilter{{
			Name:       udpProxyFilterName,
			ConfigType: &listenerv3.ListenerFilter_TypedConfig{TypedConfig: proxy},
		}},
	}
	return nil
}
