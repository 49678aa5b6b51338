package docx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"reflect"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// tok is one token as both tokenizers are compared on: elements with
// resolved names and attributes, and character data (adjacent runs
// merged, comments and processing instructions dropped).
type tok struct {
	Kind  string // "start", "end", "text"
	Space string
	Local string
	Attrs []xattrTok
	Text  string
}

type xattrTok struct{ Space, Local, Value string }

func appendText(toks []tok, s string) []tok {
	if s == "" {
		return toks
	}
	if n := len(toks); n > 0 && toks[n-1].Kind == "text" {
		toks[n-1].Text += s
		return toks
	}
	return append(toks, tok{Kind: "text", Text: s})
}

// ourTokens tokenizes data with the reader's tokenizer.
func ourTokens(data []byte) ([]tok, error) {
	x, err := newXMLReader(data, "part.xml", 1<<30, 1<<30)
	if err != nil {
		return nil, err
	}
	defer x.release()
	var toks []tok
	for {
		k, err := x.next(true)
		if err == io.EOF {
			return toks, nil
		}
		if err != nil {
			return toks, err
		}
		switch k {
		case tokStart:
			t := tok{Kind: "start", Space: x.cur.Name.Space, Local: x.cur.Name.Local}
			for i := range x.cur.attrs {
				a := &x.cur.attrs[i]
				space, _ := x.attrSpace(a)
				t.Attrs = append(t.Attrs, xattrTok{space, string(a.local()), a.value()})
			}
			toks = append(toks, t)
		case tokEnd:
			toks = append(toks, tok{Kind: "end", Space: x.cur.Name.Space, Local: x.cur.Name.Local})
		case tokText:
			toks = appendText(toks, string(x.chars))
		}
	}
}

// stdTokens tokenizes data with encoding/xml in strict mode. directive
// reports whether it met a markup declaration.
func stdTokens(data []byte) (toks []tok, directive bool, err error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	for {
		t, err := d.Token()
		if err == io.EOF {
			return toks, directive, nil
		}
		if err != nil {
			return toks, directive, err
		}
		switch t := t.(type) {
		case xml.StartElement:
			st := tok{Kind: "start", Space: t.Name.Space, Local: t.Name.Local}
			for _, a := range t.Attr {
				st.Attrs = append(st.Attrs, xattrTok{a.Name.Space, a.Name.Local, a.Value})
			}
			toks = append(toks, st)
		case xml.EndElement:
			toks = append(toks, tok{Kind: "end", Space: t.Name.Space, Local: t.Name.Local})
		case xml.CharData:
			toks = appendText(toks, string(t))
		case xml.Directive:
			directive = true
		}
	}
}

// acceptedDifference reports whether the tokenizers may disagree on
// accepting data, as documented in xmltok.go: markup declarations (we
// refuse them), non-ASCII names (different editions of XML 1.0), and
// encodings (we transcode; encoding/xml needs a CharsetReader).
func acceptedDifference(data []byte, ours, std error, directive bool) bool {
	msgs := ""
	for _, err := range []error{ours, std} {
		if err != nil {
			msgs += err.Error() + "\n"
		}
	}
	switch {
	case ours != nil && std == nil && directive:
		return true
	case wideNameError(msgs):
		return true
	case strings.Contains(msgs, "encoding"), strings.Contains(msgs, "version"):
		return true
	case len(data) >= 2 && (data[0] == 0 || data[1] == 0 || data[0] >= 0xFE):
		return true // UTF-16
	}
	return false
}

// wideNameError reports whether msgs has an "invalid XML name" error for
// a name with a non-ASCII character, where the editions of XML 1.0 differ.
func wideNameError(msgs string) bool {
	for _, line := range strings.Split(msgs, "\n") {
		if _, name, ok := strings.Cut(line, "invalid XML name: "); ok {
			for i := 0; i < len(name); i++ {
				if name[i] >= 0x80 {
					return true
				}
			}
		}
	}
	return false
}

// compareTokenizers checks our tokenizer against encoding/xml on data.
func compareTokenizers(t *testing.T, name string, data []byte) {
	t.Helper()
	ours, oerr := ourTokens(data)
	std, directive, serr := stdTokens(data)
	if (oerr == nil) != (serr == nil) {
		if !acceptedDifference(data, oerr, serr, directive) {
			t.Fatalf("%s: ours: %v; encoding/xml: %v", name, oerr, serr)
		}
		return
	}
	if oerr != nil {
		return
	}
	if !reflect.DeepEqual(std, ours) {
		t.Fatalf("%s: tokens differ (-encoding/xml +ours):\n%s", name, cmp.Diff(std, ours))
	}
}

// xmlParts returns the XML parts of every .docx fixture and of the seed
// documents, by "file:part".
func xmlParts(t testing.TB) map[string][]byte {
	parts := map[string][]byte{}
	add := func(label string, data []byte) {
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return
		}
		for _, f := range zr.File {
			if ext := path.Ext(f.Name); ext != ".xml" && ext != ".rels" {
				continue
			}
			rc, err := f.Open()
			if err != nil {
				continue
			}
			b, err := io.ReadAll(io.LimitReader(rc, 64<<20))
			rc.Close()
			if err == nil {
				parts[label+":"+f.Name] = b
			}
		}
	}
	for _, f := range fixtureFiles(t) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		add(f, data)
	}
	for i, d := range seedDocs(t) {
		add(fmt.Sprintf("seed%d", i), d)
	}
	return parts
}

// tokenizerCases are small inputs exercising each rule.
var tokenizerCases = []string{
	``,
	`<a/>`,
	`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n<a>x</a>",
	`<?xml version='1.0' encoding='utf-8'?><a/>`,
	`<a b="1" c='2'>t</a>`,
	`<a b = "1"  c='2' ></a >`,
	`<a b="&lt;&gt;&amp;&apos;&quot;&#65;&#x42;&#x10FFFF;&#xd800;"/>`,
	`<a>&lt;x&gt; &amp; &#20013;&#x6587; &#13;&#10;</a>`,
	"<a>line\r\nbreak\rcr\r\r\n</a>",
	"<a b=\"v\r\nw\"/>",
	`<a><![CDATA[<b>&amp;]]]]><![CDATA[>]]></a>`,
	"<a><![CDATA[x\r\ny]]></a>",
	`<a><!-- comment - with - dashes --><!----></a>`,
	`<?pi data?><a><?other  x y?></a><?after?>`,
	`<!DOCTYPE html><a/>`,
	`<!DOCTYPE a PUBLIC "-//X//Y" "http://e/x.dtd"><a/>`,
	`<a xmlns="urn:d"><b/><c xmlns=""><d/></c></a>`,
	`<p:a xmlns:p="urn:1"><p:b xmlns:p="urn:2"><p:c/></p:b><p:d/></p:a>`,
	`<p:a xmlns:p="urn:1" p:x="1" q:y="2" xml:space="preserve" xmlns:q="urn:q"/>`,
	`<u:a><u:b/></u:a>`,
	`<a xmlns:p=""><p:b/></a>`,
	`<xmlns:a/>`,
	`<a xmlns:xml="urn:other" xml:lang="zh"/>`,
	`<a:/>`,
	`<:a/>`,
	`<a b:="1"/>`,
	`<a.b-c_d e.f="1"/>`,
	`<a>]]</a>`,
	`<a>] ]></a>`,
	`<a b="]]>"/>`,
	`<a>text</a>trailing`,
	`lead<a/>`,
	`<a/><b/>`,
	"\xEF\xBB\xBF<a/>",
	`<中文 属性="值">文字</中文>`,
	"<a>\t\n</a>",
	`<a b="1"c="2"/>`,
	`<a xmlns:p="urn:&amp;"><p:b/></a>`,
	`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t xml:space="preserve"> a </w:t></w:r></w:p></w:body></w:document>`,
	// Malformed: both must refuse.
	`<a>`,
	`<a></b>`,
	`<a></a></a>`,
	`</a>`,
	`<a b></a>`,
	`<a b=1/>`,
	`<a b="1/>`,
	`<a b="<"/>`,
	`<a>&bogus;</a>`,
	`<a>&amp</a>`,
	`<a>&#;</a>`,
	`<a>&#x;</a>`,
	`<a>&#X41;</a>`,
	`<a>&#0;</a>`,
	`<a>&#1;</a>`,
	`<a>&#xFFFE;</a>`,
	`<a>&#x110000;</a>`,
	`<a>&#99999999999999999999;</a>`,
	`<a>&</a>`,
	"<a>\x01</a>",
	"<a>\xff</a>",
	"<a>\xed\xa0\x80</a>",
	"<a>\xef\xbf\xbe</a>",
	`<a>]]></a>`,
	`<a><!-- -- --></a>`,
	`<a><!- x --></a>`,
	`<a><![CDAT[x]]></a>`,
	`<a><![CDATA[x</a>`,
	"<a><![CDATA[\x01]]></a>",
	`<a:b:c/>`,
	`<1a/>`,
	`<a 1b="1"/>`,
	`<a/ >`,
	`< a/>`,
	`<a></ a>`,
	`<a></a x>`,
	`<p:a xmlns:p="urn:1"></q:a>`,
	`<?xml version="1.1"?><a/>`,
	`<?xml version="1.0" encoding="ISO-8859-1"?><a/>`,
	`<??><a/>`,
	`<?pi`,
	`<a><!--`,
	`<a b="1"`,
	`<a`,
	`<`,
	`<a></`,
}

func TestTokenizerMatchesEncodingXML(t *testing.T) {
	for i, c := range tokenizerCases {
		compareTokenizers(t, fmt.Sprintf("case %d %q", i, c), []byte(c))
	}
	parts := xmlParts(t)
	if len(parts) == 0 {
		t.Fatal("no XML parts")
	}
	for name, data := range parts {
		compareTokenizers(t, name, data)
	}
}

// TestTokenizerStricter lists what encoding/xml accepts and we refuse.
func TestTokenizerStricter(t *testing.T) {
	laughs := `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><lolz>&lol2;</lolz>`
	for _, c := range []struct{ in, msg string }{
		{laughs, "internal subset"},
		{`<!ENTITY x "y"><a/>`, "unsupported markup declaration"},
		{`<a><!DOCTYPE a></a>`, "after the first element"},
		{`<a/><!DOCTYPE a>`, "after the first element"},
		{`<!ELEMENT a ANY><a/>`, "unsupported markup declaration"},
		{`<a><?xml version="1.0" encoding="GBK"?></a>`, "encoding"},
	} {
		_, err := ourTokens([]byte(c.in))
		if err == nil || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%q: error %v, want %q", c.in, err, c.msg)
		}
	}
}

func TestTokenizerErrorLine(t *testing.T) {
	_, err := ourTokens([]byte("<a>\n<b>\n\n</c></a>"))
	var se *syntaxError
	if !errors.As(err, &se) || se.line != 4 {
		t.Fatalf("error %v, want a syntax error at line 4", err)
	}
	// Through the reader: ErrCorrupt with the line.
	data := zipParts(t, map[string]string{"word/document.xml": "<w:document " + testNS + ">\n<w:body>\n<w:p></w:body></w:document>"})
	err = readErr(data, Options{})
	if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "line 3") {
		t.Errorf("error %v, want ErrCorrupt at line 3", err)
	}
}

func TestTokenizerEncodings(t *testing.T) {
	const doc = `<a b="属性">中文，全角１２３ and ASCII</a>`
	want, err := ourTokens([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	utf16le := func(s string, bom bool) []byte {
		var b []byte
		if bom {
			b = append(b, 0xFF, 0xFE)
		}
		for _, u := range utf16.Encode([]rune(s)) {
			b = append(b, byte(u), byte(u>>8))
		}
		return b
	}
	utf16be := func(s string, bom bool) []byte {
		var b []byte
		if bom {
			b = append(b, 0xFE, 0xFF)
		}
		for _, u := range utf16.Encode([]rune(s)) {
			b = append(b, byte(u>>8), byte(u))
		}
		return b
	}
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(`<?xml version="1.0" encoding="GB2312"?>` + doc)
	if err != nil {
		t.Fatal(err)
	}
	decl16 := `<?xml version="1.0" encoding="UTF-16"?>`
	for _, c := range []struct {
		name string
		data []byte
	}{
		{"UTF-16LE with BOM", utf16le(decl16+doc, true)},
		{"UTF-16BE with BOM", utf16be(decl16+doc, true)},
		{"UTF-16LE without BOM", utf16le(decl16+doc, false)},
		{"UTF-16BE without BOM", utf16be(doc, false)},
		{"GB2312 declared", []byte(gbk)},
		{"UTF-16 declared on UTF-8 bytes", []byte(decl16 + doc)},
		{"UTF-8 BOM wins over a declaration", []byte("\xEF\xBB\xBF" + `<?xml version="1.0" encoding="GBK"?>` + doc)},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := ourTokens(c.data)
			if err != nil {
				t.Fatal(err)
			}
			// A UTF-8 byte-order mark is character data before the root.
			if len(got) > 0 && got[0].Kind == "text" {
				got = got[1:]
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
	if _, err := ourTokens([]byte(`<?xml version="1.0" encoding="x-no-such"?><a/>`)); err == nil || !strings.Contains(err.Error(), "unsupported character encoding") {
		t.Errorf("unknown encoding: error %v", err)
	}
	if _, err := newXMLReader(utf16le(strings.Repeat("<a/>", 100), true), "p", 10, 300); !errors.Is(err, ErrLimit) {
		t.Errorf("transcoding over MaxPartBytes: error %v, want ErrLimit", err)
	}
}

// skipAccepts reports whether the reader accepts data when it skips the
// document element, and fullAccepts when it reads every token of it; the
// two must agree.
func skipAccepts(data []byte, maxDepth int) error {
	x, err := newXMLReader(data, "part.xml", maxDepth, 1<<30)
	if err != nil {
		return err
	}
	defer x.release()
	return x.root(func(startElement) error { return x.skip() })
}

func fullAccepts(data []byte, maxDepth int) error {
	x, err := newXMLReader(data, "part.xml", maxDepth, 1<<30)
	if err != nil {
		return err
	}
	defer x.release()
	return x.root(func(startElement) error {
		for len(x.open) > 0 {
			if _, err := x.next(true); err != nil {
				return x.wrap(err)
			}
		}
		return nil
	})
}

func TestSkipChecksLikeNext(t *testing.T) {
	inputs := map[string][]byte{}
	for i, c := range tokenizerCases {
		inputs[fmt.Sprint("case ", i)] = []byte(c)
	}
	for name, data := range xmlParts(t) {
		inputs[name] = data
	}
	inputs["deep"] = []byte(strings.Repeat("<a>", 20) + strings.Repeat("</a>", 20))
	for name, data := range inputs {
		for _, depth := range []int{10, 1 << 20} {
			e1, e2 := skipAccepts(data, depth), fullAccepts(data, depth)
			if (e1 == nil) != (e2 == nil) || errors.Is(e1, ErrLimit) != errors.Is(e2, ErrLimit) {
				t.Errorf("%s (depth %d): skip: %v; tokens: %v", name, depth, e1, e2)
			}
		}
	}
}

// FuzzTokenizer checks that the tokenizer never panics or hangs, agrees
// with encoding/xml except for the documented differences, and that skip
// accepts exactly what reading every token accepts.
func FuzzTokenizer(f *testing.F) {
	for _, c := range tokenizerCases {
		f.Add([]byte(c))
	}
	for _, data := range xmlParts(f) {
		if len(data) <= 64<<10 {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		compareTokenizers(t, "input", data)
		for _, depth := range []int{8, 1 << 20} {
			e1, e2 := skipAccepts(data, depth), fullAccepts(data, depth)
			if (e1 == nil) != (e2 == nil) || errors.Is(e1, ErrLimit) != errors.Is(e2, ErrLimit) {
				t.Fatalf("depth %d: skip: %v; tokens: %v", depth, e1, e2)
			}
		}
	})
}

// BenchmarkTokenizer compares the tokenizer with encoding/xml over the XML
// parts of the fixtures (and of NIANBAO_DOCX_CORPUS, when set): "stdlib"
// reads every token with encoding/xml, "tokens" every token with ours
// (character data decoded, attribute values left raw as the reader does),
// "skip" skips the document element as the reader skips ignored subtrees,
// "skim" skims it as the styles index does.
func BenchmarkTokenizer(b *testing.B) {
	parts := xmlParts(b)
	var total int64
	var inputs [][]byte
	for _, p := range parts {
		total += int64(len(p))
		inputs = append(inputs, p)
	}
	b.Run("stdlib", func(b *testing.B) {
		b.SetBytes(total)
		b.ReportAllocs()
		for b.Loop() {
			for _, p := range inputs {
				d := xml.NewDecoder(bytes.NewReader(p))
				for {
					if _, err := d.Token(); err != nil {
						break
					}
				}
			}
		}
	})
	b.Run("tokens", func(b *testing.B) {
		b.SetBytes(total)
		b.ReportAllocs()
		for b.Loop() {
			for _, p := range inputs {
				x, err := newXMLReader(p, "p", DefaultMaxDepth, 1<<30)
				if err != nil {
					continue
				}
				for {
					if _, err := x.next(true); err != nil {
						break
					}
				}
				x.release()
			}
		}
	})
	b.Run("skip", func(b *testing.B) {
		b.SetBytes(total)
		b.ReportAllocs()
		for b.Loop() {
			for _, p := range inputs {
				x, err := newXMLReader(p, "p", DefaultMaxDepth, 1<<30)
				if err != nil {
					continue
				}
				x.root(func(startElement) error { return x.skip() })
				x.release()
			}
		}
	})
	b.Run("skim", func(b *testing.B) {
		b.SetBytes(total)
		b.ReportAllocs()
		for b.Loop() {
			for _, p := range inputs {
				x, err := newXMLReader(p, "p", DefaultMaxDepth, 1<<30)
				if err != nil {
					continue
				}
				x.root(func(startElement) error { return x.skim() })
				x.release()
			}
		}
	})
}
