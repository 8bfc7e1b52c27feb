package translator

import (
	"fmt"
	"testing"
)

// TestAppendXForwardedHost checks that an HTTPRouteFilter's
// urlRewrite.appendXForwardedHost reaches the IR route, alone or with a
// host rewrite, and stays unset when the filter leaves it out.
func TestAppendXForwardedHost(t *testing.T) {
	const manifest = httpGateway + `apiVersion: gateway.envoyproxy.io/v1alpha1
kind: HTTPRouteFilter
metadata: {name: f, namespace: ns}
spec:
  urlRewrite: %s
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r, namespace: ns}
spec:
  parentRefs: [{name: gw}]
  rules:
  - filters:
    - type: ExtensionRef
      extensionRef: {group: gateway.envoyproxy.io, kind: HTTPRouteFilter, name: f}
`
	tests := []struct {
		rewrite string
		want    string // "" for unset
		header  bool
	}{
		{`{appendXForwardedHost: false}`, "false", false},
		{`{appendXForwardedHost: true, hostname: {type: Header, header: my-host}}`, "true", true},
		{`{hostname: {type: Header, header: my-host}}`, "", true},
	}
	for _, tc := range tests {
		t.Run(tc.rewrite, func(t *testing.T) {
			out := translateYAML(t, fmt.Sprintf(manifest, tc.rewrite))
			routes := out.IR["ns/gw"].HTTP[0].Routes
			if len(routes) != 1 || routes[0].URLRewrite == nil {
				t.Fatalf("want one route with a URL rewrite, got %+v", routes)
			}
			rw := routes[0].URLRewrite
			got := ""
			if rw.AppendXForwardedHost != nil {
				got = fmt.Sprint(*rw.AppendXForwardedHost)
			}
			if got != tc.want {
				t.Errorf("appendXForwardedHost = %q, want %q", got, tc.want)
			}
			if (rw.Host != nil && rw.Host.Header != nil) != tc.header {
				t.Errorf("host rewrite %+v, want header rewrite %v", rw.Host, tc.header)
			}
		})
	}
}

// TestWebSocketBackendsUseHTTP1 checks that a Service port whose
// appProtocol is WebSocket is reached over HTTP/1.1 only, and that other
// ports are not forced.
func TestWebSocketBackendsUseHTTP1(t *testing.T) {
	const manifest = httpGateway + `apiVersion: v1
kind: Service
metadata: {name: svc, namespace: ns}
spec:
  ports:
  - {name: p, port: 8080, appProtocol: %s}
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: svc-1, namespace: ns, labels: {kubernetes.io/service-name: svc}}
addressType: IPv4
ports: [{name: p, port: 8080}]
endpoints: [{addresses: [10.0.0.1]}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r, namespace: ns}
spec:
  parentRefs: [{name: gw}]
  rules: [{backendRefs: [{name: svc, port: 8080}]}]
`
	for ap, want := range map[string]bool{"kubernetes.io/ws": true, "kubernetes.io/wss": true, "kubernetes.io/h2c": false, "http": false} {
		t.Run(ap, func(t *testing.T) {
			out := translateYAML(t, fmt.Sprintf(manifest, ap))
			ds := out.IR["ns/gw"].HTTP[0].Routes[0].Destination.Settings[0]
			if ds.ForceHTTP1Upstream != want {
				t.Errorf("forceHTTP1Upstream = %v, want %v", ds.ForceHTTP1Upstream, want)
			}
		})
	}
}

// TestTrafficDistributionPrefersLocalZone checks that a Service that
// prefers the client's zone gets zone-aware routing, and one that does not
// gets none.
func TestTrafficDistributionPrefersLocalZone(t *testing.T) {
	const manifest = httpGateway + `apiVersion: v1
kind: Service
metadata: {name: svc, namespace: ns}
spec:
  ports: [{name: p, port: 8080}]
  %s
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: svc-1, namespace: ns, labels: {kubernetes.io/service-name: svc}}
addressType: IPv4
ports: [{name: p, port: 8080}]
endpoints: [{addresses: [10.0.0.1], zone: z1}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r, namespace: ns}
spec:
  parentRefs: [{name: gw}]
  rules: [{backendRefs: [{name: svc, port: 8080}]}]
`
	for spec, want := range map[string]bool{
		"trafficDistribution: PreferSameZone": true,
		"trafficDistribution: PreferClose":    true,
		"trafficDistribution: PreferSameNode": false,
		"type: ClusterIP":                     false,
	} {
		t.Run(spec, func(t *testing.T) {
			out := translateYAML(t, fmt.Sprintf(manifest, spec))
			ds := out.IR["ns/gw"].HTTP[0].Routes[0].Destination.Settings[0]
			if got := ds.PreferLocal != nil; got != want {
				t.Fatalf("preferLocal set = %v, want %v", got, want)
			}
			if want && (*ds.PreferLocal.MinEndpointsThreshold != 1 || *ds.PreferLocal.Force.MinEndpointsInZoneThreshold != 1) {
				t.Errorf("preferLocal = %+v, want thresholds of 1", ds.PreferLocal)
			}
			if z := ds.Endpoints[0].Zone; z == nil || *z != "z1" {
				t.Errorf("endpoint zone %v, want z1", z)
			}
		})
	}
}
