package wasm

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"
)

// ContentType is the media type modules are served with.
const ContentType = "application/wasm"

// Store gives modules by sha256. *Cache is a Store.
type Store interface {
	// Get returns the module with the given sha256 (64 lowercase hex
	// digits), or an error matching ErrNotFound.
	Get(ctx context.Context, sha256 string) (*Module, error)
}

// StoreFunc adapts a function to Store.
type StoreFunc func(ctx context.Context, sha256 string) (*Module, error)

// Get calls f.
func (f StoreFunc) Get(ctx context.Context, sha256 string) (*Module, error) { return f(ctx, sha256) }

// Handler serves the modules of s to Envoy, at /<sha256>.wasm relative to
// where it is mounted (use http.StripPrefix to mount it under a path).
//
// Responses carry Content-Type application/wasm, a strong ETag (the
// quoted sha256) and, since a name never changes content, a year-long
// immutable Cache-Control. HEAD, conditional GET (If-None-Match gives 304)
// and ranges work as in http.ServeContent. Any other name, or a module s
// does not hold, is 404; methods other than GET and HEAD are 405. Handler
// checks no credentials: a module's name is its sha256, and whoever can
// reach the handler can read any module whose sum they know.
func Handler(s Store) http.Handler {
	return &handler{s: s}
}

type handler struct{ s Store }

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	sum, ok := strings.CutSuffix(strings.TrimPrefix(r.URL.Path, "/"), ".wasm")
	if !ok || !isLowerHex64(sum) {
		http.NotFound(w, r)
		return
	}
	m, err := h.s.Get(r.Context(), sum)
	switch {
	case errors.Is(err, ErrNotFound):
		http.NotFound(w, r)
		return
	case err != nil:
		http.Error(w, "module unavailable", http.StatusInternalServerError)
		return
	case m.SHA256 != sum:
		http.Error(w, "store returned the wrong module", http.StatusInternalServerError)
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", ContentType)
	hd.Set("ETag", `"`+sum+`"`)
	hd.Set("Cache-Control", "public, max-age=31536000, immutable")
	hd.Set("X-Content-Type-Options", "nosniff")
	http.ServeContent(w, r, sum+".wasm", time.Time{}, m.Reader())
}

func isLowerHex64(s string) bool {
	if len(s) != 64 {
		return false
	}
	for _, c := range s {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}
