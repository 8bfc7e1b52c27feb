package v1alpha1

import (
	"k8s.io/apimachinery/pkg/util/validation/field"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// validateResponseOverrides checks a list of response overrides.
func validateResponseOverrides(ros []ResponseOverride, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	for i := range ros {
		errs = append(errs, validateResponseOverride(&ros[i], p.Index(i))...)
	}
	return errs
}

// validateResponseOverride checks one override: what it matches, and exactly
// one of a replacement response or a redirect.
func validateResponseOverride(ro *ResponseOverride, p *field.Path) field.ErrorList {
	errs := validateCustomResponseMatch(&ro.Match, p.Child("match"))
	if r := ro.Response; r != nil {
		errs = append(errs, validateCustomResponseBody(r.Body, p.Child("response", "body"))...)
		errs = append(errs, validateResponseHeaderFilter(r.Header, p.Child("response", "header"))...)
	}
	errs = append(errs, validateCustomRedirect(ro.Redirect, p.Child("redirect"))...)
	errs = append(errs, optionalEnum(ro.Source, p.Child("source"), ResponseOverrideSourceAll, ResponseOverrideSourceLocal, ResponseOverrideSourceBackend)...)
	return append(errs, exactlyOne(p, member{"response", ro.Response != nil}, member{"redirect", ro.Redirect != nil})...)
}

// validateCustomResponseMatch checks which responses an override matches: by
// status code, by response header, or both.
func validateCustomResponseMatch(m *CustomResponseMatch, p *field.Path) field.ErrorList {
	sp := p.Child("statusCodes")
	errs := itemCount(m.StatusCodes, sp, 1, 50)
	for i := range m.StatusCodes {
		errs = append(errs, validateStatusCodeMatch(&m.StatusCodes[i], sp.Index(i))...)
	}
	hp := p.Child("responseHeaders")
	errs = append(errs, itemCount(m.ResponseHeaders, hp, 1, 16)...)
	for i, h := range m.ResponseHeaders {
		errs = append(errs, requiredString(h.Name, hp.Index(i).Child("name"), headerNameFormat)...)
		errs = append(errs, validateStringMatch(h.Value, hp.Index(i).Child("value"))...)
	}
	return append(errs, atLeastOne(p, member{"statusCodes", m.StatusCodes != nil}, member{"responseHeaders", m.ResponseHeaders != nil})...)
}

// validateStatusCodeMatch checks a status code matcher: a single value (the
// default type) or a range whose end is above its start.
func validateStatusCodeMatch(s *StatusCodeMatch, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	switch orDefault(s.Type, StatusCodeValueTypeValue) {
	case StatusCodeValueTypeValue:
		if s.Value == nil {
			errs = append(errs, field.Required(p.Child("value"), "must be set when type is Value"))
		}
	case StatusCodeValueTypeRange:
		if s.Range == nil {
			errs = append(errs, field.Required(p.Child("range"), "must be set when type is Range"))
		}
	}
	if r := s.Range; r != nil && r.End <= r.Start {
		errs = append(errs, field.Invalid(p.Child("range", "end"), r.End, "must be greater than start"))
	}
	return errs
}

// validateCustomRedirect checks a redirect sent instead of the response. Only
// full path replacement is supported.
func validateCustomRedirect(r *CustomRedirect, p *field.Path) field.ErrorList {
	if r == nil {
		return nil
	}
	errs := optionalEnum(r.Scheme, p.Child("scheme"), "http", "https")
	errs = append(errs, optionalString(r.Hostname, p.Child("hostname"), hostnameFormat)...)
	errs = append(errs, validateHTTPPathModifier(r.Path, p.Child("path"))...)
	if r.Path != nil && r.Path.Type == gwapiv1.PrefixMatchHTTPPathModifier {
		errs = append(errs, field.NotSupported(p.Child("path", "type"), r.Path.Type, []gwapiv1.HTTPPathModifierType{gwapiv1.FullPathHTTPPathModifier}))
	}
	return append(errs, intEnum(r.StatusCode, p.Child("statusCode"), 301, 302)...)
}
