package extract

import (
	"errors"
	"strings"
	"testing"

	"github.com/nianbao/nianbao/extract/docx"
)

func TestSniff(t *testing.T) {
	for _, tc := range []struct {
		name   string
		head   string
		format Format
		err    error
		says   string // in the error's text
	}{
		{"pdf", "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", FormatPDF, nil, ""},
		{"pdf after junk", "\r\n\r\n%PDF-1.4\n", FormatPDF, nil, ""},
		{"docx", "PK\x03\x04\x14\x00\x06\x00", FormatDOCX, nil, ""},
		{"doc", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + strings.Repeat("\x00", 64), FormatUnknown, ErrLegacyDOC, ""},
		{"encrypted docx", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00I\x00n\x00f\x00o\x00", FormatUnknown, docx.ErrEncrypted, ""},
		{"empty", "", FormatUnknown, ErrUnknownFormat, "empty"},
		{"html", "\xef\xbb\xbf<!DOCTYPE html><html><body>报告</body></html>", FormatUnknown, ErrUnknownFormat, "web page"},
		{"mhtml", "MIME-Version: 1.0\r\nContent-Type: multipart/related", FormatUnknown, ErrUnknownFormat, "MHTML"},
		{"rtf", "{\\rtf1\\ansi 报告}", FormatUnknown, ErrUnknownFormat, "RTF"},
		{"png", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", FormatUnknown, ErrUnknownFormat, "image (png)"},
		{"text", "政府信息公开工作年度报告", FormatUnknown, ErrUnknownFormat, "plain text"},
		{"binary", "\x00\x01\x02\x03\x04\x05", FormatUnknown, ErrUnknownFormat, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := Sniff([]byte(tc.head))
			if f != tc.format || !errors.Is(err, tc.err) || (err == nil) != (tc.err == nil) {
				t.Fatalf("Sniff = %q, %v; want %q, %v", f, err, tc.format, tc.err)
			}
			if tc.says != "" && !strings.Contains(err.Error(), tc.says) {
				t.Errorf("error %q does not say %q", err, tc.says)
			}
		})
	}
}
