package translator

import (
	"errors"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/gatewaykit/gatewaykit/ir"
	"github.com/gatewaykit/gatewaykit/policy"
	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// stampPolicy is a vendor's policy kind for the test: it adds a response
// header naming the policy to the routes it covers.
type stampPolicy struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              struct {
		egv1a1.PolicyTargetReferences `json:",inline"`
		Value                         string `json:"value,omitempty"`
	} `json:"spec"`
}

func (p *stampPolicy) PolicyTargets() egv1a1.PolicyTargetReferences {
	return p.Spec.PolicyTargetReferences
}

var stampKind = policy.Kind{Group: "acme.example.com", Name: "StampPolicy", Plural: "stampPolicies",
	TargetKinds: []string{policy.KindGateway, policy.KindHTTPRoute}}

func newStamp(name, value string, kind gwapiv1.Kind, target string) *stampPolicy {
	p := &stampPolicy{}
	p.Namespace, p.Name, p.Spec.Value = "default", name, value
	group := gwapiv1.Group(gwapiv1.GroupName)
	p.Spec.TargetRefs = []gwapiv1.LocalPolicyTargetReferenceWithSectionName{{
		LocalPolicyTargetReference: gwapiv1.LocalPolicyTargetReference{Group: group, Kind: kind, Name: gwapiv1.ObjectName(target)},
	}}
	return p
}

// TestPolicyKind checks that a caller's own policy kind reaches the IR the
// way Envoy Gateway's kinds do: the most specific policy applies to each
// route, a policy that does not build is not accepted and its routes answer
// 500, and every policy gets a status.
func TestPolicyKind(t *testing.T) {
	gwPolicy := newStamp("gateway-wide", "gw", "Gateway", "gw")
	routePolicy := newStamp("for-app", "app", "HTTPRoute", "app")
	broken := newStamp("broken", "", "HTTPRoute", "other")
	k := PolicyKind{
		Kind:     stampKind,
		Policies: []policy.Policy{routePolicy, broken, gwPolicy},
		Build: func(p policy.Policy) (func(*ir.HTTPRoute), error) {
			v := p.(*stampPolicy).Spec.Value
			if v == "" {
				return nil, errors.New("spec.value: must not be empty")
			}
			return func(r *ir.HTTPRoute) {
				r.AddResponseHeaders = append(r.AddResponseHeaders, ir.AddHeader{Name: "x-stamp", Value: []string{v}})
			}, nil
		},
	}
	r := translateYAML(t, spEnforceRoute+spObjects, WithPolicyKind(k))
	app, other := spEnforceIRRoute(t, r, "app"), spEnforceIRRoute(t, r, "other")
	if len(app.AddResponseHeaders) != 1 || app.AddResponseHeaders[0].Value[0] != "app" || app.DirectResponse != nil {
		t.Errorf("route app = %+v, want the route policy's stamp alone", app)
	}
	if other.DirectResponse == nil || other.DirectResponse.StatusCode != 500 {
		t.Errorf("route other = %+v, want a direct 500 (its policy does not build)", other)
	}
	got := map[string]string{}
	for _, ps := range r.Policies {
		if ps.Kind != "StampPolicy" || len(ps.Status.Ancestors) == 0 {
			t.Fatalf("status %+v", ps)
		}
		for _, c := range ps.Status.Ancestors[0].Conditions {
			if c.Type == "Accepted" {
				got[ps.Policy.GetName()] = string(c.Status) + "/" + c.Reason
			}
		}
	}
	want := map[string]string{"gateway-wide": "True/Accepted", "for-app": "True/Accepted", "broken": "False/Invalid"}
	for name, w := range want {
		if got[name] != w {
			t.Errorf("%s: Accepted = %q, want %q", name, got[name], w)
		}
	}
}
