package docx

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/nianbao/nianbao/extract/layout"
)

// body turns the main document part into layout blocks.
type body struct {
	pk         *pkg
	st         *styles
	num        *numbering
	tableDepth int

	// Recycled working state: paragraphs being read and cell containers
	// (their buffers keep their capacity), and the block from which
	// layout.Paragraphs are carved.
	freeParas  []*para
	freeConts  []*container
	freeTables []*tableScratch
	slab       []layout.Paragraph
}

// newParagraph returns a zeroed layout.Paragraph carved from a block: one
// allocation per 64 paragraphs instead of one each.
func (b *body) newParagraph() *layout.Paragraph {
	if len(b.slab) == cap(b.slab) {
		b.slab = make([]layout.Paragraph, 0, 64)
	}
	b.slab = b.slab[:len(b.slab)+1]
	return &b.slab[len(b.slab)-1]
}

func (b *body) getPara() *para {
	if n := len(b.freeParas); n > 0 {
		p := b.freeParas[n-1]
		b.freeParas = b.freeParas[:n-1]
		return p
	}
	return &para{}
}

// putPara recycles p; its buffers are kept unless handed on.
func (b *body) putPara(p *para) {
	clear(p.extras)
	*p = para{buf: p.buf[:0], extras: p.extras[:0], sizes: p.sizes[:0]}
	b.freeParas = append(b.freeParas, p)
}

func (b *body) getContainer() *container {
	if n := len(b.freeConts); n > 0 {
		c := b.freeConts[n-1]
		b.freeConts = b.freeConts[:n-1]
		return c
	}
	return &container{}
}

func (b *body) putContainer(c *container) {
	clear(c.out)
	*c = container{out: c.out[:0]}
	b.freeConts = append(b.freeConts, c)
}

func (b *body) parse(x *xmlReader, doc *layout.Document) error {
	return x.root(func(se startElement) error {
		if se.Name.Local != "document" || se.ns != nsKindW {
			return fmt.Errorf("%w: %s: the root element is <%s>, not a WordprocessingML document", ErrNotDOCX, x.part, se.Name.Local)
		}
		return x.children(func(se startElement) error {
			if !se.w("body") {
				return x.skip()
			}
			blocks, err := b.blocks(x)
			doc.Blocks = append(doc.Blocks, blocks...)
			return err
		})
	})
}

// blocks reads the block-level content of the element just started (the
// body, a table cell, a text box) up to its end tag.
func (b *body) blocks(x *xmlReader) ([]layout.Block, error) {
	c := &container{}
	err := b.blockChildren(x, c)
	c.flush(b)
	return c.out, err
}

// container collects blocks; carry holds the text of paragraphs whose
// paragraph mark was deleted in a tracked change, which joins the next
// paragraph.
type container struct {
	out   []layout.Block
	carry []byte
}

func (c *container) flush(b *body) {
	if len(c.carry) > 0 {
		lp := b.newParagraph()
		lp.Text = string(c.carry)
		c.out = append(c.out, lp)
		c.carry = nil
	}
}

func (b *body) blockChildren(x *xmlReader, c *container) error {
	return x.children(func(se startElement) error { return b.block(x, se, c) })
}

// block reads one block-level element into c.
func (b *body) block(x *xmlReader, se startElement, c *container) error {
	switch se.ns {
	case nsKindW:
		switch se.Name.Local {
		case "p":
			return b.paragraph(x, c)
		case "tbl":
			t, err := b.table(x)
			if err != nil {
				return err
			}
			if t != nil {
				c.out = append(c.out, t)
			}
			return nil
		case "sdt":
			return b.sdt(x, func() error { return b.blockChildren(x, c) })
		case "customXml", "ins", "moveTo", "smartTag":
			return b.blockChildren(x, c)
		case "altChunk":
			b.pk.warn("an imported chunk (w:altChunk) was skipped: its content is in another format")
		}
		// del, moveFrom, sectPr, bookmarks, permissions, …
		return x.skip()
	case nsKindMC:
		if se.Name.Local == "AlternateContent" {
			return b.alternate(x, func() error { return b.blockChildren(x, c) })
		}
	}
	return x.skip()
}

// sdt reads a content control, passing its w:sdtContent to content.
func (b *body) sdt(x *xmlReader, content func() error) error {
	return x.children(func(se startElement) error {
		if se.w("sdtContent") {
			return content()
		}
		return x.skip()
	})
}

// alternate reads mc:AlternateContent: the first mc:Choice, or the
// mc:Fallback when there is no Choice, never both (they hold the same
// content twice).
func (b *body) alternate(x *xmlReader, content func() error) error {
	taken := false
	return x.children(func(se startElement) error {
		if se.ns == nsKindMC && !taken && (se.Name.Local == "Choice" || se.Name.Local == "Fallback") {
			taken = true
			return content()
		}
		return x.skip()
	})
}

// para is a paragraph being read.
type para struct {
	direct paraProps // as written in w:pPr
	eff    paraProps // with defaults and the style applied
	extra  pprExtra
	style  *resolvedStyle
	base   runProps // run properties from defaults and the paragraph style
	ready  bool     // properties resolved, label rendered
	label  string
	suff   string
	buf    []byte
	extras []layout.Block // text boxes anchored in the paragraph

	runes, bold int
	sizes       []sizeCount
}

type sizeCount struct{ size, n int }

func (p *para) count(text []byte, rp runProps) {
	n := 0
	for i := 0; i < len(text); {
		if c := text[i]; c < utf8.RuneSelf {
			if c != ' ' && (c < '\t' || c > '\r') {
				n++
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(text[i:])
		if !unicode.IsSpace(r) {
			n++
		}
		i += size
	}
	if n == 0 {
		return
	}
	p.runes += n
	if rp.bold == yes {
		p.bold += n
	}
	if rp.size > 0 {
		for i := range p.sizes {
			if p.sizes[i].size == rp.size {
				p.sizes[i].n += n
				return
			}
		}
		p.sizes = append(p.sizes, sizeCount{rp.size, n})
	}
}

// resolve applies styles once the paragraph properties are read, and
// advances the list counters (in document order, before any text box the
// paragraph anchors).
func (b *body) resolve(p *para) {
	if p.ready {
		return
	}
	p.ready = true
	p.style = b.st.paragraph(p.extra.style)
	p.base = b.st.defRun.over(p.style.rpr)
	eff := b.st.defPPr.over(p.style.ppr).over(p.direct)
	if p.direct.num.numSet {
		eff.num.styleID = ""
	}
	if !p.extra.markDeleted {
		styleID := p.extra.style
		if styleID == "" {
			styleID = b.st.defPara
		}
		p.label, p.suff = b.num.label(eff.num, styleID)
	}
	p.eff = eff
}

// paragraph reads a w:p into c.
func (b *body) paragraph(x *xmlReader, c *container) error {
	p := b.getPara()
	defer b.putPara(p)
	err := x.children(func(se startElement) error {
		if se.w("pPr") && !p.ready {
			return parsePPr(x, &p.direct, &p.extra)
		}
		b.resolve(p)
		return b.inline(x, se, p)
	})
	if err != nil {
		return err
	}
	b.resolve(p)
	if len(c.carry) > 0 {
		p.buf = append(c.carry, p.buf...)
		c.carry = nil
	}
	if p.extra.markDeleted {
		// The mark is deleted: the text joins the next paragraph.
		c.carry, p.buf = p.buf, nil
		c.out = append(c.out, p.extras...)
		return nil
	}
	lp := b.newParagraph()
	if p.label == "" {
		lp.Text = string(p.buf)
	} else {
		lp.Text = joinLabel(p.label, p.suff, string(p.buf))
	}
	switch {
	case p.direct.outlineSet:
		lp.Heading = outlineToHeading(p.direct.outline)
	case p.style.headSet:
		lp.Heading = p.style.heading
	}
	lp.Centered = p.eff.jcSet && p.eff.jc == "center"
	lp.Bold = p.runes > 0 && p.bold*2 > p.runes
	size, best := 0, 0
	for _, s := range p.sizes {
		if s.n > best || (s.n == best && s.size > size) {
			size, best = s.size, s.n
		}
	}
	if p.runes == 0 {
		size = p.base.over(p.extra.markRun).size
	}
	lp.FontSize = float64(size) / 2
	c.out = append(c.out, lp)
	c.out = append(c.out, p.extras...)
	return nil
}

// inline reads one element of paragraph content.
func (b *body) inline(x *xmlReader, se startElement, p *para) error {
	switch se.ns {
	case nsKindW:
		switch se.Name.Local {
		case "r":
			return b.run(x, p)
		case "hyperlink", "smartTag", "customXml", "ins", "moveTo", "fldSimple", "bdo", "dir":
			return x.children(func(se startElement) error { return b.inline(x, se, p) })
		case "sdt":
			return b.sdt(x, func() error {
				return x.children(func(se startElement) error { return b.inline(x, se, p) })
			})
		}
		// del, moveFrom, bookmarks, proofing marks, comments, …
		return x.skip()
	case nsKindM:
		if se.Name.Local == "r" {
			return b.run(x, p)
		}
		// Office Math structures: descend to their runs.
		return x.children(func(se startElement) error { return b.inline(x, se, p) })
	case nsKindMC:
		if se.Name.Local == "AlternateContent" {
			return b.alternate(x, func() error {
				return x.children(func(se startElement) error { return b.inline(x, se, p) })
			})
		}
	}
	return x.skip()
}

// run reads a w:r (or an m:r of Office Math).
func (b *body) run(x *xmlReader, p *para) error {
	var direct runProps
	var rStyle string
	var rp runProps
	propsDone := false
	start := len(p.buf)
	done := func() {
		if !propsDone {
			propsDone = true
			rp = p.base.over(b.st.character(rStyle)).over(direct)
		}
	}
	var content func(se startElement) error
	content = func(se startElement) error {
		switch se.ns {
		case nsKindW:
			if se.Name.Local == "rPr" && !propsDone {
				return parseRPr(x, &direct, nil, &rStyle)
			}
			done()
			switch se.Name.Local {
			case "t":
				var err error
				p.buf, err = x.text(p.buf)
				return err
			case "tab", "ptab":
				p.buf = append(p.buf, '\t')
			case "br":
				switch se.attr("type") {
				case "page", "column":
				default:
					p.buf = append(p.buf, '\n')
				}
			case "cr":
				p.buf = append(p.buf, '\n')
			case "noBreakHyphen":
				p.buf = append(p.buf, '-')
			case "drawing", "pict", "object":
				return b.drawing(x, p)
			case "ruby":
				return x.children(func(se startElement) error {
					if se.w("rubyBase") {
						return x.children(func(se startElement) error { return b.inline(x, se, p) })
					}
					return x.skip()
				})
			}
			// delText, instrText, fldChar, sym, softHyphen, footnote marks, …
			return x.skip()
		case nsKindM:
			done()
			if se.Name.Local == "t" {
				var err error
				p.buf, err = x.text(p.buf)
				return err
			}
		case nsKindMC:
			if se.Name.Local == "AlternateContent" {
				done()
				return b.alternate(x, func() error { return x.children(content) })
			}
		}
		return x.skip()
	}
	if err := x.children(content); err != nil {
		return err
	}
	done()
	if rp.vanish == yes {
		p.buf = p.buf[:start]
		return nil
	}
	p.count(p.buf[start:], rp)
	return nil
}

// drawing searches a w:drawing, w:pict or w:object for text boxes
// (w:txbxContent) and adds their blocks to the paragraph's extras.
func (b *body) drawing(x *xmlReader, p *para) error {
	var walk func(se startElement) error
	walk = func(se startElement) error {
		switch {
		case se.w("txbxContent"):
			blocks, err := b.blocks(x)
			p.extras = append(p.extras, blocks...)
			return err
		case se.ns == nsKindMC && se.Name.Local == "AlternateContent":
			return b.alternate(x, func() error { return x.children(walk) })
		}
		return x.children(walk)
	}
	return x.children(walk)
}

// cellText is a cell's text: its paragraphs joined by "\n", a nested table
// as its rows, leading and trailing empty lines dropped.
func cellText(blocks []layout.Block) string {
	switch len(blocks) {
	case 0:
		return ""
	case 1:
		if p, ok := blocks[0].(*layout.Paragraph); ok {
			return strings.Trim(p.Text, "\n")
		}
	}
	var sb strings.Builder
	for i, bl := range blocks {
		if i > 0 {
			sb.WriteByte('\n')
		}
		switch v := bl.(type) {
		case *layout.Paragraph:
			sb.WriteString(v.Text)
		case *layout.Table:
			sb.WriteString(v.Text())
		}
	}
	return strings.Trim(sb.String(), "\n")
}
