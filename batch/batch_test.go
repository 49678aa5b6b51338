package batch_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/nianbao/nianbao/batch"
	"github.com/nianbao/nianbao/batch/batchtest"
	"github.com/nianbao/nianbao/schema"
)

// The test binary doubles as the worker program: run with
// BATCH_TEST_WORKER=1 it serves the worker protocol with the
// fault-injecting extraction of batchtest.
func TestMain(m *testing.M) {
	if os.Getenv("BATCH_TEST_WORKER") == "1" {
		out, err := batch.ProtocolOutput()
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		if err := batch.Serve(context.Background(), os.Stdin, out, batchtest.Extract(nil)); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func testWorker(t testing.TB) *batch.Worker {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return &batch.Worker{Path: exe, Env: []string{"BATCH_TEST_WORKER=1"}}
}

// files writes test files into a new directory and returns their paths in
// order. Each spec is "kind args…"; the index is added as a last argument
// so that no two files have the same content.
func files(t testing.TB, specs ...string) []string {
	t.Helper()
	dir := t.TempDir()
	var paths []string
	for i, s := range specs {
		f := strings.Fields(s)
		args := append(f[1:], fmt.Sprint(i)) // distinct content
		p := filepath.Join(dir, fmt.Sprintf("f%04d", i))
		if err := batchtest.WriteFile(p, f[0], args...); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	return paths
}

// collect runs a batch and returns the emitted results.
func collect(t testing.TB, ctx context.Context, paths []string, opts batch.Options) ([]*batch.Result, *batch.Summary, error) {
	t.Helper()
	var mu sync.Mutex
	var out []*batch.Result
	sum, err := batch.Run(ctx, batch.Paths(paths...), opts, func(r *batch.Result) error {
		mu.Lock()
		defer mu.Unlock()
		out = append(out, r)
		return nil
	})
	return out, sum, err
}

// diffReport compares two reports by their JSON and their cell statuses
// (cmp over whole reports is slow), falling back to cmp.Diff to explain.
func diffReport(want, got *schema.Report) string {
	wj, err1 := json.Marshal(want)
	gj, err2 := json.Marshal(got)
	if err1 != nil || err2 != nil || string(wj) != string(gj) || statuses(want) != statuses(got) {
		return cmp.Diff(want, got)
	}
	return ""
}

func statuses(r *schema.Report) string {
	if r == nil {
		return ""
	}
	var b strings.Builder
	for _, tk := range []string{schema.TableActive, schema.TableRequests, schema.TableAppeals} {
		if tb := r.Tables.Get(tk); tb != nil {
			for _, row := range tb.Rows {
				for _, c := range row.Cells {
					fmt.Fprint(&b, c.Status)
				}
			}
		}
		b.WriteByte('|')
	}
	return b.String()
}

// wantReport is the report batchtest builds for a good file.
func wantReport(t testing.TB, path string) *schema.Report {
	t.Helper()
	rep, err := batchtest.Extract(nil)(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestRunInOrder(t *testing.T) {
	var specs []string
	for i := range 40 {
		specs = append(specs, fmt.Sprintf("slow %d", (i*37)%23))
	}
	paths := files(t, specs...)
	for _, jobs := range []int{1, 3, 8} {
		t.Run(fmt.Sprint("j", jobs), func(t *testing.T) {
			res, sum, err := collect(t, context.Background(), paths, batch.Options{Jobs: jobs, Extract: batchtest.Extract(nil)})
			if err != nil {
				t.Fatal(err)
			}
			if len(res) != len(paths) || sum.Read != len(paths) {
				t.Fatalf("got %d results, %d read; want %d", len(res), sum.Read, len(paths))
			}
			for i, r := range res {
				if r.Index != i || r.Path != paths[i] {
					t.Fatalf("result %d is input %d (%s)", i, r.Index, r.Path)
				}
				if diff := diffReport(wantReport(t, paths[i]), r.Report); diff != "" {
					t.Fatalf("%s: report differs (-want +got):\n%s", r.Path, diff)
				}
			}
		})
	}
}

// TestFaults is the fault-injection test: hanging, crashing, exiting,
// memory-eating and panicking files among good ones, read in worker
// processes. Every good file must come out correct and in order, every
// bad one with its cause, in a time bounded by the deadline.
func TestFaults(t *testing.T) {
	if testing.Short() {
		t.Skip("starts worker processes")
	}
	specs := []string{"ok", "hang", "ok", "crash", "ok", "alloc", "ok", "exit", "ok", "panic", "ok", "unreadable", "ok", "hang", "ok", "crash", "unreadable damaged", "unreadable no_unicode"}
	paths := files(t, specs...)
	opts := batch.Options{
		Jobs: 2, Worker: testWorker(t), Timeout: 1500 * time.Millisecond,
		MemoryLimit: 256 << 20,
	}
	start := time.Now()
	res, sum, err := collect(t, context.Background(), paths, opts)
	elapsed := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]batch.Cause{
		"hang": batch.CauseTimeout, "crash": batch.CauseCrash, "exit": batch.CauseCrash,
		"alloc": batch.CauseMemory, "panic": batch.CauseBug, "unreadable": batch.CauseOther,
		"unreadable damaged": batch.CauseDamaged, "unreadable no_unicode": batch.CauseNoUnicode,
	}
	if len(res) != len(paths) {
		t.Fatalf("got %d results, want %d", len(res), len(paths))
	}
	for i, r := range res {
		if r.Path != paths[i] {
			t.Fatalf("result %d is %s, want %s", i, r.Path, paths[i])
		}
		kind := specs[i]
		if kind == "ok" {
			if r.Cause != "" {
				t.Errorf("%s (ok): cause %q: %v", r.Path, r.Cause, r.Report.Findings)
				continue
			}
			if diff := diffReport(wantReport(t, r.Path), r.Report); diff != "" {
				t.Errorf("%s: report differs (-want +got):\n%s", r.Path, diff)
			}
			continue
		}
		if r.Cause != want[kind] {
			t.Errorf("%s (%s): cause %q, want %q (%v)", r.Path, kind, r.Cause, want[kind], r.Report.Findings)
		}
		u := r.Report.Unreadable()
		if u == nil || u.Text != string(want[kind]) || !strings.HasPrefix(u.Message, "无法读取文件（"+want[kind].Describe()+"）：") {
			t.Errorf("%s (%s): unreadable finding %+v does not name the cause", r.Path, kind, u)
		}
		if r.Err == nil {
			t.Errorf("%s (%s): no Err", r.Path, kind)
		}
		if r.Report.Source.SHA256 == "" || r.Report.Source.File != r.Path {
			t.Errorf("%s (%s): source %+v lacks the hash or path", r.Path, kind, r.Report.Source)
		}
	}
	if sum.Read != 8 || sum.Unreadable != 10 || sum.ByCause[batch.CauseTimeout] != 2 || sum.ByCause[batch.CauseCrash] != 3 {
		t.Errorf("summary: %+v", sum)
	}
	// Two hangs, two slots: each costs the deadline plus a grace of 1 s.
	if limit := 3*(opts.Timeout+time.Second) + 5*time.Second; elapsed > limit {
		t.Errorf("run took %v, want under %v", elapsed, limit)
	}
	t.Logf("%d files with faults in %v", len(paths), elapsed)
}

func TestInProcessFaults(t *testing.T) {
	paths := files(t, "ok", "hang", "ok", "panic", "unreadable encrypted", "ok")
	res, sum, err := collect(t, context.Background(), paths, batch.Options{
		Jobs: 2, Extract: batchtest.Extract(nil), Timeout: 200 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	var got []batch.Cause
	for _, r := range res {
		got = append(got, r.Cause)
	}
	want := []batch.Cause{"", batch.CauseTimeout, "", batch.CauseBug, batch.CauseEncrypted, ""}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("causes (-want +got):\n%s", diff)
	}
	if sum.Read != 3 || sum.Unreadable != 3 {
		t.Errorf("summary %+v", sum)
	}
}

func TestDuplicatesAndDone(t *testing.T) {
	dir := t.TempDir()
	var paths []string
	// Inputs 0, 3 and 5 share content; so do 1 and 4.
	contents := []string{"A", "B", "C", "A", "B", "A", "D"}
	for i, c := range contents {
		p := filepath.Join(dir, fmt.Sprintf("f%d", i))
		if err := os.WriteFile(p, []byte("content "+c), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	missing := filepath.Join(dir, "missing")
	paths = append(paths, missing, missing)
	done := wantReport(t, paths[2]).Source.SHA256
	for range 5 { // the decision must not depend on which slot finishes first
		res, sum, err := collect(t, context.Background(), paths, batch.Options{
			Jobs: 4, Extract: batchtest.Extract(nil),
			Done: func(key string) bool { return key == done },
		})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range res {
			s := r.Skipped.String()
			if r.DuplicateOf != "" {
				s += " of " + filepath.Base(r.DuplicateOf)
			}
			got = append(got, s)
		}
		want := []string{"", "", "done", "duplicate of f0", "duplicate of f1", "duplicate of f0", "", "", "duplicate of missing"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("skips (-want +got):\n%s", diff)
		}
		if sum.Done != 1 || sum.Duplicates != 4 || sum.Unreadable != 1 {
			t.Fatalf("summary %+v", sum)
		}
		if res[7].Key != "path:"+missing || res[7].Cause != batch.CauseMissing {
			t.Fatalf("missing file: key %q cause %q", res[7].Key, res[7].Cause)
		}
	}
	// For outputs with a record per input, duplicates are read as well
	// and still named.
	res, sum, err := collect(t, context.Background(), paths, batch.Options{
		Jobs: 4, Extract: batchtest.Extract(nil), ReadDuplicates: true,
		Done: func(key string) bool { return key == done },
	})
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range res {
		wantDup := map[int]string{3: "f0", 4: "f1", 5: "f0", 8: "missing"}[i]
		if r.Skipped == batch.SkipDuplicate || filepath.Base(r.DuplicateOf) != wantDup && !(wantDup == "" && r.DuplicateOf == "") {
			t.Errorf("input %d: skipped %q, duplicate of %q; want read, duplicate of %q", i, r.Skipped, r.DuplicateOf, wantDup)
		}
		if (r.Report == nil) != (r.Skipped == batch.SkipDone) {
			t.Errorf("input %d: report %v, skipped %q", i, r.Report != nil, r.Skipped)
		}
		if r.Report != nil && r.Report.Source.File != r.Path {
			t.Errorf("input %d: record of %s", i, r.Report.Source.File)
		}
	}
	if sum.Done != 1 || sum.Duplicates != 0 || sum.Again != 4 || sum.Read != 3 || sum.Unreadable != 1 {
		t.Errorf("summary with duplicates read: %+v", sum)
	}
}

func TestCancel(t *testing.T) {
	var specs []string
	for range 30 {
		specs = append(specs, "slow 20")
	}
	paths := files(t, specs...)
	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	sum, err := batch.Run(ctx, batch.Paths(paths...), batch.Options{Jobs: 3, Extract: batchtest.Extract(nil)}, func(r *batch.Result) error {
		if r.Index != n {
			t.Errorf("emitted input %d, want %d", r.Index, n)
		}
		n++
		if n == 5 {
			cancel()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if !sum.Interrupted || sum.Files != n || n >= len(paths) {
		t.Fatalf("summary %+v after %d emitted", sum, n)
	}
}

func TestEmitError(t *testing.T) {
	paths := files(t, "ok", "ok", "ok", "ok")
	boom := errors.New("disk full")
	_, err := batch.Run(context.Background(), batch.Paths(paths...), batch.Options{Jobs: 2, Extract: batchtest.Extract(nil)}, func(r *batch.Result) error {
		if r.Index == 1 {
			return boom
		}
		return nil
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want %v", err, boom)
	}
}

func TestWorkerStartFailure(t *testing.T) {
	paths := files(t, "ok", "ok")
	for name, w := range map[string]*batch.Worker{
		"no such program": {Path: filepath.Join(t.TempDir(), "nianbao-missing")},
		"exits at once":   {Path: "/bin/sh", Args: []string{"-c", "echo broken >&2; exit 3"}},
		"no hello":        {Path: "/bin/sh", Args: []string{"-c", "echo '{\"hello\":\"other\"}'; sleep 5"}},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := os.Stat("/bin/sh"); err != nil && w.Path == "/bin/sh" {
				t.Skip("no /bin/sh")
			}
			_, _, err := collect(t, context.Background(), paths, batch.Options{Jobs: 1, Worker: w})
			if !errors.Is(err, batch.ErrWorkerStart) {
				t.Fatalf("err = %v, want ErrWorkerStart", err)
			}
		})
	}
}

func TestWorkerRecycle(t *testing.T) {
	if testing.Short() {
		t.Skip("starts worker processes")
	}
	var specs []string
	for range 7 {
		specs = append(specs, "ok")
	}
	paths := files(t, specs...)
	res, sum, err := collect(t, context.Background(), paths, batch.Options{Jobs: 1, Worker: testWorker(t), RecycleAfter: 2})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Read != 7 {
		t.Fatalf("summary %+v", sum)
	}
	for _, r := range res {
		if diff := diffReport(wantReport(t, r.Path), r.Report); diff != "" {
			t.Fatalf("%s: (-want +got):\n%s", r.Path, diff)
		}
	}
}

func TestShard(t *testing.T) {
	var paths []string
	for i := range 1000 {
		paths = append(paths, fmt.Sprintf("corpus/%d/report-%d.pdf", i%7, i))
	}
	const n = 4
	seen := map[string]int{}
	for k := 1; k <= n; k++ {
		s, err := batch.ParseShard(fmt.Sprintf("%d/%d", k, n))
		if err != nil {
			t.Fatal(err)
		}
		c := 0
		for _, p := range paths {
			if s.Has(p) {
				seen[p]++
				c++
			}
		}
		if c < 150 || c > 350 {
			t.Errorf("shard %v holds %d of %d inputs", s, c, len(paths))
		}
	}
	for _, p := range paths {
		if seen[p] != 1 {
			t.Fatalf("%s is in %d shards", p, seen[p])
		}
	}
	s, _ := batch.ParseShard("2/3")
	if s.Has("a/b.pdf") != s.Has("./a//b.pdf") {
		t.Error("a path written two ways lands in two shards")
	}
	for _, bad := range []string{"", "3", "0/2", "3/2", "1/0", "a/b", "-1/2"} {
		if _, err := batch.ParseShard(bad); !errors.Is(err, batch.ErrShard) {
			t.Errorf("ParseShard(%q) = %v, want ErrShard", bad, err)
		}
	}
	if !(batch.Shard{}).Has("x") || (batch.Shard{}).Name() != "" || s.Name() != "shard-2-of-3" {
		t.Error("zero shard or Name wrong")
	}
}

func TestSummaryWrite(t *testing.T) {
	paths := files(t, "ok", "ok", "unreadable")
	_, sum, err := collect(t, context.Background(), paths, batch.Options{Jobs: 1, Extract: batchtest.Extract(nil)})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := sum.Write(&b); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"3 files", "read        2", "unreadable  1 (other 1)", "findings"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("summary lacks %q:\n%s", want, b.String())
		}
	}
}

// TestProtocolStatus checks that the cell statuses, which the JSON of a
// report does not carry, survive the trip through a worker.
func TestProtocolStatus(t *testing.T) {
	if testing.Short() {
		t.Skip("starts worker processes")
	}
	paths := files(t, "ok", "ok", "ok")
	res, _, err := collect(t, context.Background(), paths, batch.Options{Jobs: 1, Worker: testWorker(t)})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if diff := diffReport(wantReport(t, r.Path), r.Report); diff != "" {
			t.Fatalf("%s: (-want +got):\n%s", r.Path, diff)
		}
	}
}

// BenchmarkPerFile measures what isolation costs per file: the same tiny
// synthetic files read in-process and through one worker process.
func BenchmarkPerFile(b *testing.B) {
	var specs []string
	for range 200 {
		specs = append(specs, "ok")
	}
	paths := files(b, specs...)
	for _, mode := range []string{"in-process", "worker"} {
		b.Run(mode, func(b *testing.B) {
			opts := batch.Options{Jobs: 1, Extract: batchtest.Extract(nil), RecycleAfter: -1}
			if mode == "worker" {
				opts = batch.Options{Jobs: 1, Worker: testWorker(b), RecycleAfter: -1}
			}
			b.ResetTimer()
			for range b.N {
				if _, _, err := collect(b, context.Background(), paths, opts); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*len(paths)), "µs/file")
		})
	}
}
