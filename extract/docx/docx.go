package docx

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/nianbao/nianbao/extract/layout"
)

// Options configures the reader. The zero value works: every limit left at
// zero takes the default documented on its field.
type Options struct {
	// MaxPartBytes bounds the decompressed size of each package part the
	// reader inflates (the main document, styles, numbering, relationships).
	// A part is held in memory while it is read (the styles part while the
	// body is read), so this also bounds the memory it takes. Zero means
	// 64 MiB.
	MaxPartBytes int64
	// MaxTotalBytes bounds the decompressed bytes of all parts read
	// together. Zero means 256 MiB.
	MaxTotalBytes int64
	// MaxDepth bounds the element nesting depth of every XML part. Zero
	// means 256; values above 10 000 are treated as 10 000 (the reader
	// recurses per level).
	MaxDepth int
	// MaxTableCells bounds the grid of each table, rows × columns after
	// merged cells are resolved. Zero means 250 000.
	MaxTableCells int
	// MaxTableDepth bounds how deeply tables may nest inside table cells
	// (a top-level table has depth 1). Zero means 8. A nested table's text
	// is repeated in the Text of every enclosing cell, so this also bounds
	// how much the text can grow.
	MaxTableDepth int
}

// Default limits, used for the zero fields of Options.
const (
	DefaultMaxPartBytes  = 64 << 20
	DefaultMaxTotalBytes = 256 << 20
	DefaultMaxDepth      = 256
	DefaultMaxTableCells = 250_000
	DefaultMaxTableDepth = 8

	maxDepthCap = 10_000
)

func (o Options) withDefaults() Options {
	if o.MaxPartBytes <= 0 {
		o.MaxPartBytes = DefaultMaxPartBytes
	}
	if o.MaxTotalBytes <= 0 {
		o.MaxTotalBytes = DefaultMaxTotalBytes
	}
	if o.MaxDepth <= 0 {
		o.MaxDepth = DefaultMaxDepth
	}
	o.MaxDepth = min(o.MaxDepth, maxDepthCap)
	if o.MaxTableCells <= 0 {
		o.MaxTableCells = DefaultMaxTableCells
	}
	if o.MaxTableDepth <= 0 {
		o.MaxTableDepth = DefaultMaxTableDepth
	}
	return o
}

// Sentinel errors. Every error Read returns wraps exactly one of them.
var (
	// ErrNotDOCX: the input is not a zip package holding a Word document
	// (another format, an empty file, a zip without word/document.xml, or
	// an OLE compound file such as a Word 97-2003 .doc).
	ErrNotDOCX = errors.New("docx: not a Word .docx document")
	// ErrEncrypted: the file is an OLE container holding an encrypted package.
	ErrEncrypted = errors.New("docx: password-protected (encrypted) document")
	// ErrLimit: a limit of [Options] was hit; the error is a *[LimitError].
	ErrLimit = errors.New("docx: limit exceeded")
	// ErrCorrupt: the package is damaged: a truncated zip, bad compressed
	// data, a checksum mismatch, or malformed XML in the main document.
	ErrCorrupt = errors.New("docx: damaged document")
)

// LimitError reports which limit of [Options] was hit. It wraps [ErrLimit].
type LimitError struct {
	// Limit is the name of the Options field: "MaxPartBytes",
	// "MaxTotalBytes", "MaxDepth", "MaxTableCells" or "MaxTableDepth".
	Limit string
	// Value is the amount reached when reading stopped (it may be the
	// first value over the limit, not the full amount the file holds).
	Value int64
	// Max is the limit in force.
	Max int64
	// Part is the package part being read, such as "word/document.xml".
	Part string
}

func (e *LimitError) Error() string {
	what := map[string]string{
		"MaxPartBytes":  "decompressed bytes in one part",
		"MaxTotalBytes": "decompressed bytes in all parts",
		"MaxDepth":      "XML nesting depth",
		"MaxTableCells": "table cells (rows × columns)",
		"MaxTableDepth": "table nesting depth",
	}[e.Limit]
	if what == "" {
		what = "value"
	}
	return fmt.Sprintf("docx: %s: limit %s exceeded: %s reached %d, maximum %d",
		e.Part, e.Limit, what, e.Value, e.Max)
}

// Unwrap returns ErrLimit.
func (e *LimitError) Unwrap() error { return ErrLimit }

// ReadFile reads the .docx document at path. See [Read].
func ReadFile(path string, opts Options) (*layout.Document, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return nil, fmt.Errorf("docx: %s: is a directory", path)
	}
	return Read(f, st.Size(), opts)
}

// Read reads a .docx document of size bytes from r into the layout model:
// the paragraphs and tables of the main document body in order. See the
// package documentation for what is read and what is guaranteed.
func Read(r io.ReaderAt, size int64, opts Options) (*layout.Document, error) {
	opts = opts.withDefaults()
	if size <= 0 {
		return nil, fmt.Errorf("%w: empty file", ErrNotDOCX)
	}
	var head [8]byte
	n, _ := r.ReadAt(head[:], 0)
	if bytes.HasPrefix(head[:n], oleMagic) {
		return nil, oleError(r, size)
	}
	zr, err := zip.NewReader(r, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		if bytes.HasPrefix(head[:n], []byte("PK")) {
			return nil, fmt.Errorf("%w: truncated or damaged zip archive: %v", ErrCorrupt, err)
		}
		return nil, fmt.Errorf("%w: not a zip archive (%v)", ErrNotDOCX, err)
	}
	pk := &pkg{opts: opts, files: make(map[string]*zip.File, len(zr.File))}
	for _, f := range zr.File {
		name := partName(f.Name)
		if _, dup := pk.files[name]; !dup {
			pk.files[name] = f
		}
	}
	return pk.read()
}

var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// oleError tells an encrypted package (an OLE compound file holding an
// EncryptionInfo stream) from any other OLE file, such as a .doc.
func oleError(r io.ReaderAt, size int64) error {
	name := []byte("E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00I\x00n\x00f\x00o\x00")
	const chunk = 1 << 20
	buf := make([]byte, chunk+len(name))
	// The directory sectors of a compound file can be anywhere; scan it all
	// in overlapping chunks, bounded by the file size.
	for off := int64(0); off < size; off += chunk {
		n, err := r.ReadAt(buf, off)
		if bytes.Contains(buf[:n], name) {
			return fmt.Errorf("%w (an OLE compound file with an EncryptionInfo stream)", ErrEncrypted)
		}
		if err != nil {
			break
		}
	}
	return fmt.Errorf("%w: an OLE compound file (a Word 97-2003 .doc, not a .docx)", ErrNotDOCX)
}

// partName canonicalises a zip entry name into a part name: forward
// slashes, no leading slash, lower case (part names are case-insensitive
// in OPC).
func partName(s string) string {
	s = strings.ReplaceAll(s, "\\", "/")
	s = strings.TrimLeft(s, "/")
	return strings.ToLower(s)
}

// pkg is one open package being read.
type pkg struct {
	opts     Options
	files    map[string]*zip.File
	total    int64 // decompressed bytes read so far, all parts
	warnings []string
}

const (
	relOfficeDocument = "/officeDocument"
	relStyles         = "/styles"
	relNumbering      = "/numbering"
)

func (pk *pkg) read() (*layout.Document, error) {
	main := ""
	rels, err := pk.rels("_rels/.rels", "")
	if err != nil {
		if errors.Is(err, ErrLimit) {
			return nil, err
		}
		pk.warn(fmt.Sprintf("package relationships unreadable: %v", err))
	}
	for _, r := range rels {
		if strings.HasSuffix(r.typ, relOfficeDocument) {
			main = r.target
			break
		}
	}
	if main == "" || pk.files[main] == nil {
		main = "word/document.xml"
	}
	if pk.files[main] == nil {
		if _, ok := pk.files["[content_types].xml"]; ok {
			return nil, fmt.Errorf("%w: the package has no main document (word/document.xml); it is not a Word document", ErrNotDOCX)
		}
		return nil, fmt.Errorf("%w: a zip archive without word/document.xml", ErrNotDOCX)
	}
	dir := path.Dir(main)
	relsName := path.Join(dir, "_rels", path.Base(main)+".rels")
	stylesName, numberingName := path.Join(dir, "styles.xml"), path.Join(dir, "numbering.xml")
	if _, ok := pk.files[relsName]; ok {
		rels, err := pk.rels(relsName, dir)
		if err != nil {
			if errors.Is(err, ErrLimit) {
				return nil, err
			}
			pk.warn(fmt.Sprintf("document relationships unreadable: %v", err))
		}
		for _, r := range rels {
			switch {
			case strings.HasSuffix(r.typ, relStyles):
				stylesName = r.target
			case strings.HasSuffix(r.typ, relNumbering):
				numberingName = r.target
			}
		}
	}

	st := newStyles()
	if pk.files[stylesName] != nil {
		// The styles part stays open while the body is read: its styles
		// are read when first used.
		x, release, err := pk.openPart(stylesName)
		if err == nil {
			defer release()
			err = st.index(x)
		}
		if err != nil {
			if errors.Is(err, ErrLimit) {
				return nil, err
			}
			pk.warn(fmt.Sprintf("styles ignored: %v", err))
			st = newStyles()
		}
	}
	st.warn = pk.warn
	num := newNumbering()
	if pk.files[numberingName] != nil {
		if err := pk.parsePart(numberingName, num.parse); err != nil {
			if errors.Is(err, ErrLimit) {
				return nil, err
			}
			pk.warn(fmt.Sprintf("numbering ignored (list labels are not rendered): %v", err))
			num = newNumbering()
		}
	}
	num.styles = st

	doc := &layout.Document{}
	b := &body{pk: pk, st: st, num: num}
	if err := pk.parsePart(main, func(x *xmlReader) error { return b.parse(x, doc) }); err != nil {
		return nil, err
	}
	doc.Warnings = pk.warnings
	return doc, nil
}

const maxWarnings = 50

func (pk *pkg) warn(s string) {
	switch {
	case len(pk.warnings) < maxWarnings:
		pk.warnings = append(pk.warnings, s)
	case len(pk.warnings) == maxWarnings:
		pk.warnings = append(pk.warnings, "further warnings omitted")
	}
}

// open returns a reader over the decompressed bytes of a part that stops
// with a *LimitError as soon as the part or the package total exceeds its
// limit. It never trusts the sizes the zip directory declares for anything
// but an early refusal.
func (pk *pkg) open(name string) (io.ReadCloser, error) {
	f := pk.files[name]
	if f == nil {
		return nil, fmt.Errorf("%w: part %s missing", ErrNotDOCX, name)
	}
	if f.UncompressedSize64 > uint64(pk.opts.MaxPartBytes) {
		return nil, &LimitError{Limit: "MaxPartBytes", Value: int64(min(f.UncompressedSize64, 1<<62)), Max: pk.opts.MaxPartBytes, Part: name}
	}
	if f.Flags&0x1 != 0 {
		return nil, fmt.Errorf("%w: %s: the zip entry is encrypted", ErrEncrypted, name)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrCorrupt, name, err)
	}
	return &limitedPart{rc: rc, pk: pk, name: name}, nil
}

type limitedPart struct {
	rc   io.ReadCloser
	pk   *pkg
	name string
	n    int64
}

func (l *limitedPart) Read(b []byte) (int, error) {
	n, err := l.rc.Read(b)
	l.n += int64(n)
	l.pk.total += int64(n)
	if l.n > l.pk.opts.MaxPartBytes {
		return 0, &LimitError{Limit: "MaxPartBytes", Value: l.n, Max: l.pk.opts.MaxPartBytes, Part: l.name}
	}
	if l.pk.total > l.pk.opts.MaxTotalBytes {
		return 0, &LimitError{Limit: "MaxTotalBytes", Value: l.pk.total, Max: l.pk.opts.MaxTotalBytes, Part: l.name}
	}
	if err != nil && err != io.EOF {
		return n, partReadError(l.name, err)
	}
	return n, err
}

// partReadError names the cause of a failure while inflating a part.
func partReadError(name string, err error) error {
	var flateErr flate.CorruptInputError
	switch {
	case errors.Is(err, zip.ErrFormat):
		return fmt.Errorf("%w: %s: the zip entry inflates to more data than it declares (damaged, or a zip bomb)", ErrCorrupt, name)
	case errors.Is(err, zip.ErrChecksum):
		return fmt.Errorf("%w: %s: checksum mismatch in the zip entry", ErrCorrupt, name)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("%w: %s: the zip entry's data ends early (truncated or damaged)", ErrCorrupt, name)
	case errors.As(err, &flateErr):
		return fmt.Errorf("%w: %s: bad compressed data in the zip entry (%v)", ErrCorrupt, name, err)
	}
	return fmt.Errorf("%w: %s: %v", ErrCorrupt, name, err)
}

func (l *limitedPart) Close() error { return l.rc.Close() }

// parsePart reads a part into memory (within the limits) and passes its
// XML to fn.
func (pk *pkg) parsePart(name string, fn func(*xmlReader) error) error {
	x, release, err := pk.openPart(name)
	if err != nil {
		return err
	}
	defer release()
	return fn(x)
}

// openPart reads a part into memory (within the limits) and returns a
// reader over its XML, valid until release is called.
func (pk *pkg) openPart(name string) (x *xmlReader, release func(), err error) {
	bp, err := pk.readPart(name)
	if err != nil {
		return nil, nil, err
	}
	x, err = newXMLReader(*bp, name, pk.opts.MaxDepth, pk.opts.MaxPartBytes)
	if err != nil {
		putPartBuf(bp)
		return nil, nil, err
	}
	return x, func() { x.release(); putPartBuf(bp) }, nil
}

// partBufs recycles the buffers parts are inflated into.
var partBufs sync.Pool

// maxPooledBuf is the largest buffer kept for reuse.
const maxPooledBuf = 4 << 20

func putPartBuf(bp *[]byte) {
	if cap(*bp) <= maxPooledBuf {
		*bp = (*bp)[:0]
		partBufs.Put(bp)
	}
}

// readPart inflates a part. The buffer grows with the bytes actually read,
// never from the size the zip declares, and not much past MaxPartBytes;
// the limits are enforced by open.
func (pk *pkg) readPart(name string) (*[]byte, error) {
	rc, err := pk.open(name)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	bp, _ := partBufs.Get().(*[]byte)
	if bp == nil {
		bp = new([]byte)
	}
	buf := (*bp)[:0]
	for {
		if len(buf) == cap(buf) {
			// Double, but not far past the limit: a part over it is
			// refused by the reader as soon as it is.
			grow := int64(max(64<<10, cap(buf)))
			if room := pk.opts.MaxPartBytes + 1 - int64(len(buf)); grow > room {
				grow = max(room, 512)
			}
			buf = slices.Grow(buf, int(grow))
		}
		n, err := rc.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			*bp = buf
			putPartBuf(bp)
			return nil, err
		}
	}
	*bp = buf
	return bp, nil
}

type rel struct{ typ, target string }

// rels reads a relationships part; targets are resolved against base (the
// directory of the source part) into part names. External targets are
// dropped.
func (pk *pkg) rels(name, base string) ([]rel, error) {
	if pk.files[name] == nil {
		return nil, nil
	}
	var out []rel
	err := pk.parsePart(name, func(x *xmlReader) error {
		return x.root(func(se startElement) error {
			return x.children(func(se startElement) error {
				if se.Name.Local == "Relationship" && !strings.EqualFold(se.attr("TargetMode"), "External") {
					t := se.attr("Target")
					if strings.HasPrefix(t, "/") {
						t = strings.TrimLeft(t, "/")
					} else {
						t = path.Join(base, t)
					}
					out = append(out, rel{typ: se.attr("Type"), target: partName(path.Clean(t))})
				}
				return x.skip()
			})
		})
	})
	return out, err
}
