package batch

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/nianbao/nianbao/schema"
)

// Summary counts the results of a run.
type Summary struct {
	Files      int           // results emitted: read + unreadable + skipped
	Read       int           // records of files that were read
	Unreadable int           // records with an unreadable finding
	ByCause    map[Cause]int // unreadable records by cause
	Done       int           // skipped: already in the output (resume)
	Duplicates int           // skipped: same content as an earlier input
	// Again counts inputs with the content of an earlier one that were
	// read again for a record of their own ([Options.ReadDuplicates]).
	Again       int
	Findings    map[schema.Code]int
	BySeverity  map[schema.Severity]int
	Elapsed     time.Duration
	Interrupted bool // the run was stopped before its end
	// Pending counts inputs that were queued but not finished when the
	// run stopped; a resumed run reads them.
	Pending int
	// Read time of the files read, for the mean per file.
	busy time.Duration
}

// NewSummary returns an empty summary.
func NewSummary() *Summary {
	return &Summary{
		ByCause: map[Cause]int{}, Findings: map[schema.Code]int{},
		BySeverity: map[schema.Severity]int{},
	}
}

// Add counts one result.
func (s *Summary) Add(r *Result) {
	s.Files++
	switch r.Skipped {
	case SkipDone:
		s.Done++
		return
	case SkipDuplicate:
		s.Duplicates++
		return
	}
	if r.DuplicateOf != "" {
		// Read again for a record per input; its findings are the first
		// one's, counted once.
		s.Again++
		return
	}
	s.busy += r.Elapsed
	if r.Report == nil {
		return
	}
	if r.Report.Unreadable() != nil {
		s.Unreadable++
		s.ByCause[orCause(r.Cause, CauseOther)]++
	} else {
		s.Read++
	}
	for _, f := range r.Report.Findings {
		s.Findings[f.Code]++
		s.BySeverity[f.Severity]++
	}
}

// Rate is the number of files handled per second.
func (s *Summary) Rate() float64 {
	if s.Elapsed <= 0 {
		return 0
	}
	return float64(s.Files) / s.Elapsed.Seconds()
}

// Write prints the summary for a person.
func (s *Summary) Write(w io.Writer) error {
	var b strings.Builder
	state := "done"
	if s.Interrupted {
		state = "interrupted"
	}
	fmt.Fprintf(&b, "nianbao: %s: %d files in %s (%.1f files/s)\n", state, s.Files,
		s.Elapsed.Round(time.Millisecond), s.Rate())
	fmt.Fprintf(&b, "  read        %d", s.Read)
	if n := s.Read + s.Unreadable; n > 0 {
		fmt.Fprintf(&b, " (%v per file on average in a slot)", (s.busy / time.Duration(n)).Round(100*time.Microsecond))
	}
	b.WriteByte('\n')
	fmt.Fprintf(&b, "  unreadable  %d", s.Unreadable)
	if s.Unreadable > 0 {
		var parts []string
		for _, c := range Causes {
			if n := s.ByCause[c]; n > 0 {
				parts = append(parts, fmt.Sprintf("%s %d", c, n))
			}
		}
		var other []string // causes from another classifier
		for c, n := range s.ByCause {
			if !knownCause(c) {
				other = append(other, fmt.Sprintf("%s %d", c, n))
			}
		}
		sort.Strings(other)
		parts = append(parts, other...)
		fmt.Fprintf(&b, " (%s)", strings.Join(parts, ", "))
	}
	b.WriteByte('\n')
	if s.Done > 0 || s.Duplicates > 0 {
		fmt.Fprintf(&b, "  skipped     %d already in the output, %d duplicate content\n", s.Done, s.Duplicates)
	}
	if s.Again > 0 {
		fmt.Fprintf(&b, "  same        %d with the content of an earlier file (read again for their own records)\n", s.Again)
	}
	if s.Pending > 0 {
		fmt.Fprintf(&b, "  not done    %d (run again with --resume to finish)\n", s.Pending)
	}
	if len(s.Findings) > 0 {
		fmt.Fprintf(&b, "  findings    %d errors, %d warnings, %d infos\n",
			s.BySeverity[schema.SeverityError], s.BySeverity[schema.SeverityWarning], s.BySeverity[schema.SeverityInfo])
		codes := make([]schema.Code, 0, len(s.Findings))
		for c := range s.Findings {
			codes = append(codes, c)
		}
		sort.Slice(codes, func(i, j int) bool {
			ri, rj := sevRank(codes[i].Severity()), sevRank(codes[j].Severity())
			if ri != rj {
				return ri < rj
			}
			if s.Findings[codes[i]] != s.Findings[codes[j]] {
				return s.Findings[codes[i]] > s.Findings[codes[j]]
			}
			return codes[i] < codes[j]
		})
		for _, c := range codes {
			fmt.Fprintf(&b, "    %-8s %-20s %d\n", c.Severity(), c, s.Findings[c])
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func sevRank(s schema.Severity) int {
	switch s {
	case schema.SeverityError:
		return 0
	case schema.SeverityWarning:
		return 1
	}
	return 2
}
