package translator

import (
	"sort"
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/gatewaykit/gatewaykit/policy"
)

// Route condition types and reasons that Gateway API does not define but
// Envoy Gateway reports.
const (
	routeConditionBackendsAvailable gwapiv1.RouteConditionType   = "BackendsAvailable"
	reasonEndpointsNotFound         gwapiv1.RouteConditionReason = "EndpointsNotFound"
	reasonUnsupportedAddressType    gwapiv1.RouteConditionReason = "UnsupportedAddressType"
	reasonInvalidAddress            gwapiv1.RouteConditionReason = "InvalidAddress"
	reasonInvalidBackendRef         gwapiv1.RouteConditionReason = "InvalidBackendRef"
	reasonInvalidBackendFilters     gwapiv1.RouteConditionReason = "InvalidBackendFilters"
	reasonPortNotFound              gwapiv1.RouteConditionReason = "PortNotFound"
	reasonPortNotSpecified          gwapiv1.RouteConditionReason = "PortNotSpecified"
	reasonIncompatibleFilters       gwapiv1.RouteConditionReason = "IncompatibleFilters"
	reasonNoReadyListeners          gwapiv1.RouteConditionReason = "NoReadyListeners"
)

// Messages of the conditions that do not carry details.
const (
	msgRouteAccepted     = "Route is accepted"
	msgRouteResolvedRefs = "Resolved all the Object references for the Route"
)

// routeProblem is one thing wrong with a route, destined for one condition
// type of the parentRef being processed.
type routeProblem struct {
	typ    gwapiv1.RouteConditionType
	reason gwapiv1.RouteConditionReason
	msg    string
}

// problems collects routeProblems by condition type, keeping the order in
// which the types first appeared.
type problems struct {
	types []gwapiv1.RouteConditionType
	byTyp map[gwapiv1.RouteConditionType][]routeProblem
}

func (p *problems) add(pr routeProblem) {
	if p.byTyp == nil {
		p.byTyp = map[gwapiv1.RouteConditionType][]routeProblem{}
	}
	if _, ok := p.byTyp[pr.typ]; !ok {
		p.types = append(p.types, pr.typ)
	}
	p.byTyp[pr.typ] = append(p.byTyp[pr.typ], pr)
}

func (p *problems) empty() bool { return len(p.types) == 0 }

// merged returns the reason and message of the condition that all the
// problems of one type make: distinct reasons sorted and comma-joined, and
// messages one per line.
func (p *problems) merged(t gwapiv1.RouteConditionType) (gwapiv1.RouteConditionReason, string) {
	list := p.byTyp[t]
	seen := map[gwapiv1.RouteConditionReason]bool{}
	var reasons []string
	for _, pr := range list {
		if pr.reason != "" && !seen[pr.reason] {
			seen[pr.reason] = true
			reasons = append(reasons, string(pr.reason))
		}
	}
	sort.Strings(reasons)
	var msg string
	if len(list) == 1 {
		msg = list[0].msg
	} else {
		parts := make([]string, len(list))
		for i, pr := range list {
			parts[i] = policy.ConditionText(pr.msg)
		}
		msg = strings.Join(parts, "\n")
	}
	return gwapiv1.RouteConditionReason(strings.Join(reasons, ",")), policy.ConditionText(msg)
}

// acceptedReason maps a reason to one that an Accepted condition may carry:
// reasons of other condition types become UnsupportedValue.
func acceptedReason(r gwapiv1.RouteConditionReason) gwapiv1.RouteConditionReason {
	switch r {
	case gwapiv1.RouteReasonNotAllowedByListeners, gwapiv1.RouteReasonNoMatchingListenerHostname,
		gwapiv1.RouteReasonNoMatchingParent, gwapiv1.RouteReasonUnsupportedValue:
		return r
	}
	return gwapiv1.RouteReasonUnsupportedValue
}

// parentStatus is the status of a route for one parentRef being built.
type parentStatus struct {
	conds []metav1.Condition
}

// set sets a condition, replacing one of the same type in place.
func (s *parentStatus) set(t gwapiv1.RouteConditionType, status metav1.ConditionStatus, reason gwapiv1.RouteConditionReason, msg string) {
	c := metav1.Condition{Type: string(t), Status: status, Reason: string(reason), Message: msg}
	for i := range s.conds {
		if s.conds[i].Type == c.Type {
			s.conds[i] = c
			return
		}
	}
	s.conds = append(s.conds, c)
}

// has reports whether a condition of type t with the given status is set.
func (s *parentStatus) has(t gwapiv1.RouteConditionType, status metav1.ConditionStatus) bool {
	for _, c := range s.conds {
		if c.Type == string(t) && c.Status == status {
			return true
		}
	}
	return false
}
