// nianbao compliance check page: upload a report, draw its three tables like
// the official template, flag cells by severity, list the findings.
// No framework, no build step; text is always inserted as text, never as HTML.
'use strict';

(() => {
  const SEVERITIES = [
    { key: 'error', name: '错误' },
    { key: 'warning', name: '警告' },
    { key: 'info', name: '提示' },
  ];
  const RANK = { error: 0, warning: 1, info: 2 };
  // Why a file cannot be read, by the server's Nianbao-Unreadable-Reason.
  const REASONS = {
    encrypted: '文件设有密码（已加密）。请去除密码后重新上传。',
    damaged: '文件已损坏或不完整（可能是下载或保存时中断）。请用 Word 或 WPS 打开后另存一份再上传。',
    limit: '文件超出了读取限制（解压后过大、页数或表格过大、结构嵌套过深，可能是“压缩炸弹”）。',
    no_text: 'PDF 没有文字层，是扫描件。请先做文字识别（OCR），或上传 .docx 原件。',
    no_unicode: 'PDF 中的文字无法解码（字体缺少编码映射）。请上传 .docx 原件，或重新导出 PDF。',
    timeout: '读取超过了单个文件的处理时限。',
    doc: '这是 Word 97-2003 格式（.doc），暂不支持。请在 Word 或 WPS 中另存为 .docx 后上传。',
    format: '不是支持的文件格式（仅支持 .docx 和 .pdf）。',
    crash: '读取此文件的进程意外退出（可能是文件触发了程序缺陷）。',
    memory: '读取此文件所需的内存超过了上限。',
  };

  const state = {
    tpl: null, // GET /api/v1/templates
    tables: {}, // table key -> table doc
    rows: {}, // table key -> row key -> row doc
    groups: {}, // group label -> group doc
    codes: {}, // code -> {severity, label}
    limit: 50 * 1024 * 1024,
    report: null,
    raw: '', // the response body, for download
    name: '',
    cells: new Map(), // element id -> {own: [finding], related: [finding]}
    tipFor: null,
  };

  const $ = (sel, root = document) => root.querySelector(sel);

  // el builds an element; string children become text nodes.
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    if (attrs) {
      for (const [k, v] of Object.entries(attrs)) {
        if (v === null || v === undefined || v === false) continue;
        if (k === 'class') e.className = v;
        else if (k === 'text') e.textContent = v;
        else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
        else e.setAttribute(k, v === true ? '' : String(v));
      }
    }
    for (const c of children.flat()) {
      if (c !== null && c !== undefined && c !== false) e.append(c);
    }
    return e;
  }

  const idPart = (s) => String(s).replace(/[^A-Za-z0-9_-]/g, (c) => '_' + c.charCodeAt(0).toString(16));
  const cellId = (t, r, c) => `c-${idPart(t)}-${idPart(r)}-${idPart(c)}`;
  const rowHeadId = (t, r) => `r-${idPart(t)}-${idPart(r)}`;
  const colHeadId = (t, c) => `h-${idPart(t)}-${idPart(c)}`;
  const tableId = (t) => `t-${idPart(t)}`;

  function fmtBytes(n) {
    if (n >= 1 << 20) return `${(n / (1 << 20)).toFixed(n % (1 << 20) === 0 ? 0 : 1)} MiB`;
    if (n >= 1 << 10) return `${(n / (1 << 10)).toFixed(1)} KiB`;
    return `${n} 字节`;
  }
  const fmtNum = (v) => (typeof v === 'number' ? String(v) : '');

  // ---- start -------------------------------------------------------------

  async function getJSON(url) {
    const res = await fetch(url, { headers: { Accept: 'application/json' } });
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
    return res.json();
  }

  async function init() {
    try {
      state.tpl = await getJSON('/api/v1/templates');
    } catch (e) {
      setStatus('无法载入模板定义：' + e.message, 'error');
      return;
    }
    for (const t of state.tpl.tables) {
      state.tables[t.key] = t;
      state.rows[t.key] = {};
      for (const r of t.rows) state.rows[t.key][r.key] = r;
      for (const g of t.groups || []) state.groups[g.label] = g;
    }
    for (const c of state.tpl.codes) state.codes[c.code] = c;
    try {
      const h = await getJSON('/healthz');
      if (h.max_upload_bytes) state.limit = h.max_upload_bytes;
    } catch (e) {
      // keep the default limit
    }
    $('#limit').textContent = fmtBytes(state.limit);

    const input = $('#file');
    input.addEventListener('change', () => {
      if (input.files && input.files.length) check(input.files[0]);
    });
    const drop = $('#drop');
    let depth = 0;
    window.addEventListener('dragenter', (e) => {
      if (!hasFiles(e)) return;
      depth++;
      drop.classList.add('dragging');
    });
    window.addEventListener('dragleave', () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) drop.classList.remove('dragging');
    });
    window.addEventListener('dragover', (e) => {
      if (hasFiles(e)) e.preventDefault();
    });
    window.addEventListener('drop', (e) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth = 0;
      drop.classList.remove('dragging');
      const files = e.dataTransfer.files;
      if (!files.length) return;
      check(files[0], files.length > 1 ? `一次只检查一个文件，已检查第一个：${files[0].name}。` : '');
    });

    const report = $('#report');
    // Hover shows a cell's tooltip, but content that scrolls under a still
    // pointer (after a jump from the findings list) does not take the
    // tooltip from the focused cell: only a pointer that moved does.
    const pointer = { x: -1, y: -1, atFocus: null };
    const pointerMoved = () => !pointer.atFocus || Math.abs(pointer.x - pointer.atFocus.x) + Math.abs(pointer.y - pointer.atFocus.y) > 3;
    const track = (e) => {
      pointer.x = e.clientX;
      pointer.y = e.clientY;
    };
    window.addEventListener('pointermove', track, { passive: true });
    report.addEventListener('mouseover', (e) => {
      track(e);
      const c = e.target.closest('[data-tip]');
      if (c && pointerMoved()) {
        pointer.atFocus = null;
        showTip(c);
      }
    });
    report.addEventListener('mouseout', (e) => {
      track(e);
      const c = e.target.closest('[data-tip]');
      if (!c || c.contains(e.relatedTarget) || !pointerMoved()) return;
      const f = document.activeElement && document.activeElement.closest && document.activeElement.closest('[data-tip]');
      if (f && report.contains(f)) showTip(f); // back to the focused cell
      else hideTip();
    });
    report.addEventListener('focusin', (e) => {
      const c = e.target.closest('[data-tip]');
      pointer.atFocus = { x: pointer.x, y: pointer.y };
      if (c) showTip(c);
      else hideTip();
    });
    report.addEventListener('focusout', (e) => {
      if (!e.relatedTarget || !e.relatedTarget.closest || !e.relatedTarget.closest('[data-tip]')) hideTip();
    });
    report.addEventListener('keydown', onKey);
    document.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') hideTip();
    });
    window.addEventListener('scroll', () => state.tipFor && placeTip(state.tipFor), { passive: true });
    window.addEventListener('resize', () => state.tipFor && placeTip(state.tipFor));
    document.body.dataset.ready = '1';
  }

  function hasFiles(e) {
    return e.dataTransfer && Array.from(e.dataTransfer.types || []).includes('Files');
  }

  function setStatus(text, kind) {
    const s = $('#status');
    s.textContent = text;
    s.className = 'status' + (kind ? ' ' + kind : '');
  }

  // ---- upload ------------------------------------------------------------

  async function check(file, note) {
    if (state.busy) {
      setStatus('正在检查上一个文件，请稍候再试。', 'busy');
      return;
    }
    hideTip();
    if (file.size > state.limit) {
      setStatus(`文件太大（${fmtBytes(file.size)}）：上限为 ${fmtBytes(state.limit)}。`, 'error');
      return;
    }
    const drop = $('#drop');
    state.busy = true;
    drop.classList.add('busy');
    $('#file').disabled = true;
    setStatus(`${note || ''}正在检查“${file.name}”（${fmtBytes(file.size)}）…`, 'busy');
    const report = $('#report');
    report.dataset.state = 'loading';
    try {
      const fd = new FormData();
      fd.append('file', file, file.name);
      let res;
      try {
        res = await fetch('/api/v1/check', { method: 'POST', body: fd });
      } catch (e) {
        fail('无法连接服务器：' + e.message);
        return;
      }
      const text = await res.text();
      let body;
      try {
        body = JSON.parse(text);
      } catch (e) {
        fail(`服务器返回了无法解析的内容（HTTP ${res.status}）。`);
        return;
      }
      if (res.status === 200 || res.status === 422) {
        state.raw = text;
        state.reason = res.headers.get('Nianbao-Unreadable-Reason') || '';
        state.name = file.name;
        render(body);
        setStatus(res.status === 200 ? `已检查“${file.name}”。` : `“${file.name}”无法读取，原因见下方。`);
        return;
      }
      let msg = (body && body.error && body.error.message) || `请求失败（HTTP ${res.status}）。`;
      if (res.status === 503 && !msg.includes('秒')) {
        const ra = res.headers.get('Retry-After');
        if (ra) msg += `请 ${ra} 秒后重试。`;
      }
      fail(msg);
    } finally {
      state.busy = false;
      drop.classList.remove('busy');
      const input = $('#file');
      input.disabled = false;
      input.value = '';
    }
  }

  function fail(msg) {
    setStatus(msg, 'error');
    const report = $('#report');
    report.hidden = true;
    report.replaceChildren();
    report.dataset.state = 'error';
  }

  // ---- findings index ----------------------------------------------------

  function tableRows(tb) {
    return tb ? Object.keys(tb) : [];
  }

  // outcomeRows are the requests rows from granted up to, not including,
  // results_total.
  function outcomeRows(tb) {
    const out = [];
    let inside = false;
    for (const k of tableRows(tb)) {
      if (k === 'granted') inside = true;
      if (k === 'results_total' || k === 'carried_forward') inside = false;
      if (inside) out.push(k);
    }
    return out;
  }

  function slot(id) {
    let s = state.cells.get(id);
    if (!s) {
      s = { own: [], related: [] };
      state.cells.set(id, s);
    }
    return s;
  }

  function indexFindings(rep) {
    state.cells = new Map();
    const tables = rep.tables || {};
    (rep.findings || []).forEach((f, i) => {
      f._i = i;
      const rule = f.rule && state.tpl.rules[f.rule];
      let target = null;
      if (f.table && f.row && f.column) target = cellId(f.table, f.row, f.column);
      else if (rule && rule.per === 'column' && f.column && rule.anchor) target = cellId(f.table, rule.anchor, f.column);
      else if (f.table && f.row) target = rowHeadId(f.table, f.row);
      else if (f.table && f.column) target = colHeadId(f.table, f.column);
      else if (f.table) target = tableId(f.table);
      f._target = target;
      if (target) slot(target).own.push(f);
      if (rule) {
        const tb = tables[rule.table];
        const rel = [];
        if (rule.per === 'column' && f.column) {
          const rows = (rule.rows || []).concat(rule.outcomes ? outcomeRows(tb) : []);
          for (const r of rows) rel.push(cellId(rule.table, r, f.column));
        } else if (rule.per === 'row' && f.row && tb && tb[f.row]) {
          for (const c of Object.keys(tb[f.row])) rel.push(cellId(rule.table, f.row, c));
        }
        for (const id of rel) if (id !== target) slot(id).related.push(f);
      }
    });
  }

  function worst(fs) {
    let w = null;
    for (const f of fs) if (w === null || RANK[f.severity] < RANK[w]) w = f.severity;
    return w;
  }

  // ---- labels ------------------------------------------------------------

  // labelIn is a row's label in template tpl.
  const labelIn = (rd, tpl) => (rd.template_labels && rd.template_labels[tpl]) || rd.label;

  function rowLabel(t, r) {
    const rd = state.rows[t] && state.rows[t][r];
    if (!rd) return r;
    let s = (rd.ordinal || '') + labelIn(rd, state.report.report.template);
    if (t === 'appeals' && rd.group) s = rd.group + '·' + s;
    return s;
  }

  function colLabel(t, r, c, tpl) {
    const rd = state.rows[t] && state.rows[t][r];
    if (rd) {
      const order = [tpl].concat(state.tpl.templates);
      for (const k of order) {
        const cols = rd.columns[k] || [];
        const cd = cols.find((x) => x.key === c);
        if (cd) return cd.label;
      }
    }
    for (const row of Object.values(state.rows[t] || {})) {
      for (const cols of Object.values(row.columns)) {
        const cd = cols.find((x) => x.key === c);
        if (cd) return cd.label;
      }
    }
    return c;
  }

  function whereText(f) {
    const parts = [];
    const td = state.tables[f.table];
    if (td) {
      parts.push(td.title);
      if (f.row) parts.push(rowLabel(f.table, f.row));
      if (f.column) parts.push(colLabel(f.table, f.row, f.column, state.report.report.template));
    }
    if (f.page) parts.push(`第 ${f.page} 页`);
    return parts.join(' › ');
  }

  const codeLabel = (code) => (state.codes[code] && state.codes[code].label) || code;

  // ---- rendering ---------------------------------------------------------

  function render(rep) {
    state.report = rep;
    state.tipData = new Map();
    indexFindings(rep);
    const root = $('#report');
    root.replaceChildren();
    $('#notes').replaceChildren();
    root.hidden = false;
    const isPDF = rep.source && rep.source.format === 'pdf';
    root.classList.toggle('hide-pages', !isPDF);

    root.append(summary(rep, isPDF));
    if (rep.findings.some((f) => f.code === 'unreadable')) {
      root.append(findingsPanel(rep, null));
    } else {
      const tables = el('div', { class: 'tables' });
      for (const td of state.tpl.tables) tables.append(tableSection(rep, td));
      root.append(el('div', { class: 'layout' }, tables, findingsPanel(rep, tables)));
    }
    root.dataset.state = 'done';
    const h = $('#report-title');
    if (h) h.focus({ preventScroll: false });
  }

  function summary(rep, isPDF) {
    const src = rep.source || {};
    const info = rep.report || {};
    const fileBits = [src.format ? src.format.toUpperCase() : '格式未知', fmtBytes(src.bytes || 0)];
    if (src.pages) fileBits.push(`${src.pages} 页`);
    const counts = { error: 0, warning: 0, info: 0 };
    for (const f of rep.findings) counts[f.severity]++;
    const unreadable = rep.findings.find((f) => f.code === 'unreadable');
    let verdict;
    if (unreadable) {
      // "无法读取文件（<reason>）：<detail>": the detail, when the reason is known.
      const msg = unreadable.message.replace(/^无法读取文件(（[^）]*）)?：/, '');
      const why = REASONS[state.reason];
      verdict = el('div', null,
        el('p', { class: 'verdict unreadable', id: 'verdict' }, '无法读取：', why || msg),
        why ? el('p', { class: 'cause' }, '原因：', msg) : null);
    } else if (counts.error > 0) {
      verdict = el('p', { class: 'verdict fail', id: 'verdict' },
        `未通过：${counts.error} 个错误，${counts.warning} 个警告，${counts.info} 个提示`);
    } else {
      verdict = el('p', { class: 'verdict pass', id: 'verdict' },
        counts.warning || counts.info ? `通过：${counts.warning} 个警告，${counts.info} 个提示` : '通过：没有发现问题');
    }
    const unknown = '（未识别）';
    const actions = el('div', { class: 'actions' },
      el('button', { type: 'button', class: 'action', id: 'download', onclick: download }, '下载 JSON'));
    if (isPDF) {
      const box = el('input', { type: 'checkbox', id: 'show-pages', checked: true });
      box.addEventListener('change', () => $('#report').classList.toggle('hide-pages', !box.checked));
      actions.append(el('label', null, box, ' 在单元格中显示页码'));
    }
    actions.append(legend());
    return el('div', { class: 'summary' },
      el('div', { class: 'file-line' }, `文件：${src.file || ''}（${fileBits.join('，')}）`,
        src.sha256 ? ` SHA-256 ${src.sha256.slice(0, 12)}…` : ''),
      el('h2', { id: 'report-title', tabindex: '-1' }, info.title || (unreadable ? '无法读取的文件' : '（未识别标题）')),
      unreadable ? null : el('dl', { class: 'meta' },
        el('div', null, el('dt', null, '机关'), el('dd', { id: 'organ' }, info.organ || unknown)),
        el('div', null, el('dt', null, '年度'), el('dd', { id: 'year' }, info.year ? String(info.year) : unknown)),
        el('div', null, el('dt', null, '模板'), el('dd', { id: 'template' }, info.template ? `${info.template} 年版` : unknown))),
      verdict,
      actions);
  }

  function legend() {
    return el('ul', { class: 'legend', 'aria-label': '图例' },
      el('li', null, el('span', { class: 'sw sev-error', 'aria-hidden': 'true' }), '错误 ✕'),
      el('li', null, el('span', { class: 'sw sev-warning', 'aria-hidden': 'true' }), '警告 ▲'),
      el('li', null, el('span', { class: 'sw sev-info', 'aria-hidden': 'true' }), '提示 ℹ'),
      el('li', null, el('span', { class: 'sw rel', 'aria-hidden': 'true' }), '参与不符的计算'));
  }

  function download() {
    const blob = new Blob([state.raw], { type: 'application/json' });
    const url = URL.createObjectURL(blob);
    const base = (state.name || 'report').replace(/\.[A-Za-z0-9]{1,5}$/, '');
    const a = el('a', { href: url, download: base + '.nianbao.json' });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  function tableSection(rep, td) {
    const tb = rep.tables && rep.tables[td.key];
    const title = `${td.section ? td.section + '、' : ''}${td.title}`;
    const sec = el('section', { class: 'tbl-section', 'aria-labelledby': `hd-${td.key}` },
      el('h2', { id: `hd-${td.key}` }, title));
    if (!tb) {
      const box = el('div', { class: 'missing', id: tableId(td.key) }, '文档中未找到此表。');
      decorate(box, tableId(td.key), { where: title });
      sec.append(box);
      return sec;
    }
    let table;
    if (td.key === 'requests') table = requestsTable(rep, td, tb);
    else if (td.key === 'appeals') table = appealsTable(rep, td, tb);
    else table = activeTable(rep, td, tb);
    table.id = tableId(td.key);
    table.setAttribute('aria-label', title);
    sec.append(el('div', { class: 'scroll' }, table));
    return sec;
  }

  // decorate gives an element its flags, tooltip and description.
  function decorate(node, id, ctx) {
    node.id = id;
    const info = state.cells.get(id);
    const own = info ? info.own : [];
    const related = info ? info.related : [];
    const prov = ctx.prov;
    if (own.length) {
      const sev = worst(own);
      node.classList.add('flag', 'sev-' + sev);
      node.dataset.severity = sev;
      node.dataset.codes = [...new Set(own.map((f) => f.code))].join(' ');
      node.tabIndex = 0;
    } else if (ctx.focusable) {
      node.tabIndex = -1;
    }
    if (related.length) {
      node.classList.add('rel');
      node.dataset.related = [...new Set(related.map((f) => f.rule))].join(' ');
    }
    if (!own.length && !related.length && !prov) return;
    node.dataset.tip = id;
    const note = el('p', { id: 'd-' + id }, describe(ctx.where, own, related, prov));
    $('#notes').append(note);
    node.setAttribute('aria-describedby', 'd-' + id);
    state.tipData.set(id, { where: ctx.where, own, related, prov });
  }

  function describe(where, own, related, prov) {
    const parts = [];
    for (const f of own) parts.push(`${sevName(f.severity)}·${codeLabel(f.code)}：${f.message}`);
    for (const f of related) parts.push(`参与不符的计算：${f.message}`);
    if (prov) parts.push(provText(prov));
    return parts.join('；') || where;
  }

  const sevName = (s) => (SEVERITIES.find((x) => x.key === s) || { name: s }).name;

  function provText(p) {
    let s = p.text !== undefined && p.text !== '' ? `原文“${p.text}”` : '原文为空';
    if (p.page) s += `，第 ${p.page} 页`;
    return s;
  }

  // valueCell draws one template cell.
  function valueCell(rep, t, r, c, value, span, where) {
    const key = `${t}.${r}.${c}`;
    const prov = rep.provenance && rep.provenance[key];
    const td = el('td', { class: 'v', colspan: span > 1 ? span : null, 'data-key': key });
    if (value === undefined) {
      td.classList.add('na');
      td.append(el('span', { class: 'sr-only' }, '文档无此单元格'));
    } else if (value === null) {
      if (prov && prov.text) td.append(el('span', { class: 'raw' }, prov.text.length > 14 ? prov.text.slice(0, 13) + '…' : prov.text));
      else td.append(el('span', { class: 'blank' }, '空'));
    } else {
      td.append(fmtNum(value));
    }
    if (prov && prov.page) td.append(el('span', { class: 'pg', 'aria-hidden': 'true', title: `第 ${prov.page} 页` }, String(prov.page)));
    decorate(td, cellId(t, r, c), { where, prov, focusable: true });
    return td;
  }

  // ---- requests: 3-row header, nested row groups ---------------------------

  function requestsTable(rep, td, tb) {
    const tpl = rep.report.template || '2021';
    const rows = tableRows(tb);
    const first = state.rows.requests[rows[0]] || td.rows[0];
    const cols = first.columns[tpl] || first.columns[Object.keys(first.columns)[0]];
    const thead = el('thead');
    const h1 = el('tr');
    const h2 = el('tr');
    const h3 = el('tr');
    h1.append(el('th', { colspan: 3, rowspan: 3, class: 'note', scope: 'col' }, td.header.note));
    h1.append(el('th', { colspan: cols.length, scope: 'colgroup' }, td.header.applicant));
    for (let i = 0; i < cols.length;) {
      const g = cols[i].group;
      if (!g) {
        const th = el('th', { rowspan: 2, scope: 'col' }, cols[i].label);
        decorate(th, colHeadId('requests', cols[i].key), { where: `${td.title} › ${cols[i].label}` });
        h2.append(th);
        i++;
        continue;
      }
      let n = 0;
      while (i + n < cols.length && cols[i + n].group === g) n++;
      h2.append(el('th', { colspan: n, scope: 'colgroup' }, g));
      for (let k = 0; k < n; k++) {
        const th = el('th', { scope: 'col' }, cols[i + k].label);
        decorate(th, colHeadId('requests', cols[i + k].key), { where: `${td.title} › ${g} › ${cols[i + k].label}` });
        h3.append(th);
      }
      i += n;
    }
    thead.append(h1, h2, h3);

    const results = td.groups.find((g) => !g.parent);
    const inResults = (rd) => rd && rd.group && (rd.group === results.label || (state.groups[rd.group] && state.groups[rd.group].parent === results.label));
    const tbody = el('tbody');
    rows.forEach((rk, i) => {
      const rd = state.rows.requests[rk];
      const tr = el('tr');
      const label = rd ? (rd.ordinal || '') + rd.label : rk;
      let head;
      if (!inResults(rd)) {
        head = el('th', { colspan: 3, scope: 'row', class: 'rowlabel' }, label);
        tr.append(head);
      } else {
        const prev = state.rows.requests[rows[i - 1]];
        if (!inResults(prev)) {
          let n = 0;
          while (i + n < rows.length && inResults(state.rows.requests[rows[i + n]])) n++;
          tr.append(el('th', { rowspan: n, scope: 'rowgroup', class: 'vert' }, results.ordinal + results.label));
        }
        if (rd.group === results.label) {
          head = el('th', { colspan: 2, scope: 'row', class: 'rowlabel' }, label);
          tr.append(head);
        } else {
          if (!prev || prev.group !== rd.group) {
            let n = 0;
            while (i + n < rows.length && state.rows.requests[rows[i + n]] && state.rows.requests[rows[i + n]].group === rd.group) n++;
            const g = state.groups[rd.group];
            tr.append(el('th', { rowspan: n, scope: 'rowgroup', class: 'rowlabel' }, (g ? g.ordinal : '') + rd.group));
          }
          head = el('th', { scope: 'row', class: 'rowlabel' }, label);
          tr.append(head);
        }
      }
      decorate(head, rowHeadId('requests', rk), { where: `${td.title} › ${label}` });
      for (const c of cols) {
        const v = tb[rk][c.key];
        tr.append(valueCell(rep, 'requests', rk, c.key, v, 1, `${td.title} › ${label} › ${c.label}`));
      }
      tbody.append(tr);
    });
    return el('table', { class: 'tpl requests' }, thead, tbody);
  }

  // ---- appeals: 行政复议 | 行政诉讼 › 未经复议直接起诉 / 复议后起诉 ------------------

  function appealsTable(rep, td, tb) {
    const tpl = rep.report.template || '2021';
    const rows = tableRows(tb);
    const grouped = rows.some((r) => state.rows.appeals[r] && state.rows.appeals[r].group);
    const h1 = el('tr');
    const h2 = el('tr');
    const h3 = el('tr');
    const body = el('tr');
    for (let i = 0; i < rows.length;) {
      const rd = state.rows.appeals[rows[i]] || { key: rows[i], label: rows[i], columns: {} };
      if (!rd.group) {
        const keys = Object.keys(tb[rows[i]]);
        const head = el('th', { colspan: keys.length, scope: 'colgroup' }, rd.label);
        decorate(head, rowHeadId('appeals', rows[i]), { where: `${td.title} › ${rd.label}` });
        h1.append(head);
        for (const c of keys) {
          const lab = colLabel('appeals', rows[i], c, tpl);
          h2.append(el('th', { rowspan: grouped ? 2 : 1, scope: 'col' }, lab));
          body.append(valueCell(rep, 'appeals', rows[i], c, tb[rows[i]][c], 1, `${td.title} › ${rd.label} › ${lab}`));
        }
        i++;
        continue;
      }
      let n = 0;
      let span = 0;
      while (i + n < rows.length && state.rows.appeals[rows[i + n]] && state.rows.appeals[rows[i + n]].group === rd.group) {
        span += Object.keys(tb[rows[i + n]]).length;
        n++;
      }
      h1.append(el('th', { colspan: span, scope: 'colgroup' }, rd.group));
      for (let k = 0; k < n; k++) {
        const rk = rows[i + k];
        const sub = state.rows.appeals[rk];
        const keys = Object.keys(tb[rk]);
        const head = el('th', { colspan: keys.length, scope: 'colgroup' }, sub.label);
        decorate(head, rowHeadId('appeals', rk), { where: `${td.title} › ${rd.group} › ${sub.label}` });
        h2.append(head);
        for (const c of keys) {
          const lab = colLabel('appeals', rk, c, tpl);
          h3.append(el('th', { scope: 'col' }, lab));
          body.append(valueCell(rep, 'appeals', rk, c, tb[rk][c], 1, `${td.title} › ${rd.group} › ${sub.label} › ${lab}`));
        }
      }
      i += n;
    }
    const thead = el('thead', null, h1, h2, grouped ? h3 : null);
    return el('table', { class: 'tpl appeals' }, thead, el('tbody', null, body));
  }

  // ---- active: stacked sub-tables per 第二十条 item ------------------------

  // rowTemplate tells which template's columns a row of the active table
  // has, from the keys the document actually holds.
  function rowTemplate(rd, keys, fallback) {
    const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
    const order = [fallback].concat(state.tpl.templates.filter((t) => t !== fallback));
    for (const t of order) {
      const cols = (rd.columns[t] || []).map((c) => c.key);
      if (cols.length && same(cols, keys)) return t;
    }
    for (const t of order) {
      const cols = (rd.columns[t] || []).map((c) => c.key);
      if (cols.length && keys.every((k) => cols.includes(k))) return t;
    }
    return fallback;
  }

  function spans(n, width) {
    if (n <= 0) return [];
    const out = new Array(n).fill(1);
    out[n - 1] = Math.max(1, width - (n - 1));
    return out;
  }

  function activeTable(rep, td, tb) {
    const fallback = rep.report.template || '2021';
    const rows = tableRows(tb);
    const width = Math.max(3, ...rows.map((r) => Object.keys(tb[r]).length));
    const tbody = el('tbody');
    let caption = null;
    let headerKeys = null;
    for (const rk of rows) {
      const rd = state.rows.active[rk] || { key: rk, label: rk, caption: '', columns: {} };
      const keys = Object.keys(tb[rk]);
      const tpl = rowTemplate(rd, keys, fallback);
      const sig = keys.join(',');
      if (rd.caption !== caption) {
        caption = rd.caption;
        headerKeys = null;
        tbody.append(el('tr', null, el('th', { colspan: width + 1, scope: 'colgroup', class: 'caption' }, rd.caption || '')));
      }
      if (headerKeys !== sig) {
        headerKeys = sig;
        const hr = el('tr', null, el('th', { scope: 'col', class: 'rowlabel' }, td.header.item));
        const sp = spans(keys.length, width);
        keys.forEach((c, j) => {
          const th = el('th', { scope: 'col', colspan: sp[j] > 1 ? sp[j] : null }, colLabel('active', rk, c, tpl));
          if (!tbody.querySelector('#' + CSS.escape(colHeadId('active', c)))) {
            decorate(th, colHeadId('active', c), { where: `${td.title} › ${colLabel('active', rk, c, tpl)}` });
          }
          hr.append(th);
        });
        tbody.append(hr);
      }
      const label = labelIn(rd, tpl);
      const head = el('th', { scope: 'row', class: 'rowlabel' }, label);
      decorate(head, rowHeadId('active', rk), { where: `${td.title} › ${label}` });
      const tr = el('tr', null, head);
      const sp = spans(keys.length, width);
      keys.forEach((c, j) => {
        const lab = colLabel('active', rk, c, tpl);
        tr.append(valueCell(rep, 'active', rk, c, tb[rk][c], sp[j], `${td.title} › ${rd.caption || ''} › ${label} › ${lab}`));
      });
      tbody.append(tr);
    }
    return el('table', { class: 'tpl active' }, tbody);
  }

  // ---- findings list -----------------------------------------------------

  function findingsPanel(rep, tables) {
    const aside = el('aside', { class: 'findings', 'aria-labelledby': 'findings-title' },
      el('h2', { id: 'findings-title' }, `问题清单（${rep.findings.length}）`));
    if (!rep.findings.length) {
      aside.append(el('p', { class: 'none' }, '没有发现问题。'));
      return aside;
    }
    for (const sev of SEVERITIES) {
      const list = rep.findings.filter((f) => f.severity === sev.key);
      if (!list.length) continue;
      const ul = el('ul');
      for (const f of list) ul.append(el('li', null, findingItem(f, tables)));
      const det = el('details', { open: sev.key !== 'info' || list.length <= 20 ? true : null },
        el('summary', null, `${sev.name}（${list.length}）`), ul);
      aside.append(det);
    }
    return aside;
  }

  function findingItem(f, tables) {
    const where = whereText(f);
    const parts = [el('span', { class: 'code' }, codeLabel(f.code)), f.message];
    if (where) parts.push(el('span', { class: 'where' }, where));
    if (f._target && !(tables && tables.querySelector('#' + CSS.escape(f._target)))) f._target = null;
    if (!f._target) return el('div', { class: `finding sev-${f.severity}`, 'data-finding': f._i }, parts);
    return el('button', {
      type: 'button', class: `finding sev-${f.severity}`, 'data-finding': f._i, 'data-target': f._target,
      onclick: () => goTo(f._target),
    }, parts);
  }

  function goTo(id) {
    const t = document.getElementById(id);
    if (!t) return;
    t.scrollIntoView({ block: 'center', inline: 'nearest' });
    if (t.tabIndex < 0 && !t.hasAttribute('tabindex')) t.tabIndex = -1;
    t.focus({ preventScroll: true });
    t.classList.remove('pulse');
    void t.offsetWidth; // restart the animation
    t.classList.add('pulse');
    setTimeout(() => t.classList.remove('pulse'), 1500);
  }

  // ---- tooltip -----------------------------------------------------------

  function showTip(node) {
    const data = state.tipData && state.tipData.get(node.dataset.tip);
    if (!data) return;
    const tip = $('#tip');
    tip.replaceChildren();
    tip.append(el('div', { class: 'where' }, data.where));
    if (data.own.length || data.related.length) {
      const ul = el('ul');
      for (const f of data.own) {
        ul.append(el('li', { class: 'sev-' + f.severity }, el('b', null, `${sevName(f.severity)}·${codeLabel(f.code)}`), '：', f.message));
      }
      for (const f of data.related) {
        ul.append(el('li', { class: 'sev-' + f.severity }, el('b', null, '参与不符的计算'), '：', f.message));
      }
      tip.append(ul);
    }
    if (data.prov) tip.append(el('div', { class: 'src' }, provText(data.prov)));
    tip.hidden = false;
    tip.dataset.for = node.id;
    state.tipFor = node;
    placeTip(node);
  }

  function placeTip(node) {
    const tip = $('#tip');
    const r = node.getBoundingClientRect();
    const tw = tip.offsetWidth;
    const th = tip.offsetHeight;
    let top = r.bottom + 6;
    if (top + th > window.innerHeight - 4 && r.top - th - 6 > 4) top = r.top - th - 6;
    let left = Math.min(Math.max(4, r.left), window.innerWidth - tw - 4);
    tip.style.top = `${Math.round(top)}px`;
    tip.style.left = `${Math.round(Math.max(4, left))}px`;
  }

  function hideTip() {
    const tip = $('#tip');
    tip.hidden = true;
    delete tip.dataset.for;
    state.tipFor = null;
  }

  // ---- keyboard: arrows move between value cells -------------------------

  function onKey(e) {
    const cell = e.target.closest && e.target.closest('td.v');
    if (!cell) return;
    const moves = { ArrowLeft: 'left', ArrowRight: 'right', ArrowUp: 'up', ArrowDown: 'down', Home: 'home', End: 'end' };
    const dir = moves[e.key];
    if (!dir) return;
    const next = neighbour(cell, dir);
    if (next) {
      e.preventDefault();
      next.focus();
      next.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    }
  }

  function neighbour(cell, dir) {
    const row = cell.parentElement;
    const inRow = Array.from(row.querySelectorAll('td.v'));
    const i = inRow.indexOf(cell);
    if (dir === 'left') return inRow[i - 1] || null;
    if (dir === 'right') return inRow[i + 1] || null;
    if (dir === 'home') return inRow[0];
    if (dir === 'end') return inRow[inRow.length - 1];
    const rows = Array.from(cell.closest('table').querySelectorAll('tr')).filter((tr) => tr.querySelector('td.v'));
    let k = rows.indexOf(row);
    const step = dir === 'up' ? -1 : 1;
    const x = cell.getBoundingClientRect();
    const cx = x.left + x.width / 2;
    for (k += step; k >= 0 && k < rows.length; k += step) {
      let best = null;
      let bd = Infinity;
      for (const c of rows[k].querySelectorAll('td.v')) {
        const b = c.getBoundingClientRect();
        const d = Math.abs(b.left + b.width / 2 - cx);
        if (d < bd) {
          bd = d;
          best = c;
        }
      }
      if (best) return best;
    }
    return null;
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
