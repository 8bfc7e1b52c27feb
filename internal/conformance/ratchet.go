package conformance

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// The ratchet: for each level (status, strict, xds) a file lists, one name
// per line and sorted, the cases that pass at that level. A listed case
// that no longer passes, or no longer exists, is a regression. Cases that
// pass but are not listed are progress to record with an update.

// RatchetLevel names one column of the ratchet; its file is <level>.txt.
type RatchetLevel string

// The ratchet levels.
const (
	RatchetStatus RatchetLevel = "status"
	RatchetStrict RatchetLevel = "strict"
	RatchetXDS    RatchetLevel = "xds"
)

// RatchetLevels lists the levels in report order.
func RatchetLevels() []RatchetLevel {
	return []RatchetLevel{RatchetStatus, RatchetStrict, RatchetXDS}
}

// File returns the level's file name inside a passing-list directory.
func (l RatchetLevel) File() string { return string(l) + ".txt" }

func (l RatchetLevel) outcome(r Result) Outcome {
	switch l {
	case RatchetStatus:
		return r.Status
	case RatchetStrict:
		return r.Strict
	}
	return r.XDS
}

// Passing holds, per level, the sorted names of passing cases.
type Passing map[RatchetLevel][]string

// PassingFrom returns the cases of a report that pass, per level.
func PassingFrom(r *Report) Passing {
	p := Passing{}
	for _, l := range RatchetLevels() {
		names := []string{}
		for _, c := range r.Cases {
			if l.outcome(c) == Pass {
				names = append(names, c.Name)
			}
		}
		sort.Strings(names)
		p[l] = names
	}
	return p
}

// ReadPassing reads the lists in dir. A missing file is an empty list;
// blank lines and lines starting with # are ignored.
func ReadPassing(dir string) (Passing, error) {
	p := Passing{}
	for _, l := range RatchetLevels() {
		b, err := os.ReadFile(filepath.Join(dir, l.File()))
		if errors.Is(err, fs.ErrNotExist) {
			p[l] = []string{}
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("conformance: read passing list: %w", err)
		}
		names := []string{}
		sc := bufio.NewScanner(bytes.NewReader(b))
		for sc.Scan() {
			line := strings.TrimSpace(sc.Text())
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			names = append(names, line)
		}
		if err := sc.Err(); err != nil {
			return nil, fmt.Errorf("conformance: read %s: %w", l.File(), err)
		}
		sort.Strings(names)
		p[l] = names
	}
	return p, nil
}

// Write writes the lists to dir, one sorted name per line.
func (p Passing) Write(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("conformance: write passing lists: %w", err)
	}
	for _, l := range RatchetLevels() {
		names := append([]string(nil), p[l]...)
		sort.Strings(names)
		var b strings.Builder
		for _, n := range names {
			b.WriteString(n + "\n")
		}
		if err := os.WriteFile(filepath.Join(dir, l.File()), []byte(b.String()), 0o644); err != nil {
			return fmt.Errorf("conformance: write passing lists: %w", err)
		}
	}
	return nil
}

// Regression is a listed case that no longer passes at a level.
type Regression struct {
	Level RatchetLevel
	Case  string
	// Why is the case's outcome and detail, or "not in the corpus".
	Why string
}

// String renders the regression for a test log.
func (r Regression) String() string {
	return fmt.Sprintf("%s: %s listed in %s no longer passes: %s", r.Level, r.Case, r.Level.File(), r.Why)
}

// Check compares a report with the lists. It returns the regressions
// (listed cases that do not pass, or are not in the report) and, per level,
// the names of cases that pass but are not listed.
func (p Passing) Check(r *Report) (regressions []Regression, newlyPassing Passing) {
	byName := make(map[string]Result, len(r.Cases))
	for _, c := range r.Cases {
		byName[c.Name] = c
	}
	newlyPassing = Passing{}
	for _, l := range RatchetLevels() {
		listed := map[string]bool{}
		for _, name := range p[l] {
			listed[name] = true
			c, ok := byName[name]
			switch {
			case !ok:
				regressions = append(regressions, Regression{Level: l, Case: name, Why: "not in the corpus"})
			case l.outcome(c) != Pass:
				regressions = append(regressions, Regression{Level: l, Case: name, Why: fmt.Sprintf("%s: %s", l.outcome(c), c.Detail)})
			}
		}
		for _, c := range r.Cases {
			if l.outcome(c) == Pass && !listed[c.Name] {
				newlyPassing[l] = append(newlyPassing[l], c.Name)
			}
		}
	}
	return regressions, newlyPassing
}
