package translator

import (
	"slices"
	"sort"
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/gatewaykit/gatewaykit/ir"
)

// Route kinds as they appear in IR metadata and, lower-cased, in IR names.
const (
	kindHTTPRoute = "HTTPRoute"
	kindGRPCRoute = "GRPCRoute"
)

// processHTTPRoutes attaches every HTTPRoute to its parents, translates its
// rules into IR routes and records its status (see processRoutes).
func (t *translation) processHTTPRoutes() {
	t.out.Statuses.HTTPRoutes = processRoutes(t, t.res.HTTPRoutes, func(cp *gwapiv1.HTTPRoute) bool {
		return t.processRoute(httpRouteSpec(cp), &cp.Status.RouteStatus)
	})
}

// processGRPCRoutes does the same for GRPCRoutes, then orders the routes of
// every HTTP listener by match precedence (this is the last pass that adds
// HTTP routes).
func (t *translation) processGRPCRoutes() {
	t.out.Statuses.GRPCRoutes = processRoutes(t, t.res.GRPCRoutes, func(cp *gwapiv1.GRPCRoute) bool {
		return t.processRoute(grpcRouteSpec(cp), &cp.Status.RouteStatus)
	})
	t.sortHTTPListenerRoutes()
}

// routeObject is the pointer type of a route kind (or of any object
// translated the same way): it has object metadata and a deep copy.
type routeObject[T any] interface {
	*T
	metav1.Object
	DeepCopy() *T
}

// processRoutes translates the objects of list in processingOrder:
// translate gets a deep copy of each, fills in its status and reports
// whether it got one (a route none of whose parentRefs names a Gateway
// translated here gets none). The copies that got a status are returned in
// input order; an object listed twice is translated and reported once.
func processRoutes[T any, P routeObject[T]](t *translation, list []P, translate func(cp P) bool) []P {
	done := make(map[P]P, len(list))
	for _, r := range processingOrder(&t.cfg, list) {
		if r == nil || done[r] != nil {
			continue
		}
		if cp := P(r.DeepCopy()); translate(cp) {
			done[r] = cp
		}
	}
	out := make([]P, 0, len(done))
	for _, o := range list {
		if cp := done[o]; cp != nil {
			out = append(out, cp)
			delete(done, o)
		}
	}
	return out
}

// routeSpec is the part of a route that translation reads, in one shape
// for every kind.
type routeSpec struct {
	kind       string
	meta       *metav1.ObjectMeta
	hostnames  []gwapiv1.Hostname
	parentRefs []gwapiv1.ParentReference
	rules      []ruleSpec
}

// ruleSpec is one rule of a route.
type ruleSpec struct {
	name        *gwapiv1.SectionName
	filters     []gwapiv1.HTTPRouteFilter
	backendRefs []backendRefSpec
	// For HTTPRoutes and GRPCRoutes exactly one of these is set; the rules
	// of TCPRoutes, UDPRoutes and TLSRoutes (l4route.go) set neither.
	http *gwapiv1.HTTPRouteRule
	grpc *gwapiv1.GRPCRouteRule
}

// backendRefSpec is one backendRef of a rule with its own filters.
type backendRefSpec struct {
	ref     gwapiv1.BackendRef
	filters []gwapiv1.HTTPRouteFilter
}

func httpRouteSpec(r *gwapiv1.HTTPRoute) *routeSpec {
	rs := &routeSpec{kind: kindHTTPRoute, meta: &r.ObjectMeta, hostnames: r.Spec.Hostnames, parentRefs: r.Spec.ParentRefs}
	for i := range r.Spec.Rules {
		rule := &r.Spec.Rules[i]
		s := ruleSpec{name: rule.Name, filters: rule.Filters, http: rule}
		for _, b := range rule.BackendRefs {
			s.backendRefs = append(s.backendRefs, backendRefSpec{ref: b.BackendRef, filters: b.Filters})
		}
		rs.rules = append(rs.rules, s)
	}
	return rs
}

func grpcRouteSpec(r *gwapiv1.GRPCRoute) *routeSpec {
	rs := &routeSpec{kind: kindGRPCRoute, meta: &r.ObjectMeta, hostnames: r.Spec.Hostnames, parentRefs: r.Spec.ParentRefs}
	for i := range r.Spec.Rules {
		rule := &r.Spec.Rules[i]
		s := ruleSpec{name: rule.Name, filters: grpcFilters(rule.Filters), grpc: rule}
		for _, b := range rule.BackendRefs {
			s.backendRefs = append(s.backendRefs, backendRefSpec{ref: b.BackendRef, filters: grpcFilters(b.Filters)})
		}
		rs.rules = append(rs.rules, s)
	}
	return rs
}

// grpcFilters expresses GRPCRoute filters as HTTPRoute filters: the kinds
// they share have the same types and the same type names.
func grpcFilters(in []gwapiv1.GRPCRouteFilter) []gwapiv1.HTTPRouteFilter {
	if len(in) == 0 {
		return nil
	}
	out := make([]gwapiv1.HTTPRouteFilter, len(in))
	for i, f := range in {
		out[i] = gwapiv1.HTTPRouteFilter{
			Type:                   gwapiv1.HTTPRouteFilterType(f.Type),
			RequestHeaderModifier:  f.RequestHeaderModifier,
			ResponseHeaderModifier: f.ResponseHeaderModifier,
			RequestMirror:          f.RequestMirror,
			ExtensionRef:           f.ExtensionRef,
		}
	}
	return out
}

// sortHTTPListenerRoutes orders the routes of every HTTP listener by
// Gateway API match precedence the way Envoy Gateway does: a descending
// sort by path match type (Exact, then RegularExpression, then
// PathPrefix), path length, number of header, query parameter and cookie
// matches, then number of exact matches. The sort is stable: routes
// that compare equal keep the order in which they were attached.
func (t *translation) sortHTTPListenerRoutes() {
	seen := map[*ir.HTTPListener]bool{}
	for _, gw := range t.gatewayList {
		for _, ls := range gw.listeners {
			if ls.http == nil || seen[ls.http] {
				continue
			}
			seen[ls.http] = true
			rp := routePrecedence(ls.http.Routes)
			sort.SliceStable(rp, func(i, j int) bool { return rp.Less(j, i) })
		}
	}
}

// routePrecedence sorts routes by ascending match precedence.
type routePrecedence []*ir.HTTPRoute

func (x routePrecedence) Len() int      { return len(x) }
func (x routePrecedence) Swap(i, j int) { x[i], x[j] = x[j], x[i] }
func (x routePrecedence) Less(i, j int) bool {
	ri, rj := pathRank(x[i].PathMatch), pathRank(x[j].PathMatch)
	if ri != 0 && rj != 0 && ri != rj {
		return ri < rj
	}
	keys := func(r *ir.HTTPRoute) [5]int {
		return [5]int{pathLen(r.PathMatch), len(r.HeaderMatches), len(r.QueryParamMatches), len(r.CookieMatches), exactCount(r)}
	}
	ki, kj := keys(x[i]), keys(x[j])
	for n := range ki {
		if ki[n] != kj[n] {
			return ki[n] < kj[n]
		}
	}
	return false
}

// exactCount counts a route's exact header, query parameter and cookie
// matches: among otherwise equal routes, exact matches are more specific
// than regular expressions.
func exactCount(r *ir.HTTPRoute) int {
	n := 0
	for _, list := range [][]*ir.StringMatch{r.HeaderMatches, r.QueryParamMatches, r.CookieMatches} {
		for _, m := range list {
			if m != nil && m.Exact != nil {
				n++
			}
		}
	}
	return n
}

// pathRank ranks path match types: PathPrefix 1, RegularExpression 2,
// Exact 3; 0 when there is no path match.
func pathRank(m *ir.StringMatch) int {
	switch {
	case m == nil:
		return 0
	case m.Exact != nil:
		return 3
	case m.SafeRegex != nil:
		return 2
	case m.Prefix != nil:
		return 1
	}
	return 0
}

func pathLen(m *ir.StringMatch) int {
	switch {
	case m == nil:
		return 0
	case m.Exact != nil:
		return len(*m.Exact)
	case m.Prefix != nil:
		// A trailing slash adds nothing: "/foo/" and "/foo" match the same
		// requests, and "/" as much as no path match.
		return len(strings.TrimSuffix(*m.Prefix, "/"))
	case m.SafeRegex != nil:
		return len(*m.SafeRegex)
	}
	return 0
}

// processingOrder returns the order in which objects of one kind are
// translated: with WithInputOrder, list as given; otherwise oldest
// creationTimestamp first, then namespace, then name, the order Gateway API
// prescribes for breaking ties between routes, so that the order in which
// the caller lists objects never changes the result. Objects equal in all
// three keep their input order. list is not modified.
func processingOrder[T any, P routeObject[T]](c *config, list []P) []P {
	if c.inputOrder {
		return list
	}
	out := slices.Clone(list)
	slices.SortStableFunc(out, func(a, b P) int {
		if a == nil || b == nil {
			return cmpNil(a == nil, b == nil)
		}
		ta, tb := a.GetCreationTimestamp(), b.GetCreationTimestamp()
		if c := ta.Compare(tb.Time); c != 0 {
			return c
		}
		if c := strings.Compare(a.GetNamespace(), b.GetNamespace()); c != 0 {
			return c
		}
		return strings.Compare(a.GetName(), b.GetName())
	})
	return out
}

// cmpNil orders nil entries last.
func cmpNil(aNil, bNil bool) int {
	switch {
	case aNil == bNil:
		return 0
	case aNil:
		return 1
	}
	return -1
}
