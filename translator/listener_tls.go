package translator

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/gatewaykit/gatewaykit/ir"
)

// ocspStapleKey is the Secret key that holds an OCSP response to staple.
const ocspStapleKey = "tls.ocsp-staple"

// validateListenerTLS checks the listener's tls block against its protocol
// and, for TLS termination, resolves its certificates into l.certs. It
// reports whether the spec is valid. The rules, with Envoy Gateway's
// conditions:
//
//   - HTTP, TCP and UDP listeners must not set tls;
//   - HTTPS listeners must set tls, in Terminate mode (other modes:
//     Programmed=False/UnsupportedTLSMode), with at least one certificate,
//     and the Gateway's frontend client validation for their port must
//     have resolved (checkFrontendValidation; its conditions override
//     those of a certificate failure);
//   - TLS listeners must set tls; in Passthrough mode without certificates,
//     in Terminate mode with at least one.
func (t *translation) validateListenerTLS(l *listenerState) bool {
	tlsCfg := l.spec.TLS
	invalid := func(msg string) bool {
		l.setCond(gwapiv1.ListenerConditionProgrammed, metav1.ConditionFalse, string(gwapiv1.ListenerReasonInvalid), msg)
		return false
	}
	switch l.spec.Protocol {
	case gwapiv1.HTTPProtocolType, gwapiv1.TCPProtocolType, gwapiv1.UDPProtocolType:
		if tlsCfg != nil {
			return invalid(fmt.Sprintf("Listener must not have TLS set when protocol is %s.", l.spec.Protocol))
		}
	case gwapiv1.HTTPSProtocolType:
		if tlsCfg == nil {
			return invalid(fmt.Sprintf("Listener must have TLS set when protocol is %s.", l.spec.Protocol))
		}
		if tlsCfg.Mode != nil && *tlsCfg.Mode != gwapiv1.TLSModeTerminate {
			l.setCond(gwapiv1.ListenerConditionProgrammed, metav1.ConditionFalse, reasonUnsupportedTLSMode,
				fmt.Sprintf("TLS %s mode is not supported, TLS mode must be Terminate.", *tlsCfg.Mode))
			return false
		}
		certsOK := t.resolveCertificates(l)
		return l.checkFrontendValidation() && certsOK
	case gwapiv1.TLSProtocolType:
		if tlsCfg == nil {
			return invalid(fmt.Sprintf("Listener must have TLS set when protocol is %s.", l.spec.Protocol))
		}
		if tlsCfg.Mode == nil {
			return true
		}
		switch *tlsCfg.Mode {
		case gwapiv1.TLSModePassthrough:
			if len(tlsCfg.CertificateRefs) > 0 {
				return invalid("Listener must not have TLS certificate refs set for TLS mode Passthrough.")
			}
		case gwapiv1.TLSModeTerminate:
			if len(tlsCfg.CertificateRefs) == 0 {
				return invalid("Listener must have TLS certificate refs set for TLS mode Terminate.")
			}
			return t.resolveCertificates(l)
		}
	}
	return true
}

// refError is a certificate reference that could not be used, with the
// ResolvedRefs reason it earns.
type refError struct {
	reason string
	msg    string
}

// resolveCertificates resolves the listener's certificateRefs to Secrets
// and parses them. References are checked in order: kind Secret in the core
// group, a ReferenceGrant for a namespace other than the listener owner's
// (the Gateway's, or the ListenerSet's) (RefNotPermitted), the Secret's
// existence and its tls.crt and tls.key. Usable Secrets are then
// parsed (see parseServingSecret). When none is left, ResolvedRefs=False
// with the first failure's reason ("No valid secrets exist: ...") and the
// spec is invalid; when some failed, ResolvedRefs=False with reason
// PartiallyInvalidCertificateRef ("Some secrets are invalid: ...") and the
// listener serves with the rest.
func (t *translation) resolveCertificates(l *listenerState) bool {
	refs := l.spec.TLS.CertificateRefs
	if len(refs) == 0 {
		l.setCond(gwapiv1.ListenerConditionProgrammed, metav1.ConditionFalse, string(gwapiv1.ListenerReasonInvalid),
			"Listener must have at least 1 TLS certificate ref")
		return false
	}
	// A ListenerSet's listener refers to Secrets from the set's namespace,
	// and needs a ReferenceGrant from kind ListenerSet for another one.
	ownerNS, ownerKind := l.ownerNamespace(), l.ownerKind()
	var errs []refError
	var secrets []*corev1.Secret
	for i, ref := range refs {
		if (ref.Group != nil && *ref.Group != "") || (ref.Kind != nil && *ref.Kind != "Secret") {
			group, kind := "", "Secret"
			if ref.Group != nil {
				group = string(*ref.Group)
			}
			if ref.Kind != nil {
				kind = string(*ref.Kind)
			}
			errs = append(errs, refError{string(gwapiv1.ListenerReasonInvalidCertificateRef),
				fmt.Sprintf("certificate refs %d: Unsupported reference %s/%s, only Secrets in the core group are supported.", i, group, kind)})
			continue
		}
		ns := ownerNS
		if ref.Namespace != nil && *ref.Namespace != "" {
			ns = string(*ref.Namespace)
		}
		if ns != ownerNS && !t.refGranted(ownerKind, ownerNS, "", "Secret", ns, string(ref.Name)) {
			errs = append(errs, refError{string(gwapiv1.ListenerReasonRefNotPermitted),
				fmt.Sprintf("certificate refs %d: Certificate ref to secret %s/%s not permitted by any ReferenceGrant.", i, ns, ref.Name)})
			continue
		}
		s := t.idx.secrets[nameOf(ns, string(ref.Name))]
		if s == nil {
			errs = append(errs, refError{string(gwapiv1.ListenerReasonInvalidCertificateRef),
				fmt.Sprintf("certificate refs %d: Secret %s/%s does not exist.", i, ns, ref.Name)})
			continue
		}
		if len(s.Data[corev1.TLSCertKey]) == 0 || len(s.Data[corev1.TLSPrivateKeyKey]) == 0 {
			errs = append(errs, refError{string(gwapiv1.ListenerReasonInvalidCertificateRef),
				fmt.Sprintf("certificate refs %d: Secret %s/%s must contain %s and %s.", i, ns, ref.Name, corev1.TLSCertKey, corev1.TLSPrivateKeyKey)})
			continue
		}
		secrets = append(secrets, s)
	}
	joined := func() string {
		msgs := make([]string, len(errs))
		for i, e := range errs {
			msgs[i] = e.msg
		}
		return strings.Join(msgs, "\n")
	}
	if len(secrets) == 0 {
		l.setCond(gwapiv1.ListenerConditionResolvedRefs, metav1.ConditionFalse, errs[0].reason, "No valid secrets exist: "+joined())
		return false
	}
	if len(errs) > 0 {
		l.setCond(gwapiv1.ListenerConditionResolvedRefs, metav1.ConditionFalse, reasonPartiallyInvalidCertificateRef, "Some secrets are invalid: "+joined())
	}

	var parseErrs []error
	algDomains := map[string]bool{}
	for _, s := range secrets {
		cert, leaf, err := parseServingSecret(s, algDomains)
		if err != nil {
			parseErrs = append(parseErrs, err)
			continue
		}
		l.certs = append(l.certs, cert)
		l.certDNSNames = append(l.certDNSNames, leaf.DNSNames...)
	}
	if len(parseErrs) > 0 {
		if len(l.certs) == 0 {
			l.setCond(gwapiv1.ListenerConditionResolvedRefs, metav1.ConditionFalse, string(gwapiv1.ListenerReasonInvalidCertificateRef),
				fmt.Sprintf("No valid secrets exist: %v.", errors.Join(parseErrs...)))
			return false
		}
		l.setCond(gwapiv1.ListenerConditionResolvedRefs, metav1.ConditionFalse, reasonPartiallyInvalidCertificateRef,
			fmt.Sprintf("Some secrets are invalid: %v", errors.Join(parseErrs...)))
	}
	return true
}

// secretRefGranted reports whether a ReferenceGrant in namespace to lets
// Gateways in namespace from refer to Secret to/name.
func (t *translation) secretRefGranted(from, to, name string) bool {
	return t.granted(gwapiv1.GroupName, kindGateway, from, "", "Secret", to, name)
}

// parseServingSecret checks a TLS Secret the way Envoy Gateway does before
// handing it to Envoy, and returns it as an IR certificate with its leaf
// certificate:
//
//   - every PEM block of tls.crt must parse as certificates (the chain is
//     kept whole and re-encoded canonically);
//   - tls.key must be one PEM private key in PKCS#1, PKCS#8 or SEC 1 (EC)
//     form, and must match the leaf certificate;
//   - within one listener, a certificate domain (DNS SANs, else the common
//     name) may appear once per public key algorithm (algDomains records
//     them).
//
// Certificate validity periods are not checked: translation reads no clock.
// Error messages are Envoy Gateway's.
func parseServingSecret(s *corev1.Secret, algDomains map[string]bool) (ir.TLSCertificate, *x509.Certificate, error) {
	id := s.Namespace + "/" + s.Name
	var chain []byte
	var leaf *x509.Certificate
	rest := s.Data[corev1.TLSCertKey]
	for len(rest) > 0 {
		block, remaining := pem.Decode(rest)
		if block == nil {
			break
		}
		rest = remaining
		certs, err := x509.ParseCertificates(block.Bytes)
		if err != nil {
			return ir.TLSCertificate{}, nil, fmt.Errorf("%s must contain valid tls.crt and tls.key, unable to validate certificate in tls.crt: %w", id, err)
		}
		if leaf == nil && len(certs) > 0 {
			leaf = certs[0]
		}
		chain = append(chain, pem.EncodeToMemory(block)...)
	}
	if len(chain) == 0 || leaf == nil {
		return ir.TLSCertificate{}, nil, fmt.Errorf("%s must contain valid tls.crt and tls.key, unable to validate certificate in tls.crt: unable to decode pem data for certificate", id)
	}
	keyBlock, _ := pem.Decode(s.Data[corev1.TLSPrivateKeyKey])
	if keyBlock == nil {
		return ir.TLSCertificate{}, nil, fmt.Errorf("%s must contain valid tls.crt and tls.key, unable to decode pem data in tls.key", id)
	}
	var keyErr error
	var format string
	switch keyBlock.Type {
	case "PRIVATE KEY":
		format = "PKCS8"
		if _, err := x509.ParsePKCS8PrivateKey(keyBlock.Bytes); err != nil {
			keyErr = err
		}
	case "RSA PRIVATE KEY":
		format = "PKCS1"
		if _, err := x509.ParsePKCS1PrivateKey(keyBlock.Bytes); err != nil {
			keyErr = err
		}
	case "EC PRIVATE KEY":
		format = "EC"
		if _, err := x509.ParseECPrivateKey(keyBlock.Bytes); err != nil {
			keyErr = err
		}
	default:
		return ir.TLSCertificate{}, nil, fmt.Errorf("%s must contain valid tls.crt and tls.key, %s key format found in tls.key, supported formats are PKCS1, PKCS8 or EC", id, keyBlock.Type)
	}
	if keyErr != nil {
		return ir.TLSCertificate{}, nil, fmt.Errorf("%s must contain valid tls.crt and tls.key, unable to parse %s formatted private key in tls.key", id, format)
	}
	key := pem.EncodeToMemory(keyBlock)
	if _, err := tls.X509KeyPair(chain, key); err != nil {
		return ir.TLSCertificate{}, nil, fmt.Errorf("%s must contain a matching tls.crt and tls.key: %w", id, err)
	}
	domains := leaf.DNSNames
	if len(domains) == 0 && leaf.Subject.CommonName != "" {
		domains = []string{leaf.Subject.CommonName}
	}
	alg := leaf.PublicKeyAlgorithm.String()
	for _, d := range domains {
		k := alg + "/" + d
		if algDomains[k] {
			return ir.TLSCertificate{}, nil, fmt.Errorf("%s public key algorithm must be unique, certificate domain %s has a conflicting algorithm [%s]", id, d, alg)
		}
	}
	for _, d := range domains {
		algDomains[alg+"/"+d] = true
	}
	cert := ir.TLSCertificate{Name: id, Certificate: chain, PrivateKey: key}
	if staple := s.Data[ocspStapleKey]; len(staple) > 0 {
		cert.OCSPStaple = append([]byte(nil), staple...)
	}
	return cert, leaf, nil
}
