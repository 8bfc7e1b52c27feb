package translator

import (
	"fmt"
	"reflect"
	"testing"

	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/gatewaykit/gatewaykit/ir"
)

const l4Class = `apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: eg}
spec: {controllerName: ` + DefaultControllerName + `}
`

// l4Backend is Service default/svc with TCP port 8080 and UDP port 5353,
// and its endpoints.
const l4Backend = `---
apiVersion: v1
kind: Service
metadata: {name: svc, namespace: default}
spec:
  ports:
  - {name: tcp, port: 8080, protocol: TCP}
  - {name: dns, port: 5353, protocol: UDP}
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: svc-1, namespace: default, labels: {kubernetes.io/service-name: svc}}
addressType: IPv4
endpoints: [{addresses: [7.7.7.7], conditions: {ready: true}}]
ports:
- {name: tcp, port: 8080, protocol: TCP}
- {name: dns, port: 53, protocol: UDP}
`

// l4RouteDoc returns a route document of kind in namespace default whose
// parentRef is Gateway envoy-gateway/gw (section, when set) and whose spec
// continues with body.
func l4RouteDoc(kind, name, created, section, body string) string {
	ref := "{name: gw, namespace: envoy-gateway}"
	if section != "" {
		ref = fmt.Sprintf("{name: gw, namespace: envoy-gateway, sectionName: %s}", section)
	}
	return fmt.Sprintf(`---
apiVersion: gateway.networking.k8s.io/v1
kind: %s
metadata: {name: %s, namespace: default, creationTimestamp: "%s"}
spec:
  parentRefs: [%s]
%s
`, kind, name, created, ref, body)
}

// parentConds returns "Status/Reason: Message" by condition type for the
// first parent of a route status.
func parentConds(t *testing.T, st gwapiv1.RouteStatus) map[string]string {
	t.Helper()
	if len(st.Parents) != 1 {
		t.Fatalf("got %d parents, want 1", len(st.Parents))
	}
	out := map[string]string{}
	for _, c := range st.Parents[0].Conditions {
		out[c.Type] = fmt.Sprintf("%s/%s: %s", c.Status, c.Reason, c.Message)
	}
	return out
}

func attached(t *testing.T, r *Result, listener string) int32 {
	t.Helper()
	for _, l := range r.Statuses.Gateways[0].Status.Listeners {
		if string(l.Name) == listener {
			return l.AttachedRoutes
		}
	}
	t.Fatalf("listener %s has no status", listener)
	return 0
}

var (
	condAccepted = "True/Accepted: " + msgRouteAccepted
	condResolved = "True/ResolvedRefs: " + msgRouteResolvedRefs
)

func TestTCPRoutesShareAListener(t *testing.T) {
	rule := "  rules:\n  - backendRefs: [{name: svc, port: 8080}]"
	docs := l4Class + gatewayDoc("envoy-gateway", "gw", `  - {name: tcp, protocol: TCP, port: 162, allowedRoutes: {namespaces: {from: All}}}`) +
		l4Backend +
		// Listed newest first: the older route must still win the listener.
		l4RouteDoc("TCPRoute", "newer", "2024-01-02T00:00:00Z", "", rule) +
		l4RouteDoc("TCPRoute", "older", "2024-01-01T00:00:00Z", "", rule) +
		l4RouteDoc("TCPRoute", "two-rules", "2024-01-03T00:00:00Z", "", rule+"\n  - backendRefs: [{name: svc, port: 8080}]")
	r := translateYAML(t, docs)

	if got := len(r.Statuses.TCPRoutes); got != 3 {
		t.Fatalf("got %d TCPRoute statuses, want 3", got)
	}
	for i, name := range []string{"newer", "older"} {
		if r.Statuses.TCPRoutes[i].Name != name {
			t.Errorf("status %d is %s, want %s (input order)", i, r.Statuses.TCPRoutes[i].Name, name)
		}
		got := parentConds(t, r.Statuses.TCPRoutes[i].Status.RouteStatus)
		want := map[string]string{"Accepted": condAccepted, "ResolvedRefs": condResolved}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: conditions %v, want %v", name, got, want)
		}
	}
	got := parentConds(t, r.Statuses.TCPRoutes[2].Status.RouteStatus)
	want := map[string]string{"Accepted": "False/InvalidRule: One and only one rule is supported"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("two-rules: conditions %v, want %v", got, want)
	}
	if n := attached(t, r, "tcp"); n != 2 {
		t.Errorf("attachedRoutes %d, want 2 (both accepted routes count)", n)
	}

	l := r.IR["envoy-gateway/gw"].TCP[0]
	if len(l.Routes) != 1 {
		t.Fatalf("listener has %d routes, want only the oldest", len(l.Routes))
	}
	rt := l.Routes[0]
	if rt.Name != "tcproute/default/older" || rt.TLS != nil || rt.Destination == nil ||
		rt.Destination.Name != "tcproute/default/older/rule/-1" || len(rt.Destination.Settings) != 1 {
		t.Fatalf("route %+v", rt)
	}
	ds := rt.Destination.Settings[0]
	if ds.Name != "tcproute/default/older/rule/-1/backend/0" || ds.Protocol != ir.TCP ||
		len(ds.Endpoints) != 1 || ds.Endpoints[0].Host != "7.7.7.7" || ds.Endpoints[0].Port != 8080 {
		t.Errorf("setting %+v", ds)
	}
	if rt.Metadata == nil || rt.Metadata.Kind != kindTCPRoute || rt.Metadata.Name != "older" {
		t.Errorf("metadata %+v", rt.Metadata)
	}
}

func TestUDPRouteResolvesUDPPorts(t *testing.T) {
	docs := l4Class + gatewayDoc("envoy-gateway", "gw", `  - {name: udp, protocol: UDP, port: 53, allowedRoutes: {namespaces: {from: All}}}`) +
		l4Backend +
		l4RouteDoc("UDPRoute", "dns", "2024-01-01T00:00:00Z", "udp", "  rules:\n  - backendRefs: [{name: svc, port: 5353}]") +
		l4RouteDoc("UDPRoute", "tcp-port", "2024-01-02T00:00:00Z", "udp", "  rules:\n  - backendRefs: [{name: svc, port: 8080}]")
	r := translateYAML(t, docs)

	if got := parentConds(t, r.Statuses.UDPRoutes[0].Status.RouteStatus); got["Accepted"] != condAccepted || got["ResolvedRefs"] != condResolved {
		t.Errorf("dns: %v", got)
	}
	got := parentConds(t, r.Statuses.UDPRoutes[1].Status.RouteStatus)
	if got["Accepted"] != condAccepted || got["ResolvedRefs"] != "False/PortNotFound: UDP Port 8080 not found on Service default/svc" {
		t.Errorf("tcp-port: %v", got)
	}
	if n := attached(t, r, "udp"); n != 2 {
		t.Errorf("attachedRoutes %d, want 2", n)
	}
	u := r.IR["envoy-gateway/gw"].UDP[0].Route
	if u == nil || u.Name != "udproute/default/dns" || u.Destination == nil || len(u.Destination.Settings) != 1 {
		t.Fatalf("route %+v", u)
	}
	ds := u.Destination.Settings[0]
	if ds.Protocol != ir.UDP || len(ds.Endpoints) != 1 || ds.Endpoints[0].Port != 53 {
		t.Errorf("setting %+v", ds)
	}
}

func TestTLSRoutePassthroughSNIs(t *testing.T) {
	docs := l4Class + gatewayDoc("envoy-gateway", "gw", `  - {name: tls, protocol: TLS, port: 443, hostname: "*.example.com", tls: {mode: Passthrough}, allowedRoutes: {namespaces: {from: All}}}`) +
		l4Backend +
		l4RouteDoc("TLSRoute", "wide", "2024-01-01T00:00:00Z", "", "  hostnames: [\"*.com\"]\n  rules:\n  - backendRefs: [{name: svc, port: 8080}]") +
		l4RouteDoc("TLSRoute", "elsewhere", "2024-01-02T00:00:00Z", "", "  hostnames: [foo.org]\n  rules:\n  - backendRefs: [{name: svc, port: 8080}]")
	r := translateYAML(t, docs)

	if got := parentConds(t, r.Statuses.TLSRoutes[0].Status.RouteStatus); got["Accepted"] != condAccepted {
		t.Errorf("wide: %v", got)
	}
	got := parentConds(t, r.Statuses.TLSRoutes[1].Status.RouteStatus)
	if got["Accepted"] != "False/NoMatchingListenerHostname: There were no hostname intersections between the TLSRoute and this parent ref's Listener(s)." {
		t.Errorf("elsewhere: %v", got)
	}
	if n := attached(t, r, "tls"); n != 1 {
		t.Errorf("attachedRoutes %d, want 1", n)
	}
	l := r.IR["envoy-gateway/gw"].TCP[0]
	if len(l.Routes) != 1 {
		t.Fatalf("got %d routes", len(l.Routes))
	}
	rt := l.Routes[0]
	if rt.Name != "tlsroute/default/wide" || rt.TLS == nil || rt.TLS.Terminate != nil || rt.TLS.Inspector == nil ||
		!reflect.DeepEqual(rt.TLS.Inspector.SNIs, []string{"*.example.com"}) {
		t.Errorf("route %+v tls %+v", rt, rt.TLS)
	}
	if ds := rt.Destination.Settings[0]; ds.Protocol != ir.TCP {
		t.Errorf("protocol %s, want TCP", ds.Protocol)
	}
}

func TestTLSRouteTerminate(t *testing.T) {
	docs := l4Class + gatewayDoc("envoy-gateway", "gw", `  - {name: tls, protocol: TLS, port: 443, tls: {mode: Terminate, certificateRefs: [{name: cert}]}, allowedRoutes: {namespaces: {from: All}}}`) +
		tlsSecret(t, "envoy-gateway", "cert", "foo.example.com") + l4Backend +
		l4RouteDoc("TLSRoute", "t", "2024-01-01T00:00:00Z", "", "  rules:\n  - backendRefs: [{name: svc, port: 8080}]")
	r := translateYAML(t, docs)
	l := r.IR["envoy-gateway/gw"].TCP[0]
	if len(l.Routes) != 1 {
		t.Fatalf("got %d routes", len(l.Routes))
	}
	tls := l.Routes[0].TLS
	if tls == nil || tls.Terminate == nil || len(tls.Terminate.Certificates) != 1 || tls.Inspector == nil ||
		!reflect.DeepEqual(tls.Inspector.SNIs, []string{"*"}) {
		t.Errorf("tls %+v", tls)
	}
	if tls.Terminate == l.TLS {
		t.Error("the route shares the listener's TLS config; want a copy")
	}
}

func TestTLSRouteCrossNamespaceBackend(t *testing.T) {
	docs := l4Class + gatewayDoc("envoy-gateway", "gw", `  - {name: tls, protocol: TLS, port: 443, tls: {mode: Passthrough}, allowedRoutes: {namespaces: {from: All}}}`) +
		l4RouteDoc("TLSRoute", "t", "2024-01-01T00:00:00Z", "", "  rules:\n  - backendRefs: [{name: svc, namespace: other, port: 8080}]")
	r := translateYAML(t, docs)
	got := parentConds(t, r.Statuses.TLSRoutes[0].Status.RouteStatus)
	if got["ResolvedRefs"] != "False/RefNotPermitted: Backend ref to Service other/svc not permitted by any ReferenceGrant." {
		t.Errorf("conditions %v", got)
	}
	if rt := r.IR["envoy-gateway/gw"].TCP[0].Routes[0]; len(rt.Destination.Settings) != 0 {
		t.Errorf("settings %+v, want none", rt.Destination.Settings)
	}
}

func TestRoutesAttachToListenersThatAreNotReady(t *testing.T) {
	docs := l4Class + gatewayDoc("envoy-gateway", "gw", `  - {name: https, protocol: HTTPS, port: 443, tls: {mode: Terminate}, allowedRoutes: {namespaces: {from: All}}}
  - {name: tcp, protocol: TCP, port: 162, allowedRoutes: {namespaces: {from: All}}}
  - {name: tcp2, protocol: TCP, port: 162, allowedRoutes: {namespaces: {from: All}}}`) +
		l4Backend + `---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: h, namespace: default}
spec:
  parentRefs: [{name: gw, namespace: envoy-gateway, sectionName: https}]
  rules: [{backendRefs: [{name: svc, port: 8080}]}]
` + l4RouteDoc("TCPRoute", "t", "2024-01-01T00:00:00Z", "", "  rules:\n  - backendRefs: [{name: svc, port: 8080}]")
	r := translateYAML(t, docs)
	if got := parentConds(t, r.Statuses.HTTPRoutes[0].Status.RouteStatus); got["Accepted"] != condAccepted {
		t.Errorf("HTTPRoute on a listener without certificates: %v", got)
	}
	if got := parentConds(t, r.Statuses.TCPRoutes[0].Status.RouteStatus); got["Accepted"] != condAccepted {
		t.Errorf("TCPRoute on a listener and its conflicted twin: %v", got)
	}
	for _, l := range []string{"https", "tcp", "tcp2"} {
		if n := attached(t, r, l); n != 1 {
			t.Errorf("%s: attachedRoutes %d, want 1", l, n)
		}
	}
	// The HTTPS listener has no certificate and tcp2 lost the port to tcp:
	// neither gets IR; tcp does, with the route.
	x := r.IR["envoy-gateway/gw"]
	if len(x.HTTP) != 0 || len(x.TCP) != 1 || x.TCP[0].Name != "envoy-gateway/gw/tcp" || len(x.TCP[0].Routes) != 1 {
		t.Errorf("IR HTTP %+v TCP %+v, want only listener tcp, with the route", x.HTTP, x.TCP)
	}
}

func TestRouteNamespaceMustBeKnown(t *testing.T) {
	docs := l4Class + gatewayDoc("envoy-gateway", "gw", `  - {name: tcp, protocol: TCP, port: 162, allowedRoutes: {namespaces: {from: All}}}`) +
		l4Backend + `---
apiVersion: v1
kind: Namespace
metadata: {name: envoy-gateway}
` + l4RouteDoc("TCPRoute", "t", "2024-01-01T00:00:00Z", "", "  rules:\n  - backendRefs: [{name: svc, port: 8080}]")
	r := translateYAML(t, docs)
	got := parentConds(t, r.Statuses.TCPRoutes[0].Status.RouteStatus)
	if got["Accepted"] != "False/NotAllowedByListeners: No listeners included by this parent ref allowed this attachment." {
		t.Errorf("route in a namespace missing from the inputs: %v", got)
	}
	if n := attached(t, r, "tcp"); n != 0 {
		t.Errorf("attachedRoutes %d, want 0", n)
	}
}
