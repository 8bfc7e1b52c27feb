package xds

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	extauthzv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/ext_authz/v3"
	hcmv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/http_connection_manager/v3"
	matcherv3 "github.com/envoyproxy/go-control-plane/envoy/type/matcher/v3"
	typev3 "github.com/envoyproxy/go-control-plane/envoy/type/v3"
	"google.golang.org/protobuf/types/known/anypb"
	"google.golang.org/protobuf/types/known/durationpb"

	"github.com/gatewaykit/gatewaykit/ir"
)

// External authorization (a SecurityPolicy's extAuth, ir.ExtAuth) asks an
// HTTP or gRPC service whether to let each request through.
//
// Every ir.ExtAuth name used by a route of a connection manager becomes one
// ext_authz filter there, named HTTPFilterExtAuthz + "/" + Name, disabled,
// and configured from the first route (in IR order) that uses the name. The
// filters are ordered by name among themselves. Each route that uses one
// turns it on with an ExtAuthzPerRoute carrying its context extensions. The
// service's destination becomes a cluster like a route's, shaped by
// ExtAuth.Traffic; a gRPC service needs its destination settings to say
// protocol GRPC for that cluster to speak HTTP/2.
const (
	// defaultExtAuthTimeout bounds a call to the service when
	// ExtAuth.Timeout is nil.
	defaultExtAuthTimeout = 10 * time.Second
	// maxHTTPURITimeout is the bound Envoy puts on an HTTP URI's timeout
	// (exclusive).
	maxHTTPURITimeout = (1 << 32) * time.Second
)

// extAuthOf returns r's external authorization, or nil.
func extAuthOf(r *ir.HTTPRoute) *ir.ExtAuth {
	if r == nil || r.Security == nil {
		return nil
	}
	return r.Security.ExtAuth
}

// extAuthFilterName names the ext_authz filter of ea.
func extAuthFilterName(ea *ir.ExtAuth) string {
	return HTTPFilterExtAuthz + "/" + ea.Name
}

// extAuthFilters adds one disabled ext_authz filter per ExtAuth name that
// a route of ls uses, sorted by filter name.
func extAuthFilters(_ *builder, ls []*ir.HTTPListener) ([]*hcmv3.HttpFilter, error) {
	var out []*hcmv3.HttpFilter
	seen := map[string]bool{}
	for _, l := range ls {
		if l == nil {
			continue
		}
		for j, r := range l.Routes {
			ea := extAuthOf(r)
			if ea == nil {
				continue
			}
			path := fmt.Sprintf("listeners[%s].routes[%d].security.extAuth", l.Name, j)
			if err := validateExtAuth(ea, path); err != nil {
				return nil, err
			}
			name := extAuthFilterName(ea)
			if seen[name] {
				continue
			}
			seen[name] = true
			a, err := packAny(extAuthzConfig(ea))
			if err != nil {
				return nil, fmt.Errorf("%s: %w", path, err)
			}
			out = append(out, &hcmv3.HttpFilter{
				Name:       name,
				Disabled:   true,
				ConfigType: &hcmv3.HttpFilter_TypedConfig{TypedConfig: a},
			})
		}
	}
	slices.SortFunc(out, func(a, b *hcmv3.HttpFilter) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

// extAuthPerRoute turns on, for r, the ext_authz filter of r's ExtAuth,
// with r's context extensions.
func extAuthPerRoute(r *ir.HTTPRoute, path string) (map[string]*anypb.Any, error) {
	ea := extAuthOf(r)
	if ea == nil {
		return nil, nil
	}
	path += ".security.extAuth"
	if err := validateExtAuth(ea, path); err != nil {
		return nil, err
	}
	a, err := packAny(&extauthzv3.ExtAuthzPerRoute{Override: &extauthzv3.ExtAuthzPerRoute_CheckSettings{
		CheckSettings: &extauthzv3.CheckSettings{ContextExtensions: contextExtensions(ea.ContextExtensions)},
	}})
	if err != nil {
		// The values were checked above; whatever failed, the message
		// comes from the marshaller, which does not quote field values.
		return nil, fmt.Errorf("%s.contextExtensions: %w", path, err)
	}
	return map[string]*anypb.Any{extAuthFilterName(ea): a}, nil
}

// extAuthClusters returns the cluster of the authorization service of r.
func extAuthClusters(r *ir.HTTPRoute, path string) ([]clusterSpec, error) {
	ea := extAuthOf(r)
	if ea == nil {
		return nil, nil
	}
	path += ".security.extAuth"
	if err := validateExtAuth(ea, path); err != nil {
		return nil, err
	}
	if ea.HTTP != nil {
		return []clusterSpec{{dest: &ea.HTTP.Destination, path: path + ".http.destination", traffic: ea.Traffic}}, nil
	}
	return []clusterSpec{{dest: &ea.GRPC.Destination, path: path + ".grpc.destination", traffic: ea.Traffic}}, nil
}

// extAuthzConfig is the filter configuration of ea, which
// validateExtAuth accepted.
func extAuthzConfig(ea *ir.ExtAuth) *extauthzv3.ExtAuthz {
	timeout := durationpb.New(defaultExtAuthTimeout)
	if ea.Timeout != nil {
		timeout = durationpb.New(ea.Timeout.Std())
	}
	cfg := &extauthzv3.ExtAuthz{
		TransportApiVersion: corev3.ApiVersion_V3,
		FailureModeAllow:    ea.FailOpen != nil && *ea.FailOpen,
		ClearRouteCache:     ea.RecomputeRoute != nil && *ea.RecomputeRoute,
		AllowedHeaders:      exactHeaderList(ea.HeadersToExtAuth),
	}
	if ea.IncludeRouteMetadata != nil && *ea.IncludeRouteMetadata {
		cfg.RouteMetadataContextNamespaces = []string{metadataNamespace}
	}
	if ea.BodyToExtAuth != nil {
		cfg.WithRequestBody = &extauthzv3.BufferSettings{MaxRequestBytes: ea.BodyToExtAuth.MaxRequestBytes}
	}
	if ea.StatusOnError != nil {
		cfg.StatusOnError = &typev3.HttpStatus{Code: typev3.StatusCode(*ea.StatusOnError)}
	}
	// validateExtAuth has checked the retry policy.
	var retry *corev3.RetryPolicy
	if r := trafficRetry(ea.Traffic); r != nil {
		retry, _ = nonRouteRetryPolicy(r)
	}
	if h := ea.HTTP; h != nil {
		svc := &extauthzv3.HttpService{
			RetryPolicy: retry,
			ServerUri: &corev3.HttpUri{
				Uri:              extAuthURI(h),
				HttpUpstreamType: &corev3.HttpUri_Cluster{Cluster: h.Destination.Name},
				Timeout:          timeout,
			},
			PathPrefix:   h.Path,
			PathOverride: h.PathOverride,
		}
		if m := exactHeaderList(h.HeadersToBackend); m != nil {
			svc.AuthorizationResponse = &extauthzv3.AuthorizationResponse{AllowedUpstreamHeaders: m}
		}
		cfg.Services = &extauthzv3.ExtAuthz_HttpService{HttpService: svc}
		return cfg
	}
	cfg.Services = &extauthzv3.ExtAuthz_GrpcService{GrpcService: &corev3.GrpcService{
		TargetSpecifier: &corev3.GrpcService_EnvoyGrpc_{EnvoyGrpc: &corev3.GrpcService_EnvoyGrpc{
			ClusterName: ea.GRPC.Destination.Name,
			Authority:   ea.GRPC.Authority,
		}},
		Timeout:     timeout,
		RetryPolicy: retry,
	}}
	return cfg
}

// extAuthURI is the informational URI of an HTTP service: Envoy sends the
// calls to the cluster, so the scheme is always http, whatever the TLS
// settings of the destination.
func extAuthURI(h *ir.HTTPExtAuthService) string {
	u := url.URL{Scheme: "http", Host: h.Authority, Path: h.Path}
	if h.PathOverride != "" {
		u.Path = h.PathOverride
	}
	return u.String()
}

// exactHeaderList matches the named headers, without regard to case; nil
// for no names.
func exactHeaderList(names []string) *matcherv3.ListStringMatcher {
	if len(names) == 0 {
		return nil
	}
	m := &matcherv3.ListStringMatcher{Patterns: make([]*matcherv3.StringMatcher, len(names))}
	for i, n := range names {
		m.Patterns[i] = &matcherv3.StringMatcher{MatchPattern: &matcherv3.StringMatcher_Exact{Exact: n}, IgnoreCase: true}
	}
	return m
}

// contextExtensions turns the extensions into the map Envoy sends to the
// service; when a name repeats, the last value wins.
func contextExtensions(exts []*ir.ContextExtension) map[string]string {
	if len(exts) == 0 {
		return nil
	}
	out := make(map[string]string, len(exts))
	for _, e := range exts {
		out[e.Name] = string(e.Value)
	}
	return out
}

// validateExtAuth checks what the ext_authz configuration and cluster of ea
// rely on; path is ea's IR path. No error quotes a context extension.
func validateExtAuth(ea *ir.ExtAuth, path string) error {
	var errs []error
	fail := func(field, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s.%s: "+format, append([]any{path, field}, args...)...))
	}
	if r := trafficRetry(ea.Traffic); r != nil {
		if _, err := nonRouteRetryPolicy(r); err != nil {
			fail("traffic.retry", "%v", err)
		}
	}
	if ea.Name == "" {
		fail("name", "must not be empty")
	} else if !utf8.ValidString(ea.Name) {
		fail("name", "must be valid UTF-8")
	}
	switch {
	case ea.HTTP != nil && ea.GRPC != nil:
		fail("http", "must not be set together with grpc")
	case ea.HTTP != nil:
		h := ea.HTTP
		if h.Destination.Name == "" {
			fail("http.destination.name", "must not be empty")
		}
		if err := checkAuthority(h.Authority, true); err != nil {
			fail("http.authority", "%v", err)
		}
		if !utf8.ValidString(h.Path) {
			fail("http.path", "must be valid UTF-8")
		}
		if !utf8.ValidString(h.PathOverride) {
			fail("http.pathOverride", "must be valid UTF-8")
		}
		checkHeaderNames(h.HeadersToBackend, func(i int, msg string) { fail(fmt.Sprintf("http.headersToBackend[%d]", i), "%s", msg) })
	case ea.GRPC != nil:
		if ea.GRPC.Destination.Name == "" {
			fail("grpc.destination.name", "must not be empty")
		}
		if err := checkAuthority(ea.GRPC.Authority, false); err != nil {
			fail("grpc.authority", "%v", err)
		}
	default:
		fail("http", "exactly one of http and grpc must be set")
	}
	checkHeaderNames(ea.HeadersToExtAuth, func(i int, msg string) { fail(fmt.Sprintf("headersToExtAuth[%d]", i), "%s", msg) })
	if b := ea.BodyToExtAuth; b != nil && b.MaxRequestBytes == 0 {
		fail("bodyToExtAuth.maxRequestBytes", "must be at least 1")
	}
	if t := ea.Timeout; t != nil {
		switch {
		case t.Std() < 0:
			fail("timeout", "must not be negative, not %s", t)
		case ea.HTTP != nil && t.Std() >= maxHTTPURITimeout:
			fail("timeout", "must be less than %s, not %s", maxHTTPURITimeout, t)
		}
	}
	if s := ea.StatusOnError; s != nil {
		if _, ok := typev3.StatusCode_name[*s]; !ok || *s == int32(typev3.StatusCode_Empty) {
			fail("statusOnError", "%d is not an HTTP status code Envoy knows", *s)
		}
	}
	for i, e := range ea.ContextExtensions {
		// Names are configuration, values are secret: neither is quoted.
		switch {
		case e == nil:
			fail(fmt.Sprintf("contextExtensions[%d]", i), "must not be null")
		case e.Name == "":
			fail(fmt.Sprintf("contextExtensions[%d].name", i), "must not be empty")
		case !utf8.ValidString(e.Name):
			fail(fmt.Sprintf("contextExtensions[%d].name", i), "must be valid UTF-8")
		case !utf8.Valid(e.Value):
			fail(fmt.Sprintf("contextExtensions[%d].value", i), "must be valid UTF-8")
		}
	}
	return errors.Join(errs...)
}

// checkHeaderNames reports, through bad, the header names that cannot be
// matched: not UTF-8.
func checkHeaderNames(names []string, bad func(i int, msg string)) {
	for i, n := range names {
		if !utf8.ValidString(n) {
			bad(i, "must be valid UTF-8")
		}
	}
}

// checkAuthority checks a service's host[:port]. Envoy forbids NUL, CR and
// LF in a gRPC authority; an HTTP authority is also the host of a URI, so
// it must be present and hold no whitespace or URI delimiters.
func checkAuthority(a string, http bool) error {
	if !utf8.ValidString(a) {
		return errors.New("must be valid UTF-8")
	}
	if http && a == "" {
		return errors.New("must not be empty")
	}
	bad := "\x00\r\n"
	if http {
		bad = "\x00\r\n\t /?#@\\"
	}
	if i := strings.IndexAny(a, bad); i >= 0 {
		return fmt.Errorf("%q holds %q", a, a[i])
	}
	return nil
}
