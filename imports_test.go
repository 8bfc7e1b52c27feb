package gatewaykit_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/gatewaykit/gatewaykit"

// listedPackage is the part of `go list -json` output the import rules need.
type listedPackage struct {
	ImportPath string
	Standard   bool
	Imports    []string
	Deps       []string
}

// importRule constrains what the packages under a path may depend on.
type importRule struct {
	// pkgs selects packages: an exact import path relative to the module, or a
	// prefix ending in "/..." that includes the path itself.
	pkgs string
	// why is the design's reason, printed on failure.
	why string
	// allowed reports whether a dependency (direct or transitive, as
	// transitive says) is permitted. std is true for standard library packages.
	allowed    func(dep string, std bool) bool
	transitive bool
}

func stdOnly(_ string, std bool) bool { return std }

func noKubernetes(dep string, _ bool) bool {
	return !strings.HasPrefix(dep, "k8s.io/") && !strings.HasPrefix(dep, "sigs.k8s.io/")
}

// onlyOwnFamily allows anything except other packages of this module; a
// package may import its own sub-packages and its parent (wasm/wasmtest may
// import wasm).
func onlyOwnFamily(root string) func(string, bool) bool {
	return func(dep string, _ bool) bool {
		if !strings.HasPrefix(dep, module+"/") {
			return true
		}
		rel := strings.TrimPrefix(dep, module+"/")
		return rel == root || strings.HasPrefix(rel, root+"/")
	}
}

// notFromModule forbids the listed packages of this module.
func notFromModule(forbidden ...string) func(string, bool) bool {
	return func(dep string, _ bool) bool {
		for _, f := range forbidden {
			if dep == module+"/"+f || strings.HasPrefix(dep, module+"/"+f+"/") {
				return false
			}
		}
		return true
	}
}

var importRules = []importRule{
	{pkgs: "ir/...", why: "ir imports the standard library only", allowed: stdOnly, transitive: true},
	{pkgs: "ir/...", why: "ir must not depend on any Kubernetes module", allowed: noKubernetes, transitive: true},
	{pkgs: "xds/...", why: "xds must not depend on any Kubernetes module", allowed: noKubernetes, transitive: true},
	{pkgs: "wasm/...", why: "wasm imports nothing else from this module", allowed: onlyOwnFamily("wasm"), transitive: true},
	{pkgs: "extproc/...", why: "extproc imports nothing else from this module", allowed: onlyOwnFamily("extproc"), transitive: true},
	{pkgs: "policy/v1alpha1", why: "the API types import nothing else from this module", allowed: onlyOwnFamily("policy/v1alpha1"), transitive: true},
	{pkgs: "policy", why: "policy sits above translator, ir and xds", allowed: notFromModule("translator", "ir", "xds", "wasm", "extproc"), transitive: true},
	{pkgs: "translator/...", why: "translator produces ir and does not reach xds, wasm or extproc", allowed: notFromModule("xds", "wasm", "extproc"), transitive: true},
}

// TestImportRules enforces the dependency directions of the design's
// package table on every package of the module, tests excluded.
func TestImportRules(t *testing.T) {
	pkgs := listPackages(t, "./...")
	byPath := map[string]listedPackage{}
	for _, p := range pkgs {
		byPath[p.ImportPath] = p
	}
	std := standardPackages(t, pkgs)
	for _, rule := range importRules {
		matched := 0
		for _, p := range pkgs {
			if !rule.selects(p.ImportPath) {
				continue
			}
			matched++
			deps := p.Imports
			if rule.transitive {
				deps = p.Deps
			}
			for _, dep := range deps {
				if dep == "C" || dep == "unsafe" {
					continue
				}
				if !rule.allowed(dep, std[dep]) {
					t.Errorf("%s depends on %s, but %s", p.ImportPath, dep, rule.why)
				}
			}
		}
		if matched == 0 && !strings.HasSuffix(rule.pkgs, "/...") {
			t.Errorf("rule for %s matched no package", rule.pkgs)
		}
	}
	if len(byPath) == 0 {
		t.Fatal("go list returned no packages")
	}
}

// TestImportRulesDetect proves each kind of rule rejects what it should.
func TestImportRulesDetect(t *testing.T) {
	cases := []struct {
		name    string
		allowed func(string, bool) bool
		dep     string
		std     bool
		want    bool
	}{
		{"std only accepts fmt", stdOnly, "fmt", true, true},
		{"std only rejects a module", stdOnly, "github.com/google/go-cmp/cmp", false, false},
		{"no kubernetes rejects apimachinery", noKubernetes, "k8s.io/apimachinery/pkg/runtime", false, false},
		{"no kubernetes rejects gateway-api", noKubernetes, "sigs.k8s.io/gateway-api/apis/v1", false, false},
		{"no kubernetes accepts protobuf", noKubernetes, "google.golang.org/protobuf/proto", false, true},
		{"own family accepts a sub-package", onlyOwnFamily("wasm"), module + "/wasm/wasmtest", false, true},
		{"own family rejects a sibling", onlyOwnFamily("wasm"), module + "/translator", false, false},
		{"own family rejects a prefix look-alike", onlyOwnFamily("wasm"), module + "/wasmx", false, false},
		{"not from module rejects xds", notFromModule("xds"), module + "/xds", false, false},
		{"not from module accepts ir", notFromModule("xds"), module + "/ir", false, true},
	}
	for _, c := range cases {
		if got := c.allowed(c.dep, c.std); got != c.want {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}
}

func (r importRule) selects(importPath string) bool {
	rel, ok := strings.CutPrefix(importPath, module)
	if !ok {
		return false
	}
	rel = strings.TrimPrefix(rel, "/")
	if base, ok := strings.CutSuffix(r.pkgs, "/..."); ok {
		return rel == base || strings.HasPrefix(rel, base+"/")
	}
	return rel == r.pkgs
}

func listPackages(t *testing.T, patterns ...string) []listedPackage {
	t.Helper()
	args := append([]string{"list", "-json=ImportPath,Standard,Imports,Deps"}, patterns...)
	cmd := exec.Command("go", args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.String())
	}
	var pkgs []listedPackage
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p listedPackage
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("decode go list output: %v", err)
		}
		pkgs = append(pkgs, p)
	}
	return pkgs
}

// standardPackages reports, for every dependency of pkgs, whether it belongs
// to the standard library.
func standardPackages(t *testing.T, pkgs []listedPackage) map[string]bool {
	t.Helper()
	seen := map[string]bool{}
	var deps []string
	for _, p := range pkgs {
		for _, d := range p.Deps {
			if !seen[d] {
				seen[d] = true
				deps = append(deps, d)
			}
		}
	}
	std := map[string]bool{}
	if len(deps) == 0 {
		return std
	}
	for _, p := range listPackages(t, deps...) {
		std[p.ImportPath] = p.Standard
	}
	return std
}
