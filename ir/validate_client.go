package ir

import "time"

// Bounds of the downstream settings, as Envoy accepts them.
const (
	// maxRequestHeadersKB is the largest request header limit, in KiB.
	maxRequestHeadersKB = 8192
	// maxHTTP2Streams is the most concurrent HTTP/2 streams.
	maxHTTP2Streams = 2147483647
	// minKeepaliveDuration is the shortest HTTP/2 PING interval or timeout.
	minKeepaliveDuration = Duration(time.Millisecond)
	// Lengths of certificate pins: a base64 SHA-256 hash is 44 characters;
	// a hex SHA-256 hash is 64, or 95 with a colon between bytes.
	spkiHashLen                    = 44
	minCertHashLen, maxCertHashLen = 64, 95
)

// httpClientSettings checks what shapes an HTTP listener's downstream
// connections: the settings shared with TCP listeners, then the HTTP ones.
func (v *validator) httpClientSettings(p string, l *HTTPListener) {
	v.clientConnection(fieldPath(p, "connection"), l.Connection)
	v.clientTimeout(fieldPath(p, "timeout"), l.Timeout)
	if h := l.Headers; h != nil {
		v.headerSettings(fieldPath(p, "headers"), h)
	}
	if h := l.HTTP1; h != nil {
		hp := fieldPath(p, "http1")
		for i := range h.IgnoredUpgradeTypes {
			v.stringMatch(indexPath(fieldPath(hp, "ignoredUpgradeTypes"), i), &h.IgnoredUpgradeTypes[i], matchUnnamed)
		}
	}
	if h := l.HTTP2; h != nil {
		v.listenerHTTP2(fieldPath(p, "http2"), h)
	}
	if l.HTTP3 != nil && l.TLS == nil {
		v.add(fieldPath(p, "http3"), "HTTP/3 needs TLS: the listener terminates none")
	}
	if hc := l.HealthCheck; hc != nil && hc.Path == "" {
		v.add(fieldPath(p, "healthCheck.path"), "must not be empty")
	}
}

// tcpClientSettings checks what shapes a TCP listener's downstream
// connections.
func (v *validator) tcpClientSettings(p string, l *TCPListener) {
	v.clientConnection(fieldPath(p, "connection"), l.Connection)
	v.clientTimeout(fieldPath(p, "timeout"), l.Timeout)
}

func (v *validator) clientConnection(p string, c *ClientConnection) {
	if c == nil || c.ConnectionLimit == nil {
		return
	}
	lp := fieldPath(p, "limit")
	l := c.ConnectionLimit
	if l.Value != nil && *l.Value == 0 {
		v.add(fieldPath(lp, "value"), "must be at least 1")
	}
	if l.CloseDelay != nil && l.Value == nil {
		v.add(fieldPath(lp, "closeDelay"), "needs value: it delays closing connections over the limit")
	}
	v.duration(fieldPath(lp, "closeDelay"), l.CloseDelay)
	v.duration(fieldPath(lp, "maxConnectionDuration"), l.MaxConnectionDuration)
	v.duration(fieldPath(lp, "maxStreamDuration"), l.MaxStreamDuration)
}

func (v *validator) clientTimeout(p string, t *ClientTimeout) {
	if t == nil {
		return
	}
	if c := t.TCP; c != nil {
		tp := fieldPath(p, "tcp")
		v.duration(fieldPath(tp, "idleTimeout"), c.IdleTimeout)
		v.duration(fieldPath(tp, "tlsHandshakeTimeout"), c.TLSHandshakeTimeout)
		v.duration(fieldPath(tp, "connectionInspectionTimeout"), c.ConnectionInspectionTimeout)
	}
	if h := t.HTTP; h != nil {
		hp := fieldPath(p, "http")
		v.duration(fieldPath(hp, "requestReceivedTimeout"), h.RequestReceivedTimeout)
		v.duration(fieldPath(hp, "requestHeadersReceivedTimeout"), h.RequestHeadersReceivedTimeout)
		v.duration(fieldPath(hp, "idleTimeout"), h.IdleTimeout)
		v.duration(fieldPath(hp, "streamIdleTimeout"), h.StreamIdleTimeout)
	}
}

func (v *validator) headerSettings(p string, h *HeaderSettings) {
	switch h.WithUnderscoresAction {
	case "", UnderscoresAllow, UnderscoresRejectRequest, UnderscoresDropHeader:
	default:
		v.add(fieldPath(p, "withUnderscoresAction"), "must be Allow, RejectRequest or DropHeader, not %q", h.WithUnderscoresAction)
	}
	if r := h.RequestID; r != nil {
		switch *r {
		case RequestIDPreserveOrGenerate, RequestIDPreserve, RequestIDGenerate, RequestIDDisable:
		default:
			v.add(fieldPath(p, "requestID"), "must be PreserveOrGenerate, Preserve, Generate or Disable, not %q", *r)
		}
	}
	if x := h.XForwardedClientCert; x != nil {
		xp := fieldPath(p, "xForwardedClientCert")
		switch x.Mode {
		case XFCCSanitize, XFCCForwardOnly, XFCCAppendForward, XFCCSanitizeSet, XFCCAlwaysForwardOnly:
		default:
			v.add(fieldPath(xp, "mode"), "must be Sanitize, ForwardOnly, AppendForward, SanitizeSet or AlwaysForwardOnly, not %q", x.Mode)
		}
		for i, d := range x.CertDetailsToAdd {
			switch d {
			case XFCCCertDataSubject, XFCCCertDataCert, XFCCCertDataChain, XFCCCertDataDNS, XFCCCertDataURI:
			default:
				v.add(indexPath(fieldPath(xp, "certDetailsToAdd"), i), "must be Subject, Cert, Chain, DNS or URI, not %q", d)
			}
		}
	}
	v.headers(p, h.EarlyAddRequestHeaders, h.EarlyRemoveRequestHeaders, "earlyAddRequestHeaders", "earlyRemoveRequestHeaders")
	for i := range h.EarlyRemoveRequestHeadersOnMatch {
		v.stringMatch(indexPath(fieldPath(p, "earlyRemoveRequestHeadersOnMatch"), i), &h.EarlyRemoveRequestHeadersOnMatch[i], matchUnnamed)
	}
	v.headers(p, h.LateAddResponseHeaders, h.LateRemoveResponseHeaders, "lateAddResponseHeaders", "lateRemoveResponseHeaders")
	for i := range h.LateRemoveResponseHeadersOnMatch {
		v.stringMatch(indexPath(fieldPath(p, "lateRemoveResponseHeadersOnMatch"), i), &h.LateRemoveResponseHeadersOnMatch[i], matchUnnamed)
	}
	if k := h.MaxRequestHeadersKB; k != nil && (*k == 0 || *k > maxRequestHeadersKB) {
		v.add(fieldPath(p, "maxRequestHeadersKB"), "must be 1-%d, not %d", maxRequestHeadersKB, *k)
	}
}

// listenerHTTP2 checks a listener's HTTP/2 settings against what Envoy's
// connection manager accepts.
func (v *validator) listenerHTTP2(p string, h *HTTP2Settings) {
	for _, w := range []struct {
		name string
		v    *uint32
	}{{"initialStreamWindowSize", h.InitialStreamWindowSize}, {"initialConnectionWindowSize", h.InitialConnectionWindowSize}} {
		if w.v != nil && (*w.v < minHTTP2Window || *w.v > maxHTTP2Window) {
			v.add(fieldPath(p, w.name), "must be %d-%d, not %d", minHTTP2Window, maxHTTP2Window, *w.v)
		}
	}
	if s := h.MaxConcurrentStreams; s != nil && (*s == 0 || *s > maxHTTP2Streams) {
		v.add(fieldPath(p, "maxConcurrentStreams"), "must be 1-%d, not %d", maxHTTP2Streams, *s)
	}
	ka := h.ConnectionKeepalive
	if ka == nil {
		return
	}
	kp := fieldPath(p, "connectionKeepalive")
	if ka.Timeout == nil {
		v.add(fieldPath(kp, "timeout"), "must be set: a PING needs a deadline")
	}
	for _, d := range []struct {
		name string
		v    *Duration
	}{{"interval", ka.Interval}, {"timeout", ka.Timeout}, {"idleInterval", ka.IdleInterval}} {
		if d.v != nil && *d.v < minKeepaliveDuration {
			v.add(fieldPath(kp, d.name), "must be at least 1ms, not %s", d.v)
		}
	}
	v.percentUint(fieldPath(kp, "intervalJitter"), ka.IntervalJitter)
}

// clientValidation checks the client certificate checks of a listener's
// TLS: pins of the right length, SAN matchers, and revocation lists that
// travel with a CA.
func (v *validator) clientValidation(p string, t *TLSConfig) {
	for i, h := range t.VerifyCertificateSpki {
		if len(h) != spkiHashLen {
			v.add(indexPath(fieldPath(p, "verifyCertificateSpki"), i), "must be a base64 SHA-256 hash (%d characters), not %d characters", spkiHashLen, len(h))
		}
	}
	for i, h := range t.VerifyCertificateHash {
		if len(h) < minCertHashLen || len(h) > maxCertHashLen {
			v.add(indexPath(fieldPath(p, "verifyCertificateHash"), i), "must be a hex SHA-256 hash (%d-%d characters), not %d characters", minCertHashLen, maxCertHashLen, len(h))
		}
	}
	for i := range t.MatchTypedSubjectAltNames {
		m := &t.MatchTypedSubjectAltNames[i]
		mp := indexPath(fieldPath(p, "matchTypedSubjectAltNames"), i)
		v.stringMatch(mp, m, matchUnnamed)
	}
	if c := t.Crl; c != nil {
		if t.CACertificate == nil {
			v.add(fieldPath(p, "crl"), "needs caCertificate: the lists travel with it")
		}
		if len(c.Data) == 0 {
			v.add(fieldPath(p, "crl.data"), "must not be empty")
		}
	}
}
