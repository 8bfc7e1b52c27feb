package translator

import (
	"encoding/json"
	"slices"
	"time"

	"github.com/gatewaykit/gatewaykit/ir"
	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// The IR of an EnvoyExtensionPolicy's features: what buildEEPFeatures
// resolved, as the ir.EnvoyExtensionFeatures package xds turns into HTTP
// filters.

// extensionsIR returns the IR of the extensions f holds; nil when there is
// none.
func (f *eepFeatures) extensionsIR() *ir.EnvoyExtensionFeatures {
	if f.empty() {
		return nil
	}
	out := &ir.EnvoyExtensionFeatures{}
	for i := range f.extProcs {
		out.ExtProcs = append(out.ExtProcs, f.extProcs[i].ir())
	}
	for i := range f.wasms {
		out.Wasms = append(out.Wasms, f.wasms[i].ir())
	}
	for i := range f.luas {
		l := &f.luas[i]
		out.Luas = append(out.Luas, ir.Lua{Name: l.name, Code: l.code, FilterContext: rawJSON(l.filterContext)})
	}
	for i := range f.dynamicModules {
		out.DynamicModules = append(out.DynamicModules, f.dynamicModules[i].ir())
	}
	return out
}

// rawJSON is b as JSON, nil for none.
func rawJSON(b []byte) json.RawMessage {
	if b == nil {
		return nil
	}
	return json.RawMessage(slices.Clone(b))
}

func (x *eepExtProc) ir() ir.ExtProc {
	out := ir.ExtProc{
		Name:                         x.name,
		Destination:                  *x.destination.DeepCopy(),
		Authority:                    x.authority,
		MessageTimeout:               optDuration(x.messageTimeout),
		FailOpen:                     x.failOpen,
		RequestHeaderProcessing:      x.requestHeaders,
		ResponseHeaderProcessing:     x.responseHeaders,
		RequestBodyProcessingMode:    extProcBodyMode(x.requestBody),
		ResponseBodyProcessingMode:   extProcBodyMode(x.responseBody),
		RequestAttributes:            slices.Clone(x.requestAttributes),
		ResponseAttributes:           slices.Clone(x.responseAttributes),
		ForwardingMetadataNamespaces: slices.Clone(x.forwardingNamespaces),
		ReceivingMetadataNamespaces:  slices.Clone(x.receivingNamespaces),
		AllowModeOverride:            x.allowModeOverride != nil && *x.allowModeOverride,
		StatusOnError:                x.statusOnError,
	}
	if x.shadowMode {
		out.ShadowMode = new(true)
	}
	if x.traffic != nil {
		out.Traffic = x.traffic.DeepCopy()
	}
	return out
}

// extProcBodyMode is the IR body mode of a spec one; nil for none.
func extProcBodyMode(m egv1a1.ExtProcBodyProcessingMode) *ir.ExtProcBodyMode {
	if m == "" {
		return nil
	}
	v := ir.ExtProcBodyMode(m)
	return &v
}

func (w *eepWasm) ir() ir.Wasm {
	return ir.Wasm{
		Name:     w.name,
		RootID:   w.rootID,
		WasmName: w.wasmName,
		Config:   rawJSON(w.config),
		FailOpen: w.failOpen,
		Code:     &ir.HTTPWasmCode{ServingURL: w.servingURL, SHA256: w.sha256, OriginalURL: w.originalURL},
		HostKeys: slices.Clone(w.hostKeys),
	}
}

func (d *eepDynamicModule) ir() ir.DynamicModule {
	out := ir.DynamicModule{
		Name:           d.name,
		Path:           d.path,
		FilterName:     d.filterName,
		Config:         rawJSON(d.config),
		DoNotClose:     d.doNotClose,
		LoadGlobally:   d.loadGlobally,
		TerminalFilter: d.terminalFilter,
	}
	if d.remoteURL != "" {
		out.Remote = &ir.RemoteDynamicModule{URL: d.remoteURL, SHA256: d.remoteSHA256}
	}
	return out
}

// eepApply adapts built EnvoyExtensionPolicy features to the policy pass.
// A policy whose problems are not all fail-open makes its routes answer 500
// (Envoy Gateway's behaviour: the routes then get none of its extensions);
// with WithExtensionFailureIsolation the extensions that could be built are
// installed all the same, so that only the failed entries are missing from
// the configuration. A policy whose failing entries all fail open installs
// the others and keeps its routes serving.
func (t *translation) eepApply(f *eepFeatures, err error) (func(*ir.HTTPRoute), error) {
	failRoute := err != nil && (f == nil || f.failRoute)
	var ext *ir.EnvoyExtensionFeatures
	if f != nil && (!failRoute || t.cfg.extensionIsolation) {
		ext = f.extensionsIR()
	}
	if ext == nil && !failRoute {
		if err != nil {
			return func(*ir.HTTPRoute) {}, err
		}
		return nil, nil
	}
	return func(r *ir.HTTPRoute) {
		if ext != nil {
			r.EnvoyExtensions = ext.DeepCopy()
		}
		if failRoute {
			failClosedRoute(r)
		}
	}, err
}

// optDuration converts an optional duration to the IR's.
func optDuration(d *time.Duration) *ir.Duration {
	if d == nil {
		return nil
	}
	v := ir.Duration(*d)
	return &v
}
