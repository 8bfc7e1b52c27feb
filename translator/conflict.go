package translator

import (
	"fmt"
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// detectListenerConflicts marks listeners that cannot share a port with
// others, Conflicted=True, in Envoy Gateway's order of checks. Only
// listeners whose own spec is valid take part, so an invalid listener never
// blocks a valid one; a listener already marked conflicted is not checked
// again.
//
//  1. Protocols, per Gateway (and per merged fleet): on one port, all
//     listeners other than UDP must use one protocol, HTTPS and TLS counting
//     as one. Otherwise the non-UDP listeners on the port conflict
//     (ProtocolConflict), the message listing them all.
//  2. Hostnames, per Gateway: HTTP, HTTPS and TLS listeners on one port need
//     distinct hostnames (no hostname counts as one value). Listeners that
//     share one conflict (HostnameConflict).
//  3. Per Gateway, only the first TCP listener, and the first UDP
//     listener, of a port is kept (ProtocolConflict), whether or not an
//     earlier check marked it.
//  4. With merged Gateways, across the fleet only the first listener with a
//     given port, protocol and hostname is kept (HostnameConflict).
//
// In checks 1 and 2, listeners of a ListenerSet give way to those of higher
// precedence (lower rank): a Gateway's own listeners, then its
// ListenerSets in order. Among the Gateway's own listeners alone, every
// listener involved conflicts, as before ListenerSets existed.
func (t *translation) detectListenerConflicts() {
	groups := t.fleets()
	for _, gs := range t.gatewayList {
		protocolConflicts(gs.listeners)
	}
	if t.cfg.mergeGateways {
		for _, g := range groups {
			protocolConflicts(g)
		}
	}
	for _, gs := range t.gatewayList {
		hostnameConflicts(gs.listeners)
		layer4Conflicts(gs.listeners, gwapiv1.TCPProtocolType)
		layer4Conflicts(gs.listeners, gwapiv1.UDPProtocolType)
	}
	if t.cfg.mergeGateways {
		for _, g := range groups {
			mergedConflicts(g)
		}
	}
}

// fleets returns the listeners of each IR (one list per merged fleet), in
// Gateway and listener order; IRs are in order of their first Gateway.
func (t *translation) fleets() [][]*listenerState {
	var out [][]*listenerState
	at := map[string]int{}
	for _, gs := range t.gatewayList {
		i, ok := at[gs.irKey]
		if !ok {
			i = len(out)
			at[gs.irKey] = i
			out = append(out, nil)
		}
		out[i] = append(out[i], gs.listeners...)
	}
	return out
}

// conflictCandidate reports whether l takes part in conflict detection.
func conflictCandidate(l *listenerState) bool {
	return l.specValid && l.cond(gwapiv1.ListenerConditionConflicted) == nil
}

// byPort groups listeners by port, keeping listener order within a group
// and ordering groups by first appearance.
func byPort(ls []*listenerState, keep func(*listenerState) bool) [][]*listenerState {
	var out [][]*listenerState
	at := map[gwapiv1.PortNumber]int{}
	for _, l := range ls {
		if !keep(l) {
			continue
		}
		i, ok := at[l.spec.Port]
		if !ok {
			i = len(out)
			at[l.spec.Port] = i
			out = append(out, nil)
		}
		out[i] = append(out[i], l)
	}
	return out
}

// protocolFamily is the protocol a listener competes for its port with:
// HTTPS and TLS share one (both are TLS on the wire, told apart by SNI).
func protocolFamily(p gwapiv1.ProtocolType) string {
	if p == gwapiv1.HTTPSProtocolType || p == gwapiv1.TLSProtocolType {
		return "https/tls"
	}
	return string(p)
}

// knownProtocol reports whether p is one of the protocols translated.
func knownProtocol(p gwapiv1.ProtocolType) bool {
	switch p {
	case gwapiv1.HTTPProtocolType, gwapiv1.HTTPSProtocolType, gwapiv1.TLSProtocolType,
		gwapiv1.TCPProtocolType, gwapiv1.UDPProtocolType:
		return true
	}
	return false
}

// listenerNames joins the full names of ls for a conflict message.
func listenerNames(ls []*listenerState) string {
	names := make([]string, len(ls))
	for i, l := range ls {
		names[i] = l.fullName()
	}
	return strings.Join(names, ", ")
}

// rank is the listener's precedence in conflicts: 0 for a Gateway's own
// listeners, the ListenerSet's rank (1 for the first attached set) for a
// ListenerSet's. Lower ranks take precedence.
func (l *listenerState) rank() int {
	if l.set == nil {
		return 0
	}
	return l.set.rank
}

// topRank returns the lowest rank among ls (which is not empty).
func topRank(ls []*listenerState) int {
	top := ls[0].rank()
	for _, l := range ls[1:] {
		if r := l.rank(); r < top {
			top = r
		}
	}
	return top
}

// markConflicted sets Conflicted=True on l. A ListenerSet's listener that
// conflicts is not accepted either: it also gets Accepted and Programmed
// False with the same reason and message, unless an earlier check set
// them (a later check then only replaces Conflicted).
func markConflicted(l *listenerState, reason gwapiv1.ListenerConditionReason, msg string) {
	l.setCond(gwapiv1.ListenerConditionConflicted, metav1.ConditionTrue, string(reason), msg)
	if l.set == nil {
		return
	}
	if l.cond(gwapiv1.ListenerConditionAccepted) == nil {
		l.setCond(gwapiv1.ListenerConditionAccepted, metav1.ConditionFalse, string(reason), msg)
	}
	if l.cond(gwapiv1.ListenerConditionProgrammed) == nil {
		l.setCond(gwapiv1.ListenerConditionProgrammed, metav1.ConditionFalse, string(reason), msg)
	}
}

// protocolConflicts marks the listeners of a port whose protocols
// conflict. The listeners of the highest precedence on the port win when
// they agree on one protocol family: then only listeners of other
// families conflict. When they disagree among themselves, every listener
// on the port conflicts.
func protocolConflicts(ls []*listenerState) {
	keep := func(l *listenerState) bool {
		return conflictCandidate(l) && knownProtocol(l.spec.Protocol) && l.spec.Protocol != gwapiv1.UDPProtocolType
	}
	for _, group := range byPort(ls, keep) {
		families := map[string]bool{}
		for _, l := range group {
			families[protocolFamily(l.spec.Protocol)] = true
		}
		if len(families) <= 1 {
			continue
		}
		top := topRank(group)
		topFamilies := map[string]bool{}
		for _, l := range group {
			if l.rank() == top {
				topFamilies[protocolFamily(l.spec.Protocol)] = true
			}
		}
		msg := "All listeners for a given port must use a compatible protocol, conflicting listeners: " + listenerNames(group)
		for _, l := range group {
			if len(topFamilies) == 1 && topFamilies[protocolFamily(l.spec.Protocol)] {
				continue
			}
			markConflicted(l, gwapiv1.ListenerReasonProtocolConflict, msg)
		}
	}
}

// hostnameConflicts marks the HTTP, HTTPS and TLS listeners of a port
// that share a hostname with another. When exactly one of those sharing a
// hostname has the highest precedence, it keeps the hostname and only the
// others conflict; otherwise all of them do.
func hostnameConflicts(ls []*listenerState) {
	keep := func(l *listenerState) bool {
		if !conflictCandidate(l) {
			return false
		}
		switch l.spec.Protocol {
		case gwapiv1.HTTPProtocolType, gwapiv1.HTTPSProtocolType, gwapiv1.TLSProtocolType:
			return true
		}
		return false
	}
	for _, group := range byPort(ls, keep) {
		byHost := map[gwapiv1.Hostname][]*listenerState{}
		var order []gwapiv1.Hostname
		for _, l := range group {
			var h gwapiv1.Hostname
			if l.spec.Hostname != nil {
				h = *l.spec.Hostname
			}
			if _, ok := byHost[h]; !ok {
				order = append(order, h)
			}
			byHost[h] = append(byHost[h], l)
		}
		for _, h := range order {
			same := byHost[h]
			if len(same) < 2 {
				continue
			}
			msg := "All listeners for a given port must use a unique hostname, conflicting listeners: " + listenerNames(same)
			// A single listener of the highest precedence keeps the
			// hostname; several of them conflict with each other.
			top, n := topRank(same), 0
			for _, l := range same {
				if l.rank() == top {
					n++
				}
			}
			for _, l := range same {
				if n == 1 && l.rank() == top {
					continue
				}
				markConflicted(l, gwapiv1.ListenerReasonHostnameConflict, msg)
			}
		}
	}
}

// layer4Conflicts keeps the first listener of the given protocol (TCP or
// UDP) on each port and marks the others. Listeners already marked by an
// earlier check take part too: their Conflicted condition is replaced.
func layer4Conflicts(ls []*listenerState, protocol gwapiv1.ProtocolType) {
	keep := func(l *listenerState) bool { return l.specValid && l.spec.Protocol == protocol }
	msg := fmt.Sprintf("Only one %s listener is allowed in a given port", protocol)
	for _, group := range byPort(ls, keep) {
		for _, l := range group[1:] {
			markConflicted(l, gwapiv1.ListenerReasonProtocolConflict, msg)
		}
	}
}

// mergedKey is what must be unique across the listeners of merged Gateways.
type mergedKey struct {
	port     gwapiv1.PortNumber
	protocol gwapiv1.ProtocolType
	hostname gwapiv1.Hostname
}

func mergedConflicts(ls []*listenerState) {
	seen := map[mergedKey]bool{}
	for _, l := range ls {
		if !conflictCandidate(l) {
			continue
		}
		k := mergedKey{port: l.spec.Port, protocol: l.spec.Protocol}
		if l.spec.Hostname != nil {
			k.hostname = *l.spec.Hostname
		}
		if seen[k] {
			markConflicted(l, gwapiv1.ListenerReasonHostnameConflict, "Port, protocol and hostname tuple must be unique for every listener")
			continue
		}
		seen[k] = true
	}
}

// checkOverlappingTLS sets OverlappingTLSConfig=True on ready HTTPS
// listeners that share a port with another whose hostname, or whose
// certificate's DNS names, could match the same client name. A certificate
// overlap also marks their IR (TLSOverlaps), so that HTTP/2 connection
// coalescing is not offered. Listeners are compared within a Gateway, or across the fleet
// when Gateways are merged. Each listener reports the first listener it
// overlaps with; certificate overlaps replace hostname overlaps, as the
// Gateway API asks. Only a certificate overlap marks the IR: two listeners
// with overlapping hostnames but distinct certificates still offer HTTP/2.
func (t *translation) checkOverlappingTLS() {
	var groups [][]*listenerState
	if t.cfg.mergeGateways {
		groups = t.fleets()
	} else {
		for _, gs := range t.gatewayList {
			groups = append(groups, gs.listeners)
		}
	}
	for _, g := range groups {
		keep := func(l *listenerState) bool {
			return l.ready && l.http != nil && l.spec.Protocol == gwapiv1.HTTPSProtocolType
		}
		for _, port := range byPort(g, keep) {
			overlapHostnames(port)
			overlapCertificates(port)
		}
	}
}

// overlap records, for one listener, the other listener it overlaps with
// and the two names that overlap.
type overlap struct {
	other        *listenerState
	mine, theirs string
}

// pairOverlaps finds, for each listener, the first later listener it
// overlaps with by match, skipping listeners already paired.
func pairOverlaps(ls []*listenerState, match func(a, b *listenerState) (string, string, bool)) []*overlap {
	found := make([]*overlap, len(ls))
	for i := range ls {
		if found[i] != nil {
			continue
		}
		for j := i + 1; j < len(ls); j++ {
			if found[j] != nil {
				continue
			}
			a, b, ok := match(ls[i], ls[j])
			if !ok {
				continue
			}
			found[i] = &overlap{other: ls[j], mine: a, theirs: b}
			found[j] = &overlap{other: ls[i], mine: b, theirs: a}
			break
		}
	}
	return found
}

// overlapTarget names the other listener in an overlap message, with its
// Gateway when that is another Gateway.
func overlapTarget(l *listenerState, o *overlap) string {
	if o.other.gw.obj.Namespace == l.gw.obj.Namespace && o.other.gw.obj.Name == l.gw.obj.Name {
		return fmt.Sprintf("listener %s", o.other.spec.Name)
	}
	return fmt.Sprintf("listener %s of gateway %s", o.other.spec.Name, o.other.gw.obj.Name)
}

const alpnOverlapNote = " ALPN will default to HTTP/1.1 to prevent HTTP/2 connection coalescing, unless explicitly configured via ClientTrafficPolicy"

func overlapHostnames(ls []*listenerState) {
	found := pairOverlaps(ls, func(a, b *listenerState) (string, string, bool) {
		if !hostnamesOverlap(a.spec.Hostname, b.spec.Hostname) {
			return "", "", false
		}
		return hostnameString(a.spec.Hostname), hostnameString(b.spec.Hostname), true
	})
	for i, l := range ls {
		if o := found[i]; o != nil {
			l.setCond(gwapiv1.ListenerConditionOverlappingTLSConfig, metav1.ConditionTrue, string(gwapiv1.ListenerReasonOverlappingHostnames),
				fmt.Sprintf("The hostname %s overlaps with the hostname %s in %s.", o.mine, o.theirs, overlapTarget(l, o)))
		}
	}
}

func overlapCertificates(ls []*listenerState) {
	found := pairOverlaps(ls, func(a, b *listenerState) (string, string, bool) {
		for _, x := range a.certDNSNames {
			hx := gwapiv1.Hostname(x)
			for _, y := range b.certDNSNames {
				hy := gwapiv1.Hostname(y)
				if hostnamesOverlap(&hx, &hy) {
					return x, y, true
				}
			}
		}
		return "", "", false
	})
	for i, l := range ls {
		if o := found[i]; o != nil {
			l.setCond(gwapiv1.ListenerConditionOverlappingTLSConfig, metav1.ConditionTrue, string(gwapiv1.ListenerReasonOverlappingCertificates),
				fmt.Sprintf("The certificate SAN %s overlaps with the certificate SAN %s in %s.%s", o.mine, o.theirs, overlapTarget(l, o), alpnOverlapNote))
			l.http.TLSOverlaps = true
		}
	}
}

func hostnameString(h *gwapiv1.Hostname) string {
	if h == nil {
		return ""
	}
	return string(*h)
}

// hostnamesOverlap reports whether some client name could match both a
// and b. No hostname matches everything.
func hostnamesOverlap(a, b *gwapiv1.Hostname) bool {
	if a == nil || b == nil {
		return true
	}
	return hostnameCovers(string(*a), string(*b)) || hostnameCovers(string(*b), string(*a))
}

// hostnameCovers reports whether name is matched by pattern: equal, or
// pattern is a wildcard (*.suffix) and name is a single label followed by
// .suffix.
func hostnameCovers(name, pattern string) bool {
	if len(pattern) > 1 && pattern[0] == '*' && !(len(name) > 1 && name[0] == '*') {
		suffix := pattern[1:]
		return strings.HasSuffix(name, suffix) && !strings.Contains(strings.TrimSuffix(name, suffix), ".")
	}
	return name == pattern
}
