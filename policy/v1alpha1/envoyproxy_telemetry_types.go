package v1alpha1

import (
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// ProxyLogging sets the log levels of the managed proxies.
type ProxyLogging struct {
	// Level maps logging components to log levels. The default key sets the level of every
	// component not listed on its own. Defaults to warn for the default component.
	// +kubebuilder:default={"default":"warn"}
	// +optional
	Level map[ProxyLogComponent]LogLevel `json:"level,omitempty"`
}

// LogLevel is a logging severity. Valid values are trace, debug, info, warn, error, critical and
// off.
// +kubebuilder:validation:Enum=trace;debug;info;warn;error;off;critical
type LogLevel string

const (
	// LogLevelTrace is the most verbose level.
	LogLevelTrace LogLevel = "trace"
	// LogLevelDebug logs debugging messages and everything more severe.
	LogLevelDebug LogLevel = "debug"
	// LogLevelInfo logs informational messages and everything more severe.
	LogLevelInfo LogLevel = "info"
	// LogLevelWarn logs warnings and everything more severe.
	LogLevelWarn LogLevel = "warn"
	// LogLevelError logs errors and critical messages only.
	LogLevelError LogLevel = "error"
	// LogLevelOff turns logging off.
	LogLevelOff LogLevel = "off"
	// LogLevelCritical logs critical messages only.
	LogLevelCritical LogLevel = "critical"
)

// ProxyLogComponent is an Envoy logger whose level can be set on its own. The default component
// stands for all components that have no entry of their own.
type ProxyLogComponent string

const (
	// ProxyLogComponentDefault sets the level of every logger without a level of its own (Envoy's
	// --log-level).
	ProxyLogComponentDefault ProxyLogComponent = "default"
	// ProxyLogComponentUpstream is Envoy's upstream logger, covering clusters and upstream
	// connections.
	ProxyLogComponentUpstream ProxyLogComponent = "upstream"
	// ProxyLogComponentHTTP is Envoy's http logger, covering the HTTP connection manager.
	ProxyLogComponentHTTP ProxyLogComponent = "http"
	// ProxyLogComponentConnection is Envoy's connection logger, covering network connections.
	ProxyLogComponentConnection ProxyLogComponent = "connection"
	// ProxyLogComponentAdmin is Envoy's admin logger, covering the admin interface.
	ProxyLogComponentAdmin ProxyLogComponent = "admin"
	// ProxyLogComponentClient is Envoy's client logger, covering the HTTP client codec used for
	// upstream requests.
	ProxyLogComponentClient ProxyLogComponent = "client"
	// ProxyLogComponentFilter is Envoy's filter logger, used by filters.
	ProxyLogComponentFilter ProxyLogComponent = "filter"
	// ProxyLogComponentMain is Envoy's main logger, covering server startup and lifecycle.
	ProxyLogComponentMain ProxyLogComponent = "main"
	// ProxyLogComponentRouter is Envoy's router logger, covering request routing and forwarding.
	ProxyLogComponentRouter ProxyLogComponent = "router"
	// ProxyLogComponentRuntime is Envoy's runtime logger, covering runtime configuration.
	ProxyLogComponentRuntime ProxyLogComponent = "runtime"
)

// ProxyTelemetry holds the observability settings of the managed proxies.
type ProxyTelemetry struct {
	// AccessLog configures access logging. When unset, access logs are written to standard output
	// in the default format.
	// +optional
	AccessLog *ProxyAccessLog `json:"accessLog,omitempty"`

	// Tracing configures distributed tracing. When unset, no trace data is sent.
	// +optional
	Tracing *ProxyTracing `json:"tracing,omitempty"`

	// Metrics configures the metrics the proxies expose or push.
	// +optional
	Metrics *ProxyMetrics `json:"metrics,omitempty"`

	// RequestID configures the request ID extension, in particular how it interacts with trace
	// sampling.
	// +optional
	RequestID *RequestIDSettings `json:"requestID,omitempty"`

	// HealthCheckLog configures logging of health check events for the clusters that back xRoutes.
	// +optional
	HealthCheckLog *ProxyHealthCheckLog `json:"healthCheckLog,omitempty"`
}

// ProxyAccessLog configures access logging of the proxies.
type ProxyAccessLog struct {
	// Disable, when true, turns access logging off.
	// +optional
	Disable *bool `json:"disable,omitempty"`

	// Settings lists access log configurations, each with its own format, filters and sinks. When
	// empty, entries in the default format go to standard output.
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=50
	// +optional
	Settings []ProxyAccessLogSetting `json:"settings,omitempty"`
}

// ProxyAccessLogSetting is one access log configuration: what is logged (Format, Matches, Type) and
// where it goes (Sinks).
type ProxyAccessLogSetting struct {
	// Format is the layout of log entries. ALS sinks ignore it.
	// +optional
	Format *ProxyAccessLogFormat `json:"format,omitempty"`

	// Matches are CEL expressions that filter what is logged: an entry is written when at least one
	// of them is true. Invalid expressions are ignored.
	// +kubebuilder:validation:MaxItems=10
	// +optional
	Matches []string `json:"matches,omitempty"`

	// Sinks are the destinations log entries are written to.
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=50
	// +required
	Sinks []ProxyAccessLogSink `json:"sinks"`

	// Type selects the component that emits the log: Listener, Route or Upstream. When unset, the
	// setting applies to all routes, and to listeners only for requests that match no route.
	// +optional
	Type *ProxyAccessLogType `json:"type,omitempty"`
}

// ProxyAccessLogFormat is the layout of access log entries.
type ProxyAccessLogFormat struct {
	// Type selects Text or JSON output. When unset, either Text or JSON may be given.
	// +optional
	Type *ProxyAccessLogFormatType `json:"type,omitempty"`

	// Text is a format string for text entries, which may contain Envoy command operators. Required
	// when Type is Text.
	// +optional
	Text *string `json:"text,omitempty"`

	// JSON maps the field names of structured entries to values, which may contain Envoy command
	// operators. Required when Type is JSON.
	// +optional
	JSON map[string]string `json:"json,omitempty"`
}

// ProxyAccessLogFormatType is the output format of access log entries. Valid values are Text and
// JSON.
// +kubebuilder:validation:Enum=Text;JSON
type ProxyAccessLogFormatType string

const (
	// ProxyAccessLogFormatTypeText writes each entry as a line of text built from a format string.
	ProxyAccessLogFormatTypeText ProxyAccessLogFormatType = "Text"
	// ProxyAccessLogFormatTypeJSON writes each entry as a JSON object.
	ProxyAccessLogFormatTypeJSON ProxyAccessLogFormatType = "JSON"
)

// ProxyAccessLogSink is a destination for access log entries; set the field that matches Type.
type ProxyAccessLogSink struct {
	// Type is the kind of sink: ALS, File or OpenTelemetry.
	// +optional
	Type *ProxyAccessLogSinkType `json:"type,omitempty"`

	// ALS streams entries to a gRPC Access Log Service; used when Type is ALS.
	// +optional
	ALS *ALSEnvoyProxyAccessLog `json:"als,omitempty"`

	// File writes entries to a file; used when Type is File.
	// +optional
	File *FileEnvoyProxyAccessLog `json:"file,omitempty"`

	// OpenTelemetry exports entries to an OpenTelemetry collector; used when Type is OpenTelemetry.
	// +optional
	OpenTelemetry *OpenTelemetryEnvoyProxyAccessLog `json:"openTelemetry,omitempty"`
}

// ProxyAccessLogSinkType is the kind of access log sink. Valid values are ALS, File and
// OpenTelemetry.
// +kubebuilder:validation:Enum=ALS;File;OpenTelemetry
type ProxyAccessLogSinkType string

const (
	// ProxyAccessLogSinkTypeALS streams entries to a server implementing Envoy's gRPC Access Log
	// Service API.
	ProxyAccessLogSinkTypeALS ProxyAccessLogSinkType = "ALS"
	// ProxyAccessLogSinkTypeFile writes entries to a file path.
	ProxyAccessLogSinkTypeFile ProxyAccessLogSinkType = "File"
	// ProxyAccessLogSinkTypeOpenTelemetry exports entries over OTLP. With the Kubernetes provider,
	// the k8s.namespace.name and k8s.pod.name attributes are always added.
	ProxyAccessLogSinkTypeOpenTelemetry ProxyAccessLogSinkType = "OpenTelemetry"
)

// ALSEnvoyProxyAccessLog streams access logs to a gRPC service implementing Envoy's Access Log
// Service API; the service is referenced through the embedded BackendCluster. Information about the
// log format is sent as gRPC metadata when the stream opens.
type ALSEnvoyProxyAccessLog struct {
	BackendCluster `json:",inline"`

	// LogName is a name sent to the access log server in the stream identifier, letting it tell
	// apart several logs coming from the same Envoy.
	// +kubebuilder:validation:MinLength=1
	// +optional
	LogName *string `json:"logName,omitempty"`

	// Type is the kind of entries sent, HTTP or TCP.
	// +required
	Type ALSEnvoyProxyAccessLogType `json:"type"`

	// HTTP holds extra settings for HTTP entries, such as which headers to include.
	// +optional
	HTTP *ALSEnvoyProxyHTTPAccessLogConfig `json:"http,omitempty"`
}

// ALSEnvoyProxyAccessLogType is the kind of entries sent to an Access Log Service. Valid values are
// HTTP and TCP.
// +kubebuilder:validation:Enum=HTTP;TCP
type ALSEnvoyProxyAccessLogType string

const (
	// ALSEnvoyProxyAccessLogTypeHTTP sends HTTP entries, which fill the http_logs field of
	// StreamAccessLogsMessage.
	ALSEnvoyProxyAccessLogTypeHTTP ALSEnvoyProxyAccessLogType = "HTTP"
	// ALSEnvoyProxyAccessLogTypeTCP sends TCP entries, which fill the tcp_logs field of
	// StreamAccessLogsMessage.
	ALSEnvoyProxyAccessLogTypeTCP ALSEnvoyProxyAccessLogType = "TCP"
)

// ALSEnvoyProxyHTTPAccessLogConfig selects extra HTTP data included in the entries sent to an
// Access Log Service.
type ALSEnvoyProxyHTTPAccessLogConfig struct {
	// RequestHeaders names the request headers recorded in each entry.
	// +optional
	RequestHeaders []string `json:"requestHeaders,omitempty"`

	// ResponseHeaders names the response headers recorded in each entry.
	// +optional
	ResponseHeaders []string `json:"responseHeaders,omitempty"`

	// ResponseTrailers names the response trailers recorded in each entry.
	// +optional
	ResponseTrailers []string `json:"responseTrailers,omitempty"`
}

// FileEnvoyProxyAccessLog writes access logs to a file.
type FileEnvoyProxyAccessLog struct {
	// Path is the file entries are written to, such as /dev/stdout.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Path *string `json:"path,omitempty"`
}

// OpenTelemetryEnvoyProxyAccessLog exports access logs over OTLP to an OpenTelemetry collector,
// referenced through the embedded BackendCluster or, formerly, Host and Port.
type OpenTelemetryEnvoyProxyAccessLog struct {
	BackendCluster `json:",inline"`

	// Host is the hostname of the collector.
	//
	// Deprecated: use BackendRefs instead.
	// +optional
	Host *string `json:"host,omitempty"`

	// Port is the port of the collector. Defaults to 4317.
	//
	// Deprecated: use BackendRefs instead.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:default=4317
	// +optional
	Port *int32 `json:"port,omitempty"`

	// Resources are resource attributes attached to exported entries to describe their source.
	//
	// Deprecated: use ResourceAttributes instead.
	// +optional
	Resources map[string]string `json:"resources,omitempty"`

	// ResourceAttributes are resource attributes attached to exported entries to describe their
	// source; following the OpenTelemetry semantic conventions is recommended.
	// +optional
	ResourceAttributes map[string]string `json:"resourceAttributes,omitempty"`

	// Headers are extra headers sent, as gRPC initial metadata, with every OTLP export request.
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=32
	// +optional
	Headers []gwapiv1.HTTPHeader `json:"headers,omitempty"`
}

// ProxyAccessLogType is the Envoy component an access log is attached to. Valid values are
// Listener, Route and Upstream.
// +kubebuilder:validation:Enum=Listener;Route;Upstream
type ProxyAccessLogType string

const (
	// ProxyAccessLogTypeListener attaches the log to listeners.
	ProxyAccessLogTypeListener ProxyAccessLogType = "Listener"
	// ProxyAccessLogTypeRoute attaches the log to HTTP, gRPC, TCP and UDP routes.
	ProxyAccessLogTypeRoute ProxyAccessLogType = "Route"
	// ProxyAccessLogTypeUpstream attaches the log to requests sent to backends.
	ProxyAccessLogTypeUpstream ProxyAccessLogType = "Upstream"
)

// ProxyTracing configures distributed tracing for the proxies. It embeds the common Tracing
// settings (sampling fractions, tags, span name) and adds the sampling rate and the provider.
type ProxyTracing struct {
	Tracing `json:",inline"`

	// SamplingRate is the percentage (0 to 100) of requests traced when no earlier sampling
	// decision exists. It cannot be combined with SamplingFraction; when neither is set, every
	// request is sampled.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=100
	// +optional
	SamplingRate *int32 `json:"samplingRate,omitempty"`

	// Provider is the tracing backend spans are sent to.
	// +required
	Provider TracingProvider `json:"provider"`
}

// TracingProvider describes the tracing backend and the protocol used to reach it. The backend is
// referenced through the embedded BackendCluster or, formerly, Host and Port.
type TracingProvider struct {
	BackendCluster `json:",inline"`

	// Type is the tracing protocol: OpenTelemetry, Zipkin or Datadog. Defaults to OpenTelemetry.
	// +kubebuilder:default=OpenTelemetry
	// +required
	Type TracingProviderType `json:"type"`

	// Host is the hostname of the tracing backend.
	//
	// Deprecated: use BackendRefs instead.
	// +optional
	Host *string `json:"host,omitempty"`

	// Port is the port of the tracing backend. Defaults to 4317.
	//
	// Deprecated: use BackendRefs instead.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:default=4317
	// +optional
	Port *int32 `json:"port,omitempty"`

	// ServiceName is the service name reported in traces; by default it is the Gateway's name and
	// namespace joined by a dot. Only the OpenTelemetry and Datadog providers honour it; Zipkin
	// always derives the name from Envoy's service cluster.
	// +optional
	ServiceName *string `json:"serviceName,omitempty"`

	// Zipkin holds settings specific to the Zipkin provider.
	// +optional
	Zipkin *ZipkinTracingProvider `json:"zipkin,omitempty"`

	// OpenTelemetry holds settings specific to the OpenTelemetry provider.
	// +optional
	OpenTelemetry *OpenTelemetryTracingProvider `json:"openTelemetry,omitempty"`
}

// TracingProviderType is the protocol used to export spans. Valid values are OpenTelemetry, Zipkin
// and Datadog.
// +kubebuilder:validation:Enum=OpenTelemetry;Zipkin;Datadog
type TracingProviderType string

const (
	// TracingProviderTypeOpenTelemetry exports spans with the OpenTelemetry protocol (OTLP).
	TracingProviderTypeOpenTelemetry TracingProviderType = "OpenTelemetry"
	// TracingProviderTypeZipkin exports spans to a Zipkin-compatible collector.
	TracingProviderTypeZipkin TracingProviderType = "Zipkin"
	// TracingProviderTypeDatadog exports spans to a Datadog agent.
	TracingProviderTypeDatadog TracingProviderType = "Datadog"
)

// ZipkinTracingProvider holds settings specific to the Zipkin provider.
type ZipkinTracingProvider struct {
	// Enable128BitTraceID, when true, gives new traces 128-bit trace IDs instead of 64-bit ones.
	// +optional
	Enable128BitTraceID *bool `json:"enable128BitTraceId,omitempty"`

	// DisableSharedSpanContext, when true, gives client and server spans separate span contexts
	// instead of the shared one Envoy uses by default.
	// +optional
	DisableSharedSpanContext *bool `json:"disableSharedSpanContext,omitempty"`
}

// OpenTelemetryTracingProvider holds settings specific to the OpenTelemetry tracing provider.
type OpenTelemetryTracingProvider struct {
	// Headers are extra headers sent, as gRPC initial metadata, with every OTLP export request.
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=32
	// +optional
	Headers []gwapiv1.HTTPHeader `json:"headers,omitempty"`

	// ResourceAttributes are resource attributes describing the source of the spans; following the
	// OpenTelemetry semantic conventions is recommended.
	// +optional
	ResourceAttributes map[string]string `json:"resourceAttributes,omitempty"`

	// Sampler selects the OpenTelemetry sampler that decides which spans are exported.
	// +optional
	Sampler *OTelSampler `json:"sampler,omitempty"`
}

// OTelSampler configures the OpenTelemetry sampler, in the same terms as the OTEL_TRACES_SAMPLER
// setting.
type OTelSampler struct {
	// Type is the sampler to use. Defaults to AlwaysOn.
	// +kubebuilder:default=AlwaysOn
	// +required
	Type OTelSamplerType `json:"type"`

	// SamplingPercentage is the share of traces to sample, as used by the trace ID ratio samplers.
	// Defaults to 100% when unset.
	// +optional
	SamplingPercentage *gwapiv1.Fraction `json:"samplingPercentage,omitempty"`
}

// OTelSamplerType names an OpenTelemetry sampler, using the values of the OTEL_TRACES_SAMPLER
// environment variable. Valid values are AlwaysOn, AlwaysOff, TraceIdRatio, ParentBasedAlwaysOn,
// ParentBasedAlwaysOff and ParentBasedTraceIdRatio.
// +kubebuilder:validation:Enum=AlwaysOn;AlwaysOff;TraceIdRatio;ParentBasedAlwaysOn;ParentBasedAlwaysOff;ParentBasedTraceIdRatio
type OTelSamplerType string

const (
	// OTelSamplerTypeAlwaysOn exports every span.
	OTelSamplerTypeAlwaysOn OTelSamplerType = "AlwaysOn"
	// OTelSamplerTypeAlwaysOff exports no spans.
	OTelSamplerTypeAlwaysOff OTelSamplerType = "AlwaysOff"
	// OTelSamplerTypeTraceIDRatio exports a fixed share of traces, chosen from the trace ID.
	OTelSamplerTypeTraceIDRatio OTelSamplerType = "TraceIdRatio"
	// OTelSamplerTypeParentBasedAlwaysOn follows the parent span's decision and samples spans that
	// have no parent.
	OTelSamplerTypeParentBasedAlwaysOn OTelSamplerType = "ParentBasedAlwaysOn"
	// OTelSamplerTypeParentBasedAlwaysOff follows the parent span's decision and drops spans that
	// have no parent.
	OTelSamplerTypeParentBasedAlwaysOff OTelSamplerType = "ParentBasedAlwaysOff"
	// OTelSamplerTypeParentBasedTraceIDRatio follows the parent span's decision and applies the
	// trace ID ratio to spans that have no parent.
	OTelSamplerTypeParentBasedTraceIDRatio OTelSamplerType = "ParentBasedTraceIdRatio"
)

// ProxyMetrics configures proxy metrics: the Prometheus endpoint, push sinks, and which optional
// statistics are produced.
type ProxyMetrics struct {
	// Prometheus configures the /stats/prometheus endpoint of the Envoy admin interface.
	// +optional
	Prometheus *ProxyPrometheusProvider `json:"prometheus,omitempty"`

	// Sinks are destinations metrics are pushed to.
	// +kubebuilder:validation:MaxItems=16
	// +optional
	Sinks []ProxyMetricSink `json:"sinks,omitempty"`

	// Matches restricts the statistics Envoy produces to those whose names match, saving CPU and
	// memory. Take care not to exclude statistics Envoy itself depends on, such as warming cluster
	// and cluster membership counts.
	// +optional
	Matches []StringMatch `json:"matches,omitempty"`

	// EnableVirtualHostStats, when true, produces statistics per virtual host.
	// +optional
	EnableVirtualHostStats *bool `json:"enableVirtualHostStats,omitempty"`

	// EnablePerEndpointStats, when true, produces statistics for each upstream endpoint. Use with
	// care, as the number of metrics can grow large.
	// +optional
	EnablePerEndpointStats *bool `json:"enablePerEndpointStats,omitempty"`

	// EnableRequestResponseSizesStats, when true, records histograms of request and response header
	// and body sizes.
	// +optional
	EnableRequestResponseSizesStats *bool `json:"enableRequestResponseSizesStats,omitempty"`

	// EnableGRPCStats enables the gRPC statistics filter for HTTPRoutes. GRPCRoutes always have it;
	// for HTTPRoutes it is opt-in.
	// +optional
	EnableGRPCStats *bool `json:"enableGRPCStats,omitempty"`

	// ClusterStatName is a pattern for the alt_stat_name of clusters, i.e. the name their
	// statistics are reported under. It may use operators such as %ROUTE_NAME% and
	// %ROUTE_NAMESPACE%, applies only to clusters of HTTPRoutes and GRPCRoutes, and defaults to
	// %ROUTE_KIND%/%ROUTE_NAMESPACE%/%ROUTE_NAME%/rule/%ROUTE_RULE_NUMBER%.
	// +optional
	ClusterStatName *string `json:"clusterStatName,omitempty"`
}

// ProxyPrometheusProvider configures the Prometheus endpoint of the proxies.
type ProxyPrometheusProvider struct {
	// Disable, when true, turns the Prometheus endpoint off.
	// +optional
	Disable *bool `json:"disable,omitempty"`

	// Compression compresses responses of the Prometheus endpoint, trading CPU for bandwidth.
	// +optional
	Compression *Compression `json:"compression,omitempty"`
}

// ProxyMetricSink is a destination metrics are pushed to.
type ProxyMetricSink struct {
	// Type is the kind of sink. Only OpenTelemetry is supported, and it is the default.
	// +kubebuilder:default=OpenTelemetry
	// +required
	Type MetricSinkType `json:"type"`

	// OpenTelemetry configures the OpenTelemetry sink; required when Type is OpenTelemetry.
	// +optional
	OpenTelemetry *ProxyOpenTelemetrySink `json:"openTelemetry,omitempty"`
}

// MetricSinkType is the kind of metric sink. The only valid value is OpenTelemetry.
// +kubebuilder:validation:Enum=OpenTelemetry
type MetricSinkType string

const (
	// MetricSinkTypeOpenTelemetry pushes metrics over OTLP to an OpenTelemetry collector.
	MetricSinkTypeOpenTelemetry MetricSinkType = "OpenTelemetry"
)

// ProxyOpenTelemetrySink pushes metrics to an OpenTelemetry collector, referenced through the
// embedded BackendCluster or, formerly, Host and Port.
type ProxyOpenTelemetrySink struct {
	BackendCluster `json:",inline"`

	// Host is the hostname of the collector.
	//
	// Deprecated: use BackendRefs instead.
	// +optional
	Host *string `json:"host,omitempty"`

	// Port is the port of the collector. Defaults to 4317.
	//
	// Deprecated: use BackendRefs instead.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=65535
	// +kubebuilder:default=4317
	// +optional
	Port *int32 `json:"port,omitempty"`

	// ReportCountersAsDeltas, when true, reports counters with delta temporality instead of
	// cumulative.
	// +optional
	ReportCountersAsDeltas *bool `json:"reportCountersAsDeltas,omitempty"`

	// ReportHistogramsAsDeltas, when true, reports histograms with delta temporality instead of
	// cumulative, as some backends (Elastic, for one) require.
	// +optional
	ReportHistogramsAsDeltas *bool `json:"reportHistogramsAsDeltas,omitempty"`

	// Headers are extra headers sent, as gRPC initial metadata, with every OTLP export request.
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=32
	// +optional
	Headers []gwapiv1.HTTPHeader `json:"headers,omitempty"`

	// ResourceAttributes are resource attributes describing the source of the metrics; following
	// the OpenTelemetry semantic conventions is recommended.
	// +optional
	ResourceAttributes map[string]string `json:"resourceAttributes,omitempty"`
}
