package translator_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"sigs.k8s.io/yaml"

	"github.com/gatewaykit/gatewaykit/translator"
)

const multiDoc = `# a leading comment
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: eg
  namespace: default
spec:
  gatewayClassName: eg
  listeners:
  - name: http
    protocol: HTTP
    port: 80
---
# a document with only a comment
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: BackendTrafficPolicy
metadata:
  name: btp
  namespace: default
spec:
  targetRefs:
  - group: gateway.networking.k8s.io
    kind: HTTPRoute
    name: r1
  timeout:
    http:
      requestTimeout: 5s
---
apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Service
  metadata:
    name: svc-a
    namespace: default
- apiVersion: v1
  kind: Service
  metadata:
    name: svc-b
    namespace: default
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
  namespace: default
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: r1
  namespace: default
spec:
  parentRefs:
  - name: eg
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: r0
  namespace: default
`

func TestLoadMultiDocument(t *testing.T) {
	res, err := translator.Load([]byte(multiDoc))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if got := len(res.Gateways); got != 1 {
		t.Fatalf("gateways: got %d, want 1", got)
	}
	if got := res.Gateways[0].Spec.Listeners[0].Port; got != 80 {
		t.Errorf("listener port: got %d, want 80", got)
	}
	if got := len(res.BackendTrafficPolicies); got != 1 {
		t.Fatalf("backendTrafficPolicies: got %d, want 1", got)
	}
	btp := res.BackendTrafficPolicies[0]
	if btp.Spec.Timeout == nil || btp.Spec.Timeout.HTTP == nil || btp.Spec.Timeout.HTTP.RequestTimeout == nil || *btp.Spec.Timeout.HTTP.RequestTimeout != "5s" {
		t.Errorf("btp timeout not decoded: %+v", btp.Spec.Timeout)
	}
	var svcs []string
	for _, s := range res.Services {
		svcs = append(svcs, s.Name)
	}
	if diff := cmp.Diff([]string{"svc-a", "svc-b"}, svcs); diff != "" {
		t.Errorf("services from the List (-want +got):\n%s", diff)
	}
	// Input order is kept, not sorted.
	var routes []string
	for _, r := range res.HTTPRoutes {
		routes = append(routes, r.Name)
	}
	if diff := cmp.Diff([]string{"r1", "r0"}, routes); diff != "" {
		t.Errorf("route order (-want +got):\n%s", diff)
	}
	wantSkipped := []translator.Skipped{{
		Doc: 5, Line: 44, APIVersion: "apps/v1", Kind: "Deployment", Namespace: "default", Name: "app",
		Reason: `kind Deployment of API group "apps" is not translated`,
	}}
	if diff := cmp.Diff(wantSkipped, res.Skipped); diff != "" {
		t.Errorf("skipped (-want +got):\n%s", diff)
	}
	if got := res.Len(); got != 6 {
		t.Errorf("Len: got %d, want 6", got)
	}
}

func TestLoadCaseInsensitiveKeys(t *testing.T) {
	res, err := translator.Load([]byte(`apiVersion: gateway.envoyproxy.io/v1alpha1
kind: ClientTrafficPolicy
metadata:
  name: ctp
  namespace: default
spec:
  TargetRefs:
  - group: gateway.networking.k8s.io
    Kind: Gateway
    name: eg
  TCPKeepalive:
    probes: 3
`))
	if err != nil {
		t.Fatal(err)
	}
	ctp := res.ClientTrafficPolicies[0]
	if len(ctp.Spec.TargetRefs) != 1 || ctp.Spec.TargetRefs[0].Kind != "Gateway" {
		t.Errorf("targetRefs not matched case-insensitively: %+v", ctp.Spec.TargetRefs)
	}
	if ctp.Spec.TCPKeepalive == nil || ctp.Spec.TCPKeepalive.Probes == nil || *ctp.Spec.TCPKeepalive.Probes != 3 {
		t.Errorf("tcpKeepalive not matched case-insensitively: %+v", ctp.Spec.TCPKeepalive)
	}
}

func TestLoadScalarIntoStringField(t *testing.T) {
	// A header value written as a bare number is a string field: loaders
	// built on sigs.k8s.io/yaml accept it, and so must we.
	res, err := translator.Load([]byte(`apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: r
  namespace: default
spec:
  rules:
  - matches:
    - headers:
      - name: x-version
        value: 2
`))
	if err != nil {
		t.Fatal(err)
	}
	if got := res.HTTPRoutes[0].Spec.Rules[0].Matches[0].Headers[0].Value; got != "2" {
		t.Errorf("header value: got %q, want %q", got, "2")
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name    string
		input   string
		wantIs  error
		want    translator.LoadError // Err is not compared
		wantMsg string               // a substring of the error text
	}{
		{
			name:   "malformed YAML",
			input:  "apiVersion: v1\nkind: Service\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: [a\n",
			wantIs: translator.ErrMalformedYAML,
			want:   translator.LoadError{Doc: 2, Line: 7},
		},
		{
			name:    "missing kind",
			input:   "apiVersion: v1\nmetadata:\n  name: x\n",
			wantIs:  translator.ErrNotObject,
			want:    translator.LoadError{Doc: 1, Line: 1, Name: "x"},
			wantMsg: "kind missing",
		},
		{
			name:    "missing apiVersion",
			input:   "---\n\nkind: Service\nmetadata:\n  name: x\n",
			wantIs:  translator.ErrNotObject,
			want:    translator.LoadError{Doc: 1, Line: 3, Kind: "Service", Name: "x"},
			wantMsg: "apiVersion missing",
		},
		{
			name:   "not a mapping",
			input:  "- a\n- b\n",
			wantIs: translator.ErrNotObject,
			want:   translator.LoadError{Doc: 1, Line: 1},
		},
		{
			name: "wrong field type",
			input: `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: eg
  namespace: default
spec:
  gatewayClassName: eg
  listeners:
  - name: http
    protocol: HTTP
    port: 80
  - name: https
    protocol: HTTPS
    port: not-a-number
`,
			wantIs:  translator.ErrFieldType,
			want:    translator.LoadError{Doc: 1, Line: 14, Kind: "Gateway", Namespace: "default", Name: "eg", Field: "spec.listeners.port"},
			wantMsg: "got a string, want an integer",
		},
		{
			name: "wrong type in a bundle",
			input: `httpRoutes:
- apiVersion: gateway.networking.k8s.io/v1
  kind: HTTPRoute
  metadata:
    name: ok
- apiVersion: gateway.networking.k8s.io/v1
  kind: HTTPRoute
  metadata:
    name: bad
  spec:
    hostnames: foo.example.com
`,
			wantIs: translator.ErrFieldType,
			want:   translator.LoadError{Doc: 1, Line: 11, Path: "httpRoutes[1]", Kind: "HTTPRoute", Name: "bad", Field: "spec.hostnames"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := translator.Load([]byte(tt.input))
			if err == nil {
				t.Fatal("Load: no error")
			}
			if !errors.Is(err, tt.wantIs) {
				t.Errorf("error %v is not %v", err, tt.wantIs)
			}
			var le *translator.LoadError
			if !errors.As(err, &le) {
				t.Fatalf("error %T is not a *LoadError", err)
			}
			got := *le
			got.Err = nil
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("LoadError (-want +got):\n%s\nerror: %v", diff, err)
			}
			if !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("error %q does not contain %q", err, tt.wantMsg)
			}
		})
	}
}

func TestLoadKeepsGoodObjectsNextToBadOnes(t *testing.T) {
	res, err := translator.Load([]byte(`apiVersion: v1
kind: Service
metadata:
  name: a
---
apiVersion: v1
kind: Service
metadata:
  name: b
spec:
  ports: 80
---
apiVersion: v1
kind: Service
metadata:
  name: c
`))
	if err == nil {
		t.Fatal("want an error for service b")
	}
	var names []string
	for _, s := range res.Services {
		names = append(names, s.Name)
	}
	if diff := cmp.Diff([]string{"a", "c"}, names); diff != "" {
		t.Errorf("loaded services (-want +got):\n%s", diff)
	}
}

func TestLoadBundle(t *testing.T) {
	res, err := translator.Load([]byte(`gatewayClass:
  apiVersion: gateway.networking.k8s.io/v1
  kind: GatewayClass
  metadata:
    name: eg
envoyProxyForGatewayClass:
  apiVersion: gateway.envoyproxy.io/v1alpha1
  kind: EnvoyProxy
  metadata:
    name: for-class
    namespace: envoy-gateway-system
envoyProxiesForGateways:
- apiVersion: gateway.envoyproxy.io/v1alpha1
  kind: EnvoyProxy
  metadata:
    name: for-gateway
    namespace: default
GATEWAYS:
- metadata:
    name: eg
    namespace: default
httpRoutes: null
envoyProxyDefaultSpec:
  mergeBackends: {}
somethingElse: []
`))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.GatewayClasses) != 1 || len(res.Gateways) != 1 {
		t.Errorf("got %d gateway classes and %d gateways, want 1 and 1", len(res.GatewayClasses), len(res.Gateways))
	}
	var proxies []string
	for _, p := range res.EnvoyProxies {
		proxies = append(proxies, p.Name)
	}
	if diff := cmp.Diff([]string{"for-class", "for-gateway"}, proxies); diff != "" {
		t.Errorf("envoy proxies (-want +got):\n%s", diff)
	}
	if res.EnvoyProxyDefaults == nil || res.EnvoyProxyDefaults.MergeBackends == nil {
		t.Errorf("envoyProxyDefaultSpec not loaded: %+v", res.EnvoyProxyDefaults)
	}
	want := []translator.Skipped{{Doc: 1, Line: 1, Reason: `bundle key "somethingElse" is not a known list of objects`}}
	if diff := cmp.Diff(want, res.Skipped); diff != "" {
		t.Errorf("skipped (-want +got):\n%s", diff)
	}
}

// TestLoadCorpus loads every input of the conformance corpus and checks that
// each object listed in the file arrives, none skipped and none lost.
func TestLoadCorpus(t *testing.T) {
	dir := corpusDir(t)
	files, err := filepath.Glob(filepath.Join(dir, "cases", "*.in.yaml"))
	if err != nil || len(files) == 0 {
		t.Skipf("no corpus inputs in %s", dir)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		res, err := translator.Load(data)
		if err != nil {
			t.Errorf("%s: %v", filepath.Base(f), err)
			continue
		}
		if len(res.Skipped) > 0 {
			t.Errorf("%s: skipped %+v", filepath.Base(f), res.Skipped)
		}
		if got, want := res.Len(), countBundleObjects(t, data); got != want {
			t.Errorf("%s: loaded %d objects, the file holds %d", filepath.Base(f), got, want)
		}
	}
}

// countBundleObjects counts the objects of a bundle independently of the
// loader: every list item and every single object, except the defaults spec.
func countBundleObjects(t *testing.T, data []byte) int {
	t.Helper()
	var top map[string]any
	if err := yaml.Unmarshal(data, &top); err != nil {
		t.Fatal(err)
	}
	n := 0
	for k, v := range top {
		switch v := v.(type) {
		case []any:
			n += len(v)
		case map[string]any:
			if k != "envoyProxyDefaultSpec" {
				n++
			}
		}
	}
	return n
}

func corpusDir(t testing.TB) string {
	t.Helper()
	if d := os.Getenv("GATEWAYKIT_CORPUS"); d != "" {
		return d
	}
	d, err := filepath.Abs("../../shared/conformance")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(d); err != nil {
		t.Skipf("conformance corpus not found at %s; set GATEWAYKIT_CORPUS", d)
	}
	return d
}
