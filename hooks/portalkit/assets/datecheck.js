/* Dossier date checker (/// datecheck | <edition>): a block module of the portal runtime.
 * The rules come from the block's JSON (rules/<edition>.yml), the form from its <template>.
 * The rule definitions are those of portalkit/datecheck/evaluate.py; both pass
 * tests/datecheck_vectors.yml. State: one store record `${store}:datecheck:${edition}` =
 * {v: 2, dates: {id: {v: text, t}}, csv: {v: text, t, n?}, keep?: {v: bool, t}}, each date its own
 * register, so two tabs editing different dates both keep their edits. A batch holds personal data:
 * like the ledger's, it is stored only when the reader ticks "remember on this computer" (`keep`),
 * and then only up to LIMITS.keptText (n = the length of one too long to keep). A batch stored
 * before `keep` existed counts as remembered, so nothing the reader had is lost. Large batches are checked in slices that yield to the page, and only
 * the first MAX_ROWS results are drawn; the export has all of them. Nothing leaves the browser. */
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
  const DATE_TEXT = 100; // characters kept of one typed date
  const MAX_ROWS = 100; // result rows drawn on the page (the export has all)
  const MAX_NOTES = 100; // cell problems listed on the page
  const SLICE_MS = 12; // work between two yields to the page

  // ---------------------------------------------------------------- dates (ISO text, compared as text)
  const pad = (n) => String(n).padStart(2, "0");
  const iso = (y, m, d) => `${y}-${pad(m)}-${pad(d)}`;
  const last = (y, m) => new Date(Date.UTC(y, m, 0)).getUTCDate(); // m is 1-based
  const ymd = (s) => s.split("-").map(Number);
  // N months later: the same day, or the last day of the target month if it has no such day.
  const addMonths = (s, n) => {
    const [y, m, d] = ymd(s), t = y * 12 + m - 1 + n, Y = Math.floor(t / 12), M = t - Y * 12 + 1;
    return iso(Y, M, Math.min(d, last(Y, M)));
  };
  const addDays = (s, n) => {
    const [y, m, d] = ymd(s);
    return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
  };
  const shift = (s, n, unit) => unit === "days" ? addDays(s, n) : addMonths(s, unit === "years" ? 12 * n : n);
  // Text from a file is shown at most this long (a cell may be megabytes of garbage).
  const clip = (s, max = 40) => (s.length > max ? s.slice(0, max) + "…" : s);
  // "2026-05-18", "2026/5/18", "2026.5.18", "2026年5月18日", "20260518" → [iso] or ["", why].
  const parse = (text) => {
    const full = String(text == null ? "" : text).trim(), raw = clip(full, 100);
    if (full.length > 100) return ["", fmt(T.not_a_date, { raw })];
    const s = full.normalize("NFKC").replace(/\s+\d{1,2}:\d{2}(:\d{2})?$/, "").replace(/\s+/g, "");
    if (!s) return [""];
    const m = /^(\d{4})(?:([-/.])(\d{1,2})\2(\d{1,2})|年(\d{1,2})月(\d{1,2})日?|(\d{2})(\d{2}))$/.exec(s);
    if (!m) return ["", fmt(T.not_a_date, { raw })];
    const y = +m[1], mo = +(m[3] || m[5] || m[7]), d = +(m[4] || m[6] || m[8]);
    if (y < 1900 || y > 2100) return ["", fmt(T.bad_year, { raw, year: y })];
    if (mo < 1 || mo > 12) return ["", fmt(T.bad_month, { raw })];
    if (d < 1 || d > last(y, mo)) return ["", fmt(T.bad_day, { raw, year: y, month: mo, days: last(y, mo) })];
    return [iso(y, mo, d)];
  };
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
  // One finding per rule: {id, status: met|warning|broken|unknown, bound, ext}.
  const evaluate = (rules, dates) => rules.map((r) => {
    const a = dates[r.from], b = dates[r.to];
    if (!a) return { id: r.id, status: "unknown", bound: null, ext: null };
    const bound = r.kind === "order" ? a : r.kind === "duration" ? addDays(a, r.amount - 1) : shift(a, r.amount, r.unit);
    const ext = r.extended ? shift(a, r.extended, r.unit) : null;
    let status = "unknown";
    if (b) {
      const ok = r.kind === "max" ? b >= a && b <= bound : r.kind === "exact" ? b === bound : b >= bound;
      status = ok ? "met"
        : (ext && b > bound && b <= ext) || (r.early && b < bound && b >= addDays(bound, -r.early))
          || r.severity === "warning" ? "warning" : "broken";
    }
    return { id: r.id, status, bound, ext };
  });

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

    // ------------------------------------------------ state
    // Today's format {v:1, dates: {id: text}, csv: text} is migrated; what does not fit (unknown
    // date ids, values that are not text or too long) is set aside and counted. A batch stored
    // by an older version that is too long to keep is read once more, then dropped.
    let legacy = null, migrated = false;
    const empty = () => ({ v: 2, dates: dict(), csv: { v: "", t: 0 }, keep: { v: false, t: 0 } });
    const schema = {
      empty,
      clean(p) {
        const out = empty();
        if (!isObj(p) || (p.v !== 1 && p.v !== 2)) return [out, 1];
        const v1 = p.v === 1;
        let bad = p.dates === undefined || isObj(p.dates) ? 0 : 1;
        for (const [id, d] of entries(p.dates)) {
          const reg = v1 ? (typeof d === "string" ? { v: d, t: 0 } : null)
            : isObj(d) && typeof d.v === "string" && isTime(d.t) ? { v: d.v, t: d.t } : null;
          if (own(label, id) && reg && reg.v.length <= DATE_TEXT) out.dates[id] = reg;
          else bad++;
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
        migrated = migrated || v1;
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
    const inputs = [...root.querySelectorAll("[data-date]")];
    const dateOf = (value, id) => (own(value.dates, id) ? value.dates[id].v : "");

    // ------------------------------------------------ one candidate
    // A date that cannot be read is explained once the reader leaves the field (not mid-typing).
    const check = () => {
      const dates = {};
      for (const input of inputs) {
        const [v, err] = parse(input.value), box = $(`#${input.getAttribute("aria-describedby")}`);
        if (!err || input !== document.activeElement) {
          box.textContent = err || "";
          err ? input.setAttribute("aria-invalid", "true") : input.removeAttribute("aria-invalid");
        }
        if (v) dates[input.dataset.date] = v;
      }
      const found = evaluate(data.rules, dates), n = { broken: 0, warning: 0, met: 0, unknown: 0 };
      found.forEach((f) => n[f.status]++);
      $(".portal-dc__summary").textContent = Object.keys(dates).length ? fmt(T.summary, n) : T.empty;
      const rank = Object.keys(n), pairs = found.map((f, i) => [f, data.rules[i]]);
      const order = [...pairs].sort((x, y) => rank.indexOf(x[0].status) - rank.indexOf(y[0].status));
      const deadlines = pairs.filter(([f, r]) => r.deadline && f.bound);
      fill($(".portal-dc__out"),
        deadlines.length ? h("p", {}, h("strong", {}, T.deadlines)) : null,
        deadlines.length ? h("ul", { class: "portal-dc__deadlines" }, deadlines.map(([f, r]) =>
          h("li", { "data-rule": r.id }, fmt(T.deadline, { label: r.deadline, date: f.bound }), f.ext ? fmt(T.special, { date: f.ext }) : null))) : null,
        h("ol", { class: "portal-dc__list" }, order.map(([f, r]) => h("li", { "data-rule": r.id, "data-status": f.status },
          h("span", { class: "portal-dc__badge" }, T[`status_${f.status}`]), " ", pk.ui.parts(T.finding, {
            title: h("strong", {}, r.title), message: h("span", { html: r.html }),
            result: f.status === "unknown" ? fmt(T.missing, { dates: [r.from, r.to].filter((id) => !dates[id]).map((id) => label[id]).join(T.date_sep) })
              : fmt(r.detail, { bound: f.bound, ext: f.ext }),
            see: h("a", { href: r.see }, T.source) })))));
    };
    inputs.forEach((input) => {
      input.value = dateOf(record.value, input.dataset.date);
      input.addEventListener("input", () => {
        const id = input.dataset.date, text = input.value.slice(0, DATE_TEXT);
        change((v) => { v.dates[id] = { v: text, t: now() }; });
        check();
      });
      // Leaving the field shows what is stored: another tab may have changed it meanwhile.
      input.addEventListener("blur", () => {
        input.value = dateOf(record.value, input.dataset.date);
        check();
      });
    });
    $(".portal-dc__reset").addEventListener("click", () => {
      if (inputs.some((i) => i.value) && !confirm(T.reset_confirm)) return;
      const t = now();
      inputs.forEach((input) => { input.value = ""; });
      change((v) => { for (const d of data.dates) if (own(v.dates, d.id)) v.dates[d.id] = { v: "", t }; });
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
    const head = [T.head_row, data.name, T.head_broken, T.head_warned, T.head_unknown, T.head_bad];
    const list = (a) => a.join(T.list_sep) || T.none;

    const batch = async (text, before) => {
      const my = ++job, lead = before || "";
      text = text.replace(/^\ufeff/, "");
      const reader = csvReader(text), first = reader.next().map((c) => c.trim());
      const cols = first.map((c) => data.dates.find((d) => d.column === c || d.label === c || (d.aliases || []).includes(c)));
      const blank = !/\S/.test(text), ledgerOnly = data.ledger_columns || [];
      const unknown = blank ? [] : first.filter((c, i) => c && !cols[i] && c !== data.name && !ledgerOnly.includes(c))
        .map((c) => fmt(T.unknown_column, { column: clip(c) }));
      const notes = unknown.slice(0, MAX_NOTES), nameAt = first.indexOf(data.name), stats = { broken: 0, warned: 0, bad: 0 };
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
            const dates = {}, bad = [];
            cols.forEach((d, j) => {
              if (!d) return;
              const [v, err] = parseCached(row[j] || "");
              if (!err) { if (v) dates[d.id] = v; return; }
              bad.push(d.column);
              if (notes.length < MAX_NOTES) notes.push(fmt(T.cell, { row: i, column: d.column, why: err })); else more++;
            });
            const found = evaluate(data.rules, dates), titles = (s) => data.rules.filter((r, k) => found[k].status === s).map((r) => r.title);
            const broken = titles("broken"), warned = titles("warning");
            stats.broken += broken.length > 0;
            stats.warned += !broken.length && warned.length > 0;
            stats.bad += bad.length > 0;
            out.push([String(i), clip((row[nameAt] || "").trim(), LIMITS.name) || fmt(T.row, { i }), list(broken), list(warned),
              String(found.filter((f) => f.status === "unknown").length), list(bad)]);
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
        summary = out.length ? fmt(T.batch, { n: out.length, ...stats }) : T.no_rows;
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
    $(".portal-dc__template").addEventListener("click", () =>
      download(T.template_name, "text/csv;charset=utf-8", csvText([[data.name, ...data.dates.map((d) => d.column)]])));
    exporter.addEventListener("click", () =>
      download(fmt(T.export_name, { edition: data.edition }), "text/csv;charset=utf-8",
        csvText([EXPORT_HEAD.map((c) => c || data.name), ...out])));
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
      for (const input of inputs) if (input !== document.activeElement) input.value = dateOf(value, input.dataset.date);
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

  (pk.blocks = pk.blocks || {}).datecheck = { selector: "[data-datecheck]", needs: ["store"], init };
  window.portalDatecheck = { evaluate, parse, addMonths };
  if (pk.start) pk.start();
})();
