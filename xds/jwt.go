package xds

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/netip"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	jwtauthnv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/jwt_authn/v3"
	hcmv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/http_connection_manager/v3"
	tlsv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/transport_sockets/tls/v3"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/anypb"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/emptypb"

	"github.com/gatewaykit/gatewaykit/ir"
)

// JWT authentication (a SecurityPolicy's jwt, ir.JWT) verifies JSON Web
// Tokens with Envoy's jwt_authn filter.
//
// A connection manager whose routes use JWT gets one jwt_authn filter,
// named HTTPFilterJWTAuthn, holding every provider and requirement of those
// routes; it is not disabled, and a route without a requirement is not
// checked. Each route selects its requirement by name with a
// PerRouteConfig.
//
// Names are stable and shared: a provider is keyed <name>_<hash>, where
// hash is the first 16 hex digits of the SHA-256 of the provider's
// deterministic protobuf encoding, so identical providers of several routes
// are one entry. A requirement is named after the route's provider names
// joined with "-or-" (plus "missing" or "missing-or-failed" when tokens may
// be absent or invalid), then "_" and the hash of the requirement. Both are
// cut to jwtMaxNameLength, shortening the readable part and keeping the
// hash. This is Envoy Gateway's scheme, so the names match its output.
//
// A remote key set is fetched through its destination's cluster when the
// IR gives one with settings, built like a route's (shaped by
// RemoteJWKS.Traffic). Otherwise the cluster is derived from the URI:
// named <host with dots as underscores>_<port> (port 443 for https and 80
// for http when absent), resolved by DNS for a hostname or listed by EDS
// for an IP address, with one backend named <cluster>/backend/-1; an https
// URI adds TLS with SNI set to the host, at most TLS 1.3, validated against
// the system CA bundle.
const (
	// jwtMaxNameLength bounds provider keys and requirement names.
	jwtMaxNameLength = 256
	// jwtHashLength is the number of hex digits of a name's hash.
	jwtHashLength = 16
	// defaultJWKSTimeout bounds a key set fetch when the traffic settings
	// give no request timeout.
	defaultJWKSTimeout = 10 * time.Second
	// jwtMinCacheDuration and jwtMaxCacheDuration are the range (the
	// upper bound exclusive) Envoy accepts for a key set's cache duration.
	jwtMinCacheDuration = time.Millisecond
	jwtMaxCacheDuration = 2500000 * time.Hour
	// uriBackendSuffix ends the backend name of a cluster derived from a
	// URI: the backend has no index.
	uriBackendSuffix = "/backend/-1"
)

// jwtSpaceDelimitedClaims returns the claims whose space-separated values
// are turned into lists in the verified payload, so that authorization
// rules can match single scopes.
func jwtSpaceDelimitedClaims() []string { return []string{"scope", "scp"} }

// jwtOf returns r's JWT authentication, or nil when r has none or it lists
// no provider (which, as in Envoy Gateway, checks nothing).
func jwtOf(r *ir.HTTPRoute) *ir.JWT {
	if r == nil || r.Security == nil || r.Security.JWT == nil || len(r.Security.JWT.Providers) == 0 {
		return nil
	}
	return r.Security.JWT
}

// jwtRoute is what one route's JWT authentication becomes in the filter:
// its providers, by key in provider order, and its requirement.
type jwtRoute struct {
	keys        []string
	providers   []*jwtauthnv3.JwtProvider
	requirement *jwtauthnv3.JwtRequirement
	// name is the requirement's name in the requirement map.
	name string
}

// buildJWTRoute translates j; path is j's IR path, for errors.
func buildJWTRoute(j *ir.JWT, path string) (*jwtRoute, error) {
	if err := validateJWT(j, path); err != nil {
		return nil, err
	}
	out := &jwtRoute{}
	var reqs []*jwtauthnv3.JwtRequirement
	names := make([]string, 0, len(j.Providers)+1)
	for i := range j.Providers {
		p := &j.Providers[i]
		pp := fmt.Sprintf("%s.providers[%d]", path, i)
		jp, err := jwtProvider(p, pp)
		if err != nil {
			return nil, err
		}
		key, err := jwtName(p.Name, jp)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", pp, err)
		}
		out.keys = append(out.keys, key)
		out.providers = append(out.providers, jp)
		names = append(names, p.Name)
		reqs = append(reqs, &jwtauthnv3.JwtRequirement{RequiresType: &jwtauthnv3.JwtRequirement_ProviderName{ProviderName: key}})
	}
	switch {
	case j.AllowMissingOrFailed:
		names = append(names, "missing-or-failed")
		reqs = append(reqs, &jwtauthnv3.JwtRequirement{RequiresType: &jwtauthnv3.JwtRequirement_AllowMissingOrFailed{AllowMissingOrFailed: &emptypb.Empty{}}})
	case j.AllowMissing:
		names = append(names, "missing")
		reqs = append(reqs, &jwtauthnv3.JwtRequirement{RequiresType: &jwtauthnv3.JwtRequirement_AllowMissing{AllowMissing: &emptypb.Empty{}}})
	}
	if len(reqs) == 1 {
		out.requirement = reqs[0]
	} else {
		out.requirement = &jwtauthnv3.JwtRequirement{RequiresType: &jwtauthnv3.JwtRequirement_RequiresAny{
			RequiresAny: &jwtauthnv3.JwtRequirementOrList{Requirements: reqs},
		}}
	}
	name, err := jwtName(strings.Join(names, "-or-"), out.requirement)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	out.name = name
	return out, nil
}

// jwtProvider is the Envoy provider of p, which validateJWT accepted; path
// is p's IR path. It shares no slice with p.
func jwtProvider(p *ir.JWTProvider, path string) (*jwtauthnv3.JwtProvider, error) {
	jp := &jwtauthnv3.JwtProvider{
		Issuer:            p.Issuer,
		Audiences:         slices.Clone(p.Audiences),
		Forward:           true,
		PayloadInMetadata: p.Name,
		NormalizePayloadInMetadata: &jwtauthnv3.JwtProvider_NormalizePayload{
			SpaceDelimitedClaims: jwtSpaceDelimitedClaims(),
		},
		ClearRouteCache: p.RecomputeRoute != nil && *p.RecomputeRoute,
	}
	for _, c := range p.ClaimToHeaders {
		jp.ClaimToHeaders = append(jp.ClaimToHeaders, &jwtauthnv3.JwtClaimToHeader{HeaderName: c.Header, ClaimName: c.Claim})
	}
	if e := p.ExtractFrom; e != nil {
		for _, h := range e.Headers {
			jp.FromHeaders = append(jp.FromHeaders, &jwtauthnv3.JwtHeader{Name: h.Name, ValuePrefix: derefOrZero(h.ValuePrefix)})
		}
		jp.FromCookies = slices.Clone(e.Cookies)
		jp.FromParams = slices.Clone(e.Params)
	}
	if p.LocalJWKS != nil {
		jp.JwksSourceSpecifier = &jwtauthnv3.JwtProvider_LocalJwks{LocalJwks: &corev3.DataSource{
			Specifier: &corev3.DataSource_InlineString{InlineString: *p.LocalJWKS},
		}}
		return jp, nil
	}
	rj := p.RemoteJWKS
	cluster, err := jwksClusterName(rj, path+".remoteJWKS")
	if err != nil {
		return nil, err
	}
	remote := &jwtauthnv3.RemoteJwks{
		HttpUri: &corev3.HttpUri{
			Uri:              rj.URI,
			HttpUpstreamType: &corev3.HttpUri_Cluster{Cluster: cluster},
			Timeout:          durationpb.New(jwksTimeout(rj.Traffic)),
		},
		// Fetch keys when the listener starts rather than on the first
		// request.
		AsyncFetch: &jwtauthnv3.JwksAsyncFetch{},
	}
	if rj.CacheDuration != nil {
		remote.CacheDuration = durationpb.New(rj.CacheDuration.Std())
	}
	if rj.FailedRefetchDuration != nil {
		remote.AsyncFetch.FailedRefetchDuration = durationpb.New(rj.FailedRefetchDuration.Std())
	}
	if r := trafficRetry(rj.Traffic); r != nil {
		rp, err := nonRouteRetryPolicy(r)
		if err != nil {
			return nil, fmt.Errorf("%s.remoteJWKS.traffic.retry.%w", path, err)
		}
		remote.RetryPolicy = rp
	}
	jp.JwksSourceSpecifier = &jwtauthnv3.JwtProvider_RemoteJwks{RemoteJwks: remote}
	return jp, nil
}

// jwksTimeout bounds a key set fetch: the request timeout of t, or the
// default.
func jwksTimeout(t *ir.TrafficFeatures) time.Duration {
	if t != nil && t.Timeout != nil && t.Timeout.HTTP != nil && t.Timeout.HTTP.RequestTimeout != nil {
		return t.Timeout.HTTP.RequestTimeout.Std()
	}
	return defaultJWKSTimeout
}

// jwksUsesDestination reports whether the keys of rj are fetched through
// its destination rather than a cluster derived from its URI.
func jwksUsesDestination(rj *ir.RemoteJWKS) bool {
	return rj.Destination != nil && len(rj.Destination.Settings) > 0
}

// jwksClusterName is the cluster the keys of rj are fetched through; path
// is rj's IR path.
func jwksClusterName(rj *ir.RemoteJWKS, path string) (string, error) {
	if jwksUsesDestination(rj) {
		if rj.Destination.Name == "" {
			return "", fmt.Errorf("%s.destination.name: must not be empty", path)
		}
		return rj.Destination.Name, nil
	}
	u, err := parseURICluster(rj.URI)
	if err != nil {
		return "", fmt.Errorf("%s.uri: %w", path, err)
	}
	return u.name, nil
}

// uriCluster is the cluster derived from an http or https URI: named
// <host with dots as underscores>_<port> (443 for https and 80 for http
// when the URI has none), resolved by DNS for a host name or listed by EDS
// for an IP address, with one backend named <name>/backend/-1.
type uriCluster struct {
	name string
	host string
	port uint32
	tls  bool
	isIP bool
}

// parseURICluster reads an absolute http or https URI. Errors quote the
// URI, which is configuration.
func parseURICluster(s string) (*uriCluster, error) {
	u, err := url.Parse(s)
	if err != nil {
		// url's errors quote the URI themselves; keep the reason only.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, fmt.Errorf("%q does not parse: %w", s, err)
	}
	var port uint32
	switch u.Scheme {
	case "https":
		port = 443
	case "http":
		port = 80
	default:
		return nil, fmt.Errorf("%q: scheme must be http or https", s)
	}
	host := u.Hostname()
	if host == "" {
		return nil, fmt.Errorf("%q: must name a host", s)
	}
	if !utf8.ValidString(host) || strings.ContainsAny(host, "\x00\r\n\t /\\") {
		return nil, fmt.Errorf("%q: host %q is not a host name or address", s, host)
	}
	if ps := u.Port(); ps != "" {
		n, err := strconv.ParseUint(ps, 10, 16)
		if err != nil || n == 0 {
			return nil, fmt.Errorf("%q: port must be 1-65535, not %q", s, ps)
		}
		port = uint32(n)
	}
	_, ipErr := netip.ParseAddr(host)
	return &uriCluster{
		name: strings.ReplaceAll(host, ".", "_") + "_" + strconv.FormatUint(uint64(port), 10),
		host: host,
		port: port,
		tls:  u.Scheme == "https",
		isIP: ipErr == nil,
	}, nil
}

// jwtName is prefix, "_" and the hash of m, with prefix shortened so that
// the name holds at most jwtMaxNameLength bytes. Shortening never splits a
// UTF-8 sequence.
func jwtName(prefix string, m proto.Message) (string, error) {
	b, err := proto.MarshalOptions{Deterministic: true}.Marshal(m)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	suffix := "_" + hex.EncodeToString(sum[:jwtHashLength/2])
	if room := jwtMaxNameLength - len(suffix); len(prefix) > room {
		prefix = prefix[:room]
		for len(prefix) > 0 && !utf8.ValidString(prefix) {
			prefix = prefix[:len(prefix)-1]
		}
	}
	return prefix + suffix, nil
}

// jwtFilters adds the jwt_authn filter when a route of ls uses JWT, with
// the providers and requirements of all of them, and the clusters that
// key sets named only by URI are fetched through.
//
// Those clusters are added here rather than through the table's clusters
// function because an https one carries a cluster-wide transport socket of
// its own (TLS with the system CA bundle), which a clusterSpec cannot
// express.
func jwtFilters(b *builder, ls []*ir.HTTPListener) ([]*hcmv3.HttpFilter, error) {
	cfg := &jwtauthnv3.JwtAuthentication{}
	for _, l := range ls {
		if l == nil {
			continue
		}
		for j, r := range l.Routes {
			jwt := jwtOf(r)
			if jwt == nil {
				continue
			}
			path := fmt.Sprintf("listeners[%s].routes[%d].security.jwt", l.Name, j)
			jr, err := buildJWTRoute(jwt, path)
			if err != nil {
				return nil, err
			}
			if cfg.Providers == nil {
				cfg.Providers = map[string]*jwtauthnv3.JwtProvider{}
				cfg.RequirementMap = map[string]*jwtauthnv3.JwtRequirement{}
			}
			for i, k := range jr.keys {
				cfg.Providers[k] = jr.providers[i]
			}
			cfg.RequirementMap[jr.name] = jr.requirement
			for i := range jwt.Providers {
				rj := jwt.Providers[i].RemoteJWKS
				if rj == nil || jwksUsesDestination(rj) {
					continue
				}
				if err := b.addURICluster(rj.URI, rj.Traffic, fmt.Sprintf("%s.providers[%d].remoteJWKS.uri", path, i)); err != nil {
					return nil, err
				}
			}
		}
	}
	if cfg.Providers == nil {
		return nil, nil
	}
	return httpFilter(HTTPFilterJWTAuthn, cfg)
}

// jwtPerRoute selects, for r, its requirement in the jwt_authn filter.
func jwtPerRoute(r *ir.HTTPRoute, path string) (map[string]*anypb.Any, error) {
	jwt := jwtOf(r)
	if jwt == nil {
		return nil, nil
	}
	path += ".security.jwt"
	jr, err := buildJWTRoute(jwt, path)
	if err != nil {
		return nil, err
	}
	a, err := packAny(&jwtauthnv3.PerRouteConfig{
		RequirementSpecifier: &jwtauthnv3.PerRouteConfig_RequirementName{RequirementName: jr.name},
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return map[string]*anypb.Any{HTTPFilterJWTAuthn: a}, nil
}

// jwtClusters returns the destinations that r's remote key sets are
// fetched through; key sets named only by URI get their clusters from
// jwtFilters.
func jwtClusters(r *ir.HTTPRoute, path string) ([]clusterSpec, error) {
	jwt := jwtOf(r)
	if jwt == nil {
		return nil, nil
	}
	path += ".security.jwt"
	if err := validateJWT(jwt, path); err != nil {
		return nil, err
	}
	var out []clusterSpec
	for i := range jwt.Providers {
		rj := jwt.Providers[i].RemoteJWKS
		if rj == nil || !jwksUsesDestination(rj) {
			continue
		}
		out = append(out, clusterSpec{
			dest:    rj.Destination,
			path:    fmt.Sprintf("%s.providers[%d].remoteJWKS.destination", path, i),
			traffic: rj.Traffic,
		})
	}
	return out, nil
}

// addURICluster adds the cluster derived from an http or https URI (see
// parseURICluster) unless a cluster of its name exists; traffic shapes it
// and path is the URI's IR path. An https URI gets TLS with SNI set to the
// host, at most TLS 1.3, validated against the system CA bundle.
func (b *builder) addURICluster(uri string, traffic *ir.TrafficFeatures, path string) error {
	u, err := parseURICluster(uri)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if _, ok := b.clusters[u.name]; ok {
		return nil
	}
	addrType := ir.FQDN
	if u.isIP {
		addrType = ir.IP
	}
	dest := &ir.RouteDestination{
		Name: u.name,
		Settings: []*ir.DestinationSetting{{
			Name:        u.name + uriBackendSuffix,
			Weight:      newPtr(uint32(1)),
			Endpoints:   []*ir.DestinationEndpoint{{Host: u.host, Port: u.port}},
			AddressType: &addrType,
		}},
	}
	c, err := b.buildCluster(clusterSpec{dest: dest, path: path, traffic: traffic})
	if err != nil {
		return err
	}
	if u.tls {
		sock := &corev3.TransportSocket{
			Name: "envoy.transport_sockets.tls",
			ConfigType: &corev3.TransportSocket_TypedConfig{TypedConfig: mustAny(&tlsv3.UpstreamTlsContext{
				Sni: u.host,
				CommonTlsContext: &tlsv3.CommonTlsContext{
					TlsParams: &tlsv3.TlsParameters{TlsMaximumProtocolVersion: tlsv3.TlsParameters_TLSv1_3},
					ValidationContextType: &tlsv3.CommonTlsContext_ValidationContext{ValidationContext: &tlsv3.CertificateValidationContext{
						TrustedCa: &corev3.DataSource{Specifier: &corev3.DataSource_Filename{Filename: systemTrustStorePath}},
					}},
				},
			})},
		}
		if traffic != nil && traffic.ProxyProtocol != nil {
			sock = proxyProtocolSocket(traffic.ProxyProtocol, sock, false)
		}
		c.TransportSocket = sock
	}
	b.clusters[u.name] = c
	if c.GetEdsClusterConfig() != nil {
		b.endpoints[u.name] = buildLoadAssignment(dest, false, traffic, b.meta)
	}
	return nil
}

// validateJWT checks what the jwt_authn configuration and the key set
// clusters of j rely on; path is j's IR path. Errors quote configuration
// only: a JWT holds no secret (a local key set is public keys).
func validateJWT(j *ir.JWT, path string) error {
	var errs []error
	fail := func(field, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s.%s: "+format, append([]any{path, field}, args...)...))
	}
	seen := map[string]int{}
	for i := range j.Providers {
		p := &j.Providers[i]
		pf := fmt.Sprintf("providers[%d]", i)
		switch {
		case p.Name == "":
			fail(pf+".name", "must not be empty")
		case !utf8.ValidString(p.Name):
			fail(pf+".name", "must be valid UTF-8")
		default:
			if k, ok := seen[p.Name]; ok {
				fail(pf+".name", "%q is also the name of providers[%d]", p.Name, k)
			}
			seen[p.Name] = i
		}
		if !utf8.ValidString(p.Issuer) {
			fail(pf+".issuer", "must be valid UTF-8")
		}
		for k, a := range p.Audiences {
			if !utf8.ValidString(a) {
				fail(fmt.Sprintf("%s.audiences[%d]", pf, k), "must be valid UTF-8")
			}
		}
		switch {
		case p.RemoteJWKS != nil && p.LocalJWKS != nil:
			fail(pf+".remoteJWKS", "must not be set together with localJWKS")
		case p.LocalJWKS != nil:
			if *p.LocalJWKS == "" {
				fail(pf+".localJWKS", "must not be empty")
			} else if !utf8.ValidString(*p.LocalJWKS) {
				fail(pf+".localJWKS", "must be valid UTF-8")
			}
		case p.RemoteJWKS != nil:
			errs = append(errs, validateRemoteJWKS(p.RemoteJWKS, fmt.Sprintf("%s.%s.remoteJWKS", path, pf)))
		default:
			fail(pf+".remoteJWKS", "exactly one of remoteJWKS and localJWKS must be set")
		}
		for k, c := range p.ClaimToHeaders {
			cf := fmt.Sprintf("%s.claimToHeaders[%d]", pf, k)
			if msg := checkJWTHeaderName(c.Header); msg != "" {
				fail(cf+".header", "%s", msg)
			}
			switch {
			case c.Claim == "":
				fail(cf+".claim", "must not be empty")
			case !utf8.ValidString(c.Claim):
				fail(cf+".claim", "must be valid UTF-8")
			}
		}
		if e := p.ExtractFrom; e != nil {
			for k, h := range e.Headers {
				hf := fmt.Sprintf("%s.extractFrom.headers[%d]", pf, k)
				if msg := checkJWTHeaderName(h.Name); msg != "" {
					fail(hf+".name", "%s", msg)
				}
				if h.ValuePrefix != nil {
					if !utf8.ValidString(*h.ValuePrefix) {
						fail(hf+".valuePrefix", "must be valid UTF-8")
					} else if strings.ContainsAny(*h.ValuePrefix, "\x00\r\n") {
						fail(hf+".valuePrefix", "%q holds NUL, CR or LF", *h.ValuePrefix)
					}
				}
			}
			for k, c := range e.Cookies {
				if c == "" || !utf8.ValidString(c) {
					fail(fmt.Sprintf("%s.extractFrom.cookies[%d]", pf, k), "must be a non-empty UTF-8 name")
				}
			}
			for k, q := range e.Params {
				if q == "" || !utf8.ValidString(q) {
					fail(fmt.Sprintf("%s.extractFrom.params[%d]", pf, k), "must be a non-empty UTF-8 name")
				}
			}
		}
	}
	return errors.Join(errs...)
}

// validateRemoteJWKS checks rj; path is its IR path.
func validateRemoteJWKS(rj *ir.RemoteJWKS, path string) error {
	var errs []error
	fail := func(field, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s.%s: "+format, append([]any{path, field}, args...)...))
	}
	switch {
	case rj.URI == "":
		fail("uri", "must not be empty")
	case !utf8.ValidString(rj.URI):
		fail("uri", "must be valid UTF-8")
	case !jwksUsesDestination(rj):
		// The cluster is derived from the URI, which must say where.
		if _, err := parseURICluster(rj.URI); err != nil {
			fail("uri", "%v", err)
		}
	case rj.Destination.Name == "":
		fail("destination.name", "must not be empty")
	}
	if t := jwksTimeout(rj.Traffic); t < 0 || t >= maxHTTPURITimeout {
		fail("traffic.timeout.http.requestTimeout", "must be at least 0 and less than %s, not %s", maxHTTPURITimeout, t)
	}
	if d := rj.CacheDuration; d != nil && (d.Std() < jwtMinCacheDuration || d.Std() >= jwtMaxCacheDuration) {
		fail("cacheDuration", "must be at least %s and less than %s, not %s", jwtMinCacheDuration, jwtMaxCacheDuration, d)
	}
	if d := rj.FailedRefetchDuration; d != nil && d.Std() < 0 {
		fail("failedRefetchDuration", "must not be negative, not %s", d)
	}
	return errors.Join(errs...)
}

// checkJWTHeaderName returns why name cannot be a header the filter reads
// or writes, or "".
func checkJWTHeaderName(name string) string {
	switch {
	case name == "":
		return "must not be empty"
	case !utf8.ValidString(name):
		return "must be valid UTF-8"
	case strings.ContainsAny(name, "\x00\r\n"):
		return fmt.Sprintf("%q holds NUL, CR or LF", name)
	}
	return ""
}
