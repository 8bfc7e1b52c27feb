package extproc_test

import (
	"errors"
	"testing"

	extprocv3 "github.com/envoyproxy/go-control-plane/envoy/service/ext_proc/v3"
	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/gatewaykit/gatewaykit/extproc"
)

func TestHeadersResponseProto(t *testing.T) {
	r := &extproc.HeadersResponse{ContinueAndReplace: true, Body: extproc.ReplaceBody([]byte("new")), ClearRouteCache: true}
	r.Headers.Set("X-Set", "a")
	r.Headers.Append("x-add", "b")
	r.Headers.Remove("X-Gone")
	md, _ := structpb.NewStruct(map[string]any{"k": "v"})
	r.DynamicMetadata = map[string]*structpb.Struct{"ns": md}
	r.ModeOverride = &extproc.ProcessingMode{ResponseBody: extproc.BodyModeBuffered}

	pr, err := r.Proto(extproc.PhaseRequestHeaders)
	if err != nil {
		t.Fatal(err)
	}
	common := pr.GetRequestHeaders().GetResponse()
	if common.GetStatus() != extprocv3.CommonResponse_CONTINUE_AND_REPLACE || !common.GetClearRouteCache() {
		t.Errorf("common = %v", common)
	}
	if string(common.GetBodyMutation().GetBody()) != "new" {
		t.Errorf("body mutation = %v", common.GetBodyMutation())
	}
	sets := common.GetHeaderMutation().GetSetHeaders()
	if len(sets) != 2 || sets[0].GetHeader().GetKey() != "x-set" || string(sets[0].GetHeader().GetRawValue()) != "a" ||
		sets[0].GetHeader().GetValue() != "" || sets[0].GetAppend() == nil || sets[0].GetAppend().GetValue() ||
		!sets[1].GetAppend().GetValue() {
		t.Errorf("set_headers = %v", sets)
	}
	if rm := common.GetHeaderMutation().GetRemoveHeaders(); len(rm) != 1 || rm[0] != "x-gone" {
		t.Errorf("remove_headers = %v", rm)
	}
	if pr.GetDynamicMetadata().GetFields()["ns"].GetStructValue().GetFields()["k"].GetStringValue() != "v" {
		t.Errorf("dynamic metadata = %v", pr.GetDynamicMetadata())
	}
	if pr.GetModeOverride().GetResponseBodyMode().String() != "BUFFERED" {
		t.Errorf("mode override = %v", pr.GetModeOverride())
	}

	// The same response for the other direction lands in the other field.
	pr, _ = r.Proto(extproc.PhaseResponseHeaders)
	if pr.GetResponseHeaders() == nil || pr.GetRequestHeaders() != nil {
		t.Errorf("response headers answer in the wrong field: %v", pr)
	}
	// A nil response is "no change".
	pr, err = (*extproc.HeadersResponse)(nil).Proto(extproc.PhaseRequestHeaders)
	if err != nil || pr.GetRequestHeaders() == nil || pr.GetRequestHeaders().GetResponse().GetHeaderMutation() != nil {
		t.Errorf("nil response = %v, %v", pr, err)
	}
}

func TestClearRouteCacheAlwaysCarriesAHeaderMutation(t *testing.T) {
	pr, err := (&extproc.HeadersResponse{ClearRouteCache: true}).Proto(extproc.PhaseRequestHeaders)
	if err != nil {
		t.Fatal(err)
	}
	if pr.GetRequestHeaders().GetResponse().GetHeaderMutation() == nil {
		t.Errorf("clear_route_cache without header_mutation is ignored by Envoy")
	}
}

func TestImmediateResponseProto(t *testing.T) {
	code := codes.PermissionDenied
	ir := &extproc.ImmediateResponse{Status: 403, Body: []byte("no"), GRPCStatus: &code, Details: "why"}
	ir.Headers.Set("x-r", "1")
	pr, err := (&extproc.BodyResponse{Control: extproc.Control{Immediate: ir}}).Proto(extproc.PhaseResponseBody)
	if err != nil {
		t.Fatal(err)
	}
	got := pr.GetImmediateResponse()
	if got.GetStatus().GetCode() != 403 || string(got.GetBody()) != "no" || got.GetGrpcStatus().GetStatus() != uint32(codes.PermissionDenied) ||
		got.GetDetails() != "why" || len(got.GetHeaders().GetSetHeaders()) != 1 {
		t.Errorf("immediate = %v", got)
	}
	pr, _ = (&extproc.TrailersResponse{Control: extproc.Control{Immediate: &extproc.ImmediateResponse{}}}).Proto(extproc.PhaseRequestTrailers)
	if pr.GetImmediateResponse().GetStatus() != nil {
		t.Errorf("zero status must be left unset (Envoy uses 200)")
	}
}

func TestInvalidResponses(t *testing.T) {
	withHeader := func(name, value string) extproc.HeaderMutation {
		var m extproc.HeaderMutation
		m.Set(name, value)
		return m
	}
	raw := &extprocv3.ProcessingResponse{}
	for _, tc := range []struct {
		name string
		enc  func() (*extprocv3.ProcessingResponse, error)
	}{
		{"immediate with mutations", func() (*extprocv3.ProcessingResponse, error) {
			return (&extproc.HeadersResponse{Headers: withHeader("x", "1"), Control: extproc.Control{Immediate: &extproc.ImmediateResponse{Status: 403}}}).Proto(extproc.PhaseRequestHeaders)
		}},
		{"immediate status out of range", func() (*extprocv3.ProcessingResponse, error) {
			return (&extproc.HeadersResponse{Control: extproc.Control{Immediate: &extproc.ImmediateResponse{Status: 42}}}).Proto(extproc.PhaseRequestHeaders)
		}},
		{"raw with other fields", func() (*extprocv3.ProcessingResponse, error) {
			return (&extproc.BodyResponse{Body: extproc.ClearBody(), Control: extproc.Control{Raw: raw}}).Proto(extproc.PhaseRequestBody)
		}},
		{"newline in value", func() (*extprocv3.ProcessingResponse, error) {
			return (&extproc.TrailersResponse{Trailers: withHeader("x", "a\r\nb")}).Proto(extproc.PhaseResponseTrailers)
		}},
		{"space in name", func() (*extprocv3.ProcessingResponse, error) {
			return (&extproc.HeadersResponse{Headers: withHeader("bad name", "1")}).Proto(extproc.PhaseRequestHeaders)
		}},
		{"wrong phase", func() (*extprocv3.ProcessingResponse, error) {
			return (&extproc.HeadersResponse{}).Proto(extproc.PhaseRequestBody)
		}},
		{"invalid mode override", func() (*extprocv3.ProcessingResponse, error) {
			return (&extproc.HeadersResponse{Control: extproc.Control{ModeOverride: &extproc.ProcessingMode{RequestBody: 99}}}).Proto(extproc.PhaseRequestHeaders)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := tc.enc(); !errors.Is(err, extproc.ErrInvalidResponse) {
				t.Errorf("err = %v, want ErrInvalidResponse", err)
			}
		})
	}
	// Raw alone is sent as is.
	pr, err := (&extproc.BodyResponse{Control: extproc.Control{Raw: raw}}).Proto(extproc.PhaseRequestBody)
	if err != nil || pr != raw {
		t.Errorf("raw = %v, %v", pr, err)
	}
}

func TestProcessingModeProtoRoundTrip(t *testing.T) {
	m := extproc.ProcessingMode{
		RequestHeader: extproc.SendModeSkip, ResponseHeader: extproc.SendModeSend,
		RequestBody: extproc.BodyModeStreamed, ResponseBody: extproc.BodyModeBufferedPartial,
		RequestTrailer: extproc.SendModeSend, ResponseTrailer: extproc.SendModeDefault,
	}
	if got := extproc.ModeFromProto(m.Proto()); got != m {
		t.Errorf("round trip = %v, want %v", got, m)
	}
	if (extproc.ModeFromProto(nil) != extproc.ProcessingMode{}) {
		t.Errorf("nil proto is not the zero mode")
	}
	if extproc.BodyModeBuffered.String() != "BUFFERED" || extproc.SendModeSkip.String() != "SKIP" || extproc.PhaseResponseBody.String() != "response_body" {
		t.Errorf("names")
	}
}

func TestPhaseOf(t *testing.T) {
	p, ok := extproc.PhaseOf(&extprocv3.ProcessingRequest{Request: &extprocv3.ProcessingRequest_ResponseTrailers{}})
	if !ok || p != extproc.PhaseResponseTrailers || p.IsRequest() {
		t.Errorf("PhaseOf = %v, %v", p, ok)
	}
	if _, ok := extproc.PhaseOf(&extprocv3.ProcessingRequest{}); ok {
		t.Errorf("empty request has a phase")
	}
}
