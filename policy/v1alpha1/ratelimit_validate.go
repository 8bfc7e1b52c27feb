package v1alpha1

import (
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// rateLimitUnits are the periods a rate limit may count requests over.
var rateLimitUnits = []RateLimitUnit{
	RateLimitUnitSecond, RateLimitUnitMinute, RateLimitUnitHour, RateLimitUnitDay,
	RateLimitUnitWeek, RateLimitUnitMonth, RateLimitUnitYear,
}

// rateLimitNameFormat is the format of a header or query parameter name in a
// rate limit selector.
var rateLimitNameFormat = stringFormat{minLen: 1, maxLen: 256}

// validateRateLimit checks global and local rate limits.
func validateRateLimit(rl *RateLimitSpec, p *field.Path) field.ErrorList {
	if rl == nil {
		return nil
	}
	errs := optionalEnum(rl.Type, p.Child("type"), RateLimitTypeGlobal, RateLimitTypeLocal)
	if rl.Global != nil {
		rp := p.Child("global", "rules")
		errs = append(errs, required(rl.Global.Rules != nil, rp)...)
		errs = append(errs, validateRateLimitRules(rl.Global.Rules, rp, 256)...)
	}
	if rl.Local != nil {
		errs = append(errs, validateLocalRateLimitRules(rl.Local.Rules, p.Child("local", "rules"))...)
	}
	return errs
}

// validateLocalRateLimitRules checks local rate limit rules, which are
// enforced by each Envoy alone: they cannot charge responses, nor read their
// limit from request metadata.
func validateLocalRateLimitRules(rules []RateLimitRule, p *field.Path) field.ErrorList {
	errs := validateRateLimitRules(rules, p, 16)
	for i, r := range rules {
		if r.Cost != nil && r.Cost.Response != nil {
			errs = append(errs, field.Forbidden(p.Index(i).Child("cost", "response"), "is not supported by local rate limits"))
		}
		if r.Limit.FromMetadata != nil {
			errs = append(errs, field.Forbidden(p.Index(i).Child("limit", "fromMetadata"), "is not supported by local rate limits"))
		}
	}
	return errs
}

// validateRateLimitRules checks a list of at most max rate limit rules.
func validateRateLimitRules(rules []RateLimitRule, p *field.Path, max int) field.ErrorList {
	errs := maxItems(len(rules), p, max)
	for i := range rules {
		errs = append(errs, validateRateLimitRule(&rules[i], p.Index(i))...)
	}
	return errs
}

// validateRateLimitRule checks one rate limit rule.
func validateRateLimitRule(r *RateLimitRule, p *field.Path) field.ErrorList {
	sp := p.Child("clientSelectors")
	errs := maxItems(len(r.ClientSelectors), sp, 8)
	for i := range r.ClientSelectors {
		errs = append(errs, validateRateLimitSelector(&r.ClientSelectors[i], sp.Index(i))...)
	}
	errs = append(errs, validateRateLimitValue(&r.Limit, p.Child("limit"))...)
	if r.Cost != nil {
		errs = append(errs, validateRateLimitCost(r.Cost.Request, p.Child("cost", "request"))...)
		errs = append(errs, validateRateLimitCost(r.Cost.Response, p.Child("cost", "response"))...)
	}
	return append(errs, optionalEnum(r.XRateLimitHeaders, p.Child("xRateLimitHeaders"),
		XRateLimitHeadersOptionOff, XRateLimitHeadersOptionDraftVersion03)...)
}

// validateRateLimitSelector checks which requests a rule counts; a selector
// must give at least one condition.
func validateRateLimitSelector(s *RateLimitSelectCondition, p *field.Path) field.ErrorList {
	hp := p.Child("headers")
	errs := maxItems(len(s.Headers), hp, 128)
	for i, h := range s.Headers {
		errs = append(errs, optionalEnum(h.Type, hp.Index(i).Child("type"), HeaderMatchTypeExact, HeaderMatchTypeRegularExpression, HeaderMatchTypeDistinct)...)
		errs = append(errs, requiredString(h.Name, hp.Index(i).Child("name"), rateLimitNameFormat)...)
		errs = append(errs, optionalString(h.Value, hp.Index(i).Child("value"), stringFormat{maxLen: 1024})...)
	}
	for i, m := range s.Methods {
		errs = append(errs, requiredEnum(m.Value, p.Child("methods").Index(i).Child("value"), httpMethods...)...)
	}
	errs = append(errs, validatePathMatch(s.Path, p.Child("path"))...)
	if c := s.SourceCIDR; c != nil {
		cp := p.Child("sourceCIDR")
		errs = append(errs, optionalEnum(c.Type, cp.Child("type"), SourceMatchTypeExact, SourceMatchTypeDistinct)...)
		errs = append(errs, requiredString(c.Value, cp.Child("value"), stringFormat{minLen: 1, maxLen: 256})...)
	}
	qp := p.Child("queryParams")
	errs = append(errs, maxItems(len(s.QueryParams), qp, 16)...)
	for i, q := range s.QueryParams {
		errs = append(errs, optionalEnum(q.Type, qp.Index(i).Child("type"), QueryParamMatchTypeExact, QueryParamMatchTypeRegularExpression, QueryParamMatchTypeDistinct)...)
		errs = append(errs, requiredString(q.Name, qp.Index(i).Child("name"), rateLimitNameFormat)...)
		errs = append(errs, optionalString(q.Value, qp.Index(i).Child("value"), stringFormat{maxLen: 1024})...)
	}
	return append(errs, atLeastOne(p,
		member{"headers", s.Headers != nil}, member{"methods", s.Methods != nil}, member{"path", s.Path != nil},
		member{"sourceCIDR", s.SourceCIDR != nil}, member{"queryParams", s.QueryParams != nil})...)
}

// validateRateLimitValue checks a limit: a request count (an unsigned 32-bit
// number) per unit of time.
func validateRateLimitValue(v *RateLimitValue, p *field.Path) field.ErrorList {
	errs := intRange(v.Requests, p.Child("requests"), 0, 1<<32-1)
	errs = append(errs, requiredEnum(v.Unit, p.Child("unit"), rateLimitUnits...)...)
	if m := v.FromMetadata; m != nil {
		mp := p.Child("fromMetadata")
		errs = append(errs, requiredString(m.Namespace, mp.Child("namespace"), nonEmptyFormat)...)
		errs = append(errs, requiredString(m.Key, mp.Child("key"), nonEmptyFormat)...)
	}
	return errs
}

// validateRateLimitCost checks how much a request or response is charged: a
// fixed number or a number read from metadata, not both.
func validateRateLimitCost(c *RateLimitCostSpecifier, p *field.Path) field.ErrorList {
	if c == nil {
		return nil
	}
	errs := requiredEnum(c.From, p.Child("from"), RateLimitCostFromNumber, RateLimitCostFromMetadata)
	if m := c.Metadata; m != nil {
		errs = append(errs, required(m.Namespace != "", p.Child("metadata", "namespace"))...)
		errs = append(errs, required(m.Key != "", p.Child("metadata", "key"))...)
	}
	return append(errs, atMostOne(p, member{"number", c.Number != nil}, member{"metadata", c.Metadata != nil})...)
}
