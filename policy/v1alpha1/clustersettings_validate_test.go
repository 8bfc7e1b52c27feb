package v1alpha1_test

import (
	"testing"

	"github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// TestClusterSettingsValidate covers the cluster settings that
// BackendTrafficPolicy shares with the backendSettings of extension services:
// load balancing, health checks, circuit breaking, retries and connections.
func TestClusterSettingsValidate(t *testing.T) {
	runValidationCases(t, v1alpha1.KindBackendTrafficPolicy, newBTP, []validationCase{
		{
			name: "consistent hashing on a header",
			spec: toRoute + `
loadBalancer:
  type: ConsistentHash
  consistentHash: {type: Header, header: {name: x-user}, tableSize: 65537}
  zoneAware:
    weightedZones: [{zone: a, weight: 80}, {zone: b, weight: 20}]
`,
		},
		{
			name: "consistent hashing without its settings",
			spec: toRoute + `
loadBalancer: {type: ConsistentHash}
`,
			want: []wantErr{required("spec.loadBalancer.consistentHash")},
		},
		{
			name: "hash settings for another type",
			spec: toRoute + `
loadBalancer:
  type: RoundRobin
  consistentHash: {type: SourceIP}
  backendUtilization: {}
  dynamicModule: {name: lb, lbPolicyName: mine}
`,
			want: []wantErr{forbidden("spec.loadBalancer.consistentHash"), forbidden("spec.loadBalancer.backendUtilization"), forbidden("spec.loadBalancer.dynamicModule")},
		},
		{
			name: "backend utilization with out of band reports",
			spec: toRoute + `
loadBalancer:
  type: BackendUtilization
  backendUtilization:
    weightUpdatePeriod: 1s
    metricNamesForComputingUtilization: [cpu_utilization]
    outOfBand: {reportingPeriod: 10s, port: 9090, authority: metrics.example.com}
  zoneAware: {weightedZones: [{zone: a, weight: 1}]}
`,
		},
		{
			name: "dynamic module load balancer",
			spec: toRoute + `
loadBalancer:
  type: DynamicModule
  dynamicModule: {name: my-lb, lbPolicyName: least-latency, config: {alpha: 0.5}}
`,
		},
		{
			name: "backend utilization without its settings",
			spec: toRoute + `
loadBalancer: {type: BackendUtilization}
`,
			want: []wantErr{required("spec.loadBalancer.backendUtilization")},
		},
		{
			name: "dynamic module with zone awareness and endpoint override",
			spec: toRoute + `
loadBalancer:
  type: DynamicModule
  dynamicModule: {name: my-lb, lbPolicyName: least-latency}
  zoneAware: {weightedZones: [{zone: a, weight: 1}]}
  endpointOverride: {extractFrom: [{header: x-endpoint}]}
`,
			want: []wantErr{forbidden("spec.loadBalancer.zoneAware"), forbidden("spec.loadBalancer.endpointOverride")},
		},
		{
			name: "dynamic module without its settings",
			spec: toRoute + `
loadBalancer: {type: DynamicModule}
`,
			want: []wantErr{required("spec.loadBalancer.dynamicModule")},
		},
		{
			name: "slow start with round robin",
			spec: toRoute + `
loadBalancer: {type: RoundRobin, slowStart: {window: 30s}, zoneAware: {preferLocal: {percentageEnabled: 50}}}
`,
		},
		{
			name: "slow start with random",
			spec: toRoute + `
loadBalancer: {type: Random, slowStart: {window: 30s}}
`,
			want: []wantErr{forbidden("spec.loadBalancer.slowStart")},
		},
		{
			name: "preferring the local zone with consistent hashing",
			spec: toRoute + `
loadBalancer:
  type: ConsistentHash
  consistentHash: {type: SourceIP}
  zoneAware: {preferLocal: {}}
`,
			want: []wantErr{forbidden("spec.loadBalancer.zoneAware.preferLocal")},
		},
		{
			name: "preferring the local zone with backend utilization",
			spec: toRoute + `
loadBalancer:
  type: BackendUtilization
  backendUtilization: {blackoutPeriod: 10s}
  zoneAware: {preferLocal: {}}
`,
			want: []wantErr{forbidden("spec.loadBalancer.zoneAware.preferLocal")},
		},
		{
			name: "local zone preference and zone weights together",
			spec: toRoute + `
loadBalancer:
  type: LeastRequest
  zoneAware:
    preferLocal: {force: {minEndpointsInZoneThreshold: 1}}
    weightedZones: [{zone: a, weight: 1}, {zone: a, weight: 2}]
`,
			want: []wantErr{duplicate("spec.loadBalancer.zoneAware.weightedZones[1]"), forbidden("spec.loadBalancer.zoneAware.weightedZones")},
		},
		{
			name: "hash inputs that do not match the hash type",
			spec: toRoute + `
loadBalancer:
  type: ConsistentHash
  consistentHash:
    type: Cookie
    headers: [{name: x-a}]
    queryParams: [{name: user}]
`,
			want: []wantErr{
				forbidden("spec.loadBalancer.consistentHash.headers"), required("spec.loadBalancer.consistentHash.cookie"),
				forbidden("spec.loadBalancer.consistentHash.queryParams"),
			},
		},
		{
			name: "hash on headers and on query parameters",
			spec: toRoute + `
loadBalancer:
  type: ConsistentHash
  consistentHash: {type: Headers, header: {name: x-a}}
`,
			want: []wantErr{forbidden("spec.loadBalancer.consistentHash.header"), required("spec.loadBalancer.consistentHash.headers")},
		},
		{
			name: "out of band reports need a positive period",
			spec: toRoute + `
loadBalancer:
  type: BackendUtilization
  backendUtilization:
    outOfBand: {reportingPeriod: 0s, port: 0, authority: ""}
`,
			want: []wantErr{
				invalid("spec.loadBalancer.backendUtilization.outOfBand.reportingPeriod"),
				invalid("spec.loadBalancer.backendUtilization.outOfBand.port"), invalid("spec.loadBalancer.backendUtilization.outOfBand.authority"),
			},
		},
		{
			name: "bad load balancer fields",
			spec: toRoute + `
loadBalancer:
  type: Maglev
  endpointOverride: {extractFrom: []}
  slowStart: {}
`,
			want: []wantErr{
				notSupported("spec.loadBalancer.type"), invalid("spec.loadBalancer.endpointOverride.extractFrom"),
				required("spec.loadBalancer.slowStart.window"),
			},
		},
		{
			name: "predictive preconnect with round robin",
			spec: toRoute + `
loadBalancer: {type: RoundRobin}
connection:
  bufferLimit: 32Ki
  preconnect: {perEndpointPercent: 150, predictivePercent: 200}
`,
		},
		{
			name: "predictive preconnect with least request",
			spec: toRoute + `
loadBalancer: {type: LeastRequest}
connection:
  preconnect: {predictivePercent: 200}
`,
			want: []wantErr{forbidden("spec.connection.preconnect.predictivePercent")},
		},
		{
			name: "preconnect percentages",
			spec: toRoute + `
connection:
  preconnect: {perEndpointPercent: 301}
`,
			want: []wantErr{invalid("spec.connection.preconnect.perEndpointPercent")},
		},
		{
			name: "active HTTP and passive health checks",
			spec: toRoute + `
healthCheck:
  panicThreshold: 50
  active:
    type: HTTP
    timeout: 1s
    interval: 5s
    http:
      path: /healthz
      method: post
      expectedStatuses: [200, 204]
      requestBody: {type: Text, text: ping}
      expectedResponse: {type: Binary, binary: cG9uZw==}
    healthCheckLog:
      sinks: [{type: File, file: {path: /dev/stdout}}]
      matches: [Failure, HealthyTransition]
  passive: {consecutive5XxErrors: 5, maxEjectionPercent: 50, baseEjectionTime: 30s}
`,
		},
		{
			name: "HTTP health check without its settings",
			spec: toRoute + `
healthCheck:
  active: {type: HTTP}
`,
			want: []wantErr{required("spec.healthCheck.active.http")},
		},
		{
			name: "checker settings for another type",
			spec: toRoute + `
healthCheck:
  active:
    type: TCP
    tcp: {send: {type: Text, text: ping}}
    http: {path: /healthz}
    grpc: {service: health}
`,
			want: []wantErr{forbidden("spec.healthCheck.active.http"), forbidden("spec.healthCheck.active.grpc")},
		},
		{
			name: "TCP health check without its settings",
			spec: toRoute + `
healthCheck:
  active: {type: TCP}
`,
			want: []wantErr{required("spec.healthCheck.active.tcp")},
		},
		{
			name: "gRPC health check",
			spec: toRoute + `
healthCheck:
  active: {type: GRPC, grpc: {service: health}, overrides: {port: 9090}}
`,
		},
		{
			name: "request body with GET",
			spec: toRoute + `
healthCheck:
  active:
    type: HTTP
    http: {path: /healthz, method: GET, requestBody: {type: Text, text: ping}}
`,
			want: []wantErr{invalid("spec.healthCheck.active.http.method")},
		},
		{
			name: "request body without a method",
			spec: toRoute + `
healthCheck:
  active:
    type: HTTP
    http: {path: /healthz, requestBody: {type: Text, text: ping}}
`,
			want: []wantErr{required("spec.healthCheck.active.http.method")},
		},
		{
			name: "payloads that do not match their type",
			spec: toRoute + `
healthCheck:
  active:
    type: TCP
    tcp:
      send: {type: Text, binary: cGluZw==}
      receive: {type: Binary, text: pong}
`,
			want: []wantErr{
				required("spec.healthCheck.active.tcp.send.text"), forbidden("spec.healthCheck.active.tcp.send.binary"),
				forbidden("spec.healthCheck.active.tcp.receive.text"), required("spec.healthCheck.active.tcp.receive.binary"),
			},
		},
		{
			name: "health check log with failures only",
			spec: toRoute + `
healthCheck:
  active:
    type: GRPC
    healthCheckLog:
      sinks: [{type: File}]
      matches: [Failure, FailureSeriesStart]
`,
			want: []wantErr{
				required("spec.healthCheck.active.healthCheckLog.sinks[0].file"), invalid("spec.healthCheck.active.healthCheckLog.matches"),
			},
		},
		{
			name: "bad health check fields",
			spec: toRoute + `
healthCheck:
  panicThreshold: 101
  active:
    type: HTTP
    unhealthyThreshold: 0
    http: {path: "", hostname: Example.com, expectedStatuses: [99]}
    healthCheckLog:
      matches: [Success, Recovered]
  passive: {interval: 1.5s, failurePercentageThreshold: -1}
`,
			want: []wantErr{
				invalid("spec.healthCheck.panicThreshold"), invalid("spec.healthCheck.active.unhealthyThreshold"),
				invalid("spec.healthCheck.active.http.hostname"), required("spec.healthCheck.active.http.path"),
				invalid("spec.healthCheck.active.http.expectedStatuses[0]"), notSupported("spec.healthCheck.active.healthCheckLog.matches[1]"),
				invalid("spec.healthCheck.active.healthCheckLog.matches"),
				invalid("spec.healthCheck.passive.interval"), invalid("spec.healthCheck.passive.failurePercentageThreshold"),
			},
		},
		{
			name: "circuit breaker and retries",
			spec: toRoute + `
circuitBreaker:
  maxConnections: 2048
  maxRequestsPerConnection: 4294967295
  perEndpoint: {maxConnections: 10}
  retryBudget: {percent: {numerator: 20}, minRetryConcurrency: 3}
retry:
  numRetries: 3
  retryOn: {triggers: [5xx, reset], httpStatusCodes: [503]}
  perRetry: {timeout: 250ms, backOff: {baseInterval: 100ms, maxInterval: 10s}}
`,
		},
		{
			name: "retry budget above one",
			spec: toRoute + `
circuitBreaker:
  retryBudget: {percent: {numerator: 101}}
`,
			want: []wantErr{invalid("spec.circuitBreaker.retryBudget.percent.numerator")},
		},
		{
			name: "bad circuit breaker and retry fields",
			spec: toRoute + `
circuitBreaker: {maxPendingRequests: 4294967296, perEndpoint: {maxConnections: -1}}
retry:
  numRetries: -1
  retryOn: {triggers: [5XX], httpStatusCodes: [1000]}
  perRetry: {backOff: {baseInterval: 0.1s}}
`,
			want: []wantErr{
				invalid("spec.circuitBreaker.maxPendingRequests"), invalid("spec.circuitBreaker.perEndpoint.maxConnections"),
				invalid("spec.retry.numRetries"), notSupported("spec.retry.retryOn.triggers[0]"),
				invalid("spec.retry.retryOn.httpStatusCodes[0]"), invalid("spec.retry.perRetry.backOff.baseInterval"),
			},
		},
		{
			name: "bad connection, DNS, PROXY protocol and timeout fields",
			spec: toRoute + `
proxyProtocol: {version: V3}
dns: {dnsRefreshRate: 1d, lookupFamily: IPv5}
tcpKeepalive: {idleTime: 1 h}
timeout:
  tcp: {connectTimeout: 10s}
  http: {requestTimeout: 123456s, maxStreamDuration: 1h1m1s1ms1h}
`,
			want: []wantErr{
				notSupported("spec.proxyProtocol.version"), invalid("spec.tcpKeepalive.idleTime"),
				invalid("spec.timeout.http.requestTimeout"), invalid("spec.timeout.http.maxStreamDuration"),
				invalid("spec.dns.dnsRefreshRate"), notSupported("spec.dns.lookupFamily"),
			},
		},
		{
			name: "PROXY protocol without a version",
			spec: toRoute + `
proxyProtocol: {}
`,
			want: []wantErr{required("spec.proxyProtocol.version")},
		},
	})
}
