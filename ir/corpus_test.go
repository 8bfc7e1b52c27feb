package ir_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"

	"github.com/gatewaykit/gatewaykit/ir"
)

// corpusDir is the conformance corpus, ../shared/conformance from the module
// root.
const corpusDir = "../../shared/conformance/cases"

// corpusIR is one xdsIR entry of a corpus case.
type corpusIR struct {
	name string // <case>/<ir key>
	// generic is the IR as Envoy Gateway wrote it, decoded from YAML into
	// JSON's generic form.
	generic any
	// xds is generic decoded into ir.Xds, ignoring fields ir does not have.
	xds *ir.Xds
	// sds is set when a certificate is delivered by SDS, which ir does not
	// model: the certificate then has no data in ir.
	sds bool
	// mismatch is the first value whose JSON type differs from ir's.
	mismatch error
	// egFailed is set when Envoy Gateway's own xDS translation of this IR
	// failed (the manifest's xdsErrorKeys): such an IR need not validate.
	egFailed bool
}

// corpusXDSErrors reads the manifest beside the cases and returns the set of
// <case>/<ir key> whose xDS translation failed in Envoy Gateway.
func corpusXDSErrors(t testing.TB) map[string]bool {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(corpusDir, "..", "manifest.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Cases []struct {
			Name         string   `json:"name"`
			XDSErrorKeys []string `json:"xdsErrorKeys"`
		} `json:"cases"`
	}
	if err := yaml.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, c := range m.Cases {
		for _, k := range c.XDSErrorKeys {
			out[c.Name+"/"+k] = true
		}
	}
	return out
}

// loadCorpus decodes every xdsIR of the corpus, or skips the test when the
// corpus is absent.
func loadCorpus(t testing.TB) []corpusIR {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(corpusDir, "*.out.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Skipf("no corpus at %s", corpusDir)
	}
	egFailed := corpusXDSErrors(t)
	var out []corpusIR
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		j, err := yaml.YAMLToJSON(b)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		var doc struct {
			XdsIR map[string]json.RawMessage `json:"xdsIR"`
		}
		if err := json.Unmarshal(j, &doc); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		keys := make([]string, 0, len(doc.XdsIR))
		for k := range doc.XdsIR {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			name := strings.TrimSuffix(filepath.Base(f), ".out.yaml") + "/" + k
			generic, err := decodeGeneric(doc.XdsIR[k])
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			c := corpusIR{name: name, generic: generic, sds: hasSDS(generic), egFailed: egFailed[name]}
			// Secret bytes read "[redacted]", which is not base64: stand
			// in bytes that say so, so that []byte fields decode and the
			// "certificate carries data" rule sees what was there.
			fixed, err := json.Marshal(replaceRedacted(generic))
			if err != nil {
				t.Fatal(err)
			}
			c.xds = new(ir.Xds)
			// A value whose JSON type differs from ir's field is skipped
			// by Unmarshal, which decodes the rest; the mismatch is
			// recorded, since it is a gap in ir rather than in the IR.
			var mismatch *json.UnmarshalTypeError
			if err := json.Unmarshal(fixed, c.xds); errors.As(err, &mismatch) {
				c.mismatch = err
			} else if err != nil {
				t.Fatalf("%s: decode into ir.Xds: %v", name, err)
			}
			out = append(out, c)
		}
	}
	return out
}

// decodeGeneric decodes JSON into maps, slices and json.Number.
func decodeGeneric(b []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	err := dec.Decode(&v)
	return v, err
}

// redactedBytes stands in for "[redacted]" secret bytes: base64 of
// "redacted".
const redactedBytes = "cmVkYWN0ZWQ="

func replaceRedacted(v any) any {
	switch t := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(t))
		for k, c := range t {
			m[k] = replaceRedacted(c)
		}
		return m
	case []any:
		l := make([]any, len(t))
		for i, c := range t {
			l[i] = replaceRedacted(c)
		}
		return l
	case string:
		if t == "[redacted]" {
			return redactedBytes
		}
	}
	return v
}

// hasSDS reports whether a certificate anywhere in v has an "sds" key.
func hasSDS(v any) bool {
	switch t := v.(type) {
	case map[string]any:
		for k, c := range t {
			if k == "certificates" {
				for _, cert := range asList(c) {
					if m, ok := cert.(map[string]any); ok && m["sds"] != nil {
						return true
					}
				}
			}
			if hasSDS(c) {
				return true
			}
		}
	case []any:
		return slices.ContainsFunc(t, hasSDS)
	}
	return false
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

// TestCorpusValidates checks that every IR Envoy Gateway produced for the
// corpus passes Validate: the rules describe real IRs, not an ideal.
func TestCorpusValidates(t *testing.T) {
	irs := loadCorpus(t)
	var checked, sds, failed int
	mismatches := map[string]int{}
	for _, c := range irs {
		if c.mismatch != nil {
			mismatches[c.mismatch.Error()]++
		}
		err := c.xds.Validate()
		if c.egFailed {
			// Envoy Gateway could not translate this IR either (most
			// crashed on a field admission defaulting would have set);
			// Validate may reject it.
			failed++
			continue
		}
		if c.sds {
			// Certificates delivered by SDS carry no data in ir; only
			// those errors are expected.
			sds++
			for _, e := range unjoin(err) {
				var ve *ir.ValidationError
				if !errors.As(e, &ve) || !isCertificateDataPath(ve.Path) {
					t.Errorf("%s: %v", c.name, e)
				}
			}
			continue
		}
		checked++
		for _, e := range unjoin(err) {
			t.Errorf("%s: %v", c.name, e)
		}
	}
	if checked == 0 {
		t.Fatal("no corpus IR checked")
	}
	for m, n := range mismatches {
		t.Logf("%d corpus IRs have a value ir cannot hold (skipped): %s", n, m)
	}
	t.Logf("%d corpus IRs validated, %d with SDS certificates checked apart from certificate data, %d that Envoy Gateway failed to translate skipped", checked, sds, failed)
}

func isCertificateDataPath(p string) bool {
	return strings.HasSuffix(p, ".certificate") || strings.HasSuffix(p, ".privateKey")
}

// unjoin returns the errors joined in err, or nil.
func unjoin(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}
