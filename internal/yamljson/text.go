package yamljson

import (
	"encoding/binary"
	"unicode/utf8"
)

// asciiOK marks the ASCII bytes that may appear anywhere in a document the
// fast path accepts: printable characters, line feed and tab. yaml.v2
// rejects the other control characters; carriage returns it accepts, but
// the fast path does not handle them.
var asciiOK = [128]bool{'\n': true, '\t': true}

func init() {
	for c := 0x20; c < 0x7f; c++ {
		asciiOK[c] = true
	}
}

// validText reports whether doc is valid UTF-8 made only of characters
// yaml.v2 accepts, excluding the ones that are line breaks or byte order
// marks in YAML 1.1 (U+0085, U+2028, U+2029, U+FEFF) and carriage returns.
func validText(doc []byte) bool {
	const (
		ones  = 0x0101010101010101
		highs = 0x8080808080808080
	)
	for i := 0; i < len(doc); {
		// Eight bytes at a time while they are printable ASCII, line feeds
		// and tabs. With no high bit set, each byte minus a constant
		// below 0x80 borrows from nowhere once the high bit is forced on,
		// so the tests below are exact per byte.
		if i+8 <= len(doc) {
			w := binary.LittleEndian.Uint64(doc[i:])
			if w&highs == 0 && (w+ones)&highs == 0 { // no byte >= 0x7f
				ctl := ^((w | highs) - 0x20*ones) & highs         // bytes < 0x20
				lf := ^(((w ^ '\n'*ones) | highs) - ones) & highs // bytes == '\n'
				tab := ^(((w ^ '\t'*ones) | highs) - ones) & highs
				if ctl&^(lf|tab) == 0 {
					i += 8
					continue
				}
			}
		}
		c := doc[i]
		if c < utf8.RuneSelf {
			if !asciiOK[c] {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(doc[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			return false
		case r < 0xa0, r == 0x2028, r == 0x2029, r == 0xfeff, r == 0xfffe, r == 0xffff:
			return false
		}
		i += size
	}
	return true
}
