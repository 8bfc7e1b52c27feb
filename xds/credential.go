package xds

import (
	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	routev3 "github.com/envoyproxy/go-control-plane/envoy/config/route/v3"
	credentialv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/credential_injector/v3"
	upstreamcodecv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/upstream_codec/v3"
	hcmv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/http_connection_manager/v3"
	genericv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/http/injected_credentials/generic/v3"
	tlsv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/transport_sockets/tls/v3"
	"google.golang.org/protobuf/types/known/anypb"

	"github.com/gatewaykit/gatewaykit/ir"
)

// Credential injection (an HTTPRouteFilter's credentialInjection) adds a
// credential header to requests. The credential itself travels as an SDS
// generic secret called credentialSecretPrefix + CredentialInjection.Name,
// emitted once per name.
//
// On a route, each injection is one credential_injector filter in the
// connection manager, named HTTPFilterCredentialInjector + "/" + Name,
// disabled there and enabled by the routes that use it (a per-route
// FilterConfig). On a backend (DestinationFilters), the filter runs
// upstream instead: it is the first of the cluster's upstream HTTP filters,
// followed by the upstream codec.
const (
	credentialSecretPrefix = "credential_injector/credential/"
	genericCredentialName  = "envoy.http.injected_credentials.generic"
	upstreamCodecName      = "envoy.extensions.filters.http.upstream_codec.v3.UpstreamCodec"
)

// credentialFilterName names the filter of injection c.
func credentialFilterName(c *ir.CredentialInjection) string {
	return HTTPFilterCredentialInjector + "/" + c.Name
}

// credentialInjector is the filter configuration of injection c.
func credentialInjector(c *ir.CredentialInjection) *credentialv3.CredentialInjector {
	g := &genericv3.Generic{Credential: sdsSecret(credentialSecretPrefix + c.Name)}
	if c.Header != nil {
		g.Header = *c.Header
	}
	return &credentialv3.CredentialInjector{
		Overwrite: c.Overwrite != nil && *c.Overwrite,
		Credential: &corev3.TypedExtensionConfig{
			Name:        genericCredentialName,
			TypedConfig: mustAny(g),
		},
	}
}

// addCredentialSecret records the secret of injection c, once per name.
func (b *builder) addCredentialSecret(c *ir.CredentialInjection) {
	name := credentialSecretPrefix + c.Name
	if _, ok := b.secrets[name]; ok {
		return
	}
	b.secrets[name] = &tlsv3.Secret{
		Name: name,
		Type: &tlsv3.Secret_GenericSecret{GenericSecret: &tlsv3.GenericSecret{Secret: inlineBytes(c.Credential)}},
	}
}

// credentialInjectorFilters adds one disabled credential_injector filter
// per injection name used by a route, in the order the routes first use
// them.
func credentialInjectorFilters(_ *builder, ls []*ir.HTTPListener) ([]*hcmv3.HttpFilter, error) {
	var out []*hcmv3.HttpFilter
	seen := map[string]bool{}
	for _, l := range ls {
		for _, r := range l.Routes {
			if r == nil || r.CredentialInjection == nil || seen[r.CredentialInjection.Name] {
				continue
			}
			c := r.CredentialInjection
			seen[c.Name] = true
			fs, err := httpFilter(credentialFilterName(c), credentialInjector(c))
			if err != nil {
				return nil, err
			}
			fs[0].Disabled = true
			out = append(out, fs...)
		}
	}
	return out, nil
}

// enabledPerRoute is the per-route configuration that turns on a filter
// disabled in the connection manager.
func enabledPerRoute() *anypb.Any {
	return mustAny(&routev3.FilterConfig{Config: &anypb.Any{}})
}

// upstreamCredentialFilters returns the upstream HTTP filters of a cluster
// whose settings carry credential injections, or nil when none does. The
// upstream codec, which must come last, closes the list.
func upstreamCredentialFilters(settings []*ir.DestinationSetting) []*hcmv3.HttpFilter {
	var out []*hcmv3.HttpFilter
	seen := map[string]bool{}
	for _, ds := range settings {
		if ds == nil || ds.Filters == nil || ds.Filters.CredentialInjection == nil {
			continue
		}
		c := ds.Filters.CredentialInjection
		if seen[c.Name] {
			continue
		}
		seen[c.Name] = true
		out = append(out, &hcmv3.HttpFilter{
			Name:       credentialFilterName(c),
			ConfigType: &hcmv3.HttpFilter_TypedConfig{TypedConfig: mustAny(credentialInjector(c))},
		})
	}
	if len(out) == 0 {
		return nil
	}
	return append(out, &hcmv3.HttpFilter{
		Name:       upstreamCodecName,
		ConfigType: &hcmv3.HttpFilter_TypedConfig{TypedConfig: mustAny(&upstreamcodecv3.UpstreamCodec{})},
	})
}
