package yamljson

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"sigs.k8s.io/yaml"
)

// benchInput returns the documents of /tmp/bench/routes-<n>.yaml,
// generating the file with the shared generator when it is missing, and
// skips the benchmark when neither works.
func benchInput(b *testing.B, n string) [][]byte {
	b.Helper()
	path := filepath.Join("/tmp/bench", "routes-"+n+".yaml")
	if _, err := os.Stat(path); err != nil {
		gen := "../../../shared/bench/gen"
		if _, err := os.Stat(gen); err != nil {
			b.Skipf("%s missing and no generator at %s", path, gen)
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			b.Skip(err)
		}
		cmd := exec.Command("go", "run", ".", "-n", n, "-o", path)
		cmd.Dir = gen
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Skipf("generating %s: %v\n%s", path, err, out)
		}
	}
	stream, err := os.ReadFile(path)
	if err != nil {
		b.Skip(err)
	}
	return splitDocs(stream)
}

func benchmarkConvert(b *testing.B, n string) {
	docs := benchInput(b, n)
	size := 0
	for _, d := range docs {
		size += len(d)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	var c Converter
	var out []byte
	for b.Loop() {
		for _, d := range docs {
			var ok bool
			out, ok = c.Append(out[:0], d)
			if !ok {
				b.Fatal("fast path refused a benchmark document")
			}
		}
	}
}

// BenchmarkConvert converts every document of the generated route files
// with one reused Converter, as the manifest loader does.
func BenchmarkConvert(b *testing.B) {
	b.Run("routes=1000", func(b *testing.B) { benchmarkConvert(b, "1000") })
	b.Run("routes=10000", func(b *testing.B) { benchmarkConvert(b, "10000") })
}

// BenchmarkConvertFunc is BenchmarkConvert with the Convert function,
// which allocates its scratch memory afresh for every document.
func BenchmarkConvertFunc(b *testing.B) {
	docs := benchInput(b, "10000")
	b.ReportAllocs()
	for b.Loop() {
		for _, d := range docs {
			if _, ok := Convert(d); !ok {
				b.Fatal("fast path refused a benchmark document")
			}
		}
	}
}

// BenchmarkYAMLToJSON is the slow path on the 1,000-route file, for
// comparison.
func BenchmarkYAMLToJSON(b *testing.B) {
	docs := benchInput(b, "1000")
	b.ReportAllocs()
	for b.Loop() {
		for _, d := range docs {
			if _, err := yaml.YAMLToJSON(d); err != nil {
				b.Fatal(err)
			}
		}
	}
}
