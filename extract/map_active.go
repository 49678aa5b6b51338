package extract

import (
	"strings"

	"github.com/nianbao/nianbao/extract/layout"
	"github.com/nianbao/nianbao/normalize"
	"github.com/nianbao/nianbao/schema"
)

// activeHeaderCands are the column labels of the active table in both
// templates, each with its key.
var activeHeaderCands = func() []candidate {
	var out []candidate
	seen := map[string]bool{}
	for _, tpl := range schema.Templates {
		for _, rd := range schema.Active.Rows {
			for _, c := range schema.Active.Columns(tpl, rd.Key) {
				if seen[c.Label] {
					continue
				}
				seen[c.Label] = true
				out = append(out, newCandidate(c.Key, c.Label, c.Aliases))
			}
		}
	}
	return out
}()

// activeHeader is a 信息内容 | column… row of the active table.
type activeHeader struct {
	keys  []string // column key per header cell, "" when not matched
	cells []*layout.Cell
}

// mapActive maps the 主动公开政府信息情况 table: stacked sub-tables, each a
// caption row (第二十条第（一）项), a header row (信息内容 | columns) and data
// rows, possibly spread over several document tables.
func (m *mapper) mapActive(ts []*layout.Table) {
	rowCands := make([]candidate, len(m.def.Rows))
	for i, rd := range m.def.Rows {
		rowCands[i] = newCandidate(rd.Key, rd.Label, rd.Aliases)
	}
	vote := map[string]int{}
	type dataRow struct {
		key    string
		r      gridRow
		values []*layout.Cell
		hdr    *activeHeader
	}
	var data []dataRow
	for _, t := range ts {
		var hdr *activeHeader
		for _, r := range rows(t) {
			if len(r.cells) == 0 {
				continue
			}
			first := r.cells[0]
			fk := normalize.Key(first.Text)
			if strings.Contains(fk, "第二十条") && len(r.cells) <= 2 {
				continue // a caption row
			}
			if h := m.activeHeaderRow(r); h != nil {
				hdr = h
				for _, k := range h.keys {
					switch k {
					case "new_made", "new_published", "total_published", "previous_items", "change", "items":
						vote[schema.Template2019]++
					case "issued", "repealed", "in_force":
						vote[schema.Template2021]++
					}
				}
				continue
			}
			if len(r.cells) < 2 {
				continue
			}
			lm := matchLabel(first.Text, rowCands)
			if lm.index < 0 {
				continue
			}
			key := m.def.Rows[lm.index].Key
			if lm.variant {
				m.variant(key, "", normalize.Compact(first.Text))
			}
			data = append(data, dataRow{key: key, r: r, values: r.cells[1:], hdr: hdr})
		}
	}
	fallback := schema.TemplateForYear(m.year)
	switch {
	case vote[schema.Template2019] > vote[schema.Template2021]:
		fallback = schema.Template2019
	case vote[schema.Template2021] > vote[schema.Template2019]:
		fallback = schema.Template2021
	}
	for _, d := range data {
		cols := m.activeColumns(d.key, d.hdr, len(d.values), fallback)
		if cols == nil {
			continue
		}
		m.put(d.key, cols, pickActive(d.values, cols, d.hdr))
	}
}

// activeHeaderRow reads a header row: 信息内容 followed by column labels, or
// a row whose non-empty cells all match column labels.
func (m *mapper) activeHeaderRow(r gridRow) *activeHeader {
	if hasNumber(r) {
		return nil
	}
	h := &activeHeader{}
	matched := 0
	for i, c := range r.cells {
		k := normalize.Key(c.Text)
		if i == 0 && (strings.Contains(k, "信息内容") || k == "") {
			continue
		}
		if normalize.IsNumeric(c.Text) {
			return nil
		}
		lm := matchLabel(c.Text, activeHeaderCands)
		key := ""
		if lm.index >= 0 {
			key = activeHeaderCands[lm.index].key
			matched++
			if lm.variant {
				m.variant("", key, normalize.Compact(c.Text))
			}
		}
		h.keys = append(h.keys, key)
		h.cells = append(h.cells, c)
	}
	if matched == 0 {
		return nil
	}
	return h
}

// activeColumns decides the columns of a data row: the template whose
// columns for this row agree best with the header above it, else the one
// whose column count fits the row, else the table's template.
func (m *mapper) activeColumns(row string, h *activeHeader, nvalues int, fallback string) []schema.ColumnDef {
	type option struct {
		cols  []schema.ColumnDef
		score int
	}
	var opts []option
	for _, tpl := range schema.Templates {
		cols := m.def.Columns(tpl, row)
		if cols == nil {
			continue
		}
		o := option{cols: cols}
		if h != nil {
			for _, c := range cols {
				for _, k := range h.keys {
					if k == c.Key {
						o.score += 2
					}
				}
			}
			// "decisions" alone (2021) against three 2019 columns.
			if len(h.keys) == len(cols) {
				o.score++
			}
		}
		if len(cols) == nvalues {
			o.score++
		}
		if tpl == fallback {
			o.score++ // a tie goes to the table's template
		}
		opts = append(opts, o)
	}
	if len(opts) == 0 {
		return nil
	}
	best := opts[0]
	for _, o := range opts[1:] {
		if o.score > best.score {
			best = o
		}
	}
	return best.cols
}

// pickActive assigns value cells to columns: in order when the counts
// agree, else under the header cells' grid columns.
func pickActive(values []*layout.Cell, cols []schema.ColumnDef, h *activeHeader) []*layout.Cell {
	out := make([]*layout.Cell, len(cols))
	if len(values) == len(cols) {
		copy(out, values)
		return out
	}
	if h != nil {
		for i, c := range cols {
			for j, k := range h.keys {
				if k != c.Key {
					continue
				}
				// The value cells under the header cell: the first that
				// holds something (a single value written into one of
				// three unmerged cells), else the first.
				hc := h.cells[j]
				for _, v := range values {
					if v.Col+v.ColSpan <= hc.Col || v.Col >= hc.Col+hc.ColSpan {
						continue
					}
					if out[i] == nil || allBlank([]*layout.Cell{out[i]}) && !allBlank([]*layout.Cell{v}) {
						out[i] = v
					}
				}
			}
		}
		return out
	}
	copy(out, values)
	return out
}
