package pdf

import (
	"bytes"
	"compress/lzw"
	"compress/zlib"
	"errors"
	"testing"
)

func TestFilters(t *testing.T) {
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write([]byte("hello, flate"))
	zw.Close()
	// PNG Up predictor, 3 columns: rows "abc", "abd" → filter 2 deltas.
	var zp bytes.Buffer
	zw = zlib.NewWriter(&zp)
	zw.Write([]byte{2, 'a', 'b', 'c', 2, 0, 0, 1})
	zw.Close()
	up := defaultParms()
	up.predictor, up.columns, up.colors = 12, 3, 1
	var lz bytes.Buffer
	lw := lzw.NewWriter(&lz, lzw.MSB, 8)
	lw.Write([]byte("TOBEORNOTTOBEORTOBEORNOT"))
	lw.Close()
	tests := []struct {
		name   string
		filter string
		parms  filterParms
		in     []byte
		want   string
	}{
		{"flate", "FlateDecode", defaultParms(), z.Bytes(), "hello, flate"},
		{"flate truncated", "FlateDecode", defaultParms(), z.Bytes()[:len(z.Bytes())-4], "hello, flate"},
		{"png up", "FlateDecode", up, zp.Bytes(), "abcabd"},
		// PDF 32000-1, 7.4.4.2: "-----A---B" with EarlyChange 1.
		{"lzw spec example", "LZWDecode", defaultParms(), []byte{0x80, 0x0B, 0x60, 0x50, 0x22, 0x0C, 0x0C, 0x85, 0x01}, "-----A---B"},
		{"lzw no early change", "LZWDecode", filterParms{predictor: 1, colors: 1, bpc: 8, columns: 1, earlyChange: 0}, lz.Bytes(), "TOBEORNOTTOBEORTOBEORNOT"},
		{"ascii hex", "ASCIIHexDecode", defaultParms(), []byte("48 65 6C 6c 6F 7>"), "Hellop"},
		{"ascii85", "ASCII85Decode", defaultParms(), []byte("<~87cURD]j7BEbo80~>"), "Hello world!"},
		{"run length", "RunLengthDecode", defaultParms(), []byte{2, 'a', 'b', 'c', 254, 'x', 128}, "abcxxx"},
	}
	for _, tt := range tests {
		got, err := decodeFilter(tt.in, tt.filter, tt.parms, 1<<20)
		if string(got) != tt.want {
			t.Errorf("%s: got %q (%v), want %q", tt.name, got, err, tt.want)
		}
	}
	if _, err := decodeFilter([]byte("x"), "JBIG2Decode", defaultParms(), 1<<20); !errors.Is(err, errFilter) {
		t.Errorf("unknown filter: %v", err)
	}
	// A decompression bomb hits the limit.
	var bomb bytes.Buffer
	zw = zlib.NewWriter(&bomb)
	zw.Write(make([]byte, 1<<20))
	zw.Close()
	var le *LimitError
	if _, err := decodeFilter(bomb.Bytes(), "FlateDecode", defaultParms(), 1000); !errors.As(err, &le) {
		t.Errorf("bomb: %v", err)
	}
}
