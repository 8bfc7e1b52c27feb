package main

import (
	"context"
	"strings"

	"github.com/gatewaykit/gatewaykit/extproc"
)

// ProcessedHeader is the request header the example adds to every request
// it lets through.
const ProcessedHeader = "x-gatewaykit-processed"

// gate adds ProcessedHeader to requests and refuses, with a 403, any request
// whose path is blocked or lies under it. It only handles request headers,
// so an EnvoyExtensionPolicy needs only processingMode.request set (without
// a body mode) for Envoy to call it.
type gate struct {
	blocked string
}

// ProcessRequestHeaders implements extproc.RequestHeadersProcessor.
func (g gate) ProcessRequestHeaders(_ context.Context, req *extproc.HeadersRequest) (*extproc.HeadersResponse, error) {
	path, _, _ := strings.Cut(req.Headers.Path(), "?")
	if g.blocked != "" && (path == g.blocked || strings.HasPrefix(path, strings.TrimSuffix(g.blocked, "/")+"/")) {
		deny := &extproc.ImmediateResponse{Status: 403, Body: []byte("forbidden\n"), Details: "blocked_path"}
		deny.Headers.Set("x-blocked-by", "gatewaykit-example")
		return &extproc.HeadersResponse{Control: extproc.Control{Immediate: deny}}, nil
	}
	resp := &extproc.HeadersResponse{}
	resp.Headers.Set(ProcessedHeader, "true")
	return resp, nil
}
