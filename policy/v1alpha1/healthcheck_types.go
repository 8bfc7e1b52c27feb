package v1alpha1

import (
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// HealthCheck decides which backend endpoints are healthy enough to receive
// traffic.
//
// Active checks send periodic probes (HTTP, TCP or gRPC) to every endpoint;
// passive checks, Envoy's outlier detection, watch real traffic and
// temporarily eject endpoints that keep failing. Both may be used together.
type HealthCheck struct {
	// Active enables periodic probing of every endpoint. When unset, no probes
	// are sent.
	// +optional
	Active *ActiveHealthCheck `json:"active,omitempty"`

	// Passive enables outlier detection, which ejects endpoints based on errors
	// seen in live traffic. When unset, endpoints are never ejected this way.
	// +optional
	Passive *PassiveHealthCheck `json:"passive,omitempty"`

	// PanicThreshold is the percentage of healthy endpoints below which Envoy
	// stops honouring health status and spreads traffic over all endpoints, so
	// that failures do not pile onto the few survivors. It defaults to 50; 0
	// disables panic mode.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=100
	// +optional
	PanicThreshold *int32 `json:"panicThreshold,omitempty"`
}

// ActiveHealthCheck configures periodic probes sent by Envoy to each endpoint.
// Type selects the probe kind, and only the matching HTTP, TCP or GRPC field
// may be set (HTTP and TCP require theirs, GRPC's is optional).
type ActiveHealthCheck struct {
	// Timeout is how long Envoy waits for a probe response before counting the
	// probe as failed. It defaults to 1s.
	// +kubebuilder:default="1s"
	// +optional
	Timeout *gwapiv1.Duration `json:"timeout,omitempty"`

	// Interval is the time between two probes of the same endpoint. It defaults
	// to 3s.
	// +kubebuilder:default="3s"
	// +optional
	Interval *gwapiv1.Duration `json:"interval,omitempty"`

	// InitialJitter delays the first probe by a random time between zero and this
	// value, so that probes from many Envoy instances are spread out.
	// +optional
	InitialJitter *gwapiv1.Duration `json:"initialJitter,omitempty"`

	// UnhealthyThreshold is the number of failed probes in a row needed to mark
	// an endpoint unhealthy. Without RetriableStatuses any failure marks the
	// endpoint unhealthy at once; retriable statuses count toward this threshold.
	// It defaults to 3.
	// +kubebuilder:validation:Minimum=1
	// +kubebuilder:default=3
	// +optional
	UnhealthyThreshold *int32 `json:"unhealthyThreshold,omitempty"`

	// HealthyThreshold is the number of successful probes in a row needed to mark
	// an endpoint healthy again. It defaults to 1.
	// +kubebuilder:validation:Minimum=1
	// +kubebuilder:default=1
	// +optional
	HealthyThreshold *int32 `json:"healthyThreshold,omitempty"`

	// Type is the kind of probe to send: HTTP, TCP or GRPC.
	// +required
	Type ActiveHealthCheckerType `json:"type"`

	// HTTP configures the HTTP probe. It is required when Type is HTTP and
	// forbidden otherwise.
	// +optional
	HTTP *HTTPActiveHealthChecker `json:"http,omitempty"`

	// TCP configures the TCP probe. It is required when Type is TCP and forbidden
	// otherwise.
	// +optional
	TCP *TCPActiveHealthChecker `json:"tcp,omitempty"`

	// GRPC configures the gRPC probe. It is optional and only allowed when Type
	// is GRPC.
	// +optional
	GRPC *GRPCActiveHealthChecker `json:"grpc,omitempty"`

	// Overrides replaces settings such as the port used for probes, for all
	// endpoints of the cluster, when health is served differently from regular
	// traffic.
	// +optional
	Overrides *HealthCheckOverrides `json:"overrides,omitempty"`

	// HealthCheckLog writes probe events for this cluster to the configured
	// sinks. When set, it takes precedence over the gateway-wide health check log
	// in the EnvoyProxy telemetry settings.
	// +optional
	HealthCheckLog *ProxyHealthCheckLog `json:"healthCheckLog,omitempty"`
}

// ActiveHealthCheckerType is the kind of active health probe.
type ActiveHealthCheckerType string

const (
	// ActiveHealthCheckerTypeHTTP probes endpoints with HTTP requests.
	ActiveHealthCheckerTypeHTTP ActiveHealthCheckerType = "HTTP"
	// ActiveHealthCheckerTypeTCP probes endpoints by opening a TCP connection and
	// optionally exchanging payloads.
	ActiveHealthCheckerTypeTCP ActiveHealthCheckerType = "TCP"
	// ActiveHealthCheckerTypeGRPC probes endpoints with the standard gRPC health
	// checking protocol.
	ActiveHealthCheckerTypeGRPC ActiveHealthCheckerType = "GRPC"
)

// HTTPActiveHealthChecker configures HTTP probes.
type HTTPActiveHealthChecker struct {
	// Hostname is the Host header sent with the probe. When unset, the hostname
	// of the Backend endpoint is used if there is one, otherwise the route's
	// hostname.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=253
	// +kubebuilder:validation:Pattern=`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`
	// +optional
	Hostname *string `json:"hostname,omitempty"`

	// Path is the request path probed on each endpoint.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=1024
	// +required
	Path string `json:"path"`

	// Method is the HTTP method of the probe. It defaults to GET.
	// +kubebuilder:validation:MaxLength=16
	// +optional
	Method *string `json:"method,omitempty"`

	// ExpectedStatuses lists the response status codes that count as healthy.
	// When empty, only 200 does.
	// +optional
	ExpectedStatuses []HTTPStatus `json:"expectedStatuses,omitempty"`

	// RetriableStatuses lists status codes that count as failures toward
	// UnhealthyThreshold without marking the endpoint unhealthy immediately.
	// ExpectedStatuses wins where the two overlap.
	// +optional
	RetriableStatuses []HTTPStatus `json:"retriableStatuses,omitempty"`

	// ExpectedResponse is a payload the response body must contain for the probe
	// to succeed. When unset, the body is not checked.
	// +optional
	ExpectedResponse *ActiveHealthCheckPayload `json:"expectedResponse,omitempty"`

	// RequestBody is the body sent with the probe request. It may only be set
	// when Method is POST or PUT.
	// +optional
	RequestBody *ActiveHealthCheckPayload `json:"requestBody,omitempty"`
}

// ActiveHealthCheckPayload is a probe payload given either as text or as raw
// bytes. Exactly the field matching Type must be set.
type ActiveHealthCheckPayload struct {
	// Type says whether the payload is in Text or in Binary.
	// +required
	Type ActiveHealthCheckPayloadType `json:"type"`

	// Text is the payload as a plain string; it must be set when Type is Text and
	// only then.
	// +optional
	Text *string `json:"text,omitempty"`

	// Binary is the payload as raw bytes, base64-encoded in YAML or JSON; it must
	// be set when Type is Binary and only then.
	// +optional
	Binary []byte `json:"binary,omitempty"`
}

// ActiveHealthCheckPayloadType is how a probe payload is encoded.
type ActiveHealthCheckPayloadType string

const (
	// ActiveHealthCheckPayloadTypeText means the payload is in the Text field.
	ActiveHealthCheckPayloadTypeText ActiveHealthCheckPayloadType = "Text"
	// ActiveHealthCheckPayloadTypeBinary means the payload is in the Binary
	// field.
	ActiveHealthCheckPayloadTypeBinary ActiveHealthCheckPayloadType = "Binary"
)

// TCPActiveHealthChecker configures TCP probes. With neither field set, a
// successful connection alone counts as healthy.
type TCPActiveHealthChecker struct {
	// Send is the payload written to the connection once it is open.
	// +optional
	Send *ActiveHealthCheckPayload `json:"send,omitempty"`

	// Receive is the payload that must appear in the data read back for the probe
	// to succeed.
	// +optional
	Receive *ActiveHealthCheckPayload `json:"receive,omitempty"`
}

// GRPCActiveHealthChecker configures probes that use the gRPC health checking
// protocol (grpc.health.v1.Health/Check).
type GRPCActiveHealthChecker struct {
	// Service is the service name put in the health check request. When unset,
	// the probe asks about the server as a whole.
	// +optional
	Service *string `json:"service,omitempty"`
}

// HealthCheckOverrides replaces selected probe settings for all endpoints of a
// cluster.
type HealthCheckOverrides struct {
	// Port is the port probes are sent to, for services that serve health checks
	// on a separate port. When unset, the endpoint's serving port is used.
	// +kubebuilder:validation:Minimum=1
	// +kubebuilder:validation:Maximum=65535
	// +optional
	Port *int32 `json:"port,omitempty"`
}

// ProxyHealthCheckLog configures logging of active health check events, such
// as failed probes and health state changes.
type ProxyHealthCheckLog struct {
	// Sinks says where events are written; at most one sink is supported. When
	// empty, events go to /dev/stdout.
	// +kubebuilder:validation:MaxItems=1
	// +optional
	Sinks []ProxyHealthCheckLogSink `json:"sinks,omitempty"`

	// Matches selects which probe outcomes are logged; an event is logged if it
	// matches any entry. When empty, all events are logged. Failure and success
	// kinds must be given together: listing one of Failure or FailureSeriesStart
	// requires one of Success or HealthyTransition, and vice versa.
	// +kubebuilder:validation:MaxItems=4
	// +listType=set
	// +optional
	Matches []ProxyHealthCheckLogEventType `json:"matches,omitempty"`
}

// ProxyHealthCheckLogSink is one destination for health check events.
type ProxyHealthCheckLogSink struct {
	// Type is the kind of sink; only File is supported.
	// +required
	Type ProxyHealthCheckLogSinkType `json:"type"`

	// File configures the file sink; it must be set when Type is File and only
	// then.
	// +optional
	File *FileEnvoyProxyHealthCheckLog `json:"file,omitempty"`
}

// ProxyHealthCheckLogSinkType is the kind of a health check log sink.
// +kubebuilder:validation:Enum=File
type ProxyHealthCheckLogSinkType string

const (
	// ProxyHealthCheckLogSinkTypeFile writes events as JSON to a local file.
	ProxyHealthCheckLogSinkTypeFile ProxyHealthCheckLogSinkType = "File"
)

// FileEnvoyProxyHealthCheckLog is a sink that writes health check events,
// encoded as JSON, to a file inside the Envoy container.
type FileEnvoyProxyHealthCheckLog struct {
	// Path is the file to write to; use /dev/stdout to send events to the
	// container log.
	// +kubebuilder:validation:MinLength=1
	// +required
	Path string `json:"path"`
}

// ProxyHealthCheckLogEventType selects a class of probe outcomes to log.
// +kubebuilder:validation:Enum=Failure;FailureSeriesStart;Success;HealthyTransition
type ProxyHealthCheckLogEventType string

const (
	// ProxyHealthCheckLogEventTypeFailure logs every failed probe, whatever the
	// endpoint's current health.
	ProxyHealthCheckLogEventTypeFailure ProxyHealthCheckLogEventType = "Failure"
	// ProxyHealthCheckLogEventTypeFailureSeriesStart logs only the first failure
	// of each run of consecutive failures, whether or not the run ends up marking
	// the endpoint unhealthy.
	ProxyHealthCheckLogEventTypeFailureSeriesStart ProxyHealthCheckLogEventType = "FailureSeriesStart"
	// ProxyHealthCheckLogEventTypeSuccess logs every successful probe, whatever
	// the endpoint's current health.
	ProxyHealthCheckLogEventTypeSuccess ProxyHealthCheckLogEventType = "Success"
	// ProxyHealthCheckLogEventTypeHealthyTransition logs the first success of
	// each run of consecutive successes and the moment the endpoint becomes
	// healthy again.
	ProxyHealthCheckLogEventTypeHealthyTransition ProxyHealthCheckLogEventType = "HealthyTransition"
)

// PassiveHealthCheck configures Envoy's outlier detection: endpoints that
// produce too many errors in live traffic are ejected from the load balancing
// pool for a while, then brought back. No probes are sent.
type PassiveHealthCheck struct {
	// SplitExternalLocalOriginErrors, when true, counts locally originated errors
	// (connection failures, timeouts, resets) separately from errors returned by
	// the endpoint, so each can trigger ejection on its own threshold. It
	// defaults to false.
	// +kubebuilder:default=false
	// +optional
	SplitExternalLocalOriginErrors *bool `json:"splitExternalLocalOriginErrors,omitempty"`

	// Interval is how often outlier detection evaluates endpoints and decides on
	// ejections. It defaults to 3s.
	// +kubebuilder:default="3s"
	// +optional
	Interval *gwapiv1.Duration `json:"interval,omitempty"`

	// ConsecutiveLocalOriginFailures is the number of locally originated failures
	// in a row that ejects an endpoint. It only applies when
	// SplitExternalLocalOriginErrors is true, and defaults to 5.
	// +kubebuilder:default=5
	// +optional
	ConsecutiveLocalOriginFailures *int32 `json:"consecutiveLocalOriginFailures,omitempty"`

	// ConsecutiveGatewayErrors is the number of gateway errors (502, 503 or 504)
	// in a row that ejects an endpoint.
	// +optional
	ConsecutiveGatewayErrors *int32 `json:"consecutiveGatewayErrors,omitempty"`

	// Consecutive5XxErrors is the number of 5xx responses in a row that ejects an
	// endpoint. It defaults to 5.
	// +kubebuilder:default=5
	// +optional
	Consecutive5XxErrors *int32 `json:"consecutive5XxErrors,omitempty"`

	// BaseEjectionTime is how long an endpoint stays ejected the first time;
	// repeated ejections of the same endpoint last proportionally longer. It
	// defaults to 30s.
	// +kubebuilder:default="30s"
	// +optional
	BaseEjectionTime *gwapiv1.Duration `json:"baseEjectionTime,omitempty"`

	// MaxEjectionPercent is the largest share of the cluster's endpoints, from 0
	// to 100 percent, that may be ejected at once. It defaults to 10.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=100
	// +kubebuilder:default=10
	// +optional
	MaxEjectionPercent *int32 `json:"maxEjectionPercent,omitempty"`

	// FailurePercentageThreshold ejects an endpoint whose share of failed
	// requests reaches this percentage, from 0 to 100. It defaults to 85.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=100
	// +optional
	FailurePercentageThreshold *int32 `json:"failurePercentageThreshold,omitempty"`

	// AlwaysEjectOneEndpoint, when true, lets at least one endpoint be ejected
	// regardless of MaxEjectionPercent. It defaults to false.
	// +kubebuilder:default=false
	// +optional
	AlwaysEjectOneEndpoint *bool `json:"alwaysEjectOneEndpoint,omitempty"`
}
