package wasmtest

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Request is one request a test server received, recorded for assertions
// such as "the registry saw exactly one pull".
type Request struct {
	Method string
	Path   string
	// Repo and Kind are set for registry API requests: Kind is "ping" for
	// /v2/, otherwise "manifests", "blobs" or "tags", and Reference is the
	// tag or digest that followed.
	Repo      string
	Kind      string
	Reference string
	// User is the basic-auth user name the request carried, if any.
	User string
	// Status is the status code the server answered with.
	Status int
}

// faults holds the hostile behaviour shared by Registry and FileServer. All
// fields are guarded by mu and may change while a test runs.
type faults struct {
	mu       sync.Mutex
	failN    int
	failCode int
	delay    time.Duration
	log      []Request
}

func (f *faults) failNext(n, status int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.failN, f.failCode = n, status
}

func (f *faults) setDelay(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.delay = d
}

func (f *faults) requests() []Request {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Request(nil), f.log...)
}

func (f *faults) record(r Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.log = append(f.log, r)
}

// before applies the delay and the failure budget. It reports the status to
// fail with, or 0 to go on.
func (f *faults) before(r *http.Request) int {
	f.mu.Lock()
	d := f.delay
	code := 0
	if f.failN > 0 {
		f.failN--
		code = f.failCode
	}
	f.mu.Unlock()
	if d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
		case <-r.Context().Done():
			return http.StatusServiceUnavailable
		}
	}
	return code
}

// writeRecorded copies a recorded response to w, after mutate (if not nil)
// had its chance to alter the body.
func writeRecorded(w http.ResponseWriter, rec *httptest.ResponseRecorder, mutate func([]byte) []byte) {
	body := rec.Body.Bytes()
	if mutate != nil {
		body = mutate(bytes.Clone(body))
	}
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	if mutate != nil {
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	}
	w.WriteHeader(rec.Code)
	w.Write(body)
}

// registryError writes an error in the distribution API's JSON shape.
func registryError(w http.ResponseWriter, status int, code, message string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	message = strings.ReplaceAll(message, `"`, `'`)
	w.Write([]byte(`{"errors":[{"code":"` + code + `","message":"` + message + `"}]}`))
}
