package securitypolicy

import (
	"github.com/gatewaykit/gatewaykit/ir"
	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// featureRow is one feature of a SecurityPolicy: the spec field that
// sets it, and how its resolved form is put into the IR of the routes the
// policy covers. A row whose fill is nil is not carried into the IR (and so
// not into Envoy) yet: a policy that sets it fails closed.
type featureRow struct {
	field string
	set   func(s *egv1a1.SecurityPolicySpec) bool
	fill  func(f *resolved, out *ir.SecurityFeatures)
}

// featureTable lists every SecurityPolicy feature, in spec order.
var featureTable = []featureRow{
	{field: "spec.apiKeyAuth", set: func(s *egv1a1.SecurityPolicySpec) bool { return s.APIKeyAuth != nil },
		fill: func(f *resolved, out *ir.SecurityFeatures) { out.APIKeyAuth = f.apiKeyAuth.ir() }},
	{field: "spec.cors", set: func(s *egv1a1.SecurityPolicySpec) bool { return s.CORS != nil },
		fill: func(f *resolved, out *ir.SecurityFeatures) { out.CORS = corsIR(f.cors) }},
	{field: "spec.csrf", set: func(s *egv1a1.SecurityPolicySpec) bool { return s.CSRF != nil },
		fill: func(f *resolved, out *ir.SecurityFeatures) { out.CSRF = csrfIR(f.csrf) }},
	{field: "spec.basicAuth", set: func(s *egv1a1.SecurityPolicySpec) bool { return s.BasicAuth != nil },
		fill: func(f *resolved, out *ir.SecurityFeatures) { out.BasicAuth = f.basicAuth.ir() }},
	{field: "spec.jwt", set: func(s *egv1a1.SecurityPolicySpec) bool { return s.JWT != nil },
		fill: func(f *resolved, out *ir.SecurityFeatures) { out.JWT = f.jwt.ir() }},
	{field: "spec.oidc", set: func(s *egv1a1.SecurityPolicySpec) bool { return s.OIDC != nil },
		fill: func(f *resolved, out *ir.SecurityFeatures) { out.OIDC = f.oidc.ir() }},
	{field: "spec.extAuth", set: func(s *egv1a1.SecurityPolicySpec) bool { return s.ExtAuth != nil },
		fill: func(f *resolved, out *ir.SecurityFeatures) { out.ExtAuth = f.extAuth.ir() }},
	{field: "spec.authorization", set: func(s *egv1a1.SecurityPolicySpec) bool { return s.Authorization != nil },
		fill: func(f *resolved, out *ir.SecurityFeatures) { out.Authorization = f.authorization.ir() }},
}

// UnenforcedFields returns the fields of s that set a feature the IR does
// not carry yet, in table order.
func UnenforcedFields(s *egv1a1.SecurityPolicySpec) []string {
	var out []string
	for _, row := range featureTable {
		if row.fill == nil && row.set(s) {
			out = append(out, row.field)
		}
	}
	return out
}

// Fields returns the spec field of every SecurityPolicy feature, in table
// order.
func Fields() []string {
	out := make([]string, len(featureTable))
	for i, row := range featureTable {
		out[i] = row.field
	}
	return out
}

// Enforced reports whether the feature at field reaches the IR.
func Enforced(field string) bool {
	for _, row := range featureTable {
		if row.field == field {
			return row.fill != nil
		}
	}
	return false
}
