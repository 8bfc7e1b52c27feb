package translator

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"regexp"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/gatewaykit/gatewaykit/ir"
	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// The checks of a BackendTrafficPolicy's response override, request buffer
// and telemetry. Each returns Envoy Gateway's text, unprefixed.

// btpResponseBodyKey is the ConfigMap key a response override body is read
// from.
const btpResponseBodyKey = "response.body"

// btpStatOperator finds the %OPERATOR% placeholders of a stat name
// template. It is compiled once and only read.
var btpStatOperator = regexp.MustCompile(`%[^%]*%`)

// btpRouteStatOperators are the placeholders a route stat name may use.
var btpRouteStatOperators = map[string]bool{
	"%ROUTE_NAME%":      true,
	"%ROUTE_NAMESPACE%": true,
	"%ROUTE_KIND%":      true,
	"%ROUTE_RULE_NAME%": true,
}

// btpCheckResponseOverrides checks that every custom response body taken
// from a ConfigMap can be read: the ConfigMap exists in ns and holds a
// body (under response.body, else any key, else any binary key).
func (t *translation) btpCheckResponseOverrides(ros []egv1a1.ResponseOverride, ns string) error {
	for i := range ros {
		ro := &ros[i]
		if ro.Redirect != nil || ro.Response == nil || ro.Response.Body == nil {
			continue
		}
		body := ro.Response.Body
		if body.Type != egv1a1.ResponseValueTypeValueRef {
			continue
		}
		name := ""
		if body.ValueRef != nil {
			name = string(body.ValueRef.Name)
		}
		if _, err := t.btpResponseBody(ns, name); err != nil {
			return err
		}
	}
	return nil
}

// btpResponseBody reads a response body from ConfigMap ns/name: its
// response.body key, else the value of its first key, else of its first
// binary key (keys in sorted order, so that the choice is deterministic;
// Envoy Gateway takes whichever key its map iteration yields).
func (t *translation) btpResponseBody(ns, name string) ([]byte, error) {
	var cm *corev1.ConfigMap
	if t != nil && t.idx != nil {
		cm = t.idx.configMaps[nameOf(ns, name)]
	}
	if cm == nil {
		return nil, fmt.Errorf("can't find the referenced configmap %s/%s", ns, name)
	}
	if v, ok := cm.Data[btpResponseBodyKey]; ok {
		return []byte(v), nil
	}
	if len(cm.Data) > 0 {
		return []byte(cm.Data[btpFirstKey(cm.Data)]), nil
	}
	if len(cm.BinaryData) > 0 {
		return cm.BinaryData[btpFirstKey(cm.BinaryData)], nil
	}
	return nil, fmt.Errorf("can't find the key %s in the referenced configmap %s/%s", btpResponseBodyKey, ns, name)
}

// btpFirstKey returns the smallest key of m; "" when m is empty.
func btpFirstKey[V any](m map[string]V) string {
	keys := slices.Sorted(maps.Keys(m))
	if len(keys) == 0 {
		return ""
	}
	return keys[0]
}

// btpCheckRequestBuffer checks that the request buffer limit is a whole
// number of bytes that fits in 32 bits. A missing limit reads as 0.
func btpCheckRequestBuffer(rb *egv1a1.RequestBuffer) error {
	if rb == nil || rb.Limit == nil {
		return nil
	}
	v, ok := rb.Limit.AsInt64()
	if !ok {
		return errors.New("limit must be convertible to an int64")
	}
	if v < 0 || v > math.MaxUint32 {
		return fmt.Errorf("limit value %s is out of range, must be between 0 and %d", rb.Limit.String(), uint64(math.MaxUint32))
	}
	return nil
}

// btpRequestBuffer translates a request buffer that btpCheckRequestBuffer
// accepted; nil when the policy sets none, or sets no limit.
func btpRequestBuffer(rb *egv1a1.RequestBuffer) *ir.RequestBuffer {
	if rb == nil || rb.Limit == nil {
		return nil
	}
	v, ok := rb.Limit.AsInt64()
	if !ok || v < 0 || v > math.MaxUint32 {
		return nil
	}
	return &ir.RequestBuffer{LimitBytes: uint32(v)}
}

// btpCheckTelemetry checks that a route stat name uses only the
// placeholders a route can fill in. Several bad placeholders are listed
// together, as "[first, second]".
func btpCheckTelemetry(tel *egv1a1.BackendTelemetry) error {
	if tel == nil || tel.Metrics == nil || tel.Metrics.RouteStatName == nil || *tel.Metrics.RouteStatName == "" {
		return nil
	}
	var msgs []string
	for _, op := range btpStatOperator.FindAllString(*tel.Metrics.RouteStatName, -1) {
		if !btpRouteStatOperators[op] {
			msgs = append(msgs, "unable to configure Route Stat Name with unsupported operator: "+op)
		}
	}
	switch len(msgs) {
	case 0:
		return nil
	case 1:
		return errors.New(msgs[0])
	}
	return errors.New("[" + strings.Join(msgs, ", ") + "]")
}

// btpResponseOverride translates the response overrides of policy ns/name
// that btpCheckResponseOverrides accepted; bodies from ConfigMaps are read
// in bodyNS. The override is named backendtrafficpolicy/<ns>/<name> and
// its rules <override>/responseoverride/rule/<i>. A status code without a
// type is a value, unless only a range is given; a body without a type is
// inline. Nil when the policy has no overrides.
func (t *translation) btpResponseOverride(ros []egv1a1.ResponseOverride, ns, name, bodyNS string) *ir.ResponseOverride {
	if len(ros) == 0 {
		return nil
	}
	out := &ir.ResponseOverride{Name: fmt.Sprintf("backendtrafficpolicy/%s/%s", ns, name)}
	for i := range ros {
		ro := &ros[i]
		rule := ir.ResponseOverrideRule{Name: fmt.Sprintf("%s/responseoverride/rule/%d", out.Name, i)}
		for _, sc := range ro.Match.StatusCodes {
			switch {
			case sc.Type == egv1a1.StatusCodeValueTypeRange && sc.Range != nil, sc.Value == nil && sc.Range != nil:
				rule.Match.StatusCodes = append(rule.Match.StatusCodes, ir.StatusCodeMatch{Range: &ir.StatusCodeRange{Start: sc.Range.Start, End: sc.Range.End}})
			case sc.Value != nil:
				v := *sc.Value
				rule.Match.StatusCodes = append(rule.Match.StatusCodes, ir.StatusCodeMatch{Value: &v})
			}
		}
		for _, h := range ro.Match.ResponseHeaders {
			rule.Match.ResponseHeaders = append(rule.Match.ResponseHeaders, btpHeaderMatch(string(h.Name), h.Value))
		}
		if ro.Source != nil {
			rule.Source = string(*ro.Source)
		}
		switch {
		case ro.Redirect != nil:
			rule.Redirect = btpRedirect(ro.Redirect)
		case ro.Response != nil:
			rule.Response = t.btpOverrideResponse(ro.Response, bodyNS)
		}
		out.Rules = append(out.Rules, rule)
	}
	return out
}

// btpHeaderMatch turns a response header match into the IR's; no type
// means Exact.
func btpHeaderMatch(name string, m egv1a1.StringMatch) ir.StringMatch {
	v := m.Value
	out := ir.StringMatch{Name: name}
	typ := egv1a1.StringMatchTypeExact
	if m.Type != nil {
		typ = *m.Type
	}
	switch typ {
	case egv1a1.StringMatchTypePrefix:
		out.Prefix = &v
	case egv1a1.StringMatchTypeSuffix:
		out.Suffix = &v
	case egv1a1.StringMatchTypeRegularExpression:
		out.SafeRegex = &v
	default:
		out.Exact = &v
	}
	return out
}

// btpOverrideResponse translates a custom response: its content type,
// body (inline, or read from a ConfigMap in ns), status and headers
// (added ones append, set ones replace).
func (t *translation) btpOverrideResponse(r *egv1a1.CustomResponse, ns string) *ir.OverrideResponse {
	out := &ir.OverrideResponse{}
	if r.ContentType != nil {
		ct := *r.ContentType
		out.ContentType = &ct
	}
	if b := r.Body; b != nil {
		switch {
		case b.Type == egv1a1.ResponseValueTypeValueRef:
			name := ""
			if b.ValueRef != nil {
				name = string(b.ValueRef.Name)
			}
			if body, err := t.btpResponseBody(ns, name); err == nil {
				out.Body = slices.Clone(body)
			}
		case b.Inline != nil:
			out.Body = []byte(*b.Inline)
		}
	}
	if r.StatusCode != nil && *r.StatusCode > 0 {
		sc := uint32(*r.StatusCode)
		out.StatusCode = &sc
	}
	if h := r.Header; h != nil {
		for _, a := range h.Add {
			out.AddResponseHeaders = append(out.AddResponseHeaders, ir.AddHeader{Name: string(a.Name), Value: []string{a.Value}, Append: true})
		}
		for _, s := range h.Set {
			out.AddResponseHeaders = append(out.AddResponseHeaders, ir.AddHeader{Name: string(s.Name), Value: []string{s.Value}})
		}
	}
	return out
}

// btpRedirect translates a redirect override.
func btpRedirect(r *egv1a1.CustomRedirect) *ir.Redirect {
	out := &ir.Redirect{}
	if r.Scheme != nil {
		s := *r.Scheme
		out.Scheme = &s
	}
	if r.Hostname != nil {
		h := string(*r.Hostname)
		out.Hostname = &h
	}
	if r.Port != nil && *r.Port > 0 {
		p := uint32(*r.Port)
		out.Port = &p
	}
	if r.StatusCode != nil {
		sc := int32(*r.StatusCode)
		out.StatusCode = &sc
	}
	if p := r.Path; p != nil {
		switch p.Type {
		case gwapiv1.FullPathHTTPPathModifier:
			if p.ReplaceFullPath != nil {
				v := *p.ReplaceFullPath
				out.Path = &ir.HTTPPathModifier{FullReplace: &v}
			}
		case gwapiv1.PrefixMatchHTTPPathModifier:
			if p.ReplacePrefixMatch != nil {
				v := *p.ReplacePrefixMatch
				out.Path = &ir.HTTPPathModifier{PrefixMatchReplace: &v}
			}
		}
	}
	return out
}
