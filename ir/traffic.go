package ir

// The cluster-level traffic features: how Envoy connects to, balances over,
// health-checks and protects the endpoints of a destination. They are the
// part of TrafficFeatures that shapes the cluster of a destination rather
// than the route to it, and they are what the backendSettings of a policy's
// external service (ext auth, ext proc, remote JWKS, OIDC provider) and the
// cluster settings of a BackendTrafficPolicy carry. Unset fields keep Envoy
// Gateway's defaults; the JSON names follow Envoy Gateway's IR.

// CircuitBreaker sets the thresholds of a cluster's circuit breaker. Nil
// fields keep Envoy's defaults, except MaxParallelRetries whose default is
// Envoy Gateway's (1024).
type CircuitBreaker struct {
	// MaxConnections limits the connections to the cluster.
	MaxConnections *uint32 `json:"maxConnections,omitempty"`
	// MaxPendingRequests limits the requests waiting for a connection.
	MaxPendingRequests *uint32 `json:"maxPendingRequests,omitempty"`
	// MaxParallelRequests limits the requests in flight.
	MaxParallelRequests *uint32 `json:"maxParallelRequests,omitempty"`
	// MaxRequestsPerConnection closes a connection after this many
	// requests.
	MaxRequestsPerConnection *uint32 `json:"maxRequestsPerConnection,omitempty"`
	// MaxParallelRetries limits the retries in flight.
	MaxParallelRetries *uint32 `json:"maxParallelRetries,omitempty"`
	// PerEndpoint holds limits that apply to each endpoint.
	PerEndpoint *PerEndpointCircuitBreakers `json:"perEndpoint,omitempty"`
	// RetryBudget limits retries to a share of the active requests instead
	// of a fixed number.
	RetryBudget *RetryBudget `json:"retryBudget,omitempty"`
}

// PerEndpointCircuitBreakers are circuit breaker limits per endpoint.
type PerEndpointCircuitBreakers struct {
	// MaxConnections limits the connections to each endpoint.
	MaxConnections *uint32 `json:"maxConnections,omitempty"`
}

// RetryBudget limits concurrent retries to a percentage of the active
// requests.
type RetryBudget struct {
	// Percent is the share of active requests that may be retries, 0-100.
	Percent float64 `json:"percent"`
	// MinRetryConcurrency is the number of concurrent retries always
	// allowed; Envoy's default is 3.
	MinRetryConcurrency uint32 `json:"minRetryConcurrency"`
}

// HealthCheck configures active health checking (probes) and passive
// health checking (outlier detection) of a cluster's endpoints.
type HealthCheck struct {
	// Active probes each endpoint.
	Active *ActiveHealthCheck `json:"active,omitempty"`
	// Passive ejects endpoints that fail requests.
	Passive *OutlierDetection `json:"passive,omitempty"`
	// PanicThreshold is the percentage of healthy endpoints below which
	// Envoy balances over all endpoints regardless of health, 0-100; nil
	// means Envoy's default (50).
	PanicThreshold *uint32 `json:"panicThreshold,omitempty"`
}

// ActiveHealthCheck probes endpoints with exactly one of HTTP, TCP or GRPC.
type ActiveHealthCheck struct {
	// Timeout is how long a probe may take; required, greater than zero.
	Timeout *Duration `json:"timeout,omitempty"`
	// Interval is the time between probes; required, greater than zero.
	Interval *Duration `json:"interval,omitempty"`
	// InitialJitter delays the first probe by up to this much.
	InitialJitter *Duration `json:"initialJitter,omitempty"`
	// UnhealthyThreshold is the number of failed probes that mark an
	// endpoint unhealthy.
	UnhealthyThreshold *uint32 `json:"unhealthyThreshold,omitempty"`
	// HealthyThreshold is the number of good probes that mark an endpoint
	// healthy again.
	HealthyThreshold *uint32 `json:"healthyThreshold,omitempty"`
	// HTTP probes with HTTP requests.
	HTTP *HTTPHealthChecker `json:"http,omitempty"`
	// TCP probes by connecting, optionally exchanging payloads.
	TCP *TCPHealthChecker `json:"tcp,omitempty"`
	// GRPC probes with the gRPC health checking protocol.
	GRPC *GRPCHealthChecker `json:"grpc,omitempty"`
	// Overrides change where each endpoint is probed.
	Overrides *HealthCheckOverrides `json:"overrides,omitempty"`
	// Log logs health check events of this cluster.
	Log *HealthCheckLog `json:"backendHealthCheckLog,omitempty"`
}

// HTTPHealthChecker probes with HTTP requests.
type HTTPHealthChecker struct {
	// Host is the Host header of the probes; empty means the cluster's
	// name.
	Host string `json:"host"`
	// Path is the path probed; required.
	Path string `json:"path"`
	// Method is the request method (upper case); nil means GET.
	Method *string `json:"method,omitempty"`
	// ExpectedStatuses are the response codes of a healthy endpoint, each
	// 100-599, sorted and unique; empty means 200.
	ExpectedStatuses []uint32 `json:"expectedStatuses,omitempty"`
	// RetriableStatuses are response codes that count as a failure but do
	// not mark an endpoint unhealthy at once, each 100-599, sorted and
	// unique.
	RetriableStatuses []uint32 `json:"retriableStatuses,omitempty"`
	// ExpectedResponse, when set, must be found in the response body.
	ExpectedResponse *HealthCheckPayload `json:"expectedResponse,omitempty"`
	// RequestBody is sent as the body of the probes.
	RequestBody *HealthCheckPayload `json:"requestBody,omitempty"`
}

// TCPHealthChecker probes by connecting; Send is written and Receive must
// be read back when they are set.
type TCPHealthChecker struct {
	Send    *HealthCheckPayload `json:"send,omitempty"`
	Receive *HealthCheckPayload `json:"receive,omitempty"`
}

// GRPCHealthChecker probes with grpc.health.v1.Health/Check.
type GRPCHealthChecker struct {
	// Service is the service name asked about; nil means the whole server.
	Service *string `json:"service,omitempty"`
}

// HealthCheckPayload is a probe payload: Text or Binary (at most one set).
type HealthCheckPayload struct {
	// Text is a plain text payload.
	Text *string `json:"text,omitempty"`
	// Binary is a binary payload, base64 in JSON.
	Binary []byte `json:"binary,omitempty"`
}

// HealthCheckOverrides change where endpoints are probed.
type HealthCheckOverrides struct {
	// Port probes this port instead of the endpoint's, 1-65535; 0 means
	// the endpoint's.
	Port uint32 `json:"port,omitempty"`
}

// HealthCheckLog logs health check events to files.
type HealthCheckLog struct {
	// FileSinks are the files events are written to.
	FileSinks []HealthCheckLogFile `json:"fileSinks,omitempty"`
	// AlwaysLogHealthCheckFailures logs every failed probe, not only
	// transitions.
	AlwaysLogHealthCheckFailures bool `json:"alwaysLogHealthCheckFailures,omitempty"`
	// AlwaysLogHealthCheckSuccess logs every successful probe.
	AlwaysLogHealthCheckSuccess bool `json:"alwaysLogHealthCheckSuccess,omitempty"`
}

// HealthCheckLogFile is a file health check events are written to.
type HealthCheckLogFile struct {
	// Path is the file path; required.
	Path string `json:"path"`
}

// OutlierDetection ejects endpoints that fail requests (passive health
// checking).
type OutlierDetection struct {
	// Interval is the time between ejection sweeps.
	Interval *Duration `json:"interval,omitempty"`
	// SplitExternalLocalOriginErrors counts local failures (timeouts,
	// resets) apart from the endpoint's own errors.
	SplitExternalLocalOriginErrors *bool `json:"splitExternalLocalOriginErrors,omitempty"`
	// ConsecutiveLocalOriginFailures ejects after this many consecutive
	// local failures.
	ConsecutiveLocalOriginFailures *uint32 `json:"consecutiveLocalOriginFailures,omitempty"`
	// ConsecutiveGatewayErrors ejects after this many consecutive 502, 503
	// or 504 answers.
	ConsecutiveGatewayErrors *uint32 `json:"consecutiveGatewayErrors,omitempty"`
	// Consecutive5xxErrors ejects after this many consecutive 5xx answers.
	Consecutive5xxErrors *uint32 `json:"consecutive5XxErrors,omitempty"`
	// BaseEjectionTime is how long a first ejection lasts.
	BaseEjectionTime *Duration `json:"baseEjectionTime,omitempty"`
	// MaxEjectionPercent caps the share of endpoints ejected, 0-100; nil
	// or 0 keeps Envoy's default.
	MaxEjectionPercent *uint32 `json:"maxEjectionPercent,omitempty"`
	// FailurePercentageThreshold ejects endpoints whose failure percentage
	// reaches this value, 0-100.
	FailurePercentageThreshold *uint32 `json:"failurePercentageThreshold,omitempty"`
	// AlwaysEjectOneEndpoint ejects one endpoint even when that exceeds
	// MaxEjectionPercent.
	AlwaysEjectOneEndpoint *bool `json:"alwaysEjectOneEndpoint,omitempty"`
}

// TCPKeepalive enables TCP keepalive on upstream connections. Nil fields
// keep the operating system's defaults.
type TCPKeepalive struct {
	// Probes is the number of unanswered probes before the connection is
	// dropped.
	Probes *uint32 `json:"probes,omitempty"`
	// IdleTime is the idle time, in seconds, before probes start.
	IdleTime *uint32 `json:"idleTime,omitempty"`
	// Interval is the time, in seconds, between probes.
	Interval *uint32 `json:"interval,omitempty"`
}

// BackendConnection configures upstream connections.
type BackendConnection struct {
	// BufferLimitBytes is each connection's buffer limit; nil means Envoy
	// Gateway's default (32768).
	BufferLimitBytes *uint32 `json:"bufferLimit,omitempty"`
	// Preconnect opens connections before they are needed.
	Preconnect *Preconnect `json:"preconnect,omitempty"`
}

// Preconnect opens upstream connections ahead of demand. Percentages are
// of the connections the load needs: 100 means none ahead, 200 twice as
// many, and so on.
type Preconnect struct {
	// PerEndpointPercent preconnects per endpoint, 100-300.
	PerEndpointPercent *uint32 `json:"perEndpointPercent,omitempty"`
	// PredictivePercent preconnects across the cluster, at least 100.
	PredictivePercent *uint32 `json:"predictivePercent,omitempty"`
}

// DNS configures how a cluster resolves host names.
type DNS struct {
	// DNSRefreshRate is how often names are resolved again; nil means
	// Envoy Gateway's default (30s).
	DNSRefreshRate *Duration `json:"dnsRefreshRate,omitempty"`
	// RespectDNSTTL resolves again when a record's TTL expires; nil means
	// true.
	RespectDNSTTL *bool `json:"respectDnsTtl,omitempty"`
	// LookupFamily chooses the address families looked up; nil means
	// IPv4Preferred.
	LookupFamily *DNSLookupFamily `json:"lookupFamily,omitempty"`
	// Name, when set, ends the name of the DNS cache of a dynamic forward
	// proxy cluster (envoy-gateway-dfp-cache-<family>-<refresh>ms-<name>),
	// so that clusters with different settings do not share one; empty
	// means "default".
	Name string `json:"name,omitempty"`
}

// DNSLookupFamily is the address family policy of DNS lookups.
type DNSLookupFamily string

// The DNS lookup families.
const (
	// DNSLookupIPv4 looks up IPv4 addresses only.
	DNSLookupIPv4 DNSLookupFamily = "IPv4"
	// DNSLookupIPv6 looks up IPv6 addresses only.
	DNSLookupIPv6 DNSLookupFamily = "IPv6"
	// DNSLookupIPv4Preferred uses IPv4 addresses when there are any, else
	// IPv6.
	DNSLookupIPv4Preferred DNSLookupFamily = "IPv4Preferred"
	// DNSLookupIPv6Preferred uses IPv6 addresses when there are any, else
	// IPv4.
	DNSLookupIPv6Preferred DNSLookupFamily = "IPv6Preferred"
	// DNSLookupIPv4AndIPv6 uses the addresses of both families.
	DNSLookupIPv4AndIPv6 DNSLookupFamily = "IPv4AndIPv6"
)

// LoadBalancer chooses the load balancing algorithm of a cluster: at most
// one of RoundRobin, LeastRequest, Random, ConsistentHash and
// BackendUtilization is set; none means least request. EndpointOverride
// goes with any of them, which then picks the endpoint when the request
// names none.
type LoadBalancer struct {
	// RoundRobin picks endpoints in turn.
	RoundRobin *RoundRobin `json:"roundRobin,omitempty"`
	// LeastRequest picks the endpoint with fewer active requests of two
	// chosen at random.
	LeastRequest *LeastRequest `json:"leastRequest,omitempty"`
	// Random picks endpoints at random.
	Random *Random `json:"random,omitempty"`
	// ConsistentHash picks endpoints by a hash of the request (Maglev).
	ConsistentHash *ConsistentHash `json:"consistentHash,omitempty"`
	// BackendUtilization weighs endpoints by the load they report (ORCA:
	// client-side weighted round robin).
	BackendUtilization *BackendUtilization `json:"backendUtilization,omitempty"`
	// PreferLocal balances zone-aware.
	PreferLocal *PreferLocalZone `json:"preferLocal,omitempty"`
	// WeightedZones splits traffic between the endpoints' zones by
	// weight; a zone not listed weighs 1. A route with weighted zones has
	// one cluster per backend, whose localities are its zones.
	WeightedZones []WeightedZone `json:"weightedZones,omitempty"`
	// EndpointOverride sends a request to the endpoint it names (in a
	// header), when that endpoint is one of the cluster's.
	EndpointOverride *EndpointOverride `json:"endpointOverride,omitempty"`
}

// WeightedZone is the share of traffic of one zone.
type WeightedZone struct {
	// Zone is the endpoints' zone.
	Zone string `json:"zone"`
	// Weight is the zone's weight, relative to the others'.
	Weight uint32 `json:"weight"`
}

// BackendUtilization is client-side weighted round robin over the load
// the endpoints report, in response headers (endpoint-load-metrics) or
// out of band.
type BackendUtilization struct {
	// BlackoutPeriod is how long an endpoint's reports are ignored after
	// it starts reporting; nil means Envoy's default.
	BlackoutPeriod *Duration `json:"blackoutPeriod,omitempty"`
	// WeightExpirationPeriod is how long a weight lasts without a new
	// report.
	WeightExpirationPeriod *Duration `json:"weightExpirationPeriod,omitempty"`
	// WeightUpdatePeriod is how often weights are recomputed.
	WeightUpdatePeriod *Duration `json:"weightUpdatePeriod,omitempty"`
	// ErrorUtilizationPenaltyPercent is the penalty for errors, in
	// percent (100 means 1.0).
	ErrorUtilizationPenaltyPercent *uint32 `json:"errorUtilizationPenaltyPercent,omitempty"`
	// MetricNamesForComputingUtilization are the named metrics used when
	// an endpoint reports no application utilization.
	MetricNamesForComputingUtilization []string `json:"metricNamesForComputingUtilization,omitempty"`
	// KeepResponseHeaders keeps the load report headers in the
	// responses sent to the client; the translator otherwise lists them in
	// the route's RemoveResponseHeaders.
	KeepResponseHeaders bool `json:"keepResponseHeaders,omitempty"`
	// OutOfBand, when set, makes Envoy ask endpoints for reports on a
	// separate stream.
	OutOfBand *OutOfBandReporting `json:"outOfBand,omitempty"`
	// SlowStart ramps up the traffic of new endpoints.
	SlowStart *SlowStart `json:"slowStart,omitempty"`
}

// OutOfBandReporting configures out-of-band load reports.
type OutOfBandReporting struct {
	// ReportingPeriod is how often endpoints report; nil means Envoy's
	// default.
	ReportingPeriod *Duration `json:"reportingPeriod,omitempty"`
	// Port is the endpoints' reporting port, 1-65535; nil means the
	// traffic port.
	Port *uint32 `json:"port,omitempty"`
	// Authority is the :authority of the reporting stream.
	Authority *string `json:"authority,omitempty"`
}

// EndpointOverride reads the endpoint to use from the request.
type EndpointOverride struct {
	// ExtractFrom are the places that may name an endpoint
	// (address:port), tried in order; at least one.
	ExtractFrom []EndpointOverrideSource `json:"extractFrom"`
}

// EndpointOverrideSource is one place an endpoint override is read from.
type EndpointOverrideSource struct {
	// Header is a request header; required.
	Header *string `json:"header,omitempty"`
}

// RoundRobin is round robin load balancing.
type RoundRobin struct {
	// SlowStart ramps up the traffic of new endpoints.
	SlowStart *SlowStart `json:"slowStart,omitempty"`
}

// LeastRequest is least request load balancing.
type LeastRequest struct {
	// SlowStart ramps up the traffic of new endpoints.
	SlowStart *SlowStart `json:"slowStart,omitempty"`
}

// Random is random load balancing.
type Random struct{}

// SlowStart ramps up the traffic sent to a new endpoint.
type SlowStart struct {
	// Window is how long the ramp-up lasts; required.
	Window *Duration `json:"window,omitempty"`
}

// ConsistentHash is Maglev load balancing over a hash of, in precedence
// order, Headers, Cookie, SourceIP or QueryParams (the first that is set).
type ConsistentHash struct {
	// SourceIP hashes the client address.
	SourceIP *bool `json:"sourceIP,omitempty"`
	// Headers hash request headers.
	Headers []*HashHeader `json:"headers,omitempty"`
	// Cookie hashes a cookie, which Envoy sets when the request has none.
	Cookie *HashCookie `json:"cookie,omitempty"`
	// QueryParams hash query parameters.
	QueryParams []*HashQueryParam `json:"queryParams,omitempty"`
	// TableSize is the Maglev table size, a prime; nil means Envoy's
	// default (65537).
	TableSize *uint64 `json:"tableSize,omitempty"`
}

// HashHeader names a header hashed by consistent hashing.
type HashHeader struct {
	Name string `json:"name"`
}

// HashQueryParam names a query parameter hashed by consistent hashing.
type HashQueryParam struct {
	Name string `json:"name"`
}

// HashCookie names the cookie hashed by consistent hashing.
type HashCookie struct {
	// Name is the cookie name; required.
	Name string `json:"name"`
	// TTL is the lifetime of the cookie Envoy sets; nil means a session
	// cookie.
	TTL *Duration `json:"ttl,omitempty"`
	// Attributes are added to the cookie Envoy sets.
	Attributes map[string]string `json:"attributes,omitempty"`
}

// HTTP2Settings tune the HTTP/2 connections to a cluster's endpoints.
type HTTP2Settings struct {
	// InitialStreamWindowSize is each stream's flow-control window,
	// 65535-2147483647; nil means Envoy Gateway's default (65536).
	InitialStreamWindowSize *uint32 `json:"initialStreamWindowSize,omitempty"`
	// InitialConnectionWindowSize is each connection's flow-control
	// window, 65535-2147483647; nil means Envoy Gateway's default
	// (1048576).
	InitialConnectionWindowSize *uint32 `json:"initialConnectionWindowSize,omitempty"`
	// MaxConcurrentStreams limits the streams of one connection.
	MaxConcurrentStreams *uint32 `json:"maxConcurrentStreams,omitempty"`
	// ResetStreamOnError, when set, says whether an invalid message resets
	// only its stream (true) or the whole connection (false).
	ResetStreamOnError *bool `json:"resetStreamOnError,omitempty"`
	// ConnectionKeepalive sends HTTP/2 PINGs to keep connections alive
	// and detect dead ones.
	ConnectionKeepalive *HTTP2Keepalive `json:"connectionKeepalive,omitempty"`
}

// HTTP2Keepalive configures HTTP/2 PING keepalive.
type HTTP2Keepalive struct {
	// Interval is the time between PINGs.
	Interval *Duration `json:"interval,omitempty"`
	// Timeout is how long to wait for a PING's answer before closing the
	// connection.
	Timeout *Duration `json:"timeout,omitempty"`
	// IntervalJitter adds up to this percentage of Interval at random.
	IntervalJitter *uint32 `json:"intervalJitter,omitempty"`
	// IdleInterval sends a PING before using a connection idle this long.
	IdleInterval *Duration `json:"idleInterval,omitempty"`
}

// ProxyProtocol sends a PROXY protocol header on each upstream connection.
type ProxyProtocol struct {
	// Version is V1 or V2.
	Version ProxyProtocolVersion `json:"version"`
}

// ProxyProtocolVersion is a version of the PROXY protocol.
type ProxyProtocolVersion string

// The PROXY protocol versions.
const (
	ProxyProtocolV1 ProxyProtocolVersion = "V1"
	ProxyProtocolV2 ProxyProtocolVersion = "V2"
)
