package geom

import (
	"math"
	"sort"
)

// Grid inference for a table whose ruling lines are missing or partial.
//
// Rulings that are there are taken as they are: a column line is a column
// edge, a rule is a row edge (and where a rule stops short of the table's
// side, at a merged cell, a column edge), and where such a line stops the
// places on both sides are one cell, as in a fully ruled grid. Missing
// edges come from the text (runs: glyphs on one baseline, cut at gaps of
// half an em):
//
//   - Column edges (columns.go): two runs side by side (in one band, or in
//     neighbouring bands overlapping in height) need an edge between
//     them, and so do two columns of narrow runs (words, numbers) that
//     share no x. One edge serves every gap it passes through and is put
//     where it cuts the fewest glyphs; a run it cuts through is a cell
//     spanning columns (a group header, a caption, a long label).
//   - Cells (rows.go): runs of one column set tight one under the other
//     are the lines of one cell when the upper line is full, the lower one
//     is aligned with it and starts no new item, no sibling stands beside
//     it, and they are not the labels of two rows that both hold values.
//   - Row edges (rows.go): two cells one above the other in a column need
//     an edge between them, and a caption is a row of its own; one edge
//     serves every gap it passes through and is put where it cuts the
//     fewest cells. Group labels (set in a column of their own beside the
//     row labels) may be cut: they span rows.
//   - Empty places are filled as a ruled table would have them (fill.go):
//     a group label spans the rows beside it up to the next group (split
//     where each group's text is centred, or where the row labels restart
//     at 1); a row label reaches over empty label columns to its right; a
//     header cell reaches over empty header rows; a header cell centred
//     over empty columns spans them, and so does a value alone under a
//     spanning header; a caption row spans the table; empty label places
//     at the top or bottom are one cell, a group label cut by a page
//     break. Value cells stay one per column, blank ones included.

// icell is a cell being built: tokens and the grid rectangle it covers.
type icell struct {
	toks           []*token
	c0, c1         int
	r0, r1         int
	x0, y0, x1, y1 float64
	group, value   bool
	anchor         int // band of the values beside it, -1 if none
}

func (c *icell) add(t *token) {
	if len(c.toks) == 0 {
		c.x0, c.y0, c.x1, c.y1 = t.x0, t.y0, t.x1, t.y1
		c.c0, c.c1 = t.c0, t.c1
	} else {
		c.x0, c.y0 = math.Min(c.x0, t.x0), math.Min(c.y0, t.y0)
		c.x1, c.y1 = math.Max(c.x1, t.x1), math.Max(c.y1, t.y1)
		c.c0, c.c1 = min(c.c0, t.c0), max(c.c1, t.c1)
	}
	c.toks = append(c.toks, t)
	t.cell = c
}

func (c *icell) last() *token { return c.toks[len(c.toks)-1] }

// interval is an open interval that must hold an edge.
type interval struct{ lo, hi float64 }

// inferGrid builds the table of one region from its tokens and rulings,
// or returns nil when the text does not make a table of at least two
// columns.
//
// fixed, when not nil, are column edges of the table this one continues
// across a page break: they are edges here too, so that both parts have
// the same columns; fixedV is the left edge of that table's first value
// column (-1 if unknown).
func inferGrid(src *textSource, fixed []float64, fixedV float64, page int) *ptable {
	t, missing := inferPass(src, fixed, fixedV, nil, page)
	if len(missing) > 0 {
		// Text of two cells side by side fell in one column: build again
		// with the edges between them.
		if t2, _ := inferPass(src, fixed, fixedV, missing, page); t2 != nil {
			return t2
		}
	}
	return t
}

// inferPass builds the grid once, with extra column edges, and returns
// the column edges the text shows to be missing.
func inferPass(src *textSource, fixed []float64, fixedV float64, extra []float64, page int) (*ptable, []float64) {
	toks, hs, vs := src.toks, src.hs, src.vs
	bx0, by0, bx1, by1 := src.box.x0, src.box.y0, src.box.x1, src.box.y1
	var horiz []*token
	sizes := make([]float64, 0, len(toks))
	for _, t := range toks {
		t.group, t.cell, t.band, t.caption = false, nil, -1, false
		if !t.vertical {
			horiz = append(horiz, t)
		}
		sizes = append(sizes, t.size)
	}
	if len(horiz) < 2 {
		return nil, nil
	}
	sort.Float64s(sizes)
	em := math.Max(sizes[len(sizes)/2], 1)
	// Inside a table, a gap of half an em between glyphs parts cells (text
	// in cells has none; cells set close together have little more).
	horiz = splitGaps(horiz, cellGap)
	toks = append(append([]*token(nil), horiz...), verticalOnly(toks)...)
	if fixed != nil {
		for _, t := range toks {
			if t.x0 < fixed[0]-2*em || t.x1 > fixed[len(fixed)-1]+2*em {
				return nil, nil
			}
		}
	}
	// The table's box: text and rulings.
	for _, t := range toks {
		bx0, bx1 = math.Min(bx0, t.x0-1), math.Max(bx1, t.x1+1)
		by0, by1 = math.Min(by0, t.y0-1), math.Max(by1, t.y1+1)
	}

	xs := columnEdges(toks, horiz, hs, vs, fixed, extra, bx0, bx1, em)
	horiz = splitAtEdges(horiz, xs, em)
	toks = append(horiz, verticalOnly(toks)...)
	if len(xs) < 3 {
		return nil, nil
	}
	nc := len(xs) - 1
	bands := makeBands(horiz)
	for i, b := range bands {
		for _, t := range b.toks {
			t.band = i
			t.anchored = !t.value && b.values > 0
		}
	}
	for _, t := range toks {
		t.c0, t.c1 = columnsOf(t, xs, em)
	}
	v := valueStart(toks, bands, nc)
	if fixedV >= 0 {
		for k, x := range xs[:nc] {
			if math.Abs(x-fixedV) <= lineTol {
				v = min(v, k)
			}
		}
	}
	markGroups(toks, v, em)
	cells := joinCells(toks, bands, xs)
	ys := rowEdges(cells, hs, by0, by1, em)
	nr := len(ys) - 1
	if nr < 1 || nr*nc > 20000 {
		return nil, nil
	}
	for _, c := range cells {
		c.r0, c.r1 = rowsOf(c, ys)
	}
	g := &igrid{nr: nr, nc: nc, xs: xs, ys: ys, v: v, em: em, centre: columnCentres(toks, xs)}
	g.place(cells, hs, vs)
	g.firstData = g.findFirstData()
	// A header without data rows above empty space in the table's box:
	// the space is a row of blank cells.
	if low := lowest(toks); g.firstData == nr && by0 < low-1.2*em && nr+1 <= 20000/nc {
		ys = append(ys[:nr:nr], low-0.3*em, by0)
		nr++
		for _, c := range cells {
			c.r0, c.r1 = rowsOf(c, ys)
		}
		g = &igrid{nr: nr, nc: nc, xs: xs, ys: ys, v: v, em: em, centre: g.centre}
		g.place(cells, hs, vs)
		g.firstData = nr - 1
	}
	g.captions()
	g.spanUnderHeaders()
	g.growHeader()
	g.extendLabels()
	g.extendGroups()
	g.continueLabels()
	t := g.table(page)
	t.aligned = true
	t.src = src
	return t, g.missing
}

// textSource is what a table was rebuilt from, kept to rebuild it in the
// columns of the table it continues.
type textSource struct {
	toks []*token
	hs   []hseg
	vs   []vseg
	box  box
}

func verticalOnly(toks []*token) []*token {
	var out []*token
	for _, t := range toks {
		if t.vertical {
			out = append(out, t)
		}
	}
	return out
}

// cellGap is the gap, in em, that parts two cells' text inside a table.
const cellGap = 0.5

// splitGaps cuts runs at gaps of at least gap em between glyphs (spaces
// drawn as glyphs bridge a gap).
func splitGaps(toks []*token, gap float64) []*token {
	var out []*token
	for _, t := range toks {
		gs := t.glyphs
		start := 0
		for k := 1; k < len(gs); k++ {
			a, b := gs[k-1], gs[k]
			if isSpaceGlyph(a) || isSpaceGlyph(b) {
				continue
			}
			if b.X0-a.X1 >= gap*math.Max(math.Max(a.Size, b.Size), 1) {
				if l := finishLine(&line{glyphs: gs[start:k:k]}, false); l.text != "" {
					out = append(out, newToken(l))
				}
				start = k
			}
		}
		if start == 0 {
			out = append(out, t)
			continue
		}
		if l := finishLine(&line{glyphs: gs[start:]}, false); l.text != "" {
			out = append(out, newToken(l))
		}
	}
	return out
}

// splitAtEdges cuts runs where a column edge passes through a gap between
// their glyphs (cells set closer than the run-splitting gap).
func splitAtEdges(toks []*token, xs []float64, em float64) []*token {
	var out []*token
	for _, t := range toks {
		out = append(out, splitToken(t, xs, em)...)
	}
	return out
}

func splitToken(t *token, xs []float64, em float64) []*token {
	gs := t.glyphs
	for _, x := range xs[1 : len(xs)-1] {
		if x <= t.x0 || x >= t.x1 {
			continue
		}
		for k := 1; k < len(gs); k++ {
			a, b := gs[k-1], gs[k]
			if isSpaceGlyph(b) {
				continue
			}
			// The last non-space glyph before b.
			j := k - 1
			for j > 0 && isSpaceGlyph(gs[j]) {
				j--
			}
			a = gs[j]
			if a.X1 <= x+0.05*em && b.X0 >= x-0.05*em && b.X0-a.X1 >= 0.15*em {
				l := finishLine(&line{glyphs: gs[:k:k]}, false)
				r := finishLine(&line{glyphs: gs[k:]}, false)
				if l.text == "" || r.text == "" {
					break
				}
				return append(splitToken(newToken(l), xs, em), splitToken(newToken(r), xs, em)...)
			}
		}
	}
	return []*token{t}
}

// columnsOf returns the columns a token covers: those it overlaps by more
// than a fifth of an em (or of its width).
func columnsOf(t *token, xs []float64, em float64) (int, int) {
	nc := len(xs) - 1
	need := math.Min(0.2*em, 0.4*t.width())
	c0, c1 := -1, -1
	for k := 0; k < nc; k++ {
		ov := math.Min(t.x1, xs[k+1]) - math.Max(t.x0, xs[k])
		if ov > need {
			if c0 < 0 {
				c0 = k
			}
			c1 = k
		}
	}
	if c0 < 0 {
		cx := t.cx()
		c0 = min(max(sort.SearchFloat64s(xs, cx)-1, 0), nc-1)
		c1 = c0
	}
	return c0, c1
}

// valueStart returns the first value column: the leftmost column holding
// a number. A table without numbers (all cells blank) has its labels in
// the columns its lowest rows use.
func valueStart(toks []*token, bands []*band, nc int) int {
	v := nc
	for _, t := range toks {
		if t.value {
			v = min(v, t.c0)
		}
	}
	if v < nc {
		return v
	}
	v = -1
	for i := len(bands) - 1; i >= 0 && i >= len(bands)-max(1, len(bands)/3); i-- {
		b := bands[i]
		if len(b.toks) >= 3 {
			continue
		}
		for _, t := range b.toks {
			v = max(v, t.c1+1)
		}
	}
	if v < 0 || v >= nc {
		return 0
	}
	return v
}

// markGroups flags group labels: label runs with another label run to
// their right at the same height (a group label set beside the row
// labels it spans). A column where most runs are such is a group column.
func markGroups(toks []*token, v int, em float64) {
	type key struct{ c0, c1 int }
	n, hits := map[key]int{}, map[key]int{}
	for _, t := range toks {
		if t.value || t.c1 >= v {
			continue
		}
		k := key{t.c0, t.c1}
		n[k]++
		y0, y1 := t.y0-0.5*t.em(), t.y1+0.5*t.em()
		for _, u := range toks {
			if u.value || u.c0 <= t.c1 || u.c1 >= v || u == t {
				continue
			}
			if u.y0 < y1 && u.y1 > y0 {
				t.group = true
				hits[k]++
				break
			}
		}
	}
	for _, t := range toks {
		if t.value || t.c1 >= v {
			continue
		}
		k := key{t.c0, t.c1}
		if hits[k]*2 >= n[k] && hits[k] > 0 {
			t.group = true
		}
	}
}
