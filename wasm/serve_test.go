package wasm_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/gatewaykit/gatewaykit/wasm"
	"github.com/gatewaykit/gatewaykit/wasm/wasmtest"
)

func TestHandler(t *testing.T) {
	s := newFileServer(t)
	module := wasmtest.Module("serve", 3000)
	c := newCache(t)
	if _, err := c.Fetch(context.Background(), s.Add("/m.wasm", module)); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(wasm.Handler(c))
	defer srv.Close()
	name := "/" + sum(module) + ".wasm"
	etag := `"` + sum(module) + `"`

	do := func(method, path string, header ...string) (*http.Response, []byte) {
		t.Helper()
		req, _ := http.NewRequest(method, srv.URL+path, nil)
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, b
	}

	t.Run("GET", func(t *testing.T) {
		resp, body := do("GET", name)
		if resp.StatusCode != 200 || !bytes.Equal(body, module) {
			t.Fatalf("status %d, %d bytes", resp.StatusCode, len(body))
		}
		for k, want := range map[string]string{
			"Content-Type":   "application/wasm",
			"ETag":           etag,
			"Content-Length": strconv.Itoa(len(module)),
		} {
			if got := resp.Header.Get(k); got != want {
				t.Errorf("%s = %q; want %q", k, got, want)
			}
		}
		if !strings.Contains(resp.Header.Get("Cache-Control"), "immutable") {
			t.Errorf("Cache-Control = %q", resp.Header.Get("Cache-Control"))
		}
	})
	t.Run("HEAD", func(t *testing.T) {
		resp, body := do("HEAD", name)
		if resp.StatusCode != 200 || len(body) != 0 || resp.Header.Get("Content-Length") != strconv.Itoa(len(module)) || resp.Header.Get("ETag") != etag {
			t.Fatalf("status %d, body %d bytes, headers %v", resp.StatusCode, len(body), resp.Header)
		}
	})
	t.Run("If-None-Match", func(t *testing.T) {
		for _, inm := range []string{etag, `"other", ` + etag, "*"} {
			resp, body := do("GET", name, "If-None-Match", inm)
			if resp.StatusCode != http.StatusNotModified || len(body) != 0 {
				t.Errorf("If-None-Match %s: status %d, %d bytes; want 304", inm, resp.StatusCode, len(body))
			}
		}
		resp, _ := do("GET", name, "If-None-Match", `"stale"`)
		if resp.StatusCode != 200 {
			t.Errorf("stale ETag: status %d; want 200", resp.StatusCode)
		}
	})
	t.Run("Range", func(t *testing.T) {
		resp, body := do("GET", name, "Range", "bytes=0-3")
		if resp.StatusCode != http.StatusPartialContent || string(body) != "\x00asm" {
			t.Errorf("status %d, body %q", resp.StatusCode, body)
		}
	})
	t.Run("not found", func(t *testing.T) {
		for _, p := range []string{
			"/" + sum([]byte("unknown")) + ".wasm",
			"/" + strings.ToUpper(sum(module)) + ".wasm",
			"/" + sum(module),
			"/" + sum(module) + ".wasm/x",
			"/x/" + sum(module) + ".wasm",
			"/",
			"/../" + sum(module) + ".wasm",
		} {
			if resp, _ := do("GET", p); resp.StatusCode != 404 {
				t.Errorf("GET %s: status %d; want 404", p, resp.StatusCode)
			}
		}
	})
	t.Run("methods", func(t *testing.T) {
		for _, m := range []string{"POST", "PUT", "DELETE"} {
			resp, _ := do(m, name)
			if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "GET, HEAD" {
				t.Errorf("%s: status %d, Allow %q", m, resp.StatusCode, resp.Header.Get("Allow"))
			}
		}
	})
	t.Run("store failure", func(t *testing.T) {
		h := wasm.Handler(wasm.StoreFunc(func(ctx context.Context, sha string) (*wasm.Module, error) {
			return nil, errors.New("disk on fire")
		}))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", name, nil))
		if rec.Code != 500 || strings.Contains(rec.Body.String(), "fire") {
			t.Errorf("status %d, body %q; want a 500 that keeps the cause to itself", rec.Code, rec.Body)
		}
	})
}
