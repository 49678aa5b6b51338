package fixturegen

import (
	"bytes"
	"encoding/json"

	"github.com/nianbao/nianbao/schema"
)

// truthFile is the expected extraction of a fixture, in the shape of
// nianbao's output without the details that depend on the file read
// (source.files names both the .docx and the .pdf made from it; sections
// carry no text and no pages).
type truthFile struct {
	Schema   string           `json:"schema"`
	Source   truthSource      `json:"source"`
	Report   schema.Info      `json:"report"`
	Sections []truthSection   `json:"sections"`
	Tables   schema.Tables    `json:"tables"`
	Findings []schema.Finding `json:"findings"`
}

type truthSource struct {
	Files []string `json:"files"`
}

type truthSection struct {
	Number  string      `json:"number"`
	Heading string      `json:"heading"`
	Kind    schema.Kind `json:"kind"`
}

// schemaTable converts a fixture table into the output table with the
// cell statuses the checks read, and records the raw text of zero marks
// and unreadable cells as provenance.
func schemaTable(t *tdata, prov map[string]schema.Provenance) *schema.Table {
	if t == nil {
		return nil
	}
	rows := map[string]bool{}
	for _, r := range t.rows {
		rows[r] = true
	}
	out := t.def.NewTable(t.tpl, rows)
	for i := range out.Rows {
		r := &out.Rows[i]
		for j := range r.Cells {
			c := &r.Cells[j]
			vc := t.cell(r.Key, c.Column)
			c.Status = vc.status
			if vc.truth != nil {
				v := *vc.truth
				c.Value = &v
			}
			if vc.status == schema.StatusZeroMark || vc.status == schema.StatusInvalid {
				prov[schema.ProvenanceKey(t.def.Key, r.Key, c.Column)] = schema.Provenance{Text: vc.text}
			}
		}
	}
	return out
}

// templateOf is the layout the report's tables use: that of the 主动公开
// table, else of the requests table.
func (b *builder) templateOf() string {
	if b.act != nil {
		return b.act.tpl
	}
	if b.req != nil {
		return b.req.tpl
	}
	return ""
}

func (b *builder) truth() *truthFile {
	rep := &schema.Report{
		Schema:     schema.Version,
		Report:     schema.Info{Title: b.title, Organ: b.sp.organ, Year: b.sp.year, Template: b.templateOf()},
		Sections:   b.sections,
		Provenance: map[string]schema.Provenance{},
	}
	rep.Tables.Active = schemaTable(b.act, rep.Provenance)
	rep.Tables.Requests = schemaTable(b.req, rep.Provenance)
	rep.Tables.Appeals = schemaTable(b.app, rep.Provenance)
	fs := append(schema.Check(rep), b.variants...)
	schema.SortFindings(fs)
	tf := &truthFile{
		Schema:   schema.Version,
		Source:   truthSource{Files: []string{b.sp.name + ".docx", b.sp.name + ".pdf"}},
		Report:   rep.Report,
		Tables:   rep.Tables,
		Findings: fs,
	}
	if tf.Findings == nil {
		tf.Findings = []schema.Finding{}
	}
	for _, s := range b.sections {
		tf.Sections = append(tf.Sections, truthSection{Number: s.Number, Heading: s.Heading, Kind: s.Kind})
	}
	return tf
}

// marshalTruth writes a truth file as indented JSON with CJK and quotes
// left readable.
func marshalTruth(tf *truthFile) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(tf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
