// Package pdf reads .pdf reports into the layout model ([layout.Document]).
//
// It uses github.com/ledongthuc/pdf only for the file structure: the
// cross-reference table, objects, encryption (RC4 of 88 bits and more, and
// AES-128; RC4 with shorter keys, such as the 40-bit encryption of PDF
// 1.1–1.3, it decrypts wrong, so those files are decrypted here, see
// rc4.go). Encrypted
// files open with the empty user password or [Options.Password], which may
// be the user or the owner password. AES-256 (/V 5, /R 5 and 6), which the
// library rejects, is decrypted here (see crypt.go); so are files with a
// %PDF-2.0 header, junk before the header or after %%EOF, which the library
// rejects too and which we present to it patched. Everything that turns a
// page into text is ours: a content-stream lexer and interpreter (graphics
// and text state, form XObjects, marked content with /ActualText, inline
// images, paths), fonts (simple, Type0 with /W and /W2, Type3 with
// /FontMatrix), ToUnicode and embedded CMaps, the standard Latin encodings
// with /Differences, the predefined Chinese CMaps (GB-EUC, GBpc-EUC,
// GBK-EUC, GBKp-EUC, GBK2K, UniGB-UCS2, UniGB-UTF16, UniGB-UTF32, -H and -V)
// and the Adobe-GB1 character collection for fonts without a ToUnicode CMap,
// and vertical (WMode 1) fonts. Unencrypted streams are decoded here too
// (Flate with PNG and TIFF predictors, LZW, ASCIIHex, ASCII85, RunLength).
// Each font and form is decoded once per document.
//
// Watermarks are left out: text set at a slant (more than about 10° off
// the page's axes), and faint text (a light colour, or an ExtGState fill
// alpha under one half) set at least twice the size of the page's text;
// a warning counts them.
//
// The result of a page is a [geom.Page]: glyphs with their boxes and the
// ruling lines (axis-aligned stroked segments and thin filled rectangles)
// in points, y up, origin at the lower-left corner of the crop box, turned
// so that most of the page's text runs left to right: a table set
// sideways on a landscape page, or a page shown turned by /Rotate, reads
// like an upright one. [geom.Build] turns the
// pages into paragraphs and tables; cell and paragraph boxes are in the
// same space.
//
// # Guarantees
//
// Read never panics on any input and returns when its context is done.
// Every call into the structure library runs behind a recover; a panic
// there becomes an error wrapping [ErrCorrupt] that names the cause.
// Inputs on which the library would loop forever, recurse without bound
// or allocate without bound (object streams ending inside a hex string,
// object streams inside object streams, absurd object counts) are found
// by a pre-scan and rejected with [ErrCorrupt]. A hang inside the library
// that the pre-scan cannot see (in an encrypted object stream) leaves a
// goroutine behind when Read returns at the deadline; callers that must
// reclaim it run readers in a worker process.
//
// Errors wrap one of [ErrNotPDF], [ErrCorrupt], [ErrEncrypted],
// [ErrNoText] (no page has text: a scan), [ErrNoUnicode] (most characters
// have no Unicode mapping; a small share is reported in
// Document.Warnings instead) and [ErrLimit] (a [*LimitError] naming the
// Options field).
//
// # Not supported
//
// Xref reconstruction for files whose cross-reference table is damaged:
// they are reported as errors ([ErrCorrupt]). In AES-256 files, strings
// inside objects other than CIDSystemInfo and marked-content properties
// stay encrypted (they carry no page text). Traditional
// Chinese, Japanese and Korean predefined CMaps other than the Unicode
// ones have no CID tables here, so such fonts without ToUnicode read as
// U+FFFD. Type3 glyph procedures are not executed (their text comes from
// ToUnicode or /Differences).
package pdf
