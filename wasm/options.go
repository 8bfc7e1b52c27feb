package wasm

import (
	"log/slog"
	"net/http"
	"os"
	"strings"
	"time"
)

// Defaults. New() and Fetch with no options use these.
const (
	// DefaultCapacity bounds the bytes of modules a Cache keeps.
	DefaultCapacity int64 = 512 << 20
	// DefaultTTL is how long a Cache trusts what a registry said: which
	// image a tag names, and that a caller's credentials may read it.
	DefaultTTL = 5 * time.Minute
	// DefaultMaxSize bounds an uncompressed module, and the uncompressed
	// tar stream it comes in (plus ArchiveOverhead).
	DefaultMaxSize int64 = 64 << 20
	// DefaultMaxCompressedSize bounds the bytes downloaded for a module: the
	// image layer, or the HTTP response body.
	DefaultMaxCompressedSize int64 = 64 << 20
	// DefaultRetries is how many times a request is tried in all when the
	// server answers 408, 429 or 5xx, or the connection fails.
	DefaultRetries = 3
	// DefaultRetryBackoff is the wait before the first retry; it doubles
	// for each further one.
	DefaultRetryBackoff = 250 * time.Millisecond
	// ArchiveOverhead is the room allowed, beyond the module size limit, for
	// the rest of a tar layer (headers, padding, small extra files).
	ArchiveOverhead int64 = 1 << 20
)

// FetchOption configures one fetch, by Fetch or Cache.Fetch, or the
// defaults of a Cache (WithFetchOptions). A misused option makes the call
// fail with ErrInvalidOption.
type FetchOption func(*fetchOptions) error

type fetchOptions struct {
	sha256        string
	pullSecret    *pullSecret
	insecure      bool
	transport     http.RoundTripper
	maxSize       int64
	maxCompressed int64
	retries       int
	backoff       time.Duration
}

func defaultFetchOptions() fetchOptions {
	return fetchOptions{
		maxSize:       DefaultMaxSize,
		maxCompressed: DefaultMaxCompressedSize,
		retries:       DefaultRetries,
		backoff:       DefaultRetryBackoff,
	}
}

func (o fetchOptions) apply(opts []FetchOption) (fetchOptions, error) {
	for _, opt := range opts {
		if opt == nil {
			return o, optionError("nil FetchOption")
		}
		if err := opt(&o); err != nil {
			return o, err
		}
	}
	return o, nil
}

// WithSHA256 requires the module to have this sha256 (64 hex digits, with
// or without a "sha256:" prefix). For an OCI source the image manifest
// digest is accepted too, since it pins the module as firmly; Module.SHA256
// is the module's sum either way. A mismatch fails with a *ChecksumError.
func WithSHA256(sum string) FetchOption {
	return func(o *fetchOptions) error {
		s, ok := parseSHA256(sum)
		if !ok {
			return optionError("WithSHA256: %q is not a sha256 (64 hex digits)", truncate(sum, 80))
		}
		o.sha256 = s
		return nil
	}
}

// WithPullSecret gives the credentials to pull with: the contents of a
// kubernetes.io/dockerconfigjson Secret's .dockerconfigjson key
// ({"auths":{"<registry>":{"auth":"<base64 user:password>"}}}); the older
// .dockercfg shape (the "auths" map alone) is accepted too. The entry whose
// key names the image's registry is used; with none, the pull is
// anonymous. HTTP URL sources ignore it.
func WithPullSecret(dockerConfigJSON []byte) FetchOption {
	return func(o *fetchOptions) error {
		ps, err := parsePullSecret(dockerConfigJSON)
		if err != nil {
			return err
		}
		o.pullSecret = ps
		return nil
	}
}

// WithInsecure allows registries that speak plain HTTP. Without it such a
// registry fails with ErrInsecure, loopback and private addresses included.
// It does not turn off TLS verification (give a transport for custom CAs),
// and it does not concern http:// URL sources, which ask for plain HTTP by
// their scheme.
func WithInsecure() FetchOption {
	return func(o *fetchOptions) error { o.insecure = true; return nil }
}

// WithTransport sets the HTTP transport, for custom CAs, proxies or tests.
// The default is a clone of http.DefaultTransport.
func WithTransport(rt http.RoundTripper) FetchOption {
	return func(o *fetchOptions) error {
		if rt == nil {
			return optionError("WithTransport: nil transport")
		}
		o.transport = rt
		return nil
	}
}

// WithMaxSize bounds the uncompressed module (default DefaultMaxSize).
// Decompression stops at the limit, so a decompression bomb costs no more.
func WithMaxSize(n int64) FetchOption {
	return func(o *fetchOptions) error {
		if n <= 0 {
			return optionError("WithMaxSize: %d is not positive", n)
		}
		o.maxSize = n
		return nil
	}
}

// WithMaxCompressedSize bounds the bytes downloaded for the module (default
// DefaultMaxCompressedSize): the layer as stored in the registry, or the
// HTTP body.
func WithMaxCompressedSize(n int64) FetchOption {
	return func(o *fetchOptions) error {
		if n <= 0 {
			return optionError("WithMaxCompressedSize: %d is not positive", n)
		}
		o.maxCompressed = n
		return nil
	}
}

// WithRetry sets how many times in all a request is tried (at least 1)
// and the wait before the first retry, which doubles for each further one.
func WithRetry(attempts int, backoff time.Duration) FetchOption {
	return func(o *fetchOptions) error {
		if attempts < 1 {
			return optionError("WithRetry: %d attempts; need at least 1", attempts)
		}
		if backoff < 0 {
			return optionError("WithRetry: negative backoff %v", backoff)
		}
		o.retries, o.backoff = attempts, backoff
		return nil
	}
}

// Option configures a Cache. A misused option makes New fail with
// ErrInvalidOption.
type Option func(*cacheOptions) error

type cacheOptions struct {
	dir      string
	capacity int64
	ttl      time.Duration
	now      func() time.Time
	log      *slog.Logger
	fetch    fetchOptions
}

// WithDir keeps the cache in dir too, so that it survives a restart. dir is
// created if needed (mode 0700). Files found there at start are checked
// before they are served; a corrupt one is deleted and its module fetched
// again. Credentials are never written to dir.
func WithDir(dir string) Option {
	return func(o *cacheOptions) error {
		if strings.TrimSpace(dir) == "" {
			return optionError("WithDir: empty directory")
		}
		if fi, err := os.Stat(dir); err == nil && !fi.IsDir() {
			return optionError("WithDir: %s is not a directory", dir)
		}
		o.dir = dir
		return nil
	}
}

// WithCapacity bounds the bytes of modules kept (default DefaultCapacity).
// The least recently used modules are evicted first. It must be at least
// the module size limit, or no module could ever be kept.
func WithCapacity(bytes int64) Option {
	return func(o *cacheOptions) error {
		if bytes <= 0 {
			return optionError("WithCapacity: %d is not positive", bytes)
		}
		o.capacity = bytes
		return nil
	}
}

// WithTTL sets how long the cache trusts a registry's answers (default
// DefaultTTL): after it, a tag is looked up again (a manifest HEAD; the
// module is pulled again only if the tag moved) and a caller's access is
// confirmed again. References by digest never expire; only access is
// re-confirmed. HTTP URL sources are downloaded again after it.
func WithTTL(d time.Duration) Option {
	return func(o *cacheOptions) error {
		if d <= 0 {
			return optionError("WithTTL: %v is not positive", d)
		}
		o.ttl = d
		return nil
	}
}

// WithClock sets the clock the cache reads (default time.Now), so tests of
// expiry need not sleep.
func WithClock(now func() time.Time) Option {
	return func(o *cacheOptions) error {
		if now == nil {
			return optionError("WithClock: nil clock")
		}
		o.now = now
		return nil
	}
}

// WithLogger sets where the cache logs fetches, evictions and corrupt files
// (default: nowhere). Errors are returned, never only logged.
func WithLogger(l *slog.Logger) Option {
	return func(o *cacheOptions) error {
		if l == nil {
			return optionError("WithLogger: nil logger")
		}
		o.log = l
		return nil
	}
}

// WithFetchOptions sets defaults for every fetch of the cache; options
// given to Cache.Fetch apply after them. WithSHA256 makes no sense as a
// default and is refused.
func WithFetchOptions(opts ...FetchOption) Option {
	return func(o *cacheOptions) error {
		f, err := o.fetch.apply(opts)
		if err != nil {
			return err
		}
		if f.sha256 != "" {
			return optionError("WithFetchOptions: WithSHA256 is per fetch, not a default")
		}
		o.fetch = f
		return nil
	}
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
