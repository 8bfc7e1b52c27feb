package v1alpha1

import (
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// +kubebuilder:object:root=true
// +kubebuilder:resource:categories=envoy-gateway,shortName=btp
// +kubebuilder:subresource:status
// +kubebuilder:storageversion
// +kubebuilder:printcolumn:name="Age",type=date,JSONPath=`.metadata.creationTimestamp`

// BackendTrafficPolicy is TODO.
type BackendTrafficPolicy struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	// Spec is TODO.
	// +required
	Spec BackendTrafficPolicySpec `json:"spec"`

	// Status is TODO.
	// +optional
	Status gwapiv1.PolicyStatus `json:"status,omitempty"`
}

// +kubebuilder:object:root=true

// BackendTrafficPolicyList is TODO.
type BackendTrafficPolicyList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []BackendTrafficPolicy `json:"items"`
}

// BackendTrafficPolicySpec is TODO.
type BackendTrafficPolicySpec struct {
	ClusterSettings `json:",inline"`

	PolicyTargetReferences `json:",inline"`

	// MergeType is TODO.
	// +optional
	MergeType *MergeType `json:"mergeType,omitempty"`

	// RateLimit is TODO.
	// +optional
	RateLimit *RateLimitSpec `json:"rateLimit,omitempty"`

	// BandwidthLimit is TODO.
	// +optional
	BandwidthLimit *BandwidthLimitSpec `json:"bandwidthLimit,omitempty"`

	// FaultInjection is TODO.
	// +optional
	FaultInjection *FaultInjection `json:"faultInjection,omitempty"`

	// AdmissionControl is TODO.
	// +optional
	AdmissionControl *AdmissionControl `json:"admissionControl,omitempty"`

	// UseClientProtocol is TODO.
	// +optional
	UseClientProtocol *bool `json:"useClientProtocol,omitempty"`

	// Compression is TODO.
	// +optional
	Compression []Compression `json:"compression,omitempty"`

	// Compressor is TODO.
	// +optional
	Compressor []Compression `json:"compressor,omitempty"`

	// ResponseOverride is TODO.
	// +optional
	ResponseOverride []ResponseOverride `json:"responseOverride,omitempty"`

	// HttpUpgrade is TODO.
	// +optional
	HttpUpgrade []ProtocolUpgradeConfig `json:"httpUpgrade,omitempty"`

	// RequestBuffer is TODO.
	// +optional
	RequestBuffer *RequestBuffer `json:"requestBuffer,omitempty"`

	// Telemetry is TODO.
	// +optional
	Telemetry *BackendTelemetry `json:"telemetry,omitempty"`

	// RoutingType is TODO.
	// +optional
	RoutingType *RoutingType `json:"routingType,omitempty"`
}

// FaultInjection is TODO.
type FaultInjection struct {
	// Delay is TODO.
	// +optional
	Delay *FaultInjectionDelay `json:"delay,omitempty"`

	// Abort is TODO.
	// +optional
	Abort *FaultInjectionAbort `json:"abort,omitempty"`
}

// FaultInjectionDelay is TODO.
type FaultInjectionDelay struct {
	// FixedDelay is TODO.
	// +required
	FixedDelay gwapiv1.Duration `json:"fixedDelay"`

	// Percentage is TODO.
	// +kubebuilder:default=100
	// +optional
	Percentage *float64 `json:"percentage,omitempty"`
}

// FaultInjectionAbort is TODO.
type FaultInjectionAbort struct {
	// HttpStatus is TODO.
	// +kubebuilder:validation:Minimum=200
	// +kubebuilder:validation:Maximum=600
	// +optional
	HttpStatus *int32 `json:"httpStatus,omitempty"`

	// GrpcStatus is TODO.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=16
	// +optional
	GrpcStatus *int32 `json:"grpcStatus,omitempty"`

	// Percentage is TODO.
	// +kubebuilder:default=100
	// +optional
	Percentage *float64 `json:"percentage,omitempty"`
}

// AdmissionControl is TODO.
type AdmissionControl struct {
	// SamplingWindow is TODO.
	// +optional
	SamplingWindow *gwapiv1.Duration `json:"samplingWindow,omitempty"`

	// MinSuccessRate is TODO.
	// +kubebuilder:validation:Minimum=1
	// +kubebuilder:validation:Maximum=100
	// +optional
	MinSuccessRate *int32 `json:"minSuccessRate,omitempty"`

	// RejectionAggression is TODO.
	// +kubebuilder:validation:Minimum=1
	// +optional
	RejectionAggression *int32 `json:"rejectionAggression,omitempty"`

	// MinRequestRate is TODO.
	// +kubebuilder:validation:Minimum=0
	// +optional
	MinRequestRate *int32 `json:"minRequestRate,omitempty"`

	// MaxRejectionPercent is TODO.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=100
	// +optional
	MaxRejectionPercent *int32 `json:"maxRejectionPercent,omitempty"`

	// SuccessCriteria is TODO.
	// +optional
	SuccessCriteria *AdmissionControlSuccessCriteria `json:"successCriteria,omitempty"`
}

// AdmissionControlSuccessCriteria is TODO.
type AdmissionControlSuccessCriteria struct {
	// HTTP is TODO.
	// +optional
	HTTP *HTTPSuccessCriteria `json:"http,omitempty"`

	// GRPC is TODO.
	// +optional
	GRPC *GRPCSuccessCriteria `json:"grpc,omitempty"`
}

// HTTPSuccessCriteria is TODO.
type HTTPSuccessCriteria struct {
	// StatusCodes is TODO.
	// +optional
	StatusCodes []HTTPStatus `json:"statusCodes,omitempty"`
}

// GRPCSuccessCriteria is TODO.
type GRPCSuccessCriteria struct {
	// StatusCodes is TODO.
	// +optional
	StatusCodes []GRPCSuccessCode `json:"statusCodes,omitempty"`
}

// GRPCSuccessCode is TODO.
// +kubebuilder:validation:Enum=Ok;Cancelled;Unknown;InvalidArgument;DeadlineExceeded;NotFound;AlreadyExists;PermissionDenied;ResourceExhausted;FailedPrecondition;Aborted;OutOfRange;Unimplemented;Internal;Unavailable;DataLoss;Unauthenticated
type GRPCSuccessCode string

const (
	// GRPCSuccessCodeOk is TODO.
	GRPCSuccessCodeOk GRPCSuccessCode = "Ok"
	// GRPCSuccessCodeCancelled is TODO.
	GRPCSuccessCodeCancelled GRPCSuccessCode = "Cancelled"
	// GRPCSuccessCodeUnknown is TODO.
	GRPCSuccessCodeUnknown GRPCSuccessCode = "Unknown"
	// GRPCSuccessCodeInvalidArgument is TODO.
	GRPCSuccessCodeInvalidArgument GRPCSuccessCode = "InvalidArgument"
	// GRPCSuccessCodeDeadlineExceeded is TODO.
	GRPCSuccessCodeDeadlineExceeded GRPCSuccessCode = "DeadlineExceeded"
	// GRPCSuccessCodeNotFound is TODO.
	GRPCSuccessCodeNotFound GRPCSuccessCode = "NotFound"
	// GRPCSuccessCodeAlreadyExists is TODO.
	GRPCSuccessCodeAlreadyExists GRPCSuccessCode = "AlreadyExists"
	// GRPCSuccessCodePermissionDenied is TODO.
	GRPCSuccessCodePermissionDenied GRPCSuccessCode = "PermissionDenied"
	// GRPCSuccessCodeResourceExhausted is TODO.
	GRPCSuccessCodeResourceExhausted GRPCSuccessCode = "ResourceExhausted"
	// GRPCSuccessCodeFailedPrecondition is TODO.
	GRPCSuccessCodeFailedPrecondition GRPCSuccessCode = "FailedPrecondition"
	// GRPCSuccessCodeAborted is TODO.
	GRPCSuccessCodeAborted GRPCSuccessCode = "Aborted"
	// GRPCSuccessCodeOutOfRange is TODO.
	GRPCSuccessCodeOutOfRange GRPCSuccessCode = "OutOfRange"
	// GRPCSuccessCodeUnimplemented is TODO.
	GRPCSuccessCodeUnimplemented GRPCSuccessCode = "Unimplemented"
	// GRPCSuccessCodeInternal is TODO.
	GRPCSuccessCodeInternal GRPCSuccessCode = "Internal"
	// GRPCSuccessCodeUnavailable is TODO.
	GRPCSuccessCodeUnavailable GRPCSuccessCode = "Unavailable"
	// GRPCSuccessCodeDataLoss is TODO.
	GRPCSuccessCodeDataLoss GRPCSuccessCode = "DataLoss"
	// GRPCSuccessCodeUnauthenticated is TODO.
	GRPCSuccessCodeUnauthenticated GRPCSuccessCode = "Unauthenticated"
)

// ProtocolUpgradeConfig is TODO.
type ProtocolUpgradeConfig struct {
	// Type is TODO.
	// +required
	Type string `json:"type"`

	// Connect is TODO.
	// +optional
	Connect *ConnectConfig `json:"connect,omitempty"`
}

// ConnectConfig is TODO.
type ConnectConfig struct {
	// Terminate is TODO.
	// +optional
	Terminate *bool `json:"terminate,omitempty"`
}

// RequestBuffer is TODO.
type RequestBuffer struct {
	// Limit is TODO.
	// +optional
	Limit *resource.Quantity `json:"limit,omitempty"`
}

// BackendTelemetry is TODO.
type BackendTelemetry struct {
	// Tracing is TODO.
	// +optional
	Tracing *Tracing `json:"tracing,omitempty"`

	// Metrics is TODO.
	// +optional
	Metrics *BackendMetrics `json:"metrics,omitempty"`
}

// BackendMetrics is TODO.
type BackendMetrics struct {
	// RouteStatName is TODO.
	// +optional
	RouteStatName *string `json:"routeStatName,omitempty"`
}
