package main

import (
	"bytes"
	"strings"
	"testing"
)

// oidcManifest is a SecurityPolicy with OIDC on an HTTPRoute, its client
// secret, and no OIDC HMAC Secret, as Envoy Gateway's task guide writes it
// (the installer makes the HMAC Secret).
const oidcManifest = `
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: eg}
spec: {controllerName: gateway.envoyproxy.io/gatewayclass-controller}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: eg, namespace: default}
spec:
  gatewayClassName: eg
  listeners: [{name: http, protocol: HTTP, port: 80}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: myapp, namespace: default}
spec:
  parentRefs: [{name: eg}]
  rules: [{matches: [{path: {type: PathPrefix, value: /myapp}}], backendRefs: [{name: backend, port: 3000}]}]
---
apiVersion: v1
kind: Secret
metadata: {name: my-app-client-secret, namespace: default}
data: {client-secret: b2lkYy1jbGllbnQtc2VjcmV0}
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: SecurityPolicy
metadata: {name: oidc-example, namespace: default}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: myapp}]
  oidc:
    provider:
      issuer: https://idp.example.com
      authorizationEndpoint: https://idp.example.com/auth
      tokenEndpoint: https://idp.example.com/token
    clientID: my-client
    clientSecret: {name: my-app-client-secret}
`

// TestOIDCHMACSecret: without the HMAC Secret in the manifest, the
// command makes one, so the policy is accepted and the oauth2 filter is
// there; the output stays the same from run to run (the key is redacted).
// With -oidc-hmac=false the policy is not accepted.
func TestOIDCHMACSecret(t *testing.T) {
	translate := func(hmac bool) string {
		c := testConfig("-", "yaml")
		c.oidcHMAC = hmac
		var out bytes.Buffer
		if err := run(c, strings.NewReader(oidcManifest), &out); err != nil {
			t.Fatal(err)
		}
		return out.String()
	}
	out := translate(true)
	if !strings.Contains(out, "Policy has been accepted.") || !strings.Contains(out, "envoy.filters.http.oauth2") {
		t.Errorf("with a generated HMAC Secret: policy not accepted or no oauth2 filter:\n%s", out)
	}
	if again := translate(true); again != out {
		t.Error("two runs differ")
	}
	if out := translate(false); !strings.Contains(out, "HMAC secret envoy-gateway-system/envoy-oidc-hmac not found") || strings.Contains(out, "envoy.filters.http.oauth2") {
		t.Errorf("without the HMAC Secret: want the policy rejected and no oauth2 filter:\n%s", out)
	}
}
