package xds

import (
	"fmt"
	"strconv"

	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	listenerv3 "github.com/envoyproxy/go-control-plane/envoy/config/listener/v3"
	tlsinspectorv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/listener/tls_inspector/v3"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/gatewaykit/gatewaykit/ir"
)

// Settings of every TCP-based Envoy listener.
const (
	// listenerBufferLimitBytes bounds the read and write buffers of each
	// downstream connection.
	listenerBufferLimitBytes = 32 << 10
	// listenerAcceptsPerEvent makes a worker accept one connection per
	// socket event, which spreads connections evenly over workers.
	listenerAcceptsPerEvent = 1
)

// tlsInspectorName is the listener filter that reads the SNI that filter
// chain matches need.
const tlsInspectorName = "envoy.filters.listener.tls_inspector"

// addrPort identifies the socket an Envoy listener binds.
type addrPort struct {
	address string
	port    uint32
}

// tcpSocket gathers everything that shares one TCP address and port: the
// IR HTTP and TCP listeners there become one Envoy listener, named after
// the first of them in IR order (HTTP listeners before TCP ones).
type tcpSocket struct {
	name string
	// first is the IR path of the listener that named the socket.
	first   string
	key     addrPort
	family  *ir.IPFamily
	plain   *httpChain   // the default chain: every plain-HTTP listener
	https   []*httpChain // one chain per HTTPS listener, in IR order
	tcp     []tcpEntry   // TCP and TLS listeners, in IR order
	inspect bool         // some chain matches on SNI
	ja3     bool         // the TLS inspector computes JA3 fingerprints
	ja4     bool         // the TLS inspector computes JA4 fingerprints
	// Socket-wide settings, from the listener that named the socket.
	keepalive  *ir.TCPKeepalive
	connection *ir.ClientConnection
	timeout    *ir.ClientTimeout
	// proxyProtocol is the first PROXY protocol setting on the socket.
	proxyProtocol *ir.ProxyProtocolSettings
	// http3 is set when an HTTPS listener on the socket serves HTTP/3: a
	// QUIC listener then serves the HTTPS chains too.
	http3 bool
}

// addProxyProtocol records pp unless the socket already reads the PROXY
// protocol.
func (s *tcpSocket) addProxyProtocol(pp *ir.ProxyProtocolSettings) {
	if s.proxyProtocol == nil {
		s.proxyProtocol = pp
	}
}

// addFingerprints asks the TLS inspector of s for fs.
func (s *tcpSocket) addFingerprints(fs []ir.TLSFingerprint) {
	for _, f := range fs {
		switch f {
		case ir.JA3:
			s.ja3, s.inspect = true, true
		case ir.JA4:
			s.ja4, s.inspect = true, true
		}
	}
}

type tcpEntry struct {
	path string
	l    *ir.TCPListener
}

// buildListeners builds the ready listener and the HTTP, TCP and UDP
// listeners of x, with their route configurations and secrets.
//
// Listeners are grouped by address and port first, in IR order, and then
// built; IR listeners on one socket share an Envoy listener:
//   - plain-HTTP listeners share its default filter chain and one route
//     configuration, both named after the first of them;
//   - each HTTPS listener gets a filter chain matching its hostnames by SNI,
//     and a route configuration, both named after it;
//   - each route of a TCP listener gets a filter chain named after the
//     route (EmptyCluster when the listener has no route).
func (b *builder) buildListeners(x *ir.Xds) error {
	if x.ReadyListener != nil {
		if err := b.buildReadyListener(x.ReadyListener); err != nil {
			return err
		}
	}
	logs, err := buildAccessLogs(x.AccessLog)
	if err != nil {
		return err
	}

	sockets := make([]*tcpSocket, 0, len(x.HTTP)+len(x.TCP))
	byKey := make(map[addrPort]*tcpSocket, len(x.HTTP)+len(x.TCP))
	socketFor := func(path, name, address string, port uint32, family *ir.IPFamily, ka *ir.TCPKeepalive, conn *ir.ClientConnection, timeout *ir.ClientTimeout) (*tcpSocket, error) {
		if name == "" {
			return nil, fmt.Errorf("%s.name: empty", path)
		}
		if address == "" {
			return nil, fmt.Errorf("%s.address: empty", path)
		}
		if port == 0 {
			return nil, fmt.Errorf("%s.port: zero", path)
		}
		k := addrPort{address, port}
		if s := byKey[k]; s != nil {
			return s, nil
		}
		s := &tcpSocket{name: name, first: path, key: k, family: family, keepalive: ka, connection: conn, timeout: timeout}
		byKey[k] = s
		sockets = append(sockets, s)
		return s, nil
	}

	for i, l := range x.HTTP {
		path := "http[" + strconv.Itoa(i) + "]"
		if l == nil {
			return fmt.Errorf("%s: nil", path)
		}
		s, err := socketFor(path, l.Name, l.Address, l.Port, l.IPFamily, l.TCPKeepalive, l.Connection, l.Timeout)
		if err != nil {
			return err
		}
		if l.TLS != nil || s.plain == nil {
			s.addProxyProtocol(l.ProxyProtocol)
		}
		if l.HTTP3 != nil && l.TLS != nil {
			s.http3 = true
		}
		switch {
		case l.TLS != nil:
			s.https = append(s.https, &httpChain{
				name: l.Name, routeConfig: l.Name,
				listeners: []*ir.HTTPListener{l}, paths: []string{path},
			})
			if serverNamesMatch(l.Hostnames) != nil {
				s.inspect = true
			}
			s.addFingerprints(l.TLS.Fingerprints)
		case s.plain == nil:
			s.plain = &httpChain{
				name: l.Name, routeConfig: l.Name,
				listeners: []*ir.HTTPListener{l}, paths: []string{path},
			}
		default:
			s.plain.listeners = append(s.plain.listeners, l)
			s.plain.paths = append(s.plain.paths, path)
		}
	}
	for i, l := range x.TCP {
		path := "tcp[" + strconv.Itoa(i) + "]"
		if l == nil {
			return fmt.Errorf("%s: nil", path)
		}
		s, err := socketFor(path, l.Name, l.Address, l.Port, l.IPFamily, l.TCPKeepalive, l.Connection, l.Timeout)
		if err != nil {
			return err
		}
		s.addProxyProtocol(l.ProxyProtocol)
		s.tcp = append(s.tcp, tcpEntry{path, l})
		for _, r := range l.Routes {
			if r != nil && r.TLS != nil && r.TLS.Inspector != nil && serverNamesMatch(r.TLS.Inspector.SNIs) != nil {
				s.inspect = true
			}
		}
	}

	for _, s := range sockets {
		if s.http3 {
			b.http3Sockets[s.key] = true
		}
	}
	for _, s := range sockets {
		if err := b.buildTCPSocket(s, logs); err != nil {
			return err
		}
		if s.http3 {
			if err := b.buildQUICListener(s, logs); err != nil {
				return err
			}
		}
	}
	for i, l := range x.UDP {
		if err := b.buildUDPListener("udp["+strconv.Itoa(i)+"]", l, logs); err != nil {
			return err
		}
	}
	return nil
}

// buildTCPSocket builds the Envoy listener of s with its filter chains,
// and the route configuration of each HTTP chain.
func (b *builder) buildTCPSocket(s *tcpSocket, logs *accessLogs) error {
	if _, dup := b.listeners[s.name]; dup {
		return fmt.Errorf("%s.name: listener %q defined twice", s.first, s.name)
	}
	l := &listenerv3.Listener{
		Name:                                 s.name,
		Address:                              socketAddress(s.key.address, s.key.port, corev3.SocketAddress_TCP, derefFamily(s.family)),
		AccessLog:                            cloneAll(logs.listener),
		SocketOptions:                        keepaliveSocketOptions(s.keepalive),
		PerConnectionBufferLimitBytes:        listenerBufferLimit(s.connection),
		MaxConnectionsToAcceptPerSocketEvent: listenerAccepts(s.connection),
		FilterChains:                         make([]*listenerv3.FilterChain, 0, len(s.https)+len(s.tcp)),
	}
	if t := tcpTimeout(s.timeout); t != nil {
		l.ListenerFiltersTimeout = durationOf(t.ConnectionInspectionTimeout)
	}
	if s.proxyProtocol != nil {
		f, err := proxyProtocolListenerFilter(s.proxyProtocol)
		if err != nil {
			return fmt.Errorf("%s.proxyProtocol: %w", s.first, err)
		}
		l.ListenerFilters = append(l.ListenerFilters, f)
	}
	if s.inspect {
		ti := &tlsinspectorv3.TlsInspector{}
		if s.ja3 {
			ti.EnableJa3Fingerprinting = wrapperspb.Bool(true)
		}
		if s.ja4 {
			ti.EnableJa4Fingerprinting = wrapperspb.Bool(true)
		}
		a, err := packAny(ti)
		if err != nil {
			return err
		}
		l.ListenerFilters = append(l.ListenerFilters, &listenerv3.ListenerFilter{
			Name:       tlsInspectorName,
			ConfigType: &listenerv3.ListenerFilter_TypedConfig{TypedConfig: a},
		})
	}
	if s.plain != nil {
		fc, err := b.buildHTTPChain(s.plain, logs, false)
		if err != nil {
			return err
		}
		l.DefaultFilterChain = fc
		if err := b.buildRouteConfiguration(s.plain.routeConfig, s.plain.listeners); err != nil {
			return err
		}
	}
	for _, c := range s.https {
		fc, err := b.buildHTTPChain(c, logs, false)
		if err != nil {
			return err
		}
		l.FilterChains = append(l.FilterChains, fc)
		if err := b.buildRouteConfiguration(c.routeConfig, c.listeners); err != nil {
			return err
		}
	}
	for _, e := range s.tcp {
		fcs, err := b.buildTCPChains(e.path, e.l, logs)
		if err != nil {
			return err
		}
		l.FilterChains = append(l.FilterChains, fcs...)
	}
	if len(l.FilterChains) == 0 {
		l.FilterChains = nil
	}
	b.listeners[s.name] = l
	return nil
}

// buildQUICListener builds the QUIC (UDP) listener beside the TCP
// listener of s, named after it with "-quic": one HTTP/3 filter chain per
// HTTPS listener of s, sharing its route configuration. QUIC reads the
// SNI itself, so the listener needs no TLS inspector.
func (b *builder) buildQUICListener(s *tcpSocket, logs *accessLogs) error {
	name := s.name + "-quic"
	if _, dup := b.listeners[name]; dup {
		return fmt.Errorf("%s.name: listener %q defined twice", s.first, name)
	}
	l := &listenerv3.Listener{
		Name:      name,
		Address:   socketAddress(s.key.address, s.key.port, corev3.SocketAddress_UDP, derefFamily(s.family)),
		AccessLog: cloneAll(logs.listener),
		UdpListenerConfig: &listenerv3.UdpListenerConfig{
			DownstreamSocketConfig: &corev3.UdpSocketConfig{},
			QuicOptions:            &listenerv3.QuicProtocolOptions{},
		},
		// Failing the health check does not drain it, as for Envoy
		// Gateway's: only a changed listener does.
		DrainType: listenerv3.Listener_MODIFY_ONLY,
	}
	for _, c := range s.https {
		fc, err := b.buildHTTPChain(c, logs, true)
		if err != nil {
			return err
		}
		l.FilterChains = append(l.FilterChains, fc)
	}
	b.listeners[name] = l
	return nil
}

// socketAddress is address:port over protocol. A dual-stack listener on
// an IPv6 address also accepts IPv4 clients (as IPv4-mapped addresses).
func socketAddress(address string, port uint32, protocol corev3.SocketAddress_Protocol, family ir.IPFamily) *corev3.Address {
	return &corev3.Address{Address: &corev3.Address_SocketAddress{SocketAddress: &corev3.SocketAddress{
		Protocol:      protocol,
		Address:       address,
		PortSpecifier: &corev3.SocketAddress_PortValue{PortValue: port},
		Ipv4Compat:    family == ir.DualStack,
	}}}
}

func derefFamily(f *ir.IPFamily) ir.IPFamily {
	if f == nil {
		return ""
	}
	return *f
}
