package translator

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/gatewaykit/gatewaykit/policy"
	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// msgEnvoyProxyAccepted is the Accepted message of an EnvoyProxy in use.
const msgEnvoyProxyAccepted = "EnvoyProxy has been accepted."

// processEnvoyProxyStatuses gives every EnvoyProxy that a handled
// GatewayClass or a translated Gateway names in its parametersRef a status
// with that GatewayClass or Gateway as ancestor, as Envoy Gateway does: the
// proxy is accepted, with a Warning for each deprecated field it uses. A
// GatewayClass standing in for a missing one names no EnvoyProxy of its
// own and gives none a status.
func (t *translation) processEnvoyProxyStatuses() {
	statuses := map[*egv1a1.EnvoyProxy]*egv1a1.EnvoyProxy{}
	var order []*egv1a1.EnvoyProxy
	add := func(ep *egv1a1.EnvoyProxy, ancestor gwapiv1.ParentReference) {
		c := statuses[ep]
		if c == nil {
			c = ep.DeepCopy()
			c.Status = egv1a1.EnvoyProxyStatus{}
			statuses[ep] = c
			order = append(order, ep)
		}
		conds := []metav1.Condition{{
			Type: string(gwapiv1.PolicyConditionAccepted), Status: metav1.ConditionTrue,
			Reason: string(gwapiv1.PolicyReasonAccepted), Message: msgEnvoyProxyAccepted, ObservedGeneration: c.Generation,
		}}
		if ep.Spec.LuaValidation != nil {
			conds = append(conds, metav1.Condition{
				Type: egv1a1.PolicyConditionWarning, Status: metav1.ConditionTrue, Reason: egv1a1.PolicyReasonDeprecatedField,
				Message: "spec.luaValidation is deprecated, use spec.lua.validationType instead", ObservedGeneration: c.Generation,
			})
		}
		c.Status.Ancestors = append(c.Status.Ancestors, egv1a1.EnvoyProxyAncestorStatus{AncestorRef: ancestor, Conditions: conds})
	}
	group := gwapiv1.Group(gwapiv1.GroupName)
	for _, gc := range t.out.Statuses.GatewayClasses {
		ref := gc.Spec.ParametersRef
		if ref == nil || string(ref.Group) != egv1a1.GroupName || string(ref.Kind) != egv1a1.KindEnvoyProxy || ref.Namespace == nil {
			continue
		}
		ep := t.idx.envoyProxies[nameOf(string(*ref.Namespace), ref.Name)]
		if ep == nil {
			continue
		}
		kind := gwapiv1.Kind("GatewayClass")
		add(ep, gwapiv1.ParentReference{Group: &group, Kind: &kind, Name: gwapiv1.ObjectName(gc.Name)})
	}
	for _, gw := range t.out.Statuses.Gateways {
		infra := gw.Spec.Infrastructure
		if infra == nil || infra.ParametersRef == nil {
			continue
		}
		ref := infra.ParametersRef
		if string(ref.Group) != egv1a1.GroupName || string(ref.Kind) != egv1a1.KindEnvoyProxy {
			continue
		}
		ep := t.idx.envoyProxies[nameOf(gw.Namespace, ref.Name)]
		if ep == nil {
			continue
		}
		add(ep, policy.AncestorRef(policy.KindGateway, gw.Namespace, gw.Name, ""))
	}
	for _, ep := range order {
		t.out.Statuses.EnvoyProxies = append(t.out.Statuses.EnvoyProxies, statuses[ep])
	}
}
