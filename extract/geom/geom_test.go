package geom

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/nianbao/nianbao/extract/layout"
)

// run lays out text s from (x, y) (baseline) at size pt, one glyph per
// rune, each a full em wide for CJK and half an em otherwise.
func run(s string, x, y, size float64) []Glyph {
	var out []Glyph
	for _, r := range s {
		w := size
		if r < 0x2E80 {
			w = size / 2
		}
		out = append(out, Glyph{Text: string(r), X0: x, Y0: y - 0.12*size, X1: x + w, Y1: y + 0.88*size, Size: size})
		x += w
	}
	return out
}

// column lays out s top-down from (x, y) (top centre).
func column(s string, x, y, size float64) []Glyph {
	var out []Glyph
	for _, r := range s {
		out = append(out, Glyph{Text: string(r), X0: x - size/2, Y0: y - size, X1: x + size/2, Y1: y, Size: size, Vertical: true})
		y -= size
	}
	return out
}

// grid returns the rulings of a table with column edges xs and row edges
// ys (top to bottom); skip lists inner segments to leave out, as
// "v:col:row" (the vertical line left of col in row) or "h:row:col" (the
// line above row in col).
func grid(xs, ys []float64, skip ...string) []Segment {
	sk := map[string]bool{}
	for _, s := range skip {
		sk[s] = true
	}
	var out []Segment
	for r := 0; r+1 < len(ys); r++ {
		for c := range xs {
			if !sk[key("v", c, r)] {
				out = append(out, Segment{X0: xs[c], Y0: ys[r+1], X1: xs[c], Y1: ys[r]})
			}
		}
	}
	for r := range ys {
		for c := 0; c+1 < len(xs); c++ {
			if !sk[key("h", r, c)] {
				out = append(out, Segment{X0: xs[c], Y0: ys[r], X1: xs[c+1], Y1: ys[r]})
			}
		}
	}
	return out
}

func key(k string, a, b int) string {
	return k + ":" + string(rune('0'+a)) + ":" + string(rune('0'+b))
}

func tables(d *layout.Document) []*layout.Table { return d.Tables() }

func paras(d *layout.Document) []*layout.Paragraph {
	var out []*layout.Paragraph
	for _, b := range d.Blocks {
		if p, ok := b.(*layout.Paragraph); ok {
			out = append(out, p)
		}
	}
	return out
}

func cellTexts(t *layout.Table) string {
	var rows []string
	for _, row := range t.Grid() {
		var cs []string
		for _, c := range row {
			cs = append(cs, c.Text)
		}
		rows = append(rows, strings.Join(cs, "|"))
	}
	return strings.Join(rows, "\n")
}

func TestTableMergedCells(t *testing.T) {
	xs := []float64{100, 200, 300, 400}
	ys := []float64{700, 680, 660, 640}
	// Row 0: a cell spanning columns 1-2; column 0 spanning rows 0-1.
	segs := grid(xs, ys, "v:2:0", "h:1:0")
	var gs []Glyph
	gs = append(gs, run("指标", 110, 675, 10)...)
	gs = append(gs, run("2023年", 210, 685, 10)...)
	gs = append(gs, run("上半年", 210, 665, 10)...)
	gs = append(gs, run("下半年", 310, 665, 10)...)
	gs = append(gs, run("合计", 110, 645, 10)...)
	gs = append(gs, run("12", 210, 645, 10)...)
	gs = append(gs, run("3.5", 310, 645, 10)...)
	doc := Build([]Page{{Number: 1, Width: 600, Height: 800, Glyphs: gs, Segments: segs}}, Options{})
	ts := tables(doc)
	if len(ts) != 1 {
		t.Fatalf("got %d tables", len(ts))
	}
	tb := ts[0]
	want := "指标|2023年|2023年\n指标|上半年|下半年\n合计|12|3.5"
	if got := cellTexts(tb); got != want {
		t.Errorf("grid:\n%s\nwant:\n%s", got, want)
	}
	c := tb.Cells[0]
	if c.RowSpan != 2 || c.ColSpan != 1 || c.Page != 1 || c.BBox == nil || c.BBox.X0 != 100 || c.BBox.Y1 != 700 {
		t.Errorf("cell 0: %+v %+v", c, c.BBox)
	}
	if c := tb.Cells[1]; c.ColSpan != 2 {
		t.Errorf("cell 1 spans %d columns", c.ColSpan)
	}
}

func TestTableAcrossPages(t *testing.T) {
	// The label column is narrow: （二）办理 fills it, and its label
	// wraps on to the next page.
	xs := []float64{100, 165, 400}
	header := func(y float64) []Glyph {
		return append(run("项目", 110, y-15, 10), run("数量", 260, y-15, 10)...)
	}
	// Page 1: header, row 一, and the first part of row （二） broken by
	// the page break (label part only). Page 2: the repeated header, the
	// rest of the broken row, then row （三）.
	p1 := Page{Number: 1, Width: 600, Height: 800, Segments: grid(xs, []float64{120, 100, 80, 60})}
	p1.Glyphs = append(p1.Glyphs, run("正文", 100, 700, 10)...)
	p1.Glyphs = append(p1.Glyphs, header(120)...)
	p1.Glyphs = append(p1.Glyphs, run("一、收到", 110, 85, 10)...)
	p1.Glyphs = append(p1.Glyphs, run("5", 260, 85, 10)...)
	p1.Glyphs = append(p1.Glyphs, run("（二）办理", 110, 65, 10)...)
	p2 := Page{Number: 2, Width: 600, Height: 800, Segments: grid(xs, []float64{750, 730, 710, 690})}
	p2.Glyphs = append(p2.Glyphs, header(750)...)
	p2.Glyphs = append(p2.Glyphs, run("结果", 110, 715, 10)...)
	p2.Glyphs = append(p2.Glyphs, run("7", 260, 715, 10)...)
	p2.Glyphs = append(p2.Glyphs, run("（三）结转", 110, 695, 10)...)
	p2.Glyphs = append(p2.Glyphs, run("0", 260, 695, 10)...)
	doc := Build([]Page{p1, p2}, Options{})
	ts := tables(doc)
	if len(ts) != 1 {
		t.Fatalf("got %d tables, want 1 joined", len(ts))
	}
	tb := ts[0]
	want := "项目|数量\n一、收到|5\n（二）办理结果|7\n（三）结转|0"
	if got := cellTexts(tb); got != want {
		t.Errorf("grid:\n%s\nwant:\n%s", got, want)
	}
	if tb.Page != 1 || tb.LastPage != 2 {
		t.Errorf("pages %d-%d", tb.Page, tb.LastPage)
	}
	if last := tb.Cells[len(tb.Cells)-1]; last.Page != 2 {
		t.Errorf("last cell on page %d", last.Page)
	}
	// With joining off, two tables.
	if n := len(tables(Build([]Page{p1, p2}, Options{NoTableJoin: true}))); n != 2 {
		t.Errorf("NoTableJoin: %d tables", n)
	}
}

// TestShortLabelAcrossPages: a one-row label whose line does not fill its
// cell ended there; the label under it on the next page starts a new row
// even when that row's values fill the blanks above.
func TestShortLabelAcrossPages(t *testing.T) {
	xs := []float64{100, 250, 400}
	p1 := Page{Number: 1, Width: 600, Height: 800, Segments: grid(xs, []float64{120, 100, 80})}
	p1.Glyphs = append(p1.Glyphs, run("正文", 100, 700, 10)...)
	p1.Glyphs = append(p1.Glyphs, append(run("项目", 110, 105, 10), run("数量", 260, 105, 10)...)...)
	p1.Glyphs = append(p1.Glyphs, run("规章", 110, 85, 10)...)
	p2 := Page{Number: 2, Width: 600, Height: 800, Segments: grid(xs, []float64{750, 730})}
	p2.Glyphs = append(p2.Glyphs, run("规范性文件", 110, 735, 10)...)
	p2.Glyphs = append(p2.Glyphs, run("23", 260, 735, 10)...)
	ts := tables(Build([]Page{p1, p2}, Options{}))
	if len(ts) != 1 {
		t.Fatalf("got %d tables, want 1 joined", len(ts))
	}
	if got, want := cellTexts(ts[0]), "项目|数量\n规章|\n规范性文件|23"; got != want {
		t.Errorf("grid:\n%s\nwant:\n%s", got, want)
	}
}

func TestMergedLabelAcrossPages(t *testing.T) {
	xs := []float64{100, 150, 300, 400}
	// Column 0 holds a label spanning all rows, cut by the page break.
	p1 := Page{Number: 1, Width: 600, Height: 800, Segments: grid(xs, []float64{100, 80, 60}, "h:1:0")}
	p1.Glyphs = append(p1.Glyphs, column("三、办理", 125, 98, 4)...)
	p1.Glyphs = append(p1.Glyphs, run("（一）公开", 160, 85, 10)...)
	p1.Glyphs = append(p1.Glyphs, run("1", 310, 85, 10)...)
	p1.Glyphs = append(p1.Glyphs, run("（二）部分", 160, 65, 10)...)
	p1.Glyphs = append(p1.Glyphs, run("2", 310, 65, 10)...)
	p2 := Page{Number: 2, Width: 600, Height: 800, Segments: grid(xs, []float64{750, 730, 710}, "h:1:0")}
	p2.Glyphs = append(p2.Glyphs, column("结果", 125, 745, 4)...)
	p2.Glyphs = append(p2.Glyphs, run("（三）不予", 160, 735, 10)...)
	p2.Glyphs = append(p2.Glyphs, run("3", 310, 735, 10)...)
	p2.Glyphs = append(p2.Glyphs, run("（四）无法", 160, 715, 10)...)
	p2.Glyphs = append(p2.Glyphs, run("4", 310, 715, 10)...)
	doc := Build([]Page{p1, p2}, Options{})
	ts := tables(doc)
	if len(ts) != 1 {
		t.Fatalf("got %d tables", len(ts))
	}
	want := "三、办理结果|（一）公开|1\n三、办理结果|（二）部分|2\n三、办理结果|（三）不予|3\n三、办理结果|（四）无法|4"
	if got := cellTexts(ts[0]); got != want {
		t.Errorf("grid:\n%s\nwant:\n%s", got, want)
	}
}

func TestParagraphs(t *testing.T) {
	var gs []Glyph
	long := strings.Repeat("工作", 19)
	gs = append(gs, run("二〇二三年报告", 230, 750, 20)...)        // centred title
	gs = append(gs, run("一、总体情况", 100, 700, 10)...)         // heading
	gs = append(gs, run(long, 120, 680, 10)...)             // indented first line, full
	gs = append(gs, run("任务。", 100, 665, 10)...)            // wrapped, short
	gs = append(gs, run("Total 12 items", 120, 640, 10)...) // Latin words with spaces
	gs = append(gs, run("- 1 -", 280, 40, 10)...)           // page number
	for i := range gs {
		if gs[i].Text == " " {
			gs[i].Text = " "
		}
	}
	doc := Build([]Page{{Number: 1, Width: 600, Height: 800, Glyphs: stripSpaces(gs)}}, Options{})
	ps := paras(doc)
	var texts []string
	for _, p := range ps {
		texts = append(texts, p.Text)
	}
	want := []string{"二〇二三年报告", "一、总体情况", long + "任务。", "Total 12 items"}
	if strings.Join(texts, "|") != strings.Join(want, "|") {
		t.Fatalf("paragraphs %q, want %q", texts, want)
	}
	if ps[0].Heading != 1 || !ps[0].Centered || ps[0].FontSize != 20 {
		t.Errorf("title: %+v", ps[0])
	}
	if ps[1].Heading != 1 || ps[2].Heading != 0 {
		t.Errorf("headings: %d %d", ps[1].Heading, ps[2].Heading)
	}
	if ps[2].BBox == nil || ps[2].BBox.X0 != 100 || ps[2].Page != 1 {
		t.Errorf("bbox %+v", ps[2].BBox)
	}
}

// stripSpaces drops space glyphs, as producers that position every word
// do: spaces come from gaps.
func stripSpaces(gs []Glyph) []Glyph {
	var out []Glyph
	for _, g := range gs {
		if g.Text != " " {
			out = append(out, g)
		}
	}
	return out
}

func TestRepeatedHeaderDropped(t *testing.T) {
	var pages []Page
	for i := 1; i <= 4; i++ {
		var gs []Glyph
		gs = append(gs, run("某某县人民政府", 100, 780, 9)...)
		gs = append(gs, run("正文内容正文内容正文内容第"+string(rune('0'+i))+"页。", 100, 600, 10)...)
		gs = append(gs, run("第"+string(rune('0'+i))+"页 共4页", 260, 30, 9)...)
		pages = append(pages, Page{Number: i, Width: 600, Height: 800, Glyphs: gs})
	}
	doc := Build(pages, Options{})
	for _, p := range paras(doc) {
		if strings.Contains(p.Text, "人民政府") || strings.Contains(p.Text, "共4页") {
			t.Errorf("furniture kept: %q", p.Text)
		}
	}
	if n := len(paras(doc)); n != 4 {
		t.Errorf("%d paragraphs, want 4", n)
	}
	if n := len(paras(Build(pages, Options{KeepPageFurniture: true}))); n != 12 {
		t.Errorf("KeepPageFurniture: %d paragraphs, want 12", n)
	}
}

func TestFakeBoldAndVertical(t *testing.T) {
	gs := run("加粗", 100, 700, 10)
	dup := run("加粗", 100.3, 700, 10)
	gs = append(gs, dup...)
	gs = append(gs, column("竖排文字", 400, 600, 10)...)
	doc := Build([]Page{{Number: 1, Width: 600, Height: 800, Glyphs: gs}}, Options{})
	ps := paras(doc)
	if len(ps) != 2 || ps[0].Text != "加粗" || !ps[0].Bold || ps[1].Text != "竖排文字" {
		for _, p := range ps {
			t.Logf("%q bold=%v", p.Text, p.Bold)
		}
		t.Fatalf("unexpected paragraphs")
	}
	if utf8.RuneCountInString(ps[1].Text) != 4 {
		t.Errorf("vertical text %q", ps[1].Text)
	}
}

func TestBorderlessTable(t *testing.T) {
	var gs []Glyph
	gs = append(gs, run("下表没有边框线。", 60, 800, 12)...)
	// Header cells set close together (8 pt apart).
	gs = append(gs, run("信息内容", 60, 766, 12)...)
	for i, h := range []string{"本年新制作数量", "本年新公开数量", "对外公开总数量"} {
		gs = append(gs, run(h, 176+92.5*float64(i), 766, 12)...)
	}
	// Rows: a label wrapped over two lines, numbers centred between them.
	for r := 0; r < 4; r++ {
		y := 729 - 55*float64(r)
		gs = append(gs, run("（"+string(rune('1'+r))+"）项目名称第", 60, y, 12)...)
		gs = append(gs, run("项", 60, y-17, 12)...)
		for c := 0; c < 3; c++ {
			gs = append(gs, run(string(rune('1'+r))+string(rune('0'+c)), 176+92.5*float64(c), y-8, 12)...)
		}
	}
	gs = append(gs, run("表后的正文段落。", 60, 480, 12)...)
	doc := Build([]Page{{Number: 1, Width: 595, Height: 842, Glyphs: gs}}, Options{})
	ts := tables(doc)
	if len(ts) != 1 {
		t.Fatalf("got %d tables", len(ts))
	}
	want := "信息内容|本年新制作数量|本年新公开数量|对外公开总数量\n" +
		"（1）项目名称第项|10|11|12\n（2）项目名称第项|20|21|22\n（3）项目名称第项|30|31|32\n（4）项目名称第项|40|41|42"
	if got := cellTexts(ts[0]); got != want {
		t.Errorf("grid:\n%s\nwant:\n%s", got, want)
	}
	if len(doc.Warnings) != 1 {
		t.Errorf("warnings %q", doc.Warnings)
	}
	ps := paras(doc)
	if len(ps) != 2 || ps[1].Text != "表后的正文段落。" {
		t.Errorf("paragraphs %v", ps)
	}
}

func TestProseIsNotATable(t *testing.T) {
	var gs []Glyph
	for i := 0; i < 6; i++ {
		gs = append(gs, run(strings.Repeat("政府信息公开", 6), 80, 700-20*float64(i), 12)...)
	}
	gs = append(gs, run("签发人：张三", 80, 500, 12)...)
	gs = append(gs, run("2024年1月1日", 400, 500, 12)...)
	doc := Build([]Page{{Number: 1, Width: 595, Height: 842, Glyphs: gs}}, Options{})
	if n := len(tables(doc)); n != 0 {
		t.Errorf("%d tables from prose", n)
	}
}

// TestLargePage checks that layout stays fast on a page with very many
// glyphs and rulings (adversarial input from a reader).
func TestLargePage(t *testing.T) {
	var gs []Glyph
	for i := 0; i < 100000; i++ {
		x, y := float64(i%400), float64(i/400)*3
		gs = append(gs, Glyph{Text: "字", X0: x, Y0: y, X1: x + 2, Y1: y + 2, Size: 2})
	}
	var segs []Segment
	for i := 0; i < 1400; i++ {
		f := float64(i) * 3
		segs = append(segs, Segment{X0: 0, Y0: f, X1: 4200, Y1: f}, Segment{X0: f, Y0: 0, X1: f, Y1: 4200})
	}
	// And a table of 140 x 140 cells.
	for i := 0; i <= 140; i++ {
		f := float64(i) * 5
		segs = append(segs, Segment{X0: 0, Y0: f, X1: 700, Y1: f}, Segment{X0: f, Y0: 0, X1: f, Y1: 700})
	}
	start := time.Now()
	Build([]Page{{Number: 1, Width: 400, Height: 800, Glyphs: gs, Segments: segs}}, Options{})
	if el := time.Since(start); el > 10*time.Second {
		t.Errorf("Build took %v", el)
	}
}

// TestWrappedNumber: a number too long for its ruled cell wraps on to a
// second line; the cell holds one number, not two, and the grid stays as
// its rulings draw it.
func TestWrappedNumber(t *testing.T) {
	for _, tc := range []struct {
		name      string
		x1        float64 // right edge of the number column (left: 200)
		top, rest float64 // x of the number's two lines
	}{
		// Four 10-pt digits (5 pt each) do not fit in 22 pt.
		{"left-aligned", 222, 202, 202},
		// Nor in 28 pt with the cell's padding, centred.
		{"centred", 228, 206.5, 211.5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			xs := []float64{100, 200, tc.x1, tc.x1 + 80}
			p := Page{Number: 1, Width: 600, Height: 800, Segments: grid(xs, []float64{700, 680, 650, 630})}
			p.Glyphs = append(p.Glyphs, run("项目", 110, 685, 10)...)
			p.Glyphs = append(p.Glyphs, run("数量", 202, 685, 10)...)
			p.Glyphs = append(p.Glyphs, run("总计", tc.x1+8, 685, 10)...)
			p.Glyphs = append(p.Glyphs, run("本年新收", 110, 667, 10)...)
			p.Glyphs = append(p.Glyphs, run("149", tc.top, 667, 10)...)
			p.Glyphs = append(p.Glyphs, run("8", tc.rest, 655, 10)...)
			p.Glyphs = append(p.Glyphs, run("1774", tc.x1+8, 667, 10)...)
			p.Glyphs = append(p.Glyphs, run("结转", 110, 635, 10)...)
			p.Glyphs = append(p.Glyphs, run("5", 202, 635, 10)...)
			p.Glyphs = append(p.Glyphs, run("7", tc.x1+8, 635, 10)...)
			ts := tables(Build([]Page{p}, Options{}))
			if len(ts) != 1 {
				t.Fatalf("got %d tables, want 1", len(ts))
			}
			if got, want := cellTexts(ts[0]), "项目|数量|总计\n本年新收|1498|1774\n结转|5|7"; got != want {
				t.Errorf("grid:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}
