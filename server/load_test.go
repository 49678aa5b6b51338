package server

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// fixtureSmall is a small valid report for the load test.
const fixtureSmall = "../testdata/docx/countydept-2021-other2019.docx"

// artifactsDir is where tests leave files for people to look at:
// $NIANBAO_ARTIFACTS, or testdata/artifacts of this package. It is not
// committed.
func artifactsDir(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("NIANBAO_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join("testdata", "artifacts")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatalf("artifacts: %v", err)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

type loadFigures struct {
	Requests    int         `json:"requests"`
	Concurrency int         `json:"concurrency"`
	Workers     int         `json:"workers"`
	Queue       int         `json:"queue"`
	File        string      `json:"file"`
	FileBytes   int         `json:"file_bytes"`
	Seconds     float64     `json:"seconds"`
	PerSecond   float64     `json:"requests_per_second"`
	P50ms       float64     `json:"p50_ms"`
	P99ms       float64     `json:"p99_ms"`
	MaxMs       float64     `json:"max_ms"`
	Status      map[int]int `json:"status"`
	Failures    int         `json:"failures"` // transport errors and statuses other than 200 and 503
	HeapBefore  uint64      `json:"heap_before_bytes"`
	HeapAfter   uint64      `json:"heap_after_bytes"`
	PeakRSS     int64       `json:"peak_rss_bytes"` // the test process's VmHWM (Linux)
}

// runLoad sends n copies of body from c concurrent clients.
func runLoad(t *testing.T, url, ctype string, body []byte, n, c int) (durations []time.Duration, status map[int]int, failures int, elapsed time.Duration) {
	t.Helper()
	tr := &http.Transport{MaxIdleConnsPerHost: c, MaxConnsPerHost: c}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: time.Minute}
	jobs := make(chan struct{}, n)
	for i := 0; i < n; i++ {
		jobs <- struct{}{}
	}
	close(jobs)
	var mu sync.Mutex
	status = map[int]int{}
	var wg sync.WaitGroup
	start := time.Now()
	for w := 0; w < c; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var local []time.Duration
			for range jobs {
				t0 := time.Now()
				resp, err := client.Post(url, ctype, bytes.NewReader(body))
				if err != nil {
					mu.Lock()
					failures++
					if failures <= 3 {
						t.Errorf("request failed: %v", err)
					}
					mu.Unlock()
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				local = append(local, time.Since(t0))
				mu.Lock()
				status[resp.StatusCode]++
				if resp.StatusCode == http.StatusServiceUnavailable {
					if ra, err := strconv.Atoi(resp.Header.Get("Retry-After")); err != nil || ra < 1 {
						failures++
						t.Errorf("503 without Retry-After")
					}
				} else if resp.StatusCode != http.StatusOK {
					failures++
				}
				mu.Unlock()
			}
			mu.Lock()
			durations = append(durations, local...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	return durations, status, failures, time.Since(start)
}

func percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	i := int(float64(len(ds)-1) * p)
	return ds[i]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// peakRSS reads the process's high-water resident set size (Linux).
func peakRSS() int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}

func heapAfterGC() uint64 {
	runtime.GC()
	debug.FreeOSMemory()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// TestLoad: 2,000 checks of a tiny valid report from 50 concurrent clients
// on loopback, checked in the server process and in worker processes (what
// nianbao serve does by default). Every answer is 200 or 503 (with
// Retry-After), the server keeps serving, and the heap returns to its
// baseline.
func TestLoad(t *testing.T) {
	t.Run("in-process", func(t *testing.T) { testLoad(t, false) })
	t.Run("workers", func(t *testing.T) { testLoad(t, true) })
}

func testLoad(t *testing.T, isolated bool) {
	n, c := 2000, 50
	if testing.Short() {
		n = 300
	}
	// NIANBAO_LOAD_FIXTURE and NIANBAO_LOAD_REQUESTS run the same test
	// against a real report, for figures that include the extractor.
	data, name := tinyDOCX(t), "tiny.docx"
	if p := os.Getenv("NIANBAO_LOAD_FIXTURE"); p != "" {
		data, name = readFixture(t, p), filepath.Base(p)
	}
	if v, err := strconv.Atoi(os.Getenv("NIANBAO_LOAD_REQUESTS")); err == nil && v > 0 {
		n = v
	}
	body, ctype := multipartBody(t, "file", name, data, nil)
	payload, _ := io.ReadAll(body)

	// Every client may wait for a worker: the figures measure checks, not
	// rejections.
	opts := Options{Queue: c}
	mode := "in-process"
	if isolated {
		opts.Workers = max(1, runtime.NumCPU())
		opts.Checker = newIsolated(t, opts.Workers, DefaultTimeout, 0)
		mode = "workers"
	}
	s := New(opts)
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	url := ts.URL + "/api/v1/check"

	// Warm up (lazily loaded dictionaries, connection setup) before the
	// memory baseline.
	if _, st, f, _ := runLoad(t, url, ctype, payload, 20, 4); f > 0 || st[200] != 20 {
		t.Fatalf("warm-up: %v, %d failures", st, f)
	}
	before := heapAfterGC()

	durations, status, failures, elapsed := runLoad(t, url, ctype, payload, n, c)
	sort.Slice(durations, func(i, j int) bool { return durations[i] < durations[j] })
	ts.CloseClientConnections()
	after := heapAfterGC()

	fig := loadFigures{
		Requests: n, Concurrency: c, Workers: s.opts.Workers, Queue: s.opts.Queue, File: name, FileBytes: len(data),
		Seconds: elapsed.Seconds(), PerSecond: float64(n) / elapsed.Seconds(),
		P50ms: ms(percentile(durations, .50)), P99ms: ms(percentile(durations, .99)), MaxMs: ms(percentile(durations, 1)),
		Status: status, Failures: failures, HeapBefore: before, HeapAfter: after, PeakRSS: peakRSS(),
	}
	report, _ := json.MarshalIndent(fig, "", "  ")
	t.Logf("load figures:\n%s", report)
	if dir := artifactsDir(t); dir != "" {
		os.WriteFile(filepath.Join(dir, "load-test-"+mode+".json"), append(report, '\n'), 0o644)
	}

	if failures > 0 {
		t.Errorf("%d failures (statuses %v); want only 200 and 503", failures, status)
	}
	if status[http.StatusOK] == 0 {
		t.Fatal("no request succeeded")
	}
	if running, admitted := s.pool.busy(); running != 0 || admitted != 0 {
		t.Errorf("after the load: %d running, %d admitted; want 0", running, admitted)
	}
	// The heap returns to its baseline: allow 8 MiB for runtime caches.
	const slack = 8 << 20
	if after > before+slack {
		t.Errorf("heap after the load %s, baseline %s: grew by more than %s", mib(after), mib(before), mib(slack))
	}
	resp, err := http.Get(ts.URL + "/healthz")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("server not serving after the load: %v", err)
	}
	resp.Body.Close()
}

// TestLoadBurst: with the default short line, a burst of 50 concurrent
// clients gets 503s with Retry-After, never anything else, and the server
// keeps serving.
func TestLoadBurst(t *testing.T) {
	data := readFixture(t, fixtureSmall)
	body, ctype := multipartBody(t, "file", "small.docx", data, nil)
	payload, _ := io.ReadAll(body)
	s := New(Options{Workers: 1, QueueWait: 20 * time.Millisecond})
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	_, status, failures, _ := runLoad(t, ts.URL+"/api/v1/check", ctype, payload, 300, 50)
	t.Logf("burst of 300 at concurrency 50, 1 worker, queue %d: statuses %v", s.opts.Queue, status)
	if failures > 0 {
		t.Errorf("%d failures (statuses %v)", failures, status)
	}
	if status[http.StatusServiceUnavailable] == 0 || status[http.StatusOK] == 0 {
		t.Errorf("want both 200 and 503 in a burst: %v", status)
	}
	rec := postFile(t, s.Handler(), "after.docx", data)
	if rec.Code != http.StatusOK {
		t.Fatalf("after the burst: %d", rec.Code)
	}
}

func mib(n uint64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }
