package translator

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

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
	dir := btpCorpusDir(t)
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
		want := btpCorpusStatuses(t, in[:len(in)-len(".in.yaml")]+".out.yaml")
		tr := &translation{idx: newIndex(res)}
		for _, p := range res.BackendTrafficPolicies {
			key := p.Namespace + "/" + p.Name
			w, listed := want[key]
			_, err := tr.buildBTPFeatures(p)
			got := ""
			if err != nil {
				got = conditionMessage(err.Error())
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

// btpCorpusVerdict is what Envoy Gateway said about one policy: the
// messages of its Accepted=False/Invalid conditions, and whether any
// ancestor accepted it.
type btpCorpusVerdict struct {
	invalid  []string
	accepted bool
}

// btpCorpusStatuses reads the BackendTrafficPolicy statuses of an out.yaml,
// by namespace/name.
func btpCorpusStatuses(t *testing.T, path string) map[string]btpCorpusVerdict {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Load(data)
	if err != nil {
		t.Fatalf("%s: %v", filepath.Base(path), err)
	}
	out := map[string]btpCorpusVerdict{}
	for _, p := range res.BackendTrafficPolicies {
		var v btpCorpusVerdict
		for _, a := range p.Status.Ancestors {
			for _, c := range a.Conditions {
				if c.Type != string(gwapiv1.PolicyConditionAccepted) {
					continue
				}
				switch {
				case c.Status == metav1.ConditionTrue:
					v.accepted = true
				case c.Reason == "Invalid" && !slices.Contains(v.invalid, c.Message):
					v.invalid = append(v.invalid, c.Message)
				}
			}
		}
		out[p.Namespace+"/"+p.Name] = v
	}
	return out
}

// btpCorpusMergedMessages builds route merged with each policy of the case
// that targets a Gateway and returns the status messages of the merges that
// failed. The merge here is a JSON merge patch of route onto the Gateway's
// policy, enough for validation (lists are replaced, not merged by key).
func btpCorpusMergedMessages(t *testing.T, tr *translation, all []*egv1a1.BackendTrafficPolicy, route *egv1a1.BackendTrafficPolicy) []string {
	t.Helper()
	var msgs []string
	for _, parent := range all {
		if parent == route || !btpTargetsKind(parent, "Gateway") {
			continue
		}
		merged := btpJSONMerge(t, parent, route)
		if _, err := tr.buildMergedBTPFeatures(merged, route, parent); err != nil {
			msgs = append(msgs, conditionMessage(err.Error()))
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

// btpJSONMerge applies patch to base as a JSON merge patch (RFC 7386) and
// returns the result as a new policy.
func btpJSONMerge(t *testing.T, base, patch *egv1a1.BackendTrafficPolicy) *egv1a1.BackendTrafficPolicy {
	t.Helper()
	toMap := func(p *egv1a1.BackendTrafficPolicy) map[string]any {
		b, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	b, err := json.Marshal(btpMergePatch(toMap(base), toMap(patch)))
	if err != nil {
		t.Fatal(err)
	}
	out := &egv1a1.BackendTrafficPolicy{}
	if err := json.Unmarshal(b, out); err != nil {
		t.Fatal(err)
	}
	return out
}

// btpMergePatch merges patch into base: objects merge key by key, null
// deletes, anything else replaces.
func btpMergePatch(base, patch any) any {
	pm, ok := patch.(map[string]any)
	if !ok {
		return patch
	}
	bm, ok := base.(map[string]any)
	if !ok {
		bm = map[string]any{}
	}
	for k, v := range pm {
		if v == nil {
			delete(bm, k)
			continue
		}
		bm[k] = btpMergePatch(bm[k], v)
	}
	return bm
}

// btpCorpusDir returns the conformance corpus directory, skipping the test
// when there is none.
func btpCorpusDir(t *testing.T) string {
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
