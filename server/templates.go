package server

import (
	"encoding/json"

	"github.com/nianbao/nianbao/schema"
)

// The page draws the tables from this description of the two templates,
// built from package schema's definitions, so that labels live in one
// place. Wording that only the printed header has (申请人情况, the 勾稽 note,
// 信息内容) is added here.

type templatesDoc struct {
	Templates []string           `json:"templates"`
	Tables    []tableDoc         `json:"tables"`
	Codes     []codeDoc          `json:"codes"`
	Rules     map[string]ruleDoc `json:"rules"`
}

type tableDoc struct {
	Key     string `json:"key"`
	Title   string `json:"title"`
	Section string `json:"section"` // the section ordinal (二, 三, 四)
	// Header holds printed header wording that is not a row or column
	// label: "item" (信息内容, active), "applicant" (申请人情况) and "note"
	// (the 勾稽 note) for requests.
	Header map[string]string `json:"header,omitempty"`
	// Groups are the row groups (requests): their printed ordinal and the
	// group they sit in.
	Groups []groupDoc `json:"groups,omitempty"`
	Rows   []rowDoc   `json:"rows"`
}

type groupDoc struct {
	Label   string `json:"label"`
	Ordinal string `json:"ordinal"`
	Parent  string `json:"parent,omitempty"`
}

type rowDoc struct {
	Key       string   `json:"key"`
	Label     string   `json:"label"`
	Ordinal   string   `json:"ordinal,omitempty"`
	Group     string   `json:"group,omitempty"`
	Caption   string   `json:"caption,omitempty"`
	Templates []string `json:"templates"`
	// TemplateLabels are the row's labels where a template words it
	// otherwise than Label.
	TemplateLabels map[string]string `json:"template_labels,omitempty"`
	// Columns per template that has the row.
	Columns map[string][]colDoc `json:"columns"`
}

type colDoc struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	Group string `json:"group,omitempty"`
	Kind  string `json:"kind"` // count, signed, amount
}

type codeDoc struct {
	Code     string `json:"code"`
	Severity string `json:"severity"`
	Label    string `json:"label"` // Chinese name of the code
}

// ruleDoc says which cells an arithmetic rule involves, so that the page
// can point at them: "column" rules involve Rows (or every outcome row,
// when Outcomes) in the finding's column; "row" rules every cell of the
// finding's row. Anchor is the row a column rule's finding is shown on
// when the finding has no row.
type ruleDoc struct {
	Table    string   `json:"table"`
	Per      string   `json:"per"`
	Rows     []string `json:"rows,omitempty"`
	Outcomes bool     `json:"outcomes,omitempty"`
	Anchor   string   `json:"anchor,omitempty"`
	Label    string   `json:"label"`
}

// templateLabels are row labels that differ between the templates
// (规范性文件 became 行政规范性文件 in 2021). schema.RowDef has one Label
// and keeps the other wording among its Aliases.
var templateLabels = map[string]map[string]string{
	schema.TableActive + ".normative_documents": {schema.Template2021: "行政规范性文件"},
}

var codeLabels = map[schema.Code]string{
	schema.CodeBlankCell:         "空白单元格",
	schema.CodeInvalidCell:       "内容不是数字",
	schema.CodeZeroMark:          "零值记号",
	schema.CodeSumMismatch:       "勾稽关系不符",
	schema.CodeMissingTable:      "缺少表格",
	schema.CodeMissingSection:    "缺少章节",
	schema.CodeLabelVariant:      "标签措辞与模板不同",
	schema.CodeTemplateMismatch:  "格式版本与年度不符",
	schema.CodeUnreadable:        "无法读取",
	schema.CodeNarrativeMismatch: "正文数字与表格不符",
	schema.CodeCrossYearMismatch: "跨年度数据不衔接",
}

func kindName(k schema.ValueKind) string {
	switch k {
	case schema.Signed:
		return "signed"
	case schema.Amount:
		return "amount"
	}
	return "count"
}

func sectionOf(table string) string {
	for _, s := range schema.Sections {
		if string(s.Kind) == table {
			return s.Number
		}
	}
	return ""
}

func templatesJSON() []byte {
	doc := templatesDoc{Templates: schema.Templates}
	for _, td := range schema.TableDefs {
		t := tableDoc{Key: td.Key, Title: td.Title, Section: sectionOf(td.Key)}
		switch td.Key {
		case schema.TableActive:
			t.Header = map[string]string{"item": "信息内容"}
		case schema.TableRequests:
			t.Header = map[string]string{
				"applicant": "申请人情况",
				"note":      "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
			}
			for i, g := range schema.RequestGroups {
				gd := groupDoc{Label: g.Label, Ordinal: g.Ordinal}
				if i > 0 {
					gd.Parent = schema.GroupResults
				}
				t.Groups = append(t.Groups, gd)
			}
		}
		for _, rd := range td.Rows {
			r := rowDoc{Key: rd.Key, Label: rd.Label, Ordinal: rd.Ordinal, Group: rd.Group, Caption: rd.Caption,
				Templates: rd.Templates, Columns: map[string][]colDoc{}, TemplateLabels: templateLabels[td.Key+"."+rd.Key]}
			for _, tpl := range rd.Templates {
				for _, c := range td.Columns(tpl, rd.Key) {
					r.Columns[tpl] = append(r.Columns[tpl], colDoc{Key: c.Key, Label: c.Label, Group: c.Group, Kind: kindName(c.Kind)})
				}
			}
			t.Rows = append(t.Rows, r)
		}
		doc.Tables = append(doc.Tables, t)
	}
	for _, c := range schema.Codes {
		doc.Codes = append(doc.Codes, codeDoc{Code: string(c), Severity: string(c.Severity()), Label: codeLabels[c]})
	}
	doc.Rules = map[string]ruleDoc{
		schema.RuleRequestsBalance: {Table: schema.TableRequests, Per: "column", Anchor: "carried_forward",
			Rows:  []string{"new_received", "carried_over", "results_total", "carried_forward"},
			Label: "本年新收＋上年结转＝办理结果总计＋结转下年度"},
		schema.RuleRequestsResultsTotal: {Table: schema.TableRequests, Per: "column", Outcomes: true,
			Rows: []string{"results_total"}, Label: "（七）总计＝各项办理结果之和"},
		schema.RuleRequestsColumnTotal: {Table: schema.TableRequests, Per: "row", Label: "总计＝各类申请人之和"},
		schema.RuleAppealsTotal:        {Table: schema.TableAppeals, Per: "row", Label: "总计＝结果维持＋结果纠正＋其他结果＋尚未审结"},
	}
	b, err := json.Marshal(doc)
	if err != nil {
		panic(err) // static data
	}
	return b
}
