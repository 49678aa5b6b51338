// Package cli is the nianbao command line: cobra commands that turn flags
// into calls of the library (extract, schema) and results into output and
// an exit status. It holds no extraction logic of its own; it lives in
// internal/ because its only user is cmd/nianbao (and the tests that run
// the binary's commands in-process).
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// ExitCode is the process exit status.
type ExitCode int

// Exit statuses, documented in the root command's help and the README.
const (
	ExitOK         ExitCode = 0   // all done; for check: no error findings
	ExitError      ExitCode = 1   // the command failed (cannot write output, bad input list…)
	ExitUsage      ExitCode = 2   // wrong flags or arguments
	ExitFindings   ExitCode = 3   // check: at least one report has an error finding
	ExitUnreadable ExitCode = 4   // extract: at least one file was unreadable (its record says why)
	ExitCanceled   ExitCode = 130 // interrupted (Ctrl-C); output so far is flushed
)

const exitCodesHelp = `Exit status:
  0    success (check: no report has an error finding)
  1    failure: the command could not run or write its output
  2    usage error: unknown flag, missing argument
  3    check: at least one report has an error finding (compliance gate)
  4    extract: at least one file could not be read; its record holds an
       "unreadable" finding with the cause, and every other file was processed
  130  interrupted; the output written so far is complete JSON lines`

// IOStreams are the command's standard streams.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer
	// ErrTTY reports whether ErrOut is a terminal (progress bars go
	// there only then).
	ErrTTY bool
}

// System returns the process's streams.
func System() *IOStreams {
	return &IOStreams{
		In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr,
		ErrTTY: term.IsTerminal(int(os.Stderr.Fd())),
	}
}

// exitError carries an exit code out of a command.
type exitError struct {
	code ExitCode
	err  error // nil: nothing more to print
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit status %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// usageError marks a wrong flag or argument.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

func usagef(format string, a ...any) error {
	return &usageError{fmt.Errorf(format, a...)}
}

// NewRoot builds the command tree.
func NewRoot(ios *IOStreams) *cobra.Command {
	root := &cobra.Command{
		Use:   "nianbao",
		Short: "Turn 政府信息公开工作年度报告 (.docx, .pdf) into checked, structured data",
		Long: `nianbao reads Chinese government information-disclosure annual reports
(政府信息公开工作年度报告) in .docx and .pdf, finds the title, the sections and the
three standard tables by their Chinese labels, and writes them as JSON with
canonical keys, flagging blank, unreadable and inconsistent cells.

` + exitCodesHelp,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(ios.Out)
	root.SetErr(ios.ErrOut)
	root.SetIn(ios.In)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return &usageError{err}
	})
	root.AddCommand(
		newCmdExtract(ios, nil),
		newCmdCheck(ios, nil),
		newCmdSchema(ios),
	)
	for _, c := range extraCommands {
		root.AddCommand(c(ios))
	}
	return root
}

// extraCommands are commands registered by other files of this package
// (worker, serve) so that NewRoot stays one list.
var extraCommands []func(*IOStreams) *cobra.Command

// Main runs the command line with the process's arguments and streams and
// returns the exit status.
func Main() ExitCode {
	return Run(context.Background(), os.Args[1:], System())
}

// Run runs the command line with args on ios. Ctrl-C (SIGINT) and SIGTERM
// cancel the context the commands run under.
func Run(ctx context.Context, args []string, ios *IOStreams) ExitCode {
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	root := NewRoot(ios)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	return exitCode(err, ios.ErrOut, root)
}

// exitCode is the one place errors become exit statuses.
func exitCode(err error, errOut io.Writer, root *cobra.Command) ExitCode {
	var ee *exitError
	var ue *usageError
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &ee):
		if ee.err != nil {
			fmt.Fprintln(errOut, "nianbao:", ee.err)
		}
		return ee.code
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(errOut, "nianbao: interrupted")
		return ExitCanceled
	case errors.As(err, &ue) || isCobraUsage(err):
		fmt.Fprintln(errOut, "nianbao:", err)
		fmt.Fprintln(errOut, "Run 'nianbao --help' for usage.")
		return ExitUsage
	}
	fmt.Fprintln(errOut, "nianbao:", err)
	return ExitError
}

// isCobraUsage recognises cobra's own argument errors (unknown command,
// wrong number of arguments).
func isCobraUsage(err error) bool {
	msg := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "accepts ", "requires at least", "requires exactly", "unknown shorthand"} {
		if strings.Contains(msg, p) {
			return true
		}
	}
	return false
}
