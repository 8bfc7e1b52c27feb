package wasmtest

import (
	"crypto/sha256"
	"encoding/binary"
)

// MinModuleSize is the size of the smallest module Module builds: the Wasm
// header followed by an empty custom section named "wasmtest".
const MinModuleSize = 8 + 1 + 5 + 1 + len(sectionName)

const sectionName = "wasmtest"

// Module returns a valid WebAssembly module of exactly size bytes whose
// content is determined by seed: the same seed and size always give the same
// bytes, and different seeds give different bytes (and so different sha256
// sums). The module holds only a custom section, so any Wasm runtime accepts
// it. A size below MinModuleSize is raised to MinModuleSize.
func Module(seed string, size int) []byte {
	size = max(size, MinModuleSize)
	// Layout: magic, version, section id 0, the section length as a
	// five-byte LEB128 (the spec allows padded encodings up to five bytes,
	// which makes the total size exact), then the section: name length,
	// name, payload.
	out := make([]byte, 0, size)
	out = append(out, 0x00, 'a', 's', 'm', 0x01, 0x00, 0x00, 0x00, 0x00)
	n := uint32(size - len(out) - 5)
	out = append(out, byte(n&0x7f|0x80), byte(n>>7&0x7f|0x80), byte(n>>14&0x7f|0x80), byte(n>>21&0x7f|0x80), byte(n>>28&0x0f))
	out = append(out, byte(len(sectionName)))
	out = append(out, sectionName...)
	return append(out, payload(seed, size-len(out))...)
}

// payload returns n pseudo-random bytes derived from seed (sha256 in counter
// mode), so that modules do not compress to nothing.
func payload(seed string, n int) []byte {
	out := make([]byte, 0, n+sha256.Size)
	var ctr [8]byte
	for i := uint64(0); len(out) < n; i++ {
		binary.BigEndian.PutUint64(ctr[:], i)
		h := sha256.New()
		h.Write([]byte(seed))
		h.Write(ctr[:])
		out = h.Sum(out)
	}
	return out[:n]
}
