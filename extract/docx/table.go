package docx

import (
	"strings"

	"github.com/nianbao/nianbao/extract/layout"
)

// Merge states of w:vMerge and the legacy w:hMerge.
const (
	mergeNone uint8 = iota
	mergeRestart
	mergeContinue
)

type rawRow struct {
	before, after int // w:gridBefore, w:gridAfter
	deleted       bool
	cells         []rawCell
}

type rawCell struct {
	span           int
	vmerge, hmerge uint8
	text           string
	tables         []*layout.Table
}

// table reads a w:tbl and returns its grid, or nil for a table without
// rows.
func (b *body) table(x *xmlReader) (*layout.Table, error) {
	b.tableDepth++
	defer func() { b.tableDepth-- }()
	if b.tableDepth > b.pk.opts.MaxTableDepth {
		return nil, &LimitError{Limit: "MaxTableDepth", Value: int64(b.tableDepth), Max: int64(b.pk.opts.MaxTableDepth), Part: x.part}
	}
	var rows []rawRow
	var rowsIn func(se startElement) error
	rowsIn = func(se startElement) error {
		switch se.ns {
		case nsKindW:
			switch se.Name.Local {
			case "tr":
				r, err := b.row(x)
				if err != nil {
					return err
				}
				if !r.deleted {
					rows = append(rows, r)
				}
				return nil
			case "sdt":
				return b.sdt(x, func() error { return x.children(rowsIn) })
			case "customXml", "ins", "moveTo":
				return x.children(rowsIn)
			}
		case nsKindMC:
			if se.Name.Local == "AlternateContent" {
				return b.alternate(x, func() error { return x.children(rowsIn) })
			}
		}
		// tblPr, tblGrid, bookmarks, …
		return x.skip()
	}
	if err := x.children(rowsIn); err != nil {
		return nil, err
	}
	return b.grid(rows, x.part)
}

// row reads a w:tr.
func (b *body) row(x *xmlReader) (rawRow, error) {
	var r rawRow
	var cellsIn func(se startElement) error
	cellsIn = func(se startElement) error {
		switch se.ns {
		case nsKindW:
			switch se.Name.Local {
			case "trPr":
				return x.children(func(se startElement) error {
					switch {
					case se.w("gridBefore"):
						r.before = b.gridCount(se)
					case se.w("gridAfter"):
						r.after = b.gridCount(se)
					case se.w("del"):
						r.deleted = true
					}
					return x.skip()
				})
			case "tc":
				c, err := b.cell(x)
				if err != nil {
					return err
				}
				r.cells = append(r.cells, c)
				return nil
			case "sdt":
				return b.sdt(x, func() error { return x.children(cellsIn) })
			case "customXml":
				return x.children(cellsIn)
			}
		case nsKindMC:
			if se.Name.Local == "AlternateContent" {
				return b.alternate(x, func() error { return x.children(cellsIn) })
			}
		}
		return x.skip()
	}
	err := x.children(cellsIn)
	return r, err
}

// gridCount reads a w:gridBefore, w:gridAfter or w:gridSpan value: at
// least 0, capped far below integer overflow (any value over
// MaxTableCells is refused when the grid is built, before allocating).
func (b *body) gridCount(se startElement) int {
	n, ok := se.intVal()
	if !ok || n < 0 {
		return 0
	}
	return min(n, 1<<40)
}

// cell reads a w:tc.
func (b *body) cell(x *xmlReader) (rawCell, error) {
	c := rawCell{span: 1}
	content := &container{}
	err := x.children(func(se startElement) error {
		if se.w("tcPr") {
			return x.children(func(se startElement) error {
				switch {
				case se.w("gridSpan"):
					c.span = max(b.gridCount(se), 1)
				case se.w("vMerge"):
					c.vmerge = mergeKind(se)
				case se.w("hMerge"):
					c.hmerge = mergeKind(se)
				}
				return x.skip()
			})
		}
		return b.block(x, se, content)
	})
	if err != nil {
		return c, err
	}
	content.flush(b)
	c.text = cellText(content.out)
	for _, bl := range content.out {
		if t, ok := bl.(*layout.Table); ok {
			c.tables = append(c.tables, t)
		}
	}
	return c, nil
}

// mergeKind reads w:vMerge / w:hMerge: val="restart" starts a merged
// region; a missing val or "continue" continues it.
func mergeKind(se startElement) uint8 {
	if strings.EqualFold(strings.TrimSpace(se.val()), "restart") {
		return mergeRestart
	}
	return mergeContinue
}

// grid resolves the rows into a rectangular grid: gridBefore and gridAfter
// leave positions empty, gridSpan and hMerge widen a cell, and a vMerge
// continuation extends the cell above that starts in the same grid column.
// The grid is checked against MaxTableCells as it grows, before anything
// is allocated for it.
func (b *body) grid(rows []rawRow, part string) (*layout.Table, error) {
	maxCells := b.pk.opts.MaxTableCells
	limit := func(v int) error {
		return &LimitError{Limit: "MaxTableCells", Value: int64(v), Max: int64(maxCells), Part: part}
	}
	t := &layout.Table{}
	var prev, cur []*layout.Cell // which cell covers each column of the previous and current row
	cols := 0
	for r, row := range rows {
		cur = cur[:0]
		col := row.before
		if col > maxCells {
			return nil, limit(col)
		}
		cover := func(c *layout.Cell, from, to int) {
			for len(cur) < to {
				cur = append(cur, nil)
			}
			for k := from; k < to; k++ {
				cur[k] = c
			}
		}
		var last *layout.Cell
		for _, rc := range row.cells {
			end := col + rc.span
			if end > maxCells {
				return nil, limit(end)
			}
			switch {
			case rc.hmerge == mergeContinue && last != nil && last.Row == r:
				last.ColSpan += rc.span
				b.dropped(rc)
			case rc.vmerge == mergeContinue && col < len(prev) && prev[col] != nil && prev[col].Col == col:
				o := prev[col]
				o.RowSpan = r - o.Row + 1
				b.dropped(rc)
				last = o
			default:
				c := &layout.Cell{Row: r, Col: col, RowSpan: 1, ColSpan: rc.span, Text: rc.text, Tables: rc.tables}
				t.Cells = append(t.Cells, c)
				last = c
			}
			cover(last, col, end)
			col = end
		}
		col += row.after
		if col > maxCells {
			return nil, limit(col)
		}
		cols = max(cols, col)
		if (r+1)*cols > maxCells {
			return nil, limit((r + 1) * cols)
		}
		prev, cur = cur, prev
	}
	t.Rows, t.Cols = len(rows), cols
	if t.Rows == 0 || t.Cols == 0 {
		return nil, nil
	}
	t.Normalize()
	return t, nil
}

// dropped warns when a merged continuation cell holds text: Word does not
// show it, so neither does the grid.
func (b *body) dropped(rc rawCell) {
	if strings.TrimSpace(rc.text) != "" {
		b.pk.warn("text in a merged-over table cell is not shown by Word and was dropped: " + truncateRunes(rc.text, 40))
	}
}
