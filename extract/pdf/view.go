package pdf

import (
	"bytes"
	"io"
)

// view is the file as presented to the structure library: the bytes from
// the %PDF- header on, with a header the library accepts (it rejects
// %PDF-2.0 and headers not followed by an end of line) and without junk
// after the last %%EOF (it wants %%EOF within the last 100 bytes).
type view struct {
	r      io.ReaderAt
	base   int64 // offset of %PDF- in r
	size   int64 // bytes presented
	header [9]byte
	// patches replace byte ranges of the presented file (AES-256 files:
	// the renamed /Encrypt entry, decrypted object streams).
	patches []patch
	// tail is appended at tailAt (a rebuilt cross-reference stream).
	tail   []byte
	tailAt int64
}

type patch struct {
	off  int64
	data []byte
}

func (v *view) patch(off int64, data []byte) {
	v.patches = append(v.patches, patch{off, data})
}

func newView(r io.ReaderAt, size int64, at int) (*view, error) {
	v := &view{r: r, base: int64(at), size: size - int64(at)}
	copy(v.header[:], "%PDF-1.7\n")
	// Cut trailing junk after the last %%EOF.
	tail := int64(4096)
	if tail > v.size {
		tail = v.size
	}
	buf := make([]byte, tail)
	n, _ := r.ReadAt(buf, size-tail)
	buf = buf[:n]
	if i := bytes.LastIndex(buf, []byte("%%EOF")); i >= 0 {
		end := size - tail + int64(i) + 5
		v.size = end - v.base
	}
	if v.size < 16 {
		return nil, ErrNotPDF
	}
	return v, nil
}

func (v *view) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, io.EOF
	}
	if off >= v.size {
		return 0, io.EOF
	}
	want := len(p)
	if int64(want) > v.size-off {
		p = p[:v.size-off]
	}
	var n int
	var err error
	if v.tail != nil && off+int64(len(p)) > v.tailAt {
		// Part or all of the read is in the appended tail.
		head := 0
		if off < v.tailAt {
			head, err = v.r.ReadAt(p[:v.tailAt-off], v.base+off)
			if head < int(v.tailAt-off) {
				return head, err
			}
		}
		t := max(off, v.tailAt) - v.tailAt
		n = head + copy(p[head:], v.tail[t:])
		err = nil
	} else {
		n, err = v.r.ReadAt(p, v.base+off)
	}
	if off < int64(len(v.header)) {
		copy(p[:n], v.header[off:])
	}
	for _, pt := range v.patches {
		lo, hi := max(off, pt.off), min(off+int64(n), pt.off+int64(len(pt.data)))
		if lo < hi {
			copy(p[lo-off:hi-off], pt.data[lo-pt.off:hi-pt.off])
		}
	}
	if n < want && err == nil {
		err = io.EOF
	}
	return n, err
}
