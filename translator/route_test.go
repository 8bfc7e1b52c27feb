package translator

import (
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/types"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/gatewaykit/gatewaykit/ir"
)

// routeFixture translates routes against one hand-built Gateway with an
// HTTP listener "http" on port 80 (hostname optional), so that route
// translation is tested without the Gateway pass.
func routeFixture(t *testing.T, yaml string, hostname string) (*translation, *listenerState) {
	t.Helper()
	res, err := Load([]byte(yaml))
	if err != nil {
		t.Fatal(err)
	}
	tr := &translation{cfg: defaults(), res: res, idx: newIndex(res),
		out: &Result{IR: map[string]*ir.Xds{}, Statuses: &Resources{}}, gateways: map[types.NamespacedName]*gatewayState{}}
	tr.cfg.backendEnabled = true
	gw := &gatewayState{obj: &gwapiv1.Gateway{}}
	gw.obj.Name, gw.obj.Namespace = "eg", "envoy-gateway"
	spec := &gwapiv1.Listener{Name: "http", Port: 80, Protocol: gwapiv1.HTTPProtocolType}
	if hostname != "" {
		h := gwapiv1.Hostname(hostname)
		spec.Hostname = &h
	}
	grp := gwapiv1.Group(gwapiv1.GroupName)
	ls := &listenerState{gw: gw, spec: spec, ready: true, http: &ir.HTTPListener{Name: "envoy-gateway/eg/http"},
		allowedKinds: []gwapiv1.RouteGroupKind{{Group: &grp, Kind: "HTTPRoute"}, {Group: &grp, Kind: "GRPCRoute"}}}
	ls.namespacesFrom = gwapiv1.NamespacesFromAll
	gw.listeners = []*listenerState{ls}
	tr.gatewayList = []*gatewayState{gw}
	tr.gateways[nameOf("envoy-gateway", "eg")] = gw
	tr.processHTTPRoutes()
	tr.processGRPCRoutes()
	return tr, ls
}

const routeObjects = `
apiVersion: v1
kind: Service
metadata: {name: svc, namespace: default}
spec:
  ports: [{name: http, port: 8080, protocol: TCP}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: svc-1, namespace: default, labels: {kubernetes.io/service-name: svc}}
addressType: IPv4
endpoints: [{addresses: [7.7.7.7], conditions: {ready: true}}]
ports: [{name: http, port: 8080, protocol: TCP}]
`

func cond(t *testing.T, st gwapiv1.RouteParentStatus, typ string) (string, string, string) {
	t.Helper()
	for _, c := range st.Conditions {
		if c.Type == typ {
			return string(c.Status), c.Reason, c.Message
		}
	}
	return "", "", ""
}

func TestHTTPRouteAttachesWithMatches(t *testing.T) {
	tr, ls := routeFixture(t, routeObjects+`
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r1, namespace: default, annotations: {gateway.envoyproxy.io/team: a, other: b}}
spec:
  hostnames: [foo.example.com]
  parentRefs: [{name: eg, namespace: envoy-gateway, sectionName: http}]
  rules:
  - name: first
    matches:
    - path: {type: Exact, value: /exact}
      method: GET
      headers: [{name: x, value: "1"}]
    - path: {type: PathPrefix, value: /p}
    backendRefs: [{name: svc, port: 8080}]
`, "")
	if len(tr.out.Statuses.HTTPRoutes) != 1 {
		t.Fatalf("statuses: %d", len(tr.out.Statuses.HTTPRoutes))
	}
	ps := tr.out.Statuses.HTTPRoutes[0].Status.Parents[0]
	if s, r, _ := cond(t, ps, "Accepted"); s != "True" || r != "Accepted" {
		t.Errorf("Accepted = %s %s", s, r)
	}
	if s, _, _ := cond(t, ps, "ResolvedRefs"); s != "True" {
		t.Errorf("ResolvedRefs = %s", s)
	}
	if ps.ControllerName != DefaultControllerName {
		t.Errorf("controller %q", ps.ControllerName)
	}
	if ls.attachedRoutes != 1 {
		t.Errorf("attachedRoutes %d", ls.attachedRoutes)
	}
	routes := ls.http.Routes
	if len(routes) != 2 {
		t.Fatalf("routes %d", len(routes))
	}
	r := routes[0] // Exact sorts first
	if r.Name != "httproute/default/r1/rule/0/match/0/foo_example_com" || r.Hostname != "foo.example.com" {
		t.Errorf("name %q host %q", r.Name, r.Hostname)
	}
	if r.PathMatch == nil || r.PathMatch.Exact == nil || *r.PathMatch.Exact != "/exact" {
		t.Errorf("path %+v", r.PathMatch)
	}
	if len(r.HeaderMatches) != 2 || r.HeaderMatches[1].Name != ":method" || *r.HeaderMatches[1].Exact != "GET" {
		t.Errorf("headers %+v", r.HeaderMatches)
	}
	if r.Metadata.SectionName != "first" || len(r.Metadata.Annotations) != 1 || r.Metadata.Annotations[0].Key != "team" {
		t.Errorf("metadata %+v", r.Metadata)
	}
	d := r.Destination
	if d == nil || d.Name != "httproute/default/r1/rule/0" || len(d.Settings) != 1 {
		t.Fatalf("destination %+v", d)
	}
	s := d.Settings[0]
	if s.Name != "httproute/default/r1/rule/0/backend/0" || s.Protocol != ir.HTTP || len(s.Endpoints) != 1 ||
		s.Endpoints[0].Host != "7.7.7.7" || s.Endpoints[0].Port != 8080 || *s.Weight != 1 || s.Metadata.SectionName != "8080" {
		t.Errorf("setting %+v", s)
	}
	if tr.res.HTTPRoutes[0].Status.Parents != nil {
		t.Error("input route was modified")
	}
}

func TestHTTPRouteMissingBackendAnswers500(t *testing.T) {
	tr, ls := routeFixture(t, routeObjects+`
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r1, namespace: default}
spec:
  parentRefs: [{name: eg, namespace: envoy-gateway}]
  rules:
  - backendRefs: [{name: nope, port: 8080}]
  - backendRefs: [{name: svc, port: 8080, weight: 3}, {name: other, namespace: elsewhere, port: 80}]
`, "")
	ps := tr.out.Statuses.HTTPRoutes[0].Status.Parents[0]
	s, r, m := cond(t, ps, "ResolvedRefs")
	if s != "False" || r != "BackendNotFound,RefNotPermitted" {
		t.Errorf("ResolvedRefs = %s %s", s, r)
	}
	want := "Failed to process route rule 0 backendRef 0: service default/nope not found.\n" +
		"Failed to process route rule 1 backendRef 1: Backend ref to Service elsewhere/other not permitted by any ReferenceGrant."
	if m != want {
		t.Errorf("message %q", m)
	}
	if s, _, _ := cond(t, ps, "Accepted"); s != "True" {
		t.Errorf("Accepted %s", s)
	}
	var r0, r1 *ir.HTTPRoute
	for _, r := range ls.http.Routes {
		if strings.Contains(r.Name, "rule/0/") {
			r0 = r
		} else {
			r1 = r
		}
	}
	if r0 == nil || r0.DirectResponse == nil || r0.DirectResponse.StatusCode != 500 || r0.Destination != nil {
		t.Errorf("rule 0: %+v", r0)
	}
	if r0.Name != "httproute/default/r1/rule/0/match/-1/*" {
		t.Errorf("name %q", r0.Name)
	}
	if r1 == nil || r1.Destination == nil || len(r1.Destination.Settings) != 2 || !r1.Destination.Settings[1].Invalid {
		t.Errorf("rule 1: %+v", r1)
	}
}

func TestHTTPRouteHostnameMismatch(t *testing.T) {
	tr, ls := routeFixture(t, routeObjects+`
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r1, namespace: default}
spec:
  hostnames: [bar.other.org]
  parentRefs: [{name: eg, namespace: envoy-gateway}, {name: not-ours}]
  rules:
  - backendRefs: [{name: svc, port: 8080}]
`, "*.example.com")
	parents := tr.out.Statuses.HTTPRoutes[0].Status.Parents
	if len(parents) != 1 {
		t.Fatalf("parents %d", len(parents))
	}
	if s, r, _ := cond(t, parents[0], "Accepted"); s != "False" || r != "NoMatchingListenerHostname" {
		t.Errorf("Accepted %s %s", s, r)
	}
	if len(ls.http.Routes) != 0 || ls.attachedRoutes != 0 {
		t.Errorf("attached %d routes", len(ls.http.Routes))
	}
}

func TestHTTPRouteFilterErrors(t *testing.T) {
	tr, ls := routeFixture(t, routeObjects+`
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r1, namespace: default}
spec:
  parentRefs: [{name: eg, namespace: envoy-gateway}]
  rules:
  - matches: [{path: {value: /a}}]
    filters:
    - type: RequestHeaderModifier
      requestHeaderModifier:
        set: [{name: "host", value: x}, {name: good, value: v}]
    backendRefs: [{name: svc, port: 8080}]
  - matches: [{path: {value: /b}}]
    filters:
    - type: RequestRedirect
      requestRedirect: {scheme: https}
`, "")
	ps := tr.out.Statuses.HTTPRoutes[0].Status.Parents[0]
	s, r, m := cond(t, ps, "PartiallyInvalid")
	if s != "True" || r != "UnsupportedValue" || !strings.HasPrefix(m, "Dropped Rule(s) [0]: Header: \"host\".") {
		t.Errorf("PartiallyInvalid %s %s %q", s, r, m)
	}
	if s, _, _ := cond(t, ps, "Accepted"); s != "True" {
		t.Errorf("Accepted %s", s)
	}
	for _, rt := range ls.http.Routes {
		switch {
		case strings.Contains(rt.Name, "rule/0/"):
			if rt.DirectResponse == nil || rt.DirectResponse.StatusCode != 500 || len(rt.AddRequestHeaders) != 1 {
				t.Errorf("rule 0 %+v", rt)
			}
		default:
			if rt.Redirect == nil || rt.Redirect.Port == nil || *rt.Redirect.Port != 443 {
				t.Errorf("rule 1 redirect %+v", rt.Redirect)
			}
		}
	}
}

func TestGRPCRouteMethodMatch(t *testing.T) {
	_, ls := routeFixture(t, routeObjects+`
---
apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata: {name: g, namespace: default}
spec:
  parentRefs: [{name: eg, namespace: envoy-gateway}]
  rules:
  - matches: [{method: {service: com.Foo, method: Bar}}, {method: {method: Baz}}]
    backendRefs: [{name: svc, port: 8080}]
`, "")
	if len(ls.http.Routes) != 2 {
		t.Fatalf("routes %d", len(ls.http.Routes))
	}
	r := ls.http.Routes[0]
	if r.PathMatch == nil || *r.PathMatch.Exact != "/com.Foo/Bar" || !r.IsHTTP2 || r.Destination.Settings[0].Protocol != ir.GRPC {
		t.Errorf("route %+v", r)
	}
	r = ls.http.Routes[1]
	if len(r.HeaderMatches) != 1 || r.HeaderMatches[0].Name != ":path" || *r.HeaderMatches[0].Suffix != "/Baz" {
		t.Errorf("route %+v", r.HeaderMatches)
	}
	if ls.http.GRPC == nil || !ls.http.GRPC.EnableGRPCWeb {
		t.Error("gRPC settings not set")
	}
}
