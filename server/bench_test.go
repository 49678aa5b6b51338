package server

import (
	"net/http"
	"path/filepath"
	"testing"
)

// BenchmarkCheck measures one POST /api/v1/check through the handler,
// multipart decoding, sniffing, extraction and JSON included.
func BenchmarkCheck(b *testing.B) {
	for _, name := range []string{"docx/street-2025-zero.docx", "docx/countydept-2021-other2019.docx", "pdf/provdept-2024-cells.pdf"} {
		b.Run(filepath.Base(name), func(b *testing.B) {
			data := readFixture(b, filepath.Join("..", "testdata", name))
			h := New(Options{}).Handler()
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if rec := postFile(b, h, filepath.Base(name), data); rec.Code != http.StatusOK {
					b.Fatalf("status %d", rec.Code)
				}
			}
		})
	}
}

func BenchmarkCheckTiny(b *testing.B) {
	data := tinyDOCX(b)
	h := New(Options{}).Handler()
	b.ReportAllocs()
	for b.Loop() {
		if rec := postFile(b, h, "tiny.docx", data); rec.Code != http.StatusOK {
			b.Fatalf("status %d: %s", rec.Code, rec.Body.Bytes())
		}
	}
}
