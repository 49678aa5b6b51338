package normalize

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// OrdinalStyle is the way an ordinal is written.
type OrdinalStyle uint8

// Ordinal styles, in the order Chinese reports nest them.
const (
	OrdNone         OrdinalStyle = iota
	OrdChinese                   // 一、 一. 一．
	OrdChineseParen              // （一） (一) 一）
	OrdArabic                    // 1. 1、 1．
	OrdArabicParen               // (1) （1） 1）
	OrdCircled                   // ① ②
)

// Ordinal is a parsed leading ordinal.
type Ordinal struct {
	Style OrdinalStyle
	Value int    // 1-based
	Text  string // as written, with its punctuation ("一、", "（三）")
	// Numeral is the numeral as written, without punctuation ("一", "3").
	Numeral string
}

// SplitOrdinal parses a leading ordinal of s (after leading spaces) and
// returns it with the rest of s, trimmed. When s starts with no ordinal it
// returns the zero Ordinal and s unchanged.
//
// A Chinese numeral must be followed by 、 . ． or a space ("一是…" is not
// an ordinal); an Arabic one by 、 . ． but not by a digit ("1.5万元" is not
// an ordinal).
func SplitOrdinal(s string) (Ordinal, string) {
	t := strings.TrimLeftFunc(s, unicode.IsSpace)
	if t == "" {
		return Ordinal{}, s
	}
	first, _ := utf8.DecodeRuneInString(t)
	// Circled numbers.
	if first >= '①' && first <= '⑳' {
		n := utf8.RuneLen(first)
		return Ordinal{Style: OrdCircled, Value: int(first-'①') + 1, Text: t[:n], Numeral: t[:n]}, trimRest(t[n:])
	}
	// Bracketed: （一） (一) （1） (1).
	if first == '（' || first == '(' {
		body := t[utf8.RuneLen(first):]
		body = strings.TrimLeft(body, " ")
		num, rest := leadingNumeral(body)
		if num == "" {
			return Ordinal{}, s
		}
		rest = strings.TrimLeft(rest, " ")
		r, n := utf8.DecodeRuneInString(rest)
		if r != '）' && r != ')' {
			return Ordinal{}, s
		}
		end := len(t) - len(rest) + n
		o := Ordinal{Text: t[:end], Numeral: num}
		if v, ok := arabic(num); ok {
			o.Style, o.Value = OrdArabicParen, v
		} else if v, ok := ChineseNumber(num); ok {
			o.Style, o.Value = OrdChineseParen, v
		} else {
			return Ordinal{}, s
		}
		return o, trimRest(t[end:])
	}
	num, rest := leadingNumeral(t)
	if num == "" {
		return Ordinal{}, s
	}
	r, n := utf8.DecodeRuneInString(rest)
	v, isArabic := arabic(num)
	switch {
	case r == '、' || r == '．' || r == '.' || r == '，' && !isArabic:
		if isArabic {
			// "1.5" is a number, not an ordinal.
			if next, _ := utf8.DecodeRuneInString(rest[n:]); next >= '0' && next <= '9' || next >= '０' && next <= '９' {
				return Ordinal{}, s
			}
		}
	case r == '）' || r == ')':
		// "一）" "1)" without the opening bracket.
		o := Ordinal{Text: t[:len(t)-len(rest)+n], Numeral: num}
		if isArabic {
			o.Style, o.Value = OrdArabicParen, v
		} else if cv, ok := ChineseNumber(num); ok {
			o.Style, o.Value = OrdChineseParen, cv
		} else {
			return Ordinal{}, s
		}
		return o, trimRest(rest[n:])
	case (r == ' ' || r == '\t' || r == 0x3000) && !isArabic:
		// "一 总体情况"
	default:
		return Ordinal{}, s
	}
	o := Ordinal{Text: t[:len(t)-len(rest)+n], Numeral: num}
	if isArabic {
		o.Style, o.Value = OrdArabic, v
	} else if cv, ok := ChineseNumber(num); ok {
		o.Style, o.Value = OrdChinese, cv
	} else {
		return Ordinal{}, s
	}
	return o, trimRest(rest[n:])
}

func trimRest(s string) string {
	return strings.TrimSpace(s)
}

// leadingNumeral returns the leading run of Arabic digits (ASCII or
// full-width) or Chinese numeral characters of s, and the rest.
func leadingNumeral(s string) (num, rest string) {
	i := 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !(r >= '0' && r <= '9' || r >= '０' && r <= '９' || isChineseDigit(r)) {
			break
		}
		i += n
	}
	if i > 12 {
		return "", s
	}
	return s[:i], s[i:]
}

func isChineseDigit(r rune) bool {
	return strings.ContainsRune("〇零一二三四五六七八九十百两壹贰叁肆伍陆柒捌玖拾", r)
}

func arabic(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	v := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			v = v*10 + int(r-'0')
		case r >= '０' && r <= '９':
			v = v*10 + int(r-'０')
		default:
			return 0, false
		}
		if v > 1e6 {
			return 0, false
		}
	}
	return v, true
}

// ChineseNumber parses a Chinese numeral below 1000 (一, 十一, 二十, 一百零五,
// 壹拾贰, 〇 digits such as 二〇二一). It reports false for anything else.
func ChineseNumber(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	digit := func(r rune) (int, bool) {
		switch r {
		case '〇', '零':
			return 0, true
		case '一', '壹':
			return 1, true
		case '二', '两', '贰':
			return 2, true
		case '三', '叁':
			return 3, true
		case '四', '肆':
			return 4, true
		case '五', '伍':
			return 5, true
		case '六', '陆':
			return 6, true
		case '七', '柒':
			return 7, true
		case '八', '捌':
			return 8, true
		case '九', '玖':
			return 9, true
		}
		return 0, false
	}
	// Positional digits only (二〇二一).
	if !strings.ContainsAny(s, "十拾百") {
		v := 0
		for _, r := range s {
			d, ok := digit(r)
			if !ok {
				return 0, false
			}
			v = v*10 + d
		}
		return v, true
	}
	total, cur := 0, -1
	for _, r := range s {
		if d, ok := digit(r); ok {
			cur = d
			continue
		}
		switch r {
		case '十', '拾':
			if cur < 0 {
				cur = 1
			}
			total += cur * 10
		case '百':
			if cur < 0 {
				return 0, false
			}
			total += cur * 100
		default:
			return 0, false
		}
		cur = -1
	}
	if cur > 0 {
		total += cur
	}
	return total, total > 0
}

var chineseDigits = []string{"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"}

// ChineseNumeral writes n (1 ≤ n < 1000) the way Word's chineseCounting
// numbering does: 一 … 十, 十一, 二十, 一百零一.
func ChineseNumeral(n int) string {
	if n <= 0 || n >= 1000 {
		return ""
	}
	var b strings.Builder
	h, t, u := n/100, n/10%10, n%10
	if h > 0 {
		b.WriteString(chineseDigits[h] + "百")
		if t == 0 && u > 0 {
			b.WriteString("零")
		}
	}
	if t > 0 {
		if t > 1 || h > 0 {
			b.WriteString(chineseDigits[t])
		}
		b.WriteString("十")
	}
	if u > 0 {
		b.WriteString(chineseDigits[u])
	}
	return b.String()
}
