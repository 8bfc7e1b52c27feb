package v1alpha1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// +kubebuilder:object:root=true
// +kubebuilder:resource:categories=envoy-gateway,shortName=eproxy
// +kubebuilder:subresource:status
// +kubebuilder:storageversion

// EnvoyProxy configures the Envoy data plane that Envoy Gateway provisions and manages: how the
// proxies are deployed (Kubernetes Deployment or DaemonSet, Service, autoscaling, or a process on
// the host), their logging and telemetry, their bootstrap configuration, the order of HTTP filters
// and other fleet-wide settings.
//
// An EnvoyProxy takes effect when a GatewayClass or a Gateway references it through its parameters
// reference; settings given at the Gateway level are more specific than those of the GatewayClass.
type EnvoyProxy struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	// Spec holds the desired configuration of the proxy fleet.
	// +required
	Spec EnvoyProxySpec `json:"spec"`

	// Status reports, for each GatewayClass or Gateway referencing this EnvoyProxy, whether the
	// configuration was accepted. It is written by the controller.
	// +optional
	Status EnvoyProxyStatus `json:"status,omitempty"`
}

// +kubebuilder:object:root=true

// EnvoyProxyList is a list of EnvoyProxy objects, as returned by list and watch calls.
type EnvoyProxyList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []EnvoyProxy `json:"items"`
}

// EnvoyProxySpec is the desired state of an EnvoyProxy. Every field is optional; leaving one unset
// keeps Envoy Gateway's default for that aspect of the proxies.
type EnvoyProxySpec struct {
	// Provider selects the infrastructure provider that runs the proxies and holds its settings.
	// When unset, the Kubernetes provider is used with default settings.
	// +optional
	Provider *EnvoyProxyProvider `json:"provider,omitempty"`

	// Logging sets the log levels of the proxies, per logging component. Defaults to warn for every
	// component.
	// +kubebuilder:default={"level":{"default":"warn"}}
	// +optional
	Logging *ProxyLogging `json:"logging,omitempty"`

	// Telemetry configures access logging, tracing, metrics and request ID handling of the proxies.
	// +optional
	Telemetry *ProxyTelemetry `json:"telemetry,omitempty"`

	// Bootstrap customizes the Envoy bootstrap configuration, by replacing, merging into or
	// JSON-patching the default one. Parts Envoy needs to reach the Envoy Gateway xDS server cannot
	// be changed and an EnvoyProxy that changes them is rejected; compatibility across minor
	// versions is not guaranteed.
	// +optional
	Bootstrap *ProxyBootstrap `json:"bootstrap,omitempty"`

	// Concurrency is the number of Envoy worker threads. When unset, it equals the number of
	// hardware threads in the process's cpuset.
	// +optional
	Concurrency *int32 `json:"concurrency,omitempty"`

	// RoutingType selects whether traffic is sent to a Service's cluster IP (Service) or directly
	// to its endpoints (Endpoint). Defaults to Endpoint.
	// +optional
	RoutingType *RoutingType `json:"routingType,omitempty"`

	// ExtraArgs are additional command-line flags passed to Envoy. Flags that Envoy Gateway sets
	// itself, such as --log-level, cannot be given here.
	// +optional
	ExtraArgs []string `json:"extraArgs,omitempty"`

	// MergeGateways, when true, serves all Gateways of the parent GatewayClass from one shared
	// proxy fleet. Listeners must then be unique by port, protocol and hostname; on conflict the
	// newer listener is rejected with Accepted=False. Mutually exclusive with MergeBackends.
	// +optional
	MergeGateways *bool `json:"mergeGateways,omitempty"`

	// MergeBackends enables cluster deduplication: route rules referencing the same backend share
	// one Envoy cluster instead of getting one each, reducing xDS size, health check traffic and
	// stats cardinality. Setting the field, even empty, enables it. Mutually exclusive with
	// MergeGateways.
	// +optional
	MergeBackends *MergeBackendsConfig `json:"mergeBackends,omitempty"`

	// Shutdown configures graceful draining when a proxy shuts down.
	// +optional
	Shutdown *ShutdownConfig `json:"shutdown,omitempty"`

	// FilterOrder moves HTTP filters within the filter chain; entries are applied in list order.
	// When unset, Envoy Gateway's default order is used. The router filter always stays last.
	// +optional
	FilterOrder []FilterPosition `json:"filterOrder,omitempty"`

	// BackendTLS holds TLS settings the proxies use when connecting to backends that have a TLS
	// policy.
	// +optional
	BackendTLS *BackendTLSConfig `json:"backendTLS,omitempty"`

	// IPFamily selects the IP family on which Gateway listeners accept traffic: IPv4, IPv6 or
	// DualStack. It only affects the listener side and defaults to IPv4.
	// +optional
	IPFamily *IPFamily `json:"ipFamily,omitempty"`

	// PreserveRouteOrder, when true, matches HTTPRoute rules in the order they are written, instead
	// of the precedence order defined by the Gateway API specification. Defaults to false.
	// +optional
	PreserveRouteOrder *bool `json:"preserveRouteOrder,omitempty"`

	// LuaValidation sets how strictly Lua scripts from EnvoyExtensionPolicy resources are
	// validated. Defaults to Strict.
	//
	// Deprecated: use Lua.ValidationType instead.
	// +optional
	LuaValidation *LuaValidation `json:"luaValidation,omitempty"`

	// Lua configures how the controller validates Lua scripts from EnvoyExtensionPolicy resources:
	// the validation mode and, in Strict mode, what the scripts may access.
	// +optional
	Lua *LuaValidationConfig `json:"lua,omitempty"`

	// DynamicModules registers, under logical names, the dynamic module libraries that
	// EnvoyExtensionPolicy resources and dynamic module load balancing policies may use (at most
	// 16, unique by name). The EnvoyProxy owner must ensure the .so files are present in the proxy
	// container, or reference them remotely.
	// +kubebuilder:validation:MaxItems=16
	// +listType=map
	// +listMapKey=name
	// +optional
	DynamicModules []DynamicModuleEntry `json:"dynamicModules,omitempty"`

	// GeoIP configures the GeoIP database provider shared by the GeoIP filters of this proxy fleet.
	// +optional
	GeoIP *EnvoyProxyGeoIP `json:"geoIP,omitempty"`

	// MergeType controls how this EnvoyProxy combines with less specific ones (Envoy Gateway
	// defaults, then GatewayClass, then Gateway): Replace, StrategicMerge or JSONMerge. When unset,
	// it replaces them entirely. It has no effect in the default EnvoyProxySpec of the EnvoyGateway
	// configuration.
	// +kubebuilder:validation:Enum=Replace;StrategicMerge;JSONMerge
	// +optional
	MergeType *MergeType `json:"mergeType,omitempty"`
}

// RequestIDSettings configures Envoy's UUID request ID extension.
type RequestIDSettings struct {
	// Tracing chooses whether the request ID carries the trace sampling decision and whether
	// X-Request-ID drives trace sampling. Defaults to PackAndSample.
	// +optional
	Tracing *RequestIDExtensionAction `json:"tracing,omitempty"`
}

// RequestIDExtensionAction controls how the UUID request ID extension interacts with tracing:
// whether the sampling decision is encoded in the UUID ("pack") and whether X-Request-ID is used to
// take sampling decisions ("sample"). Valid values are PackAndSample, Sample, Pack and Disable.
// +kubebuilder:validation:Enum=PackAndSample;Sample;Pack;Disable
type RequestIDExtensionAction string

const (
	// RequestIDExtensionActionPackAndSample both packs the sampling decision into the UUID and
	// samples based on X-Request-ID. This is the default.
	RequestIDExtensionActionPackAndSample RequestIDExtensionAction = "PackAndSample"
	// RequestIDExtensionActionSample samples based on X-Request-ID but leaves the UUID unmodified.
	RequestIDExtensionActionSample RequestIDExtensionAction = "Sample"
	// RequestIDExtensionActionPack packs the sampling decision into the UUID but does not use
	// X-Request-ID for sampling.
	RequestIDExtensionActionPack RequestIDExtensionAction = "Pack"
	// RequestIDExtensionActionDisable neither modifies the UUID nor uses X-Request-ID for sampling.
	RequestIDExtensionActionDisable RequestIDExtensionAction = "Disable"
)

// ProxyBootstrap customizes the Envoy bootstrap configuration of the proxies.
type ProxyBootstrap struct {
	// Type selects how the customization is applied: Replace, Merge or JSONPatch. Defaults to
	// Replace.
	// +kubebuilder:default=Replace
	// +optional
	Type *BootstrapType `json:"type,omitempty"`

	// Value is a bootstrap configuration written as a YAML string, used by the Replace and Merge
	// types.
	// +optional
	Value *string `json:"value,omitempty"`

	// JSONPatches are JSON Patch operations applied, in order, to the default bootstrap when Type
	// is JSONPatch.
	// +optional
	JSONPatches []JSONPatchOperation `json:"jsonPatches,omitempty"`
}

// BootstrapType selects how a user-supplied bootstrap is combined with Envoy Gateway's default one.
// Valid values are Merge, Replace and JSONPatch.
// +kubebuilder:validation:Enum=Merge;Replace;JSONPatch
type BootstrapType string

const (
	// BootstrapTypeMerge merges the supplied bootstrap into the default one: it can add or override
	// map entries and append list items, but cannot change an item already in a list.
	BootstrapTypeMerge BootstrapType = "Merge"
	// BootstrapTypeReplace uses the supplied bootstrap instead of the default one.
	BootstrapTypeReplace BootstrapType = "Replace"
	// BootstrapTypeJSONPatch applies the supplied JSON Patch operations to the default bootstrap.
	BootstrapTypeJSONPatch BootstrapType = "JSONPatch"
)

// MergeBackendsConfig configures backend cluster deduplication. A backend reference only joins a
// shared cluster when that is safe; otherwise it keeps a dedicated cluster for its route.
type MergeBackendsConfig struct {
	// Selector limits deduplication to backends whose Service, ServiceImport or Backend object
	// matches the label selector, allowing gradual adoption. When unset, every eligible backend is
	// merged.
	// +optional
	Selector *metav1.LabelSelector `json:"selector,omitempty"`
}

// ShutdownConfig controls graceful draining of a proxy before it exits.
type ShutdownConfig struct {
	// HealthCheckFailureDelay is how long the proxy waits, once draining has begun, before it
	// starts failing health checks. Defaults to 0s.
	// +optional
	HealthCheckFailureDelay *gwapiv1.Duration `json:"healthCheckFailureDelay,omitempty"`

	// DrainTimeout is the maximum time spent draining connections; keep it below the pod's
	// terminationGracePeriodSeconds. Defaults to 60s.
	// +optional
	DrainTimeout *gwapiv1.Duration `json:"drainTimeout,omitempty"`

	// MinDrainDuration is the minimum time spent draining, which gives load balancers time to stop
	// sending traffic to the proxy. Defaults to 10s.
	// +optional
	MinDrainDuration *gwapiv1.Duration `json:"minDrainDuration,omitempty"`
}

// FilterPosition moves one HTTP filter relative to another. Exactly one of Before and After must be
// set.
type FilterPosition struct {
	// Name is the filter being moved.
	// +required
	Name EnvoyFilter `json:"name"`

	// Before is the filter that Name must run ahead of.
	// +optional
	Before *EnvoyFilter `json:"before,omitempty"`

	// After is the filter that Name must run after.
	// +optional
	After *EnvoyFilter `json:"after,omitempty"`
}

// EnvoyFilter is the name of an Envoy HTTP filter whose position in the filter chain can be changed
// through FilterOrder. The router filter is not an accepted value, as it always ends the chain.
// +kubebuilder:validation:Enum=envoy.filters.http.custom_response;envoy.filters.http.health_check;envoy.filters.http.fault;envoy.filters.http.cors;envoy.filters.http.csrf;envoy.filters.http.header_mutation;envoy.filters.http.ext_authz;envoy.filters.http.api_key_auth;envoy.filters.http.basic_auth;envoy.filters.http.oauth2;envoy.filters.http.jwt_authn;envoy.filters.http.stateful_session;envoy.filters.http.buffer;envoy.filters.http.lua;envoy.filters.http.ext_proc;envoy.filters.http.wasm;envoy.filters.http.dynamic_modules;envoy.filters.http.geoip;envoy.filters.http.rbac;envoy.filters.http.local_ratelimit;envoy.filters.http.ratelimit;envoy.filters.http.bandwidth_limit;envoy.filters.http.grpc_web;envoy.filters.http.grpc_stats;envoy.filters.http.credential_injector;envoy.filters.http.compressor;envoy.filters.http.dynamic_forward_proxy
type EnvoyFilter string

const (
	// EnvoyFilterCustomResponse is the custom_response filter, used to override
	// responses.
	EnvoyFilterCustomResponse EnvoyFilter = "envoy.filters.http.custom_response"
	// EnvoyFilterHealthCheck is the health_check filter, which answers listener
	// health check requests.
	EnvoyFilterHealthCheck EnvoyFilter = "envoy.filters.http.health_check"
	// EnvoyFilterFault is the fault injection filter, which adds delays and aborts.
	EnvoyFilterFault EnvoyFilter = "envoy.filters.http.fault"
	// EnvoyFilterCORS is the CORS filter.
	EnvoyFilterCORS EnvoyFilter = "envoy.filters.http.cors"
	// EnvoyFilterCSRF is the CSRF protection filter.
	EnvoyFilterCSRF EnvoyFilter = "envoy.filters.http.csrf"
	// EnvoyFilterHeaderMutation is the header_mutation filter, which adds, sets and
	// removes headers.
	EnvoyFilterHeaderMutation EnvoyFilter = "envoy.filters.http.header_mutation"
	// EnvoyFilterExtAuthz is the external authorization filter.
	EnvoyFilterExtAuthz EnvoyFilter = "envoy.filters.http.ext_authz"
	// EnvoyFilterAPIKeyAuth is the API key authentication filter.
	EnvoyFilterAPIKeyAuth EnvoyFilter = "envoy.filters.http.api_key_auth"
	// EnvoyFilterBasicAuth is the HTTP basic authentication filter.
	EnvoyFilterBasicAuth EnvoyFilter = "envoy.filters.http.basic_auth"
	// EnvoyFilterOAuth2 is the OAuth2 filter, used for OIDC authentication.
	EnvoyFilterOAuth2 EnvoyFilter = "envoy.filters.http.oauth2"
	// EnvoyFilterJWTAuthn is the JWT authentication filter.
	EnvoyFilterJWTAuthn EnvoyFilter = "envoy.filters.http.jwt_authn"
	// EnvoyFilterStatefulSession is the stateful_session filter, used for session
	// persistence.
	EnvoyFilterStatefulSession EnvoyFilter = "envoy.filters.http.stateful_session"
	// EnvoyFilterBuffer is the buffer filter, which buffers complete requests.
	EnvoyFilterBuffer EnvoyFilter = "envoy.filters.http.buffer"
	// EnvoyFilterLua is the Lua scripting filter.
	EnvoyFilterLua EnvoyFilter = "envoy.filters.http.lua"
	// EnvoyFilterExtProc is the external processing filter.
	EnvoyFilterExtProc EnvoyFilter = "envoy.filters.http.ext_proc"
	// EnvoyFilterWasm is the WebAssembly extension filter.
	EnvoyFilterWasm EnvoyFilter = "envoy.filters.http.wasm"
	// EnvoyFilterDynamicModules is the dynamic modules filter, which runs
	// extensions loaded from shared libraries.
	EnvoyFilterDynamicModules EnvoyFilter = "envoy.filters.http.dynamic_modules"
	// EnvoyFilterGeoIP is the GeoIP filter, which looks up geolocation data for the
	// client address.
	EnvoyFilterGeoIP EnvoyFilter = "envoy.filters.http.geoip"
	// EnvoyFilterRBAC is the RBAC filter, which enforces authorization rules.
	EnvoyFilterRBAC EnvoyFilter = "envoy.filters.http.rbac"
	// EnvoyFilterLocalRateLimit is the local rate limit filter, which enforces
	// limits within each proxy.
	EnvoyFilterLocalRateLimit EnvoyFilter = "envoy.filters.http.local_ratelimit"
	// EnvoyFilterRateLimit is the global rate limit filter, which consults an
	// external rate limit service.
	EnvoyFilterRateLimit EnvoyFilter = "envoy.filters.http.ratelimit"
	// EnvoyFilterBandwidthLimit is the bandwidth limit filter.
	EnvoyFilterBandwidthLimit EnvoyFilter = "envoy.filters.http.bandwidth_limit"
	// EnvoyFilterGRPCWeb is the gRPC-Web filter.
	EnvoyFilterGRPCWeb EnvoyFilter = "envoy.filters.http.grpc_web"
	// EnvoyFilterGRPCStats is the gRPC statistics filter.
	EnvoyFilterGRPCStats EnvoyFilter = "envoy.filters.http.grpc_stats"
	// EnvoyFilterCredentialInjector is the credential injector filter, which adds
	// credentials to requests sent to backends.
	EnvoyFilterCredentialInjector EnvoyFilter = "envoy.filters.http.credential_injector"
	// EnvoyFilterCompressor is the response compression filter.
	EnvoyFilterCompressor EnvoyFilter = "envoy.filters.http.compressor"
	// EnvoyFilterDynamicForwardProxy is the dynamic forward proxy filter, which
	// resolves upstream hosts at request time.
	EnvoyFilterDynamicForwardProxy EnvoyFilter = "envoy.filters.http.dynamic_forward_proxy"
	// EnvoyFilterRouter is the router filter. It always ends the filter chain and
	// cannot be moved, so FilterPosition does not accept it.
	EnvoyFilterRouter EnvoyFilter = "envoy.filters.http.router"
)

// IPFamily is the IP family used by a proxy's listeners. Valid values are IPv4, IPv6 and DualStack.
// +kubebuilder:validation:Enum=IPv4;IPv6;DualStack
type IPFamily string

const (
	// IPFamilyIPv4 listens on IPv4 addresses only.
	IPFamilyIPv4 IPFamily = "IPv4"
	// IPFamilyIPv6 listens on IPv6 addresses only.
	IPFamilyIPv6 IPFamily = "IPv6"
	// IPFamilyDualStack listens on both IPv4 and IPv6 addresses.
	IPFamilyDualStack IPFamily = "DualStack"
)

// LuaValidation is the level of validation the controller applies to Lua scripts from
// EnvoyExtensionPolicy resources. Valid values are Strict, InsecureSyntax and Disabled.
// +kubebuilder:validation:Enum=Strict;InsecureSyntax;Disabled
type LuaValidation string

const (
	// LuaValidationStrict executes scripts in a restricted sandbox inside the controller and
	// rejects those that fail or attempt unsafe operations. It is the default and suits scripts
	// that only use Envoy's Lua stream handle API.
	LuaValidationStrict LuaValidation = "Strict"
	// LuaValidationInsecureSyntax only checks scripts for syntax errors, which allows external
	// libraries. It performs no safety checks, so use it only when every EnvoyExtensionPolicy
	// author is trusted.
	LuaValidationInsecureSyntax LuaValidation = "InsecureSyntax"
	// LuaValidationDisabled skips Lua validation altogether. Like InsecureSyntax, it is only safe
	// when every EnvoyExtensionPolicy author is trusted.
	LuaValidationDisabled LuaValidation = "Disabled"
)

// LuaValidationConfig configures how the controller validates Lua scripts from EnvoyExtensionPolicy
// resources.
type LuaValidationConfig struct {
	// ValidationType is the validation mode. Defaults to Strict.
	// +kubebuilder:default=Strict
	// +optional
	ValidationType *LuaValidation `json:"validationType,omitempty"`

	// StrictValidation sets which filesystem paths and environment variables scripts may use while
	// validated in Strict mode. Other modes ignore it.
	// +optional
	StrictValidation *StrictValidation `json:"strictValidation,omitempty"`
}

// StrictValidation defines the sandbox in which Strict validation executes Lua scripts. It has no
// effect in the InsecureSyntax and Disabled modes.
type StrictValidation struct {
	// AllowedPaths lists filesystem path prefixes scripts may open, create or remove during
	// validation; a path is allowed if it equals an entry or lies below it, after normalization.
	// When empty, no file access is allowed; blank entries and "/" are rejected, and a fixed set of
	// sensitive locations (such as /etc, /proc and secret mounts) is always denied.
	// +kubebuilder:validation:MaxItems=64
	// +kubebuilder:validation:items:MinLength=1
	// +kubebuilder:validation:items:MaxLength=4096
	// +optional
	AllowedPaths []string `json:"allowedPaths,omitempty"`

	// AllowedEnvVars lists the environment variables, matched exactly and case-sensitively, that
	// scripts may read or set during validation. When empty, none are accessible.
	// +kubebuilder:validation:MaxItems=64
	// +kubebuilder:validation:items:MinLength=1
	// +kubebuilder:validation:items:MaxLength=256
	// +optional
	AllowedEnvVars []string `json:"allowedEnvVars,omitempty"`
}

// DynamicModuleEntry registers a dynamic module under a logical name so that EnvoyExtensionPolicy
// resources can use it.
type DynamicModuleEntry struct {
	// Name is the logical name EnvoyExtensionPolicy resources use to refer to the module. It
	// consists of lowercase letters, digits, '.' and '-'.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=253
	// +kubebuilder:validation:Pattern=`^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$`
	// +required
	Name string `json:"name"`

	// Source tells where the module's shared library is loaded from.
	// +required
	Source DynamicModuleSource `json:"source"`

	// DoNotClose, when true, keeps the library loaded (no dlclose) after its last reference is
	// gone, which suits modules whose global state must survive configuration updates. Defaults to
	// false.
	// +kubebuilder:default=false
	// +optional
	DoNotClose *bool `json:"doNotClose,omitempty"`

	// LoadGlobally, when true, loads the library with RTLD_GLOBAL so that libraries it loads can
	// use its symbols; otherwise RTLD_LOCAL is used to avoid symbol clashes. Defaults to false.
	// +kubebuilder:default=false
	// +optional
	LoadGlobally *bool `json:"loadGlobally,omitempty"`
}

// DynamicModuleSource locates the shared library of a dynamic module; set Local or Remote to match
// Type.
type DynamicModuleSource struct {
	// Type is the kind of source, Local or Remote. Defaults to Local.
	// +kubebuilder:default=Local
	// +optional
	Type *DynamicModuleSourceType `json:"type,omitempty"`

	// Local loads the module from an absolute path on the proxy's filesystem.
	// +optional
	Local *LocalDynamicModuleSource `json:"local,omitempty"`

	// Remote downloads the module over HTTP or HTTPS; Envoy fetches and caches the binary.
	// +optional
	Remote *RemoteDynamicModuleSource `json:"remote,omitempty"`
}

// DynamicModuleSourceType is the kind of location a dynamic module is loaded from. Valid values are
// Local and Remote.
// +kubebuilder:validation:Enum=Local;Remote
type DynamicModuleSourceType string

const (
	// DynamicModuleSourceTypeLocal loads the module from the proxy's local filesystem.
	DynamicModuleSourceTypeLocal DynamicModuleSourceType = "Local"
	// DynamicModuleSourceTypeRemote downloads the module from a URL.
	DynamicModuleSourceTypeRemote DynamicModuleSourceType = "Remote"
)

// LocalDynamicModuleSource is a dynamic module stored on the proxy's filesystem.
type LocalDynamicModuleSource struct {
	// Path is the absolute path of the module's shared library (.so file).
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=4096
	// +required
	Path string `json:"path"`
}

// RemoteDynamicModuleSource is a dynamic module fetched over HTTP or HTTPS.
type RemoteDynamicModuleSource struct {
	// URL is the http or https address of the module's shared library (.so file).
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=4096
	// +kubebuilder:validation:Pattern=`^https?://[^/?#]+(?:[/?#].*)?$`
	// +required
	URL string `json:"url"`

	// Sha256 is the hex-encoded SHA-256 checksum Envoy verifies the downloaded binary against.
	// +kubebuilder:validation:Pattern=`^[a-f0-9]{64}$`
	// +required
	Sha256 string `json:"sha256"`
}

// EnvoyProxyGeoIP holds GeoIP settings shared by every GeoIP filter of the proxy fleet.
type EnvoyProxyGeoIP struct {
	// Provider configures the GeoIP database provider the filters query.
	// +required
	Provider GeoIPProvider `json:"provider"`
}

// GeoIPProvider selects a GeoIP provider and holds its settings.
type GeoIPProvider struct {
	// Type is the provider; MaxMind is the only one supported.
	// +required
	Type GeoIPProviderType `json:"type"`

	// MaxMind configures the MaxMind provider, used when Type is MaxMind.
	// +optional
	MaxMind *GeoIPMaxMind `json:"maxMind,omitempty"`
}

// GeoIPProviderType names a GeoIP provider. The only valid value is MaxMind.
// +kubebuilder:validation:Enum=MaxMind
type GeoIPProviderType string

const (
	// GeoIPProviderTypeMaxMind reads MaxMind databases from local files.
	GeoIPProviderTypeMaxMind GeoIPProviderType = "MaxMind"
)

// GeoIPMaxMind lists the MaxMind databases to load. The .mmdb files must be available inside the
// Envoy container, for instance from a mounted volume, and can be kept up to date by a sidecar.
type GeoIPMaxMind struct {
	// CityDbSource locates the City database.
	// +optional
	CityDbSource *GeoIPDBSource `json:"cityDbSource,omitempty"`

	// CountryDbSource locates the Country database.
	// +optional
	CountryDbSource *GeoIPDBSource `json:"countryDbSource,omitempty"`

	// AsnDbSource locates the ASN database.
	// +optional
	AsnDbSource *GeoIPDBSource `json:"asnDbSource,omitempty"`

	// IspDbSource locates the ISP database.
	// +optional
	IspDbSource *GeoIPDBSource `json:"ispDbSource,omitempty"`

	// AnonymousIPDBSource locates the Anonymous IP database.
	// +optional
	AnonymousIPDBSource *GeoIPDBSource `json:"anonymousIpDbSource,omitempty"`
}

// GeoIPDBSource tells where a GeoIP .mmdb database is loaded from.
type GeoIPDBSource struct {
	// Local loads the database from a file on the proxy's filesystem.
	// +required
	Local LocalGeoIPDBSource `json:"local"`
}

// LocalGeoIPDBSource is a GeoIP database read from a local file.
type LocalGeoIPDBSource struct {
	// Path is the path of the database file; it must end in .mmdb.
	// +kubebuilder:validation:Pattern=`^.*\.mmdb$`
	// +required
	Path string `json:"path"`
}

// EnvoyProxyStatus is the observed state of an EnvoyProxy.
type EnvoyProxyStatus struct {
	// Ancestors holds one entry for each GatewayClass or Gateway that references this EnvoyProxy as
	// its parameters.
	// +optional
	Ancestors []EnvoyProxyAncestorStatus `json:"ancestors,omitempty"`
}

// EnvoyProxyAncestorStatus is the status of an EnvoyProxy with respect to one GatewayClass or
// Gateway that references it.
type EnvoyProxyAncestorStatus struct {
	// Conditions describe the state of the EnvoyProxy for this ancestor, at most one per condition
	// type.
	// +listType=map
	// +listMapKey=type
	// +optional
	Conditions []metav1.Condition `json:"conditions,omitempty"`

	// AncestorRef identifies the GatewayClass or Gateway that references this EnvoyProxy.
	// +required
	AncestorRef gwapiv1.ParentReference `json:"ancestorRef"`
}
