package pdf

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// seedFiles returns every .pdf under the package's testdata and the
// project's testdata, recursively.
func seedFiles(tb testing.TB) [][]byte {
	var out [][]byte
	for _, root := range []string{"testdata", filepath.Join("..", "..", "testdata")} {
		filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(strings.ToLower(path), ".pdf") {
				return nil
			}
			data, err := os.ReadFile(path)
			if err == nil && len(data) < 4<<20 {
				out = append(out, data)
			}
			return nil
		})
	}
	return out
}

// builtSeeds are small documents made by the test builder that exercise
// the interpreter: text in both kinds of font, vertical text, forms,
// marked content, rulings, inline images.
func builtSeeds() [][]byte {
	table := "0.5 w 100 700 m 300 700 l S 100 680 m 300 680 l S 100 660 m 300 660 l S " +
		"100 660 m 100 700 l S 200 660 m 200 700 l S 300 660 m 300 700 l S " +
		"BT /F2 10 Tf 110 685 Td <00010002> Tj 100 0 Td <0005> Tj 0 -20 Td /F3 10 Tf <0003> Tj ET"
	return [][]byte{
		(&testDoc{pages: []string{"BT /F1 10 Tf 100 700 Td (Hello) Tj [(W) -200 (orld)] TJ ET"}}).build(),
		(&testDoc{pages: []string{table, table}}).build(),
		(&testDoc{rotate: 90, pages: []string{"BI /W 2 /H 2 /BPC 8 /CS /G ID \x00)<\x01 EI BT /F3 12 Tf 300 700 Td <00010002> Tj ET"}}).build(),
		(&testDoc{pages: []string{"/P << /ActualText <FEFF4E2D> >> BDC BT /F1 9 Tf 1 0 0 1 50 50 Tm (x) Tj ET EMC q Q Q 10 10 5 1 re f"}}).build(),
	}
}

func FuzzRead(f *testing.F) {
	for _, s := range seedFiles(f) {
		f.Add(s)
	}
	for _, s := range builtSeeds() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		start := time.Now()
		doc, err := Read(ctx, bytes.NewReader(data), int64(len(data)), Options{})
		if el := time.Since(start); el > 8*time.Second {
			t.Fatalf("Read took %v", el)
		}
		if err != nil {
			_ = err.Error()
			if errors.Is(err, context.DeadlineExceeded) && len(data) < 64<<10 {
				t.Fatalf("Read of %d bytes did not finish in 5 s: %v", len(data), err)
			}
			return
		}
		for _, tb := range doc.Tables() {
			g := tb.Grid()
			for _, row := range g {
				for _, c := range row {
					if c == nil {
						t.Fatalf("table with a hole")
					}
				}
			}
		}
	})
}

func TestSeedsRead(t *testing.T) {
	for i, s := range builtSeeds() {
		if _, err := Read(context.Background(), bytes.NewReader(s), int64(len(s)), Options{}); err != nil {
			t.Errorf("seed %d: %v", i, err)
		}
	}
}
