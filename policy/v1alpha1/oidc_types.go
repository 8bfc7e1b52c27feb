package v1alpha1

import (
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// OIDC is TODO.
type OIDC struct {
	// Provider is TODO.
	// +required
	Provider OIDCProvider `json:"provider"`

	// ClientID is TODO.
	// +kubebuilder:validation:MinLength=1
	// +optional
	ClientID *string `json:"clientID,omitempty"`

	// ClientIDRef is TODO.
	// +optional
	ClientIDRef *gwapiv1.SecretObjectReference `json:"clientIDRef,omitempty"`

	// ClientSecret is TODO.
	// +required
	ClientSecret gwapiv1.SecretObjectReference `json:"clientSecret"`

	// CookieNames is TODO.
	// +optional
	CookieNames *OIDCCookieNames `json:"cookieNames,omitempty"`

	// CookieConfig is TODO.
	// +optional
	CookieConfig *OIDCCookieConfig `json:"cookieConfig,omitempty"`

	// CookieDomain is TODO.
	// +kubebuilder:validation:Pattern=`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`
	// +optional
	CookieDomain *string `json:"cookieDomain,omitempty"`

	// Scopes is TODO.
	// +optional
	Scopes []string `json:"scopes,omitempty"`

	// Resources is TODO.
	// +optional
	Resources []string `json:"resources,omitempty"`

	// RedirectURL is TODO.
	// +optional
	RedirectURL *string `json:"redirectURL,omitempty"`

	// DenyRedirect is TODO.
	// +optional
	DenyRedirect *OIDCDenyRedirect `json:"denyRedirect,omitempty"`

	// LogoutPath is TODO.
	// +optional
	LogoutPath *string `json:"logoutPath,omitempty"`

	// ForwardAccessToken is TODO.
	// +optional
	ForwardAccessToken *bool `json:"forwardAccessToken,omitempty"`

	// ForwardIDToken is TODO.
	// +optional
	ForwardIDToken *OIDCTokenForwarding `json:"forwardIDToken,omitempty"`

	// DefaultTokenTTL is TODO.
	// +optional
	DefaultTokenTTL *gwapiv1.Duration `json:"defaultTokenTTL,omitempty"`

	// RefreshToken is TODO.
	// +kubebuilder:default=true
	// +optional
	RefreshToken *bool `json:"refreshToken,omitempty"`

	// DefaultRefreshTokenTTL is TODO.
	// +optional
	DefaultRefreshTokenTTL *gwapiv1.Duration `json:"defaultRefreshTokenTTL,omitempty"`

	// CsrfTokenTTL is TODO.
	// +optional
	CsrfTokenTTL *gwapiv1.Duration `json:"csrfTokenTTL,omitempty"`

	// DisableTokenEncryption is TODO.
	// +optional
	DisableTokenEncryption *bool `json:"disableTokenEncryption,omitempty"`

	// PassThroughAuthHeader is TODO.
	// +optional
	PassThroughAuthHeader *bool `json:"passThroughAuthHeader,omitempty"`
}

// OIDCProvider is TODO.
type OIDCProvider struct {
	BackendCluster `json:",inline"`

	// Issuer is TODO.
	// +kubebuilder:validation:MinLength=1
	// +required
	Issuer string `json:"issuer"`

	// AuthorizationEndpoint is TODO.
	// +optional
	AuthorizationEndpoint *string `json:"authorizationEndpoint,omitempty"`

	// TokenEndpoint is TODO.
	// +optional
	TokenEndpoint *string `json:"tokenEndpoint,omitempty"`

	// EndSessionEndpoint is TODO.
	// +optional
	EndSessionEndpoint *string `json:"endSessionEndpoint,omitempty"`
}

// OIDCCookieNames is TODO.
type OIDCCookieNames struct {
	// AccessToken is TODO.
	// +optional
	AccessToken *string `json:"accessToken,omitempty"`

	// IdToken is TODO.
	// +optional
	IdToken *string `json:"idToken,omitempty"`
}

// OIDCCookieConfig is TODO.
type OIDCCookieConfig struct {
	// SameSite is TODO.
	// +kubebuilder:validation:Enum=Lax;Strict;None
	// +optional
	SameSite *string `json:"sameSite,omitempty"`
}

// OIDCDenyRedirect is TODO.
type OIDCDenyRedirect struct {
	// Headers is TODO.
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=16
	// +required
	Headers []OIDCDenyRedirectHeader `json:"headers"`
}

// OIDCDenyRedirectHeader is TODO.
type OIDCDenyRedirectHeader struct {
	StringMatch `json:",inline"`

	// Name is TODO.
	// +kubebuilder:validation:MinLength=1
	// +required
	Name string `json:"name"`
}

// OIDCTokenForwarding is TODO.
type OIDCTokenForwarding struct {
	// Header is TODO.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=256
	// +kubebuilder:validation:Pattern=`^[A-Za-z0-9!#$%&'*+\-.^_\x60|~]+$`
	// +required
	Header string `json:"header"`
}
