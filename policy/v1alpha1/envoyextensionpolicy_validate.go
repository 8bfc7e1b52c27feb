package v1alpha1

import (
	"regexp"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation/field"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// wasmURLFormat is the pattern the schema gives HTTP Wasm sources. It is not
// anchored at the end, so it accepts any string that starts like a URL or a
// path, which in practice is any string; it is kept for fidelity.
var wasmURLFormat = stringFormat{
	pattern: regexp.MustCompile(`^((https?:)(\/\/\/?)([\w]*(?::[\w]*)?@)?([\d\w\.-]+)(?::(\d+))?)?([\/\\\w\.()-]*)?(?:([?][^#]*)?(#.*)?)*`),
	what:    "an HTTP or HTTPS URL",
}

// attributeFormat is the format of an attribute sent to an external
// processor.
var attributeFormat = stringFormat{
	pattern: regexp.MustCompile(`^(connection\.|source\.|destination\.|request\.|response\.|upstream\.|xds\.route_)[a-z_1-9]*$`),
	what:    "an Envoy attribute name such as request.path or upstream.address",
}

// reservedMetadataPrefix starts the metadata namespaces of Envoy's own
// filters, which external processors may not write to.
const reservedMetadataPrefix = "envoy.filters.http"

// Validate checks the EnvoyExtensionPolicy against the rules of its published
// schema: see the package documentation for what that covers.
func (e *EnvoyExtensionPolicy) Validate() field.ErrorList {
	if e == nil {
		return nil
	}
	p := field.NewPath("spec")
	s := &e.Spec
	errs := validateTargets(s.PolicyTargetReferences, p, trafficTargetKinds)
	errs = append(errs, validateMergeType(s.MergeType, s.PolicyTargetReferences, p, trafficRouteKinds)...)
	errs = append(errs, maxItems(len(s.Wasm), p.Child("wasm"), 16)...)
	for i := range s.Wasm {
		errs = append(errs, validateWasmCode(&s.Wasm[i].Code, p.Child("wasm").Index(i).Child("code"))...)
	}
	errs = append(errs, maxItems(len(s.ExtProc), p.Child("extProc"), 16)...)
	for i := range s.ExtProc {
		errs = append(errs, validateExtProc(&s.ExtProc[i], p.Child("extProc").Index(i))...)
	}
	errs = append(errs, maxItems(len(s.Lua), p.Child("lua"), 16)...)
	for i := range s.Lua {
		errs = append(errs, validateLua(&s.Lua[i], p.Child("lua").Index(i))...)
	}
	errs = append(errs, maxItems(len(s.DynamicModule), p.Child("dynamicModule"), 16)...)
	for i, dm := range s.DynamicModule {
		dp := p.Child("dynamicModule").Index(i)
		errs = append(errs, requiredString(dm.Name, dp.Child("name"), moduleNameFormat)...)
		errs = append(errs, optionalString(dm.FilterName, dp.Child("filterName"), stringFormat{maxLen: 253})...)
	}
	return errs
}

// validateWasmCode checks where a Wasm module is fetched from: an HTTP URL or
// an OCI image, whichever the type says.
func validateWasmCode(c *WasmCodeSource, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	if h := c.HTTP; h != nil {
		hp := p.Child("http")
		errs = append(errs, requiredString(h.URL, hp.Child("url"), wasmURLFormat)...)
		errs = append(errs, validateWasmTLS(h.TLS, hp.Child("tls"))...)
	}
	if img := c.Image; img != nil {
		ip := p.Child("image")
		errs = append(errs, required(img.URL != "", ip.Child("url"))...)
		errs = append(errs, validateSecretRef(img.PullSecretRef, ip.Child("pullSecretRef"))...)
		if r := img.PullSecretRef; r != nil && deref(r.Kind, secretKind) != secretKind {
			errs = append(errs, field.NotSupported(ip.Child("pullSecretRef", "kind"), *r.Kind, []gwapiv1.Kind{secretKind}))
		}
		errs = append(errs, validateWasmTLS(img.TLS, ip.Child("tls"))...)
	}
	errs = append(errs, optionalEnum(c.PullPolicy, p.Child("pullPolicy"), ImagePullPolicyIfNotPresent, ImagePullPolicyAlways)...)
	if c.Type == "" {
		return append(errs, field.Required(p.Child("type"), ""))
	}
	errs = append(errs, unionMember(p, "http", c.HTTP != nil, c.Type, WasmCodeSourceTypeHTTP)...)
	return append(errs, unionMember(p, "image", c.Image != nil, c.Type, WasmCodeSourceTypeImage)...)
}

// validateWasmTLS checks the CA used to verify a Wasm source.
func validateWasmTLS(t *WasmCodeSourceTLSConfig, p *field.Path) field.ErrorList {
	if t == nil {
		return nil
	}
	return validateSecretRef(&t.CaCertificateRef, p.Child("caCertificateRef"))
}

// validateExtProc checks an external processor: its backends, and processing
// modes compatible with failing open and with shadow mode.
func validateExtProc(ep *ExtProc, p *field.Path) field.ErrorList {
	errs := validateBackendCluster(&ep.BackendCluster, p)
	errs = append(errs, forbidSingleBackendRef(&ep.BackendCluster, p)...)
	errs = append(errs, backendRefKinds(&ep.BackendCluster, p, extensionBackendKinds)...)
	errs = append(errs, backendRefGroups(&ep.BackendCluster, p, extensionBackendGroups)...)
	errs = append(errs, optionalDuration(ep.MessageTimeout, p.Child("messageTimeout"))...)
	if m := ep.ProcessingMode; m != nil {
		errs = append(errs, validateProcessingModeOptions(m.Request, p.Child("processingMode", "request"))...)
		errs = append(errs, validateProcessingModeOptions(m.Response, p.Child("processingMode", "response"))...)
	}
	if md := ep.Metadata; md != nil {
		errs = append(errs, validateWritableNamespaces(md.WritableNamespaces, p.Child("metadata", "writableNamespaces"))...)
	}
	errs = append(errs, intEnum(ep.StatusOnError, p.Child("statusOnError"), errorStatusCodes...)...)
	if deref(ep.FailOpen, false) && anyBodyMode(ep.ProcessingMode, func(m ExtProcBodyProcessingMode) bool { return m == ExtProcBodyProcessingModeFullDuplexStreamed }) {
		errs = append(errs, field.Forbidden(p.Child("failOpen"), "may not be true when a body processing mode is FullDuplexStreamed"))
	}
	if deref(ep.ShadowMode, false) && anyBodyMode(ep.ProcessingMode, func(m ExtProcBodyProcessingMode) bool { return m != ExtProcBodyProcessingModeStreamed }) {
		errs = append(errs, field.Forbidden(p.Child("shadowMode"), "may only be true when every body processing mode is Streamed"))
	}
	return errs
}

// anyBodyMode reports whether the request or response body processing mode
// is set and satisfies match.
func anyBodyMode(m *ExtProcProcessingMode, match func(ExtProcBodyProcessingMode) bool) bool {
	if m == nil {
		return false
	}
	for _, o := range []*ProcessingModeOptions{m.Request, m.Response} {
		if o != nil && o.Body != nil && match(*o.Body) {
			return true
		}
	}
	return false
}

// validateProcessingModeOptions checks how one direction is sent to an
// external processor.
func validateProcessingModeOptions(o *ProcessingModeOptions, p *field.Path) field.ErrorList {
	if o == nil {
		return nil
	}
	errs := optionalEnum(o.Body, p.Child("body"), ExtProcBodyProcessingModeStreamed, ExtProcBodyProcessingModeBuffered,
		ExtProcBodyProcessingModeBufferedPartial, ExtProcBodyProcessingModeFullDuplexStreamed)
	return append(errs, stringItems(o.Attributes, p.Child("attributes"), attributeFormat)...)
}

// validateWritableNamespaces checks the metadata namespaces an external
// processor may write: at most 8, none of Envoy's own filters.
func validateWritableNamespaces(ns []string, p *field.Path) field.ErrorList {
	errs := maxItems(len(ns), p, 8)
	for i, n := range ns {
		if strings.HasPrefix(n, reservedMetadataPrefix) {
			errs = append(errs, field.Invalid(p.Index(i), n, "may not start with "+reservedMetadataPrefix+", which is reserved for Envoy's filters"))
		}
	}
	return errs
}

// validateLua checks a Lua script given inline (the default) or in a core
// ConfigMap.
func validateLua(l *Lua, p *field.Path) field.ErrorList {
	typ := orDefault(l.Type, LuaValueTypeInline)
	errs := enumValue(typ, p.Child("type"), LuaValueTypeInline, LuaValueTypeValueRef)
	errs = append(errs, validateLocalObjectRef(l.ValueRef, p.Child("valueRef"))...)
	if r := l.ValueRef; r != nil {
		if r.Kind != "" && r.Kind != "ConfigMap" {
			errs = append(errs, field.NotSupported(p.Child("valueRef", "kind"), r.Kind, []string{"ConfigMap"}))
		}
		if !isOneOf(r.Group, coreGroup, "v1") {
			errs = append(errs, field.NotSupported(p.Child("valueRef", "group"), r.Group, []gwapiv1.Group{coreGroup, "v1"}))
		}
	}
	return append(errs, inlineOrRef(p, typ, LuaValueTypeInline, LuaValueTypeValueRef, "inline", l.Inline != nil, l.ValueRef != nil)...)
}
