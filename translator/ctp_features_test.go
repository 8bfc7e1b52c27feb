package translator

import (
	"reflect"
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
	"sigs.k8s.io/yaml"

	"github.com/gatewaykit/gatewaykit/ir"
	"github.com/gatewaykit/gatewaykit/policy"
	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// ctpTestNow is the clock of the unit tests.
var ctpTestNow = time.Date(2026, 8, 21, 0, 0, 0, 0, time.UTC)

// ctpPolicy returns policy ns/ctp with the spec given in YAML.
func ctpPolicy(t *testing.T, spec string) *egv1a1.ClientTrafficPolicy {
	t.Helper()
	p := &egv1a1.ClientTrafficPolicy{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: "ctp"}}
	if err := yaml.Unmarshal([]byte(spec), &p.Spec); err != nil {
		t.Fatalf("spec %q: %v", spec, err)
	}
	return p
}

// ctpListener returns a ready listener named name of the given protocol
// (HTTP, HTTPS, TCP, TLS or UDP); HTTPS and TLS ones terminate TLS.
func ctpListener(name string, protocol gwapiv1.ProtocolType) *listenerState {
	ls := &listenerState{spec: &gwapiv1.Listener{Name: gwapiv1.SectionName(name), Protocol: protocol}}
	irName := "ns/gw/" + name
	certs := []ir.TLSCertificate{{Name: "ns/cert", Certificate: []byte("crt"), PrivateKey: []byte("key")}}
	switch protocol {
	case gwapiv1.HTTPProtocolType, gwapiv1.HTTPSProtocolType:
		ls.http = &ir.HTTPListener{Name: irName, Hostnames: []string{"*"},
			Path: ir.PathSettings{MergeSlashes: true, EscapedSlashesAction: ir.UnescapeAndRedirect}}
		if protocol == gwapiv1.HTTPSProtocolType {
			ls.http.TLS = &ir.TLSConfig{Certificates: certs}
		}
	case gwapiv1.TCPProtocolType, gwapiv1.TLSProtocolType:
		ls.tcp = &ir.TCPListener{Name: irName}
		if protocol == gwapiv1.TLSProtocolType {
			ls.tcp.TLS = &ir.TLSConfig{Certificates: certs, ALPNProtocols: []string{}}
		}
	case gwapiv1.UDPProtocolType:
		ls.udp = &ir.UDPListener{Name: irName}
	}
	return ls
}

// ctpTestTranslation returns a translation over res, enough for
// buildCTPFeatures.
func ctpTestTranslation(res *Resources) *translation {
	if res == nil {
		res = &Resources{}
	}
	return &translation{cfg: defaults(), res: res, idx: newIndex(res)}
}

// ctpErr builds the policy for ls and returns its message as the policy
// status shows it, or "" when it is valid.
func ctpErr(t *testing.T, tr *translation, spec string, ls *listenerState) string {
	t.Helper()
	_, err := tr.buildCTPFeatures(ctpPolicy(t, spec), ls, ctpTestNow)
	if err == nil {
		return ""
	}
	return policy.ConditionText(err.Error())
}

// TestCTPFeatureMessages checks the message of each non-TLS problem, which
// listeners each part is checked on, and the order of several problems.
func TestCTPFeatureMessages(t *testing.T) {
	tests := []struct {
		name     string
		spec     string
		protocol gwapiv1.ProtocolType
		want     string
	}{
		{"valid", `{timeout: {http: {requestReceivedTimeout: 5s}}, connection: {bufferLimit: 1Mi}}`, "HTTP", ""},
		{"request received timeout", `{timeout: {http: {requestReceivedTimeout: 5sec}}}`, "HTTP",
			"Timeout: invalid HTTP RequestReceivedTimeout value 5sec."},
		{"http idle timeout", `{timeout: {http: {idleTimeout: 1d}}}`, "HTTP", "Timeout: invalid HTTP IdleTimeout value 1d."},
		{"stream idle timeout", `{timeout: {http: {streamIdleTimeout: x}}}`, "HTTP", "Timeout: invalid HTTP StreamIdleTimeout value x."},
		{"tcp idle timeout on a TCP listener", `{timeout: {tcp: {idleTimeout: 1hour}}}`, "TCP", "Timeout: invalid TCP IdleTimeout value 1hour."},
		{"first bad timeout only", `{timeout: {tcp: {idleTimeout: a}, http: {idleTimeout: b}}}`, "HTTP", "Timeout: invalid TCP IdleTimeout value a."},
		{"buffer limit not whole", `{connection: {bufferLimit: 500m}}`, "HTTP", "Connection: invalid BufferLimit value 500m."},
		{"buffer limit too big", `{connection: {bufferLimit: 5Gi}}`, "HTTP",
			"Connection: BufferLimit value 5Gi is out of range, must be between 0 and 4294967295."},
		{"socket buffer limit", `{connection: {socketBufferLimit: 1m}}`, "TCP", "Connection: invalid SocketBufferLimit value 1m."},
		{"close delay", `{connection: {connectionLimit: {value: 1, closeDelay: 1sec}}}`, "HTTP", "Connection: invalid CloseDelay value 1sec."},
		{"max connection duration", `{connection: {connectionLimit: {maxConnectionDuration: 5min}}}`, "HTTP",
			"Connection: invalid MaxConnectionDuration value 5min."},
		{"keepalive idle time", `{tcpKeepalive: {idleTime: 1x}}`, "HTTP", "TCP KeepAlive: invalid IdleTime value 1x."},
		{"keepalive interval", `{tcpKeepalive: {interval: 1x}}`, "TLS", "TCP KeepAlive: invalid Interval value 1x."},
		{"header limit too small", `{headers: {maxRequestHeaderLimit: 512}}`, "HTTP",
			"Headers: MaxRequestHeaderLimit value 512 must be at least 1Ki."},
		{"header limit too big", `{headers: {maxRequestHeaderLimit: 8193Ki}}`, "HTTP",
			"Headers: MaxRequestHeaderLimit value 8193Ki exceeds the maximum of 8192Ki."},
		{"header limit rounded up past the maximum", `{headers: {maxRequestHeaderLimit: "8388609"}}`, "HTTP",
			"Headers: MaxRequestHeaderLimit value 8388609 exceeds the maximum of 8192Ki."},
		{"header limit not whole", `{headers: {maxRequestHeaderLimit: 1500m}}`, "HTTP",
			"Headers: invalid MaxRequestHeaderLimit value 1500m."},
		{"header limit at the bounds", `{headers: {maxRequestHeaderLimit: 8192Ki}}`, "HTTP", ""},
		{"http2 windows", `{http2: {initialStreamWindowSize: 1Ki, initialConnectionWindowSize: 1Ti}}`, "HTTP",
			"HTTP2: InitialStreamWindowSize value 1Ki is out of range, must be between 65535 and 2147483647\n" +
				"InitialConnectionWindowSize value 1Ti is out of range, must be between 65535 and 2147483647."},
		{"http2 window not whole", `{http2: {initialStreamWindowSize: 100500m}}`, "HTTP",
			"HTTP2: invalid InitialStreamWindowSize value 100500m."},
		{"http2 keepalive", `{http2: {connectionKeepalive: {interval: 1x}}}`, "HTTP",
			`HTTP2: invalid ConnectionKeepalive.Interval: time: unknown unit "x" in duration "1x".`},
		{"escaped slashes action", `{path: {escapedSlashesAction: Drop}}`, "HTTP", `Path: unsupported EscapedSlashesAction "Drop".`},
		{"http10 default host without hostname", `{http1: {http10: {useDefaultHost: true}}}`, "HTTP",
			"HTTP1: cannot set http10 default host on listener with only wildcard hostnames."},
		{"HTTP settings are not checked on TCP listeners", `{http2: {initialStreamWindowSize: 1Ki}, headers: {maxRequestHeaderLimit: 1}}`, "TCP", ""},
		{"TLS settings are not checked without TLS", `{tls: {ciphers: [BAD]}}`, "HTTP", ""},
		{"nothing is checked on UDP listeners", `{timeout: {http: {requestReceivedTimeout: bad}}}`, "UDP", ""},
		{"problems in Envoy Gateway's order", `{tls: {ciphers: [BAD]}, headers: {maxRequestHeaderLimit: 1}, timeout: {http: {idleTimeout: z}}, tcpKeepalive: {interval: yy}, connection: {bufferLimit: 1m}}`, "HTTPS",
			"TCP KeepAlive: invalid Interval value yy\nConnection: invalid BufferLimit value 1m\nTimeout: invalid HTTP IdleTimeout value z\n" +
				"Headers: MaxRequestHeaderLimit value 1 must be at least 1Ki\nTLS: unsupported cipher suite: BAD."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := ctpErr(t, ctpTestTranslation(nil), tc.spec, ctpListener("l", tc.protocol))
			if got != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

// TestCTPHeaderModifierMessages checks the messages of the header
// modifiers and of the request header limit, and their order.
func TestCTPHeaderModifierMessages(t *testing.T) {
	tests := []struct {
		name, spec, want string
	}{
		{"valid", `{earlyRequestHeaders: {add: [{name: x-a, value: "1, 2"}], remove: [x-b]}}`, ""},
		{"empty name", `{earlyRequestHeaders: {add: [{name: "", value: v}]}}`,
			"Headers: EarlyRequestHeaders cannot add a header with an empty name\n" +
				"EarlyRequestHeaders did not provide valid configuration to add/set/remove any headers."},
		{"slash in name, valid sibling", `{earlyRequestHeaders: {set: [{name: "a/b", value: v}, {name: ok, value: v}]}}`,
			`Headers: EarlyRequestHeaders cannot set a header with a '/' or ':' character in them. Header: '"a/b"'.`},
		{"invalid values", `{lateResponseHeaders: {add: [{name: a, value: "x\n"}], set: [{name: b, value: "  x"}], addIfAbsent: [{name: c, value: ""}], remove: [d]}}`,
			`Headers: LateResponseHeaders cannot add a header with an invalid value. Header: '"a"'` + "\n" +
				`LateResponseHeaders cannot set a header with an invalid value. Header: '"b"'` + "\n" +
				`LateResponseHeaders cannot addIfAbsent a header with an invalid value. Header: '"c"'.`},
		{"remove empty name", `{lateResponseHeaders: {remove: [""]}}`,
			"Headers: LateResponseHeaders cannot remove a header with an empty name\n" +
				"LateResponseHeaders did not provide valid configuration to add/set/remove any headers."},
		{"remove on match only is valid", `{lateResponseHeaders: {removeOnMatch: [{type: Prefix, value: x-}]}}`, ""},
		{"empty modifier is valid", `{earlyRequestHeaders: {}}`, ""},
		{"early then late then limit", `{earlyRequestHeaders: {remove: [""]}, lateResponseHeaders: {set: [{name: ":x", value: v}], remove: [ok]}, maxRequestHeaderLimit: 9000Ki}`,
			"Headers: EarlyRequestHeaders cannot remove a header with an empty name\n" +
				"EarlyRequestHeaders did not provide valid configuration to add/set/remove any headers\n" +
				`LateResponseHeaders cannot set a header with a '/' or ':' character in them. Header: '":x"'` + "\n" +
				"MaxRequestHeaderLimit value 9000Ki exceeds the maximum of 8192Ki."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := ctpErr(t, ctpTestTranslation(nil), "{headers: "+tc.spec+"}", ctpListener("l", "HTTP"))
			if got != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

// TestCTPHeaderModifierResult checks what a valid header modifier keeps:
// first write of a name wins, removals deduplicated, the limit rounded up.
func TestCTPHeaderModifierResult(t *testing.T) {
	p := ctpPolicy(t, `{headers: {earlyRequestHeaders: {
		add: [{name: X-A, value: "1,2"}, {name: x-a, value: dup}],
		set: [{name: x-b, value: s}, {name: X-A, value: ignored}],
		addIfAbsent: [{name: x-c, value: c}],
		remove: [x-d, X-D]}, maxRequestHeaderLimit: 1025}}`)
	f, err := ctpTestTranslation(nil).buildCTPFeatures(p, ctpListener("l", "HTTP"), ctpTestNow)
	if err != nil {
		t.Fatal(err)
	}
	want := []ir.AddHeader{
		{Name: "X-A", Value: []string{"1", "2"}, Append: true},
		{Name: "x-b", Value: []string{"s"}},
		{Name: "x-c", Value: []string{"c"}, AddIfAbsent: true},
	}
	if !reflect.DeepEqual(f.requestHeaders.add, want) {
		t.Errorf("add = %+v, want %+v", f.requestHeaders.add, want)
	}
	if !reflect.DeepEqual(f.requestHeaders.remove, []string{"x-d"}) {
		t.Errorf("remove = %v", f.requestHeaders.remove)
	}
	if f.maxRequestHeadersKiB == nil || *f.maxRequestHeadersKiB != 2 {
		t.Errorf("maxRequestHeadersKiB = %v, want 2", f.maxRequestHeadersKiB)
	}
}

// TestCTPHTTP10DefaultHost checks where the HTTP/1.0 default host comes
// from and when there is none to choose.
func TestCTPHTTP10DefaultHost(t *testing.T) {
	route := func(host string) *ir.HTTPRoute { return &ir.HTTPRoute{Name: "r-" + host, Hostname: host} }
	tests := []struct {
		name      string
		hostnames []string
		routes    []*ir.HTTPRoute
		want      string
		wantErr   string
	}{
		{"listener hostname", []string{"*.a.com", "b.com"}, nil, "b.com", ""},
		{"only route hostname", []string{"*"}, []*ir.HTTPRoute{route("*"), route("r.com")}, "r.com", ""},
		{"two route hostnames", []string{"*"}, []*ir.HTTPRoute{route("r.com"), route("s.com")}, "",
			"HTTP1: cannot set http10 default host on listener with only wildcard hostnames and more than one possible default route."},
		{"wildcards only", []string{"*"}, []*ir.HTTPRoute{route("*.r.com"), nil}, "",
			"HTTP1: cannot set http10 default host on listener with only wildcard hostnames."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ls := ctpListener("l", "HTTP")
			ls.http.Hostnames, ls.http.Routes = tc.hostnames, tc.routes
			f, err := ctpTestTranslation(nil).buildCTPFeatures(ctpPolicy(t, `{http1: {http10: {useDefaultHost: true}}}`), ls, ctpTestNow)
			if err != nil {
				if got := policy.ConditionText(err.Error()); got != tc.wantErr {
					t.Fatalf("error %q, want %q", got, tc.wantErr)
				}
				return
			}
			if tc.wantErr != "" {
				t.Fatalf("no error, want %q", tc.wantErr)
			}
			if f.http10DefaultHost == nil || *f.http10DefaultHost != tc.want {
				t.Errorf("default host = %v, want %q", f.http10DefaultHost, tc.want)
			}
		})
	}
}

// TestCTPParsedFeatures checks the values parsed for the features ir
// cannot hold yet.
func TestCTPParsedFeatures(t *testing.T) {
	p := ctpPolicy(t, `{
		tcpKeepalive: {probes: 3, idleTime: 20m, interval: 60s},
		connection: {bufferLimit: 50M, socketBufferLimit: 1Ki, maxAcceptPerSocketEvent: 0,
			connectionLimit: {value: 3, closeDelay: 10s, maxRequestsPerConnection: 100}},
		timeout: {tcp: {idleTimeout: 1200s}, http: {requestReceivedTimeout: 5s}},
		http2: {initialStreamWindowSize: 64Ki, maxConcurrentStreams: 200, onInvalidMessage: TerminateStream,
			connectionKeepalive: {interval: 60s, timeout: 10s, idleInterval: 30s, intervalJitter: 20}}}`)
	f, err := ctpTestTranslation(nil).buildCTPFeatures(p, ctpListener("l", "HTTP"), ctpTestNow)
	if err != nil {
		t.Fatal(err)
	}
	u := func(v uint32) *uint32 { return &v }
	d := func(v time.Duration) *time.Duration { return &v }
	if want := (&ctpKeepalive{probes: u(3), idleTime: u(1200), interval: u(60)}); !reflect.DeepEqual(f.keepalive, want) {
		t.Errorf("keepalive = %+v", f.keepalive)
	}
	limit := uint64(3)
	if want := (&ctpConnection{limit: &limit, closeDelay: d(10 * time.Second), maxRequestsPerConnection: u(100),
		bufferLimit: u(50000000), socketBufferLimit: u(1024), maxAcceptPerSocketEvent: u(0)}); !reflect.DeepEqual(f.connection, want) {
		t.Errorf("connection = %+v", f.connection)
	}
	if want := (&ctpTimeout{tcpIdle: d(20 * time.Minute), requestReceived: d(5 * time.Second)}); !reflect.DeepEqual(f.timeout, want) {
		t.Errorf("timeout = %+v", f.timeout)
	}
	reset := true
	if want := (&ctpHTTP2{initialStreamWindow: u(65536), maxConcurrentStreams: u(200), resetStreamOnError: &reset,
		keepaliveInterval: d(time.Minute), keepaliveTimeout: d(10 * time.Second), keepaliveIdleInterval: d(30 * time.Second),
		keepaliveJitter: u(20)}); !reflect.DeepEqual(f.http2, want) {
		t.Errorf("http2 = %+v", f.http2)
	}
}

// TestCTPApplyToHTTPListener checks that a valid policy's path, gRPC-Web
// and TLS settings reach the listener IR, and only through applyToListener.
func TestCTPApplyToHTTPListener(t *testing.T) {
	ls := ctpListener("l", "HTTPS")
	ls.http.Routes = []*ir.HTTPRoute{{Name: "r"}}
	base := ls.http.TLS
	p := ctpPolicy(t, `{path: {disableMergeSlashes: true, escapedSlashesAction: KeepUnchanged}, grpc: {enableWeb: true},
		tls: {alpnProtocols: [h2], minVersion: "1.0", maxVersion: "1.3", ciphers: [ECDHE-RSA-AES128-GCM-SHA256],
		ecdhCurves: [X25519], signatureAlgorithms: [sig1], fingerprints: [JA3, JA4]}}`)
	f, err := ctpTestTranslation(nil).buildCTPFeatures(p, ls, ctpTestNow)
	if err != nil {
		t.Fatal(err)
	}
	if base.MinVersion != nil || base.ALPNProtocols != nil {
		t.Fatalf("buildCTPFeatures changed the listener's TLS: %+v", base)
	}
	f.applyToListener(ls)
	h := ls.http
	if want := (ir.PathSettings{MergeSlashes: false, EscapedSlashesAction: ir.KeepUnchangedAction}); h.Path != want {
		t.Errorf("path = %+v", h.Path)
	}
	if h.GRPC == nil || !h.GRPC.EnableGRPCWeb {
		t.Errorf("grpc = %+v", h.GRPC)
	}
	v10, v13 := ir.TLSVersion("1.0"), ir.TLSVersion("1.3")
	want := &ir.TLSConfig{Certificates: base.Certificates, ALPNProtocols: []string{"h2"}, MinVersion: &v10, MaxVersion: &v13,
		Ciphers: []string{"ECDHE-RSA-AES128-GCM-SHA256"}, ECDHCurves: []string{"X25519"}, SignatureAlgorithms: []string{"sig1"},
		Fingerprints: []ir.TLSFingerprint{ir.JA3, ir.JA4}}
	if !reflect.DeepEqual(h.TLS, want) {
		t.Errorf("tls = %+v\nwant %+v", h.TLS, want)
	}
	if h.Routes[0].DirectResponse != nil {
		t.Errorf("valid policy set a direct response")
	}
}

// TestCTPApplyDefaults checks the defaults a policy brings to a listener
// and the gRPC-Web switch.
func TestCTPApplyDefaults(t *testing.T) {
	// Any policy on a TLS listener pins the versions to 1.2-1.3; the
	// listener's ALPN (none, for TLS listeners) stays.
	ls := ctpListener("l", "TLS")
	f, err := ctpTestTranslation(nil).buildCTPFeatures(ctpPolicy(t, `{tcpKeepalive: {probes: 1}}`), ls, ctpTestNow)
	if err != nil {
		t.Fatal(err)
	}
	f.applyToListener(ls)
	if ls.tcp.TLS.MinVersion == nil || *ls.tcp.TLS.MinVersion != "1.2" || *ls.tcp.TLS.MaxVersion != "1.3" ||
		ls.tcp.TLS.ALPNProtocols == nil || len(ls.tcp.TLS.ALPNProtocols) != 0 {
		t.Errorf("tls = %+v", ls.tcp.TLS)
	}
	// gRPC-Web off on a listener that has no gRPC settings changes nothing;
	// off where a GRPCRoute turned it on turns it off.
	h := ctpListener("h", "HTTP")
	f, _ = ctpTestTranslation(nil).buildCTPFeatures(ctpPolicy(t, `{grpc: {enableWeb: false}}`), h, ctpTestNow)
	f.applyToListener(h)
	if h.http.GRPC != nil {
		t.Errorf("grpc = %+v, want nil", h.http.GRPC)
	}
	h.http.GRPC = &ir.GRPCSettings{EnableGRPCWeb: true, EnableGRPCStats: true}
	f.applyToListener(h)
	if *h.http.GRPC != (ir.GRPCSettings{EnableGRPCStats: true}) {
		t.Errorf("grpc = %+v", h.http.GRPC)
	}
	var nilFeatures *ctpFeatures
	nilFeatures.applyToListener(h) // must not panic
}

// TestCTPApplyInvalid checks what an invalid policy does to a listener.
func TestCTPApplyInvalid(t *testing.T) {
	// An invalid policy still applies the path and the TLS settings set
	// before the problem; HTTP routes answer 500, TCP routes are dropped.
	ls := ctpListener("l", "HTTPS")
	ls.http.Routes = []*ir.HTTPRoute{{Name: "a"}, {Name: "b"}}
	p := ctpPolicy(t, `{path: {disableMergeSlashes: true}, tls: {alpnProtocols: [http/1.1], ciphers: [NOPE], ecdhCurves: [P-256]}}`)
	f, err := ctpTestTranslation(nil).buildCTPFeatures(p, ls, ctpTestNow)
	if err == nil || f == nil {
		t.Fatalf("want an error and features, got %v, %v", f, err)
	}
	f.applyToListener(ls)
	for _, r := range ls.http.Routes {
		if r.DirectResponse == nil || r.DirectResponse.StatusCode != 500 {
			t.Errorf("route %s: direct response %+v, want 500", r.Name, r.DirectResponse)
		}
	}
	if ls.http.Path.MergeSlashes {
		t.Errorf("path not applied")
	}
	tls := ls.http.TLS
	if *tls.MinVersion != "1.2" || !reflect.DeepEqual(tls.ALPNProtocols, []string{"http/1.1"}) || tls.Ciphers != nil || tls.ECDHCurves != nil {
		t.Errorf("tls = %+v", tls)
	}

	tcp := ctpListener("t", "TCP")
	tcp.tcp.Routes = []*ir.TCPRoute{{Name: "r"}}
	f, err = ctpTestTranslation(nil).buildCTPFeatures(ctpPolicy(t, `{timeout: {tcp: {idleTimeout: bad}}}`), tcp, ctpTestNow)
	if err == nil {
		t.Fatal("want an error")
	}
	f.applyToListener(tcp)
	if tcp.tcp.Routes != nil {
		t.Errorf("TCP routes kept: %+v", tcp.tcp.Routes)
	}
}

// TestCTPHTTP3ClientValidationWarning checks that HTTP/3 is turned off,
// with a warning, when the policy also validates client certificates.
func TestCTPHTTP3ClientValidationWarning(t *testing.T) {
	res := &Resources{}
	addCASecret(t, res, "ns", "ca", ctpTestCert(t, "ca", ctpTestNow.Add(-time.Hour), ctpTestNow.Add(time.Hour)))
	tr := ctpTestTranslation(res)
	f, err := tr.buildCTPFeatures(ctpPolicy(t, `{http3: {}, tls: {clientValidation: {caCertificateRefs: [{name: ca}]}}}`), ctpListener("https", "HTTPS"), ctpTestNow)
	if err != nil {
		t.Fatal(err)
	}
	want := []ctpWarning{{reason: "UnsupportedHTTP3ClientValidation",
		message: `HTTP/3 was disabled for listener "https" because Envoy does not support downstream client TLS validation over QUIC`}}
	if f.http3 || !reflect.DeepEqual(f.warnings, want) {
		t.Errorf("http3 = %v, warnings = %+v", f.http3, f.warnings)
	}
	f, _ = tr.buildCTPFeatures(ctpPolicy(t, `{http3: {}}`), ctpListener("https", "HTTPS"), ctpTestNow)
	if !f.http3 || f.warnings != nil {
		t.Errorf("plain http3: http3 = %v, warnings = %+v", f.http3, f.warnings)
	}
	f, _ = tr.buildCTPFeatures(ctpPolicy(t, `{http3: {}}`), ctpListener("http", "HTTP"), ctpTestNow)
	if f.http3 {
		t.Errorf("http3 on a listener without TLS")
	}
}

// TestCTPDeprecatedFields checks which deprecated fields are reported.
func TestCTPDeprecatedFields(t *testing.T) {
	tests := []struct {
		spec string
		want map[string]string
	}{
		{`{targetRef: {group: gateway.networking.k8s.io, kind: Gateway, name: g}}`, map[string]string{}},
		{`{enableProxyProtocol: false}`, map[string]string{"spec.enableProxyProtocol": "spec.proxyProtocol"}},
		{`{headers: {preserveXRequestID: true}}`, map[string]string{"spec.headers.preserveXRequestID": "spec.headers.requestID"}},
		{`{tls: {clientValidation: {optional: false}}}`, map[string]string{}},
		{`{enableProxyProtocol: true, headers: {preserveXRequestID: false}, tls: {clientValidation: {optional: true}}}`, map[string]string{
			"spec.enableProxyProtocol":           "spec.proxyProtocol",
			"spec.headers.preserveXRequestID":    "spec.headers.requestID",
			"spec.tls.clientValidation.optional": "spec.tls.clientValidation.mode",
		}},
	}
	for _, tc := range tests {
		if got := ctpDeprecatedFields(&ctpPolicy(t, tc.spec).Spec); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.spec, got, tc.want)
		}
	}
	if got := ctpDeprecatedFields(nil); len(got) != 0 {
		t.Errorf("nil spec: %v", got)
	}
}

// TestCTPNilInputs checks that absent objects and empty settings neither
// panic nor fail.
func TestCTPNilInputs(t *testing.T) {
	tr := ctpTestTranslation(nil)
	if f, err := tr.buildCTPFeatures(nil, ctpListener("l", "HTTP"), ctpTestNow); f != nil || err != nil {
		t.Errorf("nil policy: %v, %v", f, err)
	}
	if f, err := tr.buildCTPFeatures(ctpPolicy(t, `{}`), nil, ctpTestNow); f != nil || err != nil {
		t.Errorf("nil listener: %v, %v", f, err)
	}
	empty := `{tcpKeepalive: {}, connection: {connectionLimit: {}}, timeout: {tcp: {}, http: {}}, path: {},
		headers: {earlyRequestHeaders: {}, lateResponseHeaders: {}, xForwardedClientCert: {}}, http1: {http10: {}},
		http2: {connectionKeepalive: {}}, http3: {}, grpc: {}, healthCheck: {path: /}, clientIPDetection: {},
		tls: {clientValidation: {mode: Request, crl: {}}, session: {resumption: {}}}}`
	for _, proto := range []gwapiv1.ProtocolType{"HTTP", "HTTPS", "TCP", "TLS", "UDP"} {
		ls := ctpListener("l", proto)
		if got := ctpErr(t, tr, empty, ls); got != "" {
			t.Errorf("%s: %s", proto, got)
		}
		f, _ := tr.buildCTPFeatures(ctpPolicy(t, empty), ls, ctpTestNow)
		f.applyToListener(ls)
	}
	if !strings.Contains(ctpErr(t, tr, `{tls: {clientValidation: {}}}`, ctpListener("l", "HTTPS")), "requires caCertificateRefs") {
		t.Errorf("empty clientValidation accepted")
	}
}
