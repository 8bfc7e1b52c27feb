package v1alpha1

import (
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// ProxyLogging is TODO.
type ProxyLogging struct {
	// Level is TODO.
	// +kubebuilder:default={"default":"warn"}
	// +optional
	Level map[ProxyLogComponent]LogLevel `json:"level,omitempty"`
}

// LogLevel is TODO.
// +kubebuilder:validation:Enum=trace;debug;info;warn;error;off;critical
type LogLevel string

const (
	// LogLevelTrace is TODO.
	LogLevelTrace LogLevel = "trace"
	// LogLevelDebug is TODO.
	LogLevelDebug LogLevel = "debug"
	// LogLevelInfo is TODO.
	LogLevelInfo LogLevel = "info"
	// LogLevelWarn is TODO.
	LogLevelWarn LogLevel = "warn"
	// LogLevelError is TODO.
	LogLevelError LogLevel = "error"
	// LogLevelOff is TODO.
	LogLevelOff LogLevel = "off"
	// LogLevelCritical is TODO.
	LogLevelCritical LogLevel = "critical"
)

// ProxyLogComponent is TODO.
type ProxyLogComponent string

const (
	// ProxyLogComponentDefault is TODO.
	ProxyLogComponentDefault ProxyLogComponent = "default"
	// ProxyLogComponentUpstream is TODO.
	ProxyLogComponentUpstream ProxyLogComponent = "upstream"
	// ProxyLogComponentHttp is TODO.
	ProxyLogComponentHttp ProxyLogComponent = "http"
	// ProxyLogComponentConnection is TODO.
	ProxyLogComponentConnection ProxyLogComponent = "connection"
	// ProxyLogComponentAdmin is TODO.
	ProxyLogComponentAdmin ProxyLogComponent = "admin"
	// ProxyLogComponentClient is TODO.
	ProxyLogComponentClient ProxyLogComponent = "client"
	// ProxyLogComponentFilter is TODO.
	ProxyLogComponentFilter ProxyLogComponent = "filter"
	// ProxyLogComponentMain is TODO.
	ProxyLogComponentMain ProxyLogComponent = "main"
	// ProxyLogComponentRouter is TODO.
	ProxyLogComponentRouter ProxyLogComponent = "router"
	// ProxyLogComponentRuntime is TODO.
	ProxyLogComponentRuntime ProxyLogComponent = "runtime"
)

// ProxyTelemetry is TODO.
type ProxyTelemetry struct {
	// AccessLog is TODO.
	// +optional
	AccessLog *ProxyAccessLog `json:"accessLog,omitempty"`

	// Tracing is TODO.
	// +optional
	Tracing *ProxyTracing `json:"tracing,omitempty"`

	// Metrics is TODO.
	// +optional
	Metrics *ProxyMetrics `json:"metrics,omitempty"`

	// RequestID is TODO.
	// +optional
	RequestID *RequestIDSettings `json:"requestID,omitempty"`

	// HealthCheckLog is TODO.
	// +optional
	HealthCheckLog *ProxyHealthCheckLog `json:"healthCheckLog,omitempty"`
}

// ProxyAccessLog is TODO.
type ProxyAccessLog struct {
	// Disable is TODO.
	// +optional
	Disable *bool `json:"disable,omitempty"`

	// Settings is TODO.
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=50
	// +optional
	Settings []ProxyAccessLogSetting `json:"settings,omitempty"`
}

// ProxyAccessLogSetting is TODO.
type ProxyAccessLogSetting struct {
	// Format is TODO.
	// +optional
	Format *ProxyAccessLogFormat `json:"format,omitempty"`

	// Matches is TODO.
	// +kubebuilder:validation:MaxItems=10
	// +optional
	Matches []string `json:"matches,omitempty"`

	// Sinks is TODO.
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=50
	// +required
	Sinks []ProxyAccessLogSink `json:"sinks"`

	// Type is TODO.
	// +optional
	Type *ProxyAccessLogType `json:"type,omitempty"`
}

// ProxyAccessLogFormat is TODO.
type ProxyAccessLogFormat struct {
	// Type is TODO.
	// +optional
	Type *ProxyAccessLogFormatType `json:"type,omitempty"`

	// Text is TODO.
	// +optional
	Text *string `json:"text,omitempty"`

	// JSON is TODO.
	// +optional
	JSON map[string]string `json:"json,omitempty"`
}

// ProxyAccessLogFormatType is TODO.
// +kubebuilder:validation:Enum=Text;JSON
type ProxyAccessLogFormatType string

const (
	// ProxyAccessLogFormatTypeText is TODO.
	ProxyAccessLogFormatTypeText ProxyAccessLogFormatType = "Text"
	// ProxyAccessLogFormatTypeJSON is TODO.
	ProxyAccessLogFormatTypeJSON ProxyAccessLogFormatType = "JSON"
)

// ProxyAccessLogSink is TODO.
type ProxyAccessLogSink struct {
	// Type is TODO.
	// +optional
	Type *ProxyAccessLogSinkType `json:"type,omitempty"`

	// ALS is TODO.
	// +optional
	ALS *ALSEnvoyProxyAccessLog `json:"als,omitempty"`

	// File is TODO.
	// +optional
	File *FileEnvoyProxyAccessLog `json:"file,omitempty"`

	// OpenTelemetry is TODO.
	// +optional
	OpenTelemetry *OpenTelemetryEnvoyProxyAccessLog `json:"openTelemetry,omitempty"`
}

// ProxyAccessLogSinkType is TODO.
// +kubebuilder:validation:Enum=ALS;File;OpenTelemetry
type ProxyAccessLogSinkType string

const (
	// ProxyAccessLogSinkTypeALS is TODO.
	ProxyAccessLogSinkTypeALS ProxyAccessLogSinkType = "ALS"
	// ProxyAccessLogSinkTypeFile is TODO.
	ProxyAccessLogSinkTypeFile ProxyAccessLogSinkType = "File"
	// ProxyAccessLogSinkTypeOpenTelemetry is TODO.
	ProxyAccessLogSinkTypeOpenTelemetry ProxyAccessLogSinkType = "OpenTelemetry"
)

// ALSEnvoyProxyAccessLog is TODO.
type ALSEnvoyProxyAccessLog struct {
	BackendCluster `json:",inline"`

	// LogName is TODO.
	// +kubebuilder:validation:MinLength=1
	// +optional
	LogName *string `json:"logName,omitempty"`

	// Type is TODO.
	// +required
	Type ALSEnvoyProxyAccessLogType `json:"type"`

	// HTTP is TODO.
	// +optional
	HTTP *ALSEnvoyProxyHTTPAccessLogConfig `json:"http,omitempty"`
}

// ALSEnvoyProxyAccessLogType is TODO.
// +kubebuilder:validation:Enum=HTTP;TCP
type ALSEnvoyProxyAccessLogType string

const (
	// ALSEnvoyProxyAccessLogTypeHTTP is TODO.
	ALSEnvoyProxyAccessLogTypeHTTP ALSEnvoyProxyAccessLogType = "HTTP"
	// ALSEnvoyProxyAccessLogTypeTCP is TODO.
	ALSEnvoyProxyAccessLogTypeTCP ALSEnvoyProxyAccessLogType = "TCP"
)

// ALSEnvoyProxyHTTPAccessLogConfig is TODO.
type ALSEnvoyProxyHTTPAccessLogConfig struct {
	// RequestHeaders is TODO.
	// +optional
	RequestHeaders []string `json:"requestHeaders,omitempty"`

	// ResponseHeaders is TODO.
	// +optional
	ResponseHeaders []string `json:"responseHeaders,omitempty"`

	// ResponseTrailers is TODO.
	// +optional
	ResponseTrailers []string `json:"responseTrailers,omitempty"`
}

// FileEnvoyProxyAccessLog is TODO.
type FileEnvoyProxyAccessLog struct {
	// Path is TODO.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Path *string `json:"path,omitempty"`
}

// OpenTelemetryEnvoyProxyAccessLog is TODO.
type OpenTelemetryEnvoyProxyAccessLog struct {
	BackendCluster `json:",inline"`

	// Host is TODO.
	// +optional
	Host *string `json:"host,omitempty"`

	// Port is TODO.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:default=4317
	// +optional
	Port *int32 `json:"port,omitempty"`

	// Resources is TODO.
	// +optional
	Resources map[string]string `json:"resources,omitempty"`

	// ResourceAttributes is TODO.
	// +optional
	ResourceAttributes map[string]string `json:"resourceAttributes,omitempty"`

	// Headers is TODO.
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=32
	// +optional
	Headers []gwapiv1.HTTPHeader `json:"headers,omitempty"`
}

// ProxyAccessLogType is TODO.
// +kubebuilder:validation:Enum=Listener;Route;Upstream
type ProxyAccessLogType string

const (
	// ProxyAccessLogTypeListener is TODO.
	ProxyAccessLogTypeListener ProxyAccessLogType = "Listener"
	// ProxyAccessLogTypeRoute is TODO.
	ProxyAccessLogTypeRoute ProxyAccessLogType = "Route"
	// ProxyAccessLogTypeUpstream is TODO.
	ProxyAccessLogTypeUpstream ProxyAccessLogType = "Upstream"
)

// ProxyTracing is TODO.
type ProxyTracing struct {
	Tracing `json:",inline"`

	// SamplingRate is TODO.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=100
	// +optional
	SamplingRate *int32 `json:"samplingRate,omitempty"`

	// Provider is TODO.
	// +required
	Provider TracingProvider `json:"provider"`
}

// TracingProvider is TODO.
type TracingProvider struct {
	BackendCluster `json:",inline"`

	// Type is TODO.
	// +kubebuilder:default=OpenTelemetry
	// +required
	Type TracingProviderType `json:"type"`

	// Host is TODO.
	// +optional
	Host *string `json:"host,omitempty"`

	// Port is TODO.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:default=4317
	// +optional
	Port *int32 `json:"port,omitempty"`

	// ServiceName is TODO.
	// +optional
	ServiceName *string `json:"serviceName,omitempty"`

	// Zipkin is TODO.
	// +optional
	Zipkin *ZipkinTracingProvider `json:"zipkin,omitempty"`

	// OpenTelemetry is TODO.
	// +optional
	OpenTelemetry *OpenTelemetryTracingProvider `json:"openTelemetry,omitempty"`
}

// TracingProviderType is TODO.
// +kubebuilder:validation:Enum=OpenTelemetry;Zipkin;Datadog
type TracingProviderType string

const (
	// TracingProviderTypeOpenTelemetry is TODO.
	TracingProviderTypeOpenTelemetry TracingProviderType = "OpenTelemetry"
	// TracingProviderTypeZipkin is TODO.
	TracingProviderTypeZipkin TracingProviderType = "Zipkin"
	// TracingProviderTypeDatadog is TODO.
	TracingProviderTypeDatadog TracingProviderType = "Datadog"
)

// ZipkinTracingProvider is TODO.
type ZipkinTracingProvider struct {
	// Enable128BitTraceId is TODO.
	// +optional
	Enable128BitTraceId *bool `json:"enable128BitTraceId,omitempty"`

	// DisableSharedSpanContext is TODO.
	// +optional
	DisableSharedSpanContext *bool `json:"disableSharedSpanContext,omitempty"`
}

// OpenTelemetryTracingProvider is TODO.
type OpenTelemetryTracingProvider struct {
	// Headers is TODO.
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=32
	// +optional
	Headers []gwapiv1.HTTPHeader `json:"headers,omitempty"`

	// ResourceAttributes is TODO.
	// +optional
	ResourceAttributes map[string]string `json:"resourceAttributes,omitempty"`

	// Sampler is TODO.
	// +optional
	Sampler *OTelSampler `json:"sampler,omitempty"`
}

// OTelSampler is TODO.
type OTelSampler struct {
	// Type is TODO.
	// +kubebuilder:default=AlwaysOn
	// +required
	Type OTelSamplerType `json:"type"`

	// SamplingPercentage is TODO.
	// +optional
	SamplingPercentage *gwapiv1.Fraction `json:"samplingPercentage,omitempty"`
}

// OTelSamplerType is TODO.
// +kubebuilder:validation:Enum=AlwaysOn;AlwaysOff;TraceIdRatio;ParentBasedAlwaysOn;ParentBasedAlwaysOff;ParentBasedTraceIdRatio
type OTelSamplerType string

const (
	// OTelSamplerTypeAlwaysOn is TODO.
	OTelSamplerTypeAlwaysOn OTelSamplerType = "AlwaysOn"
	// OTelSamplerTypeAlwaysOff is TODO.
	OTelSamplerTypeAlwaysOff OTelSamplerType = "AlwaysOff"
	// OTelSamplerTypeTraceIdRatio is TODO.
	OTelSamplerTypeTraceIdRatio OTelSamplerType = "TraceIdRatio"
	// OTelSamplerTypeParentBasedAlwaysOn is TODO.
	OTelSamplerTypeParentBasedAlwaysOn OTelSamplerType = "ParentBasedAlwaysOn"
	// OTelSamplerTypeParentBasedAlwaysOff is TODO.
	OTelSamplerTypeParentBasedAlwaysOff OTelSamplerType = "ParentBasedAlwaysOff"
	// OTelSamplerTypeParentBasedTraceIdRatio is TODO.
	OTelSamplerTypeParentBasedTraceIdRatio OTelSamplerType = "ParentBasedTraceIdRatio"
)

// ProxyMetrics is TODO.
type ProxyMetrics struct {
	// Prometheus is TODO.
	// +optional
	Prometheus *ProxyPrometheusProvider `json:"prometheus,omitempty"`

	// Sinks is TODO.
	// +kubebuilder:validation:MaxItems=16
	// +optional
	Sinks []ProxyMetricSink `json:"sinks,omitempty"`

	// Matches is TODO.
	// +optional
	Matches []StringMatch `json:"matches,omitempty"`

	// EnableVirtualHostStats is TODO.
	// +optional
	EnableVirtualHostStats *bool `json:"enableVirtualHostStats,omitempty"`

	// EnablePerEndpointStats is TODO.
	// +optional
	EnablePerEndpointStats *bool `json:"enablePerEndpointStats,omitempty"`

	// EnableRequestResponseSizesStats is TODO.
	// +optional
	EnableRequestResponseSizesStats *bool `json:"enableRequestResponseSizesStats,omitempty"`

	// EnableGRPCStats is TODO.
	// +optional
	EnableGRPCStats *bool `json:"enableGRPCStats,omitempty"`

	// ClusterStatName is TODO.
	// +optional
	ClusterStatName *string `json:"clusterStatName,omitempty"`
}

// ProxyPrometheusProvider is TODO.
type ProxyPrometheusProvider struct {
	// Disable is TODO.
	// +optional
	Disable *bool `json:"disable,omitempty"`

	// Compression is TODO.
	// +optional
	Compression *Compression `json:"compression,omitempty"`
}

// ProxyMetricSink is TODO.
type ProxyMetricSink struct {
	// Type is TODO.
	// +kubebuilder:default=OpenTelemetry
	// +required
	Type MetricSinkType `json:"type"`

	// OpenTelemetry is TODO.
	// +optional
	OpenTelemetry *ProxyOpenTelemetrySink `json:"openTelemetry,omitempty"`
}

// MetricSinkType is TODO.
// +kubebuilder:validation:Enum=OpenTelemetry
type MetricSinkType string

const (
	// MetricSinkTypeOpenTelemetry is TODO.
	MetricSinkTypeOpenTelemetry MetricSinkType = "OpenTelemetry"
)

// ProxyOpenTelemetrySink is TODO.
type ProxyOpenTelemetrySink struct {
	BackendCluster `json:",inline"`

	// Host is TODO.
	// +optional
	Host *string `json:"host,omitempty"`

	// Port is TODO.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=65535
	// +kubebuilder:default=4317
	// +optional
	Port *int32 `json:"port,omitempty"`

	// ReportCountersAsDeltas is TODO.
	// +optional
	ReportCountersAsDeltas *bool `json:"reportCountersAsDeltas,omitempty"`

	// ReportHistogramsAsDeltas is TODO.
	// +optional
	ReportHistogramsAsDeltas *bool `json:"reportHistogramsAsDeltas,omitempty"`

	// Headers is TODO.
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=32
	// +optional
	Headers []gwapiv1.HTTPHeader `json:"headers,omitempty"`

	// ResourceAttributes is TODO.
	// +optional
	ResourceAttributes map[string]string `json:"resourceAttributes,omitempty"`
}
