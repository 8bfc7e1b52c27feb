package extproc

import (
	"fmt"
	"log/slog"
	"time"

	"google.golang.org/grpc"
)

// DefaultShutdownTimeout is how long Serve waits, once its context is done,
// for open streams to finish before it closes them.
const DefaultShutdownTimeout = 5 * time.Second

// Option configures a Server. An option given a value it cannot use makes
// New return an error wrapping ErrInvalidOption.
type Option func(*Server) error

// WithLogger sets the logger for stream errors and processor failures. The
// default discards everything.
func WithLogger(l *slog.Logger) Option {
	return func(s *Server) error {
		if l == nil {
			return fmt.Errorf("%w: nil logger", ErrInvalidOption)
		}
		s.log = l
		return nil
	}
}

// WithShutdownTimeout bounds the graceful stop Serve performs when its
// context is done. It must be positive.
func WithShutdownTimeout(d time.Duration) Option {
	return func(s *Server) error {
		if d <= 0 {
			return fmt.Errorf("%w: shutdown timeout %v is not positive", ErrInvalidOption, d)
		}
		s.shutdownTimeout = d
		return nil
	}
}

// WithGRPCServerOptions adds options for the gRPC server Serve creates,
// such as transport credentials or keepalive policy.
func WithGRPCServerOptions(opts ...grpc.ServerOption) Option {
	return func(s *Server) error {
		for i, o := range opts {
			if o == nil {
				return fmt.Errorf("%w: gRPC server option %d is nil", ErrInvalidOption, i)
			}
		}
		s.grpcOpts = append(s.grpcOpts, opts...)
		return nil
	}
}
