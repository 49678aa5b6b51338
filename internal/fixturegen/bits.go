package fixturegen

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"hash/crc32"
)

// bitWriter writes a DEFLATE bit stream (RFC 1951): fields least
// significant bit first, Huffman codes most significant bit first.
type bitWriter struct {
	buf   []byte
	acc   uint64
	nbits uint
}

func (w *bitWriter) bits(v uint64, n uint) {
	w.acc |= v << w.nbits
	w.nbits += n
	for w.nbits >= 8 {
		w.buf = append(w.buf, byte(w.acc))
		w.acc >>= 8
		w.nbits -= 8
	}
}

// code writes a Huffman code of n bits.
func (w *bitWriter) code(c uint64, n uint) {
	var r uint64
	for i := uint(0); i < n; i++ {
		r = r<<1 | (c>>i)&1
	}
	w.bits(r, n)
}

// align pads to a byte boundary.
func (w *bitWriter) align() {
	if w.nbits > 0 {
		w.bits(0, 8-w.nbits)
	}
}

func (w *bitWriter) bytes() []byte {
	w.align()
	return w.buf
}

// Length and distance code tables of RFC 1951 §3.2.5.
var (
	lenBase  = [...]int{3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258}
	lenExtra = [...]uint{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0}
	distBase = [...]int{1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577}
	distExtr = [...]uint{0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13}
)

// fixedLit writes literal/length symbol s with the fixed Huffman code.
func (w *bitWriter) fixedLit(s int) {
	switch {
	case s < 144:
		w.code(uint64(0x30+s), 8)
	case s < 256:
		w.code(uint64(0x190+s-144), 9)
	case s < 280:
		w.code(uint64(s-256), 7)
	default:
		w.code(uint64(0xC0+s-280), 8)
	}
}

// deflateFixed compresses data into one final fixed-Huffman DEFLATE block
// with a plain greedy LZ77 search. It is small and slow, but its output
// depends on nothing but data: compress/flate's output may change between
// Go releases, and the broken inputs must not.
func deflateFixed(data []byte) []byte {
	const (
		window   = 32768
		maxLen   = 258
		hashBits = 15
		chainMax = 48
	)
	w := &bitWriter{}
	w.bits(1, 1) // BFINAL
	w.bits(1, 2) // BTYPE 01: fixed Huffman codes
	head := make([]int32, 1<<hashBits)
	for i := range head {
		head[i] = -1
	}
	prev := make([]int32, len(data))
	hash := func(i int) int {
		return int((uint32(data[i])<<10 ^ uint32(data[i+1])<<5 ^ uint32(data[i+2])) & (1<<hashBits - 1))
	}
	insert := func(i int) {
		if i+2 < len(data) {
			h := hash(i)
			prev[i] = head[h]
			head[h] = int32(i)
		}
	}
	for i := 0; i < len(data); {
		bestLen, bestDist := 0, 0
		if i+2 < len(data) {
			cand := head[hash(i)]
			for n := 0; cand >= 0 && n < chainMax && i-int(cand) <= window; n++ {
				c := int(cand)
				l := 0
				for l < maxLen && i+l < len(data) && data[c+l] == data[i+l] {
					l++
				}
				if l > bestLen {
					bestLen, bestDist = l, i-c
					if l == maxLen {
						break
					}
				}
				cand = prev[c]
			}
		}
		if bestLen < 3 {
			w.fixedLit(int(data[i]))
			insert(i)
			i++
			continue
		}
		lc := len(lenBase) - 1
		for lenBase[lc] > bestLen {
			lc--
		}
		w.fixedLit(257 + lc)
		w.bits(uint64(bestLen-lenBase[lc]), lenExtra[lc])
		dc := len(distBase) - 1
		for distBase[dc] > bestDist {
			dc--
		}
		w.code(uint64(dc), 5)
		w.bits(uint64(bestDist-distBase[dc]), distExtr[dc])
		for k := 0; k < bestLen; k++ {
			insert(i + k)
		}
		i += bestLen
	}
	w.fixedLit(256) // end of block
	return w.bytes()
}

// rawPart is a part of a hand-made zip archive: its bytes as stored and
// what the headers say about them.
type rawPart struct {
	name   string
	data   []byte // uncompressed content
	method uint16 // zip.Store or zip.Deflate (deflateFixed)
}

// zipRaw writes parts with archive/zip's raw interface, compressing with
// deflateFixed, so the archive is the same on every Go release.
func zipRaw(parts []rawPart) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		body := p.data
		if p.method == zip.Deflate {
			body = deflateFixed(p.data)
		}
		h := &zip.FileHeader{
			Name: p.name, Method: p.method, CRC32: crc32.ChecksumIEEE(p.data),
			CompressedSize64: uint64(len(body)), UncompressedSize64: uint64(len(p.data)),
		}
		h.ModifiedDate, h.ModifiedTime = dosDate1980, dosTime0
		w, err := zw.CreateRaw(h)
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(body); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// le32 and le16 append little-endian integers.
func le32(b []byte, v uint32) []byte { return binary.LittleEndian.AppendUint32(b, v) }
func le16(b []byte, v uint16) []byte { return binary.LittleEndian.AppendUint16(b, v) }
