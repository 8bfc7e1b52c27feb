package extproctest_test

import (
	"context"
	"errors"
	"net"
	"testing"
	"time"

	extprocv3 "github.com/envoyproxy/go-control-plane/envoy/service/ext_proc/v3"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/test/bufconn"

	"github.com/gatewaykit/gatewaykit/extproc"
	"github.com/gatewaykit/gatewaykit/extproc/extproctest"
)

// testTimeout replaces Envoy's 200ms message timeout in tests that are not
// about timeouts, so that a loaded machine running -race cannot fail them.
const testTimeout = 10 * time.Second

// newDriver returns a driver for cc with a generous message timeout
// followed by opts.
func newDriver(t *testing.T, cc grpc.ClientConnInterface, opts ...extproctest.Option) *extproctest.Driver {
	t.Helper()
	d, err := extproctest.New(cc, append([]extproctest.Option{extproctest.WithMessageTimeout(testTimeout)}, opts...)...)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return d
}

// drive serves p in memory and runs req through it.
func drive(t *testing.T, p extproc.Processor, req *extproctest.Request, up extproctest.Upstream, opts ...extproctest.Option) *extproctest.Result {
	t.Helper()
	d := newDriver(t, extproctest.Connect(t, p), opts...)
	res, err := d.Do(context.Background(), req, up)
	if err != nil {
		t.Fatalf("Do: %v", err)
	}
	return res
}

func phases(ps ...extproc.Phase) []extproc.Phase { return ps }

// rawServer is an ext_proc server written directly against the generated
// gRPC API, for behaviour package extproc would never produce.
type rawServer func(stream extprocv3.ExternalProcessor_ProcessServer) error

func (f rawServer) Process(stream extprocv3.ExternalProcessor_ProcessServer) error { return f(stream) }

// connectRaw serves f on an in-memory listener.
func connectRaw(t *testing.T, f rawServer) *grpc.ClientConn {
	t.Helper()
	lis := bufconn.Listen(1 << 20)
	g := grpc.NewServer()
	extprocv3.RegisterExternalProcessorServer(g, f)
	go func() { _ = g.Serve(lis) }()
	cc, err := grpc.NewClient("passthrough:///raw",
		grpc.WithContextDialer(func(ctx context.Context, _ string) (net.Conn, error) { return lis.DialContext(ctx) }),
		grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	t.Cleanup(func() {
		_ = cc.Close()
		g.Stop()
	})
	return cc
}

// scripted answers each request with answer(req); a nil answer ends the
// stream with an OK status.
func scripted(answer func(req *extprocv3.ProcessingRequest) *extprocv3.ProcessingResponse) rawServer {
	return func(stream extprocv3.ExternalProcessor_ProcessServer) error {
		for {
			req, err := stream.Recv()
			if err != nil {
				return nil
			}
			resp := answer(req)
			if resp == nil {
				return nil
			}
			if err := stream.Send(resp); err != nil {
				return err
			}
		}
	}
}

// echo answers every message with "no change", as Envoy expects.
func echo(req *extprocv3.ProcessingRequest) *extprocv3.ProcessingResponse {
	switch req.GetRequest().(type) {
	case *extprocv3.ProcessingRequest_RequestHeaders:
		return &extprocv3.ProcessingResponse{Response: &extprocv3.ProcessingResponse_RequestHeaders{RequestHeaders: &extprocv3.HeadersResponse{}}}
	case *extprocv3.ProcessingRequest_ResponseHeaders:
		return &extprocv3.ProcessingResponse{Response: &extprocv3.ProcessingResponse_ResponseHeaders{ResponseHeaders: &extprocv3.HeadersResponse{}}}
	case *extprocv3.ProcessingRequest_RequestBody:
		return &extprocv3.ProcessingResponse{Response: &extprocv3.ProcessingResponse_RequestBody{RequestBody: &extprocv3.BodyResponse{}}}
	case *extprocv3.ProcessingRequest_ResponseBody:
		return &extprocv3.ProcessingResponse{Response: &extprocv3.ProcessingResponse_ResponseBody{ResponseBody: &extprocv3.BodyResponse{}}}
	case *extprocv3.ProcessingRequest_RequestTrailers:
		return &extprocv3.ProcessingResponse{Response: &extprocv3.ProcessingResponse_RequestTrailers{RequestTrailers: &extprocv3.TrailersResponse{}}}
	case *extprocv3.ProcessingRequest_ResponseTrailers:
		return &extprocv3.ProcessingResponse{Response: &extprocv3.ProcessingResponse_ResponseTrailers{ResponseTrailers: &extprocv3.TrailersResponse{}}}
	}
	return nil
}

// bodies returns the body bytes and end_of_stream flags sent for phase p.
func bodies(res *extproctest.Result, p extproc.Phase) (chunks []string, eos []bool) {
	for _, r := range res.Requests(p) {
		b := r.GetRequestBody()
		if p == extproc.PhaseResponseBody {
			b = r.GetResponseBody()
		}
		chunks = append(chunks, string(b.GetBody()))
		eos = append(eos, b.GetEndOfStream())
	}
	return chunks, eos
}

func post(body string) *extproctest.Request {
	return extproctest.NewRequest("POST", "http://example.com/upload", []byte(body))
}

func mustEqual[T comparable](t *testing.T, what string, got, want T) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

func errorsIs(err, target error) bool { return errors.Is(err, target) }
