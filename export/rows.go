package export

import (
	"time"

	"github.com/nianbao/nianbao/schema"
)

// Record is one document on its way to a sink.
type Record struct {
	Report *schema.Report
	// Cause names why the file is unreadable ("timeout", "format"…); ""
	// when it was read. Kept in documents.unreadable_cause.
	Cause string
	// ExtractedAt is when the document was read; zero means now.
	ExtractedAt time.Time
}

// Key is the content key of a report: its SHA-256, or "path:" and the file
// name when the file could not be opened (it has no content to hash).
func Key(rep *schema.Report) string {
	if rep.Source.SHA256 != "" {
		return rep.Source.SHA256
	}
	return "path:" + rep.Source.File
}

// DocumentRow is a row of the documents table: one per document.
type DocumentRow struct {
	SHA256            string  `parquet:"sha256"`
	Path              string  `parquet:"path"`
	Format            *string `parquet:"format,optional"`
	Bytes             int64   `parquet:"bytes"`
	Pages             *int64  `parquet:"pages,optional"`
	Title             *string `parquet:"title,optional"`
	Organ             *string `parquet:"organ,optional"`
	OrganLevel        *string `parquet:"organ_level,optional"`
	Year              *int64  `parquet:"year,optional"`
	Template          *string `parquet:"template,optional"`
	Sections          int64   `parquet:"n_sections"`
	Tables            int64   `parquet:"n_tables"`
	Cells             int64   `parquet:"n_cells"`
	Blank             int64   `parquet:"n_blank"`
	Invalid           int64   `parquet:"n_invalid"`
	Errors            int64   `parquet:"n_errors"`
	Warnings          int64   `parquet:"n_warnings"`
	Infos             int64   `parquet:"n_infos"`
	UnreadableCause   *string `parquet:"unreadable_cause,optional"`
	UnreadableMessage *string `parquet:"unreadable_message,optional"`
	ExtractedAt       string  `parquet:"extracted_at"`
	NianbaoVersion    string  `parquet:"nianbao_version"`
}

// SectionRow is a row of the sections table: one per top-level section.
type SectionRow struct {
	SHA256  string `parquet:"sha256"`
	Idx     int64  `parquet:"idx"` // 0-based, in document order
	Number  string `parquet:"number"`
	Heading string `parquet:"heading"`
	Kind    string `parquet:"kind"`
	Page    *int64 `parquet:"page,optional"`
	Text    string `parquet:"text"`
}

// CellRow is a row of the cells table: one per template cell of the three
// tables (long form).
type CellRow struct {
	SHA256 string   `parquet:"sha256"`
	Table  string   `parquet:"table_key"`
	Row    string   `parquet:"row_key"`
	Column string   `parquet:"column_key"`
	Value  *float64 `parquet:"value,optional"`
	// Status is number, blank, zero_mark or invalid.
	Status  string  `parquet:"status"`
	RawText *string `parquet:"raw_text,optional"`
	Page    *int64  `parquet:"page,optional"`
}

// FindingRow is a row of the findings table: one per finding.
type FindingRow struct {
	SHA256   string   `parquet:"sha256"`
	Idx      int64    `parquet:"idx"` // 0-based, in the record's order
	Code     string   `parquet:"code"`
	Severity string   `parquet:"severity"`
	Table    *string  `parquet:"table_key,optional"`
	Row      *string  `parquet:"row_key,optional"`
	Column   *string  `parquet:"column_key,optional"`
	Rule     *string  `parquet:"rule,optional"`
	Expected *float64 `parquet:"expected,optional"`
	Actual   *float64 `parquet:"actual,optional"`
	Page     *int64   `parquet:"page,optional"`
	Text     *string  `parquet:"text,optional"`
	Message  string   `parquet:"message"`
}

// FileRow is a row of the files table: one per input path, whether its
// content was read, was the same as an earlier input's or was already in
// the output. Several paths may point to one document.
type FileRow struct {
	Path   string `parquet:"path"`
	SHA256 string `parquet:"sha256"` // the content key of the document (see [Key])
	Bytes  *int64 `parquet:"bytes,optional"`
	// Status is [FileRead], [FileDuplicate] or [FileDone].
	Status string `parquet:"status"`
	// RunAt is when the run that wrote the row started (RFC 3339, UTC).
	RunAt string `parquet:"run_at"`
}

// Values of files.status.
const (
	// FileRead: the file was read; its record is the document's row.
	FileRead = "read"
	// FileDuplicate: the file has the same content as an earlier input of
	// the same run, whose record is the document's row; it was not read.
	FileDuplicate = "duplicate"
	// FileDone: the output already held the file's content when the run
	// (--resume) started; it was not read again.
	FileDone = "done"
)

// NewFileRow returns the files row of an input: its path, its content
// key, its size (negative when unknown: a file that could not be hashed),
// its status and the start of the run.
func NewFileRow(path, key string, bytes int64, status string, runAt time.Time) *FileRow {
	r := &FileRow{Path: path, SHA256: key, Status: status, RunAt: runAt.UTC().Format(time.RFC3339)}
	if bytes >= 0 {
		r.Bytes = &bytes
	}
	return r
}

// Rows is a document flattened into the four tables of documents.
type Rows struct {
	Document DocumentRow
	Sections []SectionRow
	Cells    []CellRow
	Findings []FindingRow
}

// StatusName is the cells.status value of a cell status.
func StatusName(s schema.CellStatus) string {
	switch s {
	case schema.StatusNumber:
		return "number"
	case schema.StatusZeroMark:
		return "zero_mark"
	case schema.StatusInvalid:
		return "invalid"
	}
	return "blank"
}

func str(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func i64(n int) *int64 {
	v := int64(n)
	return &v
}

func posInt(n int) *int64 {
	if n <= 0 {
		return nil
	}
	return i64(n)
}

// Flatten turns a record into the rows of the four tables. version is
// written to documents.nianbao_version.
func Flatten(rec *Record, version string) *Rows {
	rep := rec.Report
	key := Key(rep)
	at := rec.ExtractedAt
	if at.IsZero() {
		at = time.Now()
	}
	d := DocumentRow{
		SHA256:         key,
		Path:           rep.Source.File,
		Format:         str(rep.Source.Format),
		Bytes:          rep.Source.Bytes,
		Title:          str(rep.Report.Title),
		Organ:          str(rep.Report.Organ),
		OrganLevel:     str(OrganLevel(rep.Report.Organ)),
		Template:       str(rep.Report.Template),
		Sections:       int64(len(rep.Sections)),
		ExtractedAt:    at.UTC().Format(time.RFC3339),
		NianbaoVersion: version,
	}
	if rep.Source.Pages != nil {
		d.Pages = i64(*rep.Source.Pages)
	}
	if rep.Report.Year != 0 {
		d.Year = i64(rep.Report.Year)
	}
	out := &Rows{}
	for i, s := range rep.Sections {
		row := SectionRow{SHA256: key, Idx: int64(i), Number: s.Number, Heading: s.Heading, Kind: string(s.Kind), Text: s.Text}
		if s.Page != nil {
			row.Page = i64(*s.Page)
		}
		out.Sections = append(out.Sections, row)
	}
	for _, tk := range []string{schema.TableActive, schema.TableRequests, schema.TableAppeals} {
		tb := rep.Tables.Get(tk)
		if tb == nil {
			continue
		}
		d.Tables++
		for _, r := range tb.Rows {
			for _, c := range r.Cells {
				row := CellRow{SHA256: key, Table: tk, Row: r.Key, Column: c.Column, Value: c.Value, Status: StatusName(c.Status)}
				if p, ok := rep.Provenance[schema.ProvenanceKey(tk, r.Key, c.Column)]; ok {
					row.RawText = &p.Text
					row.Page = posInt(p.Page)
				}
				d.Cells++
				switch c.Status {
				case schema.StatusBlank:
					d.Blank++
				case schema.StatusInvalid:
					d.Invalid++
				}
				out.Cells = append(out.Cells, row)
			}
		}
	}
	for i, f := range rep.Findings {
		switch f.Severity {
		case schema.SeverityError:
			d.Errors++
		case schema.SeverityWarning:
			d.Warnings++
		case schema.SeverityInfo:
			d.Infos++
		}
		out.Findings = append(out.Findings, FindingRow{
			SHA256: key, Idx: int64(i), Code: string(f.Code), Severity: string(f.Severity),
			Table: str(f.Table), Row: str(f.Row), Column: str(f.Column), Rule: str(f.Rule),
			Expected: f.Expected, Actual: f.Actual, Page: posInt(f.Page), Text: str(f.Text),
			Message: f.Message,
		})
	}
	if u := rep.Unreadable(); u != nil {
		cause := rec.Cause
		if cause == "" {
			cause = "other"
		}
		d.UnreadableCause = &cause
		d.UnreadableMessage = &u.Message
	}
	out.Document = d
	return out
}
