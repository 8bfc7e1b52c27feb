package v1alpha1

import (
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// HealthCheck is TODO.
type HealthCheck struct {
	// Active is TODO.
	// +optional
	Active *ActiveHealthCheck `json:"active,omitempty"`

	// Passive is TODO.
	// +optional
	Passive *PassiveHealthCheck `json:"passive,omitempty"`

	// PanicThreshold is TODO.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=100
	// +optional
	PanicThreshold *int32 `json:"panicThreshold,omitempty"`
}

// ActiveHealthCheck is TODO.
type ActiveHealthCheck struct {
	// Timeout is TODO.
	// +kubebuilder:default="1s"
	// +optional
	Timeout *gwapiv1.Duration `json:"timeout,omitempty"`

	// Interval is TODO.
	// +kubebuilder:default="3s"
	// +optional
	Interval *gwapiv1.Duration `json:"interval,omitempty"`

	// InitialJitter is TODO.
	// +optional
	InitialJitter *gwapiv1.Duration `json:"initialJitter,omitempty"`

	// UnhealthyThreshold is TODO.
	// +kubebuilder:validation:Minimum=1
	// +kubebuilder:default=3
	// +optional
	UnhealthyThreshold *int32 `json:"unhealthyThreshold,omitempty"`

	// HealthyThreshold is TODO.
	// +kubebuilder:validation:Minimum=1
	// +kubebuilder:default=1
	// +optional
	HealthyThreshold *int32 `json:"healthyThreshold,omitempty"`

	// Type is TODO.
	// +required
	Type ActiveHealthCheckerType `json:"type"`

	// HTTP is TODO.
	// +optional
	HTTP *HTTPActiveHealthChecker `json:"http,omitempty"`

	// TCP is TODO.
	// +optional
	TCP *TCPActiveHealthChecker `json:"tcp,omitempty"`

	// GRPC is TODO.
	// +optional
	GRPC *GRPCActiveHealthChecker `json:"grpc,omitempty"`

	// Overrides is TODO.
	// +optional
	Overrides *HealthCheckOverrides `json:"overrides,omitempty"`

	// HealthCheckLog is TODO.
	// +optional
	HealthCheckLog *ProxyHealthCheckLog `json:"healthCheckLog,omitempty"`
}

// ActiveHealthCheckerType is TODO.
type ActiveHealthCheckerType string

const (
	// ActiveHealthCheckerTypeHTTP is TODO.
	ActiveHealthCheckerTypeHTTP ActiveHealthCheckerType = "HTTP"
	// ActiveHealthCheckerTypeTCP is TODO.
	ActiveHealthCheckerTypeTCP ActiveHealthCheckerType = "TCP"
	// ActiveHealthCheckerTypeGRPC is TODO.
	ActiveHealthCheckerTypeGRPC ActiveHealthCheckerType = "GRPC"
)

// HTTPActiveHealthChecker is TODO.
type HTTPActiveHealthChecker struct {
	// Hostname is TODO.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=253
	// +kubebuilder:validation:Pattern=`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`
	// +optional
	Hostname *string `json:"hostname,omitempty"`

	// Path is TODO.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=1024
	// +required
	Path string `json:"path"`

	// Method is TODO.
	// +kubebuilder:validation:MaxLength=16
	// +optional
	Method *string `json:"method,omitempty"`

	// ExpectedStatuses is TODO.
	// +optional
	ExpectedStatuses []HTTPStatus `json:"expectedStatuses,omitempty"`

	// RetriableStatuses is TODO.
	// +optional
	RetriableStatuses []HTTPStatus `json:"retriableStatuses,omitempty"`

	// ExpectedResponse is TODO.
	// +optional
	ExpectedResponse *ActiveHealthCheckPayload `json:"expectedResponse,omitempty"`

	// RequestBody is TODO.
	// +optional
	RequestBody *ActiveHealthCheckPayload `json:"requestBody,omitempty"`
}

// ActiveHealthCheckPayload is TODO.
type ActiveHealthCheckPayload struct {
	// Type is TODO.
	// +required
	Type ActiveHealthCheckPayloadType `json:"type"`

	// Text is TODO.
	// +optional
	Text *string `json:"text,omitempty"`

	// Binary is TODO.
	// +optional
	Binary []byte `json:"binary,omitempty"`
}

// ActiveHealthCheckPayloadType is TODO.
type ActiveHealthCheckPayloadType string

const (
	// ActiveHealthCheckPayloadTypeText is TODO.
	ActiveHealthCheckPayloadTypeText ActiveHealthCheckPayloadType = "Text"
	// ActiveHealthCheckPayloadTypeBinary is TODO.
	ActiveHealthCheckPayloadTypeBinary ActiveHealthCheckPayloadType = "Binary"
)

// TCPActiveHealthChecker is TODO.
type TCPActiveHealthChecker struct {
	// Send is TODO.
	// +optional
	Send *ActiveHealthCheckPayload `json:"send,omitempty"`

	// Receive is TODO.
	// +optional
	Receive *ActiveHealthCheckPayload `json:"receive,omitempty"`
}

// GRPCActiveHealthChecker is TODO.
type GRPCActiveHealthChecker struct {
	// Service is TODO.
	// +optional
	Service *string `json:"service,omitempty"`
}

// HealthCheckOverrides is TODO.
type HealthCheckOverrides struct {
	// Port is TODO.
	// +kubebuilder:validation:Minimum=1
	// +kubebuilder:validation:Maximum=65535
	// +optional
	Port *int32 `json:"port,omitempty"`
}

// ProxyHealthCheckLog is TODO.
type ProxyHealthCheckLog struct {
	// Sinks is TODO.
	// +kubebuilder:validation:MaxItems=1
	// +optional
	Sinks []ProxyHealthCheckLogSink `json:"sinks,omitempty"`

	// Matches is TODO.
	// +kubebuilder:validation:MaxItems=4
	// +listType=set
	// +optional
	Matches []ProxyHealthCheckLogEventType `json:"matches,omitempty"`
}

// ProxyHealthCheckLogSink is TODO.
type ProxyHealthCheckLogSink struct {
	// Type is TODO.
	// +required
	Type ProxyHealthCheckLogSinkType `json:"type"`

	// File is TODO.
	// +optional
	File *FileEnvoyProxyHealthCheckLog `json:"file,omitempty"`
}

// ProxyHealthCheckLogSinkType is TODO.
// +kubebuilder:validation:Enum=File
type ProxyHealthCheckLogSinkType string

const (
	// ProxyHealthCheckLogSinkTypeFile is TODO.
	ProxyHealthCheckLogSinkTypeFile ProxyHealthCheckLogSinkType = "File"
)

// FileEnvoyProxyHealthCheckLog is TODO.
type FileEnvoyProxyHealthCheckLog struct {
	// Path is TODO.
	// +kubebuilder:validation:MinLength=1
	// +required
	Path string `json:"path"`
}

// ProxyHealthCheckLogEventType is TODO.
// +kubebuilder:validation:Enum=Failure;FailureSeriesStart;Success;HealthyTransition
type ProxyHealthCheckLogEventType string

const (
	// ProxyHealthCheckLogEventTypeFailure is TODO.
	ProxyHealthCheckLogEventTypeFailure ProxyHealthCheckLogEventType = "Failure"
	// ProxyHealthCheckLogEventTypeFailureSeriesStart is TODO.
	ProxyHealthCheckLogEventTypeFailureSeriesStart ProxyHealthCheckLogEventType = "FailureSeriesStart"
	// ProxyHealthCheckLogEventTypeSuccess is TODO.
	ProxyHealthCheckLogEventTypeSuccess ProxyHealthCheckLogEventType = "Success"
	// ProxyHealthCheckLogEventTypeHealthyTransition is TODO.
	ProxyHealthCheckLogEventTypeHealthyTransition ProxyHealthCheckLogEventType = "HealthyTransition"
)

// PassiveHealthCheck is TODO.
type PassiveHealthCheck struct {
	// SplitExternalLocalOriginErrors is TODO.
	// +kubebuilder:default=false
	// +optional
	SplitExternalLocalOriginErrors *bool `json:"splitExternalLocalOriginErrors,omitempty"`

	// Interval is TODO.
	// +kubebuilder:default="3s"
	// +optional
	Interval *gwapiv1.Duration `json:"interval,omitempty"`

	// ConsecutiveLocalOriginFailures is TODO.
	// +kubebuilder:default=5
	// +optional
	ConsecutiveLocalOriginFailures *int32 `json:"consecutiveLocalOriginFailures,omitempty"`

	// ConsecutiveGatewayErrors is TODO.
	// +optional
	ConsecutiveGatewayErrors *int32 `json:"consecutiveGatewayErrors,omitempty"`

	// Consecutive5XxErrors is TODO.
	// +kubebuilder:default=5
	// +optional
	Consecutive5XxErrors *int32 `json:"consecutive5XxErrors,omitempty"`

	// BaseEjectionTime is TODO.
	// +kubebuilder:default="30s"
	// +optional
	BaseEjectionTime *gwapiv1.Duration `json:"baseEjectionTime,omitempty"`

	// MaxEjectionPercent is TODO.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=100
	// +kubebuilder:default=10
	// +optional
	MaxEjectionPercent *int32 `json:"maxEjectionPercent,omitempty"`

	// FailurePercentageThreshold is TODO.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=100
	// +optional
	FailurePercentageThreshold *int32 `json:"failurePercentageThreshold,omitempty"`

	// AlwaysEjectOneEndpoint is TODO.
	// +kubebuilder:default=false
	// +optional
	AlwaysEjectOneEndpoint *bool `json:"alwaysEjectOneEndpoint,omitempty"`
}
