package extproc_test

import (
	"context"
	"errors"
	"net"
	"path/filepath"
	"testing"
	"time"

	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	extprocv3 "github.com/envoyproxy/go-control-plane/envoy/service/ext_proc/v3"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/status"

	"github.com/gatewaykit/gatewaykit/extproc"
	"github.com/gatewaykit/gatewaykit/extproc/extproctest"
)

// serve runs s on l until the test ends and returns a client connection to
// addr and a function that stops the server and returns Serve's result.
func serve(t *testing.T, s *extproc.Server, l net.Listener, target string) (*grpc.ClientConn, func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, l) }()
	cc, err := grpc.NewClient(target, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	var result error
	stopped := false
	stop := func() error {
		if !stopped {
			stopped = true
			cancel()
			result = <-done
		}
		return result
	}
	t.Cleanup(func() {
		_ = cc.Close()
		_ = stop()
	})
	return cc, stop
}

var addHeader = extproc.RequestHeadersFunc(func(_ context.Context, req *extproc.HeadersRequest) (*extproc.HeadersResponse, error) {
	r := &extproc.HeadersResponse{}
	r.Headers.Set("x-processed", "true")
	return r, nil
})

func health(t *testing.T, cc *grpc.ClientConn, service string) (healthpb.HealthCheckResponse_ServingStatus, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	resp, err := healthpb.NewHealthClient(cc).Check(ctx, &healthpb.HealthCheckRequest{Service: service})
	return resp.GetStatus(), err
}

func TestServeUnixSocket(t *testing.T) {
	sock := filepath.Join(t.TempDir(), "p.sock")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	s, err := extproc.New(addHeader)
	if err != nil {
		t.Fatal(err)
	}
	cc, stop := serve(t, s, l, "unix://"+sock)
	for _, svc := range []string{"", extproc.HealthServiceName} {
		if st, err := health(t, cc, svc); err != nil || st != healthpb.HealthCheckResponse_SERVING {
			t.Errorf("health(%q) = %v, %v", svc, st, err)
		}
	}
	d, err := extproctest.New(cc, extproctest.WithMessageTimeout(10*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	res, err := d.Do(context.Background(), extproctest.NewRequest("GET", "/", nil), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Request.Header.Get("X-Processed"); got != "true" {
		t.Errorf("x-processed = %q", got)
	}
	start := time.Now()
	if err := stop(); err != nil {
		t.Fatalf("Serve returned %v after cancellation", err)
	}
	if time.Since(start) > extproc.DefaultShutdownTimeout {
		t.Errorf("idle shutdown took %v", time.Since(start))
	}
}

func TestServeTCPLoopback(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s, err := extproc.New(addHeader)
	if err != nil {
		t.Fatal(err)
	}
	cc, _ := serve(t, s, l, "passthrough:///"+l.Addr().String())
	d, err := extproctest.New(cc, extproctest.WithMessageTimeout(10*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	res, err := d.Do(context.Background(), extproctest.NewRequest("GET", "/", nil), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Request.Header.Get("X-Processed"); got != "true" {
		t.Errorf("x-processed = %q", got)
	}
}

func TestGracefulStopIsBounded(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	entered := make(chan struct{})
	release := make(chan struct{})
	defer close(release)
	hang := extproc.RequestHeadersFunc(func(context.Context, *extproc.HeadersRequest) (*extproc.HeadersResponse, error) {
		close(entered)
		<-release
		return nil, nil
	})
	s, err := extproc.New(hang, extproc.WithShutdownTimeout(100*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	cc, stop := serve(t, s, l, "passthrough:///"+l.Addr().String())
	stream, err := extprocv3.NewExternalProcessorClient(cc).Process(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if err := stream.Send(&extprocv3.ProcessingRequest{Request: &extprocv3.ProcessingRequest_RequestHeaders{RequestHeaders: &extprocv3.HttpHeaders{}}}); err != nil {
		t.Fatal(err)
	}
	<-entered
	start := time.Now()
	if err := stop(); err != nil {
		t.Fatalf("Serve: %v", err)
	}
	if el := time.Since(start); el < 100*time.Millisecond || el > 5*time.Second {
		t.Errorf("shutdown with an open stream took %v, want about the 100ms bound", el)
	}
	if _, err := stream.Recv(); status.Code(err) != codes.Unavailable && status.Code(err) != codes.Canceled {
		t.Errorf("open stream after forced stop: %v", err)
	}
}

func TestServeReportsListenerFailure(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	_ = l.Close()
	s, _ := extproc.New(addHeader)
	if err := s.Serve(context.Background(), l); err == nil {
		t.Fatal("Serve on a closed listener returned nil")
	}
}

func TestNewErrors(t *testing.T) {
	type notAProcessor struct{}
	// A method with the wrong signature implements nothing.
	wrong := func(context.Context, *extproc.HeadersRequest) error { return nil }
	for _, tc := range []struct {
		name string
		p    extproc.Processor
		opts []extproc.Option
		want error
	}{
		{"nil processor", nil, nil, extproc.ErrNoPhase},
		{"no phase", notAProcessor{}, nil, extproc.ErrNoPhase},
		{"wrong signature", wrong, nil, extproc.ErrNoPhase},
		{"nil logger", addHeader, []extproc.Option{extproc.WithLogger(nil)}, extproc.ErrInvalidOption},
		{"zero shutdown timeout", addHeader, []extproc.Option{extproc.WithShutdownTimeout(0)}, extproc.ErrInvalidOption},
		{"nil option", addHeader, []extproc.Option{nil}, extproc.ErrInvalidOption},
		{"nil grpc option", addHeader, []extproc.Option{extproc.WithGRPCServerOptions(nil)}, extproc.ErrInvalidOption},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := extproc.New(tc.p, tc.opts...); !errors.Is(err, tc.want) {
				t.Errorf("err = %v, want %v", err, tc.want)
			}
		})
	}
}

func TestObservabilityModeGetsNoAnswer(t *testing.T) {
	seen := make(chan string, 1)
	p := extproc.RequestHeadersFunc(func(_ context.Context, req *extproc.HeadersRequest) (*extproc.HeadersResponse, error) {
		seen <- req.Headers.Path()
		return nil, nil
	})
	cc := extproctest.Connect(t, p)
	stream, err := extprocv3.NewExternalProcessorClient(cc).Process(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	err = stream.Send(&extprocv3.ProcessingRequest{
		ObservabilityMode: true,
		Request: &extprocv3.ProcessingRequest_RequestHeaders{RequestHeaders: &extprocv3.HttpHeaders{
			Headers: &corev3.HeaderMap{Headers: []*corev3.HeaderValue{{Key: ":path", RawValue: []byte("/watched")}}},
		}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := <-seen; got != "/watched" {
		t.Errorf("path = %q", got)
	}
	if err := stream.CloseSend(); err != nil {
		t.Fatal(err)
	}
	// The server ends the stream without having sent anything.
	if resp, err := stream.Recv(); err == nil {
		t.Errorf("got an answer in observability mode: %v", resp)
	}
}

func TestProcessorPanicEndsOnlyItsStream(t *testing.T) {
	calls := 0
	p := extproc.RequestHeadersFunc(func(context.Context, *extproc.HeadersRequest) (*extproc.HeadersResponse, error) {
		calls++
		if calls == 1 {
			panic("boom")
		}
		return nil, nil
	})
	d, err := extproctest.New(extproctest.Connect(t, p), extproctest.WithMessageTimeout(10*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	res, err := d.Do(context.Background(), extproctest.NewRequest("GET", "/", nil), nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.LocalReply == nil || status.Code(res.LocalReply.Err) != codes.Internal {
		t.Fatalf("local reply = %+v", res.LocalReply)
	}
	res, err = d.Do(context.Background(), extproctest.NewRequest("GET", "/", nil), nil)
	if err != nil || res.LocalReply != nil {
		t.Fatalf("server did not survive the panic: %v %+v", err, res.LocalReply)
	}
}

func TestResponsePhasesSeeTheRequestHeaders(t *testing.T) {
	var gotPath, gotStatus string
	p := extproc.Phases{
		RequestHeaders: func(context.Context, *extproc.HeadersRequest) (*extproc.HeadersResponse, error) {
			r := &extproc.HeadersResponse{}
			r.Headers.Set(":path", "/rewritten")
			return r, nil
		},
		ResponseHeaders: func(_ context.Context, req *extproc.HeadersRequest) (*extproc.HeadersResponse, error) {
			gotPath, gotStatus = req.RequestHeaders.Path(), req.Headers.Get(":status")
			return nil, nil
		},
	}
	d, err := extproctest.New(extproctest.Connect(t, p), extproctest.WithMessageTimeout(10*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	res, err := d.Do(context.Background(), extproctest.NewRequest("GET", "/orig", nil), extproctest.Respond(&extproctest.Response{Status: 201}))
	if err != nil {
		t.Fatal(err)
	}
	if res.Request.Path != "/rewritten" {
		t.Errorf("upstream path = %q", res.Request.Path)
	}
	// RequestHeaders are as Envoy sent them, before the processor's change.
	if gotPath != "/orig" || gotStatus != "201" {
		t.Errorf("response phase saw path %q status %q", gotPath, gotStatus)
	}
}
