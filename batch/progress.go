package batch

import (
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
)

// Progress is told about a run as it goes. Implementations must be safe
// for use by two goroutines (the counter of inputs and the emitter).
type Progress interface {
	// SetTotal gives the number of inputs once known; -1 means unknown.
	SetTotal(n int)
	// Update is called after each result with the counts so far.
	Update(s *Summary)
	// Log prints a line for a person without breaking the display.
	Log(line string)
	// Finish removes the display.
	Finish()
}

// NoProgress shows nothing and drops log lines.
var NoProgress Progress = noProgress{}

type noProgress struct{}

func (noProgress) SetTotal(int)    {}
func (noProgress) Update(*Summary) {}
func (noProgress) Log(string)      {}
func (noProgress) Finish()         {}

// LogProgress shows no bar and prints log lines to w.
func LogProgress(w io.Writer) Progress { return &logProgress{w: w} }

type logProgress struct {
	mu sync.Mutex
	w  io.Writer
}

func (*logProgress) SetTotal(int)    {}
func (*logProgress) Update(*Summary) {}
func (*logProgress) Finish()         {}
func (p *logProgress) Log(line string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprintln(p.w, line)
}

// Bar is a progress bar on a terminal: files done of the total, files per
// second, the time left and the unreadable files so far.
type Bar struct {
	mu         sync.Mutex
	w          io.Writer
	bar        *progressbar.ProgressBar
	done       int
	unreadable int
}

// NewBar starts a bar on w, which should be a terminal.
func NewBar(w io.Writer) *Bar {
	b := &Bar{w: w}
	b.bar = progressbar.NewOptions(-1,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription("reading"),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("files"),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionSetElapsedTime(true),
		progressbar.OptionSetWidth(24),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionUseANSICodes(true),
		progressbar.OptionSpinnerType(14),
	)
	return b
}

// SetTotal implements Progress.
func (b *Bar) SetTotal(n int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if n >= 0 {
		b.bar.ChangeMax(n)
	}
}

// Update implements Progress.
func (b *Bar) Update(s *Summary) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if s.Unreadable != b.unreadable {
		b.unreadable = s.Unreadable
		b.bar.Describe(fmt.Sprintf("reading (%d unreadable)", s.Unreadable))
	}
	if n := s.Files; n > b.done {
		_ = b.bar.Add(n - b.done)
		b.done = n
	}
}

// Log implements Progress.
func (b *Bar) Log(line string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	_ = b.bar.Clear()
	fmt.Fprintln(b.w, line)
	_ = b.bar.RenderBlank()
}

// Finish implements Progress.
func (b *Bar) Finish() {
	b.mu.Lock()
	defer b.mu.Unlock()
	_ = b.bar.Clear()
	_ = b.bar.Exit()
}
