package v1alpha1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// GroupName is the API group of every kind in this package.
const GroupName = "gateway.envoyproxy.io"

// GroupVersion is the group and version of every kind in this package.
var GroupVersion = schema.GroupVersion{Group: GroupName, Version: "v1alpha1"}

// Kind names, as they appear in the kind field of a manifest.
const (
	KindBackend              = "Backend"
	KindBackendTrafficPolicy = "BackendTrafficPolicy"
	KindClientTrafficPolicy  = "ClientTrafficPolicy"
	KindEnvoyExtensionPolicy = "EnvoyExtensionPolicy"
	KindEnvoyPatchPolicy     = "EnvoyPatchPolicy"
	KindEnvoyProxy           = "EnvoyProxy"
	KindHTTPRouteFilter      = "HTTPRouteFilter"
	KindSecurityPolicy       = "SecurityPolicy"
)

// AddToScheme registers every kind of this package, and its list kind, with
// the scheme s. It does nothing else; call it once per scheme.
func AddToScheme(s *runtime.Scheme) error {
	s.AddKnownTypes(GroupVersion,
		&Backend{}, &BackendList{},
		&BackendTrafficPolicy{}, &BackendTrafficPolicyList{},
		&ClientTrafficPolicy{}, &ClientTrafficPolicyList{},
		&EnvoyExtensionPolicy{}, &EnvoyExtensionPolicyList{},
		&EnvoyPatchPolicy{}, &EnvoyPatchPolicyList{},
		&EnvoyProxy{}, &EnvoyProxyList{},
		&HTTPRouteFilter{}, &HTTPRouteFilterList{},
		&SecurityPolicy{}, &SecurityPolicyList{},
	)
	metav1.AddToGroupVersion(s, GroupVersion)
	return nil
}
