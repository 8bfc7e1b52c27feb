package extproctest

import (
	"fmt"
	"log/slog"
	"time"

	mutationrulesv3 "github.com/envoyproxy/go-control-plane/envoy/config/common/mutation_rules/v3"
	filterv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/ext_proc/v3"

	"github.com/gatewaykit/gatewaykit/extproc"
)

// Defaults the driver shares with Envoy.
const (
	// DefaultMessageTimeout is Envoy's default message_timeout.
	DefaultMessageTimeout = 200 * time.Millisecond
	// DefaultBufferLimit is Envoy's default per-connection buffer limit,
	// which bounds BUFFERED and BUFFERED_PARTIAL bodies.
	DefaultBufferLimit = 1 << 20
	// DefaultChunkSize is the size of the chunks the driver cuts a body into
	// for STREAMED and BUFFERED_PARTIAL modes.
	DefaultChunkSize = 16 << 10
	// DefaultStatusOnError is the status of the local reply Envoy sends when
	// the processor fails.
	DefaultStatusOnError = 500
	// MaxHeadersCount and MaxHeadersKB are the HTTP connection manager's
	// default header limits, which a mutation must not exceed.
	MaxHeadersCount = 100
	MaxHeadersKB    = 60
)

// RouteCacheAction mirrors the filter's route_cache_action.
type RouteCacheAction int

// The route cache actions.
const (
	// RouteCacheDefault clears the route cache when a request-path response
	// with a header mutation sets clear_route_cache.
	RouteCacheDefault RouteCacheAction = RouteCacheAction(filterv3.ExternalProcessor_DEFAULT)
	// RouteCacheClear clears it after every request-path header mutation.
	RouteCacheClear RouteCacheAction = RouteCacheAction(filterv3.ExternalProcessor_CLEAR)
	// RouteCacheRetain never clears it.
	RouteCacheRetain RouteCacheAction = RouteCacheAction(filterv3.ExternalProcessor_RETAIN)
)

type config struct {
	mode                     extproc.ProcessingMode
	rules                    *checker
	allowModeOverride        bool
	allowedOverrideModes     []extproc.ProcessingMode
	failureModeAllow         bool
	messageTimeout           time.Duration
	maxMessageTimeout        time.Duration
	disableImmediateResponse bool
	statusOnError            int
	allowContentLength       bool
	routeCacheAction         RouteCacheAction
	bufferLimit              int
	chunkSize                int
	rawValues                bool
	log                      *slog.Logger
}

func defaultConfig() config {
	c, _ := newChecker(nil)
	return config{
		rules:          c,
		messageTimeout: DefaultMessageTimeout,
		statusOnError:  DefaultStatusOnError,
		bufferLimit:    DefaultBufferLimit,
		chunkSize:      DefaultChunkSize,
		rawValues:      true,
		log:            slog.New(slog.DiscardHandler),
	}
}

// Option configures a Driver. Options apply in order, so an option after
// WithFilterConfig overrides what the filter configuration set. An option
// given a value it cannot use makes New return an error wrapping
// ErrInvalidOption or ErrUnsupported.
type Option func(*config) error

// WithFilterConfig configures the driver from an ext_proc filter
// configuration, the same message Envoy (or Envoy Gateway's translation of
// an EnvoyExtensionPolicy) uses: processing_mode, mutation_rules,
// allow_mode_override, allowed_override_modes, failure_mode_allow,
// message_timeout, max_message_timeout, disable_immediate_response,
// status_on_error, allow_content_length_header, route_cache_action and
// disable_clear_route_cache. Fields that only affect Envoy's side (the gRPC
// service, stats, tracing, attributes, metadata forwarding) are ignored.
// Fields whose behaviour the driver cannot emulate return ErrUnsupported:
// http_service, observability_mode,
// send_body_without_waiting_for_header_response, forward_rules,
// processing_request_modifier, on_processing_response, and the
// FULL_DUPLEX_STREAMED and GRPC body modes.
func WithFilterConfig(cfg *filterv3.ExternalProcessor) Option {
	return func(c *config) error {
		if cfg == nil {
			return fmt.Errorf("%w: nil filter config", ErrInvalidOption)
		}
		switch {
		case cfg.GetHttpService() != nil:
			return fmt.Errorf("%w: http_service", ErrUnsupported)
		case cfg.GetObservabilityMode():
			return fmt.Errorf("%w: observability_mode", ErrUnsupported)
		case cfg.GetSendBodyWithoutWaitingForHeaderResponse():
			return fmt.Errorf("%w: send_body_without_waiting_for_header_response", ErrUnsupported)
		case cfg.GetForwardRules() != nil:
			return fmt.Errorf("%w: forward_rules", ErrUnsupported)
		case cfg.GetProcessingRequestModifier() != nil:
			return fmt.Errorf("%w: processing_request_modifier", ErrUnsupported)
		case cfg.GetOnProcessingResponse() != nil:
			return fmt.Errorf("%w: on_processing_response", ErrUnsupported)
		}
		if err := WithProcessingMode(extproc.ModeFromProto(cfg.GetProcessingMode()))(c); err != nil {
			return err
		}
		if err := WithMutationRules(cfg.GetMutationRules())(c); err != nil {
			return err
		}
		c.allowModeOverride = cfg.GetAllowModeOverride()
		c.allowedOverrideModes = nil
		for _, m := range cfg.GetAllowedOverrideModes() {
			c.allowedOverrideModes = append(c.allowedOverrideModes, extproc.ModeFromProto(m))
		}
		c.failureModeAllow = cfg.GetFailureModeAllow()
		if cfg.GetMessageTimeout() != nil {
			d := cfg.GetMessageTimeout().AsDuration()
			if d < 0 {
				return fmt.Errorf("%w: negative message_timeout", ErrInvalidOption)
			}
			c.messageTimeout = d
		}
		c.maxMessageTimeout = cfg.GetMaxMessageTimeout().AsDuration()
		c.disableImmediateResponse = cfg.GetDisableImmediateResponse()
		if st := cfg.GetStatusOnError(); st != nil {
			if err := WithStatusOnError(int(st.GetCode()))(c); err != nil {
				return err
			}
		}
		c.allowContentLength = cfg.GetAllowContentLengthHeader()
		c.routeCacheAction = RouteCacheAction(cfg.GetRouteCacheAction())
		if cfg.GetDisableClearRouteCache() {
			c.routeCacheAction = RouteCacheRetain
		}
		return nil
	}
}

// WithProcessingMode sets the filter's processing mode. The default is the
// zero ProcessingMode: headers sent both ways, no bodies, no trailers.
func WithProcessingMode(m extproc.ProcessingMode) Option {
	return func(c *config) error {
		if err := checkMode(m); err != nil {
			return err
		}
		c.mode = m
		return nil
	}
}

func checkMode(m extproc.ProcessingMode) error {
	if err := m.Validate(); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidOption, err)
	}
	for _, b := range []extproc.BodyMode{m.RequestBody, m.ResponseBody} {
		if b == extproc.BodyModeFullDuplexStreamed || b == extproc.BodyModeGRPC {
			return fmt.Errorf("%w: body mode %s", ErrUnsupported, b)
		}
	}
	return nil
}

// WithMutationRules sets the filter's mutation_rules. Regular expressions
// are compiled here, and must match a whole header name, as in Envoy. Nil
// restores the default rules.
func WithMutationRules(r *mutationrulesv3.HeaderMutationRules) Option {
	return func(c *config) error {
		ch, err := newChecker(r)
		if err != nil {
			return err
		}
		c.rules = ch
		return nil
	}
}

// WithAllowModeOverride sets allow_mode_override, so that a processor's
// mode_override is honoured, and, when allowed is not empty,
// allowed_override_modes, so that only those overrides are.
func WithAllowModeOverride(allowed ...extproc.ProcessingMode) Option {
	return func(c *config) error {
		for _, m := range allowed {
			if err := m.Validate(); err != nil {
				return fmt.Errorf("%w: %w", ErrInvalidOption, err)
			}
		}
		c.allowModeOverride = true
		c.allowedOverrideModes = append([]extproc.ProcessingMode(nil), allowed...)
		return nil
	}
}

// WithFailureModeAllow sets failure_mode_allow: when the processor fails,
// times out or answers out of turn, the exchange continues unprocessed
// instead of ending in a local reply.
func WithFailureModeAllow(allow bool) Option {
	return func(c *config) error {
		c.failureModeAllow = allow
		return nil
	}
}

// WithMessageTimeout sets message_timeout, how long the driver waits for
// each answer. It must be positive. Raise it for processors that are slow
// under the race detector; Envoy's default is DefaultMessageTimeout.
func WithMessageTimeout(d time.Duration) Option {
	return func(c *config) error {
		if d <= 0 {
			return fmt.Errorf("%w: message timeout %v is not positive", ErrInvalidOption, d)
		}
		c.messageTimeout = d
		return nil
	}
}

// WithStatusOnError sets status_on_error, the status of the local reply
// sent when the processor fails. It must be within 200-599.
func WithStatusOnError(status int) Option {
	return func(c *config) error {
		if status < 200 || status > 599 {
			return fmt.Errorf("%w: status on error %d outside 200-599", ErrInvalidOption, status)
		}
		c.statusOnError = status
		return nil
	}
}

// WithBufferLimit sets the buffer limit in bytes: a BUFFERED body over it
// is an error for the client (413 on the request path, 500 on the response
// path), and BUFFERED_PARTIAL sends what it has once it is exceeded. It must
// be positive.
func WithBufferLimit(n int) Option {
	return func(c *config) error {
		if n <= 0 {
			return fmt.Errorf("%w: buffer limit %d is not positive", ErrInvalidOption, n)
		}
		c.bufferLimit = n
		return nil
	}
}

// WithChunkSize sets the size of the chunks a body is cut into for
// STREAMED and BUFFERED_PARTIAL modes, standing in for the reads Envoy would
// make from the network. It must be positive.
func WithChunkSize(n int) Option {
	return func(c *config) error {
		if n <= 0 {
			return fmt.Errorf("%w: chunk size %d is not positive", ErrInvalidOption, n)
		}
		c.chunkSize = n
		return nil
	}
}

// WithRawHeaderValues chooses where header values travel. True, the default,
// matches current Envoy: values are sent in raw_value, and only raw_value is
// read from mutations, so a mutation that sets only value yields an empty
// header. False matches Envoy with the send_header_raw_value runtime guard
// off: value both ways.
func WithRawHeaderValues(raw bool) Option {
	return func(c *config) error {
		c.rawValues = raw
		return nil
	}
}

// WithRouteCacheAction sets route_cache_action.
func WithRouteCacheAction(a RouteCacheAction) Option {
	return func(c *config) error {
		if _, ok := filterv3.ExternalProcessor_RouteCacheAction_name[int32(a)]; !ok {
			return fmt.Errorf("%w: route cache action %d", ErrInvalidOption, int(a))
		}
		c.routeCacheAction = a
		return nil
	}
}

// WithLogger sets a logger for the driver's view of the exchange. The
// default discards everything.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) error {
		if l == nil {
			return fmt.Errorf("%w: nil logger", ErrInvalidOption)
		}
		c.log = l
		return nil
	}
}
