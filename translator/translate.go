package translator

import (
	"errors"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/types"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/gatewaykit/gatewaykit/ir"
	"github.com/gatewaykit/gatewaykit/policy"
	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// DefaultControllerName is the controller name Envoy Gateway uses; Gateways
// whose GatewayClass names another controller are not translated.
const DefaultControllerName = "gateway.envoyproxy.io/gatewayclass-controller"

// DefaultControllerNamespace is the namespace the control plane (and, unless
// Gateway namespace mode is on, the Envoy fleets) runs in.
const DefaultControllerNamespace = "envoy-gateway-system"

// Option configures Translate.
type Option func(*config)

// config is what Options set. The zero value is not used; see defaults.
type config struct {
	controllerName       string
	controllerNamespace  string
	gatewayClassName     string
	mergeGateways        bool
	gatewayNamespaceMode bool
	backendEnabled       bool
	envoyPatchPolicy     bool
	runningOnHost        bool
	inputOrder           bool
	// perResourceSystemCASecret gives every use of the system trust store
	// its own secret, named after the object, instead of a shared one.
	perResourceSystemCASecret bool
	// Policy feature inputs (policy_options.go).
	wasmResolver  WasmResolver
	oidcDiscovery OIDCDiscovery
	luaDisabled   bool
	// extensionIsolation keeps the extensions of a failing
	// EnvoyExtensionPolicy that could be built (WithExtensionFailureIsolation).
	extensionIsolation bool
	now                func() time.Time
	// policyKinds are the caller's own policy kinds (WithPolicyKind).
	policyKinds []PolicyKind
}

func defaults() config {
	return config{
		controllerName:      DefaultControllerName,
		controllerNamespace: DefaultControllerNamespace,
		now:                 time.Now,
	}
}

// WithControllerName sets the controller name that GatewayClasses must
// name in spec.controllerName to be handled (DefaultControllerName when not
// set).
func WithControllerName(name string) Option { return func(c *config) { c.controllerName = name } }

// WithControllerNamespace sets the namespace of the control plane
// (DefaultControllerNamespace when not set).
func WithControllerNamespace(ns string) Option {
	return func(c *config) { c.controllerNamespace = ns }
}

// WithGatewayClassName limits translation to the Gateways of one
// GatewayClass. When not set, every GatewayClass whose controllerName
// matches is handled, in input order.
func WithGatewayClassName(name string) Option {
	return func(c *config) { c.gatewayClassName = name }
}

// WithMergeGateways makes all Gateways of a GatewayClass share one IR (and
// one Envoy fleet), keyed by the GatewayClass name.
func WithMergeGateways(on bool) Option { return func(c *config) { c.mergeGateways = on } }

// WithGatewayNamespaceMode runs each Envoy fleet in its Gateway's namespace
// instead of the controller namespace.
func WithGatewayNamespaceMode(on bool) Option {
	return func(c *config) { c.gatewayNamespaceMode = on }
}

// WithBackendEnabled allows routes to refer to Envoy Gateway Backend
// objects; when off, such references are invalid.
func WithBackendEnabled(on bool) Option { return func(c *config) { c.backendEnabled = on } }

// WithEnvoyPatchPolicy enables EnvoyPatchPolicy.
func WithEnvoyPatchPolicy(on bool) Option { return func(c *config) { c.envoyPatchPolicy = on } }

// WithRunningOnHost says the Envoy fleet runs on the host (not in
// Kubernetes), which changes how it reaches backends.
func WithRunningOnHost(on bool) Option { return func(c *config) { c.runningOnHost = on } }

// WithPerResourceSystemCASecret names the Envoy secret that points at the
// system trust store after each Backend or BackendTLSPolicy that asks for
// it (<name>/<namespace>-ca) instead of sharing one secret,
// system_ca_certificates.
func WithPerResourceSystemCASecret(on bool) Option {
	return func(c *config) { c.perResourceSystemCASecret = on }
}

// WithInputOrder makes translation process the objects of each kind in the
// order they are given, as Envoy Gateway processes them in the order its
// provider lists them. Where Gateway API leaves a choice to that order (two
// routes with equally specific matches), the output then depends on it.
// Without this option objects are processed oldest first (creationTimestamp,
// then namespace/name), and any order of the same objects gives the same
// result.
func WithInputOrder(on bool) Option { return func(c *config) { c.inputOrder = on } }

// Result is what Translate produces.
type Result struct {
	// IR maps an IR key to the IR of one Envoy fleet. The key is
	// <gateway-namespace>/<gateway-name>, or the GatewayClass name when
	// Gateways are merged.
	IR map[string]*ir.Xds
	// Statuses holds a copy of every input object that got a status, with
	// that status, grouped by kind in input order. Input objects are never
	// modified.
	Statuses *Resources
	// Unenforced lists the features of accepted policies that the Envoy
	// configuration does not carry yet, sorted by policy kind, namespace,
	// name and field. The routes such a policy covers answer 500: a policy
	// is never accepted and silently ignored.
	Unenforced []UnenforcedFeature
	// Policies holds the statuses of the policies of the kinds added with
	// WithPolicyKind, kind by kind in option order, each kind's policies
	// in processing order.
	Policies []PolicyStatus
}

// Translate turns res into IR and statuses. It does not modify res, does no
// I/O and is safe to call concurrently. Mistakes in the objects become
// status conditions on the objects that made them; an error is returned
// only when res is nil.
func Translate(res *Resources, opts ...Option) (*Result, error) {
	if res == nil {
		return nil, errors.New("translator: nil Resources")
	}
	t := newTranslation(res, opts...)
	t.run()
	return t.out, nil
}

// newTranslation prepares the state of one Translate call over res with
// the options applied to the defaults.
func newTranslation(res *Resources, opts ...Option) *translation {
	cfg := defaults()
	for _, o := range opts {
		o(&cfg)
	}
	return &translation{
		cfg:      cfg,
		res:      res,
		idx:      newIndex(res),
		out:      &Result{IR: map[string]*ir.Xds{}, Statuses: &Resources{}},
		gateways: map[types.NamespacedName]*gatewayState{},

		unacceptedGateways: map[types.NamespacedName]*gatewayState{},
		listenerSets:       map[types.NamespacedName]*listenerSetState{},
	}
}

// translation is the state of one Translate call.
type translation struct {
	cfg config
	res *Resources
	idx *index
	out *Result

	// classes are the GatewayClasses handled, in input order.
	classes []*gwapiv1.GatewayClass
	// gatewayList holds the Gateways translated, in processing order;
	// gateways indexes them by namespace/name.
	gatewayList []*gatewayState
	gateways    map[types.NamespacedName]*gatewayState
	// unacceptedGateways holds the Gateways of a handled class that were
	// not accepted (they get a status but no listeners), so that a
	// ListenerSet naming one can say so.
	unacceptedGateways map[types.NamespacedName]*gatewayState
	// listenerSets holds every ListenerSet whose parent is a Gateway of a
	// handled class, attached or not, by namespace/name;
	// listenerSetList holds them in processing order (listenerset.go).
	listenerSets    map[types.NamespacedName]*listenerSetState
	listenerSetList []*listenerSetState
	// btls holds the BackendTLSPolicies, indexed on first use
	// (backendtls.go).
	btls *btlsPolicies
	// pol is the policy pass's state (policies.go).
	pol *policyState
	// grants answers ReferenceGrant checks (granted, index.go).
	grants policy.GrantChecker
	// unenforced collects the policy features that fail closed because
	// the IR does not carry them (unenforced.go).
	unenforced unenforcedSet
	// serviceBackends records, by destination setting name, the Service
	// backendRefs resolved (backend_routing.go).
	serviceBackends map[string]serviceBackend
}

// run is the pipeline: classes and Gateways first, with the ListenerSets
// attached to them (their listeners are what routes attach to), then
// routes, then what depends on every route having
// been attached (listener attachedRoutes, final conditions).
func (t *translation) run() {
	t.processGatewayClasses()
	t.processGateways()
	t.processBackends()
	t.processHTTPRoutes()
	t.processGRPCRoutes()
	// TLSRoutes before TCPRoutes: a TCP or TLS listener forwards plain TCP
	// only when no route has claimed it yet.
	t.processTLSRoutes()
	t.processTCPRoutes()
	t.processUDPRoutes()
	t.processPolicies()
	t.processEnvoyPatchPolicies()
	t.setEnvoyClientCertificates()
	t.processEnvoyProxyStatuses()
	t.finishGateways()
	t.finishListenerSets()
	t.finishBackendTLSPolicies()
	t.out.Unenforced = t.unenforced.sorted()
}

// gatewayState is one Gateway being translated.
type gatewayState struct {
	// obj is the copy of the Gateway whose status is filled in.
	obj *gwapiv1.Gateway
	// class is the Gateway's GatewayClass.
	class *gwapiv1.GatewayClass
	// irKey is the key of the IR the Gateway's listeners go to.
	irKey string
	// ir is that IR (shared by all Gateways of a class when merged).
	ir *ir.Xds
	// listeners are the Gateway's own listeners in spec order, followed by
	// the listeners of its attached ListenerSets (listenerSets order, then
	// spec order): every listener the Gateway's fleet serves. Those of a
	// ListenerSet have set != nil. listenerByName indexes the Gateway's own
	// listeners only, by name.
	listeners      []*listenerState
	listenerByName map[gwapiv1.SectionName]*listenerState
	// listenerSets are the ListenerSets attached to the Gateway (its
	// allowedListeners admit them), in processing order, whether or not any
	// of their listeners was accepted (see listenerSetState.accepted).
	listenerSets []*listenerSetState
	// envoyProxy is the EnvoyProxy spec configuring the Gateway's fleet
	// (the Gateway's, else its class's, else the defaults); nil when none.
	envoyProxy *egv1a1.EnvoyProxySpec
	// frontend is spec.tls.frontend resolved (gateway_frontendtls.go); nil
	// when the Gateway sets none.
	frontend *frontendTLS
	// backendClientCert is the Secret of spec.tls.backend.clientCertificateRef
	// once checkBackendClientCertificate found it usable; nil otherwise.
	backendClientCert *corev1.Secret
}

// listenerState is one listener of a Gateway being translated: one of the
// Gateway's own, or one of an attached ListenerSet's.
type listenerState struct {
	gw *gatewayState
	// set is the ListenerSet that declares the listener; nil for the
	// Gateway's own listeners.
	set *listenerSetState
	// spec is the listener as declared (for a ListenerSet's listener, its
	// ListenerEntry as a Listener).
	spec *gwapiv1.Listener
	// status points into gw.obj.Status.Listeners, or for a ListenerSet's
	// listener into set.statuses (copied into the ListenerSet's status
	// when translation ends).
	status *gwapiv1.ListenerStatus
	// ready is set when routes may attach: the listener was accepted.
	ready bool
	// allowedKinds are the route kinds that may attach (after filtering
	// allowedRoutes.kinds by the protocol).
	allowedKinds []gwapiv1.RouteGroupKind
	// Exactly one of these is set when the listener is ready, by protocol.
	http *ir.HTTPListener
	tcp  *ir.TCPListener
	udp  *ir.UDPListener
	// attachedRoutes counts the routes attached, for status.
	attachedRoutes int32
	// irRoutes are the IR routes attached to http, with the route and
	// rule each was made for, in attach order (for the policy pass).
	irRoutes []irRouteRef

	// The fields below are the gateway side's working state (gateway.go,
	// listener.go).

	// statusIdx is the index of status in gw.obj.Status.Listeners (or, for
	// a ListenerSet's listener, in set.statuses).
	statusIdx int
	// specValid is set when the listener's own spec passed validation; only
	// such listeners take part in conflict detection.
	specValid bool
	// namespacesFrom and namespaceSelector are allowedRoutes.namespaces
	// resolved: from (Same by default) and, for Selector, the parsed
	// selector (nil when it could not be parsed).
	namespacesFrom    gwapiv1.FromNamespaces
	namespaceSelector labels.Selector
	// namespaces is the Namespace index that namespaceSelector matches
	// against (set for Selector only).
	namespaces map[string]*corev1.Namespace
	// certs are the listener's valid server certificates, in
	// certificateRefs order; certDNSNames the DNS SANs of their leaves.
	certs        []ir.TLSCertificate
	certDNSNames []string

	// ctp is the ClientTrafficPolicy in effect on the listener (the one
	// targeting it by sectionName, else the Gateway-wide one), set by the
	// policy pass before any other policy kind is processed; nil when none.
	ctp *egv1a1.ClientTrafficPolicy
}
