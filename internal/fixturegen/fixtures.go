package fixturegen

import "github.com/nianbao/nianbao/schema"

const (
	t2019 = schema.Template2019
	t2021 = schema.Template2021
	tA    = schema.TableActive
	tR    = schema.TableRequests
	tC    = schema.TableAppeals
)

// outcomeTotals blanks the 总计 of every outcome row, the way some
// publishers fill only the totals of 一、二、（七） and 四.
func outcomeTotals(tpl string) []fault {
	var fs []fault
	for _, k := range templateRows(schema.Requests, tpl) {
		switch k {
		case "new_received", "carried_over", "results_total", "carried_forward":
			continue
		}
		fs = append(fs, fault{table: tR, row: k, col: "total", kind: fBlank})
	}
	return fs
}

// fixtures lists every fixture the generator writes. Each exercises some
// of the ways real reports deviate from the template; together they cover
// all of them (the notes say which).
func fixtures() []*spec {
	return []*spec{
		{
			name: "township-2019-blank", brief: true, seed: 101, level: lvlTownship, organ: "云岭镇人民政府", self: "我镇", year: 2019, tpl: t2019,
			notes: "title over two paragraphs; zeros left blank in requests and appeals; signature block",
			title: titleTwo, sign: true, blanks: []string{tR, tC},
		},
		{
			name: "county-2019-grid5", seed: 102, level: lvlCountyGov, organ: "青禾县人民政府", self: "我县", year: 2019, tpl: t2019,
			notes:  "page-number footer (PAGE field); 主动公开 table on a five-column grid with misaligned value cells; signed 本年增/减 (-8, +36); 采购总金额 with 元; hyperlink",
			footer: footComplex, grid5: true, link: "rel",
			faults: []fault{
				{table: tA, row: "licensing", col: "change", kind: fSet, text: "-8"},
				{table: tA, row: "penalty", col: "change", kind: fSet, text: "+36"},
				{table: tA, row: "procurement", col: "amount", kind: fSet, text: "251000"},
				{table: tA, row: "procurement", col: "amount", kind: fUnit, text: "元"},
			},
		},
		{
			name: "citydept-2020-autonum", seed: 103, level: lvlCityDept, organ: "石泉市生态环境局", self: "我局", year: 2020, tpl: t2019,
			notes:   "headings and sub-headings by Word list numbering (chineseCounting 一、 and （一）); decimal lists, one restarting at 1; footer with a simple PAGE field",
			heading: headAutoNum, footer: footSimple, sign: true,
		},
		{
			name: "provdept-2020-balance", brief: true, seed: 104, level: lvlProvinceDept, organ: "东川省交通运输厅", self: "我厅", year: 2020, tpl: t2019,
			notes:     "requests.balance broken (carried_forward.natural_person +1, row total kept in step); sub-headings inline; zero marks '-' in appeals",
			inlineSub: true,
			breaks:    []brk{{rule: schema.RuleRequestsBalance, table: tR, row: "carried_forward", col: "natural_person", delta: 1, fixTotal: true}},
			marks:     []zmark{{table: tC, marks: []string{"-"}, every: 1}},
		},
		{
			name: "citygov-2021-heading1", seed: 105, level: lvlCityGov, organ: "鹭江市人民政府", self: "我市", year: 2021, tpl: t2021,
			notes:   "Heading 1/Heading 2 styles; thousands separators; fee 7730.28 万元; header rows repeated across pages; header labels broken over two lines in their cells",
			heading: headStyle, footer: footComplex, thousands: true,
			ls:     labelStyle{headerRepeat: true, brHeaders: true},
			faults: []fault{{table: tA, row: "fees", col: "amount", kind: fSet, text: "7730.28"}},
		},
		{
			name: "countydept-2021-other2019", brief: true, seed: 106, level: lvlCountyDept, organ: "青禾县住房和城乡建设局", self: "我局", year: 2021, tpl: t2021,
			notes:   "WPS document with Chinese style ids and names (1, 标题 1) numbered through the style; sub-heading list restarting in 五; 2021 tables printing the 2019 single （六）其他处理 row; typo 2.其他法律行政止公开; sub-rows numbered 1、",
			heading: headStyleNum, wps: true, other2019: true,
			ls:    labelStyle{ordinalComma: true},
			typos: []typo{{table: tR, row: "denied_prohibited", text: "2、其他法律行政止公开"}},
		},
		{
			name: "township-2021-seedlike", seed: 107, level: lvlTownship, organ: "梅溪乡人民政府", self: "我乡", year: 2021, tpl: t2021,
			notes:    "narrative sections with titles of their own, tables at the end under captions; title in one paragraph over two lines; zero marks 无 in requests; zeros left blank in 主动公开",
			seedLike: true, title: titleBreak,
			marks:  []zmark{{table: tR, marks: []string{"无"}, every: 1}},
			blanks: []string{tA},
		},
		{
			name: "countygov-2022-extra", seed: 108, level: lvlCountyGov, organ: "桐川区人民政府", self: "我区", year: 2022, tpl: t2021,
			notes: "an unrelated 指标/数量 table before the standard tables and a contact table after them; section headings worded differently (行政法复议 …); zero marks — in appeals; a sentence before the appeals table",
			extra: true, drift: true, appLead: true, footer: footComplex,
			marks: []zmark{{table: tC, marks: []string{"—"}, every: 1}},
		},
		{
			name: "provgov-2022-split", seed: 109, level: lvlProvinceGov, organ: "东川省人民政府", self: "我省", year: 2022, tpl: t2021,
			notes: "requests table split into two Word tables inside （四）, header rows and merged labels repeated; long narrative pushing the table over a page break",
			split: "unable_needs_creation", long: 1, footer: footComplex,
		},
		{
			name: "citydept-2022-mismatch", brief: true, seed: 110, level: lvlCityDept, organ: "鹭江市自然资源和规划局", self: "我局", year: 2022, tpl: t2019,
			notes: "a 2022 report on the 2019 layout (template_mismatch)",
			sign:  true,
		},
		{
			name: "ministry-2023-nested", seed: 111, level: lvlMinistry, organ: "国家标准计量局", self: "我局", year: 2023, tpl: t2021,
			notes: "主动公开 table nested in a one-cell layout table; content controls around the appeals table, a requests cell (row-level w:sdt) and the organ's name in the title",
			nest:  true, sdt: true, footer: footComplex,
		},
		{
			name: "countydept-2023-tracked", seed: 112, level: lvlCountyDept, organ: "桐川区市场监督管理局", self: "我局", year: 2023, tpl: t2021,
			notes:   "tracked changes: a deleted wrong figure in a requests cell and in the prose, a deleted sentence, inserted text; text cut into many runs; tabs and line breaks; HYPERLINK field",
			tracked: true, manyRuns: true, contact: true, link: "field",
			faults: []fault{{table: tR, row: "granted", col: "natural_person", kind: fDel, text: "99"}},
		},
		{
			name: "citygov-2023-results", seed: 113, level: lvlCityGov, organ: "石泉市人民政府", self: "我市", year: 2023, tpl: t2021,
			notes:  "requests.results_total broken (partially_granted.natural_person +3, row total kept in step); typo 现行有效件; ASCII brackets in row labels; 商业 企业 with a space; letter-spaced 三、本年度办理结果",
			footer: footSimple,
			ls:     labelStyle{asciiBrackets: true, spacedHeaders: true, letterSpaced: true},
			breaks: []brk{{rule: schema.RuleRequestsResultsTotal, table: tR, row: "partially_granted", col: "natural_person", delta: 3, fixTotal: true}},
			typos:  []typo{{table: tA, col: "in_force", text: "现行有效件"}},
		},
		{
			name: "provdept-2024-cells", seed: 114, level: lvlProvinceDept, organ: "东川省卫生健康委员会", self: "我委", year: 2024, tpl: t2021,
			notes: "cell faults: blank cells; zero marks —, -, /, 无; non-numeric 见附表 and 另行统计; full-width digits; unit words 件 and 万元",
			marks: []zmark{{table: tR, marks: []string{"—", "-", "/", "无"}, every: 3}},
			faults: []fault{
				{table: tR, row: "new_received", col: "natural_person", kind: fFullWidth},
				{table: tR, row: "new_received", col: "total", kind: fUnit, text: "件"},
				{table: tR, row: "denied_three_safety", col: "social_welfare", kind: fInvalid, text: "见附表"},
				{table: tR, row: "results_total", col: "other_org", kind: fBlank},
				{table: tR, row: "denied_third_party", col: "total", kind: fBlank},
				{table: tC, row: "litigation_direct", col: "pending", kind: fInvalid, text: "另行统计"},
				{table: tC, row: "review", col: "upheld", kind: fFullWidth},
				{table: tA, row: "regulations", col: "in_force", kind: fBlank},
				{table: tA, row: "fees", col: "amount", kind: fUnit, text: "万元"},
				{table: tA, row: "licensing", col: "decisions", kind: fUnit, text: "件"},
			},
		},
		{
			name: "countygov-2024-noappeals", seed: 115, level: lvlCountyGov, organ: "青禾县人民政府", self: "我县", year: 2024, tpl: t2021,
			notes:   "appeals table missing and its section dropped (later sections renumbered)",
			missing: tC, footer: footComplex,
		},
		{
			name: "citydept-2024-totals", seed: 116, level: lvlCityDept, organ: "鹭江市司法局", self: "我局", year: 2024, tpl: t2021,
			notes: "requests.column_total broken (new_received.total +2, which also breaks requests.balance in the 总计 column) and appeals.total broken (litigation_direct.total +1)",
			breaks: []brk{
				{rule: schema.RuleRequestsColumnTotal, also: []string{schema.RuleRequestsBalance}, table: tR, row: "new_received", col: "total", delta: 2},
				{rule: schema.RuleAppealsTotal, table: tC, row: "litigation_direct", col: "total", delta: 1},
			},
		},
		{
			name: "street-2025-zero", brief: true, seed: 117, level: lvlTownship, organ: "滨河街道办事处", self: "本街道", year: 2025, tpl: t2021,
			notes:  "no applications this year; zero marks / in requests; footer",
			noApps: true, footer: footComplex,
			marks: []zmark{{table: tR, marks: []string{"/"}, every: 1}},
		},
		{
			name: "ministry-2019-large", seed: 118, level: lvlMinistry, organ: "国家渔业资源管理局", self: "我局", year: 2019, tpl: t2019,
			notes:   "Heading 1 style; large figures with thousands separators; 本年增/减 +1036; the 总计 of outcome rows left blank",
			heading: headStyle, thousands: true, footer: footSimple,
			faults: append([]fault{
				{table: tA, row: "licensing", col: "change", kind: fSet, text: "+1036"},
				{table: tA, row: "other_services", col: "change", kind: fSigned},
			}, outcomeTotals(t2019)...),
		},
		{
			name: "township-2020-seedlike", seed: 119, level: lvlTownship, organ: "柳溪镇人民政府", self: "我镇", year: 2020, tpl: t2019,
			notes:    "narrative sections with titles of their own, tables at the end under captions; typos 住房举报投诉类申请 and 政府集中收购; zeros left blank in requests",
			seedLike: true, title: titleTwo,
			blanks: []string{tR},
			typos: []typo{
				{table: tR, row: "rejected_complaint", text: "1.住房举报投诉类申请"},
				{table: tA, row: "procurement", text: "政府集中收购"},
			},
		},
		{
			name: "long", seed: 120, level: lvlCityGov, organ: "鹭江市人民政府", self: "我市", year: 2022, tpl: t2021,
			notes: "a long report (80+ pages of narrative) for per-page benchmarks",
			long:  64, footer: footComplex, ls: labelStyle{headerRepeat: true},
		},
	}
}
