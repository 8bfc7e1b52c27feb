package xds

import (
	"fmt"

	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	tlsv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/transport_sockets/tls/v3"
	matcherv3 "github.com/envoyproxy/go-control-plane/envoy/type/matcher/v3"
	"google.golang.org/protobuf/types/known/durationpb"

	"github.com/gatewaykit/gatewaykit/ir"
)

// upstreamTLSSocket builds the TLS transport socket that speaks to a
// backend as t describes, and records the secrets it refers to (the CA
// bundle and client certificates) in b.secrets. autoSNI says that the
// cluster sends the request's host as SNI (no backend of it has a fixed
// SNI).
func (b *builder) upstreamTLSSocket(t *ir.TLSUpstreamConfig, autoSNI bool, kind endpointKind) (*corev3.TransportSocket, error) {
	common := &tlsv3.CommonTlsContext{AlpnProtocols: t.ALPNProtocols, TlsParams: upstreamTLSParameters(t)}

	if !t.InsecureSkipVerify {
		vc := &tlsv3.CertificateValidationContext{}
		switch {
		case len(t.SubjectAltNames) > 0:
			for i, san := range t.SubjectAltNames {
				switch {
				case san.Hostname != nil:
					vc.MatchTypedSubjectAltNames = append(vc.MatchTypedSubjectAltNames, &tlsv3.SubjectAltNameMatcher{
						SanType: tlsv3.SubjectAltNameMatcher_DNS,
						Matcher: &matcherv3.StringMatcher{MatchPattern: &matcherv3.StringMatcher_Exact{Exact: *san.Hostname}},
					})
				case san.URI != nil:
					vc.MatchTypedSubjectAltNames = append(vc.MatchTypedSubjectAltNames, &tlsv3.SubjectAltNameMatcher{
						SanType: tlsv3.SubjectAltNameMatcher_URI,
						Matcher: &matcherv3.StringMatcher{MatchPattern: &matcherv3.StringMatcher_Exact{Exact: *san.URI}},
					})
				default:
					return nil, fmt.Errorf("subjectAltNames[%d]: one of hostname and uri must be set", i)
				}
			}
		case t.SNI != nil && kind != endpointsDynamic:
			vc.MatchTypedSubjectAltNames = []*tlsv3.SubjectAltNameMatcher{{
				SanType: tlsv3.SubjectAltNameMatcher_DNS,
				Matcher: &matcherv3.StringMatcher{MatchPattern: &matcherv3.StringMatcher_Exact{Exact: *t.SNI}},
			}}
		}
		caName, err := b.upstreamCASecret(t)
		if err != nil {
			return nil, err
		}
		if caName != "" {
			common.ValidationContextType = &tlsv3.CommonTlsContext_CombinedValidationContext{
				CombinedValidationContext: &tlsv3.CommonTlsContext_CombinedCertificateValidationContext{
					DefaultValidationContext:         vc,
					ValidationContextSdsSecretConfig: sdsSecretConfig(caName),
				},
			}
		}
	}

	for i, cert := range t.ClientCertificates {
		if cert.Name == "" {
			return nil, fmt.Errorf("clientCertificates[%d].name: must not be empty", i)
		}
		common.TlsCertificateSdsSecretConfigs = append(common.TlsCertificateSdsSecretConfigs, sdsSecretConfig(cert.Name))
		if _, ok := b.secrets[cert.Name]; !ok {
			b.secrets[cert.Name] = &tlsv3.Secret{
				Name: cert.Name,
				Type: &tlsv3.Secret_TlsCertificate{TlsCertificate: &tlsv3.TlsCertificate{
					CertificateChain: &corev3.DataSource{Specifier: &corev3.DataSource_InlineBytes{InlineBytes: cert.Certificate}},
					PrivateKey:       &corev3.DataSource{Specifier: &corev3.DataSource_InlineBytes{InlineBytes: cert.PrivateKey}},
				}},
			}
		}
	}

	ctx := &tlsv3.UpstreamTlsContext{CommonTlsContext: common}
	if t.SNI != nil {
		ctx.Sni = *t.SNI
	}
	switch {
	case t.AutoSNIFromEndpointHostname:
		// SNI is the endpoint's hostname, and the certificate must match it.
		ctx.AutoHostSni, ctx.AutoSniSanValidation = true, true
	case autoSNI && kind != endpointsDynamic && len(t.SubjectAltNames) == 0:
		// SNI is the request's host (set by the cluster's protocol
		// options); with no names given, the certificate must match it.
		// A dynamic forward proxy cluster asks for both in its protocol
		// options instead.
		ctx.AutoSniSanValidation = true
	}
	return &corev3.TransportSocket{
		Name:       "envoy.transport_sockets.tls",
		ConfigType: &corev3.TransportSocket_TypedConfig{TypedConfig: mustAny(ctx)},
	}, nil
}

// upstreamCASecret records the secret that validates the backend and
// returns its name; "" means no validation secret.
func (b *builder) upstreamCASecret(t *ir.TLSUpstreamConfig) (string, error) {
	ca := t.CACertificate
	switch {
	case ca == nil && t.UseSystemTrustStore:
		b.addSystemTrustStore(systemTrustStoreSecret)
		return systemTrustStoreSecret, nil
	case ca == nil:
		return "", nil
	case ca.Name == "":
		return "", fmt.Errorf("caCertificate.name: must not be empty")
	case t.UseSystemTrustStore:
		b.addSystemTrustStore(ca.Name)
		return ca.Name, nil
	}
	if _, ok := b.secrets[ca.Name]; !ok {
		b.secrets[ca.Name] = &tlsv3.Secret{
			Name: ca.Name,
			Type: &tlsv3.Secret_ValidationContext{ValidationContext: &tlsv3.CertificateValidationContext{
				TrustedCa: &corev3.DataSource{Specifier: &corev3.DataSource_InlineBytes{InlineBytes: ca.Certificate}},
			}},
		}
	}
	return ca.Name, nil
}

func (b *builder) addSystemTrustStore(name string) {
	if _, ok := b.secrets[name]; ok {
		return
	}
	b.secrets[name] = &tlsv3.Secret{
		Name: name,
		Type: &tlsv3.Secret_ValidationContext{ValidationContext: &tlsv3.CertificateValidationContext{
			TrustedCa: &corev3.DataSource{Specifier: &corev3.DataSource_Filename{Filename: systemTrustStorePath}},
		}},
	}
}

// sdsSecretConfig refers to the secret name over ADS.
func sdsSecretConfig(name string) *tlsv3.SdsSecretConfig {
	return &tlsv3.SdsSecretConfig{
		Name: name,
		SdsConfig: &corev3.ConfigSource{
			ResourceApiVersion:    corev3.ApiVersion_V3,
			InitialFetchTimeout:   durationpb.New(0),
			ConfigSourceSpecifier: &corev3.ConfigSource_Ads{Ads: &corev3.AggregatedConfigSource{}},
		},
	}
}

// upstreamTLSParameters maps the TLS versions and cipher settings of t.
func upstreamTLSParameters(t *ir.TLSUpstreamConfig) *tlsv3.TlsParameters {
	return &tlsv3.TlsParameters{
		CipherSuites:              t.Ciphers,
		EcdhCurves:                t.ECDHCurves,
		SignatureAlgorithms:       t.SignatureAlgorithms,
		TlsMinimumProtocolVersion: tlsVersion(t.MinVersion),
		TlsMaximumProtocolVersion: tlsVersion(t.MaxVersion),
	}
}
