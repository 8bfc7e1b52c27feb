package conformance

import (
	"context"
	"errors"

	"google.golang.org/protobuf/proto"
)

// ErrNotBuilt marks a pipeline stage that does not exist yet. A Pipeline
// that returns an error wrapping ErrNotBuilt (see [NotBuilt]) may still
// return the parts of Output it could build; the runner compares those and
// reports "error" for the rest, with the error text as detail.
var ErrNotBuilt = errors.New("conformance: stage not built")

// NotBuilt returns an error that wraps ErrNotBuilt and reads exactly msg.
func NotBuilt(msg string) error { return &notBuiltError{msg: msg} }

type notBuiltError struct{ msg string }

func (e *notBuiltError) Error() string { return e.msg }
func (e *notBuiltError) Unwrap() error { return ErrNotBuilt }

// Pipeline turns one case's input into statuses and xDS. It must not do
// I/O on behalf of the case (no Wasm fetch, no OIDC discovery): stubs for
// those are the pipeline's business, as the corpus README describes.
type Pipeline interface {
	// Run translates input (the bytes of the case's in.yaml) under the
	// case's flags.
	//
	// A nil error means Output is complete: a nil Statuses or XDS map then
	// means "nothing produced" and is compared as such. An error wrapping
	// ErrNotBuilt means the nil parts of Output were not produced and are
	// reported as "error"; the non-nil parts are compared. Any other error
	// makes every column of the case "error".
	Run(ctx context.Context, c Case, input []byte) (*Output, error)
}

// PipelineFunc adapts a function to Pipeline.
type PipelineFunc func(ctx context.Context, c Case, input []byte) (*Output, error)

// Run calls f.
func (f PipelineFunc) Run(ctx context.Context, c Case, input []byte) (*Output, error) {
	return f(ctx, c, input)
}

// Output is what a pipeline produced for one case.
type Output struct {
	// Statuses holds every object that got a status, grouped by the bundle
	// key of the corpus (gateways, httpRoutes, backendTrafficPolicies,
	// gatewayClass, ...), in input order. Each object must marshal with
	// encoding/json to a Kubernetes object with apiVersion, kind,
	// metadata.namespace/name and status. Keys that hold a single object
	// in the corpus (gatewayClass) hold a one-element slice here.
	Statuses map[string][]any
	// XDS maps an IR key (<gateway-namespace>/<gateway-name>, or the
	// GatewayClass name when gateways are merged) to its resources.
	XDS map[string]*XDS
}

// XDS is the Envoy configuration produced for one IR key.
type XDS struct {
	// Listeners holds *listenerv3.Listener values.
	Listeners []proto.Message
	// Routes holds *routev3.RouteConfiguration values.
	Routes []proto.Message
	// Clusters holds *clusterv3.Cluster values.
	Clusters []proto.Message
	// Endpoints holds *endpointv3.ClusterLoadAssignment values.
	Endpoints []proto.Message
	// Secrets holds *tlsv3.Secret values.
	Secrets []proto.Message
	// RateLimitConfig is the rate-limit service configuration (one entry
	// per domain, sorted by domain), or nil. It must marshal with
	// encoding/json; it is compared structurally.
	RateLimitConfig any
	// EnvoyPatchPolicyStatuses are the statuses of the EnvoyPatchPolicies
	// applied to this IR key, or nil. They must marshal with
	// encoding/json; they are compared structurally.
	EnvoyPatchPolicyStatuses any
}

// NewPipeline returns the pipeline that the corpus test and the
// conformance command measure, configured from the manifest header (the
// options every case runs with). To measure the real pipeline (loader +
// translator + xds), change the one return statement below.
func NewPipeline(m *Manifest) (Pipeline, error) {
	return fullPipeline(m), nil
}
