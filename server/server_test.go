package server

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/schema"
)

// Fixtures of the repository, made by its own generator.
const (
	fixtureDOCX    = "../testdata/docx/provdept-2024-cells.docx"
	fixturePDF     = "../testdata/pdf/provdept-2024-cells.pdf"
	fixtureTotals  = "../testdata/docx/citydept-2024-totals.docx"
	fixtureInvalid = "../testdata/invalid"
)

func readFixture(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("fixture: %v (run the fixture generator)", err)
	}
	return b
}

// multipartBody builds a multipart/form-data body with the file in field
// name and the extra fields.
func multipartBody(t testing.TB, field, filename string, data []byte, extra map[string]string) (io.Reader, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, v := range extra {
		if err := mw.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	if field != "" {
		fw, err := mw.CreateFormFile(field, filename)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(data)
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return &b, mw.FormDataContentType()
}

func postFile(t testing.TB, h http.Handler, name string, data []byte) *httptest.ResponseRecorder {
	t.Helper()
	body, ct := multipartBody(t, "file", name, data, nil)
	req := httptest.NewRequest(http.MethodPost, "/api/v1/check", body)
	req.Header.Set("Content-Type", ct)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func postRaw(t testing.TB, h http.Handler, target string, data []byte) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, target, bytes.NewReader(data))
	req.Header.Set("Content-Type", "application/octet-stream")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

type errorBody struct {
	Error struct {
		Code       string `json:"code"`
		Message    string `json:"message"`
		LimitBytes int64  `json:"limit_bytes"`
		RetryAfter int    `json:"retry_after"`
	} `json:"error"`
}

func decodeError(t testing.TB, body []byte) errorBody {
	t.Helper()
	var e errorBody
	if err := json.Unmarshal(body, &e); err != nil {
		t.Fatalf("error body is not JSON: %v\n%s", err, body)
	}
	if e.Error.Code == "" || e.Error.Message == "" {
		t.Fatalf("error body lacks code or message: %s", body)
	}
	return e
}

func decodeReport(t testing.TB, body []byte) *schema.Report {
	t.Helper()
	var rep schema.Report
	if err := json.Unmarshal(body, &rep); err != nil {
		t.Fatalf("record is not JSON: %v\n%.300s", err, body)
	}
	return &rep
}

var (
	schemaOnce sync.Once
	compiled   *jsonschema.Schema
	schemaErr  error
)

// validate checks body against the JSON Schema the server publishes.
func validate(t testing.TB, body []byte) {
	t.Helper()
	schemaOnce.Do(func() {
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schema.JSONSchema()))
		if err != nil {
			schemaErr = err
			return
		}
		c := jsonschema.NewCompiler()
		if err := c.AddResource("schema.json", doc); err != nil {
			schemaErr = err
			return
		}
		compiled, schemaErr = c.Compile("schema.json")
	})
	if schemaErr != nil {
		t.Fatal(schemaErr)
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if err := compiled.Validate(v); err != nil {
		t.Fatalf("record does not match the JSON Schema: %v", err)
	}
}

func TestCheckOK(t *testing.T) {
	h := New(Options{}).Handler()
	docx := readFixture(t, fixtureDOCX)
	pdf := readFixture(t, fixturePDF)
	tests := []struct {
		name     string
		do       func() *httptest.ResponseRecorder
		file     string
		format   string
		wantPage bool
	}{
		{"multipart docx", func() *httptest.ResponseRecorder { return postFile(t, h, "年报.docx", docx) }, "年报.docx", "docx", false},
		{"multipart pdf", func() *httptest.ResponseRecorder { return postFile(t, h, "a/b/年报.pdf", pdf) }, "年报.pdf", "pdf", true},
		{"raw pdf with name", func() *httptest.ResponseRecorder { return postRaw(t, h, "/api/v1/check?name=report.pdf", pdf) }, "report.pdf", "pdf", true},
		{"raw docx named by Content-Disposition", func() *httptest.ResponseRecorder {
			req := httptest.NewRequest(http.MethodPost, "/api/v1/check", bytes.NewReader(docx))
			req.Header.Set("Content-Disposition", `attachment; filename="..\..\x.docx"`)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			return rec
		}, "x.docx", "docx", false},
		{"pdf named .docx (content decides)", func() *httptest.ResponseRecorder { return postFile(t, h, "fake.docx", pdf) }, "fake.docx", "pdf", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := tt.do()
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d, want 200: %s", rec.Code, rec.Body.Bytes())
			}
			if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("Content-Type %q", ct)
			}
			validate(t, rec.Body.Bytes())
			rep := decodeReport(t, rec.Body.Bytes())
			if rep.Source.File != tt.file || rep.Source.Format != tt.format {
				t.Errorf("source = %q %q, want %q %q", rep.Source.File, rep.Source.Format, tt.file, tt.format)
			}
			if len(rep.Provenance) == 0 {
				t.Fatal("record has no provenance; the server always includes it")
			}
			p, ok := rep.Provenance["requests.denied_three_safety.social_welfare"]
			if !ok || p.Text != "见附表" {
				t.Errorf("provenance of the invalid cell = %+v, want text 见附表", p)
			}
			if tt.wantPage != (p.Page > 0) {
				t.Errorf("provenance page = %d, want a page: %v", p.Page, tt.wantPage)
			}
			if rep.Errors() == 0 {
				t.Error("fixture with invalid cells has no error findings")
			}
		})
	}
}

// oleFile is the start of an OLE compound file (a Word 97-2003 .doc).
func oleFile() []byte {
	b := make([]byte, 4096)
	copy(b, oleMagic)
	return b
}

func zipOf(t testing.TB, files map[string]string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for name, body := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, body)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestCheckBadRequest(t *testing.T) {
	h := New(Options{}).Handler()
	png := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 64)...)
	tests := []struct {
		name     string
		req      func() *http.Request
		wantCode string
		wantMsg  string
	}{
		{"empty raw body", func() *http.Request {
			return httptest.NewRequest(http.MethodPost, "/api/v1/check", nil)
		}, "empty", "空的"},
		{"empty multipart file", func() *http.Request {
			body, ct := multipartBody(t, "file", "a.pdf", nil, nil)
			r := httptest.NewRequest(http.MethodPost, "/api/v1/check", body)
			r.Header.Set("Content-Type", ct)
			return r
		}, "empty", "空的"},
		{"multipart without file field", func() *http.Request {
			body, ct := multipartBody(t, "", "", nil, map[string]string{"note": "x"})
			r := httptest.NewRequest(http.MethodPost, "/api/v1/check", body)
			r.Header.Set("Content-Type", ct)
			return r
		}, "no_file", "没有文件"},
		{"multipart in another field", func() *http.Request {
			body, ct := multipartBody(t, "upload", "a.pdf", readFixture(t, fixturePDF), nil)
			r := httptest.NewRequest(http.MethodPost, "/api/v1/check", body)
			r.Header.Set("Content-Type", ct)
			return r
		}, "no_file", "file 字段"},
		{"multipart without boundary", func() *http.Request {
			r := httptest.NewRequest(http.MethodPost, "/api/v1/check", strings.NewReader("x"))
			r.Header.Set("Content-Type", "multipart/form-data")
			return r
		}, "bad_form", "boundary"},
		{"broken multipart", func() *http.Request {
			r := httptest.NewRequest(http.MethodPost, "/api/v1/check", strings.NewReader("--b\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nabc"))
			r.Header.Set("Content-Type", "multipart/form-data; boundary=b")
			return r
		}, "bad_body", "读取上传内容失败"},
		{"plain text", func() *http.Request {
			return httptest.NewRequest(http.MethodPost, "/api/v1/check?name=a.pdf", strings.NewReader("这是一份报告，但只是文本。"))
		}, "not_report", "纯文本"},
		{"image", func() *http.Request {
			return httptest.NewRequest(http.MethodPost, "/api/v1/check", bytes.NewReader(png))
		}, "not_report", "图片"},
		{"html", func() *http.Request {
			return httptest.NewRequest(http.MethodPost, "/api/v1/check", strings.NewReader("<!DOCTYPE html><html><body>年报</body></html>"))
		}, "not_report", "网页"},
		{"xlsx", func() *http.Request {
			return httptest.NewRequest(http.MethodPost, "/api/v1/check", bytes.NewReader(zipOf(t, map[string]string{"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})))
		}, "not_report", "Excel"},
		{"plain zip", func() *http.Request {
			return httptest.NewRequest(http.MethodPost, "/api/v1/check", bytes.NewReader(zipOf(t, map[string]string{"a.txt": "hello"})))
		}, "not_report", "zip 压缩包"},
		{"fixture not-a-zip.docx", func() *http.Request {
			return httptest.NewRequest(http.MethodPost, "/api/v1/check", bytes.NewReader(readFixture(t, filepath.Join(fixtureInvalid, "not-a-zip.docx"))))
		}, "not_report", "不是年度报告文件"},
		{"fixture not-a-pdf.pdf", func() *http.Request {
			return httptest.NewRequest(http.MethodPost, "/api/v1/check", bytes.NewReader(readFixture(t, filepath.Join(fixtureInvalid, "not-a-pdf.pdf"))))
		}, "not_report", "不是年度报告文件"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, tt.req())
			if rec.Code != http.StatusBadRequest {
				t.Fatalf("status %d, want 400: %s", rec.Code, rec.Body.Bytes())
			}
			e := decodeError(t, rec.Body.Bytes())
			if e.Error.Code != tt.wantCode || !strings.Contains(e.Error.Message, tt.wantMsg) {
				t.Errorf("error = %s %q, want %s containing %q", e.Error.Code, e.Error.Message, tt.wantCode, tt.wantMsg)
			}
		})
	}
}

func TestCheckUnreadable(t *testing.T) {
	h := New(Options{}).Handler()
	tests := []struct {
		name   string
		data   func() []byte
		want   string // in the unreadable finding's message
		reason string // the ReasonHeader
	}{
		{"zip bomb", func() []byte { return readFixture(t, filepath.Join(fixtureInvalid, "zip-bomb.docx")) }, "MaxPartBytes", "limit"},
		{"truncated docx", func() []byte { return readFixture(t, filepath.Join(fixtureInvalid, "truncated.docx")) }, "damaged", "damaged"},
		{"corrupt deflate", func() []byte { return readFixture(t, filepath.Join(fixtureInvalid, "corrupt-deflate.docx")) }, "damaged", "damaged"},
		{"corrupt central directory", func() []byte { return readFixture(t, filepath.Join(fixtureInvalid, "corrupt-central-directory.docx")) }, "damaged", "damaged"},
		{"word package without main part", func() []byte { return readFixture(t, filepath.Join(fixtureInvalid, "no-document-xml.docx")) }, "word/document.xml", "damaged"},
		{"encrypted docx", func() []byte { return readFixture(t, filepath.Join(fixtureInvalid, "encrypted.docx")) }, "encrypted", "encrypted"},
		{"encrypted pdf", func() []byte { return readFixture(t, filepath.Join(fixtureInvalid, "encrypted.pdf")) }, "encrypted", "encrypted"},
		{"scanned pdf", func() []byte { return readFixture(t, filepath.Join(fixtureInvalid, "image-only.pdf")) }, "no text layer", "no_text"},
		{"truncated pdf", func() []byte { return readFixture(t, filepath.Join(fixtureInvalid, "truncated.pdf")) }, "damaged", "damaged"},
		{"ole .doc", oleFile, ".doc", "doc"},
		{"pdf header only", func() []byte { return []byte("%PDF-1.7\n%garbage\n") }, "pdf", "damaged"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := postFile(t, h, "x", tt.data())
			if rec.Code != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422: %.400s", rec.Code, rec.Body.Bytes())
			}
			validate(t, rec.Body.Bytes())
			rep := decodeReport(t, rec.Body.Bytes())
			u := rep.Unreadable()
			if u == nil {
				t.Fatalf("422 without an unreadable finding: %s", rec.Body.Bytes())
			}
			if !strings.HasPrefix(u.Message, "无法读取文件") || !strings.Contains(u.Message, tt.want) {
				t.Errorf("message %q, want it to contain %q", u.Message, tt.want)
			}
			if got := rec.Header().Get(ReasonHeader); got != tt.reason {
				t.Errorf("%s = %q, want %q", ReasonHeader, got, tt.reason)
			}
			if rep.Source.SHA256 == "" || rep.Source.Bytes == 0 {
				t.Errorf("source not filled: %+v", rep.Source)
			}
		})
	}
}

func TestCheckTooLarge(t *testing.T) {
	const limit = 1 << 20
	h := New(Options{MaxUploadBytes: limit}).Handler()
	big := make([]byte, limit+1)
	copy(big, "%PDF-1.7\n")
	exact := make([]byte, limit)
	copy(exact, "%PDF-1.7\n")

	t.Run("raw", func(t *testing.T) {
		rec := postRaw(t, h, "/api/v1/check", big)
		checkTooLarge(t, rec.Code, rec.Body.Bytes(), limit)
	})
	t.Run("multipart", func(t *testing.T) {
		rec := postFile(t, h, "big.pdf", big)
		checkTooLarge(t, rec.Code, rec.Body.Bytes(), limit)
	})
	t.Run("declared length", func(t *testing.T) {
		req := httptest.NewRequest(http.MethodPost, "/api/v1/check", strings.NewReader("%PDF-"))
		req.ContentLength = 10 * limit // rejected before reading
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		checkTooLarge(t, rec.Code, rec.Body.Bytes(), limit)
	})
	t.Run("chunked, no length", func(t *testing.T) {
		req := httptest.NewRequest(http.MethodPost, "/api/v1/check", io.MultiReader(bytes.NewReader(big), strings.NewReader("more")))
		req.ContentLength = -1
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		checkTooLarge(t, rec.Code, rec.Body.Bytes(), limit)
	})
	t.Run("multipart file over limit within form slack", func(t *testing.T) {
		// The body limit allows form overhead; the file itself is still
		// held to the limit.
		rec := postFile(t, h, "a.pdf", append(exact, 'x'))
		checkTooLarge(t, rec.Code, rec.Body.Bytes(), limit)
	})
	t.Run("at the limit is accepted", func(t *testing.T) {
		rec := postFile(t, h, "a.pdf", exact)
		if rec.Code != http.StatusUnprocessableEntity {
			t.Fatalf("status %d, want 422 (read, not a valid PDF): %.300s", rec.Code, rec.Body.Bytes())
		}
	})
}

func checkTooLarge(t *testing.T, code int, body []byte, limit int64) {
	t.Helper()
	if code != http.StatusRequestEntityTooLarge {
		t.Fatalf("status %d, want 413: %.300s", code, body)
	}
	e := decodeError(t, body)
	if e.Error.Code != "too_large" || e.Error.LimitBytes != limit || !strings.Contains(e.Error.Message, "1 MiB") {
		t.Errorf("error = %+v", e.Error)
	}
}

// TestTooLargeOverNetwork sends an oversize body through a real connection:
// the client must get the 413, not a reset, and the server keeps serving.
func TestTooLargeOverNetwork(t *testing.T) {
	const limit = 1 << 20
	ts := httptest.NewServer(New(Options{MaxUploadBytes: limit}).Handler())
	defer ts.Close()
	big := bytes.Repeat([]byte("x"), 8*limit)
	copy(big, "%PDF-1.7\n")
	for _, chunked := range []bool{false, true} {
		var body io.Reader = bytes.NewReader(big)
		if chunked {
			body = io.MultiReader(body) // hides the length
		}
		resp, err := http.Post(ts.URL+"/api/v1/check", "application/pdf", body)
		if err != nil {
			t.Fatalf("chunked=%v: %v", chunked, err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusRequestEntityTooLarge {
			t.Fatalf("chunked=%v: status %d: %s", chunked, resp.StatusCode, b)
		}
	}
	resp, err := http.Get(ts.URL + "/healthz")
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("server stopped serving after 413: %v", err)
	}
	resp.Body.Close()
}

// blockingChecker holds each check until released.
type blockingChecker struct {
	started chan struct{}
	release chan struct{}
}

func newBlocking() *blockingChecker {
	return &blockingChecker{started: make(chan struct{}, 16), release: make(chan struct{})}
}

func (b *blockingChecker) Check(ctx context.Context, name string, data []byte) (*schema.Report, error) {
	b.started <- struct{}{}
	<-b.release
	return &schema.Report{Schema: schema.Version, Source: schema.Source{File: name}, Sections: []schema.Section{}, Findings: []schema.Finding{}}, nil
}

func TestBusy(t *testing.T) {
	pdf := readFixture(t, fixturePDF)
	t.Run("no queue", func(t *testing.T) {
		bc := newBlocking()
		s := New(Options{Workers: 1, Queue: -1, Checker: bc})
		h := s.Handler()
		first := make(chan *httptest.ResponseRecorder)
		go func() { first <- postFile(t, h, "a.pdf", pdf) }()
		<-bc.started
		rec := postFile(t, h, "b.pdf", pdf)
		checkBusy(t, rec)
		close(bc.release)
		if r := <-first; r.Code != http.StatusOK {
			t.Fatalf("first request: %d", r.Code)
		}
		if rec := postFile(t, h, "c.pdf", pdf); rec.Code != http.StatusOK {
			t.Fatalf("after the worker freed: %d", rec.Code)
		}
	})
	t.Run("bounded wait", func(t *testing.T) {
		bc := newBlocking()
		s := New(Options{Workers: 1, Queue: 1, QueueWait: 50 * time.Millisecond, Checker: bc})
		h := s.Handler()
		first := make(chan *httptest.ResponseRecorder)
		go func() { first <- postFile(t, h, "a.pdf", pdf) }()
		<-bc.started
		start := time.Now()
		rec := postFile(t, h, "b.pdf", pdf) // waits 50 ms in the line, then 503
		if d := time.Since(start); d < 40*time.Millisecond {
			t.Errorf("503 after %v; want a wait of about 50ms", d)
		}
		checkBusy(t, rec)
		close(bc.release)
		<-first
	})
	t.Run("line full", func(t *testing.T) {
		bc := newBlocking()
		s := New(Options{Workers: 1, Queue: 1, QueueWait: time.Minute, Checker: bc})
		h := s.Handler()
		var wg sync.WaitGroup
		codes := make(chan int, 2)
		for i := 0; i < 2; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				codes <- postFile(t, h, "a.pdf", pdf).Code
			}()
		}
		<-bc.started
		// One runs, one waits: the third is turned away at once.
		deadline := time.Now().Add(5 * time.Second)
		for {
			if _, admitted := s.pool.busy(); admitted == 2 || time.Now().After(deadline) {
				break
			}
			time.Sleep(time.Millisecond)
		}
		start := time.Now()
		rec := postFile(t, h, "c.pdf", pdf)
		checkBusy(t, rec)
		if d := time.Since(start); d > time.Second {
			t.Errorf("a full line should answer 503 at once, took %v", d)
		}
		close(bc.release)
		wg.Wait()
		close(codes)
		for c := range codes {
			if c != http.StatusOK {
				t.Errorf("queued request: %d", c)
			}
		}
	})
}

func checkBusy(t *testing.T, rec *httptest.ResponseRecorder) {
	t.Helper()
	if rec.Code != http.StatusServiceUnavailable {
		t.Fatalf("status %d, want 503: %s", rec.Code, rec.Body.Bytes())
	}
	ra, err := strconv.Atoi(rec.Header().Get("Retry-After"))
	if err != nil || ra < 1 || ra > 60 {
		t.Errorf("Retry-After = %q", rec.Header().Get("Retry-After"))
	}
	e := decodeError(t, rec.Body.Bytes())
	if e.Error.Code != "busy" || e.Error.RetryAfter != ra || !strings.Contains(e.Error.Message, "秒后重试") {
		t.Errorf("error = %+v", e.Error)
	}
}

// TestDeadline: a checker that ignores its deadline gets a 422 timeout
// record, and its worker slot stays taken until it returns.
func TestDeadline(t *testing.T) {
	bc := newBlocking()
	s := New(Options{Workers: 1, Queue: -1, Timeout: 30 * time.Millisecond, Checker: bc})
	s.grace = 10 * time.Millisecond
	h := s.Handler()
	pdf := readFixture(t, fixturePDF)
	rec := postFile(t, h, "slow.pdf", pdf)
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422: %s", rec.Code, rec.Body.Bytes())
	}
	validate(t, rec.Body.Bytes())
	rep := decodeReport(t, rec.Body.Bytes())
	if u := rep.Unreadable(); u == nil || !strings.Contains(u.Message, "处理时限") {
		t.Fatalf("want a time-limit finding: %s", rec.Body.Bytes())
	}
	if got := rec.Header().Get(ReasonHeader); got != "timeout" {
		t.Errorf("%s = %q, want timeout", ReasonHeader, got)
	}
	if rep.Source.Format != "pdf" || rep.Source.File != "slow.pdf" {
		t.Errorf("source = %+v", rep.Source)
	}
	if running, _ := s.pool.busy(); running != 1 {
		t.Fatalf("running = %d, want the overrunning check to hold its slot", running)
	}
	checkBusy(t, postFile(t, h, "next.pdf", pdf))
	close(bc.release)
	deadline := time.Now().Add(5 * time.Second)
	for running, _ := s.pool.busy(); running != 0; running, _ = s.pool.busy() {
		if time.Now().After(deadline) {
			t.Fatal("worker slot not released")
		}
		time.Sleep(time.Millisecond)
	}
}

// TestDeadlineInProcess: the real extractor's own deadline gives the 422.
func TestDeadlineInProcess(t *testing.T) {
	s := New(Options{Timeout: time.Nanosecond})
	rec := postFile(t, s.Handler(), "a.pdf", readFixture(t, fixturePDF))
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422: %.300s", rec.Code, rec.Body.Bytes())
	}
	if u := decodeReport(t, rec.Body.Bytes()).Unreadable(); u == nil {
		t.Fatal("no unreadable finding")
	}
}

func TestInternalError(t *testing.T) {
	pdf := readFixture(t, fixturePDF)
	tests := []struct {
		name string
		c    Checker
	}{
		{"panic", CheckerFunc(func(context.Context, string, []byte) (*schema.Report, error) { panic("boom") })},
		{"reader panic", CheckerFunc(func(_ context.Context, name string, _ []byte) (*schema.Report, error) {
			return &schema.Report{Findings: []schema.Finding{{Code: schema.CodeUnreadable}}}, fmt.Errorf("%s: %w", name, extract.ErrPanic)
		})},
		{"no record", CheckerFunc(func(context.Context, string, []byte) (*schema.Report, error) { return nil, errors.New("x") })},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs bytes.Buffer
			s := New(Options{Checker: tt.c, Logger: slogTo(&logs)})
			rec := postFile(t, s.Handler(), "a.pdf", pdf)
			if rec.Code != http.StatusInternalServerError {
				t.Fatalf("status %d, want 500", rec.Code)
			}
			if e := decodeError(t, rec.Body.Bytes()); e.Error.Code != "internal" {
				t.Errorf("code %q", e.Error.Code)
			}
			if !strings.Contains(logs.String(), "level=ERROR") {
				t.Errorf("bug not logged: %s", logs.String())
			}
			if running, _ := s.pool.busy(); running != 0 {
				t.Errorf("worker slot leaked after %s", tt.name)
			}
		})
	}
}

func TestRoutes(t *testing.T) {
	h := New(Options{}).Handler()
	tests := []struct {
		method, path string
		status       int
		ctype        string
		contains     string
	}{
		{"GET", "/", 200, "text/html", `<script src="/assets/app.js" defer></script>`},
		{"GET", "/index.html", 200, "text/html", "合规检查"},
		{"GET", "/assets/app.js", 200, "text/javascript", "api/v1/check"},
		{"GET", "/assets/app.css", 200, "text/css", ".flag.sev-error"},
		{"GET", "/healthz", 200, "application/json", `"status":"ok"`},
		{"GET", "/api/v1/schema", 200, "application/schema+json", schema.JSONSchemaID},
		{"GET", "/api/v1/templates", 200, "application/json", "申请人情况"},
		{"HEAD", "/api/v1/schema", 200, "application/schema+json", ""},
		{"GET", "/api/v1/check", 405, "application/json", "POST"},
		{"PUT", "/api/v1/check", 405, "application/json", "method_not_allowed"},
		{"POST", "/api/v1/schema", 405, "application/json", "GET"},
		{"POST", "/", 405, "application/json", "method_not_allowed"},
		{"GET", "/api/v1/nothing", 404, "application/json", "not_found"},
		{"GET", "/nothing", 404, "text/plain", "页面不存在"},
		{"GET", "/assets/../server.go", 404, "", ""},
		{"GET", "/assets/", 404, "text/plain", "页面不存在"},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(tt.method, tt.path, nil))
			if rec.Code != tt.status && !(tt.status == 404 && (rec.Code == 301 || rec.Code == 307)) {
				t.Fatalf("status %d, want %d: %.200s", rec.Code, tt.status, rec.Body.Bytes())
			}
			if ct := rec.Header().Get("Content-Type"); tt.ctype != "" && !strings.HasPrefix(ct, tt.ctype) {
				t.Errorf("Content-Type %q, want %q", ct, tt.ctype)
			}
			if !strings.Contains(rec.Body.String(), tt.contains) {
				t.Errorf("body lacks %q: %.200s", tt.contains, rec.Body.Bytes())
			}
			hd := rec.Header()
			if hd.Get("X-Content-Type-Options") != "nosniff" || hd.Get("X-Frame-Options") != "DENY" ||
				!strings.Contains(hd.Get("Content-Security-Policy"), "default-src 'self'") ||
				strings.Contains(hd.Get("Content-Security-Policy"), "unsafe-inline") {
				t.Errorf("security headers missing: %v", hd)
			}
			if rec.Code == 405 && hd.Get("Allow") == "" {
				t.Error("405 without Allow")
			}
		})
	}
}

func TestSchemaEndpoint(t *testing.T) {
	rec := httptest.NewRecorder()
	New(Options{}).Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/schema", nil))
	if !bytes.Equal(rec.Body.Bytes(), schema.JSONSchema()) {
		t.Error("GET /api/v1/schema differs from schema.JSONSchema()")
	}
}

// TestTemplatesEndpoint: the page's template data follows package schema.
func TestTemplatesEndpoint(t *testing.T) {
	var doc templatesDoc
	if err := json.Unmarshal(templatesJSON(), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Tables) != len(schema.TableDefs) {
		t.Fatalf("%d tables", len(doc.Tables))
	}
	for i, td := range schema.TableDefs {
		got := doc.Tables[i]
		if got.Key != td.Key || got.Title != td.Title || len(got.Rows) != len(td.Rows) || got.Section == "" {
			t.Errorf("table %s: %+v", td.Key, got)
		}
		for j, rd := range td.Rows {
			r := got.Rows[j]
			for _, tpl := range rd.Templates {
				want := td.Columns(tpl, rd.Key)
				if len(r.Columns[tpl]) != len(want) {
					t.Errorf("%s.%s template %s: %d columns, want %d", td.Key, rd.Key, tpl, len(r.Columns[tpl]), len(want))
				}
			}
		}
	}
	for _, c := range schema.Codes {
		found := false
		for _, d := range doc.Codes {
			if d.Code == string(c) && d.Label != "" && d.Severity == string(c.Severity()) {
				found = true
			}
		}
		if !found {
			t.Errorf("code %s has no label", c)
		}
	}
	for _, r := range schema.Rules {
		if _, ok := doc.Rules[r]; !ok {
			t.Errorf("rule %s not described for the page", r)
		}
	}
}

func TestCleanName(t *testing.T) {
	long := strings.Repeat("年", 100) + ".pdf"
	tests := []struct{ in, want string }{
		{"report.pdf", "report.pdf"},
		{"../../etc/passwd", "passwd"},
		{`C:\Users\x\年报.docx`, "年报.docx"},
		{"/abs/path/", defaultName},
		{"", defaultName},
		{"..", defaultName},
		{"a\x00b\r\nc.pdf", "abc.pdf"},
		{"bad\xffutf8.pdf", "badutf8.pdf"},
		{"rtl\u202egpj.pdf", "rtlgpj.pdf"},
		{"  spaced.pdf  ", "spaced.pdf"},
		{long, strings.Repeat("年", maxNameBytes/3)},
	}
	for _, tt := range tests {
		if got := cleanName(tt.in); got != tt.want {
			t.Errorf("cleanName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestGracefulShutdown: cancelling Serve's context lets the running check
// finish and answer, then Serve returns nil.
func TestGracefulShutdown(t *testing.T) {
	bc := newBlocking()
	s := New(Options{Workers: 1, Checker: bc})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- s.Serve(ctx, ln) }()
	url := "http://" + ln.Addr().String()

	result := make(chan int, 1)
	go func() {
		body, ct := multipartBody(t, "file", "a.pdf", readFixture(t, fixturePDF), nil)
		resp, err := http.Post(url+"/api/v1/check", ct, body)
		if err != nil {
			result <- -1
			return
		}
		resp.Body.Close()
		result <- resp.StatusCode
	}()
	<-bc.started
	cancel()
	time.Sleep(50 * time.Millisecond)
	select {
	case err := <-served:
		t.Fatalf("Serve returned %v while a request was running", err)
	default:
	}
	close(bc.release)
	if code := <-result; code != http.StatusOK {
		t.Fatalf("in-flight request got %d, want 200", code)
	}
	select {
	case err := <-served:
		if err != nil {
			t.Fatalf("Serve: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not return after shutdown")
	}
	if _, err := http.Get(url + "/healthz"); err == nil {
		t.Error("server still accepts connections after shutdown")
	}
}

func TestAccessLog(t *testing.T) {
	var logs bytes.Buffer
	h := New(Options{Logger: slogTo(&logs)}).Handler()
	postFile(t, h, "log.pdf", readFixture(t, fixturePDF))
	postRaw(t, h, "/api/v1/check", []byte("not a report"))
	out := logs.String()
	for _, want := range []string{
		"msg=request method=POST path=/api/v1/check status=200", "file=log.pdf", "format=pdf", "sha256=", "errors=2",
		"status=400", "error=not_report",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("access log lacks %q:\n%s", want, out)
		}
	}
}

// lockedWriter makes a log buffer safe for concurrent writers.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func slogTo(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(&lockedWriter{w: w}, nil))
}

// TestBadUploadsKeepServing sends the bad uploads of the issue over a real
// connection, one after another, then a good one: each gets its documented
// status and message and the server keeps serving.
func TestBadUploadsKeepServing(t *testing.T) {
	const limit = 2 << 20
	ts := httptest.NewServer(New(Options{MaxUploadBytes: limit}).Handler())
	defer ts.Close()
	oversize := make([]byte, limit+1)
	copy(oversize, "%PDF-1.7\n")
	tests := []struct {
		name   string
		data   []byte
		status int
		want   string // in the error message, or in the unreadable finding
	}{
		{"oversize", oversize, 413, "文件太大：上限为 2 MiB"},
		{"empty", nil, 400, "上传的文件是空的"},
		{"not a report", []byte("just some text, not a report"), 400, "这不是年度报告文件"},
		{"zip bomb", readFixture(t, filepath.Join(fixtureInvalid, "zip-bomb.docx")), 422, "无法读取文件"},
		{"corrupted", readFixture(t, filepath.Join(fixtureInvalid, "corrupt-deflate.docx")), 422, "damaged"},
		{"good", readFixture(t, fixturePDF), 200, ""},
	}
	for _, tt := range tests {
		body, ct := multipartBody(t, "file", tt.name+".bin", tt.data, nil)
		resp, err := http.Post(ts.URL+"/api/v1/check", ct, body)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tt.status {
			t.Fatalf("%s: status %d, want %d: %.300s", tt.name, resp.StatusCode, tt.status, b)
		}
		var msg string
		switch tt.status {
		case 200:
			continue
		case 422:
			msg = decodeReport(t, b).Unreadable().Message
		default:
			msg = decodeError(t, b).Error.Message
		}
		if !strings.Contains(msg, tt.want) {
			t.Errorf("%s: message %q, want %q", tt.name, msg, tt.want)
		}
		t.Logf("%-12s %d %s", tt.name, resp.StatusCode, msg)
	}
}
