package translator

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// lsClass is the GatewayClass that the ListenerSet tests' Gateways use.
const lsClass = `apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: eg}
spec: {controllerName: gateway.envoyproxy.io/gatewayclass-controller}
`

// lsGateway returns Gateway gw/gw with the given allowedListeners (a YAML
// flow mapping, or "" for none) and listeners (a flow sequence).
func lsGateway(allowed, listeners string) string {
	al := ""
	if allowed != "" {
		al = "\n  allowedListeners: " + allowed
	}
	return fmt.Sprintf(`---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {namespace: gw, name: gw}
spec:
  gatewayClassName: eg%s
  listeners: %s
`, al, listeners)
}

// lsDoc returns a ListenerSet ns/name whose parentRef names Gateway gw/gw,
// with the given metadata extras (", key: value" pairs) and listeners (a
// flow sequence).
func lsDoc(ns, name, meta, listeners string) string {
	return fmt.Sprintf(`---
apiVersion: gateway.networking.k8s.io/v1
kind: ListenerSet
metadata: {namespace: %s, name: %s%s}
spec:
  parentRef: {name: gw, namespace: gw}
  listeners: %s
`, ns, name, meta, listeners)
}

// nsDoc returns a Namespace with the given labels (a flow mapping).
func nsDoc(name, labels string) string {
	return fmt.Sprintf("---\napiVersion: v1\nkind: Namespace\nmetadata: {name: %s, labels: %s}\n", name, labels)
}

// conds renders conditions as "Status/Reason: Message" by type.
func conds(cs []metav1.Condition) map[string]string {
	out := map[string]string{}
	for _, c := range cs {
		out[c.Type] = fmt.Sprintf("%s/%s: %s", c.Status, c.Reason, c.Message)
	}
	return out
}

// listenerSetStatus returns the status of ListenerSet ns/name, failing
// the test when it has none.
func listenerSetStatus(t *testing.T, r *Result, ns, name string) *gwapiv1.ListenerSetStatus {
	t.Helper()
	for _, ls := range r.Statuses.ListenerSets {
		if ls.Namespace == ns && ls.Name == name {
			return &ls.Status
		}
	}
	t.Fatalf("ListenerSet %s/%s has no status", ns, name)
	return nil
}

// setListener returns the status entry of one listener of a ListenerSet.
func setListener(t *testing.T, st *gwapiv1.ListenerSetStatus, name string) gwapiv1.ListenerEntryStatus {
	t.Helper()
	for _, l := range st.Listeners {
		if string(l.Name) == name {
			return l
		}
	}
	t.Fatalf("listener %s has no status", name)
	return gwapiv1.ListenerEntryStatus{}
}

var (
	lsReady = map[string]string{
		"Programmed":   "True/Programmed: " + msgListenerProgrammed,
		"Accepted":     "True/Accepted: " + msgListenerAccepted,
		"ResolvedRefs": "True/ResolvedRefs: " + msgListenerResolved,
		"Conflicted":   "False/NoConflicts: No conflicts detected",
	}
	lsAllGood = map[string]string{
		"Accepted":   "True/Accepted: All listeners are accepted",
		"Programmed": "True/Programmed: All listeners are programmed",
	}
)

func TestListenerSetAllowed(t *testing.T) {
	docs := lsClass + nsDoc("gw", "{}") + nsDoc("team-a", "{team: a}") + nsDoc("team-b", "{team: b}")
	res, err := Load([]byte(docs))
	if err != nil {
		t.Fatal(err)
	}
	tr := &translation{cfg: defaults(), res: res, idx: newIndex(res)}
	from := func(f gwapiv1.FromNamespaces) *gwapiv1.FromNamespaces { return &f }
	tests := []struct {
		name    string
		allowed *gwapiv1.AllowedListeners
		setNS   string
		want    bool
	}{
		{"unset is None", nil, "gw", false},
		{"no namespaces", &gwapiv1.AllowedListeners{}, "gw", false},
		{"no from", &gwapiv1.AllowedListeners{Namespaces: &gwapiv1.ListenerNamespaces{}}, "gw", false},
		{"None", &gwapiv1.AllowedListeners{Namespaces: &gwapiv1.ListenerNamespaces{From: from(gwapiv1.NamespacesFromNone)}}, "gw", false},
		{"Same, same namespace", &gwapiv1.AllowedListeners{Namespaces: &gwapiv1.ListenerNamespaces{From: from(gwapiv1.NamespacesFromSame)}}, "gw", true},
		{"Same, other namespace", &gwapiv1.AllowedListeners{Namespaces: &gwapiv1.ListenerNamespaces{From: from(gwapiv1.NamespacesFromSame)}}, "team-a", false},
		{"All", &gwapiv1.AllowedListeners{Namespaces: &gwapiv1.ListenerNamespaces{From: from(gwapiv1.NamespacesFromAll)}}, "team-b", true},
		{"Selector matches", &gwapiv1.AllowedListeners{Namespaces: &gwapiv1.ListenerNamespaces{From: from(gwapiv1.NamespacesFromSelector),
			Selector: &metav1.LabelSelector{MatchLabels: map[string]string{"team": "a"}}}}, "team-a", true},
		{"Selector does not match", &gwapiv1.AllowedListeners{Namespaces: &gwapiv1.ListenerNamespaces{From: from(gwapiv1.NamespacesFromSelector),
			Selector: &metav1.LabelSelector{MatchLabels: map[string]string{"team": "a"}}}}, "team-b", false},
		{"Selector, namespace not among the inputs", &gwapiv1.AllowedListeners{Namespaces: &gwapiv1.ListenerNamespaces{From: from(gwapiv1.NamespacesFromSelector),
			Selector: &metav1.LabelSelector{}}}, "elsewhere", false},
		{"Selector missing", &gwapiv1.AllowedListeners{Namespaces: &gwapiv1.ListenerNamespaces{From: from(gwapiv1.NamespacesFromSelector)}}, "team-a", false},
		{"Selector that does not parse", &gwapiv1.AllowedListeners{Namespaces: &gwapiv1.ListenerNamespaces{From: from(gwapiv1.NamespacesFromSelector),
			Selector: &metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "team", Operator: "Bogus"}}}}}, "team-a", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			gs := &gatewayState{obj: &gwapiv1.Gateway{ObjectMeta: metav1.ObjectMeta{Namespace: "gw", Name: "gw"},
				Spec: gwapiv1.GatewaySpec{AllowedListeners: tc.allowed}}}
			ls := &gwapiv1.ListenerSet{ObjectMeta: metav1.ObjectMeta{Namespace: tc.setNS, Name: "ls"}}
			if got := tr.listenerSetAllowed(gs, ls); got != tc.want {
				t.Errorf("listenerSetAllowed = %v, want %v", got, tc.want)
			}
		})
	}
}

// TestListenerSetStatus covers the ListenerSet's own conditions in each
// way attachment can go, and the Gateway's attachedListenerSets.
func TestListenerSetStatus(t *testing.T) {
	http := `[{name: extra, protocol: HTTP, port: 8080}]`
	one := int32(1)
	tests := []struct {
		name string
		// setNS is the namespace of ListenerSet ls, the one checked.
		setNS     string
		docs      string
		want      map[string]string
		listeners map[string]map[string]string // nil: no listener statuses
		attached  *int32
	}{
		{
			setNS:     "gw",
			name:      "attached",
			docs:      lsGateway("{namespaces: {from: Same}}", `[{name: http, protocol: HTTP, port: 80}]`) + lsDoc("gw", "ls", "", http),
			want:      lsAllGood,
			listeners: map[string]map[string]string{"extra": lsReady},
			attached:  &one,
		},
		{
			setNS: "apps",
			name:  "not allowed by Same",
			docs:  lsGateway("{namespaces: {from: Same}}", `[{name: http, protocol: HTTP, port: 80}]`) + lsDoc("apps", "ls", "", http),
			want: map[string]string{
				"Accepted":   "False/NotAllowed: ListenerSet attachment from namespace apps not allowed by Gateway gw/gw",
				"Programmed": "False/NotAllowed: Not Programmed",
			},
		},
		{
			setNS: "gw",
			name:  "Gateway without allowedListeners",
			docs:  lsGateway("", `[{name: http, protocol: HTTP, port: 80}]`) + lsDoc("gw", "ls", "", http),
			want: map[string]string{
				"Accepted":   "False/NotAllowed: ListenerSet attachment from namespace gw not allowed by Gateway gw/gw",
				"Programmed": "False/NotAllowed: Not Programmed",
			},
		},
		{
			setNS: "gw",
			name:  "parent Gateway not accepted",
			docs: strings.Replace(lsGateway("{namespaces: {from: All}}", `[{name: http, protocol: HTTP, port: 80}]`),
				"gatewayClassName: eg", "gatewayClassName: eg\n  addresses: [{type: NamedAddress, value: x}]", 1) + lsDoc("gw", "ls", "", http),
			want: map[string]string{
				"Accepted":   "False/ParentNotAccepted: Parent Gateway gw/gw not accepted",
				"Programmed": "False/Programmed: Not Programmed",
			},
		},
		{
			setNS: "gw",
			name:  "no listener accepted",
			docs: lsGateway("{namespaces: {from: All}}", `[{name: http, protocol: HTTP, port: 80}]`) +
				lsDoc("gw", "ls", "", `[{name: bad, protocol: SCTP, port: 9000}]`),
			want: map[string]string{
				"Accepted":   "False/ListenersNotValid: No listeners are accepted",
				"Programmed": "False/ListenersNotValid: No listeners are programmed",
			},
			listeners: map[string]map[string]string{"bad": {
				"Accepted":     "False/UnsupportedProtocol: Protocol SCTP is unsupported, must be HTTP, HTTPS, TCP or UDP.",
				"Programmed":   "False/ListenersNotValid: " + msgListenerInvalid,
				"ResolvedRefs": "True/ResolvedRefs: " + msgListenerResolved,
			}},
		},
		{
			setNS: "gw",
			name:  "some listeners accepted",
			docs: lsGateway("{namespaces: {from: All}}", `[{name: http, protocol: HTTP, port: 80}]`) +
				lsDoc("gw", "ls", "", `[{name: good, protocol: HTTP, port: 8080}, {name: bad, protocol: SCTP, port: 9000}]`),
			want: map[string]string{
				"Accepted":   "True/ListenersNotValid: Some listeners are invalid",
				"Programmed": "True/Programmed: Some listeners are not programmed",
			},
			listeners: map[string]map[string]string{"good": lsReady, "bad": {
				"Accepted":     "False/UnsupportedProtocol: Protocol SCTP is unsupported, must be HTTP, HTTPS, TCP or UDP.",
				"Programmed":   "False/ListenersNotValid: " + msgListenerInvalid,
				"ResolvedRefs": "True/ResolvedRefs: " + msgListenerResolved,
			}},
			attached: &one,
		},
		{
			setNS: "gw",
			name:  "accepted but not programmed",
			docs: lsGateway("{namespaces: {from: All}}", `[{name: http, protocol: HTTP, port: 80}]`) +
				lsDoc("gw", "ls", "", `[{name: https, protocol: HTTPS, port: 8443, tls: {certificateRefs: [{name: missing}]}}]`),
			want: map[string]string{
				"Accepted":   "True/Accepted: All listeners are accepted",
				"Programmed": "False/ListenersNotValid: No listeners are programmed",
			},
			listeners: map[string]map[string]string{"https": {
				"Accepted":     "True/Accepted: " + msgListenerAccepted,
				"Programmed":   "False/ListenersNotValid: " + msgListenerInvalid,
				"ResolvedRefs": "False/InvalidCertificateRef: No valid secrets exist: certificate refs 0: Secret gw/missing does not exist.",
			}},
			attached: &one,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := translateYAML(t, lsClass+tc.docs)
			st := listenerSetStatus(t, r, tc.setNS, "ls")
			if diff := cmp.Diff(tc.want, conds(st.Conditions)); diff != "" {
				t.Errorf("ListenerSet conditions (-want +got):\n%s", diff)
			}
			if tc.listeners == nil && len(st.Listeners) != 0 {
				t.Errorf("got listener statuses %+v, want none", st.Listeners)
			}
			for name, want := range tc.listeners {
				if diff := cmp.Diff(want, conds(setListener(t, st, name).Conditions)); diff != "" {
					t.Errorf("listener %s conditions (-want +got):\n%s", name, diff)
				}
			}
			if diff := cmp.Diff(tc.attached, r.Statuses.Gateways[0].Status.AttachedListenerSets); diff != "" {
				t.Errorf("attachedListenerSets (-want +got):\n%s", diff)
			}
		})
	}
}

// TestListenerSetIgnoredWhenParentIsNotOurs checks that a ListenerSet
// whose parent is not a Gateway translated here gets no status.
func TestListenerSetIgnoredWhenParentIsNotOurs(t *testing.T) {
	docs := lsClass + lsGateway("{namespaces: {from: All}}", `[{name: http, protocol: HTTP, port: 80}]`) +
		strings.Replace(lsDoc("gw", "elsewhere", "", `[{name: x, protocol: HTTP, port: 81}]`), "name: gw, namespace: gw", "name: other, namespace: gw", 1) +
		strings.Replace(lsDoc("gw", "not-a-gateway", "", `[{name: x, protocol: HTTP, port: 82}]`), "{name: gw,", "{kind: Service, name: gw,", 1)
	r := translateYAML(t, docs)
	if len(r.Statuses.ListenerSets) != 0 {
		t.Errorf("got statuses for %d ListenerSets, want none", len(r.Statuses.ListenerSets))
	}
	if len(r.IR["gw/gw"].HTTP) != 1 {
		t.Errorf("got %d HTTP listeners in IR, want the Gateway's only", len(r.IR["gw/gw"].HTTP))
	}
}

// TestListenerSetConflicts checks the precedence between a Gateway's
// listeners and its ListenerSets' in conflicts: the Gateway first, then
// the sets in order; listeners of one owner that clash all lose.
func TestListenerSetConflicts(t *testing.T) {
	hostnameMsg := "All listeners for a given port must use a unique hostname, conflicting listeners: "
	protocolMsg := "All listeners for a given port must use a compatible protocol, conflicting listeners: "
	lost := func(reason, msg string) map[string]string {
		return map[string]string{
			"Conflicted":   "True/" + reason + ": " + msg,
			"Accepted":     "False/" + reason + ": " + msg,
			"Programmed":   "False/" + reason + ": " + msg,
			"ResolvedRefs": "True/ResolvedRefs: " + msgListenerResolved,
		}
	}
	docs := lsClass +
		lsGateway("{namespaces: {from: All}}", `[{name: web, protocol: HTTP, port: 80}, {name: named, protocol: HTTP, port: 81, hostname: a.com}]`) +
		// Older: a, then b, then c (input order differs).
		lsDoc("apps", "c", `, creationTimestamp: "2024-01-03T00:00:00Z"`, `[{name: twin-1, protocol: HTTP, port: 90}, {name: twin-2, protocol: HTTP, port: 90}]`) +
		lsDoc("apps", "b", `, creationTimestamp: "2024-01-02T00:00:00Z"`, `[{name: dup, protocol: HTTP, port: 81, hostname: b.com}, {name: tcp, protocol: TCP, port: 80}]`) +
		lsDoc("apps", "a", `, creationTimestamp: "2024-01-01T00:00:00Z"`, `[{name: dup, protocol: HTTP, port: 81, hostname: b.com}, {name: web, protocol: HTTP, port: 80}, {name: tcp, protocol: TCP, port: 80}, {name: ok, protocol: HTTP, port: 80, hostname: ok.com}]`)
	r := translateYAML(t, docs)

	// The Gateway's listeners win every conflict they are part of.
	for _, l := range []string{"web", "named"} {
		want := map[string]string{
			"Programmed":   "True/Programmed: " + msgListenerProgrammed,
			"Accepted":     "True/Accepted: " + msgListenerAccepted,
			"ResolvedRefs": "True/ResolvedRefs: " + msgListenerResolved,
		}
		if diff := cmp.Diff(want, listenerConds(t, r, 0, l)); diff != "" {
			t.Errorf("Gateway listener %s (-want +got):\n%s", l, diff)
		}
	}
	port80 := protocolMsg + "gw/gw/web, apps/a/web, apps/a/tcp, apps/a/ok, apps/b/tcp"
	tests := []struct {
		set, listener string
		want          map[string]string
	}{
		// Same hostname as the Gateway's listener on port 80.
		{"a", "web", lost("HostnameConflict", hostnameMsg+"gw/gw/web, apps/a/web")},
		// Port 80 is HTTP on the Gateway: TCP listeners there lose.
		{"a", "tcp", lost("ProtocolConflict", port80)},
		// The second TCP listener of the port also loses the TCP check,
		// which replaces only its Conflicted condition.
		{"b", "tcp", func() map[string]string {
			m := lost("ProtocolConflict", port80)
			m["Conflicted"] = "True/ProtocolConflict: Only one TCP listener is allowed in a given port"
			return m
		}()},
		// An HTTP listener with a hostname of its own is fine on port 80.
		{"a", "ok", lsReady},
		// Between sets, the older one keeps the hostname.
		{"a", "dup", lsReady},
		{"b", "dup", lost("HostnameConflict", hostnameMsg+"apps/a/dup, apps/b/dup")},
		// Two listeners of one set that clash both lose.
		{"c", "twin-1", lost("HostnameConflict", hostnameMsg+"apps/c/twin-1, apps/c/twin-2")},
		{"c", "twin-2", lost("HostnameConflict", hostnameMsg+"apps/c/twin-1, apps/c/twin-2")},
	}
	for _, tc := range tests {
		st := listenerSetStatus(t, r, "apps", tc.set)
		if diff := cmp.Diff(tc.want, conds(setListener(t, st, tc.listener).Conditions)); diff != "" {
			t.Errorf("%s/%s (-want +got):\n%s", tc.set, tc.listener, diff)
		}
	}
	var names []string
	for _, l := range r.IR["gw/gw"].HTTP {
		names = append(names, l.Name)
	}
	wantNames := []string{"gw/gw/web", "gw/gw/named", "gw/gw/apps/a/dup", "gw/gw/apps/a/ok"}
	if diff := cmp.Diff(wantNames, names); diff != "" {
		t.Errorf("IR HTTP listeners (-want +got):\n%s", diff)
	}
	// Only set a has an accepted listener left.
	if got := r.Statuses.Gateways[0].Status.AttachedListenerSets; got == nil || *got != 1 {
		t.Errorf("attachedListenerSets = %v, want 1", got)
	}
}

// TestListenerSetCertificateRefs checks that a ListenerSet's listener
// refers to Secrets from the set's namespace: another namespace needs a
// ReferenceGrant from kind ListenerSet there.
func TestListenerSetCertificateRefs(t *testing.T) {
	grant := func(fromKind, fromNS string) string {
		return fmt.Sprintf(`---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata: {namespace: certs, name: g}
spec:
  from: [{group: gateway.networking.k8s.io, kind: %s, namespace: %s}]
  to: [{group: "", kind: Secret}]
`, fromKind, fromNS)
	}
	https := func(ref string) string {
		return lsDoc("apps", "ls", "", `[{name: https, protocol: HTTPS, port: 8443, tls: {certificateRefs: [`+ref+`]}}]`)
	}
	notPermitted := "False/RefNotPermitted: No valid secrets exist: certificate refs 0: " +
		"Certificate ref to secret certs/cert not permitted by any ReferenceGrant."
	tests := []struct {
		name     string
		docs     string
		resolved string
		certName string
	}{
		{"own namespace by default", https(`{name: cert}`) + tlsSecret(t, "apps", "cert", "a.example.com"),
			"True/ResolvedRefs: " + msgListenerResolved, "apps/cert"},
		{"other namespace without a grant", https(`{name: cert, namespace: certs}`) + tlsSecret(t, "certs", "cert", "a.example.com"),
			notPermitted, ""},
		{"other namespace with a grant to the ListenerSet", https(`{name: cert, namespace: certs}`) + tlsSecret(t, "certs", "cert", "a.example.com") +
			grant("ListenerSet", "apps"), "True/ResolvedRefs: " + msgListenerResolved, "certs/cert"},
		{"a grant to the parent Gateway does not count", https(`{name: cert, namespace: certs}`) + tlsSecret(t, "certs", "cert", "a.example.com") +
			grant("Gateway", "gw"), notPermitted, ""},
		{"a grant to another namespace does not count", https(`{name: cert, namespace: certs}`) + tlsSecret(t, "certs", "cert", "a.example.com") +
			grant("ListenerSet", "gw"), notPermitted, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := translateYAML(t, lsClass+lsGateway("{namespaces: {from: All}}", `[{name: http, protocol: HTTP, port: 80}]`)+tc.docs)
			got := conds(setListener(t, listenerSetStatus(t, r, "apps", "ls"), "https").Conditions)
			if got["ResolvedRefs"] != tc.resolved {
				t.Errorf("ResolvedRefs = %q, want %q", got["ResolvedRefs"], tc.resolved)
			}
			var certName string
			for _, l := range r.IR["gw/gw"].HTTP {
				if l.Name == "gw/gw/apps/ls/https" && l.TLS != nil && len(l.TLS.Certificates) == 1 {
					certName = l.TLS.Certificates[0].Name
				}
			}
			if certName != tc.certName {
				t.Errorf("IR certificate = %q, want %q", certName, tc.certName)
			}
		})
	}
}

// TestListenerSetRouteAttachment checks routes attaching through a
// parentRef of kind ListenerSet, by sectionName, and that a parentRef to
// the Gateway reaches only the Gateway's own listeners.
func TestListenerSetRouteAttachment(t *testing.T) {
	route := func(name, ns, parent string) string {
		return fmt.Sprintf(`---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {namespace: %s, name: %s}
spec:
  parentRefs: [%s]
  rules: [{backendRefs: [{name: svc, port: 8080}]}]
`, ns, name, parent)
	}
	docs := lsClass + lsGateway("{namespaces: {from: Selector, selector: {matchLabels: {sets: allowed}}}}",
		`[{name: http, protocol: HTTP, port: 80, allowedRoutes: {namespaces: {from: All}}}]`) +
		// Same allows the ListenerSet's namespace (team), neither the
		// route's nor the Gateway's.
		lsDoc("team", "ls", "", `[{name: a, protocol: HTTP, port: 8080, allowedRoutes: {namespaces: {from: All}}}, {name: same, protocol: HTTP, port: 8081}]`) +
		lsDoc("apps", "denied", "", `[{name: a, protocol: HTTP, port: 8082}]`) +
		nsDoc("gw", "{}") + nsDoc("apps", "{}") + nsDoc("team", "{sets: allowed}") +
		route("by-section", "apps", `{group: gateway.networking.k8s.io, kind: ListenerSet, name: ls, namespace: team, sectionName: a}`) +
		route("by-gateway", "apps", `{name: gw, namespace: gw}`) +
		route("no-such-section", "apps", `{group: gateway.networking.k8s.io, kind: ListenerSet, name: ls, namespace: team, sectionName: nope}`) +
		route("other-namespace", "apps", `{kind: ListenerSet, name: ls, namespace: team, sectionName: same}`) +
		route("gateway-namespace", "gw", `{kind: ListenerSet, name: ls, namespace: team, sectionName: same}`) +
		route("same-namespace", "team", `{kind: ListenerSet, name: ls, sectionName: same}`) +
		route("not-attached", "apps", `{kind: ListenerSet, name: denied}`)
	r := translateYAML(t, docs)

	routeConds := map[string]map[string]string{}
	for _, hr := range r.Statuses.HTTPRoutes {
		routeConds[hr.Name] = parentConds(t, hr.Status.RouteStatus)
	}
	notAllowed := "False/NotAllowedByListeners: No listeners included by this parent ref allowed this attachment."
	want := map[string]string{
		"by-section":        condAccepted,
		"by-gateway":        condAccepted,
		"no-such-section":   "False/NoMatchingParent: No listeners match this parent ref",
		"other-namespace":   notAllowed,
		"gateway-namespace": notAllowed,
		"same-namespace":    condAccepted,
	}
	for name, accepted := range want {
		if got := routeConds[name]["Accepted"]; got != accepted {
			t.Errorf("route %s Accepted = %q, want %q", name, got, accepted)
		}
	}
	if _, ok := routeConds["not-attached"]; ok {
		t.Errorf("route to a ListenerSet that is not attached got a status")
	}

	st := listenerSetStatus(t, r, "team", "ls")
	if n := setListener(t, st, "a").AttachedRoutes; n != 1 {
		t.Errorf("ListenerSet listener a attachedRoutes = %d, want 1", n)
	}
	if n := setListener(t, st, "same").AttachedRoutes; n != 1 {
		t.Errorf("ListenerSet listener same attachedRoutes = %d, want 1", n)
	}
	if n := attached(t, r, "http"); n != 1 {
		t.Errorf("Gateway listener http attachedRoutes = %d, want 1", n)
	}
	routes := map[string][]string{}
	for _, l := range r.IR["gw/gw"].HTTP {
		for _, rt := range l.Routes {
			routes[l.Name] = append(routes[l.Name], rt.Metadata.Name)
		}
	}
	wantRoutes := map[string][]string{
		"gw/gw/http":         {"by-gateway"},
		"gw/gw/team/ls/a":    {"by-section"},
		"gw/gw/team/ls/same": {"same-namespace"},
	}
	if diff := cmp.Diff(wantRoutes, routes); diff != "" {
		t.Errorf("IR routes by listener (-want +got):\n%s", diff)
	}
}

// TestListenerSetProcessingOrder checks that ListenerSets are processed
// oldest first whatever the input order (the older set keeps a contested
// hostname), or in input order with WithInputOrder, and that their
// statuses keep the input order.
func TestListenerSetProcessingOrder(t *testing.T) {
	docs := lsClass + lsGateway("{namespaces: {from: All}}", `[{name: http, protocol: HTTP, port: 80}]`) +
		lsDoc("apps", "newer", `, creationTimestamp: "2024-01-02T00:00:00Z"`, `[{name: x, protocol: HTTP, port: 81}]`) +
		lsDoc("apps", "older", `, creationTimestamp: "2024-01-01T00:00:00Z"`, `[{name: x, protocol: HTTP, port: 81}]`)
	winner := func(opts ...Option) string {
		t.Helper()
		r := translateYAML(t, docs, opts...)
		var order []string
		for _, ls := range r.Statuses.ListenerSets {
			order = append(order, ls.Name)
		}
		if diff := cmp.Diff([]string{"newer", "older"}, order); diff != "" {
			t.Errorf("status order (-want +got):\n%s", diff)
		}
		var won []string
		for _, name := range order {
			if conds(setListener(t, listenerSetStatus(t, r, "apps", name), "x").Conditions)["Conflicted"] == lsReady["Conflicted"] {
				won = append(won, name)
			}
		}
		if len(won) != 1 {
			t.Fatalf("winners %v, want exactly one", won)
		}
		return won[0]
	}
	if got := winner(); got != "older" {
		t.Errorf("default order: %s won, want older", got)
	}
	if got := winner(WithInputOrder(true)); got != "newer" {
		t.Errorf("input order: %s won, want newer", got)
	}
}

// TestListenerSetBadInput checks that ListenerSets with missing or odd
// fields, and nil entries, do not panic.
func TestListenerSetBadInput(t *testing.T) {
	res, err := Load([]byte(lsClass + lsGateway("{namespaces: {from: All}}", `[{name: http, protocol: HTTP, port: 80}]`) +
		lsDoc("gw", "empty", "", `[]`) +
		lsDoc("gw", "blank", "", `[{}]`) +
		lsDoc("gw", "twice", "", `[{name: a, protocol: HTTP, port: 81}, {name: a, protocol: HTTPS, port: 81, tls: {}}]`)))
	if err != nil {
		t.Fatal(err)
	}
	res.ListenerSets = append(res.ListenerSets, nil, res.ListenerSets[0], &gwapiv1.ListenerSet{})
	r, err := Translate(res, WithGatewayClassName("eg"))
	if err != nil {
		t.Fatal(err)
	}
	if got := len(r.Statuses.ListenerSets); got != 3 {
		t.Errorf("got %d ListenerSet statuses, want 3 (a set listed twice is reported once)", got)
	}
	if got := len(listenerSetStatus(t, r, "gw", "twice").Listeners); got != 1 {
		t.Errorf("got %d listener entries for a repeated name, want 1", got)
	}
}
