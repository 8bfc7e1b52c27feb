package xds

import (
	"errors"
	"testing"

	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	rbacconfigv3 "github.com/envoyproxy/go-control-plane/envoy/config/rbac/v3"
	routev3 "github.com/envoyproxy/go-control-plane/envoy/config/route/v3"
	corsv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/cors/v3"
	credentialv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/credential_injector/v3"
	rbacv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/rbac/v3"
	genericv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/http/injected_credentials/generic/v3"
	tlsv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/transport_sockets/tls/v3"
	httpv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/upstreams/http/v3"
	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/testing/protocmp"
	"google.golang.org/protobuf/types/known/anypb"

	"github.com/gatewaykit/gatewaykit/ir"
)

// oneRoute returns an IR with one plain HTTP listener holding r.
func oneRoute(r *ir.HTTPRoute) *ir.Xds {
	l := plainHTTP("ns/gw/http", 80)
	l.Routes = []*ir.HTTPRoute{r}
	return &ir.Xds{HTTP: []*ir.HTTPListener{l}}
}

func ipDestination(name string) *ir.RouteDestination {
	ip := ir.IP
	return &ir.RouteDestination{Name: name, Settings: []*ir.DestinationSetting{{
		Name: name + "/backend/0", AddressType: &ip, Endpoints: []*ir.DestinationEndpoint{{Host: "10.0.0.1", Port: 8080}},
	}}}
}

// onlyRoute returns the single route of the single route configuration.
func onlyRoute(t *testing.T, res *Resources) *routev3.Route {
	t.Helper()
	if len(res.Routes) != 1 || len(res.Routes[0].VirtualHosts) != 1 || len(res.Routes[0].VirtualHosts[0].Routes) != 1 {
		t.Fatalf("want one route, got %v", res.Routes)
	}
	return res.Routes[0].VirtualHosts[0].Routes[0]
}

func TestTranslateRejectsInvalidIR(t *testing.T) {
	x := oneRoute(&ir.HTTPRoute{Name: "r", Hostname: "*", DirectResponse: &ir.CustomResponse{StatusCode: 200}})
	x.HTTP[0].Port = 0
	x.HTTP[0].Routes[0].Hostname = ""
	res, err := Translate(x)
	if err == nil || res != nil {
		t.Fatalf("Translate = %v, %v; want an error and no resources", res, err)
	}
	var paths []string
	var joined interface{ Unwrap() []error }
	if !errors.As(err, &joined) {
		t.Fatalf("error %v does not wrap Validate's joined errors", err)
	}
	for _, e := range joined.Unwrap() {
		var ve *ir.ValidationError
		if !errors.As(e, &ve) {
			t.Fatalf("%v is not an *ir.ValidationError", e)
		}
		paths = append(paths, ve.Path)
	}
	if d := cmp.Diff([]string{"http[0].port", "http[0].routes[0].hostname"}, paths); d != "" {
		t.Errorf("paths (-want +got):\n%s", d)
	}
}

func TestDirectResponseBodyIsBytes(t *testing.T) {
	body := []byte{0xff, 0x00, 'o', 'k'}
	res, err := Translate(oneRoute(&ir.HTTPRoute{Name: "r", Hostname: "*", DirectResponse: &ir.CustomResponse{StatusCode: 503, Body: body}}))
	if err != nil {
		t.Fatal(err)
	}
	want := &routev3.DirectResponseAction{Status: 503, BodyFormat: &corev3.SubstitutionFormatString{
		Format: &corev3.SubstitutionFormatString_TextFormatSource{TextFormatSource: inlineBytes(body)},
	}}
	if d := cmp.Diff(want, onlyRoute(t, res).GetDirectResponse(), protocmp.Transform()); d != "" {
		t.Errorf("direct response (-want +got):\n%s", d)
	}
}

func TestCORSWildcardStandsAlone(t *testing.T) {
	for _, tc := range []struct {
		in   []string
		want string
	}{
		{nil, ""},
		{[]string{"GET", "POST"}, "GET, POST"},
		{[]string{"*", "POST", "PUT"}, "*"},
		{[]string{"GET", "*"}, "*"},
	} {
		if got := corsList(tc.in); got != tc.want {
			t.Errorf("corsList(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	res, err := Translate(oneRoute(&ir.HTTPRoute{Name: "r", Hostname: "*", Destination: ipDestination("c"),
		CORS: &ir.CORS{AllowMethods: []string{"*", "POST"}, AllowHeaders: []string{"a", "b"}}}))
	if err != nil {
		t.Fatal(err)
	}
	a := onlyRoute(t, res).TypedPerFilterConfig[HTTPFilterCORS]
	if a == nil {
		t.Fatal("no CORS per-route configuration")
	}
	p := unpackT(t, a, &corsv3.CorsPolicy{})
	if p.AllowMethods != "*" || p.AllowHeaders != "a, b" {
		t.Errorf("allowMethods %q, allowHeaders %q; want \"*\" and \"a, b\"", p.AllowMethods, p.AllowHeaders)
	}
}

func TestConnectRoute(t *testing.T) {
	exact := "/p"
	res, err := Translate(oneRoute(&ir.HTTPRoute{Name: "r", Hostname: "*", Destination: ipDestination("c"),
		PathMatch: &ir.StringMatch{Exact: &exact},
		Traffic:   &ir.TrafficFeatures{HTTPUpgrade: []ir.HTTPUpgradeConfig{{Type: "CONNECT", Connect: &ir.ConnectConfig{Terminate: true}}}}}))
	if err != nil {
		t.Fatal(err)
	}
	r := onlyRoute(t, res)
	wantMatch := &routev3.RouteMatch{PathSpecifier: &routev3.RouteMatch_ConnectMatcher_{ConnectMatcher: &routev3.RouteMatch_ConnectMatcher{}}}
	if d := cmp.Diff(wantMatch, r.Match, protocmp.Transform()); d != "" {
		t.Errorf("match (-want +got):\n%s", d)
	}
	wantUpgrades := []*routev3.RouteAction_UpgradeConfig{{UpgradeType: "CONNECT", ConnectConfig: &routev3.RouteAction_UpgradeConfig_ConnectConfig{}}}
	if d := cmp.Diff(wantUpgrades, r.GetRoute().UpgradeConfigs, protocmp.Transform()); d != "" {
		t.Errorf("upgrades (-want +got):\n%s", d)
	}
}

func TestDynamicResolverDeniesLoopback(t *testing.T) {
	ip := ir.IP
	res, err := Translate(oneRoute(&ir.HTTPRoute{Name: "r", Hostname: "*", Destination: &ir.RouteDestination{
		Name: "c", Settings: []*ir.DestinationSetting{{Name: "c/backend/0", AddressType: &ip, IsDynamicResolver: true}},
	}}))
	if err != nil {
		t.Fatal(err)
	}
	a := onlyRoute(t, res).TypedPerFilterConfig[HTTPFilterDFPLoopbackDeny]
	if a == nil {
		t.Fatal("no loopback-deny per-route configuration")
	}
	var pr rbacv3.RBACPerRoute
	if err := a.UnmarshalTo(&pr); err != nil {
		t.Fatal(err)
	}
	list := pr.GetRbac().GetMatcher().GetMatcherList().GetMatchers()
	if len(list) != 1 {
		t.Fatalf("want one matcher, got %d", len(list))
	}
	preds := list[0].GetPredicate().GetOrMatcher().GetPredicate()
	var regexes []string
	for _, p := range preds {
		regexes = append(regexes, p.GetSinglePredicate().GetValueMatch().GetSafeRegex().GetRegex())
	}
	if d := cmp.Diff(loopbackAuthorities[:], regexes); d != "" {
		t.Errorf("denied authorities (-want +got):\n%s", d)
	}
	var deny rbacconfigv3.Action
	if err := list[0].GetOnMatch().GetAction().GetTypedConfig().UnmarshalTo(&deny); err != nil {
		t.Fatal(err)
	}
	if deny.Action != rbacconfigv3.RBAC_DENY {
		t.Errorf("on match: %v, want DENY", deny.Action)
	}
}

func TestCredentialInjection(t *testing.T) {
	hdr, yes := "x-credential", true
	route := &ir.HTTPRoute{Name: "r", Hostname: "*", Destination: ipDestination("c"),
		CredentialInjection: &ir.CredentialInjection{Name: "httproutefilter/ns/f", Header: &hdr, Overwrite: &yes, Credential: []byte("s3cret")}}
	backend := ipDestination("d")
	backend.Settings[0].Filters = &ir.DestinationFilters{CredentialInjection: &ir.CredentialInjection{Name: "httproutefilter/ns/g", Credential: []byte("other")}}
	w := uint32(1)
	backend.Settings[0].Weight = &w
	x := oneRoute(route)
	x.HTTP[0].Routes = append(x.HTTP[0].Routes, &ir.HTTPRoute{Name: "r2", Hostname: "*", Destination: backend})
	res, err := Translate(x)
	if err != nil {
		t.Fatal(err)
	}

	wantSecrets := []*tlsv3.Secret{
		{Name: "credential_injector/credential/httproutefilter/ns/f", Type: &tlsv3.Secret_GenericSecret{GenericSecret: &tlsv3.GenericSecret{Secret: inlineBytes([]byte("s3cret"))}}},
		{Name: "credential_injector/credential/httproutefilter/ns/g", Type: &tlsv3.Secret_GenericSecret{GenericSecret: &tlsv3.GenericSecret{Secret: inlineBytes([]byte("other"))}}},
	}
	if d := cmp.Diff(wantSecrets, res.Secrets, protocmp.Transform()); d != "" {
		t.Errorf("secrets (-want +got):\n%s", d)
	}

	wantInjector := &credentialv3.CredentialInjector{Overwrite: true, Credential: &corev3.TypedExtensionConfig{
		Name: "envoy.http.injected_credentials.generic",
		TypedConfig: mustAnyT(t, &genericv3.Generic{
			Credential: sdsSecret("credential_injector/credential/httproutefilter/ns/f"), Header: "x-credential",
		}),
	}}
	m := hcmOf(t, res.Listeners[0].DefaultFilterChain)
	var found bool
	for _, f := range m.HttpFilters {
		if f.Name != HTTPFilterCredentialInjector+"/httproutefilter/ns/f" {
			continue
		}
		found = true
		if !f.Disabled {
			t.Error("the route's credential injector must be disabled in the connection manager")
		}
		got := unpackT(t, f.GetTypedConfig(), &credentialv3.CredentialInjector{})
		if d := cmp.Diff(wantInjector, got, protocmp.Transform()); d != "" {
			t.Errorf("injector (-want +got):\n%s", d)
		}
	}
	if !found {
		t.Fatalf("no credential injector filter in %v", filterNames(m))
	}
	per := res.Routes[0].VirtualHosts[0].Routes[0].TypedPerFilterConfig[HTTPFilterCredentialInjector+"/httproutefilter/ns/f"]
	if d := cmp.Diff(mustAnyT(t, &routev3.FilterConfig{Config: &anypb.Any{}}), per, protocmp.Transform()); d != "" {
		t.Errorf("per-route configuration (-want +got):\n%s", d)
	}

	// The backend's injection runs upstream, before the codec.
	var po *httpv3.HttpProtocolOptions
	for _, c := range res.Clusters {
		if c.Name == "d/backend/0" {
			po = unpackT(t, c.TypedExtensionProtocolOptions[httpProtocolOptionsKey], &httpv3.HttpProtocolOptions{})
		}
	}
	var names []string
	for _, f := range po.GetHttpFilters() {
		names = append(names, f.Name)
	}
	if d := cmp.Diff([]string{HTTPFilterCredentialInjector + "/httproutefilter/ns/g", upstreamCodecName}, names); d != "" {
		t.Errorf("upstream filters (-want +got):\n%s", d)
	}
}

func TestSecretRepeatedPerHTTPSListener(t *testing.T) {
	x := &ir.Xds{HTTP: []*ir.HTTPListener{
		httpsListener("ns/a/https", 443, "a.com", "ns/cert"),
		httpsListener("ns/b/https", 8443, "b.com", "ns/cert"),
	}}
	res, err := Translate(x)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Secrets) != 2 || res.Secrets[0].Name != "ns/cert" || res.Secrets[1].Name != "ns/cert" {
		t.Fatalf("want ns/cert once per listener, got %v", res.Secrets)
	}
	if d := cmp.Diff(res.Secrets[0], res.Secrets[1], protocmp.Transform()); d != "" {
		t.Errorf("repeated secrets differ:\n%s", d)
	}
	if res.Secrets[0] == res.Secrets[1] {
		t.Error("repeated secrets share one message")
	}
}
