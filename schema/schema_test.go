package schema

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

func num(v float64) *float64 { return &v }

// fullTable returns a table of template tpl with every cell set by f.
func fullTable(td *TableDef, tpl string, f func(row, col string) float64) *Table {
	tb := td.NewTable(tpl, nil)
	for i := range tb.Rows {
		for j := range tb.Rows[i].Cells {
			c := &tb.Rows[i].Cells[j]
			c.Value, c.Status = num(f(tb.Rows[i].Key, c.Column)), StatusNumber
		}
	}
	return tb
}

// consistentRequests fills a requests table that satisfies every rule:
// each outcome row holds 1 per applicant column.
func consistentRequests(tpl string) *Table {
	tb := fullTable(Requests, tpl, func(row, col string) float64 { return 1 })
	outcomes := len(resultRows(tb))
	for i := range tb.Rows {
		r := &tb.Rows[i]
		for j := range r.Cells {
			v := 1.0
			switch r.Key {
			case "new_received", "results_total":
				v = float64(outcomes)
			case "carried_over", "carried_forward":
				v = 0
			}
			if r.Cells[j].Column == "total" {
				v *= 6
			}
			r.Cells[j].Value = num(v)
		}
	}
	return tb
}

func consistentReport(tpl string) *Report {
	r := &Report{Schema: Version, Report: Info{Year: 2021, Template: tpl}}
	if tpl == Template2019 {
		r.Report.Year = 2019
	}
	for _, s := range Sections {
		r.Sections = append(r.Sections, Section{Number: s.Number, Heading: s.Heading, Kind: s.Kind})
	}
	r.Tables.Active = fullTable(Active, tpl, func(string, string) float64 { return 2 })
	r.Tables.Requests = consistentRequests(tpl)
	r.Tables.Appeals = fullTable(Appeals, tpl, func(_, col string) float64 {
		if col == "total" {
			return 4
		}
		return 1
	})
	return r
}

func setValue(t *testing.T, r *Report, table, row, col string, v *float64, st CellStatus) {
	t.Helper()
	c := r.Tables.Get(table).Row(row).Cell(col)
	if c == nil {
		t.Fatalf("no cell %s.%s.%s", table, row, col)
	}
	c.Value, c.Status = v, st
}

type key struct{ Code, Table, Row, Col, Rule string }

func keys(fs []Finding) []key {
	var out []key
	for _, f := range fs {
		out = append(out, key{string(f.Code), f.Table, f.Row, f.Column, f.Rule})
	}
	return out
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name   string
		tpl    string
		modify func(t *testing.T, r *Report)
		want   []key
	}{
		{name: "consistent 2019", tpl: Template2019},
		{name: "consistent 2021", tpl: Template2021},
		{
			name: "blank, invalid and zero mark", tpl: Template2021,
			modify: func(t *testing.T, r *Report) {
				setValue(t, r, TableActive, "fees", "amount", nil, StatusBlank)
				setValue(t, r, TableAppeals, "review", "pending", num(0), StatusZeroMark)
				// An invalid part of a sum: the rules that need it are skipped.
				setValue(t, r, TableRequests, "granted", "research", nil, StatusInvalid)
			},
			want: []key{
				{"blank_cell", "active", "fees", "amount", ""},
				{"invalid_cell", "requests", "granted", "research", ""},
				// appeals.review: 1+1+1+0 = 3 ≠ 4
				{"sum_mismatch", "appeals", "review", "total", "appeals.total"},
				{"zero_mark", "appeals", "review", "pending", ""},
			},
		},
		{
			name: "balance broken, row total kept", tpl: Template2019,
			modify: func(t *testing.T, r *Report) {
				setValue(t, r, TableRequests, "carried_forward", "natural_person", num(1), StatusNumber)
				setValue(t, r, TableRequests, "carried_forward", "total", num(1), StatusNumber)
			},
			want: []key{
				{"sum_mismatch", "requests", "", "natural_person", "requests.balance"},
				{"sum_mismatch", "requests", "", "total", "requests.balance"},
			},
		},
		{
			name: "results total and column total", tpl: Template2021,
			modify: func(t *testing.T, r *Report) {
				setValue(t, r, TableRequests, "unable_not_held", "natural_person", num(2), StatusNumber)
			},
			want: []key{
				{"sum_mismatch", "requests", "results_total", "natural_person", "requests.results_total"},
				{"sum_mismatch", "requests", "unable_not_held", "total", "requests.column_total"},
			},
		},
		{
			name: "missing table and section", tpl: Template2021,
			modify: func(t *testing.T, r *Report) {
				r.Tables.Appeals = nil
				r.Sections = r.Sections[:5]
			},
			want: []key{
				{"missing_table", "appeals", "", "", ""},
				{"missing_section", "", "", "", ""},
			},
		},
		{
			name: "2019 single other row in a 2021 layout", tpl: Template2021,
			modify: func(t *testing.T, r *Report) {
				tb := Requests.NewTable(Template2021, map[string]bool{"new_received": true, "other": true})
				for i := range tb.Rows {
					for j := range tb.Rows[i].Cells {
						tb.Rows[i].Cells[j].Value, tb.Rows[i].Cells[j].Status = num(0), StatusNumber
					}
				}
				r.Tables.Requests = tb
			},
			want: []key{{"template_mismatch", "", "", "", ""}},
		},
		{
			name: "2019 layout in a 2022 report", tpl: Template2019,
			modify: func(t *testing.T, r *Report) { r.Report.Year = 2022 },
			want:   []key{{"template_mismatch", "", "", "", ""}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := consistentReport(tt.tpl)
			if tt.modify != nil {
				tt.modify(t, r)
			}
			fs := Check(r)
			SortFindings(fs)
			got := keys(fs)
			want := tt.want
			SortFindingKeys(want)
			SortFindingKeys(got)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("findings (-want +got):\n%s", diff)
			}
			for _, f := range fs {
				if f.Message == "" || f.Severity != f.Code.Severity() {
					t.Errorf("finding %+v: empty message or wrong severity", f)
				}
			}
		})
	}
}

// SortFindingKeys orders keys for comparison.
func SortFindingKeys(ks []key) {
	for i := 1; i < len(ks); i++ {
		for j := i; j > 0 && less(ks[j], ks[j-1]); j-- {
			ks[j], ks[j-1] = ks[j-1], ks[j]
		}
	}
}

func less(a, b key) bool {
	if a.Code != b.Code {
		return a.Code < b.Code
	}
	if a.Table != b.Table {
		return a.Table < b.Table
	}
	if a.Row != b.Row {
		return a.Row < b.Row
	}
	if a.Col != b.Col {
		return a.Col < b.Col
	}
	return a.Rule < b.Rule
}

func TestTableJSONRoundTrip(t *testing.T) {
	r := consistentReport(Template2019)
	setValue(t, r, TableActive, "fees", "change", num(-8), StatusNumber)
	setValue(t, r, TableActive, "procurement", "amount", num(7730.28), StatusNumber)
	setValue(t, r, TableActive, "regulations", "new_made", nil, StatusBlank)
	b, err := json.Marshal(r.Tables.Active)
	if err != nil {
		t.Fatal(err)
	}
	// Template order, not alphabetical.
	if !bytes.HasPrefix(b, []byte(`{"regulations":{"new_made":null,"new_published":2,`)) {
		t.Errorf("table JSON not in template order: %s", b)
	}
	var back Table
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	// Statuses are not in the JSON: a decoded cell is a number or blank.
	if diff := cmp.Diff(r.Tables.Active, &back); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	for _, bad := range []string{`[]`, `{"a":1}`, `{"a":{"b":"x"}}`, `{"a":{"b":1}`} {
		var tb Table
		if err := json.Unmarshal([]byte(bad), &tb); err == nil {
			t.Errorf("Unmarshal(%s): no error", bad)
		}
	}
}

func TestInfoNulls(t *testing.T) {
	b, err := json.Marshal(Info{Title: "x"})
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"title":"x","organ":null,"year":null,"template":null}`; string(b) != want {
		t.Errorf("got %s, want %s", b, want)
	}
	var i Info
	if err := json.Unmarshal([]byte(`{"title":null,"organ":"o","year":2020,"template":"2019"}`), &i); err != nil {
		t.Fatal(err)
	}
	if i != (Info{Organ: "o", Year: 2020, Template: "2019"}) {
		t.Errorf("got %+v", i)
	}
}

// compileSchema compiles JSONSchema with a real validator.
func compileSchema(t testing.TB) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(JSONSchema()))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(JSONSchemaID, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(JSONSchemaID)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestJSONSchemaValidates(t *testing.T) {
	s := compileSchema(t)
	for _, tpl := range Templates {
		r := consistentReport(tpl)
		setValue(t, r, TableRequests, "granted", "research", nil, StatusInvalid)
		r.Findings = Check(r)
		r.Source = Source{File: "a.docx", Format: "docx", SHA256: "", Bytes: 10}
		pg := 3
		r.Sections[0].Page = &pg
		r.Provenance = map[string]Provenance{"requests.granted.research": {Page: 3, Text: "见附表", BBox: &[4]float64{1, 2, 3, 4}}}
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Validate(v); err != nil {
			t.Errorf("template %s: valid report rejected: %v", tpl, err)
		}
	}
	// And it rejects what the contract forbids.
	bad := []string{
		`{}`,
		`{"schema":"nianbao/v1","source":{"file":"a","format":"docx","sha256":"","bytes":1,"pages":null},"report":{"title":null,"organ":null,"year":null,"template":null},"sections":[],"tables":{"active":{"regulations":{"issued":-1}}},"findings":[]}`,
		`{"schema":"nianbao/v1","source":{"file":"a","format":"docx","sha256":"","bytes":1,"pages":null},"report":{"title":null,"organ":null,"year":null,"template":null},"sections":[],"tables":{"requests":{"nonsense":{"total":1}}},"findings":[]}`,
		`{"schema":"nianbao/v1","source":{"file":"a","format":"docx","sha256":"","bytes":1,"pages":null},"report":{"title":null,"organ":null,"year":null,"template":"2020"},"sections":[],"tables":{},"findings":[]}`,
	}
	for _, b := range bad {
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader([]byte(b)))
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Validate(v); err == nil {
			t.Errorf("schema accepted %s", b)
		}
	}
}
