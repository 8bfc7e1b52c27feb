package xds

import (
	"fmt"
	"strconv"

	listenerv3 "github.com/envoyproxy/go-control-plane/envoy/config/listener/v3"
	tcpproxyv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/tcp_proxy/v3"

	"github.com/gatewaykit/gatewaykit/ir"
)

// EmptyClusterName is the cluster that the proxies of TCP and UDP
// listeners without a route forward to: it has no endpoints, so
// connections are closed.
const EmptyClusterName = "EmptyCluster"

// tcpProxyFilterName is the network filter name of the TCP proxy.
const tcpProxyFilterName = "envoy.filters.network.tcp_proxy"

// buildTCPChains returns the filter chains of the TCP listener l: one per
// route, named after the route, matching its SNIs when it has any. path
// is the IR path of l.
func (b *builder) buildTCPChains(path string, l *ir.TCPListener, logs *accessLogs) ([]*listenerv3.FilterChain, error) {
	port := strconv.FormatUint(uint64(l.Port), 10)
	var idle *ir.Duration
	if t := tcpTimeout(l.Timeout); t != nil {
		idle = t.IdleTimeout
	}
	if len(l.Routes) == 0 {
		stat := "tcp-" + port
		fc, err := tcpProxyChain(EmptyClusterName, EmptyClusterName, stat, idle, logs)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if err := chainConnectionSettings(fc, stat, l.Connection, l.Timeout, path); err != nil {
			return nil, err
		}
		return []*listenerv3.FilterChain{fc}, nil
	}
	out := make([]*listenerv3.FilterChain, 0, len(l.Routes))
	for i, r := range l.Routes {
		rpath := path + ".routes[" + strconv.Itoa(i) + "]"
		if r == nil {
			return nil, fmt.Errorf("%s: nil", rpath)
		}
		if r.Name == "" {
			return nil, fmt.Errorf("%s.name: empty", rpath)
		}
		cluster := EmptyClusterName
		if r.Destination != nil {
			if r.Destination.Name == "" {
				return nil, fmt.Errorf("%s.destination.name: empty", rpath)
			}
			cluster = r.Destination.Name
		}
		stat := "tcp-" + port
		var match *listenerv3.FilterChainMatch
		if r.TLS != nil {
			if r.TLS.Inspector != nil {
				match = serverNamesMatch(r.TLS.Inspector.SNIs)
			}
			switch {
			case r.TLS.Terminate != nil:
				stat = "tls-terminate-" + port
			case r.TLS.Inspector != nil:
				stat = "tls-passthrough-" + port
			}
		}
		fc, err := tcpProxyChain(r.Name, cluster, stat, idle, logs)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", rpath, err)
		}
		fc.FilterChainMatch = match
		if r.Authorization != nil {
			f, err := tcpRBACFilter(r.Authorization, stat, rpath+".authorization")
			if err != nil {
				return nil, err
			}
			fc.Filters = append([]*listenerv3.Filter{f}, fc.Filters...)
		}
		if err := chainConnectionSettings(fc, stat, l.Connection, l.Timeout, path); err != nil {
			return nil, err
		}
		if r.TLS != nil && r.TLS.Terminate != nil {
			ts, err := b.downstreamTLS(rpath+".tls.terminate", r.TLS.Terminate, nil, true)
			if err != nil {
				return nil, err
			}
			fc.TransportSocket = ts
		}
		out = append(out, fc)
	}
	return out, nil
}

// tcpProxyChain is a filter chain called name whose TCP proxy forwards to
// cluster, closing connections idle for idle (nil: Envoy's default).
func tcpProxyChain(name, cluster, statPrefix string, idle *ir.Duration, logs *accessLogs) (*listenerv3.FilterChain, error) {
	a, err := packAny(&tcpproxyv3.TcpProxy{
		StatPrefix:       statPrefix,
		ClusterSpecifier: &tcpproxyv3.TcpProxy_Cluster{Cluster: cluster},
		AccessLog:        cloneAll(logs.filter),
		IdleTimeout:      durationOf(idle),
	})
	if err != nil {
		return nil, err
	}
	return &listenerv3.FilterChain{
		Name: name,
		Filters: []*listenerv3.Filter{{
			Name:       tcpProxyFilterName,
			ConfigType: &listenerv3.Filter_TypedConfig{TypedConfig: a},
		}},
	}, nil
}
