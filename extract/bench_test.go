package extract

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkFile runs the whole pipeline (read, locate, map, check) on
// every fixture, by format. Compare runs with benchstat.
func BenchmarkFile(b *testing.B) {
	files := fixtures(b)
	for _, ext := range []string{".docx", ".pdf"} {
		var set [][]byte
		var names []string
		var size int64
		for _, f := range files {
			if !strings.HasSuffix(f, ext) || filepath.Base(f) == "long"+ext {
				continue
			}
			data, err := os.ReadFile(f)
			if err != nil {
				b.Fatal(err)
			}
			set = append(set, data)
			names = append(names, f)
			size += int64(len(data))
		}
		b.Run(strings.TrimPrefix(ext, "."), func(b *testing.B) {
			b.SetBytes(size / int64(len(set)))
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				k := i % len(set)
				if _, err := Bytes(context.Background(), names[k], set[k], Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	// The 80+-page report: per-document time over many pages.
	for _, f := range files {
		if base := filepath.Base(f); base != "long.pdf" && base != "long.docx" {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(filepath.Base(f), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := Bytes(context.Background(), f, data, Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
