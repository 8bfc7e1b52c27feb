package translator

import (
	"cmp"
	"slices"
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
