package v1alpha1

import (
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// JWT is TODO.
type JWT struct {
	// Optional is TODO.
	// +optional
	Optional *bool `json:"optional,omitempty"`

	// FailOpen is TODO.
	// +optional
	FailOpen *bool `json:"failOpen,omitempty"`

	// Providers is TODO.
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=16
	// +required
	Providers []JWTProvider `json:"providers"`
}

// JWTProvider is TODO.
type JWTProvider struct {
	// Name is TODO.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=253
	// +required
	Name string `json:"name"`

	// Issuer is TODO.
	// +kubebuilder:validation:MaxLength=253
	// +optional
	Issuer *string `json:"issuer,omitempty"`

	// Audiences is TODO.
	// +kubebuilder:validation:MaxItems=8
	// +optional
	Audiences []string `json:"audiences,omitempty"`

	// RemoteJWKS is TODO.
	// +optional
	RemoteJWKS *RemoteJWKS `json:"remoteJWKS,omitempty"`

	// LocalJWKS is TODO.
	// +optional
	LocalJWKS *LocalJWKS `json:"localJWKS,omitempty"`

	// ClaimToHeaders is TODO.
	// +optional
	ClaimToHeaders []ClaimToHeader `json:"claimToHeaders,omitempty"`

	// RecomputeRoute is TODO.
	// +optional
	RecomputeRoute *bool `json:"recomputeRoute,omitempty"`

	// ExtractFrom is TODO.
	// +optional
	ExtractFrom *JWTExtractor `json:"extractFrom,omitempty"`
}

// RemoteJWKS is TODO.
type RemoteJWKS struct {
	BackendCluster `json:",inline"`

	// URI is TODO.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=253
	// +required
	URI string `json:"uri"`

	// CacheDuration is TODO.
	// +kubebuilder:default="300s"
	// +optional
	CacheDuration *gwapiv1.Duration `json:"cacheDuration,omitempty"`

	// FailedRefetchDuration is TODO.
	// +optional
	FailedRefetchDuration *gwapiv1.Duration `json:"failedRefetchDuration,omitempty"`
}

// LocalJWKS is TODO.
type LocalJWKS struct {
	// Type is TODO.
	// +kubebuilder:default=Inline
	// +required
	Type LocalJWKSType `json:"type"`

	// Inline is TODO.
	// +optional
	Inline *string `json:"inline,omitempty"`

	// ValueRef is TODO.
	// +optional
	ValueRef *gwapiv1.LocalObjectReference `json:"valueRef,omitempty"`
}

// LocalJWKSType is TODO.
// +kubebuilder:validation:Enum=Inline;ValueRef
type LocalJWKSType string

const (
	// LocalJWKSTypeInline is TODO.
	LocalJWKSTypeInline LocalJWKSType = "Inline"
	// LocalJWKSTypeValueRef is TODO.
	LocalJWKSTypeValueRef LocalJWKSType = "ValueRef"
)

// ClaimToHeader is TODO.
type ClaimToHeader struct {
	// Header is TODO.
	// +required
	Header string `json:"header"`

	// Claim is TODO.
	// +required
	Claim string `json:"claim"`
}

// JWTExtractor is TODO.
type JWTExtractor struct {
	// Headers is TODO.
	// +optional
	Headers []JWTHeaderExtractor `json:"headers,omitempty"`

	// Cookies is TODO.
	// +optional
	Cookies []string `json:"cookies,omitempty"`

	// Params is TODO.
	// +optional
	Params []string `json:"params,omitempty"`
}

// JWTHeaderExtractor is TODO.
type JWTHeaderExtractor struct {
	// Name is TODO.
	// +required
	Name string `json:"name"`

	// ValuePrefix is TODO.
	// +optional
	ValuePrefix *string `json:"valuePrefix,omitempty"`
}
