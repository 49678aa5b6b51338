package batch

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"sync"
	"time"

	"github.com/nianbao/nianbao/schema"
)

// Func extracts one file. It returns a report even when the file cannot be
// read (then the report holds an unreadable finding and err is the cause,
// which [CauseOf] classifies).
type Func func(ctx context.Context, path string) (*schema.Report, error)

// Inputs produces the paths of a run in order, calling yield for each; it
// stops early when yield returns false. It returns an error only when the
// list itself cannot be read (a file named on the command line that cannot
// be read is an input: its record says why).
type Inputs func(ctx context.Context, yield func(path string) bool) error

// Paths returns Inputs over a fixed list.
func Paths(paths ...string) Inputs {
	return func(ctx context.Context, yield func(string) bool) error {
		for _, p := range paths {
			if ctx.Err() != nil || !yield(p) {
				return nil
			}
		}
		return nil
	}
}

// Skip says why a result carries no new record.
type Skip uint8

// Skip reasons.
const (
	SkipNone      Skip = iota
	SkipDone           // the output already holds this content (resume)
	SkipDuplicate      // an earlier input of this run has the same content
)

func (s Skip) String() string {
	switch s {
	case SkipDone:
		return "done"
	case SkipDuplicate:
		return "duplicate"
	}
	return ""
}

// Result is the outcome of one input.
type Result struct {
	Index int    // 0-based position in input order (after sharding)
	Path  string // as given
	Key   string // content key: SHA-256, or "path:"+Path when it could not be hashed
	// Bytes is the size of the file; -1 when it could not be hashed.
	// (A [Pool] does not hash files: there it is the record's size.)
	Bytes int64
	// Report is the document's record; nil when Skipped.
	Report *schema.Report
	// Cause is why the file is unreadable; "" when it was read.
	Cause Cause
	// Err is why the file is unreadable, in words: the extraction's error
	// (for a worker, its text), or what happened to the worker; nil when
	// the file was read.
	Err error
	// Skipped is why the result carries no new record.
	Skipped Skip
	// DuplicateOf is the earlier input with the same content: the file was
	// skipped (SkipDuplicate) or, with [Options.ReadDuplicates], read.
	DuplicateOf string
	// Elapsed is the time spent on the file in its slot.
	Elapsed time.Duration
}

// Options configure a run. The zero value reads files in-process with one
// slot per CPU, which needs only Extract.
type Options struct {
	// Jobs is the number of files read at once. Zero means runtime.NumCPU().
	Jobs int
	// Window bounds the results held for output in input order, counting
	// the files in progress. Zero means 4×Jobs+8.
	Window int
	// Extract reads one file in-process. Required unless Worker is set.
	Extract Func
	// Worker, when set, reads every file in worker processes.
	Worker *Worker
	// Timeout is the deadline for one file. Zero means 60 s; negative
	// means none. With workers the parent kills a worker Timeout plus a
	// grace (a tenth, between 1 s and 5 s) after handing it a file; the
	// worker is expected to give up by itself at Timeout.
	Timeout time.Duration
	// MemoryLimit is the resident memory a worker may reach, in bytes.
	// Zero means 1 GiB; negative means none. Enforced on Linux only.
	MemoryLimit int64
	// RecycleAfter replaces a worker after that many files. Zero means
	// 500; negative means never.
	RecycleAfter int
	// Shard keeps only the inputs of one shard; the zero value keeps all.
	Shard Shard
	// Done reports whether a key is already in the output (resume). It is
	// called from several goroutines at once.
	Done func(key string) bool
	// ReadDuplicates reads a file even when an earlier input of the run
	// has the same content, for outputs with one record per input (JSON
	// Lines): its result has the Report and DuplicateOf, and Skipped stays
	// SkipNone. Without it such a file is skipped (SkipDuplicate).
	ReadDuplicates bool
	// Format names the format of a file from its first bytes, for the
	// records of files whose reading failed in a worker; nil leaves it "".
	Format func(head []byte) string
	// Progress is told about the run; nil means none.
	Progress Progress
	// Logger receives debug messages; nil discards them.
	Logger *slog.Logger
}

func (o *Options) jobs() int {
	if o.Jobs > 0 {
		return o.Jobs
	}
	return runtime.NumCPU()
}

func (o *Options) window() int {
	if o.Window > 0 {
		return max(o.Window, o.jobs())
	}
	return 4*o.jobs() + 8
}

func (o *Options) timeout() time.Duration {
	switch {
	case o.Timeout == 0:
		return 60 * time.Second
	case o.Timeout < 0:
		return 0
	}
	return o.Timeout
}

// grace is how long after the deadline the parent waits before it kills.
func (o *Options) grace() time.Duration {
	return min(max(o.timeout()/10, time.Second), 5*time.Second)
}

func (o *Options) memoryLimit() int64 {
	switch {
	case o.MemoryLimit == 0:
		return 1 << 30
	case o.MemoryLimit < 0:
		return 0
	}
	return o.MemoryLimit
}

func (o *Options) recycleAfter() int {
	switch {
	case o.RecycleAfter == 0:
		return 500
	case o.RecycleAfter < 0:
		return 0
	}
	return o.RecycleAfter
}

func (o *Options) logger() *slog.Logger {
	if o.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return o.Logger
}

// Errors of a run.
var (
	// ErrNoExtract: Options has neither Extract nor Worker.
	ErrNoExtract = errors.New("batch: no extraction function and no worker")
	// ErrWorkerStart: a worker process could not be started, or died
	// before it said it was ready; the run stops, since no file could be
	// read.
	ErrWorkerStart = errors.New("batch: cannot start worker process")
)

// job is one input on its way through the pool.
type job struct {
	idx  int
	path string
	done chan *Result // buffered, receives exactly one result
}

// Run reads every input with a pool of slots and passes each result to
// emit in input order, skipped ones included (their Report is nil). It
// stops at the first error of emit or of the inputs, or when ctx is done:
// the results before the first unfinished input are emitted, the rest are
// dropped (a resumed run reads them again), and the error is ctx.Err().
// The summary counts what was emitted.
func Run(ctx context.Context, inputs Inputs, opts Options, emit func(*Result) error) (*Summary, error) {
	if opts.Extract == nil && opts.Worker == nil {
		return nil, ErrNoExtract
	}
	start := time.Now()
	sum := NewSummary()
	prog := opts.Progress
	if prog == nil {
		prog = NoProgress
	}

	parent := ctx
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	n := opts.jobs()
	jobs := make(chan *job)
	order := make(chan *job, opts.window()-n)
	seen := newKeySet()

	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := newSlot(i, &opts)
			defer s.close()
			for j := range jobs {
				r, err := s.process(ctx, j, seen)
				if err != nil {
					cancel(err)
					r = nil
				}
				j.done <- r
			}
		}()
	}

	inputErr := make(chan error, 1)
	go func() {
		defer close(order)
		defer close(jobs)
		idx := 0
		inputErr <- inputs(ctx, func(p string) bool {
			if !opts.Shard.Has(p) {
				return true
			}
			j := &job{idx: idx, path: p, done: make(chan *Result, 1)}
			idx++
			select {
			case order <- j:
			case <-ctx.Done():
				return false
			}
			select {
			case jobs <- j:
				return true
			case <-ctx.Done():
				j.done <- nil
				return false
			}
		})
	}()

	var emitErr error
	stopped := false // ctx is done: no more waiting
	gap := false     // an input was dropped: nothing after it is emitted
	for j := range order {
		var r *Result
		if !stopped {
			select {
			case r = <-j.done:
			case <-ctx.Done():
				stopped = true
			}
		}
		if stopped && r == nil && !gap {
			// Emit what is already finished, in order, up to the first gap.
			select {
			case r = <-j.done:
			default:
			}
		}
		if r == nil || gap {
			stopped, gap = true, true
			sum.Pending++
			continue
		}
		switch r.Skipped {
		case SkipNone:
			if first, dup := seen.emit(r.Key, r.Path); dup {
				r.DuplicateOf = first
				if !opts.ReadDuplicates {
					r.Skipped, r.Report = SkipDuplicate, nil
				}
			}
		case SkipDuplicate:
			// Name the input that was written, whichever slot claimed
			// the content first.
			if first, dup := seen.emit(r.Key, r.Path); dup {
				r.DuplicateOf = first
			}
		}
		if err := emit(r); err != nil {
			emitErr = err
			cancel(err)
			stopped, gap = true, true
			sum.Pending++
			continue
		}
		sum.Add(r)
		prog.Update(sum)
	}
	cancel(nil)
	wg.Wait()
	sum.Elapsed = time.Since(start)
	werr := <-inputErr
	switch cause := context.Cause(ctx); {
	case emitErr != nil:
		return sum, emitErr
	case parent.Err() != nil:
		sum.Interrupted = true
		return sum, parent.Err()
	case cause != nil && !errors.Is(cause, context.Canceled):
		return sum, cause // a worker could not start
	case werr != nil:
		return sum, fmt.Errorf("batch: reading the list of inputs: %w", werr)
	}
	return sum, nil
}

// keySet remembers the content keys of a run: the lowest input index that
// claimed each key for reading, and the path that was emitted first.
type keySet struct {
	mu sync.Mutex
	m  map[string]*keyEntry
}

type keyEntry struct {
	claim   int    // lowest input index that is reading or read this key
	first   string // path of the emitted record; "" until then
	emitted bool
}

func newKeySet() *keySet { return &keySet{m: map[string]*keyEntry{}} }

// claim records that input idx wants to read key. It returns the path of
// an earlier input (lower index) that already has the key, if any; the
// caller then skips the file as a duplicate.
func (s *keySet) claim(key string, idx int, path string) (earlier string, dup bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.m[key]
	if e == nil {
		s.m[key] = &keyEntry{claim: idx, first: path}
		return "", false
	}
	if e.claim < idx {
		return e.first, true
	}
	e.claim, e.first = idx, path
	return "", false
}

// emit records that the record for key is written; it reports the path
// written first when one was.
func (s *keySet) emit(key, path string) (first string, dup bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.m[key]
	if e == nil {
		e = &keyEntry{}
		s.m[key] = e
	}
	if e.emitted {
		return e.first, true
	}
	e.emitted, e.first = true, path
	return "", false
}
