package geom

import (
	"math"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/nianbao/nianbao/normalize"
)

// line is a run of glyphs on one baseline (or, for vertical text, one
// column), in reading order.
type line struct {
	glyphs         []Glyph
	x0, y0, x1, y1 float64
	size           float64 // dominant font size
	bold           bool
	vertical       bool
	text           string
}

func (l *line) cy() float64 { return (l.y0 + l.y1) / 2 }
func (l *line) cx() float64 { return (l.x0 + l.x1) / 2 }

// buildLines groups glyphs into lines: horizontal glyphs by baseline,
// vertical glyphs by column. Lines are split at gaps wider than splitGap
// em (0 = never split).
func buildLines(gs []Glyph, splitGap float64) []*line {
	var h, v []Glyph
	for _, g := range gs {
		if g.Vertical {
			v = append(v, g)
		} else {
			h = append(h, g)
		}
	}
	out := horizontalLines(h, splitGap)
	out = append(out, verticalLines(v)...)
	return out
}

func horizontalLines(gs []Glyph, splitGap float64) []*line {
	if len(gs) == 0 {
		return nil
	}
	sort.SliceStable(gs, func(i, j int) bool {
		ci, cj := gs[i].Y0+gs[i].Y1, gs[j].Y0+gs[j].Y1
		if math.Abs(ci-cj) > 0.02 {
			return ci > cj
		}
		return gs[i].X0 < gs[j].X0
	})
	var out []*line
	start := 0
	cy := (gs[0].Y0 + gs[0].Y1) / 2
	sz := gs[0].Size
	for i := 1; i <= len(gs); i++ {
		if i < len(gs) {
			g := gs[i]
			gcy := (g.Y0 + g.Y1) / 2
			tol := 0.4 * math.Max(math.Min(sz, g.Size), 1)
			if math.Abs(gcy-cy) <= tol {
				continue
			}
		}
		out = append(out, splitRuns(gs[start:i], splitGap)...)
		if i < len(gs) {
			start = i
			cy = (gs[i].Y0 + gs[i].Y1) / 2
			sz = gs[i].Size
		}
	}
	return out
}

// splitRuns sorts one baseline's glyphs by x, drops duplicates drawn to
// fake bold, and splits at wide gaps. The lines share gs's memory.
func splitRuns(gs []Glyph, splitGap float64) []*line {
	sort.SliceStable(gs, func(i, j int) bool { return gs[i].X0 < gs[j].X0 })
	var out []*line
	start, n := 0, 0 // the current run is gs[start:n]; gs[:n] are kept glyphs
	for i := range gs {
		g := gs[i]
		if n > start {
			p := &gs[n-1]
			em := math.Max(math.Max(p.Size, g.Size), 1)
			// The same glyph drawn again a hair to the right: fake bold.
			if g.Text == p.Text && math.Abs(g.X0-p.X0) < 0.2*em && math.Abs(g.Y0-p.Y0) < 0.2*em {
				p.Bold = true
				p.X1 = math.Max(p.X1, g.X1)
				continue
			}
			if splitGap > 0 && g.X0-p.X1 > splitGap*em && !isSpaceGlyph(*p) && !isSpaceGlyph(g) {
				out = append(out, finishLine(&line{glyphs: gs[start:n:n]}, false))
				start = n
			}
		}
		gs[n] = g
		n++
	}
	if n > start {
		out = append(out, finishLine(&line{glyphs: gs[start:n:n]}, false))
	}
	return out
}

func verticalLines(gs []Glyph) []*line {
	if len(gs) == 0 {
		return nil
	}
	sort.SliceStable(gs, func(i, j int) bool {
		ci, cj := gs[i].X0+gs[i].X1, gs[j].X0+gs[j].X1
		if math.Abs(ci-cj) > 0.02 {
			return ci > cj // right to left, as vertical writing reads
		}
		return gs[i].Y1 > gs[j].Y1
	})
	var out []*line
	start := 0
	cx := (gs[0].X0 + gs[0].X1) / 2
	for i := 1; i <= len(gs); i++ {
		if i < len(gs) {
			g := gs[i]
			if math.Abs((g.X0+g.X1)/2-cx) <= 0.4*math.Max(g.Size, 1) {
				continue
			}
		}
		col := append([]Glyph(nil), gs[start:i]...)
		sort.SliceStable(col, func(a, b int) bool { return col[a].Y1 > col[b].Y1 })
		// Drop fake-bold duplicates.
		kept := col[:0]
		for _, g := range col {
			if n := len(kept); n > 0 && kept[n-1].Text == g.Text && math.Abs(kept[n-1].Y1-g.Y1) < 0.2*math.Max(g.Size, 1) {
				kept[n-1].Bold = true
				continue
			}
			kept = append(kept, g)
		}
		out = append(out, finishLine(&line{glyphs: kept}, true))
		if i < len(gs) {
			start = i
			cx = (gs[i].X0 + gs[i].X1) / 2
		}
	}
	return out
}

func isSpaceGlyph(g Glyph) bool { return strings.TrimSpace(g.Text) == "" }

// finishLine computes a line's box, size, boldness and text.
func finishLine(l *line, vertical bool) *line {
	l.vertical = vertical
	l.x0, l.y0 = math.Inf(1), math.Inf(1)
	l.x1, l.y1 = math.Inf(-1), math.Inf(-1)
	var sizes sizeCount
	bold := 0
	var b strings.Builder
	var prev *Glyph
	for i := range l.glyphs {
		g := &l.glyphs[i]
		if isSpaceGlyph(*g) {
			// An explicit space: keep one, between non-CJK text only.
			if prev != nil && !strings.HasSuffix(b.String(), " ") {
				b.WriteByte(' ')
			}
			continue
		}
		l.x0, l.y0 = math.Min(l.x0, g.X0), math.Min(l.y0, g.Y0)
		l.x1, l.y1 = math.Max(l.x1, g.X1), math.Max(l.y1, g.Y1)
		n := utf8.RuneCountInString(g.Text)
		sizes.add(math.Round(g.Size*2)/2, n)
		if g.Bold {
			bold += n
		}
		if prev != nil && !vertical && needsSpace(*prev, *g) && !strings.HasSuffix(b.String(), " ") {
			b.WriteByte(' ')
		}
		b.WriteString(g.Text)
		prev = g
	}
	best, total := sizes.best()
	l.size = best
	l.bold = total > 0 && bold*2 > total
	l.text = cleanSpaces(b.String())
	if math.IsInf(l.x0, 1) { // spaces only
		l.x0, l.y0, l.x1, l.y1 = 0, 0, 0, 0
	}
	return l
}

// needsSpace reports whether a space separates glyphs a and b: never
// between CJK characters, else when the gap is wider than a quarter em.
func needsSpace(a, b Glyph) bool {
	ra, _ := utf8.DecodeLastRuneInString(a.Text)
	rb, _ := utf8.DecodeRuneInString(b.Text)
	if normalize.IsCJK(ra) || normalize.IsCJK(rb) {
		return false
	}
	em := math.Max(math.Min(a.Size, b.Size), 1)
	return b.X0-a.X1 > 0.22*em
}

// cleanSpaces trims and removes spaces next to CJK characters that
// explicit space glyphs left.
func cleanSpaces(s string) string {
	s = strings.TrimSpace(s)
	if !strings.Contains(s, " ") {
		return s
	}
	rs := []rune(s)
	var b strings.Builder
	for i, r := range rs {
		if r == ' ' {
			if i > 0 && i+1 < len(rs) && (normalize.IsCJK(rs[i-1]) && normalize.IsCJK(rs[i+1])) {
				continue
			}
			if i > 0 && rs[i-1] == ' ' {
				continue
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

// joinLines joins the lines of one paragraph or cell: wrapped CJK text
// and a wrapped number without separator, wrapped Latin text with a space, and breaks that are
// not wraps (a short line before another) with "\n" when keepBreaks.
func joinLines(ls []*line, right float64, keepBreaks bool) string {
	var b strings.Builder
	for i, l := range ls {
		if l.text == "" {
			continue
		}
		if b.Len() > 0 {
			prev := ls[i-1]
			pr, _ := utf8.DecodeLastRuneInString(b.String())
			nr, _ := utf8.DecodeRuneInString(l.text)
			wrapped := prev.vertical || right-prev.x1 < 2.5*math.Max(prev.size, 1)
			switch {
			case keepBreaks && !wrapped:
				b.WriteByte('\n')
			case normalize.IsCJK(pr) || normalize.IsCJK(nr):
			case pr == '-' && unicode.IsLetter(nr):
			case wrapped && unicode.IsDigit(pr) && unicode.IsDigit(nr) && normalize.IsNumeric(prev.text):
				// A number too long for a narrow cell, wrapped.

			default:
				b.WriteByte(' ')
			}
		}
		b.WriteString(l.text)
	}
	return b.String()
}

// sizeCount counts characters per font size; lines rarely mix more than a
// few sizes.
type sizeCount struct {
	size []float64
	n    []int
}

func (c *sizeCount) add(size float64, n int) {
	for i, s := range c.size {
		if s == size {
			c.n[i] += n
			return
		}
	}
	c.size = append(c.size, size)
	c.n = append(c.n, n)
}

// best returns the size with the most characters (the larger on ties) and
// the total count.
func (c *sizeCount) best() (float64, int) {
	best, bestN, total := 0.0, -1, 0
	for i, s := range c.size {
		n := c.n[i]
		total += n
		if n > bestN || n == bestN && s > best {
			best, bestN = s, n
		}
	}
	return best, total
}
