package cli

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"runtime"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/nianbao/nianbao/batch"
	"github.com/nianbao/nianbao/server"
)

func init() { extraCommands = append(extraCommands, newCmdServe) }

type serveOptions struct {
	IO          *IOStreams
	Addr        string
	MaxUploadMB int64
	Timeout     time.Duration
	Workers     int
	Queue       int
	QueueWait   time.Duration
	LogJSON     bool
	InProcess   bool
	Memory      int64 // bytes; negative: no limit
	// ready, when set, receives the address once the server listens
	// (tests).
	ready func(addr string)
}

func newCmdServe(ios *IOStreams) *cobra.Command {
	opts := &serveOptions{IO: ios}
	var memory string
	cmd := &cobra.Command{
		Use:   "serve [flags]",
		Short: "Serve the compliance check: an upload page and an HTTP API",
		Long: `Serve answers compliance checks over HTTP. Open the address in a browser, drop a
report (.docx or .pdf) on the page and see its three tables laid out like the
official template, every blank, unreadable or inconsistent cell coloured and
explained. Portals call the same check:

  curl -F file=@report.pdf http://127.0.0.1:8080/api/v1/check

  POST /api/v1/check   the file (multipart field "file", or the raw body) → the
                       record (schema nianbao/v1, with provenance)
                       200 checked · 400 not a report file · 413 too large ·
                       422 cannot be read (the record says why) ·
                       503 busy (Retry-After)
  GET  /api/v1/schema  the JSON Schema of the record
  GET  /healthz        liveness and load

Each upload is read in a worker process (the nianbao binary itself, one per
--workers), from a private temporary file removed as soon as the check ends:
a file that takes longer than --timeout, makes its worker exceed
--memory-limit or crashes it gets 422 with the reason timeout, memory or
crash, and the worker is replaced. --in-process checks uploads in the server
process, in memory: faster, for trusted uploads only.

The server listens on the loopback address unless --addr names another one.
Uploads are never kept. Ctrl-C or SIGTERM stops it after the checks in
progress have finished.

` + exitCodesHelp,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			m, err := parseSize(memory)
			if err != nil {
				return usagef("--memory-limit: %v", err)
			}
			opts.Memory = m
			if opts.MaxUploadMB < 1 {
				return usagef("--max-upload-mb must be at least 1")
			}
			if opts.Workers < 0 || opts.Timeout <= 0 || opts.QueueWait < 0 {
				return usagef("--workers, --timeout and --queue-wait must not be negative (and --timeout not zero)")
			}
			return serveRun(c.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Addr, "addr", "127.0.0.1:8080", "address to listen on (host:port); other than loopback only when given")
	f.Int64Var(&opts.MaxUploadMB, "max-upload-mb", server.DefaultMaxUploadBytes>>20, "largest upload accepted, in MiB")
	f.DurationVar(&opts.Timeout, "timeout", server.DefaultTimeout, "time limit for checking one file")
	f.IntVar(&opts.Workers, "workers", 0, "checks that run at once, each in its own worker process (0: one per CPU)")
	f.IntVar(&opts.Queue, "queue", 0, "requests that may wait for a busy worker (0: twice the workers; -1: none, 503 at once)")
	f.DurationVar(&opts.QueueWait, "queue-wait", server.DefaultQueueWait, "longest wait for a worker before 503")
	f.BoolVar(&opts.LogJSON, "log-json", false, "write the access log as JSON lines (default: text)")
	f.BoolVar(&opts.InProcess, "in-process", false, "check uploads in this process, without worker processes (trusted uploads only)")
	f.StringVar(&memory, "memory-limit", "1GiB", "memory limit per worker process, e.g. 512MiB (0: none; Linux only)")
	return cmd
}

func serveRun(ctx context.Context, opts *serveOptions) error {
	var h slog.Handler
	if opts.LogJSON {
		h = slog.NewJSONHandler(opts.IO.ErrOut, nil)
	} else {
		h = slog.NewTextHandler(opts.IO.ErrOut, nil)
	}
	logger := slog.New(h)
	workers := opts.Workers
	if workers == 0 {
		workers = max(1, runtime.NumCPU())
	}
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", opts.Addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	defer ln.Close()
	var checker server.Checker // nil: in-process
	isolation := "in-process"
	if !opts.InProcess {
		w, err := workerCommand(opts.Timeout, opts.Memory, opts.MaxUploadMB<<20)
		if err != nil {
			return err
		}
		pool, err := batch.NewPool(batch.Options{
			Jobs: workers, Worker: w, Timeout: opts.Timeout, MemoryLimit: opts.Memory,
			Format: sniffFormat, Logger: logger,
		})
		if err != nil {
			return fmt.Errorf("serve: %w (--in-process checks without worker processes)", err)
		}
		defer pool.Close()
		checker = &server.Isolated{Pool: pool}
		isolation = "worker processes"
	}
	srv := server.New(server.Options{
		MaxUploadBytes: opts.MaxUploadMB << 20,
		Timeout:        opts.Timeout,
		Workers:        workers,
		Queue:          opts.Queue,
		QueueWait:      opts.QueueWait,
		Checker:        checker,
		Logger:         logger,
	})
	addr := ln.Addr().(*net.TCPAddr)
	if !addr.IP.IsLoopback() {
		logger.Warn("listening on a non-loopback address: anyone who can reach it can upload files; put it behind a TLS proxy with access control",
			"addr", addr.String())
	}
	o := srv.Options()
	logger.Info("nianbao serve", "url", "http://"+addr.String()+"/", "workers", o.Workers, "isolation", isolation,
		"queue", o.Queue, "max_upload_bytes", o.MaxUploadBytes, "timeout", o.Timeout)
	if opts.ready != nil {
		opts.ready(addr.String())
	}
	// The first Ctrl-C or SIGTERM starts a graceful shutdown; a second one
	// stops at once (the default action of the signal).
	stopped := make(chan struct{})
	defer close(stopped)
	go func() {
		select {
		case <-ctx.Done():
			signal.Reset(os.Interrupt, syscall.SIGTERM)
			logger.Info("finishing the checks in progress; press Ctrl-C again to stop at once")
		case <-stopped:
		}
	}()
	if err := srv.Serve(ctx, ln); err != nil {
		return err
	}
	logger.Info("stopped")
	return nil
}
