package wasm

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"hash"
	"io"
	"net/http"
	"regexp"
	"sync/atomic"
)

// errPlainHTTP is what guardTransport answers a plain HTTP request with.
var errPlainHTTP = errors.New("plain HTTP request refused (use WithInsecure)")

// guardTransport sits under go-containerregistry's transports, so it sees
// every request as it goes on the wire:
//
//   - it refuses plain HTTP unless the fetch allowed it. go-containerregistry
//     falls back to HTTP by itself for loopback and private addresses; this
//     makes that fallback opt-in. A refusal is remembered, because the
//     error that reaches the caller may have lost it.
//   - it checks every content-addressed response (manifests and blobs
//     fetched by sha256 digest) as it streams, and fails the read with a
//     *DigestError when the bytes do not match.
type guardTransport struct {
	base      http.RoundTripper
	allowHTTP bool
	blocked   atomic.Bool
	// certFailed records an HTTPS request that failed TLS verification:
	// then a blocked HTTP fallback is not the cause worth reporting.
	certFailed atomic.Bool
}

func (g *guardTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Scheme == "http" && !g.allowHTTP {
		g.blocked.Store(true)
		if req.Body != nil {
			req.Body.Close()
		}
		return nil, errPlainHTTP
	}
	resp, err := g.base.RoundTrip(req)
	if err != nil && isCertificateError(err) {
		g.certFailed.Store(true)
	}
	if err != nil || req.Method != http.MethodGet || resp.StatusCode != http.StatusOK {
		return resp, err
	}
	if m := contentPath.FindStringSubmatch(req.URL.Path); m != nil {
		resp.Body = &digestReader{body: resp.Body, want: m[1], h: sha256.New()}
	}
	return resp, nil
}

// contentPath matches the registry API paths whose last element is the
// sha256 digest of the response body.
var contentPath = regexp.MustCompile(`^/v2/.+/(?:manifests|blobs)/sha256:([0-9a-f]{64})$`)

// digestReader hashes a body as it is read and turns its end into a
// *DigestError when the hash is not the expected one.
type digestReader struct {
	body io.ReadCloser
	want string
	h    hash.Hash
}

func (d *digestReader) Read(p []byte) (int, error) {
	n, err := d.body.Read(p)
	d.h.Write(p[:n])
	if err == io.EOF {
		if got := hex.EncodeToString(d.h.Sum(nil)); got != d.want {
			return n, &DigestError{Want: "sha256:" + d.want, Got: "sha256:" + got}
		}
	}
	return n, err
}

func (d *digestReader) Close() error { return d.body.Close() }
