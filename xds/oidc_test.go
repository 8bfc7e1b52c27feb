package xds

import (
	"strings"
	"testing"
	"time"

	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	routev3 "github.com/envoyproxy/go-control-plane/envoy/config/route/v3"
	oauth2v3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/oauth2/v3"
	tlsv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/transport_sockets/tls/v3"
	matcherv3 "github.com/envoyproxy/go-control-plane/envoy/type/matcher/v3"
	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/testing/protocmp"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/gatewaykit/gatewaykit/ir"
)

// testOIDC is a complete OIDC of policy ns/name whose token endpoint is
// reached by URI.
func testOIDC(name string) *ir.OIDC {
	return &ir.OIDC{
		Name: "securitypolicy/ns/" + name,
		Provider: ir.OIDCProvider{
			AuthorizationEndpoint: "https://idp.example.com/auth",
			TokenEndpoint:         "https://idp.example.com/token",
		},
		ClientID:     "client-" + name,
		ClientSecret: ir.PrivateBytes("client-s3cr3t"),
		HMACSecret:   ir.PrivateBytes("hmac-s3cr3t"),
		Scopes:       []string{"openid"},
		RedirectURL:  "https://www.example.com/oauth2/callback",
		RedirectPath: "/oauth2/callback",
		LogoutPath:   "/logout",
		RefreshToken: true,
		CookieSuffix: "abc123",
	}
}

func TestOIDCFilterAndPerRoute(t *testing.T) {
	a := testOIDC("a")
	b := testOIDC("b")
	b.ForwardAccessToken = true
	ttl := ir.Duration(time.Hour)
	b.DefaultTokenTTL = &ttl
	domain, idHeader, lax, access := "example.com", "Authorization", "Lax", "my-access"
	b.CookieDomain = &domain
	b.ForwardIDTokenHeader = &idHeader
	b.CookieConfig = &ir.OIDCCookieConfig{SameSite: &lax}
	b.CookieNameOverrides = &ir.OIDCCookieNames{AccessToken: &access}
	regex := "RegularExpression"
	b.DenyRedirect = &ir.OIDCDenyRedirect{Headers: []ir.OIDCDenyRedirectHeader{{Name: "x-api", Value: "yes"}, {Name: ":path", Type: &regex, Value: "/api/.*"}}}
	b.PassThroughAuthHeader = true
	prefix := "Token "
	jwt := &ir.JWT{Providers: []ir.JWTProvider{
		{Name: "default", LocalJWKS: new(`{"keys":[]}`)},
		{Name: "custom", LocalJWKS: new(`{"keys":[]}`), ExtractFrom: &ir.JWTExtractor{Headers: []ir.JWTHeaderExtractor{{Name: "x-token", ValuePrefix: &prefix}, {Name: "x-raw"}}}},
	}}
	res := securedTranslate(t, securedIR(
		securedRoute("ra", &ir.SecurityFeatures{OIDC: a}),
		securedRoute("rb", &ir.SecurityFeatures{OIDC: b, JWT: jwt}),
		securedRoute("open", nil),
	))
	fs := httpFilters(t, res)
	var oauth []string
	for _, f := range fs {
		if strings.HasPrefix(f.GetName(), HTTPFilterOAuth2) {
			oauth = append(oauth, f.GetName())
			if d := cmp.Diff(mustAnyT(t, &oauth2v3.OAuth2{}), f.GetTypedConfig(), protocmp.Transform()); d != "" || f.GetDisabled() {
				t.Errorf("oauth2 filter: want an empty, enabled configuration; disabled=%v diff:\n%s", f.GetDisabled(), d)
			}
		}
	}
	if len(oauth) != 1 {
		t.Fatalf("oauth2 filters %v, want exactly one", oauth)
	}

	cookies := func(suffix string) *oauth2v3.OAuth2Credentials_CookieNames {
		return &oauth2v3.OAuth2Credentials_CookieNames{
			BearerToken: "AccessToken-" + suffix, OauthHmac: "OauthHMAC-" + suffix, OauthExpires: "OauthExpires-" + suffix,
			IdToken: "IdToken-" + suffix, RefreshToken: "RefreshToken-" + suffix, OauthNonce: "OauthNonce-" + suffix,
		}
	}
	base := func(o *ir.OIDC) *oauth2v3.OAuth2Config {
		return &oauth2v3.OAuth2Config{
			StatPrefix: o.Name,
			TokenEndpoint: &corev3.HttpUri{
				Uri: "https://idp.example.com/token", HttpUpstreamType: &corev3.HttpUri_Cluster{Cluster: "idp_example_com_443"},
				Timeout: durationpb.New(10 * time.Second),
			},
			AuthorizationEndpoint: "https://idp.example.com/auth",
			RedirectUri:           "https://www.example.com/oauth2/callback",
			RedirectPathMatcher:   exactPathMatcher("/oauth2/callback"),
			SignoutPath:           exactPathMatcher("/logout"),
			Credentials: &oauth2v3.OAuth2Credentials{
				ClientId:       o.ClientID,
				TokenSecret:    sdsSecret("oauth2/client_secret/" + o.Name),
				TokenFormation: &oauth2v3.OAuth2Credentials_HmacSecret{HmacSecret: sdsSecret("oauth2/hmac_secret/" + o.Name)},
				CookieNames:    cookies("abc123"),
			},
			UseRefreshToken:             wrapperspb.Bool(true),
			AuthType:                    oauth2v3.OAuth2Config_BASIC_AUTH,
			AuthScopes:                  []string{"openid"},
			PreserveAuthorizationHeader: true,
		}
	}
	wantA := base(a)
	wantB := base(b)
	wantB.ForwardBearerToken = true
	wantB.PreserveAuthorizationHeader = false
	wantB.DefaultExpiresIn = durationpb.New(time.Hour)
	wantB.Credentials.CookieDomain = "example.com"
	wantB.Credentials.CookieNames.BearerToken = "my-access"
	wantB.ForwardIdToken = &oauth2v3.OAuth2TokenForwarding{Header: "Authorization"}
	lc := func() *oauth2v3.CookieConfig { return &oauth2v3.CookieConfig{SameSite: oauth2v3.CookieConfig_LAX} }
	wantB.CookieConfigs = &oauth2v3.CookieConfigs{
		BearerTokenCookieConfig: lc(), OauthHmacCookieConfig: lc(), OauthExpiresCookieConfig: lc(), IdTokenCookieConfig: lc(),
		RefreshTokenCookieConfig: lc(), OauthNonceCookieConfig: lc(), CodeVerifierCookieConfig: lc(),
	}
	hm := func(name string, sm *matcherv3.StringMatcher) *routev3.HeaderMatcher {
		return &routev3.HeaderMatcher{Name: name, HeaderMatchSpecifier: &routev3.HeaderMatcher_StringMatch{StringMatch: sm}}
	}
	wantB.DenyRedirectMatcher = []*routev3.HeaderMatcher{
		hm("x-api", &matcherv3.StringMatcher{MatchPattern: &matcherv3.StringMatcher_Exact{Exact: "yes"}}),
		hm(":path", &matcherv3.StringMatcher{MatchPattern: &matcherv3.StringMatcher_SafeRegex{SafeRegex: &matcherv3.RegexMatcher{Regex: "/api/.*"}}}),
	}
	wantB.PassThroughMatcher = []*routev3.HeaderMatcher{
		hm("Authorization", &matcherv3.StringMatcher{MatchPattern: &matcherv3.StringMatcher_Prefix{Prefix: "Bearer "}}),
		hm("x-token", &matcherv3.StringMatcher{MatchPattern: &matcherv3.StringMatcher_Prefix{Prefix: "Token "}}),
		{Name: "x-raw"},
	}
	routes := routeConfigs(t, res)
	for name, want := range map[string]*oauth2v3.OAuth2Config{"ra": wantA, "rb": wantB} {
		got := unpackT(t, routes[name][HTTPFilterOAuth2], &oauth2v3.OAuth2PerRoute{})
		if d := cmp.Diff(&oauth2v3.OAuth2PerRoute{Config: want}, got, protocmp.Transform()); d != "" {
			t.Errorf("route %s OAuth2PerRoute (-want +got):\n%s", name, d)
		}
	}
	if _, ok := routes["open"][HTTPFilterOAuth2]; ok {
		t.Errorf("route without OIDC has an oauth2 configuration")
	}

	// The secrets of each policy, once each; the token endpoint cluster
	// once, with TLS to the host.
	var wantSecrets []*tlsv3.Secret
	for _, o := range []*ir.OIDC{a, b} {
		for _, s := range []struct{ prefix, value string }{{"oauth2/client_secret/", "client-s3cr3t"}, {"oauth2/hmac_secret/", "hmac-s3cr3t"}} {
			wantSecrets = append(wantSecrets, &tlsv3.Secret{Name: s.prefix + o.Name,
				Type: &tlsv3.Secret_GenericSecret{GenericSecret: &tlsv3.GenericSecret{Secret: inlineBytes([]byte(s.value))}}})
		}
	}
	sortSecrets := cmp.Transformer("", func(in []*tlsv3.Secret) map[string]*tlsv3.Secret {
		m := map[string]*tlsv3.Secret{}
		for _, s := range in {
			m[s.GetName()] = s
		}
		return m
	})
	if d := cmp.Diff(wantSecrets, res.Secrets, sortSecrets, protocmp.Transform()); d != "" {
		t.Errorf("secrets (-want +got):\n%s", d)
	}
	n := 0
	for _, c := range res.Clusters {
		if c.GetName() == "idp_example_com_443" {
			n++
			if c.GetTransportSocket() == nil || unpackT(t, c.GetTransportSocket().GetTypedConfig(), &tlsv3.UpstreamTlsContext{}).GetSni() != "idp.example.com" {
				t.Errorf("token endpoint cluster transport socket %v, want TLS with SNI idp.example.com", c.GetTransportSocket())
			}
		}
	}
	if n != 1 {
		t.Errorf("%d token endpoint clusters, want 1", n)
	}
}

// A provider with a destination is called through it, with the request
// timeout and retries of its traffic settings; no cluster is derived from
// the URI.
func TestOIDCProviderDestination(t *testing.T) {
	o := testOIDC("a")
	o.Provider.Destination = ipDestination("securitypolicy/ns/a/oidc/0")
	o.Provider.Traffic = &ir.TrafficFeatures{
		Timeout: &ir.Timeout{HTTP: &ir.HTTPTimeout{RequestTimeout: new(ir.Duration(5 * time.Second))}},
		Retry:   &ir.Retry{NumRetries: new(uint32(3)), RetryOn: &ir.RetryOn{Triggers: []string{"5xx", "reset"}}},
	}
	res := securedTranslate(t, securedIR(securedRoute("r", &ir.SecurityFeatures{OIDC: o})))
	cfg := unpackT(t, routeConfigs(t, res)["r"][HTTPFilterOAuth2], &oauth2v3.OAuth2PerRoute{}).GetConfig()
	wantRetry := &corev3.RetryPolicy{NumRetries: wrapperspb.UInt32(3), RetryOn: "5xx,reset"}
	if d := cmp.Diff(wantRetry, cfg.GetRetryPolicy(), protocmp.Transform()); d != "" {
		t.Errorf("token endpoint retry policy (-want +got):\n%s", d)
	}
	got := cfg.GetTokenEndpoint()
	want := &corev3.HttpUri{Uri: "https://idp.example.com/token",
		HttpUpstreamType: &corev3.HttpUri_Cluster{Cluster: "securitypolicy/ns/a/oidc/0"}, Timeout: durationpb.New(5 * time.Second)}
	if d := cmp.Diff(want, got, protocmp.Transform()); d != "" {
		t.Errorf("token endpoint (-want +got):\n%s", d)
	}
	var names []string
	for _, c := range res.Clusters {
		names = append(names, c.GetName())
	}
	if !strings.Contains(strings.Join(names, ","), "securitypolicy/ns/a/oidc/0") || strings.Contains(strings.Join(names, ","), "idp_example_com_443") {
		t.Errorf("clusters %v, want the provider destination and no URI cluster", names)
	}
}

// An invalid OIDC is an error naming the field, and never quotes a
// secret.
func TestOIDCInvalid(t *testing.T) {
	tests := []struct {
		name   string
		modify func(*ir.OIDC)
		field  string
	}{
		{"no name", func(o *ir.OIDC) { o.Name = "" }, ".security.oidc.name"},
		{"no client id", func(o *ir.OIDC) { o.ClientID = "" }, ".security.oidc.clientID"},
		{"no client secret", func(o *ir.OIDC) { o.ClientSecret = nil }, ".security.oidc.clientSecret"},
		{"no hmac secret", func(o *ir.OIDC) { o.HMACSecret = nil }, ".security.oidc.hmacSecret"},
		{"no authorization endpoint", func(o *ir.OIDC) { o.Provider.AuthorizationEndpoint = "" }, ".security.oidc.provider.authorizationEndpoint"},
		{"IP token endpoint", func(o *ir.OIDC) { o.Provider.TokenEndpoint = "https://10.0.0.1/token" }, ".security.oidc.provider.tokenEndpoint"},
		{"token endpoint scheme", func(o *ir.OIDC) { o.Provider.TokenEndpoint = "ftp://idp/token" }, ".security.oidc.provider.tokenEndpoint"},
		{"no redirect path", func(o *ir.OIDC) { o.RedirectPath = "" }, ".security.oidc.redirectPath"},
		{"no logout path", func(o *ir.OIDC) { o.LogoutPath = "" }, ".security.oidc.logoutPath"},
		{"same site", func(o *ir.OIDC) { s := "Sometimes"; o.CookieConfig = &ir.OIDCCookieConfig{SameSite: &s} }, ".security.oidc.cookieConfig.sameSite"},
		{"deny redirect type", func(o *ir.OIDC) {
			typ := "Glob"
			o.DenyRedirect = &ir.OIDCDenyRedirect{Headers: []ir.OIDCDenyRedirectHeader{{Name: "x", Type: &typ, Value: "*"}}}
		}, ".security.oidc.denyRedirect.headers[0].type"},
		{"deny redirect regex", func(o *ir.OIDC) {
			typ := "RegularExpression"
			o.DenyRedirect = &ir.OIDCDenyRedirect{Headers: []ir.OIDCDenyRedirectHeader{{Name: "x", Type: &typ, Value: "("}}}
		}, ".security.oidc.denyRedirect.headers[0].value"},
		{"id token header", func(o *ir.OIDC) { h := "a\nb"; o.ForwardIDTokenHeader = &h }, ".security.oidc.forwardIDTokenHeader"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := testOIDC("a")
			tc.modify(o)
			err := translateError(t, securedIR(securedRoute("r", &ir.SecurityFeatures{OIDC: o})))
			if !strings.Contains(err.Error(), "listeners[ns/gw/http].routes[0]"+tc.field+":") {
				t.Errorf("error %q does not name %s", err, tc.field)
			}
			if strings.Contains(err.Error(), "s3cr3t") {
				t.Errorf("error %q quotes a secret", err)
			}
		})
	}
	// Two policies cannot give one secret name two values.
	a, a2 := testOIDC("a"), testOIDC("a")
	a2.ClientSecret = ir.PrivateBytes("other-s3cr3t")
	err := translateError(t, securedIR(securedRoute("r1", &ir.SecurityFeatures{OIDC: a}), securedRoute("r2", &ir.SecurityFeatures{OIDC: a2})))
	if !strings.Contains(err.Error(), "routes[1].security.oidc.clientSecret") || strings.Contains(err.Error(), "s3cr3t") {
		t.Errorf("conflicting secret: %v", err)
	}
}
