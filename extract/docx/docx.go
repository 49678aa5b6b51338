// Package docx reads .docx reports into the layout model.
package docx

import (
	"errors"
	"io"

	"github.com/nianbao/nianbao/extract/layout"
)

// Options configures the reader. The zero value works.
type Options struct{}

// ErrEncrypted: the file is an OLE container holding an encrypted package.
var ErrEncrypted = errors.New("docx: password-protected (encrypted) document")

// Read reads a .docx document.
func Read(r io.ReaderAt, size int64, opts Options) (*layout.Document, error) {
	return nil, errors.New("docx: not implemented")
}
