package main

import (
	"bytes"
	"encoding/base64"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestGolden runs the command on every testdata/*.yaml manifest and compares
// its output with testdata/<name>.golden.
func TestGolden(t *testing.T) {
	inputs, err := filepath.Glob("testdata/*.yaml")
	if err != nil || len(inputs) == 0 {
		t.Fatalf("no inputs: %v", err)
	}
	for _, in := range inputs {
		name := strings.TrimSuffix(filepath.Base(in), ".yaml")
		t.Run(name, func(t *testing.T) {
			var out bytes.Buffer
			if err := run(testConfig(in, "yaml"), nil, &out); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", name+".golden")
			if *update {
				if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), out.String()); diff != "" {
				t.Errorf("output differs from %s (-want +got):\n%s", golden, diff)
			}
		})
	}
}

func TestRejectsUnknownFormat(t *testing.T) {
	if err := run(testConfig("testdata/sample.yaml", "xml"), nil, &bytes.Buffer{}); err == nil {
		t.Fatal("want an error for -o xml")
	}
}

func TestReadsStandardInput(t *testing.T) {
	var out bytes.Buffer
	in := strings.NewReader("apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n")
	if err := run(testConfig("-", "json"), in, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), `"Service": 1`) {
		t.Errorf("output does not count the service:\n%s", out.String())
	}
}

func testConfig(file, format string) config {
	return config{file: file, format: format, controllerName: "gateway.envoyproxy.io/gatewayclass-controller", backends: true}
}

func TestRejectsUnknownSection(t *testing.T) {
	c := testConfig("testdata/sample.yaml", "yaml")
	c.sections = "ir,clusters"
	err := run(c, nil, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), `"clusters"`) {
		t.Fatalf("got %v, want an error naming the unknown section", err)
	}
}

func TestRedactsPrivateKeys(t *testing.T) {
	var out bytes.Buffer
	if err := run(testConfig("testdata/sample.yaml", "json"), nil, &out); err != nil {
		t.Fatal(err)
	}
	key, err := os.ReadFile("testdata/sample.yaml")
	if err != nil {
		t.Fatal(err)
	}
	// The base64 of the key's PEM header must not appear anywhere.
	const pemKeyB64 = "LS0tLS1CRUdJTiBQUklWQVRFIEtFWS"
	if !bytes.Contains(key, []byte(pemKeyB64)) {
		t.Fatal("sample has no private key; the test proves nothing")
	}
	if strings.Contains(out.String(), pemKeyB64) {
		t.Error("output contains the private key")
	}
}

// TestSecretMarkers runs the command, in every output format and with every
// section, on the translator's manifest whose Secrets all hold the marker
// mk7Qz9: the output must not hold it, raw or as base64 of any Secret
// value, unless -show-secrets asks for it.
func TestSecretMarkers(t *testing.T) {
	const manifest = "../../translator/testdata/secret-markers.yaml"
	values := []string{
		"mk7Qz9-key-a", "mk7Qz9-key-b", "mk7Qz9-client-secret", "mk7Qz9-hmac-secret", "mk7Qz9-context",
		"mk7Qz9-alice:{SHA}GpHWL3ymc5liWkNopqtdSjuqYHM=\n", "mk7Qz9-no-colon-here\n",
	}
	for _, format := range []string{"yaml", "json"} {
		t.Run(format, func(t *testing.T) {
			var out bytes.Buffer
			if err := run(testConfig(manifest, format), nil, &out); err != nil {
				t.Fatal(err)
			}
			if strings.Contains(out.String(), "mk7Qz9") {
				t.Errorf("output holds the secret marker")
			}
			for _, v := range values {
				if strings.Contains(out.String(), base64.StdEncoding.EncodeToString([]byte(v))) {
					t.Errorf("output holds %q base64-encoded", v)
				}
			}
		})
	}
}
