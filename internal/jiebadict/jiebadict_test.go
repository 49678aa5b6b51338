package jiebadict

import (
	"bufio"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/nianbao/nianbao/schema"
	"github.com/yanyiwu/gojieba"
)

// contents returns the decompressed content of every file handed to
// gojieba.
func contents(t testing.TB) map[string]string {
	t.Helper()
	m := map[string]string{}
	for _, f := range files {
		r, err := f.open()
		if err != nil {
			t.Fatalf("%s: %v", f.name, err)
		}
		b, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.name, err)
		}
		m[f.name] = string(b)
	}
	return m
}

// TestFilesWellFormed guards against the files cppjieba aborts the process
// on: a missing or empty file, a dictionary line without three fields or
// with a frequency that is not positive.
func TestFilesWellFormed(t *testing.T) {
	for name, c := range contents(t) {
		if strings.TrimSpace(c) == "" {
			t.Errorf("%s is empty", name)
		}
		if !utf8.ValidString(c) {
			t.Errorf("%s is not UTF-8", name)
		}
	}
	words := dictWords(t)
	if n := len(words); n < 5000 || n > 200000 {
		t.Errorf("the dictionaries hold %d words; expected a pruned dictionary of thousands to tens of thousands", n)
	}
	c := contents(t)
	if lines := strings.Count(c["hmm_model.utf8"], "\n"); lines < 10 {
		t.Errorf("hmm_model.utf8 has %d lines", lines)
	}
}

// dictWords parses the main and the user dictionary and returns their
// words, failing on a line cppjieba would not read.
func dictWords(t testing.TB) map[string]bool {
	t.Helper()
	words := map[string]bool{}
	c := contents(t)
	for _, name := range []string{"jieba.dict.utf8", "user.dict.utf8"} {
		sc := bufio.NewScanner(strings.NewReader(c[name]))
		for n := 1; sc.Scan(); n++ {
			f := strings.Split(sc.Text(), " ")
			if len(f) != 3 || f[0] == "" || f[2] == "" {
				t.Fatalf("%s:%d: %q is not \"word freq tag\"", name, n, sc.Text())
			}
			if v, err := strconv.Atoi(f[1]); err != nil || v <= 0 {
				t.Fatalf("%s:%d: bad frequency in %q", name, n, sc.Text())
			}
			words[f[0]] = true
		}
		if err := sc.Err(); err != nil {
			t.Fatal(err)
		}
	}
	return words
}

func TestLoad(t *testing.T) {
	for _, m := range []Method{Auto, MemFD, TempDir} {
		t.Run(m.String(), func(t *testing.T) {
			j, err := Load(m)
			if errors.Is(err, ErrMemFD) {
				t.Skip(err)
			}
			if err != nil {
				t.Fatal(err)
			}
			defer j.Free()
			got := strings.Join(j.Cut("本年新收政府信息公开申请数量", true), "/")
			if want := "本年/新收/政府信息公开/申请/数量"; got != want {
				t.Errorf("Cut = %s, want %s", got, want)
			}
		})
	}
	if _, err := Load(Method(9)); err == nil {
		t.Error("Load(Method(9)) succeeded")
	}
}

// TestLoadLeavesNothing checks that the temporary directory is gone once
// the dictionary is loaded.
func TestLoadLeavesNothing(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	j, err := Load(TempDir)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Free()
	left, err := os.ReadDir(tmp)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range left {
		t.Errorf("left behind: %s", filepath.Join(tmp, e.Name()))
	}
}

// TestLoadUnwritableTempDir checks that a temporary directory that cannot
// be written is an error, not a panic.
func TestLoadUnwritableTempDir(t *testing.T) {
	t.Setenv("TMPDIR", filepath.Join(t.TempDir(), "missing"))
	if j, err := Load(TempDir); err == nil {
		j.Free()
		t.Fatal("Load(TempDir) with a missing TMPDIR succeeded")
	}
}

// TestIgnoresModuleCache points gojieba's default dictionary paths at
// nothing: loading must not need them.
func TestIgnoresModuleCache(t *testing.T) {
	saved := [...]*string{&gojieba.DICT_PATH, &gojieba.HMM_PATH, &gojieba.USER_DICT_PATH, &gojieba.IDF_PATH, &gojieba.STOP_WORDS_PATH}
	for _, p := range saved {
		old := *p
		*p = filepath.Join(t.TempDir(), "absent")
		t.Cleanup(func() { *p = old })
	}
	j, err := New()
	if err != nil {
		t.Fatal(err)
	}
	j.Free()
}

// TestTemplateWords checks that the embedded dictionaries are not stale:
// every word jieba makes of a template label is a dictionary word (or a
// single character or punctuation). When a template gains a label, rerun
// go generate ./internal/jiebadict.
func TestTemplateWords(t *testing.T) {
	words := dictWords(t)
	j, err := New()
	if err != nil {
		t.Fatal(err)
	}
	defer j.Free()
	var labels []string
	for _, td := range schema.TableDefs {
		labels = append(labels, td.Title)
		for _, r := range td.Rows {
			labels = append(labels, r.Label, r.Group, r.Caption)
			labels = append(labels, r.Aliases...)
			for _, c := range td.AllColumns(r.Key) {
				labels = append(labels, c.Label, c.Group)
				labels = append(labels, c.Aliases...)
			}
		}
	}
	for _, s := range schema.Sections {
		labels = append(labels, s.Heading)
	}
	for _, l := range labels {
		for _, w := range j.Cut(l, true) {
			if utf8.RuneCountInString(w) > 1 && !words[w] && strings.ContainsFunc(w, func(r rune) bool { return r > 0x2E80 }) {
				t.Errorf("template label %s: word %s is not in the dictionary; run go generate ./internal/jiebadict", l, w)
			}
		}
	}
}

func BenchmarkLoad(b *testing.B) {
	for _, m := range []Method{MemFD, TempDir} {
		b.Run(m.String(), func(b *testing.B) {
			for b.Loop() {
				j, err := Load(m)
				if errors.Is(err, ErrMemFD) {
					b.Skip(err)
				}
				if err != nil {
					b.Fatal(err)
				}
				j.Free()
			}
		})
	}
}

// BenchmarkMaterialize measures handing the files over without loading
// them: decompression and writing.
func BenchmarkMaterialize(b *testing.B) {
	b.Run("memfd", func(b *testing.B) {
		for b.Loop() {
			_, done, err := materializeMemFD()
			if errors.Is(err, ErrMemFD) {
				b.Skip(err)
			}
			if err != nil {
				b.Fatal(err)
			}
			done()
		}
	})
	b.Run("tempdir", func(b *testing.B) {
		for b.Loop() {
			dir, err := os.MkdirTemp("", "nianbao-jieba-bench-")
			if err != nil {
				b.Fatal(err)
			}
			if _, err := materializeDir(dir); err != nil {
				b.Fatal(err)
			}
			os.RemoveAll(dir)
		}
	})
	b.Run("decompress", func(b *testing.B) {
		for b.Loop() {
			for _, f := range files {
				r, err := f.open()
				if err != nil {
					b.Fatal(err)
				}
				if _, err := io.Copy(io.Discard, r); err != nil {
					b.Fatal(err)
				}
				r.Close()
			}
		}
	})
}
