package extract

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/nianbao/nianbao/schema"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// fixtures returns the generated report fixtures (.docx and their PDF
// renderings), sorted.
func fixtures(t testing.TB) []string {
	t.Helper()
	var out []string
	for _, pat := range []string{"../testdata/docx/*.docx", "../testdata/pdf/*.pdf", "../testdata/pdf-variants/*.pdf"} {
		m, err := filepath.Glob(pat)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, m...)
	}
	if len(out) == 0 {
		t.Fatal("no fixtures under testdata/docx and testdata/pdf (run the generator, see testdata/README.md)")
	}
	sort.Strings(out)
	return out
}

// extractFixture runs the pipeline on a fixture with a stable source name.
func extractFixture(t testing.TB, path string) *schema.Report {
	t.Helper()
	rep, err := File(context.Background(), path, Options{})
	if err != nil && rep.Unreadable() == nil {
		t.Fatalf("%s: error without unreadable finding: %v", path, err)
	}
	rep.Source.File = filepath.Base(path)
	return rep
}

func marshal(t testing.TB, v any) []byte {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestGolden compares the whole output (with provenance) of every fixture
// with its golden file. Run with -update to rewrite them after a change
// that is meant to change the output; review the diff.
func TestGolden(t *testing.T) {
	if testing.Short() && !*update {
		t.Skip("golden files are compared in full runs")
	}
	for _, path := range fixtures(t) {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			got := marshal(t, extractFixture(t, path))
			golden := filepath.Join("..", "testdata", "golden", name+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./extract -run TestGolden -update)", err)
			}
			if diff := cmp.Diff(string(want), string(got)); diff != "" {
				t.Errorf("output differs from %s (-want +got):\n%s", golden, diff)
			}
		})
	}
}

// truth is the part of the generator's truth files the test compares.
type truth struct {
	Report   schema.Info      `json:"report"`
	Sections []schema.Section `json:"sections"`
	Tables   schema.Tables    `json:"tables"`
	Findings []schema.Finding `json:"findings"`
}

// scored are the finding codes compared with the truth: those the
// generator knows exactly.
var scored = map[schema.Code]bool{
	schema.CodeBlankCell: true, schema.CodeInvalidCell: true, schema.CodeZeroMark: true,
	schema.CodeSumMismatch: true, schema.CodeMissingTable: true,
}

func findingKeys(fs []schema.Finding) []string {
	var out []string
	for _, f := range fs {
		if !scored[f.Code] {
			continue
		}
		k := fmt.Sprintf("%s %s.%s.%s %s", f.Code, f.Table, f.Row, f.Column, f.Rule)
		switch f.Rule {
		case schema.RuleRequestsBalance, schema.RuleRequestsResultsTotal:
			k = fmt.Sprintf("%s %s..%s %s", f.Code, f.Table, f.Column, f.Rule)
		case schema.RuleRequestsColumnTotal, schema.RuleAppealsTotal:
			k = fmt.Sprintf("%s %s.%s. %s", f.Code, f.Table, f.Row, f.Rule)
		}
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func cellMap(t schema.Tables) map[string]string {
	m := map[string]string{}
	for _, td := range schema.TableDefs {
		tb := t.Get(td.Key)
		if tb == nil {
			continue
		}
		for _, r := range tb.Rows {
			for _, c := range r.Cells {
				v := "null"
				if c.Value != nil {
					v = schema.FormatNumber(*c.Value)
				}
				m[td.Key+"."+r.Key+"."+c.Column] = v
			}
		}
	}
	return m
}

// TestTruth checks every fixture against what the generator put in it:
// the report line, the sections, every cell, and the findings that follow
// from the cells. Unlike the golden files, the truth does not depend on
// the extractor, so this test is the accuracy bar: it must be exact.
func TestTruth(t *testing.T) {
	for _, path := range fixtures(t) {
		name := filepath.Base(path)
		// NAME.pdf, NAME.docx, and NAME.KIND.pdf for the same report
		// written by another PDF producer.
		stem, _, _ := strings.Cut(name, ".")
		t.Run(name, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("..", "testdata", "truth", stem+".json"))
			if os.IsNotExist(err) {
				t.Skip("no truth file")
			}
			if err != nil {
				t.Fatal(err)
			}
			var want truth
			if err := json.Unmarshal(b, &want); err != nil {
				t.Fatal(err)
			}
			got := extractFixture(t, path)
			if got.Unreadable() != nil {
				t.Fatalf("unreadable: %s", got.Unreadable().Message)
			}
			if diff := cmp.Diff(want.Report, got.Report); diff != "" {
				t.Errorf("report (-want +got):\n%s", diff)
			}
			type sec struct{ Number, Heading, Kind string }
			var ws, gs []sec
			for _, s := range want.Sections {
				ws = append(ws, sec{s.Number, s.Heading, string(s.Kind)})
			}
			for _, s := range got.Sections {
				gs = append(gs, sec{s.Number, s.Heading, string(s.Kind)})
			}
			if diff := cmp.Diff(ws, gs); diff != "" {
				t.Errorf("sections (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(cellMap(want.Tables), cellMap(got.Tables)); diff != "" {
				t.Errorf("cells (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(findingKeys(want.Findings), findingKeys(got.Findings)); diff != "" {
				t.Errorf("findings (-want +got):\n%s", diff)
			}
		})
	}
}

// TestOutputMatchesSchema validates every fixture's output, with
// provenance, against the JSON Schema that "nianbao schema" prints, using
// an independent validator.
func TestOutputMatchesSchema(t *testing.T) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schema.JSONSchema()))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(schema.JSONSchemaID, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(schema.JSONSchemaID)
	if err != nil {
		t.Fatal(err)
	}
	paths := fixtures(t)
	inv, _ := filepath.Glob("../testdata/invalid/*")
	paths = append(paths, inv...)
	for _, path := range paths {
		if strings.HasSuffix(path, ".md") {
			continue
		}
		rep := extractFixture(t, path)
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(marshal(t, rep)))
		if err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(v); err != nil {
			t.Errorf("%s: output does not match the schema: %v", filepath.Base(path), err)
		}
	}
}
