// Command jiebacheck checks that a binary loads its embedded jieba
// dictionary and matches labels fuzzily, wherever it runs: it needs no
// module cache, no source tree and no working directory of its own. Its test
// builds it with -trimpath, copies it to an empty directory and runs it with
// an empty module cache.
//
//	jiebacheck [-method auto|memfd|tempdir] [-measure] [label candidate...]
//
// Without arguments it matches 政府集中收购 against the rows of the 主动公开
// table and prints
//
//	match 政府集中采购 score=0.833 exact=false loaded=true
//
// or "nomatch score=… loaded=…" (exit status 1). With -measure it only loads
// the dictionary and prints the load time and the resident memory it added
// (Linux), for comparing dictionaries and methods; run it in a fresh process
// each time.
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/nianbao/nianbao/internal/jiebadict"
	"github.com/nianbao/nianbao/normalize"
)

func main() {
	os.Exit(run())
}

func run() int {
	method := flag.String("method", "auto", "how to hand the dictionaries to gojieba: auto, memfd or tempdir")
	measure := flag.Bool("measure", false, "load the dictionary and print the load time and the memory added")
	flag.Parse()
	if *measure {
		return measureLoad(*method)
	}
	label := "政府集中收购"
	cands := []string{"规章", "规范性文件", "行政许可", "其他对外管理服务事项", "行政处罚", "行政强制", "行政事业性收费", "政府集中采购"}
	if flag.NArg() > 0 {
		label, cands = flag.Arg(0), flag.Args()[1:]
	}
	i, score, exact := normalize.Match(label, cands, normalize.DefaultMinScore)
	if i < 0 {
		fmt.Printf("nomatch score=%.3f loaded=%v\n", score, normalize.JiebaLoaded())
		return 1
	}
	fmt.Printf("match %s score=%.3f exact=%v loaded=%v\n", cands[i], score, exact, normalize.JiebaLoaded())
	return 0
}

func measureLoad(name string) int {
	var m jiebadict.Method
	switch name {
	case "auto":
		m = jiebadict.Auto
	case "memfd":
		m = jiebadict.MemFD
	case "tempdir":
		m = jiebadict.TempDir
	default:
		fmt.Fprintf(os.Stderr, "jiebacheck: unknown method %q\n", name)
		return 2
	}
	before := rssKB()
	start := time.Now()
	j, err := jiebadict.Load(m)
	elapsed := time.Since(start)
	if err != nil {
		fmt.Fprintln(os.Stderr, "jiebacheck:", err)
		return 1
	}
	after := rssKB()
	words := j.Cut("本年新收政府信息公开申请数量", true)
	fmt.Printf("method=%s load=%.1fms rss_before=%dKB rss_after=%dKB added=%.1fMB words=%s\n",
		name, float64(elapsed.Microseconds())/1000, before, after, float64(after-before)/1024, strings.Join(words, "/"))
	runtime.KeepAlive(j)
	return 0
}

// rssKB returns the process's resident set size in kB (VmRSS), or 0 where
// /proc/self/status is not available.
func rssKB() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return n
		}
	}
	return 0
}
