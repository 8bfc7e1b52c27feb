package ir

import (
	"testing"
)

func TestValidateClientIPDetectionAndGeoIP(t *testing.T) {
	const l = "http[0]"
	const d = l + ".clientIPDetection"
	const g = l + ".geoIPProvider.maxMind"
	hops := func(n uint32) *ClientIPDetection {
		return &ClientIPDetection{XForwardedFor: &XForwardedForDetection{NumTrustedHops: &n}}
	}
	cidrs := func(c ...string) *ClientIPDetection {
		return &ClientIPDetection{XForwardedFor: &XForwardedForDetection{TrustedCIDRs: c}}
	}
	header := func(name string) *ClientIPDetection {
		return &ClientIPDetection{CustomHeader: &CustomHeaderDetection{Name: name, FailClosed: ptrTo(true)}}
	}
	maxMind := func(m GeoIPMaxMindProvider) *GeoIPProvider { return &GeoIPProvider{MaxMind: &m} }
	cases := []struct {
		name      string
		detection *ClientIPDetection
		geoIP     *GeoIPProvider
		path      string // the one error's path; "" means valid
	}{
		{"empty detection", &ClientIPDetection{}, nil, ""},
		{"hops", hops(2), nil, ""},
		{"zero hops", hops(0), nil, ""},
		{"hops and no append", &ClientIPDetection{XForwardedFor: &XForwardedForDetection{NumTrustedHops: ptrTo[uint32](1), DisableXForwardedForAppend: ptrTo(true)}}, nil, ""},
		{"trusted CIDRs", cidrs("10.0.0.0/8", "2001:db8::/32", "192.168.1.7/24"), nil, ""},
		{"custom header", header("x-real-ip"), nil, ""},
		{"direct", &ClientIPDetection{DirectSourceIP: &DirectSourceIPDetection{}}, nil, ""},
		{"xff and header", &ClientIPDetection{XForwardedFor: hops(1).XForwardedFor, CustomHeader: header("x").CustomHeader}, nil, d},
		{"header and direct", &ClientIPDetection{CustomHeader: header("x").CustomHeader, DirectSourceIP: &DirectSourceIPDetection{}}, nil, d},
		{"xff without trust", &ClientIPDetection{XForwardedFor: &XForwardedForDetection{}}, nil, d + ".xForwardedFor"},
		{"xff hops and CIDRs", &ClientIPDetection{XForwardedFor: &XForwardedForDetection{NumTrustedHops: ptrTo[uint32](1), TrustedCIDRs: []string{"10.0.0.0/8"}}}, nil, d + ".xForwardedFor"},
		{"CIDR without length", cidrs("10.0.0.0/8", "10.1.1.1"), nil, d + ".xForwardedFor.trustedCIDRs[1]"},
		{"CIDR too long", cidrs("10.0.0.0/33"), nil, d + ".xForwardedFor.trustedCIDRs[0]"},
		{"header name empty", header(""), nil, d + ".customHeader.name"},
		{"header name with space", header("x real ip"), nil, d + ".customHeader.name"},
		{"header name with colon", header("x:ip"), nil, d + ".customHeader.name"},

		{"city database", nil, maxMind(GeoIPMaxMindProvider{CityDBPath: ptrTo("/db/City.mmdb")}), ""},
		{"every database", nil, maxMind(GeoIPMaxMindProvider{
			CityDBPath: ptrTo("/db/c.mmdb"), CountryDBPath: ptrTo("/db/k.mmdb"), ASNDBPath: ptrTo("/db/a.mmdb"),
			ISPDBPath: ptrTo("/db/i.mmdb"), AnonymousIPDBPath: ptrTo("/db/n.mmdb"),
		}), ""},
		{"no MaxMind", nil, &GeoIPProvider{}, g},
		{"no database", nil, maxMind(GeoIPMaxMindProvider{}), g},
		{"database not mmdb", nil, maxMind(GeoIPMaxMindProvider{CityDBPath: ptrTo("/db/c.mmdb"), ASNDBPath: ptrTo("/db/asn.db")}), g + ".asnDbPath"},
		{"database path empty", nil, maxMind(GeoIPMaxMindProvider{AnonymousIPDBPath: ptrTo("")}), g + ".anonymousIpDbPath"},
		{"database path on two lines", nil, maxMind(GeoIPMaxMindProvider{ISPDBPath: ptrTo("/db/\nisp.mmdb")}), g + ".ispDbPath"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			x := validXds()
			x.HTTP[0].ClientIPDetection = c.detection
			x.HTTP[0].GeoIPProvider = c.geoIP
			checkOneError(t, x.Validate(), c.path)
		})
	}
}

func TestIsHeaderToken(t *testing.T) {
	for name, want := range map[string]bool{
		"x-real-client-ip": true, "X_Forwarded~1": true, "!#$%&'*+-.^_`|~": true,
		"": false, ":authority": false, "a b": false, "a,b": false, "é": false, "a\r\n": false,
	} {
		if got := IsHeaderToken(name); got != want {
			t.Errorf("IsHeaderToken(%q) = %v, want %v", name, got, want)
		}
	}
}
