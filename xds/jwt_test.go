package xds

import (
	"bytes"
	"encoding/json"
	"math"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	clusterv3 "github.com/envoyproxy/go-control-plane/envoy/config/cluster/v3"
	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	endpointv3 "github.com/envoyproxy/go-control-plane/envoy/config/endpoint/v3"
	routev3 "github.com/envoyproxy/go-control-plane/envoy/config/route/v3"
	jwtauthnv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/jwt_authn/v3"
	hcmv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/http_connection_manager/v3"
	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/testing/protocmp"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/emptypb"

	"github.com/gatewaykit/gatewaykit/ir"
)

// The provider keys and requirement names below are those Envoy Gateway
// gives the same providers: they are part of the output's contract
// (authorization rules and other control planes' configuration refer to
// them), so a change of encoding or hashing must fail these tests.

// jwtTestRoute returns a route called name, on exact path /name, that
// requires j.
func jwtTestRoute(name string, j *ir.JWT) *ir.HTTPRoute {
	p := "/" + name
	return &ir.HTTPRoute{
		Name: name, Hostname: "*", PathMatch: &ir.StringMatch{Exact: &p},
		Destination: ipDestination(name + "/dest"),
		Security:    &ir.SecurityFeatures{JWT: j},
	}
}

// jwtListener returns an IR with one plain HTTP listener holding routes.
func jwtListener(routes ...*ir.HTTPRoute) *ir.Xds {
	l := plainHTTP("first-listener", 10080)
	l.Routes = routes
	return &ir.Xds{HTTP: []*ir.HTTPListener{l}}
}

func jwtTranslate(t *testing.T, x *ir.Xds) *Resources {
	t.Helper()
	res, err := Translate(x)
	if err != nil {
		t.Fatalf("Translate: %v", err)
	}
	return res
}

// jwtFilterOf returns the jwt_authn filter of the only listener's default
// chain, failing when it is absent, disabled or not before the router.
func jwtFilterOf(t *testing.T, res *Resources) *jwtauthnv3.JwtAuthentication {
	t.Helper()
	m := hcmOf(t, res.Listeners[0].GetDefaultFilterChain())
	var got *hcmv3.HttpFilter
	for i, f := range m.GetHttpFilters() {
		if f.GetName() == HTTPFilterJWTAuthn {
			got = f
			if i == len(m.GetHttpFilters())-1 {
				t.Errorf("jwt_authn is the last filter; the router must follow it")
			}
		}
	}
	if got == nil {
		t.Fatalf("no %s filter among %v", HTTPFilterJWTAuthn, filterNames(m))
	}
	if got.GetDisabled() {
		t.Errorf("jwt_authn is disabled; routes select requirements from an enabled filter")
	}
	return unpackT(t, got.GetTypedConfig(), &jwtauthnv3.JwtAuthentication{})
}

// jwtRequirementOf returns the requirement name route name selects.
func jwtRequirementOf(t *testing.T, res *Resources, name string) string {
	t.Helper()
	r := jwtRouteNamed(t, res, name)
	a := r.GetTypedPerFilterConfig()[HTTPFilterJWTAuthn]
	if a == nil {
		t.Fatalf("route %q has no %s configuration", name, HTTPFilterJWTAuthn)
	}
	return unpackT(t, a, &jwtauthnv3.PerRouteConfig{}).GetRequirementName()
}

func jwtRouteNamed(t *testing.T, res *Resources, name string) *routev3.Route {
	t.Helper()
	for _, rc := range res.Routes {
		for _, vh := range rc.GetVirtualHosts() {
			for _, r := range vh.GetRoutes() {
				if r.GetName() == name {
					return r
				}
			}
		}
	}
	t.Fatalf("no route %q", name)
	return nil
}

// jwtFromJSON parses protojson text into a new message like m.
func jwtFromJSON[M proto.Message](t *testing.T, m M, text string) M {
	t.Helper()
	if err := protojson.Unmarshal([]byte(text), m); err != nil {
		t.Fatalf("bad test data: %v", err)
	}
	return m
}

func jwtByName[M interface{ GetName() string }](list []M, name string) (M, bool) {
	for _, m := range list {
		if m.GetName() == name {
			return m, true
		}
	}
	var zero M
	return zero, false
}

// multiProviderIR: two routes, each accepting two providers; the first
// route's second provider has a local key set, the second route's a
// remote one at an IP address over https.
func multiProviderIR() *ir.Xds {
	yes := true
	ttl := ir.Duration(300 * time.Second)
	local := "{\n  \"keys\": [\n    {\n      \"kty\": \"oct\",\n      \"k\": \"1234567890\"\n    }\n  ]\n}\n"
	example := func(header string) ir.JWTProvider {
		return ir.JWTProvider{
			Name: "example", Issuer: "https://www.example.com", Audiences: []string{"foo.com"},
			RemoteJWKS:     &ir.RemoteJWKS{URI: "http://localhost/jwt/public-key/jwks.json", CacheDuration: &ttl},
			ClaimToHeaders: []ir.ClaimToHeader{{Header: header, Claim: "claim.neteased.key"}},
		}
	}
	first := &ir.JWT{Providers: []ir.JWTProvider{
		example("one-route-example-key1"),
		{
			Name: "example2", Issuer: "https://www.two.example.com", Audiences: []string{"one.foo.com", "two.foo.com"},
			LocalJWKS: &local, RecomputeRoute: &yes,
			ClaimToHeaders: []ir.ClaimToHeader{
				{Header: "one-route-example2-key1", Claim: "claim.neteased.key"},
				{Header: "one-route-example2-key2", Claim: "name"},
			},
		},
	}}
	second := &ir.JWT{Providers: []ir.JWTProvider{
		example("second-route-example-key1"),
		{
			Name: "example2", Issuer: "https://www.two.example.com", Audiences: []string{"one.foo.com", "two.foo.com"},
			RemoteJWKS: &ir.RemoteJWKS{URI: "https://192.168.1.250:8080/jwt/public-key/jwks.json", CacheDuration: &ttl},
		},
	}}
	return jwtListener(jwtTestRoute("first-route", first), jwtTestRoute("second-route", second))
}

func TestJWTFilterProvidersAndRequirements(t *testing.T) {
	res := jwtTranslate(t, multiProviderIR())
	got := jwtFilterOf(t, res)

	normalize := &jwtauthnv3.JwtProvider_NormalizePayload{SpaceDelimitedClaims: []string{"scope", "scp"}}
	remote := func(uri, cluster string) *jwtauthnv3.JwtProvider_RemoteJwks {
		return &jwtauthnv3.JwtProvider_RemoteJwks{RemoteJwks: &jwtauthnv3.RemoteJwks{
			HttpUri: &corev3.HttpUri{
				Uri:              uri,
				HttpUpstreamType: &corev3.HttpUri_Cluster{Cluster: cluster},
				Timeout:          durationpb.New(10 * time.Second),
			},
			CacheDuration: durationpb.New(300 * time.Second),
			AsyncFetch:    &jwtauthnv3.JwksAsyncFetch{},
		}}
	}
	example := func(header string) *jwtauthnv3.JwtProvider {
		return &jwtauthnv3.JwtProvider{
			Issuer: "https://www.example.com", Audiences: []string{"foo.com"},
			JwksSourceSpecifier:        remote("http://localhost/jwt/public-key/jwks.json", "localhost_80"),
			Forward:                    true,
			PayloadInMetadata:          "example",
			NormalizePayloadInMetadata: normalize,
			ClaimToHeaders:             []*jwtauthnv3.JwtClaimToHeader{{HeaderName: header, ClaimName: "claim.neteased.key"}},
		}
	}
	anyOf := func(keys ...string) *jwtauthnv3.JwtRequirement {
		l := &jwtauthnv3.JwtRequirementOrList{}
		for _, k := range keys {
			l.Requirements = append(l.Requirements, &jwtauthnv3.JwtRequirement{RequiresType: &jwtauthnv3.JwtRequirement_ProviderName{ProviderName: k}})
		}
		return &jwtauthnv3.JwtRequirement{RequiresType: &jwtauthnv3.JwtRequirement_RequiresAny{RequiresAny: l}}
	}
	want := &jwtauthnv3.JwtAuthentication{
		Providers: map[string]*jwtauthnv3.JwtProvider{
			"example_c464f1a4e10c61a2": example("one-route-example-key1"),
			"example_7e0f64f43618ad77": example("second-route-example-key1"),
			"example2_9fb53f4aa4426db0": {
				Issuer: "https://www.two.example.com", Audiences: []string{"one.foo.com", "two.foo.com"},
				JwksSourceSpecifier: &jwtauthnv3.JwtProvider_LocalJwks{LocalJwks: &corev3.DataSource{Specifier: &corev3.DataSource_InlineString{
					InlineString: "{\n  \"keys\": [\n    {\n      \"kty\": \"oct\",\n      \"k\": \"1234567890\"\n    }\n  ]\n}\n",
				}}},
				Forward:                    true,
				PayloadInMetadata:          "example2",
				NormalizePayloadInMetadata: normalize,
				ClearRouteCache:            true,
				ClaimToHeaders: []*jwtauthnv3.JwtClaimToHeader{
					{HeaderName: "one-route-example2-key1", ClaimName: "claim.neteased.key"},
					{HeaderName: "one-route-example2-key2", ClaimName: "name"},
				},
			},
			"example2_e2fe046d94962359": {
				Issuer: "https://www.two.example.com", Audiences: []string{"one.foo.com", "two.foo.com"},
				JwksSourceSpecifier:        remote("https://192.168.1.250:8080/jwt/public-key/jwks.json", "192_168_1_250_8080"),
				Forward:                    true,
				PayloadInMetadata:          "example2",
				NormalizePayloadInMetadata: normalize,
			},
		},
		RequirementMap: map[string]*jwtauthnv3.JwtRequirement{
			"example-or-example2_6521f40c1fdcd711": anyOf("example_c464f1a4e10c61a2", "example2_9fb53f4aa4426db0"),
			"example-or-example2_32d8e7367a44f94f": anyOf("example_7e0f64f43618ad77", "example2_e2fe046d94962359"),
		},
	}
	if d := cmp.Diff(want, got, protocmp.Transform()); d != "" {
		t.Errorf("jwt_authn filter (-want +got):\n%s", d)
	}
	for route, req := range map[string]string{
		"first-route":  "example-or-example2_6521f40c1fdcd711",
		"second-route": "example-or-example2_32d8e7367a44f94f",
	} {
		if got := jwtRequirementOf(t, res, route); got != req {
			t.Errorf("route %q selects requirement %q, want %q", route, got, req)
		}
	}
}

func TestJWTClustersFromURI(t *testing.T) {
	res := jwtTranslate(t, multiProviderIR())
	lb := `"loadBalancingPolicy": {"policies": [{"typedExtensionConfig": {
		"name": "envoy.load_balancing_policies.least_request",
		"typedConfig": {"@type": "type.googleapis.com/envoy.extensions.load_balancing_policies.least_request.v3.LeastRequest",
			"localityLbConfig": {"localityWeightedLbConfig": {}}}}}]}`
	common := `"circuitBreakers": {"thresholds": [{"maxRetries": 1024}]}, "commonLbConfig": {}, "connectTimeout": "10s",
		"dnsLookupFamily": "V4_PREFERRED", "ignoreHealthOnHostRemoval": true, "perConnectionBufferLimitBytes": 32768, ` + lb
	wantClusters := map[string]string{
		// A host name: resolved by DNS, plain HTTP.
		"localhost_80": `{"name": "localhost_80", ` + common + `,
			"clusterType": {"name": "envoy.cluster.dns", "typedConfig": {
				"@type": "type.googleapis.com/envoy.extensions.clusters.dns.v3.DnsCluster",
				"dnsLookupFamily": "V4_PREFERRED", "dnsRefreshRate": "30s", "respectDnsTtl": true}},
			"loadAssignment": {"clusterName": "localhost_80", "endpoints": [{
				"locality": {"region": "localhost_80/backend/-1"}, "loadBalancingWeight": 1,
				"lbEndpoints": [{"endpoint": {"address": {"socketAddress": {"address": "localhost", "portValue": 80}}}, "loadBalancingWeight": 1}]}]}}`,
		// An IP address: listed by EDS, with TLS towards it.
		"192_168_1_250_8080": `{"name": "192_168_1_250_8080", ` + common + `, "type": "EDS",
			"edsClusterConfig": {"edsConfig": {"ads": {}, "resourceApiVersion": "V3"}, "serviceName": "192_168_1_250_8080"},
			"transportSocket": {"name": "envoy.transport_sockets.tls", "typedConfig": {
				"@type": "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext",
				"commonTlsContext": {"tlsParams": {"tlsMaximumProtocolVersion": "TLSv1_3"},
					"validationContext": {"trustedCa": {"filename": "/etc/ssl/certs/ca-certificates.crt"}}},
				"sni": "192.168.1.250"}}}`,
	}
	for name, text := range wantClusters {
		got, ok := jwtByName(res.Clusters, name)
		if !ok {
			t.Errorf("no cluster %q", name)
			continue
		}
		if d := cmp.Diff(jwtFromJSON(t, &clusterv3.Cluster{}, text), got, protocmp.Transform()); d != "" {
			t.Errorf("cluster %q (-want +got):\n%s", name, d)
		}
	}
	wantCLA := jwtFromJSON(t, &endpointv3.ClusterLoadAssignment{}, `{"clusterName": "192_168_1_250_8080", "endpoints": [{
		"locality": {"region": "192_168_1_250_8080/backend/-1"}, "loadBalancingWeight": 1,
		"lbEndpoints": [{"endpoint": {"address": {"socketAddress": {"address": "192.168.1.250", "portValue": 8080}}}, "loadBalancingWeight": 1}]}]}`)
	var gotCLA *endpointv3.ClusterLoadAssignment
	for _, e := range res.Endpoints {
		if e.GetClusterName() == "192_168_1_250_8080" {
			gotCLA = e
		}
	}
	if d := cmp.Diff(wantCLA, gotCLA, protocmp.Transform()); d != "" {
		t.Errorf("load assignment of 192_168_1_250_8080 (-want +got):\n%s", d)
	}
	for _, e := range res.Endpoints {
		if e.GetClusterName() == "localhost_80" {
			t.Errorf("the DNS cluster localhost_80 has an EDS load assignment")
		}
	}
}

func TestJWTHTTPSHostCluster(t *testing.T) {
	connect := ir.Duration(3 * time.Second)
	j := &ir.JWT{Providers: []ir.JWTProvider{{
		Name: "p",
		RemoteJWKS: &ir.RemoteJWKS{
			URI:     "https://keys.example.com/jwks.json",
			Traffic: &ir.TrafficFeatures{Timeout: &ir.Timeout{TCP: &ir.TCPTimeout{ConnectTimeout: &connect}}},
		},
	}}}
	// Two routes with the same key set share one cluster.
	res := jwtTranslate(t, jwtListener(jwtTestRoute("a", j), jwtTestRoute("b", j)))
	got, ok := jwtByName(res.Clusters, "keys_example_com_443")
	if !ok {
		t.Fatalf("no cluster keys_example_com_443 among %d clusters", len(res.Clusters))
	}
	want := jwtFromJSON(t, &clusterv3.Cluster{}, `{"name": "keys_example_com_443",
		"circuitBreakers": {"thresholds": [{"maxRetries": 1024}]}, "commonLbConfig": {}, "connectTimeout": "3s",
		"dnsLookupFamily": "V4_PREFERRED", "ignoreHealthOnHostRemoval": true, "perConnectionBufferLimitBytes": 32768,
		"loadBalancingPolicy": {"policies": [{"typedExtensionConfig": {
			"name": "envoy.load_balancing_policies.least_request",
			"typedConfig": {"@type": "type.googleapis.com/envoy.extensions.load_balancing_policies.least_request.v3.LeastRequest",
				"localityLbConfig": {"localityWeightedLbConfig": {}}}}}]},
		"clusterType": {"name": "envoy.cluster.dns", "typedConfig": {
			"@type": "type.googleapis.com/envoy.extensions.clusters.dns.v3.DnsCluster",
			"dnsLookupFamily": "V4_PREFERRED", "dnsRefreshRate": "30s", "respectDnsTtl": true}},
		"loadAssignment": {"clusterName": "keys_example_com_443", "endpoints": [{
			"locality": {"region": "keys_example_com_443/backend/-1"}, "loadBalancingWeight": 1,
			"lbEndpoints": [{"endpoint": {"address": {"socketAddress": {"address": "keys.example.com", "portValue": 443}}}, "loadBalancingWeight": 1}]}]},
		"transportSocket": {"name": "envoy.transport_sockets.tls", "typedConfig": {
			"@type": "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext",
			"commonTlsContext": {"tlsParams": {"tlsMaximumProtocolVersion": "TLSv1_3"},
				"validationContext": {"trustedCa": {"filename": "/etc/ssl/certs/ca-certificates.crt"}}},
			"sni": "keys.example.com"}}}`)
	if d := cmp.Diff(want, got, protocmp.Transform()); d != "" {
		t.Errorf("cluster (-want +got):\n%s", d)
	}
	f := jwtFilterOf(t, res)
	if len(f.GetProviders()) != 1 || len(f.GetRequirementMap()) != 1 {
		t.Errorf("two routes with the same JWT: %d providers and %d requirements, want one of each", len(f.GetProviders()), len(f.GetRequirementMap()))
	}
	if a, b := jwtRequirementOf(t, res, "a"), jwtRequirementOf(t, res, "b"); a != b {
		t.Errorf("routes with the same JWT select %q and %q", a, b)
	}
}

func TestJWTAllowMissing(t *testing.T) {
	ttl := ir.Duration(300 * time.Second)
	prefix := "Bearer "
	provider := func(name string, e *ir.JWTExtractor) ir.JWTProvider {
		return ir.JWTProvider{
			Name: name, Issuer: "https://www.example.com", Audiences: []string{"foo.com"},
			RemoteJWKS:  &ir.RemoteJWKS{URI: "https://localhost/jwt/public-key/jwks.json", CacheDuration: &ttl},
			ExtractFrom: e,
		}
	}
	first := &ir.JWT{AllowMissingOrFailed: true, Providers: []ir.JWTProvider{
		provider("example-cookie", &ir.JWTExtractor{Cookies: []string{"session_access_token"}}),
		provider("example-header", &ir.JWTExtractor{Headers: []ir.JWTHeaderExtractor{{Name: "Authorization", ValuePrefix: &prefix}}}),
	}}
	// allowMissingOrFailed supersedes allowMissing.
	second := &ir.JWT{AllowMissing: true, AllowMissingOrFailed: true, Providers: []ir.JWTProvider{provider("example", nil)}}
	third := &ir.JWT{AllowMissing: true, Providers: []ir.JWTProvider{provider("example", nil)}}
	res := jwtTranslate(t, jwtListener(jwtTestRoute("first", first), jwtTestRoute("second", second), jwtTestRoute("third", third)))
	f := jwtFilterOf(t, res)

	missingOrFailed := &jwtauthnv3.JwtRequirement{RequiresType: &jwtauthnv3.JwtRequirement_AllowMissingOrFailed{AllowMissingOrFailed: &emptypb.Empty{}}}
	missing := &jwtauthnv3.JwtRequirement{RequiresType: &jwtauthnv3.JwtRequirement_AllowMissing{AllowMissing: &emptypb.Empty{}}}
	byName := func(k string) *jwtauthnv3.JwtRequirement {
		return &jwtauthnv3.JwtRequirement{RequiresType: &jwtauthnv3.JwtRequirement_ProviderName{ProviderName: k}}
	}
	anyOf := func(rs ...*jwtauthnv3.JwtRequirement) *jwtauthnv3.JwtRequirement {
		return &jwtauthnv3.JwtRequirement{RequiresType: &jwtauthnv3.JwtRequirement_RequiresAny{RequiresAny: &jwtauthnv3.JwtRequirementOrList{Requirements: rs}}}
	}
	for _, c := range []struct {
		route, name string
		want        *jwtauthnv3.JwtRequirement
	}{
		{"first", "example-cookie-or-example-header-or-missing-or-failed_f403d1f429347916",
			anyOf(byName("example-cookie_0cd81fec67dbf176"), byName("example-header_18dee9d5ffa8102b"), missingOrFailed)},
		{"second", "example-or-missing-or-failed_3adbd87437a23687", anyOf(byName("example_ced70d98fe975d58"), missingOrFailed)},
		{"third", "", anyOf(byName("example_ced70d98fe975d58"), missing)},
	} {
		name := jwtRequirementOf(t, res, c.route)
		if c.name != "" && name != c.name {
			t.Errorf("route %q selects %q, want %q", c.route, name, c.name)
		}
		if c.name == "" && !regexp.MustCompile(`^example-or-missing_[0-9a-f]{16}$`).MatchString(name) {
			t.Errorf("route %q selects %q, want example-or-missing_<16 hex digits>", c.route, name)
		}
		if d := cmp.Diff(c.want, f.GetRequirementMap()[name], protocmp.Transform()); d != "" {
			t.Errorf("requirement of route %q (-want +got):\n%s", c.route, d)
		}
	}
	wantExtract := map[string]*jwtauthnv3.JwtProvider{
		"example-cookie_0cd81fec67dbf176": {FromCookies: []string{"session_access_token"}},
		"example-header_18dee9d5ffa8102b": {FromHeaders: []*jwtauthnv3.JwtHeader{{Name: "Authorization", ValuePrefix: "Bearer "}}},
		"example_ced70d98fe975d58":        {},
	}
	for k, w := range wantExtract {
		p := f.GetProviders()[k]
		if p == nil {
			t.Errorf("no provider %q among %v", k, sortedKeysOf(f.GetProviders()))
			continue
		}
		got := &jwtauthnv3.JwtProvider{FromHeaders: p.GetFromHeaders(), FromCookies: p.GetFromCookies(), FromParams: p.GetFromParams()}
		if d := cmp.Diff(w, got, protocmp.Transform()); d != "" {
			t.Errorf("provider %q extractors (-want +got):\n%s", k, d)
		}
	}
}

func TestJWTRemoteJWKSThroughDestination(t *testing.T) {
	sni := "foo.bar.com"
	fqdn := ir.FQDN
	request, connect := ir.Duration(5*time.Second), ir.Duration(15*time.Second)
	ttl, refetch := ir.Duration(300*time.Second), ir.Duration(30*time.Second)
	dest := &ir.RouteDestination{Name: "securitypolicy/default/p/jwt/0", Settings: []*ir.DestinationSetting{{
		Name: "securitypolicy/default/p/jwt/0/backend/0", AddressType: &fqdn, Protocol: ir.HTTPS,
		Endpoints: []*ir.DestinationEndpoint{{Host: "foo.bar.com", Port: 443}},
		TLS:       &ir.TLSUpstreamConfig{SNI: &sni, UseSystemTrustStore: true},
	}}}
	j := &ir.JWT{Providers: []ir.JWTProvider{{
		Name: "foobar", Issuer: "https://foo.bar.com",
		RemoteJWKS: &ir.RemoteJWKS{
			URI: "https://foo.bar.com/jwt/public-key/jwks.json", Destination: dest,
			Traffic: &ir.TrafficFeatures{Timeout: &ir.Timeout{
				HTTP: &ir.HTTPTimeout{RequestTimeout: &request},
				TCP:  &ir.TCPTimeout{ConnectTimeout: &connect},
			}},
			CacheDuration: &ttl, FailedRefetchDuration: &refetch,
		},
	}}}
	res := jwtTranslate(t, jwtListener(jwtTestRoute("r", j)))

	var remote *jwtauthnv3.RemoteJwks
	for _, p := range jwtFilterOf(t, res).GetProviders() {
		remote = p.GetRemoteJwks()
	}
	want := &jwtauthnv3.RemoteJwks{
		HttpUri: &corev3.HttpUri{
			Uri:              "https://foo.bar.com/jwt/public-key/jwks.json",
			HttpUpstreamType: &corev3.HttpUri_Cluster{Cluster: "securitypolicy/default/p/jwt/0"},
			Timeout:          durationpb.New(5 * time.Second),
		},
		CacheDuration: durationpb.New(300 * time.Second),
		AsyncFetch:    &jwtauthnv3.JwksAsyncFetch{FailedRefetchDuration: durationpb.New(30 * time.Second)},
	}
	if d := cmp.Diff(want, remote, protocmp.Transform()); d != "" {
		t.Errorf("remote key set (-want +got):\n%s", d)
	}
	// The destination's cluster is built like a route's: TLS through a
	// transport socket match, shaped by the key set's traffic settings.
	c, ok := jwtByName(res.Clusters, "securitypolicy/default/p/jwt/0")
	if !ok {
		t.Fatal("no cluster for the key set's destination")
	}
	if got := c.GetConnectTimeout().AsDuration(); got != 15*time.Second {
		t.Errorf("connect timeout %s, want the traffic settings' 15s", got)
	}
	if c.GetClusterType().GetName() != "envoy.cluster.dns" || len(c.GetTransportSocketMatches()) != 1 {
		t.Errorf("cluster %v: want a DNS cluster with one TLS transport socket match", c)
	}
	if _, ok := jwtByName(res.Secrets, systemTrustStoreSecret); !ok {
		t.Errorf("no %s secret for the destination's system trust store", systemTrustStoreSecret)
	}
	if _, ok := jwtByName(res.Clusters, "foo_bar_com_443"); ok {
		t.Error("a cluster was derived from the URI although the key set has a destination")
	}
}

func TestJWTAbsent(t *testing.T) {
	empty := jwtTestRoute("empty", &ir.JWT{AllowMissing: true})
	res := jwtTranslate(t, jwtListener(empty, jwtTestRoute("plain", nil)))
	for _, f := range hcmOf(t, res.Listeners[0].GetDefaultFilterChain()).GetHttpFilters() {
		if f.GetName() == HTTPFilterJWTAuthn {
			t.Errorf("jwt_authn filter present although no route has a JWT provider")
		}
	}
	for _, name := range []string{"empty", "plain"} {
		if _, ok := jwtRouteNamed(t, res, name).GetTypedPerFilterConfig()[HTTPFilterJWTAuthn]; ok {
			t.Errorf("route %q has jwt_authn configuration", name)
		}
	}
}

func TestJWTDeterministic(t *testing.T) {
	marshal := func(x *ir.Xds) []byte {
		res := jwtTranslate(t, x)
		b, err := res.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	first := marshal(multiProviderIR())
	for range 5 {
		if !bytes.Equal(first, marshal(multiProviderIR())) {
			t.Fatal("translating the same IR twice gives different bytes")
		}
	}
	// The filter is the same whatever the order of the routes.
	x := multiProviderIR()
	rs := x.HTTP[0].Routes
	rs[0], rs[1] = rs[1], rs[0]
	a := jwtFilterOf(t, jwtTranslate(t, multiProviderIR()))
	b := jwtFilterOf(t, jwtTranslate(t, x))
	ab, _ := proto.MarshalOptions{Deterministic: true}.Marshal(a)
	bb, _ := proto.MarshalOptions{Deterministic: true}.Marshal(b)
	if !bytes.Equal(ab, bb) {
		t.Error("the jwt_authn filter depends on the order of the routes")
	}
}

func TestJWTNameBounded(t *testing.T) {
	hash := regexp.MustCompile(`_[0-9a-f]{16}$`)
	for _, prefix := range []string{"short", strings.Repeat("p", 300), strings.Repeat("é", 200)} {
		got, err := jwtName(prefix, &jwtauthnv3.JwtRequirement{})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) > jwtMaxNameLength || !utf8.ValidString(got) || !hash.MatchString(got) {
			t.Errorf("jwtName(%d bytes) = %q (%d bytes): want at most %d valid UTF-8 bytes ending in _<16 hex digits>",
				len(prefix), got, len(got), jwtMaxNameLength)
		}
		if keep := got[:len(got)-17]; !strings.HasPrefix(prefix, keep) || (len(prefix) <= jwtMaxNameLength-17 && keep != prefix) {
			t.Errorf("jwtName(%q) keeps %q of the prefix", prefix[:min(len(prefix), 20)], keep)
		}
	}
	// A long provider name still gives a valid filter.
	j := &ir.JWT{Providers: []ir.JWTProvider{{Name: strings.Repeat("n", 400), RemoteJWKS: &ir.RemoteJWKS{URI: "https://k.example/j"}}}}
	f := jwtFilterOf(t, jwtTranslate(t, jwtListener(jwtTestRoute("r", j))))
	for k := range f.GetProviders() {
		if len(k) != jwtMaxNameLength {
			t.Errorf("provider key of %d bytes, want %d", len(k), jwtMaxNameLength)
		}
	}
}

func TestJWTInvalidIR(t *testing.T) {
	neg := ir.Duration(-time.Second)
	zero := ir.Duration(0)
	huge := ir.Duration(math.MaxInt64)
	nl := "Bearer\n"
	remote := func(uri string) *ir.RemoteJWKS { return &ir.RemoteJWKS{URI: uri} }
	ok := func() ir.JWTProvider { return ir.JWTProvider{Name: "p", RemoteJWKS: remote("https://k.example/jwks")} }
	local := "{}"
	for _, c := range []struct {
		name  string
		edit  func(p *ir.JWTProvider, j *ir.JWT)
		field string
	}{
		{"empty name", func(p *ir.JWTProvider, _ *ir.JWT) { p.Name = "" }, "providers[0].name"},
		{"bad UTF-8 name", func(p *ir.JWTProvider, _ *ir.JWT) { p.Name = "\xff" }, "providers[0].name"},
		{"duplicate name", func(_ *ir.JWTProvider, j *ir.JWT) { j.Providers = append(j.Providers, ok()) }, "providers[1].name"},
		{"no key set", func(p *ir.JWTProvider, _ *ir.JWT) { p.RemoteJWKS = nil }, "providers[0].remoteJWKS"},
		{"both key sets", func(p *ir.JWTProvider, _ *ir.JWT) { p.LocalJWKS = &local }, "providers[0].remoteJWKS"},
		{"empty local key set", func(p *ir.JWTProvider, _ *ir.JWT) { e := ""; p.RemoteJWKS, p.LocalJWKS = nil, &e }, "providers[0].localJWKS"},
		{"empty URI", func(p *ir.JWTProvider, _ *ir.JWT) { p.RemoteJWKS.URI = "" }, "providers[0].remoteJWKS.uri"},
		{"other scheme", func(p *ir.JWTProvider, _ *ir.JWT) { p.RemoteJWKS.URI = "ftp://k.example/j" }, "providers[0].remoteJWKS.uri"},
		{"no host", func(p *ir.JWTProvider, _ *ir.JWT) { p.RemoteJWKS.URI = "https:///j" }, "providers[0].remoteJWKS.uri"},
		{"port 0", func(p *ir.JWTProvider, _ *ir.JWT) { p.RemoteJWKS.URI = "https://k.example:0/j" }, "providers[0].remoteJWKS.uri"},
		{"port too big", func(p *ir.JWTProvider, _ *ir.JWT) { p.RemoteJWKS.URI = "https://k.example:70000/j" }, "providers[0].remoteJWKS.uri"},
		{"escaped bad host", func(p *ir.JWTProvider, _ *ir.JWT) { p.RemoteJWKS.URI = "https://a%ffb/j" }, "providers[0].remoteJWKS.uri"},
		{"unparsable URI", func(p *ir.JWTProvider, _ *ir.JWT) { p.RemoteJWKS.URI = "https://k.example:x/j" }, "providers[0].remoteJWKS.uri"},
		{"zero cache", func(p *ir.JWTProvider, _ *ir.JWT) { p.RemoteJWKS.CacheDuration = &zero }, "providers[0].remoteJWKS.cacheDuration"},
		{"huge cache", func(p *ir.JWTProvider, _ *ir.JWT) { p.RemoteJWKS.CacheDuration = &huge }, "providers[0].remoteJWKS.cacheDuration"},
		{"negative refetch", func(p *ir.JWTProvider, _ *ir.JWT) { p.RemoteJWKS.FailedRefetchDuration = &neg }, "providers[0].remoteJWKS.failedRefetchDuration"},
		{"negative timeout", func(p *ir.JWTProvider, _ *ir.JWT) {
			p.RemoteJWKS.Traffic = &ir.TrafficFeatures{Timeout: &ir.Timeout{HTTP: &ir.HTTPTimeout{RequestTimeout: &neg}}}
		}, "providers[0].remoteJWKS.traffic.timeout.http.requestTimeout"},
		{"destination without name", func(p *ir.JWTProvider, _ *ir.JWT) {
			p.RemoteJWKS.Destination = ipDestination("")
		}, "providers[0].remoteJWKS.destination.name"},
		{"empty claim header", func(p *ir.JWTProvider, _ *ir.JWT) {
			p.ClaimToHeaders = []ir.ClaimToHeader{{Claim: "sub"}}
		}, "providers[0].claimToHeaders[0].header"},
		{"empty claim", func(p *ir.JWTProvider, _ *ir.JWT) {
			p.ClaimToHeaders = []ir.ClaimToHeader{{Header: "x-sub"}}
		}, "providers[0].claimToHeaders[0].claim"},
		{"header with newline", func(p *ir.JWTProvider, _ *ir.JWT) {
			p.ExtractFrom = &ir.JWTExtractor{Headers: []ir.JWTHeaderExtractor{{Name: "a\nb"}}}
		}, "providers[0].extractFrom.headers[0].name"},
		{"prefix with newline", func(p *ir.JWTProvider, _ *ir.JWT) {
			p.ExtractFrom = &ir.JWTExtractor{Headers: []ir.JWTHeaderExtractor{{Name: "authorization", ValuePrefix: &nl}}}
		}, "providers[0].extractFrom.headers[0].valuePrefix"},
		{"empty cookie", func(p *ir.JWTProvider, _ *ir.JWT) {
			p.ExtractFrom = &ir.JWTExtractor{Cookies: []string{""}}
		}, "providers[0].extractFrom.cookies[0]"},
		{"bad UTF-8 audience", func(p *ir.JWTProvider, _ *ir.JWT) { p.Audiences = []string{"\xfe"} }, "providers[0].audiences[0]"},
	} {
		t.Run(c.name, func(t *testing.T) {
			j := &ir.JWT{Providers: []ir.JWTProvider{ok()}}
			c.edit(&j.Providers[0], j)
			res, err := Translate(jwtListener(jwtTestRoute("r", j)))
			if err == nil {
				t.Fatalf("Translate accepted the IR (%d listeners)", len(res.Listeners))
			}
			if want := "routes[0].security.jwt." + c.field; !strings.Contains(err.Error(), want) {
				t.Errorf("error %q does not name %s", err, want)
			}
		})
	}
}

// FuzzJWT translates arbitrary JWT settings on one route: Translate must
// not panic, an error must name an IR field, and a result must validate
// and be the same when translated again.
func FuzzJWT(f *testing.F) {
	for _, r := range multiProviderIR().HTTP[0].Routes {
		b, err := json.Marshal(r.Security.JWT)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"allowMissing":true,"providers":[{"name":"p","remoteJWKS":{"uri":"https://[::1]:8443/k","cacheDuration":"1s"},"extractFrom":{"params":["t"]}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var j ir.JWT
		if err := json.Unmarshal(data, &j); err != nil {
			return
		}
		x := jwtListener(jwtTestRoute("r", &j))
		res, err := Translate(x)
		if err != nil {
			if !irFieldPath.MatchString(err.Error()) {
				t.Fatalf("error names no IR field path: %v", err)
			}
			return
		}
		if err := validate(res); err != nil {
			t.Fatalf("invalid resource: %v", err)
		}
		again, err := Translate(x)
		if err != nil {
			t.Fatalf("second translation failed: %v", err)
		}
		if !bytes.Equal(marshalAll(t, res), marshalAll(t, again)) {
			t.Fatal("two translations of one IR differ")
		}
	})
}
