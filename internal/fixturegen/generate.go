package fixturegen

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
)

// File is one generated file, its path relative to the testdata directory
// and its bytes.
type File struct {
	Path string
	Data []byte
}

// Files returns every file the generator writes, sorted by path: the .docx
// fixtures (docx/), their expected extractions (truth/), the broken inputs
// (invalid/) and the descriptions (README.md, invalid/README.md). It is deterministic: the
// same generator gives the same files, byte for byte.
func Files() ([]File, error) {
	var out []File
	var infos []fixtureInfo
	for _, sp := range fixtures() {
		o, err := build(sp)
		if err != nil {
			return nil, err
		}
		tj, err := marshalTruth(o.truth)
		if err != nil {
			return nil, fmt.Errorf("fixture %s: %w", sp.name, err)
		}
		out = append(out,
			File{Path: "docx/" + sp.name + ".docx", Data: o.docx},
			File{Path: "truth/" + sp.name + ".json", Data: tj},
		)
		infos = append(infos, fixtureInfo{spec: sp, truth: o.truth, size: len(o.docx)})
	}
	inv, err := invalidFiles(out)
	if err != nil {
		return nil, err
	}
	out = append(out, inv...)
	out = append(out, File{Path: "README.md", Data: readme(infos)}, File{Path: "invalid/README.md", Data: invalidReadme()})
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

// Write generates every file into dir (the repository's testdata
// directory), creating subdirectories as needed. Files the generator does
// not make (the PDFs) are left alone.
func Write(dir string) error {
	files, err := Files()
	if err != nil {
		return err
	}
	var errs []error
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
