package batch

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"
)

// Worker says how to start a worker process: a program that runs [Serve]
// on its standard input and output (nianbao's hidden worker command).
type Worker struct {
	Path string   // the executable; usually os.Executable()
	Args []string // arguments after the program name
	Env  []string // added to the parent's environment
	// StartTimeout bounds the wait for a new worker's hello. Zero means
	// 30 s.
	StartTimeout time.Duration
}

// maxResponse bounds one response line: a report larger than this (it
// would come from a file of hundreds of MB of text) is recorded as a crash
// of its worker rather than held in the parent's memory.
const maxResponse = 256 << 20

// stderrTail is how much of a worker's standard error the parent keeps, to
// say why it crashed.
const stderrTail = 8 << 10

// pollEvery is how often the parent reads a busy worker's memory use.
const pollEvery = 20 * time.Millisecond

// line is one line read from a worker, or the error that ended its output.
type line struct {
	b   []byte
	err error
}

// workerProc is one running worker process.
type workerProc struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	lines  chan line
	exited chan struct{} // closed once the process is reaped
	stderr *tailBuffer
	served int
	killed bool
}

// tailBuffer keeps the last bytes written to it.
type tailBuffer struct {
	mu  sync.Mutex
	buf []byte
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if len(t.buf) > stderrTail {
		t.buf = append(t.buf[:0], t.buf[len(t.buf)-stderrTail:]...)
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.buf)
}

// startWorker starts a worker and waits for its hello.
func startWorker(ctx context.Context, wc *Worker) (*workerProc, error) {
	cmd := exec.Command(wc.Path, wc.Args...)
	cmd.Env = append(os.Environ(), wc.Env...)
	cmd.SysProcAttr = sysProcAttr()
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrWorkerStart, err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrWorkerStart, err)
	}
	p := &workerProc{cmd: cmd, stdin: stdin, lines: make(chan line, 1), exited: make(chan struct{}), stderr: &tailBuffer{}}
	cmd.Stderr = p.stderr
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrWorkerStart, err)
	}
	go p.read(stdout)

	d := wc.StartTimeout
	if d <= 0 {
		d = 30 * time.Second
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case l, ok := <-p.lines:
		var hello response
		switch {
		case !ok || l.err != nil:
			p.kill()
			return nil, fmt.Errorf("%w: it exited at once%s", ErrWorkerStart, p.why())
		case json.Unmarshal(l.b, &hello) != nil || hello.Hello != protocolVersion:
			p.kill()
			return nil, fmt.Errorf("%w: it did not greet with %q (got %.80q)", ErrWorkerStart, protocolVersion, l.b)
		}
		return p, nil
	case <-t.C:
		p.kill()
		return nil, fmt.Errorf("%w: no hello within %v%s", ErrWorkerStart, d, p.why())
	case <-ctx.Done():
		p.kill()
		return nil, ctx.Err()
	}
}

// read passes the worker's output lines on, then reaps the process.
func (p *workerProc) read(stdout io.Reader) {
	br := bufio.NewReaderSize(stdout, 64<<10)
	for {
		b, err := readLine(br, maxResponse)
		if err != nil {
			p.lines <- line{err: err}
			break
		}
		p.lines <- line{b: b}
	}
	close(p.lines)
	if err := p.cmd.Wait(); err != nil {
		_ = err // the state is in p.cmd.ProcessState
	}
	close(p.exited)
}

// errLineTooLong: a response exceeded maxResponse.
var errLineTooLong = errors.New("batch: worker response too large")

// readLine reads one line of at most limit bytes, without its newline.
func readLine(br *bufio.Reader, limit int) ([]byte, error) {
	var out []byte
	for {
		frag, err := br.ReadSlice('\n')
		if len(out)+len(frag) > limit {
			return nil, errLineTooLong
		}
		out = append(out, frag...)
		switch {
		case err == nil:
			return out[:len(out)-1], nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case err == io.EOF && len(out) > 0:
			return nil, io.ErrUnexpectedEOF
		default:
			return nil, err
		}
	}
}

// kill ends the worker at once and waits until it is reaped.
func (p *workerProc) kill() {
	p.killed = true
	killGroup(p.cmd.Process)
	p.drain()
}

// drain discards the remaining output and waits for the process to end.
func (p *workerProc) drain() {
	for range p.lines {
	}
	<-p.exited
}

// stop asks the worker to exit by closing its input, and kills it if it
// has not exited within a few seconds.
func (p *workerProc) stop() {
	p.stdin.Close()
	t := time.NewTimer(5 * time.Second)
	defer t.Stop()
	go func() {
		for range p.lines {
		}
	}()
	select {
	case <-p.exited:
	case <-t.C:
		killGroup(p.cmd.Process)
		<-p.exited
	}
}

// why describes how the worker ended, from its exit status and the last
// lines of its standard error.
func (p *workerProc) why() string {
	<-p.exited
	var b strings.Builder
	if st := p.cmd.ProcessState; st != nil {
		fmt.Fprintf(&b, " (%s)", st)
	}
	if msg := crashLine(p.stderr.String()); msg != "" {
		fmt.Fprintf(&b, ": %s", msg)
	}
	return b.String()
}

// crashLine picks the telling line of a crashed Go program's standard
// error: the panic or fatal error, else the last non-empty line.
func crashLine(s string) string {
	lines := strings.Split(s, "\n")
	for _, l := range lines {
		l = strings.TrimSpace(l)
		for _, p := range []string{"panic:", "fatal error:", "runtime:", "terminate called"} {
			if strings.HasPrefix(l, p) {
				return l
			}
		}
	}
	for i := len(lines) - 1; i >= 0; i-- {
		if l := strings.TrimSpace(lines[i]); l != "" {
			return l
		}
	}
	return ""
}

// outOfMemory reports whether a crashed worker died of memory: a Go or C++
// allocation failure, or a SIGKILL the parent did not send (the kernel's
// OOM killer).
func (p *workerProc) outOfMemory() bool {
	s := p.stderr.String()
	for _, m := range []string{"out of memory", "cannot allocate memory", "std::bad_alloc"} {
		if strings.Contains(s, m) {
			return true
		}
	}
	return !p.killed && killedBySIGKILL(p.cmd.ProcessState)
}

// viaWorker reads the file in the slot's worker, starting one if needed.
func (s *slot) viaWorker(ctx context.Context, r *Result, info func() fileInfo) error {
	req, err := json.Marshal(request{Path: r.Path})
	if err != nil {
		return err
	}
	req = append(req, '\n')
	for attempt := 0; ; attempt++ {
		if s.w == nil {
			w, err := startWorker(ctx, s.opts.Worker)
			if err != nil {
				if ctx.Err() != nil {
					return nil
				}
				return err
			}
			s.w = w
			s.opts.logger().Debug("worker started", "slot", s.id, "pid", w.cmd.Process.Pid)
		}
		if _, err := s.w.stdin.Write(req); err != nil {
			// The worker died between files (it had answered the last
			// one): start another and send the file again, once.
			s.w.kill()
			s.w = nil
			if attempt == 0 {
				continue
			}
			detail := "cannot send the file to a new worker: " + err.Error()
			r.Cause, r.Err = CauseCrash, errors.New(detail)
			r.Report = unreadableReport(r.Path, info(), CauseCrash, detail)
			return nil
		}
		break
	}
	s.await(ctx, r, info)
	if s.w != nil {
		s.w.served++
		if n := s.opts.recycleAfter(); n > 0 && s.w.served >= n {
			s.opts.logger().Debug("worker recycled", "slot", s.id, "files", s.w.served)
			s.w.stop()
			s.w = nil
		}
	}
	return nil
}

// await waits for the worker's answer, its death, the deadline, the memory
// limit or ctx, whichever comes first.
func (s *slot) await(ctx context.Context, r *Result, info func() fileInfo) {
	p := s.w
	limit, deadline, stop := s.limits(ctx)
	defer stop()
	var poll <-chan time.Time
	memLimit := s.opts.memoryLimit()
	if memLimit > 0 && canReadRSS() {
		t := time.NewTicker(pollEvery)
		defer t.Stop()
		poll = t.C
	}
	fail := func(c Cause, detail string) {
		s.opts.logger().Debug("worker lost", "slot", s.id, "pid", p.cmd.Process.Pid, "file", r.Path, "cause", c, "detail", detail)
		r.Cause, r.Err = c, errors.New(detail)
		r.Report = unreadableReport(r.Path, info(), c, detail)
		s.w = nil
	}
	done := ctx.Done()
	for {
		select {
		case l, ok := <-p.lines:
			if !ok || l.err != nil {
				if errors.Is(l.err, errLineTooLong) {
					p.kill()
					fail(CauseCrash, fmt.Sprintf("the worker's answer exceeded %d MiB", maxResponse>>20))
					return
				}
				p.drain()
				if p.outOfMemory() {
					fail(CauseMemory, "the worker ran out of memory"+p.why())
				} else {
					fail(CauseCrash, "the worker process died"+p.why())
				}
				return
			}
			var resp response
			err := json.Unmarshal(l.b, &resp)
			if err == nil && resp.Report == nil {
				err = errors.New("no report in the answer")
			}
			if err == nil {
				err = setCellStatuses(resp.Report, resp.Cells)
			}
			if err != nil {
				p.kill()
				fail(CauseCrash, "the worker's answer is malformed: "+err.Error())
				return
			}
			r.Report, r.Cause = resp.Report, resp.Cause
			if resp.Error != "" {
				r.Err = errors.New(resp.Error)
			}
			return
		case <-deadline:
			// A worker stuck near its memory limit is thrashing in its
			// garbage collector: memory is the cause, not time.
			rss, err := readRSS(p.cmd.Process.Pid)
			p.kill()
			if memLimit > 0 && err == nil && rss >= memLimit/4*3 {
				fail(CauseMemory, fmt.Sprintf("the worker process held %d MiB, near the limit of %d MiB, and gave no result within %v; it was killed", rss>>20, memLimit>>20, roundLimit(limit)))
				return
			}
			fail(CauseTimeout, fmt.Sprintf("no result within %v; the worker process was killed", roundLimit(limit)))
			return
		case <-poll:
			if rss, err := readRSS(p.cmd.Process.Pid); err == nil && rss > memLimit {
				p.kill()
				fail(CauseMemory, fmt.Sprintf("the worker process used %d MiB, over the limit of %d MiB; it was killed", rss>>20, memLimit>>20))
				return
			}
		case <-done:
			if !s.ended(ctx) {
				done = nil // a deadline: wait for the worker's own answer, or the kill
				continue
			}
			p.kill()
			s.w = nil
			return
		}
	}
}
