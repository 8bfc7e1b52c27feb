package xds

import (
	"strings"
	"testing"

	xdscorev3 "github.com/cncf/xds/go/xds/core/v3"
	xdsmatcherv3 "github.com/cncf/xds/go/xds/type/matcher/v3"
	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	rbacconfigv3 "github.com/envoyproxy/go-control-plane/envoy/config/rbac/v3"
	networkrbacv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/rbac/v3"
	networkinputv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/matching/common_inputs/network/v3"
	ipmatcherv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/matching/input_matchers/ip/v3"
	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/testing/protocmp"
	"google.golang.org/protobuf/types/known/anypb"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/gatewaykit/gatewaykit/ir"
)

// TestTCPRBACFilter checks the network RBAC filter of a TCP route: one
// matcher per rule in order, on the client address, and the default action
// when none matches.
func TestTCPRBACFilter(t *testing.T) {
	a := &ir.Authorization{DefaultAction: "Allow", Rules: []*ir.AuthorizationRule{
		{Name: "deny-office", Action: "Deny", Principal: ir.Principal{ClientCIDRs: []*ir.CIDRMatch{{CIDR: "10.0.0.0/24", MaskLen: 24}}}},
	}}
	f, err := tcpRBACFilter(a, "tcp-10080", "tcp[0].routes[0].authorization")
	if err != nil {
		t.Fatal(err)
	}
	anyOf := func(m proto.Message) *anypb.Any { a, _ := anypb.New(m); return a }
	action := func(name string, act *rbacconfigv3.Action) *xdsmatcherv3.Matcher_OnMatch {
		return &xdsmatcherv3.Matcher_OnMatch{OnMatch: &xdsmatcherv3.Matcher_OnMatch_Action{
			Action: &xdscorev3.TypedExtensionConfig{Name: name, TypedConfig: anyOf(act)}}}
	}
	ip := &ipmatcherv3.Ip{StatPrefix: "client_ip", CidrRanges: []*corev3.CidrRange{{AddressPrefix: "10.0.0.0", PrefixLen: wrapperspb.UInt32(24)}}}
	want := &networkrbacv3.RBAC{StatPrefix: "tcp-10080", Matcher: &xdsmatcherv3.Matcher{
		MatcherType: &xdsmatcherv3.Matcher_MatcherList_{MatcherList: &xdsmatcherv3.Matcher_MatcherList{
			Matchers: []*xdsmatcherv3.Matcher_MatcherList_FieldMatcher{{
				Predicate: &xdsmatcherv3.Matcher_MatcherList_Predicate{MatchType: &xdsmatcherv3.Matcher_MatcherList_Predicate_SinglePredicate_{
					SinglePredicate: &xdsmatcherv3.Matcher_MatcherList_Predicate_SinglePredicate{
						Input: &xdscorev3.TypedExtensionConfig{Name: "client_ip", TypedConfig: anyOf(&networkinputv3.SourceIPInput{})},
						Matcher: &xdsmatcherv3.Matcher_MatcherList_Predicate_SinglePredicate_CustomMatch{
							CustomMatch: &xdscorev3.TypedExtensionConfig{Name: "ip_matcher", TypedConfig: anyOf(ip)}},
					}}},
				OnMatch: action("deny-office", &rbacconfigv3.Action{Name: "DENY", Action: rbacconfigv3.RBAC_DENY}),
			}},
		}},
		OnNoMatch: action("default", &rbacconfigv3.Action{Name: "ALLOW"}),
	}}
	got := &networkrbacv3.RBAC{}
	if f.Name != networkRBACFilterName || f.GetTypedConfig().UnmarshalTo(got) != nil {
		t.Fatalf("filter %s", f.Name)
	}
	if d := cmp.Diff(want, got, protocmp.Transform()); d != "" {
		t.Errorf("RBAC (-want +got):\n%s", d)
	}

	for _, bad := range []struct {
		a    *ir.Authorization
		path string
	}{
		{&ir.Authorization{DefaultAction: "Maybe"}, ".defaultAction"},
		{&ir.Authorization{DefaultAction: "Deny", Rules: []*ir.AuthorizationRule{{Name: "x", Action: "Allow"}}}, ".rules[0].principal.clientCIDRs"},
		{&ir.Authorization{DefaultAction: "Deny", Rules: []*ir.AuthorizationRule{{Name: "x", Action: "Allow", Principal: ir.Principal{ClientCIDRs: []*ir.CIDRMatch{{CIDR: "nope"}}}}}}, ".rules[0].principal.clientCIDRs[0].cidr"},
	} {
		if _, err := tcpRBACFilter(bad.a, "s", "p"); err == nil || !strings.Contains(err.Error(), "p"+bad.path) {
			t.Errorf("want an error naming p%s, got %v", bad.path, err)
		}
	}
}
