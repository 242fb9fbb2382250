/* Shared page helpers of the portal runtime and its start-up.
 *
 * Each block module (quiz.js, checklist.js, …) registers itself in `portalKit.blocks` and
 * calls `portalKit.start()`; scripts may arrive in any order (instant navigation inserts them
 * without waiting), so a block starts once the modules it needs are all there. Start-up runs
 * on Material's document$ and is idempotent: a root that is already running is left alone. */
(() => {
  "use strict";
  const pk = (window.portalKit = window.portalKit || {});
  if (pk.ui) return;

  // Interface text comes from the site's message catalog (portalkit/i18n.py), once per page, and
  // reaches each block as its data's `t`: `t.ui` holds the strings of these helpers, `t.<module>`
  // a module's.
  // A message fills named fields, `{n}`, as the Python side does.
  const fmt = (message, fields) => String(message == null ? "" : message)
    .replace(/\{\{|\}\}|\{(\w+)\}/g, (m, k) => (k == null ? m[0] : fields && k in fields ? fields[k] : m));
  // The same, as a list of text and nodes for h(): fields may be elements.
  const parts = (message, fields) => String(message == null ? "" : message).split(/\{(\w+)\}/)
    .map((x, i) => (i % 2 ? (fields && x in fields ? fields[x] : `{${x}}`) : x)).filter((x) => x !== "");
  // The strings of a root: those of its own data, or of the block it stands in.
  const textsOf = (root) => {
    for (let el = root; el; el = el.parentElement) if (el._portalT) return el._portalT;
    return {};
  };
  const uiText = (root) => textsOf(root).ui || {};

  const h = (tag, attrs, ...kids) => {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v == null || v === false) continue;
      // `html` only ever receives markup the build sanitized (see portalkit/richtext.py).
      if (k === "html") el.innerHTML = v;
      else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
      else if (k === "class") el.className = v;
      else el.setAttribute(k, v === true ? "" : v);
    }
    for (const kid of kids.flat(Infinity)) if (kid != null && kid !== false) el.append(kid);
    return el;
  };
  // replaceChildren() would print null/false as text and does not flatten arrays.
  const fill = (el, ...kids) => el.replaceChildren(...kids.flat(Infinity).filter((k) => k != null && k !== false));
  const button = (label, onclick, cls, attrs) =>
    h("button", { type: "button", class: "md-button " + (cls || ""), onclick, ...attrs }, label);
  const live = () => h("div", { class: "portal-live", "aria-live": "polite", role: "status" });
  // A page's interface text stands once, before its first block that needs each area:
  // <template class="portal-text" data-area="quiz">{"quiz": {…}}</template> (portalkit/runtime_data.py).
  const parsedText = new WeakMap();
  const pageText = (root) => {
    const t = {};
    for (const el of (root.ownerDocument || document).querySelectorAll("template.portal-text")) {
      if (!parsedText.has(el)) {
        let words = {};
        try { words = JSON.parse(el.content.textContent); } catch (e) { /* the build writes valid JSON */ }
        parsedText.set(el, words);
      }
      Object.assign(t, parsedText.get(el));
    }
    return t;
  };
  const dataOf = (root) => {
    const data = JSON.parse(root.querySelector(":scope > .portal-data").content.textContent);
    if (!data.t) data.t = pageText(root);
    root._portalT = data.t;
    return data;
  };
  const today = () => new Date().toISOString().slice(0, 10);

  const download = (name, type, body) => {
    const url = URL.createObjectURL(new Blob([body], { type }));
    const a = h("a", { href: url, download: name });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  const safeName = (name) => name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, "_").slice(0, 150);

  // CSV that Excel and WPS open safely: a cell that starts with = + - @ tab or CR would be a
  // formula, so it gets a leading apostrophe (OWASP "CSV injection"); the text stays readable,
  // and the report reader removes the apostrophe again.
  const csvCell = (v) => {
    let s = v == null ? "" : String(v);
    if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  // BOM + CRLF: Excel then opens the Chinese text correctly.
  const csvText = (rows) => "\ufeff" + rows.map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";

  // One way to write an organisation's name, so 第三党支部 is not counted three ways. The same
  // steps as portalkit/report/text.py normalize_org (shared vectors in tests/report_vectors):
  // control characters and invisible ones (bidi controls, zero-width) dropped, NFKC (full-width letters, digits, spaces made plain), trimmed,
  // whitespace between CJK characters removed, other runs of whitespace made one space.
  // Returns "" for no name (the report writes that as 未注明).
  const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]|[\ud800-\udfff]/gu;
  const WS = "\\t\\n\\x0b\\x0c\\r \\u00a0\\u1680\\u2000-\\u200b\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff";
  const CJK = "\\u2e80-\\u2fff\\u3001-\\u303f\\u3040-\\u9fff\\uf900-\\ufaff\\u{20000}-\\u{3ffff}";
  const WS_EDGES = new RegExp(`^[${WS}]+|[${WS}]+$`, "gu");
  const WS_BETWEEN_CJK = new RegExp(`(?<=[${CJK}])[${WS}]+(?=[${CJK}])`, "gu");
  const WS_RUN = new RegExp(`[${WS}]+`, "gu");
  const INVISIBLE = /[\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/gu; // bidi controls, zero-width
  const cleanText = (s) => String(s).replace(CONTROL, "");
  const normalizeOrg = (s) => typeof s !== "string" ? ""
    : cleanText(s).replace(INVISIBLE, "").normalize("NFKC").replace(WS_EDGES, "").replace(WS_BETWEEN_CJK, "").replace(WS_RUN, " ");

  const banner = (root, message, cls, ...extra) => {
    let el = root.querySelector(`:scope > .${cls}`);
    if (!el) root.prepend((el = h("div", { class: `portal-banner ${cls}`, role: "alert" })));
    fill(el, h("p", {}, message), extra);
    return el;
  };
  // Shown while saving fails; gone again once a save succeeds.
  const storageWarning = (root) => {
    if (pk.store.failed) banner(root, uiText(root).no_storage, "portal-banner--storage");
    else root.querySelector(":scope > .portal-banner--storage")?.remove();
  };
  // What a record's schema set aside: say so once, and let the reader download the original.
  const recordProblem = (root, record) => {
    const p = record.problem;
    if (!p) return;
    const T = uiText(root);
    banner(root, fmt(T.set_aside, { n: p.setAside }) + (p.kept ? T.kept_copy : T.lost_copy), "portal-banner--corrupt",
      button(T.download, () => download(`${record.key.replace(/[^\w-]+/g, "_")}.json`, "application/json", p.copy), "portal-download-corrupt"));
  };
  const privacyBar = (root, T = uiText(root)) => h("p", { class: "portal-privacy" }, T.privacy + " ",
    button(T.clear, () => {
      if (!confirm(T.clear_confirm)) return;
      pk.store.clear(root.dataset.store + ":");
      location.reload();
    }, "portal-clear"));

  // ------------------------------------------------------------------ start-up
  pk.blocks = pk.blocks || {};
  // a block's needs: the runtime's parts (store, dates) and other blocks (quiz)
  const loaded = (name) => name === "ui" || !!pk[name] || !!pk.blocks[name];
  pk.start = () => {
    for (const block of Object.values(pk.blocks)) {
      if (!(block.needs || []).every(loaded)) continue;
      document.querySelectorAll(`${block.selector}:not([data-ready])`).forEach((root) => {
        root.setAttribute("data-ready", "");
        root.classList.add("portal-js");
        try { block.init(root); } catch (e) { console.error("portal:", e); }
      });
    }
  };
  // The key under which spellings of one organisation meet (report/text.py org_key): the
  // normalised name with every number in Arabic digits without leading zeros, and no spaces
  // (第3党支部 = 第三党支部 = 第 03 党支部). Only for matching; names are shown as written.
  const CN_DIGIT = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
  const CN_UNIT = { 十: 10, 百: 100, 千: 1000 };
  const cnValue = (run) => {
    const chars = [...run];
    if (!chars.some((c) => c in CN_UNIT)) return chars.map((c) => CN_DIGIT[c]).join("").replace(/^0+(?=\d)/, "");
    let total = 0, current = 0;
    for (const c of chars) {
      if (c in CN_UNIT) { total += (current || 1) * CN_UNIT[c]; current = 0; } else current = CN_DIGIT[c];
    }
    return String(total + current);
  };
  const orgKey = (s) => (normalizeOrg(s) || "未注明").replace(/[零〇一二两三四五六七八九十百千]+/g, cnValue)
    .replace(/[0-9]+/g, (d) => d.replace(/^0+(?=\d)/, "")).replace(WS_RUN, "");

  pk.ui = { fmt, parts, textsOf, h, fill, normalizeOrg, orgKey, cleanText, button, live, dataOf, today, download, safeName, csvCell, csvText, banner, storageWarning,
    recordProblem, privacyBar };
  // One listener for the whole visit: blocks come and go with instant navigation.
  window.addEventListener("beforeprint", () =>
    document.querySelectorAll(".portal-js").forEach((root) => root._portalPrint && root._portalPrint()));
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(pk.start);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", pk.start);
  else pk.start();
})();
