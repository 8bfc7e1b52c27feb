package xds

import (
	"fmt"

	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	csrfv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/csrf/v3"
	hcmv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/http_connection_manager/v3"
	typev3 "github.com/envoyproxy/go-control-plane/envoy/type/v3"
	"google.golang.org/protobuf/types/known/anypb"

	"github.com/gatewaykit/gatewaykit/ir"
)

// HTTPFilterCSRF is the CSRF filter. It runs after CORS, so that preflight
// requests are answered first, and before authentication, so that a
// cross-site request is refused before any authorization service is asked.
const HTTPFilterCSRF = "envoy.filters.http.csrf"

// The CSRF filter in the connection manager enforces nothing (0% of
// requests); each route with a CSRF policy replaces that with its own
// policy as per-route configuration.

// csrfFilters adds the CSRF filter when a route of ls has a CSRF policy.
func csrfFilters(_ *builder, ls []*ir.HTTPListener) ([]*hcmv3.HttpFilter, error) {
	if !anyRoute(ls, func(r *ir.HTTPRoute) bool { return r.Security != nil && r.Security.CSRF != nil }) {
		return nil, nil
	}
	return httpFilter(HTTPFilterCSRF, &csrfv3.CsrfPolicy{
		FilterEnabled: &corev3.RuntimeFractionalPercent{DefaultValue: &typev3.FractionalPercent{}},
	})
}

// csrfPerRoute returns r's CSRF policy as per-route configuration.
func csrfPerRoute(r *ir.HTTPRoute, path string) (map[string]*anypb.Any, error) {
	if r.Security == nil || r.Security.CSRF == nil {
		return nil, nil
	}
	p, err := csrfPolicy(r.Security.CSRF, path+".security.csrf")
	if err != nil {
		return nil, err
	}
	a, err := packAny(p)
	if err != nil {
		return nil, err
	}
	return map[string]*anypb.Any{HTTPFilterCSRF: a}, nil
}

// csrfPolicy translates c; path is its IR path.
//
// Envoy draws separately, for each request, whether the filter is enabled
// (the request is enforced) and, when it is not, whether shadow mode is (the
// request is checked and counted but let through). So a shadow fraction s
// becomes an enforced fraction of 1-s with shadow mode at 100%: every
// request not enforced is checked in shadow mode. Without a shadow fraction
// every request is enforced.
func csrfPolicy(c *ir.CSRF, path string) (*csrfv3.CsrfPolicy, error) {
	p := &csrfv3.CsrfPolicy{FilterEnabled: &corev3.RuntimeFractionalPercent{DefaultValue: &typev3.FractionalPercent{Numerator: 100}}}
	if f := c.ShadowFraction; f != nil {
		den := int32(100)
		if f.Denominator != nil {
			den = *f.Denominator
		}
		if den <= 0 {
			return nil, fmt.Errorf("%s.shadowFraction.denominator: must be positive, not %d", path, den)
		}
		if f.Numerator < 0 || f.Numerator > den {
			return nil, fmt.Errorf("%s.shadowFraction.numerator: must be 0-%d, not %d", path, den, f.Numerator)
		}
		p.FilterEnabled.DefaultValue = fractionalPercent(den-f.Numerator, den)
		p.ShadowEnabled = &corev3.RuntimeFractionalPercent{DefaultValue: &typev3.FractionalPercent{Numerator: 100}}
	}
	for i, o := range c.AdditionalOrigins {
		sm, err := stringMatcher(o, fmt.Sprintf("%s.additionalOrigins[%d]", path, i))
		if err != nil {
			return nil, err
		}
		p.AdditionalOrigins = append(p.AdditionalOrigins, sm)
	}
	return p, nil
}

// fractionalPercent expresses num/den (0 <= num <= den, den > 0) in the
// denominators Envoy has, as Envoy Gateway does: exactly where den is a power
// of ten from 100 to a million, else in millionths, rounded down.
func fractionalPercent(num, den int32) *typev3.FractionalPercent {
	n := int64(num)
	switch den {
	case 100:
		return &typev3.FractionalPercent{Numerator: uint32(n), Denominator: typev3.FractionalPercent_HUNDRED}
	case 1000:
		return &typev3.FractionalPercent{Numerator: uint32(n * 10), Denominator: typev3.FractionalPercent_TEN_THOUSAND}
	case 10000:
		return &typev3.FractionalPercent{Numerator: uint32(n), Denominator: typev3.FractionalPercent_TEN_THOUSAND}
	case 100000:
		return &typev3.FractionalPercent{Numerator: uint32(n * 10), Denominator: typev3.FractionalPercent_MILLION}
	case 1000000:
		return &typev3.FractionalPercent{Numerator: uint32(n), Denominator: typev3.FractionalPercent_MILLION}
	}
	return &typev3.FractionalPercent{Numerator: uint32(n * 1000000 / int64(den)), Denominator: typev3.FractionalPercent_MILLION}
}
