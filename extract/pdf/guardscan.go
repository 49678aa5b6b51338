package pdf

import (
	"bytes"
	"fmt"
)

// The structure library cannot be stopped from outside once it loops, and
// a few inputs make it loop forever, recurse without bound (a fatal stack
// overflow) or allocate without bound (a fatal out-of-memory), none of
// which a recover can catch. checkStructure reads the cross-reference
// sections and object streams itself first and rejects those inputs:
//
//   - cross-reference tables and streams declaring more objects than
//     maxObjects (the library allocates its table from these numbers);
//   - compressed objects whose object stream is itself compressed (the
//     library resolves the chain recursively);
//   - object streams with an /N larger than their data, an /Extends cycle,
//     or an unterminated hex string (the library's lexer loops at the end
//     of an object stream).
//
// Encrypted object streams cannot be read here; for them Read still
// returns at the deadline, leaving the library's goroutine behind.

const maxObjects = 8 << 20

func corruptf(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrCorrupt}, args...)...)
}

// checkStructure inspects the file presented by v.
func checkStructure(v *view) error {
	tail := int64(1024)
	if tail > v.size {
		tail = v.size
	}
	buf := make([]byte, tail)
	n, _ := v.ReadAt(buf, v.size-tail)
	buf = buf[:n]
	i := bytes.LastIndex(buf, []byte("startxref"))
	if i < 0 {
		return nil // the library reports it
	}
	lx := newLexer(buf[i+len("startxref"):])
	t := lx.next()
	if t.kind != tokNumber {
		return nil
	}
	inStream := map[int]int{} // compressed object → its object stream
	direct := map[int]bool{}  // objects at a file offset
	seen := map[int64]bool{}
	off := int64(t.num)
	encrypted := false
	for hops := 0; hops < 64 && off > 0 && off < v.size && !seen[off]; hops++ {
		seen[off] = true
		next, enc, err := checkXrefSection(v, off, inStream, direct)
		if err != nil {
			return err
		}
		encrypted = encrypted || enc
		off = next
	}
	for obj, stm := range inStream {
		if !direct[stm] {
			if _, ok := inStream[stm]; ok {
				return corruptf("object %d is in object stream %d, which is itself compressed", obj, stm)
			}
		}
	}
	if !encrypted {
		return checkObjStms(v)
	}
	return nil
}

// readAround returns up to n bytes of v at off.
func readAround(v *view, off int64, n int) []byte {
	if off+int64(n) > v.size {
		n = int(v.size - off)
	}
	if n <= 0 {
		return nil
	}
	buf := make([]byte, n)
	m, _ := v.ReadAt(buf, off)
	return buf[:m]
}

// dictNums reads a dictionary from lx (after <<) and returns its numeric
// and name entries and the numbers of array entries.
type pdict struct {
	num  map[string]float64
	name map[string]string
	arr  map[string][]float64
	has  map[string]bool
}

func readDict(lx *lexer) pdict {
	d := pdict{num: map[string]float64{}, name: map[string]string{}, arr: map[string][]float64{}, has: map[string]bool{}}
	depth := 0
	key := ""
	sub := "" // key inside a nested dictionary (/DecodeParms)
	for steps := 0; steps < 100000; steps++ {
		t := lx.next()
		switch t.kind {
		case tokEOF:
			return d
		case tokDictOpen:
			depth++
			key, sub = "", ""
		case tokDictClose:
			if depth == 0 {
				return d
			}
			depth--
			sub = ""
		case tokName:
			if depth == 0 && key == "" {
				key = string(t.b)
				d.has[key] = true
				continue
			}
			if depth == 1 && sub == "" {
				sub = string(t.b)
				continue
			}
			if depth == 0 {
				d.name[key] = string(t.b)
			}
			key, sub = "", ""
		case tokNumber:
			if depth == 1 && sub != "" {
				// Entries of a nested dictionary are kept as "/Key".
				d.num["/"+sub] = t.num
				sub = ""
				continue
			}
			if depth == 0 && key != "" {
				d.num[key] = t.num
				// "N G R": keep the object number, skip the rest.
				save := lx.pos
				t2, t3 := lx.next(), lx.next()
				if t2.kind == tokNumber && t3.isOp("R") {
					d.name[key] = "ref"
				} else {
					lx.pos = save
				}
			}
			key = ""
		case tokArrayOpen:
			var a []float64
			for k := 0; k < 1<<16; k++ {
				e := lx.next()
				if e.kind == tokArrayClose || e.kind == tokEOF {
					break
				}
				if e.kind == tokNumber {
					a = append(a, e.num)
				}
			}
			if depth == 0 && key != "" {
				d.arr[key] = a
			}
			key = ""
		default:
			key = ""
		}
	}
	return d
}

// checkXrefSection checks the cross-reference section at off and returns
// the offset of the previous one.
func checkXrefSection(v *view, off int64, inStream map[int]int, direct map[int]bool) (prev int64, encrypted bool, err error) {
	head := readAround(v, off, 64<<10)
	lx := newLexer(head)
	t := lx.next()
	if t.isOp("xref") {
		for k := 0; k < 100000; k++ {
			t := lx.next()
			if t.isOp("trailer") {
				break
			}
			if t.kind != tokNumber {
				return 0, false, nil // the library reports it
			}
			cnt := lx.next()
			if cnt.kind != tokNumber {
				return 0, false, nil
			}
			if t.num < 0 || cnt.num < 0 || t.num+cnt.num > maxObjects {
				return 0, false, corruptf("cross-reference table declares objects %v to %v", t.num, t.num+cnt.num)
			}
			// Skip the entries: 20 bytes each, or tokens when the file
			// is sloppy.
			skip := lx.pos + int(cnt.num)*20
			if skip > len(lx.data) {
				// A long table: its headers beyond our window are not
				// checked, and the library's own checks apply.
				return 0, false, nil
			}
			lx.pos = skip
		}
		if lx.next().kind != tokDictOpen {
			return 0, false, nil
		}
		d := readDict(lx)
		if d.num["Size"] > maxObjects {
			return 0, false, corruptf("trailer /Size %v", d.num["Size"])
		}
		return int64(d.num["Prev"]), d.has["Encrypt"], nil
	}
	// A cross-reference stream: N G obj << … >> stream
	if t.kind != tokNumber || lx.next().kind != tokNumber || !lx.next().isOp("obj") || lx.next().kind != tokDictOpen {
		return 0, false, nil
	}
	d := readDict(lx)
	if d.num["Size"] > maxObjects || d.num["Size"] < 0 {
		return 0, false, corruptf("cross-reference stream /Size %v", d.num["Size"])
	}
	idx := d.arr["Index"]
	for i := 0; i+1 < len(idx); i += 2 {
		if idx[i] < 0 || idx[i+1] < 0 || idx[i]+idx[i+1] > maxObjects {
			return 0, false, corruptf("cross-reference stream /Index %v %v", idx[i], idx[i+1])
		}
	}
	w := d.arr["W"]
	if len(w) < 3 || w[0] < 0 || w[1] < 0 || w[2] < 0 || w[0]+w[1]+w[2] > 32 || w[0] > 8 || w[1] > 8 || w[2] > 8 {
		return int64(d.num["Prev"]), d.has["Encrypt"], nil // the library rejects bad /W itself
	}
	if c := d.num["/Columns"]; c > 1<<20 {
		return 0, false, corruptf("cross-reference stream /Columns %v", c)
	}
	// Decode the entries to check compressed objects.
	if s := lx.next(); s.isOp("stream") && d.name["Length"] != "ref" {
		start := lx.pos
		if start < len(head) && head[start] == '\r' {
			start++
		}
		if start < len(head) && head[start] == '\n' {
			start++
		}
		l := int(d.num["Length"])
		if l > 0 && start+l <= len(head) {
			raw := head[start : start+l]
			p := defaultParms()
			if x, ok := d.num["/Predictor"]; ok {
				p.predictor = int(x)
			}
			if x, ok := d.num["/Columns"]; ok {
				p.columns = int(x)
			}
			var data []byte
			var err error
			switch d.name["Filter"] {
			case "FlateDecode":
				data, err = decodeFilter(raw, "FlateDecode", p, 64<<20)
			case "":
				data = raw
			default:
				err = errFilter
			}
			if err == nil {
				xrefEntries(data, []int{int(w[0]), int(w[1]), int(w[2])}, idx, int(d.num["Size"]), inStream, direct)
			}
		}
	}
	return int64(d.num["Prev"]), d.has["Encrypt"], nil
}

// xrefEntries records the compressed and direct objects of a decoded
// cross-reference stream; earlier (newer) sections win.
func xrefEntries(data []byte, w []int, idx []float64, size int, inStream map[int]int, direct map[int]bool) {
	if len(idx) == 0 {
		idx = []float64{0, float64(size)}
	}
	rec := w[0] + w[1] + w[2]
	if rec == 0 {
		return
	}
	field := func(b []byte) int {
		x := 0
		for _, c := range b {
			x = x<<8 | int(c)
		}
		return x
	}
	pos := 0
	for i := 0; i+1 < len(idx); i += 2 {
		start, n := int(idx[i]), int(idx[i+1])
		for k := 0; k < n && pos+rec <= len(data); k++ {
			e := data[pos : pos+rec]
			pos += rec
			typ := 1
			if w[0] > 0 {
				typ = field(e[:w[0]])
			}
			obj := start + k
			if _, ok := inStream[obj]; ok || direct[obj] {
				continue
			}
			switch typ {
			case 1:
				direct[obj] = true
			case 2:
				inStream[obj] = field(e[w[0] : w[0]+w[1]])
			}
		}
	}
}

// checkObjStms finds the object streams in the file and checks them.
func checkObjStms(v *view) error {
	const chunk = 1 << 20
	extends := map[int]int{}
	for pos := int64(0); pos < v.size; pos += chunk - 16 {
		buf := readAround(v, pos, chunk)
		for i := 0; ; {
			k := bytes.Index(buf[i:], []byte("/ObjStm"))
			if k < 0 {
				break
			}
			at := pos + int64(i+k)
			i += k + 7
			num, ext, err := checkObjStm(v, at)
			if err != nil {
				return err
			}
			if num > 0 && ext > 0 {
				extends[num] = ext
			}
		}
		if int64(len(buf)) < chunk {
			break
		}
	}
	for start := range extends {
		seen := map[int]bool{}
		for n := start; n > 0; n = extends[n] {
			if seen[n] {
				return corruptf("object streams extend each other in a cycle (object %d)", start)
			}
			seen[n] = true
		}
	}
	return nil
}

// checkObjStm checks the object stream whose dictionary contains the
// "/ObjStm" at offset at. It returns the stream's object number and the
// object number of its /Extends, when known.
func checkObjStm(v *view, at int64) (num, ext int, err error) {
	back := int64(2048)
	if back > at {
		back = at
	}
	before := readAround(v, at-back, int(back))
	o := bytes.LastIndex(before, []byte("obj"))
	if o < 0 {
		return 0, 0, nil
	}
	// The object number: the two numbers before "obj".
	hdr := newLexer(before[max(0, o-24):o])
	var nums []float64
	for t := hdr.next(); t.kind != tokEOF; t = hdr.next() {
		if t.kind == tokNumber {
			nums = append(nums, t.num)
		}
	}
	if len(nums) >= 2 {
		num = int(nums[len(nums)-2])
	}
	start := at - back + int64(o) + 3
	data := readAround(v, start, 1<<16)
	lx := newLexer(data)
	if lx.next().kind != tokDictOpen {
		return num, 0, nil
	}
	d := readDict(lx)
	if d.name["Type"] != "ObjStm" {
		return num, 0, nil
	}
	if d.name["Extends"] == "ref" {
		ext = int(d.num["Extends"])
	}
	n := d.num["N"]
	if n < 0 || n > maxObjects {
		return num, ext, corruptf("object stream %d declares %v objects", num, n)
	}
	if !lx.next().isOp("stream") || d.name["Length"] == "ref" {
		return num, ext, nil
	}
	s := lx.pos
	if s < len(data) && data[s] == '\r' {
		s++
	}
	if s < len(data) && data[s] == '\n' {
		s++
	}
	l := int(d.num["Length"])
	if l <= 0 {
		return num, ext, nil
	}
	raw := readAround(v, start+int64(s), l)
	var body []byte
	switch d.name["Filter"] {
	case "FlateDecode":
		p := defaultParms()
		body, err = decodeFilter(raw, "FlateDecode", p, 64<<20)
		if err != nil {
			return num, ext, nil // the library reports a damaged stream
		}
	case "":
		body = raw
	default:
		return num, ext, nil
	}
	if n > float64(len(body))/2+1 {
		return num, ext, corruptf("object stream %d declares %v objects in %d bytes", num, n, len(body))
	}
	if unterminatedHex(body) {
		return num, ext, corruptf("object stream %d ends inside a hex string", num)
	}
	return num, ext, nil
}

// unterminatedHex reports whether PDF object syntax in b ends inside a hex
// string (outside literal strings and comments).
func unterminatedHex(b []byte) bool {
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case '%':
			for i < len(b) && b[i] != '\n' && b[i] != '\r' {
				i++
			}
		case '(':
			depth := 1
			for i++; i < len(b) && depth > 0; i++ {
				switch b[i] {
				case '\\':
					i++
				case '(':
					depth++
				case ')':
					depth--
				}
			}
			i--
		case '<':
			if i+1 < len(b) && b[i+1] == '<' {
				i++
				continue
			}
			k := bytes.IndexByte(b[i:], '>')
			if k < 0 {
				return true
			}
			i += k
		}
	}
	return false
}
