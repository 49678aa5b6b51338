package server

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"runtime"
	"strings"
	"sync/atomic"
	"time"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/schema"
)

// Options configures a [Server]. The zero value works: each field left at
// zero takes the default documented on it.
type Options struct {
	// MaxUploadBytes is the largest file accepted. Zero means 50 MiB.
	MaxUploadBytes int64
	// Timeout is the deadline for checking one file. Zero means 60 s.
	Timeout time.Duration
	// Workers is the number of checks that run at once. Zero means the
	// number of CPUs.
	Workers int
	// Queue is the number of requests that may wait for a busy worker.
	// Zero means 2 × Workers; a negative value means none: 503 as soon as
	// every worker is busy.
	Queue int
	// QueueWait is the longest a request waits for a worker before it gets
	// 503. Zero means 10 s.
	QueueWait time.Duration
	// Checker checks one file. Nil means [InProcess] with Timeout and
	// MaxUploadBytes.
	Checker Checker
	// Logger receives the access log and errors. Nil discards them.
	Logger *slog.Logger

	// ReadTimeout bounds reading one request, body included. Zero means
	// 2 min (50 MiB at about 3.5 Mbit/s).
	ReadTimeout time.Duration
	// IdleTimeout bounds an idle keep-alive connection. Zero means 2 min.
	IdleTimeout time.Duration
	// ShutdownTimeout bounds the wait for running requests on shutdown.
	// Zero means Timeout + 15 s.
	ShutdownTimeout time.Duration
}

// Defaults of [Options].
const (
	DefaultMaxUploadBytes = 50 << 20
	DefaultTimeout        = 60 * time.Second
	DefaultQueueWait      = 10 * time.Second
	DefaultReadTimeout    = 2 * time.Minute
	DefaultIdleTimeout    = 2 * time.Minute
)

func (o Options) withDefaults() Options {
	if o.MaxUploadBytes <= 0 {
		o.MaxUploadBytes = DefaultMaxUploadBytes
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.Workers <= 0 {
		o.Workers = max(1, runtime.NumCPU())
	}
	switch {
	case o.Queue == 0:
		o.Queue = 2 * o.Workers
	case o.Queue < 0:
		o.Queue = 0
	}
	if o.QueueWait <= 0 {
		o.QueueWait = DefaultQueueWait
	}
	if o.Checker == nil {
		o.Checker = InProcess{Options: extract.Options{Timeout: o.Timeout, MaxFileBytes: o.MaxUploadBytes}}
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.ReadTimeout <= 0 {
		o.ReadTimeout = DefaultReadTimeout
	}
	if o.IdleTimeout <= 0 {
		o.IdleTimeout = DefaultIdleTimeout
	}
	if o.ShutdownTimeout <= 0 {
		o.ShutdownTimeout = o.Timeout + 15*time.Second
	}
	return o
}

// Server is the HTTP API and page. Create it with [New]; it is safe for
// concurrent use.
type Server struct {
	opts      Options
	pool      *pool
	handler   http.Handler
	templates []byte       // GET /api/v1/templates, built once
	schema    []byte       // GET /api/v1/schema
	avgCheck  atomic.Int64 // moving average of a check's duration, ns
	started   time.Time
	grace     time.Duration // wait past the deadline for the checker's own record
}

//go:embed web
var webFS embed.FS

// New returns a server with opts.
func New(opts Options) *Server {
	opts = opts.withDefaults()
	s := &Server{
		opts:      opts,
		pool:      newPool(opts.Workers, opts.Queue, opts.QueueWait),
		templates: templatesJSON(),
		schema:    schema.JSONSchema(),
		started:   time.Now(),
		grace:     checkGrace,
	}
	if d, ok := opts.Checker.(deadliner); ok && d.Deadline() > 0 {
		s.grace = max(checkGrace, d.Deadline()-opts.Timeout+time.Second)
	}
	s.avgCheck.Store(int64(time.Second))
	web, err := fs.Sub(webFS, "web")
	if err != nil {
		panic(err) // the embedded tree is part of the binary
	}
	index, err := fs.ReadFile(web, "index.html")
	if err != nil {
		panic(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/api/v1/check", s.handleCheck)
	mux.HandleFunc("/api/v1/schema", s.static("application/schema+json", s.schema))
	mux.HandleFunc("/api/v1/templates", s.static("application/json", s.templates))
	mux.HandleFunc("/healthz", s.handleHealth)
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, r, http.StatusNotFound, "not_found", "没有这个接口："+r.URL.Path)
	})
	assets := http.FileServerFS(web)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			methodNotAllowed(w, r, "GET, HEAD")
			return
		}
		switch {
		case r.URL.Path == "/" || r.URL.Path == "/index.html":
			w.Header().Set("Cache-Control", "no-cache")
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			http.ServeContent(w, r, "index.html", s.started, bytes.NewReader(index))
		case strings.HasPrefix(r.URL.Path, "/assets/") && !strings.HasSuffix(r.URL.Path, "/"):
			w.Header().Set("Cache-Control", "no-cache")
			assets.ServeHTTP(w, r)
		default:
			http.Error(w, "404 页面不存在", http.StatusNotFound)
		}
	})
	s.handler = s.logRequests(secure(mux))
	return s
}

// Handler returns the server's handler: routes, security headers and the
// access log.
func (s *Server) Handler() http.Handler { return s.handler }

// Options returns the options in force, defaults filled in.
func (s *Server) Options() Options { return s.opts }

// HTTPServer returns an http.Server for the handler with the read, write
// and idle timeouts of s.
func (s *Server) HTTPServer() *http.Server {
	o := s.opts
	return &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       o.ReadTimeout,
		// The write deadline runs from the end of the request headers: it
		// must cover reading the body, waiting for a worker and the check.
		WriteTimeout:   o.ReadTimeout + o.QueueWait + o.Timeout + 15*time.Second,
		IdleTimeout:    o.IdleTimeout,
		MaxHeaderBytes: 64 << 10,
		ErrorLog:       slog.NewLogLogger(o.Logger.Handler(), slog.LevelWarn),
	}
}

// Serve answers requests on ln until ctx ends, then shuts down gracefully:
// it stops accepting connections, lets running requests finish (at most
// ShutdownTimeout) and returns nil. It returns an error if serving fails or
// the shutdown runs out of time.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	hs := s.HTTPServer()
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.opts.Logger.Info("shutting down", "wait", s.opts.ShutdownTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), s.opts.ShutdownTimeout)
	defer cancel()
	err := hs.Shutdown(sctx)
	if serr := <-errc; serr != nil && !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	if err != nil {
		hs.Close()
		return fmt.Errorf("server: shutdown: %w", err)
	}
	return nil
}

// contentSecurityPolicy allows the page's own script, style and data:
// images only, and no framing.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// secure sets the security headers on every response.
func secure(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

func (s *Server) static(contentType string, body []byte) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			methodNotAllowed(w, r, "GET, HEAD")
			return
		}
		w.Header().Set("Content-Type", contentType)
		w.Header().Set("Cache-Control", "no-cache")
		w.Header().Set("Content-Length", fmt.Sprint(len(body)))
		if r.Method == http.MethodHead {
			return
		}
		w.Write(body)
	}
}

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		methodNotAllowed(w, r, "GET, HEAD")
		return
	}
	running, admitted := s.pool.busy()
	writeJSON(w, http.StatusOK, map[string]any{
		"status":           "ok",
		"schema":           schema.Version,
		"workers":          s.opts.Workers,
		"running":          running,
		"waiting":          max(0, admitted-running),
		"queue":            s.opts.Queue,
		"max_upload_bytes": s.opts.MaxUploadBytes,
		"uptime":           time.Since(s.started).Round(time.Second).String(),
	})
}

func methodNotAllowed(w http.ResponseWriter, r *http.Request, allow string) {
	w.Header().Set("Allow", allow)
	writeError(w, r, http.StatusMethodNotAllowed, "method_not_allowed",
		fmt.Sprintf("不支持 %s 请求，请使用 %s", r.Method, allow))
}

// retryAfter is the Retry-After a 503 gives: the moving average of a check,
// rounded up to whole seconds, between 1 and 60.
func (s *Server) retryAfter() int {
	d := time.Duration(s.avgCheck.Load())
	sec := int((d + time.Second - 1) / time.Second)
	return min(max(sec, 1), 60)
}

// observe feeds a check's duration into the moving average (weight 1/8).
func (s *Server) observe(d time.Duration) {
	for {
		old := s.avgCheck.Load()
		nw := old + (int64(d)-old)/8
		if s.avgCheck.CompareAndSwap(old, nw) {
			return
		}
	}
}
