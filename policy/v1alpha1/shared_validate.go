package v1alpha1

import (
	"k8s.io/apimachinery/pkg/util/validation/field"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// stringMatchTypes are the values of StringMatch.type.
var stringMatchTypes = []StringMatchType{StringMatchTypeExact, StringMatchTypePrefix, StringMatchTypeSuffix, StringMatchTypeRegularExpression}

// httpMethods are the methods a method match may name.
var httpMethods = []gwapiv1.HTTPMethod{
	gwapiv1.HTTPMethodGet, gwapiv1.HTTPMethodHead, gwapiv1.HTTPMethodPost, gwapiv1.HTTPMethodPut, gwapiv1.HTTPMethodDelete,
	gwapiv1.HTTPMethodConnect, gwapiv1.HTTPMethodOptions, gwapiv1.HTTPMethodTrace, gwapiv1.HTTPMethodPatch,
}

// validateStringMatch checks a string matcher.
func validateStringMatch(m StringMatch, p *field.Path) field.ErrorList {
	errs := optionalEnum(m.Type, p.Child("type"), stringMatchTypes...)
	return append(errs, requiredString(m.Value, p.Child("value"), stringMatchFormat)...)
}

// validateStringMatches checks a list of string matchers.
func validateStringMatches(ms []StringMatch, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	for i, m := range ms {
		errs = append(errs, validateStringMatch(m, p.Index(i))...)
	}
	return errs
}

// validatePathMatch checks a path matcher. Its value defaults to "/", so an
// empty value is not an error.
func validatePathMatch(m *PathMatch, p *field.Path) field.ErrorList {
	if m == nil {
		return nil
	}
	errs := optionalEnum(m.Type, p.Child("type"), gwapiv1.PathMatchExact, gwapiv1.PathMatchPathPrefix, gwapiv1.PathMatchRegularExpression)
	return append(errs, httpPathValueFormat.validate(m.Value, p.Child("value"))...)
}

// validateCompression checks one compressor entry.
func validateCompression(c *Compression, p *field.Path) field.ErrorList {
	if c == nil {
		return nil
	}
	return requiredEnum(c.Type, p.Child("type"), CompressorTypeGzip, CompressorTypeBrotli, CompressorTypeZstd)
}

// validateCompressions checks a list of compressor entries.
func validateCompressions(cs []Compression, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	for i := range cs {
		errs = append(errs, validateCompression(&cs[i], p.Index(i))...)
	}
	return errs
}

// validateJSONPatchOperation checks one JSON patch operation.
func validateJSONPatchOperation(op JSONPatchOperation, p *field.Path) field.ErrorList {
	return requiredEnum(op.Op, p.Child("op"),
		JSONPatchOperationTypeAdd, JSONPatchOperationTypeRemove, JSONPatchOperationTypeReplace,
		JSONPatchOperationTypeMove, JSONPatchOperationTypeCopy, JSONPatchOperationTypeTest)
}

// validateCustomResponseBody checks the body of a generated response: inline
// text (the default) or a reference to a ConfigMap.
func validateCustomResponseBody(b *CustomResponseBody, p *field.Path) field.ErrorList {
	if b == nil {
		return nil
	}
	typ := orDefault(b.Type, ResponseValueTypeInline)
	errs := validateLocalObjectRef(b.ValueRef, p.Child("valueRef"))
	switch {
	case typ == ResponseValueTypeInline && b.Inline == nil:
		errs = append(errs, field.Required(p.Child("inline"), "must be set when type is Inline"))
	case typ == ResponseValueTypeValueRef && b.ValueRef == nil:
		errs = append(errs, field.Required(p.Child("valueRef"), "must be set when type is ValueRef"))
	}
	if b.ValueRef != nil && b.ValueRef.Kind != "" && b.ValueRef.Kind != "ConfigMap" {
		errs = append(errs, field.NotSupported(p.Child("valueRef", "kind"), b.ValueRef.Kind, []string{"ConfigMap"}))
	}
	return errs
}
