package translator

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/gatewaykit/gatewaykit/ir"
	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// This file turns the parsed ClientTrafficPolicy features into the
// listener IR's types: what applyToListener writes.

// ctpStringMatch is m as an ir.StringMatch named name (a SAN type, or
// empty where the match has no name). A match without a type is Exact.
func ctpStringMatch(name string, m egv1a1.StringMatch) ir.StringMatch {
	v := m.Value
	out := ir.StringMatch{Name: name}
	t := egv1a1.StringMatchTypeExact
	if m.Type != nil {
		t = *m.Type
	}
	switch t {
	case egv1a1.StringMatchTypePrefix:
		out.Prefix = &v
	case egv1a1.StringMatchTypeSuffix:
		out.Suffix = &v
	case egv1a1.StringMatchTypeRegularExpression:
		out.SafeRegex = &v
	default:
		out.Exact = &v
	}
	return out
}

// ctpStringMatches converts a list of matches, without names; nil for
// none.
func ctpStringMatches(ms []egv1a1.StringMatch) []ir.StringMatch {
	if len(ms) == 0 {
		return nil
	}
	out := make([]ir.StringMatch, len(ms))
	for i, m := range ms {
		out[i] = ctpStringMatch("", m)
	}
	return out
}

// ctpIRDuration returns d as an *ir.Duration; nil for nil.
func ctpIRDuration(d *time.Duration) *ir.Duration {
	if d == nil {
		return nil
	}
	v := ir.Duration(*d)
	return &v
}

// ir returns the keep-alive as package ir holds it.
func (k *ctpKeepalive) ir() *ir.TCPKeepalive {
	if k == nil {
		return nil
	}
	return &ir.TCPKeepalive{Probes: k.probes, IdleTime: k.idleTime, Interval: k.interval}
}

// ir returns the connection settings as package ir holds them.
// socketBufferLimit has no IR field: Envoy Gateway does not emit it
// either.
func (c *ctpConnection) ir(hasLimit bool) *ir.ClientConnection {
	if c == nil {
		return nil
	}
	out := &ir.ClientConnection{
		BufferLimitBytes:        c.bufferLimit,
		MaxAcceptPerSocketEvent: c.maxAcceptPerSocketEvent,
	}
	if hasLimit {
		out.ConnectionLimit = &ir.ConnectionLimit{
			Value:                    c.limit,
			CloseDelay:               ctpIRDuration(c.closeDelay),
			MaxConnectionDuration:    ctpIRDuration(c.maxConnectionDuration),
			MaxRequestsPerConnection: c.maxRequestsPerConnection,
			MaxStreamDuration:        ctpIRDuration(c.maxStreamDuration),
		}
	}
	return out
}

// ir returns the timeouts as package ir holds them; tcp and http say
// whether spec.timeout set the tcp and http parts.
func (t *ctpTimeout) ir(tcp, http bool) *ir.ClientTimeout {
	if t == nil {
		return nil
	}
	out := &ir.ClientTimeout{}
	if tcp {
		out.TCP = &ir.TCPClientTimeout{
			IdleTimeout:                 ctpIRDuration(t.tcpIdle),
			TLSHandshakeTimeout:         ctpIRDuration(t.tlsHandshake),
			ConnectionInspectionTimeout: ctpIRDuration(t.connectionInspection),
		}
	}
	if http {
		out.HTTP = &ir.HTTPClientTimeout{
			RequestReceivedTimeout:        ctpIRDuration(t.requestReceived),
			RequestHeadersReceivedTimeout: ctpIRDuration(t.requestHeadersReceived),
			IdleTimeout:                   ctpIRDuration(t.httpIdle),
			StreamIdleTimeout:             ctpIRDuration(t.streamIdle),
		}
	}
	return out
}

// ir returns the HTTP/2 settings as package ir holds them.
func (h *ctpHTTP2) ir() *ir.HTTP2Settings {
	if h == nil {
		return nil
	}
	out := &ir.HTTP2Settings{
		InitialStreamWindowSize:     h.initialStreamWindow,
		InitialConnectionWindowSize: h.initialConnectionWindow,
		MaxConcurrentStreams:        h.maxConcurrentStreams,
		ResetStreamOnError:          h.resetStreamOnError,
	}
	if h.keepaliveInterval != nil || h.keepaliveTimeout != nil || h.keepaliveIdleInterval != nil || h.keepaliveJitter != nil {
		out.ConnectionKeepalive = &ir.HTTP2Keepalive{
			Interval:       ctpIRDuration(h.keepaliveInterval),
			Timeout:        ctpIRDuration(h.keepaliveTimeout),
			IntervalJitter: h.keepaliveJitter,
			IdleInterval:   ctpIRDuration(h.keepaliveIdleInterval),
		}
	}
	return out
}

// ctpBuildProxyProtocol returns the PROXY protocol settings: from
// spec.proxyProtocol when set (even empty), else from the deprecated
// spec.enableProxyProtocol when true (not optional).
func ctpBuildProxyProtocol(s *egv1a1.ClientTrafficPolicySpec) *ir.ProxyProtocolSettings {
	switch {
	case s.ProxyProtocol != nil:
		return &ir.ProxyProtocolSettings{Optional: ctpBool(s.ProxyProtocol.Optional)}
	case ctpBool(s.EnableProxyProtocol):
		return &ir.ProxyProtocolSettings{}
	}
	return nil
}

// ctpBuildHeaderSettings returns spec.headers as package ir holds them,
// with the header modifiers and the header size limit already checked
// (req, resp and maxKiB, as ctpBuildHeaders returns them). Underscores in
// header names are rejected unless the policy says otherwise; the
// deprecated preserveXRequestID, when true and requestID is unset, means
// PreserveOrGenerate. The XFCC details are kept only for the modes that
// add them (AppendForward, SanitizeSet).
func ctpBuildHeaderSettings(h *egv1a1.HeaderSettings, req, resp *ctpHeaderMutation, maxKiB *uint32) *ir.HeaderSettings {
	if h == nil {
		return nil
	}
	out := &ir.HeaderSettings{
		EnableEnvoyHeaders:      ctpBool(h.EnableEnvoyHeaders),
		DisableRateLimitHeaders: ctpBool(h.DisableRateLimitHeaders),
		WithUnderscoresAction:   ir.UnderscoresRejectRequest,
		MaxRequestHeadersKB:     maxKiB,
	}
	if h.WithUnderscoresAction != nil {
		out.WithUnderscoresAction = ir.WithUnderscoresAction(*h.WithUnderscoresAction)
	}
	switch {
	case h.RequestID != nil:
		out.RequestID = ctpPtr(ir.RequestIDAction(*h.RequestID))
	case ctpBool(h.PreserveXRequestID):
		out.RequestID = ctpPtr(ir.RequestIDPreserveOrGenerate)
	}
	if x := h.XForwardedClientCert; x != nil {
		mode := ir.XFCCSanitize
		if x.Mode != nil {
			mode = ir.XFCCForwardMode(*x.Mode)
		}
		out.XForwardedClientCert = &ir.XForwardedClientCert{Mode: mode}
		if mode == ir.XFCCAppendForward || mode == ir.XFCCSanitizeSet {
			for _, d := range x.CertDetailsToAdd {
				out.XForwardedClientCert.CertDetailsToAdd = append(out.XForwardedClientCert.CertDetailsToAdd, ir.XFCCCertData(d))
			}
		}
	}
	if req != nil {
		out.EarlyAddRequestHeaders = req.add
		out.EarlyRemoveRequestHeaders = req.remove
		out.EarlyRemoveRequestHeadersOnMatch = ctpStringMatches(req.removeOnMatch)
	}
	if resp != nil {
		out.LateAddResponseHeaders = resp.add
		out.LateRemoveResponseHeaders = resp.remove
		out.LateRemoveResponseHeadersOnMatch = ctpStringMatches(resp.removeOnMatch)
	}
	return out
}

// ctpBuildHost returns spec.headers.host as package ir holds it.
func ctpBuildHost(h *egv1a1.HeaderSettings) *ir.HostSettings {
	if h == nil || h.Host == nil || h.Host.StripTrailingHostDot == nil {
		return nil
	}
	return &ir.HostSettings{StripTrailingHostDot: *h.Host.StripTrailingHostDot}
}

// ctpBuildHTTP1 returns spec.http1 as package ir holds it. defaultHost is
// the HTTP/1.0 default host worked out by ctpHTTP10DefaultHost; http10OK
// is false when that failed, and HTTP/1.0 is then left off.
// disableSafeMaxConnectionDuration only matters with a connection limit's
// maxConnectionDuration, and is only kept then.
func ctpBuildHTTP1(h1 *egv1a1.HTTP1Settings, conn *ctpConnection, defaultHost *string, http10OK bool) *ir.HTTP1Settings {
	if h1 == nil {
		return nil
	}
	out := &ir.HTTP1Settings{
		EnableTrailers:      ctpBool(h1.EnableTrailers),
		PreserveHeaderCase:  ctpBool(h1.PreserveHeaderCase),
		IgnoredUpgradeTypes: ctpStringMatches(h1.IgnoredUpgradeTypes),
	}
	if conn != nil && conn.maxConnectionDuration != nil {
		out.DisableSafeMaxConnectionDuration = ctpBool(h1.DisableSafeMaxConnectionDuration)
	}
	if h1.HTTP10 != nil && http10OK {
		out.HTTP10 = &ir.HTTP10Settings{DefaultHost: defaultHost}
	}
	return out
}

// finish sets the IR forms of the parsed connection-level and HTTP/2
// features.
func (f *ctpFeatures) finish() {
	s := &f.policy.Spec
	f.irKeepalive = f.keepalive.ir()
	if f.connection != nil {
		f.irConnection = f.connection.ir(s.Connection.ConnectionLimit != nil)
	}
	if f.timeout != nil {
		f.irTimeout = f.timeout.ir(s.Timeout.TCP != nil, s.Timeout.HTTP != nil)
	}
	f.irHTTP2 = f.http2.ir()
}

// ctpIRParts maps the listener IR fields a ClientTrafficPolicy sets to the
// part of the policy they come from, as messages name it.
var ctpIRParts = map[string]string{
	"tcpKeepalive":      "TCP KeepAlive",
	"connection":        "Connection",
	"timeout":           "Timeout",
	"clientIPDetection": "ClientIPDetection",
	"headers":           "Headers",
	"host":              "Headers",
	"http1":             "HTTP1",
	"http2":             "HTTP2",
	"http3":             "HTTP3",
	"healthCheck":       "HealthCheck",
	"tls":               "TLS",
}

// checkIR checks the features against the invariants of package ir, so
// that a value the CRD schema would have refused (the translator's input
// is not validated by an API server) makes the policy invalid instead of
// the IR, which would cost every listener of the Gateway its
// configuration. It validates a scratch listener that holds only what the
// policy sets (and the listener's TLS, whose own problems are not the
// policy's). Each problem is returned prefixed by the part of the policy
// at fault and names the IR field; the features at fault are then left
// out, so that applyToListener never writes them.
func (f *ctpFeatures) checkIR(ls *listenerState) []error {
	x := &ir.Xds{}
	if h := ls.http; h != nil {
		l := &ir.HTTPListener{
			Name: "ctp", Address: "0.0.0.0", Port: 1, Hostnames: []string{"*"},
			TCPKeepalive: f.irKeepalive, Connection: f.irConnection, Timeout: f.irTimeout,
			ClientIPDetection: f.clientIPDetection, Headers: f.headers, Host: f.host,
			HTTP1: f.http1, HTTP2: f.irHTTP2, HealthCheck: f.healthCheck, TLS: f.tls,
		}
		if f.http3 {
			l.HTTP3 = &ir.HTTP3Settings{}
		}
		x.HTTP = []*ir.HTTPListener{l}
	} else {
		x.TCP = []*ir.TCPListener{{
			Name: "ctp", Address: "0.0.0.0", Port: 1,
			TCPKeepalive: f.irKeepalive, Connection: f.irConnection, Timeout: f.irTimeout, TLS: f.tls,
		}}
	}
	err := x.Validate()
	if err == nil {
		return nil
	}
	var errs []error
	at := map[string]bool{}
	for _, e := range ctpUnjoin(err) {
		var ve *ir.ValidationError
		if !errors.As(e, &ve) {
			continue
		}
		path := ve.Path
		if i := strings.Index(path, "]."); i >= 0 {
			path = path[i+2:]
		}
		top, _, _ := strings.Cut(path, ".")
		if j := strings.IndexByte(top, '['); j >= 0 {
			top = top[:j]
		}
		part, ok := ctpIRParts[top]
		if !ok || (top == "tls" && (strings.HasPrefix(path, "tls.certificates") || strings.HasPrefix(path, "tls.caCertificate"))) {
			continue
		}
		at[top] = true
		errs = append(errs, fmt.Errorf("%s: %s: %s", part, path, ve.Message))
	}
	f.drop(at)
	return errs
}

// drop leaves out the features whose IR fields are named in at.
func (f *ctpFeatures) drop(at map[string]bool) {
	for top := range at {
		switch top {
		case "tcpKeepalive":
			f.irKeepalive = nil
		case "connection":
			f.irConnection = nil
		case "timeout":
			f.irTimeout = nil
		case "clientIPDetection":
			f.clientIPDetection = nil
		case "headers":
			f.headers = nil
		case "host":
			f.host = nil
		case "http1":
			f.http1 = nil
		case "http2":
			f.irHTTP2 = nil
		case "http3":
			f.http3 = false
		case "healthCheck":
			f.healthCheck = nil
		case "tls":
			f.tls = nil
		}
	}
}

// ctpUnjoin returns the errors joined in err, or err alone.
func ctpUnjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}
