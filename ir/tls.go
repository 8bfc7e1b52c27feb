package ir

// TLSConfig is how a listener terminates TLS.
type TLSConfig struct {
	// Certificates are the server certificates, one per Secret referenced
	// by the listener; Envoy picks one by SNI.
	Certificates []TLSCertificate `json:"certificates,omitempty"`
	// CACertificate, when set, validates client certificates.
	CACertificate *TLSCACertificate `json:"caCertificate,omitempty"`
	// RequireClientCertificate rejects clients without a certificate.
	RequireClientCertificate bool `json:"requireClientCertificate,omitempty"`
	// ClientValidationEnabled records that the Gateway listener asked for
	// client certificate validation, even when CACertificate could not be
	// resolved.
	ClientValidationEnabled bool `json:"clientValidationEnabled,omitempty"`
	// AcceptUntrusted accepts client certificates that fail validation
	// against CACertificate (the result is still logged and exposed to
	// filters) instead of rejecting the connection.
	AcceptUntrusted bool `json:"acceptUntrusted,omitempty"`
	// AllowExpiredCertificate accepts expired client certificates that are
	// otherwise valid.
	AllowExpiredCertificate bool `json:"allowExpiredCertificate,omitempty"`
	// VerifyCertificateSpki pins client certificates by the base64 SHA-256
	// hash of their Subject Public Key Information: one must match.
	VerifyCertificateSpki []string `json:"verifyCertificateSpki,omitempty"`
	// VerifyCertificateHash pins client certificates by the hex SHA-256
	// hash of their DER encoding: one must match.
	VerifyCertificateHash []string `json:"verifyCertificateHash,omitempty"`
	// Crl, when set, checks client certificates against revocation lists;
	// it needs CACertificate.
	Crl *TLSCrl `json:"crl,omitempty"`
	// MatchTypedSubjectAltNames match the client certificate's subject
	// alternative names: one must match. Name is the SAN type: DNS, EMAIL,
	// IP_ADDRESS, URI, or else the OID of an otherName SAN; empty matches
	// any type.
	MatchTypedSubjectAltNames []StringMatch `json:"matchTypedSubjectAltNames,omitempty"`
	// StatelessSessionResumption lets clients resume sessions with session
	// tickets.
	StatelessSessionResumption bool `json:"statelessSessionResumption,omitempty"`
	// StatefulSessionResumption lets clients resume sessions by session ID.
	StatefulSessionResumption bool `json:"statefulSessionResumption,omitempty"`
	// Fingerprints lists the client TLS fingerprints to compute from the
	// ClientHello: JA3 and/or JA4.
	Fingerprints []TLSFingerprint `json:"fingerprints,omitempty"`
	// ALPNProtocols are the protocols offered in ALPN. Nil means the
	// default (h2 and http/1.1 for HTTPS listeners); empty means none.
	ALPNProtocols []string `json:"alpnProtocols"`
	// MinVersion is the lowest TLS version accepted (1.0 ... 1.3); nil
	// means Envoy's default.
	MinVersion *TLSVersion `json:"minVersion,omitempty"`
	// MaxVersion is the highest TLS version accepted; nil means Envoy's
	// default.
	MaxVersion *TLSVersion `json:"maxVersion,omitempty"`
	// Ciphers limits the cipher suites (TLS 1.2 and below).
	Ciphers []string `json:"ciphers,omitempty"`
	// ECDHCurves limits the key exchange curves.
	ECDHCurves []string `json:"ecdhCurves,omitempty"`
	// SignatureAlgorithms limits the signature algorithms.
	SignatureAlgorithms []string `json:"signatureAlgorithms,omitempty"`
}

// TLSFingerprint names a client TLS fingerprint.
type TLSFingerprint string

const (
	// JA3 is the JA3 fingerprint.
	JA3 TLSFingerprint = "JA3"
	// JA4 is the JA4 fingerprint.
	JA4 TLSFingerprint = "JA4"
)

// TLSVersion is a TLS protocol version: 1.0, 1.1, 1.2 or 1.3. Any other
// value (Auto, or a string carried from an unvalidated policy) means
// Envoy's default, as in Envoy Gateway.
type TLSVersion string

// TLSCertificate is a certificate chain and its private key, both PEM.
type TLSCertificate struct {
	// Name names the Envoy secret: <namespace>/<secret-name>.
	Name string `json:"name"`
	// Certificate is the PEM certificate chain.
	Certificate []byte `json:"certificate,omitempty"`
	// PrivateKey is the PEM private key.
	PrivateKey []byte `json:"privateKey,omitempty"`
	// OCSPStaple is the DER OCSP response to staple, if any.
	OCSPStaple []byte `json:"ocspStaple,omitempty"`
}

// TLSCACertificate is a bundle of trusted CA certificates, PEM.
type TLSCACertificate struct {
	// Name names the Envoy secret that holds the bundle.
	Name string `json:"name"`
	// Certificate is the PEM bundle. Empty with a well-known Name means a
	// file on the proxy (the system trust store).
	Certificate []byte `json:"certificate,omitempty"`
}

// TLSUpstreamConfig is how Envoy speaks TLS to a backend.
type TLSUpstreamConfig struct {
	// SNI is the server name to send; nil means none.
	SNI *string `json:"sni,omitempty"`
	// UseSystemTrustStore validates the backend with the proxy's system
	// CA bundle instead of CACertificate.
	UseSystemTrustStore bool `json:"useSystemTrustStore,omitempty"`
	// AutoSNIFromEndpointHostname sends, as SNI, the hostname of the
	// endpoint that a connection goes to rather than a fixed SNI.
	AutoSNIFromEndpointHostname bool `json:"autoSNIFromEndpointHostname,omitempty"`
	// CACertificate validates the backend's certificate.
	CACertificate *TLSCACertificate `json:"caCertificate,omitempty"`
	// SubjectAltNames are the names the backend certificate must carry.
	SubjectAltNames []SubjectAltName `json:"subjectAltNames,omitempty"`
	// ClientCertificates are presented to the backend.
	ClientCertificates []TLSCertificate `json:"clientCertificates,omitempty"`
	// InsecureSkipVerify turns off validation of the backend's certificate.
	InsecureSkipVerify bool `json:"insecureSkipVerify,omitempty"`
	// ALPNProtocols are offered to the backend; nil means none.
	ALPNProtocols []string `json:"alpnProtocols"`
	// MinVersion is the lowest TLS version used.
	MinVersion *TLSVersion `json:"minVersion,omitempty"`
	// MaxVersion is the highest TLS version used.
	MaxVersion *TLSVersion `json:"maxVersion,omitempty"`
	// Ciphers limits the cipher suites.
	Ciphers []string `json:"ciphers,omitempty"`
	// ECDHCurves limits the key exchange curves.
	ECDHCurves []string `json:"ecdhCurves,omitempty"`
	// SignatureAlgorithms limits the signature algorithms.
	SignatureAlgorithms []string `json:"signatureAlgorithms,omitempty"`
}

// SubjectAltName is one name a certificate must carry: a hostname or a URI.
type SubjectAltName struct {
	// Hostname is a DNS name.
	Hostname *string `json:"hostname,omitempty"`
	// URI is a URI, for example a SPIFFE ID.
	URI *string `json:"uri,omitempty"`
}
