package v1alpha1

import (
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// TLSSettings is TODO.
type TLSSettings struct {
	// MinVersion is TODO.
	// +optional
	MinVersion *TLSVersion `json:"minVersion,omitempty"`

	// MaxVersion is TODO.
	// +optional
	MaxVersion *TLSVersion `json:"maxVersion,omitempty"`

	// Ciphers is TODO.
	// +optional
	Ciphers []string `json:"ciphers,omitempty"`

	// EcdhCurves is TODO.
	// +optional
	EcdhCurves []string `json:"ecdhCurves,omitempty"`

	// SignatureAlgorithms is TODO.
	// +optional
	SignatureAlgorithms []string `json:"signatureAlgorithms,omitempty"`

	// AlpnProtocols is TODO.
	// +optional
	AlpnProtocols []ALPNProtocol `json:"alpnProtocols,omitempty"`

	// Fingerprints is TODO.
	// +optional
	Fingerprints []TLSFingerprintType `json:"fingerprints,omitempty"`
}

// TLSVersion is TODO.
// +kubebuilder:validation:Enum=Auto;"1.0";"1.1";"1.2";"1.3"
type TLSVersion string

const (
	// TLSVersionAuto is TODO.
	TLSVersionAuto TLSVersion = "Auto"
	// TLSVersionV10 is TODO.
	TLSVersionV10 TLSVersion = "1.0"
	// TLSVersionV11 is TODO.
	TLSVersionV11 TLSVersion = "1.1"
	// TLSVersionV12 is TODO.
	TLSVersionV12 TLSVersion = "1.2"
	// TLSVersionV13 is TODO.
	TLSVersionV13 TLSVersion = "1.3"
)

// ALPNProtocol is TODO.
type ALPNProtocol string

const (
	// ALPNProtocolHttp10 is TODO.
	ALPNProtocolHttp10 ALPNProtocol = "http/1.0"
	// ALPNProtocolHttp11 is TODO.
	ALPNProtocolHttp11 ALPNProtocol = "http/1.1"
	// ALPNProtocolH2 is TODO.
	ALPNProtocolH2 ALPNProtocol = "h2"
)

// TLSFingerprintType is TODO.
// +kubebuilder:validation:Enum=JA3;JA4
type TLSFingerprintType string

const (
	// TLSFingerprintTypeJA3 is TODO.
	TLSFingerprintTypeJA3 TLSFingerprintType = "JA3"
	// TLSFingerprintTypeJA4 is TODO.
	TLSFingerprintTypeJA4 TLSFingerprintType = "JA4"
)

// BackendTLSConfig is TODO.
type BackendTLSConfig struct {
	TLSSettings `json:",inline"`

	// ClientCertificateRef is TODO.
	// +optional
	ClientCertificateRef *gwapiv1.SecretObjectReference `json:"clientCertificateRef,omitempty"`
}
