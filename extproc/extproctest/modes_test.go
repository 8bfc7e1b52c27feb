package extproctest_test

import (
	"bytes"
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	extprocv3 "github.com/envoyproxy/go-control-plane/envoy/service/ext_proc/v3"

	"github.com/gatewaykit/gatewaykit/extproc"
	"github.com/gatewaykit/gatewaykit/extproc/extproctest"
)

// upper is a processor that upper-cases every body message it sees.
var upper = extproc.Phases{
	RequestBody: func(_ context.Context, req *extproc.BodyRequest) (*extproc.BodyResponse, error) {
		return &extproc.BodyResponse{Body: extproc.ReplaceBody(bytes.ToUpper(req.Body))}, nil
	},
	ResponseBody: func(_ context.Context, req *extproc.BodyRequest) (*extproc.BodyResponse, error) {
		return &extproc.BodyResponse{Body: extproc.ReplaceBody(bytes.ToUpper(req.Body))}, nil
	},
}

func withTrailers(r *extproctest.Request) *extproctest.Request {
	r.Trailer = http.Header{"X-Checksum": {"abc"}}
	return r
}

func TestHeaderAndTrailerModes(t *testing.T) {
	const (
		def  = extproc.SendModeDefault
		send = extproc.SendModeSend
		skip = extproc.SendModeSkip
	)
	upstream := extproctest.Respond(&extproctest.Response{Status: 200, Body: []byte("ok"), Trailer: http.Header{"Grpc-Status": {"0"}}})
	for _, tc := range []struct {
		name string
		mode extproc.ProcessingMode
		want []extproc.Phase
	}{
		{"default sends headers, skips trailers", extproc.ProcessingMode{},
			phases(extproc.PhaseRequestHeaders, extproc.PhaseResponseHeaders)},
		{"SEND headers explicitly", extproc.ProcessingMode{RequestHeader: send, ResponseHeader: send},
			phases(extproc.PhaseRequestHeaders, extproc.PhaseResponseHeaders)},
		{"SKIP request headers", extproc.ProcessingMode{RequestHeader: skip},
			phases(extproc.PhaseResponseHeaders)},
		{"SKIP response headers", extproc.ProcessingMode{ResponseHeader: skip},
			phases(extproc.PhaseRequestHeaders)},
		{"SEND trailers", extproc.ProcessingMode{RequestTrailer: send, ResponseTrailer: send},
			phases(extproc.PhaseRequestHeaders, extproc.PhaseRequestTrailers, extproc.PhaseResponseHeaders, extproc.PhaseResponseTrailers)},
		{"DEFAULT trailers skip", extproc.ProcessingMode{RequestTrailer: def, ResponseTrailer: def},
			phases(extproc.PhaseRequestHeaders, extproc.PhaseResponseHeaders)},
		{"everything skipped", extproc.ProcessingMode{RequestHeader: skip, ResponseHeader: skip}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := drive(t, extproc.Phases{}, withTrailers(post("data")), upstream, extproctest.WithProcessingMode(tc.mode))
			if got := res.Phases(); !slices.Equal(got, tc.want) {
				t.Errorf("phases = %v, want %v", got, tc.want)
			}
			if res.LocalReply != nil {
				t.Errorf("unexpected local reply: %+v", res.LocalReply)
			}
			if got := string(res.Request.Body); got != "data" {
				t.Errorf("upstream body = %q", got)
			}
		})
	}
}

func TestHeadersEndOfStreamAndProtocolConfig(t *testing.T) {
	mode := extproc.ProcessingMode{RequestBody: extproc.BodyModeBuffered, ResponseBody: extproc.BodyModeStreamed}
	res := drive(t, extproc.Phases{}, extproctest.NewRequest("GET", "/", nil), nil, extproctest.WithProcessingMode(mode))
	reqs := res.Requests(extproc.PhaseRequestHeaders)
	if len(reqs) != 1 || !reqs[0].GetRequestHeaders().GetEndOfStream() {
		t.Fatalf("request headers without body must carry end_of_stream: %v", reqs)
	}
	pc := reqs[0].GetProtocolConfig()
	if pc.GetRequestBodyMode().String() != "BUFFERED" || pc.GetResponseBodyMode().String() != "STREAMED" {
		t.Errorf("protocol_config = %v", pc)
	}
	if got := res.Requests(extproc.PhaseResponseHeaders); len(got) != 1 || got[0].GetProtocolConfig() != nil {
		t.Errorf("protocol_config must only be on the first message")
	}
	// Body-less messages never produce body phases.
	if got := res.Phases(); !slices.Equal(got, phases(extproc.PhaseRequestHeaders, extproc.PhaseResponseHeaders)) {
		t.Errorf("phases = %v", got)
	}
	res = drive(t, extproc.Phases{}, post("x"), nil)
	if res.Requests(extproc.PhaseRequestHeaders)[0].GetRequestHeaders().GetEndOfStream() {
		t.Errorf("request headers followed by a body must not carry end_of_stream")
	}
}

func TestBodyModeNone(t *testing.T) {
	res := drive(t, upper, post("abc"), extproctest.Respond(&extproctest.Response{Body: []byte("def")}))
	if got, _ := bodies(res, extproc.PhaseRequestBody); got != nil {
		t.Errorf("NONE sent request body %q", got)
	}
	mustEqual(t, "upstream body", string(res.Request.Body), "abc")
	mustEqual(t, "client body", string(res.Response.Body), "def")
}

func TestBufferedBody(t *testing.T) {
	mode := extproctest.WithProcessingMode(extproc.ProcessingMode{RequestBody: extproc.BodyModeBuffered, ResponseBody: extproc.BodyModeBuffered})
	t.Run("whole body once", func(t *testing.T) {
		res := drive(t, upper, post("hello world"), extproctest.Respond(&extproctest.Response{Body: []byte("reply")}),
			mode, extproctest.WithChunkSize(3))
		chunks, eos := bodies(res, extproc.PhaseRequestBody)
		if !slices.Equal(chunks, []string{"hello world"}) || !slices.Equal(eos, []bool{true}) {
			t.Errorf("request body messages = %q %v", chunks, eos)
		}
		mustEqual(t, "upstream body", string(res.Request.Body), "HELLO WORLD")
		mustEqual(t, "client body", string(res.Response.Body), "REPLY")
	})
	t.Run("trailers follow", func(t *testing.T) {
		res := drive(t, upper, withTrailers(post("abc")), nil, extproctest.WithProcessingMode(extproc.ProcessingMode{
			RequestBody: extproc.BodyModeBuffered, RequestTrailer: extproc.SendModeSend}))
		_, eos := bodies(res, extproc.PhaseRequestBody)
		if !slices.Equal(eos, []bool{false}) {
			t.Errorf("body before trailers: end_of_stream = %v, want [false]", eos)
		}
		want := phases(extproc.PhaseRequestHeaders, extproc.PhaseRequestBody, extproc.PhaseRequestTrailers, extproc.PhaseResponseHeaders)
		if got := res.Phases(); !slices.Equal(got, want) {
			t.Errorf("phases = %v, want %v", got, want)
		}
	})
	t.Run("header mutation in body answer", func(t *testing.T) {
		p := extproc.RequestBodyFunc(func(_ context.Context, req *extproc.BodyRequest) (*extproc.BodyResponse, error) {
			r := &extproc.BodyResponse{}
			r.Headers.Set("x-body-length", "3")
			return r, nil
		})
		res := drive(t, p, post("abc"), nil, mode)
		mustEqual(t, "x-body-length", res.Request.Header.Get("X-Body-Length"), "3")
	})
	t.Run("content-length must match a mutated body", func(t *testing.T) {
		req := post("abc")
		req.Header.Set("Content-Length", "3")
		res := drive(t, extproc.RequestBodyFunc(func(context.Context, *extproc.BodyRequest) (*extproc.BodyResponse, error) {
			return &extproc.BodyResponse{Body: extproc.ReplaceBody([]byte("longer"))}, nil
		}), req, nil, mode)
		if res.LocalReply == nil || !errorsIs(res.LocalReply.Err, extproctest.ErrInvalidMutation) || res.Response.Status != 500 {
			t.Fatalf("want 500 for content-length mismatch, got %+v", res.LocalReply)
		}
		// Fixing content-length in the same answer is accepted.
		res = drive(t, extproc.RequestBodyFunc(func(context.Context, *extproc.BodyRequest) (*extproc.BodyResponse, error) {
			r := &extproc.BodyResponse{Body: extproc.ReplaceBody([]byte("longer"))}
			r.Headers.Set("content-length", "6")
			return r, nil
		}), req, nil, mode)
		if res.LocalReply != nil {
			t.Fatalf("unexpected local reply %+v", res.LocalReply)
		}
		mustEqual(t, "content-length", res.Request.Header.Get("Content-Length"), "6")
	})
	t.Run("over the buffer limit", func(t *testing.T) {
		res := drive(t, upper, post("0123456789"), nil, mode, extproctest.WithBufferLimit(4))
		if res.LocalReply == nil || res.Response.Status != http.StatusRequestEntityTooLarge || !errorsIs(res.LocalReply.Err, extproctest.ErrBufferLimit) {
			t.Fatalf("request over limit: want 413, got %+v", res.LocalReply)
		}
		if res.Request != nil {
			t.Errorf("request reached upstream")
		}
		res = drive(t, upper, post("ok"), extproctest.Respond(&extproctest.Response{Body: []byte("0123456789")}), mode, extproctest.WithBufferLimit(4))
		if res.LocalReply == nil || res.Response.Status != 500 || res.LocalReply.Phase != extproc.PhaseResponseBody {
			t.Fatalf("response over limit: want 500, got %+v", res.LocalReply)
		}
	})
	t.Run("headers skipped removes content-length and ignores header mutation", func(t *testing.T) {
		p := extproc.RequestBodyFunc(func(context.Context, *extproc.BodyRequest) (*extproc.BodyResponse, error) {
			r := &extproc.BodyResponse{}
			r.Headers.Set("x-ignored", "1")
			return r, nil
		})
		req := post("abc")
		req.Header.Set("Content-Length", "3")
		res := drive(t, p, req, nil, extproctest.WithProcessingMode(extproc.ProcessingMode{
			RequestHeader: extproc.SendModeSkip, RequestBody: extproc.BodyModeBuffered}))
		if res.Request.Header.Get("Content-Length") != "" {
			t.Errorf("content-length kept with BUFFERED + SKIP headers")
		}
		if res.Request.Header.Get("X-Ignored") != "" {
			t.Errorf("header mutation applied although Envoy does not hold the headers")
		}
		if len(res.Notes) == 0 {
			t.Errorf("no note about the ignored mutation")
		}
	})
}

func TestStreamedBody(t *testing.T) {
	mode := extproctest.WithProcessingMode(extproc.ProcessingMode{RequestBody: extproc.BodyModeStreamed, ResponseBody: extproc.BodyModeStreamed})
	t.Run("chunks and end_of_stream", func(t *testing.T) {
		req := post("abcdefghij")
		req.Header.Set("Content-Length", "10")
		res := drive(t, upper, req, extproctest.Respond(&extproctest.Response{Body: []byte("xyz")}), mode, extproctest.WithChunkSize(4))
		chunks, eos := bodies(res, extproc.PhaseRequestBody)
		if !slices.Equal(chunks, []string{"abcd", "efgh", "ij"}) || !slices.Equal(eos, []bool{false, false, true}) {
			t.Errorf("chunks = %q %v", chunks, eos)
		}
		mustEqual(t, "upstream body", string(res.Request.Body), "ABCDEFGHIJ")
		mustEqual(t, "client body", string(res.Response.Body), "XYZ")
		if res.Request.Header.Get("Content-Length") != "" {
			t.Errorf("STREAMED must remove content-length")
		}
	})
	t.Run("last chunk before trailers", func(t *testing.T) {
		res := drive(t, upper, withTrailers(post("abcdef")), nil, mode, extproctest.WithChunkSize(4))
		_, eos := bodies(res, extproc.PhaseRequestBody)
		if !slices.Equal(eos, []bool{false, false}) {
			t.Errorf("end_of_stream = %v, want all false when trailers follow", eos)
		}
	})
	t.Run("header mutation ignored", func(t *testing.T) {
		p := extproc.RequestBodyFunc(func(context.Context, *extproc.BodyRequest) (*extproc.BodyResponse, error) {
			r := &extproc.BodyResponse{}
			r.Headers.Set("x-late", "1")
			return r, nil
		})
		res := drive(t, p, post("abc"), nil, mode)
		if res.Request.Header.Get("X-Late") != "" {
			t.Errorf("STREAMED body answer changed headers")
		}
		if !containsNote(res, "STREAMED") {
			t.Errorf("notes = %q", res.Notes)
		}
	})
	t.Run("pipelined like Envoy", func(t *testing.T) {
		// This server reads every chunk before answering the first; it
		// only works if the driver keeps sending without waiting.
		srv := rawServer(func(stream extprocv3.ExternalProcessor_ProcessServer) error {
			var pending []*extprocv3.ProcessingRequest
			for {
				req, err := stream.Recv()
				if err != nil {
					return nil
				}
				if req.GetRequestBody() == nil {
					if err := stream.Send(echo(req)); err != nil {
						return err
					}
					continue
				}
				pending = append(pending, req)
				if !req.GetRequestBody().GetEndOfStream() {
					continue
				}
				for i, p := range pending {
					body := []byte(strings.Repeat(string(rune('0'+i)), len(p.GetRequestBody().GetBody())))
					resp := &extprocv3.ProcessingResponse{Response: &extprocv3.ProcessingResponse_RequestBody{RequestBody: &extprocv3.BodyResponse{
						Response: &extprocv3.CommonResponse{BodyMutation: &extprocv3.BodyMutation{Mutation: &extprocv3.BodyMutation_Body{Body: body}}}}}}
					if err := stream.Send(resp); err != nil {
						return err
					}
				}
				pending = nil
			}
		})
		d := newDriver(t, connectRaw(t, srv), mode, extproctest.WithChunkSize(2))
		res, err := d.Do(context.Background(), post("aabbcc"), nil)
		if err != nil {
			t.Fatal(err)
		}
		if res.LocalReply != nil {
			t.Fatalf("local reply: %+v", res.LocalReply)
		}
		mustEqual(t, "upstream body", string(res.Request.Body), "001122")
	})
}

func TestBufferedPartialBody(t *testing.T) {
	mode := extproctest.WithProcessingMode(extproc.ProcessingMode{RequestBody: extproc.BodyModeBufferedPartial})
	t.Run("over the limit sends a prefix", func(t *testing.T) {
		req := post("abcdefghijklmnopqrst")
		req.Header.Set("Content-Length", "20")
		res := drive(t, upper, req, nil, mode, extproctest.WithChunkSize(4), extproctest.WithBufferLimit(8))
		chunks, eos := bodies(res, extproc.PhaseRequestBody)
		// Chunks of 4 accumulate until more than 8 bytes are held.
		if !slices.Equal(chunks, []string{"abcdefghijkl"}) || !slices.Equal(eos, []bool{false}) {
			t.Errorf("body messages = %q %v", chunks, eos)
		}
		mustEqual(t, "upstream body", string(res.Request.Body), "ABCDEFGHIJKLmnopqrst")
		if res.Request.Header.Get("Content-Length") != "" {
			t.Errorf("BUFFERED_PARTIAL must remove content-length")
		}
	})
	t.Run("under the limit sends everything", func(t *testing.T) {
		res := drive(t, upper, post("abcdef"), nil, mode, extproctest.WithChunkSize(4), extproctest.WithBufferLimit(8))
		chunks, eos := bodies(res, extproc.PhaseRequestBody)
		if !slices.Equal(chunks, []string{"abcdef"}) || !slices.Equal(eos, []bool{true}) {
			t.Errorf("body messages = %q %v", chunks, eos)
		}
		mustEqual(t, "upstream body", string(res.Request.Body), "ABCDEF")
	})
}

func TestTrailers(t *testing.T) {
	p := extproc.Phases{
		RequestTrailers: func(_ context.Context, req *extproc.TrailersRequest) (*extproc.TrailersResponse, error) {
			r := &extproc.TrailersResponse{}
			r.Trailers.Set("x-seen", req.Trailers.Get("x-checksum"))
			r.Trailers.Remove("x-checksum")
			return r, nil
		},
		ResponseTrailers: func(_ context.Context, req *extproc.TrailersRequest) (*extproc.TrailersResponse, error) {
			r := &extproc.TrailersResponse{}
			r.Trailers.Set("grpc-message", "rewritten")
			return r, nil
		},
	}
	res := drive(t, p, withTrailers(post("x")), extproctest.Respond(&extproctest.Response{Body: []byte("y"), Trailer: http.Header{"Grpc-Status": {"0"}}}),
		extproctest.WithProcessingMode(extproc.ProcessingMode{RequestTrailer: extproc.SendModeSend, ResponseTrailer: extproc.SendModeSend}))
	mustEqual(t, "request trailer x-seen", res.Request.Trailer.Get("X-Seen"), "abc")
	mustEqual(t, "request trailer x-checksum", res.Request.Trailer.Get("X-Checksum"), "")
	mustEqual(t, "response trailer grpc-message", res.Response.Trailer.Get("Grpc-Message"), "rewritten")
	mustEqual(t, "response trailer grpc-status", res.Response.Trailer.Get("Grpc-Status"), "0")
}

func TestContinueAndReplace(t *testing.T) {
	p := extproc.RequestHeadersFunc(func(context.Context, *extproc.HeadersRequest) (*extproc.HeadersResponse, error) {
		r := &extproc.HeadersResponse{ContinueAndReplace: true, Body: extproc.ReplaceBody([]byte(`{"new":true}`))}
		r.Headers.Set(":method", "POST")
		return r, nil
	})
	req := extproctest.NewRequest("GET", "/", nil)
	res := drive(t, p, req, nil, extproctest.WithProcessingMode(extproc.ProcessingMode{RequestBody: extproc.BodyModeBuffered}))
	mustEqual(t, "method", res.Request.Method, "POST")
	mustEqual(t, "body", string(res.Request.Body), `{"new":true}`)

	// With a body, the original is discarded and never sent.
	res = drive(t, p, post("old"), nil, extproctest.WithProcessingMode(extproc.ProcessingMode{RequestBody: extproc.BodyModeBuffered}))
	if got := res.Requests(extproc.PhaseRequestBody); len(got) != 0 {
		t.Errorf("body sent after CONTINUE_AND_REPLACE")
	}
	mustEqual(t, "body", string(res.Request.Body), `{"new":true}`)

	// Without CONTINUE_AND_REPLACE, :method is a routing header.
	p2 := extproc.RequestHeadersFunc(func(context.Context, *extproc.HeadersRequest) (*extproc.HeadersResponse, error) {
		r := &extproc.HeadersResponse{}
		r.Headers.Set(":method", "POST")
		return r, nil
	})
	res = drive(t, p2, req, nil)
	mustEqual(t, "method", res.Request.Method, "GET")
	if len(res.Rejections) != 1 || res.Rejections[0].Header != ":method" {
		t.Errorf("rejections = %+v", res.Rejections)
	}
}

func TestModeOverride(t *testing.T) {
	override := extproc.ProcessingMode{ResponseBody: extproc.BodyModeBuffered}
	p := extproc.Phases{
		RequestHeaders: func(context.Context, *extproc.HeadersRequest) (*extproc.HeadersResponse, error) {
			return &extproc.HeadersResponse{Control: extproc.Control{ModeOverride: &override}}, nil
		},
		ResponseBody: upper.ResponseBody,
	}
	up := extproctest.Respond(&extproctest.Response{Body: []byte("body")})
	t.Run("ignored unless allowed", func(t *testing.T) {
		res := drive(t, p, post("x"), up)
		if res.ModeOverridden || res.Requests(extproc.PhaseResponseBody) != nil {
			t.Errorf("override honoured without allow_mode_override")
		}
		if !containsNote(res, "allow_mode_override") {
			t.Errorf("notes = %q", res.Notes)
		}
		mustEqual(t, "client body", string(res.Response.Body), "body")
	})
	t.Run("honoured when allowed", func(t *testing.T) {
		res := drive(t, p, post("x"), up, extproctest.WithAllowModeOverride())
		if !res.ModeOverridden {
			t.Fatalf("override not honoured; notes %q", res.Notes)
		}
		mustEqual(t, "client body", string(res.Response.Body), "BODY")
		mustEqual(t, "final response body mode", res.Mode.ResponseBody, extproc.BodyModeBuffered)
	})
	t.Run("allow-list", func(t *testing.T) {
		other := extproc.ProcessingMode{ResponseBody: extproc.BodyModeStreamed}
		res := drive(t, p, post("x"), up, extproctest.WithAllowModeOverride(other))
		if res.ModeOverridden {
			t.Errorf("override outside allowed_override_modes honoured")
		}
		// request_header_mode is not compared.
		listed := override
		listed.RequestHeader = extproc.SendModeSkip
		res = drive(t, p, post("x"), up, extproctest.WithAllowModeOverride(listed))
		if !res.ModeOverridden {
			t.Errorf("override in allowed_override_modes refused; notes %q", res.Notes)
		}
	})
	t.Run("body modes reset, header modes kept", func(t *testing.T) {
		// The configured request body mode is BUFFERED; an override that
		// names only response headers resets it to NONE, as Envoy does.
		skipResp := extproc.ProcessingMode{ResponseHeader: extproc.SendModeSkip}
		p := extproc.RequestHeadersFunc(func(context.Context, *extproc.HeadersRequest) (*extproc.HeadersResponse, error) {
			return &extproc.HeadersResponse{Control: extproc.Control{ModeOverride: &skipResp}}, nil
		})
		res := drive(t, p, post("x"), up, extproctest.WithAllowModeOverride(),
			extproctest.WithProcessingMode(extproc.ProcessingMode{RequestBody: extproc.BodyModeBuffered, RequestTrailer: extproc.SendModeSend}))
		want := phases(extproc.PhaseRequestHeaders)
		if got := res.Phases(); !slices.Equal(got, want) {
			t.Errorf("phases = %v, want %v", got, want)
		}
		mustEqual(t, "request trailer mode", res.Mode.RequestTrailer, extproc.SendModeSend)
	})
	t.Run("ignored outside headers", func(t *testing.T) {
		p := extproc.RequestBodyFunc(func(context.Context, *extproc.BodyRequest) (*extproc.BodyResponse, error) {
			return &extproc.BodyResponse{Control: extproc.Control{ModeOverride: &override}}, nil
		})
		res := drive(t, p, post("x"), up, extproctest.WithAllowModeOverride(),
			extproctest.WithProcessingMode(extproc.ProcessingMode{RequestBody: extproc.BodyModeBuffered}))
		if res.ModeOverridden || res.Requests(extproc.PhaseResponseBody) != nil {
			t.Errorf("override in a body answer honoured")
		}
	})
}

func containsNote(res *extproctest.Result, substr string) bool {
	return slices.ContainsFunc(res.Notes, func(n string) bool { return strings.Contains(n, substr) })
}
