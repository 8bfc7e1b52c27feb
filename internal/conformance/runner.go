package conformance

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"
)

// Runner runs corpus cases through a Pipeline and compares the results
// with the corpus's answers. A Runner is immutable and safe for concurrent
// use.
type Runner struct {
	pipeline Pipeline
	workers  int
	filter   func(Case) bool
}

// Option configures a Runner.
type Option func(*Runner) error

// WithWorkers sets how many cases run at once; the default is
// runtime.GOMAXPROCS(0). The pipeline must then be safe for concurrent use.
func WithWorkers(n int) Option {
	return func(r *Runner) error {
		if n < 1 {
			return fmt.Errorf("conformance: WithWorkers(%d): want at least 1", n)
		}
		r.workers = n
		return nil
	}
}

// WithFilter restricts a run to the cases for which keep returns true.
func WithFilter(keep func(Case) bool) Option {
	return func(r *Runner) error {
		if keep == nil {
			return errors.New("conformance: WithFilter(nil)")
		}
		r.filter = keep
		return nil
	}
}

// NewRunner returns a Runner that drives p.
func NewRunner(p Pipeline, opts ...Option) (*Runner, error) {
	if p == nil {
		return nil, errors.New("conformance: NewRunner: nil pipeline")
	}
	r := &Runner{pipeline: p, workers: runtime.GOMAXPROCS(0)}
	for _, o := range opts {
		if err := o(r); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// Run runs every case of the corpus (that the filter keeps) and returns one
// Result per case, in manifest order. A case that fails, errors or panics
// affects only its own Result. Run returns an error only when ctx is done.
func (r *Runner) Run(ctx context.Context, c *Corpus) (*Report, error) {
	var cases []Case
	for _, cs := range c.Manifest.Cases {
		if r.filter == nil || r.filter(cs) {
			cases = append(cases, cs)
		}
	}
	results := make([]Result, len(cases))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(r.workers, max(len(cases), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i] = r.RunCase(ctx, c, cases[i])
			}
		}()
	}
	var err error
dispatch:
	for i := range cases {
		select {
		case next <- i:
		case <-ctx.Done():
			err = fmt.Errorf("conformance: run: %w", ctx.Err())
			break dispatch
		}
	}
	close(next)
	wg.Wait()
	if err != nil {
		return nil, err
	}
	return &Report{Cases: results}, nil
}

// RunCase runs one case and compares its output. A panic, in the pipeline
// or in the comparison of what it returned, makes every column Error with
// the panic value and a short stack as detail.
func (r *Runner) RunCase(ctx context.Context, c *Corpus, cs Case) (res Result) {
	res = Result{Name: cs.Name, Category: cs.Category}
	defer func() {
		if v := recover(); v != nil {
			res.Status, res.Strict, res.XDS = Error, Error, Error
			res.XDSMatched = 0
			res.Detail = fmt.Sprintf("panic: %v\n%s", v, shortStack())
			res.Differences = nil
		}
	}()
	run := caseRun{corpus: c, c: cs}
	run.loadExpected()
	out, err := r.runPipeline(ctx, cs, run.input, run.inputErr)
	run.compare(&res, out, err)
	return res
}

func (r *Runner) runPipeline(ctx context.Context, cs Case, input []byte, inputErr error) (*Output, error) {
	if inputErr != nil {
		return nil, inputErr
	}
	return r.pipeline.Run(ctx, cs, input)
}

// caseRun holds what one case needs: its input and its expected answers.
type caseRun struct {
	corpus *Corpus
	c      Case

	input    []byte
	inputErr error

	wantStatus objectsByKey
	statusErr  error

	wantXDS *expectedXDS
	xdsErr  error
	xdsSkip bool
}

func (run *caseRun) loadExpected() {
	run.input, run.inputErr = run.corpus.ReadFile(run.c.InputFile())
	run.wantStatus, run.statusErr = run.expectedStatuses()
	run.wantXDS, run.xdsErr = run.expectedXDS()
	if run.c.XDSError {
		run.xdsSkip = true
	}
	if run.wantXDS != nil {
		for _, e := range run.wantXDS.Entries {
			if e.Error != "" {
				run.xdsSkip = true
			}
		}
	}
}

func (run *caseRun) expectedStatuses() (objectsByKey, error) {
	b, err := run.corpus.ReadFile(run.c.OutputFile())
	if err != nil {
		return nil, fmt.Errorf("expected statuses: %w", err)
	}
	doc, err := parseYAMLObject(b)
	if err != nil {
		return nil, fmt.Errorf("expected statuses: %s: %w", run.c.OutputFile(), err)
	}
	return expectedStatuses(doc)
}

func (run *caseRun) expectedXDS() (*expectedXDS, error) {
	if run.c.XDSError {
		return nil, nil
	}
	b, err := run.corpus.ReadFile(run.c.XDSFile())
	if err != nil {
		return nil, fmt.Errorf("expected xds: %w", err)
	}
	x, err := parseExpectedXDS(b)
	if err != nil {
		return nil, fmt.Errorf("expected xds: %s: %w", run.c.XDSFile(), err)
	}
	return x, nil
}

// compare fills res from the pipeline's output and error.
func (run *caseRun) compare(res *Result, out *Output, err error) {
	if out == nil {
		out = &Output{}
	}
	// An error that is not ErrNotBuilt means the pipeline failed: nothing
	// it returned is trusted. ErrNotBuilt means the nil parts were not built.
	failed := err != nil && !errors.Is(err, ErrNotBuilt)
	errText := ""
	if err != nil {
		errText = err.Error()
	}

	var statusDiffs []Difference
	var statusDetail, strictDetail string
	switch {
	case run.statusErr != nil:
		res.Status, res.Strict = Error, Error
		statusDetail, strictDetail = run.statusErr.Error(), run.statusErr.Error()
	case failed || (err != nil && out.Statuses == nil):
		res.Status, res.Strict = Error, Error
		statusDetail, strictDetail = errText, errText
	default:
		statusDiffs, statusDetail, strictDetail = run.compareStatuses(res, out.Statuses)
	}

	var xdsDiffs []Difference
	var xdsDetail string
	switch {
	case run.xdsSkip:
		res.XDS = Skip
	case run.xdsErr != nil:
		res.XDS = Error
		xdsDetail = run.xdsErr.Error()
	case failed || (err != nil && out.XDS == nil):
		res.XDS = Error
		res.XDSTotal = run.wantXDS.count()
		xdsDetail = errText
	default:
		xdsDiffs, xdsDetail = run.compareXDS(res, out.XDS)
	}

	// A pipeline that builds no statuses (the IR one) is measured by its
	// xDS: its detail is the xDS difference.
	statusesNotBuilt := errors.Is(err, ErrNotBuilt) && out.Statuses == nil && out.XDS != nil
	switch {
	case res.Status != Pass && !statusesNotBuilt:
		res.Detail = statusDetail
	case res.Strict != Pass && !statusesNotBuilt:
		res.Detail = strictDetail
	case res.XDS != Pass && res.XDS != Skip:
		res.Detail = xdsDetail
	}
	res.Differences = append(statusDiffs, xdsDiffs...)
}

func (run *caseRun) compareStatuses(res *Result, got map[string][]any) (diffs []Difference, statusDetail, strictDetail string) {
	ours, err := ourStatuses(got)
	if err != nil {
		res.Status, res.Strict = Error, Error
		return nil, err.Error(), err.Error()
	}
	d := newDiffer()
	compareStatuses(d, run.wantStatus, ours)
	diffs = d.diffs
	// Status-level differences first: they decide both columns.
	sort.SliceStable(diffs, func(i, j int) bool { return diffs[i].Level < diffs[j].Level })
	res.Status, res.Strict = Pass, Pass
	if first, ok := firstOf(diffs, LevelStatus); ok {
		res.Status, res.Strict = Fail, Fail
		statusDetail, strictDetail = first.String(), first.String()
	} else if first, ok := firstOf(diffs, LevelStrict); ok {
		res.Strict = Fail
		strictDetail = first.String()
	}
	return diffs, statusDetail, strictDetail
}

func (run *caseRun) compareXDS(res *Result, got map[string]*XDS) ([]Difference, string) {
	d := newDiffer()
	n, err := compareXDS(d, run.wantXDS, got)
	if err != nil {
		res.XDS = Error
		res.XDSTotal = run.wantXDS.count()
		return nil, err.Error()
	}
	res.XDSMatched, res.XDSTotal = n.matched, n.total
	if len(d.diffs) == 0 && n.matched == n.total {
		res.XDS = Pass
		return nil, ""
	}
	res.XDS = Fail
	if len(d.diffs) == 0 {
		return nil, fmt.Sprintf("xds: %d of %d items matched", n.matched, n.total)
	}
	return d.diffs, d.diffs[0].String()
}

// maxStackFrames bounds the stack printed for a panic.
const maxStackFrames = 8

// shortStack returns the panicking goroutine's stack, innermost first,
// without runtime frames, at most maxStackFrames lines of "function
// (file:line)". It must be called from the deferred function that
// recovered.
func shortStack() string {
	pcs := make([]uintptr, 64)
	n := runtime.Callers(3, pcs)
	frames := runtime.CallersFrames(pcs[:n])
	var lines []string
	for {
		f, more := frames.Next()
		if !strings.HasPrefix(f.Function, "runtime.") {
			lines = append(lines, fmt.Sprintf("%s (%s:%d)", f.Function, trimPath(f.File), f.Line))
		}
		if !more || len(lines) == maxStackFrames {
			break
		}
	}
	return strings.Join(lines, "\n")
}

// trimPath keeps the last two elements of a file path.
func trimPath(p string) string {
	i := strings.LastIndexByte(p, '/')
	if i <= 0 {
		return p
	}
	if j := strings.LastIndexByte(p[:i], '/'); j >= 0 {
		return p[j+1:]
	}
	return p
}
