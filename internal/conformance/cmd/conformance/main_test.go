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
	for _, want := range []string{
		"alpha [routing]: status error, strict error, xds error (0/3)\n  translator: Gateway API → IR translation is not built yet\n",
		"routing       2       0       0    0         0        0/3       2\n",
		"total         3       0       0    0         1        0/3       3\n",
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
