package conformance

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestLoadCorpusSynthetic(t *testing.T) {
	c := synthetic(t)
	m := c.Manifest
	if m.Translator.GatewayControllerName != "example.com/test-controller" || m.Translator.GatewayClassName != "test-class" ||
		!m.Translator.GlobalRateLimitEnabled || m.XDSTranslator.GlobalRateLimitServiceURL != "grpc://ratelimit.test-system.svc:8081" ||
		m.Source.Repository != "example.com/synthetic" {
		t.Errorf("header: %+v", m)
	}
	var names []string
	for _, cs := range m.Cases {
		names = append(names, cs.Name)
	}
	if !reflect.DeepEqual(names, []string{"alpha", "beta", "gamma"}) {
		t.Fatalf("cases %v: want manifest order", names)
	}
	alpha, gamma := m.Cases[0], m.Cases[2]
	if !alpha.Flags.BackendEnabled || !alpha.Flags.EnvoyPatchPolicyEnabled || alpha.Flags.MergeGateways {
		t.Errorf("alpha flags %+v", alpha.Flags)
	}
	if string(alpha.Flags.Other["futureFlag"]) != "true" || len(alpha.Flags.Other) != 1 {
		t.Errorf("unknown flags kept as %v, want futureFlag", alpha.Flags.Other)
	}
	if !gamma.XDSError || !reflect.DeepEqual(gamma.XDSErrorKeys, []string{"ns/gw"}) || len(gamma.NetworkRequests) != 1 {
		t.Errorf("gamma %+v", gamma)
	}
	if got := alpha.XDSFile(); got != filepath.Join("cases", "alpha.xds.yaml") {
		t.Errorf("XDSFile %s", got)
	}
	// Without files, the conventional names are used.
	if got := (Case{Name: "x"}).OutputFile(); got != filepath.Join("cases", "x.out.yaml") {
		t.Errorf("OutputFile %s", got)
	}
}

func TestParseManifestErrors(t *testing.T) {
	for name, in := range map[string]string{
		"not yaml":       "cases: [",
		"no name":        "cases:\n- category: x\n",
		"duplicate name": "cases:\n- name: a\n- name: a\n",
	} {
		if _, err := ParseManifest([]byte(in)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestFindCorpusDir(t *testing.T) {
	abs, err := filepath.Abs(syntheticDir)
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv(EnvCorpus, abs)
	if dir, err := FindCorpusDir("."); err != nil || dir != abs {
		t.Errorf("with %s set: %q, %v", EnvCorpus, dir, err)
	}
	t.Setenv(EnvCorpus, t.TempDir())
	if _, err := FindCorpusDir("."); !errors.Is(err, ErrNoCorpus) {
		t.Errorf("empty directory: got %v, want ErrNoCorpus", err)
	}
}

func TestModuleRoot(t *testing.T) {
	root, err := ModuleRoot(".")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Errorf("%s has no go.mod", root)
	}
	if _, err := os.Stat(filepath.Join(root, "internal", "conformance")); err != nil {
		t.Errorf("%s is not this module's root", root)
	}
	if _, err := ModuleRoot(string(filepath.Separator)); err == nil {
		t.Error("no error above every go.mod")
	}
}

// TestLoadCorpus checks that the real corpus's manifest loads and that
// every case's files exist.
func TestLoadCorpus(t *testing.T) {
	c := corpusOrSkip(t)
	if len(c.Manifest.Cases) == 0 {
		t.Fatal("no cases")
	}
	if c.Manifest.Translator.GatewayControllerName == "" || c.Manifest.XDSTranslator.GlobalRateLimitServiceURL == "" {
		t.Errorf("header not parsed: %+v %+v", c.Manifest.Translator, c.Manifest.XDSTranslator)
	}
	for _, cs := range c.Manifest.Cases {
		if cs.Category == "" {
			t.Errorf("%s: no category", cs.Name)
		}
		for _, f := range []string{cs.InputFile(), cs.OutputFile(), cs.XDSFile()} {
			if _, err := os.Stat(filepath.Join(c.Dir, f)); err != nil {
				t.Errorf("%s: %v", cs.Name, err)
			}
		}
	}
}
