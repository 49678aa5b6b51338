// Command genfixtures writes nianbao's test fixtures: the .docx reports
// under testdata/docx, their expected extractions under testdata/truth,
// the broken inputs under testdata/invalid and the fixture list
// testdata/README.md. The PDFs are made from the .docx files by
// scripts/make-pdf-fixtures.sh, which calls this command with
// -normalize-pdf to make LibreOffice's output reproducible.
//
// Usage, from the repository root:
//
//	go run ./internal/fixturegen/cmd/genfixtures -out testdata
//	scripts/make-pdf-fixtures.sh
//
// or go generate ./internal/fixturegen, which runs both.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/nianbao/nianbao/internal/fixturegen"
)

func main() {
	out := flag.String("out", "testdata", "directory to write the fixtures into")
	norm := flag.Bool("normalize-pdf", false, "rewrite the PDF files named as arguments in place with a fixed date and a content-derived /ID, and exit")
	wm := flag.String("watermark-pdf", "", "write a one-page PDF of watermarks (for qpdf --overlay) to this file, and exit")
	flag.Parse()
	if *wm != "" {
		if err := os.WriteFile(*wm, fixturegen.WatermarkPDF(), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "genfixtures:", err)
			os.Exit(1)
		}
		return
	}
	if *norm {
		for _, p := range flag.Args() {
			data, err := os.ReadFile(p)
			if err == nil {
				err = os.WriteFile(p, fixturegen.NormalizePDF(data), 0o644)
			}
			if err != nil {
				fmt.Fprintln(os.Stderr, "genfixtures:", err)
				os.Exit(1)
			}
		}
		return
	}
	if flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "genfixtures: unexpected arguments; use -out DIR")
		os.Exit(2)
	}
	if err := fixturegen.Write(*out); err != nil {
		fmt.Fprintln(os.Stderr, "genfixtures:", err)
		os.Exit(1)
	}
}
