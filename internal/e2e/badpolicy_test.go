package e2e

import (
	"strings"
	"testing"

	"github.com/gatewaykit/gatewaykit/translator"
)

// badPolicyBase is a Gateway with two routes, the Secrets and Services the
// policies below refer to; a SecurityPolicy on route "a" is appended.
const badPolicyBase = `
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
apiVersion: v1
kind: Service
metadata: {name: backend, namespace: default}
spec: {ports: [{name: http, port: 3000}]}
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: backend, namespace: default, labels: {kubernetes.io/service-name: backend}}
addressType: IPv4
ports: [{name: http, port: 3000}]
endpoints: [{addresses: [10.0.0.1], conditions: {ready: true}}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: a, namespace: default}
spec:
  parentRefs: [{name: eg}]
  rules: [{matches: [{path: {type: PathPrefix, value: /a}}], backendRefs: [{name: backend, port: 3000}]}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: b, namespace: default}
spec:
  parentRefs: [{name: eg}]
  rules: [{matches: [{path: {type: PathPrefix, value: /b}}], backendRefs: [{name: backend, port: 3000}]}]
---
apiVersion: v1
kind: Secret
metadata: {name: users, namespace: default}
data: {.htpasswd: Zm9vOntTSEF9Qys3dzhOQWkvc0VHZXNGUUFqdXNhMElLeEhBPQo=}
---
apiVersion: v1
kind: Secret
metadata: {name: keys, namespace: default}
data: {client1: a2V5MQ==}
---
apiVersion: v1
kind: Secret
metadata: {name: cs, namespace: default}
data: {client-secret: c2VjcmV0}
---
apiVersion: v1
kind: Secret
metadata: {name: envoy-oidc-hmac, namespace: envoy-gateway-system}
data: {hmac-secret: aG1hYw==}
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: SecurityPolicy
metadata: {name: bad, namespace: default}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: a}]
`

const oidcBase = `oidc:
    provider: {issuer: "https://idp.example.com", authorizationEndpoint: "https://idp.example.com/a", tokenEndpoint: "https://idp.example.com/t"}
    clientID: x
    clientSecret: {name: cs}
`

// TestBadSecurityPolicyValues: a SecurityPolicy with a value the schema
// refuses, or that Envoy could not load, costs nothing but its own
// routes: the Gateway's Envoy configuration still builds, route "b" keeps
// its backend, and route "a" either gets the policy or answers 500.
func TestBadSecurityPolicyValues(t *testing.T) {
	specs := map[string]string{
		"oidc sameSite":            oidcBase + "    cookieConfig: {sameSite: Sometimes}",
		"oidc deny redirect regex": oidcBase + `    denyRedirect: {headers: [{name: x, type: RegularExpression, value: "("}]}`,
		"oidc deny redirect type":  oidcBase + `    denyRedirect: {headers: [{name: x, type: Glob, value: "*"}]}`,
		"oidc id token header":     oidcBase + `    forwardIDToken: {header: "a b"}`,
		"oidc empty cookie name":   oidcBase + `    cookieNames: {accessToken: ""}`,
		"oidc bad ttl":             oidcBase + `    defaultTokenTTL: "-5s"`,
		"oidc empty redirect":      oidcBase + `    redirectURL: ""`,
		"oidc empty logout":        oidcBase + `    logoutPath: ""`,
		"basic auth header":        `basicAuth: {users: {name: users}, forwardUsernameHeader: "a\nb"}`,
		"api key header":           `apiKeyAuth: {credentialRefs: [{name: keys}], extractFrom: [{headers: ["a b"]}], forwardClientIDHeader: "x y"}`,
		"api key no source":        `apiKeyAuth: {credentialRefs: [{name: keys}], extractFrom: [{}]}`,
		"jwt claim header":         `jwt: {providers: [{name: p, localJWKS: {type: Inline, inline: '{"keys":[]}'}, claimToHeaders: [{claim: c, header: "a b"}]}]}`,
		"jwt extract header":       `jwt: {providers: [{name: p, localJWKS: {type: Inline, inline: '{"keys":[]}'}, extractFrom: {headers: [{name: "a b"}]}}]}`,
		"jwt bad uri":              `jwt: {providers: [{name: p, remoteJWKS: {uri: "ftp://x"}}]}`,
		"jwt duplicate providers":  `jwt: {providers: [{name: p, localJWKS: {type: Inline, inline: '{"keys":[]}'}}, {name: p, localJWKS: {type: Inline, inline: '{"keys":[]}'}}]}`,
		"cors regex origin":        `cors: {allowOrigins: ["https://(*.example.com"]}`,
		"cors bad max age":         `cors: {allowOrigins: ["https://a.example.com"], maxAge: "-1s"}`,
		"authorization header":     `authorization: {rules: [{action: Allow, principal: {headers: [{name: "a b", values: [x]}]}}]}`,
		"authorization cel":        `authorization: {rules: [{action: Allow, cel: "request.headers["}]}`,
		"authorization method":     `authorization: {rules: [{action: Allow, operation: {methods: [""]}}]}`,
		"authorization cidr":       `authorization: {rules: [{action: Allow, principal: {clientCIDRs: ["300.0.0.0/8"]}}]}`,
		"csrf origin":              `csrf: {additionalOrigins: ["(*"]}`,
		"ext auth header":          `extAuth: {headersToExtAuth: ["a b"], http: {backendRefs: [{name: backend, port: 3000}], headersToBackend: ["c d"]}}`,
		"ext auth path":            `extAuth: {http: {backendRefs: [{name: backend, port: 3000}], path: "no-slash"}}`,
		"ext auth timeout":         `extAuth: {timeout: "-1s", http: {backendRefs: [{name: backend, port: 3000}]}}`,
	}
	for name, spec := range specs {
		t.Run(name, func(t *testing.T) {
			data := badPolicyBase + "  " + spec + "\n"
			res, _ := translator.Load([]byte(data))
			out, err := Pipeline(res)
			if err != nil {
				t.Fatalf("the Gateway's Envoy configuration does not build: %v", err)
			}
			x := out.Result.IR["default/eg"]
			if x == nil || len(x.HTTP) != 1 {
				t.Fatal("no IR for the Gateway")
			}
			if len(out.Result.Statuses.SecurityPolicies) != 1 {
				t.Fatalf("%d SecurityPolicy statuses, want the policy's", len(out.Result.Statuses.SecurityPolicies))
			}
			var accepted bool
			for _, p := range out.Result.Statuses.SecurityPolicies {
				for _, a := range p.Status.Ancestors {
					for _, c := range a.Conditions {
						if c.Type == "Accepted" && c.Status == "True" {
							accepted = true
						}
					}
				}
			}
			for _, r := range x.HTTP[0].Routes {
				switch {
				case strings.Contains(r.Name, "/b/"):
					if r.Destination == nil || r.DirectResponse != nil || r.Security != nil {
						t.Errorf("route b changed: %+v", r)
					}
				case strings.Contains(r.Name, "/a/"):
					if !accepted && (r.DirectResponse == nil || r.DirectResponse.StatusCode != 500) {
						t.Errorf("policy not accepted, but route a does not answer 500: %+v", r)
					}
				}
			}
		})
	}
}
