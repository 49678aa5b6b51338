package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/nianbao/nianbao/batch"
	"github.com/nianbao/nianbao/export"
	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/schema"
)

type extractOptions struct {
	IO         *IOStreams
	Paths      []string
	FilesFrom  string
	Pretty     bool
	Provenance bool
	Jobs       int
	Output     string
	SQLite     string
	CSV        string
	CSVBOM     bool
	Parquet    string
	Resume     bool
	Shard      batch.Shard
	Timeout    time.Duration
	Memory     int64 // bytes; negative: no limit
	InProcess  bool
	Quiet      bool
}

func newCmdExtract(ios *IOStreams, runF func(context.Context, *extractOptions) error) *cobra.Command {
	opts := &extractOptions{IO: ios}
	var shard, memory string
	cmd := &cobra.Command{
		Use:   "extract [flags] PATH...",
		Short: "Extract reports to JSON Lines, SQLite, CSV or Parquet, many files at once",
		Long: `Extract reads every report named on the command line or listed in
--files-from — files, or directories walked recursively, where files are
recognised by their content, not their extension; in a directory, a file named
like a document that is not one gets a record saying so — and writes one record
per file (schema nianbao/v1): JSON Lines on standard output by default, or to
-o FILE, and/or the tables of a dataset (--sqlite, --csv, --parquet).

Records come out in input order. A file that cannot be read still gets its
record: its source and an "unreadable" finding naming the cause. The run goes
on with the other files.

Untrusted files are read in worker processes (the nianbao binary itself), one
per parallel job: a file that takes longer than --timeout or makes its worker
exceed --memory-limit, or crashes it, gets an unreadable record with the cause
(timeout, memory, crash), and the worker is replaced. --in-process reads in
this process instead: faster, for trusted input.

A file is known by its content (SHA-256). --resume skips the files whose
content is already in the output and appends, so an interrupted run (Ctrl-C,
a kill, a crash of the machine) continues where it stopped. A file with the same
content as an earlier file of the run is stored once in the SQLite, CSV and
Parquet datasets (their files table names every path); JSON Lines keeps an
object per input file. --shard K/N keeps
the inputs whose path hashes to shard K of N, so N machines share one list.

On a terminal, a progress bar shows on standard error; at the end a summary
(files, read, unreadable by cause, findings by code). --quiet shows neither.

` + exitCodesHelp,
		RunE: func(c *cobra.Command, args []string) error {
			opts.Paths = args
			if err := opts.validate(c, shard, memory); err != nil {
				return err
			}
			if runF != nil {
				return runF(c.Context(), opts)
			}
			return extractRun(c.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&opts.Pretty, "pretty", false, "indent the JSON (one object per document, no longer one per line)")
	f.BoolVar(&opts.Provenance, "provenance", false, `add "provenance" to the JSON: page, raw text and (PDF) box of every cell`)
	f.IntVarP(&opts.Jobs, "jobs", "j", runtime.NumCPU(), "files read in parallel")
	f.StringVar(&opts.FilesFrom, "files-from", "", "read more paths from `FILE`, one a line (- for standard input)")
	f.StringVarP(&opts.Output, "output", "o", "", "write the JSON Lines to `FILE` instead of standard output (- for standard output)")
	f.StringVar(&opts.SQLite, "sqlite", "", "write the tables to the SQLite database `FILE` (created if needed)")
	f.StringVar(&opts.CSV, "csv", "", "write the tables as CSV files in `DIR`")
	f.BoolVar(&opts.CSVBOM, "csv-bom", false, "start the CSV files with a UTF-8 byte-order mark (for Excel)")
	f.StringVar(&opts.Parquet, "parquet", "", "write the tables as Parquet datasets in `DIR`")
	f.BoolVar(&opts.Resume, "resume", false, "skip files whose content is already in the output, and append")
	f.StringVar(&shard, "shard", "", "keep only shard `K/N` of the inputs (stable by path; 1 ≤ K ≤ N)")
	f.DurationVar(&opts.Timeout, "timeout", 60*time.Second, "time limit per file (0: none)")
	f.StringVar(&memory, "memory-limit", "1GiB", "memory limit per worker process, e.g. 512MiB (0: none; Linux only)")
	f.BoolVar(&opts.InProcess, "in-process", false, "read files in this process, without worker processes (trusted input only)")
	f.BoolVarP(&opts.Quiet, "quiet", "q", false, "no progress bar, no per-file messages, no summary")
	return cmd
}

// validate checks the flags that depend on each other.
func (o *extractOptions) validate(c *cobra.Command, shard, memory string) error {
	if len(o.Paths) == 0 && o.FilesFrom == "" {
		return usagef("extract needs at least one PATH or --files-from")
	}
	if o.Jobs < 1 {
		return usagef("-j must be at least 1")
	}
	if o.Timeout < 0 {
		return usagef("--timeout must not be negative")
	}
	if shard != "" {
		s, err := batch.ParseShard(shard)
		if err != nil {
			return usagef("--shard: %v", err)
		}
		o.Shard = s
	}
	m, err := parseSize(memory)
	if err != nil {
		return usagef("--memory-limit: %v", err)
	}
	o.Memory = m
	if o.CSVBOM && o.CSV == "" {
		return usagef("--csv-bom needs --csv")
	}
	if o.Resume && !o.hasFileSink() {
		return usagef("--resume needs an output to resume: -o FILE, --sqlite, --csv or --parquet")
	}
	return nil
}

func (o *extractOptions) hasFileSink() bool {
	return (o.Output != "" && o.Output != "-") || o.SQLite != "" || o.CSV != "" || o.Parquet != ""
}

// parseSize reads a byte size: 1073741824, 512MiB, 1GiB, 800MB, 2G. Zero
// or "none" means no limit (-1).
func parseSize(s string) (int64, error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "0" || strings.EqualFold(s, "none") {
		return -1, nil
	}
	units := []struct {
		suffix string
		mult   int64
	}{
		{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"TiB", 1 << 40},
		{"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"TB", 1e12},
		{"K", 1 << 10}, {"M", 1 << 20}, {"G", 1 << 30}, {"T", 1 << 40}, {"B", 1},
	}
	mult := int64(1)
	for _, u := range units {
		if len(s) > len(u.suffix) && strings.EqualFold(s[len(s)-len(u.suffix):], u.suffix) {
			s, mult = strings.TrimSpace(s[:len(s)-len(u.suffix)]), u.mult
			break
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 {
		return 0, fmt.Errorf("%q is not a size (e.g. 512MiB, 2GiB)", s)
	}
	if f == 0 {
		return -1, nil
	}
	return int64(f * float64(mult)), nil
}

// extractFile is the extraction of one file, in-process and in workers.
// Tests replace it (before any worker starts) to inject faults.
var extractFile = extract.File

// workerEnv is added to the environment of worker processes (tests set it
// so that the test binary acts as nianbao).
var workerEnv []string

// sniffFormat names the format of a file from its first bytes.
func sniffFormat(head []byte) string {
	f, _ := extract.Sniff(head)
	return string(f)
}

// version is the nianbao version written into datasets.
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel"
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			return "devel-" + s.Value[:12]
		}
	}
	return "devel"
}

// openSinks opens the outputs the flags name. The second list holds the
// outputs that can be resumed (all but standard output).
func openSinks(opts *extractOptions) (all, resumable export.Multi, err error) {
	var sinks export.Multi
	fail := func(err error) (export.Multi, export.Multi, error) {
		sinks.Close()
		return nil, nil, err
	}
	ver := version()
	jopts := export.JSONLOptions{Pretty: opts.Pretty, Provenance: opts.Provenance, Resume: opts.Resume}
	switch {
	case opts.Output != "" && opts.Output != "-":
		j, err := export.CreateJSONL(opts.Output, jopts)
		if err != nil {
			return fail(err)
		}
		sinks = append(sinks, j)
	case opts.Output == "-" || !opts.hasFileSink():
		jopts.Resume = false
		all = append(all, export.NewJSONL(opts.IO.Out, jopts))
	}
	if opts.SQLite != "" {
		s, err := export.OpenSQLite(opts.SQLite, export.SQLiteOptions{Resume: opts.Resume, Version: ver})
		if err != nil {
			return fail(err)
		}
		sinks = append(sinks, s)
	}
	if opts.CSV != "" {
		c, err := export.OpenCSV(opts.CSV, export.CSVOptions{Resume: opts.Resume, BOM: opts.CSVBOM, Suffix: opts.Shard.Name(), Version: ver})
		if err != nil {
			return fail(err)
		}
		sinks = append(sinks, c)
	}
	if opts.Parquet != "" {
		p, err := export.OpenParquet(opts.Parquet, export.ParquetOptions{Resume: opts.Resume, Prefix: opts.Shard.Name(), Version: ver})
		if err != nil {
			return fail(err)
		}
		sinks = append(sinks, p)
	}
	return append(all, sinks...), sinks, nil
}

// workerCommand is how to start a worker process: this executable's
// hidden worker command, with the time limit per file (negative: none),
// the memory limit (negative: none) and the largest file (0: the
// extractor's default).
func workerCommand(timeout time.Duration, memory, maxFile int64) (*batch.Worker, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("cannot find the nianbao executable for worker processes (use --in-process): %w", err)
	}
	args := []string{"worker", "--timeout", timeout.String(), "--memory-limit", strconv.FormatInt(memory, 10)}
	if maxFile > 0 {
		args = append(args, "--max-file-bytes", strconv.FormatInt(maxFile, 10))
	}
	return &batch.Worker{Path: exe, Args: args, Env: workerEnv}, nil
}

func extractRun(ctx context.Context, opts *extractOptions) error {
	ios := opts.IO
	sinks, resumable, err := openSinks(opts)
	if err != nil {
		if errors.Is(err, export.ErrExists) {
			return &exitError{code: ExitUsage, err: err}
		}
		return err
	}
	timeout := opts.Timeout
	if timeout == 0 {
		timeout = -1
	}
	bopts := batch.Options{
		Jobs:        opts.Jobs,
		Timeout:     timeout,
		MemoryLimit: opts.Memory,
		Shard:       opts.Shard,
		Format:      sniffFormat,
		Extract: func(ctx context.Context, path string) (*schema.Report, error) {
			return extractFile(ctx, path, extract.Options{Timeout: timeout})
		},
	}
	if !opts.InProcess {
		w, err := workerCommand(timeout, opts.Memory, 0)
		if err != nil {
			sinks.Close()
			return err
		}
		bopts.Worker = w
	}
	if opts.Resume {
		bopts.Done = resumable.Has
	}
	// JSON Lines has no files table: it keeps a record per input, so a
	// file with the content of an earlier input is read again for it.
	var perInput export.Multi
	for _, s := range sinks {
		if _, ok := s.(*export.JSONL); ok {
			perInput = append(perInput, s)
		}
	}
	bopts.ReadDuplicates = len(perInput) > 0
	inputs := inputsOf(opts.Paths, opts.FilesFrom, ios.In)

	var prog batch.Progress = batch.NoProgress
	switch {
	case opts.Quiet:
	case ios.ErrTTY:
		bar := batch.NewBar(ios.ErrOut)
		prog = bar
		if opts.FilesFrom != "-" {
			go countInputs(ctx, inputs, opts.Shard, bar)
		}
	default:
		prog = batch.LogProgress(ios.ErrOut)
	}
	bopts.Progress = prog

	runAt := time.Now()
	// Every input gets its files row: the file read, the same content as
	// an earlier input (its record stored once), or already done.
	emit := func(r *batch.Result) error {
		status, key, size := export.FileRead, r.Key, r.Bytes
		switch r.Skipped {
		case batch.SkipDuplicate:
			status = export.FileDuplicate
			if r.DuplicateOf != r.Path {
				prog.Log(fmt.Sprintf("nianbao: %s: same content as %s; written once", r.Path, r.DuplicateOf))
			}
		case batch.SkipDone:
			status = export.FileDone
		default:
			if u := r.Report.Unreadable(); u != nil {
				prog.Log(fmt.Sprintf("nianbao: %s: %s", r.Path, u.Message))
			}
			if r.DuplicateOf != "" {
				// Its own JSON Lines record; the datasets hold the
				// content once, under the earlier path.
				if len(sinks) > len(perInput) && r.DuplicateOf != r.Path {
					prog.Log(fmt.Sprintf("nianbao: %s: same content as %s; stored once in the datasets", r.Path, r.DuplicateOf))
				}
				if err := perInput.Write(&export.Record{Report: r.Report, Cause: string(r.Cause), ExtractedAt: time.Now()}); err != nil {
					return err
				}
				status = export.FileDuplicate
				break
			}
			if err := sinks.Write(&export.Record{Report: r.Report, Cause: string(r.Cause), ExtractedAt: time.Now()}); err != nil {
				return err
			}
			// The row points to the record as written (a file changed
			// while it was read has the content that was read).
			key, size = export.Key(r.Report), r.Report.Source.Bytes
			if r.Report.Source.SHA256 == "" {
				size = -1
			}
		}
		return sinks.WriteFile(export.NewFileRow(r.Path, key, size, status, runAt))
	}
	sum, runErr := batch.Run(ctx, inputs, bopts, emit)
	prog.Finish()
	closeErr := sinks.Close()
	if sum != nil && !opts.Quiet && (sum.Files != 1 || sum.Interrupted || runErr != nil) {
		sum.Write(ios.ErrOut)
	}
	switch {
	case runErr != nil:
		return runErr
	case closeErr != nil:
		return closeErr
	case sum.Unreadable > 0:
		return &exitError{code: ExitUnreadable}
	}
	return nil
}

// countInputs walks the inputs once more to give the progress bar its
// total.
func countInputs(ctx context.Context, inputs batch.Inputs, shard batch.Shard, p batch.Progress) {
	n := 0
	err := inputs(ctx, func(path string) bool {
		if shard.Has(path) {
			n++
		}
		return ctx.Err() == nil
	})
	if err == nil && ctx.Err() == nil {
		p.SetTotal(n)
	}
}
