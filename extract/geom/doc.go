// Package geom turns positioned glyphs and ruling lines into the layout
// model ([layout.Document]): text lines, paragraphs, headings and tables.
// It knows nothing of PDF syntax; any reader of a positioned format (PDF,
// and later OFD) fills [Page] values and calls [Build].
//
// Input coordinates are points, y up. Glyphs carry their box, font size,
// boldness and whether they advance downward (vertical writing).
//
// What Build does:
//
//   - Tables come from ruling lines: crossing horizontal and vertical
//     segments form a grid; grid cells not separated by a ruling are one
//     merged cell (row and column spans exact). A cell's text is its glyphs
//     in reading order; lines wrapped inside a cell are joined without a
//     separator between CJK characters and within a number too long for
//     its cell (1498 set as 149 over 8), and with a space between Latin
//     words. A one-cell grid is a frame and yields a paragraph.
//   - Tables with missing or partial ruling lines (rules only, column
//     lines only, a frame only, none; a ruled grid whose cells hold two
//     numbers or two lines of runs set apart) are rebuilt from their
//     text, the rulings that are there taken as evidence. A table is found from
//     bands of text that hold three or more runs set apart (or a label and
//     a number, on three rows), grown over the neighbouring bands set in
//     the same font size and free of sentences, and bounded by the rulings
//     that frame it. Its columns come from the gaps between runs side by
//     side and between columns of words and numbers; its cells from the
//     lines of wrapped cells joined; its rows from the gaps between cells
//     one above the other; merged cells from text crossing an edge, from
//     group labels set beside the row labels they span (split between
//     groups where each is centred, or where row labels restart at 1),
//     and from header cells centred over empty places. Blank cells are
//     kept as empty cells, one per column. Rows at the top or bottom of a
//     page that are a table only as part of one across the page break are
//     kept only when they join it. A warning says which pages have such
//     tables.
//   - A table that is the last block of a page and continues as the first
//     block of the next page with the same column edges (one page may lack
//     some inner edges; a table rebuilt from text is rebuilt in the
//     columns of the other part when its text fits them) is joined: a
//     repeated header row is dropped, a row broken by the page break is
//     glued back (a one-row label goes on only when its last line on the
//     first page fills its cell: a short label ended there), and merged
//     label cells cut by the break go on.
//   - Other glyphs form lines (no space between CJK characters; a space
//     where Latin words or numbers are separated by a gap; glyphs drawn
//     twice to fake bold count once, as bold) and paragraphs (by line
//     pitch, first-line indent and lines ending short of the right margin).
//     A paragraph cut by a page break is joined.
//   - Headings: a short paragraph starting with an ordinal (一、 → 1,
//     （一） → 2, 1. → 3, (1) and ① → 4), or a short one set clearly larger
//     than the body text (level 1). FontSize, Bold, Centered and BBox are set.
//   - Page numbers (- 3 -, — 3 —, 第3页, 第3页 共5页, 3/5, Page 3 of 5) and
//     lines repeated near the top or bottom edge of most pages are dropped.
//
// Tables drawn without rulings whose rows have no more than two runs of
// text (a column of labels and one of numbers, fewer than three rows) are
// not found; their text comes out as paragraphs. A table with more than
// 5000 runs of text is not rebuilt from its text (a warning says so).
package geom
