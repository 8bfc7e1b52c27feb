package policy

import (
	"encoding/json"
	"fmt"

	jsonpatch "github.com/evanphx/json-patch/v5"
	"k8s.io/apimachinery/pkg/util/strategicpatch"

	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// Merge combines a route policy (child) with the policy of its parent
// (Gateway, ListenerSet or listener) of the same kind, as Envoy Gateway
// does: the child's JSON is applied as a patch to the parent's. Objects
// merge field by field, lists and scalars of the child replace the
// parent's, and fields the child leaves unset keep the parent's value
// (RFC 7386 JSON merge patch), except that with StrategicMerge the lists
// whose Go field declares a merge key merge item by item (Kubernetes
// strategic merge patch). The result is a new object of the child's type with
// the child's name and namespace; metadata maps such as labels merge like
// the spec. Neither input is modified. Fields of a mergeable type should
// be pointers or omitempty, or an unset child field replaces the parent's
// value with its zero value.
// Any kind can opt in by implementing Mergeable.
func Merge[P Policy](child, parent P, mergeType egv1a1.MergeType) (P, error) {
	var zero P
	parentJSON, err := json.Marshal(parent)
	if err != nil {
		return zero, fmt.Errorf("merging policies: %w", err)
	}
	childJSON, err := json.Marshal(child)
	if err != nil {
		return zero, fmt.Errorf("merging policies: %w", err)
	}
	if string(parentJSON) == "null" {
		// No parent: the child as it is.
		parentJSON = []byte("{}")
	}
	var merged []byte
	switch mergeType {
	case egv1a1.MergeTypeStrategicMerge:
		// Lists whose Go field declares a merge key (patchStrategy and
		// patchMergeKey struct tags, as Envoy Gateway's types do for
		// httpUpgrade, compression and compressor by type and ext auth
		// contextExtensions by name) merge item by item; others are
		// replaced.
		merged, err = strategicpatch.StrategicMergePatch(parentJSON, childJSON, newOf(child))
	case egv1a1.MergeTypeJSONMerge:
		merged, err = jsonpatch.MergePatch(parentJSON, childJSON)
	default:
		return zero, fmt.Errorf("merging policies: unsupported mergeType %q", mergeType)
	}
	if err != nil {
		return zero, fmt.Errorf("merging policies: %w", err)
	}
	out := newOf(child)
	if err := json.Unmarshal(merged, out); err != nil {
		return zero, fmt.Errorf("merging policies: %w", err)
	}
	return out, nil
}

// MergeAs is Merge for policies held as Policy, of the concrete type P;
// the merge type is the child's (an error when the child does not merge).
func MergeAs[P Policy](child, parent Policy) (Policy, error) {
	c, ok := child.(P)
	if !ok {
		return nil, fmt.Errorf("merging policies: child is %T", child)
	}
	p, ok := parent.(P)
	if !ok {
		return nil, fmt.Errorf("merging policies: parent is %T", parent)
	}
	m, ok := child.(Mergeable)
	if !ok || m.PolicyMergeType() == nil {
		return nil, fmt.Errorf("merging policies: %s/%s sets no mergeType", child.GetNamespace(), child.GetName())
	}
	return Merge(c, p, *m.PolicyMergeType())
}
