package e2e

import (
	"fmt"
	"runtime"
	"runtime/metrics"
	"sync"
	"testing"
	"time"

	"github.com/gatewaykit/gatewaykit/internal/benchinput"
	"github.com/gatewaykit/gatewaykit/ir"
	"github.com/gatewaykit/gatewaykit/translator"
	"github.com/gatewaykit/gatewaykit/xds"
)

// benchSizes are the route counts of the targets.
var benchSizes = []int{1000, 10000, 50000}

// planeFlags make the generator write Gateway API objects only (no
// policies), the input of the HTTP-path benchmarks.
var planeFlags = []string{"-btp=false", "-sp=false", "-ctp=false"}

var (
	loadedMu sync.Mutex
	loaded   = map[inputKey]*translator.Resources{}
)

// inputKey names one generator output: n routes, with or without
// policies.
type inputKey struct {
	n        int
	policies bool
	// endpointSlices makes the generator write an EndpointSlice per
	// Service, so that routes reach clusters instead of answering 503.
	endpointSlices bool
}

// resources returns the loaded generator output for n routes without
// policies, loading it once per process. Only one input is kept at a time,
// so that the peak heap a benchmark reports holds its own input and
// nothing else.
func resources(b *testing.B, n int) *translator.Resources { return load(b, inputKey{n: n}) }

// resourcesWithPolicies is resources with the generator's policies: a
// ClientTrafficPolicy on the Gateway, a BackendTrafficPolicy per route and
// a SecurityPolicy per ten routes.
func resourcesWithPolicies(b *testing.B, n int) *translator.Resources {
	return load(b, inputKey{n: n, policies: true})
}

func load(b *testing.B, k inputKey) *translator.Resources {
	loadedMu.Lock()
	defer loadedMu.Unlock()
	if r, ok := loaded[k]; ok {
		return r
	}
	clear(loaded)
	runtime.GC()
	var flags []string
	if !k.policies {
		flags = planeFlags
	}
	if k.endpointSlices {
		flags = append(flags[:len(flags):len(flags)], "-endpointslices")
	}
	r, err := translator.Load(benchinput.Read(b, k.n, flags...))
	if err != nil {
		b.Fatal(err)
	}
	loaded[k] = r
	return r
}

// BenchmarkGatewayAPIToIRWithPolicies measures translator.Translate on
// inputs with policies, so the policy pass is included: every policy
// resolved, validated and applied.
func BenchmarkGatewayAPIToIRWithPolicies(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("routes=%d", n), func(b *testing.B) {
			res := resourcesWithPolicies(b, n)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				out, err := translator.Translate(res)
				if err != nil {
					b.Fatal(err)
				}
				if got := len(out.Statuses.BackendTrafficPolicies); got != n {
					b.Fatalf("%d BackendTrafficPolicy statuses for %d routes", got, n)
				}
			}
		})
	}
}

// BenchmarkGatewayAPIToIR measures translator.Translate alone.
func BenchmarkGatewayAPIToIR(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("routes=%d", n), func(b *testing.B) {
			res := resources(b, n)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if _, err := translator.Translate(res); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkIRToXDS measures xds.Translate (validation included) alone, on
// the IR of the generator output.
func BenchmarkIRToXDS(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("routes=%d", n), func(b *testing.B) {
			result, err := translator.Translate(resources(b, n))
			if err != nil {
				b.Fatal(err)
			}
			irs := make([]*ir.Xds, 0, len(result.IR))
			for _, x := range result.IR {
				irs = append(irs, x)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				for _, x := range irs {
					if _, err := xds.Translate(x); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}

// BenchmarkPipeline measures Gateway API → IR → validated xDS, and reports
// the peak heap seen while it runs (input objects included) as
// peak-heap-MiB.
func BenchmarkPipeline(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("routes=%d", n), func(b *testing.B) {
			res := resources(b, n)
			runtime.GC()
			stop := samplePeakHeap()
			b.ReportAllocs()
			b.ResetTimer()
			var out *Output
			for b.Loop() {
				var err error
				if out, err = Pipeline(res); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			b.ReportMetric(float64(stop())/(1<<20), "peak-heap-MiB")
			// Prove the work was done: every generated route must have
			// become Envoy routes.
			envoyRoutes := 0
			for _, r := range out.XDS {
				for _, rc := range r.Routes {
					for _, vh := range rc.GetVirtualHosts() {
						envoyRoutes += len(vh.GetRoutes())
					}
				}
			}
			if envoyRoutes < n {
				b.Fatalf("%d Envoy routes for %d generated routes", envoyRoutes, n)
			}
			b.ReportMetric(float64(envoyRoutes), "envoy-routes")
		})
	}
}

// BenchmarkPipelineWithPolicies measures Gateway API → IR → validated xDS on
// the generator's output with its policies and an EndpointSlice per Service
// (-endpointslices), so that every route reaches a cluster with endpoints
// and every policy feature reaches the xDS, and reports the peak heap as
// BenchmarkPipeline does (but of one run: the previous run's output is
// released before the next starts, as a control plane that hands each
// snapshot to its cache and drops its own reference would).
func BenchmarkPipelineWithPolicies(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("routes=%d", n), func(b *testing.B) {
			res := load(b, inputKey{n: n, policies: true, endpointSlices: true})
			runtime.GC()
			stop := samplePeakHeap()
			b.ReportAllocs()
			b.ResetTimer()
			var out *Output
			for b.Loop() {
				// Release the previous run's output first, so that the
				// peak is one run's: its input, its working memory and
				// its output.
				out = nil
				var err error
				if out, err = Pipeline(res); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			b.ReportMetric(float64(stop())/(1<<20), "peak-heap-MiB")
			checkPolicyOutput(b, out, n)
		})
	}
}

// checkPolicyOutput fails the benchmark unless the pipeline did the work
// the input asks for: every generated route forwards to a cluster with
// endpoints (none is a direct response), and the policies reached the
// routes (each BackendTrafficPolicy sets a route timeout, a retry policy
// and a local rate limit), one status per BackendTrafficPolicy.
func checkPolicyOutput(b *testing.B, out *Output, n int) {
	b.Helper()
	forwarding, withPolicy := 0, 0
	for _, r := range out.XDS {
		for _, rc := range r.Routes {
			for _, vh := range rc.GetVirtualHosts() {
				for _, rt := range vh.GetRoutes() {
					a := rt.GetRoute()
					if a == nil {
						continue
					}
					forwarding++
					_, limited := rt.GetTypedPerFilterConfig()["envoy.filters.http.local_ratelimit"]
					if limited && a.GetTimeout() != nil && a.GetRetryPolicy() != nil {
						withPolicy++
					}
				}
			}
		}
	}
	endpoints := 0
	for _, r := range out.XDS {
		for _, cla := range r.Endpoints {
			for _, le := range cla.GetEndpoints() {
				endpoints += len(le.GetLbEndpoints())
			}
		}
	}
	if forwarding < n || withPolicy < n || endpoints == 0 {
		b.Fatalf("%d generated routes became %d forwarding Envoy routes, %d with the BackendTrafficPolicy's timeout, retries and local rate limit, %d endpoints", n, forwarding, withPolicy, endpoints)
	}
	if got := len(out.Result.Statuses.BackendTrafficPolicies); got != n {
		b.Fatalf("%d BackendTrafficPolicy statuses for %d routes", got, n)
	}
	b.ReportMetric(float64(forwarding), "envoy-routes")
}

// samplePeakHeap samples the bytes of live and not yet swept heap objects
// every millisecond until the returned function is called, which returns
// the largest value seen.
func samplePeakHeap() (stop func() uint64) {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var peak uint64
	done := make(chan struct{})
	finished := make(chan struct{})
	read := func() {
		metrics.Read(sample)
		if v := sample[0].Value.Uint64(); v > peak {
			peak = v
		}
	}
	go func() {
		defer close(finished)
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				read()
				return
			case <-t.C:
				read()
			}
		}
	}()
	return func() uint64 {
		close(done)
		<-finished
		return peak
	}
}
