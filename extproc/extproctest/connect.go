package extproctest

import (
	"context"
	"fmt"
	"net"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/test/bufconn"

	"github.com/gatewaykit/gatewaykit/extproc"
)

// bufSize is the in-memory listener's buffer.
const bufSize = 1 << 20

// Dial serves p with an extproc.Server on an in-memory listener and returns
// a client connection to it, ready for New. The server stops and the
// connection closes when ctx is done. Tests should prefer Connect, which
// also waits for the server to stop.
func Dial(ctx context.Context, p extproc.Processor, opts ...extproc.Option) (*grpc.ClientConn, error) {
	cc, _, err := start(ctx, p, opts...)
	return cc, err
}

// Connect serves p with an extproc.Server on an in-memory listener and
// returns a client connection to it, ready for New. The server and the
// connection are shut down when tb's test ends. Connect fails the test if p
// or opts are rejected.
func Connect(tb testing.TB, p extproc.Processor, opts ...extproc.Option) *grpc.ClientConn {
	tb.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	cc, served, err := start(ctx, p, opts...)
	if err != nil {
		cancel()
		tb.Fatalf("extproctest: %v", err)
	}
	tb.Cleanup(func() {
		cancel()
		if err := <-served; err != nil {
			tb.Errorf("extproctest: in-memory server: %v", err)
		}
	})
	return cc
}

// start serves p until ctx is done. The returned channel yields Serve's
// result once the server has stopped and the connection is closed.
func start(ctx context.Context, p extproc.Processor, opts ...extproc.Option) (*grpc.ClientConn, <-chan error, error) {
	srv, err := extproc.New(p, opts...)
	if err != nil {
		return nil, nil, err
	}
	lis := bufconn.Listen(bufSize)
	cc, err := grpc.NewClient("passthrough:///extproc.bufconn",
		grpc.WithContextDialer(func(ctx context.Context, _ string) (net.Conn, error) { return lis.DialContext(ctx) }),
		grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		_ = lis.Close()
		return nil, nil, fmt.Errorf("extproctest: dial in-memory server: %w", err)
	}
	served := make(chan error, 1)
	go func() {
		err := srv.Serve(ctx, lis)
		_ = cc.Close()
		served <- err
	}()
	return cc, served, nil
}
