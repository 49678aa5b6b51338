package extract

import (
	"strings"

	"github.com/nianbao/nianbao/extract/layout"
	"github.com/nianbao/nianbao/normalize"
	"github.com/nianbao/nianbao/schema"
)

// gridRow is one row of a table grid: its distinct cells left to right (a
// cell merged across columns appears once; a cell merged down from a row
// above appears in every row it spans).
type gridRow struct {
	table *layout.Table
	index int
	cells []*layout.Cell
}

// rows returns the rows of t with their distinct cells.
func rows(t *layout.Table) []gridRow {
	g := t.Grid()
	out := make([]gridRow, len(g))
	for r, line := range g {
		out[r] = gridRow{table: t, index: r}
		var prev *layout.Cell
		for _, c := range line {
			if c == nil || c == prev {
				continue
			}
			prev = c
			out[r].cells = append(out[r].cells, c)
		}
	}
	return out
}

// own reports whether c starts in this row (is not merged down from above).
func (r gridRow) own(c *layout.Cell) bool { return c.Row == r.index }

// text returns the key of a cell's text.
func cellKey(c *layout.Cell) string { return normalize.Key(c.Text) }

// cellText returns a cell's text as written, lines joined, spaces tidied.
func cellText(c *layout.Cell) string {
	return joinLines(normalize.Space(strings.ReplaceAll(c.Text, "\t", " ")))
}

// tableText returns the key of all text in a table, for classification.
func tableKey(t *layout.Table) string {
	var b strings.Builder
	for _, c := range t.Cells {
		b.WriteString(normalize.Key(c.Text))
		b.WriteByte('|')
	}
	return b.String()
}

// Words that identify each table; a table is taken as one of the standard
// tables when enough of its words appear.
var tableWords = map[string][]string{
	schema.TableActive: {"第二十条", "信息内容", "规章", "规范性文件", "行政许可", "行政处罚", "行政强制",
		"行政事业性收费", "本年制发件数", "现行有效件数", "本年新制作数量", "处理决定数量", "上一年项目数量", "政府集中采购", "采购项目数量"},
	schema.TableRequests: {"申请人情况", "自然人", "法人或其他组织", "商业企业", "科研机构", "社会公益组织",
		"法律服务机构", "新收政府信息公开申请", "上年结转", "本年度办理结果", "予以公开", "部分公开", "不予公开",
		"无法提供", "不予处理", "其他处理", "结转下年度", "国家秘密", "重复申请"},
	schema.TableAppeals: {"行政复议", "行政诉讼", "结果维持", "结果纠正", "其他结果", "尚未审结", "未经复议",
		"复议后起诉", "直接起诉"},
}

// rowLabelKeys maps the comparison key of every row label of the three
// tables (ordinal dropped) to its table, for classification.
var rowLabelKeys = func() map[string]string {
	m := map[string]string{}
	for _, td := range schema.TableDefs {
		for _, rd := range td.Rows {
			if len([]rune(rd.Label)) < 4 {
				continue // 规章, 其他, 总计: too common
			}
			m[normalize.Key(rd.Label)] = td.Key
			m[normalize.Key(normalize.StripNotes(rd.Label))] = td.Key
		}
	}
	return m
}()

// classify scores t against each standard table and returns the best key
// and its score: the number of distinct identifying words found plus the
// number of cells that hold a row label of the table (a continuation
// after a page break has row labels but no header).
func classify(t *layout.Table) (string, int) {
	k := tableKey(t)
	score := map[string]int{}
	for key, words := range tableWords {
		for _, w := range words {
			if strings.Contains(k, w) {
				score[key]++
			}
		}
	}
	for _, c := range t.Cells {
		if c.Text == "" {
			continue
		}
		full, bare := labelForms(c.Text)
		if key, ok := rowLabelKeys[full]; ok {
			score[key]++
		} else if key, ok := rowLabelKeys[bare]; ok {
			score[key]++
		}
	}
	best, bestN := "", 0
	for _, key := range []string{schema.TableActive, schema.TableRequests, schema.TableAppeals} {
		if score[key] > bestN {
			best, bestN = key, score[key]
		}
	}
	return best, bestN
}

// minWords is the score a table needs to count as a standard table; a
// continuation without its header repeats fewer words, so it needs the
// table it continues (see locateTables).
const minWords = 3

// locateTables finds the three standard tables in doc by their labels and
// maps their cells to the template keys. It returns the tables, the
// provenance of every cell, and the label_variant findings.
func locateTables(doc *layout.Document, year int) (schema.Tables, map[string]schema.Provenance, []schema.Finding) {
	var tables schema.Tables
	prov := map[string]schema.Provenance{}
	var variants []schema.Finding

	// Group the document's tables by kind, in order. A table too poor in
	// words to classify on its own joins the kind of the table right
	// before it when its shape fits (a continuation after a page break).
	groups := map[string][]*layout.Table{}
	var prevKind string
	var prevCols int
	for _, t := range doc.Tables() {
		kind, n := classify(t)
		switch {
		case n >= minWords:
		case prevKind != "" && t.Cols == prevCols && n >= 0 && looksLikeContinuation(t):
			kind = prevKind
		default:
			prevKind = ""
			continue
		}
		groups[kind] = append(groups[kind], t)
		prevKind, prevCols = kind, t.Cols
	}

	for _, key := range []string{schema.TableActive, schema.TableRequests, schema.TableAppeals} {
		ts := groups[key]
		if len(ts) == 0 {
			continue
		}
		m := &mapper{def: schema.TableDefFor(key), prov: prov, year: year}
		switch key {
		case schema.TableActive:
			m.mapActive(ts)
		case schema.TableRequests:
			m.mapRequests(ts)
		case schema.TableAppeals:
			m.mapAppeals(ts)
		}
		if tb := m.table(); tb != nil {
			tables.Set(key, tb)
			variants = append(variants, m.variants...)
		}
	}
	return tables, prov, variants
}

// looksLikeContinuation reports whether a table without identifying
// header words still looks like rows of a standard table: labels on the
// left, numbers on the right.
func looksLikeContinuation(t *layout.Table) bool {
	nums := 0
	for _, c := range t.Cells {
		if normalize.IsNumeric(c.Text) {
			nums++
		}
	}
	return nums >= t.Rows
}

// templateOf returns the report's template: the layout of the active
// table, else of the requests table.
func templateOf(t *schema.Tables) string {
	if t.Active != nil {
		if tpl := activeTemplate(t.Active); tpl != "" {
			return tpl
		}
	}
	if t.Requests != nil {
		for _, r := range t.Requests.Rows {
			switch r.Key {
			case "other":
				return schema.Template2019
			case "other_no_correction", "other_unpaid_fee", "other_other":
				return schema.Template2021
			}
		}
	}
	return ""
}

// activeTemplate tells the layout of an active table from its columns.
func activeTemplate(t *schema.Table) string {
	n19, n21 := 0, 0
	for _, r := range t.Rows {
		if r.Key == "other_services" || r.Key == "procurement" {
			n19++
		}
		for _, c := range r.Cells {
			switch c.Column {
			case "new_made", "new_published", "total_published", "previous_items", "change":
				n19++
			case "issued", "repealed", "in_force":
				n21++
			case "amount":
				if r.Key == "fees" {
					n21++
				}
			case "decisions":
				if len(r.Cells) == 1 {
					n21++
				}
			}
		}
	}
	switch {
	case n19 > n21:
		return schema.Template2019
	case n21 > n19:
		return schema.Template2021
	}
	return ""
}
