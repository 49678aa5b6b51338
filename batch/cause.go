package batch

import (
	"context"
	"errors"
	"io/fs"
	"strings"
)

// Cause names why a file is unreadable, in a word a dataset can group by.
type Cause string

// Causes. The first three come from isolation; the others from the
// extraction's error (see [Classify]).
const (
	CauseTimeout    Cause = "timeout"    // no result within the deadline; the worker was killed
	CauseCrash      Cause = "crash"      // the worker process died while reading the file
	CauseMemory     Cause = "memory"     // the worker passed the memory limit and was killed
	CauseBug        Cause = "bug"        // a reader panicked (recovered); a bug in nianbao
	CauseMissing    Cause = "missing"    // no such file
	CausePermission Cause = "permission" // the file may not be read
	CauseIO         Cause = "io"         // reading the file failed, or it is not a regular file
	CauseFormat     Cause = "format"     // not a format nianbao reads (.doc, images, other files)
	CauseEncrypted  Cause = "encrypted"  // password-protected
	CauseNoText     Cause = "no_text"    // a scanned PDF without a text layer, or text that cannot be decoded
	CauseLimit      Cause = "limit"      // a reader limit was hit (size, pages, depth…)
	CauseDamaged    Cause = "damaged"    // the file's structure is broken
	CauseOther      Cause = "other"      // anything else; the record's message says what
)

// Causes lists every cause, in the order summaries print them.
var Causes = []Cause{
	CauseTimeout, CauseCrash, CauseMemory, CauseBug, CauseMissing, CausePermission, CauseIO,
	CauseFormat, CauseEncrypted, CauseNoText, CauseLimit, CauseDamaged, CauseOther,
}

// Classify names the cause of an extraction error: first by fn (which
// knows the readers' errors; may be nil), then by the errors of the
// standard library. It returns "" for a nil error.
func Classify(fn ClassifyFunc, err error) Cause { return classify(fn, err) }

func classify(fn ClassifyFunc, err error) Cause {
	if err == nil {
		return ""
	}
	if fn != nil {
		if c := fn(err); c != "" {
			return c
		}
	}
	switch {
	case errors.Is(err, ErrPanic):
		return CauseBug
	case errors.Is(err, context.DeadlineExceeded):
		return CauseTimeout
	case errors.Is(err, fs.ErrNotExist):
		return CauseMissing
	case errors.Is(err, fs.ErrPermission):
		return CausePermission
	case errors.Is(err, fs.ErrInvalid), strings.Contains(err.Error(), "is a directory"):
		return CauseIO
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return CauseIO
	}
	return CauseOther
}
