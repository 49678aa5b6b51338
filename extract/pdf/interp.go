package pdf

import (
	"context"
	"math"
	"slices"

	lpdf "github.com/ledongthuc/pdf"

	"github.com/nianbao/nianbao/extract/geom"
)

// matrix is a PDF transformation matrix [a b c d e f].
type matrix [6]float64

var identity = matrix{1, 0, 0, 1, 0, 0}

// mul returns m × n (apply m first, then n).
func (m matrix) mul(n matrix) matrix {
	return matrix{
		m[0]*n[0] + m[1]*n[2],
		m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2],
		m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4],
		m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

func (m matrix) apply(x, y float64) (float64, float64) {
	return x*m[0] + y*m[2] + m[4], x*m[1] + y*m[3] + m[5]
}

type gstate struct {
	ctm       matrix
	font      *font
	fontSize  float64
	tc, tw    float64
	th        float64 // horizontal scaling, 1 = 100 %
	tl, rise  float64
	tr        int
	strokeOff bool // stroke colour is white: lines drawn with it are invisible
	fillOff   bool
	// fillFaint: the fill colour is light (luminance ≥ 0.8) or the fill
	// alpha of the ExtGState low (< 0.5): text drawn so is faint.
	fillFaint, alphaFaint bool
}

// operand is one operand of a content-stream operator.
type operand struct {
	kind tokKind
	num  float64
	b    []byte
	arr  []operand
	dict []dictEntry
}

type dictEntry struct {
	key string
	val operand
}

// resources is a resource dictionary with per-name caches.
type resources struct {
	v      lpdf.Value
	fontsD lpdf.Value
	xobjD  lpdf.Value
	propsD lpdf.Value
	loaded uint8 // bit 0 fonts, 1 xobjects, 2 properties
	fonts  map[string]*font
}

type point struct{ x, y float64 }

type pathSeg struct {
	a, b  point
	line  bool // straight segment (curves are kept only to break runs)
	close bool
}

type subpath struct {
	segs  []pathSeg
	rect  bool // from the re operator
	start point
}

// mcFrame is an open marked-content sequence.
type mcFrame struct {
	actual    bool
	text      string
	has       bool
	x0, y0    float64
	x1, y1    float64
	size      float64
	bold, vrt bool
}

// interp executes the content streams of one page.
type interp struct {
	d     *doc
	ctx   context.Context
	gs    gstate
	stack []gstate
	tm    matrix
	tlm   matrix
	ops   int
	depth int

	page *geom.Page

	path   []subpath
	cur    point
	hasCur bool
	mc     []mcFrame
	actual int // open ActualText frames
	images int
	// pageImages counts images covering much of the page (scans).
	pageImages int
	glyphs     int
	badText    int // glyphs whose text is U+FFFD
	// dirs counts the glyphs of horizontal fonts by the direction their
	// baseline runs on the page: right, up, left, down (see readingTurn).
	dirs [4]int
	// slanted counts the glyphs left out for a slanted baseline.
	slanted int
	// faint lists the page's glyphs drawn faint (light or transparent);
	// see dropWatermark.
	faint []int

	err   error // a limit hit while showing text
	args  []operand
	tmp   []operand // array elements being read
	arena []operand // array elements of the current operator's operands
}

const (
	maxOperands = 64   // operands kept before an operator (the rest are dropped)
	maxGStack   = 1024 // q nesting
	maxArray    = 1 << 16
)

func newInterp(d *doc, ctx context.Context, page *geom.Page) *interp {
	return &interp{d: d, ctx: ctx, page: page, gs: gstate{ctm: identity, th: 1}, tm: identity, tlm: identity}
}

// run executes content with the given resources.
func (in *interp) run(content []byte, res *resources) error {
	lx := newLexer(content)
	in.args = in.args[:0]
	for {
		t := lx.next()
		switch t.kind {
		case tokEOF:
			return nil
		case tokOp:
			in.ops++
			if in.ops > in.d.opts.maxOps() {
				return &LimitError{Limit: "MaxOpsPerPage", Value: int64(in.d.opts.maxOps())}
			}
			if in.ops&4095 == 0 {
				if err := in.ctx.Err(); err != nil {
					return err
				}
			}
			op := string(t.b)
			if op == "BI" {
				in.inlineImage(lx)
				in.args = in.args[:0]
				continue
			}
			if err := in.exec(op, res); err != nil {
				return err
			}
			if in.err != nil {
				return in.err
			}
			in.args = in.args[:0]
			in.arena = in.arena[:0]
		default:
			o, ok := in.readOperand(lx, t, 0)
			if !ok {
				continue
			}
			if len(in.args) >= maxOperands {
				// Huge operand runs: keep the last ones, which are the
				// ones any operator reads.
				copy(in.args, in.args[1:])
				in.args = in.args[:len(in.args)-1]
			}
			in.args = append(in.args, o)
			if len(in.arena) > 1<<18 {
				// Arrays without an operator: malformed; drop them.
				in.args, in.arena = in.args[:0], in.arena[:0]
			}
		}
	}
}

// readOperand turns token t (and, for arrays and dictionaries, the tokens
// that follow) into an operand. Strings from the lexer's scratch buffer
// are copied; array elements live in the interpreter's arena until the
// next operator.
func (in *interp) readOperand(lx *lexer, t token, depth int) (operand, bool) {
	switch t.kind {
	case tokNumber:
		return operand{kind: tokNumber, num: t.num}, true
	case tokString, tokName:
		b := t.b
		if t.owned {
			b = append([]byte(nil), b...)
		}
		return operand{kind: t.kind, b: b}, true
	case tokArrayOpen:
		start := len(in.tmp)
		for n := 0; ; n++ {
			e := lx.next()
			if e.kind == tokArrayClose || e.kind == tokEOF {
				break
			}
			if e.kind == tokOp || e.kind == tokDictClose || depth > 8 {
				// Malformed: an operator inside an array; it is lost,
				// as in other readers.
				continue
			}
			v, ok := in.readOperand(lx, e, depth+1)
			if ok && n < maxArray {
				in.tmp = append(in.tmp, v)
			}
		}
		off := len(in.arena)
		in.arena = append(in.arena, in.tmp[start:]...)
		in.tmp = in.tmp[:start]
		return operand{kind: tokArrayOpen, arr: in.arena[off:len(in.arena):len(in.arena)]}, true
	case tokDictOpen:
		o := operand{kind: tokDictOpen}
		for {
			k := lx.next()
			if k.kind == tokDictClose || k.kind == tokEOF {
				return o, true
			}
			if k.kind != tokName {
				continue
			}
			name := string(k.b)
			v := lx.next()
			if v.kind == tokDictClose || v.kind == tokEOF {
				return o, true
			}
			if depth > 8 {
				continue
			}
			val, ok := in.readOperand(lx, v, depth+1)
			if ok && len(o.dict) < 256 {
				o.dict = append(o.dict, dictEntry{name, val})
			}
		}
	}
	return operand{}, false
}

func (o operand) lookup(k string) (operand, bool) {
	for _, e := range o.dict {
		if e.key == k {
			return e.val, true
		}
	}
	return operand{}, false
}

// num returns the i-th of the last n operands as a number.
func (in *interp) nums(n int) ([]float64, bool) {
	if len(in.args) < n {
		return nil, false
	}
	var buf [6]float64
	out := buf[:0]
	if n > 6 {
		out = make([]float64, 0, n)
	}
	for _, a := range in.args[len(in.args)-n:] {
		if a.kind != tokNumber {
			return nil, false
		}
		out = append(out, a.num)
	}
	return out, true
}

func (in *interp) last() (operand, bool) {
	if len(in.args) == 0 {
		return operand{}, false
	}
	return in.args[len(in.args)-1], true
}

func (in *interp) exec(op string, res *resources) error {
	switch op {
	// Graphics state.
	case "q":
		if len(in.stack) < maxGStack {
			in.stack = append(in.stack, in.gs)
		}
	case "Q":
		if n := len(in.stack); n > 0 {
			in.gs = in.stack[n-1]
			in.stack = in.stack[:n-1]
		}
	case "cm":
		if v, ok := in.nums(6); ok {
			in.gs.ctm = matrix{v[0], v[1], v[2], v[3], v[4], v[5]}.mul(in.gs.ctm)
		}
	case "G", "g", "RG", "rg", "K", "k", "SC", "sc", "SCN", "scn":
		white, light := in.shade(op)
		if op[0] >= 'a' {
			in.gs.fillOff, in.gs.fillFaint = white, light
		} else {
			in.gs.strokeOff = white
		}
	case "CS":
		in.gs.strokeOff = false
	case "cs":
		in.gs.fillOff, in.gs.fillFaint = false, false
	case "gs":
		if n := len(in.args); n > 0 && in.args[n-1].kind == tokName && res != nil {
			ext := key(key(res.v, "ExtGState"), string(in.args[n-1].b))
			if ca, ok := num(key(ext, "ca")); ok {
				in.gs.alphaFaint = ca < 0.5
			}
		}

	// Text objects and state.
	case "BT":
		in.tm, in.tlm = identity, identity
	case "ET":
	case "Tc":
		if v, ok := in.nums(1); ok {
			in.gs.tc = v[0]
		}
	case "Tw":
		if v, ok := in.nums(1); ok {
			in.gs.tw = v[0]
		}
	case "Tz":
		if v, ok := in.nums(1); ok {
			in.gs.th = v[0] / 100
		}
	case "TL":
		if v, ok := in.nums(1); ok {
			in.gs.tl = v[0]
		}
	case "Ts":
		if v, ok := in.nums(1); ok {
			in.gs.rise = v[0]
		}
	case "Tr":
		if v, ok := in.nums(1); ok {
			in.gs.tr = int(v[0])
		}
	case "Tf":
		if len(in.args) >= 2 {
			name, size := in.args[len(in.args)-2], in.args[len(in.args)-1]
			if size.kind == tokNumber {
				in.gs.fontSize = size.num
			}
			if name.kind == tokName {
				in.gs.font = in.d.font(res, string(name.b))
			}
		}
	case "Td":
		if v, ok := in.nums(2); ok {
			in.td(v[0], v[1])
		}
	case "TD":
		if v, ok := in.nums(2); ok {
			in.gs.tl = -v[1]
			in.td(v[0], v[1])
		}
	case "Tm":
		if v, ok := in.nums(6); ok {
			in.tm = matrix{v[0], v[1], v[2], v[3], v[4], v[5]}
			in.tlm = in.tm
		}
	case "T*":
		in.td(0, -in.gs.tl)
	case "Tj":
		if a, ok := in.last(); ok && a.kind == tokString {
			in.show(a.b)
		}
	case "'":
		in.td(0, -in.gs.tl)
		if a, ok := in.last(); ok && a.kind == tokString {
			in.show(a.b)
		}
	case "\"":
		if len(in.args) >= 3 {
			aw, ac, s := in.args[len(in.args)-3], in.args[len(in.args)-2], in.args[len(in.args)-1]
			in.gs.tw, in.gs.tc = aw.num, ac.num
			in.td(0, -in.gs.tl)
			if s.kind == tokString {
				in.show(s.b)
			}
		}
	case "TJ":
		if a, ok := in.last(); ok && a.kind == tokArrayOpen {
			for _, e := range a.arr {
				switch e.kind {
				case tokString:
					in.show(e.b)
				case tokNumber:
					in.adjust(e.num)
				}
			}
		}

	// XObjects and marked content.
	case "Do":
		if a, ok := in.last(); ok && a.kind == tokName {
			return in.do(res, string(a.b))
		}
	case "BMC":
		in.mc = append(in.mc, mcFrame{})
	case "BDC":
		in.beginMarked(res)
	case "EMC":
		in.endMarked()

	// Paths.
	case "m":
		if v, ok := in.nums(2); ok {
			p := in.userPoint(v[0], v[1])
			in.path = append(in.path, subpath{start: p})
			in.cur, in.hasCur = p, true
		}
	case "l":
		if v, ok := in.nums(2); ok {
			in.lineTo(in.userPoint(v[0], v[1]), true)
		}
	case "c":
		if v, ok := in.nums(6); ok {
			in.lineTo(in.userPoint(v[4], v[5]), false)
		}
	case "v", "y":
		if v, ok := in.nums(4); ok {
			in.lineTo(in.userPoint(v[2], v[3]), false)
		}
	case "h":
		in.closePath()
	case "re":
		if v, ok := in.nums(4); ok {
			in.rect(v[0], v[1], v[2], v[3])
		}
	case "S":
		in.paint(true, false)
	case "s":
		in.closePath()
		in.paint(true, false)
	case "f", "F", "f*":
		in.paint(false, true)
	case "B", "B*":
		in.paint(true, true)
	case "b", "b*":
		in.closePath()
		in.paint(true, true)
	case "n":
		in.path = in.path[:0]
		in.hasCur = false
	}
	return nil
}

// isWhite reports whether the colour operands of op are white.
// shade reads the colour operands of op: white (lines drawn so are
// invisible) and light (luminance 0.8 or more, for gray, RGB and CMYK:
// text drawn so is faint). A pattern, or operands of another count, is
// neither.
func (in *interp) shade(op string) (white, light bool) {
	var v [4]float64
	n := 0
	for _, a := range in.args {
		if a.kind != tokNumber || n == len(v) {
			return false, false // a pattern name
		}
		v[n] = a.num
		n++
	}
	switch n {
	case 1:
		white = v[0] >= 0.99
		light = (op == "g" || op == "G") && v[0] >= 0.8
	case 3:
		white = v[0] >= 0.99 && v[1] >= 0.99 && v[2] >= 0.99
		light = 0.3*v[0]+0.59*v[1]+0.11*v[2] >= 0.8
	case 4:
		white = v[0] <= 0.01 && v[1] <= 0.01 && v[2] <= 0.01 && v[3] <= 0.01
		light = 1-math.Min(1, 0.3*v[0]+0.59*v[1]+0.11*v[2]+v[3]) >= 0.8
	}
	return white, light
}

func (in *interp) td(tx, ty float64) {
	in.tlm = matrix{1, 0, 0, 1, tx, ty}.mul(in.tlm)
	in.tm = in.tlm
}

// adjust applies a TJ number: move left by n/1000 text-space units
// (down for vertical fonts).
func (in *interp) adjust(n float64) {
	d := -n / 1000 * in.gs.fontSize
	if in.gs.font != nil && in.gs.font.vertical {
		in.tm = matrix{1, 0, 0, 1, 0, d}.mul(in.tm)
		return
	}
	in.tm = matrix{1, 0, 0, 1, d * in.gs.th, 0}.mul(in.tm)
}

// show shows string s with the current font.
func (in *interp) show(s []byte) {
	f := in.gs.font
	if f == nil {
		f = in.d.defaultFont()
	}
	fs := in.gs.fontSize
	for len(s) > 0 {
		n, g := f.next(s)
		isSpace := n == 1 && s[0] == 32
		s = s[n:]
		trm := matrix{fs * in.gs.th, 0, 0, fs, 0, in.gs.rise}.mul(in.tm).mul(in.gs.ctm)
		var x0, y0, x1, y1 float64
		vertical := f.vertical
		// dir is the direction the text runs on the page: down the
		// column of a vertical font, along the baseline of another.
		var dir int
		if f.vertical {
			dir = baselineDir(trm[2], trm[3])
			w1, vx, _ := f.vertMetrics(g.cid, g.w)
			x0, y0, x1, y1 = bbox(matrix{fs, 0, 0, fs, 0, in.gs.rise}.mul(in.tm).mul(in.gs.ctm), -vx, -1, -vx+g.w, 0)
			ty := w1*fs + in.gs.tc
			if isSpace {
				ty += in.gs.tw
			}
			in.tm = matrix{1, 0, 0, 1, 0, ty}.mul(in.tm)
		} else {
			dir = baselineDir(trm[0], trm[1])
			x0, y0, x1, y1 = bbox(trm, 0, -0.12, g.w, 0.88)
			tx := (g.w*fs + in.gs.tc) * in.gs.th
			if isSpace {
				tx += in.gs.tw * in.gs.th
			}
			in.tm = matrix{1, 0, 0, 1, tx, 0}.mul(in.tm)
			// Text whose baseline runs up or down the page.
			if math.Abs(trm[1]) > math.Abs(trm[0]) {
				vertical = true
			}
			if dir >= 0 && g.text != "" && !isSpace {
				in.dirs[dir]++
			}
		}
		// Text set at a slant (more than about 10° off the axes) is a
		// watermark or a stamp, not the report: in the layout it would
		// fall into lines and cells it crosses.
		if dir < 0 {
			if g.text != "" && !isSpace {
				in.slanted++
			}
			continue
		}
		size := math.Hypot(trm[2], trm[3])
		bold := f.bold || in.gs.tr == 2 || in.gs.tr == 6
		if in.actual > 0 {
			fr := &in.mc[in.actualFrame()]
			if !fr.has {
				fr.x0, fr.y0, fr.x1, fr.y1 = x0, y0, x1, y1
				fr.size, fr.bold, fr.vrt, fr.has = size, bold, vertical, true
			} else {
				fr.x0, fr.y0 = min(fr.x0, x0), min(fr.y0, y0)
				fr.x1, fr.y1 = max(fr.x1, x1), max(fr.y1, y1)
			}
			continue
		}
		if g.text == "" {
			continue
		}
		if len(in.page.Glyphs) >= in.d.opts.maxGlyphs() {
			in.err = &LimitError{Limit: "MaxGlyphsPerPage", Value: int64(in.d.opts.maxGlyphs())}
			return
		}
		in.glyphs++
		if g.text == "\uFFFD" {
			in.badText++
		}
		if (in.gs.fillFaint || in.gs.alphaFaint) && in.gs.tr != 3 && in.gs.tr != 7 {
			in.faint = append(in.faint, len(in.page.Glyphs))
		}
		in.page.Glyphs = append(in.page.Glyphs, geom.Glyph{
			Text: g.text, X0: x0, Y0: y0, X1: x1, Y1: y1,
			Size: size, Bold: bold, Vertical: vertical,
		})
	}
}

// bbox maps the rectangle (x0,y0)-(x1,y1) through m and returns its
// axis-aligned bounding box.
func bbox(m matrix, x0, y0, x1, y1 float64) (float64, float64, float64, float64) {
	ax, ay := m.apply(x0, y0)
	bx, by := m.apply(x1, y0)
	cx, cy := m.apply(x0, y1)
	dx, dy := m.apply(x1, y1)
	return min(ax, bx, cx, dx), min(ay, by, cy, dy), max(ax, bx, cx, dx), max(ay, by, cy, dy)
}

func (in *interp) actualFrame() int {
	for i := len(in.mc) - 1; i >= 0; i-- {
		if in.mc[i].actual {
			return i
		}
	}
	return 0
}

func (in *interp) beginMarked(res *resources) {
	fr := mcFrame{}
	if len(in.args) >= 2 {
		props := in.args[len(in.args)-1]
		var text []byte
		found := false
		switch props.kind {
		case tokDictOpen:
			if v, ok := props.lookup("ActualText"); ok && v.kind == tokString {
				text, found = v.b, true
			}
		case tokName:
			if pv := in.d.property(res, string(props.b)); pv.Kind() == lpdf.Dict {
				if at := key(pv, "ActualText"); at.Kind() == lpdf.String {
					text, found = in.d.text(at), true
				}
			}
		}
		if found && in.actual == 0 {
			fr.actual = true
			fr.text = foldRadicals(textString(text))
			in.actual++
		}
	}
	if len(in.mc) < 1024 {
		in.mc = append(in.mc, fr)
	}
}

func (in *interp) endMarked() {
	n := len(in.mc)
	if n == 0 {
		return
	}
	fr := in.mc[n-1]
	in.mc = in.mc[:n-1]
	if !fr.actual {
		return
	}
	in.actual--
	if !fr.has || fr.text == "" {
		return
	}
	in.glyphs++
	in.page.Glyphs = append(in.page.Glyphs, geom.Glyph{
		Text: fr.text, X0: fr.x0, Y0: fr.y0, X1: fr.x1, Y1: fr.y1,
		Size: fr.size, Bold: fr.bold, Vertical: fr.vrt,
	})
}

// Paths.

func (in *interp) userPoint(x, y float64) point {
	px, py := in.gs.ctm.apply(x, y)
	return point{px, py}
}

func (in *interp) lineTo(p point, line bool) {
	if !in.hasCur || len(in.path) == 0 {
		in.path = append(in.path, subpath{start: p})
		in.cur, in.hasCur = p, true
		return
	}
	sp := &in.path[len(in.path)-1]
	if len(sp.segs) < 4096 {
		sp.segs = append(sp.segs, pathSeg{a: in.cur, b: p, line: line})
	}
	in.cur = p
}

func (in *interp) closePath() {
	if len(in.path) == 0 || !in.hasCur {
		return
	}
	sp := &in.path[len(in.path)-1]
	if in.cur != sp.start {
		sp.segs = append(sp.segs, pathSeg{a: in.cur, b: sp.start, line: true, close: true})
	}
	in.cur = sp.start
}

func (in *interp) rect(x, y, w, h float64) {
	p0 := in.userPoint(x, y)
	p1 := in.userPoint(x+w, y)
	p2 := in.userPoint(x+w, y+h)
	p3 := in.userPoint(x, y+h)
	in.path = append(in.path, subpath{start: p0, rect: true, segs: []pathSeg{
		{a: p0, b: p1, line: true}, {a: p1, b: p2, line: true}, {a: p2, b: p3, line: true}, {a: p3, b: p0, line: true},
	}})
	in.cur, in.hasCur = p0, true
}

const (
	axisTol   = 0.6 // a segment within this of axis-aligned counts as aligned
	thinRect  = 3.0 // filled rectangles thinner than this are rules
	minRuling = 1.0
)

// paint turns the current path into ruling segments and clears it.
func (in *interp) paint(stroke, fill bool) {
	if len(in.page.Segments) > 200000 {
		in.path = in.path[:0]
		return
	}
	for _, sp := range in.path {
		if fill && !in.gs.fillOff {
			if x0, y0, x1, y1, ok := rectOf(sp); ok {
				w, h := x1-x0, y1-y0
				switch {
				case h <= thinRect && w >= minRuling && w > h:
					y := (y0 + y1) / 2
					in.page.Segments = append(in.page.Segments, geom.Segment{X0: x0, Y0: y, X1: x1, Y1: y})
				case w <= thinRect && h >= minRuling && h > w:
					x := (x0 + x1) / 2
					in.page.Segments = append(in.page.Segments, geom.Segment{X0: x, Y0: y0, X1: x, Y1: y1})
				}
			}
		}
		if stroke && !in.gs.strokeOff {
			for _, s := range sp.segs {
				if !s.line {
					continue
				}
				dx, dy := math.Abs(s.b.x-s.a.x), math.Abs(s.b.y-s.a.y)
				switch {
				case dy <= axisTol && dx >= minRuling:
					y := (s.a.y + s.b.y) / 2
					in.page.Segments = append(in.page.Segments, geom.Segment{X0: min(s.a.x, s.b.x), Y0: y, X1: max(s.a.x, s.b.x), Y1: y})
				case dx <= axisTol && dy >= minRuling:
					x := (s.a.x + s.b.x) / 2
					in.page.Segments = append(in.page.Segments, geom.Segment{X0: x, Y0: min(s.a.y, s.b.y), X1: x, Y1: max(s.a.y, s.b.y)})
				}
			}
		}
	}
	in.path = in.path[:0]
	in.hasCur = false
}

// rectOf returns the bounding box of a subpath that is an axis-aligned
// rectangle.
func rectOf(sp subpath) (x0, y0, x1, y1 float64, ok bool) {
	if len(sp.segs) < 3 || len(sp.segs) > 5 {
		return
	}
	x0, y0 = sp.start.x, sp.start.y
	x1, y1 = x0, y0
	for _, s := range sp.segs {
		if !s.line {
			return 0, 0, 0, 0, false
		}
		if math.Abs(s.b.x-s.a.x) > axisTol && math.Abs(s.b.y-s.a.y) > axisTol {
			return 0, 0, 0, 0, false
		}
		x0, y0 = min(x0, s.b.x), min(y0, s.b.y)
		x1, y1 = max(x1, s.b.x), max(y1, s.b.y)
	}
	return x0, y0, x1, y1, true
}

// inlineImage skips BI … ID data EI.
func (in *interp) inlineImage(lx *lexer) {
	in.images++
	var w, h, bpc, ncomp float64 = 0, 0, 8, 1
	filtered := false
	length := -1.0
	for {
		t := lx.next()
		if t.kind == tokEOF {
			return
		}
		if t.kind == tokOp {
			if string(t.b) == "ID" {
				break
			}
			continue
		}
		if t.kind != tokName {
			continue
		}
		k := string(t.b)
		v := lx.next()
		if v.kind == tokOp && string(v.b) == "ID" {
			break
		}
		val, _ := in.readOperand(lx, v, 0)
		switch k {
		case "W", "Width":
			w = val.num
		case "H", "Height":
			h = val.num
		case "BPC", "BitsPerComponent":
			bpc = val.num
		case "IM", "ImageMask":
			if val.kind == tokOp || string(val.b) == "true" {
				bpc = 1
			}
		case "CS", "ColorSpace":
			switch string(val.b) {
			case "RGB", "DeviceRGB", "CalRGB":
				ncomp = 3
			case "CMYK", "DeviceCMYK":
				ncomp = 4
			case "G", "DeviceGray", "CalGray", "I", "Indexed":
				ncomp = 1
			}
			if val.kind == tokArrayOpen {
				ncomp = 1 // Indexed
			}
		case "F", "Filter":
			filtered = val.kind == tokName || len(val.arr) > 0
		case "L", "Length":
			length = val.num
		case "DP", "DecodeParms":
		}
	}
	n := -1
	switch {
	case length >= 0 && length < 1<<30:
		n = int(length)
	case !filtered && w > 0 && h > 0 && w < 1<<16 && h < 1<<16 && bpc > 0 && bpc <= 16:
		n = int(h) * ((int(w)*int(bpc)*int(ncomp) + 7) / 8)
	}
	lx.skipInlineImage(n)
}

// do executes XObject name.
func (in *interp) do(res *resources, name string) error {
	xo, ref, hasRef := in.d.xobject(res, name)
	if xo.Kind() != lpdf.Stream {
		return nil
	}
	switch key(xo, "Subtype").Name() {
	case "Image":
		in.images++
		x0, y0, x1, y1 := bbox(in.gs.ctm, 0, 0, 1, 1)
		if (x1-x0)*(y1-y0) >= 0.4*in.page.Width*in.page.Height {
			in.pageImages++
		}
		return nil
	case "Form":
	default:
		return nil
	}
	if in.depth >= in.d.opts.maxXObjectDepth() {
		return &LimitError{Limit: "MaxXObjectDepth", Value: int64(in.d.opts.maxXObjectDepth())}
	}
	content, err := in.d.formContent(xo, ref, hasRef)
	if err != nil {
		return nil // an unreadable form is skipped, like a broken image
	}
	m := identity
	if v := nums(key(xo, "Matrix"), 6); len(v) == 6 {
		m = matrix{v[0], v[1], v[2], v[3], v[4], v[5]}
	}
	sub := res
	if r := key(xo, "Resources"); r.Kind() == lpdf.Dict {
		sub = &resources{v: r}
	}
	saved, savedStack := in.gs, len(in.stack)
	savedTM, savedTLM := in.tm, in.tlm
	savedPath := in.path
	in.path = nil
	in.gs.ctm = m.mul(in.gs.ctm)
	in.depth++
	args, arena := in.args, in.arena
	in.args, in.arena = nil, nil
	err = in.run(content, sub)
	in.args, in.arena = args, arena
	in.depth--
	in.gs = saved
	in.stack = in.stack[:min(savedStack, len(in.stack))]
	in.tm, in.tlm = savedTM, savedTLM
	in.path = savedPath
	return err
}

// baselineDir names the direction of the baseline vector (a, b) on the
// page: 0 right, 1 up, 2 left, 3 down; -1 for a slanted baseline (more
// than about 10° off the axes, as in a diagonal watermark), which does not
// say how the page reads.
func baselineDir(a, b float64) int {
	const slant = 0.18 // tan 10°
	switch {
	case math.Abs(b) <= slant*math.Abs(a) && a > 0:
		return 0
	case math.Abs(b) <= slant*math.Abs(a) && a < 0:
		return 2
	case math.Abs(a) <= slant*math.Abs(b) && b > 0:
		return 1
	case math.Abs(a) <= slant*math.Abs(b) && b < 0:
		return 3
	}
	return -1
}

// dropWatermark removes from the page the faint glyphs (light colour or
// low opacity) set at least twice as large as the page's text (its median
// glyph size): a watermark drawn across the page, which would otherwise
// fall into the lines and cells it crosses. Faint text of the text's own
// size (white header text on a shaded cell) stays. It returns how many
// glyphs it removed.
func (in *interp) dropWatermark() int {
	if len(in.faint) == 0 {
		return 0
	}
	gs := in.page.Glyphs
	sizes := make([]float64, 0, len(gs))
	for _, g := range gs {
		sizes = append(sizes, g.Size)
	}
	slices.Sort(sizes)
	median := sizes[len(sizes)/2]
	drop := map[int]bool{}
	for _, i := range in.faint {
		if gs[i].Size >= 2*median {
			drop[i] = true
		}
	}
	if len(drop) == 0 {
		return 0
	}
	out := gs[:0]
	for i, g := range gs {
		if !drop[i] {
			out = append(out, g)
		}
	}
	in.page.Glyphs = out
	in.glyphs -= len(drop)
	return len(drop)
}

// readingTurn is the clockwise turn, in degrees, that makes most of the
// page's text run left to right: 0 for upright text, 90 for text running
// up the page (a table set sideways on a landscape page, or a page shown
// rotated with /Rotate), 180 upside down, 270 running down. Pages whose
// text has no majority direction keep their orientation.
func (in *interp) readingTurn() int {
	total, best := 0, 0
	for d, n := range in.dirs {
		total += n
		if n > in.dirs[best] {
			best = d
		}
	}
	if total == 0 || in.dirs[best]*2 <= total {
		return 0
	}
	return best * 90
}
