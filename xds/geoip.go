package xds

import (
	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	geoipv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/geoip/v3"
	hcmv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/http_connection_manager/v3"
	geoipcommonv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/geoip_providers/common/v3"
	maxmindv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/geoip_providers/maxmind/v3"

	"github.com/gatewaykit/gatewaykit/ir"
)

// GeoIP is Envoy's geoip filter, which looks the client address up in the
// listener's ir.GeoIPProvider databases and puts what it finds into
// request headers that the authorization rules (the RBAC filter, after it)
// match. As in Envoy Gateway:
//
//   - the filter is there when a listener of the connection manager has
//     both a provider and a route whose authorization matches client
//     geolocations; it sets the headers of the fields those rules match
//     on, and nothing else;
//   - it finds the client address as the listener's ClientIPDetection
//     says: a custom header, X-Forwarded-For by trusted hops, or else the
//     connection's peer address;
//   - every route of such a listener removes those headers before the
//     request goes upstream, whether or not the filter is there, so that
//     they never reach a backend.
//
// When several listeners share a connection manager, the first with a
// provider and geolocation rules configures the filter (provider and client
// address), and the filter sets the fields that any of them needs. Envoy
// Gateway sets only the first one's fields, which would leave the others'
// rules matching a header the client sent; a field whose database the
// provider lacks is not set either (the translator only gives a listener a
// provider that has every database its valid rules need, so only rules of
// policies that failed, whose routes answer 500, are affected).

// geoIPProviderMaxMind is the name of the MaxMind provider extension.
const geoIPProviderMaxMind = "envoy.geoip_providers.maxmind"

// The request headers that the geoip filter sets for authorization rules
// to match.
const (
	geoIPCountryHeader   = "x-eg-internal-geoip-country"
	geoIPRegionHeader    = "x-eg-internal-geoip-region"
	geoIPCityHeader      = "x-eg-internal-geoip-city"
	geoIPASNHeader       = "x-eg-internal-geoip-asn"
	geoIPISPHeader       = "x-eg-internal-geoip-isp"
	geoIPAnonHeader      = "x-eg-internal-geoip-anon"
	geoIPAnonVPNHeader   = "x-eg-internal-geoip-anon-vpn"
	geoIPAnonHostHeader  = "x-eg-internal-geoip-anon-hosting"
	geoIPAnonTorHeader   = "x-eg-internal-geoip-anon-tor"
	geoIPAnonProxyHeader = "x-eg-internal-geoip-anon-proxy"
)

// geoIPField is one field the geoip filter can look up.
type geoIPField struct {
	// header is the request header the filter puts the field in.
	header string
	// matched reports whether loc matches on the field.
	matched func(loc *ir.ClientIPGeoLocation, an *ir.GeoIPAnonymousMatch) bool
	// served reports whether a database of m serves the field.
	served func(m *ir.GeoIPMaxMindProvider) bool
	// setKey names header as the field's key in the provider.
	setKey func(k *geoipcommonv3.CommonGeoipProviderConfig_GeolocationFieldKeys, header string)
}

// geoIPFields are the fields, in the order their headers are listed.
var geoIPFields = [...]geoIPField{
	{geoIPCountryHeader,
		func(g *ir.ClientIPGeoLocation, _ *ir.GeoIPAnonymousMatch) bool { return g.Country != nil },
		func(m *ir.GeoIPMaxMindProvider) bool { return m.CountryDBPath != nil || m.CityDBPath != nil },
		func(k *geoipcommonv3.CommonGeoipProviderConfig_GeolocationFieldKeys, h string) { k.Country = h }},
	{geoIPRegionHeader,
		func(g *ir.ClientIPGeoLocation, _ *ir.GeoIPAnonymousMatch) bool { return g.Region != nil },
		func(m *ir.GeoIPMaxMindProvider) bool { return m.CityDBPath != nil },
		func(k *geoipcommonv3.CommonGeoipProviderConfig_GeolocationFieldKeys, h string) { k.Region = h }},
	{geoIPCityHeader,
		func(g *ir.ClientIPGeoLocation, _ *ir.GeoIPAnonymousMatch) bool { return g.City != nil },
		func(m *ir.GeoIPMaxMindProvider) bool { return m.CityDBPath != nil },
		func(k *geoipcommonv3.CommonGeoipProviderConfig_GeolocationFieldKeys, h string) { k.City = h }},
	{geoIPASNHeader,
		func(g *ir.ClientIPGeoLocation, _ *ir.GeoIPAnonymousMatch) bool { return g.ASN != nil },
		func(m *ir.GeoIPMaxMindProvider) bool { return m.ASNDBPath != nil },
		func(k *geoipcommonv3.CommonGeoipProviderConfig_GeolocationFieldKeys, h string) { k.Asn = h }},
	{geoIPISPHeader,
		func(g *ir.ClientIPGeoLocation, _ *ir.GeoIPAnonymousMatch) bool { return g.ISP != nil },
		func(m *ir.GeoIPMaxMindProvider) bool { return m.ISPDBPath != nil },
		func(k *geoipcommonv3.CommonGeoipProviderConfig_GeolocationFieldKeys, h string) { k.Isp = h }},
	{geoIPAnonHeader,
		func(_ *ir.ClientIPGeoLocation, a *ir.GeoIPAnonymousMatch) bool { return a.IsAnonymous != nil },
		anonymousServed,
		func(k *geoipcommonv3.CommonGeoipProviderConfig_GeolocationFieldKeys, h string) { k.Anon = h }},
	{geoIPAnonVPNHeader,
		func(_ *ir.ClientIPGeoLocation, a *ir.GeoIPAnonymousMatch) bool { return a.IsVPN != nil },
		anonymousServed,
		func(k *geoipcommonv3.CommonGeoipProviderConfig_GeolocationFieldKeys, h string) { k.AnonVpn = h }},
	{geoIPAnonHostHeader,
		func(_ *ir.ClientIPGeoLocation, a *ir.GeoIPAnonymousMatch) bool { return a.IsHosting != nil },
		anonymousServed,
		func(k *geoipcommonv3.CommonGeoipProviderConfig_GeolocationFieldKeys, h string) { k.AnonHosting = h }},
	{geoIPAnonTorHeader,
		func(_ *ir.ClientIPGeoLocation, a *ir.GeoIPAnonymousMatch) bool { return a.IsTor != nil },
		anonymousServed,
		func(k *geoipcommonv3.CommonGeoipProviderConfig_GeolocationFieldKeys, h string) { k.AnonTor = h }},
	{geoIPAnonProxyHeader,
		func(_ *ir.ClientIPGeoLocation, a *ir.GeoIPAnonymousMatch) bool { return a.IsProxy != nil },
		anonymousServed,
		func(k *geoipcommonv3.CommonGeoipProviderConfig_GeolocationFieldKeys, h string) { k.AnonProxy = h }},
}

func anonymousServed(m *ir.GeoIPMaxMindProvider) bool { return m.AnonymousIPDBPath != nil }

// geoIPSet is a set of geoIPFields, by index.
type geoIPSet uint16

func (s geoIPSet) has(i int) bool { return s&(1<<i) != 0 }

// geoIPNeeds returns the fields that the authorization rules of l's routes
// match on.
func geoIPNeeds(l *ir.HTTPListener) geoIPSet {
	var s geoIPSet
	for _, r := range l.Routes {
		if r == nil || !hasAuthorization(r) {
			continue
		}
		for _, rule := range r.Security.Authorization.Rules {
			if rule == nil {
				continue
			}
			for i := range rule.Principal.ClientIPGeoLocations {
				g := &rule.Principal.ClientIPGeoLocations[i]
				an := g.Anonymous
				if an == nil {
					an = &ir.GeoIPAnonymousMatch{}
				}
				for j := range geoIPFields {
					if geoIPFields[j].matched(g, an) {
						s |= 1 << j
					}
				}
			}
		}
	}
	return s
}

// geoIPHeaders returns the geoip headers that the authorization rules of
// l's routes match, in the order of geoIPFields: what every route of l
// removes before forwarding, so that they never reach a backend.
func geoIPHeaders(l *ir.HTTPListener) []string {
	s := geoIPNeeds(l)
	var out []string
	for i := range geoIPFields {
		if s.has(i) {
			out = append(out, geoIPFields[i].header)
		}
	}
	return out
}

// geoIPFilters adds the geoip filter when a listener of ls has a GeoIP
// provider and authorization rules that match geolocations.
func geoIPFilters(_ *builder, ls []*ir.HTTPListener) ([]*hcmv3.HttpFilter, error) {
	var first *ir.HTTPListener
	var need geoIPSet
	for _, l := range ls {
		if l.GeoIPProvider == nil || l.GeoIPProvider.MaxMind == nil {
			continue
		}
		n := geoIPNeeds(l)
		if n == 0 {
			continue
		}
		if first == nil {
			first = l
		}
		need |= n
	}
	if first == nil {
		return nil, nil
	}
	m := first.GeoIPProvider.MaxMind
	keys := &geoipcommonv3.CommonGeoipProviderConfig_GeolocationFieldKeys{}
	set := false
	for i, f := range geoIPFields {
		if need.has(i) && f.served(m) {
			f.setKey(keys, f.header)
			set = true
		}
	}
	if !set {
		return nil, nil
	}
	deref := func(s *string) string {
		if s == nil {
			return ""
		}
		return *s
	}
	provider, err := packValid(&maxmindv3.MaxMindConfig{
		CityDbPath:           deref(m.CityDBPath),
		AsnDbPath:            deref(m.ASNDBPath),
		AnonDbPath:           deref(m.AnonymousIPDBPath),
		IspDbPath:            deref(m.ISPDBPath),
		CountryDbPath:        deref(m.CountryDBPath),
		CommonProviderConfig: &geoipcommonv3.CommonGeoipProviderConfig{GeoFieldKeys: keys},
	})
	if err != nil {
		return nil, err
	}
	cfg := &geoipv3.Geoip{Provider: &corev3.TypedExtensionConfig{Name: geoIPProviderMaxMind, TypedConfig: provider}}
	if d := first.ClientIPDetection; d != nil {
		switch {
		case d.CustomHeader != nil:
			cfg.CustomHeaderConfig = &geoipv3.Geoip_CustomHeaderConfig{HeaderName: d.CustomHeader.Name}
		case d.XForwardedFor != nil && d.XForwardedFor.NumTrustedHops != nil:
			cfg.XffConfig = &geoipv3.Geoip_XffConfig{XffNumTrustedHops: xffNumTrustedHops(*d.XForwardedFor.NumTrustedHops)}
		}
		// Otherwise (the connection's address, or X-Forwarded-For by
		// trusted ranges, which the translator does not combine with
		// geolocation rules) the filter looks up the peer address.
	}
	a, err := packValid(cfg)
	if err != nil {
		return nil, err
	}
	return []*hcmv3.HttpFilter{{Name: HTTPFilterGeoIP, ConfigType: &hcmv3.HttpFilter_TypedConfig{TypedConfig: a}}}, nil
}
