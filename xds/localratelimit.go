package xds

import (
	"fmt"
	"net/netip"
	"strconv"
	"time"

	xdscorev3 "github.com/cncf/xds/go/xds/core/v3"
	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	routev3 "github.com/envoyproxy/go-control-plane/envoy/config/route/v3"
	rlv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/common/ratelimit/v3"
	localrlv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/local_ratelimit/v3"
	hcmv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/http_connection_manager/v3"
	matcherv3 "github.com/envoyproxy/go-control-plane/envoy/type/matcher/v3"
	typev3 "github.com/envoyproxy/go-control-plane/envoy/type/v3"
	"google.golang.org/protobuf/types/known/anypb"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/gatewaykit/gatewaykit/ir"
)

// Local rate limiting has one filter, HTTPFilterLocalRateLimit, in every
// connection manager with a route that limits locally. The filter itself
// limits nothing; each such route configures it per route: a token bucket
// for the route (the IR's Default), and one descriptor with its own bucket
// per rule and method (a rule with several methods becomes one descriptor
// per method). Descriptor keys are rule-<i>-match-<j>, rule-<i>-method,
// rule-<i>-path and rule-<i>-masked-remote-address /
// rule-<i>-remote-address, i being the rule's index and j the match's
// among its header and then query parameter matches.

const (
	// localRateLimitStatPrefix prefixes the local rate limit's stats.
	localRateLimitStatPrefix = "http_local_rate_limiter"
	// localRateLimitMaxDynamicDescriptors bounds the buckets that distinct
	// matches create.
	localRateLimitMaxDynamicDescriptors = 10000
	// remoteAddressFormat is the client address without its port.
	remoteAddressFormat = "%DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT%"
	// invertedDescriptorPrefix marks the descriptor value of an inverted
	// address match.
	invertedDescriptorPrefix = "invert:"
)

// routeLocalRateLimit returns r's local rate limit; nil when it has none.
func routeLocalRateLimit(r *ir.HTTPRoute) *ir.LocalRateLimit {
	if r == nil || r.Traffic == nil || r.Traffic.RateLimit == nil {
		return nil
	}
	return r.Traffic.RateLimit.Local
}

// localRateLimitFilters adds the local rate limit filter when a route of
// ls limits locally.
func localRateLimitFilters(_ *builder, ls []*ir.HTTPListener) ([]*hcmv3.HttpFilter, error) {
	if !anyRoute(ls, func(r *ir.HTTPRoute) bool { return routeLocalRateLimit(r) != nil }) {
		return nil, nil
	}
	return httpFilter(HTTPFilterLocalRateLimit, &localrlv3.LocalRateLimit{
		StatPrefix:            localRateLimitStatPrefix,
		MaxDynamicDescriptors: wrapperspb.UInt32(localRateLimitMaxDynamicDescriptors),
	})
}

// localRateLimitPerRoute configures the local rate limit of r.
func localRateLimitPerRoute(r *ir.HTTPRoute, path string) (map[string]*anypb.Any, error) {
	local := routeLocalRateLimit(r)
	if local == nil || r.Destination == nil {
		return nil, nil
	}
	p := path + ".traffic.rateLimit.local"
	bucket, err := tokenBucket(local.Default, p+".default")
	if err != nil {
		return nil, err
	}
	headers := rlv3.XRateLimitHeadersRFCVersion_DRAFT_VERSION_03
	if local.DefaultXRateLimitOption != nil && *local.DefaultXRateLimitOption == xRateLimitDisable {
		headers = rlv3.XRateLimitHeadersRFCVersion_OFF
	}
	all := &corev3.RuntimeFractionalPercent{DefaultValue: &typev3.FractionalPercent{Numerator: 100}}
	cfg := &localrlv3.LocalRateLimit{
		StatPrefix:                      localRateLimitStatPrefix,
		TokenBucket:                     bucket,
		FilterEnabled:                   all,
		FilterEnforced:                  all,
		EnableXRatelimitHeaders:         headers,
		AlwaysConsumeDefaultTokenBucket: wrapperspb.Bool(false),
	}
	for i, rule := range local.Rules {
		rp := fmt.Sprintf("%s.rules[%d]", p, i)
		if rule == nil {
			return nil, fmt.Errorf("%s: must not be null", rp)
		}
		rb, err := tokenBucket(rule.Limit, rp+".limit")
		if err != nil {
			return nil, err
		}
		methods := rule.MethodMatches
		if len(methods) == 0 {
			methods = []*ir.StringMatch{nil}
		}
		for _, method := range methods {
			actions, entries, err := localRuleActions(i, rule, method, rp)
			if err != nil {
				return nil, err
			}
			cfg.RateLimits = append(cfg.RateLimits, &routev3.RateLimit{Actions: actions, XRatelimitOption: xRateLimitOption(rule.XRateLimitOption)})
			cfg.Descriptors = append(cfg.Descriptors, &rlv3.LocalRateLimitDescriptor{
				Entries:     entries,
				TokenBucket: rb,
				ShadowMode:  rule.ShadowMode != nil && *rule.ShadowMode,
			})
		}
	}
	a, err := packAny(cfg)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	return map[string]*anypb.Any{HTTPFilterLocalRateLimit: a}, nil
}

// The values of a rule's XRateLimitOption.
const (
	xRateLimitDisable = "Disable"
	xRateLimitEnable  = "DraftVersion03"
)

// xRateLimitOption maps a rule's x-ratelimit header option to Envoy's;
// unset inherits the filter's.
func xRateLimitOption(o *string) routev3.RateLimit_XRateLimitOption {
	switch {
	case o == nil:
		return routev3.RateLimit_UNSPECIFIED
	case *o == xRateLimitDisable:
		return routev3.RateLimit_OFF
	case *o == xRateLimitEnable:
		return routev3.RateLimit_DRAFT_VERSION_03
	}
	return routev3.RateLimit_UNSPECIFIED
}

// tokenBucket is a bucket of v.Requests tokens refilled every v.Unit.
func tokenBucket(v ir.RateLimitValue, path string) (*typev3.TokenBucket, error) {
	secs := v.Unit.Seconds()
	if secs == 0 {
		return nil, fmt.Errorf("%s.unit: unknown unit %q", path, v.Unit)
	}
	if v.Requests == 0 {
		return nil, fmt.Errorf("%s.requests: must be greater than zero", path)
	}
	return &typev3.TokenBucket{
		MaxTokens:     v.Requests,
		TokensPerFill: wrapperspb.UInt32(v.Requests),
		FillInterval:  durationpb.New(time.Duration(secs) * time.Second),
	}, nil
}

// localRuleActions returns the rate limit actions and descriptor entries
// of rule i (with one of its methods, or none): headers, method, path,
// client address, query parameters.
func localRuleActions(i int, rule *ir.RateLimitRule, method *ir.StringMatch, path string) ([]*routev3.RateLimit_Action, []*rlv3.RateLimitDescriptor_Entry, error) {
	var (
		actions []*routev3.RateLimit_Action
		entries []*rlv3.RateLimitDescriptor_Entry
	)
	key := func(j int) string { return "rule-" + strconv.Itoa(i) + "-match-" + strconv.Itoa(j) }
	for j, m := range rule.HeaderMatches {
		mp := fmt.Sprintf("%s.headerMatches[%d]", path, j)
		if m == nil || m.Name == "" {
			return nil, nil, fmt.Errorf("%s.name: must not be empty", mp)
		}
		if m.Distinct {
			actions = append(actions, &routev3.RateLimit_Action{ActionSpecifier: &routev3.RateLimit_Action_RequestHeaders_{
				RequestHeaders: &routev3.RateLimit_Action_RequestHeaders{HeaderName: m.Name, DescriptorKey: key(j)},
			}})
			entries = append(entries, &rlv3.RateLimitDescriptor_Entry{Key: key(j)})
			continue
		}
		a, err := headerValueMatchAction(key(j), m.Name, m, mp)
		if err != nil {
			return nil, nil, err
		}
		actions = append(actions, a)
		entries = append(entries, &rlv3.RateLimitDescriptor_Entry{Key: key(j), Value: key(j)})
	}
	if method != nil {
		k := "rule-" + strconv.Itoa(i) + "-method"
		a, err := headerValueMatchAction(k, ":method", method, path+".methodMatches")
		if err != nil {
			return nil, nil, err
		}
		actions = append(actions, a)
		entries = append(entries, &rlv3.RateLimitDescriptor_Entry{Key: k, Value: k})
	}
	if rule.PathMatch != nil {
		k := "rule-" + strconv.Itoa(i) + "-path"
		a, err := headerValueMatchAction(k, ":path", rule.PathMatch, path+".pathMatch")
		if err != nil {
			return nil, nil, err
		}
		actions = append(actions, a)
		entries = append(entries, &rlv3.RateLimitDescriptor_Entry{Key: k, Value: k})
	}
	if c := rule.CIDRMatch; c != nil {
		masked := "rule-" + strconv.Itoa(i) + "-masked-remote-address"
		a, err := remoteAddressAction(c, masked, cidrDescriptorValue(c), path+".cidrMatch")
		if err != nil {
			return nil, nil, err
		}
		actions = append(actions, a)
		entries = append(entries, &rlv3.RateLimitDescriptor_Entry{Key: masked, Value: cidrDescriptorValue(c)})
		if c.Distinct {
			remote := "rule-" + strconv.Itoa(i) + "-remote-address"
			a, _ := remoteAddressAction(c, remote, remoteAddressFormat, path+".cidrMatch")
			actions = append(actions, a)
			entries = append(entries, &rlv3.RateLimitDescriptor_Entry{Key: remote})
		}
	}
	for j, q := range rule.QueryParamMatches {
		mp := fmt.Sprintf("%s.queryParamMatches[%d]", path, j)
		if q == nil || q.Name == "" {
			return nil, nil, fmt.Errorf("%s.name: must not be empty", mp)
		}
		k := key(len(rule.HeaderMatches) + j)
		if q.Distinct {
			actions = append(actions, &routev3.RateLimit_Action{ActionSpecifier: &routev3.RateLimit_Action_QueryParameters_{
				QueryParameters: &routev3.RateLimit_Action_QueryParameters{QueryParameterName: q.Name, DescriptorKey: k},
			}})
			entries = append(entries, &rlv3.RateLimitDescriptor_Entry{Key: k})
			continue
		}
		sm, err := stringMatcher(q, mp)
		if err != nil {
			return nil, nil, err
		}
		actions = append(actions, &routev3.RateLimit_Action{ActionSpecifier: &routev3.RateLimit_Action_QueryParameterValueMatch_{
			QueryParameterValueMatch: &routev3.RateLimit_Action_QueryParameterValueMatch{
				DescriptorKey:   k,
				DescriptorValue: k,
				ExpectMatch:     wrapperspb.Bool(q.Invert == nil || !*q.Invert),
				QueryParameters: []*routev3.QueryParameterMatcher{{
					Name:                         q.Name,
					QueryParameterMatchSpecifier: &routev3.QueryParameterMatcher_StringMatch{StringMatch: sm},
				}},
			},
		}})
		entries = append(entries, &rlv3.RateLimitDescriptor_Entry{Key: k, Value: k})
	}
	return actions, entries, nil
}

// headerValueMatchAction is the action that sets descriptor key=key when
// header matches m (or does not, when m is inverted).
func headerValueMatchAction(key, header string, m *ir.StringMatch, path string) (*routev3.RateLimit_Action, error) {
	sm, err := stringMatcher(m, path)
	if err != nil {
		return nil, err
	}
	return &routev3.RateLimit_Action{ActionSpecifier: &routev3.RateLimit_Action_HeaderValueMatch_{
		HeaderValueMatch: &routev3.RateLimit_Action_HeaderValueMatch{
			DescriptorKey:   key,
			DescriptorValue: key,
			ExpectMatch:     wrapperspb.Bool(m.Invert == nil || !*m.Invert),
			Headers:         []*routev3.HeaderMatcher{{Name: header, HeaderMatchSpecifier: &routev3.HeaderMatcher_StringMatch{StringMatch: sm}}},
		},
	}}, nil
}

// cidrDescriptorValue is the descriptor value of a client address match.
func cidrDescriptorValue(c *ir.CIDRMatch) string {
	if c.Invert {
		return invertedDescriptorPrefix + c.CIDR
	}
	return c.CIDR
}

// remoteAddressAction is the action that sets key=value when the client
// address is in (or, inverted, outside) c.
func remoteAddressAction(c *ir.CIDRMatch, key, value, path string) (*routev3.RateLimit_Action, error) {
	prefix, err := netipPrefix(c.CIDR)
	if err != nil {
		return nil, fmt.Errorf("%s.cidr: %w", path, err)
	}
	return &routev3.RateLimit_Action{ActionSpecifier: &routev3.RateLimit_Action_RemoteAddressMatch_{
		RemoteAddressMatch: &routev3.RateLimit_Action_RemoteAddressMatch{
			DescriptorKey:   key,
			DescriptorValue: value,
			AddressMatcher: &matcherv3.AddressMatcher{
				Ranges:      []*xdscorev3.CidrRange{{AddressPrefix: prefix, PrefixLen: wrapperspb.UInt32(c.MaskLen)}},
				InvertMatch: c.Invert,
			},
		},
	}}, nil
}

// netipPrefix returns the masked address of a CIDR.
func netipPrefix(cidr string) (string, error) {
	p, err := netip.ParsePrefix(cidr)
	if err != nil {
		return "", err
	}
	return p.Masked().Addr().String(), nil
}
