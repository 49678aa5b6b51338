package extract

import (
	"strings"
	"unicode/utf8"

	"github.com/nianbao/nianbao/extract/layout"
	"github.com/nianbao/nianbao/normalize"
	"github.com/nianbao/nianbao/schema"
)

// header is what a table's header rows say about its value columns.
type header struct {
	col   map[string]int // column key → grid column of its header cell
	start int            // first grid column of the values
	last  int            // index of the last header row
}

// complete reports whether every column was found, each at its own grid
// column.
func (h *header) complete(n int) bool {
	if h == nil || len(h.col) != n {
		return false
	}
	seen := map[int]bool{}
	for _, c := range h.col {
		if seen[c] {
			return false
		}
		seen[c] = true
	}
	return true
}

// findColumns looks in the first rows of a table for the header cells of
// cols. It returns nil when fewer than need columns are found.
func findColumns(rs []gridRow, cols []schema.ColumnDef, need int, m *mapper) *header {
	cands := make([]candidate, len(cols))
	for i, c := range cols {
		cands[i] = newCandidate(c.Key, c.Label, c.Aliases)
	}
	h := &header{col: map[string]int{}, last: -1, start: -1}
	// Header rows come before the first row that holds a number.
	for r := 0; r < len(rs) && r < 8 && !hasNumber(rs[r]); r++ {
		for _, c := range rs[r].cells {
			if !rs[r].own(c) || normalize.IsNumeric(c.Text) {
				continue
			}
			lm := matchLabel(c.Text, cands)
			if lm.index < 0 {
				continue
			}
			key := cols[lm.index].Key
			h.col[key] = c.Col
			h.last = max(h.last, c.Row+c.RowSpan-1)
			if lm.variant && m != nil {
				m.variant("", key, normalize.Compact(c.Text))
			}
		}
	}
	if len(h.col) < need {
		return nil
	}
	for _, c := range h.col {
		if h.start < 0 || c < h.start {
			h.start = c
		}
	}
	return h
}

// hasNumber reports whether a row has a cell holding a number of its own:
// a value row, not a header row.
func hasNumber(r gridRow) bool {
	for _, c := range r.cells {
		if r.own(c) && normalize.IsNumeric(c.Text) {
			return true
		}
	}
	return false
}

// split divides a row's cells into label cells (left of the values) and
// value cells, using the header when there is one, else taking the last n
// cells as values.
func split(r gridRow, h *header, n int) (labels, values []*layout.Cell) {
	if h != nil {
		for _, c := range r.cells {
			if c.Col+c.ColSpan <= h.start {
				labels = append(labels, c)
			} else if c.Col >= h.start {
				values = append(values, c)
			}
		}
		// A row shifted against the header (a continuation whose merged
		// label cells did not carry over) still ends in its n values.
		if len(values) >= n || len(r.cells) <= n {
			return labels, values
		}
	}
	if len(r.cells) <= n {
		return nil, r.cells
	}
	k := len(r.cells) - n
	return r.cells[:k], r.cells[k:]
}

// pick returns the value cells for cols: by order when the row has exactly
// one cell per column, else by the header's grid columns.
func pick(r gridRow, values []*layout.Cell, cols []schema.ColumnDef, h *header) []*layout.Cell {
	out := make([]*layout.Cell, len(cols))
	if len(values) == len(cols) {
		copy(out, values)
		return out
	}
	if h != nil {
		g := r.table.Grid()[r.index]
		for i, c := range cols {
			if gc, ok := h.col[c.Key]; ok && gc < len(g) && g[gc] != nil && g[gc].Col >= h.start {
				out[i] = g[gc]
			}
		}
		return out
	}
	copy(out, values)
	return out
}

// mergedFromAbove reports whether every value cell of the row belongs to
// a row above (a spacer row under merged cells): such a row has no values
// of its own.
func mergedFromAbove(r gridRow, values []*layout.Cell) bool {
	for _, c := range values {
		if r.own(c) {
			return false
		}
	}
	return true
}

// groupOf returns the requests-table group a label cell names (不予公开 …),
// or "".
func groupOf(text string, fuzzy bool) string {
	k := normalize.Key(text)
	for _, g := range schema.RequestGroups {
		if strings.Contains(k, normalize.Key(g.Label)) {
			return g.Label
		}
	}
	if !fuzzy || isTemplateText(text) {
		return ""
	}
	// Typo'd group labels.
	bare := normalize.Key(normalize.StripNotes(labelOnly(text)))
	n := utf8.RuneCountInString(bare)
	for _, g := range schema.RequestGroups {
		m := utf8.RuneCountInString(g.Label)
		if 2*min(n, m) < max(n, m) {
			continue
		}
		if normalize.Similarity(bare, normalize.Key(g.Label)) >= 0.8 {
			return g.Label
		}
	}
	return ""
}

// labelOnly returns a label without its leading ordinal.
func labelOnly(s string) string {
	_, rest := normalize.SplitOrdinal(normalize.Compact(s))
	return rest
}

// requestRow is a document row of the requests table being matched.
type requestRow struct {
	r      gridRow
	values []*layout.Cell
	own    string // the row's own label
	group  string
	ord    normalize.Ordinal
	key    string
	exact  bool
}

// mapRequests maps the 收到和处理政府信息公开申请情况 table, found in one or
// more document tables (a table split in two, with or without a repeated
// header).
func (m *mapper) mapRequests(ts []*layout.Table) {
	cols := schema.RequestColumns
	rowCands := make([]candidate, len(m.def.Rows))
	for i, rd := range m.def.Rows {
		rowCands[i] = newCandidate(rd.Key, rd.Label, rd.Aliases)
	}
	var prev *header
	var prevCols int
	var found []*requestRow
	for _, t := range ts {
		rs := rows(t)
		h := findColumns(rs, cols, 4, m)
		if h == nil && prev != nil && t.Cols == prevCols {
			h = &header{col: prev.col, start: prev.start, last: -1}
		}
		if h != nil {
			prev, prevCols = h, t.Cols
		}
		first := 0
		if h != nil {
			first = h.last + 1
		}
		for _, r := range rs[first:] {
			labels, values := split(r, h, len(cols))
			if len(values) == 0 || mergedFromAbove(r, values) {
				continue
			}
			rr := &requestRow{r: r, values: pick(r, values, cols, h)}
			// The own label is the last label cell; the ones before it
			// may name the group.
			for i, c := range labels {
				txt := normalize.Compact(c.Text)
				if txt == "" {
					continue
				}
				if i == len(labels)-1 && r.own(c) {
					rr.own = txt
				} else if g := groupOf(txt, true); g != "" && g != schema.GroupResults {
					rr.group = g
				}
			}
			if rr.own == "" && allBlank(values) {
				continue
			}
			rr.ord, _ = normalize.SplitOrdinal(rr.own)
			found = append(found, rr)
		}
	}
	m.matchRequestRows(found, rowCands)

	// The layout's rows: 2021 when the （六） sub-rows are there, 2019 when
	// the single （六）其他处理 row is, else by the year.
	tpl := schema.TemplateForYear(m.year)
	switch {
	case m.has("other_no_correction") || m.has("other_unpaid_fee") || m.has("other_other"):
		tpl = schema.Template2021
	case m.has("other"):
		tpl = schema.Template2019
	}
	if tpl == "" {
		tpl = schema.Template2021
	}
	for _, rd := range m.def.Rows {
		if rd.In(tpl) {
			m.layout = append(m.layout, rd.Key)
		}
	}
}

// matchRequestRows gives every found row its template key: by label, with
// the group deciding between rows of the same wording; then rows whose
// label could not be read take the key their position implies.
func (m *mapper) matchRequestRows(found []*requestRow, cands []candidate) {
	def := m.def
	for _, rr := range found {
		if rr.own == "" {
			continue
		}
		// Group rows printed as data rows (subtotals in home-made
		// layouts) are not template rows, except the 2019 single
		// （六）其他处理 row.
		if g := groupOf(rr.own, false); g != "" && g != schema.GroupOtherHandle && g != schema.GroupResults {
			if normalize.Key(labelOnly(rr.own)) == normalize.Key(g) {
				continue
			}
		}
		// Prefer candidates of the row's group.
		var lm labelMatch
		lm.index = -1
		if rr.group != "" {
			var sub []candidate
			var idx []int
			for i, rd := range def.Rows {
				if rd.Group == rr.group {
					sub = append(sub, cands[i])
					idx = append(idx, i)
				}
			}
			if x := matchLabel(rr.own, sub); x.index >= 0 {
				lm = x
				lm.index = idx[x.index]
			}
		}
		if lm.index < 0 {
			lm = matchLabel(rr.own, cands)
		}
		if lm.index < 0 && rr.group != "" && rr.ord.Style != normalize.OrdNone {
			// The label is unreadable: the group and the ordinal tell.
			n := 0
			for i, rd := range def.Rows {
				if rd.Group == rr.group {
					n++
					if n == rr.ord.Value {
						lm = labelMatch{index: i, variant: true}
						break
					}
				}
			}
		}
		if lm.index < 0 {
			continue
		}
		key := def.Rows[lm.index].Key
		// 其他 under （六）其他处理 is other_other; the single row
		// （六）其他处理 is other.
		if key == "other_other" && rr.group != schema.GroupOtherHandle && rr.ord.Style == normalize.OrdChineseParen {
			key = "other"
		}
		if key == "other" && rr.group == schema.GroupOtherHandle && rr.ord.Style == normalize.OrdArabic {
			key = "other_other"
		}
		rr.key, rr.exact = key, lm.exact
		if lm.variant {
			m.variant(key, "", rr.own)
		}
	}
	// A key claimed twice stays with the row that matched it exactly (or
	// first); the other row is left to its position.
	for i, rr := range found {
		if rr.key == "" {
			continue
		}
		for _, other := range found[:i] {
			if other.key != rr.key {
				continue
			}
			if rr.exact && !other.exact {
				other.key = ""
			} else {
				rr.key = ""
			}
			break
		}
	}
	// Rows without a key between two keyed rows take the next template row
	// when the gap fits.
	for i, rr := range found {
		if rr.key != "" || allBlank(rr.values) {
			continue
		}
		prevIdx := -1
		for j := i - 1; j >= 0; j-- {
			if found[j].key != "" {
				prevIdx = def.RowIndex(found[j].key)
				break
			}
		}
		nextIdx := len(def.Rows)
		for j := i + 1; j < len(found); j++ {
			if found[j].key != "" {
				nextIdx = def.RowIndex(found[j].key)
				break
			}
		}
		for k := prevIdx + 1; k < nextIdx; k++ {
			cand := def.Rows[k].Key
			if m.keyTaken(found, cand) {
				continue
			}
			if !templateCompatible(found, cand) {
				continue
			}
			rr.key = cand
			break
		}
	}
	for _, rr := range found {
		if rr.key != "" {
			m.put(rr.key, schema.RequestColumns, rr.values)
		}
	}
}

func (m *mapper) keyTaken(found []*requestRow, key string) bool {
	for _, rr := range found {
		if rr.key == key {
			return true
		}
	}
	return false
}

// templateCompatible keeps positional guesses within one layout of the
// （六） rows.
func templateCompatible(found []*requestRow, key string) bool {
	has := func(k string) bool {
		for _, rr := range found {
			if rr.key == k {
				return true
			}
		}
		return false
	}
	switch key {
	case "other":
		return !has("other_no_correction") && !has("other_unpaid_fee") && !has("other_other")
	case "other_no_correction", "other_unpaid_fee", "other_other":
		return !has("other")
	}
	return true
}
