package extproc

import (
	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	extprocv3 "github.com/envoyproxy/go-control-plane/envoy/service/ext_proc/v3"
	"google.golang.org/protobuf/types/known/structpb"
)

// Message holds what every ProcessingRequest carries besides its phase
// payload. It is embedded in HeadersRequest, BodyRequest and TrailersRequest.
type Message struct {
	// Phase is the phase this message belongs to.
	Phase Phase
	// RequestHeaders are the request headers Envoy sent earlier on this
	// stream (one gRPC stream serves one HTTP exchange), as Envoy sent them,
	// before the processor's mutations. They let a response phase decide
	// based on the request path or method. Empty when request headers were
	// skipped.
	RequestHeaders HeaderMap
	// Attributes are the values of the request_attributes and
	// response_attributes configured on the filter, keyed by filter name.
	Attributes map[string]*structpb.Struct
	// MetadataContext is the dynamic metadata Envoy forwards, per the
	// filter's metadata_options.
	MetadataContext *corev3.Metadata
	// ObservabilityMode is set when the filter runs in observability mode:
	// Envoy ignores any answer, so the server sends none.
	ObservabilityMode bool
	// Raw is the message as received. It is the escape hatch for fields this
	// package does not model; do not modify it.
	Raw *extprocv3.ProcessingRequest
}

// HeadersRequest is a request_headers or response_headers message.
type HeadersRequest struct {
	Message
	// Headers are the request or response headers, pseudo-headers included.
	Headers HeaderMap
	// EndOfStream is true when no body and no trailers follow.
	EndOfStream bool
}

// BodyRequest is a request_body or response_body message: the whole body
// in BUFFERED mode, a chunk of it in STREAMED mode, or the buffered prefix
// in BUFFERED_PARTIAL mode.
type BodyRequest struct {
	Message
	// Body is this message's bytes.
	Body []byte
	// EndOfStream is true when this is the last body message and no
	// trailers follow.
	EndOfStream bool
}

// TrailersRequest is a request_trailers or response_trailers message.
type TrailersRequest struct {
	Message
	// Trailers are the trailers Envoy received.
	Trailers HeaderMap
}

func newMessage(p Phase, req *extprocv3.ProcessingRequest, reqHeaders HeaderMap) Message {
	return Message{
		Phase:             p,
		RequestHeaders:    reqHeaders,
		Attributes:        req.GetAttributes(),
		MetadataContext:   req.GetMetadataContext(),
		ObservabilityMode: req.GetObservabilityMode(),
		Raw:               req,
	}
}

// PhaseOf returns the phase a ProcessingRequest carries, and false when it
// carries none.
func PhaseOf(req *extprocv3.ProcessingRequest) (Phase, bool) {
	p := phaseOf(req)
	return p, p != 0
}

func phaseOf(req *extprocv3.ProcessingRequest) Phase {
	switch req.GetRequest().(type) {
	case *extprocv3.ProcessingRequest_RequestHeaders:
		return PhaseRequestHeaders
	case *extprocv3.ProcessingRequest_RequestBody:
		return PhaseRequestBody
	case *extprocv3.ProcessingRequest_RequestTrailers:
		return PhaseRequestTrailers
	case *extprocv3.ProcessingRequest_ResponseHeaders:
		return PhaseResponseHeaders
	case *extprocv3.ProcessingRequest_ResponseBody:
		return PhaseResponseBody
	case *extprocv3.ProcessingRequest_ResponseTrailers:
		return PhaseResponseTrailers
	}
	return 0
}
