package yamljson

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"sigs.k8s.io/yaml"
)

// corpusDir is the shared conformance corpus, reached by path.
const corpusDir = "../../../shared/conformance/cases"

// benchFiles are the generated scale inputs (see benchInput).
var benchFiles = []string{"/tmp/bench/routes-1000.yaml", "/tmp/bench/routes-10000.yaml"}

// splitDocs splits a YAML stream on "---" lines, as the manifest loader does.
func splitDocs(stream []byte) [][]byte {
	var docs [][]byte
	for len(stream) > 0 {
		i := bytes.Index(stream, []byte("\n---\n"))
		if i < 0 {
			docs = append(docs, stream)
			break
		}
		docs = append(docs, stream[:i+1])
		stream = stream[i+5:]
	}
	return docs
}

// checkDoc compares Convert with YAMLToJSON on one document and reports
// whether the fast path handled it.
func checkDoc(t *testing.T, name string, doc []byte) bool {
	t.Helper()
	got, ok := Convert(doc)
	want, err := yaml.YAMLToJSON(doc)
	if !ok {
		return false
	}
	if err != nil {
		t.Errorf("%s: Convert ok but YAMLToJSON fails: %v", name, err)
		return true
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s: Convert differs from YAMLToJSON\n got: %.2000s\nwant: %.2000s", name, got, want)
	}
	return true
}

// TestCorpus checks the fast path against YAMLToJSON on real documents:
// the conformance corpus's inputs and outputs and the benchmark inputs.
func TestCorpus(t *testing.T) {
	var files []string
	for _, pat := range []string{"*.in.yaml", "*.out.yaml"} {
		m, _ := filepath.Glob(filepath.Join(corpusDir, pat))
		files = append(files, m...)
	}
	if len(files) == 0 {
		t.Logf("conformance corpus not found at %s; skipping it", corpusDir)
	}
	handled, total := 0, 0
	for _, f := range files {
		doc, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		total++
		if checkDoc(t, filepath.Base(f), doc) {
			handled++
		} else {
			t.Logf("fallback: %s", filepath.Base(f))
		}
	}
	if total > 0 {
		t.Logf("conformance corpus: fast path handled %d of %d documents (%.1f%%)", handled, total, 100*float64(handled)/float64(total))
	}
	for _, f := range benchFiles {
		stream, err := os.ReadFile(f)
		if err != nil {
			t.Logf("%s not present; skipping it", f)
			continue
		}
		if testing.Short() && len(stream) > 2<<20 {
			continue
		}
		h, n := 0, 0
		for i, doc := range splitDocs(stream) {
			n++
			if checkDoc(t, filepath.Base(f)+"#"+itoa(i), doc) {
				h++
			}
		}
		t.Logf("%s: fast path handled %d of %d documents", filepath.Base(f), h, n)
		handled += h
		total += n
	}
	if total == 0 {
		t.Skip("no corpus found")
	}
	frac := float64(handled) / float64(total)
	t.Logf("all: fast path handled %d of %d documents (%.1f%%)", handled, total, 100*frac)
	if frac < 0.95 {
		t.Errorf("fast path handled only %.1f%% of the corpus, want at least 95%%", 100*frac)
	}
}

func itoa(i int) string { return string(appendInt(nil, i)) }

func appendInt(b []byte, i int) []byte {
	if i >= 10 {
		b = appendInt(b, i/10)
	}
	return append(b, byte('0'+i%10))
}
