package translator

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/gatewaykit/gatewaykit/policy"
	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// corpusRoot returns the conformance corpus directory ($GATEWAYKIT_CORPUS,
// else ../shared/conformance from the module root), skipping the test when
// it is absent.
func corpusRoot(t *testing.T) string {
	t.Helper()
	d := os.Getenv("GATEWAYKIT_CORPUS")
	if d == "" {
		d = filepath.Join("..", "..", "shared", "conformance")
	}
	if _, err := os.Stat(filepath.Join(d, "manifest.yaml")); err != nil {
		t.Skipf("conformance corpus not found at %s; set GATEWAYKIT_CORPUS", d)
	}
	return d
}

// corpusVerdict is what Envoy Gateway said about one policy: the messages
// of its Accepted=False/Invalid conditions, and whether any ancestor
// accepted it.
type corpusVerdict struct {
	invalid  []string
	accepted bool
}

// corpusVerdicts reads the statuses of the policies of kind in an out.yaml,
// by namespace/name.
func corpusVerdicts(t *testing.T, path, kind string) map[string]corpusVerdict {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Load(data)
	if err != nil {
		t.Fatalf("%s: %v", filepath.Base(path), err)
	}
	out := map[string]corpusVerdict{}
	add := func(meta metav1.ObjectMeta, st gwapiv1.PolicyStatus) {
		var v corpusVerdict
		for _, a := range st.Ancestors {
			for _, c := range a.Conditions {
				if c.Type != string(gwapiv1.PolicyConditionAccepted) {
					continue
				}
				switch {
				case c.Status == metav1.ConditionTrue:
					v.accepted = true
				case c.Reason == string(gwapiv1.PolicyReasonInvalid) && !slices.Contains(v.invalid, c.Message):
					v.invalid = append(v.invalid, c.Message)
				}
			}
		}
		out[meta.Namespace+"/"+meta.Name] = v
	}
	switch kind {
	case egv1a1.KindBackendTrafficPolicy:
		for _, p := range res.BackendTrafficPolicies {
			add(p.ObjectMeta, p.Status)
		}
	case egv1a1.KindSecurityPolicy:
		for _, p := range res.SecurityPolicies {
			add(p.ObjectMeta, p.Status)
		}
	default:
		t.Fatalf("corpusVerdicts: kind %s not handled", kind)
	}
	return out
}

// corpusMerge merges a route policy with a parent policy as the policy
// pass does (policy.Merge with the route policy's mergeType, JSON merge
// when it sets none).
func corpusMerge[P interface {
	policy.Policy
	policy.Mergeable
}](t *testing.T, route, parent P) P {
	t.Helper()
	mt := egv1a1.MergeTypeJSONMerge
	if m := route.PolicyMergeType(); m != nil {
		mt = *m
	}
	merged, err := policy.Merge(route, parent, mt)
	if err != nil {
		t.Fatal(err)
	}
	return merged
}
