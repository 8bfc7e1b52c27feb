package translator

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/gatewaykit/gatewaykit/ir"
	"github.com/gatewaykit/gatewaykit/policy"
	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// btpPolicy returns policy default/p with spec s.
func btpPolicy(s egv1a1.BackendTrafficPolicySpec) *egv1a1.BackendTrafficPolicy {
	return &egv1a1.BackendTrafficPolicy{ObjectMeta: metav1.ObjectMeta{Namespace: "default", Name: "p"}, Spec: s}
}

// btpTranslation returns a translation whose index holds the ConfigMaps.
func btpTranslation(cms ...*corev1.ConfigMap) *translation {
	return &translation{idx: newIndex(&Resources{ConfigMaps: cms})}
}

// btpConfigMap returns ConfigMap default/name with the data.
func btpConfigMap(name string, data map[string]string, binary map[string][]byte) *corev1.ConfigMap {
	return &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Namespace: "default", Name: name}, Data: data, BinaryData: binary}
}

// Short constructors for the specs of the tables below.
func btpQty(s string) *resource.Quantity { return new(resource.MustParse(s)) }
func btpDur(s string) *gwapiv1.Duration  { return new(gwapiv1.Duration(s)) }

func btpLocal(rules ...egv1a1.RateLimitRule) *egv1a1.RateLimitSpec {
	return &egv1a1.RateLimitSpec{Local: &egv1a1.LocalRateLimit{Rules: rules}}
}

func btpGlobal(rules ...egv1a1.RateLimitRule) *egv1a1.RateLimitSpec {
	return &egv1a1.RateLimitSpec{Global: &egv1a1.GlobalRateLimit{Rules: rules}}
}

func btpRule(unit egv1a1.RateLimitUnit, sels ...egv1a1.RateLimitSelectCondition) egv1a1.RateLimitRule {
	return egv1a1.RateLimitRule{ClientSelectors: sels, Limit: egv1a1.RateLimitValue{Requests: 10, Unit: unit}}
}

func btpHeaderSel(h egv1a1.HeaderMatch) egv1a1.RateLimitSelectCondition {
	return egv1a1.RateLimitSelectCondition{Headers: []egv1a1.HeaderMatch{h}}
}

func btpQuerySel(q egv1a1.QueryParamMatch) egv1a1.RateLimitSelectCondition {
	return egv1a1.RateLimitSelectCondition{QueryParams: []egv1a1.QueryParamMatch{q}}
}

func btpBodyRef(name string) []egv1a1.ResponseOverride {
	return []egv1a1.ResponseOverride{{
		Match: egv1a1.CustomResponseMatch{StatusCodes: []egv1a1.StatusCodeMatch{{Type: egv1a1.StatusCodeValueTypeValue, Value: new(500)}}},
		Response: &egv1a1.CustomResponse{Body: &egv1a1.CustomResponseBody{
			Type: egv1a1.ResponseValueTypeValueRef, ValueRef: &gwapiv1.LocalObjectReference{Kind: "ConfigMap", Name: gwapiv1.ObjectName(name)},
		}},
	}}
}

// TestBuildBTPFeaturesErrors checks every message an invalid
// BackendTrafficPolicy gets, as its status shows it (after
// conditionMessage). The messages are Envoy Gateway's.
func TestBuildBTPFeaturesErrors(t *testing.T) {
	cms := []*corev1.ConfigMap{btpConfigMap("empty", nil, nil)}
	distinct := new(egv1a1.HeaderMatchTypeDistinct)
	regexHeader := new(egv1a1.HeaderMatchTypeRegularExpression)
	qRegex := new(egv1a1.QueryParamMatchTypeRegularExpression)
	qDistinct := new(egv1a1.QueryParamMatchTypeDistinct)
	tests := []struct {
		name string
		spec egv1a1.BackendTrafficPolicySpec
		want string
	}{
		// Rate limits.
		{"rate limit type", egv1a1.BackendTrafficPolicySpec{RateLimit: &egv1a1.RateLimitSpec{Type: new(egv1a1.RateLimitType("Both"))}},
			"RateLimit: invalid rateLimit type: Both."},
		{"local type without local", egv1a1.BackendTrafficPolicySpec{RateLimit: &egv1a1.RateLimitSpec{Type: new(egv1a1.RateLimitTypeLocal)}},
			"RateLimit: local configuration empty for rateLimit."},
		{"global type without global", egv1a1.BackendTrafficPolicySpec{RateLimit: &egv1a1.RateLimitSpec{Type: new(egv1a1.RateLimitTypeGlobal)}},
			"RateLimit: global configuration empty for rateLimit."},
		{"two default local rules", egv1a1.BackendTrafficPolicySpec{RateLimit: btpLocal(btpRule("Second"), btpRule("Minute"))},
			"RateLimit: local rateLimit can not have more than one rule without clientSelectors."},
		{"local unit not a multiple", egv1a1.BackendTrafficPolicySpec{RateLimit: btpLocal(
			btpRule("Minute"), btpRule("Second", btpHeaderSel(egv1a1.HeaderMatch{Name: "x", Value: new("a")})))},
			"RateLimit: local rateLimit rule limit unit must be a multiple of the default limit unit."},
		{"local default unit unknown", egv1a1.BackendTrafficPolicySpec{RateLimit: btpLocal(btpRule("Fortnight"))},
			"RateLimit: local rateLimit rule limit unit must be a multiple of the default limit unit."},
		{"empty client selector", egv1a1.BackendTrafficPolicySpec{RateLimit: btpGlobal(btpRule("Second", egv1a1.RateLimitSelectCondition{}))},
			"RateLimit: unable to translate rateLimit. At least one of the header or method or path or sourceCIDR or queryParameters must be specified."},
		{"distinct header inverted", egv1a1.BackendTrafficPolicySpec{RateLimit: btpGlobal(btpRule("Second",
			btpHeaderSel(egv1a1.HeaderMatch{Name: "x", Type: distinct, Invert: new(true)})))},
			"RateLimit: unable to translate rateLimit.Invert is not applicable for distinct header match type."},
		{"distinct header with value", egv1a1.BackendTrafficPolicySpec{RateLimit: btpGlobal(btpRule("Second",
			btpHeaderSel(egv1a1.HeaderMatch{Name: "x", Type: distinct, Value: new("a")})))},
			"RateLimit: unable to translate rateLimit. Either the header.Type is not valid or the header is missing a value."},
		{"exact header without value", egv1a1.BackendTrafficPolicySpec{RateLimit: btpGlobal(btpRule("Second",
			btpHeaderSel(egv1a1.HeaderMatch{Name: "x"})))},
			"RateLimit: unable to translate rateLimit. Either the header.Type is not valid or the header is missing a value."},
		{"header regex", egv1a1.BackendTrafficPolicySpec{RateLimit: btpGlobal(btpRule("Second",
			btpHeaderSel(egv1a1.HeaderMatch{Name: "x", Type: regexHeader, Value: new("*.illegal.regex")})))},
			"RateLimit: regex \"*.illegal.regex\" is invalid: error parsing regexp: missing argument to repetition operator: `*`."},
		{"local rule regex", egv1a1.BackendTrafficPolicySpec{RateLimit: btpLocal(btpRule("Second",
			btpHeaderSel(egv1a1.HeaderMatch{Name: "x", Type: regexHeader, Value: new("(")})))},
			"RateLimit: regex \"(\" is invalid: error parsing regexp: missing closing ): `(`."},
		{"path type", egv1a1.BackendTrafficPolicySpec{RateLimit: btpGlobal(btpRule("Second",
			egv1a1.RateLimitSelectCondition{Path: &egv1a1.PathMatch{Type: new(gwapiv1.PathMatchType("Suffix")), Value: "/a"}}))},
			"RateLimit: unable to translate rateLimit: invalid path type."},
		{"path regex", egv1a1.BackendTrafficPolicySpec{RateLimit: btpGlobal(btpRule("Second",
			egv1a1.RateLimitSelectCondition{Path: &egv1a1.PathMatch{Type: new(gwapiv1.PathMatchRegularExpression), Value: "/[a"}}))},
			"RateLimit: regex \"/[a\" is invalid: error parsing regexp: missing closing ]: `[a`."},
		{"source CIDR", egv1a1.BackendTrafficPolicySpec{RateLimit: btpGlobal(btpRule("Second",
			egv1a1.RateLimitSelectCondition{SourceCIDR: &egv1a1.SourceMatch{Value: "10.0.0.0/33"}}))},
			"RateLimit: unable to translate rateLimit: invalid CIDR address: 10.0.0.0/33."},
		{"query param without name", egv1a1.BackendTrafficPolicySpec{RateLimit: btpGlobal(btpRule("Second",
			btpQuerySel(egv1a1.QueryParamMatch{Value: new("a")})))},
			"RateLimit: name is required when QueryParamMatch is specified."},
		{"exact query param without value", egv1a1.BackendTrafficPolicySpec{RateLimit: btpGlobal(btpRule("Second",
			btpQuerySel(egv1a1.QueryParamMatch{Name: "q"})))},
			"RateLimit: value is required for Exact query parameter match."},
		{"regex query param without value", egv1a1.BackendTrafficPolicySpec{RateLimit: btpGlobal(btpRule("Second",
			btpQuerySel(egv1a1.QueryParamMatch{Name: "q", Type: qRegex, Value: new("")})))},
			"RateLimit: value is required for RegularExpression query parameter match."},
		{"query param regex", egv1a1.BackendTrafficPolicySpec{RateLimit: btpGlobal(btpRule("Second",
			btpQuerySel(egv1a1.QueryParamMatch{Name: "q", Type: qRegex, Value: new("a**")})))},
			"RateLimit: regex \"a**\" is invalid: error parsing regexp: invalid nested repetition operator: `**`."},
		{"distinct query param inverted", egv1a1.BackendTrafficPolicySpec{RateLimit: btpGlobal(btpRule("Second",
			btpQuerySel(egv1a1.QueryParamMatch{Name: "q", Type: qDistinct, Invert: new(true)})))},
			"RateLimit: unable to translate rateLimit.Invert is not applicable for distinct query parameter match type."},
		{"distinct query param with value", egv1a1.BackendTrafficPolicySpec{RateLimit: btpGlobal(btpRule("Second",
			btpQuerySel(egv1a1.QueryParamMatch{Name: "q", Type: qDistinct, Value: new("a")})))},
			"RateLimit: unable to translate rateLimit.Value is not applicable for distinct query parameter match type."},
		{"query param type", egv1a1.BackendTrafficPolicySpec{RateLimit: btpGlobal(btpRule("Second",
			btpQuerySel(egv1a1.QueryParamMatch{Name: "q", Type: new(egv1a1.QueryParamMatchType("Prefix")), Value: new("a")})))},
			"RateLimit: invalid query parameter match type: Prefix."},

		// Bandwidth limits.
		{"bandwidth not whole", egv1a1.BackendTrafficPolicySpec{BandwidthLimit: &egv1a1.BandwidthLimitSpec{
			Request: &egv1a1.BandwidthLimitRequestConfig{Limit: egv1a1.BandwidthLimitValue{Value: resource.MustParse("0.5"), Unit: "Second"}}}},
			"BandwidthLimit: request limit value must be convertible to an int64."},
		{"bandwidth negative", egv1a1.BackendTrafficPolicySpec{BandwidthLimit: &egv1a1.BandwidthLimitSpec{
			Response: &egv1a1.BandwidthLimitResponseConfig{Limit: egv1a1.BandwidthLimitValue{Value: resource.MustParse("-1Ki"), Unit: "Second"}}}},
			"BandwidthLimit: response limit value must be positive."},
		{"bandwidth below 1KiB/s", egv1a1.BackendTrafficPolicySpec{BandwidthLimit: &egv1a1.BandwidthLimitSpec{
			Response: &egv1a1.BandwidthLimitResponseConfig{Limit: egv1a1.BandwidthLimitValue{Value: resource.MustParse("59Ki"), Unit: "Minute"}}}},
			"BandwidthLimit: response: bandwidth limit of 60416 bytes per Minute is below the minimum of 1 KiB/s."},

		// Load balancer.
		{"table size not prime", egv1a1.BackendTrafficPolicySpec{ClusterSettings: egv1a1.ClusterSettings{LoadBalancer: &egv1a1.LoadBalancer{
			Type: egv1a1.LoadBalancerTypeConsistentHash, ConsistentHash: &egv1a1.ConsistentHash{Type: "SourceIP", TableSize: new(int64(100))}}}},
			"LoadBalancer: ConsistentHash: invalid TableSize value 100."},
		{"table size too large", egv1a1.BackendTrafficPolicySpec{ClusterSettings: egv1a1.ClusterSettings{LoadBalancer: &egv1a1.LoadBalancer{
			Type: egv1a1.LoadBalancerTypeConsistentHash, ConsistentHash: &egv1a1.ConsistentHash{Type: "SourceIP", TableSize: new(int64(5000012))}}}},
			"LoadBalancer: ConsistentHash: invalid TableSize value 5000012."},
		{"slow start window", egv1a1.BackendTrafficPolicySpec{ClusterSettings: egv1a1.ClusterSettings{LoadBalancer: &egv1a1.LoadBalancer{
			Type: egv1a1.LoadBalancerTypeRoundRobin, SlowStart: &egv1a1.SlowStart{Window: "5x"}}}},
			`LoadBalancer: time: unknown unit "x" in duration "5x".`},
		{"blackout period", egv1a1.BackendTrafficPolicySpec{ClusterSettings: egv1a1.ClusterSettings{LoadBalancer: &egv1a1.LoadBalancer{
			Type: egv1a1.LoadBalancerTypeBackendUtilization, BackendUtilization: &egv1a1.BackendUtilization{BlackoutPeriod: btpDur("ten")}}}},
			`LoadBalancer: invalid BlackoutPeriod value ten: time: invalid duration "ten".`},
		{"reporting period", egv1a1.BackendTrafficPolicySpec{ClusterSettings: egv1a1.ClusterSettings{LoadBalancer: &egv1a1.LoadBalancer{
			Type: egv1a1.LoadBalancerTypeBackendUtilization, BackendUtilization: &egv1a1.BackendUtilization{
				OutOfBand: &egv1a1.OutOfBandReporting{ReportingPeriod: btpDur("1d")}}}}},
			`LoadBalancer: invalid OutOfBand ReportingPeriod value 1d: time: unknown unit "d" in duration "1d".`},

		// Circuit breaker, TCP keepalive, retry.
		{"circuit breaker negative", egv1a1.BackendTrafficPolicySpec{ClusterSettings: egv1a1.ClusterSettings{
			CircuitBreaker: &egv1a1.CircuitBreaker{MaxConnections: new(int64(-1))}}},
			"CircuitBreaker: invalid MaxConnections value -1."},
		{"circuit breaker too large", egv1a1.BackendTrafficPolicySpec{ClusterSettings: egv1a1.ClusterSettings{
			CircuitBreaker: &egv1a1.CircuitBreaker{MaxRequestsPerConnection: new(int64(1 << 32))}}},
			"CircuitBreaker: invalid MaxRequestsPerConnection value 4294967296."},
		{"keepalive idle time", egv1a1.BackendTrafficPolicySpec{ClusterSettings: egv1a1.ClusterSettings{
			TCPKeepalive: &egv1a1.TCPKeepalive{IdleTime: btpDur("1hour")}}},
			"TCPKeepalive: invalid IdleTime value 1hour."},
		{"keepalive interval", egv1a1.BackendTrafficPolicySpec{ClusterSettings: egv1a1.ClusterSettings{
			TCPKeepalive: &egv1a1.TCPKeepalive{Interval: btpDur("x")}}},
			"TCPKeepalive: invalid Interval value x."},
		{"retry timeout", egv1a1.BackendTrafficPolicySpec{ClusterSettings: egv1a1.ClusterSettings{
			Retry: &egv1a1.Retry{PerRetry: &egv1a1.PerRetryPolicy{Timeout: btpDur("1 s")}}}},
			`Retry: time: unknown unit " s" in duration "1 s".`},
		{"retry base interval zero", egv1a1.BackendTrafficPolicySpec{ClusterSettings: egv1a1.ClusterSettings{
			Retry: &egv1a1.Retry{PerRetry: &egv1a1.PerRetryPolicy{BackOff: &egv1a1.BackOffPolicy{BaseInterval: btpDur("0s")}}}}},
			"Retry: baseInterval cannot be set to 0s."},
		{"retry max interval zero", egv1a1.BackendTrafficPolicySpec{ClusterSettings: egv1a1.ClusterSettings{
			Retry: &egv1a1.Retry{PerRetry: &egv1a1.PerRetryPolicy{BackOff: &egv1a1.BackOffPolicy{MaxInterval: btpDur("0ms")}}}}},
			"Retry: maxInterval cannot be set to 0s."},
		{"retry intervals reversed", egv1a1.BackendTrafficPolicySpec{ClusterSettings: egv1a1.ClusterSettings{
			Retry: &egv1a1.Retry{PerRetry: &egv1a1.PerRetryPolicy{BackOff: &egv1a1.BackOffPolicy{BaseInterval: btpDur("2s"), MaxInterval: btpDur("1s")}}}}},
			"Retry: maxInterval cannot be less than baseInterval."},

		// Timeouts.
		{"connect timeout", egv1a1.BackendTrafficPolicySpec{ClusterSettings: egv1a1.ClusterSettings{
			Timeout: &egv1a1.Timeout{TCP: &egv1a1.TCPTimeout{ConnectTimeout: btpDur("10kib")}}}},
			"Timeout: invalid ConnectTimeout value 10kib."},
		{"every timeout", egv1a1.BackendTrafficPolicySpec{ClusterSettings: egv1a1.ClusterSettings{
			Timeout: &egv1a1.Timeout{TCP: &egv1a1.TCPTimeout{ConnectTimeout: btpDur("a")}, HTTP: &egv1a1.HTTPTimeout{
				ConnectionIdleTimeout: btpDur("b"), MaxConnectionDuration: btpDur("c"), RequestTimeout: btpDur("d"),
				MaxStreamDuration: btpDur("e"), StreamIdleTimeout: btpDur("f")}}}},
			"Timeout: invalid ConnectTimeout value a\ninvalid ConnectionIdleTimeout value b\ninvalid MaxConnectionDuration value c\n" +
				"invalid RequestTimeout value d\ninvalid MaxStreamDuration value e\ninvalid StreamIdleTimeout value f."},

		// Backend connection and HTTP/2.
		{"buffer limit out of range", egv1a1.BackendTrafficPolicySpec{ClusterSettings: egv1a1.ClusterSettings{
			Connection: &egv1a1.BackendConnection{BufferLimit: btpQty("1T")}}},
			"BackendConnection: BufferLimit value 1T is out of range."},
		{"buffer limit negative", egv1a1.BackendTrafficPolicySpec{ClusterSettings: egv1a1.ClusterSettings{
			Connection: &egv1a1.BackendConnection{BufferLimit: btpQty("-1")}}},
			"BackendConnection: BufferLimit value -1 is out of range."},
		{"buffer limit not whole", egv1a1.BackendTrafficPolicySpec{ClusterSettings: egv1a1.ClusterSettings{
			Connection: &egv1a1.BackendConnection{BufferLimit: btpQty("1.5")}}},
			"BackendConnection: invalid BufferLimit value 1500m."},
		{"http2 windows", egv1a1.BackendTrafficPolicySpec{ClusterSettings: egv1a1.ClusterSettings{HTTP2: &egv1a1.HTTP2Settings{
			InitialStreamWindowSize: btpQty("1Ki"), InitialConnectionWindowSize: btpQty("2Gi")}}},
			"HTTP2: InitialStreamWindowSize value 1Ki is out of range, must be between 65535 and 2147483647\n" +
				"InitialConnectionWindowSize value 2Gi is out of range, must be between 65535 and 2147483647."},
		{"http2 window not whole", egv1a1.BackendTrafficPolicySpec{ClusterSettings: egv1a1.ClusterSettings{HTTP2: &egv1a1.HTTP2Settings{
			InitialStreamWindowSize: btpQty("0.5")}}},
			"HTTP2: invalid InitialStreamWindowSize value 500m."},
		{"http2 keepalive", egv1a1.BackendTrafficPolicySpec{ClusterSettings: egv1a1.ClusterSettings{HTTP2: &egv1a1.HTTP2Settings{
			ConnectionKeepalive: &egv1a1.HTTP2KeepaliveSettings{Interval: btpDur("1m"), IdleInterval: btpDur("soon")}}}},
			`HTTP2: invalid ConnectionKeepalive.IdleInterval: time: invalid duration "soon".`},

		// Response override, request buffer, telemetry.
		{"configmap missing", egv1a1.BackendTrafficPolicySpec{ResponseOverride: btpBodyRef("response-override-config-2")},
			"ResponseOverride: can't find the referenced configmap default/response-override-config-2."},
		{"configmap empty", egv1a1.BackendTrafficPolicySpec{ResponseOverride: btpBodyRef("empty")},
			"ResponseOverride: can't find the key response.body in the referenced configmap default/empty."},
		{"request buffer out of range", egv1a1.BackendTrafficPolicySpec{RequestBuffer: &egv1a1.RequestBuffer{Limit: btpQty("5000Mi")}},
			"RequestBuffer: limit value 5000Mi is out of range, must be between 0 and 4294967295."},
		{"request buffer not whole", egv1a1.BackendTrafficPolicySpec{RequestBuffer: &egv1a1.RequestBuffer{Limit: btpQty("0.1")}},
			"RequestBuffer: limit must be convertible to an int64."},
		{"request buffer and upgrades", egv1a1.BackendTrafficPolicySpec{RequestBuffer: &egv1a1.RequestBuffer{Limit: btpQty("1Mi")},
			HTTPUpgrade: []egv1a1.ProtocolUpgradeConfig{{Type: "websocket"}}},
			"RequestBuffer: requestBuffer cannot be used together with httpUpgrade."},
		{"route stat name", egv1a1.BackendTrafficPolicySpec{Telemetry: &egv1a1.BackendTelemetry{Metrics: &egv1a1.BackendMetrics{
			RouteStatName: new("%ROUTE_NAME%/%BACKEND_REFS%")}}},
			"Telemetry: unable to configure Route Stat Name with unsupported operator: %BACKEND_REFS%."},
		{"route stat name twice", egv1a1.BackendTrafficPolicySpec{Telemetry: &egv1a1.BackendTelemetry{Metrics: &egv1a1.BackendMetrics{
			RouteStatName: new("%A%.%ROUTE_KIND%.%B%")}}},
			"Telemetry: [unable to configure Route Stat Name with unsupported operator: %A%, " +
				"unable to configure Route Stat Name with unsupported operator: %B%]."},

		// Several problems, in Envoy Gateway's order.
		{"joined in order", egv1a1.BackendTrafficPolicySpec{
			RequestBuffer:    &egv1a1.RequestBuffer{Limit: btpQty("5000Mi")},
			ResponseOverride: btpBodyRef("missing"),
			RateLimit:        btpLocal(btpRule("Second"), btpRule("Second")),
			ClusterSettings: egv1a1.ClusterSettings{
				Timeout:      &egv1a1.Timeout{TCP: &egv1a1.TCPTimeout{ConnectTimeout: btpDur("1")}},
				LoadBalancer: &egv1a1.LoadBalancer{Type: egv1a1.LoadBalancerTypeConsistentHash, ConsistentHash: &egv1a1.ConsistentHash{TableSize: new(int64(4))}},
			}},
			"RateLimit: local rateLimit can not have more than one rule without clientSelectors\n" +
				"LoadBalancer: ConsistentHash: invalid TableSize value 4\n" +
				"Timeout: invalid ConnectTimeout value 1\n" +
				"ResponseOverride: can't find the referenced configmap default/missing\n" +
				"RequestBuffer: limit value 5000Mi is out of range, must be between 0 and 4294967295."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, err := btpTranslation(cms...).buildBTPFeatures(btpPolicy(tc.spec))
			if f == nil {
				t.Fatal("features are nil")
			}
			if err == nil {
				t.Fatalf("no error, want %q", tc.want)
			}
			if got := policy.ConditionText(err.Error()); got != tc.want {
				t.Errorf("message\n got: %q\nwant: %q", got, tc.want)
			}
		})
	}
}

// TestBuildBTPFeaturesValid checks that valid policies, including those
// near the limits Envoy Gateway checks, are accepted.
func TestBuildBTPFeaturesValid(t *testing.T) {
	cms := []*corev1.ConfigMap{
		btpConfigMap("body", map[string]string{"response.body": "oops"}, nil),
		btpConfigMap("other-key", map[string]string{"b": "2", "a": "1"}, nil),
		btpConfigMap("binary", nil, map[string][]byte{"x": []byte("bin")}),
	}
	distinct := new(egv1a1.HeaderMatchTypeDistinct)
	tests := []struct {
		name string
		spec egv1a1.BackendTrafficPolicySpec
	}{
		{"empty", egv1a1.BackendTrafficPolicySpec{}},
		{"local with default rule", egv1a1.BackendTrafficPolicySpec{RateLimit: btpLocal(
			btpRule("Second"),
			btpRule("Minute", btpHeaderSel(egv1a1.HeaderMatch{Name: "x", Type: distinct})),
			btpRule("Week", egv1a1.RateLimitSelectCondition{SourceCIDR: &egv1a1.SourceMatch{Value: "2001:db8::/64"}}))}},
		{"local rules without default", egv1a1.BackendTrafficPolicySpec{RateLimit: btpLocal(
			btpRule("Hour", egv1a1.RateLimitSelectCondition{Methods: []egv1a1.MethodMatch{{Value: "GET"}}}))}},
		{"deprecated type picks local", egv1a1.BackendTrafficPolicySpec{RateLimit: &egv1a1.RateLimitSpec{
			Type: new(egv1a1.RateLimitTypeLocal), Local: &egv1a1.LocalRateLimit{}, Global: &egv1a1.GlobalRateLimit{
				Rules: []egv1a1.RateLimitRule{btpRule("Second", egv1a1.RateLimitSelectCondition{})}}}}},
		{"global rules", egv1a1.BackendTrafficPolicySpec{RateLimit: btpGlobal(btpRule("Second",
			egv1a1.RateLimitSelectCondition{Path: &egv1a1.PathMatch{Type: new(gwapiv1.PathMatchRegularExpression), Value: "/v[0-9]+"}},
			btpQuerySel(egv1a1.QueryParamMatch{Name: "q", Type: new(egv1a1.QueryParamMatchTypeDistinct)})))}},
		{"bandwidth at the minimum", egv1a1.BackendTrafficPolicySpec{BandwidthLimit: &egv1a1.BandwidthLimitSpec{
			Request:  &egv1a1.BandwidthLimitRequestConfig{Limit: egv1a1.BandwidthLimitValue{Value: resource.MustParse("1Ki"), Unit: "Second"}},
			Response: &egv1a1.BandwidthLimitResponseConfig{Limit: egv1a1.BandwidthLimitValue{Value: resource.MustParse("3600Ki"), Unit: "Hour"}}}}},
		{"prime table sizes", egv1a1.BackendTrafficPolicySpec{ClusterSettings: egv1a1.ClusterSettings{LoadBalancer: &egv1a1.LoadBalancer{
			Type: egv1a1.LoadBalancerTypeConsistentHash, ConsistentHash: &egv1a1.ConsistentHash{TableSize: new(int64(5000011))}}}}},
		{"slow start ignored for random", egv1a1.BackendTrafficPolicySpec{ClusterSettings: egv1a1.ClusterSettings{LoadBalancer: &egv1a1.LoadBalancer{
			Type: egv1a1.LoadBalancerTypeRandom, SlowStart: &egv1a1.SlowStart{Window: "bad"}}}}},
		{"retry back-off that does not parse", egv1a1.BackendTrafficPolicySpec{ClusterSettings: egv1a1.ClusterSettings{
			Retry: &egv1a1.Retry{PerRetry: &egv1a1.PerRetryPolicy{BackOff: &egv1a1.BackOffPolicy{BaseInterval: btpDur("bad"), MaxInterval: btpDur("1s")}}}}}},
		{"limits at 2^32-1", egv1a1.BackendTrafficPolicySpec{
			RequestBuffer: &egv1a1.RequestBuffer{Limit: btpQty("4294967295")},
			ClusterSettings: egv1a1.ClusterSettings{
				Connection:     &egv1a1.BackendConnection{BufferLimit: btpQty("4294967295"), SocketBufferLimit: btpQty("5Gi")},
				CircuitBreaker: &egv1a1.CircuitBreaker{MaxConnections: new(int64(4294967295)), PerEndpoint: &egv1a1.PerEndpointCircuitBreakers{MaxConnections: new(int64(-1))}},
				HTTP2:          &egv1a1.HTTP2Settings{InitialStreamWindowSize: btpQty("65535"), InitialConnectionWindowSize: btpQty("2147483647")},
			}}},
		{"bodies from configmaps", egv1a1.BackendTrafficPolicySpec{ResponseOverride: append(append(btpBodyRef("body"), btpBodyRef("other-key")...), btpBodyRef("binary")...)}},
		{"redirect needs no body", egv1a1.BackendTrafficPolicySpec{ResponseOverride: []egv1a1.ResponseOverride{{Redirect: &egv1a1.CustomRedirect{}}}}},
		{"upgrades without buffer", egv1a1.BackendTrafficPolicySpec{HTTPUpgrade: []egv1a1.ProtocolUpgradeConfig{{Type: "CONNECT"}}}},
		{"route stat name", egv1a1.BackendTrafficPolicySpec{Telemetry: &egv1a1.BackendTelemetry{Metrics: &egv1a1.BackendMetrics{
			RouteStatName: new("%ROUTE_NAMESPACE%/%ROUTE_NAME%/%ROUTE_KIND%/%ROUTE_RULE_NAME%")}}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := btpTranslation(cms...).buildBTPFeatures(btpPolicy(tc.spec)); err != nil {
				t.Errorf("unexpected error: %v", err)
			}
		})
	}
}

// TestBuildBTPFeaturesNoPanic feeds specs with the holes that an API server
// would have defaulted or rejected; none may panic.
func TestBuildBTPFeaturesNoPanic(t *testing.T) {
	specs := []egv1a1.BackendTrafficPolicySpec{
		{ClusterSettings: egv1a1.ClusterSettings{LoadBalancer: &egv1a1.LoadBalancer{Type: egv1a1.LoadBalancerTypeConsistentHash}}},
		{ClusterSettings: egv1a1.ClusterSettings{LoadBalancer: &egv1a1.LoadBalancer{Type: "Unknown", ZoneAware: &egv1a1.ZoneAware{PreferLocal: &egv1a1.PreferLocalZone{}}}}},
		{ClusterSettings: egv1a1.ClusterSettings{LoadBalancer: &egv1a1.LoadBalancer{Type: egv1a1.LoadBalancerTypeConsistentHash,
			ConsistentHash: &egv1a1.ConsistentHash{Type: egv1a1.ConsistentHashTypeHeader, TableSize: new(int64(-7))}}}},
		{ClusterSettings: egv1a1.ClusterSettings{LoadBalancer: &egv1a1.LoadBalancer{Type: egv1a1.LoadBalancerTypeBackendUtilization,
			BackendUtilization: &egv1a1.BackendUtilization{OutOfBand: &egv1a1.OutOfBandReporting{}}}}},
		{ResponseOverride: []egv1a1.ResponseOverride{{}, {Response: &egv1a1.CustomResponse{Body: &egv1a1.CustomResponseBody{Type: egv1a1.ResponseValueTypeValueRef}}}}},
		{RateLimit: &egv1a1.RateLimitSpec{}},
		{RateLimit: btpGlobal(btpRule("", btpHeaderSel(egv1a1.HeaderMatch{}), egv1a1.RateLimitSelectCondition{Path: &egv1a1.PathMatch{}}))},
		{RequestBuffer: &egv1a1.RequestBuffer{}, HTTPUpgrade: []egv1a1.ProtocolUpgradeConfig{{}}},
		{BandwidthLimit: &egv1a1.BandwidthLimitSpec{Request: &egv1a1.BandwidthLimitRequestConfig{}}},
		{Telemetry: &egv1a1.BackendTelemetry{Metrics: &egv1a1.BackendMetrics{}}},
		{ClusterSettings: egv1a1.ClusterSettings{HTTP2: &egv1a1.HTTP2Settings{ConnectionKeepalive: &egv1a1.HTTP2KeepaliveSettings{}},
			Retry: &egv1a1.Retry{PerRetry: &egv1a1.PerRetryPolicy{BackOff: &egv1a1.BackOffPolicy{}}}, Timeout: &egv1a1.Timeout{}}},
	}
	for i, s := range specs {
		for _, tr := range []*translation{nil, {}, btpTranslation()} {
			f, _ := tr.buildBTPFeatures(btpPolicy(s))
			if f == nil {
				t.Errorf("spec %d: features are nil", i)
			}
			f.applyToHTTPRoute(&ir.HTTPRoute{})
		}
	}
	if f, err := btpTranslation().buildBTPFeatures(nil); f == nil || err != nil {
		t.Errorf("nil policy: got %v, %v", f, err)
	}
	if f, err := btpTranslation().buildMergedBTPFeatures(nil, nil, nil); f == nil || err != nil {
		t.Errorf("nil merged policy: got %v, %v", f, err)
	}
	var f *btpFeatures
	f.applyToHTTPRoute(&ir.HTTPRoute{})
	(&btpFeatures{}).applyToHTTPRoute(nil)
}
