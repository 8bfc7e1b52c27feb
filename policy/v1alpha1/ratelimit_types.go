package v1alpha1

import (
	"k8s.io/apimachinery/pkg/api/resource"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// RateLimitSpec is TODO.
type RateLimitSpec struct {
	// Type is TODO.
	// +optional
	Type *RateLimitType `json:"type,omitempty"`

	// Global is TODO.
	// +optional
	Global *GlobalRateLimit `json:"global,omitempty"`

	// Local is TODO.
	// +optional
	Local *LocalRateLimit `json:"local,omitempty"`
}

// RateLimitType is TODO.
// +kubebuilder:validation:Enum=Global;Local
type RateLimitType string

const (
	// RateLimitTypeGlobal is TODO.
	RateLimitTypeGlobal RateLimitType = "Global"
	// RateLimitTypeLocal is TODO.
	RateLimitTypeLocal RateLimitType = "Local"
)

// GlobalRateLimit is TODO.
type GlobalRateLimit struct {
	// Rules is TODO.
	// +kubebuilder:validation:MaxItems=256
	// +required
	Rules []RateLimitRule `json:"rules"`
}

// RateLimitRule is TODO.
type RateLimitRule struct {
	// ClientSelectors is TODO.
	// +kubebuilder:validation:MaxItems=8
	// +optional
	ClientSelectors []RateLimitSelectCondition `json:"clientSelectors,omitempty"`

	// Limit is TODO.
	// +required
	Limit RateLimitValue `json:"limit"`

	// Cost is TODO.
	// +optional
	Cost *RateLimitCost `json:"cost,omitempty"`

	// Shared is TODO.
	// +optional
	Shared *bool `json:"shared,omitempty"`

	// ShadowMode is TODO.
	// +optional
	ShadowMode *bool `json:"shadowMode,omitempty"`

	// XRateLimitHeaders is TODO.
	// +optional
	XRateLimitHeaders *XRateLimitHeadersOption `json:"xRateLimitHeaders,omitempty"`
}

// RateLimitSelectCondition is TODO.
type RateLimitSelectCondition struct {
	// Headers is TODO.
	// +kubebuilder:validation:MaxItems=128
	// +optional
	Headers []HeaderMatch `json:"headers,omitempty"`

	// Methods is TODO.
	// +optional
	Methods []MethodMatch `json:"methods,omitempty"`

	// Path is TODO.
	// +optional
	Path *PathMatch `json:"path,omitempty"`

	// SourceCIDR is TODO.
	// +optional
	SourceCIDR *SourceMatch `json:"sourceCIDR,omitempty"`

	// QueryParams is TODO.
	// +kubebuilder:validation:MaxItems=16
	// +optional
	QueryParams []QueryParamMatch `json:"queryParams,omitempty"`
}

// HeaderMatch is TODO.
type HeaderMatch struct {
	// Type is TODO.
	// +kubebuilder:default=Exact
	// +optional
	Type *HeaderMatchType `json:"type,omitempty"`

	// Name is TODO.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=256
	// +required
	Name string `json:"name"`

	// Value is TODO.
	// +kubebuilder:validation:MaxLength=1024
	// +optional
	Value *string `json:"value,omitempty"`

	// Invert is TODO.
	// +kubebuilder:default=false
	// +optional
	Invert *bool `json:"invert,omitempty"`
}

// HeaderMatchType is TODO.
// +kubebuilder:validation:Enum=Exact;RegularExpression;Distinct
type HeaderMatchType string

const (
	// HeaderMatchTypeExact is TODO.
	HeaderMatchTypeExact HeaderMatchType = "Exact"
	// HeaderMatchTypeRegularExpression is TODO.
	HeaderMatchTypeRegularExpression HeaderMatchType = "RegularExpression"
	// HeaderMatchTypeDistinct is TODO.
	HeaderMatchTypeDistinct HeaderMatchType = "Distinct"
)

// MethodMatch is TODO.
type MethodMatch struct {
	// Value is TODO.
	// +required
	Value gwapiv1.HTTPMethod `json:"value"`

	// Invert is TODO.
	// +kubebuilder:default=false
	// +optional
	Invert *bool `json:"invert,omitempty"`
}

// SourceMatch is TODO.
type SourceMatch struct {
	// Type is TODO.
	// +kubebuilder:default=Exact
	// +optional
	Type *SourceMatchType `json:"type,omitempty"`

	// Value is TODO.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=256
	// +required
	Value string `json:"value"`

	// Invert is TODO.
	// +kubebuilder:default=false
	// +optional
	Invert *bool `json:"invert,omitempty"`
}

// SourceMatchType is TODO.
// +kubebuilder:validation:Enum=Exact;Distinct
type SourceMatchType string

const (
	// SourceMatchTypeExact is TODO.
	SourceMatchTypeExact SourceMatchType = "Exact"
	// SourceMatchTypeDistinct is TODO.
	SourceMatchTypeDistinct SourceMatchType = "Distinct"
)

// QueryParamMatch is TODO.
type QueryParamMatch struct {
	// Type is TODO.
	// +kubebuilder:default=Exact
	// +optional
	Type *QueryParamMatchType `json:"type,omitempty"`

	// Name is TODO.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=256
	// +required
	Name string `json:"name"`

	// Value is TODO.
	// +kubebuilder:validation:MaxLength=1024
	// +optional
	Value *string `json:"value,omitempty"`

	// Invert is TODO.
	// +kubebuilder:default=false
	// +optional
	Invert *bool `json:"invert,omitempty"`
}

// QueryParamMatchType is TODO.
// +kubebuilder:validation:Enum=Exact;RegularExpression;Distinct
type QueryParamMatchType string

const (
	// QueryParamMatchTypeExact is TODO.
	QueryParamMatchTypeExact QueryParamMatchType = "Exact"
	// QueryParamMatchTypeRegularExpression is TODO.
	QueryParamMatchTypeRegularExpression QueryParamMatchType = "RegularExpression"
	// QueryParamMatchTypeDistinct is TODO.
	QueryParamMatchTypeDistinct QueryParamMatchType = "Distinct"
)

// RateLimitValue is TODO.
type RateLimitValue struct {
	// Requests is TODO.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=4294967295
	// +required
	Requests int64 `json:"requests"`

	// Unit is TODO.
	// +required
	Unit RateLimitUnit `json:"unit"`

	// FromMetadata is TODO.
	// +optional
	FromMetadata *RateLimitValueMetadata `json:"fromMetadata,omitempty"`
}

// RateLimitUnit is TODO.
// +kubebuilder:validation:Enum=Second;Minute;Hour;Day;Week;Month;Year
type RateLimitUnit string

const (
	// RateLimitUnitSecond is TODO.
	RateLimitUnitSecond RateLimitUnit = "Second"
	// RateLimitUnitMinute is TODO.
	RateLimitUnitMinute RateLimitUnit = "Minute"
	// RateLimitUnitHour is TODO.
	RateLimitUnitHour RateLimitUnit = "Hour"
	// RateLimitUnitDay is TODO.
	RateLimitUnitDay RateLimitUnit = "Day"
	// RateLimitUnitWeek is TODO.
	RateLimitUnitWeek RateLimitUnit = "Week"
	// RateLimitUnitMonth is TODO.
	RateLimitUnitMonth RateLimitUnit = "Month"
	// RateLimitUnitYear is TODO.
	RateLimitUnitYear RateLimitUnit = "Year"
)

// RateLimitValueMetadata is TODO.
type RateLimitValueMetadata struct {
	// Namespace is TODO.
	// +kubebuilder:validation:MinLength=1
	// +required
	Namespace string `json:"namespace"`

	// Key is TODO.
	// +kubebuilder:validation:MinLength=1
	// +required
	Key string `json:"key"`
}

// RateLimitCost is TODO.
type RateLimitCost struct {
	// Request is TODO.
	// +optional
	Request *RateLimitCostSpecifier `json:"request,omitempty"`

	// Response is TODO.
	// +optional
	Response *RateLimitCostSpecifier `json:"response,omitempty"`
}

// RateLimitCostSpecifier is TODO.
type RateLimitCostSpecifier struct {
	// From is TODO.
	// +required
	From RateLimitCostFrom `json:"from"`

	// Number is TODO.
	// +optional
	Number *int64 `json:"number,omitempty"`

	// Metadata is TODO.
	// +optional
	Metadata *RateLimitCostMetadata `json:"metadata,omitempty"`
}

// RateLimitCostFrom is TODO.
// +kubebuilder:validation:Enum=Number;Metadata
type RateLimitCostFrom string

const (
	// RateLimitCostFromNumber is TODO.
	RateLimitCostFromNumber RateLimitCostFrom = "Number"
	// RateLimitCostFromMetadata is TODO.
	RateLimitCostFromMetadata RateLimitCostFrom = "Metadata"
)

// RateLimitCostMetadata is TODO.
type RateLimitCostMetadata struct {
	// Namespace is TODO.
	// +required
	Namespace string `json:"namespace"`

	// Key is TODO.
	// +required
	Key string `json:"key"`
}

// XRateLimitHeadersOption is TODO.
// +kubebuilder:validation:Enum=Off;DraftVersion03
type XRateLimitHeadersOption string

const (
	// XRateLimitHeadersOptionOff is TODO.
	XRateLimitHeadersOptionOff XRateLimitHeadersOption = "Off"
	// XRateLimitHeadersOptionDraftVersion03 is TODO.
	XRateLimitHeadersOptionDraftVersion03 XRateLimitHeadersOption = "DraftVersion03"
)

// LocalRateLimit is TODO.
type LocalRateLimit struct {
	// Rules is TODO.
	// +kubebuilder:validation:MaxItems=16
	// +optional
	Rules []RateLimitRule `json:"rules,omitempty"`
}

// BandwidthLimitSpec is TODO.
type BandwidthLimitSpec struct {
	// Request is TODO.
	// +optional
	Request *BandwidthLimitRequestConfig `json:"request,omitempty"`

	// Response is TODO.
	// +optional
	Response *BandwidthLimitResponseConfig `json:"response,omitempty"`
}

// BandwidthLimitRequestConfig is TODO.
type BandwidthLimitRequestConfig struct {
	// Limit is TODO.
	// +required
	Limit BandwidthLimitValue `json:"limit"`
}

// BandwidthLimitValue is TODO.
type BandwidthLimitValue struct {
	// Value is TODO.
	// +required
	Value resource.Quantity `json:"value"`

	// Unit is TODO.
	// +required
	Unit BandwidthLimitUnit `json:"unit"`
}

// BandwidthLimitUnit is TODO.
// +kubebuilder:validation:Enum=Second;Minute;Hour
type BandwidthLimitUnit string

const (
	// BandwidthLimitUnitSecond is TODO.
	BandwidthLimitUnitSecond BandwidthLimitUnit = "Second"
	// BandwidthLimitUnitMinute is TODO.
	BandwidthLimitUnitMinute BandwidthLimitUnit = "Minute"
	// BandwidthLimitUnitHour is TODO.
	BandwidthLimitUnitHour BandwidthLimitUnit = "Hour"
)

// BandwidthLimitResponseConfig is TODO.
type BandwidthLimitResponseConfig struct {
	// Limit is TODO.
	// +required
	Limit BandwidthLimitValue `json:"limit"`

	// ResponseTrailers is TODO.
	// +optional
	ResponseTrailers *BandwidthLimitResponseTrailers `json:"responseTrailers,omitempty"`
}

// BandwidthLimitResponseTrailers is TODO.
type BandwidthLimitResponseTrailers struct {
	// Prefix is TODO.
	// +kubebuilder:validation:Pattern=`^[^\r\n\x00]*$`
	// +optional
	Prefix *string `json:"prefix,omitempty"`
}
