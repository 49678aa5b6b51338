package cli

import (
	"archive/zip"
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/nianbao/nianbao/batch"
	"github.com/nianbao/nianbao/extract"
)

// inputsOf returns the inputs of an extract run: the paths named on the
// command line, then the lines of the --files-from list (each one a file
// or a directory, like an argument). The list is read as it is consumed,
// so a scheduler may feed standard input while the run goes on.
func inputsOf(paths []string, filesFrom string, stdin io.Reader) batch.Inputs {
	return func(ctx context.Context, yield func(string) bool) error {
		stopped := false
		each := func(q string) bool {
			if !yield(q) {
				stopped = true
				return false
			}
			return true
		}
		if err := walkInputs(ctx, paths, each); err != nil || stopped || ctx.Err() != nil {
			return err
		}
		if filesFrom == "" {
			return nil
		}
		var r io.Reader = stdin
		if filesFrom != "-" {
			f, err := os.Open(filesFrom)
			if err != nil {
				return err
			}
			defer f.Close()
			r = f
		}
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			p := strings.TrimSuffix(sc.Text(), "\r")
			if strings.TrimSpace(p) == "" {
				continue
			}
			if err := walkInputs(ctx, []string{p}, each); err != nil {
				return err
			}
			if stopped || ctx.Err() != nil {
				return nil
			}
		}
		if err := sc.Err(); err != nil {
			return fmt.Errorf("reading %s: %w", filesFrom, err)
		}
		return nil
	}
}

// walkInputs calls yield for every input named by args, in order: a file
// is always an input (it gets a record even when it cannot be read); a
// directory is walked recursively in lexical order and contributes the
// files whose content is a report format (judged by content, never by
// extension), and the files named like documents whatever they hold (an
// empty .pdf, a web page saved as .doc), so that their records say why
// they cannot be read instead of them being left out in silence.
// Walking stops when yield returns false or ctx is done.
func walkInputs(ctx context.Context, args []string, yield func(path string) bool) error {
	for _, a := range args {
		st, err := os.Stat(a)
		if err != nil || !st.IsDir() {
			// A missing or unreadable path still gets its record.
			if !yield(a) {
				return nil
			}
			continue
		}
		stop := errors.New("stop")
		err = filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if err != nil {
				if d != nil && d.IsDir() && p != a {
					// An unreadable directory: report it as an input so it
					// is not lost in silence.
					if !yield(p) {
						return stop
					}
					return fs.SkipDir
				}
				return err
			}
			if d.IsDir() || !d.Type().IsRegular() {
				return nil
			}
			if !isReportFile(p) && !namedLikeReport(p) {
				return nil
			}
			if !yield(p) {
				return stop
			}
			return nil
		})
		if errors.Is(err, stop) {
			return nil
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// isReportFile reports whether the file's content looks like a format
// nianbao reads (or one it recognises in order to say why it cannot, such
// as a password-protected .docx). Zip files count only when they hold a
// Word document part; a zip too damaged to list counts, so that its
// record says it is damaged.
func isReportFile(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return true // unreadable: give it a record with the cause
	}
	defer f.Close()
	head := make([]byte, 8192)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return true
	}
	head = head[:n]
	format, serr := extract.Sniff(head)
	switch {
	case format == extract.FormatPDF:
		return true
	case format == extract.FormatDOCX:
		st, err := f.Stat()
		if err != nil {
			return true
		}
		zr, err := zip.NewReader(f, st.Size())
		if err != nil {
			return true
		}
		for _, zf := range zr.File {
			if zf.Name == "word/document.xml" || zf.Name == "[Content_Types].xml" {
				return true
			}
		}
		return false
	case serr != nil && !errors.Is(serr, extract.ErrUnknownFormat):
		return true // an OLE file: encrypted .docx or .doc
	case errors.Is(serr, extract.ErrUnknownFormat) && len(head) >= 8 && string(head[:4]) == "\xd0\xcf\x11\xe0":
		return true
	}
	return false
}

// documentExts are the extensions of files that claim to be documents.
var documentExts = map[string]bool{
	".pdf": true, ".docx": true, ".docm": true, ".doc": true, ".wps": true,
	".rtf": true, ".ofd": true,
}

// namedLikeReport reports whether the file's name claims a document.
func namedLikeReport(path string) bool {
	return documentExts[strings.ToLower(filepath.Ext(path))]
}
