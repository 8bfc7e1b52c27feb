package wasm

import (
	"container/list"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"sync"
	"time"
)

// Cache fetches modules through an in-memory (and optionally on-disk)
// content-addressed cache. It is safe for concurrent use; create it with
// New.
//
// Modules are stored by sha256, bounded in bytes (WithCapacity), least
// recently used first out. A source (reference or URL) maps to a module;
// concurrent fetches of one source with one set of credentials make one
// download. A tag is trusted for the TTL, a digest for ever.
//
// Tenant isolation: a module fetched with some credentials is handed to a
// caller with other credentials only after the registry confirms, with a
// manifest HEAD made with the caller's credentials, that they can read the
// image too; a module fetched anonymously is public. Confirmations last
// the TTL. HTTP URL sources carry no credentials: the URL is the capability.
// Cache.Get and Handler serve by sha256 to anyone, which is what Envoy
// needs; expose them only to your proxies.
type Cache struct {
	o       cacheOptions
	key     []byte // keys credential identities; never leaves the process
	disk    *disk
	flights flightGroup

	mu      sync.Mutex
	entries map[string]*entry // by source id
	blobs   map[string]*blob  // by module sha256
	lru     *list.List        // of *blob, most recently used first
	used    int64
}

// entry is what one source resolved to.
type entry struct {
	id          string
	display     string
	http        bool
	sha256      string
	imageDigest string
	pinned      bool
	persist     bool
	fetched     time.Time            // when the registry last confirmed what the source names
	grants      map[string]time.Time // identity → when the registry last confirmed its access
}

// blob is one module's bytes.
type blob struct {
	sha256  string
	size    int64
	data    []byte // nil until read from disk
	elem    *list.Element
	entries map[string]bool // ids of the entries naming it
}

// Stats describes what a Cache holds.
type Stats struct {
	// Modules is the number of modules and Bytes their total size.
	Modules int
	Bytes   int64
	// Sources is the number of sources (references, URLs) that resolve to
	// a held module.
	Sources int
}

// New returns a Cache. With no options it holds up to DefaultCapacity
// bytes in memory, trusts tags for DefaultTTL, and fetches with the
// defaults of FetchOption.
func New(opts ...Option) (*Cache, error) {
	o := cacheOptions{
		capacity: DefaultCapacity,
		ttl:      DefaultTTL,
		now:      time.Now,
		log:      slog.New(slog.DiscardHandler),
		fetch:    defaultFetchOptions(),
	}
	for _, opt := range opts {
		if opt == nil {
			return nil, optionError("nil Option")
		}
		if err := opt(&o); err != nil {
			return nil, err
		}
	}
	if o.capacity < o.fetch.maxSize {
		return nil, optionError("capacity %d is below the module size limit %d: lower WithMaxSize or raise WithCapacity", o.capacity, o.fetch.maxSize)
	}
	if o.fetch.transport == nil {
		o.fetch.transport = newTransport()
	}
	c := &Cache{
		o:       o,
		key:     make([]byte, 32),
		entries: map[string]*entry{},
		blobs:   map[string]*blob{},
		lru:     list.New(),
	}
	rand.Read(c.key)
	if o.dir != "" {
		d, err := openDisk(o.dir)
		if err != nil {
			return nil, err
		}
		c.disk = d
		if err := c.loadDisk(); err != nil {
			return nil, optionError("WithDir: %v", err)
		}
	}
	return c, nil
}

// Fetch returns the module at src, from the cache when it can and from
// the source otherwise. It verifies as Fetch does; WithSHA256 is checked
// on every call, cached or not. Options apply after WithFetchOptions.
func (c *Cache) Fetch(ctx context.Context, src string, opts ...FetchOption) (*Module, error) {
	o, err := c.o.fetch.apply(opts)
	if err != nil {
		return nil, err
	}
	s, err := parseSource(src)
	if err != nil {
		return nil, err
	}
	m, err := c.fetch(ctx, s, o)
	if err != nil {
		return nil, err
	}
	if m.Source != s.display { // the same source, spelled as this caller did
		mm := *m
		mm.Source = s.display
		m = &mm
	}
	if err := checkSum(m, o.sha256); err != nil {
		return nil, err
	}
	return m, nil
}

type lookupState int

const (
	miss    lookupState = iota
	hit                 // fresh and readable by the caller
	confirm             // cached, but the registry must confirm tag or access
)

func (c *Cache) fetch(ctx context.Context, s source, o fetchOptions) (*Module, error) {
	id := sourceID(s.key)
	var (
		p     *puller
		ident string
	)
	if s.kind == kindOCI {
		p = newPuller(s, o)
		ident = p.cred.identity(c.key, s.ref.Context().RegistryStr())
	}
	m, st := c.lookup(id, ident)
	switch st {
	case hit:
		return m, nil
	case confirm:
		digest, err := p.head(ctx)
		if err != nil {
			return nil, err
		}
		if digest == m.ImageDigest {
			c.confirmed(id, ident)
			return m, nil
		}
		c.o.log.Info("wasm: tag moved", "source", s.display, "was", m.ImageDigest, "now", digest)
	}
	m, err := c.flights.do(ctx, id+"\x00"+ident, func(ctx context.Context) (*Module, error) {
		return c.fill(ctx, s, o, id, ident)
	})
	if err != nil && ctx.Err() != nil && errors.Is(err, ctx.Err()) {
		return nil, &Error{Kind: ctx.Err(), Source: s.display}
	}
	return m, err
}

// fill downloads a module into the cache. It runs once per source and
// identity at a time.
func (c *Cache) fill(ctx context.Context, s source, o fetchOptions, id, ident string) (*Module, error) {
	if m, st := c.lookup(id, ident); st == hit {
		return m, nil // filled by a flight that ended just before this one began
	}
	m, err := download(ctx, s, o)
	if err != nil {
		c.o.log.Debug("wasm: fetch failed", "source", s.display, "error", err)
		return nil, err
	}
	if err := c.store(s, id, ident, m); err != nil {
		return nil, err
	}
	c.o.log.Info("wasm: fetched", "source", s.display, "sha256", m.SHA256, "size", m.Size)
	return m, nil
}

// lookup finds the module a source resolved to and says whether it can be
// used as is.
func (c *Cache) lookup(id, ident string) (*Module, lookupState) {
	c.mu.Lock()
	e := c.entries[id]
	if e == nil {
		c.mu.Unlock()
		return nil, miss
	}
	b := c.blobs[e.sha256]
	if b == nil { // cannot happen: dropping a module drops its entries
		delete(c.entries, id)
		c.mu.Unlock()
		return nil, miss
	}
	now := c.o.now()
	fresh := func(t time.Time) bool { return !t.IsZero() && now.Sub(t) < c.o.ttl }
	st := confirm
	switch {
	case e.http && fresh(e.fetched):
		st = hit
	case e.http:
		st = miss
	case (e.pinned || fresh(e.fetched)) && (fresh(e.grants[""]) || fresh(e.grants[ident])):
		st = hit
	}
	c.lru.MoveToFront(b.elem)
	data := b.data
	m := &Module{SHA256: e.sha256, Size: b.size, Source: e.display, ImageDigest: e.imageDigest, data: data}
	c.mu.Unlock()
	if st == miss {
		return nil, miss
	}
	if data == nil {
		if m.data = c.load(b); m.data == nil {
			return nil, miss
		}
	}
	return m, st
}

// confirmed records that the registry just confirmed the caller's access
// and, for a tag, what it names.
func (c *Cache) confirmed(id, ident string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.entries[id]
	if e == nil {
		return
	}
	now := c.o.now()
	e.grants[ident] = now
	if !e.pinned {
		e.fetched = now
		c.persistLocked(e)
	}
}

// store adds a downloaded module and points the source at it.
func (c *Cache) store(s source, id, ident string, m *Module) error {
	if m.Size > c.o.capacity {
		return &Error{Kind: ErrTooLarge, Source: s.display, Detail: fmt.Sprintf("module of %d bytes exceeds the cache capacity of %d", m.Size, c.o.capacity)}
	}
	if c.disk != nil {
		if err := c.disk.writeModule(m.SHA256, m.data); err != nil {
			c.o.log.Warn("wasm: cannot write module to disk", "sha256", m.SHA256, "error", err)
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.o.now()
	b := c.blobs[m.SHA256]
	if b == nil {
		b = &blob{sha256: m.SHA256, size: m.Size, data: m.data, entries: map[string]bool{}}
		b.elem = c.lru.PushFront(b)
		c.blobs[b.sha256] = b
		c.used += b.size
	} else {
		b.data = m.data
		c.lru.MoveToFront(b.elem)
	}
	if old := c.entries[id]; old != nil && old.sha256 != m.SHA256 {
		if ob := c.blobs[old.sha256]; ob != nil {
			delete(ob.entries, id)
		}
	}
	e := &entry{
		id:          id,
		display:     s.display,
		http:        s.kind == kindHTTP,
		sha256:      m.SHA256,
		imageDigest: m.ImageDigest,
		pinned:      s.kind == kindOCI && s.pinned(),
		persist:     s.kind == kindOCI || s.url.User == nil,
		fetched:     now,
		grants:      map[string]time.Time{ident: now},
	}
	c.entries[id] = e
	b.entries[id] = true
	c.persistLocked(e)
	c.evictLocked(b)
	return nil
}

func (c *Cache) persistLocked(e *entry) {
	if c.disk == nil || !e.persist {
		return
	}
	r := sourceRecord{Source: e.display, HTTP: e.http, SHA256: e.sha256, ImageDigest: e.imageDigest, Pinned: e.pinned, Fetched: e.fetched}
	if err := c.disk.writeSource(e.id, r); err != nil {
		c.o.log.Warn("wasm: cannot write source record", "source", e.display, "error", err)
	}
}

// evictLocked drops least recently used modules, never keep, until the
// cache fits its capacity.
func (c *Cache) evictLocked(keep *blob) {
	for el := c.lru.Back(); c.used > c.o.capacity && el != nil; {
		b := el.Value.(*blob)
		el = el.Prev()
		if b == keep {
			continue
		}
		c.o.log.Info("wasm: evicted", "sha256", b.sha256, "size", b.size)
		c.dropLocked(b)
	}
}

// dropLocked forgets a module, the sources that name it, and their files.
func (c *Cache) dropLocked(b *blob) {
	if c.blobs[b.sha256] != b {
		return
	}
	c.lru.Remove(b.elem)
	delete(c.blobs, b.sha256)
	c.used -= b.size
	for id := range b.entries {
		if e := c.entries[id]; e != nil && e.sha256 == b.sha256 {
			delete(c.entries, id)
			if c.disk != nil {
				c.disk.removeSource(id)
			}
		}
	}
	if c.disk != nil {
		c.disk.removeModule(b.sha256)
	}
}

// load reads a module that so far was only on disk. A corrupt or missing
// file drops the module (and the sources naming it), so it is fetched
// again rather than served; load then returns nil.
func (c *Cache) load(b *blob) []byte {
	data, err := c.disk.readModule(b.sha256)
	c.mu.Lock()
	defer c.mu.Unlock()
	if err != nil {
		c.o.log.Warn("wasm: dropping unreadable module file", "sha256", b.sha256, "error", err)
		c.dropLocked(b)
		return nil
	}
	if c.blobs[b.sha256] == b {
		b.data = data
	}
	return data
}

// Get returns the module with the given sha256 if the cache holds it, and
// an error matching ErrNotFound otherwise. It makes no network request and
// checks no credentials: it is what Handler serves from.
func (c *Cache) Get(ctx context.Context, sha256 string) (*Module, error) {
	sum, ok := parseSHA256(sha256)
	notFound := &Error{Kind: ErrNotFound, Detail: "no module with sha256 " + truncate(sha256, 80)}
	if !ok {
		return nil, notFound
	}
	c.mu.Lock()
	b := c.blobs[sum]
	if b == nil {
		c.mu.Unlock()
		return nil, notFound
	}
	c.lru.MoveToFront(b.elem)
	data := b.data
	c.mu.Unlock()
	if data == nil {
		if data = c.load(b); data == nil {
			return nil, notFound
		}
	}
	return &Module{SHA256: sum, Size: int64(len(data)), data: data}, nil
}

// Stats returns what the cache holds now.
func (c *Cache) Stats() Stats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return Stats{Modules: len(c.blobs), Bytes: c.used, Sources: len(c.entries)}
}

// loadDisk registers what a previous run left in the directory. Module
// bytes stay on disk until first used, and are verified then.
func (c *Cache) loadDisk() error {
	mods, recs, err := c.disk.scan()
	if err != nil {
		return err
	}
	sort.Slice(mods, func(i, j int) bool { return mods[i].modTime.Before(mods[j].modTime) })
	for _, dm := range mods { // oldest first, so the newest end up in front
		b := &blob{sha256: dm.sha256, size: dm.size, entries: map[string]bool{}}
		b.elem = c.lru.PushFront(b)
		c.blobs[b.sha256] = b
		c.used += b.size
	}
	ids := make([]string, 0, len(recs))
	for id := range recs {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		r := recs[id]
		b := c.blobs[r.SHA256]
		if b == nil {
			c.disk.removeSource(id)
			continue
		}
		c.entries[id] = &entry{
			id:          id,
			display:     r.Source,
			http:        r.HTTP,
			sha256:      r.SHA256,
			imageDigest: r.ImageDigest,
			pinned:      r.Pinned,
			persist:     true,
			fetched:     r.Fetched,
			grants:      map[string]time.Time{},
		}
		b.entries[id] = true
	}
	c.evictLocked(nil)
	c.o.log.Info("wasm: loaded cache directory", "dir", c.disk.dir, "modules", len(c.blobs), "sources", len(c.entries))
	return nil
}

func sourceID(key string) string {
	s := sha256.Sum256([]byte(key))
	return hex.EncodeToString(s[:])
}
