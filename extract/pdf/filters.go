package pdf

import (
	"bytes"
	"compress/flate"
	"compress/zlib"
	"encoding/ascii85"
	"errors"
	"fmt"
	"io"
)

// Stream filters. ledongthuc/pdf decodes only Flate (PNG-Up predictor) and
// ASCII85 and panics on the rest; we decode unencrypted streams ourselves
// with these, and use the library only for encrypted ones.

var errFilter = errors.New("unsupported stream filter")

// decodeFilter applies one filter to data. limit bounds the output.
func decodeFilter(data []byte, name string, parms filterParms, limit int64) ([]byte, error) {
	switch name {
	case "FlateDecode", "Fl":
		out, err := inflate(data, limit)
		if err != nil && len(out) == 0 {
			return nil, err
		}
		return unpredict(out, parms)
	case "LZWDecode", "LZW":
		out, err := unlzw(data, parms.earlyChange, limit)
		if err != nil && len(out) == 0 {
			return nil, err
		}
		return unpredict(out, parms)
	case "ASCIIHexDecode", "AHx":
		return unhexStream(data), nil
	case "ASCII85Decode", "A85":
		return unascii85(data, limit)
	case "RunLengthDecode", "RL":
		return unrunlength(data, limit)
	case "Crypt":
		return data, nil // Identity crypt filter
	}
	return nil, fmt.Errorf("%w %s", errFilter, name)
}

type filterParms struct {
	predictor, colors, bpc, columns int
	earlyChange                     int
}

func defaultParms() filterParms {
	return filterParms{predictor: 1, colors: 1, bpc: 8, columns: 1, earlyChange: 1}
}

// inflate decompresses zlib data; a damaged or missing zlib header
// (raw deflate) and truncated streams are tolerated: the bytes decoded so
// far are kept.
func inflate(data []byte, limit int64) ([]byte, error) {
	var r io.Reader
	if zr, err := zlib.NewReader(bytes.NewReader(data)); err == nil {
		r = zr
	} else {
		r = flate.NewReader(bytes.NewReader(data))
	}
	out, err := io.ReadAll(io.LimitReader(r, limit+1))
	if int64(len(out)) > limit {
		return nil, &LimitError{Limit: "MaxStreamBytes", Value: limit}
	}
	return out, err
}

// unpredict undoes a TIFF or PNG predictor.
func unpredict(data []byte, p filterParms) ([]byte, error) {
	if p.predictor <= 1 {
		return data, nil
	}
	if p.colors < 1 || p.colors > 32 || p.bpc < 1 || p.bpc > 16 || p.columns < 1 || p.columns > 1<<20 {
		return nil, fmt.Errorf("%w: bad predictor parameters", errFilter)
	}
	bpp := max(1, p.colors*p.bpc/8)
	rowLen := (p.colors*p.bpc*p.columns + 7) / 8
	if p.predictor == 2 {
		if p.bpc != 8 {
			return data, nil
		}
		for r := 0; r+rowLen <= len(data); r += rowLen {
			row := data[r : r+rowLen]
			for i := bpp; i < len(row); i++ {
				row[i] += row[i-bpp]
			}
		}
		return data, nil
	}
	// PNG predictors: each row starts with its filter type byte.
	out := make([]byte, 0, len(data))
	prev := make([]byte, rowLen)
	cur := make([]byte, rowLen)
	for r := 0; r < len(data); r += rowLen + 1 {
		ft := data[r]
		end := min(r+1+rowLen, len(data))
		n := copy(cur, data[r+1:end])
		clear(cur[n:])
		switch ft {
		case 0:
		case 1:
			for i := bpp; i < rowLen; i++ {
				cur[i] += cur[i-bpp]
			}
		case 2:
			for i := 0; i < rowLen; i++ {
				cur[i] += prev[i]
			}
		case 3:
			for i := 0; i < rowLen; i++ {
				var left byte
				if i >= bpp {
					left = cur[i-bpp]
				}
				cur[i] += byte((int(left) + int(prev[i])) / 2)
			}
		case 4:
			for i := 0; i < rowLen; i++ {
				var a, c byte
				if i >= bpp {
					a, c = cur[i-bpp], prev[i-bpp]
				}
				cur[i] += paeth(a, prev[i], c)
			}
		default:
			return out, fmt.Errorf("%w: bad PNG filter type %d", errFilter, ft)
		}
		out = append(out, cur[:n]...)
		prev, cur = cur, prev
	}
	return out, nil
}

func paeth(a, b, c byte) byte {
	p := int(a) + int(b) - int(c)
	pa, pb, pc := abs(p-int(a)), abs(p-int(b)), abs(p-int(c))
	if pa <= pb && pa <= pc {
		return a
	}
	if pb <= pc {
		return b
	}
	return c
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// unlzw decodes PDF LZW data (MSB first, 9–12-bit codes, 256 = clear,
// 257 = end; earlyChange as in the /EarlyChange parameter).
func unlzw(data []byte, earlyChange int, limit int64) ([]byte, error) {
	type entry struct {
		prefix int
		c      byte
		n      int
	}
	var table [4096]entry
	reset := func() int {
		for i := 0; i < 256; i++ {
			table[i] = entry{prefix: -1, c: byte(i), n: 1}
		}
		return 258
	}
	next := reset()
	width := 9
	var out []byte
	var bits uint32
	nbits := 0
	prev := -1
	var buf []byte
	emit := func(code int) []byte {
		buf = buf[:0]
		n := table[code].n
		if cap(buf) < n {
			buf = make([]byte, n)
		}
		buf = buf[:n]
		for i := n - 1; code >= 0 && i >= 0; i-- {
			buf[i] = table[code].c
			code = table[code].prefix
		}
		return buf
	}
	for i := 0; i < len(data); i++ {
		bits = bits<<8 | uint32(data[i])
		nbits += 8
		for nbits >= width {
			code := int(bits>>(nbits-width)) & (1<<width - 1)
			nbits -= width
			switch {
			case code == 256:
				next = reset()
				width = 9
				prev = -1
				continue
			case code == 257:
				return out, nil
			}
			var s []byte
			switch {
			case prev < 0:
				if code > 255 {
					return out, fmt.Errorf("%w: bad LZW code", errFilter)
				}
				s = emit(code)
			case code < next:
				s = emit(code)
				if next < 4096 {
					table[next] = entry{prefix: prev, c: s[0], n: table[prev].n + 1}
					next++
				}
			case code == next && next < 4096:
				p := emit(prev)
				first := p[0]
				table[next] = entry{prefix: prev, c: first, n: table[prev].n + 1}
				next++
				s = emit(code)
			default:
				return out, fmt.Errorf("%w: bad LZW code", errFilter)
			}
			out = append(out, s...)
			if int64(len(out)) > limit {
				return nil, &LimitError{Limit: "MaxStreamBytes", Value: limit}
			}
			prev = code
			switch {
			case next+earlyChange >= 4096:
				width = 12
			case next+earlyChange >= 2048:
				width = 12
			case next+earlyChange >= 1024:
				width = 11
			case next+earlyChange >= 512:
				width = 10
			default:
				width = 9
			}
		}
	}
	return out, nil
}

func unhexStream(data []byte) []byte {
	out := make([]byte, 0, len(data)/2)
	hi := -1
	for _, c := range data {
		if c == '>' {
			break
		}
		v := unhexDigit(c)
		if v < 0 {
			continue
		}
		if hi < 0 {
			hi = v
		} else {
			out = append(out, byte(hi<<4|v))
			hi = -1
		}
	}
	if hi >= 0 {
		out = append(out, byte(hi<<4))
	}
	return out
}

func unascii85(data []byte, limit int64) ([]byte, error) {
	data = bytes.TrimLeft(data, " \t\r\n\f\x00")
	data = bytes.TrimPrefix(data, []byte("<~"))
	clean := make([]byte, 0, len(data))
	for i := 0; i < len(data); i++ {
		c := data[i]
		if c == '~' {
			break
		}
		if isWhite(c) {
			continue
		}
		clean = append(clean, c)
	}
	out, err := io.ReadAll(io.LimitReader(ascii85.NewDecoder(bytes.NewReader(clean)), limit+1))
	if int64(len(out)) > limit {
		return nil, &LimitError{Limit: "MaxStreamBytes", Value: limit}
	}
	if err != nil && len(out) > 0 {
		err = nil
	}
	return out, err
}

func unrunlength(data []byte, limit int64) ([]byte, error) {
	var out []byte
	for i := 0; i < len(data); {
		n := int(data[i])
		i++
		switch {
		case n == 128:
			return out, nil
		case n < 128:
			end := min(i+n+1, len(data))
			out = append(out, data[i:end]...)
			i = end
		default:
			if i < len(data) {
				for k := 0; k < 257-n; k++ {
					out = append(out, data[i])
				}
				i++
			}
		}
		if int64(len(out)) > limit {
			return nil, &LimitError{Limit: "MaxStreamBytes", Value: limit}
		}
	}
	return out, nil
}
