package schema

import (
	"fmt"
	"math"
	"sort"
)

// Rule names (the value of [Finding.Rule]).
const (
	RuleRequestsBalance      = "requests.balance"
	RuleRequestsResultsTotal = "requests.results_total"
	RuleRequestsColumnTotal  = "requests.column_total"
	RuleAppealsTotal         = "appeals.total"
)

// Check returns the findings that follow from the report's sections and
// tables: blank, unreadable and zero-mark cells, the arithmetic rules, missing
// tables and sections, and a layout that does not fit the year. It does not
// look at the document itself; findings the extractor made (label variants,
// unreadable files) are the caller's to keep.
//
// Cell findings take page and raw text from r.Provenance when present.
func Check(r *Report) []Finding {
	var fs []Finding
	for _, td := range TableDefs {
		tb := r.Tables.Get(td.Key)
		if tb == nil {
			fs = append(fs, Finding{
				Code: CodeMissingTable, Severity: CodeMissingTable.Severity(), Table: td.Key,
				Message: fmt.Sprintf("未找到“%s”表", td.Title),
			})
			continue
		}
		fs = append(fs, checkCells(r, td, tb)...)
	}
	if tb := r.Tables.Requests; tb != nil {
		fs = append(fs, checkRequests(r, tb)...)
	}
	if tb := r.Tables.Appeals; tb != nil {
		fs = append(fs, checkRowTotals(r, Appeals, tb, RuleAppealsTotal, []string{"upheld", "corrected", "other", "pending"})...)
	}
	fs = append(fs, checkSections(r)...)
	fs = append(fs, checkTemplateYear(r)...)
	return fs
}

func (r *Report) prov(table, row, col string) Provenance {
	return r.Provenance[ProvenanceKey(table, row, col)]
}

func checkCells(r *Report, td *TableDef, tb *Table) []Finding {
	var fs []Finding
	for _, row := range tb.Rows {
		for _, c := range row.Cells {
			p := r.prov(td.Key, row.Key, c.Column)
			f := Finding{Table: td.Key, Row: row.Key, Column: c.Column, Page: p.Page, Text: p.Text}
			switch c.Status {
			case StatusBlank:
				if c.Value != nil {
					continue
				}
				f.Code, f.Text, f.Message = CodeBlankCell, "", "空白单元格"
			case StatusInvalid:
				f.Code, f.Message = CodeInvalidCell, "单元格内容不是数字："+p.Text
			case StatusZeroMark:
				f.Code, f.Message = CodeZeroMark, fmt.Sprintf("“%s”按0计", p.Text)
			default:
				continue
			}
			f.Severity = f.Code.Severity()
			fs = append(fs, f)
		}
	}
	return fs
}

func colLabel(td *TableDef, row, col string) string {
	if c := td.Column(row, col); c != nil {
		return c.Label
	}
	return col
}

func rowLabel(td *TableDef, row string) string {
	if d := td.Row(row); d != nil {
		return d.Ordinal + d.Label
	}
	return row
}

func sumMismatch(rule, table, row, col string, expected, actual float64, page int, msg string) Finding {
	return Finding{
		Code: CodeSumMismatch, Severity: CodeSumMismatch.Severity(), Rule: rule,
		Table: table, Row: row, Column: col, Expected: &expected, Actual: &actual, Page: page,
		Message: msg,
	}
}

// equal compares two sums of printed figures; amounts may carry decimals.
func equal(a, b float64) bool {
	return math.Abs(a-b) <= 1e-6*math.Max(1, math.Abs(a))
}

// resultRows returns the outcome rows the table has, from granted to the
// last other* row, in order.
func resultRows(tb *Table) []string {
	var keys []string
	in := false
	for _, row := range tb.Rows {
		switch {
		case row.Key == "granted":
			in = true
		case row.Key == "results_total" || row.Key == "carried_forward":
			in = false
		}
		if in {
			keys = append(keys, row.Key)
		}
	}
	return keys
}

func checkRequests(r *Report, tb *Table) []Finding {
	var fs []Finding
	t := TableRequests
	outcomes := resultRows(tb)
	for _, col := range RequestColumns {
		c := col.Key
		// requests.balance: 一 + 二 = 三（七） + 四.
		nr, ok1 := tb.Value("new_received", c)
		co, ok2 := tb.Value("carried_over", c)
		rt, ok3 := tb.Value("results_total", c)
		cf, ok4 := tb.Value("carried_forward", c)
		if ok1 && ok2 && ok3 && ok4 && !equal(nr+co, rt+cf) {
			fs = append(fs, sumMismatch(RuleRequestsBalance, t, "", c, nr+co, rt+cf, r.prov(t, "carried_forward", c).Page,
				fmt.Sprintf("“%s”列：本年新收+上年结转=%s，办理结果总计+结转下年度=%s", col.Label, FormatNumber(nr+co), FormatNumber(rt+cf))))
		}
		// requests.results_total: （七）总计 = sum of the outcome rows.
		if !ok3 || len(outcomes) == 0 {
			continue
		}
		sum, all := 0.0, true
		for _, k := range outcomes {
			v, ok := tb.Value(k, c)
			if !ok {
				all = false
				break
			}
			sum += v
		}
		if all && !equal(sum, rt) {
			fs = append(fs, sumMismatch(RuleRequestsResultsTotal, t, "results_total", c, sum, rt, r.prov(t, "results_total", c).Page,
				fmt.Sprintf("（七）总计与各办理结果之和不符（%s列）：应为%s，实为%s", col.Label, FormatNumber(sum), FormatNumber(rt))))
		}
	}
	parts := make([]string, 0, len(RequestColumns)-1)
	for _, c := range RequestColumns[:len(RequestColumns)-1] {
		parts = append(parts, c.Key)
	}
	fs = append(fs, checkRowTotals(r, Requests, tb, RuleRequestsColumnTotal, parts)...)
	return fs
}

// checkRowTotals checks total = sum(parts) on every row of tb.
func checkRowTotals(r *Report, td *TableDef, tb *Table, rule string, parts []string) []Finding {
	var fs []Finding
	for _, row := range tb.Rows {
		total, ok := tb.Value(row.Key, "total")
		if !ok {
			continue
		}
		sum, all := 0.0, true
		for _, p := range parts {
			v, ok := tb.Value(row.Key, p)
			if !ok {
				all = false
				break
			}
			sum += v
		}
		if all && !equal(sum, total) {
			fs = append(fs, sumMismatch(rule, td.Key, row.Key, "total", sum, total, r.prov(td.Key, row.Key, "total").Page,
				fmt.Sprintf("“%s”行：总计应为%s，实为%s", rowLabel(td, row.Key), FormatNumber(sum), FormatNumber(total))))
		}
	}
	return fs
}

func checkSections(r *Report) []Finding {
	have := map[Kind]bool{}
	for _, s := range r.Sections {
		have[s.Kind] = true
	}
	var fs []Finding
	for _, s := range Sections {
		if have[s.Kind] {
			continue
		}
		fs = append(fs, Finding{
			Code: CodeMissingSection, Severity: CodeMissingSection.Severity(), Text: s.Heading,
			Message: fmt.Sprintf("未找到“%s”部分（%s）", s.Heading, s.Kind),
		})
	}
	return fs
}

// TemplateForYear returns the template a report of the given year should
// use, or "" for a year before the 2019 layout existed or an unknown year.
func TemplateForYear(year int) string {
	switch {
	case year >= 2021:
		return Template2021
	case year >= 2019:
		return Template2019
	}
	return ""
}

// checkTemplateYear flags a layout that does not fit the year: the tables'
// template, and a requests table whose （六）其他处理 rows belong to the other
// template (real 2023 reports print the 2019 single row).
func checkTemplateYear(r *Report) []Finding {
	want := TemplateForYear(r.Report.Year)
	if want == "" {
		return nil
	}
	mismatch := func(text, msg string) Finding {
		return Finding{Code: CodeTemplateMismatch, Severity: CodeTemplateMismatch.Severity(), Text: text, Message: msg}
	}
	var fs []Finding
	if r.Report.Template != "" && r.Report.Template != want {
		fs = append(fs, mismatch(r.Report.Template,
			fmt.Sprintf("%d年度报告应使用%s年版格式，表格为%s年版格式", r.Report.Year, want, r.Report.Template)))
	}
	if tb := r.Tables.Requests; tb != nil && r.Report.Template == want {
		switch {
		case want == Template2021 && tb.Row("other") != nil:
			fs = append(fs, mismatch(Template2019,
				fmt.Sprintf("%d年度报告的申请情况表使用2019年版（六）其他处理单行格式", r.Report.Year)))
		case want == Template2019 && tb.Row("other_other") != nil:
			fs = append(fs, mismatch(Template2021,
				fmt.Sprintf("%d年度报告的申请情况表使用2021年版（六）其他处理三行格式", r.Report.Year)))
		}
	}
	return fs
}

// severityRank orders severities for sorting, most severe first.
func severityRank(s Severity) int {
	switch s {
	case SeverityError:
		return 0
	case SeverityWarning:
		return 1
	}
	return 2
}

// codeRank orders codes for sorting within a severity.
var codeRank = map[Code]int{
	CodeUnreadable: 0, CodeMissingTable: 1, CodeSumMismatch: 2, CodeInvalidCell: 3,
	CodeTemplateMismatch: 4, CodeMissingSection: 5, CodeNarrativeMismatch: 6, CodeCrossYearMismatch: 7,
	CodeBlankCell: 8, CodeLabelVariant: 9, CodeZeroMark: 10,
}

func tableRank(t string) int {
	for i, td := range TableDefs {
		if td.Key == t {
			return i
		}
	}
	return len(TableDefs)
}

func rowRank(t, row string) int {
	if td := TableDefFor(t); td != nil {
		return td.RowIndex(row)
	}
	return -1
}

func colRank(t, row, col string) int {
	td := TableDefFor(t)
	if td == nil {
		return -1
	}
	for i, c := range td.AllColumns(row) {
		if c.Key == col {
			return i
		}
	}
	return -1
}

// SortFindings orders findings by severity, code, then table, row and column
// in template order, so that output is stable.
func SortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := &fs[i], &fs[j]
		if x, y := severityRank(a.Severity), severityRank(b.Severity); x != y {
			return x < y
		}
		if x, y := codeRank[a.Code], codeRank[b.Code]; x != y {
			return x < y
		}
		if x, y := tableRank(a.Table), tableRank(b.Table); x != y {
			return x < y
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		if x, y := rowRank(a.Table, a.Row), rowRank(b.Table, b.Row); x != y {
			return x < y
		}
		return colRank(a.Table, a.Row, a.Column) < colRank(b.Table, b.Row, b.Column)
	})
}
