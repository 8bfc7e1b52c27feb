package conformance

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// Helpers shared by the comparator tests: load a corpus case's golden
// output, navigate and mutate its generic status objects, and run the
// comparison through the Runner.

// goldenCase returns the named corpus case and its golden Output, skipping
// the test when the corpus or the case is absent.
func goldenCase(t *testing.T, name string) (*Corpus, Case, *Output) {
	t.Helper()
	c := corpusOrSkip(t)
	for _, cs := range c.Manifest.Cases {
		if cs.Name == name {
			out, err := GoldenOutput(c, cs)
			if err != nil {
				t.Fatal(err)
			}
			return c, cs, out
		}
	}
	t.Skipf("skipping: case %s is not in the corpus at %s", name, c.Dir)
	return nil, Case{}, nil
}

// runOutput compares out with the case's expected answers.
func runOutput(t *testing.T, c *Corpus, cs Case, out *Output) Result {
	t.Helper()
	r, err := NewRunner(PipelineFunc(func(context.Context, Case, []byte) (*Output, error) { return out, nil }))
	if err != nil {
		t.Fatal(err)
	}
	return r.RunCase(context.Background(), c, cs)
}

// where selects, in a list of maps, the element whose field has a value.
type where struct{ field, value string }

// object returns the n-th (0-based) object named namespace/name under a
// bundle key of out.Statuses.
func object(t *testing.T, out *Output, key, namespace, name string, n int) map[string]any {
	t.Helper()
	for _, o := range out.Statuses[key] {
		m := o.(map[string]any)
		meta := m["metadata"].(map[string]any)
		if meta["name"] == name && (namespace == "" || meta["namespace"] == namespace) {
			if n == 0 {
				return m
			}
			n--
		}
	}
	t.Fatalf("no object %s[%s/%s]", key, namespace, name)
	return nil
}

// step resolves one path element in a generic value.
func step(v any, p any) (any, error) {
	switch p := p.(type) {
	case string:
		m, ok := v.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%q: not a map", p)
		}
		x, ok := m[p]
		if !ok {
			return nil, fmt.Errorf("%q: absent", p)
		}
		return x, nil
	case int:
		l, ok := v.([]any)
		if !ok || p >= len(l) {
			return nil, fmt.Errorf("[%d]: not in a list of %d", p, len(l))
		}
		return l[p], nil
	case where:
		l, ok := v.([]any)
		if !ok {
			return nil, fmt.Errorf("%v: not a list", p)
		}
		for _, e := range l {
			if m, ok := e.(map[string]any); ok && fmt.Sprint(m[p.field]) == p.value {
				return e, nil
			}
		}
		return nil, fmt.Errorf("%v: no such element", p)
	}
	return nil, fmt.Errorf("bad path element %v", p)
}

// get walks a generic value along a path of map keys (string), list
// indexes (int) and list selectors (where).
func get(t *testing.T, v any, path ...any) any {
	t.Helper()
	for i, p := range path {
		var err error
		if v, err = step(v, p); err != nil {
			t.Fatalf("path %v at %d: %v", path, i, err)
		}
	}
	return v
}

// set replaces the value of a map key at the end of a path.
func set(t *testing.T, v any, value any, path ...any) {
	t.Helper()
	parent := get(t, v, path[:len(path)-1]...).(map[string]any)
	parent[path[len(path)-1].(string)] = value
}

// removeWhere removes from the list at path the element selected by w.
func removeWhere(t *testing.T, v any, w where, path ...any) {
	t.Helper()
	list := get(t, v, path...).([]any)
	target := get(t, v, append(path, w)...)
	var kept []any
	for _, e := range list {
		if fmt.Sprintf("%p", e) != fmt.Sprintf("%p", target) {
			kept = append(kept, e)
		}
	}
	if len(kept) != len(list)-1 {
		t.Fatalf("removeWhere %v: removed %d", w, len(list)-len(kept))
	}
	set(t, v, kept, path...)
}

// appendCopy appends to the list at path a deep copy of the element
// selected by w, after edit changes it.
func appendCopy(t *testing.T, v any, w where, edit func(map[string]any), path ...any) {
	t.Helper()
	list := get(t, v, path...).([]any)
	c := deepCopy(get(t, v, append(path, w)...)).(map[string]any)
	edit(c)
	set(t, v, append(list, c), path...)
}

func deepCopy(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = deepCopy(e)
		}
		return m
	case []any:
		l := make([]any, len(x))
		for i, e := range x {
			l[i] = deepCopy(e)
		}
		return l
	}
	return v
}

// checkResult checks the three outcomes and that the detail contains every
// wanted fragment.
func checkResult(t *testing.T, got Result, status, strict, xds Outcome, detail ...string) {
	t.Helper()
	if got.Status != status || got.Strict != strict || got.XDS != xds {
		t.Errorf("outcomes: got status %s, strict %s, xds %s; want %s, %s, %s (detail: %s)",
			got.Status, got.Strict, got.XDS, status, strict, xds, got.Detail)
	}
	for _, d := range detail {
		if !strings.Contains(got.Detail, d) {
			t.Errorf("detail %q\n  does not contain %q", got.Detail, d)
		}
	}
}
