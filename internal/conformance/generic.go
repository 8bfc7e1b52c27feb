package conformance

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strconv"

	"sigs.k8s.io/yaml"
)

// Generic values are what encoding/json decodes into an any: map[string]any,
// []any, string, float64, bool and nil. Both sides of every status and
// structural comparison are brought to this form first.

// parseYAMLObject parses a YAML document whose top level is a mapping.
func parseYAMLObject(b []byte) (map[string]any, error) {
	j, err := yaml.YAMLToJSON(b)
	if err != nil {
		return nil, fmt.Errorf("yaml: %w", err)
	}
	var m map[string]any
	if err := json.Unmarshal(j, &m); err != nil {
		return nil, fmt.Errorf("yaml: top level is not a mapping: %w", err)
	}
	return m, nil
}

// normalize brings any JSON-marshalable value to its generic form.
func normalize(v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// isEmpty reports whether a generic value carries no information: nil, an
// empty list or map, or a map whose values are all empty.
func isEmpty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case []any:
		return len(x) == 0
	case map[string]any:
		for _, e := range x {
			if !isEmpty(e) {
				return false
			}
		}
		return true
	}
	return false
}

// str returns m[k] if it is a string.
func str(m map[string]any, k string) (string, bool) {
	s, ok := m[k].(string)
	return s, ok
}

// asMap returns v as a map, or nil.
func asMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

// asList returns v as a list; a nil v is an empty list.
func asList(v any) ([]any, bool) {
	if v == nil {
		return nil, true
	}
	l, ok := v.([]any)
	return l, ok
}

// sortedKeys returns the union of the keys of maps, sorted.
func sortedKeys(maps ...map[string]any) []string {
	seen := map[string]bool{}
	var keys []string
	for _, m := range maps {
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

// occurrence pairs the i-th want element with key k with the i-th got
// element with the same key. Unpaired got elements are returned as extra,
// in got order. Labels are the keys, with "#n" added to the n-th (1-based)
// occurrence of a key that occurs more than once on either side.
type occurrence[T any] struct {
	label string
	want  T
	got   T
	found bool
}

func pairByKey[T any](want, got []T, key func(T) string) (pairs []occurrence[T], extra []occurrence[T]) {
	wantCount := map[string]int{}
	for _, w := range want {
		wantCount[key(w)]++
	}
	gotCount := map[string]int{}
	gotByKey := map[string][]T{}
	for _, g := range got {
		k := key(g)
		gotCount[k]++
		gotByKey[k] = append(gotByKey[k], g)
	}
	label := func(k string, i int) string {
		if wantCount[k] > 1 || gotCount[k] > 1 {
			return k + "#" + strconv.Itoa(i+1)
		}
		return k
	}
	seen := map[string]int{}
	for _, w := range want {
		k := key(w)
		i := seen[k]
		seen[k]++
		p := occurrence[T]{label: label(k, i), want: w}
		if i < len(gotByKey[k]) {
			p.got, p.found = gotByKey[k][i], true
		}
		pairs = append(pairs, p)
	}
	seenGot := map[string]int{}
	for _, g := range got {
		k := key(g)
		i := seenGot[k]
		seenGot[k]++
		if i >= wantCount[k] {
			extra = append(extra, occurrence[T]{label: label(k, i), got: g, found: true})
		}
	}
	return pairs, extra
}

// compareGeneric reports the first difference between two generic values
// (depth first, map keys sorted, list elements by index). A null and an
// absent map entry are the same. Map keys for which ignore (if not nil)
// returns true are skipped at every depth.
func compareGeneric(d *differ, level Level, path string, want, got any, ignore func(string) bool) {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			d.values(level, path, want, got)
			return
		}
		for _, k := range sortedKeys(w, g) {
			if ignore != nil && ignore(k) {
				continue
			}
			compareGeneric(d, level, joinPath(path, k), w[k], g[k], ignore)
		}
	case []any:
		g, ok := got.([]any)
		if !ok {
			d.values(level, path, want, got)
			return
		}
		for i := 0; i < len(w) || i < len(g); i++ {
			p := bracket(path, strconv.Itoa(i))
			switch {
			case i >= len(g):
				d.add(level, p, "missing (want %d elements, got %d)", len(w), len(g))
				return
			case i >= len(w):
				d.add(level, p, "unexpected (want %d elements, got %d)", len(w), len(g))
				return
			}
			compareGeneric(d, level, p, w[i], g[i], ignore)
		}
	default:
		if !reflect.DeepEqual(want, got) {
			d.values(level, path, want, got)
		}
	}
}
