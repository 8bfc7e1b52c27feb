package xds

import (
	"strings"
	"testing"
	"time"

	clusterv3 "github.com/envoyproxy/go-control-plane/envoy/config/cluster/v3"
	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	endpointv3 "github.com/envoyproxy/go-control-plane/envoy/config/endpoint/v3"
	routev3 "github.com/envoyproxy/go-control-plane/envoy/config/route/v3"
	dnsclusterv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/clusters/dns/v3"
	extauthzv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/ext_authz/v3"
	jwtauthnv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/jwt_authn/v3"
	hcfilev3 "github.com/envoyproxy/go-control-plane/envoy/extensions/health_check/event_sinks/file/v3"
	lbcommonv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/load_balancing_policies/common/v3"
	maglevv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/load_balancing_policies/maglev/v3"
	roundrobinv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/load_balancing_policies/round_robin/v3"
	proxyprotocolv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/transport_sockets/proxy_protocol/v3"
	rawbufferv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/transport_sockets/raw_buffer/v3"
	httpv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/upstreams/http/v3"
	typev3 "github.com/envoyproxy/go-control-plane/envoy/type/v3"
	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/testing/protocmp"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/gatewaykit/gatewaykit/ir"
)

func dur(d time.Duration) *ir.Duration { v := ir.Duration(d); return &v }

// fullTraffic sets every cluster-level traffic feature.
func fullTraffic() *ir.TrafficFeatures {
	v4v6 := ir.DNSLookupIPv4AndIPv6
	get := "GET"
	text := "ping"
	return &ir.TrafficFeatures{
		Timeout: &ir.Timeout{TCP: &ir.TCPTimeout{ConnectTimeout: dur(15 * time.Second)}},
		CircuitBreaker: &ir.CircuitBreaker{
			MaxConnections: new(uint32(2048)), MaxPendingRequests: new(uint32(1)), MaxParallelRequests: new(uint32(4294967295)),
			MaxParallelRetries: new(uint32(10)), MaxRequestsPerConnection: new(uint32(7)),
			PerEndpoint: &ir.PerEndpointCircuitBreakers{MaxConnections: new(uint32(5))},
			RetryBudget: &ir.RetryBudget{Percent: 25, MinRetryConcurrency: 4},
		},
		HealthCheck: &ir.HealthCheck{
			PanicThreshold: new(uint32(30)),
			Active: &ir.ActiveHealthCheck{
				Timeout: dur(500 * time.Millisecond), Interval: dur(3 * time.Second), InitialJitter: dur(time.Second),
				UnhealthyThreshold: new(uint32(3)), HealthyThreshold: new(uint32(1)),
				HTTP: &ir.HTTPHealthChecker{Path: "/healthz", Method: &get, ExpectedStatuses: []uint32{300, 200, 201},
					ExpectedResponse: &ir.HealthCheckPayload{Binary: []byte("OK")}, RequestBody: &ir.HealthCheckPayload{Text: &text}},
				Log: &ir.HealthCheckLog{FileSinks: []ir.HealthCheckLogFile{{Path: "/dev/stdout"}}, AlwaysLogHealthCheckFailures: true},
			},
			Passive: &ir.OutlierDetection{
				Interval: dur(2 * time.Second), BaseEjectionTime: dur(160 * time.Second), SplitExternalLocalOriginErrors: new(false),
				Consecutive5xxErrors: new(uint32(5)), ConsecutiveGatewayErrors: new(uint32(0)), ConsecutiveLocalOriginFailures: new(uint32(5)),
				MaxEjectionPercent: new(uint32(100)),
			},
		},
		TCPKeepalive:      &ir.TCPKeepalive{Probes: new(uint32(3)), IdleTime: new(uint32(1200)), Interval: new(uint32(60))},
		BackendConnection: &ir.BackendConnection{BufferLimitBytes: new(uint32(100000000)), Preconnect: &ir.Preconnect{PredictivePercent: new(uint32(150))}},
		DNS:               &ir.DNS{DNSRefreshRate: dur(5 * time.Second), RespectDNSTTL: new(false), LookupFamily: &v4v6},
		LoadBalancer:      &ir.LoadBalancer{ConsistentHash: &ir.ConsistentHash{SourceIP: new(true), TableSize: new(uint64(524287))}},
		HTTP2:             &ir.HTTP2Settings{InitialStreamWindowSize: new(uint32(131072)), MaxConcurrentStreams: new(uint32(100)), ResetStreamOnError: new(true)},
		ProxyProtocol:     &ir.ProxyProtocol{Version: ir.ProxyProtocolV2},
		Retry: &ir.Retry{NumRetries: new(uint32(3)), RetryOn: &ir.RetryOn{Triggers: []string{"5xx", "reset"}, HTTPStatusCodes: []uint32{502}},
			PerRetry: &ir.PerRetryPolicy{Timeout: dur(time.Second), BackOff: &ir.BackOffPolicy{BaseInterval: dur(time.Second), MaxInterval: dur(5 * time.Second)}}},
	}
}

// TestExtServiceClusterTraffic checks that every cluster-level feature of
// an external service's traffic lands in its cluster as Envoy Gateway
// emits it, and that the calls get the non-route retry policy.
func TestExtServiceClusterTraffic(t *testing.T) {
	dest := grpcAuthDestination("securitypolicy/ns/p/extauth/0")
	ea := &ir.ExtAuth{Name: "securitypolicy/ns/p", GRPC: &ir.GRPCExtAuthService{Destination: dest, Authority: "authz.ns:9000"}, Traffic: fullTraffic()}
	res, err := Translate(oneRoute(extAuthRoute("r", ea)))
	if err != nil {
		t.Fatal(err)
	}
	c := extAuthCluster(t, res, dest.Name)
	if err := c.ValidateAll(); err != nil {
		t.Fatal(err)
	}
	want := &clusterv3.Cluster{
		ConnectTimeout:                durationpb.New(15 * time.Second),
		DnsLookupFamily:               clusterv3.Cluster_ALL,
		PerConnectionBufferLimitBytes: wrapperspb.UInt32(100000000),
		PreconnectPolicy:              &clusterv3.Cluster_PreconnectPolicy{PredictivePreconnectRatio: wrapperspb.Double(1.5)},
		CommonLbConfig:                &clusterv3.Cluster_CommonLbConfig{HealthyPanicThreshold: &typev3.Percent{Value: 30}},
		CircuitBreakers: &clusterv3.CircuitBreakers{
			Thresholds: []*clusterv3.CircuitBreakers_Thresholds{{
				MaxConnections: wrapperspb.UInt32(2048), MaxPendingRequests: wrapperspb.UInt32(1), MaxRequests: wrapperspb.UInt32(4294967295),
				MaxRetries:  wrapperspb.UInt32(10),
				RetryBudget: &clusterv3.CircuitBreakers_Thresholds_RetryBudget{BudgetPercent: &typev3.Percent{Value: 25}, MinRetryConcurrency: wrapperspb.UInt32(4)},
			}},
			PerHostThresholds: []*clusterv3.CircuitBreakers_Thresholds{{MaxConnections: wrapperspb.UInt32(5)}},
		},
		HealthChecks: []*corev3.HealthCheck{{
			Timeout: durationpb.New(500 * time.Millisecond), Interval: durationpb.New(3 * time.Second), InitialJitter: durationpb.New(time.Second),
			UnhealthyThreshold: wrapperspb.UInt32(3), HealthyThreshold: wrapperspb.UInt32(1),
			HealthChecker: &corev3.HealthCheck_HttpHealthCheck_{HttpHealthCheck: &corev3.HealthCheck_HttpHealthCheck{
				Path: "/healthz", Method: corev3.RequestMethod_GET,
				ExpectedStatuses: []*typev3.Int64Range{{Start: 200, End: 202}, {Start: 300, End: 301}},
				Send:             &corev3.HealthCheck_Payload{Payload: &corev3.HealthCheck_Payload_Text{Text: "70696e67"}},
				Receive:          []*corev3.HealthCheck_Payload{{Payload: &corev3.HealthCheck_Payload_Binary{Binary: []byte("OK")}}},
			}},
			AlwaysLogHealthCheckFailures: true,
			EventLogger: []*corev3.TypedExtensionConfig{{
				Name: "envoy.health_check.event_sinks.file", TypedConfig: mustAny(&hcfilev3.HealthCheckEventFileSink{EventLogPath: "/dev/stdout"}),
			}},
		}},
		OutlierDetection: &clusterv3.OutlierDetection{
			Interval: durationpb.New(2 * time.Second), BaseEjectionTime: durationpb.New(160 * time.Second),
			Consecutive_5Xx: wrapperspb.UInt32(5), ConsecutiveLocalOriginFailure: wrapperspb.UInt32(5),
			ConsecutiveGatewayFailure: wrapperspb.UInt32(0), EnforcingConsecutiveGatewayFailure: wrapperspb.UInt32(100),
			MaxEjectionPercent: wrapperspb.UInt32(100),
		},
		UpstreamConnectionOptions: &clusterv3.UpstreamConnectionOptions{TcpKeepalive: &corev3.TcpKeepalive{
			KeepaliveProbes: wrapperspb.UInt32(3), KeepaliveTime: wrapperspb.UInt32(1200), KeepaliveInterval: wrapperspb.UInt32(60),
		}},
		LoadBalancingPolicy: lbPolicy("envoy.load_balancing_policies.maglev", &maglevv3.Maglev{TableSize: wrapperspb.UInt64(524287)}),
		TransportSocket: &corev3.TransportSocket{
			Name: "envoy.transport_sockets.upstream_proxy_protocol",
			ConfigType: &corev3.TransportSocket_TypedConfig{TypedConfig: mustAny(&proxyprotocolv3.ProxyProtocolUpstreamTransport{
				Config: &corev3.ProxyProtocolConfig{Version: corev3.ProxyProtocolConfig_V2},
				TransportSocket: &corev3.TransportSocket{
					Name:       "envoy.transport_sockets.raw_buffer",
					ConfigType: &corev3.TransportSocket_TypedConfig{TypedConfig: mustAny(&rawbufferv3.RawBuffer{})},
				},
			})},
		},
	}
	got := proto.Clone(c).(*clusterv3.Cluster)
	for _, f := range []func(*clusterv3.Cluster){
		func(c *clusterv3.Cluster) { c.Name = "" },
		func(c *clusterv3.Cluster) { c.Metadata = nil },
		func(c *clusterv3.Cluster) { c.IgnoreHealthOnHostRemoval = false },
		func(c *clusterv3.Cluster) { c.ClusterDiscoveryType = nil; c.EdsClusterConfig = nil },
		func(c *clusterv3.Cluster) { c.TypedExtensionProtocolOptions = nil },
	} {
		f(got)
	}
	if diff := cmp.Diff(want, got, protocmp.Transform()); diff != "" {
		t.Errorf("cluster (-want +got):\n%s", diff)
	}

	// Protocol options: requests per connection, HTTP/2 settings and the
	// consistent hash of an external service's cluster.
	po := unpackT(t, c.GetTypedExtensionProtocolOptions()[httpProtocolOptionsKey], &httpv3.HttpProtocolOptions{})
	wantPO := &httpv3.HttpProtocolOptions{
		CommonHttpProtocolOptions: &corev3.HttpProtocolOptions{MaxRequestsPerConnection: wrapperspb.UInt32(7)},
		UpstreamProtocolOptions: &httpv3.HttpProtocolOptions_ExplicitHttpConfig_{ExplicitHttpConfig: &httpv3.HttpProtocolOptions_ExplicitHttpConfig{
			ProtocolConfig: &httpv3.HttpProtocolOptions_ExplicitHttpConfig_Http2ProtocolOptions{Http2ProtocolOptions: &corev3.Http2ProtocolOptions{
				InitialStreamWindowSize:                 wrapperspb.UInt32(131072),
				InitialConnectionWindowSize:             wrapperspb.UInt32(upstreamH2ConnWindow),
				MaxConcurrentStreams:                    wrapperspb.UInt32(100),
				OverrideStreamErrorOnInvalidHttpMessage: wrapperspb.Bool(true),
			}},
		}},
		HashPolicy: []*routev3.RouteAction_HashPolicy{{PolicySpecifier: &routev3.RouteAction_HashPolicy_ConnectionProperties_{
			ConnectionProperties: &routev3.RouteAction_HashPolicy_ConnectionProperties{SourceIp: true},
		}}},
	}
	if diff := cmp.Diff(wantPO, po, protocmp.Transform()); diff != "" {
		t.Errorf("protocol options (-want +got):\n%s", diff)
	}

	// The calls to the service retry as the traffic says; per-retry
	// timeouts and status codes are for routes.
	_, cfg := extAuthFilter(t, res, HTTPFilterExtAuthz+"/securitypolicy/ns/p")
	wantRetry := &corev3.RetryPolicy{
		RetryOn:      "5xx,reset",
		NumRetries:   wrapperspb.UInt32(3),
		RetryBackOff: &corev3.BackoffStrategy{BaseInterval: durationpb.New(time.Second), MaxInterval: durationpb.New(5 * time.Second)},
	}
	if diff := cmp.Diff(wantRetry, cfg.GetGrpcService().GetRetryPolicy(), protocmp.Transform()); diff != "" {
		t.Errorf("retry policy (-want +got):\n%s", diff)
	}
}

// TestExtServiceHTTPRetryAndDefaults checks an HTTP service's retry policy
// over the defaults, and that a service without traffic keeps the default
// cluster.
func TestExtServiceHTTPRetryAndDefaults(t *testing.T) {
	http := &ir.HTTPExtAuthService{Destination: *ipDestination("securitypolicy/ns/p/extauth/0"), Authority: "authz.ns:80"}
	ea := &ir.ExtAuth{Name: "securitypolicy/ns/p", HTTP: http, Traffic: &ir.TrafficFeatures{Retry: &ir.Retry{}}}
	res, err := Translate(oneRoute(extAuthRoute("r", ea)))
	if err != nil {
		t.Fatal(err)
	}
	_, cfg := extAuthFilter(t, res, HTTPFilterExtAuthz+"/securitypolicy/ns/p")
	if diff := cmp.Diff(&corev3.RetryPolicy{RetryOn: defaultRetryOn}, cfg.GetHttpService().GetRetryPolicy(), protocmp.Transform()); diff != "" {
		t.Errorf("retry policy (-want +got):\n%s", diff)
	}
	c := extAuthCluster(t, res, "securitypolicy/ns/p/extauth/0")
	want := &clusterv3.CircuitBreakers{Thresholds: []*clusterv3.CircuitBreakers_Thresholds{{MaxRetries: wrapperspb.UInt32(defaultMaxRetries)}}}
	if diff := cmp.Diff(want, c.GetCircuitBreakers(), protocmp.Transform()); diff != "" {
		t.Errorf("circuit breakers (-want +got):\n%s", diff)
	}
	if c.GetPerConnectionBufferLimitBytes().GetValue() != defaultBufferLimitBytes || c.GetHealthChecks() != nil || c.GetOutlierDetection() != nil ||
		c.GetUpstreamConnectionOptions() != nil || c.GetTransportSocket() != nil || c.GetDnsLookupFamily() != clusterv3.Cluster_V4_PREFERRED {
		t.Errorf("cluster without traffic features = %v", c)
	}
}

func TestNonRouteRetryPolicy(t *testing.T) {
	tests := []struct {
		name    string
		in      *ir.Retry
		want    *corev3.RetryPolicy
		wantErr string
	}{
		{"nil", nil, &corev3.RetryPolicy{RetryOn: defaultRetryOn}, ""},
		{"only max", &ir.Retry{PerRetry: &ir.PerRetryPolicy{BackOff: &ir.BackOffPolicy{MaxInterval: dur(3 * time.Second)}}},
			&corev3.RetryPolicy{RetryOn: defaultRetryOn, RetryBackOff: &corev3.BackoffStrategy{BaseInterval: durationpb.New(time.Second), MaxInterval: durationpb.New(3 * time.Second)}}, ""},
		{"only base", &ir.Retry{PerRetry: &ir.PerRetryPolicy{BackOff: &ir.BackOffPolicy{BaseInterval: dur(200 * time.Millisecond)}}},
			&corev3.RetryPolicy{RetryOn: defaultRetryOn, RetryBackOff: &corev3.BackoffStrategy{BaseInterval: durationpb.New(200 * time.Millisecond)}}, ""},
		{"max below default base", &ir.Retry{PerRetry: &ir.PerRetryPolicy{BackOff: &ir.BackOffPolicy{MaxInterval: dur(500 * time.Millisecond)}}},
			&corev3.RetryPolicy{RetryOn: defaultRetryOn, RetryBackOff: &corev3.BackoffStrategy{BaseInterval: durationpb.New(500 * time.Millisecond), MaxInterval: durationpb.New(500 * time.Millisecond)}}, ""},
		{"max below base", &ir.Retry{PerRetry: &ir.PerRetryPolicy{BackOff: &ir.BackOffPolicy{BaseInterval: dur(time.Second), MaxInterval: dur(500 * time.Millisecond)}}}, nil, "perRetry.backOff.maxInterval"},
		{"tiny base", &ir.Retry{PerRetry: &ir.PerRetryPolicy{BackOff: &ir.BackOffPolicy{BaseInterval: dur(time.Microsecond)}}}, nil, "perRetry.backOff.baseInterval"},
		{"empty trigger", &ir.Retry{RetryOn: &ir.RetryOn{Triggers: []string{""}}}, nil, "retryOn.triggers"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := nonRouteRetryPolicy(tc.in)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want one about %s", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if err := got.ValidateAll(); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got, protocmp.Transform()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestExtAuthBadRetryFailsItsRoute checks that a retry policy Envoy cannot
// take is an error naming the field.
func TestExtAuthBadRetryFailsItsRoute(t *testing.T) {
	ea := &ir.ExtAuth{Name: "securitypolicy/ns/p", GRPC: &ir.GRPCExtAuthService{Destination: grpcAuthDestination("d"), Authority: "a:1"},
		Traffic: &ir.TrafficFeatures{Retry: &ir.Retry{RetryOn: &ir.RetryOn{Triggers: []string{"a,b"}}}}}
	_, err := Translate(oneRoute(extAuthRoute("r", ea)))
	if err == nil || !strings.Contains(err.Error(), "traffic.retry") {
		t.Fatalf("err = %v", err)
	}
}

// TestClusterTrafficDNSAndLB checks DNS settings of an FQDN destination, a
// round robin load balancer with slow start preferring the local zone, and
// the PROXY protocol around upstream TLS sockets.
func TestClusterTrafficDNSAndLB(t *testing.T) {
	fqdn := ir.FQDN
	v6 := ir.DNSLookupIPv6
	hostname := "probe.example"
	dest := &ir.RouteDestination{Name: "c", Settings: []*ir.DestinationSetting{{
		Name: "c/backend/0", AddressType: &fqdn,
		Endpoints: []*ir.DestinationEndpoint{{Host: "example.com", Port: 443, Hostname: &hostname}},
		TLS:       &ir.TLSUpstreamConfig{CACertificate: &ir.TLSCACertificate{Name: "ns/ca", Certificate: []byte("pem")}},
	}}}
	traffic := &ir.TrafficFeatures{
		DNS: &ir.DNS{DNSRefreshRate: dur(5 * time.Second), RespectDNSTTL: new(false), LookupFamily: &v6},
		LoadBalancer: &ir.LoadBalancer{
			RoundRobin:  &ir.RoundRobin{SlowStart: &ir.SlowStart{Window: dur(10 * time.Second)}},
			PreferLocal: &ir.PreferLocalZone{MinEndpointsThreshold: new(uint64(2))},
		},
		HealthCheck: &ir.HealthCheck{Active: &ir.ActiveHealthCheck{Timeout: dur(time.Second), Interval: dur(time.Second),
			UnhealthyThreshold: new(uint32(2)), HealthyThreshold: new(uint32(1)),
			GRPC: &ir.GRPCHealthChecker{}, Overrides: &ir.HealthCheckOverrides{Port: 8080}}},
		ProxyProtocol: &ir.ProxyProtocol{Version: ir.ProxyProtocolV1},
	}
	b := newBuilder(&options{})
	if err := b.addCluster(clusterSpec{dest: dest, path: "p", traffic: traffic}); err != nil {
		t.Fatal(err)
	}
	c := b.clusters["c"]
	if err := c.ValidateAll(); err != nil {
		t.Fatal(err)
	}
	dns := unpackT(t, c.GetClusterType().GetTypedConfig(), &dnsclusterv3.DnsCluster{})
	if dns.GetDnsRefreshRate().AsDuration() != 5*time.Second || dns.GetRespectDnsTtl() || dns.GetDnsLookupFamily().String() != "V6_ONLY" ||
		c.GetDnsLookupFamily() != clusterv3.Cluster_V6_ONLY {
		t.Errorf("dns = %v, family %v", dns, c.GetDnsLookupFamily())
	}
	wantLB := lbPolicy("envoy.load_balancing_policies.round_robin", &roundrobinv3.RoundRobin{
		SlowStartConfig: &lbcommonv3.SlowStartConfig{SlowStartWindow: durationpb.New(10 * time.Second)},
		LocalityLbConfig: &lbcommonv3.LocalityLbConfig{LocalityConfigSpecifier: &lbcommonv3.LocalityLbConfig_ZoneAwareLbConfig_{
			ZoneAwareLbConfig: &lbcommonv3.LocalityLbConfig_ZoneAwareLbConfig{MinClusterSize: wrapperspb.UInt64(2)},
		}},
	})
	if diff := cmp.Diff(wantLB, c.GetLoadBalancingPolicy(), protocmp.Transform()); diff != "" {
		t.Errorf("load balancing (-want +got):\n%s", diff)
	}
	// Every TLS socket is wrapped; the cluster-level one wraps the empty
	// TLS socket automatic protocol selection needs.
	for _, s := range append([]*corev3.TransportSocket{c.GetTransportSocket()}, c.GetTransportSocketMatches()[0].GetTransportSocket()) {
		if s.GetName() != "envoy.transport_sockets.upstream_proxy_protocol" {
			t.Fatalf("transport socket %q, want the PROXY protocol", s.GetName())
		}
		pp := unpackT(t, s.GetTypedConfig(), &proxyprotocolv3.ProxyProtocolUpstreamTransport{})
		if pp.GetConfig().GetVersion() != corev3.ProxyProtocolConfig_V1 || pp.GetTransportSocket() == nil || pp.GetTransportSocket().GetName() == "envoy.transport_sockets.raw_buffer" {
			t.Errorf("PROXY protocol socket = %v", pp)
		}
	}
	// Zone-aware load assignment, and endpoints probed at the override
	// port with their hostname.
	ep := c.GetLoadAssignment().GetEndpoints()[0]
	want := &endpointv3.Endpoint_HealthCheckConfig{PortValue: 8080, Hostname: "probe.example"}
	if ep.GetLocality().GetRegion() != "" || !proto.Equal(ep.GetLbEndpoints()[0].GetEndpoint().GetHealthCheckConfig(), want) {
		t.Errorf("locality = %v", ep)
	}
}

// TestRemoteJWKSRetry checks that a remote JWKS fetch gets the retry
// policy of its traffic.
func TestRemoteJWKSRetry(t *testing.T) {
	rj := &ir.RemoteJWKS{URI: "https://keys.example/jwks.json", Traffic: &ir.TrafficFeatures{Retry: &ir.Retry{NumRetries: new(uint32(4))}}}
	p := &ir.JWTProvider{Name: "p", RemoteJWKS: rj}
	jp, err := jwtProvider(p, "jwt.providers[0]")
	if err != nil {
		t.Fatal(err)
	}
	want := &corev3.RetryPolicy{RetryOn: defaultRetryOn, NumRetries: wrapperspb.UInt32(4)}
	if diff := cmp.Diff(want, jp.GetRemoteJwks().GetRetryPolicy(), protocmp.Transform()); diff != "" {
		t.Errorf("retry policy (-want +got):\n%s", diff)
	}
	var _ = (*jwtauthnv3.JwtProvider)(nil)
	var _ = (*extauthzv3.ExtAuthz)(nil)
}
