package pdf

import (
	"bytes"
	"context"
	"crypto/aes"
	"crypto/cipher"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/nianbao/nianbao/extract/layout"
)

// aes256Doc builds a one-page document encrypted with AES-256 (R6) with
// the given user and owner passwords.
func aes256Doc(t *testing.T, user, owner string) []byte {
	t.Helper()
	fileKey := bytes.Repeat([]byte{0x5A, 0x13}, 16)
	salt := func(b byte) []byte { return bytes.Repeat([]byte{b}, 8) }
	enc := func(k, data []byte, iv []byte) []byte {
		blk, err := aes.NewCipher(k)
		if err != nil {
			t.Fatal(err)
		}
		out := make([]byte, len(data))
		cipher.NewCBCEncrypter(blk, iv).CryptBlocks(out, data)
		return out
	}
	zero := make([]byte, 16)
	u := append(append(hash2B([]byte(user), salt(1), nil), salt(1)...), salt(2)...)
	ue := enc(hash2B([]byte(user), salt(2), nil), fileKey, zero)
	o := append(append(hash2B([]byte(owner), salt(3), u), salt(3)...), salt(4)...)
	oe := enc(hash2B([]byte(owner), salt(4), u), fileKey, zero)
	iv := bytes.Repeat([]byte{7}, 16)
	b := newBuilder()
	b.crypt = func(data []byte) []byte {
		pad := 16 - len(data)%16
		p := append(append([]byte(nil), data...), bytes.Repeat([]byte{byte(pad)}, pad)...)
		return append(append([]byte(nil), iv...), enc(fileKey, p, iv)...)
	}
	e := b.add(fmt.Sprintf("<< /Filter /Standard /V 5 /R 6 /Length 256 /P -4 /EncryptMetadata true "+
		"/CF << /StdCF << /CFM /AESV3 /AuthEvent /DocOpen /Length 32 >> >> /StmF /StdCF /StrF /StdCF "+
		"/O <%x> /U <%x> /OE <%x> /UE <%x> /Perms <%x> >>", o, u, oe, ue, bytes.Repeat([]byte{9}, 16)))
	b.trailer = fmt.Sprintf("/Encrypt %d 0 R /ID [<0102030405060708> <0102030405060708>]", e)
	return (&testDoc{b: b, pages: []string{"BT /F2 10 Tf 100 700 Td <00010002> Tj /F1 10 Tf ( AES) Tj ET"}}).build()
}

func TestAES256(t *testing.T) {
	tests := []struct {
		name, user, owner, password string
		want                        error
	}{
		{"empty user password", "", "owner", "", nil},
		{"user password", "secret", "owner", "secret", nil},
		{"owner password", "secret", "owner", "owner", nil},
		{"unknown password", "secret", "owner", "", ErrEncrypted},
		{"wrong password", "secret", "owner", "nope", ErrEncrypted},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := aes256Doc(t, tt.user, tt.owner)
			doc, err := Read(context.Background(), bytes.NewReader(data), int64(len(data)), Options{Password: tt.password})
			if tt.want != nil {
				if !errors.Is(err, tt.want) {
					t.Fatalf("got %v, want %v", err, tt.want)
				}
				return
			}
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			if p, ok := doc.Blocks[0].(*layout.Paragraph); !ok || p.Text != "一二 AES" {
				t.Fatalf("got %+v, want the paragraph 一二 AES", doc.Blocks[0])
			}
		})
	}
}

// TestEncryptedFixture reads the project's AES-128 fixture, which needs
// its user password.
func TestEncryptedFixture(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "invalid", "encrypted.pdf"))
	if err != nil {
		t.Skip("no fixture:", err)
	}
	_, err = Read(context.Background(), bytes.NewReader(data), int64(len(data)), Options{})
	if !errors.Is(err, ErrEncrypted) {
		t.Fatalf("without password: got %v, want ErrEncrypted", err)
	}
	doc, err := Read(context.Background(), bytes.NewReader(data), int64(len(data)), Options{Password: "nianbao-user"})
	if err != nil {
		t.Fatalf("with password: %v", err)
	}
	if len(doc.Tables()) == 0 {
		t.Errorf("no tables read")
	}
	if _, err := Read(context.Background(), bytes.NewReader(data), int64(len(data)), Options{Password: "nianbao-owner"}); err != nil {
		t.Errorf("with the owner password: %v", err)
	}
}
