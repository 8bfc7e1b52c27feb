package extproc

import "context"

// Processor is any value that handles at least one phase, by implementing
// one or more of RequestHeadersProcessor, RequestBodyProcessor,
// RequestTrailersProcessor, ResponseHeadersProcessor, ResponseBodyProcessor
// and ResponseTrailersProcessor. The server finds the phases by type
// assertion; a phase the processor does not handle is answered with "no
// change", so a processor only writes the phases it cares about. Which
// phases Envoy actually sends is decided by the filter's processing mode,
// not by the processor.
//
// Envoy opens one gRPC stream per HTTP exchange, and the server calls a
// processor's methods for one stream in order, from one goroutine; calls for
// different streams run concurrently, so a processor must be safe for
// concurrent use.
//
// A method that returns an error ends the stream with that error (a gRPC
// status error keeps its code; any other becomes codes.Unknown), which Envoy
// turns into a 500 unless the filter has failure_mode_allow. A nil response
// means "no change".
type Processor = any

// RequestHeadersProcessor handles request headers.
type RequestHeadersProcessor interface {
	ProcessRequestHeaders(ctx context.Context, req *HeadersRequest) (*HeadersResponse, error)
}

// RequestBodyProcessor handles request body messages.
type RequestBodyProcessor interface {
	ProcessRequestBody(ctx context.Context, req *BodyRequest) (*BodyResponse, error)
}

// RequestTrailersProcessor handles request trailers.
type RequestTrailersProcessor interface {
	ProcessRequestTrailers(ctx context.Context, req *TrailersRequest) (*TrailersResponse, error)
}

// ResponseHeadersProcessor handles response headers.
type ResponseHeadersProcessor interface {
	ProcessResponseHeaders(ctx context.Context, req *HeadersRequest) (*HeadersResponse, error)
}

// ResponseBodyProcessor handles response body messages.
type ResponseBodyProcessor interface {
	ProcessResponseBody(ctx context.Context, req *BodyRequest) (*BodyResponse, error)
}

// ResponseTrailersProcessor handles response trailers.
type ResponseTrailersProcessor interface {
	ProcessResponseTrailers(ctx context.Context, req *TrailersRequest) (*TrailersResponse, error)
}

// RequestHeadersFunc adapts a function to RequestHeadersProcessor.
type RequestHeadersFunc func(ctx context.Context, req *HeadersRequest) (*HeadersResponse, error)

// ProcessRequestHeaders calls f.
func (f RequestHeadersFunc) ProcessRequestHeaders(ctx context.Context, req *HeadersRequest) (*HeadersResponse, error) {
	return f(ctx, req)
}

// RequestBodyFunc adapts a function to RequestBodyProcessor.
type RequestBodyFunc func(ctx context.Context, req *BodyRequest) (*BodyResponse, error)

// ProcessRequestBody calls f.
func (f RequestBodyFunc) ProcessRequestBody(ctx context.Context, req *BodyRequest) (*BodyResponse, error) {
	return f(ctx, req)
}

// RequestTrailersFunc adapts a function to RequestTrailersProcessor.
type RequestTrailersFunc func(ctx context.Context, req *TrailersRequest) (*TrailersResponse, error)

// ProcessRequestTrailers calls f.
func (f RequestTrailersFunc) ProcessRequestTrailers(ctx context.Context, req *TrailersRequest) (*TrailersResponse, error) {
	return f(ctx, req)
}

// ResponseHeadersFunc adapts a function to ResponseHeadersProcessor.
type ResponseHeadersFunc func(ctx context.Context, req *HeadersRequest) (*HeadersResponse, error)

// ProcessResponseHeaders calls f.
func (f ResponseHeadersFunc) ProcessResponseHeaders(ctx context.Context, req *HeadersRequest) (*HeadersResponse, error) {
	return f(ctx, req)
}

// ResponseBodyFunc adapts a function to ResponseBodyProcessor.
type ResponseBodyFunc func(ctx context.Context, req *BodyRequest) (*BodyResponse, error)

// ProcessResponseBody calls f.
func (f ResponseBodyFunc) ProcessResponseBody(ctx context.Context, req *BodyRequest) (*BodyResponse, error) {
	return f(ctx, req)
}

// ResponseTrailersFunc adapts a function to ResponseTrailersProcessor.
type ResponseTrailersFunc func(ctx context.Context, req *TrailersRequest) (*TrailersResponse, error)

// ProcessResponseTrailers calls f.
func (f ResponseTrailersFunc) ProcessResponseTrailers(ctx context.Context, req *TrailersRequest) (*TrailersResponse, error) {
	return f(ctx, req)
}

// Phases is a Processor assembled from functions, one per phase. A nil field
// answers its phase with "no change". It saves declaring a type when a
// processor needs two or three phases.
type Phases struct {
	RequestHeaders   RequestHeadersFunc
	RequestBody      RequestBodyFunc
	RequestTrailers  RequestTrailersFunc
	ResponseHeaders  ResponseHeadersFunc
	ResponseBody     ResponseBodyFunc
	ResponseTrailers ResponseTrailersFunc
}

// ProcessRequestHeaders calls p.RequestHeaders if set.
func (p Phases) ProcessRequestHeaders(ctx context.Context, req *HeadersRequest) (*HeadersResponse, error) {
	if p.RequestHeaders == nil {
		return nil, nil
	}
	return p.RequestHeaders(ctx, req)
}

// ProcessRequestBody calls p.RequestBody if set.
func (p Phases) ProcessRequestBody(ctx context.Context, req *BodyRequest) (*BodyResponse, error) {
	if p.RequestBody == nil {
		return nil, nil
	}
	return p.RequestBody(ctx, req)
}

// ProcessRequestTrailers calls p.RequestTrailers if set.
func (p Phases) ProcessRequestTrailers(ctx context.Context, req *TrailersRequest) (*TrailersResponse, error) {
	if p.RequestTrailers == nil {
		return nil, nil
	}
	return p.RequestTrailers(ctx, req)
}

// ProcessResponseHeaders calls p.ResponseHeaders if set.
func (p Phases) ProcessResponseHeaders(ctx context.Context, req *HeadersRequest) (*HeadersResponse, error) {
	if p.ResponseHeaders == nil {
		return nil, nil
	}
	return p.ResponseHeaders(ctx, req)
}

// ProcessResponseBody calls p.ResponseBody if set.
func (p Phases) ProcessResponseBody(ctx context.Context, req *BodyRequest) (*BodyResponse, error) {
	if p.ResponseBody == nil {
		return nil, nil
	}
	return p.ResponseBody(ctx, req)
}

// ProcessResponseTrailers calls p.ResponseTrailers if set.
func (p Phases) ProcessResponseTrailers(ctx context.Context, req *TrailersRequest) (*TrailersResponse, error) {
	if p.ResponseTrailers == nil {
		return nil, nil
	}
	return p.ResponseTrailers(ctx, req)
}

// implementsAny reports whether p handles at least one phase.
func implementsAny(p Processor) bool {
	switch p.(type) {
	case RequestHeadersProcessor, RequestBodyProcessor, RequestTrailersProcessor,
		ResponseHeadersProcessor, ResponseBodyProcessor, ResponseTrailersProcessor:
		return true
	}
	return false
}
