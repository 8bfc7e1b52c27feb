package xds

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gatewaykit/gatewaykit/ir"
)

func TestDefaultHTTPFilterOrder(t *testing.T) {
	order := DefaultHTTPFilterOrder()
	if order[len(order)-1] != HTTPFilterRouter {
		t.Errorf("router is not last: %v", order)
	}
	seen := map[string]bool{}
	for _, n := range order {
		if seen[n] {
			t.Errorf("filter type %q listed twice", n)
		}
		seen[n] = true
	}
	order[0] = "changed"
	if DefaultHTTPFilterOrder()[0] == "changed" {
		t.Error("DefaultHTTPFilterOrder returns the table itself")
	}
}

func TestHTTPFiltersFollowTable(t *testing.T) {
	grpc := plainHTTP("ns/gw/grpc", 80)
	grpc.GRPC = &ir.GRPCSettings{EnableGRPCWeb: true, EnableGRPCStats: true}
	cors := plainHTTP("ns/gw/cors", 80)
	cors.Routes = []*ir.HTTPRoute{{Name: "r", Hostname: "*", CORS: &ir.CORS{}, DirectResponse: &ir.CustomResponse{StatusCode: 200}}}
	tests := []struct {
		name string
		ls   []*ir.HTTPListener
		want []string
	}{
		{"router only", []*ir.HTTPListener{plainHTTP("ns/gw/http", 80)}, []string{HTTPFilterRouter}},
		{"gRPC", []*ir.HTTPListener{grpc}, []string{HTTPFilterGRPCWeb, HTTPFilterGRPCStats, HTTPFilterRouter}},
		// Listeners sharing the default chain get the filters any of them needs.
		{"shared chain", []*ir.HTTPListener{grpc, cors}, []string{HTTPFilterCORS, HTTPFilterGRPCWeb, HTTPFilterGRPCStats, HTTPFilterRouter}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := buildListenersOnly(t, &ir.Xds{HTTP: tc.ls})
			l := b.listeners[tc.ls[0].Name]
			if diff := cmp.Diff(tc.want, filterNames(hcmOf(t, l.DefaultFilterChain))); diff != "" {
				t.Errorf("filters (-want +got):\n%s", diff)
			}
		})
	}
}
