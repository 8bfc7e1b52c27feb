package translator

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/gatewaykit/gatewaykit/ir"
	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
	"github.com/gatewaykit/gatewaykit/translator/internal/securitypolicy"
)

// spEnforceRoute is an HTTPRoute default/app on Gateway default/gw, with a
// second HTTPRoute default/other that no SecurityPolicy targets.
const spEnforceRoute = defaultHTTPGateway + `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: app, namespace: default}
spec:
  parentRefs: [{name: gw}]
  rules: [{matches: [{path: {type: PathPrefix, value: /app}}], backendRefs: [{name: authz, port: 9000}]}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: other, namespace: default}
spec:
  parentRefs: [{name: gw}]
  rules: [{matches: [{path: {type: PathPrefix, value: /other}}], backendRefs: [{name: authz, port: 9000}]}]
---
`

// spEnforceCases sets each SecurityPolicy feature alone, valid, on
// HTTPRoute default/app. enforced checks the IR route of a feature that
// reaches the IR.
var spEnforceCases = []struct {
	field    string
	spec     string
	enforced func(r *ir.HTTPRoute) bool
}{
	{field: "spec.apiKeyAuth", spec: `apiKeyAuth: {credentialRefs: [{name: keys-a}], extractFrom: [{headers: [x-key]}]}`,
		enforced: func(r *ir.HTTPRoute) bool {
			a := r.Security.APIKeyAuth
			return a != nil && len(a.Credentials) == 2 && string(a.Credentials[0].Client) == "client1" &&
				string(a.Credentials[0].Key) == "key1" && len(a.ExtractFrom) == 1 && a.ExtractFrom[0].Headers[0] == "x-key"
		}},
	{field: "spec.cors", spec: `cors: {allowOrigins: ["https://*.example.com"], allowMethods: [GET]}`,
		enforced: func(r *ir.HTTPRoute) bool {
			c := r.Security.CORS
			return c != nil && len(c.AllowOrigins) == 1 && c.AllowOrigins[0].SafeRegex != nil &&
				*c.AllowOrigins[0].SafeRegex == `https://.*\.example\.com` && c.AllowMethods[0] == "GET"
		}},
	{field: "spec.csrf", spec: `csrf: {additionalOrigins: ["https://*.trusted.com"]}`,
		enforced: func(r *ir.HTTPRoute) bool {
			c := r.Security.CSRF
			return c != nil && len(c.AdditionalOrigins) == 1 && *c.AdditionalOrigins[0].SafeRegex == `.*\.trusted\.com`
		}},
	{field: "spec.basicAuth", spec: `basicAuth: {users: {name: users}}`,
		enforced: func(r *ir.HTTPRoute) bool {
			b := r.Security.BasicAuth
			return b != nil && b.Name == "securitypolicy/default/p" && string(b.Users) == "foo:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=\n"
		}},
	{field: "spec.jwt", spec: `jwt: {providers: [{name: local, localJWKS: {type: ValueRef, valueRef: {name: jwks}}}]}`,
		enforced: func(r *ir.HTTPRoute) bool {
			j := r.Security.JWT
			return j != nil && len(j.Providers) == 1 && j.Providers[0].Name == "local" &&
				j.Providers[0].LocalJWKS != nil && *j.Providers[0].LocalJWKS == `{"keys":[]}`
		}},
	{field: "spec.oidc", spec: `oidc:
  provider: {issuer: "https://idp.example.com"}
  clientID: my-client
  clientSecret: {name: oidc}`,
		enforced: func(r *ir.HTTPRoute) bool {
			o := r.Security.OIDC
			return o != nil && o.Name == "securitypolicy/default/p" && o.ClientID == "my-client" && len(o.ClientSecret) > 0 &&
				len(o.HMACSecret) > 0 && o.Provider.TokenEndpoint == "https://idp.example.com/token" &&
				o.Provider.AuthorizationEndpoint == "https://idp.example.com/auth" && slices.Contains(o.Scopes, "openid")
		}},
	{field: "spec.extAuth", spec: `extAuth: {grpc: {backendRefs: [{name: authz, port: 9000}]}}`,
		enforced: func(r *ir.HTTPRoute) bool {
			ea := r.Security.ExtAuth
			return ea != nil && ea.Name == "securitypolicy/default/p" && ea.GRPC != nil && ea.GRPC.Authority == "authz.default:9000" &&
				ea.GRPC.Destination.Name == "securitypolicy/default/p/extauth/0"
		}},
	{field: "spec.authorization", spec: `authorization: {defaultAction: Deny, rules: [{action: Allow, principal: {clientCIDRs: [10.0.0.0/8]}}]}`,
		enforced: func(r *ir.HTTPRoute) bool {
			a := r.Security.Authorization
			return a != nil && a.DefaultAction == "Deny" && len(a.Rules) == 1 && a.Rules[0].Action == "Allow" &&
				a.Rules[0].Name == "securitypolicy/default/p/authorization/rule/0" &&
				*a.Rules[0].Principal.ClientCIDRs[0] == ir.CIDRMatch{CIDR: "10.0.0.0/8", MaskLen: 8}
		}},
}

// TestSPEnforcedOrFailClosed checks, for every SecurityPolicy feature, that
// an accepted policy setting it either puts the feature on the routes it
// covers or makes them answer 500 and lists the feature in
// Result.Unenforced; the route it does not cover is left alone either way.
func TestSPEnforcedOrFailClosed(t *testing.T) {
	if fields := securitypolicy.Fields(); len(spEnforceCases) != len(fields) {
		t.Fatalf("%d cases for %d SecurityPolicy features", len(spEnforceCases), len(fields))
	}
	for _, tc := range spEnforceCases {
		t.Run(tc.field, func(t *testing.T) {
			docs := spEnforceRoute + spObjects + `---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: SecurityPolicy
metadata: {name: p, namespace: default}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: app}]
` + indent(tc.spec, "  ") + "\n"
			r := translateYAML(t, docs, WithOIDCDiscovery(spTestDiscovery{}))
			if got := spAccepted(t, r); got != "True" {
				t.Fatalf("policy Accepted = %s, want True", got)
			}
			covered, other := spEnforceIRRoute(t, r, "app"), spEnforceIRRoute(t, r, "other")
			if other.DirectResponse != nil || other.Destination == nil {
				t.Errorf("uncovered route changed: %+v", other)
			}
			listed := slices.Contains(r.Unenforced, UnenforcedFeature{Kind: egv1a1.KindSecurityPolicy, Namespace: "default", Name: "p", Field: tc.field})
			if securitypolicy.Enforced(tc.field) {
				if listed || covered.DirectResponse != nil || covered.Security == nil || tc.enforced == nil || !tc.enforced(covered) {
					t.Errorf("feature emitted: want it on the route, not failing closed; listed=%v route=%+v", listed, covered)
				}
				return
			}
			if !listed {
				t.Errorf("Unenforced = %v, want %s listed", r.Unenforced, tc.field)
			}
			if covered.DirectResponse == nil || covered.DirectResponse.StatusCode != 500 {
				t.Errorf("covered route = %+v, want a direct 500", covered)
			}
		})
	}
}

// spAccepted returns the status of the Accepted condition of the first
// SecurityPolicy's first ancestor.
func spAccepted(t *testing.T, r *Result) string {
	t.Helper()
	if len(r.Statuses.SecurityPolicies) == 0 || len(r.Statuses.SecurityPolicies[0].Status.Ancestors) == 0 {
		t.Fatal("no SecurityPolicy status")
	}
	for _, c := range r.Statuses.SecurityPolicies[0].Status.Ancestors[0].Conditions {
		if c.Type == "Accepted" {
			if c.Status != "True" {
				t.Logf("Accepted: %s %s", c.Reason, c.Message)
			}
			return string(c.Status)
		}
	}
	return ""
}

// spEnforceIRRoute returns the IR route of HTTPRoute default/<name>.
func spEnforceIRRoute(t *testing.T, r *Result, name string) *ir.HTTPRoute {
	t.Helper()
	x := r.IR["default/gw"]
	if x == nil || len(x.HTTP) == 0 {
		t.Fatal("no HTTP listener in IR default/gw")
	}
	for _, rt := range x.HTTP[0].Routes {
		if rt.Metadata != nil && rt.Metadata.Name == name {
			return rt
		}
	}
	t.Fatalf("no IR route for HTTPRoute %s", name)
	return nil
}

// indent puts prefix before every line of s.
func indent(s, prefix string) string {
	return prefix + strings.ReplaceAll(s, "\n", "\n"+prefix)
}

// TestSPRulePolicyWinsOverRoutePolicy: a SecurityPolicy on one rule of a
// route applies to that rule, and the policy on the whole route to the
// other rules, whichever of the two is older.
func TestSPRulePolicyWinsOverRoutePolicy(t *testing.T) {
	const route = defaultHTTPGateway + `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: app, namespace: default}
spec:
  parentRefs: [{name: gw}]
  rules:
  - {name: one, matches: [{path: {type: PathPrefix, value: /one}}], backendRefs: [{name: authz, port: 9000}]}
  - {name: two, matches: [{path: {type: PathPrefix, value: /two}}], backendRefs: [{name: authz, port: 9000}]}
---
`
	policy := func(name, created, section, header string) string {
		s := ""
		if section != "" {
			s = ", sectionName: " + section
		}
		return `---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: SecurityPolicy
metadata: {name: ` + name + `, namespace: default, creationTimestamp: "` + created + `"}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: app` + s + `}]
  cors: {allowOrigins: ["https://a.example.com"], allowHeaders: [` + header + `]}
`
	}
	for _, ruleFirst := range []bool{true, false} {
		ruleAt, routeAt := "2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z"
		if !ruleFirst {
			ruleAt, routeAt = routeAt, ruleAt
		}
		docs := route + spObjects + policy("whole", routeAt, "", "x-route") + policy("rule", ruleAt, "two", "x-rule")
		r := translateYAML(t, docs)
		got := map[string]string{}
		for _, rt := range r.IR["default/gw"].HTTP[0].Routes {
			if rt.Security == nil || rt.Security.CORS == nil {
				t.Fatalf("route %s has no CORS", rt.Name)
			}
			got[*rt.PathMatch.Prefix] = strings.Join(rt.Security.CORS.AllowHeaders, ",")
		}
		want := map[string]string{"/one": "x-route", "/two": "x-rule"}
		if !maps.Equal(got, want) {
			t.Errorf("rule policy older=%v: allowed headers by path %v, want %v", ruleFirst, got, want)
		}
	}
}
