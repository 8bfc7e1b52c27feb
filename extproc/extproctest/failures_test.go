package extproctest_test

import (
	"context"
	"errors"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	filterv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/ext_proc/v3"
	extprocv3 "github.com/envoyproxy/go-control-plane/envoy/service/ext_proc/v3"
	typev3 "github.com/envoyproxy/go-control-plane/envoy/type/v3"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/gatewaykit/gatewaykit/extproc"
	"github.com/gatewaykit/gatewaykit/extproc/extproctest"
)

// failingUpstream fails the test if the request reaches it.
func failingUpstream(t *testing.T) extproctest.Upstream {
	return extproctest.UpstreamFunc(func(context.Context, *extproctest.Request) (*extproctest.Response, error) {
		t.Error("request reached the upstream")
		return &extproctest.Response{}, nil
	})
}

func TestImmediateResponse(t *testing.T) {
	deny := extproc.RequestHeadersFunc(func(context.Context, *extproc.HeadersRequest) (*extproc.HeadersResponse, error) {
		ir := &extproc.ImmediateResponse{Status: 403, Body: []byte("denied\n"), Details: "policy"}
		ir.Headers.Set("x-reason", "blocked")
		return &extproc.HeadersResponse{Control: extproc.Control{Immediate: ir}}, nil
	})
	res := drive(t, deny, post("x"), failingUpstream(t))
	lr := res.LocalReply
	if lr == nil || lr.Err != nil || lr.Status != 403 || lr.Phase != extproc.PhaseRequestHeaders || lr.Details != "policy" {
		t.Fatalf("local reply = %+v", lr)
	}
	if res.Request != nil {
		t.Errorf("Request set after an immediate response")
	}
	mustEqual(t, "client status", res.Response.Status, 403)
	mustEqual(t, "client body", string(res.Response.Body), "denied\n")
	mustEqual(t, "x-reason", res.Response.Header.Get("X-Reason"), "blocked")
	mustEqual(t, "content-type", res.Response.Header.Get("Content-Type"), "text/plain")

	t.Run("on the response path", func(t *testing.T) {
		p := extproc.ResponseBodyFunc(func(context.Context, *extproc.BodyRequest) (*extproc.BodyResponse, error) {
			return &extproc.BodyResponse{Control: extproc.Control{Immediate: &extproc.ImmediateResponse{Status: 502}}}, nil
		})
		res := drive(t, p, post("x"), extproctest.Respond(&extproctest.Response{Body: []byte("secret")}),
			extproctest.WithProcessingMode(extproc.ProcessingMode{ResponseBody: extproc.BodyModeBuffered}))
		if res.Request == nil || res.Response.Status != 502 || len(res.Response.Body) != 0 {
			t.Errorf("result = %+v / %+v", res.Request, res.Response)
		}
	})
	t.Run("zero status means 200", func(t *testing.T) {
		p := extproc.RequestHeadersFunc(func(context.Context, *extproc.HeadersRequest) (*extproc.HeadersResponse, error) {
			return &extproc.HeadersResponse{Control: extproc.Control{Immediate: &extproc.ImmediateResponse{Body: []byte("hi")}}}, nil
		})
		res := drive(t, p, post("x"), failingUpstream(t))
		mustEqual(t, "status", res.Response.Status, 200)
	})
	t.Run("disabled by the filter", func(t *testing.T) {
		res := drive(t, deny, post("x"), failingUpstream(t), extproctest.WithFilterConfig(&filterv3.ExternalProcessor{DisableImmediateResponse: true}))
		if res.LocalReply == nil || res.Response.Status != 500 || !errors.Is(res.LocalReply.Err, extproctest.ErrSpuriousMessage) {
			t.Fatalf("local reply = %+v", res.LocalReply)
		}
	})
}

func TestSpuriousAnswer(t *testing.T) {
	// Answers request headers with a response_headers message.
	wrong := scripted(func(req *extprocv3.ProcessingRequest) *extprocv3.ProcessingResponse {
		return &extprocv3.ProcessingResponse{Response: &extprocv3.ProcessingResponse_ResponseHeaders{ResponseHeaders: &extprocv3.HeadersResponse{}}}
	})
	d := newDriver(t, connectRaw(t, wrong))
	res, err := d.Do(context.Background(), post("x"), failingUpstream(t))
	if err != nil {
		t.Fatal(err)
	}
	if res.LocalReply == nil || res.Response.Status != 500 || !errors.Is(res.LocalReply.Err, extproctest.ErrSpuriousMessage) {
		t.Fatalf("local reply = %+v", res.LocalReply)
	}

	d = newDriver(t, connectRaw(t, wrong), extproctest.WithFailureModeAllow(true), extproctest.WithStatusOnError(503))
	res, err = d.Do(context.Background(), post("x"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.LocalReply != nil || !res.StreamClosedEarly || res.Request == nil {
		t.Fatalf("failure_mode_allow: reply %+v, closed early %v", res.LocalReply, res.StreamClosedEarly)
	}
	if got := res.Phases(); len(got) != 1 {
		t.Errorf("messages sent after the spurious answer: %v", got)
	}

	// status_on_error sets the status of the error reply.
	d = newDriver(t, connectRaw(t, wrong), extproctest.WithStatusOnError(503))
	res, _ = d.Do(context.Background(), post("x"), nil)
	mustEqual(t, "status", res.Response.Status, 503)
}

func TestMessageTimeout(t *testing.T) {
	slow := extproc.RequestHeadersFunc(func(ctx context.Context, _ *extproc.HeadersRequest) (*extproc.HeadersResponse, error) {
		select {
		case <-time.After(2 * time.Second):
		case <-ctx.Done():
		}
		return nil, nil
	})
	cc := extproctest.Connect(t, slow)
	d, err := extproctest.New(cc, extproctest.WithMessageTimeout(50*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	res, err := d.Do(context.Background(), post("x"), failingUpstream(t))
	if err != nil {
		t.Fatal(err)
	}
	if res.LocalReply == nil || res.Response.Status != http.StatusGatewayTimeout || !errors.Is(res.LocalReply.Err, extproctest.ErrMessageTimeout) {
		t.Fatalf("local reply = %+v", res.LocalReply)
	}

	d, _ = extproctest.New(cc, extproctest.WithMessageTimeout(50*time.Millisecond), extproctest.WithFailureModeAllow(true))
	res, err = d.Do(context.Background(), post("x"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.LocalReply != nil || res.Request == nil || !res.StreamClosedEarly {
		t.Fatalf("failure_mode_allow: %+v", res.LocalReply)
	}
}

func TestOverrideMessageTimeout(t *testing.T) {
	// Asks for more time, then answers after the original timeout.
	srv := func(req *extprocv3.ProcessingRequest, stream extprocv3.ExternalProcessor_ProcessServer) error {
		if err := stream.Send(&extprocv3.ProcessingResponse{OverrideMessageTimeout: durationpb.New(2 * time.Second)}); err != nil {
			return err
		}
		time.Sleep(150 * time.Millisecond)
		return stream.Send(echo(req))
	}
	raw := rawServer(func(stream extprocv3.ExternalProcessor_ProcessServer) error {
		for {
			req, err := stream.Recv()
			if err != nil {
				return nil
			}
			if err := srv(req, stream); err != nil {
				return err
			}
		}
	})
	cc := connectRaw(t, raw)
	mode := extproctest.WithProcessingMode(extproc.ProcessingMode{ResponseHeader: extproc.SendModeSkip})
	d, _ := extproctest.New(cc, mode, extproctest.WithMessageTimeout(50*time.Millisecond))
	res, err := d.Do(context.Background(), post("x"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.LocalReply == nil || !errors.Is(res.LocalReply.Err, extproctest.ErrMessageTimeout) {
		t.Fatalf("without max_message_timeout the extension must be ignored: %+v", res.LocalReply)
	}
	d, _ = extproctest.New(cc, extproctest.WithFilterConfig(&filterv3.ExternalProcessor{
		ProcessingMode:    &filterv3.ProcessingMode{ResponseHeaderMode: filterv3.ProcessingMode_SKIP},
		MessageTimeout:    durationpb.New(50 * time.Millisecond),
		MaxMessageTimeout: durationpb.New(10 * time.Second),
	}))
	res, err = d.Do(context.Background(), post("x"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.LocalReply != nil {
		t.Fatalf("extended timeout not honoured: %+v", res.LocalReply)
	}
}

func TestProcessorErrorsAndClosedStreams(t *testing.T) {
	t.Run("processor error", func(t *testing.T) {
		p := extproc.RequestHeadersFunc(func(context.Context, *extproc.HeadersRequest) (*extproc.HeadersResponse, error) {
			return nil, status.Error(codes.PermissionDenied, "nope")
		})
		res := drive(t, p, post("x"), failingUpstream(t))
		if res.LocalReply == nil || res.Response.Status != 500 || !errors.Is(res.LocalReply.Err, extproctest.ErrStream) {
			t.Fatalf("local reply = %+v", res.LocalReply)
		}
		if status.Code(res.LocalReply.Err) != codes.PermissionDenied {
			t.Errorf("gRPC status lost: %v", res.LocalReply.Err)
		}
	})
	t.Run("invalid response from processor", func(t *testing.T) {
		p := extproc.RequestHeadersFunc(func(context.Context, *extproc.HeadersRequest) (*extproc.HeadersResponse, error) {
			r := &extproc.HeadersResponse{Control: extproc.Control{Immediate: &extproc.ImmediateResponse{Status: 403}}}
			r.Headers.Set("x-a", "b")
			return r, nil
		})
		res := drive(t, p, post("x"), failingUpstream(t))
		if res.LocalReply == nil || status.Code(res.LocalReply.Err) != codes.Internal {
			t.Fatalf("local reply = %+v", res.LocalReply)
		}
	})
	t.Run("server closes the stream", func(t *testing.T) {
		n := 0
		closer := scripted(func(req *extprocv3.ProcessingRequest) *extprocv3.ProcessingResponse {
			n++
			if n > 1 {
				return nil
			}
			return echo(req)
		})
		d := newDriver(t, connectRaw(t, closer), extproctest.WithProcessingMode(extproc.ProcessingMode{RequestBody: extproc.BodyModeBuffered}))
		res, err := d.Do(context.Background(), post("keep"), nil)
		if err != nil {
			t.Fatal(err)
		}
		if res.LocalReply != nil || !res.StreamClosedEarly {
			t.Fatalf("reply %+v closed early %v", res.LocalReply, res.StreamClosedEarly)
		}
		mustEqual(t, "upstream body", string(res.Request.Body), "keep")
		if len(res.Requests(extproc.PhaseResponseHeaders)) != 0 {
			t.Errorf("response headers sent after the stream closed")
		}
	})
	t.Run("unreachable processor", func(t *testing.T) {
		sock := filepath.Join(t.TempDir(), "absent.sock")
		cc, err := grpc.NewClient("unix://"+sock, grpc.WithTransportCredentials(insecure.NewCredentials()))
		if err != nil {
			t.Fatal(err)
		}
		defer cc.Close()
		d := newDriver(t, cc)
		res, err := d.Do(context.Background(), post("x"), failingUpstream(t))
		if err != nil {
			t.Fatal(err)
		}
		if res.LocalReply == nil || res.Response.Status != 500 || !errors.Is(res.LocalReply.Err, extproctest.ErrStream) {
			t.Fatalf("local reply = %+v", res.LocalReply)
		}
		d = newDriver(t, cc, extproctest.WithFailureModeAllow(true))
		res, err = d.Do(context.Background(), post("x"), nil)
		if err != nil || res.LocalReply != nil || res.Request == nil {
			t.Fatalf("failure_mode_allow: err %v reply %+v", err, res.LocalReply)
		}
	})
	t.Run("context cancelled", func(t *testing.T) {
		// The processor ignores its context, so that the only thing that
		// can end the exchange is the caller's deadline.
		release := make(chan struct{})
		block := extproc.RequestHeadersFunc(func(context.Context, *extproc.HeadersRequest) (*extproc.HeadersResponse, error) {
			<-release
			return nil, nil
		})
		d := newDriver(t, extproctest.Connect(t, block))
		t.Cleanup(func() { close(release) })
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		if _, err := d.Do(ctx, post("x"), nil); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v, want deadline exceeded", err)
		}
	})
}

func TestHeaderValueEncoding(t *testing.T) {
	// A server that puts its value in "value" instead of "raw_value".
	valueOnly := scripted(func(req *extprocv3.ProcessingRequest) *extprocv3.ProcessingResponse {
		resp := echo(req)
		if rh := resp.GetRequestHeaders(); rh != nil {
			rh.Response = &extprocv3.CommonResponse{HeaderMutation: &extprocv3.HeaderMutation{SetHeaders: []*corev3.HeaderValueOption{
				{Header: &corev3.HeaderValue{Key: "x-a", Value: "from-value"}},
			}}}
		}
		return resp
	})
	cc := connectRaw(t, valueOnly)
	res, err := newDriver(t, cc).Do(context.Background(), post("x"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if v := res.Request.Header.Values("X-A"); len(v) != 1 || v[0] != "" {
		t.Errorf("raw mode: x-a = %q, want one empty value as Envoy does", v)
	}
	if !containsNote(res, "raw_value") {
		t.Errorf("notes = %q", res.Notes)
	}
	res, err = newDriver(t, cc, extproctest.WithRawHeaderValues(false)).Do(context.Background(), post("x"), nil)
	if err != nil {
		t.Fatal(err)
	}
	mustEqual(t, "legacy mode x-a", res.Request.Header.Get("X-A"), "from-value")
	if got := res.Requests(extproc.PhaseRequestHeaders)[0].GetRequestHeaders().GetHeaders().GetHeaders()[0]; got.GetValue() != "POST" || got.GetRawValue() != nil {
		t.Errorf("legacy mode sends value: %v", got)
	}

	both := scripted(func(req *extprocv3.ProcessingRequest) *extprocv3.ProcessingResponse {
		resp := echo(req)
		if rh := resp.GetRequestHeaders(); rh != nil {
			rh.Response = &extprocv3.CommonResponse{HeaderMutation: &extprocv3.HeaderMutation{SetHeaders: []*corev3.HeaderValueOption{
				{Header: &corev3.HeaderValue{Key: "x-a", Value: "v", RawValue: []byte("r")}},
			}}}
		}
		return resp
	})
	res, err = newDriver(t, connectRaw(t, both)).Do(context.Background(), post("x"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.LocalReply == nil || !errors.Is(res.LocalReply.Err, extproctest.ErrInvalidMutation) {
		t.Errorf("value and raw_value together must fail: %+v", res.LocalReply)
	}
}

func TestAppendActionIgnored(t *testing.T) {
	srv := scripted(func(req *extprocv3.ProcessingRequest) *extprocv3.ProcessingResponse {
		resp := echo(req)
		if rh := resp.GetRequestHeaders(); rh != nil {
			rh.Response = &extprocv3.CommonResponse{HeaderMutation: &extprocv3.HeaderMutation{SetHeaders: []*corev3.HeaderValueOption{
				{Header: &corev3.HeaderValue{Key: "x-existing", RawValue: []byte("new")}, AppendAction: corev3.HeaderValueOption_ADD_IF_ABSENT},
			}}}
		}
		return resp
	})
	req := post("x")
	req.Header.Set("X-Existing", "old")
	res, err := newDriver(t, connectRaw(t, srv)).Do(context.Background(), req, nil)
	if err != nil {
		t.Fatal(err)
	}
	mustEqual(t, "x-existing", res.Request.Header.Get("X-Existing"), "new")
	if !containsNote(res, "append_action") {
		t.Errorf("notes = %q", res.Notes)
	}
}

func TestClearRouteCacheAndMetadata(t *testing.T) {
	md, _ := structpb.NewStruct(map[string]any{"user": "alice"})
	md2, _ := structpb.NewStruct(map[string]any{"tier": "gold"})
	p := extproc.Phases{
		RequestHeaders: func(context.Context, *extproc.HeadersRequest) (*extproc.HeadersResponse, error) {
			r := &extproc.HeadersResponse{ClearRouteCache: true, Control: extproc.Control{DynamicMetadata: map[string]*structpb.Struct{"acme": md}}}
			return r, nil
		},
		ResponseHeaders: func(context.Context, *extproc.HeadersRequest) (*extproc.HeadersResponse, error) {
			return &extproc.HeadersResponse{ClearRouteCache: true, Control: extproc.Control{DynamicMetadata: map[string]*structpb.Struct{"acme": md2}}}, nil
		},
	}
	res := drive(t, p, post("x"), nil)
	if !res.RouteCacheCleared {
		t.Errorf("route cache not cleared")
	}
	if !containsNote(res, "response path") {
		t.Errorf("response-path clear_route_cache not noted: %q", res.Notes)
	}
	got := res.DynamicMetadata["acme"].AsMap()
	if got["user"] != "alice" || got["tier"] != "gold" {
		t.Errorf("metadata = %v", got)
	}
	res = drive(t, p, post("x"), nil, extproctest.WithRouteCacheAction(extproctest.RouteCacheRetain))
	if res.RouteCacheCleared {
		t.Errorf("RETAIN cleared the route cache")
	}

	// Without a header mutation Envoy ignores clear_route_cache.
	bare := scripted(func(req *extprocv3.ProcessingRequest) *extprocv3.ProcessingResponse {
		resp := echo(req)
		if rh := resp.GetRequestHeaders(); rh != nil {
			rh.Response = &extprocv3.CommonResponse{ClearRouteCache: true}
		}
		return resp
	})
	res, err := newDriver(t, connectRaw(t, bare)).Do(context.Background(), post("x"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.RouteCacheCleared || !containsNote(res, "header_mutation") {
		t.Errorf("cleared %v notes %q", res.RouteCacheCleared, res.Notes)
	}
	// CLEAR clears on any request-path header mutation.
	p3 := editor(edit{extproctest.OpSet, "x-a", "1"})
	res = drive(t, p3, post("x"), nil, extproctest.WithRouteCacheAction(extproctest.RouteCacheClear))
	if !res.RouteCacheCleared {
		t.Errorf("CLEAR did not clear")
	}
}

func TestImmediateStatusBelow200(t *testing.T) {
	srv := scripted(func(req *extprocv3.ProcessingRequest) *extprocv3.ProcessingResponse {
		return &extprocv3.ProcessingResponse{Response: &extprocv3.ProcessingResponse_ImmediateResponse{ImmediateResponse: &extprocv3.ImmediateResponse{
			Status: &typev3.HttpStatus{Code: typev3.StatusCode_Continue},
		}}}
	})
	res, err := newDriver(t, connectRaw(t, srv)).Do(context.Background(), post("x"), failingUpstream(t))
	if err != nil {
		t.Fatal(err)
	}
	if res.LocalReply == nil || res.Response.Status != 200 || !containsNote(res, "invalid") {
		t.Errorf("status = %d, notes %q", res.Response.Status, res.Notes)
	}
}
