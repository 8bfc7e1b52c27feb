// # Validation
//
// Every kind has a Validate method that checks an object offline the way a
// Kubernetes API server checks it once the published CustomResourceDefinition
// is installed, so that manifests translated without a cluster are held to the
// same rules. It covers:
//
//   - every CEL rule (x-kubernetes-validations) of the published CRDs, each
//     implemented once on the type that carries it and reused wherever that
//     type appears;
//   - the OpenAPI constraints on the fields of this package's types and of the
//     Gateway API types they use (references, header filters, path modifiers,
//     fractions): required fields, enums, string patterns and length limits,
//     numeric ranges, item counts, and unique keys in list-maps and sets;
//   - durations typed gwapiv1.Duration, which must be Gateway API durations
//     such as "1h30m" or "500ms" (up to four groups of at most five digits
//     followed by h, m, s or ms).
//
// The API server applies schema defaults before it validates, so Validate
// reads an unset field that the schema defaults as holding its default (an
// unset backendRefs[].kind is a Service, an unset Fraction denominator is
// 100). A field counts as set when it appears in the manifest: a nil pointer,
// slice or map is unset, while an empty list written as [] is set, as it is
// for CEL's has(). Strings and numbers held by value cannot be told apart
// from their zero values. A required string that is empty is reported as
// missing; the API server would accept an explicitly empty string where the
// schema sets no minimum length, but of those fields only a regex substitution
// has a use for one, and Validate accepts it there. A required number that is
// missing reads as 0 and is only rejected when 0 is itself out of range. Where
// the API server cannot evaluate a CEL rule because a field the rule reads is
// missing (an access log sink without a type, for example), it rejects the
// object, and Validate reports the missing field.
//
// Validate does not check object metadata (names, labels and annotations are
// checked by the API server for every kind alike), status, the embedded
// Kubernetes core types of EnvoyProxy (containers, pod specs, affinity,
// tolerations, volumes, deployment strategies, autoscaler metrics and
// behaviour, label selectors beyond their required key and operator), the
// syntax of regular expressions and CEL expressions held in string fields, or
// anything that needs other objects: whether targets and references exist,
// whether Secrets and ConfigMaps hold the expected keys, and whether policies
// conflict are questions for translation, which answers them with status
// conditions.
//
// Errors name the field path, for example spec.targetRefs[0].kind, and come in
// a fixed order (map entries by key), so the same object always gives the same
// list. Their types follow what the API server reports for the schema: Required
// for a missing field, NotSupported for a value outside an enum, TooLong for a
// string over its length limit, TooMany for a list over its item limit,
// Duplicate for a repeated list-map key, and Invalid for any other bad value. A
// failed CEL rule is reported on the field the user has to change, as Required
// (it must be set), Forbidden (it may not be set, or not together with another
// field), NotSupported or Invalid. Validate never modifies the object, never
// panics, and is safe for concurrent use; a nil object yields no errors.
package v1alpha1

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"k8s.io/apimachinery/pkg/util/validation/field"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// Patterns the schemas put on strings. They are compiled once and only read.
var (
	// durationPattern is the Gateway API duration format.
	durationPattern = regexp.MustCompile(`^([0-9]{1,5}(h|m|s|ms)){1,4}$`)
	// dnsSubdomainPattern is an RFC 1123 subdomain: lowercase labels joined by dots.
	dnsSubdomainPattern = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`)
	// fqdnPattern is an RFC 1123 subdomain that may end with a dot.
	fqdnPattern = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\.?$`)
	// dnsLabelPattern is an RFC 1123 label, as used by namespaces.
	dnsLabelPattern = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`)
	// groupPattern is an API group: empty (the core group) or a DNS subdomain.
	groupPattern = regexp.MustCompile(`^$|^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`)
	// kindPattern is a Kubernetes kind name.
	kindPattern = regexp.MustCompile(`^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$`)
	// headerNamePattern is an HTTP header field name (an RFC 7230 token).
	headerNamePattern = regexp.MustCompile("^[A-Za-z0-9!#$%&'*+\\-.^_\\x60|~]+$")
	// moduleNamePattern names a dynamic module.
	moduleNamePattern = regexp.MustCompile(`^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$`)
	// singleLinePattern rejects carriage returns, line feeds and NUL bytes.
	singleLinePattern = regexp.MustCompile(`^[^\r\n\x00]*$`)
	// cidrPattern is an IPv4 or IPv6 address followed by a prefix length. Like
	// the schema's, it is not anchored.
	cidrPattern = regexp.MustCompile(`((25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)\.(25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)\.(25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)\.(25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)\/([0-9]+))|((([0-9a-fA-F]{1,4}:){7,7}[0-9a-fA-F]{1,4}|([0-9a-fA-F]{1,4}:){1,7}:|([0-9a-fA-F]{1,4}:){1,6}:[0-9a-fA-F]{1,4}|([0-9a-fA-F]{1,4}:){1,5}(:[0-9a-fA-F]{1,4}){1,2}|([0-9a-fA-F]{1,4}:){1,4}(:[0-9a-fA-F]{1,4}){1,3}|([0-9a-fA-F]{1,4}:){1,3}(:[0-9a-fA-F]{1,4}){1,4}|([0-9a-fA-F]{1,4}:){1,2}(:[0-9a-fA-F]{1,4}){1,5}|[0-9a-fA-F]{1,4}:((:[0-9a-fA-F]{1,4}){1,6})|:((:[0-9a-fA-F]{1,4}){1,7}|:)|fe80:(:[0-9a-fA-F]{0,4}){0,4}%[0-9a-zA-Z]{1,}|::(ffff(:0{1,4}){0,1}:){0,1}((25[0-5]|(2[0-4]|1{0,1}[0-9]){0,1}[0-9])\.){3,3}(25[0-5]|(2[0-4]|1{0,1}[0-9]){0,1}[0-9])|([0-9a-fA-F]{1,4}:){1,4}:((25[0-5]|(2[0-4]|1{0,1}[0-9]){0,1}[0-9])\.){3,3}(25[0-5]|(2[0-4]|1{0,1}[0-9]){0,1}[0-9]))\/([0-9]+))`)
)

// stringFormat is the set of limits a schema puts on one string: a length
// range counted in characters, and a pattern. Zero values mean no limit.
type stringFormat struct {
	minLen  int
	maxLen  int
	pattern *regexp.Regexp
	// what describes the accepted values in the error for a pattern mismatch.
	what string
}

// Formats shared by many fields.
var (
	hostnameFormat      = stringFormat{minLen: 1, maxLen: 253, pattern: dnsSubdomainPattern, what: "a lowercase DNS name (RFC 1123 subdomain)"}
	groupFormat         = stringFormat{maxLen: 253, pattern: groupPattern, what: "an API group: empty or a lowercase DNS name"}
	kindFormat          = stringFormat{minLen: 1, maxLen: 63, pattern: kindPattern, what: "a kind name: a letter followed by letters, digits or dashes"}
	objectNameFormat    = stringFormat{minLen: 1, maxLen: 253}
	namespaceFormat     = stringFormat{minLen: 1, maxLen: 63, pattern: dnsLabelPattern, what: "a namespace name (RFC 1123 label)"}
	sectionNameFormat   = stringFormat{minLen: 1, maxLen: 253, pattern: dnsSubdomainPattern, what: "a section name (RFC 1123 subdomain)"}
	headerNameFormat    = stringFormat{minLen: 1, maxLen: 256, pattern: headerNamePattern, what: "an HTTP header name"}
	headerValueFormat   = stringFormat{minLen: 1, maxLen: 4096}
	stringMatchFormat   = stringFormat{minLen: 1, maxLen: 1024}
	moduleNameFormat    = stringFormat{minLen: 1, maxLen: 253, pattern: moduleNamePattern, what: "a module name: lowercase letters, digits, dots and dashes"}
	cidrFormat          = stringFormat{pattern: cidrPattern, what: "an IPv4 or IPv6 CIDR such as 10.0.0.0/8"}
	nonEmptyFormat      = stringFormat{minLen: 1}
	singleLineFormat    = stringFormat{pattern: singleLinePattern, what: "a single line without NUL bytes"}
	httpPathValueFormat = stringFormat{maxLen: 1024}
)

// validate checks v against f.
func (f stringFormat) validate(v string, p *field.Path) field.ErrorList {
	n := utf8.RuneCountInString(v)
	switch {
	case f.maxLen > 0 && n > f.maxLen:
		return field.ErrorList{field.TooLongCharacters(p, v, f.maxLen)}
	case n < f.minLen && n == 0:
		return field.ErrorList{field.Invalid(p, v, "may not be empty")}
	case n < f.minLen:
		return field.ErrorList{field.Invalid(p, v, fmt.Sprintf("must be at least %d characters long", f.minLen))}
	case f.pattern != nil && !f.pattern.MatchString(v):
		return field.ErrorList{field.Invalid(p, v, "must be "+f.what)}
	}
	return nil
}

// requiredString checks a required string: empty means unset.
func requiredString[S ~string](v S, p *field.Path, f stringFormat) field.ErrorList {
	if v == "" {
		return field.ErrorList{field.Required(p, "")}
	}
	return f.validate(string(v), p)
}

// optionalString checks an optional string held by pointer.
func optionalString[S ~string](v *S, p *field.Path, f stringFormat) field.ErrorList {
	if v == nil {
		return nil
	}
	return f.validate(string(*v), p)
}

// stringItems checks every item of a list of strings against f.
func stringItems[S ~string](items []S, p *field.Path, f stringFormat) field.ErrorList {
	var errs field.ErrorList
	for i, v := range items {
		errs = append(errs, f.validate(string(v), p.Index(i))...)
	}
	return errs
}

// enumValue checks that v is one of allowed.
func enumValue[S ~string](v S, p *field.Path, allowed ...S) field.ErrorList {
	if slices.Contains(allowed, v) {
		return nil
	}
	return field.ErrorList{field.NotSupported(p, v, allowed)}
}

// requiredEnum checks a required enum held by value: empty means unset.
func requiredEnum[S ~string](v S, p *field.Path, allowed ...S) field.ErrorList {
	if v == "" {
		return field.ErrorList{field.Required(p, "")}
	}
	return enumValue(v, p, allowed...)
}

// optionalEnum checks an optional enum held by pointer.
func optionalEnum[S ~string](v *S, p *field.Path, allowed ...S) field.ErrorList {
	if v == nil {
		return nil
	}
	return enumValue(*v, p, allowed...)
}

// enumItems checks every item of a list against allowed.
func enumItems[S ~string](items []S, p *field.Path, allowed ...S) field.ErrorList {
	var errs field.ErrorList
	for i, v := range items {
		errs = append(errs, enumValue(v, p.Index(i), allowed...)...)
	}
	return errs
}

// isOneOf reports whether v equals one of values.
func isOneOf[S ~string](v S, values ...S) bool {
	return slices.Contains(values, v)
}

// integer is any integer type the schemas put bounds on.
type integer interface {
	~int | ~int32 | ~int64
}

// Bounds for integers that have only a lower or only an upper limit.
const (
	noMin = -1 << 63
	noMax = 1<<63 - 1
)

// intRange checks that lo <= v <= hi.
func intRange[T integer](v T, p *field.Path, lo, hi int64) field.ErrorList {
	n := int64(v)
	switch {
	case n < lo && hi == noMax:
		return field.ErrorList{field.Invalid(p, n, fmt.Sprintf("must be at least %d", lo))}
	case n > hi && lo == noMin:
		return field.ErrorList{field.Invalid(p, n, fmt.Sprintf("must be at most %d", hi))}
	case n < lo || n > hi:
		return field.ErrorList{field.Invalid(p, n, fmt.Sprintf("must be between %d and %d", lo, hi))}
	}
	return nil
}

// optionalIntRange checks an optional integer held by pointer.
func optionalIntRange[T integer](v *T, p *field.Path, lo, hi int64) field.ErrorList {
	if v == nil {
		return nil
	}
	return intRange(*v, p, lo, hi)
}

// intItems checks every item of a list of integers.
func intItems[T integer](items []T, p *field.Path, lo, hi int64) field.ErrorList {
	var errs field.ErrorList
	for i, v := range items {
		errs = append(errs, intRange(v, p.Index(i), lo, hi)...)
	}
	return errs
}

// intEnum checks that an optional integer is one of allowed.
func intEnum[T integer](v *T, p *field.Path, allowed ...int) field.ErrorList {
	if v == nil {
		return nil
	}
	for _, a := range allowed {
		if int64(*v) == int64(a) {
			return nil
		}
	}
	values := make([]string, len(allowed))
	for i, a := range allowed {
		values[i] = fmt.Sprint(a)
	}
	return field.ErrorList{field.NotSupported(p, int64(*v), values)}
}

// maxItems checks that a list holds at most max items.
func maxItems(n int, p *field.Path, max int) field.ErrorList {
	if n > max {
		return field.ErrorList{field.TooMany(p, n, max)}
	}
	return nil
}

// minItems checks that a list, when set, holds at least min items. A nil list
// is unset and passes; an empty one written as [] does not.
func minItems[T any](items []T, p *field.Path, min int) field.ErrorList {
	if items != nil && len(items) < min {
		return field.ErrorList{field.Invalid(p, len(items), fmt.Sprintf("must have at least %d item(s)", min))}
	}
	return nil
}

// itemCount checks that a list holds at most max items and, when set, at
// least min.
func itemCount[T any](items []T, p *field.Path, min, max int) field.ErrorList {
	return append(minItems(items, p, min), maxItems(len(items), p, max)...)
}

// uniqueKeys reports items whose key repeats an earlier item's key, as the
// API server does for lists typed as maps or sets.
func uniqueKeys[T any](items []T, p *field.Path, key func(T) string) field.ErrorList {
	var errs field.ErrorList
	seen := make(map[string]bool, len(items))
	for i, it := range items {
		k := key(it)
		if seen[k] {
			errs = append(errs, field.Duplicate(p.Index(i), k))
		}
		seen[k] = true
	}
	return errs
}

// required reports a missing required field when set is false.
func required(set bool, p *field.Path) field.ErrorList {
	if set {
		return nil
	}
	return field.ErrorList{field.Required(p, "")}
}

// parseDuration parses a Gateway API duration; ok is false when d does not
// have the Gateway API format.
func parseDuration(d gwapiv1.Duration) (time.Duration, bool) {
	if !durationPattern.MatchString(string(d)) {
		return 0, false
	}
	v, err := time.ParseDuration(string(d))
	return v, err == nil
}

// validDuration checks that d is a Gateway API duration.
func validDuration(d gwapiv1.Duration, p *field.Path) field.ErrorList {
	if _, ok := parseDuration(d); !ok {
		return field.ErrorList{field.Invalid(p, string(d), "must be a duration such as 1h, 30s or 500ms: up to four groups of at most five digits followed by h, m, s or ms")}
	}
	return nil
}

// optionalDuration checks an optional duration held by pointer.
func optionalDuration(d *gwapiv1.Duration, p *field.Path) field.ErrorList {
	if d == nil {
		return nil
	}
	return validDuration(*d, p)
}

// requiredDuration checks a required duration held by value.
func requiredDuration(d gwapiv1.Duration, p *field.Path) field.ErrorList {
	if d == "" {
		return field.ErrorList{field.Required(p, "")}
	}
	return validDuration(d, p)
}

// member is one field of a group of fields of which only some may be set.
type member struct {
	name string
	set  bool
}

// exactlyOne checks that exactly one of the members of the object at p is set.
func exactlyOne(p *field.Path, members ...member) field.ErrorList {
	return append(atLeastOne(p, members...), atMostOne(p, members...)...)
}

// atLeastOne checks that at least one of the members of the object at p is set.
func atLeastOne(p *field.Path, members ...member) field.ErrorList {
	for _, m := range members {
		if m.set {
			return nil
		}
	}
	return field.ErrorList{field.Required(p, "one of "+memberNames(members)+" must be set")}
}

// atMostOne checks that no two of the members of the object at p are set; every
// member set after the first is reported.
func atMostOne(p *field.Path, members ...member) field.ErrorList {
	var errs field.ErrorList
	first := ""
	for _, m := range members {
		switch {
		case !m.set:
		case first == "":
			first = m.name
		default:
			errs = append(errs, field.Forbidden(p.Child(m.name), "may not be set together with "+first))
		}
	}
	return errs
}

// memberNames lists the names of members for a message.
func memberNames(members []member) string {
	names := make([]string, len(members))
	for i, m := range members {
		names[i] = m.name
	}
	return strings.Join(names, ", ")
}

// unionMember checks one member of a union whose type field chooses the
// member: the member named name, a child of p, must be set exactly when the
// type, typ, equals selects.
func unionMember[S ~string](p *field.Path, name string, set bool, typ, selects S) field.ErrorList {
	switch {
	case typ == selects && !set:
		return field.ErrorList{field.Required(p.Child(name), fmt.Sprintf("must be set when type is %s", selects))}
	case typ != selects && set:
		return field.ErrorList{field.Forbidden(p.Child(name), fmt.Sprintf("may only be set when type is %s", selects))}
	}
	return nil
}

// onlyWithType checks that the member named name, a child of p, is only set
// when the type, typ, is one of types.
func onlyWithType[S ~string](p *field.Path, name string, set bool, typ S, types ...S) field.ErrorList {
	if set && !isOneOf(typ, types...) {
		return field.ErrorList{field.Forbidden(p.Child(name), "may only be set when type is "+joinValues(types))}
	}
	return nil
}

// inlineOrRef checks a value given either inline or by reference: the type,
// typ, says which, the field it names must be set and the other may not be.
// Types outside the two are left to the enum check.
func inlineOrRef[S ~string](p *field.Path, typ, inlineType, refType S, inlineName string, hasInline, hasRef bool) field.ErrorList {
	if typ != inlineType && typ != refType {
		return nil
	}
	errs := unionMember(p, inlineName, hasInline, typ, inlineType)
	return append(errs, unionMember(p, "valueRef", hasRef, typ, refType)...)
}

// forbiddenWithType checks that the member named name, a child of p, is not
// set when the type, typ, is one of types.
func forbiddenWithType[S ~string](p *field.Path, name string, set bool, typ S, types ...S) field.ErrorList {
	if set && isOneOf(typ, types...) {
		return field.ErrorList{field.Forbidden(p.Child(name), fmt.Sprintf("may not be set when type is %s", typ))}
	}
	return nil
}

// joinValues lists values for a message: "A", "A or B", "A, B or C".
func joinValues[S ~string](values []S) string {
	s := make([]string, len(values))
	for i, v := range values {
		s[i] = string(v)
	}
	if len(s) < 2 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " or " + s[len(s)-1]
}

// asciiLower lowercases the ASCII letters of s and leaves every other
// character alone, as CEL's lowerAscii does.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + ('a' - 'A')
		}
	}
	return string(b)
}

// asciiUpper uppercases the ASCII letters of s, as CEL's upperAscii does.
func asciiUpper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - ('a' - 'A')
		}
	}
	return string(b)
}

// deref returns *v, or def when v is nil: the value the API server sees after
// applying the schema default def.
func deref[T any](v *T, def T) T {
	if v == nil {
		return def
	}
	return *v
}

// orDefault returns v, or def when v is empty: the value of a defaulted string
// held by value.
func orDefault[S ~string](v, def S) S {
	if v == "" {
		return def
	}
	return v
}
