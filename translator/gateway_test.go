package translator

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"math/big"
	"strings"
	"testing"
	"time"

	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// testCert returns a base64 PEM certificate for dnsNames and its key.
func testCert(t *testing.T, dnsNames ...string) (crt, key string) {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: dnsNames[0]},
		DNSNames:     dnsNames,
		NotBefore:    time.Unix(0, 0),
		NotAfter:     time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC),
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &k.PublicKey, k)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalPKCS8PrivateKey(k)
	if err != nil {
		t.Fatal(err)
	}
	enc := func(typ string, b []byte) string {
		return base64.StdEncoding.EncodeToString(pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: b}))
	}
	return enc("CERTIFICATE", der), enc("PRIVATE KEY", kder)
}

// tlsSecret returns a Secret document named ns/name for dnsNames.
func tlsSecret(t *testing.T, ns, name string, dnsNames ...string) string {
	crt, key := testCert(t, dnsNames...)
	return fmt.Sprintf(`---
apiVersion: v1
kind: Secret
metadata: {namespace: %s, name: %s}
type: kubernetes.io/tls
data: {tls.crt: %s, tls.key: %s}
`, ns, name, crt, key)
}

// gatewayDoc returns a Gateway document in namespace ns with the given
// listeners (a YAML flow sequence body, one listener per element).
func gatewayDoc(ns, name, listeners string) string {
	return fmt.Sprintf(`---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {namespace: %s, name: %s}
spec:
  gatewayClassName: eg
  listeners:
%s
`, ns, name, listeners)
}

// translateYAML loads docs and translates them with class eg handled.
func translateYAML(t *testing.T, docs string, opts ...Option) *Result {
	t.Helper()
	res, err := Load([]byte(docs))
	if err != nil {
		t.Fatal(err)
	}
	r, err := Translate(res, append([]Option{WithGatewayClassName("eg")}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// listenerConds returns "Type=Status/Reason" for each condition of the
// named listener of the first Gateway, sorted by type.
func listenerConds(t *testing.T, r *Result, gw int, listener string) map[string]string {
	t.Helper()
	if len(r.Statuses.Gateways) <= gw {
		t.Fatalf("no gateway %d in statuses", gw)
	}
	for _, l := range r.Statuses.Gateways[gw].Status.Listeners {
		if string(l.Name) == listener {
			out := map[string]string{}
			for _, c := range l.Conditions {
				out[c.Type] = fmt.Sprintf("%s/%s: %s", c.Status, c.Reason, c.Message)
			}
			return out
		}
	}
	t.Fatalf("listener %s has no status", listener)
	return nil
}

func TestListenerConditions(t *testing.T) {
	ready := map[string]string{
		"Programmed":   "True/Programmed: " + msgListenerProgrammed,
		"Accepted":     "True/Accepted: " + msgListenerAccepted,
		"ResolvedRefs": "True/ResolvedRefs: " + msgListenerResolved,
	}
	tests := []struct {
		name      string
		listeners string
		extra     string
		listener  string
		want      map[string]string
	}{
		{
			name:      "plain HTTP is ready",
			listeners: `  - {name: http, protocol: HTTP, port: 80}`,
			listener:  "http",
			want:      ready,
		},
		{
			name:      "unknown protocol",
			listeners: `  - {name: x, protocol: SCTP, port: 80}`,
			listener:  "x",
			want: map[string]string{
				"Accepted":     "False/UnsupportedProtocol: Protocol SCTP is unsupported, must be HTTP, HTTPS, TCP or UDP.",
				"Programmed":   "False/Invalid: " + msgListenerInvalid,
				"ResolvedRefs": "True/ResolvedRefs: " + msgListenerResolved,
			},
		},
		{
			name:      "HTTPS without tls",
			listeners: `  - {name: https, protocol: HTTPS, port: 443}`,
			listener:  "https",
			want: map[string]string{
				"Programmed":   "False/Invalid: Listener must have TLS set when protocol is HTTPS.",
				"ResolvedRefs": "True/ResolvedRefs: " + msgListenerResolved,
			},
		},
		{
			name:      "missing secret",
			listeners: `  - {name: https, protocol: HTTPS, port: 443, tls: {certificateRefs: [{name: nope}]}}`,
			listener:  "https",
			want: map[string]string{
				"ResolvedRefs": "False/InvalidCertificateRef: No valid secrets exist: certificate refs 0: Secret ns/nope does not exist.",
				"Accepted":     "True/Accepted: " + msgListenerAccepted,
				"Programmed":   "False/Invalid: " + msgListenerInvalid,
			},
		},
		{
			name:      "cross-namespace secret without grant",
			listeners: `  - {name: https, protocol: HTTPS, port: 443, tls: {certificateRefs: [{name: s, namespace: other}]}}`,
			listener:  "https",
			want: map[string]string{
				"ResolvedRefs": "False/RefNotPermitted: No valid secrets exist: certificate refs 0: Certificate ref to secret other/s not permitted by any ReferenceGrant.",
				"Programmed":   "False/Invalid: " + msgListenerInvalid,
			},
		},
		{
			name:      "one of two secrets missing",
			listeners: `  - {name: https, protocol: HTTPS, port: 443, tls: {certificateRefs: [{name: good}, {name: nope}]}}`,
			extra:     "good",
			listener:  "https",
			want: map[string]string{
				"ResolvedRefs": "False/PartiallyInvalidCertificateRef: Some secrets are invalid: certificate refs 1: Secret ns/nope does not exist.",
				"Accepted":     "True/Accepted: " + msgListenerAccepted,
				"Programmed":   "True/Programmed: " + msgListenerProgrammed,
			},
		},
		{
			name:      "hostname on TCP",
			listeners: `  - {name: tcp, protocol: TCP, port: 90, hostname: a.example.com}`,
			listener:  "tcp",
			want: map[string]string{
				"Programmed":   "False/Invalid: Listener must not have hostname set when protocol is TCP.",
				"ResolvedRefs": "True/ResolvedRefs: " + msgListenerResolved,
			},
		},
		{
			name:      "route kind the protocol does not accept",
			listeners: `  - {name: http, protocol: HTTP, port: 80, allowedRoutes: {kinds: [{kind: TCPRoute}]}}`,
			listener:  "http",
			want: map[string]string{
				"ResolvedRefs": "False/InvalidRouteKinds: TCPRoute is not supported, kind must be one of [HTTPRoute GRPCRoute]",
				"Programmed":   "False/Invalid: " + msgListenerInvalid,
			},
		},
		{
			name: "same port, incompatible protocols",
			listeners: `  - {name: a, protocol: HTTP, port: 80}
  - {name: b, protocol: TCP, port: 80}`,
			listener: "a",
			want: map[string]string{
				"Conflicted":   "True/ProtocolConflict: All listeners for a given port must use a compatible protocol, conflicting listeners: ns/gw/a, ns/gw/b",
				"Programmed":   "False/Invalid: " + msgListenerInvalid,
				"ResolvedRefs": "True/ResolvedRefs: " + msgListenerResolved,
			},
		},
		{
			name: "same port and hostname",
			listeners: `  - {name: a, protocol: HTTP, port: 80, hostname: x.com}
  - {name: b, protocol: HTTP, port: 80, hostname: x.com}`,
			listener: "b",
			want: map[string]string{
				"Conflicted":   "True/HostnameConflict: All listeners for a given port must use a unique hostname, conflicting listeners: ns/gw/a, ns/gw/b",
				"Programmed":   "False/Invalid: " + msgListenerInvalid,
				"ResolvedRefs": "True/ResolvedRefs: " + msgListenerResolved,
			},
		},
		{
			name: "UDP beside HTTP on one port",
			listeners: `  - {name: a, protocol: HTTP, port: 80}
  - {name: b, protocol: UDP, port: 80}`,
			listener: "b",
			want:     ready,
		},
		{
			name: "second UDP listener on a port",
			listeners: `  - {name: a, protocol: UDP, port: 53}
  - {name: b, protocol: UDP, port: 53}`,
			listener: "b",
			want: map[string]string{
				"Conflicted":   "True/ProtocolConflict: Only one UDP listener is allowed in a given port",
				"Programmed":   "False/Invalid: " + msgListenerInvalid,
				"ResolvedRefs": "True/ResolvedRefs: " + msgListenerResolved,
			},
		},
		{
			name: "invalid listener does not conflict",
			listeners: `  - {name: bad, protocol: HTTPS, port: 443, hostname: x.com, tls: {certificateRefs: [{name: nope}]}}
  - {name: good, protocol: HTTPS, port: 443, hostname: x.com, tls: {certificateRefs: [{name: good}]}}`,
			extra:    "good",
			listener: "good",
			want:     ready,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			docs := gatewayDoc("ns", "gw", tc.listeners)
			if tc.extra != "" {
				docs += tlsSecret(t, "ns", tc.extra, "x.com")
			}
			got := listenerConds(t, translateYAML(t, docs), 0, tc.listener)
			if len(got) != len(tc.want) {
				t.Errorf("conditions = %v, want %v", got, tc.want)
			}
			for k, w := range tc.want {
				if got[k] != w {
					t.Errorf("%s = %q, want %q", k, got[k], w)
				}
			}
		})
	}
}

func TestGatewayIR(t *testing.T) {
	docs := gatewayDoc("ns", "gw", `  - {name: http, protocol: HTTP, port: 80}
  - {name: https, protocol: HTTPS, port: 8443, hostname: x.com, tls: {certificateRefs: [{name: s}]}}
  - {name: udp, protocol: UDP, port: 53}`) + tlsSecret(t, "ns", "s", "x.com") + `---
apiVersion: v1
kind: Service
metadata:
  namespace: envoy-gateway-system
  name: envoy-ns-gw-0000
  labels: {gateway.envoyproxy.io/owning-gateway-name: gw, gateway.envoyproxy.io/owning-gateway-namespace: ns}
spec:
  ports: [{name: http, port: 8080, protocol: TCP}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  namespace: envoy-gateway-system
  name: envoy-ns-gw-0000
  labels: {kubernetes.io/service-name: envoy-ns-gw-0000}
addressType: IPv4
endpoints: [{addresses: [10.0.0.1], conditions: {ready: true}}]
ports: [{name: http, port: 8080, protocol: TCP}]
`
	r := translateYAML(t, docs)
	x := r.IR["ns/gw"]
	if x == nil {
		t.Fatalf("no IR for ns/gw; keys %v", r.IR)
	}
	if x.ReadyListener == nil || x.ReadyListener.Port != readinessPort || x.ReadyListener.Address != ipv4Any {
		t.Errorf("readyListener = %+v", x.ReadyListener)
	}
	if x.AccessLog == nil || len(x.AccessLog.JSON) != 1 || x.AccessLog.JSON[0].Path != "/dev/stdout" {
		t.Errorf("accessLog = %+v", x.AccessLog)
	}
	if len(x.HTTP) != 2 || len(x.UDP) != 1 {
		t.Fatalf("listeners: http %d udp %d", len(x.HTTP), len(x.UDP))
	}
	h := x.HTTP[0]
	if h.Name != "ns/gw/http" || h.Port != 10080 || h.ExternalPort != 80 || h.Hostnames[0] != "*" || !h.Path.MergeSlashes {
		t.Errorf("http listener = %+v", h)
	}
	s := x.HTTP[1]
	if s.Port != 8443 || s.TLS == nil || len(s.TLS.Certificates) != 1 || s.TLS.Certificates[0].Name != "ns/s" ||
		!strings.HasSuffix(string(s.TLS.Certificates[0].Certificate), "-----END CERTIFICATE-----\n") {
		t.Errorf("https listener = %+v tls %+v", s, s.TLS)
	}
	if u := x.UDP[0]; u.Port != 10053 || u.Metadata == nil || u.Metadata.SectionName != "udp" {
		t.Errorf("udp listener = %+v", u)
	}
	psc := x.GlobalResources.ProxyServiceCluster
	if psc == nil || psc.Name != "ns/gw" || len(psc.Settings) != 1 || len(psc.Settings[0].Endpoints) != 1 ||
		psc.Settings[0].Endpoints[0].Host != "10.0.0.1" || psc.Settings[0].Endpoints[0].Port != 8080 {
		t.Errorf("proxyServiceCluster = %+v", psc)
	}

	merged := translateYAML(t, docs, WithMergeGateways(true))
	if _, ok := merged.IR["eg"]; !ok || len(merged.IR) != 1 {
		t.Errorf("merged IR keys = %v, want [eg]", merged.IR)
	}
	onHost := translateYAML(t, docs, WithRunningOnHost(true))
	if p := onHost.IR["ns/gw"].HTTP[0].Port; p != 80 {
		t.Errorf("port on host = %d, want 80", p)
	}
}

func TestGatewayClassSelection(t *testing.T) {
	docs := `apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: eg}
spec: {controllerName: ` + DefaultControllerName + `}
---
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: other}
spec: {controllerName: example.com/other}
` + gatewayDoc("ns", "a", `  - {name: http, protocol: HTTP, port: 80}`) + `---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {namespace: ns, name: b}
spec:
  gatewayClassName: other
  listeners: [{name: http, protocol: HTTP, port: 80}]
`
	res, err := Load([]byte(docs))
	if err != nil {
		t.Fatal(err)
	}
	r, _ := Translate(res)
	if len(r.Statuses.GatewayClasses) != 1 || r.Statuses.GatewayClasses[0].Name != "eg" {
		t.Fatalf("classes = %v", r.Statuses.GatewayClasses)
	}
	if c := r.Statuses.GatewayClasses[0].Status.Conditions; len(c) != 1 || c[0].Reason != "Accepted" {
		t.Errorf("class conditions = %v", c)
	}
	if len(r.Statuses.Gateways) != 1 || r.Statuses.Gateways[0].Name != "a" {
		t.Errorf("gateways = %d, want only a", len(r.Statuses.Gateways))
	}
	if res.Gateways[0].Status.Listeners != nil {
		t.Error("input Gateway was modified")
	}
}

func TestGatewayUnsupportedAddress(t *testing.T) {
	docs := `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {namespace: ns, name: gw}
spec:
  gatewayClassName: eg
  addresses: [{type: NamedAddress, value: foo}]
  listeners: [{name: http, protocol: HTTP, port: 80}]
`
	r := translateYAML(t, docs)
	gw := r.Statuses.Gateways[0]
	if len(gw.Status.Listeners) != 0 || len(gw.Status.Conditions) != 1 ||
		gw.Status.Conditions[0].Reason != string(gwapiv1.GatewayReasonUnsupportedAddress) {
		t.Errorf("status = %+v", gw.Status)
	}
	if x := r.IR["ns/gw"]; x == nil || len(x.HTTP) != 0 || x.ReadyListener != nil {
		t.Errorf("IR = %+v, want empty", x)
	}
}

func TestListenerAllows(t *testing.T) {
	docs := gatewayDoc("ns", "gw", `  - {name: same, protocol: HTTP, port: 80, hostname: a.com}
  - {name: all, protocol: HTTP, port: 80, hostname: b.com, allowedRoutes: {namespaces: {from: All}}}
  - {name: sel, protocol: HTTP, port: 80, hostname: c.com, allowedRoutes: {namespaces: {from: Selector, selector: {matchLabels: {team: x}}}}}`) + `---
apiVersion: v1
kind: Namespace
metadata: {name: teamx, labels: {team: x}}
---
apiVersion: v1
kind: Namespace
metadata: {name: teamy, labels: {team: y}}
`
	res, err := Load([]byte(docs))
	if err != nil {
		t.Fatal(err)
	}
	tr := newTranslation(res, WithGatewayClassName("eg"))
	tr.processGatewayClasses()
	tr.processGateways()
	gs := tr.gateways[nameOf("ns", "gw")]
	if gs == nil {
		t.Fatal("gateway not translated")
	}
	tests := []struct {
		listener string
		ns       string
		want     bool
	}{
		{"same", "ns", true},
		{"same", "teamx", false},
		{"all", "anything", true},
		{"sel", "teamx", true},
		{"sel", "teamy", false},
		{"sel", "missing", false},
	}
	for _, tc := range tests {
		if got := gs.listenerByName[gwapiv1.SectionName(tc.listener)].allowsNamespace(tc.ns); got != tc.want {
			t.Errorf("%s.allowsNamespace(%s) = %v, want %v", tc.listener, tc.ns, got, tc.want)
		}
	}
	l := gs.listenerByName["same"]
	if !l.allowsKind("", "HTTPRoute") || !l.allowsKind(gwapiv1.GroupName, "GRPCRoute") || l.allowsKind("", "TCPRoute") {
		t.Errorf("allowsKind wrong for %v", l.allowedKinds)
	}
}

func TestHostnamesOverlap(t *testing.T) {
	h := func(s string) *gwapiv1.Hostname { x := gwapiv1.Hostname(s); return &x }
	tests := []struct {
		a, b *gwapiv1.Hostname
		want bool
	}{
		{nil, h("a.com"), true},
		{h("a.com"), h("a.com"), true},
		{h("*.example.com"), h("foo.example.com"), true},
		{h("*.example.com"), h("a.b.example.com"), false},
		{h("foo.example.com"), h("bar.example.com"), false},
		{h("*.example.com"), h("*.other.com"), false},
	}
	for _, tc := range tests {
		if got := hostnamesOverlap(tc.a, tc.b); got != tc.want {
			t.Errorf("hostnamesOverlap(%v, %v) = %v, want %v", hostnameString(tc.a), hostnameString(tc.b), got, tc.want)
		}
	}
}

func TestOverlappingCertificates(t *testing.T) {
	docs := gatewayDoc("ns", "gw", `  - {name: a, protocol: HTTPS, port: 443, hostname: foo.example.com, tls: {certificateRefs: [{name: wild}]}}
  - {name: b, protocol: HTTPS, port: 443, hostname: bar.example.com, tls: {certificateRefs: [{name: bar}]}}`) +
		tlsSecret(t, "ns", "wild", "*.example.com") + tlsSecret(t, "ns", "bar", "bar.example.com")
	r := translateYAML(t, docs)
	got := listenerConds(t, r, 0, "a")["OverlappingTLSConfig"]
	want := "True/OverlappingCertificates: The certificate SAN *.example.com overlaps with the certificate SAN bar.example.com in listener b." + alpnOverlapNote
	if got != want {
		t.Errorf("a: %q, want %q", got, want)
	}
	for _, l := range r.IR["ns/gw"].HTTP {
		if !l.TLSOverlaps {
			t.Errorf("%s: TLSOverlaps not set", l.Name)
		}
	}
}
