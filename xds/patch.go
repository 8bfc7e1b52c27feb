package xds

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"

	clusterv3 "github.com/envoyproxy/go-control-plane/envoy/config/cluster/v3"
	endpointv3 "github.com/envoyproxy/go-control-plane/envoy/config/endpoint/v3"
	listenerv3 "github.com/envoyproxy/go-control-plane/envoy/config/listener/v3"
	routev3 "github.com/envoyproxy/go-control-plane/envoy/config/route/v3"
	tlsv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/transport_sockets/tls/v3"
	jsonpatch "github.com/evanphx/json-patch/v5"
	"github.com/ohler55/ojg/jp"
	"github.com/ohler55/ojg/oj"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	"github.com/gatewaykit/gatewaykit/ir"
)

// EnvoyPatchPolicy patches are applied to the finished, validated resources,
// policy by policy in the IR's order and patch by patch in each policy's
// order. A patch works on a resource's JSON form (protojson with the proto
// field names, as Envoy Gateway writes patches), and the result is parsed
// back and checked with ValidateAll. A patch that fails (an unsupported
// operation, a path that does not exist, a result Envoy would refuse)
// changes nothing: the resource stays as it was before that patch, and only
// the policy it belongs to says so, with Programmed=False. Patched resources
// are new messages: the resources the patch started from, and the parts they
// share with others, are never modified.

// Resource type URLs that patches address.
const (
	TypeListener              = "type.googleapis.com/envoy.config.listener.v3.Listener"
	TypeRouteConfiguration    = "type.googleapis.com/envoy.config.route.v3.RouteConfiguration"
	TypeCluster               = "type.googleapis.com/envoy.config.cluster.v3.Cluster"
	TypeClusterLoadAssignment = "type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment"
	TypeSecret                = "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret"
)

// Condition type and reasons of the Programmed condition of an
// EnvoyPatchPolicy.
const (
	condProgrammed            = "Programmed"
	reasonProgrammed          = "Programmed"
	reasonPatchInvalid        = "Invalid"
	reasonResourceNotFound    = "ResourceNotFound"
	msgPatchesApplied         = "Patches have been successfully applied."
	msgResourcesNotFoundStart = "Unable to find xds resources: "
)

// PatchedResource is one resource that EnvoyPatchPolicies changed or added,
// as DryRunPatches reports it.
type PatchedResource struct {
	// Type is the resource's type URL and Name its name.
	Type, Name string
	// Policies are the policies (namespace/name) whose patches changed the
	// resource, in the order they were applied.
	Policies []string
	// Before and After are the resource's JSON form (proto field names,
	// indented) before the first patch and after the last; Before is nil
	// for a resource a patch added.
	Before, After []byte
	// Diff is a line diff of Before and After, lines prefixed with "-",
	// "+" or " ".
	Diff string
}

// DryRunPatches translates x as Translate does and reports, for every
// resource its EnvoyPatchPolicies changed or added, the configuration
// before and after and a readable diff, sorted by type and name. The
// returned resources are the patched ones, with the policies' statuses.
func DryRunPatches(x *ir.Xds, opts ...Option) ([]PatchedResource, *Resources, error) {
	var changes []PatchedResource
	opts = append(slices.Clip(opts), func(o *options) { o.patchReport = &changes })
	r, err := Translate(x, opts...)
	if err != nil {
		return nil, nil, err
	}
	return changes, r, nil
}

// patchTarget is one resource list of Resources, seen generically.
type patchTarget struct {
	typ  string
	list func(r *Resources) *[]proto.Message
}

// applyPatches applies the patches of x's EnvoyPatchPolicies to r and sets
// r.EnvoyPatchPolicyStatuses. report, when not nil, receives the changed
// resources.
func applyPatches(r *Resources, policies []*ir.EnvoyPatchPolicy, report *[]PatchedResource) {
	if len(policies) == 0 {
		return
	}
	p := newPatcher(r)
	for _, pol := range policies {
		if pol == nil {
			continue
		}
		st := &ir.EnvoyPatchPolicyStatus{Name: pol.Name, Namespace: pol.Namespace, Generation: pol.Generation, Status: pol.Status.DeepCopy()}
		if st.Status == nil {
			st.Status = &ir.PolicyStatus{}
		}
		var errs []error
		var notFound []string
		for _, jp := range pol.JSONPatches {
			if jp == nil {
				continue
			}
			// Envoy Gateway's messages name the operation and path that
			// failed, not the patch's index; ours are the same.
			err := p.apply(jp, pol.Namespace+"/"+pol.Name)
			switch {
			case errors.Is(err, errResourceNotFound):
				notFound = append(notFound, jp.Type+"/"+jp.Name)
			case err != nil:
				errs = append(errs, err)
			}
		}
		if len(errs) > 0 {
			setPatchCondition(st, "False", reasonPatchInvalid, conditionMessage(errors.Join(errs...)))
		}
		if len(notFound) > 0 {
			setPatchCondition(st, "False", reasonResourceNotFound, msgResourcesNotFoundStart+strings.Join(notFound, ","))
		}
		if !hasCondition(st.Status, condProgrammed) && !acceptedFalse(st.Status) {
			setPatchCondition(st, "True", reasonProgrammed, msgPatchesApplied)
		}
		r.EnvoyPatchPolicyStatuses = append(r.EnvoyPatchPolicyStatuses, st)
	}
	p.finish(r, report)
}

var errResourceNotFound = errors.New("resource not found")

// patcher holds the resources being patched, by type and name.
type patcher struct {
	byType map[string]*patchList
}

// patchList is the resources of one type.
type patchList struct {
	msgs   []proto.Message
	byName map[string]int
	// before holds the JSON of each changed resource before its first
	// patch (nil for added ones), and policies who changed it.
	before   map[string][]byte
	added    map[string]bool
	policies map[string][]string
	newMsg   func() proto.Message
	name     func(proto.Message) string
}

func newPatcher(r *Resources) *patcher {
	p := &patcher{byType: map[string]*patchList{}}
	add := func(typ string, msgs []proto.Message, newMsg func() proto.Message, name func(proto.Message) string) {
		l := &patchList{msgs: msgs, byName: make(map[string]int, len(msgs)), before: map[string][]byte{},
			added: map[string]bool{}, policies: map[string][]string{}, newMsg: newMsg, name: name}
		for i, m := range msgs {
			l.byName[name(m)] = i
		}
		p.byType[typ] = l
	}
	add(TypeListener, asMessages(r.Listeners), func() proto.Message { return &listenerv3.Listener{} },
		func(m proto.Message) string { return m.(*listenerv3.Listener).GetName() })
	add(TypeRouteConfiguration, asMessages(r.Routes), func() proto.Message { return &routev3.RouteConfiguration{} },
		func(m proto.Message) string { return m.(*routev3.RouteConfiguration).GetName() })
	add(TypeCluster, asMessages(r.Clusters), func() proto.Message { return &clusterv3.Cluster{} },
		func(m proto.Message) string { return m.(*clusterv3.Cluster).GetName() })
	add(TypeClusterLoadAssignment, asMessages(r.Endpoints), func() proto.Message { return &endpointv3.ClusterLoadAssignment{} },
		func(m proto.Message) string { return m.(*endpointv3.ClusterLoadAssignment).GetClusterName() })
	add(TypeSecret, asMessages(r.Secrets), func() proto.Message { return &tlsv3.Secret{} },
		func(m proto.Message) string { return m.(*tlsv3.Secret).GetName() })
	return p
}

func asMessages[M proto.Message](in []M) []proto.Message {
	out := make([]proto.Message, len(in))
	for i, m := range in {
		out[i] = m
	}
	return out
}

func fromMessages[M proto.Message](in []proto.Message) []M {
	out := make([]M, len(in))
	for i, m := range in {
		out[i] = m.(M)
	}
	return out
}

var patchJSON = protojson.MarshalOptions{UseProtoNames: true}

// apply applies one patch of the policy named by.
func (p *patcher) apply(jp *ir.JSONPatch, by string) error {
	op := &jp.Operation
	if err := checkPatchOperation(op); err != nil {
		return err
	}
	l := p.byType[jp.Type]
	if l == nil {
		return fmt.Errorf("unsupported patch type %s", jp.Type)
	}
	if op.Op == ir.JSONPatchAdd && emptyPtr(op.Path) && emptyPtr(op.JSONPath) {
		// A whole new resource.
		m := l.newMsg()
		if err := protojson.Unmarshal(op.Value, m); err != nil {
			return fmt.Errorf("unable to unmarshal xds resource %s, err:%s", string(op.Value), err)
		}
		if err := validateMessage(m); err != nil {
			return fmt.Errorf("validation failed for xds resource %s, err:%s", jp.Type, err)
		}
		name := l.name(m)
		if _, ok := l.byName[name]; ok {
			return fmt.Errorf("xds resource %s/%s already exists", jp.Type, name)
		}
		l.byName[name] = len(l.msgs)
		l.msgs = append(l.msgs, m)
		l.added[name] = true
		l.policies[name] = append(l.policies[name], by)
		return nil
	}
	i, ok := l.byName[jp.Name]
	if !ok {
		return errResourceNotFound
	}
	doc, err := patchJSON.Marshal(l.msgs[i])
	if err != nil {
		return fmt.Errorf("unable to marshal xds resource %s, err: %w", jp.Type, err)
	}
	patched, err := applyJSONPatch(doc, op)
	if err != nil {
		return err
	}
	m := l.newMsg()
	if err := protojson.Unmarshal(patched, m); err != nil {
		return fmt.Errorf("unable to unmarshal xds resource %s, err:%s", string(patched), err)
	}
	if err := validateMessage(m); err != nil {
		return fmt.Errorf("validation failed for xds resource %s, err:%s", jp.Type, err)
	}
	if l.name(m) != jp.Name {
		return fmt.Errorf("a patch must not rename xds resource %s/%s", jp.Type, jp.Name)
	}
	if _, seen := l.before[jp.Name]; !seen && !l.added[jp.Name] {
		l.before[jp.Name] = doc
	}
	l.policies[jp.Name] = append(l.policies[jp.Name], by)
	l.msgs[i] = m
	return nil
}

// finish writes the patched lists back into r, sorted by name, and reports
// the changes.
func (p *patcher) finish(r *Resources, report *[]PatchedResource) {
	for _, typ := range []string{TypeListener, TypeRouteConfiguration, TypeCluster, TypeClusterLoadAssignment, TypeSecret} {
		l := p.byType[typ]
		if len(l.policies) == 0 {
			continue
		}
		if len(l.added) > 0 {
			slices.SortStableFunc(l.msgs, func(a, b proto.Message) int { return strings.Compare(l.name(a), l.name(b)) })
		}
		switch typ {
		case TypeListener:
			r.Listeners = fromMessages[*listenerv3.Listener](l.msgs)
		case TypeRouteConfiguration:
			r.Routes = fromMessages[*routev3.RouteConfiguration](l.msgs)
		case TypeCluster:
			r.Clusters = fromMessages[*clusterv3.Cluster](l.msgs)
		case TypeClusterLoadAssignment:
			r.Endpoints = fromMessages[*endpointv3.ClusterLoadAssignment](l.msgs)
		case TypeSecret:
			r.Secrets = fromMessages[*tlsv3.Secret](l.msgs)
		}
		if report == nil {
			continue
		}
		names := make([]string, 0, len(l.policies))
		for n := range l.policies {
			names = append(names, n)
		}
		slices.Sort(names)
		for _, n := range names {
			after, _ := patchJSON.Marshal(l.msgs[slices.IndexFunc(l.msgs, func(m proto.Message) bool { return l.name(m) == n })])
			pr := PatchedResource{Type: typ, Name: n, Policies: l.policies[n], After: indentJSON(after)}
			if !l.added[n] {
				pr.Before = indentJSON(l.before[n])
			}
			pr.Diff = lineDiff(string(pr.Before), string(pr.After))
			*report = append(*report, pr)
		}
	}
}

// applyJSONPatch applies op to doc: at op.Path, or at every location
// op.JSONPath selects (op.Path, when set, is then appended to each).
func applyJSONPatch(doc []byte, op *ir.JSONPatchOperation) ([]byte, error) {
	pointers := []string{derefOrZero(op.Path)}
	if op.JSONPath != nil {
		var err error
		pointers, err = jsonPathPointers(doc, *op.JSONPath, derefOrZero(op.Path))
		if err != nil {
			return nil, fmt.Errorf("unable to convert jsonPath: '%s' into jsonPointers, err: %s", *op.JSONPath, err)
		}
		if len(pointers) == 0 {
			return nil, fmt.Errorf("no jsonPointers were found while evaluating the jsonPath: '%s'. "+
				"Ensure the elements you are trying to select with the jsonPath exist in the document. "+
				"If you need to add a non-existing property, use the 'path' attribute", *op.JSONPath)
		}
	}
	opts := jsonpatch.NewApplyOptions()
	opts.EnsurePathExistsOnAdd = true
	for _, ptr := range pointers {
		o := jsonpatch.Operation{"op": rawJSON(string(op.Op)), "path": rawJSON(ptr)}
		if op.From != nil {
			o["from"] = rawJSON(*op.From)
		}
		if op.Value != nil {
			v := jsonRaw(slices.Clone(op.Value))
			o["value"] = &v
		}
		out, err := jsonpatch.Patch{o}.ApplyWithOptions(doc, opts)
		if err != nil {
			return nil, fmt.Errorf("unable to apply patch: op=%s path=%s err: %s", op.Op, ptr, err)
		}
		doc = out
	}
	return doc, nil
}

// jsonPathPointers returns the JSON pointers of the locations path selects
// in doc, each followed by suffix.
func jsonPathPointers(doc []byte, path, suffix string) ([]string, error) {
	obj, err := oj.Parse(doc)
	if err != nil {
		return nil, fmt.Errorf("parsing json: %w", err)
	}
	x, err := jp.ParseString(path)
	if err != nil {
		return nil, fmt.Errorf("parsing jsonPath: %w", err)
	}
	if len(x) == 1 {
		if _, root := x[0].(jp.Root); root {
			return nil, errors.New("using only the root ('$') in a jsonPath expression is not allowed")
		}
	}
	var out []string
	for _, loc := range x.Locate(obj, 0) {
		var b strings.Builder
		for _, f := range loc {
			switch v := f.(type) {
			case jp.Root:
			case jp.Nth:
				fmt.Fprintf(&b, "/%d", int(v))
			case jp.Child:
				b.WriteByte('/')
				b.WriteString(strings.NewReplacer("~", "~0", "/", "~1").Replace(string(v)))
			default:
				return nil, fmt.Errorf("cannot turn %T of a located path into a JSON pointer", f)
			}
		}
		ptr := b.String()
		if suffix != "" {
			ptr = strings.TrimSuffix(ptr, "/") + "/" + strings.TrimPrefix(suffix, "/")
		}
		out = append(out, ptr)
	}
	return out, nil
}

// checkPatchOperation rejects operations RFC 6902 does not define, or
// whose fields do not fit the operation (Envoy Gateway's messages).
func checkPatchOperation(op *ir.JSONPatchOperation) error {
	if op.Op == ir.JSONPatchAdd && emptyPtr(op.Path) && emptyPtr(op.JSONPath) {
		if len(op.Value) == 0 {
			return errors.New("missing value for add operation with empty path")
		}
		return nil
	}
	if op.Path == nil && op.JSONPath == nil {
		return errors.New("a patch operation must specify a path or jsonPath")
	}
	switch op.Op {
	case ir.JSONPatchAdd, ir.JSONPatchReplace, ir.JSONPatchTest:
		if op.Value == nil {
			return fmt.Errorf("the %s operation requires a value", op.Op)
		}
		if op.From != nil {
			return fmt.Errorf("the %s operation doesn't support a from attribute", op.Op)
		}
	case ir.JSONPatchRemove:
		if op.From != nil || op.Value != nil {
			return errors.New("value and from can't be specified with the remove operation")
		}
	case ir.JSONPatchMove, ir.JSONPatchCopy:
		if op.From == nil {
			return fmt.Errorf("the %s operation requires a valid from attribute", op.Op)
		}
		if op.Value != nil {
			return fmt.Errorf("the %s operation doesn't support a value attribute", op.Op)
		}
	default:
		return errors.New("unsupported JSONPatch operation")
	}
	return nil
}

// validateMessage runs ValidateAll on a resource.
func validateMessage(m proto.Message) error {
	if v, ok := m.(interface{ ValidateAll() error }); ok {
		return v.ValidateAll()
	}
	return nil
}

func setPatchCondition(st *ir.EnvoyPatchPolicyStatus, status, reason, msg string) {
	c := ir.Condition{Type: condProgrammed, Status: status, Reason: reason, Message: msg, ObservedGeneration: st.Generation}
	for i := range st.Status.Ancestors {
		a := &st.Status.Ancestors[i]
		j := slices.IndexFunc(a.Conditions, func(c ir.Condition) bool { return c.Type == condProgrammed })
		if j < 0 {
			a.Conditions = append(a.Conditions, c)
		} else {
			a.Conditions[j] = c
		}
	}
}

func hasCondition(s *ir.PolicyStatus, typ string) bool {
	for _, a := range s.Ancestors {
		for _, c := range a.Conditions {
			if c.Type == typ {
				return true
			}
		}
	}
	return false
}

func acceptedFalse(s *ir.PolicyStatus) bool {
	for _, a := range s.Ancestors {
		for _, c := range a.Conditions {
			if c.Type == "Accepted" && c.Status == "False" {
				return true
			}
		}
	}
	return false
}

// conditionMessage makes an error a condition message: first letter upper
// case, a full stop at the end.
func conditionMessage(err error) string {
	m := []rune(err.Error())
	if len(m) == 0 {
		return ""
	}
	if unicode.IsLetter(m[0]) {
		m[0] = unicode.ToUpper(m[0])
	}
	if m[len(m)-1] != '.' {
		m = append(m, '.')
	}
	return string(m)
}

func emptyPtr(p *string) bool { return p == nil || *p == "" }
