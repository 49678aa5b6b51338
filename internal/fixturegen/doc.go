// Package fixturegen generates nianbao's test fixtures: synthetic
// 政府信息公开工作年度报告 as .docx files, the extraction each must give
// (its "truth"), and broken inputs that readers must reject cleanly.
//
// The .docx files are written directly as WordprocessingML (archive/zip and
// careful XML escaping, no Word library): [Content_Types].xml, the package
// and document relationships, word/document.xml, a minimal word/styles.xml
// with Heading 1/2 styles (English or Chinese ids and names), settings,
// font table, word/numbering.xml when Word list numbering is used, a
// page-number footer when asked, and docProps. Pages are A4 with the
// margins of GB/T 9704; fonts are 仿宋_GB2312, 黑体, 楷体_GB2312 and
// 方正小标宋简体 by name.
//
// The tables follow the State Council templates of 2019 and 2021 cell for
// cell (captions, gridSpan and vMerge as in the official Word template),
// with every label taken from package schema. Figures come from a seeded
// random generator scaled to the organ's level and satisfy every rule of
// schema.Check; each fixture then applies the deviations real reports
// show: typed or list-numbered headings, heading styles, tables at the end
// under captions, extra, split, nested tables, content controls, tracked
// changes, label typos, blank and malformed cells, broken sums, a missing
// table, the wrong template for the year. The truth of a fixture is built
// from the same data and checked with [schema.Check].
//
// Everything is deterministic: fixed seeds, fixed zip timestamps, and for
// the broken inputs a DEFLATE encoder of the package's own, so that their
// bytes do not depend on the Go release. The tests fail when the committed
// testdata differs from what the generator makes.
//
// Regenerate from the repository root with
//
//	go run ./internal/fixturegen/cmd/genfixtures -out testdata
//	scripts/make-pdf-fixtures.sh
//
// or with go generate in this directory (the second step needs LibreOffice).
package fixturegen

//go:generate go run ./cmd/genfixtures -out ../../testdata
//go:generate sh ../../scripts/make-pdf-fixtures.sh
