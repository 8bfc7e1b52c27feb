// Package e2e tests and measures the whole pipeline, translator.Load →
// translator.Translate → xds.Translate, as one unit: fuzzing (no input
// panics; all output validates; the same input in any order gives the same
// bytes) and the scale benchmarks over the shared generator's inputs.
//
// Pipeline is the one function they share; it is what a user of the library
// would write.
package e2e

import (
	"bytes"
	"fmt"
	"sort"

	"github.com/gatewaykit/gatewaykit/translator"
	"github.com/gatewaykit/gatewaykit/xds"
)

// Output is the result of Pipeline.
type Output struct {
	Result *translator.Result
	// XDS maps each IR key to its Envoy resources.
	XDS map[string]*xds.Resources
}

// Pipeline translates res with opts and builds the Envoy resources of every
// IR key.
func Pipeline(res *translator.Resources, opts ...translator.Option) (*Output, error) {
	result, err := translator.Translate(res, opts...)
	if err != nil {
		return nil, err
	}
	out := &Output{Result: result, XDS: make(map[string]*xds.Resources, len(result.IR))}
	for k, x := range result.IR {
		r, err := xds.Translate(x)
		if err != nil {
			return nil, fmt.Errorf("xds[%s]: %w", k, err)
		}
		out.XDS[k] = r
	}
	return out, nil
}

// Bytes serialises the Envoy resources of o deterministically: for each IR
// key in order, the key and xds.Resources.Marshal of its resources.
func (o *Output) Bytes() ([]byte, error) {
	keys := make([]string, 0, len(o.XDS))
	for k := range o.XDS {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var buf bytes.Buffer
	for _, k := range keys {
		b, err := o.XDS[k].Marshal()
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(&buf, "[%s]%d:", k, len(b))
		buf.Write(b)
	}
	return buf.Bytes(), nil
}
