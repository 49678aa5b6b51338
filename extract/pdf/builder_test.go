package pdf

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/nianbao/nianbao/extract/geom"
)

// pdfBuilder writes small PDF files byte by byte for tests, computing the
// cross-reference table.
type pdfBuilder struct {
	objs    [][]byte // object bodies, numbered from 1
	header  string
	trailer string              // extra trailer entries
	crypt   func([]byte) []byte // encrypts stream data, when set
}

func newBuilder() *pdfBuilder { return &pdfBuilder{header: "%PDF-1.7"} }

// add adds an object and returns its number.
func (b *pdfBuilder) add(body string) int {
	b.objs = append(b.objs, []byte(body))
	return len(b.objs)
}

// reserve adds a placeholder object to be set later.
func (b *pdfBuilder) reserve() int { return b.add("null") }

func (b *pdfBuilder) set(n int, body string) { b.objs[n-1] = []byte(body) }

// stream adds a stream object with the given extra dictionary entries.
func (b *pdfBuilder) stream(dict string, data []byte) int {
	if b.crypt != nil {
		data = b.crypt(data)
	}
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "<< %s /Length %d >>\nstream\n", dict, len(data))
	buf.Write(data)
	buf.WriteString("\nendstream")
	b.objs = append(b.objs, buf.Bytes())
	return len(b.objs)
}

// bytes returns the file with root as the catalog.
func (b *pdfBuilder) bytes(root int) []byte {
	var buf bytes.Buffer
	buf.WriteString(b.header + "\n%\xe2\xe3\xcf\xd3\n")
	offs := make([]int, len(b.objs))
	for i, o := range b.objs {
		offs[i] = buf.Len()
		fmt.Fprintf(&buf, "%d 0 obj\n", i+1)
		buf.Write(o)
		buf.WriteString("\nendobj\n")
	}
	xref := buf.Len()
	fmt.Fprintf(&buf, "xref\n0 %d\n0000000000 65535 f \n", len(b.objs)+1)
	for _, off := range offs {
		fmt.Fprintf(&buf, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&buf, "trailer\n<< /Size %d /Root %d 0 R %s >>\nstartxref\n%d\n%%%%EOF\n", len(b.objs)+1, root, b.trailer, xref)
	return buf.Bytes()
}

// testDoc describes a test document: page contents and shared resources.
type testDoc struct {
	pages    []string // content streams
	resExtra string   // extra entries of the resource dictionary
	rotate   int
	b        *pdfBuilder
}

// Standard test fonts, added by build: /F1 a simple WinAnsi font whose
// glyphs are all 500 units wide, /F2 a Type0 Identity-H font with a
// ToUnicode CMap mapping <0001>-<0004> to 一二三四 (1000 units wide) and
// <0005> to "A" (500 units wide), /F3 the same CID font as Identity-V.
const testToUnicode = `/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CMapName /Test def
1 begincodespacerange
<0000> <FFFF>
endcodespacerange
4 beginbfchar
<0001> <4E00>
<0002> <4E8C>
<0003> <4E09>
<0004> <56DB>
endbfchar
1 beginbfrange
<0005> <0005> <0041>
endbfrange
endcmap
CMapName currentdict /CMap defineresource pop
end
end`

func (td *testDoc) build() []byte {
	b := td.b
	if b == nil {
		b = newBuilder()
	}
	widths := strings.Repeat("500 ", 224)
	f1 := b.add(fmt.Sprintf("<< /Type /Font /Subtype /TrueType /BaseFont /Test /FirstChar 32 /LastChar 255 /Widths [%s] /Encoding /WinAnsiEncoding >>", widths))
	tu := b.stream("", []byte(testToUnicode))
	cid := b.add("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /TestCID /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 /W [5 [500]] >>")
	f2 := b.add(fmt.Sprintf("<< /Type /Font /Subtype /Type0 /BaseFont /TestCID /Encoding /Identity-H /DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>", cid, tu))
	f3 := b.add(fmt.Sprintf("<< /Type /Font /Subtype /Type0 /BaseFont /TestCID /Encoding /Identity-V /DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>", cid, tu))
	res := b.add(fmt.Sprintf("<< /Font << /F1 %d 0 R /F2 %d 0 R /F3 %d 0 R >> %s >>", f1, f2, f3, td.resExtra))
	pagesN := b.reserve()
	var kids []string
	for _, c := range td.pages {
		cs := b.stream("", []byte(c))
		rot := ""
		if td.rotate != 0 {
			rot = fmt.Sprintf("/Rotate %d", td.rotate)
		}
		p := b.add(fmt.Sprintf("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 600 800] /Resources %d 0 R /Contents %d 0 R %s >>", pagesN, res, cs, rot))
		kids = append(kids, fmt.Sprintf("%d 0 R", p))
	}
	b.set(pagesN, fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(kids)))
	root := b.add(fmt.Sprintf("<< /Type /Catalog /Pages %d 0 R >>", pagesN))
	return b.bytes(root)
}

// pagesOf runs Pages on data.
func pagesOf(t *testing.T, data []byte, opts Options) []geom.Page {
	t.Helper()
	pages, _, err := Pages(context.Background(), bytes.NewReader(data), int64(len(data)), opts)
	if err != nil {
		t.Fatalf("Pages: %v", err)
	}
	return pages
}

func text(gs []geom.Glyph) string {
	var b strings.Builder
	for _, g := range gs {
		b.WriteString(g.Text)
	}
	return b.String()
}
