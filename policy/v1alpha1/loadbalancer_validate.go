package v1alpha1

import (
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// validateLoadBalancer checks a load balancer: its type chooses which of the
// algorithm-specific settings may be given.
func validateLoadBalancer(lb *LoadBalancer, p *field.Path) field.ErrorList {
	if lb == nil {
		return nil
	}
	errs := requiredEnum(lb.Type, p.Child("type"),
		LoadBalancerTypeConsistentHash, LoadBalancerTypeLeastRequest, LoadBalancerTypeRandom,
		LoadBalancerTypeRoundRobin, LoadBalancerTypeBackendUtilization, LoadBalancerTypeDynamicModule)
	errs = append(errs, validateConsistentHash(lb.ConsistentHash, p.Child("consistentHash"))...)
	errs = append(errs, validateBackendUtilization(lb.BackendUtilization, p.Child("backendUtilization"))...)
	errs = append(errs, validateEndpointOverride(lb.EndpointOverride, p.Child("endpointOverride"))...)
	if lb.SlowStart != nil {
		errs = append(errs, requiredDuration(lb.SlowStart.Window, p.Child("slowStart", "window"))...)
	}
	errs = append(errs, validateZoneAware(lb.ZoneAware, p.Child("zoneAware"))...)
	errs = append(errs, validateDynamicModuleLB(lb.DynamicModule, p.Child("dynamicModule"))...)
	if lb.Type == "" {
		return errs
	}
	return append(errs, loadBalancerUnion(lb, p)...)
}

// loadBalancerUnion checks which optional settings the load balancer type
// allows.
func loadBalancerUnion(lb *LoadBalancer, p *field.Path) field.ErrorList {
	errs := unionMember(p, "consistentHash", lb.ConsistentHash != nil, lb.Type, LoadBalancerTypeConsistentHash)
	errs = append(errs, unionMember(p, "backendUtilization", lb.BackendUtilization != nil, lb.Type, LoadBalancerTypeBackendUtilization)...)
	errs = append(errs, unionMember(p, "dynamicModule", lb.DynamicModule != nil, lb.Type, LoadBalancerTypeDynamicModule)...)
	errs = append(errs, forbiddenWithType(p, "slowStart", lb.SlowStart != nil, lb.Type,
		LoadBalancerTypeRandom, LoadBalancerTypeConsistentHash, LoadBalancerTypeDynamicModule)...)
	errs = append(errs, forbiddenWithType(p, "zoneAware", lb.ZoneAware != nil, lb.Type, LoadBalancerTypeDynamicModule)...)
	errs = append(errs, forbiddenWithType(p, "endpointOverride", lb.EndpointOverride != nil, lb.Type, LoadBalancerTypeDynamicModule)...)
	preferLocal := lb.ZoneAware != nil && lb.ZoneAware.PreferLocal != nil
	return append(errs, forbiddenWithType(p.Child("zoneAware"), "preferLocal", preferLocal, lb.Type,
		LoadBalancerTypeConsistentHash, LoadBalancerTypeBackendUtilization)...)
}

// validateConsistentHash checks consistent hashing: its type chooses the one
// hash input that must be given.
func validateConsistentHash(ch *ConsistentHash, p *field.Path) field.ErrorList {
	if ch == nil {
		return nil
	}
	errs := requiredEnum(ch.Type, p.Child("type"), ConsistentHashTypeSourceIP, ConsistentHashTypeHeader,
		ConsistentHashTypeHeaders, ConsistentHashTypeCookie, ConsistentHashTypeQueryParams)
	if ch.Header != nil {
		errs = append(errs, required(ch.Header.Name != "", p.Child("header", "name"))...)
	}
	for i, h := range ch.Headers {
		errs = append(errs, required(h.Name != "", p.Child("headers").Index(i).Child("name"))...)
	}
	if ch.Cookie != nil {
		errs = append(errs, required(ch.Cookie.Name != "", p.Child("cookie", "name"))...)
		errs = append(errs, optionalDuration(ch.Cookie.TTL, p.Child("cookie", "ttl"))...)
	}
	for i, q := range ch.QueryParams {
		errs = append(errs, required(q.Name != "", p.Child("queryParams").Index(i).Child("name"))...)
	}
	errs = append(errs, optionalIntRange(ch.TableSize, p.Child("tableSize"), 2, 5000011)...)
	if ch.Type == "" {
		return errs
	}
	errs = append(errs, unionMember(p, "header", ch.Header != nil, ch.Type, ConsistentHashTypeHeader)...)
	errs = append(errs, unionMember(p, "headers", ch.Headers != nil, ch.Type, ConsistentHashTypeHeaders)...)
	errs = append(errs, unionMember(p, "cookie", ch.Cookie != nil, ch.Type, ConsistentHashTypeCookie)...)
	return append(errs, unionMember(p, "queryParams", ch.QueryParams != nil, ch.Type, ConsistentHashTypeQueryParams)...)
}

// validateBackendUtilization checks load balancing on reported backend
// utilization.
func validateBackendUtilization(bu *BackendUtilization, p *field.Path) field.ErrorList {
	if bu == nil {
		return nil
	}
	errs := optionalDuration(bu.BlackoutPeriod, p.Child("blackoutPeriod"))
	errs = append(errs, optionalDuration(bu.WeightExpirationPeriod, p.Child("weightExpirationPeriod"))...)
	errs = append(errs, optionalDuration(bu.WeightUpdatePeriod, p.Child("weightUpdatePeriod"))...)
	errs = append(errs, optionalIntRange(bu.ErrorUtilizationPenaltyPercent, p.Child("errorUtilizationPenaltyPercent"), 0, noMax)...)
	return append(errs, validateOutOfBand(bu.OutOfBand, p.Child("outOfBand"))...)
}

// validateOutOfBand checks out-of-band load reporting; its reporting period
// must be positive.
func validateOutOfBand(o *OutOfBandReporting, p *field.Path) field.ErrorList {
	if o == nil {
		return nil
	}
	errs := optionalDuration(o.ReportingPeriod, p.Child("reportingPeriod"))
	if o.ReportingPeriod != nil {
		if d, ok := parseDuration(*o.ReportingPeriod); ok && d <= 0 {
			errs = append(errs, field.Invalid(p.Child("reportingPeriod"), string(*o.ReportingPeriod), "must be longer than zero"))
		}
	}
	errs = append(errs, optionalIntRange(o.Port, p.Child("port"), 1, 65535)...)
	authority := stringFormat{minLen: 1, maxLen: 259, pattern: singleLinePattern, what: singleLineFormat.what}
	return append(errs, optionalString(o.Authority, p.Child("authority"), authority)...)
}

// validateEndpointOverride checks where the endpoint override is read from.
func validateEndpointOverride(eo *EndpointOverride, p *field.Path) field.ErrorList {
	if eo == nil {
		return nil
	}
	if eo.ExtractFrom == nil {
		return field.ErrorList{field.Required(p.Child("extractFrom"), "")}
	}
	return itemCount(eo.ExtractFrom, p.Child("extractFrom"), 1, 10)
}

// validateZoneAware checks zone-aware routing: preferring the local zone and
// weighting zones explicitly exclude each other.
func validateZoneAware(z *ZoneAware, p *field.Path) field.ErrorList {
	if z == nil {
		return nil
	}
	var errs field.ErrorList
	if z.PreferLocal != nil {
		errs = append(errs, optionalIntRange(z.PreferLocal.PercentageEnabled, p.Child("preferLocal", "percentageEnabled"), 0, 100)...)
	}
	for i, wz := range z.WeightedZones {
		errs = append(errs, required(wz.Zone != "", p.Child("weightedZones").Index(i).Child("zone"))...)
	}
	errs = append(errs, uniqueKeys(z.WeightedZones, p.Child("weightedZones"), func(w WeightedZoneConfig) string { return w.Zone })...)
	return append(errs, atMostOne(p, member{"preferLocal", z.PreferLocal != nil}, member{"weightedZones", z.WeightedZones != nil})...)
}

// validateDynamicModuleLB checks a load balancer provided by a dynamic module.
func validateDynamicModuleLB(dm *DynamicModuleLBPolicy, p *field.Path) field.ErrorList {
	if dm == nil {
		return nil
	}
	errs := requiredString(dm.Name, p.Child("name"), moduleNameFormat)
	return append(errs, requiredString(dm.LBPolicyName, p.Child("lbPolicyName"), stringFormat{minLen: 1, maxLen: 253})...)
}
