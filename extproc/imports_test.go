package extproc_test

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestImports keeps extproc and extproctest standalone: they may import
// nothing from this module but each other, and only these third-party
// modules.
func TestImports(t *testing.T) {
	const module = "github.com/gatewaykit/gatewaykit"
	allowedThirdParty := []string{
		"github.com/envoyproxy/go-control-plane/envoy/",
		"google.golang.org/grpc",
		"google.golang.org/protobuf/",
	}
	for _, dir := range []string{".", "extproctest"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			af, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
			if err != nil {
				t.Fatal(err)
			}
			isTest := strings.HasSuffix(f, "_test.go")
			for _, imp := range af.Imports {
				path, _ := strconv.Unquote(imp.Path.Value)
				switch {
				case path == module+"/extproc":
				case path == module+"/extproc/extproctest" && (isTest || dir == "extproctest"):
				case strings.HasPrefix(path, module):
					t.Errorf("%s imports %s", f, path)
				case !strings.Contains(strings.SplitN(path, "/", 2)[0], "."):
					// standard library
				default:
					ok := false
					for _, p := range allowedThirdParty {
						ok = ok || strings.HasPrefix(path, p)
					}
					if !ok {
						t.Errorf("%s imports %s, outside the allowed dependencies", f, path)
					}
				}
			}
		}
	}
}
