package docx

import (
	"bytes"
	"fmt"
	"io"
	"unicode/utf8"
)

// This file is the reader's XML tokenizer: a pull parser over the bytes of
// one package part, held in memory. It does the work encoding/xml does for
// the reader about ten times faster (see doc.go), because it
//
//   - scans a byte slice instead of calling ReadByte per byte;
//   - hands out character data and attribute values as sub-slices of the
//     part where nothing needs decoding, and decodes only what the reader
//     asks for (an attribute value becomes a string on lookup, short ones
//     interned);
//   - interns element names and caches the namespace each resolves to
//     until a declaration changes the scope; attribute names are resolved
//     only when looked up;
//   - skips an ignored subtree (skipTree) without building tokens, while
//     still checking it as strictly as the rest, and can skim one
//     (skimTree) checking only that its elements nest, for the styles.
//
// Conformance. It accepts and rejects what encoding/xml in strict mode
// does, and gives the same elements, attributes (names resolved to
// namespace URIs by the same rules, including an unbound prefix standing
// for itself) and character data, with these deliberate differences:
//
//   - a document type declaration is accepted only before the first
//     element and without an internal subset; every other markup
//     declaration (<!ENTITY …>, <!ELEMENT …>, …) is an error. No entity is
//     ever defined or expanded, so no input can grow on expansion;
//   - non-ASCII characters in names follow the Name production of XML 1.0
//     fifth edition, not the older tables encoding/xml uses;
//   - a part in UTF-16 (with a byte-order mark, or recognisable from its
//     first bytes) or declaring another encoding that golang.org/x/text
//     knows (GBK, GB18030, Big5, …) is transcoded to UTF-8 first, where
//     encoding/xml without a CharsetReader refuses it. A declaration of
//     UTF-16 on a part whose bytes are not UTF-16 is taken as UTF-8.
//
// The fuzz and differential tests (xmltok_test.go) hold it to this.

// tokKind is the kind of token next returns.
type tokKind uint8

const (
	tokNone tokKind = iota
	tokStart
	tokEnd
	tokText
)

// Special XML namespace names, as encoding/xml treats them.
const (
	xmlURL      = "http://www.w3.org/XML/1998/namespace"
	xmlnsPrefix = "xmlns"
	xmlPrefix   = "xml"
)

// qname is an interned raw element name ("w:p") with its prefix and local
// part split as encoding/xml splits them, and the namespace it last
// resolved to.
type qname struct {
	raw, prefix, local string

	elemGen   uint64
	elemSpace string
	elemKind  uint8
}

// nsBinding is one in-scope namespace declaration.
type nsBinding struct {
	prefix, uri string
}

// openElem is an element whose end tag has not been read yet.
type openElem struct {
	q     *qname
	nsLen int // len(ns) before the element's own declarations
}

// xattr is an attribute of the current start tag: its raw name, split
// at colon (-1 for none) as encoding/xml splits it, and its raw value
// between the quotes, both sub-slices of the part; esc says the value holds
// an entity or character reference or a carriage return to decode.
// Attribute names are neither interned nor resolved until asked for:
// most are never looked at.
type xattr struct {
	name  []byte
	colon int
	esc   bool
	val   []byte
}

// local returns the attribute's local name.
func (a *xattr) local() []byte { return a.name[a.colon+1:] }

// syntaxError is malformed XML at a 1-based line.
type syntaxError struct {
	line int
	msg  string
}

func (e *syntaxError) Error() string { return fmt.Sprintf("line %d: %s", e.line, e.msg) }

// maxInterned bounds the name table; past it the table starts afresh (the
// names still in use stay valid, they just stop being shared).
const maxInterned = 4096

// resetData starts tokenizing a new part.
func (x *xmlReader) resetData(data []byte) {
	x.data, x.pos, x.err = data, 0, nil
	x.open = x.open[:0]
	x.ns = x.ns[:0]
	x.gen++
	x.pendingEnd = false
	x.seenElem = false
	x.declAt = -1
	x.chars = nil
	if x.names == nil || len(x.names) > maxInterned {
		x.names = make(map[string]*qname, 256)
		clear(x.recent[:])
	}
}

// fail records a syntax error at byte offset p and returns it.
func (x *xmlReader) fail(p int, msg string) error {
	p = min(max(p, 0), len(x.data))
	x.err = &syntaxError{line: 1 + bytes.Count(x.data[:p], []byte{'\n'}), msg: msg}
	return x.err
}

func (x *xmlReader) eof() error { return x.fail(len(x.data), "unexpected EOF") }

// next returns the next start tag, end tag or (when wantText) run of
// character data; comments, processing instructions and the document type
// declaration are consumed on the way. Character data not wanted is still
// checked. At the end of the input, with no element open, it returns
// io.EOF.
func (x *xmlReader) next(wantText bool) (tokKind, error) {
	if x.err != nil {
		return tokNone, x.err
	}
	if x.pendingEnd {
		x.pendingEnd = false
		x.pop()
		return tokEnd, nil
	}
	data := x.data
	for {
		p := x.pos
		if p >= len(data) {
			if len(x.open) > 0 {
				return tokNone, x.eof()
			}
			return tokNone, io.EOF
		}
		if data[p] != '<' {
			end, esc, err := x.scanChars(p, 0)
			if err != nil {
				return tokNone, err
			}
			x.pos = end
			if wantText {
				x.setText(data[p:end], esc, false)
				return tokText, nil
			}
			continue
		}
		if p+1 >= len(data) {
			return tokNone, x.eof()
		}
		switch data[p+1] {
		case '/':
			return tokEnd, x.endTag(p)
		case '?':
			if err := x.procInst(p); err != nil {
				return tokNone, err
			}
		case '!':
			start, end, cdata, err := x.bang(p)
			if err != nil {
				return tokNone, err
			}
			if cdata && wantText && end > start {
				x.setText(data[start:end], bytes.IndexByte(data[start:end], '\r') >= 0, true)
				return tokText, nil
			}
		default:
			return tokStart, x.startTag(p)
		}
	}
}

// setText makes raw the current character data, decoding it into the
// scratch buffer when needed.
func (x *xmlReader) setText(raw []byte, esc, cdata bool) {
	if !esc {
		x.chars = raw
		return
	}
	x.scratch = decodeChars(x.scratch[:0], raw, cdata)
	x.chars = x.scratch
}

// startTag reads the start tag at p, makes it the current element and
// opens it.
func (x *xmlReader) startTag(p int) error {
	data := x.data
	start := p
	q, p, err := x.name(p+1, "expected element name after <")
	if err != nil {
		return err
	}
	depth := len(x.open) + 1
	if depth > x.max {
		x.err = &LimitError{Limit: "MaxDepth", Value: int64(depth), Max: int64(x.max), Part: x.part}
		return x.err
	}
	for len(x.attrs) <= depth {
		x.attrs = append(x.attrs, nil)
	}
	attrs := x.attrs[depth][:0]
	empty := false
	for {
		p = skipSpace(data, p)
		if p >= len(data) {
			return x.eof()
		}
		c := data[p]
		if c == '/' {
			if p+1 >= len(data) {
				return x.eof()
			}
			if data[p+1] != '>' {
				return x.fail(p, "expected /> in element")
			}
			p += 2
			empty = true
			break
		}
		if c == '>' {
			p++
			break
		}
		s, e, vs, ve, esc, err := x.attribute(p)
		if err != nil {
			return err
		}
		colon := bytes.IndexByte(data[s:e], ':')
		if colon <= 0 || colon == e-s-1 {
			colon = -1
		}
		attrs = append(attrs, xattr{name: data[s:e], colon: colon, esc: esc, val: data[vs:ve]})
		p = ve + 1
	}
	x.attrs[depth] = attrs
	x.tagPos, x.pos = start, p
	x.seenElem = true

	// Declarations first: they apply to the element's own name and to its
	// other attributes.
	nsLen := len(x.ns)
	for i := range attrs {
		a := &attrs[i]
		switch {
		case a.colon == len(xmlnsPrefix) && string(a.name[:a.colon]) == xmlnsPrefix:
			x.ns = append(x.ns, nsBinding{x.intern(a.local()), x.uri(a)})
		case a.colon < 0 && string(a.name) == xmlnsPrefix:
			x.ns = append(x.ns, nsBinding{"", x.uri(a)})
		}
	}
	if len(x.ns) != nsLen {
		x.gen++
	}
	x.open = append(x.open, openElem{q: q, nsLen: nsLen})
	space, kind := x.elemSpace(q)
	x.cur = startElement{Name: xname{Space: space, Local: q.local}, ns: kind, attrs: attrs, x: x}
	x.pendingEnd = empty
	return nil
}

// endMismatch returns the error for the end tag at p in skipTree, which
// does not close the innermost element (or is cut short).
func (x *xmlReader) endMismatch(p int, stack [][2]int) error {
	want := x.open[len(x.open)-1].q.raw
	if n := len(stack); n > 0 {
		want = string(x.data[stack[n-1][0]:stack[n-1][1]])
	}
	s, e, err := x.rawName(p+2, "expected element name after </", true)
	if err != nil {
		return err
	}
	if got := string(x.data[s:e]); got != want {
		return x.fail(p, "element <"+want+"> closed by </"+got+">")
	}
	return x.eof()
}

// attribute reads one name="value" pair at p and returns the bounds of
// the name and of the raw value.
func (x *xmlReader) attribute(p int) (s, e, vs, ve int, esc bool, err error) {
	data := x.data
	s, e, err = x.rawName(p, "expected attribute name in element", true)
	if err != nil {
		return
	}
	p = skipSpace(data, e)
	if p >= len(data) {
		err = x.eof()
		return
	}
	if data[p] != '=' {
		err = x.fail(p, "attribute name without = in element")
		return
	}
	p = skipSpace(data, p+1)
	if p >= len(data) {
		err = x.eof()
		return
	}
	quote := data[p]
	if quote != '"' && quote != '\'' {
		err = x.fail(p, "unquoted or missing attribute value in element")
		return
	}
	vs = p + 1
	ve, esc, err = x.scanChars(vs, quote)
	return
}

// uri returns a namespace declaration's value, interned.
func (x *xmlReader) uri(a *xattr) string {
	v := a.val
	if a.esc {
		x.scratch = decodeChars(x.scratch[:0], v, false)
		v = x.scratch
	}
	return x.intern(v)
}

// intern returns b as a string from the table of prefixes and namespace
// URIs.
func (x *xmlReader) intern(b []byte) string {
	if s, ok := x.uris[string(b)]; ok {
		return s
	}
	if x.uris == nil || len(x.uris) > maxInterned {
		x.uris = make(map[string]string, 64)
	}
	s := string(b)
	x.uris[s] = s
	return s
}

// lookup returns the URI bound to prefix in the current scope.
func (x *xmlReader) lookup(prefix string) (string, bool) {
	for i := len(x.ns) - 1; i >= 0; i-- {
		if x.ns[i].prefix == prefix {
			return x.ns[i].uri, true
		}
	}
	return "", false
}

// elemSpace resolves an element name's namespace as encoding/xml does: the
// default namespace for no prefix, the bound URI for a prefix, the prefix
// itself when it is not bound.
func (x *xmlReader) elemSpace(q *qname) (string, uint8) {
	if q.elemGen == x.gen {
		return q.elemSpace, q.elemKind
	}
	var s string
	switch {
	case q.prefix == xmlnsPrefix:
		s = xmlnsPrefix
	case q.prefix == xmlPrefix:
		s = xmlURL
	case q.prefix == "" && q.local == xmlnsPrefix:
		s = ""
	default:
		v, ok := x.lookup(q.prefix)
		if ok {
			s = v
		} else {
			s = q.prefix
		}
	}
	q.elemGen, q.elemSpace, q.elemKind = x.gen, s, nsKind(s)
	return s, q.elemKind
}

// attrSpace resolves an attribute name's namespace as encoding/xml does:
// none without a prefix, the bound URI for a prefix, the prefix itself when
// it is not bound.
func (x *xmlReader) attrSpace(a *xattr) (string, uint8) {
	if a.colon < 0 {
		return "", nsOther
	}
	prefix := a.name[:a.colon]
	switch string(prefix) {
	case xmlnsPrefix:
		return xmlnsPrefix, nsOther
	case xmlPrefix:
		return xmlURL, nsOther
	}
	for i := len(x.ns) - 1; i >= 0; i-- {
		if x.ns[i].prefix == string(prefix) {
			return x.ns[i].uri, nsKind(x.ns[i].uri)
		}
	}
	return string(prefix), nsOther
}

// pop closes the innermost open element and ends its declarations' scope.
func (x *xmlReader) pop() {
	e := x.open[len(x.open)-1]
	x.open = x.open[:len(x.open)-1]
	if len(x.ns) != e.nsLen {
		x.ns = x.ns[:e.nsLen]
		x.gen++
	}
}

// endTag reads the end tag at p, which must close the innermost element.
func (x *xmlReader) endTag(p int) error {
	data := x.data
	if n := len(x.open); n > 0 {
		// Usually the tag closes the innermost element: compare instead
		// of scanning the name.
		top := x.open[n-1].q
		if e := p + 2 + len(top.raw); e < len(data) && string(data[p+2:e]) == top.raw && !nameContinues(data[e]) {
			q := skipSpace(data, e)
			if q >= len(data) {
				return x.eof()
			}
			if data[q] != '>' {
				return x.fail(q, "invalid characters between </"+top.raw+" and >")
			}
			x.pos = q + 1
			space, kind := x.elemSpace(top)
			x.cur = startElement{Name: xname{Space: space, Local: top.local}, ns: kind}
			x.pop()
			return nil
		}
	}
	s, e, err := x.rawName(p+2, "expected element name after </", true)
	if err != nil {
		return err
	}
	raw := data[s:e]
	q := skipSpace(data, e)
	if q >= len(data) {
		return x.eof()
	}
	if data[q] != '>' {
		return x.fail(q, "invalid characters between </"+string(raw)+" and >")
	}
	if len(x.open) == 0 {
		return x.fail(p, "unexpected end element </"+string(raw)+">")
	}
	if top := x.open[len(x.open)-1].q; top.raw != string(raw) {
		return x.fail(p, "element <"+top.raw+"> closed by </"+string(raw)+">")
	}
	x.pos = q + 1
	top := x.open[len(x.open)-1].q
	space, kind := x.elemSpace(top)
	x.cur = startElement{Name: xname{Space: space, Local: top.local}, ns: kind}
	x.pop()
	return nil
}

// name reads a name at p and returns it interned, with the offset after it.
func (x *xmlReader) name(p int, missing string) (*qname, int, error) {
	s, e, err := x.rawName(p, missing, true)
	if err != nil {
		return nil, 0, err
	}
	raw := x.data[s:e]
	h := (uint(len(raw))*0x9E37 ^ uint(raw[len(raw)-1])*0x3B ^ uint(raw[len(raw)/2])*0x11 ^ uint(raw[0])) % uint(len(x.recent))
	if q := x.recent[h]; q != nil && q.raw == string(raw) {
		return q, e, nil
	}
	if q, ok := x.names[string(raw)]; ok {
		x.recent[h] = q
		return q, e, nil
	}
	q := &qname{raw: string(raw)}
	q.local = q.raw
	if i := bytes.IndexByte(raw, ':'); i > 0 && i < len(raw)-1 {
		q.prefix, q.local = q.raw[:i], q.raw[i+1:]
	}
	x.names[q.raw] = q
	x.recent[h] = q
	return q, e, nil
}

// rawName scans a name at p, checking it as encoding/xml does (a valid
// XML name, with at most one colon when qualified), and returns its
// bounds.
func (x *xmlReader) rawName(p int, missing string, qualified bool) (start, end int, err error) {
	rest := x.data[p:]
	colons, wide := 0, false
	i := 0
	for ; i < len(rest); i++ {
		c := rest[i]
		if namePlain[c] {
			continue
		}
		if c == ':' {
			colons++
			continue
		}
		if c >= utf8.RuneSelf {
			wide = true
			continue
		}
		break
	}
	if i == 0 {
		if len(rest) == 0 {
			return 0, 0, x.eof()
		}
		return 0, 0, x.fail(p, missing)
	}
	name := rest[:i]
	if wide || !nameStartByte[name[0]] {
		if !isXMLName(name) {
			return 0, 0, x.fail(p, "invalid XML name: "+string(name))
		}
	}
	if qualified && colons > 1 {
		return 0, 0, x.fail(p, missing)
	}
	return p, p + i, nil
}

// procInst reads the processing instruction at p. An XML declaration must
// say version 1.0 and, unless the part was transcoded from it, UTF-8.
func (x *xmlReader) procInst(p int) error {
	data := x.data
	s, e, err := x.rawName(p+2, "expected target name after <?", false)
	if err != nil {
		return err
	}
	body := skipSpace(data, e)
	i := bytes.Index(data[body:], []byte("?>"))
	if i < 0 {
		return x.eof()
	}
	x.pos = body + i + 2
	if string(data[s:e]) != "xml" {
		return nil
	}
	content := data[body : body+i]
	if v := pseudoAttr(content, "version"); len(v) > 0 && string(v) != "1.0" {
		return x.fail(p, fmt.Sprintf("unsupported XML version %q; only version 1.0 is supported", v))
	}
	if p != x.declAt {
		if enc := pseudoAttr(content, "encoding"); len(enc) > 0 && !isUTF8Name(enc) {
			return x.fail(p, fmt.Sprintf("encoding %q declared after the start of the part", enc))
		}
	}
	return nil
}

// bang reads the markup at p that starts with "<!": a comment, a CDATA
// section (whose content bounds it returns) or a document type declaration.
func (x *xmlReader) bang(p int) (start, end int, cdata bool, err error) {
	data := x.data
	rest := data[p+2:]
	if len(rest) == 0 {
		return 0, 0, false, x.eof()
	}
	switch rest[0] {
	case '-':
		if len(rest) < 2 {
			return 0, 0, false, x.eof()
		}
		if rest[1] != '-' {
			return 0, 0, false, x.fail(p, "invalid sequence <!- not part of <!--")
		}
		body := p + 4
		i := bytes.Index(data[body:], []byte("--"))
		if i < 0 {
			return 0, 0, false, x.eof()
		}
		q := body + i + 2
		if q >= len(data) {
			return 0, 0, false, x.eof()
		}
		if data[q] != '>' {
			return 0, 0, false, x.fail(q, `invalid sequence "--" not allowed in comments`)
		}
		x.pos = q + 1
		return 0, 0, false, nil
	case '[':
		const open = "[CDATA["
		for i := 1; i < len(open); i++ {
			if i >= len(rest) {
				return 0, 0, false, x.eof()
			}
			if rest[i] != open[i] {
				return 0, 0, false, x.fail(p, "invalid <![ sequence")
			}
		}
		start = p + 2 + len(open)
		i := bytes.Index(data[start:], []byte("]]>"))
		if i < 0 {
			return 0, 0, false, x.fail(len(data), "unexpected EOF in CDATA section")
		}
		end = start + i
		if bad, msg := checkChars(data[start:end]); msg != "" {
			return 0, 0, false, x.fail(start+bad, msg)
		}
		x.pos = end + 3
		return start, end, true, nil
	}
	const doctype = "DOCTYPE"
	if !bytes.HasPrefix(rest, []byte(doctype)) {
		if len(rest) < len(doctype) && bytes.HasPrefix([]byte(doctype), rest) {
			return 0, 0, false, x.eof()
		}
		return 0, 0, false, x.fail(p, "unsupported markup declaration (only comments, CDATA sections and a document type declaration without internal subset are accepted)")
	}
	if x.seenElem {
		return 0, 0, false, x.fail(p, "document type declaration after the first element")
	}
	// Scan to the closing '>', over quoted literals; an internal subset
	// would declare entities, which are not supported.
	var quote byte
	for q := p + 2 + len(doctype); q < len(data); q++ {
		c := data[q]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '[':
			return 0, 0, false, x.fail(q, "document type declaration with an internal subset (entity declarations are not supported)")
		case c == '<':
			return 0, 0, false, x.fail(q, "unexpected < in document type declaration")
		case c == '>':
			x.pos = q + 1
			return 0, 0, false, nil
		}
	}
	return 0, 0, false, x.eof()
}

// skipTree consumes the rest of the element just started without building
// tokens: no names are interned or resolved and no text is decoded, but
// the subtree is checked exactly as next checks it, and the depth limit
// holds inside it.
func (x *xmlReader) skipTree() error {
	if x.err != nil {
		return x.err
	}
	if x.pendingEnd {
		x.pendingEnd = false
		x.pop()
		return nil
	}
	data := x.data
	stack := x.skipStack[:0]
	defer func() { x.skipStack = stack[:0] }()
	p := x.pos
	for {
		// Character data up to the next tag.
		if p >= len(data) {
			return x.eof()
		}
		if data[p] != '<' {
			end, _, err := x.scanChars(p, 0)
			if err != nil {
				return err
			}
			p = end
			continue
		}
		if p+1 >= len(data) {
			return x.eof()
		}
		switch data[p+1] {
		case '/':
			var e int
			var match bool
			if n := len(stack); n > 0 {
				want := data[stack[n-1][0]:stack[n-1][1]]
				e = p + 2 + len(want)
				match = e < len(data) && bytes.Equal(data[p+2:e], want) && !nameContinues(data[e])
			} else {
				want := x.open[len(x.open)-1].q.raw
				e = p + 2 + len(want)
				match = e < len(data) && string(data[p+2:e]) == want && !nameContinues(data[e])
			}
			if !match {
				return x.endMismatch(p, stack)
			}
			q := skipSpace(data, e)
			if q >= len(data) {
				return x.eof()
			}
			if data[q] != '>' {
				return x.fail(q, "invalid characters between </"+string(data[p+2:e])+" and >")
			}
			p = q + 1
			if len(stack) == 0 {
				x.pos = p
				x.pop()
				return nil
			}
			stack = stack[:len(stack)-1]
		case '?':
			x.pos = p
			if err := x.procInst(p); err != nil {
				return err
			}
			p = x.pos
		case '!':
			x.pos = p
			if _, _, _, err := x.bang(p); err != nil {
				return err
			}
			p = x.pos
		default:
			s, e, err := x.rawName(p+1, "expected element name after <", true)
			if err != nil {
				return err
			}
			if depth := len(x.open) + len(stack) + 1; depth > x.max {
				x.err = &LimitError{Limit: "MaxDepth", Value: int64(depth), Max: int64(x.max), Part: x.part}
				return x.err
			}
			q := e
			empty := false
			for {
				q = skipSpace(data, q)
				if q >= len(data) {
					return x.eof()
				}
				c := data[q]
				if c == '/' {
					if q+1 >= len(data) {
						return x.eof()
					}
					if data[q+1] != '>' {
						return x.fail(q, "expected /> in element")
					}
					q += 2
					empty = true
					break
				}
				if c == '>' {
					q++
					break
				}
				_, _, _, ve, _, err := x.attribute(q)
				if err != nil {
					return err
				}
				q = ve + 1
			}
			if !empty {
				stack = append(stack, [2]int{s, e})
			}
			p = q
		}
	}
}

// skimTree consumes the rest of the element just started checking only
// its structure: start and end tags balance (within the depth limit),
// quoted attribute values, comments, CDATA sections and processing
// instructions end, and the element's own end tag matches it. Names,
// characters and references inside are not checked. It is for the parts
// whose damage costs only formatting (the styles), where it is several
// times faster than skipTree.
func (x *xmlReader) skimTree() error {
	if x.err != nil {
		return x.err
	}
	if x.pendingEnd {
		x.pendingEnd = false
		x.pop()
		return nil
	}
	data := x.data
	depth := 0
	p := x.pos
	for {
		if p >= len(data) || data[p] != '<' {
			i := bytes.IndexByte(data[p:], '<')
			if i < 0 {
				return x.eof()
			}
			p += i
		}
		if p+1 >= len(data) {
			return x.eof()
		}
		switch data[p+1] {
		case '/':
			j := bytes.IndexByte(data[p:], '>')
			if j < 0 {
				return x.eof()
			}
			if depth > 0 {
				depth--
				p += j + 1
				continue
			}
			name := bytes.TrimRight(data[p+2:p+j], " \t\r\n")
			if want := x.open[len(x.open)-1].q.raw; string(name) != want {
				return x.fail(p, "element <"+want+"> closed by </"+string(name)+">")
			}
			x.pos = p + j + 1
			x.pop()
			return nil
		case '?':
			j := bytes.Index(data[p:], []byte("?>"))
			if j < 0 {
				return x.eof()
			}
			p += j + 2
		case '!':
			if _, _, _, err := x.bang(p); err != nil {
				return err
			}
			p = x.pos
		default:
			q, err := x.tagEnd(p + 1)
			if err != nil {
				return err
			}
			if q >= len(data) {
				return x.eof()
			}
			if data[q-1] != '/' {
				depth++
				if d := len(x.open) + depth; d > x.max {
					x.err = &LimitError{Limit: "MaxDepth", Value: int64(d), Max: int64(x.max), Part: x.part}
					return x.err
				}
			}
			p = q + 1
		}
	}
}

// tagEnd returns the offset of the '>' that ends the start tag whose
// name begins at q, the first one outside a quoted attribute value.
func (x *xmlReader) tagEnd(q int) (int, error) {
	data := x.data
	var quote byte
	for ; q < len(data); q++ {
		c := data[q]
		if !skimSpecial[c] {
			continue
		}
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '>':
			return q, nil
		case c == '<':
			return 0, x.fail(q, "unexpected < in a start tag")
		default:
			quote = c
		}
	}
	return 0, x.eof()
}

// seek puts the reader back at pos, the offset of a start tag that was
// read with root as the only open element and ns as the namespace scope.
func (x *xmlReader) seek(pos int, root openElem, ns []nsBinding) {
	x.pos, x.err, x.pendingEnd = pos, nil, false
	x.open = append(x.open[:0], root)
	x.ns = append(x.ns[:0], ns...)
	x.gen++
}

// scanChars checks the character data at p up to the next '<' (quote 0)
// or up to the closing quote of an attribute value, and returns where it
// ends and whether it needs decoding.
func (x *xmlReader) scanChars(p int, quote byte) (end int, esc bool, err error) {
	data := x.data
	for p < len(data) {
		c := data[p]
		if !charSpecial[c] {
			p++
			continue
		}
		switch {
		case c == '<':
			if quote != 0 {
				return 0, false, x.fail(p, "unescaped < inside quoted string")
			}
			return p, esc, nil
		case c == '"' || c == '\'':
			if c == quote {
				return p, esc, nil
			}
			p++
		case c == '&':
			_, n, msg := entityAt(data[p:])
			if msg != "" {
				return 0, false, x.fail(p, msg)
			}
			p += n
			esc = true
		case c == '\r':
			p++
			esc = true
		case c == ']':
			if quote == 0 && p+2 < len(data) && data[p+1] == ']' && data[p+2] == '>' {
				return 0, false, x.fail(p, "unescaped ]]> not in CDATA section")
			}
			p++
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRune(data[p:])
			if r == utf8.RuneError && size == 1 {
				return 0, false, x.fail(p, "invalid UTF-8")
			}
			if !inCharRange(r) {
				return 0, false, x.fail(p, fmt.Sprintf("illegal character code %U", r))
			}
			p += size
		default:
			return 0, false, x.fail(p, fmt.Sprintf("illegal character code %U", rune(c)))
		}
	}
	if quote != 0 {
		return 0, false, x.eof()
	}
	return p, esc, nil
}

// checkChars checks the content of a CDATA section; it returns the offset
// and message of the first bad character, or "".
func checkChars(b []byte) (int, string) {
	for p := 0; p < len(b); {
		c := b[p]
		switch {
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRune(b[p:])
			if r == utf8.RuneError && size == 1 {
				return p, "invalid UTF-8"
			}
			if !inCharRange(r) {
				return p, fmt.Sprintf("illegal character code %U", r)
			}
			p += size
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r':
			return p, fmt.Sprintf("illegal character code %U", rune(c))
		default:
			p++
		}
	}
	return 0, ""
}

// entityAt reads the reference at the start of b ("&…;"): one of the five
// predefined entities or a character reference. Anything else is an error:
// no other entity can be defined.
func entityAt(b []byte) (r rune, n int, msg string) {
	bad := func(i int) (rune, int, string) {
		if i < len(b) && b[i] == ';' {
			return 0, 0, "invalid character entity " + string(b[:i+1])
		}
		return 0, 0, "invalid character entity " + string(b[:min(i, len(b))]) + " (no semicolon)"
	}
	if len(b) > 1 && b[1] == '#' {
		i, base := 2, 10
		if i < len(b) && b[i] == 'x' {
			i, base = 3, 16
		}
		start := i
		var v int64
		for ; i < len(b); i++ {
			d := hexVal(b[i])
			if d < 0 || d >= base {
				break
			}
			if v <= utf8.MaxRune {
				v = v*int64(base) + int64(d)
			}
		}
		if i == start || i >= len(b) || b[i] != ';' || v > utf8.MaxRune {
			return bad(i)
		}
		r = rune(v)
		if r >= 0xD800 && r <= 0xDFFF {
			r = utf8.RuneError // as encoding/xml: a surrogate becomes U+FFFD
		}
		if !inCharRange(r) {
			return 0, 0, fmt.Sprintf("illegal character code %U", r)
		}
		return r, i + 1, ""
	}
	i := 1
	for i < len(b) && (b[i] >= utf8.RuneSelf || nameByte[b[i]]) {
		i++
	}
	if i >= len(b) || b[i] != ';' {
		return bad(i)
	}
	switch string(b[1:i]) {
	case "lt":
		r = '<'
	case "gt":
		r = '>'
	case "amp":
		r = '&'
	case "apos":
		r = '\''
	case "quot":
		r = '"'
	default:
		return bad(i)
	}
	return r, i + 1, ""
}

func hexVal(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'f':
		return int(c-'a') + 10
	case 'A' <= c && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// decodeChars appends the checked character data src to dst with
// references replaced and line ends normalised ("\r\n" and "\r" → "\n");
// in a CDATA section only the line ends.
func decodeChars(dst, src []byte, cdata bool) []byte {
	for i := 0; i < len(src); {
		switch c := src[i]; {
		case c == '\r':
			dst = append(dst, '\n')
			i++
			if i < len(src) && src[i] == '\n' {
				i++
			}
		case c == '&' && !cdata:
			r, n, _ := entityAt(src[i:])
			if n == 0 { // not reached on checked data
				return append(dst, src[i:]...)
			}
			dst = utf8.AppendRune(dst, r)
			i += n
		default:
			j := i + 1
			for j < len(src) && src[j] != '\r' && (cdata || src[j] != '&') {
				j++
			}
			dst = append(dst, src[i:j]...)
			i = j
		}
	}
	return dst
}

// nameContinues reports whether a name can go on with byte c.
func nameContinues(c byte) bool { return c >= utf8.RuneSelf || nameByte[c] }

func skipSpace(data []byte, p int) int {
	for p < len(data) {
		switch data[p] {
		case ' ', '\t', '\n', '\r':
			p++
		default:
			return p
		}
	}
	return p
}

// inCharRange reports whether r is an XML Char.
func inCharRange(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}

// Byte classes. nameByte: ASCII bytes that may appear in a name (the
// bytes that end a name for the scanner, as in encoding/xml);
// nameStartByte: ASCII bytes that may start one; namePlain: nameByte but
// the colon; charSpecial: bytes the
// character data scanner must look at; skimSpecial: bytes skimTree must
// look at inside a tag.
var nameByte, nameStartByte, namePlain, charSpecial, skimSpecial [256]bool

func init() {
	for c := 0; c < 256; c++ {
		b := byte(c)
		letter := 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z'
		nameStartByte[c] = letter || b == '_' || b == ':'
		nameByte[c] = nameStartByte[c] || '0' <= b && b <= '9' || b == '.' || b == '-'
		namePlain[c] = nameByte[c] && b != ':'
		skimSpecial[c] = b == '<' || b == '>' || b == '"' || b == '\''
		charSpecial[c] = c >= utf8.RuneSelf || c < 0x20 && b != '\t' && b != '\n' ||
			b == '<' || b == '&' || b == '\r' || b == ']' || b == '"' || b == '\''
	}
}

// isXMLName reports whether b is a Name of XML 1.0 (fifth edition).
func isXMLName(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return false
		}
		if i == 0 && !isNameStart(r) || i > 0 && !isNameChar(r) {
			return false
		}
		i += size
	}
	return true
}

func isNameStart(r rune) bool {
	switch {
	case r < utf8.RuneSelf:
		return nameStartByte[r]
	case r >= 0xC0 && r <= 0xD6, r >= 0xD8 && r <= 0xF6, r >= 0xF8 && r <= 0x2FF,
		r >= 0x370 && r <= 0x37D, r >= 0x37F && r <= 0x1FFF, r >= 0x200C && r <= 0x200D,
		r >= 0x2070 && r <= 0x218F, r >= 0x2C00 && r <= 0x2FEF, r >= 0x3001 && r <= 0xD7FF,
		r >= 0xF900 && r <= 0xFDCF, r >= 0xFDF0 && r <= 0xFFFD, r >= 0x10000 && r <= 0xEFFFF:
		return true
	}
	return false
}

func isNameChar(r rune) bool {
	switch {
	case r < utf8.RuneSelf:
		return nameByte[r]
	case isNameStart(r), r == 0xB7, r >= 0x300 && r <= 0x36F, r >= 0x203F && r <= 0x2040:
		return true
	}
	return false
}

// pseudoAttr returns the value of a pseudo-attribute (version, encoding,
// standalone) of an XML declaration's content, or nil.
func pseudoAttr(content []byte, name string) []byte {
	p := 0
	for {
		p = skipSpace(content, p)
		s := p
		for p < len(content) && content[p] < utf8.RuneSelf && nameByte[content[p]] {
			p++
		}
		if p == s {
			return nil
		}
		key := content[s:p]
		p = skipSpace(content, p)
		if p >= len(content) || content[p] != '=' {
			return nil
		}
		p = skipSpace(content, p+1)
		if p >= len(content) || content[p] != '"' && content[p] != '\'' {
			return nil
		}
		i := bytes.IndexByte(content[p+1:], content[p])
		if i < 0 {
			return nil
		}
		val := content[p+1 : p+1+i]
		p += i + 2
		if string(key) == name {
			return val
		}
	}
}

func isUTF8Name(enc []byte) bool {
	return len(enc) == 5 && (enc[0]|0x20) == 'u' && (enc[1]|0x20) == 't' && (enc[2]|0x20) == 'f' && enc[3] == '-' && enc[4] == '8'
}
