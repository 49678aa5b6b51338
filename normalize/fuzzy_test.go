package normalize_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/nianbao/nianbao/normalize"
	"github.com/nianbao/nianbao/schema"
)

// labelSet is the labels one table offers for one axis (its rows, or the
// headers of its columns), each template label followed by its aliases,
// with group telling which row or column each names.
type labelSet struct {
	name   string
	labels []string
	group  []int
}

func (s labelSet) index(label string) int {
	for i, l := range s.labels {
		if l == label {
			return i
		}
	}
	return -1
}

// templateSets returns the row labels and the column labels of every
// template table, both templates together, as a locator offers them.
func templateSets() []labelSet {
	var out []labelSet
	for _, td := range schema.TableDefs {
		rows := labelSet{name: td.Key + " rows"}
		cols := labelSet{name: td.Key + " columns"}
		seen := map[string]bool{}
		for ri, r := range td.Rows {
			for _, l := range append([]string{r.Label}, r.Aliases...) {
				rows.labels = append(rows.labels, l)
				rows.group = append(rows.group, ri)
			}
			for _, c := range td.AllColumns(r.Key) {
				// Columns are told apart by label: one key ("amount")
				// can name different columns in different rows.
				if seen[c.Label] {
					continue
				}
				seen[c.Label] = true
				for _, l := range append([]string{c.Label}, c.Aliases...) {
					cols.labels = append(cols.labels, l)
					cols.group = append(cols.group, len(seen))
				}
			}
		}
		out = append(out, rows, cols)
	}
	return out
}

func templateSet(t testing.TB, name string) labelSet {
	for _, s := range templateSets() {
		if s.name == name {
			return s
		}
	}
	t.Fatalf("no label set %q", name)
	return labelSet{}
}

func TestSimilarityExamples(t *testing.T) {
	tests := []struct {
		a, b     string
		min, max float64
	}{
		// Typos seen in the seed report and in real reports: high.
		{"住房举报投诉类申请", "信访举报投诉类申请", 0.75, 0.8},
		{"政府集中收购", "政府集中采购", 0.8, 0.9},
		{"其他法律行政止公开", "其他法律行政法规禁止公开", 0.8, 0.9},
		{"现行有效件", "现行有效件数", 0.85, 0.95},
		{"本年度新收政府信息公开申请数量", "本年新收政府信息公开申请数量", 0.9, 0.99},
		{"政府信息公开行政法复议、行政诉讼情况", "政府信息公开行政复议、行政诉讼情况", 0.9, 0.99},
		{"规范性文件", "行政规范性文件", 0.8, 0.9},
		// Traditional characters are simplified in the key.
		{"行政強制", "行政强制", 1, 1}, // traditional characters are simplified in the key
		{"行政處罰", "行政处罚", 1, 1},
		// Different things: low, below the threshold by a clear margin.
		{"重复申请", "要求提供公开出版物", 0, 0.1},
		{"行政处罚", "行政强制", 0.4, 0.5},
		{"行政许可", "行政处罚", 0.4, 0.5},
		{"行政许可", "行政强制", 0.4, 0.5},
		{"自然人", "其他", 0, 0.1},
		{"规章", "规范性文件", 0, 0.3},
		{"属于三类内部事务信息", "属于四类过程性信息", 0, 0.45},
		{"结果维持", "结果纠正", 0, 0.5},
		// Punctuation, spacing and width do not count.
		{"本年增/减", "本年增减", 1, 1},
		{"危及“三安全一稳定”", "危及\"三安全一稳定\"", 1, 1},
		{"商业 企业", "商业企业", 1, 1},
		{"", "", 0, 0},
		{"规章", "", 0, 0},
		{"（）", "规章", 0, 0},
	}
	for _, tt := range tests {
		got := normalize.Similarity(tt.a, tt.b)
		t.Logf("%.3f  %s ~ %s", got, tt.a, tt.b)
		if got < tt.min || got > tt.max {
			t.Errorf("Similarity(%q, %q) = %.3f, want in [%.2f, %.2f]", tt.a, tt.b, got, tt.min, tt.max)
		}
		if back := normalize.Similarity(tt.b, tt.a); back != got {
			t.Errorf("Similarity(%q, %q) = %.3f, but %.3f the other way", tt.a, tt.b, got, back)
		}
	}
	// The pairs the threshold must separate.
	if s := normalize.Similarity("住房举报投诉类申请", "信访举报投诉类申请"); s < normalize.DefaultMinScore {
		t.Errorf("the seed's 住房举报投诉类申请 scores %.3f, below DefaultMinScore %.2f", s, normalize.DefaultMinScore)
	}
	if s := normalize.Similarity("行政处罚", "行政强制"); s > normalize.DefaultMinScore-0.15 {
		t.Errorf("行政处罚 ~ 行政强制 scores %.3f, too near DefaultMinScore %.2f", s, normalize.DefaultMinScore)
	}
}

// TestMatchTypos checks that each observed misprint finds its template
// label among the labels of its own table, and that an ambiguous or foreign
// label finds none.
func TestMatchTypos(t *testing.T) {
	tests := []struct {
		set, label, want string // want "" for no match
	}{
		{"requests rows", "住房举报投诉类申请", "信访举报投诉类申请"},
		{"requests rows", "其他法律行政止公开", "其他法律行政法规禁止公开"},
		{"requests rows", "本年度新收政府信息公开申请数量", "本年新收政府信息公开申请数量"},
		{"requests rows", "部分公开（区分处理的，只计这一情形，不计其它情形）", "部分公开（区分处理的，只计这一情形，不计其他情形）"},
		{"requests rows", "属于国家秘秘", "属于国家秘密"},
		{"requests rows", "危及三安全—稳定", "危及“三安全一稳定”"},
		{"active rows", "政府集中收购", "政府集中采购"},
		{"active rows", "行政事业收费", "行政事业性收费"},
		{"active columns", "现行有效件", "现行有效件数"},
		{"active columns", "本年新制作数", "本年新制作数量"},
		{"active columns", "对外公开总数", "对外公开总数量"},
		{"appeals columns", "结果维护", "结果维持"},
		{"appeals rows", "未经复议直接起拆", "未经复议直接起诉"},
		// Truncated: as near to 本年新制作数量 as to 本年新公开数量.
		{"active columns", "本年新", ""},
		// Shares only 行政 with the three rows it could be.
		{"active rows", "行政征收", ""},
		// Labels of other tables.
		{"active rows", "自然人", ""},
		{"requests columns", "行政处罚", ""},
		{"appeals columns", "予以公开", ""},
		{"requests rows", "本年新制作数量", ""},
	}
	for _, tt := range tests {
		s := templateSet(t, tt.set)
		i, score, exact := normalize.MatchGrouped(tt.label, s.labels, s.group, normalize.DefaultMinScore)
		got := ""
		if i >= 0 {
			got = s.labels[i]
		}
		if got != tt.want || exact {
			t.Errorf("MatchGrouped(%q, %s) = %q (score %.3f, exact %v), want %q", tt.label, tt.set, got, score, exact, tt.want)
		}
	}
}

// TestMatchSyntheticTypos mistypes every template label of two characters
// or more in every position (a character replaced, dropped or added) and
// matches the result against the labels of its table: a wrong match is an
// error, and most must find their label.
func TestMatchSyntheticTypos(t *testing.T) {
	pool := []rune("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发动同工也能下过子说产种面而方后多定行学法所民得经之进着等部度家电力里如水化高自理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政日那社义事平形相全表间样与关重新线内数正心反你明看原又么利比或但质气向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指区强放决西被干做必战先回则任取据处理府研")
	rng := rand.New(rand.NewPCG(1, 2))
	var tried, found int
	for _, s := range templateSets() {
		for li, label := range s.labels {
			r := []rune(normalize.Key(label))
			if len(r) < 2 {
				continue
			}
			var typos []string
			for i := range r {
				v := append([]rune(nil), r...)
				if v[i] = pool[rng.IntN(len(pool))]; v[i] != r[i] {
					typos = append(typos, string(v))
				}
				if len(r) >= 3 {
					typos = append(typos, string(r[:i])+string(r[i+1:]))
				}
				typos = append(typos, string(r[:i])+string(pool[rng.IntN(len(pool))])+string(r[i:]))
			}
			for _, typo := range typos {
				if s.index(typo) >= 0 {
					continue
				}
				tried++
				i, score, _ := normalize.MatchGrouped(typo, s.labels, s.group, normalize.DefaultMinScore)
				switch {
				case i < 0:
				case s.group[i] == s.group[li]:
					found++
				default:
					t.Errorf("%s: %q (a typo of %q) matched %q, score %.3f", s.name, typo, label, s.labels[i], score)
				}
			}
		}
	}
	recall := float64(found) / float64(tried)
	t.Logf("%d of %d typos found their label (%.1f%%)", found, tried, 100*recall)
	if recall < 0.97 {
		t.Errorf("only %.1f%% of typos found their label, want at least 97%%", 100*recall)
	}
}

// TestMatchForeignLabels checks that the labels of one table's axis never
// match fuzzily in another's.
func TestMatchForeignLabels(t *testing.T) {
	sets := templateSets()
	for _, from := range sets {
		for _, to := range sets {
			if from.name == to.name {
				continue
			}
			for _, l := range from.labels {
				i, score, exact := normalize.MatchGrouped(l, to.labels, to.group, normalize.DefaultMinScore)
				if i >= 0 && !exact {
					t.Errorf("%s label %q matched %s label %q, score %.3f", from.name, l, to.name, to.labels[i], score)
				}
			}
		}
	}
}

// TestTemplateLabelsApart checks that the labels of one axis of one table
// stay apart: none comes near enough to another for a typo to sit between
// them. Their scores are logged (-v) for tuning.
func TestTemplateLabelsApart(t *testing.T) {
	for _, s := range templateSets() {
		for i := range s.labels {
			for j := i + 1; j < len(s.labels); j++ {
				if s.group[i] == s.group[j] {
					continue
				}
				v := normalize.Similarity(s.labels[i], s.labels[j])
				if v >= 0.6 {
					t.Logf("%s: %.3f %s ~ %s", s.name, v, s.labels[i], s.labels[j])
				}
				if v >= 0.8 {
					t.Errorf("%s: %s and %s score %.3f", s.name, s.labels[i], s.labels[j], v)
				}
			}
		}
	}
}

func TestMatch(t *testing.T) {
	cands := []string{"规章", "规范性文件", "行政许可", "规章"}
	long := strings.Repeat("规", normalize.MaxFuzzyRunes+1)
	tests := []struct {
		name     string
		label    string
		cands    []string
		minScore float64
		want     int
		exact    bool
	}{
		{"exact", "规章", cands, 0, 0, true},
		{"exact after key", " （ 规范性 文件 ） ", []string{"规章", "(规范性文件)"}, 0, 1, true},
		{"fuzzy", "规范行文件", cands, 0, 1, false},
		{"below threshold", "规范行文件", cands, 0.95, -1, false},
		{"default threshold", "行政监管", cands, 0, -1, false},
		{"explicit low threshold", "行政监管", cands, 0.4, 2, false},
		{"empty label", "", cands, 0, -1, false},
		{"punctuation only", "（）、", cands, 0, -1, false},
		{"no candidates", "规章", nil, 0, -1, false},
		{"empty candidates", "规章", []string{"", " "}, 0, -1, false},
		{"too long for fuzzy", long + "章", []string{long}, 0, -1, false},
		{"too long but exact", long, []string{"规章", long}, 0, 1, true},
		// Duplicate candidates with one key do not make a label ambiguous.
		{"duplicates", "规张", []string{"规章", "规章", "规范性文件"}, 0.5, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			i, score, exact := normalize.Match(tt.label, tt.cands, tt.minScore)
			if i != tt.want || exact != tt.exact {
				t.Errorf("Match(%q, %q, %v) = %d, %.3f, %v; want %d, exact %v", tt.label, tt.cands, tt.minScore, i, score, exact, tt.want, tt.exact)
			}
			if exact && score != 1 {
				t.Errorf("exact match with score %v", score)
			}
			if score < 0 || score > 1 {
				t.Errorf("score %v out of [0, 1]", score)
			}
		})
	}
}

func TestMatchGroupedAliases(t *testing.T) {
	// 方政规范性文件 is nearly as close to the alias 规范性文件 as to
	// 行政规范性文件: without groups that is ambiguous, with them it is the
	// same row.
	cands := []string{"规章", "规范性文件", "行政规范性文件"}
	if i, score, _ := normalize.Match("方政规范性文件", cands, 0); i != -1 {
		t.Errorf("Match without groups = %d (%.3f), want -1 (ambiguous)", i, score)
	}
	i, score, _ := normalize.MatchGrouped("方政规范性文件", cands, []int{0, 1, 1}, 0)
	if i != 2 {
		t.Errorf("MatchGrouped = %d (%.3f), want 2", i, score)
	}
	defer func() {
		if recover() == nil {
			t.Error("MatchGrouped with a short group did not panic")
		}
	}()
	normalize.MatchGrouped("规章", cands, []int{0}, 0)
}

func TestSegment(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"本年新收政府信息公开申请数量", "本年/新收/政府信息公开/申请/数量"},
		{"信访举报投诉类申请", "信访/举报/投诉/类/申请"},
		{"其他法律行政法规禁止公开", "其他/法律/行政法规/禁止/公开"},
		{"社会公益组织", "社会公益组织"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := strings.Join(normalize.Segment(tt.in), "/"); got != tt.want {
			t.Errorf("Segment(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
	// Bytes C strings cannot carry come back replaced, never cut short.
	for _, in := range []string{"规章\x00规范性文件", "规章\xff\xfe文件", "a\x00"} {
		got := strings.Join(normalize.Segment(in), "")
		want := strings.ReplaceAll(strings.ToValidUTF8(in, "\uFFFD"), "\x00", " ")
		if got != want {
			t.Errorf("Segment(%q) joins to %q, want %q", in, got, want)
		}
	}
}

func TestMatchConcurrent(t *testing.T) {
	s := templateSet(t, "requests rows")
	labels := []string{"住房举报投诉类申请", "其他法律行政止公开", "属于国家秘秘", "重复申请"}
	want := make([]int, len(labels))
	for i, l := range labels {
		want[i], _, _ = normalize.MatchGrouped(l, s.labels, s.group, 0)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8*len(labels))
	for range 8 {
		wg.Go(func() {
			for i, l := range labels {
				if got, _, _ := normalize.MatchGrouped(l, s.labels, s.group, 0); got != want[i] {
					errs <- fmt.Sprintf("%s: got %d, want %d", l, got, want[i])
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// lazyChildEnv makes TestLazyLoad's child process run the check.
const lazyChildEnv = "NORMALIZE_TEST_LAZY_CHILD"

// TestLazyLoad proves that exact matches never load the dictionary. The
// check runs in a fresh process (this test binary again, this test only),
// so that no other test has loaded it first.
func TestLazyLoad(t *testing.T) {
	if os.Getenv(lazyChildEnv) == "1" {
		lazyChild(t)
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestLazyLoad$", "-test.v", "-test.count=1")
	cmd.Env = append(os.Environ(), lazyChildEnv+"=1")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "lazy: ok") {
		t.Fatalf("child process: %v\n%s", err, out)
	}
}

func lazyChild(t *testing.T) {
	if normalize.JiebaLoaded() {
		t.Fatal("dictionary loaded before any match")
	}
	n := 0
	for _, s := range templateSets() {
		for i, l := range s.labels {
			// As printed: ordinal-free, spaced, full-width.
			printed := " " + strings.Join(strings.Split(l, ""), " ") + " "
			got, score, exact := normalize.MatchGrouped(printed, s.labels, s.group, 0)
			if got < 0 || s.labels[got] != l && normalize.Key(s.labels[got]) != normalize.Key(l) || !exact || score != 1 {
				t.Errorf("%s: %q matched %d (%.3f, exact %v), want %d exactly", s.name, printed, got, score, exact, i)
			}
			if got, _, _ := normalize.Match(l, s.labels, 0); got < 0 {
				t.Errorf("%s: Match(%q) found nothing", s.name, l)
			}
			n++
		}
	}
	if normalize.JiebaLoaded() {
		t.Fatalf("exact matches of %d template labels loaded the dictionary", n)
	}
	if i, _, exact := normalize.Match("政府集中收购", []string{"规章", "政府集中采购"}, 0); i != 1 || exact {
		t.Fatalf("fuzzy Match = %d, exact %v; want 1, fuzzy", i, exact)
	}
	if !normalize.JiebaLoaded() || normalize.JiebaError() != nil {
		t.Fatalf("a fuzzy match did not load the dictionary: %v", normalize.JiebaError())
	}
	t.Logf("lazy: ok (%d exact matches without the dictionary)", n)
}

func FuzzSimilarity(f *testing.F) {
	f.Add("住房举报投诉类申请", "信访举报投诉类申请")
	f.Add("其他法律行政止公开", "其他法律行政法规禁止公开")
	f.Add("本年增/减（减用负值表示，如-8）", "本年增減")
	f.Add("第二十条第（一）项", "第二十条第（五）项")
	f.Add("\x00\xff规章", "")
	f.Add(strings.Repeat("abc", 30), strings.Repeat("abd", 30))
	f.Fuzz(func(t *testing.T, a, b string) {
		s := normalize.Similarity(a, b)
		if s < 0 || s > 1 {
			t.Fatalf("Similarity(%q, %q) = %v, out of [0, 1]", a, b, s)
		}
		if r := normalize.Similarity(b, a); r != s {
			t.Fatalf("Similarity(%q, %q) = %v, but %v the other way", a, b, s, r)
		}
		if ka := normalize.Key(a); ka != "" && ka == normalize.Key(b) && s != 1 {
			t.Fatalf("Similarity(%q, %q) = %v for equal keys", a, b, s)
		}
		i, score, _ := normalize.Match(a, []string{b, "规章"}, 0)
		if i >= 0 && score < normalize.DefaultMinScore || score < 0 || score > 1 {
			t.Fatalf("Match(%q, [%q 规章]) = %d, %v", a, b, i, score)
		}
		if utf8.ValidString(a) {
			if got := strings.Join(normalize.Segment(a), ""); got != strings.ReplaceAll(a, "\x00", " ") {
				t.Fatalf("Segment(%q) joins to %q", a, got)
			}
		}
	})
}

func BenchmarkMatch(b *testing.B) {
	s := templateSet(b, "requests rows")
	normalize.Segment("预热") // load the dictionary outside the timings
	for _, bm := range []struct{ name, label string }{
		{"exact", "信访举报投诉类申请"},
		{"exact-spaced", " 信 访 举 报 投 诉 类 申 请 "},
		{"fuzzy", "住房举报投诉类申请"},
		{"fuzzy-long", "申请人无正当理由逾期不补正，行政机关不再处理其政府信息公开申清"},
		{"nomatch", "本年度收到申请件数"},
	} {
		b.Run(bm.name, func(b *testing.B) {
			for b.Loop() {
				normalize.MatchGrouped(bm.label, s.labels, s.group, 0)
			}
		})
	}
}

func BenchmarkSimilarity(b *testing.B) {
	normalize.Segment("预热")
	for b.Loop() {
		normalize.Similarity("其他法律行政止公开", "其他法律行政法规禁止公开")
	}
}

// BenchmarkSegment measures jieba's throughput on report-like text (the
// template's labels and headings over and over).
func BenchmarkSegment(b *testing.B) {
	var sb strings.Builder
	for _, s := range templateSets() {
		for _, l := range s.labels {
			sb.WriteString(l)
			sb.WriteString("，")
		}
	}
	for _, sec := range schema.Sections {
		sb.WriteString(sec.Heading)
		sb.WriteString("。")
	}
	text := strings.Repeat(sb.String(), 20)
	normalize.Segment("预热")
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		normalize.Segment(text)
	}
}
