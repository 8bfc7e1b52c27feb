package wasm

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Sentinel errors. Every error this package returns matches exactly one of
// them with errors.Is (or a context error, when a fetch was cancelled or
// timed out). Never compare error strings.
var (
	// ErrInvalidSource: the module source is neither an OCI reference nor
	// an http(s) URL.
	ErrInvalidSource = errors.New("wasm: invalid source")
	// ErrInvalidOption: an option was misused (a negative limit, a nil
	// logger, a malformed sha256, ...).
	ErrInvalidOption = errors.New("wasm: invalid option")
	// ErrInvalidPullSecret: a pull secret is not docker config JSON. The
	// error never quotes the secret.
	ErrInvalidPullSecret = errors.New("wasm: invalid pull secret")
	// ErrUnauthorized: the registry or server refused the credentials (or
	// their absence): HTTP 401 or 403.
	ErrUnauthorized = errors.New("wasm: unauthorized")
	// ErrNotFound: the module, image or tag does not exist (HTTP 404), or,
	// from Cache.Get, the cache does not hold the module.
	ErrNotFound = errors.New("wasm: not found")
	// ErrUnavailable: the registry or server failed (5xx after retries, a
	// network error, an unexpected status).
	ErrUnavailable = errors.New("wasm: source unavailable")
	// ErrInsecure: the registry speaks plain HTTP and WithInsecure was not
	// given, or a redirect tried to downgrade HTTPS to HTTP.
	ErrInsecure = errors.New("wasm: plain HTTP not allowed")
	// ErrDigestMismatch: content does not hash to the digest that names it
	// (a manifest pulled by digest, or a blob). See DigestError.
	ErrDigestMismatch = errors.New("wasm: digest mismatch")
	// ErrChecksumMismatch: the module does not have the sha256 the caller
	// asked for. See ChecksumError.
	ErrChecksumMismatch = errors.New("wasm: checksum mismatch")
	// ErrNotWasm: the content does not start with the Wasm magic bytes.
	ErrNotWasm = errors.New("wasm: not a Wasm module")
	// ErrTooLarge: the compressed layer or the module exceeds its limit.
	ErrTooLarge = errors.New("wasm: module too large")
	// ErrUnsafeArchive: a tar layer holds an entry with an absolute or
	// escaping path, a link, a device, or a second plugin.wasm.
	ErrUnsafeArchive = errors.New("wasm: unsafe archive entry")
	// ErrBadArchive: a layer claims to be a (gzip) tar archive but is not.
	ErrBadArchive = errors.New("wasm: malformed archive")
	// ErrNoModule: the image has no layer this package can take a module
	// from (no Wasm layer, no plugin.wasm, several candidates, an index).
	ErrNoModule = errors.New("wasm: no module in image")
)

// Error is the error type for most failures: a sentinel Kind, the source it
// concerns, and details. Its message never holds credentials: URL
// passwords are removed from Source, and every secret of the pull secret in
// use is scrubbed from Detail.
type Error struct {
	// Kind is one of the sentinel errors above, or context.Canceled or
	// context.DeadlineExceeded.
	Kind error
	// Source is the normalised source, without URL credentials; empty when
	// the failure concerns no source (an option, say).
	Source string
	// StatusCode is the HTTP status behind the failure, or 0.
	StatusCode int
	// Detail says more, in words; it is not meant for matching.
	Detail string
}

// Error formats as "<kind>: <source>: <detail>", omitting empty parts.
func (e *Error) Error() string {
	parts := []string{e.Kind.Error()}
	if e.Source != "" {
		parts = append(parts, e.Source)
	}
	if e.StatusCode != 0 {
		parts = append(parts, "HTTP "+strconv.Itoa(e.StatusCode))
	}
	if e.Detail != "" {
		parts = append(parts, e.Detail)
	}
	return strings.Join(parts, ": ")
}

// Unwrap returns Kind, so errors.Is(err, ErrNotFound) works.
func (e *Error) Unwrap() error { return e.Kind }

// ChecksumError reports a module whose sha256 differs from the one the
// caller required. It matches ErrChecksumMismatch.
type ChecksumError struct {
	// Source is the normalised source, without URL credentials.
	Source string
	// Want is the sha256 the caller gave; Got is the module's, both in
	// lowercase hex.
	Want, Got string
}

// Error names both sums.
func (e *ChecksumError) Error() string {
	return fmt.Sprintf("%v: module downloaded from %s has checksum %s, which does not match: %s",
		ErrChecksumMismatch, e.Source, e.Got, e.Want)
}

// Is reports whether target is ErrChecksumMismatch.
func (e *ChecksumError) Is(target error) bool { return target == ErrChecksumMismatch }

// DigestError reports content that does not hash to the digest it was
// fetched by: a registry that serves the wrong manifest for a pinned
// reference, or a corrupted blob. It matches ErrDigestMismatch.
type DigestError struct {
	// Source is the normalised source, without URL credentials.
	Source string
	// Want is the digest the content was requested by, Got the digest of
	// what arrived, both as "sha256:<hex>".
	Want, Got string
}

// Error names both digests.
func (e *DigestError) Error() string {
	return fmt.Sprintf("%v: %s: want %s, got %s", ErrDigestMismatch, e.Source, e.Want, e.Got)
}

// Is reports whether target is ErrDigestMismatch.
func (e *DigestError) Is(target error) bool { return target == ErrDigestMismatch }

func optionError(format string, args ...any) error {
	return &Error{Kind: ErrInvalidOption, Detail: fmt.Sprintf(format, args...)}
}

// scrub removes every secret from s. Secrets shorter than four characters
// are scrubbed too, at the price of a garbled message: a leak is worse.
func scrub(s string, secrets []string) string {
	for _, sec := range secrets {
		if sec != "" {
			s = strings.ReplaceAll(s, sec, "[redacted]")
		}
	}
	return s
}
