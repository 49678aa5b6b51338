package server

import (
	"context"
	"time"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/schema"
)

// Checker checks one uploaded file. It always returns a record when it
// returns at all: for a file it cannot read, the record holds an unreadable
// finding naming the cause and err is that cause (as [extract.Bytes] does).
//
// A Checker must honour ctx's deadline as best it can; the server answers
// the client when the deadline has passed either way, but keeps the worker
// slot until Check returns. It waits for the checker's own record a short
// grace past the deadline (2 s), or, for a checker with a method
// Deadline() time.Duration such as [Isolated], until a second after that
// deadline (counted from the start of the check).
type Checker interface {
	Check(ctx context.Context, name string, data []byte) (*schema.Report, error)
}

// deadliner is a checker that says how long it takes at most.
type deadliner interface {
	Deadline() time.Duration
}

// CheckerFunc adapts a function to [Checker].
type CheckerFunc func(ctx context.Context, name string, data []byte) (*schema.Report, error)

// Check calls f.
func (f CheckerFunc) Check(ctx context.Context, name string, data []byte) (*schema.Report, error) {
	return f(ctx, name, data)
}

// InProcess runs the extractor in the server's own process. A reader that
// ignores its deadline keeps running (holding its worker slot) until it
// returns; a crash of the process takes the server down. Worker processes
// remove both risks where they are available.
type InProcess struct {
	// Options are passed to [extract.Bytes]. Its Timeout is the per-file
	// deadline inside the extractor.
	Options extract.Options
}

// Check runs [extract.Bytes].
func (c InProcess) Check(ctx context.Context, name string, data []byte) (*schema.Report, error) {
	return extract.Bytes(ctx, name, data, c.Options)
}

// pool bounds the checks running at once (workers) and the requests
// allowed to wait for one (admission = workers + queue).
type pool struct {
	admit   chan struct{} // taken before the body is read, without waiting
	workers chan struct{} // taken with a bounded wait
	wait    time.Duration
}

func newPool(workers, queue int, wait time.Duration) *pool {
	if queue == 0 {
		wait = 0 // no line: 503 as soon as every worker is busy
	}
	return &pool{
		admit:   make(chan struct{}, workers+queue),
		workers: make(chan struct{}, workers),
		wait:    wait,
	}
}

// enter admits a request to the server's work, or reports false when the
// line is full. The caller must call leave when done with the request.
func (p *pool) enter() bool {
	select {
	case p.admit <- struct{}{}:
		return true
	default:
		return false
	}
}

func (p *pool) leave() { <-p.admit }

// acquire takes a worker slot, waiting at most p.wait, or until ctx ends.
func (p *pool) acquire(ctx context.Context) bool {
	select {
	case p.workers <- struct{}{}:
		return true
	default:
	}
	if p.wait <= 0 {
		return false
	}
	t := time.NewTimer(p.wait)
	defer t.Stop()
	select {
	case p.workers <- struct{}{}:
		return true
	case <-t.C:
		return false
	case <-ctx.Done():
		return false
	}
}

func (p *pool) release() { <-p.workers }

// busy returns the number of running checks and of admitted requests.
func (p *pool) busy() (running, admitted int) {
	return len(p.workers), len(p.admit)
}
