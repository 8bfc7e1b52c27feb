package xds

import (
	"fmt"
	"slices"
	"strconv"

	mutationrulesv3 "github.com/envoyproxy/go-control-plane/envoy/config/common/mutation_rules/v3"
	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	listenerv3 "github.com/envoyproxy/go-control-plane/envoy/config/listener/v3"
	proxyprotocolv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/listener/proxy_protocol/v3"
	connlimitv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/connection_limit/v3"
	hcmv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/http_connection_manager/v3"
	earlymutationv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/http/early_header_mutation/header_mutation/v3"
	preservecasev3 "github.com/envoyproxy/go-control-plane/envoy/extensions/http/header_formatters/preserve_case/v3"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/gatewaykit/gatewaykit/ir"
)

// Downstream (client) connection settings: what a ClientTrafficPolicy
// puts on a listener, as Envoy Gateway emits it.
//
// Socket-wide settings (TCP keep-alive, the buffer limit, accepts per
// socket event, the connection inspection timeout) come from the IR
// listener that names the Envoy listener: the first on the address and
// port, HTTP listeners before TCP ones. The PROXY protocol listener filter
// comes from the first listener on the socket that asks for it (of the
// plain-HTTP listeners sharing the default chain, only the first counts).
// Everything else belongs to a filter chain and comes from the IR listener
// the chain serves (the first, for the shared default chain).

// Names of the network and listener filters these settings add.
const (
	connectionLimitFilterName = "envoy.filters.network.connection_limit"
	proxyProtocolFilterName   = "envoy.filters.listener.proxy_protocol"
	earlyHeaderMutationName   = "envoy.http.early_header_mutation.header_mutation"
	preserveCaseFormatterName = "preserve_case"
)

// Socket option numbers of TCP keep-alive on Linux, where Envoy runs.
const (
	solSocket   = 0x1
	soKeepalive = 0x9
	solTCP      = 0x6
	tcpKeepIdle = 0x4
	tcpKeepIntv = 0x5
	tcpKeepCnt  = 0x6
)

// keepaliveSocketOptions turns on TCP keep-alive with ka's probes, idle
// time and interval; nil when ka is nil.
func keepaliveSocketOptions(ka *ir.TCPKeepalive) []*corev3.SocketOption {
	if ka == nil {
		return nil
	}
	out := []*corev3.SocketOption{{
		Description: "socket option to enable tcp keep alive",
		Level:       solSocket,
		Name:        soKeepalive,
		Value:       &corev3.SocketOption_IntValue{IntValue: 1},
	}}
	add := func(desc string, name int64, v *uint32) {
		if v != nil {
			out = append(out, &corev3.SocketOption{
				Description: desc,
				Level:       solTCP,
				Name:        name,
				Value:       &corev3.SocketOption_IntValue{IntValue: int64(*v)},
				State:       corev3.SocketOption_STATE_PREBIND,
			})
		}
	}
	add("socket option for keep alive probes", tcpKeepCnt, ka.Probes)
	add("socket option for keep alive idle time", tcpKeepIdle, ka.IdleTime)
	add("socket option for keep alive interval", tcpKeepIntv, ka.Interval)
	return out
}

// listenerBufferLimit is c's per-connection buffer limit, or the default.
func listenerBufferLimit(c *ir.ClientConnection) *wrapperspb.UInt32Value {
	if c != nil && c.BufferLimitBytes != nil {
		return wrapperspb.UInt32(*c.BufferLimitBytes)
	}
	return wrapperspb.UInt32(listenerBufferLimitBytes)
}

// listenerAccepts is c's accepts per socket event, or the default; nil
// (no limit) for 0.
func listenerAccepts(c *ir.ClientConnection) *wrapperspb.UInt32Value {
	if c == nil || c.MaxAcceptPerSocketEvent == nil {
		return wrapperspb.UInt32(listenerAcceptsPerEvent)
	}
	if *c.MaxAcceptPerSocketEvent == 0 {
		return nil
	}
	return wrapperspb.UInt32(*c.MaxAcceptPerSocketEvent)
}

// tcpTimeout returns t.TCP, or nil.
func tcpTimeout(t *ir.ClientTimeout) *ir.TCPClientTimeout {
	if t == nil {
		return nil
	}
	return t.TCP
}

// durationOf returns d as a protobuf duration, or nil.
func durationOf(d *ir.Duration) *durationpb.Duration {
	if d == nil {
		return nil
	}
	return durationpb.New(d.Std())
}

// proxyProtocolListenerFilter reads the PROXY protocol header.
func proxyProtocolListenerFilter(pp *ir.ProxyProtocolSettings) (*listenerv3.ListenerFilter, error) {
	a, err := packAny(&proxyprotocolv3.ProxyProtocol{AllowRequestsWithoutProxyProtocol: pp.Optional})
	if err != nil {
		return nil, err
	}
	return &listenerv3.ListenerFilter{
		Name:       proxyProtocolFilterName,
		ConfigType: &listenerv3.ListenerFilter_TypedConfig{TypedConfig: a},
	}, nil
}

// connectionLimitFilter is the connection_limit network filter of c, or
// nil when c sets no limit value.
func connectionLimitFilter(statPrefix string, c *ir.ClientConnection) (*listenerv3.Filter, error) {
	if c == nil || c.ConnectionLimit == nil || c.ConnectionLimit.Value == nil {
		return nil, nil
	}
	a, err := packAny(&connlimitv3.ConnectionLimit{
		StatPrefix:     statPrefix,
		MaxConnections: wrapperspb.UInt64(*c.ConnectionLimit.Value),
		Delay:          durationOf(c.ConnectionLimit.CloseDelay),
	})
	if err != nil {
		return nil, err
	}
	return &listenerv3.Filter{Name: connectionLimitFilterName, ConfigType: &listenerv3.Filter_TypedConfig{TypedConfig: a}}, nil
}

// http1Options are the connection manager's HTTP/1 options, or nil when h
// changes none of Envoy's defaults.
func http1Options(h *ir.HTTP1Settings, path string) (*corev3.Http1ProtocolOptions, error) {
	if h == nil || (!h.EnableTrailers && !h.PreserveHeaderCase && h.HTTP10 == nil && len(h.IgnoredUpgradeTypes) == 0) {
		return nil, nil
	}
	o := &corev3.Http1ProtocolOptions{EnableTrailers: h.EnableTrailers}
	if h.PreserveHeaderCase {
		a, err := packAny(&preservecasev3.PreserveCaseFormatterConfig{})
		if err != nil {
			return nil, err
		}
		o.HeaderKeyFormat = &corev3.Http1ProtocolOptions_HeaderKeyFormat{
			HeaderFormat: &corev3.Http1ProtocolOptions_HeaderKeyFormat_StatefulFormatter{
				StatefulFormatter: &corev3.TypedExtensionConfig{Name: preserveCaseFormatterName, TypedConfig: a},
			},
		}
	}
	if h.HTTP10 != nil {
		o.AcceptHttp_10 = true
		if h.HTTP10.DefaultHost != nil {
			o.DefaultHostForHttp_10 = *h.HTTP10.DefaultHost
		}
	}
	for i := range h.IgnoredUpgradeTypes {
		m, err := stringMatcher(&h.IgnoredUpgradeTypes[i], path+".http1.ignoredUpgradeTypes["+strconv.Itoa(i)+"]")
		if err != nil {
			return nil, err
		}
		o.IgnoreHttp_11Upgrade = append(o.IgnoreHttp_11Upgrade, m)
	}
	return o, nil
}

// listenerHTTP2Options are the connection manager's HTTP/2 options: the
// upstream defaults and h, with at most http2MaxConcurrentStreams streams
// unless h says otherwise.
func listenerHTTP2Options(h *ir.HTTP2Settings) *corev3.Http2ProtocolOptions {
	o := http2Options(h)
	if o.MaxConcurrentStreams == nil {
		o.MaxConcurrentStreams = wrapperspb.UInt32(http2MaxConcurrentStreams)
	}
	return o
}

var underscoresActions = map[ir.WithUnderscoresAction]corev3.HttpProtocolOptions_HeadersWithUnderscoresAction{
	ir.UnderscoresAllow:         corev3.HttpProtocolOptions_ALLOW,
	ir.UnderscoresRejectRequest: corev3.HttpProtocolOptions_REJECT_REQUEST,
	ir.UnderscoresDropHeader:    corev3.HttpProtocolOptions_DROP_HEADER,
}

var xfccModes = map[ir.XFCCForwardMode]hcmv3.HttpConnectionManager_ForwardClientCertDetails{
	ir.XFCCSanitize:          hcmv3.HttpConnectionManager_SANITIZE,
	ir.XFCCForwardOnly:       hcmv3.HttpConnectionManager_FORWARD_ONLY,
	ir.XFCCAppendForward:     hcmv3.HttpConnectionManager_APPEND_FORWARD,
	ir.XFCCSanitizeSet:       hcmv3.HttpConnectionManager_SANITIZE_SET,
	ir.XFCCAlwaysForwardOnly: hcmv3.HttpConnectionManager_ALWAYS_FORWARD_ONLY,
}

// applyClientSettings sets on mgr what listener l (at IR path path) says
// about headers, HTTP/1, timeouts and connection limits.
func applyClientSettings(mgr *hcmv3.HttpConnectionManager, l *ir.HTTPListener, path string) error {
	h1, err := http1Options(l.HTTP1, path)
	if err != nil {
		return err
	}
	mgr.HttpProtocolOptions = h1
	mgr.Http2ProtocolOptions = listenerHTTP2Options(l.HTTP2)
	if l.Host != nil {
		mgr.StripTrailingHostDot = l.Host.StripTrailingHostDot
	}
	if l.MatchBackendScheme {
		mgr.SchemeHeaderTransformation = &corev3.SchemeHeaderTransformation{MatchUpstream: true}
	}
	if h := l.Headers; h != nil {
		if a, ok := underscoresActions[h.WithUnderscoresAction]; ok {
			mgr.CommonHttpProtocolOptions.HeadersWithUnderscoresAction = a
		}
		if x := h.XForwardedClientCert; x != nil {
			if m, ok := xfccModes[x.Mode]; ok {
				mgr.ForwardClientCertDetails = m
			}
			if (x.Mode == ir.XFCCAppendForward || x.Mode == ir.XFCCSanitizeSet) && len(x.CertDetailsToAdd) > 0 {
				d := &hcmv3.HttpConnectionManager_SetCurrentClientCertDetails{}
				for _, c := range x.CertDetailsToAdd {
					switch c {
					case ir.XFCCCertDataCert:
						d.Cert = true
					case ir.XFCCCertDataChain:
						d.Chain = true
					case ir.XFCCCertDataDNS:
						d.Dns = true
					case ir.XFCCCertDataSubject:
						d.Subject = wrapperspb.Bool(true)
					case ir.XFCCCertDataURI:
						d.Uri = true
					}
				}
				mgr.SetCurrentClientCertDetails = d
			}
		}
		if h.MaxRequestHeadersKB != nil {
			mgr.MaxRequestHeadersKb = wrapperspb.UInt32(*h.MaxRequestHeadersKB)
		}
		if r := h.RequestID; r != nil {
			switch *r {
			case ir.RequestIDPreserveOrGenerate:
				mgr.GenerateRequestId, mgr.PreserveExternalRequestId = wrapperspb.Bool(true), true
			case ir.RequestIDPreserve:
				mgr.GenerateRequestId, mgr.PreserveExternalRequestId = wrapperspb.Bool(false), true
			case ir.RequestIDDisable:
				mgr.GenerateRequestId, mgr.PreserveExternalRequestId = wrapperspb.Bool(false), false
			case ir.RequestIDGenerate:
				mgr.GenerateRequestId, mgr.PreserveExternalRequestId = wrapperspb.Bool(true), false
			}
		}
		if len(h.EarlyAddRequestHeaders) > 0 || len(h.EarlyRemoveRequestHeaders) > 0 || len(h.EarlyRemoveRequestHeadersOnMatch) > 0 {
			rules, err := headerMutationRules(h.EarlyAddRequestHeaders, h.EarlyRemoveRequestHeaders, h.EarlyRemoveRequestHeadersOnMatch, path+".headers.earlyRemoveRequestHeadersOnMatch")
			if err != nil {
				return err
			}
			a, err := packAny(&earlymutationv3.HeaderMutation{Mutations: rules})
			if err != nil {
				return err
			}
			mgr.EarlyHeaderMutationExtensions = []*corev3.TypedExtensionConfig{{Name: earlyHeaderMutationName, TypedConfig: a}}
		}
	}
	if t := l.Timeout; t != nil && t.HTTP != nil {
		mgr.RequestTimeout = durationOf(t.HTTP.RequestReceivedTimeout)
		mgr.RequestHeadersTimeout = durationOf(t.HTTP.RequestHeadersReceivedTimeout)
		mgr.CommonHttpProtocolOptions.IdleTimeout = durationOf(t.HTTP.IdleTimeout)
		mgr.StreamIdleTimeout = durationOf(t.HTTP.StreamIdleTimeout)
	}
	if c := l.Connection; c != nil && c.ConnectionLimit != nil {
		cl := c.ConnectionLimit
		if cl.MaxConnectionDuration != nil {
			mgr.CommonHttpProtocolOptions.MaxConnectionDuration = durationOf(cl.MaxConnectionDuration)
			mgr.Http1SafeMaxConnectionDuration = l.HTTP1 == nil || !l.HTTP1.DisableSafeMaxConnectionDuration
		}
		if cl.MaxRequestsPerConnection != nil {
			mgr.CommonHttpProtocolOptions.MaxRequestsPerConnection = wrapperspb.UInt32(*cl.MaxRequestsPerConnection)
		}
		mgr.CommonHttpProtocolOptions.MaxStreamDuration = durationOf(cl.MaxStreamDuration)
	}
	return nil
}

// headerMutationRules turns header additions and removals into mutation
// rules: additions (one rule per value), removals by name, removals by
// matcher. path names the matchers, for errors.
func headerMutationRules(add []ir.AddHeader, remove []string, removeOnMatch []ir.StringMatch, path string) ([]*mutationrulesv3.HeaderMutation, error) {
	out := make([]*mutationrulesv3.HeaderMutation, 0, len(add)+len(remove)+len(removeOnMatch))
	for _, h := range add {
		action := corev3.HeaderValueOption_OVERWRITE_IF_EXISTS_OR_ADD
		switch {
		case h.AddIfAbsent:
			action = corev3.HeaderValueOption_ADD_IF_ABSENT
		case h.Append:
			action = corev3.HeaderValueOption_APPEND_IF_EXISTS_OR_ADD
		}
		values := h.Value
		if len(values) == 0 {
			values = []string{""}
		}
		for _, v := range values {
			out = append(out, &mutationrulesv3.HeaderMutation{Action: &mutationrulesv3.HeaderMutation_Append{
				Append: &corev3.HeaderValueOption{
					Header:         &corev3.HeaderValue{Key: h.Name, Value: v},
					AppendAction:   action,
					KeepEmptyValue: v == "",
				},
			}})
		}
	}
	for _, name := range remove {
		out = append(out, &mutationrulesv3.HeaderMutation{Action: &mutationrulesv3.HeaderMutation_Remove{Remove: name}})
	}
	for i := range removeOnMatch {
		m, err := stringMatcher(&removeOnMatch[i], path+"["+strconv.Itoa(i)+"]")
		if err != nil {
			return nil, err
		}
		out = append(out, &mutationrulesv3.HeaderMutation{Action: &mutationrulesv3.HeaderMutation_RemoveOnMatch_{
			RemoveOnMatch: &mutationrulesv3.HeaderMutation_RemoveOnMatch{KeyMatcher: m},
		}})
	}
	return out, nil
}

// chainConnectionSettings adds to fc, whose connection manager or TCP proxy
// has statPrefix, the connection limit filter (in front of the others) and
// the transport handshake timeout.
func chainConnectionSettings(fc *listenerv3.FilterChain, statPrefix string, c *ir.ClientConnection, t *ir.ClientTimeout, path string) error {
	f, err := connectionLimitFilter(statPrefix, c)
	if err != nil {
		return fmt.Errorf("%s.connection: %w", path, err)
	}
	if f != nil {
		// In front of the terminal filter, after an RBAC filter.
		at := len(fc.Filters) - 1
		if at < 0 {
			at = 0
		}
		fc.Filters = slices.Insert(fc.Filters, at, f)
	}
	if tt := tcpTimeout(t); tt != nil && tt.TLSHandshakeTimeout != nil {
		fc.TransportSocketConnectTimeout = durationOf(tt.TLSHandshakeTimeout)
	}
	return nil
}
