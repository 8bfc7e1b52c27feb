package v1alpha1

import (
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// CIDR is TODO.
type CIDR string

// StringMatch is TODO.
type StringMatch struct {
	// Type is TODO.
	// +kubebuilder:default=Exact
	// +optional
	Type *StringMatchType `json:"type,omitempty"`

	// Value is TODO.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=1024
	// +required
	Value string `json:"value"`
}

// StringMatchType is TODO.
// +kubebuilder:validation:Enum=Exact;Prefix;Suffix;RegularExpression
type StringMatchType string

const (
	// StringMatchTypeExact is TODO.
	StringMatchTypeExact StringMatchType = "Exact"
	// StringMatchTypePrefix is TODO.
	StringMatchTypePrefix StringMatchType = "Prefix"
	// StringMatchTypeSuffix is TODO.
	StringMatchTypeSuffix StringMatchType = "Suffix"
	// StringMatchTypeRegularExpression is TODO.
	StringMatchTypeRegularExpression StringMatchType = "RegularExpression"
)

// PathMatch is TODO.
type PathMatch struct {
	// Type is TODO.
	// +kubebuilder:default=PathPrefix
	// +optional
	Type *gwapiv1.PathMatchType `json:"type,omitempty"`

	// Value is TODO.
	// +kubebuilder:validation:MaxLength=1024
	// +kubebuilder:default="/"
	// +required
	Value string `json:"value"`

	// Invert is TODO.
	// +kubebuilder:default=false
	// +optional
	Invert *bool `json:"invert,omitempty"`
}

// Compression is TODO.
type Compression struct {
	// Type is TODO.
	// +required
	Type CompressorType `json:"type"`

	// Brotli is TODO.
	// +optional
	Brotli *BrotliCompressor `json:"brotli,omitempty"`

	// Gzip is TODO.
	// +optional
	Gzip *GzipCompressor `json:"gzip,omitempty"`

	// Zstd is TODO.
	// +optional
	Zstd *ZstdCompressor `json:"zstd,omitempty"`

	// MinContentLength is TODO.
	// +optional
	MinContentLength *resource.Quantity `json:"minContentLength,omitempty"`
}

// CompressorType is TODO.
// +kubebuilder:validation:Enum=Gzip;Brotli;Zstd
type CompressorType string

const (
	// CompressorTypeGzip is TODO.
	CompressorTypeGzip CompressorType = "Gzip"
	// CompressorTypeBrotli is TODO.
	CompressorTypeBrotli CompressorType = "Brotli"
	// CompressorTypeZstd is TODO.
	CompressorTypeZstd CompressorType = "Zstd"
)

// BrotliCompressor is TODO.
type BrotliCompressor struct {
}

// GzipCompressor is TODO.
type GzipCompressor struct {
}

// ZstdCompressor is TODO.
type ZstdCompressor struct {
}

// RoutingType is TODO.
type RoutingType string

const (
	// RoutingTypeService is TODO.
	RoutingTypeService RoutingType = "Service"
	// RoutingTypeEndpoint is TODO.
	RoutingTypeEndpoint RoutingType = "Endpoint"
)

// JSONPatchOperation is TODO.
type JSONPatchOperation struct {
	// Op is TODO.
	// +required
	Op JSONPatchOperationType `json:"op"`

	// Path is TODO.
	// +optional
	Path *string `json:"path,omitempty"`

	// JsonPath is TODO.
	// +optional
	JsonPath *string `json:"jsonPath,omitempty"`

	// From is TODO.
	// +optional
	From *string `json:"from,omitempty"`

	// Value is TODO.
	// +optional
	Value *apiextensionsv1.JSON `json:"value,omitempty"`
}

// JSONPatchOperationType is TODO.
// +kubebuilder:validation:Enum=add;remove;replace;move;copy;test
type JSONPatchOperationType string

const (
	// JSONPatchOperationTypeAdd is TODO.
	JSONPatchOperationTypeAdd JSONPatchOperationType = "add"
	// JSONPatchOperationTypeRemove is TODO.
	JSONPatchOperationTypeRemove JSONPatchOperationType = "remove"
	// JSONPatchOperationTypeReplace is TODO.
	JSONPatchOperationTypeReplace JSONPatchOperationType = "replace"
	// JSONPatchOperationTypeMove is TODO.
	JSONPatchOperationTypeMove JSONPatchOperationType = "move"
	// JSONPatchOperationTypeCopy is TODO.
	JSONPatchOperationTypeCopy JSONPatchOperationType = "copy"
	// JSONPatchOperationTypeTest is TODO.
	JSONPatchOperationTypeTest JSONPatchOperationType = "test"
)
