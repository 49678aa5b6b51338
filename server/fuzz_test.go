package server

import (
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// FuzzCheck posts arbitrary bytes, raw or as a multipart file: the answer
// is always one of the documented statuses with its documented body, and
// never a panic or a hang.
func FuzzCheck(f *testing.F) {
	for _, dir := range []string{fixtureInvalid, "../testdata/docx"} {
		entries, _ := os.ReadDir(dir)
		for i, e := range entries {
			if dir != fixtureInvalid && i >= 3 {
				break
			}
			if b, err := os.ReadFile(filepath.Join(dir, e.Name())); err == nil {
				f.Add(b, i%2 == 0)
			}
		}
	}
	f.Add(tinyDOCX(f), true)
	f.Add([]byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"), false)
	f.Add(oleFile(), false)
	f.Add([]byte{}, true)

	s := New(Options{Timeout: 10 * time.Second, MaxUploadBytes: 2 << 20})
	h := s.Handler()
	f.Fuzz(func(t *testing.T, data []byte, asForm bool) {
		var code int
		var body []byte
		if asForm {
			rec := postFile(t, h, "fuzz.bin", data)
			code, body = rec.Code, rec.Body.Bytes()
		} else {
			rec := postRaw(t, h, "/api/v1/check", data)
			code, body = rec.Code, rec.Body.Bytes()
		}
		switch code {
		case http.StatusOK, http.StatusUnprocessableEntity:
			rep := decodeReport(t, body)
			if (rep.Unreadable() != nil) != (code == http.StatusUnprocessableEntity) {
				t.Fatalf("status %d with unreadable = %v", code, rep.Unreadable() != nil)
			}
		case http.StatusBadRequest, http.StatusRequestEntityTooLarge:
			decodeError(t, body)
		default:
			t.Fatalf("status %d: %.300s", code, body)
		}
	})
}
