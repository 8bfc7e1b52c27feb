package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestGolden compares what `go run ./examples/vendorpolicy` prints (the
// built-in sample) with testdata/sample.golden.
func TestGolden(t *testing.T) {
	var out bytes.Buffer
	if err := run(nil, nil, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "sample.golden")
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
}

// TestDocumentOrder checks that the order of the documents does not change
// the output: the same sample with its documents reversed, read from
// standard input, prints the same bytes.
func TestDocumentOrder(t *testing.T) {
	data, err := os.ReadFile("testdata/sample.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, sample) {
		t.Fatal("the embedded sample is not testdata/sample.yaml")
	}
	docs := strings.Split(string(data), "\n---\n")
	slices.Reverse(docs)
	var want, got bytes.Buffer
	if err := run([]string{"-f", "testdata/sample.yaml"}, nil, &want, io.Discard); err != nil {
		t.Fatal(err)
	}
	if err := run([]string{"-f", "-"}, strings.NewReader(strings.Join(docs, "\n---\n")), &got, io.Discard); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want.String(), got.String()); diff != "" {
		t.Errorf("reversed input changes the output (-in order +reversed):\n%s", diff)
	}
}

// TestStatuses checks the conditions the sample is there to show.
func TestStatuses(t *testing.T) {
	st := statusesOf(t, sample)
	cases := []struct {
		policy, section string
		typ, reason     string
		status          metav1.ConditionStatus
		message         string
	}{
		{"api-strict", "web", "Accepted", "Accepted", metav1.ConditionTrue, "Policy has been accepted."},
		{"api-relaxed", "web", "Accepted", "Conflicted", metav1.ConditionFalse, "Unable to target HTTPRoute api, another RateShieldPolicy has already attached to it"},
		{"admin-broken", "internal", "Accepted", "Invalid", metav1.ConditionFalse, "RequestsPerSecond: must be greater than 0"},
		{"storefront", "", "Overridden", "Overridden", metav1.ConditionTrue, "This policy is being overridden by other rateShieldPolicies for these route rules: [checkout]"},
		{"storefront", "web", "Merged", "Merged", metav1.ConditionTrue, "Merged with policy default/gateway-default"},
		{"storefront", "internal", "Merged", "Merged", metav1.ConditionTrue, "Merged with policy default/internal-listener"},
		{"partner-shield", "web", "Accepted", "Accepted", metav1.ConditionTrue, "Policy has been accepted."},
	}
	for _, c := range cases {
		conds := conditionsAt(t, st, c.policy, c.section)
		got := meta.FindStatusCondition(conds, c.typ)
		if got == nil {
			t.Errorf("%s on eg/%s: no %s condition in %+v", c.policy, c.section, c.typ, conds)
			continue
		}
		if got.Status != c.status || got.Reason != c.reason || got.Message != c.message {
			t.Errorf("%s on eg/%s: %s=%s %s %q; want %s %s %q", c.policy, c.section, c.typ, got.Status, got.Reason, got.Message, c.status, c.reason, c.message)
		}
	}
	// The route in sandbox carries the label too, but no ReferenceGrant
	// lets the selector reach it: partner-shield reports only feed's
	// parent.
	if n := len(st["partner-shield"].Ancestors); n != 1 {
		t.Errorf("partner-shield has %d ancestors; want 1", n)
	}
}

// TestMergeFailed shows that a merged configuration that does not validate
// on one listener fails there only: the route policy merges fine with
// the Gateway's policy on web and is not accepted on internal, whose
// listener policy sets a bad mode.
func TestMergeFailed(t *testing.T) {
	const in = `
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: eg}
spec:
  gatewayClassName: acme
  listeners:
  - {name: web, protocol: HTTP, port: 80}
  - {name: internal, protocol: HTTP, port: 8080}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r}
spec:
  parentRefs: [{name: eg}]
  rules: [{name: a}]
---
apiVersion: v1
kind: Service
metadata: {name: ignored}
---
apiVersion: acme.example.com/v1alpha1
kind: RateShieldPolicy
metadata: {name: gw, creationTimestamp: "2024-01-01T00:00:00Z"}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: Gateway, name: eg}]
  requestsPerSecond: 100
---
apiVersion: acme.example.com/v1alpha1
kind: RateShieldPolicy
metadata: {name: internal, creationTimestamp: "2024-01-02T00:00:00Z"}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: Gateway, name: eg, sectionName: internal}]
  requestsPerSecond: 100
  mode: Turbo
---
apiVersion: acme.example.com/v1alpha1
kind: RateShieldPolicy
metadata: {name: route, creationTimestamp: "2024-01-03T00:00:00Z"}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: r}]
  burst: 10
  mergeType: JSONMerge
`
	var stderr bytes.Buffer
	st := statusesOfWithStderr(t, []byte(in), &stderr)
	if !strings.Contains(stderr.String(), "ignoring v1 Service") {
		t.Errorf("stderr does not note the Service:\n%s", stderr.String())
	}
	const badMode = `Mode: Unsupported value: "Turbo": supported values: "Enforce", "DryRun"`
	for _, c := range []struct {
		policy, section string
		status          metav1.ConditionStatus
		reason, message string
	}{
		{"internal", "internal", metav1.ConditionFalse, "Invalid", badMode},
		{"route", "internal", metav1.ConditionFalse, "Invalid", badMode},
		{"route", "", metav1.ConditionTrue, "Accepted", "Policy has been accepted."},
		{"gw", "", metav1.ConditionTrue, "Accepted", "Policy has been accepted."},
	} {
		got := meta.FindStatusCondition(conditionsAt(t, st, c.policy, c.section), "Accepted")
		if got == nil || got.Status != c.status || got.Reason != c.reason || got.Message != c.message {
			t.Errorf("%s on eg/%s: Accepted is %+v; want %s %s %q", c.policy, c.section, got, c.status, c.reason, c.message)
		}
	}
	if got := meta.FindStatusCondition(conditionsAt(t, st, "route", "web"), "Merged"); got == nil || got.Message != "Merged with policy default/gw" {
		t.Errorf("route on eg/web: Merged is %+v", got)
	}
}

func TestJSON(t *testing.T) {
	var out bytes.Buffer
	if err := run([]string{"-o", "json", "-explain", "HTTPRoute/default/api"}, nil, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Policies     []json.RawMessage `json:"policies"`
		Explanations []struct {
			Subject struct {
				Route, Rule string
			}
			Effective  struct{ Name string }
			Candidates []struct {
				Policy  struct{ Name string }
				Outcome string
			}
		} `json:"explanations"`
	}
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("%v in:\n%s", err, out.String())
	}
	if len(rep.Policies) != 8 {
		t.Errorf("%d policies; want 8", len(rep.Policies))
	}
	if len(rep.Explanations) != 2 {
		t.Fatalf("%d explanations; want 2 (rules v1 and v2 of api on web)", len(rep.Explanations))
	}
	for _, ex := range rep.Explanations {
		if ex.Subject.Route != "api" || ex.Effective.Name != "api-strict" {
			t.Errorf("explanation of %s rule %s: effective %s; want api-strict", ex.Subject.Route, ex.Subject.Rule, ex.Effective.Name)
		}
		var outcomes []string
		for _, c := range ex.Candidates {
			outcomes = append(outcomes, c.Policy.Name+"="+c.Outcome)
		}
		want := []string{"api-strict=Effective", "api-relaxed=Conflicted", "gateway-default=Overridden"}
		if !slices.Equal(outcomes, want) {
			t.Errorf("rule %s: candidates %v; want %v", ex.Subject.Rule, outcomes, want)
		}
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"-o", "xml"},
		{"-explain", "api"},
		{"-explain", "default/nope"},
		{"-f", "testdata/missing.yaml"},
		{"extra"},
	} {
		if err := run(args, nil, io.Discard, io.Discard); err == nil {
			t.Errorf("%q: no error", args)
		}
	}
	bad := "apiVersion: acme.example.com/v1alpha1\nkind: RateShieldPolicy\nmetadata: {name: typo}\nspec: {requestPerSecond: 5}\n"
	err := run([]string{"-f", "-"}, strings.NewReader(bad), io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "requestPerSecond") {
		t.Errorf("misspelt vendor field: got %v, want an error naming it", err)
	}
}

// statusesOf runs the program's pipeline on data and returns every
// policy's status by name.
func statusesOf(t *testing.T, data []byte) map[string]gwapiv1.PolicyStatus {
	return statusesOfWithStderr(t, data, io.Discard)
}

func statusesOfWithStderr(t *testing.T, data []byte, stderr io.Writer) map[string]gwapiv1.PolicyStatus {
	t.Helper()
	in, err := load(data, stderr)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := evaluate(in, config{controller: DefaultController}); err != nil {
		t.Fatal(err)
	}
	out := map[string]gwapiv1.PolicyStatus{}
	for _, p := range in.policies {
		out[p.Name] = p.Status
	}
	return out
}

// conditionsAt returns the conditions of policy under the ancestor Gateway
// default/eg with sectionName section ("" for none).
func conditionsAt(t *testing.T, st map[string]gwapiv1.PolicyStatus, policy, section string) []metav1.Condition {
	t.Helper()
	for _, a := range st[policy].Ancestors {
		s := ""
		if a.AncestorRef.SectionName != nil {
			s = string(*a.AncestorRef.SectionName)
		}
		if a.AncestorRef.Name == "eg" && s == section {
			return a.Conditions
		}
	}
	t.Errorf("%s has no ancestor eg/%s: %+v", policy, section, st[policy].Ancestors)
	return nil
}

// TestExplainPerListener checks that Explain judges merges on the
// subject's listener: storefront merges with internal-listener on the
// internal listener, so gateway-default is Overridden there, although
// storefront merges with it on web.
func TestExplainPerListener(t *testing.T) {
	in, err := load(sample, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := evaluate(in, config{controller: DefaultController, routeNamespace: "default", route: "storefront"})
	if err != nil {
		t.Fatal(err)
	}
	for _, ex := range rep.Explanations {
		if ex.Subject.Listener != "internal" || ex.Subject.Rule != "browse" {
			continue
		}
		if ex.MergedWith == nil || ex.MergedWith.Name != "internal-listener" {
			t.Errorf("merged with %v; want internal-listener", ex.MergedWith)
		}
		for _, c := range ex.Candidates {
			if c.Policy.Name != "gateway-default" {
				continue
			}
			if c.Outcome != "Overridden" {
				t.Errorf("gateway-default on internal: %s; want Overridden", c.Outcome)
			}
			return
		}
		t.Fatal("gateway-default is not a candidate on internal")
	}
	t.Fatal("no explanation of storefront rule browse on internal")
}
