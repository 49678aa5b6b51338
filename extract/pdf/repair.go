package pdf

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"sort"
)

// Cross-reference repair. When the structure library cannot open a file
// (a truncated download, offsets shifted by an editor, a missing or broken
// xref table), we scan the file for "N G obj" definitions and object
// streams, find the catalog, and present the file with a fresh
// cross-reference stream appended, as an incremental update would. Pages
// whose objects survive can then be read.

const maxRepairObjects = 1 << 20

// repaired returns v with a rebuilt cross-reference stream appended, or
// false when no catalog with a page tree can be found.
func repaired(v *view) (*view, bool) {
	type entry struct {
		typ  byte // 1 at an offset, 2 in an object stream
		a    int64
		b    int
		hasP bool
	}
	objs := map[int]entry{}
	var stms []int
	catalog := 0
	trailerRoot := 0
	var pageObjs []int // "/Type /Page" objects, in file order
	const chunk = 1 << 20
	for pos := int64(0); pos < v.size; pos += chunk - 64 {
		buf := readAround(v, pos, chunk)
		for i := 0; ; {
			at, num, _, start := nextObj(buf, i)
			if at < 0 {
				break
			}
			i = at + 3
			if num <= 0 || num >= maxRepairObjects {
				continue
			}
			off := pos + int64(start)
			if _, seen := objs[num]; !seen && len(objs) >= maxRepairObjects {
				continue
			}
			objs[num] = entry{typ: 1, a: off}
			head := buf[at+3 : min(len(buf), at+3+512)]
			if bytes.Contains(head, []byte("/Catalog")) {
				catalog = num
			}
			if bytes.Contains(head, []byte("/ObjStm")) {
				stms = append(stms, num)
			}
			if isPageDict(head) {
				pageObjs = append(pageObjs, num)
			}
		}
		for i := 0; ; {
			k := bytes.Index(buf[i:], []byte("/Root"))
			if k < 0 {
				break
			}
			i += k + 5
			lx := newLexer(buf[i:min(len(buf), i+40)])
			if t := lx.next(); t.kind == tokNumber && lx.next().kind == tokNumber && lx.next().isOp("R") {
				trailerRoot = int(t.num)
			}
		}
		if int64(len(buf)) < chunk {
			break
		}
	}
	// Objects inside object streams.
	for _, s := range stms {
		for _, n := range objStmMembers(v, objs[s].a) {
			if _, direct := objs[n.num]; !direct && n.num > 0 && n.num < maxRepairObjects {
				objs[n.num] = entry{typ: 2, a: int64(s), b: n.index}
			}
		}
	}
	root := trailerRoot
	if _, ok := objs[root]; !ok || root == 0 {
		root = catalog
	}
	maxNum := 0
	for n := range objs {
		maxNum = max(maxNum, n)
	}
	var tail bytes.Buffer
	tail.WriteByte('\n')
	if root == 0 {
		// No catalog (cut off, as producers write it last): make one
		// whose page tree lists the page objects found.
		if len(pageObjs) == 0 {
			return nil, false
		}
		root = maxNum + 1
		objs[root] = entry{typ: 1, a: v.size + int64(tail.Len())}
		fmt.Fprintf(&tail, "%d 0 obj\n<< /Type /Catalog /Pages %d 0 R >>\nendobj\n", root, root+1)
		objs[root+1] = entry{typ: 1, a: v.size + int64(tail.Len())}
		fmt.Fprintf(&tail, "%d 0 obj\n<< /Type /Pages /Count %d /Kids [", root+1, len(pageObjs))
		for _, p := range pageObjs {
			fmt.Fprintf(&tail, "%d 0 R ", p)
		}
		tail.WriteString("] >>\nendobj\n")
		maxNum = root + 1
	}
	size := maxNum + 2
	xrefNum := maxNum + 1
	xrefAt := v.size + int64(tail.Len())
	var rows bytes.Buffer
	row := make([]byte, 7)
	for n := 0; n < size; n++ {
		clear(row)
		e, ok := objs[n]
		switch {
		case n == xrefNum:
			row[0] = 1
			binary.BigEndian.PutUint32(row[1:5], uint32(xrefAt))
		case !ok:
			row[5], row[6] = 0xFF, 0xFF
		case e.typ == 1:
			row[0] = 1
			binary.BigEndian.PutUint32(row[1:5], uint32(e.a))
		default:
			row[0] = 2
			binary.BigEndian.PutUint32(row[1:5], uint32(e.a))
			binary.BigEndian.PutUint16(row[5:7], uint16(e.b))
		}
		rows.Write(row)
	}
	if xrefAt > 1<<32-1 {
		return nil, false
	}
	fmt.Fprintf(&tail, "%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root %d 0 R /Length %d >>\nstream\n", xrefNum, size, root, rows.Len())
	tail.Write(rows.Bytes())
	fmt.Fprintf(&tail, "\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n", xrefAt)
	nv := *v
	nv.patches = append([]patch(nil), v.patches...)
	nv.tail = tail.Bytes()
	nv.tailAt = v.size
	nv.size = v.size + int64(len(nv.tail))
	return &nv, true
}

// nextObj finds the first object header "N G obj" in buf at or after i:
// the offset of its obj keyword (-1 when there is none), N, G and the
// offset where N starts. An "obj" that is not a keyword (objstm, a name)
// or not after "N G" is passed over.
func nextObj(buf []byte, i int) (at, num, gen, start int) {
	for {
		k := bytes.Index(buf[i:], []byte("obj"))
		if k < 0 {
			return -1, 0, 0, 0
		}
		at = i + k
		i = at + 3
		if at+3 < len(buf) && !isWhite(buf[at+3]) && !isDelimiter(buf[at+3]) {
			continue
		}
		if num, gen, start, ok := objHeader(buf, at); ok {
			return at, num, gen, start
		}
	}
}

// objHeader checks that "obj" at buf[at] follows "N G" and returns N, G
// and the offset where N starts.
func objHeader(buf []byte, at int) (num, gen, start int, ok bool) {
	i := at - 1
	skipWS := func() {
		for i >= 0 && isWhite(buf[i]) {
			i--
		}
	}
	digits := func() (int, bool) {
		end := i
		for i >= 0 && buf[i] >= '0' && buf[i] <= '9' {
			i--
		}
		if i == end || end-i > 10 {
			return 0, false
		}
		v := 0
		for _, c := range buf[i+1 : end+1] {
			v = v*10 + int(c-'0')
		}
		return v, true
	}
	if i < 0 || !isWhite(buf[i]) {
		return 0, 0, 0, false
	}
	skipWS()
	gen, ok = digits()
	if !ok || i < 0 || !isWhite(buf[i]) {
		return 0, 0, 0, false
	}
	skipWS()
	num, ok = digits()
	if !ok || i >= 0 && !isWhite(buf[i]) && !isDelimiter(buf[i]) {
		return 0, 0, 0, false
	}
	return num, gen, i + 1, true
}

type stmMember struct{ num, index int }

// objStmMembers lists the objects stored in the object stream defined at
// offset off (unencrypted, Flate or unfiltered, direct /Length or up to
// endstream).
func objStmMembers(v *view, off int64) []stmMember {
	data := readAround(v, off, 1<<16)
	o := bytes.Index(data, []byte("obj"))
	if o < 0 {
		return nil
	}
	lx := newLexer(data[o+3:])
	if lx.next().kind != tokDictOpen {
		return nil
	}
	d := readDict(lx)
	if d.name["Type"] != "ObjStm" || !lx.next().isOp("stream") {
		return nil
	}
	s := o + 3 + lx.pos
	if s < len(data) && data[s] == '\r' {
		s++
	}
	if s < len(data) && data[s] == '\n' {
		s++
	}
	l := int64(d.num["Length"])
	if d.name["Length"] == "ref" || l <= 0 {
		rest := readAround(v, off+int64(s), 64<<20)
		e := bytes.Index(rest, []byte("endstream"))
		if e < 0 {
			return nil
		}
		l = int64(e)
	}
	raw := readAround(v, off+int64(s), int(min(l, 64<<20)))
	var body []byte
	switch d.name["Filter"] {
	case "FlateDecode":
		var err error
		body, err = decodeFilter(raw, "FlateDecode", defaultParms(), 64<<20)
		if err != nil && len(body) == 0 {
			return nil
		}
	case "":
		body = raw
	default:
		return nil
	}
	n := int(d.num["N"])
	first := int(d.num["First"])
	if first > len(body) {
		first = len(body)
	}
	hl := newLexer(body[:first])
	var out []stmMember
	for k := 0; k < n && k < maxRepairObjects; k++ {
		a, b := hl.next(), hl.next()
		if a.kind != tokNumber || b.kind != tokNumber {
			break
		}
		out = append(out, stmMember{int(a.num), k})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].index < out[j].index })
	return out
}

// isPageDict reports whether the start of an object is a page dictionary
// (/Type /Page, not /Pages).
func isPageDict(head []byte) bool {
	for _, pat := range [][]byte{[]byte("/Type /Page"), []byte("/Type/Page")} {
		for i := 0; ; {
			k := bytes.Index(head[i:], pat)
			if k < 0 {
				break
			}
			end := i + k + len(pat)
			if end >= len(head) || head[end] != 's' {
				return true
			}
			i = end
		}
	}
	return false
}
