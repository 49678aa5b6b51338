package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
)

// Version is the value of [Report.Schema] for this contract.
const Version = "nianbao/v1"

// Report is one document's result: the JSON object nianbao writes per file.
type Report struct {
	Schema   string    `json:"schema"`
	Source   Source    `json:"source"`
	Report   Info      `json:"report"`
	Sections []Section `json:"sections"`
	Tables   Tables    `json:"tables"`
	Findings []Finding `json:"findings"`
	// Provenance maps "table.row.column" to where the value came from. The
	// extractor always fills it (the checks use it); writers drop it unless
	// asked for.
	Provenance map[string]Provenance `json:"provenance,omitempty"`
}

// Source describes the input file.
type Source struct {
	File   string `json:"file"`
	Format string `json:"format"` // docx, pdf; "" when the format is not known
	SHA256 string `json:"sha256"`
	Bytes  int64  `json:"bytes"`
	Pages  *int   `json:"pages"` // nil for formats without pages
}

// Info is the report line: title, issuing organ, reporting year and the
// layout of its tables. Zero values mean unknown and are written as null.
type Info struct {
	Title    string
	Organ    string
	Year     int
	Template string // "2019" or "2021"
}

type infoJSON struct {
	Title    *string `json:"title"`
	Organ    *string `json:"organ"`
	Year     *int    `json:"year"`
	Template *string `json:"template"`
}

func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// MarshalJSON writes unknown fields as null.
func (i Info) MarshalJSON() ([]byte, error) {
	j := infoJSON{Title: nonEmpty(i.Title), Organ: nonEmpty(i.Organ), Template: nonEmpty(i.Template)}
	if i.Year != 0 {
		j.Year = &i.Year
	}
	return json.Marshal(j)
}

// UnmarshalJSON reads null as the zero value.
func (i *Info) UnmarshalJSON(b []byte) error {
	var j infoJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*i = Info{}
	if j.Title != nil {
		i.Title = *j.Title
	}
	if j.Organ != nil {
		i.Organ = *j.Organ
	}
	if j.Year != nil {
		i.Year = *j.Year
	}
	if j.Template != nil {
		i.Template = *j.Template
	}
	return nil
}

// Section is a top-level numbered section of the report (一、总体情况 …).
type Section struct {
	Number  string `json:"number"`  // the ordinal as written: 一, 二 …
	Heading string `json:"heading"` // heading text without the ordinal and its 、
	Kind    Kind   `json:"kind"`
	Text    string `json:"text"` // the section's body text, paragraphs joined by \n
	Page    *int   `json:"page"` // 1-based; nil for formats without pages
}

// Kind classifies a section by its heading.
type Kind string

// The section kinds of the template, plus KindUnknown.
const (
	KindOverview     Kind = "overview"
	KindActive       Kind = "active"
	KindRequests     Kind = "requests"
	KindAppeals      Kind = "appeals"
	KindProblems     Kind = "problems"
	KindOtherMatters Kind = "other_matters"
	KindUnknown      Kind = "unknown"
)

// Tables holds the three standard tables; a table the document lacks is nil.
type Tables struct {
	Active   *Table `json:"active,omitempty"`
	Requests *Table `json:"requests,omitempty"`
	Appeals  *Table `json:"appeals,omitempty"`
}

// Get returns the table with the given key (active, requests, appeals).
func (t *Tables) Get(key string) *Table {
	switch key {
	case TableActive:
		return t.Active
	case TableRequests:
		return t.Requests
	case TableAppeals:
		return t.Appeals
	}
	return nil
}

// Set stores tb under key; unknown keys are ignored.
func (t *Tables) Set(key string, tb *Table) {
	switch key {
	case TableActive:
		t.Active = tb
	case TableRequests:
		t.Requests = tb
	case TableAppeals:
		t.Appeals = tb
	}
}

// Table is one standard table, its rows in template order. It marshals to
// {"row": {"column": value}} with keys in that order.
type Table struct {
	Rows []Row
}

// Row is a table row with its cells in template column order.
type Row struct {
	Key   string
	Cells []Cell
}

// Cell is one template cell.
type Cell struct {
	Column string
	// Value is nil when the cell is blank or unreadable.
	Value *float64
	// Status tells blank from unreadable and a zero mark from a printed 0.
	// It is not part of the JSON; a decoded cell gets StatusNumber or
	// StatusBlank from its value.
	Status CellStatus
}

// CellStatus says what a cell held.
type CellStatus uint8

// Cell statuses.
const (
	StatusBlank    CellStatus = iota // nothing, or only spaces
	StatusNumber                     // a number
	StatusZeroMark                   // a conventional zero mark (—, -, /, 无), read as 0
	StatusInvalid                    // text that is not a number
)

// Row returns the row with the given key, or nil.
func (t *Table) Row(key string) *Row {
	if t == nil {
		return nil
	}
	for i := range t.Rows {
		if t.Rows[i].Key == key {
			return &t.Rows[i]
		}
	}
	return nil
}

// Cell returns the cell in column col, or nil.
func (r *Row) Cell(col string) *Cell {
	if r == nil {
		return nil
	}
	for i := range r.Cells {
		if r.Cells[i].Column == col {
			return &r.Cells[i]
		}
	}
	return nil
}

// Value returns the value at row, col and whether the cell exists and holds
// a number.
func (t *Table) Value(row, col string) (float64, bool) {
	c := t.Row(row).Cell(col)
	if c == nil || c.Value == nil {
		return 0, false
	}
	return *c.Value, true
}

// MarshalJSON writes the table as an object of objects in template order.
func (t Table) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, r := range t.Rows {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Quote(r.Key))
		b.WriteString(":{")
		for j, c := range r.Cells {
			if j > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.Quote(c.Column))
			b.WriteByte(':')
			if c.Value == nil {
				b.WriteString("null")
			} else {
				b.WriteString(FormatNumber(*c.Value))
			}
		}
		b.WriteByte('}')
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// UnmarshalJSON reads a table, keeping the order of rows and columns.
func (t *Table) UnmarshalJSON(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := expectDelim(dec, '{'); err != nil {
		return err
	}
	t.Rows = nil
	for dec.More() {
		key, err := stringToken(dec)
		if err != nil {
			return err
		}
		row := Row{Key: key}
		if err := expectDelim(dec, '{'); err != nil {
			return err
		}
		for dec.More() {
			col, err := stringToken(dec)
			if err != nil {
				return err
			}
			tok, err := dec.Token()
			if err != nil {
				return err
			}
			c := Cell{Column: col, Status: StatusBlank}
			switch v := tok.(type) {
			case nil:
			case json.Number:
				f, err := v.Float64()
				if err != nil {
					return fmt.Errorf("schema: cell %s.%s: %w", key, col, err)
				}
				c.Value, c.Status = &f, StatusNumber
			default:
				return fmt.Errorf("schema: cell %s.%s: want a number or null, got %v", key, col, tok)
			}
			row.Cells = append(row.Cells, c)
		}
		if err := expectDelim(dec, '}'); err != nil {
			return err
		}
		t.Rows = append(t.Rows, row)
	}
	return expectDelim(dec, '}')
}

func expectDelim(dec *json.Decoder, want json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		return fmt.Errorf("schema: table: want %q, got %v", want, tok)
	}
	return nil
}

func stringToken(dec *json.Decoder) (string, error) {
	tok, err := dec.Token()
	if err != nil {
		return "", err
	}
	s, ok := tok.(string)
	if !ok {
		return "", fmt.Errorf("schema: table: want a key, got %v", tok)
	}
	return s, nil
}

// FormatNumber writes v the way the output does: integers without a
// fraction, other values in their shortest form.
func FormatNumber(v float64) string {
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// Finding is one problem found in a document.
type Finding struct {
	Code     Code     `json:"code"`
	Severity Severity `json:"severity"`
	Table    string   `json:"table,omitempty"`
	Row      string   `json:"row,omitempty"`
	Column   string   `json:"column,omitempty"`
	Rule     string   `json:"rule,omitempty"`
	Expected *float64 `json:"expected,omitempty"`
	Actual   *float64 `json:"actual,omitempty"`
	Page     int      `json:"page,omitempty"`
	Text     string   `json:"text,omitempty"`
	Message  string   `json:"message"`
}

// Code names the kind of a finding.
type Code string

// Finding codes (SCHEMA.md).
const (
	CodeBlankCell         Code = "blank_cell"
	CodeInvalidCell       Code = "invalid_cell"
	CodeZeroMark          Code = "zero_mark"
	CodeSumMismatch       Code = "sum_mismatch"
	CodeMissingTable      Code = "missing_table"
	CodeMissingSection    Code = "missing_section"
	CodeLabelVariant      Code = "label_variant"
	CodeTemplateMismatch  Code = "template_mismatch"
	CodeUnreadable        Code = "unreadable"
	CodeNarrativeMismatch Code = "narrative_mismatch"
	CodeCrossYearMismatch Code = "cross_year_mismatch"
)

// Severity grades a finding.
type Severity string

// Severities, most severe first.
const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
	SeverityInfo    Severity = "info"
)

// Severity returns the severity that SCHEMA.md gives the code.
func (c Code) Severity() Severity {
	switch c {
	case CodeInvalidCell, CodeSumMismatch, CodeMissingTable, CodeUnreadable:
		return SeverityError
	case CodeZeroMark, CodeLabelVariant:
		return SeverityInfo
	}
	return SeverityWarning
}

// Provenance says where a cell's value came from.
type Provenance struct {
	Page int         `json:"page,omitempty"`
	Text string      `json:"text"`
	BBox *[4]float64 `json:"bbox,omitempty"` // PDF points, x0 y0 x1 y1 (PDF only)
}

// ProvenanceKey is the key of a cell in [Report.Provenance].
func ProvenanceKey(table, row, col string) string {
	return table + "." + row + "." + col
}

// Errors reports whether any finding has severity error.
func (r *Report) Errors() int {
	n := 0
	for _, f := range r.Findings {
		if f.Severity == SeverityError {
			n++
		}
	}
	return n
}

// Unreadable returns the unreadable finding, if the document has one.
func (r *Report) Unreadable() *Finding {
	for i := range r.Findings {
		if r.Findings[i].Code == CodeUnreadable {
			return &r.Findings[i]
		}
	}
	return nil
}
