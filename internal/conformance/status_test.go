package conformance

import (
	"testing"
)

// Corpus cases the status comparator tests use (they skip when absent).
const (
	// Two listeners on one Gateway, two HTTPRoutes attached to it.
	caseGatewayRoutes = "gateway-with-two-listeners-with-multiple-httproutes"
	// BackendTrafficPolicies with ancestors, and a ratelimitConfig.
	casePolicies = "backendtrafficpolicy-with-ratelimit"
	// Four Backends, three of them named backend-fqdn; no Gateway.
	caseBackends = "backend-invalid-hostname-address"
	// EnvoyPatchPolicies, with envoyPatchPolicyStatuses in the xDS.
	casePatchPolicies = "envoypatchpolicy-valid"
	// A Gateway with an attached ListenerSet.
	caseListenerSet = "backendtrafficpolicy-listenerset"
)

// TestGoldenAgainstItself checks that each chosen case's own answers pass
// at every level.
func TestGoldenAgainstItself(t *testing.T) {
	for _, name := range []string{caseGatewayRoutes, casePolicies, caseBackends, casePatchPolicies, caseListenerSet} {
		t.Run(name, func(t *testing.T) {
			c, cs, out := goldenCase(t, name)
			res := runOutput(t, c, cs, out)
			checkResult(t, res, Pass, Pass, Pass)
			if res.XDSMatched != res.XDSTotal || res.Detail != "" {
				t.Errorf("xds %d/%d, detail %q", res.XDSMatched, res.XDSTotal, res.Detail)
			}
			if name != caseBackends && res.XDSTotal == 0 {
				t.Errorf("xds total is 0")
			}
		})
	}
}

// TestStatusMutations feeds the comparator golden outputs with one change
// each and checks the outcome and the detail.
func TestStatusMutations(t *testing.T) {
	route1 := []any{"status", "parents", 0, "conditions"}
	listeners := []any{"status", "listeners"}
	tests := []struct {
		name   string
		cas    string
		mutate func(t *testing.T, out *Output)
		status Outcome
		strict Outcome
		detail string
	}{
		{
			name: "changed condition reason",
			cas:  caseGatewayRoutes,
			mutate: func(t *testing.T, out *Output) {
				r := object(t, out, "httpRoutes", "default", "httproute-1", 0)
				set(t, r, "NotAllowedByListeners", append(route1, where{"type", "Accepted"}, "reason")...)
			},
			status: Fail, strict: Fail,
			detail: `httpRoutes[default/httproute-1].status.parents[envoy-gateway/gateway-1].conditions[Accepted].reason: want "Accepted", got "NotAllowedByListeners"`,
		},
		{
			name: "changed condition status",
			cas:  caseGatewayRoutes,
			mutate: func(t *testing.T, out *Output) {
				r := object(t, out, "httpRoutes", "default", "httproute-2", 0)
				set(t, r, "False", append(route1, where{"type", "ResolvedRefs"}, "status")...)
			},
			status: Fail, strict: Fail,
			detail: `httpRoutes[default/httproute-2].status.parents[envoy-gateway/gateway-1].conditions[ResolvedRefs].status: want "True", got "False"`,
		},
		{
			name: "changed message fails strict only",
			cas:  caseGatewayRoutes,
			mutate: func(t *testing.T, out *Output) {
				r := object(t, out, "httpRoutes", "default", "httproute-1", 0)
				set(t, r, "Route is fine", append(route1, where{"type", "Accepted"}, "message")...)
			},
			status: Pass, strict: Fail,
			detail: `httpRoutes[default/httproute-1].status.parents[envoy-gateway/gateway-1].conditions[Accepted].message: want "Route is accepted", got "Route is fine"`,
		},
		{
			name: "missing condition",
			cas:  caseGatewayRoutes,
			mutate: func(t *testing.T, out *Output) {
				r := object(t, out, "httpRoutes", "default", "httproute-1", 0)
				removeWhere(t, r, where{"type", "ResolvedRefs"}, route1...)
			},
			status: Fail, strict: Fail,
			detail: `httpRoutes[default/httproute-1].status.parents[envoy-gateway/gateway-1].conditions[ResolvedRefs]: missing`,
		},
		{
			name: "extra condition",
			cas:  caseGatewayRoutes,
			mutate: func(t *testing.T, out *Output) {
				r := object(t, out, "httpRoutes", "default", "httproute-1", 0)
				appendCopy(t, r, where{"type", "Accepted"}, func(m map[string]any) { m["type"] = "PartiallyInvalid" }, route1...)
			},
			status: Fail, strict: Fail,
			detail: `httpRoutes[default/httproute-1].status.parents[envoy-gateway/gateway-1].conditions[PartiallyInvalid]: unexpected`,
		},
		{
			name: "missing listener",
			cas:  caseGatewayRoutes,
			mutate: func(t *testing.T, out *Output) {
				g := object(t, out, "gateways", "envoy-gateway", "gateway-1", 0)
				removeWhere(t, g, where{"name", "http-2"}, listeners...)
			},
			status: Fail, strict: Fail,
			detail: `gateways[envoy-gateway/gateway-1].status.listeners[http-2]: missing`,
		},
		{
			name: "extra listener",
			cas:  caseGatewayRoutes,
			mutate: func(t *testing.T, out *Output) {
				g := object(t, out, "gateways", "envoy-gateway", "gateway-1", 0)
				appendCopy(t, g, where{"name", "http-2"}, func(m map[string]any) { m["name"] = "http-3" }, listeners...)
			},
			status: Fail, strict: Fail,
			detail: `gateways[envoy-gateway/gateway-1].status.listeners[http-3]: unexpected`,
		},
		{
			name: "changed attachedRoutes",
			cas:  caseGatewayRoutes,
			mutate: func(t *testing.T, out *Output) {
				g := object(t, out, "gateways", "envoy-gateway", "gateway-1", 0)
				set(t, g, 1, append(listeners, where{"name", "http-2"}, "attachedRoutes")...)
			},
			status: Fail, strict: Fail,
			detail: `gateways[envoy-gateway/gateway-1].status.listeners[http-2].attachedRoutes: want 2, got 1`,
		},
		{
			name: "changed supportedKinds",
			cas:  caseGatewayRoutes,
			mutate: func(t *testing.T, out *Output) {
				g := object(t, out, "gateways", "envoy-gateway", "gateway-1", 0)
				removeWhere(t, g, where{"kind", "GRPCRoute"}, append(listeners, where{"name", "http-1"}, "supportedKinds")...)
			},
			status: Fail, strict: Fail,
			detail: `gateways[envoy-gateway/gateway-1].status.listeners[http-1].supportedKinds: want [GRPCRoute HTTPRoute], got [HTTPRoute]`,
		},
		{
			name: "supportedKinds in another order pass",
			cas:  caseGatewayRoutes,
			mutate: func(t *testing.T, out *Output) {
				g := object(t, out, "gateways", "envoy-gateway", "gateway-1", 0)
				kinds := append(listeners, where{"name", "http-1"}, "supportedKinds")
				l := get(t, g, kinds...).([]any)
				set(t, g, []any{l[1], l[0]}, kinds...)
			},
			status: Pass, strict: Pass,
		},
		{
			name: "missing parent",
			cas:  caseGatewayRoutes,
			mutate: func(t *testing.T, out *Output) {
				r := object(t, out, "httpRoutes", "default", "httproute-2", 0)
				set(t, r, []any{}, "status", "parents")
			},
			status: Fail, strict: Fail,
			detail: `httpRoutes[default/httproute-2].status.parents[envoy-gateway/gateway-1]: missing`,
		},
		{
			name: "extra parent",
			cas:  caseGatewayRoutes,
			mutate: func(t *testing.T, out *Output) {
				r := object(t, out, "httpRoutes", "default", "httproute-2", 0)
				appendCopy(t, r, where{"controllerName", "gateway.envoyproxy.io/gatewayclass-controller"}, func(m map[string]any) {
					m["parentRef"].(map[string]any)["sectionName"] = "http-2"
				}, "status", "parents")
			},
			status: Fail, strict: Fail,
			detail: `httpRoutes[default/httproute-2].status.parents[envoy-gateway/gateway-1/http-2]: unexpected`,
		},
		{
			name: "defaulted parentRef fields match",
			cas:  caseGatewayRoutes,
			mutate: func(t *testing.T, out *Output) {
				r := object(t, out, "httpRoutes", "default", "httproute-2", 0)
				ref := get(t, r, "status", "parents", 0, "parentRef").(map[string]any)
				ref["group"], ref["kind"] = "gateway.networking.k8s.io", "Gateway"
			},
			status: Pass, strict: Pass,
		},
		{
			name: "changed controllerName",
			cas:  caseGatewayRoutes,
			mutate: func(t *testing.T, out *Output) {
				r := object(t, out, "httpRoutes", "default", "httproute-2", 0)
				set(t, r, "example.com/other", "status", "parents", 0, "controllerName")
			},
			status: Fail, strict: Fail,
			detail: `httpRoutes[default/httproute-2].status.parents[envoy-gateway/gateway-1].controllerName: want "gateway.envoyproxy.io/gatewayclass-controller", got "example.com/other"`,
		},
		{
			name: "missing object",
			cas:  caseGatewayRoutes,
			mutate: func(t *testing.T, out *Output) {
				out.Statuses["httpRoutes"] = out.Statuses["httpRoutes"][:1]
			},
			status: Fail, strict: Fail,
			detail: `httpRoutes[default/httproute-2]: missing from our statuses`,
		},
		{
			name: "objects not in out.yaml are not compared",
			cas:  caseGatewayRoutes,
			mutate: func(t *testing.T, out *Output) {
				out.Statuses["tcpRoutes"] = []any{map[string]any{
					"metadata": map[string]any{"namespace": "default", "name": "extra"},
					"status":   map[string]any{"parents": []any{}},
				}}
			},
			status: Pass, strict: Pass,
		},
		{
			name: "lastTransitionTime and observedGeneration are ignored",
			cas:  caseGatewayRoutes,
			mutate: func(t *testing.T, out *Output) {
				r := object(t, out, "httpRoutes", "default", "httproute-1", 0)
				cond := get(t, r, append(route1, where{"type", "Accepted"})...).(map[string]any)
				cond["lastTransitionTime"] = "2026-01-02T03:04:05Z"
				cond["observedGeneration"] = 7
			},
			status: Pass, strict: Pass,
		},
		{
			name: "changed policy ancestor condition",
			cas:  casePolicies,
			mutate: func(t *testing.T, out *Output) {
				var p map[string]any
				for _, o := range out.Statuses["backendTrafficPolicies"] {
					if get(t, o, "status", "ancestors", 0, "ancestorRef", "name") == "gateway-2" {
						p = o.(map[string]any)
					}
				}
				if p == nil {
					t.Fatal("no policy with ancestor gateway-2")
				}
				set(t, p, "Conflicted", "status", "ancestors", 0, "conditions", where{"type", "Accepted"}, "reason")
			},
			status: Fail, strict: Fail,
			detail: `.status.ancestors[envoy-gateway/gateway-2].conditions[Accepted].reason: want "Accepted", got "Conflicted"`,
		},
		{
			name: "missing policy ancestor",
			cas:  casePolicies,
			mutate: func(t *testing.T, out *Output) {
				for _, o := range out.Statuses["backendTrafficPolicies"] {
					if get(t, o, "status", "ancestors", 0, "ancestorRef").(map[string]any)["sectionName"] == "http" {
						set(t, o, []any{}, "status", "ancestors")
						return
					}
				}
				t.Fatal("no policy with a sectionName ancestor")
			},
			status: Fail, strict: Fail,
			detail: `.status.ancestors[envoy-gateway/gateway-3/http]: missing`,
		},
		{
			name: "same-name Backends match by occurrence",
			cas:  caseBackends,
			mutate: func(t *testing.T, out *Output) {
				b := object(t, out, "backends", "default", "backend-fqdn", 1)
				set(t, b, "Bogus", "status", "conditions", where{"type", "Invalid"}, "reason")
			},
			status: Fail, strict: Fail,
			detail: `backends[default/backend-fqdn#2].status.conditions[Invalid].reason: want "Accepted", got "Bogus"`,
		},
		{
			name: "same-name Backends swapped",
			cas:  caseBackends,
			mutate: func(t *testing.T, out *Output) {
				l := out.Statuses["backends"]
				l[0], l[1] = l[1], l[0]
			},
			status: Pass, strict: Fail,
			detail: `backends[default/backend-fqdn#1].status.conditions[Invalid].message: want "The Backend was not accepted: hostname *.foo.com is not a valid FQDN"`,
		},
		{
			name: "changed status field without special handling",
			cas:  caseListenerSet,
			mutate: func(t *testing.T, out *Output) {
				g := object(t, out, "gateways", "envoy-gateway", "composite-gateway", 0)
				set(t, g, 2, "status", "attachedListenerSets")
			},
			status: Fail, strict: Fail,
			detail: `gateways[envoy-gateway/composite-gateway].status.attachedListenerSets: want 1, got 2`,
		},
		{
			name: "missing ListenerSet listener",
			cas:  caseListenerSet,
			mutate: func(t *testing.T, out *Output) {
				l := object(t, out, "listenerSets", "envoy-gateway", "ext-listeners", 0)
				removeWhere(t, l, where{"name", "ext-http-1"}, "status", "listeners")
			},
			status: Fail, strict: Fail,
			detail: `listenerSets[envoy-gateway/ext-listeners].status.listeners[ext-http-1]: missing`,
		},
		{
			name: "changed EnvoyPatchPolicy ancestor condition",
			cas:  casePatchPolicies,
			mutate: func(t *testing.T, out *Output) {
				p := object(t, out, "envoyPatchPolicies", "envoy-gateway", "edit-conn-buffer-bytes", 0)
				removeWhere(t, p, where{"type", "Accepted"}, "status", "ancestors", 0, "conditions")
			},
			status: Fail, strict: Fail,
			detail: `envoyPatchPolicies[envoy-gateway/edit-conn-buffer-bytes].status.ancestors[envoy-gateway/gateway-1].conditions[Accepted]: missing`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, cs, out := goldenCase(t, tt.cas)
			tt.mutate(t, out)
			res := runOutput(t, c, cs, out)
			t.Logf("detail: %s", res.Detail)
			checkResult(t, res, tt.status, tt.strict, Pass, tt.detail)
			if tt.detail == "" && res.Detail != "" {
				t.Errorf("detail %q, want none", res.Detail)
			}
		})
	}
}
