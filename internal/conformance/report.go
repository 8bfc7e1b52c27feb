package conformance

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"
)

// EnvReport names the environment variable that, when set, names the file
// the corpus test writes its JSON report to.
const EnvReport = "GATEWAYKIT_REPORT"

// Outcome is the result of one comparison column of one case.
type Outcome string

// The outcomes.
const (
	// Pass: our output matches.
	Pass Outcome = "pass"
	// Fail: our output differs; Result.Detail says where first.
	Fail Outcome = "fail"
	// Error: the comparison could not be made (the pipeline failed, is not
	// built, panicked, or an expected file could not be read).
	Error Outcome = "error"
	// Skip: the column is not compared for this case (xDS of a case whose
	// reference xDS translation failed).
	Skip Outcome = "skip"
)

// Result is the outcome of one case. Its JSON form is the report format of
// the corpus README.
type Result struct {
	Name     string `json:"name"`
	Category string `json:"category"`
	// Status compares condition types, statuses and reasons and the
	// structure of every status.
	Status Outcome `json:"status"`
	// Strict is Status plus condition messages.
	Strict Outcome `json:"strict"`
	// XDS compares the xDS resources, ratelimitConfig and
	// envoyPatchPolicyStatuses.
	XDS Outcome `json:"xds"`
	// XDSMatched and XDSTotal count xDS items (see compareXDS for the
	// definition); both are 0 when XDS is Skip.
	XDSMatched int `json:"xdsMatched"`
	XDSTotal   int `json:"xdsTotal"`
	// Detail is the first difference or the error: of the status column if
	// it did not pass, else of the strict column, else of the xDS column.
	Detail string `json:"detail"`
	// Differences lists the differences found (at most a few dozen per
	// column), status first, then strict-only, then xDS. Not in the JSON
	// report.
	Differences []Difference `json:"-"`
}

// Report is the result of a run, one Result per case in manifest order.
type Report struct {
	Cases []Result `json:"cases"`
}

// WriteJSON writes the report as indented JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r); err != nil {
		return fmt.Errorf("conformance: write report: %w", err)
	}
	return nil
}

// WriteFile writes the report as JSON to the named file.
func (r *Report) WriteFile(name string) error {
	f, err := os.Create(name)
	if err != nil {
		return fmt.Errorf("conformance: write report: %w", err)
	}
	if err := r.WriteJSON(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("conformance: write report: %w", err)
	}
	return nil
}

// CategorySummary counts the results of one category.
type CategorySummary struct {
	// Category is the category name, or "total".
	Category string
	// Cases counts the cases.
	Cases int
	// StatusPass, StrictPass and XDSPass count the cases that pass each
	// level; XDSSkip those whose xDS is not compared.
	StatusPass, StrictPass, XDSPass, XDSSkip int
	// XDSMatched and XDSTotal add up the cases' xDS item counts.
	XDSMatched, XDSTotal int
	// Errors counts the cases with at least one column in error.
	Errors int
}

// Summary returns one row per category, in order of first appearance in
// the report, and a total row.
func (r *Report) Summary() (rows []CategorySummary, total CategorySummary) {
	index := map[string]int{}
	total.Category = "total"
	for _, c := range r.Cases {
		i, ok := index[c.Category]
		if !ok {
			i = len(rows)
			index[c.Category] = i
			rows = append(rows, CategorySummary{Category: c.Category})
		}
		for _, s := range []*CategorySummary{&rows[i], &total} {
			s.Cases++
			s.XDSMatched += c.XDSMatched
			s.XDSTotal += c.XDSTotal
			if c.Status == Pass {
				s.StatusPass++
			}
			if c.Strict == Pass {
				s.StrictPass++
			}
			switch c.XDS {
			case Pass:
				s.XDSPass++
			case Skip:
				s.XDSSkip++
			}
			if c.Status == Error || c.Strict == Error || c.XDS == Error {
				s.Errors++
			}
		}
	}
	return rows, total
}

// WriteTable writes the per-category table with a total row: cases, how
// many pass at the status, strict and xDS levels, how many skip xDS, the
// xDS items matched/total and how many cases have a column in error.
func (r *Report) WriteTable(w io.Writer) error {
	rows, total := r.Summary()
	rows = append(rows, total)
	header := []string{"category", "cases", "status", "strict", "xds", "xds skip", "xds items", "errors"}
	cells := [][]string{header}
	for _, s := range rows {
		cells = append(cells, []string{
			s.Category, strconv.Itoa(s.Cases), strconv.Itoa(s.StatusPass), strconv.Itoa(s.StrictPass),
			strconv.Itoa(s.XDSPass), strconv.Itoa(s.XDSSkip), fmt.Sprintf("%d/%d", s.XDSMatched, s.XDSTotal),
			strconv.Itoa(s.Errors),
		})
	}
	width := make([]int, len(header))
	for _, row := range cells {
		for i, c := range row {
			width[i] = max(width[i], utf8.RuneCountInString(c))
		}
	}
	var b strings.Builder
	for _, row := range cells {
		for i, c := range row {
			pad := strings.Repeat(" ", width[i]-utf8.RuneCountInString(c))
			switch {
			case i == 0:
				b.WriteString(c + pad)
			default:
				b.WriteString("  " + pad + c)
			}
		}
		b.WriteByte('\n')
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("conformance: write table: %w", err)
	}
	return nil
}
