package v1alpha1

import (
	"maps"
	"slices"

	"k8s.io/apimachinery/pkg/util/validation/field"
)

// validateTracing checks tracing settings shared by BackendTrafficPolicy and
// EnvoyProxy: sampling fractions, custom tags and span names.
func validateTracing(t *Tracing, p *field.Path) field.ErrorList {
	if t == nil {
		return nil
	}
	errs := validateFraction(t.SamplingFraction, p.Child("samplingFraction"))
	errs = append(errs, validateFraction(t.ClientSamplingFraction, p.Child("clientSamplingFraction"))...)
	errs = append(errs, validateFraction(t.OverallSamplingFraction, p.Child("overallSamplingFraction"))...)
	for _, name := range slices.Sorted(maps.Keys(t.CustomTags)) {
		errs = append(errs, validateCustomTag(t.CustomTags[name], p.Child("customTags").Key(name))...)
	}
	if sn := t.SpanName; sn != nil {
		errs = append(errs, required(sn.Client != "", p.Child("spanName", "client"))...)
		errs = append(errs, required(sn.Server != "", p.Child("spanName", "server"))...)
	}
	return errs
}

// validateCustomTag checks one custom span tag; its type defaults to Literal.
func validateCustomTag(c CustomTag, p *field.Path) field.ErrorList {
	errs := enumValue(orDefault(c.Type, CustomTagTypeLiteral), p.Child("type"),
		CustomTagTypeLiteral, CustomTagTypeEnvironment, CustomTagTypeRequestHeader)
	if c.Literal != nil {
		errs = append(errs, required(c.Literal.Value != "", p.Child("literal", "value"))...)
	}
	if c.Environment != nil {
		errs = append(errs, required(c.Environment.Name != "", p.Child("environment", "name"))...)
	}
	if c.RequestHeader != nil {
		errs = append(errs, required(c.RequestHeader.Name != "", p.Child("requestHeader", "name"))...)
	}
	return errs
}
