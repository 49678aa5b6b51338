package fixturegen

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Namespaces of the WordprocessingML parts the generator writes.
const (
	nsW   = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsR   = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	nsPR  = "http://schemas.openxmlformats.org/package/2006/relationships"
	nsCT  = "http://schemas.openxmlformats.org/package/2006/content-types"
	relOD = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

	xmlDecl = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\r\n"
)

// esc escapes s for XML character data and attribute values and drops the
// characters XML 1.0 does not allow.
func esc(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		case '\t', '\n', '\r':
			b.WriteRune(r)
		default:
			if r < 0x20 || r == 0xFFFE || r == 0xFFFF || r == utf8.RuneError || (r >= 0xD800 && r <= 0xDFFF) {
				continue
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

// part is one file of an OPC package.
type part struct {
	name        string // without a leading slash
	contentType string // for an Override in [Content_Types].xml; "" for Default types
	data        []byte
}

// rel is one relationship of a .rels part.
type rel struct {
	id, typ, target string
	external        bool
}

func relsXML(rels []rel) []byte {
	var b strings.Builder
	b.WriteString(xmlDecl)
	fmt.Fprintf(&b, `<Relationships xmlns="%s">`, nsPR)
	for _, r := range rels {
		mode := ""
		if r.external {
			mode = ` TargetMode="External"`
		}
		fmt.Fprintf(&b, `<Relationship Id="%s" Type="%s" Target="%s"%s/>`, r.id, r.typ, esc(r.target), mode)
	}
	b.WriteString(`</Relationships>`)
	return []byte(b.String())
}

func contentTypesXML(parts []part) []byte {
	var b strings.Builder
	b.WriteString(xmlDecl)
	fmt.Fprintf(&b, `<Types xmlns="%s">`, nsCT)
	b.WriteString(`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>`)
	b.WriteString(`<Default Extension="xml" ContentType="application/xml"/>`)
	for _, p := range parts {
		if p.contentType != "" {
			fmt.Fprintf(&b, `<Override PartName="/%s" ContentType="%s"/>`, p.name, p.contentType)
		}
	}
	b.WriteString(`</Types>`)
	return []byte(b.String())
}

// dosEpoch is the modification date Word itself writes for package parts
// (1980-01-01 00:00), which keeps the archives reproducible.
const (
	dosDate1980 = 1<<5 | 1
	dosTime0    = 0
)

// zipParts writes parts into a zip archive in the given order, deflated,
// with fixed timestamps and no extra fields, so that the same parts always
// give the same bytes.
func zipParts(parts []part) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestCompression)
	})
	for _, p := range parts {
		h := &zip.FileHeader{Name: p.name, Method: zip.Deflate}
		h.ModifiedDate, h.ModifiedTime = dosDate1980, dosTime0
		w, err := zw.CreateHeader(h)
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(p.data); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Content types of the parts.
const (
	ctDocument  = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
	ctStyles    = "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"
	ctNumbering = "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"
	ctSettings  = "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"
	ctFontTable = "application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"
	ctFooter    = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"
	ctCore      = "application/vnd.openxmlformats-package.core-properties+xml"
	ctApp       = "application/vnd.openxmlformats-officedocument.extended-properties+xml"
)

// Relationship types.
const (
	rtOfficeDoc = relOD + "/officeDocument"
	rtCore      = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
	rtApp       = relOD + "/extended-properties"
	rtStyles    = relOD + "/styles"
	rtNumbering = relOD + "/numbering"
	rtSettings  = relOD + "/settings"
	rtFontTable = relOD + "/fontTable"
	rtFooter    = relOD + "/footer"
	rtHyperlink = relOD + "/hyperlink"
)
