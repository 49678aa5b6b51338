// Package export writes extracted reports ([schema.Report]) to dataset
// sinks: JSON Lines, a SQLite database, CSV files and Parquet files. The
// tabular sinks share one layout of five tables — documents (one row per
// document), sections, cells (long form: one row per template cell),
// findings, and files (one row per input path, pointing to its document:
// several paths with the same content share one document) — described in
// the README and by the Row types of this package ([DocumentRow],
// [SectionRow], [CellRow], [FindingRow], [FileRow]). JSON Lines has no
// files rows: it holds one object per input file (the caller writes a
// record for every input; see [JSONL.WriteFile] for resumed runs).
//
// Every sink identifies a document by its content key ([Key]: the SHA-256
// of the file, or "path:" and the name for a file that could not be
// opened). Opened with Resume, a sink first learns the keys it already
// holds ([Sink.Has]) and appends; whatever a killed run left half-written
// is cut away first (the truncated last line of a JSON Lines file, rows of
// the CSV tables for documents whose documents row was never written,
// unfinished Parquet part files, an uncommitted SQLite transaction), so a
// resumed run ends with each document exactly once.
//
// Guarantees per sink:
//   - JSON Lines: one object per line, in the order written.
//   - SQLite: primary keys on the content key (files: on the path),
//     indexes for the usual queries, one transaction per batch of
//     documents; a document written again replaces its rows (upsert by
//     content key); a files row is upserted by path, and must point to a
//     documents row when its transaction commits.
//   - CSV: RFC 4180 (CRLF, quoted as needed), UTF-8, optionally with a
//     byte-order mark for Excel; a documents row is written only after the
//     rows of its sections, cells and findings, and a files row only after
//     the documents row it points to.
//   - Parquet: one dataset directory per table, written in parts of at most
//     [ParquetOptions.PartDocs] documents; a part becomes visible (renamed
//     from a hidden temporary name) only when complete, the documents part
//     last. A files row is in the part of its document or a later one.
//
// CSV and Parquet cannot replace rows: a files row with the path and
// content of one they hold is not written again, so a path appears twice
// only when its content changed between runs.
package export
