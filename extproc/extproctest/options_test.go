package extproctest_test

import (
	"errors"
	"testing"

	filterv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/ext_proc/v3"

	"github.com/gatewaykit/gatewaykit/extproc"
	"github.com/gatewaykit/gatewaykit/extproc/extproctest"
)

func TestOptionErrors(t *testing.T) {
	cc := extproctest.Connect(t, extproc.Phases{})
	for _, tc := range []struct {
		name string
		opt  extproctest.Option
		want error
	}{
		{"nil option", nil, extproctest.ErrInvalidOption},
		{"zero buffer limit", extproctest.WithBufferLimit(0), extproctest.ErrInvalidOption},
		{"negative chunk size", extproctest.WithChunkSize(-1), extproctest.ErrInvalidOption},
		{"zero message timeout", extproctest.WithMessageTimeout(0), extproctest.ErrInvalidOption},
		{"status on error out of range", extproctest.WithStatusOnError(99), extproctest.ErrInvalidOption},
		{"nil logger", extproctest.WithLogger(nil), extproctest.ErrInvalidOption},
		{"undefined body mode", extproctest.WithProcessingMode(extproc.ProcessingMode{RequestBody: 42}), extproc.ErrInvalidMode},
		{"undefined route cache action", extproctest.WithRouteCacheAction(9), extproctest.ErrInvalidOption},
		{"full duplex", extproctest.WithProcessingMode(extproc.ProcessingMode{RequestBody: extproc.BodyModeFullDuplexStreamed}), extproctest.ErrUnsupported},
		{"grpc body mode", extproctest.WithProcessingMode(extproc.ProcessingMode{ResponseBody: extproc.BodyModeGRPC}), extproctest.ErrUnsupported},
		{"nil filter config", extproctest.WithFilterConfig(nil), extproctest.ErrInvalidOption},
		{"observability mode", extproctest.WithFilterConfig(&filterv3.ExternalProcessor{ObservabilityMode: true}), extproctest.ErrUnsupported},
		{"send body without waiting", extproctest.WithFilterConfig(&filterv3.ExternalProcessor{SendBodyWithoutWaitingForHeaderResponse: true}), extproctest.ErrUnsupported},
		{"http service", extproctest.WithFilterConfig(&filterv3.ExternalProcessor{HttpService: &filterv3.ExtProcHttpService{}}), extproctest.ErrUnsupported},
		{"forward rules", extproctest.WithFilterConfig(&filterv3.ExternalProcessor{ForwardRules: &filterv3.HeaderForwardingRules{}}), extproctest.ErrUnsupported},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := extproctest.New(cc, tc.opt)
			if !errors.Is(err, tc.want) {
				t.Errorf("err = %v, want %v", err, tc.want)
			}
		})
	}
	if _, err := extproctest.New(nil); !errors.Is(err, extproctest.ErrInvalidOption) {
		t.Errorf("nil connection: err = %v", err)
	}
	if _, err := extproctest.New(cc); err != nil {
		t.Errorf("New with no options: %v", err)
	}
}

func TestFilterConfigModes(t *testing.T) {
	// processing_mode and allow_mode_override come from the filter config;
	// a later option overrides it.
	cfg := &filterv3.ExternalProcessor{
		ProcessingMode: &filterv3.ProcessingMode{
			RequestHeaderMode: filterv3.ProcessingMode_SKIP,
			RequestBodyMode:   filterv3.ProcessingMode_BUFFERED,
		},
	}
	res := drive(t, upper, post("abc"), nil, extproctest.WithFilterConfig(cfg))
	if got := res.Phases(); len(got) != 2 || got[0] != extproc.PhaseRequestBody {
		t.Errorf("phases = %v", got)
	}
	mustEqual(t, "upstream body", string(res.Request.Body), "ABC")
	res = drive(t, upper, post("abc"), nil, extproctest.WithFilterConfig(cfg), extproctest.WithProcessingMode(extproc.ProcessingMode{}))
	mustEqual(t, "upstream body after later option", string(res.Request.Body), "abc")
}
