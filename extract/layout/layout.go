// Package layout is the format-neutral document model that every reader
// (extract/docx, extract/pdf, later .doc and HTML) produces and that the
// locator in package extract reads: an ordered list of blocks, each a
// paragraph or a table whose grid has its merged cells resolved.
//
// Everything after a reader is written once, against this model. The model
// knows nothing of any file format and imports nothing of nianbao's.
package layout

import "strings"

// Document is a whole document as an ordered list of blocks.
type Document struct {
	Blocks []Block
	// Pages is the number of pages, or 0 for formats without pages.
	Pages int
	// Warnings are problems the reader worked around (a font without a
	// usable mapping, a table rebuilt from text alignment). They are for
	// people; the locator does not read them.
	Warnings []string
}

// Block is a *Paragraph or a *Table.
type Block interface {
	block()
	// FirstPage returns the 1-based page the block starts on, or 0.
	FirstPage() int
}

// Paragraph is one paragraph of running text (a heading, a caption, a
// body paragraph).
type Paragraph struct {
	// Text is the paragraph's text as a reader sees it: automatic
	// numbering rendered ("一、总体情况" whether typed or numbered by Word),
	// runs joined, line breaks inside the paragraph as "\n", tabs as "\t".
	// No spaces are inserted between CJK characters.
	Text string
	// Page is the 1-based page, or 0 for formats without pages.
	Page int
	// Heading is the outline level (1 = top) when the document marks the
	// paragraph as a heading (a heading style or outline level in Word, a
	// larger or bold font in a PDF), else 0.
	Heading int
	// Centered is set when the paragraph is centred (titles usually are).
	Centered bool
	// Bold is set when most of the text is bold.
	Bold bool
	// FontSize is the dominant font size in points, or 0 when unknown.
	FontSize float64
	// BBox is the paragraph's box in PDF points (x0, y0, x1, y1, y up), or
	// nil for formats without geometry.
	BBox *Rect
}

// Table is a table with a rectangular grid. A merged cell appears once in
// Cells, at its top-left position, with its spans.
type Table struct {
	Rows, Cols int
	// Cells in row-major order of their top-left corner. Every grid
	// position is covered by exactly one cell.
	Cells []*Cell
	// Page is the first page the table is on, or 0.
	Page int
	// Pages is the last page the table is on (tables split across pages
	// are joined by the reader), or 0.
	LastPage int
}

// Cell is one (possibly merged) table cell.
type Cell struct {
	Row, Col         int // top-left position in the grid, 0-based
	RowSpan, ColSpan int // at least 1
	// Text is the cell's text: its paragraphs joined by "\n".
	Text string
	// Page is the page the cell's text is on, or 0.
	Page int
	// BBox is the cell's box in PDF points, or nil.
	BBox *Rect
	// Tables holds tables nested in the cell; their text is also part of
	// Text.
	Tables []*Table
	// Blocks is the cell's content as blocks (paragraphs and nested tables
	// in order) when it holds a nested table, so that a layout table
	// wrapping a whole report can be read as the report; nil otherwise.
	Blocks []Block
}

// Rect is an axis-aligned box in PDF user space: X0 < X1, Y0 < Y1, y up.
type Rect struct {
	X0, Y0, X1, Y1 float64
}

func (*Paragraph) block() {}
func (*Table) block()     {}

// FirstPage implements Block.
func (p *Paragraph) FirstPage() int { return p.Page }

// FirstPage implements Block.
func (t *Table) FirstPage() int { return t.Page }

// Grid returns the table as a Rows×Cols matrix in which every position
// points at the cell covering it (a merged cell appears at every position
// it spans). Positions no cell covers are nil.
func (t *Table) Grid() [][]*Cell {
	g := make([][]*Cell, t.Rows)
	for i := range g {
		g[i] = make([]*Cell, t.Cols)
	}
	for _, c := range t.Cells {
		for r := c.Row; r < c.Row+max(c.RowSpan, 1) && r < t.Rows; r++ {
			for k := c.Col; k < c.Col+max(c.ColSpan, 1) && k < t.Cols; k++ {
				if r >= 0 && k >= 0 {
					g[r][k] = c
				}
			}
		}
	}
	return g
}

// Text returns the table's text row by row, cells separated by " | ",
// each merged cell once: for debugging and for the locator's captions.
func (t *Table) Text() string {
	var b strings.Builder
	row := -1
	for _, c := range t.Cells {
		if c.Row != row {
			if row >= 0 {
				b.WriteByte('\n')
			}
			row = c.Row
		} else {
			b.WriteString(" | ")
		}
		b.WriteString(c.Text)
	}
	return b.String()
}

// Normalize makes the table rectangular and well formed: spans are at
// least 1 and clipped to the grid, overlapping cells are dropped, holes
// are filled with empty cells, and Cells is sorted row-major. Readers call
// it before returning a table.
func (t *Table) Normalize() {
	if t.Rows < 0 {
		t.Rows = 0
	}
	if t.Cols < 0 {
		t.Cols = 0
	}
	g := make([][]*Cell, t.Rows)
	for i := range g {
		g[i] = make([]*Cell, t.Cols)
	}
	var kept []*Cell
	for _, c := range t.Cells {
		if c == nil || c.Row < 0 || c.Col < 0 || c.Row >= t.Rows || c.Col >= t.Cols {
			continue
		}
		c.RowSpan = max(c.RowSpan, 1)
		c.ColSpan = max(c.ColSpan, 1)
		c.RowSpan = min(c.RowSpan, t.Rows-c.Row)
		c.ColSpan = min(c.ColSpan, t.Cols-c.Col)
		if g[c.Row][c.Col] != nil {
			continue
		}
		// Shrink the span where it would overlap a cell already placed.
		for r := c.Row; r < c.Row+c.RowSpan; r++ {
			for k := c.Col; k < c.Col+c.ColSpan; k++ {
				if g[r][k] != nil {
					if r == c.Row {
						c.ColSpan = k - c.Col
					} else {
						c.RowSpan = r - c.Row
					}
				}
			}
		}
		for r := c.Row; r < c.Row+c.RowSpan; r++ {
			for k := c.Col; k < c.Col+c.ColSpan; k++ {
				g[r][k] = c
			}
		}
		kept = append(kept, c)
	}
	for r := range g {
		for k := range g[r] {
			if g[r][k] == nil {
				c := &Cell{Row: r, Col: k, RowSpan: 1, ColSpan: 1, Page: t.Page}
				g[r][k] = c
				kept = append(kept, c)
			}
		}
	}
	// Row-major order of top-left corners.
	out := kept[:0]
	for r := range g {
		for k := range g[r] {
			if c := g[r][k]; c.Row == r && c.Col == k {
				out = append(out, c)
			}
		}
	}
	t.Cells = out
}

// Tables returns every table of the document in document order, nested
// tables right after the table that holds them.
func (d *Document) Tables() []*Table {
	var out []*Table
	var walk func(t *Table)
	walk = func(t *Table) {
		out = append(out, t)
		for _, c := range t.Cells {
			for _, n := range c.Tables {
				walk(n)
			}
		}
	}
	for _, b := range d.Blocks {
		if t, ok := b.(*Table); ok {
			walk(t)
		}
	}
	return out
}
