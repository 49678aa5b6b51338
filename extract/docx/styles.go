package docx

import (
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

// style is one w:style as written.
type style struct {
	id, name, basedOn, typ string
	ppr                    paraProps
	rpr                    runProps

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

// styles is the parsed styles part.
type styles struct {
	byID    map[string]*style
	defPara string // styleId of the default paragraph style
	defRun  runProps
	defPPr  paraProps
}

func newStyles() *styles { return &styles{byID: map[string]*style{}} }

// maxStyleChain bounds basedOn chains (they may be cyclic in bad files).
const maxStyleChain = 32

func (s *styles) parse(x *xmlReader) error {
	return x.root(func(se startElement) error {
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
				st := &style{id: se.attr("styleId"), typ: se.attr("type")}
				if st.typ == "" {
					st.typ = "paragraph"
				}
				if st.typ == "paragraph" && se.has("default") && se.onOffAttr("default") && s.defPara == "" {
					s.defPara = st.id
				}
				err := x.children(func(se startElement) error {
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
				if err != nil {
					return err
				}
				if _, dup := s.byID[st.id]; !dup {
					s.byID[st.id] = st
				}
				return nil
			}
			return x.skip()
		})
	})
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
	st := s.byID[id]
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
		if base := s.byID[st.basedOn]; base != nil {
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
		if st := s.byID[id]; st != nil && (st.typ == "paragraph" || st.typ == "") {
			return s.resolveStyle(st, 0)
		}
	}
	if s.defPara != "" {
		if st := s.byID[s.defPara]; st != nil {
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
	if st := s.byID[id]; st != nil {
		return s.resolveStyle(st, 0).rpr
	}
	return runProps{}
}
