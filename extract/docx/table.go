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
	start, end    int // its cells in tableScratch.cells
}

// tableScratch holds a table's rows and cells while it is read; it is
// recycled for the next table.
type tableScratch struct {
	rows  []rawRow
	cells []rawCell
}

func (b *body) getScratch() *tableScratch {
	if n := len(b.freeTables); n > 0 {
		ts := b.freeTables[n-1]
		b.freeTables = b.freeTables[:n-1]
		return ts
	}
	return &tableScratch{}
}

func (b *body) putScratch(ts *tableScratch) {
	clear(ts.cells)
	ts.rows, ts.cells = ts.rows[:0], ts.cells[:0]
	b.freeTables = append(b.freeTables, ts)
}

type rawCell struct {
	span           int
	vmerge, hmerge uint8
	text           string
	tables         []*layout.Table
	blocks         []layout.Block
}

// table reads a w:tbl and returns its grid, or nil for a table without
// rows.
func (b *body) table(x *xmlReader) (*layout.Table, error) {
	b.tableDepth++
	defer func() { b.tableDepth-- }()
	if b.tableDepth > b.pk.opts.MaxTableDepth {
		return nil, &LimitError{Limit: "MaxTableDepth", Value: int64(b.tableDepth), Max: int64(b.pk.opts.MaxTableDepth), Part: x.part}
	}
	ts := b.getScratch()
	defer b.putScratch(ts)
	var rowsIn func(se startElement) error
	rowsIn = func(se startElement) error {
		switch se.ns {
		case nsKindW:
			switch se.Name.Local {
			case "tr":
				r, err := b.row(x, ts)
				if err != nil {
					return err
				}
				if !r.deleted {
					ts.rows = append(ts.rows, r)
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
	return b.grid(ts, x.part)
}

// row reads a w:tr, appending its cells to ts.
func (b *body) row(x *xmlReader, ts *tableScratch) (rawRow, error) {
	r := rawRow{start: len(ts.cells)}
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
				ts.cells = append(ts.cells, c)
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
	r.end = len(ts.cells)
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
	content := b.getContainer()
	defer b.putContainer(content)
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
	if len(c.tables) > 0 {
		// content.out is scratch space: keep a copy.
		c.blocks = append([]layout.Block(nil), content.out...)
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
func (b *body) grid(ts *tableScratch, part string) (*layout.Table, error) {
	rows := ts.rows
	maxCells := b.pk.opts.MaxTableCells
	limit := func(v int) error {
		return &LimitError{Limit: "MaxTableCells", Value: int64(v), Max: int64(maxCells), Part: part}
	}
	t := &layout.Table{}
	var prev, cur []*layout.Cell // which cell covers each column of the previous and current row
	// The cells are carved from one block; there are at most as many as
	// raw cells.
	n := 0
	for _, row := range rows {
		n += row.end - row.start
	}
	slab := make([]layout.Cell, 0, n)
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
		for _, rc := range ts.cells[row.start:row.end] {
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
				slab = append(slab, layout.Cell{Row: r, Col: col, RowSpan: 1, ColSpan: rc.span, Text: rc.text, Tables: rc.tables, Blocks: rc.blocks})
				c := &slab[len(slab)-1]
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
