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
// xds.Translate. Statuses are not produced. Private keys in the corpus IR
// read "[redacted]"; they are restored from the case input's Secrets (see
// DecodeIR).
//
// Decoding is strict: an IR field that package ir does not model fails the
// case, naming the field, so that gaps in the IR are visible.
func NewIRPipeline(c *Corpus) Pipeline {
	return PipelineFunc(func(_ context.Context, cs Case, input []byte) (*Output, error) {
		privateKeys := inputPrivateKeys(input)
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
			x, err := decodeIR(irs[k], privateKeys)
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
// ("[redacted]", not base64) are replaced first by placeholderKey, so that
// the IR still validates: ir requires every certificate to carry a key.
func DecodeIR(v any) (*ir.Xds, error) { return decodeIR(v, nil) }

// placeholderKey stands in for a redacted private key whose real bytes are
// not known: base64 of "redacted".
const placeholderKey = "cmVkYWN0ZWQ="

// decodeIR is DecodeIR where keys maps a certificate name
// (<namespace>/<secret-name>) to the base64 tls.key of that Secret in the
// case input; a redacted key of a named certificate found there gets the
// real bytes, so that the secrets Envoy Gateway emitted can match.
func decodeIR(v any, keys map[string]string) (*ir.Xds, error) {
	b, err := json.Marshal(replaceRedacted(v, "", keys))
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

// replaceRedacted returns v with every "[redacted]" string replaced by
// the key that keys holds for the enclosing object's name, else by
// placeholderKey. name is the "name" of the object v sits in.
func replaceRedacted(v any, name string, keys map[string]string) any {
	switch t := v.(type) {
	case map[string]any:
		own, _ := t["name"].(string)
		m := make(map[string]any, len(t))
		for k, c := range t {
			m[k] = replaceRedacted(c, own, keys)
		}
		return m
	case []any:
		l := make([]any, len(t))
		for i, c := range t {
			l[i] = replaceRedacted(c, name, keys)
		}
		return l
	case string:
		if t != "[redacted]" {
			return t
		}
		if k, ok := keys[name]; ok {
			return k
		}
		return placeholderKey
	}
	return v
}

// inputPrivateKeys maps names that the IR gives to secret material to the
// base64 bytes that the case input holds for them: "<namespace>/<name>" of
// every Secret to its tls.key, and "httproutefilter/<namespace>/<name>" of
// every HTTPRouteFilter with a credentialInjection to the credential of the
// Secret it refers to. An input that does not parse gives none.
func inputPrivateKeys(input []byte) map[string]string {
	doc, err := parseYAMLObject(input)
	if err != nil {
		return nil
	}
	// str returns the string at the path keys in v, or "".
	str := func(v any, keys ...string) string {
		for _, k := range keys {
			m, _ := v.(map[string]any)
			v = m[k]
		}
		s, _ := v.(string)
		return s
	}
	keys := map[string]string{}
	credentials := map[string]string{}
	secrets, _ := doc["secrets"].([]any)
	for _, s := range secrets {
		id := str(s, "metadata", "namespace") + "/" + str(s, "metadata", "name")
		if key := str(s, "data", "tls.key"); key != "" {
			keys[id] = key
		}
		if c := str(s, "data", "credential"); c != "" {
			credentials[id] = c
		}
	}
	filters, _ := doc["httpFilters"].([]any)
	for _, f := range filters {
		ns := str(f, "metadata", "namespace")
		ref := str(f, "spec", "credentialInjection", "credential", "valueRef", "name")
		if c, ok := credentials[ns+"/"+ref]; ok && ref != "" {
			keys["httproutefilter/"+ns+"/"+str(f, "metadata", "name")] = c
		}
	}
	return keys
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
