package v1alpha1

import (
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// LoadBalancer selects and tunes the algorithm Envoy uses to pick a backend
// endpoint for each request or connection.
//
// Type chooses the algorithm; the ConsistentHash, BackendUtilization and
// DynamicModule fields must be set exactly when Type names them. SlowStart
// works only with RoundRobin, LeastRequest and BackendUtilization, and
// DynamicModule cannot be combined with ZoneAware or EndpointOverride.
type LoadBalancer struct {
	// Type is the load balancing algorithm. When no LoadBalancer is configured at
	// all, LeastRequest is used.
	// +required
	Type LoadBalancerType `json:"type"`

	// ConsistentHash configures hash-based endpoint selection; it is required
	// when Type is ConsistentHash and forbidden otherwise.
	// +optional
	ConsistentHash *ConsistentHash `json:"consistentHash,omitempty"`

	// BackendUtilization configures weighting by the load endpoints report; it is
	// required when Type is BackendUtilization and forbidden otherwise.
	// +optional
	BackendUtilization *BackendUtilization `json:"backendUtilization,omitempty"`

	// EndpointOverride lets a request name the endpoint it should go to, for
	// example through a header set by an earlier filter. When none of the named
	// endpoints is usable, the configured algorithm picks one as usual. Not
	// supported with DynamicModule.
	// +optional
	EndpointOverride *EndpointOverride `json:"endpointOverride,omitempty"`

	// SlowStart ramps traffic up gradually to endpoints that have just joined,
	// instead of giving them a full share at once. It is only supported for
	// RoundRobin, LeastRequest and BackendUtilization.
	// +optional
	SlowStart *SlowStart `json:"slowStart,omitempty"`

	// ZoneAware steers traffic by topology zone, either preferring the caller's
	// own zone or using explicit per-zone weights. Not supported with
	// DynamicModule, and PreferLocal is not supported with ConsistentHash or
	// BackendUtilization.
	// +optional
	ZoneAware *ZoneAware `json:"zoneAware,omitempty"`

	// DynamicModule names a custom load balancer implemented in a dynamic module;
	// it is required when Type is DynamicModule and forbidden otherwise.
	// +optional
	DynamicModule *DynamicModuleLBPolicy `json:"dynamicModule,omitempty"`
}

// LoadBalancerType is a load balancing algorithm.
// +kubebuilder:validation:Enum=ConsistentHash;LeastRequest;Random;RoundRobin;BackendUtilization;DynamicModule
type LoadBalancerType string

const (
	// LoadBalancerTypeConsistentHash maps a hash of a request attribute (client
	// IP, headers, cookie or query parameters) to an endpoint, so the same key
	// keeps reaching the same endpoint while the set of endpoints is stable.
	LoadBalancerTypeConsistentHash LoadBalancerType = "ConsistentHash"
	// LoadBalancerTypeLeastRequest sends each request to the endpoint with the
	// fewest active requests, chosen among a few random candidates. It is the
	// default.
	LoadBalancerTypeLeastRequest LoadBalancerType = "LeastRequest"
	// LoadBalancerTypeRandom picks an endpoint at random for each request.
	LoadBalancerTypeRandom LoadBalancerType = "Random"
	// LoadBalancerTypeRoundRobin cycles through the endpoints in turn.
	LoadBalancerTypeRoundRobin LoadBalancerType = "RoundRobin"
	// LoadBalancerTypeBackendUtilization weights endpoints by the load they
	// report through ORCA metrics (Envoy's client-side weighted round robin);
	// without reports it behaves like an evenly weighted round robin.
	LoadBalancerTypeBackendUtilization LoadBalancerType = "BackendUtilization"
	// LoadBalancerTypeDynamicModule delegates endpoint selection to a custom
	// algorithm loaded from a dynamic module.
	LoadBalancerTypeDynamicModule LoadBalancerType = "DynamicModule"
)

// ConsistentHash configures hash-based load balancing, typically used for
// session affinity. Type selects the hash input, and only the field matching
// Type may be set.
type ConsistentHash struct {
	// Type is the request attribute to hash: SourceIP, Header, Headers, Cookie or
	// QueryParams.
	// +required
	Type ConsistentHashType `json:"type"`

	// Header is the single header hashed when Type is Header.
	//
	// Deprecated: use Headers instead.
	// +optional
	Header *Header `json:"header,omitempty"`

	// Headers lists the headers hashed together when Type is Headers.
	// +optional
	Headers []Header `json:"headers,omitempty"`

	// Cookie is the cookie hashed when Type is Cookie.
	// +optional
	Cookie *Cookie `json:"cookie,omitempty"`

	// QueryParams lists the query parameters hashed together when Type is
	// QueryParams.
	// +optional
	QueryParams []QueryParam `json:"queryParams,omitempty"`

	// TableSize is the size of the lookup table used by the hashing algorithm; it
	// must be a prime number no larger than 5000011. Larger tables spread load
	// more evenly at the cost of memory. It defaults to 65537.
	// +kubebuilder:validation:Minimum=2
	// +kubebuilder:validation:Maximum=5000011
	// +kubebuilder:default=65537
	// +optional
	TableSize *int64 `json:"tableSize,omitempty"`
}

// ConsistentHashType is the request attribute used as consistent hash input.
// +kubebuilder:validation:Enum=SourceIP;Header;Headers;Cookie;QueryParams
type ConsistentHashType string

const (
	// ConsistentHashTypeSourceIP hashes the client IP address.
	ConsistentHashTypeSourceIP ConsistentHashType = "SourceIP"
	// ConsistentHashTypeHeader hashes one request header, named in
	// ConsistentHash.Header.
	//
	// Deprecated: use ConsistentHashTypeHeaders instead.
	ConsistentHashTypeHeader ConsistentHashType = "Header"
	// ConsistentHashTypeHeaders hashes the request headers listed in
	// ConsistentHash.Headers.
	ConsistentHashTypeHeaders ConsistentHashType = "Headers"
	// ConsistentHashTypeCookie hashes the cookie described by
	// ConsistentHash.Cookie.
	ConsistentHashTypeCookie ConsistentHashType = "Cookie"
	// ConsistentHashTypeQueryParams hashes the query parameters listed in
	// ConsistentHash.QueryParams.
	ConsistentHashTypeQueryParams ConsistentHashType = "QueryParams"
)

// Header names a request header used as consistent hash input.
type Header struct {
	// Name is the request header whose value is hashed.
	// +required
	Name string `json:"name"`
}

// Cookie names a cookie used as consistent hash input. If the request lacks
// the cookie, Envoy can create one so that later requests from the same client
// stick to the same endpoint.
type Cookie struct {
	// Name is the cookie whose value is hashed. When the request does not carry
	// it, Envoy generates the cookie and sets it on the response; set TTL for
	// that to happen.
	// +required
	Name string `json:"name"`

	// TTL is the lifetime of a cookie generated by Envoy, sent as its Max-Age
	// attribute.
	// +optional
	TTL *gwapiv1.Duration `json:"ttl,omitempty"`

	// Attributes are extra attributes, such as SameSite or Path, added to a
	// cookie generated by Envoy.
	// +optional
	Attributes map[string]string `json:"attributes,omitempty"`
}

// QueryParam names a query parameter used as consistent hash input.
type QueryParam struct {
	// Name is the query parameter whose value is hashed.
	// +required
	Name string `json:"name"`
}

// BackendUtilization configures load balancing driven by ORCA load reports
// sent by the endpoints.
//
// Endpoints report their load, such as CPU utilization, in the
// endpoint-load-metrics response header or trailer (binary, JSON or text
// form), or over an out-of-band gRPC stream; Envoy turns these reports into
// endpoint weights. The report headers are stripped before the response
// reaches the client unless KeepResponseHeaders is true.
type BackendUtilization struct {
	// BlackoutPeriod is how long an endpoint must keep reporting load before its
	// computed weight is used. It defaults to 10s.
	// +optional
	BlackoutPeriod *gwapiv1.Duration `json:"blackoutPeriod,omitempty"`

	// WeightExpirationPeriod is how long a reported weight stays valid without a
	// new report; after that Envoy stops using it for the endpoint. It defaults
	// to 3m.
	// +optional
	WeightExpirationPeriod *gwapiv1.Duration `json:"weightExpirationPeriod,omitempty"`

	// WeightUpdatePeriod is how often endpoint weights are recomputed; values
	// under 100ms are raised to 100ms. It defaults to 1s.
	// +optional
	WeightUpdatePeriod *gwapiv1.Duration `json:"weightUpdatePeriod,omitempty"`

	// ErrorUtilizationPenaltyPercent penalizes endpoints for errors: the
	// error-per-query ratio, scaled by this factor expressed in percent (100
	// means 1.0, 150 means 1.5), is added to their utilization. It must not be
	// negative.
	// +kubebuilder:validation:Minimum=0
	// +optional
	ErrorUtilizationPenaltyPercent *int32 `json:"errorUtilizationPenaltyPercent,omitempty"`

	// MetricNamesForComputingUtilization names the ORCA metrics used as
	// utilization when an endpoint does not report application utilization. Map
	// entries are written as field.key, for example named_metrics.foo.
	// +optional
	MetricNamesForComputingUtilization []string `json:"metricNamesForComputingUtilization,omitempty"`

	// KeepResponseHeaders, when true, forwards the ORCA load report headers and
	// trailers to the client instead of removing them. It defaults to false.
	// +kubebuilder:default=false
	// +optional
	KeepResponseHeaders *bool `json:"keepResponseHeaders,omitempty"`

	// OutOfBand, when set, makes Envoy pull load reports from each endpoint over
	// a long-lived gRPC stream (the ORCA OpenRcaService) rather than reading them
	// from responses. The backend must implement that service.
	// +optional
	OutOfBand *OutOfBandReporting `json:"outOfBand,omitempty"`
}

// OutOfBandReporting configures how Envoy fetches ORCA load reports out of
// band.
type OutOfBandReporting struct {
	// ReportingPeriod is the interval at which endpoints are asked to send load
	// reports. It must be positive and defaults to 10s.
	// +optional
	ReportingPeriod *gwapiv1.Duration `json:"reportingPeriod,omitempty"`

	// Port is the port to open the reporting stream on, for example to reach a
	// separate reporting sidecar. When unset, the endpoint's own port is used.
	// +kubebuilder:validation:Minimum=1
	// +kubebuilder:validation:Maximum=65535
	// +optional
	Port *int32 `json:"port,omitempty"`

	// Authority overrides the :authority of the reporting gRPC stream. When
	// unset, Envoy uses the endpoint hostname, then the address it dials, then
	// the cluster name.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=259
	// +kubebuilder:validation:Pattern=`^[^\x00\n\r]*$`
	// +optional
	Authority *string `json:"authority,omitempty"`
}

// EndpointOverride lets each request choose its upstream endpoint, as computed
// by an earlier filter or the client. If none of the sources yields a usable
// endpoint, the load balancing algorithm decides.
type EndpointOverride struct {
	// ExtractFrom lists 1 to 10 places to read the requested endpoint from.
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=10
	// +required
	ExtractFrom []EndpointOverrideExtractFrom `json:"extractFrom"`
}

// EndpointOverrideExtractFrom is one place to read override endpoints from.
type EndpointOverrideExtractFrom struct {
	// Header is the request header carrying the endpoint, or a comma-separated
	// list of endpoints, as IP:port; IPv6 addresses are written in square
	// brackets.
	// +optional
	Header *string `json:"header,omitempty"`
}

// SlowStart configures a warm-up period during which a newly added endpoint
// receives a gradually growing share of traffic.
type SlowStart struct {
	// Window is the length of the warm-up period; traffic to the new endpoint
	// grows linearly across it.
	// +required
	Window gwapiv1.Duration `json:"window"`
}

// ZoneAware configures how traffic is spread across topology zones.
// PreferLocal and WeightedZones are mutually exclusive.
type ZoneAware struct {
	// PreferLocal keeps as much traffic as possible in the zone of the sending
	// Envoy while keeping endpoints evenly loaded overall.
	// +optional
	PreferLocal *PreferLocalZone `json:"preferLocal,omitempty"`

	// WeightedZones gives each zone an explicit weight; traffic is split in
	// proportion to the weights. Zones not listed get weight 1. Entries are keyed
	// by Zone.
	// +listType=map
	// +listMapKey=zone
	// +optional
	WeightedZones []WeightedZoneConfig `json:"weightedZones,omitempty"`
}

// PreferLocalZone configures Envoy's local-zone preference.
type PreferLocalZone struct {
	// Force sends all traffic to the local zone instead of only the share that
	// keeps load balanced, as long as the zone has enough endpoints.
	// +optional
	Force *ForceLocalZone `json:"force,omitempty"`

	// MinEndpointsThreshold is the minimum number of endpoints, across all zones,
	// required before zone preference is applied at all.
	// +optional
	MinEndpointsThreshold *int64 `json:"minEndpointsThreshold,omitempty"`

	// PercentageEnabled is the share of requests, from 0 to 100 percent, that go
	// through zone-aware selection. When unset, Envoy applies it to all requests.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=100
	// +optional
	PercentageEnabled *int32 `json:"percentageEnabled,omitempty"`
}

// ForceLocalZone turns the local-zone preference into a strict rule that keeps
// all traffic in the local zone.
type ForceLocalZone struct {
	// MinEndpointsInZoneThreshold is the minimum number of endpoints the local
	// zone must have for traffic to be forced there; below it, traffic is not
	// forced. This protects small zones from overload.
	// +optional
	MinEndpointsInZoneThreshold *int32 `json:"minEndpointsInZoneThreshold,omitempty"`
}

// WeightedZoneConfig assigns a traffic weight to one topology zone.
type WeightedZoneConfig struct {
	// Zone is the zone name, as found in the topology.kubernetes.io/zone label of
	// the nodes running the endpoints.
	// +required
	Zone string `json:"zone"`

	// Weight is the relative amount of traffic sent to the zone; its share is
	// this weight divided by the sum of all zone weights.
	// +required
	Weight int32 `json:"weight"`
}

// DynamicModuleLBPolicy selects a custom load balancing algorithm from a
// dynamic module, a shared library loaded by Envoy at runtime. The module must
// be listed in the dynamicModules of the EnvoyProxy resource.
type DynamicModuleLBPolicy struct {
	// Name is the module's name as registered in the EnvoyProxy dynamicModules
	// list; the policy is rejected if no such module exists.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=253
	// +kubebuilder:validation:Pattern=`^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$`
	// +required
	Name string `json:"name"`

	// LBPolicyName picks one load balancer implementation inside the module,
	// since one library may provide several; it is passed to the module when the
	// policy is created.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=253
	// +required
	LBPolicyName string `json:"lbPolicyName"`

	// Config is arbitrary JSON handed to the module's load balancer
	// implementation at initialization. When unset, the module receives no
	// configuration.
	// +optional
	Config *apiextensionsv1.JSON `json:"config,omitempty"`
}
