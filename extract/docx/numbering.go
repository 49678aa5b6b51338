package docx

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Word's list model, as far as the label text is concerned:
//
//   - a paragraph refers to a w:num (numId) and a level (ilvl), directly or
//     through its style;
//   - a w:num refers to a w:abstractNum that defines up to nine levels
//     (start, numFmt, lvlText, lvlRestart, isLgl, suff), possibly through a
//     numbering style (numStyleLink → style → numId → abstractNum);
//   - a w:num may override a level's start (startOverride) or the whole
//     level definition (lvlOverride/lvl);
//   - counters live per abstractNum: every w:num without a startOverride
//     continues the same sequence; a w:num with a startOverride is a list
//     of its own that starts again at the override;
//   - using a level restarts the levels below it, unless a lower level's
//     lvlRestart says otherwise (0 = never, N = only when level N or a
//     higher one is used).

// maxLevelText bounds the lvlText template, so that a label cannot grow
// without bound relative to the paragraph that shows it.
const maxLevelText = 64

type level struct {
	start   int
	fmt     string // numFmt
	custom  string // w:format of a custom numFmt
	text    string // lvlText
	restart int    // lvlRestart; -1 when absent
	isLgl   bool
	suff    string // tab (default), space, nothing
	pStyle  string
}

type abstractNum struct {
	id                      string
	lvls                    [9]*level
	numStyleLink, styleLink string
}

type override struct {
	start    int
	hasStart bool
	lvl      *level
}

type num struct {
	id, abs   string
	overrides [9]*override
	restarts  bool // has a startOverride: its own counters
}

type counters struct {
	val  [9]int
	used [9]bool
}

type numbering struct {
	abs    map[string]*abstractNum
	nums   map[string]*num
	sets   map[string]*counters
	styles *styles
}

func newNumbering() *numbering {
	return &numbering{abs: map[string]*abstractNum{}, nums: map[string]*num{}, sets: map[string]*counters{}, styles: newStyles()}
}

func (n *numbering) parse(x *xmlReader) error {
	return x.root(func(se startElement) error {
		return x.children(func(se startElement) error {
			switch {
			case se.w("abstractNum"):
				a := &abstractNum{id: strings.TrimSpace(se.attr("abstractNumId"))}
				err := x.children(func(se startElement) error {
					switch {
					case se.w("lvl"):
						i, ok := ilvlAttr(se)
						lv, err := parseLevel(x)
						if err != nil {
							return err
						}
						if ok && a.lvls[i] == nil {
							a.lvls[i] = lv
						}
						return nil
					case se.w("numStyleLink"):
						a.numStyleLink = se.val()
					case se.w("styleLink"):
						a.styleLink = se.val()
					}
					return x.skip()
				})
				if err != nil {
					return err
				}
				if _, dup := n.abs[a.id]; !dup {
					n.abs[a.id] = a
				}
				return nil
			case se.w("num"):
				m := &num{id: strings.TrimSpace(se.attr("numId"))}
				err := x.children(func(se startElement) error {
					switch {
					case se.w("abstractNumId"):
						m.abs = strings.TrimSpace(se.val())
					case se.w("lvlOverride"):
						i, ok := ilvlAttr(se)
						o := &override{}
						err := x.children(func(se startElement) error {
							switch {
							case se.w("startOverride"):
								if v, ok := se.intVal(); ok {
									o.start, o.hasStart = v, true
								}
							case se.w("lvl"):
								lv, err := parseLevel(x)
								if err != nil {
									return err
								}
								o.lvl = lv
								return nil
							}
							return x.skip()
						})
						if err != nil {
							return err
						}
						if ok {
							m.overrides[i] = o
							if o.hasStart {
								m.restarts = true
							}
						}
						return nil
					}
					return x.skip()
				})
				if err != nil {
					return err
				}
				if _, dup := n.nums[m.id]; !dup {
					n.nums[m.id] = m
				}
				return nil
			}
			return x.skip()
		})
	})
}

func ilvlAttr(se startElement) (int, bool) {
	v := strings.TrimSpace(se.attr("ilvl"))
	if len(v) != 1 || v[0] < '0' || v[0] > '8' {
		return 0, false
	}
	return int(v[0] - '0'), true
}

// parseLevel reads a w:lvl. A numFmt inside mc:AlternateContent (Word
// writes custom formats such as "001, 002, 003" that way) is taken from the
// Choice when the reader can render it, else from the Fallback.
func parseLevel(x *xmlReader) (*level, error) {
	lv := &level{restart: -1, fmt: "decimal"}
	var choice, fallback *level
	err := x.children(func(se startElement) error {
		switch se.ns {
		case nsKindMC:
			if se.Name.Local != "AlternateContent" {
				return x.skip()
			}
			return x.children(func(se startElement) error {
				var dst **level
				switch {
				case se.Name.Local == "Choice" && choice == nil:
					dst = &choice
				case se.Name.Local == "Fallback" && fallback == nil:
					dst = &fallback
				default:
					return x.skip()
				}
				alt := &level{}
				*dst = alt
				return x.children(func(se startElement) error {
					if se.w("numFmt") {
						alt.fmt, alt.custom = se.val(), se.attr("format")
					}
					return x.skip()
				})
			})
		case nsKindW:
		default:
			return x.skip()
		}
		switch se.Name.Local {
		case "start":
			if v, ok := se.intVal(); ok {
				lv.start = v
			}
		case "numFmt":
			lv.fmt, lv.custom = se.val(), se.attr("format")
		case "lvlText":
			if se.has("null") && se.onOffAttr("null") {
				lv.text = ""
			} else {
				lv.text = truncateRunes(se.val(), maxLevelText)
			}
		case "lvlRestart":
			if v, ok := se.intVal(); ok {
				lv.restart = v
			}
		case "isLgl":
			lv.isLgl = se.onOff()
		case "suff":
			lv.suff = se.val()
		case "pStyle":
			lv.pStyle = se.val()
		}
		return x.skip()
	})
	switch {
	case choice != nil && choice.fmt != "" && canFormat(choice.fmt, choice.custom):
		lv.fmt, lv.custom = choice.fmt, choice.custom
	case fallback != nil && fallback.fmt != "":
		lv.fmt, lv.custom = fallback.fmt, fallback.custom
	}
	return lv, err
}

func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i, k := 0, 0
	for i = range s {
		if k == n {
			break
		}
		k++
	}
	return s[:i]
}

// maxLinkHops bounds numStyleLink indirections (they may be cyclic).
const maxLinkHops = 4

// abstractFor returns the abstractNum a num uses, following numbering
// style links.
func (n *numbering) abstractFor(m *num) *abstractNum {
	a := n.abs[m.abs]
	for hop := 0; a != nil && a.numStyleLink != "" && hop < maxLinkHops; hop++ {
		rs := n.styles.resolve(a.numStyleLink)
		if rs == nil || !rs.ppr.num.numSet {
			break
		}
		m2 := n.nums[rs.ppr.num.numID]
		if m2 == nil {
			break
		}
		a2 := n.abs[m2.abs]
		if a2 == nil || a2 == a {
			break
		}
		a = a2
	}
	return a
}

func levelOf(m *num, a *abstractNum, i int) *level {
	if o := m.overrides[i]; o != nil && o.lvl != nil {
		return o.lvl
	}
	return a.lvls[i]
}

func startOf(m *num, a *abstractNum, i int) int {
	if o := m.overrides[i]; o != nil && o.hasStart {
		return o.start
	}
	if lv := levelOf(m, a, i); lv != nil {
		return lv.start
	}
	return 0
}

// label advances the list counters for a numbered paragraph and returns
// its rendered label and the suffix kind, or "" when the paragraph shows
// no label. paraStyle is the paragraph's style id.
func (n *numbering) label(ref numRef, paraStyle string) (label, suff string) {
	if !ref.numSet || ref.numID == "" || ref.numID == "0" {
		return "", ""
	}
	m := n.nums[ref.numID]
	if m == nil {
		return "", ""
	}
	a := n.abstractFor(m)
	if a == nil {
		return "", ""
	}
	ilvl := 0
	if ref.ilvlSet {
		ilvl = ref.ilvl
	} else {
		for i, lv := range a.lvls {
			if lv != nil && lv.pStyle != "" && (lv.pStyle == paraStyle || lv.pStyle == ref.styleID) {
				ilvl = i
				break
			}
		}
	}
	if ilvl < 0 || ilvl > 8 {
		return "", ""
	}
	lv := levelOf(m, a, ilvl)
	if lv == nil {
		return "", ""
	}
	key := "a:" + a.id
	if m.restarts {
		key = "n:" + m.id
	}
	c := n.sets[key]
	if c == nil {
		c = &counters{}
		n.sets[key] = c
	}
	if c.used[ilvl] {
		c.val[ilvl]++
	} else {
		c.val[ilvl], c.used[ilvl] = startOf(m, a, ilvl), true
	}
	for k := ilvl + 1; k < 9; k++ {
		r := -1
		if lk := levelOf(m, a, k); lk != nil {
			r = lk.restart
		}
		if r < 0 || (r > 0 && ilvl < r) {
			c.used[k] = false
		}
	}
	if lv.fmt == "bullet" || lv.text == "" {
		return "", ""
	}
	var b strings.Builder
	t := lv.text
	for i := 0; i < len(t); i++ {
		if t[i] == '%' && i+1 < len(t) && t[i+1] >= '1' && t[i+1] <= '9' {
			k := int(t[i+1] - '1')
			i++
			v := startOf(m, a, k)
			if c.used[k] {
				v = c.val[k]
			}
			f, custom := "decimal", ""
			if lk := levelOf(m, a, k); lk != nil {
				f, custom = lk.fmt, lk.custom
			}
			if lv.isLgl {
				f = "decimal"
			}
			b.WriteString(formatNumber(v, f, custom))
			continue
		}
		b.WriteByte(t[i])
	}
	return b.String(), lv.suff
}

// joinLabel puts a rendered label before the paragraph text. Word separates
// them by the level's suffix (a tab by default, or a space, or nothing).
// Next to CJK text or a label ending in full-width punctuation (一、 （一）
// ①) that gap is typographic spacing which typed text does not have, so
// it is dropped: "一、总体情况" and "1.部分栏目" read the same whether typed
// or numbered by Word. Between a label and Latin text ("1." "Scope") it
// becomes one space.
func joinLabel(label, suff, text string) string {
	if label == "" {
		return text
	}
	if suff == "nothing" || text == "" {
		return label + text
	}
	last, _ := utf8.DecodeLastRuneInString(label)
	first, _ := utf8.DecodeRuneInString(text)
	if wide(last) || wide(first) || unicode.IsSpace(first) {
		return label + text
	}
	return label + " " + text
}

// wide reports whether r is a CJK character, full-width form or enclosed
// numeral, next to which no space is written.
func wide(r rune) bool { return r >= 0x2460 }
