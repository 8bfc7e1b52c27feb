package extproc

import (
	"iter"
	"net/http"
	"strconv"
	"strings"

	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
)

// HeaderField is one header (or trailer) line as Envoy sent it. Envoy sends
// names in lower case; pseudo-headers such as ":path" keep their colon.
type HeaderField struct {
	Name  string
	Value string
}

// HeaderMap is a read-only view of the headers or trailers in a
// ProcessingRequest. Lookups are case-insensitive, repeated names keep their
// order, and each value is taken from the HeaderValue's raw_value when that
// is set (what Envoy sends by default) and from value otherwise.
//
// The zero value is an empty map. A HeaderMap is safe for concurrent reads.
type HeaderMap struct {
	fields []HeaderField
}

// NewHeaderMap returns a map holding fields in the given order. Names are
// lower-cased, as Envoy would send them. It is meant for unit tests of code
// that consumes a HeaderMap.
func NewHeaderMap(fields ...HeaderField) HeaderMap {
	out := make([]HeaderField, len(fields))
	for i, f := range fields {
		out[i] = HeaderField{Name: strings.ToLower(f.Name), Value: f.Value}
	}
	return HeaderMap{fields: out}
}

// HeaderMapFromProto builds the view of an Envoy HeaderMap message.
func HeaderMapFromProto(m *corev3.HeaderMap) HeaderMap {
	hs := m.GetHeaders()
	out := make([]HeaderField, 0, len(hs))
	for _, h := range hs {
		v := h.GetValue()
		if len(h.GetRawValue()) > 0 {
			v = string(h.GetRawValue())
		}
		out = append(out, HeaderField{Name: strings.ToLower(h.GetKey()), Value: v})
	}
	return HeaderMap{fields: out}
}

// Get returns the first value of the named header, or "" if it is absent.
func (h HeaderMap) Get(name string) string {
	v, _ := h.Lookup(name)
	return v
}

// Lookup returns the first value of the named header and whether it is
// present at all, which tells an empty value from a missing header.
func (h HeaderMap) Lookup(name string) (string, bool) {
	for _, f := range h.fields {
		if strings.EqualFold(f.Name, name) {
			return f.Value, true
		}
	}
	return "", false
}

// Values returns every value of the named header in the order Envoy sent
// them, or nil.
func (h HeaderMap) Values(name string) []string {
	var out []string
	for _, f := range h.fields {
		if strings.EqualFold(f.Name, name) {
			out = append(out, f.Value)
		}
	}
	return out
}

// Has reports whether the named header is present.
func (h HeaderMap) Has(name string) bool {
	_, ok := h.Lookup(name)
	return ok
}

// Len returns the number of header lines, counting repeated names once per
// line.
func (h HeaderMap) Len() int { return len(h.fields) }

// All iterates over the header lines in the order Envoy sent them,
// pseudo-headers included.
func (h HeaderMap) All() iter.Seq2[string, string] {
	return func(yield func(string, string) bool) {
		for _, f := range h.fields {
			if !yield(f.Name, f.Value) {
				return
			}
		}
	}
}

// Fields returns a copy of the header lines in the order Envoy sent them.
func (h HeaderMap) Fields() []HeaderField {
	return append([]HeaderField(nil), h.fields...)
}

// Method returns the ":method" pseudo-header.
func (h HeaderMap) Method() string { return h.Get(":method") }

// Path returns the ":path" pseudo-header, query string included.
func (h HeaderMap) Path() string { return h.Get(":path") }

// Scheme returns the ":scheme" pseudo-header.
func (h HeaderMap) Scheme() string { return h.Get(":scheme") }

// Authority returns the ":authority" pseudo-header, falling back to "host"
// when Envoy sent no ":authority".
func (h HeaderMap) Authority() string {
	if v, ok := h.Lookup(":authority"); ok {
		return v
	}
	return h.Get("host")
}

// Status returns the ":status" pseudo-header of a response as a number, or 0
// when it is absent or not a number.
func (h HeaderMap) Status() int {
	n, err := strconv.Atoi(h.Get(":status"))
	if err != nil {
		return 0
	}
	return n
}

// HTTPHeader returns the regular (non pseudo-) headers as an http.Header,
// with canonical keys and repeated values kept in order.
func (h HeaderMap) HTTPHeader() http.Header {
	out := make(http.Header, len(h.fields))
	for _, f := range h.fields {
		if strings.HasPrefix(f.Name, ":") {
			continue
		}
		out.Add(f.Name, f.Value)
	}
	return out
}
