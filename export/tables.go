package export

// column is a column of a table: its name and its SQLite type (with
// constraints).
type column struct {
	name, sql string
}

// table is one of the five tables of a dataset.
type table struct {
	name    string
	columns []column
	primary []string // primary key
	indexes [][]string
	key     int    // the column of the content key (sha256)
	foreign string // the SQLite foreign key clause; "" for none
	rowid   bool   // a SQLite table with a rowid (else WITHOUT ROWID)
}

// childOf is the foreign key of the tables whose rows belong to one
// document and go with it.
const childOf = "FOREIGN KEY (sha256) REFERENCES documents (sha256) ON DELETE CASCADE"

// Indexes of the tables in allTables (and in the sinks' arrays).
const (
	tDocuments = iota
	tSections
	tCells
	tFindings
	tFiles
	nTables
)

// The five tables. Their columns are in the order of the Row structs'
// fields (a test checks it against the Parquet schemas).
var (
	documentsTable = table{
		name: "documents",
		columns: []column{
			{"sha256", "TEXT NOT NULL"}, {"path", "TEXT NOT NULL"}, {"format", "TEXT"},
			{"bytes", "INTEGER NOT NULL"}, {"pages", "INTEGER"},
			{"title", "TEXT"}, {"organ", "TEXT"}, {"organ_level", "TEXT"}, {"year", "INTEGER"}, {"template", "TEXT"},
			{"n_sections", "INTEGER NOT NULL"}, {"n_tables", "INTEGER NOT NULL"}, {"n_cells", "INTEGER NOT NULL"},
			{"n_blank", "INTEGER NOT NULL"}, {"n_invalid", "INTEGER NOT NULL"},
			{"n_errors", "INTEGER NOT NULL"}, {"n_warnings", "INTEGER NOT NULL"}, {"n_infos", "INTEGER NOT NULL"},
			{"unreadable_cause", "TEXT"}, {"unreadable_message", "TEXT"},
			{"extracted_at", "TEXT NOT NULL"}, {"nianbao_version", "TEXT NOT NULL"},
		},
		primary: []string{"sha256"},
		indexes: [][]string{{"year", "organ"}, {"organ_level", "year"}, {"path"}, {"unreadable_cause"}},
		rowid:   true,
	}
	sectionsTable = table{
		name: "sections",
		columns: []column{
			{"sha256", "TEXT NOT NULL"}, {"idx", "INTEGER NOT NULL"}, {"number", "TEXT NOT NULL"},
			{"heading", "TEXT NOT NULL"}, {"kind", "TEXT NOT NULL"}, {"page", "INTEGER"}, {"text", "TEXT NOT NULL"},
		},
		primary: []string{"sha256", "idx"},
		indexes: [][]string{{"kind"}},
		foreign: childOf,
	}
	cellsTable = table{
		name: "cells",
		columns: []column{
			{"sha256", "TEXT NOT NULL"}, {"table_key", "TEXT NOT NULL"}, {"row_key", "TEXT NOT NULL"},
			{"column_key", "TEXT NOT NULL"}, {"value", "REAL"}, {"status", "TEXT NOT NULL"},
			{"raw_text", "TEXT"}, {"page", "INTEGER"},
		},
		primary: []string{"sha256", "table_key", "row_key", "column_key"},
		indexes: [][]string{{"table_key", "row_key", "column_key"}, {"status"}},
		foreign: childOf,
	}
	findingsTable = table{
		name: "findings",
		columns: []column{
			{"sha256", "TEXT NOT NULL"}, {"idx", "INTEGER NOT NULL"}, {"code", "TEXT NOT NULL"},
			{"severity", "TEXT NOT NULL"}, {"table_key", "TEXT"}, {"row_key", "TEXT"}, {"column_key", "TEXT"},
			{"rule", "TEXT"}, {"expected", "REAL"}, {"actual", "REAL"}, {"page", "INTEGER"},
			{"text", "TEXT"}, {"message", "TEXT NOT NULL"},
		},
		primary: []string{"sha256", "idx"},
		indexes: [][]string{{"code"}, {"rule"}},
		foreign: childOf,
	}
	// filesTable has a row per input path. Its rows point to a document
	// but do not belong to it: a document written again (deleted and
	// inserted in one transaction) keeps them, so the key is checked at
	// commit.
	filesTable = table{
		name: "files",
		columns: []column{
			{"path", "TEXT NOT NULL"}, {"sha256", "TEXT NOT NULL"}, {"bytes", "INTEGER"},
			{"status", "TEXT NOT NULL"}, {"run_at", "TEXT NOT NULL"},
		},
		primary: []string{"path"},
		indexes: [][]string{{"sha256"}, {"status"}},
		key:     1,
		foreign: "FOREIGN KEY (sha256) REFERENCES documents (sha256) DEFERRABLE INITIALLY DEFERRED",
	}
	allTables = [nTables]*table{&documentsTable, &sectionsTable, &cellsTable, &findingsTable, &filesTable}
)

func (t *table) names() []string {
	out := make([]string, len(t.columns))
	for i, c := range t.columns {
		out[i] = c.name
	}
	return out
}

// Values in column order; nil pointers are nil (NULL).

func ptr[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

func (d *DocumentRow) values() []any {
	return []any{
		d.SHA256, d.Path, ptr(d.Format), d.Bytes, ptr(d.Pages), ptr(d.Title), ptr(d.Organ),
		ptr(d.OrganLevel), ptr(d.Year), ptr(d.Template), d.Sections, d.Tables, d.Cells, d.Blank,
		d.Invalid, d.Errors, d.Warnings, d.Infos, ptr(d.UnreadableCause), ptr(d.UnreadableMessage),
		d.ExtractedAt, d.NianbaoVersion,
	}
}

func (s *SectionRow) values() []any {
	return []any{s.SHA256, s.Idx, s.Number, s.Heading, s.Kind, ptr(s.Page), s.Text}
}

func (c *CellRow) values() []any {
	return []any{c.SHA256, c.Table, c.Row, c.Column, ptr(c.Value), c.Status, ptr(c.RawText), ptr(c.Page)}
}

func (f *FileRow) values() []any {
	return []any{f.Path, f.SHA256, ptr(f.Bytes), f.Status, f.RunAt}
}

func (f *FindingRow) values() []any {
	return []any{
		f.SHA256, f.Idx, f.Code, f.Severity, ptr(f.Table), ptr(f.Row), ptr(f.Column), ptr(f.Rule),
		ptr(f.Expected), ptr(f.Actual), ptr(f.Page), ptr(f.Text), f.Message,
	}
}
