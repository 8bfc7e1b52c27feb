package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"

	"github.com/gatewaykit/gatewaykit/extproc"
	"github.com/gatewaykit/gatewaykit/extproc/extproctest"
)

// TestEndToEndOverUnixSocket runs the program as main does, on a Unix
// socket, and drives it the way Envoy would.
func TestEndToEndOverUnixSocket(t *testing.T) {
	sock := filepath.Join(t.TempDir(), "extproc.sock")
	// A stale socket file from a process that is gone must not stop it.
	stale, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	stale.(*net.UnixListener).SetUnlinkOnClose(false)
	_ = stale.Close()

	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan net.Addr, 1)
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"-socket", sock, "-block", "/admin"}, io.Discard, ready) }()
	select {
	case <-ready:
	case err := <-done:
		t.Fatalf("run: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("not ready")
	}

	cc, err := grpc.NewClient("unix://"+sock, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer cc.Close()

	hctx, hcancel := context.WithTimeout(ctx, 10*time.Second)
	defer hcancel()
	hr, err := healthpb.NewHealthClient(cc).Check(hctx, &healthpb.HealthCheckRequest{Service: extproc.HealthServiceName})
	if err != nil || hr.GetStatus() != healthpb.HealthCheckResponse_SERVING {
		t.Fatalf("health = %v, %v", hr.GetStatus(), err)
	}

	d, err := extproctest.New(cc, extproctest.WithMessageTimeout(10*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	backend := extproctest.UpstreamFunc(func(_ context.Context, req *extproctest.Request) (*extproctest.Response, error) {
		return &extproctest.Response{Status: 200, Body: []byte("hello from " + req.Path)}, nil
	})

	t.Run("allowed request gets the header", func(t *testing.T) {
		res, err := d.Do(ctx, extproctest.NewRequest("GET", "http://shop.example/products?page=2", nil), backend)
		if err != nil {
			t.Fatal(err)
		}
		if res.LocalReply != nil {
			t.Fatalf("unexpected local reply %+v", res.LocalReply)
		}
		if got := res.Request.Header.Get(ProcessedHeader); got != "true" {
			t.Errorf("%s = %q", ProcessedHeader, got)
		}
		if res.Response.Status != http.StatusOK || string(res.Response.Body) != "hello from /products?page=2" {
			t.Errorf("response = %d %q", res.Response.Status, res.Response.Body)
		}
	})
	for _, path := range []string{"/admin", "/admin/users", "/admin?x=1"} {
		t.Run("blocked "+path, func(t *testing.T) {
			res, err := d.Do(ctx, extproctest.NewRequest("DELETE", path, nil), extproctest.UpstreamFunc(
				func(context.Context, *extproctest.Request) (*extproctest.Response, error) {
					t.Error("blocked request reached the backend")
					return &extproctest.Response{}, nil
				}))
			if err != nil {
				t.Fatal(err)
			}
			if res.LocalReply == nil || res.LocalReply.Err != nil {
				t.Fatalf("local reply = %+v", res.LocalReply)
			}
			if res.Response.Status != http.StatusForbidden || string(res.Response.Body) != "forbidden\n" ||
				res.Response.Header.Get("X-Blocked-By") != "gatewaykit-example" {
				t.Errorf("response = %+v", res.Response)
			}
		})
	}
	t.Run("similar path is not blocked", func(t *testing.T) {
		res, err := d.Do(ctx, extproctest.NewRequest("GET", "/administrator", nil), backend)
		if err != nil {
			t.Fatal(err)
		}
		if res.LocalReply != nil {
			t.Errorf("/administrator was blocked")
		}
	})

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run returned %v on shutdown", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("no shutdown")
	}
	if _, err := os.Stat(sock); !os.IsNotExist(err) {
		t.Errorf("socket file left behind: %v", err)
	}
}

func TestFlags(t *testing.T) {
	for _, args := range [][]string{nil, {"-socket", "a", "-listen", "127.0.0.1:0"}, {"-bogus"}} {
		if err := run(context.Background(), args, io.Discard, nil); err == nil {
			t.Errorf("run(%q) succeeded", args)
		}
	}
}
