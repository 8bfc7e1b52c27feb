package cel

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	exprpb "cel.dev/expr"
	xdsmatcherv3 "github.com/cncf/xds/go/xds/type/matcher/v3"
	xdstypev3 "github.com/cncf/xds/go/xds/type/v3"
	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/testing/protocmp"
	"google.golang.org/protobuf/types/known/anypb"
)

// celCase is one line of testdata/cel/parse.jsonl: an expression and what
// cel-go v0.30.0 (cel.NewEnv().Parse, then cel.AstToParsedExpr) made of
// it, the parsed expression or, when it rejected it, its error.
type celCase struct {
	Expr   string          `json:"expr"`
	Parsed json.RawMessage `json:"parsed"`
	Error  string          `json:"error"`
}

func readCELCases(t *testing.T, name string) []celCase {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []celCase
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var c celCase
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatal(err)
		}
		out = append(out, c)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestParseCELMatchesCELGo checks Parse against cel-go's answers: the
// same parsed expression (node numbers, positions, macro expansions)
// for every expression cel-go accepts, an error for every one it rejects.
func TestParseCELMatchesCELGo(t *testing.T) {
	name := filepath.Join("testdata", "cel", "parse.jsonl")
	if o := os.Getenv("CEL_ORACLE"); o != "" {
		name = o
	}
	for _, c := range readCELCases(t, name) {
		got, err := Parse(c.Expr)
		if c.Error != "" {
			if err == nil {
				t.Errorf("Parse(%q) succeeded; cel-go: %s", c.Expr, c.Error)
			}
			continue
		}
		if err != nil {
			t.Errorf("Parse(%q): %v", c.Expr, err)
			continue
		}
		want := &exprpb.ParsedExpr{}
		if err := protojson.Unmarshal(c.Parsed, want); err != nil {
			t.Fatal(err)
		}
		if proto.Equal(want, got) {
			continue
		}
		// Diffing the deeply nested cases would take long.
		if len(c.Expr) > 200 {
			t.Errorf("Parse(%.40q...) differs from cel-go", c.Expr)
			continue
		}
		t.Errorf("Parse(%q) (-cel-go +got):\n%s", c.Expr, cmp.Diff(want, got, protocmp.Transform()))
	}
}

// FuzzParseCEL checks that no expression makes Parse panic, that
// parsing is deterministic, and that what it accepts fits Envoy's CEL
// matcher.
func FuzzParseCEL(f *testing.F) {
	for _, s := range []string{
		"request.path.startsWith('/admin')",
		"x.exists(e, has(e.f)) && [1, 2].map(v, v > 0, v * 2) == {'a': A{f: b'\\x00'}}[r'k']",
		"!!-1 ? .a.b(c)[d] : '''m\nl''' // c",
		"(((a)))",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := Parse(s)
		if err != nil {
			return
		}
		again, err := Parse(s)
		if err != nil || !proto.Equal(p, again) {
			t.Fatalf("Parse(%q) is not deterministic", s)
		}
		m := &xdsmatcherv3.CelMatcher{ExprMatch: &xdstypev3.CelExpression{CelExprParsed: p}}
		if err := m.ValidateAll(); err != nil {
			t.Fatalf("Parse(%q): %v", s, err)
		}
		if _, err := anypb.New(m); err != nil {
			t.Fatalf("Parse(%q): %v", s, err)
		}
	})
}
