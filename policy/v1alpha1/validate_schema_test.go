package v1alpha1_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"k8s.io/apimachinery/pkg/util/validation/field"
	"sigs.k8s.io/yaml"

	"github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// validator is what every kind of the package implements.
type validator interface {
	Validate() field.ErrorList
}

// validatedKinds maps each published CRD to a constructor of its Go kind.
var validatedKinds = []struct {
	plural string
	kind   string
	new    func() validator
}{
	{"backends", v1alpha1.KindBackend, func() validator { return &v1alpha1.Backend{} }},
	{"backendtrafficpolicies", v1alpha1.KindBackendTrafficPolicy, func() validator { return &v1alpha1.BackendTrafficPolicy{} }},
	{"clienttrafficpolicies", v1alpha1.KindClientTrafficPolicy, func() validator { return &v1alpha1.ClientTrafficPolicy{} }},
	{"envoyextensionpolicies", v1alpha1.KindEnvoyExtensionPolicy, func() validator { return &v1alpha1.EnvoyExtensionPolicy{} }},
	{"envoypatchpolicies", v1alpha1.KindEnvoyPatchPolicy, func() validator { return &v1alpha1.EnvoyPatchPolicy{} }},
	{"envoyproxies", v1alpha1.KindEnvoyProxy, func() validator { return &v1alpha1.EnvoyProxy{} }},
	{"httproutefilters", v1alpha1.KindHTTPRouteFilter, func() validator { return &v1alpha1.HTTPRouteFilter{} }},
	{"securitypolicies", v1alpha1.KindSecurityPolicy, func() validator { return &v1alpha1.SecurityPolicy{} }},
}

// outOfScope matches schema paths inside the Kubernetes core types that
// EnvoyProxy embeds, which Validate leaves alone.
var outOfScope = regexp.MustCompile(`\.(pod|strategy|initContainers|mergeBackends\.selector)(\.|\[|$)|\.container\.(env|resources|securityContext|volumeMounts)(\.|\[|$)|\.envoyHpa\.(metrics|behavior)(\.|\[|$)`)

// knownGaps lists schema constraints that Validate cannot enforce, by a
// pattern over the schema path and keyword, with the reason.
var knownGaps = []struct {
	match  *regexp.Regexp
	reason string
}{
	{regexp.MustCompile(`\.group required$`),
		"a required API group may be empty (the core group), so an empty group cannot be told apart from a missing one"},
	{regexp.MustCompile(`\.(port|weight|requests|start|end|numerator) required$`),
		"a required number held by value reads as 0 when missing, and 0 is a valid value"},
	{regexp.MustCompile(`\.(retryBudget\.percent|limit\.value) required$`),
		"a required fraction or quantity held by value reads as its zero value when missing, and that value is valid"},
	{regexp.MustCompile(`\.replaceRegexMatch\.substitution required$`),
		"an empty substitution is a valid value (it removes the match), so it cannot be told apart from a missing one"},
}

// constraint is one OpenAPI constraint of a published schema.
type constraint struct {
	path    []string // tokens after spec: ".name", "[]" or "{}"
	keyword string
	value   any
	node    map[string]any // the schema the constraint sits on
}

func (c constraint) schemaPath() string { return "spec" + strings.Join(c.path, "") }

// TestValidateEnforcesSchema builds, for every OpenAPI constraint of the
// published CRDs (patterns, lengths, ranges, item counts, enums, required
// fields), the smallest manifest that breaks it, and checks that Validate
// reports the breach at the right field path with the API server's error
// type. CEL rules have hand-written cases in each kind's test.
func TestValidateEnforcesSchema(t *testing.T) {
	if _, err := os.Stat(publishedCRDs); err != nil {
		t.Skipf("published CRDs not found at %s: %v", publishedCRDs, err)
	}
	for _, k := range validatedKinds {
		t.Run(k.plural, func(t *testing.T) {
			spec := publishedSpecSchema(t, filepath.Join(publishedCRDs, "gateway.envoyproxy.io_"+k.plural+".yaml"))
			var cs []constraint
			collectConstraints(spec, nil, &cs)
			checked, gaps, skipped := 0, 0, 0
			for _, c := range cs {
				for _, probe := range probesFor(c) {
					if reason := gapReason(probe.label); reason != "" {
						gaps++
						continue
					}
					obj := map[string]any{
						"apiVersion": v1alpha1.GroupVersion.String(),
						"kind":       k.kind,
						"metadata":   map[string]any{"name": "probe", "namespace": "default"},
						"spec":       place(probe.path, probe.value),
					}
					v, err := decodeProbe(obj, k.new())
					if err != nil {
						t.Logf("%s: skipped, does not decode: %v", probe.label, err)
						skipped++
						continue
					}
					checked++
					if !reported(v.Validate(), probe) {
						t.Errorf("%s: breaking it with %s gave no %v error at %s; got %v",
							probe.label, short(probe.value), probe.types, probe.want, v.Validate())
					}
				}
			}
			t.Logf("%d constraints: %d probes checked, %d known gaps, %d undecodable", len(cs), checked, gaps, skipped)
		})
	}
}

// probe is one manifest that breaks one constraint.
type probe struct {
	label  string   // schema path and keyword, for messages and knownGaps
	path   []string // where value goes
	value  any
	want   string            // the field path Validate must report
	prefix bool              // whether an error below want also counts
	types  []field.ErrorType // the error types that count
}

// probesFor returns the manifests that break c, or none when no value can.
func probesFor(c constraint) []probe {
	at := func(v any, types ...field.ErrorType) []probe {
		return []probe{{label: c.schemaPath() + " " + c.keyword, path: c.path, value: v, want: fieldPath(c.path), types: types}}
	}
	switch c.keyword {
	case "required":
		return requiredProbes(c)
	case "enum":
		if _, isString := c.value.([]any)[0].(string); isString {
			return at("NotAValidValue", field.ErrorTypeNotSupported)
		}
		return at(999, field.ErrorTypeNotSupported)
	case "pattern":
		if v, ok := patternBreaker(c); ok {
			return at(v, field.ErrorTypeInvalid)
		}
	case "minLength":
		return at(strings.Repeat("a", int(c.value.(float64))-1), field.ErrorTypeInvalid, field.ErrorTypeRequired)
	case "maxLength":
		return at(strings.Repeat("a", int(c.value.(float64))+1), field.ErrorTypeTooLong)
	case "minimum":
		return at(int64(c.value.(float64))-1, field.ErrorTypeInvalid)
	case "maximum":
		return at(int64(c.value.(float64))+1, field.ErrorTypeInvalid)
	case "minItems":
		return at([]any{}, field.ErrorTypeInvalid)
	case "maxItems":
		return at(itemsOf(c.node, int(c.value.(float64))+1), field.ErrorTypeTooMany)
	case "minProperties":
		if c.value.(float64) > 0 {
			return at(map[string]any{}, field.ErrorTypeInvalid, field.ErrorTypeRequired)
		}
	}
	return nil
}

// requiredProbes returns one manifest per required property, each with the
// object present but the property missing. Properties the schema defaults
// are skipped, as the API server fills them in.
func requiredProbes(c constraint) []probe {
	props, _ := c.node["properties"].(map[string]any)
	var ps []probe
	for _, name := range c.value.([]any) {
		prop, _ := props[name.(string)].(map[string]any)
		if _, defaulted := prop["default"]; defaulted {
			continue
		}
		_, isObject := prop["properties"]
		types := []field.ErrorType{field.ErrorTypeRequired}
		if prop["type"] == "integer" {
			// A missing number reads as 0, which is reported when 0 is out of range.
			types = append(types, field.ErrorTypeInvalid)
		}
		ps = append(ps, probe{
			label:  c.schemaPath() + "." + name.(string) + " required",
			path:   c.path,
			value:  map[string]any{},
			want:   fieldPath(append(slices.Clone(c.path), "."+name.(string))),
			prefix: isObject,
			types:  types,
		})
	}
	return ps
}

// patternBreaker finds a string that the constraint's pattern rejects and
// that still fits the field's length limits.
func patternBreaker(c constraint) (string, bool) {
	re := regexp.MustCompile(c.value.(string))
	minLen, maxLen := 0, 1<<30
	if v, ok := c.node["minLength"].(float64); ok {
		minLen = int(v)
	}
	if v, ok := c.node["maxLength"].(float64); ok {
		maxLen = int(v)
	}
	for _, s := range []string{"NOT VALID!", "-", "a b", "a\nb", "@@", "::::", "a", "1", "A1", "/x", "x.mmdb.txt", "http//x"} {
		if n := utf8.RuneCountInString(s); n >= minLen && n <= maxLen && !re.MatchString(s) {
			return s, true
		}
	}
	return "", false
}

// itemsOf returns n items that fit the item schema of a list.
func itemsOf(list map[string]any, n int) []any {
	items, _ := list["items"].(map[string]any)
	out := make([]any, n)
	for i := range out {
		switch items["type"] {
		case "object":
			out[i] = map[string]any{}
		case "integer":
			out[i] = 200 + i
		default:
			out[i] = fmt.Sprintf("item%d", i)
		}
	}
	return out
}

// gapReason returns why a probe cannot be enforced, or "" when it can.
func gapReason(label string) string {
	for _, g := range knownGaps {
		if g.match.MatchString(label) {
			return g.reason
		}
	}
	return ""
}

// collectConstraints walks a schema and records its OpenAPI constraints.
func collectConstraints(node map[string]any, path []string, out *[]constraint) {
	if outOfScope.MatchString(strings.Join(path, "")) {
		return
	}
	for _, kw := range []string{"required", "enum", "pattern", "minLength", "maxLength", "minimum", "maximum", "minItems", "maxItems", "minProperties"} {
		if v, ok := node[kw]; ok {
			*out = append(*out, constraint{path: path, keyword: kw, value: v, node: node})
		}
	}
	props, _ := node["properties"].(map[string]any)
	names := make([]string, 0, len(props))
	for name := range props {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		collectConstraints(props[name].(map[string]any), append(slices.Clone(path), "."+name), out)
	}
	if items, ok := node["items"].(map[string]any); ok {
		collectConstraints(items, append(slices.Clone(path), "[]"), out)
	}
	if values, ok := node["additionalProperties"].(map[string]any); ok {
		collectConstraints(values, append(slices.Clone(path), "{}"), out)
	}
}

// place builds the spec of a manifest that holds leaf at path.
func place(path []string, leaf any) any {
	if len(path) == 0 {
		return leaf
	}
	inner := place(path[1:], leaf)
	switch tok := path[0]; tok {
	case "[]":
		return []any{inner}
	case "{}":
		return map[string]any{"k": inner}
	default:
		return map[string]any{strings.TrimPrefix(tok, "."): inner}
	}
}

// fieldPath renders a schema path the way Validate names fields.
func fieldPath(path []string) string {
	var b strings.Builder
	b.WriteString("spec")
	for _, tok := range path {
		switch tok {
		case "[]":
			b.WriteString("[0]")
		case "{}":
			b.WriteString("[k]")
		default:
			b.WriteString(tok)
		}
	}
	return b.String()
}

// reported reports whether errs holds an error the probe expects.
func reported(errs field.ErrorList, p probe) bool {
	for _, e := range errs {
		atPath := e.Field == p.want || (p.prefix && (strings.HasPrefix(e.Field, p.want+".") || strings.HasPrefix(e.Field, p.want+"[")))
		if atPath && (p.prefix || slices.Contains(p.types, e.Type)) {
			return true
		}
	}
	return false
}

// decodeProbe decodes a manifest into a fresh object of its kind.
func decodeProbe(obj map[string]any, into validator) (validator, error) {
	raw, err := json.Marshal(obj)
	if err != nil {
		return nil, err
	}
	return into, json.Unmarshal(raw, into)
}

// publishedSpecSchema reads the schema of spec from a published CRD.
func publishedSpecSchema(t *testing.T, file string) map[string]any {
	t.Helper()
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var crd map[string]any
	if err := yaml.Unmarshal(raw, &crd); err != nil {
		t.Fatal(err)
	}
	version := crd["spec"].(map[string]any)["versions"].([]any)[0].(map[string]any)
	schema := version["schema"].(map[string]any)["openAPIV3Schema"].(map[string]any)
	return schema["properties"].(map[string]any)["spec"].(map[string]any)
}

// short renders a probe value for a message.
func short(v any) string {
	s := fmt.Sprint(v)
	if len(s) > 40 {
		return s[:40] + "..."
	}
	return s
}
