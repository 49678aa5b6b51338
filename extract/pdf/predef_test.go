package pdf

import (
	"fmt"
	"testing"
)

func TestGB1Table(t *testing.T) {
	for _, r := range "中华人民共和国政府信息公开，。A1" {
		cid, ok := unicodeToGB1(r)
		if !ok {
			t.Errorf("%c: no Adobe-GB1 CID", r)
			continue
		}
		if back, _ := gb1ToUnicode(cid); back != r {
			t.Errorf("%c: CID %d maps back to %c", r, cid, back)
		}
	}
	if cid, _ := unicodeToGB1('A'); cid != 34 {
		t.Errorf("A: CID %d, want 34 (proportional Latin)", cid)
	}
}

// TestPredefinedCMaps reads fonts without ToUnicode through predefined
// CMaps and the Adobe-GB1 ordering.
func TestPredefinedCMaps(t *testing.T) {
	zhong, _ := unicodeToGB1('中')
	tests := []struct {
		name, enc, ordering, show, want string
	}{
		{"GBK-EUC-H", "/GBK-EUC-H", "GB1", "<D6D0CEC441>", "中文A"},
		{"GB-EUC-H", "/GB-EUC-H", "GB1", "<D6D0CEC4>", "中文"},
		{"GBK2K-H", "/GBK2K-H", "GB1", "<D6D081308130>", "中\u0080"},
		{"UniGB-UCS2-H", "/UniGB-UCS2-H", "GB1", "<4E2D65870041>", "中文A"},
		{"UniGB-UTF16-H", "/UniGB-UTF16-H", "GB1", "<4E2DD840DC00>", "中\U00020000"},
		{"Identity-H GB1", "/Identity-H", "GB1", fmt.Sprintf("<%04X>", zhong), "中"},
		{"Identity-V GB1", "/Identity-V", "GB1", fmt.Sprintf("<%04X>", zhong), "中"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newBuilder()
			cid := b.add(fmt.Sprintf("<< /Type /Font /Subtype /CIDFontType0 /BaseFont /FangSong_GB2312 /CIDSystemInfo << /Registry (Adobe) /Ordering (%s) /Supplement 2 >> /DW 1000 /W [34 [500]] >>", tt.ordering))
			f := b.add(fmt.Sprintf("<< /Type /Font /Subtype /Type0 /BaseFont /FangSong_GB2312 /Encoding %s /DescendantFonts [%d 0 R] >>", tt.enc, cid))
			data := (&testDoc{b: b, resExtra: fmt.Sprintf("/Font << /FG %d 0 R >>", f), pages: []string{"BT /FG 10 Tf 100 700 Td " + tt.show + " Tj ET"}}).build()
			gs := pagesOf(t, data, Options{})[0].Glyphs
			if got := text(gs); got != tt.want {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
			if tt.want == "中文A" && !near(gs[2].X0, 120) {
				t.Errorf("A at %.1f, want 120", gs[2].X0)
			}
			if tt.want == "中文A" && !near(gs[2].X1-gs[2].X0, 5) {
				t.Errorf("A is %.1f wide, want 5 (CID 34 in /W)", gs[2].X1-gs[2].X0)
			}
		})
	}
}

func TestFoldRadicals(t *testing.T) {
	for in, want := range map[string]string{"⻓": "长", "⺠": "民", "中": "中", "A": "A", "⼯": "工"} {
		if got := foldRadicals(in); got != want {
			t.Errorf("%q: got %q, want %q", in, got, want)
		}
	}
}
