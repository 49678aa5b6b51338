package geom

import (
	"math"
	"sort"

	"github.com/nianbao/nianbao/extract/layout"
)

const (
	lineTol  = 2.0 // points: segments this close are the same ruling
	joinGap  = 2.5 // points: collinear segments with a smaller gap are one
	coverTol = 1.5
	// maxRulings is the number of (merged) ruling segments on a page
	// beyond which rulings are ignored (hatching, charts drawn as lines).
	maxRulings = 3000
)

// hseg and vseg are horizontal and vertical rulings.
type hseg struct{ y, x0, x1 float64 }
type vseg struct{ x, y0, y1 float64 }

// ptable is a table found on one page, before joining across pages.
type ptable struct {
	page   int
	nrows  int
	xs, ys []float64 // column edges left→right, row edges top→bottom (y descending)
	cells  []*pcell
	grid   [][]*pcell
	x0, y0 float64
	x1, y1 float64
	// The rulings the grid was built from, kept so that a grid whose
	// cells turn out to hold several rows or columns of text can be
	// rebuilt from its text with the rulings as evidence.
	hs []hseg
	vs []vseg

	// For tables rebuilt from text (aligned): what they were built from,
	// to rebuild them in the columns of the part of the table on the
	// other side of a page break; and whether they are rows at the top
	// (weakTop) or bottom (weakEnd) of a page that are a table only as
	// part of one across the page break.
	aligned          bool
	src              *textSource
	weakTop, weakEnd bool
}

// single reports whether the table has one cell: a frame around text,
// unless it continues on the next page.
func (t *ptable) single() bool { return t.rows() == 1 && t.cols() == 1 }

type pcell struct {
	row, col, rowSpan, colSpan int
	glyphs                     []Glyph
	text                       string
	x0, y0, x1, y1             float64
	page                       int
}

func (t *ptable) rows() int { return t.nrows }
func (t *ptable) cols() int { return len(t.xs) - 1 }

// rulings are ruling segments that did not form a table grid on their
// own: horizontal rules without verticals, verticals without rules, lone
// frames. They are evidence for tables rebuilt from text.
type rulings struct {
	hs []hseg
	vs []vseg
}

// findTables builds table grids from ruling segments. It also returns the
// rulings that formed no grid.
func findTables(segs []Segment, page int) ([]*ptable, rulings) {
	var hs []hseg
	var vs []vseg
	for _, s := range segs {
		if s.Horizontal() {
			if s.X1-s.X0 >= 2 {
				hs = append(hs, hseg{(s.Y0 + s.Y1) / 2, s.X0, s.X1})
			}
		} else if s.Y1-s.Y0 >= 2 {
			vs = append(vs, vseg{(s.X0 + s.X1) / 2, s.Y0, s.Y1})
		}
	}
	hs = mergeH(hs)
	vs = mergeV(vs)
	if len(hs)+len(vs) > maxRulings {
		return nil, rulings{}
	}
	if len(hs) < 2 {
		return nil, rulings{hs: hs, vs: vs}
	}
	// Connected components of crossing rulings.
	parent := make([]int, len(hs)+len(vs))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	sort.Slice(vs, func(i, j int) bool { return vs[i].x < vs[j].x })
	for i, h := range hs {
		lo := sort.Search(len(vs), func(k int) bool { return vs[k].x >= h.x0-lineTol })
		for j := lo; j < len(vs) && vs[j].x <= h.x1+lineTol; j++ {
			v := vs[j]
			if h.y >= v.y0-lineTol && h.y <= v.y1+lineTol {
				a, b := find(i), find(len(hs)+j)
				if a != b {
					parent[a] = b
				}
			}
		}
	}
	groups := map[int]*struct {
		h []hseg
		v []vseg
	}{}
	var order []int
	for i := range parent {
		r := find(i)
		g := groups[r]
		if g == nil {
			g = &struct {
				h []hseg
				v []vseg
			}{}
			groups[r] = g
			order = append(order, r)
		}
		if i < len(hs) {
			g.h = append(g.h, hs[i])
		} else {
			g.v = append(g.v, vs[i-len(hs)])
		}
	}
	var out []*ptable
	var loose rulings
	for _, r := range order {
		g := groups[r]
		if len(g.h) >= 2 && len(g.v) >= 2 {
			if t := buildGrid(g.h, g.v, page); t != nil {
				out = append(out, t)
				continue
			}
		}
		loose.hs = append(loose.hs, g.h...)
		loose.vs = append(loose.vs, g.v...)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].y1 > out[j].y1 })
	return out, loose
}

func mergeH(hs []hseg) []hseg {
	sort.Slice(hs, func(i, j int) bool {
		if math.Abs(hs[i].y-hs[j].y) > 0.01 {
			return hs[i].y < hs[j].y
		}
		return hs[i].x0 < hs[j].x0
	})
	var out []hseg
	for _, h := range hs {
		merged := false
		// Look back over segments at (nearly) the same y.
		for k := len(out) - 1; k >= 0 && h.y-out[k].y <= lineTol/2; k-- {
			o := &out[k]
			if h.x0 <= o.x1+joinGap && h.x1 >= o.x0-joinGap {
				o.x0, o.x1 = math.Min(o.x0, h.x0), math.Max(o.x1, h.x1)
				merged = true
				break
			}
		}
		if !merged {
			out = append(out, h)
		}
	}
	return out
}

func mergeV(vs []vseg) []vseg {
	sort.Slice(vs, func(i, j int) bool {
		if math.Abs(vs[i].x-vs[j].x) > 0.01 {
			return vs[i].x < vs[j].x
		}
		return vs[i].y0 < vs[j].y0
	})
	var out []vseg
	for _, v := range vs {
		merged := false
		for k := len(out) - 1; k >= 0 && v.x-out[k].x <= lineTol/2; k-- {
			o := &out[k]
			if v.y0 <= o.y1+joinGap && v.y1 >= o.y0-joinGap {
				o.y0, o.y1 = math.Min(o.y0, v.y0), math.Max(o.y1, v.y1)
				merged = true
				break
			}
		}
		if !merged {
			out = append(out, v)
		}
	}
	return out
}

// cluster returns the sorted centres of values grouped within tol.
func cluster(vals []float64, tol float64) []float64 {
	sort.Float64s(vals)
	var out []float64
	start := 0
	for i := 1; i <= len(vals); i++ {
		if i < len(vals) && vals[i]-vals[i-1] <= tol {
			continue
		}
		sum := 0.0
		for _, v := range vals[start:i] {
			sum += v
		}
		out = append(out, sum/float64(i-start))
		start = i
	}
	return out
}

// buildGrid makes the grid of one group of crossing rulings and resolves
// merged cells: two neighbouring grid cells belong to one table cell when
// no ruling separates them.
func buildGrid(hs []hseg, vs []vseg, page int) *ptable {
	snapWeak(hs, vs)
	var xv, yv []float64
	minX, maxX := math.Inf(1), math.Inf(-1)
	minY, maxY := math.Inf(1), math.Inf(-1)
	for _, v := range vs {
		xv = append(xv, v.x)
		minY, maxY = math.Min(minY, v.y0), math.Max(maxY, v.y1)
	}
	for _, h := range hs {
		yv = append(yv, h.y)
		minX, maxX = math.Min(minX, h.x0), math.Max(maxX, h.x1)
	}
	xs := cluster(xv, lineTol)
	ys := cluster(yv, lineTol)
	// Open sides: rulings that stick out past the outermost crossing line
	// bound the table too.
	if minX < xs[0]-3*lineTol {
		xs = append([]float64{minX}, xs...)
	}
	if maxX > xs[len(xs)-1]+3*lineTol {
		xs = append(xs, maxX)
	}
	if minY < ys[0]-3*lineTol {
		ys = append([]float64{minY}, ys...)
	}
	if maxY > ys[len(ys)-1]+3*lineTol {
		ys = append(ys, maxY)
	}
	// Rows top to bottom.
	for i, j := 0, len(ys)-1; i < j; i, j = i+1, j-1 {
		ys[i], ys[j] = ys[j], ys[i]
	}
	nr, nc := len(ys)-1, len(xs)-1
	if nr < 1 || nc < 1 || nr*nc > 20000 {
		return nil
	}
	vAt := func(x, ya, yb float64) bool { // a vertical ruling at x covering ya..yb (ya > yb)
		for _, v := range vs {
			if math.Abs(v.x-x) <= lineTol && v.y0 <= yb+coverTol && v.y1 >= ya-coverTol {
				return true
			}
		}
		return false
	}
	hAt := func(y, xa, xb float64) bool {
		for _, h := range hs {
			if math.Abs(h.y-y) <= lineTol && h.x0 <= xa+coverTol && h.x1 >= xb-coverTol {
				return true
			}
		}
		return false
	}
	id := make([]int, nr*nc)
	for i := range id {
		id[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for id[i] != i {
			id[i] = id[id[i]]
			i = id[i]
		}
		return i
	}
	union := func(a, b int) {
		a, b = find(a), find(b)
		if a != b {
			id[b] = a
		}
	}
	for r := 0; r < nr; r++ {
		// Check the middle half of the row, so that crossings do not count.
		top, bot := ys[r], ys[r+1]
		h := top - bot
		ya, yb := top-h*0.3, bot+h*0.3
		for c := 0; c+1 < nc; c++ {
			if !vAt(xs[c+1], ya, yb) {
				union(r*nc+c, r*nc+c+1)
			}
		}
	}
	for c := 0; c < nc; c++ {
		w := xs[c+1] - xs[c]
		xa, xb := xs[c]+w*0.3, xs[c+1]-w*0.3
		for r := 0; r+1 < nr; r++ {
			if !hAt(ys[r+1], xa, xb) {
				union(r*nc+c, (r+1)*nc+c)
			}
		}
	}
	t := &ptable{page: page, nrows: nr, xs: xs, ys: ys, x0: xs[0], x1: xs[nc], y0: ys[nr], y1: ys[0], hs: hs, vs: vs}
	regions := map[int]*pcell{}
	t.grid = make([][]*pcell, nr)
	for r := range t.grid {
		t.grid[r] = make([]*pcell, nc)
	}
	for r := 0; r < nr; r++ {
		for c := 0; c < nc; c++ {
			root := find(r*nc + c)
			pc := regions[root]
			if pc == nil {
				pc = &pcell{row: r, col: c, rowSpan: 1, colSpan: 1, page: page}
				regions[root] = pc
				t.cells = append(t.cells, pc)
			}
			pc.rowSpan = max(pc.rowSpan, r-pc.row+1)
			pc.colSpan = max(pc.colSpan, c-pc.col+1)
			if c < pc.col { // L-shaped region: widen to its bounding box
				pc.colSpan += pc.col - c
				pc.col = c
			}
		}
	}
	// Rebuild the grid from the (rectangular) regions; a region that
	// overlaps an earlier one is cut back.
	for _, pc := range t.cells {
		for r := pc.row; r < pc.row+pc.rowSpan; r++ {
			for c := pc.col; c < pc.col+pc.colSpan; c++ {
				if t.grid[r][c] == nil {
					t.grid[r][c] = pc
				}
			}
		}
		pc.x0, pc.x1 = xs[pc.col], xs[pc.col+pc.colSpan]
		pc.y1, pc.y0 = ys[pc.row], ys[pc.row+pc.rowSpan]
	}
	return t
}

// snapWeak moves short rulings that lie close to a table-wide edge onto
// it. Some producers (Chromium, at page breaks and in row-spanning cells)
// draw a cell's border a few points off the row edge, which would make a
// sliver row or column.
func snapWeak(hs []hseg, vs []vseg) {
	minX, maxX := math.Inf(1), math.Inf(-1)
	minY, maxY := math.Inf(1), math.Inf(-1)
	for _, h := range hs {
		minX, maxX = math.Min(minX, h.x0), math.Max(maxX, h.x1)
	}
	for _, v := range vs {
		minY, maxY = math.Min(minY, v.y0), math.Max(maxY, v.y1)
	}
	var strongY, strongX []float64
	for _, h := range hs {
		if h.x1-h.x0 >= 0.6*(maxX-minX) {
			strongY = append(strongY, h.y)
		}
	}
	for _, v := range vs {
		if v.y1-v.y0 >= 0.6*(maxY-minY) {
			strongX = append(strongX, v.x)
		}
	}
	strongY, strongX = cluster(strongY, lineTol), cluster(strongX, lineTol)
	snap := func(val float64, strong []float64) float64 {
		if len(strong) < 2 {
			return val
		}
		gaps := make([]float64, 0, len(strong)-1)
		for i := 1; i < len(strong); i++ {
			gaps = append(gaps, strong[i]-strong[i-1])
		}
		sort.Float64s(gaps)
		lim := min(0.3*gaps[len(gaps)/2], 0.45*gaps[0], 12)
		best, bd := val, math.Inf(1)
		for _, e := range strong {
			if d := math.Abs(e - val); d < bd {
				best, bd = e, d
			}
		}
		if bd > lineTol && bd < lim {
			return best
		}
		return val
	}
	for i, h := range hs {
		if h.x1-h.x0 < 0.6*(maxX-minX) {
			hs[i].y = snap(h.y, strongY)
		}
	}
	for i, v := range vs {
		if v.y1-v.y0 < 0.6*(maxY-minY) {
			vs[i].x = snap(v.x, strongX)
		}
	}
}

// cellAt returns the cell containing point (x, y), or nil.
func (t *ptable) cellAt(x, y float64) *pcell {
	if x < t.x0 || x > t.x1 || y < t.y0 || y > t.y1 {
		return nil
	}
	c := sort.SearchFloat64s(t.xs, x) - 1
	c = min(max(c, 0), t.cols()-1)
	r := sort.Search(len(t.ys), func(i int) bool { return t.ys[i] < y }) - 1
	r = min(max(r, 0), t.rows()-1)
	return t.grid[r][c]
}

// fillText assigns each cell its text from its glyphs.
func (t *ptable) fillText() {
	for _, c := range t.cells {
		if len(c.glyphs) == 0 {
			continue
		}
		ls := buildLines(c.glyphs, 0)
		sortReading(ls)
		c.text = joinLines(ls, c.x1-1, false)
	}
}

// sortReading orders lines top to bottom; vertical columns right to left
// before horizontal lines at the same height.
func sortReading(ls []*line) {
	sort.SliceStable(ls, func(i, j int) bool {
		a, b := ls[i], ls[j]
		if a.vertical != b.vertical {
			// Columns of vertical text that overlap a horizontal line's
			// height: order by x.
			if a.y1 > b.y0 && b.y1 > a.y0 {
				return a.x0 < b.x0
			}
		}
		if a.vertical && b.vertical {
			return a.x0 > b.x0
		}
		if math.Abs(a.cy()-b.cy()) > 0.4*math.Max(math.Min(a.size, b.size), 1) {
			return a.cy() > b.cy()
		}
		return a.x0 < b.x0
	})
}

// toLayout converts a (possibly joined) table to the layout model.
func (t *ptable) toLayout(lastPage int) *layout.Table {
	lt := &layout.Table{Rows: t.rows(), Cols: t.cols(), Page: t.page, LastPage: lastPage}
	for _, c := range t.cells {
		lt.Cells = append(lt.Cells, &layout.Cell{
			Row: c.row, Col: c.col, RowSpan: c.rowSpan, ColSpan: c.colSpan,
			Text: c.text, Page: c.page,
			BBox: &layout.Rect{X0: c.x0, Y0: c.y0, X1: c.x1, Y1: c.y1},
		})
	}
	lt.Normalize()
	return lt
}
