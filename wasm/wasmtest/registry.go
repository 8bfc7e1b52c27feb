package wasmtest

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/registry"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/remote"
)

// Option configures a Registry or a FileServer.
type Option func(*config) error

type config struct {
	tls      bool
	accounts map[string]string
}

// WithTLS serves over HTTPS with a self-signed certificate. Clients must
// then use the server's Transport to trust it.
func WithTLS() Option {
	return func(c *config) error { c.tls = true; return nil }
}

// WithBasicAuth adds an account. Once a registry has an account, every
// request without valid credentials is refused with 401 and a Basic
// challenge, except for repositories made public with Registry.Public.
// FileServer ignores accounts.
func WithBasicAuth(user, password string) Option {
	return func(c *config) error {
		if user == "" || strings.Contains(user, ":") {
			return fmt.Errorf("wasmtest: invalid user name %q", user)
		}
		if c.accounts == nil {
			c.accounts = map[string]string{}
		}
		c.accounts[user] = password
		return nil
	}
}

func newConfig(opts []Option) (*config, error) {
	c := &config{}
	for _, o := range opts {
		if o == nil {
			return nil, errors.New("wasmtest: nil option")
		}
		if err := o(c); err != nil {
			return nil, err
		}
	}
	return c, nil
}

func serve(c *config, h http.Handler) *httptest.Server {
	s := httptest.NewUnstartedServer(h)
	s.Config.ErrorLog = log.New(io.Discard, "", 0)
	if c.tls {
		s.StartTLS()
	} else {
		s.Start()
	}
	return s
}

// Registry is an in-memory OCI registry (go-containerregistry's
// pkg/registry) served on a loopback port, with knobs that make it behave
// badly on purpose. It is safe for concurrent use.
type Registry struct {
	faults
	srv      *httptest.Server
	inner    http.Handler
	accounts map[string]string

	amu         sync.Mutex
	restricted  map[string]map[string]bool
	public      map[string]bool
	wrongDigest bool
	echoAuth    bool
}

// NewRegistry starts a registry on 127.0.0.1. Close it when done.
func NewRegistry(opts ...Option) (*Registry, error) {
	c, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	r := &Registry{
		inner:      registry.New(registry.Logger(log.New(io.Discard, "", 0))),
		accounts:   c.accounts,
		restricted: map[string]map[string]bool{},
		public:     map[string]bool{},
	}
	r.srv = serve(c, http.HandlerFunc(r.serveHTTP))
	return r, nil
}

// Close shuts the server down.
func (r *Registry) Close() { r.srv.Close() }

// Host returns the registry's host:port, the prefix of its references.
func (r *Registry) Host() string {
	return strings.TrimPrefix(strings.TrimPrefix(r.srv.URL, "https://"), "http://")
}

// URL returns the registry's base URL (http:// or https://).
func (r *Registry) URL() string { return r.srv.URL }

// Transport returns a transport that trusts the registry's certificate
// (any transport works for a plain HTTP registry).
func (r *Registry) Transport() http.RoundTripper { return r.srv.Client().Transport }

// Restrict limits reads of repo to the given users: other users get 403.
func (r *Registry) Restrict(repo string, users ...string) {
	r.amu.Lock()
	defer r.amu.Unlock()
	set := map[string]bool{}
	for _, u := range users {
		set[u] = true
	}
	r.restricted[repo] = set
}

// Public lets anyone read repo without credentials, whatever Restrict
// says. Requests that do carry credentials must still be valid.
func (r *Registry) Public(repo string) {
	r.amu.Lock()
	defer r.amu.Unlock()
	r.public[repo] = true
}

// FailNext makes the next n requests fail with status (for example 503 for
// a flaky registry, 404 for a vanishing one).
func (r *Registry) FailNext(n, status int) { r.failNext(n, status) }

// SetDelay makes every response wait d first (a slow registry). The wait
// ends early when the client goes away.
func (r *Registry) SetDelay(d time.Duration) { r.setDelay(d) }

// SetWrongDigest makes the registry lie: manifests fetched by digest get a
// trailing newline (still valid JSON, different digest) and blobs get their
// last byte flipped, while headers still claim the requested digest.
func (r *Registry) SetWrongDigest(on bool) {
	r.amu.Lock()
	defer r.amu.Unlock()
	r.wrongDigest = on
}

// SetEchoCredentials makes error responses quote the credentials the
// request carried (the Authorization header and the decoded password), as
// some careless proxies do. Clients must keep them out of their errors.
func (r *Registry) SetEchoCredentials(on bool) {
	r.amu.Lock()
	defer r.amu.Unlock()
	r.echoAuth = on
}

// Requests returns every request the registry served over the network
// (pushes made through the Push methods are not included).
func (r *Registry) Requests() []Request { return r.requests() }

// Pulls counts the successful GET requests for manifests of repo: one per
// pull.
func (r *Registry) Pulls(repo string) int { return r.count(http.MethodGet, "manifests", repo) }

// Heads counts the successful HEAD requests for manifests of repo: access
// and freshness checks.
func (r *Registry) Heads(repo string) int { return r.count(http.MethodHead, "manifests", repo) }

func (r *Registry) count(method, kind, repo string) int {
	n := 0
	for _, q := range r.requests() {
		if q.Method == method && q.Kind == kind && q.Repo == repo && q.Status == http.StatusOK {
			n++
		}
	}
	return n
}

var apiPath = regexp.MustCompile(`^/v2/(.+)/(manifests|blobs|tags)/(.*)$`)

func (r *Registry) serveHTTP(w http.ResponseWriter, req *http.Request) {
	q := Request{Method: req.Method, Path: req.URL.Path}
	if m := apiPath.FindStringSubmatch(req.URL.Path); m != nil {
		q.Repo, q.Kind, q.Reference = m[1], m[2], m[3]
	} else if req.URL.Path == "/v2/" || req.URL.Path == "/v2" {
		q.Kind = "ping"
	}
	user, pass, hasAuth := req.BasicAuth()
	if hasAuth {
		q.User = user
	}
	rec := httptest.NewRecorder()
	r.handle(rec, req, q, user, pass, hasAuth)
	q.Status = rec.Code
	r.record(q)

	r.amu.Lock()
	tamper := r.wrongDigest && req.Method == http.MethodGet && rec.Code == http.StatusOK
	r.amu.Unlock()
	var mutate func([]byte) []byte
	switch {
	case tamper && q.Kind == "manifests" && strings.HasPrefix(q.Reference, "sha256:"):
		mutate = func(b []byte) []byte { return append(b, '\n') }
	case tamper && q.Kind == "blobs" && rec.Body.Len() > 0:
		mutate = func(b []byte) []byte { b[len(b)-1] ^= 0xff; return b }
	}
	writeRecorded(w, rec, mutate)
}

func (r *Registry) handle(w http.ResponseWriter, req *http.Request, q Request, user, pass string, hasAuth bool) {
	if code := r.before(req); code != 0 {
		registryError(w, code, "UNAVAILABLE", "injected failure")
		return
	}
	r.amu.Lock()
	public := r.public[q.Repo]
	allowed, restricted := r.restricted[q.Repo]
	echo := r.echoAuth
	r.amu.Unlock()

	anonymousReader := public && !hasAuth && q.Kind != "ping"
	if len(r.accounts) > 0 && !anonymousReader {
		want, known := r.accounts[user]
		valid := hasAuth && known && subtle.ConstantTimeCompare([]byte(want), []byte(pass)) == 1
		if !valid {
			msg := "authentication required"
			if echo && hasAuth {
				msg = fmt.Sprintf("bad credentials %q (password %q)", req.Header.Get("Authorization"), pass)
			}
			w.Header().Set("WWW-Authenticate", `Basic realm="wasmtest"`)
			registryError(w, http.StatusUnauthorized, "UNAUTHORIZED", msg)
			return
		}
		if restricted && !allowed[user] {
			registryError(w, http.StatusForbidden, "DENIED", "access to "+q.Repo+" denied")
			return
		}
	}
	if req.Method != http.MethodGet && req.Method != http.MethodHead {
		registryError(w, http.StatusMethodNotAllowed, "UNSUPPORTED", "read-only over the network; use Push")
		return
	}
	r.inner.ServeHTTP(w, req)
}

// Pushed describes an image pushed to a Registry.
type Pushed struct {
	// Ref is host/repo:tag, TagRef's canonical spelling.
	Ref string
	// DigestRef is host/repo@sha256:..., pinning the image.
	DigestRef string
	// Digest is the image manifest digest, "sha256:<hex>".
	Digest string
	// Repo is the repository path without the host.
	Repo string
}

// Push builds an image of the given layout holding module and pushes it as
// repoTag ("repo:tag" or "repo", which means "repo:latest").
func (r *Registry) Push(repoTag string, module []byte, layout Layout) (Pushed, error) {
	img, err := Image(module, layout)
	if err != nil {
		return Pushed{}, err
	}
	return r.PushImage(repoTag, img)
}

// PushTar pushes an image of a tar layout whose layer holds entries (see
// TarImage), for unsafe-archive tests.
func (r *Registry) PushTar(repoTag string, layout Layout, entries ...TarEntry) (Pushed, error) {
	img, err := TarImage(layout, entries...)
	if err != nil {
		return Pushed{}, err
	}
	return r.PushImage(repoTag, img)
}

// PushBomb pushes a decompression bomb (see BombImage) that inflates to size
// bytes.
func (r *Registry) PushBomb(repoTag string, size int64) (Pushed, error) {
	img, err := BombImage(size)
	if err != nil {
		return Pushed{}, err
	}
	return r.PushImage(repoTag, img)
}

// PushImage pushes any image. Pushes go straight to the in-memory registry,
// past authentication and faults, and are not recorded in Requests.
func (r *Registry) PushImage(repoTag string, img v1.Image) (Pushed, error) {
	ref, err := name.ParseReference(r.Host()+"/"+repoTag, name.Insecure)
	if err != nil {
		return Pushed{}, err
	}
	if err := remote.Write(ref, img, remote.WithTransport(handlerTransport{r.inner}), remote.WithAuth(authn.Anonymous)); err != nil {
		return Pushed{}, err
	}
	d, err := img.Digest()
	if err != nil {
		return Pushed{}, err
	}
	repo := ref.Context().RepositoryStr()
	return Pushed{
		Ref:       ref.Context().Name() + ":" + ref.Identifier(),
		DigestRef: ref.Context().Name() + "@" + d.String(),
		Digest:    d.String(),
		Repo:      repo,
	}, nil
}

// handlerTransport sends requests straight to a handler, in process.
type handlerTransport struct{ h http.Handler }

func (t handlerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	in := req.Clone(req.Context())
	if in.Body == nil {
		in.Body = http.NoBody // servers always see a body
	}
	in.RequestURI = in.URL.RequestURI()
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, in)
	resp := rec.Result()
	resp.Request = req
	return resp, nil
}
