package xds

import (
	"testing"

	adminv3 "github.com/envoyproxy/go-control-plane/envoy/admin/v3"
	clusterv3 "github.com/envoyproxy/go-control-plane/envoy/config/cluster/v3"
	endpointv3 "github.com/envoyproxy/go-control-plane/envoy/config/endpoint/v3"
	listenerv3 "github.com/envoyproxy/go-control-plane/envoy/config/listener/v3"
	routev3 "github.com/envoyproxy/go-control-plane/envoy/config/route/v3"
	tlsv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/transport_sockets/tls/v3"
	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/testing/protocmp"
)

func TestConfigDump(t *testing.T) {
	r := &Resources{
		Listeners: []*listenerv3.Listener{{Name: "l1"}, {Name: "l2"}},
		Routes:    []*routev3.RouteConfiguration{{Name: "r1"}},
		Clusters:  []*clusterv3.Cluster{{Name: "c1"}},
		Endpoints: []*endpointv3.ClusterLoadAssignment{{ClusterName: "c1"}},
		Secrets:   []*tlsv3.Secret{{Name: "s1"}},
	}
	dump, err := ConfigDump(r)
	if err != nil {
		t.Fatal(err)
	}
	if len(dump.Configs) != 5 {
		t.Fatalf("got %d configs, want 5", len(dump.Configs))
	}
	var ls adminv3.ListenersConfigDump
	var rs adminv3.RoutesConfigDump
	var cs adminv3.ClustersConfigDump
	var es adminv3.EndpointsConfigDump
	var ss adminv3.SecretsConfigDump
	for i, m := range []proto.Message{&ls, &rs, &cs, &es, &ss} {
		if err := dump.Configs[i].UnmarshalTo(m); err != nil {
			t.Fatalf("configs[%d]: %v", i, err)
		}
	}
	var got []proto.Message
	for _, l := range ls.DynamicListeners {
		m := unpack(t, l.ActiveState.Listener)
		if name := m.(*listenerv3.Listener).GetName(); l.Name != name {
			t.Errorf("listener entry name %q, its listener is %q", l.Name, name)
		}
		got = append(got, m)
	}
	got = append(got, unpack(t, rs.DynamicRouteConfigs[0].RouteConfig), unpack(t, cs.DynamicActiveClusters[0].Cluster),
		unpack(t, es.DynamicEndpointConfigs[0].EndpointConfig), unpack(t, ss.DynamicActiveSecrets[0].Secret))
	want := []proto.Message{r.Listeners[0], r.Listeners[1], r.Routes[0], r.Clusters[0], r.Endpoints[0], r.Secrets[0]}
	if diff := cmp.Diff(want, got, protocmp.Transform()); diff != "" {
		t.Errorf("dump contents (-want +got):\n%s", diff)
	}
	if ss.DynamicActiveSecrets[0].Name != "s1" {
		t.Errorf("secret entry name %q, want s1", ss.DynamicActiveSecrets[0].Name)
	}
}

func unpack(t *testing.T, a interface{ UnmarshalNew() (proto.Message, error) }) proto.Message {
	t.Helper()
	m, err := a.UnmarshalNew()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestResourcesMarshal(t *testing.T) {
	r := &Resources{
		Listeners: []*listenerv3.Listener{{Name: "l1"}},
		Clusters:  []*clusterv3.Cluster{{Name: "c1"}},
	}
	a, err := r.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	same := &Resources{
		Listeners: []*listenerv3.Listener{proto.Clone(r.Listeners[0]).(*listenerv3.Listener)},
		Clusters:  []*clusterv3.Cluster{{Name: "c1"}},
	}
	if got, _ := same.Marshal(); string(got) != string(a) {
		t.Error("equal resources marshal differently")
	}
	other := &Resources{Listeners: []*listenerv3.Listener{{Name: "l1"}}, Clusters: []*clusterv3.Cluster{{Name: "c2"}}}
	if got, _ := other.Marshal(); string(got) == string(a) {
		t.Error("different resources marshal the same")
	}
	// An empty Resources marshals to nothing.
	if got, _ := (&Resources{}).Marshal(); len(got) != 0 {
		t.Errorf("empty resources marshal to %d bytes", len(got))
	}
}
