package translator

import (
	"errors"
	"fmt"
	"net"
	"regexp"

	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// The rate limit and bandwidth limit checks of a BackendTrafficPolicy. Each
// returns the first problem it finds, unprefixed, with Envoy Gateway's text.

// btpRateLimitSeconds is the length of each rate limit unit, as Envoy
// Gateway counts it (a month is 30 days, a year 365).
var btpRateLimitSeconds = map[egv1a1.RateLimitUnit]int64{
	egv1a1.RateLimitUnitSecond: 1,
	egv1a1.RateLimitUnitMinute: 60,
	egv1a1.RateLimitUnitHour:   60 * 60,
	egv1a1.RateLimitUnitDay:    24 * 60 * 60,
	egv1a1.RateLimitUnitWeek:   7 * 24 * 60 * 60,
	egv1a1.RateLimitUnitMonth:  30 * 24 * 60 * 60,
	egv1a1.RateLimitUnitYear:   365 * 24 * 60 * 60,
}

// btpCheckRateLimit checks spec.rateLimit. The deprecated type field, when
// set, selects the one of local and global that is used; otherwise both are
// checked, local first. Global rate limiting is taken to be enabled (the
// rate limit service is the caller's deployment concern).
func btpCheckRateLimit(rl *egv1a1.RateLimitSpec) error {
	if rl == nil {
		return nil
	}
	if rl.Type != nil {
		switch *rl.Type {
		case egv1a1.RateLimitTypeGlobal:
			return btpCheckGlobalRateLimit(rl.Global)
		case egv1a1.RateLimitTypeLocal:
			return btpCheckLocalRateLimit(rl.Local)
		}
		return fmt.Errorf("invalid rateLimit type: %s", *rl.Type)
	}
	if rl.Local != nil {
		if err := btpCheckLocalRateLimit(rl.Local); err != nil {
			return err
		}
	}
	if rl.Global != nil {
		return btpCheckGlobalRateLimit(rl.Global)
	}
	return nil
}

// btpCheckLocalRateLimit checks local rate limit rules. Envoy's local rate
// limit needs one route-level limit: the rule without client selectors, of
// which there may be at most one (without it the limit is unbounded, per
// second). Every rule's unit must be a multiple of that limit's unit.
func btpCheckLocalRateLimit(local *egv1a1.LocalRateLimit) error {
	if local == nil {
		return errors.New("local configuration empty for rateLimit")
	}
	defaultUnit := egv1a1.RateLimitUnitSecond
	seenDefault := false
	for _, rule := range local.Rules {
		if len(rule.ClientSelectors) > 0 {
			continue
		}
		if seenDefault {
			return errors.New("local rateLimit can not have more than one rule without clientSelectors")
		}
		seenDefault = true
		defaultUnit = rule.Limit.Unit
	}
	defaultSeconds := btpRateLimitSeconds[defaultUnit]
	for _, rule := range local.Rules {
		if defaultSeconds == 0 || btpRateLimitSeconds[rule.Limit.Unit]%defaultSeconds != 0 {
			return errors.New("local rateLimit rule limit unit must be a multiple of the default limit unit")
		}
	}
	for i := range local.Rules {
		if err := btpCheckRateLimitValue("local", i, local.Rules[i].Limit); err != nil {
			return err
		}
		if len(local.Rules[i].ClientSelectors) == 0 {
			continue
		}
		if err := btpCheckRateLimitRule(&local.Rules[i]); err != nil {
			return err
		}
	}
	return nil
}

// btpCheckGlobalRateLimit checks global rate limit rules.
func btpCheckGlobalRateLimit(global *egv1a1.GlobalRateLimit) error {
	if global == nil {
		return errors.New("global configuration empty for rateLimit")
	}
	for i := range global.Rules {
		if err := btpCheckRateLimitValue("global", i, global.Rules[i].Limit); err != nil {
			return err
		}
		if err := btpCheckRateLimitRule(&global.Rules[i]); err != nil {
			return err
		}
	}
	return nil
}

// btpCheckRateLimitValue rejects a limit the published schema refuses and
// Envoy cannot enforce: an unknown unit, or no requests at all. kind is
// "local" or "global", i the rule's index, for the field path.
func btpCheckRateLimitValue(kind string, i int, v egv1a1.RateLimitValue) error {
	if btpRateLimitSeconds[v.Unit] == 0 {
		return fmt.Errorf("spec.rateLimit.%s.rules[%d].limit.unit: unknown rate limit unit %q", kind, i, v.Unit)
	}
	if v.Requests < 1 && v.FromMetadata == nil {
		return fmt.Errorf("spec.rateLimit.%s.rules[%d].limit.requests: must be at least 1, not %d", kind, i, v.Requests)
	}
	return nil
}

// btpCheckRateLimitRule checks one rule's client selectors: each must select
// on something, regular expressions must compile, CIDRs must parse, and
// Distinct matches take neither a value nor invert.
func btpCheckRateLimitRule(rule *egv1a1.RateLimitRule) error {
	for i := range rule.ClientSelectors {
		sel := &rule.ClientSelectors[i]
		if len(sel.Headers) == 0 && len(sel.Methods) == 0 && sel.Path == nil &&
			sel.SourceCIDR == nil && len(sel.QueryParams) == 0 {
			return errors.New("unable to translate rateLimit. At least one of the " +
				"header or method or path or sourceCIDR or queryParameters must be specified")
		}
		for j := range sel.Headers {
			if err := btpCheckRateLimitHeader(&sel.Headers[j]); err != nil {
				return err
			}
		}
		if sel.Path != nil {
			if err := btpCheckRateLimitPath(sel.Path); err != nil {
				return err
			}
		}
		if sel.SourceCIDR != nil {
			if _, _, err := net.ParseCIDR(sel.SourceCIDR.Value); err != nil {
				return fmt.Errorf("unable to translate rateLimit: %w", err)
			}
		}
		for j := range sel.QueryParams {
			if err := btpCheckRateLimitQueryParam(&sel.QueryParams[j]); err != nil {
				return err
			}
		}
	}
	return nil
}

// btpCheckRateLimitHeader checks a header condition. A missing type means
// Exact, the schema's default.
func btpCheckRateLimitHeader(h *egv1a1.HeaderMatch) error {
	typ := egv1a1.HeaderMatchTypeExact
	if h.Type != nil {
		typ = *h.Type
	}
	switch {
	case typ == egv1a1.HeaderMatchTypeExact && h.Value != nil:
		return nil
	case typ == egv1a1.HeaderMatchTypeRegularExpression && h.Value != nil:
		return btpCheckRegex(*h.Value)
	case typ == egv1a1.HeaderMatchTypeDistinct && h.Value == nil:
		if h.Invert != nil && *h.Invert {
			return errors.New("unable to translate rateLimit.Invert is not applicable for distinct header match type")
		}
		return nil
	}
	return errors.New("unable to translate rateLimit. Either the header.Type is not valid or the header is missing a value")
}

// btpCheckRateLimitPath checks a path condition. A missing type means
// PathPrefix, the schema's default.
func btpCheckRateLimitPath(p *egv1a1.PathMatch) error {
	typ := gwapiv1.PathMatchPathPrefix
	if p.Type != nil {
		typ = *p.Type
	}
	switch typ {
	case gwapiv1.PathMatchPathPrefix, gwapiv1.PathMatchExact:
		return nil
	case gwapiv1.PathMatchRegularExpression:
		return btpCheckRegex(p.Value)
	}
	return errors.New("unable to translate rateLimit: invalid path type.")
}

// btpCheckRateLimitQueryParam checks a query parameter condition. A missing
// type means Exact, the schema's default.
func btpCheckRateLimitQueryParam(q *egv1a1.QueryParamMatch) error {
	if q.Name == "" {
		return errors.New("name is required when QueryParamMatch is specified")
	}
	typ := egv1a1.QueryParamMatchTypeExact
	if q.Type != nil {
		typ = *q.Type
	}
	switch typ {
	case egv1a1.QueryParamMatchTypeExact:
		if q.Value == nil || *q.Value == "" {
			return errors.New("value is required for Exact query parameter match")
		}
	case egv1a1.QueryParamMatchTypeRegularExpression:
		if q.Value == nil || *q.Value == "" {
			return errors.New("value is required for RegularExpression query parameter match")
		}
		return btpCheckRegex(*q.Value)
	case egv1a1.QueryParamMatchTypeDistinct:
		if q.Invert != nil && *q.Invert {
			return errors.New("unable to translate rateLimit.Invert is not applicable for distinct query parameter match type")
		}
		if q.Value != nil {
			return errors.New("unable to translate rateLimit.Value is not applicable for distinct query parameter match type")
		}
	default:
		return fmt.Errorf("invalid query parameter match type: %s", typ)
	}
	return nil
}

// btpCheckRegex checks that s is a regular expression Envoy accepts (RE2,
// which Go's regexp implements).
func btpCheckRegex(s string) error {
	if _, err := regexp.Compile(s); err != nil {
		return fmt.Errorf("regex %q is invalid: %w", s, err)
	}
	return nil
}

// btpCheckBandwidthLimit checks spec.bandwidthLimit: each direction's limit
// must be a whole, non-negative number of bytes of at least 1 KiB per
// second, the least Envoy can enforce.
func btpCheckBandwidthLimit(bl *egv1a1.BandwidthLimitSpec) error {
	if bl == nil {
		return nil
	}
	if bl.Request != nil {
		if err := btpCheckBandwidthValue("request", &bl.Request.Limit); err != nil {
			return err
		}
	}
	if bl.Response != nil {
		if err := btpCheckBandwidthValue("response", &bl.Response.Limit); err != nil {
			return err
		}
	}
	return nil
}

// btpCheckBandwidthValue checks one direction's bandwidth limit; dir is
// "request" or "response".
func btpCheckBandwidthValue(dir string, v *egv1a1.BandwidthLimitValue) error {
	bytes, ok := v.Value.AsInt64()
	if !ok {
		return fmt.Errorf("%s limit value must be convertible to an int64", dir)
	}
	if bytes < 0 {
		return fmt.Errorf("%s limit value must be positive", dir)
	}
	per := uint64(1)
	switch v.Unit {
	case egv1a1.BandwidthLimitUnitMinute:
		per = 60
	case egv1a1.BandwidthLimitUnitHour:
		per = 60 * 60
	}
	if uint64(bytes)/(per*1024) == 0 {
		return fmt.Errorf("%s: bandwidth limit of %d bytes per %s is below the minimum of 1 KiB/s", dir, bytes, v.Unit)
	}
	return nil
}
