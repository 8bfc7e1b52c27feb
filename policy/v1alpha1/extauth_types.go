package v1alpha1

import (
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// ExtAuth configures external authorization through Envoy's ext_authz filter:
// each request is first sent to an external service, which decides whether it
// may proceed and may add headers to it. Exactly one of GRPC and HTTP must be
// set.
type ExtAuth struct {
	// GRPC selects an authorization service speaking Envoy's gRPC
	// external-authorization protocol. Mutually exclusive with HTTP.
	// +optional
	GRPC *GRPCExtAuthService `json:"grpc,omitempty"`

	// HTTP selects a plain HTTP authorization service, where a 200 response
	// allows the request. Mutually exclusive with GRPC.
	// +optional
	HTTP *HTTPExtAuthService `json:"http,omitempty"`

	// HeadersToExtAuth lists the client request headers copied into the check
	// request. When empty, a gRPC service receives every header, while an HTTP
	// service receives only Host, Method, Path, Content-Length and Authorization;
	// those five are always sent to an HTTP service in any case.
	// +optional
	HeadersToExtAuth []string `json:"headersToExtAuth,omitempty"`

	// BodyToExtAuth, when set, buffers the request body and includes it in the
	// check request.
	// +optional
	BodyToExtAuth *BodyToExtAuth `json:"bodyToExtAuth,omitempty"`

	// Timeout bounds each call to the authorization service. It defaults to 10
	// seconds.
	// +optional
	Timeout *gwapiv1.Duration `json:"timeout,omitempty"`

	// FailOpen decides what happens when no answer can be obtained from the
	// authorization service: true lets the request through (and also skips the check
	// when its configuration is invalid), false rejects it with a 5xx. It defaults to
	// false.
	// +kubebuilder:default=false
	// +optional
	FailOpen *bool `json:"failOpen,omitempty"`

	// RecomputeRoute, when true, clears the route cache after the authorization
	// service has added or changed headers, so routing can match on them; settings
	// of the newly selected route then apply.
	// +optional
	RecomputeRoute *bool `json:"recomputeRoute,omitempty"`

	// IncludeRouteMetadata, when true, passes the matched route's built-in
	// metadata (kind, namespace, name, section name and supported annotations, under
	// the "envoy-gateway" namespace) to the authorization service.
	// +optional
	IncludeRouteMetadata *bool `json:"includeRouteMetadata,omitempty"`

	// ContextExtensions are extra name/value pairs handed to the authorization
	// service as opaque context; unlike headers they are never sent to the backend.
	// Names must be unique.
	// +listType=map
	// +listMapKey=name
	// +optional
	ContextExtensions []ContextExtension `json:"contextExtensions,omitempty" patchStrategy:"merge" patchMergeKey:"name"`

	// StatusOnError is the HTTP status returned to the client when the authorization
	// service fails or is unreachable. Only listed 4xx and 5xx codes are allowed;
	// it defaults to 403.
	// +kubebuilder:validation:Enum=400;401;402;403;404;405;406;407;408;409;410;411;412;413;414;415;416;417;421;422;423;424;426;428;429;431;500;501;502;503;504;505;506;507;508;510;511
	// +optional
	StatusOnError *int32 `json:"statusOnError,omitempty"`
}

// GRPCExtAuthService is an authorization server implementing Envoy's gRPC
// external_auth Check API. The embedded BackendCluster says where it runs.
type GRPCExtAuthService struct {
	BackendCluster `json:",inline"`
}

// HTTPExtAuthService is an authorization server reached over plain HTTP. The
// embedded BackendCluster says where it runs; the client request is replayed to
// it, and a 200 answer means allowed.
type HTTPExtAuthService struct {
	BackendCluster `json:",inline"`

	// Path is prepended to the original request path in the check request, so a
	// request for "/hello" with Path "/auth" is checked at "/auth/hello". When unset
	// the original path is used. Mutually exclusive with PathOverride.
	// +optional
	Path *string `json:"path,omitempty"`

	// PathOverride replaces the original path in the check request entirely,
	// so every check goes to this path. Mutually exclusive with Path.
	// +optional
	PathOverride *string `json:"pathOverride,omitempty"`

	// HeadersToBackend lists headers from the authorization response that are
	// copied onto the request sent to the backend, overwriting existing values. When
	// empty, no response headers are copied.
	// +optional
	HeadersToBackend []string `json:"headersToBackend,omitempty"`
}

// BodyToExtAuth controls sending the request body to the authorization service.
type BodyToExtAuth struct {
	// MaxRequestBytes is the largest body, in bytes, buffered for the check. A
	// larger body gets a 413 response and no check is made, even with FailOpen.
	// +kubebuilder:validation:Minimum=1
	// +required
	MaxRequestBytes int32 `json:"maxRequestBytes"`
}

// ContextExtension is one key/value pair of opaque context passed to the
// authorization service and not forwarded upstream. The value comes from Value
// or ValueRef depending on Type.
type ContextExtension struct {
	// Name is the key of the context entry.
	// +required
	Name string `json:"name"`

	// Type says where the value comes from: Value reads Value, ValueRef reads the
	// referenced object. It defaults to Value.
	// +kubebuilder:default=Value
	// +required
	Type ContextExtensionValueType `json:"type"`

	// Value is the literal value, used when Type is Value.
	// +optional
	Value *string `json:"value,omitempty"`

	// ValueRef points at a key of a ConfigMap or Secret in the policy's namespace,
	// used when Type is ValueRef.
	// +optional
	ValueRef *LocalObjectKeyReference `json:"valueRef,omitempty"`
}

// ContextExtensionValueType says where a ContextExtension's value comes from.
// +kubebuilder:validation:Enum=Value;ValueRef
type ContextExtensionValueType string

const (
	// ContextExtensionValueTypeValue takes the value from the Value field.
	ContextExtensionValueTypeValue ContextExtensionValueType = "Value"
	// ContextExtensionValueTypeValueRef takes the value from the object key named by ValueRef.
	ContextExtensionValueTypeValueRef ContextExtensionValueType = "ValueRef"
)

// LocalObjectKeyReference points at one key of an object in the same namespace
// as the referring resource. Only ConfigMap and Secret of the core group are
// supported.
type LocalObjectKeyReference struct {
	// Group is the API group of the object; empty means the core group.
	// +required
	Group gwapiv1.Group `json:"group"`

	// Kind is the object kind, ConfigMap or Secret.
	// +required
	Kind gwapiv1.Kind `json:"kind"`

	// Name is the name of the object.
	// +required
	Name gwapiv1.ObjectName `json:"name"`

	// Key is the data key whose value is used.
	// +required
	Key string `json:"key"`
}
