package xds

import (
	xdscorev3 "github.com/cncf/xds/go/xds/core/v3"
	xdsmatcherv3 "github.com/cncf/xds/go/xds/type/matcher/v3"
	rbacconfigv3 "github.com/envoyproxy/go-control-plane/envoy/config/rbac/v3"
	rbacv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/rbac/v3"
	matcherv3 "github.com/envoyproxy/go-control-plane/envoy/type/matcher/v3"
	"google.golang.org/protobuf/types/known/anypb"

	"github.com/gatewaykit/gatewaykit/ir"
)

// A route that forwards to a dynamic resolver backend sends each request to
// the host its :authority names. Without a guard a client could name the
// proxy itself (localhost, 127.0.0.1, ::1) and reach Envoy's own loopback
// listeners, such as the admin interface. The HTTPFilterDFPLoopbackDeny
// filter is empty in the listener; each such route turns it on with a
// per-route RBAC matcher that denies loopback authorities, with or without a
// port, and allows everything else.

// loopbackAuthorities are the regular expressions (RE2) of the :authority
// values denied on dynamic resolver routes, in the order they are tried.
var loopbackAuthorities = [...]string{
	`^127\.0\.0\.1(?::\d+)?$`,
	`^localhost(?::\d+)?$`,
	`^localhost\.localdomain(?::\d+)?$`,
	`^ip6-localhost(?::\d+)?$`,
	`^ip6-loopback(?::\d+)?$`,
	`^\[::1\](?::\d+)?$`,
	`^::1(?::\d+)?$`,
}

// usesDynamicResolver reports whether a destination setting of r resolves
// the request's host.
func usesDynamicResolver(r *ir.HTTPRoute) bool {
	if r.Destination == nil {
		return false
	}
	for _, s := range r.Destination.Settings {
		if s != nil && s.IsDynamicResolver {
			return true
		}
	}
	return false
}

// dfpLoopbackDenyPerRoute returns the per-route configuration of the
// loopback-deny filter. Each call builds a new message.
func dfpLoopbackDenyPerRoute() *anypb.Any {
	authority := mustAny(&matcherv3.HttpRequestHeaderMatchInput{HeaderName: ":authority"})
	preds := make([]*xdsmatcherv3.Matcher_MatcherList_Predicate, len(loopbackAuthorities))
	for i, re := range loopbackAuthorities {
		preds[i] = &xdsmatcherv3.Matcher_MatcherList_Predicate{
			MatchType: &xdsmatcherv3.Matcher_MatcherList_Predicate_SinglePredicate_{
				SinglePredicate: &xdsmatcherv3.Matcher_MatcherList_Predicate_SinglePredicate{
					Input: &xdscorev3.TypedExtensionConfig{Name: "http_header", TypedConfig: authority},
					Matcher: &xdsmatcherv3.Matcher_MatcherList_Predicate_SinglePredicate_ValueMatch{
						ValueMatch: &xdsmatcherv3.StringMatcher{MatchPattern: &xdsmatcherv3.StringMatcher_SafeRegex{
							SafeRegex: &xdsmatcherv3.RegexMatcher{
								EngineType: &xdsmatcherv3.RegexMatcher_GoogleRe2{GoogleRe2: &xdsmatcherv3.RegexMatcher_GoogleRE2{}},
								Regex:      re,
							},
						}},
					},
				},
			},
		}
	}
	action := func(name string, a *rbacconfigv3.Action) *xdsmatcherv3.Matcher_OnMatch {
		return &xdsmatcherv3.Matcher_OnMatch{OnMatch: &xdsmatcherv3.Matcher_OnMatch_Action{
			Action: &xdscorev3.TypedExtensionConfig{Name: name, TypedConfig: mustAny(a)},
		}}
	}
	return mustAny(&rbacv3.RBACPerRoute{Rbac: &rbacv3.RBAC{Matcher: &xdsmatcherv3.Matcher{
		MatcherType: &xdsmatcherv3.Matcher_MatcherList_{MatcherList: &xdsmatcherv3.Matcher_MatcherList{
			Matchers: []*xdsmatcherv3.Matcher_MatcherList_FieldMatcher{{
				Predicate: &xdsmatcherv3.Matcher_MatcherList_Predicate{
					MatchType: &xdsmatcherv3.Matcher_MatcherList_Predicate_OrMatcher{
						OrMatcher: &xdsmatcherv3.Matcher_MatcherList_Predicate_PredicateList{Predicate: preds},
					},
				},
				OnMatch: action("deny-loopback-host", &rbacconfigv3.Action{Name: "DENY", Action: rbacconfigv3.RBAC_DENY}),
			}},
		}},
		OnNoMatch: action("default", &rbacconfigv3.Action{Name: "ALLOW"}),
	}}})
}
