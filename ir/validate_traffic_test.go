package ir

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// validTraffic is a valid value of every cluster-level traffic feature.
func validTraffic() *TrafficFeatures {
	d := func(v time.Duration) *Duration { return ptrTo(Duration(v)) }
	return &TrafficFeatures{
		Retry:          &Retry{PerRetry: &PerRetryPolicy{BackOff: &BackOffPolicy{BaseInterval: d(time.Second), MaxInterval: d(2 * time.Second)}}},
		CircuitBreaker: &CircuitBreaker{RetryBudget: &RetryBudget{Percent: 20, MinRetryConcurrency: 3}},
		HealthCheck: &HealthCheck{
			PanicThreshold: ptrTo[uint32](40),
			Active: &ActiveHealthCheck{Timeout: d(time.Second), Interval: d(time.Second), UnhealthyThreshold: ptrTo[uint32](3), HealthyThreshold: ptrTo[uint32](1),
				HTTP: &HTTPHealthChecker{Path: "/", ExpectedStatuses: []uint32{200}}, Log: &HealthCheckLog{FileSinks: []HealthCheckLogFile{{Path: "/dev/stdout"}}}},
			Passive: &OutlierDetection{Interval: d(time.Second), MaxEjectionPercent: ptrTo[uint32](100)},
		},
		TCPKeepalive:      &TCPKeepalive{Probes: ptrTo[uint32](3)},
		BackendConnection: &BackendConnection{BufferLimitBytes: ptrTo[uint32](1), Preconnect: &Preconnect{PerEndpointPercent: ptrTo[uint32](100), PredictivePercent: ptrTo[uint32](300)}},
		DNS:               &DNS{DNSRefreshRate: d(time.Second), LookupFamily: ptrTo(DNSLookupIPv6Preferred)},
		LoadBalancer: &LoadBalancer{ConsistentHash: &ConsistentHash{TableSize: ptrTo[uint64](65537), Headers: []*HashHeader{{Name: "x"}}, Cookie: &HashCookie{Name: "c"}},
			PreferLocal: &PreferLocalZone{PercentageEnabled: ptrTo[uint32](50)}},
		HTTP2:         &HTTP2Settings{InitialStreamWindowSize: ptrTo[uint32](65535), ConnectionKeepalive: &HTTP2Keepalive{Timeout: d(time.Second), IntervalJitter: ptrTo[uint32](15)}},
		ProxyProtocol: &ProxyProtocol{Version: ProxyProtocolV1},
	}
}

// TestValidateTraffic checks each rule of the cluster-level traffic
// features, on a route and on the external services of its security
// features, with the field path of the error.
func TestValidateTraffic(t *testing.T) {
	const tp = "http[0].routes[0].traffic"
	cases := []struct {
		name   string
		mutate func(t *TrafficFeatures)
		path   string
	}{
		{"valid", func(*TrafficFeatures) {}, ""},
		{"back-off order", func(t *TrafficFeatures) { t.Retry.PerRetry.BackOff.MaxInterval = ptrTo(Duration(time.Millisecond)) }, tp + ".retry.perRetry.backOff.maxInterval"},
		{"retry budget", func(t *TrafficFeatures) { t.CircuitBreaker.RetryBudget.Percent = 101 }, tp + ".circuitBreaker.retryBudget.percent"},
		{"panic threshold", func(t *TrafficFeatures) { t.HealthCheck.PanicThreshold = ptrTo[uint32](101) }, tp + ".healthCheck.panicThreshold"},
		{"active timeout", func(t *TrafficFeatures) { t.HealthCheck.Active.Timeout = nil }, tp + ".healthCheck.active.timeout"},
		{"active interval", func(t *TrafficFeatures) { t.HealthCheck.Active.Interval = ptrTo(Duration(0)) }, tp + ".healthCheck.active.interval"},
		{"active threshold", func(t *TrafficFeatures) { t.HealthCheck.Active.HealthyThreshold = nil }, tp + ".healthCheck.active.healthyThreshold"},
		{"active two checkers", func(t *TrafficFeatures) { t.HealthCheck.Active.GRPC = &GRPCHealthChecker{} }, tp + ".healthCheck.active"},
		{"active no checker", func(t *TrafficFeatures) { t.HealthCheck.Active.HTTP = nil }, tp + ".healthCheck.active"},
		{"http path", func(t *TrafficFeatures) { t.HealthCheck.Active.HTTP.Path = "" }, tp + ".healthCheck.active.http.path"},
		{"http status", func(t *TrafficFeatures) { t.HealthCheck.Active.HTTP.ExpectedStatuses = []uint32{200, 600} }, tp + ".healthCheck.active.http.expectedStatuses[1]"},
		{"payload both", func(t *TrafficFeatures) {
			t.HealthCheck.Active.HTTP.RequestBody = &HealthCheckPayload{Text: ptrTo("a"), Binary: []byte("b")}
		}, tp + ".healthCheck.active.http.requestBody"},
		{"override port", func(t *TrafficFeatures) { t.HealthCheck.Active.Overrides = &HealthCheckOverrides{Port: 70000} }, tp + ".healthCheck.active.overrides.port"},
		{"log path", func(t *TrafficFeatures) { t.HealthCheck.Active.Log.FileSinks[0].Path = "" }, tp + ".healthCheck.active.backendHealthCheckLog.fileSinks[0].path"},
		{"ejection percent", func(t *TrafficFeatures) { t.HealthCheck.Passive.MaxEjectionPercent = ptrTo[uint32](200) }, tp + ".healthCheck.passive.maxEjectionPercent"},
		{"preconnect per endpoint", func(t *TrafficFeatures) { t.BackendConnection.Preconnect.PerEndpointPercent = ptrTo[uint32](50) }, tp + ".backendConnection.preconnect.perEndpointPercent"},
		{"preconnect predictive", func(t *TrafficFeatures) { t.BackendConnection.Preconnect.PredictivePercent = ptrTo[uint32](99) }, tp + ".backendConnection.preconnect.predictivePercent"},
		{"dns refresh", func(t *TrafficFeatures) { t.DNS.DNSRefreshRate = ptrTo(Duration(0)) }, tp + ".dns.dnsRefreshRate"},
		{"dns family", func(t *TrafficFeatures) { t.DNS.LookupFamily = ptrTo(DNSLookupFamily("IPv5")) }, tp + ".dns.lookupFamily"},
		{"two algorithms", func(t *TrafficFeatures) { t.LoadBalancer.Random = &Random{} }, tp + ".loadBalancer"},
		{"slow start", func(t *TrafficFeatures) {
			t.LoadBalancer.ConsistentHash = nil
			t.LoadBalancer.RoundRobin = &RoundRobin{SlowStart: &SlowStart{}}
		}, tp + ".loadBalancer.roundRobin.slowStart.window"},
		{"table size", func(t *TrafficFeatures) { t.LoadBalancer.ConsistentHash.TableSize = ptrTo[uint64](5000012) }, tp + ".loadBalancer.consistentHash.tableSize"},
		{"hash header", func(t *TrafficFeatures) { t.LoadBalancer.ConsistentHash.Headers[0].Name = "" }, tp + ".loadBalancer.consistentHash.headers[0].name"},
		{"hash cookie", func(t *TrafficFeatures) { t.LoadBalancer.ConsistentHash.Cookie.Name = "" }, tp + ".loadBalancer.consistentHash.cookie.name"},
		{"prefer local", func(t *TrafficFeatures) { t.LoadBalancer.PreferLocal.PercentageEnabled = ptrTo[uint32](101) }, tp + ".loadBalancer.preferLocal.percentageEnabled"},
		{"h2 window", func(t *TrafficFeatures) { t.HTTP2.InitialStreamWindowSize = ptrTo[uint32](1024) }, tp + ".http2.initialStreamWindowSize"},
		{"h2 keepalive", func(t *TrafficFeatures) { t.HTTP2.ConnectionKeepalive.Timeout = ptrTo(Duration(0)) }, tp + ".http2.connectionKeepalive.timeout"},
		{"proxy protocol", func(t *TrafficFeatures) { t.ProxyProtocol.Version = "V3" }, tp + ".proxyProtocol.version"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			x := validXds()
			tf := validTraffic()
			c.mutate(tf)
			x.HTTP[0].Routes[0].Traffic = tf
			checkOneError(t, x.Validate(), c.path)
		})
	}
}

// TestValidateSecurityTraffic checks that the traffic of the ext auth
// service, the remote JWKS and the OIDC provider is validated too.
func TestValidateSecurityTraffic(t *testing.T) {
	const sp = "http[0].routes[0].security"
	bad := func() *TrafficFeatures { return &TrafficFeatures{ProxyProtocol: &ProxyProtocol{}} }
	cases := []struct {
		name string
		sf   *SecurityFeatures
		path string
	}{
		{"ext auth", &SecurityFeatures{ExtAuth: &ExtAuth{Traffic: bad()}}, sp + ".extAuth.traffic.proxyProtocol.version"},
		{"remote JWKS", &SecurityFeatures{JWT: &JWT{Providers: []JWTProvider{{}, {RemoteJWKS: &RemoteJWKS{Traffic: bad()}}}}}, sp + ".jwt.providers[1].remoteJWKS.traffic.proxyProtocol.version"},
		{"OIDC provider", &SecurityFeatures{OIDC: &OIDC{Provider: OIDCProvider{Traffic: bad()}}}, sp + ".oidc.provider.traffic.proxyProtocol.version"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			x := validXds()
			x.HTTP[0].Routes[0].Security = c.sf
			checkOneError(t, x.Validate(), c.path)
		})
	}
}

// checkOneError fails t unless err is nil for an empty path, or exactly
// one *ValidationError at path.
func checkOneError(t *testing.T, err error, path string) {
	t.Helper()
	if path == "" {
		if err != nil {
			t.Fatalf("want valid, got %v", err)
		}
		return
	}
	errs := unjoin(err)
	if len(errs) != 1 {
		t.Fatalf("want one error at %s, got %d: %v", path, len(errs), err)
	}
	var ve *ValidationError
	if !errors.As(errs[0], &ve) || ve.Path != path {
		t.Fatalf("error %v, want one at %s", errs[0], path)
	}
}

// TestValidateRouteTraffic checks the rules of the route-level traffic
// features: each bad value is reported at its field path.
func TestValidateRouteTraffic(t *testing.T) {
	x := &Xds{HTTP: []*HTTPListener{{Name: "l", Address: "0.0.0.0", Port: 80, Hostnames: []string{"*"}, Routes: []*HTTPRoute{{
		Name: "r", Hostname: "*", DirectResponse: &CustomResponse{StatusCode: 200},
		Traffic: &TrafficFeatures{
			RateLimit: &RateLimit{Local: &LocalRateLimit{
				Default: RateLimitValue{Requests: 1, Unit: RateLimitUnitMinute},
				Rules: []*RateLimitRule{
					{Name: "a", Limit: RateLimitValue{Requests: 1, Unit: "Fortnight"}, HeaderMatches: []*StringMatch{{Name: "h", Distinct: true}}},
					{Name: "a", Limit: RateLimitValue{Requests: 1, Unit: RateLimitUnitSecond}},
				},
			}},
			Compression:    []*Compression{{Type: "lz4"}},
			FaultInjection: &FaultInjection{Abort: &FaultInjectionAbort{}},
		},
	}}}}}
	err := x.Validate()
	for _, want := range []string{
		"traffic.rateLimit.local.rules[0].limit.unit",
		"traffic.rateLimit.local.rules[1].name",
		"traffic.rateLimit.local.rules[1]: a local rule needs at least one match",
		"traffic.rateLimit.local.rules[1].limit.unit: must be a multiple",
		"traffic.compression[0].type",
		"traffic.faultInjection.abort",
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate() = %v, want a problem at %s", err, want)
		}
	}
}
