package xds

import (
	"fmt"
	"testing"

	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/testing/protocmp"

	"github.com/gatewaykit/gatewaykit/ir"
)

// manyRoutes returns an IR with n routes on one listener, two per object
// (an HTTPRoute with two rules), each with its own destination.
func manyRoutes(n int) *ir.Xds {
	l := plainHTTP("ns/gw/http", 80)
	for i := range n {
		prefix := fmt.Sprintf("/p%d", i)
		d := ipDestination(fmt.Sprintf("httproute/ns/r%d/rule/%d", i/2, i%2))
		md := &ir.ResourceMetadata{Kind: "HTTPRoute", Name: fmt.Sprintf("r%d", i/2), Namespace: "ns",
			Policies: []ir.PolicyMetadata{{Kind: "BackendTrafficPolicy", Name: fmt.Sprintf("p%d", i/2), Namespace: "ns"}}}
		d.Metadata = md
		l.Routes = append(l.Routes, &ir.HTTPRoute{Name: fmt.Sprintf("r%d", i), Hostname: "*", PathMatch: &ir.StringMatch{Prefix: &prefix},
			Destination: d, Metadata: &ir.ResourceMetadata{Kind: md.Kind, Name: md.Name, Namespace: md.Namespace, Policies: md.Policies}})
	}
	return &ir.Xds{HTTP: []*ir.HTTPListener{l}}
}

func TestMetadataSharedAcrossElementsOfOneObject(t *testing.T) {
	res, err := Translate(manyRoutes(4))
	if err != nil {
		t.Fatal(err)
	}
	routes := res.Routes[0].VirtualHosts[0].Routes
	if len(routes) != 4 || len(res.Clusters) != 4 {
		t.Fatalf("%d routes and %d clusters, want 4 and 4", len(routes), len(res.Clusters))
	}
	byName := map[string]int{}
	for i, r := range routes {
		byName[r.GetName()] = i
	}
	r0, r1, r2 := routes[byName["r0"]], routes[byName["r1"]], routes[byName["r2"]]
	// The two rules of one object share one message; another object has
	// its own, with its own content.
	if r0.GetMetadata() != r1.GetMetadata() {
		t.Error("routes r0 and r1, built from one object, do not share their metadata")
	}
	if r0.GetMetadata() == r2.GetMetadata() {
		t.Error("routes r0 and r2, built from different objects, share their metadata")
	}
	if diff := cmp.Diff(egMetadata(&ir.ResourceMetadata{Kind: "HTTPRoute", Name: "r1", Namespace: "ns",
		Policies: []ir.PolicyMetadata{{Kind: "BackendTrafficPolicy", Name: "p1", Namespace: "ns"}}}), r2.GetMetadata(), protocmp.Transform()); diff != "" {
		t.Errorf("metadata of r2 (-want +got):\n%s", diff)
	}
	// Metadata that differ only in where one field ends and the next
	// begins are different metadata.
	c := &metadataCache{byKey: map[string]*corev3.Metadata{}}
	a := c.get(&ir.ResourceMetadata{Kind: "ab", Name: "c"})
	b := c.get(&ir.ResourceMetadata{Kind: "a", Name: "bc"})
	if a == b {
		t.Error("metadata {ab, c} and {a, bc} got one cache entry")
	}
	if c.get(nil) != nil || (*metadataCache)(nil).get(nil) != nil {
		t.Error("nil metadata did not give nil")
	}
}

// TestBuildInParallelMatchesSequential checks that building the clusters
// on their own goroutine gives what building everything in order gives.
func TestBuildInParallelMatchesSequential(t *testing.T) {
	x := manyRoutes(50)
	got, err := Translate(x)
	if err != nil {
		t.Fatal(err)
	}
	seq := newBuilder(&options{controllerNamespace: "envoy-gateway-system"})
	if err := seq.buildListeners(x); err != nil {
		t.Fatal(err)
	}
	if err := seq.buildClusters(x); err != nil {
		t.Fatal(err)
	}
	want := seq.resources()
	if diff := cmp.Diff(want, got, protocmp.Transform()); diff != "" {
		t.Errorf("parallel build differs from sequential (-want +got):\n%s", diff)
	}
}
