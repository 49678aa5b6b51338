package fixturegen

import (
	"fmt"
	"strings"

	"github.com/nianbao/nianbao/schema"
)

// narrator writes the report's prose. The sentences are assembled from
// phrase banks with the fixture's random generator; the figures they quote
// come from the fixture's tables, so they agree with the tables.
type narrator struct {
	r     *rng
	organ string
	self  string // how the organ refers to itself: 我局, 我县, 本镇
	year  int
	tpl   string
	act   *tdata // may be nil
	req   *tdata
	app   *tdata
	brief bool // fewer sentences per paragraph
}

// k returns how many sentences of a bank to use: k, or one or two for a
// brief report.
func (n *narrator) k(k int) int {
	if n.brief {
		return 1 + n.r.intn(2)
	}
	return k
}

func (n *narrator) num(t *tdata, row, col string) string {
	if t == nil {
		return "0"
	}
	return schema.FormatNumber(t.figure(row, col))
}

// sentences joins a random selection of k sentences from bank, in order.
func (n *narrator) sentences(bank []string, k int) string {
	if k >= len(bank) {
		return strings.Join(bank, "")
	}
	idx := make([]int, len(bank))
	for i := range idx {
		idx[i] = i
	}
	for i := len(idx) - 1; i > 0; i-- {
		j := n.r.intn(i + 1)
		idx[i], idx[j] = idx[j], idx[i]
	}
	sel := idx[:k]
	// Keep the bank's order so the text reads in sequence.
	for i := 1; i < len(sel); i++ {
		for j := i; j > 0 && sel[j] < sel[j-1]; j-- {
			sel[j], sel[j-1] = sel[j-1], sel[j]
		}
	}
	var b strings.Builder
	for _, i := range sel {
		b.WriteString(bank[i])
	}
	return b.String()
}

func (n *narrator) fill(s string) string {
	return strings.NewReplacer("{self}", n.self, "{organ}", n.organ, "{year}", itoa(n.year), "{next}", itoa(n.year+1)).Replace(s)
}

// intro is the paragraph before 一、总体情况.
func (n *narrator) intro(site string) string {
	notice := "《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）"
	if n.tpl == schema.Template2019 {
		notice = "《国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告有关事项的通知》（国办公开办函〔2019〕60号）"
	}
	s := fmt.Sprintf("本报告依据《中华人民共和国政府信息公开条例》（以下简称《条例》）和%s的要求，由%s编制。", notice, n.organ)
	s += fmt.Sprintf("全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项等六个部分。本报告所列数据的统计期限为%d年1月1日至%d年12月31日。", n.year, n.year)
	if site != "" {
		s += fmt.Sprintf("本报告电子版可在%s政府信息公开专栏查阅或下载。", site)
	}
	return s + "如对本报告有疑问，请与" + n.organ + "办公室联系。"
}

var bankActive = []string{
	"{self}坚持以公开为常态、不公开为例外，围绕中心工作做好政府信息主动公开。",
	"按照年度政务公开工作要点，逐项细化公开任务，明确责任科室和完成时限。",
	"重点公开了财政预决算、重大建设项目、公共资源配置和民生保障等领域信息。",
	"对涉及群众切身利益的政策文件，同步发布图文解读，做到应解读尽解读。",
	"全年通过门户网站、政务新媒体等渠道主动公开各类政府信息{active}条。",
	"及时更新机构职能、领导分工和办事指南，方便群众查询。",
}

var bankRequests = []string{
	"{self}严格执行依申请公开工作规程，规范受理、审查、答复各环节。",
	"对每件申请均建立工作台账，逐件登记、限时办理，确保在法定期限内答复。",
	"对申请内容不明确的，及时告知申请人补正；对不属于本机关公开范围的，告知申请人并说明理由。",
	"答复文书统一格式、统一用语，依法告知救济途径。",
}

var bankManage = []string{
	"{self}建立健全公文公开属性源头认定机制，在拟文环节同步明确公开方式。",
	"严格落实保密审查制度，坚持先审查、后公开，全年未发生泄密事件。",
	"开展规范性文件清理工作，对不再适用的文件及时宣布失效并公开结果。",
	"加强政策文件的集中统一管理，在政府信息公开专栏设立政策文件库。",
	"对已公开信息定期开展巡查，及时纠正错别字、链接失效等问题。",
}

var bankPlatform = []string{
	"{self}持续优化政府门户网站政府信息公开专栏，按照统一目录规范设置栏目。",
	"发挥政务新媒体传播优势，全年通过官方微信公众号发布信息{posts}条。",
	"在政务服务大厅设立政府信息公开查阅点，为群众提供现场查阅服务。",
	"完善网站无障碍浏览功能，提升老年人和残疾人等群体的使用体验。",
	"依托政务热线和网上留言板受理群众咨询，做到件件有回复。",
}

var bankOversight = []string{
	"{self}将政务公开工作纳入年度目标考核，细化考核指标，压实工作责任。",
	"组织开展政务公开业务培训{train}次，参训人员{people}人次。",
	"主动接受社会监督，通过公开电话、电子邮箱等渠道收集意见建议。",
	"本年度未发生因政府信息公开工作引发的责任追究情况。",
	"邀请群众代表对政务公开工作开展评议，评议结果作为改进工作的重要依据。",
}

var bankProblems = []string{
	"{year}年，{self}政府信息公开工作取得了一定成效，但仍存在一些不足：",
	"一是部分栏目信息更新不够及时，内容还不够丰富；",
	"二是政策解读形式较为单一，图解、视频等方式运用不多；",
	"三是工作人员业务水平有待进一步提高，对《条例》的理解还不够深入。",
	"下一步，{self}将进一步健全信息发布机制，加强栏目日常维护，确保信息及时准确发布；",
	"丰富政策解读形式，提高解读质量；",
	"加强业务培训，持续提升依法公开能力和水平。",
}

var bankLong = []string{
	"在推进过程中，{self}注重统筹协调，定期召开专题会议研究部署相关工作，及时解决工作中遇到的困难和问题。",
	"各责任单位按照职责分工，细化工作措施，建立工作台账，实行清单化管理、项目化推进。",
	"围绕群众关注的热点难点问题，加大信息发布力度，主动回应社会关切，有效引导社会预期。",
	"聚焦优化营商环境，及时公开涉企政策和惠企措施，推动政策直达快享。",
	"加强与新闻媒体的沟通联系，通过新闻发布会、访谈节目等形式解读重要政策。",
	"对照上级部署要求，逐项梳理公开事项，动态调整公开目录，确保应公开尽公开。",
	"严格执行信息发布审核制度，落实“三审三校”要求，确保发布信息准确无误。",
	"结合工作实际，积极探索政务公开新方式新途径，不断增强公开实效。",
}

func (n *narrator) subActive() string {
	s := n.sentences(bankActive, n.k(3+n.r.intn(2)))
	s = strings.ReplaceAll(s, "{active}", itoa(n.r.between(40, 900)))
	if n.act != nil {
		if n.tpl == schema.Template2021 {
			s += fmt.Sprintf("全年制发行政规范性文件%s件，现行有效行政规范性文件%s件。",
				n.num(n.act, "normative_documents", "issued"), n.num(n.act, "normative_documents", "in_force"))
		} else {
			s += fmt.Sprintf("全年新制作规范性文件%s件，新公开%s件。",
				n.num(n.act, "normative_documents", "new_made"), n.num(n.act, "normative_documents", "new_published"))
		}
	}
	return n.fill(s)
}

func (n *narrator) subRequests() string {
	s := n.sentences(bankRequests, n.k(2+n.r.intn(2)))
	if n.req != nil {
		np := n.req.figure("new_received", "natural_person")
		all := n.req.figure("new_received", "total")
		s += fmt.Sprintf("%d年，%s共收到政府信息公开申请%s件，其中自然人申请%s件，法人或其他组织申请%s件；上年结转%s件。",
			n.year, n.self, n.num(n.req, "new_received", "total"), schema.FormatNumber(np), schema.FormatNumber(all-np),
			n.num(n.req, "carried_over", "total"))
		s += fmt.Sprintf("已办结%s件，其中予以公开%s件，部分公开%s件；结转下年度继续办理%s件。",
			n.num(n.req, "results_total", "total"), n.num(n.req, "granted", "total"),
			n.num(n.req, "partially_granted", "total"), n.num(n.req, "carried_forward", "total"))
	}
	return n.fill(s)
}

func (n *narrator) subManage() string { return n.fill(n.sentences(bankManage, n.k(3))) }

func (n *narrator) subPlatform() string {
	s := n.sentences(bankPlatform, n.k(3))
	return n.fill(strings.ReplaceAll(s, "{posts}", itoa(n.r.between(30, 1200))))
}

func (n *narrator) subOversight() string {
	s := n.sentences(bankOversight, n.k(3))
	s = strings.ReplaceAll(s, "{train}", itoa(n.r.between(1, 6)))
	s = strings.ReplaceAll(s, "{people}", itoa(n.r.between(20, 400)))
	return n.fill(s)
}

// appealsLead is an optional sentence before the appeals table.
func (n *narrator) appealsLead() string {
	if n.app == nil {
		return ""
	}
	suits := n.app.figure("litigation_direct", "total") + n.app.figure("litigation_after_review", "total")
	return fmt.Sprintf("%d年，%s因政府信息公开工作被申请行政复议%s件，被提起行政诉讼%s件。",
		n.year, n.self, n.num(n.app, "review", "total"), schema.FormatNumber(suits))
}

func (n *narrator) problems() []string {
	p := n.fill(strings.Join(bankProblems[:4], ""))
	q := n.fill(strings.Join(bankProblems[4:], ""))
	return []string{p, q}
}

func (n *narrator) otherMatters() string {
	if n.tpl == schema.Template2021 {
		return fmt.Sprintf("%d年，%s未收取政府信息公开信息处理费。无其他需要报告的事项。", n.year, n.self)
	}
	return "无。"
}

// filler returns k more paragraphs of plausible prose for long reports.
func (n *narrator) filler(k int) []string {
	out := make([]string, k)
	for i := range out {
		out[i] = n.fill(n.sentences(bankLong, 3+n.r.intn(3)))
	}
	return out
}

// seed-like narrative: section titles that are none of the template's.
var seedTitles = []string{
	"加强组织领导，夯实工作基础",
	"聚焦重点领域，深化信息发布",
	"创新工作方式，提升服务水平",
}
