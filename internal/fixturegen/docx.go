package fixturegen

import (
	"fmt"
	"strings"
)

// doc accumulates word/document.xml and the parts it refers to.
type doc struct {
	r         *rng
	body      strings.Builder
	splitRuns bool // text cut into many runs
	paraIDs   bool // w14:paraId on paragraphs, as Word 2010+ writes them
	ids       int  // counter for revision, bookmark and control ids
	reviewer  string
	revDate   string
	tracked   bool // the document has tracked changes

	styles    styleSet
	abstracts []abstractNum
	nums      []numInst
	links     []rel
	footer    footerMode

	app     string // Application in docProps/app.xml
	creator string
	title   string
	created string // W3CDTF
}

func (d *doc) add(s string) { d.body.WriteString(s) }

// styleSet names the styles; Chinese Word and WPS use other ids ("a",
// "1") and localised names ("标题 1") for the built-in styles.
type styleSet struct {
	normal, paraFont, tableNormal, tableGrid string
	h1, h2, footer, hyperlink                string
	h1Name, h2Name                           string
	outline                                  bool // outline levels in the heading styles
	h1Num                                    int  // list the Heading 1 style is numbered with, 0 = none
}

var stylesEnglish = styleSet{
	normal: "Normal", paraFont: "DefaultParagraphFont", tableNormal: "TableNormal", tableGrid: "TableGrid",
	h1: "Heading1", h2: "Heading2", footer: "Footer", hyperlink: "Hyperlink",
	h1Name: "heading 1", h2Name: "heading 2", outline: true,
}

var stylesChinese = styleSet{
	normal: "a", paraFont: "a0", tableNormal: "a1", tableGrid: "a3",
	h1: "1", h2: "2", footer: "a4", hyperlink: "a5",
	h1Name: "标题 1", h2Name: "标题 2",
}

func (d *doc) stylesXML() []byte {
	s := d.styles
	var b strings.Builder
	b.WriteString(xmlDecl)
	fmt.Fprintf(&b, `<w:styles xmlns:w="%s">`, nsW)
	fmt.Fprintf(&b, `<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:eastAsia="%s" w:hAnsi="Times New Roman" w:cs="Times New Roman"/><w:kern w:val="2"/><w:sz w:val="%d"/><w:szCs w:val="%d"/><w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault/></w:docDefaults>`, fontFangSong, sizeBody, sizeBody)
	fmt.Fprintf(&b, `<w:style w:type="paragraph" w:default="1" w:styleId="%s"><w:name w:val="Normal"/><w:qFormat/><w:pPr><w:widowControl w:val="0"/><w:jc w:val="both"/></w:pPr></w:style>`, s.normal)
	fmt.Fprintf(&b, `<w:style w:type="character" w:default="1" w:styleId="%s"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>`, s.paraFont)
	fmt.Fprintf(&b, `<w:style w:type="table" w:default="1" w:styleId="%s"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>`, s.tableNormal)
	fmt.Fprintf(&b, `<w:style w:type="table" w:styleId="%s"><w:name w:val="Table Grid"/><w:basedOn w:val="%s"/><w:uiPriority w:val="39"/><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:left w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:right w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="auto"/></w:tblBorders></w:tblPr></w:style>`, s.tableGrid, s.tableNormal)
	heading := func(id, name string, lvl int, font string, bold bool, num int) {
		fmt.Fprintf(&b, `<w:style w:type="paragraph" w:styleId="%s"><w:name w:val="%s"/><w:basedOn w:val="%s"/><w:next w:val="%s"/><w:uiPriority w:val="9"/><w:qFormat/><w:pPr><w:keepNext/>`, id, esc(name), s.normal, s.normal)
		if num != 0 {
			fmt.Fprintf(&b, `<w:numPr><w:numId w:val="%d"/></w:numPr>`, num)
		}
		fmt.Fprintf(&b, `<w:spacing w:line="%d" w:lineRule="exact"/><w:ind w:firstLineChars="200" w:firstLine="640"/>`, lineBody)
		if s.outline {
			fmt.Fprintf(&b, `<w:outlineLvl w:val="%d"/>`, lvl)
		}
		fmt.Fprintf(&b, `</w:pPr><w:rPr><w:rFonts w:ascii="%[1]s" w:eastAsia="%[1]s" w:hAnsi="%[1]s"/>`, font)
		if bold {
			b.WriteString(`<w:b/><w:bCs/>`)
		}
		fmt.Fprintf(&b, `<w:sz w:val="%d"/></w:rPr></w:style>`, sizeBody)
	}
	heading(s.h1, s.h1Name, 0, fontHei, false, s.h1Num)
	heading(s.h2, s.h2Name, 1, fontKai, true, 0)
	fmt.Fprintf(&b, `<w:style w:type="paragraph" w:styleId="%s"><w:name w:val="footer"/><w:basedOn w:val="%s"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:pPr><w:tabs><w:tab w:val="center" w:pos="4153"/><w:tab w:val="right" w:pos="8306"/></w:tabs><w:snapToGrid w:val="0"/><w:jc w:val="left"/></w:pPr><w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style>`, s.footer, s.normal)
	fmt.Fprintf(&b, `<w:style w:type="character" w:styleId="%s"><w:name w:val="Hyperlink"/><w:basedOn w:val="%s"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:rPr><w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr></w:style>`, s.hyperlink, s.paraFont)
	b.WriteString(`</w:styles>`)
	return []byte(b.String())
}

// numLevel is one level of a list definition.
type numLevel struct {
	format   string // decimal, chineseCounting
	text     string // lvlText: %1 is this list's first level, %2 the second …
	noSuffix bool   // no tab between the number and the text
	pStyle   string // the paragraph style linked to this level
}

type abstractNum struct{ levels []numLevel }

// numInst is a w:num: a list instance of an abstract definition; restart
// makes it start again at 1 (a startOverride on level 0).
type numInst struct {
	abs     int
	restart bool
}

// addList adds an abstract list and returns its index.
func (d *doc) addAbstract(levels ...numLevel) int {
	d.abstracts = append(d.abstracts, abstractNum{levels: levels})
	return len(d.abstracts) - 1
}

// addNum adds a list instance and returns its numId.
func (d *doc) addNum(abs int, restart bool) int {
	d.nums = append(d.nums, numInst{abs: abs, restart: restart})
	return len(d.nums)
}

func (d *doc) numberingXML() []byte {
	var b strings.Builder
	b.WriteString(xmlDecl)
	fmt.Fprintf(&b, `<w:numbering xmlns:w="%s">`, nsW)
	for i, a := range d.abstracts {
		kind := "singleLevel"
		if len(a.levels) > 1 {
			kind = "multilevel"
		}
		fmt.Fprintf(&b, `<w:abstractNum w:abstractNumId="%d"><w:nsid w:val="%08X"/><w:multiLevelType w:val="%s"/>`, i, 0x3C5A0000+i*0x111, kind)
		for l, lv := range a.levels {
			fmt.Fprintf(&b, `<w:lvl w:ilvl="%d"><w:start w:val="1"/><w:numFmt w:val="%s"/>`, l, lv.format)
			if lv.pStyle != "" {
				fmt.Fprintf(&b, `<w:pStyle w:val="%s"/>`, lv.pStyle)
			}
			if lv.noSuffix {
				b.WriteString(`<w:suff w:val="nothing"/>`)
			}
			fmt.Fprintf(&b, `<w:lvlText w:val="%s"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" w:firstLine="640"/></w:pPr></w:lvl>`, esc(lv.text))
		}
		b.WriteString(`</w:abstractNum>`)
	}
	for i, n := range d.nums {
		fmt.Fprintf(&b, `<w:num w:numId="%d"><w:abstractNumId w:val="%d"/>`, i+1, n.abs)
		if n.restart {
			b.WriteString(`<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>`)
		}
		b.WriteString(`</w:num>`)
	}
	b.WriteString(`</w:numbering>`)
	return []byte(b.String())
}

// footerMode selects the page-number footer.
type footerMode int

const (
	footNone    footerMode = iota
	footComplex            // "- 1 -" with a complex PAGE field
	footSimple             // "— 1 —" with a simple PAGE field
)

func (d *doc) footerXML() []byte {
	var b strings.Builder
	b.WriteString(xmlDecl)
	fmt.Fprintf(&b, `<w:ftr xmlns:w="%s" xmlns:r="%s"><w:p><w:pPr><w:pStyle w:val="%s"/><w:jc w:val="center"/></w:pPr>`, nsW, nsR, d.styles.footer)
	rp := fmt.Sprintf(`<w:rPr><w:rFonts w:ascii="%[1]s" w:eastAsia="%[1]s" w:hAnsi="%[1]s"/><w:sz w:val="%[2]d"/><w:szCs w:val="%[2]d"/></w:rPr>`, fontSong, sizeFoot)
	dash := "-"
	if d.footer == footSimple {
		dash = "—"
	}
	fmt.Fprintf(&b, `<w:r>%s<w:t xml:space="preserve">%s </w:t></w:r>`, rp, dash)
	if d.footer == footSimple {
		fmt.Fprintf(&b, `<w:fldSimple w:instr=" PAGE   \* MERGEFORMAT "><w:r>%s<w:t>1</w:t></w:r></w:fldSimple>`, rp)
	} else {
		fmt.Fprintf(&b, `<w:r>%[1]s<w:fldChar w:fldCharType="begin"/></w:r><w:r>%[1]s<w:instrText xml:space="preserve"> PAGE   \* MERGEFORMAT </w:instrText></w:r><w:r>%[1]s<w:fldChar w:fldCharType="separate"/></w:r><w:r>%[1]s<w:t>1</w:t></w:r><w:r>%[1]s<w:fldChar w:fldCharType="end"/></w:r>`, rp)
	}
	fmt.Fprintf(&b, `<w:r>%s<w:t xml:space="preserve"> %s</w:t></w:r></w:p></w:ftr>`, rp, dash)
	return []byte(b.String())
}

func (d *doc) settingsXML() []byte {
	var b strings.Builder
	b.WriteString(xmlDecl)
	fmt.Fprintf(&b, `<w:settings xmlns:w="%s"><w:zoom w:percent="100"/><w:bordersDoNotSurroundHeader/><w:bordersDoNotSurroundFooter/>`, nsW)
	if d.tracked {
		// Open showing the final text without markup (LibreOffice honours
		// this too, so the PDF shows the text a reader must extract).
		b.WriteString(`<w:revisionView w:markup="0" w:insDel="0" w:formatting="0"/>`)
	}
	b.WriteString(`<w:defaultTabStop w:val="420"/><w:drawingGridVerticalSpacing w:val="156"/><w:characterSpacingControl w:val="compressPunctuation"/><w:compat><w:spaceForUL/><w:balanceSingleByteDoubleByteWidth/><w:doNotLeaveBackslashAlone/><w:ulTrailSpace/><w:doNotExpandShiftReturn/><w:adjustLineHeightInTable/><w:useFELayout/><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat><w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/></w:settings>`)
	return []byte(b.String())
}

func (d *doc) fontTableXML() []byte {
	var b strings.Builder
	b.WriteString(xmlDecl)
	fmt.Fprintf(&b, `<w:fonts xmlns:w="%s">`, nsW)
	b.WriteString(`<w:font w:name="Times New Roman"><w:panose1 w:val="02020603050405020304"/><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>`)
	for _, f := range []struct{ name, alt, family string }{
		{fontSong, "SimSun", "auto"}, {fontFangSong, "仿宋", "modern"}, {fontHei, "SimHei", "modern"},
		{fontKai, "楷体", "modern"}, {fontTitle, "宋体", "auto"},
	} {
		fmt.Fprintf(&b, `<w:font w:name="%s"><w:altName w:val="%s"/><w:charset w:val="86"/><w:family w:val="%s"/><w:pitch w:val="fixed"/></w:font>`, esc(f.name), esc(f.alt), f.family)
	}
	b.WriteString(`</w:fonts>`)
	return []byte(b.String())
}

func (d *doc) coreXML() []byte {
	return []byte(xmlDecl + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
		`<dc:title>` + esc(d.title) + `</dc:title><dc:creator>` + esc(d.creator) + `</dc:creator><cp:lastModifiedBy>` + esc(d.creator) + `</cp:lastModifiedBy><cp:revision>3</cp:revision>` +
		`<dcterms:created xsi:type="dcterms:W3CDTF">` + d.created + `</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">` + d.created + `</dcterms:modified></cp:coreProperties>`)
}

func (d *doc) appXML() []byte {
	return []byte(xmlDecl + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">` +
		`<Template>Normal.dotm</Template><TotalTime>42</TotalTime><Application>` + esc(d.app) + `</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop><Company></Company><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged><AppVersion>16.0000</AppVersion></Properties>`)
}

// hyperlinkRel registers an external hyperlink and returns its id.
func (d *doc) hyperlinkRel(url string) string {
	id := fmt.Sprintf("rIdLink%d", len(d.links)+1)
	d.links = append(d.links, rel{id: id, typ: rtHyperlink, target: url, external: true})
	return id
}

// pack assembles the package.
func (d *doc) pack() ([]byte, error) {
	var sect strings.Builder
	sect.WriteString("<w:sectPr>")
	if d.footer != footNone {
		sect.WriteString(`<w:footerReference w:type="default" r:id="rIdFooter1"/>`)
	}
	fmt.Fprintf(&sect, `<w:pgSz w:w="%d" w:h="%d"/><w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="851" w:footer="992" w:gutter="0"/><w:cols w:space="425"/></w:sectPr>`,
		pageW, pageH, marginTop, marginRght, marginBot, marginLeft)

	var body strings.Builder
	body.WriteString(xmlDecl)
	fmt.Fprintf(&body, `<w:document xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:r="%s" xmlns:w="%s" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" mc:Ignorable="w14"><w:body>`, nsR, nsW)
	body.WriteString(d.body.String())
	body.WriteString(sect.String())
	body.WriteString(`</w:body></w:document>`)

	docRels := []rel{
		{id: "rId1", typ: rtStyles, target: "styles.xml"},
		{id: "rId2", typ: rtSettings, target: "settings.xml"},
		{id: "rId3", typ: rtFontTable, target: "fontTable.xml"},
	}
	parts := []part{
		{name: "[Content_Types].xml"}, // filled in below
		{name: "_rels/.rels", data: relsXML([]rel{
			{id: "rId1", typ: rtOfficeDoc, target: "word/document.xml"},
			{id: "rId2", typ: rtCore, target: "docProps/core.xml"},
			{id: "rId3", typ: rtApp, target: "docProps/app.xml"},
		})},
		{name: "word/document.xml", contentType: ctDocument, data: []byte(body.String())},
		{name: "word/styles.xml", contentType: ctStyles, data: d.stylesXML()},
		{name: "word/settings.xml", contentType: ctSettings, data: d.settingsXML()},
		{name: "word/fontTable.xml", contentType: ctFontTable, data: d.fontTableXML()},
	}
	if len(d.nums) > 0 {
		docRels = append(docRels, rel{id: "rId4", typ: rtNumbering, target: "numbering.xml"})
		parts = append(parts, part{name: "word/numbering.xml", contentType: ctNumbering, data: d.numberingXML()})
	}
	if d.footer != footNone {
		docRels = append(docRels, rel{id: "rIdFooter1", typ: rtFooter, target: "footer1.xml"})
		parts = append(parts, part{name: "word/footer1.xml", contentType: ctFooter, data: d.footerXML()})
	}
	docRels = append(docRels, d.links...)
	parts = append(parts,
		part{name: "word/_rels/document.xml.rels", data: relsXML(docRels)},
		part{name: "docProps/core.xml", contentType: ctCore, data: d.coreXML()},
		part{name: "docProps/app.xml", contentType: ctApp, data: d.appXML()},
	)
	parts[0].data = contentTypesXML(parts)
	return zipParts(parts)
}
