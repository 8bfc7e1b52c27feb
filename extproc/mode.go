package extproc

import (
	"fmt"

	filterv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/ext_proc/v3"
)

// SendMode says whether Envoy sends a header or trailer phase to the
// processor. It mirrors ProcessingMode.HeaderSendMode.
type SendMode int

// The send modes. SendModeDefault means SEND for headers and SKIP for
// trailers; inside a mode override it means "unchanged".
const (
	SendModeDefault SendMode = SendMode(filterv3.ProcessingMode_DEFAULT)
	SendModeSend    SendMode = SendMode(filterv3.ProcessingMode_SEND)
	SendModeSkip    SendMode = SendMode(filterv3.ProcessingMode_SKIP)
)

// String returns Envoy's name for the mode, such as "SEND".
func (m SendMode) String() string {
	return filterv3.ProcessingMode_HeaderSendMode(m).String()
}

// BodyMode says how Envoy sends a body to the processor. It mirrors
// ProcessingMode.BodySendMode.
type BodyMode int

// The body modes.
const (
	// BodyModeNone does not send the body. This is the default.
	BodyModeNone BodyMode = BodyMode(filterv3.ProcessingMode_NONE)
	// BodyModeStreamed sends the body in chunks as they arrive; each chunk
	// gets its own response.
	BodyModeStreamed BodyMode = BodyMode(filterv3.ProcessingMode_STREAMED)
	// BodyModeBuffered buffers the whole body and sends it once; a body over
	// the buffer limit is an error for the client.
	BodyModeBuffered BodyMode = BodyMode(filterv3.ProcessingMode_BUFFERED)
	// BodyModeBufferedPartial buffers up to the buffer limit and sends what it
	// has, letting the rest through unprocessed.
	BodyModeBufferedPartial BodyMode = BodyMode(filterv3.ProcessingMode_BUFFERED_PARTIAL)
	// BodyModeFullDuplexStreamed streams chunks both ways without a one to
	// one pairing of messages.
	BodyModeFullDuplexStreamed BodyMode = BodyMode(filterv3.ProcessingMode_FULL_DUPLEX_STREAMED)
	// BodyModeGRPC sends de-framed gRPC messages.
	BodyModeGRPC BodyMode = BodyMode(filterv3.ProcessingMode_GRPC)
)

// String returns Envoy's name for the mode, such as "BUFFERED".
func (m BodyMode) String() string {
	return filterv3.ProcessingMode_BodySendMode(m).String()
}

// ProcessingMode says which phases Envoy sends to the processor and how it
// sends bodies. The zero value is Envoy's default: both header phases sent,
// no bodies, no trailers.
type ProcessingMode struct {
	RequestHeader   SendMode
	ResponseHeader  SendMode
	RequestBody     BodyMode
	ResponseBody    BodyMode
	RequestTrailer  SendMode
	ResponseTrailer SendMode
}

// Proto returns the mode as Envoy's ProcessingMode message.
func (m ProcessingMode) Proto() *filterv3.ProcessingMode {
	return &filterv3.ProcessingMode{
		RequestHeaderMode:   filterv3.ProcessingMode_HeaderSendMode(m.RequestHeader),
		ResponseHeaderMode:  filterv3.ProcessingMode_HeaderSendMode(m.ResponseHeader),
		RequestBodyMode:     filterv3.ProcessingMode_BodySendMode(m.RequestBody),
		ResponseBodyMode:    filterv3.ProcessingMode_BodySendMode(m.ResponseBody),
		RequestTrailerMode:  filterv3.ProcessingMode_HeaderSendMode(m.RequestTrailer),
		ResponseTrailerMode: filterv3.ProcessingMode_HeaderSendMode(m.ResponseTrailer),
	}
}

// ModeFromProto converts Envoy's ProcessingMode message. A nil message gives
// the zero (default) mode.
func ModeFromProto(p *filterv3.ProcessingMode) ProcessingMode {
	return ProcessingMode{
		RequestHeader:   SendMode(p.GetRequestHeaderMode()),
		ResponseHeader:  SendMode(p.GetResponseHeaderMode()),
		RequestBody:     BodyMode(p.GetRequestBodyMode()),
		ResponseBody:    BodyMode(p.GetResponseBodyMode()),
		RequestTrailer:  SendMode(p.GetRequestTrailerMode()),
		ResponseTrailer: SendMode(p.GetResponseTrailerMode()),
	}
}

// Validate reports an error wrapping ErrInvalidMode if a field holds a value
// Envoy does not define.
func (m ProcessingMode) Validate() error {
	for _, s := range []struct {
		name string
		v    SendMode
	}{
		{"request_header_mode", m.RequestHeader},
		{"response_header_mode", m.ResponseHeader},
		{"request_trailer_mode", m.RequestTrailer},
		{"response_trailer_mode", m.ResponseTrailer},
	} {
		if _, ok := filterv3.ProcessingMode_HeaderSendMode_name[int32(s.v)]; !ok {
			return fmt.Errorf("%w: %s = %d", ErrInvalidMode, s.name, int(s.v))
		}
	}
	for _, b := range []struct {
		name string
		v    BodyMode
	}{
		{"request_body_mode", m.RequestBody},
		{"response_body_mode", m.ResponseBody},
	} {
		if _, ok := filterv3.ProcessingMode_BodySendMode_name[int32(b.v)]; !ok {
			return fmt.Errorf("%w: %s = %d", ErrInvalidMode, b.name, int(b.v))
		}
	}
	return nil
}

// String renders the mode in Envoy's field names, for logs and test
// failures.
func (m ProcessingMode) String() string {
	return fmt.Sprintf("request_header_mode:%s response_header_mode:%s request_body_mode:%s response_body_mode:%s request_trailer_mode:%s response_trailer_mode:%s",
		m.RequestHeader, m.ResponseHeader, m.RequestBody, m.ResponseBody, m.RequestTrailer, m.ResponseTrailer)
}
