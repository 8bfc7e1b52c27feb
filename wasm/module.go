package wasm

import (
	"bytes"
)

// Module is a fetched, verified Wasm module. Its bytes are shared with the
// cache that returned it, so they are reachable only through read-only
// accessors; the exported fields are plain data.
type Module struct {
	// SHA256 is the module's sha256, 64 lowercase hex digits: its name in a
	// Cache and in Handler URLs, and the checksum Envoy verifies.
	SHA256 string
	// Size is the module's length in bytes.
	Size int64
	// Source is the normalised source it was fetched from, without URL
	// credentials; empty for a module looked up by sha256 (Cache.Get).
	Source string
	// ImageDigest is the image manifest digest ("sha256:<hex>") for an OCI
	// source, empty otherwise.
	ImageDigest string

	data []byte
}

func newModule(data []byte, src source, imageDigest string) *Module {
	return &Module{
		SHA256:      sumHex(data),
		Size:        int64(len(data)),
		Source:      src.display,
		ImageDigest: imageDigest,
		data:        data,
	}
}

// Reader returns a reader over the module's bytes.
func (m *Module) Reader() *bytes.Reader { return bytes.NewReader(m.data) }

// Bytes returns a copy of the module's bytes.
func (m *Module) Bytes() []byte { return bytes.Clone(m.data) }
