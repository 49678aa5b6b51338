package docx

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkRead reads every readable .docx fixture (see fixtureFiles; set
// NIANBAO_DOCX_CORPUS to a directory of .docx files to add a corpus), all
// of them per op; ns/file is the mean time per document.
func BenchmarkRead(b *testing.B) {
	files := fixtureFiles(b)
	type input struct {
		name string
		data []byte
	}
	var in []input
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		// Invalid fixtures fail fast; they would only blur the figure.
		if _, err := Read(bytes.NewReader(data), int64(len(data)), Options{}); err != nil {
			continue
		}
		in = append(in, input{filepath.Base(f), data})
	}
	if len(in) == 0 {
		// No fixtures yet: benchmark a generated report-sized document.
		in = append(in, input{"generated", benchDoc(b)})
	}
	var total int64
	for _, x := range in {
		total += int64(len(x.data))
	}
	b.Run("all", func(b *testing.B) {
		b.SetBytes(total)
		b.ReportAllocs()
		for b.Loop() {
			for _, x := range in {
				if _, err := Read(bytes.NewReader(x.data), int64(len(x.data)), Options{}); err != nil {
					b.Fatalf("%s: %v", x.name, err)
				}
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(in)), "ns/file")
	})
}

// benchDoc builds a document shaped like a report: headings, paragraphs
// and a 28×10 table with merged cells.
func benchDoc(tb testing.TB) []byte {
	var body bytes.Buffer
	for i := range 40 {
		body.WriteString(p("一、总体情况"))
		body.WriteString(p("2021年，我部深入贯彻落实《条例》和上级关于政务公开工作的部署要求，坚持以公开为常态、不公开为例外。", "第", string(rune('0'+i%10)), "段"))
	}
	body.WriteString("<w:tbl>")
	for r := range 28 {
		body.WriteString("<w:tr>")
		switch {
		case r == 0:
			body.WriteString(tc(`<w:gridSpan w:val="3"/><w:vMerge w:val="restart"/>`, "表头"))
			body.WriteString(tc(`<w:gridSpan w:val="7"/>`, "申请人情况"))
		default:
			body.WriteString(tc(`<w:gridSpan w:val="3"/>`, "一、本年新收政府信息公开申请数量"))
			for range 7 {
				body.WriteString(tc("", "12"))
			}
		}
		body.WriteString("</w:tr>")
	}
	body.WriteString("</w:tbl>")
	return testDoc{body: body.String()}.bytes(tb)
}
