package v1alpha1

import (
	"fmt"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// Kinds that policies target.
const (
	kindGateway     gwapiv1.Kind = "Gateway"
	kindListenerSet gwapiv1.Kind = "ListenerSet"
	kindHTTPRoute   gwapiv1.Kind = "HTTPRoute"
	kindGRPCRoute   gwapiv1.Kind = "GRPCRoute"
	kindUDPRoute    gwapiv1.Kind = "UDPRoute"
	kindTCPRoute    gwapiv1.Kind = "TCPRoute"
	kindTLSRoute    gwapiv1.Kind = "TLSRoute"
)

// validateTargets checks how a policy names its targets: exactly one of
// targetRef and targetRefs unless targetSelectors holds a selector, and every
// reference to a Gateway API object of one of kinds.
func validateTargets(t PolicyTargetReferences, p *field.Path, kinds []gwapiv1.Kind) field.ErrorList {
	errs := targetChoice(t, p)
	if t.TargetRef != nil {
		errs = append(errs, validateTarget(*t.TargetRef, p.Child("targetRef"), kinds)...)
	}
	for i, r := range t.TargetRefs {
		errs = append(errs, validateTarget(r, p.Child("targetRefs").Index(i), kinds)...)
	}
	for i := range t.TargetSelectors {
		errs = append(errs, validateTargetSelector(&t.TargetSelectors[i], p.Child("targetSelectors").Index(i))...)
	}
	return errs
}

// targetChoice checks that exactly one of targetRef and targetRefs is set, or
// that targetSelectors holds at least one selector (which lifts the rule).
func targetChoice(t PolicyTargetReferences, p *field.Path) field.ErrorList {
	if len(t.TargetSelectors) > 0 {
		return nil
	}
	switch hasRef, hasRefs := t.TargetRef != nil, t.TargetRefs != nil; {
	case hasRef && hasRefs:
		return field.ErrorList{field.Forbidden(p.Child("targetRef"), "may not be set together with targetRefs")}
	case !hasRef && !hasRefs:
		return field.ErrorList{field.Required(p.Child("targetRefs"), "one of targetRefs, targetRef or a non-empty targetSelectors must be set")}
	}
	return nil
}

// validateTarget checks one target reference: its format, and that it names a
// Gateway API object of one of kinds.
func validateTarget(r gwapiv1.LocalPolicyTargetReferenceWithSectionName, p *field.Path, kinds []gwapiv1.Kind) field.ErrorList {
	errs := validatePolicyTargetRefWithSection(r, p)
	if r.Group != gatewayAPIGroup {
		errs = append(errs, field.NotSupported(p.Child("group"), r.Group, []gwapiv1.Group{gatewayAPIGroup}))
	}
	if r.Kind != "" && !isOneOf(r.Kind, kinds...) {
		errs = append(errs, field.NotSupported(p.Child("kind"), r.Kind, kinds))
	}
	return errs
}

// validateTargetSelector checks a selector of targets by label. Its group
// defaults to, and may only be, the Gateway API group.
func validateTargetSelector(s *TargetSelector, p *field.Path) field.ErrorList {
	errs := optionalString(s.Group, p.Child("group"), groupFormat)
	if s.Group != nil && *s.Group != gatewayAPIGroup {
		errs = append(errs, field.NotSupported(p.Child("group"), *s.Group, []gwapiv1.Group{gatewayAPIGroup}))
	}
	errs = append(errs, requiredString(s.Kind, p.Child("kind"), kindFormat)...)
	errs = append(errs, validateTargetNamespaces(s.Namespaces, p.Child("namespaces"))...)
	return append(errs, validateSelectorRequirements(s.MatchExpressions, p.Child("matchExpressions"))...)
}

// validateTargetNamespaces checks which namespaces a target selector looks in;
// from defaults to Same, and Selector needs a selector.
func validateTargetNamespaces(n *TargetSelectorNamespaces, p *field.Path) field.ErrorList {
	if n == nil {
		return nil
	}
	from := orDefault(n.From, TargetNamespaceFromSame)
	errs := enumValue(from, p.Child("from"), TargetNamespaceFromSame, TargetNamespaceFromAll, TargetNamespaceFromSelector)
	if from == TargetNamespaceFromSelector && n.Selector == nil {
		errs = append(errs, field.Required(p.Child("selector"), "must be set when from is Selector"))
	}
	if n.Selector != nil {
		errs = append(errs, validateSelectorRequirements(n.Selector.MatchExpressions, p.Child("selector", "matchExpressions"))...)
	}
	return errs
}

// validateSelectorRequirements checks that every label selector requirement
// has a key and an operator. Operators and values are left to Kubernetes'
// own label selector validation.
func validateSelectorRequirements(rs []metav1.LabelSelectorRequirement, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	for i, r := range rs {
		errs = append(errs, required(r.Key != "", p.Index(i).Child("key"))...)
		errs = append(errs, required(r.Operator != "", p.Index(i).Child("operator"))...)
	}
	return errs
}

// onlyForTargetKinds checks that every target of t is one of kinds, because
// the field at fp may only be used with such targets. It reports the first
// target that is not.
func onlyForTargetKinds(t PolicyTargetReferences, p, fp *field.Path, kinds []gwapiv1.Kind) field.ErrorList {
	bad := func(target *field.Path, kind gwapiv1.Kind) field.ErrorList {
		return field.ErrorList{field.Forbidden(fp, fmt.Sprintf("may only be set when every target is a %s, but %s is a %s", joinValues(kinds), target, kind))}
	}
	if t.TargetRef != nil && !isOneOf(t.TargetRef.Kind, kinds...) {
		return bad(p.Child("targetRef"), t.TargetRef.Kind)
	}
	for i, r := range t.TargetRefs {
		if !isOneOf(r.Kind, kinds...) {
			return bad(p.Child("targetRefs").Index(i), r.Kind)
		}
	}
	for i, s := range t.TargetSelectors {
		if !isOneOf(s.Kind, kinds...) {
			return bad(p.Child("targetSelectors").Index(i), s.Kind)
		}
	}
	return nil
}

// validateMergeType checks a policy's mergeType: Replace is not a merge, and
// merging is only defined for policies that target routes (routeKinds).
func validateMergeType(m *MergeType, t PolicyTargetReferences, p *field.Path, routeKinds []gwapiv1.Kind) field.ErrorList {
	if m == nil {
		return nil
	}
	var errs field.ErrorList
	if *m == MergeTypeReplace {
		errs = append(errs, field.Invalid(p.Child("mergeType"), *m, "Replace is not supported here; use StrategicMerge or JSONMerge"))
	}
	return append(errs, onlyForTargetKinds(t, p, p.Child("mergeType"), routeKinds)...)
}
