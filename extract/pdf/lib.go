package pdf

// This file is the only place that touches github.com/ledongthuc/pdf. The
// library parses the file structure (xref, objects, encryption); every call
// into it runs behind a recover, because it reports malformed input by
// panicking.
//
// The library hides object identities (a Value does not tell which
// indirect object it came from) and has no object cache, so re-reading a
// font dictionary re-parses it from the file. To decode each font and form
// once per document we read two unexported fields through package reflect:
// Value.ptr (the object a value was resolved from) and the map behind a
// dictionary (to tell an indirect reference from a direct value). Reading
// them is safe; when the library's layout changes, refsOK is false and we
// fall back to keys made from the printed dictionary, which is slower but
// correct.

import (
	"fmt"
	"io"
	"reflect"
	"strings"

	lpdf "github.com/ledongthuc/pdf"
)

// objRef identifies an indirect object.
type objRef struct {
	id  uint32
	gen uint16
}

var (
	refsOK    bool
	valPtrIdx []int // Value.ptr
	valDatIdx []int // Value.data
)

func init() {
	t := reflect.TypeOf(lpdf.Value{})
	p, ok1 := t.FieldByName("ptr")
	d, ok2 := t.FieldByName("data")
	if !ok1 || !ok2 || p.Type.Kind() != reflect.Struct || p.Type.NumField() != 2 ||
		p.Type.Field(0).Type.Kind() != reflect.Uint32 || p.Type.Field(1).Type.Kind() != reflect.Uint16 ||
		d.Type.Kind() != reflect.Interface {
		return
	}
	valPtrIdx, valDatIdx = p.Index, d.Index
	refsOK = true
}

// refIn returns the indirect reference stored under key in the dictionary
// (or stream dictionary) v, if the entry is an indirect reference.
func refIn(v lpdf.Value, key string) (objRef, bool) {
	if !refsOK {
		return objRef{}, false
	}
	d := reflect.ValueOf(v).FieldByIndex(valDatIdx)
	if d.IsNil() {
		return objRef{}, false
	}
	d = d.Elem()
	if d.Kind() == reflect.Struct { // a stream: its header dictionary
		h := d.FieldByName("hdr")
		if !h.IsValid() {
			return objRef{}, false
		}
		d = h
	}
	if d.Kind() != reflect.Map || d.Type().Key().Kind() != reflect.String {
		return objRef{}, false
	}
	k := reflect.New(d.Type().Key()).Elem()
	k.SetString(key)
	e := d.MapIndex(k)
	if !e.IsValid() {
		return objRef{}, false
	}
	return refOf(e)
}

// streamOffset returns the file offset of the data of stream v.
func streamOffset(v lpdf.Value) (int64, bool) {
	if !refsOK {
		return 0, false
	}
	d := reflect.ValueOf(v).FieldByIndex(valDatIdx)
	if d.IsNil() {
		return 0, false
	}
	d = d.Elem()
	if d.Kind() != reflect.Struct {
		return 0, false
	}
	o := d.FieldByName("offset")
	if !o.IsValid() || o.Kind() != reflect.Int64 {
		return 0, false
	}
	return o.Int(), true
}

// libError is a panic inside the library turned into an error.
type libError struct {
	op  string
	val any
}

func (e *libError) Error() string {
	return fmt.Sprintf("pdf: malformed file (%s: %v)", e.op, e.val)
}

func (e *libError) Unwrap() error { return ErrCorrupt }

// guard runs f, turning a panic into an error naming op and the cause.
func guard(op string, f func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &libError{op: op, val: r}
		}
	}()
	f()
	return nil
}

// key returns the value under k in dictionary v; a panic while resolving
// it (a damaged object) yields a null value.
func key(v lpdf.Value, k string) (out lpdf.Value) {
	defer func() {
		if r := recover(); r != nil {
			out = lpdf.Value{}
		}
	}()
	return v.Key(k)
}

// index returns element i of array v, null on error.
func index(v lpdf.Value, i int) (out lpdf.Value) {
	defer func() {
		if r := recover(); r != nil {
			out = lpdf.Value{}
		}
	}()
	return v.Index(i)
}

// keys returns the keys of dictionary v.
func keys(v lpdf.Value) (out []string) {
	defer func() {
		if r := recover(); r != nil {
			out = nil
		}
	}()
	return v.Keys()
}

// num returns v as a number (integer or real), and whether it is one.
func num(v lpdf.Value) (float64, bool) {
	switch v.Kind() {
	case lpdf.Integer:
		return float64(v.Int64()), true
	case lpdf.Real:
		return v.Float64(), true
	}
	return 0, false
}

// nums returns the numbers of array v (non-numbers are 0), at most max.
func nums(v lpdf.Value, max int) []float64 {
	n := v.Len()
	if n > max {
		n = max
	}
	out := make([]float64, n)
	for i := range out {
		out[i], _ = num(index(v, i))
	}
	return out
}

// dictKey returns a key identifying dictionary v for caches when it has no
// object identity: its printed form, bounded in size.
func dictKey(v lpdf.Value) string {
	var s string
	if err := guard("print", func() { s = v.String() }); err != nil {
		return ""
	}
	if len(s) > 4096 {
		s = s[:4096]
	}
	return s
}

// textString decodes a PDF text string (UTF-16BE with BOM, UTF-8 with BOM,
// or PDFDocEncoding, taken as Latin-1 here).
func textString(b []byte) string {
	if len(b) >= 2 && b[0] == 0xFE && b[1] == 0xFF {
		return utf16BEString(b[2:])
	}
	if len(b) >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF {
		return strings.ToValidUTF8(string(b[3:]), "\uFFFD")
	}
	var sb strings.Builder
	for _, c := range b {
		sb.WriteRune(pdfDocRune(c))
	}
	return sb.String()
}

// readAllLimit reads r up to limit bytes; more is an error.
func readAllLimit(r io.Reader, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if int64(len(data)) > limit {
		return nil, &LimitError{Limit: "MaxStreamBytes", Value: limit}
	}
	return data, err
}

// refAt returns the indirect reference at index i of array a, if that
// element is one.
func refAt(a lpdf.Value, i int) (objRef, bool) {
	if !refsOK {
		return objRef{}, false
	}
	d := reflect.ValueOf(a).FieldByIndex(valDatIdx)
	if d.IsNil() {
		return objRef{}, false
	}
	d = d.Elem()
	if d.Kind() != reflect.Slice || i < 0 || i >= d.Len() {
		return objRef{}, false
	}
	e := d.Index(i)
	return refOf(e)
}

// refOf reads the library's object reference (its objptr struct) held in
// e, directly or in an interface.
func refOf(e reflect.Value) (objRef, bool) {
	if e.Kind() == reflect.Interface {
		if e.IsNil() {
			return objRef{}, false
		}
		e = e.Elem()
	}
	if e.Kind() != reflect.Struct || e.Type().Name() != "objptr" || e.NumField() != 2 {
		return objRef{}, false
	}
	return objRef{uint32(e.Field(0).Uint()), uint16(e.Field(1).Uint())}, true
}
