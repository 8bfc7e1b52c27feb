package v1alpha1

import (
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// JWT configures JSON Web Token authentication with Envoy's jwt_authn filter.
// A token is accepted if any of the listed providers validates it; by default a
// request with a missing or invalid token is rejected with 401.
type JWT struct {
	// Optional, when true, lets requests without any token through, while requests
	// with an invalid token are still rejected. It defaults to false and cannot be
	// combined with FailOpen.
	// +optional
	Optional *bool `json:"optional,omitempty"`

	// FailOpen, when true, lets requests through even if their token is missing or
	// invalid; valid tokens are still verified and their claims used as usual. It
	// supersedes Optional (the two cannot both be set) and should be paired with
	// Authorization rules when access must really be restricted.
	// +optional
	FailOpen *bool `json:"failOpen,omitempty"`

	// Providers lists the token issuers to validate against, between 1 and 16. A
	// token is valid if at least one provider accepts it.
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=16
	// +required
	Providers []JWTProvider `json:"providers"`
}

// JWTProvider describes one source of trusted tokens: the expected issuer and
// audiences, where to get the signing keys, where to find the token in the
// request and which claims to copy into headers. Exactly one of RemoteJWKS and
// LocalJWKS must be set.
type JWTProvider struct {
	// Name identifies the provider uniquely within the policy; Authorization rules
	// refer to it by this name.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=253
	// +required
	Name string `json:"name"`

	// Issuer is the value the token's iss claim must equal, usually a URL or an
	// email address. When unset the issuer is not checked.
	// +kubebuilder:validation:MaxLength=253
	// +optional
	Issuer *string `json:"issuer,omitempty"`

	// Audiences lists accepted values for the token's aud claim (at most 8). When
	// empty, the audience is not checked.
	// +kubebuilder:validation:MaxItems=8
	// +optional
	Audiences []string `json:"audiences,omitempty"`

	// RemoteJWKS fetches the signing keys from an HTTPS endpoint and caches them.
	// +optional
	RemoteJWKS *RemoteJWKS `json:"remoteJWKS,omitempty"`

	// LocalJWKS supplies the signing keys inline or from a ConfigMap.
	// +optional
	LocalJWKS *LocalJWKS `json:"localJWKS,omitempty"`

	// ClaimToHeaders copies claims of a verified token into request headers.
	// Only scalar claims (string, integer, double, boolean) can be copied; arrays are
	// not supported.
	// +optional
	ClaimToHeaders []ClaimToHeader `json:"claimToHeaders,omitempty"`

	// RecomputeRoute, when true, clears the route cache after the claim headers
	// are added so that routing can match on them; settings of the newly selected
	// route then apply. It requires ClaimToHeaders to be non-empty.
	// +optional
	RecomputeRoute *bool `json:"recomputeRoute,omitempty"`

	// ExtractFrom overrides where the token is read from. When unset, the token is
	// taken from the Authorization header (Bearer scheme) or the access_token query
	// parameter.
	// +optional
	ExtractFrom *JWTExtractor `json:"extractFrom,omitempty"`
}

// RemoteJWKS fetches a JSON Web Key Set over HTTPS and caches it. The embedded
// BackendCluster may point at the JWKS server (and carry TLS or connection
// settings through BackendTLSConfig and BackendSettings); when no backend is
// given, the host from URI is used.
type RemoteJWKS struct {
	BackendCluster `json:",inline"`

	// URI is the HTTPS URL of the key set. The server certificate is checked
	// against the system trust bundle unless a BackendTLSConfig for the backend
	// provides another CA.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=253
	// +required
	URI string `json:"uri"`

	// CacheDuration is how long a fetched key set is reused before it is fetched
	// again. It defaults to 300s.
	// +kubebuilder:default="300s"
	// +optional
	CacheDuration *gwapiv1.Duration `json:"cacheDuration,omitempty"`

	// FailedRefetchDuration is the wait before trying again after a failed fetch.
	// It does not govern retries inside one fetch (see BackendSettings.Retry). When
	// unset, Envoy waits 1s.
	// +optional
	FailedRefetchDuration *gwapiv1.Duration `json:"failedRefetchDuration,omitempty"`
}

// LocalJWKS provides a JSON Web Key Set without a network fetch, either as an
// inline string or from a ConfigMap in the policy's namespace.
type LocalJWKS struct {
	// Type selects the source: Inline uses Inline, ValueRef uses ValueRef. It
	// defaults to Inline.
	// +kubebuilder:default=Inline
	// +required
	Type LocalJWKSType `json:"type"`

	// Inline is the key set as a JSON string, used when Type is Inline.
	// +optional
	Inline *string `json:"inline,omitempty"`

	// ValueRef names a ConfigMap holding the key set, used when Type is ValueRef.
	// The "jwks" key is read, or the first key when "jwks" is absent.
	// +optional
	ValueRef *gwapiv1.LocalObjectReference `json:"valueRef,omitempty"`
}

// LocalJWKSType says where a LocalJWKS gets its keys from: Inline or ValueRef.
// +kubebuilder:validation:Enum=Inline;ValueRef
type LocalJWKSType string

const (
	// LocalJWKSTypeInline reads the key set from the Inline string.
	LocalJWKSTypeInline LocalJWKSType = "Inline"
	// LocalJWKSTypeValueRef reads the key set from the ConfigMap named by ValueRef.
	LocalJWKSTypeValueRef LocalJWKSType = "ValueRef"
)

// ClaimToHeader copies one claim of a verified token into a request header.
type ClaimToHeader struct {
	// Header is the name of the request header that receives the claim value.
	// +required
	Header string `json:"header"`

	// Claim is the claim to copy, such as "sub". Nested claims are addressed with
	// a dot-separated path, e.g. "org.team".
	// +required
	Claim string `json:"claim"`
}

// JWTExtractor lists custom places to look for the token in a request. Every
// token found is validated, and any invalid one makes the request fail with 401.
type JWTExtractor struct {
	// Headers lists request headers that may carry the token.
	// +optional
	Headers []JWTHeaderExtractor `json:"headers,omitempty"`

	// Cookies lists cookie names that may carry the token.
	// +optional
	Cookies []string `json:"cookies,omitempty"`

	// Params lists query parameters that may carry the token.
	// +optional
	Params []string `json:"params,omitempty"`
}

// JWTHeaderExtractor reads the token from one request header.
type JWTHeaderExtractor struct {
	// Name is the header holding the token.
	// +required
	Name string `json:"name"`

	// ValuePrefix is stripped from the header value before the token is parsed;
	// for "Authorization: Bearer <token>" it would be "Bearer " (with the space).
	// +optional
	ValuePrefix *string `json:"valuePrefix,omitempty"`
}
