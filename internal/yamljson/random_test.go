package yamljson

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
)

// Pieces the document generator combines. They lean towards the corners
// of the subset: YAML 1.1 words, numbers, escapes, folding, indicators.
var (
	genKeys = []string{
		"a", "b", "name", "key", "Key", "a b", "x:y", "é", "1", "-1", "+2", "0", "true", "yes",
		"on", "n", "~", "null", "1.5", "0x1", "<<", "'q'", `"d"`, `"a\tb"`, `"\u00e9"`, `''`,
		"'it''s'", `"a\"b"`, "-x", "?x", ":x", "a#b", "k ", "2024-01-01", ".5", "08",
	}
	genScalars = []string{
		"v", "hello world", "8080", "-1", "+1", "0", "-0", "1.0", "1.", ".5", "-.5", "1e3", "1E-7",
		"2.5e+21", "1e400", "0x1F", "010", "08", "1_000", "0b101", "0o17", "+.inf", ".nan", "~",
		"null", "Null", "true", "False", "yes", "No", "on", "OFF", "y", "n", "2024-01-01", "1:20",
		"10.96.0.1", "100ms", "a#b", "a #c", "x:y", "x: y", "<b>&", "é", "日本", "-", "-x", "?", ":",
		"[]", "{}", "[ ]", "[a]", "{a: b}", "[a, 1, 'b', \"c\", [], {}]", "[a,b]", "[ a , b ]", "[a,]",
		"{a: 1, 'b': [x], \"c\":d}", "{a: b, a: c}", "{a}", "{a: }", "[a: b]", "[a:b, c:]", "[-1, -]",
		"[a #c]", "[a\n  , b]", "{yes: no, 1: 2, ~: x}", "[x?y]", "[&a x]", "'q'", "''", "'it''s'", "'a: b'", `""`, `"a\nb"`,
		`"\x41\u00e9\U0001F600"`, `"\t\"\\"`, `"\/"`, `"\q"`, `"\L\P\N\_"`, `"a\u2028b"`, "&x v",
		"*x", "!t v", "@x", "`x", "%x", "a\tb", "'a\n  b'", "'a\n\n  b'", "\"a\\\n  b\"",
		"\"a \\\n   b\"", "a\n  b", "a\n\n  b\n", "a\n  b # c", "a\n  # c", "'a\nb'",
		"|\n  line\n  two\n", "|-\n  x\n\n", "|+\n  x\n\n", "|\n\n  x\n", "|2\n    x\n",
		"|\n  a\n   \n  b\n", "|\n    \n  x\n", ">\n  a\n  b\n\n  c\n", ">-\n  a\n    b\n  c\n",
		"|\n  # not a comment\n", "|0\n  x\n", "| # c\n  x\n", "|\n\tx\n", "|\n  x\n\ty\n",
	}
	genComments = []string{"", "", "", " # c", "  #c", "#c"}
)

// genDoc writes a random document of nested collections into b.
func genDoc(r *rand.Rand, b *strings.Builder) {
	switch r.IntN(10) {
	case 0:
		genValue(r, b, 0, 0, -1)
	case 1, 2:
		genSeq(r, b, r.IntN(2), 0)
	default:
		genMap(r, b, r.IntN(2), 0)
	}
	if r.IntN(8) == 0 {
		b.WriteString(strings.Repeat(" ", r.IntN(3)) + strings.Repeat("\n", r.IntN(3)))
	}
}

func indent(r *rand.Rand) int {
	if r.IntN(12) == 0 {
		return r.IntN(2) + 1 // occasionally odd
	}
	return 2 + 2*r.IntN(2)
}

func genMap(r *rand.Rand, b *strings.Builder, col, depth int) {
	n := 1 + r.IntN(4)
	for i := range n {
		c := col
		if r.IntN(40) == 0 {
			c += r.IntN(3) - 1 // indentation error
		}
		if i > 0 || r.IntN(4) == 0 {
			b.WriteString(strings.Repeat(" ", max(c, 0)))
		}
		b.WriteString(genKeys[r.IntN(len(genKeys))])
		if r.IntN(30) == 0 {
			b.WriteString(" ")
		}
		b.WriteString(":")
		genEntryValue(r, b, col, depth)
	}
}

func genSeq(r *rand.Rand, b *strings.Builder, col, depth int) {
	n := 1 + r.IntN(4)
	for i := range n {
		if i > 0 || r.IntN(4) == 0 {
			b.WriteString(strings.Repeat(" ", col))
		}
		b.WriteString("-")
		genItem(r, b, col, depth)
	}
}

// genEntryValue writes what follows "key:".
func genEntryValue(r *rand.Rand, b *strings.Builder, col, depth int) {
	if depth < 4 {
		switch r.IntN(6) {
		case 0:
			b.WriteString(genComments[r.IntN(len(genComments))] + "\n")
			genMap(r, b, col+indent(r), depth+1)
			return
		case 1:
			b.WriteString(genComments[r.IntN(len(genComments))] + "\n")
			c := col
			if r.IntN(2) == 0 {
				c += indent(r)
			}
			genSeq(r, b, c, depth+1)
			return
		}
	}
	if r.IntN(10) == 0 {
		b.WriteString(genComments[r.IntN(len(genComments))] + "\n")
		return
	}
	b.WriteString(" ")
	genValue(r, b, col, depth, col)
}

// genItem writes what follows "-".
func genItem(r *rand.Rand, b *strings.Builder, col, depth int) {
	if depth < 4 {
		switch r.IntN(6) {
		case 0:
			b.WriteString(" ")
			genMap(r, b, col+2, depth+1)
			return
		case 1:
			b.WriteString(" ")
			genSeq(r, b, col+2, depth+1)
			return
		case 2:
			b.WriteString(genComments[r.IntN(len(genComments))] + "\n")
			genMap(r, b, col+indent(r), depth+1)
			return
		}
	}
	if r.IntN(10) == 0 {
		b.WriteString("\n")
		return
	}
	b.WriteString(" ")
	genValue(r, b, col, depth, col)
}

// genValue writes a scalar whose continuation lines, if any, are indented
// past parent.
func genValue(r *rand.Rand, b *strings.Builder, col, depth, parent int) {
	s := genScalars[r.IntN(len(genScalars))]
	pad := strings.Repeat(" ", max(parent+1+r.IntN(3), 0))
	s = strings.ReplaceAll(s, "\n  ", "\n"+pad)
	b.WriteString(s)
	if !strings.HasSuffix(s, "\n") {
		b.WriteString(genComments[r.IntN(len(genComments))])
		b.WriteString("\n")
	}
}

// TestRandomDocuments compares the fast path with YAMLToJSON on generated
// documents that combine the constructs of the subset, and some mistakes.
func TestRandomDocuments(t *testing.T) {
	n := 30000
	if testing.Short() {
		n = 3000
	}
	r := rand.New(rand.NewPCG(1, 2))
	var c Converter
	handledDocs := 0
	for i := range n {
		var b strings.Builder
		genDoc(r, &b)
		doc := []byte(b.String())
		got, ok := c.Append(nil, doc)
		if !ok {
			continue
		}
		handledDocs++
		want, err := yaml.YAMLToJSON(doc)
		if err != nil {
			t.Errorf("doc %d: Convert ok but YAMLToJSON fails: %v\n%s", i, err, doc)
		} else if !bytes.Equal(got, want) {
			t.Errorf("doc %d:\n%s\n got %s\nwant %s", i, doc, got, want)
		}
	}
	t.Logf("fast path handled %d of %d generated documents", handledDocs, n)
}
