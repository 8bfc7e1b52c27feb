package wasm

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/google/go-containerregistry/pkg/authn"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/remote/transport"
)

// Fetch downloads the module at src and verifies it, without any cache.
//
// src is an OCI reference (with or without oci://, by tag or by digest) or
// an http(s) URL; see Normalize. The module is checked against the digest a
// reference pins, against WithSHA256 when given, for the Wasm magic bytes,
// and against the size limits; tar layers are checked for unsafe entries.
// Every failure is an error matching one of the package's sentinels.
func Fetch(ctx context.Context, src string, opts ...FetchOption) (*Module, error) {
	o, err := defaultFetchOptions().apply(opts)
	if err != nil {
		return nil, err
	}
	s, err := parseSource(src)
	if err != nil {
		return nil, err
	}
	if o.transport == nil {
		t := newTransport()
		defer t.CloseIdleConnections()
		o.transport = t
	}
	m, err := download(ctx, s, o)
	if err != nil {
		return nil, err
	}
	if err := checkSum(m, o.sha256); err != nil {
		return nil, err
	}
	return m, nil
}

func newTransport() *http.Transport {
	return http.DefaultTransport.(*http.Transport).Clone()
}

// download fetches and verifies a module, except for the caller's sha256.
func download(ctx context.Context, s source, o fetchOptions) (*Module, error) {
	var (
		m   *Module
		err error
	)
	switch s.kind {
	case kindOCI:
		m, err = newPuller(s, o).pull(ctx)
	default:
		m, err = fetchHTTP(ctx, s, o)
	}
	if err != nil {
		return nil, err
	}
	if err := checkMagic(m.data); err != nil {
		e := err.(*Error)
		e.Source = s.display
		return nil, e
	}
	return m, nil
}

// puller fetches from one OCI registry with one set of credentials.
type puller struct {
	src     source
	o       fetchOptions
	cred    credential
	guard   *guardTransport
	secrets []string
}

func newPuller(s source, o fetchOptions) *puller {
	cred, _ := o.pullSecret.credentialFor(s.ref.Context().RegistryStr())
	return &puller{
		src:     s,
		o:       o,
		cred:    cred,
		guard:   &guardTransport{base: o.transport, allowHTTP: o.insecure},
		secrets: cred.secrets(),
	}
}

func (p *puller) options(ctx context.Context) []remote.Option {
	var auth authn.Authenticator = authn.Anonymous
	if p.cred != (credential{raw: p.cred.raw}) {
		auth = p.cred.authenticator()
	}
	return []remote.Option{
		remote.WithContext(ctx),
		remote.WithAuth(auth),
		remote.WithTransport(p.guard),
		remote.WithUserAgent("gatewaykit-wasm"),
		remote.WithRetryBackoff(remote.Backoff{Duration: p.o.backoff, Factor: 2, Jitter: 0.1, Steps: p.o.retries}),
	}
}

// head asks the registry for the image's digest (a manifest HEAD): cheap
// proof that these credentials can read it, and of what a tag names now.
func (p *puller) head(ctx context.Context) (string, error) {
	d, err := remote.Head(p.src.ref, p.options(ctx)...)
	if err != nil {
		return "", p.classify(ctx, err)
	}
	return d.Digest.String(), nil
}

func (p *puller) pull(ctx context.Context) (*Module, error) {
	desc, err := remote.Get(p.src.ref, p.options(ctx)...)
	if err != nil {
		return nil, p.classify(ctx, err)
	}
	if desc.MediaType.IsIndex() {
		return nil, p.fail(ErrNoModule, "the reference names an image index; name a single image")
	}
	img, err := desc.Image()
	if err != nil {
		return nil, p.classify(ctx, err)
	}
	mf, err := img.Manifest()
	if err != nil {
		return nil, p.fail(ErrNoModule, "unreadable manifest")
	}
	layer, raw, err := chooseLayer(mf)
	if err != nil {
		return nil, p.fill(err)
	}
	if layer.Size > p.o.maxCompressed || (raw && layer.Size > p.o.maxSize) {
		return nil, p.fail(ErrTooLarge, fmt.Sprintf("layer of %d bytes is over the limit", layer.Size))
	}
	l, err := img.LayerByDigest(layer.Digest)
	if err != nil {
		return nil, p.classify(ctx, err)
	}
	rc, err := l.Compressed()
	if err != nil {
		return nil, p.classify(ctx, err)
	}
	defer rc.Close()
	var data []byte
	if raw {
		data, err = readAll(rc, min(p.o.maxCompressed, p.o.maxSize), "layer")
	} else {
		data, err = extractModule(newLimitReader(rc, p.o.maxCompressed, "compressed layer"), p.o.maxSize)
	}
	if err != nil {
		return nil, p.classify(ctx, err)
	}
	return newModule(data, p.src, desc.Digest.String()), nil
}

// chooseLayer finds the layer that holds the module. A layer whose media
// type says it is a raw Wasm module wins (the Wasm-layer and CNCF artifact
// layouts); there must be only one. Otherwise the last layer, if it is a tar
// layer, holds plugin.wasm (the Docker and OCI image layouts).
func chooseLayer(mf *v1.Manifest) (v1.Descriptor, bool, error) {
	var raw []v1.Descriptor
	for _, l := range mf.Layers {
		if l.MediaType == MediaTypeWasmLayer || l.MediaType == MediaTypeWasm {
			raw = append(raw, l)
		}
	}
	switch {
	case len(raw) == 1:
		return raw[0], true, nil
	case len(raw) > 1:
		return v1.Descriptor{}, false, &Error{Kind: ErrNoModule, Detail: fmt.Sprintf("%d Wasm layers; want one", len(raw))}
	case len(mf.Layers) == 0:
		return v1.Descriptor{}, false, &Error{Kind: ErrNoModule, Detail: "no layers"}
	}
	last := mf.Layers[len(mf.Layers)-1]
	for _, mt := range tarLayerTypes {
		if last.MediaType == mt {
			return last, false, nil
		}
	}
	return v1.Descriptor{}, false, &Error{Kind: ErrNoModule, Detail: fmt.Sprintf("unsupported layer media type %q", truncate(string(last.MediaType), 128))}
}

func (p *puller) fail(kind error, detail string) error {
	return &Error{Kind: kind, Source: p.src.display, Detail: scrub(detail, p.secrets)}
}

// fill sets the source of one of our own errors.
func (p *puller) fill(err error) error {
	var e *Error
	if errors.As(err, &e) {
		e.Source = p.src.display
		e.Detail = scrub(e.Detail, p.secrets)
		return e
	}
	var d *DigestError
	if errors.As(err, &d) {
		d.Source = p.src.display
		return d
	}
	return err
}

// classify turns whatever go-containerregistry or the network returned into
// one of our errors, keeping no text that could hold a secret.
func (p *puller) classify(ctx context.Context, err error) error {
	var (
		ours *Error
		dig  *DigestError
		te   *transport.Error
	)
	switch {
	case errors.As(err, &ours), errors.As(err, &dig):
		return p.fill(err)
	case ctx.Err() != nil:
		return &Error{Kind: ctx.Err(), Source: p.src.display}
	case p.guard.blocked.Load() && !p.guard.certFailed.Load():
		return p.fail(ErrInsecure, "HTTPS failed and plain HTTP was not allowed: "+err.Error())
	case errors.As(err, &te):
		e := p.fail(statusKind(te.StatusCode), te.Error()).(*Error)
		e.StatusCode = te.StatusCode
		return e
	default:
		return p.fail(ErrUnavailable, err.Error())
	}
}

func statusKind(code int) error {
	switch code {
	case http.StatusUnauthorized, http.StatusForbidden:
		return ErrUnauthorized
	case http.StatusNotFound:
		return ErrNotFound
	}
	return ErrUnavailable
}

// fetchHTTP downloads a module from an http(s) URL, retrying on 408, 429,
// 5xx and connection failures.
func fetchHTTP(ctx context.Context, s source, o fetchOptions) (*Module, error) {
	secrets := []string{s.urlSecret}
	fail := func(kind error, status int, detail string) error {
		return &Error{Kind: kind, Source: s.display, StatusCode: status, Detail: scrub(detail, secrets)}
	}
	client := &http.Client{
		Transport: o.transport,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= 10 {
				return errors.New("too many redirects")
			}
			if req.URL.Scheme == "http" && via[0].URL.Scheme == "https" {
				return ErrInsecure
			}
			return nil
		},
	}
	backoff := o.backoff
	for attempt := 1; ; attempt++ {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.url.String(), nil)
		if err != nil {
			return nil, fail(ErrInvalidSource, 0, err.Error())
		}
		req.Header.Set("Accept", "application/wasm, application/octet-stream;q=0.9, */*;q=0.1")
		resp, err := client.Do(req)
		var retry error
		switch {
		case ctx.Err() != nil:
			return nil, &Error{Kind: ctx.Err(), Source: s.display}
		case errors.Is(err, ErrInsecure):
			return nil, fail(ErrInsecure, 0, "redirect from HTTPS to plain HTTP")
		case err != nil && isCertificateError(err):
			return nil, fail(ErrUnavailable, 0, err.Error())
		case err != nil:
			retry = fail(ErrUnavailable, 0, err.Error())
		case resp.StatusCode == http.StatusOK:
			m, err := readHTTPBody(resp, s, o)
			if err != nil && ctx.Err() != nil {
				return nil, &Error{Kind: ctx.Err(), Source: s.display}
			}
			if e, ok := err.(*Error); ok {
				e.Source = s.display
			}
			return m, err
		default:
			resp.Body.Close()
			e := fail(statusKind(resp.StatusCode), resp.StatusCode, "")
			if !retryable(resp.StatusCode) {
				return nil, e
			}
			retry = e
		}
		if attempt >= o.retries {
			return nil, retry
		}
		t := time.NewTimer(backoff)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, &Error{Kind: ctx.Err(), Source: s.display}
		case <-t.C:
		}
		backoff *= 2
	}
}

func readHTTPBody(resp *http.Response, s source, o fetchOptions) (*Module, error) {
	defer resp.Body.Close()
	limit := min(o.maxSize, o.maxCompressed)
	if resp.ContentLength > limit {
		return nil, &Error{Kind: ErrTooLarge, Detail: fmt.Sprintf("body of %d bytes is over the limit of %d", resp.ContentLength, limit)}
	}
	data, err := readAll(resp.Body, limit, "body")
	if err != nil {
		if _, ok := err.(*Error); ok {
			return nil, err
		}
		return nil, &Error{Kind: ErrUnavailable, Detail: "reading body: " + err.Error()}
	}
	return newModule(data, s, ""), nil
}

// isCertificateError reports a TLS verification failure, which no retry
// will cure.
func isCertificateError(err error) bool {
	var (
		verify  *tls.CertificateVerificationError
		unknown x509.UnknownAuthorityError
		host    x509.HostnameError
		invalid x509.CertificateInvalidError
	)
	return errors.As(err, &verify) || errors.As(err, &unknown) || errors.As(err, &host) || errors.As(err, &invalid)
}

func retryable(code int) bool {
	switch code {
	case http.StatusRequestTimeout, http.StatusTooManyRequests:
		return true
	}
	return code >= 500
}

var _ io.Reader = (*limitReader)(nil)
