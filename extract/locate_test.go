package extract

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/nianbao/nianbao/extract/layout"
	"github.com/nianbao/nianbao/schema"
)

// tc is a cell in an HTML-like table spec: text with row and column spans.
type tc struct {
	t      string
	rs, cs int
}

// c is a plain cell.
func c(t string) tc { return tc{t: t} }

// htmlTable builds a layout table the way HTML places cells: each row's
// cells fill the positions not covered by row spans from above.
func htmlTable(spec [][]tc) *layout.Table {
	t := &layout.Table{Rows: len(spec)}
	taken := map[[2]int]bool{}
	for r, row := range spec {
		col := 0
		for _, s := range row {
			for taken[[2]int{r, col}] {
				col++
			}
			rs, cs := max(s.rs, 1), max(s.cs, 1)
			t.Cells = append(t.Cells, &layout.Cell{Row: r, Col: col, RowSpan: rs, ColSpan: cs, Text: s.t})
			for i := r; i < r+rs; i++ {
				for j := col; j < col+cs; j++ {
					taken[[2]int{i, j}] = true
				}
			}
			col += cs
			t.Cols = max(t.Cols, col)
		}
	}
	t.Normalize()
	return t
}

func paras(texts ...string) []layout.Block {
	var out []layout.Block
	for _, t := range texts {
		out = append(out, &layout.Paragraph{Text: t})
	}
	return out
}

func TestOrganYear(t *testing.T) {
	tests := []struct {
		title, organ string
		year         int
	}{
		{"太平庄乡2019年政府信息公开工作年度报告", "太平庄乡", 2019},
		{"北京市财政局2020年度政府信息公开工作年度报告", "北京市财政局", 2020},
		{"洪泽区人民政府2023年政府信息公开工作年度报告", "洪泽区人民政府", 2023},
		{"2021年某县政府信息公开工作年度报告", "某县", 2021},
		{"大冶市自然资源和规划局政府信息公开工作报告", "大冶市自然资源和规划局", 0},
		{"某某区2020政府信息公开工作年度报告", "某某区", 2020},
		{"关于某县人民政府2022年政府信息公开工作年度报告", "某县人民政府", 2022},
		{"某县人民政府信息公开工作年度报告", "某县人民政府", 0},
		{"某县人民政府二〇二一年政府信息公开工作年度报告", "某县人民政府", 2021},
		{"北京市财政局政府信息公开工作年度报告（2020年）", "北京市财政局", 2020},
	}
	for _, tt := range tests {
		organ, year := organYear(tt.title)
		if organ != tt.organ || year != tt.year {
			t.Errorf("organYear(%q) = %q, %d; want %q, %d", tt.title, organ, year, tt.organ, tt.year)
		}
	}
}

func TestTitle(t *testing.T) {
	tests := []struct {
		name  string
		paras []string
		want  string
	}{
		{"one line", []string{"某镇2019年政府信息公开工作年度报告", "根据《条例》要求，现公布本报告。"}, "某镇2019年政府信息公开工作年度报告"},
		{"organ then name", []string{"北关镇", "2019年政府信息公开工作年度报告", "根据要求。"}, "北关镇2019年政府信息公开工作年度报告"},
		{"split after 工作", []string{"太平庄乡2019年政府信息公开工作", "年度报告", "2019年以来…。"}, "太平庄乡2019年政府信息公开工作年度报告"},
		{"spaces from a PDF", []string{"洪泽区人民政府", "2023 年政府信息公开工作年度报告"}, "洪泽区人民政府2023年政府信息公开工作年度报告"},
		{"after a metadata line", []string{"索引号：11320813/2024-00012", "某局2023年政府信息公开工作年度报告"}, "某局2023年政府信息公开工作年度报告"},
		{"lines of one PDF paragraph", []string{"某市人民政府\n2024年政府信息公开工作年度报告"}, "某市人民政府2024年政府信息公开工作年度报告"},
		{"run into the introduction", []string{"某市人民政府2024年政府信息公开工作年度报告本报告由某市人民政府办公室编制。"}, "某市人民政府2024年政府信息公开工作年度报告"},
		{"none", []string{"一、总体情况", "本年度…。"}, ""},
		{"introduction only", []string{"根据《条例》要求，现公布某镇2019年政府信息公开工作年度报告。"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := findTitle(paragraphs(&layout.Document{Blocks: paras(tt.paras...)}))
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSections(t *testing.T) {
	doc := &layout.Document{Blocks: paras(
		"某县2021年政府信息公开工作年度报告",
		"一、总体情况",
		"2021年，我县……。",
		"一、加强组织领导", // a list inside the section, not a section
		"（一）主动公开",
		"二、主动公开政府信息情况",
		"三、收到和处理政府信息公开的申请情况",
		"四、政府信息公开行政复议、行政诉讼情况",
		"五、存在的主要问题及改进情况。一是……二是……。", // heading run into its paragraph
		"六、其他需要报告的事项",
		"无。",
	)}
	got := sections(paragraphs(doc))
	type s struct{ Number, Heading, Kind, Text string }
	var gs []s
	for _, x := range got {
		gs = append(gs, s{x.Number, x.Heading, string(x.Kind), x.Text})
	}
	want := []s{
		{"一", "总体情况", "overview", "2021年，我县……。\n一、加强组织领导\n（一）主动公开"},
		{"二", "主动公开政府信息情况", "active", ""},
		{"三", "收到和处理政府信息公开的申请情况", "requests", ""},
		{"四", "政府信息公开行政复议、行政诉讼情况", "appeals", ""},
		{"五", "存在的主要问题及改进情况", "problems", "一是……二是……。"},
		{"六", "其他需要报告的事项", "other_matters", "无。"},
	}
	if diff := cmp.Diff(want, gs); diff != "" {
		t.Errorf("sections (-want +got):\n%s", diff)
	}
}

func TestSectionNumbering(t *testing.T) {
	tests := []struct {
		name  string
		paras []layout.Block
		want  []string // number/kind
	}{
		{
			name:  "第一部分",
			paras: paras("第一部分 总体情况", "……。", "第二部分 主动公开政府信息情况", "第三部分　收到和处理政府信息公开申请情况"),
			want:  []string{"一/overview", "二/active", "三/requests"},
		},
		{
			name:  "Arabic first heading, then Chinese",
			paras: paras("1. 总体情况", "1.加强组织领导。", "二、主动公开情况", "三、收到和处理政府信息公开申请情况"),
			want:  []string{"1/overview", "二/active", "三/requests"},
		},
		{
			name: "headings without ordinals",
			paras: []layout.Block{
				&layout.Paragraph{Text: "总体情况", Heading: 1}, &layout.Paragraph{Text: "……。"},
				&layout.Paragraph{Text: "主动公开政府信息情况", Heading: 1},
				&layout.Paragraph{Text: "收到和处理政府信息公开申请情况", Bold: true},
				&layout.Paragraph{Text: "其他需要报告的事项", Heading: 1},
			},
			want: []string{"一/overview", "二/active", "三/requests", "四/other_matters"},
		},
		{
			name: "table of contents skipped",
			paras: paras("目录", "一、总体情况\t1", "二、主动公开政府信息情况……………2", "三、收到和处理政府信息公开申请情况   3",
				"一、总体情况", "……。", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况"),
			want: []string{"一/overview", "二/active", "三/requests"},
		},
		{
			name: "heading wrapped on to a second paragraph",
			paras: paras("一、总体情况", "……。", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
				"四、政府信息公开行", "政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"),
			want: []string{"一/overview", "二/active", "三/requests", "四/appeals", "五/problems", "六/other_matters"},
		},
		{
			name:  "run-in heading without punctuation",
			paras: paras("一、总体情况", "二、其他需要报告的事项2024年，本机关未收取信息处理费。"),
			want:  []string{"一/overview", "二/other_matters"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, s := range sections(paragraphs(&layout.Document{Blocks: tt.paras})) {
				got = append(got, s.Number+"/"+string(s.Kind))
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("sections (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSectionKind(t *testing.T) {
	tests := map[string]schema.Kind{
		"总体情况": schema.KindOverview,
		"2020年政府信息公开工作总体情况":         schema.KindOverview,
		"行政机关主动公开政府信息情况":            schema.KindActive,
		"主动公开政府信息的情况":               schema.KindActive,
		"收到和处理政府信息公开申请情况":           schema.KindRequests,
		"因政府信息公开工作被申请行政复议和提起行政诉讼情况": schema.KindAppeals,
		"政府信息公开行政法复议、行政诉讼情况":        schema.KindAppeals,
		"政府信息公开工作存在的主要问题及改进情况":      schema.KindProblems,
		"存在的主要问题及改进措施":              schema.KindProblems,
		"其他需要报告的事项":                 schema.KindOtherMatters,
		"提高政治站位，推进全面公开":             schema.KindUnknown,
		"聚焦重点领域，深化政务公开":             schema.KindUnknown,
		"强化组织领导，完善制度建设":             schema.KindUnknown,
	}
	for h, want := range tests {
		if got := sectionKind(h); got != want {
			t.Errorf("sectionKind(%q) = %s, want %s", h, got, want)
		}
		if got := numberedSectionKind(h); got != want {
			t.Errorf("numberedSectionKind(%q) = %s, want %s", h, got, want)
		}
	}
	// Misprints: a numbered heading is also taken by its likeness to a
	// template heading; a line without an ordinal must name its section.
	for h, want := range map[string]schema.Kind{
		"总休情况":      schema.KindOverview,
		"其他需要报吿的事项": schema.KindOtherMatters,
		"其它需要报告事项":  schema.KindOtherMatters,
		"工作成效":      schema.KindUnknown,
		"政府信息公开行":   schema.KindUnknown, // cut short, not 主动公开政府信息情况
		"加强平台建设":    schema.KindUnknown,
	} {
		if got := numberedSectionKind(h); got != want {
			t.Errorf("numberedSectionKind(%q) = %s, want %s", h, got, want)
		}
	}
	if got := sectionKind("总休情况"); got != schema.KindUnknown {
		t.Errorf("sectionKind(总休情况) = %s, want unknown", got)
	}
}

// requestsSpec builds the template's requests table: header, then one
// row per template row of tpl with values from val (row index, column
// index), "" for blank. Labels may be replaced by relabel.
func requestsSpec(tpl string, val func(r, c int) string, relabel map[string]string) [][]tc {
	spec := [][]tc{
		{{t: "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", rs: 3, cs: 3}, {t: "申请人情况", cs: 7}},
		{{t: "自然人", rs: 2}, {t: "法人或其他组织", cs: 5}, {t: "总计", rs: 2}},
		{c("商业企业"), c("科研机构"), c("社会公益组织"), c("法律服务机构"), c("其他")},
	}
	label := func(key, def string) string {
		if s, ok := relabel[key]; ok {
			return s
		}
		return def
	}
	results := 20
	if tpl == schema.Template2021 {
		results = 22
	}
	groupLeft := map[string]int{}
	ri := 0
	for _, rd := range schema.Requests.Rows {
		if !rd.In(tpl) {
			continue
		}
		var row []tc
		own := label(rd.Key, rd.Ordinal+rd.Label)
		switch {
		case rd.Group == "":
			row = append(row, tc{t: own, cs: 3})
		case rd.Group == schema.GroupResults:
			if rd.Key == "granted" {
				row = append(row, tc{t: "三、本年度办理结果", rs: results})
			}
			row = append(row, tc{t: own, cs: 2})
		default:
			if groupLeft[rd.Group] == 0 {
				n := 0
				for _, x := range schema.Requests.Rows {
					if x.Group == rd.Group && x.In(tpl) {
						n++
					}
				}
				ord := ""
				for _, g := range schema.RequestGroups {
					if g.Label == rd.Group {
						ord = g.Ordinal
					}
				}
				row = append(row, tc{t: ord + rd.Group, rs: n})
				groupLeft[rd.Group] = n
			}
			groupLeft[rd.Group]--
			row = append(row, c(own))
		}
		for ci := range schema.RequestColumns {
			row = append(row, c(val(ri, ci)))
		}
		spec = append(spec, row)
		ri++
	}
	return spec
}

// splitTable splits t before row at the way a word processor does: a cell
// merged across the cut is cut too, and its continuation is empty. With
// repeatHead the first 3 rows are repeated on top of the second part.
func splitTable(t *layout.Table, at int, repeatHead bool) (*layout.Table, *layout.Table) {
	a := &layout.Table{Rows: at, Cols: t.Cols}
	b := &layout.Table{Rows: t.Rows - at, Cols: t.Cols}
	off := 0
	if repeatHead {
		off = 3
		b.Rows += 3
	}
	for _, c := range t.Cells {
		if repeatHead && c.Row < 3 {
			cp := *c
			b.Cells = append(b.Cells, &cp)
		}
		if c.Row < at {
			cp := *c
			cp.RowSpan = min(c.RowSpan, at-c.Row)
			a.Cells = append(a.Cells, &cp)
			if c.Row+c.RowSpan > at {
				b.Cells = append(b.Cells, &layout.Cell{Row: off, Col: c.Col, RowSpan: c.Row + c.RowSpan - at, ColSpan: c.ColSpan})
			}
			continue
		}
		cp := *c
		cp.Row = c.Row - at + off
		b.Cells = append(b.Cells, &cp)
	}
	a.Normalize()
	b.Normalize()
	return a, b
}

func requestValue(r, c int) string { return fmt.Sprint(r*10 + c) }

func TestRequestsTable(t *testing.T) {
	tests := []struct {
		name    string
		tpl     string
		relabel map[string]string
		// split at this body row into two tables; header repeated if set
		split      int
		repeatHead bool
		variants   []string
	}{
		{name: "2019", tpl: schema.Template2019},
		{name: "2021", tpl: schema.Template2021},
		{
			name: "typos", tpl: schema.Template2019,
			relabel: map[string]string{
				"new_received":        "一、本年度新收政府信息公开申请数量",
				"rejected_complaint":  "1.住房举报投诉类申请",
				"denied_prohibited":   "2.其他法律行政止公开",
				"denied_three_safety": `3.危及"三安全一稳定"`,
				"denied_internal":     "5．属于三类 内部事务信息",
			},
			variants: []string{"new_received", "denied_prohibited", "rejected_complaint"},
		},
		{name: "split with header", tpl: schema.Template2021, split: 13, repeatHead: true},
		{name: "split without header", tpl: schema.Template2021, split: 13},
		{name: "unreadable label in a group", tpl: schema.Template2021, relabel: map[string]string{"unable_needs_creation": "2.■■■■■■"}, variants: []string{"unable_needs_creation"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec := requestsSpec(tt.tpl, requestValue, tt.relabel)
			var blocks []layout.Block
			if tt.split > 0 {
				first, second := splitTable(htmlTable(spec), 3+tt.split, tt.repeatHead)
				blocks = []layout.Block{first, &layout.Paragraph{Text: "续表"}, second}
			} else {
				blocks = []layout.Block{htmlTable(spec)}
			}
			tables, prov, variants := locateTables(&layout.Document{Blocks: blocks}, 2021)
			tb := tables.Requests
			if tb == nil {
				t.Fatal("requests table not found")
			}
			i := 0
			for _, rd := range schema.Requests.Rows {
				if !rd.In(tt.tpl) {
					continue
				}
				for ci, cd := range schema.RequestColumns {
					want := float64(i*10 + ci)
					got, ok := tb.Value(rd.Key, cd.Key)
					if !ok || got != want {
						t.Errorf("%s.%s = %v (%v), want %v", rd.Key, cd.Key, got, ok, want)
					}
					if p := prov[schema.ProvenanceKey("requests", rd.Key, cd.Key)]; p.Text != fmt.Sprint(want) {
						t.Errorf("provenance %s.%s text %q", rd.Key, cd.Key, p.Text)
					}
				}
				i++
			}
			if len(tb.Rows) != i {
				t.Errorf("%d rows, want %d", len(tb.Rows), i)
			}
			var gotV []string
			for _, v := range variants {
				if v.Row != "" {
					gotV = append(gotV, v.Row)
				}
			}
			if diff := cmp.Diff(tt.variants, gotV); diff != "" {
				t.Errorf("label variants (-want +got):\n%s", diff)
			}
		})
	}
}

// TestRequestsSubtotalColumn reads a home-made layout with a 法人或其他组织
// 小计 column: the columns are found by their headers, the subtotal is
// ignored.
func TestRequestsSubtotalColumn(t *testing.T) {
	spec := requestsSpec(schema.Template2021, requestValue, nil)
	spec[0][1].cs = 8
	spec[1][1].cs = 6
	spec[2] = append(spec[2], c("小计"))
	for i := 3; i < len(spec); i++ {
		row := spec[i]
		n := len(row)
		row = append(row[:n-1:n-1], c("999"), row[n-1])
		spec[i] = row
	}
	tables, _, _ := locateTables(&layout.Document{Blocks: []layout.Block{htmlTable(spec)}}, 2022)
	tb := tables.Requests
	if tb == nil {
		t.Fatal("requests table not found")
	}
	for i, rd := range []string{"new_received", "carried_over", "granted"} {
		for ci, cd := range schema.RequestColumns {
			if got, _ := tb.Value(rd, cd.Key); got != float64(i*10+ci) {
				t.Errorf("%s.%s = %v, want %d", rd, cd.Key, got, i*10+ci)
			}
		}
	}
}

func appealsSpec(vals []string) [][]tc {
	leaf := func() []tc {
		return []tc{c("结果维持"), c("结果纠正"), c("其他结果"), c("尚未审结"), c("总计")}
	}
	r1 := []tc{{t: "结果维持", rs: 2}, {t: "结果纠正", rs: 2}, {t: "其他结果", rs: 2}, {t: "尚未审结", rs: 2}, {t: "总计", rs: 2}, {t: "未经复议直接起诉", cs: 5}, {t: "复议后起诉", cs: 5}}
	var data []tc
	for _, v := range vals {
		data = append(data, c(v))
	}
	return [][]tc{
		{{t: "行政复议", cs: 5}, {t: "行政诉讼", cs: 10}},
		r1,
		append(leaf(), leaf()...),
		data,
	}
}

func TestAppealsTable(t *testing.T) {
	vals := make([]string, 15)
	for i := range vals {
		vals[i] = fmt.Sprint(i + 1)
	}
	vals[3] = "/"
	vals[7] = ""
	doc := &layout.Document{Blocks: []layout.Block{htmlTable(appealsSpec(vals))}}
	tables, _, _ := locateTables(doc, 2020)
	tb := tables.Appeals
	if tb == nil {
		t.Fatal("appeals table not found")
	}
	i := 0
	for _, rd := range schema.Appeals.Rows {
		for _, cd := range schema.AppealColumns {
			c := tb.Row(rd.Key).Cell(cd.Key)
			switch {
			case i == 3:
				if c.Status != schema.StatusZeroMark || *c.Value != 0 {
					t.Errorf("%s.%s: want zero mark", rd.Key, cd.Key)
				}
			case i == 7:
				if c.Status != schema.StatusBlank || c.Value != nil {
					t.Errorf("%s.%s: want blank", rd.Key, cd.Key)
				}
			default:
				if c.Value == nil || *c.Value != float64(i+1) {
					t.Errorf("%s.%s = %v, want %d", rd.Key, cd.Key, c.Value, i+1)
				}
			}
			i++
		}
	}
}

// TestAppealsInTwoTables reads the table printed in two parts: 行政复议,
// then 行政诉讼.
func TestAppealsInTwoTables(t *testing.T) {
	leaf := func() []tc {
		return []tc{c("结果维持"), c("结果纠正"), c("其他结果"), c("尚未审结"), c("总计")}
	}
	review := htmlTable([][]tc{
		{{t: "行政复议", cs: 5}},
		leaf(),
		{c("1"), c("2"), c("3"), c("4"), c("10")},
	})
	lit := htmlTable([][]tc{
		{{t: "行政诉讼", cs: 10}},
		{{t: "未经复议直接起诉", cs: 5}, {t: "复议后起诉", cs: 5}},
		append(leaf(), leaf()...),
		{c("5"), c("6"), c("7"), c("8"), c("26"), c("9"), c("10"), c("11"), c("12"), c("42")},
	})
	doc := &layout.Document{Blocks: []layout.Block{review, &layout.Paragraph{Text: "行政诉讼情况如下："}, lit}}
	tables, _, _ := locateTables(doc, 2022)
	tb := tables.Appeals
	if tb == nil {
		t.Fatal("appeals table not found")
	}
	for _, w := range []struct {
		row, col string
		v        float64
	}{{"review", "upheld", 1}, {"review", "total", 10}, {"litigation_direct", "upheld", 5}, {"litigation_direct", "total", 26}, {"litigation_after_review", "upheld", 9}, {"litigation_after_review", "total", 42}} {
		if got, ok := tb.Value(w.row, w.col); !ok || got != w.v {
			t.Errorf("%s.%s = %v, want %v", w.row, w.col, got, w.v)
		}
	}
}

func activeSpec2021() [][]tc {
	return [][]tc{
		{{t: "第二十条第（一）项", cs: 4}},
		{c("信息内容"), c("本年制发件数"), c("本年废止件数"), c("现行有效件")},
		{c("规章"), c("1"), c("0"), c("16")},
		{c("规范性文件"), c("30"), c("6"), c("")},
		{{t: "第二十条第（五）项", cs: 4}},
		{c("信息内容"), {t: "本年处理决定数量", cs: 3}},
		{c("行政许可"), {t: "3,408", cs: 3}},
		{{t: "第二十条第（六）项", cs: 4}},
		{c("信息内容"), {t: "本年处理决定数量", cs: 3}},
		{c("行政处罚"), c(""), c("８１９６"), c("")},
		{c("行政强制"), {t: "1821件", cs: 3}},
		{{t: "第二十条第（八）项", cs: 4}},
		{c("信息内容"), {t: "本年收费金额（单位：万元）", cs: 3}},
		{c("行政事业性收费"), {t: "7730.28", cs: 3}},
	}
}

func activeSpec2019() [][]tc {
	return [][]tc{
		{{t: "第二十条第（一）项", cs: 4}},
		{c("信息内容"), c("本年新 制作数量"), c("本年新公开数量"), c("对外公开总数量")},
		{c("规章"), c("0"), c("0"), c("0")},
		{c("规范性文件"), c("23"), c("23"), c("23")},
		{{t: "第二十条第（五）项", cs: 4}},
		{c("信息内容"), c("上一年项目数量"), c("本年增/减"), c("处理决定数量")},
		{c("行政许可"), c("8"), c("-8"), c("1")},
		{c("其他对外管理服务事项"), c("6"), c("+4"), c("11")},
		{{t: "第二十条第（六）项", cs: 4}},
		{c("信息内容"), c("上一年项目数量"), c("本年增/减"), c("处理决定数量")},
		{c("行政处罚"), c("2"), c("0"), c("2")},
		{c("行政强制"), c("6"), c("0"), c("—")},
		{{t: "第二十条第（八）项", cs: 4}},
		{c("信息内容"), c("上一年项目数量"), {t: "本年增/减", cs: 2}},
		{c("行政事业性收费"), c("1"), {t: "0", cs: 2}},
		{{t: "第二十条第（九）项", cs: 4}},
		{c("信息内容"), c("采购项目数量"), {t: "采购总金额", cs: 2}},
		{c("政府集中收购"), c("6"), {t: "251000元", cs: 2}},
	}
}

func TestActiveTable(t *testing.T) {
	tests := []struct {
		name     string
		spec     [][]tc
		tpl      string
		want     map[string]any // "row.col" → float64 or nil
		variants []string
	}{
		{
			name: "2021", spec: activeSpec2021(), tpl: schema.Template2021,
			want: map[string]any{
				"regulations.issued": 1.0, "regulations.repealed": 0.0, "regulations.in_force": 16.0,
				"normative_documents.issued": 30.0, "normative_documents.repealed": 6.0, "normative_documents.in_force": nil,
				"licensing.decisions": 3408.0, "penalty.decisions": 8196.0, "coercion.decisions": 1821.0, "fees.amount": 7730.28,
			},
			variants: []string{".in_force"},
		},
		{
			name: "2019", spec: activeSpec2019(), tpl: schema.Template2019,
			want: map[string]any{
				"regulations.new_made": 0.0, "regulations.new_published": 0.0, "regulations.total_published": 0.0,
				"normative_documents.new_made": 23.0, "normative_documents.new_published": 23.0, "normative_documents.total_published": 23.0,
				"licensing.previous_items": 8.0, "licensing.change": -8.0, "licensing.decisions": 1.0,
				"other_services.previous_items": 6.0, "other_services.change": 4.0, "other_services.decisions": 11.0,
				"penalty.previous_items": 2.0, "penalty.change": 0.0, "penalty.decisions": 2.0,
				"coercion.previous_items": 6.0, "coercion.change": 0.0, "coercion.decisions": 0.0,
				"fees.previous_items": 1.0, "fees.change": 0.0,
				"procurement.items": 6.0, "procurement.amount": 251000.0,
			},
			variants: []string{"procurement."},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := &layout.Document{Blocks: []layout.Block{htmlTable(tt.spec)}}
			tables, _, variants := locateTables(doc, 2021)
			tb := tables.Active
			if tb == nil {
				t.Fatal("active table not found")
			}
			got := map[string]any{}
			for _, r := range tb.Rows {
				for _, c := range r.Cells {
					if c.Value == nil {
						got[r.Key+"."+c.Column] = nil
					} else {
						got[r.Key+"."+c.Column] = *c.Value
					}
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("cells (-want +got):\n%s", diff)
			}
			if tpl := activeTemplate(tb); tpl != tt.tpl {
				t.Errorf("template %q, want %q", tpl, tt.tpl)
			}
			var gotV []string
			for _, v := range variants {
				gotV = append(gotV, v.Row+"."+v.Column)
			}
			if diff := cmp.Diff(tt.variants, gotV); diff != "" {
				t.Errorf("variants (-want +got):\n%s", diff)
			}
		})
	}
}

// TestWrappedReport reads a report laid out inside a one-cell table, as
// converters from HTML write it: its headings and tables are the report's.
func TestWrappedReport(t *testing.T) {
	inner := []layout.Block{
		&layout.Paragraph{Text: "某县人民政府2022年政府信息公开工作年度报告"},
		&layout.Paragraph{Text: "一、总体情况"}, &layout.Paragraph{Text: "全年收到申请…行政复议1件。"},
		&layout.Paragraph{Text: "二、主动公开政府信息情况"}, htmlTable(activeSpec2021()),
		&layout.Paragraph{Text: "三、收到和处理政府信息公开申请情况"}, htmlTable(requestsSpec(schema.Template2021, requestValue, nil)),
	}
	outer := &layout.Table{Rows: 1, Cols: 1, Cells: []*layout.Cell{{RowSpan: 1, ColSpan: 1, Text: "…", Blocks: inner}}}
	rep := &schema.Report{}
	locate(rep, &layout.Document{Blocks: []layout.Block{outer}}, nil)
	if rep.Report.Organ != "某县人民政府" || rep.Report.Year != 2022 {
		t.Errorf("report %+v", rep.Report)
	}
	var got []string
	for _, s := range rep.Sections {
		got = append(got, s.Number+"/"+string(s.Kind))
	}
	if diff := cmp.Diff([]string{"一/overview", "二/active", "三/requests"}, got); diff != "" {
		t.Errorf("sections (-want +got):\n%s", diff)
	}
	if rep.Tables.Active == nil || rep.Tables.Requests == nil {
		t.Errorf("tables not found: active %v requests %v", rep.Tables.Active != nil, rep.Tables.Requests != nil)
	}
}

// TestTablesFoundByLabels checks that tables are found by what they say,
// wherever they are: after an unrelated table, in a layout table.
func TestTablesFoundByLabels(t *testing.T) {
	unrelated := htmlTable([][]tc{{c("指标"), c("数量")}, {c("政务微博"), c("12")}, {c("政务微信"), c("3")}})
	appeals := htmlTable(appealsSpec(strings.Split("1 0 0 0 1 0 0 0 0 0 0 0 0 0 0", " ")))
	outer := &layout.Table{Rows: 1, Cols: 1, Cells: []*layout.Cell{{RowSpan: 1, ColSpan: 1, Tables: []*layout.Table{appeals}}}}
	doc := &layout.Document{Blocks: []layout.Block{unrelated, htmlTable(activeSpec2021()), outer}}
	tables, _, _ := locateTables(doc, 2021)
	if tables.Active == nil || tables.Appeals == nil || tables.Requests != nil {
		t.Fatalf("found active %v requests %v appeals %v", tables.Active != nil, tables.Requests != nil, tables.Appeals != nil)
	}
}
