package ir

// The route-level traffic features of a BackendTrafficPolicy: the ones that
// become HTTP filters of the connection manager (enabled per route) rather
// than settings of the destination's cluster. JSON names follow Envoy
// Gateway's IR.

// RateLimit limits the rate of a route's requests: locally, in each Envoy,
// and globally, through a rate limit service. Either or both may be set.
type RateLimit struct {
	// Global limits through the rate limit service.
	Global *GlobalRateLimit `json:"global,omitempty"`
	// Local limits in each Envoy with token buckets.
	Local *LocalRateLimit `json:"local,omitempty"`
}

// LocalRateLimit is a local (per Envoy) rate limit: Default is the limit of
// the route as a whole; each rule is a further bucket for the requests its
// matches select. Every rule's unit must be a multiple of Default's, as
// Envoy's token buckets require.
type LocalRateLimit struct {
	// Default is the route's own limit.
	Default RateLimitValue `json:"default"`
	// Rules are the descriptor buckets, each with at least one match.
	Rules []*RateLimitRule `json:"rules,omitempty"`
	// DefaultXRateLimitOption, when set, says whether the x-ratelimit-*
	// response headers are sent for the default bucket: "Enable" or
	// "Disable"; nil means Envoy Gateway's default (Enable).
	DefaultXRateLimitOption *string `json:"defaultXRateLimitOption,omitempty"`
}

// GlobalRateLimit is a global rate limit: each rule becomes a rate limit
// action of the route and a descriptor in the rate limit service
// configuration of the route's listener (xds.RateLimitConfigs).
type GlobalRateLimit struct {
	// Rules are the limits, in order.
	Rules []*RateLimitRule `json:"rules,omitempty"`
}

// RateLimitRule is one limit and the requests it counts: those matching
// every match (a rule without matches counts every request; only global
// rules may have none).
type RateLimitRule struct {
	// HeaderMatches select on request headers. A Distinct match counts
	// each value of the header apart.
	HeaderMatches []*StringMatch `json:"headerMatches"`
	// PathMatch selects on the request path.
	PathMatch *StringMatch `json:"pathMatch,omitempty"`
	// MethodMatches select on the request method (Exact; any may match).
	MethodMatches []*StringMatch `json:"methodMatches,omitempty"`
	// CIDRMatch selects on the client address.
	CIDRMatch *CIDRMatch `json:"cidrMatch,omitempty"`
	// QueryParamMatches select on query parameters.
	QueryParamMatches []*StringMatch `json:"queryParamMatches,omitempty"`
	// Limit is the rule's limit.
	Limit RateLimitValue `json:"limit"`
	// RequestCost and ResponseCost say how much a request counts against
	// the limit, when it arrives and when it completes; nil means 1 per
	// request, counted on arrival.
	RequestCost  *RateLimitCost `json:"requestCost,omitempty"`
	ResponseCost *RateLimitCost `json:"responseCost,omitempty"`
	// Shared makes one bucket for every route the policy covers (global:
	// one descriptor; local: a shared token bucket) instead of one per
	// route.
	Shared *bool `json:"shared,omitempty"`
	// ShadowMode counts but never rejects.
	ShadowMode *bool `json:"shadowMode,omitempty"`
	// XRateLimitOption says whether the x-ratelimit-* headers are sent
	// for this rule: "Enable" or "Disable"; nil means Enable.
	XRateLimitOption *string `json:"xRateLimitOption,omitempty"`
	// Name identifies the rule: <policy-namespace>/<policy-name>/rule/<i>.
	// It names the descriptors of the rule and must be unique in its list.
	Name string `json:"name,omitempty"`
}

// RateLimitValue is a number of requests per unit of time.
type RateLimitValue struct {
	// Requests is the number allowed per Unit.
	Requests uint32 `json:"requests"`
	// Unit is Second, Minute, Hour, Day, Week, Month or Year.
	Unit RateLimitUnit `json:"unit"`
}

// RateLimitUnit is the unit of time of a rate limit.
type RateLimitUnit string

// The rate limit units.
const (
	RateLimitUnitSecond RateLimitUnit = "Second"
	RateLimitUnitMinute RateLimitUnit = "Minute"
	RateLimitUnitHour   RateLimitUnit = "Hour"
	RateLimitUnitDay    RateLimitUnit = "Day"
	RateLimitUnitWeek   RateLimitUnit = "Week"
	RateLimitUnitMonth  RateLimitUnit = "Month"
	RateLimitUnitYear   RateLimitUnit = "Year"
)

// Seconds returns the length of u in seconds (a month is 30 days, a year
// 365), and 0 for an unknown unit.
func (u RateLimitUnit) Seconds() uint64 {
	switch u {
	case RateLimitUnitSecond:
		return 1
	case RateLimitUnitMinute:
		return 60
	case RateLimitUnitHour:
		return 3600
	case RateLimitUnitDay:
		return 86400
	case RateLimitUnitWeek:
		return 7 * 86400
	case RateLimitUnitMonth:
		return 30 * 86400
	case RateLimitUnitYear:
		return 365 * 86400
	}
	return 0
}

// RateLimitCost is how much a request counts: a fixed Number, or the
// value of the dynamic metadata key Format names (namespace:key).
type RateLimitCost struct {
	Number *uint64 `json:"number,omitempty"`
	Format *string `json:"format,omitempty"`
}

// FaultInjection delays or aborts a share of a route's requests.
type FaultInjection struct {
	// Delay delays requests.
	Delay *FaultInjectionDelay `json:"delay,omitempty"`
	// Abort answers requests with an error instead of forwarding them.
	Abort *FaultInjectionAbort `json:"abort,omitempty"`
}

// FaultInjectionDelay delays a share of requests by a fixed time.
type FaultInjectionDelay struct {
	// FixedDelay is the delay; required.
	FixedDelay *Duration `json:"fixedDelay,omitempty"`
	// Percentage is the share delayed, 0-100; nil means all.
	Percentage *float32 `json:"percentage,omitempty"`
}

// FaultInjectionAbort answers a share of requests with an HTTP or a gRPC
// status (exactly one).
type FaultInjectionAbort struct {
	// HTTPStatus is the HTTP status answered, 200-599.
	HTTPStatus *int32 `json:"httpStatus,omitempty"`
	// GrpcStatus is the gRPC status answered.
	GrpcStatus *uint32 `json:"grpcStatus,omitempty"`
	// Percentage is the share aborted, 0-100; nil means all.
	Percentage *float32 `json:"percentage,omitempty"`
}

// BandwidthLimit throttles the bodies of a route's requests (sent to the
// backend) and responses (received from it); at least one direction.
type BandwidthLimit struct {
	// Request limits request bodies.
	Request *BandwidthLimitConfig `json:"request,omitempty"`
	// Response limits response bodies.
	Response *BandwidthLimitConfig `json:"response,omitempty"`
}

// BandwidthLimitConfig is one direction's limit.
type BandwidthLimitConfig struct {
	// LimitKibps is the limit in KiB per second; at least 1.
	LimitKibps uint64 `json:"limitKibps"`
	// ResponseTrailers, for responses only, makes Envoy add trailers
	// that report the delays it caused.
	ResponseTrailers *BandwidthLimitResponseTrailers `json:"responseTrailers,omitempty"`
}

// BandwidthLimitResponseTrailers configures the trailers a response
// bandwidth limit adds.
type BandwidthLimitResponseTrailers struct {
	// Prefix is prepended to the trailer names; nil means none.
	Prefix *string `json:"prefix,omitempty"`
}

// Compression compresses responses with one algorithm.
type Compression struct {
	// Type is Gzip, Brotli or Zstd.
	Type CompressorType `json:"type"`
	// ChooseFirst prefers this compressor when the client accepts several
	// with the same quality.
	ChooseFirst bool `json:"chooseFirst,omitempty"`
	// MinContentLength is the smallest response compressed, in bytes; nil
	// means Envoy's default (30).
	MinContentLength *uint32 `json:"minContentLength,omitempty"`
}

// CompressorType is a compression algorithm.
type CompressorType string

// The compression algorithms.
const (
	CompressorGzip   CompressorType = "Gzip"
	CompressorBrotli CompressorType = "Brotli"
	CompressorZstd   CompressorType = "Zstd"
)

// RequestBuffer makes Envoy receive a request body in full (up to Limit
// bytes) before forwarding it. Routes that buffer accept no upgrades.
type RequestBuffer struct {
	// LimitBytes is the largest body buffered; larger requests are
	// answered 413.
	LimitBytes uint32 `json:"limitBytes"`
}

// ResponseOverride replaces a route's responses that match a rule with a
// custom response or a redirect. Name identifies the policy that set it
// (backendtrafficpolicy/<namespace>/<name>) and names its filter.
type ResponseOverride struct {
	// Name is unique per policy.
	Name string `json:"name"`
	// Rules are tried in order; the first match wins.
	Rules []ResponseOverrideRule `json:"rules,omitempty"`
}

// ResponseOverrideRule is one match and what replaces the responses it
// matches: Response or Redirect, exactly one.
type ResponseOverrideRule struct {
	// Name is unique in its override: <override-name>/responseoverride/rule/<i>.
	Name string `json:"name"`
	// Match selects the responses.
	Match CustomResponseMatch `json:"match"`
	// Response replaces the response.
	Response *OverrideResponse `json:"response,omitempty"`
	// Redirect answers with a redirect instead.
	Redirect *Redirect `json:"redirect,omitempty"`
	// Source, when "All", also overrides responses Envoy makes itself
	// (local replies); by default only upstream responses are.
	Source string `json:"source,omitempty"`
}

// CustomResponseMatch selects responses by status code (any of
// StatusCodes) and by response headers (all of ResponseHeaders).
type CustomResponseMatch struct {
	StatusCodes     []StatusCodeMatch `json:"statusCodes,omitempty"`
	ResponseHeaders []StringMatch     `json:"responseHeaders,omitempty"`
}

// StatusCodeMatch matches one status code (Value) or a range (Range).
type StatusCodeMatch struct {
	Value *int             `json:"value,omitempty"`
	Range *StatusCodeRange `json:"range,omitempty"`
}

// StatusCodeRange is the status codes Start to End, both included.
type StatusCodeRange struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// OverrideResponse is the response that replaces a matched one. Unset
// fields keep the original's.
type OverrideResponse struct {
	// ContentType sets the Content-Type header.
	ContentType *string `json:"contentType,omitempty"`
	// Body replaces the body; it may use Envoy's command operators. It
	// is base64 in JSON, as in Envoy Gateway's IR.
	Body []byte `json:"body,omitempty"`
	// StatusCode replaces the status.
	StatusCode *uint32 `json:"statusCode,omitempty"`
	// AddResponseHeaders are added to the response.
	AddResponseHeaders []AddHeader `json:"addResponseHeaders,omitempty"`
}
