package fixturegen

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Fonts as Chinese official documents name them (GB/T 9704). LibreOffice
// substitutes Noto CJK for them when it renders the PDFs.
const (
	fontFangSong = "仿宋_GB2312"
	fontHei      = "黑体"
	fontKai      = "楷体_GB2312"
	fontTitle    = "方正小标宋简体"
	fontSong     = "宋体"
)

// Font sizes in half-points.
const (
	sizeTitle = 44 // 二号
	sizeBody  = 32 // 三号
	sizeTable = 21 // 五号
	sizeSmall = 18 // 小五
	sizeFoot  = 28 // 四号
)

// Page geometry in twentieths of a point: A4 with the margins of GB/T 9704
// (top 37 mm, bottom 35 mm, left 28 mm, right 26 mm).
const (
	pageW      = 11906
	pageH      = 16838
	marginTop  = 2098
	marginBot  = 1984
	marginLeft = 1588
	marginRght = 1474
	textWidth  = pageW - marginLeft - marginRght // 8844
	lineBody   = 560                             // 28 pt exact line pitch
)

// rprops are run properties.
type rprops struct {
	font  string // East Asian font; "" inherits
	size  int    // half-points; 0 inherits
	bold  bool
	style string // character style id
}

func (p rprops) xml() string {
	if p == (rprops{}) {
		return ""
	}
	var b strings.Builder
	b.WriteString("<w:rPr>")
	if p.style != "" {
		fmt.Fprintf(&b, `<w:rStyle w:val="%s"/>`, p.style)
	}
	if p.font != "" {
		fmt.Fprintf(&b, `<w:rFonts w:ascii="%[1]s" w:eastAsia="%[1]s" w:hAnsi="%[1]s"/>`, esc(p.font))
	}
	if p.bold {
		b.WriteString("<w:b/><w:bCs/>")
	}
	if p.size != 0 {
		fmt.Fprintf(&b, `<w:sz w:val="%d"/><w:szCs w:val="%d"/>`, p.size, p.size)
	}
	b.WriteString("</w:rPr>")
	return b.String()
}

// pprops are paragraph properties.
type pprops struct {
	style     string // paragraph style id
	align     string // left, center, right, both
	indent    bool   // first line indented by two characters
	line      int    // exact line pitch in twips; 0 = single
	before    int    // space before, twips
	after     int    // space after, twips
	numID     int    // list; 0 = none
	ilvl      int
	keepNext  bool
	pageBreak bool // page break before
}

func (p pprops) xml(fontSize int) string {
	var b strings.Builder
	b.WriteString("<w:pPr>")
	if p.style != "" {
		fmt.Fprintf(&b, `<w:pStyle w:val="%s"/>`, p.style)
	}
	if p.keepNext {
		b.WriteString("<w:keepNext/>")
	}
	if p.pageBreak {
		b.WriteString("<w:pageBreakBefore/>")
	}
	if p.numID != 0 {
		fmt.Fprintf(&b, `<w:numPr><w:ilvl w:val="%d"/><w:numId w:val="%d"/></w:numPr>`, p.ilvl, p.numID)
	}
	if p.line != 0 || p.before != 0 || p.after != 0 {
		b.WriteString("<w:spacing")
		if p.before != 0 {
			fmt.Fprintf(&b, ` w:before="%d"`, p.before)
		}
		if p.after != 0 {
			fmt.Fprintf(&b, ` w:after="%d"`, p.after)
		}
		if p.line != 0 {
			fmt.Fprintf(&b, ` w:line="%d" w:lineRule="exact"`, p.line)
		}
		b.WriteString("/>")
	}
	if p.indent {
		if fontSize == 0 {
			fontSize = sizeBody
		}
		fmt.Fprintf(&b, `<w:ind w:firstLineChars="200" w:firstLine="%d"/>`, fontSize*20)
	}
	if p.align != "" {
		fmt.Fprintf(&b, `<w:jc w:val="%s"/>`, p.align)
	}
	b.WriteString("</w:pPr>")
	s := b.String()
	if s == "<w:pPr></w:pPr>" {
		return ""
	}
	return s
}

// textRuns turns text into runs. Tabs become <w:tab/> and newlines
// <w:br/>. When split is set, the text is cut into runs of one to four
// characters with proofing marks between some of them, the way Word stores
// text typed and corrected over several sessions.
func (d *doc) textRuns(rp rprops, text string) string {
	var b strings.Builder
	rpx := rp.xml()
	emit := func(s string) {
		if s == "" {
			return
		}
		b.WriteString("<w:r>")
		b.WriteString(rpx)
		start := 0
		for i, r := range s {
			if r != '\t' && r != '\n' {
				continue
			}
			writeT(&b, s[start:i])
			if r == '\t' {
				b.WriteString("<w:tab/>")
			} else {
				b.WriteString("<w:br/>")
			}
			start = i + 1
		}
		writeT(&b, s[start:])
		b.WriteString("</w:r>")
	}
	if !d.splitRuns {
		emit(text)
		return b.String()
	}
	rs := []rune(text)
	for i := 0; i < len(rs); {
		n := 1 + d.r.intn(4)
		if i+n > len(rs) {
			n = len(rs) - i
		}
		if i > 0 {
			switch d.r.intn(9) {
			case 0:
				b.WriteString(`<w:proofErr w:type="gramStart"/>`)
			case 1:
				b.WriteString(`<w:proofErr w:type="gramEnd"/>`)
			case 2:
				d.ids++
				fmt.Fprintf(&b, `<w:bookmarkStart w:id="%d" w:name="_Hlk%d"/><w:bookmarkEnd w:id="%d"/>`, d.ids, 100000+d.ids*37, d.ids)
			}
		}
		emit(string(rs[i : i+n]))
		i += n
	}
	return b.String()
}

func writeT(b *strings.Builder, s string) {
	if s == "" {
		return
	}
	if strings.TrimSpace(s) != s {
		b.WriteString(`<w:t xml:space="preserve">`)
	} else {
		b.WriteString("<w:t>")
	}
	b.WriteString(esc(s))
	b.WriteString("</w:t>")
}

// revision attributes of a tracked change.
func (d *doc) revAttrs() string {
	d.ids++
	return fmt.Sprintf(`w:id="%d" w:author="%s" w:date="%s"`, d.ids, esc(d.reviewer), d.revDate)
}

// insRuns is text inserted with change tracking on: kept in the final text.
func (d *doc) insRuns(rp rprops, text string) string {
	return "<w:ins " + d.revAttrs() + ">" + d.textRuns(rp, text) + "</w:ins>"
}

// delRuns is text deleted with change tracking on: not part of the final
// text. Deleted text is stored in w:delText, not w:t.
func (d *doc) delRuns(rp rprops, text string) string {
	return "<w:del " + d.revAttrs() + "><w:r>" + rp.xml() + "<w:delText>" + esc(text) + "</w:delText></w:r></w:del>"
}

// para writes a paragraph holding content (runs XML).
func (d *doc) paraXML(pp pprops, fontSize int, content string) string {
	var b strings.Builder
	b.WriteString("<w:p")
	if d.paraIDs {
		d.ids++
		// Both ids are hex numbers below 0x80000000, unique in the document.
		fmt.Fprintf(&b, ` w14:paraId="%08X" w14:textId="%08X"`, 0x1A000000+d.ids*7919, 0x3C000000+d.ids*104729%0x3FFFFFF)
	}
	b.WriteString(">")
	b.WriteString(pp.xml(fontSize))
	b.WriteString(content)
	b.WriteString("</w:p>")
	return b.String()
}

// cell is one table cell.
type cell struct {
	span   int    // grid columns, at least 1
	vmerge int    // vmNone, vmRestart, vmContinue
	text   string // text; "\n" becomes a line break
	xml    string // content paragraphs (or tables) instead of text
	align  string
	bold   bool
	sdt    bool // wrapped in a cell-level content control
	size   int  // font size; 0 = the table's
}

const (
	vmNone = iota
	vmRestart
	vmContinue
)

type row struct {
	cells     []cell
	header    bool // repeated at the top of each page
	cantSplit bool
}

// table is a Word table on a fixed grid.
type table struct {
	grid    []int // column widths in twips
	rows    []row
	size    int  // font size of the cells
	borders bool // single lines around every cell
	font    string
	width   int // total width; 0 = the sum of grid
}

func (d *doc) tableXML(t *table) string {
	var b strings.Builder
	total := t.width
	if total == 0 {
		for _, w := range t.grid {
			total += w
		}
	}
	b.WriteString("<w:tbl><w:tblPr>")
	if t.borders {
		fmt.Fprintf(&b, `<w:tblStyle w:val="%s"/>`, d.styles.tableGrid)
	}
	fmt.Fprintf(&b, `<w:tblW w:w="%d" w:type="dxa"/><w:jc w:val="center"/>`, total)
	if t.borders {
		b.WriteString(`<w:tblBorders>`)
		for _, side := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
			fmt.Fprintf(&b, `<w:%s w:val="single" w:sz="4" w:space="0" w:color="000000"/>`, side)
		}
		b.WriteString(`</w:tblBorders>`)
	} else {
		b.WriteString(`<w:tblBorders>`)
		for _, side := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
			fmt.Fprintf(&b, `<w:%s w:val="nil"/>`, side)
		}
		b.WriteString(`</w:tblBorders>`)
	}
	b.WriteString(`<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar><w:tblLook w:val="04A0"/></w:tblPr><w:tblGrid>`)
	for _, w := range t.grid {
		fmt.Fprintf(&b, `<w:gridCol w:w="%d"/>`, w)
	}
	b.WriteString("</w:tblGrid>")
	for _, r := range t.rows {
		b.WriteString("<w:tr>")
		if r.header || r.cantSplit {
			b.WriteString("<w:trPr>")
			if r.cantSplit {
				b.WriteString("<w:cantSplit/>")
			}
			if r.header {
				b.WriteString("<w:tblHeader/>")
			}
			b.WriteString("</w:trPr>")
		}
		col := 0
		for _, c := range r.cells {
			span := max(c.span, 1)
			w := 0
			for k := col; k < col+span && k < len(t.grid); k++ {
				w += t.grid[k]
			}
			col += span
			var tc strings.Builder
			fmt.Fprintf(&tc, `<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/>`, w)
			if span > 1 {
				fmt.Fprintf(&tc, `<w:gridSpan w:val="%d"/>`, span)
			}
			switch c.vmerge {
			case vmRestart:
				tc.WriteString(`<w:vMerge w:val="restart"/>`)
			case vmContinue:
				tc.WriteString(`<w:vMerge/>`)
			}
			tc.WriteString(`<w:vAlign w:val="center"/></w:tcPr>`)
			switch {
			case c.xml != "":
				tc.WriteString(c.xml)
			default:
				size := c.size
				if size == 0 {
					size = t.size
				}
				align := c.align
				if align == "" {
					align = "center"
				}
				content := ""
				if c.vmerge != vmContinue {
					content = d.textRuns(rprops{font: t.font, size: size, bold: c.bold}, c.text)
				}
				tc.WriteString(d.paraXML(pprops{align: align}, size, content))
			}
			tc.WriteString("</w:tc>")
			if c.sdt {
				d.ids++
				fmt.Fprintf(&b, `<w:sdt><w:sdtPr><w:id w:val="%d"/><w:text/></w:sdtPr><w:sdtContent>%s</w:sdtContent></w:sdt>`, -1700000000+d.ids*131, tc.String())
			} else {
				b.WriteString(tc.String())
			}
		}
		b.WriteString("</w:tr>")
	}
	b.WriteString("</w:tbl>")
	return b.String()
}

// sdtBlock wraps block content in a content control.
func (d *doc) sdtBlock(alias, tag, content string) string {
	d.ids++
	return fmt.Sprintf(`<w:sdt><w:sdtPr><w:alias w:val="%s"/><w:tag w:val="%s"/><w:id w:val="%d"/></w:sdtPr><w:sdtContent>%s</w:sdtContent></w:sdt>`,
		esc(alias), esc(tag), 900000000+d.ids*17, content)
}

// sdtRun wraps runs in an inline content control.
func (d *doc) sdtRun(alias, content string) string {
	d.ids++
	return fmt.Sprintf(`<w:sdt><w:sdtPr><w:alias w:val="%s"/><w:id w:val="%d"/><w:text/></w:sdtPr><w:sdtContent>%s</w:sdtContent></w:sdt>`,
		esc(alias), 800000000+d.ids*23, content)
}

// fullWidth writes ASCII digits as full-width digits.
func fullWidth(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r - '0' + '０')
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// letterSpace puts spaces between the characters of s in an irregular
// pattern, as labels come out of PDFs set with character spacing.
func letterSpace(s string, r *rng) string {
	var b strings.Builder
	n := utf8.RuneCountInString(s)
	i := 0
	for _, c := range s {
		b.WriteRune(c)
		i++
		if i < n && r.intn(3) != 0 {
			b.WriteByte(' ')
		}
	}
	return b.String()
}
