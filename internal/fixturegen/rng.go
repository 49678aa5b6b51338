package fixturegen

// rng is a small deterministic random number generator (SplitMix64). The
// fixtures must come out byte for byte the same on every Go release, so the
// generator does not depend on math/rand's algorithms.
type rng struct{ s uint64 }

func newRNG(seed uint64) *rng { return &rng{s: seed} }

func (r *rng) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// intn returns a number in [0, n); n <= 0 gives 0.
func (r *rng) intn(n int) int {
	if n <= 0 {
		return 0
	}
	return int(r.next() % uint64(n))
}

// between returns a number in [lo, hi].
func (r *rng) between(lo, hi int) int {
	if hi <= lo {
		return lo
	}
	return lo + r.intn(hi-lo+1)
}

// float returns a number in [0, 1).
func (r *rng) float() float64 { return float64(r.next()>>11) / (1 << 53) }

// chance reports true with probability p.
func (r *rng) chance(p float64) bool { return r.float() < p }

// pick returns one of the strings.
func pick[T any](r *rng, xs []T) T { return xs[r.intn(len(xs))] }

// around returns a non-negative integer near mean (uniform within ±spread
// of it, as a fraction).
func (r *rng) around(mean float64, spread float64) int {
	if mean <= 0 {
		return 0
	}
	lo := mean * (1 - spread)
	hi := mean * (1 + spread)
	v := lo + (hi-lo)*r.float()
	if v < 0 {
		return 0
	}
	return int(v + 0.5)
}

// fork returns an independent generator derived from r and a label, so
// that adding draws in one part of a fixture does not shift another.
func (r *rng) fork(label string) *rng {
	h := uint64(1469598103934665603)
	for i := 0; i < len(label); i++ {
		h ^= uint64(label[i])
		h *= 1099511628211
	}
	return newRNG(r.s ^ h)
}
