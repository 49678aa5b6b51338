package export

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"

	"github.com/nianbao/nianbao/schema"
)

// CSVOptions configure a CSV sink.
type CSVOptions struct {
	// Resume learns the documents already in the files and appends.
	Resume bool
	// BOM starts each new file with a UTF-8 byte-order mark, which Excel
	// needs to read UTF-8.
	BOM bool
	// Suffix is added to the file names (documents-SUFFIX.csv), e.g. the
	// shard; "" means documents.csv.
	Suffix string
	// Version is written to documents.nianbao_version.
	Version string
}

// flushDocs is how many documents rows wait before the files are written
// out (children first, then documents, then files rows); flushFiles is
// the same for files rows.
const (
	flushDocs  = 64
	flushFiles = 1024
)

// CSV writes the five tables as CSV files in a directory.
type CSV struct {
	opts  CSVOptions
	dir   string
	files [nTables]*os.File
	// sections, cells and findings go through bufio; documents and files
	// rows wait in docBuf and fileBuf, so that a documents row reaches its
	// file after the rows of its children, and a files row after the
	// documents row it points to.
	w        [nTables]*bufio.Writer
	cw       [nTables]*csv.Writer
	docBuf   bytes.Buffer
	docRows  int
	docOpen  bool // a document is written, its files row not yet
	fileBuf  bytes.Buffer
	fileRows int
	keys     keySet
	held     *fileSet
}

// bom is the UTF-8 byte-order mark.
const bom = "\uFEFF"

// CSVFile is the name of a table's file in the directory.
func CSVFile(tableName, suffix string) string {
	if suffix == "" {
		return tableName + ".csv"
	}
	return tableName + "-" + suffix + ".csv"
}

// OpenCSV opens the five files in dir (creating dir if needed). Without
// Resume, existing non-empty files are an error ([ErrExists]).
func OpenCSV(dir string, opts CSVOptions) (*CSV, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	c := &CSV{opts: opts, dir: dir, keys: keySet{}, held: newFileSet()}
	if err := c.open(); err != nil {
		c.closeFiles()
		return nil, err
	}
	return c, nil
}

func (c *CSV) path(i int) string {
	return filepath.Join(c.dir, CSVFile(allTables[i].name, c.opts.Suffix))
}

func (c *CSV) open() error {
	sizes := [nTables]int64{}
	for i := range allTables {
		st, err := os.Stat(c.path(i))
		if err == nil {
			sizes[i] = st.Size()
		}
		if sizes[i] > 0 && !c.opts.Resume {
			return fmt.Errorf("%w: %s", ErrExists, c.path(i))
		}
	}
	for i := range allTables {
		f, err := os.OpenFile(c.path(i), os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		c.files[i] = f
	}
	if c.opts.Resume {
		if err := c.repair(); err != nil {
			return err
		}
	}
	for i, t := range allTables {
		f := c.files[i]
		end, err := f.Seek(0, io.SeekEnd)
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		if end > 0 && end <= int64(len(bom)) { // a byte-order mark alone: start again
			if err := f.Truncate(0); err != nil {
				return fmt.Errorf("export: %w", err)
			}
			if end, err = f.Seek(0, io.SeekStart); err != nil {
				return fmt.Errorf("export: %w", err)
			}
		}
		switch i {
		case tDocuments:
			c.cw[i] = csv.NewWriter(&c.docBuf)
		case tFiles:
			c.cw[i] = csv.NewWriter(&c.fileBuf)
		default:
			c.w[i] = bufio.NewWriterSize(f, 64<<10)
			c.cw[i] = csv.NewWriter(c.w[i])
		}
		c.cw[i].UseCRLF = true
		if end == 0 {
			if c.opts.BOM {
				if _, err := f.WriteString(bom); err != nil {
					return fmt.Errorf("export: %w", err)
				}
			}
			// The header goes straight to the file.
			hw := csv.NewWriter(f)
			hw.UseCRLF = true
			hw.Write(t.names())
			if hw.Flush(); hw.Error() != nil {
				return fmt.Errorf("export: %w", hw.Error())
			}
		}
	}
	return c.flush()
}

// keyField matches the start of a record of the tables keyed by their
// first field, a content key; fileRecord matches a whole record of the
// files table.
var (
	keyField   = regexp.MustCompile(`\r\n(?:[0-9a-f]{64}|"?path:)`)
	fileRecord = regexp.MustCompile(`,(?:[0-9a-f]{64}|"?path:[^\r\n]*),\d*,(?:` + FileRead + `|` + FileDuplicate + `|` + FileDone + `),\d{4}-`)
)

// readTable parses the file of table t and calls row with each record
// and the offsets where the record starts and ends. It returns the offset
// after the last complete record; a damaged end (one record cut short by a
// killed run) is reported by cut = true, anything else damaged is an
// error.
func readTable(f *os.File, name string, t *table, row func(rec []string, start, end int64) error) (good int64, cut bool, err error) {
	ncols := len(t.columns)
	another := keyField
	if t.key != 0 {
		another = fileRecord
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return 0, false, err
	}
	br := bufio.NewReaderSize(f, 1<<20)
	var skip int64
	if head, _ := br.Peek(len(bom)); string(head) == bom {
		br.Discard(len(bom))
		skip = int64(len(bom))
	}
	r := csv.NewReader(br)
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	good = skip
	header := true
	type pending struct {
		rec        []string
		start, end int64
	}
	var pend *pending
	// accept takes the pending record as complete: it was followed by
	// another one, or by the end of the file after its line break.
	accept := func() error {
		if pend == nil {
			return nil
		}
		p := pend
		pend = nil
		if len(p.rec) != ncols {
			return fmt.Errorf("%w: %s: the record at byte %d has %d fields, want %d", ErrDamaged, name, p.start, len(p.rec), ncols)
		}
		if header {
			header = false
		} else if err := row(p.rec, p.start, p.end); err != nil {
			return err
		}
		good = p.end
		return nil
	}
	for {
		rec, rerr := r.Read()
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			if err := accept(); err != nil {
				return 0, false, err
			}
			// Cut short only if no other record starts after it.
			st, err := f.Stat()
			if err != nil {
				return 0, false, err
			}
			if st.Size()-good > maxTail {
				return 0, false, fmt.Errorf("%w: %s: damaged after byte %d", ErrDamaged, name, good)
			}
			rest := make([]byte, st.Size()-good)
			if _, err := f.ReadAt(rest, good); err != nil && !errors.Is(err, io.EOF) {
				return 0, false, err
			}
			if another.Match(rest) {
				return 0, false, fmt.Errorf("%w: %s: damaged record at byte %d: %v", ErrDamaged, name, good, rerr)
			}
			return good, true, nil
		}
		if err := accept(); err != nil {
			return 0, false, err
		}
		pend = &pending{rec: slices.Clone(rec), start: good, end: skip + r.InputOffset()}
	}
	if pend == nil {
		return good, false, nil
	}
	last := make([]byte, 1)
	if _, err := f.ReadAt(last, pend.end-1); err != nil {
		return 0, false, err
	}
	if last[0] != '\n' || len(pend.rec) != ncols {
		return good, true, nil // the last record lacks its end
	}
	return good, false, accept()
}

// repair learns the documents in documents.csv and the rows of
// files.csv, cuts a record cut short at the end of any file, and removes
// the rows of the other tables that belong to documents without a
// documents row (written by a run killed before it wrote that row).
func (c *CSV) repair() error {
	f := c.files[tDocuments]
	good, cut, err := readTable(f, c.path(tDocuments), allTables[tDocuments], func(rec []string, _, _ int64) error {
		c.keys[rec[0]] = struct{}{}
		return nil
	})
	if err != nil {
		return err
	}
	if cut {
		if err := f.Truncate(good); err != nil {
			return err
		}
	}
	for i := tSections; i < nTables; i++ {
		t := allTables[i]
		orphan := int64(-1)
		good, cut, err := readTable(c.files[i], c.path(i), t, func(rec []string, start, _ int64) error {
			key := rec[t.key]
			switch {
			case !c.keys.Has(key) && orphan < 0:
				orphan = start
			case c.keys.Has(key) && orphan >= 0:
				return fmt.Errorf("%w: %s: rows of a written document follow rows of an unwritten one (byte %d)", ErrDamaged, c.path(i), start)
			}
			if i == tFiles && orphan < 0 {
				c.held.add(rec[0], key)
			}
			return nil
		})
		if err != nil {
			return err
		}
		switch {
		case orphan >= 0:
			err = c.files[i].Truncate(orphan)
		case cut:
			err = c.files[i].Truncate(good)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// Has implements Sink.
func (c *CSV) Has(key string) bool { return c.keys.Has(key) }

// Len is the number of documents the files held when opened.
func (c *CSV) Len() int { return len(c.keys) }

func csvValue(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return schema.FormatNumber(x)
	}
	return fmt.Sprint(v)
}

func (c *CSV) writeRow(i int, vals []any) error {
	rec := make([]string, len(vals))
	for k, v := range vals {
		rec[k] = csvValue(v)
	}
	return c.cw[i].Write(rec)
}

// Write implements Sink.
func (c *CSV) Write(rec *Record) error {
	if c.keys.Has(Key(rec.Report)) {
		return nil
	}
	if c.docOpen && c.docRows >= flushDocs {
		// The last record had no files row (the caller writes none).
		if err := c.flush(); err != nil {
			return err
		}
	}
	rows := Flatten(rec, c.opts.Version)
	var err error
	for k := range rows.Sections {
		err = errors.Join(err, c.writeRow(1, rows.Sections[k].values()))
	}
	for k := range rows.Cells {
		err = errors.Join(err, c.writeRow(2, rows.Cells[k].values()))
	}
	for k := range rows.Findings {
		err = errors.Join(err, c.writeRow(3, rows.Findings[k].values()))
	}
	err = errors.Join(err, c.writeRow(tDocuments, rows.Document.values()))
	if err != nil {
		return fmt.Errorf("export: %s: %w", c.dir, err)
	}
	c.docRows++
	// Flushed after its files row (see WriteFile), so that a run killed
	// in between does not leave the document without it.
	c.docOpen = true
	return nil
}

// WriteFile implements Sink. A row with the path and content of one the
// files already hold (named twice, or seen by an earlier run) is not
// written again.
func (c *CSV) WriteFile(row *FileRow) error {
	if c.held.has(row.Path, row.SHA256) {
		return nil
	}
	if err := c.writeRow(tFiles, row.values()); err != nil {
		return fmt.Errorf("export: %s: %w", c.path(tFiles), err)
	}
	c.held.add(row.Path, row.SHA256)
	c.fileRows++
	c.docOpen = false
	if c.fileRows >= flushFiles || c.docRows >= flushDocs {
		return c.flush()
	}
	return nil
}

// flush writes the child tables out first, then the waiting documents
// rows, then the files rows, so the documents file never names a document
// whose rows are not all written, and the files file never points to a
// documents row that is not written.
func (c *CSV) flush() error {
	for i := tSections; i <= tFindings; i++ {
		c.cw[i].Flush()
		if err := c.cw[i].Error(); err != nil {
			return fmt.Errorf("export: %s: %w", c.path(i), err)
		}
		if err := c.w[i].Flush(); err != nil {
			return fmt.Errorf("export: %s: %w", c.path(i), err)
		}
	}
	for _, t := range []struct {
		i   int
		buf *bytes.Buffer
	}{{tDocuments, &c.docBuf}, {tFiles, &c.fileBuf}} {
		c.cw[t.i].Flush()
		if err := c.cw[t.i].Error(); err != nil {
			return fmt.Errorf("export: %s: %w", c.path(t.i), err)
		}
		if _, err := c.files[t.i].Write(t.buf.Bytes()); err != nil {
			return fmt.Errorf("export: %s: %w", c.path(t.i), err)
		}
		t.buf.Reset()
	}
	c.docRows, c.fileRows = 0, 0
	return nil
}

func (c *CSV) closeFiles() error {
	var errs []error
	for i, f := range c.files {
		if f != nil {
			errs = append(errs, f.Close())
			c.files[i] = nil
		}
	}
	return errors.Join(errs...)
}

// Close implements Sink.
func (c *CSV) Close() error {
	err := c.flush()
	return errors.Join(err, c.closeFiles())
}
