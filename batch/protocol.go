package batch

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"github.com/nianbao/nianbao/schema"
)

// The worker protocol: JSON lines. The worker first writes a hello, then
// answers each request line on its standard input with one response line
// on its standard output, in order. It exits when its input ends.

// protocolVersion is sent in the hello; the parent refuses another.
const protocolVersion = "nianbao-worker/1"

// request asks the worker to read one file.
type request struct {
	Path string `json:"path"`
}

// response is a hello (Hello set) or the answer to one request.
type response struct {
	Hello string `json:"hello,omitempty"`
	PID   int    `json:"pid,omitempty"`
	// Report is the record, provenance included.
	Report *schema.Report `json:"report,omitempty"`
	// Cells holds the status of every cell of Report's tables, one letter
	// per cell in table, row and column order (see cellStatuses): the JSON
	// of a report does not carry it.
	Cells string `json:"cells,omitempty"`
	// Cause and Error describe a failed extraction.
	Cause Cause  `json:"cause,omitempty"`
	Error string `json:"error,omitempty"`
}

// maxRequest bounds a request line (a path).
const maxRequest = 1 << 20

// Serve is the worker side of the protocol: it reads requests from in,
// extracts each file with fn, and writes the responses to out, the cause
// of an unreadable file named by [CauseOf]. A panic in fn is recovered
// and answered as an unreadable record with CauseBug; a crash of the
// process (a fatal runtime error, a panic in another goroutine) is seen by
// the parent. Serve returns nil when in ends.
func Serve(ctx context.Context, in io.Reader, out io.Writer, fn Func) error {
	bw := bufio.NewWriterSize(out, 64<<10)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	send := func(r *response) error {
		if err := enc.Encode(r); err != nil {
			return err
		}
		return bw.Flush()
	}
	if err := send(&response{Hello: protocolVersion, PID: os.Getpid()}); err != nil {
		return err
	}
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 4096), maxRequest)
	for sc.Scan() {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		var req request
		if err := json.Unmarshal(sc.Bytes(), &req); err != nil {
			return fmt.Errorf("batch: worker: bad request: %w", err)
		}
		resp := serveOne(ctx, req.Path, fn)
		if err := send(resp); err != nil {
			return err
		}
	}
	return sc.Err()
}

func serveOne(ctx context.Context, path string, fn Func) (resp *response) {
	defer func() {
		if p := recover(); p != nil {
			err := fmt.Errorf("%w: %v\n%s", ErrPanic, p, debug.Stack())
			resp = &response{
				Report: unreadableReport(path, fileInfo{}, CauseBug, err.Error()),
				Cause:  CauseBug, Error: err.Error(),
			}
		}
	}()
	rep, err := fn(ctx, path)
	resp = &response{Report: rep}
	if err != nil {
		resp.Cause, resp.Error = CauseOf(err), err.Error()
	}
	if rep == nil {
		resp.Report = unreadableReport(path, fileInfo{}, orCause(resp.Cause, CauseBug), errOr(err, "no report"))
		resp.Cause = orCause(resp.Cause, CauseBug)
	}
	resp.Cells = cellStatuses(resp.Report)
	return resp
}

// Status letters of the cells field.
const statusLetters = "bnzi" // blank, number, zero mark, invalid: schema.CellStatus order

// cellStatuses encodes the statuses of rep's cells.
func cellStatuses(rep *schema.Report) string {
	var b []byte
	for _, key := range []string{schema.TableActive, schema.TableRequests, schema.TableAppeals} {
		tb := rep.Tables.Get(key)
		if tb == nil {
			continue
		}
		for _, r := range tb.Rows {
			for _, c := range r.Cells {
				l := byte('b')
				if int(c.Status) < len(statusLetters) {
					l = statusLetters[c.Status]
				}
				b = append(b, l)
			}
		}
	}
	return string(b)
}

// errCells: the cells field does not match the report's tables.
var errCells = errors.New("batch: worker response: cell statuses do not match the tables")

// setCellStatuses applies the cells field to a decoded report.
func setCellStatuses(rep *schema.Report, cells string) error {
	i := 0
	for _, key := range []string{schema.TableActive, schema.TableRequests, schema.TableAppeals} {
		tb := rep.Tables.Get(key)
		if tb == nil {
			continue
		}
		for ri := range tb.Rows {
			for ci := range tb.Rows[ri].Cells {
				if i >= len(cells) {
					return errCells
				}
				k := -1
				for n := range len(statusLetters) {
					if statusLetters[n] == cells[i] {
						k = n
					}
				}
				if k < 0 {
					return errCells
				}
				tb.Rows[ri].Cells[ci].Status = schema.CellStatus(k)
				i++
			}
		}
	}
	if i != len(cells) {
		return errCells
	}
	return nil
}
