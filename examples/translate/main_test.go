package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
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

const patchManifest = `apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: eg}
spec: {controllerName: gateway.envoyproxy.io/gatewayclass-controller}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: eg, namespace: shop}
spec:
  gatewayClassName: eg
  listeners: [{name: http, protocol: HTTP, port: 80}]
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: EnvoyPatchPolicy
metadata: {name: buffer, namespace: shop}
spec:
  targetRef: {group: gateway.networking.k8s.io, kind: Gateway, name: eg}
  type: JSONPatch
  jsonPatches:
  - type: type.googleapis.com/envoy.config.listener.v3.Listener
    name: shop/eg/http
    operation: {op: replace, path: /per_connection_buffer_limit_bytes, value: 1024}
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: EnvoyPatchPolicy
metadata: {name: broken, namespace: shop}
spec:
  targetRef: {group: gateway.networking.k8s.io, kind: Gateway, name: eg}
  type: JSONPatch
  jsonPatches:
  - type: type.googleapis.com/envoy.config.listener.v3.Listener
    name: shop/eg/http
    operation: {op: replace, path: /no/such/path, value: 1}
`

// TestPatchDryRun checks that -envoy-patch-policy applies patches, that
// the statuses say which policy's patch failed, and that -patch-dry-run
// prints the change.
func TestPatchDryRun(t *testing.T) {
	c := testConfig("-", "json")
	c.envoyPatchPolicy, c.patchDryRun = true, true
	var out bytes.Buffer
	if err := run(c, strings.NewReader(patchManifest), &out); err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Statuses map[string][]struct {
			Name   string `json:"name"`
			Status struct {
				Ancestors []struct {
					Conditions []struct{ Type, Status, Reason, Message string } `json:"conditions"`
				} `json:"ancestors"`
			} `json:"status"`
		} `json:"envoyPatchPolicyStatuses"`
		Patches map[string][]struct {
			Name     string   `json:"name"`
			Policies []string `json:"policies"`
			Diff     []string `json:"diff"`
		} `json:"patches"`
	}
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	programmed := map[string]string{}
	for _, s := range rep.Statuses["shop/eg"] {
		for _, c := range s.Status.Ancestors[0].Conditions {
			if c.Type == "Programmed" {
				programmed[s.Name] = c.Status + "/" + c.Reason
			}
		}
	}
	if want := map[string]string{"buffer": "True/Programmed", "broken": "False/Invalid"}; !cmp.Equal(programmed, want) {
		t.Errorf("Programmed conditions = %v, want %v", programmed, want)
	}
	changes := rep.Patches["shop/eg"]
	if len(changes) != 1 || changes[0].Name != "shop/eg/http" || !cmp.Equal(changes[0].Policies, []string{"shop/buffer"}) ||
		!slices.Contains(changes[0].Diff, `+  "per_connection_buffer_limit_bytes": 1024,`) {
		t.Errorf("patches = %+v", changes)
	}
	if !strings.Contains(out.String(), `"perConnectionBufferLimitBytes": 1024`) {
		t.Error("the xds section does not show the patched listener")
	}
}
