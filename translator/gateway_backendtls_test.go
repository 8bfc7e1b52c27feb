package translator

import (
	"fmt"
	"testing"
)

func TestBackendClientCertificateRef(t *testing.T) {
	const base = `
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: eg}
spec: {controllerName: gateway.envoyproxy.io/gatewayclass-controller}
---
apiVersion: v1
kind: Secret
metadata: {name: good, namespace: ns}
data: {tls.crt: Y2VydA==, tls.key: a2V5}
---
apiVersion: v1
kind: Secret
metadata: {name: nokey, namespace: ns}
data: {tls.crt: Y2VydA==}
---
apiVersion: v1
kind: Secret
metadata: {name: other, namespace: other}
data: {tls.crt: Y2VydA==, tls.key: a2V5}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: ns}
spec:
  gatewayClassName: eg
  listeners: [{name: http, protocol: HTTP, port: 80}]
  tls:
    backend:
      clientCertificateRef: %s
`
	tests := []struct {
		name, ref      string
		reason, prefix string // empty reason: no condition
	}{
		{"valid", `{name: good}`, "", ""},
		{"missing secret", `{name: nope}`, "InvalidClientCertificateRef", "failed to get backend client certs"},
		{"wrong group", `{name: good, group: x.io}`, "InvalidClientCertificateRef", "Invalid backend client certificate reference for gateway: invalid client certificate reference group: x.io"},
		{"wrong kind", `{name: good, kind: ConfigMap}`, "InvalidClientCertificateRef", "Invalid backend client certificate reference for gateway: invalid client certificate reference kind: ConfigMap"},
		{"no key", `{name: nokey}`, "InvalidClientCertificateRef", "invalid backend client cert secret for gateway: secret ns/nokey must contain 'tls.crt' and 'tls.key' fields"},
		{"cross namespace without grant", `{name: other, namespace: other}`, "RefNotPermitted", "invalid cross-namespace reference"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Load(fmt.Appendf(nil, base, tc.ref))
			if err != nil {
				t.Fatal(err)
			}
			out, err := Translate(res)
			if err != nil {
				t.Fatal(err)
			}
			conds := out.Statuses.Gateways[0].Status.Conditions
			var reason, msg string
			for _, c := range conds {
				if c.Type == "ResolvedRefs" {
					if c.Status != "False" {
						t.Errorf("ResolvedRefs status %s, want False", c.Status)
					}
					reason, msg = c.Reason, c.Message
				}
			}
			if reason != tc.reason || len(msg) < len(tc.prefix) || msg[:len(tc.prefix)] != tc.prefix {
				t.Errorf("got ResolvedRefs reason %q message %q, want reason %q message starting %q", reason, msg, tc.reason, tc.prefix)
			}
			if len(out.IR["ns/gw"].HTTP) != 1 {
				t.Errorf("the Gateway's listener must still be translated")
			}
		})
	}
}
