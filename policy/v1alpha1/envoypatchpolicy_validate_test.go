package v1alpha1_test

import (
	"testing"

	"github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

func TestEnvoyPatchPolicyValidate(t *testing.T) {
	runValidationCases(t, v1alpha1.KindEnvoyPatchPolicy, func() validator { return &v1alpha1.EnvoyPatchPolicy{} }, []validationCase{
		{
			name: "listener patch",
			spec: `
targetRef: {group: gateway.networking.k8s.io, kind: Gateway, name: eg}
type: JSONPatch
priority: 10
jsonPatches:
- type: type.googleapis.com/envoy.config.listener.v3.Listener
  name: default/eg/http
  operation:
    op: add
    path: /per_connection_buffer_limit_bytes
    value: 1024
- type: type.googleapis.com/envoy.config.cluster.v3.Cluster
  name: httproute/default/backend/rule/0
  operation: {op: remove, path: /circuit_breakers}
`,
		},
		{
			name: "empty spec",
			spec: `{}`,
			want: []wantErr{required("spec.type"), required("spec.targetRef.kind"), required("spec.targetRef.name")},
		},
		{
			name: "unknown patch and resource types",
			spec: `
targetRef: {group: gateway.networking.k8s.io, kind: Gateway, name: eg}
type: MergePatch
jsonPatches:
- type: type.googleapis.com/envoy.config.core.v3.Node
  name: ""
  operation: {op: merge}
- type: type.googleapis.com/envoy.config.route.v3.RouteConfiguration
  name: default/eg/http
  operation: {}
`,
			want: []wantErr{
				notSupported("spec.type"), notSupported("spec.jsonPatches[0].type"), required("spec.jsonPatches[0].name"),
				notSupported("spec.jsonPatches[0].operation.op"), required("spec.jsonPatches[1].operation.op"),
			},
		},
		{
			name: "malformed target",
			spec: `
targetRef: {group: Gateway.Networking, kind: "gateway class", name: eg}
type: JSONPatch
`,
			want: []wantErr{invalid("spec.targetRef.group"), invalid("spec.targetRef.kind")},
		},
	})
}
