package pdf

import (
	"strings"

	lpdf "github.com/ledongthuc/pdf"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/nianbao/nianbao/normalize"
)

type fontKind uint8

const (
	fontSimple fontKind = iota
	fontType0
	fontType3
)

// widthRange gives CIDs lo..hi the width w (text-space units, 1/1000 em
// already applied).
type widthRange struct {
	lo, hi uint32
	w      float64
}

// vwRange gives CIDs lo..hi a vertical displacement w1 and position
// vector (vx, vy), in text-space units.
type vwRange struct {
	lo, hi     uint32
	w1, vx, vy float64
}

// glyphInfo is a decoded code, cached per font.
type glyphInfo struct {
	cid  uint32 // the CID (Type0) or the code (simple fonts)
	text string
	w    float64 // horizontal advance, text-space units
}

// font is a font decoded once per document.
type font struct {
	name     string
	kind     fontKind
	bold     bool
	vertical bool

	// Type0: code → CID. enc nil with identity = Identity-H/V.
	enc      *cmap
	identity bool
	// Type0 fallbacks for codes without a ToUnicode entry.
	ordering string // CIDSystemInfo Ordering ("GB1", "Identity", …)
	uniCodes string // "ucs2", "utf32", "gbk", "gb18030", "gb7" (predefined CMaps) or ""
	// cidFromText: the CID comes from the text through the Adobe-GB1
	// table (predefined CMaps, whose code → CID tables we do not ship).
	cidFromText bool

	toUni *cmap

	// simple fonts
	simpleText  [256]string
	simpleKnown [256]bool
	widths      [256]float64
	hasWidths   bool
	missing     float64

	// CID fonts
	dw   float64
	cidW []widthRange
	dw2  [2]float64 // vy, w1y
	cidV []vwRange

	// Type3
	matrix [6]float64

	cache map[uint32]glyphInfo
	// statistics for the unmapped-text check
}

// loadFont decodes a font dictionary. It never fails: missing parts get
// defaults, and a font that cannot be decoded at all still yields glyphs
// (U+FFFD) with plausible widths.
func (d *doc) loadFont(fd lpdf.Value) *font {
	f := &font{cache: make(map[uint32]glyphInfo), dw: 1, missing: 0}
	f.matrix = [6]float64{0.001, 0, 0, 0.001, 0, 0}
	sub := key(fd, "Subtype").Name()
	f.name = key(fd, "BaseFont").Name()
	switch sub {
	case "Type0":
		f.kind = fontType0
		d.loadType0(f, fd)
	case "Type3":
		f.kind = fontType3
		m := nums(key(fd, "FontMatrix"), 6)
		if len(m) == 6 && (m[0] != 0 || m[1] != 0) {
			copy(f.matrix[:], m)
		}
		d.loadSimple(f, fd)
	default:
		d.loadSimple(f, fd)
	}
	if tu := key(fd, "ToUnicode"); tu.Kind() == lpdf.Stream {
		if data, err := d.streamData(tu); err == nil {
			f.toUni = parseCMap(data)
			if len(f.toUni.uni) == 0 && len(f.toUni.uniRanges) == 0 {
				f.toUni = nil
			}
		}
	} else if tu.Kind() == lpdf.Name && f.kind == fontType0 {
		// A predefined CMap name as ToUnicode (Identity-H, UCS2 maps):
		// nothing to add beyond the encoding's own fallbacks.
		if strings.Contains(tu.Name(), "UCS2") || strings.Contains(tu.Name(), "UTF16") {
			f.uniCodes = "ucs2"
		}
	}
	lname := strings.ToLower(f.name)
	if strings.Contains(lname, "bold") || strings.Contains(lname, "black") || strings.Contains(lname, "heavy") ||
		strings.Contains(lname, "semibold") || strings.Contains(f.name, "粗") {
		f.bold = true
	}
	return f
}

func (d *doc) fontDescriptor(f *font, desc lpdf.Value) {
	if desc.Kind() != lpdf.Dict {
		return
	}
	if fl, ok := num(key(desc, "Flags")); ok && int64(fl)&(1<<18) != 0 {
		f.bold = true
	}
	if w, ok := num(key(desc, "FontWeight")); ok && w >= 600 {
		f.bold = true
	}
	if mw, ok := num(key(desc, "MissingWidth")); ok {
		f.missing = mw / 1000
	}
}

func (d *doc) loadSimple(f *font, fd lpdf.Value) {
	d.fontDescriptor(f, key(fd, "FontDescriptor"))
	scale := 0.001
	if f.kind == fontType3 {
		scale = f.matrix[0]
	}
	if ws := key(fd, "Widths"); ws.Kind() == lpdf.Array {
		first, _ := num(key(fd, "FirstChar"))
		n := min(ws.Len(), 256)
		for i := 0; i < n; i++ {
			c := int(first) + i
			if c < 0 || c > 255 {
				continue
			}
			w, _ := num(index(ws, i))
			f.widths[c] = w * scale
		}
		f.hasWidths = true
	}
	if !f.hasWidths {
		standardWidths(f)
	}
	// Encoding: base table, then /Differences.
	base := &standardEnc
	encOnce.Do(initEncodings)
	if f.kind == fontSimple && key(fd, "Subtype").Name() == "TrueType" {
		base = &winAnsi
	}
	var diffs lpdf.Value
	switch enc := key(fd, "Encoding"); enc.Kind() {
	case lpdf.Name:
		base = namedEncoding(enc.Name(), base)
	case lpdf.Dict:
		base = namedEncoding(key(enc, "BaseEncoding").Name(), base)
		diffs = key(enc, "Differences")
	}
	symbolic := strings.Contains(f.name, "Symbol") || strings.Contains(f.name, "Dingbats")
	for c := 0; c < 256; c++ {
		if r := base[c]; r != 0 && !symbolic {
			f.simpleText[c] = string(r)
			f.simpleKnown[c] = true
		}
	}
	if diffs.Kind() == lpdf.Array {
		code := 0
		n := min(diffs.Len(), 4096)
		for i := 0; i < n; i++ {
			e := index(diffs, i)
			switch e.Kind() {
			case lpdf.Integer, lpdf.Real:
				v, _ := num(e)
				code = int(v)
			case lpdf.Name:
				if code >= 0 && code < 256 {
					t := glyphNameText(e.Name())
					f.simpleText[code] = t
					f.simpleKnown[code] = t != ""
				}
				code++
			}
		}
	}
}

func namedEncoding(name string, def *[256]rune) *[256]rune {
	switch name {
	case "WinAnsiEncoding":
		return &winAnsi
	case "MacRomanEncoding":
		return &macRoman
	case "StandardEncoding":
		return &standardEnc
	}
	return def
}

// standardWidths gives fonts without /Widths (the standard 14 fonts)
// approximate widths: exact metrics do not matter for reading order, only
// roughly right gaps.
func standardWidths(f *font) {
	w := 0.5
	if strings.Contains(f.name, "Courier") {
		w = 0.6
	}
	for c := range f.widths {
		f.widths[c] = w
	}
	f.widths[' '] = 0.25
	if strings.Contains(f.name, "Courier") {
		f.widths[' '] = 0.6
	}
}

func (d *doc) loadType0(f *font, fd lpdf.Value) {
	desc := index(key(fd, "DescendantFonts"), 0)
	d.fontDescriptor(f, key(desc, "FontDescriptor"))
	if f.name == "" {
		f.name = key(desc, "BaseFont").Name()
	}
	info := key(desc, "CIDSystemInfo")
	f.ordering = string(d.text(key(info, "Ordering")))
	if f.ordering == "" {
		f.ordering = key(info, "Ordering").Name()
	}
	if w, ok := num(key(desc, "DW")); ok {
		f.dw = w / 1000
	}
	f.dw2 = [2]float64{0.88, -1}
	if dw2 := nums(key(desc, "DW2"), 2); len(dw2) == 2 {
		f.dw2 = [2]float64{dw2[0] / 1000, dw2[1] / 1000}
	}
	f.cidW = parseW(key(desc, "W"))
	f.cidV = parseW2(key(desc, "W2"))

	enc := key(fd, "Encoding")
	switch enc.Kind() {
	case lpdf.Name:
		d.namedCMap(f, enc.Name())
	case lpdf.Stream:
		if data, err := d.streamData(enc); err == nil {
			cm := parseCMap(data)
			if cm.wmode == 1 {
				f.vertical = true
			}
			if cm.usecmap != "" {
				d.namedCMap(f, cm.usecmap)
				if f.enc != nil && len(cm.spaces) == 0 {
					cm.spaces = f.enc.spaces
				}
			}
			if len(cm.cid) > 0 || len(cm.cidRanges) > 0 || f.enc == nil {
				f.identity = false
				f.enc = cm
				f.cidFromText = false
			}
		}
	default:
		f.identity = true
	}
	if f.enc == nil {
		f.identity = true
	}
}

// namedCMap sets up a Type0 font's encoding from a predefined CMap name.
func (d *doc) namedCMap(f *font, name string) {
	if strings.HasSuffix(name, "-V") {
		f.vertical = true
	}
	switch name {
	case "Identity-H", "Identity-V", "Identity":
		f.identity = true
		return
	}
	spaces, uni, ok := predefinedSpaces(name)
	if !ok {
		f.identity = true
		return
	}
	f.identity = false
	f.enc = &cmap{name: name, spaces: spaces}
	f.uniCodes = uni
	f.cidFromText = true
	if f.ordering == "" {
		f.ordering = "GB1"
	}
}

// parseW parses a CIDFont /W array: c [w1 w2 …] and cfirst clast w.
func parseW(a lpdf.Value) []widthRange {
	if a.Kind() != lpdf.Array {
		return nil
	}
	var out []widthRange
	n := min(a.Len(), 1<<16)
	for i := 0; i < n; {
		first, ok := num(index(a, i))
		if !ok || first < 0 {
			break
		}
		e := index(a, i+1)
		if e.Kind() == lpdf.Array {
			m := min(e.Len(), 1<<16)
			for k := 0; k < m; k++ {
				w, _ := num(index(e, k))
				c := uint32(first) + uint32(k)
				out = append(out, widthRange{c, c, w / 1000})
			}
			i += 2
			continue
		}
		last, ok1 := num(e)
		w, ok2 := num(index(a, i+2))
		if !ok1 || !ok2 || last < first {
			break
		}
		out = append(out, widthRange{uint32(first), uint32(last), w / 1000})
		i += 3
	}
	sortWidths(out)
	return out
}

// parseW2 parses a CIDFont /W2 array: c [w1y vx vy …] and cfirst clast w1y vx vy.
func parseW2(a lpdf.Value) []vwRange {
	if a.Kind() != lpdf.Array {
		return nil
	}
	var out []vwRange
	n := min(a.Len(), 1<<16)
	for i := 0; i < n; {
		first, ok := num(index(a, i))
		if !ok || first < 0 {
			break
		}
		e := index(a, i+1)
		if e.Kind() == lpdf.Array {
			v := nums(e, 3<<16)
			for k := 0; k+2 < len(v); k += 3 {
				c := uint32(first) + uint32(k/3)
				out = append(out, vwRange{c, c, v[k] / 1000, v[k+1] / 1000, v[k+2] / 1000})
			}
			i += 2
			continue
		}
		last, _ := num(e)
		w1, _ := num(index(a, i+2))
		vx, _ := num(index(a, i+3))
		vy, _ := num(index(a, i+4))
		if last < first {
			break
		}
		out = append(out, vwRange{uint32(first), uint32(last), w1 / 1000, vx / 1000, vy / 1000})
		i += 5
	}
	return out
}

func sortWidths(w []widthRange) {
	// Usually already sorted; insertion sort is fine for sorted input.
	for i := 1; i < len(w); i++ {
		for j := i; j > 0 && w[j].lo < w[j-1].lo; j-- {
			w[j], w[j-1] = w[j-1], w[j]
		}
	}
}

// cidWidth returns the width of cid.
func (f *font) cidWidth(cid uint32) float64 {
	w := f.cidW
	lo, hi := 0, len(w)
	for lo < hi {
		m := (lo + hi) / 2
		if w[m].lo <= cid {
			lo = m + 1
		} else {
			hi = m
		}
	}
	for k := lo - 1; k >= 0 && k >= lo-4; k-- {
		if cid >= w[k].lo && cid <= w[k].hi {
			return w[k].w
		}
	}
	return f.dw
}

// vertMetrics returns the vertical displacement w1 (negative: downward)
// and the position vector of cid for a vertical font.
func (f *font) vertMetrics(cid uint32, w0 float64) (w1, vx, vy float64) {
	for _, r := range f.cidV {
		if cid >= r.lo && cid <= r.hi {
			return r.w1, r.vx, r.vy
		}
	}
	return f.dw2[1], w0 / 2, f.dw2[0]
}

// next decodes the first code of s: its byte length and its cached CID,
// text and width.
func (f *font) next(s []byte) (n int, g glyphInfo) {
	var code uint32
	if f.kind != fontType0 {
		code, n = uint32(s[0]), 1
	} else if f.identity {
		if len(s) >= 2 {
			code, n = uint32(s[0])<<8|uint32(s[1]), 2
		} else {
			code, n = uint32(s[0]), 1
		}
	} else {
		code, n, _ = f.enc.nextCode(s)
	}
	key := code | uint32(n-1)<<30
	if n == 4 {
		key = code // 4-byte codes: rare; collisions with shorter codes are harmless
	}
	if g, ok := f.cache[key]; ok {
		return n, g
	}
	g = f.decode(code, n, s[:n])
	if len(f.cache) < 1<<16 {
		f.cache[key] = g
	}
	return n, g
}

func (f *font) decode(code uint32, n int, raw []byte) glyphInfo {
	g := glyphInfo{cid: code}
	if f.kind == fontType0 && !f.identity && !f.cidFromText {
		if c, ok := f.enc.lookupCID(code); ok {
			g.cid = c
		} else {
			g.cid = 0
		}
	}
	g.text = foldRadicals(f.unicode(code, n, g.cid, raw))
	if f.cidFromText {
		g.cid = 0
		if r := firstRune(g.text); r != 0 {
			if c, ok := unicodeToGB1(r); ok {
				g.cid = c
			}
		}
	}
	// Width.
	switch f.kind {
	case fontType0:
		g.w = f.cidWidth(g.cid)
	default:
		if code < 256 {
			g.w = f.widths[code]
			if g.w == 0 && f.hasWidths {
				g.w = f.missing
			}
		}
	}
	return g
}

func firstRune(s string) rune {
	for _, r := range s {
		return r
	}
	return 0
}

// unicode returns the text of a code: ToUnicode first, then the
// fallbacks of the font's kind.
func (f *font) unicode(code uint32, n int, cid uint32, raw []byte) string {
	if f.toUni != nil {
		if t, ok := f.toUni.lookupUni(code); ok {
			return t
		}
	}
	if f.kind != fontType0 {
		if code < 256 && f.simpleKnown[code] {
			return f.simpleText[code]
		}
		return "\uFFFD"
	}
	switch f.uniCodes {
	case "ucs2":
		return utf16BEString(raw)
	case "utf32":
		if code <= 0x10FFFF && !(code >= 0xD800 && code <= 0xDFFF) {
			return string(rune(code))
		}
	case "gbk", "gb18030", "gb7":
		if n == 1 && raw[0] < 0x80 {
			return string(rune(raw[0]))
		}
		b := raw
		if f.uniCodes == "gb7" {
			b = []byte{raw[0] | 0x80, raw[len(raw)-1] | 0x80}
		}
		dec := simplifiedchinese.GBK.NewDecoder()
		if f.uniCodes == "gb18030" {
			dec = simplifiedchinese.GB18030.NewDecoder()
		}
		if out, err := dec.Bytes(b); err == nil && len(out) > 0 && !strings.ContainsRune(string(out), '\uFFFD') {
			return string(out)
		}
	}
	if strings.Contains(f.ordering, "GB1") && !f.cidFromText {
		if r, ok := gb1ToUnicode(cid); ok {
			return string(r)
		}
	}
	return "\uFFFD"
}

// foldRadicals replaces CJK radicals and compatibility ideographs, which
// ToUnicode CMaps of Qt and Skia output map glyphs shared with ordinary
// ideographs to (⻓ U+2ED3 for 长), by the unified ideograph.
func foldRadicals(s string) string {
	for _, r := range s {
		if r >= 0x2E80 && r <= 0x2FDF || r >= 0xF900 && r <= 0xFAFF {
			return normalize.Fold(s)
		}
	}
	return s
}
