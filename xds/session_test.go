package xds

import (
	"testing"
	"time"

	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	statefulsessionv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/stateful_session/v3"
	cookiev3 "github.com/envoyproxy/go-control-plane/envoy/extensions/http/stateful_session/cookie/v3"
	headerv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/http/stateful_session/header/v3"
	typehttpv3 "github.com/envoyproxy/go-control-plane/envoy/type/http/v3"
	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/testing/protocmp"
	"google.golang.org/protobuf/types/known/durationpb"

	"github.com/gatewaykit/gatewaykit/ir"
)

func TestSessionPersistence(t *testing.T) {
	str := func(s string) *string { return &s }
	hour := ir.Duration(time.Hour)
	cookie := func(path string, ttl *durationpb.Duration) *corev3.TypedExtensionConfig {
		return &corev3.TypedExtensionConfig{Name: sessionStateCookie, TypedConfig: mustAny(&cookiev3.CookieBasedSessionState{
			Cookie: &typehttpv3.Cookie{Name: "sid", Path: path, Ttl: ttl}})}
	}
	tests := []struct {
		name string
		path *ir.StringMatch
		sp   *ir.SessionPersistence
		want *corev3.TypedExtensionConfig
	}{
		{"header", &ir.StringMatch{Prefix: str("/")}, &ir.SessionPersistence{Header: &ir.HeaderBasedSessionPersistence{Name: "x-session"}},
			&corev3.TypedExtensionConfig{Name: sessionStateHeader, TypedConfig: mustAny(&headerv3.HeaderBasedSessionState{Name: "x-session"})}},
		{"cookie on an exact path, with a lifetime", &ir.StringMatch{Exact: str("/v3/user")}, &ir.SessionPersistence{Cookie: &ir.CookieBasedSessionPersistence{Name: "sid", TTL: &hour}},
			cookie("/v3/user", durationpb.New(time.Hour))},
		{"cookie on a prefix", &ir.StringMatch{Prefix: str("/v2/")}, &ir.SessionPersistence{Cookie: &ir.CookieBasedSessionPersistence{Name: "sid"}},
			cookie("/v2/", nil)},
		{"cookie on a regular expression: its literal directory", &ir.StringMatch{SafeRegex: str("/v1/.*/hoge")}, &ir.SessionPersistence{Cookie: &ir.CookieBasedSessionPersistence{Name: "sid"}},
			cookie("/v1", nil)},
		{"cookie on a regular expression without a literal directory", &ir.StringMatch{SafeRegex: str(".*")}, &ir.SessionPersistence{Cookie: &ir.CookieBasedSessionPersistence{Name: "sid"}},
			cookie("/", nil)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Translate(oneRoute(&ir.HTTPRoute{Name: "r", Hostname: "*", PathMatch: tc.path, SessionPersistence: tc.sp, Destination: ipDestination("d")}))
			if err != nil {
				t.Fatal(err)
			}
			want := &statefulsessionv3.StatefulSessionPerRoute{Override: &statefulsessionv3.StatefulSessionPerRoute_StatefulSession{
				StatefulSession: &statefulsessionv3.StatefulSession{SessionState: tc.want}}}
			got := &statefulsessionv3.StatefulSessionPerRoute{}
			cfg := onlyRoute(t, res).GetTypedPerFilterConfig()[HTTPFilterStatefulSession]
			if cfg == nil {
				t.Fatal("route has no stateful session configuration")
			}
			if err := cfg.UnmarshalTo(got); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got, protocmp.Transform()); diff != "" {
				t.Errorf("per-route config (-want +got):\n%s", diff)
			}
			// The connection manager has the filter, disabled, before the
			// router.
			hcm := hcmOf(t, res.Listeners[0].GetDefaultFilterChain())
			names := filterNames(hcm)
			if len(names) != 2 || names[0] != HTTPFilterStatefulSession || !hcm.HttpFilters[0].Disabled {
				t.Errorf("http filters %v (first disabled: %v), want a disabled stateful session filter then the router", names, hcm.HttpFilters[0].Disabled)
			}
		})
	}
	// Without session persistence there is no such filter.
	res, err := Translate(oneRoute(&ir.HTTPRoute{Name: "r", Hostname: "*", Destination: ipDestination("d")}))
	if err != nil {
		t.Fatal(err)
	}
	if names := filterNames(hcmOf(t, res.Listeners[0].GetDefaultFilterChain())); len(names) != 1 {
		t.Errorf("http filters %v, want the router only", names)
	}
}
