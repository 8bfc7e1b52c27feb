package conformance

import (
	"context"
	"fmt"
)

// NewGoldenPipeline returns a pipeline that ignores the input and answers
// with the corpus's own expected output: the objects of the case's out.yaml
// that have a status, and its xds.yaml parsed into go-control-plane types.
// Every case must pass at every level with it; it checks the comparators
// and that a corpus is readable, and it is the starting point for tests
// that mutate an expected output.
func NewGoldenPipeline(c *Corpus) Pipeline {
	return PipelineFunc(func(_ context.Context, cs Case, _ []byte) (*Output, error) {
		return GoldenOutput(c, cs)
	})
}

// GoldenOutput builds the Output that reproduces a case's expected answers.
// Status objects are generic maps (as decoded by encoding/json).
func GoldenOutput(c *Corpus, cs Case) (*Output, error) {
	b, err := c.ReadFile(cs.OutputFile())
	if err != nil {
		return nil, err
	}
	doc, err := parseYAMLObject(b)
	if err != nil {
		return nil, fmt.Errorf("conformance: %s: %w", cs.OutputFile(), err)
	}
	out := &Output{Statuses: map[string][]any{}, XDS: map[string]*XDS{}}
	for key, v := range doc {
		if nonStatusKey(key) {
			continue
		}
		items, ok := v.([]any)
		if !ok {
			items = []any{v}
		}
		for _, it := range items {
			if m := asMap(it); m != nil && m["status"] != nil {
				out.Statuses[key] = append(out.Statuses[key], m)
			}
		}
	}
	if cs.XDSError {
		return out, nil
	}
	b, err = c.ReadFile(cs.XDSFile())
	if err != nil {
		return nil, err
	}
	x, err := parseExpectedXDS(b)
	if err != nil {
		return nil, fmt.Errorf("conformance: %s: %w", cs.XDSFile(), err)
	}
	for _, key := range x.Keys {
		e := x.Entries[key]
		if e.Error != "" {
			continue
		}
		rs, err := e.parseResources()
		if err != nil {
			return nil, fmt.Errorf("conformance: %s: xds[%s]: %w", cs.XDSFile(), key, err)
		}
		out.XDS[key] = &XDS{
			Listeners:                rs[Listeners],
			Routes:                   rs[Routes],
			Clusters:                 rs[Clusters],
			Endpoints:                rs[Endpoints],
			Secrets:                  rs[Secrets],
			RateLimitConfig:          e.RateLimitConfig,
			EnvoyPatchPolicyStatuses: e.EnvoyPatchPolicyStatuses,
		}
	}
	return out, nil
}
