package translator

import (
	"errors"
	"fmt"
	"slices"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/gatewaykit/gatewaykit/ir"
	"github.com/gatewaykit/gatewaykit/policy"
	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// TLS towards backends: BackendTLSPolicy (Gateway API), the tls settings of
// an Envoy Gateway Backend, and the client side from the Gateway
// (spec.tls.backend) or its EnvoyProxy (spec.backendTLS).
//
// A BackendTLSPolicy targets Services (sectionName = a port name),
// ServiceImports and Backends (sectionName = a port number) in its own
// namespace. For one backendRef the policy that applies is the first, in
// processing order, that names the port's section; failing that the first
// that targets the whole object. Each route parentRef that reaches a backend
// through a policy becomes an ancestor of that policy. Policies that target
// the same object and section as an earlier one are reported Conflicted on
// the earlier policy's ancestors.

// Reasons and messages Envoy Gateway reports on BackendTLSPolicies and on
// routes whose backend TLS cannot be set up.
const (
	reasonInvalidBackendTLS gwapiv1.RouteConditionReason = "InvalidBackendTLS"

	msgBTLSResolvedRefs = "Resolved all the Object references."
	msgPolicyAccepted   = "Policy has been accepted."

	// systemCACertificateName names the shared secret that points Envoy at
	// the system trust store.
	systemCACertificateName = "system_ca_certificates"

	// caCertKey is the data key of a CA bundle in a ConfigMap or Secret.
	caCertKey = "ca.crt"

	defaultUpstreamTLSMin ir.TLSVersion = "1.2"
	defaultUpstreamTLSMax ir.TLSVersion = "1.3"
)

// errNoCABundle is returned when none of a policy's CA references yields a
// bundle (for instance all are of an unsupported kind).
var errNoCABundle = errors.New("no CA bundle found in referenced ConfigMap, Secret, or ClusterTrustBundle")

// policyTargetKey names an object a policy may target.
type policyTargetKey struct {
	namespace, group, kind, name string
}

// btlsPolicy is one BackendTLSPolicy being applied.
type btlsPolicy struct {
	// obj is the copy whose status is filled in; inputIdx its position in
	// the input.
	obj      *gwapiv1.BackendTLSPolicy
	inputIdx int
	// ancestors are the route parentRefs that used the policy, in order of
	// first use, without duplicates.
	ancestors []gwapiv1.ParentReference
	// resolved is set once tls / err have been computed (they depend on the
	// policy alone, so once per policy is enough).
	resolved bool
	tls      *ir.TLSUpstreamConfig
	err      *btlsError
}

// btlsError is why a policy's CA could not be resolved.
type btlsError struct {
	reason gwapiv1.PolicyConditionReason // of the ResolvedRefs condition
	msg    string
}

// btlsPolicies holds every BackendTLSPolicy of a translation.
type btlsPolicies struct {
	list     []*btlsPolicy // processing order
	byTarget map[policyTargetKey][]*btlsPolicy
}

// btlsByTarget indexes the BackendTLSPolicies by target on first use.
func (t *translation) btlsByTarget() map[policyTargetKey][]*btlsPolicy {
	if t.btls != nil {
		return t.btls.byTarget
	}
	b := &btlsPolicies{byTarget: map[policyTargetKey][]*btlsPolicy{}}
	inputIdx := make(map[*gwapiv1.BackendTLSPolicy]int, len(t.res.BackendTLSPolicies))
	for i, p := range t.res.BackendTLSPolicies {
		inputIdx[p] = i
	}
	for _, p := range processingOrder(&t.cfg, t.res.BackendTLSPolicies) {
		if p == nil {
			continue
		}
		ps := &btlsPolicy{obj: p.DeepCopy(), inputIdx: inputIdx[p]}
		b.list = append(b.list, ps)
		seen := map[policyTargetKey]bool{}
		for _, ref := range p.Spec.TargetRefs {
			k := policyTargetKey{namespace: p.Namespace, group: string(ref.Group), kind: string(ref.Kind), name: string(ref.Name)}
			if !seen[k] {
				seen[k] = true
				b.byTarget[k] = append(b.byTarget[k], ps)
			}
		}
	}
	t.btls = b
	return b.byTarget
}

// backendTLSPolicyFor returns the policy that applies to section of the
// object named by key ("" for none), or nil.
func (t *translation) backendTLSPolicyFor(key policyTargetKey, section string) *btlsPolicy {
	cands := t.btlsByTarget()[key]
	if section != "" {
		for _, ps := range cands {
			for _, ref := range ps.obj.Spec.TargetRefs {
				if ref.SectionName != nil && string(*ref.SectionName) == section && targetRefIs(ref, key) {
					return ps
				}
			}
		}
	}
	for _, ps := range cands {
		for _, ref := range ps.obj.Spec.TargetRefs {
			if ref.SectionName == nil && targetRefIs(ref, key) {
				return ps
			}
		}
	}
	return nil
}

func targetRefIs(ref gwapiv1.LocalPolicyTargetReferenceWithSectionName, key policyTargetKey) bool {
	return string(ref.Group) == key.group && string(ref.Kind) == key.kind && string(ref.Name) == key.name
}

// addAncestor records a parentRef that used the policy.
func (ps *btlsPolicy) addAncestor(ref gwapiv1.ParentReference) {
	for _, a := range ps.ancestors {
		if sameAncestorRef(a, ref) {
			return
		}
	}
	ps.ancestors = append(ps.ancestors, *ref.DeepCopy())
}

// sameAncestorRef compares two parentRefs field by field, group and kind
// included (ancestors need not be Gateways).
func sameAncestorRef(a, b gwapiv1.ParentReference) bool {
	return sameParentRef(a, b) && derefOr(a.Group, "") == derefOr(b.Group, "") && derefOr(a.Kind, "") == derefOr(b.Kind, "")
}

func derefOr[T ~string](p *T, def T) T {
	if p == nil {
		return def
	}
	return *p
}

// resolveBTLS computes the policy's server validation settings once.
func (t *translation) resolveBTLS(ps *btlsPolicy) {
	if ps.resolved {
		return
	}
	ps.resolved = true
	p := ps.obj
	v := p.Spec.Validation
	cfg := &ir.TLSUpstreamConfig{SubjectAltNames: []ir.SubjectAltName{}}
	if v.Hostname != "" {
		sni := string(v.Hostname)
		cfg.SNI = &sni
	}
	for _, san := range v.SubjectAltNames {
		switch san.Type {
		case gwapiv1.HostnameSubjectAltNameType:
			h := string(san.Hostname)
			cfg.SubjectAltNames = append(cfg.SubjectAltNames, ir.SubjectAltName{Hostname: &h})
		case gwapiv1.URISubjectAltNameType:
			u := string(san.URI)
			cfg.SubjectAltNames = append(cfg.SubjectAltNames, ir.SubjectAltName{URI: &u})
		}
	}
	if v.WellKnownCACertificates != nil && *v.WellKnownCACertificates == gwapiv1.WellKnownCACertificatesSystem {
		cfg.UseSystemTrustStore = true
		cfg.CACertificate = &ir.TLSCACertificate{Name: t.systemCAName(p.Name, p.Namespace)}
		ps.tls = cfg
		return
	}
	ca, err := t.caBundle(p.Namespace, v.CACertificateRefs)
	if err != nil {
		reason := gwapiv1.BackendTLSPolicyReasonInvalidCACertificateRef
		if errors.Is(err, errNoCABundle) {
			reason = gwapiv1.BackendTLSPolicyReasonInvalidKind
		}
		ps.err = &btlsError{reason: reason, msg: err.Error()}
		return
	}
	cfg.CACertificate = &ir.TLSCACertificate{Name: caSecretName(p.Name, p.Namespace), Certificate: ca}
	ps.tls = cfg
}

// caSecretName is the name Envoy Gateway gives the CA bundle of a policy or
// Backend: <name>/<namespace>-ca.
func caSecretName(name, namespace string) string { return name + "/" + namespace + "-ca" }

// systemCAName names the secret pointing at the system trust store: one per
// resource when so configured, else a shared one.
func (t *translation) systemCAName(name, namespace string) string {
	if t.cfg.perResourceSystemCASecret {
		return caSecretName(name, namespace)
	}
	return systemCACertificateName
}

// caBundle concatenates the CA bundles that refs (in namespace ns) point
// to, one per line, in refs order. References of kinds other than
// ConfigMap, Secret and ClusterTrustBundle are skipped; when nothing is
// left, errNoCABundle is returned.
func (t *translation) caBundle(ns string, refs []gwapiv1.LocalObjectReference) ([]byte, error) {
	var ca []byte
	add := func(b []byte) {
		if len(ca) > 0 {
			ca = append(ca, '\n')
		}
		ca = append(ca, b...)
	}
	for _, ref := range refs {
		switch string(ref.Kind) {
		case "ConfigMap":
			cm := t.idx.configMaps[nameOf(ns, string(ref.Name))]
			if cm == nil {
				return nil, fmt.Errorf("configmap %s not found in namespace %s", ref.Name, ns)
			}
			crt, ok := caFromData(cm.Data)
			if !ok {
				return nil, fmt.Errorf("no ca found in configmap %s", cm.Name)
			}
			add([]byte(crt))
		case "Secret":
			s := t.idx.secrets[nameOf(ns, string(ref.Name))]
			if s == nil {
				return nil, fmt.Errorf("secret %s not found in namespace %s", ref.Name, ns)
			}
			crt, ok := caFromData(s.Data)
			if !ok {
				return nil, fmt.Errorf("no ca found in secret %s", s.Name)
			}
			add(crt)
		case "ClusterTrustBundle":
			ctb := t.idx.clusterTrustBundles[string(ref.Name)]
			if ctb == nil {
				return nil, fmt.Errorf("cluster trust bundle %s not found", ref.Name)
			}
			add([]byte(ctb.Spec.TrustBundle))
		}
	}
	if len(ca) == 0 {
		return nil, errNoCABundle
	}
	return ca, nil
}

// caFromData returns the ca.crt entry of a ConfigMap's or Secret's data or,
// without one, the only entry there is.
func caFromData[V string | []byte](data map[string]V) (V, bool) {
	if v, ok := data[caCertKey]; ok {
		return v, true
	}
	if len(data) == 1 {
		for _, v := range data {
			return v, true
		}
	}
	var zero V
	return zero, false
}

// backendTLS works out the TLS settings for one backendRef of a route:
// server validation from the Backend's tls (when the ref is to a Backend)
// overridden field by field by the BackendTLSPolicy that applies, and the
// client side (certificate, versions, ciphers, ALPN) from the Backend, else
// the Gateway's spec.tls.backend, else its EnvoyProxy's backendTLS. nil
// means plain text. be is the Backend for Backend refs, else nil; section
// is the sectionName the ref's port maps to. ancestor is what the policy
// reports as its ancestor for this use (a route's parentRef, or a policy
// that refers to the backend), gs the Gateway whose fleet connects (nil
// when unknown).
func (t *translation) backendTLS(ancestor gwapiv1.ParentReference, gs *gatewayState, key policyTargetKey, section string, be *egv1a1.Backend) (*ir.TLSUpstreamConfig, *routeProblem) {
	var (
		merged   *ir.TLSUpstreamConfig
		beClient *egv1a1.BackendTLSConfig
	)
	if be != nil && be.Spec.TLS != nil {
		cfg, err := t.backendServerTLS(be)
		if err != nil {
			return nil, problem(reasonInvalidBackendTLS, "%s", err.Error())
		}
		merged = cfg
		beClient = &be.Spec.TLS.BackendTLSConfig
	}
	if ps := t.backendTLSPolicyFor(key, section); ps != nil {
		ps.addAncestor(ancestor)
		t.resolveBTLS(ps)
		if ps.err != nil {
			return nil, problem(reasonInvalidBackendTLS, "%s", ps.err.msg)
		}
		merged = mergeServerTLS(merged, ps.tls)
	}
	if merged == nil {
		return nil, nil
	}
	if !merged.InsecureSkipVerify && merged.CACertificate == nil {
		return nil, problem(reasonInvalidBackendTLS, "CACertificate must be specified when InsecureSkipVerify is false")
	}
	if err := t.clientTLS(merged, gs, beClient, be); err != nil {
		return nil, problem(reasonInvalidBackendTLS, "%s", err.Error())
	}
	if len(merged.SubjectAltNames) == 0 {
		merged.SubjectAltNames = nil
	}
	if merged.MinVersion == nil {
		v := defaultUpstreamTLSMin
		merged.MinVersion = &v
	}
	if merged.MaxVersion == nil {
		v := defaultUpstreamTLSMax
		merged.MaxVersion = &v
	}
	return merged, nil
}

// backendServerTLS is the server validation part of a Backend's tls.
func (t *translation) backendServerTLS(be *egv1a1.Backend) (*ir.TLSUpstreamConfig, error) {
	tls := be.Spec.TLS
	cfg := &ir.TLSUpstreamConfig{InsecureSkipVerify: tls.InsecureSkipVerify != nil && *tls.InsecureSkipVerify}
	if tls.SNI != nil {
		sni := string(*tls.SNI)
		cfg.SNI = &sni
	}
	cfg.AutoSNIFromEndpointHostname = tls.AutoSNIFromEndpointHostname != nil && *tls.AutoSNIFromEndpointHostname
	if cfg.InsecureSkipVerify {
		return cfg, nil
	}
	switch {
	case tls.WellKnownCACertificates != nil && *tls.WellKnownCACertificates == gwapiv1.WellKnownCACertificatesSystem:
		cfg.UseSystemTrustStore = true
		cfg.CACertificate = &ir.TLSCACertificate{Name: t.systemCAName(be.Name, be.Namespace)}
	case len(tls.CaCertificateRefs) > 0:
		ca, err := t.caBundle(be.Namespace, tls.CaCertificateRefs)
		if err != nil {
			return nil, err
		}
		cfg.CACertificate = &ir.TLSCACertificate{Name: caSecretName(be.Name, be.Namespace), Certificate: ca}
	}
	return cfg, nil
}

// mergeServerTLS lays the policy's settings over the Backend's: the
// policy's trust anchor (CA bundle or system trust store), SNI and
// subjectAltNames win where set.
// Neither argument is modified.
func mergeServerTLS(fromBackend, fromPolicy *ir.TLSUpstreamConfig) *ir.TLSUpstreamConfig {
	if fromPolicy == nil {
		return fromBackend
	}
	if fromBackend == nil {
		return fromPolicy.DeepCopy()
	}
	out := fromBackend.DeepCopy()
	pc := fromPolicy.DeepCopy()
	if pc.CACertificate != nil {
		// The policy's trust anchor replaces the Backend's, system trust
		// store or not.
		out.CACertificate = pc.CACertificate
		out.UseSystemTrustStore = pc.UseSystemTrustStore
	}
	if pc.SNI != nil {
		out.SNI = pc.SNI
	}
	if pc.SubjectAltNames != nil {
		out.SubjectAltNames = pc.SubjectAltNames
	}
	return out
}

// clientTLS fills in the client side of cfg. The Gateway's
// spec.tls.backend client certificate, when set, replaces the EnvoyProxy's
// backendTLS altogether; the Backend's own settings win over either, field
// by field.
func (t *translation) clientTLS(cfg *ir.TLSUpstreamConfig, gs *gatewayState, beClient *egv1a1.BackendTLSConfig, be *egv1a1.Backend) error {
	var base ir.TLSUpstreamConfig
	switch {
	case gs != nil && gs.obj.Spec.TLS != nil && gs.obj.Spec.TLS.Backend != nil && gs.obj.Spec.TLS.Backend.ClientCertificateRef != nil:
		if s := gs.backendClientCert; s != nil {
			base.ClientCertificates = []ir.TLSCertificate{clientCertificate(s)}
		}
	case gs != nil && gs.envoyProxy != nil && gs.envoyProxy.BackendTLS != nil:
		epNS, epName := t.envoyProxyName(gs)
		if err := t.applyClientTLS(&base, gs.envoyProxy.BackendTLS, "EnvoyProxy", epNS, epName); err != nil {
			return err
		}
	}
	if beClient != nil {
		var own ir.TLSUpstreamConfig
		if err := t.applyClientTLS(&own, beClient, "Backend", be.Namespace, be.Name); err != nil {
			return err
		}
		if len(own.ClientCertificates) > 0 {
			base.ClientCertificates = own.ClientCertificates
		}
		if own.MinVersion != nil {
			base.MinVersion = own.MinVersion
		}
		if own.MaxVersion != nil {
			base.MaxVersion = own.MaxVersion
		}
		if len(own.Ciphers) > 0 {
			base.Ciphers = own.Ciphers
		}
		if len(own.ECDHCurves) > 0 {
			base.ECDHCurves = own.ECDHCurves
		}
		if len(own.SignatureAlgorithms) > 0 {
			base.SignatureAlgorithms = own.SignatureAlgorithms
		}
		if own.ALPNProtocols != nil {
			base.ALPNProtocols = own.ALPNProtocols
		}
	}
	cfg.ClientCertificates = base.ClientCertificates
	cfg.MinVersion, cfg.MaxVersion = base.MinVersion, base.MaxVersion
	cfg.Ciphers, cfg.ECDHCurves, cfg.SignatureAlgorithms = base.Ciphers, base.ECDHCurves, base.SignatureAlgorithms
	cfg.ALPNProtocols = base.ALPNProtocols
	return nil
}

// applyClientTLS copies client settings into cfg. owner names the object
// the settings come from (kind, namespace, name), for messages; the client
// certificate Secret must be in the owner's namespace.
func (t *translation) applyClientTLS(cfg *ir.TLSUpstreamConfig, c *egv1a1.BackendTLSConfig, kind, ns, name string) error {
	s := &c.TLSSettings
	cfg.Ciphers = s.Ciphers
	cfg.ECDHCurves = s.ECDHCurves
	cfg.SignatureAlgorithms = s.SignatureAlgorithms
	if s.MinVersion != nil {
		v := ir.TLSVersion(*s.MinVersion)
		cfg.MinVersion = &v
	}
	if s.MaxVersion != nil {
		v := ir.TLSVersion(*s.MaxVersion)
		cfg.MaxVersion = &v
	}
	if s.ALPNProtocols != nil {
		cfg.ALPNProtocols = make([]string, len(s.ALPNProtocols))
		for i, a := range s.ALPNProtocols {
			cfg.ALPNProtocols[i] = string(a)
		}
	}
	ref := c.ClientCertificateRef
	if ref == nil {
		return nil
	}
	secretNS := ns
	if ref.Namespace != nil && *ref.Namespace != "" {
		secretNS = string(*ref.Namespace)
	}
	if secretNS != ns {
		return fmt.Errorf("ClientCertificateRef Secret is not located in the same namespace as %s. Secret namespace: %s does not match %s namespace: %s", kind, secretNS, kind, ns)
	}
	sec := t.idx.secrets[nameOf(secretNS, string(ref.Name))]
	if sec == nil {
		return fmt.Errorf("failed to locate TLS secret for client auth: %s/%s specified in %s %s/%s", ns, ref.Name, kind, ns, name)
	}
	cfg.ClientCertificates = []ir.TLSCertificate{clientCertificate(sec)}
	return nil
}

// clientCertificate is the certificate and key of a kubernetes.io/tls
// Secret, named <namespace>/<name>.
func clientCertificate(s *corev1.Secret) ir.TLSCertificate {
	return ir.TLSCertificate{
		Name:        s.Namespace + "/" + s.Name,
		Certificate: s.Data[corev1.TLSCertKey],
		PrivateKey:  s.Data[corev1.TLSPrivateKeyKey],
	}
}

// envoyProxyName returns the namespace and name of the EnvoyProxy object
// that configures a Gateway's fleet ("" when it is the defaults).
func (t *translation) envoyProxyName(gs *gatewayState) (string, string) {
	if inf := gs.obj.Spec.Infrastructure; inf != nil && inf.ParametersRef != nil {
		ref := inf.ParametersRef
		if string(ref.Group) == egv1a1.GroupName && string(ref.Kind) == egv1a1.KindEnvoyProxy {
			if ep := t.idx.envoyProxies[nameOf(gs.obj.Namespace, ref.Name)]; ep != nil {
				return ep.Namespace, ep.Name
			}
		}
	}
	if gs.class != nil {
		if ref := gs.class.Spec.ParametersRef; ref != nil && ref.Namespace != nil {
			if ep := t.idx.envoyProxies[nameOf(string(*ref.Namespace), ref.Name)]; ep != nil {
				return ep.Namespace, ep.Name
			}
		}
	}
	return "", ""
}

// finishBackendTLSPolicies writes the status of every BackendTLSPolicy, in
// input order: for each ancestor, ResolvedRefs and Accepted (both True, or
// Accepted NoValidCACertificate and ResolvedRefs with the CA problem); then
// a policy that targets an object and section an earlier policy already
// targets is marked Accepted=False/Conflicted on the earlier policy's
// ancestors.
func (t *translation) finishBackendTLSPolicies() {
	t.btlsByTarget()
	for _, ps := range t.btls.list {
		gen := ps.obj.Generation
		for _, a := range ps.ancestors {
			st := ps.ancestorStatus(a, t.cfg.controllerName)
			if ps.err != nil {
				msg := policy.ConditionText(ps.err.msg)
				setCondition(&st.Conditions, string(gwapiv1.PolicyConditionAccepted), metav1.ConditionFalse,
					string(gwapiv1.BackendTLSPolicyReasonNoValidCACertificate), msg, gen)
				setCondition(&st.Conditions, string(gwapiv1.BackendTLSPolicyConditionResolvedRefs), metav1.ConditionFalse,
					string(ps.err.reason), msg, gen)
				continue
			}
			setCondition(&st.Conditions, string(gwapiv1.BackendTLSPolicyConditionResolvedRefs), metav1.ConditionTrue,
				string(gwapiv1.BackendTLSPolicyReasonResolvedRefs), msgBTLSResolvedRefs, gen)
			setCondition(&st.Conditions, string(gwapiv1.PolicyConditionAccepted), metav1.ConditionTrue,
				string(gwapiv1.PolicyReasonAccepted), msgPolicyAccepted, gen)
		}
	}
	type sectionKey struct {
		policyTargetKey
		section string
	}
	claimed := map[sectionKey]*btlsPolicy{}
	for _, ps := range t.btls.list {
		var winner *btlsPolicy
		for _, ref := range ps.obj.Spec.TargetRefs {
			k := sectionKey{policyTargetKey{ps.obj.Namespace, string(ref.Group), string(ref.Kind), string(ref.Name)}, ""}
			if ref.SectionName != nil {
				k.section = string(*ref.SectionName)
			}
			if w := claimed[k]; w != nil && w != ps {
				winner = w
				break
			}
			claimed[k] = ps
		}
		if winner == nil {
			continue
		}
		msg := fmt.Sprintf("Policy conflicts with BackendTLSPolicy %s/%s.", winner.obj.Namespace, winner.obj.Name)
		for _, a := range winner.ancestors {
			st := ps.ancestorStatus(a, t.cfg.controllerName)
			setCondition(&st.Conditions, string(gwapiv1.PolicyConditionAccepted), metav1.ConditionFalse,
				string(gwapiv1.PolicyReasonConflicted), msg, ps.obj.Generation)
		}
	}
	// Statuses in input order.
	order := slices.Clone(t.btls.list)
	slices.SortStableFunc(order, func(a, b *btlsPolicy) int { return a.inputIdx - b.inputIdx })
	for _, ps := range order {
		t.out.Statuses.BackendTLSPolicies = append(t.out.Statuses.BackendTLSPolicies, ps.obj)
	}
}

// ancestorStatus returns the policy's status entry for ancestor a, adding
// one when there is none.
func (ps *btlsPolicy) ancestorStatus(a gwapiv1.ParentReference, controller string) *gwapiv1.PolicyAncestorStatus {
	anc := &ps.obj.Status.Ancestors
	for i := range *anc {
		if sameAncestorRef((*anc)[i].AncestorRef, a) && string((*anc)[i].ControllerName) == controller {
			return &(*anc)[i]
		}
	}
	*anc = append(*anc, gwapiv1.PolicyAncestorStatus{AncestorRef: *a.DeepCopy(), ControllerName: gwapiv1.GatewayController(controller)})
	return &(*anc)[len(*anc)-1]
}
