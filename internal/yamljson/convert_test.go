package yamljson

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"sigs.k8s.io/yaml"
)

// handled lists documents the fast path must convert, each with the JSON
// that sigs.k8s.io/yaml.YAMLToJSON produces for it (checked as well).
var handled = []struct{ in, want string }{
	// Empty documents.
	{"", `null`},
	{"# only a comment\n", `null`},
	{"\n\n", `null`},

	// Mappings and nesting.
	{"a: 1\nb: two\n", `{"a":1,"b":"two"}`},
	{"b: 1\na: 2\nc: 3\n", `{"a":2,"b":1,"c":3}`},
	{"outer:\n  inner:\n    deep: x\n  other: z\n", `{"outer":{"inner":{"deep":"x"},"other":"z"}}`},
	{"a:\n    b: 1\nc: 2", `{"a":{"b":1},"c":2}`},
	{"  a: 1\n  b: 2\n", `{"a":1,"b":2}`},
	{"a : 1\n", `{"a":1}`},
	{"http://x: z\n", `{"http://x":"z"}`},
	{"a:b: c\n", `{"a:b":"c"}`},
	{"l0:\n l1:\n  l2:\n   l3:\n    l4:\n     l5:\n      l6:\n       l7: deep\n", `{"l0":{"l1":{"l2":{"l3":{"l4":{"l5":{"l6":{"l7":"deep"}}}}}}}}`},

	{"p: 1\nm: 2\nl: 3\nk: 4\nj: 5\ni: 6\nh: 7\ng: 8\nf: 9\ne: 10\nd: 11\nc: 12\nb: 13\na: 14\naa: 15\n",
		`{"a":14,"aa":15,"b":13,"c":12,"d":11,"e":10,"f":9,"g":8,"h":7,"i":6,"j":5,"k":4,"l":3,"m":2,"p":1}`},

	// Sequences.
	{"- a\n- b\n", `["a","b"]`},
	{"k:\n- a\n- b\n", `{"k":["a","b"]}`},
	{"k:\n  - a\n  - b\nz: 1\n", `{"k":["a","b"],"z":1}`},
	{"- name: a\n  port: 80\n- name: b\n", `[{"name":"a","port":80},{"name":"b"}]`},
	{"-   name: a\n    port: 80\n", `[{"name":"a","port":80}]`},
	{"- - nested\n  - more\n- top\n", `[["nested","more"],"top"]`},
	{"- - - x\n", `[[["x"]]]`},
	{"-\n- \n-  # comment\n", `[null,null,null]`},
	{"-\n  a: 1\n", `[{"a":1}]`},
	{"- k:\n  - a\n  - b\n- c\n", `[{"k":["a","b"]},"c"]`},
	{"k:\n- a: 1\n  b: 2\n- c\n", `{"k":[{"a":1,"b":2},"c"]}`},

	// Null values.
	{"k:\n", `{"k":null}`},
	{"k:", `{"k":null}`},
	{"k: ~\n", `{"k":null}`},
	{"k: null\nl: Null\nm: NULL\n", `{"k":null,"l":null,"m":null}`},
	{"k:\nz: 1\n", `{"k":null,"z":1}`},
	{"k: # comment\nz: 1\n", `{"k":null,"z":1}`},

	// Booleans, YAML 1.1 included.
	{"a: true\nb: False\nc: TRUE\n", `{"a":true,"b":false,"c":true}`},
	{"a: yes\nb: no\nc: on\nd: off\ne: y\nf: N\n", `{"a":true,"b":false,"c":true,"d":false,"e":true,"f":false}`},
	{"a: yEs\nb: tRUE\n", `{"a":"yEs","b":"tRUE"}`},

	// Numbers.
	{"port: 8080\n", `{"port":8080}`},
	{"a: -1\nb: +1\nc: 0\nd: -0\ne: +0\n", `{"a":-1,"b":1,"c":0,"d":0,"e":0}`},
	{"a: 1.0\nb: 1.5\nc: -2.25\nd: 1.\n", `{"a":1,"b":1.5,"c":-2.25,"d":1}`},
	{"a: 1e3\nb: 1E-7\nc: 2.5e+21\nd: -0.0\n", `{"a":1000,"b":1e-7,"c":2.5e+21,"d":-0}`},
	{"a: 1e21\nb: 0.000001\nc: 1e-6\n", `{"a":1e+21,"b":0.000001,"c":0.000001}`},
	{"a: .5\nb: -.5\nc: +.5e1\n", `{"a":0.5,"b":-0.5,"c":5}`},
	{"a: 08\nb: 09.5\n", `{"a":8,"b":9.5}`},
	{"big: 999999999999999999\n", `{"big":999999999999999999}`},

	// Strings that look a little like other things.
	{"a: 10.96.0.1\nb: 100ms\nc: 1s\nd: 8080/TCP\n", `{"a":"10.96.0.1","b":"100ms","c":"1s","d":"8080/TCP"}`},
	{"a: 2024-01-01\nb: 2024-01-01T10:00:00Z\n", `{"a":"2024-01-01","b":"2024-01-01T10:00:00Z"}`},
	{"a: -foo\nb: --flag_x=1\nc: .foo\nd: .\n", `{"a":"-foo","b":"--flag_x=1","c":".foo","d":"."}`},
	{"a: 190:20:30\nb: 1:20\n", `{"a":"190:20:30","b":"1:20"}`},
	{"a: 1e400x\nb: 0xZZ\nc: 1.2.3\n", `{"a":"1e400x","b":"0xZZ","c":"1.2.3"}`},
	{"a: <<\nb: a#b\nc: x:y\n", `{"a":"\u003c\u003c","b":"a#b","c":"x:y"}`},
	{"a: -\u00e9\nb: é\n", `{"a":"-é","b":"é"}`},
	{"a: <b>&amp;</b>\n", `{"a":"\u003cb\u003e\u0026amp;\u003c/b\u003e"}`},
	{"a: x  y   \n", `{"a":"x  y"}`},
	{"a: b]\nc: d,e\n", `{"a":"b]","c":"d,e"}`},
	{"a: ?x\nb: -x\nc: :x\n", `{"a":"?x","b":"-x","c":":x"}`},

	// Comments.
	{"# head\nkey: a #comment\n# tail\n", `{"key":"a"}`},
	{"key: a\n  # indented comment\nb: 1\n", `{"b":1,"key":"a"}`},
	{"a:\n# comment\n  b: 1\n", `{"a":{"b":1}}`},
	{"- a # c\n- 'b' # c\n", `["a","b"]`},

	// Quoted scalars.
	{`key: "a: b"` + "\n", `{"key":"a: b"}`},
	{`key: 'it''s'` + "\n", `{"key":"it's"}`},
	{`key: "\u00e9\n"` + "\n", `{"key":"é\n"}`},
	{`key: ""` + "\n", `{"key":""}`},
	{`key: ''` + "\n", `{"key":""}`},
	{`a: "true"` + "\nb: '1'\nc: \"null\"\n", `{"a":"true","b":"1","c":"null"}`},
	{`a: "\x41\t\\ \"\/"` + "\n", ""}, // \/ is not a yaml.v2 escape: see rejected
	{`a: "\0\a\b\t\n\v\f\r\e\ \"\'\\\N\_\L\P\x7f\U0001F600"` + "\n", `{"a":"\u0000\u0007\b\t\n\u000b\f\r\u001b \"'\\` + "\u0085\u00a0" + `\u2028\u2029` + "\x7f\U0001F600" + `"}`},
	{"\"quoted key\": 1\n'single': 2\n", `{"quoted key":1,"single":2}`},
	{"- \"a\": 1\n  b: 2\n", `[{"a":1,"b":2}]`},
	{"k: 'a\n  b'\n", `{"k":"a b"}`},
	{"k: 'a\n\n  b'\n", `{"k":"a\nb"}`},
	{"k: \"a  \n   b\"\n", `{"k":"a b"}`},
	{"k: \"a\\\n  b\"\n", `{"k":"ab"}`},
	{"k: \"a \\\n\n  b\"\n", `{"k":"a \nb"}`},
	{"- message: 'This policy is being merged by other policies for\n    these routes: [default/route-1]'\n  reason: Merged\n", `[{"message":"This policy is being merged by other policies for these routes: [default/route-1]","reason":"Merged"}]`},

	// Multi-line plain scalars.
	{"k: a\n  b\n\n  c\n", `{"k":"a b\nc"}`},
	{"k: The Backend was not accepted\n  since it is disabled\nz: 1\n", `{"k":"The Backend was not accepted since it is disabled","z":1}`},
	{"- a\n  - b\n", `["a - b"]`},
	{"- a\n - b\n", `["a - b"]`},
	{"k:\n- a\n  b\n", `{"k":["a b"]}`},
	{"k: a\n  b # comment\nz: 1\n", `{"k":"a b","z":1}`},
	{"k:\n  value\n", `{"k":"value"}`},

	// Literal and folded block scalars.
	{"key: |\n  line 1\n  line 2\n", `{"key":"line 1\nline 2\n"}`},
	{"key: |\n  text\n\n\n", `{"key":"text\n"}`},
	{"key: |-\n  text\n\n", `{"key":"text"}`},
	{"key: |+\n  text\n\n\nz: 1\n", `{"key":"text\n\n\n","z":1}`},
	{"key: |\n  text", `{"key":"text"}`},
	{"key: |\n\n  after blank\n", `{"key":"\nafter blank\n"}`},
	{"key: |\n  a\n    indented\n  b\n", `{"key":"a\n  indented\nb\n"}`},
	{"key: |\n  a\n   \n  b\n", `{"key":"a\n \nb\n"}`},
	{"key: |2\n    two more\n", `{"key":"  two more\n"}`},
	{"- |1-\n  x\n", `[" x"]`},
	{"- k: |2+\n      x\n\n", `[{"k":"  x\n\n"}]`},
	{"key: |  # comment\n  # not a comment\n\tz\n", ""}, // tab in indentation: see rejected
	{"key: |\n  tab\there\n  # kept\n", `{"key":"tab\there\n# kept\n"}`},
	{"key: |\n  <html> & \"q\"\n", `{"key":"\u003chtml\u003e \u0026 \"q\"\n"}`},
	{"key: |\n", `{"key":""}`},
	{"key: |\nz: 1\n", `{"key":"","z":1}`},
	{"key: >\n  folded\n  text\n\n  para\n    more\n  end\n", `{"key":"folded text\npara\n  more\nend\n"}`},
	{"key: >-\n  a\n  b\n", `{"key":"a b"}`},

	// Empty flow collections.
	{"a: []\nb: {}\nc: [ ]\n", `{"a":[],"b":{},"c":[]}`},
	{"- []\n- {} # c\n", `[[],{}]`},
	{"[]", `[]`},
	{"args: [\"--port\", 8080, 'x', -1, a b , true]\n", `{"args":["--port",8080,"x",-1,"a b",true]}`},
	{"a: [x, y]\nb: {c: d, e: [f, {g: h}], \"i\":1, 'j': []}\n", `{"a":["x",true],"b":{"c":"d","e":["f",{"g":"h"}],"i":1,"j":[]}}`},
	{"a: [x:y, z:, -w, -]\n", `{"a":["x:y","z:","-w","-"]}`},
	{"a: {x: a#b, z: 1.5} # c\n", `{"a":{"x":"a#b","z":1.5}}`},
	{"- [a]\n- {b: c}\n", `[["a"],{"b":"c"}]`},
	{"[a]", `["a"]`},

	// Keys that are not strings in YAML.
	{"true: 1\n", `{"true":1}`},
	{"on: 1\n", `{"true":1}`},
	{"1: a\n-2: b\n", `{"-2":"b","1":"a"}`},

	// Root scalars.
	{"just a string\n", `"just a string"`},
	{"42\n", `42`},
	{"'q'\n", `"q"`},
	{"a\nb\n", `"a b"`},

	// Non-ASCII and escaping.
	{"k: 日本語\n", `{"k":"日本語"}`},
	{"k: \"\\u2028\"\n", `{"k":"\u2028"}`},
	{"k: a\tb\n", ""}, // tab: see rejected
}

// rejected lists documents the fast path must leave to YAMLToJSON.
var rejected = []string{
	// Document markers and directives.
	"---\na: 1\n", "a: 1\n...\n", "%YAML 1.1\n---\na: 1\n", "a: 1\n---\n",
	// Anchors, aliases, tags, complex keys, merge keys.
	"a: &x 1\nb: *x\n", "a: !!str 1\n", "? a\n: b\n", "<<: {}\n", "a: !x y\n",
	// Flow collections the fast path leaves alone.
	"a: [\n  ]\n", "a: [x,\n  y]\n", "a: [x, ]\n", "a: [x, , y]\n", "a: {b: 1,}\n", "a: {b}\n",
	"a: {b: }\n", "a: [b: c]\n", "a: [\"b\": c]\n", "a: [x?y]\n", "a: [? x]\n", "a: [x #c]\n",
	"a: [- x]\n", "a: [x]y\n", "a: {b: c: d}\n", "[a]: b\n", "a: [&x y]\n", "a: [\"x\ny\"]\n",
	"a: {<<: {}}\n", "a: {b: 1, b: 2}\n",
	// Numbers the fast path does not reproduce, or that are not numbers to JSON.
	"a: 0x1F\n", "a: 010\n", "a: 0o17\n", "a: 0b101\n", "a: 1_000\n", "a: 1_0.5\n",
	"a: .inf\n", "a: -.inf\n", "a: .nan\n", "a: 1e400\n", "a: 9999999999999999999\n",
	"a: 0b+101\n",
	// Keys.
	"a: 1\na: 2\n", "'a': 1\na: 2\n", "yes: 1\ntrue: 2\n", "~: 1\n", "null: 1\n", "1.5: a\n",
	"a:\n  b: 1\n  b: 2\n", "p: 1\nm: 2\nl: 3\nk: 4\nj: 5\ni: 6\nh: 7\ng: 8\nf: 9\ne: 10\nd: 11\nc: 12\nb: 13\na: 14\np: 15\n",
	// Indentation errors.
	"a:\n  b: 1\n c: 2\n", "a: 1\n b: 2\n", "a:\n  - x\n  y: 1\n", "  a: 1\nb: 2\n",
	"- a\n  b: 1\n", "k: v\n- a\n",
	// Tabs and carriage returns.
	"a:\tb\n", "\ta: 1\n", "a: 1\r\n", "k: a\tb\n", "key: |\n  x\n\ty\n", "a: \"x\ty\"\n",
	// Block scalars the fast path or yaml.v2 refuse.
	"k: |0\n  x\n", "k: |++\n  x\n", "k: |#c\n  x\n", "k: |\n    \n  x\n", "k: |x\n",
	// Things yaml.v2 refuses.
	"k: -\n", "k: a:\n", "k: a: b\n", "k: \x7f\n", "k: \x01\n", "k: \"a\" b\n", "k: 'a\n", "k: \"\\q\"\n",
	"k: \"\\/\"\n", "k: \"\\ud800\"\n", "k: \"\\U00110000\"\n", "- - a\n  b\n",
	"k: 'a'x\n", "a: [x\n", "a: .5_0\n", "k: []x\n", "k: ,\n", "k: @x\n", "k: `x\n", "k: %x\n", "k: a\n  b: c\n",
	"k: a # c\n  b\n", "k: a\n  # c\n  b\n", "k: \xff\n", "\xef\xbb\xbfk: v\n", "k: a\u2028b\n", "k: a\u0085b\n",
	// Multi-line quoted scalars with under-indented lines.
	"k: 'a\nb'\n",
	// Folded scalar edge handled by yaml.v2 but refused by us: none yet.
}

func TestHandled(t *testing.T) {
	for _, tc := range handled {
		if tc.want == "" {
			continue // listed for documentation; the case is in rejected
		}
		got, ok := Convert([]byte(tc.in))
		if !ok {
			t.Errorf("Convert(%q): ok = false, want %s", tc.in, tc.want)
			continue
		}
		if string(got) != tc.want {
			t.Errorf("Convert(%q) = %s, want %s", tc.in, got, tc.want)
		}
		ref, err := yaml.YAMLToJSON([]byte(tc.in))
		if err != nil || !bytes.Equal(ref, got) {
			t.Errorf("YAMLToJSON(%q) = %s, %v; Convert gives %s", tc.in, ref, err, got)
		}
	}
}

func TestRejected(t *testing.T) {
	cases := rejected
	for _, tc := range handled {
		if tc.want == "" {
			cases = append(cases, tc.in)
		}
	}
	for _, in := range cases {
		if in == "" {
			continue
		}
		if got, ok := Convert([]byte(in)); ok {
			ref, err := yaml.YAMLToJSON([]byte(in))
			t.Errorf("Convert(%q) = %s, ok; want !ok (YAMLToJSON: %s, %v)", in, got, ref, err)
		}
	}
}

// TestDeepNesting checks that nesting is handled up to the limit and
// refused beyond it, without exhausting the stack.
func TestDeepNesting(t *testing.T) {
	for _, depth := range []int{100, maxDepth, maxDepth + 1, 50000} {
		seq := []byte(strings.Repeat("- ", depth) + "x\n")
		if _, ok := Convert(seq); ok != (depth <= maxDepth) {
			t.Errorf("sequence depth %d: ok = %v", depth, ok)
		}
		if depth > 2*maxDepth {
			continue // the mapping form would be too large
		}
		var b strings.Builder
		for i := range depth {
			b.WriteString(strings.Repeat(" ", i))
			b.WriteString("k:\n")
		}
		doc := []byte(b.String())
		got, ok := Convert(doc)
		if want := depth <= maxDepth; ok != want {
			t.Errorf("depth %d: ok = %v, want %v", depth, ok, want)
		}
		if ok {
			ref, err := yaml.YAMLToJSON(doc)
			if err != nil || !bytes.Equal(got, ref) {
				t.Errorf("depth %d: differs from YAMLToJSON (%v)", depth, err)
			}
		}
	}
}

func TestAppendKeepsDst(t *testing.T) {
	var c Converter
	dst := []byte("prefix")
	out, ok := c.Append(dst, []byte("a: 1\n"))
	if !ok || string(out) != `prefix{"a":1}` {
		t.Fatalf("Append = %q, %v", out, ok)
	}
	out, ok = c.Append(out, []byte("a: &x 1\n"))
	if ok || string(out) != `prefix{"a":1}` {
		t.Fatalf("Append after refusal = %q, %v", out, ok)
	}
	// The converter is reusable after a refusal.
	out, ok = c.Append(out[:0], []byte("- b\n"))
	if !ok || string(out) != `["b"]` {
		t.Fatalf("Append after reuse = %q, %v", out, ok)
	}
}

// TestValidText checks the word-at-a-time text check against a byte loop.
func TestValidText(t *testing.T) {
	slow := func(doc []byte) bool {
		for len(doc) > 0 {
			r, size := utf8.DecodeRune(doc)
			doc = doc[size:]
			switch {
			case r == utf8.RuneError && size == 1:
				return false
			case r < 0x80 && !asciiOK[r]:
				return false
			case r >= 0x80 && (r < 0xa0 || r == 0x2028 || r == 0x2029 || r == 0xfeff || r == 0xfffe || r == 0xffff):
				return false
			}
		}
		return true
	}
	for c := range 256 {
		for pos := range 17 {
			doc := []byte(strings.Repeat("abcdefgh", 3))
			doc[pos] = byte(c)
			if got, want := validText(doc), slow(doc); got != want {
				t.Errorf("byte %#x at %d: validText = %v, want %v", c, pos, got, want)
			}
		}
	}
	for _, s := range []string{"é日本\U0001F600", "a\u2028b", "\xef\xbb\xbf", "\xed\xa0\x80", "\xc2\x85", "\xc2\xa0", "\uffff", "\ufffd"} {
		if got, want := validText([]byte(s+"padding!")), slow([]byte(s+"padding!")); got != want {
			t.Errorf("validText(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestKeyOrder checks that sorting by key prefix agrees with bytes.Compare,
// zero bytes and shared prefixes included.
func TestKeyOrder(t *testing.T) {
	keys := []string{"", "\x00", "a", "a\x00", "a\x00\x00", "ab", "abcdefgh", "abcdefgh\x00", "abcdefghi",
		"abcdefgg", "b", "\xff", "é", "e", "E", "apiVersion", "apiversion", "metadata", "metadata2"}
	var p parser
	for _, a := range keys {
		for _, b := range keys {
			p.nodes = append(p.nodes[:0], node{}, node{})
			p.scratch = append(append(p.scratch[:0], a...), b...)
			p.nodes[0].key = text{off: 0, end: int32(len(a)), scratch: true}
			p.nodes[1].key = text{off: int32(len(a)), end: int32(len(a) + len(b)), scratch: true}
			got := p.compare(entry{keyPrefix([]byte(a)), 0}, entry{keyPrefix([]byte(b)), 1})
			if want := strings.Compare(a, b); got != want {
				t.Errorf("compare(%q, %q) = %d, want %d", a, b, got, want)
			}
		}
	}
}
