package pdf

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/md5"
	"crypto/rc4"
	"crypto/sha256"
	"crypto/sha512"
	"errors"
	"fmt"
	"hash"

	lpdf "github.com/ledongthuc/pdf"
)

// AES-256 encryption (PDF 2.0 and Adobe's extension level 3: /V 5, /R 5
// or 6, crypt filter AESV3), which the structure library rejects. We
// present the file to the library with the trailer's /Encrypt entry
// renamed, so that it reads the file structure as if unencrypted; derive
// the file key ourselves; decrypt every stream we read; and present the
// object streams (which the library reads itself) decrypted, in place.
// AESV3 uses the file key for every object, so no object numbers are
// needed. Strings inside objects stay encrypted except where we decrypt
// them (CIDSystemInfo, marked-content properties).

var errAESPassword = errors.New("wrong password")

// encryptName is what /Encrypt is renamed to; same length.
const encryptName = "/Encrxpt"

// isAES256Rejection reports whether the library rejected the file for
// its AES-256 encryption.
func isAES256Rejection(err error) bool {
	msg := err.Error()
	return bytes.Contains([]byte(msg), []byte("256-bit")) || bytes.Contains([]byte(msg), []byte("V=5")) ||
		bytes.Contains([]byte(msg), []byte("R=5")) || bytes.Contains([]byte(msg), []byte("R=6"))
}

// openAES256 opens an AES-256 encrypted file: it returns the reader over
// the patched view and the file key.
func openAES256(v *view, password string) (*lpdf.Reader, []byte, error) {
	hideEncrypt(v)
	var r *lpdf.Reader
	var err error
	if gerr := guard("open", func() { r, err = lpdf.NewReader(v, v.size) }); gerr != nil {
		return nil, nil, gerr
	}
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	var enc lpdf.Value
	if err := guard("encrypt", func() { enc = r.Trailer().Key(encryptName[1:]) }); err != nil {
		return nil, nil, err
	}
	if key(enc, "Filter").Name() != "Standard" {
		return nil, nil, fmt.Errorf("%w: unsupported security handler %q", ErrEncrypted, key(enc, "Filter").Name())
	}
	rev, _ := num(key(enc, "R"))
	o, u := []byte(key(enc, "O").RawString()), []byte(key(enc, "U").RawString())
	oe, ue := []byte(key(enc, "OE").RawString()), []byte(key(enc, "UE").RawString())
	if len(o) < 48 || len(u) < 48 || len(oe) < 32 || len(ue) < 32 {
		return nil, nil, fmt.Errorf("%w: malformed AES-256 encryption dictionary", ErrEncrypted)
	}
	fileKey, err := aes256Key(int(rev), []byte(password), o[:48], u[:48], oe[:32], ue[:32])
	if err != nil && password != "" {
		fileKey, err = aes256Key(int(rev), nil, o[:48], u[:48], oe[:32], ue[:32])
	}
	if err != nil {
		return nil, nil, fmt.Errorf("%w: the password is not known (AES-256)", ErrEncrypted)
	}
	if err := decryptObjStms(v, fileKey); err != nil {
		return nil, nil, err
	}
	return r, fileKey, nil
}

// aes256Key derives the file key from a user or owner password
// (PDF 2.0, 7.6.4.3.3, algorithms 2.A and 2.B).
func aes256Key(rev int, pw, o, u, oe, ue []byte) ([]byte, error) {
	if len(pw) > 127 {
		pw = pw[:127]
	}
	h := func(salt, udata []byte) []byte {
		if rev >= 6 {
			return hash2B(pw, salt, udata)
		}
		s := sha256.New()
		s.Write(pw)
		s.Write(salt)
		s.Write(udata)
		return s.Sum(nil)
	}
	// Owner password: validation salt O[32:40], key salt O[40:48], with U.
	if bytes.Equal(h(o[32:40], u[:48]), o[:32]) {
		return aesNoIV(h(o[40:48], u[:48]), oe)
	}
	if bytes.Equal(h(u[32:40], nil), u[:32]) {
		return aesNoIV(h(u[40:48], nil), ue)
	}
	return nil, errAESPassword
}

// aesNoIV decrypts a 32-byte key with AES-256-CBC, zero IV, no padding.
func aesNoIV(k, data []byte) ([]byte, error) {
	b, err := aes.NewCipher(k)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 32)
	cipher.NewCBCDecrypter(b, make([]byte, 16)).CryptBlocks(out, data[:32])
	return out, nil
}

// hash2B is the iterated hash of revision 6 (algorithm 2.B).
func hash2B(pw, salt, udata []byte) []byte {
	s := sha256.New()
	s.Write(pw)
	s.Write(salt)
	s.Write(udata)
	k := s.Sum(nil)
	for i := 0; ; i++ {
		k1 := make([]byte, 0, 64*(len(pw)+len(k)+len(udata)))
		for j := 0; j < 64; j++ {
			k1 = append(k1, pw...)
			k1 = append(k1, k...)
			k1 = append(k1, udata...)
		}
		b, _ := aes.NewCipher(k[:16])
		e := make([]byte, len(k1))
		cipher.NewCBCEncrypter(b, k[16:32]).CryptBlocks(e, k1)
		sum := 0
		for _, c := range e[:16] {
			sum += int(c)
		}
		var hh hash.Hash
		switch sum % 3 {
		case 0:
			hh = sha256.New()
		case 1:
			hh = sha512.New384()
		default:
			hh = sha512.New()
		}
		hh.Write(e)
		k = hh.Sum(nil)
		if i >= 63 && int(e[len(e)-1]) <= i-31 {
			break
		}
	}
	return k[:32]
}

// aesDecrypt decrypts AESV3 data: a 16-byte IV, then CBC with PKCS#7
// padding. Damaged padding is tolerated.
func aesDecrypt(key, data []byte) ([]byte, error) {
	if len(data) < 16 {
		return nil, fmt.Errorf("%w: encrypted data too short", ErrCorrupt)
	}
	b, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	iv, body := data[:16], data[16:]
	body = body[:len(body)/16*16]
	out := make([]byte, len(body))
	cipher.NewCBCDecrypter(b, iv).CryptBlocks(out, body)
	if n := len(out); n > 0 {
		if p := int(out[n-1]); p >= 1 && p <= 16 && p <= n {
			out = out[:n-p]
		}
	}
	return out, nil
}

// decryptObjStms presents every object stream of v decrypted, in place:
// the decrypted (still compressed) data followed by spaces up to the
// stream's length, which the library's decompressor never reads.
func decryptObjStms(v *view, key []byte) error {
	for pos := int64(0); pos < v.size; pos += 1<<20 - 16 {
		buf := readAround(v, pos, 1<<20)
		for i := 0; ; {
			k := bytes.Index(buf[i:], []byte("/ObjStm"))
			if k < 0 {
				break
			}
			at := pos + int64(i+k)
			i += k + 7
			start, length, ok := objStmData(v, at)
			if !ok {
				continue
			}
			raw := readAround(v, start, length)
			plain, err := aesDecrypt(key, raw)
			if err != nil {
				continue
			}
			patched := bytes.Repeat([]byte{' '}, len(raw))
			copy(patched, plain)
			v.patch(start, patched)
		}
		if int64(len(buf)) < 1<<20 {
			break
		}
	}
	return nil
}

// objStmData returns the data range of the object stream whose dictionary
// holds the "/ObjStm" at offset at, when its /Length is direct.
func objStmData(v *view, at int64) (start int64, length int, ok bool) {
	back := min(int64(2048), at)
	before := readAround(v, at-back, int(back))
	o := bytes.LastIndex(before, []byte("obj"))
	if o < 0 {
		return 0, 0, false
	}
	dictAt := at - back + int64(o) + 3
	data := readAround(v, dictAt, 1<<16)
	lx := newLexer(data)
	if lx.next().kind != tokDictOpen {
		return 0, 0, false
	}
	d := readDict(lx)
	if d.name["Type"] != "ObjStm" || d.name["Length"] == "ref" || !lx.next().isOp("stream") {
		return 0, 0, false
	}
	s := lx.pos
	if s < len(data) && data[s] == '\r' {
		s++
	}
	if s < len(data) && data[s] == '\n' {
		s++
	}
	l := int(d.num["Length"])
	if l <= 0 || dictAt+int64(s)+int64(l) > v.size {
		return 0, 0, false
	}
	return dictAt + int64(s), l, true
}

// text returns string value v decrypted when the file is AES-256
// encrypted (the library does not decrypt strings then).
func (d *doc) text(v lpdf.Value) []byte {
	b := []byte(v.RawString())
	if d.aesKey == nil || len(b) < 32 {
		return b
	}
	if out, err := aesDecrypt(d.aesKey, b); err == nil {
		return out
	}
	return b
}

// userFromOwner recovers the user password of an RC4/AES-128 file (R 2–4)
// from its owner password (PDF 32000-1, 7.6.3.4, algorithm 7), so that the
// structure library, which checks user passwords only, can open it. It
// reads the encryption dictionary through a copy of the view with
// /Encrypt renamed.
func userFromOwner(v *view, owner string) (string, bool) {
	enc, _, ok := plainEncrypt(v)
	if !ok {
		return "", false
	}
	rev, _ := num(key(enc, "R"))
	bits, ok := num(key(enc, "Length"))
	if !ok {
		bits = 40
	}
	o := []byte(key(enc, "O").RawString())
	if rev < 2 || rev > 4 || len(o) < 32 || bits < 40 || bits > 128 {
		return "", false
	}
	pw := append([]byte(owner), passwordPad...)[:32]
	sum := md5.Sum(pw)
	k := sum[:]
	if rev >= 3 {
		for i := 0; i < 50; i++ {
			s := md5.Sum(k)
			k = s[:]
		}
	}
	n := 5
	if rev >= 3 {
		n = int(bits) / 8
	}
	k = k[:n]
	user := append([]byte(nil), o[:32]...)
	if rev == 2 {
		c, _ := rc4.NewCipher(k)
		c.XORKeyStream(user, user)
	} else {
		for i := 19; i >= 0; i-- {
			ki := make([]byte, len(k))
			for j := range k {
				ki[j] = k[j] ^ byte(i)
			}
			c, _ := rc4.NewCipher(ki)
			c.XORKeyStream(user, user)
		}
	}
	// Strip the padding.
	if i := bytes.Index(user, passwordPad[:4]); i >= 0 {
		user = user[:i]
	}
	return string(user), true
}

// passwordPad pads passwords (PDF 32000-1, 7.6.3.3, algorithm 2).
var passwordPad = []byte{
	0x28, 0xBF, 0x4E, 0x5E, 0x4E, 0x75, 0x8A, 0x41, 0x64, 0x00, 0x4E, 0x56, 0xFF, 0xFA, 0x01, 0x08,
	0x2E, 0x2E, 0x00, 0xB6, 0xD0, 0x68, 0x3E, 0x80, 0x2F, 0x0C, 0xA9, 0xFE, 0x64, 0x53, 0x69, 0x7A,
}

// plainEncrypt reads the encryption dictionary and the file ID of v as
// they are stored (the library, once it decrypts, would decrypt their
// strings too), through a copy of the view with /Encrypt renamed.
func plainEncrypt(v *view) (enc, id lpdf.Value, ok bool) {
	cp := *v
	cp.patches = append([]patch(nil), v.patches...)
	hideEncrypt(&cp)
	if err := guard("encrypt", func() {
		r, err := lpdf.NewReader(&cp, cp.size)
		if err == nil {
			enc, id = r.Trailer().Key(encryptName[1:]), r.Trailer().Key("ID")
		}
	}); err != nil || enc.Kind() != lpdf.Dict {
		return enc, id, false
	}
	return enc, id, true
}

// hideEncrypt renames /Encrypt wherever it stands as a name in v (the
// trailers and cross-reference stream dictionaries; not /EncryptMetadata),
// so that the structure library reads the file as unencrypted.
func hideEncrypt(v *view) {
	for pos := int64(0); pos < v.size; pos += 1<<20 - 16 {
		buf := readAround(v, pos, 1<<20)
		for i := 0; ; {
			k := bytes.Index(buf[i:], []byte("/Encrypt"))
			if k < 0 {
				break
			}
			at := i + k
			i = at + 8
			if at+8 < len(buf) && (isWhite(buf[at+8]) || isDelimiter(buf[at+8])) {
				v.patch(pos+int64(at), []byte(encryptName))
			}
		}
		if int64(len(buf)) < 1<<20 {
			break
		}
	}
}
