/* The ledger (/// ledger | <edition>, 发展党员台账): a block module of the portal runtime.
 * The secretary opens the branch's own ledger (xlsx or CSV, read by assets/sheets.js); the page
 * shows each candidate's stage, next step, deadline and days left, overdue first, with filters,
 * and exports the same table (CSV, xlsx) and the deadlines as an iCalendar file.
 *
 * The twin of portalkit/ledger/ (read.py, forward.py, table.py, ics.py): the same rules from the
 * block's JSON (rules/<edition>.yml and rules/local/<edition>.yml), the same conventions, the same
 * column names; both pass the `ledger` vectors of tests/datecheck_vectors.yml.
 *
 * Personal data: the file is read in the browser and nothing leaves it but the reader's own
 * exports. Nothing is stored unless "remember on this computer" is ticked; then the table read
 * (at most LIMITS.keptLedger characters) is kept under `${store}:ledger:${edition}` and cleared
 * with the rest of the site's data. */
(() => {
  "use strict";
  const pk = (window.portalKit = window.portalKit || {});
  if (pk.blocks && pk.blocks.ledger) return;

  const HEAD = ["行", "姓名", "阶段", "下一步", "最早日期", "期限", "剩余天数", "逾期", "本单位要求", "缺少的记录", "违反的规则",
    "提醒", "无法读取的单元格"]; // file format: ledger/table.py HEAD
  const STATES = ["overdue", "open", "missing"];
  const MAX_ROWS = 200; // rows drawn (filters narrow them; the exports have all)
  const MAX_OCCURRENCES = 200;
  const SEPARATORS = /[;；、,，\r\n]+/;
  const SLICE_MS = 12;
  const fmt = (m, f) => pk.ui.fmt(m, f);
  // sheets.js (the spreadsheet reader) is loaded from beside this file once a ledger is opened.
  const self = document.currentScript || document.querySelector('script[src$="/ledger.js"]');
  const HERE = self ? self.src.replace(/[^/]*$/, "") : "";
  let sheetsLoading = null;
  const needSheets = () => window.portalSheets ? Promise.resolve() : (sheetsLoading = sheetsLoading || new Promise((resolve, reject) => {
    const s = document.createElement("script");
    s.src = HERE + "sheets.js";
    s.onload = () => resolve();
    s.onerror = () => { sheetsLoading = null; s.remove(); reject(new Error("sheets.js")); };
    document.head.append(s);
  }));

  // ---------------------------------------------------------------- dates (dates.js, shared with the date checker)
  // Looked up when called: on instant navigation dates.js may run after this module.
  const D = () => pk.dates;
  const addMonths = (s, n) => D().addMonths(s, n), addDays = (s, n) => D().addDays(s, n);
  const shift = (s, n, unit) => D().shift(s, n, unit), clip = (s, max) => D().clip(s, max);
  const monthsOf = (text) => D().monthsOf(text), recurring = (...a) => D().recurring(...a);
  const todayInBeijing = () => D().todayInBeijing();
  const daysBetween = (a, b) => D().daysBetween(a, b);

  let T = {};
  const parse = (text) => D().read(text, T);

  // ---------------------------------------------------------------- the rules, forward (forward.py)
  const bounds = (r, start, plus) => {
    if (r.kind === "order") return [start, null];
    if (r.kind === "duration") return [addDays(start, r.amount - 1), null];
    const ext = r.extended ? shift(start, r.extended, r.unit) : null;
    if (plus) return [addMonths(start, r.amount * (r.unit === "years" ? 12 : 1) + plus), ext];
    return [shift(start, r.amount, r.unit), ext];
  };
  const finding = (r, dates, events, plus) => {
    const a = dates[r.from], b = dates[r.to];
    if (!a) return "unknown";
    if (r.kind === "every") {
      // no column for the recurring date: not known (an empty cell of a column is "none recorded")
      if (!Object.prototype.hasOwnProperty.call(events, r.event)) return "unknown";
      const [, missed] = recurring(r, a, b || null, events[r.event]);
      if (missed) return r.severity === "warning" ? "warning" : "broken";
      return b ? "met" : "unknown";
    }
    const [bound, ext] = bounds(r, a, plus);
    if (!b) return "unknown";
    const ok = r.kind === "max" ? b >= a && b <= bound : r.kind === "exact" ? b === bound : b >= bound;
    if (ok) return "met";
    if ((ext && b > bound && b <= ext) || (r.kind === "exact" && r.early && b < bound && b >= addDays(bound, -r.early))) return "warning";
    return r.severity === "warning" ? "warning" : "broken";
  };
  // {stage, extended, steps: [{rule, earliest, latest, special, state, days}], findings: {id: status}}
  function outlook(data, dates, today, events = {}, extension = null) {
    let stage = null;
    for (const s of data.stages) if (dates[s.from]) stage = s;
    const ext = data.extension, plus = {};
    if (ext && extension && dates[ext.date]) for (const id of ext.rules) plus[id] = extension;
    const out = { stage: stage ? stage.id : "", extended: Object.keys(plus).length > 0, steps: [], findings: {} };
    for (const r of data.rules) out.findings[r.id] = finding(r, dates, events, plus[r.id] || 0);
    if (stage && stage.closed) return out;
    const order = Object.fromEntries(data.dates.map((d, i) => [d.id, i]));
    const entered = stage ? order[stage.from] : -1;
    data.rules.forEach((r, line) => {
      const start = dates[r.from];
      if (!start || dates[r.to]) return;
      let earliest, latest, special = null;
      if (r.kind === "every") {
        earliest = null;
        latest = shift(recurring(r, start, today, events[r.event] || [])[0], r.amount, r.unit);
      } else {
        const [bound, e] = bounds(r, start, plus[r.id] || 0);
        if (r.kind === "max") [earliest, latest, special] = [start, bound, e];
        else if (r.kind === "exact") [earliest, latest] = [bound, bound];
        else [earliest, latest] = [bound, null];
      }
      const state = (order[r.to] || 0) < entered ? "missing" : latest && today > latest ? "overdue" : "open";
      out.steps.push({ rule: r, earliest, latest, special, state, days: latest ? daysBetween(today, latest) : null, line });
    });
    const far = "9999-12-31";
    out.steps.sort((x, y) => STATES.indexOf(x.state) - STATES.indexOf(y.state) || (x.latest || far).localeCompare(y.latest || far)
      || (x.earliest || far).localeCompare(y.earliest || far) || x.line - y.line);
    out.next = out.steps.find((s) => s.state !== "missing") || null;
    return out;
  }

  // ---------------------------------------------------------------- the ledger file (read.py)
  const columnsOf = (data) => {
    const cols = { name: [data.name, ...data.name_aliases] };
    for (const d of [...data.dates, ...data.events]) cols[d.id] = [d.column, d.label, ...d.aliases];
    if (data.extension) cols["extension-length"] = [data.extension.column, ...data.extension.aliases];
    return cols;
  };
  const textOf = (v) => (typeof v === "boolean" ? (v ? "TRUE" : "FALSE") : String(v).trim());
  const parsed = new Map(); // a ledger repeats the same dates: each text is read once
  const dateCell = (v) => {
    if (typeof v === "boolean" || (typeof v === "number" && !Number.isInteger(v))) return ["", fmt(T.not_a_date, { raw: clip(textOf(v)) })];
    const text = textOf(v);
    let r = parsed.get(text);
    if (!r) {
      if (parsed.size > 50000) parsed.clear();
      parsed.set(text, (r = parse(text)));
    }
    return r;
  };
  // Long work yields to the page between slices: `await tick()` in a loop.
  const ticker = () => {
    let deadline = performance.now() + SLICE_MS;
    return async () => {
      if (performance.now() < deadline) return;
      await pause();
      deadline = performance.now() + SLICE_MS;
    };
  };
  async function readLedger(grids, data) {
    const tick = ticker();
    const { findHeader, columnLetter, cell } = window.portalSheets, cols = columnsOf(data);
    for (const grid of grids) {
      const header = findHeader(grid, cols, ["name"]);
      if (!header) continue;
      const { index, written } = header, candidates = [];
      for (const [number, cells] of grid.rows) {
        await tick();
        if (number <= header.row) continue;
        const where = (key) => [columnLetter(index[key]), written[key]];
        const name = textOf(cell(cells, index.name)).slice(0, pk.store.LIMITS.name);
        const known = Object.keys(index).some((k) => k !== "name" && textOf(cell(cells, index[k])));
        if (!name && !known) continue;
        const c = { row: number, name, dates: {}, events: {}, extension: null, problems: [] };
        const problem = (key, message) => { const [column, head] = where(key); c.problems.push({ row: number, column, header: head, message }); };
        if (!name) problem("name", T.no_name);
        for (const d of data.dates) {
          if (!(d.id in index)) continue;
          const [v, err] = dateCell(cell(cells, index[d.id]));
          if (v) c.dates[d.id] = v; else if (err) problem(d.id, err);
        }
        for (const e of data.events) {
          if (!(e.id in index)) continue;
          const parts = textOf(cell(cells, index[e.id])).split(SEPARATORS).filter((p) => p.trim()), days = [];
          if (parts.length > MAX_OCCURRENCES) problem(e.id, fmt(T.too_many_dates, { most: MAX_OCCURRENCES }));
          else for (const p of parts) { const [v, err] = dateCell(p); if (v) days.push(v); else if (err) problem(e.id, err); }
          c.events[e.id] = days.sort();
        }
        if ("extension-length" in index && data.extension) {
          const text = textOf(cell(cells, index["extension-length"]));
          if (text) {
            const n = monthsOf(text), x = data.extension;
            if (n === null || n < x.min || n > x.max) problem("extension-length", fmt(T.bad_extension, { raw: clip(text), min: x.min, max: x.max }));
            else c.extension = n;
          }
        }
        candidates.push(c);
      }
      return { sheet: grid.name, row: header.row, written, unknown: header.unknown, candidates };
    }
    return null;
  }

  // ---------------------------------------------------------------- the table (table.py)
  const stepName = (r) => (r.local ? fmt(T.local_mark, { name: r.deadline || r.title }) : r.deadline || r.title);
  const stageLabel = (data, o) => {
    const s = data.stages.find((x) => x.id === o.stage);
    const label = s ? s.label : T.no_stage;
    return o.extended && s && !s.closed ? fmt(T.extended_stage, { stage: label }) : label;
  };
  const names = (steps) => steps.map((s) => (s.latest ? `${stepName(s.rule)}（${s.latest}）` : stepName(s.rule))).join(T.list_sep);
  const rank = (e) => {
    const n = e.o.next;
    if (!n) return [3, "9999-12-31"];
    return [n.state === "overdue" ? 0 : n.latest ? 1 : 2, n.latest || n.earliest || "9999-12-31"];
  };
  async function build(data, candidates, today) {
    const tick = ticker(), entries = [];
    for (const c of candidates) {
      await tick();
      entries.push({ c, o: outlook(data, c.dates, today, c.events, c.extension) });
    }
    entries.sort((a, b) => {
      const [x, y] = [rank(a), rank(b)];
      return x[0] - y[0] || x[1].localeCompare(y[1]) || a.c.row - b.c.row;
    });
    return entries;
  }
  const title = (r) => (r.local ? fmt(T.local_mark, { name: r.title }) : r.title);
  // The unit's own duties still ahead, apart from the edition's (table.py local_steps).
  const localSteps = (steps) => steps.filter((s) => s.rule.local && s.state !== "missing").map((s) =>
    fmt(s.latest ? T.local_step : T.local_step_open, { step: s.rule.deadline || s.rule.title, day: s.latest || s.earliest || "",
      state: T[`state_${s.state}`] })).join(T.list_sep);
  function row(data, e) {
    const { c, o } = e, n = o.next, by = (s) => data.rules.filter((r) => o.findings[r.id] === s).map(title).join(T.list_sep);
    return [String(c.row), c.name, stageLabel(data, o), n ? stepName(n.rule) : "", n ? n.earliest || "" : "", n ? n.latest || "" : "",
      n && n.days !== null ? String(n.days) : "", names(o.steps.filter((s) => s.state === "overdue")), localSteps(o.steps),
      names(o.steps.filter((s) => s.state === "missing")), by("broken"), by("warning"),
      c.problems.map((p) => `${p.column}${p.row}`).join(T.list_sep)];
  }

  // ---------------------------------------------------------------- exports
  // A small xlsx writer (stored zip, shared nothing): every cell is an inline string, so nothing
  // is ever a formula, whatever it starts with.
  const CRC = (() => {
    const t = new Uint32Array(256);
    for (let n = 0; n < 256; n++) { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; t[n] = c >>> 0; }
    return t;
  })();
  const crc32 = (b) => { let c = 0xffffffff; for (let i = 0; i < b.length; i++) c = CRC[(c ^ b[i]) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
  const zip = (files) => {
    const enc = new TextEncoder(), chunks = [], central = [];
    let offset = 0;
    for (const [name, text] of files) {
      const n = enc.encode(name), d = enc.encode(text), crc = crc32(d), h = new DataView(new ArrayBuffer(30));
      [[0, 0x04034b50, 4], [4, 20, 2], [6, 0x800, 2], [14, crc, 4], [18, d.length, 4], [22, d.length, 4], [26, n.length, 2]]
        .forEach(([o, v, s]) => (s === 4 ? h.setUint32(o, v, true) : h.setUint16(o, v, true)));
      const c = new DataView(new ArrayBuffer(46));
      [[0, 0x02014b50, 4], [4, 20, 2], [6, 20, 2], [8, 0x800, 2], [16, crc, 4], [20, d.length, 4], [24, d.length, 4], [28, n.length, 2], [42, offset, 4]]
        .forEach(([o, v, s]) => (s === 4 ? c.setUint32(o, v, true) : c.setUint16(o, v, true)));
      chunks.push(h, n, d);
      central.push(c, n);
      offset += 30 + n.length + d.length;
    }
    const size = central.reduce((s, x) => s + x.byteLength, 0), end = new DataView(new ArrayBuffer(22));
    [[0, 0x06054b50, 4], [8, files.length, 2], [10, files.length, 2], [12, size, 4], [16, offset, 4]]
      .forEach(([o, v, s]) => (s === 4 ? end.setUint32(o, v, true) : end.setUint16(o, v, true)));
    return new Blob([...chunks, ...central, end], { type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" });
  };
  const xml = (s) => String(s).replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/g, "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
  const sheetXml = (rows) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet ${NS}><sheetData>${rows.map((r, i) =>
    `<row r="${i + 1}">${r.map((v) => `<c t="inlineStr"><is><t xml:space="preserve">${xml(v)}</t></is></c>`).join("")}</row>`).join("")}</sheetData></worksheet>`;
  const workbook = (name, rows) => zip([
    ["[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'],
    ["_rels/.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'],
    ["xl/_rels/workbook.xml.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'],
    ["xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?><workbook ${NS} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="${xml(name)}" sheetId="1" r:id="rId1"/></sheets></workbook>`],
    ["xl/worksheets/sheet1.xml", sheetXml(rows)],
  ]);
  // iCalendar (ics.py): all-day events, stable UIDs, CRLF, lines folded at 75 octets.
  const initial = (name) => {
    name = name.trim();
    if (!name) return "";
    return /^[\x00-\x7f]*$/.test(name) ? name.split(/\s+/).map((p) => p[0].toUpperCase() + ".").join(" ") : [...name][0] + "某";
  };
  const escapeIcs = (s) => s.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r\n|\n|\r/g, "\\n");
  const enc = new TextEncoder();
  const fold = (line) => {
    const out = [];
    let cur = "", size = 0;
    for (const ch of line) {
      const n = enc.encode(ch).length;
      if (size + n > 75) { out.push(cur); cur = " "; size = 1; }
      cur += ch;
      size += n;
    }
    out.push(cur);
    return out.join("\r\n");
  };
  // ics.py uid: FNV-1a from four offsets over the UTF-8 bytes (no crypto.subtle on plain http).
  const uid = (text) => [0x811c9dc5, 0x01000193, 0x9e3779b9, 0x7f4a7c15].map((seed) => {
    let h = seed;
    for (const b of enc.encode(text)) h = Math.imul(h ^ b, 0x01000193) >>> 0;
    return h.toString(16).padStart(8, "0");
  }).join("") + "@ledger.portalkit";
  async function calendar(data, entries, full) {
    const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d+/, "");
    const lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//portalkit//ledger//ZH", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
      `X-WR-CALNAME:${escapeIcs(T.ics_name)}`];
    for (const { c, o } of entries) {
      const name = full ? c.name : initial(c.name);
      for (const s of o.steps) {
        if (!s.latest || s.state === "missing") continue;
        lines.push("BEGIN:VEVENT", `UID:${uid(`${data.edition}\n${c.name}\n${s.rule.id}`)}`, `DTSTAMP:${stamp}`, `DTSTART;VALUE=DATE:${s.latest.replace(/-/g, "")}`,
          `DTEND;VALUE=DATE:${addDays(s.latest, 1).replace(/-/g, "")}`, `SUMMARY:${escapeIcs(fmt(T.ics_summary, { name, step: stepName(s.rule) }))}`,
          `DESCRIPTION:${escapeIcs(fmt(T.ics_description, { rule: s.rule.title, basis: s.rule.basis || "—" }))}`, "TRANSP:TRANSPARENT", "END:VEVENT");
      }
    }
    lines.push("END:VCALENDAR");
    return lines.map((l) => fold(l) + "\r\n").join("");
  }

  const pause = () => new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => resolve();
    ch.port2.postMessage(0);
  });

  // ---------------------------------------------------------------- the page
  function init(root) {
    const { h, fill, dataOf, download, csvText } = pk.ui;
    const data = dataOf(root), $ = (sel) => root.querySelector(sel);
    T = data.t.ledger;
    const S = data.t.sheets || {};
    const key = `${root.dataset.store}:ledger:${data.edition}`;
    const schema = {
      empty: () => ({ v: 1, kept: { v: "", t: 0 } }),
      clean(p) {
        const out = schema.empty();
        if (!pk.store.isObj(p) || p.v !== 1) return [out, 1];
        const k = p.kept;
        if (pk.store.isObj(k) && typeof k.v === "string" && k.v.length <= pk.store.LIMITS.keptLedger && pk.store.isTime(k.t)) out.kept = { v: k.v, t: k.t };
        else if (k !== undefined) return [out, 1];
        return [out, 0];
      },
    };
    const record = pk.store.open(key, schema);
    $(".portal-ledger__static").remove();
    root.append($(".portal-ledger__ui").content.cloneNode(true));
    const status = $(".portal-ledger__status"), out = $(".portal-ledger__out"), tools = $(".portal-ledger__tools");
    const remember = $(".portal-ledger__remember"), file = $(".portal-ledger__file");
    const dateBox = $(".portal-ledger__asof");
    let entries = [], job = 0, kept = null;
    const hasLocal = data.rules.some((r) => r.local); // the unit's own duties get a column of their own
    dateBox.value = todayInBeijing();

    const show = () => {
      const within = $(".portal-ledger__within").value, stage = $(".portal-ledger__stage").value, today = dateBox.value;
      // "overdue": something is overdue; 30 / 90: a deadline falls within that many days (or has passed)
      const limit = /^\d+$/.test(within) ? addDays(today, +within) : null;
      const late = (e) => e.o.steps.some((s) => s.state === "overdue");
      const shown = entries.filter((e) => (!stage || e.o.stage === stage) && (within === "all"
        || (within === "overdue" ? late(e) : late(e) || e.o.steps.some((s) => s.state === "open" && s.latest && s.latest <= limit))));
      const drawn = shown.slice(0, MAX_ROWS);
      fill(out,
        h("p", { class: "portal-ledger__count" }, fmt(T.shown, { shown: shown.length, all: entries.length })),
        shown.length > MAX_ROWS ? h("p", {}, fmt(T.more_rows, { n: MAX_ROWS })) : null,
        drawn.length ? h("div", { class: "portal-ledger__scroll", tabindex: "0", role: "region", "aria-label": T.table_label },
          h("table", { class: "portal-ledger__table" },
            h("thead", {}, h("tr", {}, [T.head_name, T.head_stage, T.head_next, T.head_deadline, T.head_days, hasLocal ? T.head_local : null, T.head_flags]
              .filter(Boolean).map((c) => h("th", { scope: "col" }, c)))),
            h("tbody", {}, drawn.map((e) => {
              const n = e.o.next, overdue = e.o.steps.filter((s) => s.state === "overdue"), broken = data.rules.filter((r) => e.o.findings[r.id] === "broken");
              return h("tr", { "data-row": String(e.c.row), "data-state": n ? n.state : "none" },
                h("th", { scope: "row" }, e.c.name || fmt(T.row, { row: e.c.row })),
                h("td", {}, stageLabel(data, e.o)),
                h("td", {}, n ? h("a", { href: n.rule.see }, stepName(n.rule)) : T.nothing),
                h("td", {}, n ? n.latest || (n.earliest ? fmt(T.from_day, { day: n.earliest }) : "") : ""),
                h("td", {}, n && n.days !== null ? (n.days < 0 ? fmt(T.days_over, { n: -n.days }) : fmt(T.days_left, { n: n.days })) : ""),
                hasLocal ? h("td", { class: "portal-ledger__local-duty" }, localSteps(e.o.steps)) : null,
                h("td", {}, overdue.length ? h("p", { class: "portal-ledger__overdue" }, fmt(T.overdue, { list: names(overdue) })) : null,
                  broken.length ? h("p", { class: "portal-ledger__broken" }, fmt(T.broken, { list: broken.map(title).join(T.list_sep) })) : null,
                  h("details", { class: "portal-ledger__steps" }, h("summary", {}, fmt(T.all_steps, { n: e.o.steps.length })),
                    // the edition's steps, then the unit's own requirements apart
                    [false, true].map((local) => {
                      const steps = e.o.steps.filter((s) => !!s.rule.local === local);
                      return steps.length ? [local ? h("p", { class: "portal-ledger__local" }, T.local_heading) : null,
                        h("ul", {}, steps.map((s) => h("li", { "data-rule": s.rule.id, "data-state": s.state },
                          h("a", { href: s.rule.see }, stepName(s.rule)), " ", fmt(T.window, { from: s.earliest || "—", to: s.latest || T.no_deadline }),
                          " ", h("span", { class: "portal-ledger__state" }, T[`state_${s.state}`]))))] : null;
                    }),
                    h("button", { type: "button", class: "md-button portal-ledger__timeline" }, T.print_timeline))));
            })))) : null);
    };
    // One candidate's timeline on one A4 page for the dossier check: every date, every rule with
    // its window or limit and its finding, and the steps still ahead.
    const printTimeline = (e) => {
      const { c, o } = e, label = Object.fromEntries([...data.dates, ...data.events].map((d) => [d.id, d.label]));
      const dates = data.dates.filter((d) => c.dates[d.id]).map((d) => [d.label, c.dates[d.id]]);
      for (const ev of data.events) for (const day of c.events[ev.id] || []) dates.push([ev.label, day]);
      dates.sort((x, y) => x[1].localeCompare(y[1]));
      const pending = Object.fromEntries(o.steps.map((s) => [s.rule.id, s]));
      const sheet = h("div", { class: "portal-ledger__print" },
        h("h2", {}, fmt(T.timeline_title, { name: c.name || fmt(T.row, { row: c.row }) })),
        h("p", {}, fmt(T.timeline_meta, { stage: stageLabel(data, o), day: dateBox.value, edition: data.edition })),
        h("table", {}, h("thead", {}, h("tr", {}, h("th", { scope: "col" }, T.timeline_date), h("th", { scope: "col" }, T.timeline_what))),
          h("tbody", {}, dates.map(([what, day]) => h("tr", {}, h("td", {}, day), h("td", {}, what))))),
        h("table", {}, h("thead", {}, h("tr", {}, [T.timeline_rule, T.timeline_window, T.timeline_result].map((x) => h("th", { scope: "col" }, x)))),
          h("tbody", {}, data.rules.filter((r) => c.dates[r.from]).map((r) => {
            const s = pending[r.id], f = o.findings[r.id];
            return h("tr", {}, h("td", {}, title(r), r.basis ? `（${r.basis}）` : ""),
              h("td", {}, s ? fmt(T.window, { from: s.earliest || "—", to: s.latest || T.no_deadline }) : `${label[r.from]} → ${label[r.to]}`),
              h("td", {}, s ? [T[`state_${s.state}`], f === "broken" || f === "warning" ? T.list_sep + T[`finding_${f}`] : ""].join("")
                : T[`finding_${f}`]));
          }))));
      // Beside the page, not in it: printing hides everything else, so the timeline is one page.
      document.querySelectorAll("body > .portal-ledger__print").forEach((x) => x.remove());
      document.body.append(sheet);
      document.body.classList.add("portal-ledger-printing");
      const done = () => { document.body.classList.remove("portal-ledger-printing"); sheet.remove(); window.removeEventListener("afterprint", done); };
      window.addEventListener("afterprint", done);
      window.print();
    };
    out.addEventListener("click", (ev) => {
      const button = ev.target.closest(".portal-ledger__timeline");
      if (!button) return;
      const rowNumber = button.closest("tr").dataset.row, e = entries.find((x) => String(x.c.row) === rowNumber);
      if (e) printTimeline(e);
    });
    const load = async (grids, name) => {
      const my = ++job;
      await needSheets();
      const ledger = await readLedger(grids, data);
      if (my !== job || !root.isConnected) return;
      if (!ledger) { fill(out); tools.hidden = true; status.textContent = fmt(T.no_header, { file: name }); return; }
      const built = await build(data, ledger.candidates, dateBox.value);
      if (my !== job || !root.isConnected) return;
      entries = built;
      const problems = ledger.candidates.flatMap((c) => c.problems);
      status.textContent = [fmt(T.read, { file: name, sheet: ledger.sheet ? fmt(T.sheet, { name: ledger.sheet }) : "", row: ledger.row, n: ledger.candidates.length }),
        fmt(T.understood, { columns: Object.values(ledger.written).join(T.list_sep) }),
        ledger.unknown.length ? fmt(T.not_understood, { columns: ledger.unknown.map((u) => clip(u)).join(T.list_sep) }) : "",
        problems.length ? fmt(T.problems, { n: problems.length }) : ""].filter(Boolean).join(" ");
      const list = $(".portal-ledger__problems");
      fill(list, problems.slice(0, 100).map((p) => h("li", {}, fmt(T.cell_problem, { file: name, row: p.row, column: p.column, header: p.header, message: p.message }))));
      tools.hidden = false;
      show();
    };
    const remembered = (grids, name) => {
      if (!remember.checked) return;
      const text = JSON.stringify({ name, grids });
      record.update((v) => { v.kept = text.length <= pk.store.LIMITS.keptLedger ? { v: text, t: pk.store.now() } : { v: "", t: pk.store.now() }; }, root);
      if (text.length > pk.store.LIMITS.keptLedger) status.textContent += " " + T.not_kept;
    };
    file.addEventListener("change", async () => {
      const f = file.files[0];
      file.value = "";
      if (!f) return;
      status.textContent = fmt(T.reading, { file: f.name });
      try {
        await needSheets();
        const { grids } = await window.portalSheets.read(f);
        kept = { name: f.name, grids };
        remembered(grids, f.name);
        await load(grids, f.name);
      } catch (e) {
        job++;
        status.textContent = fmt(T.unreadable, { file: f.name, reason: e.code ? fmt(S[e.code] || e.code, e.fields) : T.not_read });
      }
    });
    $(".portal-ledger__open").addEventListener("click", () => file.click());
    remember.addEventListener("change", () => {
      if (remember.checked && kept) remembered(kept.grids, kept.name);
      if (!remember.checked) record.update((v) => { v.kept = { v: "", t: pk.store.now() }; }, root);
    });
    root.querySelectorAll(".portal-ledger__within, .portal-ledger__stage").forEach((el) => el.addEventListener("change", show));
    dateBox.addEventListener("change", () => {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(dateBox.value)) dateBox.value = todayInBeijing();
      if (kept) load(kept.grids, kept.name);
    });
    $(".portal-ledger__template").addEventListener("click", () => download(T.template_name, "text/csv;charset=utf-8", csvText([data.template])));
    $(".portal-ledger__template-xlsx").addEventListener("click", () => download(T.template_xlsx_name,
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", workbook("台账", [data.template])));
    const table = () => [HEAD, ...entries.map((e) => row(data, e))];
    $(".portal-ledger__csv").addEventListener("click", () => download(fmt(T.export_name, { day: dateBox.value, ext: "csv" }), "text/csv;charset=utf-8", csvText(table())));
    $(".portal-ledger__xlsx").addEventListener("click", () => download(fmt(T.export_name, { day: dateBox.value, ext: "xlsx" }),
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", workbook("台账", table())));
    $(".portal-ledger__ics").addEventListener("click", async () => {
      const full = $(".portal-ledger__names").value === "full";
      download(fmt(T.export_name, { day: dateBox.value, ext: "ics" }), "text/calendar;charset=utf-8", await calendar(data, entries, full));
    });
    $(".portal-ledger__clear").addEventListener("click", () => {
      if (!confirm(T.clear_confirm)) return;
      pk.store.clear(key);
      remember.checked = false;
      kept = null;
      entries = [];
      job++;
      fill(out);
      fill($(".portal-ledger__problems"));
      tools.hidden = true;
      status.textContent = T.cleared;
    });
    // A ledger kept on this computer is shown again.
    const saved = record.value.kept.v;
    if (saved) {
      try {
        const k = JSON.parse(saved);
        if (k && typeof k.name === "string" && Array.isArray(k.grids)) {
          remember.checked = true;
          kept = { name: k.name, grids: k.grids };
          load(k.grids, k.name).catch(() => { status.textContent = T.not_read; });
        }
      } catch (e) { /* set aside by the schema next time */ }
    }
  }

  (pk.blocks = pk.blocks || {}).ledger = { selector: "[data-ledger]", needs: ["store", "dates"], init };
  window.portalLedger = { outlook, parse, addMonths, monthsOf, readLedger, build, row, calendar, fold, initial,
    setText: (t) => { T = t; } };
  if (pk.start) pk.start();
})();
