package translator

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gatewaykit/gatewaykit/ir"
)

func TestFrontendTLSValidation(t *testing.T) {
	// Objects the Gateways below may refer to: CA bundles in the Gateway's
	// namespace (a ConfigMap, a Secret, one without ca.crt) and in another
	// namespace, with a ReferenceGrant for the granted one only.
	objects := tlsSecret(t, "ns", "server", "example.org") + `---
apiVersion: v1
kind: ConfigMap
metadata: {namespace: ns, name: ca}
data: {ca.crt: default-ca}
---
apiVersion: v1
kind: ConfigMap
metadata: {namespace: ns, name: ca-8443}
data: {ca.crt: port-ca}
---
apiVersion: v1
kind: ConfigMap
metadata: {namespace: ns, name: no-ca}
data: {a: x, b: y}
---
apiVersion: v1
kind: Secret
metadata: {namespace: ns, name: ca-secret}
data: {ca.crt: c2VjcmV0LWNh}
---
apiVersion: v1
kind: ConfigMap
metadata: {namespace: other, name: granted}
data: {ca.crt: granted-ca}
---
apiVersion: v1
kind: ConfigMap
metadata: {namespace: other, name: denied}
data: {ca.crt: denied-ca}
---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata: {namespace: other, name: grant}
spec:
  from: [{group: gateway.networking.k8s.io, kind: Gateway, namespace: ns}]
  to: [{group: "", kind: ConfigMap, name: granted}]
`
	const gateway = `---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {namespace: ns, name: gw}
spec:
  gatewayClassName: eg
  listeners:
  - {name: a, protocol: HTTPS, port: 443, tls: {certificateRefs: [{name: server}]}}
  - {name: b, protocol: HTTPS, port: 8443, tls: {certificateRefs: [{name: server}]}}
  - {name: http, protocol: HTTP, port: 80}
  tls:
    frontend: %s
`
	const (
		ok          = "True/ResolvedRefs: " + msgFrontendResolved
		listenerMsg = ": " + msgFrontendListenerError
	)
	// client is what a listener's IR TLS holds: "" for no validation, else
	// "<CA name>=<bundle>" and "require" or "untrusted".
	type client = string
	tests := []struct {
		name     string
		frontend string
		// gateway is the Gateway's ResolvedRefs as Status/Reason: Message
		// ("" for none); insecure whether InsecureFrontendValidationMode
		// is set.
		gateway  string
		insecure bool
		// a and b are the IR client validation of listeners a (443) and
		// b (8443), or "rejected: <ResolvedRefs condition>" when the
		// listener is not accepted.
		a, b client
	}{
		{
			name:     "default applies to every HTTPS listener",
			frontend: `{default: {validation: {caCertificateRefs: [{kind: ConfigMap, group: "", name: ca}]}}}`,
			gateway:  ok,
			a:        "gateway/ns/gw/default/ca.crt=default-ca require",
			b:        "gateway/ns/gw/default/ca.crt=default-ca require",
		},
		{
			name: "perPort replaces the default on its port",
			frontend: `{default: {validation: {caCertificateRefs: [{kind: ConfigMap, group: "", name: ca}]}},
              perPort: [{port: 8443, tls: {validation: {caCertificateRefs: [{kind: ConfigMap, group: "", name: ca-8443}], mode: AllowValidOnly}}}]}`,
			gateway: ok,
			a:       "gateway/ns/gw/default/ca.crt=default-ca require",
			b:       "gateway/ns/gw/8443/ca.crt=port-ca require",
		},
		{
			name: "perPort without validation turns it off",
			frontend: `{default: {validation: {caCertificateRefs: [{kind: ConfigMap, group: "", name: ca}]}},
              perPort: [{port: 8443, tls: {}}]}`,
			gateway: ok,
			a:       "gateway/ns/gw/default/ca.crt=default-ca require",
			b:       "",
		},
		{
			name: "several references make one bundle, Secrets included",
			frontend: `{default: {validation: {caCertificateRefs: [{kind: ConfigMap, group: "", name: ca},
              {kind: Secret, group: "", name: ca-secret}]}}}`,
			gateway: ok,
			a:       "gateway/ns/gw/default/ca.crt=default-ca\nsecret-ca require",
			b:       "gateway/ns/gw/default/ca.crt=default-ca\nsecret-ca require",
		},
		{
			name: "AllowInsecureFallback accepts untrusted clients and is reported",
			frontend: `{default: {validation: {caCertificateRefs: [{kind: ConfigMap, group: "", name: ca}], mode: AllowInsecureFallback}},
              perPort: [{port: 8443, tls: {validation: {caCertificateRefs: [{kind: ConfigMap, group: "", name: ca-8443}]}}}]}`,
			gateway:  ok,
			insecure: true,
			a:        "gateway/ns/gw/default/ca.crt=default-ca untrusted",
			b:        "gateway/ns/gw/8443/ca.crt=port-ca require",
		},
		{
			name:     "missing default CA rejects the listeners that use it",
			frontend: `{default: {validation: {caCertificateRefs: [{kind: ConfigMap, group: "", name: nope}]}}, perPort: [{port: 8443, tls: {}}]}`,
			gateway:  "False/InvalidParameters: " + msgFrontendDefaultFailed + "configmap nope not found in namespace ns",
			a:        "rejected: False/InvalidCACertificateRef" + listenerMsg + "configmap nope not found in namespace ns",
			b:        "",
		},
		{
			name: "bad perPort reference rejects only its port",
			frontend: `{default: {validation: {caCertificateRefs: [{kind: ConfigMap, group: "", name: ca}]}},
              perPort: [{port: 8443, tls: {validation: {caCertificateRefs: [{kind: ConfigMap, group: "", name: no-ca}]}}}]}`,
			gateway: "False/InvalidParameters: " + msgFrontendPortFailed + "no ca found in configmap no-ca",
			a:       "gateway/ns/gw/default/ca.crt=default-ca require",
			b:       "rejected: False/InvalidCACertificateRef" + listenerMsg + "no ca found in configmap no-ca",
		},
		{
			name:     "unsupported kind",
			frontend: `{default: {validation: {caCertificateRefs: [{kind: Service, group: "", name: ca}]}}}`,
			gateway:  "False/InvalidParameters: " + msgFrontendDefaultFailed + msgFrontendCAKind,
			a:        "rejected: False/InvalidCACertificateKind" + listenerMsg + msgFrontendCAKind,
			b:        "rejected: False/InvalidCACertificateKind" + listenerMsg + msgFrontendCAKind,
		},
		{
			name:     "cross-namespace reference with a ReferenceGrant",
			frontend: `{default: {validation: {caCertificateRefs: [{kind: ConfigMap, group: "", name: granted, namespace: other}]}}}`,
			gateway:  ok,
			a:        "gateway/ns/gw/default/ca.crt=granted-ca require",
			b:        "gateway/ns/gw/default/ca.crt=granted-ca require",
		},
		{
			name:     "cross-namespace reference without a ReferenceGrant",
			frontend: `{default: {validation: {caCertificateRefs: [{kind: ConfigMap, group: "", name: denied, namespace: other}]}}}`,
			gateway: "False/InvalidParameters: " + msgFrontendDefaultFailed +
				"cross-namespace reference is not permitted by any ReferenceGrant for caCertificateRef /denied (kind: ConfigMap, namespace: other)",
			a: "rejected: False/RefNotPermitted" + listenerMsg +
				"cross-namespace reference is not permitted by any ReferenceGrant for caCertificateRef /denied (kind: ConfigMap, namespace: other)",
			b: "rejected: False/RefNotPermitted" + listenerMsg +
				"cross-namespace reference is not permitted by any ReferenceGrant for caCertificateRef /denied (kind: ConfigMap, namespace: other)",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := translateYAML(t, objects+fmt.Sprintf(gateway, tc.frontend))
			gw := r.Statuses.Gateways[0]
			got := map[string]string{}
			for _, c := range gw.Status.Conditions {
				got[c.Type] = fmt.Sprintf("%s/%s: %s", c.Status, c.Reason, c.Message)
			}
			if got["ResolvedRefs"] != tc.gateway {
				t.Errorf("Gateway ResolvedRefs = %q, want %q", got["ResolvedRefs"], tc.gateway)
			}
			if _, insecure := got["InsecureFrontendValidationMode"]; insecure != tc.insecure {
				t.Errorf("InsecureFrontendValidationMode set = %v, want %v", insecure, tc.insecure)
			}
			for _, want := range []struct{ listener, client string }{{"a", tc.a}, {"b", tc.b}} {
				conds := listenerConds(t, r, 0, want.listener)
				var gotClient string
				if conds["Accepted"] != "True/Accepted: "+msgListenerAccepted {
					gotClient = "rejected: " + conds["ResolvedRefs"]
					if !strings.HasPrefix(conds["Accepted"], "False/NoValidCACertificate: ") {
						t.Errorf("listener %s Accepted = %q, want False/NoValidCACertificate", want.listener, conds["Accepted"])
					}
				} else {
					gotClient = clientValidation(t, r.IR["ns/gw"], "ns/gw/"+want.listener)
				}
				if gotClient != want.client {
					t.Errorf("listener %s: got %q, want %q", want.listener, gotClient, want.client)
				}
			}
			if c := listenerConds(t, r, 0, "http"); c["Accepted"] != "True/Accepted: "+msgListenerAccepted {
				t.Errorf("the HTTP listener must not be affected, got %v", c)
			}
		})
	}
}

// clientValidation describes the client certificate validation of the
// named IR listener as in TestFrontendTLSValidation.
func clientValidation(t *testing.T, x *ir.Xds, name string) string {
	t.Helper()
	for _, l := range x.HTTP {
		if l.Name != name {
			continue
		}
		if l.TLS == nil {
			t.Fatalf("listener %s has no TLS", name)
		}
		tls := l.TLS
		if tls.CACertificate == nil {
			if tls.ClientValidationEnabled || tls.RequireClientCertificate || tls.AcceptUntrusted {
				t.Errorf("listener %s: validation flags without a CA: %+v", name, tls)
			}
			return ""
		}
		if !tls.ClientValidationEnabled || tls.RequireClientCertificate == tls.AcceptUntrusted {
			t.Errorf("listener %s: inconsistent validation flags: %+v", name, tls)
		}
		mode := "require"
		if tls.AcceptUntrusted {
			mode = "untrusted"
		}
		return tls.CACertificate.Name + "=" + string(tls.CACertificate.Certificate) + " " + mode
	}
	t.Fatalf("no IR listener %s", name)
	return ""
}

// A failing backend client certificate wins the Gateway's ResolvedRefs
// over a frontend validation that resolved.
func TestFrontendTLSBackendFailureWins(t *testing.T) {
	r := translateYAML(t, `---
apiVersion: v1
kind: ConfigMap
metadata: {namespace: ns, name: ca}
data: {ca.crt: default-ca}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {namespace: ns, name: gw}
spec:
  gatewayClassName: eg
  listeners: [{name: http, protocol: HTTP, port: 80}]
  tls:
    backend: {clientCertificateRef: {name: missing}}
    frontend: {default: {validation: {caCertificateRefs: [{kind: ConfigMap, group: "", name: ca}]}}}
`)
	got := "none"
	for _, c := range r.Statuses.Gateways[0].Status.Conditions {
		if c.Type == "ResolvedRefs" {
			got = string(c.Status) + "/" + c.Reason
		}
	}
	if want := "False/" + reasonInvalidClientCertificateRef; got != want {
		t.Errorf("ResolvedRefs = %s, want %s", got, want)
	}
}

// A listener whose certificate and frontend CA both fail reports the
// frontend failure.
func TestFrontendTLSOverridesCertificateFailure(t *testing.T) {
	r := translateYAML(t, `---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {namespace: ns, name: gw}
spec:
  gatewayClassName: eg
  listeners:
  - {name: a, protocol: HTTPS, port: 443, tls: {certificateRefs: [{name: server, namespace: elsewhere}]}}
  tls:
    frontend: {default: {validation: {caCertificateRefs: [{kind: Service, group: "", name: ca}]}}}
`)
	got := listenerConds(t, r, 0, "a")
	msg := ": " + msgFrontendListenerError + msgFrontendCAKind
	want := map[string]string{
		"ResolvedRefs": "False/InvalidCACertificateKind" + msg,
		"Programmed":   "False/InvalidCACertificateKind" + msg,
		"Accepted":     "False/NoValidCACertificate" + msg,
	}
	for typ, w := range want {
		if got[typ] != w {
			t.Errorf("%s = %q, want %q", typ, got[typ], w)
		}
	}
}
