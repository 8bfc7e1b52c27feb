package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestGolden runs the command on every testdata/*.yaml manifest and compares
// its output with testdata/<name>.golden.
func TestGolden(t *testing.T) {
	inputs, err := filepath.Glob("testdata/*.yaml")
	if err != nil || len(inputs) == 0 {
		t.Fatalf("no inputs: %v", err)
	}
	for _, in := range inputs {
		name := strings.TrimSuffix(filepath.Base(in), ".yaml")
		t.Run(name, func(t *testing.T) {
			var out bytes.Buffer
			if err := run(in, "yaml", nil, &out); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", name+".golden")
			if *update {
				if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), out.String()); diff != "" {
				t.Errorf("output differs from %s (-want +got):\n%s", golden, diff)
			}
		})
	}
}

func TestRejectsUnknownFormat(t *testing.T) {
	if err := run("testdata/sample.yaml", "xml", nil, &bytes.Buffer{}); err == nil {
		t.Fatal("want an error for -o xml")
	}
}

func TestReadsStandardInput(t *testing.T) {
	var out bytes.Buffer
	in := strings.NewReader("apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n")
	if err := run("-", "json", in, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), `"Service": 1`) {
		t.Errorf("output does not count the service:\n%s", out.String())
	}
}
