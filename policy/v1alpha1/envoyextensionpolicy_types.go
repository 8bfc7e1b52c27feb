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

// EnvoyExtensionPolicy is TODO.
type EnvoyExtensionPolicy struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	// Spec is TODO.
	// +required
	Spec EnvoyExtensionPolicySpec `json:"spec"`

	// Status is TODO.
	// +optional
	Status gwapiv1.PolicyStatus `json:"status,omitempty"`
}

// +kubebuilder:object:root=true

// EnvoyExtensionPolicyList is TODO.
type EnvoyExtensionPolicyList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []EnvoyExtensionPolicy `json:"items"`
}

// EnvoyExtensionPolicySpec is TODO.
type EnvoyExtensionPolicySpec struct {
	PolicyTargetReferences `json:",inline"`

	// MergeType is TODO.
	// +optional
	MergeType *MergeType `json:"mergeType,omitempty"`

	// Wasm is TODO.
	// +kubebuilder:validation:MaxItems=16
	// +optional
	Wasm []Wasm `json:"wasm,omitempty"`

	// ExtProc is TODO.
	// +kubebuilder:validation:MaxItems=16
	// +optional
	ExtProc []ExtProc `json:"extProc,omitempty"`

	// Lua is TODO.
	// +kubebuilder:validation:MaxItems=16
	// +optional
	Lua []Lua `json:"lua,omitempty"`

	// DynamicModule is TODO.
	// +kubebuilder:validation:MaxItems=16
	// +optional
	DynamicModule []DynamicModule `json:"dynamicModule,omitempty"`
}

// Wasm is TODO.
type Wasm struct {
	// Name is TODO.
	// +optional
	Name *string `json:"name,omitempty"`

	// RootID is TODO.
	// +optional
	RootID *string `json:"rootID,omitempty"`

	// Code is TODO.
	// +required
	Code WasmCodeSource `json:"code"`

	// Config is TODO.
	// +optional
	Config *apiextensionsv1.JSON `json:"config,omitempty"`

	// FailOpen is TODO.
	// +kubebuilder:default=false
	// +optional
	FailOpen *bool `json:"failOpen,omitempty"`

	// Env is TODO.
	// +optional
	Env *WasmEnv `json:"env,omitempty"`
}

// WasmCodeSource is TODO.
type WasmCodeSource struct {
	// Type is TODO.
	// +required
	Type WasmCodeSourceType `json:"type"`

	// HTTP is TODO.
	// +optional
	HTTP *HTTPWasmCodeSource `json:"http,omitempty"`

	// Image is TODO.
	// +optional
	Image *ImageWasmCodeSource `json:"image,omitempty"`

	// PullPolicy is TODO.
	// +optional
	PullPolicy *ImagePullPolicy `json:"pullPolicy,omitempty"`
}

// WasmCodeSourceType is TODO.
type WasmCodeSourceType string

const (
	// WasmCodeSourceTypeHTTP is TODO.
	WasmCodeSourceTypeHTTP WasmCodeSourceType = "HTTP"
	// WasmCodeSourceTypeImage is TODO.
	WasmCodeSourceTypeImage WasmCodeSourceType = "Image"
)

// HTTPWasmCodeSource is TODO.
type HTTPWasmCodeSource struct {
	// URL is TODO.
	// +kubebuilder:validation:Pattern=`^((https?:)(\/\/\/?)([\w]*(?::[\w]*)?@)?([\d\w\.-]+)(?::(\d+))?)?([\/\\\w\.()-]*)?(?:([?][^#]*)?(#.*)?)*`
	// +required
	URL string `json:"url"`

	// Sha256 is TODO.
	// +optional
	Sha256 *string `json:"sha256,omitempty"`

	// TLS is TODO.
	// +optional
	TLS *WasmCodeSourceTLSConfig `json:"tls,omitempty"`
}

// WasmCodeSourceTLSConfig is TODO.
type WasmCodeSourceTLSConfig struct {
	// CaCertificateRef is TODO.
	// +required
	CaCertificateRef gwapiv1.SecretObjectReference `json:"caCertificateRef"`
}

// ImageWasmCodeSource is TODO.
type ImageWasmCodeSource struct {
	// URL is TODO.
	// +required
	URL string `json:"url"`

	// Sha256 is TODO.
	// +optional
	Sha256 *string `json:"sha256,omitempty"`

	// PullSecretRef is TODO.
	// +optional
	PullSecretRef *gwapiv1.SecretObjectReference `json:"pullSecretRef,omitempty"`

	// TLS is TODO.
	// +optional
	TLS *WasmCodeSourceTLSConfig `json:"tls,omitempty"`
}

// ImagePullPolicy is TODO.
// +kubebuilder:validation:Enum=IfNotPresent;Always
type ImagePullPolicy string

const (
	// ImagePullPolicyIfNotPresent is TODO.
	ImagePullPolicyIfNotPresent ImagePullPolicy = "IfNotPresent"
	// ImagePullPolicyAlways is TODO.
	ImagePullPolicyAlways ImagePullPolicy = "Always"
)

// WasmEnv is TODO.
type WasmEnv struct {
	// HostKeys is TODO.
	// +optional
	HostKeys []string `json:"hostKeys,omitempty"`
}

// ExtProc is TODO.
type ExtProc struct {
	BackendCluster `json:",inline"`

	// MessageTimeout is TODO.
	// +optional
	MessageTimeout *gwapiv1.Duration `json:"messageTimeout,omitempty"`

	// FailOpen is TODO.
	// +kubebuilder:default=false
	// +optional
	FailOpen *bool `json:"failOpen,omitempty"`

	// ProcessingMode is TODO.
	// +optional
	ProcessingMode *ExtProcProcessingMode `json:"processingMode,omitempty"`

	// ShadowMode is TODO.
	// +optional
	ShadowMode *bool `json:"shadowMode,omitempty"`

	// Metadata is TODO.
	// +optional
	Metadata *ExtProcMetadata `json:"metadata,omitempty"`

	// StatusOnError is TODO.
	// +kubebuilder:validation:Enum=400;401;402;403;404;405;406;407;408;409;410;411;412;413;414;415;416;417;421;422;423;424;426;428;429;431;500;501;502;503;504;505;506;507;508;510;511
	// +optional
	StatusOnError *int32 `json:"statusOnError,omitempty"`
}

// ExtProcProcessingMode is TODO.
type ExtProcProcessingMode struct {
	// Request is TODO.
	// +optional
	Request *ProcessingModeOptions `json:"request,omitempty"`

	// Response is TODO.
	// +optional
	Response *ProcessingModeOptions `json:"response,omitempty"`

	// AllowModeOverride is TODO.
	// +optional
	AllowModeOverride *bool `json:"allowModeOverride,omitempty"`
}

// ProcessingModeOptions is TODO.
type ProcessingModeOptions struct {
	// Body is TODO.
	// +optional
	Body *ExtProcBodyProcessingMode `json:"body,omitempty"`

	// Attributes is TODO.
	// +kubebuilder:validation:items:Pattern=`^(connection\.|source\.|destination\.|request\.|response\.|upstream\.|xds\.route_)[a-z_1-9]*$`
	// +optional
	Attributes []string `json:"attributes,omitempty"`
}

// ExtProcBodyProcessingMode is TODO.
// +kubebuilder:validation:Enum=Streamed;Buffered;BufferedPartial;FullDuplexStreamed
type ExtProcBodyProcessingMode string

const (
	// ExtProcBodyProcessingModeStreamed is TODO.
	ExtProcBodyProcessingModeStreamed ExtProcBodyProcessingMode = "Streamed"
	// ExtProcBodyProcessingModeBuffered is TODO.
	ExtProcBodyProcessingModeBuffered ExtProcBodyProcessingMode = "Buffered"
	// ExtProcBodyProcessingModeFullDuplexStreamed is TODO.
	ExtProcBodyProcessingModeFullDuplexStreamed ExtProcBodyProcessingMode = "FullDuplexStreamed"
	// ExtProcBodyProcessingModeBufferedPartial is TODO.
	ExtProcBodyProcessingModeBufferedPartial ExtProcBodyProcessingMode = "BufferedPartial"
)

// ExtProcMetadata is TODO.
type ExtProcMetadata struct {
	// AccessibleNamespaces is TODO.
	// +optional
	AccessibleNamespaces []string `json:"accessibleNamespaces,omitempty"`

	// WritableNamespaces is TODO.
	// +kubebuilder:validation:MaxItems=8
	// +optional
	WritableNamespaces []string `json:"writableNamespaces,omitempty"`
}

// Lua is TODO.
type Lua struct {
	// Type is TODO.
	// +kubebuilder:default=Inline
	// +required
	Type LuaValueType `json:"type"`

	// Inline is TODO.
	// +optional
	Inline *string `json:"inline,omitempty"`

	// ValueRef is TODO.
	// +optional
	ValueRef *gwapiv1.LocalObjectReference `json:"valueRef,omitempty"`

	// FilterContext is TODO.
	// +optional
	FilterContext *apiextensionsv1.JSON `json:"filterContext,omitempty"`
}

// LuaValueType is TODO.
// +kubebuilder:validation:Enum=Inline;ValueRef
type LuaValueType string

const (
	// LuaValueTypeInline is TODO.
	LuaValueTypeInline LuaValueType = "Inline"
	// LuaValueTypeValueRef is TODO.
	LuaValueTypeValueRef LuaValueType = "ValueRef"
)

// DynamicModule is TODO.
type DynamicModule struct {
	// Name is TODO.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=253
	// +kubebuilder:validation:Pattern=`^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$`
	// +required
	Name string `json:"name"`

	// FilterName is TODO.
	// +kubebuilder:validation:MaxLength=253
	// +optional
	FilterName *string `json:"filterName,omitempty"`

	// Config is TODO.
	// +optional
	Config *apiextensionsv1.JSON `json:"config,omitempty"`

	// TerminalFilter is TODO.
	// +kubebuilder:default=false
	// +optional
	TerminalFilter *bool `json:"terminalFilter,omitempty"`
}
