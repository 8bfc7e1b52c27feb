package translator

import (
	certificatesv1beta1 "k8s.io/api/certificates/v1beta1"
	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	mcsv1a1 "sigs.k8s.io/mcs-api/pkg/apis/v1alpha1"

	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// Resources is every object that translation reads, grouped by kind. Within a
// kind, objects keep the order in which they were loaded or appended: the
// loader never sorts, merges or drops objects, so duplicates stay visible.
//
// Gateway API kinds that exist in several API versions (for instance TLSRoute
// in v1alpha2, v1alpha3 and v1) are held in their newest Go type; the object's
// own apiVersion is kept in its TypeMeta.
type Resources struct {
	GatewayClasses     []*gwapiv1.GatewayClass
	Gateways           []*gwapiv1.Gateway
	ListenerSets       []*gwapiv1.ListenerSet
	HTTPRoutes         []*gwapiv1.HTTPRoute
	GRPCRoutes         []*gwapiv1.GRPCRoute
	TLSRoutes          []*gwapiv1.TLSRoute
	TCPRoutes          []*gwapiv1.TCPRoute
	UDPRoutes          []*gwapiv1.UDPRoute
	ReferenceGrants    []*gwapiv1.ReferenceGrant
	BackendTLSPolicies []*gwapiv1.BackendTLSPolicy

	Namespaces          []*corev1.Namespace
	Services            []*corev1.Service
	ServiceImports      []*mcsv1a1.ServiceImport
	EndpointSlices      []*discoveryv1.EndpointSlice
	Secrets             []*corev1.Secret
	ConfigMaps          []*corev1.ConfigMap
	ClusterTrustBundles []*certificatesv1beta1.ClusterTrustBundle

	Backends               []*egv1a1.Backend
	ClientTrafficPolicies  []*egv1a1.ClientTrafficPolicy
	BackendTrafficPolicies []*egv1a1.BackendTrafficPolicy
	SecurityPolicies       []*egv1a1.SecurityPolicy
	EnvoyExtensionPolicies []*egv1a1.EnvoyExtensionPolicy
	EnvoyPatchPolicies     []*egv1a1.EnvoyPatchPolicy
	HTTPRouteFilters       []*egv1a1.HTTPRouteFilter
	EnvoyProxies           []*egv1a1.EnvoyProxy

	// EnvoyProxyDefaults is the EnvoyProxy spec that the controller applies
	// where no EnvoyProxy is attached (Envoy Gateway's
	// envoyProxy default in its own configuration). Only a bundle sets it.
	EnvoyProxyDefaults *egv1a1.EnvoyProxySpec

	// Skipped lists the documents that the loader recognised as Kubernetes
	// objects but does not translate (unknown kinds or API versions), so that
	// nothing disappears without a trace.
	Skipped []Skipped
}

// Skipped describes an object that the loader did not load, and why.
type Skipped struct {
	// Doc is the 1-based number of the YAML document in the input stream.
	Doc int `json:"doc"`
	// Line is the 1-based input line where the object starts.
	Line       int    `json:"line"`
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	Namespace  string `json:"namespace,omitempty"`
	Name       string `json:"name,omitempty"`
	// Reason says why the object was skipped.
	Reason string `json:"reason"`
}

// Counts returns the number of objects held per kind (the kind field of the
// objects, e.g. "HTTPRoute"), leaving out kinds with none.
func (r *Resources) Counts() map[string]int {
	counts := map[string]int{}
	for _, k := range kinds {
		if n := k.count(r); n > 0 {
			counts[k.name] += n
		}
	}
	return counts
}

// Len returns the number of objects held, over all kinds (skipped documents
// and EnvoyProxyDefaults not counted).
func (r *Resources) Len() int {
	n := 0
	for _, k := range kinds {
		n += k.count(r)
	}
	return n
}

// Each calls fn for every object held, kind by kind in the order of the
// fields of Resources and in list order within a kind. kind is the object's
// kind (for example "HTTPRoute") and obj a pointer to the typed object.
func (r *Resources) Each(fn func(kind string, obj any)) {
	for _, k := range kinds {
		k.each(r, func(obj any) { fn(k.name, obj) })
	}
}
