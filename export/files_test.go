package export_test

import (
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/nianbao/nianbao/export"
)

var runAt = time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)

// fileRun is one run's input paths over records(5): every record read
// under its own path, one content under two more paths (a duplicate, and
// its first path named again), and a path skipped as already done.
func fileRun(recs []*export.Record) (writes []any) {
	for _, r := range recs {
		writes = append(writes, r, export.NewFileRow(r.Report.Source.File, export.Key(r.Report), r.Report.Source.Bytes, export.FileRead, runAt))
	}
	k0 := export.Key(recs[0].Report)
	writes = append(writes,
		export.NewFileRow("dir/copy-of-r000.pdf", k0, 7, export.FileDuplicate, runAt),
		export.NewFileRow(recs[0].Report.Source.File, k0, 7, export.FileDuplicate, runAt), // named twice
		export.NewFileRow("moved/r001.pdf", export.Key(recs[1].Report), 7, export.FileDone, runAt),
		export.NewFileRow("missing.pdf", "path:missing.pdf", -1, export.FileDuplicate, runAt),
	)
	// The unreadable file that could not be hashed has its own record.
	missing := *recs[len(recs)-1]
	rep := *missing.Report
	rep.Source.File, rep.Source.SHA256, rep.Source.Bytes = "missing.pdf", "", 0
	missing.Report = &rep
	return append([]any{&missing}, writes...)
}

// wantFiles is the files table after fileRun: one row per distinct path.
func wantFiles(recs []*export.Record) []string {
	var out []string
	for _, r := range recs {
		out = append(out, r.Report.Source.File+" "+short(export.Key(r.Report))+" read")
	}
	k0 := export.Key(recs[0].Report)
	out = append(out, "dir/copy-of-r000.pdf "+short(k0)+" duplicate", "moved/r001.pdf "+short(export.Key(recs[1].Report))+" done",
		"missing.pdf sing.pdf duplicate")
	sort.Strings(out)
	return out
}

// short is the end of a content key, enough to tell the test's apart.
func short(key string) string { return key[len(key)-8:] }

func writeAll(t *testing.T, s export.Sink, writes []any) {
	t.Helper()
	for _, w := range writes {
		var err error
		switch w := w.(type) {
		case *export.Record:
			err = s.Write(w)
		case *export.FileRow:
			err = s.WriteFile(w)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}

func fileLines(rows []export.FileRow) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r.Path+" "+short(r.SHA256)+" "+r.Status)
	}
	sort.Strings(out)
	return out
}

func sqliteFiles(t *testing.T, path string) []export.FileRow {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query("SELECT path, sha256, bytes, status, run_at FROM files")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []export.FileRow
	for rows.Next() {
		var r export.FileRow
		if err := rows.Scan(&r.Path, &r.SHA256, &r.Bytes, &r.Status, &r.RunAt); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	// Every files row points to exactly one documents row.
	var dangling int
	if err := db.QueryRow("SELECT count(*) FROM files f LEFT JOIN documents d USING (sha256) WHERE d.sha256 IS NULL").Scan(&dangling); err != nil {
		t.Fatal(err)
	}
	if dangling != 0 {
		t.Errorf("%d files rows without their documents row", dangling)
	}
	return out
}

func TestFilesSQLite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f.db")
	recs := records(5)
	s, err := export.OpenSQLite(path, export.SQLiteOptions{Version: "test", BatchDocs: 2})
	if err != nil {
		t.Fatal(err)
	}
	writeAll(t, s, fileRun(recs))
	got := sqliteFiles(t, path)
	if diff := cmp.Diff(wantFiles(recs), fileLines(got)); diff != "" {
		t.Fatalf("files (-want +got):\n%s", diff)
	}
	for _, r := range got {
		if (r.Bytes == nil) != strings.HasPrefix(r.SHA256, "path:") || r.RunAt != "2025-03-01T09:00:00Z" {
			t.Errorf("row %+v: bytes or run_at wrong", r)
		}
	}

	// Again, without resume: the documents are written again (deleted and
	// inserted), the files rows stay; a path whose content changed gets
	// its new content; a resumed run's skip does not overwrite a read.
	s, err = export.OpenSQLite(path, export.SQLiteOptions{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	later := runAt.Add(time.Hour)
	writeAll(t, s, []any{
		recs[0], recs[1],
		export.NewFileRow(recs[1].Report.Source.File, export.Key(recs[1].Report), 7, export.FileDone, later),
		export.NewFileRow("dir/copy-of-r000.pdf", export.Key(recs[2].Report), 7, export.FileDuplicate, later),
	})
	got = sqliteFiles(t, path)
	want := wantFiles(recs)
	for i, l := range want {
		if strings.HasPrefix(l, "dir/copy-of-r000.pdf ") {
			want[i] = "dir/copy-of-r000.pdf " + short(export.Key(recs[2].Report)) + " duplicate"
		}
	}
	sort.Strings(want)
	if diff := cmp.Diff(want, fileLines(got)); diff != "" {
		t.Fatalf("files after a second run (-want +got):\n%s", diff)
	}

	// A files row whose document is nowhere is refused at commit.
	s, err = export.OpenSQLite(path, export.SQLiteOptions{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.WriteFile(export.NewFileRow("ghost.pdf", strings.Repeat("9", 64), 1, export.FileDone, later)); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err == nil || !strings.Contains(err.Error(), "FOREIGN KEY") {
		t.Errorf("dangling files row: Close = %v, want a foreign key error", err)
	}
}

// TestSQLiteLayout1 opens a database of layout 1 (before the files
// table): it gets the table and resumes.
func TestSQLiteLayout1(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	recs := records(3)
	s, err := export.OpenSQLite(path, export.SQLiteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	writeAll(t, s, []any{recs[0], recs[1]})
	db, _ := sql.Open("sqlite", path)
	for _, q := range []string{"DROP TABLE files", "UPDATE meta SET value = '1' WHERE key = 'layout'"} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	s, err = export.OpenSQLite(path, export.SQLiteOptions{Resume: true})
	if err != nil {
		t.Fatal(err)
	}
	if !s.Has(export.Key(recs[1].Report)) {
		t.Error("layout 1 documents not learnt")
	}
	writeAll(t, s, []any{export.NewFileRow(recs[0].Report.Source.File, export.Key(recs[0].Report), 1, export.FileDone, runAt)})
	if n := len(sqliteFiles(t, path)); n != 1 {
		t.Errorf("%d files rows, want 1", n)
	}
	db, _ = sql.Open("sqlite", path)
	defer db.Close()
	var v string
	if err := db.QueryRow("SELECT value FROM meta WHERE key = 'layout'").Scan(&v); err != nil || v != export.LayoutVersion {
		t.Errorf("layout %q %v, want %s", v, err, export.LayoutVersion)
	}
}

func csvFiles(t *testing.T, dir string) []export.FileRow {
	t.Helper()
	var out []export.FileRow
	rows := readCSV(t, filepath.Join(dir, "files.csv"))
	for _, r := range rows[1:] {
		out = append(out, export.FileRow{Path: r[0], SHA256: r[1], Status: r[3], RunAt: r[4]})
	}
	return out
}

func TestFilesCSV(t *testing.T) {
	dir := t.TempDir()
	recs := records(5)
	c, err := export.OpenCSV(dir, export.CSVOptions{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	writeAll(t, c, fileRun(recs))
	if diff := cmp.Diff(wantFiles(recs), fileLines(csvFiles(t, dir))); diff != "" {
		t.Fatalf("files.csv (-want +got):\n%s", diff)
	}
	head := readCSV(t, filepath.Join(dir, "files.csv"))[1]
	if head[2] == "" || head[4] != "2025-03-01T09:00:00Z" {
		t.Errorf("first files row %v", head)
	}

	// A killed run left a files row cut short; the resumed run writes
	// only what the files do not hold yet.
	f, _ := os.OpenFile(filepath.Join(dir, "files.csv"), os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("dir/new.pdf," + export.Key(recs[2].Report)[:20])
	f.Close()
	c, err = export.OpenCSV(dir, export.CSVOptions{Resume: true, Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	writeAll(t, c, append(fileRun(recs), export.NewFileRow("dir/new.pdf", export.Key(recs[2].Report), 7, export.FileDone, runAt)))
	want := append(wantFiles(recs), "dir/new.pdf "+short(export.Key(recs[2].Report))+" done")
	sort.Strings(want)
	if diff := cmp.Diff(want, fileLines(csvFiles(t, dir))); diff != "" {
		t.Fatalf("files.csv after resume (-want +got):\n%s", diff)
	}

	// files rows of a document without a documents row are orphans, cut.
	f, _ = os.OpenFile(filepath.Join(dir, "files.csv"), os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("dir/orphan.pdf," + strings.Repeat("7", 64) + ",3,read,2025-03-01T09:00:00Z\r\n")
	f.Close()
	c, err = export.OpenCSV(dir, export.CSVOptions{Resume: true})
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	if diff := cmp.Diff(want, fileLines(csvFiles(t, dir))); diff != "" {
		t.Fatalf("files.csv after an orphan (-want +got):\n%s", diff)
	}
}

func TestFilesParquet(t *testing.T) {
	dir := t.TempDir()
	recs := records(5)
	p, err := export.OpenParquet(dir, export.ParquetOptions{Version: "test", PartDocs: 2})
	if err != nil {
		t.Fatal(err)
	}
	writeAll(t, p, fileRun(recs))
	got := readParquet[export.FileRow](t, filepath.Join(dir, "files"))
	if diff := cmp.Diff(wantFiles(recs), fileLines(got)); diff != "" {
		t.Fatalf("files (-want +got):\n%s", diff)
	}
	// Every files row points to a documents row of the dataset.
	docs := map[string]bool{}
	for _, d := range readParquet[export.DocumentRow](t, filepath.Join(dir, "documents")) {
		docs[d.SHA256] = true
	}
	for _, r := range got {
		if !docs[r.SHA256] {
			t.Errorf("files row %+v without its document", r)
		}
	}
	p, err = export.OpenParquet(dir, export.ParquetOptions{Version: "test", Resume: true})
	if err != nil {
		t.Fatal(err)
	}
	writeAll(t, p, fileRun(recs))
	if n := len(readParquet[export.FileRow](t, filepath.Join(dir, "files"))); n != len(got) {
		t.Errorf("after a resumed run: %d files rows, want %d", n, len(got))
	}
}

func TestFilesJSONL(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.jsonl")
	j, err := export.CreateJSONL(path, export.JSONLOptions{})
	if err != nil {
		t.Fatal(err)
	}
	recs := records(5)
	writeAll(t, j, fileRun(recs))
	b, _ := os.ReadFile(path)
	if n := strings.Count(string(b), "\n"); n != len(recs)+1 {
		t.Errorf("%d lines, want one per document (%d)", n, len(recs)+1)
	}
	if err := (export.Multi{}).WriteFile(nil); err != nil {
		t.Error(errors.New("empty Multi"))
	}
}

// TestDocumentWithItsFile: what a sink has written out (committed,
// flushed, a finished part) never holds a document without the files row
// of the input it was read from, whenever a run is killed: the document
// and its row go out together.
func TestDocumentWithItsFile(t *testing.T) {
	recs := records(150)
	// written returns the documents and files keys on disk now.
	type onDisk func() (docs, files map[string]bool)
	check := func(t *testing.T, s export.Sink, disk onDisk) {
		t.Helper()
		for i, r := range recs {
			if err := s.Write(r); err != nil {
				t.Fatal(err)
			}
			docs, files := disk()
			for k := range docs {
				if !files[k] {
					t.Fatalf("after record %d (before its files row): document %s written out without its files row", i, short(k))
				}
			}
			row := export.NewFileRow(r.Report.Source.File, export.Key(r.Report), r.Report.Source.Bytes, export.FileRead, runAt)
			if err := s.WriteFile(row); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		if docs, files := disk(); len(docs) != len(recs) || len(files) != len(recs) {
			t.Errorf("at the end: %d documents, %d files rows; want %d", len(docs), len(files), len(recs))
		}
	}
	t.Run("sqlite", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "d.db")
		s, err := export.OpenSQLite(path, export.SQLiteOptions{BatchDocs: 7})
		if err != nil {
			t.Fatal(err)
		}
		db, err := sql.Open("sqlite", path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		keys := func(q string) map[string]bool {
			rows, err := db.Query(q)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			out := map[string]bool{}
			for rows.Next() {
				var k string
				rows.Scan(&k)
				out[k] = true
			}
			return out
		}
		check(t, s, func() (map[string]bool, map[string]bool) {
			return keys("SELECT sha256 FROM documents"), keys("SELECT sha256 FROM files")
		})
	})
	t.Run("csv", func(t *testing.T) {
		dir := t.TempDir()
		s, err := export.OpenCSV(dir, export.CSVOptions{})
		if err != nil {
			t.Fatal(err)
		}
		column := func(name string, col int) map[string]bool {
			out := map[string]bool{}
			b, _ := os.ReadFile(filepath.Join(dir, name))
			lines := strings.Split(strings.TrimSpace(string(b)), "\n")
			for _, l := range lines[min(1, len(lines)):] {
				if f := strings.Split(l, ","); len(f) > col {
					out[strings.TrimSpace(f[col])] = true
				}
			}
			return out
		}
		docKey := -1
		for i, h := range csvHeader(t, filepath.Join(dir, "documents.csv")) {
			if h == "sha256" {
				docKey = i
			}
		}
		if docKey < 0 {
			t.Fatal("documents.csv has no sha256 column")
		}
		check(t, s, func() (map[string]bool, map[string]bool) {
			return column("documents.csv", docKey), column("files.csv", 1)
		})
	})
	t.Run("parquet", func(t *testing.T) {
		dir := t.TempDir()
		s, err := export.OpenParquet(dir, export.ParquetOptions{PartDocs: 7})
		if err != nil {
			t.Fatal(err)
		}
		check(t, s, func() (map[string]bool, map[string]bool) {
			docs, files := map[string]bool{}, map[string]bool{}
			for _, d := range readParquet[export.DocumentRow](t, filepath.Join(dir, "documents")) {
				docs[d.SHA256] = true
			}
			for _, f := range readParquet[export.FileRow](t, filepath.Join(dir, "files")) {
				files[f.SHA256] = true
			}
			return docs, files
		})
	})
}

// csvHeader returns the column names of a CSV table.
func csvHeader(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	first, _, _ := strings.Cut(strings.TrimPrefix(string(b), "\ufeff"), "\n")
	return strings.Split(strings.TrimSpace(first), ",")
}
