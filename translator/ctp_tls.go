package translator

import (
	"crypto/sha256"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"slices"
	"time"

	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/gatewaykit/gatewaykit/ir"
	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// ctpCRLKey is the data key of a certificate revocation list in a
// ConfigMap or Secret.
const ctpCRLKey = "ca.crl"

// ctpCipherSuites are the TLS 1.0-1.2 cipher suites Envoy accepts, by
// OpenSSL name and by IANA name.
var ctpCipherSuites = map[string]bool{
	"ECDHE-ECDSA-AES128-GCM-SHA256":                 true,
	"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256":       true,
	"ECDHE-RSA-AES128-GCM-SHA256":                   true,
	"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256":         true,
	"ECDHE-ECDSA-AES256-GCM-SHA384":                 true,
	"TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384":       true,
	"ECDHE-RSA-AES256-GCM-SHA384":                   true,
	"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384":         true,
	"ECDHE-ECDSA-CHACHA20-POLY1305":                 true,
	"TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256": true,
	"ECDHE-RSA-CHACHA20-POLY1305":                   true,
	"TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256":   true,
	"ECDHE-ECDSA-AES128-SHA":                        true,
	"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA":          true,
	"ECDHE-RSA-AES128-SHA":                          true,
	"TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA":            true,
	"AES128-GCM-SHA256":                             true,
	"TLS_RSA_WITH_AES_128_GCM_SHA256":               true,
	"AES128-SHA":                                    true,
	"TLS_RSA_WITH_AES_128_CBC_SHA":                  true,
	"ECDHE-ECDSA-AES256-SHA":                        true,
	"TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA":          true,
	"ECDHE-RSA-AES256-SHA":                          true,
	"TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA":            true,
	"AES256-GCM-SHA384":                             true,
	"TLS_RSA_WITH_AES_256_GCM_SHA384":               true,
	"AES256-SHA":                                    true,
	"TLS_RSA_WITH_AES_256_CBC_SHA":                  true,
}

// ctpBuildTLS returns the TLS configuration of a listener that terminates
// TLS with base, with spec.tls applied. base is not modified. Whether or
// not the policy sets tls, the versions default to 1.2 to 1.3. The first
// problem found is the error; the configuration returned with it holds what
// was applied before (Envoy Gateway applies those settings anyway).
func (t *translation) ctpBuildTLS(p *egv1a1.ClientTrafficPolicy, base *ir.TLSConfig, now time.Time) (*ir.TLSConfig, error) {
	cfg := *base
	v12, v13 := ir.TLSVersion(egv1a1.TLSVersion12), ir.TLSVersion(egv1a1.TLSVersion13)
	cfg.MinVersion, cfg.MaxVersion = &v12, &v13
	s := p.Spec.TLS
	if s == nil {
		return &cfg, nil
	}
	if s.ALPNProtocols != nil {
		cfg.ALPNProtocols = make([]string, len(s.ALPNProtocols))
		for i, a := range s.ALPNProtocols {
			cfg.ALPNProtocols[i] = string(a)
		}
	}
	if s.MinVersion != nil {
		v := ir.TLSVersion(*s.MinVersion)
		cfg.MinVersion = &v
	}
	if s.MaxVersion != nil {
		v := ir.TLSVersion(*s.MaxVersion)
		cfg.MaxVersion = &v
	}
	if len(s.Ciphers) > 0 {
		for _, c := range s.Ciphers {
			if !ctpCipherSuites[c] {
				return &cfg, fmt.Errorf("unsupported cipher suite: %s", c)
			}
		}
		cfg.Ciphers = slices.Clone(s.Ciphers)
	}
	if len(s.ECDHCurves) > 0 {
		cfg.ECDHCurves = slices.Clone(s.ECDHCurves)
	}
	if len(s.SignatureAlgorithms) > 0 {
		cfg.SignatureAlgorithms = slices.Clone(s.SignatureAlgorithms)
	}
	if len(s.Fingerprints) > 0 {
		cfg.Fingerprints = make([]ir.TLSFingerprint, len(s.Fingerprints))
		for i, fp := range s.Fingerprints {
			cfg.Fingerprints[i] = ir.TLSFingerprint(fp)
		}
	}
	if cv := s.ClientValidation; cv != nil {
		if err := t.ctpClientValidation(p, cv, &cfg, now); err != nil {
			return &cfg, err
		}
	}
	if s.Session != nil && s.Session.Resumption != nil {
		if s.Session.Resumption.Stateless != nil {
			cfg.StatelessSessionResumption = true
		}
		if s.Session.Resumption.Stateful != nil {
			cfg.StatefulSessionResumption = true
		}
	}
	return &cfg, nil
}

// ctpClientValidation applies spec.tls.clientValidation to cfg.
//
// The mode is mode, else VerifyIfGiven when the deprecated optional is
// true, else RequireAndVerify. RequireAndVerify and RequireAny require a
// client certificate; Request and RequireAny accept one that fails
// verification. The modes that verify (RequireAndVerify, VerifyIfGiven)
// need CA certificates. The CA certificates of every reference are
// bundled, expired and not yet valid ones left out and duplicates dropped,
// under the name <namespace>/<policy>/ca.crt; a reference that cannot be
// resolved, or holds no valid certificate, is an error, as is a revocation
// list that cannot be resolved, parsed, or is out of date.
func (t *translation) ctpClientValidation(p *egv1a1.ClientTrafficPolicy, cv *egv1a1.ClientValidationContext, cfg *ir.TLSConfig, now time.Time) error {
	mode := egv1a1.ClientValidationModeTypeRequireAndVerify
	fromOptional := false
	switch {
	case cv.Mode != nil:
		mode = *cv.Mode
	case ctpBool(cv.Optional):
		mode, fromOptional = egv1a1.ClientValidationModeTypeVerifyIfGiven, true
	}
	cfg.ClientValidationEnabled = true
	verifies := false
	switch mode {
	case egv1a1.ClientValidationModeTypeRequireAndVerify:
		cfg.RequireClientCertificate, cfg.AcceptUntrusted, verifies = true, false, true
	case egv1a1.ClientValidationModeTypeVerifyIfGiven:
		cfg.RequireClientCertificate, cfg.AcceptUntrusted, verifies = false, false, true
	case egv1a1.ClientValidationModeTypeRequest:
		cfg.RequireClientCertificate, cfg.AcceptUntrusted = false, true
	case egv1a1.ClientValidationModeTypeRequireAny:
		cfg.RequireClientCertificate, cfg.AcceptUntrusted = true, true
	default:
		return fmt.Errorf("tls.clientValidation.mode %q is not supported", string(mode))
	}
	if len(cv.CaCertificateRefs) == 0 {
		if verifies {
			if fromOptional {
				return fmt.Errorf("tls.clientValidation.optional=true requires caCertificateRefs (maps to mode %q)", string(mode))
			}
			return fmt.Errorf("tls.clientValidation.mode %q requires caCertificateRefs", string(mode))
		}
	} else {
		var bundle []byte
		seen := map[[sha256.Size]byte]bool{}
		for _, ref := range cv.CaCertificateRefs {
			data, err := t.ctpRefData(p, ref, caCertKey)
			if err != nil {
				return fmt.Errorf("failed to get certificate from ref: %w", err)
			}
			valid, err := ctpValidCertificates(data, now)
			if err != nil {
				return fmt.Errorf("no valid certificates exist in %s: %w", ref.Name, err)
			}
			bundle = ctpAppendCertificates(bundle, valid, seen)
		}
		cfg.CACertificate = &ir.TLSCACertificate{Name: p.Namespace + "/" + p.Name + "/" + caCertKey, Certificate: bundle}
	}

	ctpValidationChecks(cv, cfg)

	if c := cv.CRL; c != nil {
		crl := &ir.TLSCrl{Name: p.Namespace + "/" + p.Name + "/" + ctpCRLKey, OnlyVerifyLeafCertificate: ctpBool(c.OnlyVerifyLeafCertificate)}
		for _, ref := range c.Refs {
			data, err := t.ctpRefData(p, ref, ctpCRLKey)
			if err != nil {
				return fmt.Errorf("failed to get crl from ref: %w", err)
			}
			if err := ctpCheckCRL(data, now); err != nil {
				return fmt.Errorf("invalid crl in %s: %w", ref.Name, err)
			}
			crl.Data = append(crl.Data, data...)
		}
		if len(crl.Data) > 0 {
			cfg.Crl = crl
		}
	}
	return nil
}

// ctpValidationChecks adds to cfg the checks of client certificates that
// come on top of the CA: expired certificates allowed, SPKI and
// certificate hash pins, and subject alternative name matchers, typed as
// package ir names them (DNS, EMAIL, IP_ADDRESS, URI, else the OID of an
// otherName).
func ctpValidationChecks(cv *egv1a1.ClientValidationContext, cfg *ir.TLSConfig) {
	if ctpBool(cv.AllowExpiredCertificate) {
		cfg.AllowExpiredCertificate = true
	}
	cfg.VerifyCertificateSpki = append(slices.Clone(cfg.VerifyCertificateSpki), cv.SpkiHashes...)
	cfg.VerifyCertificateHash = append(slices.Clone(cfg.VerifyCertificateHash), cv.CertificateHashes...)
	if len(cfg.VerifyCertificateSpki) == 0 {
		cfg.VerifyCertificateSpki = nil
	}
	if len(cfg.VerifyCertificateHash) == 0 {
		cfg.VerifyCertificateHash = nil
	}
	san := cv.SubjectAltNames
	if san == nil {
		return
	}
	sans := slices.Clone(cfg.MatchTypedSubjectAltNames)
	for _, g := range []struct {
		typ string
		ms  []egv1a1.StringMatch
	}{{"DNS", san.DNSNames}, {"EMAIL", san.EmailAddresses}, {"IP_ADDRESS", san.IPAddresses}, {"URI", san.Uris}} {
		for _, m := range g.ms {
			sans = append(sans, ctpStringMatch(g.typ, m))
		}
	}
	for _, o := range san.OtherNames {
		sans = append(sans, ctpStringMatch(o.Oid, o.StringMatch))
	}
	cfg.MatchTypedSubjectAltNames = sans
}

// ctpRefData returns the entry key of the Secret, ConfigMap or
// ClusterTrustBundle that ref names (a Secret when ref has no kind), or the
// only entry of a Secret or ConfigMap without that key. A Secret or
// ConfigMap in another namespace than the policy's needs a ReferenceGrant
// from ClientTrafficPolicies of that namespace.
func (t *translation) ctpRefData(p *egv1a1.ClientTrafficPolicy, ref gwapiv1.SecretObjectReference, key string) ([]byte, error) {
	kind := kindSecret
	if ref.Kind != nil {
		kind = string(*ref.Kind)
	}
	name := string(ref.Name)
	ns := p.Namespace
	if ref.Namespace != nil && *ref.Namespace != "" {
		ns = string(*ref.Namespace)
	}
	switch kind {
	case kindSecret, kindConfigMap:
		if ref.Group != nil && *ref.Group != "" {
			return nil, errors.New("secret ref group must be unspecified/empty")
		}
		if ns != p.Namespace && !t.ctpRefGranted(p.Namespace, kind, ns, name) {
			return nil, fmt.Errorf("ref to %s %s/%s not permitted by any ReferenceGrant", kind, ns, name)
		}
		if kind == kindSecret {
			s := t.idx.secrets[nameOf(ns, name)]
			if s == nil {
				return nil, fmt.Errorf("secret %s/%s does not exist", ns, name)
			}
			return ctpDataEntry(s.Data, key, "secret", name)
		}
		cm := t.idx.configMaps[nameOf(ns, name)]
		if cm == nil {
			return nil, fmt.Errorf("configmap %s/%s does not exist", ns, name)
		}
		return ctpDataEntry(cm.Data, key, "configmap", name)
	case kindClusterTrustBundle:
		ctb := t.idx.clusterTrustBundles[name]
		if ctb == nil {
			return nil, fmt.Errorf("ref ClusterTrustBundle [%s] not found", name)
		}
		return []byte(ctb.Spec.TrustBundle), nil
	default:
		return nil, fmt.Errorf("unsupported caCertificateRef kind:%s", kind)
	}
}

// ctpDataEntry returns data[key], or the only entry of data.
func ctpDataEntry[V string | []byte](data map[string]V, key, what, name string) ([]byte, error) {
	if v, ok := data[key]; ok {
		return []byte(v), nil
	}
	if len(data) == 1 {
		for _, v := range data {
			return []byte(v), nil
		}
	}
	return nil, fmt.Errorf("ref %s [%s] has none of the expected keys [%s] and more than one entry", what, name, key)
}

// ctpRefGranted reports whether a ReferenceGrant in toNS lets
// ClientTrafficPolicies of fromNS refer to the core object toKind/toName.
func (t *translation) ctpRefGranted(fromNS, toKind, toNS, toName string) bool {
	return t.granted(egv1a1.GroupName, egv1a1.KindClientTrafficPolicy, fromNS, "", toKind, toNS, toName)
}

// ctpValidCertificates returns the PEM blocks of data whose certificates
// are all valid at now, re-encoded. It fails only when no block is left:
// with every problem found, joined, or with why nothing could be read.
func ctpValidCertificates(data []byte, now time.Time) ([]byte, error) {
	if len(data) == 0 {
		return nil, errors.New("no certificate data provided")
	}
	var (
		errs  []error
		valid []byte
	)
	for rest := data; len(rest) > 0; {
		block, r := pem.Decode(rest)
		if block == nil {
			break
		}
		rest = r
		certs, err := x509.ParseCertificates(block.Bytes)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if len(certs) == 0 {
			errs = append(errs, fmt.Errorf("PEM block %q holds no certificate", block.Type))
			continue
		}
		ok := true
		for _, c := range certs {
			if now.After(c.NotAfter) {
				errs = append(errs, fmt.Errorf("certificate %s has expired since %v", c.Subject.CommonName, c.NotAfter))
				ok = false
				break
			}
			if now.Before(c.NotBefore) {
				errs = append(errs, fmt.Errorf("certificate %s will be valid after %v", c.Subject.CommonName, c.NotBefore))
				ok = false
				break
			}
		}
		if ok {
			valid = append(valid, pem.EncodeToMemory(block)...)
		}
	}
	if len(valid) == 0 {
		if len(errs) > 0 {
			return nil, errors.Join(errs...)
		}
		return nil, errors.New("unable to decode pem data for certificate")
	}
	return valid, nil
}

// ctpAppendCertificates appends the PEM blocks of src to dst, leaving out
// certificates already seen (by the hash of their DER bytes).
func ctpAppendCertificates(dst, src []byte, seen map[[sha256.Size]byte]bool) []byte {
	for rest := src; len(rest) > 0; {
		block, r := pem.Decode(rest)
		if block == nil {
			break
		}
		rest = r
		if block.Type == "CERTIFICATE" {
			h := sha256.Sum256(block.Bytes)
			if seen[h] {
				continue
			}
			seen[h] = true
		}
		dst = append(dst, pem.EncodeToMemory(block)...)
	}
	return dst
}

// ctpCheckCRL checks the first PEM block of data is a revocation list in
// date at now.
func ctpCheckCRL(data []byte, now time.Time) error {
	block, _ := pem.Decode(data)
	if block == nil {
		return errors.New("unable to decode pem data for CRL")
	}
	crl, err := x509.ParseRevocationList(block.Bytes)
	if err != nil {
		return fmt.Errorf("failed to parse CRL: %w", err)
	}
	if !crl.NextUpdate.IsZero() && now.After(crl.NextUpdate) {
		return fmt.Errorf("CRL is expired (next update was due at %v)", crl.NextUpdate)
	}
	if now.Before(crl.ThisUpdate) {
		return fmt.Errorf("CRL is not yet valid (this update starts at %v)", crl.ThisUpdate)
	}
	return nil
}
