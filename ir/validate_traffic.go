package ir

import (
	"net/netip"
	"strings"
)

// Limits Envoy puts on cluster-level values.
const (
	// maxMaglevTableSize is the largest Maglev table Envoy accepts.
	maxMaglevTableSize = 5000011
	// minHTTP2Window and maxHTTP2Window bound HTTP/2 flow-control windows.
	minHTTP2Window = 65535
	maxHTTP2Window = 2147483647
)

// traffic checks the traffic features t at p: those of a route, or of a
// policy's external service. See Validate for the rules.
func (v *validator) traffic(p string, t *TrafficFeatures) {
	if t == nil {
		return
	}
	for i, u := range t.HTTPUpgrade {
		up := indexPath(fieldPath(p, "httpUpgrade"), i)
		if u.Type == "" {
			v.add(fieldPath(up, "type"), "must not be empty")
		}
		if u.Connect != nil && !strings.EqualFold(u.Type, "CONNECT") {
			v.add(fieldPath(up, "connect"), "is only for the CONNECT upgrade type, not %q", u.Type)
		}
	}
	if to := t.Timeout; to != nil {
		if to.TCP != nil {
			v.duration(fieldPath(p, "timeout.tcp.connectTimeout"), to.TCP.ConnectTimeout)
		}
		if h := to.HTTP; h != nil {
			v.duration(fieldPath(p, "timeout.http.requestTimeout"), h.RequestTimeout)
			v.duration(fieldPath(p, "timeout.http.connectionIdleTimeout"), h.ConnectionIdleTimeout)
			v.duration(fieldPath(p, "timeout.http.maxConnectionDuration"), h.MaxConnectionDuration)
		}
	}
	if t.Retry != nil {
		v.retry(fieldPath(p, "retry"), t.Retry)
	}
	if cb := t.CircuitBreaker; cb != nil {
		if rb := cb.RetryBudget; rb != nil {
			v.percent(fieldPath(p, "circuitBreaker.retryBudget.percent"), rb.Percent)
		}
	}
	if hc := t.HealthCheck; hc != nil {
		v.healthCheck(fieldPath(p, "healthCheck"), hc)
	}
	if bc := t.BackendConnection; bc != nil && bc.Preconnect != nil {
		pp := fieldPath(p, "backendConnection.preconnect")
		if e := bc.Preconnect.PerEndpointPercent; e != nil && (*e < 100 || *e > 300) {
			v.add(fieldPath(pp, "perEndpointPercent"), "must be 100-300, not %d", *e)
		}
		if e := bc.Preconnect.PredictivePercent; e != nil && *e < 100 {
			v.add(fieldPath(pp, "predictivePercent"), "must be at least 100, not %d", *e)
		}
	}
	if d := t.DNS; d != nil {
		dp := fieldPath(p, "dns")
		if r := d.DNSRefreshRate; r != nil && *r <= 0 {
			v.add(fieldPath(dp, "dnsRefreshRate"), "must be greater than zero, not %s", r)
		}
		if f := d.LookupFamily; f != nil {
			switch *f {
			case DNSLookupIPv4, DNSLookupIPv6, DNSLookupIPv4Preferred, DNSLookupIPv6Preferred, DNSLookupIPv4AndIPv6:
			default:
				v.add(fieldPath(dp, "lookupFamily"), "must be IPv4, IPv6, IPv4Preferred, IPv6Preferred or IPv4AndIPv6, not %q", *f)
			}
		}
	}
	if lb := t.LoadBalancer; lb != nil {
		v.loadBalancer(fieldPath(p, "loadBalancer"), lb)
	}
	if h := t.HTTP2; h != nil {
		hp := fieldPath(p, "http2")
		for _, w := range []struct {
			name string
			v    *uint32
		}{{"initialStreamWindowSize", h.InitialStreamWindowSize}, {"initialConnectionWindowSize", h.InitialConnectionWindowSize}} {
			if w.v != nil && (*w.v < minHTTP2Window || *w.v > maxHTTP2Window) {
				v.add(fieldPath(hp, w.name), "must be %d-%d, not %d", minHTTP2Window, maxHTTP2Window, *w.v)
			}
		}
		if ka := h.ConnectionKeepalive; ka != nil {
			kp := fieldPath(hp, "connectionKeepalive")
			for _, d := range []struct {
				name string
				v    *Duration
			}{{"interval", ka.Interval}, {"timeout", ka.Timeout}, {"idleInterval", ka.IdleInterval}} {
				if d.v != nil && *d.v <= 0 {
					v.add(fieldPath(kp, d.name), "must be greater than zero, not %s", d.v)
				}
			}
			v.percentUint(fieldPath(kp, "intervalJitter"), ka.IntervalJitter)
		}
	}
	if pp := t.ProxyProtocol; pp != nil && pp.Version != ProxyProtocolV1 && pp.Version != ProxyProtocolV2 {
		v.add(fieldPath(p, "proxyProtocol.version"), "must be V1 or V2, not %q", pp.Version)
	}
	v.routeTraffic(p, t)
}

// routeTraffic checks the route-level traffic features of t at p.
func (v *validator) routeTraffic(p string, t *TrafficFeatures) {
	if rl := t.RateLimit; rl != nil {
		if l := rl.Local; l != nil {
			lp := fieldPath(p, "rateLimit.local")
			v.rateLimitValue(fieldPath(lp, "default"), l.Default)
			v.rateLimitRules(fieldPath(lp, "rules"), l.Rules, false)
			def := l.Default.Unit.Seconds()
			for i, r := range l.Rules {
				if r != nil && def != 0 && r.Limit.Unit.Seconds()%def != 0 {
					v.add(fieldPath(indexPath(fieldPath(lp, "rules"), i), "limit.unit"), "must be a multiple of the default unit %s, not %s", l.Default.Unit, r.Limit.Unit)
				}
			}
		}
		if g := rl.Global; g != nil {
			v.rateLimitRules(fieldPath(p, "rateLimit.global.rules"), g.Rules, true)
		}
	}
	for i, c := range t.Compression {
		cp := indexPath(fieldPath(p, "compression"), i)
		if c == nil {
			v.add(cp, "must not be null")
			continue
		}
		switch c.Type {
		case CompressorGzip, CompressorBrotli, CompressorZstd:
		default:
			v.add(fieldPath(cp, "type"), "must be Gzip, Brotli or Zstd, not %q", c.Type)
		}
	}
	if ro := t.ResponseOverride; ro != nil {
		rp := fieldPath(p, "responseOverride")
		if ro.Name == "" {
			v.add(fieldPath(rp, "name"), "must not be empty")
		}
		for i := range ro.Rules {
			r := &ro.Rules[i]
			ip := indexPath(fieldPath(rp, "rules"), i)
			if (r.Response == nil) == (r.Redirect == nil) {
				v.add(ip, "exactly one of response and redirect must be set")
			}
			if r.Redirect != nil && r.Redirect.StatusCode == nil {
				v.add(fieldPath(ip, "redirect.statusCode"), "is required")
			}
			if len(r.Match.StatusCodes) == 0 && len(r.Match.ResponseHeaders) == 0 {
				v.add(fieldPath(ip, "match"), "must match status codes or response headers")
			}
			for j, sc := range r.Match.StatusCodes {
				sp := indexPath(fieldPath(ip, "match.statusCodes"), j)
				if (sc.Value == nil) == (sc.Range == nil) {
					v.add(sp, "exactly one of value and range must be set")
				} else if sc.Range != nil && sc.Range.Start > sc.Range.End {
					v.add(fieldPath(sp, "range"), "start %d is after end %d", sc.Range.Start, sc.Range.End)
				}
			}
			switch r.Source {
			case "", "All", "Local", "Backend":
			default:
				v.add(fieldPath(ip, "source"), "must be All, Local or Backend, not %q", r.Source)
			}
		}
	}
	if bl := t.BandwidthLimit; bl != nil {
		bp := fieldPath(p, "bandwidthLimit")
		if bl.Request == nil && bl.Response == nil {
			v.add(bp, "must limit the request, the response or both")
		}
		if bl.Request != nil {
			if bl.Request.LimitKibps == 0 {
				v.add(fieldPath(bp, "request.limitKibps"), "must be at least 1")
			}
			if bl.Request.ResponseTrailers != nil {
				v.add(fieldPath(bp, "request.responseTrailers"), "is for responses only")
			}
		}
		if bl.Response != nil && bl.Response.LimitKibps == 0 {
			v.add(fieldPath(bp, "response.limitKibps"), "must be at least 1")
		}
	}
	if fi := t.FaultInjection; fi != nil {
		fp := fieldPath(p, "faultInjection")
		if d := fi.Delay; d != nil {
			if d.FixedDelay == nil {
				v.add(fieldPath(fp, "delay.fixedDelay"), "is required")
			}
			v.duration(fieldPath(fp, "delay.fixedDelay"), d.FixedDelay)
			v.percent32(fieldPath(fp, "delay.percentage"), d.Percentage)
		}
		if a := fi.Abort; a != nil {
			if (a.HTTPStatus == nil) == (a.GrpcStatus == nil) {
				v.add(fieldPath(fp, "abort"), "exactly one of httpStatus and grpcStatus must be set")
			}
			if a.HTTPStatus != nil && (*a.HTTPStatus < 200 || *a.HTTPStatus > 599) {
				v.add(fieldPath(fp, "abort.httpStatus"), "must be 200-599, not %d", *a.HTTPStatus)
			}
			v.percent32(fieldPath(fp, "abort.percentage"), a.Percentage)
		}
	}
}

// rateLimitValue checks a limit: known unit, at least one request.
func (v *validator) rateLimitValue(p string, l RateLimitValue) {
	if l.Unit.Seconds() == 0 {
		v.add(fieldPath(p, "unit"), "must be Second, Minute, Hour, Day, Week, Month or Year, not %q", l.Unit)
	}
	if l.Requests == 0 {
		v.add(fieldPath(p, "requests"), "must be greater than zero")
	}
}

// rateLimitRules checks rules at p: unique names, valid limits and
// matches; only global rules may select every request (no match).
func (v *validator) rateLimitRules(p string, rules []*RateLimitRule, global bool) {
	names := map[string]int{}
	for i, r := range rules {
		rp := indexPath(p, i)
		if r == nil {
			v.add(rp, "must not be null")
			continue
		}
		if r.Name != "" {
			if j, ok := names[r.Name]; ok {
				v.add(fieldPath(rp, "name"), "%q is also the name of rule %d", r.Name, j)
			}
			names[r.Name] = i
		}
		v.rateLimitValue(fieldPath(rp, "limit"), r.Limit)
		if !global && len(r.HeaderMatches) == 0 && len(r.MethodMatches) == 0 && r.PathMatch == nil && r.CIDRMatch == nil && len(r.QueryParamMatches) == 0 {
			v.add(rp, "a local rule needs at least one match (the route's own limit is the default)")
		}
		for j, m := range r.HeaderMatches {
			mp := indexPath(fieldPath(rp, "headerMatches"), j)
			if m == nil || m.Name == "" {
				v.add(fieldPath(mp, "name"), "must not be empty")
			} else if !m.Distinct {
				v.stringMatch(mp, m, matchHeader)
			}
		}
		for j, m := range r.QueryParamMatches {
			mp := indexPath(fieldPath(rp, "queryParamMatches"), j)
			if m == nil || m.Name == "" {
				v.add(fieldPath(mp, "name"), "must not be empty")
			} else if !m.Distinct {
				v.stringMatch(mp, m, matchHeader)
			}
		}
		if r.PathMatch != nil {
			v.stringMatch(fieldPath(rp, "pathMatch"), r.PathMatch, matchUnnamed)
		}
		for j, m := range r.MethodMatches {
			if m == nil || m.Exact == nil {
				v.add(indexPath(fieldPath(rp, "methodMatches"), j), "must be an exact match")
			}
		}
		if c := r.CIDRMatch; c != nil {
			if _, err := netip.ParsePrefix(c.CIDR); err != nil {
				v.add(fieldPath(rp, "cidrMatch.cidr"), "%q is not a CIDR", c.CIDR)
			}
		}
	}
}

// percent32 checks an optional percentage.
func (v *validator) percent32(p string, f *float32) {
	if f != nil {
		v.percent(p, float64(*f))
	}
}

func (v *validator) percent(p string, f float64) {
	if f < 0 || f > 100 {
		v.add(p, "must be 0-100, not %g", f)
	}
}

func (v *validator) percentUint(p string, u *uint32) {
	if u != nil && *u > 100 {
		v.add(p, "must be 0-100, not %d", *u)
	}
}

func (v *validator) healthCheck(p string, hc *HealthCheck) {
	v.percentUint(fieldPath(p, "panicThreshold"), hc.PanicThreshold)
	if a := hc.Active; a != nil {
		ap := fieldPath(p, "active")
		for _, d := range []struct {
			name string
			v    *Duration
		}{{"timeout", a.Timeout}, {"interval", a.Interval}} {
			if d.v == nil || *d.v <= 0 {
				v.add(fieldPath(ap, d.name), "must be set and greater than zero")
			}
		}
		if a.UnhealthyThreshold == nil {
			v.add(fieldPath(ap, "unhealthyThreshold"), "must be set")
		}
		if a.HealthyThreshold == nil {
			v.add(fieldPath(ap, "healthyThreshold"), "must be set")
		}
		v.duration(fieldPath(ap, "initialJitter"), a.InitialJitter)
		set := 0
		if h := a.HTTP; h != nil {
			set++
			hp := fieldPath(ap, "http")
			if h.Path == "" {
				v.add(fieldPath(hp, "path"), "must not be empty")
			}
			v.statuses(fieldPath(hp, "expectedStatuses"), h.ExpectedStatuses)
			v.statuses(fieldPath(hp, "retriableStatuses"), h.RetriableStatuses)
			v.payload(fieldPath(hp, "expectedResponse"), h.ExpectedResponse)
			v.payload(fieldPath(hp, "requestBody"), h.RequestBody)
		}
		if t := a.TCP; t != nil {
			set++
			v.payload(fieldPath(ap, "tcp.send"), t.Send)
			v.payload(fieldPath(ap, "tcp.receive"), t.Receive)
		}
		if a.GRPC != nil {
			set++
		}
		if set != 1 {
			v.add(ap, "exactly one of http, tcp and grpc must be set, not %d", set)
		}
		if o := a.Overrides; o != nil && o.Port > 65535 {
			v.add(fieldPath(ap, "overrides.port"), "must be 1-65535, not %d", o.Port)
		}
		if l := a.Log; l != nil {
			for i, f := range l.FileSinks {
				if f.Path == "" {
					v.add(fieldPath(indexPath(fieldPath(ap, "backendHealthCheckLog.fileSinks"), i), "path"), "must not be empty")
				}
			}
		}
	}
	if o := hc.Passive; o != nil {
		op := fieldPath(p, "passive")
		v.duration(fieldPath(op, "interval"), o.Interval)
		v.duration(fieldPath(op, "baseEjectionTime"), o.BaseEjectionTime)
		v.percentUint(fieldPath(op, "maxEjectionPercent"), o.MaxEjectionPercent)
		v.percentUint(fieldPath(op, "failurePercentageThreshold"), o.FailurePercentageThreshold)
	}
}

// statuses checks that HTTP status codes are 100-599.
func (v *validator) statuses(p string, codes []uint32) {
	for i, c := range codes {
		if c < 100 || c > 599 {
			v.add(indexPath(p, i), "%d is not an HTTP status (100-599)", c)
		}
	}
}

func (v *validator) payload(p string, pl *HealthCheckPayload) {
	if pl != nil && pl.Text != nil && *pl.Text != "" && len(pl.Binary) > 0 {
		v.add(p, "at most one of text and binary may be set")
	}
}

func (v *validator) loadBalancer(p string, lb *LoadBalancer) {
	set := 0
	if r := lb.RoundRobin; r != nil {
		set++
		v.slowStart(fieldPath(p, "roundRobin.slowStart"), r.SlowStart)
	}
	if l := lb.LeastRequest; l != nil {
		set++
		v.slowStart(fieldPath(p, "leastRequest.slowStart"), l.SlowStart)
	}
	if lb.Random != nil {
		set++
	}
	if ch := lb.ConsistentHash; ch != nil {
		set++
		cp := fieldPath(p, "consistentHash")
		if ch.TableSize != nil && (*ch.TableSize == 0 || *ch.TableSize > maxMaglevTableSize) {
			v.add(fieldPath(cp, "tableSize"), "must be 1-%d, not %d", maxMaglevTableSize, *ch.TableSize)
		}
		for i, h := range ch.Headers {
			if h == nil || h.Name == "" {
				v.add(fieldPath(indexPath(fieldPath(cp, "headers"), i), "name"), "must not be empty")
			}
		}
		for i, q := range ch.QueryParams {
			if q == nil || q.Name == "" {
				v.add(fieldPath(indexPath(fieldPath(cp, "queryParams"), i), "name"), "must not be empty")
			}
		}
		if c := ch.Cookie; c != nil {
			if c.Name == "" {
				v.add(fieldPath(cp, "cookie.name"), "must not be empty")
			}
			v.duration(fieldPath(cp, "cookie.ttl"), c.TTL)
		}
	}
	if bu := lb.BackendUtilization; bu != nil {
		set++
		bp := fieldPath(p, "backendUtilization")
		v.duration(fieldPath(bp, "blackoutPeriod"), bu.BlackoutPeriod)
		v.duration(fieldPath(bp, "weightExpirationPeriod"), bu.WeightExpirationPeriod)
		v.duration(fieldPath(bp, "weightUpdatePeriod"), bu.WeightUpdatePeriod)
		v.slowStart(fieldPath(bp, "slowStart"), bu.SlowStart)
		if o := bu.OutOfBand; o != nil {
			v.duration(fieldPath(bp, "outOfBand.reportingPeriod"), o.ReportingPeriod)
			if o.Port != nil && (*o.Port == 0 || *o.Port > 65535) {
				v.add(fieldPath(bp, "outOfBand.port"), "must be 1-65535, not %d", *o.Port)
			}
		}
	}
	if set > 1 {
		v.add(p, "at most one of roundRobin, leastRequest, random, consistentHash and backendUtilization may be set, not %d", set)
	}
	zones := map[string]bool{}
	for i, z := range lb.WeightedZones {
		if zones[z.Zone] {
			v.add(fieldPath(indexPath(fieldPath(p, "weightedZones"), i), "zone"), "%q is listed twice", z.Zone)
		}
		zones[z.Zone] = true
	}
	if eo := lb.EndpointOverride; eo != nil {
		ep := fieldPath(p, "endpointOverride.extractFrom")
		if len(eo.ExtractFrom) == 0 {
			v.add(ep, "must list at least one source")
		}
		for i, src := range eo.ExtractFrom {
			if src.Header == nil || *src.Header == "" {
				v.add(fieldPath(indexPath(ep, i), "header"), "must be set")
			}
		}
	}
	if pl := lb.PreferLocal; pl != nil {
		v.percentUint(fieldPath(p, "preferLocal.percentageEnabled"), pl.PercentageEnabled)
	}
}

func (v *validator) slowStart(p string, s *SlowStart) {
	if s != nil && (s.Window == nil || *s.Window <= 0) {
		v.add(fieldPath(p, "window"), "must be set and greater than zero")
	}
}

// securityTraffic checks the traffic features of the external services
// that the security features sf at p call.
func (v *validator) securityTraffic(p string, sf *SecurityFeatures) {
	if ea := sf.ExtAuth; ea != nil {
		v.traffic(fieldPath(p, "extAuth.traffic"), ea.Traffic)
	}
	if j := sf.JWT; j != nil {
		for i, pr := range j.Providers {
			if pr.RemoteJWKS != nil {
				v.traffic(fieldPath(indexPath(fieldPath(p, "jwt.providers"), i), "remoteJWKS.traffic"), pr.RemoteJWKS.Traffic)
			}
		}
	}
	if o := sf.OIDC; o != nil {
		v.traffic(fieldPath(p, "oidc.provider.traffic"), o.Provider.Traffic)
	}
}
