package translator

import (
	"fmt"
	"strconv"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/gatewaykit/gatewaykit/ir"
)

// Client certificate validation on a Gateway's HTTPS listeners
// (spec.tls.frontend, GEP-91). The default validation applies to every
// HTTPS listener; a perPort entry replaces it for the listeners on its port,
// and a perPort entry without validation turns validation off there.
//
// The CA bundles are resolved once per Gateway. The Gateway reports the
// outcome in its ResolvedRefs condition; an HTTPS listener whose validation
// cannot be resolved is not accepted (ResolvedRefs and Programmed False with
// the reference's reason, Accepted False/NoValidCACertificate). In mode
// AllowInsecureFallback the Gateway also reports
// InsecureFrontendValidationMode=True.

// Messages of the conditions frontend validation sets, as Envoy Gateway
// words them.
const (
	msgFrontendResolved      = "Successfully resolved all TLS references for the gateway"
	msgFrontendDefaultFailed = "Failed to get default frontend CA certs for gateway: "
	msgFrontendPortFailed    = "Failed to get frontend CA certs for gateway: "
	msgFrontendListenerError = "Listener has invalid caCertificateRef for frontend TLS validation: "
	msgFrontendInsecure      = "Gateway is using AllowInsecureFallback frontend validation mode."
	msgFrontendCAKind        = "Unsupported reference kind, supported kinds are ConfigMap, Secret, and ClusterTrustBundle in caCertificateRefs"

	kindConfigMap          = "ConfigMap"
	kindSecret             = "Secret"
	kindClusterTrustBundle = "ClusterTrustBundle"
)

// frontendTLS is a Gateway's spec.tls.frontend resolved: the validation of
// listeners without a perPort entry, and that of each perPort port.
type frontendTLS struct {
	def    *frontendValidation
	byPort map[gwapiv1.PortNumber]*frontendValidation
}

// frontendValidation is one FrontendTLSValidation resolved. ca is nil when
// err is set.
type frontendValidation struct {
	ca       *ir.TLSCACertificate
	insecure bool
	err      *refError
}

// forPort returns the validation for listeners on port, or nil when there
// is none.
func (f *frontendTLS) forPort(port gwapiv1.PortNumber) *frontendValidation {
	if f == nil {
		return nil
	}
	if v, ok := f.byPort[port]; ok {
		return v
	}
	return f.def
}

// checkFrontendTLS resolves the Gateway's spec.tls.frontend into
// gs.frontend and sets the Gateway's conditions: ResolvedRefs=False with
// reason InvalidParameters naming the last reference that failed (the
// default's first, then perPort in order), else ResolvedRefs=True; and
// InsecureFrontendValidationMode=True when any validation uses
// AllowInsecureFallback. It runs before the backend client certificate
// check, whose failure takes precedence on ResolvedRefs.
func (t *translation) checkFrontendTLS(gs *gatewayState) {
	if gs.obj.Spec.TLS == nil || gs.obj.Spec.TLS.Frontend == nil {
		return
	}
	spec := gs.obj.Spec.TLS.Frontend
	prefix := "gateway/" + gs.obj.Namespace + "/" + gs.obj.Name + "/"
	f := &frontendTLS{byPort: make(map[gwapiv1.PortNumber]*frontendValidation, len(spec.PerPort))}
	var failure string
	insecure := false
	if v := spec.Default.Validation; v != nil {
		f.def = t.resolveFrontendValidation(gs, v, prefix+"default/"+caCertKey)
		if f.def.err != nil {
			failure = msgFrontendDefaultFailed + f.def.err.msg
		}
		insecure = insecure || f.def.insecure
	}
	for _, pp := range spec.PerPort {
		if _, dup := f.byPort[pp.Port]; dup {
			continue
		}
		var fv *frontendValidation
		if v := pp.TLS.Validation; v != nil {
			fv = t.resolveFrontendValidation(gs, v, prefix+strconv.Itoa(int(pp.Port))+"/"+caCertKey)
			if fv.err != nil {
				failure = msgFrontendPortFailed + fv.err.msg
			}
			insecure = insecure || fv.insecure
		}
		f.byPort[pp.Port] = fv
	}
	gs.frontend = f

	conds := &gs.obj.Status.Conditions
	if insecure {
		setCondition(conds, string(gwapiv1.GatewayConditionInsecureFrontendValidationMode), metav1.ConditionTrue,
			string(gwapiv1.GatewayReasonConfigurationChanged), msgFrontendInsecure, gs.obj.Generation)
	}
	if failure != "" {
		setCondition(conds, string(gwapiv1.GatewayConditionResolvedRefs), metav1.ConditionFalse,
			string(gwapiv1.GatewayReasonInvalidParameters), failure, gs.obj.Generation)
		return
	}
	setCondition(conds, string(gwapiv1.GatewayConditionResolvedRefs), metav1.ConditionTrue,
		string(gwapiv1.GatewayReasonResolvedRefs), msgFrontendResolved, gs.obj.Generation)
}

// resolveFrontendValidation resolves v's CA references, in order, into one
// bundle named name. The first reference that cannot be used ends it:
// an unsupported kind (InvalidCACertificateKind), a reference to another
// namespace without a ReferenceGrant from Gateways (RefNotPermitted), or an
// object that is missing or holds no CA (InvalidCACertificateRef).
func (t *translation) resolveFrontendValidation(gs *gatewayState, v *gwapiv1.FrontendTLSValidation, name string) *frontendValidation {
	fv := &frontendValidation{insecure: v.Mode == gwapiv1.AllowInsecureFallback}
	var bundle []byte
	for _, ref := range v.CACertificateRefs {
		group, kind := string(ref.Group), string(ref.Kind)
		switch {
		case group == corev1.GroupName && (kind == kindConfigMap || kind == kindSecret):
		case kind == kindClusterTrustBundle:
		default:
			fv.err = &refError{string(gwapiv1.ListenerReasonInvalidCACertificateKind), msgFrontendCAKind}
			return fv
		}
		ns := gs.obj.Namespace
		if ref.Namespace != nil && *ref.Namespace != "" {
			ns = string(*ref.Namespace)
		}
		if kind != kindClusterTrustBundle && ns != gs.obj.Namespace &&
			!t.refGranted(kindGateway, gs.obj.Namespace, group, kind, ns, string(ref.Name)) {
			fv.err = &refError{string(gwapiv1.ListenerReasonRefNotPermitted), fmt.Sprintf(
				"cross-namespace reference is not permitted by any ReferenceGrant for caCertificateRef %s/%s (kind: %s, namespace: %s)",
				group, ref.Name, kind, ns)}
			return fv
		}
		ca, err := t.caBundle(ns, []gwapiv1.LocalObjectReference{{Group: ref.Group, Kind: ref.Kind, Name: ref.Name}})
		if err != nil {
			fv.err = &refError{string(gwapiv1.ListenerReasonInvalidCACertificateRef), err.Error()}
			return fv
		}
		if len(bundle) > 0 {
			bundle = append(bundle, '\n')
		}
		bundle = append(bundle, ca...)
	}
	if len(bundle) == 0 {
		fv.err = &refError{string(gwapiv1.ListenerReasonInvalidCACertificateRef), errNoCABundle.Error()}
		return fv
	}
	fv.ca = &ir.TLSCACertificate{Name: name, Certificate: bundle}
	return fv
}

// checkFrontendValidation applies the Gateway's frontend validation to an
// HTTPS listener's spec. When the validation for its port could not be
// resolved the listener gets ResolvedRefs and Programmed False with the
// failure's reason and Accepted=False/NoValidCACertificate, and false is
// returned.
func (l *listenerState) checkFrontendValidation() bool {
	v := l.gw.frontend.forPort(l.spec.Port)
	if v == nil || v.err == nil {
		return true
	}
	msg := msgFrontendListenerError + v.err.msg
	l.setCond(gwapiv1.ListenerConditionResolvedRefs, metav1.ConditionFalse, v.err.reason, msg)
	l.setCond(gwapiv1.ListenerConditionProgrammed, metav1.ConditionFalse, v.err.reason, msg)
	l.setCond(gwapiv1.ListenerConditionAccepted, metav1.ConditionFalse, string(gwapiv1.ListenerReasonNoValidCACertificate), msg)
	return false
}

// applyFrontendValidation sets client certificate validation on the IR TLS
// of a ready HTTPS listener: the CA bundle, and either a required, valid
// client certificate or, with AllowInsecureFallback, acceptance of
// untrusted or missing ones.
func (l *listenerState) applyFrontendValidation(cfg *ir.TLSConfig) {
	v := l.gw.frontend.forPort(l.spec.Port)
	if cfg == nil || l.spec.Protocol != gwapiv1.HTTPSProtocolType || v == nil || v.ca == nil {
		return
	}
	ca := *v.ca
	cfg.CACertificate = &ca
	cfg.ClientValidationEnabled = true
	cfg.RequireClientCertificate = !v.insecure
	cfg.AcceptUntrusted = v.insecure
}
