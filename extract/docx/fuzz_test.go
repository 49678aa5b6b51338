package docx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/nianbao/nianbao/extract/layout"
)

// seedDocs are small documents exercising every construct the reader
// handles, for the fuzzer to mutate.
func seedDocs(t testing.TB) [][]byte {
	var out [][]byte
	for _, d := range seedTestDocs() {
		out = append(out, d.bytes(t), d.stored(t))
	}
	return out
}

// seedTestDocs are the parts of seedDocs.
func seedTestDocs() []testDoc {
	numbering := `<w:abstractNum w:abstractNumId="0">` +
		lvl(0, 1, "chineseCounting", "%1、", `<w:pStyle w:val="1"/>`) +
		lvl(1, 1, "chineseCounting", "（%2）", `<w:lvlRestart w:val="1"/>`) +
		lvl(2, 1, "decimal", "%1.%2.%3", `<w:isLgl/><w:suff w:val="space"/>`) + `</w:abstractNum>` +
		`<w:abstractNum w:abstractNumId="1"><w:numStyleLink w:val="L"/></w:abstractNum>` +
		`<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>` +
		`<w:num w:numId="2"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="1"><w:startOverride w:val="3"/></w:lvlOverride></w:num>` +
		`<w:num w:numId="3"><w:abstractNumId w:val="1"/></w:num>`
	styles := `<w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="32"/></w:rPr></w:rPrDefault></w:docDefaults>` +
		`<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>` +
		`<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="0"/><w:jc w:val="center"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>` +
		`<w:style w:type="numbering" w:styleId="L"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>`
	merged := tbl(
		tr(tc(`<w:gridSpan w:val="2"/><w:vMerge w:val="restart"/>`, "说明"), tc(`<w:gridSpan w:val="2"/>`, "申请人情况")),
		tr(tc(`<w:gridSpan w:val="2"/><w:vMerge/>`, ""), tc("", "自然人"), `<w:tc>`+p("合")+tbl(tr(tc("", "内"), tc(`<w:hMerge/>`, "")))+`</w:tc>`),
		`<w:tr><w:trPr><w:gridBefore w:val="1"/><w:gridAfter w:val="1"/></w:trPr>`+tc("", "1")+tc("", "2")+`</w:tr>`,
	)
	bodies := []string{
		p("一", "、", "总体情况") + `<w:p><w:r><w:t>a</w:t><w:tab/><w:br/><w:cr/></w:r></w:p>`,
		`<w:p><w:pPr><w:pStyle w:val="1"/></w:pPr><w:r><w:t>总体情况</w:t></w:r></w:p>` + np(1, 1, "主动公开") + np(2, 1, "依申请") + np(1, 2, "细") + np(3, 0, "链"),
		merged,
		`<w:sdt><w:sdtContent>` + p("控件") + `</w:sdtContent></w:sdt><w:p><w:ins><w:r><w:t>增</w:t></w:r></w:ins><w:del><w:r><w:delText>删</w:delText></w:r></w:del></w:p>`,
		`<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>` + p("框") + `</w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent>` + p("框") + `</w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>`,
	}
	var out []testDoc
	for _, b := range bodies {
		out = append(out, testDoc{body: b, styles: styles, numbering: numbering})
	}
	return out
}

// FuzzRead checks that no input makes Read panic or hang, that errors
// have a message, and that every table it returns is a well-formed grid.
func FuzzRead(f *testing.F) {
	for _, path := range fixtureFiles(f) {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, d := range seedDocs(f) {
		f.Add(d)
	}
	f.Add(ole(true))
	f.Fuzz(checkRead)
}

// FuzzParts mutates the XML of the main document, styles and numbering
// parts and packs them into a well-formed package, so that every mutation
// reaches the XML readers (FuzzRead's mutations of a zip mostly stop at
// its checksums). It checks what FuzzRead checks.
func FuzzParts(f *testing.F) {
	for _, d := range seedTestDocs() {
		ps := d.parts()
		f.Add([]byte(ps["word/document.xml"]), []byte(ps["word/styles.xml"]), []byte(ps["word/numbering.xml"]))
	}
	parts := xmlParts(f)
	for _, path := range fixtureFiles(f) {
		doc := parts[path+":word/document.xml"]
		if len(doc) > 0 && len(doc) <= 32<<10 {
			f.Add(doc, parts[path+":word/styles.xml"], parts[path+":word/numbering.xml"])
		}
	}
	f.Fuzz(func(t *testing.T, document, styles, numbering []byte) {
		ps := map[string]string{
			"[Content_Types].xml":          contentTypes,
			"_rels/.rels":                  packageRels,
			"word/_rels/document.xml.rels": documentRels,
			"word/document.xml":            string(document),
		}
		if len(styles) > 0 {
			ps["word/styles.xml"] = string(styles)
		}
		if len(numbering) > 0 {
			ps["word/numbering.xml"] = string(numbering)
		}
		checkRead(t, zipPartsMethod(t, ps, zip.Store))
	})
}

// checkRead reads data and checks that Read returns, without a panic,
// either an error with a message or a document whose tables are
// well-formed grids.
func checkRead(t *testing.T, data []byte) {
	opts := Options{MaxPartBytes: 4 << 20, MaxTotalBytes: 8 << 20, MaxTableCells: 100_000}
	// A hang is a failure too: crash the worker, so that the fuzzer
	// keeps the input.
	done := make(chan struct{})
	go func() {
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			panic(fmt.Sprintf("Read did not return within 20 s on a %d-byte input", len(data)))
		}
	}()
	doc, err := Read(bytes.NewReader(data), int64(len(data)), opts)
	close(done)
	if err != nil {
		if strings.TrimSpace(err.Error()) == "" {
			t.Fatalf("error with an empty message: %#v", err)
		}
		if doc != nil {
			t.Fatal("a document and an error")
		}
		return
	}
	for _, tb := range doc.Tables() {
		checkGrid(t, tb)
	}
}

// checkGrid asserts that every grid position is covered by exactly one
// cell and that cells are in row-major order.
func checkGrid(t *testing.T, tb *layout.Table) {
	t.Helper()
	seen := make(map[[2]int]bool)
	prev := -1
	for _, c := range tb.Cells {
		if c.RowSpan < 1 || c.ColSpan < 1 || c.Row+c.RowSpan > tb.Rows || c.Col+c.ColSpan > tb.Cols {
			t.Fatalf("cell %+v outside the %d×%d grid", c, tb.Rows, tb.Cols)
		}
		if k := c.Row*tb.Cols + c.Col; k <= prev {
			t.Fatalf("cells not in row-major order at %d,%d", c.Row, c.Col)
		} else {
			prev = k
		}
		for r := c.Row; r < c.Row+c.RowSpan; r++ {
			for k := c.Col; k < c.Col+c.ColSpan; k++ {
				if seen[[2]int{r, k}] {
					t.Fatalf("position %d,%d covered twice", r, k)
				}
				seen[[2]int{r, k}] = true
			}
		}
	}
	if len(seen) != tb.Rows*tb.Cols {
		t.Fatalf("%d of %d positions covered", len(seen), tb.Rows*tb.Cols)
	}
}

func TestSeedDocs(t *testing.T) {
	for i, d := range seedDocs(t) {
		doc := read(t, d, Options{})
		if len(doc.Blocks) == 0 {
			t.Errorf("seed %d: no blocks", i)
		}
		for _, tb := range doc.Tables() {
			checkGrid(t, tb)
		}
	}
}
