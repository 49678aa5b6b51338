package fixturegen

import (
	"archive/zip"
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"strings"
	"unicode/utf16"
)

// invalidBase is the fixture the damaged .docx files are made from.
const invalidBase = "docx/citygov-2021-heading1.docx"

// InvalidDerived lists the broken inputs that scripts/make-pdf-fixtures.sh
// makes from the PDFs (the generator does not write them).
var InvalidDerived = []string{"invalid/truncated.pdf", "invalid/encrypted.pdf"}

// invalidFiles returns the broken inputs. They are built without
// compress/flate, so that their bytes do not depend on the Go release.
func invalidFiles(fixtures []File) ([]File, error) {
	var base []byte
	for _, f := range fixtures {
		if f.Path == invalidBase {
			base = f.Data
		}
	}
	if base == nil {
		return nil, fmt.Errorf("invalid fixtures: %s not generated", invalidBase)
	}
	parts, err := unzipParts(base)
	if err != nil {
		return nil, err
	}
	whole, err := zipRaw(parts)
	if err != nil {
		return nil, err
	}
	var out []File
	add := func(name string, data []byte) { out = append(out, File{Path: "invalid/" + name, Data: data}) }

	add("truncated.docx", whole[:len(whole)/2])

	cd, err := corruptCentralDirectory(whole)
	if err != nil {
		return nil, err
	}
	add("corrupt-central-directory.docx", cd)

	cs, err := corruptStream(whole, "word/document.xml")
	if err != nil {
		return nil, err
	}
	add("corrupt-deflate.docx", cs)

	add("not-a-zip.docx", []byte("这不是一个Word文档。\r\nThis file has a .docx name but holds plain text.\r\n"))
	add("empty.docx", []byte{})

	var noDoc []rawPart
	for _, p := range parts {
		if p.name != "word/document.xml" {
			noDoc = append(noDoc, p)
		}
	}
	nd, err := zipRaw(noDoc)
	if err != nil {
		return nil, err
	}
	add("no-document-xml.docx", nd)

	mal := make([]rawPart, len(parts))
	copy(mal, parts)
	for i, p := range mal {
		if p.name == "word/document.xml" {
			// Cut inside a tag, then close the root: the XML is not well formed.
			cut := bytes.LastIndex(p.data[:len(p.data)*2/3], []byte("<w:t"))
			data := append(append([]byte{}, p.data[:cut+3]...), []byte("</w:body></w:document>")...)
			mal[i] = rawPart{name: p.name, data: data, method: p.method}
		}
	}
	md, err := zipRaw(mal)
	if err != nil {
		return nil, err
	}
	add("malformed-xml.docx", md)

	deep, err := deepNesting(parts, 20000)
	if err != nil {
		return nil, err
	}
	add("deep-nesting.docx", deep)

	bomb, err := zipBomb(parts)
	if err != nil {
		return nil, err
	}
	add("zip-bomb.docx", bomb)

	add("encrypted.docx", encryptedCFB(len(base)))
	add("not-a-pdf.pdf", []byte("%PDX-1.7 这不是PDF文件，只是改了扩展名的文本。\nThis is a text file with a .pdf name.\n"))
	add("image-only.pdf", imageOnlyPDF())
	return out, nil
}

// unzipParts reads a generated package back into raw parts, all to be
// compressed with deflateFixed.
func unzipParts(data []byte) ([]rawPart, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	var parts []rawPart
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return nil, err
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, err
		}
		parts = append(parts, rawPart{name: f.Name, data: b, method: zip.Deflate})
	}
	return parts, nil
}

// corruptCentralDirectory flips bytes inside the first central directory
// record (its signature, sizes and name length).
func corruptCentralDirectory(z []byte) ([]byte, error) {
	out := append([]byte{}, z...)
	eocd := bytes.LastIndex(out, []byte("PK\x05\x06"))
	if eocd < 0 || eocd+20 > len(out) {
		return nil, errors.New("invalid fixtures: no end of central directory")
	}
	cd := int(binary.LittleEndian.Uint32(out[eocd+16:]))
	for i := cd + 2; i < cd+34 && i < eocd; i++ {
		out[i] ^= 0xA5
	}
	return out, nil
}

// corruptStream flips bytes in the middle of the compressed data of the
// named entry, leaving the headers intact.
func corruptStream(z []byte, name string) ([]byte, error) {
	out := append([]byte{}, z...)
	sig := []byte("PK\x03\x04")
	for off := 0; ; {
		i := bytes.Index(out[off:], sig)
		if i < 0 {
			return nil, fmt.Errorf("invalid fixtures: no entry %s", name)
		}
		h := off + i
		nameLen := int(binary.LittleEndian.Uint16(out[h+26:]))
		extraLen := int(binary.LittleEndian.Uint16(out[h+28:]))
		size := int(binary.LittleEndian.Uint32(out[h+18:]))
		if string(out[h+30:h+30+nameLen]) == name {
			data := h + 30 + nameLen + extraLen
			for j := data + size/2; j < data+size/2+24; j++ {
				out[j] ^= 0xFF
			}
			return out, nil
		}
		off = h + 4
	}
}

// deepNesting replaces the body with n tables nested in each other.
func deepNesting(parts []rawPart, n int) ([]byte, error) {
	var b strings.Builder
	b.WriteString(xmlDecl)
	fmt.Fprintf(&b, `<w:document xmlns:w="%s"><w:body>`, nsW)
	open := `<w:tbl><w:tblGrid><w:gridCol w:w="100"/></w:tblGrid><w:tr><w:tc>`
	for range n {
		b.WriteString(open)
	}
	b.WriteString(`<w:p><w:r><w:t>深</w:t></w:r></w:p>`)
	for range n {
		b.WriteString(`<w:p/></w:tc></w:tr></w:tbl>`)
	}
	b.WriteString(`</w:body></w:document>`)
	out := make([]rawPart, len(parts))
	copy(out, parts)
	for i, p := range out {
		if p.name == "word/document.xml" {
			out[i] = rawPart{name: p.name, data: []byte(b.String()), method: zip.Deflate}
		}
	}
	return zipRaw(out)
}

// Zip bomb: word/document.xml inflates to just over 1 GiB from about 1 MB.
const bombRepeats = 4161790 // copies of 258 bytes

// zipBomb builds a package whose word/document.xml is an XML prefix
// followed by 'A' repeated until the part exceeds 1 GiB. The DEFLATE
// stream is written by hand: a stored block for the prefix, then a dynamic
// Huffman block in which "copy 258 bytes from distance 1" costs two bits.
// Headers declare the true size and CRC, so only a reader with a limit on
// inflated bytes stops it.
func zipBomb(parts []rawPart) ([]byte, error) {
	prefix := []byte(xmlDecl + `<w:document xmlns:w="` + nsW + `"><w:body><w:p><w:r><w:t>`)
	w := &bitWriter{}
	// Stored block with the prefix.
	w.bits(0, 1)
	w.bits(0, 2)
	w.align()
	w.bits(uint64(len(prefix)), 16)
	w.bits(uint64(^uint16(len(prefix))), 16)
	for _, c := range prefix {
		w.bits(uint64(c), 8)
	}
	// Final dynamic block.
	w.bits(1, 1)
	w.bits(2, 2)
	w.bits(286-257, 5) // HLIT
	w.bits(2-1, 5)     // HDIST
	w.bits(19-4, 4)    // HCLEN
	// Code length code: symbols 1, 2, 17, 18 with two bits each.
	order := []int{16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15}
	for _, s := range order {
		l := uint64(0)
		if s == 1 || s == 2 || s == 17 || s == 18 {
			l = 2
		}
		w.bits(l, 3)
	}
	clCode := map[int]uint64{1: 0, 2: 1, 17: 2, 18: 3}
	zeros := func(n int) {
		for n > 0 {
			k := min(n, 138)
			w.code(clCode[18], 2)
			w.bits(uint64(k-11), 7)
			n -= k
		}
	}
	zeros(65)            // literals 0..64
	w.code(clCode[2], 2) // 'A' (65): length 2
	zeros(256 - 66)      // 66..255
	w.code(clCode[2], 2) // 256 end of block: length 2
	zeros(285 - 257)     // 257..284
	w.code(clCode[1], 2) // 285 (length 258): length 1
	w.code(clCode[1], 2) // distance code 0: length 1
	w.code(clCode[1], 2) // distance code 1: length 1
	// Literal/length codes: 285 → 0, 'A' → 10, 256 → 11; distance 0 → 0.
	w.code(2, 2) // 'A'
	for range bombRepeats {
		w.bits(0, 2) // length 258, distance 1
	}
	w.code(3, 2) // end of block
	stream := w.bytes()

	size := uint64(len(prefix)) + 1 + 258*bombRepeats
	crc := crc32.Update(0, crc32.IEEETable, prefix)
	chunk := bytes.Repeat([]byte{'A'}, 1<<20)
	for left := size - uint64(len(prefix)); left > 0; {
		n := min(left, uint64(len(chunk)))
		crc = crc32.Update(crc, crc32.IEEETable, chunk[:n])
		left -= n
	}

	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		if p.name != "[Content_Types].xml" && p.name != "_rels/.rels" && p.name != "word/document.xml" {
			continue
		}
		h := &zip.FileHeader{Name: p.name, Method: zip.Store, CRC32: crc32.ChecksumIEEE(p.data),
			CompressedSize64: uint64(len(p.data)), UncompressedSize64: uint64(len(p.data))}
		body := p.data
		if p.name == "word/document.xml" {
			h.Method, h.CRC32, h.CompressedSize64, h.UncompressedSize64 = zip.Deflate, crc, uint64(len(stream)), size
			body = stream
		}
		h.ModifiedDate, h.ModifiedTime = dosDate1980, dosTime0
		fw, err := zw.CreateRaw(h)
		if err != nil {
			return nil, err
		}
		if _, err := fw.Write(body); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// BombSize is the inflated size of word/document.xml in zip-bomb.docx.
func BombSize() int64 {
	prefix := xmlDecl + `<w:document xmlns:w="` + nsW + `"><w:body><w:p><w:r><w:t>`
	return int64(len(prefix)) + 1 + 258*bombRepeats
}

// CFB (OLE compound file) constants.
const (
	cfbFree    = 0xFFFFFFFF
	cfbEnd     = 0xFFFFFFFE
	cfbFATSect = 0xFFFFFFFD
	cfbNone    = 0xFFFFFFFF
)

// encryptedCFB builds what Word writes for a password-protected .docx: an
// OLE compound file (version 3, 512-byte sectors) with an EncryptionInfo
// stream (agile encryption, in the mini stream) and an EncryptedPackage
// stream (the size of the package, then cipher text; here pseudo-random
// bytes), so that the file is a well-formed compound file a reader can
// walk.
func encryptedCFB(pkgSize int) []byte {
	r := newRNG(0xC0FFEE)
	rnd := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(r.next())
		}
		return b
	}
	b64 := func(n int) string { return base64.StdEncoding.EncodeToString(rnd(n)) }
	info := le16(nil, 4)
	info = le16(info, 4)
	info = le32(info, 0x40)
	info = append(info, xmlDecl+`<encryption xmlns="http://schemas.microsoft.com/office/2006/encryption" xmlns:p="http://schemas.microsoft.com/office/2006/keyEncryptor/password" xmlns:c="http://schemas.microsoft.com/office/2006/keyEncryptor/certificate">`+
		`<keyData saltSize="16" blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" saltValue="`+b64(16)+`"/>`+
		`<dataIntegrity encryptedHmacKey="`+b64(64)+`" encryptedHmacValue="`+b64(64)+`"/>`+
		`<keyEncryptors><keyEncryptor uri="http://schemas.microsoft.com/office/2006/keyEncryptor/password"><p:encryptedKey spinCount="100000" saltSize="16" blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" saltValue="`+b64(16)+`" encryptedVerifierHashInput="`+b64(16)+`" encryptedVerifierHashValue="`+b64(64)+`" encryptedKeyValue="`+b64(32)+`"/></keyEncryptor></keyEncryptors></encryption>`...)
	pkg := binary.LittleEndian.AppendUint64(nil, uint64(pkgSize))
	pkg = append(pkg, rnd((pkgSize+15)/16*16)...)

	const sector, mini = 512, 64
	miniSectors := (len(info) + mini - 1) / mini
	ministream := make([]byte, miniSectors*mini)
	copy(ministream, info)
	msSectors := (len(ministream) + sector - 1) / sector
	pkgSectors := (len(pkg) + sector - 1) / sector
	// Sectors: 0 FAT, 1 directory, 2 mini FAT, then the mini stream, then the package.
	msStart := 3
	pkgStart := msStart + msSectors
	total := pkgStart + pkgSectors

	fat := make([]uint32, sector/4)
	for i := range fat {
		fat[i] = cfbFree
	}
	fat[0], fat[1], fat[2] = cfbFATSect, cfbEnd, cfbEnd
	chain := func(start, n int) {
		for i := start; i < start+n-1; i++ {
			fat[i] = uint32(i + 1)
		}
		fat[start+n-1] = cfbEnd
	}
	chain(msStart, msSectors)
	chain(pkgStart, pkgSectors)
	minifat := make([]uint32, sector/4)
	for i := range minifat {
		minifat[i] = cfbFree
	}
	for i := 0; i < miniSectors-1; i++ {
		minifat[i] = uint32(i + 1)
	}
	minifat[miniSectors-1] = cfbEnd

	entry := func(name string, typ, color byte, left, right, child uint32, start uint32, size uint64) []byte {
		e := make([]byte, 128)
		u := utf16.Encode([]rune(name))
		for i, c := range u {
			binary.LittleEndian.PutUint16(e[2*i:], c)
		}
		if name != "" {
			binary.LittleEndian.PutUint16(e[64:], uint16(2*len(u)+2))
		}
		e[66], e[67] = typ, color
		binary.LittleEndian.PutUint32(e[68:], left)
		binary.LittleEndian.PutUint32(e[72:], right)
		binary.LittleEndian.PutUint32(e[76:], child)
		binary.LittleEndian.PutUint32(e[116:], start)
		binary.LittleEndian.PutUint64(e[120:], size)
		return e
	}
	var dir []byte
	dir = append(dir, entry("Root Entry", 5, 1, cfbNone, cfbNone, 1, uint32(msStart), uint64(len(ministream)))...)
	dir = append(dir, entry("EncryptionInfo", 2, 1, cfbNone, 2, cfbNone, 0, uint64(len(info)))...)
	dir = append(dir, entry("EncryptedPackage", 2, 0, cfbNone, cfbNone, cfbNone, uint32(pkgStart), uint64(len(pkg)))...)
	dir = append(dir, entry("", 0, 0, cfbNone, cfbNone, cfbNone, 0, 0)...)

	h := []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	h = append(h, make([]byte, 16)...) // CLSID
	h = le16(h, 0x003E)                // minor version
	h = le16(h, 0x0003)                // major version 3
	h = le16(h, 0xFFFE)                // byte order
	h = le16(h, 9)                     // sector shift: 512
	h = le16(h, 6)                     // mini sector shift: 64
	h = append(h, make([]byte, 6)...)
	h = le32(h, 0)      // directory sectors (0 in version 3)
	h = le32(h, 1)      // FAT sectors
	h = le32(h, 1)      // first directory sector
	h = le32(h, 0)      // transaction signature
	h = le32(h, 4096)   // mini stream cutoff
	h = le32(h, 2)      // first mini FAT sector
	h = le32(h, 1)      // mini FAT sectors
	h = le32(h, cfbEnd) // first DIFAT sector
	h = le32(h, 0)      // DIFAT sectors
	h = le32(h, 0)      // DIFAT[0]: the FAT is sector 0
	for len(h) < sector {
		h = le32(h, cfbFree)
	}

	out := make([]byte, 0, sector*(total+1))
	out = append(out, h...)
	pad := func(b []byte) {
		out = append(out, b...)
		for len(out)%sector != 0 {
			out = append(out, 0)
		}
	}
	var fb, mb []byte
	for _, v := range fat {
		fb = le32(fb, v)
	}
	for _, v := range minifat {
		mb = le32(mb, v)
	}
	pad(fb)
	pad(dir)
	pad(mb)
	pad(ministream)
	pad(pkg)
	return out
}
