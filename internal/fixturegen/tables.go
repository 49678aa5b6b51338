package fixturegen

import (
	"strings"

	"github.com/nianbao/nianbao/schema"
)

// Texts of the template that are not labels of a row or a column.
const (
	activeHeader   = "信息内容"
	requestsNote   = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
	requestsHeader = "申请人情况"
)

// style of the printed labels of one fixture.
type labelStyle struct {
	ordinalComma  bool // sub-rows numbered 1、 instead of 1.
	asciiBrackets bool // (一) instead of （一）
	letterSpaced  bool // 三 、本 年 度办 理 结果
	spacedHeaders bool // 商业 企业
	brHeaders     bool // 商业↵企业 (a line break inside the cell)
	headerRepeat  bool // header rows repeat on each page
}

func (ls labelStyle) ordinal(o string) string {
	if ls.ordinalComma && strings.HasSuffix(o, ".") {
		o = strings.TrimSuffix(o, ".") + "、"
	}
	if ls.asciiBrackets {
		o = strings.NewReplacer("（", "(", "）", ")").Replace(o)
	}
	return o
}

// valueCell is the table cell printing a template value.
func (b *builder) valueCell(vc *vcell, span int) cell {
	c := cell{span: span, text: vc.text}
	if vc.del != "" {
		rp := rprops{size: b.cellSize}
		content := b.d.delRuns(rp, vc.del) + b.d.insRuns(rp, vc.text)
		c.xml = b.d.paraXML(pprops{align: "center"}, b.cellSize, content)
	}
	return c
}

// activeLabel is the printed label of a row of the 主动公开 table.
func activeLabel(t *tdata, key string) string {
	if l, ok := t.labels[key]; ok {
		return l
	}
	rd := t.def.Row(key)
	// The 2021 template names the row 行政规范性文件; the schema keeps the
	// 2019 wording as the label and the 2021 one as its first alias.
	if key == "normative_documents" && t.tpl == schema.Template2021 && len(rd.Aliases) > 0 {
		return rd.Aliases[0]
	}
	return rd.Label
}

// activeTable lays out the 主动公开 table: stacked sub-tables, each with a
// full-width caption row (第二十条第（一）项 …), a header row and its rows.
// With grid5 a 2019 table uses the five-column grid some publishers use,
// whose value cells do not line up with the header cells.
func (b *builder) activeTable(t *tdata, grid5 bool, colLabels map[string]string) *table {
	b.cellSize = sizeTable
	tb := &table{size: sizeTable, borders: true, font: fontFangSong}
	values := 3
	if grid5 {
		values = 4
		tb.grid = []int{2704, 1535, 1535, 1535, 1535}
	} else {
		tb.grid = []int{2700, 2048, 2048, 2048}
	}
	ncols := values + 1
	caption := ""
	for _, key := range t.rows {
		rd := t.def.Row(key)
		cols := t.cols(key)
		if rd.Caption != caption {
			caption = rd.Caption
			tb.rows = append(tb.rows, row{cantSplit: true, cells: []cell{{span: ncols, text: caption, bold: true}}})
			hdr := row{cantSplit: true, cells: []cell{{text: activeHeader}}}
			spans := headerSpans(len(cols), values, grid5)
			for i, c := range cols {
				label := c.Label
				if l, ok := colLabels[c.Key]; ok {
					label = l
				}
				hdr.cells = append(hdr.cells, cell{span: spans[i], text: label})
			}
			tb.rows = append(tb.rows, hdr)
		}
		r := row{cantSplit: true, cells: []cell{{text: activeLabel(t, key)}}}
		spans := valueSpans(len(cols), values, grid5)
		for i, c := range cols {
			r.cells = append(r.cells, b.valueCell(t.cell(key, c.Key), spans[i]))
		}
		tb.rows = append(tb.rows, r)
	}
	return tb
}

// headerSpans spreads n header cells over the value columns: one each, the
// last taking the rest. On the five-column grid the middle header of three
// spans two columns.
func headerSpans(n, values int, grid5 bool) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = 1
	}
	if grid5 && n == 3 {
		s[1] = 2
		return s
	}
	s[n-1] = values - (n - 1)
	return s
}

// valueSpans is headerSpans for the value rows; on the five-column grid a
// row of three values starts with a two-column cell (not under its header).
func valueSpans(n, values int, grid5 bool) []int {
	s := headerSpans(n, values, grid5)
	if grid5 && n == 3 {
		s[0], s[1] = 2, 1
	}
	return s
}

// requestsLayout describes the label cells of one requests row.
type reqLine struct {
	key   string
	kind  int    // lineTop (一、二、四、), lineResult (（一）（二）（六）（七）), lineSub (1. …)
	group string // group label for lineSub
	first bool   // first row of its group
}

const (
	lineTop = iota
	lineResult
	lineSub
)

func requestLines(t *tdata) []reqLine {
	var out []reqLine
	prevGroup := ""
	for _, key := range t.rows {
		rd := t.def.Row(key)
		switch {
		case rd.Group == "":
			out = append(out, reqLine{key: key, kind: lineTop})
			prevGroup = ""
		case rd.Group == schema.GroupResults || (key == "other" && rd.Group == schema.GroupResults):
			out = append(out, reqLine{key: key, kind: lineResult})
			prevGroup = ""
		default:
			out = append(out, reqLine{key: key, kind: lineSub, group: rd.Group, first: rd.Group != prevGroup})
			prevGroup = rd.Group
		}
	}
	return out
}

func groupOrdinal(label string) string {
	for _, g := range schema.RequestGroups {
		if g.Label == label {
			return g.Ordinal
		}
	}
	return ""
}

// requestsLabel is the printed label of a requests row.
func (b *builder) requestsLabel(t *tdata, key string) string {
	if l, ok := t.labels[key]; ok {
		return l
	}
	rd := t.def.Row(key)
	return b.ls.ordinal(rd.Ordinal) + rd.Label
}

var requestsGrid = []int{560, 1100, 2284, 700, 700, 700, 700, 700, 700, 700}

// requestsHeaderRows are the three header rows of the requests table.
func (b *builder) requestsHeaderRows() []row {
	colText := func(s string) string {
		switch {
		case b.ls.brHeaders && len([]rune(s)) == 4:
			r := []rune(s)
			return string(r[:2]) + "\n" + string(r[2:])
		case b.ls.spacedHeaders && len([]rune(s)) == 4:
			r := []rune(s)
			return string(r[:2]) + " " + string(r[2:])
		}
		return s
	}
	cols := schema.RequestColumns
	group := cols[1].Group
	r0 := row{header: b.ls.headerRepeat, cantSplit: true, cells: []cell{
		{span: 3, vmerge: vmRestart, text: requestsNote, align: "left"},
		{span: 7, text: requestsHeader},
	}}
	r1 := row{header: b.ls.headerRepeat, cantSplit: true, cells: []cell{
		{span: 3, vmerge: vmContinue},
		{vmerge: vmRestart, text: cols[0].Label},
		{span: 5, text: group},
		{vmerge: vmRestart, text: cols[6].Label},
	}}
	r2 := row{header: b.ls.headerRepeat, cantSplit: true, cells: []cell{{span: 3, vmerge: vmContinue}, {vmerge: vmContinue}}}
	for _, c := range cols[1:6] {
		r2.cells = append(r2.cells, cell{text: colText(c.Label)})
	}
	r2.cells = append(r2.cells, cell{vmerge: vmContinue})
	return []row{r0, r1, r2}
}

// requestsTables lays out the requests table: a 10-column grid, three
// header rows, 三、本年度办理结果 merged down the result rows and the groups
// （三）（四）（五）（六） merged down their sub-rows. split > 0 cuts the table
// into two Word tables before line split, repeating the header rows and the
// merged labels in the second one.
func (b *builder) requestsTables(t *tdata, split int, sdtCell string) []*table {
	b.cellSize = sizeSmall
	lines := requestLines(t)
	resultsLabel := schema.RequestGroups[0].Ordinal + schema.RequestGroups[0].Label
	if b.ls.letterSpaced {
		resultsLabel = letterSpace(resultsLabel, b.r)
	}
	var tables []*table
	newTable := func() *table {
		tb := &table{grid: requestsGrid, size: sizeSmall, borders: true, font: fontFangSong}
		tb.rows = append(tb.rows, b.requestsHeaderRows()...)
		tables = append(tables, tb)
		return tb
	}
	tb := newTable()
	inResults := false
	for i, ln := range lines {
		cont := split > 0 && i == split // the first line of the second table
		if cont {
			tb = newTable()
		}
		r := row{cantSplit: true}
		switch ln.kind {
		case lineTop:
			inResults = false
			r.cells = append(r.cells, cell{span: 3, text: b.requestsLabel(t, ln.key), align: "left"})
		case lineResult, lineSub:
			if !inResults || cont {
				r.cells = append(r.cells, cell{vmerge: vmRestart, text: resultsLabel})
				inResults = true
			} else {
				r.cells = append(r.cells, cell{vmerge: vmContinue})
			}
			if ln.kind == lineResult {
				r.cells = append(r.cells, cell{span: 2, text: b.requestsLabel(t, ln.key), align: "left"})
				break
			}
			if ln.first || cont {
				g := b.ls.ordinal(groupOrdinal(ln.group)) + ln.group
				r.cells = append(r.cells, cell{vmerge: vmRestart, text: g})
			} else {
				r.cells = append(r.cells, cell{vmerge: vmContinue})
			}
			r.cells = append(r.cells, cell{text: b.requestsLabel(t, ln.key), align: "left"})
		}
		for _, c := range t.cols(ln.key) {
			vc := b.valueCell(t.cell(ln.key, c.Key), 1)
			if sdtCell == ln.key+"."+c.Key {
				vc.sdt = true
			}
			r.cells = append(r.cells, vc)
		}
		tb.rows = append(tb.rows, r)
	}
	return tables
}

// appealsTable lays out the appeals table: 行政复议 over five columns,
// 行政诉讼 over ten split into 未经复议直接起诉 and 复议后起诉, and the 15
// values in one row.
func (b *builder) appealsTable(t *tdata) *table {
	b.cellSize = sizeSmall
	grid := make([]int, 15)
	for i := range grid {
		grid[i] = 590
	}
	grid[14] = textWidth - 590*14
	tb := &table{grid: grid, size: sizeSmall, borders: true, font: fontFangSong}
	review, direct, after := t.def.Rows[0], t.def.Rows[1], t.def.Rows[2]
	cols := schema.AppealColumns
	r0 := row{header: b.ls.headerRepeat, cantSplit: true, cells: []cell{{span: 5, text: review.Label}, {span: 10, text: direct.Group}}}
	r1 := row{header: b.ls.headerRepeat, cantSplit: true}
	r2 := row{header: b.ls.headerRepeat, cantSplit: true}
	for _, c := range cols {
		r1.cells = append(r1.cells, cell{vmerge: vmRestart, text: c.Label})
		r2.cells = append(r2.cells, cell{vmerge: vmContinue})
	}
	r1.cells = append(r1.cells, cell{span: 5, text: direct.Label}, cell{span: 5, text: after.Label})
	for range 2 {
		for _, c := range cols {
			r2.cells = append(r2.cells, cell{text: c.Label})
		}
	}
	vals := row{cantSplit: true}
	for _, rk := range []string{review.Key, direct.Key, after.Key} {
		for _, c := range cols {
			vals.cells = append(vals.cells, b.valueCell(t.cell(rk, c.Key), 1))
		}
	}
	tb.rows = []row{r0, r1, r2, vals}
	return tb
}
