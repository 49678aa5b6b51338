package geom

import (
	"math"
	"sort"
)

// Tables without (enough) ruling lines are found from text alignment:
// consecutive text rows that each consist of several runs separated by
// wide gaps, where the gaps line up into columns across all rows.

// openRegion is the area between horizontal rulings that no vertical
// ruling crosses: a table drawn with horizontal rules only.
type openRegion struct {
	x0, x1, y0, y1 float64
}

// span is an interval on the x axis.
type span struct{ a, b float64 }

type textRow struct {
	pieces []*line
	cy     float64
	y0, y1 float64
	size   float64
}

// alignTables finds borderless tables among lines (runs already split at
// wide gaps). It returns the tables and the lines not used by them.
func alignTables(ls []*line, page int, open []openRegion) ([]*ptable, []*line) {
	var hs []*line
	var rest []*line
	for _, l := range ls {
		if l.vertical || l.text == "" {
			rest = append(rest, l)
		} else {
			hs = append(hs, l)
		}
	}
	if len(hs) < 4 {
		return nil, ls
	}
	sort.SliceStable(hs, func(i, j int) bool { return hs[i].cy() > hs[j].cy() })
	var rows []*textRow
	for _, l := range hs {
		if n := len(rows); n > 0 {
			r := rows[n-1]
			if math.Abs(l.cy()-r.cy) <= 0.4*math.Max(math.Min(l.size, r.size), 1) {
				r.pieces = append(r.pieces, l)
				r.y0, r.y1 = math.Min(r.y0, l.y0), math.Max(r.y1, l.y1)
				continue
			}
		}
		rows = append(rows, &textRow{pieces: []*line{l}, cy: l.cy(), y0: l.y0, y1: l.y1, size: l.size})
	}
	for _, r := range rows {
		sort.Slice(r.pieces, func(i, j int) bool { return r.pieces[i].x0 < r.pieces[j].x0 })
	}
	inOpen := func(r *textRow) bool {
		for _, o := range open {
			if r.cy > o.y0 && r.cy < o.y1 {
				return true
			}
		}
		return false
	}
	used := map[*line]bool{}
	var tables []*ptable
	for i := 0; i < len(rows); {
		if len(rows[i].pieces) < 2 {
			i++
			continue
		}
		// Extend the block; a one-run row set tight under a table row is
		// a cell's wrapped line and joins that row.
		block := []*textRow{rows[i]}
		j := i + 1
		for ; j < len(rows); j++ {
			prev, r := block[len(block)-1], rows[j]
			gap := prev.y0 - r.y1
			em := math.Max(r.size, 1)
			if len(r.pieces) >= 2 && gap < 2.5*em {
				block = append(block, r)
				continue
			}
			if len(r.pieces) == 1 && gap < 2.5*em && j+1 < len(rows) &&
				len(rows[j+1].pieces) >= 2 && r.y0-rows[j+1].y1 < 0.6*em {
				// A cell's first line set above the row's middle: it
				// belongs to the row below.
				next := *rows[j+1]
				next.pieces = append(append([]*line(nil), rows[j+1].pieces...), r.pieces...)
				next.y1 = math.Max(next.y1, r.y1)
				block = append(block, &next)
				j++
				continue
			}
			if len(r.pieces) == 1 && gap < 0.6*em && j+1 < len(rows) {
				merged := *prev
				merged.pieces = append(append([]*line(nil), prev.pieces...), r.pieces...)
				merged.y0 = math.Min(prev.y0, r.y0)
				block[len(block)-1] = &merged
				continue
			}
			break
		}
		minRows := 3
		if inOpen(block[0]) {
			minRows = 2
		}
		if len(block) >= minRows {
			if t := alignedTable(block, page); t != nil {
				tables = append(tables, t)
				for _, r := range block {
					for _, p := range r.pieces {
						used[p] = true
					}
				}
			}
		}
		i = j
	}
	for _, l := range hs {
		if !used[l] {
			rest = append(rest, l)
		}
	}
	return tables, rejoin(rest)
}

// rejoin merges runs on one baseline separated by less than joinGap em
// back into lines, for paragraphs.
func rejoin(ls []*line) []*line {
	const joinGap = 4.0
	var h []Glyph
	var out []*line
	for _, l := range ls {
		if l.vertical {
			out = append(out, l)
			continue
		}
		h = append(h, l.glyphs...)
	}
	return append(horizontalLines(h, joinGap), out...)
}

// alignedTable makes a table of the rows when their runs fall into at
// least two columns separated by gaps common to all rows.
func alignedTable(rows []*textRow, page int) *ptable {
	// Column gaps from the rows with the most runs; runs of other rows
	// (a header whose cells are set close together) are split there.
	most := 0
	for _, r := range rows {
		most = max(most, len(r.pieces))
	}
	var ivs []span
	for _, r := range rows {
		if len(r.pieces) >= min(most, 3) {
			for _, p := range r.pieces {
				ivs = append(ivs, span{p.x0, p.x1})
			}
		}
	}
	sort.Slice(ivs, func(i, j int) bool { return ivs[i].a < ivs[j].a })
	// Glyph extents of all rows: a separator must not cross a glyph.
	var glyphs []span
	for _, r := range rows {
		for _, p := range r.pieces {
			for _, g := range p.glyphs {
				if !isSpaceGlyph(g) {
					glyphs = append(glyphs, span{g.X0, g.X1})
				}
			}
		}
	}
	sort.Slice(glyphs, func(i, j int) bool { return glyphs[i].a < glyphs[j].a })
	var seps []float64
	end := ivs[0].b
	minGap := 0.3 * rows[0].size
	for _, v := range ivs[1:] {
		if v.a-end >= minGap {
			if sep, ok := freeGap(end, v.a, glyphs, 0.15*rows[0].size); ok {
				seps = append(seps, sep)
			}
		}
		end = math.Max(end, v.b)
	}
	if len(seps) == 0 {
		return nil
	}
	x0, x1 := ivs[0].a, end
	for _, r := range rows {
		for _, p := range r.pieces {
			x0, x1 = math.Min(x0, p.x0), math.Max(x1, p.x1)
		}
	}
	xs := append([]float64{x0 - 1}, seps...)
	xs = append(xs, x1+1)
	nr, nc := len(rows), len(xs)-1
	colOf := func(x float64) int { return min(max(sort.SearchFloat64s(xs, x)-1, 0), nc-1) }
	// Every row must use at least two columns, or it is not tabular.
	for _, r := range rows {
		cols := map[int]bool{}
		for _, p := range r.pieces {
			for _, g := range p.glyphs {
				cols[colOf((g.X0+g.X1)/2)] = true
			}
		}
		if len(cols) < 2 {
			return nil
		}
	}
	ys := []float64{rows[0].y1 + 1}
	for k := 1; k < len(rows); k++ {
		ys = append(ys, (rows[k-1].y0+rows[k].y1)/2)
	}
	ys = append(ys, rows[len(rows)-1].y0-1)
	t := &ptable{page: page, nrows: nr, xs: xs, ys: ys, x0: xs[0], x1: xs[nc], y0: ys[nr], y1: ys[0], aligned: true}
	t.grid = make([][]*pcell, nr)
	for r := 0; r < nr; r++ {
		t.grid[r] = make([]*pcell, nc)
		for c := 0; c < nc; c++ {
			pc := &pcell{row: r, col: c, rowSpan: 1, colSpan: 1, page: page,
				x0: xs[c], x1: xs[c+1], y0: ys[r+1], y1: ys[r]}
			t.grid[r][c] = pc
			t.cells = append(t.cells, pc)
		}
	}
	for r, row := range rows {
		for _, p := range row.pieces {
			for _, g := range p.glyphs {
				c := colOf((g.X0 + g.X1) / 2)
				t.grid[r][c].glyphs = append(t.grid[r][c].glyphs, g)
			}
		}
	}
	t.fillText()
	return t
}

// freeGap returns the middle of the widest part of (a, b) that no glyph
// interval covers, if it is at least minW wide.
func freeGap(a, b float64, glyphs []span, minW float64) (float64, bool) {
	best, bestW := 0.0, -1.0
	cur := a
	for _, g := range glyphs {
		if g.b <= cur || g.a >= b {
			if g.a >= b {
				break
			}
			continue
		}
		if g.a > cur && g.a-cur > bestW {
			best, bestW = (cur+g.a)/2, g.a-cur
		}
		cur = math.Max(cur, g.b)
	}
	if b > cur && b-cur > bestW {
		best, bestW = (cur+b)/2, b-cur
	}
	return best, bestW >= minW
}
