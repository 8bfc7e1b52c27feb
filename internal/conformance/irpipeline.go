package conformance

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"sort"

	"google.golang.org/protobuf/proto"

	"github.com/gatewaykit/gatewaykit/ir"
	"github.com/gatewaykit/gatewaykit/xds"
)

// NewIRPipeline returns a pipeline that measures package xds alone: it
// ignores the case input, decodes the IR that Envoy Gateway produced for
// the case (out.yaml's xdsIR) into ir.Xds, and translates that with
// xds.Translate. Statuses are not produced. Secrets in the corpus IR read
// "[redacted]", so secret contents cannot match with it.
//
// Decoding is strict: an IR field that package ir does not model fails the
// case, naming the field, so that gaps in the IR are visible.
func NewIRPipeline(c *Corpus) Pipeline {
	return PipelineFunc(func(_ context.Context, cs Case, _ []byte) (*Output, error) {
		b, err := c.ReadFile(cs.OutputFile())
		if err != nil {
			return nil, err
		}
		doc, err := parseYAMLObject(b)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", cs.OutputFile(), err)
		}
		irs, _ := doc["xdsIR"].(map[string]any)
		keys := make([]string, 0, len(irs))
		for k := range irs {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		out := &Output{XDS: map[string]*XDS{}}
		for _, k := range keys {
			x, err := DecodeIR(irs[k])
			if err != nil {
				return nil, fmt.Errorf("xdsIR[%s]: %w", k, err)
			}
			res, err := xds.Translate(x)
			if err != nil {
				return nil, fmt.Errorf("xdsIR[%s]: %w", k, err)
			}
			out.XDS[k] = FromResources(res)
		}
		return out, NotBuilt("IR pipeline: statuses are not produced")
	})
}

// DecodeIR decodes a generic IR value (as parsed from YAML) into ir.Xds,
// rejecting fields that ir.Xds does not have. Redacted secret bytes
// ("[redacted]") are dropped first.
func DecodeIR(v any) (*ir.Xds, error) {
	b, err := json.Marshal(dropRedacted(v))
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var x ir.Xds
	if err := dec.Decode(&x); err != nil {
		return nil, err
	}
	return &x, nil
}

func dropRedacted(v any) any {
	switch t := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(t))
		for k, c := range t {
			if s, ok := c.(string); ok && s == "[redacted]" {
				continue
			}
			m[k] = dropRedacted(c)
		}
		return m
	case []any:
		l := make([]any, len(t))
		for i, c := range t {
			l[i] = dropRedacted(c)
		}
		return l
	}
	return v
}

// FromResources converts xds.Translate's result to the runner's form.
func FromResources(r *xds.Resources) *XDS {
	out := &XDS{}
	for _, m := range r.Listeners {
		out.Listeners = append(out.Listeners, proto.Message(m))
	}
	for _, m := range r.Routes {
		out.Routes = append(out.Routes, proto.Message(m))
	}
	for _, m := range r.Clusters {
		out.Clusters = append(out.Clusters, proto.Message(m))
	}
	for _, m := range r.Endpoints {
		out.Endpoints = append(out.Endpoints, proto.Message(m))
	}
	for _, m := range r.Secrets {
		out.Secrets = append(out.Secrets, proto.Message(m))
	}
	return out
}
