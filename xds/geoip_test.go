package xds

import (
	"testing"

	hcmv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/http_connection_manager/v3"
	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/testing/protocmp"

	"github.com/gatewaykit/gatewaykit/ir"
)

// geoRoute is a route whose authorization allows clients in locs.
func geoRoute(name string, locs ...ir.ClientIPGeoLocation) *ir.HTTPRoute {
	return securedRoute(name, &ir.SecurityFeatures{Authorization: &ir.Authorization{
		DefaultAction: "Deny",
		Rules:         []*ir.AuthorizationRule{{Name: "geo", Action: "Allow", Principal: ir.Principal{ClientIPGeoLocations: locs}}},
	}})
}

func strp(s string) *string { return &s }

// cityAndAnon is a MaxMind provider with the City and Anonymous IP
// databases.
func cityAndAnon() *ir.GeoIPProvider {
	return &ir.GeoIPProvider{MaxMind: &ir.GeoIPMaxMindProvider{
		CityDBPath: strp("/db/GeoLite2-City.mmdb"), AnonymousIPDBPath: strp("/db/GeoIP2-Anonymous-IP.mmdb"),
	}}
}

// geoFilter returns the geoip filter written as protojson.
func geoFilter(t *testing.T, js string) *hcmv3.HttpFilter {
	t.Helper()
	f := &hcmv3.HttpFilter{}
	if err := protojson.Unmarshal([]byte(js), f); err != nil {
		t.Fatalf("expected filter: %v", err)
	}
	return f
}

// removedHeaders returns each route's requestHeadersToRemove, by route name.
func removedHeaders(res *Resources) map[string][]string {
	out := map[string][]string{}
	for _, rc := range res.Routes {
		for _, vh := range rc.GetVirtualHosts() {
			for _, r := range vh.GetRoutes() {
				out[r.GetName()] = r.GetRequestHeadersToRemove()
			}
		}
	}
	return out
}

// The geoip filter comes before RBAC, looks the client up by the
// listener's client IP detection, and sets the fields the rules match on;
// every route of the listener removes those headers.
func TestGeoIPFilter(t *testing.T) {
	yes := true
	open := securedRoute("open", nil)
	open.RemoveRequestHeaders = make([]string, 1, 4)
	open.RemoveRequestHeaders[0] = "x-own"
	l := plainHTTP("ns/gw/http", 80)
	l.Routes = []*ir.HTTPRoute{
		open,
		geoRoute("geo",
			ir.ClientIPGeoLocation{Country: strp("US"), City: strp("Seattle"), Anonymous: &ir.GeoIPAnonymousMatch{IsProxy: &yes}},
			ir.ClientIPGeoLocation{Country: strp("GB")}),
	}
	l.ClientIPDetection = &ir.ClientIPDetection{CustomHeader: &ir.CustomHeaderDetection{Name: "x-real-client-ip"}}
	l.GeoIPProvider = cityAndAnon()
	x := &ir.Xds{HTTP: []*ir.HTTPListener{l}}
	before := x.DeepCopy()
	res := securedTranslate(t, x)

	filters := httpFilters(t, res)
	if d := cmp.Diff([]string{HTTPFilterGeoIP, HTTPFilterRBAC, HTTPFilterRouter}, filterNames(hcmOf(t, res.Listeners[0].GetDefaultFilterChain()))); d != "" {
		t.Errorf("filters (-want +got):\n%s", d)
	}
	want := geoFilter(t, `{"name": "envoy.filters.http.geoip", "typedConfig": {
		"@type": "type.googleapis.com/envoy.extensions.filters.http.geoip.v3.Geoip",
		"customHeaderConfig": {"headerName": "x-real-client-ip"},
		"provider": {"name": "envoy.geoip_providers.maxmind", "typedConfig": {
			"@type": "type.googleapis.com/envoy.extensions.geoip_providers.maxmind.v3.MaxMindConfig",
			"cityDbPath": "/db/GeoLite2-City.mmdb", "anonDbPath": "/db/GeoIP2-Anonymous-IP.mmdb",
			"commonProviderConfig": {"geoFieldKeys": {
				"country": "x-eg-internal-geoip-country", "city": "x-eg-internal-geoip-city",
				"anonProxy": "x-eg-internal-geoip-anon-proxy"}}}}}}`)
	if d := cmp.Diff(want, filters[0], protocmp.Transform()); d != "" {
		t.Errorf("geoip filter (-want +got):\n%s", d)
	}
	geo := []string{"x-eg-internal-geoip-country", "x-eg-internal-geoip-city", "x-eg-internal-geoip-anon-proxy"}
	wantRemoved := map[string][]string{"open": append([]string{"x-own"}, geo...), "geo": geo}
	if d := cmp.Diff(wantRemoved, removedHeaders(res)); d != "" {
		t.Errorf("requestHeadersToRemove (-want +got):\n%s", d)
	}
	if d := cmp.Diff(before, x); d != "" {
		t.Errorf("Translate changed the IR (-before +after):\n%s", d)
	}
}

// The filter's client address: X-Forwarded-For by hops (one less, as
// Envoy counts), else the peer address.
func TestGeoIPFilterAddressSource(t *testing.T) {
	two := uint32(2)
	tests := []struct {
		name string
		d    *ir.ClientIPDetection
		want string // the Geoip fields besides the provider
	}{
		{"xff hops", &ir.ClientIPDetection{XForwardedFor: &ir.XForwardedForDetection{NumTrustedHops: &two}}, `"xffConfig": {"xffNumTrustedHops": 1}`},
		{"direct source", &ir.ClientIPDetection{DirectSourceIP: &ir.DirectSourceIPDetection{}}, ``},
		{"xff CIDRs", &ir.ClientIPDetection{XForwardedFor: &ir.XForwardedForDetection{TrustedCIDRs: []string{"10.0.0.0/8"}}}, ``},
		{"none", nil, ``},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l := plainHTTP("ns/gw/http", 80)
			l.Routes = []*ir.HTTPRoute{geoRoute("geo", ir.ClientIPGeoLocation{Region: strp("WA")})}
			l.ClientIPDetection = tc.d
			l.GeoIPProvider = cityAndAnon()
			res := securedTranslate(t, &ir.Xds{HTTP: []*ir.HTTPListener{l}})
			extra := ""
			if tc.want != "" {
				extra = tc.want + ", "
			}
			want := geoFilter(t, `{"name": "envoy.filters.http.geoip", "typedConfig": {
				"@type": "type.googleapis.com/envoy.extensions.filters.http.geoip.v3.Geoip", `+extra+`
				"provider": {"name": "envoy.geoip_providers.maxmind", "typedConfig": {
					"@type": "type.googleapis.com/envoy.extensions.geoip_providers.maxmind.v3.MaxMindConfig",
					"cityDbPath": "/db/GeoLite2-City.mmdb", "anonDbPath": "/db/GeoIP2-Anonymous-IP.mmdb",
					"commonProviderConfig": {"geoFieldKeys": {"region": "x-eg-internal-geoip-region"}}}}}}`)
			if d := cmp.Diff(want, httpFilters(t, res)[0], protocmp.Transform()); d != "" {
				t.Errorf("geoip filter (-want +got):\n%s", d)
			}
		})
	}
}

// Without a provider, or without geolocation rules, there is no filter;
// the routes still remove the headers of the rules there are.
func TestGeoIPFilterAbsent(t *testing.T) {
	asn := int32(64512)
	noProvider := plainHTTP("ns/gw/a", 80)
	noProvider.Routes = []*ir.HTTPRoute{geoRoute("geo", ir.ClientIPGeoLocation{ASN: &asn, ISP: strp("Example")})}
	noRules := plainHTTP("ns/gw/b", 81)
	noRules.Routes = []*ir.HTTPRoute{securedRoute("open", nil)}
	noRules.GeoIPProvider = cityAndAnon()
	res := securedTranslate(t, &ir.Xds{HTTP: []*ir.HTTPListener{noProvider, noRules}})
	filters := map[string][]string{}
	for _, l := range res.Listeners {
		filters[l.GetName()] = filterNames(hcmOf(t, l.GetDefaultFilterChain()))
	}
	wantFilters := map[string][]string{
		"ns/gw/a": {HTTPFilterRBAC, HTTPFilterRouter},
		"ns/gw/b": {HTTPFilterRouter},
	}
	if d := cmp.Diff(wantFilters, filters); d != "" {
		t.Errorf("filters by listener (-want +got):\n%s", d)
	}
	want := map[string][]string{"geo": {"x-eg-internal-geoip-asn", "x-eg-internal-geoip-isp"}, "open": nil}
	if d := cmp.Diff(want, removedHeaders(res)); d != "" {
		t.Errorf("requestHeadersToRemove (-want +got):\n%s", d)
	}
}

// Listeners that share a connection manager: the first with a provider
// and rules configures the filter, which sets every field their rules
// need that the provider has a database for.
func TestGeoIPFilterSharedChain(t *testing.T) {
	yes := true
	asn := int32(1)
	a, b, c := plainHTTP("ns/gw/a", 80), plainHTTP("ns/gw/b", 80), plainHTTP("ns/gw/c", 80)
	a.Hostnames, b.Hostnames, c.Hostnames = []string{"a.example.com"}, []string{"b.example.com"}, []string{"c.example.com"}
	a.Routes = []*ir.HTTPRoute{geoRoute("a", ir.ClientIPGeoLocation{Country: strp("FR")})} // no provider: not first
	b.Routes = []*ir.HTTPRoute{geoRoute("b", ir.ClientIPGeoLocation{City: strp("Paris")})}
	b.GeoIPProvider = cityAndAnon()
	c.Routes = []*ir.HTTPRoute{geoRoute("c", ir.ClientIPGeoLocation{ASN: &asn, Anonymous: &ir.GeoIPAnonymousMatch{IsTor: &yes}})}
	c.GeoIPProvider = &ir.GeoIPProvider{MaxMind: &ir.GeoIPMaxMindProvider{ASNDBPath: strp("/db/asn.mmdb")}}
	c.ClientIPDetection = &ir.ClientIPDetection{CustomHeader: &ir.CustomHeaderDetection{Name: "x-c"}}
	res := securedTranslate(t, &ir.Xds{HTTP: []*ir.HTTPListener{a, b, c}})
	// b's provider has no ASN database: c's rule on it (a failed policy's,
	// in a translated IR) gets no field.
	want := geoFilter(t, `{"name": "envoy.filters.http.geoip", "typedConfig": {
		"@type": "type.googleapis.com/envoy.extensions.filters.http.geoip.v3.Geoip",
		"provider": {"name": "envoy.geoip_providers.maxmind", "typedConfig": {
			"@type": "type.googleapis.com/envoy.extensions.geoip_providers.maxmind.v3.MaxMindConfig",
			"cityDbPath": "/db/GeoLite2-City.mmdb", "anonDbPath": "/db/GeoIP2-Anonymous-IP.mmdb",
			"commonProviderConfig": {"geoFieldKeys": {"city": "x-eg-internal-geoip-city", "anonTor": "x-eg-internal-geoip-anon-tor"}}}}}}`)
	if d := cmp.Diff(want, httpFilters(t, res)[0], protocmp.Transform()); d != "" {
		t.Errorf("geoip filter (-want +got):\n%s", d)
	}
	wantRemoved := map[string][]string{
		"a": {"x-eg-internal-geoip-country"},
		"b": {"x-eg-internal-geoip-city"},
		"c": {"x-eg-internal-geoip-asn", "x-eg-internal-geoip-anon-tor"},
	}
	if d := cmp.Diff(wantRemoved, removedHeaders(res)); d != "" {
		t.Errorf("requestHeadersToRemove (-want +got):\n%s", d)
	}
}

func TestGeoIPHeaders(t *testing.T) {
	us, yes := "US", true
	asn := int32(1)
	l := plainHTTP("l", 80)
	l.Routes = []*ir.HTTPRoute{
		securedRoute("open", nil),
		securedRoute("a", &ir.SecurityFeatures{Authorization: &ir.Authorization{Rules: []*ir.AuthorizationRule{
			{Principal: ir.Principal{ClientIPGeoLocations: []ir.ClientIPGeoLocation{{ASN: &asn, Anonymous: &ir.GeoIPAnonymousMatch{IsTor: &yes}}}}},
		}}}),
		securedRoute("b", &ir.SecurityFeatures{Authorization: &ir.Authorization{Rules: []*ir.AuthorizationRule{
			nil,
			{Principal: ir.Principal{ClientIPGeoLocations: []ir.ClientIPGeoLocation{{Country: &us}}}},
		}}}),
	}
	want := []string{"x-eg-internal-geoip-country", "x-eg-internal-geoip-asn", "x-eg-internal-geoip-anon-tor"}
	if d := cmp.Diff(want, geoIPHeaders(l)); d != "" {
		t.Errorf("geoip headers (-want +got):\n%s", d)
	}
	if got := geoIPHeaders(plainHTTP("none", 80)); got != nil {
		t.Errorf("geoip headers of a listener without geolocation rules: %v", got)
	}
}

// An invalid provider is an error naming the field, never a panic.
func TestGeoIPProviderInvalid(t *testing.T) {
	x := securedIR(geoRoute("geo", ir.ClientIPGeoLocation{City: strp("Paris")}))
	x.HTTP[0].GeoIPProvider = &ir.GeoIPProvider{MaxMind: &ir.GeoIPMaxMindProvider{CityDBPath: strp("/db/city.db")}}
	if err := translateError(t, x); !containsPath(err, "http[0].geoIPProvider.maxMind.cityDbPath") {
		t.Errorf("error %q does not name the database path", err)
	}
}
