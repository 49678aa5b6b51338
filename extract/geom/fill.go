package geom

import (
	"math"
	"sort"

	"github.com/nianbao/nianbao/normalize"
)

// Filling the grid of a table rebuilt from text: placing the cells and
// giving empty places to the cells a ruled table would have there.

// igrid is the grid being filled: every position holds a cell (nil when
// empty).
type igrid struct {
	nr, nc    int
	xs, ys    []float64
	v         int // first value column
	firstData int // first row of data (below the header)
	em        float64
	centre    []float64 // where each column's text is centred
	cells     []*icell
	at        [][]*icell
	missing   []float64 // column edges the text shows to be missing
}

// place puts the cells in the grid. Cells that overlap are one cell, and
// so are the places on both sides of a ruling that stops short.
func (g *igrid) place(cells []*icell, hs []hseg, vs []vseg) {
	g.at = make([][]*icell, g.nr)
	for r := range g.at {
		g.at[r] = make([]*icell, g.nc)
	}
	// Group labels go last: they give way to the cells they overlap at
	// their ends (a group's first line may reach into the row above).
	for _, c := range cells {
		if !c.group {
			g.put(c)
		}
	}
	for _, c := range cells {
		if c.group {
			for c.r0 < c.r1 && !g.free(c.r0, c.r0, c.c0, c.c1) {
				c.r0++
			}
			for c.r1 > c.r0 && !g.free(c.r1, c.r1, c.c0, c.c1) {
				c.r1--
			}
			g.put(c)
		}
	}
	// Rulings that stop short merge the places on both sides, as in a
	// ruled grid.
	if len(vs) > 0 {
		for k := 1; k < g.nc; k++ {
			x := g.xs[k]
			if !ruledX(vs, x) {
				continue
			}
			for r := 0; r < g.nr; r++ {
				top, bot := g.ys[r], g.ys[r+1]
				h := top - bot
				if !vCovers(vs, x, top-0.3*h, bot+0.3*h) {
					g.join(r, k-1, r, k)
				}
			}
		}
	}
	if len(hs) > 0 {
		for r := 1; r < g.nr; r++ {
			y := g.ys[r]
			if !ruledY(hs, y) {
				continue
			}
			for k := 0; k < g.nc; k++ {
				w := g.xs[k+1] - g.xs[k]
				if !hCovers(hs, y, g.xs[k]+0.3*w, g.xs[k+1]-0.3*w) {
					g.join(r-1, k, r, k)
				}
			}
		}
	}
}

func ruledX(vs []vseg, x float64) bool {
	for _, v := range vs {
		if math.Abs(v.x-x) <= lineTol {
			return true
		}
	}
	return false
}

func ruledY(hs []hseg, y float64) bool {
	for _, h := range hs {
		if math.Abs(h.y-y) <= lineTol {
			return true
		}
	}
	return false
}

func vCovers(vs []vseg, x, ya, yb float64) bool {
	for _, v := range vs {
		if math.Abs(v.x-x) <= lineTol && v.y0 <= yb+coverTol && v.y1 >= ya-coverTol {
			return true
		}
	}
	return false
}

func hCovers(hs []hseg, y, xa, xb float64) bool {
	for _, h := range hs {
		if math.Abs(h.y-y) <= lineTol && h.x0 <= xa+coverTol && h.x1 >= xb-coverTol {
			return true
		}
	}
	return false
}

// put places c, merging it with the cells it overlaps.
func (g *igrid) put(c *icell) {
	for {
		var hit *icell
		for r := c.r0; r <= c.r1 && hit == nil; r++ {
			for k := c.c0; k <= c.c1; k++ {
				if o := g.at[r][k]; o != nil && o != c {
					hit = o
					break
				}
			}
		}
		if hit == nil {
			break
		}
		// Text of two cells apart side by side in one place: a column
		// edge is missing between them.
		if len(c.toks) > 0 && len(hit.toks) > 0 {
			a, b := c, hit
			if b.x0 < a.x0 {
				a, b = b, a
			}
			if b.x0-a.x1 >= 0.3*g.em {
				g.missing = append(g.missing, (a.x1+b.x0)/2)
			}
		}
		g.remove(hit)
		c = merge(c, hit)
	}
	for r := c.r0; r <= c.r1; r++ {
		for k := c.c0; k <= c.c1; k++ {
			g.at[r][k] = c
		}
	}
	g.cells = append(g.cells, c)
}

func (g *igrid) remove(c *icell) {
	for r := c.r0; r <= c.r1; r++ {
		for k := c.c0; k <= c.c1; k++ {
			if g.at[r][k] == c {
				g.at[r][k] = nil
			}
		}
	}
	for i, o := range g.cells {
		if o == c {
			g.cells = append(g.cells[:i], g.cells[i+1:]...)
			break
		}
	}
}

// merge returns a cell holding both cells' tokens and covering both.
func merge(a, b *icell) *icell {
	m := &icell{anchor: -1, group: a.group && b.group}
	for _, t := range a.toks {
		m.add(t)
	}
	for _, t := range b.toks {
		m.add(t)
	}
	m.r0, m.r1 = min(a.r0, b.r0), max(a.r1, b.r1)
	m.c0, m.c1 = min(a.c0, b.c0, m.c0), max(a.c1, b.c1, m.c1)
	m.value = a.value && b.value && len(m.toks) == 1
	return m
}

// join makes the places (r0, k0) and (r1, k1) one cell.
func (g *igrid) join(r0, k0, r1, k1 int) {
	a, b := g.at[r0][k0], g.at[r1][k1]
	switch {
	case a != nil && a == b:
		return
	case a == nil && b == nil:
		c := &icell{anchor: -1, r0: min(r0, r1), r1: max(r0, r1), c0: min(k0, k1), c1: max(k0, k1)}
		g.put(c)
	case a == nil:
		g.remove(b)
		b.r0, b.r1 = min(b.r0, r0), max(b.r1, r0)
		b.c0, b.c1 = min(b.c0, k0), max(b.c1, k0)
		g.put(b)
	case b == nil:
		g.remove(a)
		a.r0, a.r1 = min(a.r0, r1), max(a.r1, r1)
		a.c0, a.c1 = min(a.c0, k1), max(a.c1, k1)
		g.put(a)
	default:
		g.remove(a)
		g.remove(b)
		g.put(merge(a, b))
	}
}

// findFirstData returns the first row of data: the first holding a
// value, or before it the first with a label and nothing in the value
// columns (a row whose values are all blank).
func (g *igrid) findFirstData() int {
	first := g.nr
	label := make([]bool, g.nr)
	valueText := make([]bool, g.nr)
	for _, c := range g.cells {
		if len(c.toks) == 0 {
			continue
		}
		if c.value {
			first = min(first, c.r0)
		}
		if c.c1 >= g.v {
			for r := c.r0; r <= c.r1; r++ {
				valueText[r] = true
			}
		} else {
			label[c.r0] = true
		}
	}
	for r := 0; r < first; r++ {
		if label[r] && !valueText[r] {
			return r
		}
	}
	return first
}

// free reports whether the places of rows r0..r1, columns k0..k1 are all
// empty.
func (g *igrid) free(r0, r1, k0, k1 int) bool {
	if r0 < 0 || k0 < 0 || r1 >= g.nr || k1 >= g.nc {
		return false
	}
	for r := r0; r <= r1; r++ {
		for k := k0; k <= k1; k++ {
			if g.at[r][k] != nil {
				return false
			}
		}
	}
	return true
}

// grow extends c to rows r0..r1, columns k0..k1 (all free or c's own).
func (g *igrid) grow(c *icell, r0, r1, k0, k1 int) {
	for r := r0; r <= r1; r++ {
		for k := k0; k <= k1; k++ {
			g.at[r][k] = c
		}
	}
	c.r0, c.r1 = min(c.r0, r0), max(c.r1, r1)
	c.c0, c.c1 = min(c.c0, k0), max(c.c1, k1)
}

// captions makes a row whose only text is one run reaching over columns
// into the value columns (a caption row inside a table) span the table.
func (g *igrid) captions() {
	for r := 0; r < g.nr; r++ {
		var only *icell
		n := 0
		for k := 0; k < g.nc; k++ {
			c := g.at[r][k]
			if c == nil || k > 0 && c == g.at[r][k-1] {
				continue
			}
			n++
			only = c
		}
		if n != 1 || only.r0 != r || only.r1 != r || only.c1 == only.c0 || only.c1 < g.v || len(only.toks) == 0 {
			continue
		}
		// A caption is centred on the table (a header over some columns
		// is not).
		if math.Abs((only.x0+only.x1)/2-(g.xs[0]+g.xs[g.nc])/2) > 2*g.em {
			continue
		}
		if g.free(r, r, 0, only.c0-1) || only.c0 == 0 {
			if g.free(r, r, only.c1+1, g.nc-1) || only.c1 == g.nc-1 {
				g.grow(only, r, r, 0, g.nc-1)
			}
		}
	}
}

// spanUnderHeaders widens header cells and the values under them over
// columns that are empty in their rows: a header cell centred over empty
// neighbours spans them, and a value alone under a header cell that spans
// several columns spans them too (a sub-table of the stack whose value
// columns are merged).
func (g *igrid) spanUnderHeaders() {
	hasValue := make([]bool, g.nr)
	for _, c := range g.cells {
		if c.value {
			hasValue[c.r0] = true
		}
	}
	for r := 0; r < g.nr; r++ {
		// A header row: above a row of values, or the last row (the
		// values follow on the next page).
		if hasValue[r] || r+1 < g.nr && !hasValue[r+1] {
			continue
		}
		// Header cells of row r in the value columns.
		for k := g.v; k < g.nc; k++ {
			h := g.at[r][k]
			if h == nil || h.c0 != k || h.r1 != r || len(h.toks) == 0 || h.value {
				continue
			}
			cx := (h.x0 + h.x1) / 2
			for h.c0-1 >= g.v && h.c1+1 < g.nc && g.free(h.r0, h.r1, h.c0-1, h.c0-1) && g.free(h.r0, h.r1, h.c1+1, h.c1+1) {
				mid := (g.centre[h.c0-1] + g.centre[h.c1+1]) / 2
				if math.Abs(mid-cx) > g.em {
					break
				}
				g.grow(h, h.r0, h.r1, h.c0-1, h.c1+1)
			}
		}
		// Values alone under a spanning header cell.
		for d := r + 1; d < g.nr && hasValue[d]; d++ {
			for k := g.v; k < g.nc; k++ {
				c, h := g.at[d][k], g.at[r][k]
				if c == nil || !c.value || c.r0 != d || c.r1 != d || c.c0 != k || c.c1 != k || h == nil || h.c0 == h.c1 || h.c0 < g.v {
					continue
				}
				if g.free(d, d, h.c0, k-1) || h.c0 == k {
					if g.free(d, d, k+1, h.c1) || h.c1 == k {
						g.grow(c, d, d, h.c0, h.c1)
					}
				}
			}
		}
	}
}

// growHeader lets header cells reach over the empty header places above
// and below them, as merged header cells do.
func (g *igrid) growHeader() {
	if g.firstData <= 0 {
		return
	}
	cells := append([]*icell(nil), g.cells...)
	sort.SliceStable(cells, func(i, j int) bool { return cells[i].r0 > cells[j].r0 })
	for _, c := range cells {
		if len(c.toks) == 0 || c.r1 >= g.firstData {
			continue
		}
		for c.r0 > 0 && g.free(c.r0-1, c.r0-1, c.c0, c.c1) {
			g.grow(c, c.r0-1, c.r0-1, c.c0, c.c1)
		}
	}
	for _, c := range cells {
		if len(c.toks) == 0 || c.r1 >= g.firstData {
			continue
		}
		for c.r1+1 < g.firstData && g.free(c.r1+1, c.r1+1, c.c0, c.c1) {
			g.grow(c, c.r1+1, c.r1+1, c.c0, c.c1)
		}
	}
}

// extendLabels lets a row label reach over the empty label columns to its
// right.
func (g *igrid) extendLabels() {
	for _, c := range g.cells {
		if len(c.toks) == 0 || c.group || c.value || c.c1 >= g.v || c.r0 < g.firstData {
			continue
		}
		for c.c1+1 < g.v && g.free(c.r0, c.r1, c.c1+1, c.c1+1) {
			g.grow(c, c.r0, c.r1, c.c1+1, c.c1+1)
		}
	}
}

// extendGroups lets each group label span the rows beside it: up to the
// cell above it in its columns, and down to the next group label, the
// boundary between two groups put where each group's text sits in the
// middle of its rows, or where the row labels restart at 1.
func (g *igrid) extendGroups() {
	var groups []*icell
	for _, c := range g.cells {
		if c.group && len(c.toks) > 0 && c.c1 < g.v && c.r1 >= g.firstData {
			groups = append(groups, c)
		}
	}
	// Right to left: a group's row labels restarting at 1 are those of the
	// column to its right, which must span their rows first.
	sort.SliceStable(groups, func(i, j int) bool {
		if groups[i].c0 != groups[j].c0 {
			return groups[i].c0 > groups[j].c0
		}
		return groups[i].r0 < groups[j].r0
	})
	for i, c := range groups {
		// Up to the cell above (the previous group has already taken its
		// share). The first group of a column goes up no further than a
		// row label restarting at 1: the rows above it belong to a group
		// begun on the previous page.
		top := c.r0
		for top-1 >= g.firstData && g.free(top-1, top-1, c.c0, c.c1) {
			top--
		}
		if first := i == 0 || groups[i-1].c0 != c.c0 || groups[i-1].c1 != c.c1; first && top < c.r0 {
			var restarts []int
			for m := top; m <= c.r0; m++ {
				if g.restarts(m, c.c1+1) {
					restarts = append(restarts, m)
				}
			}
			if len(restarts) == 1 {
				top = restarts[0]
			}
		}
		if top < c.r0 {
			g.grow(c, top, c.r0-1, c.c0, c.c1)
		}
		// Down: find how far the free places go.
		end := c.r1
		for end+1 < g.nr && g.free(end+1, end+1, c.c0, c.c1) {
			end++
		}
		if end == c.r1 {
			continue
		}
		var next *icell
		if i+1 < len(groups) && groups[i+1].c0 == c.c0 && groups[i+1].c1 == c.c1 && groups[i+1].r0 == end+1 {
			next = groups[i+1]
		}
		if next == nil {
			g.grow(c, c.r1+1, end, c.c0, c.c1)
			continue
		}
		// Split the free rows between c and next: c takes rows up to
		// split-1.
		split := g.splitGroups(c, end)
		if split-1 > c.r1 {
			g.grow(c, c.r1+1, split-1, c.c0, c.c1)
		}
		if split <= end {
			g.grow(next, split, end, next.c0, next.c1)
		}
	}
}

// restarts reports whether row m's own label, the first at or right of
// column k in the label columns, starts with the ordinal 1 (1. （一） 一、).
func (g *igrid) restarts(m, k int) bool {
	for ; k < g.v; k++ {
		o := g.at[m][k]
		if o == nil || o.r0 != m || len(o.toks) == 0 {
			continue
		}
		ord, _ := normalize.SplitOrdinal(o.toks[0].text)
		return ord.Style != normalize.OrdNone && ord.Value == 1
	}
	return false
}

// continueLabels makes the empty places of a label column at the top and
// at the bottom of the data rows, beside row labels, one empty cell: a
// group label cut by a page break, whose text is on the other page.
func (g *igrid) continueLabels() {
	beside := func(r, k int) bool {
		for j := k + 1; j < g.v; j++ {
			if o := g.at[r][j]; o != nil && len(o.toks) > 0 && !o.group {
				return true
			}
		}
		return false
	}
	for k := 0; k+1 < g.v; k++ {
		r := g.firstData
		for r < g.nr && g.at[r][k] == nil && beside(r, k) {
			r++
		}
		if r-g.firstData >= 2 {
			g.put(&icell{anchor: -1, r0: g.firstData, r1: r - 1, c0: k, c1: k})
		}
		e := g.nr - 1
		for e >= r && g.at[e][k] == nil && beside(e, k) {
			e--
		}
		if g.nr-1-e >= 2 {
			g.put(&icell{anchor: -1, r0: e + 1, r1: g.nr - 1, c0: k, c1: k})
		}
	}
}

// splitGroups returns the first row of the group below c, which starts
// at end+1 now: a row between c.r1+1 and end+1.
func (g *igrid) splitGroups(c *icell, end int) int {
	lo, hi := c.r1+1, end+1
	// Row labels restarting at 1 start a group.
	var restarts []int
	for m := lo; m <= hi; m++ {
		if g.restarts(m, c.c1+1) {
			restarts = append(restarts, m)
		}
	}
	if len(restarts) == 1 {
		return restarts[0]
	}
	// Else centre the upper group's text in its rows.
	cy := (c.y0 + c.y1) / 2
	best, bestD := hi, math.Inf(1)
	for m := lo; m <= hi; m++ {
		mid := (g.ys[c.r0] + g.ys[m]) / 2
		if d := math.Abs(mid - cy); d < bestD {
			best, bestD = m, d
		}
	}
	return best
}

// table converts the grid to a ptable: the cells' glyphs and text, empty
// places as blank cells.
func (g *igrid) table(page int) *ptable {
	t := &ptable{page: page, nrows: g.nr, xs: g.xs, ys: g.ys,
		x0: g.xs[0], x1: g.xs[g.nc], y0: g.ys[g.nr], y1: g.ys[0]}
	t.grid = make([][]*pcell, g.nr)
	for r := range t.grid {
		t.grid[r] = make([]*pcell, g.nc)
	}
	made := map[*icell]*pcell{}
	for r := 0; r < g.nr; r++ {
		for k := 0; k < g.nc; k++ {
			ic := g.at[r][k]
			var pc *pcell
			if ic != nil {
				pc = made[ic]
			}
			if pc == nil {
				pc = &pcell{row: r, col: k, rowSpan: 1, colSpan: 1, page: page}
				if ic != nil {
					pc.rowSpan, pc.colSpan = ic.r1-ic.r0+1, ic.c1-ic.c0+1
					pc.row, pc.col = ic.r0, ic.c0
					for _, tk := range ic.toks {
						pc.glyphs = append(pc.glyphs, tk.glyphs...)
					}
					made[ic] = pc
				}
				pc.x0, pc.x1 = g.xs[pc.col], g.xs[pc.col+pc.colSpan]
				pc.y1, pc.y0 = g.ys[pc.row], g.ys[pc.row+pc.rowSpan]
				t.cells = append(t.cells, pc)
			}
			t.grid[r][k] = pc
		}
	}
	t.fillText()
	return t
}
