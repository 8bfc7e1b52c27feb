package xds

import (
	"cmp"
	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
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
	// meta holds the envoy-gateway metadata built so far, shared by the
	// elements that name the same object.
	meta *metadataCache
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
		meta:         &metadataCache{byKey: map[string]*corev3.Metadata{}},
	}
}

// build translates x: the listeners (with their route configurations,
// secrets and the clusters their filters call) and, at the same time on
// another goroutine with a builder of its own, the clusters and endpoints of
// every destination. The second builder's resources are then added where
// the first has none of that name, which is what building the two halves
// one after the other gives.
func (b *builder) build(x *ir.Xds) error {
	dests := newBuilder(b.o)
	var destErr error
	var destPanic any
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer func() { destPanic = recover() }()
		destErr = dests.buildClusters(x)
	}()
	err := b.buildListeners(x)
	<-done
	if destPanic != nil {
		panic(destPanic)
	}
	if err != nil {
		return err
	}
	if destErr != nil {
		return destErr
	}
	addMissing(b.clusters, dests.clusters)
	addMissing(b.endpoints, dests.endpoints)
	addMissing(b.secrets, dests.secrets)
	return nil
}

// addMissing adds to dst the entries of src whose keys dst does not have.
func addMissing[V any](dst, src map[string]V) {
	for k, v := range src {
		if _, ok := dst[k]; !ok {
			dst[k] = v
		}
	}
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
