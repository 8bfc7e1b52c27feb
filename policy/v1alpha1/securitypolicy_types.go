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

// SecurityPolicy is TODO.
type SecurityPolicy struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	// Spec is TODO.
	// +required
	Spec SecurityPolicySpec `json:"spec"`

	// Status is TODO.
	// +optional
	Status gwapiv1.PolicyStatus `json:"status,omitempty"`
}

// +kubebuilder:object:root=true

// SecurityPolicyList is TODO.
type SecurityPolicyList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []SecurityPolicy `json:"items"`
}

// SecurityPolicySpec is TODO.
type SecurityPolicySpec struct {
	PolicyTargetReferences `json:",inline"`

	// MergeType is TODO.
	// +optional
	MergeType *MergeType `json:"mergeType,omitempty"`

	// ApiKeyAuth is TODO.
	// +optional
	ApiKeyAuth *APIKeyAuth `json:"apiKeyAuth,omitempty"`

	// CORS is TODO.
	// +optional
	CORS *CORS `json:"cors,omitempty"`

	// Csrf is TODO.
	// +optional
	Csrf *CSRF `json:"csrf,omitempty"`

	// BasicAuth is TODO.
	// +optional
	BasicAuth *BasicAuth `json:"basicAuth,omitempty"`

	// JWT is TODO.
	// +optional
	JWT *JWT `json:"jwt,omitempty"`

	// OIDC is TODO.
	// +optional
	OIDC *OIDC `json:"oidc,omitempty"`

	// ExtAuth is TODO.
	// +optional
	ExtAuth *ExtAuth `json:"extAuth,omitempty"`

	// Authorization is TODO.
	// +optional
	Authorization *Authorization `json:"authorization,omitempty"`
}

// APIKeyAuth is TODO.
type APIKeyAuth struct {
	// CredentialRefs is TODO.
	// +required
	CredentialRefs []gwapiv1.SecretObjectReference `json:"credentialRefs"`

	// ExtractFrom is TODO.
	// +kubebuilder:validation:MinItems=1
	// +required
	ExtractFrom []ExtractFrom `json:"extractFrom"`

	// ForwardClientIDHeader is TODO.
	// +optional
	ForwardClientIDHeader *string `json:"forwardClientIDHeader,omitempty"`

	// Sanitize is TODO.
	// +optional
	Sanitize *bool `json:"sanitize,omitempty"`
}

// ExtractFrom is TODO.
type ExtractFrom struct {
	// Headers is TODO.
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:items:MinLength=1
	// +optional
	Headers []string `json:"headers,omitempty"`

	// Params is TODO.
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:items:MinLength=1
	// +optional
	Params []string `json:"params,omitempty"`

	// Cookies is TODO.
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:items:MinLength=1
	// +optional
	Cookies []string `json:"cookies,omitempty"`
}

// CORS is TODO.
type CORS struct {
	// AllowOrigins is TODO.
	// +optional
	AllowOrigins []Origin `json:"allowOrigins,omitempty"`

	// AllowMethods is TODO.
	// +optional
	AllowMethods []string `json:"allowMethods,omitempty"`

	// AllowHeaders is TODO.
	// +optional
	AllowHeaders []string `json:"allowHeaders,omitempty"`

	// ExposeHeaders is TODO.
	// +optional
	ExposeHeaders []string `json:"exposeHeaders,omitempty"`

	// MaxAge is TODO.
	// +optional
	MaxAge *gwapiv1.Duration `json:"maxAge,omitempty"`

	// AllowCredentials is TODO.
	// +optional
	AllowCredentials *bool `json:"allowCredentials,omitempty"`
}

// Origin is TODO.
type Origin string

// CSRF is TODO.
type CSRF struct {
	// ShadowFraction is TODO.
	// +optional
	ShadowFraction *gwapiv1.Fraction `json:"shadowFraction,omitempty"`

	// AdditionalOrigins is TODO.
	// +kubebuilder:validation:MaxItems=16
	// +optional
	AdditionalOrigins []Origin `json:"additionalOrigins,omitempty"`
}

// BasicAuth is TODO.
type BasicAuth struct {
	// Users is TODO.
	// +required
	Users gwapiv1.SecretObjectReference `json:"users"`

	// ForwardUsernameHeader is TODO.
	// +optional
	ForwardUsernameHeader *string `json:"forwardUsernameHeader,omitempty"`
}
