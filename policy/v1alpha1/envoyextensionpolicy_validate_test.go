package v1alpha1_test

import (
	"testing"

	"github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

func TestEnvoyExtensionPolicyValidate(t *testing.T) {
	runValidationCases(t, v1alpha1.KindEnvoyExtensionPolicy, func() validator { return &v1alpha1.EnvoyExtensionPolicy{} }, []validationCase{
		{
			name: "Wasm from an image and over HTTP",
			spec: toRoute + `
wasm:
- name: wasm-filter
  rootID: my_root_id
  code:
    type: Image
    image:
      url: oci://ghcr.io/example/filter:v1
      pullSecretRef: {name: registry-creds}
    pullPolicy: IfNotPresent
  config: {header: x-wasm}
- code:
    type: HTTP
    http:
      url: https://example.com/filter.wasm
      sha256: 746df05c8f3a0b07a46c0967cfbc5cbe5b9d48d0f79b6177eeedf8be6c8b34b5
      tls: {caCertificateRef: {name: ca}}
`,
		},
		{
			name: "Wasm sources that do not match the type",
			spec: toRoute + `
wasm:
- code: {type: HTTP, image: {url: oci://ghcr.io/example/filter:v1}}
- code: {type: Image}
`,
			want: []wantErr{
				required("spec.wasm[0].code.http"), forbidden("spec.wasm[0].code.image"), required("spec.wasm[1].code.image"),
			},
		},
		{
			name: "Wasm pull secret of another kind, and bad fields",
			spec: toRoute + `
wasm:
- code:
    type: Image
    image:
      url: ""
      pullSecretRef: {kind: ConfigMap, name: creds}
      tls: {caCertificateRef: {name: ""}}
    pullPolicy: Never
- code: {}
`,
			want: []wantErr{
				required("spec.wasm[0].code.image.url"), notSupported("spec.wasm[0].code.image.pullSecretRef.kind"),
				required("spec.wasm[0].code.image.tls.caCertificateRef.name"), notSupported("spec.wasm[0].code.pullPolicy"),
				required("spec.wasm[1].code.type"),
			},
		},
		{
			name: "external processor",
			spec: toRoute + `
extProc:
- backendRefs: [{name: ext-proc, port: 9002}]
  messageTimeout: 500ms
  failOpen: true
  processingMode:
    request: {body: Buffered, attributes: [request.path, xds.route_name]}
    response: {body: Streamed}
  metadata:
    accessibleNamespaces: [envoy.filters.http.jwt_authn]
    writableNamespaces: [io.example]
  statusOnError: 500
`,
		},
		{
			name: "external processor with a single backendRef and foreign backends",
			spec: toRoute + `
extProc:
- backendRef: {name: ext-proc, port: 9002}
  backendRefs:
  - {kind: Deployment, name: a}
  - {group: example.com, kind: Backend, name: b}
`,
			want: []wantErr{
				forbidden("spec.extProc[0].backendRef"), notSupported("spec.extProc[0].backendRefs[0].kind"),
				notSupported("spec.extProc[0].backendRefs[1].group"),
			},
		},
		{
			name: "failing open with full-duplex streaming",
			spec: toRoute + `
extProc:
- backendRefs: [{name: ext-proc, port: 9002}]
  failOpen: true
  processingMode:
    response: {body: FullDuplexStreamed}
`,
			want: []wantErr{forbidden("spec.extProc[0].failOpen")},
		},
		{
			name: "full-duplex streaming failing closed",
			spec: toRoute + `
extProc:
- backendRefs: [{name: ext-proc, port: 9002}]
  failOpen: false
  processingMode:
    request: {body: FullDuplexStreamed}
`,
		},
		{
			name: "shadow mode with buffering",
			spec: toRoute + `
extProc:
- backendRefs: [{name: ext-proc, port: 9002}]
  shadowMode: true
  processingMode:
    request: {body: Streamed}
    response: {body: BufferedPartial}
`,
			want: []wantErr{forbidden("spec.extProc[0].shadowMode")},
		},
		{
			name: "shadow mode with streaming",
			spec: toRoute + `
extProc:
- backendRefs: [{name: ext-proc, port: 9002}]
  shadowMode: true
  processingMode:
    request: {body: Streamed}
`,
		},
		{
			name: "writing Envoy's own metadata, and bad fields",
			spec: toRoute + `
extProc:
- backendRefs: [{name: ext-proc}]
  messageTimeout: 1m30
  processingMode:
    request: {body: Chunked, attributes: [request.Path]}
  metadata:
    writableNamespaces: [io.example, envoy.filters.http.ext_authz]
  statusOnError: 302
`,
			want: []wantErr{
				required("spec.extProc[0].backendRefs[0].port"), invalid("spec.extProc[0].messageTimeout"),
				notSupported("spec.extProc[0].processingMode.request.body"), invalid("spec.extProc[0].processingMode.request.attributes[0]"),
				invalid("spec.extProc[0].metadata.writableNamespaces[1]"), notSupported("spec.extProc[0].statusOnError"),
			},
		},
		{
			name: "external processor backend settings",
			spec: toRoute + `
extProc:
- backendRefs: [{name: ext-proc, port: 9002}]
  backendSettings:
    loadBalancer: {type: Random, slowStart: {window: 10s}}
    healthCheck: {active: {type: GRPC, grpc: {}}}
`,
			want: []wantErr{forbidden("spec.extProc[0].backendSettings.loadBalancer.slowStart")},
		},
		{
			name: "Lua inline and from a ConfigMap",
			spec: toRoute + `
lua:
- inline: |
    function envoy_on_response(handle)
      handle:headers():add("x-lua", "1")
    end
- type: ValueRef
  valueRef: {group: v1, kind: ConfigMap, name: lua-script}
`,
		},
		{
			name: "Lua fields that do not match the type",
			spec: toRoute + `
lua:
- type: Inline
  valueRef: {group: "", kind: ConfigMap, name: lua-script}
- type: ValueRef
`,
			want: []wantErr{
				required("spec.lua[0].inline"), forbidden("spec.lua[0].valueRef"), required("spec.lua[1].valueRef"),
			},
		},
		{
			name: "Lua from a Secret",
			spec: toRoute + `
lua:
- type: ValueRef
  valueRef: {group: apps, kind: Secret, name: lua-script}
- type: File
`,
			want: []wantErr{
				notSupported("spec.lua[0].valueRef.kind"), notSupported("spec.lua[0].valueRef.group"), notSupported("spec.lua[1].type"),
			},
		},
		{
			name: "dynamic modules",
			spec: toRoute + `
dynamicModule:
- name: header-mutator
  filterName: mutate
  config: {prefix: x-}
- name: "Bad_Name"
`,
			want: []wantErr{invalid("spec.dynamicModule[1].name")},
		},
		{
			name: "merging with a route target",
			spec: toRoute + `
mergeType: JSONMerge
`,
		},
		{
			name: "merge type Replace",
			spec: toRoute + `
mergeType: Replace
`,
			want: []wantErr{invalid("spec.mergeType")},
		},
		{
			name: "merging with a gateway target",
			spec: toGateway + `
mergeType: StrategicMerge
`,
			want: []wantErr{forbidden("spec.mergeType")},
		},
		{
			name: "targets outside the Gateway API",
			spec: `
targetRef: {group: gateway.envoyproxy.io, kind: Backend, name: b}
`,
			want: []wantErr{notSupported("spec.targetRef.group"), notSupported("spec.targetRef.kind")},
		},
	})
}
