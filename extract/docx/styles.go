package docx

import (
	"fmt"
	"strconv"
	"strings"
)

// tri is an unset/true/false property value.
type tri int8

const (
	unset tri = iota
	yes
	no
)

func triOf(b bool) tri {
	if b {
		return yes
	}
	return no
}

// runProps are the character properties the reader uses.
type runProps struct {
	bold, vanish tri
	size         int // half-points; 0 = unset
}

// over returns p with every property that q sets taken from q.
func (p runProps) over(q runProps) runProps {
	if q.bold != unset {
		p.bold = q.bold
	}
	if q.vanish != unset {
		p.vanish = q.vanish
	}
	if q.size != 0 {
		p.size = q.size
	}
	return p
}

// numRef is a paragraph's numbering reference (w:numPr).
type numRef struct {
	numID   string
	numSet  bool // w:numId present (numId 0 removes numbering)
	ilvl    int
	ilvlSet bool
	styleID string // the style that set the numbering, for numbering from a style
}

// paraProps are the paragraph properties the reader uses.
type paraProps struct {
	jc         string
	jcSet      bool
	outline    int // 0-based w:outlineLvl
	outlineSet bool
	num        numRef
}

func (p paraProps) over(q paraProps) paraProps {
	if q.jcSet {
		p.jc, p.jcSet = q.jc, true
	}
	if q.outlineSet {
		p.outline, p.outlineSet = q.outline, true
	}
	if q.num.numSet {
		p.num.numID, p.num.numSet = q.num.numID, true
	}
	if q.num.ilvlSet {
		p.num.ilvl, p.num.ilvlSet = q.num.ilvl, true
	}
	return p
}

// style is one w:style as written. Only its type, id and default flag
// are read when the styles part is indexed; the rest is read the first
// time the style is used (see load).
type style struct {
	id, name, basedOn, typ string
	ppr                    paraProps
	rpr                    runProps

	pos    int  // offset of its start tag in the styles part
	loaded bool // name, basedOn, ppr and rpr are read

	resolving bool
	resolved  *resolvedStyle
}

// resolvedStyle is a style with its basedOn chain applied.
type resolvedStyle struct {
	ppr     paraProps
	rpr     runProps
	heading int // outline level 1..9 from outlineLvl or a heading name, else 0
	headSet bool
}

// styles is the styles part: the document defaults and an index of the
// styles, each read on first use. A report's styles part is mostly
// definitions it never uses (python-docx's template has 164 styles in
// 350 KB, a document uses a handful), so the index pass only skims each
// style's content (skimTree) and load reads the few that are used.
type styles struct {
	byID    map[string]*style
	defPara string // styleId of the default paragraph style
	defRun  runProps
	defPPr  paraProps

	// The open styles part, for load: the reader and the namespace scope
	// of the document element, in which every style element starts.
	x       *xmlReader
	root    openElem
	ns      []nsBinding
	warn    func(string)
	loading bool
	slab    []style
}

func newStyles() *styles { return &styles{byID: map[string]*style{}} }

// newStyle returns a zeroed style carved from a block.
func (s *styles) newStyle() *style {
	if len(s.slab) == cap(s.slab) {
		s.slab = make([]style, 0, 32)
	}
	s.slab = s.slab[:len(s.slab)+1]
	return &s.slab[len(s.slab)-1]
}

// maxStyleChain bounds basedOn chains (they may be cyclic in bad files).
const maxStyleChain = 32

// index reads the document defaults and indexes the styles. The reader
// stays in use by load until the body is read.
func (s *styles) index(x *xmlReader) error {
	return x.root(func(se startElement) error {
		s.x, s.root, s.ns = x, x.open[0], append([]nsBinding(nil), x.ns...)
		return x.children(func(se startElement) error {
			switch {
			case se.w("docDefaults"):
				return x.children(func(se startElement) error {
					switch {
					case se.w("rPrDefault"):
						return x.children(func(se startElement) error {
							if se.w("rPr") {
								return parseRPr(x, &s.defRun, nil, nil)
							}
							return x.skip()
						})
					case se.w("pPrDefault"):
						return x.children(func(se startElement) error {
							if se.w("pPr") {
								return parsePPr(x, &s.defPPr, nil)
							}
							return x.skip()
						})
					}
					return x.skip()
				})
			case se.w("style"):
				st := s.newStyle()
				st.id, st.typ, st.pos = se.attr("styleId"), se.attr("type"), x.tagPos
				if st.typ == "" {
					st.typ = "paragraph"
				}
				if st.typ == "paragraph" && se.has("default") && se.onOffAttr("default") && s.defPara == "" {
					s.defPara = st.id
				}
				if _, dup := s.byID[st.id]; !dup {
					s.byID[st.id] = st
				}
			}
			return x.skim()
		})
	})
}

// get returns the style with the given id, loaded, or nil.
func (s *styles) get(id string) *style {
	st := s.byID[id]
	if st != nil && !st.loaded {
		s.load(st)
	}
	return st
}

// load reads a style's content: the reader goes back to the style's start
// tag, in the scope it had there, and reads the element with the same
// checks as the rest of the part. A malformed style is used without
// properties, with a warning.
func (s *styles) load(st *style) {
	st.loaded = true
	x := s.x
	if x == nil || s.loading {
		return // no part, or (not reached) a use while a style is read
	}
	s.loading = true
	defer func() { s.loading = false }()
	x.seek(st.pos, s.root, s.ns)
	err := x.root(func(se startElement) error {
		return x.children(func(se startElement) error {
			switch {
			case se.w("name"):
				st.name = se.val()
			case se.w("basedOn"):
				st.basedOn = se.val()
			case se.w("pPr"):
				return parsePPr(x, &st.ppr, nil)
			case se.w("rPr"):
				return parseRPr(x, &st.rpr, nil, nil)
			}
			return x.skip()
		})
	})
	if err != nil {
		st.name, st.basedOn, st.ppr, st.rpr = "", "", paraProps{}, runProps{}
		if s.warn != nil {
			s.warn(fmt.Sprintf("style %q ignored: %v", st.id, err))
		}
	}
}

// onOffAttr reads an ST_OnOff attribute.
func (se startElement) onOffAttr(local string) bool {
	switch strings.ToLower(strings.TrimSpace(se.attr(local))) {
	case "0", "false", "off":
		return false
	}
	return true
}

// pprExtra receives what a paragraph's own w:pPr holds beyond paraProps.
type pprExtra struct {
	style       string
	markDeleted bool
	markRun     runProps
}

// parsePPr reads a w:pPr into p (and, for paragraphs, into extra).
func parsePPr(x *xmlReader, p *paraProps, extra *pprExtra) error {
	return x.children(func(se startElement) error {
		if se.ns != nsKindW {
			return x.skip()
		}
		switch se.Name.Local {
		case "pStyle":
			if extra != nil {
				extra.style = se.val()
			}
		case "jc":
			p.jc, p.jcSet = se.val(), true
		case "outlineLvl":
			if n, ok := se.intVal(); ok {
				p.outline, p.outlineSet = n, true
			}
		case "numPr":
			return x.children(func(se startElement) error {
				switch {
				case se.w("numId"):
					p.num.numID, p.num.numSet = strings.TrimSpace(se.val()), true
				case se.w("ilvl"):
					if n, ok := se.intVal(); ok {
						p.num.ilvl, p.num.ilvlSet = n, true
					}
				}
				return x.skip()
			})
		case "rPr":
			if extra != nil {
				return parseRPr(x, &extra.markRun, &extra.markDeleted, nil)
			}
		}
		// pPrChange holds the properties before a tracked change: skipped.
		return x.skip()
	})
}

// parseRPr reads a w:rPr into p; deleted, when not nil, is set by a w:del
// (a deleted paragraph mark); rStyle, when not nil, receives the character
// style.
func parseRPr(x *xmlReader, p *runProps, deleted *bool, rStyle *string) error {
	return x.children(func(se startElement) error {
		if se.ns != nsKindW {
			return x.skip()
		}
		switch se.Name.Local {
		case "b":
			p.bold = triOf(se.onOff())
		case "vanish":
			p.vanish = triOf(se.onOff())
		case "sz":
			if n := halfPoints(se.val()); n > 0 {
				p.size = n
			}
		case "del", "moveFrom":
			if deleted != nil {
				*deleted = true
			}
		case "rStyle":
			if rStyle != nil {
				*rStyle = se.val()
			}
		}
		// rPrChange holds the properties before a tracked change: skipped.
		return x.skip()
	})
}

// halfPoints reads an ST_HpsMeasure: half-points, or a universal measure
// such as "10.5pt".
func halfPoints(v string) int {
	v = strings.TrimSpace(v)
	if strings.HasSuffix(v, "pt") {
		f, err := strconv.ParseFloat(strings.TrimSuffix(v, "pt"), 64)
		if err != nil || f <= 0 || f > 4000 {
			return 0
		}
		return int(f*2 + 0.5)
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 || n > 8000 {
		return 0
	}
	return n
}

// resolve returns the style with its basedOn chain applied, or nil.
func (s *styles) resolve(id string) *resolvedStyle {
	st := s.get(id)
	if st == nil {
		return nil
	}
	return s.resolveStyle(st, 0)
}

func (s *styles) resolveStyle(st *style, depth int) *resolvedStyle {
	if st.resolved != nil {
		return st.resolved
	}
	r := &resolvedStyle{}
	if !st.resolving && depth < maxStyleChain && st.basedOn != "" && st.basedOn != st.id {
		if base := s.get(st.basedOn); base != nil {
			st.resolving = true
			if b := s.resolveStyle(base, depth+1); b != nil {
				*r = *b
			}
			st.resolving = false
		}
	}
	r.ppr = r.ppr.over(st.ppr)
	r.rpr = r.rpr.over(st.rpr)
	if st.ppr.num.numSet {
		r.ppr.num.styleID = st.id
	}
	switch {
	case st.ppr.outlineSet:
		r.heading, r.headSet = outlineToHeading(st.ppr.outline), true
	case headingName(st.name) > 0:
		r.heading, r.headSet = headingName(st.name), true
	}
	if !st.resolving {
		st.resolved = r
	}
	return r
}

// outlineToHeading maps a 0-based w:outlineLvl to a heading level 1..9;
// 9 (body text) and anything invalid give 0.
func outlineToHeading(n int) int {
	if n < 0 || n > 8 {
		return 0
	}
	return n + 1
}

// headingName returns N for the built-in heading style names "heading N"
// and their Chinese form "标题 N", else 0.
func headingName(name string) int {
	n := strings.ToLower(strings.TrimSpace(name))
	for _, p := range []string{"heading", "标题"} {
		if rest, ok := strings.CutPrefix(n, p); ok {
			rest = strings.TrimSpace(rest)
			if len(rest) == 1 && rest[0] >= '1' && rest[0] <= '9' {
				return int(rest[0] - '0')
			}
		}
	}
	return 0
}

// paragraph returns the resolved paragraph style for a pStyle value: the
// named style, or the default paragraph style when it is empty or unknown.
func (s *styles) paragraph(id string) *resolvedStyle {
	if id != "" {
		if st := s.get(id); st != nil && (st.typ == "paragraph" || st.typ == "") {
			return s.resolveStyle(st, 0)
		}
	}
	if s.defPara != "" {
		if st := s.get(s.defPara); st != nil {
			return s.resolveStyle(st, 0)
		}
	}
	return &resolvedStyle{}
}

// character returns the resolved character style's run properties.
func (s *styles) character(id string) runProps {
	if id == "" {
		return runProps{}
	}
	if st := s.get(id); st != nil {
		return s.resolveStyle(st, 0).rpr
	}
	return runProps{}
}
