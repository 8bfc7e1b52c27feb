package ir

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// JSON renders x as indented JSON (two spaces, a final newline). The output
// is deterministic: fields appear in struct order and map keys sorted, so
// equal IRs render to equal bytes. Secret material (certificate and key
// bytes) is included, base64-encoded as encoding/json writes []byte.
func (x *Xds) JSON() ([]byte, error) {
	b, err := json.MarshalIndent(x, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("ir: render JSON: %w", err)
	}
	return append(b, '\n'), nil
}

// YAML renders x as block YAML with the same content and key order as
// JSON: a YAML parser reads back exactly the value that JSON's output
// decodes to. Strings that YAML would read as something else (empty, "*",
// true, null, 1.0, ...) or that need escapes are double-quoted; everything
// else is written plain. Like JSON, the output is deterministic.
func (x *Xds) YAML() ([]byte, error) {
	b, err := json.Marshal(x)
	if err != nil {
		return nil, fmt.Errorf("ir: render YAML: %w", err)
	}
	n, err := parseJSON(b)
	if err != nil {
		return nil, fmt.Errorf("ir: render YAML: %w", err)
	}
	var buf bytes.Buffer
	writeYAML(&buf, n)
	return buf.Bytes(), nil
}

// jsonNode is a JSON value that keeps the key order of objects.
type jsonNode struct {
	kind   jsonKind
	scalar string // the literal for numbers, the value for strings
	keys   []string
	values []*jsonNode // object values (parallel to keys) or array items
}

type jsonKind int

const (
	jsonNull jsonKind = iota
	jsonBool
	jsonNumber
	jsonString
	jsonObject
	jsonArray
)

// parseJSON reads one JSON value, keeping object keys in document order.
func parseJSON(b []byte) (*jsonNode, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	n, err := parseNode(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("trailing data after JSON value")
	}
	return n, nil
}

func parseNode(dec *json.Decoder) (*jsonNode, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case nil:
		return &jsonNode{kind: jsonNull}, nil
	case bool:
		return &jsonNode{kind: jsonBool, scalar: strconv.FormatBool(t)}, nil
	case json.Number:
		return &jsonNode{kind: jsonNumber, scalar: t.String()}, nil
	case string:
		return &jsonNode{kind: jsonString, scalar: t}, nil
	case json.Delim:
		n := &jsonNode{kind: jsonArray}
		if t == '{' {
			n.kind = jsonObject
		}
		for dec.More() {
			if n.kind == jsonObject {
				k, err := dec.Token()
				if err != nil {
					return nil, err
				}
				n.keys = append(n.keys, k.(string))
			}
			c, err := parseNode(dec)
			if err != nil {
				return nil, err
			}
			n.values = append(n.values, c)
		}
		if _, err := dec.Token(); err != nil { // the closing delimiter
			return nil, err
		}
		return n, nil
	}
	return nil, fmt.Errorf("unexpected JSON token %v", tok)
}

// writeYAML writes n as a YAML document.
func writeYAML(w *bytes.Buffer, n *jsonNode) {
	if !isBlock(n) {
		w.WriteString(yamlScalar(n))
		w.WriteByte('\n')
		return
	}
	for _, l := range yamlLines(n) {
		w.WriteString(l)
		w.WriteByte('\n')
	}
}

// isBlock reports whether n is written as an indented block: a non-empty
// object or array. Everything else fits on the line of its key or dash.
func isBlock(n *jsonNode) bool {
	return (n.kind == jsonObject || n.kind == jsonArray) && len(n.values) > 0
}

// maxImplicitKey is the longest key written as "key: value"; YAML allows
// 1024 characters.
const maxImplicitKey = 1000

// yamlLines renders a block node as lines without base indentation.
func yamlLines(n *jsonNode) []string {
	var out []string
	for i, c := range n.values {
		var head string
		explicit := false
		if n.kind == jsonObject {
			head = yamlString(n.keys[i])
			if len(head) > maxImplicitKey {
				// YAML limits implicit keys to 1024 characters; longer
				// ones need an explicit "? key" line.
				out = append(out, "? "+head)
				head = ":"
				explicit = true
			} else {
				head += ":"
			}
		} else {
			head = "-"
		}
		if !isBlock(c) {
			out = append(out, head+" "+yamlScalar(c))
			continue
		}
		sub := yamlLines(c)
		switch {
		case n.kind == jsonObject && c.kind == jsonArray && !explicit:
			// A sequence under a key may sit at the key's indentation.
			out = append(out, head)
			out = append(out, sub...)
		case n.kind == jsonObject:
			out = append(out, head)
			for _, l := range sub {
				out = append(out, "  "+l)
			}
		default:
			// A collection in a sequence starts on the dash's line.
			out = append(out, "- "+sub[0])
			for _, l := range sub[1:] {
				out = append(out, "  "+l)
			}
		}
	}
	return out
}

// yamlScalar renders a node that is not a block: a scalar or an empty
// collection.
func yamlScalar(n *jsonNode) string {
	switch n.kind {
	case jsonNull:
		return "null"
	case jsonObject:
		return "{}"
	case jsonArray:
		return "[]"
	case jsonString:
		return yamlString(n.scalar)
	}
	return n.scalar // bools and numbers are the same in JSON and YAML
}

// yamlString writes s plain when every YAML 1.1 and 1.2 parser reads it
// back as the same string, and double-quoted otherwise.
func yamlString(s string) string {
	if plainSafe(s) {
		return s
	}
	return yamlQuote(s)
}

// plainSafe is deliberately conservative: a string is written plain only
// when it is printable ASCII, starts with a letter, "/" or "_" (so never
// with an indicator, a digit or a sign, and so never as a number, date or
// sexagesimal), does not end with a space or ":", contains neither ": " nor
// " #", and is not a word that resolves to a bool or null. The one
// exception is digits with two or more dots, such as an IPv4 address, which
// no YAML schema reads as anything but a string.
func plainSafe(s string) bool {
	if s == "" {
		return false
	}
	switch c := s[0]; {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', c == '/', c == '_':
	case '0' <= c && c <= '9':
		return dottedDigits(s)
	default:
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	if strings.HasSuffix(s, " ") || strings.HasSuffix(s, ":") ||
		strings.Contains(s, ": ") || strings.Contains(s, " #") {
		return false
	}
	switch strings.ToLower(s) {
	case "true", "false", "yes", "no", "on", "off", "y", "n", "null":
		return false
	}
	return true
}

// dottedDigits reports whether s is digits and at least two dots.
func dottedDigits(s string) bool {
	dots := 0
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '.':
			dots++
		case s[i] < '0' || s[i] > '9':
			return false
		}
	}
	return dots >= 2
}

// yamlQuote writes s as a YAML double-quoted scalar. Printable characters
// are kept; others are escaped (\n, \t, \r, \uXXXX, \UXXXXXXXX).
func yamlQuote(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == utf8.RuneError:
			// Marshalling to JSON has already replaced invalid UTF-8;
			// this is a literal U+FFFD.
			b.WriteString(`\uFFFD`)
		case r >= 0x20 && r < 0x7f, r >= 0xa0 && unicode.IsPrint(r):
			b.WriteRune(r)
		case r <= 0xffff:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			fmt.Fprintf(&b, `\U%08X`, r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
