package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"sync"

	"github.com/spf13/cobra"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/schema"
)

type extractOptions struct {
	IO         *IOStreams
	Paths      []string
	Pretty     bool
	Provenance bool
	Jobs       int
}

func newCmdExtract(ios *IOStreams, runF func(context.Context, *extractOptions) error) *cobra.Command {
	opts := &extractOptions{IO: ios}
	cmd := &cobra.Command{
		Use:   "extract [flags] PATH...",
		Short: "Extract reports to JSON Lines on stdout, one object per document",
		Long: `Extract reads every report named on the command line — files, or directories
walked recursively, where files are recognised by their content, not their
extension — and writes one JSON object per document (schema nianbao/v1) to
standard output, in input order.

A file that cannot be read still gets its record: its source and an
"unreadable" finding naming the cause. The run goes on with the other files.

` + exitCodesHelp,
		Args: cobra.MinimumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Paths = args
			if opts.Jobs < 1 {
				return usagef("-j must be at least 1")
			}
			if runF != nil {
				return runF(c.Context(), opts)
			}
			return extractRun(c.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&opts.Pretty, "pretty", false, "indent the JSON (one object per document, no longer one per line)")
	f.BoolVar(&opts.Provenance, "provenance", false, `add "provenance": page, raw text and (PDF) box of every cell`)
	f.IntVarP(&opts.Jobs, "jobs", "j", runtime.NumCPU(), "files read in parallel")
	return cmd
}

// result is one document's outcome on its way to the output.
type result struct {
	rep *schema.Report
	err error
}

func extractRun(ctx context.Context, opts *extractOptions) error {
	w := bufio.NewWriterSize(opts.IO.Out, 64<<10)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if opts.Pretty {
		enc.SetIndent("", "  ")
	}
	var unreadable int
	emit := func(r result) error {
		if !opts.Provenance {
			r.rep.Provenance = nil
		}
		if r.rep.Unreadable() != nil {
			unreadable++
			fmt.Fprintf(opts.IO.ErrOut, "nianbao: %s: %s\n", r.rep.Source.File, r.rep.Unreadable().Message)
		}
		return enc.Encode(r.rep)
	}
	err := runOrdered(ctx, opts.Paths, opts.Jobs, func(ctx context.Context, path string) result {
		rep, err := extract.File(ctx, path, extract.Options{})
		return result{rep, err}
	}, emit)
	if ferr := w.Flush(); err == nil && ferr != nil {
		err = ferr
	}
	if err != nil {
		return err
	}
	if unreadable > 0 {
		return &exitError{code: ExitUnreadable}
	}
	return nil
}

// runOrdered runs work on every input with n workers and passes the
// results to emit in input order. At most 2n results wait in memory.
func runOrdered(parent context.Context, args []string, n int, work func(context.Context, string) result, emit func(result) error) error {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	type job struct {
		path string
		out  chan result
	}
	jobs := make(chan job)
	queue := make(chan job, 2*n) // jobs in input order, awaiting emission
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				j.out <- work(ctx, j.path)
			}
		}()
	}
	walkErr := make(chan error, 1)
	go func() {
		defer close(queue)
		defer close(jobs)
		walkErr <- walkInputs(ctx, args, func(p string) bool {
			j := job{path: p, out: make(chan result, 1)}
			select {
			case queue <- j:
			case <-ctx.Done():
				return false
			}
			select {
			case jobs <- j:
				return true
			case <-ctx.Done():
				return false
			}
		})
	}()
	var err error
	for j := range queue {
		var r result
		select {
		case r = <-j.out:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
		if err = emit(r); err != nil {
			cancel()
			break
		}
	}
	cancel()
	for range queue {
	}
	wg.Wait()
	werr := <-walkErr
	switch {
	case err != nil:
		return err
	case parent.Err() != nil:
		return parent.Err()
	}
	return werr
}
