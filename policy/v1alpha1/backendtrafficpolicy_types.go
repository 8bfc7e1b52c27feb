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

// BackendTrafficPolicy configures how Envoy talks to the backends behind a
// Gateway, ListenerSet or route: load balancing, retries, timeouts, circuit
// breaking, health checking, rate and bandwidth limits, fault injection,
// compression and response overrides.
//
// It attaches to resources in its own namespace through targetRefs or
// targetSelectors. When several policies cover the same traffic, the most
// specific target wins (route rule, then route, then listener, then Gateway or
// ListenerSet); among equally specific policies the oldest one, then the
// alphabetically first namespaced name, takes effect.
type BackendTrafficPolicy struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	// Spec holds the backend traffic settings the user wants applied to the
	// targeted resources.
	// +required
	Spec BackendTrafficPolicySpec `json:"spec"`

	// Status reports, per ancestor, whether the controller accepted and applied
	// this policy; it is written by the controller, not the user.
	// +optional
	Status gwapiv1.PolicyStatus `json:"status,omitempty"`
}

// +kubebuilder:object:root=true

// BackendTrafficPolicyList is a list of BackendTrafficPolicy objects, as
// returned by a Kubernetes list call.
type BackendTrafficPolicyList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []BackendTrafficPolicy `json:"items"`
}

// BackendTrafficPolicySpec is the user-supplied configuration of a
// BackendTrafficPolicy.
//
// It embeds ClusterSettings (the upstream cluster settings, also used as
// backendSettings of extension service references) and PolicyTargetReferences
// (which resources the policy applies to); exactly one of targetRef or targetRefs, or a non-empty
// targetSelectors, must be given. Every feature field is optional, and a nil
// field leaves that feature at its default.
type BackendTrafficPolicySpec struct {
	ClusterSettings `json:",inline"`

	PolicyTargetReferences `json:",inline"`

	// MergeType, when set, merges this policy into the nearest less specific
	// BackendTrafficPolicy (one attached to the route's Gateway, ListenerSet or
	// listener) using the given patch strategy instead of replacing it. It is
	// only valid when every target is a route, and Replace is rejected; when
	// unset no merging happens and the most specific policy wins outright.
	// +optional
	MergeType *MergeType `json:"mergeType,omitempty"`

	// RateLimit caps the rate of requests sent to the targeted backends, either
	// locally per Envoy instance or globally through a shared rate limit service.
	// Nil disables rate limiting.
	// +optional
	RateLimit *RateLimitSpec `json:"rateLimit,omitempty"`

	// BandwidthLimit throttles the throughput of request bodies sent to, and/or
	// response bodies received from, the backend. Nil leaves bandwidth unlimited.
	// +optional
	BandwidthLimit *BandwidthLimitSpec `json:"bandwidthLimit,omitempty"`

	// FaultInjection deliberately delays or aborts a share of requests, for
	// testing how clients and services cope with failures. Nil injects no faults.
	// +optional
	FaultInjection *FaultInjection `json:"faultInjection,omitempty"`

	// AdmissionControl sheds load by probabilistically rejecting requests when
	// the backend's recent success rate falls too low. It may only be used when
	// all targets are Gateways, ListenerSets, HTTPRoutes or GRPCRoutes.
	// +optional
	AdmissionControl *AdmissionControl `json:"admissionControl,omitempty"`

	// UseClientProtocol, when true, makes Envoy forward each request to the
	// backend using the same HTTP version the client used. When false or unset,
	// the protocol declared on the backend reference is used.
	// +optional
	UseClientProtocol *bool `json:"useClientProtocol,omitempty"`

	// Compression lists the compressors Envoy may use on responses. It cannot be
	// combined with Compressor.
	//
	// Deprecated: use Compressor instead.
	// +optional
	Compression []Compression `json:"compression,omitempty" patchStrategy:"merge" patchMergeKey:"type"`

	// Compressor lists the compressors Envoy may use on responses. When the
	// client's Accept-Encoding gives several of them the same weight, the
	// earliest entry wins. It cannot be combined with the deprecated Compression
	// field.
	// +optional
	Compressor []Compression `json:"compressor,omitempty" patchStrategy:"merge" patchMergeKey:"type"`

	// ResponseOverride replaces matching responses with a custom response or a
	// redirect. Entries are evaluated in order and only the first match is
	// applied.
	// +optional
	ResponseOverride []ResponseOverride `json:"responseOverride,omitempty"`

	// HTTPUpgrade lists the protocol upgrades (for example websocket or
	// CONNECT) Envoy permits on the targeted routes. When empty, websocket
	// upgrades are permitted by default, unless RequestBuffer is set, which
	// disables them; HTTPUpgrade and RequestBuffer cannot both be set.
	// +optional
	HTTPUpgrade []ProtocolUpgradeConfig `json:"httpUpgrade,omitempty" patchStrategy:"merge" patchMergeKey:"type"`

	// RequestBuffer makes Envoy receive each request body in full before
	// forwarding it, which shields backends from slow clients and caps request
	// size. It costs memory and latency, breaks streaming protocols, and cannot
	// be combined with HTTPUpgrade.
	// +optional
	RequestBuffer *RequestBuffer `json:"requestBuffer,omitempty"`

	// Telemetry sets tracing and metrics options for the targeted Gateway or
	// route, taking precedence over the telemetry settings of the EnvoyProxy
	// resource.
	// +optional
	Telemetry *BackendTelemetry `json:"telemetry,omitempty"`

	// RoutingType chooses whether Envoy sends traffic to the Kubernetes Service's
	// cluster IP (Service) or directly to its endpoints (Endpoint) for the
	// targeted resources. When unset, the EnvoyProxy-level setting applies.
	// +optional
	RoutingType *RoutingType `json:"routingType,omitempty"`
}

// FaultInjection configures artificial delays and aborts applied to requests
// before they reach the backend. At least one of Delay or Abort must be set.
type FaultInjection struct {
	// Delay, when set, holds a share of requests for a fixed time before
	// forwarding them.
	// +optional
	Delay *FaultInjectionDelay `json:"delay,omitempty"`

	// Abort, when set, answers a share of requests immediately with an error
	// status instead of forwarding them.
	// +optional
	Abort *FaultInjectionAbort `json:"abort,omitempty"`
}

// FaultInjectionDelay describes a fixed delay injected before a request is
// forwarded.
type FaultInjectionDelay struct {
	// FixedDelay is how long each selected request is held before being
	// forwarded.
	// +required
	FixedDelay gwapiv1.Duration `json:"fixedDelay"`

	// Percentage is the share of requests, from 0 to 100, that are delayed;
	// fractions down to 0.0001 are honoured. It defaults to 100, and 0 turns the
	// delay off.
	// +kubebuilder:default=100
	// +optional
	Percentage *float64 `json:"percentage,omitempty"`
}

// FaultInjectionAbort describes an injected failure: the selected requests are
// answered directly with an HTTP or gRPC error. Exactly one of HTTPStatus or
// GRPCStatus must be set.
type FaultInjectionAbort struct {
	// HTTPStatus is the HTTP status code (200 to 600) returned for aborted
	// requests. It is mutually exclusive with GRPCStatus.
	// +kubebuilder:validation:Minimum=200
	// +kubebuilder:validation:Maximum=600
	// +optional
	HTTPStatus *int32 `json:"httpStatus,omitempty"`

	// GRPCStatus is the numeric gRPC status code (0 to 16) returned for aborted
	// requests. It is mutually exclusive with HTTPStatus.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=16
	// +optional
	GRPCStatus *int32 `json:"grpcStatus,omitempty"`

	// Percentage is the share of requests, from 0 to 100, that are aborted;
	// fractions down to 0.0001 are honoured. It defaults to 100, and 0 turns the
	// abort off.
	// +kubebuilder:default=100
	// +optional
	Percentage *float64 `json:"percentage,omitempty"`
}

// AdmissionControl configures Envoy's admission control filter, which protects
// struggling backends by rejecting some requests before they are sent
// upstream.
//
// Envoy measures the success rate of requests over a sliding window; when it
// falls below MinSuccessRate, new requests are rejected with a probability
// that grows as the success rate drops. Every field is optional and falls back
// to Envoy's default when unset.
type AdmissionControl struct {
	// SamplingWindow is the length of the sliding window used to compute the
	// success rate. It must be at least 1s, is rounded down to whole seconds, and
	// defaults to 30s.
	// +optional
	SamplingWindow *gwapiv1.Duration `json:"samplingWindow,omitempty"`

	// MinSuccessRate is the success rate, in percent from 1 to 100, at or above
	// which no request is rejected. It defaults to 95.
	// +kubebuilder:validation:Minimum=1
	// +kubebuilder:validation:Maximum=100
	// +optional
	MinSuccessRate *int32 `json:"minSuccessRate,omitempty"`

	// RejectionAggression shapes how fast the rejection probability climbs once
	// the success rate is below MinSuccessRate: 1 (the default) gives a linear
	// increase and larger values reject more eagerly.
	// +kubebuilder:validation:Minimum=1
	// +optional
	RejectionAggression *int32 `json:"rejectionAggression,omitempty"`

	// MinRequestRate is the request rate, in requests per second, below which the
	// filter never rejects anything. It defaults to 0.
	// +kubebuilder:validation:Minimum=0
	// +optional
	MinRequestRate *int32 `json:"minRequestRate,omitempty"`

	// MaxRejectionPercent caps the rejection probability, in percent from 0 to
	// 100. It defaults to 80.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=100
	// +optional
	MaxRejectionPercent *int32 `json:"maxRejectionPercent,omitempty"`

	// SuccessCriteria decides which HTTP and gRPC responses count as successes
	// when computing the success rate. When unset, Envoy's built-in criteria are
	// used.
	// +optional
	SuccessCriteria *AdmissionControlSuccessCriteria `json:"successCriteria,omitempty"`
}

// AdmissionControlSuccessCriteria groups the success definitions used by
// admission control, one per protocol.
type AdmissionControlSuccessCriteria struct {
	// HTTP defines which HTTP responses count as successful.
	// +optional
	HTTP *HTTPSuccessCriteria `json:"http,omitempty"`

	// GRPC defines which gRPC responses count as successful.
	// +optional
	GRPC *GRPCSuccessCriteria `json:"grpc,omitempty"`
}

// HTTPSuccessCriteria defines which HTTP responses admission control treats as
// successful.
type HTTPSuccessCriteria struct {
	// StatusCodes lists the HTTP status codes counted as successes.
	// +optional
	StatusCodes []HTTPStatus `json:"statusCodes,omitempty"`
}

// GRPCSuccessCriteria defines which gRPC responses admission control treats as
// successful.
type GRPCSuccessCriteria struct {
	// StatusCodes lists the gRPC status codes counted as successes.
	// +optional
	StatusCodes []GRPCSuccessCode `json:"statusCodes,omitempty"`
}

// GRPCSuccessCode names a gRPC status code in CamelCase form (for example
// DeadlineExceeded for DEADLINE_EXCEEDED). It is used to list the gRPC
// results admission control counts as successes.
// +kubebuilder:validation:Enum=Ok;Cancelled;Unknown;InvalidArgument;DeadlineExceeded;NotFound;AlreadyExists;PermissionDenied;ResourceExhausted;FailedPrecondition;Aborted;OutOfRange;Unimplemented;Internal;Unavailable;DataLoss;Unauthenticated
type GRPCSuccessCode string

const (
	// GRPCSuccessCodeOk is gRPC status 0: the call completed successfully.
	GRPCSuccessCodeOk GRPCSuccessCode = "Ok"
	// GRPCSuccessCodeCancelled is gRPC status 1: the call was cancelled, usually
	// by the caller.
	GRPCSuccessCodeCancelled GRPCSuccessCode = "Cancelled"
	// GRPCSuccessCodeUnknown is gRPC status 2: an error with no more specific
	// code.
	GRPCSuccessCodeUnknown GRPCSuccessCode = "Unknown"
	// GRPCSuccessCodeInvalidArgument is gRPC status 3: the client sent an invalid
	// argument.
	GRPCSuccessCodeInvalidArgument GRPCSuccessCode = "InvalidArgument"
	// GRPCSuccessCodeDeadlineExceeded is gRPC status 4: the deadline passed
	// before the call finished.
	GRPCSuccessCodeDeadlineExceeded GRPCSuccessCode = "DeadlineExceeded"
	// GRPCSuccessCodeNotFound is gRPC status 5: a requested entity does not
	// exist.
	GRPCSuccessCodeNotFound GRPCSuccessCode = "NotFound"
	// GRPCSuccessCodeAlreadyExists is gRPC status 6: the entity the client tried
	// to create already exists.
	GRPCSuccessCodeAlreadyExists GRPCSuccessCode = "AlreadyExists"
	// GRPCSuccessCodePermissionDenied is gRPC status 7: the caller is not allowed
	// to perform the operation.
	GRPCSuccessCodePermissionDenied GRPCSuccessCode = "PermissionDenied"
	// GRPCSuccessCodeResourceExhausted is gRPC status 8: a quota or resource
	// limit was hit.
	GRPCSuccessCodeResourceExhausted GRPCSuccessCode = "ResourceExhausted"
	// GRPCSuccessCodeFailedPrecondition is gRPC status 9: the system is not in a
	// state that allows the operation.
	GRPCSuccessCodeFailedPrecondition GRPCSuccessCode = "FailedPrecondition"
	// GRPCSuccessCodeAborted is gRPC status 10: the operation was aborted,
	// typically because of a concurrency conflict.
	GRPCSuccessCodeAborted GRPCSuccessCode = "Aborted"
	// GRPCSuccessCodeOutOfRange is gRPC status 11: the operation went past a
	// valid range.
	GRPCSuccessCodeOutOfRange GRPCSuccessCode = "OutOfRange"
	// GRPCSuccessCodeUnimplemented is gRPC status 12: the method is not
	// implemented or supported.
	GRPCSuccessCodeUnimplemented GRPCSuccessCode = "Unimplemented"
	// GRPCSuccessCodeInternal is gRPC status 13: an internal server error.
	GRPCSuccessCodeInternal GRPCSuccessCode = "Internal"
	// GRPCSuccessCodeUnavailable is gRPC status 14: the service is temporarily
	// unreachable.
	GRPCSuccessCodeUnavailable GRPCSuccessCode = "Unavailable"
	// GRPCSuccessCodeDataLoss is gRPC status 15: unrecoverable data loss or
	// corruption.
	GRPCSuccessCodeDataLoss GRPCSuccessCode = "DataLoss"
	// GRPCSuccessCodeUnauthenticated is gRPC status 16: the request lacks valid
	// credentials.
	GRPCSuccessCodeUnauthenticated GRPCSuccessCode = "Unauthenticated"
)

// ProtocolUpgradeConfig allows one kind of HTTP protocol upgrade on the
// targeted routes.
type ProtocolUpgradeConfig struct {
	// Type names the upgrade to allow, for example websocket, CONNECT or
	// spdy/3.1; it is matched case-insensitively.
	// +required
	Type string `json:"type"`

	// Connect holds extra settings for CONNECT requests and may only be set when
	// Type is CONNECT.
	// +optional
	Connect *ConnectConfig `json:"connect,omitempty"`
}

// ConnectConfig tunes how Envoy handles HTTP CONNECT requests.
type ConnectConfig struct {
	// Terminate, when true, makes Envoy itself terminate the CONNECT request and
	// forward the tunneled payload to the backend as raw TCP. When false or
	// unset, the CONNECT request is proxied to the backend as is.
	// +optional
	Terminate *bool `json:"terminate,omitempty"`
}

// RequestBuffer configures full buffering of request bodies before they are
// forwarded upstream.
type RequestBuffer struct {
	// Limit is the largest request body, in bytes as a Kubernetes quantity such
	// as 500Ki or 10Mi, that Envoy will buffer. Larger requests are rejected with
	// HTTP 413.
	// +optional
	Limit *resource.Quantity `json:"limit,omitempty"`
}

// BackendTelemetry overrides the proxy-wide telemetry settings for the traffic
// of a policy target.
type BackendTelemetry struct {
	// Tracing sets the tracing options for the target; when set, it takes
	// precedence over the tracing configured on the EnvoyProxy resource.
	// +optional
	Tracing *Tracing `json:"tracing,omitempty"`

	// Metrics sets metric options for the target's routes.
	// +optional
	Metrics *BackendMetrics `json:"metrics,omitempty"`
}

// BackendMetrics holds per-route metric settings.
type BackendMetrics struct {
	// RouteStatName is a template for the stat prefix of the generated Envoy
	// routes. It may use the placeholders %ROUTE_NAME%, %ROUTE_NAMESPACE% and
	// %ROUTE_KIND% of the originating xRoute; when unset, per-route stats are not
	// emitted.
	// +optional
	RouteStatName *string `json:"routeStatName,omitempty"`
}
