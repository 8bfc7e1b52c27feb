package v1alpha1

import (
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// Retry is TODO.
type Retry struct {
	// NumRetries is TODO.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:default=2
	// +optional
	NumRetries *int32 `json:"numRetries,omitempty"`

	// NumAttemptsPerPriority is TODO.
	// +optional
	NumAttemptsPerPriority *int32 `json:"numAttemptsPerPriority,omitempty"`

	// RetryOn is TODO.
	// +optional
	RetryOn *RetryOn `json:"retryOn,omitempty"`

	// PerRetry is TODO.
	// +optional
	PerRetry *PerRetryPolicy `json:"perRetry,omitempty"`
}

// RetryOn is TODO.
type RetryOn struct {
	// Triggers is TODO.
	// +optional
	Triggers []TriggerEnum `json:"triggers,omitempty"`

	// HttpStatusCodes is TODO.
	// +optional
	HttpStatusCodes []HTTPStatus `json:"httpStatusCodes,omitempty"`
}

// TriggerEnum is TODO.
// +kubebuilder:validation:Enum="5xx";gateway-error;reset;reset-before-request;connect-failure;retriable-4xx;refused-stream;retriable-status-codes;cancelled;deadline-exceeded;internal;resource-exhausted;unavailable
type TriggerEnum string

const (
	// TriggerEnumV5xx is TODO.
	TriggerEnumV5xx TriggerEnum = "5xx"
	// TriggerEnumGatewayError is TODO.
	TriggerEnumGatewayError TriggerEnum = "gateway-error"
	// TriggerEnumReset is TODO.
	TriggerEnumReset TriggerEnum = "reset"
	// TriggerEnumResetBeforeRequest is TODO.
	TriggerEnumResetBeforeRequest TriggerEnum = "reset-before-request"
	// TriggerEnumConnectFailure is TODO.
	TriggerEnumConnectFailure TriggerEnum = "connect-failure"
	// TriggerEnumRetriable4xx is TODO.
	TriggerEnumRetriable4xx TriggerEnum = "retriable-4xx"
	// TriggerEnumRefusedStream is TODO.
	TriggerEnumRefusedStream TriggerEnum = "refused-stream"
	// TriggerEnumRetriableStatusCodes is TODO.
	TriggerEnumRetriableStatusCodes TriggerEnum = "retriable-status-codes"
	// TriggerEnumCancelled is TODO.
	TriggerEnumCancelled TriggerEnum = "cancelled"
	// TriggerEnumDeadlineExceeded is TODO.
	TriggerEnumDeadlineExceeded TriggerEnum = "deadline-exceeded"
	// TriggerEnumInternal is TODO.
	TriggerEnumInternal TriggerEnum = "internal"
	// TriggerEnumResourceExhausted is TODO.
	TriggerEnumResourceExhausted TriggerEnum = "resource-exhausted"
	// TriggerEnumUnavailable is TODO.
	TriggerEnumUnavailable TriggerEnum = "unavailable"
)

// HTTPStatus is TODO.
type HTTPStatus int

// PerRetryPolicy is TODO.
type PerRetryPolicy struct {
	// Timeout is TODO.
	// +optional
	Timeout *gwapiv1.Duration `json:"timeout,omitempty"`

	// BackOff is TODO.
	// +optional
	BackOff *BackOffPolicy `json:"backOff,omitempty"`
}

// BackOffPolicy is TODO.
type BackOffPolicy struct {
	// BaseInterval is TODO.
	// +optional
	BaseInterval *gwapiv1.Duration `json:"baseInterval,omitempty"`

	// MaxInterval is TODO.
	// +optional
	MaxInterval *gwapiv1.Duration `json:"maxInterval,omitempty"`
}
