package translator

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"k8s.io/apimachinery/pkg/api/resource"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/gatewaykit/gatewaykit/ir"
	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// ClientTrafficPolicy features: what one policy does to one listener.
//
// Which policy applies to which listener (targeting, precedence, conflicts,
// the port-overlap rule, ancestor statuses) is the policy engine's business.
// This file takes one policy and one listener and
//
//   - validates the policy as Envoy Gateway does, returning its problems in
//     Envoy Gateway's words and order, each prefixed by the part of the spec
//     at fault ("TLS: ...", "Timeout: ...", "Headers: ..."), several joined
//     with errors.Join;
//   - records the resulting features in a ctpFeatures, which
//     applyToListener writes into the listener's IR where package ir has a
//     field for them.
//
// As in Envoy Gateway, a problem found for one listener does not stop the
// others being checked: the caller joins the errors of every listener the
// policy covers. Problems are only looked for on listeners that have an IR
// (accepted HTTP, HTTPS, TLS and TCP listeners); TLS settings only on those
// that terminate TLS. A policy that is invalid on a listener still changes
// it the way Envoy Gateway's does: its HTTP routes answer 500, its TCP
// routes are dropped, and the settings applied before the problem was found
// (client IP detection, path normalisation, the TLS versions) stay.

// Bounds Envoy accepts for HTTP/2 flow-control windows, in bytes.
const (
	ctpMinHTTP2Window = 65535
	ctpMaxHTTP2Window = 2147483647
)

// Bounds of headers.maxRequestHeaderLimit, in KiB.
const (
	ctpMinRequestHeadersKiB = 1
	ctpMaxRequestHeadersKiB = 8192
)

// Condition reason and message of the warning set when HTTP/3 is turned off
// on a listener because the policy validates client certificates, which
// Envoy does not support over QUIC.
const (
	ctpReasonHTTP3ClientValidation = "UnsupportedHTTP3ClientValidation"
	ctpMsgHTTP3ClientValidation    = "HTTP/3 was disabled for listener %q because Envoy does not support downstream client TLS validation over QUIC"
)

// ctpFeatures is what one ClientTrafficPolicy does to one listener, built
// by buildCTPFeatures and written into the listener's IR by
// applyToListener. Pointer fields are nil when the policy leaves the
// feature alone.
type ctpFeatures struct {
	// policy is the policy the features come from.
	policy *egv1a1.ClientTrafficPolicy
	// invalid is set when the policy failed validation on the listener.
	invalid bool

	// path replaces the listener's path normalisation (HTTP listeners).
	path *ir.PathSettings
	// grpcWeb turns the gRPC-Web filter on or off (HTTP listeners).
	grpcWeb *bool
	// clientIPDetection replaces the listener's client IP detection
	// (HTTP listeners).
	clientIPDetection *ir.ClientIPDetection
	// tls is the listener's TLS configuration with the policy applied; nil
	// when the listener does not terminate TLS. When invalid is set it holds
	// what Envoy Gateway applies before it finds the problem.
	tls *ir.TLSConfig
	// warnings are Warning conditions for the policy's ancestor.
	warnings []ctpWarning

	// keepalive is spec.tcpKeepalive.
	keepalive *ctpKeepalive
	// connection is spec.connection.
	connection *ctpConnection
	// timeout is spec.timeout.
	timeout *ctpTimeout
	// proxyProtocol is spec.proxyProtocol, or the deprecated
	// spec.enableProxyProtocol.
	proxyProtocol *ir.ProxyProtocolSettings
	// requestHeaders and responseHeaders are spec.headers'
	// earlyRequestHeaders and lateResponseHeaders (HTTP listeners).
	requestHeaders, responseHeaders *ctpHeaderMutation
	// maxRequestHeadersKiB is spec.headers.maxRequestHeaderLimit rounded
	// up to whole KiB (HTTP listeners).
	maxRequestHeadersKiB *uint32
	// headers is spec.headers as the listener IR holds it, the header
	// modifiers and size limit above included (HTTP listeners).
	headers *ir.HeaderSettings
	// host is spec.headers.host (HTTP listeners).
	host *ir.HostSettings
	// http10DefaultHost is the Host given to HTTP/1.0 requests without
	// one, when spec.http1.http10.useDefaultHost is set (HTTP listeners).
	http10DefaultHost *string
	// http1 is spec.http1, the HTTP/1.0 default host included (HTTP
	// listeners).
	http1 *ir.HTTP1Settings
	// http2 is spec.http2 (HTTP listeners).
	http2 *ctpHTTP2
	// http3 is set when the listener also serves HTTP/3 over QUIC on its
	// port (HTTPS listeners).
	http3 bool
	// healthCheck is spec.healthCheck (HTTP listeners).
	healthCheck *ir.HealthCheckSettings
	// matchBackendScheme is set by spec.scheme MatchBackend (HTTP
	// listeners).
	matchBackendScheme bool

	// The parsed features above as the listener IR holds them, set by
	// finish.
	irKeepalive  *ir.TCPKeepalive
	irConnection *ir.ClientConnection
	irTimeout    *ir.ClientTimeout
	irHTTP2      *ir.HTTP2Settings
}

// ctpWarning is a Warning condition to set on the policy's ancestor.
type ctpWarning struct {
	reason  string
	message string
}

// ctpKeepalive is spec.tcpKeepalive with its durations in whole seconds.
type ctpKeepalive struct {
	probes, idleTime, interval *uint32
}

// ctpConnection is spec.connection parsed.
type ctpConnection struct {
	// limit is connectionLimit.value.
	limit *uint64
	// closeDelay, maxConnectionDuration and maxStreamDuration are the
	// connectionLimit durations.
	closeDelay, maxConnectionDuration, maxStreamDuration *time.Duration
	// maxRequestsPerConnection is connectionLimit.maxRequestsPerConnection.
	maxRequestsPerConnection *uint32
	// bufferLimit and socketBufferLimit are in bytes.
	bufferLimit, socketBufferLimit *uint32
	// maxAcceptPerSocketEvent is the number of connections accepted per
	// socket event.
	maxAcceptPerSocketEvent *uint32
}

// ctpTimeout is spec.timeout parsed.
type ctpTimeout struct {
	tcpIdle, tlsHandshake, connectionInspection                   *time.Duration
	requestReceived, requestHeadersReceived, httpIdle, streamIdle *time.Duration
}

// ctpHTTP2 is spec.http2 parsed.
type ctpHTTP2 struct {
	initialStreamWindow, initialConnectionWindow *uint32
	maxConcurrentStreams                         *uint32
	// resetStreamOnError is set for TerminateStream, cleared for
	// TerminateConnection.
	resetStreamOnError *bool
	// keepaliveInterval, keepaliveTimeout and keepaliveIdleInterval are
	// connectionKeepalive's durations; keepaliveJitter its intervalJitter.
	keepaliveInterval, keepaliveTimeout, keepaliveIdleInterval *time.Duration
	keepaliveJitter                                            *uint32
}

// buildCTPFeatures validates p for one listener (ls, of Gateway ls.gw) and
// builds its features. now is the time against which certificate and CRL
// expiry is checked. It must run after routes have been attached to ls
// (the HTTP/1.0 default host may come from them).
//
// The error, when not nil, is Envoy Gateway's message for the problems
// found on this listener (before the caller capitalises it and adds a full
// stop). The features are returned even then: applyToListener applies what
// Envoy Gateway applies to a listener whose policy is invalid. Both are nil
// when p or ls is nil or the listener has no IR.
func (t *translation) buildCTPFeatures(p *egv1a1.ClientTrafficPolicy, ls *listenerState, now time.Time) (*ctpFeatures, error) {
	if p == nil || ls == nil || (ls.http == nil && ls.tcp == nil) {
		return nil, nil
	}
	s := &p.Spec
	f := &ctpFeatures{policy: p}
	var errs []error
	check := func(part string, err error) {
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", part, err))
		}
	}
	var err error
	f.keepalive, err = ctpBuildKeepalive(s.TCPKeepalive)
	check("TCP KeepAlive", err)
	f.connection, err = ctpBuildConnection(s.Connection)
	check("Connection", err)
	f.proxyProtocol = ctpBuildProxyProtocol(s)
	f.timeout, err = ctpBuildTimeout(s.Timeout)
	check("Timeout", err)

	var tlsBase *ir.TLSConfig
	if h := ls.http; h != nil {
		f.clientIPDetection, err = ctpBuildClientIPDetection(s.ClientIPDetection)
		check("ClientIPDetection", err)
		f.requestHeaders, f.responseHeaders, f.maxRequestHeadersKiB, err = ctpBuildHeaders(s.Headers)
		check("Headers", err)
		f.headers = ctpBuildHeaderSettings(s.Headers, f.requestHeaders, f.responseHeaders, f.maxRequestHeadersKiB)
		f.host = ctpBuildHost(s.Headers)
		f.path, err = ctpBuildPath(s.Path, h.Path)
		check("Path", err)
		f.http10DefaultHost, err = ctpHTTP10DefaultHost(s.HTTP1, h)
		check("HTTP1", err)
		f.http1 = ctpBuildHTTP1(s.HTTP1, f.connection, f.http10DefaultHost, err == nil)
		f.http2, err = ctpBuildHTTP2(s.HTTP2)
		check("HTTP2", err)
		if h.TLS != nil && s.HTTP3 != nil {
			if s.TLS != nil && s.TLS.ClientValidation != nil {
				name := ""
				if ls.spec != nil {
					name = string(ls.spec.Name)
				}
				f.warnings = append(f.warnings, ctpWarning{
					reason:  ctpReasonHTTP3ClientValidation,
					message: fmt.Sprintf(ctpMsgHTTP3ClientValidation, name),
				})
			} else {
				f.http3 = true
			}
		}
		if s.GRPC != nil && s.GRPC.EnableWeb != nil {
			on := *s.GRPC.EnableWeb
			f.grpcWeb = &on
		}
		if s.HealthCheck != nil {
			f.healthCheck = &ir.HealthCheckSettings{Path: s.HealthCheck.Path}
		}
		f.matchBackendScheme = s.Scheme != nil && *s.Scheme == egv1a1.SchemeHeaderTransformMatchBackend
		tlsBase = h.TLS
	} else {
		tlsBase = ls.tcp.TLS
	}
	if tlsBase != nil {
		f.tls, err = t.ctpBuildTLS(p, tlsBase, now)
		check("TLS", err)
	}
	f.finish()
	errs = append(errs, f.checkIR(ls)...)
	if len(errs) > 0 {
		f.invalid = true
		return f, errors.Join(errs...)
	}
	return f, nil
}

// applyToListener writes the features into the listener's IR (ls.http or
// ls.tcp).
//
// As in Envoy Gateway, the settings of the HTTP layer (client IP
// detection, headers, path normalisation, HTTP/1, HTTP/2, HTTP/3, gRPC-Web,
// the health check, the scheme) and the TLS parameters applied before any
// problem was found are written even when the policy is invalid on the
// listener; the connection-level settings (TCP keep-alive, connection
// limits and buffers, the PROXY protocol, timeouts) only when it is valid.
// When the policy is invalid, every HTTP route of the listener answers 500
// and TCP routes are dropped. A nil receiver does nothing.
func (f *ctpFeatures) applyToListener(ls *listenerState) {
	if f == nil || ls == nil {
		return
	}
	timeout, conn := f.irTimeout, f.irConnection
	if h := ls.http; h != nil {
		if f.clientIPDetection != nil {
			h.ClientIPDetection = f.clientIPDetection
		}
		if f.headers != nil {
			h.Headers = f.headers
		}
		if f.host != nil {
			h.Host = f.host
		}
		if f.path != nil {
			h.Path = *f.path
		}
		if f.http1 != nil {
			h.HTTP1 = f.http1
		}
		if f.irHTTP2 != nil {
			h.HTTP2 = f.irHTTP2
		}
		if f.http3 && h.TLS != nil {
			h.HTTP3 = &ir.HTTP3Settings{}
		}
		if f.grpcWeb != nil && (h.GRPC != nil || *f.grpcWeb) {
			if h.GRPC == nil {
				h.GRPC = &ir.GRPCSettings{}
			}
			h.GRPC.EnableGRPCWeb = *f.grpcWeb
		}
		if f.healthCheck != nil {
			h.HealthCheck = f.healthCheck
		}
		if f.matchBackendScheme {
			h.MatchBackendScheme = true
		}
		if f.tls != nil && h.TLS != nil {
			h.TLS = f.tls
		}
		if f.invalid {
			for _, r := range h.Routes {
				if r != nil {
					r.DirectResponse = &ir.CustomResponse{StatusCode: 500}
				}
			}
		} else {
			h.TCPKeepalive = f.irKeepalive
			h.Connection = conn
			h.ProxyProtocol = f.proxyProtocol
			h.Timeout = timeout
		}
	}
	if tl := ls.tcp; tl != nil {
		if f.tls != nil && tl.TLS != nil {
			tl.TLS = f.tls
			// Routes that terminate TLS do it with the listener's
			// configuration.
			for _, r := range tl.Routes {
				if r != nil && r.TLS != nil && r.TLS.Terminate != nil {
					r.TLS.Terminate = f.tls.DeepCopy()
				}
			}
		}
		if f.invalid {
			tl.Routes = nil
		} else {
			tl.TCPKeepalive = f.irKeepalive
			tl.Connection = conn
			tl.ProxyProtocol = f.proxyProtocol
			tl.Timeout = timeout
		}
	}
}

// ctpDeprecatedFields returns the deprecated fields spec uses, each mapped
// to the field that replaces it. spec.targetRef is not listed: the policy
// engine reports it for every policy kind. A boolean that only matters when
// true (clientValidation.optional) counts as used when true; the others
// when set at all.
func ctpDeprecatedFields(spec *egv1a1.ClientTrafficPolicySpec) map[string]string {
	out := map[string]string{}
	if spec == nil {
		return out
	}
	if spec.EnableProxyProtocol != nil {
		out["spec.enableProxyProtocol"] = "spec.proxyProtocol"
	}
	if spec.Headers != nil && spec.Headers.PreserveXRequestID != nil {
		out["spec.headers.preserveXRequestID"] = "spec.headers.requestID"
	}
	if spec.TLS != nil && spec.TLS.ClientValidation != nil && ctpBool(spec.TLS.ClientValidation.Optional) {
		out["spec.tls.clientValidation.optional"] = "spec.tls.clientValidation.mode"
	}
	return out
}

// ctpBool returns *b, or false when b is nil.
func ctpBool(b *bool) bool { return b != nil && *b }

// ctpDuration parses a Gateway API duration the way Envoy Gateway does
// (time.ParseDuration); ok is false when it cannot be parsed.
func ctpDuration(d *gwapiv1.Duration) (*time.Duration, bool) {
	v, err := time.ParseDuration(string(*d))
	if err != nil {
		return nil, false
	}
	return &v, true
}

// ctpSeconds returns d in whole seconds, clamped to the uint32 range.
func ctpSeconds(d time.Duration) *uint32 {
	s := d / time.Second
	switch {
	case s < 0:
		s = 0
	case s > math.MaxUint32:
		s = math.MaxUint32
	}
	v := uint32(s)
	return &v
}

// ctpUint32 returns v as a uint32, clamped to the uint32 range.
func ctpUint32[T int32 | int64](v T) *uint32 {
	switch {
	case v < 0:
		v = 0
	case int64(v) > math.MaxUint32:
		return ctpPtr(uint32(math.MaxUint32))
	}
	return ctpPtr(uint32(v))
}

// ctpPtr returns a pointer to v.
func ctpPtr[T any](v T) *T { return &v }

// ctpQuantity is q as Envoy Gateway prints it in messages, without
// touching q (String caches its result in the receiver).
func ctpQuantity(q *resource.Quantity) string {
	c := q.DeepCopy()
	return c.String()
}

// ctpBuildKeepalive parses spec.tcpKeepalive; the first duration that
// cannot be parsed is the error.
func ctpBuildKeepalive(k *egv1a1.TCPKeepalive) (*ctpKeepalive, error) {
	if k == nil {
		return nil, nil
	}
	out := &ctpKeepalive{}
	if k.Probes != nil {
		out.probes = ctpUint32(*k.Probes)
	}
	if k.IdleTime != nil {
		d, ok := ctpDuration(k.IdleTime)
		if !ok {
			return nil, fmt.Errorf("invalid IdleTime value %s", *k.IdleTime)
		}
		out.idleTime = ctpSeconds(*d)
	}
	if k.Interval != nil {
		d, ok := ctpDuration(k.Interval)
		if !ok {
			return nil, fmt.Errorf("invalid Interval value %s", *k.Interval)
		}
		out.interval = ctpSeconds(*d)
	}
	return out, nil
}

// ctpBuildConnection parses spec.connection; the first value that cannot
// be used is the error. Buffer limits must be whole numbers of bytes that
// fit in 32 bits.
func ctpBuildConnection(c *egv1a1.ClientConnection) (*ctpConnection, error) {
	if c == nil {
		return nil, nil
	}
	out := &ctpConnection{}
	if l := c.ConnectionLimit; l != nil {
		if l.Value != nil && *l.Value >= 0 {
			v := uint64(*l.Value)
			out.limit = &v
		}
		for _, d := range []struct {
			name string
			in   *gwapiv1.Duration
			out  **time.Duration
		}{
			{"CloseDelay", l.CloseDelay, &out.closeDelay},
			{"MaxConnectionDuration", l.MaxConnectionDuration, &out.maxConnectionDuration},
			{"MaxStreamDuration", l.MaxStreamDuration, &out.maxStreamDuration},
		} {
			if d.in == nil {
				continue
			}
			v, ok := ctpDuration(d.in)
			if !ok {
				return nil, fmt.Errorf("invalid %s value %s", d.name, *d.in)
			}
			*d.out = v
		}
		if l.MaxRequestsPerConnection != nil {
			out.maxRequestsPerConnection = ctpUint32(*l.MaxRequestsPerConnection)
		}
	}
	var err error
	if out.bufferLimit, err = ctpByteLimit("BufferLimit", c.BufferLimit); err != nil {
		return nil, err
	}
	if out.socketBufferLimit, err = ctpByteLimit("SocketBufferLimit", c.SocketBufferLimit); err != nil {
		return nil, err
	}
	if c.MaxAcceptPerSocketEvent != nil {
		out.maxAcceptPerSocketEvent = ctpUint32(*c.MaxAcceptPerSocketEvent)
	}
	return out, nil
}

// ctpByteLimit checks a size in bytes that must fit in 32 bits.
func ctpByteLimit(name string, q *resource.Quantity) (*uint32, error) {
	if q == nil {
		return nil, nil
	}
	v, ok := q.AsInt64()
	if !ok {
		return nil, fmt.Errorf("invalid %s value %s", name, ctpQuantity(q))
	}
	if v < 0 || v > math.MaxUint32 {
		return nil, fmt.Errorf("%s value %s is out of range, must be between 0 and %d", name, ctpQuantity(q), uint32(math.MaxUint32))
	}
	return ctpPtr(uint32(v)), nil
}

// ctpBuildTimeout parses spec.timeout; the first duration that cannot be
// parsed is the error.
func ctpBuildTimeout(t *egv1a1.ClientTimeout) (*ctpTimeout, error) {
	if t == nil {
		return nil, nil
	}
	out := &ctpTimeout{}
	type field struct {
		name string
		in   *gwapiv1.Duration
		out  **time.Duration
	}
	var fields []field
	if c := t.TCP; c != nil {
		fields = append(fields,
			field{"TCP IdleTimeout", c.IdleTimeout, &out.tcpIdle},
			field{"TCP TLSHandshakeTimeout", c.TLSHandshakeTimeout, &out.tlsHandshake},
			field{"TCP ConnectionInspectionTimeout", c.ConnectionInspectionTimeout, &out.connectionInspection})
	}
	if h := t.HTTP; h != nil {
		fields = append(fields,
			field{"HTTP RequestReceivedTimeout", h.RequestReceivedTimeout, &out.requestReceived},
			field{"HTTP RequestHeadersReceivedTimeout", h.RequestHeadersReceivedTimeout, &out.requestHeadersReceived},
			field{"HTTP IdleTimeout", h.IdleTimeout, &out.httpIdle},
			field{"HTTP StreamIdleTimeout", h.StreamIdleTimeout, &out.streamIdle})
	}
	for _, f := range fields {
		if f.in == nil {
			continue
		}
		v, ok := ctpDuration(f.in)
		if !ok {
			return nil, fmt.Errorf("invalid %s value %s", f.name, *f.in)
		}
		*f.out = v
	}
	return out, nil
}

// ctpBuildPath returns the listener's path normalisation with spec.path
// applied to cur, or nil when spec.path changes nothing. An escaped-slash
// action the proxy does not know is an error (the schema's enum would have
// refused it).
func ctpBuildPath(p *egv1a1.PathSettings, cur ir.PathSettings) (*ir.PathSettings, error) {
	if p == nil || (p.DisableMergeSlashes == nil && p.EscapedSlashesAction == nil) {
		return nil, nil
	}
	out := cur
	if p.DisableMergeSlashes != nil {
		out.MergeSlashes = !*p.DisableMergeSlashes
	}
	if a := p.EscapedSlashesAction; a != nil {
		switch ir.PathEscapedSlashAction(*a) {
		case ir.KeepUnchangedAction, ir.RejectRequestAction, ir.UnescapeAndRedirect, ir.UnescapeAndForward:
			out.EscapedSlashesAction = ir.PathEscapedSlashAction(*a)
		default:
			return &out, fmt.Errorf("unsupported EscapedSlashesAction %q", string(*a))
		}
	}
	return &out, nil
}

// ctpHTTP10DefaultHost works out the Host given to HTTP/1.0 requests that
// have none, when spec.http1.http10.useDefaultHost is set: the listener's
// first non-wildcard hostname, else the hostname of its only route with a
// non-wildcard hostname.
func ctpHTTP10DefaultHost(h1 *egv1a1.HTTP1Settings, l *ir.HTTPListener) (*string, error) {
	if h1 == nil || h1.HTTP10 == nil || !ctpBool(h1.HTTP10.UseDefaultHost) {
		return nil, nil
	}
	for _, h := range l.Hostnames {
		if !strings.Contains(h, "*") {
			return ctpPtr(h), nil
		}
	}
	var host string
	n := 0
	for _, r := range l.Routes {
		if r == nil || r.Hostname == "" || strings.Contains(r.Hostname, "*") {
			continue
		}
		n++
		host = r.Hostname
		if n > 1 {
			break
		}
	}
	switch n {
	case 0:
		return nil, errors.New("cannot set http10 default host on listener with only wildcard hostnames")
	case 1:
		return &host, nil
	default:
		return nil, errors.New("cannot set http10 default host on listener with only wildcard hostnames and more than one possible default route")
	}
}

// ctpBuildHTTP2 parses spec.http2. Every problem is reported, joined.
func ctpBuildHTTP2(h *egv1a1.HTTP2Settings) (*ctpHTTP2, error) {
	if h == nil {
		return nil, nil
	}
	out := &ctpHTTP2{}
	var errs []error
	window := func(name string, q *resource.Quantity) *uint32 {
		if q == nil {
			return nil
		}
		v, ok := q.AsInt64()
		switch {
		case !ok:
			errs = append(errs, fmt.Errorf("invalid %s value %s", name, ctpQuantity(q)))
		case v < ctpMinHTTP2Window || v > ctpMaxHTTP2Window:
			errs = append(errs, fmt.Errorf("%s value %s is out of range, must be between %d and %d",
				name, ctpQuantity(q), ctpMinHTTP2Window, ctpMaxHTTP2Window))
		default:
			return ctpPtr(uint32(v))
		}
		return nil
	}
	out.initialStreamWindow = window("InitialStreamWindowSize", h.InitialStreamWindowSize)
	out.initialConnectionWindow = window("InitialConnectionWindowSize", h.InitialConnectionWindowSize)
	if h.MaxConcurrentStreams != nil {
		out.maxConcurrentStreams = ctpUint32(*h.MaxConcurrentStreams)
	}
	if h.OnInvalidMessage != nil {
		switch *h.OnInvalidMessage {
		case egv1a1.InvalidMessageActionTerminateStream:
			out.resetStreamOnError = ctpPtr(true)
		case egv1a1.InvalidMessageActionTerminateConnection:
			out.resetStreamOnError = ctpPtr(false)
		}
	}
	if k := h.ConnectionKeepalive; k != nil {
		for _, d := range []struct {
			name string
			in   *gwapiv1.Duration
			out  **time.Duration
		}{
			{"Interval", k.Interval, &out.keepaliveInterval},
			{"Timeout", k.Timeout, &out.keepaliveTimeout},
			{"IdleInterval", k.IdleInterval, &out.keepaliveIdleInterval},
		} {
			if d.in == nil {
				continue
			}
			v, err := time.ParseDuration(string(*d.in))
			if err != nil {
				errs = append(errs, fmt.Errorf("invalid ConnectionKeepalive.%s: %w", d.name, err))
				continue
			}
			*d.out = &v
		}
		if k.IntervalJitter != nil {
			out.keepaliveJitter = ctpUint32(*k.IntervalJitter)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}
