package v1alpha1_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/util/validation/field"
	"sigs.k8s.io/yaml"

	"github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// conformanceCases is where the conformance corpus keeps its inputs, relative
// to this package's directory.
const conformanceCases = "../../../shared/conformance/cases"

// wantErr is an error a test expects: its field path and type.
type wantErr struct {
	path string
	typ  field.ErrorType
}

func (w wantErr) String() string { return w.path + " (" + string(w.typ) + ")" }

// Constructors of expected errors, one per error type.
func required(path string) wantErr     { return wantErr{path, field.ErrorTypeRequired} }
func invalid(path string) wantErr      { return wantErr{path, field.ErrorTypeInvalid} }
func forbidden(path string) wantErr    { return wantErr{path, field.ErrorTypeForbidden} }
func notSupported(path string) wantErr { return wantErr{path, field.ErrorTypeNotSupported} }
func tooLong(path string) wantErr      { return wantErr{path, field.ErrorTypeTooLong} }
func tooMany(path string) wantErr      { return wantErr{path, field.ErrorTypeTooMany} }
func duplicate(path string) wantErr    { return wantErr{path, field.ErrorTypeDuplicate} }

// validationCase is one manifest, given by the YAML under its spec key, and
// the errors Validate must report for it: none when want is empty.
type validationCase struct {
	name string
	spec string
	want []wantErr
}

// runValidationCases decodes each case into a fresh object of the kind, the
// way a user's manifest is decoded, and compares Validate's errors, by path
// and type, with the expected ones.
func runValidationCases(t *testing.T, kind string, newObj func() validator, cases []validationCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			obj := newObj()
			if err := yaml.UnmarshalStrict([]byte(manifest(kind, tc.spec)), obj); err != nil {
				t.Fatalf("decoding the manifest: %v", err)
			}
			errs := obj.Validate()
			if got, want := errorKeys(errs), sortedWant(tc.want); !slices.Equal(got, want) {
				t.Errorf("errors differ\n got: %v\nwant: %v\nfull: %v", got, want, errs)
			}
		})
	}
}

// manifest wraps a spec into a complete manifest of the kind.
func manifest(kind, spec string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "apiVersion: %s\nkind: %s\nmetadata:\n  name: example\n  namespace: default\nspec:\n", v1alpha1.GroupVersion, kind)
	for _, line := range strings.Split(strings.Trim(spec, "\n"), "\n") {
		b.WriteString("  " + line + "\n")
	}
	return b.String()
}

// errorKeys returns the path and type of each error, sorted.
func errorKeys(errs field.ErrorList) []string {
	keys := make([]string, len(errs))
	for i, e := range errs {
		keys[i] = wantErr{e.Field, e.Type}.String()
	}
	slices.Sort(keys)
	return keys
}

// sortedWant returns the expected errors in the form errorKeys uses.
func sortedWant(want []wantErr) []string {
	keys := make([]string, len(want))
	for i, w := range want {
		keys[i] = w.String()
	}
	slices.Sort(keys)
	return keys
}

// Targets used by the policy cases.
const (
	toRoute   = "targetRefs:\n- {group: gateway.networking.k8s.io, kind: HTTPRoute, name: backend}\n"
	toGateway = "targetRefs:\n- {group: gateway.networking.k8s.io, kind: Gateway, name: eg}\n"
)

// TestValidateNilObjects checks that a nil object of every kind has nothing to
// report and does not panic.
func TestValidateNilObjects(t *testing.T) {
	for _, v := range []validator{
		(*v1alpha1.Backend)(nil), (*v1alpha1.BackendTrafficPolicy)(nil), (*v1alpha1.ClientTrafficPolicy)(nil),
		(*v1alpha1.EnvoyExtensionPolicy)(nil), (*v1alpha1.EnvoyPatchPolicy)(nil), (*v1alpha1.EnvoyProxy)(nil),
		(*v1alpha1.HTTPRouteFilter)(nil), (*v1alpha1.SecurityPolicy)(nil),
	} {
		if errs := v.Validate(); errs != nil {
			t.Errorf("%T: %v", v, errs)
		}
	}
}

// TestValidateIsDeterministic checks that the same object gives the same
// errors, in the same order, every time, including errors about map entries.
func TestValidateIsDeterministic(t *testing.T) {
	spec := toRoute + `
telemetry:
  tracing:
    customTags:
      a: {type: Nope}
      b: {type: Nope}
      c: {type: Nope}
      d: {type: Nope}
`
	var first []string
	for range 20 {
		var b v1alpha1.BackendTrafficPolicy
		if err := yaml.UnmarshalStrict([]byte(manifest(v1alpha1.KindBackendTrafficPolicy, spec)), &b); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range b.Validate() {
			got = append(got, e.Error())
		}
		if first == nil {
			first = got
		} else if !slices.Equal(first, got) {
			t.Fatalf("order changed:\n%v\n%v", first, got)
		}
	}
	if len(first) != 4 {
		t.Fatalf("want one error per custom tag, got %v", first)
	}
}

// corpusKinds maps the keys of a conformance input to the kind each holds.
var corpusKinds = map[string]func() validator{
	"clientTrafficPolicies":     func() validator { return &v1alpha1.ClientTrafficPolicy{} },
	"backendTrafficPolicies":    func() validator { return &v1alpha1.BackendTrafficPolicy{} },
	"securityPolicies":          func() validator { return &v1alpha1.SecurityPolicy{} },
	"envoyExtensionPolicies":    func() validator { return &v1alpha1.EnvoyExtensionPolicy{} },
	"envoyPatchPolicies":        func() validator { return &v1alpha1.EnvoyPatchPolicy{} },
	"backends":                  func() validator { return &v1alpha1.Backend{} },
	"httpFilters":               func() validator { return &v1alpha1.HTTPRouteFilter{} },
	"envoyProxiesForGateways":   func() validator { return &v1alpha1.EnvoyProxy{} },
	"envoyProxyForGatewayClass": func() validator { return &v1alpha1.EnvoyProxy{} },
}

// TestValidateConformanceCorpus runs Validate on every policy, Backend,
// HTTPRouteFilter and EnvoyProxy of the conformance corpus. Many of them are
// invalid on purpose, so it only checks that Validate never panics, and logs
// how many objects it saw and how many it rejected.
func TestValidateConformanceCorpus(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(conformanceCases, "*.in.yaml"))
	if err != nil || len(files) == 0 {
		t.Skipf("conformance corpus not found at %s", conformanceCases)
	}
	seen, rejected, undecodable := map[string]int{}, map[string]int{}, map[string]int{}
	for _, file := range files {
		raw, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var input map[string]any
		if err := yaml.Unmarshal(raw, &input); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		for key, newObj := range corpusKinds {
			for i, item := range corpusItems(input[key]) {
				obj := newObj()
				if !decodeCorpusItem(item, obj) {
					undecodable[key]++
					continue
				}
				seen[key]++
				if len(validateWithoutPanic(t, fmt.Sprintf("%s: %s[%d]", filepath.Base(file), key, i), obj)) > 0 {
					rejected[key]++
				}
			}
		}
	}
	for _, key := range slices.Sorted(maps.Keys(corpusKinds)) {
		t.Logf("%-26s %4d validated, %4d rejected, %d undecodable", key, seen[key], rejected[key], undecodable[key])
	}
}

// corpusItems returns the objects under one key of a conformance input: a
// list, or a single object.
func corpusItems(v any) []any {
	switch v := v.(type) {
	case []any:
		return v
	case map[string]any:
		return []any{v}
	}
	return nil
}

// decodeCorpusItem decodes one corpus object into obj, matching field names
// case-insensitively as the corpus requires.
func decodeCorpusItem(item any, obj validator) bool {
	raw, err := json.Marshal(item)
	return err == nil && json.Unmarshal(raw, obj) == nil
}

// validateWithoutPanic runs Validate, turning a panic into a test error.
func validateWithoutPanic(t *testing.T, name string, v validator) (errs field.ErrorList) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Errorf("%s: Validate panicked: %v", name, r)
		}
	}()
	return v.Validate()
}
