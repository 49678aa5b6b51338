package batch

import (
	"context"
	"errors"
	"sync"
	"time"
)

// Pool reads one file at a time per slot, with the isolation of [Run] but
// none of its run: no input order, no identity by content, no skipping. It
// is for callers that are handed files one by one, such as a server.
//
// Of [Options] it uses Jobs (the slots), Extract or Worker, Timeout,
// MemoryLimit, RecycleAfter, Format and Logger. With Worker set, each slot
// owns a worker process, started by [NewPool]; a worker that misses the
// deadline, passes the memory limit or crashes is killed, the file gets an
// unreadable record with the cause, and a new worker is started for the
// slot before it takes the next file.
//
// A Pool is safe for concurrent use.
type Pool struct {
	opts  Options
	n     int
	free  chan *slot
	done  chan struct{}
	close sync.Once
}

// ErrClosed: Read was called on a closed pool.
var ErrClosed = errors.New("batch: pool closed")

// NewPool returns a pool of opts.Jobs slots. With opts.Worker it starts
// every slot's worker process first and fails with [ErrWorkerStart] if
// one cannot start.
func NewPool(opts Options) (*Pool, error) {
	if opts.Extract == nil && opts.Worker == nil {
		return nil, ErrNoExtract
	}
	p := &Pool{opts: opts, n: opts.jobs(), done: make(chan struct{})}
	p.free = make(chan *slot, p.n)
	slots := make([]*slot, p.n)
	errs := make([]error, p.n)
	var wg sync.WaitGroup
	for i := range slots {
		s := newSlot(i, &p.opts)
		s.perFile = true
		slots[i] = s
		if opts.Worker != nil {
			wg.Go(func() {
				s.w, errs[i] = startWorker(context.Background(), opts.Worker)
			})
		}
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			for _, s := range slots {
				s.close()
			}
			return nil, err
		}
	}
	for _, s := range slots {
		p.free <- s
	}
	return p, nil
}

// Read reads the file at path in a free slot, waiting for one as long as
// ctx allows. The result holds the record — also for a file that cannot be
// read: then Cause and Err say why — and the time spent; Index, Skipped
// and DuplicateOf are unused.
//
// The time limit is Options.Timeout or ctx's deadline, whichever comes
// first: the extraction is expected to give up by itself at the limit,
// and is stopped (the worker killed, an in-process call abandoned) a
// grace after it. Read returns an error only when the file was not read
// to an end: ctx was cancelled (the worker is then killed), the pool is
// closed ([ErrClosed]), or a worker could not be started
// ([ErrWorkerStart]).
func (p *Pool) Read(ctx context.Context, path string) (*Result, error) {
	var s *slot
	select {
	case <-p.done:
		return nil, ErrClosed
	case <-ctx.Done():
		return nil, ctx.Err()
	case s = <-p.free:
	}
	select {
	case <-p.done:
		p.free <- s
		return nil, ErrClosed
	default:
	}
	defer p.release(s)
	start := time.Now()
	r := &Result{Path: path, Bytes: -1}
	// The file is hashed only for a record made without the extraction
	// (a worker lost), when ctx may have passed its deadline.
	info := sync.OnceValue(func() fileInfo { return hashFile(context.WithoutCancel(ctx), path, p.opts.Format) })
	if err := s.read(ctx, r, info); err != nil {
		return nil, err
	}
	if r.Report == nil {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		return nil, errors.New("batch: no record and no error (bug)")
	}
	r.Elapsed = time.Since(start)
	r.Key = Key(r.Report)
	if r.Report.Source.SHA256 != "" {
		r.Bytes = r.Report.Source.Bytes
	}
	return r, nil
}

// release gives the slot back. A slot whose worker was lost or recycled
// first gets a new one, in the background, so that Read has already
// answered and the next file finds a worker ready; if it cannot start,
// the next Read tries again and reports the error.
func (p *Pool) release(s *slot) {
	if p.opts.Worker == nil || s.w != nil {
		p.free <- s
		return
	}
	go func() {
		select {
		case <-p.done:
		default:
			w, err := startWorker(context.Background(), p.opts.Worker)
			if err != nil {
				p.opts.logger().Warn("cannot start a worker; the next file tries again", "slot", s.id, "err", err)
			} else {
				s.w = w
			}
		}
		p.free <- s
	}()
}

// Deadline is the longest a Read holds its slot once it has one: the time
// limit plus the grace before the worker is killed; 0 when there is no
// time limit.
func (p *Pool) Deadline() time.Duration {
	if p.opts.timeout() <= 0 {
		return 0
	}
	return p.opts.timeout() + p.opts.grace()
}

// Close stops the pool: Reads waiting for a slot return [ErrClosed], the
// Reads in progress finish (each within its deadline), then every worker
// is stopped. Close returns when they have exited.
func (p *Pool) Close() error {
	p.close.Do(func() {
		close(p.done)
		for range p.n {
			s := <-p.free
			s.close()
		}
	})
	return nil
}
