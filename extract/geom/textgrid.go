package geom

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/nianbao/nianbao/normalize"
)

// Tables whose ruling lines are missing or incomplete are rebuilt from
// their text. This file finds where such tables are on a page; infer.go
// and the files it names build their grids.
//
// A table region starts from seed bands: text bands (runs of glyphs on
// one baseline, cut at gaps of an em) holding three or more runs, or a
// label and a number. It grows up and down over neighbouring bands set in
// the same font size, close enough and free of sentences, and takes in
// the loose rulings (rules, column lines) that overlap it; column lines
// that run its height bound it. A ruled grid whose cells hold whole rows
// or columns of text (a frame around a table, a grid ruled in part) is a
// region of its own, bounded by its rulings.

// tokenGap is the gap, in em, at which text lines are cut into runs
// (tokens) for table detection.
const tokenGap = 1.0

// maxTableRuns is the most runs of text a table rebuilt from text may
// have; a larger one (no real table is that dense) is left as text, with
// a warning. It bounds the work per page.
const maxTableRuns = 5000

// token is a run of glyphs on one baseline (or a column of vertical
// text) that belongs to one table cell.
type token struct {
	*line
	value    bool // a number or a zero mark
	item     bool // starts with an ordinal or is a number
	band     int  // band index within the table, -1 for vertical text
	c0, c1   int  // columns covered
	group    bool // a label spanning rows beside other labels
	anchored bool // on a band that holds values
	caption  bool // alone in its band, centred on the table
	cell     *icell
}

func newToken(l *line) *token {
	t := &token{line: l, band: -1}
	t.value = normalize.IsNumeric(l.text)
	if o, _ := normalize.SplitOrdinal(l.text); o.Style != normalize.OrdNone || t.value {
		t.item = true
	}
	return t
}

func (t *token) width() float64 { return t.x1 - t.x0 }

// em is the token's font size, at least 1.
func (t *token) em() float64 { return math.Max(t.size, 1) }

// band is a row of tokens on one baseline.
type band struct {
	toks   []*token // left to right
	cy     float64
	y0, y1 float64
	x0, x1 float64
	size   float64
	values int
}

// makeBands groups horizontal tokens by baseline, top to bottom.
func makeBands(toks []*token) []*band {
	sorted := append([]*token(nil), toks...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].cy() > sorted[j].cy() })
	var out []*band
	for _, t := range sorted {
		if n := len(out); n > 0 {
			b := out[n-1]
			if math.Abs(t.cy()-b.cy) <= 0.4*math.Max(math.Min(t.size, b.size), 1) {
				b.toks = append(b.toks, t)
				continue
			}
		}
		out = append(out, &band{toks: []*token{t}, cy: t.cy(), size: t.size})
	}
	for _, b := range out {
		finishBand(b)
	}
	return out
}

func finishBand(b *band) {
	sort.SliceStable(b.toks, func(i, j int) bool { return b.toks[i].x0 < b.toks[j].x0 })
	b.x0, b.y0 = math.Inf(1), math.Inf(1)
	b.x1, b.y1 = math.Inf(-1), math.Inf(-1)
	b.values = 0
	sum, n := 0.0, 0
	for _, t := range b.toks {
		b.x0, b.y0 = math.Min(b.x0, t.x0), math.Min(b.y0, t.y0)
		b.x1, b.y1 = math.Max(b.x1, t.x1), math.Max(b.y1, t.y1)
		if t.value {
			b.values++
		}
		k := utf8.RuneCountInString(t.text)
		sum += t.size * float64(k)
		n += k
	}
	if n > 0 {
		b.size = sum / float64(n)
	}
}

// seed reports whether a band looks like a table row: three or more runs,
// at least two of them numbers or words, or a label and a number.
func (b *band) seed() bool {
	return b.strong() || b.pair()
}

// pair reports whether a band is a label and a number set apart: a row
// of a two-column table.
func (b *band) pair() bool {
	return len(b.toks) == 2 && !b.toks[0].value && b.toks[1].value
}

// strong reports whether a band has three or more runs, at least two of
// them numbers or words.
func (b *band) strong() bool {
	if len(b.toks) < 3 {
		return false
	}
	n := 0
	for _, t := range b.toks {
		if t.value || utf8.RuneCountInString(t.text) >= 2 {
			n++
		}
	}
	return n >= 2
}

// region is the area of one table found from text.
type region struct {
	lo, hi         int // band range, top to bottom
	x0, x1, y0, y1 float64
	size           float64
	seeds          int        // bands of three or more runs
	pairs          []interval // the numbers of label-number bands
	values         int        // most values in one band
	header         bool       // a band of three or more column labels
	hs             []hseg
	vs             []vseg
	bounded        bool // rulings frame the region
	weakTop        bool // rows starting a page: a table only if it continues one
	weakEnd        bool // header rows ending a page: a table only if one continues it
	blank          bool // no values, and room for blank rows below
	tentative      bool // a lone header row, kept only if framed or over blank space
}

func (r *region) add(b *band) {
	r.x0, r.x1 = math.Min(r.x0, b.x0), math.Max(r.x1, b.x1)
	r.y0, r.y1 = math.Min(r.y0, b.y0), math.Max(r.y1, b.y1)
	if b.strong() {
		r.seeds++
	} else if b.pair() {
		r.pairs = append(r.pairs, interval{b.toks[1].x0, b.toks[1].x1})
	}
	r.values = max(r.values, b.values)
	if len(b.toks) >= 3 {
		labels := 0
		for _, t := range b.toks {
			if !t.value && utf8.RuneCountInString(t.text) >= 2 {
				labels++
			}
		}
		r.header = r.header || labels == len(b.toks)
	}
}

// valid reports whether the region holds a table: two rows of three or
// more runs (not all words, unless column labels); one such row of
// numbers or column labels with another row; a lone row of column labels
// framed by rulings or over blank space (tentative until those are
// known); or three rows of a label and a number, the numbers in one
// column. At
// the top of a page (top), rows with numbers that fall short of that may
// be the end of a table carried over from the previous page; at the
// bottom (end), a row of column labels may be the start of a table
// going on on the next page: they are weak tables, kept only when they
// join the table there.
func (r *region) valid(top, end bool, bands []*band) bool {
	switch {
	case r.seeds >= 2 && (r.values > 0 || r.header):
		// (Rows of words alone are a table only under column labels:
		// lines of a letterhead or a contact block are not.)
		return true
	case (r.values >= 3 || r.header) && r.hi > r.lo:
		return true
	case r.header:
		// A lone row of column labels: a table only if rulings frame it
		// or blank space under it holds its blank rows (decided once
		// those are known).
		r.tentative = true
		return true
	}
	if len(r.pairs)+r.seeds >= 3 {
		// Numbers of the label-number rows in one column.
		for _, p := range r.pairs {
			n := 0
			for _, q := range r.pairs {
				if q.lo < p.hi && q.hi > p.lo {
					n++
				}
			}
			if n >= 3 {
				return true
			}
		}
	}
	if top && r.values >= 1 {
		r.weakTop = true
		return true
	}
	if end && r.values == 0 {
		for _, b := range bands[r.lo : r.hi+1] {
			if len(b.toks) < 2 {
				continue
			}
			labels := 0
			for _, t := range b.toks {
				if n := utf8.RuneCountInString(t.text); !t.value && n >= 2 && n <= 12 {
					labels++
				}
			}
			if labels == len(b.toks) {
				r.weakEnd = true
				return true
			}
		}
	}
	return false
}

// accepts reports whether band b, next to the region's edge band e (below
// it when down), belongs to the table: close, in the table's font size,
// and not prose.
func (r *region) accepts(b, e *band, down bool) bool {
	em := math.Max(r.size, 1)
	gap := b.y0 - e.y1
	if down {
		gap = e.y0 - b.y1
	}
	if gap > 2.5*em {
		return false
	}
	if b.size < 0.88*r.size || b.size > 1.12*r.size {
		return false
	}
	for _, t := range b.toks {
		// A sentence, or a line of prose running across the page.
		if strings.Contains(t.text, "。") || t.width() > 28*em {
			return false
		}
	}
	return true
}

// findRegions finds table regions among a page's bands and attaches the
// loose rulings that belong to them.
//
// Lines above top and below bottom are page headers and footers: a
// region with nothing but those above it starts the page, one with
// nothing but those below ends it.
func findRegions(bands []*band, loose rulings, top, bottom float64) []*region {
	var out []*region
	taken := make([]bool, len(bands))
	// The last band above the page footer may be a table's first header
	// row going on on the next page.
	endBand := -1
	for k := len(bands) - 1; k >= 0; k-- {
		if bands[k].y1 >= bottom {
			endBand = k
			break
		}
	}
	for i := 0; i < len(bands); i++ {
		if taken[i] || !bands[i].seed() && (i != endBand || len(bands[i].toks) < 2) {
			continue
		}
		s := bands[i]
		r := &region{lo: i, hi: i, x0: s.x0, x1: s.x1, y0: s.y0, y1: s.y1, size: s.size}
		r.add(s)
		for j := i + 1; j < len(bands) && r.accepts(bands[j], bands[r.hi], true); j++ {
			r.add(bands[j])
			r.hi = j
		}
		for j := i - 1; j >= 0 && !taken[j] && r.accepts(bands[j], bands[r.lo], false); j-- {
			r.add(bands[j])
			r.lo = j
		}
		for k := r.lo; k <= r.hi; k++ {
			taken[k] = true
		}
		i = r.hi
		first, last := true, true
		for k := 0; k < r.lo; k++ {
			first = first && bands[k].y0 > top
		}
		for k := r.hi + 1; k < len(bands); k++ {
			last = last && bands[k].y1 < bottom
		}
		if r.valid(first, last, bands) {
			out = append(out, r)
		}
	}
	for _, r := range out {
		// A table without a single value may have blank rows under its
		// header: without rulings they show only as space before the
		// next text.
		if r.values == 0 && r.hi+1 < len(bands) {
			em := math.Max(r.size, 1)
			if gap := bands[r.hi].y0 - bands[r.hi+1].y1; gap > 2*em {
				r.y0 = bands[r.hi+1].y1 + em
				r.blank = true
			}
		}
		r.attach(loose)
	}
	kept := out[:0]
	for _, r := range out {
		if !r.tentative || r.blank || len(r.vs) >= 2 || len(r.hs) >= 2 {
			kept = append(kept, r)
		}
	}
	out = kept
	// Regions that rulings made overlap are one table.
	sort.Slice(out, func(i, j int) bool { return out[i].y1 > out[j].y1 })
	var merged []*region
	for _, r := range out {
		if n := len(merged); n > 0 {
			m := merged[n-1]
			if r.y1 > m.y0+1 && r.x0 < m.x1 && r.x1 > m.x0 {
				m.x0, m.x1 = math.Min(m.x0, r.x0), math.Max(m.x1, r.x1)
				m.y0, m.y1 = math.Min(m.y0, r.y0), math.Max(m.y1, r.y1)
				m.hs, m.vs = append(m.hs, r.hs...), append(m.vs, r.vs...)
				m.bounded = m.bounded || r.bounded
				continue
			}
		}
		merged = append(merged, r)
	}
	return merged
}

// attach takes in the loose rulings that overlap the region: column
// lines across its rows and rules just above, inside or just below it.
// Column lines that run the region's height bound it.
func (r *region) attach(loose rulings) {
	em := math.Max(r.size, 1)
	textY0, textY1 := r.y0, r.y1
	usedH := make([]bool, len(loose.hs))
	usedV := make([]bool, len(loose.vs))
	vy0, vy1 := math.Inf(1), math.Inf(-1)
	for iter := 0; iter < 8; iter++ {
		changed := false
		h := r.y1 - r.y0
		// Column lines may stand well apart from the text (a table
		// border around labels centred in wide cells).
		side := math.Max(6*em, 0.25*(r.x1-r.x0))
		for i, v := range loose.vs {
			if usedV[i] || v.x < r.x0-side || v.x > r.x1+side {
				continue
			}
			ov := math.Min(v.y1, r.y1) - math.Max(v.y0, r.y0)
			if ov <= 0.5*math.Min(v.y1-v.y0, h) {
				continue
			}
			// A page border or a line of some other structure runs far
			// past the text.
			if r.y0-v.y0 > math.Max(h, 15*em) || v.y1-r.y1 > math.Max(h, 15*em) {
				continue
			}
			usedV[i], changed = true, true
			r.vs = append(r.vs, v)
			r.y0, r.y1 = math.Min(r.y0, v.y0), math.Max(r.y1, v.y1)
			r.x0, r.x1 = math.Min(r.x0, v.x), math.Max(r.x1, v.x)
			vy0, vy1 = math.Min(vy0, v.y0), math.Max(vy1, v.y1)
		}
		w := r.x1 - r.x0
		for i, hs := range loose.hs {
			below := 0.8 * em
			if r.values == 0 {
				below = 2.5 * em // the rule under a blank row
			}
			if usedH[i] || hs.y < r.y0-below || hs.y > r.y1+0.8*em {
				continue
			}
			ov := math.Min(hs.x1, r.x1) - math.Max(hs.x0, r.x0)
			if ov <= 0.5*math.Min(hs.x1-hs.x0, w) {
				continue
			}
			if hs.x1-hs.x0 > 3*w+20*em {
				continue
			}
			usedH[i], changed = true, true
			r.hs = append(r.hs, hs)
			r.y0, r.y1 = math.Min(r.y0, hs.y), math.Max(r.y1, hs.y)
			r.x0, r.x1 = math.Min(r.x0, hs.x0), math.Max(r.x1, hs.x1)
		}
		if !changed {
			break
		}
	}
	// Column lines that cover most of the text frame the table: text
	// beyond them is not part of it.
	if len(r.vs) >= 2 && vy1-vy0 >= 0.8*(textY1-textY0) {
		r.bounded = true
		r.y0, r.y1 = math.Max(r.y0, vy0-lineTol), math.Min(r.y1, vy1+lineTol)
	}
}

// box is a rectangle, y up.
type box struct{ x0, y0, x1, y1 float64 }

func (b box) contains(x, y float64) bool { return x >= b.x0 && x <= b.x1 && y >= b.y0 && y <= b.y1 }

// textTables finds the tables of a page that rulings alone do not give:
// in frames (ruled tables whose cells hold whole rows or columns of
// text), and in text with loose rulings or none. ls are the page's lines
// outside ruled tables, cut at wide gaps. It returns the tables and the
// other lines, joined back for paragraphs.
func textTables(ls []*line, loose rulings, frames []*ptable, page int, pageH float64) (tables []*ptable, rest []*line, warnings []string) {
	var toks []*token
	for _, l := range ls {
		if l.text == "" {
			rest = append(rest, l)
			continue
		}
		toks = append(toks, newToken(l))
	}
	used := map[*token]bool{}
	take := func(in []*token, hs []hseg, vs []vseg, b box, weakTop, weakEnd bool) {
		if len(in) > maxTableRuns {
			warnings = append(warnings, fmt.Sprintf("geom: table on page %d not rebuilt from its text: %d runs of text (limit %d)", page, len(in), maxTableRuns))
			return
		}
		if t := inferGrid(&textSource{toks: in, hs: hs, vs: vs, box: b}, nil, -1, page); t != nil {
			t.weakTop, t.weakEnd = weakTop, weakEnd
			tables = append(tables, t)
			for _, tk := range in {
				used[tk] = true
			}
		}
	}
	for _, f := range frames {
		b := box{f.x0, f.y0, f.x1, f.y1}
		var in []*token
		for _, t := range toks {
			if !used[t] && b.contains(t.cx(), t.cy()) {
				in = append(in, t)
			}
		}
		take(in, f.hs, f.vs, b, false, false)
	}
	var free []*token
	for _, t := range toks {
		if !used[t] && !t.vertical {
			free = append(free, t)
		}
	}
	if len(free) >= 3 {
		bands := makeBands(free)
		for _, r := range findRegions(bands, loose, 0.88*pageH, 0.12*pageH) {
			em := math.Max(r.size, 1)
			var in []*token
			for _, t := range toks {
				if used[t] {
					continue
				}
				cx, cy := t.cx(), t.cy()
				if cy >= r.y0-0.3*em && cy <= r.y1+0.3*em && cx >= r.x0-3*em && cx <= r.x1+3*em {
					in = append(in, t)
				}
			}
			take(in, r.hs, r.vs, box{r.x0, r.y0, r.x1, r.y1}, r.weakTop, r.weakEnd)
		}
	}
	for _, t := range toks {
		if !used[t] {
			rest = append(rest, t.line)
		}
	}
	sort.Slice(tables, func(i, j int) bool { return tables[i].y1 > tables[j].y1 })
	return tables, rejoin(rest), warnings
}

// underRuled reports whether a ruled table's cells hold what should be
// several cells: two numbers, or two lines each of several runs apart.
// Such a grid is a frame or a partly ruled table, rebuilt from its text.
func (t *ptable) underRuled() bool {
	for _, c := range t.cells {
		if len(c.glyphs) < 2 {
			continue
		}
		values, multi := 0, 0
		ls := buildLines(append([]Glyph(nil), c.glyphs...), tokenGap)
		sort.SliceStable(ls, func(i, j int) bool { return ls[i].cy() > ls[j].cy() })
		byY := map[int]int{}
		var above *line // the numeric line above, when it fills the cell
		for _, l := range ls {
			if l.text == "" {
				continue
			}
			if normalize.IsNumeric(l.text) {
				// A number too long for its cell wraps: a line that
				// fills the cell goes on in the line under it.
				if above == nil || math.Abs(above.cy()-l.cy()) < 0.5*l.size {
					values++
				}
				above = nil
				// (Fills: no room for another digit inside the cell's
				// padding, up to about 0.6 em a side.)
				if l.x1-l.x0 >= (c.x1-c.x0)-2.2*math.Max(l.size, 1) {
					above = l
				}
			} else {
				above = nil
			}
			byY[int(math.Round(l.cy()))]++
		}
		wide := false
		for _, n := range byY {
			if n >= 2 {
				multi++
			}
			wide = wide || n >= 3
		}
		// (A frame around one row of three column labels or more is a
		// table whose blank rows are under them.)
		if values >= 2 || multi >= 2 || t.single() && wide {
			return true
		}
	}
	return false
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
