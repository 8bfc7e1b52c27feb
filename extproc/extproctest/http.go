package extproctest

import (
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
)

// Request is an HTTP request as Envoy's ext_proc filter sees it: the four
// request pseudo-headers, regular headers, a body and trailers.
//
// Envoy lower-cases header names; the driver sends Header's keys lower-cased
// and sorted, after the pseudo-headers, with repeated values in order. The
// authority goes in Authority, not in a "Host" header.
type Request struct {
	// Method is ":method"; empty means "GET".
	Method string
	// Scheme is ":scheme"; empty means "http".
	Scheme string
	// Authority is ":authority"; empty means "example.com".
	Authority string
	// Path is ":path", query included; empty means "/".
	Path string
	// Header holds the regular headers. Pseudo-headers the processor adds
	// other than the four above (":protocol", say) also land here.
	Header http.Header
	// Body is the request body. An empty body is never sent to the
	// processor, as with Envoy for a request without a body.
	Body []byte
	// Trailer holds the request trailers, if any.
	Trailer http.Header
}

// NewRequest returns a request for target, which is either a path such as
// "/a?b=c" or an absolute URL whose scheme and host become Scheme and
// Authority. A target that does not parse is used as the path verbatim.
func NewRequest(method, target string, body []byte) *Request {
	r := &Request{Method: method, Path: target, Header: http.Header{}, Body: body}
	if u, err := url.Parse(target); err == nil && u.Host != "" {
		r.Scheme, r.Authority = u.Scheme, u.Host
		r.Path = u.RequestURI()
	}
	return r
}

// Clone returns a deep copy of r.
func (r *Request) Clone() *Request {
	if r == nil {
		return nil
	}
	c := *r
	c.Header = r.Header.Clone()
	c.Trailer = r.Trailer.Clone()
	c.Body = slices.Clone(r.Body)
	return &c
}

// Response is an HTTP response as Envoy's ext_proc filter sees it.
type Response struct {
	// Status is ":status"; zero means 200.
	Status int
	// Header holds the regular headers.
	Header http.Header
	// Body is the response body.
	Body []byte
	// Trailer holds the response trailers, if any.
	Trailer http.Header
}

// Clone returns a deep copy of r.
func (r *Response) Clone() *Response {
	if r == nil {
		return nil
	}
	c := *r
	c.Header = r.Header.Clone()
	c.Trailer = r.Trailer.Clone()
	c.Body = slices.Clone(r.Body)
	return &c
}

// field is one header line, name lower-cased.
type field struct{ name, value string }

// headerList is an ordered header map with lower-case names, the way Envoy
// holds one.
type headerList []field

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

func requestHeaderList(r *Request) headerList {
	l := headerList{
		{":method", orDefault(r.Method, "GET")},
		{":scheme", orDefault(r.Scheme, "http")},
		{":authority", orDefault(r.Authority, "example.com")},
		{":path", orDefault(r.Path, "/")},
	}
	return appendHTTPHeader(l, r.Header)
}

func responseHeaderList(r *Response) headerList {
	st := r.Status
	if st == 0 {
		st = http.StatusOK
	}
	return appendHTTPHeader(headerList{{":status", strconv.Itoa(st)}}, r.Header)
}

func appendHTTPHeader(l headerList, h http.Header) headerList {
	keys := make([]string, 0, len(h))
	for k := range maps.Keys(h) {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) })
	for _, k := range keys {
		for _, v := range h[k] {
			l = append(l, field{strings.ToLower(k), v})
		}
	}
	return l
}

// toRequest rebuilds a Request from a header list plus body and trailers.
func (l headerList) toRequest(body []byte, trailers headerList) *Request {
	r := &Request{Header: http.Header{}, Body: body}
	for _, f := range l {
		switch f.name {
		case ":method":
			r.Method = f.value
		case ":scheme":
			r.Scheme = f.value
		case ":authority":
			r.Authority = f.value
		case ":path":
			r.Path = f.value
		default:
			r.Header.Add(f.name, f.value)
		}
	}
	r.Trailer = trailers.httpHeader()
	return r
}

// toResponse rebuilds a Response; a ":status" that is not a number gives 0.
func (l headerList) toResponse(body []byte, trailers headerList) *Response {
	r := &Response{Header: http.Header{}, Body: body}
	for _, f := range l {
		if f.name == ":status" {
			r.Status, _ = strconv.Atoi(f.value)
			continue
		}
		r.Header.Add(f.name, f.value)
	}
	r.Trailer = trailers.httpHeader()
	return r
}

func (l headerList) httpHeader() http.Header {
	if len(l) == 0 {
		return nil
	}
	h := make(http.Header, len(l))
	for _, f := range l {
		h.Add(f.name, f.value)
	}
	return h
}

func (l headerList) get(name string) (string, bool) {
	for _, f := range l {
		if f.name == name {
			return f.value, true
		}
	}
	return "", false
}

// set replaces the first line named name and drops the others, or appends
// a line when there is none.
func (l *headerList) set(name, value string) {
	out := (*l)[:0]
	done := false
	for _, f := range *l {
		if f.name != name {
			out = append(out, f)
			continue
		}
		if !done {
			out = append(out, field{name, value})
			done = true
		}
	}
	if !done {
		out = append(out, field{name, value})
	}
	*l = out
}

func (l *headerList) add(name, value string) { *l = append(*l, field{name, value}) }

func (l *headerList) remove(name string) {
	*l = slices.DeleteFunc(*l, func(f field) bool { return f.name == name })
}

func (l headerList) byteSize() int {
	n := 0
	for _, f := range l {
		n += len(f.name) + len(f.value)
	}
	return n
}

// proto encodes the list the way Envoy does: in raw_value, or in value when
// raw is false (Envoy's legacy encoding).
func (l headerList) proto(raw bool) *corev3.HeaderMap {
	m := &corev3.HeaderMap{Headers: make([]*corev3.HeaderValue, 0, len(l))}
	for _, f := range l {
		hv := &corev3.HeaderValue{Key: f.name}
		if raw {
			hv.RawValue = []byte(f.value)
		} else {
			hv.Value = f.value
		}
		m.Headers = append(m.Headers, hv)
	}
	return m
}

func trailerList(h http.Header) headerList { return appendHTTPHeader(nil, h) }
