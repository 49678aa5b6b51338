package normalize

import "testing"

func TestKey(t *testing.T) {
	tests := []struct{ a, b string }{
		{"（一）予以公开", "(一)予以公开"},
		{"1．属于国家秘密", "1、属于国家秘密"},
		{"3.危及“三安全一稳定”", `3.危及"三安全一稳定"`},
		{"商业 企业", "商业企业"},
		{"規章", "规章"},
		{"行政處罰", "行政处罚"},
		{"本年新收政府資訊公開申請數量", "本年新收政府资讯公开申请数量"},
		{"⻓江", "长江"},
		{"１２３", "123"},
	}
	for _, tt := range tests {
		if Key(tt.a) != Key(tt.b) {
			t.Errorf("Key(%q) = %q, Key(%q) = %q; want equal", tt.a, Key(tt.a), tt.b, Key(tt.b))
		}
	}
	// Simplified characters that are also traditional keep their form.
	if Key("乾") != "乾" || Key("著") != "著" {
		t.Errorf("Key changed a character that is its own simplified form")
	}
}
