package v1alpha1

import (
	"k8s.io/apimachinery/pkg/util/validation/field"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// Backend kinds and groups that telemetry sinks may send to.
var (
	telemetryBackendKinds  = []gwapiv1.Kind{serviceKind, backendKind}
	telemetryBackendGroups = []gwapiv1.Group{coreGroup, envoyGatewayGroup}
)

// validateProxyTelemetry checks access logging, tracing, metrics, request ID
// and health check logging settings.
func validateProxyTelemetry(t *ProxyTelemetry, p *field.Path) field.ErrorList {
	if t == nil {
		return nil
	}
	errs := validateProxyAccessLog(t.AccessLog, p.Child("accessLog"))
	errs = append(errs, validateProxyTracing(t.Tracing, p.Child("tracing"))...)
	errs = append(errs, validateProxyMetrics(t.Metrics, p.Child("metrics"))...)
	if t.RequestID != nil {
		errs = append(errs, optionalEnum(t.RequestID.Tracing, p.Child("requestID", "tracing"),
			RequestIDExtensionActionPackAndSample, RequestIDExtensionActionSample, RequestIDExtensionActionPack, RequestIDExtensionActionDisable)...)
	}
	return append(errs, validateHealthCheckLog(t.HealthCheckLog, p.Child("healthCheckLog"))...)
}

// validateTelemetryBackends checks the backends of a telemetry sink: only
// backendRefs, each a Service or a Backend.
func validateTelemetryBackends(bc *BackendCluster, p *field.Path) field.ErrorList {
	errs := validateBackendCluster(bc, p)
	errs = append(errs, forbidSingleBackendRef(bc, p)...)
	errs = append(errs, backendRefKinds(bc, p, telemetryBackendKinds)...)
	return append(errs, backendRefGroups(bc, p, telemetryBackendGroups)...)
}

// hostOrBackend checks that a collector is addressed by host or by at least
// one backend reference.
func hostOrBackend(host *string, bc *BackendCluster, p *field.Path) field.ErrorList {
	if host == nil && len(bc.BackendRefs) == 0 {
		return field.ErrorList{field.Required(p.Child("backendRefs"), "must hold at least one backend when host is not set")}
	}
	return nil
}

// validateProxyAccessLog checks access logging: 1 to 50 settings.
func validateProxyAccessLog(a *ProxyAccessLog, p *field.Path) field.ErrorList {
	if a == nil {
		return nil
	}
	sp := p.Child("settings")
	errs := itemCount(a.Settings, sp, 1, 50)
	for i := range a.Settings {
		errs = append(errs, validateAccessLogSetting(&a.Settings[i], sp.Index(i))...)
	}
	return errs
}

// validateAccessLogSetting checks one access log: its format, filters and 1
// to 50 sinks.
func validateAccessLogSetting(s *ProxyAccessLogSetting, p *field.Path) field.ErrorList {
	errs := validateAccessLogFormat(s.Format, p.Child("format"))
	errs = append(errs, maxItems(len(s.Matches), p.Child("matches"), 10)...)
	sp := p.Child("sinks")
	errs = append(errs, required(s.Sinks != nil, sp)...)
	errs = append(errs, itemCount(s.Sinks, sp, 1, 50)...)
	for i := range s.Sinks {
		errs = append(errs, validateAccessLogSink(&s.Sinks[i], sp.Index(i))...)
	}
	return append(errs, optionalEnum(s.Type, p.Child("type"), ProxyAccessLogTypeListener, ProxyAccessLogTypeRoute, ProxyAccessLogTypeUpstream)...)
}

// validateAccessLogFormat checks an access log format: text or JSON, as the
// type says, or whichever is given when the type is unset.
func validateAccessLogFormat(f *ProxyAccessLogFormat, p *field.Path) field.ErrorList {
	if f == nil {
		return nil
	}
	hasText, hasJSON := f.Text != nil, f.JSON != nil
	if f.Type == nil {
		return atLeastOne(p, member{"text", hasText}, member{"json", hasJSON})
	}
	errs := enumValue(*f.Type, p.Child("type"), ProxyAccessLogFormatTypeText, ProxyAccessLogFormatTypeJSON)
	if !isOneOf(*f.Type, ProxyAccessLogFormatTypeText, ProxyAccessLogFormatTypeJSON) {
		return errs
	}
	errs = append(errs, unionMember(p, "text", hasText, *f.Type, ProxyAccessLogFormatTypeText)...)
	return append(errs, unionMember(p, "json", hasJSON, *f.Type, ProxyAccessLogFormatTypeJSON)...)
}

// validateAccessLogSink checks one access log sink: the settings its type
// names, and no others.
func validateAccessLogSink(s *ProxyAccessLogSink, p *field.Path) field.ErrorList {
	errs := validateALSSink(s.ALS, p.Child("als"))
	if s.File != nil {
		errs = append(errs, optionalString(s.File.Path, p.Child("file", "path"), nonEmptyFormat)...)
	}
	errs = append(errs, validateOTelAccessLog(s.OpenTelemetry, p.Child("openTelemetry"))...)
	if s.Type == nil {
		return append(errs, field.Required(p.Child("type"), ""))
	}
	typ := *s.Type
	errs = append(errs, enumValue(typ, p.Child("type"), ProxyAccessLogSinkTypeALS, ProxyAccessLogSinkTypeFile, ProxyAccessLogSinkTypeOpenTelemetry)...)
	errs = append(errs, unionMember(p, "als", s.ALS != nil, typ, ProxyAccessLogSinkTypeALS)...)
	errs = append(errs, unionMember(p, "file", s.File != nil, typ, ProxyAccessLogSinkTypeFile)...)
	return append(errs, unionMember(p, "openTelemetry", s.OpenTelemetry != nil, typ, ProxyAccessLogSinkTypeOpenTelemetry)...)
}

// validateALSSink checks a gRPC access log service sink. HTTP settings only
// apply to HTTP logs.
func validateALSSink(a *ALSEnvoyProxyAccessLog, p *field.Path) field.ErrorList {
	if a == nil {
		return nil
	}
	errs := validateTelemetryBackends(&a.BackendCluster, p)
	if len(a.BackendRefs) == 0 {
		errs = append(errs, field.Required(p.Child("backendRefs"), "must hold at least one backend"))
	}
	errs = append(errs, optionalString(a.LogName, p.Child("logName"), nonEmptyFormat)...)
	errs = append(errs, requiredEnum(a.Type, p.Child("type"), ALSEnvoyProxyAccessLogTypeHTTP, ALSEnvoyProxyAccessLogTypeTCP)...)
	if a.HTTP != nil && a.Type != ALSEnvoyProxyAccessLogTypeHTTP {
		errs = append(errs, field.Forbidden(p.Child("http"), "may only be set when type is HTTP"))
	}
	return errs
}

// validateOTelAccessLog checks an OpenTelemetry access log sink. Resource
// attributes are given by resourceAttributes or by the older resources, not
// both.
func validateOTelAccessLog(o *OpenTelemetryEnvoyProxyAccessLog, p *field.Path) field.ErrorList {
	if o == nil {
		return nil
	}
	errs := validateTelemetryBackends(&o.BackendCluster, p)
	errs = append(errs, hostOrBackend(o.Host, &o.BackendCluster, p)...)
	errs = append(errs, optionalIntRange(o.Port, p.Child("port"), 0, noMax)...)
	errs = append(errs, collectorHeaders(o.Headers, p.Child("headers"))...)
	if o.Resources != nil && o.ResourceAttributes != nil {
		errs = append(errs, field.Forbidden(p.Child("resources"), "may not be set together with resourceAttributes, which replaces it"))
	}
	return errs
}

// collectorHeaders checks the 1 to 32 headers sent to a collector.
func collectorHeaders(hs []gwapiv1.HTTPHeader, p *field.Path) field.ErrorList {
	return append(minItems(hs, p, 1), validateHTTPHeaders(hs, p, 32)...)
}

// validateProxyTracing checks tracing: sampling is set by a rate or by a
// fraction, not both, and a provider receives the spans.
func validateProxyTracing(t *ProxyTracing, p *field.Path) field.ErrorList {
	if t == nil {
		return nil
	}
	errs := validateTracing(&t.Tracing, p)
	errs = append(errs, optionalIntRange(t.SamplingRate, p.Child("samplingRate"), 0, 100)...)
	errs = append(errs, validateTracingProvider(&t.Provider, p.Child("provider"))...)
	if t.SamplingRate != nil && t.SamplingFraction != nil {
		errs = append(errs, field.Forbidden(p.Child("samplingFraction"), "may not be set together with samplingRate"))
	}
	return errs
}

// validateTracingProvider checks where spans are sent; OpenTelemetry settings
// only apply to the OpenTelemetry provider, the default.
func validateTracingProvider(tp *TracingProvider, p *field.Path) field.ErrorList {
	typ := orDefault(tp.Type, TracingProviderTypeOpenTelemetry)
	errs := enumValue(typ, p.Child("type"), TracingProviderTypeOpenTelemetry, TracingProviderTypeZipkin, TracingProviderTypeDatadog)
	errs = append(errs, validateTelemetryBackends(&tp.BackendCluster, p)...)
	errs = append(errs, hostOrBackend(tp.Host, &tp.BackendCluster, p)...)
	errs = append(errs, optionalIntRange(tp.Port, p.Child("port"), 0, noMax)...)
	if tp.ServiceName != nil && *tp.ServiceName == "" {
		errs = append(errs, field.Invalid(p.Child("serviceName"), "", "may not be empty"))
	}
	if o := tp.OpenTelemetry; o != nil {
		op := p.Child("openTelemetry")
		errs = append(errs, collectorHeaders(o.Headers, op.Child("headers"))...)
		errs = append(errs, validateOTelSampler(o.Sampler, op.Child("sampler"))...)
		if typ != TracingProviderTypeOpenTelemetry {
			errs = append(errs, field.Forbidden(op, "may only be set when type is OpenTelemetry"))
		}
	}
	return errs
}

// validateOTelSampler checks an OpenTelemetry sampler; a sampling percentage
// only applies to the ratio-based samplers.
func validateOTelSampler(s *OTelSampler, p *field.Path) field.ErrorList {
	if s == nil {
		return nil
	}
	typ := orDefault(s.Type, OTelSamplerTypeAlwaysOn)
	errs := enumValue(typ, p.Child("type"), OTelSamplerTypeAlwaysOn, OTelSamplerTypeAlwaysOff, OTelSamplerTypeTraceIDRatio,
		OTelSamplerTypeParentBasedAlwaysOn, OTelSamplerTypeParentBasedAlwaysOff, OTelSamplerTypeParentBasedTraceIDRatio)
	errs = append(errs, validateFraction(s.SamplingPercentage, p.Child("samplingPercentage"))...)
	return append(errs, onlyWithType(p, "samplingPercentage", s.SamplingPercentage != nil, typ,
		OTelSamplerTypeTraceIDRatio, OTelSamplerTypeParentBasedTraceIDRatio)...)
}

// validateProxyMetrics checks metrics settings.
func validateProxyMetrics(m *ProxyMetrics, p *field.Path) field.ErrorList {
	if m == nil {
		return nil
	}
	var errs field.ErrorList
	if m.Prometheus != nil {
		errs = append(errs, validateCompression(m.Prometheus.Compression, p.Child("prometheus", "compression"))...)
	}
	sp := p.Child("sinks")
	errs = append(errs, maxItems(len(m.Sinks), sp, 16)...)
	for i := range m.Sinks {
		errs = append(errs, validateMetricSink(&m.Sinks[i], sp.Index(i))...)
	}
	return append(errs, validateStringMatches(m.Matches, p.Child("matches"))...)
}

// validateMetricSink checks one metrics sink; OpenTelemetry is the default
// and only type.
func validateMetricSink(s *ProxyMetricSink, p *field.Path) field.ErrorList {
	typ := orDefault(s.Type, MetricSinkTypeOpenTelemetry)
	errs := enumValue(typ, p.Child("type"), MetricSinkTypeOpenTelemetry)
	if o := s.OpenTelemetry; o != nil {
		op := p.Child("openTelemetry")
		errs = append(errs, validateTelemetryBackends(&o.BackendCluster, op)...)
		errs = append(errs, hostOrBackend(o.Host, &o.BackendCluster, op)...)
		errs = append(errs, optionalIntRange(o.Port, op.Child("port"), 0, 65535)...)
		errs = append(errs, collectorHeaders(o.Headers, op.Child("headers"))...)
	}
	return append(errs, unionMember(p, "openTelemetry", s.OpenTelemetry != nil, typ, MetricSinkTypeOpenTelemetry)...)
}
