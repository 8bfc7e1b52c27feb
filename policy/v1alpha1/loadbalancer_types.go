package v1alpha1

import (
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// LoadBalancer is TODO.
type LoadBalancer struct {
	// Type is TODO.
	// +required
	Type LoadBalancerType `json:"type"`

	// ConsistentHash is TODO.
	// +optional
	ConsistentHash *ConsistentHash `json:"consistentHash,omitempty"`

	// BackendUtilization is TODO.
	// +optional
	BackendUtilization *BackendUtilization `json:"backendUtilization,omitempty"`

	// EndpointOverride is TODO.
	// +optional
	EndpointOverride *EndpointOverride `json:"endpointOverride,omitempty"`

	// SlowStart is TODO.
	// +optional
	SlowStart *SlowStart `json:"slowStart,omitempty"`

	// ZoneAware is TODO.
	// +optional
	ZoneAware *ZoneAware `json:"zoneAware,omitempty"`

	// DynamicModule is TODO.
	// +optional
	DynamicModule *DynamicModuleLBPolicy `json:"dynamicModule,omitempty"`
}

// LoadBalancerType is TODO.
// +kubebuilder:validation:Enum=ConsistentHash;LeastRequest;Random;RoundRobin;BackendUtilization;DynamicModule
type LoadBalancerType string

const (
	// LoadBalancerTypeConsistentHash is TODO.
	LoadBalancerTypeConsistentHash LoadBalancerType = "ConsistentHash"
	// LoadBalancerTypeLeastRequest is TODO.
	LoadBalancerTypeLeastRequest LoadBalancerType = "LeastRequest"
	// LoadBalancerTypeRandom is TODO.
	LoadBalancerTypeRandom LoadBalancerType = "Random"
	// LoadBalancerTypeRoundRobin is TODO.
	LoadBalancerTypeRoundRobin LoadBalancerType = "RoundRobin"
	// LoadBalancerTypeBackendUtilization is TODO.
	LoadBalancerTypeBackendUtilization LoadBalancerType = "BackendUtilization"
	// LoadBalancerTypeDynamicModule is TODO.
	LoadBalancerTypeDynamicModule LoadBalancerType = "DynamicModule"
)

// ConsistentHash is TODO.
type ConsistentHash struct {
	// Type is TODO.
	// +required
	Type ConsistentHashType `json:"type"`

	// Header is TODO.
	// +optional
	Header *Header `json:"header,omitempty"`

	// Headers is TODO.
	// +optional
	Headers []Header `json:"headers,omitempty"`

	// Cookie is TODO.
	// +optional
	Cookie *Cookie `json:"cookie,omitempty"`

	// QueryParams is TODO.
	// +optional
	QueryParams []QueryParam `json:"queryParams,omitempty"`

	// TableSize is TODO.
	// +kubebuilder:validation:Minimum=2
	// +kubebuilder:validation:Maximum=5000011
	// +kubebuilder:default=65537
	// +optional
	TableSize *int64 `json:"tableSize,omitempty"`
}

// ConsistentHashType is TODO.
// +kubebuilder:validation:Enum=SourceIP;Header;Headers;Cookie;QueryParams
type ConsistentHashType string

const (
	// ConsistentHashTypeSourceIP is TODO.
	ConsistentHashTypeSourceIP ConsistentHashType = "SourceIP"
	// ConsistentHashTypeHeader is TODO.
	ConsistentHashTypeHeader ConsistentHashType = "Header"
	// ConsistentHashTypeHeaders is TODO.
	ConsistentHashTypeHeaders ConsistentHashType = "Headers"
	// ConsistentHashTypeCookie is TODO.
	ConsistentHashTypeCookie ConsistentHashType = "Cookie"
	// ConsistentHashTypeQueryParams is TODO.
	ConsistentHashTypeQueryParams ConsistentHashType = "QueryParams"
)

// Header is TODO.
type Header struct {
	// Name is TODO.
	// +required
	Name string `json:"name"`
}

// Cookie is TODO.
type Cookie struct {
	// Name is TODO.
	// +required
	Name string `json:"name"`

	// TTL is TODO.
	// +optional
	TTL *gwapiv1.Duration `json:"ttl,omitempty"`

	// Attributes is TODO.
	// +optional
	Attributes map[string]string `json:"attributes,omitempty"`
}

// QueryParam is TODO.
type QueryParam struct {
	// Name is TODO.
	// +required
	Name string `json:"name"`
}

// BackendUtilization is TODO.
type BackendUtilization struct {
	// BlackoutPeriod is TODO.
	// +optional
	BlackoutPeriod *gwapiv1.Duration `json:"blackoutPeriod,omitempty"`

	// WeightExpirationPeriod is TODO.
	// +optional
	WeightExpirationPeriod *gwapiv1.Duration `json:"weightExpirationPeriod,omitempty"`

	// WeightUpdatePeriod is TODO.
	// +optional
	WeightUpdatePeriod *gwapiv1.Duration `json:"weightUpdatePeriod,omitempty"`

	// ErrorUtilizationPenaltyPercent is TODO.
	// +kubebuilder:validation:Minimum=0
	// +optional
	ErrorUtilizationPenaltyPercent *int32 `json:"errorUtilizationPenaltyPercent,omitempty"`

	// MetricNamesForComputingUtilization is TODO.
	// +optional
	MetricNamesForComputingUtilization []string `json:"metricNamesForComputingUtilization,omitempty"`

	// KeepResponseHeaders is TODO.
	// +kubebuilder:default=false
	// +optional
	KeepResponseHeaders *bool `json:"keepResponseHeaders,omitempty"`

	// OutOfBand is TODO.
	// +optional
	OutOfBand *OutOfBandReporting `json:"outOfBand,omitempty"`
}

// OutOfBandReporting is TODO.
type OutOfBandReporting struct {
	// ReportingPeriod is TODO.
	// +optional
	ReportingPeriod *gwapiv1.Duration `json:"reportingPeriod,omitempty"`

	// Port is TODO.
	// +kubebuilder:validation:Minimum=1
	// +kubebuilder:validation:Maximum=65535
	// +optional
	Port *int32 `json:"port,omitempty"`

	// Authority is TODO.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=259
	// +kubebuilder:validation:Pattern=`^[^\x00\n\r]*$`
	// +optional
	Authority *string `json:"authority,omitempty"`
}

// EndpointOverride is TODO.
type EndpointOverride struct {
	// ExtractFrom is TODO.
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=10
	// +required
	ExtractFrom []EndpointOverrideExtractFrom `json:"extractFrom"`
}

// EndpointOverrideExtractFrom is TODO.
type EndpointOverrideExtractFrom struct {
	// Header is TODO.
	// +optional
	Header *string `json:"header,omitempty"`
}

// SlowStart is TODO.
type SlowStart struct {
	// Window is TODO.
	// +required
	Window gwapiv1.Duration `json:"window"`
}

// ZoneAware is TODO.
type ZoneAware struct {
	// PreferLocal is TODO.
	// +optional
	PreferLocal *PreferLocalZone `json:"preferLocal,omitempty"`

	// WeightedZones is TODO.
	// +listType=map
	// +listMapKey=zone
	// +optional
	WeightedZones []WeightedZoneConfig `json:"weightedZones,omitempty"`
}

// PreferLocalZone is TODO.
type PreferLocalZone struct {
	// Force is TODO.
	// +optional
	Force *ForceLocalZone `json:"force,omitempty"`

	// MinEndpointsThreshold is TODO.
	// +optional
	MinEndpointsThreshold *int64 `json:"minEndpointsThreshold,omitempty"`

	// PercentageEnabled is TODO.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=100
	// +optional
	PercentageEnabled *int32 `json:"percentageEnabled,omitempty"`
}

// ForceLocalZone is TODO.
type ForceLocalZone struct {
	// MinEndpointsInZoneThreshold is TODO.
	// +optional
	MinEndpointsInZoneThreshold *int32 `json:"minEndpointsInZoneThreshold,omitempty"`
}

// WeightedZoneConfig is TODO.
type WeightedZoneConfig struct {
	// Zone is TODO.
	// +required
	Zone string `json:"zone"`

	// Weight is TODO.
	// +required
	Weight int32 `json:"weight"`
}

// DynamicModuleLBPolicy is TODO.
type DynamicModuleLBPolicy struct {
	// Name is TODO.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=253
	// +kubebuilder:validation:Pattern=`^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$`
	// +required
	Name string `json:"name"`

	// LbPolicyName is TODO.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=253
	// +required
	LbPolicyName string `json:"lbPolicyName"`

	// Config is TODO.
	// +optional
	Config *apiextensionsv1.JSON `json:"config,omitempty"`
}
