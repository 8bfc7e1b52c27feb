// Command extproc is an example external processor for Envoy's ext_proc
// filter, as Envoy Gateway's EnvoyExtensionPolicy configures it. It adds the
// header x-gatewaykit-processed: true to every request, and answers requests
// under a blocked path with 403 Forbidden before they reach the backend.
//
// Serve it on a Unix domain socket (what a Backend with a unix address
// points at) or on TCP:
//
//	go run ./examples/extproc -socket /tmp/x.sock
//	go run ./examples/extproc -listen 127.0.0.1:9002 -block /private
//
// It stops gracefully on SIGINT or SIGTERM.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/gatewaykit/gatewaykit/extproc"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stderr, nil); err != nil {
		fmt.Fprintln(os.Stderr, "extproc:", err)
		os.Exit(1)
	}
}

// run parses args, serves until ctx is done, and sends the listening address
// on ready (if not nil) once it accepts connections.
func run(ctx context.Context, args []string, logOut io.Writer, ready chan<- net.Addr) error {
	fs := flag.NewFlagSet("extproc", flag.ContinueOnError)
	fs.SetOutput(logOut)
	socket := fs.String("socket", "", "serve on this Unix domain socket path")
	listen := fs.String("listen", "", "serve on this TCP address, such as 127.0.0.1:9002")
	blocked := fs.String("block", "/admin", "answer 403 for this path and everything under it; empty blocks nothing")
	shutdown := fs.Duration("shutdown-timeout", 10*time.Second, "how long to wait for open streams on shutdown")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if (*socket == "") == (*listen == "") {
		return errors.New("give exactly one of -socket and -listen")
	}

	log := slog.New(slog.NewTextHandler(logOut, nil))
	srv, err := extproc.New(gate{blocked: *blocked},
		extproc.WithLogger(log),
		extproc.WithShutdownTimeout(*shutdown))
	if err != nil {
		return err
	}
	var l net.Listener
	if *socket != "" {
		l, err = listenUnix(*socket)
	} else {
		l, err = net.Listen("tcp", *listen)
	}
	if err != nil {
		return err
	}
	log.Info("serving ext_proc", "addr", l.Addr().String(), "blocked", *blocked)
	if ready != nil {
		ready <- l.Addr()
	}
	err = srv.Serve(ctx, l)
	log.Info("stopped")
	return err
}

// listenUnix listens on path, first removing a socket file left behind by a
// process that is gone (nothing answers on it). A path in use is an error.
func listenUnix(path string) (net.Listener, error) {
	l, err := net.Listen("unix", path)
	if err == nil {
		return l, nil
	}
	fi, statErr := os.Stat(path)
	if statErr != nil || fi.Mode()&os.ModeSocket == 0 {
		return nil, err
	}
	if c, dialErr := net.DialTimeout("unix", path, time.Second); dialErr == nil {
		_ = c.Close()
		return nil, fmt.Errorf("%s is in use: %w", path, err)
	}
	if rmErr := os.Remove(path); rmErr != nil {
		return nil, err
	}
	return net.Listen("unix", path)
}
