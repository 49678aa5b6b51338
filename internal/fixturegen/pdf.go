package fixturegen

import (
	"bytes"
	"fmt"
)

// runLength encodes data with the PDF RunLengthDecode filter.
func runLength(data []byte) []byte {
	var out []byte
	for i := 0; i < len(data); {
		j := i + 1
		for j < len(data) && j-i < 128 && data[j] == data[i] {
			j++
		}
		if j-i >= 2 {
			out = append(out, byte(257-(j-i)), data[i])
			i = j
			continue
		}
		// A literal run up to the next repeat.
		j = i + 1
		for j < len(data) && j-i < 128 && !(j+1 < len(data) && data[j] == data[j+1]) {
			j++
		}
		out = append(out, byte(j-i-1))
		out = append(out, data[i:j]...)
		i = j
	}
	return append(out, 128)
}

// imageOnlyPDF is a one-page PDF whose page is a single grayscale image of
// a "scanned" report page (text lines and a table drawn as bars and rules)
// and holds no text at all.
func imageOnlyPDF() []byte {
	const w, h = 496, 702 // A4 at 60 dpi
	img := bytes.Repeat([]byte{255}, w*h)
	r := newRNG(0x5CA11ED)
	bar := func(x0, y0, x1, y1 int, v byte) {
		for y := max(y0, 0); y < min(y1, h); y++ {
			for x := max(x0, 0); x < min(x1, w); x++ {
				img[y*w+x] = v
			}
		}
	}
	// Title, then lines of text.
	bar(120, 70, 376, 84, 40)
	y := 110
	for y < 380 {
		indent := 0
		if r.chance(0.25) {
			indent = 24
		}
		bar(60+indent, y, 60+indent+r.between(250, 376-indent), y+8, 70)
		y += 18
	}
	// A table: rules and short bars in the cells.
	cols := []int{60, 140, 200, 250, 300, 350, 400, 436}
	top, rowH, rows := 400, 16, 14
	for i := 0; i <= rows; i++ {
		bar(60, top+i*rowH, 437, top+i*rowH+1, 0)
	}
	for _, x := range cols {
		bar(x, top, x+1, top+rows*rowH+1, 0)
	}
	for i := 0; i < rows; i++ {
		for k := 0; k+1 < len(cols); k++ {
			cw := cols[k+1] - cols[k]
			bl := r.between(4, cw-10)
			if k > 0 {
				bl = r.between(4, 10)
			}
			bar(cols[k]+5, top+i*rowH+5, cols[k]+5+bl, top+i*rowH+11, 90)
		}
	}
	bar(230, 680, 266, 686, 90) // page number
	stream := runLength(img)

	var b bytes.Buffer
	var offs []int
	obj := func(body string, data []byte) {
		offs = append(offs, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s", len(offs), body)
		if data != nil {
			b.WriteString("\nstream\n")
			b.Write(data)
			b.WriteString("\nendstream")
		}
		b.WriteString("\nendobj\n")
	}
	b.WriteString("%PDF-1.4\n%\xE2\xE3\xCF\xD3\n")
	obj("<< /Type /Catalog /Pages 2 0 R >>", nil)
	obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>", nil)
	obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>", nil)
	obj(fmt.Sprintf("<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /RunLengthDecode /Length %d >>", w, h, len(stream)), stream)
	content := []byte("q 595.28 0 0 841.89 0 0 cm /Im0 Do Q")
	obj(fmt.Sprintf("<< /Length %d >>", len(content)), content)
	obj("<< /Producer (nianbao fixture generator) /Title (scanned page) >>", nil)
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offs)+1, xref)
	return b.Bytes()
}

// NormalizePDF makes a PDF written by LibreOffice reproducible: it
// overwrites the digits of its creation and modification dates with a
// fixed date, and its file identifier and document checksum with values
// derived from the content.
// Both edits keep every byte offset, so the cross-reference table stays
// valid.
func NormalizePDF(data []byte) []byte {
	out := append([]byte{}, data...)
	for _, key := range []string{"/CreationDate(D:", "/ModDate(D:"} {
		for off := 0; ; {
			i := bytes.Index(out[off:], []byte(key))
			if i < 0 {
				break
			}
			p := off + i + len(key)
			fixed := "20000101000000"
			for k := 0; k < len(fixed) && p+k < len(out) && out[p+k] >= '0' && out[p+k] <= '9'; k++ {
				out[p+k] = fixed[k]
			}
			off = p
		}
	}
	// The /ID array: two hex strings. Zero them, hash, then write the hash.
	type span struct{ a, b int }
	var ids []span
	for off := 0; ; {
		i := bytes.Index(out[off:], []byte("/ID"))
		if i < 0 {
			break
		}
		p := off + i + 3
		for p < len(out) && (out[p] == ' ' || out[p] == '[' || out[p] == '\n' || out[p] == '\r') {
			p++
		}
		for k := 0; k < 2 && p < len(out) && out[p] == '<'; k++ {
			e := bytes.IndexByte(out[p:], '>')
			if e < 0 {
				break
			}
			ids = append(ids, span{p + 1, p + e})
			p += e + 1
			for p < len(out) && (out[p] == ' ' || out[p] == '\n' || out[p] == '\r') {
				p++
			}
		}
		off = p
	}
	// LibreOffice also writes a checksum of the content (with the date)
	// into the trailer.
	if i := bytes.Index(out, []byte("/DocChecksum /")); i >= 0 {
		a := i + len("/DocChecksum /")
		b := a
		for b < len(out) && isHex(out[b]) {
			b++
		}
		ids = append(ids, span{a, b})
	}
	for _, s := range ids {
		for k := s.a; k < s.b; k++ {
			out[k] = '0'
		}
	}
	sum := fnv128(out)
	for _, s := range ids {
		for k := s.a; k < s.b; k++ {
			out[k] = "0123456789ABCDEF"[sum[(k-s.a)/2%16]>>(4*uint(1-(k-s.a)%2))&0xF]
		}
	}
	return out
}

// fnv128 is a 128-bit content hash made of two FNV-1a passes (the file
// identifier only needs to be stable and content-dependent).
func fnv128(b []byte) [16]byte {
	h1, h2 := uint64(14695981039346656037), uint64(0x6c62272e07bb0142)
	for _, c := range b {
		h1 ^= uint64(c)
		h1 *= 1099511628211
		h2 ^= uint64(c)
		h2 *= 0x100000001b3
		h2 ^= h2 >> 29
	}
	var out [16]byte
	for i := 0; i < 8; i++ {
		out[i] = byte(h1 >> (8 * i))
		out[8+i] = byte(h2 >> (8 * i))
	}
	return out
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'A' && c <= 'F' || c >= 'a' && c <= 'f'
}

// WatermarkPDF is a one-page A4 PDF holding nothing but watermarks, to be
// laid over a report with qpdf --overlay (scripts/make-pdf-fixtures.sh): a
// light gray line set diagonally, and two set across the page through the
// tables.
func WatermarkPDF() []byte {
	content := []byte("q 0.85 g BT /F1 48 Tf 0.707 0.707 -0.707 0.707 120 150 Tm (DRAFT COPY 2024) Tj ET " +
		"BT /F1 60 Tf 1 0 0 1 100 300 Tm (DRAFT COPY) Tj ET BT /F1 60 Tf 1 0 0 1 100 560 Tm (DRAFT COPY) Tj ET Q")
	var b bytes.Buffer
	var offs []int
	obj := func(body string) {
		offs = append(offs, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", len(offs), body)
	}
	b.WriteString("%PDF-1.4\n%\xE2\xE3\xCF\xD3\n")
	obj("<< /Type /Catalog /Pages 2 0 R >>")
	obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
	obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>")
	obj(fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content))
	obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offs)+1, xref)
	return b.Bytes()
}
