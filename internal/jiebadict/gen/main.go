// Command gen writes the pruned jieba dictionaries that package jiebadict
// embeds:
//
//	go run ./internal/jiebadict/gen            # from anywhere in the module
//	go generate ./internal/jiebadict
//
// It reads the full dictionary and the HMM model of the gojieba module in the
// module cache (go list -m -f '{{.Dir}}' github.com/yanyiwu/gojieba; run
// go mod download github.com/yanyiwu/gojieba first if it is missing), keeps
// the words whose frequency reaches -min, keeps every word of every template
// label (package schema) whatever its frequency, adds the domain words of
// domain.txt as the user dictionary, and writes
//
//	data/jieba.dict.utf8.gz   the pruned main dictionary (gzip)
//	data/hmm_model.utf8.gz    the HMM model, unchanged (gzip)
//	data/user.dict.utf8       the domain words, "word freq tag" per line
//
// The output is deterministic and committed, so a build never runs this.
// Before writing, it segments every template label with the full and with
// the pruned dictionaries, fails when a label has a multi-character word that
// neither dictionary knows (add it to domain.txt), and prints the labels
// whose segmentation changed.
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/nianbao/nianbao/schema"
	"github.com/yanyiwu/gojieba"
)

//go:embed domain.txt
var domainTxt string

// defaultDomainFreq is the frequency given to a domain word that the full
// dictionary lacks: about the median of the kept words, enough for a
// compound to win over its parts, not enough to swallow a neighbour.
const defaultDomainFreq = 100

const gojiebaModule = "github.com/yanyiwu/gojieba"

func main() {
	log.SetFlags(0)
	log.SetPrefix("jiebadict/gen: ")
	minFreq := flag.Int("min", 1000, "keep the dictionary words whose frequency is at least `n`")
	out := flag.String("out", "", "output `dir` (default: internal/jiebadict/data of the main module)")
	verbose := flag.Bool("v", false, "print the segmentation of every template label")
	flag.Parse()
	if *minFreq < 1 {
		log.Fatalf("-min %d: want a frequency of at least 1", *minFreq)
	}
	if *out == "" {
		root, err := goList("-m", "-f", "{{.Dir}}")
		if err != nil {
			log.Fatal(err)
		}
		*out = filepath.Join(root, "internal", "jiebadict", "data")
	}
	if err := run(*minFreq, *out, *verbose); err != nil {
		log.Fatal(err)
	}
}

// entry is a dictionary line: word, frequency, part-of-speech tag.
type entry struct {
	word string
	freq int
	tag  string
}

func (e entry) line() string { return e.word + " " + strconv.Itoa(e.freq) + " " + e.tag }

func run(minFreq int, out string, verbose bool) error {
	modDir, err := goList("-m", "-f", "{{.Dir}}", gojiebaModule)
	if err != nil {
		return err
	}
	if modDir == "" {
		return fmt.Errorf("%s is not in the module cache; run: go mod download %s", gojiebaModule, gojiebaModule)
	}
	dictDir := filepath.Join(modDir, "deps", "cppjieba", "dict")
	full, err := readDict(filepath.Join(dictDir, "jieba.dict.utf8"))
	if err != nil {
		return err
	}
	hmm, err := os.ReadFile(filepath.Join(dictDir, "hmm_model.utf8"))
	if err != nil {
		return err
	}
	byWord := make(map[string]entry, len(full))
	for _, e := range full {
		byWord[e.word] = e
	}
	domain, err := parseDomain(domainTxt, byWord)
	if err != nil {
		return err
	}
	isDomain := map[string]bool{}
	for _, e := range domain {
		isDomain[e.word] = true
	}

	tmp, err := os.MkdirTemp("", "jiebadict-gen-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	userPath := filepath.Join(tmp, "user.dict.utf8")
	if err := os.WriteFile(userPath, []byte(lines(domain)), 0o644); err != nil {
		return err
	}
	idfPath := filepath.Join(tmp, "idf.utf8")
	stopPath := filepath.Join(tmp, "stop_words.utf8")
	if err := os.WriteFile(idfPath, []byte("的 1.0\n"), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(stopPath, []byte("的\n"), 0o644); err != nil {
		return err
	}

	// Segment the template labels with the full dictionary plus the domain
	// words: every word that comes out must survive the pruning.
	labels := templateLabels()
	fullSeg := gojieba.NewJieba(filepath.Join(dictDir, "jieba.dict.utf8"), filepath.Join(dictDir, "hmm_model.utf8"), userPath, idfPath, stopPath)
	defer fullSeg.Free()
	need := map[string]bool{}
	var unknown []string
	before := map[string][]string{}
	for _, l := range labels {
		words := fullSeg.Cut(l, true)
		before[l] = words
		for _, w := range words {
			if !isWord(w) {
				continue
			}
			switch _, inFull := byWord[w]; {
			case isDomain[w]:
			case inFull:
				need[w] = true
			case utf8.RuneCountInString(w) > 1:
				unknown = append(unknown, fmt.Sprintf("%s (in %s)", w, l))
			}
		}
	}
	if len(unknown) > 0 {
		return fmt.Errorf("template labels have words no dictionary knows; add them to domain.txt:\n\t%s", strings.Join(unknown, "\n\t"))
	}

	var kept []entry
	var keptBytes int
	for _, e := range full {
		if isDomain[e.word] || e.freq < minFreq && !need[e.word] {
			continue
		}
		kept = append(kept, e)
		keptBytes += len(e.line()) + 1
	}
	dict := lines(kept)
	dictPath := filepath.Join(tmp, "jieba.dict.utf8")
	if err := os.WriteFile(dictPath, []byte(dict), 0o644); err != nil {
		return err
	}
	hmmPath := filepath.Join(tmp, "hmm_model.utf8")
	if err := os.WriteFile(hmmPath, hmm, 0o644); err != nil {
		return err
	}

	pruned := gojieba.NewJieba(dictPath, hmmPath, userPath, idfPath, stopPath)
	defer pruned.Free()
	changed := 0
	for _, l := range labels {
		a, b := strings.Join(before[l], "/"), strings.Join(pruned.Cut(l, true), "/")
		switch {
		case a != b:
			changed++
			fmt.Printf("changed: %s\n\tfull:   %s\n\tpruned: %s\n", l, a, b)
		case verbose:
			fmt.Printf("%s\n", b)
		}
	}

	gzDict, err := gz([]byte(dict))
	if err != nil {
		return err
	}
	gzHMM, err := gz(hmm)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	for name, data := range map[string][]byte{
		"jieba.dict.utf8.gz": gzDict,
		"hmm_model.utf8.gz":  gzHMM,
		"user.dict.utf8":     []byte(lines(domain)),
	} {
		if err := os.WriteFile(filepath.Join(out, name), data, 0o644); err != nil {
			return err
		}
	}
	fmt.Printf("min frequency %d: kept %d of %d words (%d for template labels below the threshold), %d domain words\n",
		minFreq, len(kept), len(full), countBelow(kept, minFreq), len(domain))
	fmt.Printf("jieba.dict.utf8 %d bytes (gzip %d), hmm_model.utf8 %d bytes (gzip %d); %d of %d template labels segment differently\n",
		keptBytes, len(gzDict), len(hmm), len(gzHMM), changed, len(labels))
	fmt.Printf("wrote %s\n", out)
	return nil
}

func countBelow(es []entry, minFreq int) int {
	n := 0
	for _, e := range es {
		if e.freq < minFreq {
			n++
		}
	}
	return n
}

func lines(es []entry) string {
	var b strings.Builder
	for _, e := range es {
		b.WriteString(e.line())
		b.WriteByte('\n')
	}
	return b.String()
}

// gz compresses data deterministically (no name, no time stamp).
func gz(data []byte) ([]byte, error) {
	var b bytes.Buffer
	w, err := gzip.NewWriterLevel(&b, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(data); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func readDict(path string) ([]entry, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var es []entry
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		fields := strings.Fields(sc.Text())
		if len(fields) != 3 {
			return nil, fmt.Errorf("%s:%d: want 3 fields, got %q", path, n, sc.Text())
		}
		freq, err := strconv.Atoi(fields[1])
		if err != nil || freq <= 0 {
			return nil, fmt.Errorf("%s:%d: bad frequency %q", path, n, fields[1])
		}
		es = append(es, entry{fields[0], freq, fields[2]})
	}
	return es, sc.Err()
}

// parseDomain reads domain.txt; a word without a frequency takes the full
// dictionary's, or defaultDomainFreq.
func parseDomain(s string, full map[string]entry) ([]entry, error) {
	var es []entry
	seen := map[string]bool{}
	for n, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Fields(line)
		if len(fields) > 3 {
			return nil, fmt.Errorf("domain.txt:%d: want word [freq [tag]], got %q", n+1, line)
		}
		e := entry{word: fields[0], freq: defaultDomainFreq, tag: "n"}
		if f, ok := full[e.word]; ok {
			e.freq, e.tag = f.freq, f.tag
		}
		if len(fields) > 1 {
			f, err := strconv.Atoi(fields[1])
			if err != nil || f <= 0 {
				return nil, fmt.Errorf("domain.txt:%d: bad frequency %q", n+1, fields[1])
			}
			e.freq = f
		}
		if len(fields) > 2 {
			e.tag = fields[2]
		}
		if seen[e.word] {
			return nil, fmt.Errorf("domain.txt:%d: %s listed twice", n+1, e.word)
		}
		seen[e.word] = true
		es = append(es, e)
	}
	if len(es) == 0 {
		return nil, errors.New("domain.txt has no words")
	}
	return es, nil
}

// templateLabels returns every label, group, caption, title and heading of
// the templates, once each, in template order.
func templateLabels() []string {
	var out []string
	seen := map[string]bool{}
	add := func(ss ...string) {
		for _, s := range ss {
			if s != "" && !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
	}
	for _, td := range schema.TableDefs {
		add(td.Title)
		for _, r := range td.Rows {
			add(r.Label, r.Group, r.Caption)
			add(r.Aliases...)
			for _, c := range td.AllColumns(r.Key) {
				add(c.Label, c.Group)
				add(c.Aliases...)
			}
		}
	}
	for _, g := range schema.RequestGroups {
		add(g.Label)
	}
	for _, s := range schema.Sections {
		add(s.Heading)
	}
	return out
}

// isWord reports whether w has a letter or digit (cppjieba returns
// punctuation as words of its own).
func isWord(w string) bool {
	return slices.ContainsFunc([]rune(w), func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) })
}

func goList(args ...string) (string, error) {
	cmd := exec.Command("go", append([]string{"list"}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("go list %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return strings.TrimSpace(string(out)), nil
}
