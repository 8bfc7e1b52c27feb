package translator

import (
	corev1 "k8s.io/api/core/v1"

	"github.com/gatewaykit/gatewaykit/ir"
)

// EnvoyClientSecretName is the Secret, in the controller namespace, that
// holds the TLS certificate Envoy presents to the control plane's own
// services (the Wasm module server), as Envoy Gateway's installer creates
// it.
const EnvoyClientSecretName = "envoy"

// setEnvoyClientCertificates gives every IR whose routes use Wasm the
// Envoy client certificate (GlobalResources.EnvoyClientCertificate), read
// from the Secret EnvoyClientSecretName of the controller namespace, so
// that package xds can emit the cluster Envoy fetches modules through.
// Without that Secret the IR has none, and the proxy's bootstrap must
// define the cluster (xds.WasmClusterName) itself.
func (t *translation) setEnvoyClientCertificates() {
	s := t.idx.secrets[nameOf(t.cfg.controllerNamespace, EnvoyClientSecretName)]
	if s == nil {
		return
	}
	seen := map[*ir.Xds]bool{}
	for _, gs := range t.gatewayList {
		x := gs.ir
		if x == nil || seen[x] || !usesWasm(x) {
			continue
		}
		seen[x] = true
		if x.GlobalResources == nil {
			x.GlobalResources = &ir.GlobalResources{}
		}
		x.GlobalResources.EnvoyClientCertificate = &ir.TLSCertificate{
			Name:        s.Namespace + "/" + s.Name,
			Certificate: append([]byte(nil), s.Data[corev1.TLSCertKey]...),
			PrivateKey:  append([]byte(nil), s.Data[corev1.TLSPrivateKeyKey]...),
		}
	}
}

// usesWasm reports whether a route of x has a Wasm extension.
func usesWasm(x *ir.Xds) bool {
	for _, l := range x.HTTP {
		for _, r := range l.Routes {
			if r != nil && r.EnvoyExtensions != nil && len(r.EnvoyExtensions.Wasms) > 0 {
				return true
			}
		}
	}
	return false
}
