package server

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/nianbao/nianbao/schema"
)

// FileChecker adapts a checker of files on disk, such as a pool of worker
// processes, to [Checker]. Each upload is written to a new private
// directory (mode 0700) under Dir, checked there, and the directory is
// removed when CheckFile returns, whatever the outcome. The record gets the
// client's name back in source.file and in the findings' messages, so the
// temporary path never reaches the client.
type FileChecker struct {
	// Dir holds the temporary directories; "" means os.TempDir().
	Dir string
	// CheckFile checks the file at path. Like [Checker.Check], it returns
	// a record also for a file it cannot read. To name the cause of an
	// unreadable file in the Nianbao-Unreadable-Reason header, wrap its
	// error in a *[ReasonError].
	CheckFile func(ctx context.Context, path string) (*schema.Report, error)
}

// uploadFile is the name of the temporary file in its directory; the
// client's name is never used on disk.
const uploadFile = "upload"

// Check writes data to a temporary file, runs CheckFile on it and removes
// the file.
func (c *FileChecker) Check(ctx context.Context, name string, data []byte) (*schema.Report, error) {
	dir, err := os.MkdirTemp(c.Dir, "nianbao-upload-")
	if err != nil {
		return nil, fmt.Errorf("server: temporary file: %w", err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, uploadFile)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		return nil, fmt.Errorf("server: temporary file: %w", err)
	}
	rep, err := c.CheckFile(ctx, path)
	if rep != nil {
		rep.Source.File = name
		for i := range rep.Findings {
			rep.Findings[i].Message = strings.ReplaceAll(rep.Findings[i].Message, path, name)
		}
	}
	if err != nil && strings.Contains(err.Error(), path) {
		err = &renamedError{msg: strings.ReplaceAll(err.Error(), path, name), err: err}
	}
	return rep, err
}

// renamedError is err with the temporary path replaced by the client's
// name in its message; errors.Is and As still see err.
type renamedError struct {
	msg string
	err error
}

func (e *renamedError) Error() string { return e.msg }
func (e *renamedError) Unwrap() error { return e.err }

// ReasonError names why a file cannot be read, for checkers whose errors
// do not wrap the readers' sentinels (they come from another process).
// Reason is one of the values of [ReasonHeader], or another word.
type ReasonError struct {
	Reason string
	Err    error
}

func (e *ReasonError) Error() string {
	if e.Err == nil {
		return e.Reason
	}
	return e.Err.Error()
}

// Unwrap returns Err.
func (e *ReasonError) Unwrap() error { return e.Err }

// reasonOf returns the reason a *ReasonError in err's chain gives.
func reasonOf(err error) string {
	var re *ReasonError
	if errors.As(err, &re) {
		return re.Reason
	}
	return ""
}
