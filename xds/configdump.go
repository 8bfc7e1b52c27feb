package xds

import (
	"fmt"

	adminv3 "github.com/envoyproxy/go-control-plane/envoy/admin/v3"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/anypb"
)

// ConfigDump returns r in the shape of Envoy's /config_dump admin output, so
// that it can be read with the same tools: a ConfigDump whose configs are a
// ListenersConfigDump, a RoutesConfigDump, a ClustersConfigDump, an
// EndpointsConfigDump and a SecretsConfigDump, in that order, each listing
// r's resources as dynamic (xDS-delivered) ones, in r's order. Version and
// update-time fields are left empty.
//
// Secrets are included as they are, private keys too (Envoy's own dump
// redacts them); redact before showing the dump to anyone.
func ConfigDump(r *Resources) (*adminv3.ConfigDump, error) {
	var (
		ls  adminv3.ListenersConfigDump
		rs  adminv3.RoutesConfigDump
		cs  adminv3.ClustersConfigDump
		es  adminv3.EndpointsConfigDump
		ss  adminv3.SecretsConfigDump
		err error
	)
	pack := func(m proto.Message) *anypb.Any {
		a, e := anypb.New(m)
		if e != nil && err == nil {
			err = e
		}
		return a
	}
	for _, l := range r.Listeners {
		ls.DynamicListeners = append(ls.DynamicListeners, &adminv3.ListenersConfigDump_DynamicListener{
			Name:        l.GetName(),
			ActiveState: &adminv3.ListenersConfigDump_DynamicListenerState{Listener: pack(l)},
		})
	}
	for _, rc := range r.Routes {
		rs.DynamicRouteConfigs = append(rs.DynamicRouteConfigs, &adminv3.RoutesConfigDump_DynamicRouteConfig{RouteConfig: pack(rc)})
	}
	for _, c := range r.Clusters {
		cs.DynamicActiveClusters = append(cs.DynamicActiveClusters, &adminv3.ClustersConfigDump_DynamicCluster{Cluster: pack(c)})
	}
	for _, e := range r.Endpoints {
		es.DynamicEndpointConfigs = append(es.DynamicEndpointConfigs, &adminv3.EndpointsConfigDump_DynamicEndpointConfig{EndpointConfig: pack(e)})
	}
	for _, s := range r.Secrets {
		ss.DynamicActiveSecrets = append(ss.DynamicActiveSecrets, &adminv3.SecretsConfigDump_DynamicSecret{Name: s.GetName(), Secret: pack(s)})
	}
	dump := &adminv3.ConfigDump{Configs: []*anypb.Any{pack(&ls), pack(&rs), pack(&cs), pack(&es), pack(&ss)}}
	if err != nil {
		return nil, fmt.Errorf("xds: config dump: %w", err)
	}
	return dump, nil
}
