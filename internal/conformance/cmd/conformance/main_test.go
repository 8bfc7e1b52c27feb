package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRunSynthetic(t *testing.T) {
	report := filepath.Join(t.TempDir(), "r.json")
	var out strings.Builder
	err := run(context.Background(), []string{"-corpus", "../../testdata/synthetic", "-report", report, "-v"}, &out)
	if err != nil {
		t.Fatal(err)
	}
	// The real pipeline runs; what it gets right on this hand-made corpus
	// is the corpus test's business. Here: the header, a row per category
	// and the total, and (with -v) each case that does not pass with its
	// first difference indented below it.
	for _, want := range []string{
		"corpus ../../testdata/synthetic: 3 cases\n",
		"\nrouting       2 ",
		"\nclass         1 ",
		"\ntotal         3 ",
		"alpha [routing]: status fail",
		"\n  gateways[ns/gw]",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output:\n%s\nwant it to contain:\n%s", out.String(), want)
		}
	}
	b, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct{ Cases []map[string]any }
	if err := json.Unmarshal(b, &doc); err != nil || len(doc.Cases) != 3 {
		t.Errorf("report %s: %v", b, err)
	}
}

func TestRunGoldenFiltered(t *testing.T) {
	var out strings.Builder
	err := run(context.Background(), []string{"-corpus", "../../testdata/synthetic", "-golden", "-run", "^(alpha|beta)$"}, &out)
	if err != nil {
		t.Fatal(err)
	}
	if want := "total         2       2       2    2         0        3/3       0\n"; !strings.Contains(out.String(), want) {
		t.Errorf("output:\n%s\nwant it to contain:\n%s", out.String(), want)
	}
}

func TestRunBadFlags(t *testing.T) {
	var out strings.Builder
	if err := run(context.Background(), []string{"-corpus", t.TempDir()}, &out); err == nil {
		t.Error("empty corpus directory: no error")
	}
	if err := run(context.Background(), []string{"-corpus", "../../testdata/synthetic", "-run", "("}, &out); err == nil {
		t.Error("bad -run: no error")
	}
}
