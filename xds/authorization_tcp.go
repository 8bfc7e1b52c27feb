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
	m, err := authorizationMatcher(a, path, func(rule *ir.AuthorizationRule, rp string) (*xdsmatcherv3.Matcher_MatcherList_Predicate, error) {
		pred, err := clientCIDRPredicate(rule.Principal.ClientCIDRs, rp+".principal.clientCIDRs")
		if err == nil && pred == nil {
			err = fmt.Errorf("%s.principal.clientCIDRs: a rule of a TCP route must match client CIDRs", rp)
		}
		return pred, err
	})
	if err != nil {
		return nil, err
	}
	cfg, err := packAny(&networkrbacv3.RBAC{StatPrefix: statPrefix, Matcher: m})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &listenerv3.Filter{Name: networkRBACFilterName, ConfigType: &listenerv3.Filter_TypedConfig{TypedConfig: cfg}}, nil
}
