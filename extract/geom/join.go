package geom

import (
	"math"
	"sort"
	"strings"

	"github.com/nianbao/nianbao/normalize"
)

const edgeTol = 3.0 // points: column edges this close are the same

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
	u := unionEdges(prev.xs, next.xs)
	if u == nil {
		return false
	}
	if len(u) != len(prev.xs) {
		pm := edgeMap(prev.xs, u)
		for _, c := range prev.cells {
			c.col, c.colSpan = pm[c.col], pm[c.col+c.colSpan]-pm[c.col]
		}
		prev.xs = u
		prev.rebuildGrid()
	}
	emap := edgeMap(next.xs, u)
	// Cells of next in prev's columns.
	var cells []jcell
	for _, c := range next.cells {
		cells = append(cells, jcell{c: c, row: c.row, col: emap[c.col], end: emap[c.col+c.colSpan]})
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
		if rowsEqual(prev, next, k, emap) {
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
		if aligned && isLabel(pc.text) && (x.c.text == "" || !startsItem(x.c.text)) {
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
	return true
}

// unionEdges merges two sorted edge lists when their outer edges agree
// and one list is (within tolerance) a subset of the other; else nil.
func unionEdges(a, b []float64) []float64 {
	if math.Abs(a[0]-b[0]) > edgeTol || math.Abs(a[len(a)-1]-b[len(b)-1]) > edgeTol {
		return nil
	}
	sub := func(x, y []float64) bool {
		for _, v := range x {
			found := false
			for _, w := range y {
				if math.Abs(v-w) <= edgeTol {
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
				if math.Abs(v-w) <= edgeTol {
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
	return cluster(u, edgeTol)
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

func rowsEqual(prev, next *ptable, k int, emap []int) bool {
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
