package v1alpha1

import (
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// ResponseOverride is TODO.
type ResponseOverride struct {
	// Match is TODO.
	// +required
	Match CustomResponseMatch `json:"match"`

	// Response is TODO.
	// +optional
	Response *CustomResponse `json:"response,omitempty"`

	// Redirect is TODO.
	// +optional
	Redirect *CustomRedirect `json:"redirect,omitempty"`

	// Source is TODO.
	// +optional
	Source *ResponseOverrideSource `json:"source,omitempty"`
}

// CustomResponseMatch is TODO.
type CustomResponseMatch struct {
	// StatusCodes is TODO.
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=50
	// +optional
	StatusCodes []StatusCodeMatch `json:"statusCodes,omitempty"`

	// ResponseHeaders is TODO.
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=16
	// +optional
	ResponseHeaders []ResponseOverrideHeaderMatch `json:"responseHeaders,omitempty"`
}

// StatusCodeMatch is TODO.
type StatusCodeMatch struct {
	// Type is TODO.
	// +kubebuilder:default=Value
	// +required
	Type StatusCodeValueType `json:"type"`

	// Value is TODO.
	// +optional
	Value *int `json:"value,omitempty"`

	// Range is TODO.
	// +optional
	Range *StatusCodeRange `json:"range,omitempty"`
}

// StatusCodeValueType is TODO.
type StatusCodeValueType string

const (
	// StatusCodeValueTypeValue is TODO.
	StatusCodeValueTypeValue StatusCodeValueType = "Value"
	// StatusCodeValueTypeRange is TODO.
	StatusCodeValueTypeRange StatusCodeValueType = "Range"
)

// StatusCodeRange is TODO.
type StatusCodeRange struct {
	// Start is TODO.
	// +required
	Start int `json:"start"`

	// End is TODO.
	// +required
	End int `json:"end"`
}

// ResponseOverrideHeaderMatch is TODO.
type ResponseOverrideHeaderMatch struct {
	// Name is TODO.
	// +required
	Name gwapiv1.HTTPHeaderName `json:"name"`

	// Value is TODO.
	// +required
	Value StringMatch `json:"value"`
}

// CustomResponse is TODO.
type CustomResponse struct {
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

// CustomResponseBody is TODO.
type CustomResponseBody struct {
	// Type is TODO.
	// +kubebuilder:default=Inline
	// +required
	Type ResponseValueType `json:"type"`

	// Inline is TODO.
	// +optional
	Inline *string `json:"inline,omitempty"`

	// ValueRef is TODO.
	// +optional
	ValueRef *gwapiv1.LocalObjectReference `json:"valueRef,omitempty"`
}

// ResponseValueType is TODO.
type ResponseValueType string

const (
	// ResponseValueTypeInline is TODO.
	ResponseValueTypeInline ResponseValueType = "Inline"
	// ResponseValueTypeValueRef is TODO.
	ResponseValueTypeValueRef ResponseValueType = "ValueRef"
)

// CustomRedirect is TODO.
type CustomRedirect struct {
	// Scheme is TODO.
	// +kubebuilder:validation:Enum=http;https
	// +optional
	Scheme *string `json:"scheme,omitempty"`

	// Hostname is TODO.
	// +optional
	Hostname *gwapiv1.PreciseHostname `json:"hostname,omitempty"`

	// Path is TODO.
	// +optional
	Path *gwapiv1.HTTPPathModifier `json:"path,omitempty"`

	// Port is TODO.
	// +optional
	Port *gwapiv1.PortNumber `json:"port,omitempty"`

	// StatusCode is TODO.
	// +kubebuilder:validation:Enum=301;302
	// +kubebuilder:default=302
	// +optional
	StatusCode *int `json:"statusCode,omitempty"`
}

// ResponseOverrideSource is TODO.
// +kubebuilder:validation:Enum=All;Local;Backend
type ResponseOverrideSource string

const (
	// ResponseOverrideSourceAll is TODO.
	ResponseOverrideSourceAll ResponseOverrideSource = "All"
	// ResponseOverrideSourceLocal is TODO.
	ResponseOverrideSourceLocal ResponseOverrideSource = "Local"
	// ResponseOverrideSourceBackend is TODO.
	ResponseOverrideSourceBackend ResponseOverrideSource = "Backend"
)
