package xds

import (
	"fmt"
	"strconv"
	"testing"

	"github.com/gatewaykit/gatewaykit/ir"
)

// benchIR builds an IR with one HTTP listener and n routes, each on its
// own hostname-less path with its own destination of two endpoints.
func benchIR(n int) *ir.Xds {
	ip := ir.IP
	l := &ir.HTTPListener{
		Name: "ns/gw/http", Address: "0.0.0.0", Port: 10080, Hostnames: []string{"*"},
		Path:   ir.PathSettings{MergeSlashes: true, EscapedSlashesAction: ir.UnescapeAndRedirect},
		Routes: make([]*ir.HTTPRoute, n),
	}
	for i := range n {
		prefix := "/r" + strconv.Itoa(i)
		name := fmt.Sprintf("httproute/ns/route-%d/rule/0", i)
		l.Routes[i] = &ir.HTTPRoute{
			Name:      name + "/match/0/*",
			Hostname:  "*",
			PathMatch: &ir.StringMatch{Prefix: &prefix},
			Destination: &ir.RouteDestination{Name: name, Settings: []*ir.DestinationSetting{{
				Name: name + "/backend/0", AddressType: &ip, Protocol: ir.HTTP,
				Endpoints: []*ir.DestinationEndpoint{
					{Host: fmt.Sprintf("10.%d.%d.1", i>>8&0xff, i&0xff), Port: 8080},
					{Host: fmt.Sprintf("10.%d.%d.2", i>>8&0xff, i&0xff), Port: 8080},
				},
			}}},
		}
	}
	return &ir.Xds{HTTP: []*ir.HTTPListener{l}}
}

// BenchmarkTranslate measures Translate on one listener with 1k, 10k and
// 50k routes. The cost should grow linearly with the route count:
//
//	go test ./xds -run '^$' -bench Translate -benchmem
func BenchmarkTranslate(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 50_000} {
		x := benchIR(n)
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				res, err := Translate(x)
				if err != nil {
					b.Fatal(err)
				}
				if len(res.Clusters) != n {
					b.Fatalf("%d clusters, want %d", len(res.Clusters), n)
				}
			}
		})
	}
}
