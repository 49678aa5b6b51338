package pdf

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"testing"
	"time"
)

// objStmPDF builds a file whose page tree lives in an object stream with
// the given body (objects 2 and 3: Pages and Page), indexed by an
// uncompressed cross-reference stream. stm is the object number the
// cross-reference stream gives as the object stream of object 2.
func objStmPDF(body string, n int, stm int) []byte {
	var buf bytes.Buffer
	buf.WriteString("%PDF-1.7\n")
	offs := map[int]int{}
	offs[1] = buf.Len()
	buf.WriteString("1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n")
	offs[4] = buf.Len()
	fmt.Fprintf(&buf, "4 0 obj\n<< /Type /ObjStm /N %d /First 10 /Length %d >>\nstream\n%s\nendstream\nendobj\n", n, len(body), body)
	xrefAt := buf.Len()
	var rows bytes.Buffer
	row := func(typ byte, a uint32, b uint16) {
		rows.WriteByte(typ)
		binary.Write(&rows, binary.BigEndian, a)
		binary.Write(&rows, binary.BigEndian, b)
	}
	row(0, 0, 65535)
	row(1, uint32(offs[1]), 0)
	row(2, uint32(stm), 0)
	row(2, uint32(stm), 1)
	row(1, uint32(offs[4]), 0)
	row(1, uint32(xrefAt), 0)
	fmt.Fprintf(&buf, "5 0 obj\n<< /Type /XRef /Size 6 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n", rows.Len())
	buf.Write(rows.Bytes())
	fmt.Fprintf(&buf, "\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n", xrefAt)
	return buf.Bytes()
}

func TestObjStm(t *testing.T) {
	pages := "<< /Type /Pages /Kids [3 0 R] /Count 1 >> "
	good := fmt.Sprintf("2 0 3 %-3d %s<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>", len(pages), pages)
	tests := []struct {
		name string
		data []byte
		want error
	}{
		{"good", objStmPDF(good, 2, 4), ErrNoText},
		{"unterminated hex", objStmPDF("2 0 3 9    << /A <414", 2, 4), ErrCorrupt},
		{"huge N", objStmPDF(good, 1<<30, 4), ErrCorrupt},
		{"self-compressed", objStmPDF(good, 2, 2), ErrCorrupt},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			_, err := Read(ctx, bytes.NewReader(tt.data), int64(len(tt.data)), Options{})
			if !errors.Is(err, tt.want) {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
		})
	}
}

func TestXrefBombs(t *testing.T) {
	good := (&testDoc{pages: []string{"BT /F1 10 Tf (A) Tj ET"}}).build()
	huge := bytes.Replace(good, []byte("xref\n0 "), []byte("xref\n4000000000 "), 1)
	if bytes.Equal(huge, good) {
		t.Fatal("no xref header replaced")
	}
	_, err := Read(context.Background(), bytes.NewReader(huge), int64(len(huge)), Options{})
	if !errors.Is(err, ErrCorrupt) {
		t.Fatalf("got %v, want ErrCorrupt", err)
	}
	size := bytes.Replace(good, []byte("trailer\n<< /Size "), []byte("trailer\n<< /Size 9999999999"), 1)
	_, err = Read(context.Background(), bytes.NewReader(size), int64(len(size)), Options{})
	if !errors.Is(err, ErrCorrupt) {
		t.Fatalf("got %v, want ErrCorrupt", err)
	}
}

func TestUnterminatedHex(t *testing.T) {
	for src, want := range map[string]bool{
		"<< /A <41> >>":      false,
		"<< /A <41":          true,
		"(a<b) <41>":         false,
		"(a\\) <) <41":       true,
		"% <comment\n<< >>":  false,
		"[<41> (x) <42 43>]": false,
	} {
		if got := unterminatedHex([]byte(src)); got != want {
			t.Errorf("%q: got %v, want %v", src, got, want)
		}
	}
}

// TestLibraryHangReproducers checks that the files on which the structure
// library hangs are rejected quickly.
func TestLibraryHangReproducers(t *testing.T) {
	for _, name := range []string{"testdata/hang_objstm_hex.pdf", "testdata/hang_objstm_self.pdf"} {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		_, err = Read(ctx, bytes.NewReader(data), int64(len(data)), Options{})
		cancel()
		if !errors.Is(err, ErrCorrupt) {
			t.Errorf("%s: got %v, want ErrCorrupt", name, err)
		}
	}
}
