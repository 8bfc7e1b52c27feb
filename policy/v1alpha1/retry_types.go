package v1alpha1

import (
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// Retry configures automatic retries of failed upstream requests: how many, on
// which failures, and with what per-attempt timeout and back-off. When a
// policy has no Retry, retries are disabled. Retries declared on an HTTPRoute
// rule through the Gateway API take precedence over this setting.
type Retry struct {
	// NumRetries is the maximum number of retries after the first attempt. It
	// defaults to 2.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:default=2
	// +optional
	NumRetries *int32 `json:"numRetries,omitempty"`

	// NumAttemptsPerPriority is how many attempts (the first one plus retries) go
	// to endpoints of the same priority before Envoy moves to the next priority.
	// When unset or 0, every attempt goes to the highest healthy priority.
	// +optional
	NumAttemptsPerPriority *int32 `json:"numAttemptsPerPriority,omitempty"`

	// RetryOn selects the failures that trigger a retry. When unset, requests are
	// retried on connect-failure, refused-stream, unavailable, cancelled and an
	// HTTP 503 response.
	// +optional
	RetryOn *RetryOn `json:"retryOn,omitempty"`

	// PerRetry sets the timeout and back-off applied to each individual retry
	// attempt.
	// +optional
	PerRetry *PerRetryPolicy `json:"perRetry,omitempty"`
}

// RetryOn lists the conditions under which a request is retried; a retry
// happens when any of them is met.
type RetryOn struct {
	// Triggers lists the HTTP and gRPC failure conditions that cause a retry.
	// +optional
	Triggers []TriggerEnum `json:"triggers,omitempty"`

	// HTTPStatusCodes lists response status codes that should be retried. They
	// only take effect when Triggers contains retriable-status-codes.
	// +optional
	HTTPStatusCodes []HTTPStatus `json:"httpStatusCodes,omitempty"`
}

// TriggerEnum is a condition that makes Envoy retry a request. The values
// mirror Envoy's x-envoy-retry-on and x-envoy-retry-grpc-on policies.
// +kubebuilder:validation:Enum="5xx";gateway-error;reset;reset-before-request;connect-failure;retriable-4xx;refused-stream;retriable-status-codes;cancelled;deadline-exceeded;internal;resource-exhausted;unavailable
type TriggerEnum string

const (
	// TriggerEnumV5xx retries on any 5xx response and on no response at all
	// (disconnect, reset or read timeout); it covers connect-failure and
	// refused-stream.
	TriggerEnumV5xx TriggerEnum = "5xx"
	// TriggerEnumGatewayError retries on 502, 503 and 504 responses.
	TriggerEnumGatewayError TriggerEnum = "gateway-error"
	// TriggerEnumReset retries when the backend gives no response at all:
	// disconnect, reset or read timeout.
	TriggerEnumReset TriggerEnum = "reset"
	// TriggerEnumResetBeforeRequest behaves like TriggerEnumReset but only
	// retries if the request headers had not yet been sent upstream.
	TriggerEnumResetBeforeRequest TriggerEnum = "reset-before-request"
	// TriggerEnumConnectFailure retries when a connection to the backend cannot
	// be established, for example on connect timeout.
	TriggerEnumConnectFailure TriggerEnum = "connect-failure"
	// TriggerEnumRetriable4xx retries on 4xx responses that are safe to retry;
	// today that is only 409.
	TriggerEnumRetriable4xx TriggerEnum = "retriable-4xx"
	// TriggerEnumRefusedStream retries when the backend resets the stream with
	// the REFUSED_STREAM error code.
	TriggerEnumRefusedStream TriggerEnum = "refused-stream"
	// TriggerEnumRetriableStatusCodes retries on responses whose status appears
	// in RetryOn.HTTPStatusCodes.
	TriggerEnumRetriableStatusCodes TriggerEnum = "retriable-status-codes"
	// TriggerEnumCancelled retries when the gRPC status in the response headers
	// is CANCELLED.
	TriggerEnumCancelled TriggerEnum = "cancelled"
	// TriggerEnumDeadlineExceeded retries when the gRPC status in the response
	// headers is DEADLINE_EXCEEDED.
	TriggerEnumDeadlineExceeded TriggerEnum = "deadline-exceeded"
	// TriggerEnumInternal retries when the gRPC status in the response headers is
	// INTERNAL.
	TriggerEnumInternal TriggerEnum = "internal"
	// TriggerEnumResourceExhausted retries when the gRPC status in the response
	// headers is RESOURCE_EXHAUSTED.
	TriggerEnumResourceExhausted TriggerEnum = "resource-exhausted"
	// TriggerEnumUnavailable retries when the gRPC status in the response headers
	// is UNAVAILABLE.
	TriggerEnumUnavailable TriggerEnum = "unavailable"
)

// HTTPStatus is a numeric HTTP response status code; valid values range
// from 100 to 599.
type HTTPStatus int

// PerRetryPolicy holds the settings applied to every retry attempt.
type PerRetryPolicy struct {
	// Timeout bounds how long a single attempt, including the first one, may
	// take; the overall request timeout still applies across all attempts.
	// +optional
	Timeout *gwapiv1.Duration `json:"timeout,omitempty"`

	// BackOff sets the interval between attempts. Envoy waits a fully jittered,
	// exponentially growing delay between retries.
	// +optional
	BackOff *BackOffPolicy `json:"backOff,omitempty"`
}

// BackOffPolicy bounds the exponential, jittered delay Envoy waits before each
// retry.
type BackOffPolicy struct {
	// BaseInterval is the starting delay between retries; later retries wait
	// exponentially longer, up to MaxInterval.
	// +optional
	BaseInterval *gwapiv1.Duration `json:"baseInterval,omitempty"`

	// MaxInterval caps the delay between retries. It must not be smaller than
	// BaseInterval and defaults to ten times BaseInterval.
	// +optional
	MaxInterval *gwapiv1.Duration `json:"maxInterval,omitempty"`
}
