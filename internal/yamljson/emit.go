package yamljson

import (
	"bytes"
	"encoding/binary"
	"slices"
)

// emit appends the JSON form of node n to dst. It fails on duplicate
// mapping keys.
func (p *parser) emit(dst []byte, n int32) ([]byte, bool) {
	nd := &p.nodes[n]
	switch nd.kind {
	case kNull:
		return append(dst, "null"...), true
	case kTrue:
		return append(dst, "true"...), true
	case kFalse:
		return append(dst, "false"...), true
	case kRaw:
		return append(dst, p.bytes(nd.val)...), true
	case kString:
		return p.appendText(dst, nd.val), true
	case kSeq:
		dst = append(dst, '[')
		for c := nd.first; c >= 0; c = p.nodes[c].next {
			if c != nd.first {
				dst = append(dst, ',')
			}
			var ok bool
			if dst, ok = p.emit(dst, c); !ok {
				return dst, false
			}
		}
		return append(dst, ']'), true
	}
	return p.emitMap(dst, n)
}

// emitMap appends mapping n with its keys sorted, as encoding/json writes
// a map[string]any.
func (p *parser) emitMap(dst []byte, n int32) ([]byte, bool) {
	start := len(p.order)
	for c := p.nodes[n].first; c >= 0; c = p.nodes[c].next {
		p.order = append(p.order, entry{prefix: keyPrefix(p.bytes(p.nodes[c].key)), node: c})
	}
	end := len(p.order)
	kids := p.order[start:end]
	if len(kids) <= 12 {
		for i := 1; i < len(kids); i++ {
			e := kids[i]
			j := i
			for ; j > 0 && p.compare(kids[j-1], e) > 0; j-- {
				kids[j] = kids[j-1]
			}
			kids[j] = e
		}
	} else {
		slices.SortFunc(kids, p.compare)
	}
	dst = append(dst, '{')
	for i := start; i < end; i++ {
		e := p.order[i] // p.order may move while children are emitted
		if i > start {
			if p.compare(p.order[i-1], e) == 0 {
				return dst, false // yaml.v2 would keep the last; we do not guess
			}
			dst = append(dst, ',')
		}
		dst = p.appendText(dst, p.nodes[e.node].key)
		dst = append(dst, ':')
		var ok bool
		if dst, ok = p.emit(dst, e.node); !ok {
			return dst, false
		}
	}
	p.order = p.order[:start]
	return append(dst, '}'), true
}

// entry is a mapping child being sorted by key.
type entry struct {
	prefix uint64 // keyPrefix of the key
	node   int32
}

// keyPrefix packs the first eight bytes of key, zero-padded, big-endian,
// so that comparing prefixes orders keys as bytes.Compare does whenever
// the prefixes differ.
func keyPrefix(key []byte) uint64 {
	if len(key) >= 8 {
		return binary.BigEndian.Uint64(key)
	}
	var x uint64
	for i, c := range key {
		x |= uint64(c) << (56 - 8*i)
	}
	return x
}

// compare orders mapping children by key.
func (p *parser) compare(a, b entry) int {
	if a.prefix != b.prefix {
		if a.prefix < b.prefix {
			return -1
		}
		return 1
	}
	return bytes.Compare(p.bytes(p.nodes[a.node].key), p.bytes(p.nodes[b.node].key))
}

// appendText appends t as a JSON string.
func (p *parser) appendText(dst []byte, t text) []byte {
	if t.clean {
		dst = append(dst, '"')
		dst = append(dst, p.bytes(t)...)
		return append(dst, '"')
	}
	return appendString(dst, p.bytes(t))
}

// jsonSafe marks the ASCII bytes encoding/json copies into a string as
// they are (with HTML escaping on, as json.Marshal has it).
var jsonSafe [128]bool

func init() {
	for c := 0x20; c < 0x80; c++ {
		jsonSafe[c] = true
	}
	for _, c := range `"\<>&` {
		jsonSafe[c] = false
	}
}

const hexDigits = "0123456789abcdef"

// appendString appends s, which is valid UTF-8, as a JSON string escaped
// exactly as encoding/json escapes it.
func appendString(dst, s []byte) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < 0x80 {
			if jsonSafe[c] {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		// U+2028 and U+2029 are escaped; everything else is copied.
		if c == 0xe2 && i+2 < len(s) && s[i+1] == 0x80 && s[i+2]&^1 == 0xa8 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[s[i+2]&0xf])
			i += 3
			start = i
			continue
		}
		i++
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
