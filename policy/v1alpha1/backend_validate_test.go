package v1alpha1_test

import (
	"strings"
	"testing"

	"github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

func TestBackendValidate(t *testing.T) {
	runValidationCases(t, v1alpha1.KindBackend, func() validator { return &v1alpha1.Backend{} }, []validationCase{
		{
			name: "fqdn endpoint",
			spec: `
endpoints:
- fqdn: {hostname: api.example.com, port: 443}
appProtocols: [gateway.envoyproxy.io/h2c]
`,
		},
		{
			name: "ip and unix endpoints",
			spec: `
endpoints:
- ip: {address: 10.0.0.7, port: 3000}
- ip: {address: "fd00::7", port: 3000}
- unix: {path: /var/run/backend.sock}
`,
		},
		{
			name: "dynamic resolver",
			spec: `
type: DynamicResolver
tls: {wellKnownCACertificates: System}
`,
		},
		{
			name: "dynamic resolver with endpoints",
			spec: `
type: DynamicResolver
endpoints:
- fqdn: {hostname: api.example.com, port: 443}
`,
			want: []wantErr{forbidden("spec.endpoints")},
		},
		{
			name: "dynamic resolver cannot take the SNI from endpoints",
			spec: `
type: DynamicResolver
tls: {autoSNIFromEndpointHostname: true}
`,
			want: []wantErr{forbidden("spec.tls.autoSNIFromEndpointHostname")},
		},
		{
			name: "SNI from endpoint hostnames",
			spec: `
endpoints:
- ip: {address: 10.0.0.7, port: 443}
  hostname: api.example.com
- unix: {path: /var/run/api.sock}
  hostname: api.example.com
tls: {autoSNIFromEndpointHostname: true, wellKnownCACertificates: System}
`,
		},
		{
			name: "SNI from endpoint hostnames, IP endpoint without one",
			spec: `
endpoints:
- ip: {address: 10.0.0.7, port: 443}
  hostname: api.example.com
- ip: {address: 10.0.0.8, port: 443}
tls: {autoSNIFromEndpointHostname: true}
`,
			want: []wantErr{required("spec.endpoints[1].hostname")},
		},
		{
			name: "SNI from endpoint hostnames without endpoints",
			spec: `
tls: {autoSNIFromEndpointHostname: true}
`,
			want: []wantErr{required("spec.endpoints")},
		},
		{
			name: "fqdn endpoints mixed with others",
			spec: `
endpoints:
- fqdn: {hostname: api.example.com, port: 443}
- ip: {address: 10.0.0.7, port: 443}
`,
			want: []wantErr{invalid("spec.endpoints")},
		},
		{
			name: "endpoint without an address",
			spec: `
endpoints:
- zone: us-east-1a
`,
			want: []wantErr{required("spec.endpoints[0]")},
		},
		{
			name: "endpoint with two addresses",
			spec: `
endpoints:
- ip: {address: 10.0.0.7, port: 443}
  unix: {path: /var/run/backend.sock}
`,
			want: []wantErr{forbidden("spec.endpoints[0].unix")},
		},
		{
			name: "unix socket path too long",
			spec: `
endpoints:
- unix: {path: /` + strings.Repeat("s", 108) + `}
`,
			want: []wantErr{tooLong("spec.endpoints[0].unix.path")},
		},
		{
			name: "bad addresses and ports",
			spec: `
endpoints:
- ip: {address: example.com, port: 70000}
- ip: {address: 10.0.0.256, port: 1}
`,
			want: []wantErr{invalid("spec.endpoints[0].ip.address"), invalid("spec.endpoints[0].ip.port"), invalid("spec.endpoints[1].ip.address")},
		},
		{
			name: "wildcard fqdn and bad enums",
			spec: `
type: Static
endpoints:
- fqdn: {hostname: "*.example.com", port: 443}
appProtocols: [h2]
`,
			want: []wantErr{notSupported("spec.type"), invalid("spec.endpoints[0].fqdn.hostname"), notSupported("spec.appProtocols[0]")},
		},
		{
			name: "empty endpoint list",
			spec: `
endpoints: []
`,
			want: []wantErr{invalid("spec.endpoints")},
		},
		{
			name: "CA certificates and a well-known set",
			spec: `
endpoints:
- fqdn: {hostname: api.example.com, port: 443}
tls:
  caCertificateRefs:
  - {group: "", kind: ConfigMap, name: ca}
  wellKnownCACertificates: System
`,
			want: []wantErr{forbidden("spec.tls.wellKnownCACertificates")},
		},
		{
			name: "skipping verification with a CA",
			spec: `
endpoints:
- fqdn: {hostname: api.example.com, port: 443}
tls:
  insecureSkipVerify: true
  caCertificateRefs:
  - {group: "", kind: ConfigMap, name: ca}
`,
			want: []wantErr{forbidden("spec.tls.insecureSkipVerify")},
		},
		{
			name: "skipping verification alone",
			spec: `
endpoints:
- fqdn: {hostname: api.example.com, port: 443}
tls: {insecureSkipVerify: true, sni: api.example.com}
`,
		},
		{
			name: "fixed SNI and SNI from hostnames",
			spec: `
endpoints:
- fqdn: {hostname: api.example.com, port: 443}
tls: {sni: api.example.com, autoSNIFromEndpointHostname: true}
`,
			want: []wantErr{forbidden("spec.tls.autoSNIFromEndpointHostname")},
		},
		{
			name: "TLS 1.3 only with ciphers",
			spec: `
endpoints:
- fqdn: {hostname: api.example.com, port: 443}
tls:
  minVersion: "1.3"
  ciphers: [ECDHE-RSA-AES128-GCM-SHA256]
`,
			want: []wantErr{forbidden("spec.tls.ciphers")},
		},
		{
			name: "TLS 1.2 with ciphers and a client certificate",
			spec: `
endpoints:
- fqdn: {hostname: api.example.com, port: 443}
tls:
  minVersion: "1.2"
  maxVersion: "1.3"
  ciphers: [ECDHE-RSA-AES128-GCM-SHA256]
  clientCertificateRef: {name: client-cert}
`,
		},
		{
			name: "minimum version above maximum",
			spec: `
endpoints:
- fqdn: {hostname: api.example.com, port: 443}
tls: {minVersion: "1.3", maxVersion: "1.2"}
`,
			want: []wantErr{invalid("spec.tls.minVersion")},
		},
		{
			name: "maximum version below the default minimum",
			spec: `
endpoints:
- fqdn: {hostname: api.example.com, port: 443}
tls: {maxVersion: "1.1"}
`,
			want: []wantErr{invalid("spec.tls.maxVersion")},
		},
		{
			name: "automatic versions",
			spec: `
endpoints:
- fqdn: {hostname: api.example.com, port: 443}
tls: {minVersion: Auto, maxVersion: "1.0"}
`,
		},
		{
			name: "bad TLS fields",
			spec: `
endpoints:
- fqdn: {hostname: api.example.com, port: 443}
tls:
  minVersion: TLSv1.2
  wellKnownCACertificates: Mozilla
  fingerprints: [JA5]
  clientCertificateRef: {name: cert, namespace: Bad_NS}
`,
			want: []wantErr{
				notSupported("spec.tls.minVersion"), invalid("spec.tls.wellKnownCACertificates"),
				notSupported("spec.tls.fingerprints[0]"), invalid("spec.tls.clientCertificateRef.namespace"),
			},
		},
	})
}
