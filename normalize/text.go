// Package normalize holds the pure string functions the rest of nianbao
// shares: width and radical folding, CJK-aware spacing, the comparison key
// of a label, ordinals (一、 （一） 1. (1) ①), Chinese numerals, cell text to
// number, and label matching — exact on the key first, then fuzzy with
// gojieba word segmentation, whose dictionary ships inside the binary and is
// loaded on first use only.
//
// Nothing here knows the templates or any file format; callers pass the
// candidate labels in.
package normalize

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Fold returns s with compatibility forms folded to their plain form:
// full-width letters, digits and number signs (０-９, Ａ-Ｚ, ＋－．％…) to ASCII,
// the ideographic space and other spaces to a plain space, Kangxi and
// CJK-supplement radicals to the unified ideograph (⻓ → 长), zero-width
// characters removed. Chinese punctuation (（）：，；！？ “” 、) is kept as
// printed; [Key] unifies it for comparison.
func Fold(s string) string {
	if isPlain(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		writeFolded(&b, r)
	}
	return b.String()
}

// isPlain reports whether s needs no folding (the common case for ASCII
// and plain CJK text).
func isPlain(s string) bool {
	for _, r := range s {
		if r < 0x80 {
			if r == '\t' || r == '\n' || r == '\r' || r >= 0x20 {
				continue
			}
			return false
		}
		if r >= 0x4E00 && r <= 0x9FFF {
			continue
		}
		if folded(r) != r || r == 0x3000 || isZeroWidth(r) {
			return false
		}
		if r >= 0xFF01 && r <= 0xFF5E && !keepFullWidth(r) || r >= 0x2E80 && r <= 0x2FDF || r >= 0xF900 && r <= 0xFAFF {
			return false
		}
	}
	return true
}

// keepFullWidth reports whether Fold keeps the full-width form r: the
// punctuation Chinese text is written with.
func keepFullWidth(r rune) bool {
	switch r {
	case '（', '）', '：', '，', '；', '！', '？', '［', '］', '｛', '｝', '～', '＂', '＇':
		return true
	}
	return false
}

func isZeroWidth(r rune) bool {
	return r == 0x200B || r == 0x200C || r == 0x200D || r == 0xFEFF || r == 0x00AD || r == 0x2060
}

// folded maps the single runes Fold treats specially.
func folded(r rune) rune {
	if t, ok := cjkFold[r]; ok {
		return t
	}
	switch r {
	case 0x00A0, 0x2002, 0x2003, 0x2009, 0x202F, 0x3000:
		return ' '
	case 0x2212, 0xFE63: // minus sign, small hyphen-minus
		return '-'
	}
	return r
}

func writeFolded(b *strings.Builder, r rune) {
	switch {
	case isZeroWidth(r):
		return
	case r >= 0xFF01 && r <= 0xFF5E && !keepFullWidth(r):
		b.WriteRune(r - 0xFF01 + '!')
		return
	case r < 0x80 && r != '\t' && r != '\n' && r < 0x20:
		b.WriteByte(' ')
		return
	}
	if t := folded(r); t != r {
		b.WriteRune(t)
		return
	}
	if r >= 0x2F00 && r <= 0x2FDF || r >= 0xF900 && r <= 0xFAFF {
		// Kangxi radicals and CJK compatibility ideographs: NFKC gives the
		// unified ideograph.
		var buf [utf8.UTFMax]byte
		n := utf8.EncodeRune(buf[:], r)
		b.Write(norm.NFKC.Bytes(buf[:n]))
		return
	}
	b.WriteRune(r)
}

// IsHan reports whether r is a CJK ideograph.
func IsHan(r rune) bool {
	return unicode.Is(unicode.Han, r)
}

// IsCJK reports whether r is an ideograph or CJK punctuation, the
// characters between which no space is written.
func IsCJK(r rune) bool {
	if r >= 0x3000 && r <= 0x303F || r >= 0xFF00 && r <= 0xFFEF {
		return true
	}
	switch r {
	case '“', '”', '‘', '’', '…', '—':
		return true
	}
	return IsHan(r)
}

// Space collapses runs of white space to one space and removes spaces next
// to CJK characters ("三 、本 年 度" → "三、本年度"), keeping the spaces between
// Latin words and numbers. Line breaks count as spaces.
func Space(s string) string {
	s = Fold(s)
	if !hasSpace(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	pending := false
	var prev rune
	for _, r := range s {
		if unicode.IsSpace(r) {
			pending = b.Len() > 0
			continue
		}
		if pending && !IsCJK(prev) && !IsCJK(r) {
			b.WriteByte(' ')
		}
		pending = false
		b.WriteRune(r)
		prev = r
	}
	return b.String()
}

// hasSpace reports whether s holds any white space (Fold has turned the
// other Unicode spaces into ASCII ones, but U+0085 and U+2028 may remain).
func hasSpace(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == ' ', c >= '\t' && c <= '\r':
			return true
		case c >= 0x80:
			if strings.IndexFunc(s[i:], unicode.IsSpace) >= 0 {
				return true
			}
			// The rest holds no space either way; skip the ASCII scan.
			return false
		}
	}
	return false
}

// Compact returns Fold(s) without any white space: the form in which
// labels wrapped over several lines, letter-spaced or split across cells
// compare equal.
func Compact(s string) string {
	s = Fold(s)
	if !hasSpace(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if !unicode.IsSpace(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Key returns the comparison key of a label: Compact, with brackets,
// punctuation and quotes unified or dropped and traditional characters
// simplified, so that （一）/(一), 1./1、/1．, “三安全一稳定”/"三安全一稳定" and
// 規章/规章 give the same key.
func Key(s string) string {
	s = Compact(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch r {
		case '（', '(', '［', '[', '【', '〔', '{', '｛':
			b.WriteByte('(')
		case '）', ')', '］', ']', '】', '〕', '}', '｝':
			b.WriteByte(')')
		case '“', '”', '‘', '’', '"', '\'', '「', '」', '『', '』', '《', '》', '〈', '〉', '<', '>':
			// dropped
		case '，', ',', '；', ';':
			b.WriteByte(',')
		case '：', ':':
			b.WriteByte(':')
		case '。', '．', '.', '、', '·', '・':
			b.WriteByte('.')
		case '／', '/', '\\':
			b.WriteByte('/')
		case '—', '–', '―', '─', '－', '-', '~', '～':
			b.WriteByte('-')
		default:
			if t, ok := simplifiedOf[r]; ok {
				r = t
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

// StripNotes removes parenthesised notes from a label ("本年增/减（减用负值表示，如-8）"
// → "本年增/减"), the instructions provincial fill-in forms put inside labels.
// A label that is only a note is returned as it was.
func StripNotes(s string) string {
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch r {
		case '（', '(':
			depth++
			continue
		case '）', ')':
			if depth > 0 {
				depth--
				continue
			}
		}
		if depth == 0 {
			b.WriteRune(r)
		}
	}
	if strings.TrimSpace(b.String()) == "" {
		return s
	}
	return b.String()
}
