// Command pdfdump prints what the PDF reader sees in a file: the layout
// blocks (default), the raw glyphs and segments of each page (-glyphs), or
// the layout as JSON (-json). A development tool.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/nianbao/nianbao/extract/layout"
	"github.com/nianbao/nianbao/extract/pdf"
)

var opts pdf.Options

func main() {
	glyphs := flag.Bool("glyphs", false, "print glyphs and segments per page")
	asJSON := flag.Bool("json", false, "print the layout document as JSON")
	quiet := flag.Bool("q", false, "print nothing but errors (for timing)")
	noJoin := flag.Bool("nojoin", false, "do not join tables across pages")
	flag.StringVar(&opts.Password, "password", "", "password for encrypted files")
	timeout := flag.Duration("timeout", 60*time.Second, "time limit per file")
	flag.Parse()
	status := 0
	for _, name := range flag.Args() {
		opts.Layout.NoTableJoin = *noJoin
		if err := dump(name, *glyphs, *asJSON, *quiet, *timeout); err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", name, err)
			status = 1
		}
	}
	os.Exit(status)
}

func dump(name string, glyphs, asJSON, quiet bool, timeout time.Duration) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	if glyphs {
		pages, warn, err := pdf.Pages(ctx, f, st.Size(), opts)
		if err != nil {
			return err
		}
		for _, w := range warn {
			fmt.Println("warning:", w)
		}
		for _, p := range pages {
			fmt.Printf("== page %d (%.0fx%.0f): %d glyphs, %d segments\n", p.Number, p.Width, p.Height, len(p.Glyphs), len(p.Segments))
			for _, g := range p.Glyphs {
				fmt.Printf("%q %.1f %.1f %.1f %.1f size=%.1f bold=%v vert=%v\n", g.Text, g.X0, g.Y0, g.X1, g.Y1, g.Size, g.Bold, g.Vertical)
			}
			for _, s := range p.Segments {
				fmt.Printf("seg %.1f %.1f %.1f %.1f\n", s.X0, s.Y0, s.X1, s.Y1)
			}
		}
		return nil
	}
	doc, err := pdf.Read(ctx, f, st.Size(), opts)
	if err != nil {
		return err
	}
	if quiet {
		return nil
	}
	if asJSON {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", " ")
		return enc.Encode(doc)
	}
	fmt.Printf("# %s: %d pages\n", name, doc.Pages)
	for _, w := range doc.Warnings {
		fmt.Println("warning:", w)
	}
	for _, b := range doc.Blocks {
		switch b := b.(type) {
		case *layout.Paragraph:
			fmt.Printf("[p%d h%d size=%.1f bold=%v centred=%v] %s\n", b.Page, b.Heading, b.FontSize, b.Bold, b.Centered, b.Text)
		case *layout.Table:
			fmt.Printf("[table p%d-%d %dx%d]\n", b.Page, b.LastPage, b.Rows, b.Cols)
			for _, c := range b.Cells {
				span := ""
				if c.RowSpan > 1 || c.ColSpan > 1 {
					span = fmt.Sprintf(" span=%dx%d", c.RowSpan, c.ColSpan)
				}
				fmt.Printf("  r%d c%d%s p%d: %s\n", c.Row, c.Col, span, c.Page, strings.ReplaceAll(c.Text, "\n", "⏎"))
			}
		}
	}
	return nil
}
