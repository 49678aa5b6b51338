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
}

func newSlot(id int, opts *Options) *slot { return &slot{id: id, opts: opts} }

func (s *slot) close() {
	if s.w != nil {
		s.w.stop()
		s.w = nil
	}
}

// process handles one job. It returns nil and no error when ctx is done
// before the file is finished, and an error when no file can be read at
// all (a worker cannot start).
func (s *slot) process(ctx context.Context, j *job, seen *keySet) (*Result, error) {
	if ctx.Err() != nil {
		return nil, nil
	}
	start := time.Now()
	info := s.hash(ctx, j.path)
	r := &Result{Index: j.idx, Path: j.path, Key: info.key(j.path)}
	if s.opts.Done != nil && s.opts.Done(r.Key) {
		r.Skipped = SkipDone
		return r, nil
	}
	if first, dup := seen.claim(r.Key, j.idx, j.path); dup {
		r.Skipped, r.DuplicateOf = SkipDuplicate, first
		return r, nil
	}
	var err error
	if s.opts.Worker != nil {
		err = s.viaWorker(ctx, r, info)
	} else {
		s.inProcess(ctx, r, info)
	}
	if err != nil || ctx.Err() != nil {
		return nil, err
	}
	r.Elapsed = time.Since(start)
	// A record made without the file (a recovered panic in a worker)
	// still gets its identity.
	src := &r.Report.Source
	if src.File == "" {
		src.File = j.path
	}
	if src.SHA256 == "" && info.sha256 != "" {
		src.SHA256, src.Bytes = info.sha256, info.size
		if src.Format == "" {
			src.Format = info.format
		}
	}
	return r, nil
}

func (fi fileInfo) key(path string) string {
	if fi.sha256 != "" {
		return fi.sha256
	}
	return "path:" + path
}

// hash reads a regular file once to learn its SHA-256, size and format.
// It leaves anything else (missing, a directory, a device, a pipe) to the
// extraction, which will say why it cannot be read.
func (s *slot) hash(ctx context.Context, path string) fileInfo {
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
			if n == 0 && s.opts.Format != nil {
				fi.format = s.opts.Format(buf[:m])
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

// inProcess reads the file in this process. A panic becomes an unreadable
// record (CauseBug); a call that outlives the deadline plus grace is
// abandoned and recorded as CauseTimeout.
func (s *slot) inProcess(ctx context.Context, r *Result, info fileInfo) {
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
	var timer <-chan time.Time
	if d := s.opts.timeout(); d > 0 {
		t := time.NewTimer(d + s.opts.grace())
		defer t.Stop()
		timer = t.C
	}
	select {
	case o := <-ch:
		r.Report = o.rep
		if o.err != nil {
			r.Cause = classify(s.opts.Classify, o.err)
		}
		if r.Report == nil {
			r.Report = unreadableReport(r.Path, info, orCause(r.Cause, CauseBug), errOr(o.err, "no report"))
			r.Cause = orCause(r.Cause, CauseBug)
		} else if r.Cause == "" && r.Report.Unreadable() != nil {
			r.Cause = CauseOther
		}
	case <-timer:
		r.Cause = CauseTimeout
		r.Report = unreadableReport(r.Path, info, CauseTimeout,
			fmt.Sprintf("no result within %v; the reading was abandoned", s.opts.timeout()))
	case <-ctx.Done():
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
// the extraction function (a worker killed or crashed, an abandoned call).
func unreadableReport(path string, info fileInfo, cause Cause, detail string) *schema.Report {
	rep := &schema.Report{
		Schema:   schema.Version,
		Source:   schema.Source{File: path, Format: info.format, SHA256: info.sha256, Bytes: info.size},
		Sections: []schema.Section{},
		Findings: []schema.Finding{{
			Code: schema.CodeUnreadable, Severity: schema.SeverityError,
			Message: fmt.Sprintf("无法读取文件：%s: %s", cause, firstLine(detail)),
		}},
	}
	return rep
}

func firstLine(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			return s[:i]
		}
	}
	return s
}
