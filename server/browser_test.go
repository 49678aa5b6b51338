package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/nianbao/nianbao/schema"
)

// The browser test drives the page in headless Chromium: it uploads
// fixtures with known bad cells and checks that those cells are coloured
// with the right finding, that the tooltip, the findings list and the
// keyboard work, and saves screenshots to the artifacts directory.
//
// It needs Chromium (the Debian package chromium, or NIANBAO_CHROMIUM). It
// skips when Chromium is absent, unless CI is set: then absence fails.

func chromiumPath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("NIANBAO_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("CI is set but Chromium was not found: install the Debian package chromium (apt-get install chromium) or set NIANBAO_CHROMIUM")
	}
	t.Skip("Chromium not found: install the Debian package chromium (or set NIANBAO_CHROMIUM) to run the browser test")
	return ""
}

func newBrowser(t *testing.T, path string) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("lang", "zh-CN"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1440, 1000),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancelTab := chromedp.NewContext(actx)
	t.Cleanup(cancelTab)
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// domCell is what the page shows for one element with a tooltip or flag.
type domCell struct {
	Severity string `json:"sev"`
	Codes    string `json:"codes"`
	Related  string `json:"related"`
	TabIndex int    `json:"tab"`
	Desc     string `json:"desc"`
	Text     string `json:"text"`
	ColSpan  int    `json:"colspan"`
}

const domCellsJS = `(() => {
	const out = {};
	for (const el of document.querySelectorAll('#report [data-tip], #report .flag, #report td.v')) {
		const d = document.getElementById(el.getAttribute('aria-describedby') || '');
		out[el.id] = {sev: el.dataset.severity || '', codes: el.dataset.codes || '', related: el.dataset.related || '',
			tab: el.tabIndex, desc: d ? d.textContent : '', text: el.textContent, colspan: el.colSpan || 1};
	}
	return out;
})()`

// cellTarget mirrors the page: the element a finding is shown on.
func cellTarget(f schema.Finding) string {
	switch {
	case f.Table != "" && f.Row != "" && f.Column != "":
		return "c-" + f.Table + "-" + f.Row + "-" + f.Column
	case f.Rule == schema.RuleRequestsBalance && f.Column != "":
		return "c-" + f.Table + "-carried_forward-" + f.Column
	case f.Table != "" && f.Row != "":
		return "r-" + f.Table + "-" + f.Row
	}
	return ""
}

var sevRank = map[schema.Severity]int{schema.SeverityError: 0, schema.SeverityWarning: 1, schema.SeverityInfo: 2}

// pickFile picks the file in the page and waits for the result.
func pickFile(t *testing.T, ctx context.Context, path string) {
	t.Helper()
	abs, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	// Mark the old result so the wait below sees the new one.
	if err := chromedp.Do(ctx,
		chromedp.Evaluate[chromedp.Void](`document.getElementById('report').dataset.state = 'stale'`),
		chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{abs}),
		chromedp.WaitReady(chromedp.CSS(`#report[data-state="done"], #report[data-state="error"]`)),
	); err != nil {
		t.Fatalf("upload %s: %v", path, err)
	}
}

func evalJS[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("evaluate %.80s: %v", js, err)
	}
	return v
}

// checkRecord posts the file to the server directly: the record the page
// must show.
func checkRecord(t *testing.T, h http.Handler, path string) *schema.Report {
	t.Helper()
	rec := postFile(t, h, filepath.Base(path), readFixture(t, path))
	if rec.Code != http.StatusOK {
		t.Fatalf("%s: status %d", path, rec.Code)
	}
	return decodeReport(t, rec.Body.Bytes())
}

// truthCellFindings returns the fixture truth's error and warning
// findings on cells or sum rules: the known bad cells.
func truthCellFindings(t *testing.T, name string) []schema.Finding {
	t.Helper()
	var truth struct {
		Findings []schema.Finding `json:"findings"`
	}
	if err := json.Unmarshal(readFixture(t, filepath.Join("..", "testdata", "truth", name+".json")), &truth); err != nil {
		t.Fatal(err)
	}
	var out []schema.Finding
	for _, f := range truth.Findings {
		if f.Severity != schema.SeverityInfo && cellTarget(f) != "" {
			out = append(out, f)
		}
	}
	if len(out) == 0 {
		t.Fatalf("truth of %s has no bad cells", name)
	}
	return out
}

// assertFlags checks that every cell finding of the record is on its cell
// with its severity, code and message, and that the truth's bad cells are
// among them.
func assertFlags(t *testing.T, rep *schema.Report, cells map[string]domCell, truth []schema.Finding, pdf bool) {
	t.Helper()
	for _, tf := range truth {
		if !slices.ContainsFunc(rep.Findings, func(f schema.Finding) bool {
			return f.Code == tf.Code && f.Table == tf.Table && f.Row == tf.Row && f.Column == tf.Column && f.Rule == tf.Rule
		}) {
			t.Errorf("known bad cell not found by the check: %s %s.%s.%s %s", tf.Code, tf.Table, tf.Row, tf.Column, tf.Rule)
		}
	}
	for _, f := range rep.Findings {
		id := cellTarget(f)
		if id == "" {
			continue
		}
		c, ok := cells[id]
		if !ok {
			t.Errorf("%s: no element #%s on the page", f.Code, id)
			continue
		}
		if !strings.Contains(" "+c.Codes+" ", " "+string(f.Code)+" ") {
			t.Errorf("#%s: codes %q, want %s", id, c.Codes, f.Code)
		}
		if sevRank[schema.Severity(c.Severity)] > sevRank[f.Severity] || c.Severity == "" {
			t.Errorf("#%s: coloured %q, want at least %s", id, c.Severity, f.Severity)
		}
		if c.TabIndex != 0 {
			t.Errorf("#%s: flagged but not in the tab order (tabindex %d)", id, c.TabIndex)
		}
		if !strings.Contains(c.Desc, f.Message) {
			t.Errorf("#%s: description %q lacks the finding %q", id, c.Desc, f.Message)
		}
		if pdf && strings.HasPrefix(id, "c-") && f.Row != "" {
			p := rep.Provenance[schema.ProvenanceKey(f.Table, f.Row, f.Column)]
			if p.Page == 0 || !strings.Contains(c.Desc, fmt.Sprintf("第 %d 页", p.Page)) {
				t.Errorf("#%s: description %q lacks the page %d", id, c.Desc, p.Page)
			}
		}
	}
	// No cell is flagged that the record does not flag.
	for id, c := range cells {
		if c.Codes == "" {
			continue
		}
		if !slices.ContainsFunc(rep.Findings, func(f schema.Finding) bool { return cellTarget(f) == id }) {
			t.Errorf("#%s flagged %q but the record has no finding there", id, c.Codes)
		}
	}
}

func screenshot(t *testing.T, ctx context.Context, name string, full bool) string {
	t.Helper()
	var act chromedp.Action[[]byte]
	if full {
		act = chromedp.FullScreenshot(100)
	} else {
		act = chromedp.CaptureScreenshot()
	}
	buf, err := chromedp.Run(ctx, act)
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	path := filepath.Join(artifactsDir(t), name)
	if err := os.WriteFile(path, buf, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s (%d bytes)", path, len(buf))
	return path
}

func TestBrowser(t *testing.T) {
	chrome := chromiumPath(t)
	h := New(Options{}).Handler()
	ts := httptest.NewServer(h)
	defer ts.Close()
	ctx := newBrowser(t, chrome)

	var mu sync.Mutex
	var console []chromedp.ConsoleMessage
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			mu.Lock()
			console = append(console, m)
			mu.Unlock()
		}
	}()

	// A headless page has no window focus, and Chromium fires no focus
	// events without it; emulate the focused window a person has.
	if _, err := chromedp.Call(ctx, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true}); err != nil {
		t.Fatalf("focus emulation: %v", err)
	}
	if err := chromedp.Do(ctx,
		chromedp.Navigate(ts.URL),
		chromedp.WaitReady(chromedp.CSS(`body[data-ready="1"]`)),
	); err != nil {
		t.Fatalf("open the page: %v", err)
	}

	t.Run("invalid and blank cells (PDF)", func(t *testing.T) {
		rep := checkRecord(t, h, fixturePDF)
		pickFile(t, ctx, fixturePDF)
		cells := evalJS[map[string]domCell](t, ctx, domCellsJS)
		assertFlags(t, rep, cells, truthCellFindings(t, "provdept-2024-cells"), true)

		line := evalJS[map[string]string](t, ctx, `({organ: document.getElementById('organ').textContent,
			year: document.getElementById('year').textContent, template: document.getElementById('template').textContent,
			verdict: document.getElementById('verdict').textContent, title: document.getElementById('report-title').textContent})`)
		if line["organ"] != rep.Report.Organ || line["year"] != fmt.Sprint(rep.Report.Year) || !strings.HasPrefix(line["template"], rep.Report.Template) {
			t.Errorf("report line %v, want %+v", line, rep.Report)
		}
		wantVerdict := fmt.Sprintf("未通过：%d 个错误", rep.Errors())
		if !strings.HasPrefix(line["verdict"], wantVerdict) {
			t.Errorf("verdict %q, want %q…", line["verdict"], wantVerdict)
		}

		// Page numbers of PDF cells are shown in the cells.
		pageShown := evalJS[int](t, ctx, `document.querySelectorAll('#report td.v .pg').length`)
		if pageShown < 100 {
			t.Errorf("%d cells show their page; want every value cell of the PDF", pageShown)
		}

		// Focus shows the tooltip with the finding, the raw text and the page.
		const invalid = "c-requests-denied_three_safety-social_welfare"
		if err := chromedp.Do(ctx, chromedp.Focus(chromedp.ID(invalid))); err != nil {
			t.Fatal(err)
		}
		tip := evalJS[map[string]any](t, ctx, `({hidden: document.getElementById('tip').hidden, for: document.getElementById('tip').dataset.for || '', text: document.getElementById('tip').textContent})`)
		p := rep.Provenance["requests.denied_three_safety.social_welfare"]
		if tip["hidden"] != false || tip["for"] != invalid || !strings.Contains(tip["text"].(string), "单元格内容不是数字：见附表") ||
			!strings.Contains(tip["text"].(string), fmt.Sprintf("第 %d 页", p.Page)) {
			t.Errorf("tooltip on focus: %v", tip)
		}

		// Arrow keys move between cells.
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowRight)); err != nil {
			t.Fatal(err)
		}
		if got := evalJS[string](t, ctx, `document.activeElement.id`); got != "c-requests-denied_three_safety-legal_service" {
			t.Errorf("ArrowRight moved focus to %q", got)
		}
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowDown)); err != nil {
			t.Fatal(err)
		}
		if got := evalJS[string](t, ctx, `document.activeElement.id`); got != "c-requests-denied_third_party-legal_service" {
			t.Errorf("ArrowDown moved focus to %q", got)
		}
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Escape)); err != nil {
			t.Fatal(err)
		}
		if !evalJS[bool](t, ctx, `document.getElementById('tip').hidden`) {
			t.Error("Escape did not hide the tooltip")
		}

		// Hovering shows the tooltip too.
		const blank = "c-requests-results_total-other_org"
		pt := evalJS[map[string]float64](t, ctx, `(() => { const e = document.getElementById('`+blank+`'); e.scrollIntoView({block: 'center'});
			const r = e.getBoundingClientRect(); return {x: r.left + r.width / 2, y: r.top + r.height / 2}; })()`)
		if err := chromedp.Do(ctx, chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, pt["x"], pt["y"])); err != nil {
			t.Fatal(err)
		}
		if got := evalJS[string](t, ctx, `document.getElementById('tip').hidden ? '' : document.getElementById('tip').textContent`); !strings.Contains(got, "空白单元格") {
			t.Errorf("tooltip on hover: %q", got)
		}

		// The findings list: a button per finding; Enter on it moves focus to
		// the cell.
		btn := fmt.Sprintf(`button.finding[data-target=%q]`, invalid)
		if err := chromedp.Do(ctx, chromedp.Focus(chromedp.CSS(btn)), chromedp.KeyEvent(kb.Enter)); err != nil {
			t.Fatal(err)
		}
		if got := evalJS[string](t, ctx, `document.activeElement.id`); got != invalid {
			t.Errorf("Enter on the finding focused %q, want %q", got, invalid)
		}
		screenshot(t, ctx, "report-errors.png", false)
		screenshot(t, ctx, "report-errors-full.png", true)
	})

	t.Run("template layout", func(t *testing.T) {
		layout := evalJS[map[string]any](t, ctx, `(() => {
			const q = (s) => document.querySelector(s);
			const req = q('#t-requests'), app = q('#t-appeals'), act = q('#t-active');
			const vert = req.querySelector('th.vert');
			const groups = Array.from(req.querySelectorAll('tbody th[scope=rowgroup]:not(.vert)')).map(th => th.textContent + ':' + th.rowSpan);
			return {
				reqHeadRows: req.tHead.rows.length,
				note: req.tHead.rows[0].cells[0].colSpan + 'x' + req.tHead.rows[0].cells[0].rowSpan,
				applicant: req.tHead.rows[0].cells[1].textContent + ':' + req.tHead.rows[0].cells[1].colSpan,
				org: Array.from(req.tHead.rows[1].cells).map(c => c.textContent + ':' + c.colSpan + 'x' + c.rowSpan).join('|'),
				vert: vert.textContent + ':' + vert.rowSpan,
				groups: groups.join('|'),
				appTop: Array.from(app.tHead.rows[0].cells).map(c => c.textContent + ':' + c.colSpan).join('|'),
				appMid: Array.from(app.tHead.rows[1].cells).slice(-2).map(c => c.textContent + ':' + c.colSpan).join('|'),
				captions: Array.from(act.querySelectorAll('th.caption')).map(th => th.textContent).join('|'),
				licensing: q('#c-active-licensing-decisions').colSpan,
				normative: q('#r-active-normative_documents').textContent,
			};
		})()`)
		want := map[string]any{
			"reqHeadRows": 3.0,
			"note":        "3x3",
			"applicant":   "申请人情况:7",
			"org":         "自然人:1x2|法人或其他组织:5x1|总计:1x2",
			"vert":        "三、本年度办理结果:22",
			"groups":      "（三）不予公开:8|（四）无法提供:3|（五）不予处理:5|（六）其他处理:3",
			"appTop":      "行政复议:5|行政诉讼:10",
			"appMid":      "未经复议直接起诉:5|复议后起诉:5",
			"captions":    "第二十条第（一）项|第二十条第（五）项|第二十条第（六）项|第二十条第（八）项",
			"licensing":   3.0,
			"normative":   "行政规范性文件",
		}
		for k, w := range want {
			if layout[k] != w {
				t.Errorf("%s = %v, want %v", k, layout[k], w)
			}
		}
	})

	t.Run("sum mismatches (docx)", func(t *testing.T) {
		rep := checkRecord(t, h, fixtureTotals)
		pickFile(t, ctx, fixtureTotals)
		cells := evalJS[map[string]domCell](t, ctx, domCellsJS)
		assertFlags(t, rep, cells, truthCellFindings(t, "citydept-2024-totals"), false)
		// The cells a failed rule adds up are marked as taking part.
		for _, id := range []string{"c-requests-new_received-total", "c-requests-carried_over-total", "c-requests-results_total-total"} {
			if !strings.Contains(cells[id].Related, schema.RuleRequestsBalance) {
				t.Errorf("#%s: related %q, want %s", id, cells[id].Related, schema.RuleRequestsBalance)
			}
		}
		if !strings.Contains(cells["c-requests-new_received-natural_person"].Related, schema.RuleRequestsColumnTotal) {
			t.Errorf("row of a failed column total not marked: %+v", cells["c-requests-new_received-natural_person"])
		}
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`button.finding[data-target="c-requests-carried_forward-total"]`))); err != nil {
			t.Fatal(err)
		}
		if got := evalJS[string](t, ctx, `document.activeElement.id`); got != "c-requests-carried_forward-total" {
			t.Errorf("click on the balance finding focused %q", got)
		}
		screenshot(t, ctx, "report-sums.png", false)
	})

	t.Run("2019 layout, blank cells (docx)", func(t *testing.T) {
		const fixture = "../testdata/docx/ministry-2019-large.docx"
		rep := checkRecord(t, h, fixture)
		if rep.Report.Template != schema.Template2019 {
			t.Fatalf("fixture template %q", rep.Report.Template)
		}
		pickFile(t, ctx, fixture)
		cells := evalJS[map[string]domCell](t, ctx, domCellsJS)
		assertFlags(t, rep, cells, truthCellFindings(t, "ministry-2019-large"), false)
		layout := evalJS[map[string]any](t, ctx, `(() => {
			const q = (s) => document.querySelector(s);
			const other = q('#r-requests-other');
			return {
				vert: q('#t-requests th.vert').rowSpan,
				other: other.textContent + ':' + other.colSpan,
				fees: Array.from(q('#r-active-fees').parentElement.querySelectorAll('td.v')).map(c => c.colSpan).join(','),
				procurement: q('#r-active-procurement') ? q('#r-active-procurement').textContent : '',
				captions: Array.from(q('#t-active').querySelectorAll('th.caption')).length,
				normative: q('#r-active-normative_documents').textContent,
			};
		})()`)
		want := map[string]any{
			"vert": 20.0, "other": "（六）其他处理:2", "fees": "1,2", "procurement": "政府集中采购", "captions": 5.0,
			"normative": "规范性文件",
		}
		for k, w := range want {
			if layout[k] != w {
				t.Errorf("%s = %v, want %v", k, layout[k], w)
			}
		}
		screenshot(t, ctx, "report-2019.png", true)
	})

	t.Run("missing table", func(t *testing.T) {
		pickFile(t, ctx, "../testdata/docx/countygov-2024-noappeals.docx")
		got := evalJS[map[string]any](t, ctx, `(() => {
			const box = document.getElementById('t-appeals');
			const btn = document.querySelector('button.finding[data-target="t-appeals"]');
			return {tag: box.tagName, sev: box.dataset.severity || '', codes: box.dataset.codes || '', button: !!btn};
		})()`)
		if got["tag"] != "DIV" || got["sev"] != "error" || got["codes"] != "missing_table" || got["button"] != true {
			t.Errorf("missing appeals table: %v", got)
		}
	})

	t.Run("not a report", func(t *testing.T) {
		pickFile(t, ctx, filepath.Join(fixtureInvalid, "not-a-zip.docx"))
		st := evalJS[map[string]any](t, ctx, `({cls: document.getElementById('status').className, text: document.getElementById('status').textContent, hidden: document.getElementById('report').hidden})`)
		if !strings.Contains(st["cls"].(string), "error") || !strings.Contains(st["text"].(string), "不是年度报告文件") || st["hidden"] != true {
			t.Errorf("error upload: %v", st)
		}
	})

	t.Run("unreadable", func(t *testing.T) {
		pickFile(t, ctx, filepath.Join(fixtureInvalid, "encrypted.docx"))
		v := evalJS[string](t, ctx, `document.getElementById('verdict').textContent + ' | ' + document.querySelector('#report .cause').textContent`)
		if !strings.HasPrefix(v, "无法读取：文件设有密码") || !strings.Contains(v, "encrypted") {
			t.Errorf("verdict %q", v)
		}
	})

	time.Sleep(100 * time.Millisecond) // let the last console events arrive
	mu.Lock()
	defer mu.Unlock()
	for _, m := range console {
		text := m.String()
		if m.IsException() || strings.Contains(text, "Content Security Policy") || strings.Contains(text, "Refused to") {
			t.Errorf("browser console: %s", text)
		}
	}
}
