package wasm

import (
	"net/url"
	"strings"

	"github.com/google/go-containerregistry/pkg/name"
)

// OCIScheme prefixes OCI references in normalised sources.
const OCIScheme = "oci://"

type sourceKind int

const (
	kindOCI sourceKind = iota
	kindHTTP
)

// source is a parsed module source.
type source struct {
	kind sourceKind
	ref  name.Reference // kindOCI
	url  *url.URL       // kindHTTP
	// key identifies the source in the cache: the fully qualified
	// reference, or the URL as given (credentials included, so two URLs
	// differing only in credentials stay apart). Never printed.
	key string
	// display is the normalised source with URL credentials removed.
	display string
	// urlSecret is the password of an http(s) URL, scrubbed from errors.
	urlSecret string
}

// pinned reports whether an OCI source names its image by digest.
func (s source) pinned() bool {
	_, ok := s.ref.(name.Digest)
	return ok
}

// Normalize returns the canonical spelling of a module source, the form
// Envoy Gateway's translator uses as the download URL of a Wasm module:
//
//   - an OCI reference, with or without the oci:// scheme, becomes
//     oci://<reference>, with ":latest" added when it has neither tag nor
//     digest (the registry and repository are kept as written);
//   - an http:// or https:// URL is returned unchanged.
//
// Anything else fails with ErrInvalidSource. Normalize is idempotent.
func Normalize(src string) (string, error) {
	s, err := parseSource(src)
	if err != nil {
		return "", err
	}
	if s.kind == kindHTTP {
		return src, nil
	}
	return s.display, nil
}

func parseSource(src string) (source, error) {
	bad := func(why string) (source, error) {
		return source{}, &Error{Kind: ErrInvalidSource, Source: redactSource(src), Detail: why}
	}
	if src == "" {
		return bad("empty")
	}
	if strings.TrimSpace(src) != src {
		return bad("leading or trailing space")
	}
	lower := strings.ToLower(src)
	switch {
	case strings.HasPrefix(lower, "http://"), strings.HasPrefix(lower, "https://"):
		u, err := url.Parse(src)
		if err != nil || u.Host == "" || u.Opaque != "" {
			return bad("not an absolute http(s) URL")
		}
		if u.Fragment != "" {
			return bad("URL has a fragment")
		}
		s := source{kind: kindHTTP, url: u, key: u.String(), display: u.Redacted()}
		if p, ok := u.User.Password(); ok {
			s.urlSecret = p
		}
		return s, nil
	case strings.HasPrefix(lower, OCIScheme):
		src = src[len(OCIScheme):]
	case strings.Contains(src, "://"):
		return bad("unsupported scheme; use oci://, http:// or https://")
	}
	ref, err := name.ParseReference(src)
	if err != nil {
		return bad("not an OCI reference")
	}
	display := OCIScheme + src
	if _, isTag := ref.(name.Tag); isTag && !hasExplicitTag(src) {
		display += ":" + ref.Identifier()
	}
	key := ref.Context().Name()
	if d, ok := ref.(name.Digest); ok {
		key += "@" + d.DigestStr()
	} else {
		key += ":" + ref.Identifier()
	}
	return source{kind: kindOCI, ref: ref, key: OCIScheme + key, display: display}, nil
}

// hasExplicitTag reports whether an OCI reference without digest spells
// its tag: a colon after the last slash (a colon before it is a port).
func hasExplicitTag(ref string) bool {
	return strings.LastIndex(ref, ":") > strings.LastIndex(ref, "/")
}

// redactSource removes URL credentials from a source that may not parse.
func redactSource(src string) string {
	lower := strings.ToLower(src)
	if strings.HasPrefix(lower, "http://") || strings.HasPrefix(lower, "https://") {
		rest := src[strings.Index(src, "://")+3:]
		authority, path, _ := strings.Cut(rest, "/")
		if at := strings.LastIndex(authority, "@"); at >= 0 {
			src = src[:strings.Index(src, "://")+3] + "[redacted]" + authority[at:]
			if path != "" || strings.Contains(rest, "/") {
				src += "/" + path
			}
		}
	}
	return truncate(src, 256)
}
