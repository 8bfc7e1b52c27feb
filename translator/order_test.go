package translator

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

const tiedRoutes = httpGateway + `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: zeta, namespace: ns}
spec:
  parentRefs: [{name: gw}]
  rules: [{matches: [{path: {type: PathPrefix, value: /z}}]}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: alpha, namespace: ns, creationTimestamp: "2024-01-02T00:00:00Z"}
spec:
  parentRefs: [{name: gw}]
  rules: [{matches: [{path: {type: PathPrefix, value: /a}}]}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: beta, namespace: ns}
spec:
  parentRefs: [{name: gw}]
  rules: [{matches: [{path: {type: PathPrefix, value: /b}}]}]
`

// TestProcessingOrder checks how routes of equal precedence are ordered:
// by default oldest first, then by name, whatever the input order; with
// WithInputOrder, as given.
func TestProcessingOrder(t *testing.T) {
	res, err := Load([]byte(tiedRoutes))
	if err != nil {
		t.Fatal(err)
	}
	routeNames := func(opts ...Option) []string {
		t.Helper()
		out, err := Translate(res, opts...)
		if err != nil {
			t.Fatal(err)
		}
		x := out.IR["ns/gw"]
		if x == nil || len(x.HTTP) != 1 {
			t.Fatalf("want one HTTP listener in IR ns/gw, got %+v", out.IR)
		}
		var names []string
		for _, r := range x.HTTP[0].Routes {
			names = append(names, r.Metadata.Name)
		}
		return names
	}
	// zeta and beta have no timestamp (the zero time, oldest); alpha is
	// newer.
	if diff := cmp.Diff([]string{"beta", "zeta", "alpha"}, routeNames()); diff != "" {
		t.Errorf("default order (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"zeta", "alpha", "beta"}, routeNames(WithInputOrder(true))); diff != "" {
		t.Errorf("input order (-want +got):\n%s", diff)
	}
	// Statuses follow the input order in both modes.
	out, _ := Translate(res)
	var got []string
	for _, r := range out.Statuses.HTTPRoutes {
		got = append(got, r.Name)
	}
	if diff := cmp.Diff([]string{"zeta", "alpha", "beta"}, got); diff != "" {
		t.Errorf("status order (-want +got):\n%s", diff)
	}
}
