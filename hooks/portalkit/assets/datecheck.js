/* Dossier date checker (/// datecheck | <edition>). Plain JavaScript, no framework.
 * The rules come from the block's JSON (rules/<edition>.yml), the form from its <template>.
 * The rule definitions are those of portalkit/datecheck/evaluate.py; both pass
 * tests/datecheck_vectors.yml. Starts on Material's document$, idempotent (data-ready); state in
 * localStorage under `${store}:datecheck:${edition}` as {v:1, dates, csv}. Nothing leaves the browser. */
(() => {
  "use strict";

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
  const FORMATS = "请写成 2026-05-18、2026/5/18 或 2026年5月18日";
  // "2026-05-18", "2026/5/18", "2026.5.18", "2026年5月18日", "20260518" → [iso] or ["", why].
  const parse = (raw) => {
    raw = String(raw == null ? "" : raw).trim();
    const s = raw.normalize("NFKC").replace(/\s+\d{1,2}:\d{2}(:\d{2})?$/, "").replace(/\s+/g, "");
    if (!s) return [""];
    const m = /^(\d{4})(?:([-/.])(\d{1,2})\2(\d{1,2})|年(\d{1,2})月(\d{1,2})日?|(\d{2})(\d{2}))$/.exec(s);
    if (!m) return ["", `无法识别“${raw}”：${FORMATS}。`];
    const y = +m[1], mo = +(m[3] || m[5] || m[7]), d = +(m[4] || m[6] || m[8]);
    if (y < 1900 || y > 2100) return ["", `“${raw}”的年份 ${y} 不对：应在 1900 至 2100 之间。`];
    if (mo < 1 || mo > 12) return ["", `“${raw}”不是有效日期：月份应为 1 至 12。`];
    if (d < 1 || d > last(y, mo)) return ["", `“${raw}”不是有效日期：${y}年${mo}月只有 ${last(y, mo)} 天。`];
    return [iso(y, mo, d)];
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

  // ---------------------------------------------------------------- CSV
  const csvRows = (text) => {
    const sep = /\t/.test(text.split("\n")[0]) ? "\t" : ",", rows = [[]];
    let cell = "", quoted = false;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (quoted) {
        if (c !== '"') cell += c;
        else if (text[i + 1] === '"') { cell += c; i++; } else quoted = false;
      } else if (c === '"' && !cell) quoted = true;
      else if (c === sep || c === "\n") {
        rows[rows.length - 1].push(cell);
        cell = "";
        if (c === "\n") rows.push([]);
      } else if (c !== "\r") cell += c;
    }
    rows[rows.length - 1].push(cell);
    return rows;
  };
  const csvText = (rows) => "\ufeff" + rows.map((r) => r.map((v) => /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v).join(",")).join("\r\n") + "\r\n";
  // A CSV saved by Chinese Excel is GBK, not UTF-8.
  const decode = (buf) => {
    try { return new TextDecoder("utf-8", { fatal: true }).decode(buf); } catch (e) { return new TextDecoder("gbk").decode(buf); }
  };

  // ---------------------------------------------------------------- page helpers
  const h = (tag, attrs, ...kids) => {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) if (v != null) k === "html" ? (el.innerHTML = v) : el.setAttribute(k, v);
    el.append(...kids.flat().filter((k) => k != null));
    return el;
  };
  const fmt = (s, ...a) => s.replace(/\{(\d)\}/g, (_, i) => a[i]);
  const download = (name, text) => {
    const a = h("a", { href: URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" })), download: name });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  };

  function init(root) {
    const data = JSON.parse(root.querySelector(":scope > .portal-data").content.textContent);
    const t = data.t, key = `${root.dataset.store}:datecheck:${data.edition}`;
    const $ = (sel) => root.querySelector(sel);
    const label = Object.fromEntries(data.dates.map((d) => [d.id, d.label]));
    let state = { v: 1, dates: {}, csv: "" };
    $(".portal-dc__static").remove();
    root.append($(".portal-dc__ui").content.cloneNode(true));
    const warn = () => { $(".portal-dc__storage").hidden = false; };
    const save = (k = key, v = JSON.stringify(state)) => { try { localStorage.setItem(k, v); } catch (e) { warn(); } };
    let raw = null;
    try { raw = localStorage.getItem(key); } catch (e) { warn(); }
    try {
      const saved = JSON.parse(raw);
      if (saved && saved.v === 1 && saved.dates) state = saved;
      else if (raw) throw 0;
    } catch (e) { save(`${key}:corrupt`, raw); } // unreadable: kept aside, never silently lost
    const inputs = [...root.querySelectorAll("[data-date]")];

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
      $(".portal-dc__summary").textContent = Object.keys(dates).length ? fmt(t.summary, n.broken, n.warning, n.met, n.unknown) : t.empty;
      const rank = Object.keys(n), order = found.map((f, i) => [f, data.rules[i]]).sort((x, y) => rank.indexOf(x[0].status) - rank.indexOf(y[0].status));
      const deadlines = found.map((f, i) => [f, data.rules[i]]).filter(([f, r]) => r.deadline && f.bound);
      $(".portal-dc__out").replaceChildren(
        deadlines.length ? h("p", {}, h("strong", {}, t.deadlines)) : "",
        deadlines.length ? h("ul", { class: "portal-dc__deadlines" }, deadlines.map(([f, r]) =>
          h("li", { "data-rule": r.id }, `${r.deadline}：${f.bound}`, f.ext ? fmt("（特殊情况 {0}）", f.ext) : ""))) : "",
        h("ol", { class: "portal-dc__list" }, order.map(([f, r]) => h("li", { "data-rule": r.id, "data-status": f.status },
          h("span", { class: "portal-dc__badge" }, t.status[f.status]), " ", h("strong", {}, r.title), "：",
          h("span", { html: r.html }), " ",
          f.status === "unknown" ? fmt(t.missing, [r.from, r.to].filter((id) => !dates[id]).map((id) => label[id]).join("、"))
            : fmt(r.detail, f.bound, f.ext) + "。",
          " ", h("a", { href: r.see }, t.see)))));
    };
    inputs.forEach((input) => {
      input.value = state.dates[input.dataset.date] || "";
      input.addEventListener("input", () => {
        state.dates[input.dataset.date] = input.value;
        save();
        check();
      });
      input.addEventListener("blur", check);
    });
    $(".portal-dc__reset").addEventListener("click", () => {
      if (inputs.some((i) => i.value) && !confirm("确定清空表单中已填的全部日期吗？")) return;
      inputs.forEach((input) => { input.value = ""; });
      state.dates = {};
      save();
      check();
      inputs[0].focus();
    });

    // ------------------------------------------------ a whole branch
    // out: one [row, name, broken titles, warning titles, rules not checkable, unreadable columns] per candidate
    const paste = $(".portal-dc__paste"), file = $(".portal-dc__file"), exporter = $(".portal-dc__export");
    let out = [];
    const cell = (c) => Array.isArray(c) ? c.join("；") || t.none : c;
    const batch = () => {
      const text = paste.value.replace(/^\ufeff/, ""), rows = csvRows(text), head = rows[0].map((c) => c.trim());
      const cols = head.map((c) => data.dates.find((d) => d.column === c || d.label === c));
      const notes = head.map((c, i) => c && !cols[i] && c !== data.name ? fmt(t.unknownColumn, c) : "").filter(Boolean);
      let summary = "";
      out = [];
      if (!text.trim()) notes.length = 0;
      else if (!cols.some(Boolean)) summary = t.noColumns;
      else {
        rows.forEach((row, i) => {
          if (!i || !row.some((c) => c.trim())) return;
          const dates = {}, bad = [], name = (row[head.indexOf(data.name)] || "").trim() || fmt(t.row, i + 1);
          cols.forEach((d, j) => {
            if (!d) return;
            const [v, err] = parse(row[j]);
            if (err) { bad.push(d.column); notes.push(fmt(t.cell, i + 1, d.column, err)); } else if (v) dates[d.id] = v;
          });
          const found = evaluate(data.rules, dates), titles = (s) => data.rules.filter((r, k) => found[k].status === s).map((r) => r.title);
          out.push([String(i + 1), name, titles("broken"), titles("warning"), String(titles("unknown").length), bad]);
        });
        const count = (test) => out.filter(test).length;
        summary = out.length ? fmt(t.batch, out.length, count((r) => r[2].length), count((r) => !r[2].length && r[3].length), count((r) => r[5].length)) : t.noRows;
      }
      exporter.hidden = !out.length;
      $(".portal-dc__bsum").textContent = summary;
      $(".portal-dc__batch").replaceChildren(
        notes.length ? h("ul", { class: "portal-dc__problems" }, notes.map((n) => h("li", {}, n))) : "",
        out.length ? h("table", {}, h("thead", {}, h("tr", {}, t.head.map((c) => h("th", { scope: "col" }, c)))),
          h("tbody", {}, out.map((r) => h("tr", { "data-row": r[0], "data-broken": r[2].length }, r.map((c) => h("td", {}, cell(c))))))) : "");
    };
    const run = () => { state.csv = paste.value; save(); batch(); };
    paste.addEventListener("input", () => { state.csv = paste.value; save(); });
    $(".portal-dc__run").addEventListener("click", run);
    $(".portal-dc__open").addEventListener("click", () => file.click());
    file.addEventListener("change", () => {
      const f = file.files[0];
      file.value = "";
      if (f) f.arrayBuffer().then((buf) => { paste.value = decode(buf); run(); $(".portal-dc__bsum").prepend(fmt(t.read, f.name)); });
    });
    $(".portal-dc__template").addEventListener("click", () => download(t.template, csvText([[data.name, ...data.dates.map((d) => d.column)]])));
    exporter.addEventListener("click", () => download(t.export, csvText([t.head, ...out.map((r) => r.map(cell))])));
    $(".portal-dc__clear").addEventListener("click", () => {
      if (!confirm(t.clear)) return;
      try { Object.keys(localStorage).forEach((k) => k.startsWith(key) && localStorage.removeItem(k)); } catch (e) { warn(); }
      state = { v: 1, dates: {}, csv: "" };
      inputs.forEach((input) => { input.value = ""; });
      paste.value = "";
      check();
      batch();
    });
    paste.value = state.csv || "";
    check();
    batch();
  }

  const start = () => document.querySelectorAll("[data-datecheck]:not([data-ready])").forEach((root) => {
    root.setAttribute("data-ready", "");
    root.classList.add("portal-js");
    try { init(root); } catch (e) { console.error("portal datecheck:", e); }
  });
  window.portalDatecheck = { evaluate, parse, addMonths };
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(start);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
