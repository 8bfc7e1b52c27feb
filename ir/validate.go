package ir

import (
	"errors"
	"fmt"
	"math"
	"net/netip"
	"regexp"
	"strconv"
	"strings"
)

// ValidationError is one broken invariant of an IR: the field at Path holds
// a value that package xds cannot translate. Validate joins one
// ValidationError per problem with errors.Join; callers that want them one
// by one unwrap the joined error (interface{ Unwrap() []error }) or use
// errors.As to find the first.
type ValidationError struct {
	// Path names the field with the IR's JSON names and slice indexes, for
	// example http[1].routes[0].destination.settings[2].endpoints[0].port.
	Path string
	// Message says what is wrong with the value. It never contains secret
	// material (certificate or key bytes).
	Message string
}

// Error returns "<path>: <message>".
func (e *ValidationError) Error() string { return e.Path + ": " + e.Message }

// Validate checks the invariants that package xds relies on and returns nil
// or one *ValidationError per problem, joined with errors.Join, in the order
// the fields appear in the IR. It does not modify x.
//
// Validate checks:
//   - listeners (http, tcp, udp): not null; names non-empty and unique
//     within their list; address an IP address; port and externalPort
//     1-65535 (externalPort may be unset); ipFamily, when set, one of IPv4,
//     IPv6, DualStack; HTTP listeners serve at least one hostname;
//   - hostnames (listener, route, SNI, redirect, rewrite): DNS names, with
//     "*." as a wildcard prefix and "*" alone where "any" makes sense;
//   - TLS: at least one certificate, each with a name, a certificate chain
//     and a private key; CA certificates named; minVersion not above
//     maxVersion; subject alt names set exactly one of hostname and uri;
//   - HTTP routes: not null; a name; a hostname; at least one of
//     destination, directResponse and redirect, and a redirect with neither
//     of the others;
//   - string matches: exactly one of exact, prefix, suffix, safeRegex and
//     contains, or distinct alone in header matches; a name for header,
//     query parameter and cookie matches; regular expressions compile (RE2);
//   - headers to add or remove have names; directResponse status 100-599;
//     redirect status 301, 302, 303, 307 or 308, scheme http or https, port
//     1-65535; path modifiers set exactly one replacement; host rewrites set
//     exactly one source;
//   - destinations: a name; settings not null; weights at least 1 and their
//     sum within uint32; endpoints either a host and a port 1-65535 or a Unix
//     socket path alone; the address type agrees with the endpoints (IP: IP
//     addresses, FQDN: hostnames, Mixed: either);
//   - mirror and preferLocal percentages 0-100; durations non-negative;
//     retry status codes 100-599, a back-off's maxInterval greater than
//     zero and not below baseInterval; session persistence sets exactly one
//     of cookie and header, with a name;
//   - traffic features (of routes, and of the ext auth service, remote
//     JWKS and OIDC provider of their security features): percentages
//     0-100; active health checks with a timeout and an interval greater
//     than zero, both thresholds set and exactly one of http (with a
//     path), tcp and grpc; HTTP statuses 100-599; payloads with at most
//     one of text and binary; preconnect per endpoint 100-300 and
//     predictive at least 100; a DNS refresh rate greater than zero and a
//     known lookup family; at most one load balancing algorithm, slow
//     start windows greater than zero, a Maglev table size 1-5000011 and
//     named hash headers, query parameters and cookies; HTTP/2 windows
//     65535-2147483647 and keepalive durations greater than zero; PROXY
//     protocol V1 or V2;
//   - credential injections (route or backend): a name and a credential,
//     and a header, when set, not empty;
//   - HTTP listener client IP detection: at most one of xForwardedFor,
//     customHeader and directSourceIP; xForwardedFor with exactly one of
//     numTrustedHops and trustedCIDRs, the ranges in CIDR notation; a
//     customHeader name that is an HTTP token;
//   - HTTP listener GeoIP provider: maxMind set, naming at least one
//     database, each path ending in .mmdb;
//   - TCP route authorization: actions Allow or Deny; rules not null, named,
//     with at least one client CIDR that parses, maskLen its prefix length,
//     not inverted, and none of the HTTP-only matches.
//
// Some things that look like mistakes are valid, because Envoy Gateway
// produces them and Envoy accepts them (the conformance corpus holds each):
//   - an HTTP and a TCP listener may share a name (a Gateway listener
//     without a name);
//   - route names may repeat within a listener (two routes with the same
//     namespace and name, possible in a file though not in a cluster);
//   - a route may have both a destination and a directResponse: the direct
//     response wins, which is how a route whose policy is invalid answers
//     500 while keeping its backends;
//   - a destination may have no settings, and a setting no endpoints;
//   - hostnames may hold upper-case letters (Envoy matches hosts without
//     regard to case);
//   - a TLS version other than 1.0-1.3, such as "Auto" or "tls1.2" carried
//     from an unvalidated policy, means Envoy's default, as in Envoy Gateway.
func (x *Xds) Validate() error {
	if x == nil {
		return &ValidationError{Path: "", Message: "IR is null"}
	}
	var v validator
	v.xds(x)
	return errors.Join(v.errs...)
}

// validator collects the errors of one Validate call.
type validator struct {
	errs []error
}

func (v *validator) add(path, format string, args ...any) {
	v.errs = append(v.errs, &ValidationError{Path: path, Message: fmt.Sprintf(format, args...)})
}

func fieldPath(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

func indexPath(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

func (v *validator) xds(x *Xds) {
	if r := x.ReadyListener; r != nil {
		v.address("readyListener.address", r.Address)
		v.port("readyListener.port", r.Port)
		if !strings.HasPrefix(r.Path, "/") {
			v.add("readyListener.path", "%q is not an absolute path", r.Path)
		}
		v.ipFamily("readyListener.ipFamily", r.IPFamily)
	}
	if a := x.AccessLog; a != nil {
		for i, l := range a.Text {
			p := indexPath("accessLog.text", i)
			if l == nil {
				v.add(p, "must not be null")
			} else if l.Path == "" {
				v.add(fieldPath(p, "path"), "must not be empty")
			}
		}
		for i, l := range a.JSON {
			p := indexPath("accessLog.json", i)
			if l == nil {
				v.add(p, "must not be null")
			} else if l.Path == "" {
				v.add(fieldPath(p, "path"), "must not be empty")
			}
		}
	}
	if g := x.GlobalResources; g != nil && g.ProxyServiceCluster != nil {
		v.destination("globalResources.proxyServiceCluster", g.ProxyServiceCluster)
	}

	names := map[string]int{}
	for i, l := range x.HTTP {
		p := indexPath("http", i)
		if l == nil {
			v.add(p, "must not be null")
			continue
		}
		v.listener(p, i, l.Name, l.Address, l.Port, l.ExternalPort, l.IPFamily, names)
		if len(l.Hostnames) == 0 {
			v.add(fieldPath(p, "hostnames"), "an HTTP listener needs at least one hostname (\"*\" for any)")
		}
		for j, h := range l.Hostnames {
			v.hostname(indexPath(fieldPath(p, "hostnames"), j), h, true)
		}
		if l.TLS != nil {
			v.tls(fieldPath(p, "tls"), l.TLS)
		}
		v.escapedSlashes(fieldPath(p, "path.escapedSlashesAction"), l.Path.EscapedSlashesAction)
		if l.ClientIPDetection != nil {
			v.clientIPDetection(fieldPath(p, "clientIPDetection"), l.ClientIPDetection)
		}
		if l.GeoIPProvider != nil {
			v.geoIPProvider(fieldPath(p, "geoIPProvider"), l.GeoIPProvider)
		}
		v.httpClientSettings(p, l)
		for j, r := range l.Routes {
			v.httpRoute(indexPath(fieldPath(p, "routes"), j), r)
		}
	}
	clear(names)
	for i, l := range x.TCP {
		p := indexPath("tcp", i)
		if l == nil {
			v.add(p, "must not be null")
			continue
		}
		v.listener(p, i, l.Name, l.Address, l.Port, l.ExternalPort, l.IPFamily, names)
		if l.TLS != nil {
			v.tls(fieldPath(p, "tls"), l.TLS)
		}
		v.tcpClientSettings(p, l)
		for j, r := range l.Routes {
			v.tcpRoute(indexPath(fieldPath(p, "routes"), j), r)
		}
	}
	clear(names)
	for i, l := range x.UDP {
		p := indexPath("udp", i)
		if l == nil {
			v.add(p, "must not be null")
			continue
		}
		v.listener(p, i, l.Name, l.Address, l.Port, l.ExternalPort, l.IPFamily, names)
		if r := l.Route; r != nil {
			rp := fieldPath(p, "route")
			if r.Name == "" {
				v.add(fieldPath(rp, "name"), "must not be empty")
			}
			if r.Destination != nil {
				v.destination(fieldPath(rp, "destination"), r.Destination)
			}
		}
	}
}

// listener checks what all listener kinds share for the listener at index i
// of its list; names maps the names seen so far in that list to their index.
func (v *validator) listener(p string, i int, name, address string, port, externalPort uint32, family *IPFamily, names map[string]int) {
	if name == "" {
		v.add(fieldPath(p, "name"), "must not be empty")
	} else if first, dup := names[name]; dup {
		v.add(fieldPath(p, "name"), "%q is also the name of listener %d", name, first)
	} else {
		names[name] = i
	}
	v.address(fieldPath(p, "address"), address)
	v.port(fieldPath(p, "port"), port)
	if externalPort != 0 {
		v.port(fieldPath(p, "externalPort"), externalPort)
	}
	if family != nil {
		v.ipFamily(fieldPath(p, "ipFamily"), *family)
	}
}

func (v *validator) address(p, a string) {
	if a == "" {
		v.add(p, "must not be empty")
		return
	}
	if _, err := netip.ParseAddr(a); err != nil {
		v.add(p, "%q is not an IP address", a)
	}
}

func (v *validator) port(p string, port uint32) {
	if port < 1 || port > math.MaxUint16 {
		v.add(p, "%d is not a valid port (1-65535)", port)
	}
}

func (v *validator) ipFamily(p string, f IPFamily) {
	switch f {
	case "", IPv4, IPv6, DualStack:
	default:
		v.add(p, "%q is not one of IPv4, IPv6, DualStack", f)
	}
}

func (v *validator) escapedSlashes(p string, a PathEscapedSlashAction) {
	switch a {
	case "", KeepUnchangedAction, RejectRequestAction, UnescapeAndRedirect, UnescapeAndForward:
	default:
		v.add(p, "%q is not one of KeepUnchanged, RejectRequest, UnescapeAndRedirect, UnescapeAndForward", a)
	}
}

// hostname checks a hostname as Gateway API writes them: DNS labels, and,
// when wildcards are allowed, "*" alone or a "*." prefix. Upper case is
// accepted: inputs are not always admission-validated, Envoy Gateway passes
// them through and Envoy matches hosts case-insensitively.
func (v *validator) hostname(p, h string, wildcards bool) {
	name := h
	if wildcards {
		if h == "*" {
			return
		}
		name = strings.TrimPrefix(h, "*.")
	}
	if !validHostname(name) {
		v.add(p, "%q is not a valid hostname", h)
	}
}

// validHostname reports whether h is a DNS name of at most 253 characters
// whose labels are 1-63 letters, digits and inner hyphens.
func validHostname(h string) bool {
	if h == "" || len(h) > 253 {
		return false
	}
	for label := range strings.SplitSeq(h, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			switch {
			case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-':
			default:
				return false
			}
		}
	}
	return true
}

func (v *validator) httpRoute(p string, r *HTTPRoute) {
	if r == nil {
		v.add(p, "must not be null")
		return
	}
	if r.Name == "" {
		v.add(fieldPath(p, "name"), "must not be empty")
	}
	if r.Hostname == "" {
		v.add(fieldPath(p, "hostname"), "must not be empty (\"*\" for any)")
	} else {
		v.hostname(fieldPath(p, "hostname"), r.Hostname, true)
	}
	if r.PathMatch != nil {
		v.stringMatch(fieldPath(p, "pathMatch"), r.PathMatch, matchUnnamed)
	}
	for i, m := range r.HeaderMatches {
		v.stringMatch(indexPath(fieldPath(p, "headerMatches"), i), m, matchHeader)
	}
	for i, m := range r.QueryParamMatches {
		v.stringMatch(indexPath(fieldPath(p, "queryParamMatches"), i), m, matchNamed)
	}
	for i, m := range r.CookieMatches {
		v.stringMatch(indexPath(fieldPath(p, "cookieMatches"), i), m, matchNamed)
	}
	v.headers(p, r.AddRequestHeaders, r.RemoveRequestHeaders, "addRequestHeaders", "removeRequestHeaders")
	v.headers(p, r.AddResponseHeaders, r.RemoveResponseHeaders, "addResponseHeaders", "removeResponseHeaders")
	if c := r.CredentialInjection; c != nil {
		v.credentialInjection(fieldPath(p, "credentialInjection"), c)
	}

	switch {
	case r.Destination == nil && r.DirectResponse == nil && r.Redirect == nil:
		v.add(p, "a route needs a destination, a directResponse or a redirect")
	case r.Redirect != nil && (r.Destination != nil || r.DirectResponse != nil):
		v.add(fieldPath(p, "redirect"), "a route with a redirect has neither a destination nor a directResponse")
	}
	if d := r.DirectResponse; d != nil && (d.StatusCode < 100 || d.StatusCode > 599) {
		v.add(fieldPath(p, "directResponse.statusCode"), "%d is not an HTTP status (100-599)", d.StatusCode)
	}
	if r.Redirect != nil {
		v.redirect(fieldPath(p, "redirect"), r.Redirect)
	}
	if r.URLRewrite != nil {
		v.urlRewrite(fieldPath(p, "urlRewrite"), r.URLRewrite)
	}
	for i, m := range r.Mirrors {
		mp := indexPath(fieldPath(p, "mirrors"), i)
		if m == nil {
			v.add(mp, "must not be null")
			continue
		}
		if m.Destination == nil {
			v.add(fieldPath(mp, "destination"), "must be set")
		} else {
			v.destination(fieldPath(mp, "destination"), m.Destination)
		}
		if pc := m.Percentage; pc != nil && !(*pc >= 0 && *pc <= 100) {
			v.add(fieldPath(mp, "percentage"), "%v is not a percentage (0-100)", *pc)
		}
	}
	if r.Destination != nil {
		v.destination(fieldPath(p, "destination"), r.Destination)
	}
	v.duration(fieldPath(p, "timeout"), r.Timeout)
	if r.Retry != nil {
		v.retry(fieldPath(p, "retry"), r.Retry)
	}
	if c := r.CORS; c != nil {
		cp := fieldPath(p, "cors")
		for i, m := range c.AllowOrigins {
			v.stringMatch(indexPath(fieldPath(cp, "allowOrigins"), i), m, matchUnnamed)
		}
		v.duration(fieldPath(cp, "maxAge"), c.MaxAge)
	}
	if s := r.SessionPersistence; s != nil {
		sp := fieldPath(p, "sessionPersistence")
		switch {
		case (s.Cookie == nil) == (s.Header == nil):
			v.add(sp, "exactly one of cookie and header must be set")
		case s.Cookie != nil:
			if s.Cookie.Name == "" {
				v.add(fieldPath(sp, "cookie.name"), "must not be empty")
			}
			v.duration(fieldPath(sp, "cookie.ttl"), s.Cookie.TTL)
		case s.Header.Name == "":
			v.add(fieldPath(sp, "header.name"), "must not be empty")
		}
	}
	v.traffic(fieldPath(p, "traffic"), r.Traffic)
	if sf := r.Security; sf != nil {
		v.securityTraffic(fieldPath(p, "security"), sf)
	}
}

// matchKind says where a StringMatch is used, which decides whether it
// needs a name and whether Distinct may stand alone.
type matchKind int

const (
	matchUnnamed matchKind = iota // no name needed; distinct not allowed
	matchNamed                    // a name; distinct not allowed
	matchHeader                   // a name; distinct allowed
)

func (v *validator) stringMatch(p string, m *StringMatch, kind matchKind) {
	if m == nil {
		v.add(p, "must not be null")
		return
	}
	if kind != matchUnnamed && m.Name == "" {
		v.add(fieldPath(p, "name"), "must not be empty")
	}
	set := 0
	for _, s := range []*string{m.Exact, m.Prefix, m.Suffix, m.SafeRegex, m.Contains} {
		if s != nil {
			set++
		}
	}
	switch {
	case m.Distinct && kind != matchHeader:
		v.add(fieldPath(p, "distinct"), "is only allowed for header matches")
	case m.Distinct && set > 0:
		v.add(p, "distinct excludes exact, prefix, suffix, safeRegex and contains")
	case !m.Distinct && set != 1:
		v.add(p, "exactly one of exact, prefix, suffix, safeRegex and contains must be set, not %d", set)
	}
	if m.SafeRegex != nil {
		v.regex(fieldPath(p, "safeRegex"), *m.SafeRegex)
	}
}

func (v *validator) regex(p, re string) {
	if re == "" {
		v.add(p, "must not be empty")
		return
	}
	if _, err := regexp.Compile(re); err != nil {
		v.add(p, "%q is not an RE2 regular expression: %v", re, err)
	}
}

func (v *validator) headers(p string, add []AddHeader, remove []string, addName, removeName string) {
	for i, h := range add {
		if h.Name == "" {
			v.add(fieldPath(indexPath(fieldPath(p, addName), i), "name"), "must not be empty")
		}
	}
	for i, h := range remove {
		if h == "" {
			v.add(indexPath(fieldPath(p, removeName), i), "must not be empty")
		}
	}
}

func (v *validator) redirect(p string, r *Redirect) {
	if r.Scheme != nil && *r.Scheme != "http" && *r.Scheme != "https" {
		v.add(fieldPath(p, "scheme"), "%q is not http or https", *r.Scheme)
	}
	if r.Hostname != nil {
		v.hostname(fieldPath(p, "hostname"), *r.Hostname, false)
	}
	if r.Path != nil {
		v.pathModifier(fieldPath(p, "path"), r.Path, false)
	}
	if r.Port != nil {
		v.port(fieldPath(p, "port"), *r.Port)
	}
	if s := r.StatusCode; s != nil {
		switch *s {
		case 301, 302, 303, 307, 308:
		default:
			v.add(fieldPath(p, "statusCode"), "%d is not a redirect status (301, 302, 303, 307, 308)", *s)
		}
	}
}

func (v *validator) pathModifier(p string, m *HTTPPathModifier, regex bool) {
	set := 0
	if m.FullReplace != nil {
		set++
	}
	if m.PrefixMatchReplace != nil {
		set++
	}
	if regex {
		set++
	}
	if set != 1 {
		v.add(p, "exactly one of fullReplace, prefixMatchReplace and regexMatchReplace must be set, not %d", set)
	}
}

func (v *validator) urlRewrite(p string, u *URLRewrite) {
	if u.Path != nil {
		pp := fieldPath(p, "path")
		v.pathModifier(pp, &u.Path.HTTPPathModifier, u.Path.RegexMatchReplace != nil)
		if r := u.Path.RegexMatchReplace; r != nil {
			v.regex(fieldPath(pp, "regexMatchReplace.pattern"), r.Pattern)
		}
	}
	if h := u.Host; h != nil {
		hp := fieldPath(p, "host")
		set := 0
		if h.Name != nil {
			set++
			v.hostname(fieldPath(hp, "name"), *h.Name, false)
		}
		if h.Header != nil {
			set++
			if *h.Header == "" {
				v.add(fieldPath(hp, "header"), "must not be empty")
			}
		}
		if h.Backend != nil {
			set++
		}
		if h.PathRegex != nil {
			set++
			v.regex(fieldPath(hp, "pathRegex.pattern"), h.PathRegex.Pattern)
		}
		if set != 1 {
			v.add(hp, "exactly one of name, header, backend and pathRegex must be set, not %d", set)
		}
	}
}

func (v *validator) retry(p string, r *Retry) {
	if r.RetryOn != nil {
		for i, c := range r.RetryOn.HTTPStatusCodes {
			if c < 100 || c > 599 {
				v.add(indexPath(fieldPath(p, "retryOn.httpStatusCodes"), i), "%d is not an HTTP status (100-599)", c)
			}
		}
	}
	if pr := r.PerRetry; pr != nil {
		v.duration(fieldPath(p, "perRetry.timeout"), pr.Timeout)
		if b := pr.BackOff; b != nil {
			bp := fieldPath(p, "perRetry.backOff")
			v.duration(fieldPath(bp, "baseInterval"), b.BaseInterval)
			v.duration(fieldPath(bp, "maxInterval"), b.MaxInterval)
			if b.MaxInterval != nil && *b.MaxInterval == 0 {
				v.add(fieldPath(bp, "maxInterval"), "must be greater than zero")
			}
			if b.BaseInterval != nil && b.MaxInterval != nil && *b.MaxInterval < *b.BaseInterval {
				v.add(fieldPath(bp, "maxInterval"), "%s is less than baseInterval %s", b.MaxInterval, b.BaseInterval)
			}
		}
	}
}

func (v *validator) duration(p string, d *Duration) {
	if d != nil && *d < 0 {
		v.add(p, "%s is negative", d)
	}
}

func (v *validator) tcpRoute(p string, r *TCPRoute) {
	if r == nil {
		v.add(p, "must not be null")
		return
	}
	if r.Name == "" {
		v.add(fieldPath(p, "name"), "must not be empty")
	}
	if t := r.TLS; t != nil {
		if t.Inspector != nil {
			for i, s := range t.Inspector.SNIs {
				v.hostname(indexPath(fieldPath(p, "tls.inspector.snis"), i), s, true)
			}
		}
		if t.Terminate != nil {
			v.tls(fieldPath(p, "tls.terminate"), t.Terminate)
		}
	}
	if r.Destination != nil {
		v.destination(fieldPath(p, "destination"), r.Destination)
	}
	if r.Authorization != nil {
		v.tcpAuthorization(fieldPath(p, "authorization"), r.Authorization)
	}
}

func (v *validator) tls(p string, t *TLSConfig) {
	if len(t.Certificates) == 0 {
		v.add(fieldPath(p, "certificates"), "TLS termination needs at least one certificate")
	}
	for i := range t.Certificates {
		v.certificate(indexPath(fieldPath(p, "certificates"), i), &t.Certificates[i])
	}
	if t.CACertificate != nil && t.CACertificate.Name == "" {
		v.add(fieldPath(p, "caCertificate.name"), "must not be empty")
	}
	v.versions(p, t.MinVersion, t.MaxVersion)
	v.clientValidation(p, t)
}

// certificate checks a certificate's name and that it carries data. Only
// lengths are looked at, so no message can contain key material.
func (v *validator) certificate(p string, c *TLSCertificate) {
	if c.Name == "" {
		v.add(fieldPath(p, "name"), "must not be empty")
	}
	if len(c.Certificate) == 0 {
		v.add(fieldPath(p, "certificate"), "must not be empty")
	}
	if len(c.PrivateKey) == 0 {
		v.add(fieldPath(p, "privateKey"), "must not be empty")
	}
}

// tlsVersions orders the TLS versions that select a protocol version. Any
// other value (Auto, or a string an unvalidated policy carried through, such
// as "tls1.2") means Envoy's default, as in Envoy Gateway, so it is not an
// error.
var tlsVersions = map[TLSVersion]int{"1.0": 10, "1.1": 11, "1.2": 12, "1.3": 13}

func (v *validator) versions(p string, minV, maxV *TLSVersion) {
	if minV == nil || maxV == nil {
		return
	}
	lo, hi := tlsVersions[*minV], tlsVersions[*maxV]
	if lo != 0 && hi != 0 && lo > hi {
		v.add(fieldPath(p, "minVersion"), "%s is above maxVersion %s", *minV, *maxV)
	}
}

func (v *validator) destination(p string, d *RouteDestination) {
	if d.Name == "" {
		v.add(fieldPath(p, "name"), "must not be empty")
	}
	var total uint64
	for i, s := range d.Settings {
		sp := indexPath(fieldPath(p, "settings"), i)
		if s == nil {
			v.add(sp, "must not be null")
			continue
		}
		w := uint64(1)
		if s.Weight != nil {
			w = uint64(*s.Weight)
			if w == 0 {
				v.add(fieldPath(sp, "weight"), "must be at least 1 (leave out a backend that gets no traffic)")
			}
		}
		total += w
		v.setting(sp, s)
	}
	if total > math.MaxUint32 {
		v.add(fieldPath(p, "settings"), "the weights add up to %d, more than %d", total, uint64(math.MaxUint32))
	}
}

func (v *validator) setting(p string, s *DestinationSetting) {
	var at DestinationAddressType
	if s.AddressType != nil {
		at = *s.AddressType
		switch at {
		case IP, FQDN, MIXED:
		default:
			v.add(fieldPath(p, "addressType"), "%q is not one of IP, FQDN, Mixed", at)
			at = ""
		}
	}
	for i, e := range s.Endpoints {
		ep := indexPath(fieldPath(p, "endpoints"), i)
		if e == nil {
			v.add(ep, "must not be null")
			continue
		}
		v.endpoint(ep, e, at, p)
	}
	if pl := s.PreferLocal; pl != nil && pl.PercentageEnabled != nil && *pl.PercentageEnabled > 100 {
		v.add(fieldPath(p, "preferLocal.percentageEnabled"), "%d is not a percentage (0-100)", *pl.PercentageEnabled)
	}
	if t := s.TLS; t != nil {
		tp := fieldPath(p, "tls")
		if t.SNI != nil && !validHostname(*t.SNI) {
			v.add(fieldPath(tp, "sni"), "%q is not a valid hostname", *t.SNI)
		}
		if t.CACertificate != nil && t.CACertificate.Name == "" {
			v.add(fieldPath(tp, "caCertificate.name"), "must not be empty")
		}
		for i, san := range t.SubjectAltNames {
			if (san.Hostname == nil) == (san.URI == nil) {
				v.add(indexPath(fieldPath(tp, "subjectAltNames"), i), "exactly one of hostname and uri must be set")
			}
		}
		for i := range t.ClientCertificates {
			v.certificate(indexPath(fieldPath(tp, "clientCertificates"), i), &t.ClientCertificates[i])
		}
		v.versions(tp, t.MinVersion, t.MaxVersion)
	}
	if f := s.Filters; f != nil {
		fp := fieldPath(p, "filters")
		v.headers(fp, f.AddRequestHeaders, f.RemoveRequestHeaders, "addRequestHeaders", "removeRequestHeaders")
		v.headers(fp, f.AddResponseHeaders, f.RemoveResponseHeaders, "addResponseHeaders", "removeResponseHeaders")
		if f.URLRewrite != nil {
			v.urlRewrite(fieldPath(fp, "urlRewrite"), f.URLRewrite)
		}
		if f.CredentialInjection != nil {
			v.credentialInjection(fieldPath(fp, "credentialInjection"), f.CredentialInjection)
		}
	}
}

// endpoint checks one endpoint against its setting's address type at
// (empty when unset or unknown); sp is the setting's path.
func (v *validator) endpoint(p string, e *DestinationEndpoint, at DestinationAddressType, sp string) {
	if e.Path != nil {
		if *e.Path == "" {
			v.add(fieldPath(p, "path"), "must not be empty")
		}
		if e.Host != "" || e.Port != 0 {
			v.add(p, "a Unix socket endpoint (path) has neither host nor port")
		}
		if at == IP || at == FQDN {
			v.add(p, "a Unix socket endpoint (path) does not belong in a setting of addressType %s", at)
		}
		return
	}
	v.port(fieldPath(p, "port"), e.Port)
	if e.Host == "" {
		v.add(fieldPath(p, "host"), "must not be empty")
		return
	}
	_, err := netip.ParseAddr(e.Host)
	isIP := err == nil
	switch {
	case !isIP && !validHostname(strings.TrimSuffix(e.Host, ".")):
		v.add(fieldPath(p, "host"), "%q is neither an IP address nor a hostname", e.Host)
	case at == IP && !isIP:
		v.add(fieldPath(p, "host"), "%q is not an IP address, but %s is IP", e.Host, fieldPath(sp, "addressType"))
	case at == FQDN && isIP:
		v.add(fieldPath(p, "host"), "%q is an IP address, but %s is FQDN", e.Host, fieldPath(sp, "addressType"))
	}
}

// credentialInjection checks that an injection has a name and a
// credential, and that its header, when set, is not empty. Only lengths are
// looked at, so no message can contain the credential.
func (v *validator) credentialInjection(p string, c *CredentialInjection) {
	if c.Name == "" {
		v.add(fieldPath(p, "name"), "must not be empty")
	}
	if len(c.Credential) == 0 {
		v.add(fieldPath(p, "credential"), "must not be empty")
	}
	if c.Header != nil && *c.Header == "" {
		v.add(fieldPath(p, "header"), "must not be empty when set")
	}
}
