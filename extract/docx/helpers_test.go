package docx

import (
	"archive/zip"
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// Namespace declarations for test documents.
const testNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ` +
	`xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" ` +
	`xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" ` +
	`xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" ` +
	`xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" ` +
	`xmlns:v="urn:schemas-microsoft-com:vml" ` +
	`xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" ` +
	`xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" ` +
	`mc:Ignorable="w14"`

const contentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/>` +
	`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
	`</Types>`

const packageRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
	`</Relationships>`

const documentRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>` +
	`</Relationships>`

// zipParts writes the parts into a zip archive, in name order.
func zipParts(t testing.TB, parts map[string]string) []byte {
	t.Helper()
	return zipPartsMethod(t, parts, zip.Deflate)
}

// zipPartsMethod is zipParts with a choice of compression method; stored
// parts let the fuzzer mutate the XML itself.
func zipPartsMethod(t testing.TB, parts map[string]string, method uint16) []byte {
	t.Helper()
	names := make([]string, 0, len(parts))
	for n := range parts {
		names = append(names, n)
	}
	sort.Strings(names)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, n := range names {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: n, Method: method})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(parts[n])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// testDoc describes a small .docx: the body XML (inside w:body) and
// optionally the inner XML of styles.xml and numbering.xml.
type testDoc struct {
	body, styles, numbering string
}

// bytes builds the .docx package.
func (d testDoc) bytes(t testing.TB) []byte {
	t.Helper()
	return zipParts(t, d.parts())
}

// stored builds the .docx package without compression.
func (d testDoc) stored(t testing.TB) []byte {
	t.Helper()
	return zipPartsMethod(t, d.parts(), zip.Store)
}

func (d testDoc) parts() map[string]string {
	parts := map[string]string{
		"[Content_Types].xml":          contentTypes,
		"_rels/.rels":                  packageRels,
		"word/_rels/document.xml.rels": documentRels,
		"word/document.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
			`<w:document ` + testNS + `><w:body>` + d.body + `</w:body></w:document>`,
	}
	if d.styles != "" {
		parts["word/styles.xml"] = `<w:styles ` + testNS + `>` + d.styles + `</w:styles>`
	}
	if d.numbering != "" {
		parts["word/numbering.xml"] = `<w:numbering ` + testNS + `>` + d.numbering + `</w:numbering>`
	}
	return parts
}

// p builds a paragraph of plain runs.
func p(runs ...string) string {
	var b strings.Builder
	b.WriteString("<w:p>")
	for _, r := range runs {
		b.WriteString("<w:r><w:t xml:space=\"preserve\">" + r + "</w:t></w:r>")
	}
	b.WriteString("</w:p>")
	return b.String()
}

// tc builds a table cell with optional tcPr content.
func tc(pr, text string) string {
	s := "<w:tc>"
	if pr != "" {
		s += "<w:tcPr>" + pr + "</w:tcPr>"
	}
	return s + p(text) + "</w:tc>"
}

// fixtureFiles returns every .docx under the package's testdata and the
// repository's testdata, recursively.
func fixtureFiles(t testing.TB) []string {
	var out []string
	for _, dir := range []string{"testdata", filepath.Join("..", "..", "testdata")} {
		filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if !d.IsDir() && strings.EqualFold(filepath.Ext(path), ".docx") {
				out = append(out, path)
			}
			return nil
		})
	}
	if dir := os.Getenv("NIANBAO_DOCX_CORPUS"); dir != "" {
		m, _ := filepath.Glob(filepath.Join(dir, "*.docx"))
		out = append(out, m...)
	}
	return out
}
