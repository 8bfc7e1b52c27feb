package wasm_test

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/gatewaykit/gatewaykit/wasm"

	"github.com/gatewaykit/gatewaykit/wasm/wasmtest"
)

func sum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func TestFetchLayouts(t *testing.T) {
	r := newRegistry(t)
	ctx := context.Background()
	for _, layout := range wasmtest.Layouts() {
		module := wasmtest.Module(string(layout), 4096)
		p := push(t, r, "layouts/"+string(layout)+":v1", module, layout)
		for kind, ref := range map[string]string{"tag": p.Ref, "digest": p.DigestRef, "scheme": "oci://" + p.Ref} {
			t.Run(string(layout)+"/"+kind, func(t *testing.T) {
				m, err := fetch(ctx, ref)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(m.Bytes(), module) {
					t.Fatalf("fetched %d bytes, not the module pushed", m.Size)
				}
				if m.SHA256 != sum(module) || m.Size != int64(len(module)) {
					t.Errorf("SHA256, Size = %s, %d; want %s, %d", m.SHA256, m.Size, sum(module), len(module))
				}
				if m.ImageDigest != p.Digest {
					t.Errorf("ImageDigest = %s; want %s", m.ImageDigest, p.Digest)
				}
			})
		}
	}
}

func TestFetchHTTP(t *testing.T) {
	s := newFileServer(t)
	ctx := context.Background()
	module := wasmtest.Module("http", 2048)
	u := s.Add("/filters/a.wasm", module)

	m, err := fetch(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(m.Bytes(), module) || m.Source != u || m.ImageDigest != "" {
		t.Fatalf("got %d bytes from %q (image %q)", m.Size, m.Source, m.ImageDigest)
	}
	if _, err := fetch(ctx, u, wasm.WithSHA256(sum(module))); err != nil {
		t.Errorf("with the right sha256: %v", err)
	}
	_, err = fetch(ctx, s.URL()+"/missing.wasm")
	wantErr(t, err, wasm.ErrNotFound)
	var e *wasm.Error
	if !errors.As(err, &e) || e.StatusCode != 404 {
		t.Errorf("error %v: want a *wasm.Error with StatusCode 404", err)
	}
}

func TestFetchHTTPOverTLS(t *testing.T) {
	s := newFileServer(t, wasmtest.WithTLS())
	module := wasmtest.Module("tls", 100)
	u := s.Add("/m.wasm", module)
	if _, err := wasm.Fetch(context.Background(), u); err == nil {
		t.Fatal("fetched from a server with an untrusted certificate")
	}
	m, err := wasm.Fetch(context.Background(), u, wasm.WithTransport(s.Transport()))
	if err != nil {
		t.Fatal(err)
	}
	if m.SHA256 != sum(module) {
		t.Fatal("wrong module")
	}
}

func TestFetchChecksum(t *testing.T) {
	r := newRegistry(t)
	ctx := context.Background()
	module := wasmtest.Module("checksum", 1000)
	p := push(t, r, "checksum:v1", module, wasmtest.LayoutOCI)

	for _, good := range []string{sum(module), "sha256:" + sum(module), strings.ToUpper(sum(module)), p.Digest} {
		if _, err := fetch(ctx, p.Ref, wasm.WithSHA256(good)); err != nil {
			t.Errorf("WithSHA256(%s): %v", good, err)
		}
	}
	wrong := sum([]byte("something else"))
	_, err := fetch(ctx, p.Ref, wasm.WithSHA256(wrong))
	wantErr(t, err, wasm.ErrChecksumMismatch)
	var ce *wasm.ChecksumError
	if !errors.As(err, &ce) {
		t.Fatalf("error %T is not a *ChecksumError", err)
	}
	if ce.Want != wrong || ce.Got != sum(module) {
		t.Errorf("ChecksumError{Want: %s, Got: %s}", ce.Want, ce.Got)
	}
	for _, s := range []string{wrong, sum(module), "oci://" + p.Ref} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error %q does not name %s", err, s)
		}
	}
}

func TestFetchWrongDigest(t *testing.T) {
	r := newRegistry(t)
	ctx := context.Background()
	module := wasmtest.Module("digest", 1000)
	p := push(t, r, "digest:v1", module, wasmtest.LayoutWasmLayer)
	r.SetWrongDigest(true)

	// The registry serves another manifest for the pinned digest.
	_, err := fetch(ctx, p.DigestRef)
	wantErr(t, err, wasm.ErrDigestMismatch)
	var de *wasm.DigestError
	if !errors.As(err, &de) || de.Want != p.Digest || de.Got == p.Digest {
		t.Fatalf("error %v: want a *DigestError wanting %s", err, p.Digest)
	}
	// By tag the manifest cannot be checked, but the corrupted blob can.
	_, err = fetch(ctx, p.Ref)
	wantErr(t, err, wasm.ErrDigestMismatch)
}

func TestFetchNotWasm(t *testing.T) {
	r := newRegistry(t)
	s := newFileServer(t)
	ctx := context.Background()
	junk := []byte("#!/bin/sh\necho this is not a Wasm module\n")
	for _, layout := range wasmtest.Layouts() {
		t.Run(string(layout), func(t *testing.T) {
			p := push(t, r, "notwasm/"+string(layout), junk, layout)
			_, err := fetch(ctx, p.Ref)
			wantErr(t, err, wasm.ErrNotWasm)
		})
	}
	t.Run("http", func(t *testing.T) {
		_, err := fetch(ctx, s.Add("/junk.wasm", junk))
		wantErr(t, err, wasm.ErrNotWasm)
	})
}

func TestFetchTooLarge(t *testing.T) {
	r := newRegistry(t)
	s := newFileServer(t)
	ctx := context.Background()
	big := wasmtest.Module("big", 64<<10)
	for _, layout := range wasmtest.Layouts() {
		t.Run(string(layout), func(t *testing.T) {
			p := push(t, r, "big/"+string(layout), big, layout)
			_, err := fetch(ctx, p.Ref, wasm.WithMaxSize(16<<10))
			wantErr(t, err, wasm.ErrTooLarge)
			_, err = fetch(ctx, p.Ref, wasm.WithMaxCompressedSize(16<<10))
			wantErr(t, err, wasm.ErrTooLarge)
			if _, err := fetch(ctx, p.Ref, wasm.WithMaxSize(64<<10), wasm.WithMaxCompressedSize(128<<10)); err != nil {
				t.Errorf("at the limit: %v", err)
			}
		})
	}
	t.Run("http", func(t *testing.T) {
		_, err := fetch(ctx, s.Add("/big.wasm", big), wasm.WithMaxSize(16<<10))
		wantErr(t, err, wasm.ErrTooLarge)
	})
}

func TestFetchDecompressionBomb(t *testing.T) {
	r := newRegistry(t)
	ctx := context.Background()
	const inflated = 64 << 20
	p, err := r.PushBomb("bomb:v1", inflated)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = fetch(ctx, p.Ref, wasm.WithMaxSize(1<<20))
	wantErr(t, err, wasm.ErrTooLarge)
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v: decompression did not stop at the limit", d)
	}

	// The same over HTTP, with the bomb in Content-Encoding.
	s := newFileServer(t)
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	zw.Write([]byte("\x00asm\x01\x00\x00\x00"))
	zw.Write(make([]byte, 64<<20))
	zw.Close()
	_, err = fetch(ctx, s.AddEncoded("/bomb.wasm", gz.Bytes(), "gzip"), wasm.WithMaxSize(1<<20))
	wantErr(t, err, wasm.ErrTooLarge)
}

func TestFetchUnsafeArchive(t *testing.T) {
	r := newRegistry(t)
	ctx := context.Background()
	module := wasmtest.Module("tar", 300)
	ok := wasmtest.TarEntry{Name: "plugin.wasm", Body: module}
	cases := map[string][]wasmtest.TarEntry{
		"parent":           {ok, {Name: "../evil", Body: []byte("x")}},
		"nested parent":    {{Name: "a/../../plugin.wasm", Body: module}},
		"absolute":         {{Name: "/etc/cron.d/evil", Body: []byte("x")}, ok},
		"symlink":          {{Name: "link", Type: tar.TypeSymlink, Linkname: "/etc/passwd"}, ok},
		"hardlink":         {ok, {Name: "hard", Type: tar.TypeLink, Linkname: "plugin.wasm"}},
		"symlinked module": {{Name: "plugin.wasm", Type: tar.TypeSymlink, Linkname: "/etc/shadow"}},
		"device":           {ok, {Name: "dev", Type: tar.TypeChar}},
		"backslash":        {ok, {Name: `..\evil`, Body: []byte("x")}},
		"duplicate":        {ok, {Name: "./plugin.wasm", Body: module}},
	}
	for name, entries := range cases {
		t.Run(name, func(t *testing.T) {
			p, err := r.PushTar("unsafe/"+strings.ReplaceAll(name, " ", "-"), wasmtest.LayoutOCI, entries...)
			if err != nil {
				t.Fatal(err)
			}
			_, err = fetch(ctx, p.Ref)
			wantErr(t, err, wasm.ErrUnsafeArchive)
		})
	}
	t.Run("safe extras", func(t *testing.T) {
		p, err := r.PushTar("unsafe/safe", wasmtest.LayoutDockerTar,
			wasmtest.TarEntry{Name: "./", Type: tar.TypeDir},
			wasmtest.TarEntry{Name: "./runtime-config.json", Body: []byte(`{}`)},
			wasmtest.TarEntry{Name: "./plugin.wasm", Body: module})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := fetch(ctx, p.Ref); err != nil {
			t.Fatal(err)
		}
	})
}

func TestFetchNoModule(t *testing.T) {
	r := newRegistry(t)
	ctx := context.Background()
	p, err := r.PushTar("nomodule/tar", wasmtest.LayoutOCI, wasmtest.TarEntry{Name: "other.wasm", Body: wasmtest.Module("x", 100)})
	if err != nil {
		t.Fatal(err)
	}
	_, err = fetch(ctx, p.Ref)
	wantErr(t, err, wasm.ErrNoModule)
}

func TestFetchAuth(t *testing.T) {
	const user, password = "alice", "s3cret-Pa55word"
	r := newRegistry(t, wasmtest.WithBasicAuth(user, password))
	ctx := context.Background()
	module := wasmtest.Module("private", 500)
	p := push(t, r, "private/filter:v1", module, wasmtest.LayoutArtifact)

	_, err := fetch(ctx, p.Ref)
	wantErr(t, err, wasm.ErrUnauthorized)

	m, err := fetch(ctx, p.Ref, wasm.WithPullSecret(dockerConfig(r.Host(), user, password)))
	if err != nil {
		t.Fatal(err)
	}
	if m.SHA256 != sum(module) {
		t.Fatal("wrong module")
	}

	// A wrong password, against a registry that quotes credentials back
	// in its error body: the error must not carry them.
	r.SetEchoCredentials(true)
	const wrong = "Wr0ng-pa55word!"
	secret := dockerConfig(r.Host(), user, wrong)
	_, err = fetch(ctx, p.Ref, wasm.WithPullSecret(secret))
	wantErr(t, err, wasm.ErrUnauthorized)
	msg := err.Error()
	for _, leak := range []string{wrong, base64.StdEncoding.EncodeToString([]byte(user + ":" + wrong))} {
		if strings.Contains(msg, leak) {
			t.Errorf("error text leaks a credential: %q", msg)
		}
	}
	if !strings.Contains(msg, "[redacted]") {
		t.Errorf("the registry's echo of the credentials did not reach the error, so scrubbing went untested: %q", msg)
	}
}

func TestFetchNotFound(t *testing.T) {
	r := newRegistry(t)
	ctx := context.Background()
	p := push(t, r, "present:v1", wasmtest.Module("p", 100), wasmtest.LayoutOCI)
	for _, ref := range []string{r.Host() + "/absent:v1", r.Host() + "/present:v2", r.Host() + "/present@sha256:" + strings.Repeat("0", 64)} {
		_, err := fetch(ctx, ref)
		wantErr(t, err, wasm.ErrNotFound)
	}
	r.FailNext(100, 404) // a registry that loses everything
	_, err := fetch(ctx, p.Ref)
	wantErr(t, err, wasm.ErrNotFound)
}

func TestFetchFlaky(t *testing.T) {
	r := newRegistry(t)
	ctx := context.Background()
	p := push(t, r, "flaky:v1", wasmtest.Module("flaky", 100), wasmtest.LayoutDocker)

	r.FailNext(2, 503)
	if _, err := wasm.Fetch(ctx, p.Ref, wasm.WithInsecure(), wasm.WithRetry(3, time.Millisecond)); err != nil {
		t.Fatalf("two failures, three attempts: %v", err)
	}
	r.FailNext(100, 503)
	_, err := wasm.Fetch(ctx, p.Ref, wasm.WithInsecure(), wasm.WithRetry(3, time.Millisecond))
	wantErr(t, err, wasm.ErrUnavailable)
	r.FailNext(0, 0)

	s := newFileServer(t)
	u := s.Add("/flaky.wasm", wasmtest.Module("flaky", 100))
	s.FailNext(2, 502)
	if _, err := wasm.Fetch(ctx, u, wasm.WithRetry(3, time.Millisecond)); err != nil {
		t.Fatalf("http, two failures, three attempts: %v", err)
	}
	if got := s.Gets("/flaky.wasm"); got != 3 {
		t.Errorf("server saw %d GETs; want 3", got)
	}
}

func TestFetchSlow(t *testing.T) {
	r := newRegistry(t)
	s := newFileServer(t)
	p := push(t, r, "slow:v1", wasmtest.Module("slow", 100), wasmtest.LayoutOCI)
	u := s.Add("/slow.wasm", wasmtest.Module("slow", 100))
	r.SetDelay(10 * time.Second)
	s.SetDelay(10 * time.Second)
	for _, src := range []string{p.Ref, u} {
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		start := time.Now()
		_, err := fetch(ctx, src)
		cancel()
		wantErr(t, err, context.DeadlineExceeded)
		if d := time.Since(start); d > 3*time.Second {
			t.Errorf("%s: gave up after %v", src, d)
		}
	}
}

func TestFetchInsecure(t *testing.T) {
	ctx := context.Background()
	plain := newRegistry(t)
	p := push(t, plain, "plain:v1", wasmtest.Module("plain", 100), wasmtest.LayoutOCI)
	_, err := wasm.Fetch(ctx, p.Ref)
	wantErr(t, err, wasm.ErrInsecure)
	if _, err := wasm.Fetch(ctx, p.Ref, wasm.WithInsecure()); err != nil {
		t.Fatal(err)
	}

	tls := newRegistry(t, wasmtest.WithTLS())
	p = push(t, tls, "tls:v1", wasmtest.Module("tls", 100), wasmtest.LayoutOCI)
	_, err = wasm.Fetch(ctx, p.Ref)
	if err == nil || errors.Is(err, wasm.ErrInsecure) {
		t.Fatalf("TLS registry, untrusted certificate: %v; want a failure, not ErrInsecure", err)
	}
	wantErr(t, err, wasm.ErrUnavailable)
	if _, err := wasm.Fetch(ctx, p.Ref, wasm.WithTransport(tls.Transport())); err != nil {
		t.Fatalf("TLS registry, trusted: %v", err)
	}
}

func TestFetchInvalid(t *testing.T) {
	ctx := context.Background()
	for _, src := range []string{"", " x", "ftp://host/x.wasm", "https://", "oci://UPPER/case", "a/b:c:d", "http://host/x#frag"} {
		_, err := wasm.Fetch(ctx, src)
		wantErr(t, err, wasm.ErrInvalidSource)
	}
	opts := map[string]wasm.FetchOption{
		"sha256":     wasm.WithSHA256("abc"),
		"size":       wasm.WithMaxSize(0),
		"compressed": wasm.WithMaxCompressedSize(-1),
		"retry":      wasm.WithRetry(0, 0),
		"backoff":    wasm.WithRetry(1, -time.Second),
		"transport":  wasm.WithTransport(nil),
		"secret":     wasm.WithPullSecret([]byte("{")),
		"nil":        nil,
	}
	for name, o := range opts {
		_, err := wasm.Fetch(ctx, "oci://example.invalid/x:v1", o)
		if name == "secret" {
			wantErr(t, err, wasm.ErrInvalidPullSecret)
			continue
		}
		if !errors.Is(err, wasm.ErrInvalidOption) {
			t.Errorf("%s: error = %v; want ErrInvalidOption", name, err)
		}
	}
}
