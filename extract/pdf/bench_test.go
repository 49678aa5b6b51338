package pdf

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
)

// BenchmarkRead reads every PDF under testdata (the package's and the
// project's) that reads without error.
func BenchmarkRead(b *testing.B) {
	files := seedFiles(b)
	var ok [][]byte
	pages := 0
	for _, data := range files {
		doc, err := Read(context.Background(), bytes.NewReader(data), int64(len(data)), Options{})
		if err == nil {
			ok = append(ok, data)
			pages += doc.Pages
		}
	}
	if len(ok) == 0 {
		b.Skip("no readable PDFs under testdata")
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, data := range ok {
			if _, err := Read(context.Background(), bytes.NewReader(data), int64(len(data)), Options{}); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N*pages), "ms/page")
}

// BenchmarkLongDocument reads a 100-page document made by the test
// builder: text in a CID font and a simple font and a ruled table on every
// page.
func BenchmarkLongDocument(b *testing.B) {
	var page strings.Builder
	page.WriteString("BT /F2 12 Tf 72 760 Td 14 TL\n")
	for l := 0; l < 30; l++ {
		page.WriteString("<0001000200030004000100020003000400010002000300040001000200030004> Tj T*\n")
	}
	page.WriteString("ET\n0.5 w\n")
	for r := 0; r <= 10; r++ {
		fmt.Fprintf(&page, "72 %d m 520 %d l S\n", 300-20*r, 300-20*r)
	}
	for c := 0; c <= 4; c++ {
		fmt.Fprintf(&page, "%d 100 m %d 300 l S\n", 72+112*c, 72+112*c)
	}
	for r := 0; r < 10; r++ {
		for c := 0; c < 4; c++ {
			fmt.Fprintf(&page, "BT /F1 10 Tf %d %d Td (%d) Tj ET\n", 80+112*c, 285-20*r, r*c)
		}
	}
	pages := make([]string, 100)
	for i := range pages {
		pages[i] = page.String()
	}
	data := (&testDoc{pages: pages}).build()
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Read(context.Background(), bytes.NewReader(data), int64(len(data)), Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N*len(pages)), "ms/page")
}
