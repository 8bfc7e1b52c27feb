package xds

import (
	"testing"

	tlsv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/transport_sockets/tls/v3"
	httpv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/upstreams/http/v3"

	"github.com/gatewaykit/gatewaykit/ir"
)

// TestUpstreamSNI checks where the SNI sent to a backend comes from, and
// when the backend's certificate must match it.
func TestUpstreamSNI(t *testing.T) {
	fixed, spiffe := "backend.example.com", "spiffe://cluster.local/ns/a/sa/b"
	ca := &ir.TLSCACertificate{Name: "ns/ca", Certificate: []byte("ca")}
	tests := []struct {
		name                     string
		tls                      ir.TLSUpstreamConfig
		sni                      string
		autoHostSNI, sanValidate bool
		clusterAutoSNI           bool
		dynamic                  bool
	}{
		{"request host as SNI, certificate checked against it", ir.TLSUpstreamConfig{CACertificate: ca}, "", false, true, true, false},
		{"request host as SNI, certificate checked against given names", ir.TLSUpstreamConfig{CACertificate: ca, SubjectAltNames: []ir.SubjectAltName{{URI: &spiffe}}}, "", false, false, true, false},
		{"fixed SNI", ir.TLSUpstreamConfig{CACertificate: ca, SNI: &fixed}, fixed, false, false, false, false},
		{"endpoint hostname as SNI", ir.TLSUpstreamConfig{CACertificate: ca, AutoSNIFromEndpointHostname: true}, "", true, true, false, false},
		{"dynamic resolver: the cluster validates", ir.TLSUpstreamConfig{CACertificate: ca}, "", false, false, true, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := ipDestination("d")
			d.Settings[0].TLS = &tc.tls
			if tc.dynamic {
				d.Settings[0] = &ir.DestinationSetting{Name: "d/backend/0", IsDynamicResolver: true, TLS: &tc.tls}
			}
			res, err := Translate(oneRoute(&ir.HTTPRoute{Name: "r", Hostname: "*", Destination: d}))
			if err != nil {
				t.Fatal(err)
			}
			c := res.Clusters[0]
			sock := c.GetTransportSocket()
			if !tc.dynamic {
				if len(c.TransportSocketMatches) != 1 {
					t.Fatalf("cluster %v", c)
				}
				sock = c.TransportSocketMatches[0].TransportSocket
			}
			ctx := unpackT(t, sock.GetTypedConfig(), &tlsv3.UpstreamTlsContext{})
			if ctx.Sni != tc.sni || ctx.AutoHostSni != tc.autoHostSNI || ctx.AutoSniSanValidation != tc.sanValidate {
				t.Errorf("sni %q autoHostSni %v autoSniSanValidation %v, want %q %v %v",
					ctx.Sni, ctx.AutoHostSni, ctx.AutoSniSanValidation, tc.sni, tc.autoHostSNI, tc.sanValidate)
			}
			po := unpackT(t, c.TypedExtensionProtocolOptions["envoy.extensions.upstreams.http.v3.HttpProtocolOptions"], &httpv3.HttpProtocolOptions{})
			if got := po.GetUpstreamHttpProtocolOptions().GetAutoSni(); got != tc.clusterAutoSNI {
				t.Errorf("cluster autoSni %v, want %v", got, tc.clusterAutoSNI)
			}
		})
	}
}
