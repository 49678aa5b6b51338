package batch_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nianbao/nianbao/batch"
	"github.com/nianbao/nianbao/batch/batchtest"
	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/extract/docx"
	"github.com/nianbao/nianbao/extract/pdf"
)

// TestPool reads good and bad files one at a time through worker
// processes, several at once: every good file comes back right, every bad
// one with its cause, and the pool keeps serving after each loss.
func TestPool(t *testing.T) {
	if testing.Short() {
		t.Skip("starts worker processes")
	}
	paths := files(t, "ok", "hang", "ok", "crash", "ok", "exit", "ok", "panic", "unreadable damaged", "ok", "alloc", "ok")
	want := []batch.Cause{"", batch.CauseTimeout, "", batch.CauseCrash, "", batch.CauseCrash, "", batch.CauseBug, batch.CauseDamaged, "", batch.CauseMemory, ""}
	p, err := batch.NewPool(batch.Options{Jobs: 2, Worker: testWorker(t), Timeout: time.Second, MemoryLimit: 256 << 20})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if d := p.Deadline(); d != 2*time.Second {
		t.Errorf("Deadline = %v, want 2s (1 s and a grace of 1 s)", d)
	}
	var wg sync.WaitGroup
	for i, path := range paths {
		wg.Go(func() {
			r, err := p.Read(context.Background(), path)
			if err != nil {
				t.Errorf("%s: %v", path, err)
				return
			}
			if r.Cause != want[i] {
				t.Errorf("%s: cause %q, want %q (%v)", path, r.Cause, want[i], r.Report.Findings)
			}
			if want[i] == "" {
				if diff := diffReport(wantReport(t, path), r.Report); diff != "" {
					t.Errorf("%s: report differs (-want +got):\n%s", path, diff)
				}
				return
			}
			u := r.Report.Unreadable()
			if u == nil || u.Text != string(want[i]) || !strings.HasPrefix(u.Message, "无法读取文件（"+want[i].Describe()+"）：") || r.Err == nil {
				t.Errorf("%s: unreadable finding %+v, err %v", path, u, r.Err)
			}
			if r.Report.Source.SHA256 == "" || r.Key != r.Report.Source.SHA256 || r.Bytes <= 0 || r.Report.Source.File != path {
				t.Errorf("%s: identity missing: key %q, bytes %d, source %+v", path, r.Key, r.Bytes, r.Report.Source)
			}
		})
	}
	wg.Wait()
	// After all the losses, both slots still read.
	for _, path := range []string{paths[0], paths[2]} {
		if r, err := p.Read(context.Background(), path); err != nil || r.Cause != "" {
			t.Fatalf("after the faults: %v %+v", err, r)
		}
	}
}

// TestPoolContext: a request's deadline is a time limit (the file gets a
// timeout record), a cancellation is not (Read returns the error), and
// the slot serves the next file either way.
func TestPoolContext(t *testing.T) {
	if testing.Short() {
		t.Skip("starts worker processes")
	}
	paths := files(t, "hang", "hang", "ok")
	p, err := batch.NewPool(batch.Options{Jobs: 1, Worker: testWorker(t), Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	r, err := p.Read(ctx, paths[0])
	if err != nil || r.Cause != batch.CauseTimeout {
		t.Fatalf("deadline: %v, %+v", err, r)
	}
	// The grace is a tenth of Timeout, between 1 s and 5 s: here 1 s.
	if el := time.Since(start); el > 3*time.Second {
		t.Errorf("deadline of 300ms ended after %v", el)
	}
	if u := r.Report.Unreadable(); !strings.Contains(u.Message, "no result within 300ms") {
		t.Errorf("message %q", u.Message)
	}

	ctx, cancel = context.WithCancel(context.Background())
	time.AfterFunc(200*time.Millisecond, cancel)
	if r, err := p.Read(ctx, paths[1]); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancel: %v, %+v", err, r)
	}
	if r, err := p.Read(context.Background(), paths[2]); err != nil || r.Cause != "" {
		t.Fatalf("after cancel: %v %+v", err, r)
	}

	// A Read waiting for the only slot gives up with its context.
	hold := make(chan struct{})
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		defer cancel()
		close(hold)
		p.Read(ctx, paths[0])
	}()
	<-hold
	time.Sleep(50 * time.Millisecond)
	ctx, cancel = context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if _, err := p.Read(ctx, paths[2]); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("waiting for a slot: %v", err)
	}
}

func TestPoolInProcessAndClose(t *testing.T) {
	paths := files(t, "ok", "hang", "panic", "unreadable doc")
	p, err := batch.NewPool(batch.Options{Jobs: 2, Extract: batchtest.Extract(nil), Timeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []batch.Cause{"", batch.CauseTimeout, batch.CauseBug, batch.CauseDoc} {
		r, err := p.Read(context.Background(), paths[i])
		if err != nil || r.Cause != want {
			t.Errorf("%s: %v, cause %q, want %q", paths[i], err, r.Cause, want)
		}
	}
	missing := filepath.Join(t.TempDir(), "missing.pdf")
	if r, err := p.Read(context.Background(), missing); err != nil || r.Cause != batch.CauseMissing || r.Key != "path:"+missing || r.Bytes != -1 {
		t.Errorf("missing file: %v %+v", err, r)
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Read(context.Background(), paths[0]); !errors.Is(err, batch.ErrClosed) {
		t.Errorf("Read after Close: %v", err)
	}
	p.Close() // a second Close is harmless
}

func TestNewPoolErrors(t *testing.T) {
	if _, err := batch.NewPool(batch.Options{}); !errors.Is(err, batch.ErrNoExtract) {
		t.Errorf("no extraction: %v", err)
	}
	_, err := batch.NewPool(batch.Options{Jobs: 2, Worker: &batch.Worker{Path: filepath.Join(t.TempDir(), "nianbao-missing")}})
	if !errors.Is(err, batch.ErrWorkerStart) {
		t.Errorf("missing worker program: %v", err)
	}
}

// TestCauseOf: batch's causes are extract's reasons, plus its own panic.
func TestCauseOf(t *testing.T) {
	tests := []struct {
		err  error
		want batch.Cause
	}{
		{nil, ""},
		{fmt.Errorf("a.docx: %w", docx.ErrCorrupt), batch.CauseDamaged},
		{fmt.Errorf("a.pdf: %w", pdf.ErrNotPDF), batch.CauseDamaged},
		{fmt.Errorf("a.pdf: %w", pdf.ErrNoText), batch.CauseNoText},
		{fmt.Errorf("a.pdf: %w", pdf.ErrNoUnicode), batch.CauseNoUnicode},
		{fmt.Errorf("a.doc: %w", extract.ErrLegacyDOC), batch.CauseDoc},
		{fmt.Errorf("a.docx: %w", docx.ErrLimit), batch.CauseLimit},
		{fmt.Errorf("a.png: %w", extract.ErrUnknownFormat), batch.CauseFormat},
		{fmt.Errorf("a.pdf: %w", extract.ErrTimeout), batch.CauseTimeout},
		{fmt.Errorf("a.pdf: %w", extract.ErrPanic), batch.CauseBug},
		{fmt.Errorf("%w: boom", batch.ErrPanic), batch.CauseBug},
		{&fs.PathError{Op: "open", Path: "a", Err: fs.ErrNotExist}, batch.CauseMissing},
		{&fs.PathError{Op: "open", Path: "a", Err: fs.ErrPermission}, batch.CausePermission},
		{errors.New("something else"), batch.CauseOther},
	}
	for _, tt := range tests {
		if got := batch.CauseOf(tt.err); got != tt.want {
			t.Errorf("CauseOf(%v) = %q, want %q", tt.err, got, tt.want)
		}
	}
	for _, c := range batch.Causes {
		if d := c.Describe(); d == "" || d == extract.ReasonOther.Describe() && c != batch.CauseOther {
			t.Errorf("cause %q has no description of its own: %q", c, d)
		}
	}
}
