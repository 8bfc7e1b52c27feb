package translator

import (
	"cmp"
	"slices"

	"github.com/gatewaykit/gatewaykit/ir"
	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// UnenforcedFeature is a feature of an accepted policy that this version of
// the translator cannot yet put into the Envoy configuration. Rather than
// let traffic through unchecked, every route the policy covers answers 500
// (the policy fails closed), and the feature is listed in
// Result.Unenforced so that callers can show why.
type UnenforcedFeature struct {
	// Kind, Namespace and Name identify the policy.
	Kind      string `json:"kind"`
	Namespace string `json:"namespace"`
	Name      string `json:"name"`
	// Field is the path of the feature in the policy, such as spec.jwt.
	Field string `json:"field"`
}

// unenforcedSet collects unenforced features once each.
type unenforcedSet map[UnenforcedFeature]struct{}

// sorted returns the features by kind, namespace, name and field.
func (s unenforcedSet) sorted() []UnenforcedFeature {
	out := make([]UnenforcedFeature, 0, len(s))
	for f := range s {
		out = append(out, f)
	}
	slices.SortFunc(out, func(a, b UnenforcedFeature) int {
		return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Namespace, b.Namespace),
			cmp.Compare(a.Name, b.Name), cmp.Compare(a.Field, b.Field))
	})
	return out
}

// note records that field of the policy kind/ns/name is not enforced.
func (t *translation) noteUnenforced(kind, ns, name, field string) {
	if t.unenforced == nil {
		t.unenforced = unenforcedSet{}
	}
	t.unenforced[UnenforcedFeature{Kind: kind, Namespace: ns, Name: name, Field: field}] = struct{}{}
}

// spFeatureRow is one feature of a SecurityPolicy: the spec field that
// sets it, and how its resolved form is put into the IR of the routes the
// policy covers. A row whose fill is nil is not carried into the IR (and so
// not into Envoy) yet: a policy that sets it fails closed.
type spFeatureRow struct {
	field string
	set   func(s *egv1a1.SecurityPolicySpec) bool
	fill  func(f *spFeatures, out *ir.SecurityFeatures)
}

// spFeatureTable lists every SecurityPolicy feature, in spec order.
var spFeatureTable = []spFeatureRow{
	{field: "spec.apiKeyAuth", set: func(s *egv1a1.SecurityPolicySpec) bool { return s.APIKeyAuth != nil },
		fill: func(f *spFeatures, out *ir.SecurityFeatures) { out.APIKeyAuth = f.apiKeyAuth.ir() }},
	{field: "spec.cors", set: func(s *egv1a1.SecurityPolicySpec) bool { return s.CORS != nil },
		fill: func(f *spFeatures, out *ir.SecurityFeatures) { out.CORS = spCORSIR(f.cors) }},
	{field: "spec.csrf", set: func(s *egv1a1.SecurityPolicySpec) bool { return s.CSRF != nil },
		fill: func(f *spFeatures, out *ir.SecurityFeatures) { out.CSRF = spCSRFIR(f.csrf) }},
	{field: "spec.basicAuth", set: func(s *egv1a1.SecurityPolicySpec) bool { return s.BasicAuth != nil },
		fill: func(f *spFeatures, out *ir.SecurityFeatures) { out.BasicAuth = f.basicAuth.ir() }},
	{field: "spec.jwt", set: func(s *egv1a1.SecurityPolicySpec) bool { return s.JWT != nil },
		fill: func(f *spFeatures, out *ir.SecurityFeatures) { out.JWT = f.jwt.ir() }},
	{field: "spec.oidc", set: func(s *egv1a1.SecurityPolicySpec) bool { return s.OIDC != nil },
		fill: func(f *spFeatures, out *ir.SecurityFeatures) { out.OIDC = f.oidc.ir() }},
	{field: "spec.extAuth", set: func(s *egv1a1.SecurityPolicySpec) bool { return s.ExtAuth != nil },
		fill: func(f *spFeatures, out *ir.SecurityFeatures) { out.ExtAuth = f.extAuth.ir() }},
	{field: "spec.authorization", set: func(s *egv1a1.SecurityPolicySpec) bool { return s.Authorization != nil },
		fill: func(f *spFeatures, out *ir.SecurityFeatures) { out.Authorization = f.authorization.ir() }},
}

// spUnenforcedFields returns the fields of s that set a feature the IR does
// not carry yet, in table order.
func spUnenforcedFields(s *egv1a1.SecurityPolicySpec) []string {
	var out []string
	for _, row := range spFeatureTable {
		if row.fill == nil && row.set(s) {
			out = append(out, row.field)
		}
	}
	return out
}
