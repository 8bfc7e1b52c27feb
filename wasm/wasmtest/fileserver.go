package wasmtest

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"
)

// FileServer serves files over HTTP(S) on a loopback port, for fetches of
// plain URLs, with the same faults as Registry. It is safe for concurrent
// use.
type FileServer struct {
	faults
	srv *httptest.Server

	fmu   sync.Mutex
	files map[string]file
}

type file struct {
	body     []byte
	encoding string
}

// NewFileServer starts a file server on 127.0.0.1. Close it when done.
func NewFileServer(opts ...Option) (*FileServer, error) {
	c, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	s := &FileServer{files: map[string]file{}}
	s.srv = serve(c, http.HandlerFunc(s.serveHTTP))
	return s, nil
}

// Close shuts the server down.
func (s *FileServer) Close() { s.srv.Close() }

// URL returns the server's base URL.
func (s *FileServer) URL() string { return s.srv.URL }

// Transport returns a transport that trusts the server's certificate.
func (s *FileServer) Transport() http.RoundTripper { return s.srv.Client().Transport }

// Add serves body at path (which should start with "/") and returns its URL.
func (s *FileServer) Add(path string, body []byte) string {
	return s.add(path, file{body: body})
}

// AddEncoded serves body at path with the given Content-Encoding header
// (for example "gzip", with body already compressed): the client's
// transport decodes it, so body can be a decompression bomb.
func (s *FileServer) AddEncoded(path string, body []byte, encoding string) string {
	return s.add(path, file{body: body, encoding: encoding})
}

func (s *FileServer) add(path string, f file) string {
	if !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	s.fmu.Lock()
	defer s.fmu.Unlock()
	s.files[path] = f
	return s.srv.URL + path
}

// FailNext makes the next n requests fail with status.
func (s *FileServer) FailNext(n, status int) { s.failNext(n, status) }

// SetDelay makes every response wait d first.
func (s *FileServer) SetDelay(d time.Duration) { s.setDelay(d) }

// Requests returns every request the server received.
func (s *FileServer) Requests() []Request { return s.requests() }

// Gets counts the GET requests for path.
func (s *FileServer) Gets(path string) int {
	n := 0
	for _, q := range s.requests() {
		if q.Method == http.MethodGet && q.Path == path {
			n++
		}
	}
	return n
}

func (s *FileServer) serveHTTP(w http.ResponseWriter, req *http.Request) {
	rec := httptest.NewRecorder()
	s.handle(rec, req)
	s.record(Request{Method: req.Method, Path: req.URL.Path, Status: rec.Code})
	writeRecorded(w, rec, nil)
}

func (s *FileServer) handle(w http.ResponseWriter, req *http.Request) {
	if code := s.before(req); code != 0 {
		http.Error(w, "injected failure", code)
		return
	}
	s.fmu.Lock()
	f, ok := s.files[req.URL.Path]
	s.fmu.Unlock()
	if !ok {
		http.NotFound(w, req)
		return
	}
	if f.encoding != "" {
		w.Header().Set("Content-Encoding", f.encoding)
	}
	w.Header().Set("Content-Type", "application/wasm")
	if req.Method == http.MethodHead {
		return
	}
	w.Write(f.body)
}
