package extproc

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"time"

	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	extprocv3 "github.com/envoyproxy/go-control-plane/envoy/service/ext_proc/v3"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/status"
)

// HealthServiceName is the service name under which Serve reports health,
// in addition to the server-wide "" name.
const HealthServiceName = "envoy.service.ext_proc.v3.ExternalProcessor"

// Server serves a Processor over Envoy's ext_proc gRPC protocol. It
// implements extprocv3.ExternalProcessorServer, so it can be registered on a
// gRPC server of the caller's own; Serve does that for you, with health
// checking and graceful shutdown.
//
// A Server is safe for concurrent use, and Serve may run on several
// listeners at once.
type Server struct {
	proc            Processor
	log             *slog.Logger
	shutdownTimeout time.Duration
	grpcOpts        []grpc.ServerOption
}

var _ extprocv3.ExternalProcessorServer = (*Server)(nil)

// New returns a server for p. It returns an error wrapping ErrNoPhase if p
// implements none of the phase interfaces, and one wrapping ErrInvalidOption
// for a misused option.
func New(p Processor, opts ...Option) (*Server, error) {
	if p == nil || !implementsAny(p) {
		return nil, fmt.Errorf("%w: %T", ErrNoPhase, p)
	}
	s := &Server{
		proc:            p,
		log:             slog.New(slog.DiscardHandler),
		shutdownTimeout: DefaultShutdownTimeout,
	}
	for _, o := range opts {
		if o == nil {
			return nil, fmt.Errorf("%w: nil option", ErrInvalidOption)
		}
		if err := o(s); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// Register registers the ext_proc service on r, for callers that run their
// own gRPC server.
func (s *Server) Register(r grpc.ServiceRegistrar) {
	extprocv3.RegisterExternalProcessorServer(r, s)
}

// Serve accepts ext_proc streams on l, which may be a TCP or a Unix domain
// socket listener, until ctx is done or l fails. It also serves the gRPC
// health service, reporting SERVING for "" and HealthServiceName until
// shutdown begins.
//
// When ctx is done, Serve marks itself NOT_SERVING, stops accepting streams,
// waits up to the shutdown timeout for open streams to end, cancels the
// contexts of any that remain, and returns nil. A processor that ignores its
// context may still be running when Serve returns. Otherwise Serve returns
// the listener's error. Serve closes l in both cases.
func (s *Server) Serve(ctx context.Context, l net.Listener) error {
	g := grpc.NewServer(s.grpcOpts...)
	s.Register(g)
	hs := health.NewServer()
	hs.SetServingStatus("", healthpb.HealthCheckResponse_SERVING)
	hs.SetServingStatus(HealthServiceName, healthpb.HealthCheckResponse_SERVING)
	healthpb.RegisterHealthServer(g, hs)

	errc := make(chan error, 1)
	go func() { errc <- g.Serve(l) }()

	select {
	case err := <-errc:
		hs.Shutdown()
		g.Stop()
		if err != nil {
			return fmt.Errorf("extproc: serve: %w", err)
		}
		return nil
	case <-ctx.Done():
	}

	s.log.Debug("extproc: shutting down", "addr", l.Addr().String())
	hs.Shutdown()
	stopped := make(chan struct{})
	go func() {
		g.GracefulStop()
		close(stopped)
	}()
	t := time.NewTimer(s.shutdownTimeout)
	defer t.Stop()
	select {
	case <-stopped:
		<-errc
	case <-t.C:
		// Stop cancels the contexts of the open streams. gRPC waits for
		// their handlers to return, so a processor that ignores its context
		// would hold Serve forever; Serve returns now instead, and those
		// goroutines end when the processor does.
		s.log.Warn("extproc: graceful stop timed out; cancelling open streams", "timeout", s.shutdownTimeout)
		go g.Stop()
	}
	return nil
}

// Process serves one ext_proc stream, that is one HTTP exchange. gRPC calls
// it; it is exported to satisfy extprocv3.ExternalProcessorServer.
func (s *Server) Process(stream extprocv3.ExternalProcessor_ProcessServer) error {
	ctx := stream.Context()
	var reqHeaders HeaderMap
	for {
		req, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			if status.Code(err) != codes.Canceled {
				s.log.Debug("extproc: receive failed", "err", err)
			}
			return err
		}
		phase := phaseOf(req)
		if phase == PhaseRequestHeaders {
			reqHeaders = HeaderMapFromProto(req.GetRequestHeaders().GetHeaders())
		}
		resp, err := s.dispatch(ctx, phase, req, reqHeaders)
		if err != nil {
			s.log.Warn("extproc: processor failed", "phase", phase.String(), "err", err)
			return err
		}
		if req.GetObservabilityMode() {
			continue
		}
		if err := stream.Send(resp); err != nil {
			s.log.Debug("extproc: send failed", "phase", phase.String(), "err", err)
			return err
		}
	}
}

// dispatch calls the processor for one message and encodes its answer. A
// panic in the processor becomes a codes.Internal error for this stream.
func (s *Server) dispatch(ctx context.Context, phase Phase, req *extprocv3.ProcessingRequest, reqHeaders HeaderMap) (resp *extprocv3.ProcessingResponse, err error) {
	defer func() {
		if r := recover(); r != nil {
			resp, err = nil, status.Errorf(codes.Internal, "extproc: processor panicked in %s: %v", phase, r)
		}
	}()
	msg := newMessage(phase, req, reqHeaders)
	switch phase {
	case PhaseRequestHeaders, PhaseResponseHeaders:
		in := &HeadersRequest{Message: msg}
		var h interface {
			GetHeaders() *corev3.HeaderMap
			GetEndOfStream() bool
		}
		if phase == PhaseRequestHeaders {
			h = req.GetRequestHeaders()
		} else {
			h = req.GetResponseHeaders()
		}
		in.Headers = HeaderMapFromProto(h.GetHeaders())
		in.EndOfStream = h.GetEndOfStream()
		var out *HeadersResponse
		if phase == PhaseRequestHeaders {
			if p, ok := s.proc.(RequestHeadersProcessor); ok {
				out, err = p.ProcessRequestHeaders(ctx, in)
			}
		} else if p, ok := s.proc.(ResponseHeadersProcessor); ok {
			out, err = p.ProcessResponseHeaders(ctx, in)
		}
		if err != nil {
			return nil, err
		}
		return encoded(out.Proto(phase))
	case PhaseRequestBody, PhaseResponseBody:
		b := req.GetRequestBody()
		if phase == PhaseResponseBody {
			b = req.GetResponseBody()
		}
		in := &BodyRequest{Message: msg, Body: b.GetBody(), EndOfStream: b.GetEndOfStream()}
		var out *BodyResponse
		if phase == PhaseRequestBody {
			if p, ok := s.proc.(RequestBodyProcessor); ok {
				out, err = p.ProcessRequestBody(ctx, in)
			}
		} else if p, ok := s.proc.(ResponseBodyProcessor); ok {
			out, err = p.ProcessResponseBody(ctx, in)
		}
		if err != nil {
			return nil, err
		}
		return encoded(out.Proto(phase))
	case PhaseRequestTrailers, PhaseResponseTrailers:
		t := req.GetRequestTrailers()
		if phase == PhaseResponseTrailers {
			t = req.GetResponseTrailers()
		}
		in := &TrailersRequest{Message: msg, Trailers: HeaderMapFromProto(t.GetTrailers())}
		var out *TrailersResponse
		if phase == PhaseRequestTrailers {
			if p, ok := s.proc.(RequestTrailersProcessor); ok {
				out, err = p.ProcessRequestTrailers(ctx, in)
			}
		} else if p, ok := s.proc.(ResponseTrailersProcessor); ok {
			out, err = p.ProcessResponseTrailers(ctx, in)
		}
		if err != nil {
			return nil, err
		}
		return encoded(out.Proto(phase))
	}
	return nil, status.Error(codes.InvalidArgument, ErrEmptyRequest.Error())
}

// encoded turns an encoding failure into a codes.Internal stream error that
// still wraps the package sentinel.
func encoded(resp *extprocv3.ProcessingResponse, err error) (*extprocv3.ProcessingResponse, error) {
	if err != nil {
		return nil, &encodeError{err: err}
	}
	return resp, nil
}

type encodeError struct{ err error }

func (e *encodeError) Error() string { return e.err.Error() }
func (e *encodeError) Unwrap() error { return e.err }

// GRPCStatus makes the error travel as codes.Internal.
func (e *encodeError) GRPCStatus() *status.Status { return status.New(codes.Internal, e.err.Error()) }
