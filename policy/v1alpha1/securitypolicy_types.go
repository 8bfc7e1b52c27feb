package v1alpha1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// +kubebuilder:object:root=true
// +kubebuilder:resource:categories=envoy-gateway,shortName=sp
// +kubebuilder:subresource:status
// +kubebuilder:storageversion
// +kubebuilder:printcolumn:name="Age",type=date,JSONPath=`.metadata.creationTimestamp`

// SecurityPolicy is the SecurityPolicy kind: it attaches authentication,
// authorization and browser-security settings (API keys, Basic Auth, JWT,
// OIDC, external authorization, CORS, CSRF and access rules) to Gateways,
// ListenerSets and routes in its own namespace.
type SecurityPolicy struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	// Spec holds the targets and security settings the user wants applied.
	// +required
	Spec SecurityPolicySpec `json:"spec"`

	// Status is written by the controller and reports, per ancestor, whether the
	// policy was accepted and applied.
	// +optional
	Status gwapiv1.PolicyStatus `json:"status,omitempty"`
}

// +kubebuilder:object:root=true

// SecurityPolicyList is a list of SecurityPolicy objects.
type SecurityPolicyList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []SecurityPolicy `json:"items"`
}

// SecurityPolicySpec is the desired state of a SecurityPolicy: which resources
// it targets and which security features are enabled on them.
//
// Gateway, ListenerSet, HTTPRoute, GRPCRoute and TCPRoute can be targeted. For
// a TCPRoute only client-CIDR based Authorization rules have an effect; the
// other features need HTTP and are ignored there. When several policies apply
// to the same request, the one attached to the most specific target wins.
type SecurityPolicySpec struct {
	PolicyTargetReferences `json:",inline"`

	// MergeType, when set, merges this policy into the policy attached to the
	// nearest parent (Gateway, ListenerSet or one of their listeners) instead of
	// replacing it. It is only allowed on policies targeting routes, and Replace is
	// not accepted here. When unset, the most specific policy is used as is.
	// +optional
	MergeType *MergeType `json:"mergeType,omitempty"`

	// APIKeyAuth enables API key authentication for the targeted traffic.
	// +optional
	APIKeyAuth *APIKeyAuth `json:"apiKeyAuth,omitempty"`

	// CORS configures Cross-Origin Resource Sharing responses and preflight handling.
	// +optional
	CORS *CORS `json:"cors,omitempty"`

	// CSRF enables Cross-Site Request Forgery protection, which rejects mutating
	// requests (POST, PUT, DELETE, PATCH) whose Origin does not match the
	// destination or an explicitly allowed origin.
	// +optional
	CSRF *CSRF `json:"csrf,omitempty"`

	// BasicAuth enables HTTP Basic authentication against an htpasswd Secret.
	// +optional
	BasicAuth *BasicAuth `json:"basicAuth,omitempty"`

	// JWT enables validation of JSON Web Tokens carried by requests.
	// +optional
	JWT *JWT `json:"jwt,omitempty"`

	// OIDC enables the OpenID Connect login flow against an identity provider.
	// +optional
	OIDC *OIDC `json:"oidc,omitempty"`

	// ExtAuth delegates the allow/deny decision to an external HTTP or gRPC service.
	// +optional
	ExtAuth *ExtAuth `json:"extAuth,omitempty"`

	// Authorization defines allow/deny rules evaluated after authentication.
	// +optional
	Authorization *Authorization `json:"authorization,omitempty"`
}

// APIKeyAuth configures authentication by API key: the key found in the
// request is looked up among the keys stored in the referenced Secrets, and the
// request is rejected when it is missing or unknown.
type APIKeyAuth struct {
	// CredentialRefs lists the Opaque Secrets holding the valid API keys, one
	// data entry per client where the key is the client ID and the value is its API
	// key. If the same client ID appears more than once, the first one is used.
	// +required
	CredentialRefs []gwapiv1.SecretObjectReference `json:"credentialRefs"`

	// ExtractFrom lists the places in the request where the API key is looked
	// for; the first source that yields a key is used.
	// +kubebuilder:validation:MinItems=1
	// +required
	ExtractFrom []ExtractFrom `json:"extractFrom"`

	// ForwardClientIDHeader, when set, names a request header that is added
	// with the authenticated client ID before the request goes to the backend.
	// +optional
	ForwardClientIDHeader *string `json:"forwardClientIDHeader,omitempty"`

	// Sanitize, when true, strips the API key from the request before it is forwarded upstream.
	// +optional
	Sanitize *bool `json:"sanitize,omitempty"`
}

// ExtractFrom describes one source of the API key in a request. Exactly one
// of Headers, Params or Cookies must be set.
type ExtractFrom struct {
	// Headers lists request header names to read the key from, tried in order.
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:items:MinLength=1
	// +optional
	Headers []string `json:"headers,omitempty"`

	// Params lists query parameter names to read the key from, tried in order.
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:items:MinLength=1
	// +optional
	Params []string `json:"params,omitempty"`

	// Cookies lists cookie names to read the key from, tried in order.
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:items:MinLength=1
	// +optional
	Cookies []string `json:"cookies,omitempty"`
}

// CORS configures Cross-Origin Resource Sharing. Each list field sets the
// matching Access-Control-* response header; a "*" entry allows anything.
type CORS struct {
	// AllowOrigins lists the origins allowed to make cross-origin requests,
	// reported in Access-Control-Allow-Origin. "*" allows every origin.
	// +optional
	AllowOrigins []Origin `json:"allowOrigins,omitempty"`

	// AllowMethods lists the HTTP methods allowed for cross-origin requests,
	// reported in Access-Control-Allow-Methods. "*" allows every method.
	// +optional
	AllowMethods []string `json:"allowMethods,omitempty"`

	// AllowHeaders lists the request headers a cross-origin request may carry,
	// reported in Access-Control-Allow-Headers. "*" allows every header.
	// +optional
	AllowHeaders []string `json:"allowHeaders,omitempty"`

	// ExposeHeaders lists the response headers that browser scripts are allowed
	// to read, reported in Access-Control-Expose-Headers. "*" exposes every header.
	// +optional
	ExposeHeaders []string `json:"exposeHeaders,omitempty"`

	// MaxAge is how long a browser may cache the result of a preflight request,
	// sent as Access-Control-Max-Age.
	// +optional
	MaxAge *gwapiv1.Duration `json:"maxAge,omitempty"`

	// AllowCredentials sets Access-Control-Allow-Credentials, telling the browser
	// whether cross-origin requests may include cookies, auth headers or client
	// certificates.
	// +optional
	AllowCredentials *bool `json:"allowCredentials,omitempty"`
}

// Origin identifies a web origin as scheme, host and optional port, for
// example "https://app.example.com:8443". The host may start with a single
// "*." wildcard label, and a bare "*" (with or without a scheme) matches any
// origin.
type Origin string

// CSRF configures Envoy's CSRF filter. Mutating requests (POST, PUT, DELETE,
// PATCH) are rejected with 403 unless their Origin header matches the
// destination host or one of AdditionalOrigins; safe methods such as GET and
// HEAD always pass.
type CSRF struct {
	// ShadowFraction is the share of requests checked in dry-run mode: the
	// verdict is only recorded in the csrf.request_valid and csrf.request_invalid
	// stats and the request is let through. The rest are enforced. Unset means 0,
	// so every request is enforced; 100% lets you observe before enforcing.
	// +optional
	ShadowFraction *gwapiv1.Fraction `json:"shadowFraction,omitempty"`

	// AdditionalOrigins lists further origins, besides the destination itself,
	// from which mutating requests are accepted. "*" accepts any origin and so
	// turns the check off. Only host and port are compared; the scheme is ignored.
	// +kubebuilder:validation:MaxItems=16
	// +optional
	AdditionalOrigins []Origin `json:"additionalOrigins,omitempty"`
}

// BasicAuth configures HTTP Basic authentication: credentials from the
// Authorization header are checked against an htpasswd file kept in a Secret.
type BasicAuth struct {
	// Users references the Opaque Secret whose ".htpasswd" key holds the
	// accepted users in htpasswd format. Only SHA-hashed passwords are supported.
	// +required
	Users gwapiv1.SecretObjectReference `json:"users"`

	// ForwardUsernameHeader, when set, names a request header that is added
	// with the authenticated username before forwarding. When unset the username
	// is not forwarded.
	// +optional
	ForwardUsernameHeader *string `json:"forwardUsernameHeader,omitempty"`
}
