package translator

import (
	certificatesv1beta1 "k8s.io/api/certificates/v1beta1"
	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	"k8s.io/apimachinery/pkg/types"
	mcsv1a1 "sigs.k8s.io/mcs-api/pkg/apis/v1alpha1"

	"github.com/gatewaykit/gatewaykit/policy"
	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// index holds the lookups translation needs, built once per Translate call
// so that no step scans a whole kind. When two objects share a name (which
// the API server would not allow), the first one in input order wins.
type index struct {
	namespaces     map[string]*corev1.Namespace
	services       map[types.NamespacedName]*corev1.Service
	serviceImports map[types.NamespacedName]*mcsv1a1.ServiceImport
	secrets        map[types.NamespacedName]*corev1.Secret
	configMaps     map[types.NamespacedName]*corev1.ConfigMap
	backends       map[types.NamespacedName]*egv1a1.Backend
	httpFilters    map[types.NamespacedName]*egv1a1.HTTPRouteFilter
	envoyProxies   map[types.NamespacedName]*egv1a1.EnvoyProxy
	// clusterTrustBundles maps a (cluster-scoped) ClusterTrustBundle name
	// to the object.
	clusterTrustBundles map[string]*certificatesv1beta1.ClusterTrustBundle
	// endpointSlices maps a Service (or ServiceImport) to its slices, in
	// input order, by the kubernetes.io/service-name label (or
	// multicluster.kubernetes.io/service-name for ServiceImports).
	endpointSlices       map[types.NamespacedName][]*discoveryv1.EndpointSlice
	importEndpointSlices map[types.NamespacedName][]*discoveryv1.EndpointSlice
}

// Labels that tie an EndpointSlice to its Service or ServiceImport.
const (
	labelServiceName       = "kubernetes.io/service-name"
	labelImportServiceName = "multicluster.kubernetes.io/service-name"
)

func nameOf(namespace, name string) types.NamespacedName {
	return types.NamespacedName{Namespace: namespace, Name: name}
}

func newIndex(r *Resources) *index {
	idx := &index{
		namespaces:           make(map[string]*corev1.Namespace, len(r.Namespaces)),
		services:             make(map[types.NamespacedName]*corev1.Service, len(r.Services)),
		serviceImports:       make(map[types.NamespacedName]*mcsv1a1.ServiceImport, len(r.ServiceImports)),
		secrets:              make(map[types.NamespacedName]*corev1.Secret, len(r.Secrets)),
		configMaps:           make(map[types.NamespacedName]*corev1.ConfigMap, len(r.ConfigMaps)),
		backends:             make(map[types.NamespacedName]*egv1a1.Backend, len(r.Backends)),
		httpFilters:          make(map[types.NamespacedName]*egv1a1.HTTPRouteFilter, len(r.HTTPRouteFilters)),
		envoyProxies:         make(map[types.NamespacedName]*egv1a1.EnvoyProxy, len(r.EnvoyProxies)),
		clusterTrustBundles:  make(map[string]*certificatesv1beta1.ClusterTrustBundle, len(r.ClusterTrustBundles)),
		endpointSlices:       make(map[types.NamespacedName][]*discoveryv1.EndpointSlice, len(r.EndpointSlices)),
		importEndpointSlices: map[types.NamespacedName][]*discoveryv1.EndpointSlice{},
	}
	for _, o := range r.Namespaces {
		if _, dup := idx.namespaces[o.Name]; !dup {
			idx.namespaces[o.Name] = o
		}
	}
	addFirst(idx.services, r.Services, func(o *corev1.Service) types.NamespacedName { return nameOf(o.Namespace, o.Name) })
	addFirst(idx.serviceImports, r.ServiceImports, func(o *mcsv1a1.ServiceImport) types.NamespacedName { return nameOf(o.Namespace, o.Name) })
	addFirst(idx.secrets, r.Secrets, func(o *corev1.Secret) types.NamespacedName { return nameOf(o.Namespace, o.Name) })
	addFirst(idx.configMaps, r.ConfigMaps, func(o *corev1.ConfigMap) types.NamespacedName { return nameOf(o.Namespace, o.Name) })
	addFirst(idx.backends, r.Backends, func(o *egv1a1.Backend) types.NamespacedName { return nameOf(o.Namespace, o.Name) })
	addFirst(idx.httpFilters, r.HTTPRouteFilters, func(o *egv1a1.HTTPRouteFilter) types.NamespacedName { return nameOf(o.Namespace, o.Name) })
	addFirst(idx.envoyProxies, r.EnvoyProxies, func(o *egv1a1.EnvoyProxy) types.NamespacedName { return nameOf(o.Namespace, o.Name) })
	for _, o := range r.ClusterTrustBundles {
		if o == nil {
			continue
		}
		if _, dup := idx.clusterTrustBundles[o.Name]; !dup {
			idx.clusterTrustBundles[o.Name] = o
		}
	}
	for _, es := range r.EndpointSlices {
		if svc := es.Labels[labelServiceName]; svc != "" {
			k := nameOf(es.Namespace, svc)
			idx.endpointSlices[k] = append(idx.endpointSlices[k], es)
		}
		if svc := es.Labels[labelImportServiceName]; svc != "" {
			k := nameOf(es.Namespace, svc)
			idx.importEndpointSlices[k] = append(idx.importEndpointSlices[k], es)
		}
	}
	return idx
}

func addFirst[T any](m map[types.NamespacedName]*T, list []*T, key func(*T) types.NamespacedName) {
	for _, o := range list {
		k := key(o)
		if _, dup := m[k]; !dup {
			m[k] = o
		}
	}
}

// granted reports whether a ReferenceGrant in toNS lets objects of
// fromGroup/fromKind in fromNS refer to toGroup/toKind toName (a grant's
// "to" without a name allows every object of the kind). Every reference
// across namespaces goes through it.
func (t *translation) granted(fromGroup, fromKind, fromNS, toGroup, toKind, toNS, toName string) bool {
	if t.grants == nil {
		t.grants = policy.GrantsFrom(t.res.ReferenceGrants)
	}
	return t.grants(fromGroup, fromKind, fromNS, toGroup, toKind, toNS, toName)
}
