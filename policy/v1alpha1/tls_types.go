package v1alpha1

import (
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// TLSSettings holds the TLS protocol parameters shared by client-facing
// listeners and backend connections: versions, cipher suites, curves, signature
// algorithms, ALPN and client fingerprinting. Unset fields keep Envoy's
// defaults.
type TLSSettings struct {
	// MinVersion is the lowest TLS version accepted. It defaults to 1.2 and must
	// not be above MaxVersion.
	// +optional
	MinVersion *TLSVersion `json:"minVersion,omitempty"`

	// MaxVersion is the highest TLS version accepted. It defaults to 1.3.
	// +optional
	MaxVersion *TLSVersion `json:"maxVersion,omitempty"`

	// Ciphers lists the cipher suites allowed for TLS 1.0 to 1.2, by OpenSSL-style
	// name (such as ECDHE-RSA-AES128-GCM-SHA256) or IANA name. TLS 1.3 suites are not
	// configurable, so setting this with MinVersion 1.3 is rejected. When empty,
	// Envoy's default list is used, which differs in FIPS builds.
	// +optional
	Ciphers []string `json:"ciphers,omitempty"`

	// ECDHCurves lists the ECDH curves offered for key exchange. When empty, Envoy
	// uses X25519 and P-256 (only P-256 in FIPS builds).
	// +optional
	ECDHCurves []string `json:"ecdhCurves,omitempty"`

	// SignatureAlgorithms lists the signature algorithms accepted in the handshake.
	// +optional
	SignatureAlgorithms []string `json:"signatureAlgorithms,omitempty"`

	// ALPNProtocols lists the protocols negotiated through ALPN. When unset, HTTPS
	// listeners offer h2 and http/1.1, other listeners do not use ALPN, and backend
	// connections pick what fits the backend protocol. An empty list disables ALPN.
	// +optional
	ALPNProtocols []ALPNProtocol `json:"alpnProtocols,omitempty"`

	// Fingerprints enables computing JA3 and/or JA4 fingerprints of the client
	// TLS handshake, which can then be logged or passed to backends in headers.
	// Disabled when empty.
	// +optional
	Fingerprints []TLSFingerprintType `json:"fingerprints,omitempty"`
}

// TLSVersion is a TLS protocol version, or Auto for Envoy's default.
// +kubebuilder:validation:Enum=Auto;"1.0";"1.1";"1.2";"1.3"
type TLSVersion string

const (
	// TLSVersionAuto lets Envoy use its own default for this bound.
	TLSVersionAuto TLSVersion = "Auto"
	// TLSVersion10 is TLS 1.0.
	TLSVersion10 TLSVersion = "1.0"
	// TLSVersion11 is TLS 1.1.
	TLSVersion11 TLSVersion = "1.1"
	// TLSVersion12 is TLS 1.2.
	TLSVersion12 TLSVersion = "1.2"
	// TLSVersion13 is TLS 1.3.
	TLSVersion13 TLSVersion = "1.3"
)

// ALPNProtocol is an application protocol identifier negotiated with ALPN.
type ALPNProtocol string

const (
	// ALPNProtocolHTTP10 negotiates HTTP/1.0.
	ALPNProtocolHTTP10 ALPNProtocol = "http/1.0"
	// ALPNProtocolHTTP11 negotiates HTTP/1.1.
	ALPNProtocolHTTP11 ALPNProtocol = "http/1.1"
	// ALPNProtocolH2 negotiates HTTP/2.
	ALPNProtocolH2 ALPNProtocol = "h2"
)

// TLSFingerprintType is a TLS client fingerprinting algorithm.
// +kubebuilder:validation:Enum=JA3;JA4
type TLSFingerprintType string

const (
	// TLSFingerprintTypeJA3 computes the JA3 fingerprint, exposed as the
	// %TLS_JA3_FINGERPRINT% command operator.
	TLSFingerprintTypeJA3 TLSFingerprintType = "JA3"
	// TLSFingerprintTypeJA4 computes the JA4 fingerprint, exposed as the
	// %TLS_JA4_FINGERPRINT% command operator.
	TLSFingerprintTypeJA4 TLSFingerprintType = "JA4"
)

// BackendTLSConfig is the TLS configuration Envoy uses as a client towards
// backends and external services: the embedded TLSSettings plus an optional
// client certificate.
type BackendTLSConfig struct {
	TLSSettings `json:",inline"`

	// ClientCertificateRef references a TLS Secret with the certificate and key
	// Envoy presents to backends and to services such as ExtAuth, ALS or
	// OpenTelemetry collectors, enabling mutual TLS. The Secret must be in the
	// namespace of the resource that references it.
	// +optional
	ClientCertificateRef *gwapiv1.SecretObjectReference `json:"clientCertificateRef,omitempty"`
}
