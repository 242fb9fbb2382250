/* Dossier date checker (/// datecheck | <edition>): a block module of the portal runtime.
 * The rules come from the block's JSON (rules/<edition>.yml and the site's rules/local/), the form
 * from its <template>. The rule definitions are those of portalkit/datecheck/evaluate.py
 * (check_dossier); both pass tests/datecheck_vectors.yml. The format is the ledger's: each
 * recurring date (each assessment, each 思想汇报) in one field or cell, separated by ；、 or line
 * breaks, and an extended probation's decision date and length (months).
 * State: one store record `${store}:datecheck:${edition}` = {v: 3, dates: {id: {v: text, t}},
 * events: {id: {v: text, t}}, length: {v: text, t}, csv: {v: text, t, n?}, keep?: {v: bool, t}},
 * each field its own register, so two tabs editing different fields both keep their edits.
 * Versions 1 and 2 (no events, no length) are migrated as they are. A batch holds personal data:
 * like the ledger's, it is stored only when the reader ticks "remember on this computer" (`keep`),
 * and then only up to LIMITS.keptText (n = the length of one too long to keep). A batch stored
 * before `keep` existed counts as remembered, so nothing the reader had is lost. Large batches are
 * checked in slices that yield to the page, and only the first MAX_ROWS results are drawn; the
 * export has all of them. Nothing leaves the browser. */
(() => {
  "use strict";
  const pk = (window.portalKit = window.portalKit || {});
  if (pk.blocks && pk.blocks.datecheck) return;

  // ---------------------------------------------------------------- interface text
  // The block's `t.datecheck` (the site's message catalog), set when a checker starts: one site,
  // one language. The results export keeps fixed column names (file format), like the template.
  let T = {};
  const fmt = (message, fields) => pk.ui.fmt(message, fields);
  const EXPORT_HEAD = ["行", "", "违反的规则", "提醒", "无法核对的规则数（缺少日期）", "无法读取的日期"]; // "": the name column
  const LOCAL_HEAD = "本单位要求"; // after 提醒, when the site has local rules
  const DATE_TEXT = 100; // characters kept of one typed date
  const EVENT_TEXT = 2400; // characters kept of one field of recurring dates
  const MAX_OCCURRENCES = 200; // dates in one field or cell, as the ledger (ledger/read.py)
  const SEPARATORS = /[;；、,，\r\n]+/;
  const own = (o, k) => Object.prototype.hasOwnProperty.call(o, k);
  const MAX_ROWS = 100; // result rows drawn on the page (the export has all)
  const MAX_NOTES = 100; // cell problems listed on the page
  const SLICE_MS = 12; // work between two yields to the page

  // ---------------------------------------------------------------- dates (dates.js, shared with the ledger)
  // Looked up when called: on instant navigation dates.js may run after this module.
  const D = () => pk.dates;
  const addMonths = (s, n) => D().addMonths(s, n), addDays = (s, n) => D().addDays(s, n);
  const shift = (s, n, unit) => D().shift(s, n, unit), clip = (s, max) => D().clip(s, max);
  const monthsOf = (text) => D().monthsOf(text), recurring = (...a) => D().recurring(...a);
  const todayInBeijing = () => D().todayInBeijing();
  const parse = (text) => D().read(text, T);
  // A batch repeats the same dates many times: parse each distinct text once.
  const cache = new Map();
  const parseCached = (raw) => {
    if (raw.length > 100) return parse(raw);
    let r = cache.get(raw);
    if (!r) {
      if (cache.size > 20000) cache.clear();
      cache.set(raw, (r = parse(raw)));
    }
    return r;
  };
  // A field or cell of recurring dates -> [sorted ISO dates, errors].
  const parseMany = (text) => {
    const parts = String(text == null ? "" : text).split(SEPARATORS).filter((p) => p.trim()), days = [], errors = [];
    if (parts.length > MAX_OCCURRENCES) return [[], [fmt(T.too_many_dates, { most: MAX_OCCURRENCES })]];
    for (const part of parts) {
      const [v, err] = parseCached(part.trim());
      if (v) days.push(v); else if (err) errors.push(err);
    }
    return [days.sort(), errors];
  };
  // One finding: {id, status: met|warning|broken|unknown, bound, ext} (evaluate.py evaluate_rule).
  const evaluateRule = (r, dates, events, plus, today) => {
    const a = dates[r.from], b = dates[r.to], unknown = { id: r.id, status: "unknown", bound: null, ext: null };
    if (!a) return unknown;
    if (r.kind === "every") {
      if (!own(events, r.event)) return unknown;
      const [lastDay, missed] = recurring(r, a, b || today || null, events[r.event]);
      if (missed) return { id: r.id, status: r.severity === "warning" ? "warning" : "broken", bound: missed, ext: null };
      return b ? { ...unknown, status: "met" } : { ...unknown, bound: shift(lastDay, r.amount, r.unit) };
    }
    const bound = r.kind === "order" ? a : r.kind === "duration" ? addDays(a, r.amount - 1)
      : plus ? addMonths(a, r.amount * (r.unit === "years" ? 12 : 1) + plus) : shift(a, r.amount, r.unit);
    const ext = r.extended ? shift(a, r.extended, r.unit) : null;
    let status = "unknown";
    if (b) {
      const ok = r.kind === "max" ? b >= a && b <= bound : r.kind === "exact" ? b === bound : b >= bound;
      status = ok ? "met"
        : (ext && b > bound && b <= ext) || (r.early && b < bound && b >= addDays(bound, -r.early))
          || r.severity === "warning" ? "warning" : "broken";
    }
    return { id: r.id, status, bound, ext };
  };
  // One candidate's findings, rule by rule (evaluate.py check_dossier): `events` has a key for
  // each recurring date whose occurrences are known (an empty list: none recorded); an extended
  // probation adds `length` months to the rules the rules file lists; a recurring duty whose end
  // is unknown is held to `today`, unless a later date of the rules file is known.
  const orders = new WeakMap(); // data -> date id -> its place in the rules file (a batch asks per row)
  const evaluate = (data, dates, events = {}, length = null, today = null) => {
    const ext = data.extension, plus = {};
    if (ext && length && dates[ext.date]) for (const id of ext.rules) plus[id] = length;
    let order = orders.get(data);
    if (!order) orders.set(data, (order = Object.fromEntries(data.dates.map((d, i) => [d.id, i]))));
    const reached = Math.max(-1, ...Object.keys(dates).filter((k) => own(order, k)).map((k) => order[k]));
    return data.rules.map((r) => evaluateRule(r, dates, events, plus[r.id] || 0,
      r.kind === "every" && reached <= (order[r.to] || 0) ? today : null));
  };

  // ---------------------------------------------------------------- files and CSV
  // Comma- or tab-separated (Excel's "Unicode 文本" and a table copied from Excel use tabs);
  // rows are read one at a time, so a large batch can be read in slices.
  const csvReader = (text) => {
    const n = text.length, nl = text.indexOf("\n"), sep = text.slice(0, nl < 0 ? n : nl).includes("\t") ? "\t" : ",";
    let i = 0;
    return {
      get pos() { return Math.min(i, n); },
      next() {
        if (i > n) return null;
        const row = [];
        let cell = "", quoted = false;
        for (; i < n; i++) {
          const c = text[i];
          if (quoted) {
            if (c !== '"') cell += c;
            else if (text[i + 1] === '"') { cell += c; i++; } else quoted = false;
          } else if (c === '"' && !cell) quoted = true;
          else if (c === sep) { row.push(cell); cell = ""; }
          else if (c === "\n") { row.push(cell); i++; return row; }
          else if (c !== "\r") cell += c;
        }
        row.push(cell);
        i = n + 1;
        return row;
      },
    };
  };
  // Files that are not text: images, archives (an .xlsx is a zip), old Office files, PDF, gzip.
  const SIGNATURES = [[0x89, 0x50, 0x4e, 0x47], [0x50, 0x4b, 0x03, 0x04], [0x50, 0x4b, 0x05, 0x06],
    [0xd0, 0xcf, 0x11, 0xe0], [0x25, 0x50, 0x44, 0x46], [0xff, 0xd8, 0xff], [0x47, 0x49, 0x46, 0x38], [0x1f, 0x8b]];
  // Bytes → text, or null for a binary file. UTF-16 with a byte order mark (Excel's "Unicode
  // 文本"), UTF-8 with or without one, and otherwise GBK (a CSV saved by Chinese Excel).
  const decode = (buf) => {
    const b = new Uint8Array(buf);
    let text;
    if (b[0] === 0xff && b[1] === 0xfe) text = new TextDecoder("utf-16le").decode(b);
    else if (b[0] === 0xfe && b[1] === 0xff) text = new TextDecoder("utf-16be").decode(b);
    else if (SIGNATURES.some((sig) => sig.every((x, i) => b[i] === x)) || b.subarray(0, 65536).includes(0)) return null;
    else {
      try { text = new TextDecoder("utf-8", { fatal: true }).decode(b); } catch (e) { text = new TextDecoder("gbk").decode(b); }
    }
    return text.slice(0, 65536).includes("\u0000") ? null : text.replace(/^\ufeff/, "");
  };
  const megabytes = (bytes) => `${(bytes / 1048576).toFixed(1).replace(/\.0$/, "")} MB`;
  // Yields to the page: input, painting and timers run, then the work goes on (a message task,
  // not setTimeout, which waits at least 4 ms once nested).
  const pause = () => new Promise((resolve) => {
    const c = new MessageChannel();
    c.port1.onmessage = () => resolve();
    c.port2.postMessage(0);
  });

  function init(root) {
    const { h, fill, dataOf, download, csvText, recordProblem, storageWarning } = pk.ui;
    const { LIMITS, dict, entries, own, isObj, isTime, now } = pk.store;
    const data = dataOf(root), $ = (sel) => root.querySelector(sel);
    T = data.t.datecheck;
    const label = dict(data.dates.map((d) => [d.id, d.label]));
    const events = data.events || [], eventLabel = dict(events.map((e) => [e.id, e.label]));
    const hasLocal = data.rules.some((r) => r.local);
    const named = (r) => (r.local ? fmt(T.local_mark, { name: r.title }) : r.title);

    // ------------------------------------------------ state
    // Older formats are migrated: {v:1, dates: {id: text}, csv: text} and {v:2, dates, csv, keep}
    // (no recurring dates, no extension length); what does not fit (unknown ids, values that are
    // not text or too long) is set aside and counted. A batch stored by version 1 that is too
    // long to keep is read once more, then dropped.
    let legacy = null, migrated = false;
    const empty = () => ({ v: 3, dates: dict(), events: dict(), length: { v: "", t: 0 }, csv: { v: "", t: 0 }, keep: { v: false, t: 0 } });
    const register = (d, most) => (isObj(d) && typeof d.v === "string" && isTime(d.t) && d.v.length <= most ? { v: d.v, t: d.t } : null);
    const schema = {
      empty,
      clean(p) {
        const out = empty();
        if (!isObj(p) || ![1, 2, 3].includes(p.v)) return [out, 1];
        const v1 = p.v === 1;
        let bad = p.dates === undefined || isObj(p.dates) ? 0 : 1;
        for (const [id, d] of entries(p.dates)) {
          const reg = v1 ? (typeof d === "string" && d.length <= DATE_TEXT ? { v: d, t: 0 } : null) : register(d, DATE_TEXT);
          if (own(label, id) && reg) out.dates[id] = reg;
          else bad++;
        }
        if (p.v === 3) {
          bad += p.events === undefined || isObj(p.events) ? 0 : 1;
          for (const [id, d] of entries(p.events)) {
            const reg = register(d, EVENT_TEXT);
            if (own(eventLabel, id) && reg) out.events[id] = reg;
            else bad++;
          }
          const n = register(p.length, DATE_TEXT);
          if (n) out.length = n;
          else if (p.length !== undefined) bad++;
        }
        const c = p.csv;
        if (v1 && typeof c === "string") {
          if (c.length <= LIMITS.keptText) out.csv = { v: c, t: 0 };
          else legacy = c;
        } else if (!v1 && isObj(c) && typeof c.v === "string" && c.v.length <= LIMITS.keptText && isTime(c.t)
            && (c.n === undefined || (Number.isInteger(c.n) && c.n > 0))) {
          out.csv = c.n ? { v: c.v, t: c.t, n: c.n } : { v: c.v, t: c.t };
        } else if (c !== undefined) bad++;
        const k = p.keep;
        if (isObj(k) && typeof k.v === "boolean" && isTime(k.t)) out.keep = { v: k.v, t: k.t };
        else if (k !== undefined) bad++;
        else if (out.csv.v || out.csv.n || legacy != null) out.keep = { v: true, t: 0 }; // stored before the choice existed
        migrated = migrated || p.v !== 3;
        return [out, bad];
      },
    };
    const record = pk.store.open(`${root.dataset.store}:datecheck:${data.edition}`, schema);
    const oldBatch = legacy;
    const change = (fn) => { record.update(fn, root); storageWarning(root); };
    if (oldBatch != null) change((v) => { v.csv = { v: "", t: now(), n: oldBatch.length }; });
    else if (migrated) change(() => {});
    legacy = null;

    $(".portal-dc__static").remove();
    root.append($(".portal-dc__ui").content.cloneNode(true));
    recordProblem(root, record);
    storageWarning(root);
    // every field of the form: [input, where its text is stored, how many characters are kept]
    const fields = [...root.querySelectorAll("[data-date]")].map((el) => [el, (v) => v.dates, el.dataset.date, DATE_TEXT])
      .concat([...root.querySelectorAll("[data-event]")].map((el) => [el, (v) => v.events, el.dataset.event, EVENT_TEXT]));
    const lengthBox = $("[data-length]"); // absent from a template copied before it existed
    const inputs = fields.map(([el]) => el).concat(lengthBox ? [lengthBox] : []);
    const stored = (value, el) => {
      if (el === lengthBox) return value.length.v;
      const [, place, id] = fields.find(([x]) => x === el), map = place(value);
      return own(map, id) ? map[id].v : "";
    };

    // ------------------------------------------------ one candidate
    // A date that cannot be read is explained once the reader leaves the field (not mid-typing).
    const explain = (input, err) => {
      const box = $(`#${input.getAttribute("aria-describedby").split(" ").pop()}`);
      if (!err || input !== document.activeElement) {
        box.textContent = err || "";
        err ? input.setAttribute("aria-invalid", "true") : input.removeAttribute("aria-invalid");
      }
    };
    const check = () => {
      const dates = {}, given = {};
      let length = null;
      for (const input of inputs) {
        if (input === lengthBox) {
          const text = input.value.trim(), x = data.extension, n = text ? monthsOf(text) : null;
          const bad = text && x && (n === null || n < x.min || n > x.max);
          explain(input, bad ? fmt(T.bad_extension, { raw: clip(text), min: x.min, max: x.max }) : "");
          if (text && !bad) length = n;
        } else if (input.dataset.event) {
          const [days, errors] = parseMany(input.value);
          explain(input, errors.join(" "));
          if (days.length) given[input.dataset.event] = days; // an empty field: not entered
        } else {
          const [v, err] = parse(input.value);
          explain(input, err);
          if (v) dates[input.dataset.date] = v;
        }
      }
      const found = evaluate(data, dates, given, length, todayInBeijing()), n = { broken: 0, warning: 0, met: 0, unknown: 0 };
      const pairs = found.map((f, i) => [f, data.rules[i]]);
      pairs.filter(([, r]) => !r.local).forEach(([f]) => n[f.status]++);
      $(".portal-dc__summary").textContent = Object.keys(dates).length ? fmt(T.summary, n) : T.empty;
      const rank = Object.keys(n), order = [...pairs].sort((x, y) => rank.indexOf(x[0].status) - rank.indexOf(y[0].status));
      // a recurring duty's limit is a deadline while it runs (its end unknown, nothing missed yet)
      const deadlines = pairs.filter(([f, r]) => r.deadline && f.bound && (r.kind !== "every" || f.status === "unknown"));
      const result = (f, r) => {
        if (f.status !== "unknown") return f.bound ? fmt(r.detail, { bound: f.bound, ext: f.ext }) : "";
        const missing = [r.from, r.to].filter((id) => !dates[id]).map((id) => label[id]);
        if (r.kind === "every" && !own(given, r.event)) missing.splice(1, 0, eventLabel[r.event]);
        return (f.bound && r.kind === "every" ? fmt(r.detail, { bound: f.bound }) + " " : "") + fmt(T.missing, { dates: missing.join(T.date_sep) });
      };
      const list = (local) => h("ol", { class: "portal-dc__list" }, order.filter(([, r]) => !!r.local === local).map(([f, r]) =>
        h("li", { "data-rule": r.id, "data-status": f.status },
          h("span", { class: "portal-dc__badge" }, T[`status_${f.status}`]), " ", pk.ui.parts(T.finding, {
            // the article it rests on, so that a breach names it (《细则》第十一条)
            title: [h("strong", {}, named(r)), r.basis ? fmt(T.basis, { basis: r.basis }) : ""], message: h("span", { html: r.html }), result: result(f, r),
            see: h("a", { href: r.see }, T.source) }))));
      fill($(".portal-dc__out"),
        deadlines.length ? h("p", {}, h("strong", {}, T.deadlines)) : null,
        deadlines.length ? h("ul", { class: "portal-dc__deadlines" }, deadlines.map(([f, r]) =>
          h("li", { "data-rule": r.id }, fmt(T.deadline, { label: r.local ? fmt(T.local_mark, { name: r.deadline }) : r.deadline, date: f.bound }),
            f.ext ? fmt(T.special, { date: f.ext }) : null))) : null,
        list(false),
        hasLocal ? h("p", { class: "portal-dc__local" }, T.local_heading) : null,
        hasLocal ? list(true) : null);
    };
    inputs.forEach((input) => {
      input.value = stored(record.value, input);
      input.addEventListener("input", () => {
        const text = input.value.slice(0, +input.getAttribute("maxlength") || DATE_TEXT), t = now();
        change((v) => {
          if (input === lengthBox) v.length = { v: text, t };
          else {
            const [, place, id] = fields.find(([x]) => x === input);
            place(v)[id] = { v: text, t };
          }
        });
        check();
      });
      // Leaving the field shows what is stored: another tab may have changed it meanwhile.
      input.addEventListener("blur", () => {
        input.value = stored(record.value, input);
        check();
      });
    });
    $(".portal-dc__reset").addEventListener("click", () => {
      if (inputs.some((i) => i.value) && !confirm(T.reset_confirm)) return;
      const t = now();
      inputs.forEach((input) => { input.value = ""; });
      change((v) => {
        for (const d of data.dates) if (own(v.dates, d.id)) v.dates[d.id] = { v: "", t };
        for (const e of events) if (own(v.events, e.id)) v.events[e.id] = { v: "", t };
        v.length = { v: "", t };
      });
      check();
      inputs[0].focus();
    });

    // ------------------------------------------------ a whole branch
    // out: one row of the results table per candidate, as text: [row, name, broken, warnings,
    // rules not checkable, unreadable columns]; all of them go into the export.
    const paste = $(".portal-dc__paste"), file = $(".portal-dc__file"), exporter = $(".portal-dc__export");
    const bsum = $(".portal-dc__bsum"), results = $(".portal-dc__batch");
    let source = $(".portal-dc__source"); // a template copied before it existed has none
    if (!source) paste.parentNode.after((source = h("p", { class: "portal-dc__source", hidden: true })));
    // A file too long to keep is not put into the text box either (laying out megabytes of text
    // in a <textarea> freezes the page): `fileText` holds it until the reader types in the box.
    let out = [], job = 0, fileText = null;
    const useFile = (text, note) => { fileText = text; paste.value = ""; source.textContent = note; source.hidden = false; };
    const dropFile = () => { fileText = null; source.hidden = true; };
    // the unit's own requirements have a column of their own, after the edition's warnings
    const withLocal = (row, local) => (hasLocal ? [...row.slice(0, 4), local, ...row.slice(4)] : row);
    const head = withLocal([T.head_row, data.name, T.head_broken, T.head_warned, T.head_unknown, T.head_bad], T.head_local);
    const ext = data.extension;
    // a header cell -> what its column holds: a date, a recurring date, or the extension's length
    const columnOf = (c) => {
      const is = (x) => x.column === c || x.label === c || (x.aliases || []).includes(c);
      const d = data.dates.find(is);
      if (d) return { kind: "date", id: d.id, column: d.column };
      const e = events.find(is);
      if (e) return { kind: "event", id: e.id, column: e.column };
      return ext && (ext.column === c || ext.aliases.includes(c)) ? { kind: "length", column: ext.column } : null;
    };
    const list = (a) => a.join(T.list_sep) || T.none;

    const batch = async (text, before) => {
      const my = ++job, lead = before || "";
      text = text.replace(/^\ufeff/, "");
      const reader = csvReader(text), first = reader.next().map((c) => c.trim());
      const cols = first.map(columnOf), today = todayInBeijing();
      const blank = !/\S/.test(text);
      const unknown = blank ? [] : first.filter((c, i) => c && !cols[i] && c !== data.name)
        .map((c) => fmt(T.unknown_column, { column: clip(c) }));
      const notes = unknown.slice(0, MAX_NOTES), nameAt = first.indexOf(data.name), stats = { broken: 0, warned: 0, bad: 0, local: 0 };
      let more = unknown.length - notes.length, summary = "", row, i = 1, deadline = performance.now() + SLICE_MS, shown = 0;
      out = [];
      exporter.hidden = true;
      fill(results);
      if (blank) summary = "";
      else if (!cols.some(Boolean)) summary = T.no_columns;
      else {
        while ((row = reader.next())) {
          i++;
          if (row.some((c) => c.trim())) {
            const dates = {}, given = {}, bad = [];
            let length = null;
            const problem = (col, why) => {
              if (!bad.includes(col.column)) bad.push(col.column);
              if (notes.length < MAX_NOTES) notes.push(fmt(T.cell, { row: i, column: col.column, why })); else more++;
            };
            cols.forEach((col, j) => {
              if (!col) return;
              const cell = row[j] || "";
              if (col.kind === "event") { // a column of recurring dates: an empty cell is "none recorded"
                const [days, errors] = parseMany(cell);
                given[col.id] = days;
                errors.forEach((why) => problem(col, why));
              } else if (col.kind === "length") {
                const n = cell.trim() ? monthsOf(cell) : null;
                if (cell.trim() && (n === null || n < ext.min || n > ext.max)) problem(col, fmt(T.bad_extension, { raw: clip(cell.trim()), min: ext.min, max: ext.max }));
                else length = n;
              } else {
                const [v, err] = parseCached(cell);
                if (!err) { if (v) dates[col.id] = v; } else problem(col, err);
              }
            });
            const found = evaluate(data, dates, given, length, today);
            const titles = (s, local) => data.rules.filter((r, k) => found[k].status === s && !!r.local === local).map((r) => r.title);
            const broken = titles("broken", false), warned = titles("warning", false);
            const local = [...titles("broken", true).map((t) => fmt(T.local_status, { title: t, status: T.status_broken })),
              ...titles("warning", true).map((t) => fmt(T.local_status, { title: t, status: T.status_warning }))];
            stats.broken += broken.length > 0;
            stats.warned += !broken.length && warned.length > 0;
            stats.bad += bad.length > 0;
            stats.local += local.length > 0;
            out.push(withLocal([String(i), clip((row[nameAt] || "").trim(), LIMITS.name) || fmt(T.row, { i }), list(broken), list(warned),
              String(found.filter((f) => f.status === "unknown").length), list(bad)], list(local)));
          }
          // A large batch: let the page paint and answer input between slices.
          if ((i & 63) === 0 && performance.now() > deadline) {
            const pct = Math.floor((reader.pos / text.length) * 100);
            if (performance.now() - shown > 500) { bsum.textContent = lead + fmt(T.progress, { rows: i, pct }); shown = performance.now(); }
            await pause();
            if (my !== job || !root.isConnected) return;
            deadline = performance.now() + SLICE_MS;
          }
        }
        summary = out.length ? fmt(T.batch, { n: out.length, ...stats }) + (hasLocal ? fmt(T.batch_local, stats) : "") : T.no_rows;
      }
      exporter.hidden = !out.length;
      bsum.textContent = lead + summary + (remember && remember.checked && text.length > LIMITS.keptText ? T.not_kept : "");
      const drawn = out.slice(0, MAX_ROWS);
      fill(results,
        notes.length ? h("ul", { class: "portal-dc__problems" }, notes.map((n) => h("li", {}, n))) : null,
        more ? h("p", { class: "portal-dc__more" }, fmt(T.more_notes, { n: more })) : null,
        out.length > MAX_ROWS ? h("p", { class: "portal-dc__more" }, fmt(T.shown, { shown: MAX_ROWS, all: out.length })) : null,
        out.length ? h("div", { class: "portal-dc__scroll", tabindex: "0", role: "region", "aria-label": T.table_label },
          h("table", {}, h("thead", {}, h("tr", {}, head.map((c) => h("th", { scope: "col" }, c)))),
            h("tbody", {}, drawn.map((r) => h("tr", { "data-row": r[0], "data-broken": r[2] === T.none ? "0" : "1" },
              r.map((c) => h("td", {}, c))))))) : null);
    };
    // Keeps the batch only when the reader asked to, and only if it is short enough; a longer one
    // is recorded as not kept.
    const remember = $(".portal-dc__remember");
    const keep = (text) => {
      change((v) => {
        v.csv = !remember || !remember.checked ? { v: "", t: now() }
          : text.length <= LIMITS.keptText ? { v: text, t: now() } : { v: "", t: now(), n: text.length };
      });
    };
    if (remember) {
      remember.checked = record.value.keep.v;
      remember.addEventListener("change", () => {
        change((v) => { v.keep = { v: remember.checked, t: now() }; });
        keep(fileText != null && !paste.value ? fileText : paste.value);
      });
    }
    const run = (before) => {
      const text = fileText != null && !paste.value ? fileText : paste.value;
      keep(text);
      return batch(text, before);
    };
    paste.addEventListener("input", () => {
      dropFile();
      keep(paste.value);
    });
    $(".portal-dc__run").addEventListener("click", () => run());
    $(".portal-dc__open").addEventListener("click", () => file.click());
    const refuse = (message) => { job++; bsum.textContent = message; };
    file.addEventListener("change", () => {
      const f = file.files[0];
      file.value = "";
      if (!f) return;
      if (f.size > LIMITS.importBytes) return refuse(fmt(T.too_big, { name: f.name, size: megabytes(f.size), limit: megabytes(LIMITS.importBytes) }));
      f.arrayBuffer().then((buf) => {
        const text = decode(buf);
        if (text == null) return refuse(fmt(T.binary, { name: f.name }));
        if (!/\S/.test(text)) return refuse(fmt(T.empty_file, { name: f.name }));
        if (text.length > LIMITS.keptText) useFile(text, fmt(T.not_shown, { name: f.name, size: megabytes(f.size) }));
        else { dropFile(); paste.value = text; }
        return run(fmt(T.read, { name: f.name }));
      }, () => refuse(fmt(T.unreadable, { name: f.name })));
    });
    // The ledger's columns (ledger/columns.py template_header): the dates in procedure order, the
    // extension's length after its decision date, then the recurring dates.
    const template = () => {
      const head = [data.name];
      for (const d of data.dates) {
        head.push(d.column);
        if (ext && d.id === ext.date) head.push(ext.column);
      }
      return head.concat(events.map((e) => e.column));
    };
    $(".portal-dc__template").addEventListener("click", () =>
      download(T.template_name, "text/csv;charset=utf-8", csvText([template()])));
    exporter.addEventListener("click", () =>
      download(fmt(T.export_name, { edition: data.edition }), "text/csv;charset=utf-8",
        csvText([withLocal(EXPORT_HEAD.map((c) => c || data.name), LOCAL_HEAD), ...out])));
    $(".portal-dc__clear").addEventListener("click", () => {
      if (!confirm(T.clear_confirm)) return;
      pk.store.clear(record.key);
      root.querySelectorAll(":scope > .portal-banner--corrupt").forEach((el) => el.remove());
      inputs.forEach((input) => { input.value = ""; });
      paste.value = "";
      if (remember) remember.checked = false;
      dropFile();
      check();
      batch("");
    });

    // Another tab changed the record: show its dates, except in the field being typed in.
    record.listen(root, (value) => {
      for (const input of inputs) if (input !== document.activeElement) input.value = stored(value, input);
      if (remember) remember.checked = value.keep.v;
      if (value.keep.v && paste !== document.activeElement && !value.csv.n && paste.value !== value.csv.v && paste.value.length <= LIMITS.keptText) {
        paste.value = value.csv.v;
        dropFile();
      }
      check();
    });
    check();
    if (oldBatch != null) {
      useFile(oldBatch, T.old_shown);
      batch(oldBatch);
    } else {
      paste.value = record.value.csv.v;
      batch(paste.value);
      if (record.value.csv.n) bsum.textContent = T.not_kept_before;
    }
  }

  (pk.blocks = pk.blocks || {}).datecheck = { selector: "[data-datecheck]", needs: ["store", "dates"], init };
  window.portalDatecheck = { evaluate, parse, parseMany, monthsOf, addMonths };
  if (pk.start) pk.start();
})();
