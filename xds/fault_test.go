package xds

import (
	"testing"
	"time"

	faultcommonv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/common/fault/v3"
	faultv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/fault/v3"
	typev3 "github.com/envoyproxy/go-control-plane/envoy/type/v3"
	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/testing/protocmp"
	"google.golang.org/protobuf/types/known/anypb"
	"google.golang.org/protobuf/types/known/durationpb"

	"github.com/gatewaykit/gatewaykit/ir"
)

// TestFaultInjection checks the empty fault filter and the route's delay
// and abort, percentages in parts per million.
func TestFaultInjection(t *testing.T) {
	p1, p80 := float32(0.01), float32(80)
	status := int32(503)
	res, err := Translate(oneRoute(&ir.HTTPRoute{Name: "r", Hostname: "*", Destination: ipDestination("c"),
		Traffic: &ir.TrafficFeatures{FaultInjection: &ir.FaultInjection{
			Delay: &ir.FaultInjectionDelay{FixedDelay: dur(5400 * time.Millisecond), Percentage: &p80},
			Abort: &ir.FaultInjectionAbort{HTTPStatus: &status, Percentage: &p1},
		}}}))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, f := range httpFilters(t, res) {
		if f.Name == HTTPFilterFault {
			found = true
			if d := cmp.Diff(mustAny(&faultv3.HTTPFault{}), f.GetTypedConfig(), protocmp.Transform()); d != "" || f.Disabled {
				t.Errorf("filter (-want +got):\n%s", d)
			}
		}
	}
	if !found {
		t.Fatal("no fault filter")
	}
	want := map[string]*anypb.Any{HTTPFilterFault: mustAny(&faultv3.HTTPFault{
		Delay: &faultcommonv3.FaultDelay{
			FaultDelaySecifier: &faultcommonv3.FaultDelay_FixedDelay{FixedDelay: durationpb.New(5400 * time.Millisecond)},
			Percentage:         &typev3.FractionalPercent{Numerator: 800000, Denominator: typev3.FractionalPercent_MILLION},
		},
		Abort: &faultv3.FaultAbort{
			ErrorType:  &faultv3.FaultAbort_HttpStatus{HttpStatus: 503},
			Percentage: &typev3.FractionalPercent{Numerator: 100, Denominator: typev3.FractionalPercent_MILLION},
		},
	})}
	if d := cmp.Diff(want, onlyRoute(t, res).TypedPerFilterConfig, protocmp.Transform()); d != "" {
		t.Errorf("per-route (-want +got):\n%s", d)
	}
}
