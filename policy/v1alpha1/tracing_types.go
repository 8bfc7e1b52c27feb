package v1alpha1

import (
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// Tracing is TODO.
type Tracing struct {
	// SamplingFraction is TODO.
	// +optional
	SamplingFraction *gwapiv1.Fraction `json:"samplingFraction,omitempty"`

	// ClientSamplingFraction is TODO.
	// +optional
	ClientSamplingFraction *gwapiv1.Fraction `json:"clientSamplingFraction,omitempty"`

	// OverallSamplingFraction is TODO.
	// +optional
	OverallSamplingFraction *gwapiv1.Fraction `json:"overallSamplingFraction,omitempty"`

	// CustomTags is TODO.
	// +optional
	CustomTags map[string]CustomTag `json:"customTags,omitempty"`

	// Tags is TODO.
	// +optional
	Tags map[string]string `json:"tags,omitempty"`

	// SpanName is TODO.
	// +optional
	SpanName *TracingSpanName `json:"spanName,omitempty"`
}

// CustomTag is TODO.
type CustomTag struct {
	// Type is TODO.
	// +kubebuilder:default=Literal
	// +required
	Type CustomTagType `json:"type"`

	// Literal is TODO.
	// +optional
	Literal *LiteralCustomTag `json:"literal,omitempty"`

	// Environment is TODO.
	// +optional
	Environment *EnvironmentCustomTag `json:"environment,omitempty"`

	// RequestHeader is TODO.
	// +optional
	RequestHeader *RequestHeaderCustomTag `json:"requestHeader,omitempty"`
}

// CustomTagType is TODO.
// +kubebuilder:validation:Enum=Literal;Environment;RequestHeader
type CustomTagType string

const (
	// CustomTagTypeLiteral is TODO.
	CustomTagTypeLiteral CustomTagType = "Literal"
	// CustomTagTypeEnvironment is TODO.
	CustomTagTypeEnvironment CustomTagType = "Environment"
	// CustomTagTypeRequestHeader is TODO.
	CustomTagTypeRequestHeader CustomTagType = "RequestHeader"
)

// LiteralCustomTag is TODO.
type LiteralCustomTag struct {
	// Value is TODO.
	// +required
	Value string `json:"value"`
}

// EnvironmentCustomTag is TODO.
type EnvironmentCustomTag struct {
	// Name is TODO.
	// +required
	Name string `json:"name"`

	// DefaultValue is TODO.
	// +optional
	DefaultValue *string `json:"defaultValue,omitempty"`
}

// RequestHeaderCustomTag is TODO.
type RequestHeaderCustomTag struct {
	// Name is TODO.
	// +required
	Name string `json:"name"`

	// DefaultValue is TODO.
	// +optional
	DefaultValue *string `json:"defaultValue,omitempty"`
}

// TracingSpanName is TODO.
type TracingSpanName struct {
	// Client is TODO.
	// +required
	Client string `json:"client"`

	// Server is TODO.
	// +required
	Server string `json:"server"`
}
