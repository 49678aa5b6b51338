package pdf

import (
	"strconv"
	"testing"
)

func strconvFormat(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func TestCMapToUnicode(t *testing.T) {
	src := `/CIDInit /ProcSet findresource begin 12 dict begin begincmap
/CMapName /T def
3 begincodespacerange
<00> <80>
<8140> <FEFE>
<81308130> <FE39FE39>
endcodespacerange
3 beginbfchar
<41> <0061>
<8140> <4E02>
<81308130> <D840DC00>
endbfchar
4 beginbfrange
<20FE> <2102> <4EFF>
<30> <32> [<0030> <00660069> <D83DDE00>]
<9000> <9002> <0066006C>
<A000> <A001> <D840DC00>
endbfrange
1 beginbfchar
<42> <00>
endbfchar
endcmap end end`
	cm := parseCMap([]byte(src))
	tests := []struct {
		code uint32
		want string
	}{
		{0x41, "a"},
		{0x8140, "丂"},
		{0x81308130, "\U00020000"},
		{0x20FE, "仿"}, {0x20FF, "伀"}, {0x2100, "企"}, {0x2101, "伂"}, {0x2102, "伃"},
		{0x30, "0"}, {0x31, "fi"}, {0x32, "😀"},
		{0x9000, "fl"}, {0x9002, "fn"},
		{0xA001, "\U00020001"},
		{0x42, "\x00"},
	}
	for _, tt := range tests {
		got, ok := cm.lookupUni(tt.code)
		if !ok || got != tt.want {
			t.Errorf("code %X: got %q (%v), want %q", tt.code, got, ok, tt.want)
		}
	}
	if _, ok := cm.lookupUni(0x9003); ok {
		t.Errorf("code 9003 mapped")
	}
	// Codes split by the mixed codespace.
	s := []byte{0x41, 0x81, 0x40, 0x81, 0x30, 0x81, 0x30, 0xFF}
	var lens []int
	for len(s) > 0 {
		_, n, _ := cm.nextCode(s)
		lens = append(lens, n)
		s = s[n:]
	}
	if want := []int{1, 2, 4, 1}; !equalInts(lens, want) {
		t.Errorf("code lengths %v, want %v", lens, want)
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestCMapCID(t *testing.T) {
	src := `begincmap /WMode 1 def /CMapName /X-V def /GBK-EUC-H usecmap
1 begincodespacerange <8140> <FEFE> endcodespacerange
2 begincidrange <8140> <817E> 100 <8180> <81FE> 200 endcidrange
1 begincidchar <A1A1> 7 endcidchar endcmap`
	cm := parseCMap([]byte(src))
	if cm.wmode != 1 || cm.name != "X-V" || cm.usecmap != "GBK-EUC-H" {
		t.Errorf("wmode %d name %q usecmap %q", cm.wmode, cm.name, cm.usecmap)
	}
	for code, want := range map[uint32]uint32{0x8140: 100, 0x817E: 162, 0x8181: 201, 0xA1A1: 7} {
		if got, ok := cm.lookupCID(code); !ok || got != want {
			t.Errorf("CID of %X: got %d, want %d", code, got, want)
		}
	}
}

func TestCMapMalformed(t *testing.T) {
	// Must not panic or loop; whatever parses is kept.
	for _, src := range []string{
		"begincodespacerange <00> endcodespacerange",
		"beginbfchar <41> beginbfrange <01> <02>",
		"beginbfrange <0001> <0005> [<0041>] endbfrange",
		"beginbfrange <FFFFFFFF> <00000000> <0041> endbfrange",
		"begincidrange <00> <FF> -5 endcidrange <",
		"beginbfchar <41> <4",
	} {
		cm := parseCMap([]byte(src))
		cm.lookupUni(1)
		cm.lookupUni(5)
		cm.lookupCID(3)
		cm.nextCode([]byte{1, 2, 3})
	}
}

func TestGlyphNames(t *testing.T) {
	for name, want := range map[string]string{
		"A": "A", "quotedblleft": "“", "uni4E2D": "中", "uni4E2D6587": "中文", "u1F600": "😀",
		"f_i": "fi", "a.sc": "a", "g123": "", "uniD800": "",
	} {
		if got := glyphNameText(name); got != want {
			t.Errorf("%s: got %q, want %q", name, got, want)
		}
	}
}
