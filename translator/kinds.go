package translator

import (
	"strings"

	certificatesv1beta1 "k8s.io/api/certificates/v1beta1"
	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
	mcsv1a1 "sigs.k8s.io/mcs-api/pkg/apis/v1alpha1"

	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// kind describes one kind that the loader understands: where it comes from
// (group, accepted versions, bundle key) and where it goes in Resources.
type kind struct {
	group    string
	name     string
	versions []string
	// bundleKey is the key of the kind's list in a bundle.
	bundleKey string
	newObject func() any
	add       func(r *Resources, obj any)
	count     func(r *Resources) int
	each      func(r *Resources, fn func(obj any))
}

func newKind[T any](group, name, bundleKey string, versions []string, list func(r *Resources) *[]*T) kind {
	return kind{
		group:     group,
		name:      name,
		versions:  versions,
		bundleKey: bundleKey,
		newObject: func() any { return new(T) },
		add: func(r *Resources, obj any) {
			l := list(r)
			*l = append(*l, obj.(*T))
		},
		count: func(r *Resources) int { return len(*list(r)) },
		each: func(r *Resources, fn func(obj any)) {
			for _, o := range *list(r) {
				fn(o)
			}
		},
	}
}

const (
	groupGatewayAPI = "gateway.networking.k8s.io"
	groupEnvoy      = egv1a1.GroupName
)

var (
	gatewayAPIVersions = []string{"v1", "v1beta1", "v1alpha3", "v1alpha2", "v1alpha1"}
	envoyVersions      = []string{"v1alpha1"}
	coreVersions       = []string{"v1"}
)

// kinds is the table of every kind the loader accepts, in the order of the
// fields of Resources.
var kinds = []kind{
	newKind(groupGatewayAPI, "GatewayClass", "gatewayClasses", gatewayAPIVersions, func(r *Resources) *[]*gwapiv1.GatewayClass { return &r.GatewayClasses }),
	newKind(groupGatewayAPI, "Gateway", "gateways", gatewayAPIVersions, func(r *Resources) *[]*gwapiv1.Gateway { return &r.Gateways }),
	newKind(groupGatewayAPI, "ListenerSet", "listenerSets", gatewayAPIVersions, func(r *Resources) *[]*gwapiv1.ListenerSet { return &r.ListenerSets }),
	newKind(groupGatewayAPI, "HTTPRoute", "httpRoutes", gatewayAPIVersions, func(r *Resources) *[]*gwapiv1.HTTPRoute { return &r.HTTPRoutes }),
	newKind(groupGatewayAPI, "GRPCRoute", "grpcRoutes", gatewayAPIVersions, func(r *Resources) *[]*gwapiv1.GRPCRoute { return &r.GRPCRoutes }),
	newKind(groupGatewayAPI, "TLSRoute", "tlsRoutes", gatewayAPIVersions, func(r *Resources) *[]*gwapiv1.TLSRoute { return &r.TLSRoutes }),
	newKind(groupGatewayAPI, "TCPRoute", "tcpRoutes", gatewayAPIVersions, func(r *Resources) *[]*gwapiv1.TCPRoute { return &r.TCPRoutes }),
	newKind(groupGatewayAPI, "UDPRoute", "udpRoutes", gatewayAPIVersions, func(r *Resources) *[]*gwapiv1.UDPRoute { return &r.UDPRoutes }),
	newKind(groupGatewayAPI, "ReferenceGrant", "referenceGrants", gatewayAPIVersions, func(r *Resources) *[]*gwapiv1.ReferenceGrant { return &r.ReferenceGrants }),
	newKind(groupGatewayAPI, "BackendTLSPolicy", "backendTLSPolicies", gatewayAPIVersions, func(r *Resources) *[]*gwapiv1.BackendTLSPolicy { return &r.BackendTLSPolicies }),

	newKind("", "Namespace", "namespaces", coreVersions, func(r *Resources) *[]*corev1.Namespace { return &r.Namespaces }),
	newKind("", "Service", "services", coreVersions, func(r *Resources) *[]*corev1.Service { return &r.Services }),
	newKind("multicluster.x-k8s.io", "ServiceImport", "serviceImports", []string{"v1alpha1"}, func(r *Resources) *[]*mcsv1a1.ServiceImport { return &r.ServiceImports }),
	newKind("discovery.k8s.io", "EndpointSlice", "endpointSlices", coreVersions, func(r *Resources) *[]*discoveryv1.EndpointSlice { return &r.EndpointSlices }),
	newKind("", "Secret", "secrets", coreVersions, func(r *Resources) *[]*corev1.Secret { return &r.Secrets }),
	newKind("", "ConfigMap", "configMaps", coreVersions, func(r *Resources) *[]*corev1.ConfigMap { return &r.ConfigMaps }),
	newKind("certificates.k8s.io", "ClusterTrustBundle", "clusterTrustBundles", []string{"v1beta1", "v1alpha1"}, func(r *Resources) *[]*certificatesv1beta1.ClusterTrustBundle { return &r.ClusterTrustBundles }),

	newKind(groupEnvoy, egv1a1.KindBackend, "backends", envoyVersions, func(r *Resources) *[]*egv1a1.Backend { return &r.Backends }),
	newKind(groupEnvoy, egv1a1.KindClientTrafficPolicy, "clientTrafficPolicies", envoyVersions, func(r *Resources) *[]*egv1a1.ClientTrafficPolicy { return &r.ClientTrafficPolicies }),
	newKind(groupEnvoy, egv1a1.KindBackendTrafficPolicy, "backendTrafficPolicies", envoyVersions, func(r *Resources) *[]*egv1a1.BackendTrafficPolicy { return &r.BackendTrafficPolicies }),
	newKind(groupEnvoy, egv1a1.KindSecurityPolicy, "securityPolicies", envoyVersions, func(r *Resources) *[]*egv1a1.SecurityPolicy { return &r.SecurityPolicies }),
	newKind(groupEnvoy, egv1a1.KindEnvoyExtensionPolicy, "envoyExtensionPolicies", envoyVersions, func(r *Resources) *[]*egv1a1.EnvoyExtensionPolicy { return &r.EnvoyExtensionPolicies }),
	newKind(groupEnvoy, egv1a1.KindEnvoyPatchPolicy, "envoyPatchPolicies", envoyVersions, func(r *Resources) *[]*egv1a1.EnvoyPatchPolicy { return &r.EnvoyPatchPolicies }),
	newKind(groupEnvoy, egv1a1.KindHTTPRouteFilter, "httpFilters", envoyVersions, func(r *Resources) *[]*egv1a1.HTTPRouteFilter { return &r.HTTPRouteFilters }),
	newKind(groupEnvoy, egv1a1.KindEnvoyProxy, "envoyProxies", envoyVersions, func(r *Resources) *[]*egv1a1.EnvoyProxy { return &r.EnvoyProxies }),
}

// bundleAliases maps the bundle keys that hold a single object, or a second
// list of an existing kind, to the kind they hold.
var bundleAliases = map[string]struct {
	kind   string
	single bool
}{
	"gatewayclass":              {"GatewayClass", true},
	"envoyproxyforgatewayclass": {egv1a1.KindEnvoyProxy, true},
	"envoyproxiesforgateways":   {egv1a1.KindEnvoyProxy, false},
}

// bundleKeyEnvoyProxyDefaults is the bundle key of Resources.EnvoyProxyDefaults.
const bundleKeyEnvoyProxyDefaults = "envoyproxydefaultspec"

var (
	kindsByGroupKind = indexKinds(func(k kind) string { return k.group + "/" + k.name })
	kindsByName      = indexKinds(func(k kind) string { return k.name })
	kindsByBundleKey = indexKinds(func(k kind) string { return strings.ToLower(k.bundleKey) })
)

// BundleKey returns the key under which a bundle lists objects of kind (for
// example "httpRoutes" for HTTPRoute), or "" for a kind the loader does not
// know.
func BundleKey(kind string) string {
	if k := kindsByName[kind]; k != nil {
		return k.bundleKey
	}
	return ""
}

func indexKinds(key func(kind) string) map[string]*kind {
	m := make(map[string]*kind, len(kinds))
	for i := range kinds {
		m[key(kinds[i])] = &kinds[i]
	}
	return m
}

// lookupKind finds the kind of an object by apiVersion and kind. It returns
// nil and a reason when the loader does not handle the object.
func lookupKind(apiVersion, name string) (*kind, string) {
	group, version := "", apiVersion
	if i := strings.LastIndexByte(apiVersion, '/'); i >= 0 {
		group, version = apiVersion[:i], apiVersion[i+1:]
	}
	k := kindsByGroupKind[group+"/"+name]
	if k == nil {
		return nil, "kind " + name + " of API group " + quoteGroup(group) + " is not translated"
	}
	for _, v := range k.versions {
		if v == version {
			return k, ""
		}
	}
	return nil, "version " + version + " of " + name + " is not supported (supported: " + strings.Join(k.versions, ", ") + ")"
}

func quoteGroup(g string) string {
	if g == "" {
		return `"" (core)`
	}
	return `"` + g + `"`
}
