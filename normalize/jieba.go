package normalize

import (
	"strings"
	"sync"
	"sync/atomic"
	"unicode"

	"github.com/nianbao/nianbao/internal/jiebadict"
	"github.com/yanyiwu/gojieba"
)

// The segmenter is loaded on the first call that needs it, once per
// process, and stays referenced here: gojieba frees its C++ object in a
// finalizer.
var (
	jiebaOnce   sync.Once
	jiebaSeg    *gojieba.Jieba
	jiebaErr    error
	jiebaLoaded atomic.Bool
	jiebaTried  atomic.Bool // set after jiebaErr
)

func segmenter() *gojieba.Jieba {
	jiebaOnce.Do(func() {
		jiebaSeg, jiebaErr = jiebadict.New()
		jiebaLoaded.Store(jiebaSeg != nil)
		jiebaTried.Store(true)
	})
	return jiebaSeg
}

// JiebaLoaded reports whether this process has loaded the jieba dictionary:
// false until the first call of [Segment] or a fuzzy comparison in
// [Similarity] or [Match].
func JiebaLoaded() bool {
	return jiebaLoaded.Load()
}

// JiebaError returns why this process could not load the jieba dictionary,
// or nil: before the first attempt and after a successful one. While it is
// not nil, [Segment] and the fuzzy matching work on single characters (see
// [Segment]); a caller may want to warn that label matching is degraded.
func JiebaError() error {
	if !jiebaTried.Load() {
		return nil
	}
	return jiebaErr
}

// Segment splits s into words with jieba (its mixed dictionary and HMM
// mode, with the embedded pruned dictionary and the template's domain
// words), loading the dictionary on first use. Punctuation and spaces come
// back as words of their own; the concatenation of the words is s, with
// invalid UTF-8 replaced by U+FFFD and NUL bytes by spaces.
//
// Should the dictionary fail to load (no memory files and no writable
// temporary directory), Segment falls back to one word per character, runs
// of ASCII letters and digits kept together.
func Segment(s string) []string {
	if s == "" {
		return nil
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	if strings.IndexByte(s, 0) >= 0 {
		// C strings end at NUL.
		s = strings.ReplaceAll(s, "\x00", " ")
	}
	if j := segmenter(); j != nil {
		return j.Cut(s, true)
	}
	return segmentRunes(s)
}

// segmentRunes is the fallback segmentation: one word per character, runs
// of ASCII letters and digits together.
func segmentRunes(s string) []string {
	var out []string
	start := -1
	for i, r := range s {
		ascii := r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r))
		if ascii {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			out = append(out, s[start:i])
			start = -1
		}
		out = append(out, string(r))
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}
