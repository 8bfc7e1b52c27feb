package v1alpha1

import (
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// Tracing holds per-request tracing settings: sampling rates, span tags and
// span names. It is used both in the EnvoyProxy telemetry configuration and in
// BackendTrafficPolicy, where it overrides the EnvoyProxy settings for the
// targeted routes.
type Tracing struct {
	// SamplingFraction is the share of requests traced when no upstream sampling
	// decision was made, i.e. random sampling.
	// +optional
	SamplingFraction *gwapiv1.Fraction `json:"samplingFraction,omitempty"`

	// ClientSamplingFraction is the share of requests traced when the client asks
	// for tracing (for example with x-client-trace-id). When unset, client-forced
	// tracing is off.
	// +optional
	ClientSamplingFraction *gwapiv1.Fraction `json:"clientSamplingFraction,omitempty"`

	// OverallSamplingFraction is a final cap applied after all other sampling
	// decisions: only this share of the otherwise selected requests is traced.
	// +optional
	OverallSamplingFraction *gwapiv1.Fraction `json:"overallSamplingFraction,omitempty"`

	// CustomTags maps tag names to typed tag sources added to every span. With the
	// Kubernetes provider, pod name and namespace tags are added automatically.
	//
	// Deprecated: use Tags instead.
	// +optional
	CustomTags map[string]CustomTag `json:"customTags,omitempty"`

	// Tags maps tag names to values added to every span; values may contain Envoy
	// command operators such as %REQ(x-tenant)%. A key here overrides the same key
	// in CustomTags. With the Kubernetes provider, pod name and namespace tags are
	// added automatically.
	// +optional
	Tags map[string]string `json:"tags,omitempty"`

	// SpanName overrides the span operation names. When unset, names are chosen by
	// the tracing provider.
	// +optional
	SpanName *TracingSpanName `json:"spanName,omitempty"`
}

// CustomTag is a span tag whose value comes from a literal, an environment
// variable or a request header; set the field matching Type.
type CustomTag struct {
	// Type is Literal (the default), Environment or RequestHeader and selects
	// which of the other fields is required.
	// +kubebuilder:default=Literal
	// +required
	Type CustomTagType `json:"type"`

	// Literal gives a fixed value; required when Type is Literal.
	// +optional
	Literal *LiteralCustomTag `json:"literal,omitempty"`

	// Environment reads the value from an environment variable of the proxy; required when Type is Environment.
	// +optional
	Environment *EnvironmentCustomTag `json:"environment,omitempty"`

	// RequestHeader reads the value from a request header; required when Type is RequestHeader.
	// +optional
	RequestHeader *RequestHeaderCustomTag `json:"requestHeader,omitempty"`
}

// CustomTagType is the source of a CustomTag value.
// +kubebuilder:validation:Enum=Literal;Environment;RequestHeader
type CustomTagType string

const (
	// CustomTagTypeLiteral uses a fixed value.
	CustomTagTypeLiteral CustomTagType = "Literal"
	// CustomTagTypeEnvironment uses an environment variable of the Envoy process.
	CustomTagTypeEnvironment CustomTagType = "Environment"
	// CustomTagTypeRequestHeader uses a request header.
	CustomTagTypeRequestHeader CustomTagType = "RequestHeader"
)

// LiteralCustomTag is a span tag with a fixed value.
type LiteralCustomTag struct {
	// Value is the tag value set on every span.
	// +required
	Value string `json:"value"`
}

// EnvironmentCustomTag is a span tag taken from an environment variable of the proxy.
type EnvironmentCustomTag struct {
	// Name is the environment variable to read.
	// +required
	Name string `json:"name"`

	// DefaultValue is used when the variable is not set.
	// +optional
	DefaultValue *string `json:"defaultValue,omitempty"`
}

// RequestHeaderCustomTag is a span tag taken from a request header.
type RequestHeaderCustomTag struct {
	// Name is the request header to read.
	// +required
	Name string `json:"name"`

	// DefaultValue is used when the header is absent.
	// +optional
	DefaultValue *string `json:"defaultValue,omitempty"`
}

// TracingSpanName sets the operation names of the spans Envoy creates; both
// may use Envoy command operators.
type TracingSpanName struct {
	// Client is the operation name of the downstream (ingress) span.
	// +required
	Client string `json:"client"`

	// Server is the operation name of the upstream (egress) span.
	// +required
	Server string `json:"server"`
}
