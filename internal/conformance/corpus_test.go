package conformance

import (
	"context"
	"flag"
	"os"
	"strings"
	"testing"
	"time"
)

var (
	updatePassing = flag.Bool("update-passing", false, "rewrite testdata/passing from this run of TestCorpus")
	checkRatchet  = flag.Bool("ratchet", true, "fail TestCorpus when a case listed in testdata/passing no longer passes (turn off for a corpus other than the default)")
)

// passingDir holds the ratchet lists.
const passingDir = "testdata/passing"

// corpusOrSkip loads the corpus, or skips the test when there is none.
func corpusOrSkip(t testing.TB) *Corpus {
	t.Helper()
	dir, err := FindCorpusDir(".")
	if err != nil {
		t.Skipf("skipping: %v", err)
	}
	c, err := LoadCorpus(dir)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func tableString(t testing.TB, r *Report) string {
	t.Helper()
	var b strings.Builder
	if err := r.WriteTable(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestCorpus runs every corpus case through NewPipeline, prints the table,
// writes $GATEWAYKIT_REPORT, and enforces the ratchet in testdata/passing.
func TestCorpus(t *testing.T) {
	c := corpusOrSkip(t)
	p, err := NewPipeline(&c.Manifest)
	if err != nil {
		t.Fatal(err)
	}
	r, err := NewRunner(p)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	rep, err := r.Run(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("corpus %s: %d cases in %v\n%s", c.Dir, len(rep.Cases), time.Since(start).Round(time.Millisecond), tableString(t, rep))
	if name := os.Getenv(EnvReport); name != "" {
		if err := rep.WriteFile(name); err != nil {
			t.Fatal(err)
		}
		t.Logf("report written to %s", name)
	}
	if *updatePassing || os.Getenv("GATEWAYKIT_UPDATE_PASSING") != "" {
		if err := PassingFrom(rep).Write(passingDir); err != nil {
			t.Fatal(err)
		}
		t.Logf("rewrote %s from this run", passingDir)
		return
	}
	if !*checkRatchet {
		t.Log("ratchet not checked (-ratchet=false)")
		return
	}
	listed, err := ReadPassing(passingDir)
	if err != nil {
		t.Fatal(err)
	}
	regressions, newly := listed.Check(rep)
	for _, reg := range regressions {
		t.Error(reg)
	}
	for _, l := range RatchetLevels() {
		if n := len(newly[l]); n > 0 {
			t.Logf("%s: %d newly passing; run with -update-passing to record them", l, n)
		}
	}
}
