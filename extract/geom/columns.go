package geom

import (
	"math"
	"sort"
)

// Column edges of a table rebuilt from text.

// columnEdges returns the column edges, left to right: the rulings'
// column lines (and where rules stop short of the sides, at a merged
// cell's edge), the edges fixed by the table's part on the other side of
// a page break, and an edge wherever the text needs one that no line
// gives: between two runs side by side, and between two columns of words
// and numbers; and the extra edges a first pass found missing. It marks captions (runs alone in their band, centred on
// the table).
func columnEdges(toks, horiz []*token, hs []hseg, vs []vseg, fixed, extra []float64, x0, x1, em float64) []float64 {
	left, right, inner := rulingEdges(hs, vs, fixed, x0, x1, em)
	for _, x := range extra {
		if x > left+em/3 && x < right-em/3 {
			inner = append(inner, x)
		}
	}
	sort.Float64s(inner)
	bands := makeBands(horiz)
	hang := hangingLines(bands, em)
	mid := (x0 + x1) / 2
	for _, b := range bands {
		if len(b.toks) == 1 && math.Abs(b.toks[0].cx()-mid) <= 2*em {
			b.toks[0].caption = true
		}
	}
	need := sideBySide(toks, bands, hang, em)
	// Columns of words and numbers apart are weaker evidence: where column
	// lines (or the other part's edges) give the columns, they are not
	// needed, and text merged over columns would only cut them wrongly.
	if len(inner) == 0 {
		need = append(need, columnGaps(toks, bands, hang, em)...)
	}
	// An edge should cut as few glyphs as possible, passing through gaps
	// inside runs (cells set close together) rather than through
	// glyphs. A caption spans the columns, and so does a run centred on
	// the gap: the edge cuts them wherever it goes.
	m := 0.1 * em
	best := func(lo, hi float64) float64 {
		var glyphs []interval
		mid := (lo + hi) / 2
		for _, t := range toks {
			if t.x1 <= lo || t.x0 >= hi || t.caption || hang[t] || math.Abs(t.cx()-mid) <= 0.5*em {
				continue
			}
			for _, g := range t.glyphs {
				glyphs = append(glyphs, interval{g.X0 - m, g.X1 + m})
			}
		}
		sort.Slice(glyphs, func(i, j int) bool { return glyphs[i].lo < glyphs[j].lo })
		return leastCovered(lo, hi, glyphs)
	}
	edges := append([]float64{left, right}, inner...)
	edges = append(edges, stab(need, inner, best)...)
	sort.Float64s(edges)
	// Edges closer than a third of an em are one.
	out := edges[:1]
	for _, e := range edges[1:] {
		if e-out[len(out)-1] > em/3 {
			out = append(out, e)
		}
	}
	return out
}

// rulingEdges returns the outer edges and the inner column edges the
// rulings and fixed edges give.
func rulingEdges(hs []hseg, vs []vseg, fixed []float64, x0, x1, em float64) (left, right float64, inner []float64) {
	var ruled []float64
	for _, v := range vs {
		ruled = append(ruled, v.x)
	}
	for _, h := range hs {
		if h.x0 > x0+em {
			ruled = append(ruled, h.x0)
		}
		if h.x1 < x1-em {
			ruled = append(ruled, h.x1)
		}
	}
	left, right = x0, x1
	n := len(fixed)
	if n >= 2 {
		left, right = fixed[0], fixed[n-1]
	}
	for _, x := range cluster(ruled, lineTol) {
		switch {
		case x <= left+em:
			left = math.Min(left, x)
		case x >= right-em:
			right = math.Max(right, x)
		case n >= 2:
			// Keep the fixed edges as they are.
			found := false
			for _, f := range fixed[1 : n-1] {
				found = found || math.Abs(f-x) <= lineTol
			}
			if !found {
				inner = append(inner, x)
			}
		default:
			inner = append(inner, x)
		}
	}
	if n >= 2 {
		inner = append(inner, fixed[1:n-1]...)
		sort.Float64s(inner)
	}
	return left, right, inner
}

// hangingLines returns the short lines centred alone under a wider line
// just above them (the last line of a wrapped header cell): no evidence
// of a column of their own. Several words under a wide one are its
// sub-columns, not hanging.
func hangingLines(bands []*band, em float64) map[*token]bool {
	hang := map[*token]bool{}
	for bi := 1; bi < len(bands); bi++ {
		for _, t := range bands[bi].toks {
			if t.value {
				continue
			}
			for bj := bi - 1; bj >= 0 && bands[bj].y0-t.y1 < em; bj-- {
				for _, u := range bands[bj].toks {
					if u.value || math.Abs(u.cx()-t.cx()) > 0.5*em || u.width() < t.width()+em || u.y0-t.y1 >= 0.8*em {
						continue
					}
					alone := true
					for _, o := range bands[bi].toks {
						alone = alone && (o == t || o.x1 <= u.x0 || o.x0 >= u.x1)
					}
					hang[t] = hang[t] || alone
				}
			}
		}
	}
	return hang
}

// sideBySide returns the gaps between runs side by side: neighbours in a
// band (vertical text counts in every band it crosses), and runs of
// neighbouring bands that overlap in height (a group label set between
// two rows' labels).
func sideBySide(toks []*token, bands []*band, hang map[*token]bool, em float64) []interval {
	var verts []*token
	for _, t := range toks {
		if t.vertical {
			verts = append(verts, t)
		}
	}
	var need []interval
	for _, b := range bands {
		var row []*token
		for _, t := range b.toks {
			if !hang[t] {
				row = append(row, t)
			}
		}
		for _, t := range verts {
			if t.y0 < b.y1 && t.y1 > b.y0 {
				row = append(row, t)
			}
		}
		sort.Slice(row, func(i, j int) bool { return row[i].x0 < row[j].x0 })
		for i := 1; i < len(row); i++ {
			if a, c := row[i-1], row[i]; c.x0-a.x1 > 0.1*em {
				need = append(need, interval{a.x1, c.x0})
			}
		}
	}
	for bi, b := range bands {
		for _, t := range b.toks {
			if hang[t] {
				continue
			}
			// t's right neighbour in its own band.
			limit := math.Inf(1)
			for _, u := range b.toks {
				if u.x0 >= t.x1 && u.x0 < limit {
					limit = u.x0
				}
			}
			var near *token
			for bj := max(bi-1, 0); bj <= min(bi+1, len(bands)-1); bj++ {
				if bj == bi {
					continue
				}
				for _, u := range bands[bj].toks {
					if hang[u] || u.x0 < t.x1 || u.x0 >= limit || near != nil && u.x0 >= near.x0 {
						continue
					}
					if ov := math.Min(t.y1, u.y1) - math.Max(t.y0, u.y0); ov > 0.3*math.Min(t.y1-t.y0, u.y1-u.y0) {
						near = u
					}
				}
			}
			if near != nil && near.x0-t.x1 > 0.1*em {
				need = append(need, interval{t.x1, near.x0})
			}
		}
	}
	return need
}

// columnGaps returns the gaps between columns of text that no band need
// hold side by side: narrow runs (words, numbers) sharing no x are in
// different columns (a column of header words and values apart from the
// next one). Runs alone in their band may span columns (a group header)
// and do not count; nor do columns left of the numbers, nor gaps a run
// of such a band crosses. In a table whose
// values are all blank, the labels
// (each alone in its band) stand apart from the columns too: a gap that
// no run but those spanning columns crosses parts them.
func columnGaps(toks []*token, bands []*band, hang map[*token]bool, em float64) []interval {
	var narrow []*token
	for _, b := range bands {
		if len(b.toks) < 2 {
			continue
		}
		for _, t := range b.toks {
			if t.width() <= 6*em && !hang[t] {
				narrow = append(narrow, t)
			}
		}
	}
	clusters := columnClusters(narrow)
	var need []interval
	// A run of a band with others that crosses a gap spans it: no column
	// edge there (the gap lies in a merged cell).
	crossed := func(lo, hi float64) bool {
		for _, b := range bands {
			if len(b.toks) < 2 {
				continue
			}
			for _, t := range b.toks {
				if t.x0 < lo && t.x1 > hi {
					return true
				}
			}
		}
		return false
	}
	gaps := func(ivs []interval, from float64) {
		for i := 1; i < len(ivs); i++ {
			lo, hi := ivs[i-1].hi, ivs[i].lo
			if hi-lo > 0.3*em && lo >= from && !crossed(lo, hi) {
				need = append(need, interval{lo, hi})
			}
		}
	}
	// Among the labels (left of the numbers) a centred header word and
	// labels set left share no x but one column: there, only runs side
	// by side make columns.
	from := math.Inf(-1)
	for _, t := range toks {
		if t.value && (math.IsInf(from, -1) || t.x0 < from) {
			from = t.x0
		}
	}
	gaps(clusters, from-em)
	var spread []interval
	for _, t := range toks {
		if t.value {
			return need
		}
		if t.caption || hang[t] {
			continue
		}
		n := 0
		for _, c := range clusters {
			if t.x0 < c.hi && t.x1 > c.lo {
				n++
			}
		}
		if n < 2 {
			spread = append(spread, interval{t.x0, t.x1})
		}
	}
	gaps(projection(spread), math.Inf(-1))
	return need
}

// columnClusters groups runs into columns by x, narrowest first: a run
// overlapping one column widens it, a run overlapping two or more spans
// them (a group header) and is left out. The columns are returned left to
// right.
func columnClusters(toks []*token) []interval {
	sorted := append([]*token(nil), toks...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].width() < sorted[j].width() })
	var cs []interval // kept sorted by lo, disjoint
	for _, t := range sorted {
		i := sort.Search(len(cs), func(i int) bool { return cs[i].hi > t.x0 })
		j := i
		for j < len(cs) && cs[j].lo < t.x1 {
			j++
		}
		switch j - i {
		case 0:
			cs = append(cs, interval{})
			copy(cs[i+1:], cs[i:])
			cs[i] = interval{t.x0, t.x1}
		case 1:
			cs[i].lo, cs[i].hi = math.Min(cs[i].lo, t.x0), math.Max(cs[i].hi, t.x1)
		}
	}
	return cs
}

// projection returns the union of intervals, as disjoint intervals left
// to right.
func projection(ivs []interval) []interval {
	sort.Slice(ivs, func(i, j int) bool { return ivs[i].lo < ivs[j].lo })
	var out []interval
	for _, iv := range ivs {
		if n := len(out); n > 0 && iv.lo < out[n-1].hi {
			out[n-1].hi = math.Max(out[n-1].hi, iv.hi)
			continue
		}
		out = append(out, iv)
	}
	return out
}

// stab returns points such that every interval not already holding one
// of fixed holds one: intervals that overlap share a point, placed by best
// within their common part.
func stab(ivs []interval, fixed []float64, best func(lo, hi float64) float64) []float64 {
	var rest []interval
	for _, iv := range ivs {
		hit := false
		for _, f := range fixed {
			if f > iv.lo && f < iv.hi {
				hit = true
				break
			}
		}
		if !hit {
			rest = append(rest, iv)
		}
	}
	sort.Slice(rest, func(i, j int) bool { return rest[i].hi < rest[j].hi })
	var pts []float64
	have := false
	var lo, hi float64
	for _, iv := range rest {
		if n := len(pts); n > 0 && pts[n-1] > iv.lo && pts[n-1] < iv.hi {
			continue
		}
		if have && iv.lo < hi {
			lo = math.Max(lo, iv.lo)
			continue
		}
		if have {
			pts = append(pts, best(lo, hi))
		}
		lo, hi, have = iv.lo, iv.hi, true
	}
	if have {
		pts = append(pts, best(lo, hi))
	}
	return pts
}

// leastCovered returns the middle of the widest stretch of (lo, hi)
// covered by the fewest of ivs (sorted by lo).
func leastCovered(lo, hi float64, ivs []interval) float64 {
	// Edges of the intervals inside (lo, hi), with the coverage change.
	type ev struct {
		x float64
		d int
	}
	var evs []ev
	base := 0
	for _, iv := range ivs {
		if iv.lo >= hi {
			break
		}
		if iv.hi <= lo {
			continue
		}
		if iv.lo <= lo {
			base++
		} else {
			evs = append(evs, ev{iv.lo, 1})
		}
		if iv.hi < hi {
			evs = append(evs, ev{iv.hi, -1})
		}
	}
	sort.Slice(evs, func(i, j int) bool { return evs[i].x < evs[j].x })
	best, bestCov, bestW := (lo+hi)/2, math.MaxInt, -1.0
	cur, at := base, lo
	for i := 0; i <= len(evs); i++ {
		next := hi
		if i < len(evs) {
			next = evs[i].x
		}
		if w := next - at; w > 0 && (cur < bestCov || cur == bestCov && w > bestW) {
			best, bestCov, bestW = (at+next)/2, cur, w
		}
		if i < len(evs) {
			cur += evs[i].d
			at = next
		}
	}
	return best
}
