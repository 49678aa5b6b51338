// Package pdf reads .pdf reports into the layout model.
package pdf

import (
	"context"
	"errors"
	"io"

	"github.com/nianbao/nianbao/extract/layout"
)

// Options configures the reader. The zero value works.
type Options struct{}

// Read reads a PDF document.
func Read(ctx context.Context, r io.ReaderAt, size int64, opts Options) (*layout.Document, error) {
	return nil, errors.New("pdf: not implemented")
}
