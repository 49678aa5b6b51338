package export

import "strings"

// Organ levels written to documents.organ_level.
const (
	LevelTownship   = "乡镇"    // 乡, 镇, 街道, 苏木
	LevelCounty     = "县区"    // 县, 区, 旗, 县级的特区、林区
	LevelCity       = "市"     // 市, 州, 盟, 地区
	LevelProvince   = "省"     // 省, 自治区, 直辖市, 特别行政区
	LevelCentral    = "国务院部门" // a body named without a place: 教育部, 海关总署…
	levelUnknownStr = ""
)

// OrganLevel guesses the administrative level of an issuing organ from its
// name, for grouping a dataset. It is a heuristic over the name alone:
//
//   - the name is cut into place names by their suffixes (省 自治区 市 州
//     盟 地区 县 区 旗 乡 镇 街道 苏木), a suffix counting only when at least
//     one character precedes it since the last place name or department word
//     (局 厅 委 部 办 院 署 会 所 司 处 科 站 队 馆), so 市 in 北京市市场监督管理局
//     or 城乡 in 住房和城乡建设局 are not places;
//   - the level is that of the lowest place named: 太平庄乡 → 乡镇,
//     上海市浦东新区 → 县区, 杭州市财政局 → 市; 北京, 天津, 上海 and 重庆 are
//     provinces (直辖市);
//   - a name with department words and no place (教育部, 国家统计局) is a
//     central body (国务院部门);
//   - otherwise "" (unknown).
//
// Known limits: a county-level city (昆山市) reads as 市; a development zone
// (XX经济技术开发区) reads as 县区; a body under a vertical ministry named
// with its region (国家税务总局北京市税务局) takes the region's level.
func OrganLevel(organ string) string {
	rs := []rune(strings.Join(strings.Fields(organ), ""))
	if len(rs) == 0 {
		return levelUnknownStr
	}
	rank := 0 // 1 province … 4 township
	start := 0
	dept := false
	for k := 0; k < len(rs); k++ {
		if strings.ContainsRune("局厅委部办院署会所司处科站队馆", rs[k]) {
			start, dept = k+1, true
			continue
		}
		r := suffixRank(rs, k, start)
		if r == 0 || k-start < 1 {
			continue
		}
		// A suffix directly followed by another (杭州市, 通州区) ends at the
		// later one.
		if k+1 < len(rs) && suffixRank(rs, k+1, start) != 0 && !isPairWord(rs, k+1) {
			continue
		}
		seg := string(rs[start : k+1])
		for _, m := range []string{"北京", "天津", "上海", "重庆"} {
			if strings.HasPrefix(seg, m) && r == 2 {
				r = 1
			}
		}
		rank = max(rank, r)
		start = k + 1
	}
	switch rank {
	case 1:
		return LevelProvince
	case 2:
		return LevelCity
	case 3:
		return LevelCounty
	case 4:
		return LevelTownship
	}
	if dept {
		return LevelCentral
	}
	return levelUnknownStr
}

// isPairWord reports whether the suffix character at k begins a two-rune
// word that is not a place suffix on its own (市场 after 北京市).
func isPairWord(rs []rune, k int) bool {
	return rs[k] == '市' && k+1 < len(rs) && rs[k+1] == '场'
}

// suffixRank is the rank of a place ending at rs[k], or 0.
func suffixRank(rs []rune, k, start int) int {
	prev := rune(0)
	if k > start {
		prev = rs[k-1]
	}
	prev2 := rune(0)
	if k-1 > start {
		prev2 = rs[k-2]
	}
	switch rs[k] {
	case '省':
		return 1
	case '区':
		switch {
		case prev == '治' && prev2 == '自', prev == '政' && prev2 == '行': // 自治区, 特别行政区
			return 1
		case prev == '地':
			return 2
		}
		return 3
	case '市', '州', '盟':
		return 2
	case '县', '旗':
		return 3
	case '乡', '镇':
		if prev == '城' {
			return 0 // 城乡, 城镇
		}
		return 4
	case '道':
		if prev == '街' {
			return 4
		}
	case '木':
		if prev == '苏' {
			return 4
		}
	}
	return 0
}
