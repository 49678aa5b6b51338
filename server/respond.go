package server

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"strconv"
	"time"
)

// apiError is the body of every error response that is not a record:
// {"error": {...}}.
type apiError struct {
	Status  int    `json:"-"`
	Code    string `json:"code"`
	Message string `json:"message"`
	// LimitBytes is the upload limit, on 413.
	LimitBytes int64 `json:"limit_bytes,omitempty"`
	// RetryAfter repeats the Retry-After header (seconds), on 503.
	RetryAfter int `json:"retry_after,omitempty"`
}

func (e *apiError) Error() string { return e.Code + ": " + e.Message }

func writeJSON(w http.ResponseWriter, status int, v any) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		// Only our own types are encoded here; this is a bug.
		http.Error(w, `{"error":{"code":"internal","message":"内部错误：无法生成 JSON"}}`, http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Length", strconv.Itoa(b.Len()))
	w.WriteHeader(status)
	w.Write(b.Bytes())
}

func writeAPIError(w http.ResponseWriter, r *http.Request, e *apiError) {
	if e.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(e.RetryAfter))
	}
	if e.Status == http.StatusRequestEntityTooLarge {
		// The rest of the body is not read; the connection cannot be reused.
		w.Header().Set("Connection", "close")
	}
	logAttr(r, slog.String("error", e.Code))
	writeJSON(w, e.Status, struct {
		Error *apiError `json:"error"`
	}{e})
}

func writeError(w http.ResponseWriter, r *http.Request, status int, code, msg string) {
	writeAPIError(w, r, &apiError{Status: status, Code: code, Message: msg})
}

// requestLog collects attributes for a request's access-log line.
type requestLog struct{ attrs []slog.Attr }

type logKey struct{}

// logAttr adds attributes to the access-log line of r.
func logAttr(r *http.Request, attrs ...slog.Attr) {
	if l, ok := r.Context().Value(logKey{}).(*requestLog); ok {
		l.attrs = append(l.attrs, attrs...)
	}
}

// statusWriter records the status and size of a response.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the connection.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// logRequests writes one structured line per request.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rl := &requestLog{}
		r = r.WithContext(context.WithValue(r.Context(), logKey{}, rl))
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		status := sw.status
		if status == 0 {
			status = http.StatusOK
		}
		level := slog.LevelInfo
		if status >= 500 && status != http.StatusServiceUnavailable {
			level = slog.LevelError
		}
		attrs := append([]slog.Attr{
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Int("status", status),
			slog.Int64("bytes", sw.bytes),
			slog.Duration("duration", time.Since(start)),
			slog.String("remote", r.RemoteAddr),
		}, rl.attrs...)
		s.opts.Logger.LogAttrs(r.Context(), level, "request", attrs...)
	})
}
