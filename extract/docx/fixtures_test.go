package docx

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nianbao/nianbao/extract/layout"
)

// repoTestdata is the repository's generated fixture tree.
var repoTestdata = filepath.Join("..", "..", "testdata")

// TestFixtures reads every generated report fixture: each must read
// without error, with well-formed table grids, and every numbered
// section heading of its ground truth ("一、总体情况", typed or numbered by
// Word) must be a paragraph of its own.
func TestFixtures(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(repoTestdata, "docx", "*.docx"))
	if len(files) == 0 {
		t.Skip("no generated fixtures")
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".docx")
		t.Run(name, func(t *testing.T) {
			doc, err := ReadFile(f, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(doc.Tables()) == 0 {
				t.Error("no tables")
			}
			for _, tb := range doc.Tables() {
				checkGrid(t, tb)
			}
			raw, err := os.ReadFile(filepath.Join(repoTestdata, "truth", name+".json"))
			if err != nil {
				return
			}
			var truth struct {
				Sections []struct{ Number, Heading string }
			}
			if err := json.Unmarshal(raw, &truth); err != nil {
				t.Fatal(err)
			}
			paras := map[string]bool{}
			for _, b := range doc.Blocks {
				if p, ok := b.(*layout.Paragraph); ok {
					paras[strings.TrimSpace(p.Text)] = true
				}
			}
			for _, s := range truth.Sections {
				if h := s.Number + "、" + s.Heading; !paras[h] {
					t.Errorf("no paragraph %q", h)
				}
			}
		})
	}
}

// TestInvalidFixtures checks the cause reported for each generated broken
// input.
func TestInvalidFixtures(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(repoTestdata, "invalid", "*.docx"))
	if len(files) == 0 {
		t.Skip("no generated fixtures")
	}
	want := map[string]error{
		"truncated":                 ErrCorrupt,
		"corrupt-central-directory": ErrCorrupt,
		"corrupt-deflate":           ErrCorrupt,
		"malformed-xml":             ErrCorrupt,
		"not-a-zip":                 ErrNotDOCX,
		"empty":                     ErrNotDOCX,
		"no-document-xml":           ErrNotDOCX,
		"encrypted":                 ErrEncrypted,
		"deep-nesting":              ErrLimit,
		"zip-bomb":                  ErrLimit,
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".docx")
		t.Run(name, func(t *testing.T) {
			_, err := ReadFile(f, Options{})
			if err == nil {
				t.Fatal("no error")
			}
			if w := want[name]; w != nil && !errors.Is(err, w) {
				t.Errorf("error %q, want %q", err, w)
			}
		})
	}
}
