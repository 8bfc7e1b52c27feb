package yamljson

// Flow collections are handled when they fit on one line and hold plain or
// quoted scalars and other flow collections, as in
//
//	args: ["--port", 8080, {name: x}]
//
// Trailing commas, empty entries, keys without values, "key: value" pairs
// inside sequences, '?' and comments inside report !ok.

// parseFlow parses the flow collection whose '[' or '{' is at p.pos and
// leaves p.pos after its closing bracket.
func (p *parser) parseFlow() (int32, bool) {
	if p.depth++; p.depth > maxDepth {
		return 0, false
	}
	open := p.src[p.pos]
	closer := open + 2 // ']' and '}' follow '[' and '{' by two
	kind := kSeq
	if open == '{' {
		kind = kMap
	}
	n := p.newNode(kind)
	p.pos++
	p.skipSpaces()
	if p.byteAt(p.pos) == closer {
		p.pos++
		p.depth--
		return n, true
	}
	for {
		var key text
		if kind == kMap {
			var ok bool
			if key, ok = p.flowKey(); !ok {
				return 0, false
			}
			p.skipSpaces()
		}
		child, ok := p.flowValue()
		if !ok {
			return 0, false
		}
		p.nodes[child].key = key
		p.addChild(n, child)
		p.skipSpaces()
		switch p.byteAt(p.pos) {
		case ',':
			p.pos++
			p.skipSpaces()
			if p.byteAt(p.pos) == closer {
				return 0, false // trailing comma
			}
		case closer:
			p.pos++
			p.depth--
			return n, true
		default:
			return 0, false
		}
	}
}

// skipSpaces moves p.pos past spaces.
func (p *parser) skipSpaces() {
	for p.pos < len(p.src) && p.src[p.pos] == ' ' {
		p.pos++
	}
}

// flowValue parses an entry of a flow collection at p.pos.
func (p *parser) flowValue() (int32, bool) {
	start := p.pos
	switch c := p.byteAt(start); c {
	case '[', '{':
		return p.parseFlow()
	case '"', '\'':
		if _, ok := p.quotedEnd(start); !ok {
			return 0, false
		}
		t, end, ok := p.parseQuoted(start, -1)
		if !ok {
			return 0, false
		}
		p.pos = end
		n := p.newNode(kString)
		p.nodes[n].val = t
		return n, true
	}
	end, ok := p.scanFlowPlain(start)
	if !ok {
		return 0, false
	}
	p.pos = end
	return p.plainNode(p.srcText(start, trimSpaces(p.src, start, end)))
}

// flowKey parses a key of a flow mapping at p.pos and the ':' after it.
func (p *parser) flowKey() (text, bool) {
	start := p.pos
	switch p.byteAt(start) {
	case '"', '\'':
		if _, ok := p.quotedEnd(start); !ok {
			return text{}, false
		}
		t, end, ok := p.parseQuoted(start, -1)
		if !ok {
			return text{}, false
		}
		p.pos = end
		p.skipSpaces()
		if p.byteAt(p.pos) != ':' || p.pos-start > maxKeyLen {
			return text{}, false
		}
		p.pos++
		return t, true
	}
	end, ok := p.scanFlowPlain(start)
	if !ok || p.byteAt(end) != ':' || end-start > maxKeyLen {
		return text{}, false
	}
	p.pos = end + 1
	return p.plainKey(start, trimSpaces(p.src, start, end), false)
}

// scanFlowPlain scans a plain scalar inside a flow collection from i and
// returns where it stops: at ',', a bracket, or a ':' followed by a
// blank. It fails if the scalar may not start there, contains '?', meets
// a comment, a tab or the end of the line.
func (p *parser) scanFlowPlain(i int) (int, bool) {
	src := p.src
	if i >= len(src) {
		return 0, false
	}
	switch src[i] {
	case ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`', '?', ':', ' ', '\t', '\n':
		return 0, false
	case '-':
		if p.blankAt(i + 1) {
			return 0, false
		}
	}
	for j := i; j < len(src); j++ {
		switch src[j] {
		case ',', '[', ']', '{', '}':
			return j, true
		case ':':
			if p.blankAt(j + 1) {
				return j, true
			}
			if src[j+1] == '\t' {
				return 0, false
			}
		case '#':
			if src[j-1] == ' ' {
				return 0, false
			}
		case '?', '\t', '\n':
			return 0, false
		}
	}
	return 0, false
}
