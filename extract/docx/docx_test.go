package docx

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/nianbao/nianbao/extract/layout"
)

func read(t *testing.T, data []byte, opts Options) *layout.Document {
	t.Helper()
	doc, err := Read(bytes.NewReader(data), int64(len(data)), opts)
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	return doc
}

// texts returns the text of the top-level paragraphs, tables as "[table]".
func texts(doc *layout.Document) []string {
	var out []string
	for _, b := range doc.Blocks {
		switch v := b.(type) {
		case *layout.Paragraph:
			out = append(out, v.Text)
		case *layout.Table:
			out = append(out, "[table]")
		}
	}
	return out
}

func TestParagraphText(t *testing.T) {
	tests := []struct {
		name string
		body string
		want []string
	}{
		{"runs", p("一", "、", "总体", "情况"), []string{"一、总体情况"}},
		{"tab and breaks", `<w:p><w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t><w:cr/><w:t>d</w:t><w:br w:type="page"/></w:r></w:p>`,
			[]string{"a\tb\nc\nd"}},
		{"spaces kept", `<w:p><w:r><w:t xml:space="preserve"> 5 </w:t></w:r></w:p>`, []string{" 5 "}},
		{"entities", `<w:p><w:r><w:t>a&amp;b&lt;c</w:t></w:r></w:p>`, []string{"a&b<c"}},
		{"insert kept, delete dropped",
			`<w:p><w:r><w:t>保留</w:t></w:r><w:ins w:id="1" w:author="x"><w:r><w:t>插入</w:t></w:r></w:ins>` +
				`<w:del w:id="2" w:author="x"><w:r><w:delText>删除</w:delText></w:r></w:del>` +
				`<w:moveFrom w:id="3"><w:r><w:t>移走</w:t></w:r></w:moveFrom><w:moveTo w:id="4"><w:r><w:t>移来</w:t></w:r></w:moveTo></w:p>`,
			[]string{"保留插入移来"}},
		{"field code dropped, result kept",
			`<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>` +
				`<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>`,
			[]string{"3"}},
		{"simple field, hyperlink, smart tag, custom XML, bdo",
			`<w:p><w:fldSimple w:instr="DATE"><w:r><w:t>2024</w:t></w:r></w:fldSimple><w:hyperlink r:id="rId9" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:r><w:t>年</w:t></w:r></w:hyperlink>` +
				`<w:smartTag w:element="date"><w:r><w:t>1</w:t></w:r></w:smartTag><w:customXml w:element="x"><w:r><w:t>月</w:t></w:r></w:customXml><w:bdo w:val="ltr"><w:r><w:t>!</w:t></w:r></w:bdo></w:p>`,
			[]string{"2024年1月!"}},
		{"inline content control",
			`<w:p><w:sdt><w:sdtPr><w:alias w:val="单位"/></w:sdtPr><w:sdtContent><w:r><w:t>某某局</w:t></w:r></w:sdtContent></w:sdt><w:r><w:t>报告</w:t></w:r></w:p>`,
			[]string{"某某局报告"}},
		{"block content control",
			`<w:sdt><w:sdtPr/><w:sdtContent>` + p("甲") + p("乙") + `</w:sdtContent></w:sdt>` + p("丙"),
			[]string{"甲", "乙", "丙"}},
		{"hidden run dropped", `<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r><w:r><w:t>可见</w:t></w:r></w:p>`, []string{"可见"}},
		{"alternate content: choice only",
			`<w:p><mc:AlternateContent><mc:Choice Requires="w14"><w:r><w:t>新</w:t></w:r></mc:Choice><mc:Fallback><w:r><w:t>旧</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p>`,
			[]string{"新"}},
		{"alternate content: fallback alone",
			`<w:p><mc:AlternateContent><mc:Fallback><w:r><w:t>旧</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p>`,
			[]string{"旧"}},
		{"text box after its paragraph, once",
			`<w:p><w:r><w:t>正文</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent>` + p("标题在文本框") +
				`</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>` + p("标题在文本框") +
				`</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>` + p("下一段"),
			[]string{"正文", "标题在文本框", "下一段"}},
		{"deleted paragraph mark joins the next paragraph",
			`<w:p><w:pPr><w:rPr><w:del w:id="1" w:author="x"/></w:rPr></w:pPr><w:r><w:t>前</w:t></w:r></w:p>` + p("后"),
			[]string{"前后"}},
		{"ruby base only", `<w:p><w:r><w:ruby><w:rt><w:r><w:t>zhèng</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>政</w:t></w:r></w:rubyBase></w:ruby></w:r></w:p>`, []string{"政"}},
		{"math text", `<w:p><w:r><w:t>x=</w:t></w:r><m:oMath><m:r><m:t>1+2</m:t></m:r></m:oMath></w:p>`, []string{"x=1+2"}},
		{"section properties and bookmarks ignored",
			`<w:bookmarkStart w:id="0" w:name="a"/>` + p("文") + `<w:bookmarkEnd w:id="0"/><w:sectPr><w:pgSz w:w="11906"/></w:sectPr>`,
			[]string{"文"}},
		{"deleted block skipped, inserted block kept",
			`<w:del w:id="1">` + p("删") + `</w:del><w:ins w:id="2">` + p("增") + `</w:ins>`,
			[]string{"增"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := read(t, testDoc{body: tt.body}.bytes(t), Options{})
			if diff := cmp.Diff(tt.want, texts(doc)); diff != "" {
				t.Errorf("texts (-want +got):\n%s", diff)
			}
		})
	}
}

// cellSpec is a cell as the tests expect it.
type cellSpec struct {
	Row, Col, RowSpan, ColSpan int
	Text                       string
}

func cells(t *layout.Table) []cellSpec {
	var out []cellSpec
	for _, c := range t.Cells {
		out = append(out, cellSpec{c.Row, c.Col, c.RowSpan, c.ColSpan, c.Text})
	}
	return out
}

func tr(cells ...string) string { return "<w:tr>" + strings.Join(cells, "") + "</w:tr>" }

func tbl(rows ...string) string {
	return `<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid><w:gridCol w:w="100"/></w:tblGrid>` +
		strings.Join(rows, "") + "</w:tbl>"
}

func TestTables(t *testing.T) {
	const (
		span2   = `<w:gridSpan w:val="2"/>`
		span3   = `<w:gridSpan w:val="3"/>`
		vStart  = `<w:vMerge w:val="restart"/>`
		vCont   = `<w:vMerge/>`
		vContEx = `<w:vMerge w:val="continue"/>`
	)
	tests := []struct {
		name       string
		body       string
		rows, cols int
		want       []cellSpec
	}{
		{"plain", tbl(tr(tc("", "a"), tc("", "b")), tr(tc("", "c"), tc("", "d"))), 2, 2,
			[]cellSpec{{0, 0, 1, 1, "a"}, {0, 1, 1, 1, "b"}, {1, 0, 1, 1, "c"}, {1, 1, 1, 1, "d"}}},
		{"requests header shape",
			tbl(
				tr(tc(span3+vStart, "说明"), tc(`<w:gridSpan w:val="7"/>`, "申请人情况")),
				tr(tc(span3+vCont, ""), tc(vStart, "自然人"), tc(`<w:gridSpan w:val="5"/>`, "法人或其他组织"), tc(vStart, "总计")),
				tr(tc(span3+vContEx, ""), tc(vCont, ""), tc("", "商业企业"), tc("", "科研机构"), tc("", "社会公益组织"), tc("", "法律服务机构"), tc("", "其他"), tc(vCont, "")),
			), 3, 10,
			[]cellSpec{
				{0, 0, 3, 3, "说明"}, {0, 3, 1, 7, "申请人情况"},
				{1, 3, 2, 1, "自然人"}, {1, 4, 1, 5, "法人或其他组织"}, {1, 9, 2, 1, "总计"},
				{2, 4, 1, 1, "商业企业"}, {2, 5, 1, 1, "科研机构"}, {2, 6, 1, 1, "社会公益组织"}, {2, 7, 1, 1, "法律服务机构"}, {2, 8, 1, 1, "其他"},
			}},
		{"row label merged down with a sub-label column",
			tbl(
				tr(tc(vStart, "三、本年度办理结果"), tc("", "（一）予以公开"), tc("", "1")),
				tr(tc(vCont, ""), tc(vStart, "（三）不予公开"), tc("", "2")),
				tr(tc(vCont, ""), tc(vCont, ""), tc("", "3")),
			), 3, 3,
			[]cellSpec{
				{0, 0, 3, 1, "三、本年度办理结果"}, {0, 1, 1, 1, "（一）予以公开"}, {0, 2, 1, 1, "1"},
				{1, 1, 2, 1, "（三）不予公开"}, {1, 2, 1, 1, "2"},
				{2, 2, 1, 1, "3"},
			}},
		{"gridBefore, gridAfter and a short row",
			tbl(
				`<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>`+tc("", "b")+tc("", "c")+`</w:tr>`,
				`<w:tr><w:trPr><w:gridAfter w:val="2"/></w:trPr>`+tc("", "a")+`</w:tr>`,
				tr(tc("", "x")),
			), 3, 3,
			[]cellSpec{
				{0, 0, 1, 1, ""}, {0, 1, 1, 1, "b"}, {0, 2, 1, 1, "c"},
				{1, 0, 1, 1, "a"}, {1, 1, 1, 1, ""}, {1, 2, 1, 1, ""},
				{2, 0, 1, 1, "x"}, {2, 1, 1, 1, ""}, {2, 2, 1, 1, ""},
			}},
		{"vMerge continuation without a cell above starts a cell",
			tbl(tr(tc(span2, "a")), tr(tc("", "b"), tc(vCont, "c"))), 2, 2,
			[]cellSpec{{0, 0, 1, 2, "a"}, {1, 0, 1, 1, "b"}, {1, 1, 1, 1, "c"}}},
		{"legacy hMerge",
			tbl(tr(tc(`<w:hMerge w:val="restart"/>`, "a"), tc(`<w:hMerge/>`, ""), tc("", "b"))), 1, 3,
			[]cellSpec{{0, 0, 1, 2, "a"}, {0, 2, 1, 1, "b"}}},
		{"deleted row dropped",
			tbl(tr(tc("", "a")), `<w:tr><w:trPr><w:del w:id="1" w:author="x"/></w:trPr>`+tc("", "gone")+`</w:tr>`, tr(tc("", "b"))), 2, 1,
			[]cellSpec{{0, 0, 1, 1, "a"}, {1, 0, 1, 1, "b"}}},
		{"rows and cells in content controls",
			tbl(`<w:sdt><w:sdtContent>` + tr(tc("", "a"), `<w:sdt><w:sdtContent>`+tc("", "b")+`</w:sdtContent></w:sdt>`) + `</w:sdtContent></w:sdt>`), 1, 2,
			[]cellSpec{{0, 0, 1, 1, "a"}, {0, 1, 1, 1, "b"}}},
		{"cell paragraphs joined by newline",
			tbl(tr(`<w:tc>` + p("本年新") + p("制作数量") + `<w:p/></w:tc>`)), 1, 1,
			[]cellSpec{{0, 0, 1, 1, "本年新\n制作数量"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := read(t, testDoc{body: tt.body}.bytes(t), Options{})
			if len(doc.Blocks) != 1 {
				t.Fatalf("got %d blocks, want 1 table", len(doc.Blocks))
			}
			tb, ok := doc.Blocks[0].(*layout.Table)
			if !ok {
				t.Fatalf("block is %T, want *layout.Table", doc.Blocks[0])
			}
			if tb.Rows != tt.rows || tb.Cols != tt.cols {
				t.Errorf("grid %d×%d, want %d×%d", tb.Rows, tb.Cols, tt.rows, tt.cols)
			}
			if diff := cmp.Diff(tt.want, cells(tb)); diff != "" {
				t.Errorf("cells (-want +got):\n%s", diff)
			}
		})
	}
}

func TestNestedTable(t *testing.T) {
	inner := tbl(tr(tc("", "x"), tc("", "y")))
	body := p("前") + tbl(tr(tc("", "外"), `<w:tc>`+p("上")+inner+`<w:p/></w:tc>`)) + p("后")
	doc := read(t, testDoc{body: body}.bytes(t), Options{})
	if diff := cmp.Diff([]string{"前", "[table]", "后"}, texts(doc)); diff != "" {
		t.Fatalf("blocks (-want +got):\n%s", diff)
	}
	outer := doc.Blocks[1].(*layout.Table)
	c := outer.Cells[1]
	if c.Text != "上\nx | y" {
		t.Errorf("cell text %q, want %q", c.Text, "上\nx | y")
	}
	if len(c.Tables) != 1 || c.Tables[0].Rows != 1 || c.Tables[0].Cols != 2 {
		t.Fatalf("nested tables %+v", c.Tables)
	}
	if got := len(doc.Tables()); got != 2 {
		t.Errorf("doc.Tables() = %d, want 2", got)
	}
}

func TestBlockOrder(t *testing.T) {
	body := p("一、总体情况") + tbl(tr(tc("", "a"))) + p("二、主动公开") + tbl(tr(tc("", "b"))) + p("完")
	doc := read(t, testDoc{body: body}.bytes(t), Options{})
	want := []string{"一、总体情况", "[table]", "二、主动公开", "[table]", "完"}
	if diff := cmp.Diff(want, texts(doc)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if doc.Pages != 0 {
		t.Errorf("Pages = %d, want 0", doc.Pages)
	}
}

// lvl builds a w:lvl.
func lvl(ilvl int, start int, numFmt, text string, extra string) string {
	return fmt.Sprintf(`<w:lvl w:ilvl="%d"><w:start w:val="%d"/><w:numFmt w:val="%s"/><w:lvlText w:val="%s"/>%s</w:lvl>`,
		ilvl, start, numFmt, text, extra)
}

func np(numID, ilvl int, text string) string {
	return fmt.Sprintf(`<w:p><w:pPr><w:numPr><w:ilvl w:val="%d"/><w:numId w:val="%d"/></w:numPr></w:pPr><w:r><w:t>%s</w:t></w:r></w:p>`, ilvl, numID, text)
}

func TestNumbering(t *testing.T) {
	// abstractNum 0: 一、 / （一） / 1. ; abstractNum 1: 甲、 with suffix space.
	chinese := `<w:abstractNum w:abstractNumId="0">` +
		lvl(0, 1, "chineseCounting", "%1、", "") +
		lvl(1, 1, "chineseCounting", "（%2）", "") +
		lvl(2, 1, "decimal", "%3.", "") +
		`</w:abstractNum>`
	tests := []struct {
		name      string
		numbering string
		styles    string
		body      string
		want      []string
	}{
		{"chinese counting levels with reset",
			chinese + `<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>`, "",
			np(1, 0, "总体情况") + np(1, 1, "主动公开") + np(1, 1, "依申请公开") + np(1, 2, "甲") + np(1, 0, "主动公开政府信息情况") + np(1, 1, "规章"),
			[]string{"一、总体情况", "（一）主动公开", "（二）依申请公开", "1.甲", "二、主动公开政府信息情况", "（一）规章"}},
		{"two nums sharing an abstractNum continue",
			chinese + `<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="0"/></w:num>`, "",
			np(1, 0, "a") + np(2, 0, "b") + np(1, 0, "c"),
			[]string{"一、a", "二、b", "三、c"}},
		{"startOverride restarts in a second num",
			chinese + `<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>` +
				`<w:num w:numId="2"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="1"><w:startOverride w:val="1"/></w:lvlOverride></w:num>`, "",
			np(1, 0, "总体情况") + np(1, 1, "a") + np(1, 1, "b") + p("正文") + np(2, 1, "c") + np(2, 1, "d"),
			[]string{"一、总体情况", "（一）a", "（二）b", "正文", "（一）c", "（二）d"}},
		{"startOverride to another value",
			chinese + `<w:num w:numId="3"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="4"/></w:lvlOverride></w:num>`, "",
			np(3, 0, "x") + np(3, 0, "y"),
			[]string{"四、x", "五、y"}},
		{"decimal, counting past ten",
			`<w:abstractNum w:abstractNumId="5">` + lvl(0, 9, "decimal", "%1.", "") + `</w:abstractNum><w:num w:numId="7"><w:abstractNumId w:val="5"/></w:num>`, "",
			np(7, 0, "a") + np(7, 0, "b") + np(7, 0, "c"),
			[]string{"9. a", "10. b", "11. c"}},
		{"chinese counting past ten",
			`<w:abstractNum w:abstractNumId="5">` + lvl(0, 10, "chineseCounting", "%1、", "") + `</w:abstractNum><w:num w:numId="7"><w:abstractNumId w:val="5"/></w:num>`, "",
			np(7, 0, "a") + np(7, 0, "b"),
			[]string{"十、a", "十一、b"}},
		{"multi-level decimal, legal and suffixes",
			`<w:abstractNum w:abstractNumId="2">` +
				lvl(0, 1, "chineseCounting", "%1", `<w:suff w:val="space"/>`) +
				lvl(1, 1, "decimal", "%1.%2", `<w:isLgl/><w:suff w:val="nothing"/>`) +
				`</w:abstractNum><w:num w:numId="4"><w:abstractNumId w:val="2"/></w:num>`, "",
			np(4, 0, "章") + np(4, 1, "节") + np(4, 1, "节"),
			[]string{"一章", "1.1节", "1.2节"}},
		{"lvlRestart 0 never restarts",
			`<w:abstractNum w:abstractNumId="2">` + lvl(0, 1, "decimal", "%1.", "") + lvl(1, 1, "decimal", "(%2)", `<w:lvlRestart w:val="0"/>`) +
				`</w:abstractNum><w:num w:numId="4"><w:abstractNumId w:val="2"/></w:num>`, "",
			np(4, 0, "a") + np(4, 1, "b") + np(4, 0, "c") + np(4, 1, "d"),
			[]string{"1. a", "(1) b", "2. c", "(2) d"}},
		{"ideograph traditional, enclosed circle, legal simplified, letters, roman",
			`<w:abstractNum w:abstractNumId="3">` + lvl(0, 1, "ideographTraditional", "%1、", "") + lvl(1, 1, "decimalEnclosedCircle", "%2", "") +
				lvl(2, 1, "chineseLegalSimplified", "第%3条", "") + lvl(3, 1, "upperLetter", "%4.", "") + lvl(4, 1, "lowerRoman", "%5)", "") +
				`</w:abstractNum><w:num w:numId="9"><w:abstractNumId w:val="3"/></w:num>`, "",
			np(9, 0, "甲项") + np(9, 0, "乙项") + np(9, 1, "圈") + np(9, 2, "法") + np(9, 3, "A") + np(9, 4, "r") + np(9, 4, "r"),
			[]string{"甲、甲项", "乙、乙项", "①圈", "第壹条法", "A. A", "i) r", "ii) r"}},
		{"bullet and none render no label",
			`<w:abstractNum w:abstractNumId="4">` + lvl(0, 1, "bullet", "", "") + lvl(1, 1, "none", "", "") + `</w:abstractNum><w:num w:numId="2"><w:abstractNumId w:val="4"/></w:num>`, "",
			np(2, 0, "要点") + np(2, 1, "无"),
			[]string{"要点", "无"}},
		{"numId 0 removes style numbering",
			chinese + `<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>`,
			`<w:style w:type="paragraph" w:styleId="H1"><w:name w:val="heading 1"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>`,
			`<w:p><w:pPr><w:pStyle w:val="H1"/></w:pPr><w:r><w:t>a</w:t></w:r></w:p>` +
				`<w:p><w:pPr><w:pStyle w:val="H1"/><w:numPr><w:numId w:val="0"/></w:numPr></w:pPr><w:r><w:t>b</w:t></w:r></w:p>` +
				`<w:p><w:pPr><w:pStyle w:val="H1"/></w:pPr><w:r><w:t>c</w:t></w:r></w:p>`,
			[]string{"一、a", "b", "二、c"}},
		{"numbering from the paragraph style and its level's pStyle",
			chinese[:len(chinese)-len("</w:abstractNum>")] + `</w:abstractNum>` +
				`<w:abstractNum w:abstractNumId="8">` + lvl(0, 1, "chineseCounting", "%1、", `<w:pStyle w:val="1"/>`) + lvl(1, 1, "chineseCounting", "（%2）", `<w:pStyle w:val="2"/>`) + `</w:abstractNum>` +
				`<w:num w:numId="6"><w:abstractNumId w:val="8"/></w:num>`,
			`<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:pPr><w:numPr><w:numId w:val="6"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style>` +
				`<w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/><w:basedOn w:val="1"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>`,
			`<w:p><w:pPr><w:pStyle w:val="1"/></w:pPr><w:r><w:t>总体情况</w:t></w:r></w:p>` +
				`<w:p><w:pPr><w:pStyle w:val="2"/></w:pPr><w:r><w:t>主动公开</w:t></w:r></w:p>` +
				`<w:p><w:pPr><w:pStyle w:val="2"/></w:pPr><w:r><w:t>依申请公开</w:t></w:r></w:p>` +
				`<w:p><w:pPr><w:pStyle w:val="1"/></w:pPr><w:r><w:t>主动公开政府信息情况</w:t></w:r></w:p>`,
			[]string{"一、总体情况", "（一）主动公开", "（二）依申请公开", "二、主动公开政府信息情况"}},
		{"numbering style link",
			`<w:abstractNum w:abstractNumId="10"><w:styleLink w:val="ListStyle"/>` + lvl(0, 1, "chineseCounting", "%1、", "") + `</w:abstractNum>` +
				`<w:abstractNum w:abstractNumId="11"><w:numStyleLink w:val="ListStyle"/></w:abstractNum>` +
				`<w:num w:numId="20"><w:abstractNumId w:val="10"/></w:num><w:num w:numId="21"><w:abstractNumId w:val="11"/></w:num>`,
			`<w:style w:type="numbering" w:styleId="ListStyle"><w:name w:val="List Style"/><w:pPr><w:numPr><w:numId w:val="20"/></w:numPr></w:pPr></w:style>`,
			np(21, 0, "a") + np(21, 0, "b"),
			[]string{"一、a", "二、b"}},
		{"custom format in alternate content",
			`<w:abstractNum w:abstractNumId="12"><w:lvl w:ilvl="0"><w:start w:val="1"/><mc:AlternateContent><mc:Choice Requires="w14"><w:numFmt w:val="custom" w:format="001, 002, 003, ..."/></mc:Choice>` +
				`<mc:Fallback><w:numFmt w:val="decimal"/></mc:Fallback></mc:AlternateContent><w:lvlText w:val="%1"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="12"/></w:num>`, "",
			np(1, 0, "x"),
			[]string{"001 x"}},
		{"numbered paragraphs in table cells count in document order",
			chinese + `<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>`, "",
			np(1, 1, "a") + tbl(tr(`<w:tc>`+np(1, 1, "b")+`</w:tc>`)) + np(1, 1, "c"),
			[]string{"（一）a", "[table]", "（三）c"}},
		{"unknown num and missing level render nothing",
			chinese + `<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>`, "",
			np(99, 0, "a") + np(1, 7, "b"),
			[]string{"a", "b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := read(t, testDoc{body: tt.body, numbering: tt.numbering, styles: tt.styles}.bytes(t), Options{})
			if diff := cmp.Diff(tt.want, texts(doc)); diff != "" {
				t.Errorf("texts (-want +got):\n%s", diff)
			}
		})
	}
}

func TestNumberingInCellText(t *testing.T) {
	numbering := `<w:abstractNum w:abstractNumId="0">` + lvl(0, 1, "chineseCounting", "（%1）", "") + `</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>`
	body := tbl(tr(`<w:tc>`+np(1, 0, "予以公开")+`</w:tc>`), tr(`<w:tc>`+np(1, 0, "部分公开")+`</w:tc>`))
	doc := read(t, testDoc{body: body, numbering: numbering}.bytes(t), Options{})
	tb := doc.Blocks[0].(*layout.Table)
	if got := []string{tb.Cells[0].Text, tb.Cells[1].Text}; !cmp.Equal(got, []string{"（一）予以公开", "（二）部分公开"}) {
		t.Errorf("cells %q", got)
	}
}

func TestParagraphProperties(t *testing.T) {
	styles := `<w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="32"/></w:rPr></w:rPrDefault></w:docDefaults>` +
		`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>` +
		`<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="44"/></w:rPr></w:style>` +
		`<w:style w:type="paragraph" w:styleId="MyHeading"><w:name w:val="My Heading"/><w:basedOn w:val="Heading1"/></w:style>` +
		`<w:style w:type="paragraph" w:styleId="3"><w:name w:val="heading 3"/><w:basedOn w:val="Normal"/></w:style>` +
		`<w:style w:type="paragraph" w:styleId="a5"><w:name w:val="标题 2"/></w:style>` +
		`<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:b/><w:sz w:val="44"/></w:rPr></w:style>` +
		`<w:style w:type="character" w:styleId="Strong"><w:name w:val="Strong"/><w:rPr><w:b/></w:rPr></w:style>` +
		`<w:style w:type="paragraph" w:styleId="Loop1"><w:name w:val="loop"/><w:basedOn w:val="Loop2"/></w:style>` +
		`<w:style w:type="paragraph" w:styleId="Loop2"><w:name w:val="loop"/><w:basedOn w:val="Loop1"/></w:style>`
	ps := func(style, pPr, runs string) string {
		s := "<w:p><w:pPr>"
		if style != "" {
			s += `<w:pStyle w:val="` + style + `"/>`
		}
		return s + pPr + "</w:pPr>" + runs + "</w:p>"
	}
	run := func(rPr, text string) string { return "<w:r><w:rPr>" + rPr + "</w:rPr><w:t>" + text + "</w:t></w:r>" }
	tests := []struct {
		name string
		body string
		want layout.Paragraph
	}{
		{"default style and size", ps("", "", run("", "正文")), layout.Paragraph{Text: "正文", FontSize: 16}},
		{"heading style", ps("Heading1", "", run("", "一、总体情况")), layout.Paragraph{Text: "一、总体情况", Heading: 1, Bold: true, FontSize: 22}},
		{"style based on heading", ps("MyHeading", "", run("", "x")), layout.Paragraph{Text: "x", Heading: 1, Bold: true, FontSize: 22}},
		{"heading by name, numeric id", ps("3", "", run("", "x")), layout.Paragraph{Text: "x", Heading: 3, FontSize: 16}},
		{"heading by Chinese name", ps("a5", "", run("", "x")), layout.Paragraph{Text: "x", Heading: 2, FontSize: 16}},
		{"direct outline level", ps("", `<w:outlineLvl w:val="1"/>`, run("", "x")), layout.Paragraph{Text: "x", Heading: 2, FontSize: 16}},
		{"outline level 9 is body text", ps("Heading1", `<w:outlineLvl w:val="9"/>`, run("", "x")), layout.Paragraph{Text: "x", Bold: true, FontSize: 22}},
		{"centred title from style", ps("Title", "", run("", "年度报告")), layout.Paragraph{Text: "年度报告", Centered: true, Bold: true, FontSize: 22}},
		{"direct centring and bold off", ps("Title", `<w:jc w:val="left"/>`, run(`<w:b w:val="0"/>`, "年度报告")), layout.Paragraph{Text: "年度报告", FontSize: 22}},
		{"character style bold", ps("", "", run(`<w:rStyle w:val="Strong"/>`, "强")), layout.Paragraph{Text: "强", Bold: true, FontSize: 16}},
		{"mostly bold, dominant size",
			ps("", "", run(`<w:b/><w:sz w:val="28"/>`, "一二三四五")+run(`<w:sz w:val="21"/>`, "六七")),
			layout.Paragraph{Text: "一二三四五六七", Bold: true, FontSize: 14}},
		{"half bold is not bold", ps("", "", run(`<w:b/>`, "一二")+run("", "三四")), layout.Paragraph{Text: "一二三四", FontSize: 16}},
		{"empty paragraph takes the mark size", ps("", `<w:rPr><w:sz w:val="24"/></w:rPr>`, ""), layout.Paragraph{FontSize: 12}},
		{"cyclic basedOn terminates", ps("Loop1", "", run("", "x")), layout.Paragraph{Text: "x", FontSize: 16}},
		{"unknown style falls back to default", ps("Nope", "", run("", "x")), layout.Paragraph{Text: "x", FontSize: 16}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := read(t, testDoc{body: tt.body, styles: styles}.bytes(t), Options{})
			if len(doc.Blocks) != 1 {
				t.Fatalf("%d blocks", len(doc.Blocks))
			}
			got := doc.Blocks[0].(*layout.Paragraph)
			if diff := cmp.Diff(&tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestFormatNumber(t *testing.T) {
	tests := []struct {
		n    int
		f    string
		want string
	}{
		{1, "chineseCounting", "一"}, {10, "chineseCounting", "十"}, {11, "chineseCounting", "十一"},
		{20, "chineseCounting", "二十"}, {101, "chineseCounting", "一百零一"}, {110, "chineseCounting", "一百一十"},
		{1005, "chineseCountingThousand", "一千零五"}, {0, "chineseCounting", "〇"}, {10000, "chineseCounting", "10000"},
		{10, "chineseLegalSimplified", "壹拾"}, {23, "chineseLegalSimplified", "贰拾叁"}, {3, "ideographLegalTraditional", "參"},
		{1, "ideographTraditional", "甲"}, {10, "ideographTraditional", "癸"}, {11, "ideographTraditional", "11"},
		{1, "ideographZodiac", "子"}, {1, "ideographZodiacTraditional", "甲子"}, {60, "ideographZodiacTraditional", "癸亥"},
		{1, "decimalEnclosedCircle", "①"}, {20, "decimalEnclosedCircle", "⑳"}, {21, "decimalEnclosedCircleChinese", "㉑"}, {51, "decimalEnclosedCircle", "51"},
		{1, "decimalEnclosedParen", "⑴"}, {1, "decimalEnclosedFullstop", "⒈"}, {1, "ideographEnclosedCircle", "㈠"},
		{12, "decimalFullWidth", "１２"}, {7, "decimalZero", "07"}, {12, "decimalZero", "12"}, {205, "ideographDigital", "二〇五"},
		{1, "upperLetter", "A"}, {27, "upperLetter", "AA"}, {28, "lowerLetter", "bb"}, {4, "upperRoman", "IV"}, {1994, "lowerRoman", "mcmxciv"},
		{4000, "upperRoman", "4000"}, {-3, "upperLetter", "-3"}, {2, "ordinal", "2nd"}, {12, "ordinal", "12th"},
		{5, "none", ""}, {5, "bullet", ""}, {5, "hebrew1", "5"}, {1 << 40, "lowerLetter", "1099511627776"},
	}
	for _, tt := range tests {
		if got := formatNumber(tt.n, tt.f, ""); got != tt.want {
			t.Errorf("formatNumber(%d, %q) = %q, want %q", tt.n, tt.f, got, tt.want)
		}
	}
}

func TestJoinLabel(t *testing.T) {
	tests := []struct{ label, suff, text, want string }{
		{"一、", "", "总体情况", "一、总体情况"},
		{"（一）", "tab", "主动公开", "（一）主动公开"},
		{"1.", "", "概述", "1.概述"},
		{"1.", "tab", "Scope", "1. Scope"},
		{"A)", "space", " x", "A) x"},
		{"1.", "nothing", "Scope", "1.Scope"},
		{"1.", "space", "", "1."},
		{"", "", "正文", "正文"},
	}
	for _, tt := range tests {
		if got := joinLabel(tt.label, tt.suff, tt.text); got != tt.want {
			t.Errorf("joinLabel(%q, %q, %q) = %q, want %q", tt.label, tt.suff, tt.text, got, tt.want)
		}
	}
}
