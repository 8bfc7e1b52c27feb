package policy

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// MaxAncestors is the most ancestors a policy status may list (the Gateway
// API CRD limit).
const MaxAncestors = 16

// Messages of conditions the engine sets.
const (
	MessageAccepted   = "Policy has been accepted."
	MessageAggregated = "Ancestors have been truncated because the number of policy ancestors exceeds 16."
)

// maxMessageLength bounds condition messages (the Kubernetes limit).
const maxMessageLength = 32768

// ConditionMessage turns an error into a condition message the way Envoy
// Gateway does (see ConditionText); nil gives "".
func ConditionMessage(err error) string {
	if err == nil {
		return ""
	}
	return ConditionText(err.Error())
}

// ConditionText turns an error text into a condition message the way
// Envoy Gateway does: first letter upper-cased, a final period added when
// missing.
func ConditionText(msg string) string {
	if msg == "" {
		return msg
	}
	r, size := utf8.DecodeRuneInString(msg)
	msg = string(unicode.ToUpper(r)) + msg[size:]
	if !strings.HasSuffix(msg, ".") {
		msg += "."
	}
	return msg
}

// AncestorRef builds the reference to a Gateway or ListenerSet (kind) as a
// policy status ancestor; section may be empty.
func AncestorRef(kind, namespace, name, section string) gwapiv1.ParentReference {
	g := gwapiv1.Group(gwapiv1.GroupName)
	k := gwapiv1.Kind(kind)
	ns := gwapiv1.Namespace(namespace)
	ref := gwapiv1.ParentReference{Group: &g, Kind: &k, Namespace: &ns, Name: gwapiv1.ObjectName(name)}
	if section != "" {
		s := gwapiv1.SectionName(section)
		ref.SectionName = &s
	}
	return ref
}

// StatusWriter builds a policy status with Envoy Gateway's semantics: one
// entry per ancestor (matched on every field of the reference), conditions
// merged by type.
type StatusWriter struct {
	Status     *gwapiv1.PolicyStatus
	Controller string
	Generation int64
}

// ancestor returns the entry for ref, adding it when missing.
func (w StatusWriter) ancestor(ref gwapiv1.ParentReference) *gwapiv1.PolicyAncestorStatus {
	for i := range w.Status.Ancestors {
		a := &w.Status.Ancestors[i]
		if string(a.ControllerName) == w.Controller && sameRef(&a.AncestorRef, &ref) {
			return a
		}
	}
	w.Status.Ancestors = append(w.Status.Ancestors, gwapiv1.PolicyAncestorStatus{
		AncestorRef:    ref,
		ControllerName: gwapiv1.GatewayController(w.Controller),
	})
	return &w.Status.Ancestors[len(w.Status.Ancestors)-1]
}

// bound keeps at most MaxAncestors+1 ancestors while they are added, by
// dropping the one that Truncate would drop first, as Envoy Gateway does
// so that a policy with thousands of ancestors costs O(1) per condition.
// The spare entry lets Truncate still see that there were more than
// MaxAncestors and mark the last one Aggregated. An ancestor dropped early
// and set again later comes back with only its later conditions.
func (w StatusWriter) bound() {
	if len(w.Status.Ancestors) <= MaxAncestors+1 {
		return
	}
	worst := 0
	for i := 1; i < len(w.Status.Ancestors); i++ {
		if lessAncestor(&w.Status.Ancestors[worst], &w.Status.Ancestors[i]) {
			worst = i
		}
	}
	w.Status.Ancestors = append(w.Status.Ancestors[:worst], w.Status.Ancestors[worst+1:]...)
}

// Set sets a condition on the ancestor ref, replacing one of the same type.
func (w StatusWriter) Set(ref gwapiv1.ParentReference, typ string, status metav1.ConditionStatus, reason, message string) {
	if len(message) > maxMessageLength {
		message = message[:maxMessageLength]
	}
	a := w.ancestor(ref)
	c := metav1.Condition{Type: typ, Status: status, Reason: reason, Message: message, ObservedGeneration: w.Generation}
	for i := range a.Conditions {
		if a.Conditions[i].Type == typ {
			a.Conditions[i] = c
			return
		}
	}
	a.Conditions = append(a.Conditions, c)
	if len(a.Conditions) == 1 {
		w.bound()
	}
}

// SetAccepted sets Accepted=True on ref unless an Accepted condition is
// already there.
func (w StatusWriter) SetAccepted(ref gwapiv1.ParentReference) {
	if w.has(ref, string(gwapiv1.PolicyConditionAccepted)) {
		return
	}
	w.Set(ref, string(gwapiv1.PolicyConditionAccepted), metav1.ConditionTrue, string(gwapiv1.PolicyReasonAccepted), MessageAccepted)
}

// SetInvalid sets Accepted=False with reason Invalid on ref.
func (w StatusWriter) SetInvalid(ref gwapiv1.ParentReference, message string) {
	w.Set(ref, string(gwapiv1.PolicyConditionAccepted), metav1.ConditionFalse, string(gwapiv1.PolicyReasonInvalid), message)
}

// AddWarning sets a Warning condition on ref, or, when there is one
// already, adds message to it ("; " separated) with reason Warnings when the
// reasons differ.
func (w StatusWriter) AddWarning(ref gwapiv1.ParentReference, reason, message string) {
	if message == "" {
		return
	}
	a := w.ancestor(ref)
	if c := meta.FindStatusCondition(a.Conditions, egv1a1.PolicyConditionWarning); c != nil {
		if !strings.Contains(c.Message, message) {
			message = c.Message + "; " + message
		} else {
			message = c.Message
		}
		if c.Reason != "" && c.Reason != reason {
			reason = "Warnings"
		}
	}
	w.Set(ref, egv1a1.PolicyConditionWarning, metav1.ConditionTrue, reason, message)
}

func (w StatusWriter) has(ref gwapiv1.ParentReference, typ string) bool {
	for i := range w.Status.Ancestors {
		a := &w.Status.Ancestors[i]
		if string(a.ControllerName) == w.Controller && sameRef(&a.AncestorRef, &ref) {
			return meta.FindStatusCondition(a.Conditions, typ) != nil
		}
	}
	return false
}

// Truncate keeps at most MaxAncestors ancestors: those not accepted first,
// then the overridden ones, then the rest, each group by namespace and
// name; the last one kept gets an Aggregated condition.
func (w StatusWriter) Truncate() {
	if len(w.Status.Ancestors) <= MaxAncestors {
		return
	}
	sort.SliceStable(w.Status.Ancestors, func(i, j int) bool {
		return lessAncestor(&w.Status.Ancestors[i], &w.Status.Ancestors[j])
	})
	w.Status.Ancestors = w.Status.Ancestors[:MaxAncestors]
	last := w.Status.Ancestors[MaxAncestors-1].AncestorRef
	w.Set(last, egv1a1.PolicyConditionAggregated, metav1.ConditionTrue, egv1a1.PolicyReasonAggregated, MessageAggregated)
}

func lessAncestor(a, b *gwapiv1.PolicyAncestorStatus) bool {
	ra, rb := ancestorRank(a), ancestorRank(b)
	if ra != rb {
		return ra < rb
	}
	na, nb := refNamespace(&a.AncestorRef), refNamespace(&b.AncestorRef)
	if na != nb {
		return na < nb
	}
	return a.AncestorRef.Name < b.AncestorRef.Name
}

func ancestorRank(a *gwapiv1.PolicyAncestorStatus) int {
	switch {
	case meta.IsStatusConditionFalse(a.Conditions, string(gwapiv1.PolicyConditionAccepted)):
		return 0
	case meta.IsStatusConditionTrue(a.Conditions, egv1a1.PolicyConditionOverridden):
		return 1
	default:
		return 2
	}
}

func refNamespace(r *gwapiv1.ParentReference) string {
	if r.Namespace == nil {
		return ""
	}
	return string(*r.Namespace)
}

func sameRef(a, b *gwapiv1.ParentReference) bool {
	return a.Name == b.Name && eqPtr(a.Group, b.Group) && eqPtr(a.Kind, b.Kind) &&
		eqPtr(a.Namespace, b.Namespace) && eqPtr(a.SectionName, b.SectionName) && eqPtr(a.Port, b.Port)
}

func eqPtr[T comparable](a, b *T) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}
