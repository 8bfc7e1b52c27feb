package xds

import (
	"cmp"
	"slices"

	clusterv3 "github.com/envoyproxy/go-control-plane/envoy/config/cluster/v3"
	endpointv3 "github.com/envoyproxy/go-control-plane/envoy/config/endpoint/v3"
	listenerv3 "github.com/envoyproxy/go-control-plane/envoy/config/listener/v3"
	routev3 "github.com/envoyproxy/go-control-plane/envoy/config/route/v3"
	tlsv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/transport_sockets/tls/v3"

	"github.com/gatewaykit/gatewaykit/ir"
)

// builder collects the resources of one Translate call, keyed by name so
// that a resource reached from several places (a cluster shared by two
// routes, a secret used by two listeners) is emitted once.
type builder struct {
	o         *options
	listeners map[string]*listenerv3.Listener
	routes    map[string]*routev3.RouteConfiguration
	clusters  map[string]*clusterv3.Cluster
	endpoints map[string]*endpointv3.ClusterLoadAssignment
	secrets   map[string]*tlsv3.Secret
	// repeatedSecrets are further copies of secrets, one per further
	// HTTP listener that uses them (see addCertificateSecret).
	repeatedSecrets []*tlsv3.Secret
	// http3Sockets are the addresses and ports that also serve HTTP/3;
	// their routes advertise it (alt-svc).
	http3Sockets map[addrPort]bool
}

func newBuilder(o *options) *builder {
	return &builder{
		o:         o,
		listeners: map[string]*listenerv3.Listener{},
		routes:    map[string]*routev3.RouteConfiguration{},
		clusters:  map[string]*clusterv3.Cluster{},
		endpoints: map[string]*endpointv3.ClusterLoadAssignment{},
		secrets:   map[string]*tlsv3.Secret{},

		http3Sockets: map[addrPort]bool{},
	}
}

// build translates x: listeners (with their route configurations and
// secrets) first, then the clusters and endpoints of every destination.
func (b *builder) build(x *ir.Xds) error {
	if err := b.buildListeners(x); err != nil {
		return err
	}
	return b.buildClusters(x)
}

// resources returns what was built, each list sorted by name.
func (b *builder) resources() *Resources {
	return &Resources{
		Listeners: sortedValues(b.listeners),
		Routes:    sortedValues(b.routes),
		Clusters:  sortedValues(b.clusters),
		Endpoints: sortedValues(b.endpoints),
		Secrets:   b.sortedSecrets(),
	}
}

func sortedValues[V any](m map[string]V) []V {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, cmp.Compare[string])
	out := make([]V, len(keys))
	for i, k := range keys {
		out[i] = m[k]
	}
	return out
}

// sortedSecrets returns the secrets and their repeats, sorted by name; the
// sort is stable and repeats are equal, so the order is deterministic.
func (b *builder) sortedSecrets() []*tlsv3.Secret {
	out := sortedValues(b.secrets)
	if len(b.repeatedSecrets) == 0 {
		return out
	}
	out = append(out, b.repeatedSecrets...)
	slices.SortStableFunc(out, func(a, c *tlsv3.Secret) int { return cmp.Compare(a.GetName(), c.GetName()) })
	return out
}
