package v1alpha1_test

import (
	"testing"

	"github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

func TestClientTrafficPolicyValidate(t *testing.T) {
	runValidationCases(t, v1alpha1.KindClientTrafficPolicy, func() validator { return &v1alpha1.ClientTrafficPolicy{} }, []validationCase{
		{
			name: "gateway listener",
			spec: `
targetRef: {group: gateway.networking.k8s.io, kind: Gateway, name: eg, sectionName: https}
tcpKeepalive: {probes: 3, idleTime: 20m, interval: 60s}
timeout:
  http: {requestReceivedTimeout: 2s, idleTimeout: 1h30m}
  tcp: {idleTimeout: 500ms}
`,
		},
		{
			name: "no target",
			spec: `
timeout:
  http: {idleTimeout: 5s}
`,
			want: []wantErr{required("spec.targetRefs")},
		},
		{
			name: "targetRef and targetRefs",
			spec: toGateway + `
targetRef: {group: gateway.networking.k8s.io, kind: Gateway, name: other}
`,
			want: []wantErr{forbidden("spec.targetRef")},
		},
		{
			name: "target selectors lift the single-target rule",
			spec: toGateway + `
targetRef: {group: gateway.networking.k8s.io, kind: Gateway, name: other}
targetSelectors:
- kind: Gateway
  matchLabels: {team: a}
`,
		},
		{
			name: "targetRef to a route",
			spec: `
targetRef: {group: gateway.networking.k8s.io, kind: HTTPRoute, name: backend}
`,
			want: []wantErr{notSupported("spec.targetRef.kind")},
		},
		{
			name: "targetRef outside the Gateway API group",
			spec: `
targetRef: {group: "", kind: Gateway, name: eg}
`,
			want: []wantErr{notSupported("spec.targetRef.group")},
		},
		{
			name: "targetRefs to a route and outside the group",
			spec: `
targetRefs:
- {group: gateway.networking.k8s.io, kind: ListenerSet, name: ls}
- {group: gateway.networking.k8s.io, kind: TCPRoute, name: r}
- {group: example.com, kind: Gateway, name: eg}
`,
			want: []wantErr{notSupported("spec.targetRefs[1].kind"), notSupported("spec.targetRefs[2].group")},
		},
		{
			name: "target selectors with a foreign group and a namespace selector missing",
			spec: `
targetSelectors:
- group: example.com
  kind: Gateway
- kind: Gateway
  namespaces: {from: Selector}
- kind: Gateway
  namespaces:
    from: Selector
    selector:
      matchExpressions: [{key: env, operator: In, values: [prod]}]
- kind: Gateway
  matchExpressions: [{key: tier}]
`,
			want: []wantErr{
				notSupported("spec.targetSelectors[0].group"), required("spec.targetSelectors[1].namespaces.selector"),
				required("spec.targetSelectors[3].matchExpressions[0].operator"),
			},
		},
		{
			name: "client address from X-Forwarded-For",
			spec: toGateway + `
clientIPDetection:
  xForwardedFor: {trustedCIDRs: [10.0.0.0/8, "2001:db8::/32"]}
`,
		},
		{
			name: "two client address methods",
			spec: toGateway + `
clientIPDetection:
  xForwardedFor: {numTrustedHops: 2}
  customHeader: {name: X-Real-IP}
`,
			want: []wantErr{forbidden("spec.clientIPDetection.customHeader")},
		},
		{
			name: "no client address method",
			spec: toGateway + `
clientIPDetection: {}
`,
			want: []wantErr{required("spec.clientIPDetection")},
		},
		{
			name: "trusted hops and CIDRs together",
			spec: toGateway + `
clientIPDetection:
  xForwardedFor: {numTrustedHops: 1, trustedCIDRs: [10.0.0.0/8]}
`,
			want: []wantErr{forbidden("spec.clientIPDetection.xForwardedFor.trustedCIDRs")},
		},
		{
			name: "X-Forwarded-For without hops or CIDRs, bad header name",
			spec: toGateway + `
clientIPDetection:
  xForwardedFor: {}
  customHeader: {name: "X_Real_IP"}
`,
			want: []wantErr{
				required("spec.clientIPDetection.xForwardedFor"), invalid("spec.clientIPDetection.customHeader.name"),
				forbidden("spec.clientIPDetection.customHeader"),
			},
		},
		{
			name: "close delay without a connection limit",
			spec: toGateway + `
connection:
  connectionLimit: {closeDelay: 10s, maxConnectionDuration: 1h}
`,
			want: []wantErr{required("spec.connection.connectionLimit.value")},
		},
		{
			name: "close delay with a connection limit",
			spec: toGateway + `
connection:
  connectionLimit: {value: 1000, closeDelay: 10s}
`,
		},
		{
			name: "preserving and setting the request ID",
			spec: toGateway + `
headers: {preserveXRequestID: true, requestID: Generate}
`,
			want: []wantErr{forbidden("spec.headers.requestID")},
		},
		{
			name: "client certificate details with a writing mode",
			spec: toGateway + `
headers:
  requestID: PreserveOrGenerate
  xForwardedClientCert: {mode: SanitizeSet, certDetailsToAdd: [Subject, URI]}
`,
		},
		{
			name: "client certificate details with a forwarding mode",
			spec: toGateway + `
headers:
  xForwardedClientCert: {mode: ForwardOnly, certDetailsToAdd: [Cert]}
`,
			want: []wantErr{invalid("spec.headers.xForwardedClientCert.mode")},
		},
		{
			name: "client certificate details without a mode",
			spec: toGateway + `
headers:
  xForwardedClientCert: {certDetailsToAdd: [Chain]}
`,
			want: []wantErr{required("spec.headers.xForwardedClientCert.mode")},
		},
		{
			name: "header modifiers",
			spec: toGateway + `
headers:
  earlyRequestHeaders:
    set: [{name: X-Env, value: prod}]
    remove: [X-Debug]
    removeOnMatch: [{type: Prefix, value: X-Internal-}]
  lateResponseHeaders:
    addIfAbsent: [{name: Cache-Control, value: no-store}]
`,
		},
		{
			name: "bad header modifiers",
			spec: toGateway + `
headers:
  withUnderscoresAction: Drop
  earlyRequestHeaders:
    set: []
    add: [{name: "X Bad", value: v}, {name: X-Ok, value: ""}]
    remove: [X-A, X-A]
    removeOnMatch: [{type: Glob, value: a}]
`,
			want: []wantErr{
				notSupported("spec.headers.withUnderscoresAction"), invalid("spec.headers.earlyRequestHeaders.set"),
				invalid("spec.headers.earlyRequestHeaders.add[0].name"), required("spec.headers.earlyRequestHeaders.add[1].value"),
				duplicate("spec.headers.earlyRequestHeaders.remove[1]"), notSupported("spec.headers.earlyRequestHeaders.removeOnMatch[0].type"),
			},
		},
		{
			name: "keepalive timeout shorter than its interval",
			spec: toGateway + `
http2:
  maxConcurrentStreams: 100
  connectionKeepalive: {interval: 30s, timeout: 5s, intervalJitter: 15}
`,
		},
		{
			name: "keepalive timeout not shorter than its interval",
			spec: toGateway + `
http2:
  connectionKeepalive: {interval: 30s, timeout: 30s}
`,
			want: []wantErr{invalid("spec.http2.connectionKeepalive.timeout")},
		},
		{
			name: "bad HTTP/2 settings",
			spec: toGateway + `
http2:
  maxConcurrentStreams: 0
  connectionKeepalive: {interval: 1.5s, intervalJitter: 101}
`,
			want: []wantErr{
				invalid("spec.http2.maxConcurrentStreams"), invalid("spec.http2.connectionKeepalive.interval"),
				invalid("spec.http2.connectionKeepalive.intervalJitter"),
			},
		},
		{
			name: "TLS 1.3 only with ciphers",
			spec: toGateway + `
tls: {minVersion: "1.3", ciphers: [AES128-SHA]}
`,
			want: []wantErr{forbidden("spec.tls.ciphers")},
		},
		{
			name: "TLS versions out of order",
			spec: toGateway + `
tls: {minVersion: "1.2", maxVersion: "1.1", alpnProtocols: [h2]}
`,
			want: []wantErr{invalid("spec.tls.minVersion")},
		},
		{
			name: "client validation allowing expired certificates",
			spec: toGateway + `
tls:
  clientValidation:
    mode: RequireAndVerify
    allowExpiredCertificate: true
    caCertificateRefs: [{kind: Secret, name: client-ca}]
    subjectAltNames:
      dnsNames: [{type: Suffix, value: .example.com}]
      otherNames: [{oid: 1.3.6.1.4.1.311.20.2.3, value: user@example.com}]
    crl:
      refs: [{kind: ConfigMap, name: crl}]
`,
		},
		{
			name: "expired certificates without verification",
			spec: toGateway + `
tls:
  clientValidation: {mode: RequireAny, allowExpiredCertificate: true}
`,
			want: []wantErr{forbidden("spec.tls.clientValidation.allowExpiredCertificate")},
		},
		{
			name: "bad client validation",
			spec: toGateway + `
tls:
  clientValidation:
    mode: Optional
    subjectAltNames:
      uris: [{value: ""}]
      otherNames: [{value: x}]
    crl: {refs: []}
`,
			want: []wantErr{
				notSupported("spec.tls.clientValidation.mode"), required("spec.tls.clientValidation.subjectAltNames.uris[0].value"),
				required("spec.tls.clientValidation.subjectAltNames.otherNames[0].oid"), invalid("spec.tls.clientValidation.crl.refs"),
			},
		},
		{
			name: "bad scalar settings",
			spec: toGateway + `
scheme: Upgrade
path: {escapedSlashesAction: Reject}
healthCheck: {path: ""}
timeout:
  tcp: {tlsHandshakeTimeout: 10}
connection:
  connectionLimit: {value: 0}
`,
			want: []wantErr{
				notSupported("spec.path.escapedSlashesAction"), invalid("spec.timeout.tcp.tlsHandshakeTimeout"),
				invalid("spec.connection.connectionLimit.value"), required("spec.healthCheck.path"), notSupported("spec.scheme"),
			},
		},
	})
}
