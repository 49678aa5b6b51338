package docx

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/ianaindex"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Namespaces the reader recognises. Elements are matched on their resolved
// namespace, never on the prefix a producer happened to choose.
const (
	nsW       = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsWStrict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
	nsM       = "http://schemas.openxmlformats.org/officeDocument/2006/math"
	nsMStrict = "http://purl.oclc.org/ooxml/officeDocument/math"
	nsMC      = "http://schemas.openxmlformats.org/markup-compatibility/2006"
)

// Namespace kinds.
const (
	nsOther uint8 = iota
	nsKindW
	nsKindM
	nsKindMC
)

func nsKind(space string) uint8 {
	switch space {
	case nsW, nsWStrict:
		return nsKindW
	case nsM, nsMStrict:
		return nsKindM
	case nsMC:
		return nsKindMC
	}
	return nsOther
}

// xname is a resolved element name: the namespace URI (or, for an
// unbound prefix, the prefix) and the local name.
type xname struct{ Space, Local string }

// startElement is the element just started, with attribute helpers. Its
// attributes stay valid until the element's end tag is read.
type startElement struct {
	Name  xname
	ns    uint8 // nsKind of Name.Space
	attrs []xattr
	x     *xmlReader
}

// w reports whether the element is the WordprocessingML element local.
func (se startElement) w(local string) bool {
	return se.ns == nsKindW && se.Name.Local == local
}

// find returns the attribute with the given local name in the
// WordprocessingML namespace or in no namespace, or nil.
func (se startElement) find(local string) *xattr {
	for i := range se.attrs {
		a := &se.attrs[i]
		if string(a.local()) != local {
			continue
		}
		if a.colon < 0 {
			return a
		}
		if space, kind := se.x.attrSpace(a); kind == nsKindW || space == "" {
			return a
		}
	}
	return nil
}

// attr returns the value of the attribute with the given local name in the
// WordprocessingML namespace or in no namespace, or "".
func (se startElement) attr(local string) string {
	if a := se.find(local); a != nil {
		return se.x.value(a)
	}
	return ""
}

// value returns the attribute's decoded value. Short values ("32",
// "center", a style id) are interned: the same few recur throughout a
// document.
func (a *xattr) value() string {
	if !a.esc {
		return string(a.val)
	}
	return string(decodeChars(nil, a.val, false))
}

// maxInternedValue is the longest attribute value value interns.
const maxInternedValue = 64

func (x *xmlReader) value(a *xattr) string {
	if a.esc || len(a.val) > maxInternedValue {
		return a.value()
	}
	if s, ok := x.values[string(a.val)]; ok {
		return s
	}
	if x.values == nil || len(x.values) > maxInterned {
		x.values = make(map[string]string, 256)
	}
	s := string(a.val)
	x.values[s] = s
	return s
}

// val returns the w:val attribute.
func (se startElement) val() string { return se.attr("val") }

// has reports whether the attribute is present.
func (se startElement) has(local string) bool { return se.find(local) != nil }

// onOff reads an ST_OnOff toggle such as <w:b/> or <w:b w:val="0"/>.
func (se startElement) onOff() bool {
	a := se.find("val")
	if a == nil {
		return true
	}
	switch strings.ToLower(strings.TrimSpace(a.value())) {
	case "0", "false", "off", "none":
		return false
	}
	return true
}

// intVal reads w:val as an integer; ok is false when it is missing or not
// a number.
func (se startElement) intVal() (int, bool) {
	v := strings.TrimSpace(se.val())
	n, err := strconv.Atoi(v)
	if err != nil {
		if f, err := strconv.ParseFloat(v, 64); err == nil && f > -1e9 && f < 1e9 {
			return int(f), true
		}
		return 0, false
	}
	return n, true
}

// xmlReader reads the XML of one part: the tokenizer's state (xmltok.go)
// and the helpers the part parsers are written with (root, children,
// skip, text). Readers are pooled; a reader is used by one goroutine.
type xmlReader struct {
	part string
	max  int // depth limit

	data []byte
	pos  int
	err  error // sticky

	open      []openElem
	ns        []nsBinding
	gen       uint64 // bumped whenever the namespace scope changes
	names     map[string]*qname
	recent    [512]*qname // a direct-mapped cache in front of names
	uris      map[string]string
	values    map[string]string
	attrs     [][]xattr // attribute storage per depth
	skipStack [][2]int

	cur        startElement // the element of the last start or end tag
	tagPos     int          // offset of the last start tag
	pendingEnd bool         // the last start tag was empty-element (<a/>)
	seenElem   bool
	declAt     int    // offset of an XML declaration whose encoding was handled, or -1
	chars      []byte // the character data of the last tokText
	scratch    []byte
}

var readerPool = sync.Pool{New: func() any { return new(xmlReader) }}

// newXMLReader returns a reader over the XML of a part held in data, which
// it does not modify and must not outlive. A part in another encoding than
// UTF-8 is transcoded (to at most maxBytes bytes). Call release when done.
func newXMLReader(data []byte, part string, maxDepth int, maxBytes int64) (*xmlReader, error) {
	x := readerPool.Get().(*xmlReader)
	x.part, x.max = part, maxDepth
	data, declAt, err := toUTF8(data, part, maxBytes)
	if err != nil {
		readerPool.Put(x)
		return nil, err
	}
	x.resetData(data)
	x.declAt = declAt
	return x, nil
}

// release returns the reader to the pool, dropping every reference to the
// part's bytes.
func (x *xmlReader) release() {
	x.data, x.chars, x.err, x.cur = nil, nil, nil, startElement{}
	for i := range x.attrs {
		clear(x.attrs[i][:cap(x.attrs[i])])
	}
	clear(x.open[:cap(x.open)])
	clear(x.ns[:cap(x.ns)])
	if cap(x.scratch) > 1<<20 {
		x.scratch = nil
	}
	readerPool.Put(x)
}

// wrap turns a tokenizer error into the reader's: syntax errors and a
// premature end become ErrCorrupt; limits and errors already classified
// are kept.
func (x *xmlReader) wrap(err error) error {
	switch {
	case errors.Is(err, ErrLimit), errors.Is(err, ErrCorrupt), errors.Is(err, ErrEncrypted), errors.Is(err, ErrNotDOCX):
		return err
	case err == io.EOF:
		return fmt.Errorf("%w: %s: unexpected end of XML", ErrCorrupt, x.part)
	}
	var se *syntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("%w: %s: malformed XML at line %d: %s", ErrCorrupt, x.part, se.line, se.msg)
	}
	return fmt.Errorf("%w: %s: %v", ErrCorrupt, x.part, err)
}

// root calls fn on the document element and ignores anything after it.
func (x *xmlReader) root(fn func(startElement) error) error {
	for {
		k, err := x.next(false)
		if err != nil {
			return x.wrap(err)
		}
		if k == tokStart {
			return fn(x.cur)
		}
	}
}

// children calls fn for each child element of the element just started,
// and returns after its end tag. fn must consume the child entirely (by
// reading its own children or calling skip).
func (x *xmlReader) children(fn func(startElement) error) error {
	for {
		k, err := x.next(false)
		if err != nil {
			return x.wrap(err)
		}
		switch k {
		case tokStart:
			if err := fn(x.cur); err != nil {
				return err
			}
		case tokEnd:
			return nil
		}
	}
}

// skip consumes the rest of the element just started.
func (x *xmlReader) skip() error {
	if err := x.skipTree(); err != nil {
		return x.wrap(err)
	}
	return nil
}

// skim consumes the rest of the element just started, checking only its
// structure (see skimTree).
func (x *xmlReader) skim() error {
	if err := x.skimTree(); err != nil {
		return x.wrap(err)
	}
	return nil
}

// text appends the character data of the element just started to buf,
// skipping any child elements, and returns after its end tag.
func (x *xmlReader) text(buf []byte) ([]byte, error) {
	for {
		k, err := x.next(true)
		if err != nil {
			return buf, x.wrap(err)
		}
		switch k {
		case tokText:
			buf = append(buf, x.chars...)
		case tokStart:
			if err := x.skipTree(); err != nil {
				return buf, x.wrap(err)
			}
		case tokEnd:
			return buf, nil
		}
	}
}

// toUTF8 returns the part as UTF-8, transcoding it when it is UTF-16
// (recognised by its byte-order mark or its first bytes) or declares
// another encoding, and the offset of an XML declaration whose encoding
// has been dealt with (-1 if none).
func toUTF8(data []byte, part string, maxBytes int64) ([]byte, int, error) {
	var enc encoding.Encoding
	switch {
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}), bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		enc = unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM)
	case len(data) >= 2 && data[0] == 0 && data[1] == '<':
		enc = unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM)
	case len(data) >= 2 && data[0] == '<' && data[1] == 0:
		enc = unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM)
	default:
		off := 0
		if bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")) {
			off = 3
		}
		rest := data[off:]
		if len(rest) < 6 || !bytes.HasPrefix(rest, []byte("<?xml")) || skipSpace(rest, 5) == 5 {
			return data, -1, nil
		}
		end := bytes.Index(rest, []byte("?>"))
		if end < 0 {
			return data, -1, nil
		}
		declared := pseudoAttr(rest[5:end], "encoding")
		if len(declared) == 0 || isUTF8Name(declared) {
			return data, -1, nil
		}
		name := string(declared)
		switch {
		case off > 0 || strings.HasPrefix(strings.ToLower(name), "utf-16") || strings.EqualFold(name, "ucs-2"):
			// A UTF-8 byte-order mark, or a UTF-16 label on bytes that
			// are not UTF-16: the bytes are UTF-8 whatever is declared.
			return data, off, nil
		}
		var err error
		if enc, err = htmlindex.Get(name); err != nil {
			enc, err = ianaindex.IANA.Encoding(name)
		}
		if err != nil || enc == nil {
			return nil, -1, fmt.Errorf("%w: %s: unsupported character encoding %q", ErrCorrupt, part, name)
		}
	}
	out, err := transcode(data, enc, part, maxBytes)
	if err != nil {
		return nil, -1, err
	}
	out = bytes.TrimPrefix(out, []byte("\xEF\xBB\xBF"))
	declAt := -1
	if bytes.HasPrefix(out, []byte("<?xml")) {
		declAt = 0
	}
	return out, declAt, nil
}

// transcode decodes data from enc into UTF-8, at most maxBytes of it.
func transcode(data []byte, enc encoding.Encoding, part string, maxBytes int64) ([]byte, error) {
	r := transform.NewReader(bytes.NewReader(data), enc.NewDecoder())
	out := make([]byte, 0, len(data)+len(data)/2+16)
	for {
		if len(out) == cap(out) {
			out = append(out, 0)[:len(out)]
		}
		n, err := r.Read(out[len(out):cap(out)])
		out = out[:len(out)+n]
		if int64(len(out)) > maxBytes {
			return nil, &LimitError{Limit: "MaxPartBytes", Value: int64(len(out)), Max: maxBytes, Part: part}
		}
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %s: cannot decode the declared character encoding: %v", ErrCorrupt, part, err)
		}
	}
}
