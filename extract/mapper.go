package extract

import (
	"strings"
	"unicode/utf8"

	"github.com/nianbao/nianbao/extract/layout"
	"github.com/nianbao/nianbao/normalize"
	"github.com/nianbao/nianbao/schema"
)

// mapper collects the cells of one standard table, found in one or more
// document tables, under their template keys.
type mapper struct {
	def  *schema.TableDef
	prov map[string]schema.Provenance
	year int

	rows     map[string]*mappedRow
	order    []string // row keys in the order found
	variants []schema.Finding
	// layout is the set of row keys the document's layout has, beyond
	// those found (the rest of the template's rows), or nil.
	layout []string
}

// mappedRow is a template row found in the document.
type mappedRow struct {
	cols  []schema.ColumnDef
	cells []*layout.Cell // parallel to cols; nil for a column with no cell
}

func (m *mapper) has(key string) bool {
	_, ok := m.rows[key]
	return ok
}

// put records a row; a row found twice keeps the first that has any text.
func (m *mapper) put(key string, cols []schema.ColumnDef, cells []*layout.Cell) {
	if m.rows == nil {
		m.rows = map[string]*mappedRow{}
	}
	if old, ok := m.rows[key]; ok {
		if !allBlank(old.cells) || allBlank(cells) {
			return
		}
	} else {
		m.order = append(m.order, key)
	}
	m.rows[key] = &mappedRow{cols: cols, cells: cells}
}

func allBlank(cells []*layout.Cell) bool {
	for _, c := range cells {
		if c != nil && normalize.Compact(c.Text) != "" {
			return false
		}
	}
	return true
}

// variant records a label_variant finding.
func (m *mapper) variant(row, col, text string) {
	f := schema.Finding{
		Code: schema.CodeLabelVariant, Severity: schema.CodeLabelVariant.Severity(),
		Table: m.def.Key, Row: row, Column: col, Text: text,
		Message: "标签与模板措辞不同：" + text,
	}
	for _, v := range m.variants {
		if v.Row == f.Row && v.Column == f.Column && v.Text == f.Text {
			return
		}
	}
	m.variants = append(m.variants, f)
}

// table builds the schema table from the rows found, in template order,
// parsing every cell and recording its provenance. Rows of the document's
// layout that were not found are added blank.
func (m *mapper) table() *schema.Table {
	if len(m.rows) == 0 {
		return nil
	}
	want := map[string]bool{}
	for k := range m.rows {
		want[k] = true
	}
	for _, k := range m.layout {
		want[k] = true
	}
	tb := &schema.Table{}
	for _, rd := range m.def.Rows {
		if !want[rd.Key] {
			continue
		}
		mr := m.rows[rd.Key]
		if mr == nil {
			// A row of the layout the document does not show: its cells
			// are blank.
			cols := m.def.Columns(m.templateFor(rd.Key), rd.Key)
			mr = &mappedRow{cols: cols, cells: make([]*layout.Cell, len(cols))}
		}
		row := schema.Row{Key: rd.Key}
		for i, col := range mr.cols {
			row.Cells = append(row.Cells, m.cell(rd.Key, col, mr.cells[i]))
		}
		tb.Rows = append(tb.Rows, row)
	}
	return tb
}

// templateFor returns a template whose layout has the row.
func (m *mapper) templateFor(row string) string {
	rd := m.def.Row(row)
	if tpl := schema.TemplateForYear(m.year); tpl != "" && rd.In(tpl) {
		return tpl
	}
	return rd.Templates[0]
}

func kindOf(c schema.ColumnDef) normalize.NumberKind {
	switch c.Kind {
	case schema.Signed:
		return normalize.Signed
	case schema.Amount:
		return normalize.Amount
	}
	return normalize.Count
}

// cell parses one cell and records its provenance.
func (m *mapper) cell(row string, col schema.ColumnDef, c *layout.Cell) schema.Cell {
	out := schema.Cell{Column: col.Key, Status: schema.StatusBlank}
	p := schema.Provenance{}
	if c != nil {
		p.Text = cellText(c)
		p.Page = c.Page
		if c.BBox != nil {
			p.BBox = &[4]float64{round2(c.BBox.X0), round2(c.BBox.Y0), round2(c.BBox.X1), round2(c.BBox.Y1)}
		}
		v, st, _ := normalize.ParseCell(c.Text, kindOf(col))
		switch st {
		case normalize.CellNumber:
			out.Value, out.Status = &v, schema.StatusNumber
		case normalize.CellZeroMark:
			out.Value, out.Status = &v, schema.StatusZeroMark
		case normalize.CellInvalid:
			out.Status = schema.StatusInvalid
		}
	}
	m.prov[schema.ProvenanceKey(m.def.Key, row, col.Key)] = p
	return out
}

func round2(f float64) float64 {
	if f < 0 {
		return -float64(int64(-f*100+0.5)) / 100
	}
	return float64(int64(f*100+0.5)) / 100
}

// ------------------------------------------------------------ matching --

// labelMatch is the result of matching a printed label to a template label.
type labelMatch struct {
	index   int  // into the candidate list, -1 for none
	exact   bool // same words as the template (punctuation and ordinal aside)
	variant bool // matched, but worded differently
}

// labelForms returns the comparison forms of a printed label: its key
// without the ordinal, and the same without parenthesised notes.
func labelForms(s string) (full, bare string) {
	k := normalize.Compact(s)
	_, rest := normalize.SplitOrdinal(k)
	if rest == "" {
		rest = k
	}
	full = normalize.Key(rest)
	bare = normalize.Key(normalize.StripNotes(rest))
	return full, bare
}

// templateTexts holds the keys of every text the templates print: row,
// group and column labels (with and without ordinals and notes), captions
// and header words.
var templateTexts = func() map[string]bool {
	m := map[string]bool{}
	add := func(s string) {
		full, bare := labelForms(s)
		m[full], m[bare] = true, true
		m[normalize.Key(s)] = true
	}
	for _, td := range schema.TableDefs {
		add(td.Title)
		for _, rd := range td.Rows {
			add(rd.Ordinal + rd.Label)
			add(rd.Caption)
			if rd.Group != "" {
				add(rd.Group)
			}
			for _, a := range rd.Aliases {
				add(a)
			}
			for _, c := range td.AllColumns(rd.Key) {
				add(c.Label)
				if c.Group != "" {
					add(c.Group)
				}
				for _, a := range c.Aliases {
					add(a)
				}
			}
		}
	}
	for _, g := range schema.RequestGroups {
		add(g.Ordinal + g.Label)
	}
	for _, s := range []string{"信息内容", "申请人情况", "法人或其他组织", "行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉",
		"（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"} {
		add(s)
	}
	delete(m, "")
	return m
}()

// isTemplateText reports whether s is, up to punctuation, spacing and
// ordinal, a text the templates print.
func isTemplateText(s string) bool {
	full, bare := labelForms(s)
	return templateTexts[full] || templateTexts[bare]
}

// hanCount counts the ideographs in s.
func hanCount(s string) int {
	n := 0
	for _, r := range s {
		if normalize.IsHan(r) {
			n++
		}
	}
	return n
}

// candidate is a template label to match against, with the forms it may
// be printed in.
type candidate struct {
	key   string   // row or column key
	forms []string // keys of the label and its aliases, notes stripped too
	// short labels (其他, 总计, 规章) only match exactly: they occur inside
	// longer labels.
	short bool
}

func newCandidate(key, label string, aliases []string) candidate {
	c := candidate{key: key}
	add := func(s string) {
		for _, f := range []string{normalize.Key(s), normalize.Key(normalize.StripNotes(s))} {
			if f == "" {
				continue
			}
			dup := false
			for _, x := range c.forms {
				dup = dup || x == f
			}
			if !dup {
				c.forms = append(c.forms, f)
			}
		}
	}
	add(label)
	for _, a := range aliases {
		add(a)
	}
	c.short = len([]rune(normalize.Key(label))) <= 3
	return c
}

// matchLabel matches a printed label against the candidates: exactly on
// the keys first, then by containment of a long template label, then
// fuzzily (normalize.Match). It never forces a label onto a key.
func matchLabel(label string, cands []candidate) labelMatch {
	full, bare := labelForms(label)
	if full == "" {
		return labelMatch{index: -1}
	}
	for i, c := range cands {
		for _, f := range c.forms {
			if f == full || f == bare {
				return labelMatch{index: i, exact: true}
			}
		}
	}
	// Containment: a printed label that holds a long template label whole,
	// with at most two more characters of words around it ("行政规范性文件件数",
	// "其中：行政许可"); not "无正当理由大量重复申请", which holds 重复申请
	// but is another row.
	best, bestLen := -1, 0
	for i, c := range cands {
		if c.short {
			continue
		}
		for _, f := range c.forms {
			n := utf8.RuneCountInString(f)
			if n < 4 || n <= bestLen || !strings.Contains(full, f) {
				continue
			}
			extra := strings.Replace(full, f, "", 1)
			if hanCount(extra) <= 2 {
				best, bestLen = i, n
			}
		}
	}
	if best >= 0 {
		return labelMatch{index: best, variant: true}
	}
	// A label that is, word for word, another text of the templates (a
	// group header, another table's label) is not a typo of a candidate.
	if isTemplateText(label) || !hasHan(bare) || normalize.IsNumeric(label) {
		return labelMatch{index: -1}
	}
	// Fuzzy: typos and old wordings. Similarity is at most twice the
	// shorter length over the sum of both, so a form less than half as
	// long (or twice as long) as the label cannot reach the threshold:
	// leaving it out changes no result and spares the dictionary load
	// for labels that match nothing.
	n := utf8.RuneCountInString(bare)
	forms := make([]string, 0, len(cands))
	owner := make([]int, 0, len(cands))
	for i, c := range cands {
		if c.short {
			continue
		}
		for _, f := range c.forms {
			m := utf8.RuneCountInString(f)
			if 2*min(n, m) < max(n, m) {
				continue
			}
			forms = append(forms, f)
			owner = append(owner, i)
		}
	}
	if len(forms) == 0 {
		return labelMatch{index: -1}
	}
	j, _, _ := normalize.MatchGrouped(bare, forms, owner, normalize.DefaultMinScore)
	if j < 0 {
		return labelMatch{index: -1}
	}
	return labelMatch{index: owner[j], variant: true}
}
