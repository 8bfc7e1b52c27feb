package conformance

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// syntheticDir is a three-case corpus written for these tests: alpha (a
// Gateway and an HTTPRoute, three xDS resources), beta (Backends, no xDS)
// and gamma (a GatewayClass; its reference xDS translation failed).
const syntheticDir = "testdata/synthetic"

func synthetic(t *testing.T) *Corpus {
	t.Helper()
	c, err := LoadCorpus(syntheticDir)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func runSynthetic(t *testing.T, p Pipeline, opts ...Option) *Report {
	t.Helper()
	c := synthetic(t)
	r, err := NewRunner(p, opts...)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := r.Run(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// row is the comparable part of a Result.
type row struct {
	name, status, strict, xds string
	matched, total            int
}

func rows(rep *Report) []row {
	var out []row
	for _, r := range rep.Cases {
		out = append(out, row{r.Name, string(r.Status), string(r.Strict), string(r.XDS), r.XDSMatched, r.XDSTotal})
	}
	return out
}

func checkRows(t *testing.T, rep *Report, want []row) {
	t.Helper()
	if got := rows(rep); !reflect.DeepEqual(got, want) {
		t.Errorf("results:\n got %v\nwant %v", got, want)
		for _, r := range rep.Cases {
			t.Logf("%s: %s", r.Name, r.Detail)
		}
	}
}

func TestSyntheticGolden(t *testing.T) {
	rep := runSynthetic(t, NewGoldenPipeline(synthetic(t)))
	checkRows(t, rep, []row{
		{"alpha", "pass", "pass", "pass", 3, 3},
		{"beta", "pass", "pass", "pass", 0, 0},
		{"gamma", "pass", "pass", "skip", 0, 0},
	})
}

func TestSyntheticNotBuilt(t *testing.T) {
	const msg = "stage X is not built yet"
	rep := runSynthetic(t, PipelineFunc(func(context.Context, Case, []byte) (*Output, error) {
		return nil, NotBuilt(msg)
	}))
	checkRows(t, rep, []row{
		{"alpha", "error", "error", "error", 0, 3},
		{"beta", "error", "error", "error", 0, 0},
		{"gamma", "error", "error", "skip", 0, 0},
	})
	for _, r := range rep.Cases {
		if r.Detail != msg {
			t.Errorf("%s: detail %q", r.Name, r.Detail)
		}
	}
}

// TestSyntheticPanic checks that a panic fails only its own case.
func TestSyntheticPanic(t *testing.T) {
	c := synthetic(t)
	rep := runSynthetic(t, PipelineFunc(func(_ context.Context, cs Case, _ []byte) (*Output, error) {
		if cs.Name == "beta" || cs.Name == "gamma" {
			var m map[string]int
			m["boom"]++ // a nil map write panics
		}
		return GoldenOutput(c, cs)
	}))
	checkRows(t, rep, []row{
		{"alpha", "pass", "pass", "pass", 3, 3},
		{"beta", "error", "error", "error", 0, 0},
		// A crash is a failure even where xDS is not compared.
		{"gamma", "error", "error", "error", 0, 0},
	})
	d := rep.Cases[1].Detail
	if !strings.HasPrefix(d, "panic: assignment to entry in nil map\n") || !strings.Contains(d, "runner_test.go:") {
		t.Errorf("panic detail %q: want the panic value and a stack naming the panic site", d)
	}
	t.Logf("panic detail:\n%s", d)
	if n := strings.Count(d, "\n"); n > maxStackFrames {
		t.Errorf("stack has %d lines, want at most %d", n, maxStackFrames)
	}
}

// TestSyntheticPartial checks that a NotBuilt pipeline's parts are compared.
func TestSyntheticPartial(t *testing.T) {
	c := synthetic(t)
	rep := runSynthetic(t, PipelineFunc(func(_ context.Context, cs Case, _ []byte) (*Output, error) {
		out, err := GoldenOutput(c, cs)
		if err != nil {
			return nil, err
		}
		out.XDS = nil
		return out, NotBuilt("xds: IR → xDS translation is not built yet")
	}))
	checkRows(t, rep, []row{
		{"alpha", "pass", "pass", "error", 0, 3},
		{"beta", "pass", "pass", "error", 0, 0},
		{"gamma", "pass", "pass", "skip", 0, 0},
	})
	if d := rep.Cases[0].Detail; d != "xds: IR → xDS translation is not built yet" {
		t.Errorf("detail %q", d)
	}
}

// TestSyntheticPipelineError checks that any other error is an error of
// every column, even with output.
func TestSyntheticPipelineError(t *testing.T) {
	c := synthetic(t)
	rep := runSynthetic(t, PipelineFunc(func(_ context.Context, cs Case, _ []byte) (*Output, error) {
		out, _ := GoldenOutput(c, cs)
		return out, errors.New("loader: bad input")
	}))
	checkRows(t, rep, []row{
		{"alpha", "error", "error", "error", 0, 3},
		{"beta", "error", "error", "error", 0, 0},
		{"gamma", "error", "error", "skip", 0, 0},
	})
	if d := rep.Cases[0].Detail; d != "loader: bad input" {
		t.Errorf("detail %q", d)
	}
}

// TestSyntheticDifferences checks pass and fail side by side, and the
// ordering of details: status before strict before xDS.
func TestSyntheticDifferences(t *testing.T) {
	c := synthetic(t)
	rep := runSynthetic(t, PipelineFunc(func(_ context.Context, cs Case, _ []byte) (*Output, error) {
		out, err := GoldenOutput(c, cs)
		if err != nil {
			return nil, err
		}
		switch cs.Name {
		case "alpha":
			// A message (strict only) and an xDS difference.
			gw := out.Statuses["gateways"][0].(map[string]any)
			set(t, gw, "Ready.", "status", "conditions", 0, "message")
			out.XDS["ns/gw"].Routes = nil
		case "beta":
			b := out.Statuses["backends"][0].(map[string]any)
			set(t, b, "False", "status", "conditions", 0, "status")
		case "gamma":
			// Not compared: the reference xDS translation failed.
			out.XDS["ns/gw"] = &XDS{Clusters: nil}
		}
		return out, nil
	}))
	checkRows(t, rep, []row{
		{"alpha", "pass", "fail", "fail", 2, 3},
		{"beta", "fail", "fail", "pass", 0, 0},
		{"gamma", "pass", "pass", "skip", 0, 0},
	})
	want := []string{
		`gateways[ns/gw].status.conditions[Programmed].message: want "The gateway is ready.", got "Ready."`,
		`backends[ns/b1].status.conditions[Accepted].status: want "True", got "False"`,
		"",
	}
	for i, r := range rep.Cases {
		if r.Detail != want[i] {
			t.Errorf("%s: detail %q, want %q", r.Name, r.Detail, want[i])
		}
	}
	diffs := rep.Cases[0].Differences
	if len(diffs) != 2 || diffs[1].String() != "xds[ns/gw].routes[ns/gw/web]: missing" {
		t.Errorf("alpha differences: %v", diffs)
	}
}

// TestSyntheticUnresolvableType checks that an expected resource with an
// unknown '@type' makes the case's xDS column an error naming the type.
func TestSyntheticUnresolvableType(t *testing.T) {
	dir := t.TempDir()
	copyTree(t, syntheticDir, dir)
	name := filepath.Join(dir, "cases", "alpha.xds.yaml")
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	b = bytes.Replace(b, []byte("envoy.extensions.filters.http.router.v3.Router"), []byte("example.filters.v9.Unheard"), 1)
	if err := os.WriteFile(name, b, 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := LoadCorpus(dir)
	if err != nil {
		t.Fatal(err)
	}
	golden, err := GoldenOutput(synthetic(t), c.Manifest.Cases[0])
	if err != nil {
		t.Fatal(err)
	}
	r, err := NewRunner(PipelineFunc(func(context.Context, Case, []byte) (*Output, error) {
		return &Output{Statuses: golden.Statuses, XDS: map[string]*XDS{"ns/gw": {}}}, nil
	}))
	if err != nil {
		t.Fatal(err)
	}
	res := r.RunCase(context.Background(), c, c.Manifest.Cases[0])
	if res.XDS != Error || !strings.Contains(res.Detail, `"type.googleapis.com/example.filters.v9.Unheard"`) {
		t.Errorf("xds %s, detail %q", res.XDS, res.Detail)
	}
}

func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestWorkersDeterministic checks that the report does not depend on the
// number of workers.
func TestWorkersDeterministic(t *testing.T) {
	c := synthetic(t)
	var reports [][]byte
	for _, n := range []int{1, 2, 5} {
		rep := runSynthetic(t, NewGoldenPipeline(c), WithWorkers(n))
		var b bytes.Buffer
		if err := rep.WriteJSON(&b); err != nil {
			t.Fatal(err)
		}
		reports = append(reports, b.Bytes())
	}
	for i := 1; i < len(reports); i++ {
		if !bytes.Equal(reports[0], reports[i]) {
			t.Errorf("report %d differs:\n%s\n%s", i, reports[0], reports[i])
		}
	}
}

func TestRunnerOptions(t *testing.T) {
	if _, err := NewRunner(nil); err == nil {
		t.Error("NewRunner(nil): no error")
	}
	p := NewGoldenPipeline(synthetic(t))
	if _, err := NewRunner(p, WithWorkers(0)); err == nil {
		t.Error("WithWorkers(0): no error")
	}
	if _, err := NewRunner(p, WithFilter(nil)); err == nil {
		t.Error("WithFilter(nil): no error")
	}
	rep := runSynthetic(t, p, WithFilter(func(c Case) bool { return c.Category == "class" }))
	checkRows(t, rep, []row{{"gamma", "pass", "pass", "skip", 0, 0}})
}

func TestRunCanceled(t *testing.T) {
	c := synthetic(t)
	r, err := NewRunner(NewGoldenPipeline(c), WithWorkers(1))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := r.Run(ctx, c); !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want context.Canceled", err)
	}
}

// TestReportJSONShape checks the exact JSON shape of the report.
func TestReportJSONShape(t *testing.T) {
	rep := runSynthetic(t, NewGoldenPipeline(synthetic(t)))
	rep.Cases[0].Detail = "a <difference> & more"
	var b bytes.Buffer
	if err := rep.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	var doc map[string][]map[string]json.RawMessage
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc) != 1 || len(doc["cases"]) != 3 {
		t.Fatalf("report %s: want {\"cases\": [3 cases]}", b.String())
	}
	wantKeys := []string{"category", "detail", "name", "status", "strict", "xds", "xdsMatched", "xdsTotal"}
	for _, c := range doc["cases"] {
		var keys []string
		for k := range c {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		if !reflect.DeepEqual(keys, wantKeys) {
			t.Errorf("case keys %v, want %v", keys, wantKeys)
		}
	}
	first := `{
      "name": "alpha",
      "category": "routing",
      "status": "pass",
      "strict": "pass",
      "xds": "pass",
      "xdsMatched": 3,
      "xdsTotal": 3,
      "detail": "a <difference> & more"
    }`
	if !strings.Contains(b.String(), first) {
		t.Errorf("report:\n%s\nwant it to contain\n%s", b.String(), first)
	}

	name := filepath.Join(t.TempDir(), "report.json")
	if err := rep.WriteFile(name); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(name); !bytes.Equal(got, b.Bytes()) {
		t.Errorf("WriteFile wrote %s", got)
	}
}

func TestWriteTable(t *testing.T) {
	rep := &Report{Cases: []Result{
		{Name: "a", Category: "routing", Status: Pass, Strict: Fail, XDS: Pass, XDSMatched: 3, XDSTotal: 3},
		{Name: "b", Category: "routing", Status: Error, Strict: Error, XDS: Error, XDSTotal: 4},
		{Name: "c", Category: "class", Status: Pass, Strict: Pass, XDS: Skip},
	}}
	var b strings.Builder
	if err := rep.WriteTable(&b); err != nil {
		t.Fatal(err)
	}
	want := "" +
		"category  cases  status  strict  xds  xds skip  xds items  errors\n" +
		"routing       2       1       0    1         0        3/7       1\n" +
		"class         1       1       1    0         1        0/0       0\n" +
		"total         3       2       1    1         1        3/7       1\n"
	if b.String() != want {
		t.Errorf("table:\n%s\nwant:\n%s", b.String(), want)
	}
}
