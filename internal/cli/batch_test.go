package cli

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nianbao/nianbao/batch"
	"github.com/nianbao/nianbao/batch/batchtest"
	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/schema"
)

// The test binary doubles as nianbao: run with NIANBAO_TEST_MAIN=1 it is
// the command line (and so the worker processes that extract starts are
// this binary too). In both roles files written by batchtest act out their
// faults; every other file goes to the real extraction. The shipped binary
// has no such hook.
func TestMain(m *testing.M) {
	extractFile = func(ctx context.Context, path string, opts extract.Options) (*schema.Report, error) {
		return batchtest.Extract(func(ctx context.Context, p string) (*schema.Report, error) {
			return extract.File(ctx, p, opts)
		})(ctx, path)
	}
	if os.Getenv("NIANBAO_TEST_MAIN") == "1" {
		os.Exit(int(Main()))
	}
	workerEnv = []string{"NIANBAO_TEST_MAIN=1"}
	os.Exit(m.Run())
}

// testFiles writes a folder of test files: kinds[i] "ok", "slow MS",
// "hang"…, each with distinct content.
func testFiles(t *testing.T, kinds ...string) string {
	t.Helper()
	dir := t.TempDir()
	for i, k := range kinds {
		f := strings.Fields(k)
		if err := batchtest.WritePDF(filepath.Join(dir, fmt.Sprintf("r%03d.pdf", i)), f[0], append(f[1:], fmt.Sprint(i))...); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// run runs the command line in-process.
func run(t *testing.T, stdin string, args ...string) (code ExitCode, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	ios := &IOStreams{In: strings.NewReader(stdin), Out: &out, ErrOut: &errOut}
	code = Run(context.Background(), args, ios)
	return code, out.String(), errOut.String()
}

func TestExtractIsolatedFaults(t *testing.T) {
	dir := testFiles(t, "ok", "hang", "ok", "crash", "ok", "alloc", "ok", "ok")
	out := filepath.Join(t.TempDir(), "out.jsonl")
	code, _, stderr := run(t, "", "extract", "-j", "2", "--timeout", "1s", "--memory-limit", "300MiB", "-o", out, dir)
	if code != ExitUnreadable {
		t.Fatalf("exit %d, want %d; stderr:\n%s", code, ExitUnreadable, stderr)
	}
	lines := jsonLines(t, out)
	if len(lines) != 8 {
		t.Fatalf("%d records, want 8", len(lines))
	}
	want := map[int]string{1: "timeout", 3: "crash", 5: "memory"}
	for i, l := range lines {
		if !strings.Contains(l, fmt.Sprintf(`r%03d.pdf"`, i)) {
			t.Errorf("record %d is not r%03d.pdf", i, i)
		}
		cause, bad := want[i]
		hasUnreadable := strings.Contains(l, `"code":"unreadable"`)
		if bad != hasUnreadable || bad && !strings.Contains(l, `"text":"`+cause+`","message":"无法读取文件（`+batch.Cause(cause).Describe()+"）：") {
			t.Errorf("record %d: unreadable %v, want cause %q:\n%.300s", i, hasUnreadable, cause, l)
		}
	}
	for _, w := range []string{"8 files", "read        5", "unreadable  3 (timeout 1, crash 1, memory 1)"} {
		if !strings.Contains(stderr, w) {
			t.Errorf("stderr lacks %q:\n%s", w, stderr)
		}
	}
}

func jsonLines(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := strings.TrimSuffix(string(b), "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

func TestExtractUsage(t *testing.T) {
	dir := testFiles(t, "ok")
	for _, args := range [][]string{
		{"extract"},
		{"extract", "--resume", dir},
		{"extract", "--csv-bom", dir},
		{"extract", "--shard", "3/2", dir},
		{"extract", "-j", "0", dir},
		{"extract", "--memory-limit", "lots", dir},
	} {
		if code, _, stderr := run(t, "", args...); code != ExitUsage {
			t.Errorf("%v: exit %d, want %d; stderr: %s", args, code, ExitUsage, stderr)
		}
	}
}

func TestExtractFilesFromStdin(t *testing.T) {
	dir := testFiles(t, "ok", "ok", "ok")
	list := filepath.Join(dir, "r002.pdf") + "\r\n\n" + filepath.Join(dir, "r000.pdf") + "\n"
	code, stdout, stderr := run(t, list, "extract", "--in-process", "--files-from", "-", filepath.Join(dir, "r001.pdf"))
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got []string
	for _, l := range strings.Split(strings.TrimSpace(stdout), "\n") {
		for _, n := range []string{"r000", "r001", "r002"} {
			if strings.Contains(l, n+".pdf") {
				got = append(got, n)
			}
		}
	}
	if strings.Join(got, " ") != "r001 r002 r000" {
		t.Errorf("order %v, want arguments then the list", got)
	}
}

// TestExtractSinks writes all four outputs in one run, then resumes it
// with nothing left to do.
func TestExtractSinks(t *testing.T) {
	dir := testFiles(t, "ok", "ok", "unreadable", "ok", "ok")
	// A byte-identical copy, and a path that does not exist.
	dup, _ := os.ReadFile(filepath.Join(dir, "r001.pdf"))
	os.WriteFile(filepath.Join(dir, "r900.pdf"), dup, 0o644)
	missing := filepath.Join(dir, "missing.pdf")
	out := t.TempDir()
	args := []string{"extract", "-j", "2", "-o", filepath.Join(out, "r.jsonl"), "--sqlite", filepath.Join(out, "r.db"),
		"--csv", filepath.Join(out, "csv"), "--csv-bom", "--parquet", filepath.Join(out, "pq"), dir, missing}
	code, _, stderr := run(t, "", args...)
	if code != ExitUnreadable {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	db := dumpDB(t, filepath.Join(out, "r.db"))
	if n := strings.Count(db["documents"], "\n"); n != 6 {
		t.Errorf("documents: %d rows, want 6 (five files, one missing; the copy has none)", n)
	}
	wantFiles := map[string]string{
		"r000.pdf": "read", "r001.pdf": "read", "r002.pdf": "read", "r003.pdf": "read", "r004.pdf": "read",
		"r900.pdf": "duplicate", "missing.pdf": "read",
	}
	checkFilesTable(t, filepath.Join(out, "r.db"), wantFiles)
	for _, f := range []string{"csv/documents.csv", "csv/cells.csv", "csv/files.csv", "pq/documents/part-00001.parquet",
		"pq/cells/part-00001.parquet", "pq/files/part-00001.parquet"} {
		if st, err := os.Stat(filepath.Join(out, f)); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}
	csvFiles := func() int {
		b, _ := os.ReadFile(filepath.Join(out, "csv", "files.csv"))
		return strings.Count(string(b), "\r\n") - 1
	}
	if n := csvFiles(); n != len(wantFiles) {
		t.Errorf("files.csv: %d rows, want %d", n, len(wantFiles))
	}
	code, _, stderr = run(t, "", append(args, "--resume")...)
	if code != ExitOK || !strings.Contains(stderr, "skipped     7 already in the output") {
		t.Fatalf("resume: exit %d:\n%s", code, stderr)
	}
	// JSON Lines has a record per input, the copy's included.
	if n := len(jsonLines(t, filepath.Join(out, "r.jsonl"))); n != 7 {
		t.Errorf("after resume: %d records, want 7 (resume wrote records again?)", n)
	}
	// The resumed run names every file again; the rows stay as they were.
	checkFilesTable(t, filepath.Join(out, "r.db"), wantFiles)
	if n := csvFiles(); n != len(wantFiles) {
		t.Errorf("files.csv after resume: %d rows, want %d", n, len(wantFiles))
	}
	// A renamed copy found by a resumed run is done, not read again.
	os.WriteFile(filepath.Join(dir, "r901.pdf"), dup, 0o644)
	if code, _, stderr = run(t, "", append(args, "--resume")...); code != ExitOK {
		t.Fatalf("resume with a new copy: exit %d:\n%s", code, stderr)
	}
	wantFiles["r901.pdf"] = "done"
	checkFilesTable(t, filepath.Join(out, "r.db"), wantFiles)
	// JSON Lines gets its record, copied from the one of its content.
	lines := jsonLines(t, filepath.Join(out, "r.jsonl"))
	if len(lines) != 8 || !strings.Contains(lines[7], `r901.pdf"`) {
		t.Errorf("after resume with a new copy: %d records, the last %.80s…; want 8, the last for r901.pdf", len(lines), lines[len(lines)-1])
	} else if strings.Replace(lines[7], "r901.pdf", "r900.pdf", 1) != findLine(lines, `r900.pdf"`) {
		t.Error("the copied record differs from its original's but for the path")
	}
	// Standard output cannot be resumed, and does not stop the skipping.
	code, stdout, stderr := run(t, "", "extract", "--resume", "--sqlite", filepath.Join(out, "r.db"), "-o", "-", dir)
	if code != ExitOK || stdout != "" {
		t.Errorf("resume with -o -: exit %d, %d bytes on stdout: %s", code, len(stdout), stderr)
	}
	// Without --resume, CSV and Parquet outputs refuse to be overwritten.
	if code, _, _ := run(t, "", "extract", "--csv", filepath.Join(out, "csv"), dir); code != ExitUsage {
		t.Errorf("CSV over an existing dataset: exit %d, want %d", code, ExitUsage)
	}
}

// findLine returns the first line that contains sub.
func findLine(lines []string, sub string) string {
	for _, l := range lines {
		if strings.Contains(l, sub) {
			return l
		}
	}
	return ""
}

// checkFilesTable checks that the files table holds one row per input
// path, by base name, with the status given, each pointing to exactly one
// documents row.
func checkFilesTable(t *testing.T, path string, want map[string]string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query("SELECT f.path, f.status, count(d.sha256) FROM files f LEFT JOIN documents d USING (sha256) GROUP BY f.path")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := map[string]string{}
	for rows.Next() {
		var p, status string
		var docs int
		if err := rows.Scan(&p, &status, &docs); err != nil {
			t.Fatal(err)
		}
		if docs != 1 {
			t.Errorf("files row %s points to %d documents rows", p, docs)
		}
		got[filepath.Base(p)] = status
	}
	if len(got) != len(want) {
		t.Errorf("files: %d rows, want %d: %v", len(got), len(want), got)
	}
	for name, st := range want {
		if got[name] != st {
			t.Errorf("files row of %s: status %q, want %q", name, got[name], st)
		}
	}
}

// dumpDB returns each table of a database as sorted lines, without the
// time of extraction.
func dumpDB(t *testing.T, path string) map[string]string {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	out := map[string]string{}
	for _, table := range []string{"documents", "sections", "cells", "findings", "files"} {
		rows, err := db.Query("SELECT * FROM " + table)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		var lines []string
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			for i, v := range vals {
				if cols[i] == "extracted_at" || cols[i] == "run_at" {
					continue
				}
				fmt.Fprintf(&b, "%v|", v)
			}
			lines = append(lines, b.String())
		}
		rows.Close()
		sort.Strings(lines)
		out[table] = strings.Join(lines, "\n") + "\n"
	}
	return out
}

// TestKillResume kills a run at a random point (SIGKILL, or Ctrl-C's
// SIGINT), resumes it, and checks that the outputs equal those of a clean
// run: no file lost, none written twice.
func TestKillResume(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary")
	}
	var kinds []string
	for i := range 40 {
		if i == 17 {
			kinds = append(kinds, "unreadable")
			continue
		}
		kinds = append(kinds, "slow 25")
	}
	dir := testFiles(t, kinds...)
	// A duplicate: the same content under another name.
	dup, _ := os.ReadFile(filepath.Join(dir, "r005.pdf"))
	os.WriteFile(filepath.Join(dir, "r999.pdf"), dup, 0o644)

	outputs := func(o string) []string {
		return []string{"-o", filepath.Join(o, "r.jsonl"), "--sqlite", filepath.Join(o, "r.db"), "--csv", filepath.Join(o, "csv")}
	}
	clean := t.TempDir()
	if code, _, stderr := run(t, "", append([]string{"extract", "-j", "2", "-q", dir}, outputs(clean)...)...); code != ExitUnreadable {
		t.Fatalf("clean run: exit %d: %s", code, stderr)
	}
	wantDB := dumpDB(t, filepath.Join(clean, "r.db"))
	wantJSON := jsonLines(t, filepath.Join(clean, "r.jsonl"))
	wantCSV := csvRows(t, filepath.Join(clean, "csv"))
	if len(wantJSON) != 41 {
		t.Fatalf("clean run: %d records, want 41 (one per input)", len(wantJSON))
	}

	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
	for _, sig := range []syscall.Signal{syscall.SIGKILL, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) {
			o := t.TempDir()
			cmd := exec.Command(os.Args[0], append([]string{"extract", "-j", "2", "-q", dir}, outputs(o)...)...)
			cmd.Env = append(os.Environ(), "NIANBAO_TEST_MAIN=1")
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			wait := time.Duration(150+rng.IntN(400)) * time.Millisecond
			time.Sleep(wait)
			cmd.Process.Signal(sig)
			err := cmd.Wait()
			written := 0
			if _, serr := os.Stat(filepath.Join(o, "r.jsonl")); serr == nil {
				written = len(jsonLines(t, filepath.Join(o, "r.jsonl")))
			}
			t.Logf("%v after %v: %v; %d records written", sig, wait, err, written)
			if sig == syscall.SIGINT {
				if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != int(ExitCanceled) && ee.ExitCode() != int(ExitUnreadable) {
					t.Errorf("after Ctrl-C: %v, want exit %d; stderr:\n%s", err, ExitCanceled, stderr.String())
				}
			}
			code, _, stderrResume := run(t, "", append([]string{"extract", "-j", "2", "--resume", dir}, outputs(o)...)...)
			if code != ExitOK && code != ExitUnreadable {
				t.Fatalf("resume: exit %d: %s", code, stderrResume)
			}
			if diff := diffLines(wantJSON, jsonLines(t, filepath.Join(o, "r.jsonl"))); diff != "" {
				t.Errorf("JSON Lines after resume differ from a clean run: %s", diff)
			}
			got := dumpDB(t, filepath.Join(o, "r.db"))
			// A file whose content was written before the kill is done
			// for the resumed run: the copy of r005 is the last input.
			got["files"] = strings.ReplaceAll(got["files"], "|done|", "|duplicate|")
			for table, w := range wantDB {
				if got[table] != w {
					t.Errorf("SQLite %s after resume differs from a clean run: %s", table,
						diffLines(strings.Split(w, "\n"), strings.Split(got[table], "\n")))
				}
			}
			gotCSV := csvRows(t, filepath.Join(o, "csv"))
			// As in SQLite (a document and its files row are written
			// out together, so no other file can be done).
			for i, l := range gotCSV["files"] {
				if strings.Contains(l, "r999.pdf") {
					gotCSV["files"][i] = strings.Replace(l, ",done", ",duplicate", 1)
				}
			}
			sort.Strings(gotCSV["files"])
			for table, w := range wantCSV {
				if d := diffLines(w, gotCSV[table]); d != "" {
					t.Errorf("CSV %s after resume differs: %s", table, d)
				}
			}
		})
	}
}

// extractedAt matches the time of extraction in a documents row, runAtField
// the start of the run at the end of a files row.
var (
	extractedAt = regexp.MustCompile(`,\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ,`)
	runAtField  = regexp.MustCompile(`,\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`)
)

// csvRows reads the CSV tables, sorted, without the time of extraction.
func csvRows(t *testing.T, dir string) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, table := range []string{"documents", "sections", "cells", "findings", "files"} {
		b, err := os.ReadFile(filepath.Join(dir, table+".csv"))
		if err != nil {
			t.Fatal(err)
		}
		var lines []string
		for _, l := range strings.Split(string(b), "\r\n") {
			l = extractedAt.ReplaceAllString(l, ",")
			lines = append(lines, runAtField.ReplaceAllString(l, ","))
		}
		sort.Strings(lines)
		out[table] = lines
	}
	return out
}

// diffLines describes how got differs from want: lines missing and extra.
func diffLines(want, got []string) string {
	count := map[string]int{}
	for _, l := range want {
		count[l]++
	}
	for _, l := range got {
		count[l]--
	}
	var missing, extra int
	for _, n := range count {
		if n > 0 {
			missing += n
		} else {
			extra -= n
		}
	}
	if missing == 0 && extra == 0 && len(want) == len(got) {
		for i := range want {
			if want[i] != got[i] {
				return fmt.Sprintf("same lines, order differs at line %d", i+1)
			}
		}
		return ""
	}
	return fmt.Sprintf("%d lines missing, %d extra (want %d, got %d)", missing, extra, len(want), len(got))
}

// TestShardMerge splits a folder in two shards, merges their SQLite
// databases as the README shows, and compares with one run.
func TestShardMerge(t *testing.T) {
	var kinds []string
	for range 12 {
		kinds = append(kinds, "ok")
	}
	dir := testFiles(t, kinds...)
	o := t.TempDir()
	whole := filepath.Join(o, "all.db")
	if code, _, stderr := run(t, "", "extract", "--in-process", "-q", "--sqlite", whole, dir); code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var shards []string
	for k := 1; k <= 2; k++ {
		p := filepath.Join(o, fmt.Sprintf("s%d.db", k))
		if code, _, stderr := run(t, "", "extract", "--in-process", "-q", "--shard", fmt.Sprintf("%d/2", k), "--sqlite", p, dir); code != ExitOK {
			t.Fatalf("shard %d: exit %d: %s", k, code, stderr)
		}
		shards = append(shards, p)
	}
	merged := filepath.Join(o, "merged.db")
	if err := os.Rename(shards[0], merged); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", merged)
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	for _, q := range []string{
		"ATTACH '" + shards[1] + "' AS s",
		"INSERT OR REPLACE INTO documents SELECT * FROM s.documents",
		"INSERT OR REPLACE INTO sections SELECT * FROM s.sections",
		"INSERT OR REPLACE INTO cells SELECT * FROM s.cells",
		"INSERT OR REPLACE INTO findings SELECT * FROM s.findings",
		"INSERT OR REPLACE INTO files     SELECT * FROM s.files",
		"DETACH s",
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()
	a, b := dumpDB(t, whole), dumpDB(t, merged)
	for table := range a {
		if a[table] != b[table] {
			t.Errorf("%s: merged shards differ from one run", table)
		}
	}
	if n := strings.Count(a["documents"], "\n"); n != 12 {
		t.Errorf("%d documents, want 12", n)
	}
}
