package v1alpha1

import (
	"regexp"

	"k8s.io/apimachinery/pkg/util/validation/field"
)

// wellKnownCAFormat is the format of a well-known CA certificate set: System,
// or a domain-prefixed name.
var wellKnownCAFormat = stringFormat{
	minLen: 1, maxLen: 253,
	pattern: regexp.MustCompile(`^(System|([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]))$`),
	what:    "System or a domain-prefixed name such as example.com/my-cas",
}

// tlsVersions are the TLS versions a TLS setting may name.
var tlsVersions = []TLSVersion{TLSVersionAuto, TLSVersion10, TLSVersion11, TLSVersion12, TLSVersion13}

// Ranks of TLS versions for comparing a minimum with a maximum. Auto is the
// lowest possible minimum and the highest possible maximum; an unset minimum
// counts as 1.2.
var (
	minVersionRank = map[TLSVersion]int{TLSVersionAuto: 0, TLSVersion10: 1, TLSVersion11: 2, TLSVersion12: 3, TLSVersion13: 4}
	maxVersionRank = map[TLSVersion]int{TLSVersion10: 1, TLSVersion11: 2, TLSVersion12: 3, TLSVersion13: 4, TLSVersionAuto: 5}
)

// defaultMinVersionRank is the rank of the minimum version used when none is
// set (TLS 1.2).
const defaultMinVersionRank = 3

// validateTLSSettings checks protocol versions and cipher settings: the
// minimum version may not exceed the maximum, and ciphers cannot be chosen
// when only TLS 1.3 is allowed, as TLS 1.3 suites are not configurable.
func validateTLSSettings(t *TLSSettings, p *field.Path) field.ErrorList {
	errs := optionalEnum(t.MinVersion, p.Child("minVersion"), tlsVersions...)
	errs = append(errs, optionalEnum(t.MaxVersion, p.Child("maxVersion"), tlsVersions...)...)
	errs = append(errs, enumItems(t.Fingerprints, p.Child("fingerprints"), TLSFingerprintTypeJA3, TLSFingerprintTypeJA4)...)
	if t.MinVersion != nil && *t.MinVersion == TLSVersion13 && t.Ciphers != nil {
		errs = append(errs, field.Forbidden(p.Child("ciphers"), "may not be set when minVersion is 1.3"))
	}
	return append(errs, tlsVersionOrder(t, p)...)
}

// tlsVersionOrder checks that the minimum TLS version does not exceed the
// maximum. Unknown versions are left to the enum check.
func tlsVersionOrder(t *TLSSettings, p *field.Path) field.ErrorList {
	if t.MaxVersion == nil {
		return nil
	}
	hi, ok := maxVersionRank[*t.MaxVersion]
	if !ok {
		return nil
	}
	if t.MinVersion == nil {
		if hi < defaultMinVersionRank {
			return field.ErrorList{field.Invalid(p.Child("maxVersion"), *t.MaxVersion, "may not be lower than the default minimum version 1.2; set minVersion too")}
		}
		return nil
	}
	if lo, ok := minVersionRank[*t.MinVersion]; ok && lo > hi {
		return field.ErrorList{field.Invalid(p.Child("minVersion"), *t.MinVersion, "may not be higher than maxVersion")}
	}
	return nil
}

// validateBackendTLSConfig checks TLS settings towards backends: versions and
// ciphers, and the client certificate Envoy presents.
func validateBackendTLSConfig(t *BackendTLSConfig, p *field.Path) field.ErrorList {
	if t == nil {
		return nil
	}
	errs := validateTLSSettings(&t.TLSSettings, p)
	return append(errs, validateSecretRef(t.ClientCertificateRef, p.Child("clientCertificateRef"))...)
}

// validateBackendTLSSettings checks the TLS settings of a Backend: trust comes
// either from CA certificates or from a well-known set, is not configured when
// verification is skipped, and the SNI is either fixed or taken from the
// endpoint hostname.
func validateBackendTLSSettings(t *BackendTLSSettings, p *field.Path) field.ErrorList {
	if t == nil {
		return nil
	}
	errs := validateBackendTLSConfig(&t.BackendTLSConfig, p)
	errs = append(errs, maxItems(len(t.CaCertificateRefs), p.Child("caCertificateRefs"), 8)...)
	for i := range t.CaCertificateRefs {
		errs = append(errs, validateLocalObjectRef(&t.CaCertificateRefs[i], p.Child("caCertificateRefs").Index(i))...)
	}
	errs = append(errs, optionalString(t.WellKnownCACertificates, p.Child("wellKnownCACertificates"), wellKnownCAFormat)...)
	errs = append(errs, optionalString(t.SNI, p.Child("sni"), hostnameFormat)...)
	hasCAs := len(t.CaCertificateRefs) > 0
	hasWellKnown := t.WellKnownCACertificates != nil && *t.WellKnownCACertificates != ""
	if hasCAs && hasWellKnown {
		errs = append(errs, field.Forbidden(p.Child("wellKnownCACertificates"), "may not be set together with caCertificateRefs"))
	}
	if deref(t.InsecureSkipVerify, false) && (hasCAs || hasWellKnown) {
		errs = append(errs, field.Forbidden(p.Child("insecureSkipVerify"), "may not be true when caCertificateRefs or wellKnownCACertificates is set"))
	}
	if t.SNI != nil && deref(t.AutoSNIFromEndpointHostname, false) {
		errs = append(errs, field.Forbidden(p.Child("autoSNIFromEndpointHostname"), "may not be true when sni is set"))
	}
	return errs
}
