package translator

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"sigs.k8s.io/yaml"

	"github.com/gatewaykit/gatewaykit/ir"
	"github.com/gatewaykit/gatewaykit/policy"
	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
	"github.com/gatewaykit/gatewaykit/translator/internal/securitypolicy"
)

// spObjects are the Secrets and ConfigMaps the SecurityPolicy tests refer
// to, besides extServiceObjects. users holds foo:{SHA} of "password"
// (CRLF line end); the users-* Secrets are broken in the way their names
// say.
const spObjects = extServiceObjects + `---
apiVersion: v1
kind: Secret
metadata: {name: users, namespace: default}
data: {.htpasswd: Zm9vOntTSEF9VzZwaDVNbTVQejhHZ2lVTGJQZ3pHMzdtajlnPQ0K}
---
apiVersion: v1
kind: Secret
metadata: {name: users-nokey, namespace: default}
data: {other: eA==}
---
apiVersion: v1
kind: Secret
metadata: {name: users-bcrypt, namespace: default}
data: {.htpasswd: Zm9vOiQyeSQwNSRhYmNkZWZnaGlqa2xtbm9wcXJzdHV2}
---
apiVersion: v1
kind: Secret
metadata: {name: users-nocolon, namespace: default}
data: {.htpasswd: Zm9v}
---
apiVersion: v1
kind: Secret
metadata: {name: users-badb64, namespace: default}
data: {.htpasswd: Zm9vOntTSEF9ISEh}
---
apiVersion: v1
kind: Secret
metadata: {name: users-short, namespace: default}
data: {.htpasswd: Zm9vOntTSEF9WVdKag==}
---
apiVersion: v1
kind: Secret
metadata: {name: users, namespace: other}
data: {.htpasswd: Zm9vOntTSEF9VzZwaDVNbTVQejhHZ2lVTGJQZ3pHMzdtajlnPQ0K}
---
apiVersion: v1
kind: Secret
metadata: {name: keys-a, namespace: default}
data: {client2: a2V5Mg==, client1: a2V5MQ==}
---
apiVersion: v1
kind: Secret
metadata: {name: keys-b, namespace: default}
data: {client3: a2V5MQ==}
---
apiVersion: v1
kind: Secret
metadata: {name: keys-c, namespace: default}
data: {client1: a2V5MQ==}
---
apiVersion: v1
kind: Secret
metadata: {name: oidc, namespace: default}
data: {client-secret: c2VjcmV0, client-id: bXktY2xpZW50}
---
apiVersion: v1
kind: Secret
metadata: {name: oidc-empty, namespace: default}
data: {other: eA==}
---
apiVersion: v1
kind: Secret
metadata: {name: envoy-oidc-hmac, namespace: envoy-gateway-system}
data: {hmac-secret: aG1hYy1rZXk=}
---
apiVersion: v1
kind: Secret
metadata: {name: ctx, namespace: default}
data: {k: ZG1Gc2RXVT0=, bad: ISEh}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: ctx, namespace: default}
data: {k: v}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: jwks, namespace: default}
data: {jwks: '{"keys":[]}'}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: jwks-empty, namespace: default}
`

// spTestDiscovery answers https://idp.example.com and fails every other
// issuer.
type spTestDiscovery struct{}

// Discover implements OIDCDiscovery.
func (spTestDiscovery) Discover(_ context.Context, issuer string) (*OIDCProviderMetadata, error) {
	switch issuer {
	case "https://idp.example.com":
		return &OIDCProviderMetadata{AuthorizationEndpoint: "https://idp.example.com/auth", TokenEndpoint: "https://idp.example.com/token", EndSessionEndpoint: "https://idp.example.com/logout"}, nil
	case "https://half.example.com":
		return &OIDCProviderMetadata{AuthorizationEndpoint: "https://half.example.com/auth"}, nil
	}
	return nil, errors.New("failed fetching openid-configuration from issuer URL: " + issuer + ", status code: 404")
}

// spPolicy returns the SecurityPolicy default/p with the spec in YAML.
func spPolicy(t *testing.T, spec string) *egv1a1.SecurityPolicy {
	t.Helper()
	p := &egv1a1.SecurityPolicy{}
	p.Namespace, p.Name = "default", "p"
	if err := yaml.Unmarshal([]byte(spec), &p.Spec); err != nil {
		t.Fatal(err)
	}
	return p
}

// spTestGateway is a Gateway with one HTTP listener whose client IP
// detection (set by a ClientTrafficPolicy) is cid (may be nil), and whose
// EnvoyProxy configures geoIP (may be nil).
func spTestGateway(cid *ir.ClientIPDetection, geoIP *egv1a1.EnvoyProxyGeoIP) (*gatewayState, *listenerState) {
	gw := &gatewayState{envoyProxy: &egv1a1.EnvoyProxySpec{GeoIP: geoIP}}
	ls := &listenerState{gw: gw, http: &ir.HTTPListener{ClientIPDetection: cid}}
	gw.listeners = []*listenerState{ls}
	return gw, ls
}

// spBuild builds spec (YAML) for a target of routeKind ("" for the
// Gateway) and returns the status message of the error ("" for none).
func spBuild(t *testing.T, routeKind, spec string) (*securitypolicy.Features, string) {
	t.Helper()
	tr := spTestTranslation(t, spObjects, WithBackendEnabled(true), WithOIDCDiscovery(spTestDiscovery{}))
	gw, ls := spTestGateway(nil, nil)
	f, err := tr.buildSPFeatures(spPolicy(t, spec), policyTarget{gw: gw, listeners: []*listenerState{ls}, routeKind: routeKind})
	if err != nil {
		return f, policy.ConditionText(err.Error())
	}
	return f, ""
}

const (
	spOIDCBase    = `oidc: {provider: {issuer: "https://idp.example.com"}, clientID: id, clientSecret: {name: oidc}`
	spExtAuthYAML = `extAuth: {grpc: {backendRefs: [{name: authz, port: 9000}]}`
)

// TestSPFeatureErrors checks the status message of each problem a
// SecurityPolicy feature can have, and the order in which several are joined
// for each kind of target.
func TestSPFeatureErrors(t *testing.T) {
	tests := []struct {
		name, kind, spec, want string
	}{
		// Basic authentication.
		{"basic auth secret", "", `basicAuth: {users: {name: nope}}`, "BasicAuth: secret default/nope does not exist."},
		{"basic auth key", "", `basicAuth: {users: {name: users-nokey}}`, `BasicAuth: secret default/users-nokey must contain a non-empty ".htpasswd" key.`},
		{"htpasswd bcrypt", "", `basicAuth: {users: {name: users-bcrypt}}`, "BasicAuth: unsupported htpasswd format: please use {SHA}."},
		{"htpasswd colon", "", `basicAuth: {users: {name: users-nocolon}}`, "BasicAuth: invalid htpasswd format: each line must be in the format 'username:password'."},
		{"htpasswd base64", "", `basicAuth: {users: {name: users-badb64}}`, "BasicAuth: invalid htpasswd format: {SHA} must be base64-encoded SHA1."},
		{"htpasswd length", "", `basicAuth: {users: {name: users-short}}`, "BasicAuth: invalid htpasswd format: {SHA} must be SHA1 (20 bytes)."},
		{"secret group", "", `basicAuth: {users: {name: users, group: example.com}}`, "BasicAuth: secret ref group must be unspecified/empty."},
		{"secret kind", "", `basicAuth: {users: {name: users, kind: Pod}}`, "BasicAuth: secret ref kind must be Secret."},
		{"secret grant", "", `basicAuth: {users: {name: users, namespace: other}}`, "BasicAuth: ref to Secret other/users not permitted by any ReferenceGrant."},
		// API keys.
		{"api key secret", "", `apiKeyAuth: {credentialRefs: [{name: nope}], extractFrom: [{headers: [x-key]}]}`, "APIKeyAuth: secret default/nope does not exist."},
		{"api key duplicated", "", `apiKeyAuth: {credentialRefs: [{name: keys-a}, {name: keys-b}], extractFrom: [{headers: [x-key]}]}`, "APIKeyAuth: duplicated API key."},
		{"api key sources on a route", kindHTTPRoute, `apiKeyAuth: {credentialRefs: [{name: keys-a}], extractFrom: [{headers: [x-key], params: [key]}]}`, "Invalid SecurityPolicy: only one of headers, params or cookies must be specified."},
		{"api key sources on a Gateway", "", `apiKeyAuth: {credentialRefs: [{name: keys-a}], extractFrom: [{headers: [x-key], params: [key]}]}`, ""},
		// Authorization.
		{"authorization CIDR on a route", kindHTTPRoute, `authorization: {rules: [{action: Allow, principal: {clientCIDRs: [10.0.0.0/33]}}]}`, "Authorization: unable to translate authorization rule: invalid CIDR address: 10.0.0.0/33."},
		{"authorization CIDR on a Gateway", "", `authorization: {rules: [{action: Allow, principal: {clientCIDRs: [10.0.0.0/33]}}]}`, "Unable to translate authorization rule: invalid CIDR address: 10.0.0.0/33."},
		{"authorization regex", kindHTTPRoute, `authorization: {rules: [{action: Allow, operation: {path: {type: RegularExpression, value: "*x"}}}]}`, "Authorization: unable to translate authorization rule: regex \"*x\" is invalid: error parsing regexp: missing argument to repetition operator: `*`."},
		{"authorization path type", kindHTTPRoute, `authorization: {rules: [{action: Allow, operation: {path: {type: Other, value: /x}}}]}`, "Authorization: unable to translate authorization rule: invalid path type."},
		// External authorization.
		{"ext auth neither", "", `extAuth: {failOpen: true}`, "ExtAuth: one of grpc or http must be specified."},
		{"ext auth both", "", `extAuth: {grpc: {backendRefs: [{name: authz, port: 9000}]}, http: {backendRefs: [{name: authz, port: 9000}]}}`, "ExtAuth: only one of grpc or http can be specified."},
		{"ext auth refs", "", `extAuth: {http: {path: /x}}`, "ExtAuth: http backend refs must be specified."},
		{"ext auth service", "", `extAuth: {grpc: {backendRef: {name: nope, port: 9000}}}`, "ExtAuth: service default/nope not found."},
		{"ext auth port", "", `extAuth: {http: {backendRefs: [{name: authz}]}}`, "ExtAuth: a valid port number corresponding to a port on the Service must be specified."},
		{"ext auth settings", "", `extAuth: {grpc: {backendRefs: [{name: authz, port: 9000}], backendSettings: {timeout: {tcp: {connectTimeout: 1x}}}}}`, "ExtAuth: invalid ConnectTimeout value 1x."},
		{"ext auth configmap", "", spExtAuthYAML + `, contextExtensions: [{name: a, type: ValueRef, valueRef: {kind: ConfigMap, name: nope, key: k}}]}`, `ExtAuth: can't find the referenced configmap "nope" in namespace "default".`},
		{"ext auth configmap key", "", spExtAuthYAML + `, contextExtensions: [{name: a, type: ValueRef, valueRef: {kind: ConfigMap, name: ctx, key: nope}}]}`, `ExtAuth: can't find the key "nope" in the referenced configmap "ctx".`},
		{"ext auth secret", "", spExtAuthYAML + `, contextExtensions: [{name: a, type: ValueRef, valueRef: {kind: Secret, name: nope, key: k}}]}`, `ExtAuth: can't find the referenced secret "nope" in namespace "default".`},
		{"ext auth secret key", "", spExtAuthYAML + `, contextExtensions: [{name: a, type: ValueRef, valueRef: {kind: Secret, name: ctx, key: nope}}]}`, `ExtAuth: can't find the key "nope" in the referenced secret "ctx".`},
		{"ext auth secret value", "", spExtAuthYAML + `, contextExtensions: [{name: a, type: ValueRef, valueRef: {kind: Secret, name: ctx, key: bad}}]}`, `ExtAuth: error decoding the base64 value of the key "bad" in the referenced secret "ctx": illegal base64 data at input byte 0.`},
		{"ext auth ref kind", "", spExtAuthYAML + `, contextExtensions: [{name: a, type: ValueRef, valueRef: {kind: Pod, name: ctx, key: k}}]}`, `ExtAuth: unexpected reference to kind "Pod".`},
		// OIDC.
		{"oidc discovery", "", `oidc: {provider: {issuer: "https://gateway.envoyproxy.io"}, clientID: id, clientSecret: {name: oidc}}`, "OIDC: failed fetching openid-configuration from issuer URL: https://gateway.envoyproxy.io, status code: 404."},
		{"oidc discovered token endpoint", "", `oidc: {provider: {issuer: "https://half.example.com"}, clientID: id, clientSecret: {name: oidc}}`, "OIDC: invalid openid-configuration from issuer URL https://half.example.com: token_endpoint not found in OpenID configuration."},
		{"oidc token endpoint IP", "", `oidc: {provider: {issuer: "https://idp.example.com", authorizationEndpoint: "https://idp.example.com/a", tokenEndpoint: "https://1.2.3.4/token"}, clientID: id, clientSecret: {name: oidc}}`, "OIDC: token endpoint URL must be a domain name: https://1.2.3.4/token."},
		{"oidc provider refs", "", `oidc: {provider: {issuer: "https://idp.example.com", backendRefs: [{name: nope, port: 443}]}, clientID: id, clientSecret: {name: oidc}}`, "OIDC: service default/nope not found."},
		{"oidc client ID", "", `oidc: {provider: {issuer: "https://idp.example.com"}, clientSecret: {name: oidc}}`, "OIDC: client ID must be specified in OIDC policy default/p."},
		{"oidc client ID secret", "", `oidc: {provider: {issuer: "https://idp.example.com"}, clientIDRef: {name: oidc-empty}, clientSecret: {name: oidc}}`, "OIDC: client ID not found in secret default/oidc-empty."},
		{"oidc client secret", "", `oidc: {provider: {issuer: "https://idp.example.com"}, clientID: id, clientSecret: {name: nope}}`, "OIDC: secret default/nope does not exist."},
		{"oidc client secret key", "", `oidc: {provider: {issuer: "https://idp.example.com"}, clientID: id, clientSecret: {name: oidc-empty}}`, "OIDC: client secret not found in secret default/oidc-empty."},
		{"oidc redirect URL", "", spOIDCBase + `, redirectURL: "https://www.example.com/"}`, "OIDC: invalid redirect URL https://www.example.com/."},
		{"oidc redirect scheme", "", spOIDCBase + `, redirectURL: "ftp://www.example.com/cb"}`, "OIDC: invalid redirect URL ftp://www.example.com/cb."},
		{"oidc token TTL", "", spOIDCBase + `, defaultTokenTTL: 1x}`, `OIDC: invalid defaultTokenTTL: time: unknown unit "x" in duration "1x".`},
		{"oidc CSRF TTL", "", spOIDCBase + `, csrfTokenTTL: 1x}`, `OIDC: invalid csrfTokenTTL: time: unknown unit "x" in duration "1x".`},
		{"oidc pass-through without JWT", kindHTTPRoute, spOIDCBase + `, passThroughAuthHeader: true}`, "Invalid SecurityPolicy: the OIDC.PassThroughAuthHeader setting must be used in conjunction with JWT settings."},
		{"oidc pass-through JWT from cookie", kindHTTPRoute, spOIDCBase + `, passThroughAuthHeader: true}
jwt: {providers: [{name: a, localJWKS: {type: Inline, inline: "{}"}, extractFrom: {cookies: [c]}}]}`, "Invalid SecurityPolicy: the OIDC.PassThroughAuthHeader setting must be used in conjunction with a JWT provider that is configured to read from a header."},
		// JWT.
		{"jwt name", "", `jwt: {providers: [{localJWKS: {type: Inline, inline: "{}"}}]}`, "JWT: jwt provider cannot be an empty string."},
		{"jwt both key sets", "", `jwt: {providers: [{name: a, localJWKS: {type: Inline, inline: "{}"}, remoteJWKS: {uri: "https://x.example.com/jwks"}}]}`, "JWT: either remoteJWKS or localJWKS must be specified for jwt provider: a."},
		{"jwt issuer", "", `jwt: {providers: [{name: a, issuer: "a@b@c", localJWKS: {type: Inline, inline: "{}"}}]}`, "JWT: invalid issuer; when issuer contains '@' character, it MUST be a valid Email Address format: mail: expected single address, got \"@c\"."},
		{"jwt URI", "", `jwt: {providers: [{name: a, remoteJWKS: {uri: "jwks"}}]}`, `JWT: invalid remote JWKS URI: parse "jwks": invalid URI for request.`},
		{"jwt several problems", "", `jwt: {providers: [{name: a, remoteJWKS: {uri: ""}, claimToHeaders: [{header: "", claim: c}]}]}`, "JWT: uri must be set for remote JWKS provider: a\nheader must be set for claimToHeader provider: ."},
		{"jwt unique", "", `jwt: {providers: [{name: a, localJWKS: {type: Inline, inline: "{}"}}, {name: a, localJWKS: {type: Inline, inline: "{}"}}]}`, "JWT: provider name a must be unique."},
		{"jwt qualified name", "", `jwt: {providers: [{name: "a b", localJWKS: {type: Inline, inline: "{}"}}]}`, "JWT: name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')."},
		{"jwt configmap", "", `jwt: {providers: [{name: a, localJWKS: {type: ValueRef, valueRef: {name: nope}}}]}`, "JWT: local JWKS ConfigMap default/nope not found."},
		{"jwt configmap empty", "", `jwt: {providers: [{name: a, localJWKS: {type: ValueRef, valueRef: {name: jwks-empty}}}]}`, `JWT: JWKS data not found in ConfigMap jwks/default, no "jwks-empty" key and no other data found.`},
		{"jwt cache duration", "", `jwt: {providers: [{name: a, remoteJWKS: {uri: "https://x.example.com/jwks", cacheDuration: 1x}}]}`, `JWT: time: unknown unit "x" in duration "1x".`},
		{"jwt backend refs", "", `jwt: {providers: [{name: a, remoteJWKS: {uri: "https://x.example.com/jwks", backendRefs: [{name: authz}]}}]}`, "JWT: a valid port number corresponding to a port on the Service must be specified."},
		// TCP routes.
		{"tcp only authorization", kindTCPRoute, `basicAuth: {users: {name: users}}`, "Invalid SecurityPolicy for TCP route: only authorization is supported for TCP (routes/listeners)."},
		{"tcp headers", kindTCPRoute, `authorization: {rules: [{action: Allow, principal: {headers: [{name: x, values: [y]}]}}]}`, "Invalid SecurityPolicy for TCP route: rule 0: headers not supported for TCP."},
		{"tcp jwt", kindTCPRoute, `authorization: {rules: [{action: Allow, principal: {clientCIDRs: [10.0.0.0/8]}}, {action: Allow, principal: {jwt: {provider: a}}}]}`, "Invalid SecurityPolicy for TCP route: rule 1: JWT not supported for TCP."},
		{"tcp CEL", kindTCPRoute, `authorization: {rules: [{action: Allow, cel: "true"}]}`, "Invalid SecurityPolicy for TCP route: rule 0: CEL not supported for TCP."},
		{"tcp geo", kindTCPRoute, `authorization: {rules: [{action: Allow, principal: {clientIPGeoLocations: [{country: US}]}}]}`, "Invalid SecurityPolicy for TCP route: rule 0: clientIPGeoLocations not supported for TCP."},
		{"tcp CIDR", kindTCPRoute, `authorization: {rules: [{action: Allow, principal: {clientCIDRs: [nope]}}]}`, `Invalid SecurityPolicy for TCP route: rule 0: invalid ClientCIDR "nope": invalid CIDR address: nope.`},
		{"tcp on a Gateway", "", `basicAuth: {users: {name: users}}`, ""},
		// Order of several problems.
		{"order on a Gateway", "", `basicAuth: {users: {name: nope}}
jwt: {providers: [{name: ""}]}
` + spExtAuthYAML + `, failOpen: true}`, "JWT: jwt provider cannot be an empty string\neither remoteJWKS or localJWKS must be specified for jwt provider: \nBasicAuth: secret default/nope does not exist."},
		{"order on a route", kindHTTPRoute, `basicAuth: {users: {name: nope}}
jwt: {providers: [{name: ""}]}
extAuth: {grpc: {backendRefs: [{name: nope, port: 9000}]}}`, "BasicAuth: secret default/nope does not exist\nExtAuth: service default/nope not found\nJWT: jwt provider cannot be an empty string\neither remoteJWKS or localJWKS must be specified for jwt provider: ."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, got := spBuild(t, tc.kind, tc.spec)
			if got != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

// TestSPGeoIP checks what authorization by client IP geolocation needs on
// each HTTP listener: client IP detection and the EnvoyProxy GeoIP databases.
func TestSPGeoIP(t *testing.T) {
	mm := func(city, country bool) *egv1a1.EnvoyProxyGeoIP {
		g := &egv1a1.EnvoyProxyGeoIP{Provider: egv1a1.GeoIPProvider{Type: egv1a1.GeoIPProviderTypeMaxMind, MaxMind: &egv1a1.GeoIPMaxMind{}}}
		if city {
			g.Provider.MaxMind.CityDbSource = &egv1a1.GeoIPDBSource{Local: egv1a1.LocalGeoIPDBSource{Path: "/db/city.mmdb"}}
		}
		if country {
			g.Provider.MaxMind.CountryDbSource = &egv1a1.GeoIPDBSource{Local: egv1a1.LocalGeoIPDBSource{Path: "/db/country.mmdb"}}
		}
		return g
	}
	direct := &ir.ClientIPDetection{DirectSourceIP: &ir.DirectSourceIPDetection{}}
	badPath := mm(true, false)
	badPath.Provider.MaxMind.CityDbSource.Local.Path = "/db/city.dat"
	const country = `authorization: {rules: [{action: Allow, principal: {clientIPGeoLocations: [{country: US}]}}]}`
	tests := []struct {
		name, spec, kind string
		cid              *ir.ClientIPDetection
		geo              *egv1a1.EnvoyProxyGeoIP
		want             string
	}{
		{"no detection", country, "", nil, mm(true, false), "Authorization: authorization clientIPGeoLocations requires ClientTrafficPolicy.spec.clientIPDetection to be configured."},
		{"empty detection", country, "", &ir.ClientIPDetection{}, mm(true, false),
			"Authorization: authorization clientIPGeoLocations requires exactly one of ClientTrafficPolicy.spec.clientIPDetection.{xForwardedFor,customHeader,directSourceIP}."},
		{"two modes", country, "", &ir.ClientIPDetection{DirectSourceIP: &ir.DirectSourceIPDetection{}, XForwardedFor: &ir.XForwardedForDetection{}}, mm(true, false),
			"Authorization: authorization clientIPGeoLocations requires exactly one of ClientTrafficPolicy.spec.clientIPDetection.{xForwardedFor,customHeader,directSourceIP}."},
		{"trusted CIDRs", country, kindHTTPRoute, &ir.ClientIPDetection{XForwardedFor: &ir.XForwardedForDetection{TrustedCIDRs: []string{"10.0.0.0/8"}}}, mm(true, false),
			"Authorization: authorization clientIPGeoLocations does not support ClientIPDetection.XForwardedFor.TrustedCIDRs."},
		{"no provider", country, "", direct, nil, "Authorization: authorization clientIPGeoLocations requires EnvoyProxy.spec.geoIP.provider to be configured."},
		{"no MaxMind", country, "", direct, &egv1a1.EnvoyProxyGeoIP{Provider: egv1a1.GeoIPProvider{Type: egv1a1.GeoIPProviderTypeMaxMind}}, "Authorization: geoIP provider MaxMind is missing maxMind configuration."},
		{"country database", country, "", direct, mm(false, false), "Authorization: authorization clientIPGeoLocations.country requires EnvoyProxy.spec.geoIP.provider.maxMind.countryDbSource or cityDbSource."},
		{"country from city", country, "", direct, mm(true, false), ""},
		{"region", `authorization: {rules: [{action: Allow, principal: {clientIPGeoLocations: [{region: WA}]}}]}`, "", direct, mm(false, true),
			"Authorization: authorization clientIPGeoLocations.region requires EnvoyProxy.spec.geoIP.provider.maxMind.cityDbSource."},
		{"asn", `authorization: {rules: [{action: Allow, principal: {clientIPGeoLocations: [{asn: 1}]}}]}`, "", direct, mm(true, true),
			"Authorization: authorization clientIPGeoLocations.asn requires EnvoyProxy.spec.geoIP.provider.maxMind.asnDbSource."},
		{"isp", `authorization: {rules: [{action: Allow, principal: {clientIPGeoLocations: [{isp: x}]}}]}`, "", direct, mm(true, true),
			"Authorization: authorization clientIPGeoLocations.isp requires EnvoyProxy.spec.geoIP.provider.maxMind.ispDbSource."},
		{"anonymous", `authorization: {rules: [{action: Allow, principal: {clientIPGeoLocations: [{anonymous: {isVPN: true}}]}}]}`, "", direct, mm(true, true),
			"Authorization: authorization clientIPGeoLocations.anonymous requires EnvoyProxy.spec.geoIP.provider.maxMind.anonymousIpDbSource."},
		{"not checked on TLS routes", country, kindTLSRoute, nil, nil, ""},
		{"database path", country, "", direct, badPath,
			`Authorization: geoIP provider MaxMind cityDbSource.local.path "/db/city.dat" is not the path of a .mmdb file.`},
		{"custom header", country, kindHTTPRoute, &ir.ClientIPDetection{CustomHeader: &ir.CustomHeaderDetection{Name: "x-ip"}}, mm(true, false), ""},
		{"xff hops", country, kindHTTPRoute, &ir.ClientIPDetection{XForwardedFor: &ir.XForwardedForDetection{NumTrustedHops: ctpPtr[uint32](1)}}, mm(true, false), ""},
		{"geolocation without criteria", `authorization: {rules: [{action: Allow, principal: {clientIPGeoLocations: [{country: US}, {anonymous: {}}]}}]}`, kindHTTPRoute, direct, mm(true, true),
			"Authorization: unable to translate authorization rule: clientIPGeoLocations[1] must set at least one criterion."},
		{"negative ASN", `authorization: {rules: [{action: Allow, principal: {clientIPGeoLocations: [{asn: -3}]}}]}`, kindHTTPRoute, direct, mm(true, true),
			"Authorization: unable to translate authorization rule: clientIPGeoLocations[0].asn must not be negative, got -3."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tr := spTestTranslation(t, spObjects)
			gw, ls := spTestGateway(tc.cid, tc.geo)
			f, err := tr.buildSPFeatures(spPolicy(t, tc.spec), policyTarget{gw: gw, listeners: []*listenerState{ls}, routeKind: tc.kind})
			got := ""
			if err != nil {
				got = policy.ConditionText(err.Error())
			}
			if got != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
			if tc.want == "" && tc.kind != kindTLSRoute {
				want := []securitypolicy.ListenerGeoIP{{Listener: ls.http, Provider: &ir.GeoIPProvider{MaxMind: &ir.GeoIPMaxMindProvider{CityDBPath: ctpPtr("/db/city.mmdb")}}}}
				if d := cmp.Diff(want, f.GeoIP()); d != "" {
					t.Errorf("geoIP (-want +got):\n%s", d)
				}
			}
			if tc.want != "" && f.IR() != nil && f.IR().Authorization != nil && len(f.GeoIPFailed()) != 1 {
				t.Errorf("GeoIPFailed = %v, want the listener", f.GeoIPFailed())
			}
		})
	}
	// Each listener is checked: the problem is reported once per listener
	// that has it.
	tr := spTestTranslation(t, spObjects)
	gw, ls := spTestGateway(nil, mm(true, true))
	ls2 := &listenerState{gw: gw, http: &ir.HTTPListener{}}
	tcp := &listenerState{gw: gw}
	_, err := tr.buildSPFeatures(spPolicy(t, country), policyTarget{gw: gw, listeners: []*listenerState{ls, ls2, tcp}})
	want := "authorization clientIPGeoLocations requires ClientTrafficPolicy.spec.clientIPDetection to be configured"
	if err == nil || err.Error() != "Authorization: "+want+"\nAuthorization: "+want {
		t.Errorf("two listeners: got %v", err)
	}
}

// TestSPFeaturesValid checks that a policy using every feature correctly
// builds without error and resolves its references.
func TestSPFeaturesValid(t *testing.T) {
	spec := `cors: {allowOrigins: ["https://*.example.com"]}
basicAuth: {users: {name: users}}
apiKeyAuth: {credentialRefs: [{name: keys-a}, {name: keys-c}], extractFrom: [{headers: [x-key]}]}
authorization:
  defaultAction: Allow
  rules:
  - {action: Deny, principal: {clientCIDRs: [10.0.0.0/8]}}
  - {name: named, action: Allow, operation: {path: {type: RegularExpression, value: "/a.*"}}}
extAuth:
  grpc: {backendRefs: [{name: authz, port: 9000}, {name: remote, namespace: other, port: 80}]}
  timeout: 5s
  contextExtensions:
  - {name: cm, type: ValueRef, valueRef: {kind: ConfigMap, name: ctx, key: k}}
  - {name: s, type: ValueRef, valueRef: {kind: Secret, name: ctx, key: k}}
  - {name: v, type: Value, value: plain}
oidc:
  provider: {issuer: "https://idp.example.com", backendRefs: [{group: gateway.envoyproxy.io, kind: Backend, name: fqdn}]}
  clientIDRef: {name: oidc}
  clientSecret: {name: oidc}
  scopes: [email]
  redirectURL: "https://www.example.com/oauth2/cb"
jwt:
  providers:
  - {name: local, localJWKS: {type: ValueRef, valueRef: {name: jwks}}}
  - {name: remote, remoteJWKS: {uri: "https://idp.example.com/jwks", backendRefs: [{group: gateway.envoyproxy.io, kind: Backend, name: fqdn}], cacheDuration: 5m}}
`
	f, msg := spBuild(t, kindHTTPRoute, spec)
	if msg != "" {
		t.Fatal(msg)
	}
	sec := f.IR()
	if b := sec.BasicAuth; b == nil || string(b.Users) != "foo:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=\n" || b.Name != "securitypolicy/default/p" {
		t.Errorf("basic auth = %+v", sec.BasicAuth)
	}
	wantKeys := []ir.APIKeyCredential{{Client: ir.PrivateBytes("client1"), Key: ir.PrivateBytes("key1")}, {Client: ir.PrivateBytes("client2"), Key: ir.PrivateBytes("key2")}}
	if d := cmp.Diff(wantKeys, sec.APIKeyAuth.Credentials); d != "" {
		t.Errorf("API keys (-want +got):\n%s", d)
	}
	a := sec.Authorization
	if a.DefaultAction != string(egv1a1.AuthorizationActionAllow) || len(a.Rules) != 2 || a.Rules[0].Name != "securitypolicy/default/p/authorization/rule/0" ||
		a.Rules[1].Name != "named" || a.Rules[0].Principal.ClientCIDRs[0].CIDR != "10.0.0.0/8" {
		t.Errorf("authorization = %+v", a)
	}
	ea := sec.ExtAuth
	if ea == nil || ea.GRPC == nil || ea.Name != "securitypolicy/default/p" || ea.GRPC.Authority != "authz.default:9000" ||
		ea.GRPC.Destination.Name != "securitypolicy/default/p/extauth/0" || len(ea.GRPC.Destination.Settings) != 2 || ea.Timeout == nil {
		t.Fatalf("ext auth = %+v", ea)
	}
	wantExt := []*ir.ContextExtension{{Name: "cm", Value: ir.PrivateBytes("v")}, {Name: "s", Value: ir.PrivateBytes("value")}, {Name: "v", Value: ir.PrivateBytes("plain")}}
	if d := cmp.Diff(wantExt, ea.ContextExtensions); d != "" {
		t.Errorf("context extensions (-want +got):\n%s", d)
	}
	o := sec.OIDC
	if o == nil || o.ClientID != "my-client" || string(o.ClientSecret) != "secret" || string(o.HMACSecret) != "hmac-key" ||
		o.Provider.AuthorizationEndpoint != "https://idp.example.com/auth" || o.Provider.TokenEndpoint != "https://idp.example.com/token" ||
		o.Provider.EndSessionEndpoint == nil || *o.Provider.EndSessionEndpoint != "https://idp.example.com/logout" ||
		o.RedirectPath != "/oauth2/cb" || o.LogoutPath != "/logout" || !o.RefreshToken ||
		o.Provider.Destination == nil || o.Provider.Destination.Name != "securitypolicy/default/p/oidc/0" ||
		o.Provider.Destination.Settings[0].Protocol != ir.HTTPS {
		t.Errorf("OIDC = %+v", o)
	}
	if d := cmp.Diff([]string{"email", "openid"}, o.Scopes); d != "" {
		t.Errorf("scopes (-want +got):\n%s", d)
	}
	j := sec.JWT
	if j == nil || len(j.Providers) != 2 || j.Providers[0].LocalJWKS == nil || *j.Providers[0].LocalJWKS != `{"keys":[]}` ||
		j.Providers[1].RemoteJWKS == nil || j.Providers[1].RemoteJWKS.Destination == nil ||
		j.Providers[1].RemoteJWKS.Destination.Name != "securitypolicy/default/p/jwt/1" ||
		j.Providers[1].RemoteJWKS.CacheDuration == nil || j.Providers[1].RemoteJWKS.CacheDuration.Std() != 5*time.Minute {
		t.Errorf("JWT = %+v", j)
	}
	if sec.CORS == nil || f.ExtAuthOnly() {
		t.Errorf("cors = %v, extAuthOnly = %v", sec.CORS, f.ExtAuthOnly())
	}
}

// TestSPExtAuthOnly checks that extAuthOnly tells ext auth problems alone
// from problems of other features too.
func TestSPExtAuthOnly(t *testing.T) {
	f, msg := spBuild(t, "", `extAuth: {failOpen: true, grpc: {backendRefs: [{name: nope, port: 9000}]}}`)
	if msg == "" || !f.ExtAuthOnly() {
		t.Errorf("ext auth alone: %q, extAuthOnly = %v", msg, f.ExtAuthOnly())
	}
	f, msg = spBuild(t, "", `extAuth: {failOpen: true, grpc: {backendRefs: [{name: nope, port: 9000}]}}
basicAuth: {users: {name: nope}}`)
	if msg == "" || f.ExtAuthOnly() {
		t.Errorf("with basic auth: %q, extAuthOnly = %v", msg, f.ExtAuthOnly())
	}
}

// TestSPMerged checks a route policy merged into a parent policy: the
// unprefixed TCP message, and references resolved in the namespace of the
// policy that set each feature.
func TestSPMerged(t *testing.T) {
	tr := spTestTranslation(t, spObjects, WithOIDCDiscovery(spTestDiscovery{}))
	gw, ls := spTestGateway(nil, nil)
	route := spPolicy(t, `authorization: {rules: [{action: Allow, principal: {clientCIDRs: [10.0.0.0/8]}}]}`)
	parent := spPolicy(t, `basicAuth: {users: {name: users}}`)
	parent.Namespace, parent.Name = "other", "gw-policy"
	merged := route.DeepCopy()
	merged.Spec.BasicAuth = parent.Spec.BasicAuth
	tcp := policyTarget{gw: gw, listeners: []*listenerState{ls}, routeKind: kindTCPRoute}
	if _, err := tr.buildMergedSPFeatures(merged, route, parent, tcp); err == nil || policy.ConditionText(err.Error()) != "Only authorization is supported for TCP (routes/listeners)." {
		t.Errorf("TCP: got %v", err)
	}
	// The users Secret is looked up in the parent's namespace: other/users
	// exists, default/users too, so remove the latter to tell them apart.
	delete(tr.idx.secrets, nameOf("default", "users"))
	http := policyTarget{gw: gw, listeners: []*listenerState{ls}, routeKind: kindHTTPRoute}
	f, err := tr.buildMergedSPFeatures(merged, route, parent, http)
	if err != nil {
		t.Fatal(err)
	}
	if sec := f.IR(); sec.BasicAuth.Name != "securitypolicy/other/gw-policy" || sec.Authorization.Rules[0].Name != "securitypolicy/default/p/authorization/rule/0" {
		t.Errorf("owners: basic auth %q, rule %q", sec.BasicAuth.Name, sec.Authorization.Rules[0].Name)
	}
	if _, err := tr.buildSPFeatures(merged, http); err == nil || err.Error() != "BasicAuth: secret default/users does not exist" {
		t.Errorf("unmerged: got %v", err)
	}
}

// TestSPDeprecatedFields checks the deprecated ext auth backendRef fields.
func TestSPDeprecatedFields(t *testing.T) {
	p := spPolicy(t, `targetRef: {group: gateway.networking.k8s.io, kind: Gateway, name: gw}
extAuth: {grpc: {backendRef: {name: a, port: 1}}, http: {backendRef: {name: a, port: 1}}}`)
	want := map[string]string{
		"spec.extAuth.grpc.backendRef": "spec.extAuth.grpc.backendRefs",
		"spec.extAuth.http.backendRef": "spec.extAuth.http.backendRefs",
	}
	if d := cmp.Diff(want, securitypolicy.DeprecatedFields(&p.Spec)); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	if got := securitypolicy.DeprecatedFields(nil); len(got) != 0 {
		t.Errorf("nil spec: %v", got)
	}
}

// TestSPNoDiscovery checks OIDC providers without an OIDC discovery
// configured.
func TestSPNoDiscovery(t *testing.T) {
	tr := spTestTranslation(t, spObjects)
	_, err := tr.buildSPFeatures(spPolicy(t, spOIDCBase+"}"), policyTarget{})
	if want := "OIDC: failed fetching openid-configuration from issuer URL: https://idp.example.com, no OIDC discovery configured"; err == nil || err.Error() != want {
		t.Errorf("got %v, want %q", err, want)
	}
	// Explicit endpoints need no discovery.
	_, err = tr.buildSPFeatures(spPolicy(t, `oidc: {provider: {issuer: "https://idp.example.com", authorizationEndpoint: "https://idp.example.com/a", tokenEndpoint: "https://idp.example.com/t"}, clientID: id, clientSecret: {name: oidc}}`), policyTarget{})
	if err != nil {
		t.Errorf("explicit endpoints: %v", err)
	}
}

// TestSPNilSafety checks that empty and missing values give errors, never
// panics.
func TestSPNilSafety(t *testing.T) {
	tr := spTestTranslation(t, spObjects)
	if _, err := tr.buildSPFeatures(nil, policyTarget{}); err == nil {
		t.Error("nil policy: no error")
	}
	// Empty features of every kind, on every kind of target, without a
	// Gateway: errors, never a panic.
	p := spPolicy(t, `cors: {}
csrf: {}
basicAuth: {users: {name: ""}}
apiKeyAuth: {credentialRefs: [{name: ""}]}
authorization: {rules: [{action: Allow, principal: {}, operation: {path: {value: x}}}]}
extAuth: {grpc: {}}
oidc: {provider: {issuer: ""}, clientSecret: {name: ""}}
jwt: {providers: [{name: x, remoteJWKS: {uri: ""}}, {name: y, localJWKS: {type: ValueRef}}]}`)
	for _, kind := range []string{"", kindHTTPRoute, kindTCPRoute, kindUDPRoute} {
		if _, err := tr.buildSPFeatures(p, policyTarget{routeKind: kind}); err == nil {
			t.Errorf("%q: no error", kind)
		}
		gw, ls := spTestGateway(nil, nil)
		if _, err := tr.buildSPFeatures(p, policyTarget{gw: gw, listeners: []*listenerState{ls, nil}, routeKind: kind}); err == nil {
			t.Errorf("%q with a Gateway: no error", kind)
		}
	}
}
