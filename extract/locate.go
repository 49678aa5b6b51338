package extract

import (
	"log/slog"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/nianbao/nianbao/extract/layout"
	"github.com/nianbao/nianbao/normalize"
	"github.com/nianbao/nianbao/schema"
)

// locate fills rep from doc: the report line, the sections, the three
// tables and the findings.
func locate(rep *schema.Report, doc *layout.Document, log *slog.Logger) {
	doc = unwrap(doc)
	paras := paragraphs(doc)
	rep.Report = reportInfo(paras)
	rep.Sections = sections(paras)
	if rep.Report.Year == 0 {
		rep.Report.Year = yearFromText(paras)
	}
	var variants []schema.Finding
	rep.Tables, rep.Provenance, variants = locateTables(doc, rep.Report.Year)
	rep.Report.Template = templateOf(&rep.Tables)
	rep.Findings = append(schema.Check(rep), variants...)
	if rep.Findings == nil {
		rep.Findings = []schema.Finding{} // written as [], not null
	}
	schema.SortFindings(rep.Findings)
	if log != nil {
		log.Debug("located", "file", rep.Source.File, "sections", len(rep.Sections),
			"active", rep.Tables.Active != nil, "requests", rep.Tables.Requests != nil, "appeals", rep.Tables.Appeals != nil)
	}
}

// unwrap returns doc with its layout tables opened: a table that is not
// one of the standard tables and whose cells hold tables (a page laid out
// in a one-cell table, as converters from HTML write) is replaced by the
// content of its cells, in order, so that the headings and tables inside
// are read as the document's own.
func unwrap(doc *layout.Document) *layout.Document {
	var out []layout.Block
	changed := false
	var add func(bs []layout.Block, depth int)
	add = func(bs []layout.Block, depth int) {
		for _, b := range bs {
			t, ok := b.(*layout.Table)
			if !ok || depth > 8 || !isWrapper(t) {
				out = append(out, b)
				continue
			}
			changed = true
			for _, c := range t.Cells {
				if c.Blocks != nil {
					add(c.Blocks, depth+1)
				} else if strings.TrimSpace(c.Text) != "" {
					out = append(out, &layout.Paragraph{Text: c.Text, Page: c.Page})
				}
			}
		}
	}
	add(doc.Blocks, 0)
	if !changed {
		return doc
	}
	d := *doc
	d.Blocks = out
	return &d
}

// isWrapper reports whether t is a layout table around other content: a
// table of a few cells, one of which holds a nested table. (The standard
// tables have dozens of cells; the words of a report's narrative would make
// a content test useless.)
func isWrapper(t *layout.Table) bool {
	if len(t.Cells) > 6 {
		return false
	}
	for _, c := range t.Cells {
		if c.Blocks != nil {
			return true
		}
	}
	return false
}

// para is a body paragraph with its text cleaned for reading.
type para struct {
	*layout.Paragraph
	text string // normalize.Space of the text, lines joined
}

// paragraphs returns the document's non-empty paragraphs in order. A
// paragraph made of several lines (a PDF paragraph, a Word paragraph with
// line breaks) keeps its lines separated by "\n".
func paragraphs(doc *layout.Document) []para {
	var out []para
	for _, b := range doc.Blocks {
		p, ok := b.(*layout.Paragraph)
		if !ok {
			continue
		}
		lines := strings.Split(p.Text, "\n")
		for i := range lines {
			lines[i] = normalize.Space(lines[i])
		}
		t := strings.TrimSpace(strings.Join(lines, "\n"))
		if t == "" {
			continue
		}
		out = append(out, para{Paragraph: p, text: t})
	}
	return out
}

// joinLines joins the lines of a paragraph the way Chinese text is
// written: without a separator between CJK characters, with a space
// between Latin words.
func joinLines(s string) string {
	if !strings.Contains(s, "\n") {
		return s
	}
	return normalize.Space(s)
}

// ---------------------------------------------------------------- title --

// reportNameMarkers are the words that end the name part of a title, in
// the order they are tried.
var reportNameMarkers = []string{
	"政府信息公开工作年度报告", "政府信息公开年度报告", "政府信息公开工作报告",
	"政务公开工作年度报告", "信息公开工作年度报告", "信息公开年度报告",
	"政府信息公开", "政务公开", "信息公开",
}

// reportInfo finds the title (possibly set over several short paragraphs
// at the top) and derives organ and year from it.
func reportInfo(paras []para) schema.Info {
	var info schema.Info
	title := findTitle(paras)
	if title == "" {
		return info
	}
	info.Title = title
	info.Organ, info.Year = organYear(title)
	return info
}

// isTitleText reports whether s reads like (the end of) a report title.
func isTitleText(s string) bool {
	k := normalize.Compact(s)
	return strings.HasSuffix(k, "报告") && (strings.Contains(k, "公开") || strings.Contains(k, "年度"))
}

// findTitle looks at the first paragraphs for the title: the first run of
// short, sentence-free paragraphs whose joined text ends in 报告 and names
// the disclosure work. Lines before it that cannot be part of a title
// (dates, index numbers) are skipped.
func findTitle(paras []para) string {
	limit := min(len(paras), 12)
	for start := 0; start < limit; start++ {
		var b strings.Builder
		for i := start; i < limit && i < start+4; i++ {
			t := joinLines(paras[i].text)
			if !titleLike(t) {
				break
			}
			b.WriteString(t)
			if isTitleText(b.String()) {
				return cleanTitle(b.String())
			}
		}
	}
	// A title inside a longer first paragraph ("…年度报告" on a line of its own
	// in a PDF paragraph).
	for i := 0; i < limit; i++ {
		lines := strings.Split(paras[i].text, "\n")
		for j := range lines {
			var b strings.Builder
			for k := j; k < len(lines) && k < j+3; k++ {
				if !titleLike(lines[k]) {
					break
				}
				b.WriteString(lines[k])
				if isTitleText(b.String()) {
					return cleanTitle(b.String())
				}
			}
		}
	}
	// A title run into the paragraph after it (a PDF whose title lines
	// were joined with the introduction): the text up to the first 报告,
	// when it reads like a title.
	for i := 0; i < min(limit, 4); i++ {
		t := normalize.Compact(paras[i].text)
		j := strings.Index(t, "报告")
		if j < 0 || utf8.RuneCountInString(t[:j]) > 58 {
			continue
		}
		head := t[:j+len("报告")]
		if titleLike(head) && isTitleText(head) && !strings.ContainsAny(head, "，,《》") {
			return cleanTitle(head)
		}
	}
	return ""
}

// titleLike reports whether a paragraph could be (part of) a title: short,
// not a sentence, not a numbered heading.
func titleLike(s string) bool {
	k := normalize.Compact(s)
	n := utf8.RuneCountInString(k)
	if n == 0 || n > 60 {
		return false
	}
	if strings.ContainsAny(k, "。；;：:") {
		return false // a sentence, or a metadata line (索引号：…)
	}
	if o, _ := normalize.SplitOrdinal(k); o.Style != normalize.OrdNone {
		return false
	}
	return true
}

// cleanTitle removes spaces, quotes and a leading 关于 from a title.
func cleanTitle(s string) string {
	s = normalize.Compact(s)
	s = strings.Trim(s, "《》“”\"")
	return s
}

// organYear splits a title into the issuing organ and the reporting year.
func organYear(title string) (organ string, year int) {
	t := arabicYears(title)
	// The year: 4 digits before 年 (or 年度).
	yi, yj := -1, -1
	for i := 0; i+4 <= len(t); i++ {
		if !isYearAt(t, i) {
			continue
		}
		rest := t[i+4:]
		if strings.HasPrefix(rest, "年") || strings.HasPrefix(rest, "度") || strings.HasPrefix(rest, "政府") || strings.HasPrefix(rest, "政务") {
			yi, yj = i, i+4
			break
		}
	}
	if yi >= 0 {
		year, _ = strconv.Atoi(t[yi:yj])
	}
	// The organ: the text before the year, or before the report's name.
	organPart := t
	if yi > 0 {
		organPart = t[:yi]
	} else if yi == 0 {
		organPart = strings.TrimPrefix(strings.TrimPrefix(t[yj:], "年"), "度")
	}
	for _, m := range reportNameMarkers {
		if i := strings.Index(organPart, m); i >= 0 {
			organPart = organPart[:i]
			break
		}
	}
	organPart = strings.TrimPrefix(organPart, "关于")
	organPart = strings.TrimSuffix(organPart, "关于")
	organPart = strings.TrimRight(organPart, "（(")
	if strings.HasSuffix(organPart, "人民") {
		organPart += "政府"
	}
	return organPart, year
}

// arabicYears rewrites years written in Chinese numerals (二〇二一年,
// 二零二一年度) with Arabic digits.
func arabicYears(s string) string {
	if !strings.Contains(s, "二〇") && !strings.Contains(s, "二零") {
		return s
	}
	r := []rune(s)
	var b strings.Builder
	for i := 0; i < len(r); i++ {
		if i+4 < len(r) && r[i+4] == '年' {
			if v, ok := normalize.ChineseNumber(string(r[i : i+4])); ok && v >= 2000 && v <= 2099 && !strings.ContainsAny(string(r[i:i+4]), "十百") {
				b.WriteString(strconv.Itoa(v))
				i += 3
				continue
			}
		}
		b.WriteRune(r[i])
	}
	return b.String()
}

func isYearAt(s string, i int) bool {
	if i+4 > len(s) {
		return false
	}
	if i > 0 && s[i-1] >= '0' && s[i-1] <= '9' {
		return false
	}
	if i+4 < len(s) && s[i+4] >= '0' && s[i+4] <= '9' {
		return false
	}
	y := s[i : i+4]
	for j := 0; j < 4; j++ {
		if y[j] < '0' || y[j] > '9' {
			return false
		}
	}
	return y >= "2000" && y <= "2099"
}

// yearFromText finds the reporting year in the opening text when the title
// lacks it: "统计期限自2019年1月1日", "2019年，…", "现将2019年度…".
func yearFromText(paras []para) int {
	for i := 0; i < len(paras) && i < 6; i++ {
		t := normalize.Compact(paras[i].text)
		if j := strings.Index(t, "统计期限自"); j >= 0 {
			if y := firstYear(t[j:]); y != 0 {
				return y
			}
		}
	}
	for i := 0; i < len(paras) && i < 6; i++ {
		if y := firstYear(normalize.Compact(paras[i].text)); y != 0 {
			return y
		}
	}
	return 0
}

func firstYear(t string) int {
	for i := 0; i+4 < len(t); i++ {
		if isYearAt(t, i) && strings.HasPrefix(t[i+4:], "年") {
			y, _ := strconv.Atoi(t[i : i+4])
			return y
		}
	}
	return 0
}

// ------------------------------------------------------------- sections --

// heading is a candidate top-level section heading.
type heading struct {
	idx     int // index into paras
	ord     normalize.Ordinal
	heading string // heading text without the ordinal
	body    string // text after the heading in the same paragraph
}

// topHeading reports whether p starts with a top-level ordinal (一、) and
// returns the heading. A paragraph that continues after its heading on the
// same line ("一、总体情况。2019年…") keeps the rest as body text.
func topHeading(p para) (heading, bool) {
	first, restLines, _ := strings.Cut(p.text, "\n")
	if isTOCEntry(p.Text) {
		return heading{}, false
	}
	o, rest := sectionOrdinal(first)
	if o.Style == normalize.OrdNone {
		return heading{}, false
	}
	h := heading{ord: o, heading: strings.TrimSpace(rest)}
	if restLines != "" {
		if utf8.RuneCountInString(h.heading) > 40 || isSentenceEnd(h.heading) {
			// A wrapped body paragraph: the heading is its first sentence.
			h.heading = rest + restLines
		} else {
			h.body = restLines
		}
	}
	// A heading run into its paragraph ("五、存在的主要问题及改进情况。一是…"):
	// the heading ends at the first full stop or colon.
	if cut := strings.IndexAny(h.heading, "。：:；"); cut >= 0 {
		_, size := utf8.DecodeRuneInString(h.heading[cut:])
		if after := strings.TrimSpace(h.heading[cut+size:]); after != "" {
			head := h.heading[:cut]
			if n := utf8.RuneCountInString(head); n < 2 || n > 36 {
				return heading{}, false
			}
			h.body = strings.TrimSpace(after + "\n" + h.body)
			h.heading = head
		}
	}
	if utf8.RuneCountInString(normalize.Compact(h.heading)) > 36 {
		return heading{}, false
	}
	h.heading = strings.TrimRight(normalize.Compact(h.heading), "。：:")
	// A standard heading run into its text without punctuation (a PDF
	// whose heading line was taken into the next paragraph).
	if head, rest, ok := splitRunIn(h.heading); ok {
		h.heading = head
		h.body = strings.TrimSpace(rest + "\n" + h.body)
	}
	if h.heading == "" || !hasHan(h.heading) {
		return heading{}, false
	}
	return h, true
}

// isTOCEntry reports whether a paragraph is a table-of-contents line: a
// heading followed by a tab, dot leaders or a run of spaces and a page
// number ("一、总体情况\t1", "一、总体情况……………3").
func isTOCEntry(raw string) bool {
	t := strings.TrimRightFunc(raw, unicode.IsSpace)
	i := len(t)
	for i > 0 && t[i-1] >= '0' && t[i-1] <= '9' {
		i--
	}
	if i == len(t) || i == 0 {
		return false
	}
	lead := t[:i]
	switch {
	case strings.HasSuffix(lead, "\t"):
		return true
	case strings.HasSuffix(lead, "…"), strings.HasSuffix(lead, "..."), strings.HasSuffix(lead, "···"),
		strings.HasSuffix(lead, "．．"), strings.HasSuffix(lead, "……"):
		return true
	case strings.HasSuffix(lead, "   "):
		return true
	}
	return false
}

// sectionOrdinal parses the ordinal of a top-level heading: 一、 (also
// 一. 一． 一 ), or 第一部分 / 第一章 / 第一节. An Arabic ordinal (1. 1、)
// is returned too; the caller accepts it only for a heading that names a
// template section ("1.总体情况" followed by "二、…" in real reports).
func sectionOrdinal(s string) (normalize.Ordinal, string) {
	t := strings.TrimSpace(s)
	if strings.HasPrefix(t, "第") {
		body := strings.TrimPrefix(t, "第")
		for _, suf := range []string{"部分", "章", "节"} {
			i := strings.Index(body, suf)
			if i <= 0 || i > 9 {
				continue
			}
			if v, ok := normalize.ChineseNumber(body[:i]); ok && v >= 1 && v <= 20 {
				rest := strings.TrimLeft(body[i+len(suf):], " 　、.．:：")
				return normalize.Ordinal{Style: normalize.OrdChinese, Value: v, Text: "第" + body[:i+len(suf)], Numeral: body[:i]}, rest
			}
		}
	}
	o, rest := normalize.SplitOrdinal(t)
	switch {
	case o.Value < 1 || o.Value > 20:
		return normalize.Ordinal{}, s
	case o.Style == normalize.OrdChinese:
		return o, rest
	case o.Style == normalize.OrdArabic && sectionKind(headPart(rest)) != schema.KindUnknown:
		return o, rest
	}
	return normalize.Ordinal{}, s
}

// headPart returns the text of s before its first full stop or colon.
func headPart(s string) string {
	if i := strings.IndexAny(s, "。：:；"); i >= 0 {
		return s[:i]
	}
	return s
}

// runInHeads are the template's section headings, which a heading run
// into the following text ends with.
var runInHeads = func() []string {
	var out []string
	for _, sd := range schema.Sections {
		out = append(out, normalize.Compact(sd.Heading))
	}
	return out
}()

// splitRunIn splits "其他需要报告的事项2024年，我委…" after the standard
// heading it starts with, or "总体情况2019年，…" before a year that starts
// a sentence.
func splitRunIn(h string) (head, rest string, ok bool) {
	for _, std := range runInHeads {
		if strings.HasPrefix(h, std) && len(h) > len(std) {
			r, _ := utf8.DecodeRuneInString(h[len(std):])
			if r != '（' && r != '(' && r != '、' {
				return std, h[len(std):], true
			}
		}
	}
	for i := 6; i+4 < len(h); i++ {
		if isYearAt(h, i) && strings.HasPrefix(h[i+4:], "年") && strings.ContainsAny(h[i:], "，,") {
			return h[:i], h[i:], true
		}
	}
	return "", "", false
}

func isSentenceEnd(s string) bool {
	s = strings.TrimSpace(s)
	return strings.HasSuffix(s, "。") || strings.HasSuffix(s, "；")
}

func hasHan(s string) bool {
	return strings.IndexFunc(s, normalize.IsHan) >= 0
}

// sections finds the top-level numbered headings in document order. The
// ordinals must rise (a list 一、二、 inside a section does not restart the
// sections), by one, or by two where a heading was dropped.
func sections(paras []para) []schema.Section {
	var hs []heading
	last := 0
	for i, p := range paras {
		h, ok := topHeading(p)
		if !ok {
			continue
		}
		v := h.ord.Value
		if last == 0 {
			if v > 3 {
				continue
			}
		} else if v <= last || v > last+2 {
			continue
		}
		h.idx = i
		hs = append(hs, h)
		last = v
	}
	if len(hs) == 0 {
		hs = unnumberedHeadings(paras)
	}
	out := make([]schema.Section, 0, len(hs))
	for j, h := range hs {
		end := len(paras)
		if j+1 < len(hs) {
			end = hs[j+1].idx
		}
		first := h.idx + 1
		if h.body == "" && first < end && sectionKind(h.heading) == schema.KindUnknown {
			// A heading too long for its line goes on in the next
			// paragraph (…行政复 / 议、行政诉讼情况): joined when only the
			// whole names a section.
			next := normalize.Compact(paras[first].text)
			if n := utf8.RuneCountInString(next); n > 0 && n <= 20 && !isSentenceEnd(next) {
				if numberedSectionKind(h.heading+next) != schema.KindUnknown {
					h.heading += next
					first++
				}
			}
		}
		var body []string
		if h.body != "" {
			body = append(body, joinLines(h.body))
		}
		for _, p := range paras[first:end] {
			body = append(body, joinLines(p.text))
		}
		s := schema.Section{
			Number:  h.ord.Numeral,
			Heading: h.heading,
			Kind:    numberedSectionKind(h.heading),
			Text:    strings.Join(body, "\n"),
		}
		if pg := paras[h.idx].Page; pg > 0 {
			s.Page = &pg
		}
		out = append(out, s)
	}
	return out
}

// unnumberedHeadings finds the sections of a report whose headings carry
// no ordinal (numbering lost in a conversion): paragraphs marked as top
// headings, or short bold ones, that name a template section. They are
// numbered in order.
func unnumberedHeadings(paras []para) []heading {
	var hs []heading
	for i, p := range paras {
		t := normalize.Compact(p.text)
		if utf8.RuneCountInString(t) > 30 || !(p.Heading == 1 || p.Bold) {
			continue
		}
		if sectionKind(t) == schema.KindUnknown {
			continue
		}
		n := len(hs) + 1
		hs = append(hs, heading{idx: i, heading: strings.TrimRight(t, "。：:"),
			ord: normalize.Ordinal{Style: normalize.OrdChinese, Value: n, Numeral: normalize.ChineseNumeral(n)}})
	}
	if len(hs) < 3 {
		return nil // too few to be the report's structure
	}
	return hs
}

// numberedSectionKind classifies the heading of a numbered section: by
// its words, or else, for a short heading, by its likeness to a template
// heading (a misprint such as 总休情况 or 其他需要报吿的事项). Only
// headings already found by their ordinal are compared so: elsewhere a
// line must name its section.
func numberedSectionKind(h string) schema.Kind {
	if k := sectionKind(h); k != schema.KindUnknown {
		return k
	}
	n := utf8.RuneCountInString(normalize.Key(h))
	if n < 3 || n > 24 {
		return schema.KindUnknown
	}
	if i, _, _ := normalize.Match(h, sectionHeadings, normalize.DefaultMinScore); i >= 0 {
		// A misprint keeps the heading's length; a heading cut short
		// (政府信息公开行…) is not taken for another one.
		m := utf8.RuneCountInString(normalize.Key(sectionHeadings[i]))
		if abs(n-m) <= max(2, m/4) {
			return schema.Sections[i].Kind
		}
	}
	return schema.KindUnknown
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// sectionHeadings are the template's section headings, in order.
var sectionHeadings = func() []string {
	var out []string
	for _, d := range schema.Sections {
		out = append(out, d.Heading)
	}
	return out
}()

// sectionKind classifies a section heading by the words the six template
// headings and their real-world variants use.
func sectionKind(h string) schema.Kind {
	k := normalize.Key(h)
	has := func(words ...string) bool {
		for _, w := range words {
			if strings.Contains(k, w) {
				return true
			}
		}
		return false
	}
	switch {
	case has("复议", "诉讼"):
		return schema.KindAppeals
	case has("申请") && has("收到", "处理", "依申请", "受理"):
		return schema.KindRequests
	case has("主动公开") && !has("，", ","):
		return schema.KindActive
	case has("问题") && has("改进", "存在", "整改", "措施"):
		return schema.KindProblems
	case has("其他需要报告", "其他需报告", "其他事项", "需要报告的事项", "其他需要说明"):
		return schema.KindOtherMatters
	case has("总体情况", "总体工作情况", "基本情况", "概述", "工作概况", "总体"):
		if !has("，", ",") {
			return schema.KindOverview
		}
	}
	return schema.KindUnknown
}
