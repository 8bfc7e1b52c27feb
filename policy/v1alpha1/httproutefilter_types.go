package v1alpha1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// +kubebuilder:object:root=true
// +kubebuilder:resource:categories=envoy-gateway,shortName=hrf
// +kubebuilder:storageversion
// +kubebuilder:printcolumn:name="Age",type=date,JSONPath=`.metadata.creationTimestamp`

// HTTPRouteFilter is the HTTPRouteFilter kind: an extension filter that an
// HTTPRoute (or GRPCRoute) rule references through an ExtensionRef to get
// behaviour beyond the standard Gateway API filters, such as regex URL rewrites,
// fixed responses, credential injection and cookie matching.
type HTTPRouteFilter struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	// Spec holds the filter behaviours to apply to the rules that reference it.
	// +required
	Spec HTTPRouteFilterSpec `json:"spec"`
}

// +kubebuilder:object:root=true

// HTTPRouteFilterList is a list of HTTPRouteFilter objects.
type HTTPRouteFilterList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []HTTPRouteFilter `json:"items"`
}

// HTTPRouteFilterSpec is the desired state of an HTTPRouteFilter. Each field
// enables an independent behaviour.
type HTTPRouteFilterSpec struct {
	// URLRewrite rewrites the Host header and/or the path before forwarding.
	// +optional
	URLRewrite *HTTPURLRewriteFilter `json:"urlRewrite,omitempty"`

	// DirectResponse answers matching requests directly, without contacting a
	// backend. From a GRPCRoute only non-2xx status codes make sense, since a fixed
	// response cannot carry a successful gRPC reply; e.g. 403 becomes
	// PERMISSION_DENIED.
	// +optional
	DirectResponse *HTTPDirectResponseFilter `json:"directResponse,omitempty"`

	// CredentialInjection adds a credential taken from a Secret to the request
	// before it is forwarded.
	// +optional
	CredentialInjection *HTTPCredentialInjectionFilter `json:"credentialInjection,omitempty"`

	// Matches adds extra match conditions to the referencing rule (up to 8); the
	// rule applies if any of them matches, and these are ANDed with the rule's own
	// matches.
	// +kubebuilder:validation:MaxItems=8
	// +optional
	Matches []HTTPRouteMatchFilter `json:"matches,omitempty"`
}

// HTTPURLRewriteFilter rewrites the Host header and the path of a request.
type HTTPURLRewriteFilter struct {
	// Hostname says how the Host header is rewritten.
	// +optional
	Hostname *HTTPHostnameModifier `json:"hostname,omitempty"`

	// Path says how the path is rewritten.
	// +optional
	Path *HTTPPathModifier `json:"path,omitempty"`

	// AppendXForwardedHost controls whether the original Host is appended to
	// X-Forwarded-Host when the host is rewritten. It defaults to true.
	// +optional
	AppendXForwardedHost *bool `json:"appendXForwardedHost,omitempty"`
}

// HTTPHostnameModifier describes a Host header rewrite; Type selects the
// strategy and which of the other fields must be set.
type HTTPHostnameModifier struct {
	// Type is Header, Backend or PathRegex.
	// +required
	Type HTTPHostnameModifierType `json:"type"`

	// Header names the request header whose value becomes the new Host. Required
	// for, and only allowed with, type Header.
	// +optional
	Header *string `json:"header,omitempty"`

	// PathRegex computes the new Host from the request path with a regex
	// substitution; the path itself is left unchanged. Required for, and only
	// allowed with, type PathRegex.
	// +optional
	PathRegex *HostnamePathRegexRewrite `json:"pathRegex,omitempty"`
}

// HTTPHostnameModifierType is the strategy used to rewrite the Host header.
// +kubebuilder:validation:Enum=Header;Backend;PathRegex
type HTTPHostnameModifierType string

const (
	// HTTPHostnameModifierTypeHeader copies the value of another request header into Host.
	HTTPHostnameModifierTypeHeader HTTPHostnameModifierType = "Header"
	// HTTPHostnameModifierTypeBackend sets Host to the DNS name of the selected
	// backend, when it has one (Envoy's auto_host_rewrite).
	HTTPHostnameModifierTypeBackend HTTPHostnameModifierType = "Backend"
	// HTTPHostnameModifierTypePathRegex derives Host from the path using a regex
	// match and substitution.
	HTTPHostnameModifierTypePathRegex HTTPHostnameModifierType = "PathRegex"
)

// HostnamePathRegexRewrite computes a Host value from the request path: the
// part of the path matched by Pattern is replaced by Substitution and the result
// is used as Host.
type HostnamePathRegexRewrite struct {
	// Pattern is an RE2 regular expression matched against the path.
	// +kubebuilder:validation:MinLength=1
	// +required
	Pattern string `json:"pattern"`

	// Substitution builds the host from the match and may use numbered capture
	// groups such as \1. CR, LF and NUL are not allowed; use capture groups that
	// keep the result a valid DNS name.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:Pattern=`^[^\r\n\x00]*$`
	// +required
	Substitution string `json:"substitution"`
}

// HTTPPathModifier describes a path rewrite; Type selects the strategy and
// which of the other fields must be set.
type HTTPPathModifier struct {
	// Type is the rewrite strategy; only ReplaceRegexMatch is supported.
	// +required
	Type HTTPPathModifierType `json:"type"`

	// ReplaceRegexMatch replaces every part of the path matched by a regex,
	// required when Type is ReplaceRegexMatch.
	// +optional
	ReplaceRegexMatch *ReplaceRegexMatch `json:"replaceRegexMatch,omitempty"`
}

// HTTPPathModifierType is the strategy used to rewrite a request path.
// +kubebuilder:validation:Enum=ReplaceRegexMatch
type HTTPPathModifierType string

const (
	// HTTPPathModifierTypeReplaceRegexMatch substitutes the parts of the path
	// matched by a regular expression.
	HTTPPathModifierTypeReplaceRegexMatch HTTPPathModifierType = "ReplaceRegexMatch"
)

// ReplaceRegexMatch is a regex substitution applied to the request path (Envoy's
// regex_rewrite). All non-overlapping matches are replaced; anchor the pattern to
// replace only once.
type ReplaceRegexMatch struct {
	// Pattern is an RE2 regular expression matched against the path.
	// +kubebuilder:validation:MinLength=1
	// +required
	Pattern string `json:"pattern"`

	// Substitution replaces each match and may refer to capture groups such as
	// \1.
	// +required
	Substitution string `json:"substitution"`
}

// HTTPDirectResponseFilter returns a fixed response instead of forwarding the request.
type HTTPDirectResponseFilter struct {
	// ContentType is the value of the response's Content-Type header.
	// +optional
	ContentType *string `json:"contentType,omitempty"`

	// Body is the response body, inline or from a ConfigMap. It may use Envoy
	// access-log command operators to insert request data.
	// +optional
	Body *CustomResponseBody `json:"body,omitempty"`

	// StatusCode is the HTTP status of the response. It defaults to 200, which is
	// not accepted when the filter is used from a GRPCRoute.
	// +optional
	StatusCode *int `json:"statusCode,omitempty"`

	// Header adds or sets headers on the direct response; removing headers is not
	// supported.
	// +optional
	Header *gwapiv1.HTTPHeaderFilter `json:"header,omitempty"`
}

// HTTPCredentialInjectionFilter adds a stored credential to requests on their
// way to the backend, for backends that need credentials clients do not send.
type HTTPCredentialInjectionFilter struct {
	// Header names the request header where the credential is written. It
	// defaults to Authorization.
	// +optional
	Header *string `json:"header,omitempty"`

	// Overwrite, when true, replaces a value already present in that header;
	// otherwise an existing value is kept. It defaults to false.
	// +optional
	Overwrite *bool `json:"overwrite,omitempty"`

	// Credential points at the stored credential.
	// +required
	Credential InjectedCredential `json:"credential"`
}

// InjectedCredential locates the credential to inject.
type InjectedCredential struct {
	// ValueRef references an Opaque Secret whose "credential" key holds the full
	// header value, scheme included (for example "Bearer <token>").
	// +required
	ValueRef gwapiv1.SecretObjectReference `json:"valueRef"`
}

// HTTPRouteMatchFilter is an extra match condition for an HTTPRoute rule. At
// least one matcher must be set.
type HTTPRouteMatchFilter struct {
	// Cookies lists cookie conditions, all of which must hold (1 to 16).
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=16
	// +optional
	Cookies []HTTPCookieMatch `json:"cookies,omitempty"`
}

// HTTPCookieMatch matches the value of one request cookie.
type HTTPCookieMatch struct {
	// Type is how Value is compared: Exact (the default) or RegularExpression.
	// +kubebuilder:default=Exact
	// +optional
	Type *CookieMatchType `json:"type,omitempty"`

	// Name is the cookie name.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=256
	// +required
	Name string `json:"name"`

	// Value is the expected value or RE2 pattern.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=4096
	// +required
	Value string `json:"value"`
}

// CookieMatchType is how a cookie value is compared.
// +kubebuilder:validation:Enum=Exact;RegularExpression
type CookieMatchType string

const (
	// CookieMatchTypeExact requires the value to be equal.
	CookieMatchTypeExact CookieMatchType = "Exact"
	// CookieMatchTypeRegularExpression matches the value against an RE2 regular expression.
	CookieMatchTypeRegularExpression CookieMatchType = "RegularExpression"
)
