package v1alpha1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// +kubebuilder:object:root=true
// +kubebuilder:resource:categories=envoy-gateway,shortName=eproxy
// +kubebuilder:subresource:status
// +kubebuilder:storageversion

// EnvoyProxy is TODO.
type EnvoyProxy struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	// Spec is TODO.
	// +required
	Spec EnvoyProxySpec `json:"spec"`

	// Status is TODO.
	// +optional
	Status EnvoyProxyStatus `json:"status,omitempty"`
}

// +kubebuilder:object:root=true

// EnvoyProxyList is TODO.
type EnvoyProxyList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []EnvoyProxy `json:"items"`
}

// EnvoyProxySpec is TODO.
type EnvoyProxySpec struct {
	// Provider is TODO.
	// +optional
	Provider *EnvoyProxyProvider `json:"provider,omitempty"`

	// Logging is TODO.
	// +kubebuilder:default={"level":{"default":"warn"}}
	// +optional
	Logging *ProxyLogging `json:"logging,omitempty"`

	// Telemetry is TODO.
	// +optional
	Telemetry *ProxyTelemetry `json:"telemetry,omitempty"`

	// Bootstrap is TODO.
	// +optional
	Bootstrap *ProxyBootstrap `json:"bootstrap,omitempty"`

	// Concurrency is TODO.
	// +optional
	Concurrency *int32 `json:"concurrency,omitempty"`

	// RoutingType is TODO.
	// +optional
	RoutingType *RoutingType `json:"routingType,omitempty"`

	// ExtraArgs is TODO.
	// +optional
	ExtraArgs []string `json:"extraArgs,omitempty"`

	// MergeGateways is TODO.
	// +optional
	MergeGateways *bool `json:"mergeGateways,omitempty"`

	// MergeBackends is TODO.
	// +optional
	MergeBackends *MergeBackendsConfig `json:"mergeBackends,omitempty"`

	// Shutdown is TODO.
	// +optional
	Shutdown *ShutdownConfig `json:"shutdown,omitempty"`

	// FilterOrder is TODO.
	// +optional
	FilterOrder []FilterPosition `json:"filterOrder,omitempty"`

	// BackendTLS is TODO.
	// +optional
	BackendTLS *BackendTLSConfig `json:"backendTLS,omitempty"`

	// IpFamily is TODO.
	// +optional
	IpFamily *IPFamily `json:"ipFamily,omitempty"`

	// PreserveRouteOrder is TODO.
	// +optional
	PreserveRouteOrder *bool `json:"preserveRouteOrder,omitempty"`

	// LuaValidation is TODO.
	// +optional
	LuaValidation *LuaValidation `json:"luaValidation,omitempty"`

	// Lua is TODO.
	// +optional
	Lua *LuaValidationConfig `json:"lua,omitempty"`

	// DynamicModules is TODO.
	// +kubebuilder:validation:MaxItems=16
	// +listType=map
	// +listMapKey=name
	// +optional
	DynamicModules []DynamicModuleEntry `json:"dynamicModules,omitempty"`

	// GeoIP is TODO.
	// +optional
	GeoIP *EnvoyProxyGeoIP `json:"geoIP,omitempty"`

	// MergeType is TODO.
	// +kubebuilder:validation:Enum=Replace;StrategicMerge;JSONMerge
	// +optional
	MergeType *MergeType `json:"mergeType,omitempty"`
}

// RequestIDSettings is TODO.
type RequestIDSettings struct {
	// Tracing is TODO.
	// +optional
	Tracing *RequestIDExtensionAction `json:"tracing,omitempty"`
}

// RequestIDExtensionAction is TODO.
// +kubebuilder:validation:Enum=PackAndSample;Sample;Pack;Disable
type RequestIDExtensionAction string

const (
	// RequestIDExtensionActionPackAndSample is TODO.
	RequestIDExtensionActionPackAndSample RequestIDExtensionAction = "PackAndSample"
	// RequestIDExtensionActionSample is TODO.
	RequestIDExtensionActionSample RequestIDExtensionAction = "Sample"
	// RequestIDExtensionActionPack is TODO.
	RequestIDExtensionActionPack RequestIDExtensionAction = "Pack"
	// RequestIDExtensionActionDisable is TODO.
	RequestIDExtensionActionDisable RequestIDExtensionAction = "Disable"
)

// ProxyBootstrap is TODO.
type ProxyBootstrap struct {
	// Type is TODO.
	// +kubebuilder:default=Replace
	// +optional
	Type *BootstrapType `json:"type,omitempty"`

	// Value is TODO.
	// +optional
	Value *string `json:"value,omitempty"`

	// JsonPatches is TODO.
	// +optional
	JsonPatches []JSONPatchOperation `json:"jsonPatches,omitempty"`
}

// BootstrapType is TODO.
// +kubebuilder:validation:Enum=Merge;Replace;JSONPatch
type BootstrapType string

const (
	// BootstrapTypeMerge is TODO.
	BootstrapTypeMerge BootstrapType = "Merge"
	// BootstrapTypeReplace is TODO.
	BootstrapTypeReplace BootstrapType = "Replace"
	// BootstrapTypeJSONPatch is TODO.
	BootstrapTypeJSONPatch BootstrapType = "JSONPatch"
)

// MergeBackendsConfig is TODO.
type MergeBackendsConfig struct {
	// Selector is TODO.
	// +optional
	Selector *metav1.LabelSelector `json:"selector,omitempty"`
}

// ShutdownConfig is TODO.
type ShutdownConfig struct {
	// HealthCheckFailureDelay is TODO.
	// +optional
	HealthCheckFailureDelay *gwapiv1.Duration `json:"healthCheckFailureDelay,omitempty"`

	// DrainTimeout is TODO.
	// +optional
	DrainTimeout *gwapiv1.Duration `json:"drainTimeout,omitempty"`

	// MinDrainDuration is TODO.
	// +optional
	MinDrainDuration *gwapiv1.Duration `json:"minDrainDuration,omitempty"`
}

// FilterPosition is TODO.
type FilterPosition struct {
	// Name is TODO.
	// +required
	Name EnvoyFilter `json:"name"`

	// Before is TODO.
	// +optional
	Before *EnvoyFilter `json:"before,omitempty"`

	// After is TODO.
	// +optional
	After *EnvoyFilter `json:"after,omitempty"`
}

// EnvoyFilter is TODO.
// +kubebuilder:validation:Enum=envoy.filters.http.custom_response;envoy.filters.http.health_check;envoy.filters.http.fault;envoy.filters.http.cors;envoy.filters.http.csrf;envoy.filters.http.header_mutation;envoy.filters.http.ext_authz;envoy.filters.http.api_key_auth;envoy.filters.http.basic_auth;envoy.filters.http.oauth2;envoy.filters.http.jwt_authn;envoy.filters.http.stateful_session;envoy.filters.http.buffer;envoy.filters.http.lua;envoy.filters.http.ext_proc;envoy.filters.http.wasm;envoy.filters.http.dynamic_modules;envoy.filters.http.geoip;envoy.filters.http.rbac;envoy.filters.http.local_ratelimit;envoy.filters.http.ratelimit;envoy.filters.http.bandwidth_limit;envoy.filters.http.grpc_web;envoy.filters.http.grpc_stats;envoy.filters.http.credential_injector;envoy.filters.http.compressor;envoy.filters.http.dynamic_forward_proxy
type EnvoyFilter string

const (
	// EnvoyFilterEnvoyFiltersHttpCustomResponse is TODO.
	EnvoyFilterEnvoyFiltersHttpCustomResponse EnvoyFilter = "envoy.filters.http.custom_response"
	// EnvoyFilterEnvoyFiltersHttpHealthCheck is TODO.
	EnvoyFilterEnvoyFiltersHttpHealthCheck EnvoyFilter = "envoy.filters.http.health_check"
	// EnvoyFilterEnvoyFiltersHttpFault is TODO.
	EnvoyFilterEnvoyFiltersHttpFault EnvoyFilter = "envoy.filters.http.fault"
	// EnvoyFilterEnvoyFiltersHttpCors is TODO.
	EnvoyFilterEnvoyFiltersHttpCors EnvoyFilter = "envoy.filters.http.cors"
	// EnvoyFilterEnvoyFiltersHttpCsrf is TODO.
	EnvoyFilterEnvoyFiltersHttpCsrf EnvoyFilter = "envoy.filters.http.csrf"
	// EnvoyFilterEnvoyFiltersHttpHeaderMutation is TODO.
	EnvoyFilterEnvoyFiltersHttpHeaderMutation EnvoyFilter = "envoy.filters.http.header_mutation"
	// EnvoyFilterEnvoyFiltersHttpExtAuthz is TODO.
	EnvoyFilterEnvoyFiltersHttpExtAuthz EnvoyFilter = "envoy.filters.http.ext_authz"
	// EnvoyFilterEnvoyFiltersHttpApiKeyAuth is TODO.
	EnvoyFilterEnvoyFiltersHttpApiKeyAuth EnvoyFilter = "envoy.filters.http.api_key_auth"
	// EnvoyFilterEnvoyFiltersHttpBasicAuth is TODO.
	EnvoyFilterEnvoyFiltersHttpBasicAuth EnvoyFilter = "envoy.filters.http.basic_auth"
	// EnvoyFilterEnvoyFiltersHttpOauth2 is TODO.
	EnvoyFilterEnvoyFiltersHttpOauth2 EnvoyFilter = "envoy.filters.http.oauth2"
	// EnvoyFilterEnvoyFiltersHttpJwtAuthn is TODO.
	EnvoyFilterEnvoyFiltersHttpJwtAuthn EnvoyFilter = "envoy.filters.http.jwt_authn"
	// EnvoyFilterEnvoyFiltersHttpStatefulSession is TODO.
	EnvoyFilterEnvoyFiltersHttpStatefulSession EnvoyFilter = "envoy.filters.http.stateful_session"
	// EnvoyFilterEnvoyFiltersHttpBuffer is TODO.
	EnvoyFilterEnvoyFiltersHttpBuffer EnvoyFilter = "envoy.filters.http.buffer"
	// EnvoyFilterEnvoyFiltersHttpLua is TODO.
	EnvoyFilterEnvoyFiltersHttpLua EnvoyFilter = "envoy.filters.http.lua"
	// EnvoyFilterEnvoyFiltersHttpExtProc is TODO.
	EnvoyFilterEnvoyFiltersHttpExtProc EnvoyFilter = "envoy.filters.http.ext_proc"
	// EnvoyFilterEnvoyFiltersHttpWasm is TODO.
	EnvoyFilterEnvoyFiltersHttpWasm EnvoyFilter = "envoy.filters.http.wasm"
	// EnvoyFilterEnvoyFiltersHttpDynamicModules is TODO.
	EnvoyFilterEnvoyFiltersHttpDynamicModules EnvoyFilter = "envoy.filters.http.dynamic_modules"
	// EnvoyFilterEnvoyFiltersHttpGeoip is TODO.
	EnvoyFilterEnvoyFiltersHttpGeoip EnvoyFilter = "envoy.filters.http.geoip"
	// EnvoyFilterEnvoyFiltersHttpRbac is TODO.
	EnvoyFilterEnvoyFiltersHttpRbac EnvoyFilter = "envoy.filters.http.rbac"
	// EnvoyFilterEnvoyFiltersHttpLocalRatelimit is TODO.
	EnvoyFilterEnvoyFiltersHttpLocalRatelimit EnvoyFilter = "envoy.filters.http.local_ratelimit"
	// EnvoyFilterEnvoyFiltersHttpRatelimit is TODO.
	EnvoyFilterEnvoyFiltersHttpRatelimit EnvoyFilter = "envoy.filters.http.ratelimit"
	// EnvoyFilterEnvoyFiltersHttpBandwidthLimit is TODO.
	EnvoyFilterEnvoyFiltersHttpBandwidthLimit EnvoyFilter = "envoy.filters.http.bandwidth_limit"
	// EnvoyFilterEnvoyFiltersHttpGrpcWeb is TODO.
	EnvoyFilterEnvoyFiltersHttpGrpcWeb EnvoyFilter = "envoy.filters.http.grpc_web"
	// EnvoyFilterEnvoyFiltersHttpGrpcStats is TODO.
	EnvoyFilterEnvoyFiltersHttpGrpcStats EnvoyFilter = "envoy.filters.http.grpc_stats"
	// EnvoyFilterEnvoyFiltersHttpCredentialInjector is TODO.
	EnvoyFilterEnvoyFiltersHttpCredentialInjector EnvoyFilter = "envoy.filters.http.credential_injector"
	// EnvoyFilterEnvoyFiltersHttpCompressor is TODO.
	EnvoyFilterEnvoyFiltersHttpCompressor EnvoyFilter = "envoy.filters.http.compressor"
	// EnvoyFilterEnvoyFiltersHttpDynamicForwardProxy is TODO.
	EnvoyFilterEnvoyFiltersHttpDynamicForwardProxy EnvoyFilter = "envoy.filters.http.dynamic_forward_proxy"
	// EnvoyFilterEnvoyFiltersHttpRouter is TODO.
	EnvoyFilterEnvoyFiltersHttpRouter EnvoyFilter = "envoy.filters.http.router"
)

// IPFamily is TODO.
// +kubebuilder:validation:Enum=IPv4;IPv6;DualStack
type IPFamily string

const (
	// IPFamilyIPv4 is TODO.
	IPFamilyIPv4 IPFamily = "IPv4"
	// IPFamilyIPv6 is TODO.
	IPFamilyIPv6 IPFamily = "IPv6"
	// IPFamilyDualStack is TODO.
	IPFamilyDualStack IPFamily = "DualStack"
)

// LuaValidation is TODO.
// +kubebuilder:validation:Enum=Strict;InsecureSyntax;Disabled
type LuaValidation string

const (
	// LuaValidationStrict is TODO.
	LuaValidationStrict LuaValidation = "Strict"
	// LuaValidationInsecureSyntax is TODO.
	LuaValidationInsecureSyntax LuaValidation = "InsecureSyntax"
	// LuaValidationDisabled is TODO.
	LuaValidationDisabled LuaValidation = "Disabled"
)

// LuaValidationConfig is TODO.
type LuaValidationConfig struct {
	// ValidationType is TODO.
	// +kubebuilder:default=Strict
	// +optional
	ValidationType *LuaValidation `json:"validationType,omitempty"`

	// StrictValidation is TODO.
	// +optional
	StrictValidation *StrictValidation `json:"strictValidation,omitempty"`
}

// StrictValidation is TODO.
type StrictValidation struct {
	// AllowedPaths is TODO.
	// +kubebuilder:validation:MaxItems=64
	// +kubebuilder:validation:items:MinLength=1
	// +kubebuilder:validation:items:MaxLength=4096
	// +optional
	AllowedPaths []string `json:"allowedPaths,omitempty"`

	// AllowedEnvVars is TODO.
	// +kubebuilder:validation:MaxItems=64
	// +kubebuilder:validation:items:MinLength=1
	// +kubebuilder:validation:items:MaxLength=256
	// +optional
	AllowedEnvVars []string `json:"allowedEnvVars,omitempty"`
}

// DynamicModuleEntry is TODO.
type DynamicModuleEntry struct {
	// Name is TODO.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=253
	// +kubebuilder:validation:Pattern=`^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$`
	// +required
	Name string `json:"name"`

	// Source is TODO.
	// +required
	Source DynamicModuleSource `json:"source"`

	// DoNotClose is TODO.
	// +kubebuilder:default=false
	// +optional
	DoNotClose *bool `json:"doNotClose,omitempty"`

	// LoadGlobally is TODO.
	// +kubebuilder:default=false
	// +optional
	LoadGlobally *bool `json:"loadGlobally,omitempty"`
}

// DynamicModuleSource is TODO.
type DynamicModuleSource struct {
	// Type is TODO.
	// +kubebuilder:default=Local
	// +optional
	Type *DynamicModuleSourceType `json:"type,omitempty"`

	// Local is TODO.
	// +optional
	Local *LocalDynamicModuleSource `json:"local,omitempty"`

	// Remote is TODO.
	// +optional
	Remote *RemoteDynamicModuleSource `json:"remote,omitempty"`
}

// DynamicModuleSourceType is TODO.
// +kubebuilder:validation:Enum=Local;Remote
type DynamicModuleSourceType string

const (
	// DynamicModuleSourceTypeLocal is TODO.
	DynamicModuleSourceTypeLocal DynamicModuleSourceType = "Local"
	// DynamicModuleSourceTypeRemote is TODO.
	DynamicModuleSourceTypeRemote DynamicModuleSourceType = "Remote"
)

// LocalDynamicModuleSource is TODO.
type LocalDynamicModuleSource struct {
	// Path is TODO.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=4096
	// +required
	Path string `json:"path"`
}

// RemoteDynamicModuleSource is TODO.
type RemoteDynamicModuleSource struct {
	// URL is TODO.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=4096
	// +kubebuilder:validation:Pattern=`^https?://[^/?#]+(?:[/?#].*)?$`
	// +required
	URL string `json:"url"`

	// Sha256 is TODO.
	// +kubebuilder:validation:Pattern=`^[a-f0-9]{64}$`
	// +required
	Sha256 string `json:"sha256"`
}

// EnvoyProxyGeoIP is TODO.
type EnvoyProxyGeoIP struct {
	// Provider is TODO.
	// +required
	Provider GeoIPProvider `json:"provider"`
}

// GeoIPProvider is TODO.
type GeoIPProvider struct {
	// Type is TODO.
	// +required
	Type GeoIPProviderType `json:"type"`

	// MaxMind is TODO.
	// +optional
	MaxMind *GeoIPMaxMind `json:"maxMind,omitempty"`
}

// GeoIPProviderType is TODO.
// +kubebuilder:validation:Enum=MaxMind
type GeoIPProviderType string

const (
	// GeoIPProviderTypeMaxMind is TODO.
	GeoIPProviderTypeMaxMind GeoIPProviderType = "MaxMind"
)

// GeoIPMaxMind is TODO.
type GeoIPMaxMind struct {
	// CityDbSource is TODO.
	// +optional
	CityDbSource *GeoIPDBSource `json:"cityDbSource,omitempty"`

	// CountryDbSource is TODO.
	// +optional
	CountryDbSource *GeoIPDBSource `json:"countryDbSource,omitempty"`

	// AsnDbSource is TODO.
	// +optional
	AsnDbSource *GeoIPDBSource `json:"asnDbSource,omitempty"`

	// IspDbSource is TODO.
	// +optional
	IspDbSource *GeoIPDBSource `json:"ispDbSource,omitempty"`

	// AnonymousIpDbSource is TODO.
	// +optional
	AnonymousIpDbSource *GeoIPDBSource `json:"anonymousIpDbSource,omitempty"`
}

// GeoIPDBSource is TODO.
type GeoIPDBSource struct {
	// Local is TODO.
	// +required
	Local LocalGeoIPDBSource `json:"local"`
}

// LocalGeoIPDBSource is TODO.
type LocalGeoIPDBSource struct {
	// Path is TODO.
	// +kubebuilder:validation:Pattern=`^.*\.mmdb$`
	// +required
	Path string `json:"path"`
}

// EnvoyProxyStatus is TODO.
type EnvoyProxyStatus struct {
	// Ancestors is TODO.
	// +optional
	Ancestors []EnvoyProxyAncestorStatus `json:"ancestors,omitempty"`
}

// EnvoyProxyAncestorStatus is TODO.
type EnvoyProxyAncestorStatus struct {
	// Conditions is TODO.
	// +listType=map
	// +listMapKey=type
	// +optional
	Conditions []metav1.Condition `json:"conditions,omitempty"`

	// AncestorRef is TODO.
	// +required
	AncestorRef gwapiv1.ParentReference `json:"ancestorRef"`
}
