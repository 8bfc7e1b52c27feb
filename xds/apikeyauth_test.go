package xds

import (
	"strings"
	"testing"

	apikeyauthv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/api_key_auth/v3"
	hcmv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/http_connection_manager/v3"
	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/testing/protocmp"
	"google.golang.org/protobuf/types/known/anypb"

	"github.com/gatewaykit/gatewaykit/ir"
)

func TestAPIKeyAuth(t *testing.T) {
	header, yes := "x-client-id", true
	first := &ir.APIKeyAuth{
		Credentials: []ir.APIKeyCredential{
			{Client: ir.PrivateBytes("client-1"), Key: ir.PrivateBytes("key-1")},
			{Client: ir.PrivateBytes("client-2"), Key: ir.PrivateBytes("key-2")},
		},
		ExtractFrom: []*ir.ExtractFrom{
			{Cookies: []string{"c1"}, Headers: []string{"x-api-key", "x-key-2"}, Params: []string{"key"}},
			{Params: []string{"api_key"}},
		},
		ForwardClientIDHeader: &header,
		Sanitize:              &yes,
	}
	second := &ir.APIKeyAuth{
		Credentials: []ir.APIKeyCredential{{Client: ir.PrivateBytes("client-3"), Key: ir.PrivateBytes("key-3")}},
		ExtractFrom: []*ir.ExtractFrom{{Headers: []string{"x-api-key"}}},
	}
	res := securedTranslate(t, securedIR(
		securedRoute("open", nil),
		securedRoute("first", &ir.SecurityFeatures{APIKeyAuth: first}),
		securedRoute("second", &ir.SecurityFeatures{APIKeyAuth: second}),
	))
	firstCfg := &apikeyauthv3.ApiKeyAuthPerRoute{
		Credentials: []*apikeyauthv3.Credential{{Client: "client-1", Key: "key-1"}, {Client: "client-2", Key: "key-2"}},
		// Each entry's headers, then parameters, then cookies.
		KeySources: []*apikeyauthv3.KeySource{
			{Header: "x-api-key"}, {Header: "x-key-2"}, {Query: "key"}, {Cookie: "c1"}, {Query: "api_key"},
		},
		Forwarding: &apikeyauthv3.Forwarding{Header: "x-client-id", HideCredentials: true},
	}
	// The connection manager's filter is disabled, configured from the
	// first route that authenticates by API key.
	wantFilter := &hcmv3.HttpFilter{
		Name: HTTPFilterAPIKeyAuth, Disabled: true,
		ConfigType: &hcmv3.HttpFilter_TypedConfig{TypedConfig: mustAnyT(t, &apikeyauthv3.ApiKeyAuth{
			Credentials: firstCfg.Credentials, KeySources: firstCfg.KeySources, Forwarding: firstCfg.Forwarding,
		})},
	}
	fs := httpFilters(t, res)
	if d := cmp.Diff([]string{HTTPFilterAPIKeyAuth, HTTPFilterRouter}, filterNames(hcmOf(t, res.Listeners[0].GetDefaultFilterChain()))); d != "" {
		t.Fatalf("filters (-want +got):\n%s", d)
	}
	if d := cmp.Diff(wantFilter, fs[0], protocmp.Transform()); d != "" {
		t.Errorf("api_key_auth filter (-want +got):\n%s", d)
	}
	// Without a client id header or sanitizing there is no forwarding.
	wantRoutes := map[string]map[string]*anypb.Any{
		"open":  nil,
		"first": {HTTPFilterAPIKeyAuth: mustAnyT(t, firstCfg)},
		"second": {HTTPFilterAPIKeyAuth: mustAnyT(t, &apikeyauthv3.ApiKeyAuthPerRoute{
			Credentials: []*apikeyauthv3.Credential{{Client: "client-3", Key: "key-3"}},
			KeySources:  []*apikeyauthv3.KeySource{{Header: "x-api-key"}},
		})},
	}
	if d := cmp.Diff(wantRoutes, routeConfigs(t, res), protocmp.Transform()); d != "" {
		t.Errorf("per-route configuration (-want +got):\n%s", d)
	}
}

func TestAPIKeyAuthForwarding(t *testing.T) {
	header, yes, no, empty := "x-client", true, false, ""
	for _, tc := range []struct {
		name     string
		header   *string
		sanitize *bool
		want     *apikeyauthv3.Forwarding
	}{
		{"neither", nil, nil, nil},
		{"not sanitized, empty header", &empty, &no, nil},
		{"header only", &header, nil, &apikeyauthv3.Forwarding{Header: "x-client"}},
		{"sanitize only", nil, &yes, &apikeyauthv3.Forwarding{HideCredentials: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := apiKeyAuthConfig(&ir.APIKeyAuth{ForwardClientIDHeader: tc.header, Sanitize: tc.sanitize}, "p")
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tc.want, c.Forwarding, protocmp.Transform()); d != "" {
				t.Errorf("forwarding (-want +got):\n%s", d)
			}
		})
	}
}

// An invalid APIKeyAuth is an error naming the field, never quoting a
// client or a key.
func TestAPIKeyAuthInvalid(t *testing.T) {
	const secretKey, secretClient = "k3y-s3cr3t", "cl13nt-s3cr3t"
	tests := []struct {
		name   string
		modify func(*ir.APIKeyAuth)
		field  string
	}{
		{"empty key", func(a *ir.APIKeyAuth) { a.Credentials[0].Key = nil }, ".security.apiKeyAuth.credentials[0].key"},
		{"empty client", func(a *ir.APIKeyAuth) { a.Credentials[0].Client = nil }, ".security.apiKeyAuth.credentials[0].client"},
		{"key not UTF-8", func(a *ir.APIKeyAuth) {
			a.Credentials[0].Key = append(ir.PrivateBytes(secretKey), 0xff)
		}, ".security.apiKeyAuth.credentials[0].key"},
		{"client not UTF-8", func(a *ir.APIKeyAuth) {
			a.Credentials[0].Client = append(ir.PrivateBytes(secretClient), 0xfe)
		}, ".security.apiKeyAuth.credentials[0].client"},
		{"null source", func(a *ir.APIKeyAuth) { a.ExtractFrom = append(a.ExtractFrom, nil) }, ".security.apiKeyAuth.extractFrom[1]"},
		{"empty header", func(a *ir.APIKeyAuth) { a.ExtractFrom[0].Headers = []string{""} }, ".security.apiKeyAuth.extractFrom[0].headers[0]"},
		{"header with a newline", func(a *ir.APIKeyAuth) { a.ExtractFrom[0].Headers = []string{"a\r"} }, ".security.apiKeyAuth.extractFrom[0].headers[0]"},
		{"long parameter", func(a *ir.APIKeyAuth) { a.ExtractFrom[0].Params = []string{strings.Repeat("p", 1025)} }, ".security.apiKeyAuth.extractFrom[0].params[0]"},
		{"cookie not UTF-8", func(a *ir.APIKeyAuth) { a.ExtractFrom[0].Cookies = []string{"ok", "\xff"} }, ".security.apiKeyAuth.extractFrom[0].cookies[1]"},
		{"client id header with NUL", func(a *ir.APIKeyAuth) { h := "a\x00"; a.ForwardClientIDHeader = &h }, ".security.apiKeyAuth.forwardClientIDHeader"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := &ir.APIKeyAuth{
				Credentials: []ir.APIKeyCredential{{Client: ir.PrivateBytes(secretClient), Key: ir.PrivateBytes(secretKey)}},
				ExtractFrom: []*ir.ExtractFrom{{Headers: []string{"x-api-key"}}},
			}
			tc.modify(a)
			err := translateError(t, securedIR(securedRoute("r", &ir.SecurityFeatures{APIKeyAuth: a})))
			if !strings.Contains(err.Error(), "listeners[ns/gw/http].routes[0]"+tc.field+":") {
				t.Errorf("error %q does not name %s", err, tc.field)
			}
			if strings.Contains(err.Error(), "s3cr3t") {
				t.Errorf("error %q quotes a client or a key", err)
			}
		})
	}
}
