package v1alpha1

import (
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// CIDR is an IPv4 or IPv6 address range in CIDR notation, such as
// "10.0.0.0/8" or "2001:db8::/32".
type CIDR string

// StringMatch is a reusable string condition: Value compared to an input using
// the Type comparison.
type StringMatch struct {
	// Type is the comparison: Exact (the default), Prefix, Suffix or
	// RegularExpression.
	// +kubebuilder:default=Exact
	// +optional
	Type *StringMatchType `json:"type,omitempty"`

	// Value is the string or RE2 pattern to compare with, 1 to 1024 characters.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=1024
	// +required
	Value string `json:"value"`
}

// StringMatchType is the comparison used by a StringMatch.
// +kubebuilder:validation:Enum=Exact;Prefix;Suffix;RegularExpression
type StringMatchType string

const (
	// StringMatchTypeExact requires the input to equal the value.
	StringMatchTypeExact StringMatchType = "Exact"
	// StringMatchTypePrefix requires the input to begin with the value.
	StringMatchTypePrefix StringMatchType = "Prefix"
	// StringMatchTypeSuffix requires the input to end with the value.
	StringMatchTypeSuffix StringMatchType = "Suffix"
	// StringMatchTypeRegularExpression requires the input to match the value as an RE2 regular expression.
	StringMatchTypeRegularExpression StringMatchType = "RegularExpression"
)

// PathMatch is a condition on the request path.
type PathMatch struct {
	// Type is the comparison: Exact, PathPrefix (the default) or
	// RegularExpression.
	// +kubebuilder:default=PathPrefix
	// +optional
	Type *gwapiv1.PathMatchType `json:"type,omitempty"`

	// Value is the path or pattern to compare with. It defaults to "/".
	// +kubebuilder:validation:MaxLength=1024
	// +kubebuilder:default="/"
	// +required
	Value string `json:"value"`

	// Invert, when true, negates the result so the condition holds for paths that
	// do not match. It defaults to false.
	// +kubebuilder:default=false
	// +optional
	Invert *bool `json:"invert,omitempty"`
}

// Compression enables compressing responses with one algorithm, trading CPU
// for bandwidth. Type selects the algorithm; the matching sub-field may hold its
// settings.
type Compression struct {
	// Type is the compression algorithm: Gzip, Brotli or Zstd.
	// +required
	Type CompressorType `json:"type"`

	// Brotli holds Brotli settings, used when Type is Brotli.
	// +optional
	Brotli *BrotliCompressor `json:"brotli,omitempty"`

	// Gzip holds gzip settings, used when Type is Gzip.
	// +optional
	Gzip *GzipCompressor `json:"gzip,omitempty"`

	// Zstd holds Zstandard settings, used when Type is Zstd.
	// +optional
	Zstd *ZstdCompressor `json:"zstd,omitempty"`

	// MinContentLength is the smallest response, in bytes (a plain number or a
	// quantity such as 1Ki), that gets compressed. It defaults to 30, which is also
	// the lowest value Envoy accepts.
	// +optional
	MinContentLength *resource.Quantity `json:"minContentLength,omitempty"`
}

// CompressorType is a response compression algorithm.
// +kubebuilder:validation:Enum=Gzip;Brotli;Zstd
type CompressorType string

const (
	// CompressorTypeGzip compresses with gzip.
	CompressorTypeGzip CompressorType = "Gzip"
	// CompressorTypeBrotli compresses with Brotli.
	CompressorTypeBrotli CompressorType = "Brotli"
	// CompressorTypeZstd compresses with Zstandard.
	CompressorTypeZstd CompressorType = "Zstd"
)

// BrotliCompressor configures the Brotli compressor. It has no fields yet, so
// Envoy's defaults are used.
type BrotliCompressor struct {
}

// GzipCompressor configures the gzip compressor. It has no fields yet, so
// Envoy's defaults are used.
type GzipCompressor struct {
}

// ZstdCompressor configures the Zstandard compressor. It has no fields yet, so
// Envoy's defaults are used.
type ZstdCompressor struct {
}

// RoutingType is how Envoy addresses Kubernetes Service backends.
type RoutingType string

const (
	// RoutingTypeService sends traffic to the Service cluster IP and lets
	// Kubernetes pick the pod.
	RoutingTypeService RoutingType = "Service"
	// RoutingTypeEndpoint sends traffic directly to the Service's endpoint (pod)
	// addresses, so Envoy does the load balancing.
	RoutingTypeEndpoint RoutingType = "Endpoint"
)

// JSONPatchOperation is a single RFC 6902 JSON Patch operation.
type JSONPatchOperation struct {
	// Op is the operation: add, remove, replace, move, copy or test.
	// +required
	Op JSONPatchOperationType `json:"op"`

	// Path is an RFC 6901 JSON Pointer to the location acted on. When JSONPath is
	// also set, Path is appended to each location JSONPath produces.
	// +optional
	Path *string `json:"path,omitempty"`

	// JSONPath is an RFC 9535 JSONPath expression that selects one or more
	// locations; it is an error if it selects none. Combine it with Path to address
	// a child that does not exist yet.
	// +optional
	JSONPath *string `json:"jsonPath,omitempty"`

	// From is the JSON Pointer of the source location, used only by move and copy.
	// +optional
	From *string `json:"from,omitempty"`

	// Value is the JSON value written by the add and replace operations.
	// +optional
	Value *apiextensionsv1.JSON `json:"value,omitempty"`
}

// JSONPatchOperationType is an RFC 6902 JSON Patch operation name.
// +kubebuilder:validation:Enum=add;remove;replace;move;copy;test
type JSONPatchOperationType string

const (
	// JSONPatchOperationTypeAdd inserts a value or adds an array element.
	JSONPatchOperationTypeAdd JSONPatchOperationType = "add"
	// JSONPatchOperationTypeRemove deletes the value at the path.
	JSONPatchOperationTypeRemove JSONPatchOperationType = "remove"
	// JSONPatchOperationTypeReplace overwrites the value at the path.
	JSONPatchOperationTypeReplace JSONPatchOperationType = "replace"
	// JSONPatchOperationTypeMove moves the value at From to the path.
	JSONPatchOperationTypeMove JSONPatchOperationType = "move"
	// JSONPatchOperationTypeCopy copies the value at From to the path.
	JSONPatchOperationTypeCopy JSONPatchOperationType = "copy"
	// JSONPatchOperationTypeTest checks the value at the path and fails the whole
	// patch if it differs from the expected one.
	JSONPatchOperationTypeTest JSONPatchOperationType = "test"
)
