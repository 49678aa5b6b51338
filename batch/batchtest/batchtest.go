// Package batchtest provides test doubles for package batch and its users:
// synthetic reports and an extraction function that injects faults. The
// faults are driven by the content of a file, so a test writes a folder of
// files such as "NIANBAO-TEST hang" next to ordinary ones and runs a batch
// over it. Only tests import this package; the nianbao binary does not
// contain it, so a shipped binary has no way to trigger a fault.
package batchtest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/extract/docx"
	"github.com/nianbao/nianbao/extract/pdf"
	"github.com/nianbao/nianbao/schema"
)

// Magic starts the content of a fault-injection file, within its first
// 256 bytes (after a %PDF- header, say, so that a folder walk that
// recognises files by content takes it).
const Magic = "NIANBAO-TEST "

// Kinds of test files (the word after Magic):
//
//	ok SEED       a readable report, built from SEED (see Report)
//	slow MS SEED  the same after sleeping MS milliseconds
//	hang          never returns (ignores its context)
//	crash         kills the process: a panic in another goroutine
//	exit          the process exits with status 7 mid-file
//	alloc         allocates memory without end
//	panic         panics in the extraction function (recoverable)
//	unreadable [REASON]  returns an unreadable record with an error: one
//	              that extract.ReasonOf classifies as REASON (damaged,
//	              encrypted, no_text, no_unicode, doc, limit, format), or
//	              one it does not know (other)
const (
	KindOK         = "ok"
	KindSlow       = "slow"
	KindHang       = "hang"
	KindCrash      = "crash"
	KindExit       = "exit"
	KindAlloc      = "alloc"
	KindPanic      = "panic"
	KindUnreadable = "unreadable"
)

// ErrInjected is the error of an "unreadable" test file.
var ErrInjected = errors.New("batchtest: injected unreadable file")

// reasonErrs are the readers' errors an "unreadable REASON" file wraps.
var reasonErrs = map[string]error{
	string(extract.ReasonDamaged):   docx.ErrCorrupt,
	string(extract.ReasonEncrypted): pdf.ErrEncrypted,
	string(extract.ReasonNoText):    pdf.ErrNoText,
	string(extract.ReasonNoUnicode): pdf.ErrNoUnicode,
	string(extract.ReasonDoc):       extract.ErrLegacyDOC,
	string(extract.ReasonLimit):     docx.ErrLimit,
	string(extract.ReasonFormat):    extract.ErrUnknownFormat,
}

// Content returns the content of a test file.
func Content(kind string, args ...string) []byte {
	return []byte(Magic + strings.Join(append([]string{kind}, args...), " ") + "\n")
}

// WriteFile writes a test file.
func WriteFile(path, kind string, args ...string) error {
	return os.WriteFile(path, Content(kind, args...), 0o644)
}

// WritePDF writes a test file that starts like a PDF.
func WritePDF(path, kind string, args ...string) error {
	return os.WriteFile(path, append([]byte("%PDF-1.7\n% "), Content(kind, args...)...), 0o644)
}

// Extract returns an extraction function that acts out test files and
// passes every other file to real (which may be nil: other files are then
// reports built from their content's hash).
func Extract(real func(ctx context.Context, path string) (*schema.Report, error)) func(ctx context.Context, path string) (*schema.Report, error) {
	return func(ctx context.Context, path string) (*schema.Report, error) {
		data, err := os.ReadFile(path)
		if err != nil {
			if real != nil {
				return real(ctx, path)
			}
			rep := &schema.Report{Schema: schema.Version, Source: schema.Source{File: path}}
			return unreadable(rep, err), err
		}
		i := bytes.Index(data[:min(len(data), 256)], []byte(Magic))
		if i < 0 {
			if real != nil {
				return real(ctx, path)
			}
			return Report(path, data, hex.EncodeToString(sum(data))), nil
		}
		line, _, _ := bytes.Cut(data[i+len(Magic):], []byte("\n"))
		f := strings.Fields(string(line))
		if len(f) == 0 {
			f = []string{KindOK}
		}
		switch f[0] {
		case KindSlow:
			ms := 0
			if len(f) > 1 {
				ms, _ = strconv.Atoi(f[1])
			}
			select {
			case <-time.After(time.Duration(ms) * time.Millisecond):
			case <-ctx.Done():
			}
		case KindHang:
			select {} // ignores ctx, like a reader stuck in a loop
		case KindCrash:
			go panic("batchtest: injected crash")
			select {}
		case KindExit:
			os.Exit(7)
		case KindAlloc:
			var hold [][]byte
			for {
				b := make([]byte, 8<<20)
				for i := 0; i < len(b); i += 4096 {
					b[i] = 1
				}
				hold = append(hold, b)
			}
		case KindPanic:
			panic("batchtest: injected panic")
		case KindUnreadable:
			err := ErrInjected
			if len(f) > 1 && reasonErrs[f[1]] != nil {
				err = fmt.Errorf("%w: %w", ErrInjected, reasonErrs[f[1]])
			}
			err = fmt.Errorf("%s: %w", path, err)
			rep := &schema.Report{Schema: schema.Version, Source: schema.Source{File: path, SHA256: hex.EncodeToString(sum(data)), Bytes: int64(len(data))}}
			return unreadable(rep, err), err
		}
		return Report(path, data, hex.EncodeToString(sum(data))), nil
	}
}

func sum(b []byte) []byte {
	s := sha256.Sum256(b)
	return s[:]
}

// unreadable gives rep the unreadable finding the extractor would write.
func unreadable(rep *schema.Report, err error) *schema.Report {
	r := extract.ReasonOf(err)
	rep.Sections = []schema.Section{}
	rep.Findings = []schema.Finding{{
		Code: schema.CodeUnreadable, Severity: schema.SeverityError, Text: string(r),
		Message: "无法读取文件（" + r.Describe() + "）：" + err.Error(),
	}}
	return rep
}

// Report builds a deterministic report for a file: title, organ, year and
// template, the six sections, the three tables with numbers, blanks, zero
// marks and invalid cells, their provenance, and the findings of
// schema.Check. The same content gives the same report.
func Report(path string, content []byte, sha string) *schema.Report {
	h := sum(content)
	rng := rand.New(rand.NewPCG(binary.LittleEndian.Uint64(h[:8]), binary.LittleEndian.Uint64(h[8:16])))
	organs := []string{"太平庄乡", "平海县人民政府", "洛宁市财政局", "山西省教育厅", "教育部", "北京市海淀区人民政府"}
	organ := organs[rng.IntN(len(organs))]
	year := 2019 + rng.IntN(6)
	tpl := schema.Template2019
	if year >= 2021 {
		tpl = schema.Template2021
	}
	pages := 3 + rng.IntN(5)
	rep := &schema.Report{
		Schema:     schema.Version,
		Source:     schema.Source{File: path, Format: "pdf", SHA256: sha, Bytes: int64(len(content)), Pages: &pages},
		Report:     schema.Info{Title: fmt.Sprintf("%s%d年政府信息公开工作年度报告", organ, year), Organ: organ, Year: year, Template: tpl},
		Provenance: map[string]schema.Provenance{},
	}
	for i, s := range schema.Sections {
		p := 1 + i*pages/len(schema.Sections)
		rep.Sections = append(rep.Sections, schema.Section{
			Number: s.Number, Heading: s.Heading, Kind: s.Kind, Page: &p,
			Text: fmt.Sprintf("%s。\n第%d段，“引号”, 逗号 and \"quotes\"。", s.Heading, rng.IntN(100)),
		})
	}
	for _, td := range schema.TableDefs {
		if rng.IntN(20) == 0 {
			continue // a missing table now and then
		}
		tb := td.NewTable(tpl, nil)
		page := 1 + rng.IntN(pages)
		for ri := range tb.Rows {
			for ci := range tb.Rows[ri].Cells {
				c := &tb.Rows[ri].Cells[ci]
				var text string
				switch k := rng.IntN(20); {
				case k == 0:
					c.Status = schema.StatusBlank
				case k == 1:
					zero := 0.0
					c.Value, c.Status, text = &zero, schema.StatusZeroMark, "—"
				case k == 2:
					c.Status, text = schema.StatusInvalid, "见附件"
				default:
					v := float64(rng.IntN(50))
					if k == 3 {
						v += 0.25
					}
					c.Value, c.Status, text = &v, schema.StatusNumber, schema.FormatNumber(v)
				}
				rep.Provenance[schema.ProvenanceKey(td.Key, tb.Rows[ri].Key, c.Column)] = schema.Provenance{Page: page, Text: text}
			}
		}
		rep.Tables.Set(td.Key, tb)
	}
	rep.Findings = schema.Check(rep)
	if rep.Findings == nil {
		rep.Findings = []schema.Finding{}
	}
	return rep
}
