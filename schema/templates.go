package schema

// Table keys.
const (
	TableActive   = "active"   // 主动公开政府信息情况 (第二十条)
	TableRequests = "requests" // 收到和处理政府信息公开申请情况
	TableAppeals  = "appeals"  // 政府信息公开行政复议、行政诉讼情况
)

// Template identifiers: the layout of the 2019 notice (国办公开办函〔2019〕60号,
// used for the 2019 and 2020 reports) and of the 2021 notice
// (国办公开办函〔2021〕30号, 2021 onward).
const (
	Template2019 = "2019"
	Template2021 = "2021"
)

// Templates lists the template identifiers, oldest first.
var Templates = []string{Template2019, Template2021}

// ValueKind says which numbers a column may hold.
type ValueKind uint8

// Value kinds.
const (
	Count  ValueKind = iota // a non-negative integer (件)
	Signed                  // an integer that may be negative or signed (本年增/减)
	Amount                  // a non-negative decimal (金额)
)

// ColumnDef is a column of a template table.
type ColumnDef struct {
	Key   string
	Label string // the template's wording
	// Aliases are other wordings of the label seen in real reports.
	Aliases []string
	Kind    ValueKind
	// Group is the header above this column when the template has one
	// (法人或其他组织, 行政复议, 行政诉讼).
	Group string
}

// RowDef is a row of a template table.
type RowDef struct {
	Key string
	// Label is the row's own label in the template's wording, without its
	// ordinal and without the labels of the groups it sits in.
	Label string
	// Ordinal is the row's own ordinal as the template prints it ("1.",
	// "（一）", "一、"), or "".
	Ordinal string
	// Group is the label of the group the row sits in (不予公开, 无法提供 …),
	// or "" for a row that stands on its own.
	Group string
	// Caption is the sub-table caption above the row in the 主动公开 table
	// (第二十条第（一）项 …).
	Caption string
	// Aliases are other wordings of Label seen in real reports.
	Aliases []string
	// Templates lists the templates whose layout has the row.
	Templates []string
}

// In reports whether the row belongs to template t's layout.
func (r *RowDef) In(t string) bool {
	for _, x := range r.Templates {
		if x == t {
			return true
		}
	}
	return false
}

// TableDef is one of the three standard tables.
type TableDef struct {
	Key string
	// Title is the heading of the table's section in the template.
	Title string
	// Rows is the union of the rows of both templates, in template order.
	Rows []RowDef
	// columns gives each row's columns per template.
	columns func(template, row string) []ColumnDef
}

// Columns returns the columns of row in template t, in template order, or
// nil when t's layout has no such row.
func (t *TableDef) Columns(template, row string) []ColumnDef {
	r := t.Row(row)
	if r == nil || !r.In(template) {
		return nil
	}
	return t.columns(template, row)
}

// AllColumns returns every column key that row has in any template.
func (t *TableDef) AllColumns(row string) []ColumnDef {
	var out []ColumnDef
	seen := map[string]bool{}
	for _, tpl := range Templates {
		for _, c := range t.Columns(tpl, row) {
			if !seen[c.Key] {
				seen[c.Key] = true
				out = append(out, c)
			}
		}
	}
	return out
}

// Row returns the row definition with the given key, or nil.
func (t *TableDef) Row(key string) *RowDef {
	for i := range t.Rows {
		if t.Rows[i].Key == key {
			return &t.Rows[i]
		}
	}
	return nil
}

// RowIndex returns the position of the row key in template order, or -1.
func (t *TableDef) RowIndex(key string) int {
	for i := range t.Rows {
		if t.Rows[i].Key == key {
			return i
		}
	}
	return -1
}

// Column returns the definition of column col of row in any template.
func (t *TableDef) Column(row, col string) *ColumnDef {
	for _, c := range t.AllColumns(row) {
		if c.Key == col {
			c := c
			return &c
		}
	}
	return nil
}

var (
	both     = []string{Template2019, Template2021}
	only2019 = []string{Template2019}
	only2021 = []string{Template2021}
)

// Active is the 主动公开政府信息情况 table (第二十条).
var Active = &TableDef{
	Key:   TableActive,
	Title: "主动公开政府信息情况",
	Rows: []RowDef{
		{Key: "regulations", Label: "规章", Caption: "第二十条第（一）项", Templates: both},
		{Key: "normative_documents", Label: "规范性文件", Caption: "第二十条第（一）项", Aliases: []string{"行政规范性文件"}, Templates: both},
		{Key: "licensing", Label: "行政许可", Caption: "第二十条第（五）项", Templates: both},
		{Key: "other_services", Label: "其他对外管理服务事项", Caption: "第二十条第（五）项", Templates: only2019},
		{Key: "penalty", Label: "行政处罚", Caption: "第二十条第（六）项", Templates: both},
		{Key: "coercion", Label: "行政强制", Caption: "第二十条第（六）项", Templates: both},
		{Key: "fees", Label: "行政事业性收费", Caption: "第二十条第（八）项", Templates: both},
		{Key: "procurement", Label: "政府集中采购", Caption: "第二十条第（九）项", Templates: only2019},
	},
	columns: activeColumns,
}

var (
	colsMade = []ColumnDef{
		{Key: "new_made", Label: "本年新制作数量"},
		{Key: "new_published", Label: "本年新公开数量"},
		{Key: "total_published", Label: "对外公开总数量"},
	}
	colsIssued = []ColumnDef{
		{Key: "issued", Label: "本年制发件数"},
		{Key: "repealed", Label: "本年废止件数"},
		{Key: "in_force", Label: "现行有效件数"},
	}
	colsItems = []ColumnDef{
		{Key: "previous_items", Label: "上一年项目数量"},
		{Key: "change", Label: "本年增/减", Aliases: []string{"本年增减"}, Kind: Signed},
		{Key: "decisions", Label: "处理决定数量"},
	}
	colsDecisions2021 = []ColumnDef{
		{Key: "decisions", Label: "本年处理决定数量"},
	}
	colsFees2019 = colsItems[:2]
	colsFees2021 = []ColumnDef{
		{Key: "amount", Label: "本年收费金额（单位：万元）", Aliases: []string{"本年收费金额"}, Kind: Amount},
	}
	colsProcurement = []ColumnDef{
		{Key: "items", Label: "采购项目数量"},
		{Key: "amount", Label: "采购总金额", Kind: Amount},
	}
)

func activeColumns(template, row string) []ColumnDef {
	old := template == Template2019
	switch row {
	case "regulations", "normative_documents":
		if old {
			return colsMade
		}
		return colsIssued
	case "licensing", "penalty", "coercion", "other_services":
		if old {
			return colsItems
		}
		return colsDecisions2021
	case "fees":
		if old {
			return colsFees2019
		}
		return colsFees2021
	case "procurement":
		return colsProcurement
	}
	return nil
}

// RequestColumns are the columns of the 收到和处理政府信息公开申请情况 table
// (the same in both templates).
var RequestColumns = []ColumnDef{
	{Key: "natural_person", Label: "自然人"},
	{Key: "commercial", Label: "商业企业", Group: "法人或其他组织"},
	{Key: "research", Label: "科研机构", Group: "法人或其他组织"},
	{Key: "social_welfare", Label: "社会公益组织", Group: "法人或其他组织"},
	{Key: "legal_service", Label: "法律服务机构", Group: "法人或其他组织"},
	{Key: "other_org", Label: "其他", Group: "法人或其他组织"},
	{Key: "total", Label: "总计"},
}

// Groups of the requests table's result rows.
const (
	GroupResults     = "本年度办理结果"
	GroupDenied      = "不予公开"
	GroupUnable      = "无法提供"
	GroupRejected    = "不予处理"
	GroupOtherHandle = "其他处理"
)

// Requests is the 收到和处理政府信息公开申请情况 table.
var Requests = &TableDef{
	Key:   TableRequests,
	Title: "收到和处理政府信息公开申请情况",
	Rows: []RowDef{
		{Key: "new_received", Ordinal: "一、", Label: "本年新收政府信息公开申请数量", Templates: both},
		{Key: "carried_over", Ordinal: "二、", Label: "上年结转政府信息公开申请数量", Templates: both},
		{Key: "granted", Ordinal: "（一）", Label: "予以公开", Group: GroupResults, Templates: both},
		{Key: "partially_granted", Ordinal: "（二）", Label: "部分公开（区分处理的，只计这一情形，不计其他情形）", Aliases: []string{"部分公开"}, Group: GroupResults, Templates: both},
		{Key: "denied_state_secret", Ordinal: "1.", Label: "属于国家秘密", Group: GroupDenied, Templates: both},
		{Key: "denied_prohibited", Ordinal: "2.", Label: "其他法律行政法规禁止公开", Group: GroupDenied, Templates: both},
		{Key: "denied_three_safety", Ordinal: "3.", Label: "危及“三安全一稳定”", Group: GroupDenied, Templates: both},
		{Key: "denied_third_party", Ordinal: "4.", Label: "保护第三方合法权益", Group: GroupDenied, Templates: both},
		{Key: "denied_internal", Ordinal: "5.", Label: "属于三类内部事务信息", Group: GroupDenied, Templates: both},
		{Key: "denied_process", Ordinal: "6.", Label: "属于四类过程性信息", Group: GroupDenied, Templates: both},
		{Key: "denied_enforcement_file", Ordinal: "7.", Label: "属于行政执法案卷", Group: GroupDenied, Templates: both},
		{Key: "denied_inquiry", Ordinal: "8.", Label: "属于行政查询事项", Group: GroupDenied, Templates: both},
		{Key: "unable_not_held", Ordinal: "1.", Label: "本机关不掌握相关政府信息", Group: GroupUnable, Templates: both},
		{Key: "unable_needs_creation", Ordinal: "2.", Label: "没有现成信息需要另行制作", Group: GroupUnable, Templates: both},
		{Key: "unable_unclear", Ordinal: "3.", Label: "补正后申请内容仍不明确", Group: GroupUnable, Templates: both},
		{Key: "rejected_complaint", Ordinal: "1.", Label: "信访举报投诉类申请", Group: GroupRejected, Templates: both},
		{Key: "rejected_duplicate", Ordinal: "2.", Label: "重复申请", Group: GroupRejected, Templates: both},
		{Key: "rejected_publication", Ordinal: "3.", Label: "要求提供公开出版物", Group: GroupRejected, Templates: both},
		{Key: "rejected_excessive", Ordinal: "4.", Label: "无正当理由大量反复申请", Group: GroupRejected, Templates: both},
		{Key: "rejected_confirmation", Ordinal: "5.", Label: "要求行政机关确认或重新出具已获取信息", Group: GroupRejected, Templates: both},
		{Key: "other", Ordinal: "（六）", Label: "其他处理", Group: GroupResults, Templates: only2019},
		{Key: "other_no_correction", Ordinal: "1.", Label: "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", Group: GroupOtherHandle, Templates: only2021},
		{Key: "other_unpaid_fee", Ordinal: "2.", Label: "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", Group: GroupOtherHandle, Templates: only2021},
		{Key: "other_other", Ordinal: "3.", Label: "其他", Group: GroupOtherHandle, Templates: only2021},
		{Key: "results_total", Ordinal: "（七）", Label: "总计", Group: GroupResults, Templates: both},
		{Key: "carried_forward", Ordinal: "四、", Label: "结转下年度继续办理", Templates: both},
	},
	columns: func(string, string) []ColumnDef { return RequestColumns },
}

// Group ordinals of the requests table as the template prints them.
var RequestGroups = []struct{ Ordinal, Label string }{
	{"三、", GroupResults},
	{"（三）", GroupDenied},
	{"（四）", GroupUnable},
	{"（五）", GroupRejected},
	{"（六）", GroupOtherHandle},
}

// AppealColumns are the columns of each row of the appeals table.
var AppealColumns = []ColumnDef{
	{Key: "upheld", Label: "结果维持"},
	{Key: "corrected", Label: "结果纠正"},
	{Key: "other", Label: "其他结果"},
	{Key: "pending", Label: "尚未审结"},
	{Key: "total", Label: "总计"},
}

// Appeals is the 政府信息公开行政复议、行政诉讼情况 table. Its rows are column
// groups in the printed table: 行政复议, then 行政诉讼 split into 未经复议直接起诉
// and 复议后起诉.
var Appeals = &TableDef{
	Key:   TableAppeals,
	Title: "政府信息公开行政复议、行政诉讼情况",
	Rows: []RowDef{
		{Key: "review", Label: "行政复议", Templates: both},
		{Key: "litigation_direct", Label: "未经复议直接起诉", Group: "行政诉讼", Templates: both},
		{Key: "litigation_after_review", Label: "复议后起诉", Group: "行政诉讼", Templates: both},
	},
	columns: func(string, string) []ColumnDef { return AppealColumns },
}

// TableDefs lists the three tables in report order.
var TableDefs = []*TableDef{Active, Requests, Appeals}

// TableDefFor returns the definition of the table key, or nil.
func TableDefFor(key string) *TableDef {
	for _, t := range TableDefs {
		if t.Key == key {
			return t
		}
	}
	return nil
}

// SectionDef is one of the six sections of the template.
type SectionDef struct {
	Number  string // 一 … 六
	Kind    Kind
	Heading string // the template's wording
}

// Sections lists the six template sections in order.
var Sections = []SectionDef{
	{"一", KindOverview, "总体情况"},
	{"二", KindActive, "主动公开政府信息情况"},
	{"三", KindRequests, "收到和处理政府信息公开申请情况"},
	{"四", KindAppeals, "政府信息公开行政复议、行政诉讼情况"},
	{"五", KindProblems, "存在的主要问题及改进情况"},
	{"六", KindOtherMatters, "其他需要报告的事项"},
}

// NewTable returns an empty table (every cell blank) with the rows of
// template tpl, or, when rows is not nil, with those rows in template order.
func (t *TableDef) NewTable(tpl string, rows map[string]bool) *Table {
	tb := &Table{}
	for _, r := range t.Rows {
		if rows != nil && !rows[r.Key] {
			continue
		}
		if rows == nil && !r.In(tpl) {
			continue
		}
		cols := t.columns(tpl, r.Key)
		row := Row{Key: r.Key, Cells: make([]Cell, len(cols))}
		for i, c := range cols {
			row.Cells[i] = Cell{Column: c.Key}
		}
		tb.Rows = append(tb.Rows, row)
	}
	return tb
}
