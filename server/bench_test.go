package server

import (
	"net/http"
	"path/filepath"
	"testing"
)

// BenchmarkCheck measures one POST /api/v1/check through the handler,
// multipart decoding, sniffing, extraction and JSON included: in-process,
// and isolated in a worker process (a temporary file, the request and the
// record over a pipe, the cell statuses re-applied).
func BenchmarkCheck(b *testing.B) {
	for _, mode := range []string{"in-process", "isolated"} {
		var opts Options
		if mode == "isolated" {
			opts = Options{Workers: 1, Checker: newIsolated(b, 1, DefaultTimeout, 0)}
		}
		h := New(opts).Handler()
		for _, name := range []string{"docx/street-2025-zero.docx", "docx/countydept-2021-other2019.docx", "pdf/provdept-2024-cells.pdf"} {
			b.Run(mode+"/"+filepath.Base(name), func(b *testing.B) {
				data := readFixture(b, filepath.Join("..", "testdata", name))
				b.SetBytes(int64(len(data)))
				b.ReportAllocs()
				for b.Loop() {
					if rec := postFile(b, h, filepath.Base(name), data); rec.Code != http.StatusOK {
						b.Fatalf("status %d", rec.Code)
					}
				}
			})
		}
		b.Run(mode+"/tiny.docx", func(b *testing.B) {
			data := tinyDOCX(b)
			b.ReportAllocs()
			for b.Loop() {
				if rec := postFile(b, h, "tiny.docx", data); rec.Code != http.StatusOK {
					b.Fatalf("status %d: %s", rec.Code, rec.Body.Bytes())
				}
			}
		})
	}
}
