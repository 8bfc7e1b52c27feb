package translator

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/gatewaykit/gatewaykit/ir"
	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// EnvoyPatchPolicy: which fleet a policy patches and whether it may.
//
// A policy targets a Gateway of its own namespace, or, when Gateways are
// merged (WithMergeGateways), the GatewayClass whose fleet it patches. As in
// Envoy Gateway:
//
//   - a policy whose target has no IR gets no status (an unknown Gateway),
//     or Accepted=False/Invalid when Gateways are merged (an unknown or
//     unaccepted GatewayClass);
//   - a policy whose target has an IR is recorded in that IR even when it
//     is not accepted, without patches, so that package xds reports its
//     status with the fleet's others;
//   - Accepted=False/Disabled when EnvoyPatchPolicy is not enabled
//     (WithEnvoyPatchPolicy), Accepted=False/Invalid when the target's kind
//     is not the one the mode calls for.
//
// Package xds applies the patches of accepted policies and adds the
// Programmed condition (xds.Resources.EnvoyPatchPolicyStatuses).

// Condition messages of EnvoyPatchPolicy.
const (
	msgEPPDisabled = "EnvoyPatchPolicy is disabled in the EnvoyGateway configuration"
	msgEPPAccepted = "Policy has been accepted."

	// eppReasonDisabled is the Accepted=False reason when EnvoyPatchPolicy
	// is not enabled.
	eppReasonDisabled gwapiv1.PolicyConditionReason = "Disabled"
)

// processEnvoyPatchPolicies resolves every EnvoyPatchPolicy against the IR
// built, in processing order: input order with WithInputOrder, else by
// priority, creation time, namespace and name (the order in which their
// patches are applied).
func (t *translation) processEnvoyPatchPolicies() {
	policies := slices.DeleteFunc(slices.Clone(t.res.EnvoyPatchPolicies), func(p *egv1a1.EnvoyPatchPolicy) bool { return p == nil })
	if !t.cfg.inputOrder {
		slices.SortStableFunc(policies, func(a, b *egv1a1.EnvoyPatchPolicy) int {
			return cmp.Or(
				cmp.Compare(eppPriority(a), eppPriority(b)),
				a.CreationTimestamp.Time.Compare(b.CreationTimestamp.Time),
				cmp.Compare(a.Namespace, b.Namespace),
				cmp.Compare(a.Name, b.Name))
		})
	}
	group := gwapiv1.Group(gwapiv1.GroupName)
	for _, src := range policies {
		p := src.DeepCopy()
		p.Status = gwapiv1.PolicyStatus{}
		t.out.Statuses.EnvoyPatchPolicies = append(t.out.Statuses.EnvoyPatchPolicies, p)
		ref := p.Spec.TargetRef

		var ancestor gwapiv1.ParentReference
		var targetKind, irKey string
		if t.cfg.mergeGateways {
			targetKind = "GatewayClass"
			irKey = string(ref.Name)
			kind := gwapiv1.Kind(targetKind)
			ancestor = gwapiv1.ParentReference{Group: &group, Kind: &kind, Name: ref.Name}
		} else {
			targetKind = "Gateway"
			irKey = p.Namespace + "/" + string(ref.Name)
			kind := gwapiv1.Kind(targetKind)
			ns := gwapiv1.Namespace(p.Namespace)
			ancestor = gwapiv1.ParentReference{Group: &group, Kind: &kind, Namespace: &ns, Name: ref.Name}
		}
		x := t.out.IR[irKey]
		if x == nil {
			if t.cfg.mergeGateways {
				t.setEPPCondition(p, ancestor, metav1.ConditionFalse, gwapiv1.PolicyReasonInvalid,
					fmt.Sprintf("TargetRef.Group:%s TargetRef.Kind:%s TargetRef.Namespace:%s TargetRef.Name:%s not found or not accepted (MergeGateways=%t).",
						ref.Group, ref.Kind, p.Namespace, ref.Name, t.cfg.mergeGateways))
			}
			continue
		}
		irp := &ir.EnvoyPatchPolicy{Name: p.Name, Namespace: p.Namespace, Generation: p.Generation}
		x.EnvoyPatchPolicies = append(x.EnvoyPatchPolicies, irp)
		switch {
		case !t.cfg.envoyPatchPolicy:
			t.setEPPCondition(p, ancestor, metav1.ConditionFalse, eppReasonDisabled, msgEPPDisabled)
		case string(ref.Group) != gwapiv1.GroupName || string(ref.Kind) != targetKind:
			t.setEPPCondition(p, ancestor, metav1.ConditionFalse, gwapiv1.PolicyReasonInvalid,
				fmt.Sprintf("TargetRef.Group:%s TargetRef.Kind:%s, only TargetRef.Group:%s and TargetRef.Kind:%s is supported.",
					ref.Group, ref.Kind, gwapiv1.GroupName, targetKind))
		default:
			irp.JSONPatches = eppPatches(p.Spec.JSONPatches)
			t.setEPPCondition(p, ancestor, metav1.ConditionTrue, gwapiv1.PolicyReasonAccepted, msgEPPAccepted)
		}
		irp.Status = eppIRStatus(&p.Status)
	}
}

// setEPPCondition sets p's Accepted condition for ancestor.
func (t *translation) setEPPCondition(p *egv1a1.EnvoyPatchPolicy, ancestor gwapiv1.ParentReference, status metav1.ConditionStatus, reason gwapiv1.PolicyConditionReason, msg string) {
	p.Status.Ancestors = append(p.Status.Ancestors, gwapiv1.PolicyAncestorStatus{
		AncestorRef:    ancestor,
		ControllerName: gwapiv1.GatewayController(t.cfg.controllerName),
		Conditions: []metav1.Condition{{
			Type: string(gwapiv1.PolicyConditionAccepted), Status: status, Reason: string(reason),
			Message: msg, ObservedGeneration: p.Generation,
		}},
	})
}

// eppPatches converts a policy's patches to the IR, in order.
func eppPatches(in []egv1a1.EnvoyJSONPatchConfig) []*ir.JSONPatch {
	out := make([]*ir.JSONPatch, 0, len(in))
	for _, p := range in {
		op := ir.JSONPatchOperation{
			Op:       ir.JSONPatchOp(p.Operation.Op),
			Path:     cloneString(p.Operation.Path),
			JSONPath: cloneString(p.Operation.JSONPath),
			From:     cloneString(p.Operation.From),
		}
		if v := p.Operation.Value; v != nil {
			op.Value = json.RawMessage(slices.Clone(v.Raw))
		}
		out = append(out, &ir.JSONPatch{Type: string(p.Type), Name: p.Name, Operation: op})
	}
	return out
}

// eppIRStatus converts a policy status to the IR's form.
func eppIRStatus(s *gwapiv1.PolicyStatus) *ir.PolicyStatus {
	out := &ir.PolicyStatus{Ancestors: make([]ir.PolicyAncestorStatus, 0, len(s.Ancestors))}
	for _, a := range s.Ancestors {
		ref := ir.ParentRef{Name: string(a.AncestorRef.Name)}
		if g := a.AncestorRef.Group; g != nil {
			ref.Group = string(*g)
		}
		if k := a.AncestorRef.Kind; k != nil {
			ref.Kind = string(*k)
		}
		if ns := a.AncestorRef.Namespace; ns != nil {
			ref.Namespace = string(*ns)
		}
		st := ir.PolicyAncestorStatus{AncestorRef: ref, ControllerName: string(a.ControllerName)}
		for _, c := range a.Conditions {
			st.Conditions = append(st.Conditions, ir.Condition{Type: c.Type, Status: string(c.Status), Reason: c.Reason,
				Message: c.Message, ObservedGeneration: c.ObservedGeneration})
		}
		out.Ancestors = append(out.Ancestors, st)
	}
	return out
}

// eppPriority is a policy's priority, 0 when unset.
func eppPriority(p *egv1a1.EnvoyPatchPolicy) int32 {
	if p.Spec.Priority == nil {
		return 0
	}
	return *p.Spec.Priority
}
