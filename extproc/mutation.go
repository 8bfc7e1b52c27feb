package extproc

import (
	"fmt"
	"strings"

	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	extprocv3 "github.com/envoyproxy/go-control-plane/envoy/service/ext_proc/v3"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

// HeaderMutation collects changes to a header or trailer map. The zero value
// changes nothing; call Set, Append and Remove on it.
//
// Envoy applies every removal before any set or append, whatever order the
// calls were made in, and it checks each change against the filter's
// mutation_rules: by default it ignores changes to "host", ":authority",
// ":method", ":scheme" and "x-envoy-*" headers, and it never removes a
// pseudo-header or "host".
type HeaderMutation struct {
	sets    []headerSet
	removes []string
}

type headerSet struct {
	name, value string
	append      bool
}

// Set replaces every value of the named header with value, adding the
// header if it is absent.
func (m *HeaderMutation) Set(name, value string) {
	m.sets = append(m.sets, headerSet{name: strings.ToLower(name), value: value})
}

// Append adds value to the named header, keeping the values it already has.
func (m *HeaderMutation) Append(name, value string) {
	m.sets = append(m.sets, headerSet{name: strings.ToLower(name), value: value, append: true})
}

// Remove deletes every value of the named header.
func (m *HeaderMutation) Remove(name string) {
	m.removes = append(m.removes, strings.ToLower(name))
}

// IsZero reports whether the mutation changes nothing.
func (m *HeaderMutation) IsZero() bool {
	return m == nil || (len(m.sets) == 0 && len(m.removes) == 0)
}

// Proto returns the mutation as Envoy's HeaderMutation message, with values
// in raw_value and "append" set explicitly on every entry. It returns an
// error wrapping ErrInvalidResponse for a name or value Envoy would reject.
func (m *HeaderMutation) Proto() (*extprocv3.HeaderMutation, error) {
	out := &extprocv3.HeaderMutation{}
	if m == nil {
		return out, nil
	}
	for _, name := range m.removes {
		if !ValidHeaderName(name) {
			return nil, fmt.Errorf("%w: cannot remove header with invalid name %q", ErrInvalidResponse, name)
		}
		out.RemoveHeaders = append(out.RemoveHeaders, name)
	}
	for _, s := range m.sets {
		if !ValidHeaderName(s.name) {
			return nil, fmt.Errorf("%w: invalid header name %q", ErrInvalidResponse, s.name)
		}
		if !ValidHeaderValue(s.value) {
			return nil, fmt.Errorf("%w: invalid value for header %q", ErrInvalidResponse, s.name)
		}
		out.SetHeaders = append(out.SetHeaders, &corev3.HeaderValueOption{
			Header: &corev3.HeaderValue{Key: s.name, RawValue: []byte(s.value)},
			Append: wrapperspb.Bool(s.append),
		})
	}
	return out, nil
}

// ValidHeaderName reports whether Envoy accepts name in a header mutation:
// a non-empty HTTP token, optionally preceded by ':' for a pseudo-header.
func ValidHeaderName(name string) bool {
	name = strings.TrimPrefix(name, ":")
	if name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		if !isTokenChar(name[i]) {
			return false
		}
	}
	return true
}

// ValidHeaderValue reports whether Envoy accepts value in a header mutation:
// it must not contain NUL, CR or LF.
func ValidHeaderValue(value string) bool {
	return !strings.ContainsAny(value, "\x00\r\n")
}

func isTokenChar(c byte) bool {
	switch {
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		return true
	}
	return strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
}

// BodyMutation replaces a body, or the body chunk of a STREAMED message.
// Build one with ReplaceBody or ClearBody.
type BodyMutation struct {
	body  []byte
	clear bool
}

// ReplaceBody returns a mutation that replaces the body with b.
func ReplaceBody(b []byte) *BodyMutation {
	return &BodyMutation{body: append([]byte(nil), b...)}
}

// ClearBody returns a mutation that empties the body.
func ClearBody() *BodyMutation {
	return &BodyMutation{clear: true}
}

// Proto returns the mutation as Envoy's BodyMutation message, or nil for a
// nil mutation.
func (b *BodyMutation) Proto() *extprocv3.BodyMutation {
	if b == nil {
		return nil
	}
	if b.clear {
		return &extprocv3.BodyMutation{Mutation: &extprocv3.BodyMutation_ClearBody{ClearBody: true}}
	}
	return &extprocv3.BodyMutation{Mutation: &extprocv3.BodyMutation_Body{Body: b.body}}
}
