package normalize

import (
	"strings"
	"testing"
)

// TestSegmentRunes checks the segmentation used when the dictionary cannot
// be loaded.
func TestSegmentRunes(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"规章", "规/章"},
		{"第2019年ABC号", "第/2019/年/ABC/号"},
		{"a b", "a/ /b"},
		{"（一）12.5万元", "（/一/）/12/./5/万/元"},
	}
	for _, tt := range tests {
		if got := strings.Join(segmentRunes(tt.in), "/"); got != tt.want {
			t.Errorf("segmentRunes(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// TestSimilarityWithoutDictionary checks that the fallback segmentation
// still separates a typo from a different label.
func TestSimilarityWithoutDictionary(t *testing.T) {
	seg := func(s string) []word {
		var out []word
		for _, w := range segmentRunes(Key(s)) {
			if strings.IndexFunc(w, isWordRune) >= 0 {
				out = append(out, word{s: w, r: []rune(w)})
			}
		}
		return out
	}
	typo := similarity(seg("政府集中收购"), seg("政府集中采购"))
	other := similarity(seg("行政处罚"), seg("行政强制"))
	if typo < DefaultMinScore || other >= DefaultMinScore {
		t.Errorf("without the dictionary: typo %.3f, different label %.3f; want the threshold %.2f between them", typo, other, DefaultMinScore)
	}
}
