package translator

import (
	"fmt"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/types"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// ListenerSets
//
// A ListenerSet adds listeners to the Gateway its spec.parentRef names,
// when that Gateway's spec.allowedListeners admits the ListenerSet's
// namespace. Its listeners then belong to the Gateway's fleet like the
// Gateway's own: they are validated, checked for conflicts and turned into
// IR listeners in the same passes, after the Gateway's own listeners and in
// ListenerSet processing order (oldest first, then namespace/name; input
// order with WithInputOrder). Where they differ from a Gateway's listeners:
//
//   - names: a ListenerSet listener's IR (and xDS) listener is named
//     <gateway-namespace>/<gateway-name>/<set-namespace>/<set-name>/<listener>,
//     and conflict messages name it <set-namespace>/<set-name>/<listener>;
//   - namespaces: allowedRoutes.namespaces From Same means the ListenerSet's
//     namespace, and certificateRefs default to, and are granted from, the
//     ListenerSet's namespace (a ReferenceGrant from kind ListenerSet);
//   - conflicts: the Gateway's own listeners take precedence over those of
//     ListenerSets, and an earlier ListenerSet over a later one (see
//     conflict.go); a conflicted ListenerSet listener is also not accepted;
//   - status: listener entries live in the ListenerSet's status, with a
//     Conflicted=False/NoConflicts condition on listeners that are ready,
//     and reason ListenersNotValid where a Gateway listener would say
//     Invalid; the ListenerSet itself gets Accepted and Programmed
//     conditions summarising its listeners, and the Gateway counts the
//     accepted ListenerSets in status.attachedListenerSets.
//
// Routes attach to a ListenerSet's listeners through a parentRef of kind
// ListenerSet (group gateway.networking.k8s.io), selecting them by
// sectionName and port; a parentRef to the Gateway selects only the
// Gateway's own listeners.

// Kind names and condition messages of ListenerSets, spelled as Envoy
// Gateway spells them.
const (
	kindListenerSet = "ListenerSet"

	msgListenerSetNotProgrammed   = "Not Programmed"
	msgListenerSetAllAccepted     = "All listeners are accepted"
	msgListenerSetSomeInvalid     = "Some listeners are invalid"
	msgListenerSetNoneAccepted    = "No listeners are accepted"
	msgListenerSetAllProgrammed   = "All listeners are programmed"
	msgListenerSetSomeProgrammed  = "Some listeners are not programmed"
	msgListenerSetNoneProgrammed  = "No listeners are programmed"
	msgListenerSetListenerNoClash = "No conflicts detected"
)

// listenerSetState is one ListenerSet whose parent is a Gateway of a
// handled class.
type listenerSetState struct {
	// obj is the copy of the ListenerSet whose status is filled in.
	obj *gwapiv1.ListenerSet
	// gw is the parent Gateway's state: the Gateway the listeners are added
	// to when attached; for a set that is not attached, the Gateway it
	// names (which may be one that was not accepted).
	gw *gatewayState
	// listeners are the set's listeners in spec order; empty unless
	// attached.
	listeners []*listenerState
	// accepted is set, once the listeners have been validated, when the
	// set's Accepted condition is True: it is attached and at least one of
	// its listeners was accepted.
	accepted bool

	// attached is set when the parent Gateway was accepted and its
	// allowedListeners admit the set: its listeners are among the
	// Gateway's, and routes may name the set as a parent.
	attached bool
	// rank is the set's position among the sets attached to gw, from 1;
	// lower ranks take precedence in listener conflicts (0 stands for the
	// Gateway's own listeners).
	rank int
	// statuses are the working statuses of the set's listeners, one per
	// distinct listener name in spec order; listenerState.status points
	// into it. finishListenerSets copies them into obj.
	statuses []gwapiv1.ListenerStatus
}

// attachListenerSets processes the ListenerSets, in processingOrder, once
// every Gateway has its state: a set whose parentRef names a Gateway of a
// handled class gets a state and a status; if that Gateway was accepted
// and admits the set, the set's listeners are appended to the Gateway's.
// Sets whose parent is not ours get no status at all, as another
// controller owns them. A set listed twice is processed once. The copies
// are recorded in t.out.Statuses in input order.
func (t *translation) attachListenerSets() {
	if t.listenerSets == nil {
		t.listenerSets = map[types.NamespacedName]*listenerSetState{}
	}
	copies := make(map[*gwapiv1.ListenerSet]*gwapiv1.ListenerSet, len(t.res.ListenerSets))
	for _, in := range processingOrder(&t.cfg, t.res.ListenerSets) {
		if in == nil || copies[in] != nil {
			continue
		}
		key := nameOf(in.Namespace, in.Name)
		if t.listenerSets[key] != nil {
			continue
		}
		gw, accepted := t.parentOfListenerSet(in)
		if gw == nil {
			continue
		}
		set := &listenerSetState{obj: in.DeepCopy(), gw: gw}
		set.obj.Status.Listeners = nil
		copies[in] = set.obj
		t.listenerSets[key] = set
		t.listenerSetList = append(t.listenerSetList, set)

		parentName := fmt.Sprintf("%s/%s", gw.obj.Namespace, gw.obj.Name)
		switch {
		case !accepted:
			set.setCond(gwapiv1.ListenerSetConditionAccepted, metav1.ConditionFalse, gwapiv1.ListenerSetReasonParentNotAccepted,
				fmt.Sprintf("Parent Gateway %s not accepted", parentName))
			// Envoy Gateway reports reason Programmed here, though the
			// status is False.
			set.setCond(gwapiv1.ListenerSetConditionProgrammed, metav1.ConditionFalse, gwapiv1.ListenerSetReasonProgrammed,
				msgListenerSetNotProgrammed)
		case !t.listenerSetAllowed(gw, set.obj):
			set.setCond(gwapiv1.ListenerSetConditionAccepted, metav1.ConditionFalse, gwapiv1.ListenerSetReasonNotAllowed,
				fmt.Sprintf("ListenerSet attachment from namespace %s not allowed by Gateway %s", set.obj.Namespace, parentName))
			set.setCond(gwapiv1.ListenerSetConditionProgrammed, metav1.ConditionFalse, gwapiv1.ListenerSetReasonNotAllowed,
				msgListenerSetNotProgrammed)
		default:
			set.attach()
		}
	}
	for _, in := range t.res.ListenerSets {
		if cp := copies[in]; cp != nil {
			t.out.Statuses.ListenerSets = append(t.out.Statuses.ListenerSets, cp)
			delete(copies, in)
		}
	}
}

// parentOfListenerSet returns the state of the Gateway a ListenerSet's
// parentRef names (its namespace defaulting to the set's) and whether that
// Gateway was accepted; nil when the parentRef names something other than
// a Gateway, or a Gateway this translation does not handle.
func (t *translation) parentOfListenerSet(ls *gwapiv1.ListenerSet) (*gatewayState, bool) {
	ref := ls.Spec.ParentRef
	if ref.Group != nil && *ref.Group != gwapiv1.GroupName {
		return nil, false
	}
	if ref.Kind != nil && *ref.Kind != kindGateway {
		return nil, false
	}
	ns := ls.Namespace
	if ref.Namespace != nil && *ref.Namespace != "" {
		ns = string(*ref.Namespace)
	}
	key := nameOf(ns, string(ref.Name))
	if gw := t.gateways[key]; gw != nil {
		return gw, true
	}
	if gw := t.unacceptedGateways[key]; gw != nil {
		return gw, false
	}
	return nil, false
}

// listenerSetAllowed reports whether gw's spec.allowedListeners admits
// ListenerSet ls: From All admits any namespace, Same the Gateway's,
// Selector the namespaces among the inputs whose labels match the selector.
// Nothing is admitted when allowedListeners (or its from) is not set, as
// the default is None, nor when the selector is missing or cannot be
// parsed.
func (t *translation) listenerSetAllowed(gw *gatewayState, ls *gwapiv1.ListenerSet) bool {
	al := gw.obj.Spec.AllowedListeners
	if al == nil || al.Namespaces == nil || al.Namespaces.From == nil {
		return false
	}
	switch *al.Namespaces.From {
	case gwapiv1.NamespacesFromAll:
		return true
	case gwapiv1.NamespacesFromSame:
		return ls.Namespace == gw.obj.Namespace
	case gwapiv1.NamespacesFromSelector:
		if al.Namespaces.Selector == nil {
			return false
		}
		sel, err := metav1.LabelSelectorAsSelector(al.Namespaces.Selector)
		if err != nil {
			return false
		}
		ns := t.idx.namespaces[ls.Namespace]
		return ns != nil && sel.Matches(labels.Set(ns.Labels))
	}
	return false
}

// attach adds the set's listeners to its Gateway, after those already
// there, each with a working status entry; a listener whose name repeats
// an earlier one of the set shares that one's entry, as entries are keyed
// by name.
func (s *listenerSetState) attach() {
	gw := s.gw
	entries := s.obj.Spec.Listeners
	s.attached = true
	s.rank = len(gw.listenerSets) + 1
	gw.listenerSets = append(gw.listenerSets, s)
	// Allocated once: listener states point into it.
	s.statuses = make([]gwapiv1.ListenerStatus, 0, len(entries))
	s.listeners = make([]*listenerState, 0, len(entries))
	statusIdx := make(map[gwapiv1.SectionName]int, len(entries))
	for i := range entries {
		e := &entries[i]
		idx, seen := statusIdx[e.Name]
		if !seen {
			idx = len(s.statuses)
			statusIdx[e.Name] = idx
			s.statuses = append(s.statuses, gwapiv1.ListenerStatus{
				Name:           e.Name,
				SupportedKinds: []gwapiv1.RouteGroupKind{},
				Conditions:     []metav1.Condition{},
			})
		}
		l := &listenerState{gw: gw, set: s, spec: entryListener(e), statusIdx: idx}
		s.listeners = append(s.listeners, l)
	}
	for _, l := range s.listeners {
		l.status = &s.statuses[l.statusIdx]
	}
	gw.listeners = append(gw.listeners, s.listeners...)
}

// entryListener returns a ListenerSet's listener entry as a Gateway
// listener, so that one validation serves both. Pointer fields are shared
// with e.
func entryListener(e *gwapiv1.ListenerEntry) *gwapiv1.Listener {
	return &gwapiv1.Listener{
		Name:          e.Name,
		Hostname:      e.Hostname,
		Port:          e.Port,
		Protocol:      e.Protocol,
		TLS:           e.TLS,
		AllowedRoutes: e.AllowedRoutes,
	}
}

// setCond sets a condition on the ListenerSet's status.
func (s *listenerSetState) setCond(typ gwapiv1.ListenerSetConditionType, status metav1.ConditionStatus,
	reason gwapiv1.ListenerSetConditionReason, message string,
) {
	setCondition(&s.obj.Status.Conditions, string(typ), status, string(reason), message, s.obj.Generation)
}

// settleListenerSets sets, once every listener has settled, the Accepted
// and Programmed conditions of each attached ListenerSet from those of its
// listeners (all, some or none of them accepted, and programmed), records
// whether it was accepted, and counts the accepted sets of each Gateway in
// the Gateway's status.attachedListenerSets (left unset when none).
func (t *translation) settleListenerSets() {
	for _, s := range t.listenerSetList {
		if s.attached {
			s.summarize()
		}
	}
	for _, gs := range t.gatewayList {
		var n int32
		for _, s := range gs.listenerSets {
			if s.accepted {
				n++
			}
		}
		if n > 0 {
			gs.obj.Status.AttachedListenerSets = &n
		}
	}
}

// summarize sets the set's own conditions from its listeners' statuses.
// A set none of whose listeners was accepted is not accepted; with some
// accepted it is, with reason ListenersNotValid. It is programmed when
// any listener is.
func (s *listenerSetState) summarize() {
	allAccepted, anyAccepted := true, false
	allProgrammed, anyProgrammed := true, false
	for i := range s.statuses {
		st := &s.statuses[i]
		accepted := conditionIs(st.Conditions, string(gwapiv1.ListenerEntryConditionAccepted), metav1.ConditionTrue)
		programmed := conditionIs(st.Conditions, string(gwapiv1.ListenerEntryConditionProgrammed), metav1.ConditionTrue)
		allAccepted, anyAccepted = allAccepted && accepted, anyAccepted || accepted
		allProgrammed, anyProgrammed = allProgrammed && programmed, anyProgrammed || programmed
	}
	switch {
	case allAccepted:
		s.setCond(gwapiv1.ListenerSetConditionAccepted, metav1.ConditionTrue, gwapiv1.ListenerSetReasonAccepted, msgListenerSetAllAccepted)
	case anyAccepted:
		s.setCond(gwapiv1.ListenerSetConditionAccepted, metav1.ConditionTrue, gwapiv1.ListenerSetReasonListenersNotValid, msgListenerSetSomeInvalid)
	default:
		s.setCond(gwapiv1.ListenerSetConditionAccepted, metav1.ConditionFalse, gwapiv1.ListenerSetReasonListenersNotValid, msgListenerSetNoneAccepted)
	}
	switch {
	case allProgrammed:
		s.setCond(gwapiv1.ListenerSetConditionProgrammed, metav1.ConditionTrue, gwapiv1.ListenerSetReasonProgrammed, msgListenerSetAllProgrammed)
	case anyProgrammed:
		s.setCond(gwapiv1.ListenerSetConditionProgrammed, metav1.ConditionTrue, gwapiv1.ListenerSetReasonProgrammed, msgListenerSetSomeProgrammed)
	default:
		s.setCond(gwapiv1.ListenerSetConditionProgrammed, metav1.ConditionFalse, gwapiv1.ListenerSetReasonListenersNotValid, msgListenerSetNoneProgrammed)
	}
	s.accepted = allAccepted || anyAccepted
}

// conditionIs reports whether conds holds a condition of type typ with
// the given status.
func conditionIs(conds []metav1.Condition, typ string, status metav1.ConditionStatus) bool {
	for _, c := range conds {
		if c.Type == typ {
			return c.Status == status
		}
	}
	return false
}

// finishListenerSets copies the working listener statuses of every
// attached ListenerSet, attachedRoutes included, into its status copy.
// It runs after finishGateways has set each listener's attachedRoutes.
func (t *translation) finishListenerSets() {
	for _, s := range t.listenerSetList {
		if !s.attached {
			continue
		}
		out := make([]gwapiv1.ListenerEntryStatus, len(s.statuses))
		for i, st := range s.statuses {
			out[i] = gwapiv1.ListenerEntryStatus{
				Name:           st.Name,
				SupportedKinds: st.SupportedKinds,
				AttachedRoutes: st.AttachedRoutes,
				Conditions:     st.Conditions,
			}
		}
		s.obj.Status.Listeners = out
	}
}
