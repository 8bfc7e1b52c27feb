package translator

import (
	"fmt"
	"math"
	"net"
	"regexp"
	"strings"

	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/gatewaykit/gatewaykit/ir"
	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// The route-level features of a BackendTrafficPolicy (compression, rate
// limits, fault injection, response overrides, request buffering): what
// they become in the IR, once btpBuild's checks have passed.

// btpCompression translates spec.compressor, or the deprecated
// spec.compression when compressor is empty, in order; the first entry is
// the one Envoy prefers (ChooseFirst). A compressor entry whose algorithm
// has no settings block is left out, as Envoy Gateway leaves it out; a
// minimum length that is not a whole number of bytes within 32 bits is
// ignored.
func btpCompression(compression, compressor []egv1a1.Compression) []*ir.Compression {
	src, needBlock := compressor, true
	if len(src) == 0 {
		src, needBlock = compression, false
	}
	var out []*ir.Compression
	for i := range src {
		c := &src[i]
		if needBlock && !btpCompressorHasBlock(c) {
			continue
		}
		if !needBlock && ir.CompressorType(c.Type) != ir.CompressorGzip && ir.CompressorType(c.Type) != ir.CompressorBrotli && ir.CompressorType(c.Type) != ir.CompressorZstd {
			continue
		}
		ic := &ir.Compression{Type: ir.CompressorType(c.Type), ChooseFirst: i == 0}
		if c.MinContentLength != nil {
			if v, ok := c.MinContentLength.AsInt64(); ok {
				if u, ok := fitU32(v); ok {
					ic.MinContentLength = &u
				}
			}
		}
		out = append(out, ic)
	}
	return out
}

// btpCompressorHasBlock reports whether c has the settings block of its
// algorithm.
func btpCompressorHasBlock(c *egv1a1.Compression) bool {
	switch ir.CompressorType(c.Type) {
	case ir.CompressorGzip:
		return c.Gzip != nil
	case ir.CompressorBrotli:
		return c.Brotli != nil
	case ir.CompressorZstd:
		return c.Zstd != nil
	}
	return false
}

// btpRateLimit translates a rate limit that btpCheckRateLimit accepted.
// The deprecated type field selects local or global as it does there. The
// rules are named <namespace>/<name>/rule/<i> after the policy (ns/name)
// and their index in the spec. A feature the IR cannot carry (a limit read
// from metadata) is reported through unenforced, by field path.
func btpRateLimit(rl *egv1a1.RateLimitSpec, ns, name string, unenforced func(field string)) *ir.RateLimit {
	if rl == nil {
		return nil
	}
	local, global := rl.Local, rl.Global
	if rl.Type != nil {
		switch *rl.Type {
		case egv1a1.RateLimitTypeGlobal:
			local = nil
		case egv1a1.RateLimitTypeLocal:
			global = nil
		}
	}
	out := &ir.RateLimit{}
	if local != nil {
		out.Local = &ir.LocalRateLimit{Default: ir.RateLimitValue{Requests: math.MaxUint32, Unit: ir.RateLimitUnitSecond}}
		for i := range local.Rules {
			rule := &local.Rules[i]
			if len(rule.ClientSelectors) == 0 {
				out.Local.Default = btpRateLimitValue(rule.Limit)
				out.Local.DefaultXRateLimitOption = (*string)(rule.XRateLimitHeaders)
				if rule.Limit.FromMetadata != nil {
					unenforced(fmt.Sprintf("spec.rateLimit.local.rules[%d].limit.fromMetadata", i))
				}
				continue
			}
			out.Local.Rules = append(out.Local.Rules, btpRateLimitRule(rule, fmt.Sprintf("%s/%s/rule/%d", ns, name, i)))
			if rule.Limit.FromMetadata != nil {
				unenforced(fmt.Sprintf("spec.rateLimit.local.rules[%d].limit.fromMetadata", i))
			}
		}
	}
	if global != nil {
		out.Global = &ir.GlobalRateLimit{}
		for i := range global.Rules {
			rule := &global.Rules[i]
			out.Global.Rules = append(out.Global.Rules, btpRateLimitRule(rule, fmt.Sprintf("%s/%s/rule/%d", ns, name, i)))
			if rule.Limit.FromMetadata != nil {
				unenforced(fmt.Sprintf("spec.rateLimit.global.rules[%d].limit.fromMetadata", i))
			}
		}
	}
	return out
}

// btpRateLimitValue translates a limit; a request count beyond 32 bits is
// the largest Envoy takes.
func btpRateLimitValue(v egv1a1.RateLimitValue) ir.RateLimitValue {
	n := uint32(math.MaxUint32)
	if u, ok := fitU32(v.Requests); ok {
		n = u
	}
	return ir.RateLimitValue{Requests: n, Unit: ir.RateLimitUnit(v.Unit)}
}

// btpRateLimitRule translates one checked rule, in Envoy Gateway's order:
// headers, methods, path, source CIDR and query parameters of every client
// selector. A path prefix other than "/" becomes a regular expression that
// matches whole segments, since rate limit header matchers have no
// segment-aware prefix.
func btpRateLimitRule(rule *egv1a1.RateLimitRule, name string) *ir.RateLimitRule {
	out := &ir.RateLimitRule{
		Name:             name,
		Limit:            btpRateLimitValue(rule.Limit),
		HeaderMatches:    []*ir.StringMatch{},
		Shared:           cloneBool(rule.Shared),
		ShadowMode:       cloneBool(rule.ShadowMode),
		XRateLimitOption: (*string)(rule.XRateLimitHeaders),
	}
	for i := range rule.ClientSelectors {
		sel := &rule.ClientSelectors[i]
		for _, h := range sel.Headers {
			typ := egv1a1.HeaderMatchTypeExact
			if h.Type != nil {
				typ = *h.Type
			}
			m := &ir.StringMatch{Name: h.Name, Invert: cloneBool(h.Invert)}
			switch typ {
			case egv1a1.HeaderMatchTypeRegularExpression:
				m.SafeRegex = cloneString(h.Value)
			case egv1a1.HeaderMatchTypeDistinct:
				m.Distinct, m.Invert = true, nil
			default:
				m.Exact = cloneString(h.Value)
			}
			out.HeaderMatches = append(out.HeaderMatches, m)
		}
		for _, mm := range sel.Methods {
			v := string(mm.Value)
			out.MethodMatches = append(out.MethodMatches, &ir.StringMatch{Exact: &v, Invert: cloneBool(mm.Invert)})
		}
		if p := sel.Path; p != nil {
			typ := gwapiv1.PathMatchPathPrefix
			if p.Type != nil {
				typ = *p.Type
			}
			v := p.Value
			m := &ir.StringMatch{Invert: cloneBool(p.Invert)}
			switch {
			case typ == gwapiv1.PathMatchExact:
				m.Exact = &v
			case typ == gwapiv1.PathMatchRegularExpression:
				m.SafeRegex = &v
			case v == "/":
				m.Prefix = &v
			default:
				re := "^" + regexp.QuoteMeta(strings.TrimSuffix(v, "/")) + `(/.*|\?.*|#.*|;.*|$)`
				m.SafeRegex = &re
			}
			out.PathMatch = m
		}
		if sc := sel.SourceCIDR; sc != nil {
			if ip, ipn, err := net.ParseCIDR(sc.Value); err == nil {
				mask, _ := ipn.Mask.Size()
				out.CIDRMatch = &ir.CIDRMatch{
					CIDR: ipn.String(), MaskLen: uint32(mask), IsIPv6: ip.To4() == nil,
					Distinct: sc.Type != nil && *sc.Type == egv1a1.SourceMatchTypeDistinct,
					Invert:   sc.Invert != nil && *sc.Invert,
				}
			}
		}
		for _, q := range sel.QueryParams {
			typ := egv1a1.QueryParamMatchTypeExact
			if q.Type != nil {
				typ = *q.Type
			}
			m := &ir.StringMatch{Name: q.Name, Invert: cloneBool(q.Invert)}
			switch typ {
			case egv1a1.QueryParamMatchTypeRegularExpression:
				m.SafeRegex = cloneString(q.Value)
			case egv1a1.QueryParamMatchTypeDistinct:
				m.Distinct, m.Invert = true, nil
			default:
				m.Exact = cloneString(q.Value)
			}
			out.QueryParamMatches = append(out.QueryParamMatches, m)
		}
	}
	if c := rule.Cost; c != nil {
		out.RequestCost = btpRateLimitCost(c.Request)
		out.ResponseCost = btpRateLimitCost(c.Response)
	}
	return out
}

// btpRateLimitCost translates a cost: a number, or a dynamic metadata key.
func btpRateLimitCost(c *egv1a1.RateLimitCostSpecifier) *ir.RateLimitCost {
	if c == nil {
		return nil
	}
	out := &ir.RateLimitCost{}
	if c.Number != nil && *c.Number >= 0 {
		n := uint64(*c.Number)
		out.Number = &n
	}
	if md := c.Metadata; md != nil {
		f := fmt.Sprintf("%%DYNAMIC_METADATA(%s:%s)%%", md.Namespace, md.Key)
		out.Format = &f
	}
	return out
}

func cloneBool(b *bool) *bool {
	if b == nil {
		return nil
	}
	v := *b
	return &v
}

func cloneString(s *string) *string {
	if s == nil {
		return nil
	}
	v := *s
	return &v
}

// btpBandwidthLimit translates a bandwidth limit that
// btpCheckBandwidthLimit accepted: each direction's bytes per unit become
// whole KiB per second, rounded down. Nil when the policy limits neither
// direction.
func btpBandwidthLimit(bl *egv1a1.BandwidthLimitSpec) *ir.BandwidthLimit {
	if bl == nil || (bl.Request == nil && bl.Response == nil) {
		return nil
	}
	out := &ir.BandwidthLimit{}
	if bl.Request != nil {
		out.Request = &ir.BandwidthLimitConfig{LimitKibps: btpKibps(bl.Request.Limit)}
	}
	if r := bl.Response; r != nil {
		out.Response = &ir.BandwidthLimitConfig{LimitKibps: btpKibps(r.Limit)}
		if r.ResponseTrailers != nil {
			out.Response.ResponseTrailers = &ir.BandwidthLimitResponseTrailers{}
			if p := r.ResponseTrailers.Prefix; p != nil {
				v := *p
				out.Response.ResponseTrailers.Prefix = &v
			}
		}
	}
	return out
}

// btpKibps converts a checked bandwidth value to KiB per second.
func btpKibps(v egv1a1.BandwidthLimitValue) uint64 {
	bytes, _ := v.Value.AsInt64()
	per := uint64(1)
	switch v.Unit {
	case egv1a1.BandwidthLimitUnitMinute:
		per = 60
	case egv1a1.BandwidthLimitUnitHour:
		per = 60 * 60
	}
	return uint64(max(bytes, 0)) / (per * 1024)
}

// btpFaultInjection translates spec.faultInjection. A delay whose
// duration does not parse, an HTTP status outside 200-599 or a gRPC
// status that is negative cannot be injected: Envoy Gateway accepts such
// a policy, so the field is reported through unenforced (the routes fail
// closed) rather than dropped. Nil when the policy injects nothing.
func btpFaultInjection(fi *egv1a1.FaultInjection, unenforced func(field string)) *ir.FaultInjection {
	if fi == nil || (fi.Delay == nil && fi.Abort == nil) {
		return nil
	}
	out := &ir.FaultInjection{}
	badPct := false
	pct := func(p *float64) *float32 {
		if p == nil {
			return nil
		}
		badPct = badPct || *p < 0 || *p > 100
		v := float32(*p)
		return &v
	}
	if d := fi.Delay; d != nil {
		fd, err := parseDuration(&d.FixedDelay)
		if err != nil || fd == nil || *fd < 0 {
			unenforced("spec.faultInjection.delay.fixedDelay")
			return nil
		}
		out.Delay = &ir.FaultInjectionDelay{FixedDelay: fd, Percentage: pct(d.Percentage)}
	}
	if a := fi.Abort; a != nil {
		out.Abort = &ir.FaultInjectionAbort{Percentage: pct(a.Percentage)}
		switch {
		case a.HTTPStatus != nil:
			if *a.HTTPStatus < 200 || *a.HTTPStatus > 599 {
				unenforced("spec.faultInjection.abort.httpStatus")
				return nil
			}
			v := *a.HTTPStatus
			out.Abort.HTTPStatus = &v
		case a.GRPCStatus != nil:
			if *a.GRPCStatus < 0 {
				unenforced("spec.faultInjection.abort.grpcStatus")
				return nil
			}
			v := uint32(*a.GRPCStatus)
			out.Abort.GrpcStatus = &v
		default:
			unenforced("spec.faultInjection.abort")
			return nil
		}
	}
	if badPct {
		unenforced("spec.faultInjection")
		return nil
	}
	return out
}
