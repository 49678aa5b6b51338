package geom

import (
	"math"
	"sort"
	"strings"

	"github.com/nianbao/nianbao/normalize"
)

const (
	edgeTol = 3.0 // points: column edges this close are the same
	// textEdgeTol is edgeTol for a table rebuilt from text, whose edges
	// lie somewhere in the gaps between its columns' text.
	textEdgeTol = 6.0
)

// joinTables appends next (the first block of the following page) to
// prev (the last block of its page) when both have the same column edges
// (next may lack some of prev's inner edges). A header row repeated on the
// new page is dropped, a merged label cell cut by the page break is
// continued, and a row broken by the page break is glued back. It reports
// whether it joined.
func joinTables(prev, next *ptable) bool {
	if len(prev.xs) < 2 || len(next.xs) < 2 {
		return false
	}
	prev.trimGhostRows(true)
	next.trimGhostRows(false)
	// Both tables in the union of their column edges: one table's edges
	// must all be edges of the other (a page may lack some inner edges).
	// The edges of a table rebuilt from text depend on the text on its
	// page: its cells are placed in the other's columns by their text.
	var cells []jcell
	tol := edgeTol
	if prev.aligned || next.aligned {
		tol = textEdgeTol
	}
	if u := unionEdges(prev.xs, next.xs, tol); u != nil {
		if len(u) != len(prev.xs) {
			// A table rebuilt from text goes into the new columns by where
			// its text lies (a label the other page shows set in a column
			// of its own); a ruled one by its edges.
			fit, ok := fitColumns(&ptable{xs: u}, prev, -1)
			if !prev.aligned || !ok {
				pm := edgeMap(prev.xs, u)
				for _, c := range prev.cells {
					c.col, c.colSpan = pm[c.col], pm[c.col+c.colSpan]-pm[c.col]
				}
			} else {
				prev.cells = prev.cells[:0]
				for _, x := range fit {
					x.c.col, x.c.colSpan = x.col, x.end-x.col
					prev.cells = append(prev.cells, x.c)
				}
			}
			prev.xs = u
			prev.rebuildGrid()
		}
		emap := edgeMap(next.xs, u)
		for _, c := range next.cells {
			cells = append(cells, jcell{c: c, row: c.row, col: emap[c.col], end: emap[c.col+c.colSpan]})
		}
	} else if prev.aligned || next.aligned {
		var ok bool
		if cells, ok = fitColumns(prev, next, -1); !ok {
			return false
		}
	} else {
		return false
	}
	rowsOf := func(r int) []jcell {
		var out []jcell
		for _, x := range cells {
			if x.row == r {
				out = append(out, x)
			}
		}
		return out
	}
	// A repeated header: next's first k rows equal prev's first k rows.
	skip := 0
	for k := 1; k <= 3 && k < next.rows() && k < prev.rows(); k++ {
		if rowsEqual(prev, next, k) {
			skip = k
		}
	}
	r0 := skip
	last := prev.rows() - 1
	first := rowsOf(r0)
	glued := map[*pcell]bool{}
	// Label cells cut by the page break continue on the new page: the
	// part there is empty or does not start a new item.
	type cont struct {
		pc *pcell
		x  jcell
	}
	var conts []cont
	fragment, evidence := true, false
	for _, x := range first {
		pc := prev.grid[last][x.col]
		aligned := pc != nil && pc.col == x.col && pc.col+pc.colSpan == x.end
		// A one-row label goes on only when its last line on the old page
		// is full: a shorter line ended its text ("规章" above
		// "规范性文件" is two rows, not one broken row).
		if aligned && isLabel(pc.text) && (x.c.text == "" || !startsItem(x.c.text) && (pc.rowSpan > 1 || x.c.rowSpan > 1 || endsFull(pc))) {
			conts = append(conts, cont{pc, x})
			switch {
			case x.c.text != "":
				evidence = true
			case pc.rowSpan == 1:
				fragment = false // blank under a one-row label: a new row
			}
			continue
		}
		switch {
		case x.c.text == "" && (pc == nil || !isLabel(pc.text) || pc.rowSpan > 1):
		case x.c.text == "":
			fragment = false // blank under a one-row label: a new row
		case aligned && pc.text == "" && pc.row+pc.rowSpan-1 == last && x.c.rowSpan == 1:
			evidence = true // a value of the broken row printed on the new page
		default:
			fragment = false
		}
	}
	// The first row is the rest of a row broken by the page break: glue it
	// to prev's last row.
	breakGlue := fragment && evidence
	// Two one-row labels are one cell cut by the page break only in a
	// broken row, or in a header row (labels only, several of them).
	labels, numbers := 0, 0
	for _, x := range first {
		switch {
		case isLabel(x.c.text) && !startsItem(x.c.text):
			labels++
		case x.c.text != "" && normalize.IsNumeric(x.c.text):
			numbers++
		}
	}
	headerRow := labels >= 2 && numbers == 0
	if headerRow && len(conts) == len(first) {
		// A header row broken by the page break.
		breakGlue = true
	}
	// A header row broken by the page break whose other cells ended on
	// the first page: the new page holds only the rest of some column
	// labels (not of the row label, which would be a new row).
	if !breakGlue && numbers == 0 && prev.headerRow(last) {
		n, ok := 0, true
		for _, x := range first {
			switch {
			case x.c.text == "":
			case x.col == 0:
				ok = false
			default:
				found := false
				for _, ct := range conts {
					found = found || ct.x.c == x.c
				}
				ok = ok && found
				n++
			}
		}
		breakGlue = ok && n > 0
	}
	for _, ct := range conts {
		if !breakGlue && !headerRow && ct.pc.rowSpan == 1 && ct.x.c.rowSpan == 1 {
			continue // two one-row labels: separate rows
		}
		ct.pc.text = joinCellText(ct.pc.text, ct.x.c.text)
		ext := ct.x.c.rowSpan
		if breakGlue {
			ext--
		}
		ct.pc.rowSpan += ext
		glued[ct.x.c] = true
	}
	if breakGlue {
		for _, x := range first {
			if glued[x.c] || x.c.rowSpan != 1 {
				continue
			}
			if pc := prev.grid[last][x.col]; pc != nil {
				pc.text = joinCellText(pc.text, x.c.text)
			}
			glued[x.c] = true
		}
	}
	// Append the rest.
	base := prev.rows() - r0
	if breakGlue {
		base = prev.rows() - r0 - 1
	}
	maxRow := prev.rows() - 1
	for _, x := range cells {
		if x.row < r0 || glued[x.c] {
			continue
		}
		c := x.c
		c.row = base + x.row
		if breakGlue && x.row == r0 {
			// A tall cell of the broken row: it now starts in prev's last row.
			c.row = base + x.row + 1
			c.rowSpan--
			if c.rowSpan < 1 {
				continue
			}
		}
		c.col, c.colSpan = x.col, x.end-x.col
		prev.cells = append(prev.cells, c)
		maxRow = max(maxRow, c.row+c.rowSpan-1)
	}
	prev.nrows = maxRow + 1
	prev.rebuildGrid()
	if prev.aligned || next.aligned {
		prev.raiseGroups(base + r0)
		prev.widenUnderHeaders(base + r0)
	}
	return true
}

// widenUnderHeaders makes a number alone in its row's value columns under
// a header cell that spans several columns span them too, in rows from
// first on (a row whose header is on the previous page).
func (t *ptable) widenUnderHeaders(first int) {
	v := t.valueCol()
	if v < 0 || first <= 0 {
		return
	}
	numeric := func(c *pcell) bool { return c != nil && c.text != "" && normalize.IsNumeric(c.text) }
	blank := func(c *pcell) bool { return c == nil || c.text == "" && c.rowSpan == 1 && c.colSpan == 1 }
	for r := max(first, 1); r < t.nrows; r++ {
		// The header row: the nearest row above without numbers and with
		// text over the values.
		h := -1
		for q := r - 1; q >= 0 && h < 0; q-- {
			hasNum, hasText := false, false
			for k := 0; k < t.cols(); k++ {
				c := t.grid[q][k]
				hasNum = hasNum || numeric(c)
				hasText = hasText || k >= v && c != nil && c.text != ""
			}
			if !hasNum && hasText {
				h = q
			} else if !hasNum {
				break
			}
		}
		if h < 0 {
			continue
		}
		for k := v; k < t.cols(); k++ {
			c, hc := t.grid[r][k], t.grid[h][k]
			if !numeric(c) || c.row != r || c.colSpan != 1 || c.rowSpan != 1 || hc == nil || hc.colSpan < 2 || hc.col < v {
				continue
			}
			ok := true
			for j := hc.col; j < hc.col+hc.colSpan; j++ {
				ok = ok && (j == k || blank(t.grid[r][j]))
			}
			if !ok {
				continue
			}
			kept := t.cells[:0]
			for _, o := range t.cells {
				if o != c && o.row == r && o.col >= hc.col && o.col < hc.col+hc.colSpan {
					continue
				}
				kept = append(kept, o)
			}
			t.cells = kept
			c.col, c.colSpan = hc.col, hc.colSpan
			t.rebuildGrid()
		}
	}
}

// raiseGroups lets the label cells that start at row first (the first row
// from the new page) reach up over the blank places above them: a group
// label whose rows began on the previous page, its text all on the new
// one. Places in label columns only (left of the first number).
func (t *ptable) raiseGroups(first int) {
	if first <= 0 || first >= t.nrows {
		return
	}
	v := t.valueCol()
	blank := func(r, k int) bool {
		c := t.grid[r][k]
		return c == nil || c.text == "" && c.rowSpan == 1 && c.colSpan == 1
	}
	var cands []*pcell
	for _, c := range t.cells {
		if c.row == first && c.text != "" && !normalize.IsNumeric(c.text) && (v < 0 || c.col+c.colSpan <= v) {
			cands = append(cands, c)
		}
	}
	for _, c := range cands {
		// Only a label with another label to its right: a group label.
		right := false
		for k := c.col + c.colSpan; k < t.cols() && (v < 0 || k < v); k++ {
			if o := t.grid[first][k]; o != nil && o.text != "" {
				right = true
				break
			}
		}
		if !right {
			continue
		}
		r := first
		for r > 0 {
			free := true
			for k := c.col; k < c.col+c.colSpan; k++ {
				free = free && blank(r-1, k)
			}
			if !free {
				break
			}
			r--
		}
		if r == first {
			continue
		}
		// Drop the blank cells taken over.
		kept := t.cells[:0]
		for _, o := range t.cells {
			if o.text == "" && o.row >= r && o.row < first && o.col >= c.col && o.col < c.col+c.colSpan {
				continue
			}
			kept = append(kept, o)
		}
		t.cells = kept
		c.rowSpan += first - r
		c.row = r
		t.rebuildGrid()
	}
}

// fitColumns places the cells of next in prev's columns by where their
// text lies: a cell covers the columns its text overlaps; a blank cell
// goes to the column under its middle, unless taken. It fails when two
// cells of a row whose text starts right of from fall in one column.
func fitColumns(prev, next *ptable, from float64) ([]jcell, bool) {
	xs := prev.xs
	nc := len(xs) - 1
	type pos struct{ r, c int }
	taken := map[pos]bool{}
	var out []jcell
	free := func(c *pcell, c0, c1 int) bool {
		for r := c.row; r < c.row+c.rowSpan; r++ {
			for k := c0; k <= c1; k++ {
				if taken[pos{r, k}] {
					return false
				}
			}
		}
		return true
	}
	mark := func(c *pcell, c0, c1 int) {
		for r := c.row; r < c.row+c.rowSpan; r++ {
			for k := c0; k <= c1; k++ {
				taken[pos{r, k}] = true
			}
		}
	}
	colAt := func(x float64) int { return min(max(sort.SearchFloat64s(xs, x)-1, 0), nc-1) }
	for _, c := range next.cells {
		if c.text == "" {
			continue
		}
		x0, x1, em := math.Inf(1), math.Inf(-1), 1.0
		for _, g := range c.glyphs {
			if !isSpaceGlyph(g) {
				x0, x1, em = math.Min(x0, g.X0), math.Max(x1, g.X1), math.Max(em, g.Size)
			}
		}
		if x1 < xs[0]-2*em || x0 > xs[nc]+2*em {
			return nil, false
		}
		in := math.Min(0.2*em, (x1-x0)/3)
		c0, c1 := colAt(x0+in), colAt(x1-in)
		if !free(c, c0, c1) {
			if x0 >= from-em {
				return nil, false
			}
			continue
		}
		mark(c, c0, c1)
		out = append(out, jcell{c: c, row: c.row, col: c0, end: c1 + 1})
	}
	for _, c := range next.cells {
		if c.text != "" {
			continue
		}
		k := colAt((c.x0 + c.x1) / 2)
		if free(c, k, k) {
			mark(c, k, k)
			out = append(out, jcell{c: c, row: c.row, col: k, end: k + 1})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].row != out[j].row {
			return out[i].row < out[j].row
		}
		return out[i].col < out[j].col
	})
	return out, true
}

// headerRow reports whether row r holds column labels: two or more
// labels and no number.
func (t *ptable) headerRow(r int) bool {
	labels := 0
	for _, c := range t.cells {
		if c.row != r || c.text == "" {
			continue
		}
		if normalize.IsNumeric(c.text) {
			return false
		}
		labels++
	}
	return labels >= 2
}

// unionEdges merges two sorted edge lists when their outer edges agree
// and one list is (within tol) a subset of the other; else nil.
func unionEdges(a, b []float64, tol float64) []float64 {
	if math.Abs(a[0]-b[0]) > tol || math.Abs(a[len(a)-1]-b[len(b)-1]) > tol {
		return nil
	}
	sub := func(x, y []float64) bool {
		for _, v := range x {
			found := false
			for _, w := range y {
				if math.Abs(v-w) <= tol {
					found = true
					break
				}
			}
			if !found {
				return false
			}
		}
		return true
	}
	switch {
	case sub(b, a):
		return a
	case sub(a, b):
		return b
	}
	// Each page lacks some inner edges of the other (merged label
	// columns on one, sub-columns on the other): join when most inner
	// edges agree.
	shared := func(x, y []float64) int {
		n := 0
		for _, v := range x[1 : len(x)-1] {
			for _, w := range y {
				if math.Abs(v-w) <= tol {
					n++
					break
				}
			}
		}
		return n
	}
	if len(a) < 4 || len(b) < 4 || float64(shared(a, b)) < 0.6*float64(len(a)-2) || float64(shared(b, a)) < 0.6*float64(len(b)-2) {
		return nil
	}
	u := append(append([]float64(nil), a...), b...)
	return cluster(u, tol)
}

// edgeMap maps each edge of xs to the index of the nearest edge in u.
func edgeMap(xs, u []float64) []int {
	m := make([]int, len(xs))
	for i, x := range xs {
		best := 0
		for j, v := range u {
			if math.Abs(v-x) < math.Abs(u[best]-x) {
				best = j
			}
		}
		m[i] = best
	}
	return m
}

func (t *ptable) rebuildGrid() {
	sort.SliceStable(t.cells, func(i, j int) bool {
		if t.cells[i].row != t.cells[j].row {
			return t.cells[i].row < t.cells[j].row
		}
		return t.cells[i].col < t.cells[j].col
	})
	nc := t.cols()
	t.grid = make([][]*pcell, t.nrows)
	for r := range t.grid {
		t.grid[r] = make([]*pcell, nc)
	}
	for _, c := range t.cells {
		for r := c.row; r < c.row+c.rowSpan && r < t.nrows; r++ {
			for k := c.col; k < c.col+c.colSpan && k < nc; k++ {
				if r >= 0 && k >= 0 && t.grid[r][k] == nil {
					t.grid[r][k] = c
				}
			}
		}
	}
}

func rowsEqual(prev, next *ptable, k int) bool {
	for r := 0; r < k; r++ {
		var a, b []string
		for _, c := range prev.cells {
			if c.row == r {
				a = append(a, normalize.Compact(c.text))
			}
		}
		for _, c := range next.cells {
			if c.row == r {
				b = append(b, normalize.Compact(c.text))
			}
		}
		if len(a) != len(b) || strings.Join(a, "|") != strings.Join(b, "|") || strings.Join(a, "") == "" {
			return false
		}
	}
	return true
}

// jcell is a cell of the table being appended, in the other's columns.
type jcell struct {
	c        *pcell
	row      int
	col, end int // columns [col, end) of the table appended to
}

// isLabel reports whether cell text is a row or column label (not empty,
// not a number).
func isLabel(s string) bool {
	s = strings.TrimSpace(s)
	return s != "" && !normalize.IsNumeric(s)
}

// startsItem reports whether cell text starts a new table row item: an
// ordinal (一、 （一） 1.) or a number.
func startsItem(s string) bool {
	s = strings.TrimSpace(s)
	if o, _ := normalize.SplitOrdinal(s); o.Style != normalize.OrdNone {
		return true
	}
	return normalize.IsNumeric(s)
}

func joinCellText(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + b
}

// trimGhostRows drops empty rows at the end (or, with end false, the
// start) of a table fragment: rows all of whose own cells are empty, which
// some producers draw where a page break cuts a table. A real row always
// has a label.
func (t *ptable) trimGhostRows(end bool) {
	for t.nrows > 1 {
		r := 0
		if end {
			r = t.nrows - 1
		}
		var own []*pcell
		for _, c := range t.cells {
			if c.row == r {
				own = append(own, c)
			}
		}
		if len(own) == 0 {
			return
		}
		for _, c := range own {
			if c.text != "" || c.rowSpan != 1 {
				return
			}
		}
		kept := t.cells[:0]
		for _, c := range t.cells {
			if c.row == r {
				continue
			}
			if c.row < r && c.row+c.rowSpan > r {
				c.rowSpan--
			}
			if !end {
				c.row--
			}
			kept = append(kept, c)
		}
		t.cells = kept
		t.nrows--
		t.rebuildGrid()
	}
}

// endsFull reports whether the last line of c's text fills the width of
// the cell (as a line does when its text wraps on), within three
// characters. A cell without glyphs counts as full.
func endsFull(c *pcell) bool {
	ls := buildLines(append([]Glyph(nil), c.glyphs...), 0)
	if len(ls) == 0 {
		return true
	}
	last := ls[0]
	for _, l := range ls[1:] {
		if l.cy() < last.cy() {
			last = l
		}
	}
	return last.x1-last.x0 >= (c.x1-c.x0)-3*math.Max(last.size, 1)
}
