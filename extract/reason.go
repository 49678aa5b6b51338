package extract

import (
	"context"
	"errors"
	"io/fs"

	"github.com/nianbao/nianbao/extract/docx"
	"github.com/nianbao/nianbao/extract/pdf"
)

// Reason names why a file could not be read, in a word a program or a
// dataset can group by. The unreadable finding's message says it in words.
type Reason string

// Reasons, from the errors File and Bytes return. Batch isolation adds its
// own (a worker that crashed or ran out of memory).
const (
	ReasonTimeout    Reason = "timeout"    // the time limit per file was hit
	ReasonBug        Reason = "bug"        // a reader panicked: a bug in nianbao
	ReasonMissing    Reason = "missing"    // no such file
	ReasonPermission Reason = "permission" // the file may not be read
	ReasonIO         Reason = "io"         // reading failed, or not a regular file
	ReasonFormat     Reason = "format"     // not a .docx or .pdf report
	ReasonDoc        Reason = "doc"        // a Word 97-2003 .doc (an OLE compound file)
	ReasonEncrypted  Reason = "encrypted"  // password-protected
	ReasonNoText     Reason = "no_text"    // a scanned PDF without a text layer
	ReasonNoUnicode  Reason = "no_unicode" // text in fonts without a Unicode mapping
	ReasonLimit      Reason = "limit"      // a size, depth or page limit was hit
	ReasonDamaged    Reason = "damaged"    // the file's structure is broken
	ReasonOther      Reason = "other"      // anything else
)

// ErrLegacyDOC: the file is a Word 97-2003 .doc, which is not read yet.
var ErrLegacyDOC = errors.New("extract: a Word 97-2003 .doc (OLE compound file); .doc is not supported yet, save it as .docx")

// ReasonOf classifies an error returned by File or Bytes. It returns ""
// for nil.
func ReasonOf(err error) Reason {
	switch {
	case err == nil:
		return ""
	case errors.Is(err, ErrPanic):
		return ReasonBug
	case errors.Is(err, ErrTimeout), errors.Is(err, context.DeadlineExceeded):
		return ReasonTimeout
	case errors.Is(err, docx.ErrEncrypted), errors.Is(err, pdf.ErrEncrypted):
		return ReasonEncrypted
	case errors.Is(err, ErrLegacyDOC):
		return ReasonDoc
	case errors.Is(err, pdf.ErrNoText):
		return ReasonNoText
	case errors.Is(err, pdf.ErrNoUnicode):
		return ReasonNoUnicode
	case errors.Is(err, docx.ErrLimit), errors.Is(err, pdf.ErrLimit), errors.Is(err, ErrTooLarge):
		return ReasonLimit
	case errors.Is(err, docx.ErrCorrupt), errors.Is(err, pdf.ErrCorrupt), errors.Is(err, pdf.ErrNotPDF),
		errors.Is(err, docx.ErrNotDOCX):
		return ReasonDamaged
	case errors.Is(err, ErrUnknownFormat):
		return ReasonFormat
	case errors.Is(err, fs.ErrNotExist):
		return ReasonMissing
	case errors.Is(err, fs.ErrPermission):
		return ReasonPermission
	}
	var pe *fs.PathError
	if errors.As(err, &pe) || errors.Is(err, errIsDir) {
		return ReasonIO
	}
	return ReasonOther
}

// Describe says the reason in Chinese, for the people who read findings.
func (r Reason) Describe() string {
	switch r {
	case ReasonTimeout:
		return "处理超时"
	case ReasonBug:
		return "程序内部错误，请报告此文件"
	case ReasonMissing:
		return "文件不存在"
	case ReasonPermission:
		return "无权读取文件"
	case ReasonIO:
		return "读取文件失败"
	case ReasonFormat:
		return "不是 .docx 或 .pdf 格式的报告"
	case ReasonDoc:
		return "旧版 Word（.doc）文件，请另存为 .docx"
	case ReasonEncrypted:
		return "文件已加密，需要密码"
	case ReasonNoText:
		return "扫描件，没有文字层"
	case ReasonNoUnicode:
		return "字体缺少编码映射，文字无法识别"
	case ReasonLimit:
		return "超出处理限制"
	case ReasonDamaged:
		return "文件已损坏"
	}
	return "无法识别的错误"
}
