package export

import (
	"errors"
	"fmt"
	"hash/maphash"
)

// Sink receives records.
type Sink interface {
	// Has reports whether the sink already held the key when it was
	// opened for resuming. A sink skips a record whose key it has.
	Has(key string) bool
	// Write adds one record.
	Write(rec *Record) error
	// WriteFile adds the files row of one input path: after the record
	// of its document when the file was read, alone when it was skipped
	// (the document is already written). A row with the path and content
	// of one the sink holds is not written again (SQLite replaces it when
	// the file was read again); JSON Lines keeps no files rows.
	WriteFile(row *FileRow) error
	// Close flushes and commits what was written; the sink is complete
	// and consistent after it, also after an interrupted run.
	Close() error
}

// Errors of the sinks.
var (
	// ErrExists: the output already holds a dataset and Resume is off.
	ErrExists = errors.New("export: output already holds data (resume it, or choose a new place)")
	// ErrDamaged: the output cannot be resumed: it is damaged other than
	// at its end, or is not a dataset of this layout.
	ErrDamaged = errors.New("export: output cannot be resumed")
)

// keySet is the keys a sink held when opened.
type keySet map[string]struct{}

func (k keySet) Has(key string) bool {
	_, ok := k[key]
	return ok
}

// fileSet remembers the files rows a sink holds by a 64-bit hash of their
// path and content key: about 40 bytes a row, whatever the length of the
// path. (Two rows of a run of a million files share a hash with a chance
// of about one in thirty million; the later row is then not written.)
type fileSet struct {
	seed maphash.Seed
	m    map[uint64]struct{}
}

func newFileSet() *fileSet { return &fileSet{seed: maphash.MakeSeed(), m: map[uint64]struct{}{}} }

func (f *fileSet) hash(path, key string) uint64 {
	var h maphash.Hash
	h.SetSeed(f.seed)
	h.WriteString(path)
	h.WriteByte(0)
	h.WriteString(key)
	return h.Sum64()
}

func (f *fileSet) has(path, key string) bool {
	_, ok := f.m[f.hash(path, key)]
	return ok
}

func (f *fileSet) add(path, key string) { f.m[f.hash(path, key)] = struct{}{} }

// Multi writes every record to several sinks.
type Multi []Sink

// Has reports whether every sink has the key: a record is skipped only
// when no sink lacks it (each sink skips what it has by itself).
func (m Multi) Has(key string) bool {
	if len(m) == 0 {
		return false
	}
	for _, s := range m {
		if !s.Has(key) {
			return false
		}
	}
	return true
}

// Write writes to every sink, stopping at the first error.
func (m Multi) Write(rec *Record) error {
	for _, s := range m {
		if err := s.Write(rec); err != nil {
			return err
		}
	}
	return nil
}

// WriteFile writes to every sink, stopping at the first error.
func (m Multi) WriteFile(row *FileRow) error {
	for _, s := range m {
		if err := s.WriteFile(row); err != nil {
			return err
		}
	}
	return nil
}

// Close closes every sink and returns the errors joined.
func (m Multi) Close() error {
	var errs []error
	for _, s := range m {
		if err := s.Close(); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func wrapf(err error, format string, a ...any) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf(format+": %w", append(a, err)...)
}
