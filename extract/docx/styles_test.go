package docx

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/nianbao/nianbao/extract/layout"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// TestStylesOnDemand covers the styles index: styles are read when first
// used, wherever they are in the part and in whatever namespace scope, and
// damage inside a style costs only that style.
func TestStylesOnDemand(t *testing.T) {
	heading := `<w:style w:type="paragraph" w:styleId="H"><w:name w:val="heading 1"/><w:basedOn w:val="Base"/></w:style>`
	tests := []struct {
		name     string
		styles   string
		want     layout.Paragraph
		warnings int
	}{
		{"basedOn defined later",
			heading + `<w:style w:type="paragraph" w:styleId="Base"><w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:sz w:val="44"/></w:rPr></w:style>`,
			layout.Paragraph{Text: "x", Heading: 1, Centered: true, FontSize: 22}, 0},
		{"first of duplicate ids wins",
			heading + `<w:style w:type="paragraph" w:styleId="Base"><w:rPr><w:sz w:val="44"/></w:rPr></w:style>` +
				`<w:style w:type="paragraph" w:styleId="Base"><w:rPr><w:sz w:val="20"/></w:rPr></w:style>`,
			layout.Paragraph{Text: "x", Heading: 1, FontSize: 22}, 0},
		{"style in its own namespace scope",
			`<s:style xmlns:s="http://schemas.openxmlformats.org/wordprocessingml/2006/main" s:type="paragraph" s:styleId="H">` +
				`<s:name s:val="heading 2"/><s:pPr><s:jc s:val="center"/></s:pPr></s:style>`,
			layout.Paragraph{Text: "x", Heading: 2, Centered: true}, 0},
		{"a prefix rebound inside a skipped element does not leak",
			`<w:latentStyles><x xmlns:w="urn:other"><w:lsdException w:name="x"/></x></w:latentStyles>` + heading,
			layout.Paragraph{Text: "x", Heading: 1}, 0},
		{"damaged used style is ignored with a warning",
			heading + `<w:style w:type="paragraph" w:styleId="Base"><w:rPr><w:sz w:val="44"/><w:b w:val="&bogus;"/></w:rPr></w:style>`,
			layout.Paragraph{Text: "x", Heading: 1}, 1},
		{"damage in an unused style costs nothing",
			heading + `<w:style w:type="table" w:styleId="T"><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>&bogus;</w:tblPr></w:style>`,
			layout.Paragraph{Text: "x", Heading: 1}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := `<w:p><w:pPr><w:pStyle w:val="H"/></w:pPr><w:r><w:t>x</w:t></w:r></w:p>`
			doc := read(t, testDoc{body: body, styles: tt.styles}.bytes(t), Options{})
			if diff := cmp.Diff(&tt.want, doc.Blocks[0].(*layout.Paragraph)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if len(doc.Warnings) != tt.warnings {
				t.Errorf("warnings %q, want %d", doc.Warnings, tt.warnings)
			}
		})
	}
}

// TestStylesDamagedStructure: a styles part whose elements do not nest is
// ignored as a whole, with a warning, as before the index existed.
func TestStylesDamagedStructure(t *testing.T) {
	for _, styles := range []string{
		`<w:style w:type="paragraph" w:styleId="H"><w:pPr></w:style>`,
		`<w:style w:type="paragraph" w:styleId="H"><w:pPr><w:jc w:val="center></w:pPr></w:style>`,
		`<w:style w:type="paragraph" w:styleId="H"><!-- unterminated </w:style>`,
	} {
		body := `<w:p><w:pPr><w:pStyle w:val="H"/></w:pPr><w:r><w:t>x</w:t></w:r></w:p>`
		doc := read(t, testDoc{body: body, styles: styles}.bytes(t), Options{})
		if got := texts(doc); !cmp.Equal(got, []string{"x"}) {
			t.Errorf("%s: texts %q", styles, got)
		}
		if len(doc.Warnings) != 1 || !strings.Contains(doc.Warnings[0], "styles ignored") {
			t.Errorf("%s: warnings %q", styles, doc.Warnings)
		}
	}
}

// TestPartEncodings reads a main document stored in GBK or UTF-16.
func TestPartEncodings(t *testing.T) {
	xmlDoc := `<w:document ` + testNS + `><w:body>` + p("一、总体情况") + `</w:body></w:document>`
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(`<?xml version="1.0" encoding="GBK" standalone="yes"?>` + xmlDoc)
	if err != nil {
		t.Fatal(err)
	}
	utf16 := []byte{0xFF, 0xFE}
	for _, r := range `<?xml version="1.0" encoding="UTF-16"?>` + xmlDoc {
		utf16 = append(utf16, byte(r), byte(r>>8))
	}
	for name, part := range map[string]string{"GBK": gbk, "UTF-16": string(utf16)} {
		t.Run(name, func(t *testing.T) {
			doc := read(t, zipParts(t, map[string]string{"word/document.xml": part}), Options{})
			if got := texts(doc); !cmp.Equal(got, []string{"一、总体情况"}) {
				t.Errorf("texts %q", got)
			}
		})
	}
	data := zipParts(t, map[string]string{"word/document.xml": `<?xml version="1.0" encoding="x-unknown"?>` + xmlDoc})
	if err := readErr(data, Options{}); err == nil || !strings.Contains(err.Error(), "unsupported character encoding") {
		t.Errorf("unknown encoding: error %v", err)
	}
}
