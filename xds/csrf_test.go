package xds

import (
	"strings"
	"testing"

	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	csrfv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/csrf/v3"
	hcmv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/http_connection_manager/v3"
	matcherv3 "github.com/envoyproxy/go-control-plane/envoy/type/matcher/v3"
	typev3 "github.com/envoyproxy/go-control-plane/envoy/type/v3"
	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/testing/protocmp"
	"google.golang.org/protobuf/types/known/anypb"

	"github.com/gatewaykit/gatewaykit/ir"
)

func percent(n uint32, d typev3.FractionalPercent_DenominatorType) *corev3.RuntimeFractionalPercent {
	return &corev3.RuntimeFractionalPercent{DefaultValue: &typev3.FractionalPercent{Numerator: n, Denominator: d}}
}

func TestCSRF(t *testing.T) {
	exact, re := "app.example.com", `.*\.example\.org`
	forty := int32(40)
	res := securedTranslate(t, securedIR(
		securedRoute("open", nil),
		securedRoute("enforced", &ir.SecurityFeatures{CSRF: &ir.CSRF{
			AdditionalOrigins: []*ir.StringMatch{{Exact: &exact}, {SafeRegex: &re}},
		}}),
		securedRoute("shadow", &ir.SecurityFeatures{CSRF: &ir.CSRF{ShadowFraction: &ir.Fraction{Numerator: forty}}}),
	))
	// The connection manager's filter enforces nothing; it runs before
	// authentication.
	wantFilter := &hcmv3.HttpFilter{
		Name:       HTTPFilterCSRF,
		ConfigType: &hcmv3.HttpFilter_TypedConfig{TypedConfig: mustAnyT(t, &csrfv3.CsrfPolicy{FilterEnabled: percent(0, typev3.FractionalPercent_HUNDRED)})},
	}
	if d := cmp.Diff(wantFilter, httpFilters(t, res)[0], protocmp.Transform()); d != "" {
		t.Errorf("csrf filter (-want +got):\n%s", d)
	}
	wantRoutes := map[string]map[string]*anypb.Any{
		"open": nil,
		"enforced": {HTTPFilterCSRF: mustAnyT(t, &csrfv3.CsrfPolicy{
			FilterEnabled: percent(100, typev3.FractionalPercent_HUNDRED),
			AdditionalOrigins: []*matcherv3.StringMatcher{
				{MatchPattern: &matcherv3.StringMatcher_Exact{Exact: exact}},
				{MatchPattern: &matcherv3.StringMatcher_SafeRegex{SafeRegex: &matcherv3.RegexMatcher{Regex: re}}},
			},
		})},
		// 40% shadowed: 60% enforced, and every request not enforced
		// checked in shadow mode.
		"shadow": {HTTPFilterCSRF: mustAnyT(t, &csrfv3.CsrfPolicy{
			FilterEnabled: percent(60, typev3.FractionalPercent_HUNDRED),
			ShadowEnabled: percent(100, typev3.FractionalPercent_HUNDRED),
		})},
	}
	if d := cmp.Diff(wantRoutes, routeConfigs(t, res), protocmp.Transform()); d != "" {
		t.Errorf("per-route configuration (-want +got):\n%s", d)
	}
}

func TestCSRFFractions(t *testing.T) {
	for _, tc := range []struct {
		num, den int32
		want     *typev3.FractionalPercent
	}{
		{40, 100, &typev3.FractionalPercent{Numerator: 40}},
		{3, 1000, &typev3.FractionalPercent{Numerator: 30, Denominator: typev3.FractionalPercent_TEN_THOUSAND}},
		{3, 10000, &typev3.FractionalPercent{Numerator: 3, Denominator: typev3.FractionalPercent_TEN_THOUSAND}},
		{3, 100000, &typev3.FractionalPercent{Numerator: 30, Denominator: typev3.FractionalPercent_MILLION}},
		{3, 1000000, &typev3.FractionalPercent{Numerator: 3, Denominator: typev3.FractionalPercent_MILLION}},
		// Other denominators in millionths, rounded down.
		{1, 3, &typev3.FractionalPercent{Numerator: 333333, Denominator: typev3.FractionalPercent_MILLION}},
		{2147483647, 2147483647, &typev3.FractionalPercent{Numerator: 1000000, Denominator: typev3.FractionalPercent_MILLION}},
		{0, 7, &typev3.FractionalPercent{Denominator: typev3.FractionalPercent_MILLION}},
	} {
		if d := cmp.Diff(tc.want, fractionalPercent(tc.num, tc.den), protocmp.Transform()); d != "" {
			t.Errorf("fractionalPercent(%d, %d) (-want +got):\n%s", tc.num, tc.den, d)
		}
	}
	// The shadow fraction's complement, with its denominator.
	den := int32(1000)
	p, err := csrfPolicy(&ir.CSRF{ShadowFraction: &ir.Fraction{Numerator: 1, Denominator: &den}}, "p")
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(percent(9990, typev3.FractionalPercent_TEN_THOUSAND), p.FilterEnabled, protocmp.Transform()); d != "" {
		t.Errorf("enforced (-want +got):\n%s", d)
	}
}

func TestCSRFInvalid(t *testing.T) {
	zero, neg := int32(0), int32(-1)
	tests := []struct {
		name  string
		csrf  *ir.CSRF
		field string
	}{
		{"zero denominator", &ir.CSRF{ShadowFraction: &ir.Fraction{Denominator: &zero}}, ".security.csrf.shadowFraction.denominator"},
		{"negative numerator", &ir.CSRF{ShadowFraction: &ir.Fraction{Numerator: neg}}, ".security.csrf.shadowFraction.numerator"},
		{"more than all", &ir.CSRF{ShadowFraction: &ir.Fraction{Numerator: 101}}, ".security.csrf.shadowFraction.numerator"},
		{"null origin", &ir.CSRF{AdditionalOrigins: []*ir.StringMatch{nil}}, ".security.csrf.additionalOrigins[0]"},
		{"origin without a match", &ir.CSRF{AdditionalOrigins: []*ir.StringMatch{{}}}, ".security.csrf.additionalOrigins[0]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := translateError(t, securedIR(securedRoute("r", &ir.SecurityFeatures{CSRF: tc.csrf})))
			if !strings.Contains(err.Error(), "listeners[ns/gw/http].routes[0]"+tc.field+":") {
				t.Errorf("error %q does not name %s", err, tc.field)
			}
		})
	}
}
