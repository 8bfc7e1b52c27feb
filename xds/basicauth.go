package xds

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	basicauthv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/basic_auth/v3"
	hcmv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/http_connection_manager/v3"
	"google.golang.org/protobuf/types/known/anypb"

	"github.com/gatewaykit/gatewaykit/ir"
)

// Basic authentication has one filter per ir.BasicAuth name (one per
// SecurityPolicy), called HTTPFilterBasicAuth/<name>. The filter is
// disabled in the connection manager; each route that uses it turns it on
// with its own user list as per-route configuration, which replaces the
// filter's. Filters are sorted by name.

// basicAuthFilterName is the name of the filter that serves a.
func basicAuthFilterName(a *ir.BasicAuth) string {
	return HTTPFilterBasicAuth + "/" + a.Name
}

// irRoutePath is the IR path of route i of listener l, as in errors about
// routes.
func irRoutePath(l *ir.HTTPListener, i int) string {
	return fmt.Sprintf("listeners[%s].routes[%d]", l.Name, i)
}

// basicAuthFilters adds one disabled basic_auth filter per BasicAuth name
// that a route of ls uses, configured from the first route that uses it.
func basicAuthFilters(_ *builder, ls []*ir.HTTPListener) ([]*hcmv3.HttpFilter, error) {
	seen := map[string]bool{}
	var out []*hcmv3.HttpFilter
	for _, l := range ls {
		for i, r := range l.Routes {
			if r == nil || r.Security == nil || r.Security.BasicAuth == nil {
				continue
			}
			a := r.Security.BasicAuth
			if err := checkBasicAuth(a, irRoutePath(l, i)+".security.basicAuth"); err != nil {
				return nil, err
			}
			name := basicAuthFilterName(a)
			if seen[name] {
				continue
			}
			seen[name] = true
			cfg := &basicauthv3.BasicAuth{Users: inlineBytes(bytes.Clone(a.Users))}
			if a.ForwardUsernameHeader != nil {
				cfg.ForwardUsernameHeader = *a.ForwardUsernameHeader
			}
			f, err := httpFilter(name, cfg)
			if err != nil {
				return nil, err
			}
			f[0].Disabled = true
			out = append(out, f...)
		}
	}
	slices.SortFunc(out, func(a, b *hcmv3.HttpFilter) int { return cmp.Compare(a.Name, b.Name) })
	return out, nil
}

// basicAuthPerRoute enables r's basic_auth filter with r's users.
func basicAuthPerRoute(r *ir.HTTPRoute, path string) (map[string]*anypb.Any, error) {
	if r.Security == nil || r.Security.BasicAuth == nil {
		return nil, nil
	}
	a := r.Security.BasicAuth
	if err := checkBasicAuth(a, path+".security.basicAuth"); err != nil {
		return nil, err
	}
	cfg, err := packAny(&basicauthv3.BasicAuthPerRoute{Users: inlineBytes(bytes.Clone(a.Users))})
	if err != nil {
		return nil, err
	}
	return map[string]*anypb.Any{basicAuthFilterName(a): cfg}, nil
}

// checkBasicAuth rejects what Envoy would: a nameless filter, no users, an
// invalid header name (an empty one means none). path is a's IR path. Messages never quote the users.
func checkBasicAuth(a *ir.BasicAuth, path string) error {
	if a.Name == "" {
		return fmt.Errorf("%s.name: must not be empty", path)
	}
	if len(a.Users) == 0 {
		return fmt.Errorf("%s.users: must not be empty", path)
	}
	if h := a.ForwardUsernameHeader; h != nil && *h != "" {
		if err := checkHeaderName(*h); err != nil {
			return fmt.Errorf("%s.forwardUsernameHeader: %w", path, err)
		}
	}
	return nil
}

// checkHeaderName rejects a header name that Envoy does not accept in
// filter configuration: empty, not UTF-8, or holding NUL, CR or LF.
func checkHeaderName(h string) error {
	switch {
	case h == "":
		return errors.New("must not be empty")
	case !utf8.ValidString(h):
		return errors.New("must be valid UTF-8")
	case strings.ContainsAny(h, "\x00\r\n"):
		return fmt.Errorf("%q holds NUL, CR or LF", h)
	}
	return nil
}
