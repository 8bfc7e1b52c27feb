package xds

import (
	"strings"
	"testing"

	accesslogv3 "github.com/envoyproxy/go-control-plane/envoy/config/accesslog/v3"
	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	listenerv3 "github.com/envoyproxy/go-control-plane/envoy/config/listener/v3"
	routev3 "github.com/envoyproxy/go-control-plane/envoy/config/route/v3"
	filev3 "github.com/envoyproxy/go-control-plane/envoy/extensions/access_loggers/file/v3"
	healthcheckv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/health_check/v3"
	routerv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/router/v3"
	tlsinspectorv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/listener/tls_inspector/v3"
	hcmv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/http_connection_manager/v3"
	tcpproxyv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/tcp_proxy/v3"
	udpproxyv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/udp/udp_proxy/v3"
	matcherv3 "github.com/envoyproxy/go-control-plane/envoy/type/matcher/v3"
	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/testing/protocmp"
	"google.golang.org/protobuf/types/known/anypb"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/gatewaykit/gatewaykit/ir"
)

// buildListenersOnly runs the listener side of the builder on x and
// checks every listener and secret with ValidateAll.
func buildListenersOnly(t *testing.T, x *ir.Xds) *builder {
	t.Helper()
	b := newBuilder(&options{controllerNamespace: "envoy-gateway-system"})
	if err := b.buildListeners(x); err != nil {
		t.Fatalf("buildListeners: %v", err)
	}
	for n, l := range b.listeners {
		if err := l.ValidateAll(); err != nil {
			t.Errorf("listener %q: %v", n, err)
		}
	}
	for n, s := range b.secrets {
		if err := s.ValidateAll(); err != nil {
			t.Errorf("secret %q: %v", n, err)
		}
	}
	return b
}

func mustAnyT(t *testing.T, m proto.Message) *anypb.Any {
	t.Helper()
	a, err := packAny(m)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func unpackT[M proto.Message](t *testing.T, a *anypb.Any, m M) M {
	t.Helper()
	if err := a.UnmarshalTo(m); err != nil {
		t.Fatalf("unpack %s: %v", a.GetTypeUrl(), err)
	}
	return m
}

func hcmOf(t *testing.T, fc *listenerv3.FilterChain) *hcmv3.HttpConnectionManager {
	t.Helper()
	for _, f := range fc.GetFilters() {
		if f.GetName() == hcmFilterName {
			return unpackT(t, f.GetTypedConfig(), &hcmv3.HttpConnectionManager{})
		}
	}
	t.Fatalf("filter chain %q has no HTTP connection manager", fc.GetName())
	return nil
}

func filterNames(m *hcmv3.HttpConnectionManager) []string {
	out := make([]string, len(m.GetHttpFilters()))
	for i, f := range m.GetHttpFilters() {
		out[i] = f.GetName()
	}
	return out
}

func chainNames(l *listenerv3.Listener) []string {
	out := make([]string, len(l.GetFilterChains()))
	for i, fc := range l.GetFilterChains() {
		out[i] = fc.GetName()
	}
	return out
}

func plainHTTP(name string, port uint32) *ir.HTTPListener {
	return &ir.HTTPListener{
		Name: name, Address: "0.0.0.0", Port: port, Hostnames: []string{"*"},
		Path: ir.PathSettings{MergeSlashes: true, EscapedSlashesAction: ir.UnescapeAndRedirect},
	}
}

func httpsListener(name string, port uint32, host, secret string) *ir.HTTPListener {
	l := plainHTTP(name, port)
	l.Hostnames = []string{host}
	l.TLS = &ir.TLSConfig{Certificates: []ir.TLSCertificate{{
		Name: secret, Certificate: []byte("cert"), PrivateKey: []byte("key"),
	}}}
	return l
}

func TestReadyListener(t *testing.T) {
	b := buildListenersOnly(t, &ir.Xds{ReadyListener: &ir.ReadyListener{
		Address: "0.0.0.0", Port: 19003, Path: "/ready", IPFamily: ir.IPv4,
	}})
	want := &listenerv3.Listener{
		Name:                  "envoy-gateway-proxy-ready-0.0.0.0-19003",
		Address:               socketAddress("0.0.0.0", 19003, corev3.SocketAddress_TCP, ir.IPv4),
		BypassOverloadManager: true,
		FilterChains: []*listenerv3.FilterChain{{Filters: []*listenerv3.Filter{{
			Name: "envoy.filters.network.http_connection_manager",
			ConfigType: &listenerv3.Filter_TypedConfig{TypedConfig: mustAnyT(t, &hcmv3.HttpConnectionManager{
				StatPrefix: "eg-ready-http",
				HttpFilters: []*hcmv3.HttpFilter{
					{Name: "envoy.filters.http.health_check", ConfigType: &hcmv3.HttpFilter_TypedConfig{TypedConfig: mustAnyT(t, &healthcheckv3.HealthCheck{
						PassThroughMode: wrapperspb.Bool(false),
						Headers: []*routev3.HeaderMatcher{{Name: ":path", HeaderMatchSpecifier: &routev3.HeaderMatcher_StringMatch{
							StringMatch: &matcherv3.StringMatcher{MatchPattern: &matcherv3.StringMatcher_Exact{Exact: "/ready"}},
						}}},
					})}},
					{Name: "envoy.filters.http.router", ConfigType: &hcmv3.HttpFilter_TypedConfig{TypedConfig: mustAnyT(t, &routerv3.Router{SuppressEnvoyHeaders: true})}},
				},
				RouteSpecifier: &hcmv3.HttpConnectionManager_RouteConfig{RouteConfig: &routev3.RouteConfiguration{
					Name: "ready_route",
					VirtualHosts: []*routev3.VirtualHost{{
						Name: "ready_route", Domains: []string{"*"},
						Routes: []*routev3.Route{{
							Match:  &routev3.RouteMatch{PathSpecifier: &routev3.RouteMatch_Prefix{Prefix: "/"}},
							Action: &routev3.Route_DirectResponse{DirectResponse: &routev3.DirectResponseAction{Status: 500}},
						}},
					}},
				}},
			})},
		}}}},
	}
	got := b.listeners[want.Name]
	if diff := cmp.Diff(want, got, protocmp.Transform()); diff != "" {
		t.Errorf("ready listener (-want +got):\n%s", diff)
	}
}

// TestListenersShareSocket checks how IR listeners on one address and port
// become one Envoy listener: plain HTTP in the default chain with one route
// configuration named after the first, one chain and route configuration
// per HTTPS listener, TCP routes after them.
func TestListenersShareSocket(t *testing.T) {
	x := &ir.Xds{
		HTTP: []*ir.HTTPListener{
			httpsListener("ns/gw/https-1", 10443, "foo.example.com", "ns/foo"),
			plainHTTP("ns/gw/http-1", 10443),
			httpsListener("ns/gw/https-2", 10443, "*", "ns/any"),
			plainHTTP("ns/gw/http-2", 10443),
			plainHTTP("ns/other/http", 10080),
		},
		TCP: []*ir.TCPListener{{
			Name: "ns/gw/tls", Address: "0.0.0.0", Port: 10443,
			Routes: []*ir.TCPRoute{{
				Name:        "tlsroute/ns/pass",
				TLS:         &ir.TCPRouteTLS{Inspector: &ir.TLSInspectorConfig{SNIs: []string{"bar.example.com"}}},
				Destination: &ir.RouteDestination{Name: "tlsroute/ns/pass/rule/-1"},
			}},
		}},
	}
	b := buildListenersOnly(t, x)
	if len(b.listeners) != 2 {
		t.Fatalf("got %d listeners, want 2: %v", len(b.listeners), sortedKeysOf(b.listeners))
	}
	l := b.listeners["ns/gw/https-1"]
	if l == nil {
		t.Fatalf("no listener named after the first IR listener on the socket: %v", sortedKeysOf(b.listeners))
	}
	if diff := cmp.Diff([]string{"ns/gw/https-1", "ns/gw/https-2", "tlsroute/ns/pass"}, chainNames(l)); diff != "" {
		t.Errorf("filter chains (-want +got):\n%s", diff)
	}
	def := l.GetDefaultFilterChain()
	if def.GetName() != "ns/gw/http-1" {
		t.Errorf("default chain %q, want ns/gw/http-1", def.GetName())
	}
	if got := hcmOf(t, def).GetRds().GetRouteConfigName(); got != "ns/gw/http-1" {
		t.Errorf("default chain route configuration %q, want ns/gw/http-1", got)
	}
	if got := hcmOf(t, def).GetStatPrefix(); got != "http-10443" {
		t.Errorf("default chain stat prefix %q", got)
	}
	for i, want := range []string{"ns/gw/https-1", "ns/gw/https-2"} {
		m := hcmOf(t, l.FilterChains[i])
		if m.GetRds().GetRouteConfigName() != want || m.GetStatPrefix() != "https-10443" {
			t.Errorf("chain %d: route configuration %q, stat prefix %q", i, m.GetRds().GetRouteConfigName(), m.GetStatPrefix())
		}
	}
	if diff := cmp.Diff([]string{"foo.example.com"}, l.FilterChains[0].GetFilterChainMatch().GetServerNames()); diff != "" {
		t.Errorf("https-1 server names (-want +got):\n%s", diff)
	}
	if l.FilterChains[1].GetFilterChainMatch() != nil {
		t.Errorf("a \"*\" HTTPS listener must match every SNI, got %v", l.FilterChains[1].GetFilterChainMatch())
	}
	tp := unpackT(t, l.FilterChains[2].Filters[0].GetTypedConfig(), &tcpproxyv3.TcpProxy{})
	if tp.GetCluster() != "tlsroute/ns/pass/rule/-1" || tp.GetStatPrefix() != "tls-passthrough-10443" {
		t.Errorf("passthrough proxy: %v", tp)
	}
	if len(l.ListenerFilters) != 1 || l.ListenerFilters[0].GetName() != "envoy.filters.listener.tls_inspector" {
		t.Errorf("listener filters: %v", l.ListenerFilters)
	}
	if l.GetPerConnectionBufferLimitBytes().GetValue() != 32768 || l.GetMaxConnectionsToAcceptPerSocketEvent().GetValue() != 1 {
		t.Errorf("listener limits: %v", l)
	}
	for _, name := range []string{"ns/foo", "ns/any"} {
		if b.secrets[name] == nil {
			t.Errorf("secret %q not emitted", name)
		}
	}
	if l := b.listeners["ns/other/http"]; l == nil || len(l.FilterChains) != 0 || l.DefaultFilterChain == nil {
		t.Errorf("plain HTTP listener on its own port: %v", l)
	}
}

func TestDownstreamTLS(t *testing.T) {
	ca := &ir.TLSCACertificate{Name: "ns/ca", Certificate: []byte("ca")}
	v12, v13, unknown := ir.TLSVersion("1.2"), ir.TLSVersion("1.3"), ir.TLSVersion("tls1.2")
	tests := []struct {
		name   string
		mutate func(*ir.HTTPListener)
		want   func(*tlsv3DownstreamView)
	}{
		{"default ALPN", func(*ir.HTTPListener) {}, func(v *tlsv3DownstreamView) {
			v.alpn = []string{"h2", "http/1.1"}
		}},
		{"overlapping certificates offer HTTP/1.1 only", func(l *ir.HTTPListener) { l.TLSOverlaps = true }, func(v *tlsv3DownstreamView) {
			v.alpn = []string{"http/1.1"}
		}},
		{"empty ALPN offers none", func(l *ir.HTTPListener) { l.TLS.ALPNProtocols = []string{} }, func(*tlsv3DownstreamView) {}},
		{"client validation", func(l *ir.HTTPListener) {
			l.TLS.CACertificate = ca
			l.TLS.RequireClientCertificate = true
		}, func(v *tlsv3DownstreamView) {
			v.alpn = []string{"h2", "http/1.1"}
			v.caSDS = "ns/ca"
			v.require = wrapperspb.Bool(true)
		}},
		{"accept untrusted", func(l *ir.HTTPListener) {
			l.TLS.CACertificate = ca
			l.TLS.AcceptUntrusted = true
		}, func(v *tlsv3DownstreamView) {
			v.alpn = []string{"h2", "http/1.1"}
			v.combinedCA = "ns/ca"
			v.require = wrapperspb.Bool(false)
		}},
		{"versions", func(l *ir.HTTPListener) {
			l.TLS.MinVersion, l.TLS.MaxVersion = &v12, &v13
		}, func(v *tlsv3DownstreamView) {
			v.alpn = []string{"h2", "http/1.1"}
			v.versions = "TLSv1_2-TLSv1_3"
		}},
		{"unknown versions mean Envoy's default", func(l *ir.HTTPListener) {
			l.TLS.MinVersion, l.TLS.MaxVersion = &unknown, &v13
		}, func(v *tlsv3DownstreamView) {
			v.alpn = []string{"h2", "http/1.1"}
			v.versions = "TLS_AUTO-TLSv1_3"
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l := httpsListener("ns/gw/https", 443, "foo.example.com", "ns/cert")
			tc.mutate(l)
			b := buildListenersOnly(t, &ir.Xds{HTTP: []*ir.HTTPListener{l}})
			got := viewTLS(t, b.listeners["ns/gw/https"].FilterChains[0])
			want := &tlsv3DownstreamView{certs: []string{"ns/cert"}}
			tc.want(want)
			if diff := cmp.Diff(want, got, cmp.AllowUnexported(tlsv3DownstreamView{}), protocmp.Transform()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if l.TLS.CACertificate != nil && b.secrets["ns/ca"].GetValidationContext() == nil {
				t.Errorf("CA secret not emitted")
			}
		})
	}
}

func TestTCPAndUDPWithoutRoutes(t *testing.T) {
	b := buildListenersOnly(t, &ir.Xds{
		TCP: []*ir.TCPListener{{Name: "ns/gw/tcp", Address: "::", Port: 10080}},
		UDP: []*ir.UDPListener{{Name: "ns/gw/udp", Address: "::", Port: 10080}},
	})
	tcp := b.listeners["ns/gw/tcp"]
	if diff := cmp.Diff([]string{"EmptyCluster"}, chainNames(tcp)); diff != "" {
		t.Fatalf("TCP chains (-want +got):\n%s", diff)
	}
	if c := unpackT(t, tcp.FilterChains[0].Filters[0].GetTypedConfig(), &tcpproxyv3.TcpProxy{}).GetCluster(); c != EmptyClusterName {
		t.Errorf("TCP cluster %q", c)
	}
	udp := b.listeners["ns/gw/udp"]
	if udp.GetAddress().GetSocketAddress().GetProtocol() != corev3.SocketAddress_UDP {
		t.Errorf("UDP listener address: %v", udp.GetAddress())
	}
	cfg := unpackT(t, udp.ListenerFilters[0].GetTypedConfig(), &udpproxyv3.UdpProxyConfig{})
	route := unpackT(t, cfg.GetMatcher().GetOnNoMatch().GetAction().GetTypedConfig(), &udpproxyv3.Route{})
	if route.GetCluster() != EmptyClusterName || cfg.GetStatPrefix() != "service" {
		t.Errorf("UDP proxy: %v", cfg)
	}
}

func TestTLSTerminateRoute(t *testing.T) {
	b := buildListenersOnly(t, &ir.Xds{TCP: []*ir.TCPListener{{
		Name: "ns/gw/tls", Address: "0.0.0.0", Port: 10090,
		Routes: []*ir.TCPRoute{{
			Name: "tlsroute/ns/term",
			TLS: &ir.TCPRouteTLS{
				Inspector: &ir.TLSInspectorConfig{SNIs: []string{"*"}},
				Terminate: &ir.TLSConfig{ALPNProtocols: []string{}, Certificates: []ir.TLSCertificate{{Name: "ns/c", Certificate: []byte("c"), PrivateKey: []byte("k")}}},
			},
			Destination: &ir.RouteDestination{Name: "tlsroute/ns/term/rule/-1"},
		}},
	}}})
	l := b.listeners["ns/gw/tls"]
	fc := l.FilterChains[0]
	if fc.GetFilterChainMatch() != nil || l.ListenerFilters != nil {
		t.Errorf("a \"*\" SNI needs no match and no TLS inspector: %v %v", fc.GetFilterChainMatch(), l.ListenerFilters)
	}
	if p := unpackT(t, fc.Filters[0].GetTypedConfig(), &tcpproxyv3.TcpProxy{}).GetStatPrefix(); p != "tls-terminate-10090" {
		t.Errorf("stat prefix %q", p)
	}
	v := viewTLS(t, fc)
	if len(v.alpn) != 0 || len(v.certs) != 1 {
		t.Errorf("terminate TLS: %+v", v)
	}
}

func TestTLSFingerprints(t *testing.T) {
	l := httpsListener("ns/gw/https", 443, "*", "ns/cert")
	l.TLS.Fingerprints = []ir.TLSFingerprint{ir.JA3, ir.JA4}
	b := buildListenersOnly(t, &ir.Xds{HTTP: []*ir.HTTPListener{l}})
	lf := b.listeners["ns/gw/https"].ListenerFilters
	if len(lf) != 1 {
		t.Fatalf("listener filters: %v", lf)
	}
	ti := unpackT(t, lf[0].GetTypedConfig(), &tlsinspectorv3.TlsInspector{})
	if !ti.GetEnableJa3Fingerprinting().GetValue() || !ti.GetEnableJa4Fingerprinting().GetValue() {
		t.Errorf("TLS inspector: %v", ti)
	}
}

func TestAccessLogs(t *testing.T) {
	format := "custom\n"
	b := buildListenersOnly(t, &ir.Xds{
		AccessLog: &ir.AccessLog{
			Text: []*ir.TextAccessLog{{Path: "/dev/stdout"}, {Path: "/dev/stderr", Format: &format}},
			JSON: []*ir.JSONAccessLog{{Path: "/dev/stdout"}, {Path: "/dev/stdout", JSON: map[string]string{"a": "%A%"}}},
		},
		HTTP: []*ir.HTTPListener{plainHTTP("ns/gw/http", 10080)},
	})
	l := b.listeners["ns/gw/http"]
	check := func(where string, logs []*accesslogv3.AccessLog, listener bool) {
		t.Helper()
		if len(logs) != 4 {
			t.Fatalf("%s: %d access logs, want 4", where, len(logs))
		}
		for i, a := range logs {
			if (a.GetFilter() != nil) != listener {
				t.Errorf("%s[%d]: filter %v", where, i, a.GetFilter())
			}
		}
		if listener {
			if diff := cmp.Diff([]string{"NR"}, logs[0].GetFilter().GetResponseFlagFilter().GetFlags()); diff != "" {
				t.Errorf("%s: listener log filter (-want +got):\n%s", where, diff)
			}
		}
		f := func(i int) *filev3.FileAccessLog {
			return unpackT(t, logs[i].GetTypedConfig(), &filev3.FileAccessLog{})
		}
		if got := f(0).GetLogFormat().GetTextFormatSource().GetInlineString(); got != DefaultTextAccessLogFormat {
			t.Errorf("%s: default text format %q", where, got)
		}
		if got := f(1).GetLogFormat().GetTextFormatSource().GetInlineString(); got != format || f(1).GetPath() != "/dev/stderr" {
			t.Errorf("%s: custom text format %q", where, got)
		}
		if got := f(2).GetLogFormat().GetJsonFormat().AsMap(); len(got) != len(DefaultJSONAccessLogFormat()) || got["route_name"] != "%ROUTE_NAME%" {
			t.Errorf("%s: default JSON format %v", where, got)
		}
		if got := f(3).GetLogFormat().GetJsonFormat().AsMap(); len(got) != 1 || got["a"] != "%A%" {
			t.Errorf("%s: custom JSON format %v", where, got)
		}
	}
	check("listener", l.AccessLog, true)
	check("connection manager", hcmOf(t, l.DefaultFilterChain).AccessLog, false)
}

func TestInvalidIR(t *testing.T) {
	tests := []struct {
		name string
		x    func() *ir.Xds
		want string
	}{
		{"nil listener", func() *ir.Xds { return &ir.Xds{HTTP: []*ir.HTTPListener{nil}} }, "http[0]: nil"},
		{"no port", func() *ir.Xds {
			l := plainHTTP("a", 0)
			return &ir.Xds{HTTP: []*ir.HTTPListener{l}}
		}, "http[0].port: zero"},
		{"empty certificate", func() *ir.Xds {
			l := httpsListener("a", 443, "*", "ns/c")
			l.TLS.Certificates[0].Certificate = nil
			return &ir.Xds{HTTP: []*ir.HTTPListener{plainHTTP("b", 80), plainHTTP("c", 80), l}}
		}, "http[2].tls.certificates[0].certificate: empty"},
		{"no certificates", func() *ir.Xds {
			l := httpsListener("a", 443, "*", "ns/c")
			l.TLS.Certificates = nil
			return &ir.Xds{HTTP: []*ir.HTTPListener{l}}
		}, "http[0].tls.certificates: empty"},
		{"bad escaped slashes action", func() *ir.Xds {
			l := plainHTTP("a", 80)
			l.Path.EscapedSlashesAction = "Nope"
			return &ir.Xds{HTTP: []*ir.HTTPListener{l}}
		}, "http[0].path.escapedSlashesAction"},
		{"nil TCP route", func() *ir.Xds {
			return &ir.Xds{TCP: []*ir.TCPListener{{Name: "t", Address: "::", Port: 1, Routes: []*ir.TCPRoute{nil}}}}
		}, "tcp[0].routes[0]: nil"},
		{"terminate without certificates", func() *ir.Xds {
			return &ir.Xds{TCP: []*ir.TCPListener{{Name: "t", Address: "::", Port: 1, Routes: []*ir.TCPRoute{{
				Name: "r", TLS: &ir.TCPRouteTLS{Terminate: &ir.TLSConfig{}},
			}}}}}
		}, "tcp[0].routes[0].tls.terminate.certificates: empty"},
		{"UDP without address", func() *ir.Xds { return &ir.Xds{UDP: []*ir.UDPListener{{Name: "u", Port: 1}}} }, "udp[0].address: empty"},
		{"access log without path", func() *ir.Xds {
			return &ir.Xds{AccessLog: &ir.AccessLog{JSON: []*ir.JSONAccessLog{{}}}}
		}, "accessLog.json[0].path: empty"},
		{"duplicate listener name", func() *ir.Xds {
			return &ir.Xds{HTTP: []*ir.HTTPListener{plainHTTP("a", 80)}, UDP: []*ir.UDPListener{{Name: "a", Address: "::", Port: 80}}}
		}, `udp[0].name: listener "a" defined twice`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := newBuilder(&options{})
			err := b.buildListeners(tc.x())
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

// TestListenersDeterministic builds the same IR twice and checks that the
// listeners marshal to the same bytes.
func TestListenersDeterministic(t *testing.T) {
	mk := func() *ir.Xds {
		l := httpsListener("ns/gw/https", 443, "foo.example.com", "ns/c")
		return &ir.Xds{
			AccessLog: &ir.AccessLog{JSON: []*ir.JSONAccessLog{{Path: "/dev/stdout"}}},
			HTTP:      []*ir.HTTPListener{plainHTTP("ns/gw/http", 80), l},
		}
	}
	a, b := buildListenersOnly(t, mk()), buildListenersOnly(t, mk())
	opts := proto.MarshalOptions{Deterministic: true}
	for name, la := range a.listeners {
		x, _ := opts.Marshal(la)
		y, _ := opts.Marshal(b.listeners[name])
		if string(x) != string(y) {
			t.Errorf("listener %q differs between two builds", name)
		}
	}
}

func sortedKeysOf[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
