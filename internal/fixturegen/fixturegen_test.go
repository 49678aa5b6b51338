package fixturegen

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode/utf16"

	"github.com/nianbao/nianbao/schema"
)

// testdata is the repository's fixture directory.
const testdata = "../../testdata"

const regenerate = "regenerate with `go run ./internal/fixturegen/cmd/genfixtures -out testdata` and `scripts/make-pdf-fixtures.sh`"

var (
	genOnce  sync.Once
	genFiles []File
	genErr   error
)

// generated returns the generator's files, made once per test binary.
func generated(t testing.TB) []File {
	t.Helper()
	genOnce.Do(func() { genFiles, genErr = Files() })
	if genErr != nil {
		t.Fatal(genErr)
	}
	return genFiles
}

func generatedFile(t testing.TB, p string) []byte {
	t.Helper()
	for _, f := range generated(t) {
		if f.Path == p {
			return f.Data
		}
	}
	t.Fatalf("%s not generated", p)
	return nil
}

func TestDeterministic(t *testing.T) {
	dir := t.TempDir()
	if err := Write(dir); err != nil {
		t.Fatal(err)
	}
	want := generated(t)
	var got []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		got = append(got, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(got)
	var names []string
	for _, f := range want {
		names = append(names, f.Path)
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f.Path)))
		if err != nil {
			t.Error(err)
			continue
		}
		if !bytes.Equal(data, f.Data) {
			t.Errorf("%s: two generations differ", f.Path)
		}
	}
	if !slices.Equal(got, names) {
		t.Errorf("Write wrote %v, Files returned %v", got, names)
	}
}

// TestUpToDate fails when the committed fixtures are not what the
// generator makes: a generator change must come with regenerated files.
func TestUpToDate(t *testing.T) {
	if _, err := os.Stat(testdata); err != nil {
		t.Fatalf("no testdata directory: %v", err)
	}
	made := map[string]bool{}
	for _, f := range generated(t) {
		made[f.Path] = true
		committed, err := os.ReadFile(filepath.Join(testdata, filepath.FromSlash(f.Path)))
		if err != nil {
			t.Errorf("testdata/%s: %v; %s", f.Path, err, regenerate)
			continue
		}
		if strings.HasPrefix(f.Path, "docx/") {
			if err := samePackage(committed, f.Data); err != nil {
				t.Errorf("testdata/%s is out of date (%v); %s", f.Path, err, regenerate)
			}
			continue
		}
		if !bytes.Equal(committed, f.Data) {
			t.Errorf("testdata/%s is out of date; %s", f.Path, regenerate)
		}
	}
	for _, p := range InvalidDerived {
		made[p] = true
		if _, err := os.Stat(filepath.Join(testdata, p)); err != nil {
			t.Errorf("testdata/%s missing; %s", p, regenerate)
		}
	}
	// Nothing stale: every file in the generated directories is made by
	// the generator, and every .docx has its PDF.
	for _, dir := range []string{"docx", "truth", "invalid"} {
		entries, err := os.ReadDir(filepath.Join(testdata, dir))
		if err != nil {
			t.Error(err)
			continue
		}
		for _, e := range entries {
			if p := dir + "/" + e.Name(); !made[p] {
				t.Errorf("testdata/%s is not made by the generator; remove it or %s", p, regenerate)
			}
		}
	}
	pdfs, _ := filepath.Glob(filepath.Join(testdata, "pdf", "*.pdf"))
	havePDF := map[string]bool{}
	for _, p := range pdfs {
		havePDF[strings.TrimSuffix(filepath.Base(p), ".pdf")] = true
	}
	for _, sp := range fixtures() {
		if !havePDF[sp.name] {
			t.Errorf("testdata/pdf/%s.pdf missing; %s", sp.name, regenerate)
		}
		delete(havePDF, sp.name)
	}
	for n := range havePDF {
		t.Errorf("testdata/pdf/%s.pdf has no .docx fixture", n)
	}
}

// samePackage compares two zip packages by entry names, order and
// uncompressed content (compressed bytes may differ between Go releases).
func samePackage(a, b []byte) error {
	za, err := zip.NewReader(bytes.NewReader(a), int64(len(a)))
	if err != nil {
		return err
	}
	zb, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return err
	}
	if len(za.File) != len(zb.File) {
		return fmt.Errorf("%d parts, want %d", len(za.File), len(zb.File))
	}
	for i := range za.File {
		fa, fb := za.File[i], zb.File[i]
		if fa.Name != fb.Name {
			return fmt.Errorf("part %d is %s, want %s", i, fa.Name, fb.Name)
		}
		da, err := readZipFile(fa)
		if err != nil {
			return err
		}
		db, err := readZipFile(fb)
		if err != nil {
			return err
		}
		if !bytes.Equal(da, db) {
			return fmt.Errorf("%s differs", fa.Name)
		}
	}
	return nil
}

func readZipFile(f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

// TestPackages checks every generated .docx: well-formed XML in every
// part, content types and relationships that resolve, styles and lists
// that exist, and a small size.
func TestPackages(t *testing.T) {
	reNum := regexp.MustCompile(`<w:numId w:val="(\d+)"/>`)
	reStyle := regexp.MustCompile(`<w:pStyle w:val="([^"]+)"/>`)
	for _, f := range generated(t) {
		if !strings.HasPrefix(f.Path, "docx/") {
			continue
		}
		t.Run(path.Base(f.Path), func(t *testing.T) {
			if len(f.Data) > 60<<10 {
				t.Errorf("%d bytes, want < 60 KiB", len(f.Data))
			}
			zr, err := zip.NewReader(bytes.NewReader(f.Data), int64(len(f.Data)))
			if err != nil {
				t.Fatal(err)
			}
			parts := map[string][]byte{}
			for i, zf := range zr.File {
				if i == 0 && zf.Name != "[Content_Types].xml" {
					t.Errorf("first part %s, want [Content_Types].xml", zf.Name)
				}
				if zf.Modified.Year() != 1980 {
					t.Errorf("%s: modified %v, want 1980-01-01", zf.Name, zf.Modified)
				}
				data, err := readZipFile(zf)
				if err != nil {
					t.Fatal(err)
				}
				parts[zf.Name] = data
				if err := wellFormed(data); err != nil {
					t.Errorf("%s: %v", zf.Name, err)
				}
			}
			ct := string(parts["[Content_Types].xml"])
			for name := range parts {
				if strings.HasSuffix(name, ".rels") || name == "[Content_Types].xml" {
					continue
				}
				if !strings.Contains(ct, `PartName="/`+name+`"`) {
					t.Errorf("%s has no content type override", name)
				}
			}
			for _, rels := range []struct{ part, base string }{{"_rels/.rels", ""}, {"word/_rels/document.xml.rels", "word/"}} {
				for _, m := range regexp.MustCompile(`Target="([^"]+)"( TargetMode="External")?`).FindAllStringSubmatch(string(parts[rels.part]), -1) {
					if m[2] != "" {
						continue
					}
					if _, ok := parts[rels.base+m[1]]; !ok {
						t.Errorf("%s: target %s missing", rels.part, m[1])
					}
				}
			}
			doc := string(parts["word/document.xml"])
			numbering := string(parts["word/numbering.xml"])
			styles := string(parts["word/styles.xml"])
			for _, m := range reNum.FindAllStringSubmatch(doc+styles, -1) {
				if !strings.Contains(numbering, `<w:num w:numId="`+m[1]+`">`) {
					t.Errorf("numId %s used but not defined", m[1])
				}
			}
			for _, m := range reStyle.FindAllStringSubmatch(doc+string(parts["word/footer1.xml"]), -1) {
				if !strings.Contains(styles, `w:styleId="`+m[1]+`"`) {
					t.Errorf("style %s used but not defined", m[1])
				}
			}
			if strings.Contains(doc, "w:footerReference") != (parts["word/footer1.xml"] != nil) {
				t.Error("footer reference and footer part disagree")
			}
		})
	}
}

func wellFormed(data []byte) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// docText is the text of word/document.xml without deleted text, for
// checking what a reader must see.
func docText(t *testing.T, docx []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(docx), int64(len(docx)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name != "word/document.xml" {
			continue
		}
		data, err := readZipFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		d := xml.NewDecoder(bytes.NewReader(data))
		inT := false
		for {
			tok, err := d.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			switch tk := tok.(type) {
			case xml.StartElement:
				inT = tk.Name.Local == "t"
			case xml.EndElement:
				inT = false
				if tk.Name.Local == "p" {
					b.WriteByte('\n')
				}
			case xml.CharData:
				if inT {
					b.Write(tk)
				}
			}
		}
		return b.String()
	}
	t.Fatal("no word/document.xml")
	return ""
}

// TestTruth checks that each fixture's truth says what the fixture was
// built to exercise, and that the truth file reads back as it was written.
func TestTruth(t *testing.T) {
	for _, sp := range fixtures() {
		t.Run(sp.name, func(t *testing.T) {
			o, err := build(sp)
			if err != nil {
				t.Fatal(err)
			}
			tr := o.truth
			find := func(code schema.Code, table, row, col string) *schema.Finding {
				for i, f := range tr.Findings {
					if f.Code == code && f.Table == table && (row == "" || f.Row == row) && (col == "" || f.Column == col) {
						return &tr.Findings[i]
					}
				}
				return nil
			}
			count := func(code schema.Code) int {
				n := 0
				for _, f := range tr.Findings {
					if f.Code == code {
						n++
					}
				}
				return n
			}
			// Sum rules fail exactly where a fixture breaks them.
			var rules, allowed []string
			for _, k := range sp.breaks {
				rules = append(rules, k.rule)
				allowed = append(append(allowed, k.rule), k.also...)
			}
			for _, f := range tr.Findings {
				if f.Code == schema.CodeSumMismatch && !slices.Contains(allowed, f.Rule) {
					t.Errorf("unexpected %s %s.%s.%s", f.Rule, f.Table, f.Row, f.Column)
				}
			}
			for _, r := range rules {
				found := false
				for _, f := range tr.Findings {
					found = found || f.Code == schema.CodeSumMismatch && f.Rule == r
				}
				if !found {
					t.Errorf("rule %s not broken", r)
				}
			}
			for _, f := range sp.faults {
				c := tr.Tables.Get(f.table).Row(f.row).Cell(f.col)
				switch f.kind {
				case fBlank:
					if c.Value != nil || find(schema.CodeBlankCell, f.table, f.row, f.col) == nil {
						t.Errorf("%s.%s.%s: want a blank cell and a blank_cell finding", f.table, f.row, f.col)
					}
				case fInvalid:
					x := find(schema.CodeInvalidCell, f.table, f.row, f.col)
					if c.Value != nil || x == nil || x.Text != f.text {
						t.Errorf("%s.%s.%s: want an invalid_cell finding with text %q", f.table, f.row, f.col, f.text)
					}
				default:
					if c.Value == nil {
						t.Errorf("%s.%s.%s: want a value", f.table, f.row, f.col)
					}
				}
			}
			for _, m := range sp.marks {
				n := 0
				for _, f := range tr.Findings {
					if f.Code == schema.CodeZeroMark && f.Table == m.table {
						n++
						if !slices.Contains(m.marks, f.Text) {
							t.Errorf("zero mark %q not among %q", f.Text, m.marks)
						}
					}
				}
				if n == 0 {
					t.Errorf("no zero marks in %s", m.table)
				}
			}
			if len(sp.marks) == 0 && count(schema.CodeZeroMark) != 0 {
				t.Error("zero marks in a fixture without them")
			}
			if count(schema.CodeLabelVariant) != len(sp.typos) {
				t.Errorf("%d label variants, want %d", count(schema.CodeLabelVariant), len(sp.typos))
			}
			if sp.missing != "" && (tr.Tables.Get(sp.missing) != nil || find(schema.CodeMissingTable, sp.missing, "", "") == nil) {
				t.Errorf("table %s should be missing", sp.missing)
			}
			// The layout does not fit the year, or the requests table prints
			// the other template's （六） rows.
			wantMismatch := schema.TemplateForYear(sp.year) != sp.tpl || sp.other2019 && sp.year >= 2021
			if (count(schema.CodeTemplateMismatch) == 1) != wantMismatch {
				t.Errorf("template_mismatch: got %d, want %v", count(schema.CodeTemplateMismatch), wantMismatch)
			}
			if tr.Report.Template != sp.tpl || tr.Report.Year != sp.year || tr.Report.Organ != sp.organ {
				t.Errorf("report %+v", tr.Report)
			}
			if sp.other2019 && (tr.Tables.Requests.Row("other") == nil || tr.Tables.Requests.Row("other_other") != nil) {
				t.Error("requests table should have the 2019 other row only")
			}
			// The document shows the title, the section headings and every
			// printed row label.
			text := docText(t, o.docx)
			flat := strings.ReplaceAll(text, "\n", "")
			if !strings.Contains(flat, tr.Report.Title) {
				t.Errorf("title %q not in the document", tr.Report.Title)
			}
			for _, s := range tr.Sections {
				if !strings.Contains(text, s.Heading) {
					t.Errorf("heading %q not in the document", s.Heading)
				}
			}
			// Cross-check every truth value against the printed text of its
			// cell: the number, in some printed form, is in the document.
			for _, key := range []string{tA, tR, tC} {
				tb := tr.Tables.Get(key)
				if tb == nil {
					continue
				}
				for _, r := range tb.Rows {
					for _, c := range r.Cells {
						if c.Value == nil {
							continue
						}
						v := *c.Value
						if !strings.Contains(flat, schema.FormatNumber(v)) && !strings.Contains(flat, formatNumber(v, true)) &&
							!strings.Contains(flat, fullWidth(schema.FormatNumber(v))) && v != 0 {
							t.Errorf("%s.%s.%s = %v not printed", key, r.Key, c.Column, v)
						}
					}
				}
			}
			// The truth file round-trips through the schema types.
			data, err := marshalTruth(tr)
			if err != nil {
				t.Fatal(err)
			}
			var back truthFile
			if err := json.Unmarshal(data, &back); err != nil {
				t.Fatal(err)
			}
			again, err := marshalTruth(&back)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(data, again) {
				t.Error("truth does not round-trip")
			}
		})
	}
}

func TestInvalidFiles(t *testing.T) {
	openZip := func(name string) (*zip.Reader, error) {
		data := generatedFile(t, "invalid/"+name)
		return zip.NewReader(bytes.NewReader(data), int64(len(data)))
	}
	for _, name := range []string{"empty.docx", "not-a-zip.docx", "truncated.docx", "corrupt-central-directory.docx", "encrypted.docx"} {
		if _, err := openZip(name); err == nil {
			t.Errorf("%s opens as a zip", name)
		}
	}
	part := func(name, part string) ([]byte, error) {
		zr, err := openZip(name)
		if err != nil {
			return nil, err
		}
		for _, f := range zr.File {
			if f.Name == part {
				return readZipFile(f)
			}
		}
		return nil, errNoPart(part)
	}
	if data, err := part("corrupt-deflate.docx", "word/document.xml"); err == nil && wellFormed(data) == nil {
		t.Error("corrupt-deflate.docx: document.xml reads fine")
	}
	if _, err := part("no-document-xml.docx", "word/document.xml"); !errors.Is(err, errNoPart("word/document.xml")) {
		t.Errorf("no-document-xml.docx: %v", err)
	}
	if data, err := part("malformed-xml.docx", "word/document.xml"); err != nil || wellFormed(data) == nil {
		t.Errorf("malformed-xml.docx: want readable but malformed XML, got err %v", err)
	}
	data, err := part("deep-nesting.docx", "word/document.xml")
	if err != nil || wellFormed(data) != nil {
		t.Fatalf("deep-nesting.docx: want well-formed XML: %v", err)
	}
	if n := bytes.Count(data, []byte("<w:tbl>")); n != 20000 {
		t.Errorf("deep-nesting.docx: %d nested tables", n)
	}
	if b := generatedFile(t, "invalid/zip-bomb.docx"); len(b) > 2<<20 {
		t.Errorf("zip-bomb.docx is %d bytes, want < 2 MiB", len(b))
	}
}

type errNoPart string

func (e errNoPart) Error() string { return "no part " + string(e) }

// TestZipBomb inflates the bomb's document part: it must really reach the
// declared size, just over 1 GiB, with a correct checksum.
func TestZipBomb(t *testing.T) {
	if testing.Short() {
		t.Skip("inflates 1 GiB")
	}
	data := generatedFile(t, "invalid/zip-bomb.docx")
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name != "word/document.xml" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		n, err := io.Copy(io.Discard, rc) // archive/zip checks size and CRC at EOF
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if n != BombSize() || n <= 1<<30 || f.UncompressedSize64 != uint64(n) {
			t.Errorf("inflated %d bytes, declared %d, want %d > 1 GiB", n, f.UncompressedSize64, BombSize())
		}
		return
	}
	t.Fatal("no word/document.xml")
}

// TestEncryptedCFB walks the compound file like a reader would: header,
// FAT, directory, and the two streams.
func TestEncryptedCFB(t *testing.T) {
	d := generatedFile(t, "invalid/encrypted.docx")
	le := binary.LittleEndian
	if !bytes.HasPrefix(d, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}) || len(d)%512 != 0 {
		t.Fatal("not a CFB file")
	}
	sector := func(i uint32) []byte { return d[512+int(i)*512 : 512+int(i+1)*512] }
	fat := sector(le.Uint32(d[76:]))
	next := func(s uint32) uint32 { return le.Uint32(fat[4*s:]) }
	dir := sector(le.Uint32(d[48:]))
	minifat := sector(le.Uint32(d[60:]))
	var ministream []byte
	for s := le.Uint32(dir[116:]); s != cfbEnd; s = next(s) {
		ministream = append(ministream, sector(s)...)
	}
	streams := map[string][]byte{}
	for e := 1; e < 4; e++ {
		ent := dir[e*128 : (e+1)*128]
		if ent[66] != 2 {
			continue
		}
		u := make([]uint16, le.Uint16(ent[64:])/2-1)
		for i := range u {
			u[i] = le.Uint16(ent[2*i:])
		}
		name := string(utf16.Decode(u))
		start, size := le.Uint32(ent[116:]), int(le.Uint64(ent[120:]))
		var data []byte
		if size < 4096 {
			for s := start; s != cfbEnd; s = le.Uint32(minifat[4*s:]) {
				data = append(data, ministream[64*s:64*s+64]...)
			}
		} else {
			for s := start; s != cfbEnd; s = next(s) {
				data = append(data, sector(s)...)
			}
		}
		if len(data) < size {
			t.Fatalf("%s: chain holds %d bytes, size %d", name, len(data), size)
		}
		streams[name] = data[:size]
	}
	info, pkg := streams["EncryptionInfo"], streams["EncryptedPackage"]
	if !bytes.HasPrefix(info, []byte{4, 0, 4, 0, 0x40, 0, 0, 0}) || !bytes.Contains(info, []byte("<encryption ")) {
		t.Errorf("EncryptionInfo: %q", info[:min(len(info), 40)])
	}
	if len(pkg) < 8 || int(le.Uint64(pkg)) > len(pkg)-8 {
		t.Errorf("EncryptedPackage of %d bytes", len(pkg))
	}
}

func TestImageOnlyPDF(t *testing.T) {
	d := generatedFile(t, "invalid/image-only.pdf")
	i := bytes.LastIndex(d, []byte("startxref\n"))
	if i < 0 {
		t.Fatal("no startxref")
	}
	var xref int
	fmt.Sscan(string(d[i+len("startxref\n"):]), &xref)
	if !bytes.HasPrefix(d[xref:], []byte("xref\n0 7\n")) {
		t.Fatalf("startxref %d does not point at the xref table", xref)
	}
	lines := strings.Split(string(d[xref:]), "\n")[3:9]
	for n, l := range lines {
		off, err := strconv.Atoi(l[:10])
		if err != nil || !bytes.HasPrefix(d[off:], fmt.Appendf(nil, "%d 0 obj", n+1)) {
			t.Errorf("xref entry %d (%q) does not point at its object", n+1, l)
		}
	}
	if bytes.Contains(d, []byte("/Font")) || bytes.Contains(d, []byte(" Tj")) {
		t.Error("the PDF has text")
	}
	// The image decodes to its declared size.
	s := bytes.Index(d, []byte("stream\n")) + len("stream\n")
	var img []byte
	for p := s; d[p] != 128; {
		n := int(d[p])
		if n < 128 {
			img = append(img, d[p+1:p+2+n]...)
			p += n + 2
		} else {
			img = append(img, bytes.Repeat(d[p+1:p+2], 257-n)...)
			p += 2
		}
	}
	if len(img) != 496*702 {
		t.Errorf("image decodes to %d bytes", len(img))
	}
}

func TestDeflateFixed(t *testing.T) {
	r := newRNG(7)
	random := make([]byte, 70000)
	for i := range random {
		random[i] = byte(r.next())
	}
	inputs := map[string][]byte{
		"empty":  nil,
		"short":  []byte("ab"),
		"run":    bytes.Repeat([]byte{'x'}, 100000),
		"random": random,
		"xml":    bytes.Repeat([]byte(`<w:p><w:r><w:t>政府信息公开</w:t></w:r></w:p>`), 3000),
		"docx":   generatedFile(t, "truth/long.json"),
	}
	for name, in := range inputs {
		out, err := io.ReadAll(flate.NewReader(bytes.NewReader(deflateFixed(in))))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if !bytes.Equal(out, in) {
			t.Errorf("%s: round trip differs", name)
		}
	}
}

func TestNormalizePDF(t *testing.T) {
	pdf := func(date, id, sum string) []byte {
		return []byte("%PDF-1.4\n1 0 obj\n<</Producer(x)/CreationDate(D:" + date + "Z')>>\nendobj\ntrailer\n<</Size 2\n/ID [ <" + id + ">\n<" + id + "> ]\n/DocChecksum /" + sum + "\n>>\nstartxref\n9\n%%EOF\n")
	}
	a := pdf("20261129092604", "AF3E3AEB607446C46F521F093A1B8082", "D1424491F44F42437D8CF99175558FE3")
	b := pdf("20251231235959", "0123456789ABCDEF0123456789ABCDEF", "EF338A7FEA3DF8926FDA53EA336DE1EA")
	na, nb := NormalizePDF(a), NormalizePDF(b)
	if len(na) != len(a) {
		t.Errorf("length changed: %d → %d", len(a), len(na))
	}
	if !bytes.Equal(na, nb) {
		t.Errorf("runs differ after normalising:\n%s\n%s", na, nb)
	}
	if !bytes.Contains(na, []byte("D:20000101000000Z")) || bytes.Contains(na, []byte("AF3E3AEB")) {
		t.Errorf("not normalised: %s", na)
	}
	c := NormalizePDF(bytes.Replace(a, []byte("Producer(x)"), []byte("Producer(y)"), 1))
	if bytes.Equal(c[bytes.Index(c, []byte("/ID")):], na[bytes.Index(na, []byte("/ID")):]) {
		t.Error("the /ID does not depend on the content")
	}
}

func BenchmarkFiles(b *testing.B) {
	for b.Loop() {
		if _, err := Files(); err != nil {
			b.Fatal(err)
		}
	}
}
