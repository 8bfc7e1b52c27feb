// Package benchinput provides the scale inputs of the shared benchmark
// generator (../shared/bench/gen) to benchmarks, so that every benchmark of
// the project measures the exact files other implementations are measured on.
package benchinput

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Path returns the path of the generator's output for n routes and the given
// generator flags (for example "-btp=false"), generating it on first use into
// a cache directory under the system temporary directory. It skips the
// benchmark when the generator cannot be found.
func Path(tb testing.TB, n int, flags ...string) string {
	tb.Helper()
	gen, err := generatorDir()
	if err != nil {
		tb.Skipf("benchmark input generator not found: %v", err)
	}
	name := fmt.Sprintf("routes-%d%s.yaml", n, strings.Join(flags, ""))
	name = strings.NewReplacer("=", "", "-", "_").Replace(name)
	dir := filepath.Join(os.TempDir(), "gatewaykit-bench")
	out := filepath.Join(dir, name)
	if _, err := os.Stat(out); err == nil {
		return out
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	tmp := out + ".tmp"
	args := append([]string{"run", ".", "-n", fmt.Sprint(n), "-o", tmp}, flags...)
	cmd := exec.Command("go", args...)
	cmd.Dir = gen
	if b, err := cmd.CombinedOutput(); err != nil {
		tb.Fatalf("generate %s: %v\n%s", name, err, b)
	}
	if err := os.Rename(tmp, out); err != nil {
		tb.Fatal(err)
	}
	return out
}

// Read returns the contents of Path(tb, n, flags...).
func Read(tb testing.TB, n int, flags ...string) []byte {
	tb.Helper()
	b, err := os.ReadFile(Path(tb, n, flags...))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// generatorDir finds ../shared/bench/gen from the module root, or uses
// $GATEWAYKIT_BENCHGEN.
func generatorDir() (string, error) {
	if d := os.Getenv("GATEWAYKIT_BENCHGEN"); d != "" {
		return d, nil
	}
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			if _, err := os.Stat(filepath.Join(dir, "tools")); err == nil || filepath.Base(dir) != "tools" {
				gen := filepath.Join(dir, "..", "shared", "bench", "gen")
				if _, err := os.Stat(filepath.Join(gen, "main.go")); err == nil {
					return gen, nil
				}
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no ../shared/bench/gen beside the module root; set GATEWAYKIT_BENCHGEN")
		}
		dir = parent
	}
}
