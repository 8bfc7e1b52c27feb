package translator

import (
	"context"
	"errors"
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// ociScheme starts the download URL of a Wasm module packaged as an OCI
// image, as the WasmResolver receives it.
const ociScheme = "oci://"

// certificatesGroup is the API group of ClusterTrustBundles.
const certificatesGroup = "certificates.k8s.io"

// eepWasm is one Wasm filter of an EnvoyExtensionPolicy, with its module
// resolved.
type eepWasm struct {
	// name is envoyextensionpolicy/<ns>/<name>/wasm/<i>; wasmName is the
	// spec's name, else name.
	name, wasmName string
	rootID         *string
	// config is the module's JSON configuration, nil when not set.
	config   []byte
	failOpen bool
	// originalURL is where the module comes from: the HTTP URL as given,
	// or the normalised oci:// reference of an image.
	originalURL string
	// servingURL and sha256 are the resolver's answer: where Envoy fetches
	// the module, and its checksum.
	servingURL, sha256 string
	// hostKeys are the Envoy process environment variables the module sees.
	hostKeys []string
}

// eepWasms builds the policy's Wasm filters. A module that cannot be
// resolved is left out and reported; failOpen is true when there were
// problems and every failing module has failOpen set.
func (t *translation) eepWasms(p *egv1a1.EnvoyExtensionPolicy) (out []eepWasm, failOpen bool, err error) {
	if len(p.Spec.Wasm) == 0 {
		return nil, false, nil
	}
	var (
		errs       []error
		failClosed bool
	)
	for i := range p.Spec.Wasm {
		w := &p.Spec.Wasm[i]
		m, err := t.eepWasm(p, w, i)
		if err != nil {
			errs = append(errs, err)
			if w.FailOpen == nil || !*w.FailOpen {
				failClosed = true
			}
			continue
		}
		out = append(out, m)
	}
	err = errors.Join(errs...)
	return out, err != nil && !failClosed, err
}

// eepWasm resolves the i-th Wasm filter w of p: checks its CA and pull
// secret references, normalises the source and asks the WasmResolver for
// the serving URL and checksum.
func (t *translation) eepWasm(p *egv1a1.EnvoyExtensionPolicy, w *egv1a1.Wasm, i int) (eepWasm, error) {
	var (
		source, sha256 string
		pullSecret     []byte
	)
	code := &w.Code
	switch code.Type {
	case egv1a1.WasmCodeSourceTypeHTTP:
		h := code.HTTP
		if h == nil {
			return eepWasm{}, errors.New("missing HTTP field in Wasm code source")
		}
		if h.TLS != nil {
			if err := t.eepWasmCA(h.TLS.CaCertificateRef, p.Namespace); err != nil {
				return eepWasm{}, err
			}
		}
		source, sha256 = h.URL, derefOr(h.Sha256, "")
	case egv1a1.WasmCodeSourceTypeImage:
		img := code.Image
		if img == nil {
			return eepWasm{}, errors.New("missing Image field in Wasm code source")
		}
		if img.TLS != nil {
			if err := t.eepWasmCA(img.TLS.CaCertificateRef, p.Namespace); err != nil {
				return eepWasm{}, err
			}
		}
		if ref := img.PullSecretRef; ref != nil {
			s, err := t.eepPullSecret(*ref, p.Namespace)
			if err != nil {
				return eepWasm{}, err
			}
			data, ok := s.Data[corev1.DockerConfigJsonKey]
			if !ok {
				return eepWasm{}, fmt.Errorf("missing %s key in secret %s/%s", corev1.DockerConfigJsonKey, s.Namespace, s.Name)
			}
			pullSecret = data
		}
		source, sha256 = ociReference(img.URL), derefOr(img.Sha256, "")
	default:
		return eepWasm{}, fmt.Errorf("unsupported Wasm code source type %q", code.Type)
	}

	r := t.cfg.wasmResolver
	if r == nil {
		return eepWasm{}, fmt.Errorf("module %s cannot be fetched: no Wasm resolver is configured (translator.WithWasmResolver)", source)
	}
	// Translation has no context of its own; the resolver is expected to
	// answer from its cache or bound its own work.
	serving, sum, err := r.Resolve(context.Background(), source, sha256, pullSecret)
	if err != nil {
		return eepWasm{}, err
	}

	name := eepConfigName(p, "wasm", i)
	m := eepWasm{
		name:        name,
		wasmName:    derefOr(w.Name, name),
		rootID:      w.RootID,
		failOpen:    w.FailOpen != nil && *w.FailOpen,
		originalURL: source,
		servingURL:  serving,
		sha256:      sum,
	}
	if w.Config != nil && w.Config.Raw != nil {
		m.config = append([]byte(nil), w.Config.Raw...)
	}
	if w.Env != nil && len(w.Env.HostKeys) > 0 {
		m.hostKeys = append([]string(nil), w.Env.HostKeys...)
	}
	return m, nil
}

// ociReference is the download URL of an OCI image reference as the
// WasmResolver receives it: prefixed with oci:// and, when it names neither
// a digest nor a tag, with :latest appended.
func ociReference(ref string) string {
	if !strings.HasPrefix(ref, ociScheme) {
		ref = ociScheme + ref
	}
	if !strings.Contains(ref, "@") && !ociHasTag(ref) {
		ref += ":latest"
	}
	return ref
}

// ociHasTag reports whether an oci:// image reference names a tag: a colon
// after the last slash, so that a registry port is not taken for one.
func ociHasTag(ref string) bool {
	rest := strings.TrimPrefix(ref, ociScheme)
	i := strings.LastIndex(rest, ":")
	return i >= 0 && !strings.Contains(rest[i+1:], "/")
}

// eepPullSecret returns the Secret an image pull secret reference of a
// policy in namespace ns names. The reference may point to another
// namespace when a ReferenceGrant there allows it.
func (t *translation) eepPullSecret(ref gwapiv1.SecretObjectReference, ns string) (*corev1.Secret, error) {
	if ref.Group != nil && *ref.Group != "" {
		return nil, errors.New("secret ref group must be unspecified/empty")
	}
	kind := string(derefOr(ref.Kind, "Secret"))
	if kind != "Secret" && kind != "ConfigMap" {
		return nil, errors.New("secret ref kind must be Secret")
	}
	secretNS := ns
	if ref.Namespace != nil && *ref.Namespace != "" && string(*ref.Namespace) != ns {
		secretNS = string(*ref.Namespace)
		if !t.eepRefGranted(ns, "", kind, secretNS, string(ref.Name)) {
			return nil, fmt.Errorf("ref to %s %s/%s not permitted by any ReferenceGrant", kind, secretNS, ref.Name)
		}
	}
	// A ConfigMap passes the kind check (the reference type is shared with
	// CA references) but is never found among the Secrets.
	s := t.idx.secrets[nameOf(secretNS, string(ref.Name))]
	if s == nil || kind != "Secret" {
		return nil, fmt.Errorf("secret %s/%s does not exist", secretNS, ref.Name)
	}
	return s, nil
}

// eepWasmCA checks the CA certificate reference with which a Wasm source
// is verified, for a policy in namespace ns: a Secret or ConfigMap (in ns,
// or in another namespace that grants it) with a ca.crt entry, or a
// ClusterTrustBundle.
//
// The WasmResolver has no parameter for a CA, so the bundle is checked but
// not passed on: the resolver must trust the source by its own means.
func (t *translation) eepWasmCA(ref gwapiv1.SecretObjectReference, ns string) error {
	kind := string(derefOr(ref.Kind, "Secret"))
	group := string(derefOr(ref.Group, ""))
	if group != "" && (kind != "ClusterTrustBundle" || group != certificatesGroup) {
		return errors.New("secret ref group must be unspecified/empty")
	}
	if kind == "ClusterTrustBundle" {
		ctb := t.idx.clusterTrustBundles[string(ref.Name)]
		if ctb == nil {
			return fmt.Errorf("cluster trust bundle %s not found", ref.Name)
		}
		if ctb.Spec.TrustBundle == "" {
			return fmt.Errorf("no ca found in cluster trust bundle %s", ref.Name)
		}
		return nil
	}
	if kind != "Secret" && kind != "ConfigMap" {
		return fmt.Errorf("unsupported kind %s for a CA certificate reference: use Secret, ConfigMap or ClusterTrustBundle", kind)
	}
	refNS := ns
	if ref.Namespace != nil && *ref.Namespace != "" && string(*ref.Namespace) != ns {
		refNS = string(*ref.Namespace)
		if !t.eepRefGranted(ns, "", kind, refNS, string(ref.Name)) {
			return fmt.Errorf("certificate ref to %s %s/%s not permitted by any ReferenceGrant", strings.ToLower(kind), refNS, ref.Name)
		}
	}
	if kind == "ConfigMap" {
		cm := t.idx.configMaps[nameOf(refNS, string(ref.Name))]
		if cm == nil {
			return fmt.Errorf("configmap %s/%s does not exist", refNS, ref.Name)
		}
		if cm.Data[caCertKey] == "" {
			return fmt.Errorf("no %s found in configmap %s/%s", caCertKey, refNS, ref.Name)
		}
		return nil
	}
	s := t.idx.secrets[nameOf(refNS, string(ref.Name))]
	if s == nil {
		return fmt.Errorf("secret %s/%s does not exist", refNS, ref.Name)
	}
	if len(s.Data[caCertKey]) == 0 {
		return fmt.Errorf("no %s found in secret %s/%s", caCertKey, refNS, ref.Name)
	}
	return nil
}

// eepRefGranted reports whether a ReferenceGrant in namespace toNS lets
// EnvoyExtensionPolicies in fromNS refer to the object toGroup/toKind
// toName.
func (t *translation) eepRefGranted(fromNS, toGroup, toKind, toNS, toName string) bool {
	return t.granted(egv1a1.GroupName, egv1a1.KindEnvoyExtensionPolicy, fromNS, toGroup, toKind, toNS, toName)
}
