package extract

import (
	"slices"
	"strings"

	"github.com/nianbao/nianbao/extract/layout"
	"github.com/nianbao/nianbao/normalize"
	"github.com/nianbao/nianbao/schema"
)

// appealGroup tells which row of the appeals table a header cell's text
// names: review, litigation_direct, litigation_after_review, "litigation"
// for the 行政诉讼 group over the last two, or "".
func appealGroup(text string) string {
	k := normalize.Key(text)
	switch {
	case strings.Contains(k, "复议后"):
		return "litigation_after_review"
	case strings.Contains(k, "未经复议") || strings.Contains(k, "直接起诉"):
		return "litigation_direct"
	case strings.Contains(k, "行政复议") || k == "复议":
		return "review"
	case strings.Contains(k, "行政诉讼") || k == "诉讼":
		return "litigation"
	}
	return ""
}

// mapAppeals maps the 政府信息公开行政复议、行政诉讼情况 table: 15 value
// columns under a two- or three-row header (行政复议 | 行政诉讼 › 未经复议直接起诉,
// 复议后起诉; each with 结果维持 结果纠正 其他结果 尚未审结 总计), values in one
// row. A transposed table (one row per 行政复议 / 直接起诉 / 复议后起诉) is read
// too.
func (m *mapper) mapAppeals(ts []*layout.Table) {
	leafCands := make([]candidate, len(schema.AppealColumns))
	for i, c := range schema.AppealColumns {
		leafCands[i] = newCandidate(c.Key, c.Label, c.Aliases)
	}
	// A report may print the table whole or in parts (行政复议 in one table,
	// 行政诉讼 in another): every table adds the rows it holds.
	for _, t := range ts {
		if !m.mapAppealsWide(t, leafCands) {
			m.mapAppealsTall(t, leafCands)
		}
		if len(m.rows) == len(schema.Appeals.Rows) {
			return
		}
	}
}

// mapAppealsWide reads the template layout, or the part of it a table
// holds: the rows found under group headers, each with its five columns.
func (m *mapper) mapAppealsWide(t *layout.Table, leafCands []candidate) bool {
	rs := rows(t)
	g := t.Grid()
	// Header rows: the rows holding group or leaf labels.
	lastHeader := -1
	for r := 0; r < len(rs) && r < 6 && !hasNumber(rs[r]); r++ {
		for _, c := range rs[r].cells {
			if appealGroup(c.Text) != "" || matchLabel(c.Text, leafCands).index >= 0 {
				lastHeader = max(lastHeader, c.Row+c.RowSpan-1)
			}
		}
	}
	if lastHeader < 0 || lastHeader+1 >= len(rs) {
		return false
	}
	// Each grid column: its group from any header cell above it, its leaf
	// from the lowest header cell that names one.
	type slot struct{ row, col string }
	slots := map[int]slot{}
	var groups []string // the groups the header names, left to right
	for c := 0; c < t.Cols; c++ {
		var s slot
		for r := 0; r <= lastHeader; r++ {
			cell := g[r][c]
			if cell == nil {
				continue
			}
			switch grp := appealGroup(cell.Text); grp {
			case "":
			case "litigation":
				if s.row == "" {
					s.row = grp
				}
			default:
				s.row = grp
			}
			if lm := matchLabel(cell.Text, leafCands); lm.index >= 0 && cell.ColSpan == 1 {
				s.col = schema.AppealColumns[lm.index].Key
			}
		}
		if s.row != "" && (len(groups) == 0 || groups[len(groups)-1] != s.row) {
			groups = append(groups, s.row)
		}
		if s.row != "" && s.row != "litigation" && s.col != "" {
			slots[c] = s
		}
	}
	// The value row: the first row after the header (all blank counts:
	// zeros left blank).
	data := lastHeader + 1
	cells := map[string]*layout.Cell{}
	for c, s := range slots {
		if cell := g[data][c]; cell != nil {
			cells[s.row+"."+s.col] = cell
		}
	}
	var found []string
	for _, rd := range schema.Appeals.Rows {
		complete := true
		for _, c := range schema.AppealColumns {
			complete = complete && cells[rd.Key+"."+c.Key] != nil
		}
		if complete {
			found = append(found, rd.Key)
		}
	}
	// The rows the header names.
	var want []string
	for _, grp := range groups {
		if grp == "litigation" {
			want = append(want, "litigation_direct", "litigation_after_review")
		} else if !slices.Contains(want, grp) {
			want = append(want, grp)
		}
	}
	if len(want) == 0 || len(want) > 3 {
		want = []string{"review", "litigation_direct", "litigation_after_review"}
	}
	if len(found) < len(want) {
		// Headers and values out of line (a header cell spanning one
		// column too many): map by order, five values a row, from the
		// last distinct cells of the value row.
		n := len(want) * len(schema.AppealColumns)
		vals := rs[data].cells
		if len(vals) < n {
			if len(found) == 0 {
				return false
			}
			want, n = nil, 0 // keep the complete rows the headers gave
		}
		if n > 0 {
			vals = vals[len(vals)-n:]
			for i, key := range want {
				for j, c := range schema.AppealColumns {
					cells[key+"."+c.Key] = vals[i*len(schema.AppealColumns)+j]
				}
			}
			found = want
		}
	}
	for _, key := range found {
		out := make([]*layout.Cell, len(schema.AppealColumns))
		for i, c := range schema.AppealColumns {
			out[i] = cells[key+"."+c.Key]
		}
		m.put(key, schema.AppealColumns, out)
	}
	return true
}

// mapAppealsTall reads a transposed table: a row per 行政复议, 未经复议直接起诉,
// 复议后起诉 with the five values, under a header of the five leaf labels.
func (m *mapper) mapAppealsTall(t *layout.Table, leafCands []candidate) bool {
	rs := rows(t)
	h := findColumns(rs, schema.AppealColumns, 4, nil)
	if h == nil {
		return false
	}
	n := 0
	for _, r := range rs[h.last+1:] {
		labels, values := split(r, h, len(schema.AppealColumns))
		var key string
		for _, c := range labels {
			if g := appealGroup(c.Text); g != "" && g != "litigation" {
				key = g
			}
		}
		if key == "" {
			continue
		}
		m.put(key, schema.AppealColumns, pick(r, values, schema.AppealColumns, h))
		n++
	}
	return n > 0
}
