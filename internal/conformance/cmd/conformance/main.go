// Command conformance runs the conformance corpus through gatewaykit's
// pipeline and prints a per-category table.
//
//	go run ./internal/conformance/cmd/conformance [-corpus dir] [-report file] [-run regexp] [-v] [-golden | -ir]
//
// The corpus defaults to $GATEWAYKIT_CORPUS, else ../shared/conformance from
// the module root; the report file defaults to $GATEWAYKIT_REPORT. With -v,
// every case that does not pass is listed with its first difference. With
// -golden, the corpus's own answers are replayed (every case must pass),
// which checks the comparators and the corpus. With -ir, only package xds is
// measured, from the corpus's own IR. The exit status is 0 when the
// run completed, whatever the results; 1 when it could not run.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"

	"github.com/gatewaykit/gatewaykit/internal/conformance"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "conformance:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("conformance", flag.ContinueOnError)
	corpusDir := fs.String("corpus", "", "corpus directory (default $"+conformance.EnvCorpus+", else "+conformance.DefaultCorpusRel+" from the module root)")
	reportFile := fs.String("report", os.Getenv(conformance.EnvReport), "write the JSON report to this file (default $"+conformance.EnvReport+")")
	pattern := fs.String("run", "", "run only the cases whose name matches this regular expression")
	verbose := fs.Bool("v", false, "list every case that does not pass, with its first difference")
	golden := fs.Bool("golden", false, "replay the corpus's own answers instead of running the pipeline")
	irOnly := fs.Bool("ir", false, "measure package xds alone: translate the corpus's own IR (out.yaml xdsIR) and compare xDS only")
	workers := fs.Int("workers", 0, "cases run at once (default GOMAXPROCS)")
	if err := fs.Parse(args); err != nil {
		return err
	}

	dir := *corpusDir
	if dir == "" {
		var err error
		if dir, err = conformance.FindCorpusDir("."); err != nil {
			return err
		}
	}
	c, err := conformance.LoadCorpus(dir)
	if err != nil {
		return err
	}

	var p conformance.Pipeline
	if *golden {
		p = conformance.NewGoldenPipeline(c)
	} else if *irOnly {
		p = conformance.NewIRPipeline(c)
	} else if p, err = conformance.NewPipeline(&c.Manifest); err != nil {
		return err
	}
	var opts []conformance.Option
	if *pattern != "" {
		re, err := regexp.Compile(*pattern)
		if err != nil {
			return fmt.Errorf("-run: %w", err)
		}
		opts = append(opts, conformance.WithFilter(func(cs conformance.Case) bool { return re.MatchString(cs.Name) }))
	}
	if *workers != 0 {
		opts = append(opts, conformance.WithWorkers(*workers))
	}
	r, err := conformance.NewRunner(p, opts...)
	if err != nil {
		return err
	}
	rep, err := r.Run(ctx, c)
	if err != nil {
		return err
	}

	if *verbose {
		for _, res := range rep.Cases {
			if res.Status == conformance.Pass && res.Strict == conformance.Pass &&
				(res.XDS == conformance.Pass || res.XDS == conformance.Skip) {
				continue
			}
			fmt.Fprintf(stdout, "%s [%s]: status %s, strict %s, xds %s (%d/%d)\n  %s\n",
				res.Name, res.Category, res.Status, res.Strict, res.XDS, res.XDSMatched, res.XDSTotal, res.Detail)
		}
		fmt.Fprintln(stdout)
	}
	fmt.Fprintf(stdout, "corpus %s: %d cases\n", c.Dir, len(rep.Cases))
	if err := rep.WriteTable(stdout); err != nil {
		return err
	}
	if *reportFile != "" {
		if err := rep.WriteFile(*reportFile); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "report written to %s\n", *reportFile)
	}
	return nil
}
