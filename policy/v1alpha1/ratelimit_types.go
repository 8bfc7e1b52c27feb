package v1alpha1

import (
	"k8s.io/apimachinery/pkg/api/resource"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// RateLimitSpec configures request rate limiting for the targets of a
// BackendTrafficPolicy.
//
// Global limits are counted by an external rate limit service and so hold
// across all Envoy replicas; local limits are counted independently by each
// Envoy instance. Global and Local may both be set, in which case a request
// must pass both. Requests over a limit are answered with HTTP 429.
type RateLimitSpec struct {
	// Type selects whether Global or Local applies.
	//
	// Deprecated: set Global and/or Local directly instead; both may be given
	// together.
	// +optional
	Type *RateLimitType `json:"type,omitempty"`

	// Global holds limits enforced through the shared rate limit service, so
	// counters are common to every Envoy replica.
	// +optional
	Global *GlobalRateLimit `json:"global,omitempty"`

	// Local holds limits enforced by each Envoy instance on its own, without any
	// external service.
	// +optional
	Local *LocalRateLimit `json:"local,omitempty"`
}

// RateLimitType is the scope of a rate limit, as used by the deprecated
// RateLimitSpec.Type field.
// +kubebuilder:validation:Enum=Global;Local
type RateLimitType string

const (
	// RateLimitTypeGlobal counts requests across all Envoy instances via the rate
	// limit service.
	RateLimitTypeGlobal RateLimitType = "Global"
	// RateLimitTypeLocal counts requests separately in each Envoy instance.
	RateLimitTypeLocal RateLimitType = "Local"
)

// GlobalRateLimit holds the rules enforced by the external rate limit service.
type GlobalRateLimit struct {
	// Rules lists up to 256 selector/limit pairs. Every rule a request matches is
	// charged independently, and the request is rejected if any of those rules is
	// over its limit.
	// +kubebuilder:validation:MaxItems=256
	// +required
	Rules []RateLimitRule `json:"rules"`
}

// RateLimitRule pairs a set of client selectors with the limit applied to the
// requests they select.
type RateLimitRule struct {
	// ClientSelectors narrows the rule to requests for which every selector
	// matches (at most 8 selectors). When empty, the rule covers all traffic of
	// each targeted route. Counters are kept per route, so a rule on a Gateway
	// gives every route of that Gateway its own budget unless Shared is true.
	// +kubebuilder:validation:MaxItems=8
	// +optional
	ClientSelectors []RateLimitSelectCondition `json:"clientSelectors,omitempty"`

	// Limit is the allowance for requests selected by this rule; once it is used
	// up, further selected requests get HTTP 429 until the window resets.
	// +required
	Limit RateLimitValue `json:"limit"`

	// Cost sets how much each request, and optionally each completed response,
	// consumes from the counter. When unset, every request costs 1 and responses
	// cost nothing.
	// +optional
	Cost *RateLimitCost `json:"cost,omitempty"`

	// Shared, when true, makes all targets of the policy draw from a single
	// counter for this rule instead of one counter per route. It defaults to
	// false.
	// +optional
	Shared *bool `json:"shared,omitempty"`

	// ShadowMode, when true, evaluates and counts the rule (including stats) but
	// never rejects a request, which is useful for trying out a new limit. It is
	// only supported for global rate limits.
	// +optional
	ShadowMode *bool `json:"shadowMode,omitempty"`

	// XRateLimitHeaders overrides, for this rule only, whether X-RateLimit-*
	// response headers are sent. When unset, the listener-level setting from
	// ClientTrafficPolicy applies.
	// +optional
	XRateLimitHeaders *XRateLimitHeadersOption `json:"xRateLimitHeaders,omitempty"`
}

// RateLimitSelectCondition picks out the requests a rate limit rule applies
// to. All conditions that are set must match, and at least one of Headers,
// Methods, Path, SourceCIDR or QueryParams must be set.
type RateLimitSelectCondition struct {
	// Headers lists request header conditions (at most 128); a request must
	// satisfy all of them.
	// +kubebuilder:validation:MaxItems=128
	// +optional
	Headers []HeaderMatch `json:"headers,omitempty"`

	// Methods lists HTTP methods; a request matches if its method satisfies any
	// entry. When empty, all methods match.
	// +optional
	Methods []MethodMatch `json:"methods,omitempty"`

	// Path matches the request path by exact value, prefix or regular expression.
	// +optional
	Path *PathMatch `json:"path,omitempty"`

	// SourceCIDR matches the client IP address against a CIDR range.
	// +optional
	SourceCIDR *SourceMatch `json:"sourceCIDR,omitempty"`

	// QueryParams lists query parameter conditions (at most 16); a request must
	// satisfy all of them.
	// +kubebuilder:validation:MaxItems=16
	// +optional
	QueryParams []QueryParamMatch `json:"queryParams,omitempty"`
}

// HeaderMatch is a rate limit condition on one request header.
type HeaderMatch struct {
	// Type chooses how Value is compared with the header: Exact (the default),
	// RegularExpression or Distinct.
	// +kubebuilder:default=Exact
	// +optional
	Type *HeaderMatchType `json:"type,omitempty"`

	// Name is the header to inspect; header names are compared
	// case-insensitively.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=256
	// +required
	Name string `json:"name"`

	// Value is the string or RE2 regular expression to compare with the header
	// value. Leave it empty when Type is Distinct.
	// +kubebuilder:validation:MaxLength=1024
	// +optional
	Value *string `json:"value,omitempty"`

	// Invert, when true, makes the condition match requests whose header does not
	// match Value. It defaults to false and must not be set when Type is
	// Distinct.
	// +kubebuilder:default=false
	// +optional
	Invert *bool `json:"invert,omitempty"`
}

// HeaderMatchType says how a header value is compared in a rate limit
// condition.
// +kubebuilder:validation:Enum=Exact;RegularExpression;Distinct
type HeaderMatchType string

const (
	// HeaderMatchTypeExact matches when the header value equals Value.
	HeaderMatchTypeExact HeaderMatchType = "Exact"
	// HeaderMatchTypeRegularExpression matches when the header value matches the
	// RE2 regular expression in Value.
	HeaderMatchTypeRegularExpression HeaderMatchType = "RegularExpression"
	// HeaderMatchTypeDistinct matches every value of the header and gives each
	// distinct value its own counter, for example one limit per API key.
	HeaderMatchTypeDistinct HeaderMatchType = "Distinct"
)

// MethodMatch is a rate limit condition on the HTTP method of a request.
type MethodMatch struct {
	// Value is the HTTP method to match, such as GET or POST.
	// +required
	Value gwapiv1.HTTPMethod `json:"value"`

	// Invert, when true, matches requests whose method differs from Value. It
	// defaults to false.
	// +kubebuilder:default=false
	// +optional
	Invert *bool `json:"invert,omitempty"`
}

// SourceMatch is a rate limit condition on the client IP address.
type SourceMatch struct {
	// Type chooses whether addresses inside the range share one counter (Exact,
	// the default) or each get their own (Distinct).
	// +kubebuilder:default=Exact
	// +optional
	Type *SourceMatchType `json:"type,omitempty"`

	// Value is the CIDR range to match, such as 10.0.0.0/8 or 2001:db8::/64. The
	// client address may come from X-Forwarded-For, depending on how the listener
	// resolves client IPs.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=256
	// +required
	Value string `json:"value"`

	// Invert, when true, matches clients whose address lies outside the range. It
	// defaults to false.
	// +kubebuilder:default=false
	// +optional
	Invert *bool `json:"invert,omitempty"`
}

// SourceMatchType says how addresses inside a SourceMatch range are counted.
// +kubebuilder:validation:Enum=Exact;Distinct
type SourceMatchType string

const (
	// SourceMatchTypeExact treats the whole CIDR range as one client: all
	// matching addresses share a single counter.
	SourceMatchTypeExact SourceMatchType = "Exact"
	// SourceMatchTypeDistinct gives each IP address within the CIDR range its own
	// counter.
	SourceMatchTypeDistinct SourceMatchType = "Distinct"
)

// QueryParamMatch is a rate limit condition on one query parameter of the
// request URL.
type QueryParamMatch struct {
	// Type chooses how Value is compared with the parameter: Exact (the default),
	// RegularExpression or Distinct.
	// +kubebuilder:default=Exact
	// +optional
	Type *QueryParamMatchType `json:"type,omitempty"`

	// Name is the query parameter to inspect.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=256
	// +required
	Name string `json:"name"`

	// Value is the string or RE2 regular expression to compare with the parameter
	// value. Leave it empty when Type is Distinct.
	// +kubebuilder:validation:MaxLength=1024
	// +optional
	Value *string `json:"value,omitempty"`

	// Invert, when true, makes the condition match requests whose parameter does
	// not match Value. It defaults to false and must not be set when Type is
	// Distinct.
	// +kubebuilder:default=false
	// +optional
	Invert *bool `json:"invert,omitempty"`
}

// QueryParamMatchType says how a query parameter value is compared in a rate
// limit condition.
// +kubebuilder:validation:Enum=Exact;RegularExpression;Distinct
type QueryParamMatchType string

const (
	// QueryParamMatchTypeExact matches when the parameter value equals Value.
	QueryParamMatchTypeExact QueryParamMatchType = "Exact"
	// QueryParamMatchTypeRegularExpression matches when the parameter value
	// matches the RE2 regular expression in Value.
	QueryParamMatchTypeRegularExpression QueryParamMatchType = "RegularExpression"
	// QueryParamMatchTypeDistinct matches every value of the parameter and gives
	// each distinct value its own counter.
	QueryParamMatchTypeDistinct QueryParamMatchType = "Distinct"
)

// RateLimitValue is a rate limit quota: a number of requests per time unit.
type RateLimitValue struct {
	// Requests is how many requests, or cost units when Cost is used, are allowed
	// per Unit; it ranges from 0 to 2^32-1.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=4294967295
	// +required
	Requests int64 `json:"requests"`

	// Unit is the time window the Requests quota refers to.
	// +required
	Unit RateLimitUnit `json:"unit"`

	// FromMetadata lets a per-request value in dynamic metadata (written by an
	// earlier filter such as ext_proc) replace Requests and Unit; when the
	// metadata is absent, Requests and Unit apply. The metadata must be a struct
	// with an integer requests_per_unit and a unit field. Only supported for
	// global rate limits.
	// +optional
	FromMetadata *RateLimitValueMetadata `json:"fromMetadata,omitempty"`
}

// RateLimitUnit is the time window of a rate limit quota.
// +kubebuilder:validation:Enum=Second;Minute;Hour;Day;Week;Month;Year
type RateLimitUnit string

const (
	// RateLimitUnitSecond counts requests per second.
	RateLimitUnitSecond RateLimitUnit = "Second"
	// RateLimitUnitMinute counts requests per minute.
	RateLimitUnitMinute RateLimitUnit = "Minute"
	// RateLimitUnitHour counts requests per hour.
	RateLimitUnitHour RateLimitUnit = "Hour"
	// RateLimitUnitDay counts requests per day.
	RateLimitUnitDay RateLimitUnit = "Day"
	// RateLimitUnitWeek counts requests per week.
	RateLimitUnitWeek RateLimitUnit = "Week"
	// RateLimitUnitMonth counts requests per month.
	RateLimitUnitMonth RateLimitUnit = "Month"
	// RateLimitUnitYear counts requests per year.
	RateLimitUnitYear RateLimitUnit = "Year"
)

// RateLimitValueMetadata points at the dynamic metadata entry that holds a
// per-request rate limit.
type RateLimitValueMetadata struct {
	// Namespace is the dynamic metadata namespace, usually the name of the filter
	// that wrote it.
	// +kubebuilder:validation:MinLength=1
	// +required
	Namespace string `json:"namespace"`

	// Key is the entry within Namespace that holds the limit struct.
	// +kubebuilder:validation:MinLength=1
	// +required
	Key string `json:"key"`
}

// RateLimitCost sets how much a request consumes from a rate limit counter, on
// the request path and optionally on the response path.
type RateLimitCost struct {
	// Request is the amount taken from the counter when a matching request
	// arrives; if the counter cannot cover it, the request is rejected. When
	// unset, each request costs 1.
	// +optional
	Request *RateLimitCostSpecifier `json:"request,omitempty"`

	// Response is the amount taken from the counter once the response has been
	// sent or the stream closed. It never blocks the current request, only later
	// ones; when unset nothing is charged. Only supported for HTTP global rate
	// limits.
	// +optional
	Response *RateLimitCostSpecifier `json:"response,omitempty"`
}

// RateLimitCostSpecifier says where the cost of a request or response comes
// from. Number and Metadata are mutually exclusive.
type RateLimitCostSpecifier struct {
	// From selects the source of the cost: Number or Metadata.
	// +required
	From RateLimitCostFrom `json:"from"`

	// Number is a fixed cost, used when From is Number. A cost of 0 checks the
	// counter without consuming from it.
	// +optional
	Number *int64 `json:"number,omitempty"`

	// Metadata names the dynamic metadata entry holding the cost, used when From
	// is Metadata.
	// +optional
	Metadata *RateLimitCostMetadata `json:"metadata,omitempty"`
}

// RateLimitCostFrom is the source of a rate limit cost.
// +kubebuilder:validation:Enum=Number;Metadata
type RateLimitCostFrom string

const (
	// RateLimitCostFromNumber uses the fixed value in
	// RateLimitCostSpecifier.Number.
	RateLimitCostFromNumber RateLimitCostFrom = "Number"
	// RateLimitCostFromMetadata reads the cost from per-request dynamic metadata
	// named by RateLimitCostSpecifier.Metadata.
	RateLimitCostFromMetadata RateLimitCostFrom = "Metadata"
)

// RateLimitCostMetadata points at the dynamic metadata entry that holds a rate
// limit cost.
type RateLimitCostMetadata struct {
	// Namespace is the dynamic metadata namespace, usually the name of the filter
	// that wrote it.
	// +required
	Namespace string `json:"namespace"`

	// Key is the entry within Namespace that holds the numeric cost.
	// +required
	Key string `json:"key"`
}

// XRateLimitHeadersOption controls, for a single rate limit rule, whether
// X-RateLimit-* headers are added to responses, regardless of the
// ClientTrafficPolicy default.
// +kubebuilder:validation:Enum=Off;DraftVersion03
type XRateLimitHeadersOption string

const (
	// XRateLimitHeadersOptionOff suppresses X-RateLimit headers for the rule.
	XRateLimitHeadersOptionOff XRateLimitHeadersOption = "Off"
	// XRateLimitHeadersOptionDraftVersion03 emits X-RateLimit headers in the
	// format of draft 03 of the IETF RateLimit header fields specification.
	XRateLimitHeadersOptionDraftVersion03 XRateLimitHeadersOption = "DraftVersion03"
)

// LocalRateLimit holds rules counted independently by each Envoy instance.
// Local rules cannot use response costs or FromMetadata limits.
type LocalRateLimit struct {
	// Rules lists up to 16 selector/limit pairs. When a request matches several
	// rules, the most restrictive limit applies.
	// +kubebuilder:validation:MaxItems=16
	// +optional
	Rules []RateLimitRule `json:"rules,omitempty"`
}

// BandwidthLimitSpec throttles the data rate between Envoy and the backend,
// separately for each direction. At least one of Request or Response must be
// set.
type BandwidthLimitSpec struct {
	// Request limits the rate at which request data is sent to the backend.
	// +optional
	Request *BandwidthLimitRequestConfig `json:"request,omitempty"`

	// Response limits the rate at which response data from the backend is passed
	// on.
	// +optional
	Response *BandwidthLimitResponseConfig `json:"response,omitempty"`
}

// BandwidthLimitRequestConfig configures throttling of the upstream (request)
// direction.
type BandwidthLimitRequestConfig struct {
	// Limit is the maximum throughput, in bytes per unit of time.
	// +required
	Limit BandwidthLimitValue `json:"limit"`
}

// BandwidthLimitValue is a throughput: an amount of bytes per time unit.
type BandwidthLimitValue struct {
	// Value is the number of bytes allowed per Unit, written as a Kubernetes
	// quantity such as 512Ki or 10Mi.
	// +required
	Value resource.Quantity `json:"value"`

	// Unit is the time interval Value refers to.
	// +required
	Unit BandwidthLimitUnit `json:"unit"`
}

// BandwidthLimitUnit is the time interval of a bandwidth limit.
// +kubebuilder:validation:Enum=Second;Minute;Hour
type BandwidthLimitUnit string

const (
	// BandwidthLimitUnitSecond expresses the limit in bytes per second.
	BandwidthLimitUnitSecond BandwidthLimitUnit = "Second"
	// BandwidthLimitUnitMinute expresses the limit in bytes per minute.
	BandwidthLimitUnitMinute BandwidthLimitUnit = "Minute"
	// BandwidthLimitUnitHour expresses the limit in bytes per hour.
	BandwidthLimitUnitHour BandwidthLimitUnit = "Hour"
)

// BandwidthLimitResponseConfig configures throttling of the downstream
// (response) direction.
type BandwidthLimitResponseConfig struct {
	// Limit is the maximum throughput, in bytes per unit of time.
	// +required
	Limit BandwidthLimitValue `json:"limit"`

	// ResponseTrailers, when set, makes Envoy append trailers reporting how long
	// throttling delayed the request and response streams. When unset, no
	// trailers are added.
	// +optional
	ResponseTrailers *BandwidthLimitResponseTrailers `json:"responseTrailers,omitempty"`
}

// BandwidthLimitResponseTrailers configures the delay-reporting trailers
// (bandwidth-request-delay-ms, bandwidth-response-delay-ms and their -filter-
// variants, all in milliseconds) added to throttled responses.
type BandwidthLimitResponseTrailers struct {
	// Prefix, followed by a dash, is put in front of each trailer name; for
	// example x-eg yields x-eg-bandwidth-request-delay-ms. When unset, the
	// trailer names are used unchanged.
	// +kubebuilder:validation:Pattern=`^[^\r\n\x00]*$`
	// +optional
	Prefix *string `json:"prefix,omitempty"`
}
