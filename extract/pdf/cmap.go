package pdf

import (
	"sort"
	"unicode/utf16"
	"unicode/utf8"
)

// maxCMapEntries bounds the entries one CMap may define.
const maxCMapEntries = 1 << 20

// codespace is one codespace range: codes of n bytes whose every byte lies
// between the corresponding bytes of lo and hi.
type codespace struct {
	n      int
	lo, hi [4]byte
}

// uniRange maps codes lo..hi to Unicode: the destination of code c is dst
// with its last code point advanced by c-lo (bfrange, incrementing form),
// or arr[c-lo] (bfrange, array form).
type uniRange struct {
	lo, hi uint32
	dst    string
	arr    []string
}

// cidRange maps codes lo..hi to CIDs cid..cid+(hi-lo).
type cidRange struct {
	lo, hi uint32
	cid    uint32
}

// cmap is a parsed CMap: a ToUnicode CMap (bf mappings) or an encoding
// CMap (cid mappings), possibly both.
type cmap struct {
	name      string
	spaces    []codespace
	uni       map[uint32]string
	uniRanges []uniRange // sorted by lo
	cid       map[uint32]uint32
	cidRanges []cidRange // sorted by lo
	wmode     int
	usecmap   string
	entries   int
}

// parseCMap parses a CMap program. It never fails: malformed parts are
// skipped, and limits on the number of entries are enforced silently (the
// rest of the CMap is ignored).
func parseCMap(data []byte) *cmap {
	cm := &cmap{}
	lx := newLexer(data)
	lastName := "" // the most recent name token, until an operator other than def
	for {
		t := lx.next()
		switch t.kind {
		case tokEOF:
			goto done
		case tokName:
			name := string(t.b)
			if lastName == "CMapName" && cm.name == "" {
				cm.name = name
			}
			lastName = name
			continue
		case tokNumber:
			if lastName == "WMode" {
				cm.wmode = int(t.num)
			}
		case tokOp:
			switch string(t.b) {
			case "usecmap":
				cm.usecmap = lastName
			case "begincodespacerange":
				cm.readCodespace(lx)
			case "beginbfchar":
				cm.readBFChar(lx)
			case "beginbfrange":
				cm.readBFRange(lx)
			case "begincidchar":
				cm.readCIDChar(lx)
			case "begincidrange":
				cm.readCIDRange(lx)
			}
			// notdefrange mappings give a notdef CID; leaving those codes
			// unmapped has the same effect.
			if string(t.b) != "def" {
				lastName = ""
			}
		}
	}
done:
	sort.SliceStable(cm.uniRanges, func(i, j int) bool { return cm.uniRanges[i].lo < cm.uniRanges[j].lo })
	sort.SliceStable(cm.cidRanges, func(i, j int) bool { return cm.cidRanges[i].lo < cm.cidRanges[j].lo })
	return cm
}

// codeOf returns the code of the bytes b (big-endian) and their count.
func codeOf(b []byte) (uint32, int) {
	if len(b) > 4 {
		b = b[len(b)-4:]
	}
	var c uint32
	for _, x := range b {
		c = c<<8 | uint32(x)
	}
	return c, len(b)
}

func (cm *cmap) full() bool { return cm.entries >= maxCMapEntries }

func (cm *cmap) readCodespace(lx *lexer) {
	for {
		t := lx.next()
		if t.kind != tokString {
			return
		}
		lo := append([]byte(nil), t.b...)
		t2 := lx.next()
		if t2.kind != tokString {
			return
		}
		hi := t2.b
		if len(lo) == 0 || len(lo) > 4 || len(lo) != len(hi) || len(cm.spaces) >= 256 {
			continue
		}
		var cs codespace
		cs.n = len(lo)
		copy(cs.lo[:], lo)
		copy(cs.hi[:], hi)
		cm.spaces = append(cm.spaces, cs)
	}
}

func (cm *cmap) readBFChar(lx *lexer) {
	for {
		t := lx.next()
		if t.kind != tokString {
			return
		}
		code, _ := codeOf(t.b)
		t2 := lx.next()
		var dst string
		switch t2.kind {
		case tokString:
			dst = utf16BEString(t2.b)
		case tokName:
			dst = glyphNameText(string(t2.b))
		default:
			return
		}
		if cm.full() {
			continue
		}
		if cm.uni == nil {
			cm.uni = make(map[uint32]string)
		}
		cm.uni[code] = dst
		cm.entries++
	}
}

// readCodeRange reads the two codes that open a range entry.
func readCodeRange(lx *lexer) (lo, hi uint32, ok bool) {
	t := lx.next()
	if t.kind != tokString {
		return 0, 0, false
	}
	lo, _ = codeOf(t.b)
	t = lx.next()
	if t.kind != tokString {
		return 0, 0, false
	}
	hi, _ = codeOf(t.b)
	return lo, hi, true
}

func (cm *cmap) readBFRange(lx *lexer) {
	for {
		lo, hi, ok := readCodeRange(lx)
		if !ok {
			return
		}
		t3 := lx.next()
		r := uniRange{lo: lo, hi: hi}
		switch t3.kind {
		case tokString:
			r.dst = utf16BEString(t3.b)
		case tokArrayOpen:
			for {
				e := lx.next()
				if e.kind != tokString {
					break
				}
				if len(r.arr) < maxCMapEntries {
					r.arr = append(r.arr, utf16BEString(e.b))
				}
			}
		default:
			return
		}
		if hi < lo || cm.full() {
			continue
		}
		cm.uniRanges = append(cm.uniRanges, r)
		cm.entries++
	}
}

func (cm *cmap) readCIDChar(lx *lexer) {
	for {
		t := lx.next()
		if t.kind != tokString {
			return
		}
		code, _ := codeOf(t.b)
		t2 := lx.next()
		if t2.kind != tokNumber {
			return
		}
		if cm.full() || t2.num < 0 {
			continue
		}
		if cm.cid == nil {
			cm.cid = make(map[uint32]uint32)
		}
		cm.cid[code] = uint32(t2.num)
		cm.entries++
	}
}

func (cm *cmap) readCIDRange(lx *lexer) {
	for {
		lo, hi, ok := readCodeRange(lx)
		if !ok {
			return
		}
		t3 := lx.next()
		if t3.kind != tokNumber {
			return
		}
		if hi < lo || cm.full() || t3.num < 0 {
			continue
		}
		cm.cidRanges = append(cm.cidRanges, cidRange{lo: lo, hi: hi, cid: uint32(t3.num)})
		cm.entries++
	}
}

// nextCode splits the next code off s using the codespace ranges: the
// shortest range that matches wins. When no range matches, it takes as
// many bytes as the shortest codespace (at least 1), as the PDF reference
// prescribes, and reports ok = false.
func (cm *cmap) nextCode(s []byte) (code uint32, n int, ok bool) {
	if len(cm.spaces) == 0 {
		if len(s) >= 2 {
			return uint32(s[0])<<8 | uint32(s[1]), 2, true
		}
		return uint32(s[0]), 1, false
	}
	for n := 1; n <= 4 && n <= len(s); n++ {
		for i := range cm.spaces {
			cs := &cm.spaces[i]
			if cs.n != n {
				continue
			}
			match := true
			for k := 0; k < n; k++ {
				if s[k] < cs.lo[k] || s[k] > cs.hi[k] {
					match = false
					break
				}
			}
			if match {
				c, _ := codeOf(s[:n])
				return c, n, true
			}
		}
	}
	short := 4
	for i := range cm.spaces {
		short = min(short, cm.spaces[i].n)
	}
	short = max(1, min(short, len(s)))
	c, _ := codeOf(s[:short])
	return c, short, false
}

// lookupUni returns the Unicode text of code.
func (cm *cmap) lookupUni(code uint32) (string, bool) {
	if s, ok := cm.uni[code]; ok {
		return s, true
	}
	rs := cm.uniRanges
	// Last range whose lo <= code; ranges rarely overlap, so checking a
	// few predecessors is enough.
	i := sort.Search(len(rs), func(i int) bool { return rs[i].lo > code }) - 1
	for k := i; k >= 0 && k > i-4; k-- {
		r := &rs[k]
		if code < r.lo || code > r.hi {
			continue
		}
		off := code - r.lo
		if r.arr != nil {
			if int(off) < len(r.arr) {
				return r.arr[off], true
			}
			return "", false
		}
		return advanceLast(r.dst, off), true
	}
	return "", false
}

// lookupCID returns the CID of code.
func (cm *cmap) lookupCID(code uint32) (uint32, bool) {
	if c, ok := cm.cid[code]; ok {
		return c, true
	}
	rs := cm.cidRanges
	i := sort.Search(len(rs), func(i int) bool { return rs[i].lo > code }) - 1
	for k := i; k >= 0 && k > i-4; k-- {
		r := &rs[k]
		if code >= r.lo && code <= r.hi {
			return r.cid + code - r.lo, true
		}
	}
	return 0, false
}

// advanceLast returns s with its last code point advanced by off. This is
// the incrementing bfrange form; carrying out of the last byte (which the
// PDF reference does not allow but producers write) advances the code
// point as a whole, as other readers do.
func advanceLast(s string, off uint32) string {
	if off == 0 {
		return s
	}
	r, size := utf8.DecodeLastRuneInString(s)
	if size == 0 {
		return s
	}
	nr := r + rune(off)
	if !utf8.ValidRune(nr) {
		return "\uFFFD"
	}
	return s[:len(s)-size] + string(nr)
}

// utf16BEString decodes big-endian UTF-16 (an odd final byte is dropped,
// unpaired surrogates become U+FFFD). One- and three-byte destinations,
// which some producers write, are taken as byte values.
func utf16BEString(b []byte) string {
	if len(b) == 1 {
		return string(rune(b[0]))
	}
	if len(b) == 2 {
		r := rune(b[0])<<8 | rune(b[1])
		if r < 0xD800 || r > 0xDFFF {
			return string(r)
		}
		return "\uFFFD"
	}
	u := make([]uint16, 0, len(b)/2)
	for i := 0; i+1 < len(b); i += 2 {
		u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
	}
	return string(utf16.Decode(u))
}
