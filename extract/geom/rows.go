package geom

import (
	"math"
	"sort"
)

// Cells and row edges of a table rebuilt from text.

// joinCells joins the lines of multi-line cells, top to bottom.
func joinCells(toks []*token, bands []*band, xs []float64) []*icell {
	// The widest run of each column set: a line that wide is full, so the
	// text went on below it.
	type key struct{ c0, c1 int }
	widest := map[key]float64{}
	for _, t := range toks {
		if !t.value && !t.vertical {
			k := key{t.c0, t.c1}
			widest[k] = math.Max(widest[k], t.width())
		}
	}
	order := append([]*token(nil), toks...)
	sort.SliceStable(order, func(i, j int) bool {
		a, b := order[i], order[j]
		if a.vertical != b.vertical {
			return !a.vertical
		}
		if math.Abs(a.cy()-b.cy()) > 0.01 {
			return a.cy() > b.cy()
		}
		return a.x0 < b.x0
	})
	var cells []*icell
	var open []*icell // cells that may go on below
	for _, t := range order {
		// Cells ending well above t cannot go on.
		kept := open[:0]
		for _, c := range open {
			if c.last().y0-t.y1 <= 2*t.em() {
				kept = append(kept, c)
			}
		}
		open = kept
		if t.vertical {
			c := &icell{group: t.group, anchor: -1}
			c.add(t)
			cells = append(cells, c)
			continue
		}
		var up *icell
		if !t.value {
			// The nearest cell above in the same columns.
			for _, c := range open {
				u := c.last()
				if c.c1 < t.c0 || c.c0 > t.c1 || u.cy() <= t.cy()+0.3*t.em() {
					continue
				}
				if up == nil || u.cy() < up.last().cy() {
					up = c
				}
			}
		}
		if up != nil && continuesCell(up, t, widest[key{up.last().c0, up.last().c1}], xs) && !hasSibling(bands[t.band], t, up) {
			t.group = up.group
			up.add(t)
			if t.anchored {
				up.anchor = t.band
			}
			continue
		}
		c := &icell{group: t.group, value: t.value, anchor: -1}
		if t.anchored || t.value {
			c.anchor = t.band
		}
		c.add(t)
		cells = append(cells, c)
		open = append(open, c)
	}
	return cells
}

// hasSibling reports whether band b holds another run under cell c: then
// the runs are cells under a spanning header, not a wrapped line.
func hasSibling(b *band, t *token, c *icell) bool {
	for _, u := range b.toks {
		if u != t && u.c0 <= c.c1 && u.c1 >= c.c0 {
			return true
		}
	}
	return false
}

// continuesCell reports whether run t is the next line of cell c.
func continuesCell(c *icell, t *token, widest float64, xs []float64) bool {
	u := c.last()
	if c.value || u.bold != t.bold || t.item {
		return false
	}
	em := math.Max(math.Min(u.size, t.size), 1)
	if gap := u.y0 - t.y1; gap > 0.8*em || gap < -0.3*em {
		return false
	}
	left := math.Abs(t.x0-c.toks[0].x0) <= 0.6*em
	centred := math.Abs(t.cx()-u.cx()) <= 0.6*em && t.width() <= u.width()+0.6*em
	if !left && !centred {
		return false
	}
	// The last line of a row label, set in fewer columns than the label,
	// may look like a group label beside the next row's label.
	if c.group != t.group && (c.group || !left || t.c0 < c.c0 || t.c1 > c.c1) {
		return false
	}
	// The line above must be full: as wide as the widest line of its
	// columns, and reaching near their right edge. Else it ended short,
	// and t starts a new cell.
	if u.width() < widest-1.5*em || u.x1 < xs[u.c1+1]-2*em {
		return false
	}
	// Two row labels that each sit beside values are two rows.
	if !c.group && c.anchor >= 0 && t.anchored && t.band != c.anchor {
		return false
	}
	return true
}

// rowEdges returns the row edges, top to bottom: the rulings' rules, and
// an edge between every two cells one above the other in a column that
// no rule separates.
func rowEdges(cells []*icell, hs []hseg, y0, y1, em float64) []float64 {
	var ruled []float64
	for _, h := range hs {
		ruled = append(ruled, h.y)
	}
	ruled = cluster(ruled, lineTol)
	top, bot := y1, y0
	var inner []float64
	for _, y := range ruled {
		switch {
		case y >= y1-0.5*em:
			top = math.Max(top, y)
		case y <= y0+0.5*em:
			bot = math.Min(bot, y)
		default:
			inner = append(inner, y)
		}
	}
	nc := 0
	for _, c := range cells {
		nc = max(nc, c.c1+1)
	}
	byCol := make([][]*icell, nc)
	for _, c := range cells {
		for k := c.c0; k <= c.c1; k++ {
			byCol[k] = append(byCol[k], c)
		}
	}
	type req struct {
		iv     interval
		values bool
		a, b   *icell
	}
	var reqs []req
	for _, col := range byCol {
		sort.Slice(col, func(i, j int) bool { return col[i].y1 > col[j].y1 })
		for i := 1; i < len(col); i++ {
			a, b := col[i-1], col[i]
			if a.y0 > b.y1 {
				reqs = append(reqs, req{interval{b.y1, a.y0}, a.value && b.value, a, b})
			}
		}
	}
	// A cell spanning columns (a sub-heading across the table) is a row
	// of its own between cells of other columns that end above it or
	// start below it: it is not a line of their rows (a row label whose
	// values are blank, above the heading of the next group).
	for _, b := range cells {
		if b.c1 == b.c0 || b.group || b.value {
			continue
		}
		var above, below *icell
		for _, a := range cells {
			if a == b || a.group || a.c1 >= b.c0 && a.c0 <= b.c1 {
				continue
			}
			if a.y0 > b.y1 && (above == nil || a.y0 < above.y0) {
				above = a
			}
			if a.y1 < b.y0 && (below == nil || a.y1 > below.y1) {
				below = a
			}
		}
		if above != nil {
			reqs = append(reqs, req{interval{b.y1, above.y0}, false, above, b})
		}
		if below != nil {
			reqs = append(reqs, req{interval{below.y1, b.y0}, false, b, below})
		}
	}
	// A caption is a row of its own: edges above and below it, whatever
	// the columns of its neighbours.
	for _, c := range cells {
		if len(c.toks) != 1 || !c.toks[0].caption {
			continue
		}
		var above, below *icell
		for _, o := range cells {
			if o.y0 >= c.y1 && (above == nil || o.y0 < above.y0) {
				above = o
			}
			if o.y1 <= c.y0 && (below == nil || o.y1 > below.y1) {
				below = o
			}
		}
		if above != nil {
			reqs = append(reqs, req{interval{c.y1, above.y0}, false, above, c})
		}
		if below != nil {
			reqs = append(reqs, req{interval{below.y1, c.y0}, false, c, below})
		}
	}
	// Two lines of text in the same columns with a cell beside them that
	// no edge could pass between are one cell set beside it (a header
	// cell wrapped oddly, centred with its neighbour).
	crossed := func(r req) bool {
		if r.a.value || r.b.value || r.a.c0 != r.b.c0 || r.a.c1 != r.b.c1 || r.b.toks[0].item || r.a.group || r.b.group {
			return false
		}
		for _, c := range cells {
			if c != r.a && c != r.b && !c.group && c.y1 > r.iv.hi && c.y0 < r.iv.lo && (c.c1 < r.a.c0 || c.c0 > r.a.c1) {
				return true
			}
		}
		return false
	}
	hit := func(iv interval) bool {
		for _, y := range inner {
			if y > iv.lo && y < iv.hi {
				return true
			}
		}
		return false
	}
	// Rules between all rows of values: the rules are the rows, and lines
	// of text inside a ruled row are lines of one cell.
	complete := len(inner) > 0
	for _, r := range reqs {
		if r.values && !hit(r.iv) {
			complete = false
			break
		}
	}
	var need []interval
	for _, r := range reqs {
		if complete && !r.values || crossed(r) {
			continue
		}
		need = append(need, r.iv)
	}
	// Cells an edge should not cut: all but group labels.
	var solid []interval
	m := 0.1 * em
	for _, c := range cells {
		if !c.group && c.y1-c.y0 > 2*m {
			solid = append(solid, interval{c.y0 + m, c.y1 - m})
		}
	}
	sort.Slice(solid, func(i, j int) bool { return solid[i].lo < solid[j].lo })
	cuts := stab(need, inner, func(lo, hi float64) float64 { return leastCovered(lo, hi, solid) })
	edges := append(append([]float64{top, bot}, cuts...), inner...)
	sort.Sort(sort.Reverse(sort.Float64Slice(edges)))
	out := edges[:1]
	for _, e := range edges[1:] {
		if out[len(out)-1]-e > em/4 {
			out = append(out, e)
		}
	}
	return out
}

// lowest returns the bottom of the lowest token.
func lowest(toks []*token) float64 {
	y := math.Inf(1)
	for _, t := range toks {
		y = math.Min(y, t.y0)
	}
	return y
}

// columnCentres returns the middle of each column's text: the median
// centre of the runs in that column alone, else the middle of its edges.
func columnCentres(toks []*token, xs []float64) []float64 {
	nc := len(xs) - 1
	var per = make([][]float64, nc)
	for _, t := range toks {
		if t.c0 == t.c1 && !t.vertical {
			per[t.c0] = append(per[t.c0], t.cx())
		}
	}
	out := make([]float64, nc)
	for k := range out {
		if len(per[k]) == 0 {
			out[k] = (xs[k] + xs[k+1]) / 2
			continue
		}
		sort.Float64s(per[k])
		out[k] = per[k][len(per[k])/2]
	}
	return out
}

// rowsOf returns the rows a cell covers (ys descending).
func rowsOf(c *icell, ys []float64) (int, int) {
	nr := len(ys) - 1
	h := c.y1 - c.y0
	need := math.Min(0.25*h, 1)
	r0, r1 := -1, -1
	for r := 0; r < nr; r++ {
		ov := math.Min(c.y1, ys[r]) - math.Max(c.y0, ys[r+1])
		if ov > need {
			if r0 < 0 {
				r0 = r
			}
			r1 = r
		}
	}
	if r0 < 0 {
		cy := (c.y0 + c.y1) / 2
		r0 = nr - 1
		for r := 0; r < nr; r++ {
			if cy >= ys[r+1] {
				r0 = r
				break
			}
		}
		r1 = r0
	}
	return r0, r1
}
