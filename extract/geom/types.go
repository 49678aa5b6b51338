package geom

// Glyph is one shown character (or an /ActualText replacement) with its
// box on the page.
type Glyph struct {
	// Text is the character's Unicode text: usually one rune, several
	// for ligatures and replacement text, U+FFFD when the font has no
	// usable mapping.
	Text string
	// X0, Y0, X1, Y1 is the glyph's box in points, y up: the advance
	// width times the em height from descent to ascent.
	X0, Y0, X1, Y1 float64
	// Size is the font size in points on the page.
	Size float64
	// Bold is set for bold fonts and fake bold (fill+stroke rendering).
	Bold bool
	// Vertical is set for glyphs that advance downward (vertical writing,
	// or text rotated by 90°): they form columns, read top to bottom.
	Vertical bool
}

// Segment is a horizontal or vertical ruling line in points, y up: a
// stroked line or a thin filled rectangle, with X0 <= X1 and Y0 <= Y1.
type Segment struct {
	X0, Y0, X1, Y1 float64
}

// Horizontal reports whether s runs along the x axis.
func (s Segment) Horizontal() bool { return s.Y1-s.Y0 <= s.X1-s.X0 }

// Page is the content of one page: its size, glyphs in content order and
// ruling segments.
type Page struct {
	Number        int // 1-based
	Width, Height float64
	Glyphs        []Glyph
	Segments      []Segment
}
