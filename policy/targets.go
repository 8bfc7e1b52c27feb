package policy

import (
	"sort"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// TargetRef is one resolved reference of a policy to a target: a plain
// targetRef (always in the policy's namespace) or an object a
// targetSelector matched (possibly in another namespace, when a
// ReferenceGrant allows it).
type TargetRef struct {
	Group, Kind, Namespace, Name string
	// SectionName is the listener or rule name; empty for the whole object.
	SectionName string
	// Selected is set when a targetSelector matched the object.
	Selected bool
}

// ExpandTargets lists what p targets, in the order Envoy Gateway uses:
// first the objects its targetSelectors match (oldest first, then by
// namespace and name), then its targetRef and targetRefs in order,
// skipping any already listed. Only kinds k allows are kept. A selector
// searches the policy's namespace unless its namespaces say otherwise;
// objects in another namespace are kept only where a ReferenceGrant there
// allows k's policies from the policy's namespace.
func (t *Topology) ExpandTargets(k *Kind, p Policy) []TargetRef {
	refs := p.PolicyTargets()
	ns := p.GetNamespace()
	var out []TargetRef
	var seen map[TargetRef]bool
	if len(refs.TargetSelectors) > 0 || len(refs.TargetRefs) > 1 || (refs.TargetRef != nil && len(refs.TargetRefs) > 0) {
		seen = map[TargetRef]bool{}
	}
	type hit struct {
		ref     TargetRef
		created metav1.Time
	}
	var hits []hit
	for i := range refs.TargetSelectors {
		sel := &refs.TargetSelectors[i]
		group := gwapiv1.GroupName
		if sel.Group != nil && *sel.Group != "" {
			group = string(*sel.Group)
		}
		if group != gwapiv1.GroupName || !k.allows(string(sel.Kind)) {
			continue
		}
		ls, err := metav1.LabelSelectorAsSelector(&metav1.LabelSelector{MatchLabels: sel.MatchLabels, MatchExpressions: sel.MatchExpressions})
		if err != nil {
			continue
		}
		for _, searchNS := range t.selectorNamespaces(ns, sel.Namespaces) {
			for _, o := range t.byNamespace[searchNS][string(sel.Kind)] {
				if !ls.Matches(labels.Set(o.meta.Labels)) {
					continue
				}
				if searchNS != ns && (t.grants == nil || !t.grants(k.Group, k.Name, ns, o.group, o.kind, searchNS, o.meta.Name)) {
					continue
				}
				r := TargetRef{Group: o.group, Kind: o.kind, Namespace: searchNS, Name: o.meta.Name, Selected: true}
				if seen[r] {
					continue
				}
				seen[r] = true
				hits = append(hits, hit{r, o.meta.CreationTimestamp})
			}
		}
	}
	sort.SliceStable(hits, func(i, j int) bool {
		a, b := hits[i], hits[j]
		if !a.created.Equal(&b.created) {
			return a.created.Before(&b.created)
		}
		if a.ref.Namespace != b.ref.Namespace {
			return a.ref.Namespace < b.ref.Namespace
		}
		return a.ref.Name < b.ref.Name
	})
	for _, h := range hits {
		out = append(out, h.ref)
	}
	plain := refs.TargetRefs
	if refs.TargetRef != nil {
		plain = append([]gwapiv1.LocalPolicyTargetReferenceWithSectionName{*refs.TargetRef}, plain...)
	}
	if len(hits) == 0 && len(plain) == 1 {
		// The common case: one plain reference, nothing to deduplicate.
		tr := plain[0]
		if string(tr.Group) != gwapiv1.GroupName || !k.allows(string(tr.Kind)) {
			return nil
		}
		r := TargetRef{Group: string(tr.Group), Kind: string(tr.Kind), Namespace: ns, Name: string(tr.Name)}
		if tr.SectionName != nil {
			r.SectionName = string(*tr.SectionName)
		}
		return []TargetRef{r}
	}
	for _, tr := range plain {
		if string(tr.Group) != gwapiv1.GroupName || !k.allows(string(tr.Kind)) {
			continue
		}
		r := TargetRef{Group: string(tr.Group), Kind: string(tr.Kind), Namespace: ns, Name: string(tr.Name)}
		if tr.SectionName != nil {
			r.SectionName = string(*tr.SectionName)
		}
		plainKey := r
		selectedKey := r
		selectedKey.Selected = true
		if seen[plainKey] || (r.SectionName == "" && seen[selectedKey]) {
			continue
		}
		seen[plainKey] = true
		out = append(out, r)
	}
	return out
}

// selectorNamespaces returns the namespaces a targetSelector searches, in
// name order.
func (t *Topology) selectorNamespaces(policyNS string, nss *egv1a1.TargetSelectorNamespaces) []string {
	if nss == nil || nss.From == "" || nss.From == egv1a1.TargetNamespaceFromSame {
		return []string{policyNS}
	}
	var sel labels.Selector
	switch nss.From {
	case egv1a1.TargetNamespaceFromAll:
		sel = labels.Everything()
	case egv1a1.TargetNamespaceFromSelector:
		if nss.Selector == nil {
			return nil
		}
		s, err := metav1.LabelSelectorAsSelector(nss.Selector)
		if err != nil {
			return nil
		}
		sel = s
	default:
		return nil
	}
	var out []string
	for name, l := range t.namespaceLabels {
		if sel.Matches(labels.Set(l)) {
			out = append(out, name)
		}
	}
	if t.namespaceLabels == nil && nss.From == egv1a1.TargetNamespaceFromAll {
		for name := range t.byNamespace {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}
