package xds

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	routev3 "github.com/envoyproxy/go-control-plane/envoy/config/route/v3"
	oauth2v3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/oauth2/v3"
	hcmv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/http_connection_manager/v3"
	tlsv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/transport_sockets/tls/v3"
	matcherv3 "github.com/envoyproxy/go-control-plane/envoy/type/matcher/v3"
	"google.golang.org/protobuf/types/known/anypb"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/gatewaykit/gatewaykit/ir"
)

// OIDC (a SecurityPolicy's oidc, ir.OIDC) logs users in with Envoy's OAuth2
// filter.
//
// A connection manager whose routes use OIDC gets one oauth2 filter, named
// HTTPFilterOAuth2, with an empty configuration: it does nothing by
// itself. Each route that uses OIDC carries the whole OAuth2 configuration
// as its per-route configuration, so that routes of several policies log
// in with different providers through one filter.
//
// The client secret and the HMAC key of the cookies are generic secrets
// served over SDS, named oauth2/client_secret/<name> and
// oauth2/hmac_secret/<name> after the ir.OIDC name. Cookies are named
// <kind>-<CookieSuffix> unless overridden.
//
// The token endpoint is called through the provider's destination when the
// IR gives one with settings; otherwise through the cluster derived from
// the token endpoint URI, as for a JWT key set (see addURICluster), which
// must name a host, not an IP address. The call is bounded by the
// provider's request timeout, or oidcDefaultTokenTimeout, and retried by
// the provider's retry settings when it has some.
const (
	oidcDefaultTokenTimeout = 10 * time.Second
	oidcClientSecretPrefix  = "oauth2/client_secret/"
	oidcHMACSecretPrefix    = "oauth2/hmac_secret/"
)

// oidcOf returns r's OIDC, or nil.
func oidcOf(r *ir.HTTPRoute) *ir.OIDC {
	if r == nil || r.Security == nil {
		return nil
	}
	return r.Security.OIDC
}

// oidcUsesDestination reports whether o's token endpoint is called
// through its provider's destination.
func oidcUsesDestination(o *ir.OIDC) bool {
	return o.Provider.Destination != nil && len(o.Provider.Destination.Settings) > 0
}

// oidcFilters adds the oauth2 filter when a route of ls uses OIDC, with
// the secrets of every OIDC name and the token endpoint clusters derived
// from URIs (added here, like JWT's, because an https one carries a
// transport socket of its own).
func oidcFilters(b *builder, ls []*ir.HTTPListener) ([]*hcmv3.HttpFilter, error) {
	found := false
	for _, l := range ls {
		for i, r := range l.Routes {
			o := oidcOf(r)
			if o == nil {
				continue
			}
			path := irRoutePath(l, i) + ".security.oidc"
			if err := validateOIDC(o, path); err != nil {
				return nil, err
			}
			found = true
			if err := b.addGenericSecret(oidcClientSecretPrefix+o.Name, o.ClientSecret, path+".clientSecret"); err != nil {
				return nil, err
			}
			if err := b.addGenericSecret(oidcHMACSecretPrefix+o.Name, o.HMACSecret, path+".hmacSecret"); err != nil {
				return nil, err
			}
			if !oidcUsesDestination(o) {
				if err := b.addURICluster(o.Provider.TokenEndpoint, o.Provider.Traffic, path+".provider.tokenEndpoint"); err != nil {
					return nil, err
				}
			}
		}
	}
	if !found {
		return nil, nil
	}
	return httpFilter(HTTPFilterOAuth2, &oauth2v3.OAuth2{})
}

// addGenericSecret records a generic secret once per name. Two different
// values under one name are an error (path names the second); the error
// never quotes the values.
func (b *builder) addGenericSecret(name string, value []byte, path string) error {
	if old, ok := b.secrets[name]; ok {
		if !bytes.Equal(old.GetGenericSecret().GetSecret().GetInlineBytes(), value) {
			return fmt.Errorf("%s: secret %q is already defined with another value", path, name)
		}
		return nil
	}
	b.secrets[name] = &tlsv3.Secret{
		Name: name,
		Type: &tlsv3.Secret_GenericSecret{GenericSecret: &tlsv3.GenericSecret{Secret: inlineBytes(bytes.Clone(value))}},
	}
	return nil
}

// oidcPerRoute gives r's OAuth2 configuration to the oauth2 filter.
func oidcPerRoute(r *ir.HTTPRoute, path string) (map[string]*anypb.Any, error) {
	o := oidcOf(r)
	if o == nil {
		return nil, nil
	}
	path += ".security.oidc"
	cfg, err := oauth2Config(o, r.Security.JWT, path)
	if err != nil {
		return nil, err
	}
	a, err := packAny(&oauth2v3.OAuth2PerRoute{Config: cfg})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return map[string]*anypb.Any{HTTPFilterOAuth2: a}, nil
}

// oidcClusters returns the provider destination r's token endpoint is
// called through, when it has one.
func oidcClusters(r *ir.HTTPRoute, path string) ([]clusterSpec, error) {
	o := oidcOf(r)
	if o == nil || !oidcUsesDestination(o) {
		return nil, nil
	}
	path += ".security.oidc"
	if err := validateOIDC(o, path); err != nil {
		return nil, err
	}
	return []clusterSpec{{dest: o.Provider.Destination, path: path + ".provider.destination", traffic: o.Provider.Traffic}}, nil
}

// oauth2Config translates o; jwt, when set, is the route's JWT
// authentication, whose token locations let requests pass through when
// o.PassThroughAuthHeader is set. path is o's IR path.
func oauth2Config(o *ir.OIDC, jwt *ir.JWT, path string) (*oauth2v3.OAuth2Config, error) {
	if err := validateOIDC(o, path); err != nil {
		return nil, err
	}
	cluster, err := oidcTokenCluster(o, path)
	if err != nil {
		return nil, err
	}
	timeout := oidcDefaultTokenTimeout
	if t := o.Provider.Traffic; t != nil && t.Timeout != nil && t.Timeout.HTTP != nil && t.Timeout.HTTP.RequestTimeout != nil {
		timeout = t.Timeout.HTTP.RequestTimeout.Std()
	}
	suffix := o.CookieSuffix
	names := &oauth2v3.OAuth2Credentials_CookieNames{
		BearerToken:  "AccessToken-" + suffix,
		OauthHmac:    "OauthHMAC-" + suffix,
		OauthExpires: "OauthExpires-" + suffix,
		IdToken:      "IdToken-" + suffix,
		RefreshToken: "RefreshToken-" + suffix,
		OauthNonce:   "OauthNonce-" + suffix,
	}
	if n := o.CookieNameOverrides; n != nil {
		if n.AccessToken != nil {
			names.BearerToken = *n.AccessToken
		}
		if n.IDToken != nil {
			names.IdToken = *n.IDToken
		}
	}
	creds := &oauth2v3.OAuth2Credentials{
		ClientId:    o.ClientID,
		TokenSecret: sdsSecret(oidcClientSecretPrefix + o.Name),
		TokenFormation: &oauth2v3.OAuth2Credentials_HmacSecret{
			HmacSecret: sdsSecret(oidcHMACSecretPrefix + o.Name),
		},
		CookieNames: names,
	}
	if o.CookieDomain != nil {
		creds.CookieDomain = *o.CookieDomain
	}
	cfg := &oauth2v3.OAuth2Config{
		StatPrefix: o.Name,
		TokenEndpoint: &corev3.HttpUri{
			Uri:              o.Provider.TokenEndpoint,
			HttpUpstreamType: &corev3.HttpUri_Cluster{Cluster: cluster},
			Timeout:          durationpb.New(timeout),
		},
		AuthorizationEndpoint: o.Provider.AuthorizationEndpoint,
		RedirectUri:           o.RedirectURL,
		RedirectPathMatcher:   exactPathMatcher(o.RedirectPath),
		SignoutPath:           exactPathMatcher(o.LogoutPath),
		Credentials:           creds,
		CookieConfigs:         oidcCookieConfigs(o.CookieConfig),
		UseRefreshToken:       wrapperspb.Bool(o.RefreshToken),
		ForwardBearerToken:    o.ForwardAccessToken,
		// Every provider accepts client credentials by HTTP basic
		// authentication.
		AuthType:   oauth2v3.OAuth2Config_BASIC_AUTH,
		AuthScopes: o.Scopes,
		Resources:  o.Resources,
		// The filter drops the Authorization header unless told to keep
		// it; it is replaced only when the access token is forwarded.
		PreserveAuthorizationHeader: !o.ForwardAccessToken,
		DisableTokenEncryption:      o.DisableTokenEncryption,
	}
	if r := trafficRetry(o.Provider.Traffic); r != nil {
		rp, err := nonRouteRetryPolicy(r)
		if err != nil {
			return nil, fmt.Errorf("%s.provider.traffic.retry: %w", path, err)
		}
		cfg.RetryPolicy = rp
	}
	if o.DefaultTokenTTL != nil {
		cfg.DefaultExpiresIn = durationpb.New(o.DefaultTokenTTL.Std())
	}
	if o.DefaultRefreshTokenTTL != nil {
		cfg.DefaultRefreshTokenExpiresIn = durationpb.New(o.DefaultRefreshTokenTTL.Std())
	}
	if o.CSRFTokenTTL != nil {
		cfg.CsrfTokenExpiresIn = durationpb.New(o.CSRFTokenTTL.Std())
	}
	if o.Provider.EndSessionEndpoint != nil {
		cfg.EndSessionEndpoint = *o.Provider.EndSessionEndpoint
	}
	if o.PassThroughAuthHeader && jwt != nil {
		cfg.PassThroughMatcher = oidcPassThroughMatchers(jwt)
	}
	if o.DenyRedirect != nil {
		cfg.DenyRedirectMatcher = oidcDenyRedirectMatchers(o.DenyRedirect)
	}
	if h := o.ForwardIDTokenHeader; h != nil {
		cfg.ForwardIdToken = &oauth2v3.OAuth2TokenForwarding{Header: *h}
		// Envoy then sets Authorization from the ID token itself.
		if strings.EqualFold(*h, "Authorization") {
			cfg.PreserveAuthorizationHeader = false
		}
	}
	return cfg, nil
}

// oidcTokenCluster names the cluster o's token endpoint is called through.
func oidcTokenCluster(o *ir.OIDC, path string) (string, error) {
	if oidcUsesDestination(o) {
		return o.Provider.Destination.Name, nil
	}
	u, err := parseURICluster(o.Provider.TokenEndpoint)
	if err != nil {
		return "", fmt.Errorf("%s.provider.tokenEndpoint: %w", path, err)
	}
	return u.name, nil
}

func exactPathMatcher(p string) *matcherv3.PathMatcher {
	return &matcherv3.PathMatcher{Rule: &matcherv3.PathMatcher_Path{Path: &matcherv3.StringMatcher{
		MatchPattern: &matcherv3.StringMatcher_Exact{Exact: p},
	}}}
}

// oidcSameSite maps the IR's SameSite values to Envoy's.
var oidcSameSite = map[string]oauth2v3.CookieConfig_SameSite{
	"Strict": oauth2v3.CookieConfig_STRICT,
	"Lax":    oauth2v3.CookieConfig_LAX,
	"None":   oauth2v3.CookieConfig_NONE,
}

// oidcCookieConfigs gives every cookie of the filter the SameSite
// attribute of c; nil leaves Envoy's defaults.
func oidcCookieConfigs(c *ir.OIDCCookieConfig) *oauth2v3.CookieConfigs {
	if c == nil || c.SameSite == nil {
		return nil
	}
	s := oidcSameSite[*c.SameSite]
	cc := func() *oauth2v3.CookieConfig { return &oauth2v3.CookieConfig{SameSite: s} }
	return &oauth2v3.CookieConfigs{
		BearerTokenCookieConfig:  cc(),
		OauthHmacCookieConfig:    cc(),
		OauthExpiresCookieConfig: cc(),
		IdTokenCookieConfig:      cc(),
		RefreshTokenCookieConfig: cc(),
		OauthNonceCookieConfig:   cc(),
		CodeVerifierCookieConfig: cc(),
	}
}

// oidcDenyRedirectMatchers matches the requests answered 401 instead of
// being redirected to the provider.
func oidcDenyRedirectMatchers(d *ir.OIDCDenyRedirect) []*routev3.HeaderMatcher {
	out := make([]*routev3.HeaderMatcher, 0, len(d.Headers))
	for _, h := range d.Headers {
		var typ string
		if h.Type != nil {
			typ = *h.Type
		}
		var sm *matcherv3.StringMatcher
		switch typ {
		case "Prefix":
			sm = &matcherv3.StringMatcher{MatchPattern: &matcherv3.StringMatcher_Prefix{Prefix: h.Value}}
		case "Suffix":
			sm = &matcherv3.StringMatcher{MatchPattern: &matcherv3.StringMatcher_Suffix{Suffix: h.Value}}
		case "RegularExpression":
			sm = &matcherv3.StringMatcher{MatchPattern: &matcherv3.StringMatcher_SafeRegex{SafeRegex: &matcherv3.RegexMatcher{Regex: h.Value}}}
		default: // Exact
			sm = &matcherv3.StringMatcher{MatchPattern: &matcherv3.StringMatcher_Exact{Exact: h.Value}}
		}
		out = append(out, &routev3.HeaderMatcher{Name: h.Name, HeaderMatchSpecifier: &routev3.HeaderMatcher_StringMatch{StringMatch: sm}})
	}
	return out
}

// oidcPassThroughMatchers matches the requests that carry a token where
// one of jwt's providers reads it (Authorization: Bearer by default), so
// that they skip the login flow and are left to the JWT filter.
func oidcPassThroughMatchers(jwt *ir.JWT) []*routev3.HeaderMatcher {
	prefix := func(name, p string) *routev3.HeaderMatcher {
		return &routev3.HeaderMatcher{Name: name, HeaderMatchSpecifier: &routev3.HeaderMatcher_StringMatch{
			StringMatch: &matcherv3.StringMatcher{MatchPattern: &matcherv3.StringMatcher_Prefix{Prefix: p}},
		}}
	}
	var out []*routev3.HeaderMatcher
	for i := range jwt.Providers {
		p := &jwt.Providers[i]
		if p.ExtractFrom == nil {
			out = append(out, prefix("Authorization", "Bearer "))
			continue
		}
		for _, h := range p.ExtractFrom.Headers {
			if h.ValuePrefix == nil {
				out = append(out, &routev3.HeaderMatcher{Name: h.Name})
			} else {
				out = append(out, prefix(h.Name, *h.ValuePrefix))
			}
		}
	}
	return out
}

// validateOIDC checks what the OAuth2 configuration, its secrets and its
// token endpoint cluster rely on; path is o's IR path. Errors never quote
// the secrets.
func validateOIDC(o *ir.OIDC, path string) error {
	var errs []error
	fail := func(field, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s.%s: "+format, append([]any{path, field}, args...)...))
	}
	if o.Name == "" {
		fail("name", "must not be empty")
	}
	if o.ClientID == "" {
		fail("clientID", "must not be empty")
	}
	if len(o.ClientSecret) == 0 {
		fail("clientSecret", "must not be empty")
	}
	if len(o.HMACSecret) == 0 {
		fail("hmacSecret", "must not be empty")
	}
	if o.Provider.AuthorizationEndpoint == "" {
		fail("provider.authorizationEndpoint", "must not be empty")
	}
	if oidcUsesDestination(o) {
		if o.Provider.Destination.Name == "" {
			fail("provider.destination.name", "must not be empty")
		}
		if o.Provider.TokenEndpoint == "" {
			fail("provider.tokenEndpoint", "must not be empty")
		}
	} else if u, err := parseURICluster(o.Provider.TokenEndpoint); err != nil {
		fail("provider.tokenEndpoint", "%v", err)
	} else if u.isIP {
		fail("provider.tokenEndpoint", "%q: must name a host, not an IP address", o.Provider.TokenEndpoint)
	}
	if t := o.Provider.Traffic; t != nil && t.Timeout != nil && t.Timeout.HTTP != nil && t.Timeout.HTTP.RequestTimeout != nil {
		if d := t.Timeout.HTTP.RequestTimeout.Std(); d <= 0 || d >= maxHTTPURITimeout {
			fail("provider.traffic.timeout.http.requestTimeout", "must be positive and below %s, not %s", maxHTTPURITimeout, d)
		}
	}
	if o.RedirectURL == "" {
		fail("redirectURL", "must not be empty")
	}
	if o.RedirectPath == "" {
		fail("redirectPath", "must not be empty")
	}
	if o.LogoutPath == "" {
		fail("logoutPath", "must not be empty")
	}
	if c := o.CookieConfig; c != nil && c.SameSite != nil {
		if _, ok := oidcSameSite[*c.SameSite]; !ok {
			fail("cookieConfig.sameSite", "must be Strict, Lax or None, not %q", *c.SameSite)
		}
	}
	if n := o.CookieNameOverrides; n != nil {
		if n.AccessToken != nil && *n.AccessToken == "" {
			fail("cookieNameOverrides.accessToken", "must not be empty")
		}
		if n.IDToken != nil && *n.IDToken == "" {
			fail("cookieNameOverrides.idToken", "must not be empty")
		}
	}
	if h := o.ForwardIDTokenHeader; h != nil {
		if err := checkHeaderName(*h); err != nil {
			fail("forwardIDTokenHeader", "%v", err)
		}
	}
	if d := o.DenyRedirect; d != nil {
		for i, h := range d.Headers {
			if err := checkHeaderName(h.Name); err != nil {
				fail(fmt.Sprintf("denyRedirect.headers[%d].name", i), "%v", err)
			}
			if h.Type != nil {
				switch *h.Type {
				case "", "Exact", "Prefix", "Suffix", "RegularExpression":
				default:
					fail(fmt.Sprintf("denyRedirect.headers[%d].type", i), "must be Exact, Prefix, Suffix or RegularExpression, not %q", *h.Type)
				}
				if *h.Type == "RegularExpression" {
					if _, err := regexp.Compile(h.Value); err != nil {
						fail(fmt.Sprintf("denyRedirect.headers[%d].value", i), "%q is not an RE2 regular expression: %v", h.Value, err)
					}
				}
			}
		}
	}
	return errors.Join(errs...)
}
