package cli

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nianbao/nianbao/batch/batchtest"
	"github.com/nianbao/nianbao/server"
)

// TestServeIsolated runs nianbao serve as shipped — worker processes by
// default — with test workers that act out batchtest's faults: a hanging
// and a crashing upload get 422 with their reason, and the server goes on
// serving good ones; Ctrl-C (the context) stops it cleanly.
func TestServeIsolated(t *testing.T) {
	if testing.Short() {
		t.Skip("starts worker processes")
	}
	good, err := os.ReadFile("../../testdata/pdf/provdept-2024-cells.pdf")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var logs lockedBuffer
	addr := make(chan string, 1)
	opts := &serveOptions{
		IO:   &IOStreams{In: strings.NewReader(""), Out: io.Discard, ErrOut: &logs},
		Addr: "127.0.0.1:0", MaxUploadMB: 10, Timeout: time.Second, Workers: 2, QueueWait: time.Second,
		Memory: 512 << 20, ready: func(a string) { addr <- a },
	}
	done := make(chan error, 1)
	go func() { done <- serveRun(ctx, opts) }()
	var url string
	select {
	case a := <-addr:
		url = "http://" + a + "/api/v1/check"
	case err := <-done:
		t.Fatalf("serve ended: %v\n%s", err, logs.String())
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not start")
	}
	pdf := func(kind string) []byte {
		return append([]byte("%PDF-1.7\n% "), batchtest.Content(kind)...)
	}
	for _, tt := range []struct {
		name   string
		data   []byte
		status int
		reason string
	}{
		{"good.pdf", good, 200, ""},
		{"hang.pdf", pdf(batchtest.KindHang), 422, "timeout"},
		{"crash.pdf", pdf(batchtest.KindCrash), 422, "crash"},
		{"good.pdf", good, 200, ""},
	} {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		fw, _ := mw.CreateFormFile("file", tt.name)
		fw.Write(tt.data)
		mw.Close()
		resp, err := http.Post(url, mw.FormDataContentType(), &body)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tt.status || resp.Header.Get(server.ReasonHeader) != tt.reason {
			t.Errorf("%s: %d %q, want %d %q: %.300s", tt.name, resp.StatusCode, resp.Header.Get(server.ReasonHeader), tt.status, tt.reason, b)
		}
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop")
	}
	if !strings.Contains(logs.String(), `isolation="worker processes"`) {
		t.Errorf("log lacks the isolation:\n%s", logs.String())
	}
}

// lockedBuffer is a buffer written from several goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
