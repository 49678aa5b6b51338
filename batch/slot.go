package batch

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"time"

	"github.com/nianbao/nianbao/schema"
)

// Key is the content key of a report: its SHA-256, or "path:" and the
// file name when the file could not be hashed (it could not be opened).
func Key(rep *schema.Report) string {
	if rep.Source.SHA256 != "" {
		return rep.Source.SHA256
	}
	return "path:" + rep.Source.File
}

// fileInfo is what a slot learns of a file before reading it.
type fileInfo struct {
	sha256 string // "" when the file could not be hashed
	size   int64
	format string
}

// slot is one place of the pool: it reads files one at a time, in-process
// or through its own worker process.
type slot struct {
	id   int
	opts *Options
	w    *workerProc // nil until the first file, and after a worker died
	// perFile is set for the slots of a [Pool]: the deadline of a
	// context (a request's) is then a time limit like Options.Timeout,
	// not the end of the run.
	perFile bool
}

func newSlot(id int, opts *Options) *slot { return &slot{id: id, opts: opts} }

func (s *slot) close() {
	if s.w != nil {
		s.w.stop()
		s.w = nil
	}
}

// process handles one job of a run. It returns nil and no error when ctx
// is done before the file is finished, and an error when no file can be
// read at all (a worker cannot start).
func (s *slot) process(ctx context.Context, j *job, seen *keySet) (*Result, error) {
	if ctx.Err() != nil {
		return nil, nil
	}
	start := time.Now()
	info := hashFile(ctx, j.path, s.opts.Format)
	r := &Result{Index: j.idx, Path: j.path, Key: info.key(j.path), Bytes: info.bytes()}
	if s.opts.Done != nil && s.opts.Done(r.Key) {
		r.Skipped = SkipDone
		return r, nil
	}
	if !s.opts.ReadDuplicates {
		if first, dup := seen.claim(r.Key, j.idx, j.path); dup {
			r.Skipped, r.DuplicateOf = SkipDuplicate, first
			return r, nil
		}
	}
	err := s.read(ctx, r, func() fileInfo { return info })
	if err != nil || r.Report == nil || ctx.Err() != nil {
		return nil, err
	}
	r.Elapsed = time.Since(start)
	return r, nil
}

// read reads r.Path in this slot and sets r.Report, r.Cause and r.Err. It
// leaves r.Report nil when ctx ends first, and returns an error when no
// worker can start. info is called only when the record must be made
// without the extraction (or lacks the file's identity).
func (s *slot) read(ctx context.Context, r *Result, info func() fileInfo) error {
	if s.opts.Worker != nil {
		if err := s.viaWorker(ctx, r, info); err != nil {
			return err
		}
	} else {
		s.inProcess(ctx, r, info)
	}
	if r.Report == nil {
		return nil
	}
	if u := r.Report.Unreadable(); u != nil && r.Cause == "" {
		// An unreadable record without an error: its text may name the
		// cause, as the extractor's records do.
		r.Cause = CauseOther
		if c := Cause(u.Text); knownCause(c) {
			r.Cause = c
		}
		r.Err = errors.New(u.Message)
	}
	// A record made without the file (a recovered panic in a worker)
	// still gets its identity.
	src := &r.Report.Source
	if src.File == "" {
		src.File = r.Path
	}
	if src.SHA256 == "" {
		if fi := info(); fi.sha256 != "" {
			src.SHA256, src.Bytes = fi.sha256, fi.size
			if src.Format == "" {
				src.Format = fi.format
			}
		}
	}
	return nil
}

func (fi fileInfo) key(path string) string {
	if fi.sha256 != "" {
		return fi.sha256
	}
	return "path:" + path
}

// bytes is the size of a hashed file, -1 for one that could not be hashed.
func (fi fileInfo) bytes() int64 {
	if fi.sha256 == "" {
		return -1
	}
	return fi.size
}

// hashFile reads a regular file once to learn its SHA-256, size and
// format (by format, which may be nil). It leaves anything else (missing,
// a directory, a device, a pipe) to the extraction, which will say why it
// cannot be read.
func hashFile(ctx context.Context, path string, format func([]byte) string) fileInfo {
	var fi fileInfo
	f, err := os.Open(path)
	if err != nil {
		return fi
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		return fi
	}
	h := sha256.New()
	buf := make([]byte, 64<<10)
	var n int64
	for {
		if ctx.Err() != nil {
			return fileInfo{}
		}
		m, err := f.Read(buf)
		if m > 0 {
			if n == 0 && format != nil {
				fi.format = format(buf[:m])
			}
			h.Write(buf[:m])
			n += int64(m)
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return fileInfo{}
		}
	}
	fi.sha256 = hex.EncodeToString(h.Sum(nil))
	fi.size = n
	return fi
}

// limits returns the time limit for the file being read (Timeout, or the
// deadline of ctx for a pool's slot when it comes first; 0 for none) and
// a channel that fires when the reading is to be given up: the limit
// plus the grace. stop releases the timer.
func (s *slot) limits(ctx context.Context) (limit time.Duration, fire <-chan time.Time, stop func()) {
	limit = s.opts.timeout()
	bounded := limit > 0
	if s.perFile {
		if dl, ok := ctx.Deadline(); ok {
			if left := max(time.Until(dl), 0); !bounded || left < limit {
				limit = left
			}
			bounded = true
		}
	}
	if !bounded {
		return 0, nil, func() {}
	}
	t := time.NewTimer(limit + s.opts.grace())
	return limit, t.C, func() { t.Stop() }
}

// roundLimit rounds a time limit for a message: a limit taken from a
// context's deadline is a little less than the round figure it was set to.
func roundLimit(d time.Duration) time.Duration {
	switch {
	case d >= 10*time.Second:
		return d.Round(time.Second)
	case d >= 100*time.Millisecond:
		return d.Round(10 * time.Millisecond)
	}
	return d.Round(time.Millisecond)
}

// ended tells how a slot reacts to the end of ctx: for a pool's slot a
// passed deadline is a time limit, so the reading goes on until the
// limits' timer fires (the extraction is expected to give up by itself
// at the deadline); anything else abandons the file.
func (s *slot) ended(ctx context.Context) (abandon bool) {
	return !s.perFile || !errors.Is(ctx.Err(), context.DeadlineExceeded)
}

// inProcess reads the file in this process. A panic becomes an unreadable
// record (CauseBug); a call that outlives the deadline plus grace is
// abandoned and recorded as CauseTimeout.
func (s *slot) inProcess(ctx context.Context, r *Result, info func() fileInfo) {
	type out struct {
		rep *schema.Report
		err error
	}
	ch := make(chan out, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				ch <- out{nil, fmt.Errorf("%w: %v\n%s", ErrPanic, p, debug.Stack())}
			}
		}()
		rep, err := s.opts.Extract(ctx, r.Path)
		ch <- out{rep, err}
	}()
	limit, timer, stop := s.limits(ctx)
	defer stop()
	done := ctx.Done()
	for {
		select {
		case o := <-ch:
			r.Report, r.Err = o.rep, o.err
			r.Cause = CauseOf(o.err)
			if r.Report == nil {
				r.Cause = orCause(r.Cause, CauseBug)
				r.Report = unreadableReport(r.Path, info(), r.Cause, errOr(o.err, "no report"))
			}
			return
		case <-timer:
			r.Cause = CauseTimeout
			detail := fmt.Sprintf("no result within %v; the reading was abandoned", roundLimit(limit))
			r.Report, r.Err = unreadableReport(r.Path, info(), CauseTimeout, detail), errors.New(detail)
			return
		case <-done:
			if s.ended(ctx) {
				return
			}
			done = nil // a deadline: wait for the reader's own answer, or the timer
		}
	}
}

// ErrPanic: the extraction function panicked.
var ErrPanic = errors.New("batch: extraction panicked (bug)")

func errOr(err error, s string) string {
	if err != nil {
		return err.Error()
	}
	return s
}

func orCause(c, d Cause) Cause {
	if c != "" {
		return c
	}
	return d
}

// unreadableReport is the record of a file whose reading failed outside
// the extraction function (a worker killed or crashed, an abandoned call):
// its unreadable finding says the cause in Chinese, then the detail, as
// the extractor's own records do, and its text is the cause's word.
func unreadableReport(path string, info fileInfo, cause Cause, detail string) *schema.Report {
	rep := &schema.Report{
		Schema:   schema.Version,
		Source:   schema.Source{File: path, Format: info.format, SHA256: info.sha256, Bytes: info.size},
		Sections: []schema.Section{},
		Findings: []schema.Finding{{
			Code: schema.CodeUnreadable, Severity: schema.SeverityError,
			Text:    string(cause),
			Message: "无法读取文件（" + cause.Describe() + "）：" + firstLine(detail),
		}},
	}
	return rep
}

func knownCause(c Cause) bool {
	for _, k := range Causes {
		if k == c {
			return true
		}
	}
	return false
}

func firstLine(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			return s[:i]
		}
	}
	return s
}
