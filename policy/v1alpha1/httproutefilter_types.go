package v1alpha1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// +kubebuilder:object:root=true
// +kubebuilder:resource:categories=envoy-gateway,shortName=hrf
// +kubebuilder:storageversion
// +kubebuilder:printcolumn:name="Age",type=date,JSONPath=`.metadata.creationTimestamp`

// HTTPRouteFilter is TODO.
type HTTPRouteFilter struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	// Spec is TODO.
	// +required
	Spec HTTPRouteFilterSpec `json:"spec"`
}

// +kubebuilder:object:root=true

// HTTPRouteFilterList is TODO.
type HTTPRouteFilterList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []HTTPRouteFilter `json:"items"`
}

// HTTPRouteFilterSpec is TODO.
type HTTPRouteFilterSpec struct {
	// UrlRewrite is TODO.
	// +optional
	UrlRewrite *HTTPURLRewriteFilter `json:"urlRewrite,omitempty"`

	// DirectResponse is TODO.
	// +optional
	DirectResponse *HTTPDirectResponseFilter `json:"directResponse,omitempty"`

	// CredentialInjection is TODO.
	// +optional
	CredentialInjection *HTTPCredentialInjectionFilter `json:"credentialInjection,omitempty"`

	// Matches is TODO.
	// +kubebuilder:validation:MaxItems=8
	// +optional
	Matches []HTTPRouteMatchFilter `json:"matches,omitempty"`
}

// HTTPURLRewriteFilter is TODO.
type HTTPURLRewriteFilter struct {
	// Hostname is TODO.
	// +optional
	Hostname *HTTPHostnameModifier `json:"hostname,omitempty"`

	// Path is TODO.
	// +optional
	Path *HTTPPathModifier `json:"path,omitempty"`

	// AppendXForwardedHost is TODO.
	// +optional
	AppendXForwardedHost *bool `json:"appendXForwardedHost,omitempty"`
}

// HTTPHostnameModifier is TODO.
type HTTPHostnameModifier struct {
	// Type is TODO.
	// +required
	Type HTTPHostnameModifierType `json:"type"`

	// Header is TODO.
	// +optional
	Header *string `json:"header,omitempty"`

	// PathRegex is TODO.
	// +optional
	PathRegex *HostnamePathRegexRewrite `json:"pathRegex,omitempty"`
}

// HTTPHostnameModifierType is TODO.
// +kubebuilder:validation:Enum=Header;Backend;PathRegex
type HTTPHostnameModifierType string

const (
	// HTTPHostnameModifierTypeHeader is TODO.
	HTTPHostnameModifierTypeHeader HTTPHostnameModifierType = "Header"
	// HTTPHostnameModifierTypeBackend is TODO.
	HTTPHostnameModifierTypeBackend HTTPHostnameModifierType = "Backend"
	// HTTPHostnameModifierTypePathRegex is TODO.
	HTTPHostnameModifierTypePathRegex HTTPHostnameModifierType = "PathRegex"
)

// HostnamePathRegexRewrite is TODO.
type HostnamePathRegexRewrite struct {
	// Pattern is TODO.
	// +kubebuilder:validation:MinLength=1
	// +required
	Pattern string `json:"pattern"`

	// Substitution is TODO.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:Pattern=`^[^\r\n\x00]*$`
	// +required
	Substitution string `json:"substitution"`
}

// HTTPPathModifier is TODO.
type HTTPPathModifier struct {
	// Type is TODO.
	// +required
	Type HTTPPathModifierType `json:"type"`

	// ReplaceRegexMatch is TODO.
	// +optional
	ReplaceRegexMatch *ReplaceRegexMatch `json:"replaceRegexMatch,omitempty"`
}

// HTTPPathModifierType is TODO.
// +kubebuilder:validation:Enum=ReplaceRegexMatch
type HTTPPathModifierType string

const (
	// HTTPPathModifierTypeReplaceRegexMatch is TODO.
	HTTPPathModifierTypeReplaceRegexMatch HTTPPathModifierType = "ReplaceRegexMatch"
)

// ReplaceRegexMatch is TODO.
type ReplaceRegexMatch struct {
	// Pattern is TODO.
	// +kubebuilder:validation:MinLength=1
	// +required
	Pattern string `json:"pattern"`

	// Substitution is TODO.
	// +required
	Substitution string `json:"substitution"`
}

// HTTPDirectResponseFilter is TODO.
type HTTPDirectResponseFilter struct {
	// ContentType is TODO.
	// +optional
	ContentType *string `json:"contentType,omitempty"`

	// Body is TODO.
	// +optional
	Body *CustomResponseBody `json:"body,omitempty"`

	// StatusCode is TODO.
	// +optional
	StatusCode *int `json:"statusCode,omitempty"`

	// Header is TODO.
	// +optional
	Header *gwapiv1.HTTPHeaderFilter `json:"header,omitempty"`
}

// HTTPCredentialInjectionFilter is TODO.
type HTTPCredentialInjectionFilter struct {
	// Header is TODO.
	// +optional
	Header *string `json:"header,omitempty"`

	// Overwrite is TODO.
	// +optional
	Overwrite *bool `json:"overwrite,omitempty"`

	// Credential is TODO.
	// +required
	Credential InjectedCredential `json:"credential"`
}

// InjectedCredential is TODO.
type InjectedCredential struct {
	// ValueRef is TODO.
	// +required
	ValueRef gwapiv1.SecretObjectReference `json:"valueRef"`
}

// HTTPRouteMatchFilter is TODO.
type HTTPRouteMatchFilter struct {
	// Cookies is TODO.
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=16
	// +optional
	Cookies []HTTPCookieMatch `json:"cookies,omitempty"`
}

// HTTPCookieMatch is TODO.
type HTTPCookieMatch struct {
	// Type is TODO.
	// +kubebuilder:default=Exact
	// +optional
	Type *CookieMatchType `json:"type,omitempty"`

	// Name is TODO.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=256
	// +required
	Name string `json:"name"`

	// Value is TODO.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=4096
	// +required
	Value string `json:"value"`
}

// CookieMatchType is TODO.
// +kubebuilder:validation:Enum=Exact;RegularExpression
type CookieMatchType string

const (
	// CookieMatchTypeExact is TODO.
	CookieMatchTypeExact CookieMatchType = "Exact"
	// CookieMatchTypeRegularExpression is TODO.
	CookieMatchTypeRegularExpression CookieMatchType = "RegularExpression"
)
