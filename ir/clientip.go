package ir

// ClientIPDetection says where an HTTP listener finds the address of the
// client that sent a request, when proxies stand between the client and
// Envoy. Envoy uses that address for X-Forwarded-For, for access logs and
// for everything that matches the client address (authorization client
// CIDRs, the GeoIP lookup). At most one member is set. With none (or a
// nil ClientIPDetection) the client address is the connection's peer
// address, which is also what DirectSourceIP says explicitly.
type ClientIPDetection struct {
	// XForwardedFor takes the client address from X-Forwarded-For.
	XForwardedFor *XForwardedForDetection `json:"xForwardedFor,omitempty"`
	// CustomHeader takes the client address from a request header that a
	// trusted proxy in front of Envoy sets.
	CustomHeader *CustomHeaderDetection `json:"customHeader,omitempty"`
	// DirectSourceIP takes the client address from the connection: for
	// deployments where a layer-4 load balancer keeps the client's source
	// address and sets no header.
	DirectSourceIP *DirectSourceIPDetection `json:"directSourceIP,omitempty"`
}

// XForwardedForDetection trusts X-Forwarded-For either by a number of
// hops or by the addresses of the proxies that appended to it: exactly one
// of NumTrustedHops and TrustedCIDRs is set.
type XForwardedForDetection struct {
	// NumTrustedHops is the number of trusted proxies in front of Envoy:
	// with N, the client address is the Nth address from the right end of
	// X-Forwarded-For (Envoy's xff_num_trusted_hops is N-1, because Envoy
	// counts the hops it skips).
	NumTrustedHops *uint32 `json:"numTrustedHops,omitempty"`
	// TrustedCIDRs are the address ranges of trusted proxies, in CIDR
	// notation: X-Forwarded-For is read from right to left and the first
	// address outside them is the client's.
	TrustedCIDRs []string `json:"trustedCIDRs,omitempty"`
	// DisableXForwardedForAppend stops Envoy from appending the peer
	// address to X-Forwarded-For.
	DisableXForwardedForAppend *bool `json:"disableXForwardedForAppend,omitempty"`
}

// CustomHeaderDetection takes the client address from header Name.
type CustomHeaderDetection struct {
	// Name is the request header that holds the client address; an HTTP
	// header name (RFC 9110 token).
	Name string `json:"name"`
	// FailClosed answers 403 Forbidden to requests whose header does not
	// hold an address. Nil or false lets them through, with the peer
	// address as the client's.
	FailClosed *bool `json:"failClosed,omitempty"`
}

// DirectSourceIPDetection takes the client address from the downstream
// connection. It has no settings: being set is what it says.
type DirectSourceIPDetection struct{}

// GeoIPProvider is the GeoIP database provider that the listener's GeoIP
// lookups use (authorization rules that match
// principal.clientIPGeoLocations). It comes from the proxy's EnvoyProxy
// and is set on the listeners whose routes need it. MaxMind is the only
// provider and must be set.
type GeoIPProvider struct {
	// MaxMind reads MaxMind databases from the proxy's filesystem.
	MaxMind *GeoIPMaxMindProvider `json:"maxMind,omitempty"`
}

// GeoIPMaxMindProvider lists the paths of the MaxMind databases, each a
// .mmdb file inside the proxy's container; at least one is set. Which
// lookups a database serves: country (Country or City), region and city
// (City), ASN (ASN), ISP (ISP), the anonymity flags (AnonymousIP).
type GeoIPMaxMindProvider struct {
	CityDBPath        *string `json:"cityDbPath,omitempty"`
	CountryDBPath     *string `json:"countryDbPath,omitempty"`
	ASNDBPath         *string `json:"asnDbPath,omitempty"`
	ISPDBPath         *string `json:"ispDbPath,omitempty"`
	AnonymousIPDBPath *string `json:"anonymousIpDbPath,omitempty"`
}
