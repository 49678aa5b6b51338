package cli

import (
	"context"
	"os"
	"runtime/debug"
	"time"

	"github.com/spf13/cobra"

	"github.com/nianbao/nianbao/batch"
	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/schema"
)

func init() {
	extraCommands = append(extraCommands, newCmdWorker)
}

// cReserve is the memory a worker keeps outside the Go heap: the jieba
// dictionary in C++ (about 45 MB once loaded), stacks and the binary.
const cReserve = 96 << 20

// newCmdWorker is the hidden command that extract and serve run in their
// worker processes: it reads JSON requests (one path a line) on standard input and
// answers each with the file's record on standard output (package batch
// defines the protocol). It is not meant to be run by hand.
func newCmdWorker(ios *IOStreams) *cobra.Command {
	var timeout time.Duration
	var memory, maxFile int64
	cmd := &cobra.Command{
		Use:    "worker",
		Short:  "Read files for extract and serve in a separate process (internal)",
		Hidden: true,
		Args:   cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			return workerRun(c.Context(), ios, extract.Options{Timeout: timeout, MaxFileBytes: maxFile}, memory)
		},
	}
	cmd.Flags().DurationVar(&timeout, "timeout", 60*time.Second, "time limit per file (negative: none)")
	cmd.Flags().Int64Var(&memory, "memory-limit", 0, "the parent's memory limit in bytes, to pace the garbage collector (≤ 0: none)")
	cmd.Flags().Int64Var(&maxFile, "max-file-bytes", 0, "largest file read, in bytes (0: the extractor's default)")
	return cmd
}

func workerRun(ctx context.Context, ios *IOStreams, eopts extract.Options, memory int64) error {
	out := ios.Out
	if f, ok := ios.Out.(*os.File); ok && f == os.Stdout {
		// Keep the protocol stream for ourselves: stray writes to standard
		// output (by C++ code) go to standard error.
		p, err := batch.ProtocolOutput()
		if err != nil {
			return err
		}
		defer p.Close()
		out = p
	}
	if memory > 0 {
		// The parent kills at the limit; a soft limit a little below it
		// makes the garbage collector work harder before that.
		debug.SetMemoryLimit(max(memory-cReserve, memory/2))
	}
	go watchParent()
	fn := func(ctx context.Context, path string) (*schema.Report, error) {
		return extractFile(ctx, path, eopts)
	}
	return batch.Serve(ctx, ios.In, out, fn)
}

// watchParent ends the worker when its parent is gone (the kernel kills it
// first on Linux; this covers the other systems).
func watchParent() {
	ppid := os.Getppid()
	for range time.Tick(time.Second) {
		if os.Getppid() != ppid {
			os.Exit(3)
		}
	}
}
