package translator

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/gatewaykit/gatewaykit/policy"
	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// TestBTPFeaturesCorpus runs buildBTPFeatures over every
// BackendTrafficPolicy of every conformance case and checks it against
// Envoy Gateway's status for the policy: a policy that Envoy Gateway did not
// accept as Invalid gets exactly its message, a policy that Envoy Gateway
// accepted gets no error. A policy that merges into its Gateway's policy
// (mergeType) is also built merged with each Gateway-level policy of the
// case, and Envoy Gateway's Invalid message must come out of one of those
// merges. Policies Envoy Gateway only reported as conflicting or without a
// target are built (they must not panic) but say nothing about validity.
func TestBTPFeaturesCorpus(t *testing.T) {
	dir := corpusRoot(t)
	ins, err := filepath.Glob(filepath.Join(dir, "cases", "*.in.yaml"))
	if err != nil || len(ins) == 0 {
		t.Skipf("no corpus inputs in %s", dir)
	}
	var valid, invalid, unknown int
	for _, in := range ins {
		data, err := os.ReadFile(in)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(data, []byte("backendTrafficPolicies:")) {
			continue
		}
		name := filepath.Base(in)
		res, err := Load(data)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		want := corpusVerdicts(t, in[:len(in)-len(".in.yaml")]+".out.yaml", egv1a1.KindBackendTrafficPolicy)
		tr := &translation{idx: newIndex(res)}
		for _, p := range res.BackendTrafficPolicies {
			key := p.Namespace + "/" + p.Name
			w, listed := want[key]
			_, err := tr.buildBTPFeatures(p)
			got := ""
			if err != nil {
				got = policy.ConditionText(err.Error())
			}
			switch {
			case !listed || (len(w.invalid) == 0 && !w.accepted):
				unknown++
			case p.Spec.MergeType != nil && len(w.invalid) > 0:
				invalid++
				merged := btpCorpusMergedMessages(t, tr, res.BackendTrafficPolicies, p)
				for _, msg := range w.invalid {
					if !slices.Contains(merged, msg) {
						t.Errorf("%s: %s merged with its Gateway's policy: got %q, want %q", name, key, merged, msg)
					}
				}
				if w.accepted && got != "" {
					t.Errorf("%s: %s on its own: unexpected error %q", name, key, got)
				}
			case len(w.invalid) > 0:
				invalid++
				for _, msg := range w.invalid {
					if got != msg {
						t.Errorf("%s: %s: got %q, want %q", name, key, got, msg)
					}
				}
			default:
				valid++
				if got != "" {
					t.Errorf("%s: %s: unexpected error %q", name, key, got)
				}
			}
		}
	}
	t.Logf("BackendTrafficPolicies checked: %d valid, %d invalid, %d without a verdict", valid, invalid, unknown)
	if valid == 0 || invalid == 0 {
		t.Errorf("the corpus gave %d valid and %d invalid policies; expected some of each", valid, invalid)
	}
}

// btpCorpusMergedMessages builds route merged with each policy of the case
// that targets a Gateway and returns the status messages of the merges that
// failed.
func btpCorpusMergedMessages(t *testing.T, tr *translation, all []*egv1a1.BackendTrafficPolicy, route *egv1a1.BackendTrafficPolicy) []string {
	t.Helper()
	var msgs []string
	for _, parent := range all {
		if parent == route || !btpTargetsKind(parent, "Gateway") {
			continue
		}
		merged := corpusMerge(t, route, parent)
		if _, err := tr.buildMergedBTPFeatures(merged, route, parent); err != nil {
			msgs = append(msgs, policy.ConditionText(err.Error()))
		}
	}
	return msgs
}

// btpTargetsKind reports whether p targets an object of the kind.
func btpTargetsKind(p *egv1a1.BackendTrafficPolicy, kind string) bool {
	if p.Spec.TargetRef != nil && string(p.Spec.TargetRef.Kind) == kind {
		return true
	}
	for _, r := range p.Spec.TargetRefs {
		if string(r.Kind) == kind {
			return true
		}
	}
	return false
}
