package xds

import (
	"strings"
	"testing"

	"github.com/gatewaykit/gatewaykit/ir"
)

func TestClustersEDSAndDedupe(t *testing.T) {
	ip := ir.IP
	dest := &ir.RouteDestination{Name: "c", Settings: []*ir.DestinationSetting{{
		Name: "c/backend/0", AddressType: &ip, Protocol: ir.GRPC,
		Endpoints: []*ir.DestinationEndpoint{{Host: "1.1.1.1", Port: 80, Draining: true}},
	}}}
	x := &ir.Xds{HTTP: []*ir.HTTPListener{{Name: "l", Routes: []*ir.HTTPRoute{
		{Name: "a", Destination: dest}, {Name: "b", Destination: dest},
	}}}}
	b := newBuilder(&options{})
	if err := b.buildClusters(x); err != nil {
		t.Fatal(err)
	}
	if len(b.clusters) != 1 || len(b.endpoints) != 1 {
		t.Fatalf("clusters %d endpoints %d", len(b.clusters), len(b.endpoints))
	}
	c := b.clusters["c"]
	if err := c.ValidateAll(); err != nil {
		t.Fatal(err)
	}
	if c.GetEdsClusterConfig().GetServiceName() != "c" || c.GetConnectTimeout().AsDuration() != defaultConnectTimeout ||
		c.GetTypedExtensionProtocolOptions()[httpProtocolOptionsKey] == nil {
		t.Errorf("cluster = %v", c)
	}
	cla := b.endpoints["c"]
	if err := cla.ValidateAll(); err != nil {
		t.Fatal(err)
	}
	loc := cla.GetEndpoints()[0]
	if loc.GetLocality().GetRegion() != "c/backend/0" || loc.GetLbEndpoints()[0].GetHealthStatus().String() != "DRAINING" {
		t.Errorf("load assignment = %v", cla)
	}
}

func TestClustersInvalidPort(t *testing.T) {
	x := &ir.Xds{HTTP: []*ir.HTTPListener{{Name: "l", Routes: []*ir.HTTPRoute{{Name: "a", Destination: &ir.RouteDestination{
		Name: "c", Settings: []*ir.DestinationSetting{{Name: "s", Endpoints: []*ir.DestinationEndpoint{{Host: "h", Port: 70000}}}},
	}}}}}}
	err := newBuilder(&options{}).buildClusters(x)
	if err == nil || !strings.Contains(err.Error(), "http[0].routes[0].destination.settings[0].endpoints[0].port: must be 1-65535") {
		t.Fatalf("err = %v", err)
	}
}

func TestClustersFQDNAndUpstreamTLS(t *testing.T) {
	fqdn := ir.FQDN
	sni := "example.com"
	x := &ir.Xds{HTTP: []*ir.HTTPListener{{Name: "l", Routes: []*ir.HTTPRoute{{Name: "a", Destination: &ir.RouteDestination{
		Name: "c", Settings: []*ir.DestinationSetting{{Name: "c/backend/0", AddressType: &fqdn,
			Endpoints: []*ir.DestinationEndpoint{{Host: "example.com", Port: 443}},
			TLS:       &ir.TLSUpstreamConfig{SNI: &sni, CACertificate: &ir.TLSCACertificate{Name: "ns/ca", Certificate: []byte("pem")}}}},
	}}}}}}
	b := newBuilder(&options{})
	if err := b.buildClusters(x); err != nil {
		t.Fatal(err)
	}
	c := b.clusters["c"]
	if err := c.ValidateAll(); err != nil {
		t.Fatal(err)
	}
	if c.GetClusterType().GetName() != "envoy.cluster.dns" || c.GetLoadAssignment() == nil || len(b.endpoints) != 0 {
		t.Errorf("cluster = %v", c)
	}
	if len(c.GetTransportSocketMatches()) != 1 || b.secrets["ns/ca"] == nil {
		t.Errorf("tls: matches %d secrets %v", len(c.GetTransportSocketMatches()), b.secrets)
	}
}
