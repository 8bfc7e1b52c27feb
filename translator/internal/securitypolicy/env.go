// Package securitypolicy builds the features of SecurityPolicies: it checks
// a policy where it is applied, as Envoy Gateway does, resolves what the
// policy refers to (Secrets, ConfigMaps, external services, OIDC
// endpoints) through an Env that the translator provides, and turns the
// result into ir.SecurityFeatures.
//
// Where a policy applies, which policy wins and how a route policy merges
// into its parent's are package policy's business; package translator
// calls Build or BuildMerged for each effective policy on each place it
// applies, and puts the features on the IR routes it covers.
package securitypolicy

import (
	corev1 "k8s.io/api/core/v1"

	"github.com/gatewaykit/gatewaykit/ir"
	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// Route kinds a policy may target, as Target.RouteKind names them.
const (
	KindHTTPRoute = "HTTPRoute"
	KindGRPCRoute = "GRPCRoute"
	KindTCPRoute  = "TCPRoute"
	KindTLSRoute  = "TLSRoute"
	KindUDPRoute  = "UDPRoute"
)

// Object kinds that references name.
const (
	kindSecret        = "Secret"
	kindConfigMap     = "ConfigMap"
	kindService       = "Service"
	kindServiceImport = "ServiceImport"
	kindBackend       = "Backend"
)

// OIDCProviderMetadata is what discovery finds of an OpenID provider.
type OIDCProviderMetadata struct {
	AuthorizationEndpoint string
	TokenEndpoint         string
	EndSessionEndpoint    string
}

// Env is what building a policy's features needs from the translation:
// the objects of the input, ReferenceGrants, how external services become
// destinations, and OIDC discovery. It is bound to one Gateway (the one the
// policy is applied on), which external service destinations depend on.
type Env interface {
	// Secret, ConfigMap and Backend return the object, or nil.
	Secret(namespace, name string) *corev1.Secret
	ConfigMap(namespace, name string) *corev1.ConfigMap
	Backend(namespace, name string) *egv1a1.Backend
	// RefGranted reports whether a ReferenceGrant lets SecurityPolicies of
	// fromNamespace refer to the object of group and kind toNamespace/toName.
	RefGranted(fromNamespace, toGroup, toKind, toNamespace, toName string) bool
	// ExtServiceDestination resolves the backendRefs of an external
	// service of a policy in policyNamespace into the destination called
	// name, speaking protocol.
	ExtServiceDestination(policyNamespace, name string, refs []egv1a1.BackendRef, protocol ir.AppProtocol) (*ir.RouteDestination, error)
	// ClusterTraffic turns the backendSettings of an external service into
	// IR traffic features (nil settings give nil).
	ClusterTraffic(settings *egv1a1.ClusterSettings) (*ir.TrafficFeatures, error)
	// DiscoverOIDC finds the endpoints of the OpenID provider issuer.
	DiscoverOIDC(issuer string) (*OIDCProviderMetadata, error)
	// ControllerNamespace is where the control plane runs (it holds the
	// OIDC HMAC Secret).
	ControllerNamespace() string
}

// Target is where a policy is applied.
type Target struct {
	// RouteKind is the kind of the route the policy targets; empty for a
	// Gateway, listener or ListenerSet target.
	RouteKind string
	// OnGateway is set when the policy is applied on the listeners of a
	// Gateway, which is always the case except when a route policy is
	// checked on its own: external services (ext auth, JWKS, OIDC) are
	// resolved only then.
	OnGateway bool
	// GeoIP is the GeoIP configuration of the Gateway's EnvoyProxy, nil
	// when it has none.
	GeoIP *egv1a1.EnvoyProxyGeoIP
	// Listeners are the HTTP listeners (in IR form) the policy applies on;
	// authorization by client IP geolocation checks each of them.
	Listeners []*ir.HTTPListener
}

// builder builds features in one Env.
type builder struct {
	env Env
}
