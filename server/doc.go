// Package server is nianbao's compliance check over HTTP: an API that takes
// one report file (.docx or .pdf) and answers with its checked record
// (schema nianbao/v1, provenance always on), and a page, embedded in the
// binary, where a person drops a file and sees the three tables laid out
// like the official template with every flagged cell coloured and
// explained.
//
// # Endpoints
//
//	POST /api/v1/check      the file as multipart/form-data (field "file") or as the raw body
//	GET  /api/v1/schema     the JSON Schema of the record
//	GET  /api/v1/templates  the two templates' tables, rows, columns and labels, for the page
//	GET  /healthz           {"status":"ok",…}
//	GET  /                  the page (its script and style under /assets/)
//
// POST /api/v1/check answers:
//
//	200  the record; the check ran (the record's findings say whether the report passes)
//	400  the request holds no file, an empty file, or content that is not a report file
//	     (neither a PDF, nor a Word .docx package, nor a Word 97-2003/encrypted OLE file)
//	413  the file is larger than [Options.MaxUploadBytes] (checked while reading)
//	422  the file is a document but cannot be read (damaged, encrypted, .doc, a reader
//	     limit such as a zip bomb's decompressed size, no text layer, the time limit);
//	     the body is the record with its "unreadable" finding naming the cause, and
//	     the header Nianbao-Unreadable-Reason classifies it ([ReasonHeader])
//	503  every worker is busy and the waiting line is full or the wait timed out;
//	     Retry-After says when to try again
//	500  a bug in nianbao (a panic while checking); logged
//
// Every other error (400, 405, 413, 500, 503) has the body
// {"error":{"code":"…","message":"…"}}: code is stable and English, message
// is Chinese, for a person.
//
// # Limits and safety
//
// The upload is read into memory through a limit of MaxUploadBytes (a larger
// body is cut off, not read to its end) and its kind is decided by its
// content, never by its name or Content-Type. The in-process checker
// ([InProcess]) writes nothing to disk; [FileChecker], for checkers that
// read files by path, writes each upload to a private temporary file that
// is removed when its check returns. [Isolated] is such a checker: each
// upload is read in a worker process of a batch.Pool, so a file that hangs,
// crashes its reader or eats memory costs a killed worker and a 422
// (reason timeout, crash or memory), never the server. The name a client
// gives is cleaned and used only as source.file in the record and in the
// log, never as a path.
//
// Checks run in at most [Options.Workers] at once, each with the deadline
// [Options.Timeout]. A request that finds every worker busy waits in a short
// line: at most [Options.Queue] requests wait, each at most
// [Options.QueueWait]; a request beyond the line, or whose wait runs out,
// gets 503 with Retry-After at once. Admission to the line is decided
// before the body is read, so memory is bounded by (Workers+Queue) ×
// MaxUploadBytes. A worker slot is freed only when its check has really
// returned: a check that overruns its deadline answers 422 to its client
// but keeps its slot until it stops, so the limit on parallel work holds.
//
// Responses carry Content-Security-Policy (no inline script, nothing from
// other origins), X-Content-Type-Options: nosniff and X-Frame-Options: DENY.
// [Server.Serve] sets read, write and idle timeouts and shuts down
// gracefully when its context ends. Each request is logged once with
// log/slog (method, path, status, bytes, duration and, for checks, the
// format, size, SHA-256 and the counts of findings).
package server
