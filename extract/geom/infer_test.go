package geom

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/nianbao/nianbao/extract/layout"
	"github.com/nianbao/nianbao/normalize"
)

// A synthetic table laid out the way word processors draw one, so that
// the same table can be rendered with all, some or none of its ruling
// lines. The fully ruled rendering gives the grid every other rendering
// must reproduce.

// scell is a cell of a synthetic table.
type scell struct {
	r, c, rs, cs int
	text         string
	vertical     bool // set in vertical writing (WPS row-group labels)
}

// style is how a producer lays out cells.
type style struct {
	name     string
	size     float64 // font size
	lead     float64 // line pitch in em
	pad      float64 // cell padding above and below, points
	top      bool    // text at the top of its cell (Word), else centred (LibreOffice, WPS)
	numAlign byte    // 'l', 'c' or 'r': where numbers sit in their cells
	bold     bool    // header row in bold
}

// rules says which ruling lines are drawn.
type rules int

const (
	rulesAll rules = iota
	rulesHorizontal
	rulesVertical
	rulesFrame
	rulesNone
)

func (r rules) String() string {
	return [...]string{"all", "horizontal", "vertical", "frame", "none"}[r]
}

// stable is a synthetic table: column widths, cells (row and column
// spans), the number of header rows.
type stable struct {
	widths []float64
	cells  []scell
	header int
	labels int // label columns: their cells' text is set left, but for group labels
}

func (t *stable) rows() int {
	n := 0
	for _, c := range t.cells {
		n = max(n, c.r+c.rs)
	}
	return n
}

// wrap cuts text into lines that fit width w at font size sz.
func wrap(text string, w, sz float64) []string {
	var lines []string
	var cur strings.Builder
	cw := 0.0
	for _, r := range text {
		rw := sz
		if r < 0x2E80 {
			rw = sz / 2
		}
		if cw+rw > w && cur.Len() > 0 {
			lines = append(lines, cur.String())
			cur.Reset()
			cw = 0
		}
		cur.WriteRune(r)
		cw += rw
	}
	if cur.Len() > 0 {
		lines = append(lines, cur.String())
	}
	return lines
}

func textWidth(s string, sz float64) float64 {
	w := 0.0
	for _, r := range s {
		if r < 0x2E80 {
			w += sz / 2
		} else {
			w += sz
		}
	}
	return w
}

// render lays out the table from (x, top) and returns its glyphs, its
// segments under the given rules, and its bottom.
func (t *stable) render(st style, rl rules, x, top float64) ([]Glyph, []Segment, []float64) {
	const hpad = 4.0
	sz := st.size
	pitch := st.lead * sz
	xs := []float64{x}
	for _, w := range t.widths {
		xs = append(xs, xs[len(xs)-1]+w)
	}
	// Row heights: the tallest one-row cell, spanning cells share out
	// what they need beyond their rows.
	nr := t.rows()
	lines := make([][]string, len(t.cells))
	need := func(i int) float64 {
		c := t.cells[i]
		if c.vertical {
			return float64(utf8.RuneCountInString(c.text))*sz + 2*st.pad
		}
		return float64(len(lines[i]))*pitch + 2*st.pad
	}
	h := make([]float64, nr)
	for i, c := range t.cells {
		lines[i] = wrap(c.text, xs[c.c+c.cs]-xs[c.c]-2*hpad, sz)
		if c.rs == 1 {
			h[c.r] = math.Max(h[c.r], need(i))
		}
	}
	for r := range h {
		h[r] = math.Max(h[r], pitch+2*st.pad)
	}
	for i, c := range t.cells {
		have := 0.0
		for r := c.r; r < c.r+c.rs; r++ {
			have += h[r]
		}
		if n := need(i); n > have {
			h[c.r+c.rs-1] += n - have
		}
	}
	ys := []float64{top}
	for _, v := range h {
		ys = append(ys, ys[len(ys)-1]-v)
	}
	var gs []Glyph
	for i, c := range t.cells {
		x0, x1 := xs[c.c], xs[c.c+c.cs]
		y1, y0 := ys[c.r], ys[c.r+c.rs]
		bold := st.bold && c.r < t.header
		if c.vertical {
			n := float64(utf8.RuneCountInString(c.text))
			yt := (y0+y1)/2 + n*sz/2
			col := column(c.text, (x0+x1)/2, yt, sz)
			gs = append(gs, col...)
			continue
		}
		ls := lines[i]
		var yFirst float64 // baseline of the first line
		if st.top && c.r >= t.header {
			yFirst = y1 - st.pad - 0.88*sz - (pitch-sz)/2
		} else {
			block := float64(len(ls)) * pitch
			yFirst = (y0+y1)/2 + block/2 - (pitch-sz)/2 - 0.88*sz
		}
		num := normalize.IsNumeric(c.text)
		for k, l := range ls {
			w := textWidth(l, sz)
			var lx float64
			switch {
			case num && st.numAlign == 'l', !num && c.r >= t.header && c.c+c.cs <= t.labels && c.rs == 1:
				lx = x0 + hpad
			case num && st.numAlign == 'r':
				lx = x1 - hpad - w
			default:
				lx = (x0+x1)/2 - w/2
			}
			g := run(l, lx, yFirst-float64(k)*pitch, sz)
			for j := range g {
				g[j].Bold = bold
			}
			gs = append(gs, g...)
		}
	}
	// Ruling lines: each cell's borders, as the rules allow.
	var segs []Segment
	for _, c := range t.cells {
		x0, x1 := xs[c.c], xs[c.c+c.cs]
		y1, y0 := ys[c.r], ys[c.r+c.rs]
		outerL, outerR := c.c == 0, c.c+c.cs == len(t.widths)
		outerT, outerB := c.r == 0, c.r+c.rs == nr
		h := func(y float64, outer bool) {
			if rl == rulesAll || rl == rulesHorizontal || rl == rulesFrame && outer {
				segs = append(segs, Segment{X0: x0, Y0: y, X1: x1, Y1: y})
			}
		}
		v := func(x float64, outer bool) {
			if rl == rulesAll || rl == rulesVertical || rl == rulesFrame && outer {
				segs = append(segs, Segment{X0: x, Y0: y0, X1: x, Y1: y1})
			}
		}
		h(y1, outerT)
		h(y0, outerB)
		v(x0, outerL)
		v(x1, outerR)
	}
	return gs, segs, ys
}

// grid returns the expected text of every grid position.
func (t *stable) grid() [][]string {
	g := make([][]string, t.rows())
	for r := range g {
		g[r] = make([]string, len(t.widths))
	}
	for _, c := range t.cells {
		for r := c.r; r < c.r+c.rs; r++ {
			for k := c.c; k < c.c+c.cs; k++ {
				g[r][k] = c.text
			}
		}
	}
	return g
}

// requestsLike is a table shaped like the requests table of the annual
// reports: a two-row header with merged cells, three label columns with
// row-spanning group labels, a wrapped label, blank cells and a row of
// blanks.
func requestsLike(verticalGroup bool) *stable {
	t := &stable{widths: []float64{26, 40, 130, 40, 40, 40, 40}, header: 2, labels: 3}
	add := func(r, c, rs, cs int, text string) {
		t.cells = append(t.cells, scell{r: r, c: c, rs: rs, cs: cs, text: text})
	}
	add(0, 0, 2, 3, "（本列数据的勾稽关系为：第一项加第二项之和）")
	add(0, 3, 2, 1, "自然人")
	add(0, 4, 1, 2, "法人或其他组织")
	add(0, 6, 2, 1, "总计")
	add(1, 4, 1, 1, "商业企业")
	add(1, 5, 1, 1, "科研机构")
	row := func(r, c, cs int, label string, vals ...string) {
		add(r, c, 1, cs, label)
		for i, v := range vals {
			add(r, 3+i, 1, 1, v)
		}
	}
	row(2, 0, 3, "一、本年新收政府信息公开申请数量", "5", "3", "1", "9")
	row(3, 0, 3, "二、上年结转政府信息公开申请数量", "0", "0", "0", "0")
	t.cells = append(t.cells, scell{r: 4, c: 0, rs: 6, cs: 1, text: "三、本年度办理结果", vertical: verticalGroup})
	row(4, 1, 2, "（一）予以公开", "2", "1", "0", "3")
	row(5, 1, 2, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "1", "", "0", "1")
	add(6, 1, 3, 1, "（三）不予公开")
	row(6, 2, 1, "1.属于国家秘密", "0", "0", "0", "0")
	row(7, 2, 1, "2.其他法律行政法规禁止公开", "", "", "", "")
	row(8, 2, 1, "3.危及“三安全一稳定”", "1", "—", "0", "1")
	row(9, 1, 2, "（七）总计", "4", "1", "0", "5")
	row(10, 0, 3, "四、结转下年度继续办理", "1", "0", "1", "2")
	return t
}

// page builds a page: a paragraph above the table, the table, a
// paragraph below.
func tablePage(t *stable, st style, rl rules) Page {
	var gs []Glyph
	gs = append(gs, run("三、收到和处理政府信息公开申请情况", 100, 760, 16)...)
	tg, segs, ys := t.render(st, rl, 80, 740)
	bottom := ys[len(ys)-1]
	gs = append(gs, tg...)
	gs = append(gs, run("四、政府信息公开行政复议、行政诉讼情况", 100, bottom-40, 16)...)
	gs = append(gs, run("本年度共收到行政复议申请一件，已办结。", 132, bottom-70, 16)...)
	return Page{Number: 1, Width: 595, Height: 842, Glyphs: gs, Segments: segs}
}

func gridTexts(t *layout.Table) [][]string {
	var out [][]string
	for _, row := range t.Grid() {
		var r []string
		for _, c := range row {
			r = append(r, c.Text)
		}
		out = append(out, r)
	}
	return out
}

var testStyles = []style{
	{name: "centred", size: 9, lead: 1.17, pad: 0, numAlign: 'c', bold: true},
	{name: "centred-padded", size: 10.5, lead: 1.2, pad: 3, numAlign: 'c'},
	{name: "top-left", size: 10.5, lead: 1.3, pad: 0, top: true, numAlign: 'l'},
	{name: "top-right", size: 12, lead: 1.25, pad: 1.5, top: true, numAlign: 'r', bold: true},
}

// TestPartialRulings renders a requests-like table in several producer
// styles, with all, horizontal-only, vertical-only, frame-only or no
// ruling lines, and checks that every data row comes out as in the fully
// ruled table: same rows, same columns, blank cells kept, merged labels
// spanning their rows; and that the paragraphs around it stay paragraphs.
func TestPartialRulings(t *testing.T) {
	for _, vertical := range []bool{false, true} {
		tb := requestsLike(vertical)
		want := tb.grid()
		for _, st := range testStyles {
			for _, rl := range []rules{rulesAll, rulesHorizontal, rulesVertical, rulesFrame, rulesNone} {
				name := fmt.Sprintf("%s/%s/vertical=%v", st.name, rl, vertical)
				t.Run(name, func(t *testing.T) {
					doc := Build([]Page{tablePage(tb, st, rl)}, Options{})
					ts := tables(doc)
					if len(ts) != 1 {
						t.Fatalf("%d tables", len(ts))
					}
					got := gridTexts(ts[0])
					if len(got) != len(want) || len(got[0]) != len(want[0]) {
						t.Fatalf("grid %dx%d, want %dx%d:\n%s", len(got), len(got[0]), len(want), len(want[0]), cellTexts(ts[0]))
					}
					// Data rows exactly; header rows: every leaf label
					// over its column.
					for r := tb.header; r < len(want); r++ {
						if strings.Join(got[r], "|") != strings.Join(want[r], "|") {
							t.Errorf("row %d: %q\nwant     %q", r, got[r], want[r])
						}
					}
					for k, label := range want[tb.header-1] {
						if k < 3 {
							continue
						}
						found := false
						for r := 0; r < tb.header; r++ {
							found = found || got[r][k] == label
						}
						if !found {
							t.Errorf("header of column %d: want %q in %q", k, label, got[:tb.header])
						}
					}
					var ps []string
					for _, p := range paras(doc) {
						ps = append(ps, p.Text)
					}
					if len(ps) != 3 {
						t.Errorf("paragraphs %q", ps)
					}
					wantWarn := 1
					if rl == rulesAll {
						wantWarn = 0
					}
					if len(doc.Warnings) != wantWarn {
						t.Errorf("warnings %q", doc.Warnings)
					}
				})
			}
		}
	}
}

// shift moves glyphs and segments up by dy.
func shift(gs []Glyph, segs []Segment, dy float64) ([]Glyph, []Segment) {
	var og []Glyph
	for _, g := range gs {
		g.Y0 += dy
		g.Y1 += dy
		og = append(og, g)
	}
	var os []Segment
	for _, s := range segs {
		s.Y0 += dy
		s.Y1 += dy
		os = append(os, s)
	}
	return og, os
}

// TestAcrossPagesFromText breaks the requests-like table between two
// pages, inside its row groups, with and without rulings: the two parts
// join into the table of the unbroken rendering, group labels going on
// across the break (their text on either page, or cut by it).
func TestAcrossPagesFromText(t *testing.T) {
	tb := requestsLike(false)
	want := tb.grid()
	for _, st := range testStyles {
		for _, rl := range []rules{rulesHorizontal, rulesVertical, rulesNone} {
			for _, brk := range []int{5, 7} {
				t.Run(fmt.Sprintf("%s/%s/row%d", st.name, rl, brk), func(t *testing.T) {
					gs, segs, ys := tb.render(st, rl, 80, 300)
					cut := ys[brk]
					var g1, g2 []Glyph
					for _, g := range gs {
						if (g.Y0+g.Y1)/2 > cut {
							g1 = append(g1, g)
						} else {
							g2 = append(g2, g)
						}
					}
					var s1, s2 []Segment
					for _, s := range segs {
						if s.Y0 >= cut-0.1 {
							s1 = append(s1, s)
						} else if s.Y1 <= cut+0.1 {
							s2 = append(s2, s)
						} else { // a column line across the break: one part on each page
							a, b := s, s
							a.Y0, b.Y1 = cut, cut
							s1, s2 = append(s1, a), append(s2, b)
						}
					}
					g2, s2 = shift(g2, s2, 760-cut)
					p1 := Page{Number: 1, Width: 595, Height: 842, Segments: s1,
						Glyphs: append(run("三、收到和处理政府信息公开申请情况", 100, 330, 16), g1...)}
					p2 := Page{Number: 2, Width: 595, Height: 842, Segments: s2,
						Glyphs: append(g2, run("四、政府信息公开行政复议、行政诉讼情况", 100, 300, 16)...)}
					doc := Build([]Page{p1, p2}, Options{})
					ts := tables(doc)
					if len(ts) != 1 {
						for _, x := range ts {
							t.Logf("%s", cellTexts(x))
						}
						t.Fatalf("%d tables, want 1", len(ts))
					}
					got := gridTexts(ts[0])
					if len(got) != len(want) || len(got[0]) != len(want[0]) {
						t.Fatalf("grid %dx%d, want %dx%d:\n%s", len(got), len(got[0]), len(want), len(want[0]), cellTexts(ts[0]))
					}
					for r := tb.header; r < len(want); r++ {
						if strings.Join(got[r], "|") != strings.Join(want[r], "|") {
							t.Errorf("row %d: %q\nwant     %q", r, got[r], want[r])
						}
					}
					if ts[0].Page != 1 || ts[0].LastPage != 2 {
						t.Errorf("pages %d-%d", ts[0].Page, ts[0].LastPage)
					}
				})
			}
		}
	}
}

// activeLike is a stack of small tables under caption rows, as the
// active-disclosure table is: a sub-table of three value columns, then
// sub-tables whose single value sits in three merged columns, one of its
// rows blank.
func activeLike() *stable {
	t := &stable{widths: []float64{110, 90, 90, 90}, header: 2, labels: 1}
	add := func(r, c, rs, cs int, text string) {
		t.cells = append(t.cells, scell{r: r, c: c, rs: rs, cs: cs, text: text})
	}
	add(0, 0, 1, 4, "第二十条第（一）项")
	add(1, 0, 1, 1, "信息内容")
	add(1, 1, 1, 1, "本年制发件数")
	add(1, 2, 1, 1, "本年废止件数")
	add(1, 3, 1, 1, "现行有效件数")
	add(2, 0, 1, 1, "规章")
	add(2, 1, 1, 1, "0")
	add(2, 2, 1, 1, "1")
	add(2, 3, 1, 1, "17")
	add(3, 0, 1, 1, "行政规范性文件")
	add(3, 1, 1, 1, "12")
	add(3, 2, 1, 1, "")
	add(3, 3, 1, 1, "160")
	add(4, 0, 1, 4, "第二十条第（六）项")
	add(5, 0, 1, 1, "信息内容")
	add(5, 1, 1, 3, "本年处理决定数量")
	add(6, 0, 1, 1, "行政处罚")
	add(6, 1, 1, 3, "3808")
	add(7, 0, 1, 1, "行政强制")
	add(7, 1, 1, 3, "")
	add(8, 0, 1, 4, "第二十条第（八）项")
	add(9, 0, 1, 1, "信息内容")
	add(9, 1, 1, 3, "本年收费金额（单位：万元）")
	add(10, 0, 1, 1, "行政事业性收费")
	add(10, 1, 1, 3, "33.5")
	return t
}

// TestStackedSubTables checks caption rows spanning the table, values
// spanning the merged columns under their header, and a blank row kept.
func TestStackedSubTables(t *testing.T) {
	tb := activeLike()
	want := tb.grid()
	for _, st := range testStyles {
		for _, rl := range []rules{rulesHorizontal, rulesVertical, rulesFrame, rulesNone} {
			t.Run(st.name+"/"+rl.String(), func(t *testing.T) {
				st := st
				st.numAlign = 'c' // a value in merged columns is centred there
				doc := Build([]Page{tablePage(tb, st, rl)}, Options{})
				ts := tables(doc)
				if len(ts) != 1 {
					t.Fatalf("%d tables", len(ts))
				}
				got := gridTexts(ts[0])
				if len(got) != len(want) || len(got[0]) != len(want[0]) {
					t.Fatalf("grid %dx%d, want %dx%d:\n%s", len(got), len(got[0]), len(want), len(want[0]), cellTexts(ts[0]))
				}
				for r := range want {
					if strings.Join(got[r], "|") != strings.Join(want[r], "|") {
						t.Errorf("row %d: %q\nwant     %q", r, got[r], want[r])
					}
				}
			})
		}
	}
}

// TestSubHeadingUnderBlankRow: a sub-heading centred across a borderless
// table lies over value columns only; under a row label whose values are
// blank it is still a row of its own, not that row's value. (The layout
// is LibreOffice's for the 2021 主动公开 table with its borders removed.)
func TestSubHeadingUnderBlankRow(t *testing.T) {
	var gs []Glyph
	at := func(y float64, xs ...any) {
		for i := 0; i+1 < len(xs); i += 2 {
			gs = append(gs, run(xs[i+1].(string), xs[i].(float64), y, 10.5)...)
		}
	}
	// Page 1 ends with the table's first rows; page 2 goes on with it.
	at(161.0, 253.4, "第二十条第（一）项")
	at(147.3, 130.7, "信息内容", 222.0, "本年制发件数", 330.8, "本年废止件数", 430.0, "现行有效件数")
	at(132.0, 130.7, "规章")
	at(118.1, 130.7, "行政规范性文件", 266.0, "2", 370.2, "2", 460.0, "3")
	at(105.0, 253.4, "第二十条第（五）项")
	p1 := Page{Number: 1, Width: 595, Height: 842, Glyphs: append(run("正文在表格之前。", 100, 300, 10.5), gs...)}
	gs = nil
	at(725.9, 130.7, "信息内容", 330.8, "本年处理决定数量")
	at(713.7, 130.7, "行政许可", 370.2, "5")
	at(701.4, 253.4, "第二十条第（六）项")
	at(689.2, 130.7, "信息内容", 330.8, "本年处理决定数量")
	at(676.9, 130.7, "行政处罚", 370.2, "9")
	at(661.6, 130.7, "行政强制")
	at(646.3, 253.4, "第二十条第（八）项")
	at(634.0, 130.7, "信息内容", 304.6, "本年收费金额（单位：万元）")
	at(618.7, 114.9, "行政事业性收费")
	p2 := Page{Number: 2, Width: 595, Height: 842, Glyphs: append(gs, run("正文在表格之后。", 100, 500, 10.5)...)}
	ts := tables(Build([]Page{p1, p2}, Options{}))
	if len(ts) == 0 {
		t.Fatal("no table")
	}
	var strong, heading []int
	for _, c := range ts[len(ts)-1].Cells {
		switch c.Text {
		case "行政强制":
			strong = append(strong, c.Row)
		case "第二十条第（八）项":
			heading = append(heading, c.Row)
		}
	}
	if len(strong) != 1 || len(heading) != 1 || strong[0] == heading[0] {
		t.Errorf("行政强制 in rows %v, 第二十条第（八）项 in rows %v: want one row each, apart\n%s", strong, heading, cellTexts(ts[len(ts)-1]))
	}
}

// TestBlankBodyRow: a table whose values are all blank shows only its
// header; the space under it is its row of blank cells.
func TestBlankBodyRow(t *testing.T) {
	tb := &stable{widths: []float64{60, 60, 60, 60, 60}, header: 1}
	for i, h := range []string{"结果维持", "结果纠正", "其他结果", "尚未审结", "总计"} {
		tb.cells = append(tb.cells, scell{r: 0, c: i, rs: 1, cs: 1, text: h}, scell{r: 1, c: i, rs: 1, cs: 1, text: ""})
	}
	for _, rl := range []rules{rulesNone, rulesFrame, rulesVertical} {
		t.Run(rl.String(), func(t *testing.T) {
			st := testStyles[1]
			st.pad = 6 // a blank row as tall as a line and more
			doc := Build([]Page{tablePage(tb, st, rl)}, Options{})
			ts := tables(doc)
			if len(ts) != 1 {
				t.Fatalf("%d tables", len(ts))
			}
			if got, want := cellTexts(ts[0]), "结果维持|结果纠正|其他结果|尚未审结|总计\n||||"; got != want {
				t.Errorf("grid:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

// TestLoneRowJoins: a single row carried over to the top of the next page
// joins the table above the break; the same row elsewhere is a line of
// text.
func TestLoneRowJoins(t *testing.T) {
	tb := activeLike()
	st := testStyles[0]
	gs, _, ys := tb.render(st, rulesNone, 80, 300)
	cut := ys[10]
	var g1, g2 []Glyph
	for _, g := range gs {
		if (g.Y0+g.Y1)/2 > cut {
			g1 = append(g1, g)
		} else {
			g2 = append(g2, g)
		}
	}
	g2, _ = shift(g2, nil, 760-cut)
	p1 := Page{Number: 1, Width: 595, Height: 842, Glyphs: append(run("二、主动公开政府信息情况", 100, 330, 16), g1...)}
	p2 := Page{Number: 2, Width: 595, Height: 842, Glyphs: append(g2, run("三、收到和处理政府信息公开申请情况", 100, 700, 16)...)}
	doc := Build([]Page{p1, p2}, Options{})
	ts := tables(doc)
	if len(ts) != 1 || ts[0].Rows != 11 || ts[0].LastPage != 2 {
		t.Fatalf("%d tables", len(ts))
	}
	if got := gridTexts(ts[0])[10]; strings.Join(got, "|") != "行政事业性收费|33.5|33.5|33.5" {
		t.Errorf("last row %q", got)
	}
	// The row alone, in the middle of a page: text.
	p3 := Page{Number: 1, Width: 595, Height: 842, Glyphs: append(append(run("正文第一段。", 100, 780, 16), g2...), run("正文第二段。", 100, 600, 16)...)}
	if n := len(tables(Build([]Page{p3}, Options{}))); n != 0 {
		t.Errorf("lone row: %d tables", n)
	}
}

// TestTooManyRuns: a table of more runs than the limit stays text, with
// a warning naming the limit.
func TestTooManyRuns(t *testing.T) {
	var gs []Glyph
	for r := 0; r < 300; r++ {
		y := 800 - float64(r)*2.5
		gs = append(gs, run(fmt.Sprintf("项目%d", r), 10, y, 2)...)
		for c := 0; c < 20; c++ {
			gs = append(gs, run(fmt.Sprint(r+c), 40+float64(c)*12, y, 2)...)
		}
	}
	doc := Build([]Page{{Number: 1, Width: 600, Height: 842, Glyphs: gs}}, Options{})
	if n := len(tables(doc)); n != 0 {
		t.Errorf("%d tables", n)
	}
	if len(doc.Warnings) != 1 || !strings.Contains(doc.Warnings[0], "limit 5000") {
		t.Errorf("warnings %q", doc.Warnings)
	}
}

func BenchmarkTableFromText(b *testing.B) {
	tb := requestsLike(false)
	pages := []Page{tablePage(tb, testStyles[0], rulesNone)}
	b.ReportAllocs()
	for b.Loop() {
		Build(pages, Options{})
	}
}
