package wasm_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/gatewaykit/gatewaykit/wasm"
	"github.com/gatewaykit/gatewaykit/wasm/wasmtest"
)

func TestCacheSingleFlight(t *testing.T) {
	r := newRegistry(t)
	module := wasmtest.Module("flight", 32<<10)
	p := push(t, r, "flight:v1", module, wasmtest.LayoutOCI)
	r.SetDelay(20 * time.Millisecond) // keep the first pull in the air
	c := newCache(t)

	const callers = 50
	var wg sync.WaitGroup
	errs := make(chan error, callers)
	start := make(chan struct{})
	for range callers {
		wg.Go(func() {
			<-start
			m, err := c.Fetch(context.Background(), p.Ref)
			if err == nil && !bytes.Equal(m.Bytes(), module) {
				err = errors.New("wrong bytes")
			}
			errs <- err
		})
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if n := r.Pulls(p.Repo); n != 1 {
		t.Errorf("%d callers made %d pulls; want 1", callers, n)
	}
	blobs := 0
	for _, q := range r.Requests() {
		if q.Kind == "blobs" {
			blobs++
		}
	}
	if blobs != 1 {
		t.Errorf("%d blob downloads; want 1", blobs)
	}
}

func TestCacheWaiterCancels(t *testing.T) {
	r := newRegistry(t)
	p := push(t, r, "cancel:v1", wasmtest.Module("cancel", 100), wasmtest.LayoutOCI)
	r.SetDelay(100 * time.Millisecond)
	c := newCache(t)

	impatient, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	done := make(chan error)
	go func() {
		_, err := c.Fetch(context.Background(), p.Ref)
		done <- err
	}()
	_, err := c.Fetch(impatient, p.Ref)
	wantErr(t, err, context.DeadlineExceeded)
	if err := <-done; err != nil {
		t.Fatalf("the patient caller failed with the impatient one: %v", err)
	}
}

func TestCacheHit(t *testing.T) {
	r := newRegistry(t)
	s := newFileServer(t)
	module := wasmtest.Module("hit", 100)
	p := push(t, r, "hit:v1", module, wasmtest.LayoutOCI)
	u := s.Add("/hit.wasm", module)
	c := newCache(t)
	ctx := context.Background()
	for range 3 {
		for _, src := range []string{p.Ref, "oci://" + p.Ref, u} {
			m, err := c.Fetch(ctx, src)
			if err != nil {
				t.Fatal(err)
			}
			if want, _ := wasm.Normalize(src); m.Source != want {
				t.Errorf("Source = %q; want %q", m.Source, want)
			}
		}
	}
	if n := r.Pulls(p.Repo); n != 1 {
		t.Errorf("%d pulls; want 1", n)
	}
	if n := s.Gets("/hit.wasm"); n != 1 {
		t.Errorf("%d HTTP downloads; want 1", n)
	}
	if st := c.Stats(); st.Modules != 1 || st.Bytes != int64(len(module)) || st.Sources != 2 {
		t.Errorf("Stats = %+v; want one module of %d bytes, named by two sources", st, len(module))
	}
	m, err := c.Get(ctx, sum(module))
	if err != nil || !bytes.Equal(m.Bytes(), module) {
		t.Fatalf("Get by sha256: %v", err)
	}
}

func TestCacheChecksumOnHit(t *testing.T) {
	r := newRegistry(t)
	module := wasmtest.Module("sum", 100)
	p := push(t, r, "sum:v1", module, wasmtest.LayoutOCI)
	c := newCache(t)
	ctx := context.Background()
	if _, err := c.Fetch(ctx, p.Ref, wasm.WithSHA256(sum(module))); err != nil {
		t.Fatal(err)
	}
	_, err := c.Fetch(ctx, p.Ref, wasm.WithSHA256(sum([]byte("other"))))
	wantErr(t, err, wasm.ErrChecksumMismatch)
	if n := r.Pulls(p.Repo); n != 1 {
		t.Errorf("%d pulls; want 1 (a cached module is checked without a pull)", n)
	}
}

func TestCacheTTL(t *testing.T) {
	r := newRegistry(t)
	s := newFileServer(t)
	ctx := context.Background()
	clk := &clock{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	c := newCache(t, wasm.WithTTL(time.Minute), wasm.WithClock(clk.Now))

	v1 := wasmtest.Module("ttl-1", 100)
	v2 := wasmtest.Module("ttl-2", 100)
	tag := push(t, r, "ttl:latest", v1, wasmtest.LayoutOCI)
	pinned := push(t, r, "pinned:v1", v1, wasmtest.LayoutOCI)
	u := s.Add("/ttl.wasm", v1)
	for _, src := range []string{tag.Ref, pinned.DigestRef, u} {
		if _, err := c.Fetch(ctx, src); err != nil {
			t.Fatal(err)
		}
	}
	push(t, r, "ttl:latest", v2, wasmtest.LayoutOCI) // the tag moves
	s.Add("/ttl.wasm", v2)

	clk.Advance(59 * time.Second)
	m, err := c.Fetch(ctx, tag.Ref)
	if err != nil || m.SHA256 != sum(v1) {
		t.Fatalf("within the TTL: %v, %v; want the cached module", m, err)
	}
	if m, err := c.Fetch(ctx, u); err != nil || m.SHA256 != sum(v1) {
		t.Fatalf("HTTP within the TTL: %v; want the cached module", err)
	}
	if r.Heads(tag.Repo)+r.Pulls(tag.Repo) != 1 {
		t.Errorf("the registry was asked again within the TTL")
	}

	clk.Advance(2 * time.Second)
	m, err = c.Fetch(ctx, tag.Ref)
	if err != nil || m.SHA256 != sum(v2) {
		t.Fatalf("after the TTL: %v; want the module the tag names now", err)
	}
	if n := r.Pulls(tag.Repo); n != 2 {
		t.Errorf("%d pulls of the tag; want 2", n)
	}
	if m, err := c.Fetch(ctx, u); err != nil || m.SHA256 != sum(v2) {
		t.Fatalf("HTTP after the TTL: %v; want the new module", err)
	}

	// A tag that did not move costs a HEAD, not a pull.
	clk.Advance(2 * time.Minute)
	if _, err := c.Fetch(ctx, tag.Ref); err != nil {
		t.Fatal(err)
	}
	if n, h := r.Pulls(tag.Repo), r.Heads(tag.Repo); n != 2 || h < 1 {
		t.Errorf("unmoved tag after the TTL: %d pulls, %d HEADs; want 2 pulls and a HEAD", n, h)
	}

	// A digest never expires: no pull, however late.
	clk.Advance(24 * time.Hour)
	if _, err := c.Fetch(ctx, pinned.DigestRef); err != nil {
		t.Fatal(err)
	}
	if n := r.Pulls(pinned.Repo); n != 1 {
		t.Errorf("%d pulls of a digest; want 1", n)
	}
}

func TestCacheEvictsLeastRecentlyUsed(t *testing.T) {
	s := newFileServer(t)
	ctx := context.Background()
	const size = 10 << 10
	c := newCache(t, wasm.WithCapacity(3*size+size/2), wasm.WithFetchOptions(wasm.WithMaxSize(size)))
	mods := map[string][]byte{}
	for _, n := range []string{"a", "b", "c", "d"} {
		mods[n] = wasmtest.Module(n, size)
		s.Add("/"+n+".wasm", mods[n])
	}
	get := func(n string) {
		t.Helper()
		if _, err := c.Fetch(ctx, s.URL()+"/"+n+".wasm"); err != nil {
			t.Fatal(err)
		}
	}
	get("a")
	get("b")
	get("c")
	get("a") // a is now the most recently used; b the least
	get("d") // over capacity: b goes

	st := c.Stats()
	if st.Modules != 3 || st.Bytes != 3*size {
		t.Errorf("Stats = %+v; want 3 modules, %d bytes", st, 3*size)
	}
	for n, want := range map[string]bool{"a": true, "b": false, "c": true, "d": true} {
		_, err := c.Get(ctx, sum(mods[n]))
		if have := err == nil; have != want {
			t.Errorf("module %s held = %v; want %v", n, have, want)
		}
		if !want {
			wantErr(t, err, wasm.ErrNotFound)
		}
	}
	get("b")
	if n := s.Gets("/b.wasm"); n != 2 {
		t.Errorf("evicted module downloaded %d times; want 2", n)
	}
}

func TestCachePersists(t *testing.T) {
	r := newRegistry(t)
	s := newFileServer(t)
	dir := t.TempDir()
	ctx := context.Background()
	module := wasmtest.Module("persist", 1000)
	p := push(t, r, "persist:v1", module, wasmtest.LayoutOCI)
	u := s.Add("/persist.wasm", wasmtest.Module("persist-http", 1000))

	c := newCache(t, wasm.WithDir(dir))
	for _, src := range []string{p.DigestRef, u} {
		if _, err := c.Fetch(ctx, src); err != nil {
			t.Fatal(err)
		}
	}

	// A restart: the handler can serve at once, offline.
	c2 := newCache(t, wasm.WithDir(dir))
	if st := c2.Stats(); st.Modules != 2 || st.Sources != 2 {
		t.Errorf("after restart Stats = %+v; want 2 modules, 2 sources", st)
	}
	m, err := c2.Get(ctx, sum(module))
	if err != nil || !bytes.Equal(m.Bytes(), module) {
		t.Fatalf("Get after restart: %v", err)
	}
	// Fetching again pulls nothing (access is confirmed with a HEAD, since
	// credentials are never persisted).
	if _, err := c2.Fetch(ctx, p.DigestRef); err != nil {
		t.Fatal(err)
	}
	if _, err := c2.Fetch(ctx, u); err != nil {
		t.Fatal(err)
	}
	if n := r.Pulls(p.Repo); n != 1 {
		t.Errorf("%d pulls across a restart; want 1", n)
	}
	if n := s.Gets("/persist.wasm"); n != 1 {
		t.Errorf("%d HTTP downloads across a restart; want 1", n)
	}
}

func TestCacheCorruptFile(t *testing.T) {
	r := newRegistry(t)
	ctx := context.Background()
	module := wasmtest.Module("corrupt", 1000)
	p := push(t, r, "corrupt:v1", module, wasmtest.LayoutOCI)

	// corrupted returns a cache directory whose copy of the module has
	// one byte flipped.
	corrupted := func() (dir, file string) {
		dir = t.TempDir()
		if _, err := newCache(t, wasm.WithDir(dir)).Fetch(ctx, p.Ref); err != nil {
			t.Fatal(err)
		}
		file = filepath.Join(dir, "modules", sum(module)+".wasm")
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatalf("module not on disk: %v", err)
		}
		b[len(b)/2] ^= 0xff
		if err := os.WriteFile(file, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return dir, file
	}

	t.Run("never served", func(t *testing.T) {
		dir, file := corrupted()
		c := newCache(t, wasm.WithDir(dir))
		_, err := c.Get(ctx, sum(module))
		wantErr(t, err, wasm.ErrNotFound)
		if _, err := os.Stat(file); !os.IsNotExist(err) {
			t.Errorf("corrupt file still there: %v", err)
		}
	})
	t.Run("fetched again", func(t *testing.T) {
		dir, file := corrupted()
		pulls := r.Pulls(p.Repo)
		c := newCache(t, wasm.WithDir(dir))
		m, err := c.Fetch(ctx, p.Ref)
		if err != nil || !bytes.Equal(m.Bytes(), module) {
			t.Fatalf("fetch over a corrupt file: %v", err)
		}
		if n := r.Pulls(p.Repo) - pulls; n != 1 {
			t.Errorf("%d pulls; want 1 (the corrupt file fetched again)", n)
		}
		if b, err := os.ReadFile(file); err != nil || !bytes.Equal(b, module) {
			t.Errorf("the file on disk was not repaired (err %v)", err)
		}
	})
}

func TestCacheNoCredentialsOnDisk(t *testing.T) {
	const user, password = "alice", "disk-Secret-42"
	r := newRegistry(t, wasmtest.WithBasicAuth(user, password))
	s := newFileServer(t)
	dir := t.TempDir()
	p := push(t, r, "private/x:v1", wasmtest.Module("x", 100), wasmtest.LayoutOCI)
	u := s.Add("/x.wasm", wasmtest.Module("y", 100))
	u = "http://bob:url-Secret-43@" + u[len("http://"):]
	c := newCache(t, wasm.WithDir(dir))
	if _, err := c.Fetch(context.Background(), p.Ref, wasm.WithPullSecret(dockerConfig(r.Host(), user, password))); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Fetch(context.Background(), u); err != nil {
		t.Fatal(err)
	}
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, _ := os.ReadFile(path)
		for _, secret := range []string{password, "url-Secret-43"} {
			if bytes.Contains(b, []byte(secret)) {
				t.Errorf("%s holds a credential", path)
			}
		}
		return nil
	})
}

func TestNewOptions(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, nil, 0o600)
	bad := map[string]wasm.Option{
		"capacity":       wasm.WithCapacity(0),
		"capacity<limit": wasm.WithCapacity(1 << 10),
		"ttl":            wasm.WithTTL(0),
		"clock":          wasm.WithClock(nil),
		"logger":         wasm.WithLogger(nil),
		"dir":            wasm.WithDir(""),
		"dir is a file":  wasm.WithDir(file),
		"sha default":    wasm.WithFetchOptions(wasm.WithSHA256(sum(nil))),
		"bad fetch":      wasm.WithFetchOptions(wasm.WithMaxSize(-1)),
		"nil":            nil,
	}
	for name, o := range bad {
		if _, err := wasm.New(o); !errors.Is(err, wasm.ErrInvalidOption) {
			t.Errorf("%s: error = %v; want ErrInvalidOption", name, err)
		}
	}
	if _, err := wasm.New(); err != nil {
		t.Errorf("New(): %v", err)
	}
	if _, err := wasm.New(wasm.WithCapacity(1<<10), wasm.WithFetchOptions(wasm.WithMaxSize(1<<10))); err != nil {
		t.Errorf("capacity equal to the module limit: %v", err)
	}
}
