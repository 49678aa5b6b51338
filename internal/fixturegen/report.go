package fixturegen

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/nianbao/nianbao/schema"
)

// headingMode is how the section headings get their ordinals.
type headingMode int

const (
	headTyped    headingMode = iota // typed in the text, formatted by hand
	headAutoNum                     // Word list numbering on the paragraphs (chineseCounting)
	headStyle                       // Heading 1 / Heading 2 styles, ordinals typed
	headStyleNum                    // Chinese-named heading styles (id "1", 标题 1) numbered through the style
)

// titleMode is how the title is set.
type titleMode int

const (
	titleOne   titleMode = iota // one paragraph
	titleTwo                    // organ / 20XX年政府信息公开工作年度报告 in two paragraphs
	titleBreak                  // two lines in one paragraph (a line break)
)

// faultKind is a way a value cell deviates from a plainly printed number.
type faultKind int

const (
	fBlank     faultKind = iota // left empty
	fInvalid                    // text that is not a number (text)
	fFullWidth                  // full-width digits
	fUnit                       // a unit word after the number (text)
	fDel                        // a tracked deletion of another number before it (text)
	fSigned                     // a plus sign before a positive figure
	fSet                        // the cell prints text, a number, and holds that number
)

type fault struct {
	table, row, col string
	kind            faultKind
	text            string
}

// zmark writes zero cells of a table as marks: every every-th zero cell
// (1 = all), cycling through marks.
type zmark struct {
	table string
	marks []string
	every int
}

// brk breaks sum rule rule by adding delta to a cell (and to its row
// total when fixTotal is set, so that the row itself still adds up). also
// lists the rules that necessarily fail with it.
type brk struct {
	rule            string
	also            []string
	table, row, col string
	delta           float64
	fixTotal        bool
}

// typo prints a label differently from the template; row labels include
// their ordinal as printed. col is set for a column header.
type typo struct {
	table, row, col, text string
}

// spec describes one fixture.
type spec struct {
	name  string
	seed  uint64
	level level
	organ string
	self  string // how the organ calls itself in the prose
	year  int
	tpl   string // layout of the tables
	notes string // what the fixture exercises, for the fixture list

	title     titleMode
	heading   headingMode
	inlineSub bool // （一）主动公开。 at the start of a body paragraph
	seedLike  bool // narrative sections with their own titles, tables at the end under captions
	drift     bool // section headings worded differently from the template
	footer    footerMode
	wps       bool   // written by WPS Office (Chinese style ids)
	link      string // "rel": hyperlink element, "field": HYPERLINK field, "": none
	sign      bool   // signature and date at the end
	contact   bool   // contact lines with tabs and line breaks in 六
	long      int    // extra paragraphs per sub-section
	brief     bool   // short narrative paragraphs

	other2019 bool   // 2021 requests table printing the 2019 single （六）其他处理 row
	grid5     bool   // 2019 主动公开 table on a five-column grid
	extra     bool   // unrelated tables (statistics before, contacts after the standard ones)
	split     string // requests table cut into two Word tables before this row
	nest      bool   // 主动公开 table inside a 1×1 layout table
	sdt       bool   // content controls around the appeals table, a requests cell and the organ's name
	tracked   bool   // tracked insertions and deletions
	manyRuns  bool   // text cut into many runs
	missing   string // table dropped together with its section
	noApps    bool   // no applications this year
	appLead   bool   // a sentence before the appeals table
	thousands bool   // 1,036
	ls        labelStyle

	typos  []typo
	faults []fault
	breaks []brk
	blanks []string // tables whose zero cells are left blank
	marks  []zmark
}

// builder writes one fixture.
type builder struct {
	sp       *spec
	r        *rng
	d        *doc
	n        *narrator
	ls       labelStyle
	cellSize int
	act      *tdata
	req      *tdata
	app      *tdata

	title    string
	sections []schema.Section
	variants []schema.Finding
}

// output is a generated fixture.
type output struct {
	docx  []byte
	truth *truthFile
}

// build generates the fixture sp describes.
func build(sp *spec) (*output, error) {
	root := newRNG(sp.seed)
	b := &builder{sp: sp, r: root.fork("layout"), ls: sp.ls}
	li := levels[sp.level]
	b.act = newTable(schema.Active, sp.tpl, templateRows(schema.Active, sp.tpl))
	b.req = newTable(schema.Requests, sp.tpl, requestRows(sp.tpl, sp.other2019))
	b.app = newTable(schema.Appeals, sp.tpl, templateRows(schema.Appeals, sp.tpl))
	fillActive(b.act, li, root.fork("active"))
	fillRequests(b.req, li, root.fork("requests"), sp.noApps)
	fillAppeals(b.app, li, b.req.val("new_received", "total")+1, root.fork("appeals"))
	if err := b.applyCells(); err != nil {
		return nil, fmt.Errorf("fixture %s: %w", sp.name, err)
	}
	switch sp.missing {
	case schema.TableActive:
		b.act = nil
	case schema.TableRequests:
		b.req = nil
	case schema.TableAppeals:
		b.app = nil
	}
	b.n = &narrator{r: root.fork("prose"), organ: sp.organ, self: sp.self, year: sp.year, tpl: sp.tpl, act: b.act, req: b.req, app: b.app, brief: sp.brief}
	b.d = &doc{
		r: root.fork("runs"), splitRuns: sp.manyRuns, paraIDs: !sp.wps, reviewer: "李明",
		revDate: fmt.Sprintf("%d-01-%02dT09:30:00Z", sp.year+1, 10+int(sp.seed%15)),
		tracked: sp.tracked, footer: sp.footer, creator: "Administrator",
		created: fmt.Sprintf("%d-01-%02dT08:00:00Z", sp.year+1, 5+int(sp.seed%20)),
		app:     "Microsoft Office Word", styles: stylesEnglish,
	}
	if sp.wps {
		b.d.app = "WPS Office"
		b.d.styles = stylesChinese
	}
	b.setupLists()
	b.document()
	b.d.title = b.title
	data, err := b.d.pack()
	if err != nil {
		return nil, fmt.Errorf("fixture %s: %w", sp.name, err)
	}
	return &output{docx: data, truth: b.truth()}, nil
}

func (b *builder) table(key string) *tdata {
	switch key {
	case schema.TableActive:
		return b.act
	case schema.TableRequests:
		return b.req
	case schema.TableAppeals:
		return b.app
	}
	return nil
}

// applyCells breaks the sums it is told to, prints every cell and applies
// the cell faults, label typos and zero conventions.
func (b *builder) applyCells() error {
	sp := b.sp
	for _, k := range sp.breaks {
		t := b.table(k.table)
		c := t.cell(k.row, k.col)
		if c == nil {
			return fmt.Errorf("break: no cell %s.%s.%s", k.table, k.row, k.col)
		}
		c.v += k.delta
		if k.fixTotal && k.col != "total" {
			t.cell(k.row, "total").v += k.delta
		}
	}
	for _, t := range []*tdata{b.act, b.req, b.app} {
		printAll(t, sp.thousands)
	}
	for _, key := range sp.blanks {
		t := b.table(key)
		for _, rk := range t.rows {
			for _, c := range t.cols(rk) {
				if vc := t.cell(rk, c.Key); vc.v == 0 {
					vc.text, vc.status, vc.truth = "", schema.StatusBlank, nil
				}
			}
		}
	}
	for _, m := range sp.marks {
		t := b.table(m.table)
		i := 0
		for _, rk := range t.rows {
			for _, c := range t.cols(rk) {
				vc := t.cell(rk, c.Key)
				if vc.v != 0 || vc.status != schema.StatusNumber {
					continue
				}
				if i%max(m.every, 1) == 0 {
					vc.text, vc.status = m.marks[(i/max(m.every, 1))%len(m.marks)], schema.StatusZeroMark
				}
				i++
			}
		}
	}
	for _, f := range sp.faults {
		t := b.table(f.table)
		vc := t.cell(f.row, f.col)
		if vc == nil {
			return fmt.Errorf("fault: no cell %s.%s.%s", f.table, f.row, f.col)
		}
		switch f.kind {
		case fBlank:
			vc.text, vc.status, vc.truth = "", schema.StatusBlank, nil
		case fInvalid:
			vc.text, vc.status, vc.truth = f.text, schema.StatusInvalid, nil
		case fFullWidth:
			vc.text = fullWidth(vc.text)
		case fUnit:
			vc.text += f.text
		case fDel:
			vc.del = f.text
		case fSigned:
			if vc.v > 0 {
				vc.text = "+" + vc.text
			}
		case fSet:
			v, err := strconv.ParseFloat(strings.TrimPrefix(f.text, "+"), 64)
			if err != nil {
				return fmt.Errorf("fault: %s.%s.%s: %w", f.table, f.row, f.col, err)
			}
			vc.v, vc.text, vc.status, vc.truth = v, f.text, schema.StatusNumber, &v
		}
	}
	for _, ty := range sp.typos {
		t := b.table(ty.table)
		if ty.col == "" {
			t.labels[ty.row] = ty.text
		}
		b.variants = append(b.variants, schema.Finding{
			Code: schema.CodeLabelVariant, Severity: schema.CodeLabelVariant.Severity(),
			Table: ty.table, Row: ty.row, Column: ty.col, Text: ty.text,
			Message: "标签与模板措辞不同：" + ty.text,
		})
	}
	return nil
}

// ------------------------------------------------------------ document --

var cnDigits = []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}

func (b *builder) setupLists() {
	d := b.d
	switch b.sp.heading {
	case headAutoNum:
		a0 := d.addAbstract(
			numLevel{format: "chineseCounting", text: "%1、", noSuffix: true},
			numLevel{format: "chineseCounting", text: "（%2）", noSuffix: true},
		)
		a1 := d.addAbstract(numLevel{format: "decimal", text: "%1."})
		d.addNum(a0, false) // 1: headings and sub-headings
		d.addNum(a1, false) // 2: a numbered list
		d.addNum(a1, true)  // 3: a second list restarting at 1
	case headStyleNum:
		a0 := d.addAbstract(numLevel{format: "chineseCounting", text: "%1、", noSuffix: true, pStyle: d.styles.h1})
		a1 := d.addAbstract(numLevel{format: "chineseCounting", text: "（%1）", noSuffix: true})
		d.styles.h1Num = d.addNum(a0, false) // 1: through the Heading 1 style
		d.addNum(a1, false)                  // 2: sub-headings of 一
		d.addNum(a1, true)                   // 3: sub-headings of 五, restarting at （一）
	}
}

var bodyPP = pprops{indent: true, line: lineBody, align: "both"}

func (b *builder) para(text string) {
	b.d.add(b.d.paraXML(bodyPP, sizeBody, b.d.textRuns(rprops{}, text)))
}

func (b *builder) titleText() string {
	return fmt.Sprintf("%d年政府信息公开工作年度报告", b.sp.year)
}

func (b *builder) writeTitle() {
	sp := b.sp
	rp := rprops{font: fontTitle, size: sizeTitle}
	pp := pprops{align: "center", line: 700}
	organ := b.d.textRuns(rp, sp.organ)
	if sp.sdt {
		organ = b.d.sdtRun("单位名称", organ)
	}
	rest := b.titleText()
	b.title = sp.organ + rest
	switch sp.title {
	case titleOne:
		b.d.add(b.d.paraXML(pp, sizeTitle, organ+b.d.textRuns(rp, rest)))
	case titleTwo:
		b.d.add(b.d.paraXML(pp, sizeTitle, organ))
		b.d.add(b.d.paraXML(pp, sizeTitle, b.d.textRuns(rp, rest)))
	case titleBreak:
		b.d.add(b.d.paraXML(pp, sizeTitle, organ+b.d.textRuns(rp, "\n"+rest)))
	}
	b.d.add(b.d.paraXML(pprops{line: lineBody}, 0, ""))
}

func (b *builder) writeIntro() {
	site := ""
	if b.sp.link != "" {
		site = "\x01"
	}
	text := b.n.intro(site)
	before, after, ok := strings.Cut(text, "\x01")
	if !ok {
		b.para(text)
		return
	}
	url := "https://www.example.gov.cn/zwgk/"
	rp := rprops{}
	link := ""
	switch b.sp.link {
	case "rel":
		id := b.d.hyperlinkRel(url)
		link = fmt.Sprintf(`<w:hyperlink r:id="%s" w:history="1">%s</w:hyperlink>`, id, b.d.textRuns(rprops{style: b.d.styles.hyperlink}, url))
	case "field":
		link = `<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> HYPERLINK "` + esc(url) + `" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>` +
			b.d.textRuns(rprops{style: b.d.styles.hyperlink}, url) + `<w:r><w:fldChar w:fldCharType="end"/></w:r>`
	}
	b.d.add(b.d.paraXML(bodyPP, sizeBody, b.d.textRuns(rp, before)+link+b.d.textRuns(rp, after)))
}

// writeHeading writes a top-level section heading and records the section.
func (b *builder) writeHeading(num int, heading string, kind schema.Kind) {
	b.sections = append(b.sections, schema.Section{Number: cnDigits[num], Heading: heading, Kind: kind})
	typed := cnDigits[num] + "、" + heading
	d := b.d
	switch b.sp.heading {
	case headTyped:
		d.add(d.paraXML(pprops{indent: true, line: lineBody, keepNext: true}, sizeBody, d.textRuns(rprops{font: fontHei}, typed)))
	case headAutoNum:
		d.add(d.paraXML(pprops{indent: true, line: lineBody, keepNext: true, numID: 1}, sizeBody, d.textRuns(rprops{font: fontHei}, heading)))
	case headStyle:
		d.add(d.paraXML(pprops{style: d.styles.h1}, sizeBody, d.textRuns(rprops{}, typed)))
	case headStyleNum:
		d.add(d.paraXML(pprops{style: d.styles.h1}, sizeBody, d.textRuns(rprops{}, heading)))
	}
}

// writeSub writes sub-heading k (1-based) of a section; list is the list
// the numbered modes use for it. With inline set, the sub-heading opens
// the paragraph body instead of standing alone.
func (b *builder) writeSub(k int, label string, list int, body string) {
	d := b.d
	typed := "（" + cnDigits[k] + "）" + label
	sub := rprops{font: fontKai, bold: true}
	if b.sp.inlineSub {
		d.add(d.paraXML(bodyPP, sizeBody, d.textRuns(sub, typed+"。")+d.textRuns(rprops{}, body)))
		return
	}
	switch b.sp.heading {
	case headTyped:
		d.add(d.paraXML(pprops{indent: true, line: lineBody, keepNext: true}, sizeBody, d.textRuns(sub, typed)))
	case headAutoNum:
		d.add(d.paraXML(pprops{indent: true, line: lineBody, keepNext: true, numID: 1, ilvl: 1}, sizeBody, d.textRuns(sub, label)))
	case headStyle:
		d.add(d.paraXML(pprops{style: d.styles.h2}, sizeBody, d.textRuns(rprops{}, typed)))
	case headStyleNum:
		d.add(d.paraXML(pprops{style: d.styles.h2, numID: list}, sizeBody, d.textRuns(rprops{}, label)))
	}
	if body != "" {
		b.para(body)
	}
}

// headingFor returns the printed heading of a template section.
func (b *builder) headingFor(s schema.SectionDef) string {
	if !b.sp.drift {
		return s.Heading
	}
	switch s.Kind {
	case schema.KindActive:
		return "主动公开政府信息的情况"
	case schema.KindRequests:
		return "收到和处理政府信息公开的申请情况"
	case schema.KindAppeals:
		return "政府信息公开行政法复议、行政诉讼情况"
	case schema.KindProblems:
		return "政府信息公开工作存在的主要问题及改进情况"
	}
	return s.Heading
}

func (b *builder) document() {
	b.writeTitle()
	b.writeIntro()
	if b.sp.seedLike {
		b.seedLikeBody()
	} else {
		b.standardBody()
	}
	if b.sp.sign {
		pp := pprops{align: "right", line: lineBody}
		b.d.add(b.d.paraXML(pprops{line: lineBody}, 0, ""))
		b.d.add(b.d.paraXML(pp, sizeBody, b.d.textRuns(rprops{}, b.sp.organ)))
		b.d.add(b.d.paraXML(pp, sizeBody, b.d.textRuns(rprops{}, fmt.Sprintf("%d年1月%d日", b.sp.year+1, 10+int(b.sp.seed%18)))))
	}
}

func (b *builder) standardBody() {
	num := 0
	for _, s := range schema.Sections {
		if b.sp.missing != "" && string(s.Kind) == b.sp.missing {
			continue
		}
		num++
		b.writeHeading(num, b.headingFor(s), s.Kind)
		switch s.Kind {
		case schema.KindOverview:
			b.overview()
		case schema.KindActive:
			b.writeActive()
		case schema.KindRequests:
			b.writeRequests()
		case schema.KindAppeals:
			if b.sp.appLead {
				b.para(b.n.appealsLead())
			}
			b.writeAppeals()
		case schema.KindProblems:
			b.problems()
		case schema.KindOtherMatters:
			b.otherMatters()
		}
	}
}

var overviewSubs = []string{"主动公开", "依申请公开", "政府信息管理", "政府信息公开平台建设", "监督保障"}

func (b *builder) overview() {
	n := b.n
	b.para(n.fill("{year}年，{self}认真贯彻落实《条例》和上级关于政务公开工作的部署要求，以公开促落实、以公开促规范、以公开促服务，扎实推进政府信息公开各项工作。"))
	bodies := []func() string{n.subActive, n.subRequests, n.subManage, n.subPlatform, n.subOversight}
	for i, label := range overviewSubs {
		body := bodies[i]()
		if b.sp.tracked && i == 1 && b.req != nil {
			b.writeSub(i+1, label, 2, "")
			b.trackedPara(body)
		} else if b.sp.tracked && i == 2 {
			b.writeSub(i+1, label, 2, "")
			b.deletedSentence(body, "全年共清理失效文件99件。")
		} else {
			b.writeSub(i+1, label, 2, body)
		}
		for _, p := range n.filler(b.sp.long) {
			b.para(p)
		}
		if i == 0 && b.sp.extra {
			b.statsTable()
		}
	}
}

// trackedPara writes body with the figure of new applications typed over
// with change tracking: a deleted wrong figure, then the inserted right one.
func (b *builder) trackedPara(body string) {
	d := b.d
	fig := "申请" + b.n.num(b.req, "new_received", "total") + "件"
	before, after, ok := strings.Cut(body, fig)
	if !ok {
		b.para(body)
		return
	}
	wrong := schema.FormatNumber(b.req.figure("new_received", "total") + 7)
	content := d.textRuns(rprops{}, before+"申请") + d.delRuns(rprops{}, wrong) +
		d.insRuns(rprops{}, b.n.num(b.req, "new_received", "total")) + d.textRuns(rprops{}, "件"+after)
	d.add(d.paraXML(bodyPP, sizeBody, content))
}

// deletedSentence writes body with a sentence deleted under change
// tracking in the middle, and an inserted closing sentence.
func (b *builder) deletedSentence(body, deleted string) {
	d := b.d
	first, rest, _ := strings.Cut(body, "。")
	content := d.textRuns(rprops{}, first+"。") + d.delRuns(rprops{}, deleted) + d.textRuns(rprops{}, rest) +
		d.insRuns(rprops{}, "相关工作均按规定留存记录。")
	d.add(d.paraXML(bodyPP, sizeBody, content))
}

func (b *builder) writeActive() {
	if b.act == nil {
		return
	}
	colLabels := map[string]string{}
	for _, ty := range b.sp.typos {
		if ty.table == schema.TableActive && ty.col != "" {
			colLabels[ty.col] = ty.text
		}
	}
	x := b.d.tableXML(b.activeTable(b.act, b.sp.grid5, colLabels))
	if b.sp.nest {
		// A borderless one-cell table used for layout, holding the table.
		outer := &table{grid: []int{textWidth}, borders: false, rows: []row{{cells: []cell{{
			xml: x + b.d.paraXML(pprops{}, 0, ""),
		}}}}}
		x = b.d.tableXML(outer)
	}
	b.d.add(x)
}

func (b *builder) writeRequests() {
	if b.req == nil {
		return
	}
	sdtCell := ""
	if b.sp.sdt {
		sdtCell = "carried_forward.research"
	}
	split := 0
	for i, k := range b.req.rows {
		if k == b.sp.split {
			split = i
		}
	}
	for i, t := range b.requestsTables(b.req, split, sdtCell) {
		if i > 0 {
			// Word keeps two tables apart with a paragraph.
			b.d.add(b.d.paraXML(pprops{}, 0, ""))
		}
		b.d.add(b.d.tableXML(t))
	}
}

func (b *builder) writeAppeals() {
	if b.app == nil {
		return
	}
	x := b.d.tableXML(b.appealsTable(b.app))
	if b.sp.sdt {
		x = b.d.sdtBlock("行政复议行政诉讼情况表", "appeals", x)
	}
	b.d.add(x)
	b.d.add(b.d.paraXML(pprops{}, 0, ""))
}

var (
	problemItems = []string{"部分栏目信息更新不够及时，内容还不够丰富。", "政策解读形式较为单一，图解、视频等方式运用不多。", "工作人员业务水平有待进一步提高。"}
	improveItems = []string{"健全信息发布机制，加强栏目日常维护。", "丰富政策解读形式，提高解读质量。", "加强业务培训，提升依法公开能力和水平。"}
)

func (b *builder) problems() {
	switch b.sp.heading {
	case headAutoNum:
		// Sub-headings on level 2 of the heading list (restarting after
		// 五、), each followed by a decimal list; the second list is a new
		// list instance that restarts at 1.
		for i, items := range [][]string{problemItems, improveItems} {
			b.writeSub(i+1, []string{"存在的主要问题", "改进措施"}[i], 0, "")
			for _, it := range items {
				b.d.add(b.d.paraXML(pprops{indent: true, line: lineBody, numID: 2 + i, align: "both"}, sizeBody, b.d.textRuns(rprops{}, it)))
			}
		}
	case headStyleNum:
		ps := b.n.problems()
		b.writeSub(1, "存在的主要问题", 3, ps[0])
		b.writeSub(2, "改进措施", 3, ps[1])
	default:
		for _, p := range b.n.problems() {
			b.para(p)
		}
	}
	for _, p := range b.n.filler(b.sp.long) {
		b.para(p)
	}
}

func (b *builder) otherMatters() {
	b.para(b.n.otherMatters())
	if b.sp.contact {
		b.para(fmt.Sprintf("联系单位：%s办公室\n联系电话：\t0999-12345678\n电子邮箱：\txxgk@example.gov.cn", b.sp.organ))
	}
	if b.sp.extra {
		b.contactTable()
	}
}

// statsTable is an unrelated table with 指标/数量 headers that mentions
// 主动公开, placed before the standard tables.
func (b *builder) statsTable() {
	b.d.add(b.d.paraXML(pprops{align: "center", line: lineBody}, sizeBody, b.d.textRuns(rprops{font: fontHei}, fmt.Sprintf("表1  %d年主动公开信息统计", b.sp.year))))
	r := b.r
	rows := [][2]string{
		{"指标", "数量"},
		{"主动公开政府信息（条）", itoa(r.between(300, 4000))},
		{"其中：政策文件（件）", itoa(r.between(10, 200))},
		{"政策解读（篇）", itoa(r.between(5, 80))},
		{"回应社会关切（次）", itoa(r.between(1, 40))},
		{"召开新闻发布会（场）", itoa(r.between(0, 12))},
	}
	tb := &table{grid: []int{5000, 3000}, size: sizeTable, borders: true, font: fontFangSong}
	for i, rw := range rows {
		tb.rows = append(tb.rows, row{cells: []cell{{text: rw[0], bold: i == 0}, {text: rw[1], bold: i == 0}}})
	}
	b.d.add(b.d.tableXML(tb))
}

func (b *builder) contactTable() {
	tb := &table{grid: []int{3000, 3500, 2300}, size: sizeTable, borders: true, font: fontFangSong}
	tb.rows = []row{
		{cells: []cell{{text: "受理机构", bold: true}, {text: "地址", bold: true}, {text: "联系电话", bold: true}}},
		{cells: []cell{{text: b.sp.organ + "办公室"}, {text: "人民路88号"}, {text: "0999-12345678"}}},
	}
	b.d.add(b.d.tableXML(tb))
}

// seedLikeBody is the layout of reports that tell their year in sections
// of their own and append the three tables at the end under captions.
func (b *builder) seedLikeBody() {
	n := b.n
	texts := [][]string{
		{n.subManage(), n.subOversight()},
		{n.subActive()},
		{n.subPlatform(), n.subRequests()},
	}
	num := 0
	for i, t := range seedTitles {
		num++
		b.writeHeading(num, t, schema.KindUnknown)
		for _, p := range texts[i] {
			b.para(p)
		}
	}
	num++
	b.writeHeading(num, schema.Sections[4].Heading, schema.KindProblems)
	for _, p := range n.problems() {
		b.para(p)
	}
	num++
	b.writeHeading(num, schema.Sections[5].Heading, schema.KindOtherMatters)
	b.para(n.otherMatters())
	caption := func(s string) {
		b.d.add(b.d.paraXML(pprops{align: "center", line: lineBody, keepNext: true, before: 240}, sizeBody, b.d.textRuns(rprops{font: fontHei}, fmt.Sprintf("%d年%s表", b.sp.year, s))))
	}
	if b.act != nil {
		caption(schema.Active.Title)
		b.writeActive()
	}
	if b.req != nil {
		caption(schema.Requests.Title)
		b.writeRequests()
	}
	if b.app != nil {
		caption(schema.Appeals.Title)
		b.writeAppeals()
	}
}
