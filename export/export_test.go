package export_test

import (
	"bytes"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/parquet-go/parquet-go"

	"github.com/nianbao/nianbao/batch/batchtest"
	"github.com/nianbao/nianbao/export"
	"github.com/nianbao/nianbao/schema"
)

var when = time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)

// records returns n synthetic records, the last one unreadable.
func records(n int) []*export.Record {
	var out []*export.Record
	for i := range n - 1 {
		content := []byte(fmt.Sprintf("report %d", i))
		rep := batchtest.Report(fmt.Sprintf("dir/r%03d.pdf", i), content, fmt.Sprintf("%064x", i+1))
		out = append(out, &export.Record{Report: rep, ExtractedAt: when})
	}
	bad := &schema.Report{
		Schema: schema.Version, Source: schema.Source{File: "dir/broken.docx", Format: "docx", SHA256: strings.Repeat("f", 64), Bytes: 10},
		Sections: []schema.Section{},
		Findings: []schema.Finding{{Code: schema.CodeUnreadable, Severity: schema.SeverityError, Message: "无法读取文件：timeout: no result within 1m0s"}},
	}
	return append(out, &export.Record{Report: bad, Cause: "timeout", ExtractedAt: when})
}

// allRows flattens records into the four tables.
func allRows(recs []*export.Record) (d []export.DocumentRow, s []export.SectionRow, c []export.CellRow, f []export.FindingRow) {
	for _, r := range recs {
		rows := export.Flatten(r, "test")
		d = append(d, rows.Document)
		s = append(s, rows.Sections...)
		c = append(c, rows.Cells...)
		f = append(f, rows.Findings...)
	}
	return
}

func TestOrganLevel(t *testing.T) {
	for _, tc := range []struct{ organ, want string }{
		{"太平庄乡", export.LevelTownship},
		{"泰阳县太平庄镇", export.LevelTownship},
		{"解放路街道办事处", export.LevelTownship},
		{"苏州市吴中区木渎镇人民政府", export.LevelTownship},
		{"平海县人民政府", export.LevelCounty},
		{"上海市浦东新区人民政府", export.LevelCounty},
		{"北京市通州区财政局", export.LevelCounty},
		{"和海区卫生健康委员会", export.LevelCounty},
		{"阿鲁科尔沁旗人民政府", export.LevelCounty},
		{"洛宁市人力资源和社会保障局", export.LevelCity},
		{"杭州市住房和城乡建设局", export.LevelCity},
		{"延边朝鲜族自治州人民政府", export.LevelCity},
		{"山西省农业农村厅", export.LevelProvince},
		{"广西壮族自治区人民政府办公厅", export.LevelProvince},
		{"北京市市场监督管理局", export.LevelProvince},
		{"重庆市人民政府", export.LevelProvince},
		{"香港特别行政区", export.LevelProvince},
		{"教育部", export.LevelCentral},
		{"国家林业和草原局", export.LevelCentral},
		{"海关总署", export.LevelCentral},
		{"", ""},
		{"某某", ""},
	} {
		if got := export.OrganLevel(tc.organ); got != tc.want {
			t.Errorf("OrganLevel(%q) = %q, want %q", tc.organ, got, tc.want)
		}
	}
}

// TestColumns checks that the Parquet schemas of the Row types have the
// columns of the SQLite and CSV tables, in the same order.
func TestColumns(t *testing.T) {
	dir := t.TempDir()
	c, err := export.OpenCSV(dir, export.CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	for name, v := range map[string]any{
		"documents": export.DocumentRow{}, "sections": export.SectionRow{},
		"cells": export.CellRow{}, "findings": export.FindingRow{}, "files": export.FileRow{},
	} {
		var pq []string
		typ := reflect.TypeOf(v)
		for i := range typ.NumField() {
			pq = append(pq, strings.Split(typ.Field(i).Tag.Get("parquet"), ",")[0])
		}
		b, err := os.ReadFile(filepath.Join(dir, name+".csv"))
		if err != nil {
			t.Fatal(err)
		}
		header := strings.Split(strings.TrimSpace(string(b)), ",")
		if diff := cmp.Diff(pq, header); diff != "" {
			t.Errorf("%s: Parquet fields vs CSV header (-parquet +csv):\n%s", name, diff)
		}
		if !strings.Contains(export.Schema(), "CREATE TABLE IF NOT EXISTS "+name+" (\n  "+header[0]) {
			t.Errorf("%s: SQL schema lacks the table", name)
		}
	}
}

func TestSQLite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nianbao.db")
	recs := records(12)
	s, err := export.OpenSQLite(path, export.SQLiteOptions{Version: "test", BatchDocs: 5})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if err := s.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	// Written again without resume: the same rows, replaced (upsert).
	s, err = export.OpenSQLite(path, export.SQLiteOptions{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs[:3] {
		if err := s.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	wd, ws, wc, wf := allRows(recs)
	for table, want := range map[string]int{"documents": len(wd), "sections": len(ws), "cells": len(wc), "findings": len(wf)} {
		var n int
		if err := db.QueryRow("SELECT count(*) FROM " + table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != want {
			t.Errorf("%s: %d rows, want %d", table, n, want)
		}
	}
	// Every cell reads back as written.
	got := map[string]export.CellRow{}
	rows, err := db.Query("SELECT sha256, table_key, row_key, column_key, value, status, raw_text, page FROM cells")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var c export.CellRow
		if err := rows.Scan(&c.SHA256, &c.Table, &c.Row, &c.Column, &c.Value, &c.Status, &c.RawText, &c.Page); err != nil {
			t.Fatal(err)
		}
		got[c.SHA256+c.Table+c.Row+c.Column] = c
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	for _, w := range wc {
		if diff := cmp.Diff(w, got[w.SHA256+w.Table+w.Row+w.Column]); diff != "" {
			t.Fatalf("cell (-want +got):\n%s", diff)
		}
	}
	var cause, level sql.NullString
	var nCells int
	if err := db.QueryRow("SELECT unreadable_cause, n_cells FROM documents WHERE path = 'dir/broken.docx'").Scan(&cause, &nCells); err != nil {
		t.Fatal(err)
	}
	if cause.String != "timeout" || nCells != 0 {
		t.Errorf("unreadable document: cause %v, %d cells", cause, nCells)
	}
	if err := db.QueryRow("SELECT organ_level FROM documents WHERE organ = '太平庄乡' LIMIT 1").Scan(&level); err != nil && err != sql.ErrNoRows {
		t.Fatal(err)
	} else if err == nil && level.String != export.LevelTownship {
		t.Errorf("organ_level %v", level)
	}

	// Resume: the sink knows its documents and skips them.
	s, err = export.OpenSQLite(path, export.SQLiteOptions{Resume: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.Len() != len(recs) || !s.Has(export.Key(recs[4].Report)) || s.Has("nope") {
		t.Errorf("resume: %d keys", s.Len())
	}
}

func TestSQLiteLayoutVersion(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.db")
	s, err := export.OpenSQLite(path, export.SQLiteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	db, _ := sql.Open("sqlite", path)
	if _, err := db.Exec("UPDATE meta SET value = '99' WHERE key = 'layout'"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := export.OpenSQLite(path, export.SQLiteOptions{}); !errors.Is(err, export.ErrDamaged) {
		t.Fatalf("err = %v, want ErrDamaged", err)
	}
}

func readParquet[T any](t *testing.T, dir string) []T {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(files)
	var out []T
	for _, f := range files {
		rows, err := parquet.ReadFile[T](f)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out = append(out, rows...)
	}
	return out
}

func TestParquet(t *testing.T) {
	dir := t.TempDir()
	recs := records(7)
	p, err := export.OpenParquet(dir, export.ParquetOptions{PartDocs: 3, Version: "test", Prefix: "shard-1-of-2"})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if err := p.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	parts, _ := filepath.Glob(filepath.Join(dir, "documents", "shard-1-of-2-part-*.parquet"))
	if len(parts) != 3 {
		t.Errorf("parts %v, want 3", parts)
	}
	wd, ws, wc, wf := allRows(recs)
	if diff := cmp.Diff(wd, readParquet[export.DocumentRow](t, filepath.Join(dir, "documents"))); diff != "" {
		t.Errorf("documents (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(ws, readParquet[export.SectionRow](t, filepath.Join(dir, "sections"))); diff != "" {
		t.Errorf("sections (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(wc, readParquet[export.CellRow](t, filepath.Join(dir, "cells"))); diff != "" {
		t.Errorf("cells (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(wf, readParquet[export.FindingRow](t, filepath.Join(dir, "findings"))); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}

	// Without resume the directory is refused; another prefix is not.
	if _, err := export.OpenParquet(dir, export.ParquetOptions{Prefix: "shard-1-of-2"}); !errors.Is(err, export.ErrExists) {
		t.Errorf("reopen without resume: %v, want ErrExists", err)
	}
	if q, err := export.OpenParquet(dir, export.ParquetOptions{Prefix: "shard-2-of-2"}); err != nil {
		t.Errorf("another prefix: %v", err)
	} else {
		q.Close()
	}

	// What a killed run leaves: a temporary file, and a cells part
	// whose documents part was never renamed.
	tmp := filepath.Join(dir, "cells", ".shard-1-of-2-part-00004.parquet.tmp")
	orphan := filepath.Join(dir, "cells", "shard-1-of-2-part-00005.parquet")
	for _, f := range []string{tmp, orphan} {
		if err := os.WriteFile(f, []byte("half"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p, err = export.OpenParquet(dir, export.ParquetOptions{Resume: true, Prefix: "shard-1-of-2"})
	if err != nil {
		t.Fatal(err)
	}
	if p.Len() != len(recs) || !p.Has(export.Key(recs[6].Report)) {
		t.Errorf("resume: %d keys", p.Len())
	}
	for _, f := range []string{tmp, orphan} {
		if _, err := os.Stat(f); !os.IsNotExist(err) {
			t.Errorf("%s left after resume", f)
		}
	}
	more := records(9)[7:8] // one new document
	more[0].Report.Source.SHA256 = strings.Repeat("e", 64)
	if err := p.Write(more[0]); err != nil {
		t.Fatal(err)
	}
	if err := p.Write(recs[0]); err != nil { // already there: skipped
		t.Fatal(err)
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if got := readParquet[export.DocumentRow](t, filepath.Join(dir, "documents")); len(got) != len(recs)+1 {
		t.Errorf("after resume: %d documents, want %d", len(got), len(recs)+1)
	}
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b = bytes.TrimPrefix(b, []byte("\uFEFF"))
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rows
}

func TestCSV(t *testing.T) {
	dir := t.TempDir()
	recs := records(6)
	c, err := export.OpenCSV(dir, export.CSVOptions{BOM: true, Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if err := c.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(filepath.Join(dir, "sections.csv"))
	if !bytes.HasPrefix(raw, []byte("\uFEFF")) || !bytes.Contains(raw, []byte("\r\n")) {
		t.Error("sections.csv lacks the BOM or CRLF line ends")
	}
	wd, ws, wc, _ := allRows(recs)
	docs := readCSV(t, filepath.Join(dir, "documents.csv"))
	if len(docs) != len(wd)+1 || docs[1][0] != wd[0].SHA256 || docs[1][1] != wd[0].Path {
		t.Fatalf("documents.csv: %d rows, first %v", len(docs), docs[1][:2])
	}
	secs := readCSV(t, filepath.Join(dir, "sections.csv"))
	if len(secs) != len(ws)+1 || secs[1][6] != ws[0].Text {
		t.Fatalf("sections.csv: %d rows; text %q, want %q", len(secs), secs[1][6], ws[0].Text)
	}
	cells := readCSV(t, filepath.Join(dir, "cells.csv"))
	if len(cells) != len(wc)+1 {
		t.Fatalf("cells.csv: %d rows, want %d", len(cells)-1, len(wc))
	}
	for i, w := range wc {
		got := cells[i+1]
		val := ""
		if w.Value != nil {
			val = schema.FormatNumber(*w.Value)
		}
		if got[4] != val || got[5] != w.Status {
			t.Fatalf("cell %d: %v, want value %q status %q", i, got, val, w.Status)
		}
	}
	if _, err := export.OpenCSV(dir, export.CSVOptions{}); !errors.Is(err, export.ErrExists) {
		t.Errorf("reopen without resume: %v, want ErrExists", err)
	}
}

// TestCSVResume simulates a run killed after some rows of a document were
// written to the other tables but before its documents row was complete.
func TestCSVResume(t *testing.T) {
	dir := t.TempDir()
	recs := records(5)
	c, err := export.OpenCSV(dir, export.CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs[:3] {
		if err := c.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	// Orphan rows of recs[3] in cells.csv and a cut-short documents row.
	orphans := export.Flatten(recs[3], "test")
	f, _ := os.OpenFile(filepath.Join(dir, "cells.csv"), os.O_APPEND|os.O_WRONLY, 0)
	w := csv.NewWriter(f)
	w.UseCRLF = true
	for _, cr := range orphans.Cells[:5] {
		w.Write([]string{cr.SHA256, cr.Table, cr.Row, cr.Column, "1", "number", "1", "2"})
	}
	w.Flush()
	f.WriteString(orphans.Cells[5].SHA256 + ",requests,new_rec") // cut mid-row
	f.Close()
	f, _ = os.OpenFile(filepath.Join(dir, "documents.csv"), os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(orphans.Document.SHA256 + `,dir/x.pdf,pdf,12,"unfinished`)
	f.Close()

	c, err = export.OpenCSV(dir, export.CSVOptions{Resume: true})
	if err != nil {
		t.Fatal(err)
	}
	if c.Len() != 3 {
		t.Errorf("resume: %d documents, want 3", c.Len())
	}
	for _, r := range recs {
		if err := c.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	wd, _, wc, _ := allRows(recs)
	if n := len(readCSV(t, filepath.Join(dir, "documents.csv"))) - 1; n != len(wd) {
		t.Errorf("documents.csv: %d rows, want %d", n, len(wd))
	}
	if n := len(readCSV(t, filepath.Join(dir, "cells.csv"))) - 1; n != len(wc) {
		t.Errorf("cells.csv: %d rows, want %d (orphans not removed, or rows lost)", n, len(wc))
	}
}

func TestJSONL(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.jsonl")
	recs := records(4)
	j, err := export.CreateJSONL(path, export.JSONLOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs[:3] {
		if err := j.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := j.Close(); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	if bytes.Contains(b, []byte(`"provenance"`)) {
		t.Error("provenance written without the option")
	}
	// A killed run leaves a record cut short.
	whole, _ := json.Marshal(recs[3].Report)
	os.WriteFile(path, append(b, whole[:len(whole)/2]...), 0o644)

	j, err = export.CreateJSONL(path, export.JSONLOptions{Resume: true})
	if err != nil {
		t.Fatal(err)
	}
	if j.Len() != 3 {
		t.Errorf("resume: %d records, want 3", j.Len())
	}
	for _, r := range recs {
		if err := j.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := j.Close(); err != nil {
		t.Fatal(err)
	}
	b, _ = os.ReadFile(path)
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	if len(lines) != 4 {
		t.Fatalf("%d lines, want 4", len(lines))
	}
	for i, l := range lines {
		var rep schema.Report
		if err := json.Unmarshal([]byte(l), &rep); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		if rep.Source.SHA256 != recs[i].Report.Source.SHA256 {
			t.Errorf("line %d is %s", i+1, rep.Source.File)
		}
	}

	// Damage in the middle is not cut away.
	os.WriteFile(path, []byte(lines[0]+"\n{garbage\n"+lines[1]+"\n"), 0o644)
	if _, err := export.CreateJSONL(path, export.JSONLOptions{Resume: true}); !errors.Is(err, export.ErrDamaged) {
		t.Errorf("middle damage: %v, want ErrDamaged", err)
	}
}

func BenchmarkSQLite(b *testing.B) {
	recs := records(100)
	for range b.N {
		path := filepath.Join(b.TempDir(), "b.db")
		s, err := export.OpenSQLite(path, export.SQLiteOptions{})
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range recs {
			if err := s.Write(r); err != nil {
				b.Fatal(err)
			}
		}
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*len(recs)), "µs/doc")
}
