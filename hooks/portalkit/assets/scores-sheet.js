/* The answer sheet (paper's {bank}-答题卡.xlsx) as the /// scores page reads it: the twin of
 * portalkit/scores/answer_sheet.py (the sheet 试卷信息 says which question each number is and the
 * order its options were printed in; each row of 答题卡 becomes an attempt in the runtime's answer
 * shape). Loaded by scores.js with sheets.js once a sheet is chosen. */
(() => {
  "use strict";
  const pk = (window.portalKit = window.portalKit || {});
  if (pk.scoresSheet) return;
  const META_COLUMNS = ["试卷", "题号", "题库", "题目", "指纹", "分值", "题型", "印刷顺序"];
  const TYPES = ["single", "multiple", "truefalse", "blank", "order", "match"];
  const TRUE_WORDS = new Set(["正确", "对", "是", "√", "✓", "✔", "T", "TRUE", "Y", "YES", "A"]);
  const FALSE_WORDS = new Set(["错误", "错", "否", "×", "✗", "✘", "F", "FALSE", "N", "NO", "B", "X"]);
  const clean = (v) => String(v == null ? "" : v).normalize("NFKC").trim();
  // A cell → [the runtime's answer, readable]; blank: [null, true].
  const toAnswer = (slot, value) => {
    const text = clean(value);
    if (text === "") return [null, true];
    const n = slot.printed.length;
    if (slot.type === "single" || slot.type === "multiple" || slot.type === "match") {
      const letters = text.replace(/[\s,，、;；\/]+/gu, "").toUpperCase();
      if (!/^[A-Z]+$/.test(letters) || [...letters].some((c) => c.charCodeAt(0) - 65 >= n)) return [null, false];
      const texts = [...letters].map((c) => slot.printed[c.charCodeAt(0) - 65]);
      if (slot.type === "single") return texts.length === 1 ? [texts[0], true] : [null, false];
      if (slot.type === "multiple") return [[...new Set(texts)], new Set(texts).size === texts.length];
      return [texts, true];
    }
    if (slot.type === "truefalse") {
      const word = text.toUpperCase();
      if (TRUE_WORDS.has(word)) return [true, true];
      if (FALSE_WORDS.has(word)) return [false, true];
      return [null, false];
    }
    if (slot.type === "order") {
      const digits = /\D/.test(text) ? (text.match(/\d+/g) || []).map(Number) : [...text].map(Number);
      const sorted = digits.slice().sort((a, b) => a - b);
      if (sorted.length !== n || sorted.some((d, i) => d !== i + 1)) return [null, false];
      const order = new Array(n).fill("");
      slot.printed.forEach((item, i) => { order[digits[i] - 1] = item; });
      return [order, true];
    }
    return [text, true];
  };
  // grids → {bank, attempts: [result-like], notes: [[row, number]]}, or throws an Error whose message is a catalog key
  const readSheet = (grids) => {
    const meta = grids.find((g) => g.name === "试卷信息");
    if (!meta) throw new Error("sheet_no_meta");
    const values = {}, slots = new Map();
    let inTable = false;
    for (const [, cells] of meta.rows) {
      if (!inTable) {
        if (META_COLUMNS.every((c, i) => String(cells[i]) === c)) inTable = true;
        else if (cells.length >= 2) values[String(cells[0])] = cells[1];
        continue;
      }
      let printed;
      try { printed = JSON.parse(String(cells[7] || "[]")); } catch (e) { throw new Error("sheet_bad_meta"); }
      if (!Array.isArray(printed) || !printed.every((x) => typeof x === "string") || !TYPES.includes(String(cells[6]))) throw new Error("sheet_bad_meta");
      slots.set(`${cells[0]}\u0000${Number(cells[1])}`, { variant: String(cells[0]), number: Number(cells[1]), bank: String(cells[2]), id: String(cells[3]), fp: String(cells[4]), type: String(cells[6]), printed });
    }
    if (values.format !== "portal-answer-sheet" || String(values.version) !== "1" || !slots.size) throw new Error("sheet_bad_meta");
    const grid = grids.find((g) => g.name === "答题卡");
    const header = grid && window.portalSheets.findHeader(grid, { 姓名: ["name", "learner"], 党组织: ["organisation", "organization", "org", "party organisation"], 试卷: ["paper", "variant", "卷别"] }, ["姓名"]);
    if (!header) throw new Error("sheet_no_header");
    const numbers = new Map();
    const headRow = grid.rows.find(([r]) => r === header.row)[1];
    headRow.forEach((c, i) => { const t = clean(c); if (/^\d+$/.test(t)) numbers.set(Number(t), i); });
    const variants = [...new Set([...slots.values()].map((x) => x.variant))].sort();
    const ordered = [...slots.values()].sort((a, b) => (a.variant < b.variant ? -1 : a.variant > b.variant ? 1 : a.number - b.number));
    const cellOf = (cells, i) => (i == null || i >= cells.length ? "" : cells[i]);
    const attempts = [], notes = [];
    for (const [row, cells] of grid.rows) {
      if (row <= header.row) continue;
      const name = clean(cellOf(cells, header.index["姓名"]));
      if (!name) continue;
      const org = clean(cellOf(cells, header.index["党组织"]));
      const variant = clean(cellOf(cells, header.index["试卷"])) || (variants.length === 1 ? variants[0] : "");
      if (!variants.includes(variant)) { notes.push([row, 0]); continue; }
      const questions = [];
      for (const slot of ordered) {
        if (slot.variant !== variant) continue;
        const [answer, readable] = toAnswer(slot, cellOf(cells, numbers.get(slot.number)));
        if (!readable) notes.push([row, slot.number]);
        questions.push({ bank: slot.bank, id: slot.id, fp: slot.fp, answer });
      }
      attempts.push({ row, r: { bank: String(values.bank), learner: { name, org }, questions, mode: "paper", started: null, handedIn: null } });
    }
    return { attempts, notes };
  };

  pk.scoresSheet = { readSheet, toAnswer };
})();
