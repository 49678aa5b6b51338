package extract_test

import (
	"context"
	"fmt"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/schema"
)

// Extract one report and read its figures by their canonical keys.
func ExampleFile() {
	rep, err := extract.File(context.Background(), "../testdata/docx/citygov-2023-results.docx", extract.Options{})
	if err != nil {
		fmt.Println("unreadable:", err)
		return
	}
	fmt.Println(rep.Report.Organ, rep.Report.Year, "template", rep.Report.Template)
	received, _ := rep.Tables.Requests.Value("new_received", "total")
	fmt.Println("applications received:", received)
	for _, f := range rep.Findings {
		if f.Severity == schema.SeverityError {
			fmt.Printf("%s %s: expected %v, printed %v\n", f.Code, f.Rule, *f.Expected, *f.Actual)
		}
	}
	// Output:
	// 石泉市人民政府 2023 template 2021
	// applications received: 454
	// sum_mismatch requests.results_total: expected 399, printed 396
	// sum_mismatch requests.results_total: expected 463, printed 460
}

// A file that cannot be read still gets a report, with the cause.
func ExampleFile_unreadable() {
	rep, err := extract.File(context.Background(), "../testdata/invalid/encrypted.docx", extract.Options{})
	fmt.Println(extract.ReasonOf(err))
	fmt.Println(rep.Unreadable().Code, rep.Unreadable().Severity)
	// Output:
	// encrypted
	// unreadable error
}

// Provenance says where each value came from: the page and the text
// printed in the cell.
func ExampleFile_provenance() {
	rep, _ := extract.File(context.Background(), "../testdata/pdf/provdept-2024-cells.pdf", extract.Options{})
	for _, f := range rep.Findings {
		if f.Code == schema.CodeInvalidCell {
			p := rep.Provenance[schema.ProvenanceKey(f.Table, f.Row, f.Column)]
			fmt.Printf("%s.%s.%s on page %d: %q\n", f.Table, f.Row, f.Column, p.Page, p.Text)
		}
	}
	// Output:
	// requests.denied_three_safety.social_welfare on page 3: "见附表"
	// appeals.litigation_direct.pending on page 4: "另行统计"
}
