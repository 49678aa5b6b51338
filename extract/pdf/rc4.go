package pdf

import (
	"bytes"
	"crypto/md5"
	"crypto/rc4"
	"fmt"

	lpdf "github.com/ledongthuc/pdf"
)

// RC4 with keys shorter than 88 bits (/V 1, the 40-bit encryption of PDF
// 1.1–1.3, and /V 2 with a short /Length). The structure library derives
// the key of each object as the whole MD5 digest, where the standard
// (PDF 32000-1, 7.6.2, algorithm 1) keeps only the first n+5 bytes of it;
// both agree only for keys of 88 bits and more, so the library opens
// these files, checks the password right, and then decrypts every stream
// into noise. We decrypt the streams ourselves, in a copy of the file: RC4
// keeps the length of the data, so each stream is replaced in place, and
// /Encrypt is renamed so that the library reads the copy as unencrypted.
// As with AES-256, strings inside objects stay encrypted (they carry no
// page text).

// weakRC4 reports whether the file rd opened (from v) is encrypted with
// RC4 and a key the library handles wrong, and returns the encryption
// parameters. The numbers of the encryption dictionary are read through
// rd; its strings, which rd would decrypt, are read as stored only for a
// weak file.
func weakRC4(rd *lpdf.Reader, v *view) (p rc4Params, weak bool) {
	var enc lpdf.Value
	if err := guard("encrypt", func() { enc = rd.Trailer().Key("Encrypt") }); err != nil {
		return p, false
	}
	if enc.Kind() != lpdf.Dict || key(enc, "Filter").Name() != "Standard" {
		return p, false
	}
	ver, _ := num(key(enc, "V"))
	bits, ok := num(key(enc, "Length"))
	if !ok || ver == 1 {
		bits = 40
	}
	if ver != 1 && ver != 2 || bits >= 88 || bits < 40 || int(bits)%8 != 0 {
		return p, false
	}
	raw, id, ok := plainEncrypt(v)
	if !ok {
		return p, false
	}
	r, _ := num(key(enc, "R"))
	pv, _ := num(key(enc, "P"))
	p = rc4Params{
		rev: int(r), n: int(bits) / 8, p: uint32(int32(int64(pv))),
		o: []byte(key(raw, "O").RawString()), u: []byte(key(raw, "U").RawString()),
		id: []byte(index(id, 0).RawString()),
	}
	return p, len(p.o) >= 32 && len(p.u) >= 32 && (p.rev == 2 || p.rev == 3)
}

type rc4Params struct {
	rev  int
	n    int // key length in bytes
	p    uint32
	o, u []byte
	id   []byte
}

// fileKey derives the file key from a user password (algorithm 2) and
// checks it against /U (algorithms 4 and 5).
func (p *rc4Params) fileKey(password string) ([]byte, bool) {
	pw := append([]byte(password), passwordPad...)[:32]
	h := md5.New()
	h.Write(pw)
	h.Write(p.o[:32])
	h.Write([]byte{byte(p.p), byte(p.p >> 8), byte(p.p >> 16), byte(p.p >> 24)})
	h.Write(p.id)
	k := h.Sum(nil)
	if p.rev >= 3 {
		for range 50 {
			s := md5.Sum(k[:p.n])
			k = s[:]
		}
	}
	k = k[:p.n]
	var u []byte
	if p.rev == 2 {
		u = append([]byte(nil), passwordPad...)
		c, _ := rc4.NewCipher(k)
		c.XORKeyStream(u, u)
		return k, bytes.Equal(u, p.u[:32])
	}
	s := md5.Sum(append(append([]byte(nil), passwordPad...), p.id...))
	u = s[:]
	for i := range 20 {
		k1 := make([]byte, len(k))
		for j := range k {
			k1[j] = k[j] ^ byte(i)
		}
		c, _ := rc4.NewCipher(k1)
		c.XORKeyStream(u, u)
	}
	return k, bytes.Equal(u, p.u[:16])
}

// objectKey is the key of one object (algorithm 1).
func objectKey(fileKey []byte, num, gen int) []byte {
	b := append(append([]byte(nil), fileKey...), byte(num), byte(num>>8), byte(num>>16), byte(gen), byte(gen>>8))
	s := md5.Sum(b)
	return s[:min(len(fileKey)+5, 16)]
}

// decryptRC4 returns a copy of the file presented by v with every stream
// decrypted and /Encrypt renamed, or an error wrapping ErrEncrypted when
// no password given opens it.
func decryptRC4(v *view, p rc4Params, password string) (*view, error) {
	k, ok := p.fileKey(password)
	if !ok && password != "" {
		k, ok = p.fileKey("")
	}
	if !ok {
		return nil, fmt.Errorf("%w: the password is not known (%d-bit RC4)", ErrEncrypted, p.n*8)
	}
	buf := make([]byte, v.size)
	n, _ := v.ReadAt(buf, 0)
	buf = buf[:n]
	for i := 0; ; {
		at, num, gen, _ := nextObj(buf, i)
		if at < 0 {
			break
		}
		i = at + 3
		start, end, xref, ok := streamData(buf, at+3)
		if !ok {
			continue
		}
		i = end
		if xref {
			continue // cross-reference streams are not encrypted
		}
		c, _ := rc4.NewCipher(objectKey(k, num, gen))
		c.XORKeyStream(buf[start:end], buf[start:end])
	}
	dv, err := newView(bytes.NewReader(buf), int64(len(buf)), 0)
	if err != nil {
		return nil, err
	}
	hideEncrypt(dv)
	return dv, nil
}

// streamData finds the data of the stream whose object body starts at
// buf[from] (after "obj"): its range, and whether it is a cross-reference
// stream. The length is the direct /Length when it ends at "endstream",
// else the data runs up to the next "endstream".
func streamData(buf []byte, from int) (start, end int, xref, ok bool) {
	lx := newLexer(buf[from:min(len(buf), from+1<<16)])
	if lx.next().kind != tokDictOpen {
		return 0, 0, false, false
	}
	d := readDict(lx)
	if !lx.next().isOp("stream") {
		return 0, 0, false, false
	}
	start = from + lx.pos
	if start < len(buf) && buf[start] == '\r' {
		start++
	}
	if start < len(buf) && buf[start] == '\n' {
		start++
	}
	xref = d.name["Type"] == "XRef"
	if l, ok := d.num["Length"]; ok && d.name["Length"] != "ref" && l >= 0 && start+int(l) <= len(buf) {
		end = start + int(l)
		rest := bytes.TrimLeft(buf[end:min(len(buf), end+32)], " \t\r\n\f\x00")
		if bytes.HasPrefix(rest, []byte("endstream")) {
			return start, end, xref, true
		}
	}
	e := bytes.Index(buf[start:], []byte("endstream"))
	if e < 0 {
		return 0, 0, false, false
	}
	end = start + e
	// The end of line before endstream is not data.
	if end > start && buf[end-1] == '\n' {
		end--
	}
	if end > start && buf[end-1] == '\r' {
		end--
	}
	return start, end, xref, true
}
