package fixturegen

import (
	"fmt"
	"sort"
	"strings"

	"github.com/nianbao/nianbao/schema"
)

type fixtureInfo struct {
	spec  *spec
	truth *truthFile
	size  int
}

var headingNames = map[headingMode]string{
	headTyped:    "typed",
	headAutoNum:  "list numbering",
	headStyle:    "Heading 1 style",
	headStyleNum: "标题 1 style, numbered",
}

// readme is testdata/README.md: how the fixtures are made and what each
// one exercises.
func readme(infos []fixtureInfo) []byte {
	var b strings.Builder
	b.WriteString(`# Test fixtures

Everything here is generated: the .docx reports, their expected extractions
and the broken inputs by the repository's generator (internal/fixturegen),
the PDFs from the .docx files by LibreOffice. Do not edit by hand; change
the generator and regenerate:

    go run ./internal/fixturegen/cmd/genfixtures -out testdata
    scripts/make-pdf-fixtures.sh        # needs LibreOffice and CJK fonts

(` + "`go generate ./internal/fixturegen`" + ` runs both.) Generation is deterministic:
a re-run gives the same bytes (the .docx parts are deflated by compress/flate,
so a future Go release may compress them differently, never change their
content). ` + "`go test ./internal/fixturegen`" + ` fails when the committed .docx
contents, truth or invalid files differ from what the generator makes, or when
a .docx has no PDF. Tests and CI never need LibreOffice.

| directory | contents |
|---|---|
| docx/ | synthetic 政府信息公开工作年度报告, written as WordprocessingML by the generator (no Word library): both templates, organs from 乡镇 to 国务院部门, and the deviations of real reports listed below |
| pdf/ | the same reports converted by LibreOffice (Noto CJK substituted for 仿宋_GB2312, 黑体, 方正小标宋简体); long.pdf has 80+ pages for per-page benchmarks |
| truth/ | for each report, the extraction nianbao must produce from both its .docx and its .pdf |
| pdf-variants/ | one report (citygov-2023-results) as other PDF producers write it: ` + "`.objstm.pdf`" + ` (qpdf: object streams, a cross-reference stream with a PNG predictor), ` + "`.rot90.pdf`" + ` (qpdf: every page shown turned by /Rotate 90), ` + "`.watermark.pdf`" + ` (watermarks laid over every page: diagonal, and light across the tables), ` + "`.rc40.pdf`" + ` (qpdf: 40-bit RC4, empty user password), ` + "`.gs.pdf`" + ` (Ghostscript pdfwrite), ` + "`.cairo.pdf`" + ` (poppler's cairo backend); read against the same truth |
| invalid/ | inputs that must fail cleanly with a named cause; see invalid/README.md |

## Truth files

` + "`truth/NAME.json`" + ` is nianbao's output shape (SCHEMA.md) without what depends on
the file read: ` + "`source.files`" + ` names the .docx and the .pdf; sections have
` + "`number`" + `, ` + "`heading`" + ` (without the ordinal and its 、) and ` + "`kind`" + `, no text
and no page. Conventions:

- ` + "`report.title`" + ` is the title as printed, joined when set over two lines or
  paragraphs; ` + "`organ`" + ` the body as named in the title; ` + "`template`" + ` the layout of
  the 主动公开 table (else of the requests table), not the one the year asks for.
- ` + "`sections`" + `: the numbered top-level headings (一、…) only, whether the ordinal is
  typed or made by Word's list numbering; sub-headings and table captions are
  not sections; headings that are not one of the six standard ones are ` + "`unknown`" + `.
- ` + "`tables`" + `: every cell the printed table has, in template order: a number, or
  null for a blank or non-numeric cell; a zero mark (—, -, /, 无) is 0; units,
  full-width digits, thousands separators and signs are normalised away
  (251000元 → 251000, １２ → 12, 1,036 → 1036, +36 → 36). Text deleted under
  change tracking is not part of a cell. A table the report lacks is absent.
- ` + "`findings`" + `: computed by schema.Check from the cells (with their blank /
  zero-mark / non-numeric status), sorted by schema.SortFindings, plus a
  ` + "`label_variant`" + ` for each label printed differently from the template (typos,
  not width, spacing or 1、/1. differences). No ` + "`page`" + ` values. Every figure the
  narrative quotes (全年共收到政府信息公开申请N件 …) matches the table, so no
  ` + "`narrative_mismatch`" + ` is expected.

## Reports

| fixture | organ (level) | year | layout | headings | findings | exercises |
|---|---|---|---|---|---|---|
`)
	for _, in := range infos {
		sp := in.spec
		tpl := sp.tpl
		if sp.other2019 {
			tpl += " + 2019 （六）其他处理 row"
		}
		fmt.Fprintf(&b, "| %s | %s (%s) | %d | %s | %s | %s | %s |\n",
			sp.name, sp.organ, levels[sp.level].label, sp.year, tpl, headingNames[sp.heading], countFindings(in.truth.Findings), sp.notes)
	}
	return []byte(b.String())
}

func countFindings(fs []schema.Finding) string {
	n := map[schema.Code]int{}
	for _, f := range fs {
		n[f.Code]++
	}
	if len(n) == 0 {
		return "—"
	}
	var parts []string
	for c, k := range n {
		parts = append(parts, fmt.Sprintf("%s %d", c, k))
	}
	sort.Strings(parts)
	return strings.Join(parts, ", ")
}

// invalidReadme is testdata/invalid/README.md.
func invalidReadme() []byte {
	return []byte(`# Broken inputs

Each file must make the reader fail with an error that names the cause,
quickly and within the memory limits: no panic, no hang, no huge allocation.
Made by internal/fixturegen (truncated.pdf and encrypted.pdf by
scripts/make-pdf-fixtures.sh from a fixture PDF). The damaged .docx files
are built from the fixture citygov-2021-heading1 with the generator's own
DEFLATE encoder, so their bytes do not change with the Go release.

| file | what it is | expected cause |
|---|---|---|
| empty.docx | zero bytes | empty file / not a .docx |
| not-a-zip.docx | plain text with a .docx name | not a .docx (no zip signature) |
| truncated.docx | the first half of a valid .docx | corrupt zip: no end of central directory |
| corrupt-central-directory.docx | a valid .docx with 32 bytes of its first central directory record flipped | corrupt zip (bad central directory record) |
| corrupt-deflate.docx | a valid .docx with 24 bytes flipped in the middle of word/document.xml's compressed data | corrupt word/document.xml: inflate error, unexpected EOF or checksum mismatch, depending on where decoding derails |
| no-document-xml.docx | a well-formed package without word/document.xml | not a Word document: word/document.xml missing |
| malformed-xml.docx | word/document.xml cut inside a tag, then closed | XML syntax error in word/document.xml |
| deep-nesting.docx | 20 000 tables nested in one another (XML depth 60 000; 2 MB inflated from 20 KB) | XML depth or table nesting limit |
| zip-bomb.docx | word/document.xml declares and really inflates to ` + fmt.Sprint(BombSize()) + ` bytes (just over 1 GiB) from about 1 MB, CRC correct | limit on inflated bytes (per part or in total) |
| encrypted.docx | what Word writes for a password-protected .docx: an OLE compound file (version 3) with EncryptionInfo (agile, AES-256) and EncryptedPackage streams | encrypted document (password-protected); ` + "`extract/docx.ErrEncrypted`" + ` |
| not-a-pdf.pdf | text with a .pdf name ("%PDX-…") | not a PDF (no %PDF- header) |
| truncated.pdf | the first half of a fixture PDF | corrupt PDF: no cross-reference table / trailer / %%EOF |
| encrypted.pdf | a fixture PDF encrypted with AES-128 (R4) and user password "nianbao-user" (owner "nianbao-owner") | encrypted PDF (a password is needed to read it) |
| image-only.pdf | a valid one-page PDF whose page is one grayscale image of a scanned report, no text | no text: scanned or image-only document (needs OCR) |
`)
}
