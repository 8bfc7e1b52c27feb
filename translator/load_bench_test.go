package translator_test

import (
	"fmt"
	"testing"

	"github.com/gatewaykit/gatewaykit/internal/benchinput"
	"github.com/gatewaykit/gatewaykit/translator"
)

// BenchmarkLoad loads the shared generator's output (a GatewayClass, a
// Gateway, a ClientTrafficPolicy and, per route, a Service, an HTTPRoute and a
// BackendTrafficPolicy, plus a SecurityPolicy and Secret per ten routes).
func BenchmarkLoad(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		data := benchinput.Read(b, n)
		b.Run(fmt.Sprintf("routes=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				res, err := translator.Load(data)
				if err != nil {
					b.Fatal(err)
				}
				if len(res.HTTPRoutes) != n {
					b.Fatalf("loaded %d routes, want %d", len(res.HTTPRoutes), n)
				}
			}
		})
	}
}
