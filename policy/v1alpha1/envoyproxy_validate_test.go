package v1alpha1_test

import (
	"testing"

	"github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// newEnvoyProxy makes an empty EnvoyProxy for the table tests.
func newEnvoyProxy() validator { return &v1alpha1.EnvoyProxy{} }

func TestEnvoyProxyValidate(t *testing.T) {
	runValidationCases(t, v1alpha1.KindEnvoyProxy, newEnvoyProxy, []validationCase{
		{
			name: "kubernetes deployment with an autoscaler",
			spec: `
provider:
  type: Kubernetes
  kubernetes:
    envoyDeployment:
      replicas: 2
      container:
        image: docker.io/envoyproxy/envoy:distroless-v1.35.0
        resources: {requests: {cpu: 100m}}
      patch: {type: StrategicMerge, value: {spec: {minReadySeconds: 10}}}
    envoyHpa: {minReplicas: 2, maxReplicas: 10}
    envoyPDB: {minAvailable: 1}
    envoyService:
      type: LoadBalancer
      loadBalancerIP: 203.0.113.10
      loadBalancerSourceRanges: [10.0.0.0/8]
      externalTrafficPolicy: Cluster
logging:
  level: {default: warn, upstream: debug}
concurrency: 4
`,
		},
		{
			name: "deployment and daemonset, autoscaler with a daemonset",
			spec: `
provider:
  type: Kubernetes
  kubernetes:
    envoyDeployment: {}
    envoyDaemonSet: {}
    envoyHpa: {maxReplicas: 3}
`,
			want: []wantErr{forbidden("spec.provider.kubernetes.envoyDaemonSet"), forbidden("spec.provider.kubernetes.envoyHpa")},
		},
		{
			name: "daemonset with an image repository",
			spec: `
provider:
  type: Kubernetes
  kubernetes:
    envoyDaemonSet:
      container: {imageRepository: registry.example.com:5000/mirror/envoy}
      name: envoy-ds
`,
		},
		{
			name: "image and image repository",
			spec: `
provider:
  type: Kubernetes
  kubernetes:
    envoyDaemonSet:
      container: {image: "envoy:v1", imageRepository: docker.io/envoyproxy/envoy}
`,
			want: []wantErr{forbidden("spec.provider.kubernetes.envoyDaemonSet.container.imageRepository")},
		},
		{
			name: "malformed images",
			spec: `
provider:
  type: Kubernetes
  kubernetes:
    envoyDeployment:
      container: {image: "envoy proxy"}
    envoyDaemonSet:
      container: {imageRepository: "docker.io/envoyproxy/envoy:v1.35"}
`,
			want: []wantErr{
				invalid("spec.provider.kubernetes.envoyDeployment.container.image"),
				invalid("spec.provider.kubernetes.envoyDaemonSet.container.imageRepository"),
				forbidden("spec.provider.kubernetes.envoyDaemonSet"),
			},
		},
		{
			name: "autoscaler bounds",
			spec: `
provider:
  type: Kubernetes
  kubernetes:
    envoyHpa: {minReplicas: 5, maxReplicas: 3}
`,
			want: []wantErr{invalid("spec.provider.kubernetes.envoyHpa.maxReplicas")},
		},
		{
			name: "autoscaler with zero replicas",
			spec: `
provider:
  type: Kubernetes
  kubernetes:
    envoyHpa: {minReplicas: 0, maxReplicas: 0}
`,
			want: []wantErr{invalid("spec.provider.kubernetes.envoyHpa.maxReplicas"), invalid("spec.provider.kubernetes.envoyHpa.minReplicas")},
		},
		{
			name: "disruption budget without bounds",
			spec: `
provider:
  type: Kubernetes
  kubernetes:
    envoyPDB: {name: envoy-pdb}
`,
			want: []wantErr{required("spec.provider.kubernetes.envoyPDB")},
		},
		{
			name: "disruption budget with both bounds",
			spec: `
provider:
  type: Kubernetes
  kubernetes:
    envoyPDB: {minAvailable: 1, maxUnavailable: 50%, patch: {}}
`,
			want: []wantErr{required("spec.provider.kubernetes.envoyPDB.patch.value"), forbidden("spec.provider.kubernetes.envoyPDB.maxUnavailable")},
		},
		{
			name: "load balancer settings on a ClusterIP service",
			spec: `
provider:
  type: Kubernetes
  kubernetes:
    envoyService:
      type: ClusterIP
      allocateLoadBalancerNodePorts: false
      loadBalancerIP: 10.0.0.1
      loadBalancerSourceRanges: [10.0.0.0/8]
`,
			want: []wantErr{
				forbidden("spec.provider.kubernetes.envoyService.allocateLoadBalancerNodePorts"),
				forbidden("spec.provider.kubernetes.envoyService.loadBalancerIP"),
				forbidden("spec.provider.kubernetes.envoyService.loadBalancerSourceRanges"),
			},
		},
		{
			name: "IPv6 load balancer address and bad enums",
			spec: `
provider:
  type: Cloud
  kubernetes:
    envoyService: {loadBalancerIP: "2001:db8::1", externalTrafficPolicy: Global}
`,
			want: []wantErr{
				notSupported("spec.provider.type"), notSupported("spec.provider.kubernetes.envoyService.externalTrafficPolicy"),
				invalid("spec.provider.kubernetes.envoyService.loadBalancerIP"),
			},
		},
		{
			name: "merging gateways and backends",
			spec: `
mergeGateways: true
mergeBackends: {}
`,
			want: []wantErr{forbidden("spec.mergeBackends")},
		},
		{
			name: "merging backends alone",
			spec: `
mergeGateways: false
mergeBackends: {selector: {matchLabels: {app: api}}}
mergeType: StrategicMerge
ipFamily: DualStack
`,
		},
		{
			name: "bootstrap patches",
			spec: `
bootstrap:
  type: JSONPatch
  jsonPatches:
  - {op: replace, path: /admin/address/socket_address/port_value, value: 9901}
`,
		},
		{
			name: "bootstrap patch type without patches",
			spec: `
bootstrap: {type: JSONPatch}
`,
			want: []wantErr{required("spec.bootstrap.jsonPatches")},
		},
		{
			name: "bootstrap replacement without a document",
			spec: `
bootstrap:
  jsonPatches: [{op: delete}]
`,
			want: []wantErr{notSupported("spec.bootstrap.jsonPatches[0].op"), required("spec.bootstrap.value")},
		},
		{
			name: "filter order",
			spec: `
filterOrder:
- {name: envoy.filters.http.wasm, before: envoy.filters.http.jwt_authn}
- {name: envoy.filters.http.cors, after: envoy.filters.http.basic_auth}
`,
		},
		{
			name: "filter order with both anchors, or none",
			spec: `
filterOrder:
- {name: envoy.filters.http.wasm, before: envoy.filters.http.jwt_authn, after: envoy.filters.http.cors}
- {name: envoy.filters.http.router}
`,
			want: []wantErr{
				forbidden("spec.filterOrder[0].after"), notSupported("spec.filterOrder[1].name"), required("spec.filterOrder[1]"),
			},
		},
		{
			name: "backend TLS",
			spec: `
backendTLS:
  minVersion: "1.3"
  ciphers: [ECDHE-RSA-AES128-GCM-SHA256]
  clientCertificateRef: {kind: Secret, name: envoy-client}
`,
			want: []wantErr{forbidden("spec.backendTLS.ciphers")},
		},
		{
			name: "backend TLS with automatic versions",
			spec: `
backendTLS:
  minVersion: Auto
  maxVersion: "1.3"
  ciphers: [ECDHE-RSA-AES128-GCM-SHA256]
  ecdhCurves: [X25519]
`,
		},
		{
			name: "backend TLS versions out of order",
			spec: `
backendTLS: {minVersion: "1.2", maxVersion: "1.0"}
`,
			want: []wantErr{invalid("spec.backendTLS.minVersion")},
		},
		{
			name: "Lua validation, old and new",
			spec: `
luaValidation: Strict
lua: {validationType: Strict}
`,
			want: []wantErr{forbidden("spec.luaValidation")},
		},
		{
			name: "strict Lua validation settings",
			spec: `
lua:
  strictValidation:
    allowedPaths: [/etc/lua, /usr/share/lua]
    allowedEnvVars: [HOME]
`,
		},
		{
			name: "strict settings with syntax-only validation",
			spec: `
lua:
  validationType: InsecureSyntax
  strictValidation: {allowedEnvVars: [HOME]}
`,
			want: []wantErr{forbidden("spec.lua.strictValidation")},
		},
		{
			name: "root and blank Lua paths, blank variables",
			spec: `
lua:
  strictValidation:
    allowedPaths: [//, "  ", ""]
    allowedEnvVars: [" "]
`,
			want: []wantErr{
				invalid("spec.lua.strictValidation.allowedPaths[0]"), invalid("spec.lua.strictValidation.allowedPaths[1]"),
				invalid("spec.lua.strictValidation.allowedPaths[2]"), invalid("spec.lua.strictValidation.allowedPaths[2]"),
				invalid("spec.lua.strictValidation.allowedEnvVars[0]"),
			},
		},
		{
			name: "dynamic modules",
			spec: `
dynamicModules:
- name: header-mutator
  source: {local: {path: /usr/lib/envoy/libmutator.so}}
- name: rate-scorer
  source:
    type: Remote
    remote: {url: "https://example.com/scorer.so", sha256: 746df05c8f3a0b07a46c0967cfbc5cbe5b9d48d0f79b6177eeedf8be6c8b34b5}
  loadGlobally: true
`,
		},
		{
			name: "dynamic module sources that do not match the type",
			spec: `
dynamicModules:
- name: a
  source: {remote: {url: "https://example.com/a.so", sha256: 746df05c8f3a0b07a46c0967cfbc5cbe5b9d48d0f79b6177eeedf8be6c8b34b5}}
- name: b
  source: {type: Remote, local: {path: /b.so}}
- name: a
  source: {type: Remote, remote: {url: "ftp://example.com/c.so", sha256: ABC}}
`,
			want: []wantErr{
				required("spec.dynamicModules[0].source.local"), forbidden("spec.dynamicModules[0].source.remote"),
				forbidden("spec.dynamicModules[1].source.local"), required("spec.dynamicModules[1].source.remote"),
				invalid("spec.dynamicModules[2].source.remote.url"), invalid("spec.dynamicModules[2].source.remote.sha256"),
				duplicate("spec.dynamicModules[2]"),
			},
		},
		{
			name: "GeoIP databases",
			spec: `
geoIP:
  provider:
    type: MaxMind
    maxMind:
      cityDbSource: {local: {path: /etc/geoip/GeoLite2-City.mmdb}}
      anonymousIpDbSource: {local: {path: /etc/geoip/GeoIP2-Anonymous-IP.mmdb}}
`,
		},
		{
			name: "MaxMind without databases",
			spec: `
geoIP:
  provider: {type: MaxMind}
`,
			want: []wantErr{required("spec.geoIP.provider.maxMind")},
		},
		{
			name: "MaxMind with an empty database list",
			spec: `
geoIP:
  provider: {type: MaxMind, maxMind: {}}
`,
			want: []wantErr{required("spec.geoIP.provider.maxMind")},
		},
		{
			name: "GeoIP database that is not an mmdb file",
			spec: `
geoIP:
  provider:
    type: MaxMind
    maxMind:
      asnDbSource: {local: {path: /etc/geoip/asn.csv}}
`,
			want: []wantErr{invalid("spec.geoIP.provider.maxMind.asnDbSource.local.path")},
		},
		{
			name: "bad scalar settings",
			spec: `
logging:
  level: {default: verbose}
ipFamily: IPv5
mergeType: Merge
shutdown: {drainTimeout: 60, minDrainDuration: 5s}
`,
			want: []wantErr{
				notSupported("spec.logging.level[default]"), invalid("spec.shutdown.drainTimeout"), notSupported("spec.ipFamily"),
				notSupported("spec.mergeType"),
			},
		},
	})
}
