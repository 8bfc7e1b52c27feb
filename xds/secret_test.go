package xds

import (
	"testing"

	listenerv3 "github.com/envoyproxy/go-control-plane/envoy/config/listener/v3"
	tlsv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/transport_sockets/tls/v3"
	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/testing/protocmp"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/gatewaykit/gatewaykit/ir"
)

// tlsv3DownstreamView is the part of a DownstreamTlsContext the tests look
// at.
type tlsv3DownstreamView struct {
	alpn       []string
	certs      []string
	caSDS      string
	combinedCA string
	require    *wrapperspb.BoolValue
	versions   string
}

func viewTLS(t *testing.T, fc *listenerv3.FilterChain) *tlsv3DownstreamView {
	t.Helper()
	ts := fc.GetTransportSocket()
	if ts.GetName() != "envoy.transport_sockets.tls" {
		t.Fatalf("transport socket %q", ts.GetName())
	}
	ctx := unpackT(t, ts.GetTypedConfig(), &tlsv3.DownstreamTlsContext{})
	if !ctx.GetDisableStatefulSessionResumption() || !ctx.GetDisableStatelessSessionResumption() {
		t.Errorf("session resumption not disabled: %v", ctx)
	}
	c := ctx.GetCommonTlsContext()
	v := &tlsv3DownstreamView{alpn: c.GetAlpnProtocols(), require: ctx.GetRequireClientCertificate()}
	for _, s := range c.GetTlsCertificateSdsSecretConfigs() {
		if s.GetSdsConfig().GetAds() == nil {
			t.Errorf("certificate %q not fetched over ADS", s.GetName())
		}
		v.certs = append(v.certs, s.GetName())
	}
	v.caSDS = c.GetValidationContextSdsSecretConfig().GetName()
	if cc := c.GetCombinedValidationContext(); cc != nil {
		if cc.GetDefaultValidationContext().GetTrustChainVerification() != tlsv3.CertificateValidationContext_ACCEPT_UNTRUSTED {
			t.Errorf("combined validation context: %v", cc)
		}
		v.combinedCA = cc.GetValidationContextSdsSecretConfig().GetName()
	}
	if p := c.GetTlsParams(); p != nil {
		v.versions = p.GetTlsMinimumProtocolVersion().String() + "-" + p.GetTlsMaximumProtocolVersion().String()
	}
	return v
}

func TestSecrets(t *testing.T) {
	b := newBuilder(&options{})
	c := &ir.TLSCertificate{Name: "ns/c", Certificate: []byte("cert"), PrivateKey: []byte("key")}
	if err := b.addCertificateSecret("x", c, false); err != nil {
		t.Fatal(err)
	}
	// A second listener using the same secret leaves it as it is.
	if err := b.addCertificateSecret("y", c, false); err != nil {
		t.Fatal(err)
	}
	if err := b.addCASecret("z", &ir.TLSCACertificate{Name: "ns/ca", Certificate: []byte("ca")}, false); err != nil {
		t.Fatal(err)
	}
	want := map[string]*tlsv3.Secret{
		"ns/c": {Name: "ns/c", Type: &tlsv3.Secret_TlsCertificate{TlsCertificate: &tlsv3.TlsCertificate{
			CertificateChain: inlineBytes([]byte("cert")),
			PrivateKey:       inlineBytes([]byte("key")),
		}}},
		"ns/ca": {Name: "ns/ca", Type: &tlsv3.Secret_ValidationContext{ValidationContext: &tlsv3.CertificateValidationContext{
			TrustedCa: inlineBytes([]byte("ca")),
		}}},
	}
	if diff := cmp.Diff(want, b.secrets, protocmp.Transform()); diff != "" {
		t.Errorf("secrets (-want +got):\n%s", diff)
	}
	for n, s := range b.secrets {
		if err := s.ValidateAll(); err != nil {
			t.Errorf("secret %q: %v", n, err)
		}
	}
}
