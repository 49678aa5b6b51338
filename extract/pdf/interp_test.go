package pdf

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/nianbao/nianbao/extract/geom"
	"github.com/nianbao/nianbao/extract/layout"
)

func near(a, b float64) bool { return math.Abs(a-b) < 0.01 }

func TestTextPositions(t *testing.T) {
	td := &testDoc{pages: []string{
		// Simple font: 500-unit glyphs at 10 pt advance 5 pt; Tc adds 1,
		// Tw 2 after a space; a TJ adjustment of -1000 moves 10 pt right.
		"BT /F1 10 Tf 100 700 Td (AB) Tj 1 Tc 2 Tw ( C) Tj ET\n" +
			"0 Tc 0 Tw BT /F1 10 Tf 0 0 Td 100 600 Td [(A) -1000 (B)] TJ ET\n" +
			// CID font: 1000-unit glyphs at 12 pt, CID 5 is 500 units.
			"BT /F2 12 Tf 100 500 Td <000100020005> Tj 0 -20 TD <0003> Tj T* <0004> Tj ET\n" +
			// Horizontal scaling 50 % and a text matrix.
			"BT /F1 10 Tf 50 Tz 1 0 0 1 100 400 Tm (AB) Tj ET",
	}}
	gs := pagesOf(t, td.build(), Options{})[0].Glyphs
	want := []struct {
		text string
		x, y float64
	}{
		{"A", 100, 700}, {"B", 105, 700}, {" ", 110, 700}, {"C", 118, 700},
		{"A", 100, 600}, {"B", 115, 600},
		{"一", 100, 500}, {"二", 112, 500}, {"A", 124, 500}, {"三", 100, 480}, {"四", 100, 460},
		{"A", 100, 400}, {"B", 102.5, 400},
	}
	if len(gs) != len(want) {
		t.Fatalf("got %d glyphs %q, want %d", len(gs), text(gs), len(want))
	}
	for i, w := range want {
		g := gs[i]
		base := g.Y0 + 0.12*g.Size
		if g.Text != w.text || !near(g.X0, w.x) || !near(base, w.y) {
			t.Errorf("glyph %d: got %q at (%.2f, %.2f), want %q at (%.2f, %.2f)", i, g.Text, g.X0, base, w.text, w.x, w.y)
		}
	}
	if g := gs[8]; !near(g.X1-g.X0, 6) {
		t.Errorf("CID 5 width: got %.2f, want 6 (500 units at 12 pt)", g.X1-g.X0)
	}
}

func TestVerticalFont(t *testing.T) {
	td := &testDoc{pages: []string{"BT /F3 10 Tf 300 700 Td <000100020003> Tj ET"}}
	gs := pagesOf(t, td.build(), Options{})[0].Glyphs
	if text(gs) != "一二三" {
		t.Fatalf("got %q", text(gs))
	}
	for i, g := range gs {
		if !g.Vertical {
			t.Errorf("glyph %d not vertical", i)
		}
		// Glyphs advance downward by 10 pt, centred on x = 300.
		if !near((g.X0+g.X1)/2, 300) || !near(g.Y1, 700-10*float64(i)) {
			t.Errorf("glyph %d box %.1f %.1f %.1f %.1f", i, g.X0, g.Y0, g.X1, g.Y1)
		}
	}
}

func TestFormXObjectAndActualText(t *testing.T) {
	b := newBuilder()
	// The form draws "AB" at its origin; /Matrix moves it to (200, 300).
	form := b.stream("/Type /XObject /Subtype /Form /BBox [0 0 100 100] /Matrix [1 0 0 1 200 300]",
		[]byte("BT /F1 10 Tf 0 0 Td (AB) Tj ET"))
	td := &testDoc{b: b, resExtra: fmt.Sprintf("/XObject << /X1 %d 0 R >>", form), pages: []string{
		"q 1 0 0 1 10 20 cm /X1 Do Q\n" +
			"/Span << /ActualText <FEFF957F> >> BDC BT /F1 10 Tf 50 50 Td (xy) Tj ET EMC",
	}}
	gs := pagesOf(t, td.build(), Options{})[0].Glyphs
	if text(gs) != "AB长" {
		t.Fatalf("got %q, want AB长", text(gs))
	}
	if !near(gs[0].X0, 210) || !near(gs[0].Y0+1.2, 320) {
		t.Errorf("form glyph at %.2f %.2f, want 210 320", gs[0].X0, gs[0].Y0+1.2)
	}
	if g := gs[2]; !near(g.X0, 50) || !near(g.X1, 60) {
		t.Errorf("ActualText box %.2f-%.2f, want 50-60", g.X0, g.X1)
	}
}

func TestRulings(t *testing.T) {
	td := &testDoc{pages: []string{
		"0.5 w 100 700 m 300 700 l S\n" + // horizontal stroke
			"100 700 m 100 600 l 300 600 l S\n" + // two segments
			"1 1 1 RG 100 500 m 300 500 l S 0 G\n" + // white: invisible
			"q 2 0 0 2 0 0 cm 150 250 0.5 50 re f Q\n" + // thin rect, scaled: x=300.5, y 500..600
			"100 400 200 20 re f\n" + // a thick fill: not a ruling
			"100 300 m 150 350 l S\n" + // diagonal: not a ruling
			"0 0 600 800 re W n", // clip: not painted
	}}
	segs := pagesOf(t, td.build(), Options{})[0].Segments
	want := []geom.Segment{
		{X0: 100, Y0: 700, X1: 300, Y1: 700},
		{X0: 100, Y0: 600, X1: 100, Y1: 700},
		{X0: 100, Y0: 600, X1: 300, Y1: 600},
		{X0: 300.5, Y0: 500, X1: 300.5, Y1: 600},
	}
	if len(segs) != len(want) {
		t.Fatalf("got %d segments %v, want %v", len(segs), segs, want)
	}
	for i := range want {
		if segs[i] != want[i] {
			t.Errorf("segment %d: got %v, want %v", i, segs[i], want[i])
		}
	}
}

// TestRotate checks that pages are laid out in the orientation their text
// reads in, whatever their /Rotate: upright text on a page shown turned
// stays as it is; text set sideways or upside down is turned upright.
func TestRotate(t *testing.T) {
	for _, tc := range []struct {
		name    string
		rotate  int
		content string
		w, h    float64 // the page as laid out
		x0, y0  float64 // the first glyph's box corner
	}{
		{"upright, shown turned", 90, "BT /F1 10 Tf 100 700 Td (AB) Tj ET", 600, 800, 100, 698.8},
		{"upright, shown upside down", 180, "BT /F1 10 Tf 100 700 Td (AB) Tj ET", 600, 800, 100, 698.8},
		// Text running up the page from (100, 100): turned 90° clockwise.
		{"running up", 0, "q 0 1 -1 0 0 0 cm BT /F1 10 Tf 100 -100 Td (AB) Tj ET Q", 800, 600, 100, 498.8},
		{"running up, shown turned back", 270, "q 0 1 -1 0 0 0 cm BT /F1 10 Tf 100 -100 Td (AB) Tj ET Q", 800, 600, 100, 498.8},
		{"running down", 0, "q 0 -1 1 0 0 800 cm BT /F1 10 Tf 100 100 Td (AB) Tj ET Q", 800, 600, 100, 98.8},
		{"upside down", 0, "q -1 0 0 -1 600 800 cm BT /F1 10 Tf 100 100 Td (AB) Tj ET Q", 600, 800, 100, 98.8},
		// A diagonal watermark, more glyphs than the text, has no say.
		{"under a watermark", 0, "q 0.5 0.866 -0.866 0.5 300 100 cm BT /F1 40 Tf 0 0 Td (WWWWWWWW) Tj ET Q BT /F1 10 Tf 100 700 Td (AB) Tj ET", 600, 800, 100, 698.8},
	} {
		t.Run(tc.name, func(t *testing.T) {
			td := &testDoc{rotate: tc.rotate, pages: []string{tc.content}}
			p := pagesOf(t, td.build(), Options{})[0]
			if p.Width != tc.w || p.Height != tc.h {
				t.Fatalf("page laid out %vx%v, want %vx%v", p.Width, p.Height, tc.w, tc.h)
			}
			var ab []geom.Glyph
			for _, g := range p.Glyphs {
				if g.Text == "A" || g.Text == "B" {
					ab = append(ab, g)
				}
			}
			if len(ab) != 2 {
				t.Fatalf("%d glyphs A and B, want 2", len(ab))
			}
			a, b := ab[0], ab[1]
			if a.Vertical || b.Vertical || !(a.X1 <= b.X0+0.01) || !near(a.Y0, b.Y0) {
				t.Errorf("glyphs %+v %+v do not read left to right", a, b)
			}
			if !near(a.X0, tc.x0) || !near(a.Y0, tc.y0) {
				t.Errorf("first glyph at %.1f %.1f, want %.1f %.1f", a.X0, a.Y0, tc.x0, tc.y0)
			}
		})
	}
}

func TestInlineImageAndBrokenContent(t *testing.T) {
	td := &testDoc{pages: []string{
		"BT /F1 10 Tf 100 700 Td (A) Tj ET\n" +
			"BI /W 4 /H 1 /BPC 8 /CS /G ID \x29\x3c\x28\x00 EI\n" +
			"Q Q Q\n" + // unbalanced
			"BT /F1 10 Tf 100 600 Td (B) Tj ET\n" +
			"BI /W 10 /H 10 /F /AHx ID 0a<b)(c> EI\n" +
			"BT /F1 10 Tf 100 500 Td (C) Tj ET\n" +
			"BT /F1 10 Tf 100 400 Td <44> Tj <45",
	}}
	gs := pagesOf(t, td.build(), Options{})[0].Glyphs
	if text(gs) != "ABCD" {
		t.Errorf("got %q, want ABCD", text(gs))
	}
}

func TestReadErrors(t *testing.T) {
	good := (&testDoc{pages: []string{"BT /F1 10 Tf 100 700 Td (Hello) Tj ET"}}).build()

	imageOnly := func() []byte {
		b := newBuilder()
		img := b.stream("/Type /XObject /Subtype /Image /Width 1 /Height 1 /BitsPerComponent 8 /ColorSpace /DeviceGray", []byte{0})
		return (&testDoc{b: b, resExtra: fmt.Sprintf("/XObject << /Im1 %d 0 R >>", img), pages: []string{"q 100 0 0 100 0 0 cm /Im1 Do Q"}}).build()
	}()
	unmapped := func() []byte {
		b := newBuilder()
		cid := b.add("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /X /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> >>")
		f := b.add(fmt.Sprintf("<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H /DescendantFonts [%d 0 R] >>", cid))
		return (&testDoc{b: b, resExtra: fmt.Sprintf("/Font << /FX %d 0 R >>", f), pages: []string{"BT /FX 10 Tf 100 700 Td <00010002000300040005> Tj ET"}}).build()
	}()
	recursive := func() []byte {
		b := newBuilder()
		n := b.reserve()
		b.set(n, fmt.Sprintf("<< /Type /XObject /Subtype /Form /BBox [0 0 1 1] /Resources << /XObject << /X %d 0 R >> >> /Length 5 >>\nstream\n/X Do\nendstream", n))
		return (&testDoc{b: b, resExtra: fmt.Sprintf("/XObject << /X %d 0 R >>", n), pages: []string{"/X Do"}}).build()
	}()
	scanWithFooter := func() []byte {
		b := newBuilder()
		img := b.stream("/Type /XObject /Subtype /Image /Width 1 /Height 1 /BitsPerComponent 8 /ColorSpace /DeviceGray", []byte{0})
		page := "q 500 0 0 700 0 0 cm /Im1 Do Q BT /F1 9 Tf 280 30 Td (- 1 -) Tj ET"
		return (&testDoc{b: b, resExtra: fmt.Sprintf("/XObject << /Im1 %d 0 R >>", img), pages: []string{page, page}}).build()
	}()
	manyOps := (&testDoc{pages: []string{strings.Repeat("q Q ", 1000)}}).build()
	pdf20 := bytes.Replace(good, []byte("%PDF-1.7"), []byte("%PDF-2.0"), 1)
	junk := append(append([]byte(nil), good...), bytes.Repeat([]byte("junk\x00"), 100)...)
	lead := append([]byte("garbage before the header\n"), good...)

	tests := []struct {
		name string
		data []byte
		opts Options
		want error
	}{
		{"good", good, Options{}, nil},
		{"PDF 2.0 header", pdf20, Options{}, nil},
		{"junk after EOF", junk, Options{}, nil},
		{"junk before header", lead, Options{}, nil},
		{"not a PDF", []byte("hello world"), Options{}, ErrNotPDF},
		{"truncated", good[:len(good)/2], Options{}, ErrCorrupt},
		{"image only", imageOnly, Options{}, ErrNoText},
		{"scan with page numbers", scanWithFooter, Options{}, ErrNoText},
		{"unmapped", unmapped, Options{}, ErrNoUnicode},
		{"recursive form", recursive, Options{}, ErrLimit},
		{"ops limit", manyOps, Options{MaxOpsPerPage: 100}, ErrLimit},
		{"glyphs limit", good, Options{MaxGlyphsPerPage: 3}, ErrLimit},
		{"pages limit", good, Options{MaxPages: -1}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Read(context.Background(), bytes.NewReader(tt.data), int64(len(tt.data)), tt.opts)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Read: %v", err)
				}
				if got := doc.Blocks[0].(*layout.Paragraph).Text; got != "Hello" {
					t.Errorf("text %q, want Hello", got)
				}
				return
			}
			if !errors.Is(err, tt.want) {
				t.Fatalf("got error %v, want %v", err, tt.want)
			}
		})
	}
}

func TestLimitErrorNamesLimit(t *testing.T) {
	data := (&testDoc{pages: []string{"BT ET", "BT ET", "BT ET"}}).build()
	_, err := Read(context.Background(), bytes.NewReader(data), int64(len(data)), Options{MaxPages: 2})
	var le *LimitError
	if !errors.As(err, &le) || le.Limit != "MaxPages" || le.Value != 2 {
		t.Fatalf("got %v, want a MaxPages LimitError", err)
	}
}

func TestDeadline(t *testing.T) {
	content := strings.Repeat("BT /F1 10 Tf 100 700 Td (A) Tj ET\n", 20000)
	data := (&testDoc{pages: []string{content}}).build()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Read(ctx, bytes.NewReader(data), int64(len(data)), Options{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
}

// TestWatermark: text set at a slant, and faint text (a light colour or a
// transparent ExtGState) set large, are watermarks and left out; faint
// text of the page's own size (white on a shaded cell) stays.
func TestWatermark(t *testing.T) {
	body := "BT /F1 10 Tf 100 700 Td (Report) Tj ET BT /F1 10 Tf 100 680 Td (Table 12) Tj ET "
	for _, tc := range []struct {
		name, content, want string
	}{
		{"slanted", body + "q 0.3 g BT /F1 60 Tf 0.7 0.7 -0.7 0.7 100 200 Tm (DRAFT) Tj ET Q", "ReportTable12"},
		{"light and large", body + "q 0.85 g BT /F1 60 Tf 100 400 Td (DRAFT) Tj ET Q", "ReportTable12"},
		{"transparent and large", body + "q /GS1 gs 0 g BT /F1 60 Tf 100 400 Td (DRAFT) Tj ET Q", "ReportTable12"},
		{"light at the text's size", body + "q 1 1 1 rg BT /F1 10 Tf 100 660 Td (Head) Tj ET Q", "ReportTable12Head"},
		{"dark and large", body + "BT /F1 30 Tf 100 400 Td (Title) Tj ET", "ReportTable12Title"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			td := &testDoc{pages: []string{tc.content}, resExtra: "/ExtGState << /GS1 << /ca 0.25 /CA 0.25 >> >>"}
			gs := pagesOf(t, td.build(), Options{})[0].Glyphs
			var b strings.Builder
			for _, g := range gs {
				if g.Text != " " {
					b.WriteString(g.Text)
				}
			}
			if b.String() != tc.want {
				t.Errorf("text %q, want %q", b.String(), tc.want)
			}
		})
	}
}
