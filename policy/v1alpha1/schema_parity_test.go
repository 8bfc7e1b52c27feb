package v1alpha1_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"testing"

	"sigs.k8s.io/yaml"
)

// publishedCRDs is where the published CRDs of Envoy Gateway live, relative to
// this package's directory (the shared folder sits beside the repository).
const publishedCRDs = "../../../shared/reference/crds"

// generatedCRDs is where go generate writes the CRDs of our own types.
const generatedCRDs = "../../crds"

var parityKinds = []string{
	"backends",
	"backendtrafficpolicies",
	"clienttrafficpolicies",
	"envoyextensionpolicies",
	"envoypatchpolicies",
	"envoyproxies",
	"httproutefilters",
	"securitypolicies",
}

// TestSchemaParity compares, property by property, the CRDs generated from
// this package's types with the CRDs Envoy Gateway publishes: property names,
// types and formats, enums, required lists, defaults, and the Kubernetes
// extensions that change how a value decodes (int-or-string, preserved
// unknown fields, nullable). Descriptions and CEL rules are not compared.
func TestSchemaParity(t *testing.T) {
	if _, err := os.Stat(publishedCRDs); err != nil {
		t.Skipf("published CRDs not found at %s (the shared folder must sit beside the repository): %v", publishedCRDs, err)
	}
	for _, plural := range parityKinds {
		t.Run(plural, func(t *testing.T) {
			file := "gateway.envoyproxy.io_" + plural + ".yaml"
			want := readCRD(t, filepath.Join(publishedCRDs, file))
			got := readCRD(t, filepath.Join(generatedCRDs, file))
			diffs := compareCRDs(want, got)
			for _, d := range diffs {
				t.Error(d)
			}
		})
	}
}

// TestSchemaParityDetects proves that the comparison fails on each kind of
// difference it claims to catch.
func TestSchemaParityDetects(t *testing.T) {
	base := func() map[string]any {
		return mustJSON(t, `{"spec":{"names":{"kind":"X","plural":"xs"},"scope":"Namespaced","versions":[{"name":"v1alpha1","schema":{"openAPIV3Schema":{
			"type":"object","required":["spec"],"properties":{"spec":{"type":"object","required":["a"],"properties":{
				"a":{"type":"string","enum":["One","Two"]},
				"b":{"type":"integer","format":"int32","default":3},
				"c":{"type":"array","items":{"type":"object","properties":{"d":{"type":"boolean"}}}},
				"e":{"x-kubernetes-int-or-string":true}}}}}}}]}}`)
	}
	if d := compareCRDs(base(), base()); len(d) != 0 {
		t.Fatalf("identical CRDs differ: %v", d)
	}
	spec := func(m map[string]any) map[string]any {
		v := m["spec"].(map[string]any)["versions"].([]any)[0].(map[string]any)
		return v["schema"].(map[string]any)["openAPIV3Schema"].(map[string]any)["properties"].(map[string]any)["spec"].(map[string]any)
	}
	props := func(m map[string]any) map[string]any { return spec(m)["properties"].(map[string]any) }
	mutations := map[string]func(m map[string]any){
		"missing property": func(m map[string]any) { delete(props(m), "b") },
		"extra property":   func(m map[string]any) { props(m)["z"] = map[string]any{"type": "string"} },
		"type":             func(m map[string]any) { props(m)["a"].(map[string]any)["type"] = "integer" },
		"format":           func(m map[string]any) { props(m)["b"].(map[string]any)["format"] = "int64" },
		"enum":             func(m map[string]any) { props(m)["a"].(map[string]any)["enum"] = []any{"One"} },
		"required":         func(m map[string]any) { spec(m)["required"] = []any{"a", "b"} },
		"default":          func(m map[string]any) { props(m)["b"].(map[string]any)["default"] = 4.0 },
		"items": func(m map[string]any) {
			props(m)["c"].(map[string]any)["items"].(map[string]any)["properties"].(map[string]any)["d"] = map[string]any{"type": "string"}
		},
		"int-or-string": func(m map[string]any) { delete(props(m)["e"].(map[string]any), "x-kubernetes-int-or-string") },
		"kind name":     func(m map[string]any) { m["spec"].(map[string]any)["names"].(map[string]any)["kind"] = "Y" },
	}
	for name, mutate := range mutations {
		t.Run(name, func(t *testing.T) {
			got := base()
			mutate(got)
			if d := compareCRDs(base(), got); len(d) == 0 {
				t.Errorf("mutation %q not detected", name)
			}
		})
	}
}

func mustJSON(t *testing.T, s string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func readCRD(t *testing.T, path string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read CRD: %v", err)
	}
	var m map[string]any
	if err := yaml.Unmarshal(b, &m); err != nil {
		t.Fatalf("parse %s: %v", path, err)
	}
	return m
}

// compareCRDs returns one line per difference between want and got.
func compareCRDs(want, got map[string]any) []string {
	var diffs []string
	ws, gs := asMap(want["spec"]), asMap(got["spec"])
	for _, k := range []string{"group", "scope"} {
		if !reflect.DeepEqual(ws[k], gs[k]) {
			diffs = append(diffs, fmt.Sprintf("spec.%s: want %v, got %v", k, ws[k], gs[k]))
		}
	}
	wn, gn := asMap(ws["names"]), asMap(gs["names"])
	for _, k := range []string{"kind", "listKind", "plural", "singular", "shortNames", "categories"} {
		if !reflect.DeepEqual(wn[k], gn[k]) {
			diffs = append(diffs, fmt.Sprintf("spec.names.%s: want %v, got %v", k, wn[k], gn[k]))
		}
	}
	wv, gv := asSlice(ws["versions"]), asSlice(gs["versions"])
	if len(wv) != len(gv) {
		return append(diffs, fmt.Sprintf("spec.versions: want %d, got %d", len(wv), len(gv)))
	}
	for i := range wv {
		w, g := asMap(wv[i]), asMap(gv[i])
		if w["name"] != g["name"] {
			diffs = append(diffs, fmt.Sprintf("spec.versions[%d].name: want %v, got %v", i, w["name"], g["name"]))
			continue
		}
		ws := asMap(asMap(w["schema"])["openAPIV3Schema"])
		gs := asMap(asMap(g["schema"])["openAPIV3Schema"])
		diffs = compareSchema(fmt.Sprint(w["name"]), ws, gs, diffs)
	}
	return diffs
}

// comparedKeys are the schema keywords whose values must be equal.
var comparedKeys = []string{
	"type", "format", "default", "nullable",
	"x-kubernetes-int-or-string", "x-kubernetes-preserve-unknown-fields",
}

func compareSchema(path string, want, got map[string]any, diffs []string) []string {
	for _, k := range comparedKeys {
		if !reflect.DeepEqual(want[k], got[k]) {
			diffs = append(diffs, fmt.Sprintf("%s: %s: want %v, got %v", path, k, want[k], got[k]))
		}
	}
	if w, g := sortedStrings(want["enum"]), sortedStrings(got["enum"]); !slices.Equal(w, g) {
		diffs = append(diffs, fmt.Sprintf("%s: enum: want %v, got %v", path, w, g))
	}
	if w, g := sortedStrings(want["required"]), sortedStrings(got["required"]); !slices.Equal(w, g) {
		diffs = append(diffs, fmt.Sprintf("%s: required: want %v, got %v", path, w, g))
	}
	wp, gp := asMap(want["properties"]), asMap(got["properties"])
	for _, name := range unionKeys(wp, gp) {
		w, wok := wp[name]
		g, gok := gp[name]
		switch {
		case !gok:
			diffs = append(diffs, fmt.Sprintf("%s.%s: missing from our types", path, name))
		case !wok:
			diffs = append(diffs, fmt.Sprintf("%s.%s: not in the published schema", path, name))
		default:
			diffs = compareSchema(path+"."+name, asMap(w), asMap(g), diffs)
		}
	}
	for _, k := range []string{"items", "additionalProperties"} {
		w, wok := want[k]
		g, gok := got[k]
		if wok != gok {
			diffs = append(diffs, fmt.Sprintf("%s: %s: present in published=%v, ours=%v", path, k, wok, gok))
			continue
		}
		if wok {
			diffs = compareSchema(path+"."+k, asMap(w), asMap(g), diffs)
		}
	}
	return diffs
}

func asMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func asSlice(v any) []any {
	s, _ := v.([]any)
	return s
}

func sortedStrings(v any) []string {
	var out []string
	for _, e := range asSlice(v) {
		out = append(out, fmt.Sprint(e))
	}
	sort.Strings(out)
	return out
}

func unionKeys(a, b map[string]any) []string {
	seen := map[string]bool{}
	var keys []string
	for _, m := range []map[string]any{a, b} {
		for k := range m {
			if !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
		}
	}
	sort.Strings(keys)
	return keys
}
