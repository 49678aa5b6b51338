package export

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	_ "modernc.org/sqlite" // the pure-Go SQLite driver, "sqlite"
)

// LayoutVersion is the version of the table layout, kept in the meta
// table of a SQLite database; a database of another version is not
// written to, except layout 1 (without the files table), which gets the
// table and becomes layout 2.
const LayoutVersion = "2"

// SQLiteOptions configure a SQLite sink.
type SQLiteOptions struct {
	// Resume learns the documents already in the database; they are then
	// skipped. Without it every record is written, replacing the rows of
	// a document with the same key (upsert).
	Resume bool
	// Version is written to documents.nianbao_version.
	Version string
	// BatchDocs is the number of documents per transaction. Zero means
	// 200.
	BatchDocs int
	// BatchInterval commits a transaction older than this at the next
	// write, so a slow run loses little when killed. Zero means 2 s.
	BatchInterval time.Duration
}

// SQLite writes the five tables to a SQLite database file.
type SQLite struct {
	opts    SQLiteOptions
	path    string
	db      *sql.DB
	tx      *sql.Tx
	stmts   map[string]*sql.Stmt
	txDocs  int
	txFiles int
	txStart time.Time
	docOpen bool // a document is written, its files row not yet
	keys    keySet
}

// OpenSQLite opens (creating if needed) the database at path and its
// tables.
func OpenSQLite(path string, opts SQLiteOptions) (*SQLite, error) {
	if strings.ContainsAny(path, "?#") {
		return nil, fmt.Errorf("export: %s: a SQLite file name may not contain ? or #", path)
	}
	db, err := sql.Open("sqlite", path)
	if err != nil {
		return nil, fmt.Errorf("export: opening %s: %w", path, err)
	}
	db.SetMaxOpenConns(1) // the pragmas below hold per connection
	s := &SQLite{opts: opts, path: path, db: db, keys: keySet{}}
	if err := s.init(); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// Schema returns the SQL that creates the five tables and their indexes.
func Schema() string {
	var b strings.Builder
	b.WriteString("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);\n")
	for _, t := range allTables {
		fmt.Fprintf(&b, "CREATE TABLE IF NOT EXISTS %s (\n", t.name)
		for _, c := range t.columns {
			fmt.Fprintf(&b, "  %s %s,\n", c.name, c.sql)
		}
		fmt.Fprintf(&b, "  PRIMARY KEY (%s)", strings.Join(t.primary, ", "))
		if t.foreign != "" {
			b.WriteString(",\n  " + t.foreign)
		}
		b.WriteString("\n)")
		if !t.rowid {
			b.WriteString(" WITHOUT ROWID")
		}
		b.WriteString(";\n")
		for _, ix := range t.indexes {
			fmt.Fprintf(&b, "CREATE INDEX IF NOT EXISTS %s_%s ON %s (%s);\n", t.name, strings.Join(ix, "_"), t.name, strings.Join(ix, ", "))
		}
	}
	return b.String()
}

func (s *SQLite) init() error {
	for _, p := range []string{
		"PRAGMA busy_timeout = 10000",
		"PRAGMA journal_mode = WAL",
		"PRAGMA synchronous = NORMAL",
		"PRAGMA foreign_keys = ON",
	} {
		if _, err := s.db.Exec(p); err != nil {
			return fmt.Errorf("export: %s: %s: %w", s.path, p, err)
		}
	}
	if _, err := s.db.Exec(Schema()); err != nil {
		return fmt.Errorf("export: %s: creating the tables: %w", s.path, err)
	}
	var v string
	err := s.db.QueryRow("SELECT value FROM meta WHERE key = 'layout'").Scan(&v)
	switch {
	case err == sql.ErrNoRows:
		if _, err := s.db.Exec("INSERT INTO meta (key, value) VALUES ('layout', ?)", LayoutVersion); err != nil {
			return fmt.Errorf("export: %s: %w", s.path, err)
		}
	case err != nil:
		return fmt.Errorf("export: %s: %w", s.path, err)
	case v == "1":
		// Layout 1 lacks only the files table, which Schema created.
		if _, err := s.db.Exec("UPDATE meta SET value = ? WHERE key = 'layout'", LayoutVersion); err != nil {
			return fmt.Errorf("export: %s: %w", s.path, err)
		}
	case v != LayoutVersion:
		return fmt.Errorf("%w: %s has table layout %s; this nianbao writes layout %s", ErrDamaged, s.path, v, LayoutVersion)
	}
	if s.opts.Resume {
		rows, err := s.db.Query("SELECT sha256 FROM documents")
		if err != nil {
			return fmt.Errorf("export: %s: %w", s.path, err)
		}
		defer rows.Close()
		for rows.Next() {
			var k string
			if err := rows.Scan(&k); err != nil {
				return fmt.Errorf("export: %s: %w", s.path, err)
			}
			s.keys[k] = struct{}{}
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("export: %s: %w", s.path, err)
		}
	}
	return nil
}

func insertSQL(t *table) string {
	return fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s)", t.name, strings.Join(t.names(), ", "),
		strings.TrimSuffix(strings.Repeat("?, ", len(t.columns)), ", "))
}

// Has implements Sink.
func (s *SQLite) Has(key string) bool { return s.keys.Has(key) }

// Len is the number of documents the database held when opened (with
// Resume).
func (s *SQLite) Len() int { return len(s.keys) }

func (s *SQLite) batchDocs() int {
	if s.opts.BatchDocs > 0 {
		return s.opts.BatchDocs
	}
	return 200
}

func (s *SQLite) batchInterval() time.Duration {
	if s.opts.BatchInterval > 0 {
		return s.opts.BatchInterval
	}
	return 2 * time.Second
}

func (s *SQLite) begin() error {
	tx, err := s.db.BeginTx(context.Background(), nil)
	if err != nil {
		return err
	}
	s.tx, s.txDocs, s.txFiles, s.txStart = tx, 0, 0, time.Now()
	s.stmts = map[string]*sql.Stmt{}
	prep := func(name, q string) error {
		st, err := tx.Prepare(q)
		if err != nil {
			return err
		}
		s.stmts[name] = st
		return nil
	}
	if err := prep("delete", "DELETE FROM documents WHERE sha256 = ?"); err != nil {
		return err
	}
	for _, t := range allTables[:tFiles] {
		if err := prep(t.name, insertSQL(t)); err != nil {
			return err
		}
	}
	return prep("files", upsertFileSQL)
}

// upsertFileSQL writes a files row: a new path is inserted; the row of a
// known path is replaced when its content changed or the file was read
// again, and kept otherwise (a path named twice, or skipped by a resumed
// run, keeps the row that says how its content came in).
var upsertFileSQL = insertSQL(&filesTable) + ` ON CONFLICT (path) DO UPDATE SET
  sha256 = excluded.sha256, bytes = excluded.bytes, status = excluded.status, run_at = excluded.run_at
  WHERE files.sha256 <> excluded.sha256 OR excluded.status = '` + FileRead + `'`

func (s *SQLite) commit() error {
	if s.tx == nil {
		return nil
	}
	for _, st := range s.stmts {
		st.Close()
	}
	err := s.tx.Commit()
	s.tx, s.stmts = nil, nil
	return err
}

// Write implements Sink: it replaces the document's rows in the current
// transaction. Transactions are committed every BatchDocs documents or
// BatchInterval, after a document's files row (see WriteFile), so that a
// document and the row of the file it was read from are committed
// together.
func (s *SQLite) Write(rec *Record) error {
	key := Key(rec.Report)
	if s.keys.Has(key) {
		return nil
	}
	if s.docOpen {
		// The last record had no files row (the caller writes none).
		if err := s.maybeCommit(); err != nil {
			return err
		}
	}
	if err := s.ensureTx(); err != nil {
		return err
	}
	rows := Flatten(rec, s.opts.Version)
	err := s.insert(key, rows)
	if err != nil {
		return fmt.Errorf("export: %s: document %s: %w", s.path, rows.Document.Path, err)
	}
	s.txDocs++
	// No commit until its files row is written: a run killed in between
	// would leave the document without it.
	s.docOpen = true
	return nil
}

// WriteFile implements Sink: it upserts the files row of a path in the
// current transaction (see upsertFileSQL).
func (s *SQLite) WriteFile(row *FileRow) error {
	if err := s.ensureTx(); err != nil {
		return err
	}
	if _, err := s.stmts["files"].Exec(row.values()...); err != nil {
		return fmt.Errorf("export: %s: file %s: %w", s.path, row.Path, err)
	}
	s.txFiles++
	s.docOpen = false
	return s.maybeCommit()
}

func (s *SQLite) ensureTx() error {
	if s.tx != nil {
		return nil
	}
	if err := s.begin(); err != nil {
		return fmt.Errorf("export: %s: %w", s.path, err)
	}
	return nil
}

// maybeCommit commits every BatchDocs documents (or 20 × BatchDocs files
// rows) or BatchInterval.
func (s *SQLite) maybeCommit() error {
	if s.txDocs >= s.batchDocs() || s.txFiles >= 20*s.batchDocs() || time.Since(s.txStart) >= s.batchInterval() {
		if err := s.commit(); err != nil {
			return fmt.Errorf("export: %s: commit: %w", s.path, err)
		}
	}
	return nil
}

func (s *SQLite) insert(key string, rows *Rows) error {
	if _, err := s.stmts["delete"].Exec(key); err != nil {
		return err
	}
	if _, err := s.stmts["documents"].Exec(rows.Document.values()...); err != nil {
		return err
	}
	for i := range rows.Sections {
		if _, err := s.stmts["sections"].Exec(rows.Sections[i].values()...); err != nil {
			return err
		}
	}
	for i := range rows.Cells {
		if _, err := s.stmts["cells"].Exec(rows.Cells[i].values()...); err != nil {
			return err
		}
	}
	for i := range rows.Findings {
		if _, err := s.stmts["findings"].Exec(rows.Findings[i].values()...); err != nil {
			return err
		}
	}
	return nil
}

// Close implements Sink: it commits the last batch, folds the write-ahead
// log into the database file and closes it.
func (s *SQLite) Close() error {
	err := s.commit()
	if err == nil {
		_, err = s.db.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	}
	if cerr := s.db.Close(); err == nil {
		err = cerr
	}
	return wrapf(err, "export: closing %s", s.path)
}
