package cli

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/normalize"
	"github.com/nianbao/nianbao/schema"
)

type checkOptions struct {
	IO    *IOStreams
	Files []string
	All   bool
}

func newCmdCheck(ios *IOStreams, runF func(context.Context, *checkOptions) error) *cobra.Command {
	opts := &checkOptions{IO: ios}
	cmd := &cobra.Command{
		Use:   "check [flags] FILE...",
		Short: "Check reports and print the tables with the flagged cells, for a person",
		Long: `Check extracts each report and prints, for a person: the report line (title,
organ, year, template), the verdict, the three tables laid out like the
template with every flagged cell marked, and the findings grouped by severity.

Marks after a value: ! error, * warning, · info; 空 is a blank cell, ? a cell
that is not a number.

` + exitCodesHelp,
		Args: cobra.MinimumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Files = args
			if runF != nil {
				return runF(c.Context(), opts)
			}
			return checkRun(c.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.All, "all", false, "list every finding (by default at most 20 per severity and code are listed)")
	return cmd
}

func checkRun(ctx context.Context, opts *checkOptions) error {
	w := bufio.NewWriter(opts.IO.Out)
	failed := 0
	for i, path := range opts.Files {
		if ctx.Err() != nil {
			break
		}
		rep, _ := extract.File(ctx, path, extract.Options{})
		if i > 0 {
			fmt.Fprintln(w)
		}
		printReport(w, rep, opts.All)
		if rep.Errors() > 0 {
			failed++
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if failed > 0 {
		return &exitError{code: ExitFindings}
	}
	return nil
}

// mark is the sign printed after a flagged cell.
func mark(s schema.Severity) string {
	switch s {
	case schema.SeverityError:
		return "!"
	case schema.SeverityWarning:
		return "*"
	case schema.SeverityInfo:
		return "·"
	}
	return ""
}

// printReport writes one report for a person.
func printReport(w io.Writer, rep *schema.Report, all bool) {
	src := rep.Source
	fmt.Fprintf(w, "文件  %s", src.File)
	if src.Format != "" {
		fmt.Fprintf(w, "（%s，%d 字节", src.Format, src.Bytes)
		if src.Pages != nil {
			fmt.Fprintf(w, "，%d 页", *src.Pages)
		}
		fmt.Fprint(w, "）")
	}
	fmt.Fprintln(w)
	if f := rep.Unreadable(); f != nil {
		fmt.Fprintf(w, "结论  无法读取：%s\n", f.Message)
		return
	}
	info := rep.Report
	orNone := func(s string) string {
		if s == "" {
			return "（未识别）"
		}
		return s
	}
	year := "（未识别）"
	if info.Year != 0 {
		year = fmt.Sprint(info.Year)
	}
	fmt.Fprintf(w, "报告  %s\n机关  %s    年度  %s    模板  %s\n", orNone(info.Title), orNone(info.Organ), year, orNone(info.Template))
	count := map[schema.Severity]int{}
	for _, f := range rep.Findings {
		count[f.Severity]++
	}
	verdict := "通过"
	if count[schema.SeverityError] > 0 {
		verdict = "未通过"
	}
	fmt.Fprintf(w, "结论  %s：%d 个错误，%d 个警告，%d 个提示\n", verdict,
		count[schema.SeverityError], count[schema.SeverityWarning], count[schema.SeverityInfo])

	// The worst finding on each cell decides its mark.
	flags := map[string]schema.Severity{}
	for _, f := range rep.Findings {
		if f.Table == "" || f.Row == "" || f.Column == "" {
			continue
		}
		k := schema.ProvenanceKey(f.Table, f.Row, f.Column)
		if old, ok := flags[k]; !ok || rank(f.Severity) < rank(old) {
			flags[k] = f.Severity
		}
	}
	for _, td := range schema.TableDefs {
		tb := rep.Tables.Get(td.Key)
		fmt.Fprintf(w, "\n%s\n", td.Title)
		if tb == nil {
			fmt.Fprintln(w, "  （未找到此表）")
			continue
		}
		printTable(w, td, tb, info.Template, flags)
	}
	printFindings(w, rep.Findings, all)
}

func rank(s schema.Severity) int {
	switch s {
	case schema.SeverityError:
		return 0
	case schema.SeverityWarning:
		return 1
	}
	return 2
}

// cellString renders a value with its flag mark.
func cellString(c schema.Cell, flag string) string {
	var s string
	switch {
	case c.Value != nil:
		s = schema.FormatNumber(*c.Value)
	case c.Status == schema.StatusInvalid:
		s = "?"
	default:
		s = "空"
	}
	return s + flag
}

// width is the display width of s on a terminal: CJK characters take two
// columns.
func width(s string) int {
	n := 0
	for _, r := range s {
		if normalize.IsCJK(r) || r >= 0x1100 && r <= 0x115F || r >= 0xAC00 && r <= 0xD7A3 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

func padRight(s string, w int) string {
	return s + strings.Repeat(" ", max(0, w-width(s)))
}

func padLeft(s string, w int) string {
	return strings.Repeat(" ", max(0, w-width(s))) + s
}

// truncate cuts s to at most w display columns, with … when cut.
func truncate(s string, w int) string {
	if width(s) <= w {
		return s
	}
	var b strings.Builder
	n := 0
	for _, r := range s {
		rw := width(string(r))
		if n+rw > w-1 {
			break
		}
		b.WriteRune(r)
		n += rw
	}
	return b.String() + "…"
}

func rowTitle(td *schema.TableDef, key string) string {
	rd := td.Row(key)
	if rd == nil {
		return key
	}
	label := rd.Ordinal + normalize.StripNotes(rd.Label)
	switch {
	case rd.Group != "" && td.Key == schema.TableAppeals:
		label = rd.Group + "·" + label
	case td.Key == schema.TableRequests:
		// Sub-rows 1. 2. … are named with their group's ordinal: （三）1.
		for _, g := range schema.RequestGroups {
			if g.Label == rd.Group && g.Label != schema.GroupResults {
				label = g.Ordinal + label
			}
		}
	}
	return label
}

// printTable lays a table out with a column per template column (requests
// and appeals) or, for the active table whose rows differ, label = value
// pairs per row.
func printTable(w io.Writer, td *schema.TableDef, tb *schema.Table, tpl string, flags map[string]schema.Severity) {
	const labelW = 28
	if td.Key == schema.TableActive {
		for _, r := range tb.Rows {
			var line strings.Builder
			fmt.Fprintf(&line, "  %s", padRight(truncate(rowTitle(td, r.Key), 20), 20))
			for _, c := range r.Cells {
				label := c.Column
				if cd := columnIn(td, tpl, r.Key, c.Column); cd != nil {
					label = normalize.StripNotes(cd.Label)
				}
				flag := mark(flags[schema.ProvenanceKey(td.Key, r.Key, c.Column)])
				fmt.Fprintf(&line, "  %s %s", label, padRight(cellString(c, flag), 8))
			}
			fmt.Fprintln(w, strings.TrimRight(line.String(), " "))
		}
		return
	}
	var cols []schema.ColumnDef
	if td.Key == schema.TableRequests {
		cols = schema.RequestColumns
	} else {
		cols = schema.AppealColumns
	}
	colW := make([]int, len(cols))
	fmt.Fprintf(w, "  %s", strings.Repeat(" ", labelW))
	for i, c := range cols {
		colW[i] = max(width(c.Label), 7) + 1
		fmt.Fprintf(w, "%s", padLeft(c.Label, colW[i]))
	}
	fmt.Fprintln(w)
	for _, r := range tb.Rows {
		fmt.Fprintf(w, "  %s", padRight(truncate(rowTitle(td, r.Key), labelW), labelW))
		for i, cd := range cols {
			c := r.Cell(cd.Key)
			s := ""
			if c != nil {
				s = cellString(*c, mark(flags[schema.ProvenanceKey(td.Key, r.Key, cd.Key)]))
			}
			fmt.Fprint(w, padLeft(s, colW[i]))
		}
		fmt.Fprintln(w)
	}
}

var severityTitles = []struct {
	s     schema.Severity
	title string
}{
	{schema.SeverityError, "错误"},
	{schema.SeverityWarning, "警告"},
	{schema.SeverityInfo, "提示"},
}

// printFindings lists findings by severity; without all, at most 20 of
// one code per severity, the rest counted.
func printFindings(w io.Writer, fs []schema.Finding, all bool) {
	const perCode = 20
	for _, st := range severityTitles {
		var list []schema.Finding
		for _, f := range fs {
			if f.Severity == st.s {
				list = append(list, f)
			}
		}
		if len(list) == 0 {
			continue
		}
		fmt.Fprintf(w, "\n%s（%d）\n", st.title, len(list))
		shown := map[schema.Code]int{}
		hidden := map[schema.Code]int{}
		for _, f := range list {
			if !all && shown[f.Code] >= perCode {
				hidden[f.Code]++
				continue
			}
			shown[f.Code]++
			fmt.Fprintf(w, "  %s%s\n", where(f), f.Message)
		}
		for _, c := range schema.Codes {
			if n := hidden[c]; n > 0 {
				fmt.Fprintf(w, "  …另有 %d 条 %s（用 --all 列出全部）\n", n, c)
			}
		}
	}
}

// where names the place of a finding: table, row, column, page.
func where(f schema.Finding) string {
	var parts []string
	if td := schema.TableDefFor(f.Table); td != nil {
		parts = append(parts, strings.TrimSuffix(td.Title, "情况"))
		if f.Row != "" {
			parts = append(parts, truncate(rowTitle(td, f.Row), 24))
		}
		if f.Column != "" {
			if cd := td.Column(f.Row, f.Column); cd != nil && f.Row != "" {
				parts = append(parts, normalize.StripNotes(cd.Label))
			} else if cd := columnAny(td, f.Column); cd != "" {
				parts = append(parts, cd)
			}
		}
	}
	if f.Page > 0 {
		parts = append(parts, fmt.Sprintf("第%d页", f.Page))
	}
	s := fmt.Sprintf("[%s] ", f.Code)
	if len(parts) > 0 {
		s += strings.Join(parts, " › ") + "："
	}
	return s
}

// columnIn returns the column's definition in template tpl when that
// template's row has it, else in any template.
func columnIn(td *schema.TableDef, tpl, row, col string) *schema.ColumnDef {
	for _, cd := range td.Columns(tpl, row) {
		if cd.Key == col {
			return &cd
		}
	}
	return td.Column(row, col)
}

// columnAny returns the label of a column key in any row of td.
func columnAny(td *schema.TableDef, col string) string {
	for _, rd := range td.Rows {
		if cd := td.Column(rd.Key, col); cd != nil {
			return normalize.StripNotes(cd.Label)
		}
	}
	return ""
}
