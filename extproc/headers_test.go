package extproc_test

import (
	"slices"
	"testing"

	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"

	"github.com/gatewaykit/gatewaykit/extproc"
)

func TestHeaderMapFromProto(t *testing.T) {
	m := extproc.HeaderMapFromProto(&corev3.HeaderMap{Headers: []*corev3.HeaderValue{
		{Key: ":method", RawValue: []byte("POST")},
		{Key: ":path", RawValue: []byte("/a?b=c")},
		{Key: ":authority", RawValue: []byte("api.example")},
		{Key: ":scheme", RawValue: []byte("https")},
		{Key: "X-Multi", RawValue: []byte("1")},
		{Key: "x-multi", RawValue: []byte("2")},
		{Key: "x-legacy", Value: "from-value"},
		{Key: "x-both", Value: "ignored", RawValue: []byte("raw wins")},
		{Key: "x-empty"},
	}})
	for _, tc := range []struct{ got, want string }{
		{m.Method(), "POST"},
		{m.Path(), "/a?b=c"},
		{m.Authority(), "api.example"},
		{m.Scheme(), "https"},
		{m.Get("X-MULTI"), "1"},
		{m.Get("x-legacy"), "from-value"},
		{m.Get("x-both"), "raw wins"},
		{m.Get("absent"), ""},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
	if got := m.Values("x-multi"); !slices.Equal(got, []string{"1", "2"}) {
		t.Errorf("Values = %q", got)
	}
	if v, ok := m.Lookup("x-empty"); !ok || v != "" {
		t.Errorf("Lookup(x-empty) = %q, %v", v, ok)
	}
	if m.Has("absent") || !m.Has("X-Empty") {
		t.Errorf("Has is wrong")
	}
	h := m.HTTPHeader()
	if _, ok := h[":path"]; ok {
		t.Errorf("HTTPHeader kept a pseudo-header")
	}
	if got := h.Values("X-Multi"); !slices.Equal(got, []string{"1", "2"}) {
		t.Errorf("HTTPHeader X-Multi = %q", got)
	}
	if m.Len() != 9 || len(m.Fields()) != 9 {
		t.Errorf("Len = %d", m.Len())
	}
	n := 0
	for name := range m.All() {
		if name == "x-multi" {
			n++
		}
	}
	if n != 2 {
		t.Errorf("All yielded x-multi %d times (names are lower-cased)", n)
	}
}

func TestHeaderMapAuthorityFallsBackToHost(t *testing.T) {
	m := extproc.NewHeaderMap(extproc.HeaderField{Name: "Host", Value: "h.example"}, extproc.HeaderField{Name: ":status", Value: "404"})
	if m.Authority() != "h.example" || m.Status() != 404 {
		t.Errorf("Authority %q Status %d", m.Authority(), m.Status())
	}
	if (extproc.HeaderMap{}).Status() != 0 {
		t.Errorf("zero map status")
	}
}
