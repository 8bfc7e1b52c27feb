package xds

import (
	"bytes"
	"strings"
	"testing"
	"time"

	clusterv3 "github.com/envoyproxy/go-control-plane/envoy/config/cluster/v3"
	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	extauthzv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/ext_authz/v3"
	hcmv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/http_connection_manager/v3"
	httpv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/upstreams/http/v3"
	matcherv3 "github.com/envoyproxy/go-control-plane/envoy/type/matcher/v3"
	typev3 "github.com/envoyproxy/go-control-plane/envoy/type/v3"
	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/testing/protocmp"
	"google.golang.org/protobuf/types/known/anypb"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/gatewaykit/gatewaykit/ir"
)

// extAuthRoute is a route called name, on path prefix /name, that asks ea.
func extAuthRoute(name string, ea *ir.ExtAuth) *ir.HTTPRoute {
	prefix := "/" + name
	return &ir.HTTPRoute{
		Name: name, Hostname: "*", PathMatch: &ir.StringMatch{Prefix: &prefix},
		Destination: ipDestination(name + "/dest"),
		Security:    &ir.SecurityFeatures{ExtAuth: ea},
	}
}

// grpcAuthDestination is a gRPC authorization service's destination.
func grpcAuthDestination(name string) ir.RouteDestination {
	d := ipDestination(name)
	d.Settings[0].Protocol = ir.GRPC
	return *d
}

// extAuthFilter returns the connection manager's filter called name.
func extAuthFilter(t *testing.T, res *Resources, name string) (*hcmv3.HttpFilter, *extauthzv3.ExtAuthz) {
	t.Helper()
	for _, f := range hcmOf(t, res.Listeners[0].GetDefaultFilterChain()).GetHttpFilters() {
		if f.GetName() == name {
			return f, unpackT(t, f.GetTypedConfig(), &extauthzv3.ExtAuthz{})
		}
	}
	t.Fatalf("no HTTP filter %q", name)
	return nil, nil
}

// extAuthPerRouteOf returns route's configuration of the filter called
// name.
func extAuthPerRouteOf(t *testing.T, cfgs map[string]*anypb.Any, name string) *extauthzv3.ExtAuthzPerRoute {
	t.Helper()
	a := cfgs[name]
	if a == nil {
		t.Fatalf("route has no configuration for %q (has %v)", name, extAuthKeys(cfgs))
	}
	return unpackT(t, a, &extauthzv3.ExtAuthzPerRoute{})
}

func extAuthKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func extAuthCluster(t *testing.T, res *Resources, name string) *clusterv3.Cluster {
	t.Helper()
	for _, c := range res.Clusters {
		if c.GetName() == name {
			return c
		}
	}
	t.Fatalf("no cluster %q", name)
	return nil
}

func extAuthHeaders(names ...string) *matcherv3.ListStringMatcher {
	m := &matcherv3.ListStringMatcher{}
	for _, n := range names {
		m.Patterns = append(m.Patterns, &matcherv3.StringMatcher{MatchPattern: &matcherv3.StringMatcher_Exact{Exact: n}, IgnoreCase: true})
	}
	return m
}

func TestExtAuthGRPC(t *testing.T) {
	yes := true
	status := int32(500)
	ea := &ir.ExtAuth{
		Name:                 "securitypolicy/ns/grpc",
		GRPC:                 &ir.GRPCExtAuthService{Destination: grpcAuthDestination("securitypolicy/ns/grpc/ns/authz"), Authority: "authz.ns:9000"},
		HeadersToExtAuth:     []string{"x-user", "Cookie"},
		StatusOnError:        &status,
		IncludeRouteMetadata: &yes,
		ContextExtensions: []*ir.ContextExtension{
			{Name: "tenant", Value: ir.PrivateBytes("acme")},
			{Name: "region", Value: ir.PrivateBytes("eu")},
		},
	}
	res, err := Translate(oneRoute(extAuthRoute("r", ea)))
	if err != nil {
		t.Fatal(err)
	}

	f, got := extAuthFilter(t, res, HTTPFilterExtAuthz+"/securitypolicy/ns/grpc")
	if !f.GetDisabled() {
		t.Error("the ext_authz filter is enabled in the connection manager; want it disabled there and enabled per route")
	}
	want := &extauthzv3.ExtAuthz{
		TransportApiVersion: corev3.ApiVersion_V3,
		Services: &extauthzv3.ExtAuthz_GrpcService{GrpcService: &corev3.GrpcService{
			TargetSpecifier: &corev3.GrpcService_EnvoyGrpc_{EnvoyGrpc: &corev3.GrpcService_EnvoyGrpc{
				ClusterName: "securitypolicy/ns/grpc/ns/authz",
				Authority:   "authz.ns:9000",
			}},
			Timeout: durationpb.New(10 * time.Second),
		}},
		AllowedHeaders:                 extAuthHeaders("x-user", "Cookie"),
		StatusOnError:                  &typev3.HttpStatus{Code: typev3.StatusCode_InternalServerError},
		RouteMetadataContextNamespaces: []string{"envoy-gateway"},
	}
	if diff := cmp.Diff(want, got, protocmp.Transform()); diff != "" {
		t.Errorf("ext_authz filter (-want +got):\n%s", diff)
	}
	if names := filterNames(hcmOf(t, res.Listeners[0].GetDefaultFilterChain())); len(names) != 2 || names[1] != HTTPFilterRouter {
		t.Errorf("http filters %v, want ext_authz then the router", names)
	}

	gotRoute := extAuthPerRouteOf(t, onlyRoute(t, res).GetTypedPerFilterConfig(), f.GetName())
	wantRoute := &extauthzv3.ExtAuthzPerRoute{Override: &extauthzv3.ExtAuthzPerRoute_CheckSettings{CheckSettings: &extauthzv3.CheckSettings{
		ContextExtensions: map[string]string{"tenant": "acme", "region": "eu"},
	}}}
	if diff := cmp.Diff(wantRoute, gotRoute, protocmp.Transform()); diff != "" {
		t.Errorf("per-route config (-want +got):\n%s", diff)
	}

	// The service's cluster speaks HTTP/2, as gRPC needs.
	c := extAuthCluster(t, res, "securitypolicy/ns/grpc/ns/authz")
	po := unpackT(t, c.GetTypedExtensionProtocolOptions()[httpProtocolOptionsKey], &httpv3.HttpProtocolOptions{})
	wantPO := &httpv3.HttpProtocolOptions{UpstreamProtocolOptions: &httpv3.HttpProtocolOptions_ExplicitHttpConfig_{ExplicitHttpConfig: &httpv3.HttpProtocolOptions_ExplicitHttpConfig{
		ProtocolConfig: &httpv3.HttpProtocolOptions_ExplicitHttpConfig_Http2ProtocolOptions{Http2ProtocolOptions: &corev3.Http2ProtocolOptions{
			InitialStreamWindowSize:     wrapperspb.UInt32(upstreamH2StreamWindow),
			InitialConnectionWindowSize: wrapperspb.UInt32(upstreamH2ConnWindow),
		}},
	}}}
	if diff := cmp.Diff(wantPO, po, protocmp.Transform()); diff != "" {
		t.Errorf("authorization cluster protocol options (-want +got):\n%s", diff)
	}
	if len(res.Endpoints) != 2 {
		t.Errorf("%d load assignments, want the route's and the service's", len(res.Endpoints))
	}
}

func TestExtAuthHTTP(t *testing.T) {
	yes, no := true, false
	second := ir.Duration(time.Second)
	service := func(override string) *ir.HTTPExtAuthService {
		return &ir.HTTPExtAuthService{
			Destination:      *ipDestination("securitypolicy/ns/http/ns/authz"),
			Authority:        "authz.ns:8080",
			Path:             "/auth",
			PathOverride:     override,
			HeadersToBackend: []string{"x-user-id", "x-roles"},
		}
	}
	httpService := func(uri, override string) *extauthzv3.HttpService {
		return &extauthzv3.HttpService{
			ServerUri: &corev3.HttpUri{
				Uri:              uri,
				HttpUpstreamType: &corev3.HttpUri_Cluster{Cluster: "securitypolicy/ns/http/ns/authz"},
				Timeout:          durationpb.New(time.Second),
			},
			PathPrefix:            "/auth",
			PathOverride:          override,
			AuthorizationResponse: &extauthzv3.AuthorizationResponse{AllowedUpstreamHeaders: extAuthHeaders("x-user-id", "x-roles")},
		}
	}
	tests := []struct {
		name string
		ea   *ir.ExtAuth
		want *extauthzv3.ExtAuthz
	}{{
		name: "fail open, body, recompute route",
		ea: &ir.ExtAuth{
			Name: "securitypolicy/ns/http", HTTP: service(""), Timeout: &second,
			FailOpen: &yes, RecomputeRoute: &yes, IncludeRouteMetadata: &no,
			BodyToExtAuth: &ir.BodyToExtAuth{MaxRequestBytes: 32768},
		},
		want: &extauthzv3.ExtAuthz{
			TransportApiVersion: corev3.ApiVersion_V3,
			Services:            &extauthzv3.ExtAuthz_HttpService{HttpService: httpService("http://authz.ns:8080/auth", "")},
			FailureModeAllow:    true,
			ClearRouteCache:     true,
			WithRequestBody:     &extauthzv3.BufferSettings{MaxRequestBytes: 32768},
		},
	}, {
		name: "fail closed, path override, headers to the service",
		ea: &ir.ExtAuth{
			Name: "securitypolicy/ns/http", HTTP: service("/check"), Timeout: &second,
			FailOpen: &no, HeadersToExtAuth: []string{"authorization"},
		},
		want: &extauthzv3.ExtAuthz{
			TransportApiVersion: corev3.ApiVersion_V3,
			Services:            &extauthzv3.ExtAuthz_HttpService{HttpService: httpService("http://authz.ns:8080/check", "/check")},
			AllowedHeaders:      extAuthHeaders("authorization"),
		},
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Translate(oneRoute(extAuthRoute("r", tc.ea)))
			if err != nil {
				t.Fatal(err)
			}
			f, got := extAuthFilter(t, res, HTTPFilterExtAuthz+"/securitypolicy/ns/http")
			if !f.GetDisabled() {
				t.Error("the ext_authz filter is enabled in the connection manager")
			}
			if diff := cmp.Diff(tc.want, got, protocmp.Transform()); diff != "" {
				t.Errorf("ext_authz filter (-want +got):\n%s", diff)
			}
			// No context extensions: an empty check settings still
			// turns the filter on.
			gotRoute := extAuthPerRouteOf(t, onlyRoute(t, res).GetTypedPerFilterConfig(), f.GetName())
			wantRoute := &extauthzv3.ExtAuthzPerRoute{Override: &extauthzv3.ExtAuthzPerRoute_CheckSettings{CheckSettings: &extauthzv3.CheckSettings{}}}
			if diff := cmp.Diff(wantRoute, gotRoute, protocmp.Transform()); diff != "" {
				t.Errorf("per-route config (-want +got):\n%s", diff)
			}
			// A plain HTTP service gets a plain cluster.
			if c := extAuthCluster(t, res, "securitypolicy/ns/http/ns/authz"); c.GetTypedExtensionProtocolOptions() != nil {
				t.Errorf("HTTP authorization cluster has protocol options %v, want none", c.GetTypedExtensionProtocolOptions())
			}
		})
	}
}

// One filter per name, configured by the first route that uses it, sorted
// by name; every route enables its own; a destination shared by several
// routes is one cluster, from its first use.
func TestExtAuthFiltersPerName(t *testing.T) {
	yes := true
	grpc := func(name string, failOpen *bool, ext string) *ir.ExtAuth {
		ea := &ir.ExtAuth{
			Name:     name,
			GRPC:     &ir.GRPCExtAuthService{Destination: grpcAuthDestination("authz"), Authority: "authz:9000"},
			FailOpen: failOpen,
		}
		if ext != "" {
			ea.ContextExtensions = []*ir.ContextExtension{{Name: "k", Value: ir.PrivateBytes(ext)}}
		}
		return ea
	}
	second := grpc("b", nil, "")
	second.GRPC.Destination.Settings[0].Endpoints[0].Host = "10.9.9.9"
	l := plainHTTP("ns/gw/http", 80)
	l.Routes = []*ir.HTTPRoute{
		extAuthRoute("r1", grpc("b", &yes, "one")),
		extAuthRoute("r2", second),
		extAuthRoute("r3", grpc("a", nil, "three")),
		{Name: "plain", Hostname: "*", Destination: ipDestination("plain")},
	}
	res, err := Translate(&ir.Xds{HTTP: []*ir.HTTPListener{l}})
	if err != nil {
		t.Fatal(err)
	}
	names := filterNames(hcmOf(t, res.Listeners[0].GetDefaultFilterChain()))
	if diff := cmp.Diff([]string{HTTPFilterExtAuthz + "/a", HTTPFilterExtAuthz + "/b", HTTPFilterRouter}, names); diff != "" {
		t.Errorf("http filters (-want +got):\n%s", diff)
	}
	if _, b := extAuthFilter(t, res, HTTPFilterExtAuthz+"/b"); !b.GetFailureModeAllow() {
		t.Error("filter b is not configured from its first route (failOpen)")
	}

	routes := res.Routes[0].VirtualHosts[0].Routes
	wantExt := map[string]map[string]string{"r1": {"k": "one"}, "r2": nil, "r3": {"k": "three"}}
	wantFilter := map[string]string{"r1": "/b", "r2": "/b", "r3": "/a"}
	for _, r := range routes {
		if r.GetName() == "plain" {
			if len(r.GetTypedPerFilterConfig()) != 0 {
				t.Errorf("route without ext auth has per-filter config %v", extAuthKeys(r.GetTypedPerFilterConfig()))
			}
			continue
		}
		cfgs := r.GetTypedPerFilterConfig()
		if len(cfgs) != 1 {
			t.Errorf("route %s: per-filter config for %v, want only its own ext_authz filter", r.GetName(), extAuthKeys(cfgs))
		}
		got := extAuthPerRouteOf(t, cfgs, HTTPFilterExtAuthz+wantFilter[r.GetName()])
		if diff := cmp.Diff(wantExt[r.GetName()], got.GetCheckSettings().GetContextExtensions()); diff != "" {
			t.Errorf("route %s context extensions (-want +got):\n%s", r.GetName(), diff)
		}
	}

	var la []string
	for _, e := range res.Endpoints {
		if e.GetClusterName() == "authz" {
			for _, loc := range e.GetEndpoints() {
				for _, ep := range loc.GetLbEndpoints() {
					la = append(la, ep.GetEndpoint().GetAddress().GetSocketAddress().GetAddress())
				}
			}
		}
	}
	if diff := cmp.Diff([]string{"10.0.0.1"}, la); diff != "" {
		t.Errorf("authz endpoints, from the first route that uses the destination (-want +got):\n%s", diff)
	}
	if n := len(res.Clusters); n != 5 {
		t.Errorf("%d clusters, want 5 (four routes, one authorization service)", n)
	}
}

// Translation is deterministic, context extension maps included.
func TestExtAuthDeterministic(t *testing.T) {
	var exts []*ir.ContextExtension
	for _, k := range []string{"a", "b", "c", "d", "e", "f", "g", "h"} {
		exts = append(exts, &ir.ContextExtension{Name: k, Value: ir.PrivateBytes("v-" + k)})
	}
	x := oneRoute(extAuthRoute("r", &ir.ExtAuth{
		Name: "p", GRPC: &ir.GRPCExtAuthService{Destination: grpcAuthDestination("authz")}, ContextExtensions: exts,
	}))
	var first []byte
	for i := 0; i < 10; i++ {
		res, err := Translate(x)
		if err != nil {
			t.Fatal(err)
		}
		b, err := res.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = b
		} else if !bytes.Equal(first, b) {
			t.Fatal("two translations of one IR differ")
		}
	}
}

// An invalid ExtAuth is an error that names the field, never a panic, and
// never quotes a context extension's value.
func TestExtAuthInvalid(t *testing.T) {
	const secret = "s3cr3t-VALUE"
	bad := int32(299)
	zero := int32(0)
	neg := ir.Duration(-time.Second)
	huge := ir.Duration(5000000000 * time.Second)
	valid := func() *ir.ExtAuth {
		return &ir.ExtAuth{
			Name: "p",
			GRPC: &ir.GRPCExtAuthService{Destination: grpcAuthDestination("authz"), Authority: "authz:9000"},
			ContextExtensions: []*ir.ContextExtension{
				{Name: "k", Value: ir.PrivateBytes(secret)},
			},
		}
	}
	httpSvc := func() *ir.HTTPExtAuthService {
		return &ir.HTTPExtAuthService{Destination: *ipDestination("authz"), Authority: "authz:80", Path: "/auth"}
	}
	tests := []struct {
		name   string
		modify func(*ir.ExtAuth)
		field  string
	}{
		{"no name", func(ea *ir.ExtAuth) { ea.Name = "" }, ".security.extAuth.name"},
		{"no service", func(ea *ir.ExtAuth) { ea.GRPC = nil }, ".security.extAuth.http"},
		{"both services", func(ea *ir.ExtAuth) { ea.HTTP = httpSvc() }, ".security.extAuth.http"},
		{"gRPC destination without a name", func(ea *ir.ExtAuth) { ea.GRPC.Destination.Name = "" }, ".security.extAuth.grpc.destination.name"},
		{"gRPC authority with a newline", func(ea *ir.ExtAuth) { ea.GRPC.Authority = "a\nb" }, ".security.extAuth.grpc.authority"},
		{"HTTP without an authority", func(ea *ir.ExtAuth) { ea.GRPC, ea.HTTP = nil, httpSvc(); ea.HTTP.Authority = "" }, ".security.extAuth.http.authority"},
		{"HTTP authority with a path", func(ea *ir.ExtAuth) { ea.GRPC, ea.HTTP = nil, httpSvc(); ea.HTTP.Authority = "a/b" }, ".security.extAuth.http.authority"},
		{"HTTP header not UTF-8", func(ea *ir.ExtAuth) {
			ea.GRPC, ea.HTTP = nil, httpSvc()
			ea.HTTP.HeadersToBackend = []string{"ok", "\xff"}
		}, ".security.extAuth.http.headersToBackend[1]"},
		{"HTTP timeout too long", func(ea *ir.ExtAuth) { ea.GRPC, ea.HTTP = nil, httpSvc(); ea.Timeout = &huge }, ".security.extAuth.timeout"},
		{"negative timeout", func(ea *ir.ExtAuth) { ea.Timeout = &neg }, ".security.extAuth.timeout"},
		{"empty body limit", func(ea *ir.ExtAuth) { ea.BodyToExtAuth = &ir.BodyToExtAuth{} }, ".security.extAuth.bodyToExtAuth.maxRequestBytes"},
		{"unknown status", func(ea *ir.ExtAuth) { ea.StatusOnError = &bad }, ".security.extAuth.statusOnError"},
		{"zero status", func(ea *ir.ExtAuth) { ea.StatusOnError = &zero }, ".security.extAuth.statusOnError"},
		{"null context extension", func(ea *ir.ExtAuth) { ea.ContextExtensions = append(ea.ContextExtensions, nil) }, ".security.extAuth.contextExtensions[1]"},
		{"context extension without a name", func(ea *ir.ExtAuth) { ea.ContextExtensions[0].Name = "" }, ".security.extAuth.contextExtensions[0].name"},
		{"context extension value not UTF-8", func(ea *ir.ExtAuth) {
			ea.ContextExtensions[0].Value = append(ir.PrivateBytes(secret), 0xff)
		}, ".security.extAuth.contextExtensions[0].value"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ea := valid()
			tc.modify(ea)
			var res *Resources
			var err error
			func() {
				defer func() {
					if v := recover(); v != nil {
						t.Fatalf("Translate panicked: %v", v)
					}
				}()
				res, err = Translate(oneRoute(extAuthRoute("r", ea)))
			}()
			if err == nil || res != nil {
				t.Fatalf("Translate = %v, %v; want an error and no resources", res, err)
			}
			if !strings.Contains(err.Error(), tc.field+":") {
				t.Errorf("error %q does not name %s", err, tc.field)
			}
			if strings.Contains(err.Error(), secret) {
				t.Errorf("error %q quotes a context extension value", err)
			}
		})
	}
	// The valid base translates.
	if _, err := Translate(oneRoute(extAuthRoute("r", valid()))); err != nil {
		t.Fatalf("valid ext auth: %v", err)
	}
}

// Each of the three table functions checks the IR by itself, with the
// route's path.
func TestExtAuthTableFunctionsValidate(t *testing.T) {
	r := extAuthRoute("r", &ir.ExtAuth{Name: "p"})
	if _, err := extAuthPerRoute(r, "listeners[l].routes[0]"); err == nil || !strings.Contains(err.Error(), "listeners[l].routes[0].security.extAuth.http:") {
		t.Errorf("extAuthPerRoute: %v, want an error naming the service fields", err)
	}
	if _, err := extAuthClusters(r, "http[0].routes[0]"); err == nil || !strings.Contains(err.Error(), "http[0].routes[0].security.extAuth.http:") {
		t.Errorf("extAuthClusters: %v, want an error naming the service fields", err)
	}
	l := plainHTTP("l", 80)
	l.Routes = []*ir.HTTPRoute{r}
	if _, err := extAuthFilters(nil, []*ir.HTTPListener{l}); err == nil || !strings.Contains(err.Error(), "listeners[l].routes[0].security.extAuth.http:") {
		t.Errorf("extAuthFilters: %v, want an error naming the service fields", err)
	}
	// Routes without ext auth need nothing.
	plain := &ir.HTTPRoute{Name: "plain"}
	if m, err := extAuthPerRoute(plain, "p"); m != nil || err != nil {
		t.Errorf("extAuthPerRoute(no ext auth) = %v, %v", m, err)
	}
	if s, err := extAuthClusters(plain, "p"); s != nil || err != nil {
		t.Errorf("extAuthClusters(no ext auth) = %v, %v", s, err)
	}
}
