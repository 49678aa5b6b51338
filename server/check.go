package server

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"net/http"
	"runtime/debug"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/schema"
)

// maxFormOverhead is what a multipart body may hold besides the file:
// boundaries, part headers and small fields.
const maxFormOverhead = 64 << 10

// maxNameBytes bounds the cleaned client-supplied file name.
const maxNameBytes = 200

// defaultName is source.file when the client gives no usable name.
const defaultName = "upload"

// checkGrace is how long past the deadline the server waits for the
// checker's own timeout record before writing one itself.
const checkGrace = 2 * time.Second

func (s *Server) handleCheck(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		methodNotAllowed(w, r, "POST")
		return
	}
	if !s.pool.enter() {
		s.writeBusy(w, r)
		return
	}
	defer s.pool.leave()

	up, aerr := s.readUpload(w, r)
	if aerr != nil {
		writeAPIError(w, r, aerr)
		return
	}
	sum := sha256.Sum256(up.data)
	logAttr(r, slog.String("file", up.name), slog.Int("size", len(up.data)), slog.String("sha256", hex.EncodeToString(sum[:8])))
	format, aerr := sniffUpload(up.data)
	if aerr != nil {
		writeAPIError(w, r, aerr)
		return
	}
	logAttr(r, slog.String("format", format))

	if !s.pool.acquire(r.Context()) {
		if r.Context().Err() != nil {
			logAttr(r, slog.String("error", "client_gone"))
			return
		}
		s.writeBusy(w, r)
		return
	}
	res := s.runCheck(r.Context(), up.name, up.data, format)
	switch {
	case res.gone:
		logAttr(r, slog.String("error", "client_gone"))
		return
	case res.panic != nil:
		s.opts.Logger.Error("check panicked (bug)", "file", up.name, "panic", fmt.Sprint(res.panic), "stack", string(res.stack))
		writeError(w, r, http.StatusInternalServerError, "internal",
			"检查此文件时程序出错（这是 nianbao 的缺陷，已记录日志）。请把文件提供给维护者。")
		return
	case res.rep == nil:
		s.opts.Logger.Error("checker returned no record (bug)", "file", up.name, "err", res.err)
		writeError(w, r, http.StatusInternalServerError, "internal", "检查器没有返回结果（这是 nianbao 的缺陷，已记录日志）。")
		return
	case errors.Is(res.err, extract.ErrPanic):
		s.opts.Logger.Error("reader panicked (bug)", "file", up.name, "err", res.err)
		writeError(w, r, http.StatusInternalServerError, "internal",
			"读取此文件时程序出错（这是 nianbao 的缺陷，已记录日志）。请把文件提供给维护者。")
		return
	}
	rep := res.rep
	counts := map[schema.Severity]int{}
	for _, f := range rep.Findings {
		counts[f.Severity]++
	}
	logAttr(r, slog.Int("errors", counts[schema.SeverityError]), slog.Int("warnings", counts[schema.SeverityWarning]),
		slog.Int("info", counts[schema.SeverityInfo]))
	if u := rep.Unreadable(); u != nil {
		reason := unreadableReason(res.err)
		logAttr(r, slog.String("unreadable", u.Message), slog.String("reason", reason))
		if reason != "" {
			w.Header().Set(ReasonHeader, reason)
		}
		writeJSON(w, http.StatusUnprocessableEntity, rep)
		return
	}
	writeJSON(w, http.StatusOK, rep)
}

func (s *Server) writeBusy(w http.ResponseWriter, r *http.Request) {
	ra := s.retryAfter()
	writeAPIError(w, r, &apiError{
		Status: http.StatusServiceUnavailable, Code: "busy", RetryAfter: ra,
		Message: fmt.Sprintf("服务器正忙：所有检查进程都在工作，请 %d 秒后重试。", ra),
	})
}

// upload is a file read from a request.
type upload struct {
	name string
	data []byte
}

func tooLarge(limit int64) *apiError {
	return &apiError{
		Status: http.StatusRequestEntityTooLarge, Code: "too_large", LimitBytes: limit,
		Message: fmt.Sprintf("文件太大：上限为 %s。", formatBytes(limit)),
	}
}

func badRequest(code, msg string) *apiError {
	return &apiError{Status: http.StatusBadRequest, Code: code, Message: msg}
}

var errNoFile = badRequest("no_file", "请求中没有文件：请用 multipart/form-data 的 file 字段上传，或把文件作为请求体发送。")

// readUpload reads the file from a multipart form (field "file") or from
// the raw body, never more than the upload limit.
func (s *Server) readUpload(w http.ResponseWriter, r *http.Request) (*upload, *apiError) {
	limit := s.opts.MaxUploadBytes
	mt, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt == "multipart/form-data" {
		if r.ContentLength > limit+maxFormOverhead {
			return nil, tooLarge(limit)
		}
		if params["boundary"] == "" {
			return nil, badRequest("bad_form", "multipart 请求缺少 boundary 参数。")
		}
		body := http.MaxBytesReader(w, r.Body, limit+maxFormOverhead)
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextPart()
			if errors.Is(err, io.EOF) {
				return nil, errNoFile
			}
			if err != nil {
				return nil, bodyError(err, limit)
			}
			if p.FormName() != "file" {
				// Other fields are ignored; the body limit bounds them.
				if _, err := io.Copy(io.Discard, p); err != nil {
					return nil, bodyError(err, limit)
				}
				continue
			}
			data, err := readLimited(p, limit, r.ContentLength)
			if err != nil {
				return nil, bodyError(err, limit)
			}
			if len(data) == 0 {
				return nil, errEmpty
			}
			return &upload{name: cleanName(p.FileName()), data: data}, nil
		}
	}
	if r.ContentLength > limit {
		return nil, tooLarge(limit)
	}
	name := r.URL.Query().Get("name")
	if name == "" {
		if _, dp, err := mime.ParseMediaType(r.Header.Get("Content-Disposition")); err == nil {
			name = dp["filename"]
		}
	}
	data, err := readLimited(http.MaxBytesReader(w, r.Body, limit+1), limit, r.ContentLength)
	if err != nil {
		return nil, bodyError(err, limit)
	}
	if len(data) == 0 {
		return nil, errEmpty
	}
	return &upload{name: cleanName(name), data: data}, nil
}

var errEmpty = badRequest("empty", "上传的文件是空的（0 字节）。")

// errOverLimit is returned by readLimited for a body over the limit.
var errOverLimit = errors.New("server: upload over the limit")

// readLimited reads r to its end, failing with errOverLimit as soon as
// more than limit bytes arrive. hint (the declared length, or -1) only
// sizes the first buffer.
func readLimited(r io.Reader, limit, hint int64) ([]byte, error) {
	var b bytes.Buffer
	if hint > 0 {
		b.Grow(int(min(hint, limit, 4<<20)))
	}
	n, err := b.ReadFrom(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if n > limit {
		return nil, errOverLimit
	}
	return b.Bytes(), nil
}

// bodyError turns an error reading the request body into a response.
func bodyError(err error, limit int64) *apiError {
	var mbe *http.MaxBytesError
	if errors.Is(err, errOverLimit) || errors.As(err, &mbe) {
		return tooLarge(limit)
	}
	if errors.Is(err, multipart.ErrMessageTooLarge) {
		return badRequest("bad_form", "multipart 请求的头部太大。")
	}
	return badRequest("bad_body", "读取上传内容失败（上传中断或格式错误）："+err.Error())
}

// cleanName makes a client-supplied file name fit to show: its last path
// element, without control characters, at most maxNameBytes bytes. It is
// never used as a path.
func cleanName(s string) string {
	s = strings.ReplaceAll(s, "\\", "/")
	if i := strings.LastIndexByte(s, '/'); i >= 0 {
		s = s[i+1:]
	}
	s = strings.Map(func(r rune) rune {
		if r == utf8.RuneError || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, ""))
	s = strings.TrimSpace(s)
	if len(s) > maxNameBytes {
		cut := maxNameBytes
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut]
	}
	if s == "" || s == "." || s == ".." {
		return defaultName
	}
	return s
}

var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// sniffUpload decides by content whether data is a report file worth
// checking: a PDF, a zip package holding a Word document (or a zip too
// damaged to tell), or an OLE file (.doc, encrypted .docx: the checker
// says why it cannot read them). It returns the format ("docx", "pdf",
// "" for OLE) or a 400 error saying what the content is instead.
func sniffUpload(data []byte) (string, *apiError) {
	if bytes.HasPrefix(data, oleMagic) {
		return "", nil
	}
	f, err := extract.Sniff(data[:min(len(data), 8192)])
	if err != nil {
		return "", notReport(data)
	}
	if f != extract.FormatDOCX {
		return string(f), nil
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return string(f), nil // damaged: let the reader name the damage
	}
	var office string
	for _, zf := range zr.File {
		n := strings.ToLower(strings.TrimLeft(strings.ReplaceAll(zf.Name, "\\", "/"), "/"))
		switch {
		case strings.HasPrefix(n, "word/"):
			// A Word package, perhaps without its main part: the reader
			// says what is wrong with it.
			return string(f), nil
		case strings.HasPrefix(n, "xl/"):
			office = "Excel 表格（.xlsx）"
		case strings.HasPrefix(n, "ppt/"):
			office = "PowerPoint 演示文稿（.pptx）"
		}
	}
	if office == "" {
		office = "zip 压缩包"
	}
	return "", badRequest("not_report", "这不是年度报告文件：内容是"+office+"，不是 Word .docx 文档。请上传 .docx 或 .pdf 格式的年度报告。")
}

// notReport describes content that is neither a PDF, a zip nor an OLE file.
func notReport(data []byte) *apiError {
	kind := http.DetectContentType(data)
	what := ""
	switch {
	case strings.HasPrefix(kind, "image/"):
		what = "内容是图片（" + strings.TrimPrefix(kind, "image/") + "）。扫描件请先转换为带文字层的 PDF。"
	case strings.HasPrefix(kind, "text/html"):
		what = "内容是网页（HTML），暂不支持。"
	case strings.HasPrefix(kind, "text/"):
		what = "内容是纯文本。"
	case kind == "application/x-gzip" || kind == "application/x-rar-compressed" || kind == "application/x-7z-compressed":
		what = "内容是压缩包（" + kind + "），请解压后上传其中的报告文件。"
	default:
		what = "无法识别内容格式。"
	}
	return badRequest("not_report", "这不是年度报告文件："+what+"请上传 .docx 或 .pdf 格式的年度报告（按文件内容识别，与文件名无关）。")
}

// checkResult is the outcome of one check.
type checkResult struct {
	rep   *schema.Report
	err   error
	panic any
	stack []byte
	gone  bool // the client went away first
}

// runCheck runs the checker in a worker slot already acquired, which it
// releases when the checker returns, and waits for the result at most
// Timeout plus a grace period.
func (s *Server) runCheck(parent context.Context, name string, data []byte, format string) checkResult {
	ctx, cancel := context.WithTimeout(parent, s.opts.Timeout)
	done := make(chan checkResult, 1)
	start := time.Now()
	go func() {
		defer cancel()
		res := s.safeCheck(ctx, name, data)
		s.pool.release()
		s.observe(time.Since(start))
		done <- res
	}()
	t := time.NewTimer(s.opts.Timeout + s.grace)
	defer t.Stop()
	select {
	case res := <-done:
		return res
	case <-parent.Done():
		return checkResult{gone: true}
	case <-t.C:
		err := fmt.Errorf("%w (%v)", extract.ErrTimeout, s.opts.Timeout)
		return checkResult{rep: timeoutRecord(name, data, format, s.opts.Timeout), err: err}
	}
}

// safeCheck calls the checker, turning a panic into a result.
func (s *Server) safeCheck(ctx context.Context, name string, data []byte) (res checkResult) {
	defer func() {
		if p := recover(); p != nil {
			res = checkResult{panic: p, stack: debug.Stack()}
		}
	}()
	rep, err := s.opts.Checker.Check(ctx, name, data)
	return checkResult{rep: rep, err: err}
}

// timeoutRecord is the record of a file whose check overran the deadline
// without the checker answering.
func timeoutRecord(name string, data []byte, format string, d time.Duration) *schema.Report {
	sum := sha256.Sum256(data)
	return &schema.Report{
		Schema:   schema.Version,
		Source:   schema.Source{File: name, Format: format, SHA256: hex.EncodeToString(sum[:]), Bytes: int64(len(data))},
		Sections: []schema.Section{},
		Findings: []schema.Finding{{
			Code: schema.CodeUnreadable, Severity: schema.SeverityError,
			Text:    string(extract.ReasonTimeout),
			Message: fmt.Sprintf("无法读取文件（%s）：超过单个文件的处理时限（%v）", extract.ReasonTimeout.Describe(), d),
		}},
	}
}

// formatBytes writes n in binary units (50 MiB).
func formatBytes(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d 字节", n)
}

// ReasonHeader names, on a 422, why the file cannot be read, in a word a
// program can switch on: encrypted, damaged, limit, no_text, no_unicode,
// timeout, doc, format, io, other (the words of extract.Reason), and crash
// and memory from worker isolation ([Isolated]; the words of batch.Cause,
// which are extract's where they overlap). It is absent when the cause is
// not known; the record's unreadable finding always says it in words.
const ReasonHeader = "Nianbao-Unreadable-Reason"

// unreadableReason classifies the error of an unreadable file: the reason
// a checker gave (worker isolation adds crash and memory), else
// extract.ReasonOf.
func unreadableReason(err error) string {
	if r := reasonOf(err); r != "" {
		return r
	}
	return string(extract.ReasonOf(err))
}
