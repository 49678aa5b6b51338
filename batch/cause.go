package batch

import (
	"errors"

	"github.com/nianbao/nianbao/extract"
)

// Cause names why a file is unreadable, in a word a dataset can group by
// (documents.unreadable_cause) and the server sends in its
// Nianbao-Unreadable-Reason header. Every cause that an extraction error
// can say is an [extract.Reason] word, classified by [extract.ReasonOf];
// batch adds only what isolation alone knows: a worker that crashed or
// passed its memory limit. A worker killed at its deadline is
// [CauseTimeout], the same word as the extractor's own time limit.
type Cause string

// Causes of isolation, known only to batch.
const (
	CauseCrash  Cause = "crash"  // the worker process died while reading the file
	CauseMemory Cause = "memory" // the worker passed the memory limit and was killed
)

// Causes from the extraction's error: the words of [extract.Reason].
const (
	CauseTimeout    = Cause(extract.ReasonTimeout)    // the time limit per file; with isolation the worker was killed
	CauseBug        = Cause(extract.ReasonBug)        // a reader panicked (recovered); a bug in nianbao
	CauseMissing    = Cause(extract.ReasonMissing)    // no such file
	CausePermission = Cause(extract.ReasonPermission) // the file may not be read
	CauseIO         = Cause(extract.ReasonIO)         // reading the file failed, or it is not a regular file
	CauseFormat     = Cause(extract.ReasonFormat)     // not a .docx or .pdf (images, other files)
	CauseDoc        = Cause(extract.ReasonDoc)        // a Word 97-2003 .doc
	CauseEncrypted  = Cause(extract.ReasonEncrypted)  // password-protected
	CauseNoText     = Cause(extract.ReasonNoText)     // a scanned PDF without a text layer
	CauseNoUnicode  = Cause(extract.ReasonNoUnicode)  // text in fonts without a Unicode mapping
	CauseLimit      = Cause(extract.ReasonLimit)      // a reader limit was hit (size, pages, depth…)
	CauseDamaged    = Cause(extract.ReasonDamaged)    // the file's structure is broken
	CauseOther      = Cause(extract.ReasonOther)      // anything else; the record's message says what
)

// Causes lists every cause, in the order summaries print them.
var Causes = []Cause{
	CauseTimeout, CauseCrash, CauseMemory, CauseBug, CauseMissing, CausePermission, CauseIO,
	CauseFormat, CauseDoc, CauseEncrypted, CauseNoText, CauseNoUnicode, CauseLimit, CauseDamaged, CauseOther,
}

// CauseOf names the cause of an extraction error: [extract.ReasonOf],
// which knows the readers' errors and those of the standard library, with
// a recovered panic of the extraction function ([ErrPanic]) as
// [CauseBug]. It returns "" for nil.
func CauseOf(err error) Cause {
	if err != nil && errors.Is(err, ErrPanic) {
		return CauseBug
	}
	return Cause(extract.ReasonOf(err))
}

// Describe says the cause in Chinese, for the unreadable finding's
// message: [extract.Reason.Describe] for the extraction's causes.
func (c Cause) Describe() string {
	switch c {
	case CauseCrash:
		return "读取进程崩溃"
	case CauseMemory:
		return "超出内存限制"
	}
	return extract.Reason(c).Describe()
}
