package translator

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// Reasons and messages of the Gateway's ResolvedRefs condition for its
// backend client certificate (spec.tls.backend.clientCertificateRef), as
// Envoy Gateway words them.
const (
	reasonInvalidClientCertificateRef = "InvalidClientCertificateRef"
	msgClientCertMissing              = "failed to get backend client certs for gateway"
	msgClientCertCrossNamespace       = "invalid cross-namespace reference to backend client certificate"
)

// checkBackendClientCertificate validates the client certificate the
// Gateway presents to backends. A bad reference sets the Gateway's
// ResolvedRefs condition to False; the Gateway and its listeners are still
// translated, and backends are then reached without that certificate. A
// good one is kept in gs.backendClientCert for the backends' TLS.
func (t *translation) checkBackendClientCertificate(gs *gatewayState) {
	tls := gs.obj.Spec.TLS
	if tls == nil || tls.Backend == nil || tls.Backend.ClientCertificateRef == nil {
		return
	}
	ref := tls.Backend.ClientCertificateRef
	fail := func(reason, msg string) {
		setCondition(&gs.obj.Status.Conditions, string(gwapiv1.GatewayConditionResolvedRefs), metav1.ConditionFalse,
			reason, msg, gs.obj.Generation)
	}
	const invalidRef = "Invalid backend client certificate reference for gateway: "
	if ref.Group != nil && *ref.Group != "" && *ref.Group != corev1.GroupName {
		fail(reasonInvalidClientCertificateRef, invalidRef+"invalid client certificate reference group: "+string(*ref.Group))
		return
	}
	if ref.Kind != nil && *ref.Kind != "Secret" {
		fail(reasonInvalidClientCertificateRef, invalidRef+"invalid client certificate reference kind: "+string(*ref.Kind))
		return
	}
	ns := gs.obj.Namespace
	if ref.Namespace != nil && *ref.Namespace != "" {
		ns = string(*ref.Namespace)
	}
	if ns != gs.obj.Namespace && !t.secretRefGranted(gs.obj.Namespace, ns, string(ref.Name)) {
		fail(string(gwapiv1.GatewayReasonRefNotPermitted), msgClientCertCrossNamespace)
		return
	}
	s := t.idx.secrets[nameOf(ns, string(ref.Name))]
	if s == nil {
		fail(reasonInvalidClientCertificateRef, msgClientCertMissing)
		return
	}
	if len(s.Data[corev1.TLSCertKey]) == 0 || len(s.Data[corev1.TLSPrivateKeyKey]) == 0 {
		fail(reasonInvalidClientCertificateRef, fmt.Sprintf(
			"invalid backend client cert secret for gateway: secret %s/%s must contain '%s' and '%s' fields",
			ns, ref.Name, corev1.TLSCertKey, corev1.TLSPrivateKeyKey))
		return
	}
	gs.backendClientCert = s
}
