package ir

import "encoding/json"

// EnvoyExtensionFeatures are the extensions an EnvoyExtensionPolicy in
// effect on a route installs: external processors, Wasm modules, Lua
// scripts and dynamic modules. Each list is in the policy's spec order and
// holds only the entries that could be resolved. Package xds turns every
// entry into one HTTP filter per connection manager (named after the
// entry's Name), disabled there and enabled by each route that lists it;
// the filter-order table places the kinds (Lua, then ext_proc, then Wasm,
// then dynamic modules) and, within a kind, the entries by their index.
//
// The JSON shape is Envoy Gateway's IR, Lua's capitalised field names
// included.
type EnvoyExtensionFeatures struct {
	// ExtProcs are the external processors.
	ExtProcs []ExtProc `json:"extProcs,omitempty"`
	// Wasms are the Wasm modules.
	Wasms []Wasm `json:"wasms,omitempty"`
	// Luas are the Lua scripts.
	Luas []Lua `json:"luas,omitempty"`
	// DynamicModules are the dynamic module filters.
	DynamicModules []DynamicModule `json:"dynamicModules,omitempty"`
}

// ExtProcBodyMode says how an external processor receives a message body.
type ExtProcBodyMode string

const (
	// ExtProcBodyStreamed streams the body in chunks.
	ExtProcBodyStreamed ExtProcBodyMode = "Streamed"
	// ExtProcBodyBuffered sends the whole body at once.
	ExtProcBodyBuffered ExtProcBodyMode = "Buffered"
	// ExtProcBodyBufferedPartial sends the body buffered up to the
	// buffer limit.
	ExtProcBodyBufferedPartial ExtProcBodyMode = "BufferedPartial"
	// ExtProcBodyFullDuplexStreamed streams the body both ways (trailers
	// are sent too).
	ExtProcBodyFullDuplexStreamed ExtProcBodyMode = "FullDuplexStreamed"
)

// ExtProc is one external processor (Envoy's ext_proc filter) reached over
// gRPC.
type ExtProc struct {
	// Name is unique within the IR:
	// envoyextensionpolicy/<namespace>/<name>/extproc/<index>. One filter
	// is built per name.
	Name string `json:"name"`
	// Destination is the processor's cluster.
	Destination RouteDestination `json:"destination"`
	// Traffic holds the connection settings towards the processor.
	Traffic *TrafficFeatures `json:"traffic,omitempty"`
	// Authority is the :authority of the gRPC calls (host[:port]).
	Authority string `json:"authority"`
	// MessageTimeout bounds the wait for each reply; nil means Envoy's
	// default.
	MessageTimeout *Duration `json:"messageTimeout,omitempty"`
	// ShadowMode sends the messages without waiting for replies (Envoy's
	// observability mode).
	ShadowMode *bool `json:"shadowMode,omitempty"`
	// FailOpen lets requests through when the processor cannot be reached.
	FailOpen *bool `json:"failOpen,omitempty"`
	// RequestHeaderProcessing sends request headers.
	RequestHeaderProcessing bool `json:"requestHeaderProcessing,omitempty"`
	// RequestBodyProcessingMode sends request bodies; nil sends none.
	RequestBodyProcessingMode *ExtProcBodyMode `json:"requestBodyProcessingMode,omitempty"`
	// ResponseHeaderProcessing sends response headers.
	ResponseHeaderProcessing bool `json:"responseHeaderProcessing,omitempty"`
	// ResponseBodyProcessingMode sends response bodies; nil sends none.
	ResponseBodyProcessingMode *ExtProcBodyMode `json:"responseBodyProcessingMode,omitempty"`
	// RequestAttributes are the Envoy attributes sent with requests.
	RequestAttributes []string `json:"requestAttributes,omitempty"`
	// ResponseAttributes are the Envoy attributes sent with responses.
	ResponseAttributes []string `json:"responseAttributes,omitempty"`
	// ForwardingMetadataNamespaces are the metadata namespaces sent to the
	// processor.
	ForwardingMetadataNamespaces []string `json:"forwardingMetadataNamespaces,omitempty"`
	// ReceivingMetadataNamespaces are the metadata namespaces the
	// processor may write.
	ReceivingMetadataNamespaces []string `json:"receivingMetadataNamespaces,omitempty"`
	// AllowModeOverride lets the processor change the processing mode.
	AllowModeOverride bool `json:"allowModeOverride,omitempty"`
	// StatusOnError is the status answered when the processor fails; nil
	// means 500.
	StatusOnError *int32 `json:"statusOnError,omitempty"`
}

// Wasm is one Wasm filter. Envoy fetches the module from Code.ServingURL
// (where the control plane serves it) and checks it against Code.SHA256.
type Wasm struct {
	// Name is unique within the IR:
	// envoyextensionpolicy/<namespace>/<name>/wasm/<index>. It is also the
	// filter's VM ID, so filters never share a VM.
	Name string `json:"name"`
	// RootID selects the root context inside the module; nil means none.
	RootID *string `json:"rootID,omitempty"`
	// WasmName names the plugin in Envoy's logs.
	WasmName string `json:"wasmName"`
	// Config is the module's JSON configuration, passed to it as a
	// string; null or empty means none.
	Config json.RawMessage `json:"config"`
	// FailOpen lets requests through when the module fails.
	FailOpen bool `json:"failOpen"`
	// Code is where Envoy fetches the module.
	Code *HTTPWasmCode `json:"httpWasmCode,omitempty"`
	// HostKeys are the Envoy process environment variables the module
	// sees.
	HostKeys []string `json:"hostKeys,omitempty"`
}

// HTTPWasmCode locates a Wasm module served over HTTP.
type HTTPWasmCode struct {
	// ServingURL is where Envoy fetches the module.
	ServingURL string `json:"servingURL"`
	// SHA256 is the hex SHA-256 of the module, checked by Envoy.
	SHA256 string `json:"sha256"`
	// OriginalURL is where the module came from (an HTTP URL or an
	// oci:// reference); informational.
	OriginalURL string `json:"originalDownloadingURL"`
}

// Lua is one Lua filter. The field names in JSON are capitalised, as in
// Envoy Gateway's IR.
type Lua struct {
	// Name is unique within the IR:
	// envoyextensionpolicy/<namespace>/<name>/lua/<index>.
	Name string `json:"Name"`
	// Code is the script.
	Code string `json:"Code"`
	// FilterContext is a JSON object handed to the script per route; null
	// or empty means none.
	FilterContext json.RawMessage `json:"FilterContext"`
}

// DynamicModule is one filter of a dynamic module (a shared library Envoy
// loads).
type DynamicModule struct {
	// Name is unique within the IR:
	// envoyextensionpolicy/<namespace>/<name>/dynamic-module/<index>.
	Name string `json:"name"`
	// Path is the module's file, for a local module.
	Path string `json:"path,omitempty"`
	// Remote locates a module Envoy downloads; exactly one of Path and
	// Remote is set.
	Remote *RemoteDynamicModule `json:"remote,omitempty"`
	// FilterName picks the filter inside the module.
	FilterName string `json:"filterName,omitempty"`
	// Config is the filter's JSON configuration, passed as a string.
	Config json.RawMessage `json:"config,omitempty"`
	// DoNotClose keeps the module loaded.
	DoNotClose bool `json:"doNotClose"`
	// LoadGlobally loads the module with RTLD_GLOBAL.
	LoadGlobally bool `json:"loadGlobally"`
	// TerminalFilter says the module answers requests itself.
	TerminalFilter bool `json:"terminalFilter"`
}

// RemoteDynamicModule is a dynamic module Envoy downloads.
type RemoteDynamicModule struct {
	// URL is the module's http(s) URL.
	URL string `json:"url"`
	// SHA256 is the hex SHA-256 Envoy checks the download against.
	SHA256 string `json:"sha256"`
}

// JSONSet reports whether raw holds a JSON value other than null.
func JSONSet(raw json.RawMessage) bool {
	return len(raw) > 0 && string(raw) != "null"
}
