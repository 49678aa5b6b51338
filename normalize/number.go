package normalize

import (
	"strconv"
	"strings"
	"unicode"
)

// CellStatus says what a table cell held.
type CellStatus uint8

// Cell statuses.
const (
	CellBlank    CellStatus = iota // nothing, or only spaces
	CellNumber                     // a number
	CellZeroMark                   // a conventional zero mark (—, -, /, 无), read as 0
	CellInvalid                    // text that is not an acceptable number
)

// NumberKind says which numbers a cell may hold.
type NumberKind uint8

// Number kinds.
const (
	Count  NumberKind = iota // non-negative integer
	Signed                   // integer, may be negative or carry a sign
	Amount                   // non-negative decimal
)

// units are the unit words a cell may carry after its number, longest
// first.
var units = []string{"万元", "千元", "元", "件次", "人次", "件", "个", "项", "条", "次", "份", "宗", "起"}

// ParseCell reads a table cell: blank → CellBlank; a zero mark (—, –, -, /,
// 无, and runs of them) → 0 and CellZeroMark; a number with full-width
// digits, thousands separators, surrounding spaces, a trailing unit word
// (件, 万元, 元 …) or, for Signed, a sign → its value and CellNumber; anything
// else, or a number the kind does not allow (a fraction or a negative
// count), → CellInvalid. unit is the unit word that was dropped, if any.
func ParseCell(s string, kind NumberKind) (v float64, st CellStatus, unit string) {
	t := Compact(s)
	if t == "" {
		return 0, CellBlank, ""
	}
	if isZeroMark(t) {
		return 0, CellZeroMark, ""
	}
	t = strings.TrimRight(t, "。.;；,，")
	// A unit in brackets or plain, after the number.
	t = strings.TrimSuffix(strings.TrimSuffix(t, ")"), "）")
	for _, u := range units {
		if strings.HasSuffix(t, u) {
			t, unit = strings.TrimSuffix(t, u), u
			t = strings.TrimSuffix(strings.TrimSuffix(t, "("), "（")
			break
		}
	}
	neg := false
	switch {
	case strings.HasPrefix(t, "+"):
		t = t[1:]
	case strings.HasPrefix(t, "-"):
		neg, t = true, t[1:]
	case strings.HasPrefix(t, "减"):
		neg, t = true, strings.TrimPrefix(t, "减")
	case strings.HasPrefix(t, "增"):
		t = strings.TrimPrefix(t, "增")
	}
	t = stripThousands(t)
	if t == "" || !isDecimal(t) {
		return 0, CellInvalid, unit
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil {
		return 0, CellInvalid, unit
	}
	if neg {
		f = -f
	}
	switch kind {
	case Count:
		if neg || f != float64(int64(f)) {
			return 0, CellInvalid, unit
		}
	case Signed:
		if f != float64(int64(f)) {
			return 0, CellInvalid, unit
		}
	case Amount:
		if neg {
			return 0, CellInvalid, unit
		}
	}
	if f == 0 {
		f = 0 // no negative zero
	}
	return f, CellNumber, unit
}

// isZeroMark reports whether t (compacted) holds only dashes, slashes or 无.
func isZeroMark(t string) bool {
	if t == "无" {
		return true
	}
	for _, r := range t {
		switch r {
		case '—', '–', '―', '─', '-', '－', '/', '／', '\\', '一':
		default:
			return false
		}
	}
	// A lone 一 is the numeral one written as a dash by no one: only
	// accept it inside runs of other marks.
	return t != "一" && strings.Trim(t, "一") != ""
}

func isDecimal(t string) bool {
	dot := false
	digits := 0
	for _, r := range t {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '.' && !dot:
			dot = true
		default:
			return false
		}
	}
	return digits > 0
}

// stripThousands removes thousands separators (1,036 / 1，036 / 1 036)
// when they group digits by three.
func stripThousands(t string) string {
	if !strings.ContainsAny(t, ",，'") {
		return t
	}
	intPart, frac, hasFrac := strings.Cut(t, ".")
	groups := strings.FieldsFunc(intPart, func(r rune) bool { return r == ',' || r == '，' || r == '\'' })
	if len(groups) < 2 || len(groups[0]) > 3 || len(groups[0]) == 0 {
		return t
	}
	for _, g := range groups[1:] {
		if len(g) != 3 {
			return t
		}
	}
	out := strings.Join(groups, "")
	if hasFrac {
		out += "." + frac
	}
	return out
}

// HasDigit reports whether s contains an Arabic digit (ASCII or full-width).
func HasDigit(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool {
		return r >= '0' && r <= '9' || r >= '０' && r <= '９'
	}) >= 0
}

// IsNumeric reports whether s, compacted, is only a number or a zero mark:
// a value cell rather than a label.
func IsNumeric(s string) bool {
	t := Compact(s)
	if t == "" {
		return false
	}
	_, st, _ := ParseCell(t, Amount)
	if st == CellNumber || st == CellZeroMark {
		return true
	}
	_, st, _ = ParseCell(t, Signed)
	return st == CellNumber
}

// IsSpaceOnly reports whether s has nothing but white space.
func IsSpaceOnly(s string) bool {
	return strings.TrimFunc(s, unicode.IsSpace) == ""
}
