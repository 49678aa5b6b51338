package jiebadict

//go:generate go run ./gen

import (
	"bytes"
	"compress/gzip"
	"embed"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/yanyiwu/gojieba"
)

//go:embed data/jieba.dict.utf8.gz data/hmm_model.utf8.gz data/user.dict.utf8
var data embed.FS

// Stand-ins for the keyword extractor's files: segmentation does not read
// them, but cppjieba requires each to exist and to have a line.
const (
	idfStandIn  = "的 1.0\n"
	stopStandIn = "的\n"
)

// Method says how the embedded dictionaries are handed to gojieba, which
// only reads files by name.
type Method uint8

// Methods.
const (
	// Auto uses MemFD where the system has it and TempDir otherwise.
	Auto Method = iota
	// MemFD writes each file to an anonymous memory file (Linux memfd)
	// and passes its /proc/self/fd path: nothing touches a disk.
	MemFD
	// TempDir writes the files to a new private directory under
	// os.TempDir and removes it once gojieba has read them.
	TempDir
)

func (m Method) String() string {
	switch m {
	case Auto:
		return "auto"
	case MemFD:
		return "memfd"
	case TempDir:
		return "tempdir"
	}
	return fmt.Sprintf("Method(%d)", uint8(m))
}

// Errors.
var (
	// ErrMemFD reports that memory files are not available here (not
	// Linux, memfd_create refused, or /proc not mounted).
	ErrMemFD = errors.New("jiebadict: memory files are not available")
	// ErrLoad reports that gojieba refused the materialised files.
	ErrLoad = errors.New("jiebadict: gojieba could not load the dictionaries")
)

// file is one of the five files gojieba.NewJieba takes, in its order.
type file struct {
	name string // file name (also the memfd name)
	gz   bool   // embedded gzip-compressed
	text string // content when not embedded
}

var files = [5]file{
	{name: "jieba.dict.utf8", gz: true},
	{name: "hmm_model.utf8", gz: true},
	{name: "user.dict.utf8"},
	{name: "idf.utf8", text: idfStandIn},
	{name: "stop_words.utf8", text: stopStandIn},
}

// open returns the content of f.
func (f file) open() (io.ReadCloser, error) {
	if f.text != "" {
		return io.NopCloser(strings.NewReader(f.text)), nil
	}
	if !f.gz {
		return data.Open("data/" + f.name)
	}
	raw, err := data.ReadFile("data/" + f.name + ".gz")
	if err != nil {
		return nil, err
	}
	return gzip.NewReader(bytes.NewReader(raw))
}

// New returns a segmenter loaded from the embedded dictionaries, using
// [Auto]. The caller must keep it referenced while using it.
func New() (*gojieba.Jieba, error) {
	return Load(Auto)
}

// Load is [New] with an explicit method. MemFD fails with [ErrMemFD] where
// memory files are not available; Auto then falls back to TempDir.
func Load(m Method) (*gojieba.Jieba, error) {
	switch m {
	case Auto:
		j, err := Load(MemFD)
		if err == nil || !errors.Is(err, ErrMemFD) {
			return j, err
		}
		return Load(TempDir)
	case MemFD:
		paths, done, err := materializeMemFD()
		if err != nil {
			return nil, err
		}
		defer done()
		return newJieba(paths)
	case TempDir:
		dir, err := os.MkdirTemp("", "nianbao-jieba-")
		if err != nil {
			return nil, fmt.Errorf("jiebadict: %w", err)
		}
		defer os.RemoveAll(dir)
		paths, err := materializeDir(dir)
		if err != nil {
			return nil, err
		}
		return newJieba(paths)
	}
	return nil, fmt.Errorf("jiebadict: unknown method %v", m)
}

// materializeDir writes the five files into dir.
func materializeDir(dir string) ([5]string, error) {
	var paths [5]string
	for i, f := range files {
		p := filepath.Join(dir, f.name)
		if err := writeFile(p, f); err != nil {
			return paths, fmt.Errorf("jiebadict: writing %s: %w", f.name, err)
		}
		paths[i] = p
	}
	return paths, nil
}

func writeFile(path string, f file) error {
	r, err := f.open()
	if err != nil {
		return err
	}
	defer r.Close()
	w, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(w, r); err != nil {
		w.Close()
		return err
	}
	return w.Close()
}

// newJieba calls gojieba.NewJieba, turning its panic on a missing file into
// an error. (A file that exists but is malformed aborts the process inside
// cppjieba; the embedded files are tested not to be.)
func newJieba(paths [5]string) (j *gojieba.Jieba, err error) {
	defer func() {
		if r := recover(); r != nil {
			j, err = nil, fmt.Errorf("%w: %v", ErrLoad, r)
		}
	}()
	return gojieba.NewJieba(paths[:]...), nil
}
