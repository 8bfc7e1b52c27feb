package xds

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/testing/protocmp"

	"github.com/gatewaykit/gatewaykit/ir"
)

// acceptedPolicy returns an accepted EnvoyPatchPolicy with patches.
func acceptedPolicy(name string, patches ...*ir.JSONPatch) *ir.EnvoyPatchPolicy {
	return &ir.EnvoyPatchPolicy{Name: name, Namespace: "ns", Generation: 2, JSONPatches: patches,
		Status: &ir.PolicyStatus{Ancestors: []ir.PolicyAncestorStatus{{
			AncestorRef:    ir.ParentRef{Group: "gateway.networking.k8s.io", Kind: "Gateway", Name: "gw", Namespace: "ns"},
			ControllerName: "c",
			Conditions:     []ir.Condition{{Type: "Accepted", Status: "True", Reason: "Accepted", Message: "Policy has been accepted.", ObservedGeneration: 2}},
		}}}}
}

func patch(typ, name, op, path, value string) *ir.JSONPatch {
	p := &ir.JSONPatch{Type: typ, Name: name, Operation: ir.JSONPatchOperation{Op: ir.JSONPatchOp(op)}}
	if path != "" {
		p.Operation.Path = &path
	}
	if value != "" {
		p.Operation.Value = json.RawMessage(value)
	}
	return p
}

// programmed returns the Programmed condition of a status.
func programmed(t *testing.T, st *ir.EnvoyPatchPolicyStatus) ir.Condition {
	t.Helper()
	for _, c := range st.Status.Ancestors[0].Conditions {
		if c.Type == "Programmed" {
			return c
		}
	}
	t.Fatalf("no Programmed condition in %+v", st.Status)
	return ir.Condition{}
}

func TestPatchesAppliedAndIsolated(t *testing.T) {
	x := manyRoutes(2)
	base, err := Translate(x)
	if err != nil {
		t.Fatal(err)
	}
	listener := base.Listeners[0].GetName()
	cluster := base.Clusters[0].GetName()
	x.EnvoyPatchPolicies = []*ir.EnvoyPatchPolicy{
		acceptedPolicy("good", patch(TypeListener, listener, "replace", "/per_connection_buffer_limit_bytes", `1024`)),
		// The first patch applies; the second names a path that does not
		// exist and changes nothing; the third breaks the cluster's type
		// and changes nothing either.
		acceptedPolicy("partly-bad",
			patch(TypeCluster, cluster, "add", "/connect_timeout", `"7s"`),
			patch(TypeCluster, cluster, "replace", "/no_such_field/x", `1`),
			patch(TypeCluster, cluster, "replace", "/connect_timeout", `"not a duration"`)),
		acceptedPolicy("missing", patch(TypeListener, "no/such/listener", "replace", "/name", `"x"`)),
	}
	got, err := Translate(x)
	if err != nil {
		t.Fatal(err)
	}
	if v := got.Listeners[0].GetPerConnectionBufferLimitBytes().GetValue(); v != 1024 {
		t.Errorf("listener buffer limit = %d, want 1024", v)
	}
	if d := got.Clusters[0].GetConnectTimeout().AsDuration().String(); d != "7s" {
		t.Errorf("cluster connect timeout = %s, want 7s from the patch that applied", d)
	}
	if len(got.EnvoyPatchPolicyStatuses) != 3 {
		t.Fatalf("%d statuses, want 3", len(got.EnvoyPatchPolicyStatuses))
	}
	if c := programmed(t, got.EnvoyPatchPolicyStatuses[0]); c.Status != "True" || c.Reason != "Programmed" {
		t.Errorf("good: %+v", c)
	}
	c := programmed(t, got.EnvoyPatchPolicyStatuses[1])
	if c.Status != "False" || c.Reason != "Invalid" || !strings.HasPrefix(c.Message, "Unable to apply patch: op=replace path=/no_such_field/x") ||
		!strings.Contains(c.Message, `invalid google.protobuf.Duration value "not a duration"`) {
		t.Errorf("partly-bad: %+v", c)
	}
	if c := programmed(t, got.EnvoyPatchPolicyStatuses[2]); c.Status != "False" || c.Reason != "ResourceNotFound" ||
		c.Message != "Unable to find xds resources: "+TypeListener+"/no/such/listener" {
		t.Errorf("missing: %+v", c)
	}
	// Everything no patch touched is as without patches.
	if diff := cmp.Diff(base.Routes, got.Routes, protocmp.Transform()); diff != "" {
		t.Errorf("routes changed (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(base.Clusters[1:], got.Clusters[1:], protocmp.Transform()); diff != "" {
		t.Errorf("other clusters changed (-want +got):\n%s", diff)
	}
	for _, l := range got.Listeners {
		if err := l.ValidateAll(); err != nil {
			t.Error(err)
		}
	}
}

func TestPatchNotAcceptedIsNotApplied(t *testing.T) {
	x := manyRoutes(1)
	p := acceptedPolicy("disabled")
	p.Status.Ancestors[0].Conditions[0] = ir.Condition{Type: "Accepted", Status: "False", Reason: "Disabled", Message: "m"}
	x.EnvoyPatchPolicies = []*ir.EnvoyPatchPolicy{p}
	got, err := Translate(x)
	if err != nil {
		t.Fatal(err)
	}
	if conds := got.EnvoyPatchPolicyStatuses[0].Status.Ancestors[0].Conditions; len(conds) != 1 {
		t.Errorf("conditions of a policy not accepted = %+v, want its Accepted condition only", conds)
	}
}

func TestPatchJSONPathSelectsEveryMatch(t *testing.T) {
	x := manyRoutes(3)
	base, err := Translate(x)
	if err != nil {
		t.Fatal(err)
	}
	rc := base.Routes[0].GetName()
	sel := "$.virtual_hosts[*].routes[?(@.name != 'r1')].route"
	p := patch(TypeRouteConfiguration, rc, "add", "/timeout", `"42s"`)
	p.Operation.JSONPath = &sel
	x.EnvoyPatchPolicies = []*ir.EnvoyPatchPolicy{acceptedPolicy("timeouts", p)}
	got, err := Translate(x)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range got.Routes[0].GetVirtualHosts()[0].GetRoutes() {
		want := "42s"
		if r.GetName() == "r1" {
			want = "0s"
		}
		if d := r.GetRoute().GetTimeout().AsDuration().String(); d != want {
			t.Errorf("route %s timeout = %s, want %s", r.GetName(), d, want)
		}
	}
	if c := programmed(t, got.EnvoyPatchPolicyStatuses[0]); c.Status != "True" {
		t.Errorf("%+v", c)
	}
	// The shared metadata of the unpatched resources is untouched.
	if diff := cmp.Diff(base.Clusters, got.Clusters, protocmp.Transform()); diff != "" {
		t.Errorf("clusters changed (-want +got):\n%s", diff)
	}
}

func TestPatchAddsResourceAndDryRun(t *testing.T) {
	x := manyRoutes(1)
	base, err := Translate(x)
	if err != nil {
		t.Fatal(err)
	}
	listener := base.Listeners[0].GetName()
	x.EnvoyPatchPolicies = []*ir.EnvoyPatchPolicy{acceptedPolicy("add",
		patch(TypeCluster, "", "add", "", `{"name":"aaa-extra","type":"STATIC","connect_timeout":"1s"}`),
		patch(TypeListener, listener, "replace", "/per_connection_buffer_limit_bytes", `2048`))}
	changes, got, err := DryRunPatches(x)
	if err != nil {
		t.Fatal(err)
	}
	if got.Clusters[0].GetName() != "aaa-extra" || len(got.Clusters) != len(base.Clusters)+1 {
		t.Errorf("clusters = %v, want aaa-extra added first", got.Clusters)
	}
	if len(changes) != 2 {
		t.Fatalf("%d changes, want 2: %+v", len(changes), changes)
	}
	l, c := changes[0], changes[1]
	if l.Type != TypeListener || l.Name != listener || l.Before == nil || !strings.Contains(l.Diff, `+  "per_connection_buffer_limit_bytes": 2048`) ||
		!strings.Contains(l.Diff, `-  "per_connection_buffer_limit_bytes": 32768`) || l.Policies[0] != "ns/add" {
		t.Errorf("listener change: %+v\n%s", l, l.Diff)
	}
	if c.Type != TypeCluster || c.Name != "aaa-extra" || c.Before != nil || !strings.Contains(c.Diff, `+  "name": "aaa-extra"`) {
		t.Errorf("cluster change: %+v\n%s", c, c.Diff)
	}
	// A dry run and a translation give the same resources.
	tr, err := Translate(x)
	if err != nil {
		t.Fatal(err)
	}
	if !proto.Equal(tr.Listeners[0], got.Listeners[0]) {
		t.Error("the dry run's listener differs from Translate's")
	}
}

func TestPatchOperationChecks(t *testing.T) {
	path, from := "/a", "/b"
	for _, tc := range []struct {
		op   ir.JSONPatchOperation
		want string
	}{
		{ir.JSONPatchOperation{Op: "replace"}, "a patch operation must specify a path or jsonPath"},
		{ir.JSONPatchOperation{Op: "replace", Path: &path}, "the replace operation requires a value"},
		{ir.JSONPatchOperation{Op: "add", Path: &path, Value: json.RawMessage(`1`), From: &from}, "the add operation doesn't support a from attribute"},
		{ir.JSONPatchOperation{Op: "remove", Path: &path, Value: json.RawMessage(`1`)}, "value and from can't be specified with the remove operation"},
		{ir.JSONPatchOperation{Op: "move", Path: &path}, "the move operation requires a valid from attribute"},
		{ir.JSONPatchOperation{Op: "copy", Path: &path, From: &from, Value: json.RawMessage(`1`)}, "the copy operation doesn't support a value attribute"},
		{ir.JSONPatchOperation{Op: "frobnicate", Path: &path}, "unsupported JSONPatch operation"},
		{ir.JSONPatchOperation{Op: "add"}, "missing value for add operation with empty path"},
	} {
		err := checkPatchOperation(&tc.op)
		if err == nil || err.Error() != tc.want {
			t.Errorf("%+v: error %v, want %q", tc.op, err, tc.want)
		}
	}
}

func TestLineDiff(t *testing.T) {
	a := "{\n  a\n  b\n  c\n  d\n  e\n  f\n  g\n  h\n}\n"
	b := "{\n  a\n  b\n  c\n  d\n  E\n  f\n  g\n  h\n}\n"
	want := " ...\n   b\n   c\n   d\n-  e\n+  E\n   f\n   g\n   h\n ...\n"
	if got := lineDiff(a, b); got != want {
		t.Errorf("lineDiff:\n%s\nwant:\n%s", got, want)
	}
}
