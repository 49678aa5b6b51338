// Package docx reads Word .docx reports (WordprocessingML packages, ECMA-376
// transitional or strict) into the format-neutral [layout.Document]: the
// paragraphs and tables of the main document body, in body order.
//
// # Input
//
// [Read] takes the bytes of a file through an [io.ReaderAt]; [ReadFile] is a
// thin wrapper for a path. The main part is found through the package
// relationships (falling back to word/document.xml), and its styles and
// numbering parts through its own relationships (falling back to
// word/styles.xml and word/numbering.xml). Each part is inflated once and
// parsed as a stream with encoding/xml; nothing is matched with regular
// expressions, and elements are recognised by namespace, not by prefix.
//
// # What is read
//
//   - Paragraphs: the text of all runs, however Word split them; w:tab and
//     w:ptab as "\t", w:br and w:cr as "\n" (page and column breaks are
//     dropped); text inside hyperlinks, smart tags, custom XML, simple
//     fields, field results, content controls (w:sdt), inserted text
//     (w:ins, w:moveTo), ruby base text and Office Math. Deleted text
//     (w:del, w:delText, w:moveFrom), field codes (w:instrText), hidden runs
//     (w:vanish) and the Fallback of mc:AlternateContent when a Choice was
//     read are skipped. A paragraph whose mark was deleted in a tracked
//     change joins the next paragraph, as it would after accepting.
//   - Text boxes (w:txbxContent in a drawing or VML shape) become blocks of
//     their own right after the paragraph that anchors them (titles are
//     sometimes set in text boxes).
//   - Automatic numbering is rendered into the paragraph text, so that
//     "一、总体情况" reads the same whether typed or numbered by Word. The
//     label follows Word's list model: numId → abstractNum (also through a
//     numbering style), lvlOverride with startOverride or a replacement
//     level, one counter set per abstractNum shared by the lists that use
//     it (a list with a startOverride counts on its own), lower levels
//     restarting when a higher level is used unless lvlRestart says
//     otherwise, isLgl, and numbering that comes from the paragraph style
//     (including a level chosen by the level's pStyle). Formats: decimal,
//     decimalZero, decimalFullWidth, decimalEnclosedCircle (①),
//     decimalEnclosedParen (⑴), decimalEnclosedFullstop (⒈),
//     chineseCounting, chineseCountingThousand (一 … 十一 … 一百零一),
//     chineseLegalSimplified (壹拾), ideographLegalTraditional,
//     ideographTraditional (甲乙丙), ideographZodiac, ideographDigital,
//     ideographEnclosedCircle (㈠), upper/lower letter and roman, ordinal,
//     zero-padded custom formats ("001"), none; bullets render no label;
//     other formats and values out of a format's range are written in
//     decimal. The suffix between label and text is dropped next to CJK
//     text or a label ending in full-width punctuation, else one space.
//   - Paragraph properties: Heading is the outline level (1 = top) from a
//     direct w:outlineLvl or the paragraph style (its outlineLvl, a
//     "heading N" / "标题 N" name, or either inherited through basedOn);
//     Centered from w:jc="center" (direct or style); Bold when more than
//     half the non-space characters are bold; FontSize the size (w:sz, in
//     points) that most characters have, from runs, character styles, the
//     paragraph style or the document defaults, or 0 when none is given.
//     Page is always 0: a .docx has no pages.
//   - Tables: w:gridSpan, w:vMerge (restart/continue), the legacy w:hMerge,
//     w:gridBefore and w:gridAfter are resolved into a rectangular grid in
//     which a merged cell appears once, at its top-left corner, with its
//     row and column span; rows with fewer cells are padded. Rows and cells
//     inside content controls are read; deleted rows are dropped. Text in a
//     merged-over continuation cell, which Word does not show, is dropped
//     with a warning. A cell's Text is its paragraphs joined by "\n"; a
//     nested table is in Cell.Tables and its rows are part of the cell's
//     Text.
//
// Headers, footers, footnotes, comments and w:altChunk imports are not
// read: they are not part of the report body (an altChunk adds a warning).
//
// # Guarantees
//
// Read never panics on any input and always terminates. Bad input gives
// an error wrapping exactly one sentinel: [ErrNotDOCX] (not a zip, no Word
// document in it, an OLE compound file such as a .doc), [ErrEncrypted] (a
// password-protected package), [ErrCorrupt] (truncated or damaged zip,
// bad compressed data, checksum mismatch, malformed XML in the main
// document) or [ErrLimit] (a *[LimitError] naming the limit). A damaged
// styles or numbering part only loses formatting or labels and is
// reported in Document.Warnings.
//
// Work is bounded by [Options]: decompressed bytes per part and in total
// (counted while inflating; the sizes the zip declares are used only to
// refuse early, never to allocate), XML nesting depth, cells per table
// grid, and table nesting. Labels cannot outgrow their paragraph: a
// level's lvlText is cut to 64 characters.
//
// # Dependencies
//
// The reader uses archive/zip and encoding/xml only. The project first
// named github.com/nguyenthenguyen/docx for the package layer; it was
// measured and replaced. It is a find-and-replace templating library whose
// only reading API is the raw word/document.xml string, so styles.xml and
// numbering.xml would have to be read with archive/zip anyway, from a
// second parse of the zip directory.
//
// Its cost in time is small. Measured on a shared 2-core machine in CPU
// time per document (wall-clock benchmarks were too noisy there), with
// throwaway benchmarks (BenchmarkNguyenOpenGetContent: open plus
// GetContent; BenchmarkNguyenHybrid: its body string plus our styles,
// numbering and body parser) that are not kept, since they would keep the
// module in the build:
//
//	corpus                               this reader   nguyenthenguyen open+GetContent
//	30 generated reports (python-docx,   16 ms         0.17–0.29 ms (1–2 %),
//	  350 KB styles.xml)                               486 KB and 145 allocs per file
//	20 Word-like fixtures (testdata)     5.0 ms        0.25 ms (5 %)
//
// The hybrid took the same time as this reader (16 ms, 5.0 ms) and
// allocated 9 % more (5.5 MB against 5.0 MB per generated report). It is
// dropped because it forces a worse design, not for speed: it reads
// document.xml, and every entry whose name contains "header" or "footer"
// (images included), fully into memory with no size limit, so a zip bomb
// cannot be stopped while inflating; it copies each part twice (bytes,
// then string); it fails without word/_rels/document.xml.rels and ignores
// the package relationships; and its errors are untyped strings, so a
// missing document cannot be told from a damaged one.
//
// Most of the time is spent in encoding/xml's tokenizer (about 85 % of
// CPU), at about 30 MB/s of XML; BenchmarkRead measures the whole
// reader over the fixtures.
package docx
