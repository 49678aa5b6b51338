package normalize

import (
	"cmp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"
)

// DefaultMinScore is the [Similarity] a label needs to be matched to a
// candidate fuzzily when the caller has no better threshold. It accepts a
// wrong character in a two-character word (政府集中收购 for 政府集中采购,
// 0.83), a wrong word in a long label (住房举报投诉类申请 for
// 信访举报投诉类申请, 0.78), dropped characters (其他法律行政止公开, 0.86;
// 现行有效件, 0.91) and added ones (本年度新收…, 0.97), and rejects labels
// that share only a word (行政处罚 and 行政强制, 0.50). On the template
// labels, each mistyped once in every position (a character replaced,
// dropped or added), it finds the right label for 99% and a wrong one for
// none; the misses are two- and three-character labels with a character
// replaced (其日 for 其他).
//
// A few labels of one table share most of their words and score above it
// against each other (本年新收…申请数量 and 上年结转…申请数量, 0.79): a
// misprint of one still scores higher against its own label, and
// [AmbiguityMargin] refuses the labels in between.
const DefaultMinScore = 0.7

// AmbiguityMargin is how close the runner-up may come to the best
// candidate before [Match] calls the label ambiguous and matches neither
// (本年新, a truncated header, is as near to 本年新制作数量 as to
// 本年新公开数量).
const AmbiguityMargin = 0.05

// MaxFuzzyRunes is the longest label key, in characters, that is compared
// fuzzily; longer labels and candidates only match exactly. Table labels
// are far shorter; the limit bounds the work on text that is not a label.
const MaxFuzzyRunes = 200

// Match finds the candidate that label names. It compares [Key]s first and
// returns the first candidate whose key equals the label's (exact is true,
// score 1); this needs no dictionary. Otherwise it scores every candidate
// with [Similarity], loading the jieba dictionary on the first such call in
// the process, and returns the best one if its score reaches minScore (or
// [DefaultMinScore] when minScore ≤ 0) and no candidate with a different key
// comes within [AmbiguityMargin] of it. Keys longer than [MaxFuzzyRunes]
// only match exactly.
//
// When nothing qualifies, or the label is ambiguous, index is -1 and score
// is the best score seen, so that a caller can report how near the label
// came. A label that matches
// nothing is never forced onto a candidate. Match is safe for concurrent
// use.
//
// When several candidates are wordings of one thing (a template label and
// its aliases), use [MatchGrouped], or they make each other ambiguous.
func Match(label string, candidates []string, minScore float64) (index int, score float64, exact bool) {
	return MatchGrouped(label, candidates, nil, minScore)
}

// MatchGrouped is [Match] for candidates that come in groups of wordings of
// one thing: group[i] identifies what candidates[i] names (a row's index,
// say), and only a candidate of another group can make the label
// ambiguous. A nil group puts candidates with the same key together and
// every other candidate in a group of its own. It panics if group is not
// nil and not as long as candidates.
func MatchGrouped(label string, candidates []string, group []int, minScore float64) (index int, score float64, exact bool) {
	if group != nil && len(group) != len(candidates) {
		panic("normalize: MatchGrouped: group and candidates differ in length")
	}
	k := Key(label)
	if k == "" {
		return -1, 0, false
	}
	keys := make([]string, len(candidates))
	for i, c := range candidates {
		keys[i] = Key(c)
		if keys[i] == k {
			return i, 1, true
		}
	}
	if minScore <= 0 {
		minScore = DefaultMinScore
	}
	if utf8.RuneCountInString(k) > MaxFuzzyRunes {
		return -1, 0, false
	}
	lw := words(k)
	best := -1
	scores := make([]float64, len(candidates))
	for i, kc := range keys {
		if kc == "" || utf8.RuneCountInString(kc) > MaxFuzzyRunes {
			continue
		}
		scores[i] = similarity(lw, candidateWords(kc))
		if best < 0 || scores[i] > scores[best] {
			best = i
		}
	}
	if best < 0 {
		return -1, 0, false
	}
	same := func(i int) bool {
		if group != nil {
			return group[i] == group[best]
		}
		return keys[i] == keys[best]
	}
	second := 0.0
	for i := range keys {
		if !same(i) && scores[i] > second {
			second = scores[i]
		}
	}
	score = scores[best]
	if score < minScore || score-second < AmbiguityMargin {
		return -1, score, false
	}
	return best, score, false
}

// Similarity scores how alike two labels are, from 0 (nothing in common)
// to 1 (the same words, punctuation and spacing aside). It is symmetric.
//
// Both [Key]s are split into words with jieba ([Segment]) and their
// characters are aligned one to one, word against word: equal words whole
// first, then pairs of words by their longest common subsequence, when that
// covers at least half of the shorter word and no numeral of one faces a
// different numeral of the other. So a word in a longer one aligns (本年 in
// 本年度, 止 in 禁止, 行政 and 法规 in 行政法规), a two-character word with
// one wrong character aligns half (收购, 采购), a typo that the HMM glued to
// its neighbours still aligns (国山家 with 国家秘密), but unrelated words do
// not align a shared character (处罚, 强制; 三类, 四类). The score is the
// Dice coefficient of the alignment: twice the aligned characters over the
// characters of both labels, so words present on one side only count
// against it.
//
// Labels that share only a common word stay at or below one half (行政处罚
// and 行政强制 share 行政: 0.5), well under [DefaultMinScore].
func Similarity(a, b string) float64 {
	ka, kb := Key(a), Key(b)
	if ka == "" || kb == "" {
		return 0
	}
	if ka == kb {
		return 1
	}
	if utf8.RuneCountInString(ka) > MaxFuzzyRunes || utf8.RuneCountInString(kb) > MaxFuzzyRunes {
		return 0
	}
	return similarity(words(ka), words(kb))
}

// word is a segmented word of a key.
type word struct {
	s string
	r []rune
}

// words segments a key into its words, dropping punctuation and folding
// ASCII letters to lower case.
func words(key string) []word {
	var out []word
	for _, s := range Segment(strings.ToLower(key)) {
		if strings.IndexFunc(s, isWordRune) < 0 {
			continue
		}
		out = append(out, word{s: s, r: []rune(s)})
	}
	return out
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// The words of candidate keys, cached: a locator matches the same few
// hundred template labels over and over. The cache stops growing at
// maxWordCache keys.
var (
	wordCache    sync.Map // key → []word
	wordCacheLen atomic.Int64
)

const maxWordCache = 4096

// candidateWords is words, cached.
func candidateWords(key string) []word {
	if v, ok := wordCache.Load(key); ok {
		return v.([]word)
	}
	w := words(key)
	if wordCacheLen.Load() < maxWordCache {
		if _, loaded := wordCache.LoadOrStore(key, w); !loaded {
			wordCacheLen.Add(1)
		}
	}
	return w
}

// similarity is Similarity on segmented keys.
func similarity(a, b []word) float64 {
	na, nb := runeTotal(a), runeTotal(b)
	if na == 0 || nb == 0 {
		return 0
	}
	// The greedy alignment breaks ties in word order; aligning both ways
	// keeps the score symmetric.
	m := max(aligned(a, b), aligned(b, a))
	return 2 * float64(m) / float64(na+nb)
}

func runeTotal(ws []word) int {
	n := 0
	for _, w := range ws {
		n += len(w.r)
	}
	return n
}

// aligned returns the number of characters of a aligned one to one with
// characters of b (see similarity).
func aligned(a, b []word) int {
	usedA, usedB := usedMasks(a), usedMasks(b)
	fullA, fullB := make([]bool, len(a)), make([]bool, len(b))
	n := 0
	for i, w := range a {
		for j, u := range b {
			if !fullB[j] && u.s == w.s {
				fullA[i], fullB[j] = true, true
				for k := range usedA[i] {
					usedA[i][k] = true
				}
				for k := range usedB[j] {
					usedB[j][k] = true
				}
				n += len(w.r)
				break
			}
		}
	}
	type pair struct{ i, j, l int }
	var pairs []pair
	for i, w := range a {
		if fullA[i] {
			continue
		}
		for j, u := range b {
			if fullB[j] {
				continue
			}
			if l := lcs(w.r, u.r, nil, nil, nil, nil); l > 0 && 2*l >= min(len(w.r), len(u.r)) {
				pairs = append(pairs, pair{i, j, l})
			}
		}
	}
	slices.SortStableFunc(pairs, func(x, y pair) int { return cmp.Compare(y.l, x.l) })
	for _, p := range pairs {
		n += alignPair(a[p.i].r, b[p.j].r, usedA[p.i], usedB[p.j])
	}
	return n
}

func usedMasks(ws []word) [][]bool {
	m := make([][]bool, len(ws))
	for i, w := range ws {
		m[i] = make([]bool, len(w.r))
	}
	return m
}

// maxLCSWord bounds the words that are aligned by subsequence; longer
// words (long runs of Latin letters or digits) only align whole.
const maxLCSWord = 64

// alignPair aligns w and u by their longest common subsequence among the
// characters not yet used. When it covers at least half of the shorter
// word and no numeral faces a different one, it marks the aligned
// characters used and returns their number.
func alignPair(w, u []rune, usedW, usedU []bool) int {
	var mw, mu [maxLCSWord]bool
	l := lcs(w, u, usedW, usedU, mw[:len(w)], mu[:len(u)])
	if l == 0 || 2*l < min(len(w), len(u)) {
		return 0
	}
	if unmatchedNumeral(w, mw[:len(w)]) && unmatchedNumeral(u, mu[:len(u)]) {
		return 0
	}
	for i, m := range mw[:len(w)] {
		if m {
			usedW[i] = true
		}
	}
	for j, m := range mu[:len(u)] {
		if m {
			usedU[j] = true
		}
	}
	return l
}

// lcs returns the length of the longest common subsequence of w and u that
// avoids the characters marked in usedW and usedU (nil: none used), and,
// when matchW and matchU are not nil, marks one such subsequence in them.
// Words longer than maxLCSWord have none.
func lcs(w, u []rune, usedW, usedU, matchW, matchU []bool) int {
	if len(w) > maxLCSWord || len(u) > maxLCSWord || len(w) == 0 || len(u) == 0 {
		return 0
	}
	eq := func(i, j int) bool {
		return w[i] == u[j] && (usedW == nil || !usedW[i]) && (usedU == nil || !usedU[j])
	}
	// t[i*cols+j] is the length for w[i:] and u[j:].
	cols := len(u) + 1
	var buf [17 * 17]uint8
	t := buf[:0]
	if n := (len(w) + 1) * cols; n <= len(buf) {
		t = buf[:n]
	} else {
		t = make([]uint8, n)
	}
	for i := len(w) - 1; i >= 0; i-- {
		for j := len(u) - 1; j >= 0; j-- {
			switch {
			case eq(i, j):
				t[i*cols+j] = t[(i+1)*cols+j+1] + 1
			case t[(i+1)*cols+j] >= t[i*cols+j+1]:
				t[i*cols+j] = t[(i+1)*cols+j]
			default:
				t[i*cols+j] = t[i*cols+j+1]
			}
		}
	}
	if matchW != nil {
		for i, j := 0, 0; i < len(w) && j < len(u); {
			switch {
			case eq(i, j):
				matchW[i], matchU[j] = true, true
				i++
				j++
			case t[(i+1)*cols+j] >= t[i*cols+j+1]:
				i++
			default:
				j++
			}
		}
	}
	return int(t[0])
}

// unmatchedNumeral reports whether a numeral of r is left unmatched.
func unmatchedNumeral(r []rune, matched []bool) bool {
	for i, c := range r {
		if !matched[i] && isNumeral(c) {
			return true
		}
	}
	return false
}

// isNumeral reports whether r is a digit or a Chinese numeral.
func isNumeral(r rune) bool {
	if r >= '0' && r <= '9' {
		return true
	}
	return strings.ContainsRune("〇零一二三四五六七八九十百千万两壹贰叁肆伍陆柒捌玖拾", r)
}
