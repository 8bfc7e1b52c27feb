// Package cel parses the Common Expression Language expressions of
// SecurityPolicy authorization rules into cel.dev/expr protos, for the
// translator (which rejects a policy whose expression does not parse) and
// package xds (which puts the parsed form into RBAC matchers).
package cel

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	exprpb "cel.dev/expr"
	"google.golang.org/protobuf/types/known/structpb"
)

// Envoy's CEL matcher takes an expression in parsed form: the syntax tree,
// every node numbered, with the source offset of each number. Envoy Gateway
// produces it with cel-go's parser in its default configuration (the
// standard macros, balanced && and || trees, the hidden accumulator name
// @result, no optional syntax, macro calls not recorded). Parse is an
// independent parser for the same language that numbers nodes and expands
// macros exactly as that parser does, so that the same expression always
// gives the same parsed form, without the cel-go dependency.
//
// Parsing has two steps, as in cel-go: a syntax tree of the source (with
// the token that positions each node), then a walk that numbers the nodes
// in cel-go's visiting order and expands macros into comprehensions.

// CEL parser limits, cel-go's defaults.
const (
	celMaxCodePoints = 100000
	celMaxDepth      = 250
	// celLocation is the source description cel-go records.
	celLocation = "<input>"
	// celAccumulator is the accumulator variable of expanded macros.
	celAccumulator = "@result"
	// celOldAccumulator may not name an iteration variable either.
	celOldAccumulator = "__result__"
)

// Parse parses src, or returns an error saying what is wrong.
func Parse(src string) (*exprpb.ParsedExpr, error) {
	if !utf8.ValidString(src) {
		return nil, errors.New("expression must be valid UTF-8")
	}
	rs := []rune(src)
	if len(rs) > celMaxCodePoints {
		return nil, fmt.Errorf("expression has %d code points, more than %d", len(rs), celMaxCodePoints)
	}
	toks, err := celLex(rs)
	if err != nil {
		return nil, err
	}
	p := &celParser{toks: toks}
	n, err := p.parseExpr()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != celEOF {
		return nil, celErrorAt(t, "unexpected %s", t.describe())
	}
	v := &celVisitor{next: 1, pos: map[int64]int32{}}
	e, err := v.visit(n)
	if err != nil {
		return nil, err
	}
	return &exprpb.ParsedExpr{Expr: e, SourceInfo: &exprpb.SourceInfo{
		Location:    celLocation,
		LineOffsets: celLineOffsets(rs),
		Positions:   v.pos,
	}}, nil
}

// celLineOffsets are the offsets at which each line after the first starts,
// then the length of the source plus one.
func celLineOffsets(rs []rune) []int32 {
	var out []int32
	for i, r := range rs {
		if r == '\n' {
			out = append(out, int32(i+1))
		}
	}
	return append(out, int32(len(rs)+1))
}

// Lexing.

type celTokKind int

const (
	celEOF celTokKind = iota
	celIdent
	celEscIdent
	celInt
	celUint
	celFloat
	celString
	celBytes
	celTrue
	celFalse
	celNull
	celIn
	celPunct
)

// celToken is one token: its kind, its source text and the offset (in code
// points) where it starts.
type celToken struct {
	kind celTokKind
	text string
	pos  int32
}

func (t celToken) describe() string {
	if t.kind == celEOF {
		return "end of expression"
	}
	return strconv.Quote(t.text)
}

func (t celToken) is(punct string) bool { return t.kind == celPunct && t.text == punct }

func celErrorAt(t celToken, format string, args ...any) error {
	return fmt.Errorf("offset %d: %s", t.pos, fmt.Sprintf(format, args...))
}

// celKeywords are the words that are tokens of their own rather than
// identifiers.
var celKeywords = map[string]celTokKind{"true": celTrue, "false": celFalse, "null": celNull, "in": celIn}

// celPuncts are the operators and delimiters, two-character ones first.
var celPuncts = []string{"==", "!=", "<=", ">=", "&&", "||", "<", ">", "[", "]", "{", "}", "(", ")", ".", ",", "-", "!", "?", ":", "+", "*", "/", "%"}

// celLex splits rs into tokens, taking at each point the longest token that
// matches (a keyword over an identifier of the same length), as CEL's
// grammar does.
func celLex(rs []rune) ([]celToken, error) {
	var toks []celToken
	i := 0
	for i < len(rs) {
		c := rs[i]
		switch {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f':
			i++
			continue
		case c == '/' && i+1 < len(rs) && rs[i+1] == '/':
			for i < len(rs) && rs[i] != '\n' {
				i++
			}
			continue
		}
		kind, n := celPunct, 0
		for _, p := range celPuncts {
			if celHasPrefix(rs[i:], p) {
				n = len(p)
				break
			}
		}
		if k, m := celMatchNumber(rs, i); m > n {
			kind, n = k, m
		}
		if m := celMatchString(rs, i); m > n {
			kind, n = celString, m
		}
		if (c == 'b' || c == 'B') && i+1 < len(rs) {
			if m := celMatchString(rs, i+1); m > 0 && m+1 > n {
				kind, n = celBytes, m+1
			}
		}
		if m := celMatchIdent(rs, i); m > n {
			kind, n = celIdent, m
			if k, ok := celKeywords[string(rs[i:i+m])]; ok {
				kind = k
			}
		}
		if m := celMatchEscIdent(rs, i); m > n {
			kind, n = celEscIdent, m
		}
		if n == 0 {
			return nil, fmt.Errorf("offset %d: unexpected character %q", i, c)
		}
		toks = append(toks, celToken{kind: kind, text: string(rs[i : i+n]), pos: int32(i)})
		i += n
	}
	return append(toks, celToken{kind: celEOF, pos: int32(len(rs))}), nil
}

func celHasPrefix(rs []rune, p string) bool {
	if len(rs) < len(p) {
		return false
	}
	for j := range len(p) {
		if rs[j] != rune(p[j]) {
			return false
		}
	}
	return true
}

func celDigit(r rune) bool  { return r >= '0' && r <= '9' }
func celLetter(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }
func celHex(r rune) bool    { return celDigit(r) || r >= 'a' && r <= 'f' || r >= 'A' && r <= 'F' }

// celRun returns the length of the run of runes from i that satisfy f.
func celRun(rs []rune, i int, f func(rune) bool) int {
	n := 0
	for i+n < len(rs) && f(rs[i+n]) {
		n++
	}
	return n
}

// celMatchNumber returns the kind and length of the longest number
// literal at i: a float (digits.digits, digits with an exponent, .digits),
// an int (digits, 0x and hex digits) or a uint (an int and u).
func celMatchNumber(rs []rune, i int) (celTokKind, int) {
	exponent := func(j int) int {
		if j >= len(rs) || rs[j] != 'e' && rs[j] != 'E' {
			return 0
		}
		k := j + 1
		if k < len(rs) && (rs[k] == '+' || rs[k] == '-') {
			k++
		}
		if d := celRun(rs, k, celDigit); d > 0 {
			return k + d - j
		}
		return 0
	}
	kind, best := celPunct, 0
	digits := celRun(rs, i, celDigit)
	if digits > 0 {
		n := digits
		if i+n < len(rs) && rs[i+n] == '.' {
			if f := celRun(rs, i+n+1, celDigit); f > 0 {
				n += 1 + f
				n += exponent(i + n)
				kind, best = celFloat, n
			}
		}
		if e := exponent(i + digits); e > 0 && digits+e > best {
			kind, best = celFloat, digits+e
		}
		intLen := digits
		if celHasPrefix(rs[i:], "0x") {
			if h := celRun(rs, i+2, celHex); h > 0 {
				intLen = 2 + h
			}
		}
		if intLen > best {
			kind, best = celInt, intLen
		}
		if i+intLen < len(rs) && (rs[i+intLen] == 'u' || rs[i+intLen] == 'U') && intLen+1 > best {
			kind, best = celUint, intLen+1
		}
		return kind, best
	}
	if rs[i] == '.' {
		if f := celRun(rs, i+1, celDigit); f > 0 {
			return celFloat, 1 + f + exponent(i+1+f)
		}
	}
	return kind, 0
}

// celMatchIdent returns the length of the identifier at i, or 0.
func celMatchIdent(rs []rune, i int) int {
	if !celLetter(rs[i]) && rs[i] != '_' {
		return 0
	}
	return 1 + celRun(rs, i+1, func(r rune) bool { return celLetter(r) || celDigit(r) || r == '_' })
}

// celMatchEscIdent returns the length of the back-quoted identifier at i,
// or 0.
func celMatchEscIdent(rs []rune, i int) int {
	if rs[i] != '`' {
		return 0
	}
	n := celRun(rs, i+1, func(r rune) bool {
		return celLetter(r) || celDigit(r) || strings.ContainsRune("_.-/ ", r)
	})
	if n == 0 || i+1+n >= len(rs) || rs[i+1+n] != '`' {
		return 0
	}
	return n + 2
}

// celMatchEscape returns the length of the escape sequence at i (which
// holds a backslash), or 0 when it is not one.
func celMatchEscape(rs []rune, i int) int {
	if i+1 >= len(rs) {
		return 0
	}
	hexRun := func(n int) int {
		if celRun(rs, i+2, celHex) >= n {
			return 2 + n
		}
		return 0
	}
	switch c := rs[i+1]; {
	case strings.ContainsRune("abfnrtv\"'\\?`", c):
		return 2
	case c >= '0' && c <= '3':
		if i+3 < len(rs) && rs[i+2] >= '0' && rs[i+2] <= '7' && rs[i+3] >= '0' && rs[i+3] <= '7' {
			return 4
		}
	case c == 'x' || c == 'X':
		return hexRun(2)
	case c == 'u':
		return hexRun(4)
	case c == 'U':
		return hexRun(8)
	}
	return 0
}

// celMatchString returns the length of the string literal at i (quoted
// with ' or ", single or tripled, optionally raw with an r prefix), or 0.
// A triple-quoted literal ends at the first closing triple; a single-quoted
// one may not span lines. Only raw literals may hold a backslash that does
// not start an escape sequence.
func celMatchString(rs []rune, i int) int {
	j, raw := i, false
	if rs[j] == 'r' || rs[j] == 'R' {
		raw = true
		j++
	}
	if j >= len(rs) || rs[j] != '"' && rs[j] != '\'' {
		return 0
	}
	q := rs[j]
	triple := string([]rune{q, q, q})
	if celHasPrefix(rs[j:], triple) {
		for k := j + 3; k < len(rs); {
			if celHasPrefix(rs[k:], triple) {
				return k + 3 - i
			}
			if rs[k] == '\\' && !raw {
				e := celMatchEscape(rs, k)
				if e == 0 {
					break
				}
				k += e
				continue
			}
			k++
		}
	}
	for k := j + 1; k < len(rs); {
		switch {
		case rs[k] == q:
			return k + 1 - i
		case rs[k] == '\n' || rs[k] == '\r':
			return 0
		case rs[k] == '\\' && !raw:
			e := celMatchEscape(rs, k)
			if e == 0 {
				return 0
			}
			k += e
		default:
			k++
		}
	}
	return 0
}

// Parsing into a syntax tree.

type celNodeKind int

const (
	celNodeIdent      celNodeKind = iota // name; tok: the identifier
	celNodeGlobalCall                    // name(args); tok: (
	celNodeSelect                        // target.name; tok: .
	celNodeMemberCall                    // target.name(args); tok: (
	celNodeIndex                         // target[args[0]]; tok: [
	celNodeList                          // [args]; tok: [
	celNodeMap                           // {keys[i]: args[i]}; tok: {, cols: the colons
	celNodeMessage                       // name{fields[i]: args[i]}; tok: {, cols: the colons
	celNodeLiteral                       // lit; tok: its first token
	celNodeUnary                         // name args[0], name !_ or -_, tok: the first operator
	celNodeBinary                        // args[0] name args[1]; tok: the operator
	celNodeLogic                         // args joined by name; ops: the operators
	celNodeTernary                       // args[0] ? args[1] : args[2]; tok: ?
)

type celNode struct {
	kind   celNodeKind
	tok    celToken
	name   string
	target *celNode
	args   []*celNode
	keys   []*celNode
	cols   []celToken
	fields []string
	ops    []celToken
	lit    *exprpb.Constant
}

type celParser struct {
	toks  []celToken
	i     int
	depth int
}

func (p *celParser) peek() celToken { return p.toks[p.i] }

func (p *celParser) peekAt(n int) celToken {
	if p.i+n >= len(p.toks) {
		return p.toks[len(p.toks)-1]
	}
	return p.toks[p.i+n]
}

func (p *celParser) take() celToken {
	t := p.toks[p.i]
	if t.kind != celEOF {
		p.i++
	}
	return t
}

func (p *celParser) expect(punct string) (celToken, error) {
	t := p.take()
	if !t.is(punct) {
		return t, celErrorAt(t, "want %q, got %s", punct, t.describe())
	}
	return t, nil
}

// parseExpr parses a conditional: or ('?' or ':' expr)?.
func (p *celParser) parseExpr() (*celNode, error) {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > celMaxDepth {
		return nil, celErrorAt(p.peek(), "expression nested more than %d deep", celMaxDepth)
	}
	cond, err := p.parseLogic("||", "_||_", p.parseAnd)
	if err != nil || !p.peek().is("?") {
		return cond, err
	}
	q := p.take()
	yes, err := p.parseLogic("||", "_||_", p.parseAnd)
	if err != nil {
		return nil, err
	}
	if _, err := p.expect(":"); err != nil {
		return nil, err
	}
	no, err := p.parseExpr()
	if err != nil {
		return nil, err
	}
	return &celNode{kind: celNodeTernary, tok: q, args: []*celNode{cond, yes, no}}, nil
}

func (p *celParser) parseAnd() (*celNode, error) {
	return p.parseLogic("&&", "_&&_", p.parseRelation)
}

// parseLogic parses terms joined by op.
func (p *celParser) parseLogic(op, fn string, term func() (*celNode, error)) (*celNode, error) {
	first, err := term()
	if err != nil {
		return nil, err
	}
	if !p.peek().is(op) {
		return first, nil
	}
	n := &celNode{kind: celNodeLogic, name: fn, args: []*celNode{first}}
	for p.peek().is(op) {
		n.ops = append(n.ops, p.take())
		t, err := term()
		if err != nil {
			return nil, err
		}
		n.args = append(n.args, t)
	}
	return n, nil
}

// celBinaryOps maps each binary operator to its function, by precedence
// level (relations, additive, multiplicative).
var celBinaryOps = [...]map[string]string{
	{"<": "_<_", "<=": "_<=_", ">=": "_>=_", ">": "_>_", "==": "_==_", "!=": "_!=_", "in": "@in"},
	{"+": "_+_", "-": "_-_"},
	{"*": "_*_", "/": "_/_", "%": "_%_"},
}

func (p *celParser) parseRelation() (*celNode, error) { return p.parseBinary(0) }

// parseBinary parses left-associative operators of precedence level and
// above.
func (p *celParser) parseBinary(level int) (*celNode, error) {
	operand := p.parseUnary
	if level+1 < len(celBinaryOps) {
		operand = func() (*celNode, error) { return p.parseBinary(level + 1) }
	}
	lhs, err := operand()
	if err != nil {
		return nil, err
	}
	for {
		t := p.peek()
		if t.kind != celPunct && t.kind != celIn {
			return lhs, nil
		}
		fn, ok := celBinaryOps[level][t.text]
		if !ok {
			return lhs, nil
		}
		p.take()
		rhs, err := operand()
		if err != nil {
			return nil, err
		}
		lhs = &celNode{kind: celNodeBinary, tok: t, name: fn, args: []*celNode{lhs, rhs}}
	}
}

// parseUnary parses a member after any run of ! or of -. A single - before
// a number is the number's sign, as CEL's grammar resolves that ambiguity.
func (p *celParser) parseUnary() (*celNode, error) {
	t := p.peek()
	if !t.is("!") && !t.is("-") {
		return p.parseMember()
	}
	if t.is("-") && !p.peekAt(1).is("-") {
		if k := p.peekAt(1).kind; k == celInt || k == celFloat {
			return p.parseMember()
		}
	}
	var ops []celToken
	for p.peek().is(t.text) {
		ops = append(ops, p.take())
	}
	m, err := p.parseMember()
	if err != nil || len(ops)%2 == 0 {
		return m, err
	}
	fn := "!_"
	if t.is("-") {
		fn = "-_"
	}
	return &celNode{kind: celNodeUnary, tok: ops[0], name: fn, args: []*celNode{m}}, nil
}

// parseMember parses a primary and its selections, calls and indexes.
func (p *celParser) parseMember() (*celNode, error) {
	n, err := p.parsePrimary()
	if err != nil {
		return nil, err
	}
	for {
		switch t := p.peek(); {
		case t.is("."):
			p.take()
			id := p.take()
			switch {
			case id.is("?"):
				return nil, celErrorAt(id, "unsupported syntax '.?'")
			case id.kind == celIdent && p.peek().is("("):
				open := p.take()
				args, err := p.parseArgs()
				if err != nil {
					return nil, err
				}
				n = &celNode{kind: celNodeMemberCall, tok: open, name: id.text, target: n, args: args}
			case id.kind == celIdent || id.kind == celEscIdent:
				n = &celNode{kind: celNodeSelect, tok: t, name: celFieldName(id), target: n}
			default:
				return nil, celErrorAt(id, "want a field name, got %s", id.describe())
			}
		case t.is("["):
			p.take()
			if p.peek().is("?") {
				return nil, celErrorAt(p.peek(), "unsupported syntax '[?'")
			}
			idx, err := p.parseExpr()
			if err != nil {
				return nil, err
			}
			if _, err := p.expect("]"); err != nil {
				return nil, err
			}
			n = &celNode{kind: celNodeIndex, tok: t, target: n, args: []*celNode{idx}}
		default:
			return n, nil
		}
	}
}

// celFieldName is the field an identifier token names, back quotes
// removed.
func celFieldName(t celToken) string {
	if t.kind == celEscIdent {
		return t.text[1 : len(t.text)-1]
	}
	return t.text
}

// parseArgs parses call arguments after the opening parenthesis, and the
// closing one.
func (p *celParser) parseArgs() ([]*celNode, error) {
	var args []*celNode
	if p.peek().is(")") {
		p.take()
		return args, nil
	}
	for {
		a, err := p.parseExpr()
		if err != nil {
			return nil, err
		}
		args = append(args, a)
		t := p.take()
		if t.is(")") {
			return args, nil
		}
		if !t.is(",") {
			return nil, celErrorAt(t, "want ',' or ')', got %s", t.describe())
		}
	}
}

// celReserved are words that may not name a variable or a function.
var celReserved = map[string]bool{
	"as": true, "break": true, "const": true, "continue": true, "else": true,
	"for": true, "function": true, "if": true, "import": true, "let": true,
	"loop": true, "package": true, "namespace": true, "return": true,
	"var": true, "void": true, "while": true,
}

func (p *celParser) parsePrimary() (*celNode, error) {
	t := p.peek()
	switch {
	case t.is(".") || t.kind == celIdent:
		return p.parseName()
	case t.is("("):
		p.take()
		e, err := p.parseExpr()
		if err != nil {
			return nil, err
		}
		_, err = p.expect(")")
		return e, err
	case t.is("["):
		p.take()
		n := &celNode{kind: celNodeList, tok: t}
		err := p.parseEntries("]", func() error {
			if p.peek().is("?") {
				return celErrorAt(p.peek(), "unsupported syntax '?'")
			}
			e, err := p.parseExpr()
			n.args = append(n.args, e)
			return err
		})
		return n, err
	case t.is("{"):
		p.take()
		n := &celNode{kind: celNodeMap, tok: t}
		err := p.parseEntries("}", func() error {
			if p.peek().is("?") {
				return celErrorAt(p.peek(), "unsupported syntax '?'")
			}
			k, err := p.parseExpr()
			if err != nil {
				return err
			}
			col, err := p.expect(":")
			if err != nil {
				return err
			}
			v, err := p.parseExpr()
			n.keys, n.cols, n.args = append(n.keys, k), append(n.cols, col), append(n.args, v)
			return err
		})
		return n, err
	}
	return p.parseLiteral()
}

// parseEntries parses the entries of a list, map or message, separated by
// commas, with an optional trailing comma (even alone), up to and
// including end.
func (p *celParser) parseEntries(end string, entry func() error) error {
	if p.peek().is(",") && p.peekAt(1).is(end) {
		p.take()
	}
	if p.peek().is(end) {
		p.take()
		return nil
	}
	for {
		if err := entry(); err != nil {
			return err
		}
		t := p.take()
		if t.is(",") && p.peek().is(end) {
			p.take()
			return nil
		}
		if t.is(end) {
			return nil
		}
		if !t.is(",") {
			return celErrorAt(t, "want ',' or %q, got %s", end, t.describe())
		}
	}
}

// parseName parses what starts with an identifier, or a dot and one: a
// variable, a global call, or a message (a dotted name and braces).
func (p *celParser) parseName() (*celNode, error) {
	lead := ""
	if p.peek().is(".") {
		p.take()
		lead = "."
	}
	id := p.take()
	if id.kind != celIdent {
		return nil, celErrorAt(id, "want an identifier, got %s", id.describe())
	}
	// A dotted name followed by a brace is a message type.
	n := 0
	for p.peekAt(n).is(".") && p.peekAt(n+1).kind == celIdent {
		n += 2
	}
	if p.peekAt(n).is("{") {
		name := lead + id.text
		for range n / 2 {
			p.take()
			name += "." + p.take().text
		}
		return p.parseMessage(name)
	}
	if celReserved[id.text] {
		return nil, celErrorAt(id, "reserved identifier: %s", id.text)
	}
	if p.peek().is("(") {
		open := p.take()
		args, err := p.parseArgs()
		if err != nil {
			return nil, err
		}
		return &celNode{kind: celNodeGlobalCall, tok: open, name: lead + id.text, args: args}, nil
	}
	return &celNode{kind: celNodeIdent, tok: id, name: lead + id.text}, nil
}

// parseMessage parses the field initialisers of a message called name.
func (p *celParser) parseMessage(name string) (*celNode, error) {
	n := &celNode{kind: celNodeMessage, tok: p.take(), name: name}
	err := p.parseEntries("}", func() error {
		f := p.take()
		if f.is("?") {
			return celErrorAt(f, "unsupported syntax '?'")
		}
		if f.kind != celIdent && f.kind != celEscIdent {
			return celErrorAt(f, "want a field name, got %s", f.describe())
		}
		col, err := p.expect(":")
		if err != nil {
			return err
		}
		v, err := p.parseExpr()
		n.fields, n.cols, n.args = append(n.fields, celFieldName(f)), append(n.cols, col), append(n.args, v)
		return err
	})
	return n, err
}

// parseLiteral parses a number (with its sign), a string, bytes, a boolean
// or null.
func (p *celParser) parseLiteral() (*celNode, error) {
	first := p.take()
	t, sign := first, ""
	if first.is("-") {
		t, sign = p.take(), "-"
		if t.kind != celInt && t.kind != celFloat {
			return nil, celErrorAt(t, "unexpected %s", t.describe())
		}
	}
	c := &exprpb.Constant{}
	switch t.kind {
	case celInt:
		text, base := t.text, 10
		if strings.HasPrefix(text, "0x") {
			text, base = text[2:], 16
		}
		v, err := strconv.ParseInt(sign+text, base, 64)
		if err != nil {
			return nil, celErrorAt(first, "invalid int literal")
		}
		c.ConstantKind = &exprpb.Constant_Int64Value{Int64Value: v}
	case celUint:
		text, base := t.text[:len(t.text)-1], 10
		if strings.HasPrefix(text, "0x") {
			text, base = text[2:], 16
		}
		v, err := strconv.ParseUint(text, base, 64)
		if err != nil {
			return nil, celErrorAt(first, "invalid uint literal")
		}
		c.ConstantKind = &exprpb.Constant_Uint64Value{Uint64Value: v}
	case celFloat:
		v, err := strconv.ParseFloat(sign+t.text, 64)
		if err != nil {
			return nil, celErrorAt(first, "invalid double literal")
		}
		c.ConstantKind = &exprpb.Constant_DoubleValue{DoubleValue: v}
	case celString:
		s, err := celUnquote(t.text, false)
		if err != nil {
			return nil, celErrorAt(t, "%v", err)
		}
		c.ConstantKind = &exprpb.Constant_StringValue{StringValue: s}
	case celBytes:
		s, err := celUnquote(t.text[1:], true)
		if err != nil {
			return nil, celErrorAt(t, "%v", err)
		}
		c.ConstantKind = &exprpb.Constant_BytesValue{BytesValue: []byte(s)}
	case celTrue, celFalse:
		c.ConstantKind = &exprpb.Constant_BoolValue{BoolValue: t.kind == celTrue}
	case celNull:
		c.ConstantKind = &exprpb.Constant_NullValue{NullValue: structpb.NullValue_NULL_VALUE}
	default:
		return nil, celErrorAt(t, "unexpected %s", t.describe())
	}
	return &celNode{kind: celNodeLiteral, tok: first, lit: c}, nil
}

// celUnquote returns the value of a string literal (without a bytes
// prefix): quotes and raw prefix removed, line ends normalised to \n and,
// unless raw, escape sequences decoded. In bytes, \x and octal escapes are
// bytes and \u escapes are not allowed; in strings they are code points.
func celUnquote(lit string, isBytes bool) (string, error) {
	s := strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(lit)
	raw := false
	if s[0] == 'r' || s[0] == 'R' {
		s, raw = s[1:], true
	}
	switch {
	case len(s) >= 6 && (strings.HasPrefix(s, `"""`) || strings.HasPrefix(s, "'''")):
		s = s[3 : len(s)-3]
	default:
		s = s[1 : len(s)-1]
	}
	if raw || !strings.ContainsRune(s, '\\') {
		return s, nil
	}
	var b strings.Builder
	for len(s) > 0 {
		if s[0] != '\\' {
			_, n := utf8.DecodeRuneInString(s)
			b.WriteString(s[:n])
			s = s[n:]
			continue
		}
		c := s[1]
		s = s[2:]
		if i := strings.IndexByte(`abfnrtv\'"?`+"`", c); i >= 0 {
			b.WriteByte("\a\b\f\n\r\t\v\\'\"?`"[i])
			continue
		}
		var n, base int
		switch c {
		case 'x', 'X':
			n, base = 2, 16
		case 'u':
			n, base = 4, 16
		case 'U':
			n, base = 8, 16
		default: // octal: the lexer let through only [0-3][0-7][0-7]
			n, base = 2, 8
			s = string(c) + s
			n++
		}
		if (c == 'u' || c == 'U') && isBytes {
			return "", errors.New("unicode escapes are not allowed in bytes")
		}
		v, err := strconv.ParseUint(s[:n], base, 32)
		if err != nil {
			return "", errors.New("invalid escape sequence")
		}
		s = s[n:]
		switch {
		case isBytes && c != 'u' && c != 'U':
			b.WriteByte(byte(v))
		case !utf8.ValidRune(rune(v)):
			return "", errors.New("invalid unicode code point")
		default:
			b.WriteRune(rune(v))
		}
	}
	return b.String(), nil
}

// Numbering and macro expansion.

type celVisitor struct {
	next  int64
	pos   map[int64]int32
	depth int
}

// id numbers a node positioned at offset.
func (v *celVisitor) id(offset int32) int64 {
	id := v.next
	v.next++
	v.pos[id] = offset
	return id
}

// visit numbers n and its descendants in cel-go's order: operands before
// their operator, except that a call's number is taken at its parenthesis
// before its arguments, a list's and a map's at their bracket before their
// elements, a map entry's at its colon before its key, and a logical
// operator's after the term it introduces.
func (v *celVisitor) visit(n *celNode) (*exprpb.Expr, error) {
	switch n.kind {
	case celNodeTernary, celNodeBinary, celNodeSelect, celNodeMemberCall, celNodeIndex:
		v.depth++
		defer func() { v.depth-- }()
		if v.depth > celMaxDepth {
			return nil, celErrorAt(n.tok, "expression nested more than %d deep", celMaxDepth)
		}
	}
	switch n.kind {
	case celNodeIdent:
		return celIdentExpr(v.id(n.tok.pos), n.name), nil
	case celNodeLiteral:
		return &exprpb.Expr{Id: v.id(n.tok.pos), ExprKind: &exprpb.Expr_ConstExpr{ConstExpr: n.lit}}, nil
	case celNodeSelect:
		operand, err := v.visit(n.target)
		if err != nil {
			return nil, err
		}
		return &exprpb.Expr{Id: v.id(n.tok.pos), ExprKind: &exprpb.Expr_SelectExpr{SelectExpr: &exprpb.Expr_Select{Operand: operand, Field: n.name}}}, nil
	case celNodeGlobalCall:
		id := v.id(n.tok.pos)
		args, err := v.visitAll(n.args)
		if err != nil {
			return nil, err
		}
		return v.callOrMacro(id, n.tok, n.name, nil, args)
	case celNodeMemberCall:
		target, err := v.visit(n.target)
		if err != nil {
			return nil, err
		}
		id := v.id(n.tok.pos)
		args, err := v.visitAll(n.args)
		if err != nil {
			return nil, err
		}
		return v.callOrMacro(id, n.tok, n.name, target, args)
	case celNodeIndex, celNodeBinary:
		lhs, err := v.visit(operandOf(n))
		if err != nil {
			return nil, err
		}
		id := v.id(n.tok.pos)
		rhs, err := v.visit(n.args[len(n.args)-1])
		if err != nil {
			return nil, err
		}
		fn := n.name
		if n.kind == celNodeIndex {
			fn = "_[_]"
		}
		return celCall(id, fn, nil, lhs, rhs), nil
	case celNodeUnary:
		id := v.id(n.tok.pos)
		arg, err := v.visit(n.args[0])
		if err != nil {
			return nil, err
		}
		return celCall(id, n.name, nil, arg), nil
	case celNodeTernary:
		cond, err := v.visit(n.args[0])
		if err != nil {
			return nil, err
		}
		id := v.id(n.tok.pos)
		rest, err := v.visitAll(n.args[1:])
		if err != nil {
			return nil, err
		}
		return celCall(id, "_?_:_", nil, cond, rest[0], rest[1]), nil
	case celNodeLogic:
		terms := make([]*exprpb.Expr, len(n.args))
		ops := make([]int64, len(n.ops))
		var err error
		if terms[0], err = v.visit(n.args[0]); err != nil {
			return nil, err
		}
		for i, op := range n.ops {
			if terms[i+1], err = v.visit(n.args[i+1]); err != nil {
				return nil, err
			}
			ops[i] = v.id(op.pos)
		}
		return celBalanced(n.name, terms, ops, 0, len(ops)-1), nil
	case celNodeList:
		id := v.id(n.tok.pos)
		elems, err := v.visitAll(n.args)
		if err != nil {
			return nil, err
		}
		return &exprpb.Expr{Id: id, ExprKind: &exprpb.Expr_ListExpr{ListExpr: &exprpb.Expr_CreateList{Elements: elems}}}, nil
	case celNodeMap, celNodeMessage:
		id := v.id(n.tok.pos)
		s := &exprpb.Expr_CreateStruct{}
		if n.kind == celNodeMessage {
			s.MessageName = n.name
		}
		for i, val := range n.args {
			e := &exprpb.Expr_CreateStruct_Entry{Id: v.id(n.cols[i].pos)}
			if n.kind == celNodeMap {
				k, err := v.visit(n.keys[i])
				if err != nil {
					return nil, err
				}
				e.KeyKind = &exprpb.Expr_CreateStruct_Entry_MapKey{MapKey: k}
			} else {
				e.KeyKind = &exprpb.Expr_CreateStruct_Entry_FieldKey{FieldKey: n.fields[i]}
			}
			var err error
			if e.Value, err = v.visit(val); err != nil {
				return nil, err
			}
			s.Entries = append(s.Entries, e)
		}
		return &exprpb.Expr{Id: id, ExprKind: &exprpb.Expr_StructExpr{StructExpr: s}}, nil
	}
	return nil, celErrorAt(n.tok, "unknown syntax")
}

// operandOf is the left operand of a binary node, the target of an index.
func operandOf(n *celNode) *celNode {
	if n.kind == celNodeIndex {
		return n.target
	}
	return n.args[0]
}

func (v *celVisitor) visitAll(ns []*celNode) ([]*exprpb.Expr, error) {
	out := make([]*exprpb.Expr, len(ns))
	for i, n := range ns {
		e, err := v.visit(n)
		if err != nil {
			return nil, err
		}
		out[i] = e
	}
	return out, nil
}

// celBalanced joins terms[lo..hi+1] with ops[lo..hi] into a balanced tree,
// as cel-go does: the middle operator at the root.
func celBalanced(fn string, terms []*exprpb.Expr, ops []int64, lo, hi int) *exprpb.Expr {
	mid := (lo + hi + 1) / 2
	left := terms[mid]
	if mid != lo {
		left = celBalanced(fn, terms, ops, lo, mid-1)
	}
	right := terms[mid+1]
	if mid != hi {
		right = celBalanced(fn, terms, ops, mid+1, hi)
	}
	return celCall(ops[mid], fn, nil, left, right)
}

func celCall(id int64, fn string, target *exprpb.Expr, args ...*exprpb.Expr) *exprpb.Expr {
	return &exprpb.Expr{Id: id, ExprKind: &exprpb.Expr_CallExpr{CallExpr: &exprpb.Expr_Call{Target: target, Function: fn, Args: args}}}
}

func celIdentExpr(id int64, name string) *exprpb.Expr {
	return &exprpb.Expr{Id: id, ExprKind: &exprpb.Expr_IdentExpr{IdentExpr: &exprpb.Expr_Ident{Name: name}}}
}

func celConst(id int64, c *exprpb.Constant) *exprpb.Expr {
	return &exprpb.Expr{Id: id, ExprKind: &exprpb.Expr_ConstExpr{ConstExpr: c}}
}

func celTrueConst() *exprpb.Constant {
	return &exprpb.Constant{ConstantKind: &exprpb.Constant_BoolValue{BoolValue: true}}
}

func celFalseConst() *exprpb.Constant {
	return &exprpb.Constant{ConstantKind: &exprpb.Constant_BoolValue{BoolValue: false}}
}

func celIntConst(i int64) *exprpb.Constant {
	return &exprpb.Constant{ConstantKind: &exprpb.Constant_Int64Value{Int64Value: i}}
}

// callOrMacro returns the call numbered id, or its expansion when it is
// one of the standard macros: has(m.f) becomes a presence test; all,
// exists, exists_one, map and filter become comprehensions.
// The nodes a macro adds are numbered in order of creation and positioned
// at the call's parenthesis; the call's own number is dropped.
func (v *celVisitor) callOrMacro(id int64, open celToken, fn string, target *exprpb.Expr, args []*exprpb.Expr) (*exprpb.Expr, error) {
	macro := celMacros[celMacroKey{fn, len(args), target != nil}]
	if macro == nil {
		return celCall(id, fn, target, args...), nil
	}
	at := v.pos[id]
	next := func() int64 { return v.id(at) }
	e, err := macro(next, target, args)
	if err != nil {
		return nil, celErrorAt(open, "%s: %v", fn, err)
	}
	delete(v.pos, id)
	return e, nil
}

type celMacroKey struct {
	fn       string
	args     int
	receiver bool
}

// celMacro expands a macro call, numbering new nodes with next.
type celMacro func(next func() int64, target *exprpb.Expr, args []*exprpb.Expr) (*exprpb.Expr, error)

var celMacros = map[celMacroKey]celMacro{
	{"has", 1, false}:       celHas,
	{"all", 2, true}:        celQuantifier("all"),
	{"exists", 2, true}:     celQuantifier("exists"),
	{"exists_one", 2, true}: celQuantifier("exists_one"),
	{"map", 2, true}:        celMap,
	{"map", 3, true}:        celMap,
	{"filter", 2, true}:     celFilter,
}

func celHas(next func() int64, _ *exprpb.Expr, args []*exprpb.Expr) (*exprpb.Expr, error) {
	sel := args[0].GetSelectExpr()
	if sel == nil {
		return nil, errors.New("invalid argument to has() macro")
	}
	return &exprpb.Expr{Id: next(), ExprKind: &exprpb.Expr_SelectExpr{SelectExpr: &exprpb.Expr_Select{
		Operand: sel.GetOperand(), Field: sel.GetField(), TestOnly: true,
	}}}, nil
}

// celIterVar returns the iteration variable that a macro's first argument
// names.
func celIterVar(arg *exprpb.Expr, notIdent string) (string, error) {
	id := arg.GetIdentExpr()
	if id == nil {
		return "", errors.New(notIdent)
	}
	if id.GetName() == celAccumulator || id.GetName() == celOldAccumulator {
		return "", errors.New("iteration variable overwrites accumulator variable")
	}
	return id.GetName(), nil
}

func celComprehension(id int64, rng *exprpb.Expr, iterVar string, init, cond, step, result *exprpb.Expr) *exprpb.Expr {
	return &exprpb.Expr{Id: id, ExprKind: &exprpb.Expr_ComprehensionExpr{ComprehensionExpr: &exprpb.Expr_Comprehension{
		IterVar: iterVar, IterRange: rng, AccuVar: celAccumulator,
		AccuInit: init, LoopCondition: cond, LoopStep: step, Result: result,
	}}}
}

// celQuantifier expands all, exists and exists_one. Nodes are numbered in
// the order cel-go creates them (arguments before the call they are
// passed to).
func celQuantifier(kind string) celMacro {
	return func(next func() int64, target *exprpb.Expr, args []*exprpb.Expr) (*exprpb.Expr, error) {
		iv, err := celIterVar(args[0], "argument must be a simple name")
		if err != nil {
			return nil, err
		}
		accu := func() *exprpb.Expr { return celIdentExpr(next(), celAccumulator) }
		var init, cond, step, result *exprpb.Expr
		switch kind {
		case "all":
			init = celConst(next(), celTrueConst())
			a := accu()
			cond = celCall(next(), "@not_strictly_false", nil, a)
			a = accu()
			step = celCall(next(), "_&&_", nil, a, args[1])
			result = accu()
		case "exists":
			init = celConst(next(), celFalseConst())
			a := accu()
			not := celCall(next(), "!_", nil, a)
			cond = celCall(next(), "@not_strictly_false", nil, not)
			a = accu()
			step = celCall(next(), "_||_", nil, a, args[1])
			result = accu()
		default:
			init = celConst(next(), celIntConst(0))
			cond = celConst(next(), celTrueConst())
			a := accu()
			one := celConst(next(), celIntConst(1))
			inc := celCall(next(), "_+_", nil, a, one)
			a = accu()
			step = celCall(next(), "_?_:_", nil, args[1], inc, a)
			a = accu()
			one = celConst(next(), celIntConst(1))
			result = celCall(next(), "_==_", nil, a, one)
		}
		return celComprehension(next(), target, iv, init, cond, step, result), nil
	}
}

// celMap expands map(x, f) and map(x, p, f).
func celMap(next func() int64, target *exprpb.Expr, args []*exprpb.Expr) (*exprpb.Expr, error) {
	iv, err := celIterVar(args[0], "argument is not an identifier")
	if err != nil {
		return nil, err
	}
	fn, filter := args[len(args)-1], (*exprpb.Expr)(nil)
	if len(args) == 3 {
		filter = args[1]
	}
	init := &exprpb.Expr{Id: next(), ExprKind: &exprpb.Expr_ListExpr{ListExpr: &exprpb.Expr_CreateList{}}}
	cond := celConst(next(), celTrueConst())
	a := celIdentExpr(next(), celAccumulator)
	l := &exprpb.Expr{Id: next(), ExprKind: &exprpb.Expr_ListExpr{ListExpr: &exprpb.Expr_CreateList{Elements: []*exprpb.Expr{fn}}}}
	step := celCall(next(), "_+_", nil, a, l)
	if filter != nil {
		a = celIdentExpr(next(), celAccumulator)
		step = celCall(next(), "_?_:_", nil, filter, step, a)
	}
	result := celIdentExpr(next(), celAccumulator)
	return celComprehension(next(), target, iv, init, cond, step, result), nil
}

// celFilter expands filter(x, p).
func celFilter(next func() int64, target *exprpb.Expr, args []*exprpb.Expr) (*exprpb.Expr, error) {
	iv, err := celIterVar(args[0], "argument is not an identifier")
	if err != nil {
		return nil, err
	}
	init := &exprpb.Expr{Id: next(), ExprKind: &exprpb.Expr_ListExpr{ListExpr: &exprpb.Expr_CreateList{}}}
	cond := celConst(next(), celTrueConst())
	a := celIdentExpr(next(), celAccumulator)
	l := &exprpb.Expr{Id: next(), ExprKind: &exprpb.Expr_ListExpr{ListExpr: &exprpb.Expr_CreateList{Elements: []*exprpb.Expr{args[0]}}}}
	step := celCall(next(), "_+_", nil, a, l)
	a = celIdentExpr(next(), celAccumulator)
	step = celCall(next(), "_?_:_", nil, args[1], step, a)
	result := celIdentExpr(next(), celAccumulator)
	return celComprehension(next(), target, iv, init, cond, step, result), nil
}
