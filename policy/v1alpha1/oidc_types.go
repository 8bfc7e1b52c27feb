package v1alpha1

import (
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// OIDC configures OpenID Connect login using Envoy's OAuth2 filter.
// Unauthenticated browser requests are redirected to the provider; after the
// authorization code exchange, the tokens are kept in (by default encrypted)
// cookies and checked on later requests.
type OIDC struct {
	// Provider describes the identity provider: its issuer, endpoints and how to reach it.
	// +required
	Provider OIDCProvider `json:"provider"`

	// ClientID is the OAuth2 client identifier sent to the provider, given inline.
	// Exactly one of ClientID and ClientIDRef must be set.
	// +kubebuilder:validation:MinLength=1
	// +optional
	ClientID *string `json:"clientID,omitempty"`

	// ClientIDRef references an Opaque Secret holding the client identifier under
	// the "client-id" key. Exactly one of ClientID and ClientIDRef must be set.
	// +optional
	ClientIDRef *gwapiv1.SecretObjectReference `json:"clientIDRef,omitempty"`

	// ClientSecret references the Opaque Secret that holds the OAuth2 client
	// secret under the "client-secret" key.
	// +required
	ClientSecret gwapiv1.SecretObjectReference `json:"clientSecret"`

	// CookieNames overrides the names of the token cookies. When unset, names with a
	// random generated suffix are used.
	// +optional
	CookieNames *OIDCCookieNames `json:"cookieNames,omitempty"`

	// CookieConfig sets extra attributes on the OAuth2 cookies. When unset, no
	// SameSite attribute is emitted.
	// +optional
	CookieConfig *OIDCCookieConfig `json:"cookieConfig,omitempty"`

	// CookieDomain is the domain the token cookies are scoped to; setting it makes
	// the cookies valid for that domain and all its subdomains, so users logged in on
	// the parent domain are not asked again. When unset, cookies are bound to the
	// request host only.
	// +kubebuilder:validation:Pattern=`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`
	// +optional
	CookieDomain *string `json:"cookieDomain,omitempty"`

	// Scopes lists the OAuth2 scopes requested from the provider. "openid" is
	// always included, even if it is not listed.
	// +optional
	Scopes []string `json:"scopes,omitempty"`

	// Resources lists resource indicators passed to the provider in the authorization request.
	// +optional
	Resources []string `json:"resources,omitempty"`

	// RedirectURL is the callback URL the provider sends the user back to. When
	// unset it is built from the request as
	// "%REQ(x-forwarded-proto)%://%REQ(:authority)%/oauth2/callback".
	// +optional
	RedirectURL *string `json:"redirectURL,omitempty"`

	// DenyRedirect lists header matchers; a request without a valid token that
	// matches any of them gets a 401 response instead of being redirected to
	// the provider, which suits AJAX and machine clients.
	// +optional
	DenyRedirect *OIDCDenyRedirect `json:"denyRedirect,omitempty"`

	// LogoutPath is the request path that logs the user out by clearing the token
	// cookies. It defaults to "/logout".
	// +optional
	LogoutPath *string `json:"logoutPath,omitempty"`

	// ForwardAccessToken, when true, passes the access token upstream as a Bearer
	// token in the Authorization header. It defaults to false, and cannot be true
	// when ForwardIDToken also uses the Authorization header.
	// +optional
	ForwardAccessToken *bool `json:"forwardAccessToken,omitempty"`

	// ForwardIDToken, when set, passes the ID token upstream in the given header:
	// with a "Bearer " prefix if the header is Authorization, as the raw token
	// otherwise. When unset the ID token is not forwarded. With PassThroughAuthHeader
	// enabled, this header must differ from the header a JWT provider reads tokens
	// from.
	// +optional
	ForwardIDToken *OIDCTokenForwarding `json:"forwardIDToken,omitempty"`

	// DefaultTokenTTL is the lifetime assumed for the ID and access tokens when the
	// token response carries no expiry; an expiry returned by the provider always
	// wins. It defaults to 0, in which case the provider must return "expires_in" or
	// the login fails.
	// +optional
	DefaultTokenTTL *gwapiv1.Duration `json:"defaultTokenTTL,omitempty"`

	// RefreshToken, when true, makes Envoy use the refresh token to obtain new ID
	// and access tokens once they expire. It defaults to true.
	// +kubebuilder:default=true
	// +optional
	RefreshToken *bool `json:"refreshToken,omitempty"`

	// DefaultRefreshTokenTTL is the lifetime assumed for the refresh token when it
	// is not a JWT or has no exp claim. It defaults to one week (604800s) and only
	// matters when RefreshToken is true.
	// +optional
	DefaultRefreshTokenTTL *gwapiv1.Duration `json:"defaultRefreshTokenTTL,omitempty"`

	// CSRFTokenTTL is how long the CSRF token created at the start of the login
	// flow (and its cookie, checked against the "state" parameter on callback) stays
	// valid. It defaults to 10 minutes.
	// +optional
	CSRFTokenTTL *gwapiv1.Duration `json:"csrfTokenTTL,omitempty"`

	// DisableTokenEncryption, when true, stores the access and ID token cookies
	// unencrypted. It defaults to false; only turn it on where that is acceptable.
	// +optional
	DisableTokenEncryption *bool `json:"disableTokenEncryption,omitempty"`

	// PassThroughAuthHeader, when true, skips the OIDC flow for requests that
	// already carry a token where the JWT filter would extract it (the
	// "Authorization: Bearer" header unless configured otherwise), so non-browser
	// clients can send tokens directly. It defaults to false.
	// +optional
	PassThroughAuthHeader *bool `json:"passThroughAuthHeader,omitempty"`
}

// OIDCProvider describes the OpenID Connect identity provider. The embedded
// BackendCluster says how to reach it; when no backend is given, the host and
// port of the token endpoint are used.
type OIDCProvider struct {
	BackendCluster `json:",inline"`

	// Issuer is the provider's issuer identifier: an https URL with a host and
	// optional port and path, and no query or fragment.
	// +kubebuilder:validation:MinLength=1
	// +required
	Issuer string `json:"issuer"`

	// AuthorizationEndpoint is the provider's authorization endpoint URL. When
	// unset it is discovered from the issuer's well-known configuration.
	// +optional
	AuthorizationEndpoint *string `json:"authorizationEndpoint,omitempty"`

	// TokenEndpoint is the provider's token endpoint URL. When unset it is
	// discovered from the issuer's well-known configuration.
	// +optional
	TokenEndpoint *string `json:"tokenEndpoint,omitempty"`

	// EndSessionEndpoint is the provider's end-session (RP-initiated logout) URL,
	// to which users are sent after hitting the logout path so they are also logged
	// out at the provider. It may also be discovered when the other endpoints are
	// not given explicitly.
	// +optional
	EndSessionEndpoint *string `json:"endSessionEndpoint,omitempty"`
}

// OIDCCookieNames overrides the cookie names used by the OAuth2 filter to store tokens.
type OIDCCookieNames struct {
	// AccessToken is the name of the access token cookie. It defaults to
	// "AccessToken-" followed by a generated ID.
	// +optional
	AccessToken *string `json:"accessToken,omitempty"`

	// IDToken is the name of the ID token cookie. It defaults to "IDToken-"
	// followed by a generated ID.
	// +optional
	IDToken *string `json:"idToken,omitempty"`
}

// OIDCCookieConfig holds cookie attributes applied to the OAuth2 cookies.
type OIDCCookieConfig struct {
	// SameSite is the SameSite attribute set on the cookies: Lax, Strict or None.
	// When unset, no SameSite attribute is added.
	// +kubebuilder:validation:Enum=Lax;Strict;None
	// +optional
	SameSite *string `json:"sameSite,omitempty"`
}

// OIDCDenyRedirect selects requests that must not be redirected to the
// provider when their tokens are missing or expired.
type OIDCDenyRedirect struct {
	// Headers lists the header matchers; a request matching any of them is not
	// redirected. Between 1 and 16 entries.
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=16
	// +required
	Headers []OIDCDenyRedirectHeader `json:"headers"`
}

// OIDCDenyRedirectHeader matches one request header by name against a
// string; the embedded StringMatch defines the comparison (Exact by default).
type OIDCDenyRedirectHeader struct {
	StringMatch `json:",inline"`

	// Name is the request header to test.
	// +kubebuilder:validation:MinLength=1
	// +required
	Name string `json:"name"`
}

// OIDCTokenForwarding says in which request header an OIDC token is sent upstream.
type OIDCTokenForwarding struct {
	// Header is the upstream request header that carries the token. It must be a
	// valid header name; pseudo-headers (starting with ":") and Host are rejected.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=256
	// +kubebuilder:validation:Pattern=`^[A-Za-z0-9!#$%&'*+\-.^_\x60|~]+$`
	// +required
	Header string `json:"header"`
}
