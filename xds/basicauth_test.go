package xds

import (
	"strings"
	"testing"

	basicauthv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/basic_auth/v3"
	routerv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/router/v3"
	hcmv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/http_connection_manager/v3"
	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/testing/protocmp"
	"google.golang.org/protobuf/types/known/anypb"

	"github.com/gatewaykit/gatewaykit/ir"
)

// securedRoute is a route called name, on path prefix /name, with the
// security features s.
func securedRoute(name string, s *ir.SecurityFeatures) *ir.HTTPRoute {
	prefix := "/" + name
	return &ir.HTTPRoute{
		Name: name, Hostname: "*", PathMatch: &ir.StringMatch{Prefix: &prefix},
		Destination: ipDestination(name + "/dest"), Security: s,
	}
}

// securedIR is one plain HTTP listener holding routes.
func securedIR(routes ...*ir.HTTPRoute) *ir.Xds {
	l := plainHTTP("ns/gw/http", 80)
	l.Routes = routes
	return &ir.Xds{HTTP: []*ir.HTTPListener{l}}
}

// securedTranslate translates x, which must succeed.
func securedTranslate(t *testing.T, x *ir.Xds) *Resources {
	t.Helper()
	res, err := Translate(x)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// translateError translates x, which must fail without a panic, and
// returns the error.
func translateError(t *testing.T, x *ir.Xds) error {
	t.Helper()
	var res *Resources
	var err error
	func() {
		defer func() {
			if v := recover(); v != nil {
				t.Fatalf("Translate panicked: %v", v)
			}
		}()
		res, err = Translate(x)
	}()
	if err == nil || res != nil {
		t.Fatalf("Translate = %v, %v; want an error and no resources", res, err)
	}
	return err
}

// routeConfigs returns the per-filter configuration of each route of the
// only route configuration, by route name.
func routeConfigs(t *testing.T, res *Resources) map[string]map[string]*anypb.Any {
	t.Helper()
	out := map[string]map[string]*anypb.Any{}
	for _, vh := range res.Routes[0].GetVirtualHosts() {
		for _, r := range vh.GetRoutes() {
			out[r.GetName()] = r.GetTypedPerFilterConfig()
		}
	}
	return out
}

// httpFilters returns the HTTP filters of the only listener's default
// filter chain.
func httpFilters(t *testing.T, res *Resources) []*hcmv3.HttpFilter {
	t.Helper()
	return hcmOf(t, res.Listeners[0].GetDefaultFilterChain()).GetHttpFilters()
}

func TestBasicAuthFilterPerName(t *testing.T) {
	user := "x-user"
	a := &ir.BasicAuth{Name: "securitypolicy/ns/b", Users: ir.PrivateBytes("alice:{SHA}a\n"), ForwardUsernameHeader: &user}
	// The same policy on another route: one filter, configured from the
	// first route, while each route carries its own users.
	a2 := &ir.BasicAuth{Name: "securitypolicy/ns/b", Users: ir.PrivateBytes("bob:{SHA}b\n")}
	c := &ir.BasicAuth{Name: "securitypolicy/ns/a", Users: ir.PrivateBytes("carol:{SHA}c\n")}
	res := securedTranslate(t, securedIR(
		securedRoute("r1", &ir.SecurityFeatures{BasicAuth: a}),
		securedRoute("r2", &ir.SecurityFeatures{BasicAuth: a2}),
		securedRoute("r3", &ir.SecurityFeatures{BasicAuth: c}),
		securedRoute("open", nil),
	))
	want := []*hcmv3.HttpFilter{
		{
			Name: "envoy.filters.http.basic_auth/securitypolicy/ns/a", Disabled: true,
			ConfigType: &hcmv3.HttpFilter_TypedConfig{TypedConfig: mustAnyT(t, &basicauthv3.BasicAuth{Users: inlineBytes([]byte("carol:{SHA}c\n"))})},
		},
		{
			Name: "envoy.filters.http.basic_auth/securitypolicy/ns/b", Disabled: true,
			ConfigType: &hcmv3.HttpFilter_TypedConfig{TypedConfig: mustAnyT(t, &basicauthv3.BasicAuth{
				Users: inlineBytes([]byte("alice:{SHA}a\n")), ForwardUsernameHeader: "x-user",
			})},
		},
		{
			Name:       "envoy.filters.http.router",
			ConfigType: &hcmv3.HttpFilter_TypedConfig{TypedConfig: mustAnyT(t, &routerv3.Router{SuppressEnvoyHeaders: true})},
		},
	}
	if d := cmp.Diff(want, httpFilters(t, res), protocmp.Transform()); d != "" {
		t.Errorf("filters (-want +got):\n%s", d)
	}
	perRoute := func(users string) *basicauthv3.BasicAuthPerRoute {
		return &basicauthv3.BasicAuthPerRoute{Users: inlineBytes([]byte(users))}
	}
	wantRoutes := map[string]map[string]*anypb.Any{
		"r1":   {"envoy.filters.http.basic_auth/securitypolicy/ns/b": mustAnyT(t, perRoute("alice:{SHA}a\n"))},
		"r2":   {"envoy.filters.http.basic_auth/securitypolicy/ns/b": mustAnyT(t, perRoute("bob:{SHA}b\n"))},
		"r3":   {"envoy.filters.http.basic_auth/securitypolicy/ns/a": mustAnyT(t, perRoute("carol:{SHA}c\n"))},
		"open": nil,
	}
	if d := cmp.Diff(wantRoutes, routeConfigs(t, res), protocmp.Transform()); d != "" {
		t.Errorf("per-route configuration (-want +got):\n%s", d)
	}
}

// An invalid BasicAuth is an error naming the field, and never quotes the
// users.
func TestBasicAuthInvalid(t *testing.T) {
	const secret = "alice:{SHA}s3cr3t"
	tests := []struct {
		name   string
		modify func(*ir.BasicAuth)
		field  string
	}{
		{"no name", func(a *ir.BasicAuth) { a.Name = "" }, ".security.basicAuth.name"},
		{"no users", func(a *ir.BasicAuth) { a.Users = nil }, ".security.basicAuth.users"},
		{"header with a newline", func(a *ir.BasicAuth) { h := "x\ny"; a.ForwardUsernameHeader = &h }, ".security.basicAuth.forwardUsernameHeader"},
		{"header not UTF-8", func(a *ir.BasicAuth) { h := "\xff"; a.ForwardUsernameHeader = &h }, ".security.basicAuth.forwardUsernameHeader"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := &ir.BasicAuth{Name: "p", Users: ir.PrivateBytes(secret)}
			tc.modify(a)
			err := translateError(t, securedIR(securedRoute("r", &ir.SecurityFeatures{BasicAuth: a})))
			if !strings.Contains(err.Error(), "listeners[ns/gw/http].routes[0]"+tc.field+":") {
				t.Errorf("error %q does not name %s", err, tc.field)
			}
			if strings.Contains(err.Error(), "s3cr3t") {
				t.Errorf("error %q quotes the users", err)
			}
		})
	}
	// An empty header name means none.
	empty := ""
	res := securedTranslate(t, securedIR(securedRoute("r", &ir.SecurityFeatures{BasicAuth: &ir.BasicAuth{
		Name: "p", Users: ir.PrivateBytes(secret), ForwardUsernameHeader: &empty,
	}})))
	if got := unpackT(t, httpFilters(t, res)[0].GetTypedConfig(), &basicauthv3.BasicAuth{}).ForwardUsernameHeader; got != "" {
		t.Errorf("forward username header %q, want none", got)
	}
	// The per-route function checks the IR by itself.
	r := securedRoute("r", &ir.SecurityFeatures{BasicAuth: &ir.BasicAuth{Name: "p"}})
	if _, err := basicAuthPerRoute(r, "listeners[l].routes[3]"); err == nil || !strings.Contains(err.Error(), "listeners[l].routes[3].security.basicAuth.users:") {
		t.Errorf("basicAuthPerRoute: %v, want an error naming the users", err)
	}
}
