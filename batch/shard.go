package batch

import (
	"errors"
	"fmt"
	"hash/fnv"
	"path/filepath"
	"strconv"
	"strings"
)

// Shard selects one of N disjoint parts of a list of inputs. The zero
// value selects everything.
type Shard struct {
	K, N int // 1 ≤ K ≤ N
}

// ErrShard: a shard is not written K/N with 1 ≤ K ≤ N.
var ErrShard = errors.New("batch: shard must be K/N with 1 ≤ K ≤ N")

// ParseShard reads "K/N" (1-based: 1/4 … 4/4).
func ParseShard(s string) (Shard, error) {
	k, n, ok := strings.Cut(strings.TrimSpace(s), "/")
	if !ok {
		return Shard{}, fmt.Errorf("%w: %q", ErrShard, s)
	}
	ki, err1 := strconv.Atoi(strings.TrimSpace(k))
	ni, err2 := strconv.Atoi(strings.TrimSpace(n))
	if err1 != nil || err2 != nil || ni < 1 || ki < 1 || ki > ni {
		return Shard{}, fmt.Errorf("%w: %q", ErrShard, s)
	}
	return Shard{K: ki, N: ni}, nil
}

// All reports whether the shard selects every input.
func (s Shard) All() bool { return s.N <= 1 }

// String is "K/N", or "" for the zero shard.
func (s Shard) String() string {
	if s.All() {
		return ""
	}
	return fmt.Sprintf("%d/%d", s.K, s.N)
}

// Name is a file-name-safe form, "shard-K-of-N", or "" for the zero shard.
func (s Shard) Name() string {
	if s.All() {
		return ""
	}
	return fmt.Sprintf("shard-%d-of-%d", s.K, s.N)
}

// Has reports whether the input path belongs to the shard. The decision
// depends only on the path as written, cleaned and with forward slashes
// (FNV-1a 64 of it, modulo N), so every machine given the same list makes
// the same split.
func (s Shard) Has(path string) bool {
	if s.All() {
		return true
	}
	h := fnv.New64a()
	h.Write([]byte(filepath.ToSlash(filepath.Clean(path))))
	return int(h.Sum64()%uint64(s.N)) == s.K-1
}
