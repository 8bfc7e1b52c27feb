package wasm_test

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestImports keeps wasm and wasm/wasmtest standalone: their non-test code
// imports the standard library and go-containerregistry, nothing else, and
// so nothing else from this module.
func TestImports(t *testing.T) {
	for _, dir := range []string{".", "wasmtest"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, file := range files {
			if strings.HasSuffix(file, "_test.go") {
				continue
			}
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			f, err := parser.ParseFile(token.NewFileSet(), file, src, parser.ImportsOnly)
			if err != nil {
				t.Fatal(err)
			}
			for _, imp := range f.Imports {
				path, _ := strconv.Unquote(imp.Path.Value)
				first, _, _ := strings.Cut(path, "/")
				if !strings.Contains(first, ".") {
					continue // standard library
				}
				if !strings.HasPrefix(path, "github.com/google/go-containerregistry/") {
					t.Errorf("%s imports %s; allowed: the standard library and go-containerregistry", file, path)
				}
			}
		}
	}
}
