package xds

import (
	"encoding/binary"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"

	clusterv3 "github.com/envoyproxy/go-control-plane/envoy/config/cluster/v3"
	endpointv3 "github.com/envoyproxy/go-control-plane/envoy/config/endpoint/v3"
	listenerv3 "github.com/envoyproxy/go-control-plane/envoy/config/listener/v3"
	routev3 "github.com/envoyproxy/go-control-plane/envoy/config/route/v3"
	tlsv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/transport_sockets/tls/v3"
	"google.golang.org/protobuf/proto"

	"github.com/gatewaykit/gatewaykit/ir"
)

// Resources is the Envoy configuration built from one ir.Xds. Each list is
// sorted by resource name.
//
// Resources built from the same object share read-only parts (the
// envoy-gateway filter metadata of an HTTPRoute's routes and clusters, for
// one): treat them as immutable, as go-control-plane's caches do, and
// proto.Clone a resource before changing it.
type Resources struct {
	Listeners []*listenerv3.Listener
	Routes    []*routev3.RouteConfiguration
	Clusters  []*clusterv3.Cluster
	Endpoints []*endpointv3.ClusterLoadAssignment
	Secrets   []*tlsv3.Secret
	// EnvoyPatchPolicyStatuses are the statuses of the IR's
	// EnvoyPatchPolicies, in the order their patches were applied: the
	// translator's conditions with Programmed added (True when every patch
	// applied, False with the reason and the failing patches otherwise).
	EnvoyPatchPolicyStatuses []*ir.EnvoyPatchPolicyStatus
}

// Marshal serialises every resource of r deterministically: listeners,
// routes, clusters, endpoints and secrets, each list in r's order, each
// resource in deterministic protobuf wire form preceded by its length. The
// same resources always give the same bytes, so the result can serve as a
// content hash input or to compare two translations.
func (r *Resources) Marshal() ([]byte, error) {
	var out []byte
	opts := proto.MarshalOptions{Deterministic: true}
	add := func(m proto.Message) error {
		b, err := opts.Marshal(m)
		if err != nil {
			return err
		}
		out = binary.AppendUvarint(out, uint64(len(b)))
		out = append(out, b...)
		return nil
	}
	var err error
	for _, m := range r.Listeners {
		err = errors.Join(err, add(m))
	}
	for _, m := range r.Routes {
		err = errors.Join(err, add(m))
	}
	for _, m := range r.Clusters {
		err = errors.Join(err, add(m))
	}
	for _, m := range r.Endpoints {
		err = errors.Join(err, add(m))
	}
	for _, m := range r.Secrets {
		err = errors.Join(err, add(m))
	}
	if err != nil {
		return nil, fmt.Errorf("xds: marshal: %w", err)
	}
	return out, nil
}

// Option configures Translate.
type Option func(*options)

type options struct {
	controllerNamespace string
	// patchReport, when set, receives the resources EnvoyPatchPolicies
	// changed (DryRunPatches).
	patchReport *[]PatchedResource
}

// WithControllerNamespace sets the namespace of the control plane
// (envoy-gateway-system by default), used in the names of resources that
// point back at it.
func WithControllerNamespace(ns string) Option {
	return func(o *options) { o.controllerNamespace = ns }
}

// Translate builds the Envoy configuration for x. x is not modified.
//
// x is checked with (*ir.Xds).Validate first: an invalid IR yields an error
// that wraps Validate's (each *ir.ValidationError, with its field path,
// stays reachable through errors.As) and no resources. Every returned
// resource has passed ValidateAll; an IR that passes Validate and still
// cannot be turned into valid resources yields an error naming the IR
// field path, and no resources.
func Translate(x *ir.Xds, opts ...Option) (*Resources, error) {
	o := options{controllerNamespace: "envoy-gateway-system"}
	for _, opt := range opts {
		opt(&o)
	}
	if x == nil {
		return nil, errors.New("xds: nil IR")
	}
	if err := x.Validate(); err != nil {
		return nil, fmt.Errorf("xds: invalid IR: %w", err)
	}
	b := newBuilder(&o)
	if err := b.build(x); err != nil {
		return nil, err
	}
	r := b.resources()
	if err := validate(r); err != nil {
		return nil, err
	}
	applyPatches(r, x.EnvoyPatchPolicies, o.patchReport)
	return r, nil
}

// validate runs ValidateAll on every resource, on as many goroutines as
// there are processors (ValidateAll only reads), and returns the errors in
// resource order.
func validate(r *Resources) error {
	type check struct {
		kind, name string
		validate   func() error
	}
	checks := make([]check, 0, len(r.Listeners)+len(r.Routes)+len(r.Clusters)+len(r.Endpoints)+len(r.Secrets))
	for _, l := range r.Listeners {
		checks = append(checks, check{"listener", l.GetName(), l.ValidateAll})
	}
	for _, rc := range r.Routes {
		checks = append(checks, check{"route configuration", rc.GetName(), rc.ValidateAll})
	}
	for _, c := range r.Clusters {
		checks = append(checks, check{"cluster", c.GetName(), c.ValidateAll})
	}
	for _, e := range r.Endpoints {
		checks = append(checks, check{"cluster load assignment", e.GetClusterName(), e.ValidateAll})
	}
	for _, s := range r.Secrets {
		checks = append(checks, check{"secret", s.GetName(), s.ValidateAll})
	}
	errs := make([]error, len(checks))
	workers := min(runtime.GOMAXPROCS(0), (len(checks)+255)/256)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			// Resources are taken in batches, so that the workers share
			// one counter without contending for it.
			const batch = 64
			for {
				start := int(next.Add(batch)) - batch
				if start >= len(checks) {
					return
				}
				for i := start; i < min(start+batch, len(checks)); i++ {
					if err := checks[i].validate(); err != nil {
						errs[i] = fmt.Errorf("xds: %s %q: %w", checks[i].kind, checks[i].name, err)
					}
				}
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}
