package xds

import (
	"errors"
	"fmt"
	"slices"

	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	quicv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/transport_sockets/quic/v3"
	tlsv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/transport_sockets/tls/v3"
	matcherv3 "github.com/envoyproxy/go-control-plane/envoy/type/matcher/v3"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"google.golang.org/protobuf/proto"

	"github.com/gatewaykit/gatewaykit/ir"
)

// Secrets are named after the IR: a server certificate's secret is called
// TLSCertificate.Name (<namespace>/<secret-name> for a Kubernetes Secret),
// and a client CA bundle's secret TLSCACertificate.Name. Listeners refer to
// them over SDS.
//
// A secret used by several HTTP listeners is emitted once per listener, as
// Envoy Gateway does: Resources.Secrets may then hold equal secrets under
// one name, side by side (an xDS cache keeps one of them). Every other
// secret is emitted once.

// addCertificateSecret records the secret holding c, checking c first.
// path is the IR field path of c, for errors. With repeat, a secret of
// the same name already recorded is recorded once more.
func (b *builder) addCertificateSecret(path string, c *ir.TLSCertificate, repeat bool) error {
	if c.Name == "" {
		return fmt.Errorf("%s.name: empty", path)
	}
	if len(c.Certificate) == 0 {
		return fmt.Errorf("%s.certificate: empty", path)
	}
	if old, ok := b.secrets[c.Name]; ok {
		if repeat {
			b.repeatedSecrets = append(b.repeatedSecrets, proto.Clone(old).(*tlsv3.Secret))
		}
		return nil
	}
	cert := &tlsv3.TlsCertificate{
		CertificateChain: inlineBytes(c.Certificate),
	}
	// An IR whose key material was redacted (as in a dump) still names
	// and shapes its secrets; the key is simply absent.
	if len(c.PrivateKey) > 0 {
		cert.PrivateKey = inlineBytes(c.PrivateKey)
	}
	if len(c.OCSPStaple) > 0 {
		cert.OcspStaple = inlineBytes(c.OCSPStaple)
	}
	b.secrets[c.Name] = &tlsv3.Secret{
		Name: c.Name,
		Type: &tlsv3.Secret_TlsCertificate{TlsCertificate: cert},
	}
	return nil
}

// addCASecret records the validation context secret holding ca. path is
// the IR field path of ca, for errors; repeat is as for
// addCertificateSecret.
func (b *builder) addCASecret(path string, ca *ir.TLSCACertificate, repeat bool) error {
	return b.addCASecretWithCRL(path, ca, nil, repeat)
}

// addCASecretWithCRL is addCASecret with revocation lists that client
// certificates are also checked against (nil for none).
func (b *builder) addCASecretWithCRL(path string, ca *ir.TLSCACertificate, crl *ir.TLSCrl, repeat bool) error {
	if ca.Name == "" {
		return fmt.Errorf("%s.name: empty", path)
	}
	if len(ca.Certificate) == 0 {
		return fmt.Errorf("%s.certificate: empty", path)
	}
	if old, ok := b.secrets[ca.Name]; ok {
		if repeat {
			b.repeatedSecrets = append(b.repeatedSecrets, proto.Clone(old).(*tlsv3.Secret))
		}
		return nil
	}
	vc := &tlsv3.CertificateValidationContext{TrustedCa: inlineBytes(ca.Certificate)}
	if crl != nil {
		vc.Crl = inlineBytes(crl.Data)
		vc.OnlyVerifyLeafCertCrl = crl.OnlyVerifyLeafCertificate
	}
	b.secrets[ca.Name] = &tlsv3.Secret{
		Name: ca.Name,
		Type: &tlsv3.Secret_ValidationContext{ValidationContext: vc},
	}
	return nil
}

func inlineBytes(b []byte) *corev3.DataSource {
	return &corev3.DataSource{Specifier: &corev3.DataSource_InlineBytes{InlineBytes: b}}
}

// sdsSecret refers to the secret called name over the aggregated stream.
func sdsSecret(name string) *tlsv3.SdsSecretConfig {
	return &tlsv3.SdsSecretConfig{Name: name, SdsConfig: adsSource()}
}

// Protocols offered in ALPN by HTTPS listeners whose IR leaves ALPN unset:
// HTTP/2 and HTTP/1.1, or HTTP/1.1 alone when another listener on the port
// serves an overlapping hostname with another certificate, so that a
// client cannot reuse (coalesce) an HTTP/2 connection for a host that the
// certificate it got does not cover.
var (
	defaultHTTPSALPN   = []string{"h2", "http/1.1"}
	overlappingTLSALPN = []string{"http/1.1"}
)

// tlsVersions maps the IR's TLS versions to Envoy's.
var tlsVersions = map[ir.TLSVersion]tlsv3.TlsParameters_TlsProtocol{
	"Auto": tlsv3.TlsParameters_TLS_AUTO,
	"1.0":  tlsv3.TlsParameters_TLSv1_0,
	"1.1":  tlsv3.TlsParameters_TLSv1_1,
	"1.2":  tlsv3.TlsParameters_TLSv1_2,
	"1.3":  tlsv3.TlsParameters_TLSv1_3,
}

// tlsVersion maps an IR TLS version to Envoy's. Like ir.Validate, and as
// Envoy Gateway does with versions it does not know, it takes a nil or
// unknown version to mean Envoy's default (TLS_AUTO).
func tlsVersion(v *ir.TLSVersion) tlsv3.TlsParameters_TlsProtocol {
	if v == nil {
		return tlsv3.TlsParameters_TLS_AUTO
	}
	if p, ok := tlsVersions[*v]; ok {
		return p
	}
	return tlsv3.TlsParameters_TLS_AUTO
}

// downstreamTLS builds the transport socket that terminates TLS as cfg
// says, and records the secrets it refers to. path is the IR field path
// of cfg; defaultALPN is offered when cfg.ALPNProtocols is nil; repeat is
// as for addCertificateSecret.
func (b *builder) downstreamTLS(path string, cfg *ir.TLSConfig, defaultALPN []string, repeat bool) (*corev3.TransportSocket, error) {
	if len(cfg.Certificates) == 0 {
		return nil, fmt.Errorf("%s.certificates: empty", path)
	}
	common := &tlsv3.CommonTlsContext{
		TlsCertificateSdsSecretConfigs: make([]*tlsv3.SdsSecretConfig, 0, len(cfg.Certificates)),
	}
	for i := range cfg.Certificates {
		c := &cfg.Certificates[i]
		if err := b.addCertificateSecret(fmt.Sprintf("%s.certificates[%d]", path, i), c, repeat); err != nil {
			return nil, err
		}
		common.TlsCertificateSdsSecretConfigs = append(common.TlsCertificateSdsSecretConfigs, sdsSecret(c.Name))
	}
	switch {
	case cfg.ALPNProtocols == nil && len(defaultALPN) > 0:
		common.AlpnProtocols = append([]string(nil), defaultALPN...)
	case len(cfg.ALPNProtocols) > 0:
		common.AlpnProtocols = append([]string(nil), cfg.ALPNProtocols...)
	}
	params, err := tlsParams(path, cfg)
	if err != nil {
		return nil, err
	}
	common.TlsParams = params
	ctx := &tlsv3.DownstreamTlsContext{CommonTlsContext: common}
	if err := b.clientValidation(path, cfg, ctx, repeat); err != nil {
		return nil, err
	}
	sessionResumption(cfg, ctx)
	a, err := packAny(ctx)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &corev3.TransportSocket{
		Name:       "envoy.transport_sockets.tls",
		ConfigType: &corev3.TransportSocket_TypedConfig{TypedConfig: a},
	}, nil
}

// tlsParams returns the TLS parameters cfg sets, or nil when it sets none.
func tlsParams(path string, cfg *ir.TLSConfig) (*tlsv3.TlsParameters, error) {
	if cfg.MinVersion == nil && cfg.MaxVersion == nil && len(cfg.Ciphers) == 0 &&
		len(cfg.ECDHCurves) == 0 && len(cfg.SignatureAlgorithms) == 0 {
		return nil, nil
	}
	minV, maxV := tlsVersion(cfg.MinVersion), tlsVersion(cfg.MaxVersion)
	if minV != tlsv3.TlsParameters_TLS_AUTO && maxV != tlsv3.TlsParameters_TLS_AUTO && minV > maxV {
		return nil, errors.New(path + ".minVersion: above maxVersion")
	}
	return &tlsv3.TlsParameters{
		TlsMinimumProtocolVersion: minV,
		TlsMaximumProtocolVersion: maxV,
		CipherSuites:              append([]string(nil), cfg.Ciphers...),
		EcdhCurves:                append([]string(nil), cfg.ECDHCurves...),
		SignatureAlgorithms:       append([]string(nil), cfg.SignatureAlgorithms...),
	}, nil
}

// quicDownstreamTLS builds the QUIC transport socket of an HTTP/3
// listener: TLS as cfg says, offering h3 alone in ALPN. The secrets are the
// TCP listener's, recorded by downstreamTLS.
func (b *builder) quicDownstreamTLS(path string, cfg *ir.TLSConfig) (*corev3.TransportSocket, error) {
	if len(cfg.Certificates) == 0 {
		return nil, fmt.Errorf("%s.certificates: empty", path)
	}
	common := &tlsv3.CommonTlsContext{AlpnProtocols: []string{"h3"}}
	for i := range cfg.Certificates {
		c := &cfg.Certificates[i]
		if err := b.addCertificateSecret(fmt.Sprintf("%s.certificates[%d]", path, i), c, false); err != nil {
			return nil, err
		}
		common.TlsCertificateSdsSecretConfigs = append(common.TlsCertificateSdsSecretConfigs, sdsSecret(c.Name))
	}
	params, err := tlsParams(path, cfg)
	if err != nil {
		return nil, err
	}
	common.TlsParams = params
	ctx := &tlsv3.DownstreamTlsContext{CommonTlsContext: common}
	if err := b.clientValidation(path, cfg, ctx, false); err != nil {
		return nil, err
	}
	sessionResumption(cfg, ctx)
	a, err := packAny(&quicv3.QuicDownstreamTransport{DownstreamTlsContext: ctx})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &corev3.TransportSocket{
		Name:       "envoy.transport_sockets.quic",
		ConfigType: &corev3.TransportSocket_TypedConfig{TypedConfig: a},
	}, nil
}

// clientValidation sets on ctx how client certificates are requested and
// checked, and records the CA secret (with its revocation lists). When the
// listener validates clients (a CA, client validation asked for, or a
// certificate required), ctx says whether a certificate is required and
// carries a validation context: the CA secret over SDS, combined with the
// checks cfg adds to it (untrusted chains accepted, expired certificates
// allowed, pins, SAN matchers) when it adds any; those checks alone
// without a CA. A listener that only accepts untrusted chains gets that
// alone.
func (b *builder) clientValidation(path string, cfg *ir.TLSConfig, ctx *tlsv3.DownstreamTlsContext, repeat bool) error {
	common := ctx.CommonTlsContext
	if cfg.CACertificate == nil && !cfg.ClientValidationEnabled && !cfg.RequireClientCertificate {
		if cfg.AcceptUntrusted {
			common.ValidationContextType = &tlsv3.CommonTlsContext_ValidationContext{
				ValidationContext: &tlsv3.CertificateValidationContext{
					TrustChainVerification: tlsv3.CertificateValidationContext_ACCEPT_UNTRUSTED,
				},
			}
		}
		return nil
	}
	ctx.RequireClientCertificate = wrapperspb.Bool(cfg.RequireClientCertificate)
	vc := &tlsv3.CertificateValidationContext{
		AllowExpiredCertificate: cfg.AllowExpiredCertificate,
		VerifyCertificateSpki:   slices.Clone(cfg.VerifyCertificateSpki),
		VerifyCertificateHash:   slices.Clone(cfg.VerifyCertificateHash),
	}
	if cfg.AcceptUntrusted {
		vc.TrustChainVerification = tlsv3.CertificateValidationContext_ACCEPT_UNTRUSTED
	}
	for i := range cfg.MatchTypedSubjectAltNames {
		m := &cfg.MatchTypedSubjectAltNames[i]
		sm, err := stringMatcher(m, fmt.Sprintf("%s.matchTypedSubjectAltNames[%d]", path, i))
		if err != nil {
			return err
		}
		vc.MatchTypedSubjectAltNames = append(vc.MatchTypedSubjectAltNames, sanMatcher(m.Name, sm))
	}
	if cfg.CACertificate == nil {
		if cfg.Crl != nil {
			return fmt.Errorf("%s.crl: needs caCertificate", path)
		}
		common.ValidationContextType = &tlsv3.CommonTlsContext_ValidationContext{ValidationContext: vc}
		return nil
	}
	if err := b.addCASecretWithCRL(path+".caCertificate", cfg.CACertificate, cfg.Crl, repeat); err != nil {
		return err
	}
	sds := sdsSecret(cfg.CACertificate.Name)
	if proto.Equal(vc, &tlsv3.CertificateValidationContext{}) {
		common.ValidationContextType = &tlsv3.CommonTlsContext_ValidationContextSdsSecretConfig{ValidationContextSdsSecretConfig: sds}
		return nil
	}
	common.ValidationContextType = &tlsv3.CommonTlsContext_CombinedValidationContext{
		CombinedValidationContext: &tlsv3.CommonTlsContext_CombinedCertificateValidationContext{
			DefaultValidationContext:         vc,
			ValidationContextSdsSecretConfig: sds,
		},
	}
	return nil
}

// sanTypes maps the IR's SAN type names to Envoy's; any other non-empty
// name is the OID of an otherName SAN.
var sanTypes = map[string]tlsv3.SubjectAltNameMatcher_SanType{
	"":           tlsv3.SubjectAltNameMatcher_SAN_TYPE_UNSPECIFIED,
	"EMAIL":      tlsv3.SubjectAltNameMatcher_EMAIL,
	"DNS":        tlsv3.SubjectAltNameMatcher_DNS,
	"URI":        tlsv3.SubjectAltNameMatcher_URI,
	"IP_ADDRESS": tlsv3.SubjectAltNameMatcher_IP_ADDRESS,
}

// sanMatcher matches SANs of type typ (or an otherName with OID typ).
func sanMatcher(typ string, m *matcherv3.StringMatcher) *tlsv3.SubjectAltNameMatcher {
	if t, ok := sanTypes[typ]; ok {
		return &tlsv3.SubjectAltNameMatcher{SanType: t, Matcher: m}
	}
	return &tlsv3.SubjectAltNameMatcher{SanType: tlsv3.SubjectAltNameMatcher_OTHER_NAME, Matcher: m, Oid: typ}
}

// sessionResumption turns off the kinds of TLS session resumption cfg does
// not allow.
func sessionResumption(cfg *ir.TLSConfig, ctx *tlsv3.DownstreamTlsContext) {
	ctx.DisableStatefulSessionResumption = !cfg.StatefulSessionResumption
	if !cfg.StatelessSessionResumption {
		ctx.SessionTicketKeysType = &tlsv3.DownstreamTlsContext_DisableStatelessSessionResumption{
			DisableStatelessSessionResumption: true,
		}
	}
}
