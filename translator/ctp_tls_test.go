package translator

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"testing"
	"time"

	certificatesv1beta1 "k8s.io/api/certificates/v1beta1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/gatewaykit/gatewaykit/ir"
)

// ctpTestCert returns a self-signed CA certificate, PEM, with common name
// cn, valid from notBefore to notAfter.
func ctpTestCert(t *testing.T, cn string, notBefore, notAfter time.Time) []byte {
	t.Helper()
	crt, _, _ := ctpTestCA(t, cn, notBefore, notAfter)
	return crt
}

// ctpTestCA returns a self-signed CA certificate (PEM and parsed) and its
// key.
func ctpTestCA(t *testing.T, cn string, notBefore, notAfter time.Time) ([]byte, *x509.Certificate, *ecdsa.PrivateKey) {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: cn},
		NotBefore: notBefore, NotAfter: notAfter,
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &k.PublicKey, k)
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), c, k
}

// ctpTestCRL returns a PEM revocation list in date from thisUpdate to
// nextUpdate.
func ctpTestCRL(t *testing.T, thisUpdate, nextUpdate time.Time) []byte {
	t.Helper()
	_, ca, k := ctpTestCA(t, "crl-issuer", thisUpdate.Add(-time.Hour), nextUpdate.Add(24*time.Hour))
	der, err := x509.CreateRevocationList(rand.Reader, &x509.RevocationList{
		Number: big.NewInt(1), ThisUpdate: thisUpdate, NextUpdate: nextUpdate,
	}, ca, k)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "X509 CRL", Bytes: der})
}

// addCASecret adds Secret ns/name holding ca under ca.crt.
func addCASecret(t *testing.T, res *Resources, ns, name string, ca []byte) {
	t.Helper()
	res.Secrets = append(res.Secrets, &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name},
		Data:       map[string][]byte{"ca.crt": ca},
	})
}

// ctpTLSResources returns the objects the TLS tests refer to.
func ctpTLSResources(t *testing.T) *Resources {
	t.Helper()
	now := ctpTestNow
	valid := ctpTestCert(t, "valid", now.Add(-time.Hour), now.Add(time.Hour))
	expired := ctpTestCert(t, "old.example.com", time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2020, 1, 1, 15, 0, 1, 0, time.UTC))
	future := ctpTestCert(t, "new.example.com", time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2031, 1, 1, 0, 0, 0, 0, time.UTC))
	res := &Resources{}
	addCASecret(t, res, "ns", "ca", valid)
	addCASecret(t, res, "ns", "ca-copy", valid)
	addCASecret(t, res, "ns", "expired", append(append([]byte{}, expired...), future...))
	addCASecret(t, res, "ns", "partly-expired", append(append([]byte{}, expired...), valid...))
	addCASecret(t, res, "ns", "not-pem", []byte("hello"))
	addCASecret(t, res, "ns", "empty", nil)
	addCASecret(t, res, "other", "granted", valid)
	addCASecret(t, res, "other", "refused", valid)
	res.Secrets = append(res.Secrets,
		&corev1.Secret{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: "one-entry"}, Data: map[string][]byte{"root.pem": valid}},
		&corev1.Secret{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: "tls"}, Data: map[string][]byte{"tls.crt": valid, "tls.key": []byte("k")}},
		&corev1.Secret{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: "crl-old"}, Data: map[string][]byte{
			"ca.crl": ctpTestCRL(t, time.Date(2005, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2005, 2, 6, 12, 0, 0, 0, time.UTC))}},
		&corev1.Secret{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: "crl-new"}, Data: map[string][]byte{
			"ca.crl": ctpTestCRL(t, time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2031, 1, 1, 0, 0, 0, 0, time.UTC))}},
		&corev1.Secret{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: "crl"}, Data: map[string][]byte{
			"ca.crl": ctpTestCRL(t, now.Add(-time.Hour), now.Add(time.Hour))}},
	)
	res.ConfigMaps = append(res.ConfigMaps,
		&corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: "ca-cm"}, Data: map[string]string{"ca.crt": string(valid)}},
		&corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: "two"}, Data: map[string]string{"a": "x", "b": "y"}},
	)
	res.ClusterTrustBundles = append(res.ClusterTrustBundles, &certificatesv1beta1.ClusterTrustBundle{
		ObjectMeta: metav1.ObjectMeta{Name: "bundle"}, Spec: certificatesv1beta1.ClusterTrustBundleSpec{TrustBundle: string(valid)},
	})
	secret := gwapiv1.Kind("Secret")
	res.ReferenceGrants = append(res.ReferenceGrants, &gwapiv1.ReferenceGrant{
		ObjectMeta: metav1.ObjectMeta{Namespace: "other", Name: "g"},
		Spec: gwapiv1.ReferenceGrantSpec{
			From: []gwapiv1.ReferenceGrantFrom{
				{Group: "gateway.networking.k8s.io", Kind: "Gateway", Namespace: "ns"},
				{Group: "gateway.envoyproxy.io", Kind: "ClientTrafficPolicy", Namespace: "ns"},
			},
			To: []gwapiv1.ReferenceGrantTo{{Group: "", Kind: secret, Name: ptrName("granted")}},
		},
	})
	return res
}

// ptrName returns a pointer to an object name.
func ptrName(s string) *gwapiv1.ObjectName { n := gwapiv1.ObjectName(s); return &n }

// TestCTPTLSMessages checks the message of each TLS problem, on HTTPS and
// TLS listeners alike.
func TestCTPTLSMessages(t *testing.T) {
	tr := ctpTestTranslation(ctpTLSResources(t))
	tests := []struct {
		name, tls, want string
	}{
		{"valid secret", `{clientValidation: {caCertificateRefs: [{name: ca}]}}`, ""},
		{"valid configmap, bundle and grant", `{clientValidation: {caCertificateRefs: [{kind: ConfigMap, name: ca-cm},
			{group: certificates.k8s.io, kind: ClusterTrustBundle, name: bundle}, {name: granted, namespace: other}]}}`, ""},
		{"only entry of a secret", `{clientValidation: {caCertificateRefs: [{name: one-entry}]}}`, ""},
		{"partly expired bundle", `{clientValidation: {caCertificateRefs: [{name: partly-expired}]}}`, ""},
		{"cipher", `{ciphers: [ECDHE-RSA-AES128-GCM-SHA256, INVALID-CIPHER]}`, "TLS: unsupported cipher suite: INVALID-CIPHER."},
		{"IANA cipher names", `{ciphers: [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TLS_RSA_WITH_AES_256_CBC_SHA]}`, ""},
		{"verifying mode without CA", `{clientValidation: {mode: VerifyIfGiven}}`,
			`TLS: tls.clientValidation.mode "VerifyIfGiven" requires caCertificateRefs.`},
		{"optional without CA", `{clientValidation: {optional: true}}`,
			`TLS: tls.clientValidation.optional=true requires caCertificateRefs (maps to mode "VerifyIfGiven").`},
		{"non-verifying modes without CA", `{clientValidation: {mode: RequireAny}}`, ""},
		{"unknown mode", `{clientValidation: {mode: Sometimes, caCertificateRefs: [{name: ca}]}}`,
			`TLS: tls.clientValidation.mode "Sometimes" is not supported.`},
		{"missing configmap", `{clientValidation: {caCertificateRefs: [{group: "", kind: ConfigMap, name: tls-cm-1, namespace: ns}]}}`,
			"TLS: failed to get certificate from ref: configmap ns/tls-cm-1 does not exist."},
		{"missing secret", `{clientValidation: {caCertificateRefs: [{name: ca}, {name: nope}]}}`,
			"TLS: failed to get certificate from ref: secret ns/nope does not exist."},
		{"secret without ca.crt", `{clientValidation: {caCertificateRefs: [{group: "", name: tls}]}}`,
			"TLS: failed to get certificate from ref: ref secret [tls] has none of the expected keys [ca.crt] and more than one entry."},
		{"configmap without ca.crt", `{clientValidation: {caCertificateRefs: [{kind: ConfigMap, name: two}]}}`,
			"TLS: failed to get certificate from ref: ref configmap [two] has none of the expected keys [ca.crt] and more than one entry."},
		{"missing bundle", `{clientValidation: {caCertificateRefs: [{group: "", kind: ClusterTrustBundle, name: tls-ctb-1, namespace: ns}]}}`,
			"TLS: failed to get certificate from ref: ref ClusterTrustBundle [tls-ctb-1] not found."},
		{"no grant", `{clientValidation: {caCertificateRefs: [{name: refused, namespace: other}]}}`,
			"TLS: failed to get certificate from ref: ref to Secret other/refused not permitted by any ReferenceGrant."},
		{"group", `{clientValidation: {caCertificateRefs: [{group: v1, name: ca}]}}`,
			"TLS: failed to get certificate from ref: secret ref group must be unspecified/empty."},
		{"kind", `{clientValidation: {caCertificateRefs: [{kind: Service, name: ca}]}}`,
			"TLS: failed to get certificate from ref: unsupported caCertificateRef kind:Service."},
		{"expired and not yet valid", `{clientValidation: {caCertificateRefs: [{name: expired}]}}`,
			"TLS: no valid certificates exist in expired: certificate old.example.com has expired since 2020-01-01 15:00:01 +0000 UTC\n" +
				"certificate new.example.com will be valid after 2030-01-01 00:00:00 +0000 UTC."},
		{"not PEM", `{clientValidation: {caCertificateRefs: [{name: not-pem}]}}`,
			"TLS: no valid certificates exist in not-pem: unable to decode pem data for certificate."},
		{"empty", `{clientValidation: {caCertificateRefs: [{name: empty}]}}`,
			"TLS: no valid certificates exist in empty: no certificate data provided."},
		{"expired CRL", `{clientValidation: {caCertificateRefs: [{name: ca}], crl: {refs: [{name: crl-old}]}}}`,
			"TLS: invalid crl in crl-old: CRL is expired (next update was due at 2005-02-06 12:00:00 +0000 UTC)."},
		{"future CRL", `{clientValidation: {caCertificateRefs: [{name: ca}], crl: {refs: [{name: crl}, {name: crl-new}]}}}`,
			"TLS: invalid crl in crl-new: CRL is not yet valid (this update starts at 2030-01-01 00:00:00 +0000 UTC)."},
		{"CRL not PEM", `{clientValidation: {caCertificateRefs: [{name: ca}], crl: {refs: [{name: not-pem}]}}}`,
			"TLS: invalid crl in not-pem: unable to decode pem data for CRL."},
		{"missing CRL", `{clientValidation: {caCertificateRefs: [{name: ca}], crl: {refs: [{name: gone}]}}}`,
			"TLS: failed to get crl from ref: secret ns/gone does not exist."},
		{"valid CRL", `{clientValidation: {caCertificateRefs: [{name: ca}], crl: {refs: [{name: crl}], onlyVerifyLeafCertificate: true}}}`, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, proto := range []gwapiv1.ProtocolType{"HTTPS", "TLS"} {
				if got := ctpErr(t, tr, "{tls: "+tc.tls+"}", ctpListener("l", proto)); got != tc.want {
					t.Errorf("%s:\n got %q\nwant %q", proto, got, tc.want)
				}
			}
		})
	}
}

// TestCTPClientValidationModes checks what each client validation mode
// sets on the listener.
func TestCTPClientValidationModes(t *testing.T) {
	tr := ctpTestTranslation(ctpTLSResources(t))
	caName := "ns/ctp/ca.crt"
	tests := []struct {
		name, cv              string
		require, untrusted    bool
		ca                    bool
		allowExpired, crlLeaf bool
	}{
		{"default", `{caCertificateRefs: [{name: ca}]}`, true, false, true, false, false},
		{"RequireAndVerify", `{mode: RequireAndVerify, caCertificateRefs: [{name: ca}], allowExpiredCertificate: true}`, true, false, true, true, false},
		{"optional", `{optional: true, caCertificateRefs: [{kind: ConfigMap, name: ca-cm}]}`, false, false, true, false, false},
		{"mode wins over optional", `{optional: true, mode: RequireAny}`, true, true, false, false, false},
		{"Request", `{mode: Request}`, false, true, false, false, false},
		{"RequireAny with CA", `{mode: RequireAny, caCertificateRefs: [{name: ca}], crl: {refs: [{name: crl}], onlyVerifyLeafCertificate: true}}`, true, true, true, false, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ls := ctpListener("l", "HTTPS")
			f, err := tr.buildCTPFeatures(ctpPolicy(t, `{tls: {clientValidation: `+tc.cv+`}}`), ls, ctpTestNow)
			if err != nil {
				t.Fatal(err)
			}
			f.applyToListener(ls)
			c := ls.http.TLS
			if !c.ClientValidationEnabled || c.RequireClientCertificate != tc.require || c.AcceptUntrusted != tc.untrusted {
				t.Errorf("enabled %v, require %v, untrusted %v", c.ClientValidationEnabled, c.RequireClientCertificate, c.AcceptUntrusted)
			}
			if (c.CACertificate != nil) != tc.ca || (tc.ca && c.CACertificate.Name != caName) {
				t.Errorf("ca = %+v", c.CACertificate)
			}
			if c.AllowExpiredCertificate != tc.allowExpired || (c.Crl != nil) != tc.crlLeaf ||
				(c.Crl != nil && (!c.Crl.OnlyVerifyLeafCertificate || len(c.Crl.Data) == 0 || c.Crl.Name != "ns/ctp/ca.crl")) {
				t.Errorf("allowExpired %v, crl %+v", c.AllowExpiredCertificate, c.Crl)
			}
		})
	}
}

// TestCTPCABundle checks how the CA bundle is put together.
func TestCTPCABundle(t *testing.T) {
	res := ctpTLSResources(t)
	tr := ctpTestTranslation(res)
	ls := ctpListener("l", "HTTPS")
	// The same certificate twice, from a Secret and a ConfigMap, then a
	// bundle whose expired certificate is left out.
	f, err := tr.buildCTPFeatures(ctpPolicy(t, `{tls: {clientValidation: {caCertificateRefs: [{name: ca},
		{kind: ConfigMap, name: ca-cm}, {name: ca-copy}, {name: partly-expired}]}}}`), ls, ctpTestNow)
	if err != nil {
		t.Fatal(err)
	}
	valid := res.Secrets[0].Data["ca.crt"]
	if got := f.tls.CACertificate.Certificate; !bytes.Equal(got, valid) {
		t.Errorf("bundle holds %d certificates, want the one valid certificate once:\n%s", bytes.Count(got, []byte("BEGIN")), got)
	}
	// A listener whose frontend validation set a CA keeps it when the
	// policy's mode needs none.
	ls.http.TLS.CACertificate = &ir.TLSCACertificate{Name: "frontend"}
	f, err = tr.buildCTPFeatures(ctpPolicy(t, `{tls: {clientValidation: {mode: Request}}}`), ls, ctpTestNow)
	if err != nil || f.tls.CACertificate == nil || f.tls.CACertificate.Name != "frontend" {
		t.Errorf("got %+v, %v", f.tls.CACertificate, err)
	}
}

// TestCTPInvalidTLSKeepsWhatWasApplied checks the TLS settings left on a
// listener whose policy's CA references fail.
func TestCTPInvalidTLSKeepsWhatWasApplied(t *testing.T) {
	// Envoy Gateway turns client validation on before it resolves the CA
	// references, and leaves it on when they fail.
	tr := ctpTestTranslation(ctpTLSResources(t))
	ls := ctpListener("l", "HTTPS")
	f, err := tr.buildCTPFeatures(ctpPolicy(t, `{tls: {clientValidation: {caCertificateRefs: [{name: tls}]}}}`), ls, ctpTestNow)
	if err == nil {
		t.Fatal("want an error")
	}
	f.applyToListener(ls)
	c := ls.http.TLS
	if !c.ClientValidationEnabled || !c.RequireClientCertificate || c.CACertificate != nil || *c.MinVersion != "1.2" {
		t.Errorf("tls = %+v", c)
	}
}
