package xds

import (
	"regexp/syntax"
	"strings"

	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	statefulsessionv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/stateful_session/v3"
	hcmv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/http_connection_manager/v3"
	cookiev3 "github.com/envoyproxy/go-control-plane/envoy/extensions/http/stateful_session/cookie/v3"
	headerv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/http/stateful_session/header/v3"
	httpv3 "github.com/envoyproxy/go-control-plane/envoy/type/http/v3"
	"google.golang.org/protobuf/types/known/durationpb"

	"github.com/gatewaykit/gatewaykit/ir"
)

// Names of the session state extensions of the stateful session filter.
const (
	sessionStateCookie = "envoy.http.stateful_session.cookie"
	sessionStateHeader = "envoy.http.stateful_session.header"
)

// statefulSessionFilters adds the stateful session filter, disabled, when
// a route persists sessions; each such route turns it on with its own
// session state. The connection manager's copy carries the first such
// route's state, since the filter must be configured to be valid.
func statefulSessionFilters(_ *builder, ls []*ir.HTTPListener) ([]*hcmv3.HttpFilter, error) {
	for _, l := range ls {
		for _, r := range l.Routes {
			if r == nil || r.SessionPersistence == nil {
				continue
			}
			fs, err := httpFilter(HTTPFilterStatefulSession, &statefulsessionv3.StatefulSession{SessionState: sessionState(r)})
			if err != nil {
				return nil, err
			}
			fs[0].Disabled = true
			return fs, nil
		}
	}
	return nil, nil
}

// statefulSessionPerRoute is r's configuration of the stateful session
// filter.
func statefulSessionPerRoute(r *ir.HTTPRoute) *statefulsessionv3.StatefulSessionPerRoute {
	return &statefulsessionv3.StatefulSessionPerRoute{Override: &statefulsessionv3.StatefulSessionPerRoute_StatefulSession{
		StatefulSession: &statefulsessionv3.StatefulSession{SessionState: sessionState(r)},
	}}
}

// sessionState is the session state extension of r: a header, or a cookie
// scoped to the path r matches.
func sessionState(r *ir.HTTPRoute) *corev3.TypedExtensionConfig {
	sp := r.SessionPersistence
	if sp.Header != nil {
		return &corev3.TypedExtensionConfig{Name: sessionStateHeader, TypedConfig: mustAny(&headerv3.HeaderBasedSessionState{Name: sp.Header.Name})}
	}
	c := &httpv3.Cookie{Path: cookiePath(r.PathMatch)}
	if sp.Cookie != nil {
		c.Name = sp.Cookie.Name
		if sp.Cookie.TTL != nil {
			c.Ttl = durationpb.New(sp.Cookie.TTL.Std())
		}
	}
	return &corev3.TypedExtensionConfig{Name: sessionStateCookie, TypedConfig: mustAny(&cookiev3.CookieBasedSessionState{Cookie: c})}
}

// cookiePath is the path a session cookie is scoped to: the exact path or
// the prefix the route matches, or for a regular expression the directory
// of its literal prefix (/v1 for /v1/.*); "/" when there is no path match
// or no literal directory.
func cookiePath(m *ir.StringMatch) string {
	switch {
	case m == nil:
		return "/"
	case m.Exact != nil:
		return *m.Exact
	case m.Prefix != nil:
		return *m.Prefix
	case m.SafeRegex != nil:
		lit := literalPrefix(*m.SafeRegex)
		if i := strings.LastIndexByte(lit, '/'); i > 0 {
			return lit[:i]
		}
	}
	return "/"
}

// literalPrefix returns the text every match of the regular expression re
// starts with ("" when re does not parse).
func literalPrefix(re string) string {
	p, err := syntax.Parse(re, syntax.Perl)
	if err != nil {
		return ""
	}
	prog, err := syntax.Compile(p.Simplify())
	if err != nil {
		return ""
	}
	prefix, _ := prog.Prefix()
	return prefix
}
