package translator

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"sigs.k8s.io/yaml"

	"github.com/gatewaykit/gatewaykit/ir"
	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

func clusterSettings(t *testing.T, doc string) *egv1a1.ClusterSettings {
	t.Helper()
	var cs egv1a1.ClusterSettings
	if err := yaml.Unmarshal([]byte(doc), &cs); err != nil {
		t.Fatal(err)
	}
	return &cs
}

func irDur(d time.Duration) *ir.Duration { v := ir.Duration(d); return &v }

// TestClusterTrafficFull checks the translation of every cluster setting.
func TestClusterTrafficFull(t *testing.T) {
	cs := clusterSettings(t, `
circuitBreaker: {maxConnections: 2048, maxParallelRequests: 4294967295, maxParallelRetries: 1024, maxPendingRequests: 1,
  maxRequestsPerConnection: 1, perEndpoint: {maxConnections: 9}, retryBudget: {percent: {numerator: 1, denominator: 4}}}
connection: {bufferLimit: 100M, preconnect: {perEndpointPercent: 150}}
dns: {dnsRefreshRate: 30s, lookupFamily: IPv4AndIPv6, respectDnsTtl: false}
healthCheck:
  panicThreshold: 20
  active:
    type: HTTP
    healthyThreshold: 1
    unhealthyThreshold: 3
    interval: 3s
    timeout: 500ms
    http: {path: /healthz, method: get, hostname: probe, expectedStatuses: [300, 200, 200], expectedResponse: {type: Binary, binary: T0s=}}
    healthCheckLog: {matches: [Failure], sinks: [{type: File, file: {path: /tmp/hc.log}}]}
  passive: {baseEjectionTime: 160s, consecutive5XxErrors: 5, consecutiveGatewayErrors: 0, interval: 2s, maxEjectionPercent: 100}
http2: {initialStreamWindowSize: 64Ki, initialConnectionWindowSize: 1Mi, maxConcurrentStreams: 100, onInvalidMessage: TerminateStream}
loadBalancer: {type: ConsistentHash, consistentHash: {type: SourceIP}}
proxyProtocol: {version: V2}
retry:
  numRetries: 3
  perRetry: {backOff: {baseInterval: 1s, maxInterval: 5s}, timeout: 2s}
  retryOn: {triggers: [reset, 5xx, reset], httpStatusCodes: [503, 502]}
tcpKeepalive: {idleTime: 20m, interval: 60s, probes: 3}
timeout: {tcp: {connectTimeout: 15s}, http: {requestTimeout: 5s}}
`)
	got, err := clusterTraffic(cs)
	if err != nil {
		t.Fatal(err)
	}
	v4v6 := ir.DNSLookupIPv4AndIPv6
	want := &ir.TrafficFeatures{
		Timeout:           &ir.Timeout{TCP: &ir.TCPTimeout{ConnectTimeout: irDur(15 * time.Second)}, HTTP: &ir.HTTPTimeout{RequestTimeout: irDur(5 * time.Second)}},
		BackendConnection: &ir.BackendConnection{BufferLimitBytes: new(uint32(100000000)), Preconnect: &ir.Preconnect{PerEndpointPercent: new(uint32(150))}},
		TCPKeepalive:      &ir.TCPKeepalive{Probes: new(uint32(3)), IdleTime: new(uint32(1200)), Interval: new(uint32(60))},
		CircuitBreaker: &ir.CircuitBreaker{
			MaxConnections: new(uint32(2048)), MaxParallelRequests: new(uint32(4294967295)), MaxParallelRetries: new(uint32(1024)),
			MaxPendingRequests: new(uint32(1)), MaxRequestsPerConnection: new(uint32(1)),
			PerEndpoint: &ir.PerEndpointCircuitBreakers{MaxConnections: new(uint32(9))},
			RetryBudget: &ir.RetryBudget{Percent: 25, MinRetryConcurrency: 3},
		},
		LoadBalancer:  &ir.LoadBalancer{ConsistentHash: &ir.ConsistentHash{SourceIP: new(true)}},
		ProxyProtocol: &ir.ProxyProtocol{Version: ir.ProxyProtocolV2},
		HealthCheck: &ir.HealthCheck{
			PanicThreshold: new(uint32(20)),
			Active: &ir.ActiveHealthCheck{
				Timeout: irDur(500 * time.Millisecond), Interval: irDur(3 * time.Second),
				UnhealthyThreshold: new(uint32(3)), HealthyThreshold: new(uint32(1)),
				HTTP: &ir.HTTPHealthChecker{Host: "probe", Path: "/healthz", Method: new("GET"), ExpectedStatuses: []uint32{200, 300},
					ExpectedResponse: &ir.HealthCheckPayload{Binary: []byte("OK")}},
				Log: &ir.HealthCheckLog{AlwaysLogHealthCheckFailures: true, FileSinks: []ir.HealthCheckLogFile{{Path: "/tmp/hc.log"}}},
			},
			Passive: &ir.OutlierDetection{
				Interval: irDur(2 * time.Second), BaseEjectionTime: irDur(160 * time.Second),
				Consecutive5xxErrors: new(uint32(5)), ConsecutiveGatewayErrors: new(uint32(0)), MaxEjectionPercent: new(uint32(100)),
			},
		},
		DNS: &ir.DNS{DNSRefreshRate: irDur(30 * time.Second), LookupFamily: &v4v6, RespectDNSTTL: new(false)},
		HTTP2: &ir.HTTP2Settings{InitialStreamWindowSize: new(uint32(65536)), InitialConnectionWindowSize: new(uint32(1048576)),
			MaxConcurrentStreams: new(uint32(100)), ResetStreamOnError: new(true)},
		Retry: &ir.Retry{
			NumRetries: new(uint32(3)),
			RetryOn:    &ir.RetryOn{Triggers: []string{"5xx", "reset"}, HTTPStatusCodes: []uint32{502, 503}},
			PerRetry:   &ir.PerRetryPolicy{Timeout: irDur(2 * time.Second), BackOff: &ir.BackOffPolicy{BaseInterval: irDur(time.Second), MaxInterval: irDur(5 * time.Second)}},
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("traffic (-want +got):\n%s", diff)
	}
	// What the translator builds is valid IR.
	x := &ir.Xds{HTTP: []*ir.HTTPListener{{Name: "l", Address: "0.0.0.0", Port: 80, Hostnames: []string{"*"}, Routes: []*ir.HTTPRoute{{
		Name: "r", Hostname: "*", DirectResponse: &ir.CustomResponse{StatusCode: 200}, Traffic: got,
	}}}}}
	if err := x.Validate(); err != nil {
		t.Errorf("Validate: %v", err)
	}
}

// TestClusterTrafficDefaults checks the schema defaults filled for health
// checks and that settings setting nothing give no features.
func TestClusterTrafficDefaults(t *testing.T) {
	for _, doc := range []string{"{}", "loadBalancer: null"} {
		if got, err := clusterTraffic(clusterSettings(t, doc)); got != nil || err != nil {
			t.Errorf("%s: %+v, %v", doc, got, err)
		}
	}
	got, err := clusterTraffic(clusterSettings(t, `healthCheck: {active: {type: GRPC}, passive: {}}`))
	if err != nil {
		t.Fatal(err)
	}
	want := &ir.HealthCheck{
		Active: &ir.ActiveHealthCheck{Timeout: irDur(time.Second), Interval: irDur(3 * time.Second),
			UnhealthyThreshold: new(uint32(3)), HealthyThreshold: new(uint32(1)), GRPC: &ir.GRPCHealthChecker{}},
		Passive: &ir.OutlierDetection{Interval: irDur(3 * time.Second), BaseEjectionTime: irDur(30 * time.Second)},
	}
	if diff := cmp.Diff(want, got.HealthCheck); diff != "" {
		t.Errorf("health check (-want +got):\n%s", diff)
	}
	got, err = clusterTraffic(clusterSettings(t, `healthCheck: {active: {type: HTTP, http: {path: /}, healthCheckLog: {}}}`))
	if err != nil {
		t.Fatal(err)
	}
	wantLog := &ir.HealthCheckLog{AlwaysLogHealthCheckFailures: true, AlwaysLogHealthCheckSuccess: true, FileSinks: []ir.HealthCheckLogFile{{Path: "/dev/stdout"}}}
	if diff := cmp.Diff(wantLog, got.HealthCheck.Active.Log); diff != "" || !cmp.Equal(got.HealthCheck.Active.HTTP.ExpectedStatuses, []uint32{200}) {
		t.Errorf("health check log (-want +got):\n%s; statuses %v", diff, got.HealthCheck.Active.HTTP.ExpectedStatuses)
	}
}

// TestClusterTrafficErrors checks Envoy Gateway's messages, the order of
// the checks (the first problem is reported), and the values an API
// server would have refused.
func TestClusterTrafficErrors(t *testing.T) {
	tests := []struct{ name, doc, want string }{
		{"timeout first", `{timeout: {tcp: {connectTimeout: 1x}}, connection: {bufferLimit: 1.5}}`, "invalid ConnectTimeout value 1x"},
		{"buffer limit", `{connection: {bufferLimit: 1.5}, tcpKeepalive: {idleTime: x}}`, "invalid BufferLimit value 1500m"},
		{"keepalive", `{tcpKeepalive: {idleTime: x}, circuitBreaker: {maxConnections: -1}}`, "invalid IdleTime value x"},
		{"circuit breaker", `{circuitBreaker: {maxConnections: -1}}`, "invalid MaxConnections value -1"},
		{"table size", `{loadBalancer: {type: ConsistentHash, consistentHash: {type: SourceIP, tableSize: 100}}}`, "ConsistentHash: invalid TableSize value 100"},
		{"unsupported lb", `{loadBalancer: {type: DynamicModule}}`, `load balancer type "DynamicModule" is not supported for this backend yet`},
		{"endpoint override without a header", `{loadBalancer: {type: RoundRobin, endpointOverride: {extractFrom: [{}]}}}`, "endpointOverride.extractFrom[0].header must be set"},
		{"http check without http", `{healthCheck: {active: {type: HTTP}}}`, "an active health check of type HTTP needs http settings"},
		{"http2 window", `{http2: {initialStreamWindowSize: 1Ki}}`, "InitialStreamWindowSize value 1Ki is out of range, must be between 65535 and 2147483647"},
		{"retry interval", `{retry: {perRetry: {backOff: {baseInterval: 0s}}}}`, "baseInterval cannot be set to 0s"},
		{"retry trigger", `{retry: {retryOn: {triggers: ["foo,bar"]}}}`, `invalid RetryOn trigger: "foo,bar" is not supported`},
		{"panic threshold", `{healthCheck: {panicThreshold: 101}}`, "invalid PanicThreshold: 101 is not a percentage"},
		{"status", `{healthCheck: {active: {type: HTTP, http: {path: /, expectedStatuses: [99]}}}}`, "invalid ExpectedStatuses: 99 is not an HTTP status"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := clusterTraffic(clusterSettings(t, tc.doc))
			if err == nil || err.Error() != tc.want {
				t.Errorf("got %v, want %q", err, tc.want)
			}
		})
	}
}

// TestExtServicesCarryTraffic checks that the backendSettings of each kind
// of external service reach the IR of the feature.
func TestExtServicesCarryTraffic(t *testing.T) {
	const settings = `backendSettings: {circuitBreaker: {maxConnections: 7}}`
	check := func(name string, tf *ir.TrafficFeatures) {
		t.Helper()
		if tf == nil || tf.CircuitBreaker == nil || tf.CircuitBreaker.MaxConnections == nil || *tf.CircuitBreaker.MaxConnections != 7 {
			t.Errorf("%s traffic = %+v", name, tf)
		}
	}
	f, msg := spBuild(t, "", `extAuth: {grpc: {backendRefs: [{name: authz, port: 9000}], `+settings+`}}`)
	if msg != "" {
		t.Fatal(msg)
	}
	check("ext auth", f.IR().ExtAuth.Traffic)
	f, msg = spBuild(t, "", `jwt: {providers: [{name: a, remoteJWKS: {uri: "https://x.example.com/jwks", `+settings+`}}]}`)
	if msg != "" {
		t.Fatal(msg)
	}
	check("remote JWKS", f.IR().JWT.Providers[0].RemoteJWKS.Traffic)
	f, msg = spBuild(t, "", `oidc: {provider: {issuer: "https://idp.example.com", `+settings+`}, clientID: id, clientSecret: {name: oidc}}`)
	if msg != "" {
		t.Fatal(msg)
	}
	check("OIDC provider", f.IR().OIDC.Provider.Traffic)
}
