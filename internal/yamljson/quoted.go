package yamljson

import "unicode/utf8"

// quotedEnd returns the position after the closing quote of the quoted
// scalar that starts at i, if it closes on the same line and holds no tab.
func (p *parser) quotedEnd(i int) (int, bool) {
	src := p.src
	q := src[i]
	for j := i + 1; j < len(src); j++ {
		switch c := src[j]; c {
		case '\n', '\t':
			return 0, false
		case '\\':
			if q == '"' {
				j++ // skip the escaped character; a line break fails above
				if j < len(src) && (src[j] == '\n' || src[j] == '\t') {
					return 0, false
				}
			}
		case q:
			if q == '\'' && j+1 < len(src) && src[j+1] == '\'' {
				j++
				continue
			}
			return j + 1, true
		}
	}
	return 0, false
}

// parseQuoted parses the single- or double-quoted scalar starting at i,
// inside a collection indented by parent, and returns its value and the
// position after the closing quote. Continuation lines must be indented
// more than parent (yaml.v2 does not check; the fast path does).
func (p *parser) parseQuoted(i, parent int) (text, int, bool) {
	src := p.src
	q := src[i]
	// Fast path: no escapes and no line break.
	for j := i + 1; j < len(src); j++ {
		c := src[j]
		if c == q {
			if q == '\'' && j+1 < len(src) && src[j+1] == '\'' {
				break
			}
			return p.srcText(i+1, j), j + 1, true
		}
		if c == '\\' && q == '"' || c == '\n' || c == '\t' {
			break
		}
	}
	off := len(p.scratch)
	j := i + 1
	for {
		if j >= len(src) {
			return text{}, 0, false
		}
		c := src[j]
		switch {
		case c == q:
			if q == '\'' && j+1 < len(src) && src[j+1] == '\'' {
				p.scratch = append(p.scratch, '\'')
				j += 2
				continue
			}
			return text{off: int32(off), end: int32(len(p.scratch)), scratch: true}, j + 1, true
		case c == ' ':
			k := j
			for k < len(src) && src[k] == ' ' {
				k++
			}
			if k < len(src) && src[k] != '\n' {
				p.scratch = append(p.scratch, src[j:k]...)
			}
			j = k // spaces before a line break are dropped
		case c == '\t':
			return text{}, 0, false
		case c == '\n':
			var breaks int
			var ok bool
			if j, breaks, ok = p.quotedBreaks(j+1, parent); !ok {
				return text{}, 0, false
			}
			if breaks == 0 {
				p.scratch = append(p.scratch, ' ')
			}
			for ; breaks > 0; breaks-- {
				p.scratch = append(p.scratch, '\n')
			}
		case c == '\\' && q == '"':
			if j+1 >= len(src) {
				return text{}, 0, false
			}
			if src[j+1] == '\n' {
				// An escaped line break joins the lines without a space.
				var breaks int
				var ok bool
				if j, breaks, ok = p.quotedBreaks(j+2, parent); !ok {
					return text{}, 0, false
				}
				for ; breaks > 0; breaks-- {
					p.scratch = append(p.scratch, '\n')
				}
				continue
			}
			var ok bool
			if j, ok = p.escape(j + 1); !ok {
				return text{}, 0, false
			}
		default:
			p.scratch = append(p.scratch, c)
			j++
		}
	}
}

// quotedBreaks skips the indentation and empty lines that follow a line
// break inside a quoted scalar, starting at the beginning of a line. It
// returns the position of the next character and the number of empty
// lines skipped.
func (p *parser) quotedBreaks(i, parent int) (int, int, bool) {
	src := p.src
	breaks := 0
	for {
		ls := i
		for i < len(src) && src[i] == ' ' {
			i++
		}
		if i == len(src) || src[i] == '\t' {
			return 0, 0, false
		}
		if src[i] == '\n' {
			breaks++
			i++
			continue
		}
		if i-ls <= parent || i == ls {
			// Under-indented (yaml.v2 would accept it, and checks for
			// document markers in column 0; the fast path gives up).
			return 0, 0, false
		}
		return i, breaks, true
	}
}

// escape decodes the double-quoted escape whose letter is at i and
// returns the position after it.
func (p *parser) escape(i int) (int, bool) {
	src := p.src
	var width int
	switch src[i] {
	case '0':
		p.scratch = append(p.scratch, 0)
	case 'a':
		p.scratch = append(p.scratch, '\a')
	case 'b':
		p.scratch = append(p.scratch, '\b')
	case 't':
		p.scratch = append(p.scratch, '\t')
	case 'n':
		p.scratch = append(p.scratch, '\n')
	case 'v':
		p.scratch = append(p.scratch, '\v')
	case 'f':
		p.scratch = append(p.scratch, '\f')
	case 'r':
		p.scratch = append(p.scratch, '\r')
	case 'e':
		p.scratch = append(p.scratch, 0x1b)
	case ' ', '"', '\'', '\\':
		p.scratch = append(p.scratch, src[i])
	case 'N':
		p.scratch = utf8.AppendRune(p.scratch, 0x85)
	case '_':
		p.scratch = utf8.AppendRune(p.scratch, 0xa0)
	case 'L':
		p.scratch = utf8.AppendRune(p.scratch, 0x2028)
	case 'P':
		p.scratch = utf8.AppendRune(p.scratch, 0x2029)
	case 'x':
		width = 2
	case 'u':
		width = 4
	case 'U':
		width = 8
	default:
		return 0, false
	}
	i++
	if width == 0 {
		return i, true
	}
	if i+width > len(src) {
		return 0, false
	}
	var r rune
	for _, c := range src[i : i+width] {
		var d byte
		switch {
		case '0' <= c && c <= '9':
			d = c - '0'
		case 'a' <= c|0x20 && c|0x20 <= 'f':
			d = c | 0x20 - 'a' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(d)
	}
	if 0xd800 <= r && r <= 0xdfff || r > 0x10ffff || r < 0 {
		return 0, false
	}
	p.scratch = utf8.AppendRune(p.scratch, r)
	return i + width, true
}

// parseBlockScalar parses a literal (|) or folded (>) block scalar whose
// indicator is at p.pos, inside a collection indented by parent, and
// moves to the start of the line after it.
func (p *parser) parseBlockScalar(parent int) (text, bool) {
	src := p.src
	literal := src[p.pos] == '|'
	i := p.pos + 1
	chomp, increment := 0, 0
	for k := 0; k < 2 && i < len(src); k++ {
		switch c := src[i]; {
		case (c == '+' || c == '-') && chomp == 0:
			chomp = 1
			if c == '-' {
				chomp = -1
			}
			i++
		case '1' <= c && c <= '9' && increment == 0:
			increment = int(c - '0')
			i++
		}
	}
	p.pos = i
	if i < len(src) && src[i] != ' ' && src[i] != '\n' {
		return text{}, false // '0' indicator, repeated indicators or junk
	}
	if !p.endLine() {
		return text{}, false
	}

	indent := 0
	if increment > 0 {
		indent = max(parent, 0) + increment
	}
	off := len(p.scratch)
	i, col, trailing, ok := p.blockBreaks(p.pos, &indent, parent)
	if !ok {
		return text{}, false
	}
	leadingBreak := false // a line break ends the last content line
	prevBlank := false    // the last content line started with a space
	for i < len(src) && col == indent {
		// i is at column indent of a content line.
		blank := src[i] == ' ' || src[i] == '\t'
		if !literal && leadingBreak && !prevBlank && !blank {
			if trailing == 0 {
				p.scratch = append(p.scratch, ' ')
			}
		} else if leadingBreak {
			p.scratch = append(p.scratch, '\n')
		}
		for ; trailing > 0; trailing-- {
			p.scratch = append(p.scratch, '\n')
		}
		prevBlank = blank
		e := i
		for e < len(src) && src[e] != '\n' {
			e++
		}
		p.scratch = append(p.scratch, src[i:e]...)
		leadingBreak = e < len(src)
		if !leadingBreak {
			i = e
			break
		}
		if i, col, trailing, ok = p.blockBreaks(e+1, &indent, parent); !ok {
			return text{}, false
		}
	}
	if chomp != -1 && leadingBreak {
		p.scratch = append(p.scratch, '\n')
	}
	if chomp == 1 {
		for ; trailing > 0; trailing-- {
			p.scratch = append(p.scratch, '\n')
		}
	}
	// Resume at the start of the line where the scalar ended.
	p.pos = i - col
	if i == len(src) {
		p.pos = i
	}
	return text{off: int32(off), end: int32(len(p.scratch)), scratch: true}, true
}

// blockBreaks skips the indentation and the empty lines of a block scalar
// from the start of a line at i, as yaml.v2's
// yaml_parser_scan_block_scalar_breaks does, fixing *indent if it is still
// 0. It returns the position reached, its column and the number of empty
// lines.
func (p *parser) blockBreaks(i int, indent *int, parent int) (pos, col, breaks int, ok bool) {
	src := p.src
	maxIndent := 0
	var ls int
	for {
		ls = i
		for i < len(src) && src[i] == ' ' && (*indent == 0 || i-ls < *indent) {
			i++
		}
		maxIndent = max(maxIndent, i-ls)
		if i < len(src) && src[i] == '\t' && (*indent == 0 || i-ls < *indent) {
			return 0, 0, 0, false
		}
		if i < len(src) && src[i] == '\n' {
			breaks++
			i++
			continue
		}
		break
	}
	if *indent == 0 {
		*indent = max(maxIndent, parent+1, 1)
	}
	return i, i - ls, breaks, true
}
