package extproc

import (
	"fmt"
	"maps"
	"slices"

	extprocv3 "github.com/envoyproxy/go-control-plane/envoy/service/ext_proc/v3"
	typev3 "github.com/envoyproxy/go-control-plane/envoy/type/v3"
	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/types/known/structpb"
)

// Control holds what any response may carry besides its phase's mutations.
// It is embedded in HeadersResponse, BodyResponse and TrailersResponse.
type Control struct {
	// Immediate, when set, makes Envoy answer the client itself and stop
	// processing this exchange. It cannot be combined with mutations.
	Immediate *ImmediateResponse
	// DynamicMetadata is emitted as dynamic metadata for later filters and
	// access logs, one Struct per namespace. Envoy keeps only the namespaces
	// listed in the filter's metadata_options.receiving_namespaces.
	DynamicMetadata map[string]*structpb.Struct
	// ModeOverride changes the processing mode for the rest of this exchange.
	// Envoy honours it only in answer to a headers message, and only when the
	// filter sets allow_mode_override (and, if configured, the override is in
	// allowed_override_modes). Header and trailer modes left at
	// SendModeDefault keep the filter's configured value; both body modes
	// are always taken from the override.
	ModeOverride *ProcessingMode
	// Raw, when set, is sent to Envoy as is. It is the escape hatch for
	// fields this package does not model; every other field of the response
	// must then be left zero.
	Raw *extprocv3.ProcessingResponse
}

// ImmediateResponse makes Envoy send a response of its own to the client
// instead of continuing, for example to deny a request.
type ImmediateResponse struct {
	// Status is the HTTP status code. Zero means 200, as in Envoy.
	Status int
	// Headers changes the headers of the local reply, which Envoy starts with
	// content-type text/plain when Body is not empty.
	Headers HeaderMutation
	// Body is the body of the local reply.
	Body []byte
	// GRPCStatus, when set, adds a grpc-status to the reply.
	GRPCStatus *codes.Code
	// Details is recorded by Envoy as the response code details (access
	// logs' %RESPONSE_CODE_DETAILS%).
	Details string
}

// Proto returns the response as Envoy's ImmediateResponse message. It
// returns an error wrapping ErrInvalidResponse for a status outside 200-599
// (other than zero) or an invalid header mutation.
func (r *ImmediateResponse) Proto() (*extprocv3.ImmediateResponse, error) {
	if r.Status != 0 && (r.Status < 200 || r.Status > 599) {
		return nil, fmt.Errorf("%w: immediate response status %d outside 200-599", ErrInvalidResponse, r.Status)
	}
	out := &extprocv3.ImmediateResponse{Body: r.Body, Details: r.Details}
	if r.Status != 0 {
		out.Status = &typev3.HttpStatus{Code: typev3.StatusCode(r.Status)}
	}
	if !r.Headers.IsZero() {
		hm, err := r.Headers.Proto()
		if err != nil {
			return nil, err
		}
		out.Headers = hm
	}
	if r.GRPCStatus != nil {
		out.GrpcStatus = &extprocv3.GrpcStatus{Status: uint32(*r.GRPCStatus)}
	}
	return out, nil
}

// HeadersResponse answers a headers message. The zero value lets the
// headers through unchanged.
type HeadersResponse struct {
	Control
	// Headers changes the request or response headers.
	Headers HeaderMutation
	// ContinueAndReplace sets the CONTINUE_AND_REPLACE status: Envoy applies
	// the header mutation, replaces the body with Body (which may add a body
	// to a message that had none), and sends no further body or trailer
	// messages for this direction. It also lets Headers change ":method".
	ContinueAndReplace bool
	// Body replaces the body. Envoy applies it only with ContinueAndReplace.
	Body *BodyMutation
	// ClearRouteCache asks Envoy to recompute the route after header changes.
	// Envoy ignores it on the response path; this package always sends a
	// header mutation alongside it, because Envoy ignores it without one.
	ClearRouteCache bool
}

// BodyResponse answers a body message. The zero value lets the body
// through unchanged.
type BodyResponse struct {
	Control
	// Headers changes the headers of the same direction. Envoy applies it
	// only in BUFFERED and BUFFERED_PARTIAL modes, where it still holds the
	// headers.
	Headers HeaderMutation
	// Body replaces the body (BUFFERED), the prefix sent (BUFFERED_PARTIAL)
	// or this chunk (STREAMED).
	Body *BodyMutation
	// ClearRouteCache is as in HeadersResponse.
	ClearRouteCache bool
}

// TrailersResponse answers a trailers message. The zero value lets the
// trailers through unchanged.
type TrailersResponse struct {
	Control
	// Trailers changes the trailers.
	Trailers HeaderMutation
}

// Proto encodes the response for the given phase, which must be
// PhaseRequestHeaders or PhaseResponseHeaders.
func (r *HeadersResponse) Proto(p Phase) (*extprocv3.ProcessingResponse, error) {
	if p != PhaseRequestHeaders && p != PhaseResponseHeaders {
		return nil, fmt.Errorf("%w: headers response for phase %s", ErrInvalidResponse, p)
	}
	if r == nil {
		r = &HeadersResponse{}
	}
	mutated := !r.Headers.IsZero() || r.ContinueAndReplace || r.Body != nil || r.ClearRouteCache
	common, err := commonResponse(&r.Headers, r.Body, r.ClearRouteCache)
	if err != nil {
		return nil, err
	}
	if r.ContinueAndReplace {
		common.Status = extprocv3.CommonResponse_CONTINUE_AND_REPLACE
	}
	hr := &extprocv3.HeadersResponse{Response: common}
	return r.Control.wrap(mutated, func(out *extprocv3.ProcessingResponse) {
		if p == PhaseRequestHeaders {
			out.Response = &extprocv3.ProcessingResponse_RequestHeaders{RequestHeaders: hr}
		} else {
			out.Response = &extprocv3.ProcessingResponse_ResponseHeaders{ResponseHeaders: hr}
		}
	})
}

// Proto encodes the response for the given phase, which must be
// PhaseRequestBody or PhaseResponseBody.
func (r *BodyResponse) Proto(p Phase) (*extprocv3.ProcessingResponse, error) {
	if p != PhaseRequestBody && p != PhaseResponseBody {
		return nil, fmt.Errorf("%w: body response for phase %s", ErrInvalidResponse, p)
	}
	if r == nil {
		r = &BodyResponse{}
	}
	mutated := !r.Headers.IsZero() || r.Body != nil || r.ClearRouteCache
	common, err := commonResponse(&r.Headers, r.Body, r.ClearRouteCache)
	if err != nil {
		return nil, err
	}
	br := &extprocv3.BodyResponse{Response: common}
	return r.Control.wrap(mutated, func(out *extprocv3.ProcessingResponse) {
		if p == PhaseRequestBody {
			out.Response = &extprocv3.ProcessingResponse_RequestBody{RequestBody: br}
		} else {
			out.Response = &extprocv3.ProcessingResponse_ResponseBody{ResponseBody: br}
		}
	})
}

// Proto encodes the response for the given phase, which must be
// PhaseRequestTrailers or PhaseResponseTrailers.
func (r *TrailersResponse) Proto(p Phase) (*extprocv3.ProcessingResponse, error) {
	if p != PhaseRequestTrailers && p != PhaseResponseTrailers {
		return nil, fmt.Errorf("%w: trailers response for phase %s", ErrInvalidResponse, p)
	}
	if r == nil {
		r = &TrailersResponse{}
	}
	tr := &extprocv3.TrailersResponse{}
	if !r.Trailers.IsZero() {
		hm, err := r.Trailers.Proto()
		if err != nil {
			return nil, err
		}
		tr.HeaderMutation = hm
	}
	return r.Control.wrap(!r.Trailers.IsZero(), func(out *extprocv3.ProcessingResponse) {
		if p == PhaseRequestTrailers {
			out.Response = &extprocv3.ProcessingResponse_RequestTrailers{RequestTrailers: tr}
		} else {
			out.Response = &extprocv3.ProcessingResponse_ResponseTrailers{ResponseTrailers: tr}
		}
	})
}

func commonResponse(h *HeaderMutation, body *BodyMutation, clearRoute bool) (*extprocv3.CommonResponse, error) {
	out := &extprocv3.CommonResponse{BodyMutation: body.Proto(), ClearRouteCache: clearRoute}
	if !h.IsZero() || clearRoute {
		hm, err := h.Proto()
		if err != nil {
			return nil, err
		}
		out.HeaderMutation = hm
	}
	return out, nil
}

// wrap builds the ProcessingResponse: Raw as is, the immediate response, or
// the phase answer set by phase, plus metadata and mode override.
func (c *Control) wrap(mutated bool, phase func(*extprocv3.ProcessingResponse)) (*extprocv3.ProcessingResponse, error) {
	if c.Raw != nil {
		if mutated || c.Immediate != nil || len(c.DynamicMetadata) > 0 || c.ModeOverride != nil {
			return nil, fmt.Errorf("%w: Raw set together with other fields", ErrInvalidResponse)
		}
		return c.Raw, nil
	}
	out := &extprocv3.ProcessingResponse{}
	if c.Immediate != nil {
		if mutated {
			return nil, fmt.Errorf("%w: immediate response set together with mutations", ErrInvalidResponse)
		}
		ir, err := c.Immediate.Proto()
		if err != nil {
			return nil, err
		}
		out.Response = &extprocv3.ProcessingResponse_ImmediateResponse{ImmediateResponse: ir}
	} else {
		phase(out)
	}
	if len(c.DynamicMetadata) > 0 {
		md := &structpb.Struct{Fields: make(map[string]*structpb.Value, len(c.DynamicMetadata))}
		for _, ns := range slices.Sorted(maps.Keys(c.DynamicMetadata)) {
			st := c.DynamicMetadata[ns]
			if st == nil {
				st = &structpb.Struct{}
			}
			md.Fields[ns] = structpb.NewStructValue(st)
		}
		out.DynamicMetadata = md
	}
	if c.ModeOverride != nil {
		if err := c.ModeOverride.Validate(); err != nil {
			return nil, fmt.Errorf("%w: mode override: %w", ErrInvalidResponse, err)
		}
		out.ModeOverride = c.ModeOverride.Proto()
	}
	return out, nil
}
