package xds

import (
	"bytes"
	"encoding/json"
	"strings"
)

// jsonRaw is a raw JSON value of a patch operation.
type jsonRaw = json.RawMessage

// rawJSON returns s as a JSON string value.
func rawJSON(s string) *json.RawMessage {
	b, _ := json.Marshal(s) // a string always marshals
	r := json.RawMessage(b)
	return &r
}

// indentJSON returns b indented by two spaces, nil for nil b.
func indentJSON(b []byte) []byte {
	if b == nil {
		return nil
	}
	var out bytes.Buffer
	if err := json.Indent(&out, b, "", "  "); err != nil {
		return b
	}
	out.WriteByte('\n')
	return out.Bytes()
}

// lineDiff returns a line diff of a and b: the lines of a longest common
// subsequence prefixed with " ", the others with "-" (only in a) or "+"
// (only in b). Runs of more than three unchanged lines are shortened to
// their first and last three around a "..." line, so that a change deep in
// a large resource stays readable.
func lineDiff(a, b string) string {
	x, y := splitLines(a), splitLines(b)
	// lcs[i][j] is the length of a longest common subsequence of x[i:]
	// and y[j:].
	lcs := make([][]int32, len(x)+1)
	for i := range lcs {
		lcs[i] = make([]int32, len(y)+1)
	}
	for i := len(x) - 1; i >= 0; i-- {
		for j := len(y) - 1; j >= 0; j-- {
			if x[i] == y[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var lines []string
	i, j := 0, 0
	for i < len(x) || j < len(y) {
		switch {
		case i < len(x) && j < len(y) && x[i] == y[j]:
			lines = append(lines, " "+x[i])
			i++
			j++
		case i < len(x) && (j == len(y) || lcs[i+1][j] >= lcs[i][j+1]):
			lines = append(lines, "-"+x[i])
			i++
		default:
			lines = append(lines, "+"+y[j])
			j++
		}
	}
	return strings.Join(elideUnchanged(lines, 3), "\n") + "\n"
}

func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}

// elideUnchanged keeps context unchanged lines before and after each
// change and replaces the other unchanged runs with "...".
func elideUnchanged(lines []string, context int) []string {
	keep := make([]bool, len(lines))
	for i, l := range lines {
		if l[0] == ' ' {
			continue
		}
		for k := max(0, i-context); k <= min(len(lines)-1, i+context); k++ {
			keep[k] = true
		}
	}
	var out []string
	elided := false
	for i, l := range lines {
		if keep[i] {
			out = append(out, l)
			elided = false
			continue
		}
		if !elided {
			out = append(out, " ...")
			elided = true
		}
	}
	return out
}
