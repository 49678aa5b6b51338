package extract

// Temporary stand-in until normalize.Match lands.

const defaultMinScore = 0.6

func bigrams(s string) map[string]int {
	r := []rune(s)
	m := map[string]int{}
	for i := 0; i+1 < len(r); i++ {
		m[string(r[i:i+2])]++
	}
	return m
}

func similarity(a, b string) float64 {
	x, y := bigrams(a), bigrams(b)
	if len(x) == 0 || len(y) == 0 {
		if a == b {
			return 1
		}
		return 0
	}
	n, tot := 0, 0
	for k, v := range x {
		n += min(v, y[k])
		tot += v
	}
	for _, v := range y {
		tot += v
	}
	return 2 * float64(n) / float64(tot)
}

func fuzzyMatch(label string, cands []string, minScore float64) (int, float64, bool) {
	best, bs := -1, 0.0
	for i, c := range cands {
		if s := similarity(label, c); s > bs {
			best, bs = i, s
		}
	}
	if bs < minScore {
		return -1, bs, false
	}
	return best, bs, false
}
