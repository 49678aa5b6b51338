package pdf

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/nianbao/nianbao/extract/layout"
)

func TestRepair(t *testing.T) {
	good := (&testDoc{pages: []string{"BT /F1 10 Tf 100 700 Td (One.) Tj ET", "BT /F1 10 Tf 100 700 Td (Two.) Tj ET"}}).build()
	xref := bytes.Index(good, []byte("xref\n"))
	catalog := bytes.LastIndex(good[:xref], []byte("obj\n<< /Type /Catalog"))
	catalog = bytes.LastIndex(good[:catalog], []byte("\n")) + 1
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"offsets shifted", bytes.Replace(good, []byte("%\xe2\xe3\xcf\xd3\n"), []byte("%\xe2\xe3\xcf\xd3\n% an editor added a comment line\n"), 1), "One.|Two."},
		{"no xref table", append(append([]byte(nil), good[:xref]...), "trailer\n<< >>\n%%EOF\n"...), "One.|Two."},
		{"cut before the catalog", good[:catalog], "One.|Two."},
		{"garbage startxref", bytes.Replace(good, []byte("startxref\n"), []byte("startxref\n9"), 1), "One.|Two."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Read(context.Background(), bytes.NewReader(tt.data), int64(len(tt.data)), Options{})
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			var texts []string
			for _, b := range doc.Blocks {
				texts = append(texts, b.(*layout.Paragraph).Text)
			}
			if got := strings.Join(texts, "|"); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if len(doc.Warnings) == 0 || !strings.Contains(doc.Warnings[0], "rebuilt") {
				t.Errorf("warnings %q", doc.Warnings)
			}
		})
	}
}
