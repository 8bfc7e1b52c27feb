package xds

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	endpointv3 "github.com/envoyproxy/go-control-plane/envoy/config/endpoint/v3"
	"google.golang.org/protobuf/types/known/structpb"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/gatewaykit/gatewaykit/ir"
)

// metadataNamespace is the filter metadata key under which Envoy Gateway
// records the objects a resource came from.
const metadataNamespace = "envoy-gateway"

// buildLoadAssignment groups the endpoints of d into localities: one per
// setting, whose region is the setting's name and whose weight is the
// setting's weight; or, for zone-aware clusters, one per zone of each
// setting, sorted by zone. The traffic features t of the cluster (may be
// nil) make it zone-aware (a load balancer that prefers the local zone)
// and say where active health checks probe each endpoint.
func buildLoadAssignment(d *ir.RouteDestination, proxyService bool, t *ir.TrafficFeatures, mc *metadataCache) *endpointv3.ClusterLoadAssignment {
	var (
		hc      *ir.HealthCheck
		lbLocal bool
	)
	if t != nil {
		hc = t.HealthCheck
		lbLocal = t.LoadBalancer != nil && t.LoadBalancer.PreferLocal != nil
	}
	cla := &endpointv3.ClusterLoadAssignment{
		ClusterName: d.Name,
		Endpoints:   make([]*endpointv3.LocalityLbEndpoints, 0, len(d.Settings)),
	}
	for i, ds := range d.Settings {
		var tlsMatch *corev3.Metadata
		if ds.TLS != nil {
			tlsMatch = &corev3.Metadata{FilterMetadata: map[string]*structpb.Struct{
				"envoy.transport_socket_match": {Fields: map[string]*structpb.Value{
					"name": structpb.NewStringValue(tlsMatchName(d.Name, i)),
				}},
			}}
		}
		if wz := weightedZones(t); wz != nil {
			cla.Endpoints = append(cla.Endpoints, weightedZoneLocalities(ds, tlsMatch, hc, wz, mc)...)
			continue
		}
		if proxyService || lbLocal || ds.PreferLocal != nil {
			cla.Endpoints = append(cla.Endpoints, zonalLocalities(ds, tlsMatch, hc, mc)...)
			continue
		}
		weight := uint32(1)
		if ds.Weight != nil {
			weight = *ds.Weight
		}
		cla.Endpoints = append(cla.Endpoints, &endpointv3.LocalityLbEndpoints{
			Locality:            &corev3.Locality{Region: ds.Name},
			LbEndpoints:         lbEndpoints(ds.Endpoints, tlsMatch, hc),
			LoadBalancingWeight: wrapperspb.UInt32(weight),
			Priority:            derefOrZero(ds.Priority),
			Metadata:            mc.get(ds.Metadata),
		})
	}
	return cla
}

// zonalLocalities returns one locality per zone of ds's endpoints.
func zonalLocalities(ds *ir.DestinationSetting, tlsMatch *corev3.Metadata, hc *ir.HealthCheck, mc *metadataCache) []*endpointv3.LocalityLbEndpoints {
	byZone := map[string][]*ir.DestinationEndpoint{}
	var zones []string
	for _, ep := range ds.Endpoints {
		z := derefOrZero(ep.Zone)
		if _, ok := byZone[z]; !ok {
			zones = append(zones, z)
		}
		byZone[z] = append(byZone[z], ep)
	}
	slices.SortFunc(zones, cmp.Compare[string])
	out := make([]*endpointv3.LocalityLbEndpoints, 0, len(zones))
	for _, z := range zones {
		out = append(out, &endpointv3.LocalityLbEndpoints{
			Locality:    &corev3.Locality{Zone: z},
			LbEndpoints: lbEndpoints(byZone[z], tlsMatch, hc),
			Priority:    derefOrZero(ds.Priority),
			Metadata:    mc.get(ds.Metadata),
		})
	}
	return out
}

// weightedZones returns the weighted zones of t's load balancer; nil
// when it has none.
func weightedZones(t *ir.TrafficFeatures) []ir.WeightedZone {
	if t == nil || t.LoadBalancer == nil || len(t.LoadBalancer.WeightedZones) == 0 {
		return nil
	}
	return t.LoadBalancer.WeightedZones
}

// weightedZoneLocalities returns the localities of zonalLocalities, each
// weighted by its zone's weight in wz (1 for a zone wz does not list).
func weightedZoneLocalities(ds *ir.DestinationSetting, tlsMatch *corev3.Metadata, hc *ir.HealthCheck, wz []ir.WeightedZone, mc *metadataCache) []*endpointv3.LocalityLbEndpoints {
	out := zonalLocalities(ds, tlsMatch, hc, mc)
	for _, l := range out {
		w := uint32(1)
		for _, z := range wz {
			if z.Zone == l.GetLocality().GetZone() {
				w = z.Weight
				break
			}
		}
		l.LoadBalancingWeight = wrapperspb.UInt32(w)
	}
	return out
}

func lbEndpoints(eps []*ir.DestinationEndpoint, md *corev3.Metadata, hc *ir.HealthCheck) []*endpointv3.LbEndpoint {
	out := make([]*endpointv3.LbEndpoint, 0, len(eps))
	for _, ep := range eps {
		lb := &endpointv3.LbEndpoint{
			HostIdentifier: &endpointv3.LbEndpoint_Endpoint{Endpoint: &endpointv3.Endpoint{
				Address:           endpointAddress(ep),
				Hostname:          derefOrZero(ep.Hostname),
				HealthCheckConfig: endpointHealthCheckConfig(hc, ep),
			}},
			LoadBalancingWeight: wrapperspb.UInt32(1),
			Metadata:            md,
		}
		if ep.Draining {
			lb.HealthStatus = corev3.HealthStatus_DRAINING
		}
		out = append(out, lb)
	}
	return out
}

func endpointAddress(ep *ir.DestinationEndpoint) *corev3.Address {
	if ep.Path != nil {
		return &corev3.Address{Address: &corev3.Address_Pipe{Pipe: &corev3.Pipe{Path: *ep.Path}}}
	}
	return &corev3.Address{Address: &corev3.Address_SocketAddress{SocketAddress: &corev3.SocketAddress{
		Address:       ep.Host,
		PortSpecifier: &corev3.SocketAddress_PortValue{PortValue: ep.Port},
	}}}
}

// metadataCache builds each distinct envoy-gateway metadata once: the
// routes, clusters and localities built from the same object (an HTTPRoute
// rule and its destination, say) share one read-only message, which at
// tens of thousands of routes is a third of the output's memory. A nil
// cache builds a new message each time.
type metadataCache struct {
	byKey map[string]*corev3.Metadata
	key   strings.Builder
}

// get returns the metadata of m (see egMetadata), nil for nil m.
func (c *metadataCache) get(m *ir.ResourceMetadata) *corev3.Metadata {
	if m == nil {
		return nil
	}
	if c == nil {
		return egMetadata(m)
	}
	c.key.Reset()
	// Each part is written with its length first, so distinct metadata
	// always have distinct keys.
	part := func(s string) {
		c.key.WriteString(strconv.Itoa(len(s)))
		c.key.WriteByte(':')
		c.key.WriteString(s)
	}
	part(m.Kind)
	part(m.Name)
	part(m.Namespace)
	part(m.SectionName)
	c.key.WriteString(strconv.Itoa(len(m.Annotations)))
	for _, a := range m.Annotations {
		part(a.Key)
		part(a.Value)
	}
	for _, p := range m.Policies {
		part(p.Kind)
		part(p.Name)
		part(p.Namespace)
	}
	k := c.key.String()
	if md, ok := c.byKey[k]; ok {
		return md
	}
	md := egMetadata(m)
	c.byKey[k] = md
	return md
}

// egMetadata records the object m names under the envoy-gateway filter
// metadata key: {resources: [{kind, name, namespace, sectionName,
// annotations}], policies: [{kind, name, namespace}]}. It returns nil for
// nil m.
func egMetadata(m *ir.ResourceMetadata) *corev3.Metadata {
	if m == nil {
		return nil
	}
	r := map[string]*structpb.Value{}
	if m.Kind != "" {
		r["kind"] = structpb.NewStringValue(m.Kind)
	}
	if m.Name != "" {
		r["name"] = structpb.NewStringValue(m.Name)
	}
	if m.Namespace != "" {
		r["namespace"] = structpb.NewStringValue(m.Namespace)
	}
	if m.SectionName != "" {
		r["sectionName"] = structpb.NewStringValue(m.SectionName)
	}
	if len(m.Annotations) > 0 {
		a := make(map[string]*structpb.Value, len(m.Annotations))
		for _, kv := range m.Annotations {
			a[kv.Key] = structpb.NewStringValue(kv.Value)
		}
		r["annotations"] = structpb.NewStructValue(&structpb.Struct{Fields: a})
	}
	eg := map[string]*structpb.Value{
		"resources": structpb.NewListValue(&structpb.ListValue{Values: []*structpb.Value{structpb.NewStructValue(&structpb.Struct{Fields: r})}}),
	}
	if len(m.Policies) > 0 {
		ps := make([]*structpb.Value, 0, len(m.Policies))
		for _, p := range m.Policies {
			ps = append(ps, structpb.NewStructValue(&structpb.Struct{Fields: map[string]*structpb.Value{
				"kind":      structpb.NewStringValue(p.Kind),
				"name":      structpb.NewStringValue(p.Name),
				"namespace": structpb.NewStringValue(p.Namespace),
			}}))
		}
		eg["policies"] = structpb.NewListValue(&structpb.ListValue{Values: ps})
	}
	return &corev3.Metadata{FilterMetadata: map[string]*structpb.Struct{metadataNamespace: {Fields: eg}}}
}

// derefOrZero returns *p, or the zero value for nil.
func derefOrZero[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
