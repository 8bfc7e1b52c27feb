package v1alpha1

import (
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// validateHealthCheck checks active and passive health checking.
func validateHealthCheck(h *HealthCheck, p *field.Path) field.ErrorList {
	if h == nil {
		return nil
	}
	errs := validateActiveHealthCheck(h.Active, p.Child("active"))
	errs = append(errs, validatePassiveHealthCheck(h.Passive, p.Child("passive"))...)
	return append(errs, optionalIntRange(h.PanicThreshold, p.Child("panicThreshold"), 0, 100)...)
}

// validateActiveHealthCheck checks active health checking: its type chooses
// the checker settings that may be given.
func validateActiveHealthCheck(a *ActiveHealthCheck, p *field.Path) field.ErrorList {
	if a == nil {
		return nil
	}
	errs := optionalDuration(a.Timeout, p.Child("timeout"))
	errs = append(errs, optionalDuration(a.Interval, p.Child("interval"))...)
	errs = append(errs, optionalDuration(a.InitialJitter, p.Child("initialJitter"))...)
	errs = append(errs, optionalIntRange(a.UnhealthyThreshold, p.Child("unhealthyThreshold"), 1, noMax)...)
	errs = append(errs, optionalIntRange(a.HealthyThreshold, p.Child("healthyThreshold"), 1, noMax)...)
	errs = append(errs, required(a.Type != "", p.Child("type"))...)
	errs = append(errs, validateHTTPActiveHealthChecker(a.HTTP, p.Child("http"))...)
	if a.TCP != nil {
		errs = append(errs, validateHealthCheckPayload(a.TCP.Send, p.Child("tcp", "send"))...)
		errs = append(errs, validateHealthCheckPayload(a.TCP.Receive, p.Child("tcp", "receive"))...)
	}
	if a.Overrides != nil {
		errs = append(errs, optionalIntRange(a.Overrides.Port, p.Child("overrides", "port"), 1, 65535)...)
	}
	errs = append(errs, validateHealthCheckLog(a.HealthCheckLog, p.Child("healthCheckLog"))...)
	if a.Type == "" {
		return errs
	}
	errs = append(errs, unionMember(p, "http", a.HTTP != nil, a.Type, ActiveHealthCheckerTypeHTTP)...)
	errs = append(errs, unionMember(p, "tcp", a.TCP != nil, a.Type, ActiveHealthCheckerTypeTCP)...)
	return append(errs, onlyWithType(p, "grpc", a.GRPC != nil, a.Type, ActiveHealthCheckerTypeGRPC)...)
}

// validateHTTPActiveHealthChecker checks an HTTP health checker. A request
// body can only be sent with POST or PUT.
func validateHTTPActiveHealthChecker(h *HTTPActiveHealthChecker, p *field.Path) field.ErrorList {
	if h == nil {
		return nil
	}
	errs := optionalString(h.Hostname, p.Child("hostname"), hostnameFormat)
	errs = append(errs, requiredString(h.Path, p.Child("path"), stringFormat{minLen: 1, maxLen: 1024})...)
	errs = append(errs, optionalString(h.Method, p.Child("method"), stringFormat{maxLen: 16})...)
	errs = append(errs, httpStatuses(h.ExpectedStatuses, p.Child("expectedStatuses"))...)
	errs = append(errs, httpStatuses(h.RetriableStatuses, p.Child("retriableStatuses"))...)
	errs = append(errs, validateHealthCheckPayload(h.ExpectedResponse, p.Child("expectedResponse"))...)
	errs = append(errs, validateHealthCheckPayload(h.RequestBody, p.Child("requestBody"))...)
	if h.RequestBody == nil {
		return errs
	}
	switch {
	case h.Method == nil:
		errs = append(errs, field.Required(p.Child("method"), "must be POST or PUT when requestBody is set"))
	case !isOneOf(asciiUpper(*h.Method), "POST", "PUT"):
		errs = append(errs, field.Invalid(p.Child("method"), *h.Method, "must be POST or PUT when requestBody is set"))
	}
	return errs
}

// validateHealthCheckPayload checks a payload given as text or as bytes,
// whichever its type says.
func validateHealthCheckPayload(pl *ActiveHealthCheckPayload, p *field.Path) field.ErrorList {
	if pl == nil {
		return nil
	}
	if pl.Type == "" {
		return field.ErrorList{field.Required(p.Child("type"), "")}
	}
	errs := unionMember(p, "text", pl.Text != nil, pl.Type, ActiveHealthCheckPayloadTypeText)
	return append(errs, unionMember(p, "binary", pl.Binary != nil, pl.Type, ActiveHealthCheckPayloadTypeBinary)...)
}

// validatePassiveHealthCheck checks outlier detection.
func validatePassiveHealthCheck(ph *PassiveHealthCheck, p *field.Path) field.ErrorList {
	if ph == nil {
		return nil
	}
	errs := optionalDuration(ph.Interval, p.Child("interval"))
	errs = append(errs, optionalDuration(ph.BaseEjectionTime, p.Child("baseEjectionTime"))...)
	errs = append(errs, optionalIntRange(ph.MaxEjectionPercent, p.Child("maxEjectionPercent"), 0, 100)...)
	return append(errs, optionalIntRange(ph.FailurePercentageThreshold, p.Child("failurePercentageThreshold"), 0, 100)...)
}

// healthCheckEvents are the health check events a log may record.
var healthCheckEvents = []ProxyHealthCheckLogEventType{
	ProxyHealthCheckLogEventTypeFailure, ProxyHealthCheckLogEventTypeFailureSeriesStart,
	ProxyHealthCheckLogEventTypeSuccess, ProxyHealthCheckLogEventTypeHealthyTransition,
}

// validateHealthCheckLog checks the logging of health check events.
func validateHealthCheckLog(l *ProxyHealthCheckLog, p *field.Path) field.ErrorList {
	if l == nil {
		return nil
	}
	errs := maxItems(len(l.Sinks), p.Child("sinks"), 1)
	for i, s := range l.Sinks {
		sp := p.Child("sinks").Index(i)
		errs = append(errs, requiredEnum(s.Type, sp.Child("type"), ProxyHealthCheckLogSinkTypeFile)...)
		if s.File != nil {
			errs = append(errs, requiredString(s.File.Path, sp.Child("file", "path"), nonEmptyFormat)...)
		}
		if s.Type != "" {
			errs = append(errs, unionMember(sp, "file", s.File != nil, s.Type, ProxyHealthCheckLogSinkTypeFile)...)
		}
	}
	mp := p.Child("matches")
	errs = append(errs, maxItems(len(l.Matches), mp, 4)...)
	errs = append(errs, enumItems(l.Matches, mp, healthCheckEvents...)...)
	errs = append(errs, uniqueKeys(l.Matches, mp, func(e ProxyHealthCheckLogEventType) string { return string(e) })...)
	return append(errs, balancedHealthEvents(l.Matches, mp)...)
}

// balancedHealthEvents checks that a health check log filter records failure
// events exactly when it records success events, so that a logged failure is
// always followed by the recovery that ends it.
func balancedHealthEvents(matches []ProxyHealthCheckLogEventType, p *field.Path) field.ErrorList {
	failure, success := false, false
	for _, e := range matches {
		switch e {
		case ProxyHealthCheckLogEventTypeFailure, ProxyHealthCheckLogEventTypeFailureSeriesStart:
			failure = true
		case ProxyHealthCheckLogEventTypeSuccess, ProxyHealthCheckLogEventTypeHealthyTransition:
			success = true
		}
	}
	if failure != success {
		return field.ErrorList{field.Invalid(p, matches, "must name a failure event (Failure or FailureSeriesStart) exactly when it names a success event (Success or HealthyTransition)")}
	}
	return nil
}
