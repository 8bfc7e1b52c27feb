package wasm

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
)

// Magic is the start of every WebAssembly binary.
var magic = []byte{0x00, 'a', 's', 'm'}

// checkMagic verifies that b starts like a Wasm binary.
func checkMagic(b []byte) error {
	if !bytes.HasPrefix(b, magic) {
		return &Error{Kind: ErrNotWasm, Detail: fmt.Sprintf("starts with %q", b[:min(len(b), 4)])}
	}
	return nil
}

func sumHex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// parseSHA256 accepts 64 hex digits, optionally prefixed by "sha256:", and
// returns them in lowercase.
func parseSHA256(s string) (string, bool) {
	s = strings.ToLower(strings.TrimPrefix(s, "sha256:"))
	if len(s) != 64 {
		return "", false
	}
	if _, err := hex.DecodeString(s); err != nil {
		return "", false
	}
	return s, true
}

// checkSum verifies a module against the sha256 a caller required: the
// module's own sum, or for an OCI source its image manifest digest.
func checkSum(m *Module, want string) error {
	if want == "" || want == m.SHA256 || (m.ImageDigest != "" && "sha256:"+want == m.ImageDigest) {
		return nil
	}
	return &ChecksumError{Source: m.Source, Want: want, Got: m.SHA256}
}

// limitReader reads at most limit bytes from r; reading more fails with an
// ErrTooLarge *Error (and sets exceeded, in case a caller above loses the
// error).
type limitReader struct {
	r        io.Reader
	left     int64
	limit    int64
	what     string
	exceeded bool
}

func newLimitReader(r io.Reader, limit int64, what string) *limitReader {
	return &limitReader{r: r, left: limit, limit: limit, what: what}
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.left <= 0 {
		// Probe one byte: only content beyond the limit is an error.
		var one [1]byte
		n, err := l.r.Read(one[:])
		if n > 0 {
			l.exceeded = true
			return 0, l.err()
		}
		return 0, err
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	return n, err
}

func (l *limitReader) err() error {
	return &Error{Kind: ErrTooLarge, Detail: fmt.Sprintf("%s exceeds %d bytes", l.what, l.limit)}
}

// readAll reads r to the end, failing with ErrTooLarge past limit.
func readAll(r io.Reader, limit int64, what string) ([]byte, error) {
	lr := newLimitReader(r, limit, what)
	b, err := io.ReadAll(lr)
	if lr.exceeded {
		return nil, lr.err()
	}
	return b, err
}
