package v1alpha1

import (
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// Authorization is TODO.
type Authorization struct {
	// Rules is TODO.
	// +optional
	Rules []AuthorizationRule `json:"rules,omitempty"`

	// DefaultAction is TODO.
	// +optional
	DefaultAction *AuthorizationAction `json:"defaultAction,omitempty"`
}

// AuthorizationRule is TODO.
type AuthorizationRule struct {
	// Name is TODO.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=253
	// +optional
	Name *string `json:"name,omitempty"`

	// Action is TODO.
	// +required
	Action AuthorizationAction `json:"action"`

	// Operation is TODO.
	// +optional
	Operation *Operation `json:"operation,omitempty"`

	// Principal is TODO.
	// +optional
	Principal *Principal `json:"principal,omitempty"`

	// Cel is TODO.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=4096
	// +optional
	Cel *CELExpression `json:"cel,omitempty"`
}

// AuthorizationAction is TODO.
// +kubebuilder:validation:Enum=Allow;Deny
type AuthorizationAction string

const (
	// AuthorizationActionAllow is TODO.
	AuthorizationActionAllow AuthorizationAction = "Allow"
	// AuthorizationActionDeny is TODO.
	AuthorizationActionDeny AuthorizationAction = "Deny"
)

// Operation is TODO.
type Operation struct {
	// Methods is TODO.
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=16
	// +optional
	Methods []gwapiv1.HTTPMethod `json:"methods,omitempty"`

	// Path is TODO.
	// +optional
	Path *PathMatch `json:"path,omitempty"`
}

// Principal is TODO.
type Principal struct {
	// ClientCIDRs is TODO.
	// +kubebuilder:validation:MinItems=1
	// +optional
	ClientCIDRs []CIDR `json:"clientCIDRs,omitempty"`

	// JWT is TODO.
	// +optional
	JWT *JWTPrincipal `json:"jwt,omitempty"`

	// Headers is TODO.
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=256
	// +optional
	Headers []AuthorizationHeaderMatch `json:"headers,omitempty"`

	// ClientIPGeoLocations is TODO.
	// +kubebuilder:validation:MinItems=1
	// +optional
	ClientIPGeoLocations []ClientIPGeoLocation `json:"clientIPGeoLocations,omitempty"`
}

// JWTPrincipal is TODO.
type JWTPrincipal struct {
	// Provider is TODO.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=253
	// +required
	Provider string `json:"provider"`

	// Claims is TODO.
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=16
	// +optional
	Claims []JWTClaim `json:"claims,omitempty"`

	// Scopes is TODO.
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=16
	// +optional
	Scopes []JWTScope `json:"scopes,omitempty"`
}

// JWTClaim is TODO.
type JWTClaim struct {
	// Name is TODO.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=253
	// +required
	Name string `json:"name"`

	// ValueType is TODO.
	// +kubebuilder:default=String
	// +optional
	ValueType *JWTClaimValueType `json:"valueType,omitempty"`

	// Values is TODO.
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=128
	// +required
	Values []string `json:"values"`
}

// JWTClaimValueType is TODO.
// +kubebuilder:validation:Enum=String;StringArray
type JWTClaimValueType string

const (
	// JWTClaimValueTypeString is TODO.
	JWTClaimValueTypeString JWTClaimValueType = "String"
	// JWTClaimValueTypeStringArray is TODO.
	JWTClaimValueTypeStringArray JWTClaimValueType = "StringArray"
)

// JWTScope is TODO.
type JWTScope string

// AuthorizationHeaderMatch is TODO.
type AuthorizationHeaderMatch struct {
	// Name is TODO.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=256
	// +required
	Name string `json:"name"`

	// Values is TODO.
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=256
	// +required
	Values []string `json:"values"`
}

// ClientIPGeoLocation is TODO.
type ClientIPGeoLocation struct {
	// Country is TODO.
	// +kubebuilder:validation:MinLength=2
	// +kubebuilder:validation:MaxLength=2
	// +kubebuilder:validation:Pattern=`^[A-Za-z]{2}$`
	// +optional
	Country *string `json:"country,omitempty"`

	// Region is TODO.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=16
	// +kubebuilder:validation:Pattern=`^[A-Za-z0-9-]+$`
	// +optional
	Region *string `json:"region,omitempty"`

	// City is TODO.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=128
	// +optional
	City *string `json:"city,omitempty"`

	// Asn is TODO.
	// +kubebuilder:validation:Minimum=1
	// +optional
	Asn *int32 `json:"asn,omitempty"`

	// Isp is TODO.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=256
	// +optional
	Isp *string `json:"isp,omitempty"`

	// Anonymous is TODO.
	// +optional
	Anonymous *GeoIPAnonymousMatch `json:"anonymous,omitempty"`
}

// GeoIPAnonymousMatch is TODO.
type GeoIPAnonymousMatch struct {
	// IsAnonymous is TODO.
	// +optional
	IsAnonymous *bool `json:"isAnonymous,omitempty"`

	// IsVPN is TODO.
	// +optional
	IsVPN *bool `json:"isVPN,omitempty"`

	// IsHosting is TODO.
	// +optional
	IsHosting *bool `json:"isHosting,omitempty"`

	// IsTor is TODO.
	// +optional
	IsTor *bool `json:"isTor,omitempty"`

	// IsProxy is TODO.
	// +optional
	IsProxy *bool `json:"isProxy,omitempty"`
}

// CELExpression is TODO.
type CELExpression string
