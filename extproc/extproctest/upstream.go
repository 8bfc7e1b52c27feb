package extproctest

import "context"

// Upstream stands for the service behind Envoy: it receives the request as
// the processor left it and returns the response the processor then sees.
type Upstream interface {
	RoundTrip(ctx context.Context, req *Request) (*Response, error)
}

// UpstreamFunc adapts a function to Upstream.
type UpstreamFunc func(ctx context.Context, req *Request) (*Response, error)

// RoundTrip calls f.
func (f UpstreamFunc) RoundTrip(ctx context.Context, req *Request) (*Response, error) {
	return f(ctx, req)
}

// Respond returns an Upstream that answers every request with a copy of
// resp.
func Respond(resp *Response) Upstream {
	return UpstreamFunc(func(context.Context, *Request) (*Response, error) {
		return resp.Clone(), nil
	})
}
