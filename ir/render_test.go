package ir_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	yamlv3 "go.yaml.in/yaml/v3"
	"sigs.k8s.io/yaml"

	"github.com/gatewaykit/gatewaykit/ir"
)

// normalize turns the numbers of a decoded JSON or YAML value into float64,
// so that values from both parsers compare equal.
func normalize(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, c := range t {
			t[k] = normalize(c)
		}
	case []any:
		for i, c := range t {
			t[i] = normalize(c)
		}
	case json.Number:
		f, err := t.Float64()
		if err != nil {
			panic(err)
		}
		return f
	case int:
		return float64(t)
	case uint64:
		return float64(t)
	}
	return v
}

// sameValue fails t unless the YAML document y parses to the value that the
// JSON document j decodes to.
func sameValue(t *testing.T, name string, j, y []byte) {
	t.Helper()
	jv, err := decodeGeneric(j)
	if err != nil {
		t.Fatalf("%s: JSON: %v", name, err)
	}
	var yv any
	if err := yamlv3.Unmarshal(y, &yv); err != nil {
		t.Fatalf("%s: YAML does not parse: %v\n%s", name, err, y)
	}
	if d := cmp.Diff(normalize(jv), normalize(yv)); d != "" {
		t.Fatalf("%s: YAML reads back differently from JSON (-json +yaml):\n%s\nYAML:\n%s", name, d, y)
	}
}

// TestRenderCorpus renders every corpus IR: the YAML reads back to the
// JSON's value, both read back into the same ir.Xds, and rendering twice
// gives the same bytes.
func TestRenderCorpus(t *testing.T) {
	for _, c := range loadCorpus(t) {
		j, err := c.xds.JSON()
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		y, err := c.xds.YAML()
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		sameValue(t, c.name, j, y)

		var fromJSON, fromYAML ir.Xds
		if err := json.Unmarshal(j, &fromJSON); err != nil {
			t.Fatalf("%s: JSON does not decode into ir.Xds: %v", c.name, err)
		}
		if err := yaml.UnmarshalStrict(y, &fromYAML); err != nil {
			t.Fatalf("%s: YAML does not decode into ir.Xds: %v", c.name, err)
		}
		// What reads back renders the same; cmp explains a difference.
		for via, back := range map[string]*ir.Xds{"JSON": &fromJSON, "YAML": &fromYAML} {
			if j2, _ := back.JSON(); !bytes.Equal(j, j2) {
				t.Fatalf("%s: %s round trip changed the IR:\n%s", c.name, via, cmp.Diff(c.xds, back, cmpopts.EquateEmpty()))
			}
		}

		j2, _ := c.xds.DeepCopy().JSON()
		y2, _ := c.xds.DeepCopy().YAML()
		if !bytes.Equal(j, j2) || !bytes.Equal(y, y2) {
			t.Fatalf("%s: rendering a copy gave different bytes", c.name)
		}
	}
}

// TestYAMLQuoting checks the strings a YAML parser would misread are quoted
// and read back as the same strings.
func TestYAMLQuoting(t *testing.T) {
	cases := []struct {
		in   string
		want string // the rendered scalar
	}{
		{"plain", "plain"},
		{"/dev/stdout", "/dev/stdout"},
		{"envoy-gateway/gateway-1/http", "envoy-gateway/gateway-1/http"},
		{"a:b", "a:b"},
		{"", `""`},
		{"*", `"*"`},
		{"*.example.com", `"*.example.com"`},
		{"true", `"true"`},
		{"False", `"False"`},
		{"yes", `"yes"`},
		{"off", `"off"`},
		{"null", `"null"`},
		{"~", `"~"`},
		{"1", `"1"`},
		{"1.0", `"1.0"`},
		{"0x1F", `"0x1F"`},
		{"-1", `"-1"`},
		{".inf", `".inf"`},
		{"2001-12-14", `"2001-12-14"`},
		{"%DURATION%", `"%DURATION%"`},
		{"a: b", `"a: b"`},
		{"a #b", `"a #b"`},
		{"ends:", `"ends:"`},
		{" lead", `" lead"`},
		{"trail ", `"trail "`},
		{"two\nlines", `"two\nlines"`},
		{"tab\there", `"tab\there"`},
		{`quote"and\back`, `quote"and\back`},
		{`"quoted"`, `"\"quoted\""`},
		{"10.0.0.1", "10.0.0.1"},
		{"1.2", `"1.2"`},
		{"1..", "1.."},
		{"1.2.3-rc", `"1.2.3-rc"`},
		{"- item", `"- item"`},
		{"<<", `"<<"`},
		{"é", `"é"`},
		{"\u2028", `"\u2028"`},
		{"\x00", `"\u0000"`},
	}
	for _, c := range cases {
		j, err := json.Marshal(map[string]any{"k": c.in})
		if err != nil {
			t.Fatal(err)
		}
		y, err := ir.YAMLFromJSON(j)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := string(y), "k: "+c.want+"\n"; got != want {
			t.Errorf("%q: got %q, want %q", c.in, got, want)
		}
		sameValue(t, c.in, j, y)
	}
}

// TestYAMLShapes checks nesting: objects in lists, lists in lists, empty
// collections, scalars of every type, a long key.
func TestYAMLShapes(t *testing.T) {
	long := strings.Repeat("k", 1100)
	v := map[string]any{
		"list":      []any{map[string]any{"a": 1, "b": []any{"x", []any{}}}, []any{1, 2}, map[string]any{}, nil},
		"empty":     map[string]any{},
		"none":      []any{},
		"nested":    map[string]any{"deeper": map[string]any{"n": 1.5, "t": true, "f": false, "z": nil}},
		long:        []any{"v"},
		long + "2":  map[string]any{"a": "b"},
		long + "3":  "scalar",
		"listlist":  []any{[]any{[]any{"deep"}}},
		"neg":       -3,
		"big":       4294967295,
		"listOfMap": []any{map[string]any{"x": map[string]any{"y": []any{"z"}}}},
	}
	j, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	y, err := ir.YAMLFromJSON(j)
	if err != nil {
		t.Fatal(err)
	}
	sameValue(t, "shapes", j, y)
}

// TestYAMLKeepsFieldOrder checks keys follow struct field order, as in
// JSON, rather than being sorted.
func TestYAMLKeepsFieldOrder(t *testing.T) {
	x := &ir.Xds{HTTP: []*ir.HTTPListener{{Name: "l", Address: "0.0.0.0", Port: 80}}}
	y, err := x.YAML()
	if err != nil {
		t.Fatal(err)
	}
	want := "http:\n- name: l\n  address: 0.0.0.0\n  port: 80\n  path:\n    mergeSlashes: false\n    escapedSlashesAction: \"\"\n"
	if string(y) != want {
		t.Fatalf("got\n%s\nwant\n%s", y, want)
	}
}

// FuzzYAML renders arbitrary strings as keys and values, alone and nested,
// and checks that YAML reads them back as JSON does.
func FuzzYAML(f *testing.F) {
	for _, s := range []string{
		"", "*", "true", "null", "1.0", "a: b", "a #b", " lead", "trail ",
		"line\nbreak", "\t", "- x", "? x", "é", "\u2028", "\x00", "\xff", "yes",
		"~", "<<", "=", "#", "&a", "!tag", "|", ">", "%", "@", "`", "'", "\"",
		"{a}", "[a]", "a,b", "0o17", "1e3", "+1", ".5", "2001-12-14t21:59:43.10-05:00",
		"\ufeff", "\u0085", strings.Repeat("k", 1030),
	} {
		f.Add(s, "v")
	}
	f.Fuzz(func(t *testing.T, s, u string) {
		// Keys are made valid UTF-8 first: JSON would turn two different
		// invalid keys into the same one, a duplicate YAML rejects.
		ks, ku := strings.ToValidUTF8(s, "\uFFFD"), strings.ToValidUTF8(u, "\uFFFD")
		v := map[string]any{
			ks:  u,
			"k": []any{s, map[string]any{ks: []any{u}, ku: map[string]any{ks: s}}},
			ku:  []any{[]any{s}},
		}
		j, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		y, err := ir.YAMLFromJSON(j)
		if err != nil {
			t.Fatal(err)
		}
		sameValue(t, "fuzz", j, y)

		if !utf8.ValidString(s) {
			return // JSON replaces invalid UTF-8; the typed round trip would differ
		}
		x := &ir.Xds{HTTP: []*ir.HTTPListener{{Name: s, Hostnames: []string{s, u}}}}
		y, err = x.YAML()
		if err != nil {
			t.Fatal(err)
		}
		var back ir.Xds
		if err := yaml.UnmarshalStrict(y, &back); err != nil {
			t.Fatalf("%v\n%s", err, y)
		}
		if back.HTTP[0].Name != s {
			t.Fatalf("name %q read back as %q", s, back.HTTP[0].Name)
		}
	})
}
