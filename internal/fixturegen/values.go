package fixturegen

import (
	"math"
	"strconv"
	"strings"

	"github.com/nianbao/nianbao/schema"
)

// level is the administrative level of the issuing organ. It sets the
// magnitudes of the figures.
type level int

const (
	lvlTownship level = iota
	lvlCountyGov
	lvlCountyDept
	lvlCityGov
	lvlCityDept
	lvlProvinceDept
	lvlProvinceGov
	lvlMinistry
)

type levelInfo struct {
	label     string  // for the fixture list
	apps      float64 // new applications in a year, all applicants
	carry     float64 // share of the year's load carried over
	review    float64 // 行政复议 per application
	suits     float64 // 行政诉讼 per application
	rules     bool    // may make 规章
	normative float64 // 规范性文件 made in a year
	licensing float64 // 行政许可 decisions
	penalty   float64 // 行政处罚 decisions
	coercion  float64 // 行政强制 decisions
	fees      float64 // 行政事业性收费, 万元
	items     float64 // 政府集中采购 projects
}

var levels = map[level]levelInfo{
	lvlTownship:     {label: "乡镇/街道", apps: 2, carry: 0.05, review: 0.05, suits: 0.02, normative: 1, licensing: 30, penalty: 8, coercion: 1, fees: 0, items: 2},
	lvlCountyGov:    {label: "县区政府", apps: 70, carry: 0.06, review: 0.08, suits: 0.04, normative: 12, licensing: 4200, penalty: 900, coercion: 60, fees: 350, items: 40},
	lvlCountyDept:   {label: "县区部门", apps: 24, carry: 0.05, review: 0.06, suits: 0.03, normative: 3, licensing: 800, penalty: 260, coercion: 20, fees: 60, items: 12},
	lvlCityGov:      {label: "市政府", apps: 320, carry: 0.07, review: 0.07, suits: 0.04, rules: true, normative: 25, licensing: 18000, penalty: 6200, coercion: 400, fees: 2600, items: 120},
	lvlCityDept:     {label: "市级部门", apps: 110, carry: 0.06, review: 0.07, suits: 0.03, normative: 6, licensing: 5200, penalty: 1500, coercion: 90, fees: 700, items: 45},
	lvlProvinceDept: {label: "省级部门", apps: 260, carry: 0.08, review: 0.08, suits: 0.05, normative: 9, licensing: 9800, penalty: 700, coercion: 50, fees: 1800, items: 80},
	lvlProvinceGov:  {label: "省政府", apps: 900, carry: 0.08, review: 0.06, suits: 0.04, rules: true, normative: 30, licensing: 36000, penalty: 2100, coercion: 300, fees: 9600, items: 260},
	lvlMinistry:     {label: "国务院部门", apps: 1800, carry: 0.09, review: 0.09, suits: 0.05, rules: true, normative: 14, licensing: 21000, penalty: 1100, coercion: 40, fees: 5200, items: 150},
}

// vcell is one value cell of a standard table: the figure behind it, the
// text the fixture prints, and what the extractor must report.
type vcell struct {
	v      float64
	text   string
	status schema.CellStatus
	truth  *float64 // nil for a blank or unreadable cell
	del    string   // a tracked deletion printed before text
}

// tdata is one standard table of a fixture.
type tdata struct {
	def    *schema.TableDef
	tpl    string   // layout the table is printed in
	rows   []string // row keys in printed order
	cells  map[string]map[string]*vcell
	labels map[string]string // printed row label replacing the template's (typos)
}

func (t *tdata) cols(row string) []schema.ColumnDef {
	if c := t.def.Columns(t.tpl, row); c != nil {
		return c
	}
	return t.def.AllColumns(row)
}

func (t *tdata) cell(row, col string) *vcell { return t.cells[row][col] }

func (t *tdata) val(row, col string) float64 {
	if c := t.cell(row, col); c != nil {
		return c.v
	}
	return 0
}

// figure is the number a narrative quotes for a cell: the printed value
// when there is one, else the figure behind it.
func (t *tdata) figure(row, col string) float64 {
	c := t.cell(row, col)
	if c == nil {
		return 0
	}
	if c.truth != nil {
		return *c.truth
	}
	return c.v
}

func newTable(def *schema.TableDef, tpl string, rows []string) *tdata {
	t := &tdata{def: def, tpl: tpl, rows: rows, cells: map[string]map[string]*vcell{}, labels: map[string]string{}}
	for _, r := range rows {
		t.cells[r] = map[string]*vcell{}
		for _, c := range t.cols(r) {
			t.cells[r][c.Key] = &vcell{}
		}
	}
	return t
}

// templateRows lists the row keys of template tpl for def.
func templateRows(def *schema.TableDef, tpl string) []string {
	var out []string
	for _, r := range def.Rows {
		if r.In(tpl) {
			out = append(out, r.Key)
		}
	}
	return out
}

// requestRows returns the rows of the requests table: the template's, or,
// with other2019, the 2021 layout printing the single （六）其他处理 row of
// 2019.
func requestRows(tpl string, other2019 bool) []string {
	if !other2019 {
		return templateRows(schema.Requests, tpl)
	}
	var out []string
	for _, r := range templateRows(schema.Requests, schema.Template2021) {
		switch r {
		case "other_no_correction":
			out = append(out, "other")
		case "other_unpaid_fee", "other_other":
		default:
			out = append(out, r)
		}
	}
	return out
}

// applicant shares of new applications by column.
var applicantShare = map[string]float64{
	"natural_person": 0.82, "commercial": 0.09, "research": 0.01,
	"social_welfare": 0.01, "legal_service": 0.04, "other_org": 0.03,
}

// outcome weights of the result rows.
var outcomeWeight = map[string]float64{
	"granted": 38, "partially_granted": 9,
	"denied_state_secret": 0.6, "denied_prohibited": 0.8, "denied_three_safety": 0.5, "denied_third_party": 2.2,
	"denied_internal": 1.4, "denied_process": 1.8, "denied_enforcement_file": 0.9, "denied_inquiry": 0.7,
	"unable_not_held": 20, "unable_needs_creation": 3, "unable_unclear": 2.5,
	"rejected_complaint": 4, "rejected_duplicate": 2.5, "rejected_publication": 0.6, "rejected_excessive": 0.5, "rejected_confirmation": 0.7,
	"other": 3, "other_no_correction": 2, "other_unpaid_fee": 0.3, "other_other": 1.2,
}

// fillRequests fills t with figures that satisfy every rule of SCHEMA.md.
func fillRequests(t *tdata, li levelInfo, r *rng, noApps bool) {
	var outcomes []string
	for _, k := range t.rows {
		if _, ok := outcomeWeight[k]; ok {
			outcomes = append(outcomes, k)
		}
	}
	for _, col := range schema.RequestColumns {
		c := col.Key
		if c == "total" {
			continue
		}
		mean := li.apps * applicantShare[c]
		nr := r.around(mean, 0.6)
		if mean < 1 && r.chance(mean) {
			nr = 1
		}
		co := 0
		if nr > 0 {
			co = r.around(float64(nr)*li.carry, 0.8)
		}
		cf := 0
		if nr+co > 0 {
			cf = r.around(float64(nr+co)*li.carry, 0.8)
			cf = min(cf, nr+co)
		}
		if noApps {
			nr, co, cf = 0, 0, 0
		}
		rt := nr + co - cf
		t.cell("new_received", c).v = float64(nr)
		t.cell("carried_over", c).v = float64(co)
		t.cell("carried_forward", c).v = float64(cf)
		t.cell("results_total", c).v = float64(rt)
		// Spread the results over the outcome rows by weight; whatever
		// rounding leaves over goes to 予以公开, the largest row.
		sumW := 0.0
		for _, k := range outcomes {
			sumW += outcomeWeight[k]
		}
		left := rt
		for _, k := range outcomes {
			if k == "granted" {
				continue
			}
			n := int(math.Floor(float64(rt)*outcomeWeight[k]/sumW*(0.6+0.8*r.float()) + r.float()))
			n = min(n, left)
			t.cell(k, c).v = float64(n)
			left -= n
		}
		t.cell("granted", c).v = float64(left)
	}
	for _, k := range t.rows {
		sum := 0.0
		for _, col := range schema.RequestColumns[:len(schema.RequestColumns)-1] {
			sum += t.val(k, col.Key)
		}
		t.cell(k, "total").v = sum
	}
}

// fillAppeals fills the appeals table; every total is the sum of its parts.
func fillAppeals(t *tdata, li levelInfo, apps float64, r *rng) {
	rates := map[string]float64{"review": li.review, "litigation_direct": li.suits * 0.6, "litigation_after_review": li.suits * 0.4}
	for _, k := range t.rows {
		n := r.around(apps*rates[k], 0.7)
		if apps*rates[k] < 1 && r.chance(apps*rates[k]) {
			n = 1
		}
		up := r.around(float64(n)*0.6, 0.4)
		up = min(up, n)
		co := min(r.around(float64(n)*0.12, 1), n-up)
		pe := min(r.around(float64(n)*0.15, 1), n-up-co)
		ot := n - up - co - pe
		for col, v := range map[string]int{"upheld": up, "corrected": co, "other": ot, "pending": pe, "total": n} {
			t.cell(k, col).v = float64(v)
		}
	}
}

// fillActive fills the 主动公开 table in its layout.
func fillActive(t *tdata, li levelInfo, r *rng) {
	set := func(row, col string, v float64) {
		if c := t.cell(row, col); c != nil {
			c.v = v
		}
	}
	decisions := []struct {
		row  string
		mean float64
	}{{"licensing", li.licensing}, {"other_services", li.licensing * 0.4}, {"penalty", li.penalty}, {"coercion", li.coercion}}
	if t.tpl == schema.Template2019 {
		for _, k := range []string{"regulations", "normative_documents"} {
			mean := li.normative
			if k == "regulations" {
				mean = 0
				if li.rules {
					mean = 3
				}
			}
			made := r.around(mean, 0.6)
			pub := made
			if made > 2 && r.chance(0.3) {
				pub = made - r.between(1, made/3+1)
			}
			set(k, "new_made", float64(made))
			set(k, "new_published", float64(pub))
			set(k, "total_published", float64(pub+r.around(mean*12, 0.5)))
		}
		for _, d := range decisions {
			k, mean := d.row, d.mean
			prev := r.around(mean/60+3, 0.5)
			chg := 0
			if prev > 0 {
				chg = r.between(-prev/8-1, prev/6+1)
			}
			set(k, "previous_items", float64(prev))
			set(k, "change", float64(chg))
			set(k, "decisions", float64(r.around(mean, 0.5)))
		}
		prev := r.around(li.fees/60+2, 0.5)
		if li.fees == 0 {
			prev = 0
		}
		set("fees", "previous_items", float64(prev))
		set("fees", "change", float64(r.between(-prev/4, 0)))
		items := r.around(li.items, 0.5)
		set("procurement", "items", float64(items))
		// Amounts in 元, a whole number, as most reports print them.
		set("procurement", "amount", float64(items*r.between(20, 400)*1000))
		return
	}
	for _, k := range []string{"regulations", "normative_documents"} {
		mean := li.normative
		if k == "regulations" {
			mean = 0
			if li.rules {
				mean = 3
			}
		}
		issued := r.around(mean, 0.6)
		repealed := 0
		if mean > 0 {
			repealed = r.around(mean*0.3, 1)
		}
		set(k, "issued", float64(issued))
		set(k, "repealed", float64(repealed))
		set(k, "in_force", float64(issued+r.around(mean*8, 0.5)))
	}
	for _, d := range decisions {
		set(d.row, "decisions", float64(r.around(d.mean, 0.5)))
	}
	fee := 0.0
	if li.fees > 0 {
		fee = float64(r.around(li.fees*100, 0.6)) / 100 // 万元 with cents
	}
	set("fees", "amount", fee)
}

// formatNumber prints v as a report would: integers plain, amounts with
// their decimals, with thousands separators when sep is set.
func formatNumber(v float64, sep bool) string {
	s := schema.FormatNumber(v)
	if !sep {
		return s
	}
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	ip, frac, hasFrac := strings.Cut(s, ".")
	if len(ip) > 3 {
		var b strings.Builder
		pre := len(ip) % 3
		if pre > 0 {
			b.WriteString(ip[:pre])
		}
		for i := pre; i < len(ip); i += 3 {
			if b.Len() > 0 {
				b.WriteByte(',')
			}
			b.WriteString(ip[i : i+3])
		}
		ip = b.String()
	}
	if hasFrac {
		ip += "." + frac
	}
	if neg {
		ip = "-" + ip
	}
	return ip
}

// printAll sets every cell of t to its figure printed plainly.
func printAll(t *tdata, sep bool) {
	for _, rk := range t.rows {
		for _, c := range t.cols(rk) {
			vc := t.cell(rk, c.Key)
			vc.text = formatNumber(vc.v, sep)
			vc.status = schema.StatusNumber
			v := vc.v
			vc.truth = &v
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
