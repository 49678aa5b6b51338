package docx

import (
	"strconv"
	"strings"
)

// formatNumber renders n in a Word number format (ST_NumberFormat). Values
// a format cannot show (zero or negative, or beyond its range) and formats
// the reader does not know are written in decimal, as Word does for
// unsupported formats.
func formatNumber(n int, f, custom string) string {
	switch f {
	case "none", "bullet":
		return ""
	case "decimal", "decimalHalfWidth", "":
		return strconv.Itoa(n)
	case "decimalZero":
		if n >= 0 && n < 10 {
			return "0" + strconv.Itoa(n)
		}
	case "decimalFullWidth", "decimalFullWidth2":
		return fullWidth(strconv.Itoa(n))
	case "decimalEnclosedCircle", "decimalEnclosedCircleChinese":
		switch {
		case n >= 1 && n <= 20:
			return string(rune(0x2460 + n - 1)) // ① … ⑳
		case n >= 21 && n <= 35:
			return string(rune(0x3251 + n - 21)) // ㉑ … ㉟
		case n >= 36 && n <= 50:
			return string(rune(0x32B1 + n - 36)) // ㊱ … ㊿
		}
	case "decimalEnclosedFullstop":
		if n >= 1 && n <= 20 {
			return string(rune(0x2488 + n - 1)) // ⒈ … ⒛
		}
	case "decimalEnclosedParen":
		if n >= 1 && n <= 20 {
			return string(rune(0x2474 + n - 1)) // ⑴ … ⒇
		}
	case "upperLetter", "lowerLetter":
		if n >= 1 && n <= 780 {
			c := byte('A' + (n-1)%26)
			if f == "lowerLetter" {
				c += 'a' - 'A'
			}
			return strings.Repeat(string(c), (n-1)/26+1)
		}
	case "upperRoman", "lowerRoman":
		if n >= 1 && n < 4000 {
			s := roman(n)
			if f == "lowerRoman" {
				s = strings.ToLower(s)
			}
			return s
		}
	case "ordinal":
		if n >= 0 {
			return strconv.Itoa(n) + ordinalSuffix(n)
		}
	case "chineseCounting", "chineseCountingThousand", "taiwaneseCounting", "taiwaneseCountingThousand", "japaneseCounting":
		if n == 0 {
			return "〇"
		}
		if s := counting(n, simplifiedDigits, simplifiedUnits, false); s != "" {
			return s
		}
	case "chineseLegalSimplified":
		if s := counting(n, legalSimplifiedDigits, legalSimplifiedUnits, true); s != "" {
			return s
		}
	case "ideographLegalTraditional":
		if s := counting(n, legalTraditionalDigits, legalTraditionalUnits, true); s != "" {
			return s
		}
	case "ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand":
		if n >= 0 {
			var b strings.Builder
			for _, c := range strconv.Itoa(n) {
				b.WriteString(ideographDigits[c-'0'])
			}
			return b.String()
		}
	case "ideographTraditional":
		if n >= 1 && n <= 10 {
			return heavenlyStems[n-1]
		}
	case "ideographZodiac":
		if n >= 1 && n <= 12 {
			return earthlyBranches[n-1]
		}
	case "ideographZodiacTraditional":
		if n >= 1 && n <= 60 {
			return heavenlyStems[(n-1)%10] + earthlyBranches[(n-1)%12]
		}
	case "ideographEnclosedCircle":
		if n >= 1 && n <= 10 {
			return string(rune(0x3220 + n - 1)) // ㈠ … ㈩
		}
	case "custom":
		if w := customWidth(custom); w > 0 && n >= 0 {
			s := strconv.Itoa(n)
			if len(s) < w {
				s = strings.Repeat("0", w-len(s)) + s
			}
			return s
		}
	}
	return strconv.Itoa(n)
}

// canFormat reports whether formatNumber renders f itself rather than
// falling back to decimal.
func canFormat(f, custom string) bool {
	if f == "custom" {
		return customWidth(custom) > 0
	}
	return true
}

// customWidth reads the zero-padded decimal custom formats Word writes
// ("001, 002, 003, ..."): the width of the first item, or 0.
func customWidth(format string) int {
	first, _, _ := strings.Cut(format, ",")
	first = strings.TrimSpace(first)
	if first == "" || len(first) > 8 {
		return 0
	}
	for i := range len(first) {
		if first[i] < '0' || first[i] > '9' {
			return 0
		}
	}
	return len(first)
}

var (
	simplifiedDigits       = []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	simplifiedUnits        = []string{"", "十", "百", "千"}
	legalSimplifiedDigits  = []string{"零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"}
	legalSimplifiedUnits   = []string{"", "拾", "佰", "仟"}
	legalTraditionalDigits = []string{"零", "壹", "貳", "參", "肆", "伍", "陸", "柒", "捌", "玖"}
	legalTraditionalUnits  = []string{"", "拾", "佰", "仟"}
	ideographDigits        = []string{"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	heavenlyStems          = []string{"甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"}
	earthlyBranches        = []string{"子", "丑", "寅", "卯", "辰", "巳", "午", "未", "申", "酉", "戌", "亥"}
)

// counting writes 1 ≤ n ≤ 9999 in Chinese counting style: 十, 十一, 二十,
// 一百零一, 一百一十, 一千零五. legal forms (壹拾) keep the leading one
// before 拾. It returns "" outside the range.
func counting(n int, digits, units []string, legal bool) string {
	if n < 1 || n > 9999 {
		return ""
	}
	var d [4]int // thousands, hundreds, tens, units
	for i, v := 3, n; i >= 0; i-- {
		d[i] = v % 10
		v /= 10
	}
	var b strings.Builder
	started, zero := false, false
	for i, v := range d {
		unit := units[3-i]
		if v == 0 {
			if started {
				zero = true
			}
			continue
		}
		if zero {
			b.WriteString(digits[0])
			zero = false
		}
		if !(v == 1 && i == 2 && !started && !legal) {
			b.WriteString(digits[v])
		}
		b.WriteString(unit)
		started = true
	}
	return b.String()
}

func roman(n int) string {
	vals := []int{1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1}
	syms := []string{"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"}
	var b strings.Builder
	for i, v := range vals {
		for n >= v {
			b.WriteString(syms[i])
			n -= v
		}
	}
	return b.String()
}

func ordinalSuffix(n int) string {
	if n%100 >= 11 && n%100 <= 13 {
		return "th"
	}
	switch n % 10 {
	case 1:
		return "st"
	case 2:
		return "nd"
	case 3:
		return "rd"
	}
	return "th"
}

func fullWidth(s string) string {
	var b strings.Builder
	for _, c := range s {
		if c >= '0' && c <= '9' {
			b.WriteRune(c - '0' + '０')
		} else if c == '-' {
			b.WriteRune('－')
		} else {
			b.WriteRune(c)
		}
	}
	return b.String()
}
