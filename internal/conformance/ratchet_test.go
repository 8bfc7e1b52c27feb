package conformance

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestRatchet(t *testing.T) {
	rep := &Report{Cases: []Result{
		{Name: "b", Status: Pass, Strict: Pass, XDS: Pass},
		{Name: "a", Status: Pass, Strict: Fail, XDS: Error, Detail: "x: want 1, got 2"},
		{Name: "c", Status: Fail, Strict: Fail, XDS: Skip, Detail: "y: missing"},
	}}
	p := PassingFrom(rep)
	want := Passing{RatchetStatus: {"a", "b"}, RatchetStrict: {"b"}, RatchetXDS: {"b"}}
	if !reflect.DeepEqual(p, want) {
		t.Fatalf("PassingFrom: %v, want %v", p, want)
	}

	dir := filepath.Join(t.TempDir(), "passing")
	if err := p.Write(dir); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "status.txt")); string(b) != "a\nb\n" {
		t.Errorf("status.txt %q", b)
	}
	got, err := ReadPassing(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("round trip: %v, want %v", got, want)
	}

	// Nothing regresses against its own lists.
	if regs, newly := p.Check(rep); len(regs) != 0 || len(newly) != 0 {
		t.Errorf("self check: %v, %v", regs, newly)
	}

	// c was listed as passing status; gone was listed and left the corpus;
	// a passes status without being listed.
	listed := Passing{RatchetStatus: {"b", "c", "gone"}, RatchetStrict: {}, RatchetXDS: {"b"}}
	regs, newly := listed.Check(rep)
	var lines []string
	for _, r := range regs {
		lines = append(lines, r.String())
	}
	wantLines := []string{
		"status: c listed in status.txt no longer passes: fail: y: missing",
		"status: gone listed in status.txt no longer passes: not in the corpus",
	}
	if !reflect.DeepEqual(lines, wantLines) {
		t.Errorf("regressions:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(wantLines, "\n"))
	}
	if !reflect.DeepEqual(newly, Passing{RatchetStatus: {"a"}, RatchetStrict: {"b"}}) {
		t.Errorf("newly passing %v", newly)
	}
}

func TestReadPassingMissingAndComments(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "xds.txt"), []byte("# comment\n\nz\n  y  \n"), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := ReadPassing(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := Passing{RatchetStatus: {}, RatchetStrict: {}, RatchetXDS: {"y", "z"}}
	if !reflect.DeepEqual(p, want) {
		t.Errorf("got %v, want %v", p, want)
	}
}

// TestPassingListsSorted checks the committed lists: sorted, no duplicates.
func TestPassingListsSorted(t *testing.T) {
	for _, l := range RatchetLevels() {
		b, err := os.ReadFile(filepath.Join(passingDir, l.File()))
		if err != nil {
			t.Fatalf("%s: %v (commit an empty file)", l.File(), err)
		}
		lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
		if len(b) == 0 {
			continue
		}
		for i := 1; i < len(lines); i++ {
			if lines[i-1] >= lines[i] {
				t.Errorf("%s: %q before %q: not sorted or duplicated", l.File(), lines[i-1], lines[i])
			}
		}
	}
}
