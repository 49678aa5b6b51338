// Package extract turns one report file into a checked [schema.Report]:
// it sniffs the format by content, runs the reader (extract/docx,
// extract/pdf) into the shared layout model, locates the title, organ, year,
// the sections by their headings and the three standard tables by their
// labels, maps the tables' cells to the template keys, and runs
// [schema.Check].
//
// A file that cannot be read still gets a report: its source and an
// unreadable finding naming the cause. A panic inside a reader is recovered
// at the file boundary and reported the same way, as a bug, with the file
// name.
package extract

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"github.com/nianbao/nianbao/extract/docx"
	"github.com/nianbao/nianbao/extract/layout"
	"github.com/nianbao/nianbao/extract/pdf"
	"github.com/nianbao/nianbao/schema"
)

// Options configures extraction. The zero value works.
type Options struct {
	// Timeout bounds the work on one file. Zero means 60 seconds; a
	// negative value means no limit.
	Timeout time.Duration
	// MaxFileBytes is the largest input accepted. Zero means 200 MiB.
	MaxFileBytes int64
	// DOCX and PDF are passed to the readers.
	DOCX docx.Options
	PDF  pdf.Options
	// Logger receives debug messages; nil discards them.
	Logger *slog.Logger
}

func (o *Options) timeout() time.Duration {
	switch {
	case o.Timeout == 0:
		return 60 * time.Second
	case o.Timeout < 0:
		return 0
	}
	return o.Timeout
}

func (o *Options) maxFileBytes() int64 {
	if o.MaxFileBytes <= 0 {
		return 200 << 20
	}
	return o.MaxFileBytes
}

// Sentinel errors, wrapped in the errors Extract returns.
var (
	// ErrUnknownFormat: the content is neither a .docx nor a .pdf.
	ErrUnknownFormat = errors.New("extract: not a .docx or .pdf report")
	// ErrTooLarge: the file exceeds Options.MaxFileBytes.
	ErrTooLarge = errors.New("extract: file too large")
	// ErrTimeout: the per-file time limit was hit.
	ErrTimeout = errors.New("extract: time limit per file exceeded")
	// ErrPanic: a reader panicked; this is a bug in nianbao.
	ErrPanic = errors.New("extract: internal error (bug)")
)

// Format names a supported input format.
type Format string

// Formats.
const (
	FormatDOCX    Format = "docx"
	FormatPDF     Format = "pdf"
	FormatUnknown Format = ""
)

// Sniff tells the format from the first bytes of a file (at least 8 KiB
// when available), never from its name. It also recognises the OLE
// compound files that Word uses for .doc and for password-protected .docx,
// returning FormatUnknown with an error that says so.
func Sniff(head []byte) (Format, error) {
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")) || bytes.HasPrefix(head, []byte("PK\x05\x06")):
		return FormatDOCX, nil
	case bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}):
		if bytes.Contains(head, []byte("E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00I\x00n\x00f\x00o")) {
			return FormatUnknown, docx.ErrEncrypted
		}
		return FormatUnknown, ErrLegacyDOC
	}
	// %PDF- may follow some junk bytes (the PDF reference allows 1024).
	if i := bytes.Index(head[:min(len(head), 1024)], []byte("%PDF-")); i >= 0 {
		return FormatPDF, nil
	}
	if what := contentKind(head); what != "" {
		return FormatUnknown, fmt.Errorf("%w: %s", ErrUnknownFormat, what)
	}
	return FormatUnknown, ErrUnknownFormat
}

// contentKind says in a few words what a file that is not a report holds,
// when it can tell: what a person who expected a report needs to know.
func contentKind(head []byte) string {
	if len(head) == 0 {
		return "the file is empty"
	}
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	trim := bytes.TrimLeft(head, " \t\r\n")
	switch {
	case bytes.HasPrefix(trim, []byte("{\\rtf")):
		return "the content is an RTF document (save it as .docx)"
	case bytes.HasPrefix(trim, []byte("MIME-Version:")):
		return "the content is a web archive (MHTML, often a .doc saved from a web page)"
	}
	kind := http.DetectContentType(head)
	switch {
	case strings.HasPrefix(kind, "text/html"), strings.HasPrefix(kind, "text/xml"):
		return "the content is a web page (HTML or XML, often a .doc saved from a web page)"
	case strings.HasPrefix(kind, "image/"):
		return "the content is an image (" + strings.TrimPrefix(kind, "image/") + "), not a document with text"
	case strings.HasPrefix(kind, "text/plain"):
		return "the content is plain text"
	case kind == "application/x-gzip", kind == "application/x-rar-compressed", kind == "application/x-7z-compressed":
		return "the content is a compressed archive (" + kind + ")"
	}
	return ""
}

// File reads, locates and checks the report at path. It always returns a
// report; when the file cannot be read, the report has the source and an
// unreadable finding, and err is the cause (it names the file).
func File(ctx context.Context, path string, opts Options) (*schema.Report, error) {
	rep := &schema.Report{Schema: schema.Version, Source: schema.Source{File: path}}
	f, err := os.Open(path)
	if err != nil {
		return unreadable(rep, err), err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return unreadable(rep, err), err
	}
	if st.IsDir() {
		err := fmt.Errorf("%s: %w", path, errIsDir)
		return unreadable(rep, err), err
	}
	if st.Size() > opts.maxFileBytes() {
		err := fmt.Errorf("%s: %w (%d bytes, limit %d)", path, ErrTooLarge, st.Size(), opts.maxFileBytes())
		rep.Source.Bytes = st.Size()
		return unreadable(rep, err), err
	}
	data, err := io.ReadAll(io.LimitReader(f, opts.maxFileBytes()+1))
	if err != nil {
		err = fmt.Errorf("%s: %w", path, err)
		return unreadable(rep, err), err
	}
	return Bytes(ctx, path, data, opts)
}

// Bytes is File for a document already in memory; name is used for
// source.file and in messages only.
func Bytes(ctx context.Context, name string, data []byte, opts Options) (*schema.Report, error) {
	sum := sha256.Sum256(data)
	rep := &schema.Report{
		Schema: schema.Version,
		Source: schema.Source{File: name, SHA256: hex.EncodeToString(sum[:]), Bytes: int64(len(data))},
	}
	if int64(len(data)) > opts.maxFileBytes() {
		err := fmt.Errorf("%s: %w (%d bytes, limit %d)", name, ErrTooLarge, len(data), opts.maxFileBytes())
		return unreadable(rep, err), err
	}
	format, err := Sniff(data[:min(len(data), 8192)])
	rep.Source.Format = string(format)
	if err != nil {
		err = fmt.Errorf("%s: %w", name, err)
		return unreadable(rep, err), err
	}
	if d := opts.timeout(); d > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, d)
		defer cancel()
	}
	doc, err := read(ctx, format, data, opts)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			err = fmt.Errorf("%w (%v): %w", ErrTimeout, opts.timeout(), err)
		}
		err = fmt.Errorf("%s: %w", name, err)
		return unreadable(rep, err), err
	}
	if format == FormatPDF {
		pages := doc.Pages
		rep.Source.Pages = &pages
	}
	locate(rep, doc, opts.Logger)
	return rep, nil
}

// read runs the reader for format, turning a panic into ErrPanic.
func read(ctx context.Context, format Format, data []byte, opts Options) (doc *layout.Document, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %s reader panicked: %v\n%s", ErrPanic, format, r, debug.Stack())
		}
	}()
	ra := bytes.NewReader(data)
	switch format {
	case FormatDOCX:
		return docx.Read(ra, int64(len(data)), opts.DOCX)
	case FormatPDF:
		return pdf.Read(ctx, ra, int64(len(data)), opts.PDF)
	}
	return nil, ErrUnknownFormat
}

var errIsDir = errors.New("is a directory")

// unreadable records err as the report's unreadable finding: the reason
// in Chinese, then the error itself.
func unreadable(rep *schema.Report, err error) *schema.Report {
	rep.Sections = []schema.Section{}
	rep.Findings = []schema.Finding{{
		Code: schema.CodeUnreadable, Severity: schema.SeverityError,
		Text:    string(ReasonOf(err)),
		Message: "无法读取文件（" + ReasonOf(err).Describe() + "）：" + firstLine(err.Error()),
	}}
	return rep
}

func firstLine(s string) string {
	if i := bytes.IndexByte([]byte(s), '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
