package yamljson

import "bytes"

// Node kinds.
const (
	kNull uint8 = iota
	kTrue
	kFalse
	kRaw    // val is written as it is (a number)
	kString // val is written as a JSON string
	kSeq
	kMap
)

// maxDepth bounds the nesting of collections; deeper documents report !ok.
const maxDepth = 1000

// maxKeyLen bounds the length of a key and the space before its ':'.
// yaml.v2 gives up on simple keys of more than 1024 characters.
const maxKeyLen = 1000

// Results of nextLine besides a column.
const (
	atEOF = -1
	bad   = -2
)

// text locates bytes in the source document or in the scratch buffer.
// clean records that they hold no byte JSON escapes.
type text struct {
	off, end int32
	scratch  bool
	clean    bool
}

// node is one value of the document tree. Children of a collection are
// linked through next; a mapping's children carry their key.
type node struct {
	kind              uint8
	val               text
	key               text
	first, last, next int32
}

// parser turns a document into a tree of nodes. Parse functions report
// failure by returning false; the document is then outside the subset.
type parser struct {
	src     []byte
	pos     int
	depth   int
	nodes   []node
	scratch []byte
	order   []entry // emit's stack of mapping children being sorted

	// The last plain line startsKey scanned, for parseKey.
	keyAt   int
	keyLine plainLine
}

func (p *parser) newNode(kind uint8) int32 {
	p.nodes = append(p.nodes, node{kind: kind, first: -1, last: -1, next: -1})
	return int32(len(p.nodes) - 1)
}

func (p *parser) addChild(parent, child int32) {
	if last := p.nodes[parent].last; last >= 0 {
		p.nodes[last].next = child
	} else {
		p.nodes[parent].first = child
	}
	p.nodes[parent].last = child
}

func (p *parser) srcText(lo, hi int) text { return text{off: int32(lo), end: int32(hi)} }

// byteAt returns src[i], or 0 past the end.
func (p *parser) byteAt(i int) byte {
	if i < len(p.src) {
		return p.src[i]
	}
	return 0
}

// blankAt reports whether position i holds a space, a line break or the
// end of the document (yaml.v2's is_blankz without tab, which the fast
// path never accepts in these places).
func (p *parser) blankAt(i int) bool {
	c := p.byteAt(i)
	return c == ' ' || c == '\n' || c == 0
}

// isEntry reports whether position i starts a block sequence entry.
func (p *parser) isEntry(i int) bool {
	return p.byteAt(i) == '-' && p.blankAt(i+1)
}

// nextLine moves from the start of a line to the first character of the
// next line that has content, skipping blank and comment lines, and
// returns its column. It returns atEOF when there is none, and bad for a
// tab in indentation or a document marker.
func (p *parser) nextLine() int {
	src := p.src
	i := p.pos
	for i < len(src) {
		ls := i
		for i < len(src) && src[i] == ' ' {
			i++
		}
		if i == len(src) {
			break
		}
		switch src[i] {
		case '\n':
			i++
			continue
		case '#':
			nl := bytes.IndexByte(src[i:], '\n')
			if nl < 0 {
				i = len(src)
			} else {
				i += nl + 1
			}
			continue
		case '\t':
			return bad
		}
		col := i - ls
		if col == 0 && isDocMarker(src[i:]) {
			return bad
		}
		p.pos = i
		return col
	}
	p.pos = len(src)
	return atEOF
}

// isDocMarker reports whether s starts with "---" or "..." followed by a
// blank or the end.
func isDocMarker(s []byte) bool {
	if len(s) < 3 || !(s[0] == '-' && s[1] == '-' && s[2] == '-' || s[0] == '.' && s[1] == '.' && s[2] == '.') {
		return false
	}
	return len(s) == 3 || s[3] == ' ' || s[3] == '\n' || s[3] == '\t'
}

// endLine checks that only blanks and a comment follow on the current line
// and moves to the start of the next line.
func (p *parser) endLine() bool {
	src := p.src
	i := p.pos
	start := i
	for i < len(src) && src[i] == ' ' {
		i++
	}
	if i == len(src) {
		p.pos = i
		return true
	}
	switch src[i] {
	case '\n':
		p.pos = i + 1
		return true
	case '#':
		if i == start {
			return false
		}
		p.skipLine(i)
		return true
	}
	return false
}

// skipLine moves to the start of the line after the one holding i.
func (p *parser) skipLine(i int) {
	nl := bytes.IndexByte(p.src[i:], '\n')
	if nl < 0 {
		p.pos = len(p.src)
	} else {
		p.pos = i + nl + 1
	}
}

// parseDocument parses the whole document and returns the root node.
func (p *parser) parseDocument() (int32, bool) {
	col := p.nextLine()
	switch col {
	case bad:
		return 0, false
	case atEOF:
		return p.newNode(kNull), true
	}
	root, next, ok := p.parseBlock(col, -1)
	return root, ok && next == atEOF
}

// parseBlock parses the node whose first character is at p.pos, in column
// col. parent is the indentation of the enclosing collection (-1 at the
// root). It returns the node and the column of the line that follows it,
// with p.pos at that line's first character.
func (p *parser) parseBlock(col, parent int) (int32, int, bool) {
	if p.isEntry(p.pos) {
		return p.parseSeq(col)
	}
	isKey, ok := p.startsKey()
	if !ok {
		return 0, 0, false
	}
	if isKey {
		return p.parseMap(col)
	}
	n, ok := p.parseInline(parent)
	if !ok {
		return 0, 0, false
	}
	next := p.nextLine()
	return n, next, next != bad
}

// startsKey reports whether a mapping key starts at p.pos.
func (p *parser) startsKey() (isKey, ok bool) {
	switch c := p.src[p.pos]; {
	case c == '"' || c == '\'':
		end, ok := p.quotedEnd(p.pos)
		if !ok {
			// Spanning lines or holding a tab: not a key, or not for us.
			return false, true
		}
		i := end
		for i < len(p.src) && p.src[i] == ' ' {
			i++
		}
		return p.byteAt(i) == ':' && p.blankAt(i+1), true
	case p.plainStart(p.pos):
		l, ok := p.scanPlainLine(p.pos)
		p.keyAt, p.keyLine = p.pos, l
		return l.colon >= 0, ok
	}
	return false, true
}

// plainStart reports whether a plain scalar may start at i in block
// context.
func (p *parser) plainStart(i int) bool {
	switch p.src[i] {
	case ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`', ' ', '\t', '\n':
		return false
	case '-', '?', ':':
		return !p.blankAt(i + 1)
	}
	return true
}

// plainLine is what scanPlainLine found on a line.
type plainLine struct {
	colon   int  // the ':' ending a key, or -1
	end     int  // the end of the text, trailing spaces excluded
	next    int  // the start of the next line, or -1 if not known
	comment bool // a comment ends the text
	clean   bool // the text holds no byte JSON escapes
}

// Classes of bytes for scanPlainLine.
const (
	plainPlain = iota
	plainStop
	plainEscape // a byte JSON escapes, or the start of a multi-byte character
)

// plainClass classifies bytes for scanPlainLine.
var plainClass = [256]uint8{
	'\n': plainStop, ':': plainStop, '#': plainStop, '\t': plainStop,
	'"': plainEscape, '\\': plainEscape, '<': plainEscape, '>': plainEscape, '&': plainEscape,
}

func init() {
	for c := 0x80; c < 0x100; c++ {
		plainClass[c] = plainEscape
	}
}

// scanPlainLine scans a plain scalar from i to the end of its line. If a
// ':' followed by a blank ends it, l.colon is that position and l.end the
// end of the text before it. Otherwise l.colon is -1 and l.end is the end
// of the text, which a comment or the end of the line follows. A tab
// reports !ok.
func (p *parser) scanPlainLine(i int) (l plainLine, ok bool) {
	src := p.src
	clean := true
	j := i
	for ; j < len(src); j++ {
		switch plainClass[src[j]] {
		case plainPlain:
			continue
		case plainEscape:
			clean = false
			continue
		}
		switch src[j] {
		case '\n':
			return plainLine{colon: -1, end: trimSpaces(src, i, j), next: j + 1, clean: clean}, true
		case ':':
			if j+1 == len(src) || src[j+1] == ' ' || src[j+1] == '\n' {
				return plainLine{colon: j, end: trimSpaces(src, i, j), next: -1, clean: clean}, true
			}
			if src[j+1] == '\t' {
				return plainLine{}, false
			}
		case '#':
			if j > i && src[j-1] == ' ' {
				return plainLine{colon: -1, end: trimSpaces(src, i, j), next: -1, comment: true, clean: clean}, true
			}
		case '\t':
			return plainLine{}, false
		}
	}
	return plainLine{colon: -1, end: trimSpaces(src, i, j), next: j, clean: clean}, true
}

// finishLine moves to the start of the line after l.
func (p *parser) finishLine(l plainLine) {
	if l.next >= 0 {
		p.pos = l.next
	} else {
		p.skipLine(l.end)
	}
}

// trimSpaces returns the end of src[i:j] without trailing spaces.
func trimSpaces(src []byte, i, j int) int {
	for j > i && src[j-1] == ' ' {
		j--
	}
	return j
}

// parseMap parses a block mapping whose first key is at p.pos, column col.
func (p *parser) parseMap(col int) (int32, int, bool) {
	if p.depth++; p.depth > maxDepth {
		return 0, 0, false
	}
	m := p.newNode(kMap)
	for {
		key, ok := p.parseKey()
		if !ok {
			return 0, 0, false
		}
		v, next, ok := p.parseValue(col)
		if !ok {
			return 0, 0, false
		}
		p.nodes[v].key = key
		p.addChild(m, v)
		switch {
		case next == col:
			if p.isEntry(p.pos) {
				return 0, 0, false
			}
			isKey, ok := p.startsKey()
			if !ok || !isKey {
				return 0, 0, false
			}
		case next > col:
			return 0, 0, false
		default: // a less indented line, the end, or bad
			p.depth--
			return m, next, next != bad
		}
	}
}

// parseKey parses the key at p.pos and the ':' after it, leaving p.pos
// after the ':'.
func (p *parser) parseKey() (text, bool) {
	start := p.pos
	var key text
	switch c := p.src[start]; {
	case c == '"' || c == '\'':
		k, end, ok := p.parseQuoted(start, -1)
		if !ok {
			return text{}, false
		}
		key = k
		i := end
		for i < len(p.src) && p.src[i] == ' ' {
			i++
		}
		if p.byteAt(i) != ':' || i-start > maxKeyLen {
			return text{}, false
		}
		p.pos = i + 1
	default:
		l, ok := p.keyLine, true
		if p.keyAt != start {
			l, ok = p.scanPlainLine(start)
		}
		if !ok || l.colon < 0 || l.colon-start > maxKeyLen {
			return text{}, false
		}
		if !p.plainStart(start) {
			return text{}, false
		}
		p.pos = l.colon + 1
		return p.plainKey(start, l.end, l.clean)
	}
	return key, true
}

// plainKey resolves the plain key src[start:end] to the string YAMLToJSON
// makes of it.
func (p *parser) plainKey(start, end int, clean bool) (text, bool) {
	s := p.src[start:end]
	if len(s) == 2 && s[0] == '<' && s[1] == '<' {
		return text{}, false // merge key
	}
	switch r, lo, hi, _ := resolvePlain(s); r {
	case resString:
		return text{off: int32(start), end: int32(end), clean: clean}, true
	case resInt:
		return text{off: int32(start + lo), end: int32(start + hi), clean: true}, true
	case resTrue:
		return p.scratchText("true"), true
	case resFalse:
		return p.scratchText("false"), true
	}
	return text{}, false
}

// scratchText appends s to the scratch buffer.
func (p *parser) scratchText(s string) text {
	off := len(p.scratch)
	p.scratch = append(p.scratch, s...)
	return text{off: int32(off), end: int32(len(p.scratch)), scratch: true, clean: true}
}

// parseValue parses the value of a mapping entry in column col, p.pos
// being just after the ':'.
func (p *parser) parseValue(col int) (int32, int, bool) {
	src := p.src
	i := p.pos
	for i < len(src) && src[i] == ' ' {
		i++
	}
	if i == len(src) || src[i] == '\n' || src[i] == '#' {
		// The value, if any, is on the following lines.
		p.skipLine(i)
		next := p.nextLine()
		switch {
		case next > col:
			return p.parseBlock(next, col)
		case next == col && p.isEntry(p.pos):
			return p.parseSeq(col)
		}
		return p.newNode(kNull), next, next != bad
	}
	p.pos = i
	n, ok := p.parseInline(col)
	if !ok {
		return 0, 0, false
	}
	next := p.nextLine()
	return n, next, next != bad
}

// parseSeq parses a block sequence whose first '-' is at p.pos, column col.
func (p *parser) parseSeq(col int) (int32, int, bool) {
	if p.depth++; p.depth > maxDepth {
		return 0, 0, false
	}
	s := p.newNode(kSeq)
	src := p.src
	for {
		dash := p.pos
		i := dash + 1
		for i < len(src) && src[i] == ' ' {
			i++
		}
		var item int32
		var next int
		var ok bool
		if i == len(src) || src[i] == '\n' || src[i] == '#' {
			if i < len(src) && src[i] == '#' && i == dash+1 {
				return 0, 0, false
			}
			p.skipLine(i)
			next = p.nextLine()
			if next > col {
				item, next, ok = p.parseBlock(next, col)
			} else {
				item, ok = p.newNode(kNull), next != bad
			}
		} else {
			p.pos = i
			ic := col + i - dash
			if p.isEntry(i) {
				item, next, ok = p.parseSeq(ic)
			} else {
				var isKey bool
				isKey, ok = p.startsKey()
				switch {
				case !ok:
				case isKey:
					item, next, ok = p.parseMap(ic)
				default:
					item, ok = p.parseInline(col)
					if ok {
						next = p.nextLine()
						ok = next != bad
					}
				}
			}
		}
		if !ok {
			return 0, 0, false
		}
		p.addChild(s, item)
		switch {
		case next == col && p.isEntry(p.pos):
			continue
		case next > col:
			return 0, 0, false
		}
		p.depth--
		return s, next, true
	}
}

// parseInline parses a scalar or an empty flow collection that starts at
// p.pos, inside a collection indented by parent, and moves to the start of
// the next line.
func (p *parser) parseInline(parent int) (int32, bool) {
	start := p.pos
	switch c := p.src[start]; c {
	case '"', '\'':
		t, end, ok := p.parseQuoted(start, parent)
		if !ok {
			return 0, false
		}
		p.pos = end
		if !p.endLine() {
			return 0, false
		}
		n := p.newNode(kString)
		p.nodes[n].val = t
		return n, true
	case '|', '>':
		t, ok := p.parseBlockScalar(parent)
		if !ok {
			return 0, false
		}
		n := p.newNode(kString)
		p.nodes[n].val = t
		return n, true
	case '[', '{':
		n, ok := p.parseFlow()
		if !ok || !p.endLine() {
			return 0, false
		}
		return n, true
	}
	if !p.plainStart(start) {
		return 0, false
	}
	return p.parsePlain(parent)
}

// parsePlain parses a plain scalar value starting at p.pos, continued on
// the following lines that are indented more than parent, and moves to
// the start of the line after it.
func (p *parser) parsePlain(parent int) (int32, bool) {
	src := p.src
	start := p.pos
	l, ok := p.scanPlainLine(start)
	if !ok || l.colon >= 0 {
		return 0, false
	}
	t := text{off: int32(start), end: int32(l.end), clean: l.clean}
	p.finishLine(l)
	if !l.comment {
		// Look for continuation lines.
		multi := false
		for {
			i := p.pos
			breaks := 0
			var ls int
			for {
				ls = i
				for i < len(src) && src[i] == ' ' {
					i++
				}
				if i < len(src) && src[i] == '\n' {
					breaks++
					i++
					continue
				}
				break
			}
			if i == len(src) || i-ls <= parent || src[i] == '#' {
				break
			}
			if src[i] == '\t' || i-ls == 0 && isDocMarker(src[i:]) {
				return 0, false
			}
			l, ok := p.scanPlainLine(i)
			if !ok || l.colon >= 0 {
				return 0, false
			}
			if !multi {
				multi = true
				off := len(p.scratch)
				p.scratch = append(p.scratch, src[t.off:t.end]...)
				t = text{off: int32(off), scratch: true}
			}
			if breaks == 0 {
				p.scratch = append(p.scratch, ' ')
			} else {
				for ; breaks > 0; breaks-- {
					p.scratch = append(p.scratch, '\n')
				}
			}
			p.scratch = append(p.scratch, src[i:l.end]...)
			p.finishLine(l)
			if l.comment {
				break
			}
		}
		if multi {
			t.end = int32(len(p.scratch))
		}
	}
	return p.plainNode(t)
}

// plainNode makes the node of a plain scalar with text t.
func (p *parser) plainNode(t text) (int32, bool) {
	s := p.bytes(t)
	r, lo, hi, f := resolvePlain(s)
	var n int32
	switch r {
	case resString:
		n = p.newNode(kString)
		p.nodes[n].val = t
	case resNull:
		n = p.newNode(kNull)
	case resTrue:
		n = p.newNode(kTrue)
	case resFalse:
		n = p.newNode(kFalse)
	case resInt:
		n = p.newNode(kRaw)
		p.nodes[n].val = text{off: t.off + int32(lo), end: t.off + int32(hi), scratch: t.scratch, clean: true}
	case resFloat:
		n = p.newNode(kRaw)
		off := len(p.scratch)
		p.scratch = appendFloat(p.scratch, f)
		p.nodes[n].val = text{off: int32(off), end: int32(len(p.scratch)), scratch: true, clean: true}
	default:
		return 0, false
	}
	return n, true
}

// bytes returns the bytes t locates.
func (p *parser) bytes(t text) []byte {
	if t.scratch {
		return p.scratch[t.off:t.end]
	}
	return p.src[t.off:t.end]
}
