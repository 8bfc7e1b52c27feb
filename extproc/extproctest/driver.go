package extproctest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"time"

	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	extprocv3 "github.com/envoyproxy/go-control-plane/envoy/service/ext_proc/v3"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/gatewaykit/gatewaykit/extproc"
)

// Driver plays the part of Envoy's ext_proc filter against a processor: it
// sends the messages Envoy would send for an HTTP exchange under the
// configured processing mode, applies the answers under the configured
// mutation rules, and reports what the upstream and the client would have
// received.
//
// A Driver is immutable and safe for concurrent use; each Do opens its own
// gRPC stream, as Envoy does for each HTTP exchange.
type Driver struct {
	client extprocv3.ExternalProcessorClient
	cfg    config
}

// New returns a driver that talks to the ExternalProcessor service on cc,
// which may lead to a processor written with package extproc (see Connect)
// or to any other ext_proc server. It returns an error wrapping
// ErrInvalidOption or ErrUnsupported for a misused option.
func New(cc grpc.ClientConnInterface, opts ...Option) (*Driver, error) {
	if cc == nil {
		return nil, fmt.Errorf("%w: nil connection", ErrInvalidOption)
	}
	cfg := defaultConfig()
	for _, o := range opts {
		if o == nil {
			return nil, fmt.Errorf("%w: nil option", ErrInvalidOption)
		}
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	return &Driver{client: extprocv3.NewExternalProcessorClient(cc), cfg: cfg}, nil
}

// Do drives one HTTP exchange: the request through the processor, then (if
// no local reply was sent) to up, then up's response through the processor.
// A nil up answers 200 with no body.
//
// Whatever Envoy would turn into a response for the client (an immediate
// response, a failed or misbehaving processor, a rejected mutation) is
// reported in the Result, not as an error. Do returns an error only when req
// is nil, up fails, or ctx ends.
func (d *Driver) Do(ctx context.Context, req *Request, up Upstream) (*Result, error) {
	if req == nil {
		return nil, errors.New("extproctest: nil request")
	}
	r := &run{ctx: ctx, d: d, cfg: &d.cfg, mode: d.cfg.mode, res: &Result{}}
	defer r.closeStream()

	reqDir := &direction{
		request:  true,
		headers:  requestHeaderList(req),
		body:     slices.Clone(req.Body),
		trailers: trailerList(req.Trailer),
	}
	r.process(reqDir)
	if r.ctxErr != nil {
		return nil, r.ctxErr
	}
	if r.reply != nil {
		return r.finish(), nil
	}
	r.res.Request = reqDir.headers.toRequest(reqDir.body, reqDir.trailers)

	resp := &Response{Status: http.StatusOK}
	if up != nil {
		var err error
		resp, err = up.RoundTrip(ctx, r.res.Request.Clone())
		if err != nil {
			return nil, fmt.Errorf("extproctest: upstream: %w", err)
		}
		if resp == nil {
			return nil, errors.New("extproctest: upstream returned a nil response")
		}
	}
	respDir := &direction{
		headers:  responseHeaderList(resp),
		body:     slices.Clone(resp.Body),
		trailers: trailerList(resp.Trailer),
	}
	r.process(respDir)
	if r.ctxErr != nil {
		return nil, r.ctxErr
	}
	if r.reply == nil {
		r.res.Response = respDir.headers.toResponse(respDir.body, respDir.trailers)
	}
	return r.finish(), nil
}

// run is the state of one Do: Envoy's filter instance for one exchange.
type run struct {
	ctx  context.Context
	d    *Driver
	cfg  *config
	mode extproc.ProcessingMode
	res  *Result

	st       *procStream
	complete bool // no more messages: stream closed early or failed open
	reply    *LocalReply
	ctxErr   error
}

func (r *run) finish() *Result {
	r.res.Mode = r.mode
	return r.res
}

func (r *run) stopped() bool { return r.reply != nil || r.ctxErr != nil }

func (r *run) note(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	r.res.Notes = append(r.res.Notes, msg)
	r.cfg.log.Debug("extproctest: " + msg)
}

func (r *run) closeStream() {
	if r.st != nil {
		r.st.close()
		r.st = nil
	}
}

// send sends req for phase p, opening the stream first if needed. It
// returns false when processing stopped or completed instead.
func (r *run) send(p extproc.Phase, req *extprocv3.ProcessingRequest) bool {
	if r.stopped() || r.complete {
		return false
	}
	if r.st == nil {
		st, err := openStream(r.ctx, r.d.client)
		if err != nil {
			r.failure(p, fmt.Errorf("%w: open: %w", ErrStream, err), r.cfg.statusOnError)
			return false
		}
		r.st = st
		req.ProtocolConfig = &extprocv3.ProtocolConfiguration{
			RequestBodyMode:  r.mode.Proto().GetRequestBodyMode(),
			ResponseBodyMode: r.mode.Proto().GetResponseBodyMode(),
		}
	}
	r.res.Messages = append(r.res.Messages, Message{Phase: p, Request: req})
	r.cfg.log.Debug("extproctest: sent", "phase", p.String())
	if err := r.st.stream.Send(req); err != nil {
		if !errors.Is(err, io.EOF) {
			r.failure(p, fmt.Errorf("%w: send: %w", ErrStream, err), r.cfg.statusOnError)
			return false
		}
		// The server ended the stream; its status comes from Recv.
		for {
			item, _, ctxErr := r.st.next(r.ctx, time.Time{})
			if ctxErr != nil {
				r.ctxErr = ctxErr
				return false
			}
			if item.err != nil {
				r.streamEnded(p, item.err)
				return false
			}
		}
	}
	return true
}

// await waits for the next answer while processing phase p, handling
// override_message_timeout, timeouts and stream ends. It returns nil when
// processing stopped or completed.
func (r *run) await(p extproc.Phase) *extprocv3.ProcessingResponse {
	deadline := time.Now().Add(r.cfg.messageTimeout)
	extended := false
	for {
		item, timedOut, ctxErr := r.st.next(r.ctx, deadline)
		switch {
		case ctxErr != nil:
			r.ctxErr = ctxErr
			return nil
		case timedOut:
			r.failure(p, fmt.Errorf("%w: no answer to %s within %v", ErrMessageTimeout, p, r.cfg.messageTimeout), http.StatusGatewayTimeout)
			return nil
		case item.err != nil:
			r.streamEnded(p, item.err)
			return nil
		}
		resp := item.resp
		r.res.Messages = append(r.res.Messages, Message{Phase: p, Response: resp})
		r.cfg.log.Debug("extproctest: received", "phase", p.String(), "answer", answerName(resp))
		if resp.GetOverrideMessageTimeout() != nil {
			d := resp.GetOverrideMessageTimeout().AsDuration()
			if !extended && d >= time.Millisecond && d <= r.cfg.maxMessageTimeout {
				deadline = time.Now().Add(d)
				extended = true
			} else {
				r.note("%s: override_message_timeout %v ignored (max_message_timeout %v, at most once per message)", p, d, r.cfg.maxMessageTimeout)
			}
			continue
		}
		return resp
	}
}

// roundTrip sends req and returns the answer for phase p, after mode
// override, immediate response, spurious answer and dynamic metadata are
// dealt with. It returns nil when there is nothing to apply.
func (r *run) roundTrip(p extproc.Phase, req *extprocv3.ProcessingRequest) *extprocv3.ProcessingResponse {
	if !r.send(p, req) {
		return nil
	}
	return r.answer(p)
}

func (r *run) answer(p extproc.Phase) *extprocv3.ProcessingResponse {
	resp := r.await(p)
	if resp == nil {
		return nil
	}
	if p == extproc.PhaseRequestHeaders || p == extproc.PhaseResponseHeaders {
		r.modeOverride(p, resp.GetModeOverride())
	} else if resp.GetModeOverride() != nil {
		r.note("%s: mode_override ignored: Envoy honours it only in answer to headers", p)
	}
	if ir := resp.GetImmediateResponse(); ir != nil {
		if r.cfg.disableImmediateResponse {
			r.failure(p, fmt.Errorf("%w: immediate_response while disable_immediate_response is set", ErrSpuriousMessage), r.cfg.statusOnError)
			return nil
		}
		r.recordMetadata(resp)
		r.immediate(p, ir)
		return nil
	}
	if got := answerName(resp); got != p.String() {
		r.failure(p, fmt.Errorf("%w: waiting for %s, got %s", ErrSpuriousMessage, p, got), r.cfg.statusOnError)
		return nil
	}
	r.recordMetadata(resp)
	return resp
}

// streamEnded handles the end of the stream while processing phase p. A
// clean end (the server returned OK) means "no more processing"; anything
// else is a failure.
func (r *run) streamEnded(p extproc.Phase, err error) {
	if r.ctx.Err() != nil {
		r.ctxErr = r.ctx.Err()
		return
	}
	if errors.Is(err, io.EOF) {
		r.complete = true
		r.res.StreamClosedEarly = true
		r.note("%s: processor closed the stream; the rest of the exchange goes through unprocessed", p)
		r.closeStream()
		return
	}
	r.failure(p, fmt.Errorf("%w: %w", ErrStream, err), r.cfg.statusOnError)
}

// failure is a processor failure Envoy tolerates under failure_mode_allow.
func (r *run) failure(p extproc.Phase, err error, status int) {
	if r.ctx.Err() != nil {
		// The caller gave up; that is not the processor's failure.
		r.ctxErr = r.ctx.Err()
		return
	}
	if r.cfg.failureModeAllow {
		r.complete = true
		r.res.StreamClosedEarly = true
		r.note("%s: %v; failure_mode_allow is set, so the rest goes through unprocessed", p, err)
		r.closeStream()
		return
	}
	r.localError(p, status, err)
}

// localError ends the exchange with an error reply of Envoy's own.
func (r *run) localError(p extproc.Phase, status int, err error) {
	r.cfg.log.Debug("extproctest: local reply", "phase", p.String(), "status", status, "err", err)
	r.reply = &LocalReply{Phase: p, Status: status, Header: http.Header{}, Details: err.Error(), Err: err}
	r.res.LocalReply = r.reply
	r.res.Response = &Response{Status: status, Header: http.Header{}}
	r.closeStream()
}

// immediate sends the processor's immediate response to the client.
func (r *run) immediate(p extproc.Phase, ir *extprocv3.ImmediateResponse) {
	status := http.StatusOK
	if ir.GetStatus() != nil {
		status = int(ir.GetStatus().GetCode())
	}
	if status < 200 {
		r.note("%s: immediate response status %d is invalid; Envoy uses 200", p, status)
		status = http.StatusOK
	}
	hl := headerList{{":status", strconv.Itoa(status)}}
	if len(ir.GetBody()) > 0 {
		hl.add("content-type", "text/plain")
		hl.add("content-length", strconv.Itoa(len(ir.GetBody())))
	}
	if hm := ir.GetHeaders(); hm != nil {
		if err := r.applyHeaders(p, &hl, hm, mutationOpts{}); err != nil {
			r.note("%s: immediate response header mutation stopped: %v", p, err)
		}
	}
	resp := hl.toResponse(slices.Clone(ir.GetBody()), nil)
	reply := &LocalReply{Phase: p, Status: resp.Status, Header: resp.Header, Body: resp.Body, Details: ir.GetDetails()}
	if gs := ir.GetGrpcStatus(); gs != nil {
		v := gs.GetStatus()
		reply.GRPCStatus = &v
	}
	r.reply = reply
	r.res.LocalReply = reply
	r.res.Response = resp
	r.closeStream()
}

// recordMetadata merges the answer's dynamic metadata into the result.
func (r *run) recordMetadata(resp *extprocv3.ProcessingResponse) {
	md := resp.GetDynamicMetadata()
	if md == nil {
		return
	}
	if r.res.DynamicMetadata == nil {
		r.res.DynamicMetadata = map[string]*structpb.Struct{}
	}
	for ns, v := range md.GetFields() {
		st := r.res.DynamicMetadata[ns]
		if st == nil {
			st = &structpb.Struct{Fields: map[string]*structpb.Value{}}
			r.res.DynamicMetadata[ns] = st
		}
		for k, fv := range v.GetStructValue().GetFields() {
			st.Fields[k] = fv
		}
	}
}

// answerName names the answer a response carries, using the phase names.
func answerName(resp *extprocv3.ProcessingResponse) string {
	switch resp.GetResponse().(type) {
	case *extprocv3.ProcessingResponse_RequestHeaders:
		return extproc.PhaseRequestHeaders.String()
	case *extprocv3.ProcessingResponse_RequestBody:
		return extproc.PhaseRequestBody.String()
	case *extprocv3.ProcessingResponse_RequestTrailers:
		return extproc.PhaseRequestTrailers.String()
	case *extprocv3.ProcessingResponse_ResponseHeaders:
		return extproc.PhaseResponseHeaders.String()
	case *extprocv3.ProcessingResponse_ResponseBody:
		return extproc.PhaseResponseBody.String()
	case *extprocv3.ProcessingResponse_ResponseTrailers:
		return extproc.PhaseResponseTrailers.String()
	case *extprocv3.ProcessingResponse_ImmediateResponse:
		return "immediate_response"
	case *extprocv3.ProcessingResponse_StreamedImmediateResponse:
		return "streamed_immediate_response"
	}
	return "an empty response"
}

// newRequest returns a ProcessingRequest with the metadata context Envoy
// always sets.
func newRequest() *extprocv3.ProcessingRequest {
	return &extprocv3.ProcessingRequest{MetadataContext: &corev3.Metadata{}}
}
