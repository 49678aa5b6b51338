package pdf

import (
	"strings"
	"sync"
)

// Predefined CMaps (PDF 32000-1, 9.7.5.2) for Chinese text. Fonts that use
// them usually have no ToUnicode CMap and are often not embedded (公文 set
// in 仿宋_GB2312 with GBK-EUC-H, OFD conversions with UniGB-UCS2-H). We
// split codes with the CMap's codespace, take the text from the code
// itself (GBK, GB 18030, UCS-2/UTF-16 via golang.org/x/text or directly)
// and the CID, which the widths need, from the text through the inverse of
// the Adobe-GB1 CID → Unicode table.

// predefinedSpaces returns the codespace ranges of a predefined CMap and
// how its codes become text, or ok = false for names we do not know.
func predefinedSpaces(name string) (spaces []codespace, uni string, ok bool) {
	cs := func(n int, lo, hi string) codespace {
		c := codespace{n: n}
		copy(c.lo[:], lo)
		copy(c.hi[:], hi)
		return c
	}
	base := strings.TrimSuffix(strings.TrimSuffix(name, "-H"), "-V")
	switch base {
	case "GB-EUC", "GBT-EUC":
		return []codespace{cs(1, "\x00", "\x80"), cs(2, "\xA1\xA1", "\xFE\xFE")}, "gbk", true
	case "GBpc-EUC", "GBTpc-EUC":
		return []codespace{cs(1, "\x00", "\x80"), cs(1, "\xFD", "\xFF"), cs(2, "\xA1\xA1", "\xFC\xFE")}, "gbk", true
	case "GBK-EUC", "GBKp-EUC":
		return []codespace{cs(1, "\x00", "\x80"), cs(2, "\x81\x40", "\xFE\xFE")}, "gbk", true
	case "GBK2K":
		return []codespace{cs(1, "\x00", "\x7F"), cs(2, "\x81\x40", "\xFE\xFE"), cs(4, "\x81\x30\x81\x30", "\xFE\x39\xFE\x39")}, "gb18030", true
	case "GB", "GBT":
		return []codespace{cs(2, "\x21\x21", "\x7E\x7E")}, "gb7", true
	case "UniGB-UCS2", "UniCNS-UCS2", "UniJIS-UCS2", "UniKS-UCS2":
		return []codespace{cs(2, "\x00\x00", "\xFF\xFF")}, "ucs2", true
	case "UniGB-UTF16", "UniCNS-UTF16", "UniJIS-UTF16", "UniKS-UTF16":
		return []codespace{cs(2, "\x00\x00", "\xD7\xFF"), cs(4, "\xD8\x00\xDC\x00", "\xDB\xFF\xDF\xFF"), cs(2, "\xE0\x00", "\xFF\xFF")}, "ucs2", true
	case "UniGB-UTF32", "UniCNS-UTF32", "UniJIS-UTF32", "UniKS-UTF32":
		return []codespace{cs(4, "\x00\x00\x00\x00", "\x00\x10\xFF\xFF")}, "utf32", true
	}
	return nil, "", false
}

// gb1ToUnicode maps an Adobe-GB1 CID to Unicode.
func gb1ToUnicode(cid uint32) (rune, bool) {
	i := int(cid) * 2
	if i+1 >= len(gb1UCS2) {
		return 0, false
	}
	r := rune(gb1UCS2[i]) | rune(gb1UCS2[i+1])<<8
	return r, r != 0
}

var (
	gb1InvOnce sync.Once
	gb1Inv     map[rune]uint32
)

// unicodeToGB1 returns the lowest Adobe-GB1 CID for r: for ASCII the
// proportional forms (CIDs 1–95), which /W arrays describe.
func unicodeToGB1(r rune) (uint32, bool) {
	gb1InvOnce.Do(func() {
		n := len(gb1UCS2) / 2
		gb1Inv = make(map[rune]uint32, n)
		for cid := n - 1; cid > 0; cid-- {
			if u, ok := gb1ToUnicode(uint32(cid)); ok {
				gb1Inv[u] = uint32(cid)
			}
		}
	})
	c, ok := gb1Inv[r]
	return c, ok
}
