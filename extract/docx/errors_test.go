package docx

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nianbao/nianbao/extract/layout"
)

func readErr(data []byte, opts Options) error {
	_, err := Read(bytes.NewReader(data), int64(len(data)), opts)
	return err
}

// ole returns the start of an OLE compound file, with an EncryptionInfo
// directory entry when encrypted.
func ole(encrypted bool) []byte {
	b := make([]byte, 4096)
	copy(b, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
	name := "WordDocument"
	if encrypted {
		name = "EncryptionInfo"
	}
	for i, r := range name {
		b[1024+2*i] = byte(r)
	}
	return b
}

// corruptEntry flips bytes in the middle of the compressed data of the
// named entry.
func corruptEntry(t *testing.T, data []byte, name string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	out := bytes.Clone(data)
	for _, f := range zr.File {
		if f.Name == name {
			off, err := f.DataOffset()
			if err != nil {
				t.Fatal(err)
			}
			mid := off + int64(f.CompressedSize64)/2
			for i := mid; i < mid+8 && i < off+int64(f.CompressedSize64); i++ {
				out[i] ^= 0x5A
			}
			return out
		}
	}
	t.Fatalf("no entry %s", name)
	return nil
}

// lyingBomb is a package whose document.xml declares 100 bytes but
// inflates to 8 MiB.
func lyingBomb(t *testing.T) []byte {
	t.Helper()
	var comp bytes.Buffer
	fw, _ := flate.NewWriter(&comp, flate.BestCompression)
	chunk := bytes.Repeat([]byte(" "), 1<<20)
	crc := crc32.NewIEEE()
	for range 8 {
		fw.Write(chunk)
		crc.Write(chunk)
	}
	fw.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateRaw(&zip.FileHeader{
		Name: "word/document.xml", Method: zip.Deflate, CRC32: crc.Sum32(),
		CompressedSize64: uint64(comp.Len()), UncompressedSize64: 100,
	})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(comp.Bytes())
	zw.Close()
	return buf.Bytes()
}

func TestBadInput(t *testing.T) {
	good := testDoc{body: p("正文"), styles: `<w:style w:type="paragraph" w:styleId="a"/>`}.bytes(t)
	bomb := func(n int) []byte {
		return zipParts(t, map[string]string{
			"word/document.xml": `<w:document ` + testNS + `><w:body>` + strings.Repeat("<w:p/>", n) + `</w:body></w:document>`,
		})
	}
	deep := func(n int) []byte {
		return testDoc{body: strings.Repeat("<w:sdt><w:sdtContent>", n) + p("x") + strings.Repeat("</w:sdtContent></w:sdt>", n)}.bytes(t)
	}
	nestedTables := func(n int) []byte {
		return testDoc{body: strings.Repeat("<w:tbl><w:tr><w:tc>", n) + p("x") + strings.Repeat("</w:tc></w:tr></w:tbl>", n)}.bytes(t)
	}
	tests := []struct {
		name    string
		data    []byte
		opts    Options
		is      error
		limit   string // for ErrLimit
		message string // a substring of the message
	}{
		{"empty", nil, Options{}, ErrNotDOCX, "", "empty file"},
		{"text file", []byte("这不是一个文档"), Options{}, ErrNotDOCX, "", "not a zip archive"},
		{"pdf", []byte("%PDF-1.7\n%âãÏÓ\n1 0 obj\n"), Options{}, ErrNotDOCX, "", "not a zip archive"},
		{"OLE .doc", ole(false), Options{}, ErrNotDOCX, "", "OLE compound file"},
		{"OLE encrypted .docx", ole(true), Options{}, ErrEncrypted, "", "EncryptionInfo"},
		{"truncated zip: half", good[:len(good)/2], Options{}, ErrCorrupt, "", "truncated or damaged zip"},
		{"truncated zip: last byte", good[:len(good)-1], Options{}, ErrCorrupt, "", "truncated or damaged zip"},
		{"truncated zip: header only", good[:30], Options{}, ErrCorrupt, "", "truncated or damaged zip"},
		{"corrupted compressed data", corruptEntry(t, good, "word/document.xml"), Options{}, ErrCorrupt, "", "word/document.xml"},
		{"zip without a document", zipParts(t, map[string]string{"a.txt": "x"}), Options{}, ErrNotDOCX, "", "without word/document.xml"},
		{"spreadsheet package", zipParts(t, map[string]string{"[Content_Types].xml": contentTypes, "xl/workbook.xml": "<workbook/>"}), Options{}, ErrNotDOCX, "", "no main document"},
		{"malformed document XML", zipParts(t, map[string]string{"word/document.xml": `<w:document ` + testNS + `><w:body><w:p></w:body>`}), Options{}, ErrCorrupt, "", "malformed XML"},
		{"truncated document XML", zipParts(t, map[string]string{"word/document.xml": `<w:document ` + testNS + `><w:body><w:p>`}), Options{}, ErrCorrupt, "", "word/document.xml"},
		{"wrong root element", zipParts(t, map[string]string{"word/document.xml": `<html><body/></html>`}), Options{}, ErrNotDOCX, "", "root element is <html>"},
		{"zip bomb: part limit", bomb(400_000), Options{MaxPartBytes: 1 << 20}, ErrLimit, "MaxPartBytes", "word/document.xml"},
		{"zip bomb: declared size lies", lyingBomb(t), Options{}, ErrCorrupt, "", "inflates to more data than it declares"},
		{"total limit", testDoc{body: strings.Repeat(p("正文"), 5000), styles: strings.Repeat(`<w:style w:type="table" w:styleId="t"/>`, 10000)}.bytes(t),
			Options{MaxPartBytes: 1 << 20, MaxTotalBytes: 500_000}, ErrLimit, "MaxTotalBytes", ""},
		{"XML depth", deep(200), Options{}, ErrLimit, "MaxDepth", "XML nesting depth"},
		{"XML depth in styles", testDoc{body: p("x"), styles: strings.Repeat("<w:style>", 300) + strings.Repeat("</w:style>", 300)}.bytes(t), Options{}, ErrLimit, "MaxDepth", "styles.xml"},
		{"table cells: huge gridSpan", testDoc{body: tbl(tr(tc(`<w:gridSpan w:val="2000000000"/>`, "x")))}.bytes(t), Options{}, ErrLimit, "MaxTableCells", "table cells"},
		{"table cells: rows × columns", testDoc{body: tbl(strings.Repeat(tr(tc("", "1"), tc("", "2"), tc("", "3")), 20))}.bytes(t), Options{MaxTableCells: 50}, ErrLimit, "MaxTableCells", ""},
		{"table cells: gridBefore", testDoc{body: tbl(`<w:tr><w:trPr><w:gridBefore w:val="999999999"/></w:trPr>` + tc("", "x") + `</w:tr>`)}.bytes(t), Options{}, ErrLimit, "MaxTableCells", ""},
		{"table nesting", nestedTables(9), Options{}, ErrLimit, "MaxTableDepth", "table nesting"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := readErr(tt.data, tt.opts)
			if err == nil {
				t.Fatal("no error")
			}
			if !errors.Is(err, tt.is) {
				t.Fatalf("error %q is not %q", err, tt.is)
			}
			if tt.limit != "" {
				var le *LimitError
				if !errors.As(err, &le) || le.Limit != tt.limit {
					t.Fatalf("error %q: want a LimitError for %s", err, tt.limit)
				}
				if le.Value <= le.Max {
					t.Errorf("LimitError value %d not over max %d", le.Value, le.Max)
				}
				if !strings.Contains(err.Error(), tt.limit) {
					t.Errorf("message %q does not name %s", err, tt.limit)
				}
			}
			if !strings.Contains(err.Error(), tt.message) {
				t.Errorf("message %q does not contain %q", err, tt.message)
			}
		})
	}
}

func TestDefaultLimitsAcceptNormalInput(t *testing.T) {
	// Just under the limits: 8 nested tables, a 500×500 grid.
	body := strings.Repeat("<w:tbl><w:tr><w:tc>", 8) + p("x") + strings.Repeat("</w:tc></w:tr></w:tbl>", 8)
	body += tbl(strings.Repeat(tr(tc(`<w:gridSpan w:val="500"/>`, "x")), 500))
	doc := read(t, testDoc{body: body}.bytes(t), Options{})
	if n := len(doc.Tables()); n != 9 {
		t.Errorf("%d tables, want 9", n)
	}
}

func TestDamagedAuxiliaryPartsWarn(t *testing.T) {
	good := testDoc{body: p("正文"), styles: `<w:style w:type="paragraph" w:styleId="a"/>`, numbering: `<w:num w:numId="1"/>`}.bytes(t)
	for _, part := range []string{"word/styles.xml", "word/numbering.xml"} {
		t.Run(part, func(t *testing.T) {
			data := corruptEntry(t, good, part)
			doc := read(t, data, Options{})
			if got := texts(doc); len(got) != 1 || got[0] != "正文" {
				t.Errorf("texts %q", got)
			}
			if len(doc.Warnings) == 0 {
				t.Error("no warning for the damaged part")
			}
		})
	}
}

func TestMissingRelationships(t *testing.T) {
	// No _rels at all, odd case and a backslash in the entry name: the
	// conventional part names are still found.
	data := zipParts(t, map[string]string{
		"Word\\Document.xml": `<w:document ` + testNS + `><w:body>` + p("正文") + `</w:body></w:document>`,
	})
	doc := read(t, data, Options{})
	if got := texts(doc); len(got) != 1 || got[0] != "正文" {
		t.Errorf("texts %q", got)
	}
}

func TestMainPartFromRelationships(t *testing.T) {
	data := zipParts(t, map[string]string{
		"_rels/.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/word/document2.xml"/></Relationships>`,
		"word/document2.xml": `<w:document ` + testNS + `><w:body>` + p("主文档") + `</w:body></w:document>`,
		"word/_rels/document2.xml.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="../word/styles2.xml"/></Relationships>`,
		"word/styles2.xml": `<w:styles ` + testNS + `><w:style w:type="paragraph" w:default="1" w:styleId="N"><w:pPr><w:jc w:val="center"/></w:pPr></w:style></w:styles>`,
	})
	doc := read(t, data, Options{})
	if got := texts(doc); len(got) != 1 || got[0] != "主文档" {
		t.Fatalf("texts %q", got)
	}
	if !doc.Blocks[0].(*layout.Paragraph).Centered {
		t.Error("styles from the relationship target not applied")
	}
}

func TestStrictNamespace(t *testing.T) {
	data := zipParts(t, map[string]string{
		"word/document.xml": `<w:document xmlns:w="http://purl.oclc.org/ooxml/wordprocessingml/main"><w:body><w:p><w:r><w:t>严格</w:t></w:r></w:p></w:body></w:document>`,
	})
	doc := read(t, data, Options{})
	if got := texts(doc); len(got) != 1 || got[0] != "严格" {
		t.Errorf("texts %q", got)
	}
}

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.docx")
	if err := os.WriteFile(path, testDoc{body: p("文件")}.bytes(t), 0o644); err != nil {
		t.Fatal(err)
	}
	doc, err := ReadFile(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := texts(doc); len(got) != 1 || got[0] != "文件" {
		t.Errorf("texts %q", got)
	}
	if _, err := ReadFile(filepath.Join(dir, "missing.docx"), Options{}); err == nil {
		t.Error("no error for a missing file")
	}
	if _, err := ReadFile(dir, Options{}); err == nil {
		t.Error("no error for a directory")
	}
}
