package v1alpha1_test

import (
	"testing"

	"github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// oidcBase is a valid OIDC configuration the OIDC cases extend.
const oidcBase = `
oidc:
  provider: {issuer: "https://accounts.google.com"}
  clientSecret: {name: oidc-client-secret}
`

func TestSecurityPolicyValidate(t *testing.T) {
	runValidationCases(t, v1alpha1.KindSecurityPolicy, func() validator { return &v1alpha1.SecurityPolicy{} }, []validationCase{
		{
			name: "CORS, CSRF and basic auth on a route",
			spec: toRoute + `
cors:
  allowOrigins: ["https://*.example.com", "http://localhost:8080", "*"]
  allowMethods: [GET, POST]
  maxAge: 24h
csrf:
  additionalOrigins: ["https://admin.example.com"]
  shadowFraction: {numerator: 10}
basicAuth:
  users: {name: basic-auth-users}
`,
		},
		{
			name: "bad origins and shadow fraction",
			spec: toRoute + `
cors:
  allowOrigins: ["example.com"]
csrf:
  additionalOrigins: ["https://"]
  shadowFraction: {numerator: 200, denominator: 100}
`,
			want: []wantErr{
				invalid("spec.cors.allowOrigins[0]"), invalid("spec.csrf.shadowFraction.numerator"), invalid("spec.csrf.additionalOrigins[0]"),
			},
		},
		{
			name: "UDP route target",
			spec: `
targetRefs:
- {group: gateway.networking.k8s.io, kind: UDPRoute, name: dns}
`,
			want: []wantErr{notSupported("spec.targetRefs[0].kind")},
		},
		{
			name: "merging with a TCP route target",
			spec: `
targetRefs:
- {group: gateway.networking.k8s.io, kind: TCPRoute, name: db}
mergeType: StrategicMerge
`,
		},
		{
			name: "merging with a listener set target",
			spec: `
targetRef: {group: gateway.networking.k8s.io, kind: ListenerSet, name: ls}
mergeType: StrategicMerge
`,
			want: []wantErr{forbidden("spec.mergeType")},
		},
		{
			name: "merge type Replace",
			spec: toRoute + `
mergeType: Replace
`,
			want: []wantErr{invalid("spec.mergeType")},
		},
		{
			name: "API keys from headers",
			spec: toRoute + `
apiKeyAuth:
  credentialRefs: [{kind: Secret, name: api-keys}]
  extractFrom:
  - headers: [x-api-key]
  - params: [key]
  forwardClientIDHeader: x-client-id
`,
		},
		{
			name: "API key source with two kinds, or none",
			spec: toRoute + `
apiKeyAuth:
  credentialRefs: [{name: api-keys}]
  extractFrom:
  - headers: [x-api-key]
    cookies: [key]
  - {}
  - params: [""]
`,
			want: []wantErr{
				forbidden("spec.apiKeyAuth.extractFrom[0].cookies"), required("spec.apiKeyAuth.extractFrom[1]"),
				invalid("spec.apiKeyAuth.extractFrom[2].params[0]"),
			},
		},
		{
			name: "API key auth without sources",
			spec: toRoute + `
apiKeyAuth:
  extractFrom: []
`,
			want: []wantErr{required("spec.apiKeyAuth.credentialRefs"), invalid("spec.apiKeyAuth.extractFrom")},
		},
		{
			name: "JWT with remote and local key sets",
			spec: toRoute + `
jwt:
  optional: true
  providers:
  - name: example
    issuer: https://example.com
    audiences: [api]
    remoteJWKS:
      uri: https://example.com/jwks.json
      backendRefs: [{group: gateway.envoyproxy.io, kind: Backend, name: idp, port: 443}]
      cacheDuration: 10m
    claimToHeaders: [{header: x-sub, claim: sub}]
    recomputeRoute: true
  - name: local
    localJWKS: {type: ValueRef, valueRef: {group: "", kind: ConfigMap, name: jwks}}
`,
		},
		{
			name: "JWT optional and fail-open",
			spec: toRoute + `
jwt:
  optional: false
  failOpen: true
  providers: [{name: p, localJWKS: {inline: "{}"}}]
`,
			want: []wantErr{forbidden("spec.jwt.failOpen")},
		},
		{
			name: "JWT providers without keys, or with both",
			spec: toRoute + `
jwt:
  providers:
  - name: none
  - name: both
    localJWKS: {inline: "{}"}
    remoteJWKS: {uri: https://example.com/jwks.json}
`,
			want: []wantErr{required("spec.jwt.providers[0]"), forbidden("spec.jwt.providers[1].localJWKS")},
		},
		{
			name: "recomputing the route without claim headers",
			spec: toRoute + `
jwt:
  providers:
  - name: p
    recomputeRoute: true
    localJWKS: {inline: "{}"}
`,
			want: []wantErr{required("spec.jwt.providers[0].claimToHeaders")},
		},
		{
			name: "local key set fields that do not match the type",
			spec: toRoute + `
jwt:
  providers:
  - name: a
    localJWKS: {type: Inline, valueRef: {group: "", kind: ConfigMap, name: jwks}}
  - name: b
    localJWKS: {type: ValueRef, inline: "{}"}
`,
			want: []wantErr{
				required("spec.jwt.providers[0].localJWKS.inline"), forbidden("spec.jwt.providers[0].localJWKS.valueRef"),
				forbidden("spec.jwt.providers[1].localJWKS.inline"), required("spec.jwt.providers[1].localJWKS.valueRef"),
			},
		},
		{
			name: "remote key set with a single backendRef",
			spec: toRoute + `
jwt:
  providers:
  - name: p
    remoteJWKS:
      uri: https://example.com/jwks.json
      backendRef: {name: idp, port: 443}
`,
			want: []wantErr{forbidden("spec.jwt.providers[0].remoteJWKS.backendRef")},
		},
		{
			name: "remote key set retries",
			spec: toRoute + `
jwt:
  providers:
  - name: p
    remoteJWKS:
      uri: https://example.com/jwks.json
      backendSettings:
        retry:
          numRetries: 3
          retryOn: {triggers: [connect-failure]}
          perRetry: {backOff: {baseInterval: 1s}}
`,
		},
		{
			name: "remote key set retries with a per-try timeout and status codes",
			spec: toRoute + `
jwt:
  providers:
  - name: p
    remoteJWKS:
      uri: https://example.com/jwks.json
      backendSettings:
        retry:
          retryOn: {httpStatusCodes: [503]}
          perRetry: {timeout: 1s}
`,
			want: []wantErr{
				forbidden("spec.jwt.providers[0].remoteJWKS.backendSettings.retry.perRetry.timeout"),
				forbidden("spec.jwt.providers[0].remoteJWKS.backendSettings.retry.retryOn.httpStatusCodes"),
			},
		},
		{
			name: "JWT without providers",
			spec: toRoute + `
jwt: {providers: []}
`,
			want: []wantErr{invalid("spec.jwt.providers")},
		},
		{
			name: "OIDC",
			spec: toRoute + oidcBase + `
  clientID: my-app
  redirectURL: https://www.example.com/oauth2/callback
  forwardAccessToken: true
  forwardIDToken: {header: X-ID-Token}
  cookieDomain: example.com
  cookieConfig: {sameSite: Strict}
  denyRedirect:
    headers: [{name: X-Requested-With, type: Exact, value: XMLHttpRequest}]
`,
		},
		{
			name: "OIDC client ID inline and by reference",
			spec: toRoute + oidcBase + `
  clientID: my-app
  clientIDRef: {name: client-id}
`,
			want: []wantErr{forbidden("spec.oidc.clientIDRef")},
		},
		{
			name: "OIDC without a client ID",
			spec: toRoute + oidcBase,
			want: []wantErr{required("spec.oidc")},
		},
		{
			name: "both tokens in the Authorization header",
			spec: toRoute + oidcBase + `
  clientIDRef: {name: client-id}
  forwardAccessToken: true
  forwardIDToken: {header: authorization}
`,
			want: []wantErr{forbidden("spec.oidc.forwardIDToken.header")},
		},
		{
			name: "ID token in the Authorization header, access token kept",
			spec: toRoute + oidcBase + `
  clientID: my-app
  forwardAccessToken: false
  forwardIDToken: {header: Authorization}
`,
		},
		{
			name: "ID token in the Host header",
			spec: toRoute + oidcBase + `
  clientID: my-app
  forwardIDToken: {header: HOST}
`,
			want: []wantErr{invalid("spec.oidc.forwardIDToken.header")},
		},
		{
			name: "OIDC provider with a single backendRef, and bad fields",
			spec: toRoute + `
oidc:
  provider:
    issuer: ""
    backendRef: {name: idp, port: 443}
  clientID: ""
  clientSecret: {name: secret}
  cookieDomain: .example.com
  cookieConfig: {sameSite: Relaxed}
  defaultTokenTTL: 1y
  denyRedirect: {headers: []}
`,
			want: []wantErr{
				forbidden("spec.oidc.provider.backendRef"), required("spec.oidc.provider.issuer"), invalid("spec.oidc.clientID"),
				notSupported("spec.oidc.cookieConfig.sameSite"), invalid("spec.oidc.cookieDomain"), invalid("spec.oidc.defaultTokenTTL"),
				invalid("spec.oidc.denyRedirect.headers"),
			},
		},
		{
			name: "external authorization over gRPC",
			spec: toRoute + `
extAuth:
  grpc:
    backendRefs:
    - {name: ext-authz, port: 9002}
    - {group: multicluster.x-k8s.io, kind: ServiceImport, name: authz, port: 9002}
    backendSettings:
      retry: {numRetries: 2}
  headersToExtAuth: [authorization]
  bodyToExtAuth: {maxRequestBytes: 8192}
  timeout: 2s
  statusOnError: 503
  contextExtensions:
  - {name: tenant, value: acme}
  - {name: key, type: ValueRef, valueRef: {group: "", kind: Secret, name: ctx, key: tenant}}
`,
		},
		{
			name: "external authorization without a service, or with two",
			spec: toRoute + `
extAuth:
  grpc: {backendRefs: [{name: a, port: 1}]}
  http: {backendRefs: [{name: b, port: 2}]}
`,
			want: []wantErr{forbidden("spec.extAuth.http")},
		},
		{
			name: "external authorization without a service",
			spec: toRoute + `
extAuth: {timeout: 1s}
`,
			want: []wantErr{required("spec.extAuth")},
		},
		{
			name: "external authorization service without a backend",
			spec: toRoute + `
extAuth:
  http: {backendRefs: []}
`,
			want: []wantErr{required("spec.extAuth.http.backendRefs")},
		},
		{
			name: "external authorization backends of foreign kinds and groups",
			spec: toRoute + `
extAuth:
  http:
    backendRefs:
    - {kind: Pod, name: a, port: 1}
    - {group: example.com, kind: Backend, name: b}
    path: /auth
    pathOverride: /check
`,
			want: []wantErr{
				notSupported("spec.extAuth.http.backendRefs[0].kind"), notSupported("spec.extAuth.http.backendRefs[1].group"),
				forbidden("spec.extAuth.http.pathOverride"),
			},
		},
		{
			name: "Service backends without a port",
			spec: toRoute + `
extAuth:
  grpc:
    backendRef: {name: ext-authz}
    backendRefs: [{group: "", kind: Service, name: ext-authz-2}, {group: gateway.envoyproxy.io, kind: Backend, name: b}]
`,
			want: []wantErr{required("spec.extAuth.grpc.backendRef.port"), required("spec.extAuth.grpc.backendRefs[0].port")},
		},
		{
			name: "external authorization backend settings",
			spec: toRoute + `
extAuth:
  http:
    backendRefs: [{name: a, port: 1, weight: -1}]
    backendSettings:
      loadBalancer: {type: ConsistentHash}
      connection: {preconnect: {predictivePercent: 150}}
  statusOnError: 200
  bodyToExtAuth: {maxRequestBytes: 0}
`,
			want: []wantErr{
				invalid("spec.extAuth.http.backendRefs[0].weight"), required("spec.extAuth.http.backendSettings.loadBalancer.consistentHash"),
				forbidden("spec.extAuth.http.backendSettings.connection.preconnect.predictivePercent"),
				invalid("spec.extAuth.bodyToExtAuth.maxRequestBytes"), notSupported("spec.extAuth.statusOnError"),
			},
		},
		{
			name: "context extensions that do not match their type",
			spec: toRoute + `
extAuth:
  grpc: {backendRefs: [{name: a, port: 1}]}
  contextExtensions:
  - {name: a}
  - {name: b, type: ValueRef, value: x}
  - {name: a, type: ValueRef, valueRef: {group: apps, kind: Deployment, name: d, key: k}}
`,
			want: []wantErr{
				required("spec.extAuth.contextExtensions[0].value"), required("spec.extAuth.contextExtensions[1].valueRef"),
				forbidden("spec.extAuth.contextExtensions[1].value"), notSupported("spec.extAuth.contextExtensions[2].valueRef.kind"),
				notSupported("spec.extAuth.contextExtensions[2].valueRef.group"), duplicate("spec.extAuth.contextExtensions[2]"),
			},
		},
		{
			name: "authorization by client address, JWT claim and location",
			spec: toRoute + `
jwt:
  providers: [{name: example, localJWKS: {inline: "{}"}}]
authorization:
  defaultAction: Deny
  rules:
  - name: admins
    action: Allow
    operation: {methods: [GET, PUT]}
    principal:
      clientCIDRs: [10.0.0.0/8]
      jwt:
        provider: example
        claims: [{name: groups, valueType: StringArray, values: [admin]}]
        scopes: [read]
  - action: Deny
    principal:
      headers: [{name: x-tenant, values: [blocked]}]
      clientIPGeoLocations: [{country: KP}, {anonymous: {isTor: true}}]
  - action: Allow
    cel: request.path.startsWith('/public')
`,
		},
		{
			name: "JWT claims without JWT authentication",
			spec: toRoute + `
authorization:
  rules:
  - action: Allow
    principal:
      jwt: {provider: example, scopes: [read]}
`,
			want: []wantErr{required("spec.jwt")},
		},
		{
			name: "empty authorization parts",
			spec: toRoute + `
authorization:
  rules:
  - action: Allow
  - action: Allow
    operation: {}
    principal: {}
  - action: Allow
    principal:
      clientIPGeoLocations: [{}, {anonymous: {}}]
`,
			want: []wantErr{
				required("spec.authorization.rules[0]"), required("spec.authorization.rules[1].operation"),
				required("spec.authorization.rules[1].principal"), required("spec.authorization.rules[2].principal.clientIPGeoLocations[0]"),
				required("spec.authorization.rules[2].principal.clientIPGeoLocations[1].anonymous"),
			},
		},
		{
			name: "JWT principal without claims or scopes",
			spec: toRoute + `
jwt:
  providers: [{name: example, localJWKS: {inline: "{}"}}]
authorization:
  rules:
  - action: Allow
    principal:
      jwt: {provider: example}
`,
			want: []wantErr{required("spec.authorization.rules[0].principal.jwt")},
		},
		{
			name: "bad authorization fields",
			spec: toRoute + `
authorization:
  defaultAction: Audit
  rules:
  - action: Log
    cel: ""
    operation: {methods: [FETCH], path: {type: Glob}}
    principal:
      clientCIDRs: [10.0.0.0]
      headers: [{name: x-a, values: []}]
      clientIPGeoLocations: [{country: USA, asn: 0, region: "a b"}]
`,
			want: []wantErr{
				notSupported("spec.authorization.defaultAction"), notSupported("spec.authorization.rules[0].action"),
				notSupported("spec.authorization.rules[0].operation.methods[0]"), notSupported("spec.authorization.rules[0].operation.path.type"),
				invalid("spec.authorization.rules[0].principal.clientCIDRs[0]"), invalid("spec.authorization.rules[0].principal.headers[0].values"),
				tooLong("spec.authorization.rules[0].principal.clientIPGeoLocations[0].country"),
				invalid("spec.authorization.rules[0].principal.clientIPGeoLocations[0].region"),
				invalid("spec.authorization.rules[0].principal.clientIPGeoLocations[0].asn"),
				invalid("spec.authorization.rules[0].cel"),
			},
		},
	})
}
