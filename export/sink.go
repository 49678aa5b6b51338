package export

import (
	"errors"
	"fmt"
)

// Sink receives records.
type Sink interface {
	// Has reports whether the sink already held the key when it was
	// opened for resuming. A sink skips a record whose key it has.
	Has(key string) bool
	// Write adds one record.
	Write(rec *Record) error
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
