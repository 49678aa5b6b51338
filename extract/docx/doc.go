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
// word/styles.xml and word/numbering.xml). Each part is inflated once, into
// memory (within [Options.MaxPartBytes]), and read with the package's own
// XML tokenizer; nothing is matched with regular expressions, and elements
// and attributes are recognised by their resolved namespace, never by the
// prefix a producer chose.
//
// The XML of a part may be UTF-8 or UTF-16 (with a byte-order mark or
// recognisable from its first bytes), or declare another encoding that
// golang.org/x/text knows (GBK, GB18030, Big5, …): such a part is
// transcoded to UTF-8 first. Word always writes UTF-8; other producers of
// Chinese documents sometimes do not.
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
// document, with its line number) or [ErrLimit] (a *[LimitError] naming
// the limit). Every part read is inflated to its end, so a checksum
// mismatch in any of them is always detected.
//
// The main document, numbering and relationship parts are checked as
// strictly as encoding/xml checks in strict mode, ignored elements
// included: well-formedness, names, characters, references. Two things
// encoding/xml accepts are refused: a document type declaration with an
// internal subset (or anywhere but before the first element) and any
// other markup declaration. No entity is ever defined or expanded, so no
// input grows on expansion.
//
// A damaged styles or numbering part only loses formatting or labels and
// is reported in Document.Warnings. The styles part is indexed, not read:
// its elements must nest, but the content of a style is read, and checked,
// only when the document uses the style (python-docx's template holds 164
// styles in 350 KB; a report uses a handful). A damaged style that is used
// is ignored with a warning; damage in a style that is not used costs
// nothing.
//
// Work is bounded by [Options]: decompressed bytes per part and in total
// (counted while inflating; the sizes the zip declares are used only to
// refuse early, never to allocate), XML nesting depth (in skipped and
// skimmed elements too), cells per table grid, and table nesting. Labels
// cannot outgrow their paragraph: a level's lvlText is cut to 64
// characters.
//
// # Dependencies
//
// The reader uses archive/zip, its own XML tokenizer (xmltok.go) and
// golang.org/x/text (only to transcode a part that is not UTF-8).
//
// The project first named github.com/nguyenthenguyen/docx for the package
// layer; it was measured and replaced, and the decision stands. It is a
// find-and-replace templating library whose only reading API is the raw
// word/document.xml string, so styles.xml and numbering.xml would have to
// be read with archive/zip anyway, from a second parse of the zip
// directory. It reads document.xml, and every entry whose name contains
// "header" or "footer" (images included), fully into memory with no size
// limit, so a zip bomb cannot be stopped while inflating; it copies each
// part twice (bytes, then string); it fails without
// word/_rels/document.xml.rels and ignores the package relationships; and
// its errors are untyped strings, so a missing document cannot be told
// from a damaged one. Measured (CPU time per document, with throwaway
// benchmarks not kept in the build) when this reader still used
// encoding/xml and took 16 ms per generated report, its open plus
// GetContent cost 0.17–0.29 ms (1–2 %) and 486 KB; against the present
// reader it would be 10–20 % of the time, for a worse design.
//
// # Speed
//
// The tokenizer replaced encoding/xml, which took about 85 % of the
// reader's time. Measured on a shared 2-core machine over the XML parts of
// the fixtures and of 30 generated reports (BenchmarkTokenizer, 100 MB per
// pass; ranges over repeated runs):
//
//	encoding/xml, every token        43–51 MB/s   453 MB and 8.2 M allocations per pass
//	this tokenizer, every token     430–530 MB/s  2–3 allocations per part (readers are pooled)
//	skipping a subtree (skipTree)   590–605 MB/s  checked as strictly as every token
//	skimming a subtree (skimTree)   1.7–2.0 GB/s  structure only, for the styles part
//
// The whole reader, CPU time per document (same machine, old and new
// reader measured in the same run):
//
//	                                         before (encoding/xml)   now
//	30 generated reports (python-docx,       21.7 ms, 4.9 MB,        1.9 ms, 0.2 MB,
//	  350 KB styles.xml, 115 KB document)    122 000 allocations     600 allocations
//	20 Word-like fixtures (testdata)         6.9 ms, 1.5 MB          1.3 ms, 0.16 MB
//
// Of what is left, inflating the parts takes about a quarter; indexing
// the styles a fifth, the body about half. BenchmarkRead measures the
// whole reader over the fixtures (and NIANBAO_DOCX_CORPUS, when set).
package docx
