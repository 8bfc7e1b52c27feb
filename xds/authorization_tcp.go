package xds

import (
	"fmt"

	xdsmatcherv3 "github.com/cncf/xds/go/xds/type/matcher/v3"
	listenerv3 "github.com/envoyproxy/go-control-plane/envoy/config/listener/v3"
	networkrbacv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/rbac/v3"

	"github.com/gatewaykit/gatewaykit/ir"
)

// networkRBACFilterName is the network filter that allows or closes TCP
// connections by client address.
const networkRBACFilterName = "envoy.filters.network.rbac"

// tcpRBACFilter returns the network RBAC filter that enforces a on a TCP
// route's connections, ahead of its TCP proxy; statPrefix is the proxy's.
// A connection carries only its client address, so every rule must match
// client CIDRs. path is a's IR path.
func tcpRBACFilter(a *ir.Authorization, statPrefix, path string) (*listenerv3.Filter, error) {
	def, err := rbacAction(a.DefaultAction, path+".defaultAction")
	if err != nil {
		return nil, err
	}
	m := &xdsmatcherv3.Matcher{OnNoMatch: def("default")}
	var list []*xdsmatcherv3.Matcher_MatcherList_FieldMatcher
	for i, rule := range a.Rules {
		rp := fmt.Sprintf("%s.rules[%d]", path, i)
		if rule == nil {
			return nil, fmt.Errorf("%s: must not be null", rp)
		}
		if rule.Name == "" {
			return nil, fmt.Errorf("%s.name: must not be empty", rp)
		}
		act, err := rbacAction(rule.Action, rp+".action")
		if err != nil {
			return nil, err
		}
		pred, err := clientCIDRPredicate(rule.Principal.ClientCIDRs, rp+".principal.clientCIDRs")
		if err != nil {
			return nil, err
		}
		if pred == nil {
			return nil, fmt.Errorf("%s.principal.clientCIDRs: a rule of a TCP route must match client CIDRs", rp)
		}
		list = append(list, &xdsmatcherv3.Matcher_MatcherList_FieldMatcher{Predicate: pred, OnMatch: act(rule.Name)})
	}
	if len(list) > 0 {
		m.MatcherType = &xdsmatcherv3.Matcher_MatcherList_{MatcherList: &xdsmatcherv3.Matcher_MatcherList{Matchers: list}}
	}
	cfg, err := packAny(&networkrbacv3.RBAC{StatPrefix: statPrefix, Matcher: m})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &listenerv3.Filter{Name: networkRBACFilterName, ConfigType: &listenerv3.Filter_TypedConfig{TypedConfig: cfg}}, nil
}
