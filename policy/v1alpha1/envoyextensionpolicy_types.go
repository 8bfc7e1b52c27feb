package v1alpha1

import (
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// +kubebuilder:object:root=true
// +kubebuilder:resource:categories=,shortName=eep
// +kubebuilder:subresource:status
// +kubebuilder:storageversion
// +kubebuilder:printcolumn:name="Age",type=date,JSONPath=`.metadata.creationTimestamp`

// EnvoyExtensionPolicy is the EnvoyExtensionPolicy kind: it inserts
// user-supplied HTTP filters (Wasm modules, external processors, Lua scripts and
// dynamic modules) into the Envoy filter chain for the Gateways, ListenerSets and
// routes it targets in its own namespace.
type EnvoyExtensionPolicy struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	// Spec holds the targets and the extensions to install on them.
	// +required
	Spec EnvoyExtensionPolicySpec `json:"spec"`

	// Status is written by the controller and reports, per ancestor, whether the
	// policy was accepted and applied.
	// +optional
	Status gwapiv1.PolicyStatus `json:"status,omitempty"`
}

// +kubebuilder:object:root=true

// EnvoyExtensionPolicyList is a list of EnvoyExtensionPolicy objects.
type EnvoyExtensionPolicyList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []EnvoyExtensionPolicy `json:"items"`
}

// EnvoyExtensionPolicySpec is the desired state of an EnvoyExtensionPolicy.
//
// It can target Gateway, ListenerSet, HTTPRoute, GRPCRoute, TCPRoute, UDPRoute
// and TLSRoute. Each extension list may hold up to 16 entries, and entries run
// in the order they are listed.
type EnvoyExtensionPolicySpec struct {
	PolicyTargetReferences `json:",inline"`

	// MergeType, when set, merges this policy into the EnvoyExtensionPolicy of the
	// nearest parent (Gateway, ListenerSet or one of their listeners) rather than
	// overriding it. Only allowed on policies targeting routes, and Replace is not
	// accepted. When unset, the most specific policy is used on its own.
	// +optional
	MergeType *MergeType `json:"mergeType,omitempty"`

	// Wasm lists WebAssembly filters to load, in execution order.
	// +kubebuilder:validation:MaxItems=16
	// +optional
	Wasm []Wasm `json:"wasm,omitempty"`

	// ExtProc lists external processing filters, in execution order.
	// +kubebuilder:validation:MaxItems=16
	// +optional
	ExtProc []ExtProc `json:"extProc,omitempty"`

	// Lua lists Lua script filters, in execution order.
	// +kubebuilder:validation:MaxItems=16
	// +optional
	Lua []Lua `json:"lua,omitempty"`

	// DynamicModule lists dynamic module filters, in execution order. Each module
	// must be allowed in the dynamicModules registry of the EnvoyProxy.
	// +kubebuilder:validation:MaxItems=16
	// +optional
	DynamicModule []DynamicModule `json:"dynamicModule,omitempty"`
}

// Wasm is one WebAssembly HTTP filter. Modules run in Envoy's V8 runtime;
// choosing another runtime is not supported.
type Wasm struct {
	// Name identifies the extension in logs and tells extensions sharing a VM and
	// root ID apart. A unique name is generated when unset.
	// +optional
	Name *string `json:"name,omitempty"`

	// RootID selects which root context in the module handles this extension; it
	// must equal the root_id the Wasm code registers. Extensions with the same VM
	// and root ID share their context.
	// +optional
	RootID *string `json:"rootID,omitempty"`

	// Code says where the module binary is fetched from.
	// +required
	Code WasmCodeSource `json:"code"`

	// Config is arbitrary JSON handed to the module as its configuration string.
	// +optional
	Config *apiextensionsv1.JSON `json:"config,omitempty"`

	// FailOpen controls what happens when the module fails to load or crashes:
	// true skips the filter (also when its configuration is invalid), false fails
	// the request with a 5xx. It defaults to false.
	// +kubebuilder:default=false
	// +optional
	FailOpen *bool `json:"failOpen,omitempty"`

	// Env passes selected environment variables of the Envoy process into the Wasm VM.
	// +optional
	Env *WasmEnv `json:"env,omitempty"`
}

// WasmCodeSource locates the module binary. Set the field that matches Type:
// HTTP for a download URL, Image for an OCI image.
type WasmCodeSource struct {
	// Type is HTTP or Image and selects which of the other fields is used.
	// +required
	Type WasmCodeSourceType `json:"type"`

	// HTTP downloads the module from a URL, which must be reachable from Envoy
	// Gateway. Required when Type is HTTP.
	// +optional
	HTTP *HTTPWasmCodeSource `json:"http,omitempty"`

	// Image pulls the module from an OCI image, which must be reachable from Envoy
	// Gateway. Required when Type is Image.
	// +optional
	Image *ImageWasmCodeSource `json:"image,omitempty"`

	// PullPolicy controls when the module is fetched again; it is ignored when a
	// SHA-256 is given. When unset, IfNotPresent is used, except for OCI images
	// tagged latest. Refetching only happens when the policy resource changes, never
	// per proxy request.
	// +optional
	PullPolicy *ImagePullPolicy `json:"pullPolicy,omitempty"`
}

// WasmCodeSourceType is where a Wasm module is fetched from.
type WasmCodeSourceType string

const (
	// WasmCodeSourceTypeHTTP downloads the module over HTTP(S).
	WasmCodeSourceTypeHTTP WasmCodeSourceType = "HTTP"
	// WasmCodeSourceTypeImage extracts the module from an OCI image.
	WasmCodeSourceTypeImage WasmCodeSourceType = "Image"
)

// HTTPWasmCodeSource downloads a Wasm module from an HTTP or HTTPS URL.
type HTTPWasmCodeSource struct {
	// URL is the address of the .wasm file.
	// +kubebuilder:validation:Pattern=`^((https?:)(\/\/\/?)([\w]*(?::[\w]*)?@)?([\d\w\.-]+)(?::(\d+))?)?([\/\\\w\.()-]*)?(?:([?][^#]*)?(#.*)?)*`
	// +required
	URL string `json:"url"`

	// Sha256 is the expected hex SHA-256 of the module. When unset the download is
	// not verified.
	// +optional
	Sha256 *string `json:"sha256,omitempty"`

	// TLS customizes the trust used when fetching over HTTPS.
	// +optional
	TLS *WasmCodeSourceTLSConfig `json:"tls,omitempty"`
}

// WasmCodeSourceTLSConfig sets the trust anchor used to verify a Wasm code server.
type WasmCodeSourceTLSConfig struct {
	// CaCertificateRef references the CA certificates (Secret, ConfigMap or
	// ClusterTrustBundle) used to verify the server's certificate.
	// +required
	CaCertificateRef gwapiv1.SecretObjectReference `json:"caCertificateRef"`
}

// ImageWasmCodeSource pulls a Wasm module packaged as an OCI image.
type ImageWasmCodeSource struct {
	// URL is the image reference, either "registry/image:tag" or
	// "registry/image@sha256:digest".
	// +required
	URL string `json:"url"`

	// Sha256 is the expected image digest in hex. When unset the pulled image is
	// not verified.
	// +optional
	Sha256 *string `json:"sha256,omitempty"`

	// PullSecretRef references a Secret with registry credentials; only Secret is supported.
	// +optional
	PullSecretRef *gwapiv1.SecretObjectReference `json:"pullSecretRef,omitempty"`

	// TLS customizes the trust used when talking to the registry.
	// +optional
	TLS *WasmCodeSourceTLSConfig `json:"tls,omitempty"`
}

// ImagePullPolicy says when Envoy Gateway fetches a Wasm module again.
// +kubebuilder:validation:Enum=IfNotPresent;Always
type ImagePullPolicy string

const (
	// ImagePullPolicyIfNotPresent fetches the module only when it is not already in Envoy Gateway's cache.
	ImagePullPolicyIfNotPresent ImagePullPolicy = "IfNotPresent"
	// ImagePullPolicyAlways fetches the module again whenever the policy resource
	// changes, not on every proxy request.
	ImagePullPolicyAlways ImagePullPolicy = "Always"
)

// WasmEnv controls the environment visible inside a Wasm VM.
type WasmEnv struct {
	// HostKeys lists environment variable names of the Envoy process to expose to
	// the module, for example to pass it secrets.
	// +optional
	HostKeys []string `json:"hostKeys,omitempty"`
}

// ExtProc is one external processing (ext_proc) filter: Envoy streams the
// selected parts of requests and responses to a gRPC service that can inspect
// and modify them. The embedded BackendCluster locates the service and must use
// BackendRefs. By default only the connection is opened and nothing is sent
// until ProcessingMode asks for it.
type ExtProc struct {
	BackendCluster `json:",inline"`

	// MessageTimeout is how long Envoy waits for each reply from the processor. It
	// defaults to 200ms.
	// +optional
	MessageTimeout *gwapiv1.Duration `json:"messageTimeout,omitempty"`

	// FailOpen controls what happens when the processor cannot be called: true
	// skips the filter (also when its configuration is invalid), false fails the
	// request with a 5xx. It defaults to false and must stay false with
	// FullDuplexStreamed bodies.
	// +kubebuilder:default=false
	// +optional
	FailOpen *bool `json:"failOpen,omitempty"`

	// ProcessingMode selects which headers and bodies are sent. When unset,
	// neither headers nor bodies are sent.
	// +optional
	ProcessingMode *ExtProcProcessingMode `json:"processingMode,omitempty"`

	// ShadowMode, when true, sends data to the processor without waiting for or
	// applying its replies (Envoy's observability_mode). Body modes other than
	// Streamed are not allowed with it. It defaults to false.
	// +optional
	ShadowMode *bool `json:"shadowMode,omitempty"`

	// Metadata controls which dynamic metadata the processor can read and write.
	// +optional
	Metadata *ExtProcMetadata `json:"metadata,omitempty"`

	// StatusOnError is the HTTP status returned to the client when the processor
	// fails or is unreachable. Only listed 4xx and 5xx codes are allowed; it defaults
	// to 500.
	// +kubebuilder:validation:Enum=400;401;402;403;404;405;406;407;408;409;410;411;412;413;414;415;416;417;421;422;423;424;426;428;429;431;500;501;502;503;504;505;506;507;508;510;511
	// +optional
	StatusOnError *int32 `json:"statusOnError,omitempty"`
}

// ExtProcProcessingMode chooses which parts of the traffic go to the external
// processor.
type ExtProcProcessingMode struct {
	// Request, when set, sends request headers to the processor, and the request
	// body as its Body mode says.
	// +optional
	Request *ProcessingModeOptions `json:"request,omitempty"`

	// Response, when set, sends response headers to the processor, and the
	// response body as its Body mode says.
	// +optional
	Response *ProcessingModeOptions `json:"response,omitempty"`

	// AllowModeOverride, when true, lets the processor change the processing mode
	// through mode_override in its replies. It defaults to false.
	// +optional
	AllowModeOverride *bool `json:"allowModeOverride,omitempty"`
}

// ProcessingModeOptions describes what is sent for one direction (request or
// response): the body mode and extra Envoy attributes.
type ProcessingModeOptions struct {
	// Body is how the body is sent. When unset, the body is not sent.
	// +optional
	Body *ExtProcBodyProcessingMode `json:"body,omitempty"`

	// Attributes lists Envoy attributes sent along, such as request.path or
	// source.address. Only the connection, source, destination, request, response,
	// upstream and xds.route prefixes are accepted.
	// +kubebuilder:validation:items:Pattern=`^(connection\.|source\.|destination\.|request\.|response\.|upstream\.|xds\.route_)[a-z_1-9]*$`
	// +optional
	Attributes []string `json:"attributes,omitempty"`
}

// ExtProcBodyProcessingMode is how a message body is sent to an external processor.
// +kubebuilder:validation:Enum=Streamed;Buffered;BufferedPartial;FullDuplexStreamed
type ExtProcBodyProcessingMode string

const (
	// ExtProcBodyProcessingModeStreamed sends body chunks as they arrive.
	ExtProcBodyProcessingModeStreamed ExtProcBodyProcessingMode = "Streamed"
	// ExtProcBodyProcessingModeBuffered buffers the whole body and sends it at
	// once; a body larger than the buffer limit fails the request.
	ExtProcBodyProcessingModeBuffered ExtProcBodyProcessingMode = "Buffered"
	// ExtProcBodyProcessingModeFullDuplexStreamed streams the body and trailers in
	// both directions, letting the processor rewrite the stream; FailOpen must be
	// false.
	ExtProcBodyProcessingModeFullDuplexStreamed ExtProcBodyProcessingMode = "FullDuplexStreamed"
	// ExtProcBodyProcessingModeBufferedPartial buffers the body and sends it in one
	// piece, but only up to the buffer limit if it is larger.
	ExtProcBodyProcessingModeBufferedPartial ExtProcBodyProcessingMode = "BufferedPartial"
)

// ExtProcMetadata controls the exchange of dynamic metadata with an external processor.
type ExtProcMetadata struct {
	// AccessibleNamespaces lists metadata namespaces whose content is sent to the processor.
	// +optional
	AccessibleNamespaces []string `json:"accessibleNamespaces,omitempty"`

	// WritableNamespaces lists metadata namespaces the processor may write to (at
	// most 8). Namespaces of Envoy's own HTTP filters (envoy.filters.http...) are
	// not allowed.
	// +kubebuilder:validation:MaxItems=8
	// +optional
	WritableNamespaces []string `json:"writableNamespaces,omitempty"`
}

// Lua is one Lua script filter. The script comes either from Inline or from a
// ConfigMap via ValueRef, as chosen by Type.
type Lua struct {
	// Type is Inline or ValueRef and must match the one source field that is set.
	// It defaults to Inline.
	// +kubebuilder:default=Inline
	// +required
	Type LuaValueType `json:"type"`

	// Inline is the Lua source code, used when Type is Inline.
	// +optional
	Inline *string `json:"inline,omitempty"`

	// ValueRef names a ConfigMap with the script, used when Type is ValueRef. The
	// "lua" key is read, or the first key when it is absent.
	// +optional
	ValueRef *gwapiv1.LocalObjectReference `json:"valueRef,omitempty"`

	// FilterContext is a JSON object made available to the script through
	// request_handle:filterContext(), so one script can be parameterized per policy.
	// +optional
	FilterContext *apiextensionsv1.JSON `json:"filterContext,omitempty"`
}

// LuaValueType says where a Lua script is read from.
// +kubebuilder:validation:Enum=Inline;ValueRef
type LuaValueType string

const (
	// LuaValueTypeInline reads the script from the Inline field.
	LuaValueTypeInline LuaValueType = "Inline"
	// LuaValueTypeValueRef reads the script from the ConfigMap named by ValueRef.
	LuaValueTypeValueRef LuaValueType = "ValueRef"
)

// DynamicModule is an HTTP filter implemented in a native shared library loaded
// by Envoy. Only modules that the infrastructure operator registered on the
// EnvoyProxy can be used.
type DynamicModule struct {
	// Name is the name of a module registered in the EnvoyProxy dynamicModules
	// list; the policy is rejected if no such module exists.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=253
	// +kubebuilder:validation:Pattern=`^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$`
	// +required
	Name string `json:"name"`

	// FilterName picks one filter implementation inside the module's library. It
	// defaults to the empty string.
	// +kubebuilder:validation:MaxLength=253
	// +optional
	FilterName *string `json:"filterName,omitempty"`

	// Config is JSON passed to the module's filter initialization function.
	// +optional
	Config *apiextensionsv1.JSON `json:"config,omitempty"`

	// TerminalFilter, when true, means the module answers requests itself and no
	// upstream backend is needed. It defaults to false.
	// +kubebuilder:default=false
	// +optional
	TerminalFilter *bool `json:"terminalFilter,omitempty"`
}
