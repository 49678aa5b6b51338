package server

import (
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/schema"
)

// TestFileChecker: uploads go through temporary files that are removed,
// and the temporary path never reaches the client.
func TestFileChecker(t *testing.T) {
	tmp := t.TempDir()
	var seen []string
	fc := &FileChecker{Dir: tmp, CheckFile: func(ctx context.Context, path string) (*schema.Report, error) {
		seen = append(seen, path)
		if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("temporary file %s: %v %v", path, fi, err)
		}
		if fi, err := os.Stat(filepath.Dir(path)); err != nil || fi.Mode().Perm() != 0o700 {
			t.Errorf("temporary directory: %v %v", fi, err)
		}
		rep, err := extract.File(ctx, path, extract.Options{})
		if errors.Is(err, extract.ErrUnknownFormat) {
			err = &ReasonError{Reason: "format", Err: err}
		}
		return rep, err
	}}
	h := New(Options{Checker: fc}).Handler()

	rec := postFile(t, h, "../../etc/年报.pdf", readFixture(t, fixturePDF))
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %.300s", rec.Code, rec.Body.Bytes())
	}
	if rep := decodeReport(t, rec.Body.Bytes()); rep.Source.File != "年报.pdf" {
		t.Errorf("source.file = %q", rep.Source.File)
	}

	rec = postFile(t, h, "bad.docx", readFixture(t, filepath.Join(fixtureInvalid, "truncated.docx")))
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", rec.Code)
	}
	if strings.Contains(rec.Body.String(), tmp) || !strings.Contains(rec.Body.String(), "bad.docx") {
		t.Errorf("record shows the temporary path or lacks the name: %s", rec.Body.Bytes())
	}
	if got := rec.Header().Get(ReasonHeader); got != "damaged" {
		t.Errorf("reason %q", got)
	}

	rec = postFile(t, h, "x.doc", oleFile())
	if got := rec.Header().Get(ReasonHeader); rec.Code != http.StatusUnprocessableEntity || got != "doc" {
		t.Errorf("OLE through FileChecker: %d, reason %q", rec.Code, got)
	}

	if len(seen) != 3 {
		t.Fatalf("CheckFile called %d times", len(seen))
	}
	for _, p := range seen {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("temporary file %s not removed", p)
		}
	}
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Errorf("left in the temporary directory: %v", left)
	}
}
