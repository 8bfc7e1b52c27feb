package v1alpha1_test

import (
	"testing"

	"github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// newBTP makes an empty BackendTrafficPolicy for the table tests.
func newBTP() validator { return &v1alpha1.BackendTrafficPolicy{} }

func TestBackendTrafficPolicyValidate(t *testing.T) {
	runValidationCases(t, v1alpha1.KindBackendTrafficPolicy, newBTP, []validationCase{
		{
			name: "targets of every kind",
			spec: `
targetRefs:
- {group: gateway.networking.k8s.io, kind: Gateway, name: eg}
- {group: gateway.networking.k8s.io, kind: ListenerSet, name: ls}
- {group: gateway.networking.k8s.io, kind: UDPRoute, name: dns}
- {group: gateway.networking.k8s.io, kind: TLSRoute, name: tls, sectionName: rule-1}
`,
		},
		{
			name: "target of a foreign kind",
			spec: `
targetRef: {group: gateway.networking.k8s.io, kind: GatewayClass, name: eg}
`,
			want: []wantErr{notSupported("spec.targetRef.kind")},
		},
		{
			name: "targetRefs outside the Gateway API group",
			spec: `
targetRefs:
- {group: "", kind: Service, name: backend}
`,
			want: []wantErr{notSupported("spec.targetRefs[0].group"), notSupported("spec.targetRefs[0].kind")},
		},
		{
			name: "merging into the gateway's policy",
			spec: toRoute + `
mergeType: StrategicMerge
`,
		},
		{
			name: "merging with a gateway target",
			spec: toGateway + `
mergeType: JSONMerge
`,
			want: []wantErr{forbidden("spec.mergeType")},
		},
		{
			name: "merging with a gateway selector",
			spec: `
targetSelectors: [{kind: Gateway}]
mergeType: JSONMerge
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
			name: "compressors",
			spec: toRoute + `
compressor: [{type: Zstd, minContentLength: 1Ki}, {type: Gzip}]
`,
		},
		{
			name: "compression and compressor together",
			spec: toRoute + `
compression: [{type: Gzip}]
compressor: [{type: Brotli}, {type: Lz4}]
`,
			want: []wantErr{notSupported("spec.compressor[1].type"), forbidden("spec.compression")},
		},
		{
			name: "request buffering and websocket upgrades",
			spec: toRoute + `
requestBuffer: {limit: 4Mi}
httpUpgrade: [{type: websocket}]
`,
			want: []wantErr{forbidden("spec.httpUpgrade")},
		},
		{
			name: "request buffering with an empty upgrade list",
			spec: toRoute + `
requestBuffer: {limit: 4Mi}
httpUpgrade: []
`,
		},
		{
			name: "CONNECT settings",
			spec: toRoute + `
httpUpgrade:
- {type: CONNECT, connect: {terminate: true}}
- {type: websocket, connect: {}}
- {type: ""}
`,
			want: []wantErr{forbidden("spec.httpUpgrade[1].connect"), required("spec.httpUpgrade[2].type")},
		},
		{
			name: "admission control on a route",
			spec: `
targetRefs:
- {group: gateway.networking.k8s.io, kind: GRPCRoute, name: backend}
admissionControl:
  samplingWindow: 10s
  minSuccessRate: 90
  maxRejectionPercent: 50
  rejectionAggression: 2
  successCriteria:
    http: {statusCodes: [200, 204]}
    grpc: {statusCodes: [Ok, NotFound]}
`,
		},
		{
			name: "admission control on a TCP route",
			spec: `
targetRefs:
- {group: gateway.networking.k8s.io, kind: TCPRoute, name: db}
admissionControl: {}
`,
			want: []wantErr{forbidden("spec.admissionControl")},
		},
		{
			name: "admission control limits",
			spec: toRoute + `
admissionControl:
  samplingWindow: 500ms
  minSuccessRate: 0
  maxRejectionPercent: 101
  successCriteria:
    http: {statusCodes: [600]}
    grpc: {statusCodes: [OK]}
`,
			want: []wantErr{
				invalid("spec.admissionControl.samplingWindow"), invalid("spec.admissionControl.minSuccessRate"),
				invalid("spec.admissionControl.maxRejectionPercent"), invalid("spec.admissionControl.successCriteria.http.statusCodes[0]"),
				notSupported("spec.admissionControl.successCriteria.grpc.statusCodes[0]"),
			},
		},
		{
			name: "fault injection",
			spec: toRoute + `
faultInjection:
  delay: {fixedDelay: 2s, percentage: 50}
  abort: {grpcStatus: 14}
`,
		},
		{
			name: "fault injection without a fault",
			spec: toRoute + `
faultInjection: {}
`,
			want: []wantErr{required("spec.faultInjection")},
		},
		{
			name: "abort with two statuses",
			spec: toRoute + `
faultInjection:
  abort: {httpStatus: 503, grpcStatus: 14}
`,
			want: []wantErr{forbidden("spec.faultInjection.abort.grpcStatus")},
		},
		{
			name: "abort without a status, delay without a duration",
			spec: toRoute + `
faultInjection:
  abort: {percentage: 10}
  delay: {percentage: 10}
`,
			want: []wantErr{required("spec.faultInjection.delay.fixedDelay"), required("spec.faultInjection.abort")},
		},
		{
			name: "bandwidth limits",
			spec: toRoute + `
bandwidthLimit:
  request: {limit: {value: 10Mi, unit: Second}}
  response:
    limit: {value: 1Gi, unit: Hour}
    responseTrailers: {prefix: x-bandwidth-}
`,
		},
		{
			name: "bandwidth limit without a direction",
			spec: toRoute + `
bandwidthLimit: {}
`,
			want: []wantErr{required("spec.bandwidthLimit")},
		},
		{
			name: "bandwidth limit units",
			spec: toRoute + `
bandwidthLimit:
  response:
    limit: {value: 1Gi, unit: Day}
    responseTrailers: {prefix: "x\nbad"}
`,
			want: []wantErr{notSupported("spec.bandwidthLimit.response.limit.unit"), invalid("spec.bandwidthLimit.response.responseTrailers.prefix")},
		},
		{
			name: "global rate limit",
			spec: toRoute + `
rateLimit:
  type: Global
  global:
    rules:
    - clientSelectors:
      - headers: [{name: x-user-id, type: Distinct}]
        methods: [{value: POST}]
      - sourceCIDR: {type: Distinct, value: 0.0.0.0/0}
      - path: {type: PathPrefix, value: /api}
      - queryParams: [{name: key, value: abc}]
      limit: {requests: 100, unit: Minute, fromMetadata: {namespace: envoy.lb, key: limit}}
      cost:
        request: {from: Number, number: 1}
        response: {from: Metadata, metadata: {namespace: io.cost, key: tokens}}
      xRateLimitHeaders: DraftVersion03
`,
		},
		{
			name: "rate limit selector without conditions",
			spec: toRoute + `
rateLimit:
  global:
    rules:
    - clientSelectors: [{}]
      limit: {requests: 10, unit: Second}
`,
			want: []wantErr{required("spec.rateLimit.global.rules[0].clientSelectors[0]")},
		},
		{
			name: "cost from a number and metadata",
			spec: toRoute + `
rateLimit:
  global:
    rules:
    - limit: {requests: 10, unit: Second}
      cost:
        request: {from: Number, number: 2, metadata: {namespace: a, key: b}}
`,
			want: []wantErr{forbidden("spec.rateLimit.global.rules[0].cost.request.metadata")},
		},
		{
			name: "local rate limit charging responses and reading metadata",
			spec: toRoute + `
rateLimit:
  type: Local
  local:
    rules:
    - limit: {requests: 10, unit: Second}
      cost:
        request: {from: Number, number: 1}
    - limit: {requests: 10, unit: Second, fromMetadata: {namespace: a, key: b}}
      cost:
        response: {from: Number, number: 1}
`,
			want: []wantErr{forbidden("spec.rateLimit.local.rules[1].cost.response"), forbidden("spec.rateLimit.local.rules[1].limit.fromMetadata")},
		},
		{
			name: "bad rate limit fields",
			spec: toRoute + `
rateLimit:
  type: Distributed
  global:
    rules:
    - clientSelectors:
      - methods: [{value: FETCH}]
        headers: [{name: "", type: Prefix}]
      limit: {requests: 4294967296, unit: Fortnight}
      cost:
        request: {from: Header}
      xRateLimitHeaders: On
`,
			want: []wantErr{
				notSupported("spec.rateLimit.type"),
				notSupported("spec.rateLimit.global.rules[0].clientSelectors[0].headers[0].type"),
				required("spec.rateLimit.global.rules[0].clientSelectors[0].headers[0].name"),
				notSupported("spec.rateLimit.global.rules[0].clientSelectors[0].methods[0].value"),
				invalid("spec.rateLimit.global.rules[0].limit.requests"), notSupported("spec.rateLimit.global.rules[0].limit.unit"),
				notSupported("spec.rateLimit.global.rules[0].cost.request.from"), notSupported("spec.rateLimit.global.rules[0].xRateLimitHeaders"),
			},
		},
		{
			name: "global rate limit without rules",
			spec: toRoute + `
rateLimit:
  global: {}
`,
			want: []wantErr{required("spec.rateLimit.global.rules")},
		},
		{
			name: "response overrides",
			spec: toRoute + `
responseOverride:
- match:
    statusCodes:
    - {value: 500}
    - {type: Range, range: {start: 501, end: 599}}
  response:
    contentType: application/json
    body: {inline: '{"error": "upstream"}'}
    header:
      add: [{name: X-Overridden, value: "true"}]
- match:
    responseHeaders: [{name: X-Upstream-Error, value: {type: Prefix, value: timeout}}]
  redirect: {scheme: https, hostname: errors.example.com, path: {type: ReplaceFullPath, replaceFullPath: /oops}, statusCode: 301}
  source: Backend
`,
		},
		{
			name: "override with both a response and a redirect",
			spec: toRoute + `
responseOverride:
- match: {statusCodes: [{value: 404}]}
  response: {body: {inline: gone}}
  redirect: {hostname: example.com}
`,
			want: []wantErr{forbidden("spec.responseOverride[0].redirect")},
		},
		{
			name: "override without a response or a match",
			spec: toRoute + `
responseOverride:
- match: {}
`,
			want: []wantErr{required("spec.responseOverride[0].match"), required("spec.responseOverride[0]")},
		},
		{
			name: "status code matchers",
			spec: toRoute + `
responseOverride:
- match:
    statusCodes:
    - {type: Value}
    - {type: Range}
    - {type: Range, range: {start: 500, end: 500}}
  response: {body: {type: ValueRef, valueRef: {group: "", kind: ConfigMap, name: page}}}
`,
			want: []wantErr{
				required("spec.responseOverride[0].match.statusCodes[0].value"), required("spec.responseOverride[0].match.statusCodes[1].range"),
				invalid("spec.responseOverride[0].match.statusCodes[2].range.end"),
			},
		},
		{
			name: "redirect rewriting the path prefix",
			spec: toRoute + `
responseOverride:
- match: {statusCodes: [{value: 404}]}
  redirect:
    scheme: ftp
    statusCode: 307
    path: {type: ReplacePrefixMatch, replacePrefixMatch: /new}
`,
			want: []wantErr{
				notSupported("spec.responseOverride[0].redirect.scheme"), notSupported("spec.responseOverride[0].redirect.path.type"),
				notSupported("spec.responseOverride[0].redirect.statusCode"),
			},
		},
		{
			name: "redirect path fields that do not match the type",
			spec: toRoute + `
responseOverride:
- match: {statusCodes: [{value: 404}]}
  redirect:
    path: {type: ReplaceFullPath, replacePrefixMatch: /new}
`,
			want: []wantErr{
				required("spec.responseOverride[0].redirect.path.replaceFullPath"),
				forbidden("spec.responseOverride[0].redirect.path.replacePrefixMatch"),
			},
		},
		{
			name: "redirect path of prefix type with a full path",
			spec: toRoute + `
responseOverride:
- match: {statusCodes: [{value: 404}]}
  redirect:
    path: {type: ReplacePrefixMatch, replaceFullPath: /new}
`,
			want: []wantErr{
				notSupported("spec.responseOverride[0].redirect.path.type"), forbidden("spec.responseOverride[0].redirect.path.replaceFullPath"),
				required("spec.responseOverride[0].redirect.path.replacePrefixMatch"),
			},
		},
		{
			name: "override response removing headers",
			spec: toRoute + `
responseOverride:
- match: {statusCodes: [{value: 404}]}
  response:
    body: {type: ValueRef, valueRef: {group: "", kind: Secret, name: page}}
    header: {remove: [server]}
`,
			want: []wantErr{notSupported("spec.responseOverride[0].response.body.valueRef.kind"), forbidden("spec.responseOverride[0].response.header.remove")},
		},
		{
			name: "tracing overrides",
			spec: toRoute + `
telemetry:
  tracing:
    samplingFraction: {numerator: 1, denominator: 1000}
    clientSamplingFraction: {numerator: 50}
    customTags:
      env: {type: Environment, environment: {name: ENV}}
      build: {literal: {value: "42"}}
    spanName: {client: "%REQ(:AUTHORITY)%", server: ingress}
`,
		},
		{
			name: "fractions above one",
			spec: toRoute + `
telemetry:
  tracing:
    samplingFraction: {numerator: 101}
    overallSamplingFraction: {numerator: 3, denominator: 2}
    clientSamplingFraction: {numerator: -1, denominator: 0}
`,
			want: []wantErr{
				invalid("spec.telemetry.tracing.samplingFraction.numerator"), invalid("spec.telemetry.tracing.clientSamplingFraction.numerator"),
				invalid("spec.telemetry.tracing.clientSamplingFraction.denominator"), invalid("spec.telemetry.tracing.overallSamplingFraction.numerator"),
			},
		},
		{
			name: "custom tags and span names",
			spec: toRoute + `
telemetry:
  tracing:
    customTags:
      a: {type: Header, requestHeader: {name: x-a}}
      b: {type: RequestHeader, requestHeader: {name: ""}}
    spanName: {client: c}
`,
			want: []wantErr{
				notSupported("spec.telemetry.tracing.customTags[a].type"), required("spec.telemetry.tracing.customTags[b].requestHeader.name"),
				required("spec.telemetry.tracing.spanName.server"),
			},
		},
	})
}
