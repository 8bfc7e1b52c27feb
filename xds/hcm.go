package xds

import (
	"fmt"
	"strconv"

	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	listenerv3 "github.com/envoyproxy/go-control-plane/envoy/config/listener/v3"
	hcmv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/http_connection_manager/v3"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/gatewaykit/gatewaykit/ir"
)

// http2MaxConcurrentStreams is the default concurrent stream limit of an
// HTTP connection manager's HTTP/2 (which also lets HTTP/1.1 clients
// upgrade to HTTP/2); its windows default to the upstream ones (64 KiB per
// stream, 1 MiB per connection).
const http2MaxConcurrentStreams = 100

// hcmFilterName is the network filter name of the HTTP connection manager.
const hcmFilterName = "envoy.filters.network.http_connection_manager"

var escapedSlashesActions = map[ir.PathEscapedSlashAction]hcmv3.HttpConnectionManager_PathWithEscapedSlashesAction{
	ir.KeepUnchangedAction: hcmv3.HttpConnectionManager_KEEP_UNCHANGED,
	ir.RejectRequestAction: hcmv3.HttpConnectionManager_REJECT_REQUEST,
	ir.UnescapeAndRedirect: hcmv3.HttpConnectionManager_UNESCAPE_AND_REDIRECT,
	ir.UnescapeAndForward:  hcmv3.HttpConnectionManager_UNESCAPE_AND_FORWARD,
}

// httpChain is one HTTP filter chain of an Envoy listener: the IR
// listeners it serves (several for the plain-HTTP default chain, one for
// an HTTPS chain) and the route configuration they share. The first
// listener's settings configure the connection manager.
type httpChain struct {
	// name is the filter chain name: the first listener's name.
	name string
	// routeConfig is the RDS route configuration name.
	routeConfig string
	// listeners are the IR listeners, in IR order; paths their IR paths.
	listeners []*ir.HTTPListener
	paths     []string
}

// buildHTTPChain builds the filter chain of c: an HTTP connection manager
// that fetches c.routeConfig over RDS, behind TLS when the first listener
// terminates TLS. With quic, it is the chain of the QUIC listener beside
// the TCP one: the connection manager speaks HTTP/3 and TLS runs in QUIC.
func (b *builder) buildHTTPChain(c *httpChain, logs *accessLogs, quic bool) (*listenerv3.FilterChain, error) {
	l, path := c.listeners[0], c.paths[0]
	kind := "http"
	if l.TLS != nil {
		kind = "https"
	}
	action, ok := escapedSlashesActions[l.Path.EscapedSlashesAction]
	if !ok {
		if l.Path.EscapedSlashesAction != "" {
			return nil, fmt.Errorf("%s.path.escapedSlashesAction: unknown action %q", path, string(l.Path.EscapedSlashesAction))
		}
		action = hcmv3.HttpConnectionManager_IMPLEMENTATION_SPECIFIC_DEFAULT
	}
	filters, err := b.buildHTTPFilters(path, c.listeners)
	if err != nil {
		return nil, err
	}
	ipDetection, err := originalIPDetection(l.ClientIPDetection, path+".clientIPDetection")
	if err != nil {
		return nil, err
	}
	mgr := &hcmv3.HttpConnectionManager{
		StatPrefix: kind + "-" + strconv.FormatUint(uint64(l.Port), 10),
		RouteSpecifier: &hcmv3.HttpConnectionManager_Rds{Rds: &hcmv3.Rds{
			ConfigSource:    adsSource(),
			RouteConfigName: c.routeConfig,
		}},
		HttpFilters:                filters,
		AccessLog:                  cloneAll(logs.filter),
		ServerHeaderTransformation: hcmv3.HttpConnectionManager_PASS_THROUGH,
		// The peer address is the client's unless an extension finds it.
		UseRemoteAddress:              wrapperspb.Bool(len(ipDetection) == 0),
		OriginalIpDetectionExtensions: ipDetection,
		NormalizePath:                 wrapperspb.Bool(true),
		MergeSlashes:                  l.Path.MergeSlashes,
		PathWithEscapedSlashesAction:  action,
		CommonHttpProtocolOptions: &corev3.HttpProtocolOptions{
			HeadersWithUnderscoresAction: corev3.HttpProtocolOptions_REJECT_REQUEST,
		},
	}
	if err := applyClientSettings(mgr, l, path); err != nil {
		return nil, err
	}
	if quic {
		mgr.CodecType = hcmv3.HttpConnectionManager_HTTP3
		mgr.Http3ProtocolOptions = &corev3.Http3ProtocolOptions{}
	}
	a, err := packAny(mgr)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	fc := &listenerv3.FilterChain{
		Name: c.name,
		Filters: []*listenerv3.Filter{{
			Name:       hcmFilterName,
			ConfigType: &listenerv3.Filter_TypedConfig{TypedConfig: a},
		}},
	}
	if err := chainConnectionSettings(fc, mgr.StatPrefix, l.Connection, l.Timeout, path); err != nil {
		return nil, err
	}
	if l.TLS != nil {
		var ts *corev3.TransportSocket
		if quic {
			ts, err = b.quicDownstreamTLS(path+".tls", l.TLS)
		} else {
			alpn := defaultHTTPSALPN
			if l.TLSOverlaps {
				alpn = overlappingTLSALPN
			}
			ts, err = b.downstreamTLS(path+".tls", l.TLS, alpn, true)
		}
		if err != nil {
			return nil, err
		}
		fc.TransportSocket = ts
		fc.FilterChainMatch = serverNamesMatch(l.Hostnames)
	}
	return fc, nil
}

// serverNamesMatch matches connections whose SNI is one of hostnames, or
// returns nil (match everything) when the hostnames are empty or "*".
func serverNamesMatch(hostnames []string) *listenerv3.FilterChainMatch {
	if len(hostnames) == 0 || hostnames[0] == "*" {
		return nil
	}
	return &listenerv3.FilterChainMatch{ServerNames: append([]string(nil), hostnames...)}
}
