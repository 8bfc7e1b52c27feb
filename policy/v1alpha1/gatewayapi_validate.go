package v1alpha1

import (
	"k8s.io/apimachinery/pkg/util/validation/field"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// This file validates the Gateway API types that the kinds of this package
// embed, against the limits their schemas carry.

// Schema defaults of Gateway API reference fields.
const (
	coreGroup          gwapiv1.Group = ""
	gatewayAPIGroup    gwapiv1.Group = "gateway.networking.k8s.io"
	serviceKind        gwapiv1.Kind  = "Service"
	secretKind         gwapiv1.Kind  = "Secret"
	defaultDenominator int32         = 100
)

// validateSecretRef checks a reference to a Secret (or to another kind the
// field accepts) that may live in another namespace.
func validateSecretRef(r *gwapiv1.SecretObjectReference, p *field.Path) field.ErrorList {
	if r == nil {
		return nil
	}
	errs := optionalString(r.Group, p.Child("group"), groupFormat)
	errs = append(errs, optionalString(r.Kind, p.Child("kind"), kindFormat)...)
	errs = append(errs, requiredString(r.Name, p.Child("name"), objectNameFormat)...)
	return append(errs, optionalString(r.Namespace, p.Child("namespace"), namespaceFormat)...)
}

// validateLocalObjectRef checks a reference to an object in the same
// namespace. Its group is required by the schema but may be empty (the core
// group), so an empty group is accepted.
func validateLocalObjectRef(r *gwapiv1.LocalObjectReference, p *field.Path) field.ErrorList {
	if r == nil {
		return nil
	}
	errs := groupFormat.validate(string(r.Group), p.Child("group"))
	errs = append(errs, requiredString(r.Kind, p.Child("kind"), kindFormat)...)
	return append(errs, requiredString(r.Name, p.Child("name"), objectNameFormat)...)
}

// validateBackendObjectRef checks a reference to a backend. A Service in the
// core group (the defaults) must name a port, since a Service has several.
func validateBackendObjectRef(r *gwapiv1.BackendObjectReference, p *field.Path) field.ErrorList {
	if r == nil {
		return nil
	}
	errs := optionalString(r.Group, p.Child("group"), groupFormat)
	errs = append(errs, optionalString(r.Kind, p.Child("kind"), kindFormat)...)
	errs = append(errs, requiredString(r.Name, p.Child("name"), objectNameFormat)...)
	errs = append(errs, optionalString(r.Namespace, p.Child("namespace"), namespaceFormat)...)
	errs = append(errs, optionalIntRange(r.Port, p.Child("port"), 1, 65535)...)
	return append(errs, servicePort(r.Group, r.Kind, r.Port != nil, p)...)
}

// servicePort checks that a reference to a core Service names a port.
func servicePort(group *gwapiv1.Group, kind *gwapiv1.Kind, hasPort bool, p *field.Path) field.ErrorList {
	if deref(group, coreGroup) == coreGroup && deref(kind, serviceKind) == serviceKind && !hasPort {
		return field.ErrorList{field.Required(p.Child("port"), "must be set when referring to a Service")}
	}
	return nil
}

// validatePolicyTargetRef checks a policy's reference to the object it
// targets. The group is required but may be empty (the core group).
func validatePolicyTargetRef(r gwapiv1.LocalPolicyTargetReference, p *field.Path) field.ErrorList {
	errs := groupFormat.validate(string(r.Group), p.Child("group"))
	errs = append(errs, requiredString(r.Kind, p.Child("kind"), kindFormat)...)
	return append(errs, requiredString(r.Name, p.Child("name"), objectNameFormat)...)
}

// validatePolicyTargetRefWithSection checks a target reference that may name a
// section (a listener, a route rule) of the target.
func validatePolicyTargetRefWithSection(r gwapiv1.LocalPolicyTargetReferenceWithSectionName, p *field.Path) field.ErrorList {
	errs := validatePolicyTargetRef(r.LocalPolicyTargetReference, p)
	return append(errs, optionalString(r.SectionName, p.Child("sectionName"), sectionNameFormat)...)
}

// validateHTTPHeader checks a header name and value pair.
func validateHTTPHeader(h gwapiv1.HTTPHeader, p *field.Path) field.ErrorList {
	errs := requiredString(h.Name, p.Child("name"), headerNameFormat)
	return append(errs, requiredString(h.Value, p.Child("value"), headerValueFormat)...)
}

// validateHTTPHeaders checks a list of headers keyed by name, holding at most
// max entries.
func validateHTTPHeaders(hs []gwapiv1.HTTPHeader, p *field.Path, max int) field.ErrorList {
	errs := maxItems(len(hs), p, max)
	for i, h := range hs {
		errs = append(errs, validateHTTPHeader(h, p.Index(i))...)
	}
	return append(errs, uniqueKeys(hs, p, headerName)...)
}

// headerName is the list-map key of a header list.
func headerName(h gwapiv1.HTTPHeader) string { return string(h.Name) }

// validateHTTPHeaderFilter checks a header modifier: at most 16 headers to
// set, 16 to add and 16 to remove, each named once.
func validateHTTPHeaderFilter(f *gwapiv1.HTTPHeaderFilter, p *field.Path) field.ErrorList {
	if f == nil {
		return nil
	}
	errs := validateHTTPHeaders(f.Set, p.Child("set"), 16)
	errs = append(errs, validateHTTPHeaders(f.Add, p.Child("add"), 16)...)
	errs = append(errs, maxItems(len(f.Remove), p.Child("remove"), 16)...)
	return append(errs, uniqueKeys(f.Remove, p.Child("remove"), func(s string) string { return s })...)
}

// validateResponseHeaderFilter checks the header modifier of a generated
// response, which can set and add headers but not remove them.
func validateResponseHeaderFilter(f *gwapiv1.HTTPHeaderFilter, p *field.Path) field.ErrorList {
	if f == nil {
		return nil
	}
	errs := validateHTTPHeaderFilter(f, p)
	if len(f.Remove) > 0 {
		errs = append(errs, field.Forbidden(p.Child("remove"), "removing headers from a generated response is not supported"))
	}
	return errs
}

// validateFraction checks a fraction: a non-negative numerator no larger than
// its denominator, which is at least 1 and defaults to 100.
func validateFraction(f *gwapiv1.Fraction, p *field.Path) field.ErrorList {
	if f == nil {
		return nil
	}
	errs := intRange(f.Numerator, p.Child("numerator"), 0, noMax)
	errs = append(errs, optionalIntRange(f.Denominator, p.Child("denominator"), 1, noMax)...)
	if den := deref(f.Denominator, defaultDenominator); f.Numerator > den {
		errs = append(errs, field.Invalid(p.Child("numerator"), f.Numerator, "may not be greater than the denominator"))
	}
	return errs
}

// validateHTTPPathModifier checks a path rewrite: the field that holds the new
// path must match the type.
func validateHTTPPathModifier(m *gwapiv1.HTTPPathModifier, p *field.Path) field.ErrorList {
	if m == nil {
		return nil
	}
	errs := requiredEnum(m.Type, p.Child("type"), gwapiv1.FullPathHTTPPathModifier, gwapiv1.PrefixMatchHTTPPathModifier)
	errs = append(errs, optionalString(m.ReplaceFullPath, p.Child("replaceFullPath"), httpPathValueFormat)...)
	errs = append(errs, optionalString(m.ReplacePrefixMatch, p.Child("replacePrefixMatch"), httpPathValueFormat)...)
	if m.Type == "" {
		return errs
	}
	errs = append(errs, unionMember(p, "replaceFullPath", m.ReplaceFullPath != nil, m.Type, gwapiv1.FullPathHTTPPathModifier)...)
	return append(errs, unionMember(p, "replacePrefixMatch", m.ReplacePrefixMatch != nil, m.Type, gwapiv1.PrefixMatchHTTPPathModifier)...)
}
