package export

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/nianbao/nianbao/schema"
)

// JSONLOptions configure a JSON Lines sink.
type JSONLOptions struct {
	// Pretty indents each object (no longer one per line; resume still
	// works).
	Pretty bool
	// Provenance keeps the provenance object of each report.
	Provenance bool
	// Resume keeps the records of an existing file and appends.
	Resume bool
}

// JSONL writes one JSON object per record (schema nianbao/v1): one per
// input file, when the caller writes a record for each (a file with the
// content of an earlier one included).
type JSONL struct {
	opts JSONLOptions
	f    *os.File // nil when writing to a stream
	w    *bufio.Writer
	enc  *json.Encoder
	name string
	// Of the file being resumed: where each content's first record lies
	// (the keys Has reports), and the inputs (path and key) it has
	// records for.
	at    map[string]span
	files *fileSet
}

// span is where a record lies in the file.
type span struct{ off, n int64 }

// NewJSONL writes to a stream, such as standard output.
func NewJSONL(w io.Writer, opts JSONLOptions) *JSONL {
	j := &JSONL{opts: opts, w: bufio.NewWriterSize(w, 64<<10), name: "output"}
	j.init()
	return j
}

// CreateJSONL writes to the file at path: a new file, or with
// opts.Resume the end of an existing one, after its damaged end (a record
// cut short by a killed run) is removed.
func CreateJSONL(path string, opts JSONLOptions) (*JSONL, error) {
	j := &JSONL{opts: opts, name: path, at: map[string]span{}, files: newFileSet()}
	var f *os.File
	var err error
	if opts.Resume {
		f, err = os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
		if err == nil {
			err = j.scan(f)
		}
	} else {
		f, err = os.Create(path)
	}
	if err != nil {
		if f != nil {
			f.Close()
		}
		return nil, err
	}
	j.f = f
	j.w = bufio.NewWriterSize(f, 64<<10)
	j.init()
	return j, nil
}

func (j *JSONL) init() {
	j.enc = json.NewEncoder(j.w)
	j.enc.SetEscapeHTML(false)
	if j.opts.Pretty {
		j.enc.SetIndent("", "  ")
	}
}

// scan reads the keys of the records in f, cuts a damaged last record and
// leaves f positioned at its end.
func (j *JSONL) scan(f *os.File) error {
	dec := json.NewDecoder(bufio.NewReaderSize(f, 1<<20))
	var good int64
	for {
		var rec struct {
			Source schema.Source `json:"source"`
		}
		start := dec.InputOffset()
		err := dec.Decode(&rec)
		if err == io.EOF {
			break
		}
		if err != nil {
			if err := j.cutTail(f, good); err != nil {
				return err
			}
			break
		}
		good = dec.InputOffset()
		if rec.Source.File == "" && rec.Source.SHA256 == "" {
			return fmt.Errorf("%w: %s: the record ending at byte %d is not a nianbao report", ErrDamaged, j.name, good)
		}
		key := Key(&schema.Report{Source: rec.Source})
		if _, seen := j.at[key]; !seen {
			j.at[key] = span{start, good - start}
		}
		j.files.add(rec.Source.File, key)
	}
	end, err := f.Seek(0, io.SeekEnd)
	if err != nil {
		return err
	}
	// A record cut right after its closing brace lacks its newline.
	if end > 0 {
		last := make([]byte, 1)
		if _, err := f.ReadAt(last, end-1); err != nil {
			return err
		}
		if last[0] != '\n' {
			if _, err := f.Write([]byte{'\n'}); err != nil {
				return err
			}
		}
	}
	return nil
}

// maxTail bounds the damaged end that resuming cuts away: one record.
const maxTail = 256 << 20

// cutTail truncates f at good, the end of the last complete record, if
// what follows is one record cut short; anything else is refused.
func (j *JSONL) cutTail(f *os.File, good int64) error {
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if st.Size()-good > maxTail {
		return fmt.Errorf("%w: %s: %d bytes after the last complete record at byte %d", ErrDamaged, j.name, st.Size()-good, good)
	}
	rest := make([]byte, st.Size()-good)
	if _, err := f.ReadAt(rest, good); err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	rest = bytes.TrimLeft(rest, " \t\r\n")
	if len(rest) > 0 && (rest[0] != '{' || bytes.Contains(rest, []byte("\n{"))) {
		return fmt.Errorf("%w: %s: the text after byte %d is not a JSON record cut short by an interrupted run", ErrDamaged, j.name, good)
	}
	return f.Truncate(good)
}

// Has implements Sink.
func (j *JSONL) Has(key string) bool {
	_, ok := j.at[key]
	return ok
}

// Len is the number of records the file held when opened.
func (j *JSONL) Len() int { return len(j.at) }

// Write implements Sink.
func (j *JSONL) Write(rec *Record) error {
	rep := rec.Report
	if j.files != nil {
		// Resuming: an input the file has a record for is not written
		// again.
		key := Key(rep)
		if j.files.has(rep.Source.File, key) {
			return nil
		}
		j.files.add(rep.Source.File, key)
	}
	return wrapf(j.encode(rep), "export: writing %s", j.name)
}

func (j *JSONL) encode(rep *schema.Report) error {
	if !j.opts.Provenance && rep.Provenance != nil {
		cp := *rep
		cp.Provenance = nil
		rep = &cp
	}
	return j.enc.Encode(rep)
}

// WriteFile implements Sink. JSON Lines has no files rows but a record
// per input: an input whose content the resumed file already holds under
// another path ([FileDone]) gets a copy of that record with its own path,
// as a run from the start would have written (the caller reads such an
// input again when its content is new to the file, see
// batch.Options.ReadDuplicates).
func (j *JSONL) WriteFile(row *FileRow) error {
	sp, ok := j.at[row.SHA256]
	if row.Status != FileDone || !ok || j.files.has(row.Path, row.SHA256) {
		return nil
	}
	b := make([]byte, sp.n)
	if _, err := j.f.ReadAt(b, sp.off); err != nil {
		return wrapf(err, "export: reading %s", j.name)
	}
	var rep schema.Report
	if err := json.Unmarshal(b, &rep); err != nil {
		return fmt.Errorf("%w: %s: the record at byte %d: %v", ErrDamaged, j.name, sp.off, err)
	}
	rep.Source.File = row.Path
	j.files.add(row.Path, row.SHA256)
	return wrapf(j.encode(&rep), "export: writing %s", j.name)
}

// Close implements Sink.
func (j *JSONL) Close() error {
	err := j.w.Flush()
	if j.f != nil {
		if cerr := j.f.Close(); err == nil {
			err = cerr
		}
	}
	return wrapf(err, "export: writing %s", j.name)
}
