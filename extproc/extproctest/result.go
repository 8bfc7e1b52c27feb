package extproctest

import (
	"net/http"

	extprocv3 "github.com/envoyproxy/go-control-plane/envoy/service/ext_proc/v3"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/gatewaykit/gatewaykit/extproc"
)

// Result is what one exchange driven through the processor produced.
type Result struct {
	// Request is the request as it reached the upstream, after the
	// processor's mutations. It is nil when a local reply was sent before
	// the upstream was called.
	Request *Request
	// Response is the response as it reached the client: the upstream's
	// response after the processor's mutations, or the local reply.
	Response *Response
	// LocalReply is set when Envoy would have answered the client itself,
	// because the processor sent an immediate response or because something
	// failed.
	LocalReply *LocalReply
	// Messages are the messages exchanged with the processor, in order.
	Messages []Message
	// Mode is the processing mode in force at the end, after any override.
	Mode extproc.ProcessingMode
	// ModeOverridden reports whether a mode override was honoured.
	ModeOverridden bool
	// RouteCacheCleared reports whether Envoy would have cleared the route
	// cache (and so recomputed the route after the request headers changed).
	RouteCacheCleared bool
	// DynamicMetadata merges the dynamic_metadata the processor sent, by
	// namespace. Envoy itself keeps only the namespaces listed in the
	// filter's metadata_options.receiving_namespaces; this map holds all.
	DynamicMetadata map[string]*structpb.Struct
	// Rejections are the header changes the mutation rules refused.
	Rejections []Rejection
	// Notes describe things Envoy would do silently that are often a
	// processor bug: an ignored mode override, an ignored clear_route_cache,
	// a header value sent in the wrong field, and so on.
	Notes []string
	// StreamClosedEarly reports that processing stopped before the end of the
	// exchange without a local reply: the processor closed the stream, or it
	// failed while failure_mode_allow was set. The rest of the exchange went
	// through unprocessed.
	StreamClosedEarly bool
}

// Phases returns the phases of the messages sent to the processor, in
// order, one per message.
func (r *Result) Phases() []extproc.Phase {
	var out []extproc.Phase
	for _, m := range r.Messages {
		if m.Request != nil {
			out = append(out, m.Phase)
		}
	}
	return out
}

// Requests returns the messages sent to the processor for phase p.
func (r *Result) Requests(p extproc.Phase) []*extprocv3.ProcessingRequest {
	var out []*extprocv3.ProcessingRequest
	for _, m := range r.Messages {
		if m.Request != nil && m.Phase == p {
			out = append(out, m.Request)
		}
	}
	return out
}

// Message is one message of the exchange. Exactly one of Request (sent to
// the processor) and Response (received from it) is set.
type Message struct {
	// Phase is the phase the message belongs to; for a response, the phase
	// the driver was waiting on when it arrived.
	Phase    extproc.Phase
	Request  *extprocv3.ProcessingRequest
	Response *extprocv3.ProcessingResponse
}

// LocalReply is a response Envoy generated instead of forwarding.
type LocalReply struct {
	// Phase is the phase being processed when the reply was decided, or 0
	// for a failure outside any phase.
	Phase extproc.Phase
	// Status is the HTTP status sent to the client.
	Status int
	// Header and Body are the reply's headers and body.
	Header http.Header
	Body   []byte
	// GRPCStatus is the immediate response's grpc_status, if any.
	GRPCStatus *uint32
	// Details is what Envoy would record as response code details.
	Details string
	// Err is nil when the processor asked for the reply with an immediate
	// response. Otherwise it says why Envoy generated the reply, and wraps
	// one of ErrSpuriousMessage, ErrMutationRejected, ErrInvalidMutation,
	// ErrMessageTimeout, ErrStream or ErrBufferLimit.
	Err error
}

// Rejection is a header change the mutation rules refused.
type Rejection struct {
	// Phase is the phase whose answer held the change (for an immediate
	// response's headers, the phase it answered).
	Phase extproc.Phase
	// Op is the kind of change.
	Op Op
	// Header is the header name, lower-cased.
	Header string
	// Reason names the rule that refused it.
	Reason string
	// Fatal is true when disallow_is_error made the refusal an error: the
	// exchange ends with a 500, except for an immediate response's headers,
	// where Envoy only stops applying the rest of the mutation.
	Fatal bool
}
