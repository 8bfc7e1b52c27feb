package extproctest_test

import (
	"context"
	"testing"
	"time"

	"google.golang.org/grpc"

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
