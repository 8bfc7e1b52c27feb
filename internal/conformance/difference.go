package conformance

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Level is the comparison level at which a Difference counts.
type Level int

const (
	// LevelStatus differences are in structure or in the type, status or
	// reason of a condition. They fail both the status and the strict
	// level.
	LevelStatus Level = iota
	// LevelStrict differences are in condition messages only. They fail the
	// strict level and not the status level.
	LevelStrict
)

// Difference is one way in which our output differs from the expected one.
type Difference struct {
	// Level says which comparison levels the difference fails.
	Level Level
	// Path names the object and the place, e.g.
	// httpRoutes[default/route].parents[default/gateway/http].conditions[Accepted].reason.
	Path string
	// Text says how the values differ, e.g. `want "Accepted", got "Invalid"`.
	Text string
}

// String renders the difference as "path: text".
func (d Difference) String() string { return d.Path + ": " + d.Text }

// differ collects differences up to a limit.
type differ struct {
	diffs []Difference
	limit int
}

// maxDifferences bounds how many differences one comparison keeps.
const maxDifferences = 50

func newDiffer() *differ { return &differ{limit: maxDifferences} }

func (d *differ) add(level Level, path, format string, args ...any) {
	d.push(Difference{Level: level, Path: path, Text: fmt.Sprintf(format, args...)})
}

func (d *differ) push(diff Difference) {
	if len(d.diffs) >= d.limit {
		return
	}
	d.diffs = append(d.diffs, diff)
}

func (d *differ) values(level Level, path string, want, got any) {
	d.add(level, path, "want %s, got %s", render(want), render(got))
}

func (d *differ) missing(level Level, path string) { d.add(level, path, "missing") }

func (d *differ) unexpected(level Level, path string) { d.add(level, path, "unexpected") }

// maxRendered bounds the length of a rendered value in a difference.
const maxRendered = 300

// render formats a generic (JSON-decoded) value for a difference text.
func render(v any) string {
	switch x := v.(type) {
	case nil:
		return "<absent>"
	case string:
		return truncate(fmt.Sprintf("%q", x))
	case bool:
		return fmt.Sprint(x)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return truncate(fmt.Sprint(v))
	}
	return truncate(string(b))
}

func truncate(s string) string {
	if len(s) <= maxRendered {
		return s
	}
	cut := maxRendered
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// firstOf returns the first difference at or below level, if any.
func firstOf(diffs []Difference, levels ...Level) (Difference, bool) {
	for _, d := range diffs {
		for _, l := range levels {
			if d.Level == l {
				return d, true
			}
		}
	}
	return Difference{}, false
}

// joinPath appends a field name to a path.
func joinPath(path, field string) string {
	if path == "" {
		return field
	}
	return path + "." + field
}

// bracket formats a path element key.
func bracket(path, key string) string {
	var b strings.Builder
	b.Grow(len(path) + len(key) + 2)
	b.WriteString(path)
	b.WriteByte('[')
	b.WriteString(key)
	b.WriteByte(']')
	return b.String()
}
