package server

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nianbao/nianbao/batch"
	"github.com/nianbao/nianbao/batch/batchtest"
	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/schema"
)

// workerEnv makes the test binary a worker process of batch: it serves the
// worker protocol with the real extractor, except for the test files of
// batchtest, which act out their faults (hang, crash…). Only the test
// binary can do this; nianbao's worker has no such hook.
const workerEnv = "NIANBAO_SERVER_TEST_WORKER"

func TestMain(m *testing.M) {
	if os.Getenv(workerEnv) == "1" {
		out, err := batch.ProtocolOutput()
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		timeout, _ := time.ParseDuration(os.Getenv(workerEnv + "_TIMEOUT"))
		fn := batchtest.Extract(func(ctx context.Context, path string) (*schema.Report, error) {
			return extract.File(ctx, path, extract.Options{Timeout: timeout})
		})
		if err := batch.Serve(context.Background(), os.Stdin, out, fn); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// newIsolated returns a checker over a pool of test workers, removed when
// the test ends.
func newIsolated(t testing.TB, workers int, timeout time.Duration, memory int64) *Isolated {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	pool, err := batch.NewPool(batch.Options{
		Jobs: workers, Timeout: timeout, MemoryLimit: memory,
		Worker: &batch.Worker{Path: exe, Env: []string{workerEnv + "=1", workerEnv + "_TIMEOUT=" + timeout.String()}},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pool.Close() })
	return &Isolated{Pool: pool, Dir: t.TempDir()}
}

// faultPDF is a test file that starts like a PDF (so the server takes it
// as a report) and acts out kind in a test worker.
func faultPDF(kind string, args ...string) []byte {
	return append([]byte("%PDF-1.7\n% "), batchtest.Content(kind, args...)...)
}

// TestIsolatedFaults sends uploads that hang, crash, exit, eat memory or
// panic in their worker, between good ones, over a real connection: each
// bad one gets its status and reason, the temporary files are gone, and
// the server keeps serving.
func TestIsolatedFaults(t *testing.T) {
	if testing.Short() {
		t.Skip("starts worker processes")
	}
	const timeout = time.Second
	iso := newIsolated(t, 2, timeout, 256<<20)
	s := New(Options{Workers: 2, Timeout: timeout, Checker: iso})
	if s.grace != 2*time.Second {
		t.Errorf("grace %v: want the pool's deadline (2 s) past the timeout, plus 1 s", s.grace)
	}
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	good := readFixture(t, fixturePDF)
	tests := []struct {
		name   string
		data   []byte
		status int
		reason string
		want   string // in the unreadable finding's message
	}{
		{"good.pdf", good, 200, "", ""},
		{"hang.pdf", faultPDF(batchtest.KindHang), 422, "timeout", "无法读取文件（处理超时）：no result within"},
		{"good2.pdf", good, 200, "", ""},
		{"crash.pdf", faultPDF(batchtest.KindCrash), 422, "crash", "无法读取文件（读取进程崩溃）：the worker process died"},
		{"exit.pdf", faultPDF(batchtest.KindExit), 422, "crash", "exit status 7"},
		{"alloc.pdf", faultPDF(batchtest.KindAlloc), 422, "memory", "无法读取文件（超出内存限制）"},
		{"damaged.docx", readFixture(t, filepath.Join(fixtureInvalid, "truncated.docx")), 422, "damaged", "无法读取文件（文件已损坏）"},
		{"panic.pdf", faultPDF(batchtest.KindPanic), 500, "", ""},
		{"good3.pdf", good, 200, "", ""},
	}
	for _, tt := range tests {
		body, ct := multipartBody(t, "file", tt.name, tt.data, nil)
		start := time.Now()
		resp, err := http.Post(ts.URL+"/api/v1/check", ct, body)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		t.Logf("%-12s %d %-8s %v", tt.name, resp.StatusCode, resp.Header.Get(ReasonHeader), time.Since(start).Round(time.Millisecond))
		if resp.StatusCode != tt.status {
			t.Fatalf("%s: status %d, want %d: %.300s", tt.name, resp.StatusCode, tt.status, b)
		}
		if got := resp.Header.Get(ReasonHeader); got != tt.reason {
			t.Errorf("%s: %s = %q, want %q", tt.name, ReasonHeader, got, tt.reason)
		}
		if strings.Contains(string(b), iso.Dir) {
			t.Errorf("%s: the answer shows the temporary path: %.300s", tt.name, b)
		}
		switch tt.status {
		case 200, 422:
			validate(t, b)
			rep := decodeReport(t, b)
			if rep.Source.File != tt.name {
				t.Errorf("%s: source.file %q", tt.name, rep.Source.File)
			}
			if tt.status == 200 {
				continue
			}
			u := rep.Unreadable()
			if u == nil || !strings.Contains(u.Message, tt.want) || u.Text != tt.reason {
				t.Errorf("%s: unreadable finding %+v, want %q", tt.name, u, tt.want)
			}
			if rep.Source.SHA256 == "" || rep.Source.Bytes != int64(len(tt.data)) || rep.Source.Format != strings.TrimPrefix(filepath.Ext(tt.name), ".") {
				t.Errorf("%s: source %+v", tt.name, rep.Source)
			}
		case 500:
			if e := decodeError(t, b); e.Error.Code != "internal" {
				t.Errorf("%s: error %+v", tt.name, e)
			}
		}
	}
	if left, _ := os.ReadDir(iso.Dir); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// TestIsolatedSameRecord: a worker gives the same record as the in-process
// check, byte for byte.
func TestIsolatedSameRecord(t *testing.T) {
	if testing.Short() {
		t.Skip("starts worker processes")
	}
	iso := New(Options{Workers: 1, Checker: newIsolated(t, 1, DefaultTimeout, 0)}).Handler()
	in := New(Options{Workers: 1}).Handler()
	for _, f := range []string{fixtureDOCX, fixturePDF, fixtureTotals, filepath.Join(fixtureInvalid, "encrypted.pdf")} {
		data := readFixture(t, f)
		a, b := postFile(t, in, filepath.Base(f), data), postFile(t, iso, filepath.Base(f), data)
		if a.Code != b.Code || a.Body.String() != b.Body.String() || a.Header().Get(ReasonHeader) != b.Header().Get(ReasonHeader) {
			t.Errorf("%s: in-process %d %q, isolated %d %q; bodies equal: %v", f, a.Code, a.Header().Get(ReasonHeader),
				b.Code, b.Header().Get(ReasonHeader), a.Body.String() == b.Body.String())
		}
	}
}
