package ir

import (
	"net/netip"
	"strings"
	"unicode/utf8"
)

// clientIPDetection checks the client IP detection d of the HTTP listener
// at p: at most one source; X-Forwarded-For trusted by exactly one of a
// hop count and address ranges, each range in CIDR notation; a custom
// header named by an HTTP token.
func (v *validator) clientIPDetection(p string, d *ClientIPDetection) {
	var set []string
	if d.XForwardedFor != nil {
		set = append(set, "xForwardedFor")
	}
	if d.CustomHeader != nil {
		set = append(set, "customHeader")
	}
	if d.DirectSourceIP != nil {
		set = append(set, "directSourceIP")
	}
	if len(set) > 1 {
		v.add(p, "sets %s: at most one of xForwardedFor, customHeader and directSourceIP may be set", strings.Join(set, " and "))
	}
	if x := d.XForwardedFor; x != nil {
		xp := fieldPath(p, "xForwardedFor")
		switch {
		case x.NumTrustedHops != nil && len(x.TrustedCIDRs) > 0:
			v.add(xp, "sets both numTrustedHops and trustedCIDRs: exactly one may be set")
		case x.NumTrustedHops == nil && len(x.TrustedCIDRs) == 0:
			v.add(xp, "sets neither numTrustedHops nor trustedCIDRs: exactly one must be set")
		}
		for i, c := range x.TrustedCIDRs {
			if _, err := netip.ParsePrefix(c); err != nil {
				v.add(indexPath(fieldPath(xp, "trustedCIDRs"), i), "%q is not an address range in CIDR notation", c)
			}
		}
	}
	if h := d.CustomHeader; h != nil && !IsHeaderToken(h.Name) {
		v.add(fieldPath(p, "customHeader.name"), "%q is not an HTTP header name", h.Name)
	}
}

// IsHeaderToken reports whether name is a non-empty HTTP token (RFC 9110
// section 5.6.2), the form of a header field name.
func IsHeaderToken(name string) bool {
	if name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0:
		default:
			return false
		}
	}
	return true
}

// geoIPProvider checks the GeoIP provider g of the HTTP listener at p:
// MaxMind is set and names at least one database, each a path ending in
// .mmdb (which is what Envoy accepts).
func (v *validator) geoIPProvider(p string, g *GeoIPProvider) {
	mp := fieldPath(p, "maxMind")
	m := g.MaxMind
	if m == nil {
		v.add(mp, "must be set: MaxMind is the only GeoIP provider")
		return
	}
	n := 0
	for _, db := range []struct {
		name string
		path *string
	}{
		{"cityDbPath", m.CityDBPath},
		{"countryDbPath", m.CountryDBPath},
		{"asnDbPath", m.ASNDBPath},
		{"ispDbPath", m.ISPDBPath},
		{"anonymousIpDbPath", m.AnonymousIPDBPath},
	} {
		if db.path == nil {
			continue
		}
		n++
		if !IsMaxMindDBPath(*db.path) {
			v.add(fieldPath(mp, db.name), "%q is not the path of a .mmdb file", *db.path)
		}
	}
	if n == 0 {
		v.add(mp, "names no database: set at least one path")
	}
}

// IsMaxMindDBPath reports whether path can name a MaxMind database for
// Envoy: valid UTF-8 on one line, ending in .mmdb.
func IsMaxMindDBPath(path string) bool {
	return utf8.ValidString(path) && strings.HasSuffix(path, ".mmdb") && !strings.ContainsRune(path, '\n')
}
