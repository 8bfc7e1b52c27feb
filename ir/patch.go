package ir

import "encoding/json"

// EnvoyPatchPolicy is one EnvoyPatchPolicy that targets this IR's proxy
// fleet: JSON patches that package xds applies, in order, to the Envoy
// resources it built, after building them. Status holds what the
// translator decided (Accepted, or why not); package xds adds the
// Programmed condition that says whether the patches applied. A policy
// that is not accepted has no patches.
type EnvoyPatchPolicy struct {
	// Name and Namespace name the policy.
	Name      string `json:"name"`
	Namespace string `json:"namespace"`
	// Generation is the policy's metadata.generation, copied into the
	// conditions' observedGeneration.
	Generation int64 `json:"generation,omitempty"`
	// Status is the policy's status so far.
	Status *PolicyStatus `json:"status,omitempty"`
	// JSONPatches are applied in order.
	JSONPatches []*JSONPatch `json:"jsonPatches,omitempty"`
}

// EnvoyPatchPolicyStatus is the status of one EnvoyPatchPolicy after its
// patches were applied (see xds.Resources.EnvoyPatchPolicyStatuses).
type EnvoyPatchPolicyStatus struct {
	Name       string        `json:"name"`
	Namespace  string        `json:"namespace"`
	Generation int64         `json:"generation,omitempty"`
	Status     *PolicyStatus `json:"status,omitempty"`
}

// PolicyStatus is a policy's status, shaped like Gateway API's
// PolicyStatus.
type PolicyStatus struct {
	Ancestors []PolicyAncestorStatus `json:"ancestors"`
}

// PolicyAncestorStatus is the status of a policy for one ancestor.
type PolicyAncestorStatus struct {
	AncestorRef    ParentRef   `json:"ancestorRef"`
	ControllerName string      `json:"controllerName"`
	Conditions     []Condition `json:"conditions,omitempty"`
}

// ParentRef names a Gateway API object (a Gateway or a GatewayClass).
type ParentRef struct {
	Group     string `json:"group,omitempty"`
	Kind      string `json:"kind,omitempty"`
	Name      string `json:"name"`
	Namespace string `json:"namespace,omitempty"`
}

// Condition is a status condition, shaped like a Kubernetes condition
// without its transition time.
type Condition struct {
	Type               string `json:"type"`
	Status             string `json:"status"`
	Reason             string `json:"reason"`
	Message            string `json:"message"`
	ObservedGeneration int64  `json:"observedGeneration,omitempty"`
}

// JSONPatchOp is an RFC 6902 operation.
type JSONPatchOp string

// The RFC 6902 operations.
const (
	JSONPatchAdd     JSONPatchOp = "add"
	JSONPatchRemove  JSONPatchOp = "remove"
	JSONPatchReplace JSONPatchOp = "replace"
	JSONPatchMove    JSONPatchOp = "move"
	JSONPatchCopy    JSONPatchOp = "copy"
	JSONPatchTest    JSONPatchOp = "test"
)

// JSONPatch is one patch of one Envoy resource, addressed by its type URL
// and name.
type JSONPatch struct {
	// Type is the resource's type URL, for example
	// type.googleapis.com/envoy.config.listener.v3.Listener.
	Type string `json:"type"`
	// Name is the resource's name (a cluster load assignment's cluster
	// name).
	Name string `json:"name"`
	// Operation is the patch.
	Operation JSONPatchOperation `json:"operation"`
}

// JSONPatchOperation is one RFC 6902 operation on a resource's JSON form
// (protojson with the proto field names). Path is a JSON pointer; JSONPath,
// when set, selects every location it matches (Path is then appended to
// each). An add with neither adds Value as a whole new resource.
type JSONPatchOperation struct {
	Op       JSONPatchOp     `json:"op"`
	Path     *string         `json:"path,omitempty"`
	JSONPath *string         `json:"jsonPath,omitempty"`
	From     *string         `json:"from,omitempty"`
	Value    json.RawMessage `json:"value,omitempty"`
}
