package policy

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
	"sigs.k8s.io/yaml"

	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// benchGenDir is the generator of the shared scale inputs
// (shared/bench/gen beside the repository).
const benchGenDir = "../../shared/bench/gen"

// benchInput is one generated input, decoded.
type benchInput struct {
	objs                     Objects
	backendTraffic, security []Policy
}

var (
	benchMu     sync.Mutex
	benchInputs = map[int]*benchInput{}
)

// BenchmarkResolve times what package policy does for a translation of the
// shared scale inputs: building the topology, resolving the
// BackendTrafficPolicies (one per route) and the SecurityPolicies (one per
// 10 routes) and finishing both. Generating and decoding the input is not
// timed.
func BenchmarkResolve(b *testing.B) {
	gen, err := filepath.Abs(benchGenDir)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := os.Stat(gen); err != nil {
		b.Skipf("no benchmark input generator: %v", err)
	}
	dir := b.TempDir()
	for _, n := range []int{1000, 10000, 50000} {
		b.Run(fmt.Sprintf("routes=%d", n), func(b *testing.B) {
			in := loadBenchInput(b, gen, dir, n)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				topo := TopologyFrom(in.objs)
				btps := Resolve(&BackendTrafficPolicyKind, in.backendTraffic, topo, testController)
				sps := Resolve(&SecurityPolicyKind, in.security, topo, testController)
				btps.Finish()
				sps.Finish()
			}
		})
	}
}

// loadBenchInput generates (go run gen -n n) and decodes the input for n
// routes once per process, and checks that every policy takes.
func loadBenchInput(b *testing.B, gen, dir string, n int) *benchInput {
	b.Helper()
	benchMu.Lock()
	defer benchMu.Unlock()
	if in := benchInputs[n]; in != nil {
		return in
	}
	file := filepath.Join(dir, fmt.Sprintf("routes-%d.yaml", n))
	cmd := exec.Command("go", "run", ".", "-n", fmt.Sprint(n), "-o", file)
	cmd.Dir = gen
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=")
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("generating %d routes: %v\n%s", n, err, out)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	in, err := decodeBenchInput(data)
	if err != nil {
		b.Fatal(err)
	}
	if len(in.objs.HTTPRoutes) != n || len(in.backendTraffic) != n || len(in.security) != (n+9)/10 {
		b.Fatalf("decoded %d routes, %d BackendTrafficPolicies, %d SecurityPolicies for n=%d",
			len(in.objs.HTTPRoutes), len(in.backendTraffic), len(in.security), n)
	}
	topo := TopologyFrom(in.objs)
	for _, check := range []struct {
		kind     *Kind
		policies []Policy
		targets  int
	}{{&BackendTrafficPolicyKind, in.backendTraffic, n}, {&SecurityPolicyKind, in.security, n}} {
		res := Resolve(check.kind, check.policies, topo, testController)
		res.Finish()
		if len(res.Attachments) != check.targets {
			b.Fatalf("%s: %d attachments, want %d", check.kind.Name, len(res.Attachments), check.targets)
		}
		for _, a := range res.Attachments {
			if a.Failed {
				b.Fatalf("%s %s: %s", check.kind.Name, a.Policy.Policy.GetName(), a.Message)
			}
		}
	}
	benchInputs[n] = in
	return in
}

// decodeBenchInput decodes multi-document YAML: the Gateway API objects
// and policies policy needs, and Namespaces for their labels.
func decodeBenchInput(data []byte) (*benchInput, error) {
	in := &benchInput{}
	for i, doc := range bytes.Split(data, []byte("\n---\n")) {
		if len(bytes.TrimSpace(doc)) == 0 {
			continue
		}
		var tm metav1.TypeMeta
		if err := yaml.Unmarshal(doc, &tm); err != nil {
			return nil, fmt.Errorf("document %d: %w", i, err)
		}
		var err error
		switch tm.Kind {
		case "Gateway":
			o := &gwapiv1.Gateway{}
			err = yaml.Unmarshal(doc, o)
			in.objs.Gateways = append(in.objs.Gateways, o)
		case "HTTPRoute":
			o := &gwapiv1.HTTPRoute{}
			err = yaml.Unmarshal(doc, o)
			in.objs.HTTPRoutes = append(in.objs.HTTPRoutes, o)
		case "ReferenceGrant":
			o := &gwapiv1.ReferenceGrant{}
			err = yaml.Unmarshal(doc, o)
			in.objs.ReferenceGrants = append(in.objs.ReferenceGrants, o)
		case "Namespace":
			o := &corev1.Namespace{}
			err = yaml.Unmarshal(doc, o)
			if in.objs.NamespaceLabels == nil {
				in.objs.NamespaceLabels = map[string]map[string]string{}
			}
			in.objs.NamespaceLabels[o.Name] = o.Labels
		case "BackendTrafficPolicy":
			o := &egv1a1.BackendTrafficPolicy{}
			err = yaml.Unmarshal(doc, o)
			in.backendTraffic = append(in.backendTraffic, o)
		case "SecurityPolicy":
			o := &egv1a1.SecurityPolicy{}
			err = yaml.Unmarshal(doc, o)
			in.security = append(in.security, o)
		}
		if err != nil {
			return nil, fmt.Errorf("document %d (%s): %w", i, tm.Kind, err)
		}
	}
	SortPolicies(in.backendTraffic)
	SortPolicies(in.security)
	return in, nil
}
