package policy_test

import (
	"fmt"
	"os"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/gatewaykit/gatewaykit/policy"
	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

const controller = "gateway.envoyproxy.io/gatewayclass-controller"

// exampleInput is a Gateway infra/edge with one listener, an HTTPRoute
// apps/web on it, a BackendTrafficPolicy on the Gateway and one on the
// route that merges with it (mergeType StrategicMerge).
func exampleInput() (*policy.Topology, []policy.Policy) {
	gatewayNS := gwapiv1.Namespace("infra")
	gw := &gwapiv1.Gateway{
		ObjectMeta: metav1.ObjectMeta{Namespace: "infra", Name: "edge"},
		Spec: gwapiv1.GatewaySpec{Listeners: []gwapiv1.Listener{
			{Name: "http", Port: 80, Protocol: gwapiv1.HTTPProtocolType},
		}},
	}
	route := &gwapiv1.HTTPRoute{
		ObjectMeta: metav1.ObjectMeta{Namespace: "apps", Name: "web"},
		Spec: gwapiv1.HTTPRouteSpec{
			CommonRouteSpec: gwapiv1.CommonRouteSpec{ParentRefs: []gwapiv1.ParentReference{{Namespace: &gatewayNS, Name: "edge"}}},
			Rules:           []gwapiv1.HTTPRouteRule{{}},
		},
	}
	target := func(kind, name string) []gwapiv1.LocalPolicyTargetReferenceWithSectionName {
		return []gwapiv1.LocalPolicyTargetReferenceWithSectionName{{LocalPolicyTargetReference: gwapiv1.LocalPolicyTargetReference{
			Group: gwapiv1.GroupName, Kind: gwapiv1.Kind(kind), Name: gwapiv1.ObjectName(name),
		}}}
	}
	connect, idle := gwapiv1.Duration("15s"), gwapiv1.Duration("60s")
	gatewayPolicy := &egv1a1.BackendTrafficPolicy{ObjectMeta: metav1.ObjectMeta{Namespace: "infra", Name: "edge-defaults"}}
	gatewayPolicy.Spec.TargetRefs = target("Gateway", "edge")
	gatewayPolicy.Spec.Timeout = &egv1a1.Timeout{
		TCP:  &egv1a1.TCPTimeout{ConnectTimeout: &connect},
		HTTP: &egv1a1.HTTPTimeout{ConnectionIdleTimeout: &idle},
	}

	retries, routeConnect := int32(3), gwapiv1.Duration("5s")
	mergeType := egv1a1.MergeTypeStrategicMerge
	routePolicy := &egv1a1.BackendTrafficPolicy{ObjectMeta: metav1.ObjectMeta{Namespace: "apps", Name: "web-retries"}}
	routePolicy.Spec.TargetRefs = target("HTTPRoute", "web")
	routePolicy.Spec.MergeType = &mergeType
	routePolicy.Spec.Retry = &egv1a1.Retry{NumRetries: &retries}
	routePolicy.Spec.Timeout = &egv1a1.Timeout{TCP: &egv1a1.TCPTimeout{ConnectTimeout: &routeConnect}}

	topo := policy.TopologyFrom(policy.Objects{Gateways: []*gwapiv1.Gateway{gw}, HTTPRoutes: []*gwapiv1.HTTPRoute{route}})
	policies := []policy.Policy{gatewayPolicy, routePolicy}
	// Envoy Gateway's order: oldest first, then namespace and name.
	policy.SortPolicies(policies)
	return topo, policies
}

// Resolve a Gateway-level and a route-level BackendTrafficPolicy, merge the
// route's with the Gateway's as a translator would, and print the policies'
// statuses.
func ExampleResolve() {
	topo, policies := exampleInput()
	res := policy.Resolve(&policy.BackendTrafficPolicyKind, policies, topo, controller)

	// Most specific first: a translator applies each attachment here,
	// merging route policies with their parent on every listener.
	for _, a := range res.Attachments {
		for _, m := range a.Merges {
			merged, err := policy.MergeAs[*egv1a1.BackendTrafficPolicy](a.Policy.Policy, m.Parent.Policy.Policy)
			if err != nil {
				a.MergeFailed(m, policy.ConditionMessage(err))
				continue
			}
			t := merged.(*egv1a1.BackendTrafficPolicy).Spec.Timeout
			fmt.Printf("on listener %s: connectTimeout %s, connectionIdleTimeout %s\n",
				m.Listener.Name, *t.TCP.ConnectTimeout, *t.HTTP.ConnectionIdleTimeout)
		}
	}
	res.Finish()

	for _, rp := range res.Policies {
		fmt.Printf("%s/%s:\n", rp.Policy.GetNamespace(), rp.Policy.GetName())
		for _, anc := range rp.Status.Ancestors {
			section := ""
			if anc.AncestorRef.SectionName != nil {
				section = "/" + string(*anc.AncestorRef.SectionName)
			}
			fmt.Printf("  %s %s/%s%s\n", *anc.AncestorRef.Kind, *anc.AncestorRef.Namespace, anc.AncestorRef.Name, section)
			for _, c := range anc.Conditions {
				fmt.Printf("    %s=%s (%s) %s\n", c.Type, c.Status, c.Reason, c.Message)
			}
		}
	}
	// Output:
	// on listener http: connectTimeout 5s, connectionIdleTimeout 60s
	// apps/web-retries:
	//   Gateway infra/edge/http
	//     Merged=True (Merged) Merged with policy infra/edge-defaults
	//   Gateway infra/edge
	//     Accepted=True (Accepted) Policy has been accepted.
	// infra/edge-defaults:
	//   Gateway infra/edge
	//     Accepted=True (Accepted) Policy has been accepted.
	//     Merged=True (Merged) This policy is being merged by other backendTrafficPolicies for these routes: [apps/web]
}

// Explain which BackendTrafficPolicy applies to a route on a listener and
// where each field of the effective configuration comes from.
func ExampleResolution_Explain() {
	topo, policies := exampleInput()
	res := policy.Resolve(&policy.BackendTrafficPolicyKind, policies, topo, controller)
	res.Finish()

	ex, err := res.Explain(policy.Subject{
		GatewayNamespace: "infra", Gateway: "edge", Listener: "http",
		RouteKind: policy.KindHTTPRoute, RouteNamespace: "apps", Route: "web",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := ex.WriteText(os.Stdout); err != nil {
		fmt.Println(err)
	}
	// Output:
	// BackendTrafficPolicy for HTTPRoute apps/web on Gateway infra/edge listener http
	//   effective: apps/web-retries (attached to Route), merged with infra/edge-defaults (attached to Gateway)
	//   fields:
	//     spec.retry.numRetries                    = 3      from apps/web-retries
	//     spec.timeout.http.connectionIdleTimeout  = "60s"  from infra/edge-defaults
	//     spec.timeout.tcp.connectTimeout          = "5s"   from apps/web-retries
	//   candidates:
	//     apps/web-retries     Route    Effective  most specific policy attached to Route
	//     infra/edge-defaults  Gateway  Merged     merged into apps/web-retries (StrategicMerge)
}
