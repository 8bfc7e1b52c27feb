package v1alpha1

import (
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// ExtAuth is TODO.
type ExtAuth struct {
	// GRPC is TODO.
	// +optional
	GRPC *GRPCExtAuthService `json:"grpc,omitempty"`

	// HTTP is TODO.
	// +optional
	HTTP *HTTPExtAuthService `json:"http,omitempty"`

	// HeadersToExtAuth is TODO.
	// +optional
	HeadersToExtAuth []string `json:"headersToExtAuth,omitempty"`

	// BodyToExtAuth is TODO.
	// +optional
	BodyToExtAuth *BodyToExtAuth `json:"bodyToExtAuth,omitempty"`

	// Timeout is TODO.
	// +optional
	Timeout *gwapiv1.Duration `json:"timeout,omitempty"`

	// FailOpen is TODO.
	// +kubebuilder:default=false
	// +optional
	FailOpen *bool `json:"failOpen,omitempty"`

	// RecomputeRoute is TODO.
	// +optional
	RecomputeRoute *bool `json:"recomputeRoute,omitempty"`

	// IncludeRouteMetadata is TODO.
	// +optional
	IncludeRouteMetadata *bool `json:"includeRouteMetadata,omitempty"`

	// ContextExtensions is TODO.
	// +listType=map
	// +listMapKey=name
	// +optional
	ContextExtensions []ContextExtension `json:"contextExtensions,omitempty"`

	// StatusOnError is TODO.
	// +kubebuilder:validation:Enum=400;401;402;403;404;405;406;407;408;409;410;411;412;413;414;415;416;417;421;422;423;424;426;428;429;431;500;501;502;503;504;505;506;507;508;510;511
	// +optional
	StatusOnError *int32 `json:"statusOnError,omitempty"`
}

// GRPCExtAuthService is TODO.
type GRPCExtAuthService struct {
	BackendCluster `json:",inline"`
}

// HTTPExtAuthService is TODO.
type HTTPExtAuthService struct {
	BackendCluster `json:",inline"`

	// Path is TODO.
	// +optional
	Path *string `json:"path,omitempty"`

	// PathOverride is TODO.
	// +optional
	PathOverride *string `json:"pathOverride,omitempty"`

	// HeadersToBackend is TODO.
	// +optional
	HeadersToBackend []string `json:"headersToBackend,omitempty"`
}

// BodyToExtAuth is TODO.
type BodyToExtAuth struct {
	// MaxRequestBytes is TODO.
	// +kubebuilder:validation:Minimum=1
	// +required
	MaxRequestBytes int32 `json:"maxRequestBytes"`
}

// ContextExtension is TODO.
type ContextExtension struct {
	// Name is TODO.
	// +required
	Name string `json:"name"`

	// Type is TODO.
	// +kubebuilder:default=Value
	// +required
	Type ContextExtensionValueType `json:"type"`

	// Value is TODO.
	// +optional
	Value *string `json:"value,omitempty"`

	// ValueRef is TODO.
	// +optional
	ValueRef *LocalObjectKeyReference `json:"valueRef,omitempty"`
}

// ContextExtensionValueType is TODO.
// +kubebuilder:validation:Enum=Value;ValueRef
type ContextExtensionValueType string

const (
	// ContextExtensionValueTypeValue is TODO.
	ContextExtensionValueTypeValue ContextExtensionValueType = "Value"
	// ContextExtensionValueTypeValueRef is TODO.
	ContextExtensionValueTypeValueRef ContextExtensionValueType = "ValueRef"
)

// LocalObjectKeyReference is TODO.
type LocalObjectKeyReference struct {
	// Group is TODO.
	// +required
	Group gwapiv1.Group `json:"group"`

	// Kind is TODO.
	// +required
	Kind gwapiv1.Kind `json:"kind"`

	// Name is TODO.
	// +required
	Name gwapiv1.ObjectName `json:"name"`

	// Key is TODO.
	// +required
	Key string `json:"key"`
}
