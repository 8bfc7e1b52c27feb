package xds

import (
	"fmt"

	accesslogv3 "github.com/envoyproxy/go-control-plane/envoy/config/accesslog/v3"
	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	filev3 "github.com/envoyproxy/go-control-plane/envoy/extensions/access_loggers/file/v3"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/gatewaykit/gatewaykit/ir"
)

// DefaultTextAccessLogFormat is the format of a text access log whose IR
// gives none: Envoy's documented default format string.
const DefaultTextAccessLogFormat = `[%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" ` +
	`%RESPONSE_CODE% %RESPONSE_FLAGS% %BYTES_RECEIVED% %BYTES_SENT% %DURATION% ` +
	`%RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% "%REQ(X-FORWARDED-FOR)%" "%REQ(USER-AGENT)%" ` +
	`"%REQ(X-REQUEST-ID)%" "%REQ(:AUTHORITY)%" "%UPSTREAM_HOST%"` + "\n"

// DefaultJSONAccessLogFormat returns the fields of a JSON access log whose
// IR gives none, keyed by output field name. The map is a fresh copy.
func DefaultJSONAccessLogFormat() map[string]string {
	return map[string]string{
		"start_time":                        "%START_TIME%",
		"method":                            "%REQ(:METHOD)%",
		"x-envoy-origin-path":               "%REQ(X-ENVOY-ORIGINAL-PATH?:PATH)%",
		"protocol":                          "%PROTOCOL%",
		"response_code":                     "%RESPONSE_CODE%",
		"response_flags":                    "%RESPONSE_FLAGS%",
		"response_code_details":             "%RESPONSE_CODE_DETAILS%",
		"connection_termination_details":    "%CONNECTION_TERMINATION_DETAILS%",
		"upstream_transport_failure_reason": "%UPSTREAM_TRANSPORT_FAILURE_REASON%",
		"bytes_received":                    "%BYTES_RECEIVED%",
		"bytes_sent":                        "%BYTES_SENT%",
		"duration":                          "%DURATION%",
		"x-envoy-upstream-service-time":     "%RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)%",
		"x-forwarded-for":                   "%REQ(X-FORWARDED-FOR)%",
		"user-agent":                        "%REQ(USER-AGENT)%",
		"x-request-id":                      "%REQ(X-REQUEST-ID)%",
		":authority":                        "%REQ(:AUTHORITY)%",
		"upstream_host":                     "%UPSTREAM_HOST%",
		"upstream_cluster":                  "%UPSTREAM_CLUSTER%",
		"upstream_local_address":            "%UPSTREAM_LOCAL_ADDRESS%",
		"downstream_local_address":          "%DOWNSTREAM_LOCAL_ADDRESS%",
		"downstream_remote_address":         "%DOWNSTREAM_REMOTE_ADDRESS%",
		"requested_server_name":             "%REQUESTED_SERVER_NAME%",
		"route_name":                        "%ROUTE_NAME%",
	}
}

// fileAccessLogName is the Envoy extension name of the file access logger.
const fileAccessLogName = "envoy.access_loggers.file"

// accessLogs holds the access log configuration of one Translate call,
// built once and shared (read-only) by every listener and filter.
type accessLogs struct {
	// listener is set on Envoy listeners: it logs only connections that
	// matched no filter chain (response flag NR), since the filters log
	// everything else.
	listener []*accesslogv3.AccessLog
	// filter is set on HTTP connection managers, TCP proxies and UDP
	// proxies.
	filter []*accesslogv3.AccessLog
}

// noRouteFilter restricts a listener's access log to connections that
// found no filter chain.
func noRouteFilter() *accesslogv3.AccessLogFilter {
	return &accesslogv3.AccessLogFilter{
		FilterSpecifier: &accesslogv3.AccessLogFilter_ResponseFlagFilter{
			ResponseFlagFilter: &accesslogv3.ResponseFlagFilter{Flags: []string{"NR"}},
		},
	}
}

// buildAccessLogs turns the IR access log sinks into Envoy access logs:
// text sinks first, then JSON sinks, each in IR order.
func buildAccessLogs(al *ir.AccessLog) (*accessLogs, error) {
	out := &accessLogs{}
	if al == nil {
		return out, nil
	}
	n := len(al.Text) + len(al.JSON)
	out.listener = make([]*accesslogv3.AccessLog, 0, n)
	out.filter = make([]*accesslogv3.AccessLog, 0, n)
	add := func(cfg *filev3.FileAccessLog) error {
		a, err := packAny(cfg)
		if err != nil {
			return err
		}
		out.filter = append(out.filter, &accesslogv3.AccessLog{
			Name:       fileAccessLogName,
			ConfigType: &accesslogv3.AccessLog_TypedConfig{TypedConfig: a},
		})
		out.listener = append(out.listener, &accesslogv3.AccessLog{
			Name:       fileAccessLogName,
			Filter:     noRouteFilter(),
			ConfigType: &accesslogv3.AccessLog_TypedConfig{TypedConfig: a},
		})
		return nil
	}
	for i, t := range al.Text {
		if t == nil {
			return nil, fmt.Errorf("accessLog.text[%d]: nil", i)
		}
		if t.Path == "" {
			return nil, fmt.Errorf("accessLog.text[%d].path: empty", i)
		}
		format := DefaultTextAccessLogFormat
		if t.Format != nil {
			format = *t.Format
		}
		err := add(&filev3.FileAccessLog{
			Path: t.Path,
			AccessLogFormat: &filev3.FileAccessLog_LogFormat{LogFormat: &corev3.SubstitutionFormatString{
				Format: &corev3.SubstitutionFormatString_TextFormatSource{TextFormatSource: &corev3.DataSource{
					Specifier: &corev3.DataSource_InlineString{InlineString: format},
				}},
			}},
		})
		if err != nil {
			return nil, fmt.Errorf("accessLog.text[%d]: %w", i, err)
		}
	}
	for i, j := range al.JSON {
		if j == nil {
			return nil, fmt.Errorf("accessLog.json[%d]: nil", i)
		}
		if j.Path == "" {
			return nil, fmt.Errorf("accessLog.json[%d].path: empty", i)
		}
		fields := j.JSON
		if len(fields) == 0 {
			fields = DefaultJSONAccessLogFormat()
		}
		s := &structpb.Struct{Fields: make(map[string]*structpb.Value, len(fields))}
		for k, v := range fields {
			s.Fields[k] = structpb.NewStringValue(v)
		}
		err := add(&filev3.FileAccessLog{
			Path: j.Path,
			AccessLogFormat: &filev3.FileAccessLog_LogFormat{LogFormat: &corev3.SubstitutionFormatString{
				Format: &corev3.SubstitutionFormatString_JsonFormat{JsonFormat: s},
			}},
		})
		if err != nil {
			return nil, fmt.Errorf("accessLog.json[%d]: %w", i, err)
		}
	}
	return out, nil
}

// cloneAll returns deep copies of logs, so that no two resources share a
// message.
func cloneAll(logs []*accesslogv3.AccessLog) []*accesslogv3.AccessLog {
	if len(logs) == 0 {
		return nil
	}
	out := make([]*accesslogv3.AccessLog, len(logs))
	for i, l := range logs {
		out[i] = proto.Clone(l).(*accesslogv3.AccessLog)
	}
	return out
}
