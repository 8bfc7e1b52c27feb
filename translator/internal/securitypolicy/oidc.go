package securitypolicy

import (
	"fmt"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gatewaykit/gatewaykit/ir"
	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// OIDC defaults.
const (
	oidcDefaultRedirectURL  = "%REQ(x-forwarded-proto)%://%REQ(:authority)%/oauth2/callback"
	oidcDefaultRedirectPath = "/oauth2/callback"
	oidcDefaultLogoutPath   = "/logout"
)

// The Secret that holds the key signing the cookies of every OIDC login:
// Secret OIDCHMACSecretName in the controller namespace, key
// OIDCHMACSecretKey (package translator exports both).
const (
	OIDCHMACSecretName = "envoy-oidc-hmac"
	OIDCHMACSecretKey  = "hmac-secret"
)

// oidcAuth is OIDC authentication with its provider's endpoints and its
// client credentials resolved.
type oidcAuth struct {
	// name is the IR name (the owning policy's).
	name string
	// owner is the policy that set OIDC; its UID names the cookies.
	owner *egv1a1.SecurityPolicy
	// providerDestination is where the provider is reached when it names
	// backendRefs.
	providerDestination *ir.RouteDestination
	// providerTraffic holds the provider's backendSettings; nil when none.
	providerTraffic *ir.TrafficFeatures
	// authorizationEndpoint, tokenEndpoint and endSessionEndpoint are the
	// provider's, as given or discovered.
	authorizationEndpoint, tokenEndpoint string
	endSessionEndpoint                   *string
	clientID                             string
	clientSecret                         []byte
	hmacSecret                           []byte
	// scopes are the requested scopes, openid included.
	scopes                           []string
	redirectURL, redirectPath        string
	logoutPath                       string
	forwardAccessToken, refreshToken bool
	passThroughAuthHeader            bool
	disableTokenEncryption           bool
	// defaultTokenTTL, defaultRefreshTokenTTL and csrfTokenTTL are parsed
	// durations, nil when unset.
	defaultTokenTTL, defaultRefreshTokenTTL, csrfTokenTTL *time.Duration
	spec                                                  *egv1a1.OIDC
}

// buildOIDC resolves OIDC authentication of p, in Envoy Gateway's order: the
// provider (backendRefs, endpoints given or discovered, token endpoint
// form, backend settings), the client ID (inline or from a Secret), the
// client secret, the redirect URL, the HMAC Secret in the controller
// namespace, and the token TTLs.
func (t *builder) buildOIDC(p *egv1a1.SecurityPolicy, o *egv1a1.OIDC, owners *ownership) (*oidcAuth, error) {
	out := &oidcAuth{
		name:               configName(owners.oidc),
		owner:              owners.oidc,
		redirectURL:        oidcDefaultRedirectURL,
		redirectPath:       oidcDefaultRedirectPath,
		logoutPath:         oidcDefaultLogoutPath,
		refreshToken:       true,
		spec:               o,
		scopes:             oidcWithOpenIDScope(o.Scopes),
		forwardAccessToken: o.ForwardAccessToken != nil && *o.ForwardAccessToken,
	}
	if err := t.resolveOIDCProvider(out, &o.Provider, owners.oidcProviderRefs); err != nil {
		return nil, err
	}
	switch {
	case o.ClientID != nil:
		out.clientID = *o.ClientID
	case o.ClientIDRef != nil:
		s, err := t.secretRef(true, owners.oidcClientIDRef.Namespace, o.ClientIDRef)
		if err != nil {
			return nil, err
		}
		id := s.Data[oidcClientIDKey]
		if len(id) == 0 {
			return nil, fmt.Errorf("client ID not found in secret %s/%s", s.Namespace, s.Name)
		}
		out.clientID = string(id)
	default:
		return nil, fmt.Errorf("client ID must be specified in OIDC policy %s/%s", p.Namespace, p.Name)
	}
	s, err := t.secretRef(true, owners.oidcClientSecret.Namespace, &o.ClientSecret)
	if err != nil {
		return nil, err
	}
	if out.clientSecret = s.Data[oidcClientSecretKey]; len(out.clientSecret) == 0 {
		return nil, fmt.Errorf("client secret not found in secret %s/%s", s.Namespace, s.Name)
	}
	if o.RedirectURL != nil {
		path, err := oidcRedirectPath(*o.RedirectURL)
		if err != nil {
			return nil, err
		}
		out.redirectURL, out.redirectPath = *o.RedirectURL, path
	}
	if o.LogoutPath != nil {
		out.logoutPath = *o.LogoutPath
	}
	if o.RefreshToken != nil {
		out.refreshToken = *o.RefreshToken
	}
	out.passThroughAuthHeader = o.PassThroughAuthHeader != nil && *o.PassThroughAuthHeader
	out.disableTokenEncryption = o.DisableTokenEncryption != nil && *o.DisableTokenEncryption
	ns := t.env.ControllerNamespace()
	hmac := t.env.Secret(ns, OIDCHMACSecretName)
	if hmac == nil {
		return nil, fmt.Errorf("HMAC secret %s/%s not found", ns, OIDCHMACSecretName)
	}
	if out.hmacSecret = hmac.Data[OIDCHMACSecretKey]; len(out.hmacSecret) == 0 {
		return nil, fmt.Errorf("HMAC secret not found in secret %s/%s", ns, OIDCHMACSecretName)
	}
	for _, d := range []struct {
		field string
		in    *string
		out   **time.Duration
	}{
		{"defaultTokenTTL", (*string)(o.DefaultTokenTTL), &out.defaultTokenTTL},
		{"defaultRefreshTokenTTL", (*string)(o.DefaultRefreshTokenTTL), &out.defaultRefreshTokenTTL},
		{"csrfTokenTTL", (*string)(o.CSRFTokenTTL), &out.csrfTokenTTL},
	} {
		if d.in == nil {
			continue
		}
		v, err := time.ParseDuration(*d.in)
		if err != nil {
			return nil, fmt.Errorf("invalid %s: %w", d.field, err)
		}
		*d.out = &v
	}
	if err := checkOIDCValues(o, out); err != nil {
		return nil, err
	}
	return out, nil
}

// resolveOIDCProvider resolves the provider of out: its backendRefs into the
// destination securitypolicy/<ns>/<name>/oidc/0 of owner, the policy that
// set them (HTTPS when the token endpoint, or the issuer, is an https URL);
// its authorization and token endpoints, discovered from the issuer unless
// both are given (given ones win); a token endpoint named by host, not IP
// address; then its backend settings.
func (t *builder) resolveOIDCProvider(out *oidcAuth, pr *egv1a1.OIDCProvider, owner *egv1a1.SecurityPolicy) error {
	raw := pr.Issuer
	if pr.TokenEndpoint != nil {
		raw = *pr.TokenEndpoint
	}
	u, err := url.Parse(raw)
	if err != nil {
		return err
	}
	proto := ir.HTTP
	if u.Scheme == "https" {
		proto = ir.HTTPS
	}
	if len(pr.BackendRefs) > 0 {
		out.providerDestination, err = t.env.ExtServiceDestination(owner.Namespace, configName(owner)+"/oidc/0", pr.BackendRefs, proto)
		if err != nil {
			return err
		}
	}
	authz, token := deref(pr.AuthorizationEndpoint), deref(pr.TokenEndpoint)
	out.endSessionEndpoint = pr.EndSessionEndpoint
	if authz == "" || token == "" {
		md, err := t.discoverOIDC(pr.Issuer)
		if err != nil {
			return err
		}
		if authz == "" {
			authz = md.AuthorizationEndpoint
		}
		if token == "" {
			token = md.TokenEndpoint
		}
		if pr.EndSessionEndpoint == nil || *pr.EndSessionEndpoint == "" {
			out.endSessionEndpoint = nil
			if md.EndSessionEndpoint != "" {
				es := md.EndSessionEndpoint
				out.endSessionEndpoint = &es
			}
		}
	}
	if err := oidcCheckTokenEndpoint(token); err != nil {
		return err
	}
	out.authorizationEndpoint, out.tokenEndpoint = authz, token
	out.providerTraffic, err = t.env.ClusterTraffic(pr.BackendSettings)
	return err
}

// discoverOIDC asks the Env's discovery for the issuer's endpoints and
// checks that the answer names both the token and the authorization
// endpoint.
func (t *builder) discoverOIDC(issuer string) (*OIDCProviderMetadata, error) {
	md, err := t.env.DiscoverOIDC(issuer)
	if err != nil {
		return nil, err
	}
	switch {
	case md == nil || md.TokenEndpoint == "":
		return nil, fmt.Errorf("invalid openid-configuration from issuer URL %s: token_endpoint not found in OpenID configuration", issuer)
	case md.AuthorizationEndpoint == "":
		return nil, fmt.Errorf("invalid openid-configuration from issuer URL %s: authorization_endpoint not found in OpenID configuration", issuer)
	}
	return md, nil
}

// oidcCheckTokenEndpoint checks that a token endpoint is a URL whose host is a
// name, not an IP address, and whose port, if any, is a number.
func oidcCheckTokenEndpoint(endpoint string) error {
	u, err := url.Parse(endpoint)
	if err != nil {
		return fmt.Errorf("error parsing token endpoint URL: %w", err)
	}
	if _, err := netip.ParseAddr(u.Hostname()); err == nil {
		return fmt.Errorf("token endpoint URL must be a domain name: %s", endpoint)
	}
	if p := u.Port(); p != "" {
		if _, err := strconv.Atoi(p); err != nil {
			return fmt.Errorf("error parsing token endpoint URL port: %w", err)
		}
	}
	return nil
}

// oidcRedirectPath returns the path of an OIDC redirect URL, which must be
// http, https or %REQ(x-forwarded-proto)%, have a host, and a path other
// than "/".
func oidcRedirectPath(redirectURL string) (string, error) {
	bad := fmt.Errorf("invalid redirect URL %s", redirectURL)
	scheme, rest, ok := strings.Cut(redirectURL, "://")
	if !ok || scheme == "" {
		return "", bad
	}
	if scheme != "http" && scheme != "https" && scheme != "%REQ(x-forwarded-proto)%" {
		return "", bad
	}
	slash := strings.Index(rest, "/")
	if slash <= 0 {
		return "", bad
	}
	path := rest[slash:]
	if path == "/" {
		return "", bad
	}
	return path, nil
}

// oidcWithOpenIDScope returns scopes with openid appended when missing.
func oidcWithOpenIDScope(scopes []string) []string {
	for _, s := range scopes {
		if s == "openid" {
			return scopes
		}
	}
	return append(append([]string(nil), scopes...), "openid")
}

// deref returns *s, or "" for nil.
func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
