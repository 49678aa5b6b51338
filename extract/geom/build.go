package geom

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/nianbao/nianbao/extract/layout"
	"github.com/nianbao/nianbao/normalize"
)

// Options configures the layout analysis. The zero value works.
type Options struct {
	// KeepPageFurniture keeps page headers, footers and page numbers,
	// which are dropped by default.
	KeepPageFurniture bool
	// NoTableJoin keeps a table that continues on the next page as two
	// tables.
	NoTableJoin bool
}

// block is a paragraph or table on one page, before joining.
type block struct {
	para  *layout.Paragraph
	table *ptable
	lines []*line // a paragraph's lines
	top   float64
	left  float64
	// For paragraphs: the first line is indented, the last line reaches
	// the right margin (so the paragraph may go on on the next page).
	indented, full bool
}

// pageLayout is one analysed page.
type pageLayout struct {
	num      int
	w, h     float64
	blocks   []*block
	lines    []*line // text lines outside tables, before paragraphs
	warnings []string
}

// Build turns positioned pages into the layout model: tables from ruling
// lines (merged cells resolved, tables continued across pages joined),
// paragraphs from text lines, headings from ordinals and font size; page
// headers, footers and page numbers are dropped.
func Build(pages []Page, opts Options) *layout.Document {
	doc := &layout.Document{Pages: len(pages)}
	pls := make([]*pageLayout, 0, len(pages))
	for i := range pages {
		pl := analysePage(&pages[i])
		doc.Warnings = append(doc.Warnings, pl.warnings...)
		pls = append(pls, pl)
	}
	if !opts.KeepPageFurniture {
		dropFurniture(pls)
	}
	dropWeak(pls)
	body := bodySize(pls)
	for _, pl := range pls {
		makeParagraphs(pl, body)
	}
	var lastPara *block // the last paragraph of the previous page
	var prev *ptable    // the open table that may continue
	var prevLast int
	var prevIdx int
	for pi, pl := range pls {
		for bi, b := range pl.blocks {
			if b.table != nil && b.table.single() {
				// A frame around text is a paragraph, unless it is a
				// table's first row continued on the next page.
				if !(bi == len(pl.blocks)-1 && pi+1 < len(pls) && startsWithTable(pls[pi+1], b.table)) {
					if p := frameParagraph(b.table, body); p != nil {
						doc.Blocks = append(doc.Blocks, p)
					}
					continue
				}
			}
			if b.table != nil {
				cont := prev != nil && bi == 0 && !opts.NoTableJoin && prevLast == pl.num-1
				if cont {
					if p := refitEnd(prev, b.table); p != nil {
						prev = p
					}
					refit(prev, b)
				}
				if cont && joinTables(prev, b.table) {
					prevLast = pl.num
					doc.Blocks[prevIdx] = prev.toLayout(prevLast)
					continue
				}
				if b.table.weakTop {
					// Rows that continue no table are lines of text.
					if p := rowParagraph(b.table, body); p != nil {
						doc.Blocks = append(doc.Blocks, p)
					}
					if bi == len(pl.blocks)-1 {
						prev = nil
					}
					continue
				}
				if b.table.aligned {
					doc.Warnings = append(doc.Warnings, fmt.Sprintf("geom: table on page %d rebuilt from its text (ruling lines missing)", pl.num))
				}
				prev, prevLast = b.table, pl.num
				prevIdx = len(doc.Blocks)
				doc.Blocks = append(doc.Blocks, b.table.toLayout(pl.num))
				continue
			}
			// A paragraph cut by the page break goes on.
			if bi == 0 && lastPara != nil && lastPara.full && !endsSentence(lastPara.para.Text) && !b.indented && b.para.Heading == 0 &&
				lastPara.para.Page == pl.num-1 && math.Abs(lastPara.para.FontSize-b.para.FontSize) < 0.5 &&
				lastPara.para.FontSize >= 0.95*body {
				lastPara.para.Text = joinText(lastPara.para.Text, b.para.Text)
				lastPara.full = b.full
				continue
			}
			doc.Blocks = append(doc.Blocks, b.para)
		}
		lastPara = nil
		if n := len(pl.blocks); n > 0 && pl.blocks[n-1].para != nil && pl.blocks[n-1].para.Heading == 0 {
			lastPara = pl.blocks[n-1]
		}
		// Only a table that is the last block of its page can continue.
		if n := len(pl.blocks); n == 0 || pl.blocks[n-1].table == nil {
			prev = nil
		}
	}
	return doc
}

// analysePage finds the page's tables and text lines.
func analysePage(p *Page) *pageLayout {
	pl := &pageLayout{num: p.Number, w: p.Width, h: p.Height}
	tables, loose := findTables(p.Segments, p.Number)
	var rest []Glyph
	for _, g := range p.Glyphs {
		cx, cy := (g.X0+g.X1)/2, (g.Y0+g.Y1)/2
		placed := false
		for _, t := range tables {
			if c := t.cellAt(cx, cy); c != nil {
				c.glyphs = append(c.glyphs, g)
				placed = true
				break
			}
		}
		if !placed {
			rest = append(rest, g)
		}
	}
	// Grids whose cells hold rows or columns of text (frames, tables
	// ruled only in part) are rebuilt from their text.
	var frames []*ptable
	for _, t := range tables {
		if t.underRuled() {
			frames = append(frames, t)
			for _, c := range t.cells {
				rest = append(rest, c.glyphs...)
			}
			continue
		}
		t.fillText()
		if tableEmpty(t) {
			continue
		}
		pl.blocks = append(pl.blocks, &block{table: t, top: t.y1, left: t.x0})
	}
	inferred, lines, warnings := textTables(buildLines(rest, tokenGap), loose, frames, p.Number, p.Height)
	pl.lines, pl.warnings = lines, warnings
	for _, t := range inferred {
		pl.blocks = append(pl.blocks, &block{table: t, top: t.y1, left: t.x0})
	}
	return pl
}

func tableEmpty(t *ptable) bool {
	for _, c := range t.cells {
		if c.text != "" {
			return false
		}
	}
	return true
}

var pageNumRe = regexp.MustCompile(`^(?:[-—–－―~·•]*\s*\d{1,4}\s*[-—–－―~·•]*|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4}|(?i:page)\s*\d{1,4}(?:\s*(?i:of)\s*\d{1,4})?|[-—–－―]\s*[一二三四五六七八九十百]+\s*[-—–－―])$`)

// dropFurniture removes page numbers and running headers and footers:
// lines near the top or bottom edge that are page numbers, or whose text
// (digits ignored) recurs at the same height on other pages.
func dropFurniture(pls []*pageLayout) {
	type cand struct {
		pl  *pageLayout
		l   *line
		key string
	}
	var cands []cand
	count := map[string]int{}
	for _, pl := range pls {
		band := 0.12 * pl.h
		for _, l := range pl.lines {
			if l.y0 < band || l.y1 > pl.h-band {
				k := furnitureKey(l, pl.h)
				cands = append(cands, cand{pl, l, k})
				count[k]++
			}
		}
	}
	drop := map[*line]bool{}
	for _, c := range cands {
		t := strings.TrimSpace(normalize.Fold(c.l.text))
		if pageNumRe.MatchString(t) {
			drop[c.l] = true
			continue
		}
		if len(pls) >= 3 && count[c.key] >= 2 && float64(count[c.key]) >= 0.4*float64(len(pls)) {
			drop[c.l] = true
		}
	}
	if len(drop) == 0 {
		return
	}
	for _, pl := range pls {
		kept := pl.lines[:0]
		for _, l := range pl.lines {
			if !drop[l] {
				kept = append(kept, l)
			}
		}
		pl.lines = kept
	}
}

func furnitureKey(l *line, h float64) string {
	var b strings.Builder
	for _, r := range l.text {
		if r >= '0' && r <= '9' {
			r = '#'
		}
		b.WriteRune(r)
	}
	top := "b"
	if l.y1 > h/2 {
		top = "t"
	}
	return top + b.String()
}

// bodySize is the most common font size of text lines, by characters.
func bodySize(pls []*pageLayout) float64 {
	n := map[float64]int{}
	for _, pl := range pls {
		for _, l := range pl.lines {
			n[l.size] += utf8.RuneCountInString(l.text)
		}
	}
	best, bn := 0.0, 0
	for s, c := range n {
		if c > bn || c == bn && s < best {
			best, bn = s, c
		}
	}
	if best == 0 {
		best = 12
	}
	return best
}

// makeParagraphs groups a page's lines into paragraphs and orders them
// with the tables.
func makeParagraphs(pl *pageLayout, body float64) {
	ls := pl.lines
	sortReading(ls)
	if len(ls) == 0 {
		sortBlocks(pl)
		return
	}
	// Text margins: the common left edge and the right edge of full lines.
	left, right := margins(ls, body, pl.w)
	pitch := typicalPitch(ls)
	var cur []*line
	flush := func() {
		if len(cur) == 0 {
			return
		}
		p := paragraph(cur, pl.num, left, right, body)
		if p.Text != "" {
			first, last := cur[0], cur[len(cur)-1]
			pl.blocks = append(pl.blocks, &block{para: p, lines: cur, top: p.BBox.Y1, left: p.BBox.X0,
				indented: first.x0-left > 1.0*math.Max(first.size, 1),
				full:     right-last.x1 < 1.5*math.Max(last.size, 1) && !last.vertical})
		}
		cur = nil
	}
	for _, l := range ls {
		if len(cur) > 0 && !continues(cur[len(cur)-1], l, left, right, pitch, body, pl.tablesBetween) {
			flush()
		}
		cur = append(cur, l)
	}
	flush()
	sortBlocks(pl)
}

func (pl *pageLayout) tablesBetween(a, b float64) bool {
	for _, bl := range pl.blocks {
		if bl.table != nil && bl.table.y1 <= a+1 && bl.table.y1 >= b-1 {
			return true
		}
	}
	return false
}

func sortBlocks(pl *pageLayout) {
	sort.SliceStable(pl.blocks, func(i, j int) bool {
		a, b := pl.blocks[i], pl.blocks[j]
		if math.Abs(a.top-b.top) > 2 {
			return a.top > b.top
		}
		return a.left < b.left
	})
}

// margins returns the text's left edge (the most common line start) and
// right edge (where body-size lines end at most, ignoring lines that run
// past the mirror of the left margin).
func margins(ls []*line, body, width float64) (left, right float64) {
	hist := map[int]int{}
	for _, l := range ls {
		if l.vertical {
			continue
		}
		hist[int(math.Round(l.x0))] += utf8.RuneCountInString(l.text)
	}
	best, bn := 0, -1
	for x, n := range hist {
		// Nearby edges (within 2 pt) count together.
		t := n + hist[x-1] + hist[x+1] + hist[x-2] + hist[x+2]
		if t > bn || t == bn && x < best {
			best, bn = x, t
		}
	}
	left = float64(best)
	for _, l := range ls {
		if !l.vertical && math.Abs(l.x0-left) <= 2 && l.x0 < left {
			left = l.x0
		}
	}
	var rights []float64
	for _, l := range ls {
		if !l.vertical && l.size <= 1.1*body {
			rights = append(rights, l.x1)
		}
	}
	sort.Float64s(rights)
	limit := width - left + 3*body
	for i := len(rights) - 1; i >= 0; i-- {
		if width <= 0 || rights[i] <= limit {
			return left, rights[i]
		}
	}
	return left, width - left
}

// typicalPitch is the most common distance between the baselines of
// consecutive lines.
func typicalPitch(ls []*line) float64 {
	hist := map[int]int{}
	for i := 1; i < len(ls); i++ {
		a, b := ls[i-1], ls[i]
		if a.vertical || b.vertical {
			continue
		}
		d := a.y0 - b.y0
		if d > 0 && d < 4*math.Max(a.size, 1) {
			hist[int(math.Round(d*2))]++
		}
	}
	best, bn := 0, 0
	for d, n := range hist {
		if n > bn || n == bn && d < best {
			best, bn = d, n
		}
	}
	return float64(best) / 2
}

// continues reports whether line b continues the paragraph whose last
// line is a.
func continues(a, b *line, left, right, pitch, body float64, tableBetween func(a, b float64) bool) bool {
	if a.vertical || b.vertical {
		return false
	}
	if math.Abs(a.size-b.size) > 0.15*math.Max(a.size, b.size) || a.bold != b.bold {
		return false
	}
	d := a.y0 - b.y0
	if d <= 0 {
		return false
	}
	limit := 2.0 * a.size
	if pitch > 0 {
		limit = math.Min(limit, pitch*1.3)
		if pitch > 2.0*a.size {
			limit = pitch * 1.3
		}
	}
	if d > limit+0.5 {
		return false
	}
	if tableBetween(a.y0, b.y1) {
		return false
	}
	em := math.Max(a.size, 1)
	// A centred title over several lines.
	if a.size >= 1.15*body && math.Abs(a.cx()-(left+right)/2) < 1.5*em && centred(b, left, right) {
		return true
	}
	full := right-a.x1 < 1.5*em
	indented := b.x0-left > 1.0*em
	if !full || indented {
		return false
	}
	// A new item after a full line: ordinals start paragraphs.
	if o, _ := normalize.SplitOrdinal(b.text); o.Style != normalize.OrdNone && strings.HasSuffix(a.text, "。") {
		return false
	}
	return true
}

func centred(l *line, left, right float64) bool {
	if right <= left {
		return false
	}
	mid := (left + right) / 2
	em := math.Max(l.size, 1)
	return math.Abs(l.cx()-mid) < 1.5*em && l.x0-left > 1.5*em
}

// paragraph makes a layout paragraph from lines.
func paragraph(ls []*line, page int, left, right, body float64) *layout.Paragraph {
	p := &layout.Paragraph{Page: page}
	p.Text = joinLines(ls, right, false)
	x0, y0 := math.Inf(1), math.Inf(1)
	x1, y1 := math.Inf(-1), math.Inf(-1)
	sizes := map[float64]int{}
	bold, total := 0, 0
	for _, l := range ls {
		x0, y0 = math.Min(x0, l.x0), math.Min(y0, l.y0)
		x1, y1 = math.Max(x1, l.x1), math.Max(y1, l.y1)
		n := utf8.RuneCountInString(l.text)
		sizes[l.size] += n
		total += n
		if l.bold {
			bold += n
		}
	}
	best, bn := 0.0, -1
	for s, n := range sizes {
		if n > bn || n == bn && s > best {
			best, bn = s, n
		}
	}
	p.FontSize = best
	p.Bold = total > 0 && bold*2 > total
	p.BBox = &layout.Rect{X0: x0, Y0: y0, X1: x1, Y1: y1}
	p.Centered = true
	for _, l := range ls {
		if !centred(l, left, right) {
			p.Centered = false
		}
	}
	p.Heading = headingLevel(p, body)
	return p
}

// headingLevel guesses the outline level of a paragraph: a short one
// that starts with an ordinal (一、 → 1, （一） → 2, 1. → 3, (1) → 4) and
// is not a sentence running on, or a short one set clearly larger than
// the body text.
func headingLevel(p *layout.Paragraph, body float64) int {
	text := strings.TrimSpace(p.Text)
	n := utf8.RuneCountInString(text)
	if n == 0 || n > 60 {
		return 0
	}
	ord, rest := normalize.SplitOrdinal(text)
	sentence := strings.ContainsAny(strings.TrimRight(rest, "。．. "), "。；;") || strings.HasSuffix(rest, "。") && n > 30
	emphasised := p.Bold || p.FontSize >= 1.1*body
	if ord.Style != normalize.OrdNone && !sentence {
		level := 0
		switch ord.Style {
		case normalize.OrdChinese:
			level = 1
		case normalize.OrdChineseParen:
			level = 2
		case normalize.OrdArabic:
			level = 3
		case normalize.OrdArabicParen, normalize.OrdCircled:
			level = 4
		}
		if level <= 1 || emphasised || n <= 30 {
			return level
		}
		return 0
	}
	if p.FontSize >= 1.25*body && n <= 50 && !sentence {
		return 1
	}
	return 0
}

func startsWithTable(pl *pageLayout, t *ptable) bool {
	return len(pl.blocks) > 0 && pl.blocks[0].table != nil && unionEdges(t.xs, pl.blocks[0].table.xs, edgeTol) != nil
}

// frameParagraph turns a one-cell table into a paragraph.
func frameParagraph(t *ptable, body float64) *layout.Paragraph {
	c := t.cells[0]
	if c.text == "" {
		return nil
	}
	ls := buildLines(c.glyphs, 0)
	sortReading(ls)
	p := paragraph(ls, t.page, c.x0, c.x1, body)
	p.Text = c.text
	return p
}

// dropWeak turns weak tables back into lines unless they may join a
// table across the page break: rows at the top of a page when the
// previous page ends with a table, header rows at the bottom of a page
// when the next page starts with one.
func dropWeak(pls []*pageLayout) {
	for i, pl := range pls {
		kept := pl.blocks[:0]
		for _, b := range pl.blocks {
			t := b.table
			switch {
			case t == nil || !t.weakTop && !t.weakEnd:
			case t.weakTop && i > 0 && endsWithTable(pls[i-1]) && startsWith(pl, t):
			case t.weakEnd && i+1 < len(pls) && startsWithTableBlock(pls[i+1]) && endsWith(pl, t):
			default:
				var ls []*line
				for _, tk := range t.src.toks {
					ls = append(ls, tk.line)
				}
				pl.lines = append(pl.lines, rejoin(ls)...)
				continue
			}
			kept = append(kept, b)
		}
		pl.blocks = kept
	}
}

// startsWithTableBlock reports whether the highest thing on the page is a
// table.
func startsWithTableBlock(pl *pageLayout) bool {
	for _, b := range pl.blocks {
		if b.table != nil && !b.table.weakEnd && startsWith(pl, b.table) {
			return true
		}
	}
	return false
}

// endsWith reports whether table t is the lowest thing on the page.
func endsWith(pl *pageLayout, t *ptable) bool {
	for _, l := range pl.lines {
		if l.y1 < t.y0 {
			return false
		}
	}
	for _, b := range pl.blocks {
		if b.table != nil && b.table != t && b.table.y0 < t.y0 {
			return false
		}
	}
	return true
}

// endsWithTable reports whether the lowest thing on the page is a table.
func endsWithTable(pl *pageLayout) bool {
	low := math.Inf(1)
	for _, b := range pl.blocks {
		if b.table != nil && !b.table.weakTop {
			low = math.Min(low, b.table.y0)
		}
	}
	if math.IsInf(low, 1) {
		return false
	}
	for _, l := range pl.lines {
		if l.y1 < low {
			return false
		}
	}
	return true
}

// startsWith reports whether table t is the highest thing on the page.
func startsWith(pl *pageLayout, t *ptable) bool {
	for _, l := range pl.lines {
		if l.y0 > t.y1 {
			return false
		}
	}
	for _, b := range pl.blocks {
		if b.table != nil && b.table != t && b.table.y1 > t.y1 {
			return false
		}
	}
	return true
}

// refit rebuilds a table found from text at the top of a page in the
// columns of the table it may continue, when its text fits them.
func refit(prev *ptable, b *block) {
	t := b.table
	if t.src == nil {
		return
	}
	// All of prev's columns when the text fits them, else its value
	// columns (the label columns may differ: a group label column with
	// text on one page only).
	fixed := prev.xs
	vx := prev.valueX()
	if _, ok := fitColumns(prev, t, -1); !ok {
		fixed = prev.valueEdges()
		if _, ok := fitColumns(prev, t, vx); !ok {
			return
		}
	}
	if t2 := inferGrid(t.src, fixed, vx, t.page); t2 != nil {
		t2.weakTop, t2.weakEnd = t.weakTop, t.weakEnd
		b.table = t2
	}
}

// valueCol returns the first column holding a number, or -1.
func (t *ptable) valueCol() int {
	v := -1
	for _, c := range t.cells {
		if c.text != "" && normalize.IsNumeric(c.text) && (v < 0 || c.col < v) {
			v = c.col
		}
	}
	return v
}

// valueX returns the left edge of the first column holding a number, or
// -1.
func (t *ptable) valueX() float64 {
	if v := t.valueCol(); v >= 0 {
		return t.xs[v]
	}
	return -1
}

// valueEdges returns the column edges another part of the table must
// share at least: the outer left edge and the edges from the first value
// column on (label columns may differ between parts: a group label
// column with text on one page only); all edges when the table has no
// numbers.
func (t *ptable) valueEdges() []float64 {
	v := t.valueCol()
	if v <= 0 {
		return t.xs
	}
	return append([]float64{t.xs[0]}, t.xs[v:]...)
}

// refitEnd rebuilds weak header rows ending a page in the columns of the
// table next that goes on from them, when they fit; else it returns nil.
func refitEnd(prev, next *ptable) *ptable {
	if !prev.weakEnd || prev.src == nil {
		return nil
	}
	fixed := next.xs
	vx := next.valueX()
	if _, ok := fitColumns(next, prev, -1); !ok {
		fixed = next.valueEdges()
		if _, ok := fitColumns(next, prev, vx); !ok {
			return nil
		}
	}
	return inferGrid(prev.src, fixed, vx, prev.page)
}

// rowParagraph turns a one-row table into a paragraph: its cells' text
// separated by spaces.
func rowParagraph(t *ptable, body float64) *layout.Paragraph {
	var gs []Glyph
	var parts []string
	for _, c := range t.cells {
		gs = append(gs, c.glyphs...)
		if c.text != "" {
			parts = append(parts, c.text)
		}
	}
	if len(parts) == 0 {
		return nil
	}
	ls := buildLines(gs, 0)
	sortReading(ls)
	p := paragraph(ls, t.page, t.x0, t.x1, body)
	p.Text = strings.Join(parts, " ")
	return p
}

// joinText joins two parts of a paragraph cut by a page break.
func joinText(a, b string) string {
	ra, _ := utf8.DecodeLastRuneInString(a)
	rb, _ := utf8.DecodeRuneInString(b)
	if normalize.IsCJK(ra) || normalize.IsCJK(rb) {
		return a + b
	}
	return a + " " + b
}

// endsSentence reports whether s ends with sentence-final punctuation.
func endsSentence(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(strings.TrimSpace(s))
	return strings.ContainsRune("。！？；：.!?;:", r)
}
