package server

import (
	"context"
	"fmt"
	"time"

	"github.com/nianbao/nianbao/batch"
	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/schema"
)

// Isolated checks each upload in a worker process of a [batch.Pool], the
// isolation of batch import: the upload goes to a private temporary file
// (see [FileChecker]), a worker reads it, and a worker that misses the
// deadline, passes its memory limit or crashes is killed and replaced
// while the client gets 422 with the reason timeout, memory or crash. The
// other reasons are the extractor's, as in-process; a reader that panicked
// in the worker (a bug) answers 500, as in-process.
//
// The pool should have as many slots as the server has workers, and the
// server's Timeout; see [batch.NewPool].
type Isolated struct {
	Pool *batch.Pool
	// Dir holds the temporary files; "" means os.TempDir().
	Dir string
}

// Check implements [Checker].
func (c *Isolated) Check(ctx context.Context, name string, data []byte) (*schema.Report, error) {
	fc := FileChecker{Dir: c.Dir, CheckFile: c.checkFile}
	rep, err := fc.Check(ctx, name, data)
	if rep != nil && rep.Source.Format == "" {
		// A record the pool made itself (a worker lost) may lack it.
		f, _ := extract.Sniff(data[:min(len(data), 8192)])
		rep.Source.Format = string(f)
	}
	return rep, err
}

// Deadline is the longest a check takes once it has its worker: the pool's
// time limit and the grace before it kills the worker. The server waits
// that long for the pool's record before it writes a timeout record of
// its own.
func (c *Isolated) Deadline() time.Duration { return c.Pool.Deadline() }

func (c *Isolated) checkFile(ctx context.Context, path string) (*schema.Report, error) {
	r, err := c.Pool.Read(ctx, path)
	if err != nil {
		return nil, err
	}
	switch r.Cause {
	case "":
		return r.Report, nil
	case batch.CauseBug:
		return r.Report, fmt.Errorf("%w: %w", extract.ErrPanic, r.Err)
	}
	return r.Report, &ReasonError{Reason: string(r.Cause), Err: r.Err}
}
