package pdf

import (
	"strconv"
	"strings"
	"sync"

	"golang.org/x/text/encoding/charmap"
)

// Simple-font encodings (PDF 32000-1, Annex D) as code → Unicode. WinAnsi
// is Windows-1252 and MacRoman is Mac OS Roman, which x/text provides;
// StandardEncoding differs from ASCII in a few places and is listed here.

var (
	encOnce     sync.Once
	winAnsi     [256]rune
	macRoman    [256]rune
	standardEnc [256]rune
	glyphNames  map[string]rune
)

func initEncodings() {
	for i := 0; i < 256; i++ {
		winAnsi[i] = charmap.Windows1252.DecodeByte(byte(i))
		macRoman[i] = charmap.Macintosh.DecodeByte(byte(i))
		if i >= 0x20 && i < 0x7f {
			standardEnc[i] = rune(i)
		}
	}
	// WinAnsi: undefined codes are bullets in PDF (D.2 note); 0xA0 is a
	// space; keep x/text's values otherwise.
	for _, i := range []int{0x81, 0x8d, 0x8f, 0x90, 0x9d} {
		winAnsi[i] = '•'
	}
	standardEnc['\''] = '’'
	standardEnc['`'] = '‘'
	for code, r := range map[int]rune{
		0xa1: '¡', 0xa2: '¢', 0xa3: '£', 0xa4: '⁄', 0xa5: '¥', 0xa6: 'ƒ', 0xa7: '§', 0xa8: '¤',
		0xa9: '\'', 0xaa: '“', 0xab: '«', 0xac: '‹', 0xad: '›', 0xae: 'ﬁ', 0xaf: 'ﬂ', 0xb1: '–',
		0xb2: '†', 0xb3: '‡', 0xb4: '·', 0xb6: '¶', 0xb7: '•', 0xb8: '‚', 0xb9: '„', 0xba: '”',
		0xbb: '»', 0xbc: '…', 0xbd: '‰', 0xbf: '¿', 0xc1: '`', 0xc2: '´', 0xc3: 'ˆ', 0xc4: '˜',
		0xc5: '¯', 0xc6: '˘', 0xc7: '˙', 0xc8: '¨', 0xca: '˚', 0xcb: '¸', 0xcd: '˝', 0xce: '˛',
		0xcf: 'ˇ', 0xd0: '—', 0xe1: 'Æ', 0xe3: 'ª', 0xe8: 'Ł', 0xe9: 'Ø', 0xea: 'Œ', 0xeb: 'º',
		0xf1: 'æ', 0xf5: 'ı', 0xf8: 'ł', 0xf9: 'ø', 0xfa: 'œ', 0xfb: 'ß',
	} {
		standardEnc[code] = r
	}
	glyphNames = make(map[string]rune, 400)
	for _, f := range strings.Fields(glyphNameList) {
		name, hex, ok := strings.Cut(f, ":")
		if !ok {
			continue
		}
		v, err := strconv.ParseUint(hex, 16, 32)
		if err == nil {
			glyphNames[name] = rune(v)
		}
	}
	for c := 'A'; c <= 'Z'; c++ {
		glyphNames[string(c)] = c
		glyphNames[string(c+32)] = c + 32
	}
}

// glyphNameText returns the Unicode text of a glyph name: a name from the
// Adobe Glyph List subset below, uniXXXX(XXXX…), uXXXX[XX], a name with a
// suffix (a.sc, f_i ligatures), or "" when unknown.
func glyphNameText(name string) string {
	encOnce.Do(initEncodings)
	if r, ok := glyphNames[name]; ok {
		return string(r)
	}
	if i := strings.IndexByte(name, '.'); i > 0 {
		return glyphNameText(name[:i])
	}
	if strings.Contains(name, "_") {
		var b strings.Builder
		for _, part := range strings.Split(name, "_") {
			t := glyphNameText(part)
			if t == "" {
				return ""
			}
			b.WriteString(t)
		}
		return b.String()
	}
	if strings.HasPrefix(name, "uni") && len(name) >= 7 && (len(name)-3)%4 == 0 {
		var b strings.Builder
		for i := 3; i+4 <= len(name); i += 4 {
			v, err := strconv.ParseUint(name[i:i+4], 16, 16)
			if err != nil || v >= 0xD800 && v <= 0xDFFF {
				return ""
			}
			b.WriteRune(rune(v))
		}
		return b.String()
	}
	if len(name) >= 5 && len(name) <= 7 && name[0] == 'u' {
		v, err := strconv.ParseUint(name[1:], 16, 32)
		if err == nil && v <= 0x10FFFF && !(v >= 0xD800 && v <= 0xDFFF) {
			return string(rune(v))
		}
	}
	return ""
}

// pdfDocRune decodes one byte of PDFDocEncoding (the differences from
// Latin-1 that matter for marked-content text).
func pdfDocRune(c byte) rune {
	switch {
	case c >= 0x18 && c <= 0x1f:
		return []rune("˘ˇˆ˙˝˛˚˜")[c-0x18]
	case c >= 0x80 && c <= 0x9e:
		return []rune("•†‡…—–ƒ⁄‹›−‰„“”‘’‚™ﬁﬂŁŒŠŸŽıłœšž")[c-0x80]
	case c == 0xa0:
		return '€'
	}
	return rune(c)
}

// glyphNameList is the part of the Adobe Glyph List that simple fonts use
// in practice: the names of the standard Latin encodings, common symbols
// and punctuation. Single letters A–Z, a–z are added in initEncodings.
const glyphNameList = `
space:20 exclam:21 quotedbl:22 numbersign:23 dollar:24 percent:25 ampersand:26 quotesingle:27
quoteright:2019 parenleft:28 parenright:29 asterisk:2a plus:2b comma:2c hyphen:2d period:2e slash:2f
zero:30 one:31 two:32 three:33 four:34 five:35 six:36 seven:37 eight:38 nine:39 colon:3a semicolon:3b
less:3c equal:3d greater:3e question:3f at:40 bracketleft:5b backslash:5c bracketright:5d
asciicircum:5e underscore:5f grave:60 quoteleft:2018 braceleft:7b bar:7c braceright:7d asciitilde:7e
exclamdown:a1 cent:a2 sterling:a3 fraction:2044 yen:a5 florin:192 section:a7 currency:a4
quotedblleft:201c guillemotleft:ab guilsinglleft:2039 guilsinglright:203a fi:fb01 fl:fb02
endash:2013 dagger:2020 daggerdbl:2021 periodcentered:b7 paragraph:b6 bullet:2022
quotesinglbase:201a quotedblbase:201e quotedblright:201d guillemotright:bb ellipsis:2026
perthousand:2030 questiondown:bf acute:b4 circumflex:2c6 tilde:2dc macron:af breve:2d8
dotaccent:2d9 dieresis:a8 ring:2da cedilla:b8 hungarumlaut:2dd ogonek:2db caron:2c7 emdash:2014
AE:c6 ordfeminine:aa Lslash:141 Oslash:d8 OE:152 ordmasculine:ba ae:e6 dotlessi:131 lslash:142
oslash:f8 oe:153 germandbls:df Euro:20ac brokenbar:a6 copyright:a9 logicalnot:ac registered:ae
degree:b0 plusminus:b1 twosuperior:b2 threesuperior:b3 mu:b5 onesuperior:b9 onequarter:bc
onehalf:bd threequarters:be multiply:d7 divide:f7 trademark:2122 minus:2212 nbspace:a0
sfthyphen:ad Agrave:c0 Aacute:c1 Acircumflex:c2 Atilde:c3 Adieresis:c4 Aring:c5 Ccedilla:c7
Egrave:c8 Eacute:c9 Ecircumflex:ca Edieresis:cb Igrave:cc Iacute:cd Icircumflex:ce Idieresis:cf
Eth:d0 Ntilde:d1 Ograve:d2 Oacute:d3 Ocircumflex:d4 Otilde:d5 Odieresis:d6 Ugrave:d9 Uacute:da
Ucircumflex:db Udieresis:dc Yacute:dd Thorn:de agrave:e0 aacute:e1 acircumflex:e2 atilde:e3
adieresis:e4 aring:e5 ccedilla:e7 egrave:e8 eacute:e9 ecircumflex:ea edieresis:eb igrave:ec
iacute:ed icircumflex:ee idieresis:ef eth:f0 ntilde:f1 ograve:f2 oacute:f3 ocircumflex:f4
otilde:f5 odieresis:f6 ugrave:f9 uacute:fa ucircumflex:fb udieresis:fc yacute:fd thorn:fe
ydieresis:ff Ydieresis:178 Scaron:160 scaron:161 Zcaron:17d zcaron:17e
approxequal:2248 notequal:2260 lessequal:2264 greaterequal:2265 infinity:221e partialdiff:2202
summation:2211 product:220f radical:221a integral:222b Delta:2206 Omega:2126 pi:3c0 lozenge:25ca
apple:f8ff dotlessj:237 ff:fb00 ffi:fb03 ffl:fb04 figuredash:2012 quotereversed:201b
afii61352:2116 afii10017:410 uni3000:3000 ideographicspace:3000 middot:b7 periodhalfwidth:ff61
`
