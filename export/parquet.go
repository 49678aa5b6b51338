package export

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/zstd"
)

// ParquetOptions configure a Parquet sink.
type ParquetOptions struct {
	// Resume learns the documents already in the directory and adds new
	// parts.
	Resume bool
	// Prefix starts the names of this writer's part files (e.g. the shard),
	// so several writers can fill one directory; "" means none.
	Prefix string
	// PartDocs is the number of documents per part. Zero means 1000.
	PartDocs int
	// Version is written to documents.nianbao_version.
	Version string
}

// Parquet writes the five tables as Parquet datasets: DIR/documents/,
// DIR/sections/, DIR/cells/, DIR/findings/ and DIR/files/, each holding
// part files named [PREFIX-]part-NNNNN.parquet. Readers take a table's directory as
// one dataset (pyarrow.parquet.read_table("DIR/cells"), DuckDB
// read_parquet('DIR/cells/*.parquet')).
type Parquet struct {
	opts ParquetOptions
	dir  string
	seq  int // number of the part being written
	part *parquetPart
	keys keySet
	held *fileSet
	// docOpen: a document is written, its files row not yet.
	docOpen bool
}

// parquetPart is one part being written: five temporary files.
type parquetPart struct {
	seq       int
	files     [nTables]*os.File
	documents *parquet.GenericWriter[DocumentRow]
	sections  *parquet.GenericWriter[SectionRow]
	cells     *parquet.GenericWriter[CellRow]
	findings  *parquet.GenericWriter[FindingRow]
	paths     *parquet.GenericWriter[FileRow]
	docs      int
	fileRows  int
}

// OpenParquet prepares the five table directories under dir. Without
// Resume, part files of the same prefix are an error ([ErrExists]); with
// it, the documents of the complete parts are learnt, and the temporary
// files and incomplete parts of a killed run are removed.
func OpenParquet(dir string, opts ParquetOptions) (*Parquet, error) {
	p := &Parquet{opts: opts, dir: dir, keys: keySet{}, held: newFileSet()}
	for _, t := range allTables {
		if err := os.MkdirAll(filepath.Join(dir, t.name), 0o755); err != nil {
			return nil, fmt.Errorf("export: %w", err)
		}
	}
	parts, err := p.parts()
	if err != nil {
		return nil, err
	}
	complete := map[int]bool{}
	for _, pf := range parts[0] {
		complete[pf.seq] = true
		p.seq = max(p.seq, pf.seq)
	}
	for i := range allTables {
		for _, pf := range parts[i] {
			p.seq = max(p.seq, pf.seq)
		}
	}
	any := false
	for i := range allTables {
		any = any || len(parts[i]) > 0
	}
	if any && !opts.Resume {
		return nil, fmt.Errorf("%w: %s holds part files%s", ErrExists, dir, p.prefixNote())
	}
	if opts.Resume {
		// Temporary files and parts without their documents part are what
		// a killed run left.
		if err := p.removeTemps(); err != nil {
			return nil, err
		}
		for i := 1; i < len(allTables); i++ {
			for _, pf := range parts[i] {
				if !complete[pf.seq] {
					if err := os.Remove(pf.path); err != nil {
						return nil, fmt.Errorf("export: %w", err)
					}
				}
			}
		}
		for _, pf := range parts[tDocuments] {
			rows, err := parquet.ReadFile[DocumentRow](pf.path)
			if err != nil {
				return nil, fmt.Errorf("%w: %s: %w", ErrDamaged, pf.path, err)
			}
			for _, r := range rows {
				p.keys[r.SHA256] = struct{}{}
			}
		}
		for _, pf := range parts[tFiles] {
			if !complete[pf.seq] {
				continue // removed above
			}
			rows, err := parquet.ReadFile[FileRow](pf.path)
			if err != nil {
				return nil, fmt.Errorf("%w: %s: %w", ErrDamaged, pf.path, err)
			}
			for _, r := range rows {
				p.held.add(r.Path, r.SHA256)
			}
		}
	}
	return p, nil
}

func (p *Parquet) prefixNote() string {
	if p.opts.Prefix == "" {
		return ""
	}
	return " with prefix " + p.opts.Prefix
}

type partFile struct {
	seq  int
	path string
}

func (p *Parquet) namePattern() *regexp.Regexp {
	pre := ""
	if p.opts.Prefix != "" {
		pre = regexp.QuoteMeta(p.opts.Prefix) + "-"
	}
	return regexp.MustCompile(`^` + pre + `part-(\d+)\.parquet$`)
}

// partName is the file name of part seq.
func (p *Parquet) partName(seq int) string {
	pre := ""
	if p.opts.Prefix != "" {
		pre = p.opts.Prefix + "-"
	}
	return fmt.Sprintf("%spart-%05d.parquet", pre, seq)
}

// parts lists this writer's complete part files of each table.
func (p *Parquet) parts() ([nTables][]partFile, error) {
	var out [nTables][]partFile
	re := p.namePattern()
	for i, t := range allTables {
		ents, err := os.ReadDir(filepath.Join(p.dir, t.name))
		if err != nil {
			return out, fmt.Errorf("export: %w", err)
		}
		for _, e := range ents {
			m := re.FindStringSubmatch(e.Name())
			if m == nil {
				continue
			}
			n, _ := strconv.Atoi(m[1])
			out[i] = append(out[i], partFile{n, filepath.Join(p.dir, t.name, e.Name())})
		}
	}
	return out, nil
}

func (p *Parquet) removeTemps() error {
	for _, t := range allTables {
		d := filepath.Join(p.dir, t.name)
		ents, err := os.ReadDir(d)
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		for _, e := range ents {
			name := e.Name()
			if strings.HasPrefix(name, ".") && strings.HasSuffix(name, ".tmp") && p.namePattern().MatchString(strings.TrimSuffix(name[1:], ".tmp")) {
				if err := os.Remove(filepath.Join(d, name)); err != nil {
					return fmt.Errorf("export: %w", err)
				}
			}
		}
	}
	return nil
}

// Has implements Sink.
func (p *Parquet) Has(key string) bool { return p.keys.Has(key) }

// Len is the number of documents the directory held when opened.
func (p *Parquet) Len() int { return len(p.keys) }

func (p *Parquet) partDocs() int {
	if p.opts.PartDocs > 0 {
		return p.opts.PartDocs
	}
	return 1000
}

func (p *Parquet) tmpPath(i, seq int) string {
	return filepath.Join(p.dir, allTables[i].name, "."+p.partName(seq)+".tmp")
}

func (p *Parquet) finalPath(i, seq int) string {
	return filepath.Join(p.dir, allTables[i].name, p.partName(seq))
}

func (p *Parquet) newPart() error {
	p.seq++
	pt := &parquetPart{seq: p.seq}
	for i := range allTables {
		f, err := os.Create(p.tmpPath(i, pt.seq))
		if err != nil {
			for _, g := range pt.files {
				if g != nil {
					g.Close()
				}
			}
			return fmt.Errorf("export: %w", err)
		}
		pt.files[i] = f
	}
	opts := []parquet.WriterOption{
		parquet.Compression(&zstd.Codec{}),
		parquet.CreatedBy("nianbao", p.opts.Version, ""),
		parquet.MaxRowsPerRowGroup(128 << 10),
	}
	pt.documents = parquet.NewGenericWriter[DocumentRow](pt.files[0], opts...)
	pt.sections = parquet.NewGenericWriter[SectionRow](pt.files[1], opts...)
	pt.cells = parquet.NewGenericWriter[CellRow](pt.files[2], opts...)
	pt.findings = parquet.NewGenericWriter[FindingRow](pt.files[3], opts...)
	pt.paths = parquet.NewGenericWriter[FileRow](pt.files[tFiles], opts...)
	p.part = pt
	return nil
}

// Write implements Sink.
func (p *Parquet) Write(rec *Record) error {
	if p.keys.Has(Key(rec.Report)) {
		return nil
	}
	if p.docOpen && p.part != nil {
		// The last record had no files row (the caller writes none).
		if err := p.maybeFinish(); err != nil {
			return err
		}
	}
	if p.part == nil {
		if err := p.newPart(); err != nil {
			return err
		}
	}
	rows := Flatten(rec, p.opts.Version)
	pt := p.part
	_, err := pt.documents.Write([]DocumentRow{rows.Document})
	if err == nil && len(rows.Sections) > 0 {
		_, err = pt.sections.Write(rows.Sections)
	}
	if err == nil && len(rows.Cells) > 0 {
		_, err = pt.cells.Write(rows.Cells)
	}
	if err == nil && len(rows.Findings) > 0 {
		_, err = pt.findings.Write(rows.Findings)
	}
	if err != nil {
		return fmt.Errorf("export: %s: %w", p.dir, err)
	}
	pt.docs++
	// The part is finished after the document's files row (see
	// WriteFile), so that both are in the same part.
	p.docOpen = true
	return nil
}

// WriteFile implements Sink. A row with the path and content of one the
// dataset already holds (named twice, or seen by an earlier run) is not
// written again.
func (p *Parquet) WriteFile(row *FileRow) error {
	if p.held.has(row.Path, row.SHA256) {
		return nil
	}
	if p.part == nil {
		if err := p.newPart(); err != nil {
			return err
		}
	}
	if _, err := p.part.paths.Write([]FileRow{*row}); err != nil {
		return fmt.Errorf("export: %s: %w", p.dir, err)
	}
	p.held.add(row.Path, row.SHA256)
	p.part.fileRows++
	p.docOpen = false
	return p.maybeFinish()
}

// maybeFinish completes the part at PartDocs documents, or at 16 ×
// PartDocs files rows (a resumed run that skips many files).
func (p *Parquet) maybeFinish() error {
	if pt := p.part; pt.docs >= p.partDocs() || pt.fileRows >= 16*p.partDocs() {
		return p.finish()
	}
	return nil
}

// finish completes the current part: it closes the writers and renames
// the files, the documents part last.
func (p *Parquet) finish() error {
	pt := p.part
	if pt == nil {
		return nil
	}
	p.part = nil
	errs := []error{pt.sections.Close(), pt.cells.Close(), pt.findings.Close(), pt.paths.Close(), pt.documents.Close()}
	for _, f := range pt.files {
		errs = append(errs, f.Close())
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("export: %s: part %d: %w", p.dir, pt.seq, err)
	}
	// The documents part last: it makes the part complete.
	for _, i := range []int{tSections, tCells, tFindings, tFiles, tDocuments} {
		if err := os.Rename(p.tmpPath(i, pt.seq), p.finalPath(i, pt.seq)); err != nil {
			return fmt.Errorf("export: %w", err)
		}
	}
	return nil
}

// Close implements Sink: it completes the last part.
func (p *Parquet) Close() error { return p.finish() }
